/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/algebra.h - the SPARQL algebra a query is evaluated from: the
 * translation of a checked syntax tree (sparql/ast.h) into algebra
 * expressions (SPARQL 1.1 section 18.2) and the optimiser that prepares them
 * for the evaluator (variable scopes, filter pushdown, join flattening).
 * Private to libkg.
 *
 * Variables become slots: indexes into a solution row (an array of kg_id,
 * 0 = unbound). Slot i < ast->nvars is the request's variable i; the
 * translation adds fresh slots for the hidden variables of sub-selects,
 * unnamed GROUP BY keys, aggregate results and the inner nodes of path
 * sequences. Constants stay terms here: ids are looked up per execution,
 * since the store can change between executions.
 *
 * Ownership: every node lives in the arena passed to kg_alg_translate and
 * is freed with it. */
#ifndef KG_SPARQL_ALGEBRA_H
#define KG_SPARQL_ALGEBRA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg/status.h"
#include "sparql/ast.h"
#include "util/arena.h"

typedef struct kg_alg kg_alg;

/* A set of slots, as a bit set of kg_alg_plan.nslots bits. */
typedef uint64_t *kg_varset;

/* A position of a pattern: a variable's slot or a constant term. */
typedef struct kg_alg_term {
    bool is_var;
    unsigned slot;
    kg_term term; /* constants only; arena strings */
} kg_alg_term;

/* Expressions keep the syntax tree's kinds. Variables are slots; aggregates
 * are replaced by the slot their Group node binds (KG_EXPR_TERM var). */
typedef struct kg_alg_expr {
    kg_ast_expr_kind kind;
    kg_alg_term term;          /* KG_EXPR_TERM */
    struct kg_alg_expr **args; /* operands */
    size_t nargs;
    kg_cmp_op cmp;
    char op;
    kg_builtin fn;
    const char *iri;           /* KG_EXPR_FUNCTION */
    kg_alg *pattern;           /* KG_EXPR_EXISTS / NOT_EXISTS */
    unsigned exists_index;     /* numbers EXISTS patterns for the evaluator */
} kg_alg_expr;

/* A property path (18.2.2.4) in the form path.c evaluates: inverses are
 * pushed down to links and negated sets, so only those carry a direction. */
typedef enum kg_alg_path_kind {
    KG_APATH_LINK,    /* iri, forward or (inverse) backward */
    KG_APATH_NEGATED, /* !(iris) forward and !(inverse_iris) backward */
    KG_APATH_SEQ,
    KG_APATH_ALT,
    KG_APATH_STAR,
    KG_APATH_PLUS,
    KG_APATH_OPT,
} kg_alg_path_kind;

typedef struct kg_alg_path {
    kg_alg_path_kind kind;
    bool inverse;               /* LINK */
    kg_term iri;                /* LINK */
    kg_term *iris;              /* NEGATED forward */
    size_t niris;
    kg_term *inverse_iris;      /* NEGATED backward */
    size_t ninverse_iris;
    struct kg_alg_path **sub;   /* SEQ, ALT: nsub >= 2; STAR/PLUS/OPT: 1 */
    size_t nsub;
} kg_alg_path;

/* One item of a basic graph pattern: a triple pattern, or a path pattern
 * when path is not NULL (then p is unused). */
typedef struct kg_alg_triple {
    kg_alg_term s, p, o;
    kg_alg_path *path;
} kg_alg_triple;

typedef struct kg_alg_agg {
    kg_aggregate kind;
    bool distinct, star;
    const char *separator;
    kg_alg_expr *arg; /* NULL for COUNT(*) */
    unsigned slot;    /* where the group's value goes */
    /* COUNT(DISTINCT *): the slots of the variables in scope of the
     * group's input, on which solutions are compared. */
    unsigned *scope;
    size_t nscope;
} kg_alg_agg;

typedef struct kg_alg_order_key {
    kg_alg_expr *expr;
    bool descending;
} kg_alg_order_key;

typedef enum kg_alg_kind {
    KG_ALG_BGP,      /* triples[] joined; no triples: one empty solution */
    KG_ALG_JOIN,     /* kids[] (n-ary after optimisation) */
    KG_ALG_LEFTJOIN, /* kids[0] optional kids[1], condition expr (or NULL) */
    KG_ALG_MINUS,    /* kids[0] minus kids[1] */
    KG_ALG_UNION,    /* kids[] */
    KG_ALG_FILTER,   /* kids[0], all of exprs[] hold */
    KG_ALG_EXTEND,   /* kids[0], slot := expr */
    KG_ALG_GRAPH,    /* GRAPH graph kids[0] */
    KG_ALG_VALUES,   /* slots[] x rows (nrows * nslots terms, kind NONE = UNDEF) */
    KG_ALG_GROUP,    /* kids[0] grouped by keys; aggs computed */
    KG_ALG_ORDER,    /* kids[0] sorted by order[]; limit >= 0: only the first
                        limit rows are wanted (a LIMIT right above) */
    KG_ALG_DISTINCT, /* kids[0], duplicates over slots[] removed */
    KG_ALG_SLICE,    /* kids[0], offset / limit (-1: none) */
    KG_ALG_SERVICE,  /* unsupported: an error, or one empty row if silent */
    KG_ALG_CACHE,    /* kids[0] evaluated once, replayed (set by the optimiser) */
} kg_alg_kind;

struct kg_alg {
    kg_alg_kind kind;
    kg_alg **kids;
    size_t nkids;

    kg_alg_triple *triples; /* BGP */
    size_t ntriples;
    kg_alg_expr **exprs;    /* FILTER; BGP: filters pushed down into it */
    size_t nexprs;
    kg_alg_expr *expr;      /* LEFTJOIN condition, EXTEND value */
    unsigned slot;          /* EXTEND */
    kg_alg_term graph;      /* GRAPH */
    bool silent;            /* SERVICE */

    unsigned *slots;        /* VALUES columns, DISTINCT key */
    size_t nslots;
    kg_term *rows;          /* VALUES */
    size_t nrows;

    kg_alg_expr **keys;     /* GROUP BY expressions */
    unsigned *key_slots;    /* where each key's value goes */
    size_t nkeys;
    kg_alg_agg *aggs;
    size_t naggs;

    kg_alg_order_key *order;
    size_t norder;
    int64_t offset, limit;

    /* Set by the optimiser. maybe: the slots a solution can bind (the
     * in-scope variables); certain: those every solution binds. */
    kg_varset maybe, certain;
    /* Slots the node must not receive bound from its caller (it is opened
     * with them cleared, and its solutions are joined with the caller's
     * values afterwards), because binding them early would change its
     * answer: variables a FILTER or BIND sees that its pattern does not
     * surely bind, the output of BIND, everything for grouping and
     * sub-selects. */
    unsigned *unsafe;
    size_t nunsafe;
};

/* What a query or update operation evaluates. */
typedef struct kg_alg_plan {
    kg_alg *root;     /* the WHERE with all solution modifiers */
    unsigned *proj;   /* projected slots, in column order (SELECT) */
    const char **proj_names;
    size_t nproj;
    unsigned nslots;  /* width of a solution row */
    unsigned nexists; /* EXISTS patterns numbered 0..nexists-1 */
} kg_alg_plan;

/* Translates the WHERE and solution modifiers of select (the query's own),
 * or the bare group where (an update's WHERE; select NULL), into *plan and
 * optimises it. Slot i < ast->nvars is the request's variable i, so
 * templates and DESCRIBE read solutions by variable index. Errors:
 * KG_ERR_NOMEM (err is left for the caller to fill). */
kg_status kg_alg_translate(kg_arena *arena, const kg_sparql_ast *ast, const kg_ast_select *select,
                           const kg_ast_pattern *where, kg_alg_plan *plan, kg_error *err);

/* Translates a path (used by the translation and by tests). NULL on ENOMEM. */
kg_alg_path *kg_alg_path_from_ast(kg_arena *arena, const kg_ast_path *path, bool inverse);

/* Constant kg_term of an AST term (IRI or literal). */
kg_term kg_alg_const_term(const kg_ast_term *t);

/* Variable sets. */
kg_varset kg_varset_new(kg_arena *arena, unsigned nslots);
static inline bool kg_varset_has(const kg_varset vs, unsigned slot)
{
    return (vs[slot >> 6] >> (slot & 63)) & 1;
}
static inline void kg_varset_add(kg_varset vs, unsigned slot)
{
    vs[slot >> 6] |= (uint64_t)1 << (slot & 63);
}

/* The optimiser (optimize.c): computes scopes and unsafe sets, flattens
 * joins, merges BGPs, pushes filters into BGPs and marks the nodes that
 * must be evaluated once and replayed. The patterns of EXISTS are
 * optimised with the node holding them. */
kg_status kg_alg_optimize(kg_arena *arena, kg_alg **node, unsigned nslots);

/* Adds every slot an expression reads (EXISTS patterns included) to vs. */
void kg_alg_expr_vars(const kg_alg_expr *e, kg_varset vs);

#endif
