/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/term.h - RDF terms as libkg hands them out and takes them in.
 *
 * A kg_term is a view: it points at strings it does not own. Terms returned
 * by libkg are valid until the call named in that function's documentation
 * (typically the next kg_results_next or the free of the results). Use
 * kg_term_copy to keep one. */
#ifndef KG_TERM_H
#define KG_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_term_kind {
    KG_TERM_NONE = 0, /* an unbound value in a result row */
    KG_TERM_IRI,
    KG_TERM_BLANK,
    KG_TERM_LITERAL,
} kg_term_kind;

typedef struct kg_term {
    kg_term_kind kind;
    /* IRI (absolute), blank node label (without "_:"), or literal lexical
     * form. UTF-8; may contain NUL bytes only for literals, hence the length.
     * Always NUL-terminated as well. */
    const char *value;
    size_t value_len;
    /* Literal datatype IRI; NULL means xsd:string (or rdf:langString when
     * lang is set). Always NULL for IRIs and blank nodes. */
    const char *datatype;
    /* Literal language tag as written (case kept); NULL when none. */
    const char *lang;
} kg_term;

#define KG_XSD "http://www.w3.org/2001/XMLSchema#"
#define KG_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define KG_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define KG_OWL "http://www.w3.org/2002/07/owl#"
#define KG_XSD_STRING KG_XSD "string"
#define KG_RDF_LANGSTRING KG_RDF "langString"

/* Convenience constructors: views over the given strings (not copied). */
KG_EXTERN kg_term kg_term_iri(const char *iri);
KG_EXTERN kg_term kg_term_blank(const char *label);
KG_EXTERN kg_term kg_term_literal(const char *lexical, const char *datatype, const char *lang);

/* The literal's datatype with the RDF 1.1 defaults applied (xsd:string or
 * rdf:langString); NULL for non-literals. Borrowed, static or from t. */
KG_EXTERN const char *kg_term_datatype(const kg_term *t);

/* RDF term equality (same kind, value, datatype after defaults, and language
 * tag compared case-insensitively). */
KG_EXTERN bool kg_term_equal(const kg_term *a, const kg_term *b);

/* A deep copy in one allocation into *out; free it with kg_term_free.
 * KG_ERR_NOMEM (then *out is NULL). */
KG_EXTERN kg_status kg_term_copy(kg_term **out, const kg_term *t);
KG_EXTERN void kg_term_free(kg_term *t);

/* Writes the term in N-Triples syntax ("<iri>", "_:b", "\"lex\"@en",
 * "\"5\"^^<...#integer>") to buf, NUL-terminated and truncated to size.
 * Returns the length the full text needs (like snprintf). Non-ASCII text is
 * kept as UTF-8; control characters, quotes and backslashes are escaped. */
KG_EXTERN size_t kg_term_to_ntriples(const kg_term *t, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
