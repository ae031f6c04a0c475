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
    const char *status_label; /* a plan's or claim's modality: the rdfs:label
                               of its kg:status ("plans to", "hopes to"),
                               else the status IRI; NULL without kg:status */
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

/* ---- partial dates ----
 *
 * The dates of the data (kg:date, kg:startDate, ...) are given at the
 * precision the text gives: xsd:date 2019-10-07, xsd:gYearMonth 2019-10,
 * xsd:gYear 2019, or xsd:gMonthDay --10-07 (no year). A time or zone after
 * the date (2019-10-07T09:00:00Z, 2019-10+08:00) is ignored. */

/* Whether text is such a date: YYYY, YYYY-MM, YYYY-MM-DD (months 1-12,
 * days 1-31) or --MM-DD, with anything after it starting with T, Z, + or -. */
KG_EXTERN bool kg_date_valid(const char *text);

/* Orders dates for a list: by year, month and day, a date with less
 * precision before the more precise ones it contains (2019 before 2019-10
 * before 2019-10-07); dates without a year (--MM-DD) and anything
 * kg_date_valid rejects after all others, the latter by their text.
 * Returns <0, 0 or >0 as strcmp does. */
KG_EXTERN int kg_date_order(const char *a, const char *b);

/* Compares two valid dates at the precision they share, for "as of"
 * questions: 2019-10 and 2019-10-07 are equal (-1, 0 or 1: a before, the
 * same period as, or after b); so are 2019 and 2019-03. A date without a
 * year shares no precision with a dated one: 0 is returned, and *known is
 * set false (it is true otherwise; known may be NULL). */
KG_EXTERN int kg_date_compare(const char *a, const char *b, bool *known);

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
    /* version 2: */
    const char *as_of;  /* a date (kg_date_valid) or NULL: only sanctions in
                           force then count (kg_in_force) */
} kg_exposure_options;
#define KG_EXPOSURE_OPTIONS_VERSION 2
#define KG_EXPOSURE_OPTIONS_INIT {KG_EXPOSURE_OPTIONS_VERSION, 0, 0, NULL}

/* Whether something that starts at start and ends at end (either NULL when
 * not stated) holds as of the date as_of, comparing with kg_date_compare:
 * not when it starts after as_of (a start in the same period as as_of
 * counts as started), nor when it ends before as_of (an end in the same
 * period has not ended yet). A date that cannot be compared with as_of (no
 * year, or invalid) does not rule it out. Sanctions (listing, removal) and
 * post holdings (kg:startDate, kg:endDate) are judged this way. */
KG_EXTERN bool kg_in_force(const char *start, const char *end, const char *as_of);

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

/* ---- timelines ---- */

/* One dated fact about an entity: a date of the entity itself, or of a
 * node linked to it (an event it took part in, hosted or spoke at, an
 * agreement it is party to, a plan it plans, a sanction on it, a post it
 * held). */
typedef struct kg_timeline_entry {
    const char *date;       /* the lexical form, at the precision stated */
    const char *date_property; /* kg:date, kg:announcedDate, kg:startDate,
                                  kg:endDate or kg:dueDate (IRI) */
    const char *when;       /* that property in words: "date", "announced",
                               "start", "end", "due" */
    kg_node node;           /* the dated node (the entity itself, or one linked to it) */
    bool self;              /* node is the entity; link is then unset */
    kg_hop link;            /* entity -> node, with the sentences stating the link */
    const kg_source_sentence *date_evidence; /* sentences stating the date, if any */
    size_t n_date_evidence;
} kg_timeline_entry;

typedef struct kg_timeline {
    kg_node entity;
    const kg_timeline_entry *items; /* in date order (kg_date_order), then
                                       announced, date, start, due, end,
                                       then by node IRI */
    size_t n;
    kg_explore_arena *arena_;
} kg_timeline;

/* What the graph dates about entity: its own kg:date, kg:announcedDate,
 * kg:startDate, kg:endDate and kg:dueDate, and those of every node linked
 * to it in the walk graph (see below), each node once per date property,
 * with the first link to it (in IRI order). The caller frees *out with
 * kg_timeline_free. KG_ERR_NOT_FOUND when the entity is not in the store. */
KG_EXTERN kg_status kg_timeline_find(kg_timeline **out, kg_store *store, const kg_term *entity);
KG_EXTERN void kg_timeline_free(kg_timeline *timeline);

/* ---- paths and neighbourhoods ---- */

/* The graph the path and neighbourhood functions walk: asserted triples
 * between two IRIs, in either direction, leaving out rdf:type, labels,
 * ontology axioms, kg:mentionedIn and kg:publisher, and the provenance
 * nodes (rdf:Statement, kg:Sentence and kg:Article instances). */

typedef struct kg_path {
    const kg_hop *hops; /* from a to b */
    size_t n;
    /* how specific the path is (the ranking of kg_path_search): */
    double score;          /* sum of ln(degree) of the nodes between a and b */
    unsigned widest;       /* the largest of those degrees (0 for one hop) */
    const unsigned *degree;/* degree[i]: of hops[i].to, i < n - 1 */
} kg_path;

typedef struct kg_path_list {
    const kg_path *items;
    size_t n;
    bool truncated; /* more shortest paths exist than were kept */
    kg_explore_arena *arena_;
} kg_path_list;

typedef struct kg_path_options {
    unsigned int version; /* KG_PATH_OPTIONS_VERSION: set by KG_PATH_OPTIONS_INIT */
    unsigned max_len;     /* longest path, in hops; 0: 6 */
    unsigned max_paths;   /* paths returned; 0: 20 */
    unsigned longer;      /* also paths up to this many hops longer than the
                             shortest (0: the shortest only) */
    /* Left out of the walk (terms the store lacks leave out nothing; a and b
     * themselves are never left out): */
    const kg_term *avoid;            /* nodes */
    size_t n_avoid;
    const kg_term *avoid_classes;    /* instances of these classes or of classes below them */
    size_t n_avoid_classes;
    const kg_term *avoid_properties; /* links by these properties or properties below them */
    size_t n_avoid_properties;
    const kg_term *only_properties;  /* when n_only_properties > 0: links by any other
                                        property (or one not below these) */
    size_t n_only_properties;
} kg_path_options;
#define KG_PATH_OPTIONS_VERSION 1
#define KG_PATH_OPTIONS_INIT {KG_PATH_OPTIONS_VERSION, 0, 0, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0}

/* The paths from a to b, the most specific first. A path is as specific as
 * the nodes it passes through: each intermediate node costs the natural
 * logarithm of its degree (its links in the walk graph, whatever the
 * options leave out), and paths are ranked by their total cost (score),
 * then by length, then by their largest degree (widest), then by the IRIs
 * along them. A link through a hub (a city or country that hundreds of
 * things are in) so comes after a chain through specific events and
 * agreements, and a longer chain of specific nodes (with longer) may come
 * before a short one through a hub. Paths are simple (no node twice) and
 * have at most max_len hops; the search considers up to 5000 of them,
 * trying the nodes of lowest degree first, and sets truncated when there
 * were more than it kept. No path is KG_OK with n 0. opts may be NULL.
 * The caller frees *out with kg_path_list_free. */
KG_EXTERN kg_status kg_path_search(kg_path_list **out, kg_store *store, const kg_term *a,
                                   const kg_term *b, const kg_path_options *opts);

/* kg_path_search of the shortest paths only (up to max_paths, 0: 20, of at
 * most max_len hops, 0: 6), with no node or property left out. */
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
