/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/graph_read.h - reading RDF files (Turtle, N-Triples,
 * N-Quads, RDF/XML) into a cf_results graph, for expected CONSTRUCT and
 * update results and for RDF-encoded result sets.
 *
 * The files are parsed with raptor, not with libkg's own loader, so that the
 * harness's reading of the expected results does not share code (or bugs)
 * with what is being tested. Network and file access from inside a document
 * (RDF/XML entities) are shut off. */
#ifndef KG_TESTS_CONFORMANCE_GRAPH_READ_H
#define KG_TESTS_CONFORMANCE_GRAPH_READ_H

#include "resultset.h"

/* Appends the statements of the file at path to g (kind CF_RESULTS_GRAPH),
 * the syntax chosen by the extension (.ttl .nt .nq .rdf). Relative IRIs
 * resolve against base_iri (NULL: the file's own file:// IRI). With a
 * fourth column in g (see cf_graph_add_graph_column), triples go to graph
 * (NULL: the default graph, kept as KG_TERM_NONE) and N-Quads keep their
 * own graph. Blank node labels get label_prefix in front (may be NULL), so
 * that files read into one dataset keep their blank nodes apart. On failure
 * err has the file, line and message; g may hold part of the file. */
kg_status cf_graph_read(cf_results *g, const char *path, const char *base_iri,
                        const kg_term *graph, const char *label_prefix, kg_error *err);

/* The same for a document held in memory; syntax is "turtle", "ntriples",
 * "nquads" or "rdfxml"; name is used in error messages. */
kg_status cf_graph_read_string(cf_results *g, const char *text, size_t len, const char *syntax,
                               const char *name, const char *base_iri, const kg_term *graph,
                               const char *label_prefix, kg_error *err);

/* Makes g a dataset: adds the column "graph" for the graph of each quad. */
bool cf_graph_add_graph_column(cf_results *g);

/* The object of the first triple (s, p, ?) of g, or NULL. Borrowed from g.
 * Linear in the size of g: meant for the small graphs of manifests and
 * result sets. */
const kg_term *cf_graph_object(const cf_results *g, const kg_term *s, const char *p);

/* The object of the next triple (s, p, ?) at or after row *from, or NULL;
 * *from is left just past it, so that a loop visits every object. */
const kg_term *cf_graph_next_object(const cf_results *g, const kg_term *s, const char *p,
                                    size_t *from);

/* The file:// IRI of a path (made absolute, reserved characters
 * percent-encoded). malloc'd; NULL on failure. */
char *cf_file_iri(const char *path);

#endif
