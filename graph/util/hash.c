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

uint64_t kg_checksum(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t v[4] = {seed + 1, seed + 2, seed + 3, seed + 4};
    size_t total = len;
    while (len >= 32) {
        for (int i = 0; i < 4; i++)
            v[i] = lane_round(v[i], read64(p + 8 * i));
        p += 32;
        len -= 32;
    }
    uint64_t h = kg_hash_mix(v[0]) ^ kg_hash_mix(v[1] + 1) * 3 ^ kg_hash_mix(v[2] + 2) * 5 ^
                 kg_hash_mix(v[3] + 3) * 7;
    return kg_hash_bytes(p, len, h ^ total);
}
