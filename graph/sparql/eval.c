/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/eval.c - the evaluation context: the overlay dictionary of terms
 * the store does not have, failure and interrupt handling, and the common
 * part of every iterator (clearing unsafe bindings before a node is opened
 * and joining them back into its solutions). The operators themselves are
 * in eval_ops.c, eval_bgp.c and eval_group.c. */
#include "sparql/eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kg/grow.h"
#include "util/hash.h"

/* ------------------------------------------------------------ overlay */

struct kg_overlay {
    kg_term *terms;   /* id - KG_ID_STORE_MAX - 1 */
    uint64_t *hashes; /* of terms[i], as many */
    uint32_t n;
    size_t cap;
    uint32_t *table;  /* index + 1 */
    uint32_t table_cap;
};

static const char *norm_datatype(const kg_term *t)
{
    if (t->kind != KG_TERM_LITERAL || !t->datatype)
        return NULL;
    if (strcmp(t->datatype, KG_XSD_STRING) == 0 || (t->lang && *t->lang))
        return NULL;
    return t->datatype;
}

static uint64_t term_hash(const kg_term *t)
{
    uint64_t h = kg_hash_bytes(t->value, t->value_len, (uint64_t)t->kind);
    const char *dt = norm_datatype(t);
    if (dt)
        h = kg_hash_bytes(dt, strlen(dt), h);
    if (t->lang && *t->lang) {
        /* Language tags compare case-insensitively. */
        for (const char *c = t->lang; *c; c++)
            h = kg_hash_mix(h ^ (uint64_t)(*c | 0x20));
    }
    return h;
}

static bool same_term(const kg_term *a, const kg_term *b)
{
    if (a->kind != b->kind || a->value_len != b->value_len ||
        memcmp(a->value, b->value, a->value_len) != 0)
        return false;
    const char *da = norm_datatype(a), *db = norm_datatype(b);
    if ((da == NULL) != (db == NULL) || (da && strcmp(da, db) != 0))
        return false;
    const char *la = a->lang && *a->lang ? a->lang : NULL;
    const char *lb = b->lang && *b->lang ? b->lang : NULL;
    if ((la == NULL) != (lb == NULL))
        return false;
    return !la || strcasecmp(la, lb) == 0;
}

static uint32_t *overlay_probe(kg_overlay *ov, const kg_term *t, uint64_t h)
{
    uint32_t mask = ov->table_cap - 1, i = (uint32_t)h & mask;
    for (;;) {
        uint32_t s = ov->table[i];
        if (!s || (ov->hashes[s - 1] == h && same_term(&ov->terms[s - 1], t)))
            return &ov->table[i];
        i = (i + 1) & mask;
    }
}

static bool overlay_grow(kg_overlay *ov)
{
    /* both arrays hold at least cap items, whichever of them grew */
    size_t terms_cap = ov->cap, hashes_cap = ov->cap;
    if (!kg_grow(&ov->terms, &terms_cap, ov->n, sizeof *ov->terms, 64) ||
        !kg_grow(&ov->hashes, &hashes_cap, ov->n, sizeof *ov->hashes, 64))
        return false;
    ov->cap = terms_cap;
    if ((uint64_t)(ov->n + 1) * 2 > ov->table_cap) {
        uint32_t cap = ov->table_cap ? ov->table_cap * 2 : 128;
        uint32_t *table = calloc(cap, sizeof *table);
        if (!table)
            return false;
        free(ov->table);
        ov->table = table;
        ov->table_cap = cap;
        for (uint32_t i = 0; i < ov->n; i++)
            *overlay_probe(ov, &ov->terms[i], ov->hashes[i]) = i + 1;
    }
    return true;
}

static kg_id overlay_add(kg_eval *ev, const kg_term *t, uint64_t h)
{
    kg_overlay *ov = ev->overlay;
    if (!overlay_grow(ov))
        return KG_ID_NONE;
    kg_term copy = *t;
    copy.value = kg_arena_strndup(ev->arena, t->value ? t->value : "", t->value_len);
    copy.datatype = norm_datatype(t) ? kg_arena_strdup(ev->arena, t->datatype) : NULL;
    copy.lang = t->lang && *t->lang ? kg_arena_strdup(ev->arena, t->lang) : NULL;
    if (!copy.value || (norm_datatype(t) && !copy.datatype) || (copy.lang == NULL && t->lang && *t->lang))
        return KG_ID_NONE;
    ov->terms[ov->n] = copy;
    ov->hashes[ov->n] = h;
    *overlay_probe(ov, t, h) = ov->n + 1;
    ov->n++;
    return KG_ID_STORE_MAX + ov->n;
}

kg_id kg_eval_intern(kg_eval *ev, const kg_term *term)
{
    if (term->kind == KG_TERM_NONE)
        return KG_ID_NONE;
    kg_id id = kg_view_lookup(ev->view, term);
    if (id != KG_ID_NONE)
        return id;
    uint64_t h = term_hash(term);
    kg_overlay *ov = ev->overlay;
    if (ov->table_cap) {
        uint32_t s = *overlay_probe(ov, term, h);
        if (s)
            return KG_ID_STORE_MAX + s;
    }
    id = overlay_add(ev, term, h);
    if (id == KG_ID_NONE)
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    /* computed terms (CONCAT of CONCAT...) can double per BIND */
    return kg_eval_charge(ev, 0) ? id : KG_ID_NONE;
}

bool kg_eval_term(kg_eval *ev, kg_id id, kg_term *out)
{
    if (id == KG_ID_NONE)
        return false;
    if (id <= KG_ID_STORE_MAX)
        return kg_view_term(ev->view, id, out);
    uint32_t i = id - KG_ID_STORE_MAX - 1;
    if (i >= ev->overlay->n)
        return false;
    *out = ev->overlay->terms[i];
    return true;
}

kg_id kg_eval_fresh_bnode(kg_eval *ev)
{
    for (;;) {
        char label[48];
        snprintf(label, sizeof label, "q%llu", (unsigned long long)++ev->bnode_counter);
        kg_term t = kg_term_blank(label);
        t.value_len = strlen(label);
        if (kg_view_lookup(ev->view, &t) != KG_ID_NONE)
            continue;
        uint64_t h = term_hash(&t);
        if (ev->overlay->table_cap && *overlay_probe(ev->overlay, &t, h))
            continue;
        kg_id id = overlay_add(ev, &t, h);
        if (id == KG_ID_NONE)
            kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return id;
    }
}

/* ------------------------------------------------------------ context */

kg_status kg_eval_init(kg_eval *ev, kg_store *store, const kg_alg_plan *plan, const kg_dataset *ds,
                       const char *base_iri, kg_error *err)
{
    memset(ev, 0, sizeof *ev);
    ev->store = store;
    ev->view = kg_store_view(store);
    ev->err = err;
    ev->plan = plan;
    ev->nslots = plan ? plan->nslots : 0;
    ev->arena = kg_arena_new();
    ev->scratch = kg_arena_new();
    ev->overlay = calloc(1, sizeof *ev->overlay);
    ev->nums = kg_numcache_new();
    if (!ev->view || !ev->arena || !ev->scratch || !ev->overlay || !ev->nums)
        return kg_eval_fail(ev, ev->view ? KG_ERR_NOMEM : KG_ERR_IO, "cannot start the evaluation");
    if (plan && plan->nexists) {
        ev->exists = kg_arena_alloc(ev->arena, plan->nexists * sizeof *ev->exists);
        if (!ev->exists)
            return kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        memset(ev->exists, 0, plan->nexists * sizeof *ev->exists);
    }
    ev->ds = *ds;
    ev->graph = ds->dflt;

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char *now = kg_arena_printf(ev->arena, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
                                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                                tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    ev->rand_state = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uintptr_t)ev;
    ev->vctx.arena = ev->scratch;
    ev->vctx.base_iri = base_iri;
    ev->vctx.now = now;
    ev->vctx.bnode_counter = &ev->bnode_counter;
    ev->vctx.rand_state = &ev->rand_state;
    ev->vctx.regex = kg_regex_cache_new();
    return KG_OK;
}

void kg_eval_free(kg_eval *ev)
{
    for (size_t i = 0; i < ev->niters; i++) {
        kg_iter *it = ev->iters[i];
        kg_iter_close(it);
        if (it->ops->destroy)
            it->ops->destroy(it);
    }
    free(ev->iters);
    if (ev->overlay) {
        free(ev->overlay->terms);
        free(ev->overlay->hashes);
        free(ev->overlay->table);
        free(ev->overlay);
    }
    kg_regex_cache_free(ev->vctx.regex);
    kg_numcache_free(ev->nums);
    kg_arena_free(ev->arena);
    kg_arena_free(ev->scratch);
    memset(ev, 0, sizeof *ev);
}

kg_status kg_eval_fail(kg_eval *ev, kg_status status, const char *fmt, ...)
{
    if (ev->status != KG_OK)
        return ev->status;
    ev->status = status;
    if (ev->err) {
        ev->err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ev->err->message, sizeof ev->err->message, fmt, ap);
        va_end(ap);
        ev->err->file[0] = '\0';
        ev->err->line = ev->err->column = 0;
    }
    return status;
}

void kg_eval_set_limits(kg_eval *ev, size_t max_memory, unsigned timeout_ms)
{
    ev->max_memory = max_memory;
    ev->timeout_ms = timeout_ms;
    ev->deadline.tv_sec = 0;
    if (!timeout_ms)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ev->deadline);
    long ns = ev->deadline.tv_nsec + (long)(timeout_ms % 1000) * 1000000;
    ev->deadline.tv_sec += timeout_ms / 1000 + ns / 1000000000;
    ev->deadline.tv_nsec = ns % 1000000000;
}

bool kg_eval_charge(kg_eval *ev, size_t bytes)
{
    if (ev->status != KG_OK)
        return false;
    ev->charged += bytes;
    size_t used = ev->charged + kg_arena_bytes(ev->arena) + kg_arena_bytes(ev->scratch);
    if (!ev->max_memory || used <= ev->max_memory)
        return true;
    kg_eval_fail(ev, KG_ERR_LIMIT,
                 "the query's intermediate results passed its memory limit of %zu MB",
                 ev->max_memory >> 20);
    return false;
}

void kg_eval_release(kg_eval *ev, size_t bytes)
{
    ev->charged = ev->charged > bytes ? ev->charged - bytes : 0;
}

static bool past_deadline(const kg_eval *ev)
{
    if (!ev->deadline.tv_sec)
        return false;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > ev->deadline.tv_sec ||
           (now.tv_sec == ev->deadline.tv_sec && now.tv_nsec >= ev->deadline.tv_nsec);
}

bool kg_eval_poll(kg_eval *ev)
{
    if (ev->status != KG_OK)
        return false;
    if ((++ev->poll & 1023) != 0)
        return true;
    if (kg_store_interrupted(ev->store)) {
        kg_eval_fail(ev, KG_ERR_INTERRUPTED, "interrupted");
        return false;
    }
    if (past_deadline(ev)) {
        kg_eval_fail(ev, KG_ERR_LIMIT, "the query ran past its time limit of %u.%03u s",
                     ev->timeout_ms / 1000, ev->timeout_ms % 1000);
        return false;
    }
    return kg_eval_charge(ev, 0);
}

/* ---------------------------------------------------------- iterators */

bool kg_rows_compatible(const kg_id *a, const kg_id *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (a[i] && b[i] && a[i] != b[i])
            return false;
    return true;
}

kg_iter *kg_iter_alloc(kg_eval *ev, const kg_alg *node, const kg_iter_ops *ops, size_t size)
{
    kg_iter *it = kg_arena_alloc(ev->arena, size);
    size_t row = (ev->nslots + 1) * sizeof(kg_id);
    kg_id *in = kg_arena_alloc(ev->arena, row), *masked = kg_arena_alloc(ev->arena, row);
    if (!it || !in || !masked) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!kg_grow(&ev->iters, &ev->cap_iters, ev->niters, sizeof *ev->iters, 32)) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memset(it, 0, size);
    memset(in, 0, row);
    it->ops = ops;
    it->ev = ev;
    it->node = node;
    it->in = in;
    it->masked = masked;
    ev->iters[ev->niters++] = it;
    return it;
}

void kg_iter_open(kg_iter *it, const kg_id *in)
{
    const kg_alg *n = it->node;
    unsigned width = it->ev->nslots;
    memcpy(it->in, in, width * sizeof *in);
    it->masking = false;
    it->is_open = true;
    for (size_t i = 0; i < n->nunsafe; i++)
        if (in[n->unsafe[i]]) {
            it->masking = true;
            break;
        }
    if (!it->masking) {
        it->ops->open(it, it->in);
        return;
    }
    memcpy(it->masked, in, width * sizeof *in);
    for (size_t i = 0; i < n->nunsafe; i++)
        it->masked[n->unsafe[i]] = KG_ID_NONE;
    it->ops->open(it, it->masked);
}

bool kg_iter_next(kg_iter *it, kg_id *row)
{
    const kg_alg *n = it->node;
    /* Every operator pulls its input through here: the one place that
     * sees Ctrl-C in joins, products, VALUES, grouping, sorting's input
     * and updates' WHERE alike. */
    while (kg_eval_poll(it->ev) && it->ops->next(it, row)) {
        if (!it->masking)
            return true;
        bool ok = true;
        for (size_t i = 0; i < n->nunsafe && ok; i++) {
            unsigned s = n->unsafe[i];
            if (!it->in[s])
                continue;
            if (!row[s])
                row[s] = it->in[s];
            else if (row[s] != it->in[s])
                ok = false;
        }
        if (ok)
            return true;
    }
    return false;
}

void kg_iter_close(kg_iter *it)
{
    /* Closing closes the children, so an iterator closed already is left
     * alone: otherwise freeing a chain of n would close it n times over. */
    if (!it || !it->is_open)
        return;
    it->is_open = false;
    if (it->ops->close)
        it->ops->close(it);
}
