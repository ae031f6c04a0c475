/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/strmap.c - string -> int map with linear probing; keys live in
 * one growing blob so that a map is three allocations. */
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hash.h"

typedef struct slot {
    uint64_t hash;
    size_t off; /* key offset in blob + 1; 0 = empty */
    size_t len;
    int value;
} slot;

struct kg_strmap {
    slot *slots;
    size_t cap, n;
    kg_buf blob;
};

kg_strmap *kg_strmap_new(void)
{
    kg_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void kg_strmap_free(kg_strmap *m)
{
    if (!m)
        return;
    free(m->slots);
    kg_buf_free(&m->blob);
    free(m);
}

static slot *find(const kg_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->off)
            return s;
        if (s->hash == h && s->len == len && memcmp(m->blob.data + s->off - 1, key, len) == 0)
            return s;
    }
}

static bool grow(kg_strmap *m)
{
    size_t cap = m->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].off)
            continue;
        size_t j = m->slots[i].hash & (cap - 1);
        while (slots[j].off)
            j = (j + 1) & (cap - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

bool kg_strmap_put(kg_strmap *m, const char *key, size_t len, int value)
{
    if ((m->n + 1) * 2 > m->cap && !grow(m))
        return false;
    uint64_t h = kg_hash_bytes(key, len, 0x6b67);
    slot *s = find(m, key, len, h);
    if (s->off) {
        s->value = value;
        return true;
    }
    size_t off = m->blob.len;
    if (!kg_buf_append(&m->blob, key, len) || !kg_buf_putc(&m->blob, '\0'))
        return false;
    s->hash = h;
    s->off = off + 1;
    s->len = len;
    s->value = value;
    m->n++;
    return true;
}

bool kg_strmap_get(const kg_strmap *m, const char *key, size_t len, int *value)
{
    if (!m || !m->n)
        return false;
    const slot *s = find(m, key, len, kg_hash_bytes(key, len, 0x6b67));
    if (!s->off)
        return false;
    *value = s->value;
    return true;
}

size_t kg_strmap_count(const kg_strmap *m)
{
    return m ? m->n : 0;
}

void kg_strmap_clear(kg_strmap *m)
{
    if (!m->n)
        return;
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->n = 0;
    kg_buf_clear(&m->blob);
}
