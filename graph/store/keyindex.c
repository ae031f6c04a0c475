/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/keyindex.c - searching and reading a segment's indexes, raw or in
 * delta-coded blocks (the format is described in keyindex.h). Writing
 * blocks is segment.c's (the file writer); this file only encodes one key
 * at a time for it. */
#include "store/keyindex.h"

#include <assert.h>
#include <endian.h>
#include <string.h>

enum { SAME_SHIFT = 2, SMALL_SHIFT = 5, SMALL_MAX = 7 };
static_assert(KG_ESTIMATE_SLACK == 2 * KG_BLOCK_KEYS,
               "kg_index_count's upper bound is within a block at each end");
/* Bytes a key may take, plus the 7 an 8-byte load at its last varint
 * reads past it: with this many left in the block, a key is decoded
 * without a check on each byte. */
enum { ROOM = KG_KEY_CODE_MAX + 7 };

static size_t put_varint(uint8_t *out, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

size_t kg_key_encode(uint8_t *out, const kg_key *prev, const kg_key *key)
{
    int d = 0;
    while (d < 3 && key->k[d] == prev->k[d])
        d++;
    uint32_t delta = key->k[d] - prev->k[d];
    unsigned header = (unsigned)d;
    size_t n = 1;
    if (delta - 1 < SMALL_MAX)
        header |= (delta - 1) << SMALL_SHIFT;
    else {
        header |= (unsigned)SMALL_MAX << SMALL_SHIFT;
        n += put_varint(out + n, delta);
    }
    for (int j = d + 1; j < 4; j++) {
        if (key->k[j] == prev->k[j])
            header |= 1u << (SAME_SHIFT + j - 1);
        else
            n += put_varint(out + n, key->k[j]);
    }
    out[0] = (uint8_t)header;
    return n;
}

/* A varint (LEB128, at most 32 bits) from [*p, end); false when it runs
 * past end or is longer than 5 bytes or over 32 bits. Unchecked, the
 * caller knows ROOM bytes are there (decode_upto): then it is read from
 * one 8-byte load, with no branch on each of its bytes. The inner loop of
 * every scan, inlined both ways. */
static inline __attribute__((always_inline)) bool get_varint(const uint8_t **p,
                                                              const uint8_t *end, bool checked,
                                                              uint32_t *out)
{
    const uint8_t *q = *p;
    if (!checked) {
        uint64_t x;
        memcpy(&x, q, 8);
        x = le64toh(x);
        uint64_t stops = ~x & 0x8080808080808080ULL; /* bytes without a continuation bit */
        if (!stops)
            return false;
        unsigned len = (unsigned)__builtin_ctzll(stops) / 8 + 1;
        uint64_t v = (x & 0x7f) | (x >> 1 & 0x3f80) | (x >> 2 & 0x1fc000) |
                     (x >> 3 & 0xfe00000) | (x >> 4 & 0x7f0000000ULL);
        v &= len >= 5 ? 0x7ffffffffULL : ((uint64_t)1 << (7 * len)) - 1;
        if (len > 5 || v > UINT32_MAX)
            return false;
        *p = q + len;
        *out = (uint32_t)v;
        return true;
    }
    uint64_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (q == end)
            return false;
        uint8_t b = *q++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            if (v > UINT32_MAX)
                return false;
            *p = q;
            *out = (uint32_t)v;
            return true;
        }
    }
    return false;
}

/* The key after (k0, k1, k2, k3) (updated in place) from [*p, end).
 * Strict, so that a block decodes one way only: flags for components
 * before the first that differs are refused. The components are separate
 * variables, not a kg_key, so that they stay in registers: storing them
 * one by one into the array a scan then reads 16 bytes at a time from
 * stalled every key. */
static inline __attribute__((always_inline)) bool decode_key(const uint8_t **p,
                                                              const uint8_t *end, bool checked,
                                                              uint32_t *k0, uint32_t *k1,
                                                              uint32_t *k2, uint32_t *k3)
{
    if (checked && *p == end)
        return false;
    unsigned header = *(*p)++;
    unsigned d = header & 3, same = (header >> SAME_SHIFT) & 7, small = header >> SMALL_SHIFT;
    if (same & ((1u << d) - 1))
        return false;
    uint32_t delta = small + 1;
    if (small == SMALL_MAX && !get_varint(p, end, checked, &delta))
        return false;
    switch (d) {
    case 0: *k0 += delta; break;
    case 1: *k1 += delta; break;
    case 2: *k2 += delta; break;
    default: *k3 += delta; return true;
    }
    return (d >= 1 || (same & 1) || get_varint(p, end, checked, k1)) &&
           (d >= 2 || (same & 2) || get_varint(p, end, checked, k2)) &&
           ((same & 4) || get_varint(p, end, checked, k3));
}

static uint32_t block_len(const kg_index *ix, uint64_t b)
{
    uint64_t left = ix->n - b * KG_BLOCK_KEYS;
    return left < KG_BLOCK_KEYS ? (uint32_t)left : KG_BLOCK_KEYS;
}

/* Makes block b the cursor's, with only its first key decoded; false
 * when its bytes are not inside the data. */
static bool open_block(kg_index_cursor *c, uint64_t b)
{
    const kg_index *ix = c->ix;
    if (c->block == b)
        return true;
    uint64_t start = ix->offs[b], stop = ix->offs[b + 1];
    c->block = UINT64_MAX;
    if (start > stop || stop > ix->data_len)
        return false;
    c->block = b;
    c->buf[0] = ix->firsts[b];
    c->n_done = 1;
    c->n_block = block_len(ix, b);
    c->at = ix->data + start;
    c->at_end = ix->data + stop;
    return true;
}

/* Decodes the open block's keys up to the first n (n <= n_block): only
 * as far as a search or a scan gets. False when the block is damaged:
 * its bytes end early, or (once all are decoded) go on past its keys. */
static inline bool decode_upto(kg_index_cursor *c, uint32_t n)
{
    const kg_key *last = &c->buf[c->n_done - 1];
    uint32_t k0 = last->k[0], k1 = last->k[1], k2 = last->k[2], k3 = last->k[3];
    const uint8_t *at = c->at, *end = c->at_end;
    for (uint32_t i = c->n_done; i < n; i++) {
        bool roomy = end - at >= ROOM;
        if (!(roomy ? decode_key(&at, end, false, &k0, &k1, &k2, &k3)
                    : decode_key(&at, end, true, &k0, &k1, &k2, &k3))) {
            c->block = UINT64_MAX;
            return false;
        }
        c->buf[i] = (kg_key){{k0, k1, k2, k3}};
    }
    c->at = at;
    if (n > c->n_done)
        c->n_done = n;
    if (n == c->n_block && c->at != c->at_end) {
        c->block = UINT64_MAX;
        return false;
    }
    return true;
}

/* -1, 0 or 1 as key's first prefix_len parts sort before, equal or after
 * prefix's. */
static int prefix_cmp(const kg_key *key, const kg_key *prefix, int prefix_len)
{
    for (int i = 0; i < prefix_len; i++)
        if (key->k[i] != prefix->k[i])
            return key->k[i] < prefix->k[i] ? -1 : 1;
    return 0;
}

/* Binary search in the sorted keys [lo, n): the first key whose prefix is
 * not below prefix (the lower bound) or, with past_equal, above it (the
 * upper bound). */
static uint64_t prefix_bound(const kg_key *keys, uint64_t lo, uint64_t n, const kg_key *prefix,
                             int prefix_len, bool past_equal)
{
    uint64_t hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        int c = prefix_cmp(&keys[mid], prefix, prefix_len);
        if (c < 0 || (past_equal && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first block of a blocked index whose first key is past the bound
 * of prefix_bound, searching from the block of position `from` on (no key
 * before from may be past it). A narrow range ends in the block it starts
 * in, so the next block is tried first. */
static uint64_t first_block_past(const kg_index *ix, uint64_t from, const kg_key *prefix,
                                 int prefix_len, bool past_equal)
{
    uint64_t blocks = kg_index_blocks(ix->n), fb = from / KG_BLOCK_KEYS;
    if (fb + 1 >= blocks ||
        prefix_bound(ix->firsts, fb + 1, fb + 2, prefix, prefix_len, past_equal) == fb + 1)
        return prefix_bound(ix->firsts, fb, fb + 1 < blocks ? fb + 1 : blocks, prefix,
                            prefix_len, past_equal);
    return prefix_bound(ix->firsts, fb + 2, blocks, prefix, prefix_len, past_equal);
}

/* The bound itself, given j = first_block_past(..., from, ...): found in
 * block j - 1, which is left open in c, decoded up to the bound. A
 * damaged block puts the bound where the damage starts. */
static uint64_t block_bound(kg_index_cursor *c, uint64_t j, uint64_t from, const kg_key *prefix,
                            int prefix_len, bool past_equal)
{
    if (j * KG_BLOCK_KEYS <= from)
        return from; /* block j starts past the bound, nothing before from is */
    uint64_t b = j - 1, first = b * KG_BLOCK_KEYS;
    if (!open_block(c, b))
        return first;
    /* decoding stops at the bound: a lookup decodes half a block */
    uint32_t i = from > first ? (uint32_t)(from - first) : 1;
    for (; i < c->n_block; i++) {
        if (i >= c->n_done && !decode_upto(c, i + 1))
            return first + i;
        int cmp = prefix_cmp(&c->buf[i], prefix, prefix_len);
        if (cmp > 0 || (cmp == 0 && !past_equal))
            break;
    }
    return first + i;
}

/* The bound of prefix_bound over the whole index, from position `from`
 * on (no key before it may be past the bound). */
static uint64_t index_bound(kg_index_cursor *c, uint64_t from, const kg_key *prefix,
                            int prefix_len, bool past_equal)
{
    const kg_index *ix = c->ix;
    if (ix->raw)
        return prefix_bound(ix->raw, from, ix->n, prefix, prefix_len, past_equal);
    return block_bound(c, first_block_past(ix, from, prefix, prefix_len, past_equal), from,
                       prefix, prefix_len, past_equal);
}

static void cursor_init(kg_index_cursor *c, const kg_index *ix)
{
    c->ix = ix;
    c->p = c->end = NULL;
    c->block = UINT64_MAX;
}

/* Sets the range [lo, hi); blocks are decoded as the cursor gets there
 * (the one a search left in buf is not decoded again). */
static void cursor_set(kg_index_cursor *c, uint64_t lo, uint64_t hi)
{
    if (c->ix->raw) {
        c->p = c->ix->raw + lo;
        c->end = c->ix->raw + hi;
        c->pos = c->stop = hi;
        return;
    }
    c->p = c->end = NULL;
    c->pos = lo;
    c->stop = hi;
}

uint64_t kg_index_cursor_range(kg_index_cursor *c, const kg_index *ix, const kg_key *prefix,
                               int prefix_len)
{
    cursor_init(c, ix);
    uint64_t lo = index_bound(c, 0, prefix, prefix_len, false);
    uint64_t hi = lo < ix->n ? index_bound(c, lo, prefix, prefix_len, true) : lo;
    if (hi < lo) /* only a damaged block makes the bounds cross */
        hi = lo;
    cursor_set(c, lo, hi);
    return hi - lo;
}

uint64_t kg_index_count(const kg_index *ix, const kg_key *prefix, int prefix_len)
{
    kg_index_cursor c;
    if (ix->raw || !ix->n)
        return kg_index_cursor_range(&c, ix, prefix, prefix_len);
    /* the keys lie in blocks lo - 1 .. hi - 1 (no key before block lo - 1
     * is past either bound) */
    uint64_t lo = first_block_past(ix, 0, prefix, prefix_len, false);
    uint64_t from = lo ? (lo - 1) * KG_BLOCK_KEYS : 0;
    uint64_t hi = first_block_past(ix, from, prefix, prefix_len, true);
    if (hi - lo >= KG_COUNT_EXACT_BLOCKS)
        return (hi - lo + 1) * KG_BLOCK_KEYS;
    cursor_init(&c, ix);
    uint64_t first = block_bound(&c, lo, 0, prefix, prefix_len, false);
    uint64_t past = block_bound(&c, hi, first, prefix, prefix_len, true);
    return past > first ? past - first : 0;
}

void kg_index_cursor_from(kg_index_cursor *c, const kg_index *ix, const kg_key *prefix,
                          int prefix_len)
{
    cursor_init(c, ix);
    cursor_set(c, index_bound(c, 0, prefix, prefix_len, false), ix->n);
}

void kg_index_cursor_at(kg_index_cursor *c, const kg_index *ix, uint64_t lo, uint64_t hi)
{
    cursor_init(c, ix);
    cursor_set(c, lo, hi);
}

bool kg_index_cursor_fill(kg_index_cursor *c)
{
    if (c->pos >= c->stop || c->ix->raw)
        return false;
    uint64_t b = c->pos / KG_BLOCK_KEYS, first = b * KG_BLOCK_KEYS;
    uint64_t upto = first + block_len(c->ix, b) < c->stop ? first + block_len(c->ix, b) : c->stop;
    if (!open_block(c, b) || !decode_upto(c, (uint32_t)(upto - first))) {
        c->pos = c->stop;
        return false;
    }
    c->p = c->buf + (c->pos - first);
    c->end = c->buf + (upto - first);
    c->pos = upto;
    return true;
}

bool kg_index_verify(const kg_index *ix)
{
    kg_key prev;
    kg_index_cursor c;
    kg_index_cursor_at(&c, ix, 0, ix->n);
    for (uint64_t i = 0; i < ix->n; i++) {
        kg_key key;
        if (!kg_index_cursor_next(&c, &key) || (i > 0 && kg_key_cmp(&prev, &key) >= 0))
            return false;
        prev = key;
    }
    /* each block ends where the next begins (decode_upto), so the
     * blocks tile the data when the first starts at 0 and the last ends
     * at its end */
    uint64_t nb = kg_index_blocks(ix->n);
    if (!ix->raw && ix->n && (ix->offs[0] != 0 || ix->offs[nb] != ix->data_len))
        return false;
    return true;
}
