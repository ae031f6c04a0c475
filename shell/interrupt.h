/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/interrupt.h - Ctrl-C (SIGINT) for the shell.
 *
 * The handler only sets a flag and asks the store to stop its current
 * operation (kg_store_interrupt is async-signal-safe), so a long query, load
 * or export ends with KG_ERR_INTERRUPTED and the store unchanged. The
 * handler is installed without SA_RESTART, so a blocking read (readline's
 * select, a script's getline) returns with EINTR and the loop sees the flag.
 * Nothing here prints. */
#ifndef KGSH_INTERRUPT_H
#define KGSH_INTERRUPT_H

#include <stdbool.h>

#include <kg/kg.h>

/* Installs the handler. With sticky (scripts, where Ctrl-C ends kgsh with
 * status 130), kgsh_interrupt_clear does nothing: a Ctrl-C that comes
 * before the store is open or between statements still stops the run. */
void kgsh_interrupt_install(bool sticky);
void kgsh_interrupt_set_store(kg_store *store);
/* The endpoint whose request Ctrl-C cancels (NULL: none). */
void kgsh_interrupt_set_endpoint(kg_endpoint *ep);

/* True when Ctrl-C was pressed since the last kgsh_interrupt_clear, or
 * after a hang-up. */
bool kgsh_interrupted(void);
/* True after SIGHUP (the terminal closed) or SIGTERM: the session ends as
 * at end of input. */
bool kgsh_hung_up(void);
void kgsh_interrupt_clear(void);

#endif
