/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/iri.c - RFC 3986 reference resolution (section 5.2) and IRI character
 * checks. */
#include "util/iri.h"
#include "util/utf8.h"

#include <string.h>

size_t kg_iri_scheme_len(const char *iri, size_t len)
{
    if (len == 0 || !((iri[0] | 0x20) >= 'a' && (iri[0] | 0x20) <= 'z'))
        return 0;
    for (size_t i = 1; i < len; i++) {
        char c = iri[i];
        if (c == ':')
            return i;
        bool ok = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '-' || c == '.';
        if (!ok)
            return 0;
    }
    return 0;
}

bool kg_iri_chars_valid(const char *iri, size_t len, size_t *bad)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)iri[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c)) {
            *bad = i;
            return false;
        }
    }
    return true;
}

bool kg_iri_prefix_name_valid(const char *name, size_t len, size_t *bad)
{
    size_t utf8_bad;
    if (!kg_utf8_check(name, len, &utf8_bad)) {
        *bad = utf8_bad;
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        bool ok = c >= 0x80 || letter ||
                  (i > 0 && ((c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'));
        if (!ok || (c == '.' && i + 1 == len)) {
            *bad = i;
            return false;
        }
    }
    return true;
}

/* The five components of section 3; a NULL start means "undefined", which
 * differs from empty for authority, query and fragment. */
typedef struct part {
    const char *s;
    size_t n;
} part;

typedef struct iri_parts {
    part scheme, authority, path, query, fragment;
} iri_parts;

static void split(const char *s, size_t len, iri_parts *p)
{
    memset(p, 0, sizeof *p);
    size_t i = 0;
    size_t sl = kg_iri_scheme_len(s, len);
    if (sl) {
        p->scheme = (part){s, sl};
        i = sl + 1;
    }
    if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t a = i + 2, e = a;
        while (e < len && s[e] != '/' && s[e] != '?' && s[e] != '#')
            e++;
        p->authority = (part){s + a, e - a};
        i = e;
    }
    size_t e = i;
    while (e < len && s[e] != '?' && s[e] != '#')
        e++;
    p->path = (part){s + i, e - i};
    i = e;
    if (i < len && s[i] == '?') {
        e = ++i;
        while (e < len && s[e] != '#')
            e++;
        p->query = (part){s + i, e - i};
        i = e;
    }
    if (i < len && s[i] == '#')
        p->fragment = (part){s + i + 1, len - i - 1};
}

/* remove_dot_segments (5.2.4) of in (n bytes) into out, which has room for
 * n bytes; returns the output length. Works segment by segment on the input
 * and pops whole segments from the output. */
static size_t remove_dots(const char *in, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        size_t rest = n - i;
        const char *p = in + i;
        if (rest >= 3 && memcmp(p, "../", 3) == 0) {
            i += 3;
        } else if (rest >= 2 && memcmp(p, "./", 2) == 0) {
            i += 2;
        } else if (rest >= 3 && memcmp(p, "/./", 3) == 0) {
            i += 2;
        } else if (rest == 2 && memcmp(p, "/.", 2) == 0) {
            i += 1;
            out[o++] = '/';
            i += 1;
        } else if ((rest >= 4 && memcmp(p, "/../", 4) == 0) || (rest == 3 && memcmp(p, "/..", 3) == 0)) {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            if (rest == 3) {
                out[o++] = '/';
                i += 3;
            } else {
                i += 3;
            }
        } else if ((rest == 1 && p[0] == '.') || (rest == 2 && memcmp(p, "..", 2) == 0)) {
            i = n;
        } else {
            size_t k = i + (in[i] == '/' ? 1 : 0);
            while (k < n && in[k] != '/')
                k++;
            memcpy(out + o, in + i, k - i);
            o += k - i;
            i = k;
        }
    }
    return o;
}

static char *append(char *o, part p)
{
    memcpy(o, p.s, p.n);
    return o + p.n;
}

char *kg_iri_resolve(kg_arena *arena, const char *base, const char *ref, size_t len)
{
    size_t blen = base ? strlen(base) : 0;
    /* An absolute IRI stays as written: SPARQL (4.1.1.1) and Turtle resolve
     * only relative references and forbid normalisation, so
     * <a://h/./b/../c> must still match the same IRI in the data. */
    if (!base || !kg_iri_scheme_len(base, blen) || kg_iri_scheme_len(ref, len))
        return kg_arena_strndup(arena, ref, len);
    iri_parts b, r, t;
    split(base, blen, &b);
    split(ref, len, &r);
    memset(&t, 0, sizeof t);
    /* The merged path before dot removal; at most base path + ref path + 1. */
    char *merged = kg_arena_alloc(arena, blen + len + 2);
    if (!merged)
        return NULL;
    part path_in;
    t.scheme = b.scheme; /* ref has none: absolute refs returned above */
    if (r.authority.s) {
        t.authority = r.authority, t.query = r.query;
        path_in = r.path;
    } else {
        t.authority = b.authority;
        if (r.path.n == 0) {
            path_in = b.path;
            t.query = r.query.s ? r.query : b.query;
        } else {
            t.query = r.query;
            if (r.path.s[0] == '/') {
                path_in = r.path;
            } else {
                char *m = merged;
                if (b.authority.s && b.path.n == 0) {
                    *m++ = '/';
                } else {
                    size_t keep = b.path.n;
                    while (keep > 0 && b.path.s[keep - 1] != '/')
                        keep--;
                    memcpy(m, b.path.s, keep);
                    m += keep;
                }
                m = append(m, r.path);
                path_in = (part){merged, (size_t)(m - merged)};
            }
        }
    }
    t.fragment = r.fragment;
    char *out = kg_arena_alloc(arena, blen + len + 8);
    if (!out)
        return NULL;
    char *o = append(out, t.scheme);
    *o++ = ':';
    if (t.authority.s) {
        *o++ = '/', *o++ = '/';
        o = append(o, t.authority);
    }
    /* Only paths that came from merging or from the reference need dot
     * removal, but removing dots from a base path is harmless. */
    o += remove_dots(path_in.s, path_in.n, o);
    if (t.query.s) {
        *o++ = '?';
        o = append(o, t.query);
    }
    if (t.fragment.s) {
        *o++ = '#';
        o = append(o, t.fragment);
    }
    *o = '\0';
    return out;
}
