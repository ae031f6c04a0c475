/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/store.h - opening, changing and closing a libkg quad store.
 *
 * A store holds RDF quads: triples in the default graph or in named graphs
 * (each article is its own graph). It is either persistent, in a directory,
 * or in memory for a throwaway session. Every change happens inside a
 * transaction that is committed atomically: after a crash or SIGKILL a
 * persistent store holds everything from before the transaction or
 * everything from after it, never a part.
 *
 * Sharing (SQLite's model): any number of processes, and of handles in one
 * process, may open the same store directory. A write transaction takes the
 * store's writer lock when it begins and releases it at commit or rollback;
 * a writer that finds the lock held waits up to the busy timeout and then
 * fails with KG_ERR_LOCKED naming the holder. Readers never block writers
 * and never see part of a commit. A handle reads one committed state (a
 * snapshot) until kg_store_refresh moves it to the latest commit, as an
 * application does before each statement (kgsh does); a write transaction
 * always begins from the latest commit. Segments a snapshot uses stay
 * readable however the store changes meanwhile. One handle must not be
 * used by two threads at once; give each thread its own handle.
 *
 * Loading files, exporting and querying live in kg/io.h and kg/query.h. */
#ifndef KG_STORE_H
#define KG_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_store kg_store;

typedef enum kg_store_flags {
    KG_STORE_CREATE = 1 << 0,   /* create the directory and store if missing */
    KG_STORE_READONLY = 1 << 1, /* every write fails with KG_ERR_READONLY */
    KG_STORE_MEMORY = 1 << 2,   /* in memory only; dir is ignored and may be NULL */
} kg_store_flags;

/* Opens the store in dir. On failure *out is NULL and, when err is not NULL,
 * it receives the details (for KG_ERR_LOCKED the message names the process
 * holding the store). The caller owns *out and closes it with
 * kg_store_close. */
KG_EXTERN kg_status kg_store_open(kg_store **out, const char *dir, unsigned flags, kg_error *err);

/* How long (milliseconds) a write on this handle waits for another
 * writer to finish before failing with KG_ERR_LOCKED; 0 fails at once.
 * The default is 5000. */
KG_EXTERN void kg_store_set_busy_timeout(kg_store *store, int ms);

/* How much memory (bytes) a transaction's changes and new terms may take
 * before they go to scratch files in the store directory (a persistent
 * store only): the changes are sorted into runs, and the dictionary of
 * new terms, past half of the budget, is written out in chunks that are
 * looked up on disk. A load of any size then commits by merging the runs,
 * and its peak memory stays under about this size (an eighth of it is
 * left for what is not counted: the parser, buffers, heap slack).
 * 0 restores the default, KG_STORE_LOAD_MEMORY_DEFAULT (2 GB). */
#define KG_STORE_LOAD_MEMORY_DEFAULT ((uint64_t)2 << 30)
KG_EXTERN void kg_store_set_load_memory(kg_store *store, uint64_t bytes);
KG_EXTERN uint64_t kg_store_load_memory(const kg_store *store);

/* True when the store was opened with KG_STORE_READONLY. */
KG_EXTERN bool kg_store_readonly(const kg_store *store);

/* Moves the handle to the latest committed state of the store directory
 * when another handle or process committed since (one stat when nothing
 * changed). Inside a transaction it does nothing (the transaction keeps
 * the state it began from, plus its own changes). Query results, scans and
 * views taken before stay on their state until freed or re-taken.
 * KG_ERR_CORRUPT when the new state is damaged; the handle then keeps its
 * previous state. */
KG_EXTERN kg_status kg_store_refresh(kg_store *store);

/* Closes the store, rolling back an open transaction. Accepts NULL. */
KG_EXTERN void kg_store_close(kg_store *store);

/* The details of the last failure of a call on this store. Borrowed; valid
 * until the next call on the store. */
KG_EXTERN const kg_error *kg_store_error(const kg_store *store);

/* The directory of a persistent store, or NULL for an in-memory one. */
KG_EXTERN const char *kg_store_dir(const kg_store *store);

/* Number of quads (a triple in two graphs counts twice). */
KG_EXTERN uint64_t kg_store_size(kg_store *store);

/* Asks the current long operation (load, query, export, commit not yet
 * started) to stop with KG_ERR_INTERRUPTED. Async-signal-safe: it only sets
 * a flag, so it may be called from a SIGINT handler. The flag is cleared when
 * the next operation starts. */
KG_EXTERN void kg_store_interrupt(kg_store *store);

/* Transactions. kg_store_begin starts one (nesting is an error); adds and
 * removes made with kg_store_add/kg_store_remove, loads and updates inside
 * it are visible to queries on this store but to no one else until
 * kg_store_commit makes them durable. kg_store_rollback discards them.
 * Library calls that change the store (loads, SPARQL Update) open and
 * commit their own transaction when none is open. */
KG_EXTERN kg_status kg_store_begin(kg_store *store);
KG_EXTERN kg_status kg_store_commit(kg_store *store);
KG_EXTERN void kg_store_rollback(kg_store *store);
KG_EXTERN bool kg_store_in_transaction(const kg_store *store);

/* A function kg_store_commit calls just before it writes the transaction,
 * with the transaction still open, so that whatever the function adds or
 * removes commits atomically with the change that called for it (libkg's
 * inference, kg/explore.h, keeps its graph of inferred triples current this
 * way). It is called only when the transaction changed quads outside
 * own_graph, so the hook's own changes, kept in that graph, never call for
 * it again. A result other than KG_OK rolls the whole transaction back and
 * becomes the commit's result. */
typedef kg_status (*kg_commit_hook_fn)(void *ctx, kg_store *store);

/* Sets the store's one commit hook (fn NULL removes it). own_graph (may be
 * NULL) is copied; ctx is borrowed until the hook is replaced or the store
 * is closed. */
KG_EXTERN kg_status kg_store_set_commit_hook(kg_store *store, kg_commit_hook_fn fn, void *ctx,
                                             const kg_term *own_graph);

/* Adds or removes one quad. graph NULL means the default graph. Adding a
 * quad that is present, or removing one that is absent, is not an error.
 * Outside a transaction each call is its own transaction. */
KG_EXTERN kg_status kg_store_add(kg_store *store, const kg_term *s, const kg_term *p,
                                 const kg_term *o, const kg_term *graph);
KG_EXTERN kg_status kg_store_remove(kg_store *store, const kg_term *s, const kg_term *p,
                                    const kg_term *o, const kg_term *graph);

/* Named graphs: an existing graph has quads, or was created empty. */
KG_EXTERN kg_status kg_store_create_graph(kg_store *store, const kg_term *graph);
/* Removes every quad of the graph and the graph itself. */
KG_EXTERN kg_status kg_store_drop_graph(kg_store *store, const kg_term *graph);

/* Calls fn for each named graph (IRIs or blank nodes) with its quad count,
 * in a stable order, until fn returns non-zero. The term is valid during the
 * call only. */
typedef int (*kg_graph_fn)(void *ctx, const kg_term *graph, uint64_t quads);
KG_EXTERN kg_status kg_store_graphs(kg_store *store, kg_graph_fn fn, void *ctx);

/* Namespace prefixes remembered by the store (from loaded files and
 * kg_store_set_prefix); they make exports and displays readable. Setting a
 * prefix to NULL removes it. Changes are part of the current transaction. */
KG_EXTERN kg_status kg_store_set_prefix(kg_store *store, const char *prefix, const char *iri);
typedef int (*kg_prefix_fn)(void *ctx, const char *prefix, const char *iri);
KG_EXTERN kg_status kg_store_prefixes(kg_store *store, kg_prefix_fn fn, void *ctx);

/* ---- pattern matching ----
 *
 * A cursor over the quads that match a pattern: each of subject, predicate
 * and object bound to a term or left open (NULL), in the default graph, one
 * named graph, every named graph, all of them, or their union. The store answers it with
 * one range scan of the index whose key starts with the bound positions
 * (any two bound terms, graph included, are a prefix of one of its six
 * orders), so a lookup costs a binary search, not a query.
 *
 * Lifetime: a cursor reads the store's current read view (the committed
 * state plus this process's open transaction). It is invalidated by the
 * next change made through this store handle (add, remove, begin, commit,
 * rollback, a load or an update): kg_cursor_next then returns false and
 * kg_cursor_status KG_ERR_STALE, never data from a view that no longer
 * exists. Reads (queries, other cursors) do not invalidate it. Other
 * processes cannot change the store while this one holds it open for
 * writing; a read-only handle sees the state as of its opening. */
typedef enum kg_match_graphs {
    KG_MATCH_ALL,     /* every quad: the default graph and every named graph */
    KG_MATCH_DEFAULT, /* the default graph only */
    KG_MATCH_NAMED,   /* every named graph, not the default graph */
    KG_MATCH_GRAPH,   /* the one named graph given as graph */
    KG_MATCH_UNION,   /* every graph as one set of triples (what queries see
                         as the default graph): a triple stored in several
                         graphs comes once, graph set to one of them */
} kg_match_graphs;

/* One matching quad. graph.kind is KG_TERM_NONE for the default graph. The
 * terms' strings belong to the store: valid until the next kg_cursor_next
 * on any cursor of the store, the next change, or kg_cursor_close. */
typedef struct kg_match {
    kg_term s, p, o, graph;
} kg_match;

typedef struct kg_cursor kg_cursor;

/* Opens a cursor over the quads matching (s, p, o) in graphs (graph is used
 * with KG_MATCH_GRAPH only, where it must be an IRI or blank node). A term
 * the store has never seen makes an empty cursor, not an error. Quads come
 * in index order for the bound positions. The caller owns *out and closes
 * it with kg_cursor_close, before kg_store_close. */
KG_EXTERN kg_status kg_store_match(kg_cursor **out, kg_store *store, const kg_term *s,
                                   const kg_term *p, const kg_term *o, kg_match_graphs graphs,
                                   const kg_term *graph);

/* The next matching quad into *out: true, or false at the end or on a
 * failure (kg_cursor_status tells which; the store's error has the
 * details). */
KG_EXTERN bool kg_cursor_next(kg_cursor *cursor, kg_match *out);

/* The identities of the terms of the match kg_cursor_next last gave:
 * ids[0..3] for s, p, o and graph (0 for the default graph). Within one
 * cursor equal identities mean equal terms, so a caller that builds
 * something from each term (a librdf node) can cache it by identity
 * instead of hashing and comparing strings. The numbers mean nothing
 * else; they are 0 before the first match. */
KG_EXTERN void kg_cursor_term_ids(uint64_t ids[4], const kg_cursor *cursor);

/* KG_OK while the cursor is usable or has simply ended; KG_ERR_STALE once a
 * change to the store invalidated it; another status on failure. */
KG_EXTERN kg_status kg_cursor_status(const kg_cursor *cursor);

/* Closes the cursor. Accepts NULL. */
KG_EXTERN void kg_cursor_close(kg_cursor *cursor);

/* Verifies every file of the store (checksums, index order, references
 * between indexes and the dictionary). KG_OK when the store is sound;
 * otherwise KG_ERR_CORRUPT with the first problem in the error. */
KG_EXTERN kg_status kg_store_check(kg_store *store);

/* Rebuilds the MANIFEST of the store directory dir from its segment files
 * when the manifest is missing or damaged (a damaged one is kept as
 * MANIFEST.damaged): the newest segment starting the dictionary and the
 * later ones continuing it, each checksummed. The prefixes, which only the
 * manifest held, are lost. KG_ERR_INVALID when the manifest is sound;
 * KG_ERR_CORRUPT when the segments do not make a store. */
KG_EXTERN kg_status kg_store_recover(const char *dir, kg_error *err);

/* Rewrites the store into one compact segment (done automatically when
 * small commits pile up). Atomic like any commit. */
KG_EXTERN kg_status kg_store_compact(kg_store *store);

#ifdef __cplusplus
}
#endif
#endif
