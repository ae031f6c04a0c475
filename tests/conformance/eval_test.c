/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/eval_test.c - runs the W3C SPARQL 1.0 and 1.1
 * evaluation tests (queries, updates, the CSV result format) against libkg
 * and prints TAP, one case per W3C test.
 *
 * Each test runs in a forked child with a time limit, so a crash or a
 * runaway query fails that test only. The child builds an in-memory store
 * (qt:data in the default graph, each qt:graphData in a graph named by its
 * file's IRI; ut:data and ut:graphData named by their rdfs:label), runs the
 * query with strict_default_graph and the query file's IRI as base, and
 * compares with the expected result (compare.h).
 *
 * Every failure is checked against tests/conformance/expected-failures.txt:
 * a listed test that fails is a known failure (TAP "# TODO"), an unlisted
 * one is a regression, and a listed test that passes fails too, so that the
 * list is kept honest. A Markdown report (per folder: passed, failed, why)
 * is written with --report.
 *
 * Usage: eval_test [--suite DIR] [--manifest FILE] [--expected FILE]
 *                  [--report FILE] [--dump DIR] [--timeout SECONDS]
 *                  [--no-fork] [FILTER]
 * FILTER keeps the tests whose id contains it. --manifest runs the tests of
 * one other manifest instead of the W3C suites (kgsh's own edge tests in
 * tests/conformance/edge), with no check of the W3C suites' test count. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compare.h"
#include "eval_manifest.h"
#include "graph_read.h"
#include "kg/io.h"
#include "kg/query.h"
#include "kg/results.h"
#include "kg/store.h"
#include "results_read.h"
#include "test.h"

enum { MAX_DIAG_ROWS = 30 };

/* The number of evaluation tests the suite's manifests list (515 query, 94
 * update, 3 CSV tests), so that tests lost by the manifest reader show up
 * as a failure rather than as a smaller, all-passing run. */
enum { SUITE_TESTS = 612 };

typedef struct options {
    const char *suite;    /* tests/w3c/sparql */
    const char *manifest; /* a manifest to run instead of the suite's, or NULL */
    const char *expected; /* expected-failures.txt */
    const char *report;   /* REPORT.md to write, or NULL */
    const char *dump;     /* directory for libkg's answers, or NULL */
    const char *filter;
    int timeout;          /* seconds per test: a hang guard, never a speed bound (each takes
                             milliseconds; 600 s leaves room for a busy machine under ASan) */
    bool fork;
} options;

/* A line of the expected-failures file. */
typedef struct known {
    char *id;
    char *reason;
} known;

typedef enum verdict { PASS, FAIL } verdict;

typedef struct outcome {
    const cf_eval_test *test;
    verdict verdict;
    char why[1024];
    const known *known; /* its line in the expected-failures file */
} outcome;

/* ---- running one test (in the child) -------------------------------- */

static kg_status load_dataset(kg_store *store, const cf_dataset_files *d, char *why, size_t n)
{
    for (size_t i = 0; i < d->ndata + d->ngraphs; i++) {
        const char *path = i < d->ndata ? d->data[i] : d->graphs[i - d->ndata].path;
        kg_term graph = kg_term_iri(i < d->ndata ? "" : d->graphs[i - d->ndata].name);
        char *base = cf_file_iri(path);
        kg_load_options opts = KG_LOAD_OPTIONS_INIT;
        opts.graph = i < d->ndata ? NULL : &graph;
        opts.base_iri = base;
        kg_status st = kg_load_file(store, path, &opts, NULL);
        free(base);
        if (st != KG_OK) {
            char msg[600];
            snprintf(why, n, "loading the data failed: %s",
                     kg_error_format(kg_store_error(store), msg, sizeof msg));
            return st;
        }
    }
    return KG_OK;
}

/* Loads the files named by the query's FROM and FROM NAMED clauses into
 * graphs named by their IRIs. libkg never fetches a FROM IRI itself (it
 * picks graphs of the store), so the harness plays the part of the dataset
 * loader that the spec leaves to the implementation. Only the prologue
 * before the first '{' is scanned, and only relative IRIs (the suite's
 * files) are loaded. */
static kg_status preload_from(kg_store *store, const char *query_path, const char *text, char *why,
                              size_t n)
{
    const char *end = strchr(text, '{');
    end = end ? end : text + strlen(text);
    kg_status st = KG_OK;
    char *loaded[16] = {0}; /* FROM <x> FROM NAMED <x> loads x once */
    size_t nloaded = 0;
    for (const char *p = text; st == KG_OK && (p = strcasestr(p, "FROM")) && p < end;) {
        const char *q = p + 4;
        p = q;
        if (!strchr(" \t\r\n", *q))
            continue;
        q += strspn(q, " \t\r\n");
        if (strncasecmp(q, "NAMED", 5) == 0)
            q += 5 + strspn(q + 5, " \t\r\n");
        const char *close = *q == '<' ? strchr(q, '>') : NULL;
        if (!close || memchr(q, ':', (size_t)(close - q)))
            continue;
        const char *slash = strrchr(query_path, '/');
        char path[4096];
        snprintf(path, sizeof path, "%.*s%.*s", slash ? (int)(slash - query_path + 1) : 0, query_path,
                 (int)(close - q - 1), q + 1);
        char *iri = cf_file_iri(path);
        bool again = false;
        for (size_t i = 0; iri && i < nloaded; i++)
            again = again || strcmp(loaded[i], iri) == 0;
        if (!iri) {
            snprintf(why, n, "FROM <%.*s>: no such file", (int)(close - q - 1), q + 1);
            st = KG_ERR_IO;
        } else if (!again && nloaded < sizeof loaded / sizeof loaded[0]) {
            cf_graph_file graph = {iri, path};
            cf_dataset_files files = {.graphs = &graph, .ngraphs = 1};
            st = load_dataset(store, &files, why, n);
            loaded[nloaded++] = iri;
            continue;
        }
        free(iri);
    }
    for (size_t i = 0; i < nloaded; i++)
        free(loaded[i]);
    return st;
}

/* The store's quads as a dataset (exported as N-Quads, read back with the
 * harness's reader). The N-Quads text goes to *nquads for --dump. */
static kg_status store_state(kg_store *store, cf_results **out, char **nquads, char *why, size_t n)
{
    size_t len = 0;
    FILE *mem = open_memstream(nquads, &len);
    kg_export_options opts = KG_EXPORT_OPTIONS_INIT;
    opts.format = KG_FORMAT_NQUADS;
    kg_status st = mem ? kg_export_stream(store, mem, &opts, NULL) : KG_ERR_NOMEM;
    if (mem)
        fclose(mem);
    if (st != KG_OK) {
        char msg[600];
        snprintf(why, n, "exporting the store failed: %s",
                 kg_error_format(kg_store_error(store), msg, sizeof msg));
        return st;
    }
    kg_error err = {0};
    *out = cf_results_new(CF_RESULTS_GRAPH);
    if (!*out || !cf_graph_add_graph_column(*out))
        return KG_ERR_NOMEM;
    st = cf_graph_read_string(*out, *nquads, len, "nquads", "store export", NULL, NULL, NULL, &err);
    if (st != KG_OK)
        snprintf(why, n, "the store's N-Quads export does not parse: line %lu: %s", err.line,
                 err.message);
    cf_results_dedupe(*out);
    return st;
}

/* The expected store of an update test: each file's blank nodes kept apart
 * by a label prefix of their own. */
static kg_status expected_state(const cf_dataset_files *d, cf_results **out, char *why, size_t n)
{
    *out = cf_results_new(CF_RESULTS_GRAPH);
    if (!*out || !cf_graph_add_graph_column(*out))
        return KG_ERR_NOMEM;
    kg_status st = KG_OK;
    for (size_t i = 0; st == KG_OK && i < d->ndata + d->ngraphs; i++) {
        const char *path = i < d->ndata ? d->data[i] : d->graphs[i - d->ndata].path;
        kg_term graph = kg_term_iri(i < d->ndata ? "" : d->graphs[i - d->ndata].name);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "f%zu_", i);
        kg_error err = {0};
        st = cf_graph_read(*out, path, NULL, i < d->ndata ? NULL : &graph, prefix, &err);
        if (st != KG_OK)
            snprintf(why, n, "the expected data does not read: %s:%lu: %s", path, err.line,
                     err.message);
    }
    cf_results_dedupe(*out);
    return st;
}

static kg_status expected_result(const cf_eval_test *t, cf_results **out, char *why, size_t n)
{
    if (t->kind == CF_EVAL_UPDATE)
        return expected_state(&t->expected, out, why, n);
    if (!t->result) {
        snprintf(why, n, "the manifest names no expected result");
        return KG_ERR_INVALID;
    }
    kg_error err = {0};
    kg_status st = cf_results_read(t->result, NULL, out, &err);
    if (st != KG_OK)
        snprintf(why, n, "the expected result does not read: %s:%lu: %s", t->result, err.line,
                 err.message);
    return st;
}

/* Writes libkg's answer for the cross-check (rdflib_crosscheck.py):
 * <dump>/<id>.srj, .nt, .nq, or .err with why. */
static void dump(const options *o, const cf_eval_test *t, const cf_results *actual,
                 const char *nquads, const char *error)
{
    char path[4096];
    const char *ext = error                                     ? ".err"
                      : nquads                                  ? ".nq"
                      : actual->kind == CF_RESULTS_GRAPH        ? ".nt"
                                                                : ".srj";
    mkdir(o->dump, 0777);
    snprintf(path, sizeof path, "%s/%s%s", o->dump, t->id, ext);
    for (char *slash = strchr(path + strlen(o->dump) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0777);
        *slash = '/';
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    if (error)
        fprintf(f, "%s\n", error);
    else if (nquads)
        fputs(nquads, f);
    else
        cf_results_write(actual, actual->kind == CF_RESULTS_GRAPH ? KG_RESULTS_NTRIPLES : KG_RESULTS_JSON, f);
    fclose(f);
}

/* Runs the query or update; *actual is libkg's answer. */
static kg_status run_query(const options *o, const cf_eval_test *t, kg_store *store,
                           cf_results **actual, char **nquads, char *why, size_t n)
{
    size_t len;
    char *text = kg_test_read_file(t->query, &len);
    if (!text) {
        snprintf(why, n, "cannot read %s", t->query);
        return KG_ERR_IO;
    }
    char *base = cf_file_iri(t->query);
    kg_query_options qo = KG_QUERY_OPTIONS_INIT;
    qo.base_iri = base;
    qo.strict_default_graph = true;
    qo.access = KG_ACCESS_FILE;
    qo.allowed_dir = o->suite;
    kg_query *q = NULL;
    kg_results *res = NULL;
    kg_error err = {0};
    char msg[600];
    kg_status st = preload_from(store, t->query, text, why, n);
    if (st == KG_OK && (st = kg_query_prepare(&q, store, text, len, &qo, &err)) != KG_OK)
        snprintf(why, n, "prepare failed: %s", kg_error_format(&err, msg, sizeof msg));
    if (st == KG_OK && (st = kg_query_execute(&res, q)) != KG_OK)
        snprintf(why, n, "execute failed: %s", kg_error_format(kg_query_error(q), msg, sizeof msg));
    if (st == KG_OK && t->kind == CF_EVAL_UPDATE) {
        st = store_state(store, actual, nquads, why, n);
    } else if (st == KG_OK && t->kind == CF_EVAL_CSV) {
        /* The CSV test checks the writer: libkg's CSV, read back. */
        char *csv = NULL;
        size_t csv_len = 0;
        FILE *mem = open_memstream(&csv, &csv_len);
        kg_error werr = {0};
        st = kg_results_write(res, KG_RESULTS_CSV, mem, &werr);
        fclose(mem);
        if (st == KG_OK)
            st = cf_results_read_csv(csv, csv_len, "libkg's CSV", actual, &werr);
        if (st != KG_OK)
            snprintf(why, n, "CSV output failed: %s", werr.message);
        free(csv);
    } else if (st == KG_OK && (st = cf_results_from_kg(res, actual)) != KG_OK) {
        snprintf(why, n, "reading the results failed: %s",
                 kg_error_format(kg_query_error(q), msg, sizeof msg));
    }
    kg_results_free(res);
    kg_query_free(q);
    free(base);
    free(text);
    return st;
}

static void print_diagnostics(const cf_results *expected, const cf_results *actual)
{
    printf("#   expected:\n");
    cf_results_print(expected, stdout, MAX_DIAG_ROWS);
    printf("#   got:\n");
    cf_results_print(actual, stdout, MAX_DIAG_ROWS);
}

/* Runs one test; false with why set when it fails. Prints diagnostics. */
static bool run_test(const options *o, const cf_eval_test *t, char *why, size_t n)
{
    kg_store *store = NULL;
    kg_error err = {0};
    cf_results *expected = NULL, *actual = NULL;
    char *nquads = NULL;
    bool ok = false;
    kg_status st = kg_store_open(&store, NULL, KG_STORE_MEMORY, &err);
    if (st != KG_OK)
        snprintf(why, n, "opening an in-memory store failed: %s", err.message);
    if (st == KG_OK)
        st = load_dataset(store, &t->input, why, n);
    if (st == KG_OK)
        st = expected_result(t, &expected, why, n);
    if (st == KG_OK)
        st = run_query(o, t, store, &actual, &nquads, why, n);
    if (st == KG_OK) {
        size_t len;
        char *text = kg_test_read_file(t->query, &len);
        bool ordered = t->kind != CF_EVAL_UPDATE && text && cf_query_is_ordered(text, len);
        free(text);
        if (t->lax) {
            cf_results_dedupe(expected);
            cf_results_dedupe(actual);
        }
        ok = cf_results_equal(expected, actual, ordered, why, n);
        if (!ok)
            print_diagnostics(expected, actual);
    }
    if (o->dump && (actual || !ok))
        dump(o, t, actual, t->kind == CF_EVAL_UPDATE ? nquads : NULL, actual ? NULL : why);
    free(nquads);
    cf_results_free(expected);
    cf_results_free(actual);
    kg_store_close(store);
    return ok;
}

/* ---- isolation ------------------------------------------------------ */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the test in a child process; its "why" comes back through a pipe. */
static verdict run_isolated(const options *o, const cf_eval_test *t, char *why, size_t n)
{
    if (!o->fork)
        return run_test(o, t, why, n) ? PASS : FAIL;
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(why, n, "pipe: %s", strerror(errno));
        return FAIL;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        /* Room for a message of kg_error's size after its context (the
         * parent keeps as much as outcome.why holds). */
        char child_why[1024] = "";
        bool ok = run_test(o, t, child_why, sizeof child_why);
        fflush(stdout);
        ssize_t unused = write(fds[1], child_why, strlen(child_why));
        (void)unused;
        _exit(ok ? 0 : 1);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        snprintf(why, n, "fork: %s", strerror(errno));
        return FAIL;
    }
    size_t got = 0;
    double deadline = now() + o->timeout;
    bool timed_out = false;
    for (;;) {
        int left = (int)((deadline - now()) * 1000);
        struct pollfd p = {fds[0], POLLIN, 0};
        if (left <= 0 || poll(&p, 1, left) == 0) {
            timed_out = true;
            kill(pid, SIGKILL);
            break;
        }
        ssize_t r = read(fds[0], why + got, n - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    why[got] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (timed_out) {
        snprintf(why, n, "timed out after %d s", o->timeout);
        return FAIL;
    }
    if (WIFSIGNALED(status)) {
        snprintf(why, n, "crashed with signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
        return FAIL;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? PASS : FAIL;
}

/* ---- the expected-failures file -------------------------------------- */

typedef struct known_list {
    known *items;
    size_t count;
} known_list;

/* Lines are "<id> <reason>"; '#' starts a comment line. */
static bool read_known(const char *path, known_list *out)
{
    size_t len;
    char *text = kg_test_read_file(path, &len);
    if (!text)
        return false;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        line += strspn(line, " \t");
        if (!*line || *line == '#')
            continue;
        size_t id_len = strcspn(line, " \t");
        const char *reason = line + id_len + strspn(line + id_len, " \t");
        out->items = realloc(out->items, (out->count + 1) * sizeof *out->items);
        out->items[out->count].id = strndup(line, id_len);
        out->items[out->count].reason = strdup(*reason ? reason : "(no reason given)");
        out->count++;
    }
    free(text);
    return true;
}

static const known *find_known(const known_list *k, const char *id)
{
    for (size_t i = 0; i < k->count; i++)
        if (strcmp(k->items[i].id, id) == 0)
            return &k->items[i];
    return NULL;
}

/* ---- the report ----------------------------------------------------- */

/* "sparql11/add" of "sparql11/add/add01". */
static size_t folder_len(const char *id)
{
    const char *slash = strrchr(id, '/');
    return slash ? (size_t)(slash - id) : strlen(id);
}

static void tally_row(FILE *f, const char *what, size_t total, size_t passed)
{
    fprintf(f, "| %s | %zu | %zu | %zu | %.1f%% |\n", what, total, passed, total - passed,
            total ? 100.0 * (double)passed / (double)total : 100.0);
}

static void write_report(const char *path, const outcome *res, size_t n, const known_list *k,
                         size_t found)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "eval_test: cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    static const char *const kind_names[] = {"Query evaluation", "Update evaluation",
                                             "CSV result format"};
    size_t total[3] = {0}, passed[3] = {0}, all = 0, all_passed = 0, regress = 0, fixed = 0;
    for (size_t i = 0; i < n; i++) {
        total[res[i].test->kind]++, all++;
        if (res[i].verdict == PASS)
            passed[res[i].test->kind]++, all_passed++;
        regress += res[i].verdict == FAIL && !res[i].known;
        fixed += res[i].verdict == PASS && res[i].known;
    }
    fprintf(f, "# W3C SPARQL evaluation tests: libkg conformance report\n\n"
               "Written by `tests/conformance/eval_test` (`make conformance`) from the W3C SPARQL "
               "1.0 and 1.1 test suites in `tests/w3c/sparql` (see `tests/w3c/ORIGIN.md`). Each "
               "test runs on an in-memory store with the spec's dataset (strict default graph); "
               "results compare as multisets up to blank node renaming, in order when the query "
               "has ORDER BY. Known failures, each with its reason, are listed in "
               "`tests/conformance/expected-failures.txt`; an independent check with rdflib is in "
               "`CROSSCHECK.md`. Syntax tests are reported by `syntax_test`.\n\n"
               "## Totals\n\n| tests | total | passed | failed | passed |\n|---|---|---|---|---|\n");
    for (int kind = 0; kind < 3; kind++)
        tally_row(f, kind_names[kind], total[kind], passed[kind]);
    tally_row(f, "**All evaluation tests**", all, all_passed);
    fprintf(f, "\nKnown failures listed: %zu. Regressions (failing, not listed): %zu. "
               "Fixed (listed, now passing): %zu.\n",
            k->count, regress, fixed);
    if (found != SUITE_TESTS)
        fprintf(f, "\n**The manifests yielded %zu of the suite's %d evaluation tests**: the "
                   "missing ones were not run and are not in these counts.\n",
                found, SUITE_TESTS);
    fprintf(f, "\n");
    fprintf(f, "## By folder\n\n| folder | total | passed | failed | passed |\n|---|---|---|---|---|\n");
    for (size_t i = 0, j; i < n; i = j) {
        size_t fl = folder_len(res[i].test->id), p = 0;
        for (j = i; j < n && folder_len(res[j].test->id) == fl &&
                    strncmp(res[j].test->id, res[i].test->id, fl) == 0;
             j++)
            p += res[j].verdict == PASS;
        char folder[256];
        snprintf(folder, sizeof folder, "%.*s", (int)fl, res[i].test->id);
        tally_row(f, folder, j - i, p);
    }
    fprintf(f, "\n## Failures\n\n");
    if (all == all_passed)
        fprintf(f, "None.\n");
    for (size_t i = 0; i < n; i++) {
        if (res[i].verdict == PASS && !res[i].known)
            continue;
        fprintf(f, "- `%s` (%s): %s", res[i].test->id, res[i].test->name,
                res[i].verdict == PASS ? "passes now: remove it from expected-failures.txt" : res[i].why);
        if (res[i].known && res[i].verdict == FAIL)
            fprintf(f, " — known: %s", res[i].known->reason);
        else if (res[i].verdict == FAIL)
            fprintf(f, " — **regression**: not in expected-failures.txt");
        fprintf(f, "\n");
    }
    fclose(f);
}

/* ---- main ----------------------------------------------------------- */

/* The top manifests of the two suites; the folders' manifests are reached
 * through their mf:include lists. */
static const char *const TOP_MANIFESTS[] = {
    "sparql10/manifest-evaluation.ttl",
    "sparql11/manifest-all.ttl",
};

static bool read_suite(const options *o, cf_eval_list *list)
{
    char err[1024] = "", path[8400];
    kg_manifest *m = NULL;
    size_t ntop = o->manifest ? 1 : sizeof TOP_MANIFESTS / sizeof TOP_MANIFESTS[0];
    for (size_t i = 0; i < ntop; i++) {
        if (o->manifest && snprintf(path, sizeof path, "%s", o->manifest) >= (int)sizeof path) {
            snprintf(err, sizeof err, "manifest name too long");
            break;
        }
        if (!o->manifest &&
            snprintf(path, sizeof path, "%s/%s", o->suite, TOP_MANIFESTS[i]) >= (int)sizeof path) {
            snprintf(err, sizeof err, "suite directory name too long");
            break;
        }
        if (!m)
            m = kg_manifest_load(path, err, sizeof err);
        else if (!kg_manifest_add(m, path, err, sizeof err))
            break;
    }
    kg_error kerr = {0};
    bool ok = m && !err[0];
    if (!ok)
        fprintf(stderr, "eval_test: %s\n", err);
    else if (cf_eval_list_add(list, m, &kerr) != KG_OK)
        ok = false, fprintf(stderr, "eval_test: %s:%lu: %s\n", kerr.file, kerr.line, kerr.message);
    kg_manifest_free(m);
    return ok;
}

static void usage(void)
{
    fprintf(stderr, "usage: eval_test [--suite DIR] [--manifest FILE] [--expected FILE]\n"
                    "                 [--report FILE] [--dump DIR] [--timeout SECONDS] [--no-fork]\n"
                    "                 [FILTER]\n");
    exit(2);
}

static options parse_args(int argc, char **argv)
{
    static char suite[4096], expected[4096];
    const char *srcdir = getenv("srcdir");
    srcdir = srcdir && *srcdir ? srcdir : ".";
    snprintf(suite, sizeof suite, "%s/tests/w3c/sparql", srcdir);
    snprintf(expected, sizeof expected, "%s/tests/conformance/expected-failures.txt", srcdir);
    options o = {.suite = suite, .expected = expected, .timeout = 600, .fork = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--no-fork") == 0)
            o.fork = false;
        else if (a[0] == '-' && a[1] == '-' && !next)
            usage();
        else if (strcmp(a, "--suite") == 0)
            o.suite = argv[++i];
        else if (strcmp(a, "--manifest") == 0)
            o.manifest = argv[++i];
        else if (strcmp(a, "--expected") == 0)
            o.expected = argv[++i];
        else if (strcmp(a, "--report") == 0)
            o.report = argv[++i];
        else if (strcmp(a, "--dump") == 0)
            o.dump = argv[++i];
        else if (strcmp(a, "--timeout") == 0)
            o.timeout = atoi(argv[++i]);
        else if (a[0] == '-')
            usage();
        else
            o.filter = a;
    }
    if (o.timeout <= 0)
        usage();
    return o;
}

/* The TAP line's name: the id and mf:name, without '#' (a TAP directive). */
static void tap_name(const cf_eval_test *t, char *buf, size_t n)
{
    snprintf(buf, n, "%s (%s)", t->id, t->name);
    for (char *p = buf; *p; p++)
        if (*p == '#' || *p == '\n')
            *p = ' ';
}

int main(int argc, char **argv)
{
    options o = parse_args(argc, argv);
    setvbuf(stdout, NULL, _IOLBF, 0);
    cf_eval_list list = {0};
    known_list k = {0};
    if (!read_suite(&o, &list))
        return 99;
    if (!read_known(o.expected, &k))
        fprintf(stderr, "eval_test: no expected-failures file at %s; every failure counts\n", o.expected);
    size_t planned = 0;
    for (size_t i = 0; i < list.count; i++)
        planned += !o.filter || strstr(list.tests[i].id, o.filter);
    bool whole = !o.filter && !o.manifest; /* then also check that no W3C test went missing */
    printf("1..%zu\n", planned + whole);
    outcome *res = calloc(planned ? planned : 1, sizeof *res);
    size_t n = 0, bad = 0;
    for (size_t i = 0; i < list.count; i++) {
        const cf_eval_test *t = &list.tests[i];
        if (o.filter && !strstr(t->id, o.filter))
            continue;
        outcome *r = &res[n++];
        r->test = t;
        r->verdict = run_isolated(&o, t, r->why, sizeof r->why);
        r->known = find_known(&k, t->id);
        char name[600];
        tap_name(t, name, sizeof name);
        if (r->verdict == PASS && !r->known) {
            printf("ok %zu - %s\n", n, name);
        } else if (r->verdict == PASS) {
            printf("not ok %zu - %s\n# fixed: it passes now, remove it from %s\n", n, name, o.expected);
            bad++;
        } else if (r->known) {
            printf("# %s\nnot ok %zu - %s # TODO known failure: %s\n", r->why, n, name, r->known->reason);
        } else {
            printf("# %s\nnot ok %zu - %s\n", r->why, n, name);
            bad++;
        }
    }
    if (whole && list.count != SUITE_TESTS) {
        printf("# the manifests list %zu evaluation tests, the suite has %d\n", list.count, SUITE_TESTS);
        printf("not ok %zu - manifests: every evaluation test of the suite is found\n", n + 1);
        bad++;
    } else if (whole) {
        printf("ok %zu - manifests: every evaluation test of the suite is found\n", n + 1);
    }
    if (o.report)
        write_report(o.report, res, n, &k, list.count);
    free(res);
    cf_eval_list_clear(&list);
    for (size_t i = 0; i < k.count; i++)
        free(k.items[i].id), free(k.items[i].reason);
    free(k.items);
    return bad ? 1 : 0;
}
