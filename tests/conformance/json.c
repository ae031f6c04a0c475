/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/json.c - the strict JSON parser of json.h: recursive
 * descent over the text, values built in the caller's arena. Arrays and
 * objects collect their items in a temporary buffer first, since their size
 * is known only at the closing bracket. */
#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

typedef struct parser {
    const char *s;
    size_t len, pos;
    unsigned long line;
    size_t line_start;
    unsigned depth;
    kg_arena *arena;
    kg_error *err;
    kg_status status; /* the first failure */
} parser;

static bool fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(parser *p, const char *fmt, ...)
{
    if (p->status != KG_OK)
        return false;
    p->status = KG_ERR_SYNTAX;
    if (p->err) {
        memset(p->err, 0, sizeof *p->err);
        p->err->status = KG_ERR_SYNTAX;
        p->err->line = p->line;
        p->err->column = p->pos - p->line_start + 1;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool nomem(parser *p)
{
    if (p->status == KG_OK) {
        p->status = KG_ERR_NOMEM;
        if (p->err) {
            memset(p->err, 0, sizeof *p->err);
            p->err->status = KG_ERR_NOMEM;
            snprintf(p->err->message, sizeof p->err->message, "out of memory");
        }
    }
    return false;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '\n') {
            p->line++;
            p->line_start = p->pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        p->pos++;
    }
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static bool literal_word(parser *p, const char *word, cf_json_type type, cf_json *out)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return fail(p, "unexpected character '%c'", p->s[p->pos]);
    p->pos += n;
    out->type = type;
    return true;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool digits(parser *p, const char *what)
{
    if (!is_digit(peek(p)))
        return fail(p, "expected a digit in the %s of a number", what);
    while (is_digit(peek(p)))
        p->pos++;
    return true;
}

static bool number(parser *p, cf_json *out)
{
    size_t start = p->pos;
    if (peek(p) == '-')
        p->pos++;
    if (peek(p) == '0') {
        p->pos++;
        if (is_digit(peek(p)))
            return fail(p, "a number must not have leading zeros");
    } else if (!digits(p, "integer part")) {
        return false;
    }
    if (peek(p) == '.') {
        p->pos++;
        if (!digits(p, "fraction"))
            return false;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-')
            p->pos++;
        if (!digits(p, "exponent"))
            return false;
    }
    out->type = CF_JSON_NUMBER;
    out->len = p->pos - start;
    out->str = kg_arena_strndup(p->arena, p->s + start, out->len);
    return out->str ? true : nomem(p);
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads the four hex digits after "\u". */
static bool hex4(parser *p, uint32_t *out)
{
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int v = hex_value(peek(p));
        if (v < 0)
            return fail(p, "expected four hex digits after \\u");
        *out = *out * 16 + (uint32_t)v;
        p->pos++;
    }
    return true;
}

/* An escape after the backslash, appended to b as UTF-8. */
static bool escape(parser *p, kg_buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    int c = peek(p);
    const char *hit = c > 0 ? strchr(from, c) : NULL;
    if (hit) {
        p->pos++;
        return kg_buf_putc(b, to[hit - from]) ? true : nomem(p);
    }
    if (c != 'u')
        return fail(p, "invalid escape '\\%c'", c > 0 ? c : '?');
    p->pos++;
    uint32_t cp;
    if (!hex4(p, &cp))
        return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(p, "a low surrogate without a high surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t low;
        if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u')
            return fail(p, "a high surrogate must be followed by \\u and a low surrogate");
        p->pos += 2;
        if (!hex4(p, &low))
            return false;
        if (low < 0xDC00 || low > 0xDFFF)
            return fail(p, "a high surrogate must be followed by a low surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    char enc[4];
    return kg_buf_append(b, enc, kg_utf8_encode(cp, enc)) ? true : nomem(p);
}

/* A string starting at the opening quote; the decoded text goes to the
 * arena. */
static bool string(parser *p, const char **out, size_t *out_len)
{
    kg_buf b = KG_BUF_INIT;
    bool ok = true;
    p->pos++;
    for (;;) {
        int c = peek(p);
        if (c < 0) {
            ok = fail(p, "unterminated string");
            break;
        }
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20) {
            ok = fail(p, "control character U+%04X must be escaped in a string", (unsigned)c);
            break;
        }
        if (c == '\\') {
            p->pos++;
            if (!(ok = escape(p, &b)))
                break;
            continue;
        }
        uint32_t cp;
        size_t n = kg_utf8_decode(p->s + p->pos, p->len - p->pos, &cp);
        if (cp == 0xFFFD && n == 1) {
            ok = fail(p, "invalid UTF-8 in a string");
            break;
        }
        if (!(ok = kg_buf_append(&b, p->s + p->pos, n) ? true : nomem(p)))
            break;
        p->pos += n;
    }
    if (ok) {
        *out_len = b.len;
        *out = kg_arena_strndup(p->arena, b.len ? b.data : "", b.len);
        ok = *out ? true : nomem(p);
    }
    kg_buf_free(&b);
    return ok;
}

static bool value(parser *p, cf_json *out);

/* Copies the collected items into the arena. */
static void *finish_items(parser *p, kg_buf *items)
{
    if (!items->len)
        return NULL;
    void *copy = kg_arena_alloc(p->arena, items->len);
    if (!copy) {
        nomem(p);
        return NULL;
    }
    memcpy(copy, items->data, items->len);
    return copy;
}

/* After an item of an array or object: true with *more set when a comma or
 * the closing bracket follows. */
static bool separator(parser *p, char close, bool *more)
{
    skip_ws(p);
    int c = peek(p);
    if (c == ',') {
        p->pos++;
        skip_ws(p);
        if (peek(p) == close)
            return fail(p, "trailing comma before '%c'", close);
        *more = true;
        return true;
    }
    if (c == close) {
        p->pos++;
        *more = false;
        return true;
    }
    return fail(p, "expected ',' or '%c'", close);
}

static bool array(parser *p, cf_json *out)
{
    kg_buf items = KG_BUF_INIT;
    bool ok = true, more = true;
    p->pos++;
    skip_ws(p);
    if (peek(p) == ']') {
        p->pos++;
        more = false;
    }
    while (ok && more) {
        cf_json item = {0};
        ok = value(p, &item) && (kg_buf_append(&items, &item, sizeof item) ? true : nomem(p)) &&
             separator(p, ']', &more);
    }
    out->type = CF_JSON_ARRAY;
    out->count = items.len / sizeof(cf_json);
    if (ok)
        out->items = finish_items(p, &items);
    kg_buf_free(&items);
    return ok && p->status == KG_OK;
}

static bool has_key(const kg_buf *members, const char *key, size_t key_len)
{
    const cf_json_member *m = (const cf_json_member *)members->data;
    for (size_t i = 0; i < members->len / sizeof *m; i++)
        if (m[i].key_len == key_len && memcmp(m[i].key, key, key_len) == 0)
            return true;
    return false;
}

static bool object(parser *p, cf_json *out)
{
    kg_buf members = KG_BUF_INIT;
    bool ok = true, more = true;
    p->pos++;
    skip_ws(p);
    if (peek(p) == '}') {
        p->pos++;
        more = false;
    }
    while (ok && more) {
        cf_json_member m = {0};
        if (peek(p) != '"') {
            ok = fail(p, "expected a string as object key");
            break;
        }
        size_t key_pos = p->pos;
        if (!(ok = string(p, &m.key, &m.key_len)))
            break;
        if (has_key(&members, m.key, m.key_len)) {
            p->pos = key_pos;
            ok = fail(p, "duplicate key \"%s\"", m.key);
            break;
        }
        skip_ws(p);
        if (peek(p) != ':') {
            ok = fail(p, "expected ':' after an object key");
            break;
        }
        p->pos++;
        ok = value(p, &m.value) && (kg_buf_append(&members, &m, sizeof m) ? true : nomem(p)) &&
             separator(p, '}', &more);
    }
    out->type = CF_JSON_OBJECT;
    out->count = members.len / sizeof(cf_json_member);
    if (ok)
        out->members = finish_items(p, &members);
    kg_buf_free(&members);
    return ok && p->status == KG_OK;
}

static bool value(parser *p, cf_json *out)
{
    skip_ws(p);
    int c = peek(p);
    if (c < 0)
        return fail(p, "unexpected end of input, expected a value");
    if (c == '{' || c == '[') {
        if (++p->depth > CF_JSON_MAX_DEPTH)
            return fail(p, "nesting deeper than %d levels", CF_JSON_MAX_DEPTH);
        bool ok = c == '{' ? object(p, out) : array(p, out);
        p->depth--;
        return ok;
    }
    if (c == '"') {
        out->type = CF_JSON_STRING;
        return string(p, &out->str, &out->len);
    }
    if (c == '-' || is_digit(c))
        return number(p, out);
    if (c == 't')
        return literal_word(p, "true", CF_JSON_TRUE, out);
    if (c == 'f')
        return literal_word(p, "false", CF_JSON_FALSE, out);
    if (c == 'n')
        return literal_word(p, "null", CF_JSON_NULL, out);
    return fail(p, "unexpected character '%c'", c);
}

kg_status cf_json_parse(const char *text, size_t len, kg_arena *arena, cf_json **out,
                        kg_error *err)
{
    parser p = {.s = text, .len = len, .line = 1, .arena = arena, .err = err};
    *out = NULL;
    cf_json *root = kg_arena_alloc(arena, sizeof *root);
    if (!root) {
        nomem(&p);
        return p.status;
    }
    memset(root, 0, sizeof *root);
    if (value(&p, root)) {
        skip_ws(&p);
        if (p.pos < p.len)
            fail(&p, "unexpected text after the JSON value");
    }
    if (p.status == KG_OK)
        *out = root;
    return p.status;
}

const cf_json *cf_json_get(const cf_json *v, const char *key)
{
    if (!v || v->type != CF_JSON_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < v->count; i++)
        if (v->members[i].key_len == n && memcmp(v->members[i].key, key, n) == 0)
            return &v->members[i].value;
    return NULL;
}
