/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/sparql_parse_test.c - the SPARQL 1.1 front end: each query
 * and update form, property path precedence, prefixes and BASE, literal
 * forms and escapes, blank node roles, the static checks, error positions
 * (line and column) of malformed text, limits, and RFC 3986
 * resolution in util/iri. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/parser.h"
#include "test.h"
#include "util/iri.h"

#define XSD_INT "<http://www.w3.org/2001/XMLSchema#integer>"

static kg_status parse(const char *text, kg_sparql_kind kind, kg_sparql_ast **ast, kg_error *err)
{
    kg_sparql_parse_options opts = {.base_iri = "http://e/", .kind = kind};
    return kg_sparql_parse(text, strlen(text), &opts, ast, err);
}

/* The dump of text's tree, or "ERROR line:column message"; malloc'd. */
static char *dump(const char *text, kg_sparql_kind kind)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    kg_sparql_ast *ast;
    kg_error err;
    if (parse(text, kind, &ast, &err) == KG_OK)
        kg_sparql_ast_dump(ast, out);
    else
        fprintf(out, "ERROR %lu:%lu %s\n", err.line, err.column, err.message);
    kg_sparql_ast_free(ast);
    fclose(out);
    if (size && buf[size - 1] == '\n')
        buf[size - 1] = '\0';
    return buf;
}

#define EXPECT_DUMP(kind, text, expected)                                      \
    do {                                                                       \
        char *d_ = dump(text, kind);                                           \
        EXPECT_STR(expected, d_);                                              \
        free(d_);                                                              \
    } while (0)

/* The path of "SELECT * { ?s PATH ?o }" as kg_ast_path_dump writes it. */
static char *path_dump(const char *path)
{
    char query[512];
    snprintf(query, sizeof query, "PREFIX : <http://e/> SELECT * { ?s %s ?o }", path);
    kg_sparql_ast *ast;
    kg_error err;
    if (parse(query, KG_SPARQL_QUERY, &ast, &err) != KG_OK)
        return strdup(err.message);
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    const kg_ast_triple *t = &ast->select->where->items[0]->triples[0];
    if (t->path)
        kg_ast_path_dump(t->path, out);
    else
        fprintf(out, "<%s>", t->p.term.value);
    fclose(out);
    kg_sparql_ast_free(ast);
    return buf;
}

#define EXPECT_PATH(text, expected)                                            \
    do {                                                                       \
        char *d_ = path_dump(text);                                            \
        EXPECT_STR(expected, d_);                                              \
        free(d_);                                                              \
    } while (0)

/* Parsing must fail with this status at this line and column, with a
 * message containing needle. */
static void expect_error(const char *text, kg_sparql_kind kind, kg_status status,
                         unsigned long line, unsigned long column, const char *needle, int at)
{
    kg_sparql_ast *ast;
    kg_error err;
    kg_status st = parse(text, kind, &ast, &err);
    if (st != status || err.line != line || err.column != column || !strstr(err.message, needle))
        TEST_FAIL_AT("(line %d) expected status %d at %lu:%lu containing \"%s\", got status %d at "
                     "%lu:%lu: %s",
                     at, (int)status, line, column, needle, (int)st, err.line, err.column,
                     err.message);
    EXPECT(ast == NULL || st == KG_OK);
    kg_sparql_ast_free(ast);
}

#define EXPECT_ERROR(text, line, column, needle)                               \
    expect_error(text, KG_SPARQL_DETECT, KG_ERR_SYNTAX, line, column, needle, __LINE__)

/* ------------------------------------------------------------ query forms */

static void parse__select_with_modifiers(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "PREFIX : <http://e/>\n"
                "SELECT DISTINCT ?x (COUNT(DISTINCT ?y) AS ?n)\n"
                "FROM <g1> FROM NAMED <g2>\n"
                "WHERE { ?x :p ?y } GROUP BY ?x HAVING (COUNT(?y) > 1)\n"
                "ORDER BY DESC(?n) ?x OFFSET 5 LIMIT 10",
                "(select (from <http://e/g1>) (from named <http://e/g2>) (select distinct (project ?x "
                "(as (count distinct ?y) ?n)) (group (bgp (triple ?x <http://e/p> ?y))) (group-by ?x) "
                "(having (> (count ?y) \"1\"^^" XSD_INT ")) (order-by (desc ?n) (asc ?x)) (limit 10) "
                "(offset 5)))");
}

static void parse__select_star_lists_variables_in_scope(void)
{
    /* Blank nodes, FILTER-only and MINUS-only variables are not projected. */
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "SELECT * { ?a <p> _:b . _:b <q> ?c OPTIONAL { ?c <r> ?d } MINUS { ?e <s> ?a } "
                "FILTER(?f) BIND(1 AS ?g) VALUES ?h { 1 } }",
                "(select (select (project* ?a ?c ?d ?g ?h) (group (bgp (triple ?a <http://e/p> "
                "?_:b) (triple ?_:b <http://e/q> ?c)) (optional (group (bgp (triple ?c <http://e/r> "
                "?d)))) (minus (group (bgp (triple ?e <http://e/s> ?a)))) (filter ?f) (bind \"1\"^^" XSD_INT
                " ?g) (values (?h) (\"1\"^^" XSD_INT ")))))");
}

static void parse__construct_template_and_short_form(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY, "CONSTRUCT { ?s <p> _:x . _:x <q> [] } WHERE { ?s <p> _:y }",
                "(construct (template (?s <http://e/p> _:x) (_:x <http://e/q> _:-1)) (select (group "
                "(bgp (triple ?s <http://e/p> ?_:y)))))");
    /* In CONSTRUCT WHERE the pattern's blank nodes are variables and the
     * template's are template nodes. */
    EXPECT_DUMP(KG_SPARQL_QUERY, "CONSTRUCT WHERE { ?s <p> _:y }",
                "(construct (template (?s <http://e/p> _:y)) (select (group (bgp (triple ?s "
                "<http://e/p> ?_:y)))))");
}

static void parse__ask_and_describe(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY, "ASK { <a> <b> ?c }",
                "(ask (select (group (bgp (triple <http://e/a> <http://e/b> ?c)))))");
    EXPECT_DUMP(KG_SPARQL_QUERY, "DESCRIBE <a> ?x",
                "(describe (describe <http://e/a> ?x) (select (group)))");
    EXPECT_DUMP(KG_SPARQL_QUERY, "DESCRIBE * WHERE { ?x <p> ?y }",
                "(describe (describe* ?x ?y) (select (group (bgp (triple ?x <http://e/p> ?y)))))");
}

static void parse__subselect_values_and_service(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "SELECT ?x { { SELECT ?x { ?x <p> ?y } LIMIT 1 } SERVICE SILENT <http://s/> { ?x <q> "
                "?z } } VALUES (?x ?z) { (<a> UNDEF) }",
                "(select (select (project ?x) (group (group (subselect (select (project ?x) (group "
                "(bgp (triple ?x <http://e/p> ?y))) (limit 1)))) (service silent <http://s/> (group "
                "(bgp (triple ?x <http://e/q> ?z))))) (values (?x ?z) (<http://e/a> UNDEF))))");
}

static void parse__expression_precedence(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "SELECT * { FILTER(!?a || ?b && ?c = ?d + ?e * -?f - 2 && ?g IN (1, 2) && ?h NOT IN ())"
                " }",
                "(select (select (project*) (group (filter (|| (! ?a) (&& (&& (&& ?b (= ?c (- (+ ?d (* ?e "
                "(neg ?f))) \"2\"^^" XSD_INT "))) (in ?g \"1\"^^" XSD_INT " \"2\"^^" XSD_INT ")) "
                "(not-in ?h)))))))");
    /* "?x -1" is a subtraction; "?x * -1" multiplies by the literal -1. */
    EXPECT_DUMP(KG_SPARQL_QUERY, "SELECT * { FILTER(?x -1 > ?x * -1) }",
                "(select (select (project*) (group (filter (> (- ?x \"1\"^^" XSD_INT ") (* ?x "
                "\"-1\"^^" XSD_INT "))))))");
}

static void parse__builtins_aggregates_and_functions(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
                "SELECT (GROUP_CONCAT(?x; SEPARATOR=\", \") AS ?g) (SUM(xsd:integer(?y)) AS ?s) "
                "(COUNT(*) AS ?n) { ?x <p> ?y FILTER(isURI(?x) && BOUND(?y) && REGEX(STR(?x), \"a\", "
                "\"i\") && COALESCE(?y, IF(?y, 1, 2)) && NOT EXISTS { ?y <q> ?x }) }",
                "(select (select (project (as (group_concat ?x separator=\", \") ?g) (as (sum (call "
                "<http://www.w3.org/2001/XMLSchema#integer> ?y)) ?s) (as (count *) ?n)) (group (bgp "
                "(triple ?x <http://e/p> ?y)) (filter (&& (&& (&& (&& (isIRI ?x) (bound ?y)) (REGEX (STR "
                "?x) \"a\" \"i\")) (coalesce ?y (if ?y \"1\"^^" XSD_INT " \"2\"^^" XSD_INT "))) (not-exists (group (bgp "
                "(triple ?y <http://e/q> ?x)))))))))");
}

/* ----------------------------------------------------------- update forms */

static void parse__update_data_and_where_forms(void)
{
    EXPECT_DUMP(KG_SPARQL_UPDATE,
                "PREFIX : <http://e/>\n"
                "INSERT DATA { :a :b _:c . GRAPH :g { :a :b 1 } } ;\n"
                "DELETE DATA { :a :b :c } ;\n"
                "PREFIX q: <http://q/>\n"
                "DELETE WHERE { ?s q:p ?o . GRAPH ?g { ?s q:r ?o } }",
                "(update (insert-data (insert (<http://e/a> <http://e/b> _:c) (<http://e/a> "
                "<http://e/b> \"1\"^^" XSD_INT " <http://e/g>))) (delete-data (delete (<http://e/a> "
                "<http://e/b> <http://e/c>))) (delete-where (delete (?s <http://q/p> ?o) (?s "
                "<http://q/r> ?o ?g)) (group (bgp (triple ?s <http://q/p> ?o)) (graph ?g (group (bgp "
                "(triple ?s <http://q/r> ?o)))))))");
}

static void parse__update_modify_forms(void)
{
    EXPECT_DUMP(KG_SPARQL_UPDATE,
                "WITH <g> DELETE { ?s <p> ?o } INSERT { ?s <p> [] } USING <u> USING NAMED <n> WHERE "
                "{ ?s <p> ?o } ; INSERT { GRAPH <h> { ?s ?p ?o } } WHERE { ?s ?p ?o } ; DELETE { ?s "
                "?p ?o } WHERE { ?s ?p ?o }",
                "(update (modify (with <http://e/g>) (delete (?s <http://e/p> ?o)) (insert (?s "
                "<http://e/p> _:-1)) (using <http://e/u>) (using named <http://e/n>) (group (bgp "
                "(triple ?s <http://e/p> ?o)))) (modify (insert (?s ?p ?o <http://e/h>)) (group (bgp "
                "(triple ?s ?p ?o)))) (modify (delete (?s ?p ?o)) (group (bgp (triple ?s ?p ?o)))))");
}

static void parse__update_graph_management_forms(void)
{
    EXPECT_DUMP(KG_SPARQL_UPDATE,
                "LOAD SILENT <d> INTO GRAPH <g> ; LOAD <d> ; CLEAR GRAPH <g> ; CLEAR DEFAULT ; DROP "
                "SILENT NAMED ; DROP ALL ; CREATE GRAPH <g> ; ADD <a> TO DEFAULT ; MOVE SILENT "
                "DEFAULT TO GRAPH <b> ; COPY GRAPH <a> TO <b> ;",
                "(update (load silent <http://e/d> <http://e/g>) (load <http://e/d> default) (clear "
                "<http://e/g>) (clear default) (drop silent named) (drop all) (create <http://e/g>) "
                "(add <http://e/a> default) (move silent default <http://e/b>) (copy <http://e/a> "
                "<http://e/b>))");
}

static void parse__detect_tells_queries_from_updates(void)
{
    kg_sparql_ast *ast;
    kg_error err;
    REQUIRE(parse("PREFIX : <x:> ask {}", KG_SPARQL_DETECT, &ast, &err) == KG_OK);
    EXPECT_INT(KG_QUERY_ASK, ast->form);
    kg_sparql_ast_free(ast);
    REQUIRE(parse("PREFIX : <x:> clear all", KG_SPARQL_DETECT, &ast, &err) == KG_OK);
    EXPECT_INT(KG_QUERY_UPDATE, ast->form);
    EXPECT_INT(1, ast->nupdates);
    kg_sparql_ast_free(ast);
    /* An update where only a query is accepted, and the reverse. */
    EXPECT_INT(KG_ERR_SYNTAX, parse("CLEAR ALL", KG_SPARQL_QUERY, &ast, &err));
    EXPECT_INT(KG_ERR_SYNTAX, parse("ASK {}", KG_SPARQL_UPDATE, &ast, &err));
}

/* ------------------------------------------------------------------ paths */

static void parse__path_precedence(void)
{
    EXPECT_PATH(":a", "<http://e/a>");
    EXPECT_PATH("(:a)", "<http://e/a>");
    EXPECT_PATH("a", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>");
    EXPECT_PATH(":a/:b|:c", "(alt (seq <http://e/a> <http://e/b>) <http://e/c>)");
    EXPECT_PATH(":a|:b/:c", "(alt <http://e/a> (seq <http://e/b> <http://e/c>))");
    EXPECT_PATH("^:a/:b", "(seq (inv <http://e/a>) <http://e/b>)");
    EXPECT_PATH("^:a*", "(inv (* <http://e/a>))");
    EXPECT_PATH("(:a/:b)+", "(+ (seq <http://e/a> <http://e/b>))");
    EXPECT_PATH(":a?/:b*/:c+", "(seq (? <http://e/a>) (* <http://e/b>) (+ <http://e/c>))");
    EXPECT_PATH("!:a", "(nps <http://e/a>)");
    EXPECT_PATH("!(:a|^:b|a)",
                "(nps <http://e/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ^<http://e/b>)");
    EXPECT_PATH("!()", "(nps)");
    EXPECT_PATH("^(a/:b)", "(inv (seq <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://e/b>))");
}

/* ----------------------------------------------------- prefixes and base */

static void parse__prefixes_and_base(void)
{
    const char *const prefixes[][2] = {{"ex", "http://ex.org/"}, {"", "http://empty/"}, {NULL, NULL}};
    kg_sparql_parse_options opts = {.base_iri = "http://a/b/c/d", .prefixes = prefixes};
    const char *q = "PREFIX ex: <http://override/>\n"
                    "SELECT * { ex:x :y <../z> . BASE <http://other/dir/> <w> ?p <#f> }";
    kg_sparql_ast *ast;
    kg_error err;
    /* BASE is only allowed in the prologue: the second one is an error. */
    EXPECT_INT(KG_ERR_SYNTAX, kg_sparql_parse(q, strlen(q), &opts, &ast, &err));
    q = "PREFIX ex: <http://override/>\nBASE <sub/>\nPREFIX rel: <rel#>\n"
        "SELECT * { ex:x :y <../z>, rel:q, <>, <?q>, <//h/p> }";
    REQUIRE(kg_sparql_parse(q, strlen(q), &opts, &ast, &err) == KG_OK);
    const kg_ast_triple *t = ast->select->where->items[0]->triples;
    EXPECT_STR("http://override/x", t[0].s.term.value);
    EXPECT_STR("http://empty/y", t[0].p.term.value);
    EXPECT_STR("http://a/b/c/z", t[0].o.term.value);
    EXPECT_STR("http://a/b/c/sub/rel#q", t[1].o.term.value);
    EXPECT_STR("http://a/b/c/sub/", t[2].o.term.value);
    EXPECT_STR("http://a/b/c/sub/?q", t[3].o.term.value);
    EXPECT_STR("http://h/p", t[4].o.term.value);
    EXPECT_STR("http://a/b/c/sub/", ast->base);
    EXPECT_INT(2, ast->nprefixes);
    EXPECT_STR("rel", ast->prefixes[1].prefix);
    kg_sparql_ast_free(ast);
}

static void iri_resolve__rfc3986_examples(void)
{
    static const char *const cases[][2] = {
        {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"}, {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"}, {";x", "http://a/b/c/;x"}, {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"}, {"./", "http://a/b/c/"}, {"..", "http://a/b/"},
        {"../", "http://a/b/"}, {"../g", "http://a/b/g"}, {"../..", "http://a/"},
        {"../../g", "http://a/g"}, {"../../../g", "http://a/g"}, {"/./g", "http://a/g"},
        {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."}, {"./../g", "http://a/b/g"}, {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
    };
    kg_arena *arena = kg_arena_new();
    REQUIRE(arena);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = kg_iri_resolve(arena, "http://a/b/c/d;p?q", cases[i][0], strlen(cases[i][0]));
        if (!got || strcmp(got, cases[i][1]) != 0)
            TEST_FAIL_AT("resolve \"%s\": expected %s, got %s", cases[i][0], cases[i][1],
                         got ? got : "(null)");
    }
    /* Without an absolute base a reference stays as it is; so does an
     * absolute one (sparql10/i18n/normalization-02). */
    EXPECT_STR("../x", kg_iri_resolve(arena, NULL, "../x", 4));
    EXPECT_STR("eXAMPLE://a/./b/../b/%63/%7bfoo%7d#",
               kg_iri_resolve(arena, "http://a/b/", "eXAMPLE://a/./b/../b/%63/%7bfoo%7d#", 35));
    EXPECT_INT(4, kg_iri_scheme_len("http://x", 8));
    EXPECT_INT(0, kg_iri_scheme_len("1ttp://x", 8));
    kg_arena_free(arena);
}

/* ----------------------------------------------------------------- literals */

/* Language tags are lower-cased as the store keeps them (literal.h). */
static void parse__literal_forms_keep_lexical_text(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
                "ASK { ?s ?p \"01\"^^xsd:integer, 1, +1, -5, 1.0, .5, 1e0, -1.5E-3, true, FALSE, "
                "'x'@en-GB, \"\"\"a\n\"b\"\"\"\", '''c''' }",
                "(ask (select (group (bgp (triple ?s ?p \"01\"^^" XSD_INT ") (triple ?s ?p \"1\"^^" XSD_INT
                ") (triple ?s ?p \"+1\"^^" XSD_INT ") (triple ?s ?p \"-5\"^^" XSD_INT ") (triple ?s ?p "
                "\"1.0\"^^<http://www.w3.org/2001/XMLSchema#decimal>) (triple ?s ?p "
                "\".5\"^^<http://www.w3.org/2001/XMLSchema#decimal>) (triple ?s ?p "
                "\"1e0\"^^<http://www.w3.org/2001/XMLSchema#double>) (triple ?s ?p "
                "\"-1.5E-3\"^^<http://www.w3.org/2001/XMLSchema#double>) (triple ?s ?p "
                "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>) (triple ?s ?p "
                "\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>) (triple ?s ?p \"x\"@en-gb) "
                "(triple ?s ?p \"a\\n\\\"b\\\"\") (triple ?s ?p \"c\")))))");
}

static void parse__string_escapes(void)
{
    const char *q = "ASK { ?s ?p \"t\\tq\\\"b\\\\ \\u00E9\\U0001F46A\\n\\r\\b\\f\\'\", '\\u0000x' }";
    kg_sparql_ast *ast;
    kg_error err;
    REQUIRE(parse(q, KG_SPARQL_QUERY, &ast, &err) == KG_OK);
    const kg_ast_triple *t = ast->select->where->items[0]->triples;
    EXPECT_STR("t\tq\"b\\ \xC3\xA9\xF0\x9F\x91\xAA\n\r\b\f'", t[0].o.term.value);
    /* \u0000 is kept: the length says where the literal ends. */
    EXPECT_INT(2, t[1].o.term.value_len);
    EXPECT(memcmp(t[1].o.term.value, "\0x", 2) == 0);
    kg_sparql_ast_free(ast);
    /* Escapes in IRIs and prefixed names. */
    q = "PREFIX : <http://e/> ASK { <http://x/\\u00E9> :a\\.b\\~c%20 :x.y }";
    REQUIRE(parse(q, KG_SPARQL_QUERY, &ast, &err) == KG_OK);
    t = ast->select->where->items[0]->triples;
    EXPECT_STR("http://x/\xC3\xA9", t[0].s.term.value);
    EXPECT_STR("http://e/a.b~c%20", t[0].p.term.value);
    EXPECT_STR("http://e/x.y", t[0].o.term.value);
    kg_sparql_ast_free(ast);
}

static void parse__keywords_are_case_insensitive_but_a_is_not(void)
{
    EXPECT_DUMP(KG_SPARQL_QUERY, "sElEcT ?x wHeRe { ?x a ?y } LiMiT 1",
                "(select (select (project ?x) (group (bgp (triple ?x "
                "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?y))) (limit 1)))");
    EXPECT_ERROR("SELECT ?x WHERE { ?x A ?y }", 1, 22, "expected a predicate");
}

/* ------------------------------------------------------------- blank nodes */

static void parse__blank_nodes_are_variables_in_patterns_only(void)
{
    kg_sparql_ast *ast;
    kg_error err;
    REQUIRE(parse("INSERT { _:t <p> ?x } WHERE { _:w <p> ?x . [] <q> ( 1 ) }", KG_SPARQL_UPDATE, &ast,
                  &err) == KG_OK);
    const kg_ast_update *u = &ast->updates[0];
    EXPECT_INT(KG_AST_BNODE, u->insert_quads[0].s.kind);
    EXPECT_STR("t", u->insert_quads[0].s.term.value);
    const kg_ast_pattern *bgp = u->where->items[0];
    EXPECT_INT(KG_AST_BNODE_VAR, bgp->triples[0].s.kind);
    EXPECT(ast->vars[bgp->triples[0].s.var].blank);
    EXPECT_STR("w", bgp->triples[0].s.term.value);
    /* [] <q> (1): the list is rdf:first/rdf:rest triples on made-up nodes. */
    EXPECT_INT(4, bgp->ntriples);
    EXPECT_STR(KG_RDF "first", bgp->triples[1].p.term.value);
    EXPECT_STR(KG_RDF "rest", bgp->triples[2].p.term.value);
    EXPECT_STR(KG_RDF "nil", bgp->triples[2].o.term.value);
    EXPECT_INT(KG_AST_BNODE_VAR, bgp->triples[3].s.kind);
    EXPECT(bgp->triples[3].o.var == bgp->triples[1].s.var);
    kg_sparql_ast_free(ast);
}

static void parse__blank_node_label_scoping(void)
{
    /* A FILTER does not end a BGP; OPTIONAL does. */
    EXPECT_DUMP(KG_SPARQL_QUERY, "ASK { _:a <p> ?x FILTER(?x) _:a <q> ?y }",
                "(ask (select (group (bgp (triple ?_:a <http://e/p> ?x) (triple ?_:a <http://e/q> ?y)) "
                "(filter ?x))))");
    EXPECT_ERROR("ASK { _:a <p> ?x OPTIONAL { ?x <r> ?z } _:a <q> ?y }", 1, 41,
                 "blank node _:a is already used in another basic graph pattern");
    expect_error("INSERT DATA { _:b <p> 1 } ; INSERT DATA { _:b <p> 2 }", KG_SPARQL_UPDATE,
                 KG_ERR_SYNTAX, 1, 43, "_:b is already used in another INSERT DATA", __LINE__);
    /* A template's labels are its own (basic-update/insert-where-same-bnode):
     * two INSERTs may both write _:b, and so may an INSERT after INSERT
     * DATA. */
    kg_sparql_ast *ast;
    kg_error err;
    EXPECT_INT(KG_OK, parse("INSERT { _:b <p> <o> } WHERE { ?x <p> <o> } ; "
                            "INSERT { _:b <p> <o> } WHERE {} ; INSERT DATA { _:b <q> 1 }",
                            KG_SPARQL_UPDATE, &ast, &err));
    kg_sparql_ast_free(ast);
    expect_error("DELETE WHERE { ?s <p> [] }", KG_SPARQL_UPDATE, KG_ERR_SYNTAX, 1, 23,
                 "blank nodes are not allowed in DELETE WHERE", __LINE__);
}

/* ---------------------------------------------------------- static checks */

static void check__grouping_and_scope_rules(void)
{
    EXPECT_ERROR("SELECT ?x (COUNT(*) AS ?n)\nWHERE { ?x ?p ?o } GROUP BY ?p", 1, 8,
                 "variable ?x used in SELECT is not grouped");
    EXPECT_ERROR("SELECT (?x + 1 AS ?y) { ?x <p> ?y }", 1, 8, "?y in (... AS ?y) is already in scope");
    EXPECT_ERROR("SELECT * { ?x <p> ?y } GROUP BY ?x", 1, 10, "SELECT * is not allowed");
    EXPECT_ERROR("SELECT * { ?x <p> ?y BIND(1 AS ?y) }", 1, 22, "BIND assigns ?y");
    EXPECT_ERROR("SELECT * { ?x <p> ?y FILTER(COUNT(?x) > 1) }", 1, 29,
                 "aggregate COUNT is not allowed in a WHERE pattern");
    EXPECT_ERROR("SELECT (SUM(MAX(?x)) AS ?s) { }", 1, 13, "inside another aggregate");
    EXPECT_ERROR("SELECT * { } GROUP BY (COUNT(?x))", 1, 24, "not allowed in GROUP BY");
    EXPECT_ERROR("SELECT (<f>(DISTINCT ?x) AS ?y) { }", 1, 13, "DISTINCT is only allowed in aggregates");
    EXPECT_ERROR("SELECT (STR(?x, ?y) AS ?s) { }", 1, 12, "STR takes 1 argument, not 2");
    /* Allowed: grouped keys, earlier projections, aggregates. */
    EXPECT_DUMP(KG_SPARQL_QUERY,
                "SELECT ?k (COUNT(*) AS ?n) (?n * 2 AS ?m) (?e AS ?f) { ?x <p> ?k } GROUP BY ?k (?x + 1 "
                "AS ?e)",
                "(select (select (project ?k (as (count *) ?n) (as (* ?n \"2\"^^" XSD_INT ") ?m) (as ?e ?f)) "
                "(group (bgp (triple ?x <http://e/p> ?k))) (group-by ?k (+ ?x \"1\"^^" XSD_INT ") as ?e)))");
}

/* ---------------------------------------------------- errors and positions */

static void parse__errors_report_line_and_column(void)
{
    EXPECT_ERROR("SELECT * WHERE {\n  ?s ?p \"abc\n}", 2, 9, "unterminated string");
    EXPECT_ERROR("SELECT * WHERE {\n  ?s ?p ?o .\n", 3, 1,
                 "unexpected end of query: expected a triple pattern or '}' to close the group "
                 "started at line 1");
    EXPECT_ERROR("SELECT * WHERE {\n  ?s ?p ?o\n  OPTIONAL { ?s ?q ?r }\n", 4, 1,
                 "'}' to close the group started at line 1");
    EXPECT_ERROR("SELECT * WHERE { ?s foo:bar ?o }", 1, 21, "unknown prefix \"foo:\"");
    EXPECT_ERROR("PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:p ex2:o }", 2, 26,
                 "unknown prefix \"ex2:\"");
    EXPECT_ERROR("SELECT * WHERE { ?s <a b> ?o }", 1, 21, "bad IRI");
    EXPECT_ERROR("SELECT * WHERE { <a b> ?p ?o }", 1, 18, "bad IRI");
    EXPECT_ERROR("SELECT * WHERE { ?s ?p <a\"b> }", 1, 24, "bad IRI");
    EXPECT_ERROR("SELECT * FROM WHERE { }", 1, 15, "unexpected 'WHERE': expected an IRI");
    EXPECT_ERROR("SELECT * WHERE {\n ?s ?p ?o\n ?a ?b ?c }", 3, 2, "expected '.' or '}'");
    EXPECT_ERROR("ASK { } junk", 1, 9, "unexpected 'junk' after the end of the query");
    EXPECT_ERROR("SELECT * WHERE { ?s ?p \"a\\qb\" }", 1, 26, "bad escape in string: \\q");
    EXPECT_ERROR("SELECT * WHERE { ?s ?p '\\u00G1' }", 1, 25, "bad escape");
    EXPECT_ERROR("SELECT * WHERE {\n  FILTER((?x > 1) }", 2, 19,
                 "unexpected '}': expected ')' to close the '(' at line 2, column 9");
    EXPECT_ERROR("SELECT * WHERE { ?s ?p \"\xff\" }", 1, 25, "invalid UTF-8");
    EXPECT_ERROR("SELECT * WHERE { ?s ?p", 1, 23, "unexpected end of query: expected an object");
    /* Columns count characters, not bytes. */
    EXPECT_ERROR("SELECT * WHERE { ?s ?p \"\xC3\xA9\xE2\x82\xAC\" . ?s foo:x ?o }", 1, 34,
                 "unknown prefix");
    EXPECT_ERROR("SELECT ?x WHERE { ?x <p> ?y } GROUP BY ?y", 1, 8, "not grouped");
    expect_error("LOAD ;", KG_SPARQL_UPDATE, KG_ERR_SYNTAX, 1, 6, "expected an IRI", __LINE__);
}

static void parse__too_deep_nesting_is_an_error(void)
{
    size_t n = 5000;
    char *q = malloc(2 * n + 32);
    REQUIRE(q);
    strcpy(q, "SELECT * WHERE {");
    memset(q + 16, '{', n);
    memset(q + 16 + n, '}', n);
    strcpy(q + 16 + 2 * n, "}");
    expect_error(q, KG_SPARQL_QUERY, KG_ERR_LIMIT, 1, 16 + KG_SPARQL_MAX_DEPTH, "nesting deeper",
                 __LINE__);
    /* Expressions and collections are bounded too. */
    strcpy(q, "ASK { FILTER(");
    memset(q + 13, '(', n);
    strcpy(q + 13 + n, "1");
    expect_error(q, KG_SPARQL_QUERY, KG_ERR_LIMIT, 1, 13 + KG_SPARQL_MAX_DEPTH, "nesting deeper", __LINE__);
    free(q);
}

/* Its speed is measured by bench/, not here (no test asserts a time). */
static void parse__ten_thousand_triple_patterns(void)
{
    size_t cap = 64 * 10000 + 64, n = 0;
    char *q = malloc(cap);
    REQUIRE(q);
    n += (size_t)sprintf(q, "PREFIX ex: <http://ex/>\nSELECT * WHERE {\n");
    for (int i = 0; i < 10000; i++)
        n += (size_t)sprintf(q + n, "?s%d ex:p%d \"v%d\" . _:b%d ex:q ?o .\n", i, i % 50, i, i);
    strcpy(q + n, "}");
    kg_sparql_ast *ast;
    kg_error err;
    kg_status st = parse(q, KG_SPARQL_QUERY, &ast, &err);
    EXPECT_INT(KG_OK, st);
    if (st == KG_OK) {
        EXPECT_INT(20000, ast->select->where->items[0]->ntriples);
        EXPECT_INT(10001, ast->select->nproj);
    }
    kg_sparql_ast_free(ast);
    free(q);
}

/* Every prefix of a complex text and some byte flips: no crash, and every
 * failure has a position. Run under the sanitizers. */
static void parse__never_crashes_on_truncated_or_mangled_text(void)
{
    static const char *const texts[] = {
        "PREFIX : <http://e/> SELECT DISTINCT ?x (GROUP_CONCAT(?y;SEPARATOR='|') AS ?g) "
        "FROM <g> WHERE { ?x :p/^:q*|!(a|^:r) [ :s ( 1 2.5 \"x\"@en ) ] OPTIONAL { ?x :t ?y "
        "FILTER(?y IN (1, 2) && NOT EXISTS { ?y :u ?x }) } { ?x :v ?z } UNION { BIND(STR(?x) AS "
        "?w) } MINUS { ?x :w 'q' } VALUES (?x) { (:a) (UNDEF) } } GROUP BY ?x HAVING (COUNT(*) > "
        "1) ORDER BY DESC(?x) LIMIT 3 OFFSET 1",
        "PREFIX : <http://e/> WITH :g DELETE { ?s :p ?o } INSERT { GRAPH :h { ?s :q [] } } "
        "USING :u WHERE { ?s :p ?o } ; LOAD SILENT <x> INTO GRAPH :g ; COPY DEFAULT TO :z ; "
        "INSERT DATA { :a :b \"\"\"long\"\"\" }",
    };
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        size_t len = strlen(texts[k]);
        char *buf = malloc(len + 1);
        REQUIRE(buf);
        for (size_t cut = 0; cut <= len; cut++) {
            for (int flip = -1; flip < 4; flip++) {
                memcpy(buf, texts[k], len + 1);
                if (flip >= 0 && cut < len)
                    buf[cut] = "}{(\""[flip];
                size_t n = flip >= 0 ? len : cut;
                kg_sparql_ast *ast;
                kg_error err;
                kg_status st = kg_sparql_parse(buf, n, NULL, &ast, &err);
                if (st != KG_OK && (err.line == 0 || err.column == 0 || !err.message[0]))
                    TEST_FAIL_AT("text %zu cut %zu flip %d: status %d without a position", k, cut,
                                 flip, (int)st);
                kg_sparql_ast_free(ast);
            }
        }
        free(buf);
    }
}

static const kg_test_case cases[] = {
    TEST(parse__select_with_modifiers),
    TEST(parse__select_star_lists_variables_in_scope),
    TEST(parse__construct_template_and_short_form),
    TEST(parse__ask_and_describe),
    TEST(parse__subselect_values_and_service),
    TEST(parse__expression_precedence),
    TEST(parse__builtins_aggregates_and_functions),
    TEST(parse__update_data_and_where_forms),
    TEST(parse__update_modify_forms),
    TEST(parse__update_graph_management_forms),
    TEST(parse__detect_tells_queries_from_updates),
    TEST(parse__path_precedence),
    TEST(parse__prefixes_and_base),
    TEST(iri_resolve__rfc3986_examples),
    TEST(parse__literal_forms_keep_lexical_text),
    TEST(parse__string_escapes),
    TEST(parse__keywords_are_case_insensitive_but_a_is_not),
    TEST(parse__blank_nodes_are_variables_in_patterns_only),
    TEST(parse__blank_node_label_scoping),
    TEST(check__grouping_and_scope_rules),
    TEST(parse__errors_report_line_and_column),
    TEST(parse__too_deep_nesting_is_an_error),
    TEST(parse__ten_thousand_triple_patterns),
    TEST(parse__never_crashes_on_truncated_or_mangled_text),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
