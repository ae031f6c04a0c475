/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/results_read.c - the expected-result readers of
 * results_read.h. Each format gets a reader that fills a cf_results row by
 * row through set_binding, which checks what all formats share: a binding
 * names a declared variable, and only once per row. */
#include "results_read.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "graph_read.h"
#include "json.h"
#include "test.h"
#include "util/buf.h"
#include "util/utf8.h"

#define SRX_NS "http://www.w3.org/2005/sparql-results#"
#define RS_NS "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

/* Stores t as the value of variable var in row (of r). */
static kg_status set_binding(cf_results *r, kg_term *row, const char *var, const kg_term *t,
                             const char *name, unsigned long line, kg_error *err)
{
    long col = cf_results_var(r, var, false);
    if (col < 0)
        return cf_error(err, KG_ERR_SYNTAX, name, line, "binding of undeclared variable \"%s\"", var);
    if (row[col].kind != KG_TERM_NONE)
        return cf_error(err, KG_ERR_SYNTAX, name, line, "variable \"%s\" bound twice in one row", var);
    if (!cf_results_set(r, &row[col], t))
        return cf_error(err, KG_ERR_NOMEM, name, line, "out of memory");
    return KG_OK;
}

static kg_status declare_var(cf_results *r, const char *var, const char *name, unsigned long line,
                             kg_error *err)
{
    if (cf_results_var(r, var, false) >= 0)
        return cf_error(err, KG_ERR_SYNTAX, name, line, "variable \"%s\" declared twice", var);
    if (cf_results_var(r, var, true) < 0)
        return cf_error(err, KG_ERR_NOMEM, name, line, "out of memory");
    return KG_OK;
}

/* Hands *r to the caller on success, frees it otherwise. */
static kg_status finish(kg_status st, cf_results *r, cf_results **out)
{
    if (st == KG_OK) {
        *out = r;
    } else {
        cf_results_free(r);
        *out = NULL;
    }
    return st;
}

static kg_status new_results(cf_results **r, const char *name, kg_error *err)
{
    *r = cf_results_new(CF_RESULTS_TABLE);
    return *r ? KG_OK : cf_error(err, KG_ERR_NOMEM, name, 0, "out of memory");
}

/* ---- SRX ------------------------------------------------------------ */

typedef struct srx {
    cf_results *r;
    const char *name;
    kg_error *err;
} srx;

static bool srx_is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrcmp(n->ns->href, BAD_CAST SRX_NS) == 0 &&
           xmlStrcmp(n->name, BAD_CAST local) == 0;
}

/* The next element child from n on; text other than whitespace is an
 * error (set in *st). */
static xmlNode *srx_next(srx *x, xmlNode *n, kg_status *st)
{
    for (; n && *st == KG_OK; n = n->next) {
        if (n->type == XML_ELEMENT_NODE)
            return n;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            for (const xmlChar *c = n->content; c && *c; c++)
                if (!strchr(" \t\r\n", *c))
                    *st = cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)n->line,
                                   "unexpected text in the document");
        }
    }
    return NULL;
}

static kg_status srx_unexpected(srx *x, const xmlNode *n)
{
    return cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)n->line,
                    "unexpected element <%s>", (const char *)n->name);
}

static kg_status srx_head(srx *x, xmlNode *head)
{
    kg_status st = KG_OK;
    for (xmlNode *n = srx_next(x, head->children, &st); n; n = srx_next(x, n->next, &st)) {
        if (srx_is(n, "link"))
            continue;
        if (!srx_is(n, "variable"))
            return srx_unexpected(x, n);
        xmlChar *var = xmlGetProp(n, BAD_CAST "name");
        st = var ? declare_var(x->r, (const char *)var, x->name, (unsigned long)n->line, x->err)
                 : cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)n->line,
                            "<variable> without a name");
        xmlFree(var);
        if (st != KG_OK)
            return st;
    }
    return st;
}

/* The term inside a <binding>. Strings are xmlFree'd by the caller through
 * the three pointers. */
static kg_status srx_term(srx *x, xmlNode *v, kg_term *t, xmlChar **text, xmlChar **dt,
                          xmlChar **lang)
{
    memset(t, 0, sizeof *t);
    if (srx_is(v, "uri"))
        t->kind = KG_TERM_IRI;
    else if (srx_is(v, "bnode"))
        t->kind = KG_TERM_BLANK;
    else if (srx_is(v, "literal"))
        t->kind = KG_TERM_LITERAL;
    else
        return srx_unexpected(x, v);
    *text = xmlNodeGetContent(v);
    t->value = *text ? (const char *)*text : "";
    t->value_len = strlen(t->value);
    if (t->kind == KG_TERM_LITERAL) {
        *lang = xmlGetNsProp(v, BAD_CAST "lang", XML_XML_NAMESPACE);
        *dt = xmlGetProp(v, BAD_CAST "datatype");
        if (*lang && *dt)
            return cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)v->line,
                            "a literal with both xml:lang and datatype");
        t->lang = (const char *)*lang;
        t->datatype = (const char *)*dt;
    }
    return KG_OK;
}

static kg_status srx_binding(srx *x, kg_term *row, xmlNode *b)
{
    kg_status st = KG_OK;
    xmlNode *v = srx_next(x, b->children, &st);
    if (st != KG_OK)
        return st;
    if (!v || srx_next(x, v->next, &st))
        return cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)b->line,
                        "a <binding> must hold exactly one term");
    xmlChar *var = xmlGetProp(b, BAD_CAST "name"), *text = NULL, *dt = NULL, *lang = NULL;
    kg_term t;
    if (!var)
        st = cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)b->line,
                      "<binding> without a name");
    if (st == KG_OK)
        st = srx_term(x, v, &t, &text, &dt, &lang);
    if (st == KG_OK)
        st = set_binding(x->r, row, (const char *)var, &t, x->name, (unsigned long)b->line, x->err);
    xmlFree(var), xmlFree(text), xmlFree(dt), xmlFree(lang);
    return st;
}

static kg_status srx_results(srx *x, xmlNode *results)
{
    kg_status st = KG_OK;
    for (xmlNode *n = srx_next(x, results->children, &st); n; n = srx_next(x, n->next, &st)) {
        if (!srx_is(n, "result"))
            return srx_unexpected(x, n);
        kg_term *row = cf_results_add_row(x->r);
        if (!row)
            return cf_error(x->err, KG_ERR_NOMEM, x->name, 0, "out of memory");
        for (xmlNode *b = srx_next(x, n->children, &st); b; b = srx_next(x, b->next, &st)) {
            if (!srx_is(b, "binding"))
                return srx_unexpected(x, b);
            if ((st = srx_binding(x, row, b)) != KG_OK)
                return st;
        }
        if (st != KG_OK)
            return st;
    }
    return st;
}

static kg_status srx_boolean(srx *x, xmlNode *n)
{
    xmlChar *text = xmlNodeGetContent(n);
    kg_status st = KG_OK;
    x->r->kind = CF_RESULTS_BOOLEAN;
    if (text && xmlStrcmp(text, BAD_CAST "true") == 0)
        x->r->boolean = true;
    else if (!text || xmlStrcmp(text, BAD_CAST "false") != 0)
        st = cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)n->line,
                      "<boolean> must be true or false");
    xmlFree(text);
    return st;
}

static kg_status srx_document(srx *x, xmlNode *root)
{
    if (!srx_is(root, "sparql"))
        return cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)root->line,
                        "the root element is not <sparql> in the " SRX_NS " namespace");
    kg_status st = KG_OK;
    xmlNode *head = srx_next(x, root->children, &st);
    if (st != KG_OK)
        return st;
    if (!head || !srx_is(head, "head"))
        return cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)root->line,
                        "<sparql> must start with <head>");
    if ((st = srx_head(x, head)) != KG_OK)
        return st;
    xmlNode *body = srx_next(x, head->next, &st);
    if (st != KG_OK)
        return st;
    if (!body)
        return cf_error(x->err, KG_ERR_SYNTAX, x->name, (unsigned long)root->line,
                        "neither <results> nor <boolean> after <head>");
    if (srx_is(body, "results"))
        st = srx_results(x, body);
    else if (srx_is(body, "boolean"))
        st = srx_boolean(x, body);
    else
        return srx_unexpected(x, body);
    xmlNode *extra = st == KG_OK ? srx_next(x, body->next, &st) : NULL;
    return extra ? srx_unexpected(x, extra) : st;
}

kg_status cf_results_read_srx(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err)
{
    srx x = {.name = name, .err = err};
    kg_status st = new_results(&x.r, name, err);
    if (st != KG_OK)
        return finish(st, x.r, out);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    /* No network, no entity substitution, and no messages on stderr: a
     * failure is reported through err like every other reader's. */
    xmlDocPtr doc = ctxt ? xmlCtxtReadMemory(ctxt, text, (int)len, name, NULL,
                                             XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                 XML_PARSE_NOWARNING)
                         : NULL;
    if (!doc) {
        const xmlError *e = ctxt ? xmlCtxtGetLastError(ctxt) : NULL;
        st = cf_error(err, KG_ERR_SYNTAX, name, e ? (unsigned long)e->line : 0, "%s",
                      e && e->message ? e->message : "not well-formed XML");
        if (err && e)
            err->column = (unsigned long)e->int2;
    } else {
        st = srx_document(&x, xmlDocGetRootElement(doc));
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return finish(st, x.r, out);
}

/* ---- SRJ ------------------------------------------------------------ */

/* True when every key of object o is in the NULL-terminated list. */
static bool only_keys(const cf_json *o, const char *const *keys, const char **bad)
{
    for (size_t i = 0; i < o->count; i++) {
        const char *const *k = keys;
        while (*k && strcmp(*k, o->members[i].key) != 0)
            k++;
        if (!*k) {
            *bad = o->members[i].key;
            return false;
        }
    }
    return true;
}

static kg_status srj_term(const cf_json *v, const char *var, kg_term *t, const char *name,
                          kg_error *err)
{
    static const char *const keys[] = {"type", "value", "xml:lang", "datatype", NULL};
    const char *bad;
    if (!v || v->type != CF_JSON_OBJECT)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "the value of \"%s\" is not an object", var);
    if (!only_keys(v, keys, &bad))
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "unknown key \"%s\" in a term", bad);
    const cf_json *type = cf_json_get(v, "type"), *value = cf_json_get(v, "value");
    const cf_json *lang = cf_json_get(v, "xml:lang"), *dt = cf_json_get(v, "datatype");
    if (!type || type->type != CF_JSON_STRING || !value || value->type != CF_JSON_STRING)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "a term needs string \"type\" and \"value\"");
    if ((lang && lang->type != CF_JSON_STRING) || (dt && dt->type != CF_JSON_STRING))
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "\"xml:lang\" and \"datatype\" must be strings");
    memset(t, 0, sizeof *t);
    t->value = value->str;
    t->value_len = value->len;
    if (strcmp(type->str, "uri") == 0)
        t->kind = KG_TERM_IRI;
    else if (strcmp(type->str, "bnode") == 0)
        t->kind = KG_TERM_BLANK;
    else if (strcmp(type->str, "literal") == 0 || strcmp(type->str, "typed-literal") == 0)
        t->kind = KG_TERM_LITERAL;
    else
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "unknown term type \"%s\"", type->str);
    if (t->kind != KG_TERM_LITERAL && (lang || dt))
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "only literals have a language or datatype");
    if (lang && dt)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "a literal with both xml:lang and datatype");
    t->lang = lang ? lang->str : NULL;
    t->datatype = dt ? dt->str : NULL;
    return KG_OK;
}

static kg_status srj_head(cf_results *r, const cf_json *head, const char *name, kg_error *err)
{
    static const char *const keys[] = {"vars", "link", NULL};
    const char *bad;
    if (!head || head->type != CF_JSON_OBJECT)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "\"head\" is missing or not an object");
    if (!only_keys(head, keys, &bad))
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "unknown key \"%s\" in \"head\"", bad);
    const cf_json *vars = cf_json_get(head, "vars");
    if (vars && vars->type != CF_JSON_ARRAY)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "\"vars\" is not an array");
    for (size_t i = 0; vars && i < vars->count; i++) {
        if (vars->items[i].type != CF_JSON_STRING)
            return cf_error(err, KG_ERR_SYNTAX, name, 0, "a variable name is not a string");
        kg_status st = declare_var(r, vars->items[i].str, name, 0, err);
        if (st != KG_OK)
            return st;
    }
    return KG_OK;
}

static kg_status srj_bindings(cf_results *r, const cf_json *results, const char *name,
                              kg_error *err)
{
    static const char *const keys[] = {"bindings", "distinct", "ordered", NULL};
    const char *bad;
    if (results->type != CF_JSON_OBJECT)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "\"results\" is not an object");
    if (!only_keys(results, keys, &bad))
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "unknown key \"%s\" in \"results\"", bad);
    const cf_json *rows = cf_json_get(results, "bindings");
    if (!rows || rows->type != CF_JSON_ARRAY)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "\"bindings\" is missing or not an array");
    for (size_t i = 0; i < rows->count; i++) {
        const cf_json *o = &rows->items[i];
        if (o->type != CF_JSON_OBJECT)
            return cf_error(err, KG_ERR_SYNTAX, name, 0, "solution %zu is not an object", i + 1);
        kg_term *row = cf_results_add_row(r);
        if (!row)
            return cf_error(err, KG_ERR_NOMEM, name, 0, "out of memory");
        for (size_t j = 0; j < o->count; j++) {
            kg_term t;
            kg_status st = srj_term(&o->members[j].value, o->members[j].key, &t, name, err);
            if (st == KG_OK)
                st = set_binding(r, row, o->members[j].key, &t, name, 0, err);
            if (st != KG_OK)
                return st;
        }
    }
    return KG_OK;
}

static kg_status srj_document(cf_results *r, const cf_json *root, const char *name, kg_error *err)
{
    static const char *const keys[] = {"head", "results", "boolean", NULL};
    const char *bad;
    if (root->type != CF_JSON_OBJECT)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "the document is not a JSON object");
    if (!only_keys(root, keys, &bad))
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "unknown key \"%s\" at the top level", bad);
    kg_status st = srj_head(r, cf_json_get(root, "head"), name, err);
    const cf_json *results = cf_json_get(root, "results"), *boolean = cf_json_get(root, "boolean");
    if (st != KG_OK)
        return st;
    if (!results == !boolean)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "exactly one of \"results\" and \"boolean\" needed");
    if (results)
        return srj_bindings(r, results, name, err);
    if (boolean->type != CF_JSON_TRUE && boolean->type != CF_JSON_FALSE)
        return cf_error(err, KG_ERR_SYNTAX, name, 0, "\"boolean\" is not true or false");
    r->kind = CF_RESULTS_BOOLEAN;
    r->boolean = boolean->type == CF_JSON_TRUE;
    return KG_OK;
}

kg_status cf_results_read_srj(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err)
{
    cf_results *r;
    kg_status st = new_results(&r, name, err);
    kg_arena *arena = st == KG_OK ? kg_arena_new() : NULL;
    cf_json *root = NULL;
    if (st == KG_OK && !arena)
        st = cf_error(err, KG_ERR_NOMEM, name, 0, "out of memory");
    if (st == KG_OK && (st = cf_json_parse(text, len, arena, &root, err)) != KG_OK && err)
        snprintf(err->file, sizeof err->file, "%s", name);
    if (st == KG_OK)
        st = srj_document(r, root, name, err);
    kg_arena_free(arena);
    return finish(st, r, out);
}

/* ---- TSV ------------------------------------------------------------ */

typedef struct cursor {
    const char *p, *end;
    const char *name;
    unsigned long line;
    kg_error *err;
} cursor;

static kg_status tsv_fail(cursor *c, const char *what)
{
    return cf_error(c->err, KG_ERR_SYNTAX, c->name, c->line, "%s", what);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* \uXXXX or \UXXXXXXXX (c->p after the 'u' or 'U'), appended as UTF-8. */
static bool tsv_uchar(cursor *c, int digits, kg_buf *b)
{
    uint32_t cp = 0;
    for (int i = 0; i < digits; i++, c->p++) {
        int v = c->p < c->end ? hexval(*c->p) : -1;
        if (v < 0)
            return false;
        cp = cp * 16 + (uint32_t)v;
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return false;
    char enc[4];
    return kg_buf_append(b, enc, kg_utf8_encode(cp, enc));
}

/* A quoted string (c->p at the quote) into b, escapes decoded. */
static kg_status tsv_string(cursor *c, kg_buf *b)
{
    static const char from[] = "tbnrf\"'\\", to[] = "\t\b\n\r\f\"'\\";
    char quote = *c->p++;
    while (c->p < c->end && *c->p != quote) {
        if (*c->p != '\\') {
            if (!kg_buf_putc(b, *c->p++))
                return KG_ERR_NOMEM;
            continue;
        }
        if (++c->p >= c->end)
            return tsv_fail(c, "a string ends in a backslash");
        const char *hit = strchr(from, *c->p);
        char e = *c->p++;
        bool ok = e == 'u' ? tsv_uchar(c, 4, b) : e == 'U' ? tsv_uchar(c, 8, b)
                  : hit && *hit                ? kg_buf_putc(b, to[hit - from])
                                               : false;
        if (!ok)
            return tsv_fail(c, "invalid escape in a string");
    }
    if (c->p >= c->end)
        return tsv_fail(c, "unterminated string");
    c->p++;
    return KG_OK;
}

/* The abbreviated forms: integer, decimal, double, true and false. */
static bool tsv_bare(const char *s, size_t n, kg_term *t)
{
    if (n == 4 && memcmp(s, "true", 4) == 0) {
        t->datatype = KG_XSD "boolean";
        return true;
    }
    if (n == 5 && memcmp(s, "false", 5) == 0) {
        t->datatype = KG_XSD "boolean";
        return true;
    }
    size_t i = (n && (s[0] == '+' || s[0] == '-')) ? 1 : 0, before = 0, after = 0;
    bool dot = false, exp = false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        before++;
    if (i < n && s[i] == '.') {
        dot = true;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            after++;
    }
    if (before + after == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        exp = true;
        if (++i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t digits = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
        if (!digits)
            return false;
    } else if (dot && !after) {
        return false; /* "1." is not a Turtle number */
    }
    if (i != n)
        return false;
    t->datatype = exp ? KG_XSD "double" : dot ? KG_XSD "decimal" : KG_XSD "integer";
    return true;
}

/* One TSV field [c->p, end) as a term; an empty field is unbound. */
static kg_status tsv_term(cursor *c, const char *end, kg_buf *value, kg_buf *extra, kg_term *t)
{
    memset(t, 0, sizeof *t);
    kg_buf_clear(value), kg_buf_clear(extra);
    cursor f = *c;
    f.end = end;
    kg_status st = KG_OK;
    if (f.p == end)
        return KG_OK;
    if (*f.p == '<') {
        const char *close = memchr(f.p, '>', (size_t)(end - f.p));
        if (!close)
            return tsv_fail(c, "an IRI without '>'");
        t->kind = KG_TERM_IRI;
        if (!kg_buf_append(value, f.p + 1, (size_t)(close - f.p - 1)))
            return KG_ERR_NOMEM;
        f.p = close + 1;
    } else if (end - f.p > 2 && f.p[0] == '_' && f.p[1] == ':') {
        t->kind = KG_TERM_BLANK;
        if (!kg_buf_append(value, f.p + 2, (size_t)(end - f.p - 2)))
            return KG_ERR_NOMEM;
        f.p = end;
    } else if (*f.p == '"' || *f.p == '\'') {
        t->kind = KG_TERM_LITERAL;
        if ((st = tsv_string(&f, value)) != KG_OK)
            return st;
        if (f.p < end && *f.p == '@') {
            if (!kg_buf_append(extra, f.p + 1, (size_t)(end - f.p - 1)) || !kg_buf_cstr(extra))
                return KG_ERR_NOMEM;
            t->lang = extra->data;
            f.p = end;
        } else if (end - f.p > 3 && f.p[0] == '^' && f.p[1] == '^' && f.p[2] == '<' && end[-1] == '>') {
            if (!kg_buf_append(extra, f.p + 3, (size_t)(end - f.p - 4)) || !kg_buf_cstr(extra))
                return KG_ERR_NOMEM;
            t->datatype = extra->data;
            f.p = end;
        }
    } else if (tsv_bare(f.p, (size_t)(end - f.p), t)) {
        t->kind = KG_TERM_LITERAL;
        if (!kg_buf_append(value, f.p, (size_t)(end - f.p)))
            return KG_ERR_NOMEM;
        f.p = end;
    } else {
        return tsv_fail(c, "a field is not an RDF term in SPARQL syntax");
    }
    if (f.p != end)
        return tsv_fail(c, "unexpected text after a term");
    if (!kg_buf_cstr(value))
        return KG_ERR_NOMEM;
    t->value = value->data;
    t->value_len = value->len;
    return KG_OK;
}

/* The end of the current line ([c->p, eol) without a CR before the LF). */
static const char *line_end(const cursor *c, const char **next)
{
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    *next = nl ? nl + 1 : c->end;
    const char *eol = nl ? nl : c->end;
    if (eol > c->p && eol[-1] == '\r')
        eol--;
    return eol;
}

static kg_status tsv_header(cf_results *r, cursor *c)
{
    const char *next, *eol = line_end(c, &next);
    kg_status st = KG_OK;
    while (st == KG_OK && c->p < eol) {
        const char *tab = memchr(c->p, '\t', (size_t)(eol - c->p));
        const char *fend = tab ? tab : eol;
        if (fend - c->p < 2 || (*c->p != '?' && *c->p != '$'))
            return tsv_fail(c, "a header field must be ?name");
        char *var = strndup(c->p + 1, (size_t)(fend - c->p - 1));
        st = var ? declare_var(r, var, c->name, c->line, c->err) : KG_ERR_NOMEM;
        free(var);
        c->p = tab ? tab + 1 : eol;
    }
    c->p = next;
    c->line++;
    return st;
}

kg_status cf_results_read_tsv(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err)
{
    cf_results *r;
    cursor c = {text, text + len, name, 1, err};
    kg_buf value = KG_BUF_INIT, extra = KG_BUF_INIT;
    kg_status st = new_results(&r, name, err);
    if (st == KG_OK)
        st = tsv_header(r, &c);
    while (st == KG_OK && c.p < c.end) {
        /* Every line is a row: an empty one has every variable unbound. */
        const char *next, *eol = line_end(&c, &next);
        kg_term *row = cf_results_add_row(r);
        if (!row) {
            st = KG_ERR_NOMEM;
            break;
        }
        for (size_t col = 0; st == KG_OK && col < r->width; col++) {
            const char *tab = memchr(c.p, '\t', (size_t)(eol - c.p));
            if (!tab && col + 1 < r->width) {
                st = tsv_fail(&c, "fewer fields than variables");
                break;
            }
            if (tab && col + 1 == r->width) {
                st = tsv_fail(&c, "more fields than variables");
                break;
            }
            kg_term t;
            st = tsv_term(&c, tab ? tab : eol, &value, &extra, &t);
            if (st == KG_OK && !cf_results_set(r, &row[col], &t))
                st = KG_ERR_NOMEM;
            c.p = tab ? tab + 1 : eol;
        }
        c.p = next;
        c.line++;
    }
    if (st == KG_ERR_NOMEM)
        cf_error(err, st, name, c.line, "out of memory");
    kg_buf_free(&value), kg_buf_free(&extra);
    return finish(st, r, out);
}

/* ---- CSV ------------------------------------------------------------ */

/* One RFC 4180 field at c->p into b; stops after the separator (',') or at
 * the end of the record. *eor tells which. */
static kg_status csv_field(cursor *c, kg_buf *b, bool *quoted, bool *eor)
{
    kg_buf_clear(b);
    *quoted = c->p < c->end && *c->p == '"';
    if (*quoted) {
        for (c->p++;; c->p++) {
            if (c->p >= c->end)
                return tsv_fail(c, "unterminated quoted field");
            if (*c->p == '"') {
                if (c->p + 1 < c->end && c->p[1] == '"')
                    c->p++;
                else
                    break;
            }
            if (*c->p == '\n')
                c->line++;
            if (!kg_buf_putc(b, *c->p))
                return KG_ERR_NOMEM;
        }
        c->p++;
    } else {
        while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
            if (*c->p == '"')
                return tsv_fail(c, "a quote inside an unquoted field");
            if (!kg_buf_putc(b, *c->p++))
                return KG_ERR_NOMEM;
        }
    }
    if (!kg_buf_cstr(b))
        return KG_ERR_NOMEM;
    if (c->p < c->end && *c->p == ',') {
        c->p++;
        *eor = false;
        return KG_OK;
    }
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    if (c->p < c->end && *c->p != '\n')
        return tsv_fail(c, "unexpected text after a quoted field");
    if (c->p < c->end)
        c->p++;
    c->line++;
    *eor = true;
    return KG_OK;
}

kg_status cf_results_read_csv(const char *text, size_t len, const char *name, cf_results **out,
                              kg_error *err)
{
    cf_results *r;
    cursor c = {text, text + len, name, 1, err};
    kg_buf field = KG_BUF_INIT;
    bool quoted, eor = false;
    kg_status st = new_results(&r, name, err);
    while (st == KG_OK && !eor && (st = csv_field(&c, &field, &quoted, &eor)) == KG_OK)
        st = declare_var(r, field.data, name, c.line, err);
    while (st == KG_OK && c.p < c.end) {
        kg_term *row = cf_results_add_row(r);
        if (!row) {
            st = KG_ERR_NOMEM;
            break;
        }
        eor = false;
        for (size_t col = 0; st == KG_OK && !eor; col++) {
            if ((st = csv_field(&c, &field, &quoted, &eor)) != KG_OK)
                break;
            if (col >= r->width || (eor && col + 1 < r->width)) {
                st = tsv_fail(&c, "a record's field count differs from the header's");
                break;
            }
            kg_term t = {0};
            bool blank = !quoted && field.len > 2 && memcmp(field.data, "_:", 2) == 0;
            if (field.len)
                t = (kg_term){blank ? KG_TERM_BLANK : KG_TERM_LITERAL, field.data + (blank ? 2 : 0),
                              field.len - (blank ? 2 : 0), NULL, NULL};
            if (!cf_results_set(r, &row[col], &t))
                st = KG_ERR_NOMEM;
        }
    }
    if (st == KG_ERR_NOMEM)
        cf_error(err, st, name, c.line, "out of memory");
    kg_buf_free(&field);
    return finish(st, r, out);
}

/* ---- result sets written in RDF ------------------------------------- */

typedef struct solution {
    const kg_term *node;
    long index; /* rs:index, or -1 */
} solution;

static bool is_iri(const kg_term *t, const char *iri)
{
    return t->kind == KG_TERM_IRI && strcmp(t->value, iri) == 0;
}

/* The node described as an rs:ResultSet, or NULL for a plain graph. */
static const kg_term *result_set_node(const cf_results *g)
{
    for (size_t i = 0; i < g->count; i++) {
        const kg_term *row = cf_results_row(g, i);
        if ((is_iri(&row[1], KG_RDF "type") && is_iri(&row[2], RS_NS "ResultSet")) ||
            is_iri(&row[1], RS_NS "resultVariable") || is_iri(&row[1], RS_NS "boolean"))
            return &row[0];
    }
    return NULL;
}

static int by_index(const void *a, const void *b)
{
    long x = ((const solution *)a)->index, y = ((const solution *)b)->index;
    return (x > y) - (x < y);
}

static kg_status rs_solution(cf_results *r, const cf_results *g, const kg_term *node,
                             const char *name, kg_error *err)
{
    kg_term *row = cf_results_add_row(r);
    if (!row)
        return cf_error(err, KG_ERR_NOMEM, name, 0, "out of memory");
    size_t from = 0;
    for (const kg_term *b; (b = cf_graph_next_object(g, node, RS_NS "binding", &from));) {
        const kg_term *var = cf_graph_object(g, b, RS_NS "variable");
        const kg_term *value = cf_graph_object(g, b, RS_NS "value");
        if (!var || var->kind != KG_TERM_LITERAL || !value)
            return cf_error(err, KG_ERR_SYNTAX, name, 0,
                            "an rs:binding needs an rs:variable literal and an rs:value");
        kg_status st = set_binding(r, row, var->value, value, name, 0, err);
        if (st != KG_OK)
            return st;
    }
    return KG_OK;
}

/* The solutions of the result set, in rs:index order when every one has an
 * index. *out is malloc'd. */
static kg_status rs_solutions(const cf_results *g, const kg_term *rs, solution **out, size_t *n,
                              const char *name, kg_error *err)
{
    *n = 0;
    *out = calloc(g->count ? g->count : 1, sizeof **out);
    if (!*out)
        return cf_error(err, KG_ERR_NOMEM, name, 0, "out of memory");
    bool all_indexed = true;
    size_t from = 0;
    for (const kg_term *node; (node = cf_graph_next_object(g, rs, RS_NS "solution", &from));) {
        const kg_term *index = cf_graph_object(g, node, RS_NS "index");
        solution s = {node, index && index->kind == KG_TERM_LITERAL ? atol(index->value) : -1};
        all_indexed = all_indexed && s.index >= 0;
        (*out)[(*n)++] = s;
    }
    if (all_indexed)
        qsort(*out, *n, sizeof **out, by_index);
    return KG_OK;
}

kg_status cf_results_from_rdf(const cf_results *g, const char *name, cf_results **out,
                              kg_error *err)
{
    *out = NULL;
    const kg_term *rs = result_set_node(g);
    if (!rs)
        return KG_OK;
    cf_results *r;
    kg_status st = new_results(&r, name, err);
    const kg_term *boolean = st == KG_OK ? cf_graph_object(g, rs, RS_NS "boolean") : NULL;
    if (boolean) {
        r->kind = CF_RESULTS_BOOLEAN;
        r->boolean = strcmp(boolean->value, "true") == 0;
        if (!r->boolean && strcmp(boolean->value, "false") != 0)
            st = cf_error(err, KG_ERR_SYNTAX, name, 0, "rs:boolean must be true or false");
        return finish(st, r, out);
    }
    for (size_t i = 0; st == KG_OK && i < g->count; i++) {
        const kg_term *t = cf_results_row(g, i);
        if (is_iri(&t[1], RS_NS "resultVariable") && kg_term_equal(&t[0], rs))
            st = t[2].kind == KG_TERM_LITERAL
                     ? declare_var(r, t[2].value, name, 0, err)
                     : cf_error(err, KG_ERR_SYNTAX, name, 0, "rs:resultVariable must be a literal");
    }
    solution *sols = NULL;
    size_t n = 0;
    if (st == KG_OK)
        st = rs_solutions(g, rs, &sols, &n, name, err);
    for (size_t i = 0; st == KG_OK && i < n; i++)
        st = rs_solution(r, g, sols[i].node, name, err);
    free(sols);
    return finish(st, r, out);
}

/* ---- by file name --------------------------------------------------- */

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcmp(path + n - e, ext) == 0;
}

static kg_status read_rdf(const char *path, const char *base_iri, cf_results **out, kg_error *err)
{
    cf_results *g = cf_results_new(CF_RESULTS_GRAPH);
    if (!g)
        return cf_error(err, KG_ERR_NOMEM, path, 0, "out of memory");
    kg_status st = cf_graph_read(g, path, base_iri, NULL, NULL, err);
    cf_results *table = NULL;
    if (st == KG_OK)
        st = cf_results_from_rdf(g, path, &table, err);
    if (st != KG_OK || table) {
        cf_results_free(g);
        *out = table;
        return st;
    }
    cf_results_dedupe(g);
    *out = g;
    return KG_OK;
}

kg_status cf_results_read(const char *path, const char *base_iri, cf_results **out, kg_error *err)
{
    static const struct {
        const char *ext;
        kg_status (*read)(const char *, size_t, const char *, cf_results **, kg_error *);
    } readers[] = {
        {".srx", cf_results_read_srx},
        {".srj", cf_results_read_srj},
        {".tsv", cf_results_read_tsv},
        {".csv", cf_results_read_csv},
    };
    *out = NULL;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        if (!has_ext(path, readers[i].ext))
            continue;
        size_t len;
        char *text = kg_test_read_file(path, &len);
        if (!text)
            return cf_error(err, KG_ERR_IO, path, 0, "cannot read the file");
        kg_status st = readers[i].read(text, len, path, out, err);
        free(text);
        return st;
    }
    return read_rdf(path, base_iri, out, err);
}
