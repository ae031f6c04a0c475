/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/template.c - instantiating quad templates with solutions, for
 * CONSTRUCT results and for the DELETE/INSERT templates of updates (16.2):
 * variables take the solution's values, blank nodes are fresh for each
 * solution, and quads that come out ill-formed (unbound variables, literal
 * subjects, non-IRI predicates) are left out. CONSTRUCT results are a set,
 * so a triple is given only once. */
#include <stdlib.h>
#include <string.h>

#include "sparql/query_impl.h"
#include "kg/grow.h"

void kg_template_bnodes_reset(kg_template_bnodes *bn)
{
    bn->n = 0;
}

void kg_template_bnodes_free(kg_template_bnodes *bn)
{
    free(bn->items);
    memset(bn, 0, sizeof *bn);
}

static kg_id template_bnode(kg_eval *ev, kg_template_bnodes *bn, const char *label)
{
    for (size_t i = 0; i < bn->n; i++)
        if (strcmp(bn->items[i].label, label) == 0)
            return bn->items[i].id;
    if (!kg_grow(&bn->items, &bn->cap, bn->n, sizeof *bn->items, 8)) {
        kg_eval_fail(ev, KG_ERR_NOMEM, "out of memory");
        return KG_ID_NONE;
    }
    kg_id id = kg_eval_fresh_bnode(ev);
    bn->items[bn->n++] = (kg_template_bnode){label, id};
    return id;
}

static kg_id resolve(kg_eval *ev, const kg_ast_term *t, const kg_id *row, kg_template_bnodes *bn)
{
    switch (t->kind) {
    case KG_AST_VAR:
    case KG_AST_BNODE_VAR:
        return row ? row[t->var] : KG_ID_NONE;
    case KG_AST_BNODE:
        return template_bnode(ev, bn, t->term.value);
    case KG_AST_IRI:
    case KG_AST_LITERAL: {
        kg_term term = kg_alg_const_term(t);
        return kg_eval_intern(ev, &term);
    }
    case KG_AST_NONE:
        break;
    }
    return KG_ID_NONE;
}

static kg_term_kind kind_of(kg_eval *ev, kg_id id)
{
    kg_term t;
    return kg_eval_term(ev, id, &t) ? t.kind : KG_TERM_NONE;
}

bool kg_template_quad(kg_eval *ev, const kg_ast_quad *q, const kg_id *row, kg_template_bnodes *bn,
                      kg_id out[4])
{
    out[0] = resolve(ev, &q->s, row, bn);
    out[1] = resolve(ev, &q->p, row, bn);
    out[2] = resolve(ev, &q->o, row, bn);
    out[3] = q->g.kind == KG_AST_NONE ? KG_ID_NONE : resolve(ev, &q->g, row, bn);
    if (!out[0] || !out[1] || !out[2] || (q->g.kind != KG_AST_NONE && !out[3]))
        return false;
    kg_term_kind s = kind_of(ev, out[0]);
    if (s != KG_TERM_IRI && s != KG_TERM_BLANK)
        return false;
    if (kind_of(ev, out[1]) != KG_TERM_IRI)
        return false;
    return !out[3] || kind_of(ev, out[3]) == KG_TERM_IRI;
}

bool kg_template_next(kg_results *r, kg_id out[3])
{
    const kg_sparql_ast *ast = r->query->ast;
    for (;;) {
        if (!r->have_row) {
            if (!kg_iter_next(r->root, r->row))
                return false;
            r->have_row = true;
            r->tpos = 0;
            kg_template_bnodes_reset(&r->bnodes);
        }
        while (r->tpos < ast->nconstruct) {
            kg_id quad[4];
            if (!kg_template_quad(&r->ev, &ast->construct[r->tpos++], r->row, &r->bnodes, quad))
                continue;
            int added = kg_idtab_put(r->seen, quad, NULL);
            if (added < 0) {
                kg_eval_fail(&r->ev, KG_ERR_NOMEM, "out of memory");
                return false;
            }
            if (added) {
                memcpy(out, quad, 3 * sizeof *out);
                return true;
            }
        }
        if (r->ev.status != KG_OK)
            return false;
        r->have_row = false;
    }
}
