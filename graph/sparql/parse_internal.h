/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/parse_internal.h - state and helpers shared by the parser's files
 * (parser.c: prologue, queries, patterns and triples; parse_update.c: update
 * operations; parse_expr.c: expressions and property paths). Private to
 * them.
 *
 * Errors unwind with longjmp to kg_sparql_parse: every allocation is in the
 * tree's arena (or in the parser's maps, freed by kg_sparql_parse), so
 * nothing leaks on the way out. */
#ifndef KG_SPARQL_PARSE_INTERNAL_H
#define KG_SPARQL_PARSE_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "kg/status.h"
#include "sparql/ast.h"
#include "sparql/lexer.h"
#include "util/strmap.h"

/* A growable array in the arena (old storage is abandoned on growth: the
 * total stays below twice the final size). */
typedef struct kg_pvec {
    void *data;
    size_t n, cap;
} kg_pvec;

/* What blank nodes mean where the parser currently is. */
typedef enum kg_bnode_mode {
    KG_BNODES_VARS,      /* a pattern: non-distinguished variables */
    KG_BNODES_TEMPLATE,  /* CONSTRUCT/INSERT template: labels scoped to it */
    KG_BNODES_DATA,      /* INSERT DATA: labels scoped to the request */
    KG_BNODES_FORBIDDEN, /* DELETE DATA / DELETE WHERE / DELETE template */
} kg_bnode_mode;

typedef struct kg_parser {
    kg_lexer lx;
    kg_token tok; /* the current (not yet consumed) token */
    kg_arena *arena;
    kg_sparql_ast *ast;
    jmp_buf on_error;
    kg_error *err;
    kg_status status;

    const char *base;
    kg_pvec prefixes; /* of kg_ast_prefix: initial ones, then declared ones */
    size_t ninitial_prefixes;
    kg_strmap *prefix_map; /* prefix -> index in prefixes (latest wins) */

    kg_pvec vars;        /* of kg_ast_var */
    kg_strmap *var_map;  /* name -> index */
    kg_strmap *bnode_bgp; /* pattern blank node label -> the BGP it belongs to */
    kg_strmap *bnode_data; /* INSERT DATA blank node label -> its operation */
    unsigned bgp_id;      /* current BGP, for bnode_bgp */
    unsigned tpl_id;      /* current template or data block, for bnode_data */
    unsigned long anon;  /* counter for made-up blank node labels */
    kg_bnode_mode bnodes;
    const char *bnode_context; /* "DELETE DATA" etc., for the error message */
    const char *novars_context; /* non-NULL: variables are not allowed here */

    kg_ast_select *agg_target; /* where aggregates go; NULL: not allowed */
    const char *agg_context;   /* why not, for the error message */
    unsigned depth;
} kg_parser;

/* Fails with a message at a byte offset of the text; does not return. */
_Noreturn void kg_parse_fail(kg_parser *p, size_t offset, kg_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "unexpected <current token>: expected <what>". */
_Noreturn void kg_parse_expected(kg_parser *p, const char *what);
void kg_parse_advance(kg_parser *p);
/* The current token is the keyword kw (case-insensitive). */
bool kg_parse_is_kw(const kg_parser *p, const char *kw);
/* Consumes the keyword or the token kind when present. */
bool kg_parse_accept_kw(kg_parser *p, const char *kw);
bool kg_parse_accept(kg_parser *p, kg_tok kind);
/* Consumes it or fails with "expected <what>". */
void kg_parse_expect(kg_parser *p, kg_tok kind, const char *what);
void kg_parse_expect_kw(kg_parser *p, const char *kw);
void kg_parse_enter(kg_parser *p); /* depth limit */
void kg_parse_leave(kg_parser *p);
/* A tree height (kg_ast_expr.height, kg_ast_pattern.height): returns it,
 * or fails with KG_ERR_LIMIT at offset when it passes KG_SPARQL_MAX_HEIGHT. */
unsigned kg_parse_height(kg_parser *p, size_t height, size_t offset);

void *kg_parse_alloc(kg_parser *p, size_t size); /* zeroed; fails on ENOMEM */
void *kg_pvec_push(kg_parser *p, kg_pvec *v, size_t elem);

/* Where the current token starts. */
kg_srcpos kg_parse_here(const kg_parser *p);

/* Terms. */
bool kg_parse_at_iri(const kg_parser *p);
const char *kg_parse_iri(kg_parser *p);          /* IRIREF or prefixed name */
kg_ast_term kg_parse_literal(kg_parser *p);      /* string, number or boolean */
bool kg_parse_at_literal(const kg_parser *p);
kg_ast_term kg_parse_var(kg_parser *p);          /* ?x / $x */
unsigned kg_parse_var_index(kg_parser *p, const char *name, size_t len, bool blank);
kg_ast_term kg_parse_iri_term(const char *iri);
kg_ast_term kg_parse_var_or_iri(kg_parser *p);

/* Expressions (parse_expr.c). */
kg_ast_expr *kg_parse_expression(kg_parser *p);
kg_ast_expr *kg_parse_bracketted(kg_parser *p);  /* '(' Expression ')' */
/* BuiltInCall | FunctionCall | BrackettedExpression (FILTER, HAVING,
 * ORDER BY), or also a bare variable when allow_var. */
kg_ast_expr *kg_parse_constraint(kg_parser *p, bool allow_var);
bool kg_parse_at_builtin(const kg_parser *p);
kg_ast_path *kg_parse_path(kg_parser *p);

/* Patterns and triples (parser.c). */
kg_ast_pattern *kg_parse_group(kg_parser *p); /* GroupGraphPattern, also for EXISTS */
/* WhereClause: 'WHERE'? GroupGraphPattern, where aggregates are not
 * allowed. */
kg_ast_pattern *kg_parse_where_clause(kg_parser *p);
kg_ast_pattern *kg_parse_new_pattern(kg_parser *p, kg_ast_pattern_kind kind, kg_srcpos at);
void kg_parse_push_pattern(kg_parser *p, kg_pvec *v, kg_ast_pattern *pat);
/* Pushes pat as the next element of group (items: its elements so far) and
 * grows the group's height; offset is where pat starts, for the error. */
void kg_parse_push_element(kg_parser *p, kg_pvec *items, kg_ast_pattern *group,
                           kg_ast_pattern *pat, size_t offset);
/* Fails with "expected <before>'}' to close the group started at line N". */
_Noreturn void kg_parse_unclosed_group(kg_parser *p, kg_srcpos open, const char *before);
/* TriplesTemplate: triples (no paths) separated by '.', appended to out
 * (of kg_ast_triple). */
void kg_parse_triples_template(kg_parser *p, kg_pvec *out);
/* A template's blank nodes: a new template scope in the given mode, until
 * kg_parse_end_template restores pattern mode. */
void kg_parse_begin_template(kg_parser *p, kg_bnode_mode mode, const char *context);
void kg_parse_end_template(kg_parser *p);
/* Triples of a template or quad block as quads in graph g. */
void kg_parse_add_quads(kg_parser *p, kg_pvec *quads, const kg_pvec *triples, kg_ast_term g);
/* Clauses "kw NAMED? <iri>" (FROM, USING), appended to out (of
 * kg_ast_dataset). */
void kg_parse_dataset_clauses(kg_parser *p, kg_pvec *out, const char *kw);
/* Prologue: BASE and PREFIX declarations. */
void kg_parse_prologue(kg_parser *p);

/* Updates (parse_update.c): a whole update request after its prologue. */
void kg_parse_update_request(kg_parser *p);

#endif
