/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/segment_image.h - for tests that damage segment files on purpose
 * (tests/graph/keyindex_test.c, tests/fuzz/fuzz_segment.c): where the
 * header of a format 3 image keeps what they change, and how to give a
 * damaged image a valid checksum again, so that the damage gets past the
 * check at mapping and reaches the decoder. Written from the format's
 * description in graph/store/segment.c; a change there must change this.
 * And how to read a damaged segment everywhere a reader could. */
#ifndef KG_TESTS_SEGMENT_IMAGE_H
#define KG_TESTS_SEGMENT_IMAGE_H

#include <stdint.h>
#include <string.h>

#include "store/segment.h"
#include "util/hash.h"

/* Byte offsets in the header (struct seg_header). */
enum {
    SEG_AT_VERSION = 8,
    SEG_AT_HEADER_SIZE = 12,
    SEG_AT_IMAGE_LEN = 16,
    SEG_AT_CHECKSUM = 24,
    SEG_AT_N_ADD = 80,
    SEG_AT_OFF_ADD = 96,     /* u64 x 6 orders */
    SEG_AT_OFF_CREATED = 200,
    SEG_AT_LEN_ADD = 216,    /* format 3: u64 x 6 orders */
    SEG_HEADER_V3_SIZE = 312,
};

static inline uint64_t seg_image_u64(const uint8_t *image, size_t at)
{
    uint64_t v;
    memcpy(&v, image + at, 8);
    return v;
}

/* Recomputes the checksum of a format 3 image of len bytes (len at least
 * the header) the way segment.c does, and stores it in the header. */
static inline void seg_image_seal(uint8_t *image, size_t len)
{
    uint32_t header_size;
    memcpy(&header_size, image + SEG_AT_HEADER_SIZE, 4);
    if (header_size > len)
        header_size = (uint32_t)len;
    memset(image + SEG_AT_CHECKSUM, 0, 8);
    uint64_t body = kg_checksum(image + header_size, len - header_size, 0);
    uint64_t sum = kg_hash_bytes(image, header_size, body);
    memcpy(image + SEG_AT_CHECKSUM, &sum, 8);
}

/* Reads every index of seg whole and by ranges of a few prefixes (under
 * ASan: never outside the image). False when seg is sound (passed
 * kg_segment_verify) and an index did not read back as its n keys in
 * order. */
static inline bool seg_image_read_all(const kg_segment *seg, bool sound)
{
    for (int i = 0; i < 2 * KG_ORDERS; i++) {
        const kg_index *ix = i < KG_ORDERS ? &seg->add[i] : &seg->del[i - KG_ORDERS];
        kg_index_cursor c;
        kg_index_cursor_at(&c, ix, 0, ix->n);
        uint64_t n = 0;
        kg_key key, prev = {{0, 0, 0, 0}};
        while (kg_index_cursor_next(&c, &key)) {
            if (sound && n > 0 && kg_key_cmp(&prev, &key) >= 0)
                return false;
            prev = key;
            n++;
        }
        if (sound && n != ix->n)
            return false;
        for (kg_id t = 0; t < 20; t++) {
            kg_key prefix = {{t * 7 % 50, t * 3 % 50, t, 0}};
            kg_index_cursor_range(&c, ix, &prefix, (int)(t % 5));
            while (kg_index_cursor_next(&c, &key))
                ;
            kg_index_cursor_from(&c, ix, &prefix, (int)(t % 5));
            kg_index_cursor_peek(&c);
        }
    }
    return true;
}

#endif
