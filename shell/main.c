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
#include "session.h"
#include "usage.h"

typedef struct options {
    const char *dir;
    const char *command;
    const char *file;
    const char *format;
    const char *endpoint;
    bool memory, readonly, bail, load_bundled;
    bool recover; /* kgsh check --recover: rebuild the manifest before opening */
    int subcommand_argc; /* kgsh COMMAND ARG...: a dot-command run once */
    char **subcommand_argv;
} options;

enum { OPT_MAN = 1000 };

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
        switch (c) {
        case 'd': o->dir = optarg; break;
        case 'm': o->memory = true; break;
        case 'r': o->readonly = true; break;
        case 'c': o->command = optarg; break;
        case 'f': o->file = optarg; break;
        case 'F': o->format = optarg; break;
        case 'E': o->endpoint = optarg; break;
        case 'b': o->bail = true; break;
        case 'L': o->load_bundled = true; break;
        case 'h': kgsh_usage(stdout); return KGSH_EXIT_OK;
        case 'V': printf("kgsh %s\n", PACKAGE_VERSION); return KGSH_EXIT_OK;
        case OPT_MAN: kgsh_usage_man(stdout); return KGSH_EXIT_OK;
        default:
            fputs("Try 'kgsh --help' for more information.\n", stderr);
            return KGSH_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        o->subcommand_argc = argc - optind;
        o->subcommand_argv = argv + optind;
        o->recover = o->subcommand_argc == 2 && strcmp(argv[optind], "check") == 0 &&
                     strcmp(argv[optind + 1], "--recover") == 0 && !o->memory;
    }
    const char *problem = o->subcommand_argc && (o->command || o->file)
                              ? "a command cannot be combined with -c or -f"
                          : o->command && o->file ? "-c and -f cannot be used together"
                          : o->memory && o->dir   ? "--memory and -d cannot be used together"
                                                  : NULL;
    if (problem) {
        fprintf(stderr, "kgsh: %s\nTry 'kgsh --help' for more information.\n", problem);
        return KGSH_EXIT_USAGE;
    }
    return -1;
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

static int open_store(kgsh_session *s, const options *o, bool *fresh_default)
{
    char *dir = NULL;
    const char *env = getenv("KGSH_STORE");
    bool is_default = !o->memory && !o->dir && !(env && *env);
    if (!o->memory)
        dir = o->dir ? strdup(o->dir) : env && *env ? strdup(env) : default_store_dir();
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
        printf("recovered the manifest of %s from its segments\n", dir);
    if (status == KG_OK)
        status = kg_store_open(&s->store, dir, flags, &err);
    if (status != KG_OK) {
        char buf[2048];
        fprintf(stderr, "kgsh: cannot open the store %s: %s\n", dir ? dir : "in memory",
                err.message[0] ? kg_error_format(&err, buf, sizeof buf) : kg_strerror(status));
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

int main(int argc, char **argv)
{
    set_locale();
    options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    kgsh_session s = {.headers = true, .pager = true, .out = stdout, .bail = o.bail};
    if (o.format && !kgsh_mode_from_name(o.format, &s.mode)) {
        fprintf(stderr, "kgsh: unknown format \"%s\" (table, line, csv, tsv, json, xml, "
                        "turtle, ntriples)\n",
                o.format);
        return KGSH_EXIT_USAGE;
    }
    s.tty_out = isatty(STDOUT_FILENO);
    s.interactive = !o.command && !o.file && !o.subcommand_argc && isatty(STDIN_FILENO) &&
                    s.tty_out;
    s.script = o.file || (!s.interactive && !o.command && !o.subcommand_argc);
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
    if (ok && o.endpoint && !kgsh_connect(&s, o.endpoint))
        ok = false, s.failures++;
    if (kgsh_interrupted() || !(ok || !o.bail) || (o.endpoint && !s.remote)) {
        /* nothing more to run */
    } else if (o.subcommand_argc) {
        if (!kgsh_command_run_argv(&s, o.subcommand_argc, o.subcommand_argv))
            s.failures++;
    } else if (o.command) {
        kgsh_run_command(&s, o.command);
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
