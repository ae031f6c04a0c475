/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/line_sort.c - an external sort of text lines in byte order (line_sort.h
 * says what for).
 *
 * Lines compare as LC_ALL=C sort compares them: bytes, without their '\n',
 * a line before every longer line it begins. The chunk in memory is one
 * buffer of whole lines, indexed only when it is sorted; runs are merged
 * through a heap holding one line of each. */
#define _GNU_SOURCE
#include "rdfio/line_sort.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "error.h"
#include "kg/grow.h"
#include "store/quads.h"
#include "util/buf.h"

typedef struct line {
    const char *text;
    size_t len; /* without the '\n' */
} line;

struct kg_line_sort {
    kg_buf chunk;   /* whole lines, each ending in '\n' */
    uint64_t lines; /* lines in chunk */
    uint64_t budget;
    FILE **runs; /* sorted runs, anonymous temporary files */
    size_t n_runs, cap_runs;
};

kg_line_sort *kg_line_sort_new(uint64_t budget)
{
    kg_line_sort *ls = calloc(1, sizeof *ls);
    if (ls)
        ls->budget = budget;
    return ls;
}

size_t kg_line_sort_write(const void *buf, size_t len, void *sorter)
{
    kg_line_sort *ls = sorter;
    return kg_buf_append(&ls->chunk, buf, len) ? len : 0;
}

static int compare_text(const char *a, size_t a_len, const char *b, size_t b_len)
{
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
    return c ? c : (a_len > b_len) - (a_len < b_len);
}

static int compare_lines(const void *x, const void *y)
{
    const line *a = x, *b = y;
    return compare_text(a->text, a->len, b->text, b->len);
}

/* The chunk's lines, sorted (malloc'd; NULL when out of memory). */
static line *sort_chunk(kg_line_sort *ls)
{
    line *index = malloc((ls->lines ? ls->lines : 1) * sizeof *index);
    if (!index)
        return NULL;
    const char *p = ls->chunk.data, *end = p + ls->chunk.len;
    for (uint64_t i = 0; i < ls->lines; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        index[i] = (line){p, (size_t)(nl - p)};
        p = nl + 1;
    }
    qsort(index, ls->lines, sizeof *index, compare_lines);
    return index;
}

/* Writes one line and its '\n'; every 64k lines, looks whether the store
 * was interrupted (store NULL: never). */
static kg_status put_line(FILE *out, const char *text, size_t len, uint64_t *n,
                          const kg_store *store, kg_error *err)
{
    if (fwrite(text, 1, len + 1, out) != len + 1)
        return kg_error_set(err, KG_ERR_IO, NULL, "write failed: %s", strerror(errno));
    if ((++*n & 0xffff) == 0 && store && kg_store_interrupted(store))
        return kg_error_set(err, KG_ERR_INTERRUPTED, NULL, "export interrupted");
    return KG_OK;
}

/* Writes the chunk's lines, sorted, to out and empties the chunk. */
static kg_status write_chunk(kg_line_sort *ls, FILE *out, const kg_store *store, kg_error *err)
{
    line *index = sort_chunk(ls);
    if (!index)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory sorting the export");
    kg_status st = KG_OK;
    uint64_t n = 0;
    for (uint64_t i = 0; st == KG_OK && i < ls->lines; i++)
        st = put_line(out, index[i].text, index[i].len, &n, store, err);
    free(index);
    kg_buf_clear(&ls->chunk);
    ls->lines = 0;
    return st;
}

/* The chunk as a new sorted run in a temporary file. */
static kg_status spill(kg_line_sort *ls, kg_error *err)
{
    if (!kg_grow(&ls->runs, &ls->cap_runs, ls->n_runs, sizeof *ls->runs, 8))
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory sorting the export");
    FILE *run = tmpfile();
    if (!run)
        return kg_error_set(err, KG_ERR_IO, NULL, "cannot make a temporary file to sort the "
                                                  "export: %s", strerror(errno));
    ls->runs[ls->n_runs++] = run;
    kg_status st = write_chunk(ls, run, NULL, err);
    if (st == KG_OK && (fflush(run) != 0 || fseek(run, 0, SEEK_SET) != 0))
        st = kg_error_set(err, KG_ERR_IO, NULL, "cannot write a temporary file to sort the "
                                                "export: %s", strerror(errno));
    return st;
}

/* Whether the chunk and the index sorting it would pass the budget, or
 * would once the buffer grows again: kg_buf doubles its capacity, so a
 * chunk let fill the budget could take twice that. (Only a single line
 * longer than the slack can still make it grow past.) */
static bool chunk_full(const kg_line_sort *ls)
{
    uint64_t index = ls->lines * sizeof(line);
    bool may_grow = ls->chunk.cap - ls->chunk.len < 65536;
    return ls->chunk.len + index >= ls->budget ||
           (may_grow && 2 * (uint64_t)ls->chunk.cap + index > ls->budget);
}

kg_status kg_line_sort_end_statement(kg_line_sort *ls, kg_error *err)
{
    ls->lines++;
    return chunk_full(ls) ? spill(ls, err) : KG_OK;
}

/* One run being merged: its current line (getline's, with the '\n'). */
typedef struct reader {
    FILE *f;
    char *text;
    size_t cap;
    ssize_t len;
} reader;

static bool reader_next(reader *r)
{
    r->len = getline(&r->text, &r->cap, r->f);
    return r->len > 0;
}

static bool reader_less(const reader *a, const reader *b)
{
    return compare_text(a->text, (size_t)a->len - 1, b->text, (size_t)b->len - 1) < 0;
}

static void sift_down(reader **heap, size_t n, size_t i)
{
    for (;;) {
        size_t least = i, l = 2 * i + 1, r = l + 1;
        if (l < n && reader_less(heap[l], heap[least]))
            least = l;
        if (r < n && reader_less(heap[r], heap[least]))
            least = r;
        if (least == i)
            return;
        reader *t = heap[i];
        heap[i] = heap[least];
        heap[least] = t;
        i = least;
    }
}

/* Merges the runs (each already sorted) into out. */
static kg_status merge(kg_line_sort *ls, reader *readers, reader **heap, FILE *out,
                       const kg_store *store, kg_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < ls->n_runs; i++) {
        readers[i].f = ls->runs[i];
        if (reader_next(&readers[i]))
            heap[n++] = &readers[i];
    }
    for (size_t i = n / 2; i-- > 0;)
        sift_down(heap, n, i);
    kg_status st = KG_OK;
    uint64_t count = 0;
    while (st == KG_OK && n > 0) {
        reader *top = heap[0];
        st = put_line(out, top->text, (size_t)top->len - 1, &count, store, err);
        if (!reader_next(top))
            heap[0] = heap[--n];
        sift_down(heap, n, 0);
    }
    for (size_t i = 0; st == KG_OK && i < ls->n_runs; i++)
        if (ferror(ls->runs[i]))
            st = kg_error_set(err, KG_ERR_IO, NULL, "cannot read a temporary file sorting the "
                                                    "export");
    return st;
}

kg_status kg_line_sort_finish(kg_line_sort *ls, FILE *out, const kg_store *store, kg_error *err)
{
    if (!ls->n_runs)
        return write_chunk(ls, out, store, err);
    kg_status st = ls->lines ? spill(ls, err) : KG_OK;
    kg_buf_free(&ls->chunk); /* the merge needs no chunk: give its memory back */
    reader *readers = st == KG_OK ? calloc(ls->n_runs, sizeof *readers) : NULL;
    reader **heap = readers ? calloc(ls->n_runs, sizeof *heap) : NULL;
    if (st == KG_OK && !heap)
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory sorting the export");
    if (st == KG_OK)
        st = merge(ls, readers, heap, out, store, err);
    for (size_t i = 0; readers && i < ls->n_runs; i++)
        free(readers[i].text);
    free(readers);
    free(heap);
    return st;
}

void kg_line_sort_free(kg_line_sort *ls)
{
    if (!ls)
        return;
    for (size_t i = 0; i < ls->n_runs; i++)
        fclose(ls->runs[i]);
    free(ls->runs);
    kg_buf_free(&ls->chunk);
    free(ls);
}
