/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/ast.h - the syntax tree of a SPARQL 1.1 query or update request,
 * as the parser (sparql/parser.h) produces it and the evaluator consumes it.
 * Private to libkg.
 *
 * CHANGES: (after the first version, changes are only additive and listed
 * here)
 * - kg_ast_projection gained line/column.
 * - KG_PAT_GROUP: triples separated only by '.' and FILTERs are ONE BGP item
 *   (the FILTER items follow it), as blank node scoping requires.
 * - KG_PATH_NEGATED: !() is valid and leaves both lists empty.
 * - kg_ast_expr and kg_ast_pattern gained height (at most
 *   KG_SPARQL_MAX_HEIGHT, sparql/parser.h).
 *
 * What the parser has already done, so the evaluator need not:
 * - Prefixed names are expanded and relative IRIs resolved against BASE:
 *   every IRI in the tree is absolute (or as absolute as the query allowed
 *   when it had no BASE).
 * - Escapes in strings and IRIs are processed; literal lexical forms are
 *   otherwise exactly as written ("01"^^xsd:integer stays "01"). Numbers get
 *   their datatype: 1 is "1"^^xsd:integer, 1.0 xsd:decimal, 1e0 xsd:double,
 *   -5 "-5"^^xsd:integer. true/false are xsd:boolean.
 * - Collections ( ... ) are expanded into rdf:first/rdf:rest/rdf:nil
 *   triples, blank node property lists [ ... ] into triples, and 'a' is
 *   rdf:type.
 * - Variables are numbered: every ?x/$x and every blank node of a WHERE
 *   pattern is an index into kg_sparql_ast.vars (one numbering for the whole
 *   request, sub-selects and update operations included; the same name is the
 *   same index everywhere).
 * - The static checks of SPARQL 1.1 section 18.2.1 and the grammar notes
 *   passed (sparql/check.h): grouping, scoping of AS/BIND/VALUES, blank node
 *   label reuse, aggregates only where allowed.
 *
 * What is left to the evaluator: the translation of group graph patterns to
 * the algebra (section 18.2.2). The tree keeps the syntactic structure of a
 * group (an ordered list of elements) because that translation needs it:
 * FILTERs apply to the whole group they appear in, wherever they are in it;
 * OPTIONAL is a left join of everything before it in the group with its
 * group (and the FILTERs directly inside the OPTIONAL's group become the left
 * join's condition); MINUS likewise; BIND extends everything before it in the
 * group; a path triple (kg_ast_triple.path != NULL) is evaluated by the path
 * semantics (section 18.2.2.4 says how sequences and inverses of plain IRIs
 * may be rewritten into ordinary triples).
 *
 * Ownership: every node, array and string of a tree lives in the tree's
 * arena and is freed by one kg_sparql_ast_free. Nothing in the tree points
 * into the query text. The tree is never modified after parsing and may be
 * read from several threads. */
#ifndef KG_SPARQL_AST_H
#define KG_SPARQL_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kg/query.h"
#include "kg/term.h"
#include "sparql/value.h"
#include "util/arena.h"

typedef struct kg_ast_expr kg_ast_expr;
typedef struct kg_ast_pattern kg_ast_pattern;
typedef struct kg_ast_path kg_ast_path;
typedef struct kg_ast_select kg_ast_select;

/* ---------------------------------------------------------------- terms */

typedef enum kg_ast_term_kind {
    KG_AST_NONE = 0,  /* absent: the default graph of a quad, UNDEF in VALUES */
    KG_AST_IRI,       /* term.value is an absolute IRI */
    KG_AST_LITERAL,   /* term.value/value_len lexical form, term.datatype
                         (NULL for a simple literal and for a language-tagged
                         one; numbers and booleans always have it), term.lang
                         (as written, case kept; NULL when none) */
    KG_AST_VAR,       /* ?x or $x: var indexes kg_sparql_ast.vars */
    KG_AST_BNODE_VAR, /* a blank node (_:x, [], [ ... ], or from a collection)
                         in a WHERE pattern, DELETE WHERE or EXISTS: a
                         non-distinguished variable. var indexes
                         kg_sparql_ast.vars (that entry has blank == true and
                         must never be projected); term.value is the label */
    KG_AST_BNODE,     /* a blank node in a template (CONSTRUCT, INSERT {...},
                         INSERT DATA): a fresh blank node per solution (per
                         operation for INSERT DATA); term.value is the label,
                         the same label within one template is the same node */
} kg_ast_term_kind;

/* A term as written in the query. For IRIs, literals and blank nodes, term
 * is a kg_term view of arena strings (term.kind agrees: KG_TERM_IRI,
 * KG_TERM_LITERAL, KG_TERM_BLANK; for variables it is KG_TERM_NONE). Labels
 * the parser makes up for [] and collections start with '-', which a written
 * label cannot, so they never clash with the query's own. */
typedef struct kg_ast_term {
    kg_ast_term_kind kind;
    kg_term term;
    unsigned var; /* KG_AST_VAR and KG_AST_BNODE_VAR only */
} kg_ast_term;

/* One entry per distinct variable of the request. */
typedef struct kg_ast_var {
    /* ?x is "x" (no sigil; $x and ?x are the same variable). A blank node of
     * a pattern is "_:label", so it can never clash with a ?variable. */
    const char *name;
    bool blank; /* a blank node acting as a variable: never projected, not
                   part of SELECT * */
} kg_ast_var;

/* ----------------------------------------------------------- expressions */

typedef enum kg_ast_expr_kind {
    KG_EXPR_TERM,       /* a constant IRI or literal, or a variable: term
                           (kind KG_AST_IRI, KG_AST_LITERAL or KG_AST_VAR; never
                           a blank node) */
    KG_EXPR_OR,         /* args[0] || args[1] */
    KG_EXPR_AND,        /* args[0] && args[1] */
    KG_EXPR_CMP,        /* args[0] cmp args[1] */
    KG_EXPR_ARITH,      /* args[0] op args[1], op one of '+' '-' '*' '/' */
    KG_EXPR_NOT,        /* ! args[0] */
    KG_EXPR_UNARY,      /* op args[0], op '+' or '-' */
    KG_EXPR_IN,         /* args[0] IN (args[1] ... args[nargs-1]) */
    KG_EXPR_NOT_IN,     /* args[0] NOT IN (args[1] ...) */
    KG_EXPR_BUILTIN,    /* fn(args...): a built-in call; argument counts are
                           checked against kg_builtin_arity. RAND() and NOW()
                           etc. have nargs == 0 */
    KG_EXPR_BOUND,      /* BOUND(args[0]); args[0] is a KG_EXPR_TERM variable */
    KG_EXPR_IF,         /* IF(args[0], args[1], args[2]) */
    KG_EXPR_COALESCE,   /* COALESCE(args...), nargs may be 0 */
    KG_EXPR_EXISTS,     /* EXISTS pattern (a KG_PAT_GROUP) */
    KG_EXPR_NOT_EXISTS, /* NOT EXISTS pattern */
    KG_EXPR_AGGREGATE,  /* agg(DISTINCT? args[0]); COUNT(*) has star and
                           nargs == 0; GROUP_CONCAT has separator (NULL when
                           not given: the default " "). agg_index numbers it in
                           its kg_ast_select.aggs */
    KG_EXPR_FUNCTION,   /* iri(args...): an XSD cast (kg_value_is_cast(iri))
                           or an extension function, which libkg does not
                           know: evaluating it is an expression error */
} kg_ast_expr_kind;

struct kg_ast_expr {
    kg_ast_expr_kind kind;
    unsigned long line, column; /* where the expression starts, 1-based */
    kg_ast_term term;           /* KG_EXPR_TERM */
    kg_ast_expr **args;         /* operands, in order */
    size_t nargs;
    kg_cmp_op cmp;              /* KG_EXPR_CMP */
    char op;                    /* KG_EXPR_ARITH, KG_EXPR_UNARY */
    kg_builtin fn;              /* KG_EXPR_BUILTIN */
    kg_aggregate agg;           /* KG_EXPR_AGGREGATE */
    bool distinct;              /* KG_EXPR_AGGREGATE: DISTINCT given */
    bool star;                  /* KG_EXPR_AGGREGATE: COUNT(*) */
    const char *separator;      /* KG_EXPR_AGGREGATE: GROUP_CONCAT's, or NULL */
    size_t agg_index;           /* KG_EXPR_AGGREGATE */
    const char *iri;            /* KG_EXPR_FUNCTION: the function's IRI */
    kg_ast_pattern *pattern;    /* KG_EXPR_EXISTS, KG_EXPR_NOT_EXISTS */
    unsigned height;            /* levels of the tree below and with this node */
};

/* -------------------------------------------------------- property paths */

typedef enum kg_ast_path_kind {
    KG_PATH_LINK,         /* the IRI iri (one step forward) */
    KG_PATH_INVERSE,      /* ^ sub[0] */
    KG_PATH_SEQ,          /* sub[0] / sub[1] / ... (nsub >= 2) */
    KG_PATH_ALT,          /* sub[0] | sub[1] | ... (nsub >= 2) */
    KG_PATH_ZERO_OR_MORE, /* sub[0]* */
    KG_PATH_ONE_OR_MORE,  /* sub[0]+ */
    KG_PATH_ZERO_OR_ONE,  /* sub[0]? */
    KG_PATH_NEGATED,      /* !(...): any predicate not in iris (forward
                             steps) and, backwards, none in inverse_iris;
                             either or both lists may be empty: !() matches
                             every forward step */
} kg_ast_path_kind;

struct kg_ast_path {
    kg_ast_path_kind kind;
    const char *iri;           /* KG_PATH_LINK */
    kg_ast_path **sub;         /* operands */
    size_t nsub;
    const char **iris;         /* KG_PATH_NEGATED: !(a|b) forward IRIs */
    size_t niris;
    const char **inverse_iris; /* KG_PATH_NEGATED: !(^a|^b) */
    size_t ninverse_iris;
};

/* A triple pattern. When the predicate is a plain IRI or variable (also 'a'
 * and a path that is just one IRI, possibly in parentheses) path is NULL and
 * p holds it; otherwise path is set and p.kind is KG_AST_NONE. */
typedef struct kg_ast_triple {
    kg_ast_term s, p, o;
    kg_ast_path *path;
    unsigned long line, column; /* of the subject */
} kg_ast_triple;

/* A quad of a template or of DATA: g.kind KG_AST_NONE for the default graph
 * (or the WITH graph, for Modify), else an IRI or a variable from
 * GRAPH g { ... }. CONSTRUCT templates have only default-graph quads. */
typedef struct kg_ast_quad {
    kg_ast_term s, p, o, g;
} kg_ast_quad;

/* Inline data: VALUES, in a group or after a query. rows holds nrows *
 * nvars terms, row by row; a KG_AST_NONE term is UNDEF. Terms are IRIs and
 * literals only. */
typedef struct kg_ast_values {
    unsigned *vars;
    size_t nvars;
    kg_ast_term *rows;
    size_t nrows;
} kg_ast_values;

/* -------------------------------------------------------------- patterns */

typedef enum kg_ast_pattern_kind {
    KG_PAT_GROUP,     /* { ... }: items[] in written order (elements of kind
                         BGP, OPTIONAL, UNION, MINUS, GRAPH, SERVICE, FILTER,
                         BIND, VALUES, GROUP, SUBSELECT). Triples with
                         nothing but '.' and FILTERs between them are one BGP
                         item (placed where its first triple was; the FILTERs
                         come after it, which changes nothing since a FILTER
                         applies to its whole group). { SELECT ... } is a
                         group whose single item is a SUBSELECT. */
    KG_PAT_BGP,       /* triples[] (some may be paths) */
    KG_PAT_OPTIONAL,  /* OPTIONAL child (a GROUP) */
    KG_PAT_UNION,     /* items[0] UNION items[1] UNION ... (nitems >= 2, each a
                         GROUP; a chain is flattened, left to right) */
    KG_PAT_MINUS,     /* MINUS child (a GROUP) */
    KG_PAT_GRAPH,     /* GRAPH term child; term an IRI or a variable */
    KG_PAT_SERVICE,   /* SERVICE silent? term child */
    KG_PAT_FILTER,    /* FILTER expr */
    KG_PAT_BIND,      /* BIND(expr AS ?var) */
    KG_PAT_VALUES,    /* values */
    KG_PAT_SUBSELECT, /* select (a sub-query: only its projection is visible
                         outside; its own dataset is the enclosing one) */
} kg_ast_pattern_kind;

struct kg_ast_pattern {
    kg_ast_pattern_kind kind;
    unsigned long line, column; /* where the element starts */
    kg_ast_pattern **items;     /* GROUP, UNION */
    size_t nitems;
    kg_ast_pattern *child;      /* OPTIONAL, MINUS, GRAPH, SERVICE */
    kg_ast_triple *triples;     /* BGP */
    size_t ntriples;
    kg_ast_expr *expr;          /* FILTER, BIND */
    unsigned var;               /* BIND: the variable assigned */
    kg_ast_term term;           /* GRAPH, SERVICE: the graph or endpoint */
    bool silent;                /* SERVICE SILENT */
    kg_ast_values *values;      /* VALUES */
    kg_ast_select *select;      /* SUBSELECT */
    /* Levels of the algebra this element becomes: a group counts one per
     * element (they nest left-deep) above its tallest element. */
    unsigned height;
};

/* --------------------------------------------------------------- queries */

typedef enum kg_ast_modifier { KG_MOD_NONE, KG_MOD_DISTINCT, KG_MOD_REDUCED } kg_ast_modifier;

/* One projected column: a plain ?var (expr NULL) or (expr AS ?var). */
typedef struct kg_ast_projection {
    unsigned var;
    kg_ast_expr *expr;
    unsigned long line, column; /* of the ?var or the '(' */
} kg_ast_projection;

/* One GROUP BY key: an expression (a plain ?x is a KG_EXPR_TERM), with
 * has_var for (expr AS ?var), which also binds var for the rest. */
typedef struct kg_ast_group_key {
    kg_ast_expr *expr;
    bool has_var;
    unsigned var;
} kg_ast_group_key;

typedef struct kg_ast_order_key {
    kg_ast_expr *expr;
    bool descending;
} kg_ast_order_key;

/* A query body with its solution modifiers: the whole of a SELECT, the
 * WHERE and modifiers of ASK/CONSTRUCT/DESCRIBE, or a sub-select. */
struct kg_ast_select {
    kg_ast_modifier modifier;
    /* SELECT *: star is true and proj lists the variables in scope in the
     * WHERE (blank-node variables excluded) in order of first appearance,
     * each with expr NULL, so the evaluator never needs star. */
    bool star;
    kg_ast_projection *proj; /* SELECT only; empty for the other forms */
    size_t nproj;
    kg_ast_pattern *where;   /* a GROUP; never NULL (an empty GROUP for a
                                DESCRIBE without WHERE) */
    kg_ast_group_key *group; /* GROUP BY keys */
    size_t ngroup;
    kg_ast_expr **having;    /* HAVING conditions, all must hold */
    size_t nhaving;
    kg_ast_order_key *order; /* ORDER BY keys, most significant first */
    size_t norder;
    int64_t limit;           /* -1 when there is no LIMIT */
    int64_t offset;          /* 0 when there is no OFFSET */
    kg_ast_values *values;   /* trailing VALUES, or NULL */
    /* True when the query groups: GROUP BY is present or an aggregate is
     * used in SELECT, HAVING or ORDER BY (then all solutions form one group,
     * which exists even when there are no solutions). */
    bool grouped;
    /* Every aggregate of the projection, HAVING and ORDER BY, in order;
     * aggs[i]->agg_index == i. Sub-selects have their own. */
    kg_ast_expr **aggs;
    size_t naggs;
    /* The variables in scope in the WHERE (blank-node variables excluded),
     * filled by the check when an aggregate is COUNT(DISTINCT *): they are
     * what makes two solutions the same. */
    unsigned *scope;
    size_t nscope;
};

/* FROM <iri> (named false) or FROM NAMED <iri>; also USING [NAMED]. */
typedef struct kg_ast_dataset {
    const char *iri;
    bool named;
} kg_ast_dataset;

/* ---------------------------------------------------------------- update */

typedef enum kg_ast_update_kind {
    KG_UPDATE_INSERT_DATA, /* insert[] (ground; blank nodes are KG_AST_BNODE) */
    KG_UPDATE_DELETE_DATA, /* delete[] (ground, no blank nodes) */
    KG_UPDATE_DELETE_WHERE,/* delete[] is the template and where the same
                              quads as a pattern (GRAPH elements for the
                              quads in GRAPH blocks); no blank nodes */
    KG_UPDATE_MODIFY,      /* WITH? DELETE {delete[]}? INSERT {insert[]}?
                              USING* WHERE where */
    KG_UPDATE_LOAD,        /* LOAD silent? source (INTO GRAPH target.iri)?
                              target.kind is KG_GRAPH_REF_DEFAULT without INTO */
    KG_UPDATE_CLEAR,       /* CLEAR silent? target */
    KG_UPDATE_DROP,        /* DROP silent? target */
    KG_UPDATE_CREATE,      /* CREATE silent? GRAPH target.iri */
    KG_UPDATE_ADD,         /* ADD silent? source_graph TO target */
    KG_UPDATE_MOVE,        /* MOVE silent? source_graph TO target */
    KG_UPDATE_COPY,        /* COPY silent? source_graph TO target */
} kg_ast_update_kind;

typedef enum kg_ast_graph_ref_kind {
    KG_GRAPH_REF_IRI,     /* iri */
    KG_GRAPH_REF_DEFAULT, /* DEFAULT */
    KG_GRAPH_REF_NAMED,   /* NAMED: every named graph */
    KG_GRAPH_REF_ALL,     /* ALL: every graph */
} kg_ast_graph_ref_kind;

typedef struct kg_ast_graph_ref {
    kg_ast_graph_ref_kind kind;
    const char *iri; /* KG_GRAPH_REF_IRI only */
} kg_ast_graph_ref;

typedef struct kg_ast_update {
    kg_ast_update_kind kind;
    unsigned long line, column; /* where the operation starts */
    bool silent;
    kg_ast_quad *delete_quads; /* DELETE DATA, DELETE WHERE, Modify */
    size_t ndelete;
    kg_ast_quad *insert_quads; /* INSERT DATA, Modify */
    size_t ninsert;
    const char *with_iri;      /* Modify: WITH <iri>, or NULL */
    kg_ast_dataset *using;     /* Modify: USING [NAMED] clauses */
    size_t nusing;
    kg_ast_pattern *where;     /* Modify, DELETE WHERE: a GROUP */
    const char *source;        /* LOAD: the document IRI */
    kg_ast_graph_ref source_graph; /* ADD/MOVE/COPY: IRI or DEFAULT */
    kg_ast_graph_ref target;   /* LOAD INTO, CLEAR, DROP, CREATE, ADD/MOVE/COPY TO */
} kg_ast_update;

/* ------------------------------------------------------------------ root */

/* A PREFIX declaration (the query's own, in order; the initial prefixes
 * given in the parse options are not repeated here). */
typedef struct kg_ast_prefix {
    const char *prefix; /* without the ':' ("" for the empty prefix) */
    const char *iri;
} kg_ast_prefix;

typedef struct kg_sparql_ast {
    kg_arena *arena;         /* owns everything below */
    kg_query_form form;      /* SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE */
    const char *base;        /* the last BASE in effect (or the option's), or NULL */
    kg_ast_prefix *prefixes;
    size_t nprefixes;
    kg_ast_var *vars;        /* every variable of the request */
    size_t nvars;

    /* Queries (form != KG_QUERY_UPDATE). */
    kg_ast_dataset *dataset; /* FROM / FROM NAMED, in order */
    size_t ndataset;
    kg_ast_select *select;   /* WHERE and solution modifiers; never NULL */
    kg_ast_quad *construct;  /* CONSTRUCT template (for CONSTRUCT WHERE, the
                                WHERE's triples), g always KG_AST_NONE */
    size_t nconstruct;
    kg_ast_term *describe;   /* DESCRIBE targets: IRIs and variables */
    size_t ndescribe;
    bool describe_star;      /* DESCRIBE *: every in-scope variable (also
                                listed in describe) */

    /* Updates (form == KG_QUERY_UPDATE): operations in order; may be 0
     * (an empty request is valid). */
    kg_ast_update *updates;
    size_t nupdates;
} kg_sparql_ast;

/* Frees the tree and everything in it. Accepts NULL. */
void kg_sparql_ast_free(kg_sparql_ast *ast);

/* Writes a readable, stable, S-expression-like dump of the tree to out, for
 * tests and debugging (the format is not an interface). */
void kg_sparql_ast_dump(const kg_sparql_ast *ast, FILE *out);
/* Dumps one path, e.g. "(seq (inv <p>) (* (alt <a> <b>)))", or one
 * expression, in the same notation; for tests. Variable names come from ast. */
void kg_ast_path_dump(const kg_ast_path *path, FILE *out);
void kg_ast_expr_dump(const kg_sparql_ast *ast, const kg_ast_expr *expr, FILE *out);

#endif
