/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/pager.c - a result goes straight to standard output when it fits
 * the terminal, else through $PAGER, which starts at the first screenful
 * and gets the rest as it is rendered. */
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

/* The result being shown: held in memory while it fits the screen, then,
 * from the first write that makes it taller or wider, streamed to $PAGER,
 * so a long result starts paging after its first screenful instead of
 * being held whole. */
typedef struct paging {
    kgsh_session *s;
    FILE *f;            /* what the renderer writes to (fopencookie) */
    FILE *held_f;       /* the memory stream of held/held_len */
    char *held;
    size_t held_len;
    FILE *pager;        /* the pager's pipe, once the result outgrew the screen */
    void (*old_sigpipe)(int);
} paging;

/* One result at a time: commands do not nest their output. */
static paging current;

static bool fits(const char *text, size_t len);
static FILE *start_pager(void);

/* The cookie's write: into the pager once it runs, else held, starting
 * the pager when held no longer fits (or holding on to everything when
 * no pager can start, as before). */
static ssize_t paging_write(void *cookie, const char *data, size_t len)
{
    paging *pg = cookie;
    if (pg->pager)
        return fwrite(data, 1, len, pg->pager) == len ? (ssize_t)len : -1;
    if (fwrite(data, 1, len, pg->held_f) != len || fflush(pg->held_f) != 0)
        return -1;
    if (fits(pg->held, pg->held_len) || !(pg->pager = start_pager()))
        return (ssize_t)len;
    pg->old_sigpipe = signal(SIGPIPE, SIG_IGN); /* the user may quit the pager early */
    fwrite(pg->held, 1, pg->held_len, pg->pager);
    return (ssize_t)len; /* written (to the pager now): a closed pager is no error */
}

FILE *kgsh_pager_open(kgsh_session *s)
{
    if (!s->interactive || !s->pager || s->out != stdout || !s->tty_out || current.f)
        return s->out;
    current = (paging){.s = s};
    current.held_f = open_memstream(&current.held, &current.held_len);
    cookie_io_functions_t io = {.write = paging_write};
    current.f = current.held_f ? fopencookie(&current, "w", io) : NULL;
    if (!current.f) {
        if (current.held_f)
            fclose(current.held_f);
        free(current.held);
        current = (paging){0};
        return s->out;
    }
    return current.f;
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

/* Whether the command's program (its first word) can be run: a pager that
 * is not installed must not swallow the output it was handed (the shell
 * popen starts would only say so by exiting 127, too late). */
static bool program_exists(const char *command)
{
    size_t n = strcspn(command, " \t");
    char *name = strndup(command, n);
    bool found = false;
    if (name && strchr(name, '/')) {
        found = access(name, X_OK) == 0;
    } else if (name) {
        const char *path = getenv("PATH");
        for (const char *dir = path ? path : "/usr/bin:/bin"; !found && *dir;) {
            size_t len = strcspn(dir, ":");
            char *full = NULL;
            if (asprintf(&full, "%.*s/%s", (int)len, len ? dir : ".", name) >= 0)
                found = access(full, X_OK) == 0;
            free(full);
            dir += len + (dir[len] == ':');
        }
    }
    free(name);
    return found;
}

static FILE *start_pager(void)
{
    const char *pager = getenv("PAGER");
    if (!pager || !*pager)
        pager = "less -FRX";
    if (!program_exists(pager))
        return NULL;
    fflush(stdout);
    return popen(pager, "w");
}

void kgsh_pager_close(kgsh_session *s, FILE *f)
{
    if (f != current.f || !f) {
        fflush(f);
        return;
    }
    fclose(current.f); /* writes what the renderer still buffered */
    fclose(current.held_f);
    if (current.pager) {
        pclose(current.pager);
        signal(SIGPIPE, current.old_sigpipe);
    } else {
        /* it fits the screen (or no pager could start): shown as it is,
         * also as far as an interrupted statement got */
        fwrite(current.held, 1, current.held_len, s->out);
        fflush(s->out);
    }
    free(current.held);
    current = (paging){0};
}
