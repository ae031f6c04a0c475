/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/limits.c - how long libkg takes over absurd inputs: the speeds
 * the hostile-input tests used to assert (tests/graph/limits_test.c,
 * sparql_parse_test.c, tests/stress/big_input_test.c) and no longer do,
 * since a test must not fail on a slow or busy machine. Prints one line
 * per case with its CPU and wall time and its outcome; `make bench-limits`
 * runs it. A case that got much slower than before shows here, and only
 * here.
 *
 *   bench/limits SRCDIR      (SRCDIR: the source tree, for the ontology
 *                             and the ingest rules) */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "graph/limits_support.h"
#include "kg/ingest.h"
#include "kg/kg.h"

static const char *srcdir = ".";

static double clock_seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the cases: each returns the status its input ends with ---- */

static kg_status load_100_mb_literal(void)
{
    char *text = limits_repeat("<http://example.org/a> <http://example.org/p> \"", "x",
                               (size_t)100 << 20, "\" .\n");
    kg_store *store = limits_memory_store();
    kg_status st = text && store
                       ? limits_load_text(store, text, strlen(text), KG_FORMAT_NTRIPLES)
                       : KG_ERR_NOMEM;
    kg_store_close(store);
    free(text);
    return st;
}

static kg_status load_turtle_nested_100000_deep(void)
{
    char *text = limits_repeat("<http://example.org/a> <http://example.org/p> ", "(", 100000, "");
    kg_store *store = limits_memory_store();
    kg_status st = text && store ? limits_load_text(store, text, strlen(text), KG_FORMAT_TURTLE)
                                 : KG_ERR_NOMEM;
    kg_store_close(store);
    free(text);
    return st;
}

static kg_status run_query_text(char *text)
{
    kg_store *store = limits_memory_store();
    kg_error err;
    kg_status st = KG_ERR_NOMEM;
    if (text && store) {
        kg_term a = kg_term_iri("http://example.org/a"), p = kg_term_iri("http://example.org/p");
        st = kg_store_add(store, &a, &p, &a, NULL);
        if (st == KG_OK)
            st = limits_prepare_and_run(store, text, strlen(text), NULL, &err);
    }
    kg_store_close(store);
    free(text);
    return st;
}

static kg_status query_10000_pattern_chain(void)
{
    return run_query_text(
        limits_repeat("SELECT * WHERE {", "?s <http://example.org/p> ?s . ", 10000, "}"));
}

static kg_status query_groups_nested_100000_deep(void)
{
    return run_query_text(limits_repeat("SELECT * WHERE ", "{", 100000, ""));
}

static kg_status ingest_50_mb(void)
{
    char ontology[4200], rules[4200], path[] = "/tmp/kgbench-ingest.XXXXXX";
    snprintf(ontology, sizeof ontology, "%s/ontology/kgsh.ttl", srcdir);
    snprintf(rules, sizeof rules, "%s/ontology/ingest-rules.txt", srcdir);
    char *text = limits_repeat("", "Pudu Robotics, a Shenzhen-based robotics company, plans to "
                                   "open an office in Hong Kong. Acme Holdings is a subsidiary of "
                                   "Beta Group.\n",
                               (size_t)50 << 20 >> 7, "");
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    kg_store *store = limits_memory_store();
    kg_status st = KG_ERR_IO;
    if (text && f && store && fputs(text, f) >= 0 && fclose(f) == 0) {
        f = NULL;
        st = kg_load_file(store, ontology, NULL, NULL);
        kg_ingest_options opts = KG_INGEST_OPTIONS_INIT;
        opts.rules_path = rules;
        opts.dry_run = true;
        opts.max_proposals = 5000;
        kg_ingest *ing = NULL;
        if (st == KG_OK)
            st = kg_ingest_file(&ing, store, path, &opts, NULL);
        kg_ingest_free(ing);
    }
    if (f)
        fclose(f);
    unlink(path);
    kg_store_close(store);
    free(text);
    return st;
}

static const struct {
    const char *name;
    kg_status (*run)(void);
} cases[] = {
    {"load: a 100 MB literal (refused by the limit)", load_100_mb_literal},
    {"load: Turtle nested 100,000 deep (refused)", load_turtle_nested_100000_deep},
    {"query: a chain of 10,000 triple patterns", query_10000_pattern_chain},
    {"query: groups nested 100,000 deep (refused)", query_groups_nested_100000_deep},
    {"ingest: 50 MB of article text (dry run)", ingest_50_mb},
};

int main(int argc, char **argv)
{
    if (argc > 1)
        srcdir = argv[1];
    printf("| case | CPU s | wall s | outcome |\n| --- | ---: | ---: | --- |\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID), wall = clock_seconds(CLOCK_MONOTONIC);
        kg_status st = cases[i].run();
        printf("| %s | %.2f | %.2f | %s |\n", cases[i].name,
               clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu, clock_seconds(CLOCK_MONOTONIC) - wall,
               kg_strerror(st));
        fflush(stdout);
    }
    return 0;
}
