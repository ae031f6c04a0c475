/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/probe.c - probe tables: the quads of one triple pattern with its
 * join position left unbound, read by one index scan and sorted on that
 * position. A pattern looked up once per row of a large input (the second
 * pattern of a GROUP BY over a join, say) then costs a search in a small,
 * cache-resident array per row instead of an index search of the whole
 * store; rows that come in key order (the usual case: the first pattern's
 * scan is sorted on the shared variable) advance from the last hit. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

static kg_id key_of(const kg_quad *q, int key)
{
    return key == 0 ? q->s : key == 1 ? q->p : q->o;
}

/* Sorts *quads on their key position: an LSD radix sort, a byte a pass,
 * ping-ponging between *quads and *tmp (the two may trade places: the
 * sorted quads end up in *quads). The four byte histograms come from one
 * read of the quads, and a pass whose byte is the same in every key is
 * skipped: the table is rebuilt by every query that needs it, so its sort
 * is on the query's path. */
static void sort_on_key(kg_quad **quads, kg_quad **tmp, size_t n, int key)
{
    size_t count[4][256] = {{0}};
    for (size_t i = 0; i < n; i++) {
        kg_id k = key_of(&(*quads)[i], key);
        for (int d = 0; d < 4; d++)
            count[d][k >> (8 * d) & 0xff]++;
    }
    for (int d = 0; d < 4; d++) {
        size_t *c = count[d];
        if (n == 0 || c[key_of(&(*quads)[0], key) >> (8 * d) & 0xff] == n)
            continue;
        for (size_t b = 0, sum = 0; b < 256; b++) {
            size_t here = c[b];
            c[b] = sum;
            sum += here;
        }
        const kg_quad *src = *quads;
        kg_quad *dst = *tmp;
        for (size_t i = 0; i < n; i++)
            dst[c[key_of(&src[i], key) >> (8 * d) & 0xff]++] = src[i];
        *tmp = *quads;
        *quads = dst;
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
