/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/parse_expr.c - the expression and property path parts of the
 * SPARQL 1.1 grammar (rules [110]-[139] and [88]-[96]): operator precedence,
 * built-in calls, aggregates, function calls and paths. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sparql/parse_internal.h"

static kg_ast_expr *new_expr(kg_parser *p, kg_ast_expr_kind kind, kg_srcpos at)
{
    kg_ast_expr *e = kg_parse_alloc(p, sizeof *e);
    e->kind = kind;
    e->line = at.line;
    e->column = at.column;
    e->height = 1;
    return e;
}

/* Sets e's height from its operands, now that they are all there. The
 * parser reads chains such as 1+1+...+1 in a loop, so its own depth limit
 * does not see them; the tree they make is checked here, where the token
 * after the operand that made it too tall is. */
static void grown(kg_parser *p, kg_ast_expr *e)
{
    size_t below = e->pattern ? e->pattern->height : 0;
    for (size_t i = 0; i < e->nargs; i++)
        if (e->args[i]->height > below)
            below = e->args[i]->height;
    e->height = kg_parse_height(p, below + 1, p->tok.offset);
}

static kg_ast_expr *binary(kg_parser *p, kg_ast_expr_kind kind, kg_srcpos at, kg_ast_expr *a,
                           kg_ast_expr *b)
{
    kg_ast_expr *e = new_expr(p, kind, at);
    e->args = kg_parse_alloc(p, 2 * sizeof *e->args);
    e->args[0] = a;
    e->args[1] = b;
    e->nargs = 2;
    grown(p, e);
    return e;
}

static void push_arg(kg_parser *p, kg_pvec *args, kg_ast_expr *e)
{
    *(kg_ast_expr **)kg_pvec_push(p, args, sizeof e) = e;
}

static void set_args(kg_parser *p, kg_ast_expr *e, kg_pvec *args)
{
    e->args = args->data;
    e->nargs = args->n;
    grown(p, e);
}

/* ExpressionList ::= NIL | '(' Expression ( ',' Expression )* ')', appended
 * to args. */
static void expression_list(kg_parser *p, kg_pvec *args)
{
    if (kg_parse_accept(p, KG_TOK_NIL))
        return;
    kg_parse_expect(p, KG_TOK_LPAREN, "'('");
    do
        push_arg(p, args, kg_parse_expression(p));
    while (kg_parse_accept(p, KG_TOK_COMMA));
    kg_parse_expect(p, KG_TOK_RPAREN, "')' to close the argument list");
}

static const struct {
    const char *name;
    kg_aggregate agg;
} aggregates[] = {
    {"COUNT", KG_AGG_COUNT}, {"SUM", KG_AGG_SUM},       {"MIN", KG_AGG_MIN},
    {"MAX", KG_AGG_MAX},     {"AVG", KG_AGG_AVG},       {"SAMPLE", KG_AGG_SAMPLE},
    {"GROUP_CONCAT", KG_AGG_GROUP_CONCAT},
};

static bool at_aggregate(const kg_parser *p, kg_aggregate *agg)
{
    for (size_t i = 0; i < sizeof aggregates / sizeof aggregates[0]; i++) {
        if (kg_parse_is_kw(p, aggregates[i].name)) {
            *agg = aggregates[i].agg;
            return true;
        }
    }
    return false;
}

static kg_ast_expr *aggregate(kg_parser *p, kg_aggregate agg)
{
    kg_srcpos at = kg_parse_here(p);
    if (!p->agg_target)
        kg_parse_fail(p, at.offset, KG_ERR_SYNTAX, "aggregate %.*s is not allowed %s", (int)p->tok.val_len,
                      p->tok.val, p->agg_context ? p->agg_context : "here");
    kg_ast_select *target = p->agg_target;
    kg_ast_expr *e = new_expr(p, KG_EXPR_AGGREGATE, at);
    e->agg = agg;
    kg_parse_advance(p);
    kg_parse_expect(p, KG_TOK_LPAREN, "'(' after the aggregate's name");
    e->distinct = kg_parse_accept_kw(p, "DISTINCT");
    /* Aggregates do not nest. */
    p->agg_target = NULL;
    p->agg_context = "inside another aggregate";
    if (agg == KG_AGG_COUNT && kg_parse_accept(p, KG_TOK_STAR)) {
        e->star = true;
    } else {
        kg_pvec args = {0};
        push_arg(p, &args, kg_parse_expression(p));
        set_args(p, e, &args);
    }
    if (agg == KG_AGG_GROUP_CONCAT && kg_parse_accept(p, KG_TOK_SEMI)) {
        if (!kg_parse_accept_kw(p, "SEPARATOR"))
            kg_parse_expected(p, "SEPARATOR");
        kg_parse_expect(p, KG_TOK_EQ, "'=' after SEPARATOR");
        if (p->tok.kind != KG_TOK_STRING)
            kg_parse_expected(p, "a string");
        e->separator = kg_arena_strndup(p->arena, p->tok.val, p->tok.val_len);
        if (!e->separator)
            kg_parse_fail(p, at.offset, KG_ERR_NOMEM, "out of memory");
        kg_parse_advance(p);
    }
    kg_parse_expect(p, KG_TOK_RPAREN, "')' to close the aggregate");
    p->agg_target = target;
    kg_pvec aggs = {target->aggs, target->naggs, target->naggs};
    e->agg_index = aggs.n;
    push_arg(p, &aggs, e);
    target->aggs = aggs.data;
    target->naggs = aggs.n;
    return e;
}

/* The grammar's own built-ins beyond kg_builtin, and EXISTS. */
static kg_ast_expr *special_call(kg_parser *p, kg_srcpos at)
{
    kg_pvec args = {0};
    kg_ast_expr *e;
    if (kg_parse_accept_kw(p, "BOUND")) {
        e = new_expr(p, KG_EXPR_BOUND, at);
        kg_parse_expect(p, KG_TOK_LPAREN, "'(' after BOUND");
        kg_ast_expr *v = new_expr(p, KG_EXPR_TERM, kg_parse_here(p));
        v->term = kg_parse_var(p);
        push_arg(p, &args, v);
        kg_parse_expect(p, KG_TOK_RPAREN, "')' to close BOUND");
    } else if (kg_parse_accept_kw(p, "IF")) {
        e = new_expr(p, KG_EXPR_IF, at);
        kg_srcpos list_at = kg_parse_here(p);
        expression_list(p, &args);
        if (args.n != 3)
            kg_parse_fail(p, list_at.offset, KG_ERR_SYNTAX, "IF takes 3 arguments, not %zu", args.n);
    } else if (kg_parse_accept_kw(p, "COALESCE")) {
        e = new_expr(p, KG_EXPR_COALESCE, at);
        expression_list(p, &args);
    } else if (kg_parse_accept_kw(p, "EXISTS")) {
        e = new_expr(p, KG_EXPR_EXISTS, at);
        e->pattern = kg_parse_group(p);
    } else if (kg_parse_accept_kw(p, "NOT")) {
        if (!kg_parse_accept_kw(p, "EXISTS"))
            kg_parse_expected(p, "EXISTS after NOT");
        e = new_expr(p, KG_EXPR_NOT_EXISTS, at);
        e->pattern = kg_parse_group(p);
    } else {
        return NULL;
    }
    set_args(p, e, &args);
    return e;
}

static bool word_is_builtin(const kg_parser *p, kg_builtin *fn)
{
    if (p->tok.kind != KG_TOK_WORD)
        return false;
    /* isURI is the grammar's synonym of isIRI. */
    if (p->tok.val_len == 5 && strncasecmp(p->tok.val, "isURI", 5) == 0)
        return kg_builtin_lookup("isIRI", 5, fn);
    return kg_builtin_lookup(p->tok.val, p->tok.val_len, fn);
}

bool kg_parse_at_builtin(const kg_parser *p)
{
    static const char *const special[] = {"BOUND", "IF", "COALESCE", "EXISTS", "NOT"};
    kg_builtin fn;
    kg_aggregate agg;
    if (word_is_builtin(p, &fn) || at_aggregate(p, &agg))
        return true;
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        if (kg_parse_is_kw(p, special[i]))
            return true;
    return false;
}

/* BuiltInCall (rule [121]): the current token is a built-in's keyword. */
static kg_ast_expr *builtin_call(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_aggregate agg;
    if (at_aggregate(p, &agg))
        return aggregate(p, agg);
    kg_ast_expr *e = special_call(p, at);
    if (e)
        return e;
    kg_builtin fn;
    if (!word_is_builtin(p, &fn))
        kg_parse_expected(p, "a function name");
    int name_len = (int)p->tok.val_len;
    const char *name = p->tok.val;
    kg_parse_advance(p);
    e = new_expr(p, KG_EXPR_BUILTIN, at);
    e->fn = fn;
    kg_pvec args = {0};
    kg_srcpos list_at = kg_parse_here(p);
    if (p->tok.kind != KG_TOK_NIL && p->tok.kind != KG_TOK_LPAREN)
        kg_parse_expected(p, "'(' after the function's name");
    expression_list(p, &args);
    unsigned min, max;
    kg_builtin_arity(fn, &min, &max);
    if (args.n < min || args.n > max) {
        if (min == max)
            kg_parse_fail(p, list_at.offset, KG_ERR_SYNTAX, "%.*s takes %u argument%s, not %zu", name_len,
                          name, min, min == 1 ? "" : "s", args.n);
        kg_parse_fail(p, list_at.offset, KG_ERR_SYNTAX, "%.*s takes %u to %u arguments, not %zu", name_len,
                      name, min, max, args.n);
    }
    set_args(p, e, &args);
    return e;
}

/* iriOrFunction / FunctionCall: the IRI is already read. */
static kg_ast_expr *function_call(kg_parser *p, const char *iri, kg_srcpos at)
{
    kg_ast_expr *e = new_expr(p, KG_EXPR_FUNCTION, at);
    e->iri = iri;
    kg_pvec args = {0};
    if (!kg_parse_accept(p, KG_TOK_NIL)) {
        kg_parse_expect(p, KG_TOK_LPAREN, "'('");
        if (kg_parse_is_kw(p, "DISTINCT"))
            kg_parse_fail(p, p->tok.offset, KG_ERR_SYNTAX,
                          "DISTINCT is only allowed in aggregates (COUNT, SUM, ...)");
        do
            push_arg(p, &args, kg_parse_expression(p));
        while (kg_parse_accept(p, KG_TOK_COMMA));
        kg_parse_expect(p, KG_TOK_RPAREN, "')' to close the argument list");
    }
    set_args(p, e, &args);
    return e;
}

kg_ast_expr *kg_parse_bracketted(kg_parser *p)
{
    kg_srcpos open = kg_parse_here(p);
    kg_parse_expect(p, KG_TOK_LPAREN, "'('");
    kg_ast_expr *e = kg_parse_expression(p);
    if (p->tok.kind != KG_TOK_RPAREN) {
        char what[96];
        snprintf(what, sizeof what, "')' to close the '(' at line %lu, column %lu", open.line,
                 open.column);
        kg_parse_expected(p, what);
    }
    kg_parse_advance(p);
    return e;
}

kg_ast_expr *kg_parse_constraint(kg_parser *p, bool allow_var)
{
    kg_srcpos at = kg_parse_here(p);
    if (p->tok.kind == KG_TOK_LPAREN)
        return kg_parse_bracketted(p);
    if (kg_parse_at_builtin(p))
        return builtin_call(p);
    if (kg_parse_at_iri(p)) {
        const char *iri = kg_parse_iri(p);
        return function_call(p, iri, at);
    }
    if (allow_var && p->tok.kind == KG_TOK_VAR) {
        kg_ast_expr *e = new_expr(p, KG_EXPR_TERM, at);
        e->term = kg_parse_var(p);
        return e;
    }
    kg_parse_expected(p, allow_var ? "a variable, '(' expression ')' or a function call"
                                   : "'(' expression ')' or a function call");
}

static kg_ast_expr *primary(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    if (p->tok.kind == KG_TOK_LPAREN)
        return kg_parse_bracketted(p);
    if (p->tok.kind == KG_TOK_VAR) {
        kg_ast_expr *e = new_expr(p, KG_EXPR_TERM, at);
        e->term = kg_parse_var(p);
        return e;
    }
    if (kg_parse_at_literal(p)) {
        kg_ast_expr *e = new_expr(p, KG_EXPR_TERM, at);
        e->term = kg_parse_literal(p);
        return e;
    }
    if (kg_parse_at_iri(p)) {
        const char *iri = kg_parse_iri(p);
        if (p->tok.kind == KG_TOK_LPAREN || p->tok.kind == KG_TOK_NIL)
            return function_call(p, iri, at);
        kg_ast_expr *e = new_expr(p, KG_EXPR_TERM, at);
        e->term = kg_parse_iri_term(iri);
        return e;
    }
    if (kg_parse_at_builtin(p))
        return builtin_call(p);
    if (p->tok.kind == KG_TOK_BNODE || p->tok.kind == KG_TOK_ANON)
        kg_parse_fail(p, at.offset, KG_ERR_SYNTAX, "blank nodes are not allowed in expressions");
    if (p->tok.kind == KG_TOK_WORD)
        kg_parse_fail(p, at.offset, KG_ERR_SYNTAX, "unknown function %.*s", (int)p->tok.val_len, p->tok.val);
    kg_parse_expected(p, "an expression");
}

static kg_ast_expr *unary(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_ast_expr *e;
    if (kg_parse_accept(p, KG_TOK_BANG)) {
        kg_parse_enter(p);
        e = new_expr(p, KG_EXPR_NOT, at);
    } else if (p->tok.kind == KG_TOK_PLUS || p->tok.kind == KG_TOK_MINUS) {
        char op = p->tok.kind == KG_TOK_PLUS ? '+' : '-';
        kg_parse_advance(p);
        kg_parse_enter(p);
        e = new_expr(p, KG_EXPR_UNARY, at);
        e->op = op;
    } else {
        return primary(p);
    }
    /* The grammar has '!' PrimaryExpression, but "!!x" and "-!x" are read
     * the same way by every implementation; allowing a unary operand is a
     * superset that changes no valid query. */
    kg_ast_expr *arg = unary(p);
    kg_parse_leave(p);
    e->args = kg_parse_alloc(p, sizeof *e->args);
    e->args[0] = arg;
    e->nargs = 1;
    grown(p, e);
    return e;
}

static kg_ast_expr *multiplicative_rest(kg_parser *p, kg_ast_expr *left, kg_srcpos at)
{
    for (;;) {
        char op;
        if (p->tok.kind == KG_TOK_STAR)
            op = '*';
        else if (p->tok.kind == KG_TOK_SLASH)
            op = '/';
        else
            return left;
        kg_parse_advance(p);
        left = binary(p, KG_EXPR_ARITH, at, left, unary(p));
        left->op = op;
    }
}

static bool signed_number(const kg_token *t)
{
    return (t->kind == KG_TOK_INTEGER || t->kind == KG_TOK_DECIMAL || t->kind == KG_TOK_DOUBLE) &&
           (t->val[0] == '+' || t->val[0] == '-');
}

static kg_ast_expr *additive(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_ast_expr *left = multiplicative_rest(p, unary(p), at);
    for (;;) {
        char op;
        kg_ast_expr *right;
        if (p->tok.kind == KG_TOK_PLUS || p->tok.kind == KG_TOK_MINUS) {
            op = p->tok.kind == KG_TOK_PLUS ? '+' : '-';
            kg_parse_advance(p);
            kg_srcpos rat = kg_parse_here(p);
            right = multiplicative_rest(p, unary(p), rat);
        } else if (signed_number(&p->tok)) {
            /* "?x -1" lexes as ?x and the number -1: rule [116] reads it as
             * a subtraction of 1. */
            op = p->tok.val[0];
            kg_srcpos rat = kg_parse_here(p);
            right = new_expr(p, KG_EXPR_TERM, rat);
            right->term = kg_parse_literal(p);
            right->term.term.value++;
            right->term.term.value_len--;
            right = multiplicative_rest(p, right, rat);
        } else {
            return left;
        }
        left = binary(p, KG_EXPR_ARITH, at, left, right);
        left->op = op;
    }
}

static kg_ast_expr *relational(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_ast_expr *left = additive(p);
    static const struct {
        kg_tok tok;
        kg_cmp_op op;
    } cmps[] = {
        {KG_TOK_EQ, KG_CMP_EQ}, {KG_TOK_NE, KG_CMP_NE}, {KG_TOK_LT, KG_CMP_LT},
        {KG_TOK_GT, KG_CMP_GT}, {KG_TOK_LE, KG_CMP_LE}, {KG_TOK_GE, KG_CMP_GE},
    };
    for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
        if (kg_parse_accept(p, cmps[i].tok)) {
            kg_ast_expr *e = binary(p, KG_EXPR_CMP, at, left, additive(p));
            e->cmp = cmps[i].op;
            return e;
        }
    }
    kg_ast_expr_kind kind;
    if (kg_parse_accept_kw(p, "IN")) {
        kind = KG_EXPR_IN;
    } else if (kg_parse_is_kw(p, "NOT")) {
        kg_parse_advance(p);
        if (!kg_parse_accept_kw(p, "IN"))
            kg_parse_expected(p, "IN after NOT");
        kind = KG_EXPR_NOT_IN;
    } else {
        return left;
    }
    kg_ast_expr *e = new_expr(p, kind, at);
    kg_pvec args = {0};
    push_arg(p, &args, left);
    expression_list(p, &args);
    set_args(p, e, &args);
    return e;
}

static kg_ast_expr *conjunction(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_ast_expr *left = relational(p);
    while (kg_parse_accept(p, KG_TOK_AND))
        left = binary(p, KG_EXPR_AND, at, left, relational(p));
    return left;
}

kg_ast_expr *kg_parse_expression(kg_parser *p)
{
    kg_parse_enter(p);
    kg_srcpos at = kg_parse_here(p);
    kg_ast_expr *left = conjunction(p);
    while (kg_parse_accept(p, KG_TOK_OR))
        left = binary(p, KG_EXPR_OR, at, left, conjunction(p));
    kg_parse_leave(p);
    return left;
}

/* ------------------------------------------------------------- paths */

static kg_ast_path *new_path(kg_parser *p, kg_ast_path_kind kind)
{
    kg_ast_path *path = kg_parse_alloc(p, sizeof *path);
    path->kind = kind;
    return path;
}

static kg_ast_path *unary_path(kg_parser *p, kg_ast_path_kind kind, kg_ast_path *sub)
{
    kg_ast_path *path = new_path(p, kind);
    path->sub = kg_parse_alloc(p, sizeof *path->sub);
    path->sub[0] = sub;
    path->nsub = 1;
    return path;
}

/* 'a' is the one keyword whose case matters. */
static bool at_a(const kg_parser *p)
{
    return p->tok.kind == KG_TOK_WORD && p->tok.val_len == 1 && p->tok.val[0] == 'a';
}

/* iri or 'a' */
static const char *path_iri(kg_parser *p)
{
    if (at_a(p)) {
        kg_parse_advance(p);
        return KG_RDF "type";
    }
    return kg_parse_iri(p);
}

static void negated_one(kg_parser *p, kg_pvec *fwd, kg_pvec *inv)
{
    bool inverse = kg_parse_accept(p, KG_TOK_CARET);
    if (!at_a(p) && !kg_parse_at_iri(p))
        kg_parse_expected(p, "an IRI or 'a' in the negated property set");
    const char *iri = path_iri(p);
    *(const char **)kg_pvec_push(p, inverse ? inv : fwd, sizeof iri) = iri;
}

static kg_ast_path *negated(kg_parser *p)
{
    kg_ast_path *path = new_path(p, KG_PATH_NEGATED);
    kg_pvec fwd = {0}, inv = {0};
    if (!kg_parse_accept(p, KG_TOK_NIL)) {
        if (kg_parse_accept(p, KG_TOK_LPAREN)) {
            do
                negated_one(p, &fwd, &inv);
            while (kg_parse_accept(p, KG_TOK_PIPE));
            kg_parse_expect(p, KG_TOK_RPAREN, "')' to close the negated property set");
        } else {
            negated_one(p, &fwd, &inv);
        }
    }
    path->iris = fwd.data;
    path->niris = fwd.n;
    path->inverse_iris = inv.data;
    path->ninverse_iris = inv.n;
    return path;
}

static kg_ast_path *path_alternative(kg_parser *p);

static kg_ast_path *path_primary(kg_parser *p)
{
    if (at_a(p) || kg_parse_at_iri(p) || p->tok.kind == KG_TOK_LT) {
        kg_ast_path *path = new_path(p, KG_PATH_LINK);
        path->iri = path_iri(p);
        return path;
    }
    if (kg_parse_accept(p, KG_TOK_BANG))
        return negated(p);
    if (kg_parse_accept(p, KG_TOK_LPAREN)) {
        kg_ast_path *path = path_alternative(p);
        kg_parse_expect(p, KG_TOK_RPAREN, "')' to close the path");
        return path;
    }
    kg_parse_expected(p, "a property path");
}

static kg_ast_path *path_elt(kg_parser *p)
{
    kg_ast_path *path = path_primary(p);
    if (kg_parse_accept(p, KG_TOK_QUESTION))
        return unary_path(p, KG_PATH_ZERO_OR_ONE, path);
    if (kg_parse_accept(p, KG_TOK_STAR))
        return unary_path(p, KG_PATH_ZERO_OR_MORE, path);
    if (kg_parse_accept(p, KG_TOK_PLUS))
        return unary_path(p, KG_PATH_ONE_OR_MORE, path);
    return path;
}

static kg_ast_path *path_elt_or_inverse(kg_parser *p)
{
    if (kg_parse_accept(p, KG_TOK_CARET))
        return unary_path(p, KG_PATH_INVERSE, path_elt(p));
    return path_elt(p);
}

/* A left-to-right chain of operands joined by sep, flattened. */
static kg_ast_path *path_chain(kg_parser *p, kg_tok sep, kg_ast_path_kind kind,
                               kg_ast_path *(*operand)(kg_parser *))
{
    kg_ast_path *first = operand(p);
    if (p->tok.kind != sep)
        return first;
    kg_pvec subs = {0};
    *(kg_ast_path **)kg_pvec_push(p, &subs, sizeof first) = first;
    while (kg_parse_accept(p, sep)) {
        kg_ast_path *next = operand(p);
        *(kg_ast_path **)kg_pvec_push(p, &subs, sizeof next) = next;
    }
    kg_ast_path *path = new_path(p, kind);
    path->sub = subs.data;
    path->nsub = subs.n;
    return path;
}

static kg_ast_path *path_sequence(kg_parser *p)
{
    return path_chain(p, KG_TOK_SLASH, KG_PATH_SEQ, path_elt_or_inverse);
}

static kg_ast_path *path_alternative(kg_parser *p)
{
    kg_parse_enter(p);
    kg_ast_path *path = path_chain(p, KG_TOK_PIPE, KG_PATH_ALT, path_sequence);
    kg_parse_leave(p);
    return path;
}

kg_ast_path *kg_parse_path(kg_parser *p)
{
    return path_alternative(p);
}
