/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/parse_update.c - the SPARQL 1.1 Update part of the grammar
 * (rules [29]-[51]): update requests and their operations, quad blocks of
 * INSERT/DELETE DATA, DELETE WHERE and templates, and graph references.
 * Triples, patterns and the prologue are parser.c's. */
#include "sparql/parse_internal.h"

/* Quads ('{' ... '}' of INSERT/DELETE DATA, DELETE WHERE and templates).
 * With where, the quads are also added to it as a pattern. */
static void quads(kg_parser *p, kg_pvec *out, kg_ast_pattern *where)
{
    kg_srcpos open = kg_parse_here(p);
    kg_parse_expect(p, KG_TOK_LBRACE, "'{'");
    kg_pvec items = {0};
    for (;;) {
        kg_pvec triples = {0};
        kg_srcpos at = kg_parse_here(p);
        kg_parse_triples_template(p, &triples);
        kg_ast_term g = {0};
        kg_parse_add_quads(p, out, &triples, g);
        if (where && triples.n) {
            kg_ast_pattern *bgp = kg_parse_new_pattern(p, KG_PAT_BGP, at);
            bgp->triples = triples.data;
            bgp->ntriples = triples.n;
            kg_parse_push_element(p, &items, where, bgp, at.offset);
        }
        if (!kg_parse_is_kw(p, "GRAPH"))
            break;
        kg_srcpos graph_at = kg_parse_here(p);
        kg_parse_advance(p);
        g = kg_parse_var_or_iri(p);
        kg_srcpos inner = kg_parse_here(p);
        kg_parse_expect(p, KG_TOK_LBRACE, "'{' after the graph name");
        triples = (kg_pvec){0};
        kg_parse_triples_template(p, &triples);
        if (p->tok.kind != KG_TOK_RBRACE)
            kg_parse_unclosed_group(p, inner, "a triple or ");
        kg_parse_advance(p);
        kg_parse_add_quads(p, out, &triples, g);
        if (where) {
            kg_ast_pattern *gp = kg_parse_new_pattern(p, KG_PAT_GRAPH, graph_at);
            gp->term = g;
            gp->child = kg_parse_new_pattern(p, KG_PAT_GROUP, inner);
            kg_ast_pattern *bgp = kg_parse_new_pattern(p, KG_PAT_BGP, inner);
            bgp->triples = triples.data;
            bgp->ntriples = triples.n;
            gp->child->items = kg_parse_alloc(p, sizeof *gp->child->items);
            gp->child->items[0] = bgp;
            gp->child->nitems = triples.n ? 1 : 0;
            gp->child->height = 2;
            gp->height = 3;
            kg_parse_push_element(p, &items, where, gp, graph_at.offset);
        }
        kg_parse_accept(p, KG_TOK_DOT);
    }
    if (p->tok.kind != KG_TOK_RBRACE)
        kg_parse_unclosed_group(p, open, "a triple, GRAPH or ");
    kg_parse_advance(p);
    if (where) {
        where->items = items.data;
        where->nitems = items.n;
    }
}

/* A template or data block in the given blank node mode. */
static void quad_block(kg_parser *p, kg_pvec *out, kg_bnode_mode mode, const char *context,
                       bool data, kg_ast_pattern *where)
{
    kg_parse_begin_template(p, mode, context);
    if (data)
        p->novars_context = context;
    quads(p, out, where);
    kg_parse_end_template(p);
}

static kg_ast_graph_ref graph_ref(kg_parser *p)
{
    kg_parse_expect_kw(p, "GRAPH");
    return (kg_ast_graph_ref){KG_GRAPH_REF_IRI, kg_parse_iri(p)};
}

/* GraphRefAll: GRAPH <iri> | DEFAULT | NAMED | ALL */
static kg_ast_graph_ref graph_ref_all(kg_parser *p)
{
    if (kg_parse_accept_kw(p, "DEFAULT"))
        return (kg_ast_graph_ref){KG_GRAPH_REF_DEFAULT, NULL};
    if (kg_parse_accept_kw(p, "NAMED"))
        return (kg_ast_graph_ref){KG_GRAPH_REF_NAMED, NULL};
    if (kg_parse_accept_kw(p, "ALL"))
        return (kg_ast_graph_ref){KG_GRAPH_REF_ALL, NULL};
    if (!kg_parse_is_kw(p, "GRAPH"))
        kg_parse_expected(p, "GRAPH <iri>, DEFAULT, NAMED or ALL");
    return graph_ref(p);
}

/* GraphOrDefault: DEFAULT | GRAPH? <iri> */
static kg_ast_graph_ref graph_or_default(kg_parser *p)
{
    if (kg_parse_accept_kw(p, "DEFAULT"))
        return (kg_ast_graph_ref){KG_GRAPH_REF_DEFAULT, NULL};
    kg_parse_accept_kw(p, "GRAPH");
    if (!kg_parse_at_iri(p) && p->tok.kind != KG_TOK_LT)
        kg_parse_expected(p, "DEFAULT or a graph IRI");
    return (kg_ast_graph_ref){KG_GRAPH_REF_IRI, kg_parse_iri(p)};
}

/* The rest of a Modify after its DELETE/INSERT templates. */
static void modify_tail(kg_parser *p, kg_ast_update *u)
{
    kg_pvec using = {0};
    kg_parse_dataset_clauses(p, &using, "USING");
    u->using = using.data;
    u->nusing = using.n;
    if (!kg_parse_is_kw(p, "WHERE"))
        kg_parse_expected(p, "WHERE");
    u->where = kg_parse_where_clause(p);
}

static void set_quads(kg_ast_quad **q, size_t *n, const kg_pvec *v)
{
    *q = v->data;
    *n = v->n;
}

static void insert_template(kg_parser *p, kg_ast_update *u)
{
    kg_pvec ins = {0};
    quad_block(p, &ins, KG_BNODES_TEMPLATE, "an INSERT template", false, NULL);
    set_quads(&u->insert_quads, &u->ninsert, &ins);
}

static void delete_template(kg_parser *p, kg_ast_update *u)
{
    kg_pvec del = {0};
    quad_block(p, &del, KG_BNODES_FORBIDDEN, "a DELETE template", false, NULL);
    set_quads(&u->delete_quads, &u->ndelete, &del);
}

/* Operations that name graphs: LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY.
 * False when the current token is none of them. */
static bool graph_operation(kg_parser *p, kg_ast_update *u)
{
    static const struct {
        const char *kw;
        kg_ast_update_kind kind;
    } ops[] = {
        {"LOAD", KG_UPDATE_LOAD}, {"CLEAR", KG_UPDATE_CLEAR}, {"DROP", KG_UPDATE_DROP},
        {"CREATE", KG_UPDATE_CREATE}, {"ADD", KG_UPDATE_ADD}, {"MOVE", KG_UPDATE_MOVE},
        {"COPY", KG_UPDATE_COPY},
    };
    size_t i = 0;
    while (i < sizeof ops / sizeof ops[0] && !kg_parse_is_kw(p, ops[i].kw))
        i++;
    if (i == sizeof ops / sizeof ops[0])
        return false;
    u->kind = ops[i].kind;
    kg_parse_advance(p);
    u->silent = kg_parse_accept_kw(p, "SILENT");
    switch (u->kind) {
    case KG_UPDATE_LOAD:
        u->source = kg_parse_iri(p);
        u->target.kind = KG_GRAPH_REF_DEFAULT;
        if (kg_parse_accept_kw(p, "INTO"))
            u->target = graph_ref(p);
        break;
    case KG_UPDATE_CLEAR:
    case KG_UPDATE_DROP:
        u->target = graph_ref_all(p);
        break;
    case KG_UPDATE_CREATE:
        u->target = graph_ref(p);
        break;
    default: /* ADD, MOVE, COPY */
        u->source_graph = graph_or_default(p);
        kg_parse_expect_kw(p, "TO");
        u->target = graph_or_default(p);
        break;
    }
    return true;
}

/* first: the statement's first keyword, which may have meant any form */
static void update_operation(kg_parser *p, kg_ast_update *u, bool first)
{
    u->line = p->tok.line;
    u->column = p->tok.column;
    if (graph_operation(p, u))
        return;
    if (kg_parse_accept_kw(p, "INSERT")) {
        if (kg_parse_accept_kw(p, "DATA")) {
            u->kind = KG_UPDATE_INSERT_DATA;
            kg_pvec ins = {0};
            quad_block(p, &ins, KG_BNODES_DATA, "INSERT DATA", true, NULL);
            set_quads(&u->insert_quads, &u->ninsert, &ins);
            return;
        }
        u->kind = KG_UPDATE_MODIFY;
        if (p->tok.kind != KG_TOK_LBRACE)
            kg_parse_expected(p, "DATA or '{' after INSERT");
        insert_template(p, u);
    } else if (kg_parse_accept_kw(p, "DELETE")) {
        kg_pvec del = {0};
        if (kg_parse_accept_kw(p, "DATA")) {
            u->kind = KG_UPDATE_DELETE_DATA;
            quad_block(p, &del, KG_BNODES_FORBIDDEN, "DELETE DATA", true, NULL);
            set_quads(&u->delete_quads, &u->ndelete, &del);
            return;
        }
        if (kg_parse_is_kw(p, "WHERE")) {
            u->kind = KG_UPDATE_DELETE_WHERE;
            u->where = kg_parse_new_pattern(p, KG_PAT_GROUP, kg_parse_here(p));
            kg_parse_advance(p);
            quad_block(p, &del, KG_BNODES_FORBIDDEN, "DELETE WHERE", false, u->where);
            set_quads(&u->delete_quads, &u->ndelete, &del);
            return;
        }
        u->kind = KG_UPDATE_MODIFY;
        if (p->tok.kind != KG_TOK_LBRACE)
            kg_parse_expected(p, "DATA, WHERE or '{' after DELETE");
        delete_template(p, u);
        if (kg_parse_accept_kw(p, "INSERT"))
            insert_template(p, u);
    } else if (kg_parse_accept_kw(p, "WITH")) {
        u->kind = KG_UPDATE_MODIFY;
        u->with_iri = kg_parse_iri(p);
        bool any = false;
        if (kg_parse_accept_kw(p, "DELETE")) {
            delete_template(p, u);
            any = true;
        }
        if (kg_parse_accept_kw(p, "INSERT")) {
            insert_template(p, u);
            any = true;
        }
        if (!any)
            kg_parse_expected(p, "DELETE or INSERT after WITH <iri>");
    } else if (first) {
        kg_parse_expected(p, "a query (SELECT, CONSTRUCT, DESCRIBE or ASK) or an update "
                             "(INSERT, DELETE, WITH, LOAD, CLEAR, DROP, CREATE, ADD, MOVE or COPY)");
    } else {
        kg_parse_expected(p, "an update operation (INSERT, DELETE, WITH, LOAD, CLEAR, DROP, "
                             "CREATE, ADD, MOVE or COPY)");
    }
    modify_tail(p, u);
}

void kg_parse_update_request(kg_parser *p)
{
    kg_pvec ops = {0};
    p->ast->form = KG_QUERY_UPDATE;
    while (p->tok.kind != KG_TOK_EOF) {
        bool first = ops.n == 0;
        update_operation(p, kg_pvec_push(p, &ops, sizeof(kg_ast_update)), first);
        if (p->tok.kind == KG_TOK_EOF)
            break;
        if (!kg_parse_accept(p, KG_TOK_SEMI))
            kg_parse_expected(p, "';' between update operations");
        kg_parse_prologue(p);
    }
    p->ast->updates = ops.data;
    p->ast->nupdates = ops.n;
}
