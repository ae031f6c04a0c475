/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/bulk.c - spilled transactions and their bounded-memory commit
 * (bulk.h says why).
 *
 * A commit of spilled changes runs in two passes over scratch files:
 *   1. the sorted runs are merged (a heap over one small buffer per run);
 *      of the changes to one quad the last wins, and the result is checked
 *      against the committed segments as kg_txn_build does, giving the
 *      sorted added and removed keys (two scratch files);
 *   2. each of those is written to the segment in the six index orders:
 *      SPOG is copied, every other order is made chunk by chunk
 *      (kg_keys_derive) into sorted runs and merged into its section.
 * Memory: three chunk buffers and a buffer per run, whatever the size. */
#define _GNU_SOURCE
#include "store/bulk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "store/newterms.h"
#include "store/store_impl.h"
#include "util/fs.h"
#include "kg/grow.h"

/* Keys each run reader or writer buffers: 64 KB. */
enum { IO_KEYS = 4096 };

typedef struct run {
    uint64_t off, n;  /* where in the scratch file, how many keys */
    uint64_t first_op; /* the number of its first change */
} run;

struct kg_spill {
    int fd; /* the scratch file (already unlinked) */
    uint64_t len;
    run *runs;
    size_t n_runs, cap_runs;
    uint64_t ops;
    kg_id graph; /* the graph of every spilled change, unless many_graphs */
    bool many_graphs;
};

/* A new file "<kind>-N.tmp.PID" in the store directory (O_EXCL, not
 * through a link; the name into name, 64 bytes): the ".tmp." of a dead
 * process is removed by the next writer (store.c remove_orphans). */
static int create_temp(int dir_fd, const char *kind, char *name)
{
    for (unsigned i = 0; i < 1000; i++) {
        snprintf(name, 64, "%s-%u.tmp.%ld", kind, i, (long)getpid());
        int fd = openat(dir_fd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int kg_scratch_open(int dir_fd)
{
    char name[64];
    int fd = create_temp(dir_fd, "load", name);
    if (fd >= 0)
        unlinkat(dir_fd, name, 0);
    return fd;
}

static kg_status io_error(kg_error *err, const char *what)
{
    kg_status st = errno == ENOMEM ? KG_ERR_NOMEM : KG_ERR_IO;
    return kg_error_set(err, st, NULL, "%s: %s", what, strerror(errno));
}

static kg_id max_id_of(const kg_key *keys, uint64_t n)
{
    kg_id m = 0;
    for (uint64_t i = 0; i < n; i++)
        for (int j = 0; j < 4; j++)
            if ((keys[i].k[j] & KG_ID_STORE_MAX) > m)
                m = keys[i].k[j] & KG_ID_STORE_MAX;
    return m;
}

static void note_graphs(kg_spill *sp, const kg_key *keys, uint64_t n)
{
    for (uint64_t i = 0; i < n && !sp->many_graphs; i++) {
        kg_id g = keys[i].k[3] & ~KG_OP_REMOVE_BIT;
        if (sp->ops == 0 && sp->n_runs == 0 && i == 0)
            sp->graph = g;
        else if (g != sp->graph)
            sp->many_graphs = true;
    }
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

kg_status kg_spill_add(kg_spill **spill, int dir_fd, kg_key *ops, uint64_t n,
                       const uint64_t *marks, size_t n_marks, kg_error *err)
{
    kg_spill *sp = *spill;
    if (!sp) {
        sp = calloc(1, sizeof *sp);
        if (!sp)
            return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
        sp->fd = kg_scratch_open(dir_fd);
        if (sp->fd < 0) {
            kg_status st = io_error(err, "cannot create a scratch file in the store directory");
            free(sp);
            return st;
        }
        *spill = sp;
    }
    /* Run boundaries: 0, the marks inside this batch, n. */
    uint64_t *cuts = malloc((n_marks + 2) * sizeof *cuts);
    kg_key *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!cuts || !scratch) {
        free(cuts);
        free(scratch);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    size_t n_cuts = 0;
    cuts[n_cuts++] = 0;
    for (size_t i = 0; i < n_marks; i++)
        if (marks[i] > sp->ops && marks[i] - sp->ops < n)
            cuts[n_cuts++] = marks[i] - sp->ops;
    cuts[n_cuts++] = n;
    qsort(cuts, n_cuts, sizeof *cuts, u64_cmp);
    note_graphs(sp, ops, n);
    kg_status st = KG_OK;
    for (size_t c = 0; c + 1 < n_cuts && st == KG_OK; c++) {
        uint64_t a = cuts[c], b = cuts[c + 1];
        if (a == b)
            continue;
        /* Sorted, repeats kept: the runs hold exactly the changes
         * numbered first_op.., so that the marks stay valid when
         * kg_spill_read_all brings them back. */
        kg_keys_sort(ops + a, scratch, b - a, max_id_of(ops + a, b - a));
        uint64_t kept = b - a;
        if (!kg_grow(&sp->runs, &sp->cap_runs, sp->n_runs + 1, sizeof *sp->runs, 16))
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
        else if (kg_fs_pwrite_all(sp->fd, ops + a, kept * sizeof *ops, sp->len))
            st = io_error(err, "cannot write to a scratch file in the store directory");
        else {
            sp->runs[sp->n_runs++] = (run){sp->len, kept, sp->ops + a};
            sp->len += kept * sizeof *ops;
        }
    }
    if (st == KG_OK)
        sp->ops += n;
    free(cuts);
    free(scratch);
    return st;
}

uint64_t kg_spill_count(const kg_spill *spill)
{
    return spill ? spill->ops : 0;
}

void kg_spill_undo_to(kg_spill *spill, uint64_t mark)
{
    while (spill->n_runs && spill->runs[spill->n_runs - 1].first_op >= mark) {
        spill->n_runs--;
        spill->len = spill->runs[spill->n_runs].off;
    }
    spill->ops = mark;
}

bool kg_spill_outside(const kg_spill *spill, kg_id g)
{
    return spill->n_runs && (spill->many_graphs || spill->graph != g);
}

void kg_spill_free(kg_spill *spill)
{
    if (!spill)
        return;
    close(spill->fd);
    free(spill->runs);
    free(spill);
}

/* ---- merging sorted runs ---- */

typedef struct reader {
    int fd;
    uint64_t off, left; /* the rest of the run in the file */
    kg_key *buf;
    uint32_t i, n;
} reader;

typedef struct merger {
    reader *r;
    size_t n_r;
    size_t *heap; /* reader numbers; the reader with the smallest key first */
    size_t n_heap;
    kg_key *bufs;
    bool io_failed;
} merger;

/* Ties go to the earlier run, so that of equal keys the latest run's
 * comes out last. */
static bool before(const merger *m, size_t a, size_t b)
{
    const reader *x = &m->r[a], *y = &m->r[b];
    int c = kg_key_cmp_ids(&x->buf[x->i], &y->buf[y->i]);
    return c < 0 || (c == 0 && a < b);
}

static void sift_down(merger *m, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, best = i;
        if (l < m->n_heap && before(m, m->heap[l], m->heap[best]))
            best = l;
        if (r < m->n_heap && before(m, m->heap[r], m->heap[best]))
            best = r;
        if (best == i)
            return;
        size_t t = m->heap[i];
        m->heap[i] = m->heap[best];
        m->heap[best] = t;
        i = best;
    }
}

/* Refills a reader's buffer; false at the end of its run or on an error. */
static bool reader_fill(merger *m, reader *r)
{
    if (!r->left)
        return false;
    uint64_t take = r->left < IO_KEYS ? r->left : IO_KEYS;
    if (kg_fs_pread_all(r->fd, r->buf, take * sizeof(kg_key), r->off)) {
        m->io_failed = true;
        return false;
    }
    r->off += take * sizeof(kg_key);
    r->left -= take;
    r->i = 0;
    r->n = (uint32_t)take;
    return true;
}

/* A merger over runs[0..n) of file fd. */
static kg_status merger_open(merger *m, int fd, const run *runs, size_t n, kg_error *err)
{
    memset(m, 0, sizeof *m);
    m->r = calloc(n ? n : 1, sizeof *m->r);
    m->heap = calloc(n ? n : 1, sizeof *m->heap);
    m->bufs = malloc((n ? n : 1) * IO_KEYS * sizeof *m->bufs);
    if (!m->r || !m->heap || !m->bufs)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    m->n_r = n;
    for (size_t i = 0; i < n; i++) {
        reader *r = &m->r[i];
        *r = (reader){fd, runs[i].off, runs[i].n, m->bufs + i * IO_KEYS, 0, 0};
        if (reader_fill(m, r))
            m->heap[m->n_heap++] = i;
    }
    if (m->io_failed)
        return io_error(err, "cannot read a scratch file in the store directory");
    for (size_t i = m->n_heap / 2; i-- > 0;)
        sift_down(m, i);
    return KG_OK;
}

/* The next key of the merge (false at the end or on an error: see
 * io_failed); *src is the number of the run it came from. */
static bool merger_next(merger *m, kg_key *key, size_t *src)
{
    if (!m->n_heap)
        return false;
    size_t top = m->heap[0];
    reader *r = &m->r[top];
    *key = r->buf[r->i++];
    *src = top;
    if (r->i == r->n && !reader_fill(m, r))
        m->heap[0] = m->heap[--m->n_heap];
    sift_down(m, 0);
    return !m->io_failed;
}

static void merger_close(merger *m)
{
    free(m->r);
    free(m->heap);
    free(m->bufs);
}

/* ---- buffered writing of keys to a scratch file ---- */

typedef struct key_out {
    int fd;
    uint64_t n; /* keys written */
    kg_key buf[IO_KEYS];
    uint32_t used;
} key_out;

static bool key_out_flush(key_out *w)
{
    if (kg_fs_pwrite_all(w->fd, w->buf, w->used * sizeof(kg_key), (w->n - w->used) * sizeof(kg_key)))
        return false;
    w->used = 0;
    return true;
}

static bool key_out_put(key_out *w, const kg_key *key)
{
    w->buf[w->used++] = *key;
    w->n++;
    return w->used < IO_KEYS || key_out_flush(w);
}

/* ---- the commit ---- */

typedef struct bulk {
    kg_store *store;
    kg_error *err;
    uint64_t chunk; /* keys per chunk buffer */
    kg_key *spog, *out, *scratch;
    int runs_fd; /* the sorted runs of one order */
    kg_segment_file *file;
} bulk;

/* Pass 1: merges the spilled runs into the sorted net additions and
 * removals (the last change of a quad wins; see kg_txn_build). */
static kg_status normalize(bulk *b, const kg_spill *sp, key_out *adds, key_out *dels,
                           kg_id *max_id)
{
    merger m;
    kg_status st = merger_open(&m, sp->fd, sp->runs, sp->n_runs, b->err);
    kg_key key, next;
    size_t src;
    bool have = st == KG_OK && merger_next(&m, &key, &src);
    while (st == KG_OK && have) {
        bool more;
        while ((more = merger_next(&m, &next, &src)) && kg_key_cmp_ids(&next, &key) == 0)
            key = next; /* a later run: a later change */
        bool remove = (key.k[3] & KG_OP_REMOVE_BIT) != 0;
        key.k[3] &= ~KG_OP_REMOVE_BIT;
        kg_quad q = kg_quad_from_key(&key, KG_ORDER_SPOG);
        bool present = kg_segments_contain(b->store->m.segs, b->store->m.n_segs, &q);
        key_out *w = remove && present ? dels : !remove && !present ? adds : NULL;
        if (w) {
            kg_id m_id = max_id_of(&key, 1);
            if (m_id > *max_id)
                *max_id = m_id;
            if (!key_out_put(w, &key))
                st = io_error(b->err, "cannot write to a scratch file in the store directory");
        }
        key = next;
        have = more;
    }
    if (st == KG_OK && m.io_failed)
        st = io_error(b->err, "cannot read a scratch file in the store directory");
    if (st == KG_OK && (!key_out_flush(adds) || !key_out_flush(dels)))
        st = io_error(b->err, "cannot write to a scratch file in the store directory");
    merger_close(&m);
    return st;
}

/* Pass 2 for one order: the n sorted SPOG keys of fd in the given order
 * into the segment. */
static kg_status write_order(bulk *b, int fd, uint64_t n, int order, kg_id max_id)
{
    uint64_t n_chunks = (n + b->chunk - 1) / b->chunk;
    for (uint64_t c = 0; c < n_chunks; c++) {
        uint64_t first = c * b->chunk, len = n - first < b->chunk ? n - first : b->chunk;
        if (kg_fs_pread_all(fd, b->spog, len * sizeof(kg_key), first * sizeof(kg_key)))
            return io_error(b->err, "cannot read a scratch file in the store directory");
        if (order == KG_ORDER_SPOG) { /* already in order */
            if (kg_segment_file_keys(b->file, b->spog, len) != KG_OK)
                return KG_ERR_IO;
            continue;
        }
        kg_keys_derive(b->out, b->spog, len, order, b->scratch, max_id);
        if (n_chunks == 1)
            return kg_segment_file_keys(b->file, b->out, len);
        if (kg_fs_pwrite_all(b->runs_fd, b->out, len * sizeof(kg_key), first * sizeof(kg_key)))
            return io_error(b->err, "cannot write to a scratch file in the store directory");
    }
    if (order == KG_ORDER_SPOG || n_chunks <= 1)
        return KG_OK;
    run *runs = malloc(n_chunks * sizeof *runs);
    if (!runs)
        return kg_error_set(b->err, KG_ERR_NOMEM, NULL, "out of memory");
    for (uint64_t c = 0; c < n_chunks; c++) {
        uint64_t first = c * b->chunk;
        runs[c] = (run){first * sizeof(kg_key), n - first < b->chunk ? n - first : b->chunk, 0};
    }
    merger m;
    kg_status st = merger_open(&m, b->runs_fd, runs, n_chunks, b->err);
    uint64_t used = 0;
    kg_key key;
    size_t src;
    while (st == KG_OK && merger_next(&m, &key, &src)) {
        b->out[used++] = key;
        if (used == b->chunk) {
            st = kg_segment_file_keys(b->file, b->out, used);
            used = 0;
        }
    }
    if (st == KG_OK && m.io_failed)
        st = io_error(b->err, "cannot read a scratch file in the store directory");
    if (st == KG_OK && used)
        st = kg_segment_file_keys(b->file, b->out, used);
    merger_close(&m);
    free(runs);
    return st;
}

static kg_status write_orders(bulk *b, int fd, uint64_t n, kg_id max_id)
{
    kg_status st = KG_OK;
    for (int o = 0; o < KG_ORDERS && st == KG_OK; o++)
        st = write_order(b, fd, n, o, max_id);
    return st;
}

/* The transaction's new graphs, sorted and without repeats (*out
 * malloc'd). */
static kg_status graph_ids(bulk *b, const kg_id *ids, uint32_t n, kg_id **out, uint32_t *n_out)
{
    *out = malloc(((size_t)n + 1) * sizeof **out);
    if (!*out)
        return kg_error_set(b->err, KG_ERR_NOMEM, NULL, "out of memory");
    if (n)
        memcpy(*out, ids, (size_t)n * sizeof **out);
    *n_out = kg_ids_sort_unique(*out, n);
    return KG_OK;
}

/* Writes the segment file from the normalized keys; *checksum its
 * checksum. */
static kg_status write_file(bulk *b, int fd, kg_segment_parts *parts, int add_fd, int del_fd,
                            kg_id max_id, uint64_t *checksum)
{
    /* the term table first, in windows of what the chunks will take */
    kg_status st =
        kg_segment_file_begin(&b->file, fd, parts, 3 * b->chunk * sizeof(kg_key), b->err);
    if (st == KG_OK) {
        b->spog = malloc(b->chunk * sizeof(kg_key));
        b->out = malloc(b->chunk * sizeof(kg_key));
        b->scratch = malloc(b->chunk * sizeof(kg_key));
        if (!b->spog || !b->out || !b->scratch)
            st = kg_error_set(b->err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    if (st == KG_OK)
        st = write_orders(b, add_fd, parts->n_add, max_id);
    if (st == KG_OK)
        st = write_orders(b, del_fd, parts->n_del, max_id);
    if (st == KG_OK) {
        st = kg_segment_file_finish(b->file, parts, checksum);
        b->file = NULL;
    }
    if (b->file)
        kg_segment_file_abort(b->file);
    b->file = NULL;
    return st;
}

/* The segment file of a commit: written under a temporary name, then
 * renamed to seg-<generation>.kgs (never over another) and mapped. */
static kg_status write_segment(bulk *b, uint64_t generation, kg_segment_parts *parts,
                               int add_fd, int del_fd, kg_id max_id, kg_segment **out)
{
    kg_segment_file f;
    kg_status st = kg_segment_file_open(b->store, generation, &f);
    if (st != KG_OK)
        return st;
    uint64_t checksum = 0;
    st = write_file(b, f.fd, parts, add_fd, del_fd, max_id, &checksum);
    if (st != KG_OK) {
        kg_error_set_file(b->err, f.path);
        kg_fs_abort_temp(f.fd, f.tmp);
        return st;
    }
    return kg_segment_file_install(b->store, &f, &checksum, out);
}

/* The view's segment of an open transaction: a scratch file, mapped and
 * unlinked at once (the mapping keeps it until the view drops it). */
static kg_status write_view_segment(bulk *b, kg_segment_parts *parts, int add_fd, int del_fd,
                                    kg_id max_id, kg_segment **out)
{
    kg_store *store = b->store;
    char name[64];
    int fd = create_temp(store->dir_fd, "view", name);
    if (fd < 0)
        return io_error(b->err, "cannot create a scratch file in the store directory");
    uint64_t checksum = 0;
    kg_status st = write_file(b, fd, parts, add_fd, del_fd, max_id, &checksum);
    close(fd);
    if (st == KG_OK)
        st = kg_segment_map(store->dir, name, &checksum, out, b->err);
    unlinkat(store->dir_fd, name, 0);
    return st;
}

kg_status kg_bulk_commit(kg_store *store, uint64_t generation, uint64_t chunk_bytes,
                         kg_segment **out)
{
    *out = NULL;
    kg_txn *txn = store->txn;
    bulk b = {store, &store->error, chunk_bytes / (3 * sizeof(kg_key)), NULL, NULL, NULL, -1,
              NULL};
    if (b.chunk < IO_KEYS)
        b.chunk = IO_KEYS;
    /* The last changes join the runs; a commit frees their memory, a view
     * keeps the list for the changes to come (and runs end at the marks). */
    bool view = generation == 0;
    kg_status st = kg_spill_add(&txn->spill, store->dir_fd, txn->ops, txn->n_ops,
                                view ? store->marks : NULL, view ? store->n_marks : 0, b.err);
    if (st != KG_OK)
        return st;
    txn->n_ops = 0;
    kg_txn_drop_overlay(txn); /* the runs hold every change now */
    if (!view) {
        free(txn->ops);
        txn->ops = NULL;
        txn->cap_ops = 0;
    }

    key_out *adds = calloc(1, sizeof *adds), *dels = calloc(1, sizeof *dels);
    if (adds)
        adds->fd = -1;
    if (dels)
        dels->fd = -1;
    kg_segment_parts parts = {.first_id = txn->first_id,
                              .n_terms = kg_newterms_count(txn->terms),
                              .blob_len = kg_newterms_bytes(txn->terms),
                              .terms = kg_newterms_reader(txn->terms)};
    kg_id *created = NULL, *dropped = NULL;
    if (!adds || !dels || !parts.terms) {
        st = kg_error_set(b.err, KG_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    adds->fd = kg_scratch_open(store->dir_fd);
    dels->fd = kg_scratch_open(store->dir_fd);
    b.runs_fd = kg_scratch_open(store->dir_fd);
    if (adds->fd < 0 || dels->fd < 0 || b.runs_fd < 0) {
        st = io_error(b.err, "cannot create a scratch file in the store directory");
        goto done;
    }
    kg_id max_id = 0;
    st = normalize(&b, txn->spill, adds, dels, &max_id);
    if (st == KG_OK)
        st = graph_ids(&b, txn->created, txn->n_created, &created, &parts.n_created);
    if (st == KG_OK)
        st = graph_ids(&b, txn->dropped, txn->n_dropped, &dropped, &parts.n_dropped);
    if (st != KG_OK)
        goto done;
    parts.created = created;
    parts.dropped = dropped;
    parts.n_add = adds->n;
    parts.n_del = dels->n;
    if (!parts.n_add && !parts.n_del && !parts.n_terms && !parts.n_created && !parts.n_dropped)
        goto done; /* nothing changes */
    st = view ? write_view_segment(&b, &parts, adds->fd, dels->fd, max_id, out)
              : write_segment(&b, generation, &parts, adds->fd, dels->fd, max_id, out);
done:
    if (adds && adds->fd >= 0)
        close(adds->fd);
    if (dels && dels->fd >= 0)
        close(dels->fd);
    if (b.runs_fd >= 0)
        close(b.runs_fd);
    free(adds);
    free(dels);
    free(created);
    free(dropped);
    free(b.spog);
    free(b.out);
    free(b.scratch);
    return st;
}
