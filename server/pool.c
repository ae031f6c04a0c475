/* server/pool.c - store handles for the server's requests (see pool.h):
 * a mutex and a condition over the handles' busy flags, the count of
 * writes that tells a read handle it must be opened again, and a watchdog
 * thread that interrupts the requests running past their budget. */
#define _GNU_SOURCE
#include "pool.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session.h"

typedef struct slot {
    kg_store *store;
    bool busy;
    double deadline;
    unsigned long writes; /* the pool's write count when the handle was opened */
} slot;

struct kgsh_pool {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a slot was released, or the pool is stopping */
    char *dir;
    slot *slots; /* slots[0] is the writer when the pool can write */
    size_t n;
    size_t first_reader; /* 1 with a writer, else 0 */
    unsigned long writes; /* writes released so far */
    unsigned reopening;   /* read handles being opened again: the writer waits */
    bool stopping;
    pthread_t watchdog;
    bool watchdog_started;
};

static void *watch(void *arg)
{
    kgsh_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        double now = kgsh_seconds();
        for (size_t i = 0; i < p->n; i++)
            if (p->slots[i].busy && p->slots[i].store && now >= p->slots[i].deadline)
                kg_store_interrupt(p->slots[i].store); /* again each tick: a request may
                                                          start a new operation */
        double next = now + 0.05;
        struct timespec ts = {(time_t)next, (long)((next - floor(next)) * 1e9)};
        pthread_cond_timedwait(&p->changed, &p->lock, &ts);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static bool init_sync(kgsh_pool *p)
{
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_cond_init(&p->changed, &attr) == 0;
    pthread_condattr_destroy(&attr);
    return ok && pthread_mutex_init(&p->lock, NULL) == 0;
}

kg_status kgsh_pool_open(kgsh_pool **out, const char *dir, bool read_only, unsigned readers,
                         kg_error *err)
{
    *out = NULL;
    kgsh_pool *p = calloc(1, sizeof *p);
    size_t n = (read_only ? 0 : 1) + (readers ? readers : 1);
    if (!p || !(p->slots = calloc(n, sizeof *p->slots)) || !(p->dir = strdup(dir)) ||
        !init_sync(p)) {
        if (p) {
            free(p->slots);
            free(p->dir);
        }
        free(p);
        err->status = KG_ERR_NOMEM;
        return KG_ERR_NOMEM;
    }
    p->first_reader = read_only ? 0 : 1;
    kg_status st = KG_OK;
    if (!read_only) { /* first: it creates a missing store */
        st = kg_store_open(&p->slots[0].store, dir, KG_STORE_CREATE, err);
        if (st == KG_OK)
            st = kg_infer_attach(p->slots[0].store);
        p->n = 1;
    }
    for (; p->n < n && st == KG_OK; p->n++)
        st = kg_store_open(&p->slots[p->n].store, dir, KG_STORE_READONLY, err);
    if (st == KG_OK)
        st = pthread_create(&p->watchdog, NULL, watch, p) == 0 ? KG_OK : KG_ERR_NOMEM;
    p->watchdog_started = st == KG_OK;
    if (st != KG_OK) {
        kgsh_pool_close(p);
        return st;
    }
    *out = p;
    return KG_OK;
}

void kgsh_pool_close(kgsh_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->n; i++)
        while (p->slots[i].busy)
            pthread_cond_wait(&p->changed, &p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    if (p->watchdog_started)
        pthread_join(p->watchdog, NULL);
    for (size_t i = 0; i < p->n; i++)
        kg_store_close(p->slots[i].store);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p->slots);
    free(p->dir);
    free(p);
}

static bool stale(const kgsh_pool *p, const slot *s)
{
    return s->writes != p->writes || !s->store;
}

/* A free slot of the kind asked for, or NULL. A stale read handle is
 * opened again only while no write runs, and no write starts while one
 * is: so a handle shows exactly the state of p->writes writes, and a
 * client's answers never go back in time (a handle opened during a
 * commit could show it before the commit's release, and the next
 * request an older handle). */
static slot *free_slot(kgsh_pool *p, bool write)
{
    bool writing = p->first_reader && p->slots[0].busy;
    if (write)
        return p->first_reader && !writing && !p->reopening ? &p->slots[0] : NULL;
    slot *found = NULL;
    for (size_t i = p->first_reader; i < p->n && (!found || stale(p, found)); i++)
        if (!p->slots[i].busy && (!writing || !stale(p, &p->slots[i])))
            found = &p->slots[i];
    return found;
}

/* Opens the read handle of s again, on the state of `writes` writes. The
 * request owns s (busy); only the pointer swap is under the lock, for the
 * watchdog. */
static bool reopen(kgsh_pool *p, slot *s, unsigned long writes, kg_error *err)
{
    kg_store *old = s->store, *fresh = NULL;
    pthread_mutex_lock(&p->lock);
    s->store = NULL;
    pthread_mutex_unlock(&p->lock);
    kg_store_close(old);
    kg_status st = kg_store_open(&fresh, p->dir, KG_STORE_READONLY, err);
    pthread_mutex_lock(&p->lock);
    s->store = fresh;
    s->writes = st == KG_OK ? writes : 0; /* a failed slot is opened again next time */
    pthread_mutex_unlock(&p->lock);
    return st == KG_OK;
}

kg_store *kgsh_pool_acquire(kgsh_pool *p, bool write, double budget, kg_error *err)
{
    if (write && !p->first_reader)
        return NULL;
    pthread_mutex_lock(&p->lock);
    slot *s;
    while (!(s = free_slot(p, write)) && !p->stopping)
        pthread_cond_wait(&p->changed, &p->lock);
    if (p->stopping)
        s = NULL;
    bool old = s && !write && stale(p, s);
    unsigned long writes = p->writes;
    if (s) {
        s->busy = true;
        s->deadline = kgsh_seconds() + budget;
        p->reopening += old;
    }
    pthread_mutex_unlock(&p->lock);
    bool ok = !old || reopen(p, s, writes, err);
    pthread_mutex_lock(&p->lock);
    p->reopening -= old;
    if (s && !ok)
        s->busy = false;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return s && ok ? s->store : NULL;
}

void kgsh_pool_release(kgsh_pool *p, kg_store *store)
{
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->n; i++) {
        if (p->slots[i].store == store) {
            p->slots[i].busy = false;
            if (i < p->first_reader)
                p->writes++; /* what it committed makes every read handle stale */
        }
    }
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

kg_store *kgsh_pool_first(kgsh_pool *p) { return p->slots[0].store; }
