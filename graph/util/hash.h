/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/hash.h - a fast 64-bit hash of byte strings (for dictionaries,
 * hash joins and file checksums). Not cryptographic. */
#ifndef KG_UTIL_HASH_H
#define KG_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t kg_hash_bytes(const void *data, size_t len, uint64_t seed);

/* A checksum of large byte ranges (store segments, checked at every
 * open): four independent lanes over 32-byte blocks, as xxHash64 does, so
 * it runs at memory speed rather than at the speed of one multiply chain.
 * Not the same values as kg_hash_bytes. */
uint64_t kg_checksum(const void *data, size_t len, uint64_t seed);

/* The same checksum over bytes that come in pieces (a segment written
 * section by section): init, update with each piece in order, final. */
typedef struct kg_checksum_state {
    uint64_t v[4];
    uint64_t total;
    unsigned char tail[32]; /* bytes not yet making a 32-byte block */
    size_t n_tail;
} kg_checksum_state;
void kg_checksum_init(kg_checksum_state *st, uint64_t seed);
void kg_checksum_update(kg_checksum_state *st, const void *data, size_t len);
uint64_t kg_checksum_final(const kg_checksum_state *st);

/* Mixes a 64-bit value (for hashing ids and tuples). */
static inline uint64_t kg_hash_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

#endif
