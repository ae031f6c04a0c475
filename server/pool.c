/* server/pool.c - store handles for the server's requests (see pool.h):
 * a mutex and a condition over the handles' busy flags, and a watchdog
 * thread that interrupts the requests running past their deadline. */
#define _GNU_SOURCE
#include "pool.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "session.h"

typedef struct slot {
    kg_store *store;
    bool busy;
    double deadline;
} slot;

struct kgsh_pool {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a slot was released, or the pool is stopping */
    slot *slots;            /* slots[0] is the writer when the pool can write */
    size_t n;
    bool writable;
    bool stopping;
    pthread_t watchdog;
    bool watchdog_started;
};

/* An absolute CLOCK_MONOTONIC time for pthread_cond_timedwait. */
static struct timespec abs_time(double seconds)
{
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - floor(seconds)) * 1e9);
    return ts;
}

static void *watch(void *arg)
{
    kgsh_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        double now = kgsh_seconds();
        for (size_t i = 0; i < p->n; i++)
            if (p->slots[i].busy && now >= p->slots[i].deadline)
                kg_store_interrupt(p->slots[i].store); /* again each tick: a request may
                                                          start a new operation */
        struct timespec next = abs_time(now + 0.05);
        pthread_cond_timedwait(&p->changed, &p->lock, &next);
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
    size_t n = read_only ? (readers ? readers : 1) : 1;
    if (!p || !(p->slots = calloc(n, sizeof *p->slots)) || !init_sync(p)) {
        if (p)
            free(p->slots);
        free(p);
        err->status = KG_ERR_NOMEM;
        return KG_ERR_NOMEM;
    }
    p->writable = !read_only;
    kg_status st = KG_OK;
    for (; p->n < n && st == KG_OK; p->n++) {
        st = kg_store_open(&p->slots[p->n].store, dir,
                           read_only ? KG_STORE_READONLY : KG_STORE_CREATE, err);
        if (st == KG_OK && !read_only)
            st = kg_infer_attach(p->slots[p->n].store);
    }
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
    free(p);
}

/* A free slot the request may use, or NULL. Writes use the writer; reads
 * any handle (today the writer is the only handle of a writable pool). */
static slot *free_slot(kgsh_pool *p, bool write)
{
    if (write)
        return p->writable && !p->slots[0].busy ? &p->slots[0] : NULL;
    for (size_t i = 0; i < p->n; i++)
        if (!p->slots[i].busy)
            return &p->slots[i];
    return NULL;
}

kg_store *kgsh_pool_acquire(kgsh_pool *p, bool write, double budget)
{
    if (write && !p->writable)
        return NULL;
    pthread_mutex_lock(&p->lock);
    slot *s;
    while (!(s = free_slot(p, write)) && !p->stopping)
        pthread_cond_wait(&p->changed, &p->lock);
    if (s && !p->stopping) {
        s->busy = true;
        s->deadline = kgsh_seconds() + budget;
    }
    pthread_mutex_unlock(&p->lock);
    return s && s->busy ? s->store : NULL;
}

void kgsh_pool_release(kgsh_pool *p, kg_store *store)
{
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->n; i++)
        if (p->slots[i].store == store)
            p->slots[i].busy = false;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

kg_store *kgsh_pool_first(kgsh_pool *p) { return p->slots[0].store; }
