/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* remote/answer.c - reading an endpoint's answer (answer.h). XML with
 * libxml2 (no network, no entities), JSON with json-c, N-Triples with
 * libkg's own loader into a throwaway in-memory store, so that all three
 * are as strict as local input. */
#include "remote/answer.h"

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "error.h"
#include "kg/io.h"
#include "kg/store.h"
#include "rdfio/xml_guard.h"
#include "sparql/rows.h"
#include "store/quads.h"
#include "util/iri.h"

#define SRX_NS "http://www.w3.org/2005/sparql-results#"

static kg_status malformed(kg_error *err, const char *url, unsigned long line, unsigned long column,
                           const char *what)
{
    kg_status st = kg_error_set(err, KG_ERR_SYNTAX, NULL, "%s returned a malformed answer: %s", url,
                                what);
    if (err) {
        err->line = line;
        err->column = column;
    }
    return st;
}

/* ---- terms ---- */

/* What is wrong with an absolute IRI of len bytes, or NULL. */
static const char *iri_problem(const char *iri, size_t len)
{
    size_t bad;
    if (strlen(iri) != len)
        return "holds a NUL character";
    if (!kg_iri_chars_valid(iri, len, &bad))
        return "holds a character IRIs cannot";
    return kg_iri_scheme_len(iri, len) ? NULL : "is relative";
}

/* A language tag as BCP 47 spells it: letters, digits and '-'. */
static bool lang_valid(const char *lang)
{
    size_t n = strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
    return n > 0 && lang[n] == '\0' && lang[0] != '-';
}

/* A server's term is checked like local input before anyone sees it: what
 * a NUL would cut, an empty label, a datatype or language that is none.
 * The reason, written into why, or false when the term is good. */
static bool term_problem(const kg_term *t, char *why, size_t size)
{
    const char *p = NULL;
    if (t->kind == KG_TERM_IRI && (p = iri_problem(t->value, t->value_len)))
        snprintf(why, size, "an IRI that %s", p);
    else if (t->kind == KG_TERM_BLANK && (t->value_len == 0 || strlen(t->value) != t->value_len))
        snprintf(why, size, "a blank node with an empty or NUL-holding label");
    else if (t->kind == KG_TERM_LITERAL && t->datatype &&
             (p = iri_problem(t->datatype, strlen(t->datatype))))
        snprintf(why, size, "a literal whose datatype is not an IRI (it %s)", p);
    else if (t->kind == KG_TERM_LITERAL && t->lang && t->lang[0] && !lang_valid(t->lang))
        snprintf(why, size, "a literal whose language tag is not one");
    else
        return false;
    return true;
}

/* Checks a row's terms; KG_OK or the error, at line (0: unknown). */
static kg_status check_row(const char *url, const kg_results *r, const kg_term *values,
                           unsigned long line, kg_error *err)
{
    char why[128];
    for (size_t c = 0; c < kg_results_column_count(r); c++)
        if (values[c].kind != KG_TERM_NONE && term_problem(&values[c], why, sizeof why))
            return malformed(err, url, line, 0, why);
    return KG_OK;
}

/* ---- SPARQL Query Results XML ---- */

static bool srx_is(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrcmp(n->ns->href, BAD_CAST SRX_NS) == 0 && xmlStrcmp(n->name, BAD_CAST local) == 0;
}

static xmlNode *first_element(xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

static xmlNode *next_element(xmlNode *n)
{
    return n ? first_element(n->next) : NULL;
}

/* One <result>: its bindings into values (one per column, in order). */
static bool srx_row(kg_results *r, xmlNode *result, kg_term *values, xmlChar **owned)
{
    size_t columns = kg_results_column_count(r);
    memset(values, 0, columns * sizeof *values);
    for (xmlNode *b = first_element(result->children); b; b = next_element(b)) {
        xmlChar *name = xmlGetProp(b, BAD_CAST "name");
        size_t c = 0;
        while (name && c < columns && strcmp(kg_results_column_name(r, c), (char *)name) != 0)
            c++;
        xmlFree(name);
        xmlNode *v = first_element(b->children);
        if (!srx_is(b, "binding") || c == columns || !v || owned[3 * c])
            return false;
        kg_term *t = &values[c];
        t->kind = srx_is(v, "uri") ? KG_TERM_IRI
                  : srx_is(v, "bnode") ? KG_TERM_BLANK
                  : srx_is(v, "literal") ? KG_TERM_LITERAL
                                         : KG_TERM_NONE;
        if (t->kind == KG_TERM_NONE)
            return false;
        owned[3 * c] = xmlNodeGetContent(v);
        t->value = owned[3 * c] ? (const char *)owned[3 * c] : "";
        t->value_len = strlen(t->value);
        if (t->kind == KG_TERM_LITERAL) {
            owned[3 * c + 1] = xmlGetNsProp(v, BAD_CAST "lang", XML_XML_NAMESPACE);
            owned[3 * c + 2] = xmlGetProp(v, BAD_CAST "datatype");
            t->lang = (const char *)owned[3 * c + 1];
            t->datatype = (const char *)owned[3 * c + 2];
        }
    }
    return true;
}

static kg_status srx_read(const char *url, kg_results *r, xmlNode *root, kg_error *err)
{
    xmlNode *head = first_element(root ? root->children : NULL);
    if (!srx_is(root, "sparql") || !srx_is(head, "head"))
        return malformed(err, url, root ? (unsigned long)root->line : 0, 0,
                         "not a SPARQL results document");
    for (xmlNode *v = first_element(head->children); v; v = next_element(v)) {
        if (!srx_is(v, "variable"))
            continue; /* <link> */
        xmlChar *name = xmlGetProp(v, BAD_CAST "name");
        bool ok = name && kg_results_rows_column(r, (const char *)name);
        xmlFree(name);
        if (!ok)
            return malformed(err, url, (unsigned long)v->line, 0, "a <variable> without a name");
    }
    xmlNode *body = next_element(head);
    if (srx_is(body, "boolean")) {
        xmlChar *text = xmlNodeGetContent(body);
        bool yes = text && xmlStrcmp(text, BAD_CAST "true") == 0;
        bool no = text && xmlStrcmp(text, BAD_CAST "false") == 0;
        xmlFree(text);
        if (!yes && !no)
            return malformed(err, url, (unsigned long)body->line, 0, "<boolean> is not true or false");
        kg_results_rows_boolean(r, yes);
        return KG_OK;
    }
    if (!srx_is(body, "results"))
        return malformed(err, url, (unsigned long)head->line, 0, "no <results> after <head>");
    size_t columns = kg_results_column_count(r);
    kg_term *values = calloc(columns + 1, sizeof *values);
    xmlChar **owned = calloc(3 * columns + 1, sizeof *owned);
    kg_status st = values && owned ? KG_OK : kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    for (xmlNode *res = first_element(body->children); st == KG_OK && res; res = next_element(res)) {
        if (!srx_is(res, "result") || !srx_row(r, res, values, owned))
            st = malformed(err, url, (unsigned long)res->line, 0,
                           "a <result> whose bindings are not one term per declared variable");
        else if ((st = check_row(url, r, values, (unsigned long)res->line, err)) == KG_OK &&
                 !kg_results_rows_add(r, values))
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
        for (size_t i = 0; owned && i < 3 * columns; i++) {
            xmlFree(owned[i]);
            owned[i] = NULL;
        }
    }
    free(values);
    free(owned);
    return st;
}

/* The entity guard RDF/XML has (rdfio/xml_guard.h), over the whole answer
 * before libxml2 expands anything: a 1 MB answer once took 2 GB. */
static kg_status xml_guarded(const char *url, const char *body, size_t len, kg_error *err)
{
    kg_xml_guard *guard = kg_xml_guard_new();
    if (!guard)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    char msg[256] = "";
    kg_status st = kg_xml_guard_scan(guard, body, len, msg, sizeof msg);
    kg_xml_guard_free(guard);
    if (st != KG_OK)
        kg_error_set(err, st, NULL, "%s returned an answer that was refused: %s", url, msg);
    return st;
}

static kg_status xml_answer(const char *url, kg_results *r, const char *body, size_t len,
                            kg_error *err)
{
    kg_status guarded = xml_guarded(url, body, len, err);
    if (guarded != KG_OK)
        return guarded;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc = ctxt ? xmlCtxtReadMemory(ctxt, body, (int)len, url, NULL,
                                             XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                 XML_PARSE_NOWARNING)
                         : NULL;
    kg_status st;
    if (!doc) {
        const xmlError *e = ctxt ? xmlCtxtGetLastError(ctxt) : NULL;
        char what[300];
        snprintf(what, sizeof what, "%s", e && e->message ? e->message : "not well-formed XML");
        what[strcspn(what, "\n")] = '\0';
        st = malformed(err, url, e ? (unsigned long)e->line : 0, e ? (unsigned long)e->int2 : 0,
                       what);
    } else {
        st = srx_read(url, r, xmlDocGetRootElement(doc), err);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return st;
}

/* ---- SPARQL Query Results JSON ---- */

static const char *json_string(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static bool srj_term(json_object *o, kg_term *t)
{
    const char *type = json_string(o, "type"), *value = json_string(o, "value");
    if (!type || !value)
        return false;
    memset(t, 0, sizeof *t);
    t->value = value;
    json_object *v;
    json_object_object_get_ex(o, "value", &v);
    t->value_len = (size_t)json_object_get_string_len(v); /* NUL bytes included */
    if (strcmp(type, "uri") == 0)
        t->kind = KG_TERM_IRI;
    else if (strcmp(type, "bnode") == 0)
        t->kind = KG_TERM_BLANK;
    else if (strcmp(type, "literal") == 0 || strcmp(type, "typed-literal") == 0)
        t->kind = KG_TERM_LITERAL;
    else
        return false;
    if (t->kind == KG_TERM_LITERAL) {
        t->lang = json_string(o, "xml:lang");
        t->datatype = json_string(o, "datatype");
    }
    return true;
}

static kg_status srj_read(const char *url, kg_results *r, json_object *root, kg_error *err)
{
    json_object *head, *vars, *results, *bindings, *boolean;
    if (!json_object_is_type(root, json_type_object) ||
        !json_object_object_get_ex(root, "head", &head))
        return malformed(err, url, 0, 0, "not a SPARQL results document");
    if (json_object_object_get_ex(root, "boolean", &boolean)) {
        if (!json_object_is_type(boolean, json_type_boolean))
            return malformed(err, url, 0, 0, "\"boolean\" is not true or false");
        kg_results_rows_boolean(r, json_object_get_boolean(boolean));
        return KG_OK;
    }
    if (!json_object_object_get_ex(head, "vars", &vars) ||
        !json_object_is_type(vars, json_type_array) ||
        !json_object_object_get_ex(root, "results", &results) ||
        !json_object_object_get_ex(results, "bindings", &bindings) ||
        !json_object_is_type(bindings, json_type_array))
        return malformed(err, url, 0, 0, "no \"vars\" or no \"results\"/\"bindings\"");
    size_t columns = json_object_array_length(vars);
    for (size_t c = 0; c < columns; c++) {
        json_object *v = json_object_array_get_idx(vars, c);
        if (!json_object_is_type(v, json_type_string))
            return malformed(err, url, 0, 0, "a variable name is not a string");
        if (!kg_results_rows_column(r, json_object_get_string(v)))
            return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    kg_term *values = calloc(columns + 1, sizeof *values);
    if (!values)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kg_status st = KG_OK;
    size_t n = json_object_array_length(bindings);
    for (size_t i = 0; st == KG_OK && i < n; i++) {
        json_object *row = json_object_array_get_idx(bindings, i), *cell;
        memset(values, 0, columns * sizeof *values);
        for (size_t c = 0; st == KG_OK && c < columns; c++) {
            const char *name = kg_results_column_name(r, c);
            if (json_object_object_get_ex(row, name, &cell) && !srj_term(cell, &values[c]))
                st = malformed(err, url, 0, 0, "a binding is not a SPARQL term");
        }
        if (st == KG_OK)
            st = check_row(url, r, values, 0, err);
        if (st == KG_OK && !kg_results_rows_add(r, values))
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    free(values);
    return st;
}

static kg_status json_answer(const char *url, kg_results *r, const char *body, size_t len,
                             kg_error *err)
{
    json_tokener *tok = json_tokener_new();
    if (!tok)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    json_object *root = json_tokener_parse_ex(tok, body, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    kg_status st;
    if (!root || e != json_tokener_success || json_tokener_get_parse_end(tok) < len) {
        /* the line and column of the byte where parsing stopped */
        size_t at = json_tokener_get_parse_end(tok), line = 1, column = 1;
        for (size_t i = 0; i < at && i < len; i++, column++)
            if (body[i] == '\n')
                line++, column = 0;
        st = malformed(err, url, line, column,
                       root ? "text after the JSON document" : json_tokener_error_desc(e));
    } else {
        st = srj_read(url, r, root, err);
    }
    json_object_put(root);
    json_tokener_free(tok);
    return st;
}

/* ---- N-Triples ---- */

static kg_status triples_answer(const char *url, kg_results *r, const char *body, size_t len,
                                kg_error *err)
{
    kg_store *tmp = NULL;
    kg_status st = kg_store_open(&tmp, NULL, KG_STORE_MEMORY, err);
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = KG_FORMAT_NTRIPLES;
    if (st == KG_OK && (st = kg_load_string(tmp, body, len, url, &opts, NULL)) != KG_OK) {
        const kg_error *e = kg_store_error(tmp);
        st = malformed(err, url, e->line, e->column, e->message);
    }
    kg_view *view = st == KG_OK ? kg_store_view(tmp) : NULL;
    kg_scan *scan = view ? kg_scan_open(view, 0, 0, 0, KG_GRAPHS_ALL, 0) : NULL;
    if (st == KG_OK && !scan)
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kg_quad q;
    while (st == KG_OK && kg_scan_next(scan, &q)) {
        kg_term spo[3];
        if (!kg_view_term(view, q.s, &spo[0]) || !kg_view_term(view, q.p, &spo[1]) ||
            !kg_view_term(view, q.o, &spo[2]) || !kg_results_rows_add(r, spo))
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    kg_scan_close(scan);
    kg_store_close(tmp);
    return st;
}

static bool type_is(const char *content_type, const char *what)
{
    return strncmp(content_type, what, strlen(what)) == 0;
}

kg_status kg_answer_read(const char *url, kg_query_form form, const char *content_type,
                         const char *body, size_t len, kg_results **out, kg_error *err)
{
    *out = NULL;
    kg_results *r = kg_results_new_rows(form);
    if (!r)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kg_status st;
    if (form == KG_QUERY_CONSTRUCT || form == KG_QUERY_DESCRIBE)
        st = triples_answer(url, r, body, len, err);
    else if (type_is(content_type, "application/sparql-results+json") ||
             type_is(content_type, "application/json"))
        st = json_answer(url, r, body, len, err);
    else if (type_is(content_type, "application/sparql-results+xml") ||
             type_is(content_type, "application/xml") || type_is(content_type, "text/xml"))
        st = xml_answer(url, r, body, len, err);
    else
        st = kg_error_set(err, KG_ERR_UNSUPPORTED, NULL,
                          "%s answered in %s, which is not a SPARQL results format", url,
                          content_type[0] ? content_type : "an unnamed format");
    if (st != KG_OK) {
        kg_results_free(r);
        return st;
    }
    *out = r;
    return KG_OK;
}
