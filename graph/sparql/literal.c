/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/literal.c - literal classification and constructors (see
 * literal.h). */
#include "sparql/literal.h"

#include <string.h>

#include "sparql/num.h"

bool kg_lit_parse_boolean(const char *s, size_t len, bool *value)
{
    if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1'))
        *value = true;
    else if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0'))
        *value = false;
    else
        return false;
    return true;
}

static bool is_xsd(const char *datatype, const char *iri)
{
    return datatype && strcmp(datatype, iri) == 0;
}

bool kg_lit_boolean(const kg_term *t, bool *value)
{
    return t->kind == KG_TERM_LITERAL && !t->lang && is_xsd(t->datatype, KG_XSD_BOOLEAN) &&
           kg_lit_parse_boolean(t->value, t->value_len, value);
}

bool kg_lit_datetime(const kg_term *t, kg_datetime *value)
{
    if (t->kind != KG_TERM_LITERAL || t->lang || !t->datatype)
        return false;
    bool is_date = is_xsd(t->datatype, KG_XSD_DATE);
    if (!is_date && !is_xsd(t->datatype, KG_XSD_DATETIME))
        return false;
    return kg_datetime_parse(t->value, t->value_len, is_date, value);
}

kg_lit_class kg_lit_classify(const kg_term *t)
{
    if (t->kind != KG_TERM_LITERAL)
        return KG_LIT_NONE;
    if (t->lang)
        return KG_LIT_LANG;
    if (!t->datatype || is_xsd(t->datatype, KG_XSD_STRING))
        return KG_LIT_STRING;
    if (kg_num_datatype_type(t->datatype, NULL)) {
        kg_num n;
        if (!kg_num_from_term(t, &n))
            return KG_LIT_INVALID;
        kg_num_clear(&n);
        return KG_LIT_NUMERIC;
    }
    if (is_xsd(t->datatype, KG_XSD_BOOLEAN)) {
        bool b;
        return kg_lit_boolean(t, &b) ? KG_LIT_BOOLEAN : KG_LIT_INVALID;
    }
    if (is_xsd(t->datatype, KG_XSD_DATETIME) || is_xsd(t->datatype, KG_XSD_DATE)) {
        kg_datetime dt;
        if (!kg_lit_datetime(t, &dt))
            return KG_LIT_INVALID;
        return dt.is_date ? KG_LIT_DATE : KG_LIT_DATETIME;
    }
    return KG_LIT_OTHER;
}

bool kg_lit_is_string(const kg_term *t)
{
    kg_lit_class c = kg_lit_classify(t);
    return c == KG_LIT_STRING || c == KG_LIT_LANG;
}

kg_term kg_lit_bool(bool value)
{
    return kg_term_literal(value ? "true" : "false", KG_XSD_BOOLEAN, NULL);
}

void kg_lit_lower_lang(char *tag)
{
    for (; *tag; tag++)
        if (*tag >= 'A' && *tag <= 'Z')
            *tag = (char)(*tag - 'A' + 'a');
}

bool kg_lit_make(kg_arena *arena, const char *s, size_t len, const char *datatype,
                 const char *lang, kg_term *out)
{
    char *copy = kg_arena_strndup(arena, s, len);
    if (!copy)
        return false;
    *out = (kg_term){KG_TERM_LITERAL, copy, len, lang ? NULL : datatype, lang};
    return true;
}
