/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/value.h - SPARQL value semantics over RDF terms: effective boolean
 * value, comparison and ordering, arithmetic with numeric type promotion,
 * casts, the built-in functions and the aggregates. Private to libkg.
 *
 * Everything works on kg_term views. Computed terms are allocated in the
 * caller's arena (kg_value_ctx.arena) and live as long as it does; they
 * never point into the argument terms, so arguments may die first. A false
 * return is a SPARQL expression error (type error, bad argument): the
 * evaluator treats it as "unbound" (in BIND) or "false" (in FILTER). Nothing
 * here touches the store.
 *
 * Computed numbers: integers "5"; decimals keep their operands' digits after
 * the point ("1.0" + 2 is "3.0", "3" * "3" is "9", CEIL("1.5") is "2"), a
 * quotient, an average or a cast is written shortest with a digit after the
 * point ("2.0", "1.5"); floats and doubles as XPath
 * casts them to strings: in [1e-6, 1e6) as decimals ("1050", "0.5", "-0"),
 * others "1.0E7", "2.5E-7", "INF", "NaN" (num.h). Integers and decimals are
 * exact (arbitrary precision); a decimal division that does not end keeps
 * 24 digits after the point. */
#ifndef KG_SPARQL_VALUE_H
#define KG_SPARQL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg/term.h"
#include "util/arena.h"

typedef struct kg_regex_cache kg_regex_cache;

/* What a built-in may need beyond its arguments; one per query evaluation. */
typedef struct kg_value_ctx {
    kg_arena *arena;         /* where computed terms go */
    const char *base_iri;    /* for IRI()/URI() of relative IRIs; may be NULL */
    const char *now;         /* xsd:dateTime lexical form of NOW(), fixed for
                                the whole query */
    uint64_t *bnode_counter; /* BNODE(): fresh labels made from this counter
                                (labels start with "kgfn") */
    uint64_t row;            /* the solution being evaluated: BNODE("x") gives
                                the same label for the same string within one
                                row and different ones across rows */
    uint64_t *rand_state;    /* RAND(), UUID(), STRUUID() (xorshift64*) */
    kg_regex_cache *regex;   /* compiled patterns, reused across rows; may be
                                NULL (then each call compiles) */
    const char *fatal;       /* set by a built-in that fails in a way that is
                                no expression error (a REGEX past its step
                                limit): the query must stop with this
                                message, in the arena */
    /* NOW() without now, BNODE() without bnode_counter and RAND()/UUID()/
     * STRUUID() without rand_state are errors. */
} kg_value_ctx;

/* Effective boolean value (SPARQL 1.1 section 17.2.2): booleans and numbers
 * by value (an ill-typed one is false), strings (also language-tagged) true
 * when non-empty; anything else is an error. */
bool kg_value_ebv(const kg_term *t, bool *out);

typedef enum kg_cmp_op { KG_CMP_EQ, KG_CMP_NE, KG_CMP_LT, KG_CMP_GT, KG_CMP_LE, KG_CMP_GE } kg_cmp_op;

/* The SPARQL operators =, !=, <, >, <=, >= (17.3 operator mapping).
 * All six compare by value two numbers (across numeric types, NaN unequal to
 * everything), two simple/xsd:string literals (code point order), two
 * booleans, two xsd:dateTime or two xsd:date values (timezones normalised;
 * one with and one without a timezone less than 14 hours apart is an
 * error). Otherwise only = and != apply (< etc. are errors), by
 * RDFterm-equal: identical terms are equal; IRIs, blank nodes, language-
 * tagged literals and literals of different known types are unequal to
 * anything else; two different literals where one has an unknown datatype
 * or an ill-typed lexical form ("abc"^^xsd:integer) are an error for both
 * = and != (the W3C open-world tests). Unbound operands are errors. */
bool kg_value_compare(kg_cmp_op op, const kg_term *a, const kg_term *b, bool *out);
/* kg_value_compare of two numbers already parsed (the evaluator keeps them
 * per term id): the same answer, never an error. */
struct kg_num;
void kg_value_compare_nums(kg_cmp_op op, const struct kg_num *a, const struct kg_num *b,
                           bool *out);

/* ORDER BY order (15.1): unbound (kind KG_TERM_NONE) < blank nodes < IRIs <
 * literals. IRIs and blank nodes by code point order. Literals first by
 * kind: numbers < booleans < dateTimes < dates < simple/xsd:string <
 * language-tagged < other datatypes and ill-typed literals; within a kind by
 * value where "<" applies. Equal values that are different terms (1 and
 * 1.0, "01"^^xsd:integer and "1"^^xsd:integer) and values with no order
 * fall back to lexical form, then datatype IRI, then language tag, so 0
 * means RDF term equality. Returns <0, 0, >0. */
int kg_value_order(const kg_term *a, const kg_term *b);

/* Whether ORDER BY ties a and b on a key: 15.1 orders with "<", under which
 * equal values in different forms (1 and 1.0, one instant in two
 * timezones) are neither less nor greater, so the next key decides. Terms
 * kg_value_order calls equal tie too. kg_value_order sorts tied terms next
 * to each other. */
bool kg_value_order_tie(const kg_term *a, const kg_term *b);

/* Numeric arithmetic: op is one of '+', '-', '*', '/'; xsd:integer,
 * xsd:decimal, xsd:float, xsd:double and their derived integer types, with
 * the XPath promotion rules (integer/integer division yields decimal,
 * division by zero is an error for integer/decimal). */
bool kg_value_arith(char op, const kg_term *a, const kg_term *b, kg_value_ctx *ctx, kg_term *out);
/* Unary '-' or '+'. */
bool kg_value_unary(char op, const kg_term *a, kg_value_ctx *ctx, kg_term *out);

/* XPath constructor casts (17.5) to xsd:string, boolean, integer, decimal,
 * float, double, dateTime and the types derived from xsd:integer (range
 * checked), datatype given as a full IRI. IRIs cast only to xsd:string,
 * language-tagged strings only to xsd:string, blank nodes and ill-typed
 * literals to nothing. Strings are parsed after trimming whitespace;
 * numbers to xsd:string follow XPath ("1" for 1.0E0, "1.0E7" for 1.0E7).
 * False for an invalid cast or an unknown target. */
bool kg_value_cast(const char *datatype, const kg_term *a, kg_value_ctx *ctx, kg_term *out);
/* True when the IRI is a datatype kg_value_cast accepts as a function. */
bool kg_value_is_cast(const char *datatype);

/* Built-in functions that take evaluated arguments. BOUND, IF, COALESCE,
 * EXISTS/NOT EXISTS, IN/NOT IN and the logical operators are evaluated by
 * the evaluator itself, since they need unevaluated or partial arguments. */
typedef enum kg_builtin {
    KG_FN_STR, KG_FN_LANG, KG_FN_LANGMATCHES, KG_FN_DATATYPE, KG_FN_IRI, KG_FN_BNODE,
    KG_FN_RAND, KG_FN_ABS, KG_FN_CEIL, KG_FN_FLOOR, KG_FN_ROUND, KG_FN_CONCAT,
    KG_FN_SUBSTR, KG_FN_STRLEN, KG_FN_REPLACE, KG_FN_UCASE, KG_FN_LCASE,
    KG_FN_ENCODE_FOR_URI, KG_FN_CONTAINS, KG_FN_STRSTARTS, KG_FN_STRENDS,
    KG_FN_STRBEFORE, KG_FN_STRAFTER, KG_FN_YEAR, KG_FN_MONTH, KG_FN_DAY,
    KG_FN_HOURS, KG_FN_MINUTES, KG_FN_SECONDS, KG_FN_TIMEZONE, KG_FN_TZ, KG_FN_NOW,
    KG_FN_UUID, KG_FN_STRUUID, KG_FN_MD5, KG_FN_SHA1, KG_FN_SHA256, KG_FN_SHA384,
    KG_FN_SHA512, KG_FN_STRLANG, KG_FN_STRDT, KG_FN_SAMETERM, KG_FN_ISIRI,
    KG_FN_ISBLANK, KG_FN_ISLITERAL, KG_FN_ISNUMERIC, KG_FN_REGEX,
    KG_FN_COUNT_ /* number of built-ins; not a function */
} kg_builtin;

/* Looks a built-in up by its SPARQL keyword, case-insensitively ("STR",
 * "isIRI", "URI" maps to KG_FN_IRI). Returns false when unknown. */
bool kg_builtin_lookup(const char *name, size_t len, kg_builtin *out);
const char *kg_builtin_name(kg_builtin fn);
/* Allowed argument counts. */
void kg_builtin_arity(kg_builtin fn, unsigned *min, unsigned *max);

/* Calls a built-in with evaluated arguments. A wrong argument count or an
 * unbound argument is an error. BNODE(str) derives its label from the
 * string and ctx->row. */
bool kg_builtin_call(kg_builtin fn, const kg_term *args, size_t nargs, kg_value_ctx *ctx,
                     kg_term *out);

/* Aggregates (18.5). An accumulator is fed the values of one group in
 * order. COUNT counts the bound values and SAMPLE picks a bound one (an
 * unbound variable is not a value); for the others an unbound or erroneous
 * input makes the aggregate an error, as the spec's Sum/Min/... definitions
 * read. DISTINCT is the caller's job (it feeds each distinct value once).
 * SUM and AVG add with the promotion rules of "+" (AVG of integers is a
 * decimal); MIN and MAX pick by kg_value_order and return the chosen term
 * as it was given; GROUP_CONCAT joins string literals (CONCAT's arguments)
 * into a simple literal, and any other term is an error. The state copies
 * what it keeps: fed terms may die after kg_agg_add. */
typedef enum kg_aggregate {
    KG_AGG_COUNT, KG_AGG_SUM, KG_AGG_MIN, KG_AGG_MAX, KG_AGG_AVG, KG_AGG_SAMPLE,
    KG_AGG_GROUP_CONCAT
} kg_aggregate;

typedef struct kg_agg_state kg_agg_state;

/* separator is used by GROUP_CONCAT only (NULL means " "). count_star makes
 * COUNT count rows (feed it any term per row). NULL on ENOMEM. */
kg_agg_state *kg_agg_new(kg_aggregate kind, const char *separator, bool count_star);
/* Feeds one value; kind KG_TERM_NONE for an unbound or erroneous input. */
void kg_agg_add(kg_agg_state *state, const kg_term *value);
/* The result; false when the aggregate is an error (then the variable stays
 * unbound). Empty groups: COUNT 0, SUM 0, AVG 0, GROUP_CONCAT "", MIN/MAX/
 * SAMPLE error. */
bool kg_agg_result(kg_agg_state *state, kg_value_ctx *ctx, kg_term *out);
void kg_agg_free(kg_agg_state *state);

/* Regex cache for REGEX and REPLACE (XPath flags s, m, i, x, q). Not
 * thread-safe: one per evaluation. */
kg_regex_cache *kg_regex_cache_new(void);
void kg_regex_cache_free(kg_regex_cache *cache);

#endif
