/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/progress.h - the progress line of long loads, imports and exports:
 * after the first second, "NAME: 1,234,567 statements, 410,000/s, 12 s
 * left" rewritten in place on standard error, then cleared. Only when
 * standard error is a terminal and no script is running; scripts and
 * pipes get nothing. */
#ifndef KGSH_PROGRESS_H
#define KGSH_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

typedef struct kgsh_progress {
    char what[300];   /* "loading FILE" */
    const char *unit; /* "statements", "rows" */
    double start, delay;
    bool enabled, shown;
} kgsh_progress;

/* Starts timing an operation described by fmt ("loading %s"); unit names
 * what the counts count. */
void kgsh_progress_begin(kgsh_progress *p, kgsh_session *s, const char *unit, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A kg_progress_fn: ctx is the kgsh_progress. */
void kgsh_progress_update(void *ctx, uint64_t done, uint64_t bytes, uint64_t total_bytes);

/* Clears the line if one was shown. */
void kgsh_progress_end(kgsh_progress *p);

#endif
