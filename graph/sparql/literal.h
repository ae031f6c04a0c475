/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/literal.h - what kind of value a term carries, as the SPARQL
 * operators see it, and small constructors for computed literals in an
 * arena. Shared by value.c, builtins.c and aggregate.c; private to libkg. */
#ifndef KG_SPARQL_LITERAL_H
#define KG_SPARQL_LITERAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kg/term.h"
#include "sparql/datetime.h"
#include "util/arena.h"

#define KG_XSD_BOOLEAN KG_XSD "boolean"
#define KG_XSD_DATETIME KG_XSD "dateTime"
#define KG_XSD_DATE KG_XSD "date"

typedef enum kg_lit_class {
    KG_LIT_NONE,     /* not a literal: unbound, IRI or blank node */
    KG_LIT_NUMERIC,  /* a valid xsd numeric literal */
    KG_LIT_BOOLEAN,  /* a valid xsd:boolean */
    KG_LIT_DATETIME, /* a valid xsd:dateTime */
    KG_LIT_DATE,     /* a valid xsd:date */
    KG_LIT_STRING,   /* simple literal or xsd:string */
    KG_LIT_LANG,     /* language-tagged string */
    KG_LIT_INVALID,  /* a datatype above with a lexical form outside it */
    KG_LIT_OTHER,    /* a datatype libkg does not interpret */
} kg_lit_class;

kg_lit_class kg_lit_classify(const kg_term *t);

/* True for simple literals, xsd:string and language-tagged strings: the
 * "string literals" SPARQL's string functions take. */
bool kg_lit_is_string(const kg_term *t);

/* xsd:boolean's lexical space: "true", "false", "1", "0". */
bool kg_lit_parse_boolean(const char *s, size_t len, bool *value);
/* A valid xsd:boolean literal's value. */
bool kg_lit_boolean(const kg_term *t, bool *value);
/* A valid xsd:dateTime or xsd:date literal's value. */
bool kg_lit_datetime(const kg_term *t, kg_datetime *value);

/* The literal true or false (static strings; no allocation). */
kg_term kg_lit_bool(bool value);

/* Lower-cases a language tag in place. The store keeps tags in lower case
 * (store/termcode.c: BCP 47 tags are case-insensitive), so a tag written in
 * a query or given to STRLANG is lowered too and LANG() answers one
 * spelling whichever way the literal came in. */
void kg_lit_lower_lang(char *tag);

/* A literal with a copy of s[0..len) in the arena; datatype and lang are
 * not copied (pass static strings or strings that outlive the arena, such
 * as the argument terms'). False on ENOMEM. */
bool kg_lit_make(kg_arena *arena, const char *s, size_t len, const char *datatype,
                 const char *lang, kg_term *out);

#endif
