/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/paths.c - shortest paths between two entities and the
 * neighbourhood of one, by breadth-first search over the walk graph
 * (walk.c). Every shortest path is kept: each node reached remembers every
 * edge that reached it at its distance, and the paths are read back from
 * the target. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "explore/explore_impl.h"
#include "util/grow.h"

enum { DEFAULT_MAX_LEN = 6, DEFAULT_MAX_PATHS = 20, DEFAULT_MAX_EDGES = 400 };
#define NO_PRED UINT32_MAX

/* An edge that reached a node at its distance: from node `from` (an index
 * into the search's nodes) along p; forward when the triple is (from p node). */
typedef struct pred {
    uint32_t from, next;
    kg_id p;
    bool forward;
} pred;

/* What the search knows of a node: its distance from the start and its
 * first predecessor edge on a shortest path (NO_PRED: none yet). */
typedef struct node_info {
    unsigned dist;
    uint32_t first_pred;
} node_info;

typedef struct search {
    kg_xctx *x;
    kg_walk walk;
    kg_idtab *nodes; /* id -> index */
    node_info *info; /* by index */
    size_t cap;
    pred *preds;
    size_t n_preds, cap_preds;
} search;

static void search_free(search *s)
{
    kg_walk_free(&s->walk);
    kg_idtab_free(s->nodes);
    free(s->info);
    free(s->preds);
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
    if (!kg_grow(&s->info, &s->cap, *index, sizeof *s->info, 256))
        return false;
    s->info[*index] = (node_info){dist, NO_PRED};
    return true;
}

static bool add_pred(search *s, uint32_t to, uint32_t from, kg_id p, bool forward)
{
    if (!kg_grow(&s->preds, &s->cap_preds, s->n_preds, sizeof *s->preds, 256))
        return false;
    s->preds[s->n_preds] = (pred){from, s->info[to].first_pred, p, forward};
    s->info[to].first_pred = (uint32_t)s->n_preds++;
    return true;
}

/* Breadth-first from start until target's level is complete (or max_len). */
static kg_status bfs(search *s, kg_id start, kg_id target, unsigned max_len)
{
    uint32_t index;
    bool added;
    if (!visit(s, start, 0, &index, &added))
        return kg_xctx_nomem(s->x);
    kg_xedges edges = {0};
    kg_status status = KG_OK;
    size_t level_start = 0;
    for (unsigned d = 0; d < max_len && status == KG_OK; d++) {
        size_t level_end = kg_idtab_count(s->nodes);
        if (level_start == level_end)
            break;
        for (size_t i = level_start; status == KG_OK && i < level_end; i++) {
            kg_id u = kg_idtab_key(s->nodes, (uint32_t)i)[0];
            if (u == target || (i > 0 && !kg_walk_node_ok(&s->walk, u)))
                continue;
            if (kg_store_interrupted(s->x->store)) {
                status = KG_ERR_INTERRUPTED;
                break;
            }
            status = kg_walk_edges(&s->walk, u, &edges);
            for (size_t e = 0; status == KG_OK && e < edges.n; e++) {
                uint32_t v;
                if (!visit(s, edges.v[e].other, d + 1, &v, &added))
                    status = kg_xctx_nomem(s->x);
                else if (s->info[v].dist == d + 1 &&
                         !add_pred(s, v, (uint32_t)i, edges.v[e].p, edges.v[e].forward))
                    status = kg_xctx_nomem(s->x);
            }
        }
        level_start = level_end;
        if (kg_idtab_find(s->nodes, &target, &index))
            break;
    }
    kg_xedges_free(&edges);
    return status;
}

typedef struct collect {
    search *s;
    uint32_t target;  /* node index */
    kg_path *paths;
    size_t n, max;
    bool truncated;
    uint32_t *stack;  /* pred indexes: stack[0] reached the target */
} collect;

/* The node index the pred at stack[j] leads into. */
static uint32_t pred_to(const collect *c, unsigned j)
{
    return j == 0 ? c->target : c->s->preds[c->stack[j - 1]].from;
}

static kg_status emit(collect *c, unsigned len)
{
    if (c->n == c->max) {
        c->truncated = true;
        return KG_OK;
    }
    kg_xctx *x = c->s->x;
    kg_hop *hops = kg_arena_alloc(x->arena, (len ? len : 1) * sizeof *hops);
    if (!hops)
        return kg_xctx_nomem(x);
    for (unsigned k = 0; k < len; k++) {
        unsigned j = len - 1 - k;
        const pred *pr = &c->s->preds[c->stack[j]];
        kg_id from = kg_idtab_key(c->s->nodes, pr->from)[0];
        kg_id to = kg_idtab_key(c->s->nodes, pred_to(c, j))[0];
        kg_status st = kg_xhop(x, from, pr->p, to, pr->forward, &hops[k]);
        if (st != KG_OK)
            return st;
    }
    c->paths[c->n].hops = hops;
    c->paths[c->n].n = len;
    c->n++;
    return KG_OK;
}

/* Every shortest path into node v, which is `depth` hops from the target. */
static kg_status walk_back(collect *c, uint32_t v, unsigned depth)
{
    if (c->s->info[v].dist == 0)
        return emit(c, depth);
    kg_status status = KG_OK;
    for (uint32_t p = c->s->info[v].first_pred; status == KG_OK && p != NO_PRED && !c->truncated;
         p = c->s->preds[p].next) {
        c->stack[depth] = p;
        status = walk_back(c, c->s->preds[p].from, depth + 1);
    }
    return status;
}

static kg_status lookup_entity(kg_xctx *x, const kg_term *t, kg_id *out)
{
    *out = kg_xlookup(x, t);
    if (*out)
        return KG_OK;
    return kg_error_set(kg_store_error_mut(x->store), KG_ERR_NOT_FOUND, NULL,
                        "%s is not in the store", t->value ? t->value : "(none)");
}

kg_status kg_path_find(kg_path_list **out, kg_store *store, const kg_term *a, const kg_term *b,
                       unsigned max_len, unsigned max_paths)
{
    *out = NULL;
    kg_explore_arena *ea;
    kg_path_list *list = kg_xresult_new(sizeof *list, &ea);
    if (!list)
        return KG_ERR_NOMEM;
    list->arena_ = ea;
    kg_xctx x;
    search s = {0};
    s.x = &x;
    kg_id from = 0, to = 0;
    kg_status status = kg_xctx_open(&x, store, ea->arena);
    if (status == KG_OK)
        status = kg_walk_init(&s.walk, &x);
    if (status == KG_OK && !(s.nodes = kg_idtab_new(1)))
        status = kg_xctx_nomem(&x);
    if (status == KG_OK)
        status = lookup_entity(&x, a, &from);
    if (status == KG_OK)
        status = lookup_entity(&x, b, &to);
    if (status == KG_OK)
        status = bfs(&s, from, to, max_len ? max_len : DEFAULT_MAX_LEN);
    uint32_t target;
    if (status == KG_OK && kg_idtab_find(s.nodes, &to, &target)) {
        collect c = {&s, target, NULL, 0, max_paths ? max_paths : DEFAULT_MAX_PATHS, false, NULL};
        c.paths = kg_arena_alloc(ea->arena, c.max * sizeof *c.paths);
        c.stack = malloc((s.info[target].dist + 1) * sizeof *c.stack);
        status = c.paths && c.stack ? walk_back(&c, target, 0) : kg_xctx_nomem(&x);
        free(c.stack);
        list->items = c.paths;
        list->n = c.n;
        list->truncated = c.truncated;
    }
    status = finish_search(&s, &x, ea, status);
    if (status == KG_OK)
        *out = list;
    return status;
}

void kg_path_list_free(kg_path_list *list)
{
    if (list)
        kg_xresult_free(list->arena_);
}

/* ---- neighbourhoods ---- */

typedef struct hood {
    kg_hop *hops;
    unsigned *depth;
    size_t n, cap, max;
    bool truncated;
} hood;

static kg_status add_edge(kg_xctx *x, hood *h, kg_id from, const kg_xedge *e, unsigned depth)
{
    if (h->n == h->max) {
        h->truncated = true;
        return KG_OK;
    }
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        kg_hop *hops = realloc(h->hops, cap * sizeof *hops);
        if (hops)
            h->hops = hops;
        unsigned *d = realloc(h->depth, cap * sizeof *d);
        if (d)
            h->depth = d;
        if (!hops || !d)
            return kg_xctx_nomem(x);
        h->cap = cap;
    }
    h->depth[h->n] = depth;
    return kg_xhop(x, from, e->p, e->other, e->forward, &h->hops[h->n++]);
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
        unsigned d = s->info[i].dist;
        kg_id u = kg_idtab_key(s->nodes, (uint32_t)i)[0];
        if (d >= depth || (i > 0 && !kg_walk_node_ok(&s->walk, u)))
            continue;
        status = kg_walk_edges(&s->walk, u, &edges);
        for (size_t e = 0; status == KG_OK && !h->truncated && e < edges.n; e++) {
            const kg_xedge *ed = &edges.v[e];
            kg_id triple[3] = {ed->forward ? u : ed->other, ed->p, ed->forward ? ed->other : u};
            int fresh = kg_idtab_put(seen, triple, NULL);
            if (fresh < 0 || !visit(s, ed->other, d + 1, &index, &added))
                status = kg_xctx_nomem(s->x);
            else if (fresh)
                status = add_edge(s->x, h, u, ed, d + 1);
        }
    }
    kg_xedges_free(&edges);
    kg_idtab_free(seen);
    return status;
}

typedef struct ranked_hop {
    unsigned depth;
    kg_hop hop;
} ranked_hop;

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

/* Sorts h's hops (and their depths) with ranked_hop_cmp. */
static bool sort_hood(hood *h)
{
    ranked_hop *r = malloc(h->n * sizeof *r);
    if (!r)
        return false;
    for (size_t i = 0; i < h->n; i++)
        r[i] = (ranked_hop){h->depth[i], h->hops[i]};
    qsort(r, h->n, sizeof *r, ranked_hop_cmp);
    for (size_t i = 0; i < h->n; i++) {
        h->depth[i] = r[i].depth;
        h->hops[i] = r[i].hop;
    }
    free(r);
    return true;
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
        status = lookup_entity(&x, entity, &center);
    if (status == KG_OK)
        status = gather(&s, center, depth ? depth : 1, &h);
    if (status == KG_OK && h.n && !sort_hood(&h))
        status = kg_xctx_nomem(&x);
    const kg_node *c = status == KG_OK ? kg_xnode(&x, center) : NULL;
    if (status == KG_OK && !c)
        status = kg_xctx_nomem(&x);
    if (status == KG_OK && h.n) {
        kg_hop *hops = kg_arena_alloc(ea->arena, h.n * sizeof *hops);
        unsigned *d = kg_arena_alloc(ea->arena, h.n * sizeof *d);
        if (!hops || !d)
            status = kg_xctx_nomem(&x);
        else {
            memcpy(hops, h.hops, h.n * sizeof *hops);
            memcpy(d, h.depth, h.n * sizeof *d);
            nb->hops = hops;
            nb->depth = d;
            nb->n = h.n;
        }
    }
    if (c)
        nb->center = *c;
    nb->truncated = h.truncated;
    free(h.hops);
    free(h.depth);
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
