/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/reader.c - building an article's text from what a reader found
 * (see reader.h): whitespace collapsed so that a paragraph is one line and
 * a header value one line, dates made xsd:date where they can be, and the
 * amount of prose counted so that a page without an article is refused. */
#include "ingest/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>

/* A paragraph this long that ends like a sentence is prose, not furniture
 * ("Share", "Read more", a menu). */
#define PROSE_MIN 40

static bool space_at(const char *s, size_t len, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    *w = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return true;
    /* U+00A0 (no-break space), common in saved pages */
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2;
        return true;
    }
    return false;
}

/* Appends s[0, len) to b with whitespace runs as one space, trimmed. */
static void collapsed(kg_buf *b, const char *s, size_t len)
{
    bool gap = false;
    size_t start = b->len;
    for (size_t i = 0, w; i < len; i += w) {
        if (space_at(s, len, i, &w)) {
            gap = true;
            continue;
        }
        if (gap && b->len > start)
            kg_buf_putc(b, ' ');
        gap = false;
        kg_buf_append(b, s + i, w);
    }
}

void kgi_doc_field(kgi_doc *d, char **slot, const char *value, size_t len)
{
    if (*slot || !value)
        return;
    kg_buf b = KG_BUF_INIT;
    collapsed(&b, value, len);
    if (b.failed)
        d->failed = true;
    else if (b.len)
        *slot = b.data, b.data = NULL;
    kg_buf_free(&b);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "Tue, 05 Mar 2024 10:00:00 GMT" (RFC 822, as RSS writes dates). */
static bool rfc822(const char *s, char out[16])
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const char *comma = strchr(s, ',');
    int day, year;
    char mon[4];
    if (sscanf(comma ? comma + 1 : s, "%2d %3s %4d", &day, mon, &year) != 3 || day < 1 || day > 31 ||
        year < 1000)
        return false;
    const char *m = strstr(months, mon);
    if (!m || strlen(mon) != 3 || (m - months) % 3)
        return false;
    if (year > 9999)
        return false;
    snprintf(out, 16, "%04d-%02d-%02d", year % 10000, (int)((m - months) / 3 + 1) % 100, day % 100);
    return true;
}

void kgi_doc_date(kgi_doc *d, const char *value, size_t len)
{
    char *raw = NULL;
    kgi_doc_field(d, &raw, value, len);
    if (!raw || d->date) {
        free(raw);
        return;
    }
    char iso[16];
    size_t n = strlen(raw);
    if (n >= 10 && digits(raw, 4) && raw[4] == '-' && digits(raw + 5, 2) && raw[7] == '-' &&
        digits(raw + 8, 2) && (n == 10 || raw[10] == 'T' || raw[10] == ' '))
        raw[10] = '\0';
    else if (rfc822(raw, iso))
        memcpy(raw, iso, 11); /* raw is longer than the date */
    d->date = raw;
}

static bool sentence_like(const char *s, size_t n)
{
    if (n < PROSE_MIN)
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ')
            return true;
    char last = s[n - 1];
    return last == '.' || last == '?' || last == '!' || last == '"' ||
           (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3)) || /* ” */
           (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x82", 3));   /* 。 */
}

void kgi_doc_paragraph(kgi_doc *d, const char *s, size_t len)
{
    size_t start = d->body.len;
    collapsed(&d->body, s, len);
    if (d->body.len == start)
        return;
    if (sentence_like(d->body.data + start, d->body.len - start))
        d->prose += d->body.len - start;
    kg_buf_putc(&d->body, '\n');
    d->failed |= d->body.failed;
}

bool kgi_doc_text(char **text, size_t *len, kgi_doc *d)
{
    *text = NULL;
    *len = 0;
    kg_buf b = KG_BUF_INIT;
    const struct {
        const char *key, *value;
    } heads[] = {{"Title", d->title}, {"Publisher", d->publisher}, {"Date", d->date}, {"Source", d->link}};
    bool any = false;
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        if (heads[k].value) {
            kg_buf_printf(&b, "%s: %s\n", heads[k].key, heads[k].value);
            any = true;
        }
    if (any)
        kg_buf_putc(&b, '\n');
    kg_buf_append(&b, d->body.data ? d->body.data : "", d->body.len);
    if (d->failed || b.failed || !kg_buf_cstr(&b)) {
        kg_buf_free(&b);
        return false;
    }
    *len = b.len;
    *text = b.data;
    return true;
}

void kgi_doc_free(kgi_doc *d)
{
    free(d->title), free(d->publisher), free(d->date), free(d->link);
    kg_buf_free(&d->body);
    memset(d, 0, sizeof *d);
}

static void discard(void *ctx, const char *message, ...)
{
    (void)ctx;
    (void)message;
}

kgi_xml_channel kgi_xml_quiet(void)
{
    kgi_xml_channel previous = {xmlGenericError, xmlGenericErrorContext};
    xmlSetGenericErrorFunc(NULL, discard);
    return previous;
}

void kgi_xml_restore(kgi_xml_channel previous)
{
    xmlSetGenericErrorFunc(previous.ctx, previous.fn);
}
