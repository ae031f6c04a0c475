/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/newterms.c - an open transaction's new terms, in memory and in
 * spilled chunks (newterms.h says why). */
#define _GNU_SOURCE
#include "store/newterms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "kg/grow.h"
#include "store/bulk.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"

/* Terms [first, first + n) spilled at once: their hash table at
 * table_off in the tables file, their Bloom filter in memory. */
typedef struct chunk {
    uint32_t first, n;
    uint64_t table_off, table_cap;
    uint64_t *bloom;
    uint64_t bloom_mask; /* bits - 1, a power of two */
} chunk;

/* Bloom filter: bits per term (rounded up to a power of two) and probes;
 * about 1% false positives at 10 bits and 7 probes. */
enum { BLOOM_BITS_PER_TERM = 10, BLOOM_PROBES = 7 };

/* A found spilled term, kept for the next time (direct-mapped by hash):
 * a predicate or class found once is found again millions of times. */
enum { CACHE_SLOTS = 1 << 14, CACHE_CODE_MAX = 112 };
typedef struct cached {
    uint64_t hash;
    uint32_t index_plus_1, len;
    uint8_t code[CACHE_CODE_MAX];
} cached;

/* Reading the terms in order for a segment file (kg_newterms_reader). */
enum { READ_OFFSETS = 4096, READ_BYTES = 1 << 20 };
typedef struct term_reader {
    uint32_t next;
    uint64_t offs[READ_OFFSETS + 1]; /* of spilled terms [offs_first, + offs_n] */
    uint32_t offs_first, offs_n;
    uint8_t *bytes; /* spilled bytes [bytes_at, bytes_at + bytes_len) */
    uint64_t bytes_at, bytes_len;
    kg_buf big; /* a spilled term longer than the buffer */
} term_reader;

struct kg_newterms {
    uint32_t n;       /* terms held */
    uint32_t spilled; /* [0, spilled) are in the scratch files */
    /* in memory: terms [spilled, n); offsets[i - spilled] is term i's
       offset among all the terms' bytes, blob holds them from offsets[0] */
    kg_buf blob;
    uint64_t *offsets;
    uint32_t cap_offsets;
    uint64_t *table; /* (low 32 bits of the hash) << 32 | (index + 1) */
    uint64_t table_cap;
    /* spilled: bytes [0, offsets[0]), offsets of terms [0, spilled], the
       chunks' tables one after another */
    int bytes_fd, offsets_fd, tables_fd;
    uint64_t tables_len;
    chunk *chunks;
    size_t n_chunks, cap_chunks;
    uint64_t bloom_bytes;
    cached *cache;
    kg_buf probe; /* a spilled term read back to compare */
    uint64_t spills;
    term_reader *reader;
    kg_term_reader read;
};

enum { FIRST_TERMS = 64, FIRST_TABLE = 128 };

kg_newterms *kg_newterms_new(void)
{
    kg_newterms *nt = calloc(1, sizeof *nt);
    if (!nt)
        return NULL;
    nt->bytes_fd = nt->offsets_fd = nt->tables_fd = -1;
    nt->cap_offsets = FIRST_TERMS;
    nt->offsets = calloc(nt->cap_offsets + 1, sizeof *nt->offsets);
    nt->table_cap = FIRST_TABLE;
    nt->table = calloc(nt->table_cap, sizeof *nt->table);
    if (!nt->offsets || !nt->table) {
        kg_newterms_free(nt);
        return NULL;
    }
    return nt;
}

static void close_fd(int fd)
{
    if (fd >= 0)
        close(fd);
}

void kg_newterms_free(kg_newterms *nt)
{
    if (!nt)
        return;
    kg_buf_free(&nt->blob);
    free(nt->offsets);
    free(nt->table);
    close_fd(nt->bytes_fd);
    close_fd(nt->offsets_fd);
    close_fd(nt->tables_fd);
    for (size_t i = 0; i < nt->n_chunks; i++)
        free(nt->chunks[i].bloom);
    free(nt->chunks);
    free(nt->cache);
    kg_buf_free(&nt->probe);
    if (nt->reader) {
        free(nt->reader->bytes);
        kg_buf_free(&nt->reader->big);
        free(nt->reader);
    }
    free(nt);
}

uint32_t kg_newterms_count(const kg_newterms *nt)
{
    return nt->n;
}

uint64_t kg_newterms_bytes(const kg_newterms *nt)
{
    return nt->offsets[nt->n - nt->spilled];
}

uint64_t kg_newterms_spills(const kg_newterms *nt)
{
    return nt->spills;
}

uint64_t kg_newterms_memory(const kg_newterms *nt)
{
    return nt->blob.cap + ((uint64_t)nt->cap_offsets + 1) * 8 + nt->table_cap * 8 +
           nt->bloom_bytes + (nt->cache ? CACHE_SLOTS * sizeof(cached) : 0);
}

/* Never a chunk of fewer terms: every chunk costs each new term a look
 * at its filter, and a tiny budget must not make thousands. */
enum { MIN_CHUNK_TERMS = 4096 };

bool kg_newterms_full(const kg_newterms *nt, size_t len, uint64_t limit)
{
    uint64_t memory = kg_newterms_memory(nt);
    uint32_t held = nt->n - nt->spilled;
    bool grows = false;
    if (held < MIN_CHUNK_TERMS)
        return false;
    if (nt->blob.cap - nt->blob.len <= len) { /* as kg_buf_reserve grows it */
        uint64_t cap = nt->blob.cap ? nt->blob.cap : 64;
        while (cap - nt->blob.len <= len)
            cap *= 2;
        memory += cap - nt->blob.cap;
        grows = true;
    }
    if (held + 1 >= nt->cap_offsets) {
        memory += (uint64_t)nt->cap_offsets * 8;
        grows = true;
    }
    if ((uint64_t)(held + 1) * 2 > nt->table_cap) {
        memory += nt->table_cap * 16; /* the new table beside the old */
        grows = true;
    }
    return grows && memory > limit;
}

/* The table's entries keep the low half of the hash, which also gives
 * their slot: growing the table moves entries without the terms. */
static uint64_t low32(uint64_t hash)
{
    return hash & 0xffffffffu;
}

static void table_insert(uint64_t *table, uint64_t cap, uint64_t fp, uint32_t index)
{
    uint64_t slot = fp & (cap - 1);
    while (table[slot])
        slot = (slot + 1) & (cap - 1);
    table[slot] = fp << 32 | (uint64_t)(index + 1);
}

static bool grow_table(kg_newterms *nt)
{
    uint64_t cap = nt->table_cap * 2;
    uint64_t *table = calloc(cap, sizeof *table);
    if (!table)
        return false;
    for (uint64_t i = 0; i < nt->table_cap; i++)
        if (nt->table[i])
            table_insert(table, cap, nt->table[i] >> 32,
                         (uint32_t)(nt->table[i] & 0xffffffffu) - 1);
    free(nt->table);
    nt->table = table;
    nt->table_cap = cap;
    return true;
}

uint32_t kg_newterms_add(kg_newterms *nt, const uint8_t *code, size_t len, uint64_t hash)
{
    uint32_t held = nt->n - nt->spilled;
    if (nt->n == KG_NEWTERM_NONE - 1)
        return KG_NEWTERM_NONE;
    if (held + 1 >= nt->cap_offsets) {
        uint32_t cap = nt->cap_offsets * 2;
        uint64_t *offsets = realloc(nt->offsets, ((size_t)cap + 1) * sizeof *offsets);
        if (!offsets)
            return KG_NEWTERM_NONE;
        nt->offsets = offsets;
        nt->cap_offsets = cap;
    }
    if ((uint64_t)(held + 1) * 2 > nt->table_cap && !grow_table(nt))
        return KG_NEWTERM_NONE;
    if (!kg_buf_append(&nt->blob, code, len))
        return KG_NEWTERM_NONE;
    nt->offsets[held + 1] = nt->offsets[0] + nt->blob.len;
    table_insert(nt->table, nt->table_cap, low32(hash), nt->n);
    return nt->n++;
}

/* Where term i (spilled) starts and ends among all the terms' bytes. */
static bool spilled_range(const kg_newterms *nt, uint32_t i, uint64_t range[2])
{
    return kg_fs_pread_all(nt->offsets_fd, range, 16, (uint64_t)i * 8) == 0;
}

static kg_status read_failed(kg_error *err)
{
    return kg_error_set(err, KG_ERR_IO, NULL,
                        "cannot read new terms back from a scratch file in the store directory: %s",
                        strerror(errno));
}

/* Whether spilled term i is code; KG_ERR_IO when it cannot be read. */
static kg_status spilled_is(kg_newterms *nt, uint32_t i, const uint8_t *code, size_t len,
                            bool *same, kg_error *err)
{
    uint64_t range[2];
    *same = false;
    if (!spilled_range(nt, i, range))
        return read_failed(err);
    if (range[1] - range[0] != len)
        return KG_OK;
    kg_buf_clear(&nt->probe);
    if (len && !kg_buf_reserve(&nt->probe, len))
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    if (len && kg_fs_pread_all(nt->bytes_fd, nt->probe.data, len, range[0]) != 0)
        return read_failed(err);
    *same = memcmp(nt->probe.data, code, len) == 0;
    return KG_OK;
}

static uint64_t bloom_probe(uint64_t fp, unsigned k)
{
    uint64_t h = kg_hash_mix(fp);
    return (h >> 32) + k * ((h & 0xffffffffu) | 1);
}

static bool bloom_has(const chunk *c, uint64_t fp)
{
    for (unsigned k = 0; k < BLOOM_PROBES; k++) {
        uint64_t bit = bloom_probe(fp, k) & c->bloom_mask;
        if (!(c->bloom[bit / 64] >> (bit % 64) & 1))
            return false;
    }
    return true;
}

/* Looks code up in a spilled chunk's table: a few slots a pread. */
static kg_status chunk_find(kg_newterms *nt, const chunk *c, const uint8_t *code, size_t len,
                            uint64_t fp, uint32_t *index, kg_error *err)
{
    uint64_t mask = c->table_cap - 1, slots[8];
    for (uint64_t slot = fp & mask, probed = 0; probed < c->table_cap;) {
        uint64_t k = c->table_cap - slot < 8 ? c->table_cap - slot : 8;
        if (kg_fs_pread_all(nt->tables_fd, slots, k * 8, c->table_off + slot * 8) != 0)
            return read_failed(err);
        for (uint64_t j = 0; j < k; j++) {
            if (!slots[j])
                return KG_OK;
            if (slots[j] >> 32 != fp)
                continue;
            uint32_t i = (uint32_t)(slots[j] & 0xffffffffu) - 1;
            bool same;
            kg_status st = spilled_is(nt, i, code, len, &same, err);
            if (st != KG_OK || same) {
                *index = i;
                return st;
            }
        }
        slot = (slot + k) & mask;
        probed += k;
    }
    return KG_OK;
}

static cached *cache_slot(const kg_newterms *nt, uint64_t hash)
{
    return &nt->cache[(hash >> 40) & (CACHE_SLOTS - 1)];
}

static void cache_put(kg_newterms *nt, const uint8_t *code, size_t len, uint64_t hash,
                      uint32_t index)
{
    if (len > CACHE_CODE_MAX)
        return;
    if (!nt->cache && !(nt->cache = calloc(CACHE_SLOTS, sizeof *nt->cache)))
        return; /* only a cache */
    cached *c = cache_slot(nt, hash);
    c->hash = hash;
    c->index_plus_1 = index + 1;
    c->len = (uint32_t)len;
    memcpy(c->code, code, len);
}

kg_status kg_newterms_find(kg_newterms *nt, const uint8_t *code, size_t len, uint64_t hash,
                           uint32_t *index, kg_error *err)
{
    *index = KG_NEWTERM_NONE;
    uint64_t mask = nt->table_cap - 1, fp = low32(hash);
    for (uint64_t slot = fp & mask;; slot = (slot + 1) & mask) {
        uint64_t e = nt->table[slot];
        if (!e)
            break;
        if (e >> 32 != fp)
            continue;
        uint32_t i = (uint32_t)(e & 0xffffffffu) - 1;
        uint64_t a = nt->offsets[i - nt->spilled] - nt->offsets[0];
        uint64_t b = nt->offsets[i - nt->spilled + 1] - nt->offsets[0];
        if (b - a == len && memcmp(nt->blob.data + a, code, len) == 0) {
            *index = i;
            return KG_OK;
        }
    }
    if (!nt->n_chunks)
        return KG_OK;
    if (nt->cache) {
        const cached *c = cache_slot(nt, hash);
        if (c->index_plus_1 && c->hash == hash && c->len == len &&
            memcmp(c->code, code, len) == 0) {
            *index = c->index_plus_1 - 1;
            return KG_OK;
        }
    }
    for (size_t i = nt->n_chunks; i-- > 0;) {
        if (!bloom_has(&nt->chunks[i], fp))
            continue;
        kg_status st = chunk_find(nt, &nt->chunks[i], code, len, fp, index, err);
        if (st != KG_OK)
            return st;
        if (*index != KG_NEWTERM_NONE) {
            cache_put(nt, code, len, hash, *index);
            return KG_OK;
        }
    }
    return KG_OK;
}

static kg_status write_failed(kg_error *err)
{
    return kg_error_set(err, KG_ERR_IO, NULL,
                        "cannot write new terms to a scratch file in the store directory: %s",
                        strerror(errno));
}

/* The new chunk's Bloom filter, from its table's entries. */
static bool make_bloom(kg_newterms *nt, chunk *c)
{
    uint64_t bits = 64;
    while (bits < (uint64_t)c->n * BLOOM_BITS_PER_TERM)
        bits *= 2;
    c->bloom = calloc(bits / 64, 8);
    if (!c->bloom)
        return false;
    c->bloom_mask = bits - 1;
    for (uint64_t s = 0; s < nt->table_cap; s++) {
        if (!nt->table[s])
            continue;
        for (unsigned k = 0; k < BLOOM_PROBES; k++) {
            uint64_t bit = bloom_probe(nt->table[s] >> 32, k) & c->bloom_mask;
            c->bloom[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
    nt->bloom_bytes += bits / 8;
    return true;
}

kg_status kg_newterms_spill(kg_newterms *nt, int dir_fd, kg_error *err)
{
    uint32_t held = nt->n - nt->spilled;
    if (!held)
        return KG_OK;
    if (nt->bytes_fd < 0) {
        nt->bytes_fd = kg_scratch_open(dir_fd);
        nt->offsets_fd = kg_scratch_open(dir_fd);
        nt->tables_fd = kg_scratch_open(dir_fd);
        if (nt->bytes_fd < 0 || nt->offsets_fd < 0 || nt->tables_fd < 0)
            return kg_error_set(err, KG_ERR_IO, NULL,
                                "cannot create a scratch file in the store directory: %s",
                                strerror(errno));
    }
    if (!kg_grow(&nt->chunks, &nt->cap_chunks, nt->n_chunks, sizeof *nt->chunks, 8))
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    chunk *c = &nt->chunks[nt->n_chunks];
    *c = (chunk){.first = nt->spilled, .n = held, .table_off = nt->tables_len,
                 .table_cap = nt->table_cap};
    /* offsets of terms [spilled, n]: the first is already there from the
       last spill, except at the first */
    uint32_t from = nt->spilled ? 1 : 0;
    if (kg_fs_pwrite_all(nt->bytes_fd, nt->blob.data, nt->blob.len, nt->offsets[0]) != 0 ||
        kg_fs_pwrite_all(nt->offsets_fd, nt->offsets + from, ((uint64_t)held + 1 - from) * 8,
                         ((uint64_t)nt->spilled + from) * 8) != 0 ||
        kg_fs_pwrite_all(nt->tables_fd, nt->table, nt->table_cap * 8, nt->tables_len) != 0)
        return write_failed(err);
    if (!make_bloom(nt, c))
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    nt->n_chunks++;
    nt->tables_len += nt->table_cap * 8;
    nt->offsets[0] = nt->offsets[held];
    nt->spilled = nt->n;
    nt->blob.len = 0;
    memset(nt->table, 0, nt->table_cap * 8);
    nt->spills++;
    return KG_OK;
}

bool kg_newterms_release(kg_newterms *nt)
{
    if (nt->n != nt->spilled)
        return false;
    uint64_t *offsets = malloc((FIRST_TERMS + 1) * sizeof *offsets);
    uint64_t *table = calloc(FIRST_TABLE, sizeof *table);
    if (!offsets || !table) {
        free(offsets);
        free(table);
        return false;
    }
    offsets[0] = nt->offsets[0];
    free(nt->offsets);
    free(nt->table);
    nt->offsets = offsets;
    nt->cap_offsets = FIRST_TERMS;
    nt->table = table;
    nt->table_cap = FIRST_TABLE;
    kg_buf_free(&nt->blob);
    return true;
}

bool kg_newterms_in_memory(const kg_newterms *nt, uint32_t from, const uint8_t **blob,
                           const uint64_t **offsets)
{
    if (nt->spilled)
        return false;
    *offsets = nt->offsets + from;
    *blob = (const uint8_t *)nt->blob.data;
    return true;
}

static kg_status reader_rewind(void *ctx, kg_error *err)
{
    (void)err;
    term_reader *r = ((kg_newterms *)ctx)->reader;
    r->next = 0;
    r->offs_n = 0;
    r->bytes_len = 0;
    return KG_OK;
}

/* Spilled term i's bytes through the reader's buffers. */
static kg_status read_spilled(kg_newterms *nt, uint32_t i, const uint8_t **code, size_t *len,
                              kg_error *err)
{
    term_reader *r = nt->reader;
    if (i < r->offs_first || i >= r->offs_first + r->offs_n) {
        uint32_t n = nt->spilled - i < READ_OFFSETS ? nt->spilled - i : READ_OFFSETS;
        if (kg_fs_pread_all(nt->offsets_fd, r->offs, ((uint64_t)n + 1) * 8, (uint64_t)i * 8) != 0)
            return read_failed(err);
        r->offs_first = i;
        r->offs_n = n;
    }
    uint64_t a = r->offs[i - r->offs_first], b = r->offs[i - r->offs_first + 1];
    *len = b - a;
    if (b - a > READ_BYTES) {
        kg_buf_clear(&r->big);
        if (!kg_buf_reserve(&r->big, b - a))
            return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
        if (kg_fs_pread_all(nt->bytes_fd, r->big.data, b - a, a) != 0)
            return read_failed(err);
        *code = (const uint8_t *)r->big.data;
        return KG_OK;
    }
    if (a < r->bytes_at || b > r->bytes_at + r->bytes_len) {
        uint64_t end = nt->offsets[0], take = end - a < READ_BYTES ? end - a : READ_BYTES;
        if (kg_fs_pread_all(nt->bytes_fd, r->bytes, take, a) != 0)
            return read_failed(err);
        r->bytes_at = a;
        r->bytes_len = take;
    }
    *code = r->bytes + (a - r->bytes_at);
    return KG_OK;
}

static kg_status reader_next(void *ctx, const uint8_t **code, size_t *len, kg_error *err)
{
    kg_newterms *nt = ctx;
    term_reader *r = nt->reader;
    *code = NULL;
    *len = 0;
    if (r->next == nt->n)
        return KG_OK;
    uint32_t i = r->next++;
    if (i < nt->spilled)
        return read_spilled(nt, i, code, len, err);
    uint64_t a = nt->offsets[i - nt->spilled], b = nt->offsets[i - nt->spilled + 1];
    *code = (const uint8_t *)nt->blob.data + (a - nt->offsets[0]);
    *len = b - a;
    return KG_OK;
}

const kg_term_reader *kg_newterms_reader(kg_newterms *nt)
{
    if (!nt->reader && !(nt->reader = calloc(1, sizeof *nt->reader)))
        return NULL;
    if (nt->spilled && !nt->reader->bytes && !(nt->reader->bytes = malloc(READ_BYTES)))
        return NULL;
    nt->read = (kg_term_reader){nt, reader_rewind, reader_next};
    return &nt->read;
}
