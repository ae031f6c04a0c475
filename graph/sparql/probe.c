/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/probe.c - probe tables: the quads of one triple pattern with its
 * join position left unbound, read by one index scan and sorted on that
 * position. A pattern looked up once per row of a large input (the second
 * pattern of a GROUP BY over a join, say) then costs a search in a small,
 * cache-resident array per row instead of an index search of the whole
 * store; rows that come in key order (the usual case: the first pattern's
 * scan is sorted on the shared variable) advance from the last hit. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

static kg_id key_of(const kg_quad *q, int key)
{
    return key == 0 ? q->s : key == 1 ? q->p : q->o;
}

enum { DIGIT_MAX_BITS = 12 };
static_assert(DIGIT_MAX_BITS < 32, "a digit's mask must fit a kg_id");

/* How many low bits of the keys vary: the bits above are the same in all
 * of them and take no part in their order. */
static unsigned varying_bits(const kg_quad *quads, size_t n, int key)
{
    kg_id all_or = 0, all_and = ~(kg_id)0;
    for (size_t i = 0; i < n; i++) {
        all_or |= key_of(&quads[i], key);
        all_and &= key_of(&quads[i], key);
    }
    unsigned bits = 0;
    while (bits < 32 && (all_or ^ all_and) >> bits)
        bits++;
    return bits;
}

/* One stable counting pass of src into dst on the key's bits (k >> shift) & mask. */
static void radix_pass(const kg_quad *src, kg_quad *dst, size_t n, int key, unsigned shift,
                       kg_id mask)
{
    size_t count[(size_t)1 << DIGIT_MAX_BITS];
    memset(count, 0, ((size_t)mask + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[key_of(&src[i], key) >> shift & mask]++;
    for (size_t b = 0, sum = 0; b <= mask; b++) {
        size_t here = count[b];
        count[b] = sum;
        sum += here;
    }
    for (size_t i = 0; i < n; i++)
        dst[count[key_of(&src[i], key) >> shift & mask]++] = src[i];
}

/* Sorts *quads on their key position: an LSD radix sort over the keys'
 * varying bits in as few passes of at most DIGIT_MAX_BITS as they need,
 * ping-ponging between *quads and *tmp (the two may trade places: the
 * sorted quads end up in *quads). The table is rebuilt by every query that
 * needs it, so its sort is on the query's path: keys of 17 to 24 bits (a
 * store of 65,536 to 16 million terms) take two passes where bytes took
 * three. */
static void sort_on_key(kg_quad **quads, kg_quad **tmp, size_t n, int key)
{
    unsigned bits = varying_bits(*quads, n, key);
    unsigned passes = (bits + DIGIT_MAX_BITS - 1) / DIGIT_MAX_BITS;
    if (passes == 0)
        return;
    unsigned width = (bits + passes - 1) / passes;
    for (unsigned shift = 0; shift < bits; shift += width) {
        radix_pass(*quads, *tmp, n, key, shift, ((kg_id)1 << width) - 1);
        kg_quad *sorted = *tmp;
        *tmp = *quads;
        *quads = sorted;
    }
}

bool kg_probe_build(kg_probe *t, kg_eval *ev, const kg_active_graph *graph, const kg_id v[3],
                    int key)
{
    memset(t, 0, sizeof *t);
    t->key = key;
    kg_dscan d;
    kg_dscan_open(&d, ev, graph, key == 0 ? 0 : v[0], key == 1 ? 0 : v[1], key == 2 ? 0 : v[2]);
    size_t cap = 0;
    kg_quad q;
    while (kg_dscan_next(&d, &q)) {
        if (t->n == cap) {
            size_t grown = cap ? 2 * cap : 1024;
            kg_quad *quads = kg_eval_charge(ev, (grown - cap) * sizeof *quads)
                                 ? realloc(t->quads, grown * sizeof *quads)
                                 : NULL;
            if (!quads) {
                if (ev->status == KG_OK)
                    kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
                break;
            }
            t->quads = quads;
            cap = grown;
        }
        t->quads[t->n++] = q;
    }
    kg_dscan_close(&d);
    if (ev->status != KG_OK) {
        kg_probe_free(t);
        return false;
    }
    /* Not charged: whichever of the two arrays ends up not holding the
     * table is freed at once. */
    kg_quad *tmp = malloc((t->n + 1) * sizeof *tmp);
    if (!tmp) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        kg_probe_free(t);
        return false;
    }
    sort_on_key(&t->quads, &tmp, t->n, key);
    free(tmp);
    return true;
}

/* The first index in [lo, hi) whose key is not below id. */
static size_t lower_bound(const kg_probe *t, size_t lo, size_t hi, kg_id id)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_of(&t->quads[mid], t->key) < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void kg_probe_find(kg_probe *t, kg_id id, const kg_quad **from, const kg_quad **to)
{
    size_t lo = 0, hi = t->n;
    if (t->hint < t->n && key_of(&t->quads[t->hint], t->key) <= id) {
        /* Galloping from the last hit: keys asked in order cost O(1). */
        size_t step = 1;
        lo = t->hint;
        while (lo + step < t->n && key_of(&t->quads[lo + step], t->key) < id) {
            lo += step;
            step *= 2;
        }
        hi = lo + step < t->n ? lo + step + 1 : t->n;
    }
    size_t first = lower_bound(t, lo, hi, id), last = first;
    while (last < t->n && key_of(&t->quads[last], t->key) == id)
        last++;
    t->hint = first;
    *from = t->quads + first;
    *to = t->quads + last;
}

void kg_probe_free(kg_probe *t)
{
    free(t->quads);
    t->quads = NULL;
    t->n = 0;
}
