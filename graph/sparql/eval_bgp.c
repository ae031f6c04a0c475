/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/eval_bgp.c - basic graph patterns: triple and path patterns joined
 * by index nested loops, in an order chosen while evaluating.
 *
 * Each time the next pattern must be chosen, every remaining triple pattern
 * is priced with kg_view_estimate using the values bound so far (the size
 * of the index range it would scan: exact for small ranges, within an
 * index block at each end for big ones), and the cheapest pattern that
 * shares a bound variable wins. So the written order of the patterns never
 * matters, and a pattern whose range is empty for the current bindings ends
 * that branch at once. A pattern's last estimate is kept while the values
 * it is asked for stay the same, and a pattern with a probe table is priced
 * from the table, so pricing does not cost an index search per row. Filters
 * pushed into the BGP run as soon as their variables are bound.
 *
 * Also here: kg_dscan, the triple scan over an active graph (one graph, the
 * default graph, the union, or the merge of a FROM list). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

/* ------------------------------------------------------------- dscan */

static bool store_id(kg_id id)
{
    return id <= KG_ID_STORE_MAX;
}

static void dscan_start(kg_dscan *d)
{
    kg_view *view = d->ev->view;
    d->ev->scans++;
    if (!d->graph.list)
        d->scan = kg_scan_open(view, d->s, d->p, d->o, d->graph.mode, d->graph.g);
    else if (d->gi < d->graph.nlist)
        d->scan = kg_scan_open(view, d->s, d->p, d->o, KG_GRAPHS_ONE, d->graph.list[d->gi]);
    else
        d->scan = NULL;
}

void kg_dscan_open(kg_dscan *d, kg_eval *ev, const kg_active_graph *graph, kg_id s, kg_id p,
                   kg_id o)
{
    d->ev = ev;
    d->graph = *graph;
    d->s = s;
    d->p = p;
    d->o = o;
    d->gi = 0;
    d->scan = NULL;
    d->pos = d->n = 0;
    if (!store_id(s) || !store_id(p) || !store_id(o))
        return; /* a term the store lacks matches nothing */
    dscan_start(d);
}

static bool in_earlier_graph(kg_dscan *d, const kg_quad *q)
{
    for (size_t i = 0; i < d->gi; i++) {
        d->ev->scans++;
        kg_scan *sc = kg_scan_open(d->ev->view, q->s, q->p, q->o, KG_GRAPHS_ONE, d->graph.list[i]);
        kg_quad tmp;
        bool found = sc && kg_scan_next(sc, &tmp);
        kg_scan_close(sc);
        if (found)
            return true;
    }
    return false;
}

/* Up to max quads straight from the store's scan (no FROM list), polling
 * once a block; the scan is closed at its end. */
static size_t read_scan(kg_dscan *d, kg_quad *out, size_t max)
{
    size_t n = 0;
    while (n < max && d->scan && kg_eval_poll(d->ev)) {
        size_t got = kg_scan_next_many(d->scan, out + n, max - n);
        if (got == 0) {
            kg_scan_close(d->scan);
            d->scan = NULL;
        }
        n += got;
    }
    return n;
}

bool kg_dscan_next(kg_dscan *d, kg_quad *out)
{
    if (d->pos < d->n && d->ev->status == KG_OK) {
        *out = d->batch[d->pos++];
        return true;
    }
    if (!d->graph.list) {
        d->pos = 0;
        d->n = (unsigned)read_scan(d, d->batch, KG_DSCAN_BATCH);
        if (d->n == 0)
            return false;
        *out = d->batch[d->pos++];
        return true;
    }
    /* The merge of a FROM list, a quad at a time: each is checked
     * against the graphs before. */
    while (d->scan) {
        if (!kg_eval_poll(d->ev))
            return false;
        if (kg_scan_next(d->scan, out)) {
            /* The merge of several graphs is a set of triples. */
            if (d->gi > 0 && in_earlier_graph(d, out))
                continue;
            return true;
        }
        kg_scan_close(d->scan);
        d->scan = NULL;
        d->gi++;
        dscan_start(d);
    }
    return false;
}

size_t kg_dscan_next_many(kg_dscan *d, kg_quad *out, size_t max)
{
    size_t n = 0;
    while (n < max && d->pos < d->n && d->ev->status == KG_OK)
        out[n++] = d->batch[d->pos++];
    if (!d->graph.list)
        return n + read_scan(d, out + n, max - n); /* past the batch */
    while (n < max && kg_dscan_next(d, &out[n]))
        n++;
    return n;
}

void kg_dscan_close(kg_dscan *d)
{
    kg_scan_close(d->scan);
    d->scan = NULL;
}

uint64_t kg_dscan_estimate(kg_eval *ev, const kg_active_graph *graph, kg_id s, kg_id p, kg_id o)
{
    if (!store_id(s) || !store_id(p) || !store_id(o))
        return 0;
    if (!graph->list)
        return kg_view_estimate(ev->view, s, p, o, graph->mode, graph->g);
    uint64_t total = 0;
    for (size_t i = 0; i < graph->nlist; i++)
        total += kg_view_estimate(ev->view, s, p, o, KG_GRAPHS_ONE, graph->list[i]);
    return total;
}

/* --------------------------------------------------------------- BGP */

typedef struct item {
    const kg_alg_triple *t;
    kg_id c[3];          /* constants' ids (0 for variables) */
    kg_path_prog *path;  /* path patterns */
    /* Lookups with one variable position bound (see probe_range) and,
     * once they were many, the pattern's probe table. */
    kg_probe_slot probe;
    /* The last estimate asked of the item and what it was asked for: the
     * planner prices every remaining pattern for every row, and a pattern
     * no bound variable reaches is asked the same each time. */
    bool est_known;
    kg_id est_v[3];
    kg_active_graph est_graph;
    uint64_t est;
} item;

typedef struct level {
    size_t item;
    uint64_t rows; /* the item's estimated range when it was chosen, or 0 */
    uint64_t read, passed; /* since it was opened: candidates, and solutions */
    kg_dscan scan;
    bool probing;                /* reading [from, to) of the item's probe table */
    const kg_quad *from, *to;
    kg_idvec pairs; /* path patterns: (s, o) pairs */
    size_t pos;
    bool walking;      /* a path with both ends unbound: pairs come from walk */
    kg_path_walk walk;
} level;

typedef struct filter {
    kg_alg_expr *expr;
    unsigned *vars;
    size_t nvars;
} filter;

typedef struct bgp_it {
    kg_iter base;
    item *items;
    size_t n;
    level *levels;
    kg_id **rows; /* rows[d]: bindings before level d */
    bool *used;
    filter *filters;
    size_t nfilters;
    long depth;   /* -1 when exhausted */
    kg_active_graph graph;
} bgp_it;

static const kg_alg_term *pos(const item *it, int i)
{
    return i == 0 ? &it->t->s : i == 1 ? &it->t->p : &it->t->o;
}

static kg_id value(const item *it, int i, const kg_id *row)
{
    const kg_alg_term *t = pos(it, i);
    return t->is_var ? row[t->slot] : it->c[i];
}

/* Filters whose variables are all bound in after but not all in before. */
static bool filters_pass(bgp_it *b, const kg_id *before, const kg_id *after)
{
    for (size_t f = 0; f < b->nfilters; f++) {
        const filter *fl = &b->filters[f];
        bool now = true, earlier = before != NULL;
        for (size_t i = 0; i < fl->nvars; i++) {
            now = now && after[fl->vars[i]];
            earlier = earlier && before[fl->vars[i]];
        }
        if (now && !earlier && !kg_eval_filter(b->base.ev, &fl->expr, 1, after))
            return false;
    }
    return true;
}

/* True when binding the item's variables would let some filter run that
 * cannot run yet: that pattern prunes rows before the others multiply them. */
static bool completes_filter(const bgp_it *b, const item *it, const kg_id *row)
{
    for (size_t f = 0; f < b->nfilters; f++) {
        const filter *fl = &b->filters[f];
        bool all = true, some_new = false;
        for (size_t i = 0; i < fl->nvars && all; i++) {
            unsigned v = fl->vars[i];
            if (row[v])
                continue;
            bool binds = false;
            for (int k = 0; k < 3; k++)
                binds = binds || (pos(it, k)->is_var && pos(it, k)->slot == v);
            all = binds;
            some_new = true;
        }
        if (all && some_new)
            return true;
    }
    return false;
}

/* GRAPH ?g as quad patterns (kg_active_graph): until ?g is bound a scan
 * ranges over every named graph, then over the one ?g is bound to. */
static bool quad_patterns(const bgp_it *b)
{
    return !b->graph.list && b->graph.mode == KG_GRAPHS_NAMED;
}

static kg_active_graph level_graph(const bgp_it *b, const kg_id *row)
{
    if (quad_patterns(b) && row[b->graph.slot])
        return (kg_active_graph){.mode = KG_GRAPHS_ONE, .g = row[b->graph.slot]};
    return b->graph;
}

/* The one variable position of the item that v binds, or -1 when none or
 * more than one is bound: the position a probe table is sorted on. */
static int probe_key(const item *it, const kg_id v[3])
{
    int key = -1;
    for (int i = 0; i < 3; i++) {
        if (!pos(it, i)->is_var || !v[i])
            continue;
        if (key >= 0)
            return -1;
        key = i;
    }
    return key;
}

/* The size of the item's range for the values v: from its probe table
 * when it has one for this lookup (exact, and a search in a small array
 * instead of two in the store's indexes - at 10M triples the planner's
 * index counts were 40% of a four-pattern join), else the store's
 * estimate, kept for the next row asking the same. */
static uint64_t estimate(bgp_it *b, item *it, const kg_id v[3], const kg_active_graph *graph)
{
    kg_probe *table = kg_probe_slot_table(&it->probe, graph, probe_key(it, v));
    if (table) {
        const kg_quad *from, *to;
        kg_probe_find(table, v[table->key], &from, &to);
        return (uint64_t)(to - from);
    }
    if (!it->est_known || !kg_active_graph_same(&it->est_graph, graph) ||
        memcmp(it->est_v, v, sizeof it->est_v) != 0) {
        b->base.ev->estimates++;
        it->est = kg_dscan_estimate(b->base.ev, graph, v[0], v[1], v[2]);
        memcpy(it->est_v, v, sizeof it->est_v);
        it->est_graph = *graph;
        it->est_known = true;
    }
    return it->est;
}

/* The price of evaluating an item next, whether it shares a bound variable
 * (or has no variables at all), and how many of its positions are bound. */
static uint64_t price(bgp_it *b, item *it, const kg_id *row, bool *connected, int *nbound)
{
    kg_id v[3];
    bool any_var = false, bound_var = false;
    *nbound = 0;
    for (int i = 0; i < 3; i++) {
        v[i] = value(it, i, row);
        *nbound += v[i] != 0;
        if (pos(it, i)->is_var && !(it->path && i == 1)) {
            any_var = true;
            bound_var = bound_var || v[i];
        }
    }
    *connected = bound_var || !any_var;
    if (it->path) {
        /* Paths are priced by their bound ends only. */
        if (v[0] && v[2])
            return 2;
        return v[0] || v[2] ? 64 : UINT64_MAX / 2;
    }
    if (v[0] && v[1] && v[2])
        return store_id(v[0]) && store_id(v[1]) && store_id(v[2]) ? 1 : 0;
    kg_active_graph graph = level_graph(b, row);
    return estimate(b, it, v, &graph);
}

/* Whether two estimates are too close to tell apart: a big range is
 * counted to within an index block at each end (kg_view_estimate), so at
 * 100M triples `?c a kg:Company` and `?c kg:headquarteredIn ?city`, equal
 * in truth, came out a few keys apart, and the smaller decided the order:
 * the lookups that followed came unsorted, and the GROUP BY over them took
 * six times as long. */
static bool about_equal(uint64_t a, uint64_t b)
{
    uint64_t hi = a > b ? a : b, lo = a > b ? b : a;
    return hi - lo <= KG_ESTIMATE_SLACK + hi / 16;
}

/* The item to evaluate next; *rows gets its estimated range (0 when it
 * was not priced: the last item left, or a path). */
static size_t choose(bgp_it *b, const kg_id *row, uint64_t *rows)
{
    size_t best = SIZE_MAX, remaining = 0, only = 0;
    *rows = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->used[i]) {
            remaining++;
            only = i;
        }
    if (remaining == 1)
        return only;
    uint64_t best_cost = UINT64_MAX;
    bool best_connected = false, best_filters = false;
    int best_bound = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (b->used[i])
            continue;
        bool connected;
        int nbound;
        uint64_t cost = price(b, &b->items[i], row, &connected, &nbound);
        if (cost == 0 || (cost == 1 && nbound == 3)) {
            *rows = cost;
            return i; /* an empty range or an existence check: do it now */
        }
        /* Between equal ranges, so that the written order does not decide:
         * first one that lets a filter run, then the one with more bound
         * positions, whose solutions come sorted on the free variable (the
         * lookups that follow then walk the indexes in order). */
        bool filters = false;
        bool better = best == SIZE_MAX || (connected && !best_connected);
        bool close = about_equal(cost, best_cost);
        if (!better && connected == best_connected && (cost < best_cost || close)) {
            filters = completes_filter(b, &b->items[i], row);
            better = !close || (filters && !best_filters) ||
                     (filters == best_filters &&
                      (nbound > best_bound || (nbound == best_bound && cost < best_cost)));
        } else if (better) {
            filters = completes_filter(b, &b->items[i], row);
        }
        if (better) {
            best = i;
            best_cost = cost;
            best_connected = connected;
            best_bound = nbound;
            best_filters = filters;
        }
    }
    *rows = b->items[best].path ? 0 : best_cost;
    return best;
}

/* ----------------------------------------------------------- probe tables */

/* The solutions level d is expected to give since it was opened: its
 * estimated range scaled by the share of its candidates that passed so far
 * (a filter that keeps one row in a hundred announces a hundredth). */
static uint64_t coming_rows(const level *lv)
{
    return lv->read ? (uint64_t)((double)lv->rows * (double)lv->passed / (double)lv->read) : 0;
}

/* A triple item looked up with exactly one of its variables bound (the
 * join variable) answers from its probe table, which is built when the
 * lookups so far, or those the level above announces (coming), make
 * reading the whole pattern worth it. False: scan the index as usual. */
static bool probe_range(bgp_it *b, item *it, const kg_id v[3], const kg_active_graph *graph,
                        level *lv, const level *above)
{
    int key = probe_key(it, v);
    /* a division: asked only when the table may be built now */
    uint64_t coming = above && kg_probe_slot_due(&it->probe) ? coming_rows(above) : 0;
    kg_probe *table = kg_probe_slot_lookup(&it->probe, b->base.ev, graph, v, key, coming);
    if (!table)
        return false;
    kg_probe_find(table, v[key], &lv->from, &lv->to);
    return true;
}

/* True when the variable at position i of the path item it was bound by a
 * triple pattern opened before level d, at its subject or object, over the
 * same active graph: the term is then a node of the graph, which a path of
 * length zero from it would otherwise look up in the indexes (the exposure
 * benchmark, `?c a kg:Company . ?c kg:subsidiaryOf* ?owner`, did so once
 * per company). */
static bool bound_as_node(const bgp_it *b, long d, const item *it, int i)
{
    const kg_alg_term *t = pos(it, i);
    if (!t->is_var || quad_patterns(b))
        return false;
    for (long e = 0; e < d; e++) {
        const item *before = &b->items[b->levels[e].item];
        if (before->path)
            continue;
        for (int k = 0; k <= 2; k += 2)
            if (pos(before, k)->is_var && pos(before, k)->slot == t->slot)
                return true;
    }
    return false;
}

static void level_open(bgp_it *b, long d)
{
    level *lv = &b->levels[d];
    const kg_id *row = b->rows[d];
    lv->item = choose(b, row, &lv->rows);
    lv->read = lv->passed = 0;
    b->used[lv->item] = true;
    item *it = &b->items[lv->item];
    kg_id s = value(it, 0, row), o = value(it, 2, row);
    lv->probing = false;
    if (it->path) {
        kg_eval *ev = b->base.ev;
        lv->pairs.n = 0;
        lv->pos = 0;
        lv->walking = !s && !o;
        kg_active_graph saved = ev->graph;
        ev->graph = b->graph;
        if (lv->walking) {
            kg_path_walk_open(&lv->walk, ev, it->path);
        } else {
            kg_id free = it->c[0] ? it->c[0] : it->c[2];
            if (bound_as_node(b, d, it, s ? 0 : 2))
                free = s ? s : o;
            kg_path_eval(ev, it->path, s, o, free, &lv->pairs);
        }
        ev->graph = saved;
    } else {
        kg_active_graph graph = level_graph(b, row);
        kg_id v[3] = {s, value(it, 1, row), o};
        lv->probing = probe_range(b, it, v, &graph, lv, d > 0 ? &b->levels[d - 1] : NULL);
        if (!lv->probing)
            kg_dscan_open(&lv->scan, b->base.ev, &graph, s, v[1], o);
    }
}

static void level_close(bgp_it *b, long d)
{
    level *lv = &b->levels[d];
    if (!b->items[lv->item].path && !lv->probing)
        kg_dscan_close(&lv->scan);
    if (b->items[lv->item].path && lv->walking)
        kg_path_walk_close(&lv->walk, b->base.ev);
    b->used[lv->item] = false;
}

static bool bind(kg_id *row, const kg_alg_term *t, kg_id id)
{
    if (!t->is_var)
        return true;
    if (row[t->slot] && row[t->slot] != id)
        return false; /* the same variable twice in a pattern */
    row[t->slot] = id;
    return true;
}

/* The pairs of the next start node of a walked path into lv->pairs. */
static bool walk_more(bgp_it *b, level *lv)
{
    kg_eval *ev = b->base.ev;
    kg_active_graph saved = ev->graph;
    ev->graph = b->graph;
    bool more = kg_path_walk_next(&lv->walk, ev, &lv->pairs);
    ev->graph = saved;
    lv->pos = 0;
    return more;
}

/* The next solution of level d into rows[d + 1]. */
static bool level_next(bgp_it *b, long d)
{
    level *lv = &b->levels[d];
    const item *it = &b->items[lv->item];
    kg_id *out = b->rows[d + 1];
    unsigned width = b->base.ev->nslots;
    const kg_alg_term graph_var = {.is_var = true, .slot = b->graph.slot};
    for (;;) {
        kg_id s, p = 0, o, g = 0;
        if (it->path) {
            if (lv->pos >= lv->pairs.n && !(lv->walking && walk_more(b, lv)))
                return false;
            s = lv->pairs.v[lv->pos++];
            o = lv->pairs.v[lv->pos++];
        } else {
            kg_quad q;
            if (lv->probing) {
                if (lv->from == lv->to)
                    return false;
                q = *lv->from++;
            } else if (!kg_dscan_next(&lv->scan, &q)) {
                return false;
            }
            s = q.s;
            p = q.p;
            o = q.o;
            g = q.g;
        }
        memcpy(out, b->rows[d], width * sizeof *out);
        lv->read++;
        if (bind(out, &it->t->s, s) && (it->path || bind(out, &it->t->p, p)) &&
            bind(out, &it->t->o, o) && (!quad_patterns(b) || bind(out, &graph_var, g)) &&
            (!b->nfilters || filters_pass(b, b->rows[d], out))) {
            lv->passed++;
            return true;
        }
        if (b->base.ev->status != KG_OK)
            return false;
    }
}

static void bgp_open(kg_iter *itr, const kg_id *in)
{
    bgp_it *b = (bgp_it *)itr;
    unsigned width = itr->ev->nslots;
    b->graph = itr->ev->graph;
    memcpy(b->rows[0], in, width * sizeof *in);
    b->depth = 0;
    if (b->depth == 0 && !filters_pass(b, NULL, b->rows[0]))
        b->depth = -1;
    if (b->depth == 0 && b->n > 0)
        level_open(b, 0);
}

static bool bgp_next(kg_iter *itr, kg_id *out)
{
    bgp_it *b = (bgp_it *)itr;
    unsigned width = itr->ev->nslots;
    if (b->n == 0) {
        /* The empty pattern has one solution, the input. */
        if (b->depth < 0)
            return false;
        b->depth = -1;
        memcpy(out, b->rows[0], width * sizeof *out);
        return true;
    }
    while (b->depth >= 0) {
        if (level_next(b, b->depth)) {
            if ((size_t)b->depth + 1 == b->n) {
                memcpy(out, b->rows[b->n], width * sizeof *out);
                return true;
            }
            b->depth++;
            level_open(b, b->depth);
            continue;
        }
        level_close(b, b->depth);
        b->depth--;
        if (itr->ev->status != KG_OK)
            break;
    }
    while (b->depth >= 0)
        level_close(b, b->depth--);
    return false;
}

static void bgp_close(kg_iter *itr)
{
    bgp_it *b = (bgp_it *)itr;
    if (b->n == 0) {
        b->depth = -1;
        return;
    }
    while (b->depth >= 0)
        level_close(b, b->depth--);
}

static void bgp_destroy(kg_iter *itr)
{
    bgp_it *b = (bgp_it *)itr;
    for (size_t i = 0; i < b->n; i++) {
        kg_idvec_free(&b->levels[i].pairs);
        kg_probe_slot_free(&b->items[i].probe);
        kg_path_prog_free(b->items[i].path);
    }
}

static const kg_iter_ops bgp_ops = {bgp_open, bgp_next, bgp_close, bgp_destroy};

static bool setup_filters(kg_eval *ev, bgp_it *b, const kg_alg *n)
{
    b->nfilters = n->nexprs;
    b->filters = kg_arena_alloc(ev->arena, (n->nexprs + 1) * sizeof *b->filters);
    kg_varset vs = kg_varset_new(ev->arena, ev->nslots);
    if (!b->filters || !vs)
        return false;
    for (size_t f = 0; f < n->nexprs; f++) {
        filter *fl = &b->filters[f];
        memset(vs, 0, ((ev->nslots + 63) / 64 + 1) * sizeof *vs);
        kg_alg_expr_vars(n->exprs[f], vs);
        fl->expr = n->exprs[f];
        fl->nvars = 0;
        fl->vars = kg_arena_alloc(ev->arena, (ev->nslots + 1) * sizeof *fl->vars);
        if (!fl->vars)
            return false;
        for (unsigned s = 0; s < ev->nslots; s++)
            if (kg_varset_has(vs, s))
                fl->vars[fl->nvars++] = s;
    }
    return true;
}

kg_iter *kg_iter_bgp(kg_eval *ev, const kg_alg *n)
{
    bgp_it *b = (bgp_it *)kg_iter_alloc(ev, n, &bgp_ops, sizeof *b);
    if (!b)
        return NULL;
    b->n = n->ntriples;
    b->items = kg_arena_alloc(ev->arena, (b->n + 1) * sizeof *b->items);
    b->levels = kg_arena_alloc(ev->arena, (b->n + 1) * sizeof *b->levels);
    b->used = kg_arena_alloc(ev->arena, b->n + 1);
    b->rows = kg_arena_alloc(ev->arena, (b->n + 1) * sizeof *b->rows);
    if (!b->items || !b->levels || !b->used || !b->rows || !setup_filters(ev, b, n))
        goto nomem;
    memset(b->levels, 0, (b->n + 1) * sizeof *b->levels);
    memset(b->used, 0, b->n + 1);
    /* every item ready for bgp_destroy before any can fail below */
    memset(b->items, 0, (b->n + 1) * sizeof *b->items);
    for (size_t i = 0; i < b->n; i++)
        kg_probe_slot_init(&b->items[i].probe);
    for (size_t i = 0; i <= b->n; i++)
        if (!(b->rows[i] = kg_arena_alloc(ev->arena, (ev->nslots + 1) * sizeof(kg_id))))
            goto nomem;
    for (size_t i = 0; i < b->n; i++) {
        item *it = &b->items[i];
        it->t = &n->triples[i];
        for (int k = 0; k < 3; k++) {
            const kg_alg_term *t = pos(it, k);
            it->c[k] = KG_ID_NONE;
            if (t->is_var || (k == 1 && it->t->path))
                continue;
            /* Constants the store lacks get overlay ids: a triple pattern
             * then matches nothing, but a zero-length path still matches
             * the term itself. */
            it->c[k] = kg_eval_intern(ev, &t->term);
            if (!it->c[k])
                return NULL;
        }
        if (it->t->path && !(it->path = kg_path_compile(ev, it->t->path)))
            return NULL;
    }
    b->depth = -1;
    return &b->base;
nomem:
    kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    return NULL;
}
