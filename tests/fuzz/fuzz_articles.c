/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_articles.c - fuzzes the readers of input files
 * (kg_articles_parse: content sniffing, byte order marks and encodings,
 * the HTML reader with its body choice and furniture rules, JSON-LD, the
 * RSS and Atom reader, dates) and ingests what they give. An input is a
 * file's bytes.
 *
 * Besides crashes it checks the readers' promises: a refusal says why and
 * gives no articles; an article's text is NUL-terminated UTF-8 text of its
 * stated length with no NUL inside, with a stem; ingesting it (a dry run
 * without a store) succeeds, and every evidence sentence is the text at
 * its offsets (tests/ingest/checks.c).
 * The rules are read from the source tree (KG_FUZZ_SRCDIR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ingest/checks.h"
#include "kg/ingest.h"
#include "test.h"

#ifndef KG_FUZZ_SRCDIR
#error "build with -DKG_FUZZ_SRCDIR='\"top source directory\"'"
#endif

static void check_article(const kg_article *a)
{
    if (!a || !a->stem || !a->stem[0] || !a->text || a->text[a->len] != '\0' || strlen(a->text) != a->len)
        abort();
    static char rules[4200];
    snprintf(rules, sizeof rules, "%s/ontology/ingest-rules.txt", KG_FUZZ_SRCDIR);
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = rules;
    o.dry_run = true;
    kg_ingest *ing = NULL;
    if (kg_ingest_article(&ing, NULL, a, &o, NULL) != KG_OK)
        abort(); /* a dry run without a store fails only on ENOMEM */
    int before = kg_test_failures;
    kg_test_check_evidence(ing, a);
    if (kg_test_failures != before)
        abort();
    kg_ingest_free(ing);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kg_articles *arts = NULL;
    kg_error err = {0};
    kg_status st = kg_articles_parse(&arts, (const char *)data, size, "fuzz", &err);
    if (st != KG_OK) {
        if (arts || !err.message[0])
            abort(); /* a refusal says why and gives nothing */
        return 0;
    }
    if (!kg_articles_count(arts))
        abort();
    for (size_t k = 1; k <= kg_articles_count(arts); k++)
        check_article(kg_articles_get(arts, k));
    kg_articles_free(arts);
    return 0;
}
