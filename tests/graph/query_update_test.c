/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/query_update_test.c - SPARQL Update through the public API:
 * each operation, the counts of quads really added and removed, WITH and
 * USING, graph management, and atomicity (a failing request changes
 * nothing, inside or outside the caller's transaction). */
#include "test.h"

#include "query_support.h"

#define P "PREFIX : <http://example.org/> "

static const char *data = "@prefix : <http://example.org/> .\n"
                          ":a :p 1 . :b :p 2 .\n"
                          ":g { :a :q 1 }\n";

#define XSD_INT(n) "\"" #n "\"^^<http://www.w3.org/2001/XMLSchema#integer>"

/* One update on a fresh store: the quads it really adds and removes (-1:
 * not checked), then a query's answer. */
typedef struct update_case {
    const char *name, *update;
    int added, removed;
    const char *query, *answer;
} update_case;

static const update_case update_cases[] = {
    {"INSERT DATA counts only new quads",
     "INSERT DATA { :a :p 1 . :c :p 3 . GRAPH :h { :c :p 3 } }", 2, 0,
     "SELECT ?x { GRAPH :h { ?x :p 3 } }", "x=<http://example.org/c>"},
    {"DELETE DATA counts only present quads", "DELETE DATA { :a :p 1 . :zz :p 1 }", -1, 1,
     "SELECT ?x { ?x :p ?v }", "x=<http://example.org/b>"},
    {"DELETE/INSERT WHERE sees the store as it was before",
     "DELETE { ?x :p ?v } INSERT { ?x :p ?w } WHERE { ?x :p ?v BIND(?v + 10 AS ?w) }", 2, 2,
     "SELECT ?v { ?x :p ?v }", "v=" XSD_INT(11) "\nv=" XSD_INT(12)},
    {"WITH names the graph of WHERE and the templates",
     "WITH :g INSERT { ?x :r 1 } WHERE { ?x :q 1 }", 1, -1, "SELECT ?x { GRAPH :g { ?x :r 1 } }",
     "x=<http://example.org/a>"},
    {"DELETE WHERE removes the matches", "DELETE WHERE { GRAPH :g { ?x :q ?v } }", -1, 1,
     "ASK { GRAPH :g { ?x ?p ?v } }", "false"},
    {"template blank nodes are fresh per solution", "INSERT { _:n :of ?x } WHERE { ?x :p ?v }", 2,
     -1, "SELECT (COUNT(DISTINCT ?b) AS ?n) { ?b :of ?x }", "n=" XSD_INT(2)},
    /* sparql11/basic-update/insert-where-same-bnode: each INSERT's _:b is
     * its own node, even when both WHERE clauses give one empty solution */
    {"the same label in two operations gives two nodes",
     "INSERT { _:b :r 1 } WHERE {} ; INSERT { _:b :r 1 } WHERE {}", 2, -1,
     "SELECT (COUNT(DISTINCT ?b) AS ?n) { ?b :r 1 }", "n=" XSD_INT(2)},
};

static void operations__count_the_quads_they_change_and_change_them(void)
{
    char text[512];
    for (size_t i = 0; i < sizeof update_cases / sizeof update_cases[0]; i++) {
        const update_case *c = &update_cases[i];
        kg_store *s = qt_store(NULL, data);
        REQUIRE(s);
        uint64_t added = 99, removed = 99;
        snprintf(text, sizeof text, P "%s", c->update);
        kg_status st = qt_update(s, text, &added, &removed);
        snprintf(text, sizeof text, P "%s", c->query);
        const char *answer = qt_run(s, text, false);
        if (st != KG_OK || (c->added >= 0 && added != (uint64_t)c->added) ||
            (c->removed >= 0 && removed != (uint64_t)c->removed) || strcmp(answer, c->answer) != 0)
            TEST_FAIL_AT("%s: status %d, %llu added, %llu removed, answer \"%s\"", c->name, (int)st,
                         (unsigned long long)added, (unsigned long long)removed, answer);
        kg_store_close(s);
    }
}

static void graph_management__clear_drop_create_copy_move_add(void)
{
    kg_store *s = qt_store(NULL, data);
    REQUIRE(s);
    uint64_t added, removed;
    EXPECT_INT(KG_OK, qt_update(s, P "COPY DEFAULT TO :c", &added, &removed));
    EXPECT_INT(2, added);
    EXPECT_INT(KG_OK, qt_update(s, P "ADD :g TO :c", &added, &removed));
    EXPECT_INT(1, added);
    EXPECT_INT(KG_OK, qt_update(s, P "MOVE :c TO :m", &added, &removed));
    EXPECT_STR("n=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT (COUNT(*) AS ?n) { GRAPH :m { ?s ?p ?o } }", false));
    EXPECT_STR("false", qt_run(s, P "ASK { GRAPH :c { ?s ?p ?o } }", false));
    EXPECT_INT(KG_OK, qt_update(s, P "CLEAR DEFAULT", &added, &removed));
    EXPECT_INT(2, removed);
    EXPECT_INT(KG_ERR_INVALID, qt_update(s, P "CREATE GRAPH :m", &added, &removed));
    EXPECT_INT(KG_OK, qt_update(s, P "CREATE SILENT GRAPH :m", &added, &removed));
    EXPECT_INT(KG_ERR_NOT_FOUND, qt_update(s, P "DROP GRAPH :nothing", &added, &removed));
    EXPECT_INT(KG_OK, qt_update(s, P "DROP ALL", &added, &removed));
    EXPECT_INT(0, kg_store_size(s));
    kg_store_close(s);
}

static void request__failing_operation_undoes_the_whole_request(void)
{
    kg_store *s = qt_store(NULL, data);
    REQUIRE(s);
    uint64_t added, removed;
    EXPECT_INT(KG_ERR_NOT_FOUND,
               qt_update(s, P "INSERT DATA { :new :p 9 } ; DROP GRAPH :nothing", &added, &removed));
    EXPECT_STR("false", qt_run(s, P "ASK { :new :p 9 }", false));
    /* Inside the caller's transaction only the request's changes go. */
    REQUIRE(kg_store_begin(s) == KG_OK);
    EXPECT_INT(KG_OK, qt_update(s, P "INSERT DATA { :kept :p 1 }", &added, &removed));
    EXPECT_INT(KG_ERR_NOT_FOUND,
               qt_update(s, P "INSERT DATA { :new :p 9 } ; DROP GRAPH :nothing", &added, &removed));
    EXPECT_INT(KG_OK, kg_store_commit(s));
    EXPECT_STR("true", qt_run(s, P "ASK { :kept :p 1 }", false));
    EXPECT_STR("false", qt_run(s, P "ASK { :new :p 9 }", false));
    kg_store_close(s);
}

static void load__refused_without_file_access(void)
{
    kg_store *s = qt_store(NULL, data);
    REQUIRE(s);
    uint64_t added, removed;
    EXPECT_INT(KG_ERR_DENIED, qt_update(s, "LOAD <file:///etc/hostname>", &added, &removed));
    EXPECT_INT(KG_OK, qt_update(s, "LOAD SILENT <http://example.org/x.ttl>", &added, &removed));
    kg_store_close(s);
}

static void insert__relative_iri_without_base_is_refused(void)
{
    kg_store *s = qt_store(NULL, data);
    REQUIRE(s);
    uint64_t size = kg_store_size(s);
    const char *update = "INSERT DATA { <http://example.org/a> <http://example.org/p> <rel> }";
    kg_query *q = NULL;
    kg_error err;
    REQUIRE(kg_query_prepare(&q, s, update, strlen(update), NULL, &err) == KG_OK);
    kg_results *r = NULL;
    EXPECT_INT(KG_ERR_INVALID, kg_query_execute(&r, q));
    EXPECT_CONTAINS(kg_query_error(q)->message, "IRI <rel> is relative");
    kg_results_free(r);
    kg_query_free(q);
    EXPECT_INT(size, kg_store_size(s));
    /* with a BASE the same IRI is resolved and stored */
    uint64_t added, removed;
    EXPECT_INT(KG_OK, qt_update(s, "BASE <http://example.org/> INSERT DATA { <a> <p> <rel> }",
                                &added, &removed));
    EXPECT_STR("true", qt_run(s, P "ASK { :a :p :rel }", false));
    kg_store_close(s);
}

static const kg_test_case cases[] = {
    TEST(operations__count_the_quads_they_change_and_change_them),
    TEST(graph_management__clear_drop_create_copy_move_add),
    TEST(request__failing_operation_undoes_the_whole_request),
    TEST(load__refused_without_file_access),
    TEST(insert__relative_iri_without_base_is_refused),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
