/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/text.h - an article file as ingestion reads it: the text with
 * mojibake and invalid UTF-8 repaired, the header fields, and the body's
 * sentences with their offsets (private to libkg).
 *
 * Sentences follow datasets/tools/article.py, the definition the hand
 * mappings number by: every non-empty body line is a paragraph, and inside
 * a paragraph a sentence ends after '.', '?' or '!' (plus closing quotes
 * or brackets) when whitespace and then an upper-case letter, a digit or an
 * opening quote/bracket follow. Additionally a '.' that ends a known
 * abbreviation ("Mr.", "U.S.", "Co.") or a single-letter initial does not
 * end a sentence, and a paragraph longer than KGI_MAX_SENTENCE bytes is cut
 * at a space so that no single sentence is unbounded. */
#ifndef KG_INGEST_TEXT_H
#define KG_INGEST_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strmap.h"

#define KGI_MAX_SENTENCE 8192

typedef struct kgi_sentence {
    size_t start, end;           /* bytes in the repaired text */
    size_t char_start, char_end; /* code points in the original file */
    bool boilerplate;            /* site furniture: no mentions or relations */
} kgi_sentence;

typedef struct kgi_edit {
    size_t clean, orig; /* from clean offset `clean` on, orig = clean - clean + orig */
} kgi_edit;

typedef struct kgi_text {
    char *clean; /* repaired UTF-8, NUL-terminated */
    size_t len;
    kgi_edit *edits; /* where repairs shifted offsets, ascending */
    size_t n_edits, cap_edits;
    char *title, *publisher, *date, *source; /* header values or NULL */
    kgi_sentence *sentences;
    size_t n_sentences, cap_sentences;
} kgi_text;

/* What the reader needs from the rules: abbreviations (lowercase, with
 * their final '.') and boilerplate phrases (lowercase). Either may be NULL. */
typedef struct kgi_text_cues {
    const kg_strmap *abbreviations;
    const char *const *boilerplate; /* NULL-terminated */
} kgi_text_cues;

/* Reads data[0, len) (any bytes). false on ENOMEM only. */
bool kgi_text_read(kgi_text *t, const char *data, size_t len, const kgi_text_cues *cues);
void kgi_text_free(kgi_text *t);

/* The repaired text of data[0, len) (what kgi_text_read reads as
 * t->clean) into *out (malloc'd, NUL-terminated; caller frees) and
 * *out_len. Repairing is idempotent, so reading the result again changes
 * nothing and offsets into it are exact. False on ENOMEM. */
bool kgi_text_repair(char **out, size_t *out_len, const char *data, size_t len);

/* The key that tells two articles' texts the same: the SHA-256 (hex) of
 * the body's letters and digits, ASCII lower-cased (headers, white space
 * and punctuation left out). False when the body has no letter or digit. */
#define KGI_TEXT_KEY_SIZE 65
bool kgi_text_key(const kgi_text *t, char key[KGI_TEXT_KEY_SIZE]);

/* A stem fit for an IRI path segment ("article" when empty) into out. */
void kgi_stem_clean(const char *in, char *out, size_t size);

#endif
