/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/path.c - property path evaluation (SPARQL 1.1 section 18.4 and
 * 9.3): links, inverses, sequences, alternatives, negated property sets and
 * the closures p*, p+ and p?.
 *
 * Cardinality follows the spec: sequences and alternatives keep duplicates
 * (they are joins and unions), while p*, p+ and p? give each reachable node
 * once (the ALP procedure with a visited set). Evaluation works from a bound
 * end: succ() lists the nodes one path step away from a node, in either
 * direction, so a path with only its object bound runs backwards. With both
 * ends unbound, each candidate start node is expanded in turn, one at a
 * time as rows are asked for (kg_path_walk): the first rows come before the
 * whole closure is computed, and only one start node's pairs are held. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

struct kg_path_prog {
    kg_alg_path_kind kind;
    bool inverse;  /* LINK */
    bool missing;  /* LINK: the IRI is not in the store, so no edges */
    kg_id p;       /* LINK */
    /* LINK: its edges as a probe table for steps forward (keyed on the
     * subject) and backward, built once the steps are many: the closures
     * from each of many start nodes (.exposure's `?c kg:subsidiaryOf*
     * ?owner` for every company) then step in memory. */
    kg_probe_slot probe[2];
    kg_id *fwd, *bwd; /* NEGATED: excluded predicates each way */
    size_t nfwd, nbwd;
    struct kg_path_prog **sub;
    size_t nsub;
    /* CLOSURE: the visited set and node lists of one closure, kept from
     * one start node to the next instead of allocated for each (.exposure
     * computes a closure for every company). A closure never runs inside
     * another of the same node: evaluation is eager and a node's closure
     * only reaches the nodes below it. */
    kg_idtab *seen;
    kg_idvec frontier, next, step_out;
    kg_idvec ends; /* kg_path_eval's, kept the same way */
};

static kg_id *compile_set(kg_eval *ev, const kg_term *iris, size_t n)
{
    kg_id *ids = kg_arena_alloc(ev->arena, (n + 1) * sizeof *ids);
    if (ids)
        for (size_t i = 0; i < n; i++)
            ids[i] = kg_view_lookup(ev->view, &iris[i]);
    return ids;
}

kg_path_prog *kg_path_compile(kg_eval *ev, const kg_alg_path *path)
{
    kg_path_prog *p = kg_arena_alloc(ev->arena, sizeof *p);
    if (!p)
        goto nomem;
    memset(p, 0, sizeof *p);
    p->kind = path->kind;
    p->inverse = path->inverse;
    if (path->kind == KG_APATH_LINK) {
        p->p = kg_view_lookup(ev->view, &path->iri);
        p->missing = p->p == KG_ID_NONE;
        kg_probe_slot_init(&p->probe[0]);
        kg_probe_slot_init(&p->probe[1]);
        return p;
    }
    if (path->kind == KG_APATH_NEGATED) {
        p->fwd = compile_set(ev, path->iris, path->niris);
        p->bwd = compile_set(ev, path->inverse_iris, path->ninverse_iris);
        p->nfwd = path->niris;
        p->nbwd = path->ninverse_iris;
        if (!p->fwd || !p->bwd)
            goto nomem;
        return p;
    }
    p->nsub = path->nsub;
    p->sub = kg_arena_alloc(ev->arena, (path->nsub + 1) * sizeof *p->sub);
    if (!p->sub)
        goto nomem;
    for (size_t i = 0; i < path->nsub; i++)
        if (!(p->sub[i] = kg_path_compile(ev, path->sub[i])))
            return NULL;
    return p;
nomem:
    kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    return NULL;
}

size_t kg_path_prog_tables(const kg_path_prog *p)
{
    size_t bytes = p->probe[0].table.charged + p->probe[1].table.charged;
    for (size_t i = 0; i < p->nsub; i++)
        bytes += kg_path_prog_tables(p->sub[i]);
    return bytes;
}

void kg_path_prog_free(kg_path_prog *p)
{
    if (!p)
        return;
    kg_probe_slot_free(&p->probe[0]);
    kg_probe_slot_free(&p->probe[1]);
    kg_idtab_free(p->seen);
    kg_idvec_free(&p->frontier);
    kg_idvec_free(&p->next);
    kg_idvec_free(&p->step_out);
    kg_idvec_free(&p->ends);
    for (size_t i = 0; i < p->nsub; i++)
        kg_path_prog_free(p->sub[i]);
}

static bool push(kg_eval *ev, kg_idvec *out, kg_id id)
{
    if (!kg_eval_charge(ev, sizeof id))
        return false;
    if (kg_idvec_push(out, id))
        return true;
    kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    return false;
}

static bool listed(const kg_id *ids, size_t n, kg_id id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* Appends the neighbours of x over edges with predicate p (0: any, then
 * excluding the n predicates in skip), forwards or backwards. */
static bool step(kg_eval *ev, kg_id x, kg_id p, const kg_id *skip, size_t n, bool backward,
                 kg_idvec *out)
{
    kg_dscan d;
    kg_quad q;
    kg_dscan_open(&d, ev, &ev->graph, backward ? 0 : x, p, backward ? x : 0);
    while (kg_dscan_next(&d, &q)) {
        if (!p && listed(skip, n, q.p))
            continue;
        if (!push(ev, out, backward ? q.s : q.o))
            break;
    }
    kg_dscan_close(&d);
    return ev->status == KG_OK;
}

static bool succ(kg_eval *ev, kg_path_prog *p, kg_id x, bool backward, kg_id free,
                 kg_idvec *out);

/* The step of link p from x one way: from the link's probe table when it
 * has one or the steps so far make it worth building, else from the index
 * (step). */
static bool link_step(kg_eval *ev, kg_path_prog *p, kg_id x, bool backward, kg_idvec *out)
{
    int key = backward ? 2 : 0;
    kg_id v[3] = {0, p->p, 0};
    v[key] = x;
    kg_probe *table = kg_probe_slot_lookup(&p->probe[backward], ev, &ev->graph, v, key, 0);
    if (!table)
        return step(ev, x, p->p, NULL, 0, backward, out);
    const kg_quad *from, *to;
    kg_probe_find(table, x, &from, &to);
    for (const kg_quad *q = from; q < to; q++)
        if (!push(ev, out, backward ? q->s : q->o))
            return false;
    return true;
}

/* True when x is a subject or object in the active graph. A zero-length
 * path matches the graph's nodes and a constant written at its end, but not
 * a term that only reaches it through a variable bound elsewhere (W3C
 * property-path/values_and_path and zero_or_more_set_start). */
static bool in_graph(kg_eval *ev, kg_id x)
{
    for (int end = 0; end < 2; end++) {
        kg_dscan d;
        kg_quad q;
        kg_dscan_open(&d, ev, &ev->graph, end ? 0 : x, 0, end ? x : 0);
        bool found = kg_dscan_next(&d, &q);
        kg_dscan_close(&d);
        if (found)
            return true;
    }
    return false;
}

/* The closures: every node reachable from x (x itself first when zero steps
 * count), each once. */
static bool closure(kg_eval *ev, kg_path_prog *p, kg_id x, bool backward, bool zero,
                    bool many, kg_id free, kg_idvec *out)
{
    if (p->seen)
        kg_idtab_clear(p->seen);
    else
        p->seen = kg_idtab_new(1);
    kg_idtab *seen = p->seen;
    kg_idvec *frontier = &p->frontier, *next = &p->next, *step_out = &p->step_out;
    frontier->n = 0;
    bool ok = seen != NULL;
    if (ok && zero && (x == free || in_graph(ev, x)))
        ok = kg_idtab_put(seen, &x, NULL) >= 0 && push(ev, out, x);
    ok = ok && kg_idvec_push(frontier, x);
    while (ok && frontier->n && kg_eval_poll(ev)) {
        next->n = 0;
        for (size_t i = 0; ok && i < frontier->n; i++) {
            step_out->n = 0;
            ok = succ(ev, p->sub[0], frontier->v[i], backward, free, step_out);
            for (size_t j = 0; ok && j < step_out->n; j++) {
                int added = kg_idtab_put(seen, &step_out->v[j], NULL);
                if (added < 0)
                    ok = false;
                else if (added)
                    ok = push(ev, out, step_out->v[j]) && kg_idvec_push(next, step_out->v[j]);
            }
        }
        if (!many)
            break;
        kg_idvec *tmp = frontier;
        frontier = next;
        next = tmp;
    }
    if (!ok && ev->status == KG_OK)
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    return ev->status == KG_OK;
}

/* Appends every y with (x, y) in the path (or (y, x) when backward), with
 * the path's multiplicity. free is the query's constant end, or a node known
 * to be in the graph (or 0): see kg_path_eval. */
static bool succ(kg_eval *ev, kg_path_prog *p, kg_id x, bool backward, kg_id free,
                 kg_idvec *out)
{
    switch (p->kind) {
    case KG_APATH_LINK:
        if (p->missing)
            return true;
        return link_step(ev, p, x, backward != p->inverse, out);
    case KG_APATH_NEGATED: {
        /* Going backwards, !(a|^b) acts as !(^a|b). */
        const kg_id *fwd = backward ? p->bwd : p->fwd, *bwd = backward ? p->fwd : p->bwd;
        size_t nfwd = backward ? p->nbwd : p->nfwd, nbwd = backward ? p->nfwd : p->nbwd;
        if (nfwd && !step(ev, x, 0, fwd, nfwd, false, out))
            return false;
        if (nbwd && !step(ev, x, 0, bwd, nbwd, true, out))
            return false;
        return true;
    }
    case KG_APATH_ALT:
        for (size_t i = 0; i < p->nsub; i++)
            if (!succ(ev, p->sub[i], x, backward, free, out))
                return false;
        return true;
    case KG_APATH_SEQ: {
        kg_idvec cur = {0}, next = {0};
        bool ok = kg_idvec_push(&cur, x);
        for (size_t k = 0; ok && k < p->nsub; k++) {
            kg_path_prog *sub = p->sub[backward ? p->nsub - 1 - k : k];
            next.n = 0;
            for (size_t i = 0; ok && i < cur.n; i++)
                ok = succ(ev, sub, cur.v[i], backward, free, &next);
            kg_idvec tmp = cur;
            cur = next;
            next = tmp;
        }
        ok = ok && kg_idvec_append(out, cur.v, cur.n);
        kg_idvec_free(&cur);
        kg_idvec_free(&next);
        if (!ok && ev->status == KG_OK)
            kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return ok;
    }
    case KG_APATH_STAR:
        return closure(ev, p, x, backward, true, true, free, out);
    case KG_APATH_PLUS:
        return closure(ev, p, x, backward, false, true, free, out);
    case KG_APATH_OPT:
        return closure(ev, p, x, backward, true, false, free, out);
    }
    return true;
}

/* Candidate start nodes for a path with both ends unbound: the subjects of
 * a link (objects of an inverse one), or every node of the graph when the
 * path can have length zero or starts with something else. */
static bool start_nodes(kg_eval *ev, const kg_path_prog *p, kg_idtab *nodes)
{
    bool link = p->kind == KG_APATH_LINK;
    if (p->kind == KG_APATH_PLUS || p->kind == KG_APATH_SEQ)
        return start_nodes(ev, p->sub[0], nodes);
    if (link && p->missing)
        return true;
    kg_dscan d;
    kg_quad q;
    kg_dscan_open(&d, ev, &ev->graph, 0, link ? p->p : 0, 0);
    bool ok = true;
    while (ok && kg_dscan_next(&d, &q)) {
        if (link) {
            ok = kg_idtab_put(nodes, p->inverse ? &q.o : &q.s, NULL) >= 0;
            continue;
        }
        ok = kg_idtab_put(nodes, &q.s, NULL) >= 0 && kg_idtab_put(nodes, &q.o, NULL) >= 0;
    }
    kg_dscan_close(&d);
    if (!ok)
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    return ev->status == KG_OK;
}

static bool emit(kg_eval *ev, kg_idvec *out, kg_id s, kg_id o)
{
    return push(ev, out, s) && push(ev, out, o);
}

bool kg_path_eval(kg_eval *ev, kg_path_prog *prog, kg_id s, kg_id o, kg_id free,
                  kg_idvec *out)
{
    kg_idvec *ends = &prog->ends;
    ends->n = 0;
    kg_id from = s ? s : o;
    bool ok = succ(ev, prog, from, !s, free, ends);
    for (size_t i = 0; ok && i < ends->n; i++) {
        if (s && o && ends->v[i] != o)
            continue;
        ok = s ? emit(ev, out, s, ends->v[i]) : emit(ev, out, ends->v[i], o);
    }
    return ok && ev->status == KG_OK;
}

bool kg_path_walk_open(kg_path_walk *w, kg_eval *ev, kg_path_prog *prog)
{
    w->prog = prog;
    w->next = 0;
    w->held = 0;
    if (!(w->nodes = kg_idtab_new(1))) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return false;
    }
    return start_nodes(ev, prog, w->nodes);
}

bool kg_path_walk_next(kg_path_walk *w, kg_eval *ev, kg_idvec *out)
{
    /* The previous start node's pairs are given back to the memory limit;
     * everything a start node's expansion charged beyond its own pairs
     * (the ends, intermediate steps) is given back once it is done. */
    kg_eval_release(ev, w->held);
    w->held = 0;
    out->n = 0;
    kg_idvec ends = {0};
    bool ok = ev->status == KG_OK;
    while (ok && out->n == 0 && w->nodes && w->next < kg_idtab_count(w->nodes)) {
        kg_id x = kg_idtab_key(w->nodes, (uint32_t)w->next++)[0];
        size_t before = ev->charged, tables = kg_path_prog_tables(w->prog);
        ends.n = 0;
        ok = succ(ev, w->prog, x, false, 0, &ends);
        for (size_t i = 0; ok && i < ends.n; i++)
            ok = emit(ev, out, x, ends.v[i]);
        w->held = out->n * sizeof *out->v;
        /* probe tables built meanwhile stay, and stay charged */
        size_t kept = w->held + (kg_path_prog_tables(w->prog) - tables);
        if (ev->charged > before + kept)
            kg_eval_release(ev, ev->charged - before - kept);
    }
    kg_idvec_free(&ends);
    return ok && ev->status == KG_OK && out->n > 0;
}

void kg_path_walk_close(kg_path_walk *w, kg_eval *ev)
{
    kg_eval_release(ev, w->held);
    w->held = 0;
    kg_idtab_free(w->nodes);
    w->nodes = NULL;
}
