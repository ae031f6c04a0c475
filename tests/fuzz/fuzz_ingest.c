/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_ingest.c - fuzzes the article ingester (text repair,
 * header fields, sentences, mentions, entity cues, relation rules, dates
 * and amounts, staging) through kg_ingest_text. An input is an article's
 * bytes; it is ingested into an in-memory store holding the ontology and
 * one bundled article, so that known names are found too; the staged
 * proposals are read back with kg_ingest_resume (as a later process does)
 * and accepted through that handle.
 *
 * Besides crashes it checks the ingester's promises: a failed ingestion
 * says why and leaves the store as it was; every proposal has a sentence
 * whose offsets lie inside the text; the resumed handle has the same
 * proposals (numbers, triples, evidence); accepting all leaves none
 * pending.
 * The ontology and rules are read from the source tree (KG_FUZZ_SRCDIR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kg/kg.h"
#include "kg/ingest.h"

#ifndef KG_FUZZ_SRCDIR
#error "build with -DKG_FUZZ_SRCDIR='\"top source directory\"'"
#endif

static const char *src(const char *rel)
{
    static char path[4][4200];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", KG_FUZZ_SRCDIR, rel);
    return p;
}

static kg_store *fresh_store(void)
{
    static const char *const files[] = {
        "ontology/kgsh.ttl", "datasets/articles/003-hong-kong-hub-for-ai-start-ups.trig", NULL};
    kg_store *store = NULL;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK)
        abort();
    for (const char *const *f = files; *f; f++)
        if (kg_load_file(store, src(*f), NULL, NULL) != KG_OK)
            abort();
    return store;
}

static void check_proposals(const kg_ingest *ing, size_t text_len)
{
    for (size_t k = 1; k <= kg_ingest_count(ing); k++) {
        const kg_proposal *p = kg_ingest_proposal(ing, k);
        if (!p || p->number != k || !p->rule || !p->sentence_text || p->start > p->end ||
            p->end > text_len || p->confidence < 0 || p->confidence > 1 || p->n_evidence < 1 ||
            !p->subject.value || !p->predicate.value || !p->object.value)
            abort();
    }
}

static bool same_term(const kg_term *a, const kg_term *b)
{
    return a->kind == b->kind && a->value_len == b->value_len &&
           !memcmp(a->value, b->value, a->value_len);
}

/* The handle kg_ingest_resume rebuilds from the staging graph; aborts
 * when it differs from the one that staged. */
static kg_ingest *resumed(kg_store *store, const kg_ingest *ing, const kg_ingest_options *opts)
{
    kg_ingest *again = NULL;
    if (kg_ingest_resume(&again, store, "fuzz", opts, NULL) != KG_OK ||
        kg_ingest_count(again) != kg_ingest_count(ing))
        abort();
    for (size_t k = 1; k <= kg_ingest_count(ing); k++) {
        const kg_proposal *a = kg_ingest_proposal(ing, k), *b = kg_ingest_proposal(again, k);
        if (a->number != b->number || !same_term(&a->subject, &b->subject) ||
            !same_term(&a->predicate, &b->predicate) || !same_term(&a->object, &b->object) ||
            a->n_evidence != b->n_evidence || a->sentence != b->sentence || a->start != b->start ||
            a->end != b->end || strcmp(a->rule, b->rule) != 0)
            abort();
    }
    return again;
}

static void accept_all(kg_ingest *ing)
{
    size_t changed = 0;
    if (kg_ingest_accept(ing, NULL, 0, &changed) != KG_OK)
        abort();
    for (size_t k = 1; k <= kg_ingest_count(ing); k++)
        if (kg_ingest_proposal(ing, k)->state == KG_PROPOSAL_PENDING)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kg_store *store = fresh_store();
    uint64_t quads = kg_store_size(store);
    kg_ingest_options opts = KG_INGEST_OPTIONS_INIT;
    opts.rules_path = src("ontology/ingest-rules.txt");
    opts.stem = "fuzz";
    kg_ingest *ing = NULL;
    kg_error err = {0};
    kg_status st = kg_ingest_text(&ing, store, (const char *)data, size, &opts, &err);
    if (st != KG_OK) {
        if (ing || !err.message[0] || kg_store_size(store) != quads)
            abort(); /* a failed ingestion must say why and leave nothing behind */
    } else {
        check_proposals(ing, size);
        kg_ingest *again = resumed(store, ing, &opts);
        accept_all(again);
        kg_ingest_free(again);
    }
    kg_ingest_free(ing);
    kg_store_close(store);
    return 0;
}
