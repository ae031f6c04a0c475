/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/quality_main.c - `make ingest-quality`: prints precision and
 * recall of ingestion, per entity class and per relation, on the bundled
 * articles (each against the ontology and the other four) and on the
 * held-out articles of tests/data/ingest (against the ontology and all
 * bundled articles).
 *
 *   ingest_quality [-v] SRCDIR    (-v lists every miss) */
#include <stdio.h>
#include <string.h>

#include "quality.h"

int main(int argc, char **argv)
{
    bool verbose = argc > 2 && !strcmp(argv[1], "-v");
    const char *src = argc > 1 ? argv[argc - 1] : ".";
    char ont[4096], rules[4096], articles[4096], held[4096];
    snprintf(ont, sizeof ont, "%s/ontology/kgsh.ttl", src);
    snprintf(rules, sizeof rules, "%s/ontology/ingest-rules.txt", src);
    snprintf(articles, sizeof articles, "%s/datasets/articles", src);
    snprintf(held, sizeof held, "%s/tests/data/ingest", src);
    const char *const bg[] = {articles, NULL};
    kgq_options o = {ont, rules, bg, verbose, stdout};
    kgq_totals loo, ho;
    if (!kgq_evaluate_dir(articles, &o, "Bundled articles, leave-one-out", &loo) ||
        !kgq_evaluate_dir(held, &o, "Held-out articles (tests/data/ingest)", &ho))
        return 1;
    return 0;
}
