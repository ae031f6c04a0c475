/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/limits_support.h - what the hostile-input tests share
 * (tests/graph/limits_test.c and security_test.c, in make check, and
 * tests/stress/big_input_test.c, the hundred-megabyte ones in make
 * check-stress): a memory store, absurd texts built by repetition, and a
 * load or a query run to its end. */
#ifndef KG_TESTS_LIMITS_SUPPORT_H
#define KG_TESTS_LIMITS_SUPPORT_H

#include <stddef.h>

#include "kg/kg.h"

/* An empty in-memory store, or NULL; the caller closes it. */
kg_store *limits_memory_store(void);

/* head + n copies of unit + tail, as one malloc'd string the caller frees;
 * NULL when out of memory. */
char *limits_repeat(const char *head, const char *unit, size_t n, const char *tail);

/* Loads len bytes of text in the given syntax; the error is the store's. */
kg_status limits_load_text(kg_store *store, const char *text, size_t len, kg_format format);

/* Prepares and runs a query or update with opts (NULL: the defaults),
 * reading every row; *err receives the failure's message and position. */
kg_status limits_prepare_and_run(kg_store *store, const char *text, size_t len,
                                 const kg_query_options *opts, kg_error *err);

#endif
