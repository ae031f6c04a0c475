/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/segment.c - segment images: build, map, verify, look up.
 *
 * Image layout (little-endian, every section 8-byte aligned):
 *   header (struct seg_header)
 *   term blob, term offsets (u64 x n_terms+1), term hash table (u64 x cap)
 *   added keys in the six orders, removed keys in the six orders
 *   created graph ids, dropped graph ids
 * Format 3 (segment files): each order's keys are delta-coded blocks
 * (keyindex.h): the blocks' bytes (len_add/len_del in the header), then
 * the directory: each block's first key (16 bytes) and n_blocks + 1 u64
 * offsets of the blocks' rest. Its checksum is a hash of the header (the
 * checksum field zero) seeded with kg_checksum of every byte after it,
 * since the writer learns the header last.
 * Format 2 (segments built in memory; files of earlier versions, read):
 * each order's keys as an array; the checksum (kg_checksum, seeded with a
 * hash of the header with the checksum field zero) covers the header and
 * every byte after it. Format 1 (read, never written) covered only the
 * bytes after the header. The checksum is checked whenever a segment file
 * is mapped, so a damaged segment is an error, never a wrong answer. */
#define _GNU_SOURCE
#include "store/segment.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "store/termcode.h"
#include "kg/grow.h"
#include "util/fs.h"
#include "util/hash.h"

const uint8_t kg_order_positions[KG_ORDERS][4] = {
    {0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3}, {3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1},
};
const uint8_t kg_order_key_index[KG_ORDERS][4] = {
    {0, 1, 2, 3}, {2, 0, 1, 3}, {1, 2, 0, 3}, {1, 2, 3, 0}, {3, 1, 2, 0}, {2, 3, 1, 0},
};

static const char SEG_MAGIC[8] = {'K', 'G', 'S', 'E', 'G', 0, 0, 1};
enum { SEG_VERSION_MIN = 1, SEG_VERSION_RAW = 2, SEG_VERSION_BLOCKS = 3 };

typedef struct seg_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t image_len;
    uint64_t checksum;
    uint32_t first_id;
    uint32_t n_terms;
    uint64_t off_blob, blob_len, off_offsets, off_table, table_cap;
    uint64_t n_add, n_del;
    uint64_t off_add[KG_ORDERS], off_del[KG_ORDERS];
    uint32_t n_created, n_dropped;
    uint64_t off_created, off_dropped;
    /* format 3: the bytes of each order's blocks (at off_add, off_del) */
    uint64_t len_add[KG_ORDERS], len_del[KG_ORDERS];
} seg_header;

/* The header's size in an image of the given format. */
static uint32_t header_size(uint32_t version)
{
    return version >= SEG_VERSION_BLOCKS ? sizeof(seg_header) : offsetof(seg_header, len_add);
}

/* Reads the header of an image of len bytes (fields of later formats
 * zero); false when it is none of ours. */
static bool read_header(const uint8_t *image, uint64_t len, seg_header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h, image, len < sizeof *h ? len : sizeof *h);
    if (memcmp(h->magic, SEG_MAGIC, 8) != 0 || h->version < SEG_VERSION_MIN ||
        h->version > SEG_VERSION_BLOCKS || h->header_size != header_size(h->version) ||
        h->image_len != len || len < h->header_size)
        return false;
    if (h->version < SEG_VERSION_BLOCKS)
        memset(h->len_add, 0, sizeof h->len_add + sizeof h->len_del);
    return true;
}

kg_key kg_key_from_quad(const kg_quad *q, int order)
{
    const kg_id v[4] = {q->s, q->p, q->o, q->g};
    const uint8_t *pos = kg_order_positions[order];
    kg_key key = {{v[pos[0]], v[pos[1]], v[pos[2]], v[pos[3]]}};
    return key;
}

uint64_t kg_termcode_hash(const uint8_t *code, size_t len)
{
    return kg_hash_bytes(code, len, 0x6b677368u);
}

/* Stable LSD radix sort of keys by their first `fields` components. */
static void sort_leading(kg_key *keys, kg_key *scratch, uint64_t n, kg_id max_id, int fields)
{
    if (n < 2)
        return;
    /* 16-bit digits for big sorts; for small ones (every small commit)
     * clearing 65,536 counters per digit would cost more than the sort. */
    const int bits = n < 65536 ? 8 : 16;
    const uint64_t buckets = (uint64_t)1 << bits;
    /* Bit 31 of an id is never set by the dictionary; pending
     * transactions use it in the graph position as a flag, which must not
     * take part in the order (it is carried along, and the sort is stable). */
    max_id &= KG_ID_STORE_MAX;
    int id_bits = 1;
    while (id_bits < 31 && ((uint64_t)max_id >> id_bits) != 0)
        id_bits++;
    uint64_t *count = malloc(sizeof(uint64_t) * buckets);
    if (!count) {
        /* No memory for the histogram: a stable insertion sort is slow but
         * correct, and this only happens when memory is already gone. */
        for (uint64_t i = 1; i < n; i++) {
            kg_key k = keys[i];
            uint64_t j = i;
            while (j > 0 && kg_key_cmp_ids(&keys[j - 1], &k) > 0) {
                keys[j] = keys[j - 1];
                j--;
            }
            keys[j] = k;
        }
        return;
    }
    kg_key *src = keys, *dst = scratch;
    for (int field = fields - 1; field >= 0; field--) {
        for (int shift = 0; shift < id_bits; shift += bits) {
            memset(count, 0, sizeof(uint64_t) * buckets);
            for (uint64_t i = 0; i < n; i++)
                count[((src[i].k[field] & KG_ID_STORE_MAX) >> shift) & (buckets - 1)]++;
            if (count[((src[0].k[field] & KG_ID_STORE_MAX) >> shift) & (buckets - 1)] == n)
                continue; /* every key has the same digit: nothing to do */
            uint64_t sum = 0;
            for (uint64_t b = 0; b < buckets; b++) {
                uint64_t c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (uint64_t i = 0; i < n; i++)
                dst[count[((src[i].k[field] & KG_ID_STORE_MAX) >> shift) & (buckets - 1)]++] = src[i];
            kg_key *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
    free(count);
}

void kg_keys_sort(kg_key *keys, kg_key *scratch, uint64_t n, kg_id max_id)
{
    sort_leading(keys, scratch, n, max_id, 4);
}

static uint64_t align8(uint64_t x)
{
    return (x + 7) & ~(uint64_t)7;
}

static uint64_t table_capacity(uint32_t n_terms)
{
    uint64_t cap = 16;
    while (cap < (uint64_t)n_terms * 2)
        cap *= 2;
    return cap;
}

static bool section_ok(uint64_t len, uint64_t off, uint64_t size)
{
    return off <= len && size <= len - off && off % 8 == 0;
}

/* Points ix at the n keys of one order at off (format 3: data_len bytes
 * of blocks and their directory), checking they lie in the image. */
static bool attach_index(kg_index *ix, const kg_segment *seg, uint64_t n, uint64_t off,
                         uint64_t data_len)
{
    const uint8_t *base = seg->image;
    uint64_t len = seg->image_len;
    memset(ix, 0, sizeof *ix);
    ix->n = n;
    if (!n)
        return true;
    if (seg->version < SEG_VERSION_BLOCKS) {
        /* checked before the pointer is made: base + off past the image
         * is undefined even unread (fuzz_segment) */
        if (n > len / 16 || !section_ok(len, off, n * 16))
            return false;
        ix->raw = (const kg_key *)(base + off);
        return true;
    }
    /* a block takes at least its 24 bytes of directory */
    if (n / KG_BLOCK_KEYS > len / 24 || !section_ok(len, off, data_len))
        return false;
    uint64_t blocks = kg_index_blocks(n), dir = align8(off + data_len);
    if (!section_ok(len, dir, blocks * 16 + (blocks + 1) * 8))
        return false;
    ix->firsts = (const kg_key *)(base + dir);
    ix->offs = (const uint64_t *)(base + dir + blocks * 16);
    ix->data = base + off;
    ix->data_len = data_len;
    return true;
}

/* Points the segment's fields into its image, checking every offset. */
static bool attach(kg_segment *seg)
{
    const uint8_t *base = seg->image;
    seg_header h;
    if (seg->image_len < offsetof(seg_header, len_add) || !read_header(base, seg->image_len, &h))
        return false;
    uint64_t len = seg->image_len;
    seg->version = h.version;
    if (!section_ok(len, h.off_blob, h.blob_len) ||
        !section_ok(len, h.off_offsets, ((uint64_t)h.n_terms + 1) * 8) ||
        !section_ok(len, h.off_table, h.table_cap * 8) || (h.table_cap & (h.table_cap - 1)) != 0 ||
        h.table_cap < (uint64_t)h.n_terms ||
        !section_ok(len, h.off_created, (uint64_t)h.n_created * 4) ||
        !section_ok(len, h.off_dropped, (uint64_t)h.n_dropped * 4))
        return false;
    for (int o = 0; o < KG_ORDERS; o++)
        if (!attach_index(&seg->add[o], seg, h.n_add, h.off_add[o], h.len_add[o]) ||
            !attach_index(&seg->del[o], seg, h.n_del, h.off_del[o], h.len_del[o]))
            return false;
    if ((uint64_t)h.first_id + h.n_terms > (uint64_t)KG_ID_STORE_MAX + 1)
        return false;
    seg->first_id = h.first_id;
    seg->n_terms = h.n_terms;
    seg->term_blob = base + h.off_blob;
    seg->blob_len = h.blob_len;
    seg->term_offsets = (const uint64_t *)(base + h.off_offsets);
    seg->term_table = (const uint64_t *)(base + h.off_table);
    seg->table_cap = h.table_cap;
    seg->n_add = h.n_add;
    seg->n_del = h.n_del;
    seg->n_created = h.n_created;
    seg->n_dropped = h.n_dropped;
    seg->created = (const kg_id *)(base + h.off_created);
    seg->dropped = (const kg_id *)(base + h.off_dropped);
    seg->checksum = h.checksum;
    /* term offsets must be monotone and inside the blob: checked lazily
     * would cost every lookup, so check the last one here and the rest in
     * kg_segment_verify. */
    if (seg->n_terms && seg->term_offsets[seg->n_terms] != seg->blob_len)
        return false;
    return true;
}

/* How each order is made from one already sorted (SPOG comes sorted):
 * among keys equal in the leading `fields` components of the new order,
 * the source order already sorts the remaining components the new order's
 * way, so a stable sort on the leading components alone completes it.
 * (POSG from SPOG: keys with equal P and O are in S, G order there.) This
 * sorts 6 components where sorting each order from scratch sorts 20. */
static const struct {
    int order, from, fields;
} derivations[KG_ORDERS] = {
    {KG_ORDER_SPOG, KG_ORDER_SPOG, 0}, {KG_ORDER_POSG, KG_ORDER_SPOG, 2},
    {KG_ORDER_OSPG, KG_ORDER_SPOG, 1}, {KG_ORDER_GSPO, KG_ORDER_SPOG, 1},
    {KG_ORDER_GPOS, KG_ORDER_POSG, 1}, {KG_ORDER_GOSP, KG_ORDER_OSPG, 1},
};

/* Writes the keys of every order from SPOG-sorted keys into out[order]. */
static void derive_orders(const kg_key *spog, uint64_t n, kg_key *const out[KG_ORDERS],
                          kg_key *scratch, kg_id max_id)
{
    for (int d = 0; d < KG_ORDERS; d++) {
        int order = derivations[d].order, from = derivations[d].from;
        const kg_key *src = from == KG_ORDER_SPOG ? spog : out[from];
        for (uint64_t i = 0; i < n; i++) {
            kg_quad q = kg_quad_from_key(&src[i], from);
            out[order][i] = kg_key_from_quad(&q, order);
        }
        if (derivations[d].fields)
            sort_leading(out[order], scratch, n, max_id, derivations[d].fields);
    }
}

static kg_id max_component(const kg_key *keys, uint64_t n)
{
    kg_id m = 0;
    for (uint64_t i = 0; i < n; i++)
        for (int j = 0; j < 4; j++)
            if (keys[i].k[j] > m)
                m = keys[i].k[j];
    return m;
}

/* A hash of the header with its checksum field zero. */
static uint64_t header_hash(const seg_header *h, uint64_t seed)
{
    seg_header z = *h;
    z.checksum = 0;
    return kg_hash_bytes(&z, header_size(z.version), seed);
}

/* The seed of the kg_checksum of the bytes after the header, and the
 * header's checksum made from that (see the top of the file). */
static uint64_t body_seed(const seg_header *h)
{
    return h->version == SEG_VERSION_RAW ? header_hash(h, 0) : 0;
}

static uint64_t seal(const seg_header *h, uint64_t body_sum)
{
    return h->version >= SEG_VERSION_BLOCKS ? header_hash(h, body_sum) : body_sum;
}

/* The checksum an attached image's header should hold. */
static uint64_t image_checksum(const uint8_t *image, uint64_t len)
{
    seg_header h;
    read_header(image, len, &h); /* attach checked it */
    if (h.version < SEG_VERSION_RAW)
        return kg_hash_bytes(image + h.header_size, len - h.header_size, 0);
    return seal(&h, kg_checksum(image + h.header_size, len - h.header_size, body_seed(&h)));
}

/* The same over a mapped file, in windows handed back to the page cache
 * once read: checking a segment must not leave the whole file resident
 * in the process (a big load's peak memory; a reader's footprint). The
 * pages a query then touches come back from the page cache. */
static uint64_t mapped_checksum(uint8_t *image, uint64_t len)
{
    seg_header h;
    read_header(image, len, &h);
    if (h.version < SEG_VERSION_RAW)
        return image_checksum(image, len);
    kg_checksum_state st;
    kg_checksum_init(&st, body_seed(&h));
    const uint64_t window = (uint64_t)32 << 20; /* a multiple of the page size */
    for (uint64_t off = 0; off < len; off += window) {
        uint64_t end = len - off < window ? len : off + window;
        uint64_t from = off < h.header_size ? h.header_size : off;
        kg_checksum_update(&st, image + from, end - from);
        madvise(image + off, end - off, MADV_DONTNEED);
    }
    return seal(&h, kg_checksum_final(&st));
}

/* The header of a segment of the given format made of parts: its counts
 * and where the dictionary's sections go; returns where the keys start. */
static uint64_t layout_terms(const kg_segment_parts *parts, uint32_t version, seg_header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, SEG_MAGIC, 8);
    h->version = version;
    h->header_size = header_size(version);
    h->first_id = parts->first_id;
    h->n_terms = parts->n_terms;
    h->table_cap = table_capacity(parts->n_terms);
    h->n_add = parts->n_add;
    h->n_del = parts->n_del;
    h->n_created = parts->n_created;
    h->n_dropped = parts->n_dropped;

    uint64_t off = align8(h->header_size);
    h->off_blob = off;
    h->blob_len = parts->blob_len;
    off = align8(off + parts->blob_len);
    h->off_offsets = off;
    off += ((uint64_t)parts->n_terms + 1) * 8;
    h->off_table = off;
    return off + h->table_cap * 8;
}

/* The same and where the rest goes in a segment built in memory
 * (h->image_len is the whole image's length). */
static void layout_raw(const kg_segment_parts *parts, seg_header *h)
{
    uint64_t off = layout_terms(parts, SEG_VERSION_RAW, h);
    for (int o = 0; o < KG_ORDERS; o++) {
        h->off_add[o] = off;
        off += parts->n_add * 16;
    }
    for (int o = 0; o < KG_ORDERS; o++) {
        h->off_del[o] = off;
        off += parts->n_del * 16;
    }
    h->off_created = off;
    off = align8(off + (uint64_t)parts->n_created * 4);
    h->off_dropped = off;
    off = align8(off + (uint64_t)parts->n_dropped * 4);
    h->image_len = off;
}

/* An entry of the term table: the high half of the term's hash, the
 * term's index + 1 (kg_segment_find_term reads it). */
static uint64_t table_entry(uint64_t hash, uint32_t i)
{
    return (hash >> 32) << 32 | (uint64_t)(i + 1);
}

/* Fills the term hash table (cap entries, zeroed) for the parts' terms. */
static void fill_table(uint64_t *table, uint64_t cap, const kg_segment_parts *parts)
{
    const uint64_t *offsets = parts->term_offsets;
    for (uint32_t i = 0; i < parts->n_terms; i++) {
        const uint8_t *code = parts->term_blob + offsets[i];
        uint64_t hash = kg_termcode_hash(code, offsets[i + 1] - offsets[i]);
        uint64_t slot = hash & (cap - 1);
        while (table[slot])
            slot = (slot + 1) & (cap - 1);
        table[slot] = table_entry(hash, i);
    }
}

kg_status kg_segment_build(const kg_segment_parts *parts, kg_segment **out, kg_error *err)
{
    *out = NULL;
    seg_header h;
    layout_raw(parts, &h);
    uint64_t off = h.image_len;

    kg_segment *seg = calloc(1, sizeof *seg);
    uint8_t *image = calloc(1, off);
    uint64_t scratch_n = parts->n_add > parts->n_del ? parts->n_add : parts->n_del;
    kg_key *scratch = scratch_n ? malloc(scratch_n * sizeof *scratch) : NULL;
    if (!seg || !image || (scratch_n && !scratch)) {
        free(seg);
        free(image);
        free(scratch);
        kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory building a segment");
        return KG_ERR_NOMEM;
    }
    if (parts->blob_len)
        memcpy(image + h.off_blob, parts->term_blob, parts->blob_len);
    if (parts->n_terms)
        memcpy(image + h.off_offsets, parts->term_offsets, ((uint64_t)parts->n_terms + 1) * 8);
    fill_table((uint64_t *)(image + h.off_table), h.table_cap, parts);
    kg_id max_id = max_component(parts->add_spog, parts->n_add);
    kg_id max_del = max_component(parts->del_spog, parts->n_del);
    if (max_del > max_id)
        max_id = max_del;
    kg_key *add[KG_ORDERS], *del[KG_ORDERS];
    for (int o = 0; o < KG_ORDERS; o++) {
        add[o] = (kg_key *)(image + h.off_add[o]);
        del[o] = (kg_key *)(image + h.off_del[o]);
    }
    derive_orders(parts->add_spog, parts->n_add, add, scratch, max_id);
    derive_orders(parts->del_spog, parts->n_del, del, scratch, max_id);
    free(scratch);
    if (parts->n_created)
        memcpy(image + h.off_created, parts->created, (size_t)parts->n_created * 4);
    if (parts->n_dropped)
        memcpy(image + h.off_dropped, parts->dropped, (size_t)parts->n_dropped * 4);
    h.checksum = seal(&h, kg_checksum(image + h.header_size, off - h.header_size, body_seed(&h)));
    memcpy(image, &h, h.header_size);

    seg->image = image;
    seg->image_len = off;
    seg->refs = 1;
    if (!attach(seg)) {
        kg_segment_free(seg);
        kg_error_set(err, KG_ERR_INVALID, NULL, "internal error: built segment is inconsistent");
        return KG_ERR_INVALID;
    }
    *out = seg;
    return KG_OK;
}

/* How many leading components to sort on to make each order from keys
 * sorted in SPOG order (see derivations: among keys equal in those
 * components, SPOG order already sorts the rest the new order's way). */
static const int fields_from_spog[KG_ORDERS] = {0, 2, 1, 1, 3, 2};

void kg_keys_derive(kg_key *out, const kg_key *spog, uint64_t n, int order, kg_key *scratch,
                    kg_id max_id)
{
    for (uint64_t i = 0; i < n; i++) {
        kg_quad q = kg_quad_from_key(&spog[i], KG_ORDER_SPOG);
        out[i] = kg_key_from_quad(&q, order);
    }
    sort_leading(out, scratch, n, max_id, fields_from_spog[order]);
}

/* ---- writing a segment file in order, without its image in memory ---- */

/* Indexes in the order they are written: the added keys of each order,
 * then the removed ones. */
enum { N_SECTIONS = 2 * KG_ORDERS };

struct kg_segment_file {
    int fd;
    seg_header h;
    kg_checksum_state sum; /* of every byte after the header */
    uint64_t pos;          /* bytes written, header included */
    uint8_t buf[1 << 16];
    size_t n;
    kg_error *err;
    /* the index being written, and its directory, written after it */
    int section;
    uint64_t done, start; /* keys written; where its blocks begin */
    kg_key prev;
    kg_key *firsts;
    uint64_t *offs;
};

/* Writes out the buffer, adding the bytes after the header to the
 * checksum. */
static bool file_flush(kg_segment_file *f)
{
    uint64_t at = f->pos - f->n, skip = at < f->h.header_size ? f->h.header_size - at : 0;
    if (skip < f->n)
        kg_checksum_update(&f->sum, f->buf + skip, f->n - skip);
    if (f->n && kg_fs_write_all(f->fd, f->buf, f->n) != 0) {
        kg_error_set(f->err, KG_ERR_IO, NULL,
                     "cannot write a store segment: %s", strerror(errno));
        return false;
    }
    f->n = 0;
    return true;
}

static bool file_put(kg_segment_file *f, const void *data, uint64_t len)
{
    const uint8_t *p = data;
    while (len) {
        size_t take = sizeof f->buf - f->n < len ? sizeof f->buf - f->n : (size_t)len;
        memcpy(f->buf + f->n, p, take);
        f->n += take;
        f->pos += take;
        p += take;
        len -= take;
        if (f->n == sizeof f->buf && !file_flush(f))
            return false;
    }
    return true;
}

/* Zero bytes up to offset `to` (sections are 8-byte aligned). */
static bool file_pad(kg_segment_file *f, uint64_t to)
{
    static const uint8_t zeros[8];
    return to - f->pos <= 8 && file_put(f, zeros, to - f->pos);
}

static uint64_t section_keys(const kg_segment_file *f)
{
    return f->section < KG_ORDERS ? f->h.n_add : f->h.n_del;
}

/* Starts the next index that has keys, recording where the empty ones
 * before it are. */
static void section_begin(kg_segment_file *f)
{
    for (; f->section < N_SECTIONS; f->section++) {
        int o = f->section % KG_ORDERS;
        uint64_t *off = f->section < KG_ORDERS ? &f->h.off_add[o] : &f->h.off_del[o];
        *off = f->start = f->pos;
        if (section_keys(f))
            break;
    }
    f->done = 0;
}

/* Ends the index: its length in the header, its directory after it. */
static bool section_end(kg_segment_file *f)
{
    int o = f->section % KG_ORDERS;
    uint64_t len = f->pos - f->start, blocks = kg_index_blocks(f->done);
    *(f->section < KG_ORDERS ? &f->h.len_add[o] : &f->h.len_del[o]) = len;
    f->offs[blocks] = len;
    f->section++;
    if (!file_pad(f, align8(f->pos)) || !file_put(f, f->firsts, blocks * sizeof *f->firsts) ||
        !file_put(f, f->offs, (blocks + 1) * sizeof *f->offs))
        return false;
    section_begin(f);
    return true;
}

static bool put_key(kg_segment_file *f, const kg_key *key)
{
    if (f->done % KG_BLOCK_KEYS == 0) { /* a block's first key goes to the directory */
        f->firsts[f->done / KG_BLOCK_KEYS] = *key;
        f->offs[f->done / KG_BLOCK_KEYS] = f->pos - f->start;
    } else {
        if (sizeof f->buf - f->n < KG_KEY_CODE_MAX && !file_flush(f))
            return false;
        size_t len = kg_key_encode(f->buf + f->n, &f->prev, key);
        f->n += len;
        f->pos += len;
    }
    f->prev = *key;
    return ++f->done < section_keys(f) || section_end(f);
}

static void file_free(kg_segment_file *f)
{
    free(f->firsts);
    free(f->offs);
    free(f);
}

/* The terms of parts held in memory, read as a kg_term_reader. */
typedef struct blob_reader {
    const kg_segment_parts *parts;
    uint32_t next;
} blob_reader;

static kg_status blob_rewind(void *ctx, kg_error *err)
{
    (void)err;
    ((blob_reader *)ctx)->next = 0;
    return KG_OK;
}

static kg_status blob_next(void *ctx, const uint8_t **code, size_t *len, kg_error *err)
{
    (void)err;
    blob_reader *r = ctx;
    const kg_segment_parts *p = r->parts;
    *code = NULL;
    *len = 0;
    if (r->next < p->n_terms) {
        uint64_t a = p->term_offsets[r->next], b = p->term_offsets[r->next + 1];
        *code = p->term_blob + a;
        *len = b - a;
        r->next++;
    }
    return KG_OK;
}

static kg_status terms_disagree(kg_segment_file *f)
{
    return kg_error_set(f->err, KG_ERR_INVALID, NULL,
                        "internal error: a segment's terms are not the ones counted");
}

/* The blob and the offsets from a reader: two passes. */
static kg_status put_read_terms(kg_segment_file *f, const kg_term_reader *r)
{
    const uint8_t *code;
    size_t len;
    uint64_t total = 0, n = 0;
    kg_status st = r->rewind(r->ctx, f->err);
    while (st == KG_OK && (st = r->next(r->ctx, &code, &len, f->err)) == KG_OK && code) {
        if (!file_put(f, code, len))
            return KG_ERR_IO;
        total += len;
        n++;
    }
    if (st != KG_OK)
        return st;
    if (n != f->h.n_terms || total != f->h.blob_len)
        return terms_disagree(f);
    if (!file_pad(f, f->h.off_offsets))
        return KG_ERR_IO;
    total = 0;
    if (!file_put(f, &total, 8))
        return KG_ERR_IO;
    st = r->rewind(r->ctx, f->err);
    while (st == KG_OK && (st = r->next(r->ctx, &code, &len, f->err)) == KG_OK && code) {
        total += len;
        if (!file_put(f, &total, 8))
            return KG_ERR_IO;
    }
    return st;
}

/* The first free slot of win[from, n) takes e; false when there is none
 * (e goes on to the next window, as linear probing would). */
static bool window_place(uint64_t *win, uint64_t n, uint64_t from, uint64_t e)
{
    for (uint64_t i = from; i < n; i++)
        if (!win[i]) {
            win[i] = e;
            return true;
        }
    return false;
}

typedef struct entry_list {
    uint64_t *items;
    size_t n, cap;
} entry_list;

static bool entry_push(entry_list *l, uint64_t e)
{
    if (!kg_grow(&l->items, &l->cap, l->n, sizeof *l->items, 16))
        return false;
    l->items[l->n++] = e;
    return true;
}

/* The term table is made a window of slots at a time, each window a pass
 * over the terms placing those whose home slot it holds. An entry that
 * finds no free slot before the window's end goes first into the next
 * window, as linear probing would put it there; those left over at the
 * table's end wrap around to its first slots. A table that fits in one
 * window takes them before it is written; otherwise a first pass, writing
 * nothing, finds them, and the writing pass puts them first. Putting
 * them there cannot change which entries reach the end: at most half the
 * slots are used, so the entries they push along stop at free slots long
 * before it (checked all the same). */
typedef struct table_writer {
    kg_segment_file *f;
    const kg_term_reader *r;
    uint64_t cap, window;
    uint64_t *win;
    entry_list carry, next; /* into this window, out of it */
} table_writer;

/* One window [first, first + n): the carried entries, then a pass over
 * the terms; writes it when write is set. */
static kg_status table_window(table_writer *t, uint64_t first, uint64_t n, bool write)
{
    kg_error *err = t->f->err;
    memset(t->win, 0, n * sizeof *t->win);
    t->next.n = 0;
    for (size_t i = 0; i < t->carry.n; i++)
        if (!window_place(t->win, n, 0, t->carry.items[i]) &&
            !entry_push(&t->next, t->carry.items[i]))
            return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    const uint8_t *code;
    size_t len;
    uint32_t i = 0;
    kg_status st = t->r->rewind(t->r->ctx, err);
    while (st == KG_OK && (st = t->r->next(t->r->ctx, &code, &len, err)) == KG_OK && code) {
        uint64_t hash = kg_termcode_hash(code, len), home = hash & (t->cap - 1);
        uint64_t e = table_entry(hash, i++);
        if (home >= first && home - first < n && !window_place(t->win, n, home - first, e) &&
            !entry_push(&t->next, e))
            return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    }
    if (st != KG_OK)
        return st;
    if (n == t->cap) { /* one window: the wrap-around goes in before it is written */
        for (size_t j = 0; j < t->next.n; j++)
            window_place(t->win, n, 0, t->next.items[j]); /* n <= cap / 2 entries: room */
        t->next.n = 0;
    }
    if (write && !file_put(t->f, t->win, n * sizeof *t->win))
        return KG_ERR_IO;
    entry_list swap = t->carry;
    t->carry = t->next;
    t->next = swap;
    return KG_OK;
}

/* A pass over every window, beginning with the n_wrap entries of wrap
 * placed first; *out receives the entries left at the end. */
static kg_status table_pass(table_writer *t, const uint64_t *wrap, size_t n_wrap,
                            entry_list *out, bool write)
{
    t->carry.n = 0;
    for (size_t i = 0; i < n_wrap; i++)
        if (!entry_push(&t->carry, wrap[i]))
            return kg_error_set(t->f->err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    for (uint64_t first = 0; first < t->cap; first += t->window) {
        uint64_t n = t->cap - first < t->window ? t->cap - first : t->window;
        kg_status st = table_window(t, first, n, write);
        if (st != KG_OK)
            return st;
    }
    out->n = 0;
    for (size_t i = 0; i < t->carry.n; i++)
        if (!entry_push(out, t->carry.items[i]))
            return kg_error_set(t->f->err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    return KG_OK;
}

static kg_status write_table(kg_segment_file *f, const kg_term_reader *r, uint64_t memory)
{
    table_writer t = {.f = f, .r = r, .cap = f->h.table_cap};
    t.window = memory && memory / 8 < t.cap ? memory / 8 : t.cap;
    if (t.window < 4096 && t.cap > 4096)
        t.window = 4096;
    t.win = malloc(t.window * sizeof *t.win);
    entry_list wrap = {0}, left = {0};
    kg_status st = KG_OK;
    if (!t.win)
        st = kg_error_set(f->err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    if (st == KG_OK && t.window < t.cap)
        st = table_pass(&t, NULL, 0, &wrap, false);
    if (st == KG_OK)
        st = table_pass(&t, wrap.items, wrap.n, &left, true);
    if (st == KG_OK && (left.n != wrap.n || (wrap.n && memcmp(left.items, wrap.items, wrap.n * 8))))
        st = kg_error_set(f->err, KG_ERR_INVALID, NULL,
                          "internal error: a segment's term table does not wrap around as counted");
    free(wrap.items);
    free(left.items);
    free(t.carry.items);
    free(t.next.items);
    free(t.win);
    return st;
}

kg_status kg_segment_file_begin(kg_segment_file **out, int fd, const kg_segment_parts *parts,
                                uint64_t table_memory, kg_error *err)
{
    *out = NULL;
    kg_segment_file *f = calloc(1, sizeof *f);
    /* the directory of the biggest index, kept for each: 24 bytes a block */
    uint64_t blocks = kg_index_blocks(parts->n_add > parts->n_del ? parts->n_add : parts->n_del);
    if (f) {
        f->firsts = malloc(blocks * sizeof *f->firsts + 1); /* + 1: never malloc(0) */
        f->offs = malloc((blocks + 1) * sizeof *f->offs);
    }
    if (!f || !f->firsts || !f->offs) {
        if (f)
            file_free(f);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    }
    f->fd = fd;
    f->err = err;
    layout_terms(parts, SEG_VERSION_BLOCKS, &f->h);
    kg_checksum_init(&f->sum, body_seed(&f->h));
    blob_reader in_memory = {parts, 0};
    const kg_term_reader blob = {&in_memory, blob_rewind, blob_next};
    const kg_term_reader *terms = parts->terms ? parts->terms : &blob;
    static const uint64_t zero = 0;
    kg_status st = KG_OK;
    if (!file_put(f, &f->h, f->h.header_size) || !file_pad(f, f->h.off_blob))
        st = KG_ERR_IO;
    else if (parts->terms)
        st = put_read_terms(f, parts->terms);
    else if (!file_put(f, parts->term_blob, parts->blob_len) || !file_pad(f, f->h.off_offsets) ||
             !(parts->n_terms
                   ? file_put(f, parts->term_offsets, ((uint64_t)parts->n_terms + 1) * 8)
                   : file_put(f, &zero, 8)))
        st = KG_ERR_IO;
    if (st == KG_OK)
        st = write_table(f, terms, table_memory);
    section_begin(f);
    if (st != KG_OK) {
        file_free(f);
        return st;
    }
    *out = f;
    return KG_OK;
}

kg_status kg_segment_file_keys(kg_segment_file *f, const kg_key *keys, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        if (f->section == N_SECTIONS)
            return kg_error_set(f->err, KG_ERR_INVALID, NULL,
                                "internal error: more keys than a segment's sections hold");
        if (!put_key(f, &keys[i]))
            return KG_ERR_IO;
    }
    return KG_OK;
}

kg_status kg_segment_file_finish(kg_segment_file *f, const kg_segment_parts *parts,
                                 uint64_t *checksum)
{
    kg_status st = KG_ERR_IO;
    seg_header *h = &f->h;
    h->off_created = f->pos;
    h->off_dropped = align8(h->off_created + (uint64_t)parts->n_created * 4);
    h->image_len = align8(h->off_dropped + (uint64_t)parts->n_dropped * 4);
    if (f->section != N_SECTIONS) {
        kg_error_set(f->err, KG_ERR_INVALID, NULL,
                     "internal error: a segment's keys do not fill their sections");
        st = KG_ERR_INVALID;
    } else if (file_put(f, parts->created, (uint64_t)parts->n_created * 4) &&
               file_pad(f, h->off_dropped) &&
               file_put(f, parts->dropped, (uint64_t)parts->n_dropped * 4) &&
               file_pad(f, h->image_len) && file_flush(f)) {
        h->checksum = seal(h, kg_checksum_final(&f->sum));
        if (pwrite(f->fd, h, h->header_size, 0) == (ssize_t)h->header_size) {
            *checksum = h->checksum;
            st = KG_OK;
        } else {
            kg_error_set(f->err, KG_ERR_IO, NULL, "cannot write a store segment: %s",
                         strerror(errno));
        }
    }
    file_free(f);
    return st;
}

void kg_segment_file_abort(kg_segment_file *f)
{
    if (f)
        file_free(f);
}

kg_status kg_segment_write(const kg_segment *seg, int fd, uint64_t *checksum, kg_error *err)
{
    const kg_segment_parts parts = {
        .first_id = seg->first_id,
        .n_terms = seg->n_terms,
        .term_blob = seg->term_blob,
        .blob_len = seg->blob_len,
        .term_offsets = seg->term_offsets,
        .n_add = seg->n_add,
        .n_del = seg->n_del,
        .created = seg->created,
        .n_created = seg->n_created,
        .dropped = seg->dropped,
        .n_dropped = seg->n_dropped,
    };
    kg_segment_file *f;
    kg_status st = kg_segment_file_begin(&f, fd, &parts, 0, err);
    for (int i = 0; i < N_SECTIONS && st == KG_OK; i++) {
        kg_index_cursor c;
        kg_index_cursor_at(&c, i < KG_ORDERS ? &seg->add[i] : &seg->del[i - KG_ORDERS], 0,
                           i < KG_ORDERS ? seg->n_add : seg->n_del);
        /* a block at a time (raw: all at once) */
        while (st == KG_OK && kg_index_cursor_peek(&c)) {
            st = kg_segment_file_keys(f, c.p, (uint64_t)(c.end - c.p));
            c.p = c.end;
        }
    }
    if (st == KG_OK)
        return kg_segment_file_finish(f, &parts, checksum);
    kg_segment_file_abort(f);
    return st;
}

kg_status kg_segment_map(const char *dir, const char *name, const uint64_t *expect,
                         kg_segment **out, kg_error *err)
{
    char path[4096];
    *out = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        kg_error_set(err, KG_ERR_CORRUPT, path, "store segment is missing: %s", strerror(errno));
        return KG_ERR_CORRUPT;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)offsetof(seg_header, len_add)) {
        close(fd);
        kg_error_set(err, KG_ERR_CORRUPT, path, "store segment is truncated");
        return KG_ERR_CORRUPT;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    int map_errno = errno;
    close(fd);
    errno = map_errno;
    if (map == MAP_FAILED) {
        kg_error_set(err, KG_ERR_IO, path, "cannot map store segment: %s", strerror(errno));
        return KG_ERR_IO;
    }
    kg_segment *seg = calloc(1, sizeof *seg);
    if (!seg) {
        munmap(map, (size_t)st.st_size);
        kg_error_set(err, KG_ERR_NOMEM, path, "out of memory");
        return KG_ERR_NOMEM;
    }
    seg->image = map;
    seg->image_len = (uint64_t)st.st_size;
    seg->mapped = true;
    seg->refs = 1;
    seg->dev = st.st_dev;
    seg->ino = st.st_ino;
    snprintf(seg->file, sizeof seg->file, "%s", name);
    const char *why = NULL;
    if (!attach(seg))
        why = "store segment has a bad header";
    else if (expect && *expect != seg->checksum)
        why = "store segment is not the one the manifest names (checksum differs)";
    else if (mapped_checksum(seg->image, seg->image_len) != seg->checksum)
        why = "store segment is damaged (checksum mismatch)";
    if (why) {
        kg_segment_free(seg);
        kg_error_set(err, KG_ERR_CORRUPT, path, "%s", why);
        return KG_ERR_CORRUPT;
    }
    *out = seg;
    return KG_OK;
}

kg_status kg_segment_verify(const kg_segment *seg, kg_error *err)
{
    const char *where = seg->file[0] ? seg->file : NULL;
    if (image_checksum(seg->image, seg->image_len) != seg->checksum) {
        kg_error_set(err, KG_ERR_CORRUPT, where, "segment checksum mismatch");
        return KG_ERR_CORRUPT;
    }
    for (uint32_t i = 0; i < seg->n_terms; i++) {
        uint64_t a = seg->term_offsets[i], b = seg->term_offsets[i + 1];
        kg_term t;
        if (a > b || b > seg->blob_len || kg_termcode_decode(seg->term_blob + a, b - a, &t) != b - a) {
            kg_error_set(err, KG_ERR_CORRUPT, where, "segment has a malformed term");
            return KG_ERR_CORRUPT;
        }
    }
    for (int o = 0; o < KG_ORDERS; o++)
        if (!kg_index_verify(&seg->add[o]) || !kg_index_verify(&seg->del[o])) {
            kg_error_set(err, KG_ERR_CORRUPT, where, "segment index is damaged or out of order");
            return KG_ERR_CORRUPT;
        }
    return KG_OK;
}

void kg_segment_ref(kg_segment *seg)
{
    seg->refs++;
}

void kg_segment_free(kg_segment *seg)
{
    if (!seg || --seg->refs > 0)
        return;
    if (seg->mapped)
        munmap(seg->image, seg->image_len);
    else
        free(seg->image);
    free(seg);
}

kg_id kg_segment_find_term(const kg_segment *seg, const uint8_t *code, size_t len, uint64_t hash)
{
    if (!seg->n_terms)
        return KG_ID_NONE;
    uint64_t mask = seg->table_cap - 1;
    uint64_t fp = hash >> 32;
    for (uint64_t slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
        uint64_t e = seg->term_table[slot];
        if (!e)
            return KG_ID_NONE;
        if ((e >> 32) != fp)
            continue;
        uint64_t idx = (e & 0xffffffffu) - 1;
        if (idx >= seg->n_terms)
            return KG_ID_NONE;
        uint64_t a = seg->term_offsets[idx], b = seg->term_offsets[idx + 1];
        if (b - a == len && memcmp(seg->term_blob + a, code, len) == 0)
            return seg->first_id + (kg_id)idx;
    }
    return KG_ID_NONE;
}

const uint8_t *kg_segment_term_code(const kg_segment *seg, kg_id id, size_t *len)
{
    uint64_t idx = id - seg->first_id;
    uint64_t a = seg->term_offsets[idx], b = seg->term_offsets[idx + 1];
    if (a > b || b > seg->blob_len)
        return NULL;
    *len = b - a;
    return seg->term_blob + a;
}
