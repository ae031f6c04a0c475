/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/eval_manifest.h - the evaluation tests
 * (mf:QueryEvaluationTest, mf:UpdateEvaluationTest, mf:CSVResultFormatTest)
 * among the entries of loaded W3C manifests (manifest.h), with every file
 * they name resolved to a path and every dataset spelled out: the default
 * graph's files and each named graph's file and IRI.
 *
 * manifest.h reads the manifests; this adds what only evaluation needs (the
 * rdfs:label names of ut:graphData, an update's expected store, REDUCED's
 * lax cardinality). Syntax tests are syntax_test.c's business and are
 * skipped here. */
#ifndef KG_TESTS_CONFORMANCE_EVAL_MANIFEST_H
#define KG_TESTS_CONFORMANCE_EVAL_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "kg/status.h"
#include "manifest.h"

typedef enum cf_eval_kind {
    CF_EVAL_QUERY,  /* mf:QueryEvaluationTest */
    CF_EVAL_UPDATE, /* mf:UpdateEvaluationTest */
    CF_EVAL_CSV,    /* mf:CSVResultFormatTest: the result written as CSV */
} cf_eval_kind;

/* A graph of a dataset: its file and the IRI it is named by. */
typedef struct cf_graph_file {
    char *name; /* graph IRI: the file's IRI for qt:graphData, the
                   rdfs:label for ut:graphData */
    char *path;
} cf_graph_file;

/* A dataset: files for the default graph, and named graphs. */
typedef struct cf_dataset_files {
    char **data;
    size_t ndata;
    cf_graph_file *graphs;
    size_t ngraphs;
} cf_dataset_files;

typedef struct cf_eval_test {
    char *id;     /* "<suite>/<folder>/<local name of the test IRI>" */
    char *name;   /* mf:name */
    cf_eval_kind kind;
    char *query;  /* the query or update file */
    cf_dataset_files input;
    char *result; /* queries: the expected result file (NULL if none) */
    cf_dataset_files expected; /* updates: the expected store */
    bool lax;     /* mf:resultCardinality mf:LaxCardinality (REDUCED) */
} cf_eval_test;

typedef struct cf_eval_list {
    cf_eval_test *tests;
    size_t count;
} cf_eval_list;

/* Appends the evaluation tests among m's entries to list, in m's order.
 * A test's id is the last two folders of its manifest's path and the local
 * name of the test IRI ("sparql11/add/add01"). On failure err says why
 * (tests already appended stay). */
kg_status cf_eval_list_add(cf_eval_list *list, const kg_manifest *m, kg_error *err);

/* Frees everything in the list and empties it. */
void cf_eval_list_clear(cf_eval_list *list);

#endif
