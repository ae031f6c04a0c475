/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/session.c - error reporting and the .output/.once files of a
 * session. Output files are written atomically: to a temporary file beside
 * the target, renamed over it when complete. */
#define _GNU_SOURCE
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "render.h"

const char *const kgsh_mode_names[] = {"table", "line", "csv",      "tsv",
                                       "json",  "xml",  "ntriples", "turtle", NULL};

bool kgsh_mode_from_name(const char *name, kgsh_mode *out)
{
    for (int i = 0; kgsh_mode_names[i]; i++) {
        if (strcmp(name, kgsh_mode_names[i]) == 0) {
            *out = (kgsh_mode)i;
            return true;
        }
    }
    return false;
}

void kgsh_fail(kgsh_session *s, const char *fmt, ...)
{
    /* Messages quote the input ("unexpected character ...", names, file
     * names): its control characters are shown escaped, never sent to the
     * terminal. */
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL, *clean = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (msg)
        clean = kgsh_text_display(msg, strlen(msg));
    fflush(s->out);
    fprintf(stderr, "Error: %s\n", clean ? clean : msg ? msg : "out of memory");
    free(clean);
    free(msg);
    s->failures++;
}

void kgsh_note(kgsh_session *s, const char *fmt, ...)
{
    if (s->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fflush(s->out);
    fflush(stdout);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void kgsh_fail_kg(kgsh_session *s, const kg_error *err)
{
    if (err->status == KG_ERR_INTERRUPTED) {
        fflush(s->out);
        fputs("interrupted\n", stderr);
        s->failures++;
        return;
    }
    char buf[2048];
    kgsh_fail(s, "%s", kg_error_format(err, buf, sizeof buf));
}

struct kgsh_outfile {
    char *path; /* the target */
    char *tmp;  /* what is being written */
    bool once;
};

static void outfile_close(kgsh_session *s, bool keep)
{
    kgsh_outfile *o = s->outfile;
    if (!o)
        return;
    /* a device or FIFO written in place has nothing to sync or rename */
    bool ok = fflush(s->out) == 0 && (!o->tmp || fsync(fileno(s->out)) == 0);
    ok = fclose(s->out) == 0 && ok;
    s->out = stdout;
    s->outfile = NULL;
    if (keep && !ok)
        kgsh_fail(s, "cannot write %s: %s", o->path, strerror(errno));
    if (o->tmp && keep && ok && rename(o->tmp, o->path) != 0)
        kgsh_fail(s, "cannot rename %s to %s: %s", o->tmp, o->path, strerror(errno));
    else if (o->tmp && (!keep || !ok))
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    free(o);
}

bool kgsh_output_to(kgsh_session *s, const char *path, bool once)
{
    outfile_close(s, true);
    if (!path)
        return true;
    /* A device or FIFO (/dev/null, a pipe) is written in place: replacing
     * it by rename would put a regular file where it was. */
    struct stat st;
    bool in_place = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    kgsh_outfile *o = calloc(1, sizeof *o);
    if (!o || !(o->path = strdup(path)) ||
        (!in_place && asprintf(&o->tmp, "%s.XXXXXX", path) < 0)) {
        if (o)
            free(o->path);
        free(o);
        kgsh_fail(s, "out of memory");
        return false;
    }
    int fd = in_place ? open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                      : mkstemp(o->tmp); /* mode 0600 */
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp) {
        kgsh_fail(s, "cannot write %s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            if (o->tmp)
                unlink(o->tmp);
        }
        free(o->path);
        free(o->tmp);
        free(o);
        return false;
    }
    o->once = once;
    s->outfile = o;
    s->out = fp;
    return true;
}

void kgsh_output_statement_done(kgsh_session *s, bool ok)
{
    if (s->outfile && s->outfile->once)
        outfile_close(s, ok);
}

void kgsh_timer_done(kgsh_session *s, double start)
{
    fflush(s->out);
    fprintf(stderr, "Time: %.3f s\n", kgsh_seconds() - start);
}

double kgsh_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
