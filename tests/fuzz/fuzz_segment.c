/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_segment.c - fuzzes the reader of a store's segment
 * files (graph/store/segment.c: the header, the sections' bounds; and
 * graph/store/keyindex.c: the delta-coded blocks of format 3): a store
 * received from someone else is untrusted input, and its checksums are
 * no defence against a file made on purpose. The first byte of an input
 * says whether to seal the rest with a valid format 3 checksum (odd) so
 * the fuzzer gets past the check at mapping to the decoder; the rest is
 * the file, mapped with kg_segment_map.
 *
 * Besides crashes (and reads outside the image, under ASan) it checks:
 * a refusal says why; a mapped segment is verified or refused with
 * KG_ERR_CORRUPT, and every index of it can be read whole and searched;
 * one that verify passes reads back its keys, as many as it says, in
 * order, and has its terms. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../segment_image.h"
#include "fuzz.h"
#include "store/termcode.h"
#include "util/fs.h"

static void check_terms(const kg_segment *seg)
{
    for (uint32_t i = 0; i < seg->n_terms; i++) {
        size_t len;
        kg_term t;
        const uint8_t *code = kg_segment_term_code(seg, seg->first_id + i, &len);
        if (!code || kg_termcode_decode(code, len, &t) != len)
            abort(); /* verify passed a term that does not decode */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64], path[80];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/kgfuzz-seg-%ld", (long)getpid());
        snprintf(path, sizeof path, "%s/seg.kgs", dir);
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            abort();
    }
    if (size == 0)
        return 0;
    size_t len = size - 1;
    uint8_t *image = malloc(len + 1);
    if (!image)
        return 0;
    memcpy(image, data + 1, len);
    if ((data[0] & 1) && len >= SEG_HEADER_V3_SIZE)
        seg_image_seal(image, len);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || kg_fs_write_all(fd, image, len) != 0)
        abort();
    close(fd);
    free(image);
    kg_segment *seg = NULL;
    kg_error err = {0};
    kg_status st = kg_segment_map(dir, "seg.kgs", NULL, &seg, &err);
    if (st != KG_OK) {
        if (seg || !err.message[0])
            abort(); /* a refusal says why and gives nothing */
        return 0;
    }
    st = kg_segment_verify(seg, &err);
    if (st != KG_OK && st != KG_ERR_CORRUPT)
        abort();
    if (!seg_image_read_all(seg, st == KG_OK))
        abort(); /* verify passed an index that reads wrong */
    if (st == KG_OK)
        check_terms(seg);
    kg_segment_free(seg);
    return 0;
}
