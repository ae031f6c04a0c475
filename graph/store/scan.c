/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/scan.c - read access for the query engine: the view over committed
 * segments plus the open transaction, term lookups, and index scans that
 * merge the segments (the newest segment mentioning a quad decides). */
#include <stdlib.h>
#include <string.h>

#include "store/bulk.h"
#include "store/store_impl.h"
#include "store/termcode.h"
#include "kg/grow.h"

/* The newest segment that mentions q decides: added → present. */
bool kg_segments_contain(kg_segment *const *segs, size_t n_segs, const kg_quad *q)
{
    kg_key key = kg_key_from_quad(q, KG_ORDER_SPOG);
    kg_index_cursor c;
    for (size_t i = n_segs; i-- > 0;) {
        const kg_segment *seg = segs[i];
        if (seg->n_del && kg_index_cursor_range(&c, &seg->del[KG_ORDER_SPOG], &key, 4))
            return false;
        if (seg->n_add && kg_index_cursor_range(&c, &seg->add[KG_ORDER_SPOG], &key, 4))
            return true;
    }
    return false;
}

/* The view holds a reference on each of its segments (the transaction's
 * layers too), so a manifest read meanwhile cannot unmap them under it. */
void kg_view_reset(kg_view *view)
{
    for (size_t i = 0; i < view->n_segs; i++)
        kg_segment_free(view->segs[i]);
    free(view->segs);
    view->pending = NULL;
    view->n_layers = 0;
    view->segs = NULL;
    view->n_segs = 0;
    view->epoch++;
}

kg_status kg_view_refresh(kg_store *store)
{
    kg_view *view = &store->view;
    if (!store->view_stale && view->segs)
        return KG_OK;
    kg_view_reset(view);
    view->store = store;
    const kg_txn *txn = store->txn;
    kg_segment *spilled = NULL; /* owned by the view, not a layer */
    if (txn && txn->spill) {
        /* a spilled transaction is read from a segment built on disk */
        kg_status st = kg_bulk_commit(store, 0, kg_store_chunk_budget(store, true), &spilled);
        if (st != KG_OK)
            return st;
    } else if (txn) {
        store->overlay_builds++;
        uint64_t work = txn->work;
        kg_status st = kg_txn_overlay(store->txn, store->m.segs, store->m.n_segs,
                                      store->flatten_view, &store->error);
        store->overlay_work += txn->work - work;
        if (st != KG_OK)
            return st;
    }
    size_t n_layers = spilled ? 1 : txn ? txn->n_layers : 0, n = store->m.n_segs + n_layers;
    view->segs = malloc((n ? n : 1) * sizeof *view->segs);
    if (!view->segs) {
        kg_segment_free(spilled);
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    }
    size_t n_committed = store->m.n_segs;
    for (size_t i = 0; i < n; i++) {
        if (spilled && i == n_committed) {
            view->segs[i] = spilled;
            continue;
        }
        view->segs[i] = i < n_committed ? store->m.segs[i] : txn->layers[i - n_committed].seg;
        kg_segment_ref(view->segs[i]);
    }
    view->n_segs = n;
    view->n_layers = n_layers;
    view->pending = n_layers ? view->segs[n - 1] : NULL;
    store->view_stale = false;
    return KG_OK;
}

kg_view *kg_store_snapshot(kg_store *store)
{
    if (kg_view_refresh(store) != KG_OK)
        return NULL;
    const kg_view *cur = &store->view;
    kg_view *snap = calloc(1, sizeof *snap);
    kg_segment **segs = malloc((cur->n_segs ? cur->n_segs : 1) * sizeof *segs);
    if (!snap || !segs) {
        free(snap);
        free(segs);
        kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *snap = *cur;
    snap->segs = segs;
    for (size_t i = 0; i < cur->n_segs; i++) {
        segs[i] = cur->segs[i];
        kg_segment_ref(segs[i]);
    }
    return snap;
}

void kg_view_free(kg_view *view)
{
    if (!view)
        return;
    kg_view_reset(view);
    free(view);
}

kg_view *kg_store_view(kg_store *store)
{
    if (kg_view_refresh(store) != KG_OK)
        return NULL;
    return &store->view;
}

static kg_id view_find(kg_view *view, const kg_buf *code)
{
    kg_id id = KG_ID_NONE;
    uint64_t hash = kg_termcode_hash((const uint8_t *)code->data, code->len);
    for (size_t i = view->n_segs; i-- > 0 && id == KG_ID_NONE;)
        id = kg_segment_find_term(view->segs[i], (const uint8_t *)code->data, code->len, hash);
    return id;
}

kg_status kg_view_find(kg_id *out, kg_view *view, const kg_term *term)
{
    kg_buf code = KG_BUF_INIT;
    kg_id id = KG_ID_NONE;
    bool ok = kg_termcode_append(&code, term);
    if (ok)
        id = view_find(view, &code);
    /* A store written before language tags were lower-cased (termcode.h). */
    if (ok && id == KG_ID_NONE) {
        kg_buf_clear(&code);
        if (kg_termcode_append_legacy(&code, term)) /* false: no other spelling */
            id = view_find(view, &code);
    }
    kg_buf_free(&code);
    *out = id;
    return ok ? KG_OK : KG_ERR_NOMEM;
}

kg_id kg_view_lookup(kg_view *view, const kg_term *term)
{
    kg_id id;
    kg_view_find(&id, view, term);
    return id;
}

bool kg_view_term(kg_view *view, kg_id id, kg_term *out)
{
    /* a handful of segments (compaction keeps it so): a linear search */
    for (size_t i = view->n_segs; i-- > 0;) {
        const kg_segment *seg = view->segs[i];
        if (id < seg->first_id || id - seg->first_id >= seg->n_terms)
            continue;
        size_t len;
        const uint8_t *code = kg_segment_term_code(seg, id, &len);
        return code && kg_termcode_decode(code, len, out) == len;
    }
    return false;
}

/* ---- scans ---- */

typedef struct cursor {
    kg_index_cursor keys;
    size_t seg;
    bool removal;
} cursor;

struct kg_scan {
    kg_graph_mode mode;
    kg_id excluded; /* KG_GRAPHS_UNION, _NAMED: a graph left out, or 0 */
    int order;
    size_t n;
    bool have_last;
    kg_key last;
    cursor cur[];
};

/* The index order serving a pattern, and how many leading key positions
 * are bound. */
static int choose_order(kg_id s, kg_id p, kg_id o, bool graph_first, int *prefix_len)
{
    int order, bound;
    if (s && p) {
        order = KG_ORDER_SPOG;
        bound = o ? 3 : 2;
    } else if (p) {
        order = KG_ORDER_POSG;
        bound = o ? 2 : 1;
    } else if (o) {
        order = KG_ORDER_OSPG;
        bound = s ? 2 : 1;
    } else {
        order = KG_ORDER_SPOG;
        bound = s ? 1 : 0;
    }
    if (graph_first) {
        order += KG_ORDER_GSPO; /* the G-first twin of the same order */
        bound += 1;
    }
    *prefix_len = bound;
    return order;
}

/* The order and bound prefix for a scan. A scan of everything in
 * KG_GRAPHS_ALL mode walks the G-first index, so quads come grouped by
 * graph (what TriG and N-Quads output want). */
static int plan_scan(kg_id s, kg_id p, kg_id o, kg_graph_mode *mode, kg_id *g, int *prefix_len)
{
    if (*mode == KG_GRAPHS_DEFAULT)
        *g = KG_GRAPH_DEFAULT;
    if (*mode == KG_GRAPHS_ALL && !s && !p && !o) {
        *prefix_len = 0;
        return KG_ORDER_GSPO;
    }
    bool graph_first = *mode == KG_GRAPHS_ONE || *mode == KG_GRAPHS_DEFAULT;
    return choose_order(s, p, o, graph_first, prefix_len);
}

static kg_key make_prefix(kg_id s, kg_id p, kg_id o, kg_id g, int order)
{
    kg_quad q = {s, p, o, g};
    return kg_key_from_quad(&q, order);
}

static void add_range(kg_scan *scan, const kg_index *keys, const kg_key *prefix, int prefix_len,
                      size_t seg, bool removal)
{
    if (!keys->n)
        return;
    cursor *c = &scan->cur[scan->n];
    if (!kg_index_cursor_range(&c->keys, keys, prefix, prefix_len))
        return;
    c->seg = seg;
    c->removal = removal;
    scan->n++;
}

kg_scan *kg_scan_open(kg_view *view, kg_id s, kg_id p, kg_id o, kg_graph_mode mode, kg_id g)
{
    int prefix_len;
    int order = plan_scan(s, p, o, &mode, &g, &prefix_len);
    kg_scan *scan = malloc(sizeof *scan + 2 * view->n_segs * sizeof(cursor));
    if (!scan)
        return NULL;
    scan->mode = mode;
    scan->excluded = mode == KG_GRAPHS_UNION || mode == KG_GRAPHS_NAMED ? g : KG_GRAPH_DEFAULT;
    scan->order = order;
    scan->n = 0;
    scan->have_last = false;
    kg_key prefix = make_prefix(s, p, o, g, order);
    for (size_t i = 0; i < view->n_segs; i++) {
        const kg_segment *seg = view->segs[i];
        add_range(scan, &seg->add[order], &prefix, prefix_len, i, false);
        add_range(scan, &seg->del[order], &prefix, prefix_len, i, true);
    }
    return scan;
}

/* The next key present in the merged view, or false at the end. */
static bool next_present(kg_scan *scan, kg_key *out)
{
    for (;;) {
        if (scan->n == 1) { /* the common case: one segment, nothing removed */
            cursor *c = &scan->cur[0];
            if (!kg_index_cursor_next(&c->keys, out))
                return false;
            if (c->removal)
                continue;
            return true;
        }
        const kg_key *min = NULL;
        for (size_t i = 0; i < scan->n; i++) {
            const kg_key *k = kg_index_cursor_peek(&scan->cur[i].keys);
            if (k && (!min || kg_key_cmp(k, min) < 0))
                min = k;
        }
        if (!min)
            return false;
        kg_key key = *min;
        size_t newest = 0;
        bool present = false, first = true;
        for (size_t i = 0; i < scan->n; i++) {
            cursor *c = &scan->cur[i];
            const kg_key *k = kg_index_cursor_peek(&c->keys);
            if (!k || kg_key_cmp(k, &key) != 0)
                continue;
            if (first || c->seg > newest) {
                newest = c->seg;
                present = !c->removal;
                first = false;
            }
            kg_index_cursor_skip(&c->keys);
        }
        if (present) {
            *out = key;
            return true;
        }
    }
}

/* Whether the scan gives the present key: not when its graph is left out
 * or it is a copy, in another graph, of the triple just given. */
static inline bool wanted(kg_scan *scan, const kg_key *key)
{
    if (scan->mode == KG_GRAPHS_NAMED && key->k[3] == KG_GRAPH_DEFAULT)
        return false;
    if (scan->excluded && key->k[3] == scan->excluded)
        return false;
    if (scan->mode == KG_GRAPHS_UNION) {
        /* graph is the last key position: copies of one triple in
         * several graphs are adjacent */
        if (scan->have_last && key->k[0] == scan->last.k[0] && key->k[1] == scan->last.k[1] &&
            key->k[2] == scan->last.k[2])
            return false;
        scan->last = *key;
        scan->have_last = true;
    }
    return true;
}

bool kg_scan_next(kg_scan *scan, kg_quad *out)
{
    kg_key key;
    while (next_present(scan, &key)) {
        if (!wanted(scan, &key))
            continue;
        *out = kg_quad_from_key(&key, scan->order);
        return true;
    }
    return false;
}

size_t kg_scan_next_many(kg_scan *scan, kg_quad *out, size_t max)
{
    size_t n = 0;
    if (scan->n != 1 || scan->cur[0].removal) {
        while (n < max && kg_scan_next(scan, &out[n]))
            n++;
        return n;
    }
    /* One index with nothing removed: its keys, filtered, straight from
     * the cursor's decoded block. */
    kg_index_cursor *c = &scan->cur[0].keys;
    while (n < max && kg_index_cursor_peek(c)) {
        const kg_key *key = c->p, *end = c->end;
        for (; key < end && n < max; key++)
            if (wanted(scan, key))
                out[n++] = kg_quad_from_key(key, scan->order);
        c->p = key;
    }
    return n;
}

void kg_scan_close(kg_scan *scan)
{
    free(scan);
}

uint64_t kg_view_estimate(kg_view *view, kg_id s, kg_id p, kg_id o, kg_graph_mode mode, kg_id g)
{
    int prefix_len;
    int order = plan_scan(s, p, o, &mode, &g, &prefix_len);
    kg_key prefix = make_prefix(s, p, o, g, order);
    uint64_t total = 0;
    for (size_t i = 0; i < view->n_segs; i++) {
        const kg_segment *seg = view->segs[i];
        if (seg->n_add)
            total += kg_index_count(&seg->add[order], &prefix, prefix_len);
    }
    return total;
}

/* The newest created/dropped record of g, if any: +1 created, -1 dropped. */
static int graph_record(kg_view *view, kg_id g)
{
    for (size_t i = view->n_segs; i-- > 0;) {
        const kg_segment *seg = view->segs[i];
        for (uint32_t j = 0; j < seg->n_dropped; j++)
            if (seg->dropped[j] == g)
                return -1;
        for (uint32_t j = 0; j < seg->n_created; j++)
            if (seg->created[j] == g)
                return 1;
    }
    return 0;
}

bool kg_view_graph_exists(kg_view *view, kg_id g)
{
    if (g == KG_GRAPH_DEFAULT)
        return true;
    kg_scan *scan = kg_scan_open(view, 0, 0, 0, KG_GRAPHS_ONE, g);
    kg_quad q;
    bool has = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return has || graph_record(view, g) > 0;
}

static int id_cmp(const void *a, const void *b)
{
    kg_id x = *(const kg_id *)a, y = *(const kg_id *)b;
    return x < y ? -1 : x > y;
}

void kg_view_graphs(kg_view *view, kg_graph_id_fn fn, void *ctx)
{
    /* Graph ids with quads, found by skipping through the GSPO order one
     * graph at a time, merged with graphs created empty. */
    size_t n = 0, cap = 64;
    kg_id *ids = malloc(cap * sizeof *ids);
    if (!ids)
        return;
    for (size_t i = 0; i < view->n_segs; i++) {
        const kg_segment *seg = view->segs[i];
        for (uint32_t j = 0; j < seg->n_created; j++) {
            if (!kg_grow(&ids, &cap, n, sizeof *ids, 64))
                goto out;
            ids[n++] = seg->created[j];
        }
    }
    kg_id g = 1; /* 0 is the default graph */
    for (;;) {
        kg_id next = 0;
        for (size_t i = 0; i < view->n_segs; i++) {
            const kg_segment *seg = view->segs[i];
            if (!seg->n_add)
                continue;
            kg_key from = {{g, 0, 0, 0}};
            kg_index_cursor c;
            kg_index_cursor_from(&c, &seg->add[KG_ORDER_GSPO], &from, 1);
            const kg_key *first = kg_index_cursor_peek(&c);
            if (first && (!next || first->k[0] < next))
                next = first->k[0];
        }
        if (!next)
            break;
        if (!kg_grow(&ids, &cap, n, sizeof *ids, 64))
            goto out;
        ids[n++] = next;
        if (next == KG_ID_STORE_MAX)
            break;
        g = next + 1;
    }
    qsort(ids, n, sizeof *ids, id_cmp);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ids[i] == ids[i - 1])
            continue;
        if (kg_view_graph_exists(view, ids[i]) && fn(ctx, ids[i]))
            break;
    }
out:
    free(ids);
}

uint64_t kg_view_change_count(const kg_view *view, bool removed)
{
    const kg_segment *p = view->pending;
    return p ? (removed ? p->n_del : p->n_add) : 0;
}

size_t kg_view_changes(const kg_view *view, bool removed, uint64_t from, kg_quad *out,
                       size_t max)
{
    uint64_t n = kg_view_change_count(view, removed);
    if (from >= n)
        return 0;
    const kg_segment *p = view->pending;
    kg_index_cursor c;
    kg_index_cursor_at(&c, removed ? &p->del[KG_ORDER_SPOG] : &p->add[KG_ORDER_SPOG], from,
                       n - from < max ? n : from + max);
    size_t got = 0;
    kg_key key;
    while (got < max && kg_index_cursor_next(&c, &key))
        out[got++] = kg_quad_from_key(&key, KG_ORDER_SPOG);
    return got;
}
