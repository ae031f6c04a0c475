/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/input.h - the shell's reading of typed text, with no I/O and no
 * session, so that it can be tested and fuzzed alone: assembling lines into
 * statements by the terminator rule, and splitting a dot-command's
 * arguments into words.
 *
 * Terminator rule: a statement ends at a line whose last significant
 * character (outside '#' comments) is ';' while no brace, bracket or
 * parenthesis is open and no string is; that ';' is dropped. Inside { } a
 * ';' separates predicate lists and so never ends a statement there.
 * Dot-commands are single lines, recognised only between statements. */
#ifndef KGSH_INPUT_H
#define KGSH_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Statements longer than this are refused rather than read on and on. */
#define KGSH_MAX_STATEMENT (1u << 20)

typedef struct kgsh_assembler {
    char *buf; /* the statement so far, lines joined with '\n'; owned */
    size_t len, cap;
    int depth;     /* open { [ ( */
    char open[32]; /* which of { [ ( is open at each depth (the first 32) */
    char quote;    /* the open string's quote character, or 0 */
    bool triple;   /* the open string is ''' or """ */
    bool content;  /* something other than comments and blanks was seen */
    bool skipping; /* an overlong statement is being dropped */
    unsigned long first_line;
} kgsh_assembler;

/* What one line did (kgsh_assembler_feed). */
typedef enum kgsh_input_event {
    KGSH_INPUT_MORE,      /* the statement goes on (or nothing to do) */
    KGSH_INPUT_COMMAND,   /* the line is a dot-command starting at *at */
    KGSH_INPUT_STATEMENT, /* buf's first *at bytes are a finished statement */
    KGSH_INPUT_TOO_LONG,  /* the statement passed KGSH_MAX_STATEMENT: dropped */
    KGSH_INPUT_NOMEM,
} kgsh_input_event;

/* Feeds one line (n bytes, without its newline; a final CR is ignored)
 * read at line number lineno. For KGSH_INPUT_STATEMENT the caller runs the
 * statement then calls kgsh_assembler_reset; first_line says where it
 * started. The line must be valid UTF-8 (the caller checks). */
kgsh_input_event kgsh_assembler_feed(kgsh_assembler *a, const char *line, size_t n,
                                     unsigned long lineno, size_t *at);

/* What the pending statement has open, innermost first, for the
 * continuation prompt: "{", "(", "[", a long string's quotes, or "". */
const char *kgsh_assembler_open(const kgsh_assembler *a);

/* Forgets the pending statement, keeping the buffer. */
void kgsh_assembler_reset(kgsh_assembler *a);

/* Frees the buffer; the assembler can be used again. */
void kgsh_assembler_free(kgsh_assembler *a);

/* The length of text (len bytes, one statement of any number of lines,
 * as given to -c) without a final terminating ';'. */
size_t kgsh_statement_length(const char *text, size_t len);

/* Splits p (modified in place) into words: quotes ' and " group words with
 * spaces. When rest_at > 0 the rest_at-th word is the rest of the line
 * (trimmed, one pair of enclosing quotes removed). Words go to argv[1..];
 * argv[0] is left alone. Returns the count including argv[0], max + 1 when
 * there are more than max - 1 words, or -1 for an unclosed quote. */
int kgsh_split_words(char *p, int rest_at, char **argv, int max);

#endif
