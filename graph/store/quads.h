/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/quads.h - the store as the query engine sees it: term ids and index
 * scans. Private to libkg.
 *
 * Every RDF term in a store has a dictionary id (kg_id, never 0). Quads are
 * four ids; the default graph is KG_GRAPH_DEFAULT. A kg_view is a
 * consistent read view of the store: its committed state plus the open
 * transaction's changes. It stays valid until the store is next changed or
 * committed (the query engine holds one view per query evaluation). */
#ifndef KG_STORE_QUADS_H
#define KG_STORE_QUADS_H

#include <stdbool.h>
#include <stdint.h>

#include "kg/store.h"
#include "kg/term.h"

typedef uint32_t kg_id;

#define KG_ID_NONE ((kg_id)0)          /* no term / unbound / wildcard */
#define KG_GRAPH_DEFAULT ((kg_id)0)    /* the g of a quad in the default graph */
#define KG_ID_STORE_MAX ((kg_id)0x7fffffff)
/* Ids above KG_ID_STORE_MAX are free for callers' own temporary terms (the
 * query engine numbers computed values there). */

typedef struct kg_quad {
    kg_id s, p, o, g;
} kg_quad;

/* Which graphs a scan looks at. */
typedef enum kg_graph_mode {
    KG_GRAPHS_UNION,   /* every graph, the default one included, as one set
                          of triples: a triple in several graphs is returned
                          once, with g set to one of them; a g other than
                          KG_GRAPH_DEFAULT names one named graph left out
                          (how ".infer off" hides the inferred graph) */
    KG_GRAPHS_DEFAULT, /* only quads with g == KG_GRAPH_DEFAULT */
    KG_GRAPHS_NAMED,   /* every named graph; g tells which (a g other than
                          KG_GRAPH_DEFAULT names one left out) */
    KG_GRAPHS_ONE,     /* only the graph given as g */
    KG_GRAPHS_ALL,     /* every quad as stored, default graph included
                          (exports, compaction); with s, p, o all
                          unbound the quads come grouped by graph */
} kg_graph_mode;

typedef struct kg_view kg_view;

/* The current view of the store. Borrowed: owned by the store, valid
 * until the store is next changed, committed or refreshed. */
kg_view *kg_store_view(kg_store *store);

/* A view of the store's current state (the open transaction's changes
 * included) that the caller owns: it keeps its segments mapped and stays
 * the same whatever the store does meanwhile (commits, kg_store_refresh,
 * compaction), until kg_view_free; the store must stay open. For cursors
 * that outlive one call. NULL on failure (the store's error says why). */
kg_view *kg_store_snapshot(kg_store *store);
void kg_view_free(kg_view *view);

/* The id of a term, or KG_ID_NONE when the store has never seen it (or
 * when memory ran out: kg_view_find tells the two apart). */
kg_id kg_view_lookup(kg_view *view, const kg_term *term);
/* The same into *out; KG_ERR_NOMEM when memory ran out. */
kg_status kg_view_find(kg_id *out, kg_view *view, const kg_term *term);

/* The term of an id. The strings are owned by the view. Returns false for
 * an id the store does not have. */
bool kg_view_term(kg_view *view, kg_id id, kg_term *out);

/* The open transaction's net changes against the committed store: how
 * many quads it adds (removed false: quads not present before) or removes
 * (removed true: quads present before), and up to max of them from the
 * from-th on, in SPOG order, copied into out (how many: fewer only at the
 * end, or at a damaged block). 0 without a transaction. Valid until the
 * view changes. Complete in the commit hook, whose views have the
 * transaction as one layer; elsewhere they cover the newest layer only
 * (store/txn.c). Read in batches: a spilled transaction's changes are
 * delta-coded blocks, and each call decodes from a block's start. */
uint64_t kg_view_change_count(const kg_view *view, bool removed);
size_t kg_view_changes(const kg_view *view, bool removed, uint64_t from, kg_quad *out,
                       size_t max);

/* A term's value may not be longer than this (KG_ERR_LIMIT): one hostile
 * value must not exhaust memory or the segment format. */
#define KG_TERM_MAX_BYTES ((size_t)64 << 20)

/* Adds the term to the dictionary (inside the open transaction) if it is
 * new and returns its id; KG_ID_NONE on failure (details in the store's
 * error): KG_ERR_LIMIT for a value over KG_TERM_MAX_BYTES, KG_ERR_INVALID
 * for text that is not UTF-8. Every way into the store passes here. */
kg_id kg_store_intern(kg_store *store, const kg_term *term);

/* Adds/removes a quad of ids inside the open transaction. */
kg_status kg_store_add_ids(kg_store *store, const kg_quad *quad);
kg_status kg_store_remove_ids(kg_store *store, const kg_quad *quad);
/* Records the named graph g as dropped inside the open transaction; its
 * quads are the caller's to remove. */
kg_status kg_store_drop_graph_id(kg_store *store, kg_id g);

/* A mark in the open transaction's list of changes; kg_store_undo_to drops
 * every quad change made after it (terms interned meanwhile stay in the
 * dictionary, unused). Lets a failed load or update step leave the
 * transaction as it was. */
uint64_t kg_store_mark(kg_store *store);
void kg_store_undo_to(kg_store *store, uint64_t mark);

/* Writes a blank-node label prefix (like "b12x3_") that no earlier call on
 * this store returned and that no committed data uses, so that blank nodes
 * from different loads and updates never merge. */
void kg_store_blank_prefix(kg_store *store, char *buf, size_t size);

/* Index scans. s, p, o are ids or KG_ID_NONE for "any"; g is used only with
 * KG_GRAPHS_ONE and, as the graph left out, KG_GRAPHS_UNION and _NAMED. Quads come in
 * index order for the bound positions. */
typedef struct kg_scan kg_scan;
kg_scan *kg_scan_open(kg_view *view, kg_id s, kg_id p, kg_id o, kg_graph_mode mode, kg_id g);
bool kg_scan_next(kg_scan *scan, kg_quad *out);
/* The next quads, up to max of them, into out; fewer only at the end (0
 * then). The same quads as kg_scan_next gives one at a time, read a block
 * at a time where the scan is of one segment's index alone. */
size_t kg_scan_next_many(kg_scan *scan, kg_quad *out, size_t max);
void kg_scan_close(kg_scan *scan);

/* An upper bound on the number of quads the same scan returns, computed
 * from index ranges without reading them (cheap; used to order joins):
 * the sizes of the ranges in each segment, exact for small ranges, for
 * big ones within an index block at each end (kg_index_count). */
uint64_t kg_view_estimate(kg_view *view, kg_id s, kg_id p, kg_id o, kg_graph_mode mode, kg_id g);
/* How far above the true size an estimate of one segment's range may be
 * (a block of KG_BLOCK_KEYS at each end; keyindex.c checks the two agree). */
enum { KG_ESTIMATE_SLACK = 32 };

/* True when the named graph exists (has quads or was created). */
bool kg_view_graph_exists(kg_view *view, kg_id g);

/* Calls fn for each named graph id in ascending id order until it returns
 * non-zero. */
typedef int (*kg_graph_id_fn)(void *ctx, kg_id g);
void kg_view_graphs(kg_view *view, kg_graph_id_fn fn, void *ctx);

/* The IRI the store (with the open transaction's changes) binds to the
 * prefix name, or NULL; borrowed until the prefixes next change. O(1). */
const char *kg_store_prefix(kg_store *store, const char *name);

/* The store's error object, for library modules that report through it. */
kg_error *kg_store_error_mut(kg_store *store);

/* True while the store's interrupt flag is raised (long loops poll it). */
bool kg_store_interrupted(const kg_store *store);
/* Lowers the flag: every top-level operation (query, load, export) calls
 * this as it starts, so one Ctrl-C stops one operation. */
void kg_store_clear_interrupt(kg_store *store);

#endif
