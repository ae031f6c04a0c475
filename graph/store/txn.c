/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/txn.c - an open transaction: new terms, changed quads and graphs,
 * and its normalisation into a segment. It never touches files.
 *
 * Reads inside a transaction see it through an overlay of layers, segments
 * stacked on the committed ones (kg_txn_overlay): each read after a change
 * normalises only the changes made since the last one into a new layer,
 * and layers are merged as in a binary counter (a layer is merged into the
 * one below while that one is at most twice its weight), so there are
 * O(log n) layers and each change is normalised O(log n) times. Rebuilding
 * the whole transaction per read made n small operations quadratic. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store/bulk.h"
#include "store/newterms.h"
#include "store/store_impl.h"
#include "kg/grow.h"

kg_txn *kg_txn_new(kg_id first_id)
{
    kg_txn *txn = calloc(1, sizeof *txn);
    if (!txn)
        return NULL;
    txn->first_id = first_id;
    if (!(txn->terms = kg_newterms_new())) {
        free(txn);
        return NULL;
    }
    return txn;
}

void kg_txn_free(kg_txn *txn)
{
    if (!txn)
        return;
    kg_newterms_free(txn->terms);
    free(txn->ops);
    free(txn->created);
    free(txn->dropped);
    kg_prefixes_clear(&txn->prefixes);
    kg_spill_free(txn->spill);
    kg_txn_drop_overlay(txn);
    free(txn->layers);
    free(txn);
}

kg_status kg_txn_find_term(kg_txn *txn, const uint8_t *code, size_t len, uint64_t hash, kg_id *id,
                           kg_error *err)
{
    uint32_t index;
    kg_status st = kg_newterms_find(txn->terms, code, len, hash, &index, err);
    *id = index == KG_NEWTERM_NONE ? KG_ID_NONE : txn->first_id + (kg_id)index;
    return st;
}

kg_id kg_txn_add_term(kg_txn *txn, const uint8_t *code, size_t len, uint64_t hash)
{
    if ((uint64_t)txn->first_id + kg_newterms_count(txn->terms) >= KG_ID_STORE_MAX)
        return KG_ID_NONE; /* the dictionary is full */
    uint32_t index = kg_newterms_add(txn->terms, code, len, hash);
    return index == KG_NEWTERM_NONE ? KG_ID_NONE : txn->first_id + (kg_id)index;
}

uint32_t kg_txn_terms(const kg_txn *txn)
{
    return kg_newterms_count(txn->terms);
}

bool kg_txn_push_op(kg_txn *txn, const kg_quad *q, bool remove)
{
    if (!kg_grow(&txn->ops, &txn->cap_ops, txn->n_ops, sizeof *txn->ops, 1024))
        return false;
    kg_key key = kg_key_from_quad(q, KG_ORDER_SPOG);
    if (remove)
        key.k[3] |= KG_OP_REMOVE_BIT;
    txn->ops[txn->n_ops++] = key;
    return true;
}

static bool id_push(kg_id **items, uint32_t *n, size_t *cap, kg_id id)
{
    if (!kg_grow(items, cap, *n, sizeof **items, 16))
        return false;
    (*items)[(*n)++] = id;
    return true;
}

static void id_remove(kg_id *items, uint32_t *n, kg_id id)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < *n; i++)
        if (items[i] != id)
            items[w++] = items[i];
    *n = w;
}

bool kg_txn_graph_record(kg_txn *txn, kg_id g, bool create)
{
    txn->graph_changes++;
    if (create) {
        id_remove(txn->dropped, &txn->n_dropped, g);
        return id_push(&txn->created, &txn->n_created, &txn->cap_created, g);
    }
    id_remove(txn->created, &txn->n_created, g);
    return id_push(&txn->dropped, &txn->n_dropped, &txn->cap_dropped, g);
}

static int id_cmp(const void *a, const void *b)
{
    kg_id x = *(const kg_id *)a, y = *(const kg_id *)b;
    return x < y ? -1 : x > y;
}

uint32_t kg_ids_sort_unique(kg_id *items, uint32_t n)
{
    if (n == 0)
        return 0;
    qsort(items, n, sizeof *items, id_cmp);
    uint32_t w = 1;
    for (uint32_t i = 1; i < n; i++)
        if (items[i] != items[w - 1])
            items[w++] = items[i];
    return w;
}

static kg_status fail_nomem(kg_error *err)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->status = KG_ERR_NOMEM;
        strcpy(err->message, "out of memory while preparing a commit");
    }
    return KG_ERR_NOMEM;
}

/* Normalises the operations from op_from on and the terms from term_from
 * on against segs into *out (NULL when nothing changes); the graph records
 * go in whole (they are few, and the newest layer must have them all). */
static kg_status build_from(kg_txn *txn, uint64_t op_from, uint32_t term_from,
                            kg_segment *const *segs, size_t n_segs, kg_segment **out,
                            kg_error *err)
{
    *out = NULL;
    kg_key *ops = NULL, *scratch = NULL, *adds = NULL, *dels = NULL;
    uint64_t *offsets = NULL;
    uint64_t n = txn->n_ops - op_from;
    txn->work += n;
    if (n) {
        ops = malloc(n * sizeof *ops);
        scratch = malloc(n * sizeof *scratch);
        adds = malloc(n * sizeof *adds);
        dels = malloc(n * sizeof *dels);
        if (!ops || !scratch || !adds || !dels)
            goto nomem;
        memcpy(ops, txn->ops + op_from, n * sizeof *ops);
        kg_id max_id = 0;
        for (uint64_t i = 0; i < n; i++)
            for (int j = 0; j < 4; j++)
                if ((ops[i].k[j] & KG_ID_STORE_MAX) > max_id)
                    max_id = ops[i].k[j] & KG_ID_STORE_MAX;
        kg_keys_sort(ops, scratch, n, max_id);
    }
    uint64_t n_add = 0, n_del = 0;
    for (uint64_t i = 0; i < n;) {
        uint64_t last = i;
        while (last + 1 < n && kg_key_cmp_ids(&ops[last + 1], &ops[i]) == 0)
            last++;
        bool remove = (ops[last].k[3] & KG_OP_REMOVE_BIT) != 0;
        kg_key key = ops[last];
        key.k[3] &= ~KG_OP_REMOVE_BIT;
        kg_quad q = kg_quad_from_key(&key, KG_ORDER_SPOG);
        bool present = kg_segments_contain(segs, n_segs, &q);
        if (remove && present)
            dels[n_del++] = key;
        else if (!remove && !present)
            adds[n_add++] = key;
        i = last + 1;
    }
    free(ops);
    free(scratch);
    ops = scratch = NULL;

    kg_id *created = NULL, *dropped = NULL;
    uint32_t n_created = 0, n_dropped = 0;
    if (txn->n_created || txn->n_dropped) {
        created = malloc(((size_t)txn->n_created + 1) * sizeof *created);
        dropped = malloc(((size_t)txn->n_dropped + 1) * sizeof *dropped);
        if (!created || !dropped) {
            free(created);
            free(dropped);
            goto nomem;
        }
        if (txn->n_created)
            memcpy(created, txn->created, (size_t)txn->n_created * sizeof *created);
        if (txn->n_dropped)
            memcpy(dropped, txn->dropped, (size_t)txn->n_dropped * sizeof *dropped);
        n_created = kg_ids_sort_unique(created, txn->n_created);
        n_dropped = kg_ids_sort_unique(dropped, txn->n_dropped);
    }
    kg_status st = KG_OK;
    uint32_t n_terms = kg_txn_terms(txn) - term_from;
    const uint8_t *blob = NULL;
    uint64_t blob_len = 0;
    const uint64_t *from;
    if (n_terms && !kg_newterms_in_memory(txn->terms, term_from, &blob, &from)) {
        free(created);
        free(dropped);
        free(adds);
        free(dels);
        return kg_error_set(err, KG_ERR_INVALID, NULL,
                            "internal error: an overlay of a transaction whose terms were spilled");
    }
    if (n_terms) {
        /* the segment's offsets count from its own first term */
        if (!(offsets = malloc(((size_t)n_terms + 1) * sizeof *offsets))) {
            free(created);
            free(dropped);
            goto nomem;
        }
        for (uint32_t i = 0; i <= n_terms; i++)
            offsets[i] = from[i] - from[0];
        blob += from[0];
        blob_len = from[n_terms] - from[0];
    }
    if (n_add || n_del || n_terms || n_created || n_dropped) {
        kg_segment_parts parts = {
            .first_id = txn->first_id + term_from,
            .n_terms = n_terms,
            .term_blob = blob,
            .blob_len = blob_len,
            .term_offsets = offsets,
            .add_spog = adds,
            .n_add = n_add,
            .del_spog = dels,
            .n_del = n_del,
            .created = created,
            .n_created = n_created,
            .dropped = dropped,
            .n_dropped = n_dropped,
        };
        st = kg_segment_build(&parts, out, err);
    }
    free(offsets);
    free(adds);
    free(dels);
    free(created);
    free(dropped);
    return st;
nomem:
    free(ops);
    free(scratch);
    free(adds);
    free(dels);
    return fail_nomem(err);
}

kg_status kg_txn_build(kg_txn *txn, kg_segment *const *segs, size_t n_segs, kg_segment **out,
                       kg_error *err)
{
    return build_from(txn, 0, 0, segs, n_segs, out, err);
}

void kg_txn_drop_overlay(kg_txn *txn)
{
    for (size_t i = 0; i < txn->n_layers; i++)
        kg_segment_free(txn->layers[i].seg);
    txn->n_layers = 0;
    txn->built_ops = 0;
    txn->built_terms = 0;
}

static uint64_t weight_since(const kg_txn *txn, uint64_t op_from, uint32_t term_from)
{
    return (txn->n_ops - op_from) + (kg_txn_terms(txn) - term_from);
}

kg_status kg_txn_overlay(kg_txn *txn, kg_segment *const *segs, size_t n_segs, bool flatten,
                         kg_error *err)
{
    if (txn->n_ops < txn->built_ops)
        kg_txn_drop_overlay(txn); /* undone past what was built */
    /* The layers from `from` up are rebuilt as one: those no heavier than
     * twice what would lie above them, or all of them to flatten. */
    size_t from = txn->n_layers;
    uint64_t above = weight_since(txn, txn->built_ops, txn->built_terms);
    /* Flattened, one layer holds every change (kg_view_changes reads the
     * newest layer only): a single layer with changes since it is rebuilt. */
    bool fresh = txn->n_ops != txn->built_ops || kg_txn_terms(txn) != txn->built_terms ||
                 txn->graphs_built != txn->graph_changes;
    bool all = flatten && (txn->n_layers > 1 || fresh);
    while (from > 0 && (all || txn->layers[from - 1].weight <= 2 * above)) {
        from--;
        above += txn->layers[from].weight;
    }
    uint64_t op_from = from < txn->n_layers ? txn->layers[from].op_from : txn->built_ops;
    uint32_t term_from = from < txn->n_layers ? txn->layers[from].term_from : txn->built_terms;
    if (from == txn->n_layers && op_from == txn->n_ops && term_from == kg_txn_terms(txn) &&
        txn->graphs_built == txn->graph_changes)
        return KG_OK; /* nothing new */
    kg_segment **below = malloc((n_segs + from + 1) * sizeof *below);
    if (!below)
        return fail_nomem(err);
    if (n_segs)
        memcpy(below, segs, n_segs * sizeof *below);
    for (size_t i = 0; i < from; i++)
        below[n_segs + i] = txn->layers[i].seg;
    kg_segment *seg = NULL;
    kg_status st = build_from(txn, op_from, term_from, below, n_segs + from, &seg, err);
    free(below);
    if (st != KG_OK)
        return st;
    if (!kg_grow(&txn->layers, &txn->cap_layers, from, sizeof *txn->layers, 8)) {
        kg_segment_free(seg);
        return fail_nomem(err);
    }
    for (size_t i = from; i < txn->n_layers; i++)
        kg_segment_free(txn->layers[i].seg);
    txn->n_layers = from;
    /* An empty result still covers its operations: the next layer starts
     * after them. */
    if (seg)
        txn->layers[txn->n_layers++] = (kg_txn_layer){seg, op_from, term_from, above};
    txn->built_ops = txn->n_ops;
    txn->built_terms = kg_txn_terms(txn);
    txn->graphs_built = txn->graph_changes;
    return KG_OK;
}
