/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/num.h - XSD numeric values for SPARQL expressions: parsing the
 * lexical forms of xsd:integer (and its derived types), xsd:decimal,
 * xsd:float and xsd:double, the XPath promotion rules, arithmetic,
 * comparison, rounding and the lexical forms of results. Private to libkg.
 *
 * Integers and decimals are exact (a GMP integer scaled by a power of ten);
 * floats and doubles are IEEE values, floats rounded to single precision
 * after every operation. A decimal keeps the number of digits after the
 * point it was written with, and arithmetic keeps its operands' (as Java's
 * BigDecimal and Python's decimal do): 1.0 + 2 is 3.0, 3 * 3 is 9, 1.5 * 1.5
 * is 2.25, CEIL(1.1) is 2; a quotient or a cast is written in the canonical
 * form (4 / 2 is 2.0). These are the forms the W3C SPARQL tests expect. Every kg_num must be set up with kg_num_init (or a
 * successful kg_num_parse / kg_num_from_term) and released with
 * kg_num_clear. */
#ifndef KG_SPARQL_NUM_H
#define KG_SPARQL_NUM_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "kg/term.h"
#include "util/arena.h"

/* In promotion order: a binary operation works in the larger of the two. */
typedef enum kg_num_type { KG_NUM_INTEGER, KG_NUM_DECIMAL, KG_NUM_FLOAT, KG_NUM_DOUBLE } kg_num_type;

typedef struct kg_num {
    kg_num_type type;
    mpz_t mant;          /* integer and decimal: the value is mant / 10^scale */
    unsigned long scale; /* decimal digits after the point; 0 for integers */
    double d;            /* float and double */
} kg_num;

/* A zero of the given type. */
void kg_num_init(kg_num *n, kg_num_type type);
void kg_num_clear(kg_num *n);
void kg_num_set_long(kg_num *n, long v);
/* Replaces n's value by a copy of src (type included). */
void kg_num_copy(kg_num *n, const kg_num *src);

/* The numeric type behind a datatype IRI: the four primitive ones and the
 * types derived from xsd:integer. False for any other datatype. */
bool kg_num_datatype_type(const char *datatype, kg_num_type *type);

/* Parses s[0..len) as the lexical form of the datatype (an IRI accepted by
 * kg_num_datatype_type), including the value range of derived integer
 * types. On success initialises *out. */
bool kg_num_parse(const char *datatype, const char *s, size_t len, kg_num *out);

/* kg_num_parse on a literal term; false for non-literals, other datatypes
 * and ill-typed literals such as "abc"^^xsd:integer. */
bool kg_num_from_term(const kg_term *t, kg_num *out);

/* Converts n in place to type. Widening always works; narrowing follows the
 * XPath casts (decimal or double to integer truncates toward zero) and fails
 * for NaN and the infinities, leaving n unchanged. */
bool kg_num_convert(kg_num *n, kg_num_type type);

/* Compares in the promoted type: -1, 0, 1, or 2 when unordered (NaN). */
int kg_num_cmp(const kg_num *a, const kg_num *b);

/* *out (initialised by the caller) = a op b for op in + - * /, in the
 * promoted type; integer / integer is a decimal. False for division by zero
 * in integers and decimals. */
bool kg_num_arith(char op, const kg_num *a, const kg_num *b, kg_num *out);

void kg_num_negate(kg_num *n);
void kg_num_abs(kg_num *n);
void kg_num_ceil(kg_num *n);
void kg_num_floor(kg_num *n);
/* Rounds half toward positive infinity (XPath fn:round: -2.5 gives -2). */
void kg_num_round(kg_num *n);

/* Effective boolean value: false for zero and NaN. */
bool kg_num_truth(const kg_num *n);
/* The value as a C double (decimals and big integers rounded). */
double kg_num_to_double(const kg_num *n);

/* Rewrites a decimal in XML Schema's canonical form, shortest with a digit
 * after the point (2.50 becomes 2.5, 3 becomes 3.0), for values with no
 * precision of their own: quotients and casts. Other types are unchanged. */
void kg_num_make_canonical(kg_num *n);

/* The XPath cast to xs:string ("2" for 2.0, "1" for 1.0E0, "1.0E7" for
 * 1.0E7), in the arena; NULL on ENOMEM. */
char *kg_num_to_string(const kg_num *n, kg_arena *arena);

/* The datatype IRI of a type (static). */
const char *kg_num_type_iri(kg_num_type type);

/* A literal term for n, allocated in the arena: integers and decimals with
 * their digits after the point ("3.0", "9"), floats and doubles as XPath
 * casts them to xs:string ("1050"^^xsd:double, "1.0E7"^^xsd:double, "0.5",
 * "-0", "INF"), the forms of the W3C SPARQL test results; each is in the
 * datatype's lexical space. False on ENOMEM. */
bool kg_num_to_term(const kg_num *n, kg_arena *arena, kg_term *out);

#endif
