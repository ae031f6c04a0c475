/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/tokens.c - the tokenizer behind mentions, cues and relation
 * patterns (see tokens.h for the token rules). Linear in the input. */
#include "ingest/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "kg/grow.h"
#include "util/utf8.h"

bool kgi_cp_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool kgi_cp_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp >= 0xFFF0)
        return false;
    return !kgi_cp_is_space(cp);
}

bool kgi_cp_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    char in[4], out[16];
    size_t n = kg_utf8_encode(cp, in);
    size_t m = kg_utf8_lower(in, n, out);
    return m != n || memcmp(in, out, n) != 0;
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static bool is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

static bool push(kgi_tokens *t, size_t start, size_t end, uint8_t kind, uint8_t flags)
{
    if (!kg_grow(&t->items, &t->cap, t->n, sizeof *t->items, 64))
        return false;
    t->items[t->n++] = (kgi_token){start, end, NULL, kind, flags};
    return true;
}

/* Whether the word ending at byte end ends in "s" or "S". */
static bool ends_in_s(const char *text, size_t end)
{
    return end && (text[end - 1] == 's' || text[end - 1] == 'S');
}

/* The lowercase form; punctuation gets its ASCII look-alike. */
static const char *lower_form(const char *s, size_t len, uint8_t kind, kg_arena *arena)
{
    if (kind == KGI_TOK_POSS)
        return "'s";
    if (kind == KGI_TOK_PUNCT) {
        uint32_t cp;
        kg_utf8_decode(s, len, &cp);
        switch (cp) {
        case 0x2018:
        case 0x2019:
            return "'";
        case 0x201C:
        case 0x201D:
            return "\"";
        case 0x2010:
        case 0x2011:
            return "-";
        default:
            break;
        }
    }
    char *out = kg_arena_alloc(arena, len * 4 + 1);
    if (!out)
        return "";
    size_t n = 0;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = !(s[i] & 0x80);
    if (ascii) /* the common case, without the Unicode tables */
        for (; n < len; n++)
            out[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] + 32 : s[n]);
    else
        n = kg_utf8_lower(s, len, out);
    out[n] = '\0';
    return out;
}

bool kgi_tokenize(kgi_tokens *t, const char *text, size_t start, size_t end, size_t max_tokens,
                  kg_arena *arena)
{
    t->n = 0;
    t->text = text;
    size_t i = start;
    bool space = true;
    while (i < end && (!max_tokens || t->n < max_tokens)) {
        uint32_t cp;
        size_t w = kg_utf8_decode(text + i, end - i, &cp);
        if (kgi_cp_is_space(cp)) {
            space = true;
            i += w;
            continue;
        }
        size_t tok_start = i;
        uint8_t flags = space ? KGI_TF_SPACE : 0, kind;
        space = false;
        if (!kgi_cp_is_letter(cp)) {
            kind = KGI_TOK_PUNCT;
            i += w;
            /* "'s" after a word is a possessive of its own */
            bool after_word = t->n && t->items[t->n - 1].end == tok_start &&
                              t->items[t->n - 1].kind != KGI_TOK_PUNCT;
            if (is_apostrophe(cp) && (after_word || tok_start == start) && i < end &&
                (text[i] == 's' || text[i] == 'S')) {
                uint32_t next = ' ';
                if (i + 1 < end)
                    kg_utf8_decode(text + i + 1, end - i - 1, &next);
                if (!kgi_cp_is_letter(next)) {
                    kind = KGI_TOK_POSS;
                    i++;
                }
            } else if (is_apostrophe(cp) && after_word && ends_in_s(text, tok_start) &&
                       (i == end || text[i] == ' ')) {
                kind = KGI_TOK_POSS; /* "Lingnan Ports' parent": the plural possessive */
            }
        } else {
            kind = is_digit(cp) ? KGI_TOK_NUM : KGI_TOK_WORD;
            size_t letters = 0, uppers = 0;
            bool first = true;
            while (i < end) {
                size_t cw = kg_utf8_decode(text + i, end - i, &cp);
                if (kgi_cp_is_letter(cp)) {
                    if (!is_digit(cp)) {
                        letters++;
                        if (kgi_cp_is_upper(cp)) {
                            uppers++;
                            flags |= KGI_TF_UPPER;
                            if (first)
                                flags |= KGI_TF_CAP;
                        }
                    }
                    first = false;
                    i += cw;
                    continue;
                }
                /* '.' between word characters, ',' between digits */
                if ((cp == '.' || (cp == ',' && kind == KGI_TOK_NUM)) && i + 1 < end) {
                    uint32_t prev = (unsigned char)text[i - 1], next;
                    kg_utf8_decode(text + i + 1, end - i - 1, &next);
                    bool ok = cp == '.' ? kgi_cp_is_letter(next) && prev != '.'
                                        : is_digit(prev) && is_digit(next);
                    if (ok) {
                        i += 1;
                        continue;
                    }
                }
                /* an apostrophe inside a name (O'Neil), not a possessive */
                if (is_apostrophe(cp) && kind == KGI_TOK_WORD) {
                    size_t aw = cw;
                    uint32_t next = ' ', after = ' ';
                    if (i + aw < end)
                        kg_utf8_decode(text + i + aw, end - i - aw, &next);
                    if (next == 's' || next == 'S') {
                        if (i + aw + 1 < end)
                            kg_utf8_decode(text + i + aw + 1, end - i - aw - 1, &after);
                        if (!kgi_cp_is_letter(after))
                            break;
                    }
                    if (kgi_cp_is_letter(next) && !is_digit(next)) {
                        i += aw;
                        continue;
                    }
                }
                break;
            }
            if (letters >= 2 && uppers == letters)
                flags |= KGI_TF_ALLCAPS;
        }
        if (!push(t, tok_start, i, kind, flags))
            return false;
        t->items[t->n - 1].low = lower_form(text + tok_start, i - tok_start, kind, arena);
    }
    return true;
}

void kgi_tokens_free(kgi_tokens *t)
{
    free(t->items);
    t->items = NULL;
    t->n = t->cap = 0;
}

bool kgi_tok_is(const kgi_tokens *t, size_t i, const char *word)
{
    return i < t->n && strcmp(t->items[i].low, word) == 0;
}

bool kgi_tok_clause_end(const kgi_token *tok)
{
    if (tok->kind != KGI_TOK_PUNCT)
        return false;
    const char *s = tok->low;
    return !strcmp(s, ",") || !strcmp(s, ";") || !strcmp(s, ":") || !strcmp(s, "\"") ||
           !strcmp(s, "\xe2\x80\x93") ||
           !strcmp(s, "\xe2\x80\x94") || !strcmp(s, ".") || !strcmp(s, "?") || !strcmp(s, "!");
}
