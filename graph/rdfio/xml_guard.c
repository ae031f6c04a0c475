/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/xml_guard.c - the entity budget for RDF/XML (see xml_guard.h).
 *
 * The prolog is parsed with a small hand-written reader that knows only
 * what can declare or smuggle entities: comments, processing instructions,
 * quoted strings, <!ENTITY> and the other markup declarations. Anything it
 * does not understand inside the DOCTYPE is refused rather than guessed,
 * since a misread is a way around the budget. */
#define _GNU_SOURCE
#include "rdfio/xml_guard.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "kg/grow.h"
#include "util/utf8.h"

enum { MAX_NAME = 255 };
enum { PROLOG, BODY, REFUSED };
/* An entity's size while its expansion is being computed (a cycle). */
#define SIZE_PENDING UINT64_MAX
#define SIZE_UNKNOWN (UINT64_MAX - 1)
#define SIZE_HUGE ((uint64_t)1 << 62)

typedef struct entity {
    char *name;
    char *text; /* replacement text: the value with character references decoded */
    uint64_t size;
    size_t order; /* of declaration: the first of two with one name binds */
} entity;

struct kg_xml_guard {
    int phase;
    kg_status status;
    char message[256];
    kg_buf prolog;
    entity *ents; /* sorted by name once the prolog is read */
    size_t n_ents, cap_ents;
    char ref[MAX_NAME + 1]; /* a reference being read across chunks */
    size_t ref_len;
    bool in_ref;
    uint64_t expanded, scanned;
    /* the markup of the body, for the nesting depth */
    enum { M_TEXT, M_LT, M_BANG, M_START, M_END, M_COMMENT, M_CDATA, M_PI, M_DECL } markup;
    char quote, last[2]; /* open attribute quote; the two bytes before */
    size_t depth;
};

/* The prolog reader's outcome besides a position. */
enum { NEED_MORE = -1, FAILED = -2 };

kg_xml_guard *kg_xml_guard_new(void)
{
    return calloc(1, sizeof(kg_xml_guard));
}

static void free_entities(kg_xml_guard *g)
{
    for (size_t i = 0; i < g->n_ents; i++) {
        free(g->ents[i].name);
        free(g->ents[i].text);
    }
    g->n_ents = 0;
}

void kg_xml_guard_free(kg_xml_guard *g)
{
    if (!g)
        return;
    free_entities(g);
    free(g->ents);
    kg_buf_free(&g->prolog);
    free(g);
}

static long refuse(kg_xml_guard *g, kg_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static long refuse(kg_xml_guard *g, kg_status status, const char *fmt, ...)
{
    g->phase = REFUSED;
    g->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->message, sizeof g->message, fmt, ap);
    va_end(ap);
    return FAILED;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_char(char c)
{
    return !is_space(c) && c != ';' && c != '&' && c != '%' && c != '<' && c != '>' &&
           c != '"' && c != '\'' && c != '[' && c != ']' && c != '=' && c != '/';
}

/* Does text[i..len) start with lit? NEED_MORE when it might, given more. */
static int starts(const char *text, size_t len, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    size_t have = len - i < n ? len - i : n;
    if (strncasecmp(text + i, lit, have) != 0)
        return 0;
    return have == n ? 1 : NEED_MORE;
}

/* Position after the next occurrence of lit from i, or NEED_MORE. */
static long skip_past(const char *text, size_t len, size_t i, const char *lit)
{
    const char *end = memmem(text + i, len - i, lit, strlen(lit));
    return end ? (long)(end - text + strlen(lit)) : NEED_MORE;
}

/* Position after the '>' closing a markup declaration, skipping quoted
 * strings; *amp is set when a quoted string holds an entity reference. */
static long skip_decl(const char *text, size_t len, size_t i, bool *amp)
{
    char quote = 0;
    for (; i < len; i++) {
        char c = text[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '&' && i + 1 < len && text[i + 1] != '#')
                *amp = true;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return (long)i + 1;
        }
    }
    return NEED_MORE;
}

static size_t skip_space(const char *text, size_t len, size_t i)
{
    while (i < len && is_space(text[i]))
        i++;
    return i;
}

/* Decodes &#N; and &#xH; in an entity value (XML expands them when the
 * entity is declared, so "&#38;a;" becomes a reference to a). */
static char *decode_char_refs(const char *v, size_t n)
{
    kg_buf out = KG_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '&' && i + 2 < n && v[i + 1] == '#') {
            bool hex = v[i + 2] == 'x';
            char *end;
            unsigned long cp = strtoul(v + i + 2 + hex, &end, hex ? 16 : 10);
            if (end < v + n && *end == ';' && cp < 0x110000 && end > v + i + 2 + hex) {
                char utf8[4];
                size_t k = kg_utf8_encode((uint32_t)cp, utf8);
                if (!kg_buf_append(&out, utf8, k)) {
                    kg_buf_free(&out);
                    return NULL;
                }
                i = (size_t)(end - v);
                continue;
            }
        }
        if (!kg_buf_putc(&out, v[i])) {
            kg_buf_free(&out);
            return NULL;
        }
    }
    return out.data ? out.data : strdup("");
}

/* <!ENTITY name "value"> from text[i] (just after "<!ENTITY"). */
static long entity_decl(kg_xml_guard *g, const char *text, size_t len, size_t i)
{
    i = skip_space(text, len, i);
    if (i < len && text[i] == '%')
        return refuse(g, KG_ERR_UNSUPPORTED, "parameter entities are not supported in RDF/XML");
    size_t name = i;
    while (i < len && is_name_char(text[i]))
        i++;
    size_t name_len = i - name;
    i = skip_space(text, len, i);
    if (i >= len)
        return NEED_MORE;
    if (name_len == 0 || name_len > MAX_NAME)
        return refuse(g, KG_ERR_SYNTAX, "malformed entity declaration");
    if (text[i] != '"' && text[i] != '\'')
        return refuse(g, KG_ERR_DENIED,
                      "the external entity &%.*s; is not loaded: RDF/XML may not read files "
                      "or the network",
                      (int)name_len, text + name);
    const char *close = memchr(text + i + 1, text[i], len - i - 1);
    if (!close)
        return NEED_MORE;
    size_t value = i + 1, value_len = (size_t)(close - text) - value;
    if (memchr(text + value, '%', value_len))
        return refuse(g, KG_ERR_UNSUPPORTED, "parameter entities are not supported in RDF/XML");
    bool amp = false;
    long end = skip_decl(text, len, (size_t)(close - text) + 1, &amp);
    if (end < 0)
        return end;
    if (!kg_grow(&g->ents, &g->cap_ents, g->n_ents, sizeof *g->ents, 16))
        return refuse(g, KG_ERR_NOMEM, "out of memory");
    entity *e = &g->ents[g->n_ents];
    e->name = strndup(text + name, name_len);
    e->text = decode_char_refs(text + value, value_len);
    e->size = SIZE_UNKNOWN;
    e->order = g->n_ents;
    if (!e->name || !e->text) {
        free(e->name);
        free(e->text);
        return refuse(g, KG_ERR_NOMEM, "out of memory");
    }
    g->n_ents++;
    return end;
}

/* The internal subset, from just after '['; returns the position after
 * the DOCTYPE's closing '>'. */
static long internal_subset(kg_xml_guard *g, const char *text, size_t len, size_t i)
{
    for (;;) {
        i = skip_space(text, len, i);
        if (i >= len)
            return NEED_MORE;
        long next;
        int m;
        if (text[i] == ']') {
            i = skip_space(text, len, i + 1);
            if (i >= len)
                return NEED_MORE;
            if (text[i] != '>')
                return refuse(g, KG_ERR_SYNTAX, "malformed document type declaration");
            return (long)i + 1;
        } else if (text[i] == '%') {
            return refuse(g, KG_ERR_UNSUPPORTED, "parameter entities are not supported in RDF/XML");
        } else if ((m = starts(text, len, i, "<!--")) != 0) {
            next = m < 0 ? NEED_MORE : skip_past(text, len, i + 4, "-->");
        } else if ((m = starts(text, len, i, "<?")) != 0) {
            next = m < 0 ? NEED_MORE : skip_past(text, len, i + 2, "?>");
        } else if ((m = starts(text, len, i, "<!ENTITY")) != 0) {
            next = m < 0 ? NEED_MORE : entity_decl(g, text, len, i + 8);
        } else if ((m = starts(text, len, i, "<!")) != 0) {
            bool amp = false;
            next = m < 0 ? NEED_MORE : skip_decl(text, len, i + 2, &amp);
            if (next >= 0 && amp)
                return refuse(g, KG_ERR_UNSUPPORTED,
                              "entity references in DTD declarations other than entities are "
                              "not supported in RDF/XML");
        } else {
            return refuse(g, KG_ERR_SYNTAX, "malformed document type declaration");
        }
        if (next < 0)
            return next;
        i = (size_t)next;
    }
}

/* <!DOCTYPE name [external id] [ [internal subset] ] >, from just after
 * "<!DOCTYPE". An external DTD is never fetched (the loader denies it). */
static long doctype(kg_xml_guard *g, const char *text, size_t len, size_t i)
{
    char quote = 0;
    for (; i < len; i++) {
        char c = text[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[') {
            return internal_subset(g, text, len, i + 1);
        } else if (c == '>') {
            return (long)i + 1;
        }
    }
    return NEED_MORE;
}

static bool ascii_compatible(const char *name, size_t n)
{
    static const struct {
        const char *name;
        bool prefix; /* a family: iso-8859-1, iso-8859-15, windows-1252, ... */
    } ok[] = {{"utf-8", false}, {"utf8", false},      {"us-ascii", false},    {"ascii", false},
              {"latin1", false}, {"iso-8859-", true}, {"iso-latin-", true},   {"windows-125", true}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t k = strlen(ok[i].name);
        if (n >= k && strncasecmp(name, ok[i].name, k) == 0 && (ok[i].prefix || n == k))
            return true;
    }
    return false;
}

/* The XML declaration's encoding, if it names one the guard cannot read. */
static long xml_decl(kg_xml_guard *g, const char *text, size_t len, size_t i)
{
    long end = skip_past(text, len, i, "?>");
    if (end < 0)
        return end;
    const char *enc = memmem(text + i, (size_t)end - i, "encoding", 8);
    if (enc) {
        const char *q = enc + 8;
        while (q < text + end && (is_space(*q) || *q == '='))
            q++;
        if (q < text + end && (*q == '"' || *q == '\'')) {
            const char *close = memchr(q + 1, *q, (size_t)(text + end - q - 1));
            if (close && !ascii_compatible(q + 1, (size_t)(close - q - 1)))
                return refuse(g, KG_ERR_UNSUPPORTED,
                              "the RDF/XML encoding \"%.*s\" is not supported (use UTF-8)",
                              (int)(close - q - 1 < 40 ? close - q - 1 : 40), q + 1);
        }
    }
    return end;
}

/* Where the root element starts, NEED_MORE or FAILED. */
static long read_prolog(kg_xml_guard *g, const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    if (len < 4)
        return NEED_MORE;
    if (u[0] == 0 || u[1] == 0 || (u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe))
        return refuse(g, KG_ERR_UNSUPPORTED, "UTF-16 and UTF-32 RDF/XML are not supported (use UTF-8)");
    size_t i = u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf ? 3 : 0;
    for (;;) {
        i = skip_space(text, len, i);
        if (i >= len)
            return NEED_MORE;
        long next;
        int m;
        if ((m = starts(text, len, i, "<?xml")) != 0)
            next = m < 0 ? NEED_MORE : xml_decl(g, text, len, i + 5);
        else if ((m = starts(text, len, i, "<?")) != 0)
            next = m < 0 ? NEED_MORE : skip_past(text, len, i + 2, "?>");
        else if ((m = starts(text, len, i, "<!--")) != 0)
            next = m < 0 ? NEED_MORE : skip_past(text, len, i + 4, "-->");
        else if ((m = starts(text, len, i, "<!DOCTYPE")) != 0)
            next = m < 0 ? NEED_MORE : doctype(g, text, len, i + 9);
        else if (len - i < 2)
            return NEED_MORE;
        else
            return (long)i; /* the root element, or text libxml2 will reject */
        if (next < 0)
            return next;
        i = (size_t)next;
    }
}

static int entity_cmp(const void *a, const void *b)
{
    return strcmp(((const entity *)a)->name, ((const entity *)b)->name);
}

static int entity_order_cmp(const void *a, const void *b)
{
    const entity *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static entity *find_entity(kg_xml_guard *g, const char *name)
{
    if (g->n_ents == 0)
        return NULL;
    entity key = {(char *)name, NULL, 0, 0};
    return bsearch(&key, g->ents, g->n_ents, sizeof *g->ents, entity_cmp);
}

static uint64_t saturating_add(uint64_t a, uint64_t b)
{
    return a + b > SIZE_HUGE || a + b < a ? SIZE_HUGE : a + b;
}

/* Computes the number of bytes an entity expands to; false on a cycle. */
static bool entity_size(kg_xml_guard *g, entity *e, int depth)
{
    if (e->size == SIZE_PENDING || depth > 64) {
        refuse(g, KG_ERR_SYNTAX, "the entity &%.*s; refers to itself or nests too deeply",
               MAX_NAME, e->name);
        return false;
    }
    if (e->size != SIZE_UNKNOWN)
        return true;
    e->size = SIZE_PENDING;
    uint64_t size = 0;
    for (const char *p = e->text; *p; p++) {
        const char *semi = *p == '&' ? strchr(p + 1, ';') : NULL;
        if (semi && p[1] != '#' && semi - p - 1 <= MAX_NAME) {
            char name[MAX_NAME + 1];
            memcpy(name, p + 1, (size_t)(semi - p - 1));
            name[semi - p - 1] = '\0';
            entity *ref = find_entity(g, name);
            if (ref) {
                if (!entity_size(g, ref, depth + 1))
                    return false;
                size = saturating_add(size, ref->size);
                p = semi;
                continue;
            }
        }
        size = saturating_add(size, 1);
    }
    e->size = size;
    return true;
}

static bool finish_prolog(kg_xml_guard *g)
{
    if (g->n_ents == 0)
        return true;
    qsort(g->ents, g->n_ents, sizeof *g->ents, entity_order_cmp);
    size_t w = 0;
    for (size_t i = 0; i < g->n_ents; i++) {
        if (w > 0 && strcmp(g->ents[w - 1].name, g->ents[i].name) == 0) {
            free(g->ents[i].name);
            free(g->ents[i].text);
        } else {
            g->ents[w++] = g->ents[i];
        }
    }
    g->n_ents = w;
    for (size_t i = 0; i < g->n_ents; i++)
        if (!entity_size(g, &g->ents[i], 0))
            return false;
    return true;
}

/* Follows the markup one byte at a time and counts the element depth. */
static bool track_depth(kg_xml_guard *g, char c)
{
    bool ends2 = g->last[1] == g->last[0]; /* "--" or "]]" before c */
    switch (g->markup) {
    case M_TEXT:
        if (c == '<')
            g->markup = M_LT;
        break;
    case M_LT:
        g->markup = c == '/' ? M_END : c == '!' ? M_BANG : c == '?' ? M_PI : M_START;
        if (g->markup == M_START && ++g->depth > KG_XML_MAX_DEPTH) {
            refuse(g, KG_ERR_LIMIT, "elements nested deeper than %d levels", KG_XML_MAX_DEPTH);
            return false;
        }
        break;
    case M_BANG:
        g->markup = c == '-' ? M_COMMENT : c == '[' ? M_CDATA : M_DECL;
        break;
    case M_START:
        if (g->quote)
            g->quote = c == g->quote ? 0 : g->quote;
        else if (c == '"' || c == '\'')
            g->quote = c;
        else if (c == '>') {
            g->depth -= g->last[1] == '/' && g->depth; /* <empty/> */
            g->markup = M_TEXT;
        }
        break;
    case M_END:
        if (c == '>') {
            g->depth -= g->depth > 0;
            g->markup = M_TEXT;
        }
        break;
    case M_COMMENT:
    case M_CDATA:
        if (c == '>' && ends2 && g->last[1] == (g->markup == M_COMMENT ? '-' : ']'))
            g->markup = M_TEXT;
        break;
    case M_PI:
        if (c == '>' && g->last[1] == '?')
            g->markup = M_TEXT;
        break;
    case M_DECL:
        if (c == '>')
            g->markup = M_TEXT;
        break;
    }
    g->last[0] = g->last[1];
    g->last[1] = c;
    return true;
}

/* Counts the entity references and the element depth in a stretch of the
 * body. */
static bool scan_body(kg_xml_guard *g, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!track_depth(g, c))
            return false;
        if (!g->in_ref) {
            g->in_ref = c == '&';
            g->ref_len = 0;
            continue;
        }
        if (c == ';') {
            g->ref[g->ref_len] = '\0';
            entity *e = g->ref_len ? find_entity(g, g->ref) : NULL;
            if (e) {
                g->expanded = saturating_add(g->expanded, e->size);
                uint64_t budget = KG_XML_ENTITY_BUDGET + 8 * g->scanned;
                if (g->expanded > budget) {
                    refuse(g, KG_ERR_LIMIT,
                           "entity references expand to more than %llu bytes; the document is "
                           "refused (an entity expansion attack?)",
                           (unsigned long long)budget);
                    return false;
                }
            }
            g->in_ref = false;
        } else if (is_name_char(c) && g->ref_len < MAX_NAME) {
            g->ref[g->ref_len++] = c;
        } else {
            g->in_ref = c == '&';
            g->ref_len = 0;
        }
    }
    return true;
}

kg_status kg_xml_guard_scan(kg_xml_guard *g, const void *buf, size_t n, char *msg,
                            size_t msg_size)
{
    const char *p = buf;
    g->scanned += n;
    if (g->phase == PROLOG) {
        if (g->prolog.len + n > KG_XML_MAX_PROLOG) {
            refuse(g, KG_ERR_LIMIT, "the RDF/XML prolog (DOCTYPE) is larger than %zu bytes",
                   KG_XML_MAX_PROLOG);
        } else if (!kg_buf_append(&g->prolog, p, n)) {
            refuse(g, KG_ERR_NOMEM, "out of memory");
        } else {
            free_entities(g); /* the prolog is read again from its start */
            long body = read_prolog(g, g->prolog.data, g->prolog.len);
            if (body >= 0 && finish_prolog(g)) {
                g->phase = BODY;
                scan_body(g, g->prolog.data + body, g->prolog.len - (size_t)body);
                kg_buf_free(&g->prolog);
            }
        }
    } else if (g->phase == BODY) {
        scan_body(g, p, n);
    }
    if (g->phase != REFUSED)
        return KG_OK;
    snprintf(msg, msg_size, "%s", g->message);
    return g->status;
}
