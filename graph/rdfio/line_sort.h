/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/line_sort.h - sorting an export's lines into byte order (as
 * LC_ALL=C sort), for a canonical N-Triples / N-Quads export: two stores
 * holding the same quads then export the same bytes, whatever order their
 * terms were numbered in.
 *
 * Lines are gathered in memory up to a budget, then each full chunk is
 * sorted and written as a run to an anonymous temporary file (tmpfile(3):
 * unlinked, gone with the process); the runs are merged at the end. Memory
 * is about the budget plus one line buffer per run. The merge is a single
 * pass with every run open at once, so an export more than about 500 times
 * the budget can run out of file descriptors: it then fails, cleanly, with
 * the reason (a multi-pass merge would lift this). */
#ifndef KG_RDFIO_LINE_SORT_H
#define KG_RDFIO_LINE_SORT_H

#include <stdint.h>
#include <stdio.h>

#include "kg/store.h"

typedef struct kg_line_sort kg_line_sort;

/* A sorter keeping at most about budget bytes of lines in memory; NULL
 * when out of memory. */
kg_line_sort *kg_line_sort_new(uint64_t budget);
/* A serd sink: appends text (whole lines, each ending in '\n', once a
 * statement is written) to the sorter. Returns len, or 0 when out of
 * memory: the sorter may then only be freed. */
size_t kg_line_sort_write(const void *buf, size_t len, void *sorter);
/* Called after each statement written whole (its line ends in '\n'):
 * spills the chunk as a sorted run when it is full. Errors go to err. */
kg_status kg_line_sort_end_statement(kg_line_sort *ls, kg_error *err);
/* Writes every line, sorted, to out; stops with KG_ERR_INTERRUPTED when
 * the store is interrupted. Errors go to err. */
kg_status kg_line_sort_finish(kg_line_sort *ls, FILE *out, const kg_store *store, kg_error *err);
/* Frees the sorter and closes its temporary files; accepts NULL. */
void kg_line_sort_free(kg_line_sort *ls);

#endif
