/* SPDX-License-Identifier: LGPL-2.1-or-later */
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
#include <strings.h>
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
    /* a setting between .once and its statement leaves the .once pending */
    if (s->outfile == before && !kgsh_command_is_setting(line))
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

/* "help", "exit" or "quit" alone on a line (a final ';' allowed), as psql
 * takes them: the dot-command they mean, or NULL. No SPARQL statement or
 * continuation line is one bare word without a colon. */
static const char *bare_word(const char *line, size_t n)
{
    static const char *const words[][2] = {{"help", ".help"}, {"exit", ".quit"}, {"quit", ".quit"}};
    while (n > 0 && (isspace((unsigned char)line[n - 1]) || line[n - 1] == ';'))
        n--;
    while (n > 0 && isspace((unsigned char)*line))
        line++, n--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (n == strlen(words[i][0]) && strncasecmp(line, words[i][0], n) == 0)
            return words[i][1];
    return NULL;
}

/* A line typed at the continuation prompt that reads as a dot-command: one
 * naming a command, followed by a blank or nothing. */
static bool looks_like_command(const char *line, size_t n)
{
    while (n > 0 && isspace((unsigned char)*line))
        line++, n--;
    if (n < 2 || line[0] != '.' || !isalpha((unsigned char)line[1]))
        return false;
    char name[32];
    size_t len = 1;
    while (len < n && (isalpha((unsigned char)line[len]) || line[len] == '-'))
        len++;
    if (len < n && !isspace((unsigned char)line[len]))
        return false;
    if (len - 1 >= sizeof name)
        return false;
    memcpy(name, line + 1, len - 1);
    name[len - 1] = '\0';
    return kgsh_command_find(name, NULL) != NULL;
}

/* At the continuation prompt, a command or bare word is not run: the
 * pending statement would swallow it or be lost. Says so instead. */
static void pending_hint(reader *r, const char *what, size_t n)
{
    fflush(r->s->out);
    fprintf(stderr, "A statement is pending, so \"%.*s\" was not run: end the statement "
                    "with ';', or drop it with Ctrl-C, first.\n",
            (int)n, what);
}

/* One line of input (without its newline). */
static void feed_line(reader *r, const char *line, size_t n)
{
    kgsh_session *s = r->s;
    const char *word = bare_word(line, n);
    if (word && !r->a.content) {
        run_command(r, word);
        return;
    }
    if (r->history && r->a.content && (word || looks_like_command(line, n))) {
        pending_hint(r, line, n);
        return;
    }
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

enum { LINE_END = -1, LINE_TOO_LONG = -2, LINE_ERROR = -3 };

/* Reads one line of a script into *line, which never grows past
 * KGSH_MAX_STATEMENT + 2 bytes (getline would read a whole line of
 * /dev/zero first): its length without the newline, or LINE_END,
 * LINE_TOO_LONG (the rest of the line is left unread) or LINE_ERROR
 * (ENOMEM or a read error, errno set: never taken for the end). */
static ssize_t read_script_line(FILE *in, char **line, size_t *cap)
{
    size_t len = 0;
    int c;
    while ((c = getc(in)) != EOF && c != '\n') {
        if (len + 1 >= *cap) {
            if (*cap > KGSH_MAX_STATEMENT)
                return LINE_TOO_LONG;
            size_t grown = *cap ? *cap * 2 : 256;
            if (grown > KGSH_MAX_STATEMENT + 2)
                grown = KGSH_MAX_STATEMENT + 2;
            char *p = realloc(*line, grown);
            if (!p)
                return LINE_ERROR;
            *line = p;
            *cap = grown;
        }
        (*line)[len++] = (char)c; /* NUL bytes included, as getline keeps them */
    }
    if (c == EOF && ferror(in))
        return LINE_ERROR;
    if (c == EOF && len == 0)
        return LINE_END;
    if (*line)
        (*line)[len] = '\0';
    return (ssize_t)len;
}

bool kgsh_run_stream(kgsh_session *s, FILE *in, const char *name)
{
    reader r = {.s = s, .origin = {name, 0}, .ok = true};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool cut = false; /* stopped at a line that could not be read */
    while (!should_stop(&r) && (n = read_script_line(in, &line, &cap)) != LINE_END) {
        r.origin.line++;
        if (n == LINE_ERROR) {
            kgsh_fail(s, "%s:%lu: cannot read: %s", name, r.origin.line, strerror(errno));
            r.ok = false;
            cut = true;
            break;
        }
        if (n == LINE_TOO_LONG || (size_t)n >= KGSH_MAX_STATEMENT) {
            /* not a script (a binary file, /dev/zero): the rest is not read */
            kgsh_fail(s, "%s:%lu: line longer than %u bytes; stopped reading %s", name,
                      r.origin.line, KGSH_MAX_STATEMENT, name);
            r.ok = false;
            cut = true;
            break;
        }
        feed_line(&r, line, (size_t)n);
    }
    free(line);
    if (!should_stop(&r) && !cut)
        finish(&r);
    else
        kgsh_assembler_free(&r.a);
    if (r.ok && kgsh_interrupted()) {
        /* Ctrl-C between statements: nothing else said the script stopped */
        kgsh_fail(s, "%s: interrupted", name);
        r.ok = false;
    }
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
        if (kgsh_hung_up()) {
            rl_callback_handler_remove();
            result = READ_EOF;
            break;
        }
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
    bool warned_eof = false; /* Ctrl-D with a pending statement, once */
    printf("kgsh %s: %llu quads in %s%s. Type .help for help; end statements with ';'.\n",
           PACKAGE_VERSION, (unsigned long long)kg_store_size(s->store),
           kg_store_dir(s->store) ? kg_store_dir(s->store) : "memory",
           s->readonly ? " (read-only)" : "");
    while (!s->quit) {
        /* a Ctrl-C is for the statement or command it interrupted: each
         * prompt starts with none pending */
        kgsh_interrupt_clear();
        char *line = NULL, prompt[32];
        /* the continuation prompt shows what is open, as psql's (> and '> */
        snprintf(prompt, sizeof prompt, "   ...%s> ", kgsh_assembler_open(&r.a));
        kgsh_complete_set_pending(r.a.content ? r.a.buf : NULL);
        read_result rr = read_line(r.a.content ? prompt : "kgsh> ", &line);
        if (rr == READ_EOF && r.a.content && !warned_eof && !kgsh_hung_up()) {
            warned_eof = true;
            fputs("\nA statement is pending: end it with ';', drop it with Ctrl-C, or press "
                  "Ctrl-D again to leave without running it.\n",
                  stderr);
            continue;
        }
        if (rr == READ_EOF) {
            putchar('\n');
            break;
        }
        warned_eof = false;
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
