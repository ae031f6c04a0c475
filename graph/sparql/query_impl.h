/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/query_impl.h - what the modules behind kg/query.h share: the
 * prepared query, the results object, dataset construction, template
 * instantiation, DESCRIBE and the update executor. Private to libkg. */
#ifndef KG_SPARQL_QUERY_IMPL_H
#define KG_SPARQL_QUERY_IMPL_H

#include "kg/query.h"
#include "sparql/algebra.h"
#include "sparql/ast.h"
#include "sparql/eval.h"

struct kg_query {
    kg_store *store;
    kg_sparql_ast *ast;
    kg_arena *arena;    /* the algebra */
    kg_alg_plan plan;   /* queries */
    char *base_iri;     /* copies of the options' strings */
    char *allowed_dir;
    char *hidden_graph; /* kg_query_options.hidden_graph */
    bool strict_default_graph;
    unsigned access;
    size_t max_memory;  /* kg_query_options' limits */
    unsigned timeout_ms;
    kg_error error;
};

/* Per-solution blank nodes of a template: the same label within one
 * solution is the same fresh node. */
typedef struct kg_template_bnode {
    const char *label;
    kg_id id;
} kg_template_bnode;

typedef struct kg_template_bnodes {
    kg_template_bnode *items;
    size_t n, cap;
} kg_template_bnodes;

struct kg_results {
    struct kg_rows *rows; /* rows held in memory (rows.h), else NULL */
    kg_query *query;
    kg_query_form form;
    kg_eval ev;
    bool ev_live;
    kg_iter *root;
    kg_id *row;
    size_t ncols;
    const char *const *names;
    kg_term *values;
    /* The id each of values was decoded from (0: none yet): a column that
     * keeps its value from one row to the next (the subject of several
     * rows) is not decoded again. */
    kg_id *value_ids;
    bool boolean;
    uint64_t added, removed;
    /* CONSTRUCT: the template index within the current solution; DESCRIBE
     * and CONSTRUCT: triples already given, triples to give. */
    size_t tpos;
    bool have_row;
    kg_template_bnodes bnodes;
    kg_idtab *seen;
    kg_idvec triples;
    size_t pos;
    kg_id cur[3];
};

/* Builds the dataset of FROM/FROM NAMED (or USING) clauses against the
 * current view: named graphs the store lacks are empty; a file: or http(s)
 * IRI the store lacks is refused (KG_ERR_DENIED) unless the query's access
 * allows it, and then unsupported. Arrays live in arena. */
kg_status kg_query_dataset(kg_query *q, kg_view *view, const kg_ast_dataset *clauses, size_t n,
                           kg_arena *arena, kg_dataset *out);

/* Instantiates a template quad for a solution. False when it is not a
 * well-formed RDF quad (an unbound variable, a literal subject, a non-IRI
 * predicate or graph): such quads are left out (16.2). out: s, p, o, g
 * (g 0 for the default graph). */
bool kg_template_quad(kg_eval *ev, const kg_ast_quad *q, const kg_id *row, kg_template_bnodes *bn,
                      kg_id out[4]);
/* CONSTRUCT: the next triple of the results (template.c); false at the
 * end or on failure (r->ev.status). */
bool kg_template_next(kg_results *r, kg_id out[3]);
void kg_template_bnodes_reset(kg_template_bnodes *bn);
void kg_template_bnodes_free(kg_template_bnodes *bn);

/* DESCRIBE (describe.c): the concise bounded description of every
 * resource named or bound in the solutions of the results' root, as
 * triples (s, p, o) appended to r->triples. */
kg_status kg_describe_run(kg_results *r);

/* Updates (update.c): runs every operation of the request atomically. */
kg_status kg_update_run(kg_query *q, uint64_t *added, uint64_t *removed);

#endif
