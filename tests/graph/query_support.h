/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/query_support.h - helpers for the query tests: a store
 * loaded from Turtle/TriG text, and query results rendered as sorted text so
 * that a whole answer is compared in one EXPECT_STR. */
#ifndef KG_TESTS_QUERY_SUPPORT_H
#define KG_TESTS_QUERY_SUPPORT_H

#include <stdbool.h>

#include "kg/io.h"
#include "kg/query.h"
#include "kg/store.h"

/* An in-memory store (dir NULL) or one on disk in dir, holding the TriG
 * text (which may be plain Turtle). NULL when that fails. */
kg_store *qt_store(const char *dir, const char *trig);

/* Runs a SELECT/ASK/CONSTRUCT/DESCRIBE query and renders its answer: rows
 * as "col=value col=value" (N-Triples terms, unbound columns left out),
 * sorted and joined with newlines (kept in order when ordered is true);
 * ASK as "true"/"false"; CONSTRUCT/DESCRIBE as sorted N-Triples lines
 * with blank node labels replaced by "_:b". On failure: "error: <status>:
 * <message>". The string is static, valid until the next call. */
const char *qt_run(kg_store *store, const char *query, bool ordered);
/* The same with options. */
const char *qt_run_opts(kg_store *store, const char *query, const kg_query_options *opts,
                        bool ordered);
/* Runs an update; returns its status and the counts. */
kg_status qt_update(kg_store *store, const char *update, uint64_t *added, uint64_t *removed);

#endif
