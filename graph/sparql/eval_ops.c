/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/eval_ops.c - the streaming algebra operators: Join (index nested
 * loop), LeftJoin, Minus, Union, Filter, Extend, Graph, VALUES, Distinct,
 * Slice, SERVICE, and the replaying cache; and kg_iter_build, which makes
 * the iterator of any node. BGPs are in eval_bgp.c, grouping and ordering
 * (which must see all their input) in eval_group.c. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

static size_t row_bytes(const kg_eval *ev)
{
    return (ev->nslots + 1) * sizeof(kg_id);
}

static kg_id *new_row(kg_eval *ev)
{
    kg_id *row = kg_arena_alloc(ev->arena, row_bytes(ev));
    if (!row)
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    else
        memset(row, 0, row_bytes(ev));
    return row;
}

static void copy_row(const kg_eval *ev, kg_id *dst, const kg_id *src)
{
    memcpy(dst, src, ev->nslots * sizeof *dst);
}

/* ----------------------------------------------------------------- join */

typedef struct join_it {
    kg_iter base;
    kg_iter **kids;
    kg_id **rows; /* rows[i]: input of kids[i]; rows[n]: output */
    size_t n, depth;
    bool open;
} join_it;

static void join_open(kg_iter *it, const kg_id *in)
{
    join_it *j = (join_it *)it;
    copy_row(it->ev, j->rows[0], in);
    j->depth = 0;
    j->open = true;
    kg_iter_open(j->kids[0], j->rows[0]);
}

static bool join_next(kg_iter *it, kg_id *out)
{
    join_it *j = (join_it *)it;
    while (j->open) {
        if (kg_iter_next(j->kids[j->depth], j->rows[j->depth + 1])) {
            if (j->depth + 1 == j->n) {
                copy_row(it->ev, out, j->rows[j->n]);
                return true;
            }
            j->depth++;
            kg_iter_open(j->kids[j->depth], j->rows[j->depth]);
            continue;
        }
        kg_iter_close(j->kids[j->depth]);
        if (j->depth == 0 || it->ev->status != KG_OK) {
            j->open = false;
            break;
        }
        j->depth--;
    }
    return false;
}

static void join_close(kg_iter *it)
{
    join_it *j = (join_it *)it;
    for (size_t i = 0; i < j->n; i++)
        kg_iter_close(j->kids[i]);
    j->open = false;
}

static const kg_iter_ops join_ops = {join_open, join_next, join_close, NULL};

static kg_iter *build_join(kg_eval *ev, const kg_alg *n)
{
    join_it *j = (join_it *)kg_iter_alloc(ev, n, &join_ops, sizeof *j);
    if (!j)
        return NULL;
    j->n = n->nkids;
    j->kids = kg_arena_alloc(ev->arena, n->nkids * sizeof *j->kids);
    j->rows = kg_arena_alloc(ev->arena, (n->nkids + 1) * sizeof *j->rows);
    if (!j->kids || !j->rows)
        return NULL;
    for (size_t i = 0; i < n->nkids; i++)
        if (!(j->kids[i] = kg_iter_build(ev, n->kids[i])))
            return NULL;
    for (size_t i = 0; i <= n->nkids; i++)
        if (!(j->rows[i] = new_row(ev)))
            return NULL;
    return &j->base;
}

/* ------------------------------------------------------------- leftjoin */

typedef struct leftjoin_it {
    kg_iter base;
    kg_iter *left, *right;
    kg_id *lrow;
    bool have_left, matched;
} leftjoin_it;

static void leftjoin_open(kg_iter *it, const kg_id *in)
{
    leftjoin_it *l = (leftjoin_it *)it;
    l->have_left = false;
    kg_iter_open(l->left, in);
}

static bool leftjoin_next(kg_iter *it, kg_id *out)
{
    leftjoin_it *l = (leftjoin_it *)it;
    kg_eval *ev = it->ev;
    for (;;) {
        if (!l->have_left) {
            if (!kg_iter_next(l->left, l->lrow))
                return false;
            l->have_left = true;
            l->matched = false;
            kg_iter_open(l->right, l->lrow);
        }
        while (kg_iter_next(l->right, out)) {
            if (!it->node->expr || kg_eval_filter(ev, &it->node->expr, 1, out)) {
                l->matched = true;
                return true;
            }
        }
        kg_iter_close(l->right);
        if (ev->status != KG_OK)
            return false;
        l->have_left = false;
        if (!l->matched) {
            copy_row(ev, out, l->lrow);
            return true;
        }
    }
}

static void leftjoin_close(kg_iter *it)
{
    leftjoin_it *l = (leftjoin_it *)it;
    kg_iter_close(l->left);
    kg_iter_close(l->right);
    l->have_left = false;
}

static const kg_iter_ops leftjoin_ops = {leftjoin_open, leftjoin_next, leftjoin_close, NULL};

static kg_iter *build_leftjoin(kg_eval *ev, const kg_alg *n)
{
    leftjoin_it *l = (leftjoin_it *)kg_iter_alloc(ev, n, &leftjoin_ops, sizeof *l);
    if (!l || !(l->left = kg_iter_build(ev, n->kids[0])) ||
        !(l->right = kg_iter_build(ev, n->kids[1])) || !(l->lrow = new_row(ev)))
        return NULL;
    return &l->base;
}

/* ---------------------------------------------------------------- cache */

/* Materialises its child once per active graph and replays the rows; the
 * common iterator code joins them with the caller's bindings. Serves
 * sub-selects and the right side of MINUS. */
typedef struct cache_it {
    kg_iter base;
    kg_iter *kid;
    kg_idvec rows;
    unsigned fills; /* how many times rows was (re)computed */
    bool filled;
    kg_active_graph filled_for;
    size_t pos;
} cache_it;

static bool same_graph(const kg_active_graph *a, const kg_active_graph *b)
{
    return a->mode == b->mode && a->g == b->g && a->list == b->list && a->nlist == b->nlist;
}

static bool cache_fill(cache_it *c)
{
    kg_eval *ev = c->base.ev;
    if (c->filled && same_graph(&c->filled_for, &ev->graph))
        return true;
    c->rows.n = 0;
    kg_id *row = c->base.masked;
    memset(row, 0, row_bytes(ev));
    kg_iter_open(c->kid, row);
    while (kg_iter_next(c->kid, row))
        if (!kg_eval_charge(ev, ev->nslots * sizeof *row)) {
            break;
        } else if (!kg_idvec_append(&c->rows, row, ev->nslots)) {
            kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
            break;
        }
    kg_iter_close(c->kid);
    c->filled = ev->status == KG_OK;
    c->filled_for = ev->graph;
    c->fills++;
    return c->filled;
}

static void cache_open(kg_iter *it, const kg_id *in)
{
    (void)in;
    cache_it *c = (cache_it *)it;
    c->pos = 0;
    cache_fill(c);
}

static bool cache_next(kg_iter *it, kg_id *out)
{
    cache_it *c = (cache_it *)it;
    if (!c->filled || c->pos >= c->rows.n)
        return false;
    copy_row(it->ev, out, c->rows.v + c->pos);
    c->pos += it->ev->nslots;
    return true;
}

static void cache_destroy(kg_iter *it)
{
    kg_idvec_free(&((cache_it *)it)->rows);
}

static const kg_iter_ops cache_ops = {cache_open, cache_next, NULL, cache_destroy};

/* A cache iterator standing for node self and computing child. */
static cache_it *make_cache(kg_eval *ev, const kg_alg *self, const kg_alg *child)
{
    cache_it *c = (cache_it *)kg_iter_alloc(ev, self, &cache_ops, sizeof *c);
    if (!c || !(c->kid = kg_iter_build(ev, child)))
        return NULL;
    return c;
}

static kg_iter *build_cache(kg_eval *ev, const kg_alg *n)
{
    cache_it *c = make_cache(ev, n, n->kids[0]);
    return c ? &c->base : NULL;
}

/* ---------------------------------------------------------------- minus */

/* The right rows are indexed by the slots both sides always bind (keys):
 * any two rows share those, so a left row can only be removed by the right
 * rows with its values there, found by hashing instead of a scan of all of
 * them. Without such slots every right row is a candidate. */
typedef struct minus_it {
    kg_iter base;
    kg_iter *left;
    cache_it *right;
    unsigned *keys;    /* slots bound on both sides in every solution */
    size_t nkeys;
    kg_idtab *groups;  /* key values -> group number */
    uint32_t *first;   /* per group: its first right row + 1 (0: none) */
    uint32_t *next;    /* per right row: the next of its group + 1 */
    unsigned indexed;  /* right->fills the index was built for */
    kg_id *key;
} minus_it;

static bool minus_index(minus_it *m)
{
    kg_eval *ev = m->base.ev;
    size_t nrows = m->right->rows.n / ev->nslots;
    kg_idtab_clear(m->groups);
    free(m->first);
    free(m->next);
    m->first = calloc(nrows + 1, sizeof *m->first);
    m->next = calloc(nrows + 1, sizeof *m->next);
    if (!m->first || !m->next)
        return false;
    /* Chained backwards so that each group lists its rows in order. */
    for (size_t r = nrows; r-- > 0;) {
        const kg_id *row = m->right->rows.v + r * ev->nslots;
        for (size_t k = 0; k < m->nkeys; k++)
            m->key[k] = row[m->keys[k]];
        uint32_t g;
        if (kg_idtab_put(m->groups, m->key, &g) < 0)
            return false;
        m->next[r] = m->first[g];
        m->first[g] = (uint32_t)r + 1;
    }
    m->indexed = m->right->fills;
    return true;
}

static void minus_open(kg_iter *it, const kg_id *in)
{
    minus_it *m = (minus_it *)it;
    if (cache_fill(m->right) && m->nkeys && m->indexed != m->right->fills && !minus_index(m))
        kg_eval_fail(it->ev, KG_ERR_NOMEM, "out of memory");
    kg_iter_open(m->left, in);
}

/* 18.5: a left solution goes when some right solution is compatible with
 * it and shares at least one bound variable. */
static bool removed_by(const kg_id *row, const kg_id *other, unsigned width)
{
    bool shared = false;
    for (unsigned s = 0; s < width; s++) {
        if (!row[s] || !other[s])
            continue;
        if (row[s] != other[s])
            return false;
        shared = true;
    }
    return shared;
}

static bool minus_removes(minus_it *m, const kg_id *row)
{
    unsigned width = m->base.ev->nslots;
    const kg_idvec *rows = &m->right->rows;
    if (!m->nkeys) {
        for (size_t r = 0; r < rows->n && kg_eval_poll(m->base.ev); r += width)
            if (removed_by(row, rows->v + r, width))
                return true;
        return false;
    }
    for (size_t k = 0; k < m->nkeys; k++)
        m->key[k] = row[m->keys[k]];
    uint32_t g;
    if (!kg_idtab_find(m->groups, m->key, &g))
        return false;
    for (uint32_t r = m->first[g]; r; r = m->next[r - 1])
        if (removed_by(row, rows->v + (size_t)(r - 1) * width, width))
            return true;
    return false;
}

static bool minus_next(kg_iter *it, kg_id *out)
{
    minus_it *m = (minus_it *)it;
    if (it->ev->status != KG_OK)
        return false;
    while (kg_iter_next(m->left, out))
        if (!minus_removes(m, out))
            return true;
    return false;
}

static void minus_close(kg_iter *it)
{
    kg_iter_close(((minus_it *)it)->left);
}

static void minus_destroy(kg_iter *it)
{
    minus_it *m = (minus_it *)it;
    kg_idtab_free(m->groups);
    free(m->first);
    free(m->next);
}

static const kg_iter_ops minus_ops = {minus_open, minus_next, minus_close, minus_destroy};

/* Finds the key slots (see minus_it). False on ENOMEM. */
static bool minus_keys(minus_it *m, kg_eval *ev, const kg_alg *left, const kg_alg *right)
{
    m->keys = kg_arena_alloc(ev->arena, (ev->nslots + 1) * sizeof *m->keys);
    m->key = kg_arena_alloc(ev->arena, (ev->nslots + 1) * sizeof *m->key);
    if (!m->keys || !m->key)
        return false;
    for (unsigned s = 0; s < ev->nslots && left->certain && right->certain; s++)
        if (kg_varset_has(left->certain, s) && kg_varset_has(right->certain, s))
            m->keys[m->nkeys++] = s;
    return !m->nkeys || (m->groups = kg_idtab_new((unsigned)m->nkeys)) != NULL;
}

static kg_iter *build_minus(kg_eval *ev, const kg_alg *n)
{
    minus_it *m = (minus_it *)kg_iter_alloc(ev, n, &minus_ops, sizeof *m);
    if (!m || !(m->left = kg_iter_build(ev, n->kids[0])))
        return NULL;
    /* The right side does not depend on the left: computed once. */
    m->right = make_cache(ev, n->kids[1], n->kids[1]);
    if (!m->right)
        return NULL;
    if (!minus_keys(m, ev, n->kids[0], n->kids[1])) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return &m->base;
}

/* ---------------------------------------------------------------- union */

typedef struct union_it {
    kg_iter base;
    kg_iter **kids;
    size_t n, cur;
} union_it;

static void union_open(kg_iter *it, const kg_id *in)
{
    union_it *u = (union_it *)it;
    u->cur = 0;
    kg_iter_open(u->kids[0], in);
}

static bool union_next(kg_iter *it, kg_id *out)
{
    union_it *u = (union_it *)it;
    while (u->cur < u->n) {
        if (kg_iter_next(u->kids[u->cur], out))
            return true;
        kg_iter_close(u->kids[u->cur]);
        if (it->ev->status != KG_OK || ++u->cur == u->n)
            break;
        kg_iter_open(u->kids[u->cur], it->in);
    }
    u->cur = u->n;
    return false;
}

static void union_close(kg_iter *it)
{
    union_it *u = (union_it *)it;
    for (size_t i = 0; i < u->n; i++)
        kg_iter_close(u->kids[i]);
}

static const kg_iter_ops union_ops = {union_open, union_next, union_close, NULL};

static kg_iter *build_union(kg_eval *ev, const kg_alg *n)
{
    union_it *u = (union_it *)kg_iter_alloc(ev, n, &union_ops, sizeof *u);
    if (!u)
        return NULL;
    u->n = n->nkids;
    u->kids = kg_arena_alloc(ev->arena, n->nkids * sizeof *u->kids);
    if (!u->kids)
        return NULL;
    for (size_t i = 0; i < n->nkids; i++)
        if (!(u->kids[i] = kg_iter_build(ev, n->kids[i])))
            return NULL;
    return &u->base;
}

/* -------------------------------------------------- filter, extend, slice */

/* One child, opened with the node's input; the operators differ in next. */
typedef struct unary_it {
    kg_iter base;
    kg_iter *kid;
    int64_t seen; /* SLICE: rows skipped or returned */
    kg_idtab *distinct;
} unary_it;

static void unary_open(kg_iter *it, const kg_id *in)
{
    unary_it *u = (unary_it *)it;
    u->seen = 0;
    if (u->distinct)
        kg_idtab_clear(u->distinct);
    kg_iter_open(u->kid, in);
}

static void unary_close(kg_iter *it)
{
    kg_iter_close(((unary_it *)it)->kid);
}

static void unary_destroy(kg_iter *it)
{
    kg_idtab_free(((unary_it *)it)->distinct);
}

static bool filter_next(kg_iter *it, kg_id *out)
{
    unary_it *u = (unary_it *)it;
    while (kg_iter_next(u->kid, out))
        if (kg_eval_filter(it->ev, it->node->exprs, it->node->nexprs, out))
            return true;
    return false;
}

static bool extend_next(kg_iter *it, kg_id *out)
{
    unary_it *u = (unary_it *)it;
    if (!kg_iter_next(u->kid, out))
        return false;
    /* BNODE("x") is one node across the BINDs of one solution: a chain of
     * Extends shares the number of the solution its bottom one pulled. */
    if (it->node->kids[0]->kind != KG_ALG_EXTEND)
        it->ev->vctx.row++;
    out[it->node->slot] = kg_eval_expr_id(it->ev, it->node->expr, out);
    return it->ev->status == KG_OK;
}

static bool slice_next(kg_iter *it, kg_id *out)
{
    unary_it *u = (unary_it *)it;
    const kg_alg *n = it->node;
    for (;;) {
        /* LIMIT stops pulling at once: the child is never asked again.
         * (offset + limit may pass INT64_MAX: compared by difference.) */
        if (n->limit >= 0 && u->seen >= n->offset && u->seen - n->offset >= n->limit)
            return false;
        if (!kg_iter_next(u->kid, out))
            return false;
        if (u->seen++ >= n->offset)
            return true;
    }
}

static bool distinct_next(kg_iter *it, kg_id *out)
{
    unary_it *u = (unary_it *)it;
    const kg_alg *n = it->node;
    kg_id key[64], *k = key;
    if (n->nslots > 64 && !(k = kg_arena_alloc(it->ev->scratch, n->nslots * sizeof *k)))
        return kg_eval_fail(it->ev, KG_ERR_NOMEM, "out of memory"), false;
    while (kg_iter_next(u->kid, out)) {
        k[0] = 0;
        for (size_t i = 0; i < n->nslots; i++)
            k[i] = out[n->slots[i]];
        int added = kg_idtab_put(u->distinct, k, NULL);
        if (added < 0)
            return kg_eval_fail(it->ev, KG_ERR_NOMEM, "out of memory"), false;
        if (added && !kg_eval_charge(it->ev, (n->nslots + 2) * sizeof *k))
            return false;
        if (added)
            return true;
    }
    return false;
}

static const kg_iter_ops filter_ops = {unary_open, filter_next, unary_close, unary_destroy};
static const kg_iter_ops extend_ops = {unary_open, extend_next, unary_close, unary_destroy};
static const kg_iter_ops slice_ops = {unary_open, slice_next, unary_close, unary_destroy};
static const kg_iter_ops distinct_ops = {unary_open, distinct_next, unary_close, unary_destroy};

static kg_iter *build_unary(kg_eval *ev, const kg_alg *n, const kg_iter_ops *ops)
{
    unary_it *u = (unary_it *)kg_iter_alloc(ev, n, ops, sizeof *u);
    if (!u || !(u->kid = kg_iter_build(ev, n->kids[0])))
        return NULL;
    if (ops == &distinct_ops && !(u->distinct = kg_idtab_new(n->nslots ? (unsigned)n->nslots : 1))) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return &u->base;
}

/* ---------------------------------------------------------------- graph */

typedef struct graph_it {
    kg_iter base;
    kg_iter *kid;
    kg_idvec graphs; /* the graphs to range over for this opening */
    size_t cur;
    kg_id *row;
    kg_active_graph active;
    bool running;
} graph_it;

static bool in_named(kg_eval *ev, kg_id g)
{
    if (g == KG_ID_NONE || g > KG_ID_STORE_MAX)
        return false;
    if (ev->ds.named_all)
        return kg_view_graph_exists(ev->view, g);
    for (size_t i = 0; i < ev->ds.nnamed; i++)
        if (ev->ds.named[i] == g)
            return true;
    return false;
}

static int collect_graph(void *ctx, kg_id g)
{
    return kg_idvec_push(ctx, g) ? 0 : 1;
}

static bool graph_start(graph_it *gi)
{
    kg_eval *ev = gi->base.ev;
    while (gi->cur < gi->graphs.n) {
        kg_id g = gi->graphs.v[gi->cur];
        copy_row(ev, gi->row, gi->base.in);
        const kg_alg_term *t = &gi->base.node->graph;
        if (t->is_var)
            gi->row[t->slot] = g;
        gi->active = (kg_active_graph){.mode = KG_GRAPHS_ONE, .g = g};
        kg_active_graph saved = ev->graph;
        ev->graph = gi->active;
        kg_iter_open(gi->kid, gi->row);
        ev->graph = saved;
        return true;
    }
    return false;
}

/* Opens the pattern once per graph ?g may take. */
static void graph_open_each(graph_it *gi, const kg_id *in)
{
    kg_eval *ev = gi->base.ev;
    const kg_alg_term *t = &gi->base.node->graph;
    gi->graphs.n = 0;
    gi->cur = 0;
    kg_id fixed = t->is_var ? in[t->slot] : kg_view_lookup(ev->view, &t->term);
    kg_id hidden = ev->ds.named_all ? ev->ds.hidden : KG_ID_NONE;
    if (fixed != KG_ID_NONE || !t->is_var) {
        /* a hidden graph is still there when named, not as a value of ?g */
        if (in_named(ev, fixed) && !(t->is_var && fixed == hidden))
            kg_idvec_push(&gi->graphs, fixed);
    } else if (ev->ds.named_all) {
        kg_view_graphs(ev->view, collect_graph, &gi->graphs);
        size_t kept = 0;
        for (size_t i = 0; i < gi->graphs.n; i++)
            if (gi->graphs.v[i] != hidden || hidden == KG_ID_NONE)
                gi->graphs.v[kept++] = gi->graphs.v[i];
        gi->graphs.n = kept;
    } else {
        kg_idvec_append(&gi->graphs, ev->ds.named, ev->ds.nnamed);
    }
    gi->running = graph_start(gi);
}

/* True when GRAPH ?g with ?g unbound can run its pattern once as quad
 * patterns (kg_active_graph's KG_GRAPHS_NAMED) instead of once per graph:
 * over every named graph, and for a BGP of triple patterns only (an empty
 * BGP has a solution in an empty graph, a path is evaluated in one graph). */
static bool as_quad_patterns(const kg_eval *ev, const kg_alg *n, const kg_id *in)
{
    const kg_alg *kid = n->kids[0];
    if (!n->graph.is_var || in[n->graph.slot] || !ev->ds.named_all || kid->kind != KG_ALG_BGP ||
        kid->ntriples == 0)
        return false;
    for (size_t i = 0; i < kid->ntriples; i++)
        if (kid->triples[i].path)
            return false;
    return true;
}

static void graph_open(kg_iter *it, const kg_id *in)
{
    graph_it *gi = (graph_it *)it;
    kg_eval *ev = it->ev;
    if (!as_quad_patterns(ev, it->node, in)) {
        graph_open_each(gi, in);
        return;
    }
    gi->graphs.n = 0; /* nothing to range over once the one opening ends */
    gi->cur = 0;
    gi->active = (kg_active_graph){.mode = KG_GRAPHS_NAMED,
                                   .g = ev->ds.hidden,
                                   .slot = it->node->graph.slot};
    kg_active_graph saved = ev->graph;
    ev->graph = gi->active;
    kg_iter_open(gi->kid, in);
    ev->graph = saved;
    gi->running = true;
}

static bool graph_next(kg_iter *it, kg_id *out)
{
    graph_it *gi = (graph_it *)it;
    kg_eval *ev = it->ev;
    while (gi->running) {
        kg_active_graph saved = ev->graph;
        ev->graph = gi->active;
        bool has = kg_iter_next(gi->kid, out);
        ev->graph = saved;
        if (has)
            return true;
        kg_iter_close(gi->kid);
        if (ev->status != KG_OK)
            break;
        gi->cur++;
        gi->running = graph_start(gi);
    }
    gi->running = false;
    return false;
}

static void graph_close(kg_iter *it)
{
    graph_it *gi = (graph_it *)it;
    kg_iter_close(gi->kid);
    gi->running = false;
}

static void graph_destroy(kg_iter *it)
{
    kg_idvec_free(&((graph_it *)it)->graphs);
}

static const kg_iter_ops graph_ops = {graph_open, graph_next, graph_close, graph_destroy};

static kg_iter *build_graph(kg_eval *ev, const kg_alg *n)
{
    graph_it *g = (graph_it *)kg_iter_alloc(ev, n, &graph_ops, sizeof *g);
    if (!g || !(g->kid = kg_iter_build(ev, n->kids[0])) || !(g->row = new_row(ev)))
        return NULL;
    return &g->base;
}

/* --------------------------------------------------------------- values */

typedef struct values_it {
    kg_iter base;
    kg_id *ids; /* nrows * nslots */
    size_t pos;
} values_it;

static void values_open(kg_iter *it, const kg_id *in)
{
    (void)in;
    ((values_it *)it)->pos = 0;
}

static bool values_next(kg_iter *it, kg_id *out)
{
    values_it *v = (values_it *)it;
    const kg_alg *n = it->node;
    while (v->pos < n->nrows && kg_eval_poll(it->ev)) {
        const kg_id *r = v->ids + v->pos++ * n->nslots;
        copy_row(it->ev, out, it->in);
        bool ok = true;
        for (size_t i = 0; i < n->nslots && ok; i++) {
            kg_id *cell = &out[n->slots[i]];
            if (!r[i])
                continue;
            if (*cell && *cell != r[i])
                ok = false;
            *cell = r[i];
        }
        if (ok)
            return true;
    }
    return false;
}

static const kg_iter_ops values_ops = {values_open, values_next, NULL, NULL};

static kg_iter *build_values(kg_eval *ev, const kg_alg *n)
{
    values_it *v = (values_it *)kg_iter_alloc(ev, n, &values_ops, sizeof *v);
    if (!v)
        return NULL;
    size_t cells = n->nrows * n->nslots;
    v->ids = kg_arena_alloc(ev->arena, (cells + 1) * sizeof *v->ids);
    if (!v->ids) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < cells; i++)
        v->ids[i] = kg_eval_intern(ev, &n->rows[i]);
    return ev->status == KG_OK ? &v->base : NULL;
}

/* -------------------------------------------------------------- service */

typedef struct once_it {
    kg_iter base;
    bool done;
} once_it;

static void once_open(kg_iter *it, const kg_id *in)
{
    (void)in;
    once_it *o = (once_it *)it;
    o->done = false;
    if (it->node->silent)
        return;
    if (!(it->ev->access & KG_ACCESS_NET))
        kg_eval_fail(it->ev, KG_ERR_DENIED, "SERVICE is not allowed: network access is off");
    else
        kg_eval_fail(it->ev, KG_ERR_UNSUPPORTED, "SERVICE is not supported");
}

static bool once_next(kg_iter *it, kg_id *out)
{
    once_it *o = (once_it *)it;
    if (o->done)
        return false;
    o->done = true;
    copy_row(it->ev, out, it->in);
    return true;
}

static const kg_iter_ops once_ops = {once_open, once_next, NULL, NULL};

/* ---------------------------------------------------------------- build */

kg_iter *kg_iter_build(kg_eval *ev, const kg_alg *n)
{
    if (ev->status != KG_OK)
        return NULL;
    switch (n->kind) {
    case KG_ALG_BGP:
        return kg_iter_bgp(ev, n);
    case KG_ALG_JOIN:
        return build_join(ev, n);
    case KG_ALG_LEFTJOIN:
        return build_leftjoin(ev, n);
    case KG_ALG_MINUS:
        return build_minus(ev, n);
    case KG_ALG_UNION:
        return build_union(ev, n);
    case KG_ALG_FILTER:
        return build_unary(ev, n, &filter_ops);
    case KG_ALG_EXTEND:
        return build_unary(ev, n, &extend_ops);
    case KG_ALG_SLICE:
        return build_unary(ev, n, &slice_ops);
    case KG_ALG_DISTINCT:
        return build_unary(ev, n, &distinct_ops);
    case KG_ALG_GRAPH:
        return build_graph(ev, n);
    case KG_ALG_VALUES:
        return build_values(ev, n);
    case KG_ALG_GROUP:
        return kg_iter_group(ev, n);
    case KG_ALG_ORDER:
        return kg_iter_order(ev, n);
    case KG_ALG_CACHE:
        return build_cache(ev, n);
    case KG_ALG_SERVICE:
        return kg_iter_alloc(ev, n, &once_ops, sizeof(once_it));
    }
    kg_eval_fail(ev, KG_ERR_UNSUPPORTED, "unsupported algebra node");
    return NULL;
}
