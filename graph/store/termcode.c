/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/termcode.c - encode and decode dictionary terms. */
#include "store/termcode.h"

#include <string.h>

static bool is_xsd_string(const char *dt)
{
    return dt && strcmp(dt, KG_XSD_STRING) == 0;
}

/* Language tags are case-insensitive (RDF 1.1, BCP 47): "en-gb", "EN-GB"
 * and "en-GB" are one tag. The dictionary stores them in lower case, the
 * one conversion RDF 1.1 Concepts (3.3) allows, so every spelling finds the
 * same term and LANG() returns no case the data did not have. */
static bool append_lang(kg_buf *out, const char *tag)
{
    size_t start = out->len, len = strlen(tag);
    if (!kg_buf_append(out, tag, len + 1))
        return false;
    for (char *p = out->data + start; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return true;
}

/* Stores written before tags were lower-cased hold them in the case BCP 47
 * recommends (language lower, script title, region upper: "zh-Hant-HK").
 * Returns whether that spelling differs from the lower-cased one. */
static bool append_legacy_lang(kg_buf *out, const char *tag, bool *differs)
{
    size_t start = out->len, len = strlen(tag);
    if (!kg_buf_append(out, tag, len + 1))
        return false;
    char *p = out->data + start;
    bool first = true, singleton_seen = false;
    *differs = false;
    while (*p) {
        size_t n = strcspn(p, "-");
        if (n == 1)
            singleton_seen = true; /* extensions and private use stay lower */
        for (size_t i = 0; i < n; i++) {
            char c = p[i];
            bool upper = !first && !singleton_seen && (n == 2 || (n == 4 && i == 0));
            if (upper && c >= 'a' && c <= 'z')
                p[i] = (char)(c - 'a' + 'A');
            else if (!upper && c >= 'A' && c <= 'Z')
                p[i] = (char)(c - 'A' + 'a');
            *differs = *differs || (upper && p[i] >= 'A' && p[i] <= 'Z');
        }
        first = false;
        p += n;
        if (*p == '-')
            p++;
    }
    return true;
}

/* The kind byte and the value, NUL-terminated, as every encoding starts. */
static bool append_head(kg_buf *out, uint8_t kind, const kg_term *t)
{
    if (!t->value || t->value_len > UINT32_MAX)
        return false;
    uint32_t len = (uint32_t)t->value_len;
    uint8_t head[5] = {kind, (uint8_t)len, (uint8_t)(len >> 8), (uint8_t)(len >> 16),
                       (uint8_t)(len >> 24)};
    return kg_buf_append(out, head, sizeof head) && kg_buf_append(out, t->value, len) &&
           kg_buf_putc(out, '\0');
}

bool kg_termcode_append_legacy(kg_buf *out, const kg_term *t)
{
    bool differs = false;
    if (t->kind != KG_TERM_LITERAL || !t->lang || !*t->lang)
        return false;
    size_t start = out->len;
    if (!append_head(out, KG_CODE_LANG, t) || !append_legacy_lang(out, t->lang, &differs) ||
        !differs) {
        out->len = start;
        return false;
    }
    return true;
}

bool kg_termcode_append(kg_buf *out, const kg_term *t)
{
    uint8_t kind;
    const char *extra = NULL;
    switch (t->kind) {
    case KG_TERM_IRI:
        kind = KG_CODE_IRI;
        break;
    case KG_TERM_BLANK:
        kind = KG_CODE_BLANK;
        break;
    case KG_TERM_LITERAL:
        if (t->lang && *t->lang) {
            kind = KG_CODE_LANG;
            extra = t->lang;
        } else if (t->datatype && !is_xsd_string(t->datatype)) {
            kind = KG_CODE_TYPED;
            extra = t->datatype;
        } else {
            kind = KG_CODE_PLAIN;
        }
        break;
    default:
        return false;
    }
    if (!append_head(out, kind, t))
        return false;
    if (kind == KG_CODE_LANG)
        return append_lang(out, extra);
    if (extra && !kg_buf_append(out, extra, strlen(extra) + 1))
        return false;
    return true;
}

size_t kg_termcode_decode(const uint8_t *p, size_t len, kg_term *out)
{
    if (len < 6)
        return 0;
    uint8_t kind = p[0];
    uint32_t vlen = (uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16 |
                    (uint32_t)p[4] << 24;
    if ((size_t)vlen + 6 > len || p[5 + vlen] != '\0')
        return 0;
    size_t size = 6 + (size_t)vlen;
    memset(out, 0, sizeof *out);
    out->value = (const char *)p + 5;
    out->value_len = vlen;
    switch (kind) {
    case KG_CODE_IRI:
        out->kind = KG_TERM_IRI;
        return size;
    case KG_CODE_BLANK:
        out->kind = KG_TERM_BLANK;
        return size;
    case KG_CODE_PLAIN:
        out->kind = KG_TERM_LITERAL;
        return size;
    case KG_CODE_LANG:
    case KG_CODE_TYPED: {
        const uint8_t *extra = p + size;
        const uint8_t *nul = memchr(extra, '\0', len - size);
        if (!nul)
            return 0;
        out->kind = KG_TERM_LITERAL;
        if (kind == KG_CODE_LANG)
            out->lang = (const char *)extra;
        else
            out->datatype = (const char *)extra;
        return size + (size_t)(nul - extra) + 1;
    }
    default:
        return 0;
    }
}
