/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/redland_bench.c - the Redland side of kgsh (issue 18), measured:
 * (1) two-bound pattern lookups through libkg's public cursor
 * (kg_store_match), (2) iterating every statement of the store through
 * the kgsh librdf storage module against libkg's own cursor, libkg's
 * cursor plus the least librdf asks of any storage per row (the floor
 * below), and librdf's in-memory hashes storage, (3) bench/queries/join.rq run by rasqal over
 * the module and over hashes. A benchmark, not a test: it prints figures
 * and exits freely.
 * usage: redland_bench STORE_DIR DATA.nq JOIN.rq
 * (REDLAND_MODULE_PATH must name the module's folder and librdf's own.) */
#define _GNU_SOURCE
#include <librdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kg/kg.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* (1) lookups with subject+predicate and subject+object bound (the SPOG
 * and OSPG ranges), their values taken from every 97th quad of the store */
static void lookups(kg_store *store)
{
    enum { N = 10000 };
    kg_term *keys[N][3];
    size_t n = 0, seen = 0;
    kg_cursor *cur = NULL;
    kg_match m;
    kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL);
    while (n < N && kg_cursor_next(cur, &m))
        if (seen++ % 97 == 0 && kg_term_copy(&keys[n][0], &m.s) == KG_OK &&
            kg_term_copy(&keys[n][1], &m.p) == KG_OK && kg_term_copy(&keys[n][2], &m.o) == KG_OK)
            n++;
    kg_cursor_close(cur);
    for (int form = 0; form < 2; form++) {
        uint64_t rows = 0;
        double t0 = cpu_now();
        for (size_t i = 0; i < n; i++) {
            kg_store_match(&cur, store, keys[i][0], form ? NULL : keys[i][1],
                           form ? keys[i][2] : NULL, KG_MATCH_ALL, NULL);
            while (kg_cursor_next(cur, &m))
                rows++;
            kg_cursor_close(cur);
        }
        double t = cpu_now() - t0;
        printf("lookup %s bound: %zu lookups, %.2f us each (%.1f rows on average)\n",
               form ? "s+o" : "s+p", n, t / (double)n * 1e6, (double)rows / (double)n);
    }
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 3; j++)
            kg_term_free(keys[i][j]);
}

/* libkg's cursor plus, per row, what every librdf storage must hand out:
 * a new librdf_statement (consumers take references to it, so one per row)
 * holding references to existing nodes, and a context reference, freed as
 * a consumer would. No node is made: making the store's distinct terms
 * into nodes comes on top, so a module cannot iterate faster than this. */
static double iterate_floor(kg_store *store, librdf_world *world, uint64_t *count)
{
    librdf_node *node = librdf_new_node_from_uri_string(world, (const unsigned char *)"http://ex/n");
    double t0 = cpu_now();
    kg_cursor *cur = NULL;
    kg_match m;
    uint64_t n = 0;
    kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL);
    while (kg_cursor_next(cur, &m)) {
        librdf_statement *st = librdf_new_statement_from_nodes(
            world, librdf_new_node_from_node(node), librdf_new_node_from_node(node),
            librdf_new_node_from_node(node));
        librdf_node *context = librdf_new_node_from_node(node);
        n += st != NULL;
        librdf_free_statement(st);
        librdf_free_node(context);
    }
    kg_cursor_close(cur);
    double t = cpu_now() - t0;
    librdf_free_node(node);
    *count = n;
    return t;
}

static double iterate_model(librdf_model *model, uint64_t *count)
{
    double t0 = cpu_now();
    librdf_stream *s = librdf_model_as_stream(model);
    uint64_t n = 0;
    for (; s && !librdf_stream_end(s); librdf_stream_next(s))
        if (librdf_stream_get_object(s))
            n++;
    if (s)
        librdf_free_stream(s);
    *count = n;
    return cpu_now() - t0;
}

static double join_best(librdf_world *world, librdf_model *model, const char *text, int *rows)
{
    double best = 1e9;
    for (int run = 0; run < 5; run++) {
        double t0 = cpu_now();
        librdf_query *q = librdf_new_query(world, "sparql", NULL, (const unsigned char *)text, NULL);
        librdf_query_results *r = q ? librdf_query_execute(q, model) : NULL;
        *rows = 0;
        for (; r && !librdf_query_results_finished(r); librdf_query_results_next(r))
            ++*rows;
        if (r)
            librdf_free_query_results(r);
        if (q)
            librdf_free_query(q);
        double t = cpu_now() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

/* The best of 5 runs of the join in a child killed after 120 s: rasqal
 * joins in the order written and cannot be interrupted. */
static void join(librdf_world *world, librdf_model *model, const char *text, const char *over)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(120);
        int rows;
        double t = join_best(world, model, text, &rows);
        printf("join.rq by rasqal over %s: %d rows, %.2f ms CPU (best of 5)\n", over, rows, t * 1e3);
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status))
        printf("join.rq by rasqal over %s: no answer within 120 s\n", over);
}

static librdf_model *model_over(librdf_world *world, const char *storage, const char *name,
                                const char *options)
{
    librdf_storage *st = librdf_new_storage(world, storage, name, options);
    return st ? librdf_new_model(world, st, NULL) : NULL;
}

/* Adds each parsed quad to its context from a raptor statement handler:
 * the fast way into hashes (parse_into_model drops graph names, and its
 * duplicate checks are quadratic with contexts). */
static void add_quad(void *ctx, raptor_statement *st)
{
    librdf_model *model = ctx;
    raptor_statement triple = *st;
    triple.graph = NULL;
    if (st->graph)
        librdf_model_context_add_statement(model, st->graph, &triple);
    else
        librdf_model_add_statement(model, &triple);
}

static void load_hashes(librdf_world *world, librdf_model *model, const char *nq)
{
    raptor_world *rw = librdf_world_get_raptor(world);
    raptor_parser *parser = raptor_new_parser(rw, "nquads");
    unsigned char *uri_string = raptor_uri_filename_to_uri_string(nq);
    raptor_uri *base = raptor_new_uri(rw, uri_string);
    FILE *f = fopen(nq, "rb");
    if (parser && base && f) {
        raptor_parser_set_statement_handler(parser, model, add_quad);
        raptor_parser_parse_file_stream(parser, f, nq, base);
    }
    if (f)
        fclose(f);
    raptor_free_uri(base);
    raptor_free_memory(uri_string);
    raptor_free_parser(parser);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: redland_bench STORE_DIR DATA.nq JOIN.rq\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    kg_store *store = NULL;
    kg_error err;
    if (kg_store_open(&store, argv[1], KG_STORE_READONLY, &err) != KG_OK) {
        fprintf(stderr, "redland_bench: %s\n", err.message);
        return 1;
    }
    printf("store: %llu quads\n", (unsigned long long)kg_store_size(store));
    lookups(store);
    double t0 = cpu_now();
    uint64_t n = 0;
    kg_cursor *cur = NULL;
    kg_match m;
    kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL);
    while (kg_cursor_next(cur, &m))
        n++;
    kg_cursor_close(cur);
    printf("iterate, libkg cursor: %llu quads, %.3f s CPU\n", (unsigned long long)n, cpu_now() - t0);

    char *join_text = slurp(argv[3]);
    librdf_world *world = librdf_new_world();
    librdf_world_open(world);
    double t = iterate_floor(store, world, &n);
    printf("iterate, libkg cursor + a librdf_statement of node references per row (the floor "
           "for any module): %llu rows, %.3f s CPU\n",
           (unsigned long long)n, t);
    kg_store_close(store);
    char options[4200];
    snprintf(options, sizeof options, "dir='%s',write='no'", argv[1]);
    librdf_model *kgsh = model_over(world, "kgsh", "bench", options);
    if (!kgsh || !join_text) {
        fprintf(stderr, "redland_bench: cannot open the kgsh storage (REDLAND_MODULE_PATH?) or %s\n",
                argv[3]);
        return 1;
    }
    t = iterate_model(kgsh, &n);
    printf("iterate, librdf over the kgsh module: %llu statements, %.3f s CPU\n",
           (unsigned long long)n, t);
    librdf_model *hashes = model_over(world, "hashes", "bench", "hash-type='memory',contexts='yes'");
    t0 = cpu_now();
    load_hashes(world, hashes, argv[2]);
    printf("load librdf hashes (memory, contexts): %.3f s CPU\n", cpu_now() - t0);
    t = iterate_model(hashes, &n);
    printf("iterate, librdf hashes: %llu statements, %.3f s CPU\n", (unsigned long long)n, t);
    join(world, kgsh, join_text, "the kgsh module");
    join(world, hashes, join_text, "librdf hashes");
    librdf_free_model(kgsh);
    librdf_free_model(hashes);
    librdf_free_world(world);
    free(join_text);
    return 0;
}
