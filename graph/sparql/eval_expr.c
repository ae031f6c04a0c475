/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/eval_expr.c - evaluates algebra expressions over a solution row:
 * variables, the logical operators with SPARQL's three-valued error rules
 * (17.2), IN, IF, COALESCE, BOUND and EXISTS, which need their arguments
 * unevaluated; everything else is handed to the value semantics of
 * sparql/value.h. Also the evaluation's cache of parsed numbers, which
 * comparisons and ORDER BY read instead of the lexical forms. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"
#include "sparql/num.h"

static const kg_term true_term = {KG_TERM_LITERAL, "true", 4, KG_XSD "boolean", NULL};
static const kg_term false_term = {KG_TERM_LITERAL, "false", 5, KG_XSD "boolean", NULL};

static bool eval(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out);

static bool boolean(bool value, kg_term *out)
{
    *out = value ? true_term : false_term;
    return true;
}

/* The effective boolean value of an operand; false on error. */
static bool eval_ebv(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, bool *value)
{
    kg_term t;
    return eval(ev, e, row, &t) && kg_value_ebv(&t, value);
}

/* Chains such as 1+1+...+1 or a && b && ... are left-deep trees up to
 * KG_SPARQL_MAX_HEIGHT tall: they are evaluated in a loop from the bottom
 * up, not by recursion down args[0], whose frames would overflow the stack
 * (under ASan, 10,000 terms did). */
typedef struct chain {
    const kg_alg_expr *small[16], **nodes; /* nodes[0] is the top */
    size_t n;
} chain;

static bool is_arith(const kg_alg_expr *e)
{
    return e->kind == KG_EXPR_ARITH;
}

static bool is_logic(const kg_alg_expr *e)
{
    return e->kind == KG_EXPR_AND || e->kind == KG_EXPR_OR;
}

/* The nodes from e down args[0] while in_chain holds. False on ENOMEM. */
static bool left_chain(kg_eval *ev, const kg_alg_expr *e, bool (*in_chain)(const kg_alg_expr *),
                       chain *c)
{
    c->n = 0;
    for (const kg_alg_expr *x = e; in_chain(x); x = x->args[0])
        c->n++;
    c->nodes = c->small;
    if (c->n > sizeof c->small / sizeof c->small[0] &&
        !(c->nodes = kg_arena_alloc(ev->scratch, c->n * sizeof *c->nodes))) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return false;
    }
    size_t i = 0;
    for (const kg_alg_expr *x = e; in_chain(x); x = x->args[0])
        c->nodes[i++] = x;
    return true;
}

static bool eval_arith(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    chain c;
    kg_term acc, b;
    if (!left_chain(ev, e, is_arith, &c) || !eval(ev, c.nodes[c.n - 1]->args[0], row, &acc))
        return false;
    for (size_t i = c.n; i-- > 0; acc = *out)
        if (!eval(ev, c.nodes[i]->args[1], row, &b) ||
            !kg_value_arith(c.nodes[i]->op, &acc, &b, &ev->vctx, out))
            return false;
    return true;
}

static bool eval_logic(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    chain c;
    if (!left_chain(ev, e, is_logic, &c))
        return false;
    bool a, b;
    bool ok_a = eval_ebv(ev, c.nodes[c.n - 1]->args[0], row, &a);
    for (size_t i = c.n; i-- > 0;) {
        /* OR is true when either side is true, even if the other errs; AND
         * is false when either side is false (17.2, table of ||/&&). */
        bool want = c.nodes[i]->kind == KG_EXPR_OR;
        if (ok_a && a == want)
            continue;
        bool ok_b = eval_ebv(ev, c.nodes[i]->args[1], row, &b);
        if (ok_b && b == want) {
            ok_a = true;
            a = want;
        } else if (ok_a && ok_b) {
            a = !want;
        } else {
            ok_a = false;
        }
    }
    return ok_a && boolean(a, out);
}

static bool eval_in(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    kg_term left;
    if (!eval(ev, e->args[0], row, &left))
        return false;
    bool error = false;
    for (size_t i = 1; i < e->nargs; i++) {
        kg_term right;
        bool eq;
        if (!eval(ev, e->args[i], row, &right) ||
            !kg_value_compare(KG_CMP_EQ, &left, &right, &eq)) {
            error = true;
            continue;
        }
        if (eq)
            return boolean(e->kind == KG_EXPR_IN, out);
    }
    if (error)
        return false;
    return boolean(e->kind != KG_EXPR_IN, out);
}

static bool eval_exists(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    kg_iter **slot = &ev->exists[e->exists_index];
    if (!*slot && !(*slot = kg_iter_build(ev, e->pattern)))
        return false;
    kg_id *tmp = kg_arena_alloc(ev->scratch, (ev->nslots + 1) * sizeof *tmp);
    if (!tmp) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return false;
    }
    /* The pattern is evaluated with the row's values substituted (18.6). */
    kg_iter_open(*slot, row);
    bool found = kg_iter_next(*slot, tmp);
    kg_iter_close(*slot);
    if (ev->status != KG_OK)
        return false;
    return boolean(found == (e->kind == KG_EXPR_EXISTS), out);
}

static bool eval_args(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term **args)
{
    *args = kg_arena_alloc(ev->scratch, (e->nargs + 1) * sizeof **args);
    if (!*args) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return false;
    }
    for (size_t i = 0; i < e->nargs; i++)
        if (!eval(ev, e->args[i], row, &(*args)[i]))
            return false;
    return true;
}

/* ------------------------------------------------ the numbers cache */

/* FILTER and ORDER BY meet the same numeric terms row after row, and
 * parsing a lexical form (GMP for the exact types) costs far more than a
 * hash lookup: the evaluation keeps each parsed number by key, a term id
 * or, with CONST_KEY set, the address of a constant of the algebra (ids
 * are 32-bit). The table stops growing at MAX_ENTRIES and is then emptied:
 * a query meeting more distinct numbers gains little from keeping them. */
#define CONST_KEY ((uint64_t)1 << 63)

enum { MIN_SLOTS = 256, MAX_ENTRIES = 1 << 20 };

typedef struct entry {
    uint64_t key; /* key + 1; 0 marks an empty slot */
    bool valid;   /* num holds a number (else the term was not one) */
    kg_num num;
} entry;

struct kg_numcache {
    entry *slots;
    size_t nslots, count; /* nslots: a power of two */
};

kg_numcache *kg_numcache_new(void)
{
    return calloc(1, sizeof(kg_numcache));
}

static void clear(kg_numcache *c)
{
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i].key && c->slots[i].valid)
            kg_num_clear(&c->slots[i].num);
    free(c->slots);
    c->slots = NULL;
    c->nslots = c->count = 0;
}

void kg_numcache_free(kg_numcache *cache)
{
    if (cache) {
        clear(cache);
        free(cache);
    }
}

static size_t hash(uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return (size_t)key;
}

static entry *probe(entry *slots, size_t nslots, uint64_t key)
{
    size_t i = hash(key) & (nslots - 1);
    while (slots[i].key && slots[i].key != key + 1)
        i = (i + 1) & (nslots - 1);
    return &slots[i];
}

/* Makes room for one more entry. False on ENOMEM. */
static bool reserve(kg_numcache *c)
{
    if (c->count >= MAX_ENTRIES)
        clear(c);
    if (c->nslots && (c->count + 1) * 4 < c->nslots * 3)
        return true;
    size_t n = c->nslots ? c->nslots * 2 : MIN_SLOTS;
    entry *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    /* Entries move by value: a kg_num's limbs are not inside the struct. */
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i].key)
            *probe(slots, n, c->slots[i].key - 1) = c->slots[i];
    free(c->slots);
    c->slots = slots;
    c->nslots = n;
    return true;
}

/* The number of the term under key, parsed on a miss from the term that
 * term(ctx, key, ...) gives; NULL when it is not a number or on ENOMEM. */
static const kg_num *numcache_lookup(kg_numcache *cache, uint64_t key,
                                     bool (*term)(void *ctx, uint64_t key, kg_term *out),
                                     void *ctx)
{
    if (cache->nslots) {
        entry *e = probe(cache->slots, cache->nslots, key);
        if (e->key)
            return e->valid ? &e->num : NULL;
    }
    kg_term t;
    if (!term(ctx, key, &t) || !reserve(cache))
        return NULL;
    entry *e = probe(cache->slots, cache->nslots, key);
    e->key = key + 1;
    e->valid = kg_num_from_term(&t, &e->num);
    cache->count++;
    return e->valid ? &e->num : NULL;
}

static bool term_of_id(void *ctx, uint64_t key, kg_term *out)
{
    return kg_eval_term(ctx, (kg_id)key, out);
}

static bool given_term(void *ctx, uint64_t key, kg_term *out)
{
    (void)key;
    *out = *(const kg_term *)ctx;
    return true;
}

const kg_num *kg_eval_num(kg_eval *ev, kg_id id)
{
    return id ? numcache_lookup(ev->nums, id, term_of_id, ev) : NULL;
}

/* The number of a variable or constant operand, from the evaluation's
 * cache; NULL when the operand is something else or not a number. */
static const kg_num *operand_num(kg_eval *ev, const kg_alg_expr *e, const kg_id *row)
{
    if (e->kind != KG_EXPR_TERM)
        return NULL;
    if (e->term.is_var)
        return kg_eval_num(ev, row[e->term.slot]);
    return numcache_lookup(ev->nums, CONST_KEY | (uintptr_t)e, given_term, (void *)&e->term.term);
}

/* Comparisons of two numbers, the commonest FILTER, skip the terms' text:
 * true when it applied. */
static bool compare_numbers(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    /* A constant side first: when it is no number (a date, a string), the
     * variable's term is not worth a lookup. */
    int first = e->args[1]->kind == KG_EXPR_TERM && !e->args[1]->term.is_var;
    if (!operand_num(ev, e->args[first], row) || !operand_num(ev, e->args[!first], row))
        return false;
    /* Looked up again, now both hits: the second insertion may have moved
     * the first entry, and hits move nothing. */
    const kg_num *a = operand_num(ev, e->args[0], row), *b = operand_num(ev, e->args[1], row);
    bool v;
    kg_value_compare_nums(e->cmp, a, b, &v);
    return boolean(v, out);
}

static bool eval(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    if (ev->status != KG_OK)
        return false;
    kg_term a, b, *args;
    bool v;
    switch (e->kind) {
    case KG_EXPR_TERM:
        if (!e->term.is_var) {
            *out = e->term.term;
            return true;
        }
        return kg_eval_term(ev, row[e->term.slot], out);
    case KG_EXPR_OR:
    case KG_EXPR_AND:
        return eval_logic(ev, e, row, out);
    case KG_EXPR_NOT:
        return eval_ebv(ev, e->args[0], row, &v) && boolean(!v, out);
    case KG_EXPR_CMP:
        if (compare_numbers(ev, e, row, out))
            return true;
        return eval(ev, e->args[0], row, &a) && eval(ev, e->args[1], row, &b) &&
               kg_value_compare(e->cmp, &a, &b, &v) && boolean(v, out);
    case KG_EXPR_ARITH:
        return eval_arith(ev, e, row, out);
    case KG_EXPR_UNARY:
        return eval(ev, e->args[0], row, &a) && kg_value_unary(e->op, &a, &ev->vctx, out);
    case KG_EXPR_IN:
    case KG_EXPR_NOT_IN:
        return eval_in(ev, e, row, out);
    case KG_EXPR_BUILTIN:
        if (!eval_args(ev, e, row, &args))
            return false;
        if (kg_builtin_call(e->fn, args, e->nargs, &ev->vctx, out))
            return kg_eval_charge(ev, 0); /* a value can double per call (CONCAT(?x, ?x)) */
        if (ev->vctx.fatal) /* not an expression error: the query stops */
            kg_eval_fail(ev, KG_ERR_LIMIT, "%s", ev->vctx.fatal);
        return false;
    case KG_EXPR_BOUND:
        return boolean(e->args[0]->term.is_var && row[e->args[0]->term.slot] != KG_ID_NONE, out);
    case KG_EXPR_IF:
        if (!eval_ebv(ev, e->args[0], row, &v))
            return false;
        return eval(ev, e->args[v ? 1 : 2], row, out);
    case KG_EXPR_COALESCE:
        for (size_t i = 0; i < e->nargs; i++)
            if (eval(ev, e->args[i], row, out))
                return true;
        return false;
    case KG_EXPR_EXISTS:
    case KG_EXPR_NOT_EXISTS:
        return eval_exists(ev, e, row, out);
    case KG_EXPR_FUNCTION:
        if (e->nargs != 1 || !kg_value_is_cast(e->iri))
            return false; /* extension functions are unknown: an error */
        return eval(ev, e->args[0], row, &a) && kg_value_cast(e->iri, &a, &ev->vctx, out);
    case KG_EXPR_AGGREGATE:
        break;
    }
    return false;
}

/* Temporaries of an evaluation live until the next top-level one. */
static void enter(kg_eval *ev)
{
    if (ev->expr_depth++ == 0)
        kg_arena_reset(ev->scratch);
}

bool kg_eval_expr(kg_eval *ev, const kg_alg_expr *e, const kg_id *row, kg_term *out)
{
    enter(ev);
    bool ok = eval(ev, e, row, out);
    ev->expr_depth--;
    return ok;
}

kg_id kg_eval_expr_id(kg_eval *ev, const kg_alg_expr *e, const kg_id *row)
{
    /* A variable already has its id: decoding its term only to look the
     * term up again would cost two dictionary accesses per row. */
    if (e->kind == KG_EXPR_TERM && e->term.is_var)
        return ev->status == KG_OK ? row[e->term.slot] : KG_ID_NONE;
    kg_term t;
    enter(ev);
    kg_id id = eval(ev, e, row, &t) ? kg_eval_intern(ev, &t) : KG_ID_NONE;
    ev->expr_depth--;
    return id;
}

bool kg_eval_filter(kg_eval *ev, kg_alg_expr *const *exprs, size_t n, const kg_id *row)
{
    enter(ev);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        bool v;
        ok = eval_ebv(ev, exprs[i], row, &v) && v;
    }
    ev->expr_depth--;
    return ok;
}
