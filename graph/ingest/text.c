/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/text.c - reading an article: UTF-8 repair (invalid bytes, control
 * characters, zero-width characters, cp1252 mojibake such as "â€™" and the
 * flattened "â€<"), header lines, sentence splitting with byte and
 * character offsets, and boilerplate marking. Linear in the input. */
#include "ingest/text.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/tokens.h"
#include "util/buf.h"
#include "kg/grow.h"
#include "util/utf8.h"

/* cp1252 bytes 0x80..0x9F as Unicode (0 where cp1252 has no character). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The byte a code point stands for when UTF-8 was decoded as cp1252, or -1
 * when it is not a continuation byte's stand-in. */
static int continuation_byte(uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0xBF)
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] && cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

static bool zero_width(uint32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

static bool invalid_at(const char *s, size_t len, uint32_t cp, size_t w)
{
    return cp == 0xFFFD && !(w == 3 && len >= 3 && (unsigned char)s[0] == 0xEF &&
                             (unsigned char)s[1] == 0xBF && (unsigned char)s[2] == 0xBD);
}

/* Tries to undo one cp1252 mojibake sequence at s (whose first code point,
 * lead, is U+00C2..U+00F4). On success sets *cp to the intended character
 * and returns the bytes consumed; 0 when it is not mojibake. */
static size_t demojibake(const char *s, size_t len, uint32_t lead, size_t lead_w, uint32_t *cp)
{
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    unsigned char bytes[4] = {(unsigned char)lead};
    size_t pos = lead_w;
    for (size_t k = 1; k <= need; k++) {
        if (pos >= len)
            return 0;
        uint32_t c;
        size_t w = kg_utf8_decode(s + pos, len - pos, &c);
        int b = continuation_byte(c);
        /* "â€<": the "‹" of a zero-width space flattened to "<" */
        if (b < 0 && c == '<' && k == 2 && lead == 0xE2 && bytes[1] == 0x80)
            b = 0x8B;
        /* "â€" whose third byte (0x9D, undefined in cp1252) was lost: "”" */
        if (b < 0 && k == 2 && lead == 0xE2 && bytes[1] == 0x80) {
            *cp = 0x201D;
            return pos;
        }
        if (b < 0)
            return 0;
        bytes[k] = (unsigned char)b;
        pos += w;
    }
    uint32_t out;
    size_t w = kg_utf8_decode((const char *)bytes, need + 1, &out);
    if (w != need + 1 || out < 0x80 || invalid_at((const char *)bytes, need + 1, out, w))
        return 0;
    *cp = out;
    return pos;
}

static bool add_edit(kgi_text *t, size_t clean, size_t orig)
{
    if (!kg_grow(&t->edits, &t->cap_edits, t->n_edits, sizeof *t->edits, 16))
        return false;
    t->edits[t->n_edits++] = (kgi_edit){clean, orig};
    return true;
}

static bool repair(kgi_text *t, const char *data, size_t len, kg_buf *out)
{
    if (!kg_buf_reserve(out, len + 16))
        return false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t w = kg_utf8_decode(data + i, len - i, &cp);
        size_t consumed = w, before = out->len;
        char enc[4];
        if (cp == '\r') {
            if (i + 1 < len && data[i + 1] == '\n')
                consumed = 1; /* dropped: the \n follows */
            else if (!kg_buf_putc(out, '\n'))
                return false;
        } else if (invalid_at(data + i, len - i, cp, w)) {
            if (!kg_buf_append(out, "\xEF\xBF\xBD", 3))
                return false;
        } else if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F) {
            if (!kg_buf_putc(out, ' '))
                return false;
        } else if (zero_width(cp)) {
            /* dropped */
        } else {
            uint32_t fixed;
            size_t m = cp >= 0xC2 && cp <= 0xF4 ? demojibake(data + i, len - i, cp, w, &fixed) : 0;
            if (m) {
                consumed = m;
                cp = fixed;
            }
            if (!zero_width(cp) && !kg_buf_append(out, enc, kg_utf8_encode(cp, enc)))
                return false;
        }
        i += consumed;
        if (out->len - before != consumed && !add_edit(t, out->len, i))
            return false;
    }
    return kg_buf_cstr(out) != NULL; /* NUL-terminated, also when empty */
}

/* The original byte offset of a clean offset. */
static size_t orig_offset(const kgi_text *t, size_t clean)
{
    size_t lo = 0, hi = t->n_edits;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->edits[mid].clean <= clean)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return clean;
    const kgi_edit *e = &t->edits[lo - 1];
    return e->orig + (clean - e->clean);
}

static char *dup_range(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

static const char *line_end(const char *s, const char *end)
{
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    return nl ? nl : end;
}

/* "Key: value" header lines up to a blank line; returns the body start, or
 * 0 when the text has no header block (then a short first line without a
 * final stop is taken as the title). */
static size_t read_headers(kgi_text *t)
{
    static const char *const keys[] = {"Title", "Publisher", "Date", "Source", NULL};
    const char *s = t->clean, *end = t->clean + t->len;
    const char *p = s;
    bool any = false;
    while (p < end && *p != '\n') {
        const char *le = line_end(p, end);
        int which = -1;
        for (int k = 0; keys[k]; k++) {
            size_t kl = strlen(keys[k]);
            if ((size_t)(le - p) > kl + 1 && !strncmp(p, keys[k], kl) && p[kl] == ':' &&
                p[kl + 1] == ' ')
                which = k;
        }
        if (which < 0)
            break;
        const char *v = p + strlen(keys[which]) + 2;
        char **slot[] = {&t->title, &t->publisher, &t->date, &t->source};
        if (!*slot[which])
            *slot[which] = dup_range(v, (size_t)(le - v));
        any = true;
        p = le < end ? le + 1 : le;
    }
    if (any && (p >= end || *p == '\n'))
        return (size_t)(p - s);
    free(t->title), free(t->publisher), free(t->date), free(t->source);
    t->title = t->publisher = t->date = t->source = NULL;
    /* no header block: a headline line */
    const char *le = line_end(s, end);
    size_t n = (size_t)(le - s);
    if (le < end && n > 0 && n <= 200 && !strchr(".?!\"", s[n - 1]) &&
        !(n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3))) {
        t->title = dup_range(s, n);
        return n;
    }
    return 0;
}

/* White space met byte by byte: only ASCII, since a byte past 0x7F is part
 * of a UTF-8 sequence (0xA0 ends "无", U+65E0; it is no U+00A0 there). */
static bool space_byte(unsigned char c)
{
    return c < 0x80 && kgi_cp_is_space(c);
}

static bool add_sentence(kgi_text *t, size_t start, size_t end, bool boilerplate)
{
    while (end > start && space_byte(t->clean[end - 1]))
        end--;
    if (end <= start)
        return true;
    if (!kg_grow(&t->sentences, &t->cap_sentences, t->n_sentences, sizeof *t->sentences, 64))
        return false;
    t->sentences[t->n_sentences++] = (kgi_sentence){start, end, 0, 0, boilerplate};
    return true;
}

static bool is_closer(uint32_t cp)
{
    return cp == 0x201D || cp == '"' || cp == 0x2019 || cp == ')' || cp == ']';
}

static bool is_opener(uint32_t cp)
{
    return cp == 0x201C || cp == '"' || cp == 0x2018 || cp == '(' || cp == '[';
}

/* True when the '.' at dot ends an abbreviation or an initial. */
static bool abbreviation_before(const kgi_text *t, size_t from, size_t dot, const kgi_text_cues *cues)
{
    size_t ws = dot;
    while (ws > from && !space_byte(t->clean[ws - 1]) &&
           t->clean[ws - 1] != '(')
        ws--;
    size_t n = dot + 1 - ws;
    if (n == 2 && t->clean[ws] >= 'A' && t->clean[ws] <= 'Z')
        return true;
    if (!cues || !cues->abbreviations || n > 24)
        return false;
    char low[100];
    size_t m = kg_utf8_lower(t->clean + ws, n, low);
    int v;
    return kg_strmap_get(cues->abbreviations, low, m, &v);
}

static bool split_paragraph(kgi_text *t, size_t start, size_t end, bool boilerplate,
                            const kgi_text_cues *cues)
{
    const char *s = t->clean;
    size_t sent = start, i = start;
    while (i < end) {
        uint32_t cp;
        size_t w = kg_utf8_decode(s + i, end - i, &cp);
        if (i - sent >= KGI_MAX_SENTENCE && kgi_cp_is_space(cp)) {
            if (!add_sentence(t, sent, i, boilerplate))
                return false;
            sent = i + w;
        } else if ((cp == '.' || cp == '?' || cp == '!') &&
                   !(cp == '.' && abbreviation_before(t, sent, i, cues))) {
            size_t j = i + w;
            uint32_t c;
            while (j < end && (kg_utf8_decode(s + j, end - j, &c), is_closer(c)))
                j += kg_utf8_decode(s + j, end - j, &c);
            size_t k = j;
            while (k < end && (kg_utf8_decode(s + k, end - k, &c), kgi_cp_is_space(c)))
                k += kg_utf8_decode(s + k, end - k, &c);
            if (k > j && k < end) {
                kg_utf8_decode(s + k, end - k, &c);
                if (kgi_cp_is_upper(c) || (c >= '0' && c <= '9') || is_opener(c)) {
                    if (!add_sentence(t, sent, j, boilerplate))
                        return false;
                    sent = i = k;
                    continue;
                }
            }
        }
        i += w;
    }
    return add_sentence(t, sent, end, boilerplate);
}

/* Site furniture: navigation bars ("A | B | C"), promotions and the
 * trailer they start near the end of the body. */
static bool boilerplate_line(const char *s, size_t n, const kgi_text_cues *cues)
{
    size_t bars = 0;
    for (size_t i = 0; i < n; i++)
        bars += s[i] == '|';
    if (bars >= 2 || (bars == 1 && n <= 60))
        return true;
    if (!cues || !cues->boilerplate || n > 4000)
        return false;
    char *low = malloc(n * 4 + 1);
    if (!low)
        return false;
    low[kg_utf8_lower(s, n, low)] = '\0';
    bool hit = false;
    for (const char *const *p = cues->boilerplate; *p && !hit; p++)
        hit = strstr(low, *p) != NULL;
    free(low);
    return hit;
}

static bool split_body(kgi_text *t, size_t body, const kgi_text_cues *cues)
{
    const char *s = t->clean, *end = s + t->len;
    size_t lines = 0;
    for (const char *p = s + body; p < end; p = line_end(p, end) + 1)
        lines++;
    size_t line = 0;
    bool trailer = false, prev_boiler = false;
    for (const char *p = s + body; p < end; line++) {
        const char *le = line_end(p, end);
        const char *a = p, *b = le;
        while (a < b && space_byte(*a))
            a++;
        while (b > a && space_byte(b[-1]))
            b--;
        if (a < b) {
            bool item = (b - a > 2) && (a[0] == '-' || a[0] == '*') && a[1] == ' ';
            bool boiler = trailer || boilerplate_line(a, (size_t)(b - a), cues) ||
                          (item && prev_boiler);
            if (boiler && line * 2 >= lines)
                trailer = true;
            prev_boiler = boiler;
            if (!split_paragraph(t, (size_t)(a - s), (size_t)(b - s), boiler, cues))
                return false;
        }
        p = le + 1;
    }
    return true;
}

static void char_offsets(kgi_text *t, const char *orig, size_t orig_len)
{
    size_t pos = 0, chars = 0;
    for (size_t k = 0; k < t->n_sentences; k++) {
        kgi_sentence *s = &t->sentences[k];
        size_t *field[2] = {&s->char_start, &s->char_end};
        size_t at[2] = {orig_offset(t, s->start), orig_offset(t, s->end)};
        for (int f = 0; f < 2; f++) {
            size_t target = at[f] > orig_len ? orig_len : at[f];
            if (target < pos)
                pos = chars = 0;
            chars += kg_utf8_length(orig + pos, target - pos);
            pos = target;
            *field[f] = chars;
        }
    }
}

bool kgi_text_read(kgi_text *t, const char *data, size_t len, const kgi_text_cues *cues)
{
    memset(t, 0, sizeof *t);
    kg_buf out = KG_BUF_INIT;
    if (!repair(t, data, len, &out)) {
        kg_buf_free(&out);
        return false;
    }
    t->clean = out.data ? out.data : calloc(1, 1);
    t->len = out.len;
    if (!t->clean)
        return false;
    size_t body = read_headers(t);
    if (!split_body(t, body, cues))
        return false;
    char_offsets(t, data, len);
    return true;
}

bool kgi_text_repair(char **out, size_t *out_len, const char *data, size_t len)
{
    kgi_text t = {0};
    kg_buf b = KG_BUF_INIT;
    bool ok = repair(&t, data, len, &b);
    free(t.edits);
    *out = ok ? b.data : NULL;
    *out_len = ok ? b.len : 0;
    if (!ok)
        kg_buf_free(&b);
    return ok;
}

void kgi_text_free(kgi_text *t)
{
    free(t->clean);
    free(t->edits);
    free(t->sentences);
    free(t->title), free(t->publisher), free(t->date), free(t->source);
    memset(t, 0, sizeof *t);
}

bool kgi_text_key(const kgi_text *t, char key[KGI_TEXT_KEY_SIZE])
{
    if (!t->n_sentences)
        return false;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    size_t kept = 0;
    for (size_t i = t->sentences[0].start; i < t->len; i++) {
        uint8_t c = (uint8_t)t->clean[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80) {
            sha256_update(&ctx, 1, &c);
            kept++;
        } else if (c >= 'A' && c <= 'Z') {
            c = (uint8_t)(c + 32);
            sha256_update(&ctx, 1, &c);
            kept++;
        }
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t k = 0; k < sizeof digest; k++)
        snprintf(key + 2 * k, 3, "%02x", digest[k]);
    return kept > 0;
}

void kgi_stem_clean(const char *in, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < size; p++) {
        unsigned char c = (unsigned char)*p;
        out[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '_' || c == '.' || c >= 0x80
                       ? (char)c
                       : '-';
    }
    out[n] = '\0';
    if (!n)
        snprintf(out, size, "article");
}
