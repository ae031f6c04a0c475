/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/store_impl.h - the store's internal state, shared by the store's
 * own modules (store.c, txn.c, view.c, scan.c, manifest.c, lock.c) and by
 * nothing else. */
#ifndef KG_STORE_IMPL_H
#define KG_STORE_IMPL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "kg/store.h"
#include "store/quads.h"
#include "store/segment.h"
#include "util/buf.h"

/* A namespace prefix binding. */
typedef struct kg_prefix {
    char *name; /* without ':' ("" for the empty prefix) */
    char *iri;
} kg_prefix;

/* The prefix map, indexed by name (a file may declare tens of thousands:
 * every operation on the map is O(1), copying it O(n)). */
typedef struct kg_prefixes {
    kg_prefix *items;
    size_t n, cap;
    uint32_t *index;  /* open addressing over names: item number + 1, 0 empty */
    size_t index_cap; /* a power of two, at least twice n; 0 before the first */
} kg_prefixes;

/* The manifest format this kgsh writes (manifest.c describes it); a
 * format change bumps it, and older formats are read or refused by name.
 * A new segment format bumps it too: a kgsh that cannot read the segments
 * must refuse the store as newer, not find its segments corrupt. */
#define KG_MANIFEST_FORMAT 3

/* How long a writer waits for the lock unless told otherwise. */
#define KG_STORE_BUSY_DEFAULT_MS 5000

/* Which file a path named when it was read: a new manifest is a new file
 * (renamed over the old), and a filesystem may give it the inode number
 * the old one freed (tmpfs does), so the times and size take part. */
typedef struct kg_file_id {
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
} kg_file_id;

/* The committed state, as the manifest records it. */
typedef struct kg_manifest {
    unsigned version; /* format the file was in; 0: not read from a file */
    kg_file_id id;    /* the MANIFEST file this was read from */
    uint64_t generation;
    kg_id next_id;
    uint64_t quads;
    kg_segment **segs;
    size_t n_segs, cap_segs;
    kg_prefixes prefixes;
} kg_manifest;

/* One layer of a transaction's overlay (txn.c): operations from op_from
 * and terms from term_from on, up to the next layer's, normalised against
 * the committed segments and the layers below. */
typedef struct kg_txn_layer {
    kg_segment *seg; /* a reference of the transaction's */
    uint64_t op_from;
    uint32_t term_from;
    uint64_t weight; /* operations + terms it covers */
} kg_txn_layer;

/* An open transaction. Quads changed are kept as keys in SPOG order with
 * bit 31 of the graph component set for a removal; the last change of a
 * quad wins. New terms get ids from first_id on. */
typedef struct kg_txn {
    kg_id first_id;
    struct kg_newterms *terms; /* the new terms (newterms.h) */
    kg_key *ops;
    size_t n_ops, cap_ops;
    kg_id *created, *dropped;
    uint32_t n_created, n_dropped; /* a segment stores them as 32 bits */
    size_t cap_created, cap_dropped;
    kg_prefixes prefixes; /* when prefixes_changed: the whole map as it will
                             be after commit (copied at the first change) */
    bool prefixes_changed;
    struct kg_spill *spill; /* changes spilled to disk before ops (bulk.h);
                               NULL while they fit the load-memory budget */
    uint64_t graph_changes;   /* kg_txn_graph_record calls */
    /* the overlay (kg_txn_overlay) and what it covers */
    kg_txn_layer *layers;
    size_t n_layers, cap_layers;
    uint64_t built_ops, graphs_built;
    uint32_t built_terms;
    uint64_t work; /* operations normalised so far (counted work, for the tests) */
} kg_txn;

#define KG_OP_REMOVE_BIT ((kg_id)0x80000000u)

struct kg_view {
    kg_store *store;
    kg_segment **segs; /* committed segments, then the transaction's layers */
    size_t n_segs;
    kg_segment *pending; /* the newest layer of the open transaction, or NULL;
                            the whole transaction when it is the only one */
    uint64_t n_layers;
    uint64_t epoch; /* counts resets: a cursor of an older epoch is stale */
};

/* lock.c: the writer lock, held for one write transaction. */
typedef struct kg_lock {
    int fd;       /* -1 when not held */
    bool created; /* this acquisition created the LOCK file */
} kg_lock;
struct kg_store {
    char *dir; /* NULL for an in-memory store */
    unsigned flags;
    int dir_fd;     /* the store directory, for openat; -1 in memory */
    kg_lock lock;   /* held from kg_store_begin to commit/rollback */
    int busy_ms;    /* how long a writer waits for the lock */
    bool orphans_checked;
    kg_error error;
    volatile sig_atomic_t interrupted;
    kg_manifest m;
    kg_txn *txn;
    uint64_t blank_prefixes; /* handed out since open */
    bool view_stale;
    struct kg_view view;
    uint64_t overlay_builds; /* times the open transaction was normalised
                                into the view (counted work, for the tests) */
    bool flatten_view;       /* the commit hook wants the overlay as one layer */
    uint64_t overlay_work;   /* operations normalised into views (counted work) */
    uint64_t term_spills;    /* dictionaries of new terms spilled (counted work) */
    kg_buf term_code; /* kg_store_intern's encoding buffer, kept between calls */
    uint64_t load_memory; /* kg_store_set_load_memory */
    uint64_t *marks;      /* the transaction's kg_store_mark values: spilled runs
                             end there, so undo drops whole runs */
    size_t n_marks, cap_marks;
    /* kg_store_set_commit_hook */
    kg_commit_hook_fn hook;
    void *hook_ctx;
    kg_term *hook_graph; /* the hook's own graph; NULL: none */
};

/* Error helpers: record the failure on the store and return its status. */
kg_status kg_store_fail(kg_store *store, kg_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
kg_status kg_store_fail_errno(kg_store *store, const char *what, const char *path);
void kg_store_clear_error(kg_store *store);

/* Writes a built segment as seg-<generation>.kgs (atomically) and swaps
 * *seg for the mapped file. */
kg_status kg_store_write_segment(kg_store *store, kg_segment **seg, uint64_t generation);

/* A segment file being written: a temporary file in the store directory
 * until kg_segment_file_install gives it its name. */
typedef struct kg_segment_file {
    char name[64], path[4096], tmp[4096];
    int fd;
} kg_segment_file;
/* Checks the writer lock and opens the temporary file of generation's
 * segment. */
kg_status kg_segment_file_open(kg_store *store, uint64_t generation, kg_segment_file *f);
/* Names the written file (never over an existing segment: the name comes
 * from the generation, and only a second writer, a broken lock, could
 * have used it) and maps it, checking its checksum; the file is removed
 * again when it cannot be mapped. */
kg_status kg_segment_file_install(kg_store *store, kg_segment_file *f, const uint64_t *checksum,
                                  kg_segment **out);
/* KG_OK while the writer lock is still this handle's and the manifest
 * the one the write began from (checked before writing a segment). */
kg_status kg_store_lock_check(kg_store *store);
/* Writes next as the manifest, provided the writer lock is still this
 * handle's and the manifest is still the one the write began from. */
kg_status kg_store_install(kg_store *store, kg_manifest *next);
/* Takes the writer lock (waiting up to the busy timeout) and brings the
 * store to the latest committed state; kg_lock_release(&store->lock) ends
 * it (commit and rollback do). */
kg_status kg_store_lock_for_write(kg_store *store);
/* kg_store_compact's work, with the writer lock held. */
kg_status kg_store_compact_locked(kg_store *store);
/* Removes a segment's file (no-op in memory). */
void kg_store_unlink_segment(kg_store *store, const kg_segment *seg);

/* What a MANIFEST says, before its segments are mapped. */
typedef struct kg_manifest_ref {
    char file[64];
    uint64_t checksum;
    bool has_checksum; /* format 1 names segments without one */
} kg_manifest_ref;

typedef struct kg_manifest_text {
    unsigned version;
    uint64_t generation, quads;
    kg_id next_id;
    kg_manifest_ref *segs;
    size_t n_segs, cap_segs;
    kg_prefixes prefixes;
    bool sealed;
} kg_manifest_text;

/* manifest.c */
/* Parses a manifest's bytes (no I/O). On failure *out is empty and err
 * names path and the line. */
kg_status kg_manifest_parse(kg_manifest_text *out, const char *text, size_t len,
                            const char *path, kg_error *err);
void kg_manifest_text_clear(kg_manifest_text *t);
/* Reads dir/MANIFEST and maps (and verifies) every segment it names,
 * sharing segments of `reuse` (may be NULL) that are the same files.
 * KG_ERR_NOT_FOUND when there is no manifest. */
kg_status kg_manifest_read(const char *dir, kg_manifest *m, const kg_manifest *reuse,
                           kg_error *err);
/* True when dir/MANIFEST is no longer the file m was read from (one
 * lstat: the cheap check every read operation makes). */
bool kg_manifest_changed(const char *dir, const kg_manifest *m);
/* The identity of dir/MANIFEST now; false when it cannot be stat'd. */
bool kg_manifest_stat(const char *dir, kg_file_id *id);
void kg_file_id_from_stat(kg_file_id *id, const struct stat *st);
/* A prefix the store may keep: a valid prefix name and an absolute IRI
 * with no character IRIs forbid. */
bool kg_prefix_valid(const char *name, const char *iri);
kg_status kg_manifest_write(const char *dir, const kg_manifest *m, kg_error *err);
void kg_manifest_clear(kg_manifest *m);
bool kg_manifest_push(kg_manifest *m, kg_segment *seg);
/* Binds name to iri (NULL: removes it); false on ENOMEM. */
bool kg_prefixes_set(kg_prefixes *p, const char *name, const char *iri);
/* The IRI bound to name, or NULL. */
const char *kg_prefixes_get(const kg_prefixes *p, const char *name);
bool kg_prefixes_copy(kg_prefixes *dst, const kg_prefixes *src);
void kg_prefixes_clear(kg_prefixes *p);

/* Takes the lock of the store directory dir_fd (dir names it in
 * messages), waiting up to busy_ms while another writer holds it, or until
 * *interrupted is raised; then KG_ERR_LOCKED naming the holder. */
kg_status kg_lock_acquire(kg_lock *lock, int dir_fd, const char *dir, int busy_ms,
                          volatile sig_atomic_t *interrupted, kg_error *err);
/* True while LOCK in dir_fd is still the file fd locked. */
bool kg_lock_still_held(int dir_fd, int fd);
void kg_lock_release(kg_lock *lock);
/* Removes LOCK again when this acquisition created it (before release):
 * opening a directory that turns out not to be a store leaves nothing. */
void kg_lock_forget_created(kg_lock *lock, int dir_fd);

/* txn.c */
kg_txn *kg_txn_new(kg_id first_id);
void kg_txn_free(kg_txn *txn);
/* Looks a term encoding up among the transaction's new terms: its id or
 * KG_ID_NONE in *id (KG_ERR_IO when spilled terms cannot be read). */
kg_status kg_txn_find_term(kg_txn *txn, const uint8_t *code, size_t len, uint64_t hash, kg_id *id,
                           kg_error *err);
/* Adds a new term (the caller checked it is absent everywhere). */
kg_id kg_txn_add_term(kg_txn *txn, const uint8_t *code, size_t len, uint64_t hash);
/* How many new terms the transaction has. */
uint32_t kg_txn_terms(const kg_txn *txn);
bool kg_txn_push_op(kg_txn *txn, const kg_quad *q, bool remove);
bool kg_txn_graph_record(kg_txn *txn, kg_id g, bool create);
/* The memory a commit through the runs may use for its chunks (bulk.h):
 * the load-memory budget less the dictionary, and less the list of
 * changes when it stays (keeps_changes: a view of the open transaction). */
uint64_t kg_store_chunk_budget(const kg_store *store, bool keeps_changes);
/* Sorts ids[0..n) and drops repeats; the new count. */
uint32_t kg_ids_sort_unique(kg_id *ids, uint32_t n);
/* Normalises the transaction against the committed segments into a
 * segment (adds that are new, removals of present quads). *out is NULL when
 * nothing changes. */
kg_status kg_txn_build(kg_txn *txn, kg_segment *const *segs, size_t n_segs, kg_segment **out,
                       kg_error *err);
/* Brings txn->layers up to date with the changes made since the last call
 * (with flatten: into a single layer, as kg_txn_build would make). */
kg_status kg_txn_overlay(kg_txn *txn, kg_segment *const *segs, size_t n_segs, bool flatten,
                         kg_error *err);
/* Forgets the overlay (the operations were undone past it). */
void kg_txn_drop_overlay(kg_txn *txn);

/* view.c / scan.c */
bool kg_segments_contain(kg_segment *const *segs, size_t n_segs, const kg_quad *q);
void kg_view_reset(kg_view *view);
/* Makes store->view current (rebuilding the pending segment if stale). */
kg_status kg_view_refresh(kg_store *store);

#endif
