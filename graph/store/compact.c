/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/compact.c - merging all segments of a store into one.
 *
 * The merged segment keeps every term id (the dictionary is the
 * concatenation of the segments' dictionaries) and holds exactly the quads
 * present in the store, with no removal records. Like a commit it is
 * written under a new name and installed by replacing the manifest; the old
 * segment files are removed only after that (readers that have them mapped
 * keep reading them: a mapping outlives the file's name). Every input is
 * verified first, so compaction never seals damaged data under a new
 * checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_impl.h"
#include "kg/grow.h"

static kg_status gather_terms(kg_store *store, kg_buf *blob, uint64_t **offsets_out,
                              uint32_t *n_out)
{
    uint64_t n = 0;
    for (size_t i = 0; i < store->m.n_segs; i++)
        n += store->m.segs[i]->n_terms;
    uint64_t *offsets = malloc((n + 1) * sizeof *offsets);
    if (!offsets)
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory compacting the store");
    uint64_t k = 0;
    offsets[0] = 0;
    for (size_t i = 0; i < store->m.n_segs; i++) {
        const kg_segment *seg = store->m.segs[i];
        if (!kg_buf_append(blob, seg->term_blob, seg->blob_len)) {
            free(offsets);
            return kg_store_fail(store, KG_ERR_NOMEM, "out of memory compacting the store");
        }
        uint64_t base = offsets[k];
        for (uint32_t j = 0; j < seg->n_terms; j++)
            offsets[k + j + 1] = base + seg->term_offsets[j + 1];
        k += seg->n_terms;
    }
    *offsets_out = offsets;
    *n_out = (uint32_t)n;
    return KG_OK;
}

static kg_status gather_quads(kg_store *store, kg_view *view, kg_key **out, uint64_t *n_out)
{
    /* room for every quad the manifest counts, when that fits in memory */
    uint64_t quads = store->m.quads;
    size_t cap = quads && quads <= SIZE_MAX / sizeof(kg_key) ? (size_t)quads : 1, n = 0;
    kg_key *keys = malloc(cap * sizeof *keys);
    kg_scan *scan = keys ? kg_scan_open(view, 0, 0, 0, KG_GRAPHS_ALL, 0) : NULL;
    if (!scan) {
        free(keys);
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory compacting the store");
    }
    kg_quad q;
    while (kg_scan_next(scan, &q)) {
        if (!kg_grow(&keys, &cap, n, sizeof *keys, 1)) {
            kg_scan_close(scan);
            free(keys);
            return kg_store_fail(store, KG_ERR_NOMEM, "out of memory compacting the store");
        }
        keys[n++] = kg_key_from_quad(&q, KG_ORDER_SPOG);
    }
    kg_scan_close(scan);
    /* the scan walks the graph-first index; segments are built from SPOG */
    kg_key *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!scratch) {
        free(keys);
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory compacting the store");
    }
    kg_keys_sort(keys, scratch, n, store->m.next_id);
    free(scratch);
    *out = keys;
    *n_out = n;
    return KG_OK;
}

/* Graphs whose newest record says "created" stay created. */
static uint32_t gather_created(kg_store *store, kg_id **out)
{
    uint32_t n = 0;
    size_t cap = 0;
    kg_id *ids = NULL;
    for (size_t i = 0; i < store->m.n_segs; i++) {
        const kg_segment *seg = store->m.segs[i];
        for (uint32_t j = 0; j < seg->n_created; j++) {
            kg_id g = seg->created[j];
            bool later_drop = false;
            for (size_t k = i + 1; k < store->m.n_segs && !later_drop; k++)
                for (uint32_t d = 0; d < store->m.segs[k]->n_dropped; d++)
                    if (store->m.segs[k]->dropped[d] == g)
                        later_drop = true;
            bool seen = false;
            for (uint32_t k = 0; k < n; k++)
                seen |= ids[k] == g;
            if (later_drop || seen)
                continue;
            if (!kg_grow(&ids, &cap, n, sizeof *ids, 16))
                break; /* an empty created graph is forgotten: no data is lost */
            ids[n++] = g;
        }
    }
    *out = ids;
    return n;
}

static int id_cmp(const void *a, const void *b)
{
    kg_id x = *(const kg_id *)a, y = *(const kg_id *)b;
    return x < y ? -1 : x > y;
}

kg_status kg_store_compact(kg_store *store)
{
    if (store->txn)
        return kg_store_fail(store, KG_ERR_INVALID, "cannot compact inside a transaction");
    if (store->flags & KG_STORE_READONLY)
        return kg_store_fail(store, KG_ERR_READONLY, "the store is open read-only");
    kg_status st = kg_store_lock_for_write(store); /* the lock and the latest state */
    if (st != KG_OK)
        return st;
    st = kg_store_compact_locked(store);
    kg_lock_release(&store->lock);
    return st;
}

kg_status kg_store_compact_locked(kg_store *store)
{
    if (store->m.n_segs <= 1)
        return KG_OK;
    for (size_t i = 0; i < store->m.n_segs; i++) {
        kg_status st = kg_segment_verify(store->m.segs[i], &store->error);
        if (st != KG_OK)
            return st;
    }
    kg_view *view = kg_store_view(store);
    if (!view)
        return store->error.status;
    kg_buf blob = KG_BUF_INIT;
    uint64_t *offsets = NULL;
    uint32_t n_terms = 0;
    kg_key *keys = NULL;
    uint64_t n_keys = 0;
    kg_id *created = NULL;
    kg_status st = gather_terms(store, &blob, &offsets, &n_terms);
    if (st == KG_OK)
        st = gather_quads(store, view, &keys, &n_keys);
    uint32_t n_created = st == KG_OK ? gather_created(store, &created) : 0;
    if (n_created)
        qsort(created, n_created, sizeof *created, id_cmp);
    kg_segment *seg = NULL;
    if (st == KG_OK) {
        kg_segment_parts parts = {
            .first_id = 1,
            .n_terms = n_terms,
            .term_blob = (const uint8_t *)blob.data,
            .blob_len = blob.len,
            .term_offsets = offsets,
            .add_spog = keys,
            .n_add = n_keys,
            .created = created,
            .n_created = n_created,
        };
        st = kg_segment_build(&parts, &seg, &store->error);
    }
    kg_buf_free(&blob);
    free(offsets);
    free(keys);
    free(created);
    if (st != KG_OK)
        return st;
    kg_manifest next = store->m;
    next.generation = store->m.generation + 1;
    next.segs = &seg;
    next.n_segs = next.cap_segs = 1;
    if (store->dir) {
        st = kg_store_write_segment(store, &seg, next.generation);
        if (st == KG_OK) {
            next.segs = &seg;
            st = kg_store_install(store, &next);
            if (st != KG_OK)
                kg_store_unlink_segment(store, seg);
        }
        if (st != KG_OK) {
            kg_segment_free(seg);
            return st;
        }
    }
    kg_view_reset(&store->view);
    store->view_stale = true;
    for (size_t i = 0; i < store->m.n_segs; i++) {
        kg_store_unlink_segment(store, store->m.segs[i]);
        kg_segment_free(store->m.segs[i]);
    }
    store->m.segs[0] = seg;
    store->m.n_segs = 1;
    store->m.generation = next.generation;
    store->m.id = next.id;
    store->m.version = next.version;
    return KG_OK;
}
