/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/remote_answer_test.c - reading an endpoint's answers
 * (graph/remote/answer.c): SPARQL results JSON, including the older
 * "typed-literal" type Virtuoso writes (the samples are Virtuoso 7.2.5's
 * own output), results XML, N-Triples for CONSTRUCT, and malformed answers
 * reported with the endpoint and the position. The HTTP side is tested
 * against a real Virtuoso in tests/remote/. */
#include <string.h>

#include "kg/kg.h"
#include "remote/answer.h"
#include "test.h"

#define URL "http://127.0.0.1:8890/sparql"

static kg_results *read_answer(kg_query_form form, const char *type, const char *body,
                               kg_status expect, kg_error *err)
{
    kg_results *r = NULL;
    memset(err, 0, sizeof *err);
    EXPECT_INT(expect, kg_answer_read(URL, form, type, body, strlen(body), &r, err));
    return r;
}

static const char VIRTUOSO_JSON[] =
    "{ \"head\": { \"link\": [], \"vars\": [\"g\", \"n\", \"o\"] },\n"
    "  \"results\": { \"distinct\": false, \"ordered\": true, \"bindings\": [\n"
    "    { \"g\": { \"type\": \"uri\", \"value\": \"http://ex/g1\" }\t, \"n\": { \"type\": "
    "\"typed-literal\", \"datatype\": \"http://www.w3.org/2001/XMLSchema#integer\", \"value\": "
    "\"1\" }\t, \"o\": { \"type\": \"uri\", \"value\": \"http://ex/b\" }},\n"
    "    { \"g\": { \"type\": \"uri\", \"value\": \"http://ex/g1\" }\t, \"o\": { \"type\": "
    "\"literal\", \"xml:lang\": \"en\", \"value\": \"x\" }} ] } }";

static void json__virtuoso_typed_literals_and_unbound_cells(void)
{
    kg_error err;
    kg_results *r = read_answer(KG_QUERY_SELECT, "application/sparql-results+json; charset=UTF-8",
                                VIRTUOSO_JSON, KG_OK, &err);
    REQUIRE(r);
    EXPECT_INT(3, kg_results_column_count(r));
    EXPECT_STR("n", kg_results_column_name(r, 1));
    bool row;
    REQUIRE(kg_results_next(&row, r) == KG_OK && row);
    const kg_term *n = kg_results_value(r, 1);
    EXPECT_INT(KG_TERM_LITERAL, n->kind);
    EXPECT_STR("1", n->value);
    EXPECT_STR("http://www.w3.org/2001/XMLSchema#integer", n->datatype);
    REQUIRE(kg_results_next(&row, r) == KG_OK && row);
    EXPECT_INT(KG_TERM_NONE, kg_results_value(r, 1)->kind);
    EXPECT_STR("en", kg_results_value(r, 2)->lang);
    REQUIRE(kg_results_next(&row, r) == KG_OK);
    EXPECT(!row);
    kg_results_free(r);
}

static void json__ask_answer(void)
{
    kg_error err;
    kg_results *r = read_answer(KG_QUERY_ASK, "application/sparql-results+json",
                                "{  \"head\": { \"link\": [] }, \"boolean\": true}", KG_OK, &err);
    REQUIRE(r);
    EXPECT(kg_results_boolean(r));
    kg_results_free(r);
}

static void xml__virtuoso_results_with_language_and_datatype(void)
{
    const char *xml =
        "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n <head>\n"
        "  <variable name=\"s\"/>\n  <variable name=\"o\"/>\n </head>\n"
        " <results distinct=\"false\" ordered=\"true\">\n  <result>\n"
        "   <binding name=\"s\"><bnode>b0</bnode></binding>\n"
        "   <binding name=\"o\"><literal xml:lang=\"en\">x</literal></binding>\n"
        "  </result>\n  <result>\n"
        "   <binding name=\"o\"><literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">"
        "5</literal></binding>\n  </result>\n </results>\n</sparql>";
    kg_error err;
    kg_results *r = read_answer(KG_QUERY_SELECT, "application/sparql-results+xml", xml, KG_OK, &err);
    REQUIRE(r);
    bool row;
    REQUIRE(kg_results_next(&row, r) == KG_OK && row);
    EXPECT_INT(KG_TERM_BLANK, kg_results_value(r, 0)->kind);
    EXPECT_STR("en", kg_results_value(r, 1)->lang);
    REQUIRE(kg_results_next(&row, r) == KG_OK && row);
    EXPECT_INT(KG_TERM_NONE, kg_results_value(r, 0)->kind);
    EXPECT_STR("http://www.w3.org/2001/XMLSchema#integer", kg_results_value(r, 1)->datatype);
    kg_results_free(r);
}

static void ntriples__construct_answer_as_triples(void)
{
    const char *nt = "<http://ex/a>\t<http://ex/p>\t\"x\"@en .\n_:b10000\t<http://ex/q>\t<http://ex/b> .\n";
    kg_error err;
    kg_results *r = read_answer(KG_QUERY_CONSTRUCT, "application/n-triples", nt, KG_OK, &err);
    REQUIRE(r);
    EXPECT_INT(3, kg_results_column_count(r));
    int n = 0;
    bool row;
    while (kg_results_next(&row, r) == KG_OK && row)
        n++;
    EXPECT_INT(2, n);
    kg_results_free(r);
}

static void malformed__json_names_the_endpoint_line_and_column(void)
{
    kg_error err;
    EXPECT(!read_answer(KG_QUERY_SELECT, "application/sparql-results+json",
                        "{ \"head\": { \"vars\": [\"s\"] },\n  \"results\": { \"bindings\": [ { ] } }",
                        KG_ERR_SYNTAX, &err));
    EXPECT_CONTAINS(err.message, URL);
    EXPECT_INT(2, err.line);
    EXPECT(err.column > 0);
}

static void malformed__xml_and_ntriples_and_unknown_types(void)
{
    kg_error err;
    EXPECT(!read_answer(KG_QUERY_SELECT, "application/sparql-results+xml",
                        "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head>\n</sparql>",
                        KG_ERR_SYNTAX, &err));
    EXPECT_CONTAINS(err.message, "malformed answer");
    EXPECT_INT(3, err.line);
    EXPECT(!read_answer(KG_QUERY_CONSTRUCT, "application/n-triples", "<http://ex/a> <p> .\n",
                        KG_ERR_SYNTAX, &err));
    EXPECT_CONTAINS(err.message, URL);
    EXPECT_INT(1, err.line);
    EXPECT(!read_answer(KG_QUERY_SELECT, "text/html", "<html>Service Unavailable</html>",
                        KG_ERR_UNSUPPORTED, &err));
    EXPECT_CONTAINS(err.message, "text/html");
    EXPECT(!read_answer(KG_QUERY_SELECT, "application/sparql-results+json",
                        "{\"head\": {\"vars\": [\"s\"]}, \"results\": {\"bindings\": "
                        "[{\"s\": {\"type\": \"strange\", \"value\": \"x\"}}]}}",
                        KG_ERR_SYNTAX, &err));
}

/* A one-cell SELECT answer in JSON whose cell is term (JSON text). */
static void expect_bad_json_term(const char *term, const char *why)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"head\": {\"vars\": [\"x\"]}, \"results\": {\"bindings\": [{\"x\": %s}]}}",
             term);
    kg_error err;
    kg_results *r = read_answer(KG_QUERY_SELECT, "application/sparql-results+json", body,
                                KG_ERR_SYNTAX, &err);
    EXPECT(r == NULL);
    kg_results_free(r);
    if (!strstr(err.message, why))
        TEST_FAIL_AT("%s: expected an error saying \"%s\", got \"%s\"", term, why, err.message);
    EXPECT_CONTAINS(err.message, URL);
}

static void malformed__json_terms_are_validated(void)
{
    expect_bad_json_term("{\"type\": \"uri\", \"value\": \"http://ex/a\\u0000b\"}", "NUL");
    expect_bad_json_term("{\"type\": \"uri\", \"value\": \"not an iri\"}", "IRI");
    expect_bad_json_term("{\"type\": \"uri\", \"value\": \"relative/x\"}", "relative");
    expect_bad_json_term("{\"type\": \"bnode\", \"value\": \"\"}", "blank node");
    expect_bad_json_term("{\"type\": \"literal\", \"value\": \"1\", \"datatype\": \"not an iri\"}",
                         "datatype");
    expect_bad_json_term("{\"type\": \"literal\", \"value\": \"1\", \"datatype\": \"\"}",
                         "datatype");
    expect_bad_json_term("{\"type\": \"literal\", \"value\": \"x\", \"xml:lang\": \"e n\"}",
                         "language");
}

static void malformed__xml_terms_are_validated(void)
{
    static const char *const cells[][2] = {
        {"<bnode></bnode>", "blank node"},
        {"<uri>no iri</uri>", "IRI"},
        {"<literal datatype=\"no iri\">1</literal>", "datatype"},
        {"<literal xml:lang=\"e n\">1</literal>", "language"},
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        char body[1024];
        snprintf(body, sizeof body,
                 "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\"><head><variable "
                 "name=\"x\"/></head><results><result><binding name=\"x\">%s</binding></result>"
                 "</results></sparql>",
                 cells[i][0]);
        kg_error err;
        kg_results *r = read_answer(KG_QUERY_SELECT, "application/sparql-results+xml", body,
                                    KG_ERR_SYNTAX, &err);
        EXPECT(r == NULL);
        kg_results_free(r);
        if (!strstr(err.message, cells[i][1]))
            TEST_FAIL_AT("%s: expected an error saying \"%s\", got \"%s\"", cells[i][0],
                         cells[i][1], err.message);
    }
}

/* Results XML gets the entity guard RDF/XML has: one 50 kB entity
 * referenced 20,000 times would expand to 1 GB. */
static void malformed__xml_entity_expansion_is_refused(void)
{
    size_t refs = 20000, size = 60000 + refs * 4;
    char *body = malloc(size);
    REQUIRE(body);
    size_t n = (size_t)snprintf(body, size, "<?xml version=\"1.0\"?>\n<!DOCTYPE sparql [<!ENTITY e \"");
    memset(body + n, 'x', 50000);
    n += 50000;
    n += (size_t)snprintf(body + n, size - n,
                          "\">]>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\"><head>"
                          "<variable name=\"x\"/></head><results><result><binding name=\"x\">"
                          "<literal>");
    for (size_t i = 0; i < refs; i++)
        n += (size_t)snprintf(body + n, size - n, "&e;");
    snprintf(body + n, size - n, "</literal></binding></result></results></sparql>");
    kg_results *r = NULL;
    kg_error err = {0};
    kg_status st = kg_answer_read(URL, KG_QUERY_SELECT, "application/sparql-results+xml", body,
                                  strlen(body), &r, &err);
    if (st != KG_ERR_LIMIT)
        TEST_FAIL_AT("expected KG_ERR_LIMIT, got %s (%s)", kg_strerror(st), err.message);
    EXPECT_CONTAINS(err.message, URL);
    kg_results_free(r);
    free(body);
}

static const kg_test_case cases[] = {
    TEST(malformed__json_terms_are_validated),
    TEST(malformed__xml_terms_are_validated),
    TEST(malformed__xml_entity_expansion_is_refused),
    TEST(json__virtuoso_typed_literals_and_unbound_cells),
    TEST(json__ask_answer),
    TEST(xml__virtuoso_results_with_language_and_datatype),
    TEST(ntriples__construct_answer_as_triples),
    TEST(malformed__json_names_the_endpoint_line_and_column),
    TEST(malformed__xml_and_ntriples_and_unknown_types),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
