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
 * Precision and recall are printed per entity class and per property, and
 * per relation kind (ownership, sanctions, posts, ...: kgq_kind_name), which
 * `make ingest-quality` compares with its last run (kgq_read_last). */
#ifndef KG_TESTS_INGEST_QUALITY_H
#define KG_TESTS_INGEST_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct kgq_count {
    size_t proposed, correct, gold, found;
} kgq_count;

/* Relation kinds: groups of kg: properties (kgq_kind_name). */
enum { KGQ_KINDS = 9 };

typedef struct kgq_totals {
    kgq_count entities, relations, text;
    kgq_count kinds[KGQ_KINDS]; /* the relations by kind */
    size_t articles;
} kgq_totals;

typedef struct kgq_options {
    const char *ontology;   /* ontology/kgsh.ttl */
    const char *rules;      /* rules file */
    const char *const *background; /* NULL-terminated directories of .trig */
    bool verbose;           /* print every mismatch */
    const char *from;       /* only articles whose file name sorts at or after this (NULL: all) */
    FILE *out;              /* the table (NULL: none) */
    const char *before;     /* and before this (NULL: no limit) */
} kgq_options;

/* Evaluates every ARTICLE.txt in dir that has ARTICLE.trig beside it.
 * Returns false when something could not be read (message on stderr). */
bool kgq_evaluate_dir(const char *dir, const kgq_options *opts, const char *title, kgq_totals *out);

double kgq_precision(const kgq_count *c);
double kgq_recall(const kgq_count *c);

/* "ownership", "sanctions", "posts", "plans/investments", "locations",
 * "agreements", "dates", "modality", "other" for k < KGQ_KINDS. */
const char *kgq_kind_name(size_t k);

/* Prints the per-kind precision and recall of t (and entities), with the
 * change from prev when prev is not NULL. */
void kgq_print_kinds(FILE *out, const kgq_totals *t, const kgq_totals *prev);

/* The figures of set (a short name: "held-out") in the file written by
 * kgq_write_last; false when the file or the set is missing. */
bool kgq_read_last(kgq_totals *out, const char *path, const char *set);

/* Appends the figures of set to the open file (one line per kind). */
void kgq_write_last(FILE *f, const char *set, const kgq_totals *t);

#endif
