/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/idtab.c - open-addressing hash table of id tuples (linear probing
 * over slot numbers; the tuples themselves live in one growing array). */
#include "sparql/idtab.h"

#include <stdlib.h>
#include <string.h>

#include "kg/grow.h"
#include "util/hash.h"

struct kg_idtab {
    unsigned width;
    kg_id *keys;      /* count * width ids */
    uint32_t count;
    size_t keys_cap;  /* in tuples */
    uint32_t *slots;  /* index + 1, 0 = empty */
    uint32_t nslots;  /* power of two */
};

kg_idtab *kg_idtab_new(unsigned width)
{
    kg_idtab *tab = calloc(1, sizeof *tab);
    if (tab)
        tab->width = width ? width : 1;
    return tab;
}

void kg_idtab_free(kg_idtab *tab)
{
    if (!tab)
        return;
    free(tab->keys);
    free(tab->slots);
    free(tab);
}

static uint64_t hash_tuple(const kg_idtab *tab, const kg_id *tuple)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (unsigned i = 0; i < tab->width; i++)
        h = kg_hash_mix(h ^ tuple[i]) + i;
    return h;
}

/* A loop, not memcmp: tuples are a few ids (a group key is often one), and
 * a library call per probed slot cost more than the comparison. */
static bool same_tuple(const kg_id *a, const kg_id *b, unsigned width)
{
    for (unsigned i = 0; i < width; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

static uint32_t *probe(const kg_idtab *tab, const kg_id *tuple)
{
    uint32_t mask = tab->nslots - 1;
    uint32_t i = (uint32_t)hash_tuple(tab, tuple) & mask;
    for (;;) {
        uint32_t s = tab->slots[i];
        if (!s || same_tuple(tab->keys + (size_t)(s - 1) * tab->width, tuple, tab->width))
            return &tab->slots[i];
        i = (i + 1) & mask;
    }
}

static bool grow(kg_idtab *tab)
{
    uint32_t n = tab->nslots ? tab->nslots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    free(tab->slots);
    tab->slots = slots;
    tab->nslots = n;
    for (uint32_t i = 0; i < tab->count; i++)
        *probe(tab, tab->keys + (size_t)i * tab->width) = i + 1;
    return true;
}

bool kg_idtab_find(const kg_idtab *tab, const kg_id *tuple, uint32_t *index)
{
    if (!tab->nslots)
        return false;
    uint32_t s = *probe(tab, tuple);
    if (!s)
        return false;
    if (index)
        *index = s - 1;
    return true;
}

int kg_idtab_put(kg_idtab *tab, const kg_id *tuple, uint32_t *index)
{
    if ((uint64_t)(tab->count + 1) * 2 > tab->nslots && !grow(tab))
        return -1;
    uint32_t *slot = probe(tab, tuple);
    if (*slot) {
        if (index)
            *index = *slot - 1;
        return 0;
    }
    if (!kg_grow(&tab->keys, &tab->keys_cap, tab->count, tab->width * sizeof *tab->keys, 32))
        return -1;
    memcpy(tab->keys + (size_t)tab->count * tab->width, tuple, tab->width * sizeof *tuple);
    *slot = ++tab->count;
    if (index)
        *index = tab->count - 1;
    return 1;
}

const kg_id *kg_idtab_key(const kg_idtab *tab, uint32_t index)
{
    return tab->keys + (size_t)index * tab->width;
}

size_t kg_idtab_count(const kg_idtab *tab)
{
    return tab->count;
}

void kg_idtab_clear(kg_idtab *tab)
{
    if (!tab->slots) {
        tab->count = 0;
        return;
    }
    /* A table reused for many small sets (the visited nodes of one path
     * closure per start node) may once have grown large: emptying only
     * the slots in use keeps each clear proportional to what was put.
     * Removed newest first, each tuple's probe sequence is still intact
     * when it is looked up: only tuples put before it can lie on it. */
    if ((uint64_t)tab->count * 8 < tab->nslots) {
        while (tab->count > 0) {
            tab->count--;
            *probe(tab, tab->keys + (size_t)tab->count * tab->width) = 0;
        }
        return;
    }
    tab->count = 0;
    memset(tab->slots, 0, tab->nslots * sizeof *tab->slots);
}

bool kg_idvec_append(kg_idvec *vec, const kg_id *ids, size_t n)
{
    if (n == 0)
        return true;
    if (vec->n + n > vec->cap) {
        size_t cap = vec->cap ? vec->cap : 16;
        while (cap < vec->n + n)
            cap *= 2;
        kg_id *v = realloc(vec->v, cap * sizeof *v);
        if (!v)
            return false;
        vec->v = v;
        vec->cap = cap;
    }
    memcpy(vec->v + vec->n, ids, n * sizeof *ids);
    vec->n += n;
    return true;
}

bool kg_idvec_push(kg_idvec *vec, kg_id id)
{
    return kg_idvec_append(vec, &id, 1);
}

void kg_idvec_free(kg_idvec *vec)
{
    free(vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}
