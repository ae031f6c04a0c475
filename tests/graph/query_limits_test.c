/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/query_limits_test.c - queries that are small to write but
 * large to run: long flat operator chains (1+1+...+1, {} MINUS {} MINUS ...,
 * BIND and OPTIONAL chains) are answered up to a generous size and refused
 * beyond it with KG_ERR_LIMIT and a position, never by a stack overflow;
 * many FILTERs in a group; LIMIT and OFFSET at the edges of int64. */
#include "kg/kg.h"
#include "query_support.h"
#include "test.h"

/* The chain length every stage must handle, and one the parser refuses. */
#define CHAIN_OK 10000
#define CHAIN_REFUSED 50000

/* head + n copies of unit separated by sep + tail, malloc'd. */
static char *chain(const char *head, const char *unit, const char *sep, size_t n, const char *tail)
{
    size_t h = strlen(head), u = strlen(unit), s = strlen(sep), t = strlen(tail);
    char *text = malloc(h + n * (u + s) + t + 1), *w = text;
    if (!text)
        return NULL;
    memcpy(w, head, h);
    w += h;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(w, sep, s);
            w += s;
        }
        memcpy(w, unit, u);
        w += u;
    }
    memcpy(w, tail, t + 1);
    return text;
}

static kg_store *memory_store(void)
{
    kg_store *store = NULL;
    kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL);
    return store;
}

/* Runs text and returns qt_run's rendering of the answer. */
static const char *run_chain(kg_store *store, const char *head, const char *unit, const char *sep,
                             size_t n, const char *tail)
{
    char *text = chain(head, unit, sep, n, tail);
    if (!text)
        return "error: out of memory in the test";
    const char *out = qt_run(store, text, false);
    free(text);
    return out;
}

static void expression_chains__of_10000_terms_evaluate(void)
{
    static const struct {
        const char *sep, *expected;
    } ops[] = {
        {" + ", "x=\"10000\"^^<http://www.w3.org/2001/XMLSchema#integer>"},
        {" - ", "x=\"-9998\"^^<http://www.w3.org/2001/XMLSchema#integer>"},
        {" * ", "x=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"},
        {" / ", "x=\"1.0\"^^<http://www.w3.org/2001/XMLSchema#decimal>"},
        {" && ", "x=\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>"},
        {" || ", "x=\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>"},
    };
    kg_store *store = memory_store();
    REQUIRE(store);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        const char *out = run_chain(store, "SELECT (", "1", ops[i].sep, CHAIN_OK, " AS ?x) {}");
        if (strcmp(out, ops[i].expected) != 0)
            TEST_FAIL_AT("1%s1 ... (%d terms): expected %s, got %s", ops[i].sep, CHAIN_OK,
                         ops[i].expected, out);
    }
    kg_store_close(store);
}

/* Prepares text and expects KG_ERR_LIMIT at line 1, some column. */
static void expect_refused(kg_store *store, char *text, const char *what)
{
    if (!text) {
        TEST_FAIL_AT("out of memory in the test");
        return;
    }
    kg_query *q = NULL;
    kg_error err = {0};
    kg_status st = kg_query_prepare(&q, store, text, strlen(text), NULL, &err);
    if (st != KG_ERR_LIMIT)
        TEST_FAIL_AT("%s: expected KG_ERR_LIMIT, got %s (%s)", what, kg_strerror(st), err.message);
    else if (err.line != 1 || err.column == 0)
        TEST_FAIL_AT("%s: expected the error at line 1, got %lu:%lu (%s)", what, err.line,
                     err.column, err.message);
    kg_query_free(q);
    free(text);
}

static void expression_chains__of_50000_terms_are_refused_with_a_position(void)
{
    static const char *const seps[] = {" + ", " - ", " * ", " / ", " && ", " || "};
    kg_store *store = memory_store();
    REQUIRE(store);
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        expect_refused(store, chain("SELECT (", "1", seps[i], CHAIN_REFUSED, " AS ?x) {}"), seps[i]);
    /* inside a FILTER, and as the condition of an OPTIONAL */
    expect_refused(store, chain("ASK { FILTER(", "true", " && ", CHAIN_REFUSED, ") }"), "FILTER");
    kg_store_close(store);
}

static void pattern_chains__of_10000_elements_evaluate(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    EXPECT_STR("true", run_chain(store, "ASK {", "{}", " MINUS ", CHAIN_OK, "}"));
    EXPECT_STR("true", run_chain(store, "ASK {", "OPTIONAL {}", " ", CHAIN_OK, "}"));
    EXPECT_STR("true", run_chain(store, "ASK {", "FILTER(1)", " ", CHAIN_OK, "}"));
    EXPECT_STR("x=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               run_chain(store, "SELECT ?x { BIND(1 AS ?x)", "FILTER(?x)", " ", CHAIN_OK, "}"));
    EXPECT_STR("x=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               run_chain(store, "SELECT ?x {", "OPTIONAL { FILTER(1) }", " ", CHAIN_OK,
                         " BIND(1 AS ?x) }"));
    kg_store_close(store);
}

static void pattern_chains__of_70000_elements_are_refused_with_a_position(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    expect_refused(store, chain("SELECT * {", "{}", " MINUS ", 70000, "}"), "MINUS");
    expect_refused(store, chain("SELECT * {", "OPTIONAL {}", " ", 70000, "}"), "OPTIONAL");
    expect_refused(store, chain("SELECT * {", "BIND(1 AS ?x)", " ", 70000, "}"), "BIND");
    expect_refused(store, chain("SELECT * { OPTIONAL {", "FILTER(1)", " ", 70000, "} }"),
                   "OPTIONAL with filters");
    kg_store_close(store);
}

static void slice__limit_of_int64_max_after_an_offset_returns_the_rest(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    EXPECT_STR("x=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
               "x=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      "SELECT ?x { VALUES ?x { 1 2 3 } } ORDER BY ?x OFFSET 1 "
                      "LIMIT 9223372036854775807",
                      true));
    EXPECT_STR("x=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      "SELECT ?x { VALUES ?x { 1 2 3 } } ORDER BY ?x OFFSET 2 "
                      "LIMIT 9223372036854775806",
                      true));
    EXPECT_STR("", qt_run(store,
                          "SELECT ?x { VALUES ?x { 1 2 3 } } OFFSET 9223372036854775807 "
                          "LIMIT 9223372036854775807",
                          true));
    kg_store_close(store);
}

/* head, then VALUES ?a { 0 ... n-1 } and the same for ?b (and ?c when
 * nvars is 3): a product of n^nvars rows; then tail. Malloc'd. */
static char *product(const char *head, int nvars, size_t n, const char *tail)
{
    char *text = malloc(strlen(head) + strlen(tail) + (size_t)nvars * (n * 8 + 32));
    if (!text)
        return NULL;
    size_t len = (size_t)sprintf(text, "%s", head);
    for (int v = 0; v < nvars; v++) {
        len += (size_t)sprintf(text + len, " VALUES ?%c {", 'a' + v);
        for (size_t i = 0; i < n; i++)
            len += (size_t)sprintf(text + len, " %zu", i);
        len += (size_t)sprintf(text + len, " }");
    }
    strcpy(text + len, tail);
    return text;
}

static void memory__doubling_binds_stop_at_the_memory_limit(void)
{
    kg_store *store = memory_store();
    REQUIRE(store);
    char text[4096];
    size_t n = (size_t)sprintf(text, "SELECT (STRLEN(?x40) AS ?n) { BIND(\"ab\" AS ?x0)");
    for (int i = 0; i < 40; i++)
        n += (size_t)sprintf(text + n, " BIND(CONCAT(?x%d, ?x%d) AS ?x%d)", i, i, i + 1);
    strcpy(text + n, " }");
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.max_memory = (size_t)64 << 20;
    const char *out = qt_run_opts(store, text, &opts, false);
    EXPECT_CONTAINS(out, "error: ");
    EXPECT_CONTAINS(out, "memory limit of 64 MB");
    kg_store_close(store);
}

static void memory__order_by_over_a_product_stops_at_the_memory_limit(void)
{
    kg_store *store = memory_store();
    char *text = product("SELECT * {", 2, 2000, "} ORDER BY DESC(?a)");
    REQUIRE(store && text);
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.max_memory = (size_t)16 << 20;
    EXPECT_CONTAINS(qt_run_opts(store, text, &opts, true), "memory limit of 16 MB");
    free(text);
    kg_store_close(store);
}

static void timeout__a_long_product_stops_with_a_limit_error(void)
{
    kg_store *store = memory_store();
    char *text = product("ASK {", 3, 3000, " FILTER(?a < 0) }");
    REQUIRE(store && text);
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.timeout_ms = 100;
    EXPECT_CONTAINS(qt_run_opts(store, text, &opts, false), "time limit of 0.100 s");
    free(text);
    kg_store_close(store);
}

/* ORDER BY under LIMIT keeps only the first rows while reading (top-k):
 * within a memory limit far below the whole product, and the same rows as
 * the full sort, ties in input order, for every LIMIT and OFFSET. */
static void top_k__order_by_limit_holds_only_the_rows_it_returns(void)
{
    kg_store *store = memory_store();
    char *text = product("SELECT ?a ?b {", 2, 2000, "} ORDER BY DESC(?a) ?b LIMIT 2 OFFSET 1");
    REQUIRE(store && text);
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.max_memory = (size_t)8 << 20;
    EXPECT_STR("a=\"1999\"^^<http://www.w3.org/2001/XMLSchema#integer> "
               "b=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
               "a=\"1999\"^^<http://www.w3.org/2001/XMLSchema#integer> "
               "b=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run_opts(store, text, &opts, true));
    free(text);
    kg_store_close(store);
}

static void top_k__gives_the_rows_of_the_full_sort(void)
{
    static const char data[] =
        "VALUES (?x ?n) { (3 1) (\"b\" 2) (<http://example.org/z> 3) (UNDEF 4) (1.0 5) (1 6) "
        "(\"a\"@en 7) (3 8) (2e0 9) (<http://example.org/a> 10) (\"b\" 11) (UNDEF 12) }";
    static const char *const keys[] = {"?x", "DESC(?x)", "?x DESC(?n)", "STR(?x)"};
    kg_store *store = memory_store();
    REQUIRE(store);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char text[1024];
        snprintf(text, sizeof text, "SELECT ?x ?n { %s } ORDER BY %s", data, keys[k]);
        char *full = strdup(qt_run(store, text, true));
        REQUIRE(full);
        EXPECT(strncmp(full, "error", 5) != 0 && strchr(full, '\n'));
        for (int offset = 0; offset < 3; offset++) {
            for (int limit = 0; limit <= 13; limit++) {
                snprintf(text, sizeof text, "SELECT ?x ?n { %s } ORDER BY %s LIMIT %d OFFSET %d",
                         data, keys[k], limit, offset);
                /* the expected rows: lines offset .. offset+limit-1 of full */
                const char *from = full;
                for (int i = 0; i < offset && from; i++)
                    from = strchr(from, '\n') ? strchr(from, '\n') + 1 : NULL;
                const char *to = from;
                for (int i = 0; i < limit && to && *to; i++)
                    to = strchr(to, '\n') ? strchr(to, '\n') + 1 : to + strlen(to);
                char want[4096] = "";
                if (from && to > from)
                    snprintf(want, sizeof want, "%.*s", (int)(to - from - (to[-1] == '\n')), from);
                const char *got = qt_run(store, text, true);
                if (strcmp(want, got) != 0)
                    TEST_FAIL_AT("ORDER BY %s LIMIT %d OFFSET %d: expected\n%s\ngot\n%s", keys[k],
                                 limit, offset, want, got);
            }
        }
        free(full);
    }
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(top_k__order_by_limit_holds_only_the_rows_it_returns),
    TEST(top_k__gives_the_rows_of_the_full_sort),
    TEST(memory__doubling_binds_stop_at_the_memory_limit),
    TEST(memory__order_by_over_a_product_stops_at_the_memory_limit),
    TEST(timeout__a_long_product_stops_with_a_limit_error),
    TEST(expression_chains__of_10000_terms_evaluate),
    TEST(expression_chains__of_50000_terms_are_refused_with_a_position),
    TEST(pattern_chains__of_10000_elements_evaluate),
    TEST(pattern_chains__of_70000_elements_are_refused_with_a_position),
    TEST(slice__limit_of_int64_max_after_an_offset_returns_the_rest),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
