/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/check.c - static checks over a parsed tree: variable scope
 * (18.2.1), BIND and AS scoping, grouping rules; fills SELECT * and
 * DESCRIBE * from the variables in scope. */
#include "sparql/check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
    kg_sparql_ast *ast;
    kg_error *err;
    kg_status status;
} checker;

/* A set of variables that remembers the order they were added in. */
typedef struct varset {
    unsigned char *in;
    unsigned *order;
    size_t n;
} varset;

static bool fail(checker *c, unsigned long line, unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail(checker *c, unsigned long line, unsigned long column, const char *fmt, ...)
{
    c->status = KG_ERR_SYNTAX;
    if (c->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
        va_end(ap);
        c->err->status = KG_ERR_SYNTAX;
        c->err->line = line;
        c->err->column = column;
    }
    return false;
}

static bool set_init(checker *c, varset *s)
{
    size_t n = c->ast->nvars ? c->ast->nvars : 1;
    s->in = calloc(n, 1);
    s->order = calloc(n, sizeof *s->order);
    s->n = 0;
    if (s->in && s->order)
        return true;
    free(s->in);
    free(s->order);
    c->status = KG_ERR_NOMEM;
    if (c->err) {
        c->err->status = KG_ERR_NOMEM;
        snprintf(c->err->message, sizeof c->err->message, "out of memory");
    }
    return false;
}

static void set_free(varset *s)
{
    free(s->in);
    free(s->order);
}

static void set_add(varset *s, unsigned v)
{
    if (!s->in[v]) {
        s->in[v] = 1;
        s->order[s->n++] = v;
    }
}

static void scope_term(varset *s, const kg_ast_term *t)
{
    if (t->kind == KG_AST_VAR || t->kind == KG_AST_BNODE_VAR)
        set_add(s, t->var);
}

/* Adds the variables in scope of p (18.2.1) to s, in order of appearance. */
static void scope(const kg_ast_pattern *p, varset *s)
{
    switch (p->kind) {
    case KG_PAT_GROUP:
    case KG_PAT_UNION:
        for (size_t i = 0; i < p->nitems; i++)
            scope(p->items[i], s);
        break;
    case KG_PAT_BGP:
        for (size_t i = 0; i < p->ntriples; i++) {
            scope_term(s, &p->triples[i].s);
            scope_term(s, &p->triples[i].p);
            scope_term(s, &p->triples[i].o);
        }
        break;
    case KG_PAT_OPTIONAL:
        scope(p->child, s);
        break;
    case KG_PAT_GRAPH:
    case KG_PAT_SERVICE:
        scope_term(s, &p->term);
        scope(p->child, s);
        break;
    case KG_PAT_BIND:
        set_add(s, p->var);
        break;
    case KG_PAT_VALUES:
        for (size_t i = 0; i < p->values->nvars; i++)
            set_add(s, p->values->vars[i]);
        break;
    case KG_PAT_SUBSELECT:
        for (size_t i = 0; i < p->select->nproj; i++)
            set_add(s, p->select->proj[i].var);
        break;
    case KG_PAT_MINUS:
    case KG_PAT_FILTER:
        break;
    }
}

static const char *var_name(const checker *c, unsigned v)
{
    return c->ast->vars[v].name;
}

static bool check_select(checker *c, kg_ast_select *s);
static bool check_pattern(checker *c, const kg_ast_pattern *p);

static bool check_expr(checker *c, const kg_ast_expr *e)
{
    if (!e)
        return true;
    for (size_t i = 0; i < e->nargs; i++)
        if (!check_expr(c, e->args[i]))
            return false;
    if (e->pattern)
        return check_pattern(c, e->pattern);
    return true;
}

/* BIND must introduce a variable not in scope of what precedes it in its
 * group. */
static bool check_binds(checker *c, const kg_ast_pattern *g)
{
    bool any = false;
    for (size_t i = 0; i < g->nitems && !any; i++)
        any = g->items[i]->kind == KG_PAT_BIND;
    if (!any)
        return true;
    varset before;
    if (!set_init(c, &before))
        return false;
    bool ok = true;
    for (size_t i = 0; i < g->nitems && ok; i++) {
        const kg_ast_pattern *item = g->items[i];
        if (item->kind == KG_PAT_BIND && before.in[item->var])
            ok = fail(c, item->line, item->column,
                      "BIND assigns ?%s, which is already used earlier in the group",
                      var_name(c, item->var));
        scope(item, &before);
    }
    set_free(&before);
    return ok;
}

static bool check_pattern(checker *c, const kg_ast_pattern *p)
{
    for (size_t i = 0; i < p->nitems; i++)
        if (!check_pattern(c, p->items[i]))
            return false;
    if (p->child && !check_pattern(c, p->child))
        return false;
    if (!check_expr(c, p->expr))
        return false;
    if (p->kind == KG_PAT_SUBSELECT)
        return check_select(c, p->select);
    if (p->kind == KG_PAT_GROUP)
        return check_binds(c, p);
    return true;
}

/* The first variable of e outside aggregates (and EXISTS) not in ok, or
 * -1 when there is none. */
static long ungrouped_var(const kg_ast_expr *e, const varset *ok)
{
    if (e->kind == KG_EXPR_AGGREGATE)
        return -1;
    if (e->kind == KG_EXPR_TERM && e->term.kind == KG_AST_VAR && !ok->in[e->term.var])
        return (long)e->term.var;
    for (size_t i = 0; i < e->nargs; i++) {
        long v = ungrouped_var(e->args[i], ok);
        if (v >= 0)
            return v;
    }
    return -1;
}

/* With grouping, a projection may use only grouping variables, aggregates
 * and the names of earlier projection expressions. */
static bool check_grouping(checker *c, const kg_ast_select *s)
{
    varset ok;
    if (!set_init(c, &ok))
        return false;
    for (size_t i = 0; i < s->ngroup; i++) {
        const kg_ast_group_key *k = &s->group[i];
        if (k->has_var)
            set_add(&ok, k->var);
        else if (k->expr->kind == KG_EXPR_TERM && k->expr->term.kind == KG_AST_VAR)
            set_add(&ok, k->expr->term.var);
    }
    bool good = true;
    for (size_t i = 0; i < s->nproj && good; i++) {
        const kg_ast_projection *pr = &s->proj[i];
        long v = pr->expr ? ungrouped_var(pr->expr, &ok) : (ok.in[pr->var] ? -1 : (long)pr->var);
        if (v >= 0)
            good = fail(c, pr->line, pr->column, "variable ?%s used in SELECT is not grouped",
                        var_name(c, (unsigned)v));
        set_add(&ok, pr->var);
    }
    set_free(&ok);
    return good;
}

/* The non-blank variables of where, in order, in the tree's arena; NULL on
 * ENOMEM (then c->status says so). */
static unsigned *named_vars(checker *c, const varset *where, size_t *n)
{
    *n = 0;
    unsigned *vars = kg_arena_alloc(c->ast->arena, (where->n ? where->n : 1) * sizeof *vars);
    if (!vars) {
        c->status = KG_ERR_NOMEM;
        return NULL;
    }
    for (size_t i = 0; i < where->n; i++)
        if (!c->ast->vars[where->order[i]].blank)
            vars[(*n)++] = where->order[i];
    return vars;
}

/* Fills the projection of SELECT *: the non-blank variables in scope. */
static bool star_projection(checker *c, kg_ast_select *s, const varset *where)
{
    size_t n;
    unsigned *vars = named_vars(c, where, &n);
    kg_ast_projection *proj = vars ? kg_arena_alloc(c->ast->arena, (n ? n : 1) * sizeof *proj) : NULL;
    if (!proj) {
        c->status = KG_ERR_NOMEM;
        return false;
    }
    memset(proj, 0, (n ? n : 1) * sizeof *proj);
    for (size_t i = 0; i < n; i++)
        proj[i].var = vars[i];
    s->proj = proj;
    s->nproj = n;
    return true;
}

/* COUNT(DISTINCT *) compares solutions on the variables in scope. */
static bool distinct_star_scope(checker *c, kg_ast_select *s, const varset *where)
{
    for (size_t i = 0; i < s->naggs; i++)
        if (s->aggs[i]->star && s->aggs[i]->distinct)
            return (s->scope = named_vars(c, where, &s->nscope)) != NULL;
    return true;
}

static bool check_select(checker *c, kg_ast_select *s)
{
    if (!check_pattern(c, s->where))
        return false;
    for (size_t i = 0; i < s->nproj; i++)
        if (!check_expr(c, s->proj[i].expr))
            return false;
    for (size_t i = 0; i < s->ngroup; i++)
        if (!check_expr(c, s->group[i].expr))
            return false;
    for (size_t i = 0; i < s->nhaving; i++)
        if (!check_expr(c, s->having[i]))
            return false;
    for (size_t i = 0; i < s->norder; i++)
        if (!check_expr(c, s->order[i].expr))
            return false;
    varset where;
    if (!set_init(c, &where))
        return false;
    scope(s->where, &where);
    bool ok = true;
    /* A trailing VALUES block joins the WHERE's solutions (18.2.4.3), so
     * its variables are in scope for SELECT * (18.2.1). */
    for (size_t i = 0; s->star && s->values && i < s->values->nvars; i++)
        set_add(&where, s->values->vars[i]);
    if (s->star) {
        if (s->grouped)
            ok = fail(c, s->where->line, s->where->column,
                      "SELECT * is not allowed with GROUP BY or aggregates");
        else
            ok = star_projection(c, s, &where);
    } else {
        /* (expr AS ?v): ?v must be new to the WHERE and to the SELECT. */
        for (size_t i = 0; i < s->nproj && ok; i++) {
            const kg_ast_projection *pr = &s->proj[i];
            if (pr->expr && where.in[pr->var])
                ok = fail(c, pr->line, pr->column,
                          "variable ?%s in (... AS ?%s) is already in scope", var_name(c, pr->var),
                          var_name(c, pr->var));
            set_add(&where, pr->var);
        }
    }
    if (ok)
        ok = distinct_star_scope(c, s, &where);
    set_free(&where);
    if (ok && s->grouped && !s->star)
        ok = check_grouping(c, s);
    return ok;
}

static bool describe_star(checker *c)
{
    kg_sparql_ast *ast = c->ast;
    varset where;
    if (!set_init(c, &where))
        return false;
    scope(ast->select->where, &where);
    kg_ast_term *t = kg_arena_alloc(ast->arena, (where.n ? where.n : 1) * sizeof *t);
    bool ok = t != NULL;
    if (ok) {
        size_t k = 0;
        for (size_t i = 0; i < where.n; i++) {
            if (ast->vars[where.order[i]].blank)
                continue;
            t[k] = (kg_ast_term){.kind = KG_AST_VAR, .var = where.order[i]};
            k++;
        }
        ast->describe = t;
        ast->ndescribe = k;
    } else {
        c->status = KG_ERR_NOMEM;
    }
    set_free(&where);
    return ok;
}

kg_status kg_sparql_check(kg_sparql_ast *ast, kg_error *err)
{
    checker c = {ast, err, KG_OK};
    if (ast->form == KG_QUERY_UPDATE) {
        for (size_t i = 0; i < ast->nupdates; i++)
            if (ast->updates[i].where && !check_pattern(&c, ast->updates[i].where))
                return c.status;
        return KG_OK;
    }
    if (!check_select(&c, ast->select))
        return c.status;
    if (ast->form == KG_QUERY_DESCRIBE && ast->describe_star && !describe_star(&c))
        return c.status;
    return KG_OK;
}
