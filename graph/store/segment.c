/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/segment.c - segment images: build, map, verify, look up.
 *
 * Image layout (little-endian, every section 8-byte aligned):
 *   header (struct seg_header)
 *   term blob, term offsets (u64 x n_terms+1), term hash table (u64 x cap)
 *   added keys in the six orders, removed keys in the six orders
 *   created graph ids, dropped graph ids
 * Format 2: the header's checksum (kg_checksum, seeded with a hash of the
 * header with the checksum field zero) covers the header itself and every
 * byte after it, and is checked whenever a
 * segment file is mapped, so a damaged segment is an error, never a wrong
 * answer. Format 1 (read, never written) covered only the bytes after the
 * header. */
#define _GNU_SOURCE
#include "store/segment.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "store/termcode.h"
#include "util/fs.h"
#include "util/hash.h"

const uint8_t kg_order_positions[KG_ORDERS][4] = {
    {0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3}, {3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1},
};
const uint8_t kg_order_key_index[KG_ORDERS][4] = {
    {0, 1, 2, 3}, {2, 0, 1, 3}, {1, 2, 0, 3}, {1, 2, 3, 0}, {3, 1, 2, 0}, {2, 3, 1, 0},
};

static const char SEG_MAGIC[8] = {'K', 'G', 'S', 'E', 'G', 0, 0, 1};
enum { SEG_VERSION = 2, SEG_VERSION_MIN = 1 };

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
} seg_header;

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

void kg_keys_range(const kg_key *keys, uint64_t n, const kg_key *prefix, int prefix_len,
                   uint64_t *lo_out, uint64_t *hi_out)
{
    *lo_out = prefix_bound(keys, 0, n, prefix, prefix_len, false);
    *hi_out = prefix_bound(keys, *lo_out, n, prefix, prefix_len, true);
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

/* Points the segment's fields into its image, checking every offset. */
static bool attach(kg_segment *seg)
{
    const uint8_t *base = seg->image;
    if (seg->image_len < sizeof(seg_header))
        return false;
    seg_header h;
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, SEG_MAGIC, 8) != 0 || h.version < SEG_VERSION_MIN || h.version > SEG_VERSION ||
        h.header_size != sizeof h || h.image_len != seg->image_len)
        return false;
    uint64_t len = seg->image_len;
#define SECTION_OK(off, size) ((off) <= len && (size) <= len - (off) && (off) % 8 == 0)
    if (!SECTION_OK(h.off_blob, h.blob_len) ||
        !SECTION_OK(h.off_offsets, ((uint64_t)h.n_terms + 1) * 8) ||
        !SECTION_OK(h.off_table, h.table_cap * 8) || (h.table_cap & (h.table_cap - 1)) != 0 ||
        h.table_cap < (uint64_t)h.n_terms || h.n_add > len / 16 || h.n_del > len / 16 ||
        !SECTION_OK(h.off_created, (uint64_t)h.n_created * 4) ||
        !SECTION_OK(h.off_dropped, (uint64_t)h.n_dropped * 4))
        return false;
    for (int o = 0; o < KG_ORDERS; o++)
        if (!SECTION_OK(h.off_add[o], h.n_add * 16) || !SECTION_OK(h.off_del[o], h.n_del * 16))
            return false;
#undef SECTION_OK
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
    for (int o = 0; o < KG_ORDERS; o++) {
        seg->add[o] = (const kg_key *)(base + h.off_add[o]);
        seg->del[o] = (const kg_key *)(base + h.off_del[o]);
    }
    seg->n_created = h.n_created;
    seg->n_dropped = h.n_dropped;
    seg->created = (const kg_id *)(base + h.off_created);
    seg->dropped = (const kg_id *)(base + h.off_dropped);
    seg->checksum = h.checksum;
    seg->version = h.version;
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

/* The checksum an image's header should hold (the header's own checksum
 * field does not take part). */
static uint64_t image_checksum(const uint8_t *image, uint64_t len)
{
    seg_header h;
    memcpy(&h, image, sizeof h);
    if (h.version < 2)
        return kg_hash_bytes(image + sizeof h, len - sizeof h, 0);
    h.checksum = 0; /* as kg_segment_file_begin seeds it */
    return kg_checksum(image + sizeof h, len - sizeof h, kg_hash_bytes(&h, sizeof h, 0));
}

/* The same over a mapped file, in windows handed back to the page cache
 * once read: checking a segment must not leave the whole file resident
 * in the process (a big load's peak memory; a reader's footprint). The
 * pages a query then touches come back from the page cache. */
static uint64_t mapped_checksum(uint8_t *image, uint64_t len)
{
    seg_header h;
    memcpy(&h, image, sizeof h);
    if (h.version < 2)
        return image_checksum(image, len);
    h.checksum = 0;
    kg_checksum_state st;
    kg_checksum_init(&st, kg_hash_bytes(&h, sizeof h, 0));
    const uint64_t window = (uint64_t)32 << 20; /* a multiple of the page size */
    for (uint64_t off = 0; off < len; off += window) {
        uint64_t end = len - off < window ? len : off + window;
        uint64_t from = off < sizeof h ? sizeof h : off;
        kg_checksum_update(&st, image + from, end - from);
        madvise(image + off, end - off, MADV_DONTNEED);
    }
    return kg_checksum_final(&st);
}

/* The header of a segment made of parts: counts and where each part goes
 * (h->image_len is the whole image's length). */
static void layout(const kg_segment_parts *parts, seg_header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, SEG_MAGIC, 8);
    h->version = SEG_VERSION;
    h->header_size = sizeof *h;
    h->first_id = parts->first_id;
    h->n_terms = parts->n_terms;
    h->table_cap = table_capacity(parts->n_terms);
    h->n_add = parts->n_add;
    h->n_del = parts->n_del;
    h->n_created = parts->n_created;
    h->n_dropped = parts->n_dropped;

    uint64_t off = align8(sizeof *h);
    h->off_blob = off;
    h->blob_len = parts->blob_len;
    off = align8(off + parts->blob_len);
    h->off_offsets = off;
    off += ((uint64_t)parts->n_terms + 1) * 8;
    h->off_table = off;
    off += h->table_cap * 8;
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
        table[slot] = (hash >> 32) << 32 | (uint64_t)(i + 1);
    }
}

kg_status kg_segment_build(const kg_segment_parts *parts, kg_segment **out, kg_error *err)
{
    *out = NULL;
    seg_header h;
    layout(parts, &h);
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
    memcpy(image, &h, sizeof h);
    h.checksum = image_checksum(image, off);
    memcpy(image, &h, sizeof h);

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

struct kg_segment_file {
    int fd;
    seg_header h;
    kg_checksum_state sum; /* of every byte after the header */
    uint64_t pos;          /* bytes written, header included */
    uint8_t buf[1 << 16];
    size_t n;
    kg_error *err;
};

static bool file_flush(kg_segment_file *f)
{
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
    if (f->pos >= sizeof f->h)
        kg_checksum_update(&f->sum, p, len);
    f->pos += len;
    while (len) {
        size_t take = sizeof f->buf - f->n < len ? sizeof f->buf - f->n : (size_t)len;
        memcpy(f->buf + f->n, p, take);
        f->n += take;
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

kg_status kg_segment_file_begin(kg_segment_file **out, int fd, const kg_segment_parts *parts,
                                kg_error *err)
{
    *out = NULL;
    kg_segment_file *f = calloc(1, sizeof *f);
    uint64_t cap = table_capacity(parts->n_terms);
    uint64_t *table = calloc(cap, sizeof *table);
    if (!f || !table) {
        free(f);
        free(table);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory writing a segment");
    }
    f->fd = fd;
    f->err = err;
    layout(parts, &f->h);
    kg_checksum_init(&f->sum, kg_hash_bytes(&f->h, sizeof f->h, 0));
    fill_table(table, cap, parts);
    static const uint64_t zero = 0;
    bool ok = file_put(f, &f->h, sizeof f->h) && file_pad(f, f->h.off_blob) &&
              file_put(f, parts->term_blob, parts->blob_len) && file_pad(f, f->h.off_offsets) &&
              (parts->n_terms ? file_put(f, parts->term_offsets, ((uint64_t)parts->n_terms + 1) * 8)
                              : file_put(f, &zero, 8)) &&
              file_put(f, table, cap * 8);
    free(table);
    if (!ok) {
        free(f);
        return KG_ERR_IO;
    }
    *out = f;
    return KG_OK;
}

kg_status kg_segment_file_keys(kg_segment_file *f, const kg_key *keys, uint64_t n)
{
    return file_put(f, keys, n * sizeof *keys) ? KG_OK : KG_ERR_IO;
}

kg_status kg_segment_file_finish(kg_segment_file *f, const kg_segment_parts *parts,
                                 uint64_t *checksum)
{
    kg_status st = KG_ERR_IO;
    if (f->pos != f->h.off_created) {
        kg_error_set(f->err, KG_ERR_INVALID, NULL,
                     "internal error: a segment's keys do not fill their sections");
        st = KG_ERR_INVALID;
    } else if (file_put(f, parts->created, (uint64_t)parts->n_created * 4) &&
               file_pad(f, f->h.off_dropped) &&
               file_put(f, parts->dropped, (uint64_t)parts->n_dropped * 4) &&
               file_pad(f, f->h.image_len) && file_flush(f)) {
        f->h.checksum = kg_checksum_final(&f->sum);
        if (pwrite(f->fd, &f->h, sizeof f->h, 0) == (ssize_t)sizeof f->h) {
            *checksum = f->h.checksum;
            st = KG_OK;
        } else {
            kg_error_set(f->err, KG_ERR_IO, NULL, "cannot write a store segment: %s",
                         strerror(errno));
        }
    }
    free(f);
    return st;
}

void kg_segment_file_abort(kg_segment_file *f)
{
    free(f);
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
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(seg_header)) {
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

static bool keys_sorted_unique(const kg_key *keys, uint64_t n)
{
    for (uint64_t i = 1; i < n; i++)
        if (kg_key_cmp(&keys[i - 1], &keys[i]) >= 0)
            return false;
    return true;
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
        if (!keys_sorted_unique(seg->add[o], seg->n_add) ||
            !keys_sorted_unique(seg->del[o], seg->n_del)) {
            kg_error_set(err, KG_ERR_CORRUPT, where, "segment index out of order");
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
