/* store/store_impl.h - the store's internal state, shared by the store's
 * own modules (store.c, txn.c, view.c, scan.c, manifest.c, lock.c) and by
 * nothing else. */
#ifndef KG_STORE_IMPL_H
#define KG_STORE_IMPL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "kg/store.h"
#include "store/quads.h"
#include "store/segment.h"
#include "util/buf.h"

/* A namespace prefix binding. */
typedef struct kg_prefix {
    char *name; /* without ':' ("" for the empty prefix) */
    char *iri;
} kg_prefix;

typedef struct kg_prefixes {
    kg_prefix *items;
    size_t n, cap;
} kg_prefixes;

/* The committed state, as the manifest records it. */
typedef struct kg_manifest {
    uint64_t generation;
    kg_id next_id;
    uint64_t quads;
    kg_segment **segs;
    size_t n_segs, cap_segs;
    kg_prefixes prefixes;
} kg_manifest;

/* An open transaction. Quads changed are kept as keys in SPOG order with
 * bit 31 of the graph component set for a removal; the last change of a
 * quad wins. New terms get ids from first_id on. */
typedef struct kg_txn {
    kg_id first_id;
    kg_buf term_blob;
    uint64_t *term_offsets; /* n_terms + 1 */
    uint32_t n_terms, cap_terms;
    uint64_t *term_table; /* (fingerprint << 32) | (index + 1) */
    uint64_t table_cap;
    kg_key *ops;
    uint64_t n_ops, cap_ops;
    kg_id *created, *dropped;
    uint32_t n_created, n_dropped, cap_created, cap_dropped;
    kg_prefixes prefixes; /* the whole map as it will be after commit */
    bool prefixes_changed;
} kg_txn;

#define KG_OP_REMOVE_BIT ((kg_id)0x80000000u)

struct kg_view {
    kg_store *store;
    kg_segment **segs; /* committed segments, then the pending one */
    size_t n_segs;
    kg_segment *pending; /* normalized open transaction, or NULL */
    uint64_t pending_quads_delta_add, pending_quads_delta_del;
    uint64_t epoch; /* counts resets: a cursor of an older epoch is stale */
};

struct kg_store {
    char *dir; /* NULL for an in-memory store */
    unsigned flags;
    int lock_fd;
    kg_error error;
    volatile sig_atomic_t interrupted;
    kg_manifest m;
    kg_txn *txn;
    uint64_t blank_prefixes; /* handed out since open */
    bool view_stale;
    struct kg_view view;
    kg_buf term_code; /* kg_store_intern's encoding buffer, kept between calls */
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
/* Removes a segment's file (no-op in memory). */
void kg_store_unlink_segment(kg_store *store, const kg_segment *seg);

/* manifest.c */
kg_status kg_manifest_read(const char *dir, kg_manifest *m, kg_error *err);
kg_status kg_manifest_write(const char *dir, const kg_manifest *m, kg_error *err);
void kg_manifest_clear(kg_manifest *m);
bool kg_manifest_push(kg_manifest *m, kg_segment *seg);
bool kg_prefixes_set(kg_prefixes *p, const char *name, const char *iri);
bool kg_prefixes_copy(kg_prefixes *dst, const kg_prefixes *src);
void kg_prefixes_clear(kg_prefixes *p);

/* lock.c */
kg_status kg_lock_acquire(const char *dir, int *fd_out, kg_error *err);
void kg_lock_release(int fd);

/* txn.c */
kg_txn *kg_txn_new(kg_id first_id, const kg_prefixes *prefixes);
void kg_txn_free(kg_txn *txn);
/* Looks a term encoding up among the transaction's new terms. */
kg_id kg_txn_find_term(const kg_txn *txn, const uint8_t *code, size_t len, uint64_t hash);
/* Adds a new term (the caller checked it is absent everywhere). */
kg_id kg_txn_add_term(kg_txn *txn, const uint8_t *code, size_t len, uint64_t hash);
const uint8_t *kg_txn_term_code(const kg_txn *txn, kg_id id, size_t *len);
bool kg_txn_push_op(kg_txn *txn, const kg_quad *q, bool remove);
bool kg_txn_graph_record(kg_txn *txn, kg_id g, bool create);
/* Normalises the transaction against the committed segments into a
 * segment (adds that are new, removals of present quads). *out is NULL when
 * nothing changes. */
kg_status kg_txn_build(kg_txn *txn, kg_segment *const *segs, size_t n_segs, kg_segment **out,
                       kg_error *err);

/* view.c / scan.c */
bool kg_segments_contain(kg_segment *const *segs, size_t n_segs, const kg_quad *q);
void kg_view_reset(kg_view *view);
/* Makes store->view current (rebuilding the pending segment if stale). */
kg_status kg_view_refresh(kg_store *store);

#endif
