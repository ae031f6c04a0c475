/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/manifest.h - a small reader of W3C test manifests
 * (Turtle, the mf:/qt:/ut: vocabularies of the RDF and SPARQL test suites),
 * shared by the syntax and evaluation harnesses.
 *
 * kg_manifest_load reads a manifest with serd, follows mf:include
 * recursively (each file once; included files that do not exist are
 * skipped, since the suite copies leave some folders out), and lists the mf:entries of every manifest
 * in order as kg_mf_test records with the fields harnesses commonly need.
 * Anything else is reachable through the raw triples of the test's own
 * manifest file (kg_mf_objects), e.g. ut:graphData nodes of update tests.
 * File IRIs are also given as local paths. Everything is owned by the
 * kg_manifest and freed by kg_manifest_free. */
#ifndef KG_TESTS_MANIFEST_H
#define KG_TESTS_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#define KG_MF "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
#define KG_QT "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
#define KG_UT "http://www.w3.org/2009/sparql/tests/test-update#"
#define KG_DAWGT "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"

typedef enum kg_mf_kind { KG_MF_NONE = 0, KG_MF_IRI, KG_MF_BLANK, KG_MF_LITERAL } kg_mf_kind;

/* An RDF term of a manifest. IRIs are absolute; blank node labels are
 * unique across all loaded files. */
typedef struct kg_mf_node {
    kg_mf_kind kind;
    const char *value;
    const char *datatype; /* literals; NULL when none */
    const char *lang;     /* literals; NULL when none */
    const char *path;     /* IRIs with the file: scheme: the local path; else NULL */
} kg_mf_node;

typedef struct kg_mf_file kg_mf_file;

typedef struct kg_mf_test {
    const kg_mf_file *file;   /* the manifest the entry is listed in */
    const char *manifest;     /* that manifest's path */
    kg_mf_node node;          /* the entry itself (usually an IRI) */
    const char *name;         /* mf:name, or NULL */
    const char *type;         /* rdf:type (full IRI), or NULL */
    const char *approval;     /* dawgt:approval (full IRI), or NULL */
    kg_mf_node action;        /* mf:action: an IRI, or a node with the keys below */
    /* The query or update request: the action itself when it is an IRI,
     * else its qt:query or ut:request. Local path, or NULL. */
    const char *query;
    const char *data;         /* qt:data / ut:data of the action: path or NULL */
    const char **graph_data;  /* qt:graphData IRIs' paths (for ut:graphData,
                                 the ut:graph of each node); ngraph_data of them */
    size_t ngraph_data;
    kg_mf_node result;        /* mf:result (an IRI or a node), KG_MF_NONE if absent */
    const char **features;    /* mf:feature IRIs */
    size_t nfeatures;
} kg_mf_test;

typedef struct kg_manifest kg_manifest;

/* Loads the manifest at path and everything it includes. NULL on failure,
 * with a message in err. Free with kg_manifest_free. */
kg_manifest *kg_manifest_load(const char *path, char *err, size_t errsize);

/* Loads one more manifest (and its includes) into m; files already loaded
 * are skipped. False on failure, with a message in err. */
bool kg_manifest_add(kg_manifest *m, const char *path, char *err, size_t errsize);

void kg_manifest_free(kg_manifest *m);

size_t kg_manifest_count(const kg_manifest *m);
const kg_mf_test *kg_manifest_test(const kg_manifest *m, size_t i);

/* The objects of (subject, predicate) in file, in document order: returns
 * how many there are and stores up to max of them in out. predicate is a
 * full IRI. */
size_t kg_mf_objects(const kg_mf_file *file, const kg_mf_node *subject, const char *predicate,
                     kg_mf_node *out, size_t max);

/* The first object of (subject, predicate), or a KG_MF_NONE node. */
kg_mf_node kg_mf_object(const kg_mf_file *file, const kg_mf_node *subject, const char *predicate);

/* The path of the file a manifest node came from. */
const char *kg_mf_file_path(const kg_mf_file *file);

#endif
