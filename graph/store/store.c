/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/store.c - opening and closing stores, transactions, commits and
 * compaction; the public face of the store module (kg/store.h).
 *
 * A commit writes the transaction as a new immutable segment file (temp
 * name, fsync, rename) and then replaces the manifest atomically. A crash
 * before the manifest rename leaves an orphan segment that the next writer
 * removes; after it, the commit is complete. Nothing is ever modified in
 * place, which is what makes SIGKILL and a full disk harmless. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "store/bulk.h"
#include "store/newterms.h"
#include "store/store_impl.h"
#include "store/termcode.h"
#include "util/fs.h"
#include "kg/grow.h"
#include "util/iri.h"
#include "util/utf8.h"

/* Merge everything into one segment when commits pile up beyond this. */
enum { COMPACT_AFTER_SEGMENTS = 8 };

kg_status kg_store_fail(kg_store *store, kg_status status, const char *fmt, ...)
{
    memset(&store->error, 0, sizeof store->error);
    store->error.status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(store->error.message, sizeof store->error.message, fmt, ap);
    va_end(ap);
    return status;
}

kg_status kg_store_fail_errno(kg_store *store, const char *what, const char *path)
{
    int saved = errno;
    kg_status st = saved == ENOMEM ? KG_ERR_NOMEM : KG_ERR_IO;
    return kg_error_set(&store->error, st, path, "%s: %s", what, strerror(saved));
}

void kg_store_clear_error(kg_store *store)
{
    memset(&store->error, 0, sizeof store->error);
}

const kg_error *kg_store_error(const kg_store *store)
{
    return &store->error;
}

kg_error *kg_store_error_mut(kg_store *store)
{
    return &store->error;
}

const char *kg_store_dir(const kg_store *store)
{
    return store->dir;
}

void kg_store_interrupt(kg_store *store)
{
    if (store)
        store->interrupted = 1;
}

bool kg_store_interrupted(const kg_store *store)
{
    return store->interrupted != 0;
}

void kg_store_clear_interrupt(kg_store *store)
{
    store->interrupted = 0;
}

static bool is_segment_name(const char *name)
{
    size_t len = strlen(name);
    return strncmp(name, "seg-", 4) == 0 && len > 8 && strcmp(name + len - 4, ".kgs") == 0;
}

/* Removes segment files no manifest names and temp files of dead
 * writers; only called while holding the write lock, when no other
 * writer can be between writing a segment and naming it. Readers may
 * still have a removed segment mapped: a mapping outlives the name. */
static void remove_orphans(kg_store *store)
{
    int fd = openat(store->dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        bool orphan = strstr(e->d_name, ".tmp.") != NULL;
        if (!orphan && is_segment_name(e->d_name)) {
            orphan = true;
            for (size_t i = 0; i < store->m.n_segs; i++)
                if (strcmp(store->m.segs[i]->file, e->d_name) == 0)
                    orphan = false;
        }
        if (orphan)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
    store->orphans_checked = true;
}

static bool dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strcmp(e->d_name, "LOCK") != 0)
            empty = false;
    closedir(d);
    return empty;
}

/* The segments must hold contiguous id ranges ending at next_id. */
static bool ids_consistent(const kg_manifest *m)
{
    kg_id expect = 1;
    for (size_t i = 0; i < m->n_segs; i++) {
        if (m->segs[i]->first_id != expect)
            return false;
        expect += m->segs[i]->n_terms;
    }
    return m->next_id == expect;
}

/* A reader takes no lock, so a writer may replace the manifest and remove
 * segments it named (a compaction) while the reader is mapping them. A
 * failure is the store's only if the manifest stayed the same file
 * meanwhile; otherwise the read is tried again on the new manifest. */
static kg_status read_manifest(const char *dir, kg_manifest *m, const kg_manifest *reuse,
                               kg_error *err)
{
    for (int attempt = 0;; attempt++) {
        kg_file_id before, after;
        bool had = kg_manifest_stat(dir, &before);
        kg_status s = kg_manifest_read(dir, m, reuse, err);
        if (s == KG_OK && !ids_consistent(m)) {
            kg_manifest_clear(m);
            s = kg_error_set(err, KG_ERR_CORRUPT, dir,
                             "the manifest's segments do not hold contiguous term ids");
        }
        if (s == KG_OK || attempt == 100 || !had || !kg_manifest_stat(dir, &after) ||
            memcmp(&before, &after, sizeof before) == 0)
            return s;
    }
}

kg_status kg_store_refresh(kg_store *store)
{
    if (!store->dir || store->txn || !kg_manifest_changed(store->dir, &store->m))
        return KG_OK;
    kg_manifest next;
    kg_status st = read_manifest(store->dir, &next, &store->m, &store->error);
    if (st != KG_OK)
        return st;
    kg_manifest_clear(&store->m);
    store->m = next;
    store->view_stale = true; /* views handed out keep their own segments */
    return KG_OK;
}

/* Creates the store in an empty directory, under the lock so that two
 * processes creating it at once make one store. */
static kg_status create_store(kg_store *store, const char *dir, kg_error *err)
{
    kg_status s = kg_lock_acquire(&store->lock, store->dir_fd, dir, store->busy_ms,
                                  &store->interrupted, err);
    if (s != KG_OK)
        return s;
    s = read_manifest(dir, &store->m, NULL, err);
    if (s == KG_ERR_NOT_FOUND && !dir_is_empty(dir)) {
        s = kg_error_set(err, KG_ERR_INVALID, dir,
                         "the directory is not empty and holds no kgsh store; refusing to "
                         "create a store in it");
    } else if (s == KG_ERR_NOT_FOUND) {
        store->m.next_id = 1;
        s = kg_manifest_write(dir, &store->m, err);
        kg_manifest_clear(&store->m);
        if (s == KG_OK)
            s = read_manifest(dir, &store->m, NULL, err);
        store->lock.created = false; /* the LOCK now belongs to a store */
    }
    kg_lock_forget_created(&store->lock, store->dir_fd);
    kg_lock_release(&store->lock);
    return s;
}

static kg_status open_dir(kg_store *store, const char *dir, unsigned flags, kg_error *err)
{
    bool readonly = flags & KG_STORE_READONLY;
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT || !(flags & KG_STORE_CREATE) || readonly) {
            kg_status s = errno == ENOENT ? KG_ERR_NOT_FOUND : KG_ERR_IO;
            return kg_error_set(err, s, dir, "no store here: %s", strerror(errno));
        }
        if (kg_fs_mkdirs(dir, 0700) != 0) {
            kg_status s = kg_store_fail_errno(store, "cannot create the store directory", dir);
            *err = store->error;
            return s;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        return kg_error_set(err, KG_ERR_INVALID, dir, "not a directory");
    }
    store->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (store->dir_fd < 0)
        return kg_error_set(err, KG_ERR_IO, dir, "cannot open the store directory: %s",
                            strerror(errno));
    kg_status s = read_manifest(dir, &store->m, NULL, err);
    if (s == KG_ERR_NOT_FOUND && (flags & KG_STORE_CREATE) && !readonly)
        s = create_store(store, dir, err);
    else if (s == KG_ERR_NOT_FOUND)
        kg_error_set(err, s, dir, "no kgsh store in this directory");
    return s;
}

kg_status kg_store_open(kg_store **out, const char *dir, unsigned flags, kg_error *err)
{
    kg_error local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    *out = NULL;
    kg_store *store = calloc(1, sizeof *store);
    if (!store) {
        err->status = KG_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return KG_ERR_NOMEM;
    }
    store->flags = flags;
    store->dir_fd = -1;
    store->lock.fd = -1;
    store->busy_ms = KG_STORE_BUSY_DEFAULT_MS;
    store->load_memory = KG_STORE_LOAD_MEMORY_DEFAULT;
    store->view_stale = true;
    kg_status st = KG_OK;
    if (flags & KG_STORE_MEMORY) {
        store->m.next_id = 1;
    } else if (!dir || !*dir) {
        st = KG_ERR_INVALID;
        err->status = st;
        snprintf(err->message, sizeof err->message, "no store directory given");
    } else if (!(store->dir = strdup(dir))) {
        st = KG_ERR_NOMEM;
    } else {
        st = open_dir(store, dir, flags, err);
    }
    if (st != KG_OK) {
        err->status = st;
        kg_store_close(store);
        return st;
    }
    *out = store;
    return KG_OK;
}

void kg_store_close(kg_store *store)
{
    if (!store)
        return;
    kg_store_rollback(store);
    kg_view_reset(&store->view);
    kg_manifest_clear(&store->m);
    kg_lock_release(&store->lock);
    if (store->dir_fd >= 0)
        close(store->dir_fd);
    kg_term_free(store->hook_graph);
    kg_buf_free(&store->term_code);
    free(store->marks);
    free(store->dir);
    free(store);
}

void kg_store_set_busy_timeout(kg_store *store, int ms)
{
    store->busy_ms = ms > 0 ? ms : 0;
}

void kg_store_set_load_memory(kg_store *store, uint64_t bytes)
{
    store->load_memory = bytes ? bytes : KG_STORE_LOAD_MEMORY_DEFAULT;
}

uint64_t kg_store_load_memory(const kg_store *store)
{
    return store->load_memory;
}

bool kg_store_readonly(const kg_store *store)
{
    return (store->flags & KG_STORE_READONLY) != 0;
}

uint64_t kg_store_size(kg_store *store)
{
    if (!store->txn)
        return store->m.quads;
    if (kg_view_refresh(store) != KG_OK)
        return store->m.quads;
    /* each layer adds what is absent below it and removes what is present */
    uint64_t quads = store->m.quads;
    for (size_t i = store->view.n_segs - store->view.n_layers; i < store->view.n_segs; i++)
        quads += store->view.segs[i]->n_add - store->view.segs[i]->n_del;
    return quads;
}

/* ---- transactions ---- */

bool kg_store_in_transaction(const kg_store *store)
{
    return store->txn != NULL;
}

/* Takes the writer lock and brings the store to the latest committed
 * state, which the transaction then builds on. */
kg_status kg_store_lock_for_write(kg_store *store)
{
    if (!store->dir)
        return KG_OK;
    kg_status st = kg_lock_acquire(&store->lock, store->dir_fd, store->dir, store->busy_ms,
                                   &store->interrupted, &store->error);
    if (st == KG_OK)
        st = kg_store_refresh(store);
    if (st != KG_OK) {
        kg_error saved = store->error;
        kg_lock_release(&store->lock);
        store->error = saved;
        return st;
    }
    if (!store->orphans_checked)
        remove_orphans(store);
    return KG_OK;
}

kg_status kg_store_begin(kg_store *store)
{
    kg_store_clear_error(store);
    if (store->flags & KG_STORE_READONLY)
        return kg_store_fail(store, KG_ERR_READONLY, "the store is open read-only");
    if (store->txn)
        return kg_store_fail(store, KG_ERR_INVALID, "a transaction is already open");
    kg_status st = kg_store_lock_for_write(store);
    if (st != KG_OK)
        return st;
    store->txn = kg_txn_new(store->m.next_id);
    store->n_marks = 0;
    if (!store->txn) {
        kg_lock_release(&store->lock);
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    }
    store->view_stale = true;
    return KG_OK;
}

void kg_store_rollback(kg_store *store)
{
    if (!store || !store->txn)
        return;
    kg_txn_free(store->txn);
    store->txn = NULL;
    store->view_stale = true;
    kg_view_reset(&store->view);
    kg_lock_release(&store->lock);
}

/* The lock must still be LOCK, and the manifest the one this write began
 * from: otherwise another writer got in (LOCK was deleted or replaced),
 * and going on would lose its commit or ours. */
kg_status kg_store_lock_check(kg_store *store)
{
    if (kg_lock_still_held(store->dir_fd, store->lock.fd) &&
        !kg_manifest_changed(store->dir, &store->m))
        return KG_OK;
    return kg_store_fail(store, KG_ERR_LOCKED,
                         "the store's LOCK file was removed or replaced during this write, so "
                         "another writer may have written meanwhile; nothing was committed");
}

kg_status kg_segment_file_open(kg_store *store, uint64_t generation, kg_segment_file *f)
{
    kg_status held = kg_store_lock_check(store);
    if (held != KG_OK)
        return held;
    snprintf(f->name, sizeof f->name, "seg-%06llu.kgs", (unsigned long long)generation);
    snprintf(f->path, sizeof f->path, "%s/%s", store->dir, f->name);
    /* A writer killed after naming its segment and before installing the
     * manifest leaves this name behind. The lock is ours and the manifest
     * the one this write began from, which names no segment of this new
     * generation: the file is that leftover, and would make the install
     * below fail with EEXIST. */
    if (unlink(f->path) != 0 && errno != ENOENT)
        return kg_store_fail_errno(store, "cannot remove a leftover store segment", f->path);
    f->fd = kg_fs_open_temp(f->path, 0600, f->tmp, sizeof f->tmp);
    if (f->fd < 0)
        return kg_store_fail_errno(store, "cannot write a store segment", f->path);
    return KG_OK;
}

kg_status kg_segment_file_install(kg_store *store, kg_segment_file *f, const uint64_t *checksum,
                                  kg_segment **out)
{
    if (kg_fs_commit_temp_new(f->fd, f->tmp, f->path) != 0)
        return kg_store_fail_errno(store, "cannot write a store segment", f->path);
    kg_status st = kg_segment_map(store->dir, f->name, checksum, out, &store->error);
    if (st != KG_OK)
        unlink(f->path);
    return st;
}

kg_status kg_store_write_segment(kg_store *store, kg_segment **seg_io, uint64_t generation)
{
    kg_segment *seg = *seg_io, *mapped;
    kg_segment_file f;
    kg_status st = kg_segment_file_open(store, generation, &f);
    if (st != KG_OK)
        return st;
    uint64_t checksum;
    if ((st = kg_segment_write(seg, f.fd, &checksum, &store->error)) != KG_OK) {
        kg_error_set_file(&store->error, f.path);
        kg_fs_abort_temp(f.fd, f.tmp);
        return st;
    }
    if ((st = kg_segment_file_install(store, &f, &checksum, &mapped)) != KG_OK)
        return st;
    kg_segment_free(seg);
    *seg_io = mapped;
    return KG_OK;
}

void kg_store_unlink_segment(kg_store *store, const kg_segment *seg)
{
    if (!store->dir || !seg->mapped)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", store->dir, seg->file);
    unlink(path);
}

/* The id of an encoded term among the transaction's new terms and the
 * committed segments, or KG_ID_NONE when the store has never seen it, in
 * *id (KG_ERR_IO when the transaction's spilled terms cannot be read). */
static kg_status find_code(kg_store *store, const kg_buf *code, uint64_t hash, kg_id *id)
{
    kg_status st = kg_txn_find_term(store->txn, (const uint8_t *)code->data, code->len, hash, id,
                                    &store->error);
    for (size_t i = store->m.n_segs; st == KG_OK && *id == KG_ID_NONE && i-- > 0;)
        *id = kg_segment_find_term(store->m.segs[i], (const uint8_t *)code->data, code->len, hash);
    return st;
}

/* The term's id, also under the language tag case of older stores
 * (termcode.h), so that interning never makes a second term for it. */
static kg_status find_term(kg_store *store, const kg_term *term, const kg_buf *code,
                           uint64_t hash, kg_id *id)
{
    kg_status st = find_code(store, code, hash, id);
    kg_buf legacy = KG_BUF_INIT;
    if (st == KG_OK && *id == KG_ID_NONE && kg_termcode_append_legacy(&legacy, term))
        st = find_code(store, &legacy,
                       kg_termcode_hash((const uint8_t *)legacy.data, legacy.len), id);
    kg_buf_free(&legacy);
    return st;
}

kg_status kg_store_set_commit_hook(kg_store *store, kg_commit_hook_fn fn, void *ctx,
                                   const kg_term *own_graph)
{
    kg_term *copy = NULL;
    if (fn && own_graph && kg_term_copy(&copy, own_graph) != KG_OK)
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    kg_term_free(store->hook_graph);
    store->hook = fn;
    store->hook_ctx = fn ? ctx : NULL;
    store->hook_graph = copy;
    return KG_OK;
}

/* What the open transaction's dictionary takes in memory: it counts
 * against the load-memory budget first, up to its share (it spills past
 * that: spill_terms). */
static uint64_t dictionary_bytes(const kg_txn *txn)
{
    return kg_newterms_memory(txn->terms);
}

/* What of the load-memory budget the counted parts of a load may take:
 * an eighth is left for what is not counted (the parser's buffers, the
 * merge's buffer per run, the allocator's slack), so that the peak
 * stays under the budget itself. */
static uint64_t usable_memory(const kg_store *store)
{
    return store->load_memory - store->load_memory / 8;
}

/* The dictionary's share: half, so that the changes keep the other half
 * for runs of a useful length. */
static uint64_t dictionary_share(const kg_store *store)
{
    return usable_memory(store) / 2;
}

/* Changes are never spilled in runs smaller than this (1 MB of keys):
 * a dictionary over the budget must not turn a load into tiny runs. */
enum { MIN_SPILL_KEYS = 1 << 16 };

/* What a bounded commit may use for its chunks: the budget less the
 * dictionary (and the list of changes when it is kept: a view's), and at
 * least the smallest run. */
uint64_t kg_store_chunk_budget(const kg_store *store, bool keeps_changes)
{
    uint64_t held = dictionary_bytes(store->txn);
    if (keeps_changes)
        held += store->txn->cap_ops * sizeof(kg_key);
    uint64_t floor = 3 * (uint64_t)MIN_SPILL_KEYS * sizeof(kg_key);
    return usable_memory(store) > held + floor ? usable_memory(store) - held : floor;
}

/* Moves the transaction's changes in memory to a run on disk. */
static kg_status spill_changes(kg_store *store)
{
    kg_txn *txn = store->txn;
    kg_status st = kg_spill_add(&txn->spill, store->dir_fd, txn->ops, txn->n_ops, store->marks,
                                store->n_marks, &store->error);
    if (st == KG_OK) {
        txn->n_ops = 0;
        kg_txn_drop_overlay(txn); /* the view is read from the runs now */
    }
    return st;
}

/* Moves the dictionary of new terms to scratch files, its changes first:
 * a transaction whose changes are spilled reads itself from a segment
 * written from the runs and the dictionary together (scan.c), never from
 * the in-memory overlay, which needs the terms in memory. */
static kg_status spill_terms(kg_store *store)
{
    kg_txn *txn = store->txn;
    kg_status st = txn->spill ? KG_OK : spill_changes(store);
    if (st == KG_OK)
        st = kg_newterms_spill(txn->terms, store->dir_fd, &store->error);
    if (st == KG_OK)
        store->term_spills++;
    return st;
}

/* What committing the transaction in memory takes at its peak: the
 * change list, its sorted copy, scratch and net changes (kg_txn_build),
 * then the segment image (six orders of the additions, the dictionary
 * again and its table) with a sort scratch. Past the budget the commit
 * goes through the runs on disk instead. */
static uint64_t commit_bytes(const kg_txn *txn)
{
    return 11 * txn->n_ops * sizeof(kg_key) + 2 * dictionary_bytes(txn);
}

/* Calls the commit hook when the transaction changed a quad outside the
 * hook's own graph. */
static kg_status run_commit_hook(kg_store *store)
{
    kg_txn *txn = store->txn;
    if (!store->hook || (!txn->n_ops && !txn->spill))
        return KG_OK;
    kg_id own = KG_ID_NONE;
    if (store->hook_graph) {
        kg_buf code = KG_BUF_INIT;
        kg_status st = KG_OK;
        if (kg_termcode_append(&code, store->hook_graph))
            st = find_code(store, &code, kg_termcode_hash((const uint8_t *)code.data, code.len),
                           &own);
        kg_buf_free(&code);
        if (st != KG_OK)
            return st;
    }
    bool outside = txn->spill && kg_spill_outside(txn->spill, own);
    for (uint64_t i = 0; i < txn->n_ops && !outside; i++)
        outside = own == KG_ID_NONE || (txn->ops[i].k[3] & ~KG_OP_REMOVE_BIT) != own;
    if (!outside)
        return KG_OK;
    /* The hook reads the transaction's changes as one list
     * (kg_view_changes): its views have the overlay as one layer. */
    store->flatten_view = true;
    store->view_stale = true;
    kg_status st = store->hook(store->hook_ctx, store);
    store->flatten_view = false;
    store->view_stale = true;
    if (st != KG_OK && store->error.status == KG_OK)
        kg_store_fail(store, st, "the commit hook failed: %s", kg_strerror(st));
    return st;
}

kg_status kg_store_commit(kg_store *store)
{
    if (!store->txn)
        return kg_store_fail(store, KG_ERR_INVALID, "no transaction is open");
    kg_store_clear_error(store);
    kg_txn *txn = store->txn;
    kg_segment *seg = NULL;
    kg_status st = run_commit_hook(store);
    uint64_t generation = store->m.generation + 1;
    if (st == KG_OK && !txn->spill && store->dir && commit_bytes(txn) > usable_memory(store))
        st = spill_changes(store);
    bool bulk = st == KG_OK && txn->spill; /* written as it is built */
    if (bulk && kg_newterms_spills(txn->terms)) {
        /* A dictionary already on disk goes there whole: the commit reads
         * it in order, and its memory is the commit's to use. */
        st = kg_newterms_spill(txn->terms, store->dir_fd, &store->error);
        if (st == KG_OK)
            kg_newterms_release(txn->terms); /* if not, the chunks are smaller */
    }
    if (bulk && st == KG_OK)
        st = kg_bulk_commit(store, generation, kg_store_chunk_budget(store, false), &seg);
    else if (st == KG_OK)
        st = kg_txn_build(txn, store->m.segs, store->m.n_segs, &seg, &store->error);
    if (st == KG_OK && !seg && !txn->prefixes_changed) {
        kg_store_rollback(store); /* nothing to write */
        return KG_OK;
    }
    if (st == KG_OK && seg && store->dir && !bulk)
        st = kg_store_write_segment(store, &seg, generation);
    kg_manifest next = store->m; /* shallow: shares segments and prefixes */
    kg_segment **segs = NULL;
    if (st == KG_OK) {
        segs = malloc((store->m.n_segs + 1) * sizeof *segs);
        if (!segs)
            st = kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    }
    if (st == KG_OK) {
        if (store->m.n_segs)
            memcpy(segs, store->m.segs, store->m.n_segs * sizeof *segs);
        next.segs = segs;
        next.cap_segs = next.n_segs = store->m.n_segs;
        if (seg) {
            segs[next.n_segs++] = seg;
            next.cap_segs = next.n_segs;
            next.next_id = txn->first_id + kg_txn_terms(txn);
            next.quads = store->m.quads + seg->n_add - seg->n_del;
        }
        next.generation = generation;
        if (txn->prefixes_changed)
            next.prefixes = txn->prefixes;
        if (store->dir)
            st = kg_store_install(store, &next);
    }
    if (st != KG_OK) {
        free(segs);
        if (seg)
            kg_store_unlink_segment(store, seg);
        kg_segment_free(seg);
        kg_error saved = store->error;
        kg_store_rollback(store);
        store->error = saved;
        return st;
    }
    /* Durable: adopt the new state. */
    free(store->m.segs);
    if (txn->prefixes_changed) {
        kg_prefixes_clear(&store->m.prefixes);
        memset(&txn->prefixes, 0, sizeof txn->prefixes); /* moved into m */
    }
    store->m = next;
    kg_txn_free(txn);
    store->txn = NULL;
    store->view_stale = true;
    kg_view_reset(&store->view);
    if (store->m.n_segs > COMPACT_AFTER_SEGMENTS) {
        /* The commit is already durable; a failed compaction only leaves
         * more segments than usual, so its error is not the commit's. */
        if (kg_store_compact_locked(store) != KG_OK)
            kg_store_clear_error(store);
    }
    kg_lock_release(&store->lock);
    return KG_OK;
}

kg_status kg_store_install(kg_store *store, kg_manifest *next)
{
    kg_status held = kg_store_lock_check(store);
    if (held != KG_OK)
        return held;
    kg_status st = kg_manifest_write(store->dir, next, &store->error);
    /* Durable now; an unknown identity only makes the next refresh read
     * the manifest again. */
    if (st == KG_OK && !kg_manifest_stat(store->dir, &next->id))
        memset(&next->id, 0, sizeof next->id);
    next->version = KG_MANIFEST_FORMAT;
    return st;
}

/* Runs fn inside the open transaction or, when none is open, inside one of
 * its own that is committed on success and rolled back on failure. */
static kg_status in_txn(kg_store *store, bool own, kg_status st)
{
    if (!own)
        return st;
    if (st == KG_OK)
        return kg_store_commit(store);
    kg_error saved = store->error;
    kg_store_rollback(store);
    store->error = saved;
    return st;
}

static kg_status begin_if_needed(kg_store *store, bool *own)
{
    *own = store->txn == NULL;
    return *own ? kg_store_begin(store) : KG_OK;
}

/* The checks every term passes on its way into the dictionary. */
static kg_status check_term_size(kg_store *store, const kg_term *term)
{
    if (term->value && term->value_len > KG_TERM_MAX_BYTES)
        return kg_store_fail(store, KG_ERR_LIMIT, "a term of %zu bytes exceeds the limit of %zu bytes",
                             term->value_len, KG_TERM_MAX_BYTES);
    return KG_OK;
}

static kg_status check_term_utf8(kg_store *store, const kg_term *term)
{
    const char *parts[3] = {term->value, term->datatype, term->lang};
    size_t lens[3] = {term->value_len, term->datatype ? strlen(term->datatype) : 0,
                      term->lang ? strlen(term->lang) : 0};
    for (int i = 0; i < 3; i++) {
        size_t bad;
        if (parts[i] && !kg_utf8_check(parts[i], lens[i], &bad))
            return kg_store_fail(store, KG_ERR_INVALID,
                                 "a term is not valid UTF-8 (bad byte 0x%02x at offset %zu)",
                                 (unsigned char)parts[i][bad], bad);
    }
    return KG_OK;
}

/* Every IRI the store keeps must be absolute and writable between angle
 * brackets: N-Triples, N-Quads and every SPARQL client refuse anything
 * else, and a store that takes what no export can write back loses data
 * on its first round trip. */
static kg_status check_term_iris(kg_store *store, const kg_term *term)
{
    const char *iri = term->kind == KG_TERM_IRI ? term->value : term->datatype;
    if (!iri)
        return KG_OK;
    size_t len = term->kind == KG_TERM_IRI ? term->value_len : strlen(iri);
    int shown = len > 200 ? 200 : (int)len;
    size_t bad;
    if (!kg_iri_chars_valid(iri, len, &bad))
        return kg_store_fail(store, KG_ERR_INVALID,
                             "IRI <%.*s> holds a character not allowed in IRIs (byte %zu)", shown,
                             iri, bad);
    if (kg_iri_scheme_len(iri, len) == 0)
        return kg_store_fail(store, KG_ERR_INVALID,
                             "IRI <%.*s> is relative; the store keeps absolute IRIs only "
                             "(give a BASE or write the IRI in full)",
                             shown, iri);
    return KG_OK;
}

kg_id kg_store_intern(kg_store *store, const kg_term *term)
{
    if (!store->txn) {
        kg_store_fail(store, KG_ERR_INVALID, "no transaction is open");
        return KG_ID_NONE;
    }
    if (check_term_size(store, term) != KG_OK)
        return KG_ID_NONE;
    /* One buffer for every call: interning is the loader's inner loop. */
    kg_buf *code = &store->term_code;
    if (code->cap > ((size_t)1 << 20))
        kg_buf_free(code); /* do not keep a huge literal's buffer for good */
    kg_buf_clear(code);
    if (!kg_termcode_append(code, term)) {
        kg_store_fail(store, KG_ERR_INVALID, "invalid RDF term");
        return KG_ID_NONE;
    }
    uint64_t hash = kg_termcode_hash((const uint8_t *)code->data, code->len);
    kg_id id;
    if (find_term(store, term, code, hash, &id) != KG_OK)
        return KG_ID_NONE;
    if (id != KG_ID_NONE)
        return id; /* the same bytes as a stored term, so valid UTF-8 */
    if (check_term_utf8(store, term) != KG_OK || check_term_iris(store, term) != KG_OK)
        return KG_ID_NONE;
    if (store->dir && kg_newterms_full(store->txn->terms, code->len, dictionary_share(store)) &&
        spill_terms(store) != KG_OK)
        return KG_ID_NONE;
    id = kg_txn_add_term(store->txn, (const uint8_t *)code->data, code->len, hash);
    if (id == KG_ID_NONE)
        kg_store_fail(store, KG_ERR_LIMIT, "out of memory or term ids in the dictionary");
    else
        store->view_stale = true;
    return id;
}

uint64_t kg_store_mark(kg_store *store)
{
    if (!store->txn)
        return 0;
    uint64_t mark = kg_spill_count(store->txn->spill) + store->txn->n_ops;
    /* A spill starts a run here, so that undoing to it drops whole runs. */
    if (store->dir && (!store->n_marks || store->marks[store->n_marks - 1] != mark) &&
        kg_grow(&store->marks, &store->cap_marks, store->n_marks + 1, sizeof *store->marks, 8))
        store->marks[store->n_marks++] = mark;
    return mark;
}

void kg_store_undo_to(kg_store *store, uint64_t mark)
{
    kg_txn *txn = store->txn;
    if (!txn)
        return;
    uint64_t spilled = kg_spill_count(txn->spill);
    if (mark < spilled) {
        kg_spill_undo_to(txn->spill, mark);
        txn->n_ops = 0;
    } else if (mark - spilled <= txn->n_ops) {
        txn->n_ops = mark - spilled;
    } else {
        return;
    }
    if (txn->n_ops < txn->built_ops)
        kg_txn_drop_overlay(txn); /* it covers changes now undone */
    store->view_stale = true;
}

void kg_store_blank_prefix(kg_store *store, char *buf, size_t size)
{
    /* The next commit's generation is new to this store; the counter makes
     * prefixes within one transaction distinct. */
    snprintf(buf, size, "b%llux%llu_", (unsigned long long)store->m.generation + 1,
             (unsigned long long)++store->blank_prefixes);
}

/* Before a change is added to a full buffer: grow it while the buffer
 * doubled, the scratch of its sort and the dictionary stay within the
 * budget, else spill it to disk (persistent stores only). */
static kg_status make_room(kg_store *store)
{
    kg_txn *txn = store->txn;
    if (!store->dir || txn->n_ops < txn->cap_ops || txn->cap_ops < MIN_SPILL_KEYS ||
        4 * txn->cap_ops * sizeof(kg_key) + dictionary_bytes(txn) <= usable_memory(store))
        return KG_OK;
    return spill_changes(store);
}

static kg_status push_change(kg_store *store, const kg_quad *quad, bool remove)
{
    kg_status st = make_room(store);
    if (st != KG_OK)
        return st;
    if (!kg_txn_push_op(store->txn, quad, remove))
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    store->view_stale = true;
    return KG_OK;
}

kg_status kg_store_add_ids(kg_store *store, const kg_quad *quad)
{
    return push_change(store, quad, false);
}

kg_status kg_store_remove_ids(kg_store *store, const kg_quad *quad)
{
    return push_change(store, quad, true);
}

kg_status kg_store_drop_graph_id(kg_store *store, kg_id g)
{
    if (!kg_txn_graph_record(store->txn, g, false))
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    store->view_stale = true;
    return KG_OK;
}

static kg_status change(kg_store *store, const kg_term *s, const kg_term *p, const kg_term *o,
                        const kg_term *graph, bool remove)
{
    bool own;
    kg_status st = begin_if_needed(store, &own);
    if (st != KG_OK)
        return st;
    kg_quad q = {0, 0, 0, KG_GRAPH_DEFAULT};
    if (!(q.s = kg_store_intern(store, s)) || !(q.p = kg_store_intern(store, p)) ||
        !(q.o = kg_store_intern(store, o)) || (graph && !(q.g = kg_store_intern(store, graph))))
        st = store->error.status ? store->error.status : KG_ERR_INVALID;
    else if (s->kind == KG_TERM_LITERAL || p->kind != KG_TERM_IRI ||
             (graph && graph->kind == KG_TERM_LITERAL))
        st = kg_store_fail(store, KG_ERR_INVALID,
                           "not an RDF statement (literal subject or graph, or non-IRI predicate)");
    else
        st = remove ? kg_store_remove_ids(store, &q) : kg_store_add_ids(store, &q);
    return in_txn(store, own, st);
}

kg_status kg_store_add(kg_store *store, const kg_term *s, const kg_term *p, const kg_term *o,
                       const kg_term *graph)
{
    return change(store, s, p, o, graph, false);
}

kg_status kg_store_remove(kg_store *store, const kg_term *s, const kg_term *p, const kg_term *o,
                          const kg_term *graph)
{
    return change(store, s, p, o, graph, true);
}

kg_status kg_store_create_graph(kg_store *store, const kg_term *graph)
{
    bool own;
    kg_status st = begin_if_needed(store, &own);
    if (st != KG_OK)
        return st;
    kg_id g = kg_store_intern(store, graph);
    if (!g)
        st = store->error.status;
    else if (!kg_txn_graph_record(store->txn, g, true))
        st = kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    store->view_stale = true;
    return in_txn(store, own, st);
}

kg_status kg_store_drop_graph(kg_store *store, const kg_term *graph)
{
    bool own;
    kg_status st = begin_if_needed(store, &own);
    if (st != KG_OK)
        return st;
    kg_id g = kg_store_intern(store, graph);
    kg_view *view = g ? kg_store_view(store) : NULL;
    if (!view) {
        st = store->error.status ? store->error.status : KG_ERR_NOMEM;
        return in_txn(store, own, st);
    }
    /* Collect first: removing while scanning would change the view. */
    kg_quad *quads = NULL;
    size_t n = 0, cap = 0;
    kg_scan *scan = kg_scan_open(view, 0, 0, 0, KG_GRAPHS_ONE, g);
    kg_quad q;
    while (st == KG_OK && scan && kg_scan_next(scan, &q)) {
        if (!kg_grow(&quads, &cap, n, sizeof *quads, 256)) {
            st = kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
            break;
        }
        quads[n++] = q;
    }
    if (!scan)
        st = kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    kg_scan_close(scan);
    for (size_t i = 0; st == KG_OK && i < n; i++)
        st = kg_store_remove_ids(store, &quads[i]);
    free(quads);
    if (st == KG_OK && !kg_txn_graph_record(store->txn, g, false))
        st = kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    store->view_stale = true;
    return in_txn(store, own, st);
}

typedef struct graph_walk {
    kg_view *view;
    kg_graph_fn fn;
    void *ctx;
} graph_walk;

static int visit_graph(void *ctx, kg_id g)
{
    graph_walk *w = ctx;
    kg_term term;
    if (!kg_view_term(w->view, g, &term))
        return 0;
    uint64_t count = 0;
    kg_scan *scan = kg_scan_open(w->view, 0, 0, 0, KG_GRAPHS_ONE, g);
    kg_quad q;
    while (scan && kg_scan_next(scan, &q))
        count++;
    kg_scan_close(scan);
    return w->fn(w->ctx, &term, count);
}

kg_status kg_store_graphs(kg_store *store, kg_graph_fn fn, void *ctx)
{
    kg_store_clear_error(store);
    kg_view *view = kg_store_view(store);
    if (!view)
        return store->error.status;
    graph_walk w = {view, fn, ctx};
    kg_view_graphs(view, visit_graph, &w);
    return KG_OK;
}

kg_status kg_store_set_prefix(kg_store *store, const char *prefix, const char *iri)
{
    kg_store_clear_error(store);
    /* The message does not echo the input: it may hold control bytes. */
    if (iri && !kg_prefix_valid(prefix, iri))
        return kg_store_fail(store, KG_ERR_INVALID,
                             "not a prefix binding the store can keep (a %zu-byte name, an "
                             "IRI of %zu bytes): a prefix needs a name of letters, digits, "
                             "'_', '-' and '.', and an absolute IRI without spaces, control "
                             "characters or any of <>\"{}|^`\\",
                             strlen(prefix), strlen(iri));
    bool own;
    kg_status st = begin_if_needed(store, &own);
    if (st != KG_OK)
        return st;
    kg_txn *txn = store->txn;
    /* the transaction's own copy of the map, made at its first change */
    bool copied = txn->prefixes_changed || kg_prefixes_copy(&txn->prefixes, &store->m.prefixes);
    txn->prefixes_changed = copied;
    if (!copied || !kg_prefixes_set(&txn->prefixes, prefix, iri))
        st = kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    return in_txn(store, own, st);
}

static const kg_prefixes *current_prefixes(const kg_store *store)
{
    return store->txn && store->txn->prefixes_changed ? &store->txn->prefixes
                                                      : &store->m.prefixes;
}

const char *kg_store_prefix(kg_store *store, const char *name)
{
    return kg_prefixes_get(current_prefixes(store), name);
}

kg_status kg_store_prefixes(kg_store *store, kg_prefix_fn fn, void *ctx)
{
    const kg_prefixes *p = current_prefixes(store);
    for (size_t i = 0; i < p->n; i++)
        if (fn(ctx, p->items[i].name, p->items[i].iri))
            break;
    return KG_OK;
}

kg_status kg_store_check(kg_store *store)
{
    kg_store_clear_error(store);
    for (size_t i = 0; i < store->m.n_segs; i++) {
        kg_status st = kg_segment_verify(store->m.segs[i], &store->error);
        if (st != KG_OK)
            return st;
    }
    if (!ids_consistent(&store->m))
        return kg_store_fail(store, KG_ERR_CORRUPT, "segments do not hold contiguous term ids");
    /* Every id an index names must be in the dictionary, and the counts in
     * the manifest must match the segments. */
    uint64_t quads = 0;
    for (size_t i = 0; i < store->m.n_segs; i++) {
        const kg_segment *seg = store->m.segs[i];
        quads += seg->n_add;
        quads -= seg->n_del;
        kg_index_cursor c;
        kg_index_cursor_at(&c, &seg->add[KG_ORDER_SPOG], 0, seg->n_add);
        for (kg_key key; kg_index_cursor_next(&c, &key);)
            for (int k = 0; k < 4; k++) {
                kg_id id = key.k[k];
                if ((id != 0 || k != 3) && (id == 0 || id >= store->m.next_id))
                    return kg_store_fail(store, KG_ERR_CORRUPT,
                                         "segment %s names term id %u that does not exist",
                                         seg->file, id);
            }
    }
    if (quads != store->m.quads)
        return kg_store_fail(store, KG_ERR_CORRUPT,
                             "the manifest counts %llu quads but the segments hold %llu",
                             (unsigned long long)store->m.quads, (unsigned long long)quads);
    return KG_OK;
}
