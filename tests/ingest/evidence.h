/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/evidence.h - the check the input and batch tests share:
 * every evidence sentence of every proposal is, at its character offsets,
 * exactly the text the article was ingested as (the text kgsh shows). */
#ifndef KG_TESTS_INGEST_EVIDENCE_H
#define KG_TESTS_INGEST_EVIDENCE_H

#include <stddef.h>

#include "kg/ingest.h"

/* Checks every evidence sentence of ing against art->text; each mismatch
 * is a failed expectation naming the proposal. Returns the number of
 * sentences checked. */
size_t kg_test_check_evidence(kg_ingest *ing, const kg_article *art);

#endif
