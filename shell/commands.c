/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/commands.c - the dot-command table and its handlers. Dispatch,
 * .help, completion and the man page all read kgsh_commands[]; adding a
 * command is adding a row here. */
#define _GNU_SOURCE
#include "commands.h"
#include "ingest_cmd.h"
#include "lists.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "complete.h"
#include "explore.h"
#include "input.h"
#include "progress.h"
#include "remote.h"
#include "interrupt.h"
#include "pager.h"
#include "repl.h"
#include "redland_cmd.h"
#include "relations.h"
#include "render.h"
#include "serve.h"
#include "usage.h"

#define ONTOLOGY_GRAPH "https://w3id.org/kgsh/ontology"

const char *kgsh_datadir(void)
{
    const char *dir = getenv("KGSH_DATADIR");
    return dir && *dir ? dir : KG_PKGDATADIR;
}

/* ------------------------------------------------------------ helpers */

/* Prints the line of file `path` the error points at, with a caret under
 * the column, so a load error shows where it is. */
static void show_file_line(const kg_error *err)
{
    if (!err->file[0] || !err->line)
        return;
    /* Only a regular file can be read again: opening a FIFO would wait for
     * a writer that is gone. O_NONBLOCK for that open, then checked. */
    int fd = open(err->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    FILE *f = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = -1;
    for (unsigned long n = 0; n < err->line && (len = getline(&line, &cap, f)) >= 0; n++)
        ;
    if (len >= 0)
        kgsh_put_caret(stderr, line, (size_t)len, err->column);
    free(line);
    fclose(f);
}

char *kgsh_graph_iri(kgsh_session *s, const char *arg)
{
    char *iri = kgsh_prefixes_expand(s->prefixes, arg);
    if (!iri && strchr(arg, ':') && !strpbrk(arg, "<> \t\""))
        iri = strdup(arg);
    if (!iri)
        kgsh_fail(s, "not a graph IRI or known prefixed name: %s", arg);
    return iri;
}

static void store_changed(kgsh_session *s)
{
    kgsh_prefixes_add_store(s->prefixes, s->store);
    kgsh_complete_invalidate(s);
}

static bool parse_onoff(kgsh_session *s, const char *arg, bool *out)
{
    if (strcmp(arg, "on") == 0 || strcmp(arg, "1") == 0 || strcmp(arg, "yes") == 0) {
        *out = true;
        return true;
    }
    if (strcmp(arg, "off") == 0 || strcmp(arg, "0") == 0 || strcmp(arg, "no") == 0) {
        *out = false;
        return true;
    }
    kgsh_fail(s, "expected on or off, not \"%s\"", arg);
    return false;
}

static void list_candidates(kgsh_session *s, const char *name);

/* ----------------------------------------------------------- handlers */

static bool cmd_help(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) { /* longer than a screen: paged like a result */
        FILE *out = kgsh_pager_open(s);
        kgsh_usage_commands(out);
        kgsh_pager_close(s, out);
        return true;
    }
    const char *name = argv[1][0] == '.' ? argv[1] + 1 : argv[1];
    int n = 0;
    const kgsh_command *c = kgsh_command_find(name, &n);
    if (!c && n > 1)
        list_candidates(s, name);
    else if (!c)
        kgsh_fail(s, "no command \"%s\" (see .help)", argv[1]);
    if (!c)
        return false;
    kgsh_usage_command(stdout, c);
    return true;
}

static bool cmd_quit(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s->quit = true;
    return true;
}

/* Takes "--syntax FORMAT" out of argv (updating *argc) into *format, which
 * stays KG_FORMAT_UNKNOWN (from the file name) without it. kgsh's own
 * --format is the output mode, hence another word, as Jena's riot has. */
static bool take_syntax(kgsh_session *s, int *argc, char **argv, kg_format *format)
{
    *format = KG_FORMAT_UNKNOWN;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--syntax") != 0)
            continue;
        if (i + 1 == *argc || (*format = kg_format_from_name(argv[i + 1])) == KG_FORMAT_UNKNOWN) {
            kgsh_fail(s, "--syntax needs one of turtle, ntriples, nquads, trig or rdfxml%s%s",
                      i + 1 < *argc ? ", not " : "", i + 1 < *argc ? argv[i + 1] : "");
            return false;
        }
        memmove(argv + i, argv + i + 2, (size_t)(*argc - i - 2) * sizeof *argv);
        *argc -= 2;
        i--;
    }
    if (*argc < 2 || *argc > 3) {
        int n;
        kgsh_fail(s, "usage: .%s %s", argv[0], kgsh_command_find(argv[0], &n)->synopsis);
        return false;
    }
    return true;
}

/* Takes --sorted out of the arguments; true when it was there. */
static bool take_sorted(int *argc, char **argv)
{
    bool found = false;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--sorted") != 0)
            continue;
        memmove(argv + i, argv + i + 1, (size_t)(*argc - i - 1) * sizeof *argv);
        (*argc)--;
        i--;
        found = true;
    }
    return found;
}

static bool cmd_load(kgsh_session *s, int argc, char **argv)
{
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    if (!take_syntax(s, &argc, argv, &opts.format))
        return false;
    char *graph = argc > 2 ? kgsh_graph_iri(s, argv[2]) : NULL;
    if (argc > 2 && !graph)
        return false;
    kg_term g = kg_term_iri(graph ? graph : "");
    opts.graph = graph ? &g : NULL;
    kg_load_stats stats = {0};
    kgsh_progress progress;
    kgsh_progress_begin(&progress, s, "statements", "loading %s", argv[1]);
    opts.progress = kgsh_progress_update;
    opts.progress_ctx = &progress;
    kg_status st = kg_load_file(s->store, argv[1], &opts, &stats);
    kgsh_progress_end(&progress);
    free(graph);
    if (st != KG_OK) {
        const kg_error *err = kg_store_error(s->store);
        kgsh_fail_kg(s, err);
        if (st == KG_ERR_SYNTAX)
            show_file_line(err);
        if (st == KG_ERR_INVALID && opts.format == KG_FORMAT_UNKNOWN &&
            kg_format_from_path(argv[1]) == KG_FORMAT_UNKNOWN)
            fprintf(stderr, "(name it: .load %s --syntax turtle, or ntriples, nquads, trig, "
                            "rdfxml)\n",
                    argv[1]);
        return false;
    }
    store_changed(s);
    kgsh_note(s, "Loaded %llu statements (%llu new) from %s", (unsigned long long)stats.statements,
           (unsigned long long)stats.added, argv[1]);
    return true;
}

/* Says what a whole-store export put together: graphs merged or kept,
 * inferred triples in or out, so that nobody is surprised. */
static void export_note(kgsh_session *s, const char *path, kg_format format, bool whole,
                        uint64_t written)
{
    const char *to = strcmp(path, "-") == 0 ? "standard output" : path;
    unsigned long long n = (unsigned long long)written;
    const char *inferred = s->infer_off ? "inferred triples left out (.infer off)"
                                        : "inferred triples included (.infer off leaves them out)";
    if (!whole)
        kgsh_note(s, "Exported %llu statements to %s", n, to);
    else if (format == KG_FORMAT_NQUADS || format == KG_FORMAT_TRIG)
        kgsh_note(s, "Exported %llu quads to %s, each graph kept; %s", n, to, inferred);
    else
        kgsh_note(s, "Exported %llu triples to %s: the graphs merged into one, as %s has no "
                     "graphs (.nq or .trig keep them); %s",
                  n, to, kg_format_name(format), inferred);
}

static bool cmd_export(kgsh_session *s, int argc, char **argv)
{
    kg_export_options opts = KG_EXPORT_OPTIONS_INIT;
    opts.sorted = take_sorted(&argc, argv);
    if (!take_syntax(s, &argc, argv, &opts.format))
        return false;
    bool to_stdout = strcmp(argv[1], "-") == 0;
    if (opts.format == KG_FORMAT_UNKNOWN)
        opts.format = to_stdout ? KG_FORMAT_TURTLE : kg_format_from_path(argv[1]);
    if (opts.format == KG_FORMAT_UNKNOWN) {
        kgsh_fail(s, "cannot tell the format from \"%s\" (use .ttl, .nt, .nq, .trig or .rdf, "
                     "or --syntax FORMAT)",
                  argv[1]);
        return false;
    }
    kg_term inferred = kg_term_iri(KG_INFERRED_GRAPH);
    opts.hidden_graph = s->infer_off ? &inferred : NULL;
    char *graph = argc > 2 ? kgsh_graph_iri(s, argv[2]) : NULL;
    if (argc > 2 && !graph)
        return false;
    kg_term g = kg_term_iri(graph ? graph : "");
    opts.graph = graph ? &g : NULL;
    uint64_t written = 0;
    kgsh_progress progress;
    kgsh_progress_begin(&progress, s, "statements", "exporting to %s", argv[1]);
    opts.progress = kgsh_progress_update;
    opts.progress_ctx = &progress;
    kg_status st = to_stdout ? kg_export_stream(s->store, s->out, &opts, &written)
                             : kg_export_file(s->store, argv[1], &opts, &written);
    kgsh_progress_end(&progress);
    free(graph);
    if (st != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    export_note(s, argv[1], opts.format, !opts.graph, written);
    return true;
}

static bool cmd_load_bundled(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return kgsh_load_bundled(s);
}

/* A report command: its output goes through the pager, and Ctrl-C stops
 * it. (No kgsh_interrupt_clear in commands: the prompt clears a pending
 * Ctrl-C, and one that came while a .read script was running is for it.) */
typedef bool (*report_fn)(kgsh_session *s, const char *arg, FILE *out);

static bool paged(kgsh_session *s, report_fn report, const char *arg)
{
    FILE *out = kgsh_pager_open(s);
    bool ok = report(s, arg, out);
    kgsh_pager_close(s, out);
    return ok;
}

static bool graphs_report(kgsh_session *s, const char *arg, FILE *out)
{
    (void)arg;
    return kgsh_graphs(s, out);
}

static bool stats_report(kgsh_session *s, const char *arg, FILE *out)
{
    (void)arg;
    return kgsh_stats(s, out);
}

static bool cmd_graphs(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return paged(s, graphs_report, NULL);
}

/* Writes text with control characters as \u escapes: a prefix may come
 * from a store made by an older kgsh, which kept them raw. */
static void put_visible(FILE *out, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            fprintf(out, "\\u%04X", *c);
        else
            fputc(*c, out);
}

static bool cmd_prefixes(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    FILE *out = kgsh_pager_open(s);
    if (kgsh_prefixes_base(s->prefixes)) {
        fputs("BASE <", out);
        put_visible(out, kgsh_prefixes_base(s->prefixes));
        fputs(">\n", out);
    }
    for (size_t i = 0; i < kgsh_prefixes_count(s->prefixes); i++) {
        fputs("PREFIX ", out);
        put_visible(out, kgsh_prefixes_name(s->prefixes, i));
        fputs(": <", out);
        put_visible(out, kgsh_prefixes_iri(s->prefixes, i));
        fputs(">\n", out);
    }
    kgsh_pager_close(s, out);
    return true;
}

static bool cmd_busy(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) {
        printf("busy: %d ms\n", s->busy_ms);
        return true;
    }
    char *end;
    long ms = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end || ms < 0 || ms > 86400000) {
        kgsh_fail(s, "usage: .busy MS (milliseconds a write waits for another writer, "
                     "0 to 86400000)");
        return false;
    }
    s->busy_ms = (int)ms;
    if (s->store)
        kg_store_set_busy_timeout(s->store, s->busy_ms);
    return true;
}

static bool cmd_prefix(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    const char *name = argv[1];
    size_t n = strlen(name);
    if (n > 0 && name[n - 1] == ':')
        n--;
    for (size_t i = 0; i < n; i++) {
        if (!(isalnum((unsigned char)name[i]) || name[i] == '_' || name[i] == '-' ||
              (name[i] == '.' && i > 0 && i + 1 < n))) {
            kgsh_fail(s, "not a prefix name: %s", name);
            return false;
        }
    }
    const char *iri = argv[2];
    size_t len = strlen(iri);
    char *bare = iri[0] == '<' && len >= 2 && iri[len - 1] == '>' ? strndup(iri + 1, len - 2)
                                                                  : strdup(iri);
    char *nm = strndup(name, n);
    bool ok = bare && nm && !strpbrk(bare, "<>\" \t{}|^`\\");
    if (!ok)
        kgsh_fail(s, "not an IRI: %s", iri);
    else
        kgsh_prefixes_set(s->prefixes, nm, bare, KGSH_PREFIX_DECLARED);
    free(bare);
    free(nm);
    return ok;
}

static bool cmd_mode(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) {
        printf("%s\n", kgsh_mode_names[s->mode]);
        return true;
    }
    if (!kgsh_mode_from_name(argv[1], &s->mode)) {
        kgsh_fail(s, "no mode \"%s\" (table, line, csv, tsv, json, xml, ntriples, turtle)",
                  argv[1]);
        return false;
    }
    return true;
}

static bool cmd_limit(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) {
        printf("memory: %zu MB\n", (s->max_memory ? s->max_memory : KG_QUERY_MAX_MEMORY) >> 20);
        if (s->store)
            printf("load-memory: %llu MB\n",
                   (unsigned long long)(kg_store_load_memory(s->store) >> 20));
        return true;
    }
    char *end = NULL;
    unsigned long long mb = argc == 3 ? strtoull(argv[2], &end, 10) : 0;
    bool load = strcmp(argv[1], "load-memory") == 0;
    if ((!load && strcmp(argv[1], "memory") != 0) || argc != 3 || *end || mb == 0 ||
        mb > (1ull << 24)) {
        kgsh_fail(s, "limit: expected \"memory MB\" or \"load-memory MB\" with MB from 1 to "
                     "16777216");
        return false;
    }
    if (!load)
        s->max_memory = (size_t)mb << 20;
    else if (s->store)
        kg_store_set_load_memory(s->store, (uint64_t)mb << 20);
    return true;
}

/* The on/off settings, by command name. */
static bool *setting(kgsh_session *s, const char *name)
{
    static const struct {
        const char *name;
        size_t offset;
    } map[] = {
        {"headers", offsetof(kgsh_session, headers)},
        {"csv-safe", offsetof(kgsh_session, csv_safe)},
        {"timer", offsetof(kgsh_session, timer)},
        {"labels", offsetof(kgsh_session, labels)},
        {"pager", offsetof(kgsh_session, pager)},
        {"bail", offsetof(kgsh_session, bail)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, name) == 0)
            return (bool *)((char *)s + map[i].offset);
    return NULL;
}

static bool cmd_setting(kgsh_session *s, int argc, char **argv)
{
    bool *flag = setting(s, argv[0]);
    if (argc == 1) {
        printf("%s: %s\n", argv[0], *flag ? "on" : "off");
        return true;
    }
    return parse_onoff(s, argv[1], flag);
}

/* .expanded on|off is what the user said, for every result; auto (the
 * default) turns rows wider than the terminal into records. */
static bool cmd_expanded(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) {
        printf("expanded: %s\n", s->expanded_auto ? "auto" : s->expanded ? "on" : "off");
        return true;
    }
    if (strcmp(argv[1], "auto") == 0) {
        s->expanded = false;
        s->expanded_auto = true;
        return true;
    }
    bool on;
    if (!parse_onoff(s, argv[1], &on))
        return false;
    s->expanded = on;
    s->expanded_auto = false;
    return true;
}

static bool cmd_width(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) {
        printf("width: %zu", s->max_cell ? s->max_cell : (size_t)KGSH_MAX_CELL);
        for (size_t i = 0; i < s->nwidths; i++)
            printf("%s%zu", i ? " " : "; columns: ", s->widths[i]);
        putchar('\n');
        return true;
    }
    size_t w[sizeof s->widths / sizeof s->widths[0]];
    for (int i = 1; i < argc; i++) {
        char *end;
        unsigned long n = strtoul(argv[i], &end, 10);
        if (*end || end == argv[i] || argv[i][0] == '-' || (n > 0 && n < 3) || n > 10000) {
            kgsh_fail(s, "not a width: \"%s\" (0 for the default, or 3 to 10000 cells)", argv[i]);
            return false;
        }
        w[i - 1] = n;
    }
    if (argc == 2) {
        s->max_cell = w[0];
        s->nwidths = 0;
    } else {
        memcpy(s->widths, w, (size_t)(argc - 1) * sizeof *w);
        s->nwidths = (size_t)argc - 1;
    }
    return true;
}

static bool cmd_output(kgsh_session *s, int argc, char **argv)
{
    return kgsh_output_to(s, argc > 1 ? argv[1] : NULL, false);
}

static bool cmd_once(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    return kgsh_output_to(s, argv[1], true);
}

static bool cmd_read(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    return kgsh_run_file(s, argv[1]);
}

/* .describe THING [--asof DATE]: the date holds for this command only. */
static bool cmd_describe(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    char *thing;
    const char *as_of;
    if (!kgsh_take_as_of(s, argv[1], &thing, &as_of))
        return false;
    if (!thing || !*thing) {
        kgsh_fail(s, "usage: .describe THING [--asof DATE]");
        return false;
    }
    char saved[sizeof s->as_of];
    memcpy(saved, s->as_of, sizeof saved);
    if (as_of != s->as_of)
        snprintf(s->as_of, sizeof s->as_of, "%s", as_of ? as_of : "");
    bool ok = paged(s, kgsh_describe, thing);
    memcpy(s->as_of, saved, sizeof saved);
    return ok;
}

static bool cmd_search(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    return paged(s, kgsh_search, argv[1]);
}

static bool cmd_stats(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return paged(s, stats_report, NULL);
}

static bool cmd_check(kgsh_session *s, int argc, char **argv)
{
    /* "kgsh check --recover" recovered before opening (main.c); an open
     * store has a manifest, and .check --recover has nothing to do */
    if (argc > 1 && strcmp(argv[1], "--recover") != 0) {
        kgsh_fail(s, "usage: .check [--recover]");
        return false;
    }
    if (kg_store_check(s->store) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    printf("ok: %llu quads, every file checked\n", (unsigned long long)kg_store_size(s->store));
    return true;
}

/* -------------------------------------------------------------- table */

#define ONOFF {KGSH_ARG_ONOFF, KGSH_ARG_NONE}
#define NOARGS {KGSH_ARG_NONE, KGSH_ARG_NONE}

const kgsh_command kgsh_commands[] = {
    {"accept", kgsh_cmd_accept, "[N...|all] [FILTER...]",
     "Accept ingested proposals into their article",
     "Moves the proposals numbered N (as .review shows them), or all pending ones, into "
     "their article's graph with provenance as in the bundled datasets: the triple, an "
     "rdf:Statement node with kg:statedIn to the sentence (kg:text, kg:index), the article "
     "node and the descriptions of the things used. A new thing's type and label are "
     "accepted with it. One transaction per article. The FILTERs: --min X (or "
     "--min-confidence X) keeps only proposals of confidence X or more, --rule NAME those of one rule (NAME* for a "
     "prefix), --predicate P those of one predicate (kg:basedIn, basedIn or <IRI>): "
     ".accept --min 0.9 accepts every pending proposal that sure. Each decision is "
     "remembered per rule (see .rules).",
     0, 1024, NOARGS, KGSH_CMD_WRITES | KGSH_CMD_LOCAL},
    KGSH_CMD_ASOF,
    {"bail", cmd_setting, "[on|off]", "Stop at the first error in scripts",
     "With bail on, a script (-f, standard input or .read) stops at the first failed "
     "statement or command and kgsh exits with status 1. Off by default; --bail turns it on.",
     0, 1, ONOFF, KGSH_CMD_SETTING},
    {"busy", cmd_busy, "[MS]", "Set how long a write waits for another writer",
     "Any number of kgsh processes may use one store; one at a time writes, for the length "
     "of one statement, load or import. A write that finds another in progress waits up to "
     "MS milliseconds (default 5000) for it to finish, then fails naming the process that "
     "writes. Without MS, shows the current wait.",
     0, 1, NOARGS, KGSH_CMD_SETTING},
    {"check", cmd_check, "[--recover]", "Verify the store's files",
     "Checks every file of the store: checksums, index order and the references between "
     "indexes and the dictionary. Prints ok, or the first problem found. With --recover "
     "(kgsh check --recover), it first rebuilds a missing or damaged MANIFEST from the segment files "
     "(keeping a damaged one as MANIFEST.damaged; the prefixes it held are lost).",
     0, 1, NOARGS, KGSH_CMD_LOCAL},
    KGSH_CMD_CONNECT,
    {"csv-safe", cmd_setting, "[on|off]", "Guard CSV output against spreadsheet formulas",
     "With csv-safe on, a CSV value starting with =, +, -, @, tab or CR is written with a "
     "leading apostrophe, so that a spreadsheet opening the file shows it as text instead of "
     "running it as a formula. Off by default: the W3C CSV format writes values unchanged. "
     "Control characters in values are always written as U+FFFD in CSV.",
     0, 1, ONOFF, 0},
    {"describe", cmd_describe, "THING [--asof DATE]", "Show what is known about a thing, with sources",
     "THING is an <IRI>, a prefixed name (kgr:iflytek) or a name: a label or other name, "
     "matched ignoring case (.describe iflytek finds iFLYTEK, also written iFlytek). Shows "
     "its types and names, every statement about it and every statement pointing to it, "
     "grouped by property with labels, and under each statement the article sentences that "
     "state it. When several things match, they are listed and nothing is described. In csv, "
     "tsv, json and xml mode: one row per statement, with the columns thing, direction (out: "
     "about it; in: pointing to it), property, value, value_label, sentence (the sentences "
     "stating it, one per line), source (their IRIs) and value_status (the status of a plan or "
     "claim). A plan or claim (kg:Plan, "
     "kg:Investment) is shown with its status, the label of its kg:status (\"plans to\", \"hopes "
     "to\", \"announced it would\"), after its name, never as a bare fact; posts the thing held "
     "(kg:PostHolding) are listed with their dates and status. With --asof DATE (or after .asof "
     "DATE), each sanction and post held says whether it was in force then (see .help asof).",
     1, 1, {KGSH_ARG_THING, KGSH_ARG_NONE}, KGSH_CMD_REST},
    KGSH_CMD_DISCONNECT,
    KGSH_CMD_DOT,
    {"exit", cmd_quit, "", "Leave kgsh", "The same as .quit.", 0, 0, NOARGS, 0},
    {"expanded", cmd_expanded, "[on|off|auto]", "Show each row as one field per line",
     "With expanded on, table and line modes print each result row as a record, one "
     "\"name = value\" line per column; off, always as a table. With auto (the default), "
     "rows wider than the terminal are shown as records and others as a table.",
     0, 1, ONOFF, KGSH_CMD_SETTING},
    {"export", cmd_export, "FILE [GRAPH] [--syntax FORMAT] [--sorted]",
     "Write the store or one graph to a file",
     "The format comes from the extension: .ttl (Turtle), .nt (N-Triples), .nq (N-Quads), "
     ".trig (TriG), .rdf (RDF/XML), or from --syntax FORMAT (turtle, ntriples, nquads, trig, "
     "rdfxml). FILE - writes to standard output (Turtle unless --syntax says otherwise). A "
     "file is written atomically with mode 0600. GRAPH is an <IRI> or prefixed name; without "
     "it the whole store is written: Turtle, N-Triples and RDF/XML have no graphs, so every "
     "graph's triples are merged into one set, while N-Quads and TriG keep each graph. The "
     "inferred graph is included unless .infer is off, and the closing notice says which. On "
     "a terminal, an export that takes more than a second shows a progress line. With --sorted "
     "(N-Triples and N-Quads only), the lines come in byte order, as LC_ALL=C sort puts them, "
     "so two stores holding the same quads export the same bytes, whatever order they were "
     "loaded in (term numbering otherwise decides the order); blank nodes keep their labels. "
     "Lines are sorted in memory up to the .limit load-memory budget, beyond it in temporary "
     "files (under /tmp) merged at the end.",
     1, 5, {KGSH_ARG_FILE, KGSH_ARG_GRAPH}, KGSH_CMD_LOCAL},
    KGSH_CMD_EXPORT_REDLAND,
    KGSH_CMD_EXPOSURE,
    {"graphs", cmd_graphs, "", "List the named graphs and their quad counts",
     "The default graph (the quads loaded or inserted without a graph), then each named graph "
     "of the store (one per article for the bundled data), with the number of quads in it.",
     0, 0, NOARGS, 0},
    {"headers", cmd_setting, "[on|off]", "Show column names (table, csv, tsv)",
     "Whether table, line, CSV and TSV output start with the column names. On by default.",
     0, 1, ONOFF, KGSH_CMD_SETTING},
    {"help", cmd_help, "[COMMAND]", "Show the commands, or one command in detail",
     "Without an argument, lists every command. With one, explains it. A command may be "
     "abbreviated to any prefix that names only it.",
     0, 1, {KGSH_ARG_COMMAND, KGSH_ARG_NONE}, 0},
    {"import", kgsh_cmd_import, "FILE --as NAME", "Import a screening list (CSV) as sanctions",
     "Reads the CSV list FILE as the list NAME, in graph <https://w3id.org/kgsh/list/NAME>, "
     "with the mapping file NAME.map next to FILE, else among the bundled lists in "
     "datasets/lists; \"--map MAPPING\" after NAME names another mapping file. Each row "
     "becomes a sanction linked to the entity the store already has under that name "
     "(exact, normalised or alias match) or to a new one; uncertain candidates are shown, "
     "not merged. Malformed rows are reported with their line and skipped. Importing a "
     "list again replaces it. On a terminal, an import that takes more than a second shows a "
     "progress line. The bundled lists: see datasets/lists/README.md.",
     3, 5, {KGSH_ARG_FILE, KGSH_ARG_NONE}, KGSH_CMD_WRITES | KGSH_CMD_LOCAL},
    KGSH_CMD_IMPORT_REDLAND,
    KGSH_CMD_INFER,
    {"ingest", kgsh_cmd_ingest, "[--text] FILE|DIR...", "Propose triples from articles for review",
     "Reads each article: a web page as a browser saves it (the article's text, without "
     "navigation, ads, comments or lists of related links; title, publisher, date and link "
     "from the page's metadata), an RSS or Atom feed (each item an article), or plain text "
     "(Title:, Publisher:, Date: header lines are kept), in any encoding the file declares; "
     "a directory means its files. It finds the things the store knows and new ones, and "
     "the relations the rules file ontology/ingest-rules.txt (or $KG_INGEST_RULES) "
     "describes, and stages the proposed triples in <https://w3id.org/kgsh/staging/NAME>, "
     "where queries do not see them. The files of one command are one batch: a thing "
     "found in one article is the same node in the next, and an article already ingested "
     "(same link or same text, in the batch or the store) is skipped with a note. A single "
     "article's proposals are shown with their number, rule, confidence and the sentence "
     "(with its character offsets in the article's text) that states it; .review shows "
     "them all. .accept or .reject them, now or in a later session: the proposals stay "
     "staged in the store under the same numbers, which run on across articles. Ingesting "
     "an article again replaces its staged proposals (with new numbers). A file that is "
     "not an article (binary data, a page without one) is refused and the others go on. "
     "On a terminal, a batch shows a progress line (not with -q). --text shows the text "
     "each article is ingested as (the text offsets count in) and ingests nothing.",
     1, 1024, {KGSH_ARG_FILE, KGSH_ARG_FILE}, KGSH_CMD_WRITES | KGSH_CMD_LOCAL},
    {"labels", cmd_setting, "[on|off]", "Add each entity's rdfs:label next to it",
     "With labels on, table and line modes show every IRI followed by its rdfs:label in "
     "parentheses, as in kgr:iflytek (iFLYTEK).",
     0, 1, ONOFF, KGSH_CMD_SETTING},
    {"limit", cmd_limit, "[memory|load-memory MB]", "Cap the memory a query or a load may use",
     "memory: a query or update whose intermediate results (rows kept for ORDER BY, GROUP BY, "
     "DISTINCT, MINUS and sub-selects, computed values, path results) pass MB megabytes stops "
     "with an error instead of filling memory; the default is 1024 MB, the same as "
     "--max-memory MB. load-memory: a load (or any transaction) whose changes and new "
     "terms pass MB megabytes is sorted in runs on disk, in the store directory, its new "
     "terms past half of MB written there in chunks, and it is committed by merging them, "
     "so that it takes at most about MB megabytes whatever its size; the default is "
     "2048 MB, the same as --load-memory MB. Without arguments, shows the limits.",
     0, 2, NOARGS, 0},
    {"links", kgsh_cmd_links, "[LIST]", "Show how listed names were linked to entities",
     "For every imported list (or LIST), each listed name that was linked to an entity the "
     "store already had, with the method (exact, normalised, alias) and the name that "
     "matched, and each name kept apart with uncertain candidates. Undo a wrong link with "
     ".unlink.",
     0, 1, NOARGS, KGSH_CMD_LOCAL},
    {"load", cmd_load, "FILE [GRAPH] [--syntax FORMAT]", "Load an RDF file into the store",
     "Reads Turtle, N-Triples, N-Quads, TriG or RDF/XML (from the extension, or --syntax "
     "turtle, ntriples, nquads, trig or rdfxml; FILE - is standard input) into the "
     "store, all or nothing: on an error (shown with file:line:column and the line) or "
     "Ctrl-C nothing is added. Triples go to GRAPH when given, else to the default graph; "
     "quads of TriG and N-Quads files keep their own graph. On a terminal, a load that takes "
     "more than a second shows a progress line (statements, rate, time left); scripts get none.",
     1, 4, {KGSH_ARG_FILE, KGSH_ARG_GRAPH}, KGSH_CMD_WRITES | KGSH_CMD_LOCAL},
    {"load-bundled", cmd_load_bundled, "", "Load the bundled ontology and articles",
     "Loads ontology/kgsh.ttl into <https://w3id.org/kgsh/ontology> and each "
     "datasets/articles/*.trig into its own graph, from $KGSH_DATADIR or the installed data "
     "directory, in one transaction. Loading them again replaces the ontology graph and "
     "adds nothing new from the articles.",
     0, 0, NOARGS, KGSH_CMD_WRITES | KGSH_CMD_LOCAL},
    {"mode", cmd_mode, "[MODE]", "Set the output mode",
     "MODE is table (aligned columns; CONSTRUCT and DESCRIBE results as Turtle), line (one "
     "field per line), csv or tsv (the W3C SPARQL CSV/TSV formats), json (SPARQL 1.1 "
     "results JSON), xml (SPARQL results XML), ntriples or turtle (CONSTRUCT and DESCRIBE "
     "results). Every mode prints rows as the query produces them: table and line "
     "modes a block of 1000 rows at a time, the first setting the column widths; a later "
     "block with wider values starts the table again under a new header (with .labels on, "
     "all rows are read first). Without MODE, shows the current one.",
     0, 1, {KGSH_ARG_MODE, KGSH_ARG_NONE}, KGSH_CMD_SETTING},
    KGSH_CMD_NEIGHBORS,
    {"once", cmd_once, "FILE", "Send the next result to FILE",
     "Like .output, for the next statement only. The file is written atomically with mode "
     "0600, and not at all when the statement fails.",
     1, 1, {KGSH_ARG_FILE, KGSH_ARG_NONE}, KGSH_CMD_SETTING},
    {"output", cmd_output, "[FILE]", "Send results to FILE (none: back to the screen)",
     "Results go to FILE until the next .output. The file is written under a temporary name "
     "with mode 0600 and renamed into place when output returns to the screen or kgsh ends, "
     "so it appears complete or not at all.",
     0, 1, {KGSH_ARG_FILE, KGSH_ARG_NONE}, KGSH_CMD_SETTING},
    {"pager", cmd_setting, "[on|off]", "Page long results through $PAGER",
     "When on (the default) and kgsh is interactive, results longer or wider than the screen "
     "are shown through $PAGER (less -FRX when unset), which starts at the first screenful "
     "and gets the rest as the query produces it. When $PAGER's program is not installed, "
     "results are printed. Never used in scripts.",
     0, 1, ONOFF, KGSH_CMD_SETTING},
    KGSH_CMD_PATH,
    {"prefix", cmd_prefix, "NAME IRI", "Declare a prefix",
     "Binds NAME: to IRI for the queries and display that follow, like a PREFIX line that "
     "stays.",
     2, 2, {KGSH_ARG_PREFIX, KGSH_ARG_NONE}, KGSH_CMD_SETTING},
    {"prefixes", cmd_prefixes, "", "List the known prefixes",
     "The prefixes every query starts with: the common ones (rdf, rdfs, owl, xsd, skos, "
     "schema, prov, org, foaf, dcterms, wd, wdt), the ontology's (kg, kgr, art), the store's "
     "own and those declared with .prefix or PREFIX lines.",
     0, 0, NOARGS, 0},
    KGSH_CMD_PULL,
    KGSH_CMD_PUSH,
    {"quit", cmd_quit, "", "Leave kgsh", "Ends the session (Ctrl-D on an empty line does too).",
     0, 0, NOARGS, 0},
    {"read", cmd_read, "FILE", "Run the statements and commands in FILE",
     "Runs FILE as a script: SPARQL statements ended by ';' at the end of a line, and "
     "dot-commands.",
     1, 1, {KGSH_ARG_FILE, KGSH_ARG_NONE}, KGSH_CMD_WRITES},
    {"reject", kgsh_cmd_reject, "[N...|all] [FILTER...]",
     "Drop ingested proposals",
     "Removes the proposals numbered N, or all pending ones, from the staging graph; "
     "nothing is added to the article's graph. The filters of .accept narrow the choice: "
     ".reject --rule cue:said drops every pending proposal of that rule. Each decision is "
     "remembered per rule (see .rules).",
     0, 1024, NOARGS, KGSH_CMD_WRITES | KGSH_CMD_LOCAL},
    {"review", kgsh_cmd_review,
     "[N...] [--by article|entity] [FILTER...]",
     "Show ingested proposals with their sentences",
     "Lists the pending proposals staged in the store, by this session or an earlier one "
     "(or the proposals numbered N; this session's accepted and rejected ones too): the "
     "triple with labels, the rule and confidence, and the sentence that states it with "
     "its character offsets in the article's text. --by article groups them under each "
     "article, --by entity under each subject. The FILTERs --rule NAME (NAME* for a "
     "prefix), --min-confidence X and --predicate P (kg:basedIn, basedIn or <IRI>) show "
     "only those, as for .accept.",
     0, 1024, NOARGS, KGSH_CMD_LOCAL},
    {"rules", kgsh_cmd_rules, "", "Show each ingest rule's precision from the decisions",
     "For every rule with decided proposals: how many were accepted and rejected (by "
     ".accept and .reject, in any session; the store keeps each decision in the graph "
     "<https://w3id.org/kgsh/decisions>) and its precision, the accepted share; the least "
     "precise first.",
     0, 0, NOARGS, KGSH_CMD_LOCAL},
    {"search", cmd_search, "TEXT", "Find things by a part of their name or their sentences",
     "Lists the things whose label or other name contains TEXT, ignoring case, then those "
     "that an article sentence containing TEXT makes a statement about: once each, with the "
     "columns thing, label, class (its most specific kg: class), found (name or sentence) and "
     "match (the name or sentence that matched).",
     1, 1, {KGSH_ARG_THING, KGSH_ARG_NONE}, KGSH_CMD_REST},
    KGSH_CMD_SERVE,
    {"stats", cmd_stats, "", "Count things per class, triples per property and graph",
     "Shows the number of quads (a quad is a triple in a graph), how many were asserted "
     "(loaded or inserted) and how many inferred, and the number of distinct triples (the "
     "graphs merged, as a query without GRAPH sees them), each explained; then how many "
     "things each class has, how many triples each property, and how many quads each graph. "
     "In csv, tsv, json and xml mode: one table with the columns section (total, class, "
     "property or graph), item and count.",
     0, 0, NOARGS, 0},
    {"timer", cmd_setting, "[on|off]", "Show how long each statement took",
     "With the timer on, each statement is followed by its wall-clock time (on standard "
     "error).",
     0, 1, ONOFF, KGSH_CMD_SETTING},
    KGSH_CMD_TIMELINE,
    KGSH_CMD_TIMEOUT,
    {"unlink", kgsh_cmd_unlink, "LIST NAME", "Undo the link of a listed name",
     "Records that NAME on list LIST is not the entity it was linked to, and imports the list "
     "again from its file, so its rows move to an entity of their own. The decision is kept "
     "for later imports.",
     2, 2, NOARGS, KGSH_CMD_WRITES | KGSH_CMD_REST | KGSH_CMD_LOCAL},
    {"validate", kgsh_cmd_validate, "[GRAPH]", "Check the data against the ontology",
     "Reports, one line each, unknown kg: terms, domain and range violations, literals of "
     "the wrong datatype, kgr: nodes without rdfs:label, references to nodes nothing "
     "describes, plans without kg:status, post holdings without kg:holder and a sanction "
     "measure asserted as two nodes (same entity, authority, list and start date), naming "
     "the triple, its graph and the sentence that states it. Without "
     "GRAPH the whole store is checked as one body of data; with it, that graph alone.",
     0, 1, {KGSH_ARG_GRAPH, KGSH_ARG_NONE}, KGSH_CMD_LOCAL},
    KGSH_CMD_WHY,
    {"width", cmd_width, "[N...]", "Set how wide table columns may be",
     "With one N, no table column is wider than N terminal cells (default 60); with several, "
     "the first column is at most the first N, the second the second, and so on (0: the "
     "default), up to 7 columns. Wider cells are cut with \"…\": IRIs in the middle, "
     "keeping the end that tells them apart (kgr:sanction-…-entity-list-2019), other text at "
     "the end. Without N, shows the widths.",
     0, 7, NOARGS, KGSH_CMD_SETTING},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, NOARGS, 0},
};

const kgsh_command *kgsh_command_find(const char *name, int *candidates)
{
    const kgsh_command *found = NULL;
    int n = 0;
    size_t len = strlen(name);
    for (const kgsh_command *c = kgsh_commands; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            n = 1;
            found = c;
            break;
        }
        if (len > 0 && strncmp(c->name, name, len) == 0) {
            n++;
            found = c;
        }
    }
    if (candidates)
        *candidates = n;
    return n == 1 ? found : NULL;
}

/* ----------------------------------------------------------- dispatch */

bool kgsh_command_is_setting(const char *line)
{
    char name[32];
    size_t n = strcspn(line + 1, " \t");
    if (n >= sizeof name)
        return false;
    memcpy(name, line + 1, n);
    name[n] = '\0';
    const kgsh_command *c = kgsh_command_find(name, NULL);
    return c && (c->flags & KGSH_CMD_SETTING);
}

static void list_candidates(kgsh_session *s, const char *name)
{
    char list[1024] = "";
    size_t len = strlen(name), used = 0;
    for (const kgsh_command *c = kgsh_commands; c->name; c++)
        if (strncmp(c->name, name, len) == 0 && used + strlen(c->name) + 4 < sizeof list)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s.%s", used ? ", " : "",
                                     c->name);
    kgsh_fail(s, "\".%s\" is ambiguous: %s", name, list);
}

/* Commands on the embedded store wait while statements go to a server. */
static bool local_allowed(kgsh_session *s, const kgsh_command *c)
{
    if (!s->remote || !(c->flags & KGSH_CMD_LOCAL))
        return true;
    kgsh_fail(s, ".%s works on the embedded store, and statements now go to %s: "
                 ".disconnect first",
              c->name, kg_endpoint_url(s->remote));
    return false;
}

/* Runs a command; while connected, one that walks a store runs on a copy
 * of the server's graphs, put in the session's place for its duration. */
static bool run(kgsh_session *s, const kgsh_command *c, int argc, char **argv)
{
    /* every command sees the latest commit, whoever made it */
    if (s->store && kg_store_refresh(s->store) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    if (!s->remote || !(c->flags & KGSH_CMD_SNAPSHOT))
        return c->run(s, argc, argv);
    kg_store *snapshot = kgsh_remote_snapshot(s), *own = s->store;
    if (!snapshot)
        return false;
    s->store = snapshot;
    kgsh_interrupt_set_store(snapshot);
    bool ok = c->run(s, argc, argv);
    s->store = own;
    kgsh_interrupt_set_store(own);
    kg_store_close(snapshot);
    return ok;
}

bool kgsh_command_run_argv(kgsh_session *s, int argc, char **argv)
{
    const kgsh_command *c = NULL;
    for (const kgsh_command *k = kgsh_commands; k->name && !c; k++)
        if (strcmp(k->name, argv[0]) == 0)
            c = k;
    if (!c) {
        kgsh_fail(s, "unknown command \"%s\" (kgsh --help lists them)", argv[0]);
        return false;
    }
    if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
        kgsh_fail(s, "usage: kgsh %s %s", c->name, c->synopsis);
        return false;
    }
    if (!local_allowed(s, c))
        return false;
    char *args[8] = {(char *)c->name};
    for (int i = 1; i < argc && i < 8; i++)
        args[i] = argv[i];
    bool ok = run(s, c, argc, args);
    if (c->flags & KGSH_CMD_WRITES)
        kgsh_complete_invalidate(s);
    return ok;
}

bool kgsh_command_run(kgsh_session *s, const char *line)
{
    char *copy = strdup(line + 1);
    if (!copy) {
        kgsh_fail(s, "out of memory");
        return false;
    }
    char *p = copy;
    while (*p && !isspace((unsigned char)*p))
        p++;
    char *rest = *p ? p + 1 : p;
    *p = '\0';
    int n = 0;
    const kgsh_command *c = kgsh_command_find(copy, &n);
    bool ok = false;
    if (!c && n > 1) {
        list_candidates(s, copy);
    } else if (!c) {
        kgsh_fail(s, "unknown command \".%s\" (see .help)", copy);
    } else {
        /* as many words as the command takes (.review up to 64), and its name */
        char **argv = calloc((size_t)c->max_args + 1, sizeof *argv);
        int argc = argv ? kgsh_split_words(rest, (c->flags & KGSH_CMD_REST) ? c->max_args : 0,
                                           argv, c->max_args + 1)
                        : 0;
        if (argv)
            argv[0] = (char *)c->name;
        if (!argv)
            kgsh_fail(s, "out of memory");
        else if (argc < 0)
            kgsh_fail(s, "unclosed quote in .%s", c->name);
        else if (argc - 1 < c->min_args || argc - 1 > c->max_args)
            kgsh_fail(s, "usage: .%s %s", c->name, c->synopsis);
        else if (local_allowed(s, c))
            ok = run(s, c, argc, argv);
        if (c->flags & KGSH_CMD_WRITES)
            kgsh_complete_invalidate(s);
        free(argv);
    }
    free(copy);
    return ok;
}

/* -------------------------------------------------------- bundled data */

static kg_status load_one(kgsh_session *s, const char *path, const char *graph)
{
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    kg_term g = kg_term_iri(graph ? graph : "");
    opts.graph = graph ? &g : NULL;
    return kg_load_file(s->store, path, &opts, NULL);
}

bool kgsh_load_bundled(kgsh_session *s)
{
    const char *dir = kgsh_datadir();
    char *ontology = NULL, *pattern = NULL;
    glob_t articles = {0};
    if (asprintf(&ontology, "%s/ontology/kgsh.ttl", dir) < 0 ||
        asprintf(&pattern, "%s/datasets/articles/*.trig", dir) < 0) {
        kgsh_fail(s, "out of memory");
        return false;
    }
    int g = glob(pattern, 0, NULL, &articles);
    kg_status st = kg_store_begin(s->store);
    /* the ontology has blank nodes, which a second load would duplicate:
     * replace its graph instead (the articles name their own graphs and
     * have none) */
    kg_term ontology_graph = kg_term_iri(ONTOLOGY_GRAPH);
    if (st == KG_OK)
        st = kg_store_drop_graph(s->store, &ontology_graph);
    if (st == KG_ERR_NOT_FOUND)
        st = KG_OK;
    if (st == KG_OK)
        st = load_one(s, ontology, ONTOLOGY_GRAPH);
    for (size_t i = 0; st == KG_OK && g == 0 && i < articles.gl_pathc; i++)
        st = load_one(s, articles.gl_pathv[i], NULL);
    if (st == KG_OK)
        st = kg_store_commit(s->store);
    else
        kg_store_rollback(s->store);
    bool ok = st == KG_OK;
    if (!ok) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        if (st == KG_ERR_NOT_FOUND || st == KG_ERR_IO)
            fprintf(stderr, "(the bundled data is looked for in %s; set KGSH_DATADIR)\n", dir);
    } else {
        store_changed(s);
        kgsh_note(s, "Loaded the bundled data from %s: the ontology and %zu articles; the store "
                     "has %llu quads",
               dir, g == 0 ? articles.gl_pathc : 0, (unsigned long long)kg_store_size(s->store));
    }
    globfree(&articles);
    free(ontology);
    free(pattern);
    return ok;
}
