/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/ast.c - freeing a syntax tree and dumping it as S-expressions for
 * tests and debugging. The tree is built by the parser (parser.c). */
#include "sparql/ast.h"

#include <string.h>

void kg_sparql_ast_free(kg_sparql_ast *ast)
{
    if (ast)
        kg_arena_free(ast->arena); /* the tree itself lives in its arena */
}

/* ------------------------------------------------------------------ dump */

static void dump_string(const char *s, size_t n, FILE *out)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\u%04X", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void dump_term(const kg_sparql_ast *ast, const kg_ast_term *t, FILE *out)
{
    switch (t->kind) {
    case KG_AST_NONE:
        fputs("UNDEF", out);
        break;
    case KG_AST_IRI:
        fprintf(out, "<%s>", t->term.value);
        break;
    case KG_AST_LITERAL:
        dump_string(t->term.value, t->term.value_len, out);
        if (t->term.lang)
            fprintf(out, "@%s", t->term.lang);
        else if (t->term.datatype)
            fprintf(out, "^^<%s>", t->term.datatype);
        break;
    case KG_AST_VAR:
    case KG_AST_BNODE_VAR:
        fprintf(out, "?%s", ast->vars[t->var].name);
        break;
    case KG_AST_BNODE:
        fprintf(out, "_:%s", t->term.value);
        break;
    }
}

void kg_ast_path_dump(const kg_ast_path *path, FILE *out)
{
    static const char *const names[] = {
        [KG_PATH_INVERSE] = "inv", [KG_PATH_SEQ] = "seq", [KG_PATH_ALT] = "alt",
        [KG_PATH_ZERO_OR_MORE] = "*", [KG_PATH_ONE_OR_MORE] = "+", [KG_PATH_ZERO_OR_ONE] = "?",
    };
    if (path->kind == KG_PATH_LINK) {
        fprintf(out, "<%s>", path->iri);
        return;
    }
    if (path->kind == KG_PATH_NEGATED) {
        fputs("(nps", out);
        for (size_t i = 0; i < path->niris; i++)
            fprintf(out, " <%s>", path->iris[i]);
        for (size_t i = 0; i < path->ninverse_iris; i++)
            fprintf(out, " ^<%s>", path->inverse_iris[i]);
        fputc(')', out);
        return;
    }
    fprintf(out, "(%s", names[path->kind]);
    for (size_t i = 0; i < path->nsub; i++) {
        fputc(' ', out);
        kg_ast_path_dump(path->sub[i], out);
    }
    fputc(')', out);
}

static void dump_pattern(const kg_sparql_ast *ast, const kg_ast_pattern *p, FILE *out);

static const char *expr_name(const kg_ast_expr *e)
{
    static const char *const cmps[] = {"=", "!=", "<", ">", "<=", ">="};
    static const char *const aggs[] = {"count", "sum", "min", "max", "avg", "sample",
                                       "group_concat"};
    switch (e->kind) {
    case KG_EXPR_OR: return "||";
    case KG_EXPR_AND: return "&&";
    case KG_EXPR_CMP: return cmps[e->cmp];
    case KG_EXPR_ARITH: return e->op == '+' ? "+" : e->op == '-' ? "-" : e->op == '*' ? "*" : "/";
    case KG_EXPR_NOT: return "!";
    case KG_EXPR_UNARY: return e->op == '-' ? "neg" : "pos";
    case KG_EXPR_IN: return "in";
    case KG_EXPR_NOT_IN: return "not-in";
    case KG_EXPR_BUILTIN: return kg_builtin_name(e->fn);
    case KG_EXPR_BOUND: return "bound";
    case KG_EXPR_IF: return "if";
    case KG_EXPR_COALESCE: return "coalesce";
    case KG_EXPR_EXISTS: return "exists";
    case KG_EXPR_NOT_EXISTS: return "not-exists";
    case KG_EXPR_AGGREGATE: return aggs[e->agg];
    case KG_EXPR_FUNCTION: return "call";
    case KG_EXPR_TERM: break;
    }
    return "?";
}

void kg_ast_expr_dump(const kg_sparql_ast *ast, const kg_ast_expr *e, FILE *out)
{
    if (e->kind == KG_EXPR_TERM) {
        dump_term(ast, &e->term, out);
        return;
    }
    fprintf(out, "(%s", expr_name(e));
    if (e->kind == KG_EXPR_FUNCTION)
        fprintf(out, " <%s>", e->iri);
    if (e->distinct)
        fputs(" distinct", out);
    if (e->star)
        fputs(" *", out);
    for (size_t i = 0; i < e->nargs; i++) {
        fputc(' ', out);
        kg_ast_expr_dump(ast, e->args[i], out);
    }
    if (e->separator) {
        fputs(" separator=", out);
        dump_string(e->separator, strlen(e->separator), out);
    }
    if (e->pattern) {
        fputc(' ', out);
        dump_pattern(ast, e->pattern, out);
    }
    fputc(')', out);
}

static void dump_triple(const kg_sparql_ast *ast, const kg_ast_triple *t, FILE *out)
{
    fputs(t->path ? "(path " : "(triple ", out);
    dump_term(ast, &t->s, out);
    fputc(' ', out);
    if (t->path)
        kg_ast_path_dump(t->path, out);
    else
        dump_term(ast, &t->p, out);
    fputc(' ', out);
    dump_term(ast, &t->o, out);
    fputc(')', out);
}

static void dump_values(const kg_sparql_ast *ast, const kg_ast_values *v, FILE *out)
{
    fputs("(values (", out);
    for (size_t i = 0; i < v->nvars; i++)
        fprintf(out, "%s?%s", i ? " " : "", ast->vars[v->vars[i]].name);
    fputc(')', out);
    for (size_t r = 0; r < v->nrows; r++) {
        fputs(" (", out);
        for (size_t i = 0; i < v->nvars; i++) {
            if (i)
                fputc(' ', out);
            dump_term(ast, &v->rows[r * v->nvars + i], out);
        }
        fputc(')', out);
    }
    fputc(')', out);
}

static void dump_select(const kg_sparql_ast *ast, const kg_ast_select *s, bool project, FILE *out);

static void dump_pattern(const kg_sparql_ast *ast, const kg_ast_pattern *p, FILE *out)
{
    static const char *const names[] = {
        [KG_PAT_GROUP] = "group",       [KG_PAT_BGP] = "bgp",     [KG_PAT_OPTIONAL] = "optional",
        [KG_PAT_UNION] = "union",       [KG_PAT_MINUS] = "minus", [KG_PAT_GRAPH] = "graph",
        [KG_PAT_SERVICE] = "service",   [KG_PAT_FILTER] = "filter", [KG_PAT_BIND] = "bind",
        [KG_PAT_VALUES] = "values",     [KG_PAT_SUBSELECT] = "subselect",
    };
    if (p->kind == KG_PAT_VALUES) {
        dump_values(ast, p->values, out);
        return;
    }
    fprintf(out, "(%s", names[p->kind]);
    if (p->silent)
        fputs(" silent", out);
    if (p->kind == KG_PAT_GRAPH || p->kind == KG_PAT_SERVICE) {
        fputc(' ', out);
        dump_term(ast, &p->term, out);
    }
    for (size_t i = 0; i < p->ntriples; i++) {
        fputc(' ', out);
        dump_triple(ast, &p->triples[i], out);
    }
    for (size_t i = 0; i < p->nitems; i++) {
        fputc(' ', out);
        dump_pattern(ast, p->items[i], out);
    }
    if (p->child) {
        fputc(' ', out);
        dump_pattern(ast, p->child, out);
    }
    if (p->expr) {
        fputc(' ', out);
        kg_ast_expr_dump(ast, p->expr, out);
    }
    if (p->kind == KG_PAT_BIND)
        fprintf(out, " ?%s", ast->vars[p->var].name);
    if (p->select) {
        fputc(' ', out);
        dump_select(ast, p->select, true, out);
    }
    fputc(')', out);
}

static void dump_select(const kg_sparql_ast *ast, const kg_ast_select *s, bool project, FILE *out)
{
    fputs("(select", out);
    if (s->modifier != KG_MOD_NONE)
        fputs(s->modifier == KG_MOD_DISTINCT ? " distinct" : " reduced", out);
    if (project) {
        fputs(s->star ? " (project*" : " (project", out);
        for (size_t i = 0; i < s->nproj; i++) {
            if (s->proj[i].expr) {
                fputs(" (as ", out);
                kg_ast_expr_dump(ast, s->proj[i].expr, out);
                fprintf(out, " ?%s)", ast->vars[s->proj[i].var].name);
            } else {
                fprintf(out, " ?%s", ast->vars[s->proj[i].var].name);
            }
        }
        fputc(')', out);
    }
    fputc(' ', out);
    dump_pattern(ast, s->where, out);
    if (s->ngroup) {
        fputs(" (group-by", out);
        for (size_t i = 0; i < s->ngroup; i++) {
            fputc(' ', out);
            kg_ast_expr_dump(ast, s->group[i].expr, out);
            if (s->group[i].has_var)
                fprintf(out, " as ?%s", ast->vars[s->group[i].var].name);
        }
        fputc(')', out);
    }
    for (size_t i = 0; i < s->nhaving; i++) {
        fputs(" (having ", out);
        kg_ast_expr_dump(ast, s->having[i], out);
        fputc(')', out);
    }
    if (s->norder) {
        fputs(" (order-by", out);
        for (size_t i = 0; i < s->norder; i++) {
            fputs(s->order[i].descending ? " (desc " : " (asc ", out);
            kg_ast_expr_dump(ast, s->order[i].expr, out);
            fputc(')', out);
        }
        fputc(')', out);
    }
    if (s->limit >= 0)
        fprintf(out, " (limit %lld)", (long long)s->limit);
    if (s->offset > 0)
        fprintf(out, " (offset %lld)", (long long)s->offset);
    if (s->values) {
        fputc(' ', out);
        dump_values(ast, s->values, out);
    }
    fputc(')', out);
}

static void dump_quads(const kg_sparql_ast *ast, const char *name, const kg_ast_quad *q, size_t n,
                       FILE *out)
{
    fprintf(out, " (%s", name);
    for (size_t i = 0; i < n; i++) {
        fputs(" (", out);
        dump_term(ast, &q[i].s, out);
        fputc(' ', out);
        dump_term(ast, &q[i].p, out);
        fputc(' ', out);
        dump_term(ast, &q[i].o, out);
        if (q[i].g.kind != KG_AST_NONE) {
            fputc(' ', out);
            dump_term(ast, &q[i].g, out);
        }
        fputc(')', out);
    }
    fputc(')', out);
}

static void dump_graph_ref(const kg_ast_graph_ref *g, FILE *out)
{
    static const char *const names[] = {"", "default", "named", "all"};
    if (g->kind == KG_GRAPH_REF_IRI)
        fprintf(out, " <%s>", g->iri);
    else
        fprintf(out, " %s", names[g->kind]);
}

static void dump_update(const kg_sparql_ast *ast, const kg_ast_update *u, FILE *out)
{
    static const char *const names[] = {
        [KG_UPDATE_INSERT_DATA] = "insert-data", [KG_UPDATE_DELETE_DATA] = "delete-data",
        [KG_UPDATE_DELETE_WHERE] = "delete-where", [KG_UPDATE_MODIFY] = "modify",
        [KG_UPDATE_LOAD] = "load", [KG_UPDATE_CLEAR] = "clear", [KG_UPDATE_DROP] = "drop",
        [KG_UPDATE_CREATE] = "create", [KG_UPDATE_ADD] = "add", [KG_UPDATE_MOVE] = "move",
        [KG_UPDATE_COPY] = "copy",
    };
    fprintf(out, "(%s", names[u->kind]);
    if (u->silent)
        fputs(" silent", out);
    if (u->with_iri)
        fprintf(out, " (with <%s>)", u->with_iri);
    if (u->kind == KG_UPDATE_DELETE_DATA || u->kind == KG_UPDATE_DELETE_WHERE || u->ndelete)
        dump_quads(ast, "delete", u->delete_quads, u->ndelete, out);
    if (u->kind == KG_UPDATE_INSERT_DATA || u->ninsert)
        dump_quads(ast, "insert", u->insert_quads, u->ninsert, out);
    for (size_t i = 0; i < u->nusing; i++)
        fprintf(out, " (using%s <%s>)", u->using[i].named ? " named" : "", u->using[i].iri);
    if (u->source)
        fprintf(out, " <%s>", u->source);
    if (u->kind >= KG_UPDATE_ADD)
        dump_graph_ref(&u->source_graph, out);
    if (u->kind >= KG_UPDATE_LOAD)
        dump_graph_ref(&u->target, out);
    if (u->where) {
        fputc(' ', out);
        dump_pattern(ast, u->where, out);
    }
    fputc(')', out);
}

void kg_sparql_ast_dump(const kg_sparql_ast *ast, FILE *out)
{
    static const char *const forms[] = {
        [KG_QUERY_SELECT] = "select", [KG_QUERY_ASK] = "ask", [KG_QUERY_CONSTRUCT] = "construct",
        [KG_QUERY_DESCRIBE] = "describe", [KG_QUERY_UPDATE] = "update",
    };
    fprintf(out, "(%s", forms[ast->form]);
    if (ast->form == KG_QUERY_UPDATE) {
        for (size_t i = 0; i < ast->nupdates; i++) {
            fputc(' ', out);
            dump_update(ast, &ast->updates[i], out);
        }
        fputs(")\n", out);
        return;
    }
    for (size_t i = 0; i < ast->ndataset; i++)
        fprintf(out, " (from%s <%s>)", ast->dataset[i].named ? " named" : "", ast->dataset[i].iri);
    if (ast->form == KG_QUERY_CONSTRUCT)
        dump_quads(ast, "template", ast->construct, ast->nconstruct, out);
    if (ast->form == KG_QUERY_DESCRIBE) {
        fputs(ast->describe_star ? " (describe*" : " (describe", out);
        for (size_t i = 0; i < ast->ndescribe; i++) {
            fputc(' ', out);
            dump_term(ast, &ast->describe[i], out);
        }
        fputc(')', out);
    }
    fputc(' ', out);
    dump_select(ast, ast->select, ast->form == KG_QUERY_SELECT, out);
    fputs(")\n", out);
}
