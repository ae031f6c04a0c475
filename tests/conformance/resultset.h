/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/resultset.h - an owned, in-memory query result for the
 * conformance harness: a table of solutions (a multiset of rows of kg_term),
 * an ASK answer, or an RDF graph or dataset as rows of 3 or 4 terms.
 *
 * Both sides of a comparison are held this way: the W3C expected result as
 * read by results_read.h, and what libkg returned. All strings live in the
 * result's own arena, so a cf_results is freed in one call. */
#ifndef KG_TESTS_CONFORMANCE_RESULTSET_H
#define KG_TESTS_CONFORMANCE_RESULTSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kg/results.h"
#include "kg/status.h"
#include "kg/term.h"
#include "util/arena.h"

typedef enum cf_results_kind {
    CF_RESULTS_TABLE,   /* SELECT solutions */
    CF_RESULTS_BOOLEAN, /* ASK */
    CF_RESULTS_GRAPH,   /* triples: columns subject, predicate, object; or
                           quads with a fourth column "graph" (kind
                           KG_TERM_NONE for the default graph) */
} cf_results_kind;

typedef struct cf_results {
    cf_results_kind kind;
    kg_arena *arena;   /* owns the strings of vars and cells */
    size_t width;      /* number of columns */
    const char **vars; /* column names (variables without '?') */
    size_t count;      /* number of rows */
    kg_term *cells;    /* count * width terms, row by row; KG_TERM_NONE for
                          an unbound variable */
    bool boolean;      /* the ASK answer */
    size_t cap_rows, cap_vars;
} cf_results;

/* A new empty result of the kind; NULL on ENOMEM. Free with
 * cf_results_free (which accepts NULL). A GRAPH result starts with the
 * three columns subject, predicate, object. */
cf_results *cf_results_new(cf_results_kind kind);
void cf_results_free(cf_results *r);

/* The column of a variable, adding it when add is true and it is new.
 * Adding a column after rows exist widens every row with unbound cells.
 * Returns -1 when the variable is unknown (add false) or on ENOMEM. */
long cf_results_var(cf_results *r, const char *name, bool add);

/* Appends a row of unbound cells and returns it (width terms), valid until
 * the next change of the result's shape; NULL on ENOMEM. */
kg_term *cf_results_add_row(cf_results *r);

/* The cells of row i. */
static inline kg_term *cf_results_row(const cf_results *r, size_t i)
{
    return r->cells + i * r->width;
}

/* Stores a copy of t (its strings copied into the arena) in *cell. An
 * xsd:string datatype is dropped, as RDF 1.1 makes "a"^^xsd:string and "a"
 * the same term. False on ENOMEM. */
bool cf_results_set(cf_results *r, kg_term *cell, const kg_term *t);

/* Reads libkg's answer to the end into a new cf_results in *out (set even
 * on failure; the caller frees it): ASK as a boolean, SELECT as a table,
 * CONSTRUCT and DESCRIBE as a graph with duplicate triples removed. Returns
 * the status of kg_results_next, KG_ERR_NOMEM, or KG_ERR_INVALID when a
 * graph answer does not have three columns. */
kg_status cf_results_from_kg(kg_results *res, cf_results **out);

/* Removes duplicate rows (same terms, same blank labels): a graph is a set
 * of triples even when a file states one twice. */
void cf_results_dedupe(cf_results *r);

/* Writes the result for a diagnostic: "# " before each line, terms in
 * N-Triples syntax, at most max_rows rows (then "... N more"). */
void cf_results_print(const cf_results *r, FILE *out, size_t max_rows);

/* Writes r with libkg's result writer (kg/results.h) in fmt: a table or
 * graph row by row, or the boolean. */
kg_status cf_results_write(const cf_results *r, kg_results_format fmt, FILE *out);

/* Sets err to a status and a printf-style message (helper for readers). */
kg_status cf_error(kg_error *err, kg_status status, const char *file, unsigned long line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
