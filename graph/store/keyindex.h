/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/keyindex.h - one index of a segment (its quads as keys sorted in
 * one order) and the only way to read it: range searches and cursors.
 *
 * An index is held in one of two forms. Raw: an array of keys (segments
 * built in memory, and files of formats 1 and 2). Blocked (files of
 * format 3, segment.c): the keys in blocks of KG_BLOCK_KEYS, a directory
 * holding each block's first key and where the rest of the block starts,
 * and the rest of each block as deltas (kg_key_encode) - sorted keys take
 * 3 to 6 bytes instead of 16. Readers never see the difference.
 *
 * Blocks are decoded with every read checked against the block's bounds:
 * a damaged block (only a crafted file with a valid checksum has one;
 * kg_index_verify, hence `kgsh check`, finds it) ends a cursor early or
 * makes a range empty, and is never read past. */
#ifndef KG_STORE_KEYINDEX_H
#define KG_STORE_KEYINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/quads.h"

/* A quad as a key in some order: k[0] is the most significant. */
typedef struct kg_key {
    kg_id k[4];
} kg_key;

static inline int kg_key_cmp(const kg_key *a, const kg_key *b)
{
    for (int i = 0; i < 4; i++)
        if (a->k[i] != b->k[i])
            return a->k[i] < b->k[i] ? -1 : 1;
    return 0;
}

/* Keys per block: a search decodes part of one block, so this trades
 * size (the directory costs 24 bytes a block) against the cost of a
 * lookup, which the join planner makes before every step (bench/queries
 * at 10M triples: 64 keys made the store 572 MiB and joins 2 to 4 times
 * slower than arrays; 16 keys, 624 MiB and joins about a quarter
 * slower). Part of the file format: changing it needs a new segment
 * version. */
enum { KG_BLOCK_KEYS = 16 };
/* The most bytes kg_key_encode writes. */
enum { KG_KEY_CODE_MAX = 21 };

typedef struct kg_index {
    uint64_t n;
    const kg_key *raw; /* raw: the n keys; NULL when blocked */
    /* blocked: ceil(n / KG_BLOCK_KEYS) blocks; block b's first key is
     * firsts[b] and the rest are data[offs[b] .. offs[b + 1]) */
    const kg_key *firsts;
    const uint64_t *offs;
    const uint8_t *data;
    uint64_t data_len;
} kg_index;

static inline uint64_t kg_index_blocks(uint64_t n)
{
    return (n + KG_BLOCK_KEYS - 1) / KG_BLOCK_KEYS;
}

/* Writes key, which sorts after prev, as a delta against it into out
 * (KG_KEY_CODE_MAX bytes); returns the bytes written. A header byte: bits
 * 0-1 the first component that differs, bits 2-4 which later components
 * equal prev's (bit 2 + j - 1 for component j), bits 5-7 the difference
 * in the first differing component less one when under 7, else 7 and the
 * difference follows as a varint (LEB128); then each later component not
 * equal to prev's as a varint. */
size_t kg_key_encode(uint8_t *out, const kg_key *prev, const kg_key *key);

/* Reads an index in order. Holds one decoded block (about 1 KB): lives on
 * the stack or inside a scan, never shared. Borrows the index, which must
 * outlive it. */
typedef struct kg_index_cursor {
    const kg_key *p, *end; /* the keys at hand, p < end while any */
    const kg_index *ix;
    uint64_t pos, stop; /* the position just after end; the range's end */
    uint64_t block;     /* the block in buf, or UINT64_MAX */
    uint32_t n_block;   /* its keys */
    uint32_t n_done;    /* how many of them are decoded into buf */
    const uint8_t *at, *at_end; /* the bytes of the rest */
    kg_key buf[KG_BLOCK_KEYS];
} kg_index_cursor;

/* Opens c on the keys whose first prefix_len components equal prefix's;
 * returns how many there are. */
uint64_t kg_index_cursor_range(kg_index_cursor *c, const kg_index *ix, const kg_key *prefix,
                               int prefix_len);
/* How many keys have the prefix, or an upper bound (within a block at
 * each end) when they span more than KG_COUNT_EXACT_BLOCKS blocks: what
 * the planner asks before every lookup, answered from the directory
 * without decoding the blocks a wide range ends in. */
enum { KG_COUNT_EXACT_BLOCKS = 4 };
uint64_t kg_index_count(const kg_index *ix, const kg_key *prefix, int prefix_len);

/* Opens c on the keys from the first one not below prefix to the end. */
void kg_index_cursor_from(kg_index_cursor *c, const kg_index *ix, const kg_key *prefix,
                          int prefix_len);
/* Opens c on the keys at positions [lo, hi) (hi <= ix->n). */
void kg_index_cursor_at(kg_index_cursor *c, const kg_index *ix, uint64_t lo, uint64_t hi);

/* Decodes the next block of the range; false at its end. */
bool kg_index_cursor_fill(kg_index_cursor *c);

/* The next key without moving, or NULL at the end; valid until the
 * cursor moves. */
static inline const kg_key *kg_index_cursor_peek(kg_index_cursor *c)
{
    if (c->p == c->end && !kg_index_cursor_fill(c))
        return NULL;
    return c->p;
}

/* Moves past the key kg_index_cursor_peek just gave (there must be one). */
static inline void kg_index_cursor_skip(kg_index_cursor *c)
{
    c->p++;
}

/* Copies the next key to *out and moves past it; false at the end. */
static inline bool kg_index_cursor_next(kg_index_cursor *c, kg_key *out)
{
    if (c->p == c->end && !kg_index_cursor_fill(c))
        return false;
    *out = *c->p++;
    return true;
}

/* Every block decodes exactly and the keys are sorted without repeats
 * (kg_segment_verify). */
bool kg_index_verify(const kg_index *ix);

#endif
