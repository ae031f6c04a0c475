/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/explore_impl.h - what the explore modules (kg/explore.h) share:
 * the reading context (the store's view without the inferred graph, the
 * vocabulary's ids), node descriptions, evidence sentences, the walkable
 * edges of paths and neighbourhoods, and the inference closure. Private to
 * libkg. */
#ifndef KG_EXPLORE_IMPL_H
#define KG_EXPLORE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg/explore.h"
#include "sparql/idtab.h"
#include "store/quads.h"
#include "util/arena.h"

#define KG_NS "https://w3id.org/kgsh/ontology#"
#define KG_SKOS "http://www.w3.org/2004/02/skos/core#"

/* The terms the explorers look for; their ids are looked up once. */
typedef enum kg_vocab {
    V_TYPE, V_LABEL, V_PREF_LABEL, V_ALT_LABEL, V_HIDDEN_LABEL,
    V_SUBJECT, V_PREDICATE, V_OBJECT, V_STATEMENT,
    V_STATED_IN, V_TEXT, V_INDEX, V_IN_ARTICLE, V_SENTENCE, V_ARTICLE,
    V_MENTIONED_IN, V_PUBLISHER,
    V_SANCTIONS, V_SUBJECT_OF, V_SANCTIONED_BY, V_AUTHORITY, V_PROGRAMME,
    V_START_DATE, V_END_DATE, V_REASON, V_SANCTION_CLASS,
    V_COMPANY, V_SUBSIDIARY_OF, V_PARENT_OF, V_PARTNERS_WITH, V_SIGNED_WITH, V_FOUNDED_BY,
    V_SUBCLASS_OF, V_SUBPROPERTY_OF, V_INVERSE_OF, V_TRANSITIVE, V_SYMMETRIC,
    V_CHAIN, V_FIRST, V_REST, V_NIL,
    V_INFERRED_GRAPH,
    V_STATUS, V_DATE, V_ANNOUNCED_DATE, V_DUE_DATE,
    V_COUNT
} kg_vocab;

struct kg_explore_arena {
    kg_arena *arena;
};

/* A reading context. Scans through it see the asserted triples: the union
 * of all graphs without KG_INFERRED_GRAPH. */
typedef struct kg_xctx {
    kg_store *store;
    kg_view *view;
    kg_arena *arena; /* where strings handed out live (a result's arena) */
    kg_id v[V_COUNT];
    kg_idtab *node_ids; /* described nodes, numbered */
    kg_node *nodes;
    size_t cap_nodes;
} kg_xctx;

/* Opens a context on the store's current view; strings go to arena. */
kg_status kg_xctx_open(kg_xctx *x, kg_store *store, kg_arena *arena);
void kg_xctx_close(kg_xctx *x);
/* Records an out-of-memory failure on the store and returns it. */
kg_status kg_xctx_nomem(kg_xctx *x);

/* A result's arena: allocated with the result struct of size bytes in it.
 * Returns the struct (zeroed) whose arena_ member must be set to *out. */
void *kg_xresult_new(size_t size, kg_explore_arena **out);
void kg_xresult_free(kg_explore_arena *ea);

/* Scans of asserted triples (ids 0 = any). */
kg_scan *kg_xscan(kg_xctx *x, kg_id s, kg_id p, kg_id o);
bool kg_xhas(kg_xctx *x, kg_id s, kg_id p, kg_id o);
/* The object of the first (s p ?) triple, or 0. */
kg_id kg_xobject(kg_xctx *x, kg_id s, kg_id p);

/* The id of a term, 0 when the store lacks it. */
kg_id kg_xlookup(kg_xctx *x, const kg_term *t);
/* The id of an entity asked about: KG_ERR_NOT_FOUND (on the store's
 * error, naming it) when the store lacks it. */
kg_status kg_xentity(kg_xctx *x, const kg_term *t, kg_id *out);
/* The term of an id, its strings copied into the arena; false when the id
 * is unknown or memory ran out. */
bool kg_xterm(kg_xctx *x, kg_id id, kg_term *out);
/* The value (IRI, label or lexical form) of an id copied into the arena;
 * NULL when unknown. */
const char *kg_xvalue(kg_xctx *x, kg_id id);
/* The label of a node: rdfs:label, else skos:prefLabel; NULL when none. */
const char *kg_xlabel(kg_xctx *x, kg_id id);
/* The label of id, else its value. */
const char *kg_xname(kg_xctx *x, kg_id id);

/* Describes a node (cached per context). NULL on ENOMEM. */
const kg_node *kg_xnode(kg_xctx *x, kg_id id);
/* True when some sanction names the entity. */
bool kg_xsanctioned(kg_xctx *x, kg_id id);
/* True when the node is an instance of the class or of a class below it
 * (asserted rdfs:subClassOf). */
bool kg_xinstance_of(kg_xctx *x, kg_id node, kg_id cls);
/* The roots and every property below one of them (asserted
 * rdfs:subPropertyOf, any depth), as a set of ids (width 1); NULL on
 * ENOMEM. Roots of id 0 are left out. The caller frees it. */
kg_idtab *kg_xsubproperties(kg_xctx *x, const kg_id *roots, size_t n);

/* The sentences stating s p o (evidence.c), sorted by article and index;
 * arrays in the arena. */
kg_status kg_xevidence(kg_xctx *x, kg_id s, kg_id p, kg_id o, const kg_source_sentence **out, size_t *n);

/* Fills a hop along the stored triple (from p to) when forward, else
 * (to p from), with node descriptions and evidence. */
kg_status kg_xhop(kg_xctx *x, kg_id from, kg_id p, kg_id to, bool forward, kg_hop *out);

/* ---- walk.c: the graph paths and neighbourhoods walk ---- */

typedef struct kg_xedge {
    kg_id other, p;
    bool forward; /* the triple is (node p other) */
} kg_xedge;

typedef struct kg_xedges {
    kg_xedge *v;
    size_t n, cap;
} kg_xedges;

/* What a caller leaves out of the walk on top of what it always leaves
 * out (kg_path_options): nodes, instances of classes (or of classes below
 * them), properties; and, when only is set, every property not in it. The
 * sets hold ids (width 1; properties with their sub-properties); NULL sets
 * leave nothing out. The ends of a path are never left out. */
typedef struct kg_walk_filter {
    kg_id ends[2];
    kg_idtab *avoid, *avoid_classes, *avoid_properties, *only;
} kg_walk_filter;

typedef struct kg_walk {
    kg_xctx *x;
    const kg_walk_filter *filter; /* NULL: none; borrowed */
    kg_idtab *node_ok;  /* id -> verdict index */
    uint8_t *node_verdict;
    size_t cap_verdict;
} kg_walk;

kg_status kg_walk_init(kg_walk *w, kg_xctx *x);
void kg_walk_free(kg_walk *w);
/* Replaces *out with the walkable edges of node (which must be walkable)
 * that the walk's filter keeps; kept in a stable order. */
kg_status kg_walk_edges(kg_walk *w, kg_id node, kg_xedges *out);
/* The number of walkable edges of node, whatever the filter: how much of
 * a hub it is. */
kg_status kg_walk_degree(kg_walk *w, kg_id node, unsigned *out);
/* True when the node may be on a path: an IRI that is no provenance node. */
bool kg_walk_node_ok(kg_walk *w, kg_id node);
void kg_xedges_free(kg_xedges *e);

/* ---- closure.c: the inference rules run to a fixpoint ---- */

typedef enum kg_rule {
    KG_RULE_ASSERTED = 0,
    KG_RULE_SUBCLASS,
    KG_RULE_SUBPROPERTY,
    KG_RULE_INVERSE,
    KG_RULE_TRANSITIVE,
    KG_RULE_SYMMETRIC,
    KG_RULE_CHAIN,
} kg_rule;

/* The name of a rule as kg/explore.h lists it. */
const char *kg_rule_name(kg_rule rule);

typedef struct kg_fact {
    uint8_t rule;      /* kg_rule; KG_RULE_ASSERTED for asserted triples */
    uint8_t n_prem;
    uint8_t mark;      /* free for the caller */
    uint32_t prem[3];  /* indexes of premises, all smaller than this fact's */
    uint32_t next_s, next_o; /* adjacency lists (closure.c) */
} kg_fact;

/* p owl:propertyChainAxiom (first second), declared by fact decl. */
typedef struct kg_chain {
    kg_id p, first, second;
    uint32_t decl;
} kg_chain;

/* Every asserted triple the rules read, and every triple they derive,
 * numbered in order of derivation (so premises come first). */
typedef struct kg_closure {
    kg_idtab *triples; /* (s, p, o) -> index */
    kg_fact *facts;
    size_t cap;
    kg_idtab *adj;     /* (side, p, node) -> index into heads */
    uint32_t *heads;
    size_t cap_heads;
    uint64_t premises; /* asserted triples read */
    kg_chain *chains;  /* owl:propertyChainAxiom of two properties */
    size_t n_chains, cap_chains;
} kg_closure;

/* Runs the rules over the asserted triples of x. */
kg_status kg_closure_run(kg_closure *c, kg_xctx *x);
void kg_closure_free(kg_closure *c);
/* Adds an asserted triple no rule reads (kg_why asks about one); false on
 * ENOMEM. */
bool kg_closure_add_asserted(kg_closure *c, kg_xctx *x, const kg_id t[3], uint32_t *index);
size_t kg_closure_count(const kg_closure *c);

/* infer_incremental.c: inside a transaction, brings the inferred graph up
 * to date with what the transaction added. *done is false (and nothing is
 * changed) when the changes need the full recomputation instead: a schema
 * axiom changed, a triple a rule reads was removed, or a triple of a
 * property in a chain axiom was added or derived. */
kg_status kg_infer_update(kg_xctx *x, bool *done, kg_infer_stats *stats);
const kg_id *kg_closure_triple(const kg_closure *c, uint32_t index);

#endif
