/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/checks.h - what the ingest tests share: the evidence check
 * (every evidence sentence of every proposal is, at its character offsets,
 * exactly the text the article was ingested as, the text kgsh shows) and
 * an ASK query on a store. */
#ifndef KG_TESTS_INGEST_CHECKS_H
#define KG_TESTS_INGEST_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "kg/ingest.h"
#include "kg/store.h"

/* Checks every evidence sentence of ing against art->text; each mismatch
 * is a failed expectation naming the proposal. Returns the number of
 * sentences checked. */
size_t kg_test_check_evidence(kg_ingest *ing, const kg_article *art);

/* The answer to the ASK query q on store; false (and a diagnostic) when
 * the query fails. */
bool kg_test_ask(kg_store *store, const char *q);

#endif
