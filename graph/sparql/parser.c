/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/parser.c - recursive descent over the SPARQL 1.1 Query and Update
 * grammar (section 19.8 of the Query spec): prologue, the four query forms,
 * group graph patterns and triples. The update operations are in
 * parse_update.c, expressions and property paths in parse_expr.c; the
 * static checks in check.c. */
#include "sparql/parser.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sparql/check.h"
#include "sparql/literal.h"
#include "sparql/parse_internal.h"
#include "util/iri.h"

/* ------------------------------------------------------ infrastructure */

_Noreturn void kg_parse_fail(kg_parser *p, size_t offset, kg_status st, const char *fmt, ...)
{
    p->status = st;
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
        p->err->status = st;
        p->err->file[0] = '\0';
        if (offset == SIZE_MAX)
            p->err->line = p->err->column = 0;
        else
            kg_lexer_position(&p->lx, offset, &p->err->line, &p->err->column);
    }
    longjmp(p->on_error, 1);
}

static _Noreturn void nomem(kg_parser *p)
{
    kg_parse_fail(p, SIZE_MAX, KG_ERR_NOMEM, "out of memory");
}

/* The current token as the user wrote it, for messages. */
static void describe(const kg_parser *p, char *buf, size_t size)
{
    const kg_token *t = &p->tok;
    if (t->kind == KG_TOK_EOF) {
        snprintf(buf, size, "end of %s", p->ast->form == KG_QUERY_UPDATE ? "update" : "query");
        return;
    }
    size_t n = t->end - t->offset;
    bool cut = n > 40;
    if (cut) {
        n = 40;
        while (n > 0 && ((unsigned char)p->lx.text[t->offset + n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(buf, size, "'%.*s%s'", (int)n, p->lx.text + t->offset, cut ? "..." : "");
}

_Noreturn void kg_parse_expected(kg_parser *p, const char *what)
{
    char d[64];
    describe(p, d, sizeof d);
    kg_parse_fail(p, p->tok.offset, KG_ERR_SYNTAX, "unexpected %s: expected %s", d, what);
}

void kg_parse_advance(kg_parser *p)
{
    if (kg_lexer_next(&p->lx, &p->tok))
        return;
    if (p->lx.error_offset == SIZE_MAX)
        nomem(p);
    kg_parse_fail(p, p->lx.error_offset, KG_ERR_SYNTAX, "%s", p->lx.error);
}

bool kg_parse_is_kw(const kg_parser *p, const char *kw)
{
    size_t n = strlen(kw);
    return p->tok.kind == KG_TOK_WORD && p->tok.val_len == n && strncasecmp(p->tok.val, kw, n) == 0;
}

bool kg_parse_accept_kw(kg_parser *p, const char *kw)
{
    if (!kg_parse_is_kw(p, kw))
        return false;
    kg_parse_advance(p);
    return true;
}

bool kg_parse_accept(kg_parser *p, kg_tok kind)
{
    if (p->tok.kind != kind)
        return false;
    kg_parse_advance(p);
    return true;
}

void kg_parse_expect(kg_parser *p, kg_tok kind, const char *what)
{
    if (!kg_parse_accept(p, kind))
        kg_parse_expected(p, what);
}

void kg_parse_expect_kw(kg_parser *p, const char *kw)
{
    if (!kg_parse_accept_kw(p, kw))
        kg_parse_expected(p, kw);
}

void kg_parse_enter(kg_parser *p)
{
    if (++p->depth > KG_SPARQL_MAX_DEPTH)
        kg_parse_fail(p, p->tok.offset, KG_ERR_LIMIT, "nesting deeper than %d levels",
                      KG_SPARQL_MAX_DEPTH);
}

void kg_parse_leave(kg_parser *p)
{
    p->depth--;
}

unsigned kg_parse_height(kg_parser *p, size_t height, size_t offset)
{
    if (height > KG_SPARQL_MAX_HEIGHT)
        kg_parse_fail(p, offset, KG_ERR_LIMIT,
                      "query too large: its operators and group elements nest more than %d "
                      "levels deep (count a chain such as a + b + c or { } MINUS { } MINUS { } "
                      "as one level per operator)",
                      KG_SPARQL_MAX_HEIGHT);
    return (unsigned)height;
}

void *kg_parse_alloc(kg_parser *p, size_t size)
{
    void *m = kg_arena_alloc(p->arena, size);
    if (!m)
        nomem(p);
    memset(m, 0, size);
    return m;
}

static char *copy(kg_parser *p, const char *s, size_t n)
{
    char *c = kg_arena_strndup(p->arena, s, n);
    if (!c)
        nomem(p);
    return c;
}

void *kg_pvec_push(kg_parser *p, kg_pvec *v, size_t elem)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void *data = kg_parse_alloc(p, cap * elem);
        if (v->n)
            memcpy(data, v->data, v->n * elem);
        v->data = data;
        v->cap = cap;
    }
    void *slot = (char *)v->data + v->n++ * elem;
    memset(slot, 0, elem);
    return slot;
}

kg_srcpos kg_parse_here(const kg_parser *p)
{
    return (kg_srcpos){p->tok.offset, p->tok.line, p->tok.column};
}

/* ----------------------------------------------------------- string maps */

/* The parser's maps are util/strmap.h's, made on first use; values are
 * indexes. */
static bool strmap_get(const kg_strmap *m, const char *k, size_t n, unsigned *v)
{
    int value;
    if (!kg_strmap_get(m, k, n, &value))
        return false;
    *v = (unsigned)value;
    return true;
}

static void strmap_put(kg_parser *p, kg_strmap **m, const char *k, size_t n, unsigned v)
{
    if ((!*m && !(*m = kg_strmap_new())) || !kg_strmap_put(*m, k, n, (int)v))
        nomem(p);
}

/* ----------------------------------------------------------------- terms */

kg_ast_term kg_parse_iri_term(const char *iri)
{
    kg_ast_term t = {.kind = KG_AST_IRI};
    t.term = (kg_term){.kind = KG_TERM_IRI, .value = iri, .value_len = strlen(iri)};
    return t;
}

bool kg_parse_at_iri(const kg_parser *p)
{
    kg_tok k = p->tok.kind;
    return k == KG_TOK_IRI || k == KG_TOK_PNAME_NS || k == KG_TOK_PNAME_LN;
}

static _Noreturn void bad_iri(kg_parser *p)
{
    kg_parse_fail(p, p->tok.offset, KG_ERR_SYNTAX,
                  "bad IRI: an IRI between < > may not contain spaces, quotes, {, }, |, ^, ` or "
                  "backslashes");
}

const char *kg_parse_iri(kg_parser *p)
{
    const kg_token *t = &p->tok;
    const char *iri;
    if (t->kind == KG_TOK_IRI) {
        iri = kg_iri_resolve(p->arena, p->base, t->val, t->val_len);
        if (!iri)
            nomem(p);
    } else if (t->kind == KG_TOK_PNAME_NS || t->kind == KG_TOK_PNAME_LN) {
        const char *prefix = p->lx.text + t->offset;
        unsigned idx;
        if (!strmap_get(p->prefix_map, prefix, t->prefix_len, &idx))
            kg_parse_fail(p, t->offset, KG_ERR_SYNTAX, "unknown prefix \"%.*s:\"", (int)t->prefix_len,
                          prefix);
        const kg_ast_prefix *pf = (const kg_ast_prefix *)p->prefixes.data + idx;
        iri = kg_arena_printf(p->arena, "%s%.*s", pf->iri,
                              t->kind == KG_TOK_PNAME_LN ? (int)t->val_len : 0, t->val);
        if (!iri)
            nomem(p);
    } else if (t->kind == KG_TOK_LT) {
        bad_iri(p);
    } else {
        kg_parse_expected(p, "an IRI");
    }
    kg_parse_advance(p);
    return iri;
}

bool kg_parse_at_literal(const kg_parser *p)
{
    kg_tok k = p->tok.kind;
    return k == KG_TOK_STRING || k == KG_TOK_INTEGER || k == KG_TOK_DECIMAL || k == KG_TOK_DOUBLE ||
           kg_parse_is_kw(p, "true") || kg_parse_is_kw(p, "false");
}

kg_ast_term kg_parse_literal(kg_parser *p)
{
    kg_ast_term t = {.kind = KG_AST_LITERAL};
    t.term.kind = KG_TERM_LITERAL;
    const kg_token *k = &p->tok;
    if (k->kind == KG_TOK_STRING) {
        t.term.value = copy(p, k->val, k->val_len);
        t.term.value_len = k->val_len;
        kg_parse_advance(p);
        if (p->tok.kind == KG_TOK_LANGTAG) {
            char *lang = copy(p, p->tok.val, p->tok.val_len);
            if (lang)
                kg_lit_lower_lang(lang);
            t.term.lang = lang;
            kg_parse_advance(p);
        } else if (kg_parse_accept(p, KG_TOK_DCARET)) {
            if (!kg_parse_at_iri(p))
                kg_parse_expected(p, "a datatype IRI after ^^");
            t.term.datatype = kg_parse_iri(p);
        }
        return t;
    }
    static const struct {
        kg_tok tok;
        const char *datatype;
    } numbers[] = {
        {KG_TOK_INTEGER, KG_XSD "integer"},
        {KG_TOK_DECIMAL, KG_XSD "decimal"},
        {KG_TOK_DOUBLE, KG_XSD "double"},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        if (k->kind == numbers[i].tok) {
            t.term.value = copy(p, k->val, k->val_len);
            t.term.value_len = k->val_len;
            t.term.datatype = numbers[i].datatype;
            kg_parse_advance(p);
            return t;
        }
    }
    if (kg_parse_is_kw(p, "true") || kg_parse_is_kw(p, "false")) {
        t.term.value = kg_parse_is_kw(p, "true") ? "true" : "false";
        t.term.value_len = strlen(t.term.value);
        t.term.datatype = KG_XSD "boolean";
        kg_parse_advance(p);
        return t;
    }
    kg_parse_expected(p, "a literal");
}

unsigned kg_parse_var_index(kg_parser *p, const char *name, size_t len, bool blank)
{
    unsigned idx;
    if (strmap_get(p->var_map, name, len, &idx))
        return idx;
    if (p->vars.n >= UINT32_MAX)
        kg_parse_fail(p, p->tok.offset, KG_ERR_LIMIT, "too many variables");
    kg_ast_var *v = kg_pvec_push(p, &p->vars, sizeof *v);
    v->name = copy(p, name, len);
    v->blank = blank;
    idx = (unsigned)(p->vars.n - 1);
    strmap_put(p, &p->var_map, v->name, len, idx);
    return idx;
}

kg_ast_term kg_parse_var(kg_parser *p)
{
    if (p->tok.kind != KG_TOK_VAR)
        kg_parse_expected(p, "a variable");
    if (p->novars_context)
        kg_parse_fail(p, p->tok.offset, KG_ERR_SYNTAX, "variables are not allowed in %s",
                      p->novars_context);
    kg_ast_term t = {.kind = KG_AST_VAR};
    t.var = kg_parse_var_index(p, p->tok.val, p->tok.val_len, false);
    kg_parse_advance(p);
    return t;
}

/* A blank node written as _:label (label != NULL) or made up for [], [ ... ]
 * and collections (label NULL), at offset in the text. */
static kg_ast_term blank(kg_parser *p, const char *label, size_t len, size_t offset)
{
    if (p->bnodes == KG_BNODES_FORBIDDEN)
        kg_parse_fail(p, offset, KG_ERR_SYNTAX, "blank nodes are not allowed in %s",
                      p->bnode_context);
    char *name = label ? kg_arena_printf(p->arena, "_:%.*s", (int)len, label)
                       : kg_arena_printf(p->arena, "_:-%lu", ++p->anon);
    if (!name)
        nomem(p);
    size_t name_len = strlen(name);
    bool vars = p->bnodes == KG_BNODES_VARS;
    if (label && (vars || p->bnodes == KG_BNODES_DATA)) {
        /* A label names one node within one BGP, and within one INSERT DATA
         * of a request: using it in another BGP or another INSERT DATA is an
         * error (19.6). A template's labels belong to that template alone:
         * two INSERT operations may both write _:b and get distinct nodes. */
        kg_strmap **seen = vars ? &p->bnode_bgp : &p->bnode_data;
        unsigned id = vars ? p->bgp_id : p->tpl_id, prev;
        if (strmap_get(*seen, name, name_len, &prev) && prev != id)
            kg_parse_fail(p, offset, KG_ERR_SYNTAX, "blank node %s is already used in another %s",
                          name, vars ? "basic graph pattern" : "INSERT DATA operation");
        strmap_put(p, seen, name, name_len, id);
    }
    kg_ast_term t = {.kind = vars ? KG_AST_BNODE_VAR : KG_AST_BNODE};
    t.term = (kg_term){.kind = KG_TERM_BLANK, .value = name + 2, .value_len = name_len - 2};
    if (vars)
        t.var = kg_parse_var_index(p, name, name_len, true);
    return t;
}

static kg_ast_term fresh_blank(kg_parser *p, size_t offset)
{
    return blank(p, NULL, 0, offset);
}

static bool at_var_or_term(const kg_parser *p)
{
    kg_tok k = p->tok.kind;
    /* '<' that is not an IRI is taken as a bad IRI here, for the message. */
    return k == KG_TOK_VAR || k == KG_TOK_BNODE || k == KG_TOK_ANON || k == KG_TOK_NIL ||
           k == KG_TOK_LT || kg_parse_at_iri(p) || kg_parse_at_literal(p);
}

/* VarOrTerm (rule [106]). */
static kg_ast_term var_or_term(kg_parser *p, const char *what)
{
    const kg_token *t = &p->tok;
    if (t->kind == KG_TOK_VAR)
        return kg_parse_var(p);
    if (kg_parse_at_iri(p))
        return kg_parse_iri_term(kg_parse_iri(p));
    if (kg_parse_at_literal(p))
        return kg_parse_literal(p);
    if (t->kind == KG_TOK_BNODE) {
        kg_ast_term b = blank(p, t->val, t->val_len, t->offset);
        kg_parse_advance(p);
        return b;
    }
    if (t->kind == KG_TOK_ANON) {
        kg_ast_term b = fresh_blank(p, t->offset);
        kg_parse_advance(p);
        return b;
    }
    if (t->kind == KG_TOK_NIL) {
        kg_parse_advance(p);
        return kg_parse_iri_term(KG_RDF "nil");
    }
    if (t->kind == KG_TOK_LT)
        bad_iri(p);
    kg_parse_expected(p, what);
}

kg_ast_term kg_parse_var_or_iri(kg_parser *p)
{
    if (p->tok.kind == KG_TOK_VAR)
        return kg_parse_var(p);
    if (kg_parse_at_iri(p) || p->tok.kind == KG_TOK_LT)
        return kg_parse_iri_term(kg_parse_iri(p));
    kg_parse_expected(p, "a variable or an IRI");
}

/* --------------------------------------------------------------- triples */

/* Where triples go, and whether property paths are allowed (patterns) or
 * not (templates). */
typedef struct triples_ctx {
    kg_pvec *out; /* of kg_ast_triple */
    bool paths;
} triples_ctx;

static void emit(kg_parser *p, triples_ctx *c, kg_ast_term s, kg_ast_term pred, kg_ast_path *path,
                 kg_ast_term o, kg_srcpos at)
{
    kg_ast_triple *t = kg_pvec_push(p, c->out, sizeof *t);
    t->s = s;
    t->p = pred;
    t->path = path;
    t->o = o;
    t->line = at.line;
    t->column = at.column;
}

static bool at_a(const kg_parser *p)
{
    return p->tok.kind == KG_TOK_WORD && p->tok.val_len == 1 && p->tok.val[0] == 'a';
}

static bool at_verb(const kg_parser *p, const triples_ctx *c)
{
    kg_tok k = p->tok.kind;
    if (k == KG_TOK_VAR || k == KG_TOK_LT || kg_parse_at_iri(p) || at_a(p))
        return true;
    return c->paths && (k == KG_TOK_CARET || k == KG_TOK_BANG || k == KG_TOK_LPAREN);
}

static bool at_triples_start(const kg_parser *p)
{
    return at_var_or_term(p) || p->tok.kind == KG_TOK_LBRACKET || p->tok.kind == KG_TOK_LPAREN;
}

static kg_ast_term graph_node(kg_parser *p, triples_ctx *c);
static void property_list(kg_parser *p, triples_ctx *c, kg_ast_term s, kg_srcpos at, bool required);

/* '[' PropertyListNotEmpty ']' */
static kg_ast_term blank_property_list(kg_parser *p, triples_ctx *c)
{
    kg_srcpos at = kg_parse_here(p);
    kg_parse_enter(p);
    kg_parse_advance(p);
    kg_ast_term b = fresh_blank(p, at.offset);
    property_list(p, c, b, at, true);
    kg_parse_expect(p, KG_TOK_RBRACKET, "']' to close the blank node");
    kg_parse_leave(p);
    return b;
}

/* '(' GraphNode+ ')' as rdf:first/rdf:rest triples; returns the head. */
static kg_ast_term collection(kg_parser *p, triples_ctx *c)
{
    kg_srcpos at = kg_parse_here(p);
    kg_parse_enter(p);
    kg_parse_advance(p);
    kg_ast_term head = fresh_blank(p, at.offset), node = head;
    kg_ast_term first = kg_parse_iri_term(KG_RDF "first"), rest = kg_parse_iri_term(KG_RDF "rest");
    for (;;) {
        kg_srcpos item_at = kg_parse_here(p);
        kg_ast_term item = graph_node(p, c);
        emit(p, c, node, first, NULL, item, item_at);
        if (kg_parse_accept(p, KG_TOK_RPAREN)) {
            emit(p, c, node, rest, NULL, kg_parse_iri_term(KG_RDF "nil"), item_at);
            break;
        }
        kg_ast_term next = fresh_blank(p, p->tok.offset);
        emit(p, c, node, rest, NULL, next, item_at);
        node = next;
    }
    kg_parse_leave(p);
    return head;
}

/* GraphNode / GraphNodePath: an object or collection item. */
static kg_ast_term graph_node(kg_parser *p, triples_ctx *c)
{
    if (p->tok.kind == KG_TOK_LBRACKET)
        return blank_property_list(p, c);
    if (p->tok.kind == KG_TOK_LPAREN)
        return collection(p, c);
    return var_or_term(p, "an object (a term, a variable, [ ... ] or ( ... ))");
}

/* Verb / VerbPath / VerbSimple: either *pred or *path is set. */
static void verb(kg_parser *p, triples_ctx *c, kg_ast_term *pred, kg_ast_path **path)
{
    *path = NULL;
    if (p->tok.kind == KG_TOK_VAR) {
        *pred = kg_parse_var(p);
    } else if (c->paths) {
        kg_ast_path *pp = kg_parse_path(p);
        if (pp->kind == KG_PATH_LINK)
            *pred = kg_parse_iri_term(pp->iri);
        else
            *path = pp, *pred = (kg_ast_term){0};
    } else if (at_a(p)) {
        kg_parse_advance(p);
        *pred = kg_parse_iri_term(KG_RDF "type");
    } else if (kg_parse_at_iri(p) || p->tok.kind == KG_TOK_LT) {
        *pred = kg_parse_iri_term(kg_parse_iri(p));
    } else {
        kg_parse_expected(p, "a predicate (an IRI, 'a' or a variable)");
    }
}

/* PropertyList(Path)(NotEmpty) for subject s. */
static void property_list(kg_parser *p, triples_ctx *c, kg_ast_term s, kg_srcpos at, bool required)
{
    if (!at_verb(p, c)) {
        if (required)
            kg_parse_expected(p, "a predicate (an IRI, 'a' or a variable)");
        return;
    }
    for (;;) {
        kg_ast_term pred;
        kg_ast_path *path;
        verb(p, c, &pred, &path);
        do
            emit(p, c, s, pred, path, graph_node(p, c), at);
        while (kg_parse_accept(p, KG_TOK_COMMA));
        if (!kg_parse_accept(p, KG_TOK_SEMI))
            return;
        while (kg_parse_accept(p, KG_TOK_SEMI))
            ;
        if (!at_verb(p, c))
            return;
    }
}

/* TriplesSameSubject(Path). */
static void triples_same_subject(kg_parser *p, triples_ctx *c)
{
    kg_srcpos at = kg_parse_here(p);
    if (p->tok.kind == KG_TOK_LBRACKET) {
        kg_ast_term s = blank_property_list(p, c);
        property_list(p, c, s, at, false);
    } else if (p->tok.kind == KG_TOK_LPAREN) {
        kg_ast_term s = collection(p, c);
        property_list(p, c, s, at, false);
    } else {
        kg_ast_term s = var_or_term(p, "a triple pattern");
        property_list(p, c, s, at, true);
    }
}

void kg_parse_triples_template(kg_parser *p, kg_pvec *out)
{
    triples_ctx c = {out, false};
    while (at_triples_start(p)) {
        triples_same_subject(p, &c);
        if (!kg_parse_accept(p, KG_TOK_DOT))
            return;
    }
}

/* -------------------------------------------------------------- patterns */

kg_ast_pattern *kg_parse_new_pattern(kg_parser *p, kg_ast_pattern_kind kind, kg_srcpos at)
{
    kg_ast_pattern *pat = kg_parse_alloc(p, sizeof *pat);
    pat->kind = kind;
    pat->line = at.line;
    pat->column = at.column;
    pat->height = 1;
    return pat;
}

void kg_parse_push_pattern(kg_parser *p, kg_pvec *v, kg_ast_pattern *pat)
{
    *(kg_ast_pattern **)kg_pvec_push(p, v, sizeof pat) = pat;
}

void kg_parse_push_element(kg_parser *p, kg_pvec *items, kg_ast_pattern *group,
                           kg_ast_pattern *pat, size_t offset)
{
    /* The elements nest left-deep (each joins, extends or subtracts from
     * all before it), so a group of n is n levels above its tallest
     * element: group->height is n + that, 1 while it is empty. */
    size_t tallest = items->n ? group->height - items->n : 0;
    if (pat->height > tallest)
        tallest = pat->height;
    kg_parse_push_pattern(p, items, pat);
    group->height = kg_parse_height(p, items->n + tallest, offset);
}

_Noreturn void kg_parse_unclosed_group(kg_parser *p, kg_srcpos open, const char *before)
{
    char what[128];
    snprintf(what, sizeof what, "%s'}' to close the group started at line %lu", before, open.line);
    kg_parse_expected(p, what);
}

static kg_ast_select *select_query(kg_parser *p, bool sub);
static unsigned select_height(kg_parser *p, const kg_ast_select *sel, size_t offset);

/* DataBlockValue: an IRI, a literal or UNDEF (a KG_AST_NONE term). */
static kg_ast_term data_value(kg_parser *p)
{
    if (kg_parse_accept_kw(p, "UNDEF"))
        return (kg_ast_term){0};
    if (kg_parse_at_iri(p) || p->tok.kind == KG_TOK_LT)
        return kg_parse_iri_term(kg_parse_iri(p));
    if (kg_parse_at_literal(p))
        return kg_parse_literal(p);
    kg_parse_expected(p, "an IRI, a literal or UNDEF");
}

/* DataBlock (after VALUES). */
static kg_ast_values *data_block(kg_parser *p)
{
    kg_ast_values *v = kg_parse_alloc(p, sizeof *v);
    kg_pvec vars = {0}, rows = {0};
    bool one = p->tok.kind == KG_TOK_VAR;
    if (one) {
        *(unsigned *)kg_pvec_push(p, &vars, sizeof(unsigned)) = kg_parse_var(p).var;
    } else if (!kg_parse_accept(p, KG_TOK_NIL)) {
        kg_parse_expect(p, KG_TOK_LPAREN, "a variable or '(' after VALUES");
        while (p->tok.kind == KG_TOK_VAR)
            *(unsigned *)kg_pvec_push(p, &vars, sizeof(unsigned)) = kg_parse_var(p).var;
        kg_parse_expect(p, KG_TOK_RPAREN, "a variable or ')'");
    }
    kg_parse_expect(p, KG_TOK_LBRACE, "'{' to start the VALUES rows");
    while (!kg_parse_accept(p, KG_TOK_RBRACE)) {
        if (one) {
            *(kg_ast_term *)kg_pvec_push(p, &rows, sizeof(kg_ast_term)) = data_value(p);
            v->nrows++;
            continue;
        }
        size_t row_at = p->tok.offset, n = 0;
        if (!kg_parse_accept(p, KG_TOK_NIL)) {
            kg_parse_expect(p, KG_TOK_LPAREN, "'(' to start a row or '}' to end VALUES");
            while (!kg_parse_accept(p, KG_TOK_RPAREN)) {
                if (n == vars.n)
                    kg_parse_fail(p, p->tok.offset, KG_ERR_SYNTAX,
                                  "too many values in this row: VALUES has %zu variable%s", vars.n,
                                  vars.n == 1 ? "" : "s");
                *(kg_ast_term *)kg_pvec_push(p, &rows, sizeof(kg_ast_term)) = data_value(p);
                n++;
            }
        }
        if (n != vars.n)
            kg_parse_fail(p, row_at, KG_ERR_SYNTAX, "this row has %zu value%s but VALUES has %zu variable%s",
                          n, n == 1 ? "" : "s", vars.n, vars.n == 1 ? "" : "s");
        v->nrows++;
    }
    v->vars = vars.data;
    v->nvars = vars.n;
    v->rows = rows.data;
    return v;
}

/* GroupOrUnionGraphPattern. */
static kg_ast_pattern *group_or_union(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_ast_pattern *first = kg_parse_group(p);
    if (!kg_parse_is_kw(p, "UNION"))
        return first;
    kg_ast_pattern *u = kg_parse_new_pattern(p, KG_PAT_UNION, at);
    kg_pvec items = {0};
    kg_parse_push_pattern(p, &items, first);
    unsigned tallest = first->height;
    while (kg_parse_accept_kw(p, "UNION")) {
        kg_ast_pattern *g = kg_parse_group(p);
        kg_parse_push_pattern(p, &items, g);
        if (g->height > tallest)
            tallest = g->height;
    }
    u->items = items.data;
    u->nitems = items.n;
    u->height = kg_parse_height(p, (size_t)tallest + 1, at.offset);
    return u;
}

/* GraphPatternNotTriples, or NULL when the current token starts none. */
static kg_ast_pattern *not_triples(kg_parser *p)
{
    kg_srcpos at = kg_parse_here(p);
    kg_ast_pattern *pat;
    if (p->tok.kind == KG_TOK_LBRACE)
        return group_or_union(p);
    if (kg_parse_accept_kw(p, "OPTIONAL")) {
        pat = kg_parse_new_pattern(p, KG_PAT_OPTIONAL, at);
        pat->child = kg_parse_group(p);
    } else if (kg_parse_accept_kw(p, "MINUS")) {
        pat = kg_parse_new_pattern(p, KG_PAT_MINUS, at);
        pat->child = kg_parse_group(p);
    } else if (kg_parse_accept_kw(p, "GRAPH")) {
        pat = kg_parse_new_pattern(p, KG_PAT_GRAPH, at);
        pat->term = kg_parse_var_or_iri(p);
        pat->child = kg_parse_group(p);
    } else if (kg_parse_accept_kw(p, "SERVICE")) {
        pat = kg_parse_new_pattern(p, KG_PAT_SERVICE, at);
        pat->silent = kg_parse_accept_kw(p, "SILENT");
        pat->term = kg_parse_var_or_iri(p);
        pat->child = kg_parse_group(p);
    } else if (kg_parse_accept_kw(p, "FILTER")) {
        pat = kg_parse_new_pattern(p, KG_PAT_FILTER, at);
        pat->expr = kg_parse_constraint(p, false);
    } else if (kg_parse_accept_kw(p, "BIND")) {
        pat = kg_parse_new_pattern(p, KG_PAT_BIND, at);
        kg_parse_expect(p, KG_TOK_LPAREN, "'(' after BIND");
        pat->expr = kg_parse_expression(p);
        kg_parse_expect_kw(p, "AS");
        pat->var = kg_parse_var(p).var;
        kg_parse_expect(p, KG_TOK_RPAREN, "')' to close BIND");
    } else if (kg_parse_accept_kw(p, "VALUES")) {
        pat = kg_parse_new_pattern(p, KG_PAT_VALUES, at);
        pat->values = data_block(p);
    } else {
        return NULL;
    }
    /* the element above its group or expression */
    size_t below = pat->child ? pat->child->height : pat->expr ? pat->expr->height : 0;
    pat->height = kg_parse_height(p, below + 1, at.offset);
    return pat;
}

/* GroupGraphPatternSub: the inside of { }, up to the closing brace. */
static void group_body(kg_parser *p, kg_ast_pattern *g, kg_srcpos open)
{
    kg_pvec items = {0}, triples = {0};
    kg_ast_pattern *bgp = NULL; /* the BGP triples still join */
    unsigned bgp_id = 0;
    bool can_triples = true;
    triples_ctx ctx = {&triples, true};
    while (p->tok.kind != KG_TOK_RBRACE) {
        if (at_triples_start(p)) {
            if (!can_triples)
                kg_parse_unclosed_group(p, open, "'.' or ");
            if (!bgp) {
                bgp = kg_parse_new_pattern(p, KG_PAT_BGP, kg_parse_here(p));
                kg_parse_push_element(p, &items, g, bgp, p->tok.offset);
                triples = (kg_pvec){0};
                bgp_id = ++p->bgp_id;
            }
            /* A FILTER's EXISTS may have moved the counter on. */
            unsigned saved = p->bgp_id;
            p->bgp_id = bgp_id;
            triples_same_subject(p, &ctx);
            p->bgp_id = saved;
            bgp->triples = triples.data;
            bgp->ntriples = triples.n;
            can_triples = kg_parse_accept(p, KG_TOK_DOT);
            continue;
        }
        size_t at = p->tok.offset;
        kg_ast_pattern *pat = not_triples(p);
        if (!pat)
            kg_parse_unclosed_group(p, open, can_triples ? "a triple pattern or " : "'.' or ");
        if (pat->kind != KG_PAT_FILTER)
            bgp = NULL;
        kg_parse_push_element(p, &items, g, pat, at);
        kg_parse_accept(p, KG_TOK_DOT);
        can_triples = true;
    }
    kg_parse_advance(p);
    g->items = items.data;
    g->nitems = items.n;
}

kg_ast_pattern *kg_parse_group(kg_parser *p)
{
    kg_srcpos open = kg_parse_here(p);
    kg_parse_expect(p, KG_TOK_LBRACE, "'{'");
    kg_parse_enter(p);
    kg_ast_pattern *g = kg_parse_new_pattern(p, KG_PAT_GROUP, open);
    if (kg_parse_is_kw(p, "SELECT")) {
        kg_srcpos at = kg_parse_here(p);
        kg_ast_pattern *sub = kg_parse_new_pattern(p, KG_PAT_SUBSELECT, at);
        sub->select = select_query(p, true);
        sub->height = select_height(p, sub->select, at.offset);
        g->items = kg_parse_alloc(p, sizeof *g->items);
        g->items[0] = sub;
        g->nitems = 1;
        g->height = kg_parse_height(p, (size_t)sub->height + 1, at.offset);
        if (p->tok.kind != KG_TOK_RBRACE)
            kg_parse_unclosed_group(p, open, "");
        kg_parse_advance(p);
    } else {
        group_body(p, g, open);
    }
    kg_parse_leave(p);
    return g;
}

/* --------------------------------------------------------------- queries */

void kg_parse_dataset_clauses(kg_parser *p, kg_pvec *out, const char *kw)
{
    while (kg_parse_accept_kw(p, kw)) {
        kg_ast_dataset *d = kg_pvec_push(p, out, sizeof *d);
        d->named = kg_parse_accept_kw(p, "NAMED");
        d->iri = kg_parse_iri(p);
    }
}

kg_ast_pattern *kg_parse_where_clause(kg_parser *p)
{
    kg_parse_accept_kw(p, "WHERE");
    if (p->tok.kind != KG_TOK_LBRACE)
        kg_parse_expected(p, "'{' to start the WHERE pattern");
    kg_ast_select *target = p->agg_target;
    const char *context = p->agg_context;
    p->agg_target = NULL;
    p->agg_context = "in a WHERE pattern";
    kg_ast_pattern *g = kg_parse_group(p);
    p->agg_target = target;
    p->agg_context = context;
    return g;
}

static int64_t integer_value(kg_parser *p, const char *what)
{
    if (p->tok.kind != KG_TOK_INTEGER || p->tok.val[0] == '+' || p->tok.val[0] == '-')
        kg_parse_expected(p, what);
    int64_t v = 0;
    for (size_t i = 0; i < p->tok.val_len; i++) {
        int d = p->tok.val[i] - '0';
        v = v > (INT64_MAX - d) / 10 ? INT64_MAX : v * 10 + d;
    }
    kg_parse_advance(p);
    return v;
}

static void group_clause(kg_parser *p, kg_ast_select *sel)
{
    kg_pvec keys = {0};
    p->agg_target = NULL;
    p->agg_context = "in GROUP BY";
    do {
        kg_ast_group_key *k = kg_pvec_push(p, &keys, sizeof *k);
        if (kg_parse_accept(p, KG_TOK_LPAREN)) {
            k->expr = kg_parse_expression(p);
            if (kg_parse_accept_kw(p, "AS")) {
                k->has_var = true;
                k->var = kg_parse_var(p).var;
            }
            kg_parse_expect(p, KG_TOK_RPAREN, "')' to close the GROUP BY expression");
        } else {
            k->expr = kg_parse_constraint(p, true);
        }
    } while (p->tok.kind == KG_TOK_LPAREN || p->tok.kind == KG_TOK_VAR || kg_parse_at_iri(p) ||
             kg_parse_at_builtin(p));
    sel->group = keys.data;
    sel->ngroup = keys.n;
}

static bool at_constraint(const kg_parser *p)
{
    return p->tok.kind == KG_TOK_LPAREN || kg_parse_at_iri(p) || kg_parse_at_builtin(p);
}

static void order_clause(kg_parser *p, kg_ast_select *sel)
{
    kg_pvec keys = {0};
    do {
        kg_ast_order_key *k = kg_pvec_push(p, &keys, sizeof *k);
        if (kg_parse_is_kw(p, "ASC") || kg_parse_is_kw(p, "DESC")) {
            k->descending = kg_parse_is_kw(p, "DESC");
            kg_parse_advance(p);
            k->expr = kg_parse_bracketted(p);
        } else {
            k->expr = kg_parse_constraint(p, true);
        }
    } while (at_constraint(p) || p->tok.kind == KG_TOK_VAR || kg_parse_is_kw(p, "ASC") ||
             kg_parse_is_kw(p, "DESC"));
    sel->order = keys.data;
    sel->norder = keys.n;
}

/* SolutionModifier: GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET. */
static void solution_modifiers(kg_parser *p, kg_ast_select *sel)
{
    kg_ast_select *target = p->agg_target;
    const char *context = p->agg_context;
    if (kg_parse_accept_kw(p, "GROUP")) {
        kg_parse_expect_kw(p, "BY");
        group_clause(p, sel);
    }
    p->agg_target = sel;
    if (kg_parse_accept_kw(p, "HAVING")) {
        kg_pvec conds = {0};
        do
            *(kg_ast_expr **)kg_pvec_push(p, &conds, sizeof(kg_ast_expr *)) =
                kg_parse_constraint(p, false);
        while (at_constraint(p));
        sel->having = conds.data;
        sel->nhaving = conds.n;
    }
    if (kg_parse_accept_kw(p, "ORDER")) {
        kg_parse_expect_kw(p, "BY");
        order_clause(p, sel);
    }
    p->agg_target = target;
    p->agg_context = context;
    sel->limit = -1;
    bool limit = false, offset = false;
    for (;;) {
        if (!limit && kg_parse_accept_kw(p, "LIMIT")) {
            limit = true;
            sel->limit = integer_value(p, "a number after LIMIT");
        } else if (!offset && kg_parse_accept_kw(p, "OFFSET")) {
            offset = true;
            sel->offset = integer_value(p, "a number after OFFSET");
        } else {
            break;
        }
    }
    sel->grouped = sel->ngroup > 0 || sel->naggs > 0;
}

/* SelectClause: the projection, into sel. */
static void select_clause(kg_parser *p, kg_ast_select *sel)
{
    kg_parse_expect_kw(p, "SELECT");
    if (kg_parse_accept_kw(p, "DISTINCT"))
        sel->modifier = KG_MOD_DISTINCT;
    else if (kg_parse_accept_kw(p, "REDUCED"))
        sel->modifier = KG_MOD_REDUCED;
    if (kg_parse_accept(p, KG_TOK_STAR)) {
        sel->star = true;
        return;
    }
    kg_pvec proj = {0};
    kg_ast_select *target = p->agg_target;
    const char *context = p->agg_context;
    p->agg_target = sel;
    while (p->tok.kind == KG_TOK_VAR || p->tok.kind == KG_TOK_LPAREN) {
        kg_ast_projection *pr = kg_pvec_push(p, &proj, sizeof *pr);
        pr->line = p->tok.line;
        pr->column = p->tok.column;
        if (p->tok.kind == KG_TOK_VAR) {
            pr->var = kg_parse_var(p).var;
            continue;
        }
        kg_parse_advance(p);
        pr->expr = kg_parse_expression(p);
        if (!kg_parse_accept_kw(p, "AS"))
            kg_parse_expected(p, "AS ?variable: a SELECT expression needs a name");
        pr->var = kg_parse_var(p).var;
        kg_parse_expect(p, KG_TOK_RPAREN, "')' after the variable");
    }
    p->agg_target = target;
    p->agg_context = context;
    if (!proj.n)
        kg_parse_expected(p, "'*', a variable or '(' expression AS ?variable ')' after SELECT");
    sel->proj = proj.data;
    sel->nproj = proj.n;
}

static void values_clause(kg_parser *p, kg_ast_select *sel)
{
    if (kg_parse_accept_kw(p, "VALUES"))
        sel->values = data_block(p);
}

/* SelectQuery (with the dataset, into the tree) or SubSelect. */
static kg_ast_select *select_query(kg_parser *p, bool sub)
{
    kg_ast_select *sel = kg_parse_alloc(p, sizeof *sel);
    kg_parse_enter(p);
    select_clause(p, sel);
    if (!sub) {
        kg_pvec ds = {0};
        kg_parse_dataset_clauses(p, &ds, "FROM");
        p->ast->dataset = ds.data;
        p->ast->ndataset = ds.n;
    }
    sel->where = kg_parse_where_clause(p);
    solution_modifiers(p, sel);
    if (sub)
        values_clause(p, sel);
    kg_parse_leave(p);
    return sel;
}

static void taller(unsigned *tallest, const kg_ast_expr *e)
{
    if (e && e->height > *tallest)
        *tallest = e->height;
}

/* The height of a select's algebra: its WHERE under the modifiers, whose
 * expressions (projection, GROUP BY, HAVING, ORDER BY) are evaluated at the
 * top of it. */
static unsigned select_height(kg_parser *p, const kg_ast_select *sel, size_t offset)
{
    unsigned tallest = 0;
    for (size_t i = 0; i < sel->nproj; i++)
        taller(&tallest, sel->proj[i].expr);
    for (size_t i = 0; i < sel->ngroup; i++)
        taller(&tallest, sel->group[i].expr);
    for (size_t i = 0; i < sel->nhaving; i++)
        taller(&tallest, sel->having[i]);
    for (size_t i = 0; i < sel->norder; i++)
        taller(&tallest, sel->order[i].expr);
    /* Project, Distinct, Slice, Order, Group and Extend nodes above it */
    return kg_parse_height(p, (size_t)sel->where->height + tallest + 6, offset);
}

static void query_dataset(kg_parser *p)
{
    kg_pvec ds = {0};
    kg_parse_dataset_clauses(p, &ds, "FROM");
    p->ast->dataset = ds.data;
    p->ast->ndataset = ds.n;
}

void kg_parse_add_quads(kg_parser *p, kg_pvec *quads, const kg_pvec *triples, kg_ast_term g)
{
    const kg_ast_triple *t = triples->data;
    for (size_t i = 0; i < triples->n; i++) {
        kg_ast_quad *q = kg_pvec_push(p, quads, sizeof *q);
        *q = (kg_ast_quad){t[i].s, t[i].p, t[i].o, g};
    }
}

void kg_parse_begin_template(kg_parser *p, kg_bnode_mode mode, const char *context)
{
    p->bnodes = mode;
    p->bnode_context = context;
    p->tpl_id++;
}

void kg_parse_end_template(kg_parser *p)
{
    p->bnodes = KG_BNODES_VARS;
    p->bnode_context = NULL;
    p->novars_context = NULL;
}

static void construct_query(kg_parser *p)
{
    kg_sparql_ast *ast = p->ast;
    kg_ast_select *sel = kg_parse_alloc(p, sizeof *sel);
    ast->select = sel;
    kg_pvec quads = {0}, triples = {0};
    if (p->tok.kind == KG_TOK_LBRACE) {
        kg_srcpos open = kg_parse_here(p);
        kg_parse_advance(p);
        kg_parse_begin_template(p, KG_BNODES_TEMPLATE, "a CONSTRUCT template");
        kg_parse_triples_template(p, &triples);
        kg_parse_end_template(p);
        if (p->tok.kind != KG_TOK_RBRACE)
            kg_parse_unclosed_group(p, open, triples.n ? "'.' or " : "a triple or ");
        kg_parse_advance(p);
        kg_parse_add_quads(p, &quads, &triples, (kg_ast_term){0});
        query_dataset(p);
        sel->where = kg_parse_where_clause(p);
    } else {
        /* CONSTRUCT WHERE { triples }: the triples are both the pattern and
         * the template (where their blank nodes are template nodes). */
        query_dataset(p);
        kg_parse_expect_kw(p, "WHERE");
        kg_srcpos open = kg_parse_here(p);
        kg_parse_expect(p, KG_TOK_LBRACE, "'{'");
        p->bgp_id++;
        kg_parse_triples_template(p, &triples);
        if (p->tok.kind != KG_TOK_RBRACE)
            kg_parse_unclosed_group(p, open,
                           "(CONSTRUCT WHERE allows only triple patterns) a triple pattern or ");
        kg_parse_advance(p);
        sel->where = kg_parse_new_pattern(p, KG_PAT_GROUP, open);
        if (triples.n) {
            kg_ast_pattern *bgp = kg_parse_new_pattern(p, KG_PAT_BGP, open);
            bgp->triples = triples.data;
            bgp->ntriples = triples.n;
            sel->where->items = kg_parse_alloc(p, sizeof *sel->where->items);
            sel->where->items[0] = bgp;
            sel->where->nitems = 1;
        }
        kg_parse_add_quads(p, &quads, &triples, (kg_ast_term){0});
        kg_ast_quad *q = quads.data;
        kg_ast_term *terms[3];
        for (size_t i = 0; i < quads.n; i++) {
            terms[0] = &q[i].s, terms[1] = &q[i].p, terms[2] = &q[i].o;
            for (int k = 0; k < 3; k++)
                if (terms[k]->kind == KG_AST_BNODE_VAR)
                    terms[k]->kind = KG_AST_BNODE;
        }
    }
    ast->construct = quads.data;
    ast->nconstruct = quads.n;
    solution_modifiers(p, sel);
}

static void describe_query(kg_parser *p)
{
    kg_sparql_ast *ast = p->ast;
    kg_ast_select *sel = kg_parse_alloc(p, sizeof *sel);
    ast->select = sel;
    kg_pvec targets = {0};
    if (kg_parse_accept(p, KG_TOK_STAR)) {
        ast->describe_star = true;
    } else {
        do
            *(kg_ast_term *)kg_pvec_push(p, &targets, sizeof(kg_ast_term)) = kg_parse_var_or_iri(p);
        while (p->tok.kind == KG_TOK_VAR || kg_parse_at_iri(p));
    }
    ast->describe = targets.data;
    ast->ndescribe = targets.n;
    query_dataset(p);
    if (kg_parse_is_kw(p, "WHERE") || p->tok.kind == KG_TOK_LBRACE)
        sel->where = kg_parse_where_clause(p);
    else
        sel->where = kg_parse_new_pattern(p, KG_PAT_GROUP, kg_parse_here(p));
    solution_modifiers(p, sel);
}

static void query(kg_parser *p)
{
    kg_sparql_ast *ast = p->ast;
    size_t start = p->tok.offset;
    if (kg_parse_is_kw(p, "SELECT")) {
        ast->form = KG_QUERY_SELECT;
        ast->select = select_query(p, false);
    } else if (kg_parse_accept_kw(p, "CONSTRUCT")) {
        ast->form = KG_QUERY_CONSTRUCT;
        construct_query(p);
    } else if (kg_parse_accept_kw(p, "DESCRIBE")) {
        ast->form = KG_QUERY_DESCRIBE;
        describe_query(p);
    } else if (kg_parse_accept_kw(p, "ASK")) {
        ast->form = KG_QUERY_ASK;
        ast->select = kg_parse_alloc(p, sizeof *ast->select);
        query_dataset(p);
        ast->select->where = kg_parse_where_clause(p);
        solution_modifiers(p, ast->select);
    } else {
        kg_parse_expected(p, "SELECT, CONSTRUCT, DESCRIBE or ASK");
    }
    values_clause(p, ast->select);
    select_height(p, ast->select, start);
    if (p->tok.kind != KG_TOK_EOF) {
        char d[64];
        describe(p, d, sizeof d);
        kg_parse_fail(p, p->tok.offset, KG_ERR_SYNTAX, "unexpected %s after the end of the query", d);
    }
}

/* -------------------------------------------------------------- prologue */

static void add_prefix(kg_parser *p, const char *prefix, size_t len, const char *iri)
{
    kg_ast_prefix *pf = kg_pvec_push(p, &p->prefixes, sizeof *pf);
    pf->prefix = copy(p, prefix, len);
    pf->iri = iri;
    strmap_put(p, &p->prefix_map, pf->prefix, len, (unsigned)(p->prefixes.n - 1));
}

void kg_parse_prologue(kg_parser *p)
{
    for (;;) {
        if (kg_parse_accept_kw(p, "BASE")) {
            if (p->tok.kind != KG_TOK_IRI)
                kg_parse_expected(p, "an IRI in < > after BASE");
            p->base = kg_parse_iri(p);
        } else if (kg_parse_accept_kw(p, "PREFIX")) {
            if (p->tok.kind != KG_TOK_PNAME_NS)
                kg_parse_expected(p, "a prefix name such as ex: after PREFIX");
            const char *prefix = p->lx.text + p->tok.offset;
            size_t len = p->tok.prefix_len;
            kg_parse_advance(p);
            if (p->tok.kind != KG_TOK_IRI)
                kg_parse_expected(p, "an IRI in < > after the prefix name");
            add_prefix(p, prefix, len, kg_parse_iri(p));
        } else {
            return;
        }
    }
}

static bool at_query_form(const kg_parser *p)
{
    return kg_parse_is_kw(p, "SELECT") || kg_parse_is_kw(p, "CONSTRUCT") ||
           kg_parse_is_kw(p, "DESCRIBE") || kg_parse_is_kw(p, "ASK");
}

/* ----------------------------------------------------------------- entry */

static void parse(kg_parser *p, const char *text, size_t len, const kg_sparql_parse_options *opts)
{
    size_t bad;
    if (!kg_lexer_check_utf8(text, len, &bad))
        kg_parse_fail(p, bad, KG_ERR_SYNTAX, "invalid UTF-8 (byte 0x%02X)",
                      (unsigned char)text[bad]);
    if (opts && opts->base_iri)
        p->base = copy(p, opts->base_iri, strlen(opts->base_iri));
    for (size_t i = 0; opts && opts->prefixes && opts->prefixes[i][0]; i++) {
        const char *iri = opts->prefixes[i][1];
        add_prefix(p, opts->prefixes[i][0], strlen(opts->prefixes[i][0]),
                   copy(p, iri ? iri : "", iri ? strlen(iri) : 0));
    }
    p->ninitial_prefixes = p->prefixes.n;
    kg_sparql_kind kind = opts ? opts->kind : KG_SPARQL_DETECT;
    p->ast->form = kind == KG_SPARQL_UPDATE ? KG_QUERY_UPDATE : KG_QUERY_SELECT;
    kg_parse_advance(p);
    kg_parse_prologue(p);
    if (kind == KG_SPARQL_QUERY || (kind == KG_SPARQL_DETECT && at_query_form(p)))
        query(p);
    else
        kg_parse_update_request(p);
    kg_sparql_ast *ast = p->ast;
    ast->base = p->base;
    /* no prefixes at all: data is NULL, and NULL + 0 is undefined */
    ast->prefixes = p->prefixes.data ? (kg_ast_prefix *)p->prefixes.data + p->ninitial_prefixes
                                     : NULL;
    ast->nprefixes = p->prefixes.n - p->ninitial_prefixes;
    ast->vars = p->vars.data;
    ast->nvars = p->vars.n;
}

kg_status kg_sparql_parse(const char *text, size_t len, const kg_sparql_parse_options *opts,
                          kg_sparql_ast **out, kg_error *err)
{
    *out = NULL;
    if (err)
        memset(err, 0, sizeof *err);
    kg_arena *arena = kg_arena_new();
    kg_sparql_ast *ast = arena ? kg_arena_alloc(arena, sizeof *ast) : NULL;
    if (!ast) {
        kg_arena_free(arena);
        if (err) {
            err->status = KG_ERR_NOMEM;
            snprintf(err->message, sizeof err->message, "out of memory");
        }
        return KG_ERR_NOMEM;
    }
    memset(ast, 0, sizeof *ast);
    ast->arena = arena;
    /* volatile: read after longjmp. */
    kg_parser *volatile p = calloc(1, sizeof *p);
    if (!p) {
        kg_arena_free(arena);
        return KG_ERR_NOMEM;
    }
    p->arena = arena;
    p->ast = ast;
    p->err = err;
    kg_lexer_init(&p->lx, text ? text : "", text ? len : 0, arena);
    kg_status st = KG_OK;
    if (setjmp(p->on_error) == 0)
        parse(p, text ? text : "", text ? len : 0, opts);
    else
        st = p->status;
    kg_strmap_free(p->prefix_map);
    kg_strmap_free(p->var_map);
    kg_strmap_free(p->bnode_bgp);
    kg_strmap_free(p->bnode_data);
    free(p);
    if (st == KG_OK)
        st = kg_sparql_check(ast, err);
    if (st != KG_OK) {
        kg_sparql_ast_free(ast);
        return st;
    }
    *out = ast;
    return KG_OK;
}
