/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/bulk.h - transactions bigger than memory (issue 22's bounded load).
 *
 * When an open transaction's list of changes would pass the store's
 * load-memory budget, store.c spills it: the changes are sorted and
 * written as a run to a scratch file in the store directory (created
 * O_EXCL and unlinked at once, so no crash leaves it behind; the
 * "*.tmp.PID" name covers the moment between). The commit then merges
 * the runs (an external sort) and writes the segment file section by
 * section through kg_segment_file, in chunks that fit the budget, instead
 * of building its image in memory. Only the persistent store spills. */
#ifndef KG_STORE_BULK_H
#define KG_STORE_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "store/segment.h"

typedef struct kg_spill kg_spill;

/* A scratch file in the store directory dir_fd, unlinked at once: it
 * vanishes with its descriptor (-1 and errno on failure). */
int kg_scratch_open(int dir_fd);
struct kg_store;

/* Sorts the changes ops[0..n) (keys in SPOG order with KG_OP_REMOVE_BIT
 * on removals; the last change of a quad wins) in place and appends them
 * to *spill (made on first use, with a scratch file in the directory
 * dir_fd) as runs, starting a new run at each mark in marks[0..n_marks)
 * so that kg_spill_undo_to can drop exactly what followed a mark. The
 * changes are numbered on from kg_spill_count. */
kg_status kg_spill_add(kg_spill **spill, int dir_fd, kg_key *ops, uint64_t n,
                       const uint64_t *marks, size_t n_marks, kg_error *err);
/* How many changes were spilled (the number the next change gets). */
uint64_t kg_spill_count(const kg_spill *spill);
/* Drops the changes numbered from mark on; mark is one that was passed to
 * kg_spill_add (or its count then). */
void kg_spill_undo_to(kg_spill *spill, uint64_t mark);
/* False when every spilled change is in graph g (the commit hook need not
 * run for changes to its own graph alone). */
bool kg_spill_outside(const kg_spill *spill, kg_id g);
/* Closes the scratch file; accepts NULL. */
void kg_spill_free(kg_spill *spill);

/* Commits the store's open transaction, whose changes were spilled, as
 * segment file seg-<generation>.kgs written in chunks of at most
 * chunk_bytes of memory; *out is the mapped segment, or NULL when the
 * transaction changes nothing. The transaction's in-memory changes are
 * spilled first (and their memory freed). With generation 0, builds the
 * same segment for the store's view of the open transaction instead, in
 * a scratch file mapped and unlinked at once (a query or the commit hook
 * reading a transaction bigger than memory), and the transaction goes
 * on. Errors go to the store's. */
kg_status kg_bulk_commit(struct kg_store *store, uint64_t generation, uint64_t chunk_bytes,
                         kg_segment **out);

#endif
