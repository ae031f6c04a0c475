/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* redland/module.h - shared state of librdf_storage_kgsh, the Redland
 * storage module over a kgsh store: the instance, its error log, and the streams and iterators it hands out.
 * Private to the module (only libkg's public headers and librdf's
 * installed ones are used). */
#ifndef KGR_MODULE_H
#define KGR_MODULE_H

#include <stdbool.h>

#include <redland.h>
#include <rdf_storage_module.h>

#include "kg/kg.h"
#include "nodes.h"

typedef struct kgr_stream kgr_stream;

/* One opened kgsh store behind one librdf_storage. */
typedef struct kgr_instance {
    librdf_world *world;
    kg_store *store;
    char *dir;
    bool readonly;
    kgr_stream *open_streams; /* reading the store through a kg_cursor */
    struct kgr_instance *next_live; /* every live instance, for kgr_instance_of */
} kgr_instance;

/* The instance behind a storage when it is a kgsh storage, else NULL
 * (storage.c keeps the list of live instances). */
kgr_instance *kgr_instance_of(librdf_storage *storage);
/* What every write does first: refuse on a read-only store (logged) and
 * detach open streams. */
bool kgr_write_prepare(kgr_instance *inst);

/* ---- the kgsparql query language (query.c) ---- */

/* Registers kgsparql when the running librdf is the version whose private
 * query structs query.c was written against; otherwise logs why not. */
void kgr_register_query_language(librdf_world *world);

/* ---- errors (storage.c) ----
 * They go to librdf's log as "kgsh: ..." (libkg never prints; the log
 * reaches the binding's or rdfproc's handler). kgr_log_store_error adds
 * the store's last error to what. */
void kgr_log(librdf_world *world, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kgr_log_store_error(kgr_instance *inst, const char *what);

/* ---- streams (stream.c) ---- */

/* A stream (holding a reference to storage) of the statements matching
 * template (NULL: every statement; nodes of it may be NULL) in
 * graphs/graph (kg_store_match's selection).
 * Each statement carries its context (NULL for the default graph). NULL on
 * failure, logged. */
librdf_stream *kgr_stream_new(librdf_storage *storage, librdf_statement *template,
                              kg_match_graphs graphs, librdf_node *graph);
/* librdf_new_stream over ctx with these methods, after load(ctx) has
 * read the first row; when the stream cannot be made, ctx goes to
 * finished and NULL is returned (so ctx is the stream's either way). */
librdf_stream *kgr_stream_start(librdf_world *world, void *ctx, void (*load)(void *ctx),
                                int (*is_end)(void *ctx), int (*next)(void *ctx),
                                void *(*get)(void *ctx, int flags), void (*finished)(void *ctx));
/* Called before every write: open streams read the rest of their matches
 * into memory, so they keep the state as of their creation and never touch
 * a view the write invalidates. False when that fails (logged). */
bool kgr_streams_detach(kgr_instance *inst);
/* An iterator over the named graphs (as nodes). */
librdf_iterator *kgr_contexts_iterator(kgr_instance *inst);

#endif
