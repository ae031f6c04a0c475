/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/paths.c - the paths between two entities, ranked so that the
 * specific ones come first, and the neighbourhood of one, over the walk
 * graph (walk.c). Paths: a breadth-first search from the target gives each
 * node's distance to it, which bounds a depth-first enumeration of the
 * simple paths from the source (no branch is followed that cannot reach
 * the target in time); the paths found are ranked by how many links their
 * intermediate nodes have (kg/explore.h, kg_path_search). */
#define _GNU_SOURCE /* qsort_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "explore/explore_impl.h"
#include "kg/grow.h"

enum { DEFAULT_MAX_LEN = 6, DEFAULT_MAX_PATHS = 20, DEFAULT_MAX_EDGES = 400 };

typedef struct search {
    kg_xctx *x;
    kg_walk walk;
    kg_idtab *nodes;  /* id -> index */
    unsigned *dist;
    size_t cap;
} search;

static void search_free(search *s)
{
    kg_walk_free(&s->walk);
    kg_idtab_free(s->nodes);
    free(s->dist);
}

/* Ends a search: frees it and the context, and the result's arena when
 * the search failed. Returns status. */
static kg_status finish_search(search *s, kg_xctx *x, kg_explore_arena *ea, kg_status status)
{
    search_free(s);
    kg_xctx_close(x);
    if (status != KG_OK)
        kg_xresult_free(ea);
    return status;
}

/* The index of node id, adding it at distance dist when new. */
static bool visit(search *s, kg_id id, unsigned dist, uint32_t *index, bool *added)
{
    int put = kg_idtab_put(s->nodes, &id, index);
    if (put < 0)
        return false;
    *added = put == 1;
    if (!*added)
        return true;
    if (!kg_grow(&s->dist, &s->cap, *index, sizeof *s->dist, 256))
        return false;
    s->dist[*index] = dist;
    return true;
}

/* Breadth-first from target over the filtered walk: each node's distance
 * to it, a lower bound for the path search. Stops at max_len, or `longer`
 * levels after reaching source: no path the search keeps goes further. */
static kg_status distances(search *s, kg_id target, kg_id source, unsigned max_len,
                           unsigned longer)
{
    uint32_t index;
    bool added;
    if (!visit(s, target, 0, &index, &added))
        return kg_xctx_nomem(s->x);
    kg_xedges edges = {0};
    kg_status status = KG_OK;
    unsigned limit = max_len;
    for (size_t i = 0; status == KG_OK && i < kg_idtab_count(s->nodes); i++) {
        kg_id u = kg_idtab_key(s->nodes, (uint32_t)i)[0];
        unsigned d = s->dist[i];
        if (u == source && longer < limit - d)
            limit = d + longer;
        if (d >= limit || (i > 0 && !kg_walk_node_ok(&s->walk, u)))
            continue;
        if (kg_store_interrupted(s->x->store))
            status = KG_ERR_INTERRUPTED;
        else
            status = kg_walk_edges(&s->walk, u, &edges);
        for (size_t e = 0; status == KG_OK && e < edges.n; e++)
            if (!visit(s, edges.v[e].other, d + 1, &index, &added))
                status = kg_xctx_nomem(s->x);
    }
    kg_xedges_free(&edges);
    return status;
}

/* One link of a path being built or kept. */
typedef struct step {
    kg_id from, p, to;
    bool forward;
} step;

/* A path found: steps[first .. first + n) of the pool. */
typedef struct found {
    size_t first;
    unsigned n, widest;
    double score;
} found;

/* The depth-first enumeration of paths from a to b (rank). */
typedef struct rank {
    search *s;
    kg_id a, b;
    unsigned bound;      /* longest path considered */
    step *stack;         /* the path so far */
    kg_xedges *edges;    /* one buffer per depth */
    kg_idtab *degree_ids;/* node -> index into degrees */
    unsigned *degrees;
    size_t cap_degrees;
    step *pool;
    size_t n_pool, cap_pool;
    found *found;
    size_t n_found, cap_found;
    bool truncated;
} rank;

enum { MAX_CANDIDATES = 5000 };

/* The degree of node (cached). */
static kg_status degree_of(rank *r, kg_id node, unsigned *out)
{
    uint32_t index;
    int added = kg_idtab_put(r->degree_ids, &node, &index);
    if (added < 0 || !kg_grow(&r->degrees, &r->cap_degrees, index, sizeof *r->degrees, 64))
        return kg_xctx_nomem(r->s->x);
    if (added) {
        kg_status st = kg_walk_degree(&r->s->walk, node, &r->degrees[index]);
        if (st != KG_OK)
            return st;
    }
    *out = r->degrees[index];
    return KG_OK;
}

/* Room for n more steps in the pool. kg_grow doubles once, which a path
 * longer than the pool (max_len may be past 256) would overrun: it doubles
 * here until the path fits. */
static bool pool_room(rank *r, unsigned n)
{
    while (r->cap_pool < r->n_pool + n)
        if (!kg_grow(&r->pool, &r->cap_pool, r->cap_pool, sizeof *r->pool, 256))
            return false;
    return true;
}

/* Keeps the path stack[0 .. n) with its score. */
static kg_status keep(rank *r, unsigned n)
{
    if (r->n_found == MAX_CANDIDATES) {
        r->truncated = true;
        return KG_OK;
    }
    if (!kg_grow(&r->found, &r->cap_found, r->n_found, sizeof *r->found, 64) || !pool_room(r, n))
        return kg_xctx_nomem(r->s->x);
    found f = {r->n_pool, n, 0, 0.0};
    for (unsigned k = 0; k + 1 < n; k++) {
        unsigned d;
        kg_status st = degree_of(r, r->stack[k].to, &d);
        if (st != KG_OK)
            return st;
        f.score += log(d ? d : 1);
        if (d > f.widest)
            f.widest = d;
    }
    memcpy(r->pool + r->n_pool, r->stack, n * sizeof *r->pool);
    r->n_pool += n;
    r->found[r->n_found++] = f;
    return KG_OK;
}

static bool on_stack(const rank *r, unsigned depth, kg_id node)
{
    if (node == r->a)
        return true;
    for (unsigned k = 0; k < depth; k++)
        if (r->stack[k].to == node)
            return true;
    return false;
}

typedef struct by_degree {
    kg_xedge edge;
    unsigned degree;
    size_t position; /* in the walk's order: ties keep it */
} by_degree;

static int by_degree_cmp(const void *pa, const void *pb)
{
    const by_degree *a = pa, *b = pb;
    if (a->degree != b->degree)
        return a->degree < b->degree ? -1 : 1;
    return a->position < b->position ? -1 : a->position > b->position;
}

/* The edges of es that can still lead to b within the bound from depth,
 * ordered by the degree of the node they lead to (specific nodes first, so
 * that a search stopped at MAX_CANDIDATES has found those). */
static kg_status next_edges(rank *r, unsigned depth, kg_xedges *es)
{
    size_t kept = 0;
    by_degree *order = malloc((es->n ? es->n : 1) * sizeof *order);
    if (!order)
        return kg_xctx_nomem(r->s->x);
    kg_status st = KG_OK;
    for (size_t e = 0; st == KG_OK && e < es->n; e++) {
        kg_id v = es->v[e].other;
        uint32_t index;
        unsigned degree = 0;
        if (on_stack(r, depth, v))
            continue;
        if (v != r->b && (!kg_idtab_find(r->s->nodes, &v, &index) ||
                          depth + 1 + r->s->dist[index] > r->bound ||
                          !kg_walk_node_ok(&r->s->walk, v)))
            continue;
        if (v != r->b)
            st = degree_of(r, v, &degree);
        order[kept] = (by_degree){es->v[e], degree, kept};
        kept++;
    }
    qsort(order, kept, sizeof *order, by_degree_cmp);
    for (size_t e = 0; e < kept; e++)
        es->v[e] = order[e].edge;
    es->n = kept;
    free(order);
    return st;
}

/* Every path from u (reached at depth) to b within the bound. */
static kg_status extend(rank *r, kg_id u, unsigned depth)
{
    if (kg_store_interrupted(r->s->x->store))
        return KG_ERR_INTERRUPTED;
    kg_xedges *es = &r->edges[depth];
    kg_status st = kg_walk_edges(&r->s->walk, u, es);
    if (st == KG_OK)
        st = next_edges(r, depth, es);
    for (size_t e = 0; st == KG_OK && e < es->n && !r->truncated; e++) {
        const kg_xedge *ed = &es->v[e];
        r->stack[depth] = (step){u, ed->p, ed->other, ed->forward};
        st = ed->other == r->b ? keep(r, depth + 1) : extend(r, ed->other, depth + 1);
    }
    return st;
}

/* The text of id, for ordering ties by IRI. */
static const char *id_text(kg_xctx *x, kg_id id)
{
    kg_term t;
    return kg_view_term(x->view, id, &t) ? t.value : "";
}

/* Paths by score, length, widest hub, then the IRIs along them. */
static int found_cmp(const void *pa, const void *pb, void *ctx)
{
    const rank *r = ctx;
    const found *a = pa, *b = pb;
    if (fabs(a->score - b->score) > 1e-9)
        return a->score < b->score ? -1 : 1;
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    if (a->widest != b->widest)
        return a->widest < b->widest ? -1 : 1;
    for (unsigned k = 0; k < a->n; k++) {
        const step *x = &r->pool[a->first + k], *y = &r->pool[b->first + k];
        int c = strcmp(id_text(r->s->x, x->p), id_text(r->s->x, y->p));
        if (!c)
            c = strcmp(id_text(r->s->x, x->to), id_text(r->s->x, y->to));
        if (!c)
            c = (int)y->forward - (int)x->forward;
        if (c)
            return c;
    }
    return 0;
}

/* The first max paths found, as the list's items. */
static kg_status emit(rank *r, kg_path_list *list, size_t max)
{
    kg_xctx *x = r->s->x;
    qsort_r(r->found, r->n_found, sizeof *r->found, found_cmp, r);
    size_t n = r->n_found < max ? r->n_found : max;
    kg_path *paths = kg_arena_alloc(x->arena, (n ? n : 1) * sizeof *paths);
    if (!paths)
        return kg_xctx_nomem(x);
    for (size_t i = 0; i < n; i++) {
        const found *f = &r->found[i];
        kg_hop *hops = kg_arena_alloc(x->arena, f->n * sizeof *hops);
        unsigned *degree = kg_arena_alloc(x->arena, f->n * sizeof *degree);
        if (!hops || !degree)
            return kg_xctx_nomem(x);
        for (unsigned k = 0; k < f->n; k++) {
            const step *st = &r->pool[f->first + k];
            kg_status status = kg_xhop(x, st->from, st->p, st->to, st->forward, &hops[k]);
            if (status == KG_OK && k + 1 < f->n)
                status = degree_of(r, st->to, &degree[k]);
            if (status != KG_OK)
                return status;
        }
        paths[i] = (kg_path){hops, f->n, f->score, f->widest, degree};
    }
    list->items = paths;
    list->n = n;
    list->truncated = r->truncated || r->n_found > n;
    return KG_OK;
}

/* Enumerates the paths from a to b no longer than the bound and keeps the
 * best max in list. */
static kg_status rank_paths(search *s, kg_id a, kg_id b, unsigned bound, size_t max,
                            kg_path_list *list)
{
    rank r = {.s = s, .a = a, .b = b, .bound = bound};
    r.stack = malloc(bound * sizeof *r.stack);
    r.edges = calloc(bound, sizeof *r.edges);
    r.degree_ids = kg_idtab_new(1);
    kg_status st = r.stack && r.edges && r.degree_ids ? extend(&r, a, 0) : kg_xctx_nomem(s->x);
    if (st == KG_OK)
        st = emit(&r, list, max);
    for (unsigned k = 0; r.edges && k < bound; k++)
        kg_xedges_free(&r.edges[k]);
    free(r.edges);
    free(r.stack);
    kg_idtab_free(r.degree_ids);
    free(r.degrees);
    free(r.pool);
    free(r.found);
    return st;
}

/* A set of the ids of terms (with the properties below them when
 * properties), or NULL when there are none. */
static kg_status id_set(kg_xctx *x, const kg_term *terms, size_t n, bool properties,
                        kg_idtab **out)
{
    *out = NULL;
    if (n == 0)
        return KG_OK;
    kg_id *ids = malloc(n * sizeof *ids);
    if (!ids)
        return kg_xctx_nomem(x);
    for (size_t i = 0; i < n; i++)
        ids[i] = kg_xlookup(x, &terms[i]);
    if (properties) {
        *out = kg_xsubproperties(x, ids, n);
    } else if ((*out = kg_idtab_new(1)) != NULL) {
        for (size_t i = 0; *out && i < n; i++)
            if (ids[i] && kg_idtab_put(*out, &ids[i], NULL) < 0) {
                kg_idtab_free(*out);
                *out = NULL;
            }
    }
    free(ids);
    return *out ? KG_OK : kg_xctx_nomem(x);
}

static kg_status filter_init(kg_walk_filter *f, kg_xctx *x, const kg_path_options *o)
{
    kg_status st = id_set(x, o->avoid, o->n_avoid, false, &f->avoid);
    if (st == KG_OK)
        st = id_set(x, o->avoid_classes, o->n_avoid_classes, false, &f->avoid_classes);
    if (st == KG_OK)
        st = id_set(x, o->avoid_properties, o->n_avoid_properties, true, &f->avoid_properties);
    if (st == KG_OK)
        st = id_set(x, o->only_properties, o->n_only_properties, true, &f->only);
    return st;
}

static void filter_free(kg_walk_filter *f)
{
    kg_idtab_free(f->avoid);
    kg_idtab_free(f->avoid_classes);
    kg_idtab_free(f->avoid_properties);
    kg_idtab_free(f->only);
}

kg_status kg_path_search(kg_path_list **out, kg_store *store, const kg_term *a, const kg_term *b,
                         const kg_path_options *opts)
{
    *out = NULL;
    kg_path_options defaults = KG_PATH_OPTIONS_INIT;
    kg_status status = kg_options_check(opts, KG_PATH_OPTIONS_VERSION, "kg_path_options",
                                        kg_store_error_mut(store));
    if (status != KG_OK)
        return status;
    if (!opts)
        opts = &defaults;
    kg_explore_arena *ea;
    kg_path_list *list = kg_xresult_new(sizeof *list, &ea);
    if (!list)
        return KG_ERR_NOMEM;
    list->arena_ = ea;
    kg_xctx x;
    search s = {0};
    s.x = &x;
    kg_walk_filter filter = {0};
    unsigned max_len = opts->max_len ? opts->max_len : DEFAULT_MAX_LEN;
    status = kg_xctx_open(&x, store, ea->arena);
    if (status == KG_OK)
        status = kg_walk_init(&s.walk, &x);
    if (status == KG_OK && !(s.nodes = kg_idtab_new(1)))
        status = kg_xctx_nomem(&x);
    if (status == KG_OK)
        status = kg_xentity(&x, a, &filter.ends[0]);
    if (status == KG_OK)
        status = kg_xentity(&x, b, &filter.ends[1]);
    if (status == KG_OK)
        status = filter_init(&filter, &x, opts);
    s.walk.filter = &filter;
    if (status == KG_OK)
        status = distances(&s, filter.ends[1], filter.ends[0], max_len, opts->longer);
    uint32_t index;
    if (status == KG_OK && filter.ends[0] != filter.ends[1] &&
        kg_idtab_find(s.nodes, &filter.ends[0], &index)) {
        unsigned shortest = s.dist[index];
        unsigned bound = opts->longer < max_len - shortest ? shortest + opts->longer : max_len;
        status = rank_paths(&s, filter.ends[0], filter.ends[1], bound,
                            opts->max_paths ? opts->max_paths : DEFAULT_MAX_PATHS, list);
    }
    status = finish_search(&s, &x, ea, status);
    filter_free(&filter);
    if (status == KG_OK)
        *out = list;
    return status;
}

kg_status kg_path_find(kg_path_list **out, kg_store *store, const kg_term *a, const kg_term *b,
                       unsigned max_len, unsigned max_paths)
{
    kg_path_options opts = KG_PATH_OPTIONS_INIT;
    opts.max_len = max_len;
    opts.max_paths = max_paths;
    return kg_path_search(out, store, a, b, &opts);
}

void kg_path_list_free(kg_path_list *list)
{
    if (list)
        kg_xresult_free(list->arena_);
}

/* ---- neighbourhoods ---- */

typedef struct ranked_hop {
    unsigned depth;
    kg_hop hop;
} ranked_hop;

typedef struct hood {
    ranked_hop *v; /* kept with their depths, for sorting */
    size_t n, cap, max;
    bool truncated;
} hood;

static kg_status add_edge(kg_xctx *x, hood *h, kg_id from, const kg_xedge *e, unsigned depth)
{
    if (h->n == h->max) {
        h->truncated = true;
        return KG_OK;
    }
    if (!kg_grow(&h->v, &h->cap, h->n, sizeof *h->v, 64))
        return kg_xctx_nomem(x);
    ranked_hop *r = &h->v[h->n++];
    r->depth = depth;
    return kg_xhop(x, from, e->p, e->other, e->forward, &r->hop);
}

/* Breadth-first to the given depth, taking each triple once. */
static kg_status gather(search *s, kg_id center, unsigned depth, hood *h)
{
    kg_idtab *seen = kg_idtab_new(3);
    uint32_t index;
    bool added;
    if (!seen || !visit(s, center, 0, &index, &added)) {
        kg_idtab_free(seen);
        return kg_xctx_nomem(s->x);
    }
    kg_xedges edges = {0};
    kg_status status = KG_OK;
    for (size_t i = 0; status == KG_OK && !h->truncated && i < kg_idtab_count(s->nodes); i++) {
        unsigned d = s->dist[i];
        kg_id u = kg_idtab_key(s->nodes, (uint32_t)i)[0];
        if (d >= depth || (i > 0 && !kg_walk_node_ok(&s->walk, u)))
            continue;
        status = kg_walk_edges(&s->walk, u, &edges);
        for (size_t e = 0; status == KG_OK && !h->truncated && e < edges.n; e++) {
            const kg_xedge *ed = &edges.v[e];
            kg_id triple[3] = {ed->forward ? u : ed->other, ed->p, ed->forward ? ed->other : u};
            int fresh = kg_idtab_put(seen, triple, NULL);
            if (fresh < 0 || !visit(s, ed->other, d + 1, &index, &added)) {
                status = kg_xctx_nomem(s->x);
            } else if (fresh && !added && s->dist[index] == d && !ed->forward) {
                /* A triple between two nodes of one level is listed from
                 * its subject, not from whichever end the walk reached
                 * first (that order differs between stores holding the
                 * same data). */
                kg_xedge subject_side = {u, ed->p, true};
                status = add_edge(s->x, h, ed->other, &subject_side, d + 1);
            } else if (fresh) {
                status = add_edge(s->x, h, u, ed, d + 1);
            }
        }
    }
    kg_xedges_free(&edges);
    kg_idtab_free(seen);
    return status;
}

static int text_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* By depth, then by what the hop links, by IRI: the same data lists the
 * same way in every store, whatever ids its terms got. */
static int ranked_hop_cmp(const void *pa, const void *pb)
{
    const ranked_hop *a = pa, *b = pb;
    int c;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    if ((c = text_cmp(a->hop.from.term.value, b->hop.from.term.value)) != 0 ||
        (c = text_cmp(a->hop.property, b->hop.property)) != 0 ||
        (c = text_cmp(a->hop.to.term.value, b->hop.to.term.value)) != 0)
        return c;
    return (int)b->hop.forward - (int)a->hop.forward;
}

/* Copies h's hops and their depths, in order, into the result's arena. */
static kg_status hood_publish(kg_xctx *x, kg_arena *arena, const hood *h, kg_neighborhood *nb)
{
    kg_hop *hops = kg_arena_alloc(arena, h->n * sizeof *hops);
    unsigned *d = kg_arena_alloc(arena, h->n * sizeof *d);
    if (!hops || !d)
        return kg_xctx_nomem(x);
    for (size_t i = 0; i < h->n; i++) {
        hops[i] = h->v[i].hop;
        d[i] = h->v[i].depth;
    }
    nb->hops = hops;
    nb->depth = d;
    nb->n = h->n;
    return KG_OK;
}

kg_status kg_neighbors(kg_neighborhood **out, kg_store *store, const kg_term *entity,
                       unsigned depth, size_t max_edges)
{
    *out = NULL;
    kg_explore_arena *ea;
    kg_neighborhood *nb = kg_xresult_new(sizeof *nb, &ea);
    if (!nb)
        return KG_ERR_NOMEM;
    nb->arena_ = ea;
    kg_xctx x;
    search s = {0};
    s.x = &x;
    hood h = {0};
    h.max = max_edges ? max_edges : DEFAULT_MAX_EDGES;
    kg_id center = 0;
    kg_status status = kg_xctx_open(&x, store, ea->arena);
    if (status == KG_OK)
        status = kg_walk_init(&s.walk, &x);
    if (status == KG_OK && !(s.nodes = kg_idtab_new(1)))
        status = kg_xctx_nomem(&x);
    if (status == KG_OK)
        status = kg_xentity(&x, entity, &center);
    if (status == KG_OK)
        status = gather(&s, center, depth ? depth : 1, &h);
    if (status == KG_OK && h.n)
        qsort(h.v, h.n, sizeof *h.v, ranked_hop_cmp);
    const kg_node *c = status == KG_OK ? kg_xnode(&x, center) : NULL;
    if (status == KG_OK && !c)
        status = kg_xctx_nomem(&x);
    if (status == KG_OK && h.n)
        status = hood_publish(&x, ea->arena, &h, nb);
    if (c)
        nb->center = *c;
    nb->truncated = h.truncated;
    free(h.v);
    status = finish_search(&s, &x, ea, status);
    if (status == KG_OK)
        *out = nb;
    return status;
}

void kg_neighborhood_free(kg_neighborhood *n)
{
    if (n)
        kg_xresult_free(n->arena_);
}
