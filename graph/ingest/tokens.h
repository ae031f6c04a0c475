/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/tokens.h - splitting a sentence (or a name, or a rule pattern)
 * into word, number and punctuation tokens with byte offsets, lowercase
 * forms and capitalization flags. Unicode-aware: letters are decided per
 * code point, case with util/utf8's simple case mapping. Private to libkg.
 *
 * Hyphens and most punctuation are tokens of their own ("Shenzhen-based" is
 * Shenzhen, -, based); a '.' between letters or digits stays inside the
 * word ("Pony.ai", "U.S"); ',' and '.' between digits stay in the number;
 * an apostrophe-s ending a word ("Hong Kong’s") is a possessive token "'s".
 * Curly quotes and apostrophes are given their ASCII forms in `low`. */
#ifndef KG_INGEST_TOKENS_H
#define KG_INGEST_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum { KGI_TOK_WORD = 1, KGI_TOK_NUM, KGI_TOK_PUNCT, KGI_TOK_POSS };

enum {
    KGI_TF_CAP = 1 << 0,     /* first letter is upper case */
    KGI_TF_UPPER = 1 << 1,   /* some letter is upper case ("iFLYTEK") */
    KGI_TF_ALLCAPS = 1 << 2, /* every letter is upper case, at least two */
    KGI_TF_SPACE = 1 << 3,   /* whitespace (or the start) before it */
};

typedef struct kgi_token {
    size_t start, end; /* byte offsets in the text given to kgi_tokenize */
    const char *low;   /* lowercase form, NUL-terminated (arena) */
    uint8_t kind, flags;
} kgi_token;

typedef struct kgi_tokens {
    kgi_token *items;
    size_t n, cap;
    const char *text; /* the text the offsets refer to (borrowed) */
} kgi_tokens;

/* Tokenizes text[start, end), replacing the previous contents of toks.
 * Lowercase forms are allocated from arena. Stops at max_tokens (0: no
 * limit). false on ENOMEM. */
bool kgi_tokenize(kgi_tokens *toks, const char *text, size_t start, size_t end, size_t max_tokens,
                  kg_arena *arena);
void kgi_tokens_free(kgi_tokens *toks);

/* True when token i exists and its lowercase form is word. */
bool kgi_tok_is(const kgi_tokens *toks, size_t i, const char *word);
/* A token that ends a clause for free-text captures and gaps (, ; : – —
 * quotes and sentence stops). */
bool kgi_tok_clause_end(const kgi_token *tok);
/* Code point classes shared with the text reader. */
bool kgi_cp_is_space(uint32_t cp);
bool kgi_cp_is_letter(uint32_t cp);
bool kgi_cp_is_upper(uint32_t cp);

#endif
