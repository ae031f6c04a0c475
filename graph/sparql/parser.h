/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/parser.h - parses SPARQL 1.1 query and update text into a checked
 * syntax tree (sparql/ast.h). Private to libkg; kg_query_prepare calls it.
 *
 * The parser is a recursive descent over the SPARQL 1.1 grammar (Query and
 * Update) followed by the static checks of sparql/check.h. It never prints,
 * never aborts on any input, bounds its nesting depth and runs in time
 * linear in the input. */
#ifndef KG_SPARQL_PARSER_H
#define KG_SPARQL_PARSER_H

#include <stddef.h>

#include "kg/status.h"
#include "sparql/ast.h"

typedef enum kg_sparql_kind {
    KG_SPARQL_DETECT = 0, /* a query when the first keyword after the prologue
                             is SELECT, CONSTRUCT, DESCRIBE or ASK; otherwise
                             an update request (empty text is an empty,
                             valid update) */
    KG_SPARQL_QUERY,      /* only a query is accepted */
    KG_SPARQL_UPDATE,     /* only an update request is accepted */
} kg_sparql_kind;

/* The deepest nesting of groups, expressions and paths accepted; deeper
 * input fails with KG_ERR_LIMIT instead of exhausting the stack. */
#define KG_SPARQL_MAX_DEPTH 1000

/* The tallest tree accepted: the height of an expression or group counted
 * as the later stages see it, where every operator of a flat chain
 * (1+1+...+1, a && b && ..., { } MINUS { } MINUS ..., a group's BINDs and
 * OPTIONALs) is one level of the left-deep tree that the checker,
 * translator, optimiser and evaluator walk recursively. Generous enough for
 * chains of 10,000 terms; taller input fails with KG_ERR_LIMIT at the
 * operator or element that crossed it, so the later stages may recurse
 * without a stack overflow. */
#define KG_SPARQL_MAX_HEIGHT 12000

typedef struct kg_sparql_parse_options {
    /* Base IRI for relative IRIs before any BASE in the text; NULL for none
     * (relative IRIs then stay relative). Borrowed during the call. */
    const char *base_iri;
    /* Prefixes known before the text's own PREFIX lines: a NULL-terminated
     * array of {prefix (no ':'), iri} pairs, or NULL. Borrowed during the
     * call; a PREFIX in the text overrides one of these. */
    const char *const (*prefixes)[2];
    kg_sparql_kind kind;
} kg_sparql_parse_options;

/* Parses and checks len bytes of UTF-8 text. opts may be NULL (detect, no
 * base, no prefixes). On success *out is a tree the caller owns (free it
 * with kg_sparql_ast_free). On failure *out is NULL and err (when not NULL)
 * holds the status, a message and the 1-based line and column (counted in
 * characters) of the offending token; err->file is empty.
 * Statuses: KG_ERR_SYNTAX (malformed text or a failed static check),
 * KG_ERR_LIMIT (nesting too deep), KG_ERR_NOMEM. */
kg_status kg_sparql_parse(const char *text, size_t len, const kg_sparql_parse_options *opts,
                          kg_sparql_ast **out, kg_error *err);

#endif
