/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/rows.h - results handles over rows held in memory, such as what a
 * remote endpoint answered: kg/query.h's kg_results_* calls give them out
 * exactly as they give out a local query's results, so every writer and
 * renderer serves both. Private to libkg. */
#ifndef KG_SPARQL_ROWS_H
#define KG_SPARQL_ROWS_H

#include <stdbool.h>

#include "kg/query.h"

typedef struct kg_rows kg_rows;

/* A new, empty handle of the given form (SELECT, ASK, CONSTRUCT or
 * DESCRIBE: CONSTRUCT and DESCRIBE rows are subject, predicate, object;
 * UPDATE has no rows). Freed with kg_results_free. NULL on ENOMEM. */
kg_results *kg_results_new_rows(kg_query_form form);

/* Adds a column (copied); before the first row only. False on ENOMEM. */
bool kg_results_rows_column(kg_results *r, const char *name);

/* Appends a row of one term per column (copied; KG_TERM_NONE: unbound).
 * False on ENOMEM. */
bool kg_results_rows_add(kg_results *r, const kg_term *values);

/* The ASK answer. */
void kg_results_rows_boolean(kg_results *r, bool value);

/* Used by kg_results_next and kg_results_free for such handles. */
bool kg_rows_next(kg_results *r);
void kg_rows_free(kg_rows *rows);

#endif
