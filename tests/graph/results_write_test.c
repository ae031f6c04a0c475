/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/results_write_test.c - libkg's query result writers
 * (kg/results.h): the exact text of each format, escaping, call order and
 * errors through kg_results_writer, then kg_results_write on the results of
 * real queries. Round trips of every W3C expected result through the
 * writers are in tests/conformance/results_test.c. */
#define _GNU_SOURCE
#include "kg/results.h"

#include "kg/io.h"
#include "kg/store.h"
#include "test.h"

#define EX "http://example.org/"

typedef struct captured {
    char *text;
    size_t len;
    FILE *out;
} captured;

static kg_results_writer *open_writer(captured *c, kg_results_format fmt)
{
    c->text = NULL;
    c->out = open_memstream(&c->text, &c->len);
    kg_results_writer *w = NULL;
    if (kg_results_writer_new(&w, fmt, c->out) != KG_OK)
        printf("# cannot make a writer\n");
    return w;
}

/* Closes the stream; c->text then holds the output (free it). */
static void close_writer(captured *c, kg_results_writer *w)
{
    kg_results_writer_free(w);
    fclose(c->out);
}

static const char *const XY[] = {"x", "y"};

/* Writes a two-row table (x, y) in fmt: an IRI with a language-tagged
 * literal, then a blank node with y unbound. */
static char *two_rows(kg_results_format fmt)
{
    captured c;
    kg_results_writer *w = open_writer(&c, fmt);
    kg_term row1[2] = {kg_term_iri(EX "a"), kg_term_literal("chat", NULL, "fr")};
    kg_term row2[2] = {kg_term_blank("b0"), {0}};
    EXPECT_INT(KG_OK, kg_results_writer_head(w, XY, 2));
    EXPECT_INT(KG_OK, kg_results_writer_row(w, row1));
    EXPECT_INT(KG_OK, kg_results_writer_row(w, row2));
    EXPECT_INT(KG_OK, kg_results_writer_end(w));
    close_writer(&c, w);
    return c.text;
}

static void results_write__json_table(void)
{
    char *got = two_rows(KG_RESULTS_JSON);
    EXPECT_STR("{ \"head\": { \"vars\": [ \"x\", \"y\" ] },\n"
               "  \"results\": { \"bindings\": [\n"
               "    { \"x\": { \"type\": \"uri\", \"value\": \"" EX "a\" },\n"
               "      \"y\": { \"type\": \"literal\", \"value\": \"chat\", \"xml:lang\": \"fr\" } },\n"
               "    { \"x\": { \"type\": \"bnode\", \"value\": \"b0\" } }\n"
               "  ] }\n}\n",
               got);
    free(got);
}

static void results_write__xml_table(void)
{
    char *got = two_rows(KG_RESULTS_XML);
    EXPECT_STR("<?xml version=\"1.0\"?>\n"
               "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
               "  <head>\n"
               "    <variable name=\"x\"/>\n"
               "    <variable name=\"y\"/>\n"
               "  </head>\n"
               "  <results>\n"
               "    <result>\n"
               "      <binding name=\"x\"><uri>" EX "a</uri></binding>\n"
               "      <binding name=\"y\"><literal xml:lang=\"fr\">chat</literal></binding>\n"
               "    </result>\n"
               "    <result>\n"
               "      <binding name=\"x\"><bnode>b0</bnode></binding>\n"
               "    </result>\n"
               "  </results>\n"
               "</sparql>\n",
               got);
    free(got);
}

static void results_write__csv_table_uses_crlf_and_plain_values(void)
{
    char *got = two_rows(KG_RESULTS_CSV);
    EXPECT_STR("x,y\r\n" EX "a,chat\r\n_:b0,\r\n", got);
    free(got);
}

static void results_write__tsv_table_uses_sparql_terms(void)
{
    char *got = two_rows(KG_RESULTS_TSV);
    EXPECT_STR("?x\t?y\n<" EX "a>\t\"chat\"@fr\n_:b0\t\n", got);
    free(got);
}

/* Writes one literal in column x in fmt and returns the output. */
static char *one_value(kg_results_format fmt, kg_term t)
{
    captured c;
    kg_results_writer *w = open_writer(&c, fmt);
    EXPECT_INT(KG_OK, kg_results_writer_head(w, XY, 1));
    EXPECT_INT(KG_OK, kg_results_writer_row(w, &t));
    EXPECT_INT(KG_OK, kg_results_writer_end(w));
    close_writer(&c, w);
    return c.text;
}

static kg_term nasty(void)
{
    /* quote, backslash, tab, LF, CR, U+0001, <, &, a comma, é, and a
     * stray byte that is not UTF-8 */
    static const char v[] = "q\"b\\t\tn\nr\r\x01<&,\xc3\xa9\xff";
    kg_term t = kg_term_literal(v, NULL, NULL);
    return t;
}

static void results_write__json_escapes_controls_and_keeps_utf8(void)
{
    char *got = one_value(KG_RESULTS_JSON, nasty());
    EXPECT_CONTAINS(got, "\"value\": \"q\\\"b\\\\t\\tn\\nr\\r\\u0001<&,\xc3\xa9\xef\xbf\xbd\" }");
    free(got);
}

static void results_write__json_writes_datatypes_but_not_xsd_string(void)
{
    char *got = one_value(KG_RESULTS_JSON, kg_term_literal("5", KG_XSD "integer", NULL));
    EXPECT_CONTAINS(got, "\"datatype\": \"" KG_XSD "integer\"");
    free(got);
    got = one_value(KG_RESULTS_JSON, kg_term_literal("s", KG_XSD_STRING, NULL));
    EXPECT(strstr(got, "datatype") == NULL);
    free(got);
}

static void results_write__xml_escapes_markup_and_replaces_what_xml_cannot_hold(void)
{
    char *got = one_value(KG_RESULTS_XML, nasty());
    EXPECT_CONTAINS(got, "<literal>q&quot;b\\t\tn\nr&#xD;\xef\xbf\xbd&lt;&amp;,\xc3\xa9\xef\xbf\xbd</literal>");
    free(got);
    got = one_value(KG_RESULTS_XML, kg_term_literal("1", KG_XSD "integer", NULL));
    EXPECT_CONTAINS(got, "<literal datatype=\"" KG_XSD "integer\">1</literal>");
    free(got);
}

static void results_write__csv_quotes_fields_that_need_it(void)
{
    char *got = one_value(KG_RESULTS_CSV, kg_term_literal("a,b \"c\"\nd", NULL, NULL));
    EXPECT_STR("x\r\n\"a,b \"\"c\"\"\nd\"\r\n", got);
    free(got);
}

static void results_write__tsv_escapes_tabs_and_newlines(void)
{
    char *got = one_value(KG_RESULTS_TSV, kg_term_literal("a\tb\nc", KG_XSD "string", NULL));
    EXPECT_STR("?x\n\"a\\tb\\nc\"\n", got);
    free(got);
}

static void results_write__long_terms_are_written_whole(void)
{
    size_t n = 5000;
    char *v = malloc(n + 1);
    memset(v, 'z', n);
    v[n] = '\0';
    char *got = one_value(KG_RESULTS_TSV, kg_term_literal(v, NULL, NULL));
    /* "?x\n", then the quoted value and a newline */
    EXPECT_INT(3 + 1 + n + 1 + 1, strlen(got));
    EXPECT(strncmp(got + 3, "\"zzz", 4) == 0);
    EXPECT_STR("zz\"\n", got + strlen(got) - 4);
    free(got);
    free(v);
}

static void results_write__boolean_in_every_table_format(void)
{
    static const struct {
        kg_results_format fmt;
        const char *want;
    } cases[] = {
        {KG_RESULTS_JSON, "{ \"head\": {}, \"boolean\": true }\n"},
        {KG_RESULTS_XML, "<?xml version=\"1.0\"?>\n"
                         "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                         "  <head>\n  </head>\n  <boolean>true</boolean>\n</sparql>\n"},
        {KG_RESULTS_CSV, "_askResult\r\ntrue\r\n"},
        {KG_RESULTS_TSV, "?_askResult\ntrue\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        captured c;
        kg_results_writer *w = open_writer(&c, cases[i].fmt);
        EXPECT_INT(KG_OK, kg_results_writer_boolean(w, true));
        EXPECT_INT(KG_OK, kg_results_writer_end(w));
        close_writer(&c, w);
        EXPECT_STR(cases[i].want, c.text);
        free(c.text);
    }
}

static void results_write__ntriples_writes_triples_only(void)
{
    static const char *const spo[] = {"subject", "predicate", "object"};
    captured c;
    kg_results_writer *w = open_writer(&c, KG_RESULTS_NTRIPLES);
    kg_term good[3] = {kg_term_blank("s"), kg_term_iri(EX "p"), kg_term_literal("o\n", NULL, "en")};
    kg_term literal_subject[3] = {kg_term_literal("s", NULL, NULL), kg_term_iri(EX "p"),
                                  kg_term_iri(EX "o")};
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_boolean(w, true));
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_head(w, spo, 2));
    EXPECT_INT(KG_OK, kg_results_writer_head(w, spo, 3));
    EXPECT_INT(KG_OK, kg_results_writer_row(w, good));
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_row(w, literal_subject));
    EXPECT_INT(KG_OK, kg_results_writer_end(w));
    close_writer(&c, w);
    EXPECT_STR("_:s <" EX "p> \"o\\n\"@en .\n", c.text);
    free(c.text);
}

static void results_write__calls_out_of_order_are_invalid(void)
{
    captured c;
    kg_results_writer *w = open_writer(&c, KG_RESULTS_JSON);
    kg_term t = kg_term_iri(EX "a");
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_row(w, &t));
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_end(w));
    EXPECT_INT(KG_OK, kg_results_writer_head(w, XY, 1));
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_head(w, XY, 1));
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_boolean(w, false));
    EXPECT_INT(KG_OK, kg_results_writer_end(w));
    EXPECT_INT(KG_ERR_INVALID, kg_results_writer_row(w, &t));
    close_writer(&c, w);
    free(c.text);
    kg_results_writer_free(NULL);
}

static void results_write__a_failing_stream_is_an_io_error(void)
{
    FILE *full = fopen("/dev/full", "w");
    REQUIRE(full);
    kg_results_writer *w = NULL;
    REQUIRE(kg_results_writer_new(&w, KG_RESULTS_TSV, full) == KG_OK);
    kg_term t = kg_term_iri(EX "a");
    kg_status st = kg_results_writer_head(w, XY, 1);
    for (int i = 0; st == KG_OK && i < 10000; i++)
        st = kg_results_writer_row(w, &t);
    if (st == KG_OK)
        st = kg_results_writer_end(w);
    EXPECT_INT(KG_ERR_IO, st);
    kg_results_writer_free(w);
    fclose(full);
}

static void results_write__format_names(void)
{
    kg_results_format f;
    EXPECT(kg_results_format_from_name(&f, "srj") && f == KG_RESULTS_JSON);
    EXPECT(kg_results_format_from_name(&f, "nt") && f == KG_RESULTS_NTRIPLES);
    EXPECT(!kg_results_format_from_name(&f, "yaml"));
    EXPECT_STR("tsv", kg_results_format_name(KG_RESULTS_TSV));
    EXPECT_STR("ntriples", kg_results_format_name(KG_RESULTS_NTRIPLES));
}

/* ---- kg_results_write on real query results --------------------------- */

static const char DATA[] = "@prefix : <" EX "> .\n"
                           ":a :name \"Ann\"@en ; :age 30 .\n"
                           ":b :name \"Bob, \\\"the\\\" builder\" .\n";

/* Runs text on a fresh in-memory store holding DATA and writes the results
 * in fmt; returns the output (free it) and the status in *st. */
static char *query_to(const char *text, kg_results_format fmt, kg_status *st, kg_error *err)
{
    kg_store *store = NULL;
    kg_query *q = NULL;
    kg_results *r = NULL;
    captured c = {0};
    *st = kg_store_open(&store, NULL, KG_STORE_MEMORY, err);
    if (*st == KG_OK)
        *st = kg_load_string(store, DATA, strlen(DATA), "data.ttl", NULL, NULL);
    if (*st == KG_OK)
        *st = kg_query_prepare(&q, store, text, strlen(text), NULL, err);
    if (*st == KG_OK)
        *st = kg_query_execute(&r, q);
    if (*st == KG_OK) {
        c.out = open_memstream(&c.text, &c.len);
        *st = kg_results_write(r, fmt, c.out, err);
        fclose(c.out);
    }
    kg_results_free(r);
    kg_query_free(q);
    kg_store_close(store);
    return c.text;
}

static void results_write__select_as_csv_streams_every_row(void)
{
    kg_status st;
    kg_error err = {0};
    char *got = query_to("SELECT ?s ?name ?age { ?s <" EX "name> ?name OPTIONAL { ?s <" EX "age> ?age } }"
                         " ORDER BY ?s",
                         KG_RESULTS_CSV, &st, &err);
    EXPECT_INT(KG_OK, st);
    EXPECT_STR("s,name,age\r\n" EX "a,Ann,30\r\n" EX "b,\"Bob, \"\"the\"\" builder\",\r\n", got);
    free(got);
}

static void results_write__select_as_json_has_types_and_languages(void)
{
    kg_status st;
    kg_error err = {0};
    char *got = query_to("SELECT ?name ?age { <" EX "a> <" EX "name> ?name ; <" EX "age> ?age }",
                         KG_RESULTS_JSON, &st, &err);
    EXPECT_INT(KG_OK, st);
    EXPECT_CONTAINS(got, "\"vars\": [ \"name\", \"age\" ]");
    EXPECT_CONTAINS(got, "\"name\": { \"type\": \"literal\", \"value\": \"Ann\", \"xml:lang\": \"en\" }");
    EXPECT_CONTAINS(got, "\"age\": { \"type\": \"literal\", \"value\": \"30\", \"datatype\": \"" KG_XSD "integer\" }");
    free(got);
}

static void results_write__ask_as_xml(void)
{
    kg_status st;
    kg_error err = {0};
    char *got = query_to("ASK { ?s <" EX "age> 30 }", KG_RESULTS_XML, &st, &err);
    EXPECT_INT(KG_OK, st);
    EXPECT_CONTAINS(got, "<boolean>true</boolean>");
    free(got);
}

static void results_write__construct_as_ntriples(void)
{
    kg_status st;
    kg_error err = {0};
    char *got = query_to("CONSTRUCT { ?s <" EX "years> ?age } WHERE { ?s <" EX "age> ?age }",
                         KG_RESULTS_NTRIPLES, &st, &err);
    EXPECT_INT(KG_OK, st);
    EXPECT_STR("<" EX "a> <" EX "years> \"30\"^^<" KG_XSD "integer> .\n", got);
    free(got);
}

static void results_write__ntriples_of_a_select_is_invalid(void)
{
    kg_status st;
    kg_error err = {0};
    char *got = query_to("SELECT * { ?s ?p ?o }", KG_RESULTS_NTRIPLES, &st, &err);
    EXPECT_INT(KG_ERR_INVALID, st);
    EXPECT_CONTAINS(err.message, "CONSTRUCT or DESCRIBE");
    free(got);
}

static void results_write__an_update_has_nothing_to_write(void)
{
    kg_status st;
    kg_error err = {0};
    char *got = query_to("INSERT DATA { <" EX "c> <" EX "age> 3 }", KG_RESULTS_JSON, &st, &err);
    EXPECT_INT(KG_ERR_INVALID, st);
    EXPECT_CONTAINS(err.message, "update");
    free(got);
}

static const kg_test_case cases[] = {
    TEST(results_write__json_table),
    TEST(results_write__xml_table),
    TEST(results_write__csv_table_uses_crlf_and_plain_values),
    TEST(results_write__tsv_table_uses_sparql_terms),
    TEST(results_write__json_escapes_controls_and_keeps_utf8),
    TEST(results_write__json_writes_datatypes_but_not_xsd_string),
    TEST(results_write__xml_escapes_markup_and_replaces_what_xml_cannot_hold),
    TEST(results_write__csv_quotes_fields_that_need_it),
    TEST(results_write__tsv_escapes_tabs_and_newlines),
    TEST(results_write__long_terms_are_written_whole),
    TEST(results_write__boolean_in_every_table_format),
    TEST(results_write__ntriples_writes_triples_only),
    TEST(results_write__calls_out_of_order_are_invalid),
    TEST(results_write__a_failing_stream_is_an_io_error),
    TEST(results_write__format_names),
    TEST(results_write__select_as_csv_streams_every_row),
    TEST(results_write__select_as_json_has_types_and_languages),
    TEST(results_write__ask_as_xml),
    TEST(results_write__construct_as_ntriples),
    TEST(results_write__ntriples_of_a_select_is_invalid),
    TEST(results_write__an_update_has_nothing_to_write),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
