/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/pool.h - the store handles `kgsh serve` answers from, and the one
 * place that decides which request may use which handle when: many
 * readers side by side, one writer at a time, and a time budget on every
 * use.
 *
 * Each reader has a read-only handle of its own, refreshed to the latest
 * commit (kg_store_refresh) when a request takes it: every request reads
 * the latest committed state, whoever committed it (this server, a shell or
 * a script beside it), a client's answers never go back in time, and a
 * reader never waits for a writer.
 *
 * A watchdog thread calls kg_store_interrupt on a handle whose request has
 * used up its budget, so the request ends with KG_ERR_INTERRUPTED and the
 * handle is free for the next one. */
#ifndef KGSH_POOL_H
#define KGSH_POOL_H

#include <stdbool.h>

#include <kg/kg.h>

typedef struct kgsh_pool kgsh_pool;

/* Opens the store in dir: `readers` read-only handles (at least 1) and,
 * unless read_only, first a writable one (the store is created when
 * missing) with inference attached, as the shell opens it. On failure err
 * has the store's message. The caller closes *out with kgsh_pool_close. */
kg_status kgsh_pool_open(kgsh_pool **out, const char *dir, bool read_only, unsigned readers,
                         kg_error *err);

/* Waits for every handle to be released, stops the watchdog and closes the
 * handles (an open transaction is rolled back). Accepts NULL. */
void kgsh_pool_close(kgsh_pool *p);

/* A handle for one request, the writer's or a reader's, waiting while all
 * of that kind are in use (each holder for at most its own budget, so the
 * wait is bounded too). NULL when the pool is closing or cannot write, or
 * (with err set) when a read handle could not be refreshed. The request
 * owns the handle until kgsh_pool_release; the watchdog interrupts it once
 * it has held the handle for budget seconds. */
kg_store *kgsh_pool_acquire(kgsh_pool *p, bool write, double budget, kg_error *err);
void kgsh_pool_release(kgsh_pool *p, kg_store *store);

/* A handle to read the store's prefixes at start-up; borrowed, not to be
 * used while requests run. */
kg_store *kgsh_pool_first(kgsh_pool *p);

#endif
