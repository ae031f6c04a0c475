/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/eval_group.c - the operators that must see all of their input
 * before giving the first solution: grouping with aggregates (18.5, one
 * group even for no input when there is no GROUP BY) and ORDER BY (15.1,
 * a stable sort by kg_value_order). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

/* ------------------------------------------------------------- group */

typedef struct group_it {
    kg_iter base;
    kg_iter *kid;
    kg_idtab *groups;   /* key tuples */
    kg_idtab *distinct; /* (group, aggregate, value) fed so far */
    /* COUNT(DISTINCT *): the (group, aggregate, values of the variables in
     * scope...) solutions counted so far; NULL without one. */
    kg_idtab *rows_seen;
    kg_id *row_key;
    kg_agg_state **states; /* groups * naggs */
    size_t cap_states;
    size_t pos;
    kg_id *row;
    /* One-id keys (and no key): the group last found for each id, by its
     * low bits, looked at before the hash table. The groupby benchmark's
     * 365K rows fall into 550 cities (3.65M into 5050 at 100M, where 16K
     * slots took 11% off the query against 4K); a hit is a load and a
     * compare where the table hashes and probes. Allocated once an open
     * has given MEMO_AFTER rows, emptied when an open used it. Its fixed
     * 128 KB is not charged to the query's memory limit: when it cannot
     * be had the table alone answers. */
    struct memo_entry {
        kg_id id;
        uint32_t group_plus1; /* 0: empty */
    } *memo;
    bool memo_used;
} group_it;

enum { MEMO_SLOTS = 16384, MEMO_AFTER = 256 };

static void free_states(group_it *g)
{
    size_t n = kg_idtab_count(g->groups) * g->base.node->naggs;
    for (size_t i = 0; i < n && i < g->cap_states; i++)
        kg_agg_free(g->states[i]);
    kg_idtab_clear(g->groups);
    kg_idtab_clear(g->distinct);
    if (g->rows_seen)
        kg_idtab_clear(g->rows_seen);
}

/* For COUNT(DISTINCT *): true when (group gi, aggregate a) has not seen
 * this solution yet, i.e. these values of the in-scope variables. */
static int first_time_row(group_it *g, uint32_t gi, size_t a, const kg_id *row)
{
    const kg_alg_agg *agg = &g->base.node->aggs[a];
    g->row_key[0] = gi;
    g->row_key[1] = (kg_id)a;
    for (size_t i = 0; i < agg->nscope; i++)
        g->row_key[2 + i] = row[agg->scope[i]];
    return kg_idtab_put(g->rows_seen, g->row_key, NULL);
}

static bool add_group(group_it *g, const kg_id *key, uint32_t *index)
{
    const kg_alg *n = g->base.node;
    int added = kg_idtab_put(g->groups, key, index);
    if (added <= 0)
        return added == 0;
    /* a group's key and states: an estimate for the memory limit */
    if (!kg_eval_charge(g->base.ev, (n->nkeys + 8 * n->naggs + 2) * sizeof(kg_id)))
        return false;
    size_t need = (size_t)(*index + 1) * n->naggs;
    if (need > g->cap_states) {
        size_t cap = g->cap_states ? g->cap_states * 2 : 64;
        while (cap < need)
            cap *= 2;
        kg_agg_state **states = realloc(g->states, cap * sizeof *states);
        if (!states)
            return false;
        g->states = states;
        g->cap_states = cap;
    }
    for (size_t a = 0; a < n->naggs; a++) {
        const kg_alg_agg *agg = &n->aggs[a];
        kg_agg_state *st = kg_agg_new(agg->kind, agg->separator, agg->star);
        g->states[(size_t)*index * n->naggs + a] = st;
        if (!st)
            return false;
    }
    return true;
}

static bool feed(group_it *g, uint32_t gi, const kg_id *row)
{
    kg_eval *ev = g->base.ev;
    const kg_alg *n = g->base.node;
    for (size_t a = 0; a < n->naggs; a++) {
        const kg_alg_agg *agg = &n->aggs[a];
        kg_term t = {0};
        kg_id id = KG_ID_NONE;
        if (agg->arg) {
            id = kg_eval_expr_id(ev, agg->arg, row);
            if (ev->status != KG_OK)
                return false;
            if (agg->distinct) {
                kg_id key[3] = {gi, (kg_id)a, id};
                int added = kg_idtab_put(g->distinct, key, NULL);
                if (added < 0)
                    return false;
                if (!added)
                    continue;
            }
            if (id && agg->kind == KG_AGG_COUNT)
                t.kind = KG_TERM_IRI; /* COUNT only asks whether it is bound */
            else if (id)
                kg_eval_term(ev, id, &t);
        } else {
            if (agg->distinct) {
                int added = first_time_row(g, gi, a, row);
                if (added < 0)
                    return false;
                if (!added)
                    continue;
            }
            t = (kg_term){KG_TERM_IRI, "", 0, NULL, NULL}; /* COUNT(*) counts rows */
        }
        kg_agg_add(g->states[(size_t)gi * n->naggs + a], &t);
    }
    return true;
}

static void group_open(kg_iter *it, const kg_id *in)
{
    group_it *g = (group_it *)it;
    kg_eval *ev = it->ev;
    const kg_alg *n = it->node;
    free_states(g);
    g->pos = 0;
    kg_id key[64] = {0}, *k = key;
    if (n->nkeys > 64 && !(k = kg_arena_alloc(ev->arena, n->nkeys * sizeof *k)))
        goto nomem;
    if (g->memo_used) {
        memset(g->memo, 0, MEMO_SLOTS * sizeof *g->memo);
        g->memo_used = false;
    }
    kg_iter_open(g->kid, in);
    for (uint64_t rows = 0; kg_iter_next(g->kid, g->row); rows++) {
        k[0] = 0;
        for (size_t i = 0; i < n->nkeys; i++)
            k[i] = kg_eval_expr_id(ev, n->keys[i], g->row);
        uint32_t gi;
        struct memo_entry *m = NULL;
        if (n->nkeys <= 1 && rows >= MEMO_AFTER &&
            (g->memo || (g->memo = calloc(MEMO_SLOTS, sizeof *g->memo)))) {
            m = &g->memo[k[0] & (MEMO_SLOTS - 1)];
            g->memo_used = true;
        }
        if (m && m->group_plus1 && m->id == k[0]) {
            gi = m->group_plus1 - 1;
        } else {
            if (!add_group(g, k, &gi))
                break;
            if (m)
                *m = (struct memo_entry){k[0], gi + 1};
        }
        if (!feed(g, gi, g->row))
            break;
    }
    kg_iter_close(g->kid);
    if (ev->status != KG_OK)
        return;
    /* Without GROUP BY all solutions form one group, even none of them. */
    k[0] = 0;
    if (n->nkeys == 0 && kg_idtab_count(g->groups) == 0) {
        uint32_t gi;
        if (!add_group(g, k, &gi))
            goto nomem;
    }
    return;
nomem:
    kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
}

static bool group_next(kg_iter *it, kg_id *out)
{
    group_it *g = (group_it *)it;
    kg_eval *ev = it->ev;
    const kg_alg *n = it->node;
    if (ev->status != KG_OK || g->pos >= kg_idtab_count(g->groups))
        return false;
    uint32_t gi = (uint32_t)g->pos++;
    memset(out, 0, ev->nslots * sizeof *out);
    const kg_id *key = kg_idtab_key(g->groups, gi);
    for (size_t i = 0; i < n->nkeys; i++)
        out[n->key_slots[i]] = key[i];
    for (size_t a = 0; a < n->naggs; a++) {
        kg_term t;
        kg_arena_reset(ev->scratch);
        if (kg_agg_result(g->states[(size_t)gi * n->naggs + a], &ev->vctx, &t))
            out[n->aggs[a].slot] = kg_eval_intern(ev, &t);
    }
    return ev->status == KG_OK;
}

static void group_destroy(kg_iter *it)
{
    group_it *g = (group_it *)it;
    if (g->groups)
        free_states(g);
    free(g->states);
    free(g->memo);
    kg_idtab_free(g->groups);
    kg_idtab_free(g->distinct);
    kg_idtab_free(g->rows_seen);
}

/* Sets up COUNT(DISTINCT *) when the node has one (every such aggregate
 * of a select has the same scope). False on ENOMEM. */
static bool init_distinct_star(group_it *g, kg_eval *ev, const kg_alg *n)
{
    for (size_t a = 0; a < n->naggs; a++) {
        const kg_alg_agg *agg = &n->aggs[a];
        if (agg->star && agg->distinct) {
            g->row_key = kg_arena_alloc(ev->arena, (agg->nscope + 2) * sizeof *g->row_key);
            g->rows_seen = kg_idtab_new((unsigned)agg->nscope + 2);
            return g->row_key && g->rows_seen;
        }
    }
    return true;
}

static const kg_iter_ops group_ops = {group_open, group_next, NULL, group_destroy};

kg_iter *kg_iter_group(kg_eval *ev, const kg_alg *n)
{
    group_it *g = (group_it *)kg_iter_alloc(ev, n, &group_ops, sizeof *g);
    if (!g)
        return NULL;
    g->groups = kg_idtab_new(n->nkeys ? (unsigned)n->nkeys : 1);
    g->distinct = kg_idtab_new(3);
    g->row = kg_arena_alloc(ev->arena, (ev->nslots + 1) * sizeof *g->row);
    if (!g->groups || !g->distinct || !g->row || !init_distinct_star(g, ev, n)) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return (g->kid = kg_iter_build(ev, n->kids[0])) ? &g->base : NULL;
}

/* ------------------------------------------------------------- order */

/* Sorting compares values, which means parsing them; rows share few
 * distinct key values, so each key column's distinct values are sorted
 * once and rows are then sorted by those values' ranks. */
typedef struct order_it {
    kg_iter base;
    kg_iter *kid;
    kg_idvec rows;   /* each: nslots ids of the row, then one rank per key */
    kg_idtab **keys; /* per key: the distinct values */
    uint32_t **rank; /* per key: rank of each distinct value */
    size_t *perm;
    size_t n, pos;
} order_it;

/* A distinct key value, decoded once for the whole sort. */
typedef struct sort_value {
    kg_term term; /* kind KG_TERM_NONE for unbound */
    uint32_t index;
} sort_value;

static int compare_values(const void *pa, const void *pb)
{
    return kg_value_order(&((const sort_value *)pa)->term, &((const sort_value *)pb)->term);
}

/* Replaces key column k's value index in every row by the value's rank. */
static bool rank_key(order_it *o, size_t k)
{
    kg_eval *ev = o->base.ev;
    kg_idtab *tab = o->keys[k];
    size_t n = kg_idtab_count(tab);
    sort_value *sorted = malloc((n + 1) * sizeof *sorted);
    uint32_t *rank = malloc((n + 1) * sizeof *rank);
    if (!sorted || !rank) {
        free(sorted);
        free(rank);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        kg_id id = kg_idtab_key(tab, (uint32_t)i)[0];
        sorted[i] = (sort_value){.index = (uint32_t)i};
        if (id)
            kg_eval_term(ev, id, &sorted[i].term);
    }
    qsort(sorted, n, sizeof *sorted, compare_values);
    uint32_t r = 0;
    for (size_t i = 0; i < n; i++) {
        /* Equal values ("1" and "1.0") share a rank, so the next key
         * decides between them. */
        if (i && !kg_value_order_tie(&sorted[i - 1].term, &sorted[i].term))
            r++;
        rank[sorted[i].index] = r;
    }
    free(sorted);
    size_t stride = ev->nslots + o->base.node->norder;
    for (size_t row = 0; row < o->n; row++) {
        kg_id *cell = o->rows.v + row * stride + ev->nslots + k;
        *cell = rank[*cell];
    }
    free(rank);
    return true;
}

static int compare_rows(const void *pa, const void *pb, void *ctx)
{
    order_it *o = ctx;
    kg_eval *ev = o->base.ev;
    const kg_alg *n = o->base.node;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (!kg_eval_poll(ev))
        return 0; /* interrupted: finish the sort at once, the rows are dropped */
    size_t stride = ev->nslots + n->norder;
    const kg_id *ka = o->rows.v + a * stride + ev->nslots, *kb = o->rows.v + b * stride + ev->nslots;
    for (size_t i = 0; i < n->norder; i++) {
        int c = ka[i] < kb[i] ? -1 : ka[i] > kb[i];
        if (c)
            return n->order[i].descending ? -c : c;
    }
    return a < b ? -1 : a > b; /* stable */
}

/* ---- top-k: ORDER BY under a LIMIT keeps only the best k rows while it
 * reads its input (a bounded max-heap, the worst kept row on top), so
 * ORDER BY ?a LIMIT 1 holds one row, not all of them. Candidates are
 * (row ids, key value ids, input position); ties keep input order. */

typedef struct topk {
    kg_idvec cand;  /* k candidates of stride nslots + norder + 1 */
    size_t *heap;   /* candidate numbers, worst first */
    size_t heap_cap; /* grown with the candidates: k may be any LIMIT */
    size_t n, k, stride;
} topk;

static const kg_id *cand(const topk *t, size_t i)
{
    return t->cand.v + t->heap[i] * t->stride;
}

/* Orders two key values as the sort does. Two numbers that differ compare
 * from the evaluation's number cache, not by parsing their text again: the
 * heap compares each input row with its worst row. */
static int compare_keys(kg_eval *ev, kg_id a, kg_id b)
{
    const kg_num *na = kg_eval_num(ev, a);
    kg_num copy;
    if (na) {
        copy = *na; /* the next lookup may move it */
        const kg_num *nb = kg_eval_num(ev, b);
        bool less = false, greater = false;
        if (nb) {
            kg_value_compare_nums(KG_CMP_LT, &copy, nb, &less);
            kg_value_compare_nums(KG_CMP_GT, &copy, nb, &greater);
        }
        if (less || greater)
            return less ? -1 : 1;
        if (nb)
            return 0; /* equal values ("1" and "1.0") tie: the next key decides */
    }
    kg_term ta = {0}, tb = {0};
    kg_eval_term(ev, a, &ta);
    kg_eval_term(ev, b, &tb);
    return kg_value_order_tie(&ta, &tb) ? 0 : kg_value_order(&ta, &tb);
}

/* Orders two candidates as the sort would: <0 when a comes first. */
static int cand_compare(order_it *o, const topk *t, const kg_id *a, const kg_id *b)
{
    kg_eval *ev = o->base.ev;
    const kg_alg *n = o->base.node;
    for (size_t i = 0; i < n->norder; i++) {
        kg_id ia = a[ev->nslots + i], ib = b[ev->nslots + i];
        if (ia == ib)
            continue;
        int c = compare_keys(ev, ia, ib);
        if (c)
            return n->order[i].descending ? -c : c;
    }
    kg_id sa = a[t->stride - 1], sb = b[t->stride - 1];
    return sa < sb ? -1 : sa > sb;
}

static void heap_down(order_it *o, topk *t, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < t->n && cand_compare(o, t, cand(t, l), cand(t, worst)) > 0)
            worst = l;
        if (r < t->n && cand_compare(o, t, cand(t, r), cand(t, worst)) > 0)
            worst = r;
        if (worst == i)
            return;
        size_t x = t->heap[i];
        t->heap[i] = t->heap[worst];
        t->heap[worst] = x;
        i = worst;
    }
}

/* Offers one candidate (stride ids); false on ENOMEM. */
static bool topk_offer(order_it *o, topk *t, const kg_id *c)
{
    if (t->n < t->k) {
        if (t->n == t->heap_cap) {
            size_t cap = t->heap_cap ? 2 * t->heap_cap : 64;
            size_t *heap = realloc(t->heap, cap * sizeof *heap);
            if (!heap)
                return false;
            t->heap = heap;
            t->heap_cap = cap;
        }
        if (!kg_idvec_append(&t->cand, c, t->stride))
            return false;
        t->heap[t->n] = t->n;
        /* sift up */
        for (size_t i = t->n++; i && cand_compare(o, t, cand(t, i), cand(t, (i - 1) / 2)) > 0;
             i = (i - 1) / 2) {
            size_t x = t->heap[i];
            t->heap[i] = t->heap[(i - 1) / 2];
            t->heap[(i - 1) / 2] = x;
        }
        return true;
    }
    if (cand_compare(o, t, c, cand(t, 0)) >= 0)
        return true; /* no better than the worst kept */
    memcpy(t->cand.v + t->heap[0] * t->stride, c, t->stride * sizeof *c);
    heap_down(o, t, 0);
    return true;
}

static int by_seq(const void *pa, const void *pb, void *ctx)
{
    const topk *t = ctx;
    kg_id a = t->cand.v[*(const size_t *)pa * t->stride + t->stride - 1];
    kg_id b = t->cand.v[*(const size_t *)pb * t->stride + t->stride - 1];
    return a < b ? -1 : a > b;
}

/* Reads the input keeping the best n->limit rows, then leaves them in
 * o->rows as order_open's gathering would, in input order. */
static void topk_gather(order_it *o, kg_id *row)
{
    kg_eval *ev = o->base.ev;
    const kg_alg *n = o->base.node;
    topk t = {.k = (size_t)n->limit, .stride = ev->nslots + n->norder + 1};
    kg_id *c = malloc(t.stride * sizeof *c);
    bool ok = c != NULL;
    for (kg_id seq = 0; ok && t.k && kg_iter_next(o->kid, row); seq++) {
        memcpy(c, row, ev->nslots * sizeof *c);
        for (size_t i = 0; i < n->norder; i++)
            c[ev->nslots + i] = kg_eval_expr_id(ev, n->order[i].expr, row);
        c[t.stride - 1] = seq;
        ok = (t.n == t.k || kg_eval_charge(ev, t.stride * sizeof *c)) && topk_offer(o, &t, c);
    }
    /* the kept rows back in input order: the sort after is stable */
    for (size_t i = 0; ok && i < t.n; i++)
        t.heap[i] = i;
    if (ok && t.n)
        qsort_r(t.heap, t.n, sizeof *t.heap, by_seq, &t);
    for (size_t i = 0; ok && i < t.n; i++, o->n++) {
        const kg_id *kept = t.cand.v + t.heap[i] * t.stride;
        ok = kg_idvec_append(&o->rows, kept, ev->nslots);
        for (size_t j = 0; ok && j < n->norder; j++) {
            uint32_t index;
            ok = kg_idtab_put(o->keys[j], &kept[ev->nslots + j], &index) >= 0 &&
                 kg_idvec_push(&o->rows, index);
        }
    }
    if (!ok && ev->status == KG_OK)
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    kg_idvec_free(&t.cand);
    free(t.heap);
    free(c);
}

static void order_open(kg_iter *it, const kg_id *in)
{
    order_it *o = (order_it *)it;
    kg_eval *ev = it->ev;
    const kg_alg *n = it->node;
    o->rows.n = 0;
    o->n = o->pos = 0;
    for (size_t i = 0; i < n->norder; i++)
        kg_idtab_clear(o->keys[i]);
    kg_id *row = it->masked;
    kg_iter_open(o->kid, in);
    if (n->limit >= 0)
        topk_gather(o, row);
    while (n->limit < 0 && kg_iter_next(o->kid, row)) {
        if (!kg_eval_charge(ev, (ev->nslots + n->norder) * sizeof *row))
            return;
        if (!kg_idvec_append(&o->rows, row, ev->nslots))
            goto nomem;
        for (size_t i = 0; i < n->norder; i++) {
            kg_id value = kg_eval_expr_id(ev, n->order[i].expr, row);
            uint32_t index;
            if (kg_idtab_put(o->keys[i], &value, &index) < 0 || !kg_idvec_push(&o->rows, index))
                goto nomem;
        }
        o->n++;
    }
    kg_iter_close(o->kid);
    if (ev->status != KG_OK)
        return;
    for (size_t i = 0; i < n->norder; i++)
        if (!rank_key(o, i))
            goto nomem;
    free(o->perm);
    o->perm = malloc((o->n + 1) * sizeof *o->perm);
    if (!o->perm)
        goto nomem;
    for (size_t i = 0; i < o->n; i++)
        o->perm[i] = i;
    qsort_r(o->perm, o->n, sizeof *o->perm, compare_rows, o);
    return;
nomem:
    kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
}

static bool order_next(kg_iter *it, kg_id *out)
{
    order_it *o = (order_it *)it;
    kg_eval *ev = it->ev;
    if (ev->status != KG_OK || o->pos >= o->n)
        return false;
    size_t stride = ev->nslots + it->node->norder;
    memcpy(out, o->rows.v + o->perm[o->pos++] * stride, ev->nslots * sizeof *out);
    return true;
}

static void order_destroy(kg_iter *it)
{
    order_it *o = (order_it *)it;
    kg_idvec_free(&o->rows);
    free(o->perm);
    for (size_t i = 0; o->keys && i < it->node->norder; i++)
        kg_idtab_free(o->keys[i]);
}

static const kg_iter_ops order_ops = {order_open, order_next, NULL, order_destroy};

kg_iter *kg_iter_order(kg_eval *ev, const kg_alg *n)
{
    order_it *o = (order_it *)kg_iter_alloc(ev, n, &order_ops, sizeof *o);
    if (!o)
        return NULL;
    o->keys = kg_arena_alloc(ev->arena, (n->norder + 1) * sizeof *o->keys);
    if (o->keys)
        memset(o->keys, 0, (n->norder + 1) * sizeof *o->keys);
    if (!o->keys) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n->norder; i++)
        if (!(o->keys[i] = kg_idtab_new(1))) {
            kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
            return NULL;
        }
    return (o->kid = kg_iter_build(ev, n->kids[0])) ? &o->base : NULL;
}
