/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/buf.c - growable byte buffer. */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kg_buf_reserve(kg_buf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra) {
        if (cap > ((size_t)-1) / 2)
            return !(b->failed = true);
        cap *= 2;
    }
    char *data = realloc(b->data, cap);
    if (!data)
        return !(b->failed = true);
    b->data = data;
    b->cap = cap;
    return true;
}

bool kg_buf_append(kg_buf *b, const void *data, size_t len)
{
    if (!kg_buf_reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool kg_buf_puts(kg_buf *b, const char *s)
{
    return kg_buf_append(b, s, strlen(s));
}

bool kg_buf_putc(kg_buf *b, char c)
{
    return kg_buf_append(b, &c, 1);
}

bool kg_buf_printf(kg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return !(b->failed = true);
    if (!kg_buf_reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

const char *kg_buf_cstr(kg_buf *b)
{
    if (!b->data && !kg_buf_reserve(b, 0))
        return NULL;
    b->data[b->len] = '\0';
    return b->data;
}

void kg_buf_clear(kg_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

void kg_buf_free(kg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}
