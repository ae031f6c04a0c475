/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/utf8.c - UTF-8 helpers. Case mapping goes through glibc's C.UTF-8
 * locale object (towupper_l), created once, so the result does not depend
 * on the locale the host program chose with setlocale. */
#define _GNU_SOURCE
#include "util/utf8.h"

#include <locale.h>
#include <pthread.h>
#include <wctype.h>

size_t kg_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        need = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need;
}

bool kg_utf8_check(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t n;
        unsigned long cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4, cp = c & 0x07, min = 0x10000;
        } else {
            *bad = i;
            return false;
        }
        if (len - i < n) {
            *bad = i;
            return false;
        }
        for (size_t k = 1; k < n; k++) {
            if ((u[i + k] & 0xC0) != 0x80) {
                *bad = i;
                return false;
            }
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

size_t kg_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t kg_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    uint32_t cp;
    for (size_t i = 0; i < len; n++)
        i += kg_utf8_decode(s + i, len - i, &cp);
    return n;
}

size_t kg_utf8_offset(const char *s, size_t len, size_t index)
{
    size_t i = 0;
    uint32_t cp;
    while (index > 0 && i < len) {
        i += kg_utf8_decode(s + i, len - i, &cp);
        index--;
    }
    return i;
}

static locale_t utf8_locale;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static uint32_t map_case(uint32_t cp, int upper)
{
    pthread_once(&utf8_locale_once, utf8_locale_init);
    if (!utf8_locale) {
        /* Without the C.UTF-8 locale only ASCII can be mapped. */
        if (upper && cp >= 'a' && cp <= 'z')
            return cp - 32;
        if (!upper && cp >= 'A' && cp <= 'Z')
            return cp + 32;
        return cp;
    }
    return (uint32_t)(upper ? towupper_l((wint_t)cp, utf8_locale)
                            : towlower_l((wint_t)cp, utf8_locale));
}

static size_t map_string(const char *s, size_t len, char *out, int upper)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = kg_utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1 && (unsigned char)s[i] >= 0x80) {
            out[o++] = s[i]; /* keep a stray byte as it was */
        } else {
            o += kg_utf8_encode(map_case(cp, upper), out + o);
        }
        i += n;
    }
    return o;
}

size_t kg_utf8_upper(const char *s, size_t len, char *out)
{
    return map_string(s, len, out, 1);
}

size_t kg_utf8_lower(const char *s, size_t len, char *out)
{
    return map_string(s, len, out, 0);
}
