/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/optimize.c - prepares translated algebra for the evaluator.
 *
 * The evaluator joins by passing each solution of a join's left side down
 * into its right side as bindings ("index nested loop"), so that triple
 * patterns scan only the matching index range. That is exact for BGPs,
 * joins, unions and VALUES, but not for every operator: a FILTER or BIND
 * must not see a variable bound early that its own pattern would leave
 * unbound, an OPTIONAL must not match against a binding that only its
 * optional part could make, and grouping and sub-selects depend on all of
 * their input. For each node this file computes the variables it may bind
 * (maybe) and surely binds (certain), and from them the "unsafe" slots the
 * evaluator clears before opening the node and joins back afterwards.
 *
 * It also flattens nested joins, merges the BGPs of a join into one (whose
 * triple patterns the evaluator orders by exact index counts at run time),
 * pushes filters whose variables a BGP surely binds into it, and wraps
 * sub-selects that may be evaluated many times in a replaying cache. */
#include <string.h>

#include "sparql/algebra.h"

typedef struct opt {
    kg_arena *arena;
    unsigned nslots;
    size_t words;
    bool nomem;
} opt;

static kg_varset vs_new(opt *o)
{
    kg_varset vs = kg_varset_new(o->arena, o->nslots);
    if (!vs)
        o->nomem = true;
    return vs;
}

static void vs_union(opt *o, kg_varset dst, const kg_varset src)
{
    for (size_t i = 0; i < o->words; i++)
        dst[i] |= src[i];
}

static void add_term(kg_varset vs, const kg_alg_term *t)
{
    if (t->is_var)
        kg_varset_add(vs, t->slot);
}

/* Every slot a pattern mentions anywhere (for EXISTS, which substitutes
 * into all of them). */
static void pattern_vars(const kg_alg *n, kg_varset vs)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->ntriples; i++) {
        add_term(vs, &n->triples[i].s);
        add_term(vs, &n->triples[i].p);
        add_term(vs, &n->triples[i].o);
    }
    for (size_t i = 0; i < n->nexprs; i++)
        kg_alg_expr_vars(n->exprs[i], vs);
    kg_alg_expr_vars(n->expr, vs);
    if (n->kind == KG_ALG_EXTEND)
        kg_varset_add(vs, n->slot);
    if (n->kind == KG_ALG_GRAPH)
        add_term(vs, &n->graph);
    if (n->kind == KG_ALG_VALUES)
        for (size_t i = 0; i < n->nslots; i++)
            kg_varset_add(vs, n->slots[i]);
    for (size_t i = 0; i < n->nkeys; i++) {
        kg_alg_expr_vars(n->keys[i], vs);
        kg_varset_add(vs, n->key_slots[i]);
    }
    for (size_t i = 0; i < n->naggs; i++) {
        kg_alg_expr_vars(n->aggs[i].arg, vs);
        kg_varset_add(vs, n->aggs[i].slot);
    }
    for (size_t i = 0; i < n->norder; i++)
        kg_alg_expr_vars(n->order[i].expr, vs);
    for (size_t i = 0; i < n->nkids; i++)
        pattern_vars(n->kids[i], vs);
}

void kg_alg_expr_vars(const kg_alg_expr *e, kg_varset vs)
{
    if (!e)
        return;
    if (e->kind == KG_EXPR_TERM)
        add_term(vs, &e->term);
    pattern_vars(e->pattern, vs);
    for (size_t i = 0; i < e->nargs; i++)
        kg_alg_expr_vars(e->args[i], vs);
}

static bool expr_has_exists(const kg_alg_expr *e)
{
    if (!e)
        return false;
    if (e->pattern)
        return true;
    for (size_t i = 0; i < e->nargs; i++)
        if (expr_has_exists(e->args[i]))
            return true;
    return false;
}

/* ----------------------------------------------------------- rewriting */

static bool is_bgp(const kg_alg *n)
{
    return n->kind == KG_ALG_BGP;
}

static void set_scope(opt *o, kg_alg *n);
static void compute_unsafe(opt *o, kg_alg *n, const kg_varset outer);

/* Flattens Join(Join(a, b), c) into Join(a, b, c), merges its BGPs into
 * the first one and puts small VALUES tables first, so their rows bind
 * variables before the patterns are scanned. */
static kg_alg *flatten_join(opt *o, kg_alg *n)
{
    size_t total = 0;
    for (size_t i = 0; i < n->nkids; i++)
        total += n->kids[i]->kind == KG_ALG_JOIN ? n->kids[i]->nkids : 1;
    kg_alg **flat = kg_arena_alloc(o->arena, total * sizeof *flat);
    if (!flat) {
        o->nomem = true;
        return n;
    }
    size_t nflat = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        kg_alg *k = n->kids[i];
        if (k->kind == KG_ALG_JOIN)
            for (size_t j = 0; j < k->nkids; j++)
                flat[nflat++] = k->kids[j];
        else
            flat[nflat++] = k;
    }
    kg_alg *bgp = NULL;
    size_t ntriples = 0, nexprs = 0;
    for (size_t i = 0; i < nflat; i++)
        if (is_bgp(flat[i])) {
            ntriples += flat[i]->ntriples;
            nexprs += flat[i]->nexprs;
        }
    kg_alg **out = kg_arena_alloc(o->arena, (nflat + 1) * sizeof *out);
    if (!out) {
        o->nomem = true;
        return n;
    }
    size_t nout = 0;
    for (size_t i = 0; i < nflat; i++)
        if (flat[i]->kind == KG_ALG_VALUES && flat[i]->nrows <= 64)
            out[nout++] = flat[i];
    for (size_t i = 0; i < nflat; i++) {
        kg_alg *k = flat[i];
        if (k->kind == KG_ALG_VALUES && k->nrows <= 64)
            continue;
        if (!is_bgp(k)) {
            out[nout++] = k;
            continue;
        }
        if (!bgp) {
            bgp = kg_arena_alloc(o->arena, sizeof *bgp);
            kg_alg_triple *tr = kg_arena_alloc(o->arena, (ntriples + 1) * sizeof *tr);
            kg_alg_expr **ex = kg_arena_alloc(o->arena, (nexprs + 1) * sizeof *ex);
            if (!bgp || !tr || !ex) {
                o->nomem = true;
                return n;
            }
            *bgp = *k;
            bgp->triples = tr;
            bgp->exprs = ex;
            bgp->ntriples = bgp->nexprs = 0;
            out[nout++] = bgp;
        }
        if (k->ntriples)
            memcpy(bgp->triples + bgp->ntriples, k->triples, k->ntriples * sizeof *k->triples);
        bgp->ntriples += k->ntriples;
        if (k->nexprs)
            memcpy(bgp->exprs + bgp->nexprs, k->exprs, k->nexprs * sizeof *k->exprs);
        bgp->nexprs += k->nexprs;
    }
    if (bgp) {
        set_scope(o, bgp);
        compute_unsafe(o, bgp, NULL);
    }
    if (nout == 1)
        return out[0];
    n->kids = out;
    n->nkids = nout;
    return n;
}

/* ---------------------------------------------------------------- scopes */

static void set_scope(opt *o, kg_alg *n)
{
    n->maybe = vs_new(o);
    n->certain = vs_new(o);
    if (!n->maybe || !n->certain)
        return;
    kg_varset m = n->maybe, c = n->certain;
    switch (n->kind) {
    case KG_ALG_BGP:
        for (size_t i = 0; i < n->ntriples; i++) {
            add_term(m, &n->triples[i].s);
            add_term(m, &n->triples[i].p);
            add_term(m, &n->triples[i].o);
        }
        vs_union(o, c, m);
        break;
    case KG_ALG_JOIN:
        for (size_t i = 0; i < n->nkids; i++) {
            vs_union(o, m, n->kids[i]->maybe);
            vs_union(o, c, n->kids[i]->certain);
        }
        break;
    case KG_ALG_LEFTJOIN:
        vs_union(o, m, n->kids[0]->maybe);
        vs_union(o, m, n->kids[1]->maybe);
        vs_union(o, c, n->kids[0]->certain);
        break;
    case KG_ALG_UNION:
        vs_union(o, c, n->kids[0]->certain);
        for (size_t i = 0; i < n->nkids; i++) {
            vs_union(o, m, n->kids[i]->maybe);
            for (size_t w = 0; w < o->words; w++)
                c[w] &= n->kids[i]->certain[w];
        }
        break;
    case KG_ALG_EXTEND:
        kg_varset_add(m, n->slot);
        /* fall through */
    case KG_ALG_MINUS:
    case KG_ALG_FILTER:
    case KG_ALG_ORDER:
    case KG_ALG_DISTINCT:
    case KG_ALG_SLICE:
    case KG_ALG_CACHE:
        vs_union(o, m, n->kids[0]->maybe);
        vs_union(o, c, n->kids[0]->certain);
        break;
    case KG_ALG_GRAPH:
        vs_union(o, m, n->kids[0]->maybe);
        vs_union(o, c, n->kids[0]->certain);
        add_term(m, &n->graph);
        add_term(c, &n->graph);
        break;
    case KG_ALG_VALUES:
        for (size_t i = 0; i < n->nslots; i++) {
            kg_varset_add(m, n->slots[i]);
            bool always = n->nrows > 0;
            for (size_t r = 0; r < n->nrows; r++)
                if (n->rows[r * n->nslots + i].kind == KG_TERM_NONE)
                    always = false;
            if (always)
                kg_varset_add(c, n->slots[i]);
        }
        break;
    case KG_ALG_GROUP:
        for (size_t i = 0; i < n->nkeys; i++)
            kg_varset_add(m, n->key_slots[i]);
        for (size_t i = 0; i < n->naggs; i++)
            kg_varset_add(m, n->aggs[i].slot);
        break;
    case KG_ALG_SERVICE:
        break;
    }
}

/* ------------------------------------------------------ filter pushdown */

static bool subset(opt *o, const kg_varset a, const kg_varset b)
{
    for (size_t i = 0; i < o->words; i++)
        if (a[i] & ~b[i])
            return false;
    return true;
}

static kg_alg *find_bgp(kg_alg *n)
{
    if (is_bgp(n))
        return n;
    if (n->kind == KG_ALG_JOIN)
        for (size_t i = 0; i < n->nkids; i++)
            if (is_bgp(n->kids[i]))
                return n->kids[i];
    if (n->kind == KG_ALG_LEFTJOIN || n->kind == KG_ALG_MINUS)
        return find_bgp(n->kids[0]);
    return NULL;
}

/* A filter whose variables are all surely bound by a BGP of the pattern
 * (directly, in a join, or on the left of OPTIONAL/MINUS, which keep the
 * left's values) can be checked inside that BGP as soon as they are bound. */
static kg_alg *push_filters(opt *o, kg_alg *n)
{
    kg_alg *bgp = find_bgp(n->kids[0]);
    if (!bgp || bgp->ntriples == 0)
        return n;
    kg_alg_expr **keep = n->exprs;
    size_t nkeep = 0, npush = 0;
    kg_alg_expr **pushed = kg_arena_alloc(o->arena, (bgp->nexprs + n->nexprs) * sizeof *pushed);
    kg_varset vs = vs_new(o);
    if (!pushed || !vs) {
        o->nomem = true;
        return n;
    }
    if (bgp->nexprs)
        memcpy(pushed, bgp->exprs, bgp->nexprs * sizeof *pushed);
    npush = bgp->nexprs;
    for (size_t i = 0; i < n->nexprs; i++) {
        memset(vs, 0, o->words * sizeof *vs);
        kg_alg_expr_vars(n->exprs[i], vs);
        if (!expr_has_exists(n->exprs[i]) && subset(o, vs, bgp->certain))
            pushed[npush++] = n->exprs[i];
        else
            keep[nkeep++] = n->exprs[i];
    }
    bgp->exprs = pushed;
    bgp->nexprs = npush;
    n->nexprs = nkeep;
    return nkeep ? n : n->kids[0];
}

/* --------------------------------------------------------- unsafe slots */

static void set_unsafe(opt *o, kg_alg *n, const kg_varset vs)
{
    size_t count = 0;
    for (unsigned s = 0; s < o->nslots; s++)
        count += kg_varset_has(vs, s);
    n->unsafe = kg_arena_alloc(o->arena, (count + 1) * sizeof *n->unsafe);
    if (!n->unsafe) {
        o->nomem = true;
        return;
    }
    n->nunsafe = 0;
    for (unsigned s = 0; s < o->nslots; s++)
        if (kg_varset_has(vs, s))
            n->unsafe[n->nunsafe++] = s;
}

/* vs |= (maybe(k) \ certain(k)) */
static void add_uncertain(opt *o, kg_varset vs, const kg_alg *k)
{
    for (size_t i = 0; i < o->words; i++)
        vs[i] |= k->maybe[i] & ~k->certain[i];
}

/* vs |= vars(e) \ scope */
static void add_outside(opt *o, kg_varset vs, const kg_alg_expr *e, const kg_varset scope)
{
    kg_varset ev = vs_new(o);
    if (!ev)
        return;
    kg_alg_expr_vars(e, ev);
    for (size_t i = 0; i < o->words; i++)
        vs[i] |= ev[i] & ~scope[i];
}

/* outer: within the pattern of an EXISTS, the slots its caller's solution
 * may bind. Those are substituted into the whole pattern (18.6), nested
 * groups included, so they are never unsafe there; the pattern's own
 * variables follow the usual rules, which evaluate a nested group on its
 * own before joining it (18.2.2.6). NULL outside EXISTS. */
static void compute_unsafe(opt *o, kg_alg *n, const kg_varset outer)
{
    kg_varset vs = vs_new(o);
    if (!vs)
        return;
    switch (n->kind) {
    case KG_ALG_FILTER:
        add_uncertain(o, vs, n->kids[0]);
        for (size_t i = 0; i < n->nexprs; i++)
            add_outside(o, vs, n->exprs[i], n->kids[0]->maybe);
        break;
    case KG_ALG_EXTEND:
        add_uncertain(o, vs, n->kids[0]);
        add_outside(o, vs, n->expr, n->kids[0]->maybe);
        break;
    case KG_ALG_LEFTJOIN:
        add_uncertain(o, vs, n->kids[0]);
        for (size_t i = 0; i < o->words; i++)
            vs[i] |= n->kids[1]->maybe[i] & ~n->kids[0]->certain[i];
        add_outside(o, vs, n->expr, n->maybe);
        break;
    case KG_ALG_MINUS:
        /* MINUS compares the left's own solution with the right's: any
         * other binding would take part in the comparison. */
        for (size_t i = 0; i < o->words; i++)
            vs[i] = ~n->kids[0]->certain[i];
        break;
    case KG_ALG_GROUP:
    case KG_ALG_ORDER:
    case KG_ALG_DISTINCT:
    case KG_ALG_SLICE:
    case KG_ALG_CACHE:
        for (size_t i = 0; i < o->words; i++)
            vs[i] = ~(uint64_t)0;
        set_unsafe(o, n, vs);
        return; /* a sub-select's variables are its own, EXISTS or not */
    default:
        break;
    }
    for (size_t i = 0; outer && i < o->words; i++)
        vs[i] &= ~outer[i];
    if (n->kind == KG_ALG_EXTEND)
        kg_varset_add(vs, n->slot);
    set_unsafe(o, n, vs);
}

static void optimize_expr(opt *o, kg_alg_expr *e, const kg_varset outer);

/* The slots an EXISTS in n's expressions may see bound: its enclosing
 * EXISTS's (outer) and those n's children may bind. */
static kg_varset exists_outer(opt *o, const kg_alg *n, const kg_varset outer)
{
    kg_varset vs = vs_new(o);
    if (!vs)
        return NULL;
    if (outer)
        vs_union(o, vs, outer);
    for (size_t i = 0; i < n->nkids; i++)
        vs_union(o, vs, n->kids[i]->maybe);
    return vs;
}

/* The children of these are opened once per opening of the node. */
static bool is_opaque(const kg_alg *n)
{
    return n->kind == KG_ALG_GROUP || n->kind == KG_ALG_ORDER || n->kind == KG_ALG_DISTINCT ||
           n->kind == KG_ALG_SLICE || n->kind == KG_ALG_CACHE;
}

static kg_alg *optimize(opt *o, kg_alg *n, const kg_varset outer, bool root)
{
    for (size_t i = 0; i < n->nkids; i++) {
        /* A sub-select's result does not depend on its caller's bindings,
         * so when it may be opened many times it is computed once. */
        n->kids[i] = optimize(o, n->kids[i], outer, is_opaque(n));
        if (o->nomem)
            return n;
    }
    kg_varset seen = exists_outer(o, n, outer);
    if (!seen)
        return n;
    for (size_t i = 0; i < n->nexprs; i++)
        optimize_expr(o, n->exprs[i], seen);
    optimize_expr(o, n->expr, seen);
    for (size_t i = 0; i < n->nkeys; i++)
        optimize_expr(o, n->keys[i], seen);
    for (size_t i = 0; i < n->naggs; i++)
        optimize_expr(o, n->aggs[i].arg, seen);
    for (size_t i = 0; i < n->norder; i++)
        optimize_expr(o, n->order[i].expr, seen);

    if (n->kind == KG_ALG_JOIN)
        n = flatten_join(o, n);
    set_scope(o, n);
    if (n->kind == KG_ALG_FILTER && !outer) {
        kg_alg *pushed = push_filters(o, n);
        if (pushed != n)
            return pushed;
    }
    compute_unsafe(o, n, outer);

    if (is_opaque(n) && !root) {
        kg_alg *c = kg_arena_alloc(o->arena, sizeof *c);
        kg_alg **kids = kg_arena_alloc(o->arena, sizeof *kids);
        if (!c || !kids) {
            o->nomem = true;
            return n;
        }
        memset(c, 0, sizeof *c);
        c->kind = KG_ALG_CACHE;
        c->kids = kids;
        c->kids[0] = n;
        c->nkids = 1;
        c->limit = -1;
        set_scope(o, c);
        compute_unsafe(o, c, outer);
        return c;
    }
    return n;
}

static void optimize_expr(opt *o, kg_alg_expr *e, const kg_varset outer)
{
    if (!e)
        return;
    if (e->pattern)
        e->pattern = optimize(o, e->pattern, outer, false);
    for (size_t i = 0; i < e->nargs; i++)
        optimize_expr(o, e->args[i], outer);
}

kg_status kg_alg_optimize(kg_arena *arena, kg_alg **node, unsigned nslots)
{
    opt o = {.arena = arena, .nslots = nslots, .words = (nslots + 63) / 64 + 1};
    *node = optimize(&o, *node, NULL, true);
    return o.nomem ? KG_ERR_NOMEM : KG_OK;
}
