/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/main.c - kgsh's entry point: options, choosing and opening the
 * store (and filling a new default store with the bundled data), running
 * the session, and the exit status. */
#define _GNU_SOURCE
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "complete.h"
#include "ingest_cmd.h"
#include "interrupt.h"
#include "remote.h"
#include "repl.h"
#include "serve.h"
#include "session.h"
#include "usage.h"

#define MAX_COMMANDS 64

typedef struct options {
    const char *dir;
    const char *commands[MAX_COMMANDS]; /* -c TEXT, in order */
    int ncommands;
    const char *file;
    const char *format;
    const char *endpoint;
    const char *timeout, *max_memory, *load_memory; /* as given: checked by the commands */
    bool memory, readonly, bail, load_bundled, quiet;
    bool recover; /* kgsh check --recover: rebuild the manifest before opening */
    int subcommand_argc; /* kgsh COMMAND ARG...: a dot-command run once */
    char **subcommand_argv;
} options;

enum { OPT_MAN = 1000 };

static int usage_error(const char *problem)
{
    if (problem)
        fprintf(stderr, "kgsh: %s\n", problem);
    fputs("Try 'kgsh --help' for more information.\n", stderr);
    return KGSH_EXIT_USAGE;
}

/* Applies option c (as getopt_long returns it); returns -1 to go on, or an
 * exit status. */
static int apply_option(options *o, int c, char *arg)
{
    switch (c) {
    case 'd': o->dir = arg; break;
    case 'm': o->memory = true; break;
    case 'r': o->readonly = true; break;
    case 'c':
        if (o->ncommands == MAX_COMMANDS)
            return usage_error("too many -c options");
        o->commands[o->ncommands++] = arg;
        break;
    case 'f': o->file = arg; break;
    case 'F': o->format = arg; break;
    case 'E': o->endpoint = arg; break;
    case 'b': o->bail = true; break;
    case 'q': o->quiet = true; break;
    case 'T': o->timeout = arg; break;
    case 'M': o->max_memory = arg; break;
    case 'G': o->load_memory = arg; break;
    case 'L': o->load_bundled = true; break;
    case 'h': kgsh_usage(stdout); return KGSH_EXIT_OK;
    case 'V': printf("kgsh %s\n", PACKAGE_VERSION); return KGSH_EXIT_OK;
    case OPT_MAN: kgsh_usage_man(stdout); return KGSH_EXIT_OK;
    default: return usage_error(NULL);
    }
    return -1;
}

/* The kgsh option an argument after a subcommand names ("--format",
 * "--format=csv", "-q"), or NULL: the subcommand's own arguments ("--as")
 * are passed on untouched. */
static const kgsh_option *option_named(const char *arg, const char **value)
{
    *value = NULL;
    for (const kgsh_option *k = kgsh_options; k->long_name; k++) {
        size_t n = strlen(k->long_name);
        if (arg[0] == '-' && arg[1] == '-' && strncmp(arg + 2, k->long_name, n) == 0 &&
            (arg[2 + n] == '\0' || (arg[2 + n] == '=' && k->arg))) {
            *value = arg[2 + n] == '=' ? arg + 3 + n : NULL;
            return k;
        }
        if (k->short_name && arg[0] == '-' && arg[1] == k->short_name && arg[2] == '\0')
            return k;
    }
    return NULL;
}

/* kgsh graphs --format csv: kgsh's own options may follow the subcommand;
 * they are taken out of its arguments. */
static int subcommand_options(options *o)
{
    int kept = 1;
    char **argv = o->subcommand_argv;
    for (int i = 1; i < o->subcommand_argc; i++) {
        const char *value;
        const kgsh_option *k = option_named(argv[i], &value);
        if (!k) {
            argv[kept++] = argv[i];
            continue;
        }
        if (k->arg && !value) {
            if (i + 1 == o->subcommand_argc) {
                fprintf(stderr, "kgsh: option '%s' requires an argument\n", argv[i]);
                return usage_error(NULL);
            }
            value = argv[++i];
        }
        int rc = apply_option(o, k->id, (char *)value);
        if (rc >= 0)
            return rc;
    }
    o->subcommand_argc = kept;
    return -1;
}

/* The command kgsh COMMAND names exactly, with a valid argument count. */
static int check_subcommand(const options *o)
{
    const char *name = o->subcommand_argv[0];
    for (const kgsh_command *c = kgsh_commands; c->name; c++) {
        if (strcmp(c->name, name) != 0)
            continue;
        int n = o->subcommand_argc - 1;
        if (n >= c->min_args && n <= c->max_args)
            return -1;
        fprintf(stderr, "kgsh: usage: kgsh %s %s\n", c->name, c->synopsis);
        return usage_error(NULL);
    }
    fprintf(stderr, "kgsh: unknown command \"%s\"\n", name);
    return usage_error(NULL);
}

/* Parses argv; returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    struct option longs[32];
    char shorts[64] = "+";
    size_t n = 0, ns = 1;
    for (const kgsh_option *k = kgsh_options; k->long_name && n < 30; k++, n++) {
        longs[n] = (struct option){k->long_name, k->arg ? required_argument : no_argument, NULL,
                                   k->id};
        if (k->short_name) {
            shorts[ns++] = k->short_name;
            if (k->arg)
                shorts[ns++] = ':';
        }
    }
    longs[n++] = (struct option){"man", no_argument, NULL, OPT_MAN}; /* hidden: for kgsh.1 */
    longs[n] = (struct option){0};
    shorts[ns] = '\0';
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        int rc = apply_option(o, c, optarg);
        if (rc >= 0)
            return rc;
    }
    if (optind < argc) {
        o->subcommand_argc = argc - optind;
        o->subcommand_argv = argv + optind;
        o->recover = o->subcommand_argc == 2 && strcmp(argv[optind], "check") == 0 &&
                     strcmp(argv[optind + 1], "--recover") == 0 && !o->memory;
        /* kgsh serve reads its own options: its --timeout and --read-only
         * are the server's, not the shell's. */
        int rc = strcmp(o->subcommand_argv[0], "serve") == 0 ? -1 : subcommand_options(o);
        if (rc < 0)
            rc = check_subcommand(o);
        if (rc >= 0)
            return rc;
    }
    const char *problem = o->subcommand_argc && (o->ncommands || o->file)
                              ? "a command cannot be combined with -c or -f"
                          : o->ncommands && o->file ? "-c and -f cannot be used together"
                          : o->memory && o->dir     ? "--memory and -d cannot be used together"
                                                    : NULL;
    return problem ? usage_error(problem) : -1;
}

/* $XDG_DATA_HOME/kgsh/default, or ~/.local/share/kgsh/default. */
static char *default_store_dir(void)
{
    const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char *dir = NULL;
    if (data && *data == '/')
        return asprintf(&dir, "%s/kgsh/default", data) < 0 ? NULL : dir;
    if (home && *home)
        return asprintf(&dir, "%s/.local/share/kgsh/default", home) < 0 ? NULL : dir;
    return NULL;
}

/* Column widths need a UTF-8 locale for wcwidth; C.UTF-8 is always there
 * on Debian when the user's locale is not UTF-8. */
static void set_locale(void)
{
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

/* The store's directory: -d, $KGSH_STORE or the default; newly
 * allocated, NULL with --memory or when there is none. */
static char *store_dir(const options *o)
{
    const char *env = getenv("KGSH_STORE");
    if (o->memory)
        return NULL;
    return o->dir ? strdup(o->dir) : env && *env ? strdup(env) : default_store_dir();
}

static int open_store(kgsh_session *s, const options *o, bool *fresh_default)
{
    const char *env = getenv("KGSH_STORE");
    bool is_default = !o->memory && !o->dir && !(env && *env);
    char *dir = store_dir(o);
    if (!o->memory && !dir) {
        fputs("kgsh: no store: set HOME or KGSH_STORE, or use -d DIR or --memory\n", stderr);
        return KGSH_EXIT_STORE;
    }
    struct stat st;
    *fresh_default = is_default && stat(dir, &st) != 0 && errno == ENOENT;
    unsigned flags = o->memory     ? KG_STORE_MEMORY
                     : o->readonly ? KG_STORE_READONLY
                                   : KG_STORE_CREATE;
    kg_error err = {0};
    kg_status status = KG_OK;
    if (o->recover && (status = kg_store_recover(dir, &err)) == KG_OK)
        fprintf(stderr, "recovered the manifest of %s from its segments\n", dir);
    if (status == KG_OK)
        status = kg_store_open(&s->store, dir, flags, &err);
    if (status != KG_OK) {
        /* the message alone: formatted, it would name the directory again */
        fprintf(stderr, "kgsh: cannot open the store %s: %s\n", dir ? dir : "in memory",
                err.message[0] ? err.message : kg_strerror(status));
        free(dir);
        return KGSH_EXIT_STORE;
    }
    free(dir);
    s->readonly = o->readonly;
    s->busy_ms = 5000;
    kg_store_set_busy_timeout(s->store, s->busy_ms);
    if (!o->readonly)
        kg_infer_attach(s->store); /* keeps the inferred graph current (.infer) */
    return -1;
}

/* --timeout, --max-memory and --load-memory, through the commands that
 * check them. */
static bool apply_limits(kgsh_session *s, const options *o)
{
    char *timeout[] = {"timeout", (char *)o->timeout, NULL};
    char *memory[] = {"limit", "memory", (char *)o->max_memory, NULL};
    char *load[] = {"limit", "load-memory", (char *)o->load_memory, NULL};
    return (!o->timeout || kgsh_command_run_argv(s, 2, timeout)) &&
           (!o->max_memory || kgsh_command_run_argv(s, 3, memory)) &&
           (!o->load_memory || kgsh_command_run_argv(s, 3, load));
}

int main(int argc, char **argv)
{
    set_locale();
    options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (o.subcommand_argc && strcmp(o.subcommand_argv[0], "serve") == 0) {
        /* the server opens its own store handles (server/pool.h) */
        char *dir = store_dir(&o);
        rc = kgsh_serve(o.subcommand_argc, o.subcommand_argv, dir, o.readonly);
        free(dir);
        return rc;
    }
    kgsh_session s = {.headers = true, .pager = true, .out = stdout, .bail = o.bail,
                     .expanded_auto = true,
                     .quiet = o.quiet};
    if (o.format && !kgsh_mode_from_name(o.format, &s.mode)) {
        fprintf(stderr, "kgsh: unknown format \"%s\" (table, line, csv, tsv, json, xml, "
                        "turtle, ntriples)\n",
                o.format);
        return KGSH_EXIT_USAGE;
    }
    s.tty_out = isatty(STDOUT_FILENO);
    s.interactive = !o.ncommands && !o.file && !o.subcommand_argc && isatty(STDIN_FILENO) &&
                    s.tty_out;
    s.script = o.file || (!s.interactive && !o.ncommands && !o.subcommand_argc);
    if (!(s.prefixes = kgsh_prefixes_new())) {
        fputs("kgsh: out of memory\n", stderr);
        return KGSH_EXIT_FAILED;
    }
    kgsh_interrupt_install(!s.interactive);
    bool fresh_default = false;
    rc = open_store(&s, &o, &fresh_default);
    if (rc >= 0) {
        kgsh_prefixes_free(s.prefixes);
        return rc;
    }
    kgsh_interrupt_set_store(s.store);
    kgsh_prefixes_add_store(s.prefixes, s.store);
    bool ok = true;
    if (fresh_default || o.load_bundled)
        ok = kgsh_load_bundled(&s);
    bool limited = ok && apply_limits(&s, &o);
    if (ok && !limited)
        ok = false, s.failures++;
    if (ok && o.endpoint && !kgsh_connect(&s, o.endpoint))
        ok = false, s.failures++;
    if (kgsh_interrupted() || !(ok || !o.bail) || !limited || (o.endpoint && !s.remote)) {
        /* nothing more to run */
    } else if (o.subcommand_argc) {
        if (!kgsh_command_run_argv(&s, o.subcommand_argc, o.subcommand_argv))
            s.failures++;
    } else if (o.ncommands) {
        /* each -c in turn; --bail stops at the first that fails */
        for (int i = 0; i < o.ncommands && !s.quit && !kgsh_interrupted(); i++)
            if (!kgsh_run_command(&s, o.commands[i]) && s.bail)
                break;
    } else if (o.file) {
        kgsh_run_file(&s, o.file);
    } else if (s.interactive) {
        kgsh_repl(&s);
    } else {
        kgsh_run_stream(&s, stdin, "<stdin>");
    }
    kgsh_output_to(&s, NULL, false); /* completes an .output file */
    kgsh_interrupt_set_store(NULL);
    kgsh_interrupt_set_endpoint(NULL);
    kg_endpoint_close(s.remote);
    kgsh_ingest_end(&s); /* the ingested articles borrow the store */
    kg_store_close(s.store);
    kgsh_complete_free(&s);
    kgsh_prefixes_free(s.prefixes);
    if (!s.interactive && kgsh_interrupted())
        return KGSH_EXIT_INTERRUPT;
    return s.failures > 0 && !s.interactive ? KGSH_EXIT_FAILED : KGSH_EXIT_OK;
}
