/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/probe.c - probe tables: the quads of one triple pattern with its
 * join position left unbound, read by one index scan and sorted on that
 * position. A pattern looked up once per row of a large input (the second
 * pattern of a GROUP BY over a join, say) then costs a search in a small,
 * cache-resident array per row instead of an index search of the whole
 * store. Rows in key order (the usual case: the first pattern's scan is
 * sorted on the shared variable) find their key where the last range
 * ended; others through a directory of the key range in buckets of about
 * four keys each, in one step whatever order they come in (a search of the
 * whole table instead made a GROUP BY at 100M triples whose lookups came
 * unsorted spend 60% of its time there). */
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

/* How many low bits of the keys the sort must order: those that vary
 * (the bits above are the same in all of them and take no part in their
 * order), or none when the keys come sorted already, as a table keyed on the object of a pattern read from
 * the predicate-object index does (.exposure's `?s kg:sanctions ?owner`):
 * the stable sort would leave them as they are. */
static unsigned bits_to_sort(const kg_quad *quads, size_t n, int key)
{
    kg_id all_or = 0, all_and = ~(kg_id)0;
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        all_or |= key_of(&quads[i], key);
        all_and &= key_of(&quads[i], key);
        sorted = sorted && (i == 0 || key_of(&quads[i - 1], key) <= key_of(&quads[i], key));
    }
    if (sorted)
        return 0;
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
    unsigned bits = bits_to_sort(*quads, n, key);
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

/* How much larger than the lookups made so far a pattern may be: reading
 * it once then costs about what the index searches it replaces did. */
#define PROBE_RATIO 64
/* How much larger than the lookups announced (the rows a BGP's level above
 * is about to give) it may be for the table to be built at the first
 * check. An index lookup costs about ten quads read into a table (the
 * groupby benchmark, 1M and 10M triples), so eight leaves room for an
 * estimate that turns out high. */
#define PROBE_AHEAD_RATIO 8

/* The lookup count at which a slot is first checked (then at each
 * doubling of it). */
#define PROBE_FIRST_CHECK 64

static bool worth_building(const kg_eval *ev, uint64_t size, uint64_t lookups, uint64_t announced)
{
    size_t room = ev->max_memory > ev->charged ? (ev->max_memory - ev->charged) / 4 : 0;
    if (ev->max_memory && size > room / sizeof(kg_quad))
        return false;
    return size <= lookups * PROBE_RATIO || size <= announced * PROBE_AHEAD_RATIO;
}

/* Buckets of 2^shift ids, the smallest shift that makes at most one
 * bucket per BUCKET_KEYS quads. */
enum { BUCKET_KEYS = 4 };

static bool build_directory(kg_probe *t, kg_eval *ev)
{
    if (t->n == 0)
        return true;
    if (t->n > UINT32_MAX) {
        kg_eval_fail(ev, KG_ERR_LIMIT, "a probe table of over 2^32 quads");
        return false;
    }
    t->lowest = key_of(&t->quads[0], t->key);
    uint64_t span = (uint64_t)key_of(&t->quads[t->n - 1], t->key) - t->lowest + 1;
    size_t want = t->n / BUCKET_KEYS + 1;
    t->shift = 0;
    while ((span >> t->shift) + 1 > want)
        t->shift++;
    t->nbuckets = (size_t)(span >> t->shift) + 1;
    size_t bytes = (t->nbuckets + 1) * sizeof *t->first;
    if (!kg_eval_charge(ev, bytes) || !(t->first = malloc(bytes))) {
        if (ev->status == KG_OK)
            kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return false;
    }
    t->charged += bytes;
    size_t i = 0;
    for (size_t b = 0; b <= t->nbuckets; b++) {
        while (i < t->n && (uint64_t)(key_of(&t->quads[i], t->key) - t->lowest) >> t->shift < b)
            i++;
        t->first[b] = (uint32_t)i;
    }
    return true;
}

bool kg_probe_build(kg_probe *t, kg_eval *ev, const kg_active_graph *graph, const kg_id v[3],
                    int key)
{
    memset(t, 0, sizeof *t);
    t->key = key;
    kg_dscan d;
    kg_dscan_open(&d, ev, graph, key == 0 ? 0 : v[0], key == 1 ? 0 : v[1], key == 2 ? 0 : v[2]);
    size_t cap = 0;
    for (;;) {
        if (t->n == cap) {
            /* grown only when there is another quad for it */
            kg_quad q;
            if (!kg_dscan_next(&d, &q))
                break;
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
            t->charged += (grown - cap) * sizeof *quads;
            cap = grown;
            t->quads[t->n++] = q;
        }
        size_t got = kg_dscan_next_many(&d, t->quads + t->n, cap - t->n);
        if (got == 0)
            break;
        t->n += got;
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
    if (!build_directory(t, ev)) {
        kg_probe_free(t);
        return false;
    }
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
    size_t first = 0;
    if (t->next < t->n && key_of(&t->quads[t->next], t->key) == id &&
        (t->next == 0 || key_of(&t->quads[t->next - 1], t->key) < id)) {
        first = t->next; /* rows in key order: id starts where the last range ended */
    } else if (t->n && id >= t->lowest &&
               (uint64_t)(id - t->lowest) >> t->shift < t->nbuckets) {
        size_t b = (size_t)((uint64_t)(id - t->lowest) >> t->shift);
        first = lower_bound(t, t->first[b], t->first[b + 1], id);
    }
    size_t last = first;
    while (last < t->n && key_of(&t->quads[last], t->key) == id)
        last++;
    t->next = last;
    *from = t->quads + first;
    *to = t->quads + last;
}

void kg_probe_free(kg_probe *t)
{
    free(t->quads);
    free(t->first);
    t->quads = NULL;
    t->first = NULL;
    t->n = 0;
    t->nbuckets = 0;
    t->charged = 0;
}

void kg_probe_slot_init(kg_probe_slot *ps)
{
    memset(ps, 0, sizeof *ps);
    ps->next_check = PROBE_FIRST_CHECK;
}

kg_probe *kg_probe_slot_table(kg_probe_slot *ps, const kg_active_graph *graph, int key)
{
    return ps->built && key == ps->table.key && kg_active_graph_same(&ps->graph, graph)
               ? &ps->table
               : NULL;
}

kg_probe *kg_probe_slot_lookup(kg_probe_slot *ps, kg_eval *ev, const kg_active_graph *graph,
                               const kg_id v[3], int key, uint64_t announced)
{
    if (key < 0 || graph->list || graph->mode == KG_GRAPHS_NAMED)
        return NULL;
    if (ps->built)
        return kg_probe_slot_table(ps, graph, key);
    if (++ps->lookups < ps->next_check)
        return NULL;
    ps->next_check = 2 * ps->lookups;
    kg_id whole[3] = {v[0], v[1], v[2]};
    whole[key] = 0;
    uint64_t size = kg_dscan_estimate(ev, graph, whole[0], whole[1], whole[2]);
    if (!worth_building(ev, size, ps->lookups, announced) ||
        !kg_probe_build(&ps->table, ev, graph, v, key))
        return NULL;
    ps->built = true;
    ps->graph = *graph;
    return &ps->table;
}

bool kg_probe_slot_due(const kg_probe_slot *ps)
{
    return !ps->built && ps->lookups + 1 >= ps->next_check;
}

void kg_probe_slot_free(kg_probe_slot *ps)
{
    kg_probe_free(&ps->table);
    ps->built = false;
}
