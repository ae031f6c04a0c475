/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* term.c - the kg_term helpers declared in kg/term.h: constructors,
 * RDF term equality, deep copies and N-Triples rendering. */
#include "kg/term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

kg_term kg_term_iri(const char *iri)
{
    return (kg_term){KG_TERM_IRI, iri, strlen(iri), NULL, NULL};
}

kg_term kg_term_blank(const char *label)
{
    return (kg_term){KG_TERM_BLANK, label, strlen(label), NULL, NULL};
}

kg_term kg_term_literal(const char *lexical, const char *datatype, const char *lang)
{
    return (kg_term){KG_TERM_LITERAL, lexical, strlen(lexical), lang ? NULL : datatype, lang};
}

const char *kg_term_datatype(const kg_term *t)
{
    if (t->kind != KG_TERM_LITERAL)
        return NULL;
    if (t->lang)
        return KG_RDF_LANGSTRING;
    return t->datatype ? t->datatype : KG_XSD_STRING;
}

bool kg_term_equal(const kg_term *a, const kg_term *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == KG_TERM_NONE)
        return true;
    if (a->value_len != b->value_len || memcmp(a->value, b->value, a->value_len) != 0)
        return false;
    if (a->kind != KG_TERM_LITERAL)
        return true;
    if (strcmp(kg_term_datatype(a), kg_term_datatype(b)) != 0)
        return false;
    if (!a->lang || !b->lang)
        return !a->lang && !b->lang;
    return strcasecmp(a->lang, b->lang) == 0;
}

kg_status kg_term_copy(kg_term **out, const kg_term *t)
{
    size_t dt_len = t->datatype ? strlen(t->datatype) + 1 : 0;
    size_t lang_len = t->lang ? strlen(t->lang) + 1 : 0;
    size_t value_len = t->value ? t->value_len + 1 : 0;
    kg_term *copy = *out = malloc(sizeof *copy + value_len + dt_len + lang_len);
    if (!copy)
        return KG_ERR_NOMEM;
    char *p = (char *)(copy + 1);
    *copy = *t;
    if (t->value) {
        memcpy(p, t->value, t->value_len);
        p[t->value_len] = '\0';
        copy->value = p;
        p += value_len;
    }
    if (t->datatype) {
        memcpy(p, t->datatype, dt_len);
        copy->datatype = p;
        p += dt_len;
    }
    if (t->lang) {
        memcpy(p, t->lang, lang_len);
        copy->lang = p;
    }
    return KG_OK;
}

void kg_term_free(kg_term *t)
{
    free(t);
}

/* A bounded writer that keeps counting past the end of the buffer, so the
 * caller learns the full length the way snprintf reports it. */
typedef struct out {
    char *buf;
    size_t size;
    size_t len;
} out;

static void put(out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, o->len++)
        if (o->len + 1 < o->size)
            o->buf[o->len] = s[i];
}

static void put_str(out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_uchar(out *o, unsigned char c)
{
    char esc[8];
    snprintf(esc, sizeof esc, "\\u%04X", c);
    put_str(o, esc);
}

/* IRIREF may not contain these; N-Triples writes them as \u escapes. */
static void put_iri(out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
            put_uchar(o, c);
        else
            put(o, s + i, 1);
    }
}

static void put_string(out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default: break;
        }
        if (esc)
            put_str(o, esc);
        else if (c < 0x20 || c == 0x7F)
            put_uchar(o, c);
        else
            put(o, s + i, 1);
    }
}

size_t kg_term_to_ntriples(const kg_term *t, char *buf, size_t size)
{
    out o = {buf, size, 0};
    switch (t->kind) {
    case KG_TERM_NONE:
        break;
    case KG_TERM_IRI:
        put_str(&o, "<");
        put_iri(&o, t->value, t->value_len);
        put_str(&o, ">");
        break;
    case KG_TERM_BLANK:
        put_str(&o, "_:");
        put(&o, t->value, t->value_len);
        break;
    case KG_TERM_LITERAL:
        put_str(&o, "\"");
        put_string(&o, t->value, t->value_len);
        put_str(&o, "\"");
        if (t->lang) {
            put_str(&o, "@");
            put_str(&o, t->lang);
        } else if (t->datatype && strcmp(t->datatype, KG_XSD_STRING) != 0) {
            put_str(&o, "^^<");
            put_iri(&o, t->datatype, strlen(t->datatype));
            put_str(&o, ">");
        }
        break;
    }
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}
