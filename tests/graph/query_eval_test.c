/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/query_eval_test.c - SPARQL query evaluation through the
 * public API against real stores: each algebra operator, the dataset rules,
 * and the cases rasqal got wrong (VALUES with two values, MINUS, DESCRIBE,
 * paths inside OPTIONAL, NOT EXISTS, join order independence). */
#include "test.h"

#include "query_support.h"
#include "store/quads.h"
#include "store/segment.h"
#include "store/store_impl.h"
#include "store/termcode.h"

#define P "PREFIX : <http://example.org/> "

static const char *people =
    "@prefix : <http://example.org/> .\n"
    ":alice :knows :bob ; :age 30 ; :name \"Alice\" ; :worksFor :acme .\n"
    ":bob :knows :carol ; :age 25 ; :name \"Bob\" ; :worksFor :acme .\n"
    ":carol :knows :alice ; :age 35 ; :name \"Carol\"@en ; :worksFor :globex .\n"
    ":dave :age 40 .\n"
    ":acme :locatedIn :hk .\n"
    ":globex :locatedIn :sz .\n"
    ":hk :partOf :china .\n";

static kg_store *people_store(void)
{
    return qt_store(NULL, people);
}

static void bgp__two_patterns_join_on_shared_variable(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/alice> n=\"Alice\"\n"
               "x=<http://example.org/bob> n=\"Bob\"",
               qt_run(s, P "SELECT ?x ?n { ?x :worksFor :acme . ?x :name ?n }", false));
    kg_store_close(s);
}

/* Every order in which the four patterns can be written gives the same
 * answer (rasqal's answer time, and at times its answer, depended on it). */
static void bgp__join_written_in_every_order_gives_same_answer(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    const char *tp[4] = {"?p :worksFor ?c .", "?c :locatedIn ?city .", "?p :knows ?q .",
                         "?q :age ?a ."};
    const char *expected = "p=<http://example.org/alice> q=<http://example.org/bob> "
                           "city=<http://example.org/hk> a=\"25\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
                           "p=<http://example.org/bob> q=<http://example.org/carol> "
                           "city=<http://example.org/hk> a=\"35\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
                           "p=<http://example.org/carol> q=<http://example.org/alice> "
                           "city=<http://example.org/sz> a=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>";
    int count = 0;
    for (int i = 0; i < 256; i++) {
        int perm[4] = {i & 3, (i >> 2) & 3, (i >> 4) & 3, (i >> 6) & 3};
        if (perm[0] == perm[1] || perm[0] == perm[2] || perm[0] == perm[3] ||
            perm[1] == perm[2] || perm[1] == perm[3] || perm[2] == perm[3])
            continue;
        char q[512];
        snprintf(q, sizeof q, P "SELECT ?p ?q ?city ?a { %s %s %s %s }", tp[perm[0]], tp[perm[1]],
                 tp[perm[2]], tp[perm[3]]);
        const char *got = qt_run(s, q, false);
        if (strcmp(got, expected) != 0)
            TEST_FAIL_AT("order %d %d %d %d: got %s", perm[0], perm[1], perm[2], perm[3], got);
        count++;
    }
    EXPECT_INT(24, count);
    kg_store_close(s);
}

static void bgp__repeated_variable_must_match_itself(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> . :a :p :a . :a :p :b .");
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/a>", qt_run(s, P "SELECT ?x { ?x :p ?x }", false));
    kg_store_close(s);
}

static void bgp__unknown_constant_gives_no_rows(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("", qt_run(s, P "SELECT ?x { ?x :knows :nobody }", false));
    kg_store_close(s);
}

static void filter__comparison_and_scope(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/carol>\nx=<http://example.org/dave>",
               qt_run(s, P "SELECT ?x { ?x :age ?a FILTER(?a > 30) }", false));
    /* A filter sees only its own group's variables: ?a is unbound inside. */
    EXPECT_STR("", qt_run(s, P "SELECT ?x { ?x :age ?a { ?x :name ?n FILTER(?a > 0) } }", false));
    kg_store_close(s);
}

static void optional__filter_inside_is_join_condition(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    /* bob (25) is younger than alice (30), carol (35) is not younger than
     * bob: his row keeps ?y unbound. */
    EXPECT_STR("x=<http://example.org/alice> y=<http://example.org/bob>\n"
               "x=<http://example.org/bob>\n"
               "x=<http://example.org/carol> y=<http://example.org/alice>\n"
               "x=<http://example.org/dave>",
               qt_run(s,
                      P "SELECT ?x ?y { ?x :age ?a OPTIONAL { ?x :knows ?y . ?y :age ?b "
                        "FILTER(?b < ?a) } }",
                      false));
    kg_store_close(s);
}

static void optional__unbound_then_bound_by_later_pattern(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    /* ?n comes from the OPTIONAL; the later pattern must agree with it. */
    EXPECT_STR("x=<http://example.org/alice> n=\"Alice\"\n"
               "x=<http://example.org/bob> n=\"Bob\"",
               qt_run(s,
                      P "SELECT ?x ?n { ?x :worksFor :acme OPTIONAL { ?x :name ?n } ?y :name ?n }",
                      false));
    kg_store_close(s);
}

static void union__keeps_both_branches(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("v=\"Alice\"\nv=<http://example.org/bob>",
               qt_run(s, P "SELECT ?v { { :alice :name ?v } UNION { :alice :knows ?v } }", false));
    kg_store_close(s);
}

static void minus__removes_compatible_rows(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/dave>",
               qt_run(s, P "SELECT ?x { ?x :age ?a MINUS { ?x :knows ?y } }", false));
    kg_store_close(s);
}

static void minus__no_shared_variable_removes_nothing(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/acme>\nx=<http://example.org/globex>",
               qt_run(s, P "SELECT ?x { ?x :locatedIn ?c MINUS { ?p :knows ?q } }", false));
    kg_store_close(s);
}

static void not_exists__keeps_rows_without_match(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/dave>",
               qt_run(s, P "SELECT ?x { ?x :age ?a FILTER NOT EXISTS { ?x :knows ?y } }", false));
    EXPECT_STR("x=<http://example.org/alice>",
               qt_run(s, P "SELECT ?x { ?x :age ?a FILTER EXISTS { ?x :knows :bob } }", false));
    kg_store_close(s);
}

static void exists__substitutes_outer_values_into_inner_filter(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/dave>",
               qt_run(s,
                      P "SELECT ?x { ?x :age ?a FILTER NOT EXISTS { ?y :age ?b FILTER(?b > ?a) } }",
                      false));
    kg_store_close(s);
}

static void values__two_values_join(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/alice> n=\"Alice\"\nx=<http://example.org/bob> n=\"Bob\"",
               qt_run(s, P "SELECT ?x ?n { VALUES ?x { :alice :bob } ?x :name ?n }", false));
    EXPECT_STR("x=<http://example.org/alice> n=\"Alice\"\nx=<http://example.org/bob> n=\"Bob\"",
               qt_run(s, P "SELECT ?x ?n { ?x :name ?n } VALUES ?x { :alice :bob }", false));
    kg_store_close(s);
}

static void values__undef_matches_anything(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/alice> a=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
               "x=<http://example.org/dave> a=\"40\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s,
                      P "SELECT ?x ?a { ?x :age ?a VALUES (?x ?a) { (:alice UNDEF) (UNDEF 40) } }",
                      false));
    kg_store_close(s);
}

static void bind__extends_and_new_value_joins_later(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("x=<http://example.org/bob> b=\"35\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT ?x ?b { :bob :age ?a BIND(?a + 10 AS ?b) ?x :age ?b2 "
                           "FILTER(?b2 = ?b - 10) }",
                      false));
    EXPECT_STR("s=\"ALICE\"", qt_run(s, P "SELECT ?s { :alice :name ?n BIND(UCASE(?n) AS ?s) }", false));
    kg_store_close(s);
}

static void path__star_plus_and_question(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("y=<http://example.org/alice>\ny=<http://example.org/bob>\ny=<http://example.org/carol>",
               qt_run(s, P "SELECT ?y { :alice :knows* ?y }", false));
    /* The cycle brings alice back for +, once. */
    EXPECT_STR("y=<http://example.org/alice>\ny=<http://example.org/bob>\ny=<http://example.org/carol>",
               qt_run(s, P "SELECT ?y { :alice :knows+ ?y }", false));
    EXPECT_STR("y=<http://example.org/alice>\ny=<http://example.org/bob>",
               qt_run(s, P "SELECT ?y { :alice :knows? ?y }", false));
    EXPECT_STR("x=<http://example.org/acme>\nx=<http://example.org/hk>",
               qt_run(s, P "SELECT ?x { ?x (:locatedIn|:partOf)+ :china }", false));
    kg_store_close(s);
}

/* A zero-length path matches a constant written at its end, and otherwise
 * only nodes of the graph (W3C zero_or_more_set_start, values_and_path). */
static void path__zero_length_matches_constants_and_graph_nodes(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("y=<http://example.org/nowhere>", qt_run(s, P "SELECT ?y { :nowhere :knows* ?y }", false));
    EXPECT_STR("", qt_run(s, P "SELECT ?v { VALUES ?v { :nowhere } ?v :knows? ?v }", false));
    EXPECT_STR("y=<http://example.org/dave>", qt_run(s, P "SELECT ?y { :dave :knows* ?y }", false));
    kg_store_close(s);
}

static void path__sequence_and_alternative_keep_duplicates(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> . :a :p :b , :c . :b :q :d . :c :q :d .");
    REQUIRE(s);
    EXPECT_STR("y=<http://example.org/d>\ny=<http://example.org/d>",
               qt_run(s, P "SELECT ?y { :a :p/:q ?y }", false));
    EXPECT_STR("x=<http://example.org/b>\nx=<http://example.org/c>",
               qt_run(s, P "SELECT ?x { :d ^:q ?x }", false));
    EXPECT_STR("y=<http://example.org/b>\ny=<http://example.org/c>\ny=<http://example.org/d>\n"
               "y=<http://example.org/d>",
               qt_run(s, P "SELECT ?y { :a (:p|:p/:q) ?y }", false));
    EXPECT_STR("y=<http://example.org/d>", qt_run(s, P "SELECT DISTINCT ?y { :a (:p/:q)* ?y FILTER(?y != :a) }", false));
    EXPECT_STR("o=<http://example.org/d>\no=<http://example.org/d>",
               qt_run(s, P "SELECT ?o { ?s !(:p) ?o }", false));
    kg_store_close(s);
}

static void path__inside_optional(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("c=<http://example.org/acme> r=<http://example.org/china>\n"
               "c=<http://example.org/globex>",
               qt_run(s,
                      P "SELECT ?c ?r { ?c :locatedIn ?city OPTIONAL { ?c :locatedIn/:partOf+ ?r } }",
                      false));
    kg_store_close(s);
}

static void aggregate__no_rows_still_one_group(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("n=\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT (COUNT(*) AS ?n) { ?x :knows :nobody }", false));
    EXPECT_STR("", qt_run(s, P "SELECT ?x (COUNT(*) AS ?n) { ?x :knows :nobody } GROUP BY ?x", false));
    kg_store_close(s);
}

static void aggregate__group_by_having_and_expression_keys(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("c=<http://example.org/acme> n=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s,
                      P "SELECT ?c (COUNT(?p) AS ?n) { ?p :worksFor ?c } GROUP BY ?c "
                        "HAVING (COUNT(?p) > 1)",
                      false));
    EXPECT_STR("old=\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean> "
               "n=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
               "old=\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> "
               "n=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s,
                      P "SELECT ?old (COUNT(DISTINCT ?x) AS ?n) { ?x :age ?a } "
                        "GROUP BY ((?a > 30) AS ?old)",
                      false));
    kg_store_close(s);
}

static void aggregate__count_distinct_star_counts_distinct_solutions(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    /* Three :worksFor rows, but only two distinct ?c values: the projection
     * of the inner select makes duplicate solutions. */
    const char *inner = "{ SELECT ?c { ?p :worksFor ?c } }";
    char q[256];
    snprintf(q, sizeof q, P "SELECT (COUNT(DISTINCT *) AS ?d) (COUNT(*) AS ?n) %s", inner);
    EXPECT_STR("d=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer> "
               "n=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, q, false));
    /* Per group, and an unbound variable is part of what makes a solution. */
    EXPECT_STR("c=<http://example.org/acme> d=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
               "c=<http://example.org/globex> d=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT ?c (COUNT(DISTINCT *) AS ?d) "
                           "{ { SELECT ?c { ?p :worksFor ?c } } } GROUP BY ?c", false));
    EXPECT_STR("d=\"2\"^^<http://www.w3.org/2001/XMLSchema#integer> "
               "n=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT (COUNT(DISTINCT *) AS ?d) (COUNT(*) AS ?n) "
                           "{ VALUES (?a ?b) { (1 UNDEF) (1 UNDEF) (1 2) } }", false));
    kg_store_close(s);
}

#define XSD_INT(n) "\"" #n "\"^^<http://www.w3.org/2001/XMLSchema#integer>"

/* Group keys and COUNT(DISTINCT) compare terms, not values: 1, "01" and 1.0
 * are equal numbers but three terms, three groups, three distinct values
 * (18.5: GROUP BY partitions by the keys' terms). */
static void aggregate__groups_and_distinct_counts_are_by_term(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> .\n"
                                 "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                                 ":a :v 1 . :b :v \"01\"^^xsd:integer . :c :v 1 .\n"
                                 ":d :v 1.0 . :e :v \"1\" .");
    REQUIRE(s);
    EXPECT_STR("v=\"01\"^^<http://www.w3.org/2001/XMLSchema#integer> n=" XSD_INT(1) "\n"
               "v=\"1\" n=" XSD_INT(1) "\n"
               "v=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> n=" XSD_INT(2) "\n"
               "v=\"1.0\"^^<http://www.w3.org/2001/XMLSchema#decimal> n=" XSD_INT(1),
               qt_run(s, P "SELECT ?v (COUNT(?x) AS ?n) { ?x :v ?v } GROUP BY ?v", false));
    EXPECT_STR("d=" XSD_INT(4) " n=" XSD_INT(5),
               qt_run(s, P "SELECT (COUNT(DISTINCT ?v) AS ?d) (COUNT(?v) AS ?n) { ?x :v ?v }",
                      false));
    /* a key computed by an expression is the same term as the stored one */
    EXPECT_STR("k=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> n=" XSD_INT(2),
               qt_run(s, P "SELECT ?k (COUNT(*) AS ?n) { ?x :v ?v FILTER(?x IN (:a, :c)) } "
                           "GROUP BY ((?v * 1) AS ?k)",
                      false));
    kg_store_close(s);
}

/* An unbound key is a group of its own; COUNT(?x) leaves unbound values
 * out, COUNT(*) counts them. */
static void aggregate__unbound_values_in_keys_and_counts(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("c=<http://example.org/acme> n=" XSD_INT(2) " all=" XSD_INT(2) "\n"
               "c=<http://example.org/globex> n=" XSD_INT(1) " all=" XSD_INT(1) "\n"
               "n=" XSD_INT(0) " all=" XSD_INT(1),
               qt_run(s,
                      P "SELECT ?c (COUNT(?c) AS ?n) (COUNT(*) AS ?all) "
                        "{ ?p :age ?a OPTIONAL { ?p :worksFor ?c } } GROUP BY ?c",
                      false));
    EXPECT_STR("n=" XSD_INT(3) " d=" XSD_INT(2),
               qt_run(s,
                      P "SELECT (COUNT(?c) AS ?n) (COUNT(DISTINCT ?c) AS ?d) "
                        "{ ?p :age ?a OPTIONAL { ?p :worksFor ?c } }",
                      false));
    kg_store_close(s);
}

/* Blank nodes group by identity: two nodes, two groups. */
static void aggregate__blank_node_keys_are_groups_of_their_own(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> .\n"
                                 "_:x :member :m1 , :m2 . _:y :member :m3 . [] :member :m4 .");
    REQUIRE(s);
    EXPECT_STR("n=" XSD_INT(1) "\nn=" XSD_INT(1) "\nn=" XSD_INT(2),
               qt_run(s, P "SELECT (COUNT(?m) AS ?n) { ?b :member ?m } GROUP BY ?b", false));
    kg_store_close(s);
}

/* No solutions and no GROUP BY: one group, every count 0. */
static void aggregate__empty_input_counts_zero(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("n=" XSD_INT(0) " d=" XSD_INT(0) " all=" XSD_INT(0),
               qt_run(s,
                      P "SELECT (COUNT(?x) AS ?n) (COUNT(DISTINCT ?x) AS ?d) (COUNT(*) AS ?all) "
                        "{ ?x :knows :nobody }",
                      false));
    kg_store_close(s);
}

static void subselect__projection_hides_inner_variables(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    /* The inner ?a is not the outer ?a: the outer one stays unbound. */
    EXPECT_STR("x=<http://example.org/dave>",
               qt_run(s, P "SELECT ?x ?a { { SELECT ?x { ?x :age ?a } ORDER BY DESC(?a) LIMIT 1 } }",
                      false));
    kg_store_close(s);
}

static void order_by__mixed_types_and_limit_offset(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> . :a :v 2 . :c :v :i . :d :v 10 .");
    REQUIRE(s);
    /* IRIs sort before literals, numbers by value. */
    EXPECT_STR("x=<http://example.org/c>\nx=<http://example.org/a>\nx=<http://example.org/d>",
               qt_run(s, P "SELECT ?x { ?x :v ?v } ORDER BY ?v", true));
    EXPECT_STR("x=<http://example.org/a>",
               qt_run(s, P "SELECT ?x { ?x :v ?v FILTER(isNumeric(?v)) } ORDER BY DESC(?v) LIMIT 1 OFFSET 1",
                      true));
    EXPECT_STR("", qt_run(s, P "SELECT ?x { ?x :v ?v } LIMIT 0", true));
    /* the largest LIMIT keeps every row: the top-k heap grows with the
     * rows, not with k (its size k + 1 once overflowed to nothing) */
    EXPECT_STR("x=<http://example.org/c>\nx=<http://example.org/a>\nx=<http://example.org/d>",
               qt_run(s, P "SELECT ?x { ?x :v ?v } ORDER BY ?v LIMIT 9223372036854775807", true));
    kg_store_close(s);
}

static void distinct__by_term_not_value(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> . :a :v 1 , \"01\"^^<http://www.w3.org/2001/XMLSchema#integer> . :b :v 1 .");
    REQUIRE(s);
    EXPECT_STR("v=\"01\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
               "v=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT DISTINCT ?v { ?x :v ?v }", false));
    kg_store_close(s);
}

static void ask__true_and_false(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("true", qt_run(s, P "ASK { :alice :knows :bob }", false));
    EXPECT_STR("false", qt_run(s, P "ASK { :bob :knows :alice }", false));
    kg_store_close(s);
}

static void construct__drops_ill_formed_and_makes_fresh_blank_nodes(void)
{
    kg_store *s = people_store();
    REQUIRE(s);
    EXPECT_STR("<http://example.org/alice> <http://example.org/friend> _:b .\n"
               "<http://example.org/bob> <http://example.org/friend> _:b .\n"
               "_:b <http://example.org/is> <http://example.org/bob> .\n"
               "_:b <http://example.org/is> <http://example.org/carol> .",
               qt_run(s,
                      P "CONSTRUCT { ?x :friend _:f . _:f :is ?y . ?n :bad ?y } "
                        "WHERE { ?x :knows ?y ; :worksFor :acme ; :name ?n }",
                      false));
    kg_store_close(s);
}

static void describe__concise_bounded_description(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> . :a :p [ :q :r ; :s [ :t 1 ] ] ; :u :v . :v :w :x .");
    REQUIRE(s);
    EXPECT_STR("<http://example.org/a> <http://example.org/p> _:b .\n"
               "<http://example.org/a> <http://example.org/u> <http://example.org/v> .\n"
               "_:b <http://example.org/q> <http://example.org/r> .\n"
               "_:b <http://example.org/s> _:b .\n"
               "_:b <http://example.org/t> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
               qt_run(s, P "DESCRIBE :a", false));
    EXPECT_STR("<http://example.org/v> <http://example.org/w> <http://example.org/x> .",
               qt_run(s, P "DESCRIBE ?o WHERE { :a :u ?o }", false));
    kg_store_close(s);
}

static const char *graphs =
    "@prefix : <http://example.org/> .\n"
    ":d :in :default .\n"
    ":g1 { :x :in :one . :x :name \"x1\" }\n"
    ":g2 { :x :in :two }\n"
    ":empty { }\n";

static void graph__ranges_over_named_graphs(void)
{
    kg_store *s = qt_store(NULL, graphs);
    REQUIRE(s);
    EXPECT_STR("g=<http://example.org/g1> o=<http://example.org/one>\n"
               "g=<http://example.org/g2> o=<http://example.org/two>",
               qt_run(s, P "SELECT ?g ?o { GRAPH ?g { ?s :in ?o } }", false));
    EXPECT_STR("", qt_run(s, P "SELECT ?o { GRAPH :missing { ?s :in ?o } }", false));
    EXPECT_STR("g=<http://example.org/g1> n=\"x1\"\ng=<http://example.org/g2>",
               qt_run(s, P "SELECT ?g ?n { GRAPH ?g { ?s :in ?o OPTIONAL { ?s :name ?n } } }", false));
    kg_store_close(s);
}

static void dataset__default_graph_is_union_unless_strict(void)
{
    kg_store *s = qt_store(NULL, graphs);
    REQUIRE(s);
    EXPECT_STR("o=<http://example.org/default>\no=<http://example.org/one>\no=<http://example.org/two>",
               qt_run(s, P "SELECT ?o { ?s :in ?o }", false));
    kg_query_options strict = KG_QUERY_OPTIONS_INIT;
    strict.strict_default_graph = true;
    EXPECT_STR("o=<http://example.org/default>",
               qt_run_opts(s, P "SELECT ?o { ?s :in ?o }", &strict, false));
    kg_store_close(s);
}

static void dataset__from_uses_graphs_in_store(void)
{
    kg_store *s = qt_store(NULL, graphs);
    REQUIRE(s);
    EXPECT_STR("o=<http://example.org/one>\no=<http://example.org/two>",
               qt_run(s, P "SELECT ?o FROM :g1 FROM :g2 { ?s :in ?o }", false));
    /* FROM without FROM NAMED leaves no named graphs. */
    EXPECT_STR("", qt_run(s, P "SELECT ?o FROM :g1 { GRAPH ?g { ?s :in ?o } }", false));
    EXPECT_STR("g=<http://example.org/g2>",
               qt_run(s, P "SELECT ?g FROM NAMED :g2 { GRAPH ?g { ?s :in ?o } }", false));
    EXPECT_CONTAINS(qt_run(s, "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", false),
                    "error: ");
    kg_store_close(s);
}

/* A REGEX the backtracker cannot finish and the automaton cannot run (a
 * back-reference) stops the query with an error, rather than making both
 * FILTER(REGEX(...)) and FILTER(!REGEX(...)) false (issue 21 point 9). */
static void regex__runaway_backreference_fails_the_query(void)
{
    kg_store *s = qt_store(NULL, "@prefix : <http://example.org/> .\n"
                                 ":a :name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\" .\n");
    REQUIRE(s);
    const char *r = qt_run(s, P "SELECT ?s { ?s :name ?n FILTER(!REGEX(?n, \"^(a+)+\\\\1$\")) }", false);
    EXPECT_CONTAINS(r, "error: ");
    EXPECT_CONTAINS(r, "backtracking");
    EXPECT_STR("s=<http://example.org/a>",
               qt_run(s, P "SELECT ?s { ?s :name ?n FILTER(!REGEX(?n, \"(a+)+$\")) }", false));
    kg_store_close(s);
}

/* Language tags are stored in lower case; a tag written in BCP 47 case by
 * an older version ("zh-Hant-HK") is still found under any spelling, and
 * interning the term again makes no second one (issue 21 point 2). */
static void lang_tags__lower_case_and_older_stores_still_match(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/legacy", kg_test_tmpdir());
    kg_store *s = qt_store(dir, "<http://example.org/a> <http://example.org/p> 'x'@en-GB .");
    REQUIRE(s);
    /* "y"@zh-Hant-HK as older versions encoded it */
    kg_term a = kg_term_iri("http://example.org/a"), p = kg_term_iri("http://example.org/p"),
            old = kg_term_literal("y", NULL, "zh-hant-hk");
    kg_buf code = KG_BUF_INIT;
    REQUIRE(kg_store_begin(s) == KG_OK && kg_termcode_append_legacy(&code, &old));
    kg_quad q = {kg_store_intern(s, &a), kg_store_intern(s, &p),
                 kg_txn_add_term(s->txn, (const uint8_t *)code.data, code.len,
                                 kg_termcode_hash((const uint8_t *)code.data, code.len)),
                 KG_ID_NONE};
    kg_buf_free(&code);
    REQUIRE(q.o != KG_ID_NONE && kg_store_add_ids(s, &q) == KG_OK && kg_store_commit(s) == KG_OK);
    kg_store_close(s);

    REQUIRE((s = qt_store(dir, NULL)));
    EXPECT_STR("l=\"en-gb\"\nl=\"zh-Hant-HK\"",
               qt_run(s, P "SELECT (LANG(?o) AS ?l) { :a :p ?o }", false));
    EXPECT_STR("a=<http://example.org/a>", qt_run(s, P "SELECT ?a { ?a :p 'y'@ZH-hant-hk }", false));
    EXPECT_STR("a=<http://example.org/a>", qt_run(s, P "SELECT ?a { ?a :p 'x'@EN-gb }", false));
    kg_term again = kg_term_literal("y", NULL, "zh-HANT-hk");
    REQUIRE(kg_store_begin(s) == KG_OK);
    EXPECT_INT(q.o, kg_store_intern(s, &again));
    kg_store_rollback(s);
    kg_store_close(s);
}

/* A tag written in the query (a literal or STRLANG's argument) is one
 * spelling of the same tag as the stored one, so LANG() gives the stored
 * lower case for both instead of "en-GB" for one and "en-gb" for the other. */
static void lang_tags__query_literals_lower_cased_like_stored_ones(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/querylang", kg_test_tmpdir());
    kg_store *s = qt_store(dir, "<http://example.org/a> <http://example.org/p> 'x'@en-GB .");
    REQUIRE(s);
    EXPECT_STR("q=\"en-gb\" f=\"en-gb\" d=\"en-gb\"",
               qt_run(s, P "SELECT (LANG('y'@en-GB) AS ?q) (LANG(STRLANG('z', 'EN-GB')) AS ?f)"
                           " (LANG(?o) AS ?d) { :a :p ?o }", false));
    EXPECT_STR("t=\"true\"^^<" KG_XSD "boolean>", qt_run(s, P "SELECT (sameTerm(?o, 'x'@EN-gb) AS ?t) { :a :p ?o }", false));
    kg_store_close(s);
}

static void store_on_disk__query_sees_committed_data(void)
{
    const char *dir = kg_test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/store", dir);
    kg_store *s = qt_store(path, people);
    REQUIRE(s);
    EXPECT_STR("n=\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(s, P "SELECT (COUNT(*) AS ?n) { ?x :knows ?y }", false));
    kg_store_close(s);
}

static const kg_test_case cases[] = {
    TEST(bgp__two_patterns_join_on_shared_variable),
    TEST(bgp__join_written_in_every_order_gives_same_answer),
    TEST(bgp__repeated_variable_must_match_itself),
    TEST(bgp__unknown_constant_gives_no_rows),
    TEST(filter__comparison_and_scope),
    TEST(optional__filter_inside_is_join_condition),
    TEST(optional__unbound_then_bound_by_later_pattern),
    TEST(union__keeps_both_branches),
    TEST(minus__removes_compatible_rows),
    TEST(minus__no_shared_variable_removes_nothing),
    TEST(not_exists__keeps_rows_without_match),
    TEST(exists__substitutes_outer_values_into_inner_filter),
    TEST(values__two_values_join),
    TEST(values__undef_matches_anything),
    TEST(bind__extends_and_new_value_joins_later),
    TEST(path__star_plus_and_question),
    TEST(path__zero_length_matches_constants_and_graph_nodes),
    TEST(path__sequence_and_alternative_keep_duplicates),
    TEST(path__inside_optional),
    TEST(aggregate__no_rows_still_one_group),
    TEST(aggregate__group_by_having_and_expression_keys),
    TEST(aggregate__count_distinct_star_counts_distinct_solutions),
    TEST(aggregate__groups_and_distinct_counts_are_by_term),
    TEST(aggregate__unbound_values_in_keys_and_counts),
    TEST(aggregate__blank_node_keys_are_groups_of_their_own),
    TEST(aggregate__empty_input_counts_zero),
    TEST(subselect__projection_hides_inner_variables),
    TEST(order_by__mixed_types_and_limit_offset),
    TEST(distinct__by_term_not_value),
    TEST(ask__true_and_false),
    TEST(construct__drops_ill_formed_and_makes_fresh_blank_nodes),
    TEST(describe__concise_bounded_description),
    TEST(graph__ranges_over_named_graphs),
    TEST(dataset__default_graph_is_union_unless_strict),
    TEST(dataset__from_uses_graphs_in_store),
    TEST(regex__runaway_backreference_fails_the_query),
    TEST(lang_tags__lower_case_and_older_stores_still_match),
    TEST(lang_tags__query_literals_lower_cased_like_stored_ones),
    TEST(store_on_disk__query_sees_committed_data),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
