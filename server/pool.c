/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/pool.c - store handles for the server's requests (see pool.h):
 * a mutex and a condition over the handles' busy flags, a refresh of each
 * handle to the latest commit when a request takes it, and a watchdog
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
} slot;

struct kgsh_pool {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a slot was released, or the pool is stopping */
    char *dir;
    slot *slots; /* slots[0] is the writer when the pool can write */
    size_t n;
    size_t first_reader; /* 1 with a writer, else 0 */
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

/* A free slot of the kind asked for, or NULL. */
static slot *free_slot(kgsh_pool *p, bool write)
{
    if (write)
        return p->first_reader && !p->slots[0].busy ? &p->slots[0] : NULL;
    for (size_t i = p->first_reader; i < p->n; i++)
        if (!p->slots[i].busy)
            return &p->slots[i];
    return NULL;
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
    if (s) {
        s->busy = true;
        s->deadline = kgsh_seconds() + budget;
    }
    pthread_mutex_unlock(&p->lock);
    if (!s)
        return NULL;
    /* The latest commit, of this server or any other process: a refresh is
     * one stat when nothing changed, and a later request never sees an
     * older state than an earlier one (a writer's transaction begins from
     * the latest commit by itself). */
    kg_status st = write ? KG_OK : kg_store_refresh(s->store);
    if (st == KG_OK)
        return s->store;
    *err = *kg_store_error(s->store);
    kgsh_pool_release(p, s->store);
    return NULL;
}

void kgsh_pool_release(kgsh_pool *p, kg_store *store)
{
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->n; i++) {
        if (p->slots[i].store == store) {
            p->slots[i].busy = false;
        }
    }
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

kg_store *kgsh_pool_first(kgsh_pool *p) { return p->slots[0].store; }
