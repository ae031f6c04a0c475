/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/infer.c - the inferred graph and its explanations: keeping
 * KG_INFERRED_GRAPH equal to the closure of the asserted triples (on demand
 * and from a commit hook, inside the transaction that changed them: by
 * infer_incremental.c when the changes allow, else recomputed whole), and
 * kg_why_explain, which runs the closure again and reads one derivation
 * out of it. The rules themselves are in closure.c. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "explore/explore_impl.h"
#include "kg/grow.h"

/* Brings the inferred graph in line with the closure: removes what it holds
 * that is no longer inferred, adds what is missing. fact.mark = 1 for the
 * facts already there. */
static kg_status sync_graph(kg_xctx *x, kg_closure *c, kg_infer_stats *stats)
{
    kg_store *store = x->store;
    kg_id g = x->v[V_INFERRED_GRAPH];
    kg_quad *stale = NULL;
    size_t n_stale = 0, cap_stale = 0;
    kg_status status = KG_OK;
    if (g) {
        kg_scan *scan = kg_scan_open(x->view, 0, 0, 0, KG_GRAPHS_ONE, g);
        kg_quad q;
        while (status == KG_OK && scan && kg_scan_next(scan, &q)) {
            kg_id t[3] = {q.s, q.p, q.o};
            uint32_t i;
            if (kg_idtab_find(c->triples, t, &i) && c->facts[i].rule != KG_RULE_ASSERTED) {
                c->facts[i].mark = 1;
                continue;
            }
            if (!kg_grow(&stale, &cap_stale, n_stale, sizeof *stale, 256))
                status = kg_xctx_nomem(x);
            else
                stale[n_stale++] = q;
        }
        if (!scan)
            status = kg_xctx_nomem(x);
        kg_scan_close(scan);
    }
    /* the view changes from here on */
    for (size_t i = 0; status == KG_OK && i < n_stale; i++)
        status = kg_store_remove_ids(store, &stale[i]);
    free(stale);
    stats->removed = n_stale;
    size_t n = kg_closure_count(c);
    for (uint32_t i = 0; status == KG_OK && i < n; i++) {
        if (c->facts[i].rule == KG_RULE_ASSERTED)
            continue;
        stats->inferred++;
        if (c->facts[i].mark)
            continue;
        if (!g) {
            kg_term graph = kg_term_iri(KG_INFERRED_GRAPH);
            if (!(g = kg_store_intern(store, &graph)))
                return kg_store_error(store)->status;
        }
        const kg_id *t = kg_closure_triple(c, i);
        kg_quad q = {t[0], t[1], t[2], g};
        status = kg_store_add_ids(store, &q);
        stats->added++;
    }
    return status;
}

kg_status kg_infer_refresh(kg_store *store, kg_infer_stats *stats)
{
    kg_infer_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    bool own = !kg_store_in_transaction(store);
    kg_status status = own ? kg_store_begin(store) : KG_OK;
    if (status != KG_OK)
        return status;
    kg_arena *arena = kg_arena_new();
    if (!arena) {
        if (own)
            kg_store_rollback(store);
        return KG_ERR_NOMEM;
    }
    kg_xctx x;
    kg_closure c = {0};
    status = kg_xctx_open(&x, store, arena);
    if (status == KG_OK)
        status = kg_closure_run(&c, &x);
    if (status == KG_OK) {
        stats->premises = c.premises;
        status = sync_graph(&x, &c, stats);
    }
    kg_closure_free(&c);
    kg_xctx_close(&x);
    kg_arena_free(arena);
    if (!own)
        return status;
    if (status == KG_OK)
        return kg_store_commit(store);
    kg_error saved = *kg_store_error(store);
    kg_store_rollback(store);
    *kg_store_error_mut(store) = saved;
    return status;
}

/* At each commit: incremental when the changes allow, else in full. */
static kg_status infer_hook(void *ctx, kg_store *store)
{
    (void)ctx;
    kg_arena *arena = kg_arena_new();
    if (!arena)
        return KG_ERR_NOMEM;
    kg_xctx x;
    kg_infer_stats stats = {0};
    bool done = false;
    kg_status status = kg_xctx_open(&x, store, arena);
    if (status == KG_OK)
        status = kg_infer_update(&x, &done, &stats);
    kg_xctx_close(&x);
    kg_arena_free(arena);
    if (status == KG_OK && !done)
        status = kg_infer_refresh(store, NULL);
    return status;
}

kg_status kg_infer_attach(kg_store *store)
{
    kg_term graph = kg_term_iri(KG_INFERRED_GRAPH);
    return kg_store_set_commit_hook(store, infer_hook, NULL, &graph);
}

void kg_infer_detach(kg_store *store)
{
    kg_store_set_commit_hook(store, NULL, NULL, NULL);
}

/* ---- explanations ---- */

/* The graphs (other than the inferred one) holding s p o, as strings;
 * "default" for the default graph. */
static kg_status asserted_in(kg_xctx *x, const kg_id *t, kg_why_step *step)
{
    kg_scan *scan = kg_scan_open(x->view, t[0], t[1], t[2], KG_GRAPHS_ALL, 0);
    if (!scan)
        return kg_xctx_nomem(x);
    const char **graphs = NULL;
    size_t n = 0;
    kg_quad q;
    kg_status status = KG_OK;
    while (status == KG_OK && kg_scan_next(scan, &q)) {
        if (q.g && q.g == x->v[V_INFERRED_GRAPH])
            continue;
        const char **grown = kg_arena_alloc(x->arena, (n + 1) * sizeof *grown);
        const char *name = q.g ? kg_xvalue(x, q.g) : "default";
        if (!grown || !name) {
            status = kg_xctx_nomem(x);
            break;
        }
        if (n)
            memcpy(grown, graphs, n * sizeof *grown);
        grown[n++] = name;
        graphs = grown;
    }
    kg_scan_close(scan);
    step->graphs = graphs;
    step->n_graphs = n;
    return status;
}

/* Marks the facts fact i rests on (mark = 1), i included. */
static bool mark_derivation(kg_closure *c, uint32_t i)
{
    size_t n = 0, cap = 1;
    uint32_t *stack = malloc(cap * sizeof *stack);
    if (!stack)
        return false;
    stack[n++] = i;
    while (n) {
        uint32_t f = stack[--n];
        if (c->facts[f].mark)
            continue;
        c->facts[f].mark = 1;
        for (unsigned k = 0; k < c->facts[f].n_prem; k++) {
            if (!kg_grow(&stack, &cap, n, sizeof *stack, 1)) {
                free(stack);
                return false;
            }
            stack[n++] = c->facts[f].prem[k];
        }
    }
    free(stack);
    return true;
}

/* Lists the marked facts as steps, in fact order (premises first). */
static kg_status list_steps(kg_xctx *x, kg_closure *c, kg_why *why)
{
    size_t total = kg_closure_count(c), n = 0;
    for (size_t i = 0; i < total; i++)
        n += c->facts[i].mark;
    kg_why_step *steps = kg_arena_alloc(x->arena, n * sizeof *steps);
    size_t *step_of = calloc(total, sizeof *step_of);
    if (!steps || !step_of) {
        free(step_of);
        return kg_xctx_nomem(x);
    }
    kg_status status = KG_OK;
    size_t k = 0;
    for (uint32_t i = 0; status == KG_OK && i < total; i++) {
        kg_fact *f = &c->facts[i];
        if (!f->mark)
            continue;
        step_of[i] = k;
        kg_why_step *st = &steps[k++];
        memset(st, 0, sizeof *st);
        const kg_id *t = kg_closure_triple(c, i);
        if (!kg_xterm(x, t[0], &st->s) || !kg_xterm(x, t[1], &st->p) || !kg_xterm(x, t[2], &st->o)) {
            status = kg_xctx_nomem(x);
            break;
        }
        if (f->rule == KG_RULE_ASSERTED) {
            status = asserted_in(x, t, st);
            if (status == KG_OK)
                status = kg_xevidence(x, t[0], t[1], t[2], &st->evidence, &st->n_evidence);
            continue;
        }
        st->rule = kg_rule_name(f->rule);
        size_t *prem = kg_arena_alloc(x->arena, f->n_prem * sizeof *prem);
        if (!prem) {
            status = kg_xctx_nomem(x);
            break;
        }
        for (unsigned j = 0; j < f->n_prem; j++)
            prem[j] = step_of[f->prem[j]];
        st->premises = prem;
        st->n_premises = f->n_prem;
    }
    free(step_of);
    why->steps = steps;
    why->n = n;
    return status;
}

kg_status kg_why_explain(kg_why **out, kg_store *store, const kg_term *s, const kg_term *p,
                         const kg_term *o)
{
    *out = NULL;
    kg_explore_arena *ea;
    kg_why *why = kg_xresult_new(sizeof *why, &ea);
    if (!why)
        return KG_ERR_NOMEM;
    why->arena_ = ea;
    kg_xctx x;
    kg_closure c = {0};
    kg_status status = kg_xctx_open(&x, store, ea->arena);
    if (status == KG_OK)
        status = kg_closure_run(&c, &x);
    kg_id t[3] = {0, 0, 0};
    uint32_t index = 0;
    bool known = false;
    if (status == KG_OK) {
        t[0] = kg_xlookup(&x, s);
        t[1] = kg_xlookup(&x, p);
        t[2] = kg_xlookup(&x, o);
        known = t[0] && t[1] && t[2] && kg_idtab_find(c.triples, t, &index);
        /* an asserted triple no rule reads is not in the closure yet */
        if (!known && t[0] && t[1] && t[2] && kg_xhas(&x, t[0], t[1], t[2])) {
            if (kg_closure_add_asserted(&c, &x, t, &index))
                known = true;
            else
                status = kg_xctx_nomem(&x);
        }
    }
    if (status == KG_OK && !known) {
        status = kg_error_set(kg_store_error_mut(store), KG_ERR_NOT_FOUND, NULL,
                              "the triple is neither asserted nor inferred");
    }
    if (status == KG_OK) {
        for (size_t i = 0; i < kg_closure_count(&c); i++)
            c.facts[i].mark = 0;
        status = mark_derivation(&c, index) ? list_steps(&x, &c, why) : kg_xctx_nomem(&x);
    }
    kg_closure_free(&c);
    kg_xctx_close(&x);
    if (status != KG_OK) {
        kg_xresult_free(ea);
        return status;
    }
    *out = why;
    return KG_OK;
}

void kg_why_free(kg_why *why)
{
    if (why)
        kg_xresult_free(why->arena_);
}
