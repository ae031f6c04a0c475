/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/quality.h - measuring ingestion against hand mappings.
 *
 * For each article ARTICLE.txt with its hand mapping ARTICLE.trig, a
 * memory store is filled with the ontology and the background mappings
 * (every .trig of the background directories except the article's own),
 * the article is ingested (dry run) and its proposals are compared with the
 * mapping's graph:
 *   entities  - the things the mapping says the article names (subjects of
 *               kg:mentionedIn), matched to proposed mentions by IRI or by
 *               name (label, altLabel or hiddenLabel, up to case and
 *               punctuation, or one name a word-prefix of the other), with
 *               the class family (organization, person, place, event,
 *               post, sanctions list) agreeing;
 *   relations - the mapping's kg: triples (object properties and typed
 *               values: dates, amounts, currencies), with plans, posts,
 *               sanctions and other unnamed nodes aligned by the triples
 *               they share;
 *   text      - free-text values (objective, industry, horizon, reason,
 *               commitment), matched when half their words agree; reported
 *               apart and not part of the relation floors.
 * Precision and recall are printed per entity class and per property. */
#ifndef KG_TESTS_INGEST_QUALITY_H
#define KG_TESTS_INGEST_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct kgq_count {
    size_t proposed, correct, gold, found;
} kgq_count;

typedef struct kgq_totals {
    kgq_count entities, relations, text;
    size_t articles;
} kgq_totals;

typedef struct kgq_options {
    const char *ontology;   /* ontology/kgsh.ttl */
    const char *rules;      /* rules file */
    const char *const *background; /* NULL-terminated directories of .trig */
    bool verbose;           /* print every mismatch */
    FILE *out;              /* the table (NULL: none) */
} kgq_options;

/* Evaluates every ARTICLE.txt in dir that has ARTICLE.trig beside it.
 * Returns false when something could not be read (message on stderr). */
bool kgq_evaluate_dir(const char *dir, const kgq_options *opts, const char *title, kgq_totals *out);

double kgq_precision(const kgq_count *c);
double kgq_recall(const kgq_count *c);

#endif
