/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/utf8.h - UTF-8 decoding, encoding, code point counting and simple
 * case mapping. No RDF knowledge here.
 *
 * Invalid byte sequences are never rejected: a byte that does not start a
 * well-formed sequence counts as one code point (U+FFFD when decoded), so
 * lengths and offsets stay consistent on any input. */
#ifndef KG_UTIL_UTF8_H
#define KG_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s (len > 0 bytes available) into *cp; returns
 * the number of bytes it takes (1..4). */
size_t kg_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Strict check that s[0..len) is well-formed UTF-8 (no overlong forms,
 * surrogates or code points past U+10FFFF). On failure *bad is the byte
 * offset of the first bad sequence. */
bool kg_utf8_check(const char *s, size_t len, size_t *bad);

/* Writes cp as UTF-8 into out (room for 4 bytes); returns the byte count. */
size_t kg_utf8_encode(uint32_t cp, char *out);

/* Number of code points in s[0..len). */
size_t kg_utf8_length(const char *s, size_t len);

/* Byte offset of code point number index (0-based) in s[0..len); len when
 * index is at or past the end. */
size_t kg_utf8_offset(const char *s, size_t len, size_t index);

/* Unicode simple upper/lower case mapping of s[0..len) into out, which needs
 * room for 4 * len bytes (case pairs can differ in encoded length). Returns
 * the number of bytes written (no NUL is added). Independent of the
 * process locale. */
size_t kg_utf8_upper(const char *s, size_t len, char *out);
size_t kg_utf8_lower(const char *s, size_t len, char *out);

#endif
