/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/value.c - the SPARQL operators on terms: effective boolean value,
 * =, !=, <, >, <=, >=, the ORDER BY order, arithmetic and the XPath
 * constructor casts (see value.h). Numbers live in num.c, dates in
 * datetime.c; this file decides which rule applies to which pair of terms. */
#include "sparql/value.h"

#include <string.h>
#include <strings.h>

#include "sparql/literal.h"
#include "sparql/num.h"

/* ---- effective boolean value ---- */

bool kg_value_ebv(const kg_term *t, bool *out)
{
    switch (kg_lit_classify(t)) {
    case KG_LIT_BOOLEAN:
        return kg_lit_boolean(t, out);
    case KG_LIT_NUMERIC: {
        kg_num n;
        kg_num_from_term(t, &n);
        *out = kg_num_truth(&n);
        kg_num_clear(&n);
        return true;
    }
    case KG_LIT_STRING:
    case KG_LIT_LANG:
        *out = t->value_len > 0;
        return true;
    case KG_LIT_INVALID:
        /* An ill-typed boolean or number is false (17.2.2); an ill-typed
         * date has no EBV. */
        if (strcmp(t->datatype, KG_XSD_BOOLEAN) == 0 || kg_num_datatype_type(t->datatype, NULL)) {
            *out = false;
            return true;
        }
        return false;
    default:
        return false;
    }
}

/* ---- comparison ---- */

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c == 0)
        return alen < blen ? -1 : alen > blen;
    return c < 0 ? -1 : 1;
}

/* Compares the values of two literals of the same class: -1, 0, 1, or 2
 * when they do not compare (NaN, indeterminate dates). */
static int cmp_same_class(kg_lit_class c, const kg_term *a, const kg_term *b)
{
    switch (c) {
    case KG_LIT_NUMERIC: {
        kg_num x, y;
        kg_num_from_term(a, &x);
        kg_num_from_term(b, &y);
        int r = kg_num_cmp(&x, &y);
        kg_num_clear(&x);
        kg_num_clear(&y);
        return r;
    }
    case KG_LIT_BOOLEAN: {
        bool x, y;
        kg_lit_boolean(a, &x);
        kg_lit_boolean(b, &y);
        return (int)x - (int)y;
    }
    case KG_LIT_DATETIME:
    case KG_LIT_DATE: {
        kg_datetime x, y;
        kg_lit_datetime(a, &x);
        kg_lit_datetime(b, &y);
        return kg_datetime_cmp(&x, &y);
    }
    case KG_LIT_STRING:
        /* UTF-8 byte order is code point order. */
        return cmp_bytes(a->value, a->value_len, b->value, b->value_len);
    default:
        return 2;
    }
}

static bool apply_op(kg_cmp_op op, int c)
{
    switch (op) {
    case KG_CMP_EQ: return c == 0;
    case KG_CMP_NE: return c != 0;
    case KG_CMP_LT: return c < 0;
    case KG_CMP_GT: return c > 0;
    case KG_CMP_LE: return c <= 0;
    case KG_CMP_GE: return c >= 0;
    }
    return false;
}

/* RDFterm-equal extended to the datatypes libkg knows: false when the
 * values are known to differ, an error when they might be equal. */
static bool term_equal(kg_lit_class ca, kg_lit_class cb, const kg_term *a, const kg_term *b,
                       bool *out)
{
    if (kg_term_equal(a, b)) {
        *out = true;
        return true;
    }
    *out = false;
    if (ca == KG_LIT_NONE || cb == KG_LIT_NONE || ca == KG_LIT_LANG || cb == KG_LIT_LANG)
        return true; /* different IRIs, blank nodes, or strings with tags */
    /* "abc"^^xsd:integer or "x"^^:unknown may denote any value. */
    return !(ca == KG_LIT_INVALID || cb == KG_LIT_INVALID || ca == KG_LIT_OTHER ||
             cb == KG_LIT_OTHER);
}

void kg_value_compare_nums(kg_cmp_op op, const kg_num *a, const kg_num *b, bool *out)
{
    int c = kg_num_cmp(a, b);
    /* NaN is unequal to everything, and not ordered. */
    *out = c == 2 ? op == KG_CMP_NE : apply_op(op, c);
}

bool kg_value_compare(kg_cmp_op op, const kg_term *a, const kg_term *b, bool *out)
{
    if (a->kind == KG_TERM_NONE || b->kind == KG_TERM_NONE)
        return false;
    kg_lit_class ca = kg_lit_classify(a), cb = kg_lit_classify(b);
    bool same = ca == cb && ca != KG_LIT_LANG && ca != KG_LIT_INVALID && ca != KG_LIT_OTHER &&
                ca != KG_LIT_NONE;
    if (same) {
        int c = cmp_same_class(ca, a, b);
        if (c == 2) {
            /* NaN is unequal to everything; indeterminate dates are errors. */
            if (ca != KG_LIT_NUMERIC)
                return false;
            *out = op == KG_CMP_NE;
            return true;
        }
        *out = apply_op(op, c);
        return true;
    }
    if (op != KG_CMP_EQ && op != KG_CMP_NE)
        return false;
    bool eq;
    if (!term_equal(ca, cb, a, b, &eq))
        return false;
    *out = op == KG_CMP_EQ ? eq : !eq;
    return true;
}

/* ---- ORDER BY ---- */

static int kind_rank(kg_term_kind k)
{
    switch (k) {
    case KG_TERM_NONE: return 0;
    case KG_TERM_BLANK: return 1;
    case KG_TERM_IRI: return 2;
    case KG_TERM_LITERAL: break;
    }
    return 3;
}

/* Literals of different classes sort by class, in this order. */
static int class_rank(kg_lit_class c)
{
    switch (c) {
    case KG_LIT_NUMERIC: return 0;
    case KG_LIT_BOOLEAN: return 1;
    case KG_LIT_DATETIME: return 2;
    case KG_LIT_DATE: return 3;
    case KG_LIT_STRING: return 4;
    case KG_LIT_LANG: return 5;
    default: return 6;
    }
}

static int lang_cmp(const char *a, const char *b)
{
    int c = strcasecmp(a ? a : "", b ? b : "");
    return c < 0 ? -1 : c > 0;
}

int kg_value_order(const kg_term *a, const kg_term *b)
{
    int ka = kind_rank(a->kind), kb = kind_rank(b->kind);
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (a->kind == KG_TERM_NONE)
        return 0;
    if (a->kind != KG_TERM_LITERAL)
        return cmp_bytes(a->value, a->value_len, b->value, b->value_len);
    kg_lit_class ca = kg_lit_classify(a), cb = kg_lit_classify(b);
    int ra = class_rank(ca), rb = class_rank(cb);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ca == cb) {
        int c = cmp_same_class(ca, a, b);
        if (c == -1 || c == 1)
            return c;
    }
    /* Equal values ("1" and "01", 1 and 1.0) or no value order: fall back to
     * the terms themselves, so that only identical terms tie. */
    int c = cmp_bytes(a->value, a->value_len, b->value, b->value_len);
    if (c)
        return c;
    c = strcmp(kg_term_datatype(a), kg_term_datatype(b));
    if (c)
        return c < 0 ? -1 : 1;
    return lang_cmp(a->lang, b->lang);
}

bool kg_value_order_tie(const kg_term *a, const kg_term *b)
{
    if (a->kind != KG_TERM_LITERAL || b->kind != KG_TERM_LITERAL)
        return kg_value_order(a, b) == 0;
    kg_lit_class ca = kg_lit_classify(a), cb = kg_lit_classify(b);
    if (ca == cb && cmp_same_class(ca, a, b) == 0)
        return true;
    return kg_value_order(a, b) == 0;
}

/* ---- arithmetic ---- */

bool kg_value_arith(char op, const kg_term *a, const kg_term *b, kg_value_ctx *ctx, kg_term *out)
{
    kg_num x, y, r;
    if (!kg_num_from_term(a, &x))
        return false;
    if (!kg_num_from_term(b, &y)) {
        kg_num_clear(&x);
        return false;
    }
    kg_num_init(&r, KG_NUM_INTEGER);
    bool ok = kg_num_arith(op, &x, &y, &r) && kg_num_to_term(&r, ctx->arena, out);
    kg_num_clear(&x);
    kg_num_clear(&y);
    kg_num_clear(&r);
    return ok;
}

bool kg_value_unary(char op, const kg_term *a, kg_value_ctx *ctx, kg_term *out)
{
    kg_num x;
    if ((op != '-' && op != '+') || !kg_num_from_term(a, &x))
        return false;
    if (op == '-')
        kg_num_negate(&x);
    bool ok = kg_num_to_term(&x, ctx->arena, out);
    kg_num_clear(&x);
    return ok;
}

/* ---- casts ---- */

/* XML Schema's whitespace collapsing, as far as casts from strings need it:
 * leading and trailing blanks are ignored. */
static void trim(const char **s, size_t *len)
{
    while (*len && strchr(" \t\r\n", (*s)[0]))
        (*s)++, (*len)--;
    while (*len && strchr(" \t\r\n", (*s)[*len - 1]))
        (*len)--;
}

static bool cast_to_string(const kg_term *a, kg_lit_class c, kg_value_ctx *ctx, kg_term *out)
{
    const char *text = a->value;
    size_t len = a->value_len;
    char *made = NULL;
    if (c == KG_LIT_NUMERIC) {
        kg_num n;
        kg_num_from_term(a, &n);
        made = kg_num_to_string(&n, ctx->arena);
        kg_num_clear(&n);
        if (!made)
            return false;
    } else if (c == KG_LIT_BOOLEAN) {
        bool b;
        kg_lit_boolean(a, &b);
        made = b ? "true" : "false";
    }
    if (made) {
        text = made;
        len = strlen(made);
    }
    return kg_lit_make(ctx->arena, text, len, NULL, NULL, out);
}

static bool cast_to_boolean(const kg_term *a, kg_lit_class c, kg_term *out)
{
    bool b;
    if (c == KG_LIT_STRING) {
        const char *s = a->value;
        size_t len = a->value_len;
        trim(&s, &len);
        if (!kg_lit_parse_boolean(s, len, &b))
            return false;
    } else if (c == KG_LIT_NUMERIC) {
        kg_num n;
        kg_num_from_term(a, &n);
        b = kg_num_truth(&n);
        kg_num_clear(&n);
    } else if (c == KG_LIT_BOOLEAN) {
        kg_lit_boolean(a, &b);
    } else {
        return false;
    }
    *out = kg_lit_bool(b);
    return true;
}

/* Casts to a numeric datatype (the four primitive ones or a derived
 * integer type, whose range is then checked). */
static bool cast_to_number(const char *datatype, kg_num_type type, const kg_term *a,
                           kg_lit_class c, kg_value_ctx *ctx, kg_term *out)
{
    kg_num n;
    if (c == KG_LIT_STRING) {
        const char *s = a->value;
        size_t len = a->value_len;
        trim(&s, &len);
        if (!kg_num_parse(kg_num_type_iri(type), s, len, &n))
            return false;
    } else if (c == KG_LIT_NUMERIC) {
        kg_num_from_term(a, &n);
        if (!kg_num_convert(&n, type)) {
            kg_num_clear(&n);
            return false;
        }
    } else if (c == KG_LIT_BOOLEAN) {
        bool b;
        kg_lit_boolean(a, &b);
        kg_num_init(&n, KG_NUM_INTEGER);
        kg_num_set_long(&n, b);
        kg_num_convert(&n, type);
    } else {
        return false;
    }
    kg_num_make_canonical(&n);
    bool ok = kg_num_to_term(&n, ctx->arena, out);
    kg_num_clear(&n);
    if (ok && strcmp(datatype, kg_num_type_iri(type)) != 0) {
        kg_num check;
        ok = kg_num_parse(datatype, out->value, out->value_len, &check);
        if (ok)
            kg_num_clear(&check);
        out->datatype = datatype;
    }
    return ok;
}

static bool cast_to_datetime(const kg_term *a, kg_lit_class c, kg_value_ctx *ctx, kg_term *out)
{
    kg_datetime dt;
    if (c == KG_LIT_STRING) {
        const char *s = a->value;
        size_t len = a->value_len;
        trim(&s, &len);
        if (!kg_datetime_parse(s, len, false, &dt))
            return false;
    } else if (c == KG_LIT_DATETIME || c == KG_LIT_DATE) {
        kg_lit_datetime(a, &dt);
    } else {
        return false;
    }
    char buf[96];
    kg_datetime_format(&dt, true, buf, sizeof buf);
    return kg_lit_make(ctx->arena, buf, strlen(buf), KG_XSD_DATETIME, NULL, out);
}

bool kg_value_is_cast(const char *datatype)
{
    return strcmp(datatype, KG_XSD_STRING) == 0 || strcmp(datatype, KG_XSD_BOOLEAN) == 0 ||
           strcmp(datatype, KG_XSD_DATETIME) == 0 || kg_num_datatype_type(datatype, NULL);
}

bool kg_value_cast(const char *datatype, const kg_term *a, kg_value_ctx *ctx, kg_term *out)
{
    bool to_string = strcmp(datatype, KG_XSD_STRING) == 0;
    if (a->kind == KG_TERM_IRI)
        return to_string && kg_lit_make(ctx->arena, a->value, a->value_len, NULL, NULL, out);
    kg_lit_class c = kg_lit_classify(a);
    /* Blank nodes, unbound values and ill-typed literals cast to nothing;
     * language-tagged strings only to their string. */
    if (c == KG_LIT_NONE || c == KG_LIT_INVALID || (c == KG_LIT_LANG && !to_string))
        return false;
    if (to_string)
        return cast_to_string(a, c, ctx, out);
    if (strcmp(datatype, KG_XSD_BOOLEAN) == 0)
        return cast_to_boolean(a, c, out);
    if (strcmp(datatype, KG_XSD_DATETIME) == 0)
        return cast_to_datetime(a, c, ctx, out);
    kg_num_type type;
    if (kg_num_datatype_type(datatype, &type))
        return cast_to_number(datatype, type, a, c, ctx, out);
    return false;
}
