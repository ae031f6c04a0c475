/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/newterms.h - the dictionary of an open transaction's new terms.
 *
 * A term the store has never seen gets the next id here, and every term a
 * transaction interns is looked up here first. The terms stay in memory
 * until they would pass the memory the store allows them; then, in a
 * persistent store, they are spilled as one chunk to scratch files in the
 * store directory (issue 22's bounded load: 100M triples bring about 39M
 * new terms, 3.3 GB in memory):
 *   - their bytes and offsets are appended to two files, so that the
 *     spilled terms lie in id order at the offsets a segment gives them;
 *   - their hash table is written as it was (linear probing, a lookup
 *     reads a few slots with one pread);
 *   - a Bloom filter of them stays in memory (about 10 bits a term), so a
 *     term the chunk lacks, as most new terms are, seldom reads it.
 * A spilled term found again costs three preads; terms that recur often
 * (predicates, classes) stay in a small cache of found terms. The segment
 * file of the commit reads the whole dictionary through a kg_term_reader.
 * The scratch files are unlinked when made: a crash leaves nothing. */
#ifndef KG_STORE_NEWTERMS_H
#define KG_STORE_NEWTERMS_H

#include <stdbool.h>
#include <stdint.h>

#include "kg/status.h"
#include "store/segment.h"

typedef struct kg_newterms kg_newterms;

/* No term: what kg_newterms_find gives for a term it does not hold. */
#define KG_NEWTERM_NONE UINT32_MAX

kg_newterms *kg_newterms_new(void);
/* Closes its scratch files; accepts NULL. */
void kg_newterms_free(kg_newterms *nt);

/* How many terms it holds (the index the next one gets). */
uint32_t kg_newterms_count(const kg_newterms *nt);
/* Their encodings' total length in bytes. */
uint64_t kg_newterms_bytes(const kg_newterms *nt);
/* The memory it takes: the terms in memory, their table, the filters of
 * the spilled chunks. */
uint64_t kg_newterms_memory(const kg_newterms *nt);
/* True when adding a term of len bytes would grow its memory past limit
 * (a growing table counted twice: old and new are both held a moment). */
bool kg_newterms_full(const kg_newterms *nt, size_t len, uint64_t limit);
/* How many times its terms were spilled (counted work, for the tests). */
uint64_t kg_newterms_spills(const kg_newterms *nt);

/* The index of the term with this encoding and hash (kg_termcode_hash),
 * or KG_NEWTERM_NONE, in *index; KG_ERR_IO (err says why) when a spilled
 * chunk cannot be read. */
kg_status kg_newterms_find(kg_newterms *nt, const uint8_t *code, size_t len, uint64_t hash,
                           uint32_t *index, kg_error *err);
/* Adds a term the caller found absent; its index, or KG_NEWTERM_NONE out
 * of memory. */
uint32_t kg_newterms_add(kg_newterms *nt, const uint8_t *code, size_t len, uint64_t hash);
/* Moves the terms in memory to scratch files in the store directory
 * dir_fd (made at the first spill). */
kg_status kg_newterms_spill(kg_newterms *nt, int dir_fd, kg_error *err);

/* Gives back the memory of the terms in memory once all are spilled
 * (a commit reads them from disk and wants the memory for itself); false
 * when some are not, or out of memory (nothing changes then). */
bool kg_newterms_release(kg_newterms *nt);
/* The terms from index `from` on, while nothing was spilled (the overlay
 * of a transaction never spilled reads them): *offsets the n + 1 offsets
 * of their bytes (n = count - from) in *blob; false after a spill. */
bool kg_newterms_in_memory(const kg_newterms *nt, uint32_t from, const uint8_t **blob,
                           const uint64_t **offsets);
/* Reading every term in index order, for a segment file (segment.h); one
 * reader at a time, valid until the next change. */
const kg_term_reader *kg_newterms_reader(kg_newterms *nt);

#endif
