/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/articles.c - an input file as the articles in it (kg_articles_*
 * in kg/ingest.h): what kind of file it is, decided from its content
 * (never its name), its encoding converted to UTF-8, and the readers
 * called: html_reader.c for a web page, feed_reader.c for RSS and Atom,
 * and the plain-text article format otherwise. A file that is none of
 * these (binary data, a page without an article) is refused with a
 * message saying why.
 *
 * Encodings: a byte order mark decides (UTF-8, UTF-16); a page's meta
 * charset and a feed's XML declaration are honoured by libxml2's parsers;
 * plain text that is not UTF-8 and holds no UTF-8 sequence at all is
 * read as Windows-1252 (the web's default for undeclared text), where
 * each byte stays one character, so offsets into it are unchanged. */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "ingest/feed_reader.h"
#include "ingest/html_reader.h"
#include "ingest/text.h"
#include "kg/ingest.h"
#include "util/buf.h"
#include "kg/grow.h"
#include "util/utf8.h"

struct kg_articles {
    kg_article *items;
    size_t n, cap;
    char *stem; /* the file's; feed items are STEM-1, STEM-2, ... */
};

/* --- encodings --- */

/* data converted from the encoding named to UTF-8 into out; a byte
 * sequence the encoding does not define becomes U+FFFD. False on ENOMEM
 * or an encoding iconv does not know. */
static bool to_utf8(kg_buf *out, const char *from, const char *data, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return false;
    char *in = (char *)data;
    size_t left = len;
    while (left && !out->failed) {
        char chunk[4096], *o = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &in, &left, &o, &room);
        kg_buf_append(out, chunk, (size_t)(o - chunk));
        if (r == (size_t)-1 && errno != E2BIG) { /* EILSEQ, EINVAL: skip a byte */
            kg_buf_append(out, "\xEF\xBF\xBD", 3);
            in++;
            left--;
        }
    }
    iconv_close(cd);
    return !out->failed && kg_buf_cstr(out);
}

/* True when the text has a well-formed multi-byte UTF-8 sequence: then it
 * is UTF-8 with some damage (text.c repairs that), not another encoding. */
static bool has_utf8_sequence(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t w = kg_utf8_decode(s + i, len - i, &cp);
        if (w > 1 && cp != 0xFFFD)
            return true;
        i += w;
    }
    return false;
}

/* --- what the file is --- */

typedef enum kind { KIND_TEXT, KIND_HTML, KIND_FEED } kind;

static bool starts(const char *s, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - s) >= n && !strncasecmp(s, prefix, n);
}

/* Skips white space, an XML declaration, comments and a DOCTYPE other
 * than HTML's; *xml is set when a declaration was seen. */
static const char *markup_start(const char *s, const char *end, bool *xml)
{
    for (;;) {
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
            s++;
        const char *close = NULL;
        if (starts(s, end, "<?")) {
            *xml |= starts(s, end, "<?xml");
            close = memmem(s, (size_t)(end - s), "?>", 2);
        } else if (starts(s, end, "<!--")) {
            close = memmem(s, (size_t)(end - s), "-->", 3);
        } else if (starts(s, end, "<!DOCTYPE") && !starts(s, end, "<!DOCTYPE html")) {
            close = memchr(s, '>', (size_t)(end - s));
        } else {
            return s;
        }
        if (!close)
            return end;
        s = close + (*close == '>' ? 1 : *close == '?' ? 2 : 3);
    }
}

static kind sniff(const char *s, size_t len)
{
    const char *end = s + len;
    bool xml = false;
    const char *p = markup_start(s, end, &xml);
    if (starts(p, end, "<rss") || starts(p, end, "<feed") || starts(p, end, "<rdf:RDF"))
        return KIND_FEED;
    if (starts(p, end, "<!DOCTYPE html") || starts(p, end, "<html") || starts(p, end, "<head") ||
        starts(p, end, "<body"))
        return KIND_HTML;
    if (xml)
        return KIND_FEED; /* an XML document: the feed reader says what it is not */
    if (p < end && *p == '<') {
        size_t scan = len < 65536 ? len : 65536;
        if (memmem(s, scan, "<p>", 3) || memmem(s, scan, "<p ", 3) || memmem(s, scan, "<div", 4) ||
            memmem(s, scan, "<article", 8))
            return KIND_HTML;
    }
    return KIND_TEXT;
}

/* A NUL byte, or many control characters: not text of any kind. */
static bool binary(const char *s, size_t len, size_t *at)
{
    const char *nul = memchr(s, '\0', len);
    if (nul) {
        *at = (size_t)(nul - s);
        return true;
    }
    size_t scan = len < 8192 ? len : 8192, control = 0;
    for (size_t i = 0; i < scan; i++) {
        unsigned char c = (unsigned char)s[i];
        control += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
    }
    *at = 0;
    return control * 20 > scan;
}

/* --- the list --- */

static bool add(kg_articles *a, kgi_doc *d, kg_article_format format)
{
    if (!kg_grow(&a->items, &a->cap, a->n, sizeof *a->items, 8))
        return false;
    kg_article *it = &a->items[a->n];
    memset(it, 0, sizeof *it);
    char *raw, *text;
    size_t raw_len, len;
    if (!kgi_doc_text(&raw, &raw_len, d))
        return false;
    /* the text shown is the text ingested: repaired once here (control
     * characters, zero-width characters, mojibake), so that offsets into
     * it are exact */
    bool repaired = kgi_text_repair(&text, &len, raw, raw_len);
    free(raw);
    if (!repaired)
        return false;
    char num[32] = "";
    if (format == KG_ARTICLE_FEED)
        snprintf(num, sizeof num, "-%zu", a->n + 1);
    size_t sl = strlen(a->stem) + strlen(num) + 1;
    char *stem = malloc(sl);
    char *link = d->link ? strdup(d->link) : NULL;
    if (!stem || (d->link && !link)) {
        free(text), free(stem), free(link);
        return false;
    }
    snprintf(stem, sl, "%s%s", a->stem, num);
    *it = (kg_article){format, stem, text, len, link};
    a->n++;
    return true;
}

static bool feed_item(void *ctx, kgi_doc *d)
{
    return add(ctx, d, KG_ARTICLE_FEED);
}

static kg_status read_text(kg_articles *a, const char *data, size_t len, bool bom, kg_error *err)
{
    kgi_doc d = {0};
    kg_buf converted = KG_BUF_INIT;
    kg_status st = KG_OK;
    size_t bad;
    if (!bom && !kg_utf8_check(data, len, &bad) && !has_utf8_sequence(data, len)) {
        if (!to_utf8(&converted, "WINDOWS-1252", data, len))
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory converting from Windows-1252");
        data = converted.data;
        len = converted.len;
    }
    /* the text as it stands: its headers are read by text.c */
    if (!st && !kg_buf_append(&d.body, data ? data : "", len))
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    if (!st && !add(a, &d, KG_ARTICLE_TEXT))
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kg_buf_free(&converted);
    kgi_doc_free(&d);
    return st;
}

static kg_status read_html(kg_articles *a, const char *data, size_t len, const char *encoding,
                           kg_error *err)
{
    kgi_doc d = {0};
    kg_status st = kgi_html_read(&d, data, len, encoding, err);
    if (!st && !add(a, &d, KG_ARTICLE_HTML))
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kgi_doc_free(&d);
    return st;
}

/* The byte order mark's encoding and length, or NULL. */
static const char *bom(const char *s, size_t len, size_t *skip)
{
    const unsigned char *u = (const unsigned char *)s;
    *skip = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return *skip = 3, "UTF-8";
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return *skip = 2, "UTF-16LE";
    if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return *skip = 2, "UTF-16BE";
    return NULL;
}

static kg_status parse(kg_articles *a, const char *data, size_t len, kg_error *err)
{
    size_t skip;
    const char *enc = bom(data, len, &skip);
    kg_buf wide = KG_BUF_INIT;
    data += skip;
    len -= skip;
    if (enc && strcmp(enc, "UTF-8")) {
        if (!to_utf8(&wide, enc, data, len)) {
            kg_buf_free(&wide);
            return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory converting from %s", enc);
        }
        data = wide.data;
        len = wide.len;
    }
    size_t at;
    kg_status st;
    if (binary(data, len, &at))
        st = kg_error_set(err, KG_ERR_UNSUPPORTED, NULL,
                          "binary data (%s), not an article: kgsh reads HTML pages, RSS or Atom feeds "
                          "and plain-text articles",
                          data[at] ? "control characters" : "a NUL byte");
    else
        switch (sniff(data, len)) {
        case KIND_HTML: st = read_html(a, data, len, enc ? "UTF-8" : NULL, err); break;
        case KIND_FEED: st = kgi_feed_read(data, len, enc ? "UTF-8" : NULL, feed_item, a, err); break;
        default: st = read_text(a, data, len, enc != NULL, err); break;
        }
    kg_buf_free(&wide);
    return st;
}

kg_status kg_articles_parse(kg_articles **out, const char *data, size_t len, const char *stem, kg_error *err)
{
    *out = NULL;
    kg_articles *a = calloc(1, sizeof *a);
    if (!a || !(a->stem = strdup(stem && *stem ? stem : "article"))) {
        free(a);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    kg_status st = parse(a, data ? data : "", data ? len : 0, err);
    if (st) {
        kg_articles_free(a);
        return st;
    }
    *out = a;
    return KG_OK;
}

kg_status kg_articles_read(kg_articles **out, const char *path, kg_error *err)
{
    *out = NULL;
    char *data;
    size_t len;
    kg_status st = kg_read_file(&data, &len, path, KG_INGEST_MAX_BYTES, err);
    if (st)
        return st;
    char stem[256];
    const char *base = strrchr(path, '/');
    snprintf(stem, sizeof stem, "%s", base ? base + 1 : path);
    char *dot = strrchr(stem, '.');
    if (dot && dot != stem)
        *dot = '\0';
    st = kg_articles_parse(out, data, len, stem, err);
    free(data);
    if (st && err)
        kg_error_set_file(err, path);
    return st;
}

size_t kg_articles_count(const kg_articles *a)
{
    return a->n;
}

const kg_article *kg_articles_get(const kg_articles *a, size_t index)
{
    return index >= 1 && index <= a->n ? &a->items[index - 1] : NULL;
}

void kg_articles_free(kg_articles *a)
{
    if (!a)
        return;
    for (size_t k = 0; k < a->n; k++) {
        free((char *)a->items[k].stem);
        free((char *)a->items[k].text);
        free((char *)a->items[k].link);
    }
    free(a->items);
    free(a->stem);
    free(a);
}
