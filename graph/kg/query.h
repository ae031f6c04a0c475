/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/query.h - SPARQL 1.1 queries and updates against a store.
 *
 * kg_query_prepare parses and checks the text (a syntax error carries the
 * line and column in the query), kg_query_execute evaluates it. SELECT rows,
 * the ASK answer, CONSTRUCT/DESCRIBE triples and update counts all come
 * back as kg_results. */
#ifndef KG_QUERY_H
#define KG_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_query kg_query;
typedef struct kg_results kg_results;

typedef enum kg_query_form {
    KG_QUERY_SELECT,
    KG_QUERY_ASK,
    KG_QUERY_CONSTRUCT,
    KG_QUERY_DESCRIBE,
    KG_QUERY_UPDATE,
} kg_query_form;

/* What a query may reach outside the store; nothing by default. */
typedef enum kg_access {
    KG_ACCESS_NONE = 0,
    KG_ACCESS_FILE = 1 << 0, /* FROM <file:...> and LOAD <file:...> under allowed_dir */
    KG_ACCESS_NET = 1 << 1,  /* FROM/LOAD/SERVICE with http(s) IRIs */
} kg_access;

typedef struct kg_query_options {
    unsigned int version; /* KG_QUERY_OPTIONS_VERSION: set by KG_QUERY_OPTIONS_INIT */
    const char *base_iri;      /* base for relative IRIs; NULL for none */
    bool strict_default_graph; /* false (the default): the default graph is the
                                  union of all graphs; true: only the store's
                                  own default graph, as the SPARQL spec's
                                  dataset model reads */
    unsigned access;           /* kg_access flags */
    const char *allowed_dir;   /* with KG_ACCESS_FILE: files must be under it */
    /* Prefixes known before the query's own PREFIX lines (the shell's).
     * NULL-terminated array of {prefix, iri} pairs, borrowed during prepare. */
    const char *const (*prefixes)[2];
    /* IRI of a named graph whose quads the default graph (the union of all
     * graphs) leaves out, and that GRAPH ?g does not range over, or NULL.
     * ".infer off" in the shell hides KG_INFERRED_GRAPH (kg/explore.h) this
     * way; naming it (GRAPH <iri>, FROM, FROM NAMED) still reads it. Copied
     * by prepare. */
    const char *hidden_graph;
    /* Bytes one execution may hold in intermediate results (rows kept by
     * ORDER BY, GROUP BY, DISTINCT, MINUS and sub-selects, computed terms,
     * path results, expression temporaries); past them it fails with
     * KG_ERR_LIMIT. 0: KG_QUERY_MAX_MEMORY. */
    size_t max_memory;
    /* Milliseconds one execution may take, from kg_query_execute to the
     * last kg_results_next; past them it fails with KG_ERR_LIMIT. 0: no
     * limit. */
    unsigned timeout_ms;
} kg_query_options;
#define KG_QUERY_OPTIONS_VERSION 1
#define KG_QUERY_OPTIONS_INIT {KG_QUERY_OPTIONS_VERSION, 0, 0, KG_ACCESS_NONE, 0, 0, 0, 0, 0}

/* The default of kg_query_options.max_memory: 1 GiB. */
#define KG_QUERY_MAX_MEMORY ((size_t)1 << 30)

/* Parses and checks text (UTF-8, len bytes). On failure *out is NULL and err
 * (when not NULL) has the message and the 1-based line and column within
 * the text. opts may be NULL for the defaults. The query borrows the store:
 * free the query before closing the store. */
KG_EXTERN kg_status kg_query_prepare(kg_query **out, kg_store *store, const char *text, size_t len,
                                     const kg_query_options *opts, kg_error *err);

KG_EXTERN kg_query_form kg_query_get_form(const kg_query *query);

/* Evaluates the query. An update is applied atomically (all of it or, on
 * any error or interrupt, nothing). The caller owns *out and frees it with
 * kg_results_free before the next execution on the same store. */
KG_EXTERN kg_status kg_query_execute(kg_results **out, kg_query *query);

/* Details of the last failure of prepare/execute/next on this query. A
 * NULL query (results that came from a remote endpoint, kg/remote.h) has
 * an empty error. */
KG_EXTERN const kg_error *kg_query_error(const kg_query *query);

KG_EXTERN void kg_query_free(kg_query *query);

/* SELECT: the projected variable names (without '?'), in order.
 * CONSTRUCT/DESCRIBE: three columns "subject", "predicate", "object".
 * ASK and updates: no columns. Borrowed from the results. */
KG_EXTERN size_t kg_results_column_count(const kg_results *results);
KG_EXTERN const char *kg_results_column_name(const kg_results *results, size_t column);

/* Advances to the next row (SELECT) or triple (CONSTRUCT/DESCRIBE); *has_row
 * is false at the end. A failure (evaluation error, interrupt) is reported
 * in kg_query_error of the query. */
KG_EXTERN kg_status kg_results_next(bool *has_row, kg_results *results);

/* The value in a column of the current row; kind KG_TERM_NONE when unbound.
 * Borrowed: valid until the next kg_results_next or kg_results_free. */
KG_EXTERN const kg_term *kg_results_value(kg_results *results, size_t column);

/* ASK: the answer. */
KG_EXTERN bool kg_results_boolean(const kg_results *results);

/* Updates: quads added and removed. */
KG_EXTERN void kg_results_update_counts(uint64_t *added, uint64_t *removed, const kg_results *results);

KG_EXTERN kg_query_form kg_results_form(const kg_results *results);

KG_EXTERN void kg_results_free(kg_results *results);

#ifdef __cplusplus
}
#endif
#endif
