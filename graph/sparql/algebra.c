/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/algebra.c - translation of a checked syntax tree into the SPARQL
 * algebra (SPARQL 1.1 sections 18.2.2 to 18.2.5): group graph patterns,
 * filter scope, OPTIONAL as LeftJoin with its filter, MINUS, GRAPH, BIND,
 * VALUES, property paths (18.2.2.4), sub-selects with their own variables,
 * grouping, aggregates, HAVING and the solution modifiers.
 *
 * The optimiser (optimize.c) runs afterwards; this file only produces the
 * spec's algebra, with one liberty: adjacent BGPs are merged by the
 * optimiser, not here. */
#include "sparql/algebra.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define NO_SLOT UINT_MAX

typedef struct tr {
    kg_arena *arena;
    const kg_sparql_ast *ast;
    kg_error *err;
    unsigned nslots;
    unsigned nexists;
    unsigned *map;       /* ast variable -> slot in the current scope */
    unsigned *agg_slots; /* the current select's aggregates */
    bool nomem;
} tr;

kg_varset kg_varset_new(kg_arena *arena, unsigned nslots)
{
    size_t words = (nslots + 63) / 64 + 1;
    kg_varset vs = kg_arena_alloc(arena, words * sizeof *vs);
    if (vs)
        memset(vs, 0, words * sizeof *vs);
    return vs;
}

static void *alloc0(tr *t, size_t size)
{
    void *p = kg_arena_alloc(t->arena, size ? size : 1);
    if (!p) {
        t->nomem = true;
        return NULL;
    }
    memset(p, 0, size ? size : 1);
    return p;
}

static kg_alg *node(tr *t, kg_alg_kind kind, size_t nkids)
{
    kg_alg *n = alloc0(t, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->limit = -1;
    if (nkids) {
        n->kids = alloc0(t, nkids * sizeof *n->kids);
        if (!n->kids)
            return NULL;
        n->nkids = nkids;
    }
    return n;
}

static unsigned fresh(tr *t)
{
    return t->nslots++;
}

static unsigned slot_of(tr *t, unsigned var)
{
    if (t->map[var] == NO_SLOT)
        t->map[var] = fresh(t);
    return t->map[var];
}

kg_term kg_alg_const_term(const kg_ast_term *a)
{
    kg_term term = a->term;
    if (a->kind == KG_AST_IRI)
        term.kind = KG_TERM_IRI;
    else if (a->kind == KG_AST_LITERAL)
        term.kind = KG_TERM_LITERAL;
    else if (a->kind == KG_AST_BNODE)
        term.kind = KG_TERM_BLANK;
    else
        term.kind = KG_TERM_NONE;
    return term;
}

static kg_alg_term term_of(tr *t, const kg_ast_term *a)
{
    kg_alg_term out = {0};
    if (a->kind == KG_AST_VAR || a->kind == KG_AST_BNODE_VAR) {
        out.is_var = true;
        out.slot = slot_of(t, a->var);
    } else {
        out.term = kg_alg_const_term(a);
    }
    return out;
}

static kg_alg *translate_group(tr *t, const kg_ast_pattern *group);
static kg_alg *translate_select(tr *t, const kg_ast_select *sel, unsigned **proj, size_t *nproj);

/* ------------------------------------------------------------ expressions */

static kg_alg_expr *translate_expr(tr *t, const kg_ast_expr *e)
{
    if (!e)
        return NULL;
    kg_alg_expr *x = alloc0(t, sizeof *x);
    if (!x)
        return NULL;
    x->kind = e->kind;
    x->cmp = e->cmp;
    x->op = e->op;
    x->fn = e->fn;
    x->iri = e->iri;
    switch (e->kind) {
    case KG_EXPR_TERM:
        x->term = term_of(t, &e->term);
        return x;
    case KG_EXPR_AGGREGATE:
        /* The Group node computes it into a slot (18.2.4.1). */
        x->kind = KG_EXPR_TERM;
        x->term.is_var = true;
        x->term.slot = t->agg_slots ? t->agg_slots[e->agg_index] : fresh(t);
        return x;
    case KG_EXPR_EXISTS:
    case KG_EXPR_NOT_EXISTS:
        x->pattern = translate_group(t, e->pattern);
        x->exists_index = t->nexists++;
        return x;
    default:
        break;
    }
    if (e->nargs) {
        x->args = alloc0(t, e->nargs * sizeof *x->args);
        if (!x->args)
            return NULL;
        x->nargs = e->nargs;
        for (size_t i = 0; i < e->nargs; i++)
            x->args[i] = translate_expr(t, e->args[i]);
    }
    return x;
}

/* ---------------------------------------------------------------- paths */

static kg_term iri_term(const char *iri)
{
    return kg_term_iri(iri);
}

kg_alg_path *kg_alg_path_from_ast(kg_arena *arena, const kg_ast_path *p, bool inverse)
{
    kg_alg_path *x = kg_arena_alloc(arena, sizeof *x);
    if (!x)
        return NULL;
    memset(x, 0, sizeof *x);
    switch (p->kind) {
    case KG_PATH_LINK:
        x->kind = KG_APATH_LINK;
        x->iri = iri_term(p->iri);
        x->inverse = inverse;
        return x;
    case KG_PATH_INVERSE:
        return kg_alg_path_from_ast(arena, p->sub[0], !inverse);
    case KG_PATH_NEGATED: {
        x->kind = KG_APATH_NEGATED;
        /* ^!(a|^b) is !(^a|b). */
        const char **fwd = inverse ? p->inverse_iris : p->iris;
        const char **bwd = inverse ? p->iris : p->inverse_iris;
        x->niris = inverse ? p->ninverse_iris : p->niris;
        x->ninverse_iris = inverse ? p->niris : p->ninverse_iris;
        x->iris = kg_arena_alloc(arena, (x->niris + 1) * sizeof *x->iris);
        x->inverse_iris = kg_arena_alloc(arena, (x->ninverse_iris + 1) * sizeof *x->inverse_iris);
        if (!x->iris || !x->inverse_iris)
            return NULL;
        for (size_t i = 0; i < x->niris; i++)
            x->iris[i] = iri_term(fwd[i]);
        for (size_t i = 0; i < x->ninverse_iris; i++)
            x->inverse_iris[i] = iri_term(bwd[i]);
        return x;
    }
    case KG_PATH_SEQ:
    case KG_PATH_ALT:
        x->kind = p->kind == KG_PATH_SEQ ? KG_APATH_SEQ : KG_APATH_ALT;
        break;
    case KG_PATH_ZERO_OR_MORE:
        x->kind = KG_APATH_STAR;
        break;
    case KG_PATH_ONE_OR_MORE:
        x->kind = KG_APATH_PLUS;
        break;
    case KG_PATH_ZERO_OR_ONE:
        x->kind = KG_APATH_OPT;
        break;
    }
    x->nsub = p->nsub;
    x->sub = kg_arena_alloc(arena, p->nsub * sizeof *x->sub);
    if (!x->sub)
        return NULL;
    for (size_t i = 0; i < p->nsub; i++) {
        /* The inverse of a sequence is the sequence of inverses reversed. */
        size_t from = inverse && x->kind == KG_APATH_SEQ ? p->nsub - 1 - i : i;
        x->sub[i] = kg_alg_path_from_ast(arena, p->sub[from], inverse);
        if (!x->sub[i])
            return NULL;
    }
    return x;
}

typedef struct triples {
    kg_alg_triple *items;
    size_t n, cap;
} triples;

static kg_alg_triple *push_triple(tr *t, triples *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        kg_alg_triple *items = alloc0(t, cap * sizeof *items);
        if (!items)
            return NULL;
        if (v->n)
            memcpy(items, v->items, v->n * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    kg_alg_triple *x = &v->items[v->n++];
    memset(x, 0, sizeof *x);
    return x;
}

/* 18.2.2.4: links become triple patterns (reversed for inverses) and
 * sequences become joins through fresh variables; the rest stay paths. */
static void expand_path(tr *t, triples *v, kg_alg_term s, const kg_alg_path *path, kg_alg_term o)
{
    if (path->kind == KG_APATH_LINK) {
        kg_alg_triple *x = push_triple(t, v);
        if (!x)
            return;
        x->s = path->inverse ? o : s;
        x->o = path->inverse ? s : o;
        x->p.term = path->iri;
        return;
    }
    if (path->kind == KG_APATH_SEQ) {
        kg_alg_term from = s;
        for (size_t i = 0; i < path->nsub; i++) {
            kg_alg_term to = o;
            if (i + 1 < path->nsub) {
                to.is_var = true;
                to.slot = fresh(t);
                memset(&to.term, 0, sizeof to.term);
            }
            expand_path(t, v, from, path->sub[i], to);
            from = to;
        }
        return;
    }
    kg_alg_triple *x = push_triple(t, v);
    if (!x)
        return;
    x->s = s;
    x->o = o;
    x->path = (kg_alg_path *)path;
}

static kg_alg *translate_bgp(tr *t, const kg_ast_pattern *p)
{
    kg_alg *n = node(t, KG_ALG_BGP, 0);
    if (!n)
        return NULL;
    triples v = {0};
    for (size_t i = 0; i < p->ntriples; i++) {
        const kg_ast_triple *a = &p->triples[i];
        kg_alg_term s = term_of(t, &a->s), o = term_of(t, &a->o);
        if (!a->path) {
            kg_alg_triple *x = push_triple(t, &v);
            if (!x)
                return NULL;
            x->s = s;
            x->p = term_of(t, &a->p);
            x->o = o;
            continue;
        }
        kg_alg_path *path = kg_alg_path_from_ast(t->arena, a->path, false);
        if (!path) {
            t->nomem = true;
            return NULL;
        }
        expand_path(t, &v, s, path, o);
    }
    n->triples = v.items;
    n->ntriples = v.n;
    return n;
}

/* ------------------------------------------------------- group patterns */

static kg_alg *join2(tr *t, kg_alg *a, kg_alg *b)
{
    if (!a || !b)
        return NULL;
    /* Join(Z, X) = X: the empty BGP is the join identity. */
    if (a->kind == KG_ALG_BGP && a->ntriples == 0 && a->nexprs == 0)
        return b;
    if (b->kind == KG_ALG_BGP && b->ntriples == 0 && b->nexprs == 0)
        return a;
    kg_alg *n = node(t, KG_ALG_JOIN, 2);
    if (!n)
        return NULL;
    n->kids[0] = a;
    n->kids[1] = b;
    return n;
}

static kg_alg *unary(tr *t, kg_alg_kind kind, kg_alg *kid)
{
    if (!kid)
        return NULL;
    kg_alg *n = node(t, kind, 1);
    if (n)
        n->kids[0] = kid;
    return n;
}

static kg_alg *translate_values(tr *t, const kg_ast_values *v)
{
    kg_alg *n = node(t, KG_ALG_VALUES, 0);
    if (!n)
        return NULL;
    n->nslots = v->nvars;
    n->slots = alloc0(t, v->nvars * sizeof *n->slots);
    n->nrows = v->nrows;
    n->rows = alloc0(t, v->nrows * v->nvars * sizeof *n->rows);
    if (!n->slots || !n->rows)
        return NULL;
    for (size_t i = 0; i < v->nvars; i++)
        n->slots[i] = slot_of(t, v->vars[i]);
    for (size_t i = 0; i < v->nrows * v->nvars; i++)
        n->rows[i] = kg_alg_const_term(&v->rows[i]);
    return n;
}

/* filters has room for every FILTER of the group; nfilters counts those
 * translated so far. */
static kg_alg *translate_item(tr *t, kg_alg *g, const kg_ast_pattern *p, kg_alg_expr **filters,
                              size_t *nfilters)
{
    switch (p->kind) {
    case KG_PAT_BGP:
        return join2(t, g, translate_bgp(t, p));
    case KG_PAT_OPTIONAL: {
        kg_alg *a = translate_group(t, p->child);
        kg_alg *n = node(t, KG_ALG_LEFTJOIN, 2);
        if (!a || !n)
            return NULL;
        n->kids[0] = g;
        if (a->kind == KG_ALG_FILTER) {
            /* The OPTIONAL group's filters are the left join's condition. */
            kg_alg_expr *cond = a->exprs[0];
            for (size_t i = 1; i < a->nexprs; i++) {
                kg_alg_expr *and = alloc0(t, sizeof *and);
                if (!and)
                    return NULL;
                and->kind = KG_EXPR_AND;
                and->args = alloc0(t, 2 * sizeof *and->args);
                if (!and->args)
                    return NULL;
                and->nargs = 2;
                and->args[0] = cond;
                and->args[1] = a->exprs[i];
                cond = and;
            }
            n->expr = cond;
            a = a->kids[0];
        }
        n->kids[1] = a;
        return n;
    }
    case KG_PAT_MINUS: {
        kg_alg *n = node(t, KG_ALG_MINUS, 2);
        if (!n)
            return NULL;
        n->kids[0] = g;
        n->kids[1] = translate_group(t, p->child);
        return n->kids[1] ? n : NULL;
    }
    case KG_PAT_UNION: {
        kg_alg *n = node(t, KG_ALG_UNION, p->nitems);
        if (!n)
            return NULL;
        for (size_t i = 0; i < p->nitems; i++)
            if (!(n->kids[i] = translate_group(t, p->items[i])))
                return NULL;
        return join2(t, g, n);
    }
    case KG_PAT_GRAPH: {
        kg_alg *n = unary(t, KG_ALG_GRAPH, translate_group(t, p->child));
        if (!n)
            return NULL;
        n->graph = term_of(t, &p->term);
        return join2(t, g, n);
    }
    case KG_PAT_SERVICE: {
        kg_alg *n = node(t, KG_ALG_SERVICE, 0);
        if (!n)
            return NULL;
        n->silent = p->silent;
        return join2(t, g, n);
    }
    case KG_PAT_FILTER:
        filters[(*nfilters)++] = translate_expr(t, p->expr);
        return g;
    case KG_PAT_BIND: {
        kg_alg *n = unary(t, KG_ALG_EXTEND, g);
        if (!n)
            return NULL;
        n->expr = translate_expr(t, p->expr);
        n->slot = slot_of(t, p->var);
        return n;
    }
    case KG_PAT_VALUES:
        return join2(t, g, translate_values(t, p->values));
    case KG_PAT_GROUP:
        return join2(t, g, translate_group(t, p));
    case KG_PAT_SUBSELECT:
        return join2(t, g, translate_select(t, p->select, NULL, NULL));
    }
    return NULL;
}

static kg_alg *translate_group(tr *t, const kg_ast_pattern *group)
{
    kg_alg *g = node(t, KG_ALG_BGP, 0);
    /* Tolerate a bare element where a group is expected. */
    bool bare = group->kind != KG_PAT_GROUP;
    size_t nitems = bare ? 1 : group->nitems, room = 0, nfilters = 0;
    for (size_t i = 0; i < nitems; i++)
        room += (bare ? group : group->items[i])->kind == KG_PAT_FILTER;
    /* one array for all: growing it per FILTER in the arena took memory
     * quadratic in their number */
    kg_alg_expr **filters = alloc0(t, (room + 1) * sizeof *filters);
    if (!filters)
        return NULL;
    if (bare)
        return g ? translate_item(t, g, group, filters, &nfilters) : NULL;
    for (size_t i = 0; g && i < group->nitems; i++)
        g = translate_item(t, g, group->items[i], filters, &nfilters);
    if (!g || !nfilters)
        return g;
    kg_alg *f = unary(t, KG_ALG_FILTER, g);
    if (!f)
        return NULL;
    f->exprs = filters;
    f->nexprs = nfilters;
    return f;
}

/* ------------------------------------------------- selects and modifiers */

static kg_alg *translate_select(tr *t, const kg_ast_select *sel, unsigned **proj_out,
                                size_t *nproj_out)
{
    unsigned *outer_map = t->map, *outer_aggs = t->agg_slots;
    bool sub = proj_out == NULL;
    if (sub) {
        /* A sub-select sees only what it projects of the outer variables:
         * every other variable inside it is its own. */
        unsigned *map = alloc0(t, t->ast->nvars * sizeof *map + 1);
        if (!map)
            return NULL;
        for (size_t i = 0; i < t->ast->nvars; i++)
            map[i] = NO_SLOT;
        for (size_t i = 0; i < sel->nproj; i++) {
            unsigned v = sel->proj[i].var;
            if (outer_map[v] == NO_SLOT)
                outer_map[v] = fresh(t);
            map[v] = outer_map[v];
        }
        t->map = map;
    }
    t->agg_slots = NULL;
    if (sel->naggs) {
        t->agg_slots = alloc0(t, sel->naggs * sizeof *t->agg_slots);
        if (!t->agg_slots)
            return NULL;
        for (size_t i = 0; i < sel->naggs; i++)
            t->agg_slots[i] = fresh(t);
    }

    /* The WHERE is translated without aggregate slots: aggregates cannot
     * appear there, but EXISTS inside it must not see this select's. */
    unsigned *aggs = t->agg_slots;
    t->agg_slots = NULL;
    kg_alg *p = translate_group(t, sel->where);
    t->agg_slots = aggs;

    if (p && sel->grouped) {
        kg_alg *g = unary(t, KG_ALG_GROUP, p);
        if (!g)
            return NULL;
        g->nkeys = sel->ngroup;
        g->keys = alloc0(t, sel->ngroup * sizeof *g->keys);
        g->key_slots = alloc0(t, sel->ngroup * sizeof *g->key_slots);
        g->naggs = sel->naggs;
        g->aggs = alloc0(t, sel->naggs * sizeof *g->aggs);
        if (!g->keys || !g->key_slots || !g->aggs)
            return NULL;
        for (size_t i = 0; i < sel->ngroup; i++) {
            const kg_ast_group_key *k = &sel->group[i];
            g->keys[i] = translate_expr(t, k->expr);
            if (k->has_var)
                g->key_slots[i] = slot_of(t, k->var);
            else if (k->expr->kind == KG_EXPR_TERM && k->expr->term.kind == KG_AST_VAR)
                g->key_slots[i] = slot_of(t, k->expr->term.var);
            else
                g->key_slots[i] = fresh(t);
        }
        for (size_t i = 0; i < sel->naggs; i++) {
            const kg_ast_expr *a = sel->aggs[i];
            kg_alg_agg *x = &g->aggs[i];
            x->kind = a->agg;
            x->distinct = a->distinct;
            x->star = a->star;
            x->separator = a->separator;
            x->slot = t->agg_slots[i];
            if (a->star && a->distinct) {
                x->nscope = sel->nscope;
                x->scope = alloc0(t, (sel->nscope + 1) * sizeof *x->scope);
                if (!x->scope)
                    return NULL;
                for (size_t v = 0; v < sel->nscope; v++)
                    x->scope[v] = slot_of(t, sel->scope[v]);
            }
            /* An aggregate's argument is evaluated per row, before grouping. */
            unsigned *keep = t->agg_slots;
            t->agg_slots = NULL;
            x->arg = a->nargs ? translate_expr(t, a->args[0]) : NULL;
            t->agg_slots = keep;
        }
        p = g;
    }
    if (p && sel->nhaving) {
        kg_alg *f = unary(t, KG_ALG_FILTER, p);
        if (!f)
            return NULL;
        f->nexprs = sel->nhaving;
        f->exprs = alloc0(t, sel->nhaving * sizeof *f->exprs);
        if (!f->exprs)
            return NULL;
        for (size_t i = 0; i < sel->nhaving; i++)
            f->exprs[i] = translate_expr(t, sel->having[i]);
        p = f;
    }
    if (p && sel->values)
        p = join2(t, p, translate_values(t, sel->values));
    for (size_t i = 0; p && i < sel->nproj; i++) {
        if (!sel->proj[i].expr)
            continue;
        kg_alg *e = unary(t, KG_ALG_EXTEND, p);
        if (!e)
            return NULL;
        e->expr = translate_expr(t, sel->proj[i].expr);
        e->slot = slot_of(t, sel->proj[i].var);
        p = e;
    }
    if (p && sel->norder) {
        kg_alg *o = unary(t, KG_ALG_ORDER, p);
        if (!o)
            return NULL;
        o->norder = sel->norder;
        o->order = alloc0(t, sel->norder * sizeof *o->order);
        if (!o->order)
            return NULL;
        for (size_t i = 0; i < sel->norder; i++) {
            o->order[i].expr = translate_expr(t, sel->order[i].expr);
            o->order[i].descending = sel->order[i].descending;
        }
        p = o;
    }
    unsigned *proj = alloc0(t, sel->nproj * sizeof *proj);
    if (!proj)
        return NULL;
    for (size_t i = 0; i < sel->nproj; i++)
        proj[i] = slot_of(t, sel->proj[i].var);
    if (p && sel->modifier != KG_MOD_NONE) {
        /* REDUCED may drop any duplicates; dropping all of them is simplest. */
        kg_alg *d = unary(t, KG_ALG_DISTINCT, p);
        if (!d)
            return NULL;
        d->slots = proj;
        d->nslots = sel->nproj;
        p = d;
    }
    if (p && (sel->offset > 0 || sel->limit >= 0)) {
        kg_alg *s = unary(t, KG_ALG_SLICE, p);
        if (!s)
            return NULL;
        s->offset = sel->offset;
        s->limit = sel->limit;
        /* ORDER BY right under LIMIT need only keep the first rows (top-k) */
        if (p->kind == KG_ALG_ORDER && sel->limit >= 0 && sel->limit <= INT64_MAX - sel->offset)
            p->limit = sel->offset + sel->limit;
        p = s;
    }
    if (proj_out) {
        *proj_out = proj;
        *nproj_out = sel->nproj;
    }
    t->map = outer_map;
    t->agg_slots = outer_aggs;
    return p;
}

kg_status kg_alg_translate(kg_arena *arena, const kg_sparql_ast *ast, const kg_ast_select *select,
                           const kg_ast_pattern *where, kg_alg_plan *plan, kg_error *err)
{
    tr t = {.arena = arena, .ast = ast, .err = err, .nslots = (unsigned)ast->nvars};
    memset(plan, 0, sizeof *plan);
    t.map = alloc0(&t, ast->nvars * sizeof *t.map + 1);
    if (!t.map)
        return KG_ERR_NOMEM;
    for (size_t i = 0; i < ast->nvars; i++)
        t.map[i] = (unsigned)i;
    kg_alg *root;
    if (select) {
        root = translate_select(&t, select, &plan->proj, &plan->nproj);
    } else {
        root = translate_group(&t, where);
    }
    if (!root || t.nomem)
        return KG_ERR_NOMEM;
    plan->proj_names = alloc0(&t, plan->nproj * sizeof *plan->proj_names);
    if (!plan->proj_names)
        return KG_ERR_NOMEM;
    for (size_t i = 0; i < plan->nproj; i++)
        plan->proj_names[i] = ast->vars[select->proj[i].var].name;
    plan->nslots = t.nslots;
    plan->nexists = t.nexists;
    kg_status st = kg_alg_optimize(arena, &root, plan->nslots);
    if (st != KG_OK)
        return st;
    plan->root = root;
    return KG_OK;
}
