/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/compare.h - comparing an expected and an actual query
 * result the way the W3C test harnesses do.
 *
 * Solutions compare as multisets of rows, up to blank node renaming: there
 * must be one bijection between the blank node labels of the two results
 * that makes the rows equal, consistent across the whole result (all rows,
 * all columns). Graphs (CONSTRUCT/DESCRIBE) and datasets (update tests: 4
 * columns, the graph last) are the same problem with 3 or 4 columns, so
 * graph isomorphism comes out of the same search. Other terms compare with
 * kg_term_equal: "01"^^xsd:integer and "1"^^xsd:integer differ, as the
 * suite expects exact lexical forms.
 *
 * Variables compare as sets (column order does not matter). With ordered
 * set (the query has a top-level ORDER BY), row i of solutions must match
 * row i; graphs are sets and ignore it. ASK results compare their
 * boolean. */
#ifndef KG_TESTS_CONFORMANCE_COMPARE_H
#define KG_TESTS_CONFORMANCE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "resultset.h"

/* True when the results are equal. When not, why (size bytes) gets a
 * one-line reason such as "expected 3 rows, got 2" or "2 expected rows
 * have no match, e.g. ...". */
bool cf_results_equal(const cf_results *expected, const cf_results *actual, bool ordered,
                      char *why, size_t size);

/* True when the query text has an ORDER BY that orders its result: one at
 * brace depth 0, outside strings, IRIs and comments (an ORDER BY inside a
 * subquery orders only the subquery). */
bool cf_query_is_ordered(const char *text, size_t len);

#endif
