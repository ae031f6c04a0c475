/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/results_read.h - readers for the expected results of
 * the W3C SPARQL tests: SPARQL Query Results XML (.srx, with libxml2), JSON
 * (.srj, with json.h), TSV and CSV (.tsv, .csv), and RDF files (.ttl, .nt,
 * .rdf) that hold either a graph (CONSTRUCT/DESCRIBE results) or a result
 * set in the DAWG result-set vocabulary
 * (http://www.w3.org/2001/sw/DataAccess/tests/result-set#).
 *
 * Every reader is strict: an element, key or term it does not know is an
 * error with the file and (where the parser knows it) the line, never
 * silently skipped, so a malformed expectation cannot pass by accident.
 * Blank node labels are kept as written; comparison (compare.h) matches them
 * up to renaming. */
#ifndef KG_TESTS_CONFORMANCE_RESULTS_READ_H
#define KG_TESTS_CONFORMANCE_RESULTS_READ_H

#include "resultset.h"

/* Reads a result file, choosing the reader by extension. For RDF files,
 * base_iri resolves relative IRIs (NULL: the file's own file:// IRI). On
 * success *out is owned by the caller (cf_results_free); on failure it is
 * NULL and err says why. */
kg_status cf_results_read(const char *path, const char *base_iri, cf_results **out, kg_error *err);

/* The individual readers over text in memory; name is used in messages. */
kg_status cf_results_read_srx(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err);
kg_status cf_results_read_srj(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err);
/* TSV terms are in SPARQL syntax (with the abbreviated numbers and
 * booleans of Turtle); an empty field is unbound. */
kg_status cf_results_read_tsv(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err);
/* CSV is lossy: every non-empty field becomes a simple literal except
 * "_:label", which becomes a blank node (so results still compare up to
 * blank node renaming); an empty field is unbound. Comparing CSV therefore
 * means writing libkg's result as CSV and reading it back with this
 * reader. */
kg_status cf_results_read_csv(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err);

/* When graph g (kind CF_RESULTS_GRAPH) describes an rs:ResultSet, converts
 * it into a TABLE or BOOLEAN result in *out (rows in rs:index order when the
 * solutions have one) and returns KG_OK; *out is NULL and the status KG_OK
 * when g is a plain graph. */
kg_status cf_results_from_rdf(const cf_results *g, const char *name, cf_results **out,
                              kg_error *err);

#endif
