/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/hash.c - 64-bit hash over 8-byte words with a final avalanche. */
#include "util/hash.h"

#include <string.h>

static uint64_t read64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

uint64_t kg_hash_bytes(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    const uint64_t k = 0x9e3779b97f4a7c15ULL;
    uint64_t h = seed ^ (len * k);
    while (len >= 8) {
        h = (h ^ kg_hash_mix(read64(p))) * k;
        h ^= h >> 29;
        p += 8;
        len -= 8;
    }
    uint64_t tail = 0;
    memcpy(&tail, p, len);
    h = (h ^ kg_hash_mix(tail ^ len)) * k;
    return kg_hash_mix(h);
}

static uint64_t lane_round(uint64_t acc, uint64_t input)
{
    acc += input * 0xc2b2ae3d27d4eb4fULL;
    acc = (acc << 31) | (acc >> 33);
    return acc * 0x9e3779b185ebca87ULL;
}

void kg_checksum_init(kg_checksum_state *st, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        st->v[i] = seed + 1 + (uint64_t)i;
    st->total = 0;
    st->n_tail = 0;
}

static void checksum_blocks(kg_checksum_state *st, const unsigned char *p, size_t blocks)
{
    for (size_t b = 0; b < blocks; b++, p += 32)
        for (int i = 0; i < 4; i++)
            st->v[i] = lane_round(st->v[i], read64(p + 8 * i));
}

void kg_checksum_update(kg_checksum_state *st, const void *data, size_t len)
{
    const unsigned char *p = data;
    st->total += len;
    if (st->n_tail) {
        size_t take = 32 - st->n_tail < len ? 32 - st->n_tail : len;
        memcpy(st->tail + st->n_tail, p, take);
        st->n_tail += take;
        p += take;
        len -= take;
        if (st->n_tail < 32)
            return;
        checksum_blocks(st, st->tail, 1);
        st->n_tail = 0;
    }
    checksum_blocks(st, p, len / 32);
    memcpy(st->tail, p + len / 32 * 32, len % 32);
    st->n_tail = len % 32;
}

uint64_t kg_checksum_final(const kg_checksum_state *st)
{
    const uint64_t *v = st->v;
    uint64_t h = kg_hash_mix(v[0]) ^ kg_hash_mix(v[1] + 1) * 3 ^ kg_hash_mix(v[2] + 2) * 5 ^
                 kg_hash_mix(v[3] + 3) * 7;
    return kg_hash_bytes(st->tail, st->n_tail, h ^ st->total);
}

uint64_t kg_checksum(const void *data, size_t len, uint64_t seed)
{
    kg_checksum_state st;
    kg_checksum_init(&st, seed);
    kg_checksum_update(&st, data, len);
    return kg_checksum_final(&st);
}
