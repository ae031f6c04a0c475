/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/query_work_test.c - how much work the engine does, counted
 * rather than timed (speed is bench/'s): GRAPH ?g with a bound subject or
 * object is one index scan whatever the number of named graphs; a pattern
 * joined with thousands of rows is read once into a probe table instead of
 * being looked up in the index once per row; a path with both ends unbound
 * gives its first rows under a memory limit its whole closure exceeds;
 * DROP ALL and COPY rebuild the transaction's overlay a fixed number of
 * times, not once per graph or quad. The counts come from the evaluation's
 * and the store's counters (sparql/eval.h, store/store_impl.h), reached
 * through private structures. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg/kg.h"
#include "query_support.h"
#include "sparql/query_impl.h"
#include "store/store_impl.h"
#include "test.h"

/* Writes line i of a generated TriG text into buf (at most LINE_MAX_BYTES). */
typedef int (*line_fn)(char *buf, size_t size, int i);
#define LINE_MAX_BYTES 256

/* An in-memory store of head followed by lines 0 .. n-1. */
static kg_store *generated_store(const char *head, int n, line_fn line)
{
    size_t cap = strlen(head) + 1 + (size_t)n * LINE_MAX_BYTES, len = strlen(head);
    char *trig = malloc(cap);
    if (!trig)
        return NULL;
    memcpy(trig, head, len + 1);
    for (int i = 0; i < n; i++)
        len += (size_t)line(trig + len, cap - len, i);
    kg_store *store = qt_store(NULL, trig);
    free(trig);
    return store;
}

static int graph_line(char *buf, size_t size, int i)
{
    return snprintf(buf, size, "<g%d> { <s> <p> \"%d\" . <x%d> <q> <s> . }\n", i, i, i);
}

/* A store of ngraphs named graphs <g0> ... each holding <s> <p> "i" and
 * <xi> <q> <s>, plus one default-graph triple about <s>. */
static kg_store *graphs_store(int ngraphs)
{
    return generated_store("<s> <p> \"default\" .\n", ngraphs, graph_line);
}

/* Runs query to its end; *rows and *scans get the number of rows and of
 * index scans it opened, and *estimates (unless NULL) the index ranges its
 * planner counted. False on any failure. */
static bool count_work_estimates(kg_store *store, const char *query, uint64_t *rows,
                                 uint64_t *scans, uint64_t *estimates)
{
    kg_query *q = NULL;
    kg_results *r = NULL;
    bool has = false, ok = kg_query_prepare(&q, store, query, strlen(query), NULL, NULL) == KG_OK &&
                          kg_query_execute(&r, q) == KG_OK;
    *rows = 0;
    while (ok && (ok = kg_results_next(&has, r) == KG_OK) && has)
        ++*rows;
    *scans = ok ? r->ev.scans : 0;
    if (estimates)
        *estimates = ok ? r->ev.estimates : 0;
    kg_results_free(r);
    kg_query_free(q);
    return ok;
}

static bool count_work(kg_store *store, const char *query, uint64_t *rows, uint64_t *scans)
{
    return count_work_estimates(store, query, rows, scans, NULL);
}

/* Runs a query of one COUNT ?n, failing the test unless it answers n;
 * *scans and *estimates (unless NULL) as count_work_estimates gives them. */
static bool count_query_work(kg_store *store, const char *query, long n, uint64_t *scans,
                             uint64_t *estimates)
{
    uint64_t rows;
    if (!count_work_estimates(store, query, &rows, scans, estimates))
        return false;
    EXPECT_INT(1, rows);
    char want[128];
    snprintf(want, sizeof want, "n=\"%ld\"^^<http://www.w3.org/2001/XMLSchema#integer>", n);
    EXPECT_STR(want, qt_run(store, query, false));
    return true;
}

static void graph_var__bound_subject_or_object_is_one_scan_for_any_number_of_graphs(void)
{
    static const char *const queries[] = {
        "BASE <http://example.org/> SELECT * { GRAPH ?g { <s> ?p ?o } }",
        "BASE <http://example.org/> SELECT * { GRAPH ?g { ?x ?p <s> } }",
        "BASE <http://example.org/> SELECT * { GRAPH ?g { <s> <p> ?o } }",
    };
    kg_store *few = graphs_store(10), *many = graphs_store(1000);
    REQUIRE(few && many);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        uint64_t rows_few, scans_few, rows_many, scans_many;
        REQUIRE(count_work(few, queries[i], &rows_few, &scans_few));
        REQUIRE(count_work(many, queries[i], &rows_many, &scans_many));
        EXPECT_INT(10, rows_few);
        EXPECT_INT(1000, rows_many);
        if (scans_few != scans_many || scans_many > 2)
            TEST_FAIL_AT("%s: %llu scans over 10 graphs, %llu over 1000 (want one scan)",
                         queries[i], (unsigned long long)scans_few,
                         (unsigned long long)scans_many);
    }
    kg_store_close(few);
    kg_store_close(many);
}

static void graph_var__joins_stay_within_one_graph(void)
{
    kg_store *store = qt_store(NULL, "<a> { <s> <p> <o1> . <o1> <r> \"a\" . <o2> <r> \"a2\" . }\n"
                                     "<b> { <s> <p> <o2> . <o1> <r> \"b\" . }\n"
                                     "<o2> { <o2> <r> \"self\" . }\n"
                                     "<s> <p> <o1> . <o1> <r> \"default\" .");
    REQUIRE(store);
    EXPECT_STR("g=<http://example.org/a> v=\"a\"",
               qt_run(store,
                      "BASE <http://example.org/> SELECT ?g ?v "
                      "{ GRAPH ?g { <s> <p> ?x . ?x <r> ?v } }",
                      false));
    /* ?g in the pattern as well as naming the graph */
    EXPECT_STR("g=<http://example.org/o2> v=\"self\"",
               qt_run(store, "BASE <http://example.org/> SELECT ?g ?v { GRAPH ?g { ?g <r> ?v } }",
                      false));
    /* a graph bound from outside is the only one scanned */
    EXPECT_STR("g=<http://example.org/b> v=\"b\"",
               qt_run(store,
                      "BASE <http://example.org/> SELECT ?g ?v "
                      "{ VALUES ?g { <b> } GRAPH ?g { ?x <r> ?v } }",
                      false));
    kg_store_close(store);
}

static void graph_var__leaves_out_the_hidden_graph(void)
{
    kg_store *store = qt_store(NULL, "<a> { <s> <p> \"a\" . }\n<h> { <s> <p> \"h\" . }");
    REQUIRE(store);
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.hidden_graph = "http://example.org/h";
    EXPECT_STR("g=<http://example.org/a> o=\"a\"",
               qt_run_opts(store,
                           "BASE <http://example.org/> SELECT ?g ?o { GRAPH ?g { <s> <p> ?o } }",
                           &opts, false));
    kg_store_close(store);
}

static int company_line(char *buf, size_t size, int i)
{
    return snprintf(buf, size, "<c%d> a <C> ; <hq> <city%d> . <d%d> a <D> ; <hq> <city%d> .\n", i,
                    i % 10, i, i % 10);
}

/* ncompanies companies of class <C> (and as many of class <D>), company i
 * headquartered in city i % 10, one in a named graph as well. */
static kg_store *companies_store(int ncompanies)
{
    return generated_store("<g> { <c1> <hq> <city1> . }\n", ncompanies, company_line);
}

/* Fails unless the answer out of the probe test's query has each of the ten
 * cities with n companies. */
static void expect_cities(const char *out, int n)
{
    for (int c = 0; c < 10; c++) {
        char want[128];
        snprintf(want, sizeof want,
                 "city=<http://example.org/city%d> "
                 "n=\"%d\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                 c, n);
        if (!strstr(out, want))
            TEST_FAIL_AT("expected %s in\n%s", want, out);
    }
}

static void probe__a_pattern_joined_with_many_rows_is_read_once(void)
{
    static const char query[] = "BASE <http://example.org/> SELECT ?city (COUNT(?c) AS ?n) "
                                "{ ?c a <C> . ?c <hq> ?city } GROUP BY ?city";
    kg_store *store = companies_store(3000);
    REQUIRE(store);
    uint64_t rows, scans;
    REQUIRE(count_work(store, query, &rows, &scans));
    EXPECT_INT(10, rows);
    /* one lookup per company would be 3001 scans; the first pattern's
     * estimated 3000 rows announce as many lookups, so the table is built at
     * the first check, after 64 */
    if (scans > 70)
        TEST_FAIL_AT("%llu index scans for 3000 companies (want the table at the first check)",
                     (unsigned long long)scans);
    expect_cities(qt_run(store, query, false), 300);
    /* the table answers keys it lacks, and keys asked out of order */
    EXPECT_STR("n=\"3000\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                      "{ ?c a ?class . ?c <hq> ?city FILTER(?class = <C>) }",
                      false));
    EXPECT_STR("n=\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                      "{ ?c a <C> . ?city <hq> ?c }",
                      false));
    kg_store_close(store);
}

/* With a few hundred terms the table's radix sort makes one pass (keys of
 * at most 12 bits), so the sorted quads end up in its scratch array; the
 * 3000 companies' keys take two. */
static void probe__keys_of_one_byte_sort_in_one_pass(void)
{
    static const char query[] = "BASE <http://example.org/> SELECT ?city (COUNT(?c) AS ?n) "
                                "{ ?c a <C> . ?c <hq> ?city } GROUP BY ?city";
    kg_store *store = companies_store(100);
    REQUIRE(store);
    uint64_t rows, scans;
    REQUIRE(count_work(store, query, &rows, &scans));
    EXPECT_INT(10, rows);
    if (scans > 70)
        TEST_FAIL_AT("%llu index scans for 100 companies", (unsigned long long)scans);
    expect_cities(qt_run(store, query, false), 10);
    kg_store_close(store);
}

/* A filter that keeps one company in ten announces a tenth of the lookups:
 * the table (6001 quads) is then built only when the lookups themselves
 * make it worth it, not at the first check on the strength of all 3000. */
static void probe__a_filter_that_keeps_few_rows_announces_few_lookups(void)
{
    static const char query[] = "BASE <http://example.org/> SELECT ?city (COUNT(?c) AS ?n) "
                                "{ ?c a <C> . ?c <hq> ?city FILTER(STRENDS(STR(?c), \"0\")) } "
                                "GROUP BY ?city";
    kg_store *store = companies_store(3000);
    REQUIRE(store);
    uint64_t rows, scans;
    REQUIRE(count_work(store, query, &rows, &scans));
    EXPECT_INT(1, rows);
    if (scans < 100 || scans > 200)
        TEST_FAIL_AT("%llu index scans: want the table after 128 lookups (about 130 scans)",
                     (unsigned long long)scans);
    EXPECT_STR("city=<http://example.org/city0> "
               "n=\"300\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store, query, false));
    kg_store_close(store);
}

static int sanction_line(char *buf, size_t size, int i)
{
    return snprintf(buf, size, "<c%d> a <C> . <s%d> <sanctions> <c%d> ; <date> \"%d\" .\n", i, i,
                    i, i);
}

/* The planner prices every pattern left for every row. A pattern that no
 * bound variable reaches (?s <date> ?d while only ?c is bound) asks the
 * same each time and is counted once; a pattern with a probe table is
 * priced from the table. One index count per company would be 3000. */
static void plan__patterns_are_not_counted_in_the_index_once_per_row(void)
{
    static const char query[] = "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                                "{ ?c a <C> . ?s <sanctions> ?c . ?s <date> ?d }";
    kg_store *store = generated_store("", 3000, sanction_line);
    REQUIRE(store);
    uint64_t scans, estimates;
    REQUIRE(count_query_work(store, query, 3000, &scans, &estimates));
    if (estimates > 300)
        TEST_FAIL_AT("%llu index counts for 3000 companies (want a few hundred at most)",
                     (unsigned long long)estimates);
    kg_store_close(store);
}

/* A path of length zero from a term a triple pattern bound at its subject
 * matches it without looking it up in the graph again: per company, the
 * two steps of <hq>* (to its city, then none from there) are the only
 * scans; a lookup of each company as a node made three. */
static void plan__a_path_from_a_node_bound_by_a_pattern_does_not_look_it_up(void)
{
    static const char query[] = "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                                "{ ?c a <C> . ?c <hq>* ?o }";
    kg_store *store = companies_store(3000);
    REQUIRE(store);
    uint64_t scans;
    REQUIRE(count_query_work(store, query, 6000, &scans, NULL));
    if (scans > 2 * 3000 + 10)
        TEST_FAIL_AT("%llu index scans for 3000 companies (want two each)",
                     (unsigned long long)scans);
    /* bound at a predicate, <hq> is no node of the graph: no zero-length match */
    REQUIRE(count_query_work(store,
                             "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                             "{ <c1> ?p <city1> . ?p <hq>* ?o }",
                             0, &scans, NULL));
    kg_store_close(store);
}

static int mostly_located_line(char *buf, size_t size, int i)
{
    if (i % 60 == 0)
        return snprintf(buf, size, "<c%d> a <C> .\n", i);
    return snprintf(buf, size, "<c%d> a <C> ; <hq> <city%d> .\n", i, i % 10);
}

/* Between two patterns of about the same size the one with more bound
 * positions goes first, even when it is a little bigger (estimates of big
 * ranges are upper bounds within an index block at each end): its rows
 * come sorted on ?c, so the lookups that follow walk in order. Here 3000
 * companies against 2950 locations, the smaller written first; the order
 * of the rows shows which pattern led (by city: c1, c11, ...). */
static void plan__of_two_patterns_about_as_big_the_more_bound_leads(void)
{
    kg_store *store = generated_store("", 3000, mostly_located_line);
    REQUIRE(store);
    EXPECT_STR("c=<http://example.org/c1> city=<http://example.org/city1>\n"
               "c=<http://example.org/c2> city=<http://example.org/city2>",
               qt_run(store,
                      "BASE <http://example.org/> SELECT ?c ?city "
                      "{ ?c <hq> ?city . ?c a <C> } LIMIT 2",
                      false));
    kg_store_close(store);
}

static int tree_line(char *buf, size_t size, int i)
{
    if (i == 0)
        return snprintf(buf, size, "<c0> a <C> .\n");
    return snprintf(buf, size, "<c%d> a <C> ; <sub> <c%d> .\n", i, (i - 1) / 2);
}

/* A closure from each of many start nodes (.exposure's
 * `?c kg:subsidiaryOf* ?owner`) steps through the link's probe table once
 * the steps are many: 3000 companies in a binary tree take about 30,000
 * steps, each an index scan before. */
static void path__closures_from_many_nodes_step_through_a_probe_table(void)
{
    static const char query[] = "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                                "{ ?c a <C> . ?c <sub>* ?o }";
    enum { N = 3000 };
    kg_store *store = generated_store("", N, tree_line);
    REQUIRE(store);
    long pairs = 0; /* each company with itself and each of its ancestors */
    for (int i = 0; i < N; i++)
        for (int j = i;; j = (j - 1) / 2) {
            pairs++;
            if (j == 0)
                break;
        }
    uint64_t scans;
    REQUIRE(count_query_work(store, query, pairs, &scans, NULL));
    if (scans > 200)
        TEST_FAIL_AT("%llu index scans for the closures of %d companies (want the table after "
                     "64 steps)",
                     (unsigned long long)scans, N);
    /* backwards: every company below each one */
    REQUIRE(count_query_work(store,
                             "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) "
                             "{ ?o a <C> . ?c <sub>* ?o }",
                             pairs, &scans, NULL));
    if (scans > 200)
        TEST_FAIL_AT("%llu index scans backwards", (unsigned long long)scans);
    kg_store_close(store);
}

static int member_line(char *buf, size_t size, int i)
{
    return snprintf(buf, size, "<s%d> <in> <g%d> .\n", i, i % 20000);
}

/* GROUP BY on one variable looks a row's group up in a small cache by the
 * id's low bits before the hash table: with more groups than its 16384
 * slots, ids share slots, and every row must still land in its own group. */
static void group__rows_in_more_groups_than_the_key_cache_count_right(void)
{
    kg_store *store = generated_store("", 40000, member_line);
    REQUIRE(store);
    uint64_t scans;
    REQUIRE(count_query_work(store,
                             "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) { SELECT ?g (COUNT(*) AS ?c) "
                             "{ ?s <in> ?g } GROUP BY ?g HAVING (COUNT(*) = 2) }",
                             20000, &scans, NULL));
    REQUIRE(count_query_work(store,
                             "BASE <http://example.org/> SELECT (SUM(?c) AS ?n) { SELECT ?g (COUNT(?s) AS ?c) "
                             "{ ?s <in> ?g } GROUP BY ?g }",
                             40000, &scans, NULL));
    kg_store_close(store);
}

static int chain_line(char *buf, size_t size, int i)
{
    return snprintf(buf, size, "<n%d> <p> <n%d> .\n", i, i + 1);
}

/* A chain <n0> <p> <n1> ... <p> <nN>: p+ has N(N+1)/2 pairs. */
static kg_store *chain_store(int n)
{
    return generated_store("", n, chain_line);
}

static void path__unbound_ends_with_limit_answer_within_a_memory_limit(void)
{
    /* 3000 nodes: (p|^p)* has 9 million pairs (72 MB of ids), p+ 4.5
     * million; the limit is 4 MB */
    kg_store *store = chain_store(3000);
    REQUIRE(store);
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.max_memory = (size_t)4 << 20;
    const char *out = qt_run_opts(
        store, "BASE <http://example.org/> SELECT * { ?s (<p>|^<p>)* ?o } LIMIT 5", &opts, true);
    EXPECT(strncmp(out, "error", 5) != 0);
    if (strncmp(out, "error", 5) != 0) {
        int lines = 1;
        for (const char *c = out; *c; c++)
            lines += *c == '\n';
        EXPECT_INT(5, lines);
    }
    EXPECT_STR("s=<http://example.org/n0> o=<http://example.org/n1>\n"
               "s=<http://example.org/n0> o=<http://example.org/n2>",
               qt_run_opts(store, "BASE <http://example.org/> SELECT * { ?s <p>+ ?o } LIMIT 2",
                           &opts, true));
    kg_store_close(store);
    /* and all of it, one start node's pairs at a time: 500,500 pairs (8 MB
     * of ids at once) */
    store = chain_store(1000);
    REQUIRE(store);
    EXPECT_STR("n=\"500500\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run_opts(store,
                           "BASE <http://example.org/> SELECT (COUNT(*) AS ?n) { ?s <p>+ ?o }",
                           &opts, false));
    kg_store_close(store);
}

/* The overlay builds an update makes on store. */
static uint64_t update_builds(kg_store *store, const char *update)
{
    uint64_t before = store->overlay_builds, added, removed;
    kg_status st = qt_update(store, update, &added, &removed);
    if (st != KG_OK)
        TEST_FAIL_AT("%s: %s", update, kg_strerror(st));
    return store->overlay_builds - before;
}

static void update__graph_management_rebuilds_the_overlay_a_fixed_number_of_times(void)
{
    static const char *const updates[] = {
        "DROP ALL", "CLEAR NAMED", "DROP NAMED",
        "COPY <http://example.org/g0> TO <http://example.org/big>",
    };
    for (size_t i = 0; i < sizeof updates / sizeof updates[0]; i++) {
        uint64_t builds[2];
        int sizes[2] = {10, 1000};
        for (int k = 0; k < 2; k++) {
            kg_store *store = graphs_store(sizes[k]);
            REQUIRE(store);
            if (i == 3) /* COPY: a source graph with a quad per graph */
                update_builds(store, "INSERT { GRAPH <http://example.org/g0> "
                                     "{ ?x <http://example.org/r> 1 } } "
                                     "WHERE { GRAPH ?g { ?x ?p ?o } }");
            builds[k] = update_builds(store, updates[i]);
            kg_store_close(store);
        }
        if (builds[0] != builds[1])
            TEST_FAIL_AT("%s: %llu overlay builds with 10 graphs, %llu with 1000", updates[i],
                         (unsigned long long)builds[0], (unsigned long long)builds[1]);
    }
}

/* The operations normalised into views by one update of n INSERT DATA
 * operations, each inserting one new triple; 0 on failure. */
static uint64_t many_operations_work(int n)
{
    kg_store *store = qt_store(NULL, NULL);
    size_t cap = 64 + (size_t)n * 80, len = 0;
    char *text = malloc(cap);
    if (!store || !text) {
        free(text);
        kg_store_close(store);
        return 0;
    }
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "%sINSERT DATA { <http://example.org/s%d> <p> %d }",
                                i ? " ;\n" : "BASE <http://example.org/>\n", i, i);
    uint64_t added = 0, removed;
    kg_status st = qt_update(store, text, &added, &removed);
    uint64_t work = store->overlay_work;
    free(text);
    if (st != KG_OK || added != (uint64_t)n || kg_store_size(store) != (uint64_t)n) {
        TEST_FAIL_AT("%d operations: %s, %llu added", n, kg_strerror(st),
                     (unsigned long long)added);
        work = 0;
    }
    kg_store_close(store);
    return work;
}

static void update__many_operations_are_not_quadratic(void)
{
    /* Each operation reads the store (a view) after the previous one
     * changed it. Rebuilding the whole transaction per read is quadratic:
     * four times the operations, sixteen times the work; layers that are
     * merged like a binary counter give n log n. */
    uint64_t small = many_operations_work(500), large = many_operations_work(2000);
    REQUIRE(small && large);
    if (large > 8 * small)
        TEST_FAIL_AT("500 operations normalised %llu operations, 2000 normalised %llu",
                     (unsigned long long)small, (unsigned long long)large);
}

static const kg_test_case cases[] = {
    TEST(update__many_operations_are_not_quadratic),
    TEST(update__graph_management_rebuilds_the_overlay_a_fixed_number_of_times),
    TEST(path__unbound_ends_with_limit_answer_within_a_memory_limit),
    TEST(path__closures_from_many_nodes_step_through_a_probe_table),
    TEST(group__rows_in_more_groups_than_the_key_cache_count_right),
    TEST(probe__a_pattern_joined_with_many_rows_is_read_once),
    TEST(probe__keys_of_one_byte_sort_in_one_pass),
    TEST(probe__a_filter_that_keeps_few_rows_announces_few_lookups),
    TEST(plan__patterns_are_not_counted_in_the_index_once_per_row),
    TEST(plan__a_path_from_a_node_bound_by_a_pattern_does_not_look_it_up),
    TEST(plan__of_two_patterns_about_as_big_the_more_bound_leads),
    TEST(graph_var__bound_subject_or_object_is_one_scan_for_any_number_of_graphs),
    TEST(graph_var__joins_stay_within_one_graph),
    TEST(graph_var__leaves_out_the_hidden_graph),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
