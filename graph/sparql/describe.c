/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/describe.c - DESCRIBE results: for every resource the query names
 * or binds, its concise bounded description in the default graph of the
 * dataset: every triple with the resource as subject, and recursively the
 * description of each blank node reached as an object. (SPARQL leaves the
 * description to the implementation; this is the common CBD choice,
 * without reification.) */
#include <string.h>

#include "sparql/query_impl.h"

static bool is_blank(kg_eval *ev, kg_id id)
{
    kg_term t;
    return kg_eval_term(ev, id, &t) && t.kind == KG_TERM_BLANK;
}

static kg_status describe(kg_results *r, kg_idtab *nodes)
{
    kg_eval *ev = &r->ev;
    /* nodes grows while it is walked: each new blank object is queued. */
    for (uint32_t i = 0; i < kg_idtab_count(nodes) && ev->status == KG_OK; i++) {
        kg_id node = kg_idtab_key(nodes, i)[0];
        kg_dscan d;
        kg_quad q;
        kg_dscan_open(&d, ev, &ev->ds.dflt, node, 0, 0);
        while (kg_dscan_next(&d, &q)) {
            kg_id t[3] = {q.s, q.p, q.o};
            int added = kg_idtab_put(r->seen, t, NULL);
            if (added > 0 && !kg_idvec_append(&r->triples, t, 3))
                added = -1;
            if (added > 0 && is_blank(ev, q.o) && kg_idtab_put(nodes, &q.o, NULL) < 0)
                added = -1;
            if (added < 0) {
                kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
                break;
            }
        }
        kg_dscan_close(&d);
    }
    return ev->status;
}

kg_status kg_describe_run(kg_results *r)
{
    const kg_sparql_ast *ast = r->query->ast;
    kg_eval *ev = &r->ev;
    kg_idtab *nodes = kg_idtab_new(1);
    if (!nodes)
        return kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    bool vars = false;
    for (size_t i = 0; i < ast->ndescribe; i++) {
        const kg_ast_term *t = &ast->describe[i];
        if (t->kind == KG_AST_VAR) {
            vars = true;
            continue;
        }
        kg_term term = kg_alg_const_term(t);
        kg_id id = kg_eval_intern(ev, &term);
        if (id && kg_idtab_put(nodes, &id, NULL) < 0)
            kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
    }
    while (vars && ev->status == KG_OK && kg_iter_next(r->root, r->row)) {
        for (size_t i = 0; i < ast->ndescribe; i++) {
            const kg_ast_term *t = &ast->describe[i];
            kg_id id = t->kind == KG_AST_VAR ? r->row[t->var] : KG_ID_NONE;
            if (id && kg_idtab_put(nodes, &id, NULL) < 0)
                kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        }
    }
    kg_status st = ev->status == KG_OK ? describe(r, nodes) : ev->status;
    kg_idtab_free(nodes);
    return st;
}
