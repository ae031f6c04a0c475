/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/limits_test.c - absurd inputs get an error, not a hang or a
 * crash: Turtle nested 100,000 deep, a query nested 100,000 deep, and
 * invalid UTF-8 wherever text enters the library (Turtle, N-Triples,
 * RDF/XML, SPARQL, the term API). Fast enough for make check; the
 * hundred-megabyte inputs are in tests/stress/big_input_test.c. No case
 * measures time (a slow machine is not a failure): a refusal must come from
 * the limit, which the error status and message show. */
#include "kg/kg.h"
#include "limits_support.h"
#include "test.h"

/* ------------------------------------------------------------ nesting */

static void expect_nesting_refused(const char *head, const char *unit, kg_format format)
{
    char *text = limits_repeat(head, unit, 100000, "");
    REQUIRE(text);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_status st = limits_load_text(store, text, strlen(text), format);
    EXPECT_INT(KG_ERR_LIMIT, st);
    EXPECT_CONTAINS(kg_store_error(store)->message, "nested deeper");
    EXPECT_INT(1, kg_store_error(store)->line);
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
    free(text);
}

static void load_turtle__collections_nested_100000_deep_are_refused(void)
{
    expect_nesting_refused("<http://example.org/a> <http://example.org/p> ", "(", KG_FORMAT_TURTLE);
}

static void load_turtle__blank_node_lists_nested_100000_deep_are_refused(void)
{
    expect_nesting_refused("<http://example.org/a> <http://example.org/p> ",
                           "[ <http://example.org/p> ", KG_FORMAT_TURTLE);
}

static void load_trig__collections_nested_100000_deep_are_refused(void)
{
    expect_nesting_refused("<http://example.org/g> { <http://example.org/a> <http://example.org/p> ",
                           "( 1 ", KG_FORMAT_TRIG);
}

/* serd ends a comment at a NUL byte and parses on after it (found by
 * fuzz_load as a stack overflow in serd) */
static void load_turtle__nesting_after_a_nul_ending_a_comment_is_refused(void)
{
    static const char head[] = "# a comment\0<http://example.org/a> <http://example.org/p> ";
    size_t h = sizeof head - 1, n = 100000;
    char *text = malloc(h + n);
    REQUIRE(text);
    memcpy(text, head, h);
    memset(text + h, '(', n);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    EXPECT_INT(KG_ERR_LIMIT, limits_load_text(store, text, h + n, KG_FORMAT_TURTLE));
    EXPECT_CONTAINS(kg_store_error(store)->message, "nested deeper");
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
    free(text);
}

/* N-Triples and N-Quads have no nesting, so their loads skip the depth
 * scan: serd must refuse the first bracket as a syntax error. */
static void load_nquads__brackets_100000_deep_are_a_syntax_error_at_the_first(void)
{
    char *text = limits_repeat("<http://example.org/a> <http://example.org/p> ", "[ <http://example.org/p> ",
                        100000, "");
    REQUIRE(text);
    kg_format formats[] = {KG_FORMAT_NTRIPLES, KG_FORMAT_NQUADS};
    for (int i = 0; i < 2; i++) {
        kg_store *store = limits_memory_store();
        REQUIRE(store);
        EXPECT_INT(KG_ERR_SYNTAX, limits_load_text(store, text, strlen(text), formats[i]));
        EXPECT_INT(1, kg_store_error(store)->line);
        EXPECT_INT(47, kg_store_error(store)->column);
        EXPECT_INT(0, kg_store_size(store));
        kg_store_close(store);
    }
    free(text);
}

static void load_turtle__brackets_inside_strings_iris_and_comments_do_not_count(void)
{
    /* 3,000 brackets of each kind that are text, not syntax */
    char *lit = limits_repeat("<http://example.org/a> <http://example.org/p> \"", "([", 3000, "\" .\n");
    char *longlit = limits_repeat("<http://example.org/a> <http://example.org/q> \"\"\"", "(\"[", 3000,
                           "\"\"\" .\n");
    char *iri = limits_repeat("<http://example.org/a> <http://example.org/r> <http://example.org/", "((",
                       3000, "> .\n");
    char *comment = limits_repeat("# ", "[[[", 3000, "\n");
    char *nested = limits_repeat("<http://example.org/a> <http://example.org/s> ", "(", 500, "");
    char *closing = limits_repeat("", ")", 500, " .\n");
    REQUIRE(lit && longlit && iri && comment && nested && closing);
    size_t len = strlen(lit) + strlen(longlit) + strlen(iri) + strlen(comment) + strlen(nested) +
                 strlen(closing);
    char *text = malloc(len + 1);
    REQUIRE(text);
    sprintf(text, "%s%s%s%s%s%s", lit, longlit, iri, comment, nested, closing);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_status st = limits_load_text(store, text, len, KG_FORMAT_TURTLE);
    if (st != KG_OK)
        TEST_FAIL_AT("expected KG_OK, got %s (%s)", kg_strerror(st), kg_store_error(store)->message);
    EXPECT(kg_store_size(store) > 3);
    kg_store_close(store);
    free(lit), free(longlit), free(iri), free(comment), free(nested), free(closing), free(text);
}

static void query__groups_nested_100000_deep_are_refused(void)
{
    char *text = limits_repeat("SELECT * WHERE ", "{", 100000, "");
    REQUIRE(text);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_error err;
    EXPECT_INT(KG_ERR_LIMIT, limits_prepare_and_run(store, text, strlen(text), NULL, &err));
    kg_store_close(store);
    free(text);
}

static void query__expressions_nested_100000_deep_are_refused(void)
{
    char *text = limits_repeat("SELECT * WHERE { FILTER ", "(", 100000, "");
    char *neg = limits_repeat("SELECT * WHERE { FILTER (", "!", 100000, "true) }");
    REQUIRE(text && neg);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_error err;
    EXPECT_INT(KG_ERR_LIMIT, limits_prepare_and_run(store, text, strlen(text), NULL, &err));
    kg_status st = limits_prepare_and_run(store, neg, strlen(neg), NULL, &err);
    if (st != KG_ERR_LIMIT && st != KG_OK)
        TEST_FAIL_AT("100,000 negations: expected KG_ERR_LIMIT or KG_OK, got %s (%s)",
                     kg_strerror(st), err.message);
    kg_store_close(store);
    free(text);
    free(neg);
}

/* ----------------------------------------------------------- UTF-8 */

static const char *const bad_utf8[] = {
    "\xff",         /* never valid */
    "\xc3",         /* truncated sequence */
    "\xc0\xaf",     /* overlong '/' */
    "\xed\xa0\x80", /* a UTF-16 surrogate */
    "\xf4\x90\x80\x80", /* beyond U+10FFFF */
};
enum { N_BAD = sizeof bad_utf8 / sizeof bad_utf8[0] };

static void expect_load_refuses_bad_utf8(const char *fmt, kg_format format)
{
    for (int i = 0; i < N_BAD; i++) {
        char text[512];
        snprintf(text, sizeof text, fmt, bad_utf8[i]);
        kg_store *store = limits_memory_store();
        REQUIRE(store);
        kg_status st = limits_load_text(store, text, strlen(text), format);
        if (st == KG_OK)
            TEST_FAIL_AT("invalid UTF-8 #%d was loaded: %s", i, text);
        EXPECT_INT(0, kg_store_size(store));
        kg_store_close(store);
    }
}

static void load_turtle__invalid_utf8_in_a_literal_is_refused(void)
{
    expect_load_refuses_bad_utf8("<http://example.org/a> <http://example.org/p> \"a%sb\" .\n",
                                 KG_FORMAT_TURTLE);
}

static void load_turtle__invalid_utf8_in_an_iri_is_refused(void)
{
    expect_load_refuses_bad_utf8("<http://example.org/a%s> <http://example.org/p> \"x\" .\n",
                                 KG_FORMAT_TURTLE);
}

static void load_turtle__invalid_utf8_in_a_prefixed_name_is_refused(void)
{
    expect_load_refuses_bad_utf8("@prefix ex: <http://example.org/> .\nex:a%s ex:p \"x\" .\n",
                                 KG_FORMAT_TURTLE);
}

static void load_ntriples__invalid_utf8_in_a_literal_is_refused(void)
{
    expect_load_refuses_bad_utf8("<http://example.org/a> <http://example.org/p> \"a%sb\" .\n",
                                 KG_FORMAT_NTRIPLES);
}

static void load_nquads__invalid_utf8_in_a_graph_name_is_refused(void)
{
    expect_load_refuses_bad_utf8(
        "<http://example.org/a> <http://example.org/p> \"x\" <http://example.org/g%s> .\n",
        KG_FORMAT_NQUADS);
}

static void load_rdfxml__invalid_utf8_in_a_literal_is_refused(void)
{
    expect_load_refuses_bad_utf8(
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
        "22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\"><rdf:Description "
        "rdf:about=\"http://example.org/a\"><ex:p>a%sb</ex:p></rdf:Description></rdf:RDF>\n",
        KG_FORMAT_RDFXML);
}

static void query__invalid_utf8_is_a_syntax_error(void)
{
    static const char *const fmts[] = {
        "SELECT * WHERE { ?s ?p \"a%sb\" }",
        "SELECT * WHERE { ?s ?p <http://example.org/%s> }",
        "SELECT ?x%s WHERE { ?s ?p ?o }",
        "# comment %s\nSELECT * WHERE { ?s ?p ?o }",
        "INSERT DATA { <http://example.org/a> <http://example.org/p> \"a%sb\" }",
    };
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
        for (int i = 0; i < N_BAD; i++) {
            char text[512];
            snprintf(text, sizeof text, fmts[f], bad_utf8[i]);
            kg_error err;
            kg_status st = limits_prepare_and_run(store, text, strlen(text), NULL, &err);
            if (st != KG_ERR_SYNTAX)
                TEST_FAIL_AT("query %zu with invalid UTF-8 #%d: expected KG_ERR_SYNTAX, got %s",
                             f, i, kg_strerror(st));
        }
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

static void store_add__invalid_utf8_in_a_term_is_refused(void)
{
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    for (int i = 0; i < N_BAD; i++) {
        char value[64];
        snprintf(value, sizeof value, "a%sb", bad_utf8[i]);
        kg_term s = kg_term_iri("http://example.org/a"), p = kg_term_iri("http://example.org/p");
        kg_term lit = kg_term_literal(value, NULL, NULL);
        char iri[128];
        snprintf(iri, sizeof iri, "http://example.org/%s", value);
        kg_term bad_iri = kg_term_iri(iri);
        if (kg_store_add(store, &s, &p, &lit, NULL) == KG_OK)
            TEST_FAIL_AT("a literal with invalid UTF-8 #%d was added", i);
        if (kg_store_add(store, &bad_iri, &p, &s, NULL) == KG_OK)
            TEST_FAIL_AT("an IRI with invalid UTF-8 #%d was added", i);
    }
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(load_turtle__collections_nested_100000_deep_are_refused),
    TEST(load_turtle__nesting_after_a_nul_ending_a_comment_is_refused),
    TEST(load_turtle__blank_node_lists_nested_100000_deep_are_refused),
    TEST(load_trig__collections_nested_100000_deep_are_refused),
    TEST(load_nquads__brackets_100000_deep_are_a_syntax_error_at_the_first),
    TEST(load_turtle__brackets_inside_strings_iris_and_comments_do_not_count),
    TEST(query__groups_nested_100000_deep_are_refused),
    TEST(query__expressions_nested_100000_deep_are_refused),
    TEST(load_turtle__invalid_utf8_in_a_literal_is_refused),
    TEST(load_turtle__invalid_utf8_in_an_iri_is_refused),
    TEST(load_turtle__invalid_utf8_in_a_prefixed_name_is_refused),
    TEST(load_ntriples__invalid_utf8_in_a_literal_is_refused),
    TEST(load_nquads__invalid_utf8_in_a_graph_name_is_refused),
    TEST(load_rdfxml__invalid_utf8_in_a_literal_is_refused),
    TEST(query__invalid_utf8_is_a_syntax_error),
    TEST(store_add__invalid_utf8_in_a_term_is_refused),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
