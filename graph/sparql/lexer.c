/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/lexer.c - the SPARQL 1.1 tokenizer: character classes of section
 * 19.8, escape processing, and byte offset to line/column conversion. */
#include "sparql/lexer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

void kg_lexer_init(kg_lexer *lx, const char *text, size_t len, kg_arena *arena)
{
    memset(lx, 0, sizeof *lx);
    lx->text = text;
    lx->len = len;
    lx->arena = arena;
    lx->cache_line = 1;
    lx->cache_column = 1;
}

/* ------------------------------------------------------------- UTF-8 */

bool kg_lexer_check_utf8(const char *s, size_t len, size_t *bad)
{
    return kg_utf8_check(s, len, bad);
}

void kg_lexer_position(kg_lexer *lx, size_t offset, unsigned long *line, unsigned long *column)
{
    if (offset > lx->len)
        offset = lx->len;
    if (offset < lx->cache_offset) {
        lx->cache_offset = 0;
        lx->cache_line = 1;
        lx->cache_column = 1;
    }
    const unsigned char *u = (const unsigned char *)lx->text;
    for (size_t i = lx->cache_offset; i < offset; i++) {
        if (u[i] == '\n') {
            lx->cache_line++;
            lx->cache_column = 1;
        } else if ((u[i] & 0xC0) != 0x80) {
            lx->cache_column++;
        }
    }
    lx->cache_offset = offset;
    *line = lx->cache_line;
    *column = lx->cache_column;
}

/* ------------------------------------------------- character classes */

static bool pn_chars_base(unsigned long c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
           (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
           (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
           (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
           (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static bool pn_chars_u(unsigned long c)
{
    return pn_chars_base(c) || c == '_';
}

/* The characters VARNAME allows after its first one. */
static bool varname_char(unsigned long c)
{
    return pn_chars_u(c) || (c >= '0' && c <= '9') || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x203F && c <= 0x2040);
}

static bool pn_chars(unsigned long c)
{
    return varname_char(c) || c == '-';
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The code point at i, or 0 past the end (NUL is never a name char). */
static unsigned long peek_cp(const kg_lexer *lx, size_t i, size_t *n)
{
    if (i >= lx->len) {
        *n = 0;
        return 0;
    }
    uint32_t cp;
    *n = kg_utf8_decode(lx->text + i, lx->len - i, &cp);
    return cp;
}

static int byte_at(const kg_lexer *lx, size_t i)
{
    return i < lx->len ? (unsigned char)lx->text[i] : -1;
}

static bool fail(kg_lexer *lx, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(kg_lexer *lx, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lx->error, sizeof lx->error, fmt, ap);
    va_end(ap);
    lx->error_offset = offset;
    return false;
}

static bool nomem(kg_lexer *lx)
{
    snprintf(lx->error, sizeof lx->error, "out of memory");
    lx->error_offset = SIZE_MAX;
    return false;
}

/* Skips whitespace and comments. */
static void skip_space(kg_lexer *lx)
{
    while (lx->pos < lx->len) {
        char c = lx->text[lx->pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            lx->pos++;
        } else if (c == '#') {
            while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
                lx->pos++;
        } else {
            break;
        }
    }
}

/* Reads \uXXXX or \UXXXXXXXX at i (which holds the backslash); *cp gets the
 * code point and the return is the length, or 0 when malformed (the error
 * is set). */
static size_t read_uchar(kg_lexer *lx, size_t i, unsigned long *cp)
{
    int kind = byte_at(lx, i + 1);
    size_t digits = kind == 'u' ? 4 : 8;
    unsigned long v = 0;
    for (size_t k = 0; k < digits; k++) {
        int h = byte_at(lx, i + 2 + k);
        if (h < 0 || !is_hex(h)) {
            fail(lx, i, "bad escape: \\%c needs %zu hexadecimal digits", kind, digits);
            return 0;
        }
        v = v * 16 + (unsigned long)(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        fail(lx, i, "bad escape: U+%04lX is not a character", v);
        return 0;
    }
    *cp = v;
    return 2 + digits;
}

/* ------------------------------------------------------------- tokens */

/* The token is text[first, end) of kind; lexing goes on at next. */
static bool token(kg_lexer *lx, kg_token *tok, kg_tok kind, size_t first, size_t end, size_t next)
{
    tok->kind = kind;
    tok->val = lx->text + first;
    tok->val_len = end - first;
    lx->pos = next;
    return true;
}

static bool lex_iri(kg_lexer *lx, kg_token *tok, bool *is_iri)
{
    /* '<' starts an IRI only if an IRIREF follows; otherwise it is less-than
     * (the grammar's longest-match rule). Scan first, copy if escaped. */
    size_t i = lx->pos + 1;
    bool escaped = false;
    *is_iri = false;
    for (;;) {
        int c = byte_at(lx, i);
        if (c < 0)
            return true;
        if (c == '>')
            break;
        if (c <= 0x20 || strchr("<\"{}|^`", c))
            return true;
        if (c == '\\') {
            int k = byte_at(lx, i + 1);
            if (k != 'u' && k != 'U')
                return true;
            unsigned long cp;
            size_t n = read_uchar(lx, i, &cp);
            if (!n)
                return false;
            escaped = true;
            i += n;
            continue;
        }
        i++;
    }
    *is_iri = true;
    tok->kind = KG_TOK_IRI;
    tok->val = lx->text + lx->pos + 1;
    tok->val_len = i - lx->pos - 1;
    if (escaped) {
        char *out = kg_arena_alloc(lx->arena, tok->val_len + 1);
        if (!out)
            return nomem(lx);
        size_t o = 0;
        for (size_t j = lx->pos + 1; j < i;) {
            unsigned long cp;
            if (lx->text[j] == '\\') {
                j += read_uchar(lx, j, &cp);
                /* An escape must not smuggle in a character IRIREF forbids. */
                if (cp <= 0x20 || (cp < 0x80 && strchr("<>\"{}|^`\\", (int)cp)))
                    return fail(lx, lx->pos, "bad IRI: escaped character U+%04lX is not allowed in an IRI", cp);
                o += kg_utf8_encode((uint32_t)cp, out + o);
            } else {
                out[o++] = lx->text[j++];
            }
        }
        tok->val = out;
        tok->val_len = o;
    }
    lx->pos = i + 1;
    return true;
}

static bool lex_string(kg_lexer *lx, kg_token *tok)
{
    size_t start = lx->pos;
    char q = lx->text[start];
    bool lng = byte_at(lx, start + 1) == q && byte_at(lx, start + 2) == q;
    size_t i = start + (lng ? 3 : 1);
    /* Upper bound: escapes only shrink the text. */
    char *out = NULL;
    size_t o = 0;
    size_t body = i;
    bool escaped = false;
    for (;;) {
        int c = byte_at(lx, i);
        if (c < 0)
            return fail(lx, start, "unterminated string");
        if (c == q) {
            if (!lng)
                break;
            if (byte_at(lx, i + 1) == q && byte_at(lx, i + 2) == q) {
                /* '''a'''' ends at the last three quotes: a quote just before
                 * the closing ones belongs to the content. */
                while (byte_at(lx, i + 3) == q)
                    i++;
                break;
            }
        } else if (!lng && (c == '\n' || c == '\r')) {
            return fail(lx, start, "unterminated string: a line break needs a \"\"\"long string\"\"\"");
        } else if (c == '\\') {
            escaped = true;
            int e = byte_at(lx, i + 1);
            if (e == 'u' || e == 'U') {
                unsigned long cp;
                size_t n = read_uchar(lx, i, &cp);
                if (!n)
                    return false;
                i += n;
                continue;
            }
            if (e < 0 || !strchr("tbnrf\"'\\", e))
                return fail(lx, i, "bad escape in string: \\%c", e < 0 ? ' ' : e);
            i += 2;
            continue;
        }
        i++;
    }
    token(lx, tok, KG_TOK_STRING, body, i, i + (lng ? 3 : 1));
    if (!escaped)
        return true;
    out = kg_arena_alloc(lx->arena, tok->val_len + 1);
    if (!out)
        return nomem(lx);
    for (size_t j = body; j < i;) {
        if (lx->text[j] != '\\') {
            out[o++] = lx->text[j++];
            continue;
        }
        char e = lx->text[j + 1];
        if (e == 'u' || e == 'U') {
            unsigned long cp;
            j += read_uchar(lx, j, &cp);
            o += kg_utf8_encode((uint32_t)cp, out + o);
            continue;
        }
        static const char from[] = "tbnrf\"'\\", to[] = "\t\b\n\r\f\"'\\";
        out[o++] = to[strchr(from, e) - from];
        j += 2;
    }
    tok->val = out;
    tok->val_len = o;
    return true;
}

/* Scans a run of name characters starting at i, where ok says which code
 * points continue it and '.' is allowed inside but not at the end. Returns
 * the end offset. */
static size_t scan_dotted(const kg_lexer *lx, size_t i, bool (*ok)(unsigned long))
{
    size_t last_good = i;
    for (;;) {
        size_t n;
        unsigned long c = peek_cp(lx, i, &n);
        if (n == 0)
            break;
        if (c == '.') {
            i += n;
            continue;
        }
        if (!ok(c))
            break;
        i += n;
        last_good = i;
    }
    return last_good;
}

/* PN_LOCAL from i (after the colon): name characters, ':', '.', %XX and
 * backslash escapes; processed into the token's value. */
static bool lex_local(kg_lexer *lx, size_t i, kg_token *tok)
{
    size_t start = i, last_good = i;
    bool escaped = false, first = true;
    for (;;) {
        size_t n;
        unsigned long c = peek_cp(lx, i, &n);
        if (n == 0)
            break;
        if (c == '%') {
            if (!is_hex(byte_at(lx, i + 1)) || !is_hex(byte_at(lx, i + 2)))
                return fail(lx, i, "bad prefixed name: '%%' must be followed by two hexadecimal digits");
            i += 3;
        } else if (c == '\\') {
            int e = byte_at(lx, i + 1);
            if (e < 0 || !strchr("_~.-!$&'()*+,;=/?#@%", e))
                return fail(lx, i, "bad escape in prefixed name: \\%c", e < 0 ? ' ' : e);
            escaped = true;
            i += 2;
        } else if (c == '.' && !first) {
            i += n;
            continue;
        } else if (first ? (c == ':' || pn_chars_u(c) || (c >= '0' && c <= '9'))
                         : (c == ':' || pn_chars(c))) {
            i += n;
        } else {
            break;
        }
        first = false;
        last_good = i;
    }
    token(lx, tok, last_good > start ? KG_TOK_PNAME_LN : KG_TOK_PNAME_NS, start, last_good, last_good);
    if (!escaped)
        return true;
    char *out = kg_arena_alloc(lx->arena, tok->val_len + 1);
    if (!out)
        return nomem(lx);
    size_t o = 0;
    for (size_t j = start; j < last_good; j++) {
        if (lx->text[j] == '\\')
            j++;
        out[o++] = lx->text[j];
    }
    tok->val = out;
    tok->val_len = o;
    return true;
}

static bool lex_name(kg_lexer *lx, kg_token *tok)
{
    /* A PN_PREFIX followed by ':' is a prefixed name; otherwise the leading
     * [A-Za-z0-9_] run is a keyword. */
    size_t start = lx->pos, n;
    unsigned long c = peek_cp(lx, start, &n);
    size_t end = c == ':' ? start : scan_dotted(lx, start + n, pn_chars);
    if (byte_at(lx, end) == ':') {
        tok->prefix_len = end - start;
        return lex_local(lx, end + 1, tok);
    }
    size_t i = start;
    while (i < lx->len && (is_alpha(lx->text[i]) || is_digit(lx->text[i]) || lx->text[i] == '_'))
        i++;
    if (i == start)
        return fail(lx, start, "unexpected character '%.*s'", (int)n, lx->text + start);
    return token(lx, tok, KG_TOK_WORD, start, i, i);
}

static bool lex_number(kg_lexer *lx, kg_token *tok)
{
    size_t start = lx->pos, i = start;
    if (lx->text[i] == '+' || lx->text[i] == '-')
        i++;
    size_t int_digits = 0, frac_digits = 0;
    while (is_digit(byte_at(lx, i)))
        i++, int_digits++;
    kg_tok kind = KG_TOK_INTEGER;
    size_t before_dot = i;
    if (byte_at(lx, i) == '.') {
        size_t j = i + 1;
        while (is_digit(byte_at(lx, j)))
            j++, frac_digits++;
        int e = byte_at(lx, j);
        if (frac_digits > 0 || ((e == 'e' || e == 'E') && int_digits > 0)) {
            kind = KG_TOK_DECIMAL;
            i = j;
        }
    }
    int e = byte_at(lx, i);
    if (e == 'e' || e == 'E') {
        size_t j = i + 1;
        if (byte_at(lx, j) == '+' || byte_at(lx, j) == '-')
            j++;
        if (is_digit(byte_at(lx, j))) {
            while (is_digit(byte_at(lx, j)))
                j++;
            kind = KG_TOK_DOUBLE;
            i = j;
        } else if (kind == KG_TOK_DECIMAL && frac_digits == 0) {
            i = before_dot; /* "1.e" is the integer 1, a dot and a word */
            kind = KG_TOK_INTEGER;
        }
    }
    return token(lx, tok, kind, start, i, i);
}

static bool lex_var(kg_lexer *lx, kg_token *tok)
{
    size_t start = lx->pos, i = start + 1, n;
    unsigned long c = peek_cp(lx, i, &n);
    if (n == 0 || !(pn_chars_u(c) || (c >= '0' && c <= '9'))) {
        if (lx->text[start] == '?') {
            tok->kind = KG_TOK_QUESTION;
            lx->pos = start + 1;
            return true;
        }
        return fail(lx, start, "expected a variable name after '$'");
    }
    while (n && varname_char(c)) {
        i += n;
        c = peek_cp(lx, i, &n);
    }
    return token(lx, tok, KG_TOK_VAR, start + 1, i, i);
}

static bool lex_bnode(kg_lexer *lx, kg_token *tok)
{
    size_t start = lx->pos, i = start + 2, n;
    unsigned long c = peek_cp(lx, i, &n);
    if (n == 0 || !(pn_chars_u(c) || (c >= '0' && c <= '9')))
        return fail(lx, start, "expected a blank node label after '_:'");
    size_t end = scan_dotted(lx, i + n, pn_chars);
    return token(lx, tok, KG_TOK_BNODE, i, end, end);
}

static bool lex_langtag(kg_lexer *lx, kg_token *tok)
{
    size_t start = lx->pos, i = start + 1;
    if (!is_alpha(byte_at(lx, i)))
        return fail(lx, start, "expected a language tag after '@'");
    while (is_alpha(byte_at(lx, i)))
        i++;
    while (byte_at(lx, i) == '-' && (is_alpha(byte_at(lx, i + 1)) || is_digit(byte_at(lx, i + 1)))) {
        i++;
        while (is_alpha(byte_at(lx, i)) || is_digit(byte_at(lx, i)))
            i++;
    }
    tok->kind = KG_TOK_LANGTAG;
    tok->val = lx->text + start + 1;
    tok->val_len = i - start - 1;
    lx->pos = i;
    return true;
}

/* '(' or '[' possibly closed after only whitespace: NIL or ANON. */
static void lex_open(kg_lexer *lx, kg_token *tok, char close, kg_tok empty, kg_tok open)
{
    size_t i = lx->pos + 1;
    while (i < lx->len && strchr(" \t\r\n", lx->text[i]))
        i++;
    if (byte_at(lx, i) == close) {
        tok->kind = empty;
        lx->pos = i + 1;
    } else {
        tok->kind = open;
        lx->pos++;
    }
}

static bool lex_punct(kg_lexer *lx, kg_token *tok)
{
    static const struct {
        const char *text;
        kg_tok kind;
    } puncts[] = {
        {"^^", KG_TOK_DCARET}, {"!=", KG_TOK_NE}, {"<=", KG_TOK_LE}, {">=", KG_TOK_GE},
        {"&&", KG_TOK_AND},    {"||", KG_TOK_OR}, {"{", KG_TOK_LBRACE}, {"}", KG_TOK_RBRACE},
        {")", KG_TOK_RPAREN},  {"]", KG_TOK_RBRACKET}, {".", KG_TOK_DOT}, {",", KG_TOK_COMMA},
        {";", KG_TOK_SEMI},    {"*", KG_TOK_STAR}, {"/", KG_TOK_SLASH}, {"|", KG_TOK_PIPE},
        {"^", KG_TOK_CARET},   {"!", KG_TOK_BANG}, {"=", KG_TOK_EQ}, {"<", KG_TOK_LT},
        {">", KG_TOK_GT},      {"+", KG_TOK_PLUS}, {"-", KG_TOK_MINUS},
    };
    for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++) {
        size_t n = strlen(puncts[k].text);
        if (lx->len - lx->pos >= n && memcmp(lx->text + lx->pos, puncts[k].text, n) == 0) {
            tok->kind = puncts[k].kind;
            lx->pos += n;
            return true;
        }
    }
    size_t n;
    peek_cp(lx, lx->pos, &n);
    return fail(lx, lx->pos, "unexpected character '%.*s'", (int)n, lx->text + lx->pos);
}

bool kg_lexer_next(kg_lexer *lx, kg_token *tok)
{
    skip_space(lx);
    memset(tok, 0, sizeof *tok);
    tok->offset = lx->pos;
    kg_lexer_position(lx, tok->offset, &tok->line, &tok->column);
    bool ok = true;
    if (lx->pos >= lx->len) {
        tok->kind = KG_TOK_EOF;
        tok->end = lx->pos;
        return true;
    }
    int c = (unsigned char)lx->text[lx->pos];
    int c1 = byte_at(lx, lx->pos + 1);
    size_t n;
    unsigned long cp = peek_cp(lx, lx->pos, &n);
    if (c == '<') {
        bool is_iri;
        ok = lex_iri(lx, tok, &is_iri);
        if (ok && !is_iri)
            ok = lex_punct(lx, tok);
    } else if (c == '"' || c == '\'') {
        ok = lex_string(lx, tok);
    } else if (c == '?' || c == '$') {
        ok = lex_var(lx, tok);
    } else if (c == '_' && c1 == ':') {
        ok = lex_bnode(lx, tok);
    } else if (c == '@') {
        ok = lex_langtag(lx, tok);
    } else if (is_digit(c) || (c == '.' && is_digit(c1)) ||
               ((c == '+' || c == '-') &&
                (is_digit(c1) || (c1 == '.' && is_digit(byte_at(lx, lx->pos + 2)))))) {
        ok = lex_number(lx, tok);
    } else if (c == ':' || pn_chars_base(cp)) {
        ok = lex_name(lx, tok);
    } else if (c == '(') {
        lex_open(lx, tok, ')', KG_TOK_NIL, KG_TOK_LPAREN);
    } else if (c == '[') {
        lex_open(lx, tok, ']', KG_TOK_ANON, KG_TOK_LBRACKET);
    } else {
        ok = lex_punct(lx, tok);
    }
    tok->end = lx->pos;
    return ok;
}
