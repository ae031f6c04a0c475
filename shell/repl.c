/* shell/repl.c - the readline loop and scripts: lines go through the
 * statement assembler (input.h), finished statements and dot-commands run.
 *
 * The interactive loop uses readline's callback interface around select(),
 * so that Ctrl-C (which interrupts select: the handler has no SA_RESTART)
 * can clear the line and any pending statement without longjmp. */
#define _GNU_SOURCE
#include "repl.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "commands.h"
#include "complete.h"
#include "input.h"
#include "interrupt.h"
#include "render.h"
#include "run.h"

/* ------------------------------------------------------------- lines */

typedef struct reader {
    kgsh_session *s;
    kgsh_assembler a;
    kgsh_origin origin; /* script name and current line number */
    bool ok;            /* nothing failed yet */
    bool history;       /* add finished statements to the history */
} reader;

static bool history_safe(const char *text);

static void remember(reader *r, const char *text)
{
    if (r->history && history_safe(text))
        add_history(text);
}

static void run_command(reader *r, const char *line)
{
    kgsh_session *s = r->s;
    remember(r, line);
    const void *before = s->outfile;
    bool ok = kgsh_command_run(s, line);
    if (s->outfile == before)
        kgsh_output_statement_done(s, ok);
    r->ok = r->ok && ok;
}

/* Runs the pending statement: text_len bytes of the buffer. */
static void run_pending(reader *r, size_t text_len)
{
    kgsh_session *s = r->s;
    remember(r, r->a.buf);
    kgsh_origin origin = {r->origin.name, r->a.first_line};
    bool ok = kgsh_run_statement(s, r->a.buf, text_len, &origin);
    kgsh_output_statement_done(s, ok);
    r->ok = r->ok && ok;
    kgsh_assembler_reset(&r->a);
}

/* One line of input (without its newline). */
static void feed_line(reader *r, const char *line, size_t n)
{
    kgsh_session *s = r->s;
    if (!kgsh_utf8_valid(line, n)) {
        kgsh_fail(s, "line %lu is not valid UTF-8; the statement is dropped", r->origin.line);
        kgsh_assembler_reset(&r->a);
        r->ok = false;
        return;
    }
    size_t at = 0;
    switch (kgsh_assembler_feed(&r->a, line, n, r->origin.line, &at)) {
    case KGSH_INPUT_MORE:
        break;
    case KGSH_INPUT_COMMAND:
        run_command(r, line + at);
        break;
    case KGSH_INPUT_STATEMENT:
        run_pending(r, at);
        break;
    case KGSH_INPUT_TOO_LONG:
        kgsh_fail(s, "statement at line %lu is longer than %u bytes; dropped", r->a.first_line,
                  KGSH_MAX_STATEMENT);
        r->ok = false;
        break;
    case KGSH_INPUT_NOMEM:
        kgsh_fail(s, "out of memory");
        r->ok = false;
        break;
    }
}

/* At the end of a script, the pending statement runs. */
static void finish(reader *r)
{
    if (r->a.content && !r->a.skipping && !r->s->quit)
        run_pending(r, r->a.len);
    kgsh_assembler_free(&r->a);
}

static bool should_stop(reader *r)
{
    return r->s->quit || kgsh_interrupted() || (!r->ok && r->s->bail);
}

/* ------------------------------------------------------------ scripts */

bool kgsh_run_stream(kgsh_session *s, FILE *in, const char *name)
{
    reader r = {.s = s, .origin = {name, 0}, .ok = true};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!should_stop(&r) && (n = getline(&line, &cap, in)) >= 0) {
        r.origin.line++;
        if (n > 0 && line[n - 1] == '\n')
            n--;
        if ((size_t)n >= KGSH_MAX_STATEMENT) {
            kgsh_fail(s, "%s:%lu: line longer than %u bytes; dropped", name, r.origin.line,
                      KGSH_MAX_STATEMENT);
            r.ok = false;
            continue;
        }
        feed_line(&r, line, (size_t)n);
    }
    free(line);
    if (!should_stop(&r))
        finish(&r);
    else
        kgsh_assembler_free(&r.a);
    return r.ok;
}

bool kgsh_run_file(kgsh_session *s, const char *path)
{
    if (s->read_depth >= 16) {
        kgsh_fail(s, "%s: .read nested too deeply", path);
        return false;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        kgsh_fail(s, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    s->read_depth++;
    bool ok = kgsh_run_stream(s, f, path);
    s->read_depth--;
    fclose(f);
    return ok;
}

bool kgsh_run_command(kgsh_session *s, const char *text)
{
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '.') {
        reader r = {.s = s, .ok = true};
        run_command(&r, p);
        return r.ok;
    }
    /* the whole argument is one statement; a final ';' may end it */
    size_t len = kgsh_statement_length(text, strlen(text));
    if (!kgsh_utf8_valid(text, len)) {
        kgsh_fail(s, "the statement is not valid UTF-8");
        return false;
    }
    bool ok = kgsh_run_statement(s, text, len, NULL);
    kgsh_output_statement_done(s, ok);
    return ok;
}

/* ------------------------------------------------------------ history */

/* Lines starting with a space, and anything that looks like a password or
 * credentials in a URL, stay out of the history file. */
static bool history_safe(const char *text)
{
    if (!*text || isspace((unsigned char)*text))
        return false;
    static const char *const secrets[] = {"password", "passwd", "secret", "token", NULL};
    for (const char *const *w = secrets; *w; w++)
        if (strcasestr(text, *w))
            return false;
    for (const char *p = strstr(text, "://"); p; p = strstr(p + 3, "://")) {
        size_t host = strcspn(p + 3, "/ \t\n>\"");
        const char *at = memchr(p + 3, '@', host);
        if (at && memchr(p + 3, ':', (size_t)(at - (p + 3))))
            return false;
    }
    return true;
}

static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            int rc = mkdir(path, 0700);
            *p = '/';
            if (rc != 0 && errno != EEXIST)
                return false;
        }
    }
    return true;
}

char *kgsh_history_path(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char *path = NULL;
    if (state && *state == '/')
        path = asprintf(&path, "%s/kgsh/history", state) < 0 ? NULL : path;
    else if (home && *home)
        path = asprintf(&path, "%s/.local/state/kgsh/history", home) < 0 ? NULL : path;
    if (path && !make_dirs(path)) {
        free(path);
        return NULL;
    }
    return path;
}

/* Writes the history to a temporary file (mode 0600) and renames it into
 * place, so a crash never leaves a half-written history. */
static void save_history(const char *path)
{
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.%ld.tmp", path, (long)getpid()) < 0)
        return;
    mode_t old = umask(077);
    if (write_history(tmp) == 0 && chmod(tmp, 0600) == 0)
        rename(tmp, path);
    else
        unlink(tmp);
    umask(old);
    free(tmp);
}

/* ------------------------------------------------------------ readline */

static char *got_line;
static bool got;

static void on_line(char *line)
{
    got_line = line;
    got = true;
    rl_callback_handler_remove();
}

typedef enum read_result { READ_LINE, READ_EOF, READ_INTERRUPT } read_result;

/* Reads one line. SIGINT stays blocked except inside pselect, so a Ctrl-C
 * that arrives while readline is busy (say, completing) is seen at the
 * next wait instead of being lost. */
static read_result read_line(const char *prompt, char **out)
{
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &orig);
    got = false;
    got_line = NULL;
    rl_callback_handler_install(prompt, on_line);
    read_result result = READ_LINE;
    while (!got) {
        if (kgsh_interrupted()) {
            kgsh_interrupt_clear();
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_replace_line("", 0);
            rl_callback_handler_remove();
            fputs("^C\n", rl_outstream);
            fflush(rl_outstream);
            result = READ_INTERRUPT;
            break;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(rl_instream), &fds);
        int rc = pselect(fileno(rl_instream) + 1, &fds, NULL, NULL, NULL, &orig);
        if (rc < 0 && errno != EINTR) {
            rl_callback_handler_remove();
            result = READ_EOF;
            break;
        }
        if (rc > 0)
            rl_callback_read_char();
    }
    sigprocmask(SIG_SETMASK, &orig, NULL);
    if (result == READ_LINE) {
        *out = got_line;
        result = got_line ? READ_LINE : READ_EOF;
    }
    return result;
}

void kgsh_repl(kgsh_session *s)
{
    char *path = kgsh_history_path();
    using_history();
    stifle_history(2000);
    /* multi-line statements are one entry each: with timestamps written,
     * readline reads the lines up to the next timestamp back as one entry */
    history_comment_char = '#';
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    if (path)
        read_history(path);
    rl_catch_signals = 0; /* our SIGINT handler; see read_line */
    kgsh_complete_init(s);
    reader r = {.s = s, .ok = true, .history = true};
    printf("kgsh %s: %llu quads in %s%s. Type .help for help; end statements with ';'.\n",
           PACKAGE_VERSION, (unsigned long long)kg_store_size(s->store),
           kg_store_dir(s->store) ? kg_store_dir(s->store) : "memory",
           s->readonly ? " (read-only)" : "");
    while (!s->quit) {
        char *line = NULL;
        read_result rr = read_line(r.a.content ? "   ...> " : "kgsh> ", &line);
        if (rr == READ_EOF) {
            putchar('\n');
            break;
        }
        if (rr == READ_INTERRUPT) {
            kgsh_assembler_reset(&r.a);
            r.a.skipping = false;
            continue;
        }
        size_t n = strlen(line);
        if (n >= KGSH_MAX_STATEMENT) {
            kgsh_fail(s, "the line is longer than %u bytes; dropped", KGSH_MAX_STATEMENT);
        } else {
            /* a statement recalled from the history holds several lines */
            for (char *p = line, *nl; p && !s->quit; p = nl ? nl + 1 : NULL) {
                nl = strchr(p, '\n');
                r.origin.line++;
                feed_line(&r, p, nl ? (size_t)(nl - p) : strlen(p));
            }
        }
        free(line);
        kgsh_interrupt_clear();
    }
    kgsh_assembler_free(&r.a);
    if (path)
        save_history(path);
    free(path);
}
