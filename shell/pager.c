/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/pager.c - buffers a result in memory and decides whether it goes
 * through $PAGER (when taller or wider than the terminal) or straight to
 * standard output. */
#define _GNU_SOURCE
#include "pager.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.h"
#include "render.h"

typedef struct pending {
    FILE *f;
    char *buf;
    size_t len;
} pending;

/* One buffered result at a time: commands do not nest their output. */
static pending current;

FILE *kgsh_pager_open(kgsh_session *s)
{
    if (!s->interactive || !s->pager || s->out != stdout || !s->tty_out || current.f)
        return s->out;
    current.f = open_memstream(&current.buf, &current.len);
    return current.f ? current.f : s->out;
}

/* Whether the text fits a rows x cols screen (leaving a line for the
 * prompt). */
static bool fits(const char *text, size_t len)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0)
        return true;
    size_t lines = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (kgsh_text_width(p, n) > ws.ws_col)
            return false;
        if (++lines >= ws.ws_row)
            return false;
        p += n + 1;
    }
    return true;
}

static bool run_pager(const char *text, size_t len)
{
    const char *pager = getenv("PAGER");
    if (!pager || !*pager)
        pager = "less -FRX";
    fflush(stdout);
    FILE *p = popen(pager, "w");
    if (!p)
        return false;
    /* the user may quit the pager early: a broken pipe is not an error */
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    fwrite(text, 1, len, p);
    int status = pclose(p);
    signal(SIGPIPE, old);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 127;
}

void kgsh_pager_close(kgsh_session *s, FILE *f)
{
    if (f != current.f || !f) {
        fflush(f);
        return;
    }
    fclose(current.f);
    /* Ctrl-C stopped the result: the rows shown so far are not worth a
     * pager (a streamed table may have buffered a great many) */
    if (kgsh_interrupted()) {
        free(current.buf);
        current = (pending){0};
        return;
    }
    if (fits(current.buf, current.len) || !run_pager(current.buf, current.len)) {
        fwrite(current.buf, 1, current.len, s->out);
        fflush(s->out);
    }
    free(current.buf);
    current = (pending){0};
}
