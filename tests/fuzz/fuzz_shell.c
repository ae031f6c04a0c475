/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_shell.c - fuzzes the shell's reading of typed text
 * (shell/input.c): lines assembled into statements by the terminator rule,
 * -c text trimmed of its final ';', and dot-command arguments split into
 * words. The input is the text of a script.
 *
 * Besides crashes it checks the module's promises: a finished statement
 * ends just before its ';', a statement's length never passes what was fed,
 * and every word lies inside the line it was split from. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "input.h"

static void split_command(const char *line, size_t n, int rest_at)
{
    char *copy = malloc(n + 1);
    if (!copy)
        abort();
    memcpy(copy, line, n);
    copy[n] = '\0';
    char *argv[8] = {"cmd"};
    int argc = kgsh_split_words(copy + 1, rest_at, argv, 8);
    if (argc < -1 || argc > 9)
        abort();
    for (int i = 1; i > 0 && i < argc && i < 8; i++)
        if (argv[i] < copy || argv[i] > copy + n)
            abort(); /* a word outside its line */
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (kgsh_statement_length(text, size) > size)
        abort();
    kgsh_assembler a = {0};
    int rest_at = size ? data[0] % 4 : 0;
    size_t fed = 0;
    unsigned long lineno = 0;
    for (size_t start = 0; start < size;) {
        const char *nl = memchr(text + start, '\n', size - start);
        size_t n = nl ? (size_t)(nl - (text + start)) : size - start;
        size_t at = 0;
        fed += n + 1;
        switch (kgsh_assembler_feed(&a, text + start, n, ++lineno, &at)) {
        case KGSH_INPUT_COMMAND:
            if (at >= n || text[start + at] != '.')
                abort();
            split_command(text + start + at, n - at, rest_at);
            break;
        case KGSH_INPUT_STATEMENT:
            if (at >= a.len || a.buf[at] != ';' || at > fed || a.first_line > lineno)
                abort();
            kgsh_assembler_reset(&a);
            break;
        case KGSH_INPUT_MORE:
        case KGSH_INPUT_TOO_LONG:
            if (a.len > fed)
                abort();
            break;
        case KGSH_INPUT_NOMEM:
            abort();
        }
        start += n + 1;
    }
    kgsh_assembler_free(&a);
    return 0;
}
