/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/validate.h - checking data against the kgsh ontology.
 *
 * kg_validate reads the ontology from a graph of the store (by default
 * https://w3id.org/kgsh/ontology, where kgsh's default store keeps
 * ontology/kgsh.ttl) and reports, one problem per triple:
 *   unknown-term   a kg: property, or a kg: class used as an rdf:type
 *                  object, that the ontology does not define (the triple
 *                  is not checked further);
 *   domain         the subject is not an instance of the property's
 *                  rdfs:domain;
 *   range          an IRI object that is described is not an instance of
 *                  the property's rdfs:range;
 *   datatype       a literal object whose datatype or lexical form does not
 *                  fit the range (kg:partialDate is xsd:date, gYearMonth,
 *                  gYear, gMonthDay or gMonth; a plain literal is xsd:string);
 *   missing-label  a https://w3id.org/kgsh/id/ node described without an
 *                  rdfs:label (the object is unbound);
 *   dangling       a https://w3id.org/kgsh/id/ IRI used as an object that
 *                  nothing describes (reported instead of a range problem);
 * and the shapes the ontology's comments ask for:
 *   no-status      a kg:Plan (or kg:Investment) without kg:status: a plan
 *                  must say whether it is planned, hoped, done... (the
 *                  predicate is kg:status, the object unbound);
 *   no-holder      a kg:PostHolding without kg:holder (predicate kg:holder,
 *                  object unbound);
 *   duplicate-sanction  a kg:Sanction with the same entity (kg:sanctions),
 *                  kg:authority, kg:programme and kg:startDate as another:
 *                  one measure asserted twice (reported on every node but
 *                  the first in IRI order, as its kg:sanctions triple).
 * Typing is closed-world over the data checked: rdf:type plus the
 * ontology's rdfs:subClassOf, nothing inferred from domains or ranges. The
 * rules are those of datasets/tools/validate.py and
 * tests/data/validation/expected.txt. */
#ifndef KG_VALIDATE_H
#define KG_VALIDATE_H

#include <stdint.h>

#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KG_ONTOLOGY_GRAPH "https://w3id.org/kgsh/ontology"

typedef enum kg_problem_kind {
    KG_PROBLEM_UNKNOWN_TERM,
    KG_PROBLEM_DOMAIN,
    KG_PROBLEM_RANGE,
    KG_PROBLEM_DATATYPE,
    KG_PROBLEM_MISSING_LABEL,
    KG_PROBLEM_DANGLING,
    KG_PROBLEM_NO_STATUS,
    KG_PROBLEM_NO_HOLDER,
    KG_PROBLEM_DUPLICATE_SANCTION,
} kg_problem_kind;

/* "unknown-term", "domain", "range", "datatype", "missing-label",
 * "dangling", "no-status", "no-holder", "duplicate-sanction". */
KG_EXTERN const char *kg_problem_kind_name(kg_problem_kind kind);

typedef struct kg_problem {
    kg_problem_kind kind;
    const kg_term *subject, *predicate;
    const kg_term *object; /* kind KG_TERM_NONE for missing-label, no-status, no-holder */
    const kg_term *graph;  /* the graph holding the triple; NULL: default */
    const char *message;   /* one line saying what is wrong, in English */
    /* Where the data says so, when it records it: the kg:Sentence a
     * statement node points to (kg:statedIn) or the list row a sanction
     * comes from (prov:wasDerivedFrom), with its kg:text or rdfs:label.
     * NULL when the triple has no provenance. */
    const kg_term *source;
    const char *source_text;
} kg_problem;

/* Called for each problem until it returns non-zero; everything is
 * borrowed for the call only. */
typedef int (*kg_problem_fn)(void *ctx, const kg_problem *problem);

typedef struct kg_validate_options {
    unsigned int version; /* KG_VALIDATE_OPTIONS_VERSION: set by KG_VALIDATE_OPTIONS_INIT */
    /* Only this graph, which is then also the whole world the types and
     * descriptions are looked up in (as for one file); NULL: every graph of
     * the store except the ontology's, as one body of data. */
    const kg_term *graph;
    /* Where the ontology is; NULL: KG_ONTOLOGY_GRAPH. */
    const kg_term *ontology_graph;
} kg_validate_options;
#define KG_VALIDATE_OPTIONS_VERSION 1
#define KG_VALIDATE_OPTIONS_INIT {KG_VALIDATE_OPTIONS_VERSION, 0, 0}

/* Checks the data and calls fn for each problem, in store order; *count
 * (may be NULL) gets the number found. opts may be NULL. KG_OK whether or
 * not there are problems; KG_ERR_NOT_FOUND when the ontology graph (or the
 * graph to check) is not in the store. */
KG_EXTERN kg_status kg_validate(kg_store *store, const kg_validate_options *opts, kg_problem_fn fn,
                                void *ctx, uint64_t *count);

#ifdef __cplusplus
}
#endif
#endif
