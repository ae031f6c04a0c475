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
