/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/quality_main.c - `make ingest-quality`: prints precision and
 * recall of ingestion, per entity class, per relation and per relation kind,
 * on the bundled articles (each against the ontology and the other four),
 * the held-out articles of tests/data/ingest (all, and h09 on apart) and the
 * development articles of tests/data/ingest/dev (all, and d01-d16 and d17 on
 * apart: each group was measured untuned when it was added), both against
 * the ontology and all bundled articles; with -l FILE, the per-kind figures
 * are compared with those FILE holds from the last run, and FILE is
 * rewritten with this run's.
 *
 *   ingest_quality [-v] [-s SET] [-l FILE] SRCDIR
 *
 * -v lists every miss; -s SET evaluates only that set (bundled, held-out,
 * held-out-h09, dev, dev-d01 or dev-d17: `-v -s dev` lists the misses of
 * the development set without printing those of the held-out articles,
 * which rule work must not read); with -s the file of -l is compared with
 * but not rewritten. */
#include <stdio.h>
#include <string.h>

#include "quality.h"

typedef struct set {
    const char *name, *dir, *from, *before, *title;
} set;

int main(int argc, char **argv)
{
    bool verbose = false;
    const char *last = NULL, *only = NULL;
    int i = 1;
    for (; i < argc - 1; i++) {
        if (!strcmp(argv[i], "-v"))
            verbose = true;
        else if (!strcmp(argv[i], "-l") && i + 2 < argc)
            last = argv[++i];
        else if (!strcmp(argv[i], "-s") && i + 2 < argc)
            only = argv[++i];
        else {
            fprintf(stderr, "usage: ingest_quality [-v] [-s SET] [-l FILE] SRCDIR\n");
            return 2;
        }
    }
    const char *src = i < argc ? argv[i] : ".";
    char ont[4096], rules[4096], articles[4096], held[4096], dev[4096];
    snprintf(ont, sizeof ont, "%s/ontology/kgsh.ttl", src);
    snprintf(rules, sizeof rules, "%s/ontology/ingest-rules.txt", src);
    snprintf(articles, sizeof articles, "%s/datasets/articles", src);
    snprintf(held, sizeof held, "%s/tests/data/ingest", src);
    snprintf(dev, sizeof dev, "%s/tests/data/ingest/dev", src);
    const char *const bg[] = {articles, NULL};
    kgq_options o = {ont, rules, bg, verbose, NULL, stdout, NULL};
    /* h01-h08 were partly tuned on in earlier sessions; h09 on were held
     * out from every rule change (tests/data/ingest/README.md) */
    set sets[] = {
        {"bundled", articles, NULL, NULL, "Bundled articles, leave-one-out"},
        {"held-out", held, NULL, NULL, "All held-out articles (tests/data/ingest h01-h28)"},
        {"held-out-h09", held, "h09", NULL, "Held-out articles h09-h28 (never used while writing rules)"},
        {"dev", dev, NULL, NULL, "Development articles (tests/data/ingest/dev, used while writing rules)"},
        {"dev-d01", dev, NULL, "d17", "Development articles d01-d16 (sessions 4 and 7)"},
        {"dev-d17", dev, "d17", NULL, "Development articles d17 on (session 8)"},
    };
    enum { n = sizeof sets / sizeof sets[0] };
    kgq_totals totals[n];
    bool known = !only;
    for (size_t k = 0; k < n; k++)
        known = known || !strcmp(only, sets[k].name);
    if (!known) {
        fprintf(stderr, "ingest_quality: no set '%s' (bundled, held-out, held-out-h09, dev, dev-d01, dev-d17)\n",
                only);
        return 2;
    }
    for (size_t k = 0; k < n; k++) {
        if (only && strcmp(only, sets[k].name))
            continue;
        o.from = sets[k].from;
        o.before = sets[k].before;
        if (!kgq_evaluate_dir(sets[k].dir, &o, sets[k].title, &totals[k]))
            return 1;
        kgq_totals prev;
        bool have = last && kgq_read_last(&prev, last, sets[k].name);
        printf("%s by kind\n", sets[k].title);
        kgq_print_kinds(stdout, &totals[k], have ? &prev : NULL);
        printf("\n");
    }
    if (last && !only) {
        FILE *f = fopen(last, "w");
        if (!f) {
            perror(last);
            return 1;
        }
        for (size_t k = 0; k < n; k++)
            kgq_write_last(f, sets[k].name, &totals[k]);
        if (fclose(f)) {
            perror(last);
            return 1;
        }
    }
    return 0;
}
