/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/timeline.c - what the graph dates about an entity: the date
 * properties of the issue 20 vocabulary (kg:date, kg:announcedDate,
 * kg:startDate, kg:endDate, kg:dueDate) on the entity and on the nodes
 * linked to it (walk.c), in date order at the precision stated
 * (dates.c), each with the link and the sentences behind it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/explore_impl.h"
#include "kg/grow.h"

/* The date properties, in the order entries of one date are listed. */
static const struct {
    kg_vocab v;
    const char *when;
} date_kinds[] = {
    {V_ANNOUNCED_DATE, "announced"}, {V_DATE, "date"}, {V_START_DATE, "start"},
    {V_DUE_DATE, "due"},             {V_END_DATE, "end"},
};
enum { N_KINDS = sizeof date_kinds / sizeof date_kinds[0] };

typedef struct entry {
    kg_timeline_entry e;
    unsigned kind;
} entry;

typedef struct gather {
    kg_xctx *x;
    kg_id entity;
    entry *items;
    size_t n, cap;
} gather;

/* Adds an entry for each date property of node, linked to the entity by
 * edge (NULL: node is the entity). */
static kg_status add_dates(gather *g, kg_id node, const kg_xedge *edge)
{
    kg_xctx *x = g->x;
    for (unsigned k = 0; k < N_KINDS; k++) {
        kg_id p = x->v[date_kinds[k].v];
        kg_scan *scan = p ? kg_xscan(x, node, p, 0) : NULL;
        kg_quad q;
        kg_status st = KG_OK;
        while (st == KG_OK && scan && kg_scan_next(scan, &q)) {
            if (!kg_grow(&g->items, &g->cap, g->n, sizeof *g->items, 16)) {
                st = kg_xctx_nomem(x);
                break;
            }
            entry *en = &g->items[g->n];
            memset(en, 0, sizeof *en);
            en->kind = k;
            en->e.when = date_kinds[k].when;
            en->e.date = kg_xvalue(x, q.o);
            en->e.date_property = kg_xvalue(x, p);
            const kg_node *nd = kg_xnode(x, node);
            if (!en->e.date || !en->e.date_property || !nd) {
                st = kg_xctx_nomem(x);
                break;
            }
            en->e.node = *nd;
            en->e.self = edge == NULL;
            if (edge)
                st = kg_xhop(x, g->entity, edge->p, node, edge->forward, &en->e.link);
            if (st == KG_OK)
                st = kg_xevidence(x, node, p, q.o, &en->e.date_evidence, &en->e.n_date_evidence);
            if (st == KG_OK)
                g->n++;
        }
        kg_scan_close(scan);
        if (st != KG_OK)
            return st;
    }
    return KG_OK;
}

typedef struct ordered_edge {
    const char *key; /* property and node IRIs, for a stable first link */
    kg_xedge edge;
} ordered_edge;

static int ordered_edge_cmp(const void *pa, const void *pb)
{
    const ordered_edge *a = pa, *b = pb;
    return strcmp(a->key, b->key);
}

/* The entity's dates, then those of each node linked to it, once per node
 * (its first link in IRI order). */
static kg_status collect(gather *g)
{
    kg_walk w;
    kg_status st = kg_walk_init(&w, g->x);
    kg_xedges edges = {0};
    if (st == KG_OK)
        st = add_dates(g, g->entity, NULL);
    if (st == KG_OK)
        st = kg_walk_edges(&w, g->entity, &edges);
    ordered_edge *order = st == KG_OK ? malloc((edges.n + 1) * sizeof *order) : NULL;
    if (st == KG_OK && !order)
        st = kg_xctx_nomem(g->x);
    for (size_t i = 0; st == KG_OK && i < edges.n; i++) {
        const char *p = kg_xvalue(g->x, edges.v[i].p), *o = kg_xvalue(g->x, edges.v[i].other);
        char *key = p && o ? kg_arena_alloc(g->x->arena, strlen(p) + strlen(o) + 3) : NULL;
        if (!key)
            st = kg_xctx_nomem(g->x);
        else
            sprintf(key, "%s %s%c", o, p, edges.v[i].forward ? '>' : '<');
        order[i] = (ordered_edge){key, edges.v[i]};
    }
    if (st == KG_OK)
        qsort(order, edges.n, sizeof *order, ordered_edge_cmp);
    kg_idtab *seen = st == KG_OK ? kg_idtab_new(1) : NULL;
    if (st == KG_OK && !seen)
        st = kg_xctx_nomem(g->x);
    for (size_t i = 0; st == KG_OK && i < edges.n; i++) {
        kg_id v = order[i].edge.other;
        int fresh = v == g->entity ? 0 : kg_idtab_put(seen, &v, NULL);
        if (fresh < 0)
            st = kg_xctx_nomem(g->x);
        else if (fresh)
            st = add_dates(g, v, &order[i].edge);
    }
    kg_idtab_free(seen);
    free(order);
    kg_xedges_free(&edges);
    kg_walk_free(&w);
    return st;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = kg_date_order(a->e.date, b->e.date);
    if (!c && a->kind != b->kind)
        c = a->kind < b->kind ? -1 : 1;
    if (!c)
        c = strcmp(a->e.node.term.value, b->e.node.term.value);
    return c;
}

kg_status kg_timeline_find(kg_timeline **out, kg_store *store, const kg_term *entity)
{
    *out = NULL;
    kg_explore_arena *ea;
    kg_timeline *tl = kg_xresult_new(sizeof *tl, &ea);
    if (!tl)
        return KG_ERR_NOMEM;
    tl->arena_ = ea;
    kg_xctx x;
    gather g = {&x, 0, NULL, 0, 0};
    kg_status st = kg_xctx_open(&x, store, ea->arena);
    if (st == KG_OK)
        st = kg_xentity(&x, entity, &g.entity);
    const kg_node *en = st == KG_OK ? kg_xnode(&x, g.entity) : NULL;
    if (st == KG_OK && !en)
        st = kg_xctx_nomem(&x);
    if (st == KG_OK) {
        tl->entity = *en;
        st = collect(&g);
    }
    if (st == KG_OK && g.n) {
        qsort(g.items, g.n, sizeof *g.items, entry_cmp);
        kg_timeline_entry *items = kg_arena_alloc(ea->arena, g.n * sizeof *items);
        if (!items)
            st = kg_xctx_nomem(&x);
        for (size_t i = 0; items && i < g.n; i++)
            items[i] = g.items[i].e;
        tl->items = items;
        tl->n = items ? g.n : 0;
    }
    free(g.items);
    kg_xctx_close(&x);
    if (st != KG_OK) {
        kg_xresult_free(ea);
        return st;
    }
    *out = tl;
    return KG_OK;
}

void kg_timeline_free(kg_timeline *timeline)
{
    if (timeline)
        kg_xresult_free(timeline->arena_);
}
