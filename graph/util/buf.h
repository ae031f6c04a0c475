/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/buf.h - a growable byte buffer. */
#ifndef KG_UTIL_BUF_H
#define KG_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kg_buf {
    char *data; /* NUL-terminated when len > 0 or after kg_buf_cstr */
    size_t len;
    size_t cap;
    bool failed; /* an append failed since the last kg_buf_clear: the
                    contents are incomplete (check once after building) */
} kg_buf;

#define KG_BUF_INIT {NULL, 0, 0, false}

/* Each returns false on ENOMEM (the buffer is unchanged, and failed set). */
bool kg_buf_reserve(kg_buf *b, size_t extra);
bool kg_buf_append(kg_buf *b, const void *data, size_t len);
bool kg_buf_puts(kg_buf *b, const char *s);
bool kg_buf_putc(kg_buf *b, char c);
bool kg_buf_printf(kg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty, never NULL unless ENOMEM). */
const char *kg_buf_cstr(kg_buf *b);
/* Empties the buffer and clears failed. */
void kg_buf_clear(kg_buf *b);
void kg_buf_free(kg_buf *b);

#endif
