/* server/pool.h - the store handles `kgsh serve` answers from, and the one
 * place that decides which request may use which handle when: many
 * readers, one writer at a time, and a deadline on every use.
 *
 * A store open for writing cannot show its commits to other handles yet
 * (read-only handles see the state of when they were opened), so a
 * writable server has one handle and every request, read or write, takes
 * its turn on it. A read-only server opens one read-only handle per
 * concurrent request and its readers run side by side. When stores give
 * every statement of a read handle the latest commit (issue 17, point 2),
 * a writable server can open read handles beside its writer: only
 * kgsh_pool_open changes.
 *
 * A watchdog thread calls kg_store_interrupt on a handle whose request has
 * run past its deadline, so the request ends with KG_ERR_INTERRUPTED and
 * the handle is free for the next one. */
#ifndef KGSH_POOL_H
#define KGSH_POOL_H

#include <stdbool.h>

#include <kg/kg.h>

typedef struct kgsh_pool kgsh_pool;

/* Opens the store in dir: read-only with `readers` handles (at least 1),
 * or writable (created when missing) with inference attached, as the
 * shell opens it. On failure err has the store's message. The caller
 * closes *out with kgsh_pool_close. */
kg_status kgsh_pool_open(kgsh_pool **out, const char *dir, bool read_only, unsigned readers,
                         kg_error *err);

/* Waits for every handle to be released, stops the watchdog and closes the
 * handles (an open transaction is rolled back). Accepts NULL. */
void kgsh_pool_close(kgsh_pool *p);

/* A handle for one request, for writing or for reading, waiting while
 * others use it (each of them for at most its own budget, so the wait is
 * bounded too); NULL when the pool is closing or cannot write. The request
 * owns the handle until kgsh_pool_release; the watchdog interrupts it once
 * it has held the handle for budget seconds. */
kg_store *kgsh_pool_acquire(kgsh_pool *p, bool write, double budget);
void kgsh_pool_release(kgsh_pool *p, kg_store *store);

/* A handle to read the store's prefixes and names at start-up (the
 * first one); borrowed, not to be used while requests run. */
kg_store *kgsh_pool_first(kgsh_pool *p);

#endif
