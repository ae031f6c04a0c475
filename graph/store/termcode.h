/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/termcode.h - the byte encoding of RDF terms in the dictionary.
 *
 * A term is stored as: kind (1 byte), value length (u32 LE), value bytes,
 * NUL, then for language-tagged literals the tag and NUL, for typed
 * literals the datatype IRI and NUL. Because every string is followed by a
 * NUL, a kg_term view can point straight into the stored bytes. Literals
 * typed xsd:string are stored as plain literals (the same RDF 1.1 term), and
 * language tags in lower case (RDF 1.1 Concepts 3.3). Stores written by
 * earlier versions hold tags in BCP 47 case ("en-GB"): a lookup that misses
 * tries that spelling too (kg_termcode_append_legacy), so those stores open
 * and match as before; their terms keep the case they were stored in until
 * re-imported. */
#ifndef KG_STORE_TERMCODE_H
#define KG_STORE_TERMCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg/term.h"
#include "util/buf.h"

enum {
    KG_CODE_IRI = 1,
    KG_CODE_BLANK = 2,
    KG_CODE_PLAIN = 3,
    KG_CODE_LANG = 4,
    KG_CODE_TYPED = 5,
};

/* Appends the encoding of t to out; returns false on ENOMEM or an
 * unencodable term (kind NONE, NULL value). */
bool kg_termcode_append(kg_buf *out, const kg_term *t);

/* Appends the encoding stores written before lower-casing gave t (its
 * language tag in BCP 47 case) when that differs from kg_termcode_append's;
 * false, with out unchanged, when t is no language-tagged literal, the
 * spellings agree, or on ENOMEM. */
bool kg_termcode_append_legacy(kg_buf *out, const kg_term *t);

/* Decodes the encoding at p (len bytes available) into a view; returns the
 * encoded size, or 0 when the bytes are not a valid encoding. */
size_t kg_termcode_decode(const uint8_t *p, size_t len, kg_term *out);

#endif
