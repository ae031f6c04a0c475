/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/run.h - running one SPARQL statement: prepare with the session's
 * prefixes, show a syntax error with the line and a caret, execute, show
 * the results (through the pager), time it, and keep the PREFIX lines. */
#ifndef KGSH_RUN_H
#define KGSH_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

/* Where a statement came from, for error messages: a script name (NULL
 * when typed or given with -c) and the script line it started on. */
typedef struct kgsh_origin {
    const char *name;
    unsigned long line;
} kgsh_origin;

/* Runs text (len bytes, terminator already removed). Returns false when
 * it failed or was interrupted (already reported). */
bool kgsh_run_statement(kgsh_session *s, const char *text, size_t len, const kgsh_origin *origin);

#endif
