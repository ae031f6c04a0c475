/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/recover.c - rebuilding a lost or damaged MANIFEST from the segment
 * files of a store directory (issue 16: a directory with segments but no
 * manifest could not be recovered).
 *
 * Segments are named by the generation that wrote them and hold
 * contiguous term ids, and a compaction writes one segment starting at id
 * 1. So the store is the newest segment starting at id 1 followed by the
 * later segments whose ids continue it; every one must pass its checksum.
 * Older segments are left for the next writer to remove as orphans. The
 * prefixes lived only in the manifest and are lost. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "store/store_impl.h"
#include "kg/grow.h"

typedef struct found {
    uint64_t generation;
    kg_segment *seg;
} found;

static int by_generation(const void *a, const void *b)
{
    uint64_t x = ((const found *)a)->generation, y = ((const found *)b)->generation;
    return x < y ? -1 : x > y;
}

/* Maps every seg-N.kgs of dir (each verified) into *out, sorted. */
static kg_status find_segments(const char *dir, found **out, size_t *n_out, kg_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return kg_error_set(err, KG_ERR_IO, dir, "cannot read the directory: %s",
                            strerror(errno));
    found *list = NULL;
    size_t n = 0, cap = 0;
    kg_status st = KG_OK;
    struct dirent *e;
    while (st == KG_OK && (e = readdir(d)) != NULL) {
        char *end;
        if (strncmp(e->d_name, "seg-", 4) != 0)
            continue;
        unsigned long long gen = strtoull(e->d_name + 4, &end, 10);
        if (end == e->d_name + 4 || strcmp(end, ".kgs") != 0)
            continue; /* temp files of dead writers among them */
        if (!kg_grow(&list, &cap, n, sizeof *list, 16)) {
            st = kg_error_set(err, KG_ERR_NOMEM, dir, "out of memory");
            break;
        }
        list[n].generation = gen;
        st = kg_segment_map(dir, e->d_name, NULL, &list[n].seg, err);
        n += st == KG_OK;
    }
    closedir(d);
    qsort(list, n, sizeof *list, by_generation);
    *out = list;
    *n_out = n;
    return st;
}

/* The manifest the segments make: the newest one starting at id 1 and the
 * later ones continuing its ids. */
static kg_status chain(const char *dir, found *list, size_t n, kg_manifest *m, kg_error *err)
{
    size_t base = n;
    for (size_t i = 0; i < n; i++)
        if (list[i].seg->first_id == 1)
            base = i;
    if (base == n)
        return kg_error_set(err, KG_ERR_CORRUPT, dir,
                            "no segment here starts the store's dictionary (id 1); nothing "
                            "to recover");
    memset(m, 0, sizeof *m);
    m->next_id = 1;
    for (size_t i = base; i < n; i++) {
        kg_segment *seg = list[i].seg;
        if (seg->first_id != m->next_id)
            return kg_error_set(err, KG_ERR_CORRUPT, dir,
                                "segment %s does not continue the ones before it (a segment "
                                "between them is missing)",
                                seg->file);
        if (!kg_manifest_push(m, seg))
            return kg_error_set(err, KG_ERR_NOMEM, dir, "out of memory");
        list[i].seg = NULL; /* now the manifest's */
        m->next_id = seg->first_id + seg->n_terms;
        m->quads += seg->n_add - seg->n_del;
        m->generation = list[i].generation;
    }
    return KG_OK;
}

kg_status kg_store_recover(const char *dir, kg_error *err)
{
    kg_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    kg_manifest m;
    kg_status st = kg_manifest_read(dir, &m, NULL, err);
    if (st == KG_OK) {
        kg_manifest_clear(&m);
        return kg_error_set(err, KG_ERR_INVALID, dir,
                            "the store's manifest is sound; there is nothing to recover");
    }
    if (st != KG_ERR_NOT_FOUND && st != KG_ERR_CORRUPT)
        return st;
    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0)
        return kg_error_set(err, KG_ERR_IO, dir, "cannot open the directory: %s",
                            strerror(errno));
    kg_lock lock = {-1, false};
    st = kg_lock_acquire(&lock, dir_fd, dir, KG_STORE_BUSY_DEFAULT_MS, NULL, err);
    found *list = NULL;
    size_t n = 0;
    if (st == KG_OK)
        st = find_segments(dir, &list, &n, err);
    memset(&m, 0, sizeof m);
    if (st == KG_OK)
        st = chain(dir, list, n, &m, err);
    /* a damaged manifest is kept beside, not overwritten */
    if (st == KG_OK && renameat(dir_fd, "MANIFEST", dir_fd, "MANIFEST.damaged") != 0 &&
        errno != ENOENT)
        st = kg_error_set(err, KG_ERR_IO, dir, "cannot set the damaged manifest aside: %s",
                          strerror(errno));
    if (st == KG_OK)
        st = kg_manifest_write(dir, &m, err);
    kg_manifest_clear(&m);
    for (size_t i = 0; i < n; i++)
        kg_segment_free(list[i].seg);
    free(list);
    kg_lock_release(&lock);
    close(dir_fd);
    return st;
}
