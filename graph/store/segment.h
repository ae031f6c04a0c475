/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/segment.h - immutable segments: the unit a store is made of.
 *
 * A segment is what one committed transaction changed: the terms it added
 * to the dictionary (ids first_id .. first_id+n_terms-1, with a hash table
 * from term to id), the quads it added and the quads it removed (each set
 * sorted in the six index orders below), and the named graphs it created or
 * dropped. A store is an ordered list of segments; the newest segment that
 * mentions a quad decides whether it is present. Compaction merges them.
 *
 * A segment is one image of bytes, mapped from its file or malloc'd. A
 * segment built in memory (kg_segment_build: a transaction's layers, an
 * in-memory store) holds its indexes as raw key arrays, quick to build
 * and to read; a segment file (kg_segment_file_*: every commit of a
 * persistent store) holds them in delta-coded blocks (keyindex.h), about
 * a quarter of the size. Readers go through keyindex.h and never see the
 * difference. Nothing here knows about files other than kg_segment_map. */
#ifndef KG_STORE_SEGMENT_H
#define KG_STORE_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "kg/status.h"
#include "store/keyindex.h"
#include "store/quads.h"
#include "util/buf.h"

/* Index orders: positions of s (0), p (1), o (2), g (3) in key order. */
enum { KG_ORDER_SPOG, KG_ORDER_POSG, KG_ORDER_OSPG, KG_ORDER_GSPO, KG_ORDER_GPOS, KG_ORDER_GOSP,
       KG_ORDERS };
extern const uint8_t kg_order_positions[KG_ORDERS][4];
/* The inverse: where in the key of each order s, p, o and g are. */
extern const uint8_t kg_order_key_index[KG_ORDERS][4];

/* The same ignoring bit 31 of each component (see kg_keys_sort). */
static inline int kg_key_cmp_ids(const kg_key *a, const kg_key *b)
{
    for (int i = 0; i < 4; i++) {
        kg_id x = a->k[i] & KG_ID_STORE_MAX, y = b->k[i] & KG_ID_STORE_MAX;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

kg_key kg_key_from_quad(const kg_quad *q, int order);

/* Inline, and read straight from the key: every quad a scan returns
 * passes here. */
static inline kg_quad kg_quad_from_key(const kg_key *key, int order)
{
    const uint8_t *at = kg_order_key_index[order];
    return (kg_quad){key->k[at[0]], key->k[at[1]], key->k[at[2]], key->k[at[3]]};
}

typedef struct kg_segment {
    kg_id first_id;
    uint32_t n_terms;
    const uint8_t *term_blob;
    uint64_t blob_len;
    const uint64_t *term_offsets; /* n_terms + 1 entries */
    const uint64_t *term_table;   /* (fingerprint << 32) | (index + 1) */
    uint64_t table_cap;           /* power of two */
    uint64_t n_add, n_del;
    kg_index add[KG_ORDERS]; /* read through keyindex.h only */
    kg_index del[KG_ORDERS];
    uint32_t n_created, n_dropped;
    const kg_id *created, *dropped; /* sorted ids */
    uint64_t checksum;
    uint32_t version; /* the image format (segment.c) */

    /* A segment is shared by every state that names it (the store's
     * manifest, read views, snapshots a cursor keeps): kg_segment_ref adds
     * a holder, kg_segment_free drops one and frees with the last. Not
     * atomic: one store handle is used by one thread at a time. */
    unsigned refs;
    uint64_t dev, ino; /* the mapped file, to tell a reused name apart */
    void *image;      /* backing bytes: mmap'd or malloc'd */
    uint64_t image_len;
    bool mapped;
    char file[64];    /* file name within the store dir; "" in memory */
} kg_segment;

/* What a segment is built from. Terms are the concatenated encodings of
 * the new terms in id order (offsets: n_terms + 1 entries, the last being
 * blob_len). Quad arrays are in SPOG key order, without duplicates; the
 * other orders are derived. Graph id arrays are sorted. */
typedef struct kg_term_reader kg_term_reader;
typedef struct kg_segment_parts {
    kg_id first_id;
    uint32_t n_terms;
    const uint8_t *term_blob;
    uint64_t blob_len;
    const uint64_t *term_offsets;
    /* kg_segment_file_begin only: the terms come from here instead of
       term_blob and term_offsets (n_terms and blob_len still given) */
    const kg_term_reader *terms;
    const kg_key *add_spog;
    uint64_t n_add;
    const kg_key *del_spog;
    uint64_t n_del;
    const kg_id *created;
    uint32_t n_created;
    const kg_id *dropped;
    uint32_t n_dropped;
} kg_segment_parts;

/* Builds a segment image in memory (malloc'd, owned by *out). */
kg_status kg_segment_build(const kg_segment_parts *parts, kg_segment **out, kg_error *err);

/* Writing a segment file front to back without its image in memory (the
 * commit of a transaction too big for memory, bulk.c; every other commit
 * too, from a built segment: kg_segment_write): begin writes the
 * header's place and the dictionary of parts (whose key arrays are not
 * used, only n_add and n_del); then the caller gives the added keys of
 * each order in turn (SPOG, POSG, ... as enum order), n_add keys each,
 * then the removed keys the same way; finish writes the graph ids and the
 * header with its checksum (into *checksum) and frees f, as abort does on
 * failure. fd is written sequentially from offset 0; err receives I/O
 * errors. */
typedef struct kg_segment_file kg_segment_file;
kg_status kg_segment_file_begin(kg_segment_file **out, int fd, const kg_segment_parts *parts,
                                uint64_t table_memory, kg_error *err);

/* The terms of a segment file being written, in id order, when they are
 * not in memory (a transaction's dictionary spilled to scratch files):
 * kg_segment_file_begin reads them through several times, since it makes
 * the term hash table in windows of at most table_memory bytes (0: the
 * whole table at once), each window a pass over the terms. */
struct kg_term_reader {
    void *ctx;
    /* Back to the first term. */
    kg_status (*rewind)(void *ctx, kg_error *err);
    /* The next term's code in *code and *len, valid until the next call;
       *code is NULL after the last term. */
    kg_status (*next)(void *ctx, const uint8_t **code, size_t *len, kg_error *err);
};
kg_status kg_segment_file_keys(kg_segment_file *f, const kg_key *keys, uint64_t n);
kg_status kg_segment_file_finish(kg_segment_file *f, const kg_segment_parts *parts,
                                 uint64_t *checksum);
void kg_segment_file_abort(kg_segment_file *f);

/* Writes seg (built in memory) to fd as a segment file (the same calls
 * in turn); *checksum receives its checksum, err I/O errors. */
kg_status kg_segment_write(const kg_segment *seg, int fd, uint64_t *checksum, kg_error *err);

/* Maps the segment file dir/name read-only, checks its header and its
 * checksum (one pass over the file) and, when expect is not NULL, that the
 * checksum is *expect (the manifest's). KG_ERR_CORRUPT for any damage. */
kg_status kg_segment_map(const char *dir, const char *name, const uint64_t *expect,
                         kg_segment **out, kg_error *err);

/* Recomputes the checksum and checks key order and term encodings (the
 * deep check of kgsh check; mapping checks only the checksum). */
kg_status kg_segment_verify(const kg_segment *seg, kg_error *err);

void kg_segment_ref(kg_segment *seg);
/* Drops one holder (see refs); accepts NULL. */
void kg_segment_free(kg_segment *seg);

/* The term with the given encoding in this segment, or KG_ID_NONE. */
kg_id kg_segment_find_term(const kg_segment *seg, const uint8_t *code, size_t len, uint64_t hash);

/* The encoded term of an id in [first_id, first_id + n_terms). */
const uint8_t *kg_segment_term_code(const kg_segment *seg, kg_id id, size_t *len);

/* Sorts keys (stable LSD radix sort, ignoring bit 31 of every component)
 * in place; scratch must hold n keys. max_id bounds every component, to
 * skip passes over zero digits. */
void kg_keys_sort(kg_key *keys, kg_key *scratch, uint64_t n, kg_id max_id);

/* Writes n keys sorted in SPOG order to out in the given order, sorted
 * (scratch holds n keys; max_id as for kg_keys_sort). */
void kg_keys_derive(kg_key *out, const kg_key *spog, uint64_t n, int order, kg_key *scratch,
                    kg_id max_id);

/* Hash of a term encoding, as stored in the segment tables. */
uint64_t kg_termcode_hash(const uint8_t *code, size_t len);

#endif
