/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* redland/stream.c - librdf streams over kgsh pattern cursors, and the
 * iterator over named graphs.
 *
 * A kg_cursor is invalidated by the next change to its store, but librdf
 * users routinely write while a stream is open (remove each statement of a
 * find_statements stream, copy a stream into the same model). So every
 * write of the module first detaches the open streams: each reads the rest
 * of its matches into memory and goes on from there, seeing the store as of
 * its creation. A statement handed out belongs to the stream until the next
 * row (consumers take their own references), and each row gets its own. */
#include <stdlib.h>
#include <string.h>

#include "module.h"

/* Nodes made for recent terms, in slots chosen by the term's identity in
 * the store (kg_cursor_term_ids): the rows of a scan repeat their graph
 * and subject, and predicates, classes and common objects come back again
 * and again, and a new reference to a node is far cheaper than a new node
 * (librdf interns every URI in a tree, and frees it again). A slot keeps
 * the last term that mapped to it. Allocated at a stream's second row, so
 * a lookup that finds one statement does not pay for it; forgotten when
 * the cursor closes, since identities hold for one cursor only. */
#define NODE_CACHE_SLOTS 1024

typedef struct cached_node {
    uint64_t id; /* 0: empty */
    librdf_node *node;
} cached_node;

typedef struct row {
    librdf_statement *statement;
    librdf_node *context; /* NULL: the default graph */
} row;

struct kgr_stream {
    kgr_instance *inst;
    librdf_storage *storage; /* a reference held while the stream lives */
    kg_cursor *cursor;       /* NULL once detached or ended */
    row cur;                 /* the current row; statement NULL at the end */
    row *rest;               /* a detached stream's remaining rows */
    size_t n_rest, pos, cap;
    bool failed; /* reading ended on an error (logged) */
    uint64_t rows; /* read from the cursor so far */
    cached_node *cache; /* NODE_CACHE_SLOTS, from the second row on */
    kgr_stream *next_open, **prev_open;
};

static void unlink_open(kgr_stream *s)
{
    if (!s->prev_open)
        return;
    *s->prev_open = s->next_open;
    if (s->next_open)
        s->next_open->prev_open = s->prev_open;
    s->prev_open = NULL;
    s->next_open = NULL;
}

static void forget_nodes(kgr_stream *s);

static void close_cursor(kgr_stream *s)
{
    kg_cursor_close(s->cursor);
    s->cursor = NULL;
    unlink_open(s);
    forget_nodes(s);
}

static void forget_nodes(kgr_stream *s)
{
    for (size_t i = 0; s->cache && i < NODE_CACHE_SLOTS; i++)
        if (s->cache[i].node)
            librdf_free_node(s->cache[i].node);
    free(s->cache);
    s->cache = NULL;
}

/* A node for a term of a row (id: its identity): a new reference to the
 * cached node, else a new node that is cached. */
static librdf_node *row_node(kgr_stream *s, uint64_t id, const kg_term *t)
{
    if (!s->cache)
        return kgr_node_from_term(s->inst->world, t);
    uint64_t h = id * 0x9E3779B97F4A7C15ULL; /* Fibonacci hashing: the top bits */
    cached_node *c = &s->cache[h >> (64 - 10)];
    if (c->id == id && c->node)
        return librdf_new_node_from_node(c->node);
    librdf_node *n = kgr_node_from_term(s->inst->world, t);
    if (!n)
        return NULL;
    if (c->node)
        librdf_free_node(c->node);
    *c = (cached_node){id, librdf_new_node_from_node(n)};
    return n;
}

/* The cursor's next match as a row. False at the end or on a failure
 * (logged). */
static bool cursor_row(kgr_stream *s, row *out)
{
    kg_match m;
    if (!kg_cursor_next(s->cursor, &m)) {
        if (kg_cursor_status(s->cursor) != KG_OK) {
            kgr_log_store_error(s->inst, "reading statements");
            s->failed = true;
        }
        close_cursor(s);
        return false;
    }
    librdf_world *w = s->inst->world;
    if (s->rows++ == 1 && !s->cache)
        s->cache = calloc(NODE_CACHE_SLOTS, sizeof *s->cache); /* NULL: no cache, still right */
    uint64_t id[4];
    kg_cursor_term_ids(id, s->cursor);
    librdf_node *sn = row_node(s, id[0], &m.s), *pn = row_node(s, id[1], &m.p),
                *on = row_node(s, id[2], &m.o);
    out->context = m.graph.kind == KG_TERM_NONE ? NULL : row_node(s, id[3], &m.graph);
    out->statement = sn && pn && on ? librdf_new_statement_from_nodes(w, sn, pn, on) : NULL;
    if (!out->statement) {
        if (!sn || !pn || !on) {
            librdf_free_node(sn);
            librdf_free_node(pn);
            librdf_free_node(on);
        }
        librdf_free_node(out->context);
        kgr_log(w, "out of memory reading statements");
        s->failed = true;
        close_cursor(s);
        return false;
    }
    return true;
}

static void advance(void *ctx)
{
    kgr_stream *s = ctx;
    if (s->cur.statement)
        librdf_free_statement(s->cur.statement);
    if (s->cur.context)
        librdf_free_node(s->cur.context);
    s->cur = (row){NULL, NULL};
    if (s->cursor)
        cursor_row(s, &s->cur);
    else if (s->pos < s->n_rest)
        s->cur = s->rest[s->pos++];
}

static int stream_is_end(void *ctx)
{
    return ((kgr_stream *)ctx)->cur.statement == NULL;
}

static int stream_next(void *ctx)
{
    advance(ctx);
    return stream_is_end(ctx);
}

static void *stream_get(void *ctx, int flags)
{
    kgr_stream *s = ctx;
    if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
        return s->cur.statement;
    if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT)
        return s->cur.context;
    return NULL;
}

static void stream_finished(void *ctx)
{
    kgr_stream *s = ctx;
    close_cursor(s);
    if (s->cur.statement)
        librdf_free_statement(s->cur.statement);
    if (s->cur.context)
        librdf_free_node(s->cur.context);
    for (size_t i = s->pos; i < s->n_rest; i++) {
        librdf_free_statement(s->rest[i].statement);
        if (s->rest[i].context)
            librdf_free_node(s->rest[i].context);
    }
    free(s->rest);
    librdf_storage_remove_reference(s->storage);
    free(s);
}

/* The template's bound nodes as terms; false when one cannot be stored in
 * kgsh (so nothing matches). */
static bool template_terms(librdf_statement *t, kg_term terms[3], bool bound[3])
{
    librdf_node *nodes[3] = {NULL, NULL, NULL};
    if (t) {
        nodes[0] = librdf_statement_get_subject(t);
        nodes[1] = librdf_statement_get_predicate(t);
        nodes[2] = librdf_statement_get_object(t);
    }
    for (int i = 0; i < 3; i++) {
        bound[i] = nodes[i] != NULL;
        if (bound[i] && !kgr_term_from_node(nodes[i], &terms[i]))
            return false;
    }
    return true;
}

librdf_stream *kgr_stream_new(librdf_storage *storage, librdf_statement *template,
                              kg_match_graphs graphs, librdf_node *graph)
{
    kgr_instance *inst = librdf_storage_get_instance(storage);
    kg_term terms[3], g;
    bool bound[3];
    if (!template_terms(template, terms, bound) ||
        (graph && (!kgr_term_from_node(graph, &g) || g.kind == KG_TERM_LITERAL)))
        return librdf_new_empty_stream(inst->world);
    kg_cursor *cursor = NULL;
    if (kg_store_match(&cursor, inst->store, bound[0] ? &terms[0] : NULL,
                       bound[1] ? &terms[1] : NULL, bound[2] ? &terms[2] : NULL, graphs,
                       graph ? &g : NULL) != KG_OK) {
        kgr_log_store_error(inst, "finding statements");
        return NULL;
    }
    kgr_stream *s = calloc(1, sizeof *s);
    if (!s) {
        kg_cursor_close(cursor);
        return NULL;
    }
    s->inst = inst;
    s->storage = storage;
    librdf_storage_add_reference(storage);
    s->cursor = cursor;
    s->next_open = inst->open_streams;
    if (s->next_open)
        s->next_open->prev_open = &s->next_open;
    s->prev_open = &inst->open_streams;
    inst->open_streams = s;
    return kgr_stream_start(inst->world, s, advance, stream_is_end, stream_next, stream_get,
                            stream_finished);
}

librdf_stream *kgr_stream_start(librdf_world *world, void *ctx, void (*load)(void *ctx),
                                int (*is_end)(void *ctx), int (*next)(void *ctx),
                                void *(*get)(void *ctx, int flags), void (*finished)(void *ctx))
{
    load(ctx);
    librdf_stream *stream = librdf_new_stream(world, ctx, is_end, next, get, finished);
    if (!stream)
        finished(ctx);
    return stream;
}

/* Reads the rest of an open stream's matches into memory. */
static bool detach_one(kgr_stream *s)
{
    while (s->cursor) {
        if (s->n_rest == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 64;
            row *grown = realloc(s->rest, cap * sizeof *grown);
            if (!grown) {
                kgr_log(s->inst->world, "out of memory keeping an open stream across a write");
                close_cursor(s);
                return false;
            }
            s->rest = grown;
            s->cap = cap;
        }
        if (cursor_row(s, &s->rest[s->n_rest]))
            s->n_rest++;
    }
    return !s->failed;
}

bool kgr_streams_detach(kgr_instance *inst)
{
    bool ok = true;
    while (inst->open_streams)
        ok &= detach_one(inst->open_streams);
    return ok;
}

/* ---- the iterator over named graphs ---- */

typedef struct graph_list {
    librdf_world *world;
    librdf_node **nodes;
    size_t n, cap, pos;
    bool failed;
} graph_list;

static int collect_graph(void *ctx, const kg_term *graph, uint64_t quads)
{
    (void)quads;
    graph_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        librdf_node **grown = realloc(l->nodes, cap * sizeof *grown);
        if (!grown)
            return l->failed = true;
        l->nodes = grown;
        l->cap = cap;
    }
    if (!(l->nodes[l->n] = kgr_node_from_term(l->world, graph)))
        return l->failed = true;
    l->n++;
    return 0;
}

static int graphs_is_end(void *ctx)
{
    graph_list *l = ctx;
    return l->pos >= l->n;
}

static int graphs_next(void *ctx)
{
    ((graph_list *)ctx)->pos++;
    return graphs_is_end(ctx);
}

static void *graphs_get(void *ctx, int flags)
{
    graph_list *l = ctx;
    if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT || l->pos >= l->n)
        return NULL;
    return l->nodes[l->pos];
}

static void graphs_finished(void *ctx)
{
    graph_list *l = ctx;
    for (size_t i = 0; i < l->n; i++)
        librdf_free_node(l->nodes[i]);
    free(l->nodes);
    free(l);
}

librdf_iterator *kgr_contexts_iterator(kgr_instance *inst)
{
    graph_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->world = inst->world;
    if (kg_store_graphs(inst->store, collect_graph, l) != KG_OK || l->failed) {
        kgr_log_store_error(inst, "listing graphs");
        graphs_finished(l);
        return NULL;
    }
    librdf_iterator *it =
        librdf_new_iterator(inst->world, l, graphs_is_end, graphs_next, graphs_get, graphs_finished);
    if (!it)
        graphs_finished(l);
    return it;
}
