/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/peer_librdf.c - the Redland peer of the benchmark (bench/run.sh):
 * librdf's "hashes" in-memory store with contexts, loaded the fast way (a
 * raptor statement handler adding each quad to its context; see the notes
 * in bench/README.md), queried through librdf_query (rasqal 0.9.33) and
 * exported with raptor's Turtle serializer. Prints the same JSON lines as
 * bench/driver.c.
 *
 * rasqal cannot be interrupted, and with no join reordering some orders of
 * a query's patterns take minutes: each query file runs in a forked child
 * that is killed after BENCH_TIMEOUT seconds (default 10) and reported as a
 * timeout. Queries rasqal cannot parse (property paths) are reported as
 * failed with its message.
 *
 * usage: peer_librdf DATA.nq QUERY_DIR OUT_PREFIX */
#define _GNU_SOURCE
#include <dirent.h>
#include <librdf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static librdf_world *world;
static librdf_model *model;
static unsigned long statements;
static char last_error[512];

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static const char *bench_size(void)
{
    const char *s = getenv("BENCH_SIZE");
    return s && *s ? s : "0";
}

static void report(const char *op, const char *query, double wall, double cpu, const char *extra)
{
    printf("{\"system\":\"librdf\",\"size\":%s,\"op\":\"%s\"", bench_size(), op);
    if (query)
        printf(",\"query\":\"%s\"", query);
    printf(",\"wall\":%.6f,\"cpu\":%.6f,\"peak_rss_kb\":%ld%s%s}\n", wall, cpu, peak_rss_kb(),
           *extra ? "," : "", extra);
    fflush(stdout);
}

/* Keeps the last error rasqal or raptor logged; warnings are dropped. */
static int on_log(void *ctx, librdf_log_message *msg)
{
    (void)ctx;
    if (librdf_log_message_level(msg) >= LIBRDF_LOG_ERROR) {
        const char *m = librdf_log_message_message(msg);
        size_t n = 0;
        for (; m && *m && n + 1 < sizeof last_error; m++)
            if (*m != '"' && *m != '\\' && (unsigned char)*m >= 0x20)
                last_error[n++] = *m;
        last_error[n] = 0;
    }
    return 1;
}

/* ---- load ---- */

static void on_statement(void *ctx, raptor_statement *st)
{
    (void)ctx;
    raptor_statement triple = *st;
    triple.graph = NULL;
    if (st->graph)
        librdf_model_context_add_statement(model, st->graph, &triple);
    else
        librdf_model_add_statement(model, &triple);
    statements++;
}

static int load(const char *path)
{
    raptor_world *rw = librdf_world_get_raptor(world);
    raptor_parser *parser = raptor_new_parser(rw, "nquads");
    FILE *f = fopen(path, "rb");
    unsigned char *uri_string = raptor_uri_filename_to_uri_string(path);
    raptor_uri *base = raptor_new_uri(rw, uri_string);
    if (!parser || !f || !base)
        return 1;
    raptor_parser_set_statement_handler(parser, NULL, on_statement);
    int rc = raptor_parser_parse_file_stream(parser, f, path, base);
    raptor_free_uri(base);
    raptor_free_memory(uri_string);
    raptor_free_parser(parser);
    fclose(f);
    return rc;
}

/* ---- queries ---- */

static int run_query(const char *text, unsigned long *rows)
{
    librdf_query *q = librdf_new_query(world, "sparql", NULL, (const unsigned char *)text, NULL);
    if (!q)
        return 1;
    librdf_query_results *res = librdf_model_query_execute(model, q);
    int rc = res ? 0 : 1;
    *rows = 0;
    if (res && librdf_query_results_is_bindings(res)) {
        int cols = librdf_query_results_get_bindings_count(res);
        for (; !librdf_query_results_finished(res); librdf_query_results_next(res)) {
            for (int c = 0; c < cols; c++) {
                librdf_node *v = librdf_query_results_get_binding_value(res, c);
                if (v)
                    librdf_free_node(v);
            }
            (*rows)++;
        }
    } else if (res && librdf_query_results_is_boolean(res)) {
        *rows = librdf_query_results_get_boolean(res) > 0;
    }
    if (res)
        librdf_free_query_results(res);
    librdf_free_query(q);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* In a child: the same repetition rule as bench/driver.c. */
static void time_query(const char *text, const char *name)
{
    double walls[7], cpus[7], spent = 0;
    int n = 0, rc;
    unsigned long rows = 0;
    do {
        double w0 = wall_now(), c0 = cpu_now();
        last_error[0] = 0;
        rc = run_query(text, &rows);
        walls[n] = wall_now() - w0;
        cpus[n] = cpu_now() - c0;
        spent += walls[n++];
    } while (rc == 0 && n < 7 && spent < 1.0 && walls[n - 1] < 10.0);
    double first = cpus[0];
    qsort(walls, (size_t)n, sizeof walls[0], cmp_double);
    qsort(cpus, (size_t)n, sizeof cpus[0], cmp_double);
    char extra[1024];
    snprintf(extra, sizeof extra,
             "\"rows\":%lu,\"runs\":%d,\"first_cpu\":%.6f,\"min_cpu\":%.6f,\"ok\":%s%s%s%s", rows, n,
             first, cpus[0], rc ? "false" : "true", rc ? ",\"error\":\"" : "",
             rc ? (last_error[0] ? last_error : "query failed") : "", rc ? "\"" : "");
    report("query", name, walls[n / 2], cpus[n / 2], extra);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_queries(const char *dir, int timeout)
{
    DIR *d = opendir(dir);
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 4096) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".rq") == 0)
            names[n++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096], name[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(name, sizeof name, "%.*s", (int)(strlen(names[i]) - 3), names[i]);
        char *text = slurp(path);
        pid_t pid = fork();
        if (pid == 0) {
            alarm((unsigned)timeout);
            time_query(text, name);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (WIFSIGNALED(status)) {
            char extra[256];
            snprintf(extra, sizeof extra,
                     "\"rows\":0,\"runs\":1,\"ok\":false,\"timeout\":true,\"error\":\"killed after %d s\"",
                     timeout);
            report("query", name, (double)timeout, (double)timeout, extra);
        }
        free(names[i]);
    }
}

/* ---- export ---- */

static void export_turtle(const char *prefix)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.ttl", prefix);
    double w0 = wall_now(), c0 = cpu_now();
    librdf_serializer *s = librdf_new_serializer(world, "turtle", NULL, NULL);
    int rc = s ? librdf_serializer_serialize_model_to_file(s, path, NULL, model) : 1;
    if (s)
        librdf_free_serializer(s);
    struct stat st;
    char extra[256];
    snprintf(extra, sizeof extra, "\"bytes\":%lld,\"ok\":%s",
             stat(path, &st) == 0 ? (long long)st.st_size : -1LL, rc ? "false" : "true");
    report("export-turtle", NULL, wall_now() - w0, cpu_now() - c0, extra);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: peer_librdf DATA.nq QUERY_DIR OUT_PREFIX\n", stderr);
        return 2;
    }
    const char *t = getenv("BENCH_TIMEOUT");
    int timeout = t && atoi(t) > 0 ? atoi(t) : 10;

    world = librdf_new_world();
    librdf_world_open(world);
    librdf_world_set_logger(world, NULL, on_log);
    librdf_storage *storage =
        librdf_new_storage(world, "hashes", "bench", "hash-type='memory',contexts='yes'");
    model = storage ? librdf_new_model(world, storage, NULL) : NULL;
    if (!model) {
        fputs("peer_librdf: cannot create the hashes store\n", stderr);
        return 1;
    }
    double w0 = wall_now(), c0 = cpu_now();
    if (load(argv[1]) != 0) {
        fprintf(stderr, "peer_librdf: load failed: %s\n", last_error);
        return 1;
    }
    char extra[128];
    snprintf(extra, sizeof extra, "\"statements\":%lu", statements);
    report("load-memory", NULL, wall_now() - w0, cpu_now() - c0, extra);

    run_queries(argv[2], timeout);
    export_turtle(argv[3]);

    librdf_free_model(model);
    librdf_free_storage(storage);
    librdf_free_world(world);
    return 0;
}
