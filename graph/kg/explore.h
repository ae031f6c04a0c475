/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/explore.h - following relationships: finding entities by name,
 * inference, sanction exposure, paths between entities, neighbourhoods and
 * pictures of them.
 *
 * Everything here reads the asserted triples of the store (every graph but
 * KG_INFERRED_GRAPH) unless it says otherwise, and returns structures the
 * caller renders; the library prints nothing. Results own their strings:
 * each result type has one _free call (accepting NULL) that releases all of
 * it.
 *
 * Evidence: the articles state each domain triple S P O through an
 * rdf:Statement node (rdf:subject S; rdf:predicate P; rdf:object O;
 * kg:statedIn SENTENCE) whose sentence has kg:text, kg:index and
 * kg:inArticle (datasets/README.md); kg_source_sentence is one such sentence. */
#ifndef KG_EXPLORE_H
#define KG_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The named graph that holds inferred triples, apart from asserted ones. */
#define KG_INFERRED_GRAPH "https://w3id.org/kgsh/graph/inferred"

typedef struct kg_explore_arena kg_explore_arena; /* private */

/* A node as the explorers show it. */
typedef struct kg_node {
    kg_term term;           /* the IRI (or blank node) */
    const char *label;      /* rdfs:label, else skos:prefLabel, else NULL */
    const char *class_iri;  /* its most specific kg: class (else any class), or NULL */
    const char *class_label;/* that class's rdfs:label, or NULL */
    bool sanctioned;        /* some sanction (kg:sanctions, kg:subjectOf or
                               kg:sanctionedBy) names it */
} kg_node;

/* A sentence that states a triple. */
typedef struct kg_source_sentence {
    const char *text;    /* kg:text, the sentence as written */
    const char *sentence;/* the sentence IRI */
    const char *article; /* kg:inArticle, or NULL */
    unsigned index;      /* kg:index, 0 when not given */
} kg_source_sentence;

/* One step between two nodes along a stored triple. forward: the triple is
 * (from property to); otherwise (to property from). */
typedef struct kg_hop {
    kg_node from, to;
    const char *property;       /* IRI */
    const char *property_label; /* rdfs:label of the property, or NULL */
    bool forward;
    const kg_source_sentence *evidence;/* the sentences stating the triple */
    size_t n_evidence;
} kg_hop;

/* ---- finding entities ---- */

typedef struct kg_matches {
    const kg_node *items;
    size_t n;
    kg_explore_arena *arena_;
} kg_matches;

/* Finds what text names: an IRI (with or without <>), a prefixed name using
 * the store's prefixes, or a label: rdfs:label, skos:prefLabel,
 * skos:altLabel or skos:hiddenLabel compared without regard to ASCII case.
 * When no label is equal, labels that contain text are matches; when one
 * of those is named in the labels of all the others (Xunfei Healthcare in
 * "CEO of Xunfei Healthcare", "Xunfei Healthcare plan to ..."), the others
 * are named after it and it is the one match. Several matches are all
 * returned (the caller asks which one); none is KG_OK with n 0. The caller frees *out with kg_matches_free. */
KG_EXTERN kg_status kg_resolve(kg_matches **out, kg_store *store, const char *text);
KG_EXTERN void kg_matches_free(kg_matches *matches);

/* ---- inference ---- */

/* Inference applies the rules of the ontology loaded in the store (any
 * graph) to the asserted triples and keeps the conclusions in
 * KG_INFERRED_GRAPH:
 *   rdfs:subClassOf      x a C, C rdfs:subClassOf D        => x a D
 *   rdfs:subPropertyOf   x p y, p rdfs:subPropertyOf q     => x q y
 *   owl:inverseOf        x p y, p owl:inverseOf q          => y q x  (either way round)
 *   owl:TransitiveProperty  x p y, y p z, p a owl:TransitiveProperty => x p z
 *   owl:SymmetricProperty   x p y, p a owl:SymmetricProperty       => y p x
 *   owl:propertyChainAxiom  x p1 y, y p2 z, p owl:propertyChainAxiom (p1 p2) => x p z
 *                        (chains of two properties; kg:sanctionedBy is
 *                        kg:subjectOf then kg:authority)
 * A triple that is asserted anywhere is never also put in the inferred
 * graph. Queries see the inferred graph as part of the default graph unless
 * kg_query_options.hidden_graph names it. */

typedef struct kg_infer_stats {
    uint64_t premises; /* asserted triples the rules read */
    uint64_t inferred; /* triples in the inferred graph afterwards */
    uint64_t added, removed; /* changes made to the inferred graph */
} kg_infer_stats;

/* Keeps the inferred graph current from now on: every commit that changes
 * asserted triples updates it inside the same transaction (a commit hook,
 * kg_store_set_commit_hook), so the inferred graph is always that of the
 * committed asserted triples, also after a crash. The update derives only
 * from what the commit added; a commit that changes a schema axiom or
 * removes a triple some rule reads recomputes the whole closure. Call once after opening a
 * writable store; kg_infer_refresh brings an older store up to date. */
KG_EXTERN kg_status kg_infer_attach(kg_store *store);
KG_EXTERN void kg_infer_detach(kg_store *store);

/* Recomputes the inferred graph now, inside the open transaction or in one
 * of its own. stats may be NULL. */
KG_EXTERN kg_status kg_infer_refresh(kg_store *store, kg_infer_stats *stats);

/* How a triple comes to hold: a list of steps, premises before the steps
 * that use them, the triple asked about last. */
typedef struct kg_why_step {
    kg_term s, p, o;
    const char *rule;            /* NULL for an asserted triple, else the rule
                                    name as in the list above */
    const size_t *premises;      /* indexes of earlier steps */
    size_t n_premises;
    const char *const *graphs;   /* asserted: the graphs that hold it */
    size_t n_graphs;
    const kg_source_sentence *evidence; /* asserted: the sentences stating it */
    size_t n_evidence;
} kg_why_step;

typedef struct kg_why {
    const kg_why_step *steps;
    size_t n;
    kg_explore_arena *arena_;
} kg_why;

/* Explains s p o: one derivation, found by running the rules again over the
 * asserted triples. KG_ERR_NOT_FOUND when the triple is neither asserted nor
 * inferred. The caller frees *out with kg_why_free. */
KG_EXTERN kg_status kg_why_explain(kg_why **out, kg_store *store, const kg_term *s,
                                   const kg_term *p, const kg_term *o);
KG_EXTERN void kg_why_free(kg_why *why);

/* ---- sanction exposure ---- */

/* One sanction on an entity: a node with kg:sanctions (or kg:subjectOf), or
 * a bare "entity kg:sanctionedBy authority" (then node is unset). */
typedef struct kg_sanction {
    kg_node node;            /* the sanction; term kind KG_TERM_NONE when bare */
    kg_node entity;          /* what it is on */
    const char *kind_label;  /* the sanction's class label ("export-control listing") */
    const char *authority;   /* label (else IRI) of kg:authority / kg:sanctionedBy */
    const char *programme;   /* label (else IRI) of kg:programme, or NULL */
    const char *start_date;  /* kg:startDate lexical form, or NULL */
    const char *end_date;    /* kg:endDate, or NULL */
    const char *reason;      /* kg:reason, or NULL */
    const kg_source_sentence *evidence; /* sentences stating it applies to the entity */
    size_t n_evidence;
} kg_sanction;

typedef enum kg_exposure_kind {
    KG_EXPOSURE_DIRECT,    /* the company itself is sanctioned */
    KG_EXPOSURE_OWNERSHIP, /* through kg:subsidiaryOf / kg:parentOf links only */
    KG_EXPOSURE_RELATED,   /* the chain also has one other declared relationship */
} kg_exposure_kind;

/* One company's exposure to one sanctioned entity, by the shortest chain. */
typedef struct kg_exposure {
    kg_node company;
    kg_exposure_kind kind;
    kg_node sanctioned;          /* the sanctioned entity (= company when direct) */
    const kg_hop *chain;         /* company -> ... -> sanctioned; none when direct */
    size_t n_chain;
    const kg_sanction *sanctions;/* on the sanctioned entity */
    size_t n_sanctions;
} kg_exposure;

typedef struct kg_exposure_list {
    const kg_exposure *items; /* by company label, then chain length */
    size_t n;
    kg_explore_arena *arena_;
} kg_exposure_list;

typedef struct kg_exposure_options {
    unsigned int version; /* KG_EXPOSURE_OPTIONS_VERSION: set by KG_EXPOSURE_OPTIONS_INIT */
    unsigned max_hops;  /* longest chain followed; 0: 12 */
    bool company_only;  /* with an entity given: still require it to be a company */
} kg_exposure_options;
#define KG_EXPOSURE_OPTIONS_VERSION 1
#define KG_EXPOSURE_OPTIONS_INIT {KG_EXPOSURE_OPTIONS_VERSION, 0, 0}

/* For the entity (or, when entity is NULL, every kg:Company and instance
 * of its subclasses): whether it is sanctioned itself, or connected to a
 * sanctioned entity by a chain of ownership links (kg:subsidiaryOf,
 * kg:parentOf, either direction) with at most one other declared
 * relationship (kg:partnersWith, kg:signedWith, kg:foundedBy, or a
 * sub-property of one of these) anywhere in it. Each link carries its
 * evidence, each sanction its authority, list, dates and evidence. opts may
 * be NULL. The caller frees *out with kg_exposure_list_free. */
KG_EXTERN kg_status kg_exposure_find(kg_exposure_list **out, kg_store *store,
                                     const kg_term *entity, const kg_exposure_options *opts);
KG_EXTERN void kg_exposure_list_free(kg_exposure_list *list);

/* ---- paths and neighbourhoods ---- */

/* The graph the path and neighbourhood functions walk: asserted triples
 * between two IRIs, in either direction, leaving out rdf:type, labels,
 * ontology axioms, kg:mentionedIn and kg:publisher, and the provenance
 * nodes (rdf:Statement, kg:Sentence and kg:Article instances). */

typedef struct kg_path {
    const kg_hop *hops; /* from a to b */
    size_t n;
} kg_path;

typedef struct kg_path_list {
    const kg_path *items;
    size_t n;
    bool truncated; /* more shortest paths exist than were kept */
    kg_explore_arena *arena_;
} kg_path_list;

/* Every shortest path (up to max_paths, 0: 20) from a to b of at most
 * max_len hops (0: 6). No path is KG_OK with n 0. The caller frees *out with
 * kg_path_list_free. */
KG_EXTERN kg_status kg_path_find(kg_path_list **out, kg_store *store, const kg_term *a,
                                 const kg_term *b, unsigned max_len, unsigned max_paths);
KG_EXTERN void kg_path_list_free(kg_path_list *list);

typedef struct kg_neighborhood {
    kg_node center;
    const kg_hop *hops;     /* each edge once, nearest first, then by the IRIs
                               of from, property and to (the same order in
                               every store); from is the end nearer to the
                               center */
    const unsigned *depth;  /* depth[i]: distance of hops[i].to from the center */
    size_t n;
    bool truncated;         /* more edges than max_edges */
    kg_explore_arena *arena_;
} kg_neighborhood;

/* The edges within depth hops (0: 1) of the entity, at most max_edges
 * (0: 400). The caller frees *out with kg_neighborhood_free. */
KG_EXTERN kg_status kg_neighbors(kg_neighborhood **out, kg_store *store, const kg_term *entity,
                                 unsigned depth, size_t max_edges);
KG_EXTERN void kg_neighborhood_free(kg_neighborhood *n);

/* Writes the neighbourhood as a Graphviz picture: DOT text, or SVG or PNG
 * (drawn by Graphviz's dot program, found on PATH) when path ends in .svg
 * or .png. Nodes are labelled and coloured by class, sanctioned entities
 * drawn red with a double border, edges labelled with the property. The
 * file appears complete or not at all. KG_ERR_UNSUPPORTED when dot is
 * needed and not installed; errors are in the store's kg_store_error. */
KG_EXTERN kg_status kg_dot_write(kg_store *store, const kg_neighborhood *n, const char *path);

#ifdef __cplusplus
}
#endif
#endif
