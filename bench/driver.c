/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/driver.c - times libkg's operations for the benchmark (bench/run.sh).
 *
 * Each subcommand is one measured operation, run in its own process so that
 * its peak memory (getrusage ru_maxrss) is its own. Results are printed as
 * JSON lines, one per figure, with wall-clock and CPU seconds and peak RSS;
 * run.sh collects them with the peers' lines and bench/report.js makes the
 * table.
 *
 *   driver expand TEMPLATE_DIR OUT_DIR
 *       writes every permutation of each reference query's triple patterns
 *       (the template lines marked "#P") as OUT_DIR/NAME.pNNN.rq, so that
 *       kgsh and every peer run exactly the same texts
 *   driver load-persistent STORE_DIR FILE   load into a new persistent store
 *   driver load-memory FILE                 load into an in-memory store
 *   driver queries STORE_DIR QUERY_DIR      open the store, time the first
 *       query, then every permutation file of QUERY_DIR
 *   driver export STORE_DIR OUT_PREFIX      export to OUT_PREFIX.ttl and .nq
 *   driver explore STORE_DIR                the shell's .describe lookup
 *       (kg_resolve of a company's label), .path (kg_path_find) and
 *       .exposure for all companies (kg_exposure_find) through kg/explore.h
 *   driver exec SYSTEM OP OUT CMD [ARG...]  runs a peer's command with its
 *       standard output to OUT, and reports its time and peak memory
 *
 * BENCH_SIZE in the environment (the triple count of the data) is copied
 * into every line. This is a benchmark program, not library code: it
 * prints and exits freely. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kg/kg.h"

/* ---- measuring ---- */

typedef struct stamp {
    double wall, cpu;
} stamp;

/* CPU time is the figure the table compares: the machine is shared, and
 * wall-clock time moves with whatever else runs on it. */
static stamp now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    return (stamp){
        .wall = (double)w.tv_sec + (double)w.tv_nsec * 1e-9,
        .cpu = (double)c.tv_sec + (double)c.tv_nsec * 1e-9,
    };
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Current resident set, from /proc/self/status (VmRSS), in kB. */
static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

static const char *bench_size(void)
{
    const char *s = getenv("BENCH_SIZE");
    return s && *s ? s : "0";
}

static void print_head(const char *system, const char *op)
{
    printf("{\"system\":\"%s\",\"size\":%s,\"op\":\"%s\"", system, bench_size(), op);
}

/* One JSON line. extra is more "key":value members (or ""), already JSON. */
static void report(const char *op, const char *query, stamp t0, stamp t1, const char *extra)
{
    print_head("kgsh", op);
    if (query)
        printf(",\"query\":\"%s\"", query);
    printf(",\"wall\":%.6f,\"cpu\":%.6f,\"peak_rss_kb\":%ld%s%s}\n", t1.wall - t0.wall,
           t1.cpu - t0.cpu, peak_rss_kb(), *extra ? "," : "", extra);
    fflush(stdout);
}

static void die(const char *what, const kg_error *err)
{
    char buf[2048];
    fprintf(stderr, "driver: %s: %s\n", what, err ? kg_error_format(err, buf, sizeof buf) : "");
    exit(1);
}

static uint64_t dir_bytes(const char *dir)
{
    DIR *d = opendir(dir);
    uint64_t total = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

/* ---- permutations of the reference queries ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap && !(buf = realloc(buf, cap = (cap + 4096) * 2)))
            exit(1);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

/* Rearranges a[0..n) into the next permutation in lexicographic order;
 * false after the last one. */
static bool next_permutation(int *a, int n)
{
    int i = n - 2;
    while (i >= 0 && a[i] >= a[i + 1])
        i--;
    if (i < 0)
        return false;
    int j = n - 1;
    while (a[j] <= a[i])
        j--;
    int t = a[i];
    a[i] = a[j], a[j] = t;
    for (int l = i + 1, r = n - 1; l < r; l++, r--)
        t = a[l], a[l] = a[r], a[r] = t;
    return true;
}

#define MAX_LINES 256
#define MAX_PATTERNS 6

/* Writes every ordering of the "#P" lines of one template. */
static int expand_one(const char *in_path, const char *out_dir, const char *name)
{
    char *text = slurp(in_path, NULL);
    if (!text)
        return perror(in_path), 1;
    char *lines[MAX_LINES];
    int nlines = 0, slot[MAX_PATTERNS], npat = 0;
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && nlines < MAX_LINES;
         l = strtok_r(NULL, "\n", &save)) {
        char *mark = strstr(l, "#P");
        if (mark && npat < MAX_PATTERNS) {
            while (mark > l && mark[-1] == ' ')
                mark--;
            *mark = 0;
            slot[npat++] = nlines;
        }
        lines[nlines++] = l;
    }
    int order[MAX_PATTERNS];
    for (int i = 0; i < npat; i++)
        order[i] = i;
    int count = 0;
    do {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.p%03d.rq", out_dir, name, count);
        FILE *f = fopen(path, "w");
        if (!f)
            return perror(path), 1;
        fprintf(f, "# permutation %d of %s:", count, name);
        for (int i = 0; i < npat; i++)
            fprintf(f, " %d", order[i]);
        fputc('\n', f);
        for (int i = 0, p = 0; i < nlines; i++) {
            bool is_slot = p < npat && slot[p] == i;
            fprintf(f, "%s\n", is_slot ? lines[slot[order[p]]] : lines[i]);
            p += is_slot;
        }
        fclose(f);
        count++;
    } while (next_permutation(order, npat));
    free(text);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted ".rq" file names of dir; the caller frees each and the array. */
static char **list_queries(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return perror(dir), exit(1), NULL;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".rq") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    *count = n;
    return names;
}

static int cmd_expand(const char *in_dir, const char *out_dir)
{
    size_t n;
    char **names = list_queries(in_dir, &n);
    mkdir(out_dir, 0755);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", in_dir, names[i]);
        names[i][strlen(names[i]) - 3] = 0;
        rc |= expand_one(path, out_dir, names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* ---- loading ---- */

static int cmd_load(const char *dir, const char *file, bool memory)
{
    kg_error err;
    long base = rss_kb();
    stamp t0 = now();
    kg_store *store;
    unsigned flags = memory ? KG_STORE_MEMORY : KG_STORE_CREATE;
    if (kg_store_open(&store, dir, flags, &err) != KG_OK)
        die("open", &err);
    kg_load_stats stats = {0};
    if (kg_load_file(store, file, NULL, &stats) != KG_OK)
        die("load", kg_store_error(store));
    stamp t1 = now();
    long after = rss_kb();
    char extra[512];
    snprintf(extra, sizeof extra,
             "\"statements\":%" PRIu64 ",\"added\":%" PRIu64 ",\"graphs\":%" PRIu64
             ",\"base_rss_kb\":%ld,\"rss_after_kb\":%ld,\"disk_bytes\":%" PRIu64,
             stats.statements, stats.added, stats.graphs, base, after,
             memory ? 0 : dir_bytes(dir));
    report(memory ? "load-memory" : "load-persistent", NULL, t0, t1, extra);
    kg_store_close(store);
    return 0;
}

/* ---- queries ---- */

typedef struct run {
    double wall, cpu;
    uint64_t rows;
    bool ok;
    char error[600];
} run;

/* Prepares, executes and reads every row and value of one query. */
static run run_query(kg_store *store, const char *text, size_t len)
{
    run r = {0};
    stamp t0 = now();
    kg_query *q;
    kg_error err;
    if (kg_query_prepare(&q, store, text, len, NULL, &err) != KG_OK) {
        kg_error_format(&err, r.error, sizeof r.error);
        return r;
    }
    kg_results *res;
    kg_status st = kg_query_execute(&res, q);
    if (st == KG_OK) {
        size_t cols = kg_results_column_count(res);
        bool has;
        while ((st = kg_results_next(&has, res)) == KG_OK && has) {
            for (size_t c = 0; c < cols; c++)
                (void)kg_results_value(res, c);
            r.rows++;
        }
        if (kg_results_form(res) == KG_QUERY_ASK)
            r.rows = kg_results_boolean(res);
        kg_results_free(res);
    }
    if (st != KG_OK)
        kg_error_format(kg_query_error(q), r.error, sizeof r.error);
    kg_query_free(q);
    r.ok = st == KG_OK;
    stamp t1 = now();
    r.wall = t1.wall - t0.wall;
    r.cpu = t1.cpu - t0.cpu;
    return r;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* JSON string contents (quotes and backslashes escaped, controls dropped). */
static void json_escape(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s && n + 3 < size; s++) {
        if (*s == '"' || *s == '\\')
            out[n++] = '\\';
        if ((unsigned char)*s >= 0x20)
            out[n++] = *s;
    }
    out[n] = 0;
}

/* Times one query file: the first run, then more until about a second has
 * been spent and at least 3 runs made (at most 7); reports the medians and
 * the minimums of wall and CPU time. A run over 5 s of CPU time is not
 * repeated (CPU, not wall: on a busy machine a cold first run can take
 * seconds of wall time for milliseconds of work). The peers
 * (peer_virtuoso.py, PeerJena.java) follow the same rule. */
static void time_query_file(kg_store *store, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        return perror(path), exit(1);
    double walls[7], cpus[7];
    int n = 0;
    double spent = 0;
    run r;
    do {
        r = run_query(store, text, len);
        walls[n] = r.wall;
        cpus[n++] = r.cpu;
        spent += r.wall;
    } while (r.ok && n < 7 && (n < 3 || spent < 1.0) && r.cpu <= 5.0);
    free(text);
    double first = cpus[0], first_wall = walls[0];
    qsort(walls, (size_t)n, sizeof walls[0], cmp_double);
    qsort(cpus, (size_t)n, sizeof cpus[0], cmp_double);
    char extra[1024], err[700];
    json_escape(err, sizeof err, r.error);
    snprintf(extra, sizeof extra,
             "\"rows\":%" PRIu64 ",\"runs\":%d,\"first_cpu\":%.6f,\"min_cpu\":%.6f,"
             "\"first_wall\":%.6f,\"min_wall\":%.6f,\"ok\":%s%s%s%s",
             r.rows, n, first, cpus[0], first_wall, walls[0], r.ok ? "true" : "false", r.ok ? "" : ",\"error\":\"",
             r.ok ? "" : err, r.ok ? "" : "\"");
    char qname[256];
    snprintf(qname, sizeof qname, "%.*s", (int)(strlen(name) - 3), name);
    stamp t0 = {0}, t1 = {.wall = walls[n / 2], .cpu = cpus[n / 2]};
    report("query", qname, t0, t1, extra);
}

static int cmd_queries(const char *dir, const char *query_dir)
{
    kg_error err;
    stamp t0 = now();
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_READONLY, &err) != KG_OK)
        die("open", &err);
    stamp t1 = now();
    static const char first[] = "ASK { ?s ?p ?o }";
    run r = run_query(store, first, sizeof first - 1);
    stamp t2 = now();
    if (!r.ok)
        fprintf(stderr, "driver: first query: %s\n", r.error);
    char extra[256];
    snprintf(extra, sizeof extra, "\"open\":%.6f,\"first_query\":%.6f", t1.wall - t0.wall,
             t2.wall - t1.wall);
    report("open", NULL, t0, t2, extra);

    size_t n;
    char **names = list_queries(query_dir, &n);
    for (size_t i = 0; i < n; i++) {
        time_query_file(store, query_dir, names[i]);
        free(names[i]);
    }
    free(names);
    kg_store_close(store);
    return 0;
}

/* ---- export ---- */

static void export_one(kg_store *store, const char *prefix, kg_format format, const char *ext)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.%s", prefix, ext);
    kg_export_options opts = KG_EXPORT_OPTIONS_INIT;
    opts.format = format;
    uint64_t written = 0;
    stamp t0 = now();
    if (kg_export_file(store, path, &opts, &written) != KG_OK)
        die("export", kg_store_error(store));
    stamp t1 = now();
    struct stat st;
    char extra[256];
    snprintf(extra, sizeof extra, "\"written\":%" PRIu64 ",\"bytes\":%lld", written,
             stat(path, &st) == 0 ? (long long)st.st_size : -1LL);
    char op[64];
    snprintf(op, sizeof op, "export-%s", kg_format_name(format));
    report(op, NULL, t0, t1, extra);
}

static int cmd_export(const char *dir, const char *prefix)
{
    kg_error err;
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_READONLY, &err) != KG_OK)
        die("open", &err);
    export_one(store, prefix, KG_FORMAT_TURTLE, "ttl");
    export_one(store, prefix, KG_FORMAT_NQUADS, "nq");
    kg_store_close(store);
    return 0;
}

/* ---- the explorers behind .describe, .path and .exposure ---- */

#define KGR "https://w3id.org/kgsh/id/"

/* The rdfs:label of an IRI, by query (the anchor companies' generated
 * names are not known here). The caller frees it. */
static char *label_of(kg_store *store, const char *iri)
{
    char text[512];
    snprintf(text, sizeof text, "SELECT ?l WHERE { <%s> <" KG_RDFS "label> ?l }", iri);
    kg_query *q;
    kg_results *res;
    bool has = false;
    char *label = NULL;
    if (kg_query_prepare(&q, store, text, strlen(text), NULL, NULL) != KG_OK)
        return NULL;
    if (kg_query_execute(&res, q) == KG_OK) {
        if (kg_results_next(&has, res) == KG_OK && has)
            label = strdup(kg_results_value(res, 0)->value);
        kg_results_free(res);
    }
    kg_query_free(q);
    return label;
}

static void explore_report(const char *query, stamp t0, kg_status st, size_t n, const char *what)
{
    stamp t1 = now();
    char extra[256];
    snprintf(extra, sizeof extra, "\"rows\":%zu,\"ok\":%s%s%s%s", n, st == KG_OK ? "true" : "false",
             st == KG_OK ? "" : ",\"error\":\"", st == KG_OK ? "" : what, st == KG_OK ? "" : "\"");
    report("explore", query, t0, t1, extra);
}

static int cmd_explore(const char *dir)
{
    kg_error err;
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_READONLY, &err) != KG_OK)
        die("open", &err);
    char *label = label_of(store, KGR "company-5");
    kg_matches *m = NULL;
    stamp t0 = now();
    kg_status st = label ? kg_resolve(&m, store, label) : KG_ERR_NOT_FOUND;
    explore_report("describe-resolve", t0, st, m ? m->n : 0, kg_strerror(st));
    kg_matches_free(m);
    free(label);

    kg_term a = kg_term_iri(KGR "company-9"), b = kg_term_iri(KGR "company-3");
    kg_path_list *paths = NULL;
    t0 = now();
    st = kg_path_find(&paths, store, &a, &b, 0, 0);
    explore_report("path", t0, st, paths ? paths->n : 0, kg_strerror(st));
    kg_path_list_free(paths);

    kg_exposure_list *exp = NULL;
    t0 = now();
    st = kg_exposure_find(&exp, store, NULL, NULL);
    explore_report("exposure-all", t0, st, exp ? exp->n : 0, kg_strerror(st));
    kg_exposure_list_free(exp);
    kg_store_close(store);
    return 0;
}

/* ---- peers' command-line tools ---- */

static int cmd_exec(const char *system, const char *op, const char *out, char **argv)
{
    stamp t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(out, "w", stdout))
            _exit(127);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
        return perror("driver exec"), 1;
    stamp t1 = now();
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    struct stat st;
    print_head(system, op);
    printf(",\"wall\":%.6f,\"cpu\":%.6f,\"peak_rss_kb\":%ld,\"ok\":%s,\"bytes\":%lld}\n",
           t1.wall - t0.wall,
           (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6,
           ru.ru_maxrss, ok ? "true" : "false",
           stat(out, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : 0LL);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (strcmp(cmd, "expand") == 0 && argc == 4)
        return cmd_expand(argv[2], argv[3]);
    if (strcmp(cmd, "load-persistent") == 0 && argc == 4)
        return cmd_load(argv[2], argv[3], false);
    if (strcmp(cmd, "load-memory") == 0 && argc == 3)
        return cmd_load(NULL, argv[2], true);
    if (strcmp(cmd, "queries") == 0 && argc == 4)
        return cmd_queries(argv[2], argv[3]);
    if (strcmp(cmd, "export") == 0 && argc == 4)
        return cmd_export(argv[2], argv[3]);
    if (strcmp(cmd, "explore") == 0 && argc == 3)
        return cmd_explore(argv[2]);
    if (strcmp(cmd, "exec") == 0 && argc >= 6)
        return cmd_exec(argv[2], argv[3], argv[4], argv + 5);
    fputs("usage: driver expand TEMPLATE_DIR OUT_DIR | load-persistent STORE_DIR FILE |\n"
          "       load-memory FILE | queries STORE_DIR QUERY_DIR | export STORE_DIR OUT_PREFIX |\n"
          "       explore STORE_DIR | exec SYSTEM OP OUT CMD [ARG...]\n",
          stderr);
    return 2;
}
