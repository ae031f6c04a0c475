/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/builtins.c - the SPARQL built-in functions that take evaluated
 * arguments (SPARQL 1.1 section 17.4), looked up by keyword from one table
 * that also gives their arity. Numbers and dates are delegated to num.c and
 * datetime.c, regular expressions to regex.c.
 *
 * Results never point into the argument terms: an argument may be a view
 * into a row that is gone before the result is used, so every string of a
 * result is in ctx->arena or static. */
#include "sparql/value.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <nettle/md5.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include <unicase.h>

#include "sparql/datetime.h"
#include "sparql/literal.h"
#include "sparql/num.h"
#include "sparql/regex.h"
#include "util/iri.h"
#include "util/utf8.h"

/* A built-in with code of its own gets its arguments and their number. */
typedef bool (*builtin_fn)(const kg_term *args, size_t n, kg_value_ctx *ctx, kg_term *out);

/* Built-ins that differ only in one step (ABS and FLOOR, MD5 and SHA1, ...)
 * share the code of their family, which is told the member by fn and finds
 * that member's step in the table. */
typedef bool (*family_fn)(const kg_term *args, kg_builtin fn, kg_value_ctx *ctx, kg_term *out);

typedef struct builtin_def {
    const char *name;
    unsigned min, max;
    builtin_fn call;  /* set for a built-in of its own, or */
    family_fn family; /* set for a member of a family, with: */
    union {
        void (*num_op)(kg_num *);       /* numeric_unary: the rounding or ABS */
        const struct nettle_hash *hash; /* hash: the digest */
        kg_term_kind kind;              /* is_kind: the kind tested for */
    } with;
} builtin_def;

/* The table, at the end of the file; families read their step from it. */
static const builtin_def builtins[KG_FN_COUNT_];

/* ---- result helpers ---- */

static const char *arena_lang(kg_value_ctx *ctx, const char *lang)
{
    return lang ? kg_arena_strdup(ctx->arena, lang) : NULL;
}

/* A string literal with the language tag of like (or a simple literal). */
static bool string_like(kg_value_ctx *ctx, const char *s, size_t len, const kg_term *like,
                        kg_term *out)
{
    const char *lang = NULL;
    if (like && like->lang && !(lang = arena_lang(ctx, like->lang)))
        return false;
    return kg_lit_make(ctx->arena, s, len, NULL, lang, out);
}

static bool simple(kg_value_ctx *ctx, const char *s, size_t len, kg_term *out)
{
    return kg_lit_make(ctx->arena, s, len, NULL, NULL, out);
}

static bool integer(kg_value_ctx *ctx, long long v, kg_term *out)
{
    char *s = kg_arena_printf(ctx->arena, "%lld", v);
    if (!s)
        return false;
    *out = kg_term_literal(s, KG_XSD "integer", NULL);
    return true;
}

static bool boolean(bool v, kg_term *out)
{
    *out = kg_lit_bool(v);
    return true;
}

/* ---- argument checks ---- */

/* Simple literal or xsd:string: what patterns, flags and hash inputs are. */
static bool is_plain_string(const kg_term *t)
{
    return kg_lit_classify(t) == KG_LIT_STRING;
}

/* Argument compatibility of two string arguments (17.4.3.1.2): both plain,
 * both with the same language tag, or a tagged first and a plain second. */
static bool compatible(const kg_term *a, const kg_term *b)
{
    if (!kg_lit_is_string(a) || !kg_lit_is_string(b))
        return false;
    if (!b->lang)
        return true;
    return a->lang && strcasecmp(a->lang, b->lang) == 0;
}

/* ---- terms and their parts ---- */

static bool fn_str(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (a[0].kind != KG_TERM_IRI && a[0].kind != KG_TERM_LITERAL)
        return false;
    return simple(ctx, a[0].value, a[0].value_len, out);
}

static bool fn_lang(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (a[0].kind != KG_TERM_LITERAL)
        return false;
    const char *lang = a[0].lang ? a[0].lang : "";
    return simple(ctx, lang, strlen(lang), out);
}

/* RFC 4647 basic filtering: "*" matches any tag, otherwise the range is
 * the tag or a prefix of it ending at a "-", case-insensitively. */
static bool fn_langmatches(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n, (void)ctx;
    if (!is_plain_string(&a[0]) || !is_plain_string(&a[1]))
        return false;
    const char *tag = a[0].value, *range = a[1].value;
    size_t rl = a[1].value_len;
    if (strcmp(range, "*") == 0)
        return boolean(a[0].value_len > 0, out);
    if (rl == 0)
        return boolean(false, out);
    bool prefix = strncasecmp(tag, range, rl) == 0;
    return boolean(prefix && (tag[rl] == '\0' || tag[rl] == '-'), out);
}

static bool fn_datatype(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (a[0].kind != KG_TERM_LITERAL)
        return false;
    const char *dt = kg_arena_strdup(ctx->arena, kg_term_datatype(&a[0]));
    if (!dt)
        return false;
    *out = kg_term_iri(dt);
    return true;
}

static bool fn_iri(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    const char *text;
    size_t bad;
    if (a[0].kind == KG_TERM_IRI)
        text = kg_arena_strndup(ctx->arena, a[0].value, a[0].value_len);
    else if (is_plain_string(&a[0]) && kg_iri_chars_valid(a[0].value, a[0].value_len, &bad))
        text = kg_iri_resolve(ctx->arena, ctx->base_iri, a[0].value, a[0].value_len);
    else
        return false; /* not a string, or characters no IRI holds (RFC 3987) */
    /* Without a base a relative reference stays relative: no IRI. */
    if (!text || kg_iri_scheme_len(text, strlen(text)) == 0)
        return false;
    *out = kg_term_iri(text);
    return true;
}

/* Labels made here start with "kgfn" so that they do not meet the labels of
 * blank nodes read from data (which the store names itself). */
static bool fn_bnode(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    char *label;
    if (n == 0) {
        if (!ctx->bnode_counter)
            return false;
        label = kg_arena_printf(ctx->arena, "kgfn%" PRIu64, (*ctx->bnode_counter)++);
    } else {
        if (!is_plain_string(&a[0]))
            return false;
        /* The same string in the same row gives the same node: derive the
         * label from both. */
        struct sha256_ctx h;
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_init(&h);
        sha256_update(&h, a[0].value_len, (const uint8_t *)a[0].value);
        sha256_digest(&h, sizeof digest, digest);
        uint64_t key = 0;
        for (int i = 0; i < 8; i++)
            key = key << 8 | digest[i];
        label = kg_arena_printf(ctx->arena, "kgfn%" PRIu64 "r%016" PRIx64, ctx->row, key);
    }
    if (!label)
        return false;
    *out = kg_term_blank(label);
    return true;
}

/* ---- numbers ---- */

/* xorshift64*: fast, and reproducible from ctx->rand_state. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static bool fn_rand(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)a, (void)n;
    if (!ctx->rand_state)
        return false;
    kg_num r;
    kg_num_init(&r, KG_NUM_DOUBLE);
    r.d = (double)(next_random(ctx->rand_state) >> 11) / 9007199254740992.0; /* 2^53 */
    bool ok = kg_num_to_term(&r, ctx->arena, out);
    kg_num_clear(&r);
    return ok;
}

static bool numeric_unary(const kg_term *a, kg_builtin fn, kg_value_ctx *ctx, kg_term *out)
{
    kg_num x;
    if (!kg_num_from_term(a, &x))
        return false;
    builtins[fn].with.num_op(&x);
    bool ok = kg_num_to_term(&x, ctx->arena, out);
    kg_num_clear(&x);
    return ok;
}

/* ---- strings ---- */

/* The result keeps a language tag only when every argument has that same
 * tag; anything else gives a simple literal. */
static bool fn_concat(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    size_t total = 0;
    const char *lang = n > 0 ? a[0].lang : NULL;
    for (size_t i = 0; i < n; i++) {
        if (!kg_lit_is_string(&a[i]))
            return false;
        if (!a[i].lang || !lang || strcasecmp(a[i].lang, lang) != 0)
            lang = NULL;
        total += a[i].value_len;
    }
    char *s = kg_arena_alloc(ctx->arena, total + 1);
    if (!s)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(s + k, a[i].value, a[i].value_len);
        k += a[i].value_len;
    }
    s[k] = '\0';
    if (lang && !(lang = arena_lang(ctx, lang)))
        return false;
    *out = (kg_term){KG_TERM_LITERAL, s, total, NULL, lang};
    return true;
}

/* A numeric argument as a double rounded the way fn:substring rounds. */
static bool rounded_position(const kg_term *t, double *out)
{
    kg_num x;
    if (!kg_num_from_term(t, &x))
        return false;
    kg_num_round(&x);
    *out = kg_num_to_double(&x);
    kg_num_clear(&x);
    return true;
}

/* fn:substring: the characters at 1-based positions p with
 * round(start) <= p < round(start) + round(length). */
static bool fn_substr(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    double start, length = INFINITY;
    if (!kg_lit_is_string(&a[0]) || !rounded_position(&a[1], &start) ||
        (n == 3 && !rounded_position(&a[2], &length)))
        return false;
    const char *s = a[0].value;
    size_t len = a[0].value_len, from = len, to = len, i = 0;
    double end = start + length; /* NaN when either is NaN: nothing matches */
    uint32_t cp;
    for (double p = 1; i <= len; p++) {
        bool in = p >= start && p < end;
        if (in && from == len)
            from = i;
        if (!in && from != len) {
            to = i;
            break;
        }
        if (i == len)
            break;
        i += kg_utf8_decode(s + i, len - i, &cp);
    }
    if (from > to)
        from = to;
    return string_like(ctx, s + from, to - from, &a[0], out);
}

static bool fn_strlen(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (!kg_lit_is_string(&a[0]))
        return false;
    return integer(ctx, (long long)kg_utf8_length(a[0].value, a[0].value_len), out);
}

/* UCASE and LCASE are XPath's fn:upper-case and fn:lower-case: Unicode's
 * default case conversion with the full mappings of SpecialCasing ("ß" to
 * "SS", "ŉ" to "ʼN", a final sigma to "ς"), and no language tailoring
 * (libunistring with no language). */
static bool change_case(const kg_term *a, kg_builtin fn, kg_value_ctx *ctx, kg_term *out)
{
    if (!kg_lit_is_string(a))
        return false;
    size_t len = 0;
    const uint8_t *s = (const uint8_t *)a->value;
    uint8_t *mapped = fn == KG_FN_UCASE ? u8_toupper(s, a->value_len, NULL, NULL, NULL, &len)
                                        : u8_tolower(s, a->value_len, NULL, NULL, NULL, &len);
    if (!mapped)
        return false; /* ENOMEM, or not UTF-8 */
    bool ok = string_like(ctx, (const char *)mapped, len, a, out);
    free(mapped);
    return ok;
}

/* Percent-encodes every byte outside RFC 3986's unreserved set. */
static bool fn_encode_for_uri(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (!kg_lit_is_string(&a[0]))
        return false;
    static const char hex[] = "0123456789ABCDEF";
    char *buf = kg_arena_alloc(ctx->arena, 3 * a[0].value_len + 1);
    if (!buf)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < a[0].value_len; i++) {
        unsigned char c = (unsigned char)a[0].value[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c && strchr("-_.~", c))) {
            buf[k++] = (char)c;
        } else {
            buf[k++] = '%';
            buf[k++] = hex[c >> 4];
            buf[k++] = hex[c & 15];
        }
    }
    buf[k] = '\0';
    *out = (kg_term){KG_TERM_LITERAL, buf, k, NULL, NULL};
    return true;
}

/* Offset of the first occurrence of needle in hay, or -1. Byte search is
 * exact on UTF-8: a code point's encoding never starts inside another's. */
static long find(const kg_term *hay, const kg_term *needle)
{
    if (needle->value_len == 0)
        return 0;
    if (needle->value_len > hay->value_len)
        return -1;
    for (size_t i = 0; i + needle->value_len <= hay->value_len; i++)
        if (memcmp(hay->value + i, needle->value, needle->value_len) == 0)
            return (long)i;
    return -1;
}

static bool fn_contains(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n, (void)ctx;
    return compatible(&a[0], &a[1]) && boolean(find(&a[0], &a[1]) >= 0, out);
}

static bool fn_strstarts(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n, (void)ctx;
    if (!compatible(&a[0], &a[1]))
        return false;
    return boolean(a[1].value_len <= a[0].value_len &&
                       memcmp(a[0].value, a[1].value, a[1].value_len) == 0,
                   out);
}

static bool fn_strends(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n, (void)ctx;
    if (!compatible(&a[0], &a[1]))
        return false;
    size_t hl = a[0].value_len, nl = a[1].value_len;
    return boolean(nl <= hl && memcmp(a[0].value + hl - nl, a[1].value, nl) == 0, out);
}

/* STRBEFORE and STRAFTER: the part before or after the first match, with
 * the first argument's tag; no match gives a simple "". */
static bool split_at(const kg_term *a, kg_builtin fn, kg_value_ctx *ctx, kg_term *out)
{
    bool before = fn == KG_FN_STRBEFORE;
    if (!compatible(&a[0], &a[1]))
        return false;
    long at = find(&a[0], &a[1]);
    if (at < 0)
        return simple(ctx, "", 0, out);
    if (before)
        return string_like(ctx, a[0].value, (size_t)at, &a[0], out);
    size_t from = (size_t)at + a[1].value_len;
    return string_like(ctx, a[0].value + from, a[0].value_len - from, &a[0], out);
}

/* A pattern that runs past the backtracking limit stops the query: neither
 * true nor false would be its answer (regex.h). */
static void too_complex(kg_value_ctx *ctx, const char *fn, const kg_term *pattern,
                        const kg_term *subject)
{
    enum { SHOWN = 60 };
    int shown = pattern->value_len > SHOWN ? SHOWN : (int)pattern->value_len;
    ctx->fatal = kg_arena_printf(
        ctx->arena,
        "%s(\"%.*s\"%s) needs more backtracking than the limit allows on a string of %zu "
        "characters%s",
        fn, shown, pattern->value, shown < (int)pattern->value_len ? "..." : "",
        kg_utf8_length(subject->value, subject->value_len),
        strcmp(fn, "REGEX") == 0 ? " (back-references and lookaround need the backtracking matcher)"
                                 : " (REPLACE needs the backtracking matcher)");
    if (!ctx->fatal)
        ctx->fatal = "a regular expression needs more backtracking than the limit allows";
}

static bool fn_regex(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    if (!kg_lit_is_string(&a[0]) || !is_plain_string(&a[1]) || (n == 3 && !is_plain_string(&a[2])))
        return false;
    int r = kg_regex_match(ctx->regex, a[1].value, a[1].value_len, n == 3 ? a[2].value : NULL,
                           a[0].value, a[0].value_len);
    if (r == KG_REGEX_TOO_COMPLEX)
        too_complex(ctx, "REGEX", &a[1], &a[0]);
    return r >= 0 && boolean(r == 1, out);
}

static bool fn_replace(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    if (!kg_lit_is_string(&a[0]) || !is_plain_string(&a[1]) || !is_plain_string(&a[2]) ||
        (n == 4 && !is_plain_string(&a[3])))
        return false;
    char *s;
    size_t len;
    int r = kg_regex_replace(ctx->regex, a[1].value, a[1].value_len, n == 4 ? a[3].value : NULL,
                             a[0].value, a[0].value_len, a[2].value, a[2].value_len, ctx->arena, &s,
                             &len);
    if (r == KG_REGEX_TOO_COMPLEX)
        too_complex(ctx, "REPLACE", &a[1], &a[0]);
    if (r != 1)
        return false;
    const char *lang = NULL;
    if (a[0].lang && !(lang = arena_lang(ctx, a[0].lang)))
        return false;
    *out = (kg_term){KG_TERM_LITERAL, s, len, NULL, lang};
    return true;
}

/* ---- dates ---- */

/* The date/time argument; dates are accepted where only the date parts
 * are asked for. */
static bool datetime_arg(const kg_term *t, bool need_time, kg_datetime *dt)
{
    return kg_lit_datetime(t, dt) && !(need_time && dt->is_date);
}

static bool date_part(const kg_term *a, kg_builtin fn, kg_value_ctx *ctx, kg_term *out)
{
    kg_datetime dt;
    bool need_time = fn == KG_FN_HOURS || fn == KG_FN_MINUTES;
    if (!datetime_arg(a, need_time, &dt))
        return false;
    switch (fn) {
    case KG_FN_YEAR: return integer(ctx, dt.year, out);
    case KG_FN_MONTH: return integer(ctx, dt.month, out);
    case KG_FN_DAY: return integer(ctx, dt.day, out);
    case KG_FN_HOURS: return integer(ctx, dt.hour, out);
    default: return integer(ctx, dt.minute, out);
    }
}

static bool fn_seconds(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    kg_datetime dt;
    if (!datetime_arg(&a[0], true, &dt))
        return false;
    char text[48];
    snprintf(text, sizeof text, "%d%s%s", dt.second, dt.frac[0] ? "." : "", dt.frac);
    kg_num sec;
    if (!kg_num_parse(KG_XSD "decimal", text, strlen(text), &sec))
        return false;
    bool ok = kg_num_to_term(&sec, ctx->arena, out);
    kg_num_clear(&sec);
    return ok;
}

static bool fn_timezone(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    kg_datetime dt;
    if (!datetime_arg(&a[0], true, &dt) || !dt.has_tz)
        return false;
    char text[32];
    kg_datetime_tz_duration(&dt, text, sizeof text);
    return kg_lit_make(ctx->arena, text, strlen(text), KG_XSD "dayTimeDuration", NULL, out);
}

static bool fn_tz(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    kg_datetime dt;
    if (!datetime_arg(&a[0], true, &dt))
        return false;
    char text[16];
    kg_datetime_tz_text(&dt, text, sizeof text);
    return simple(ctx, text, strlen(text), out);
}

static bool fn_now(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)a, (void)n;
    if (!ctx->now)
        return false;
    return kg_lit_make(ctx->arena, ctx->now, strlen(ctx->now), KG_XSD_DATETIME, NULL, out);
}

/* ---- identifiers and hashes ---- */

/* A version 4 (random) UUID in its 36-character form. */
static bool make_uuid(kg_value_ctx *ctx, char text[37])
{
    if (!ctx->rand_state)
        return false;
    uint8_t b[16];
    for (int i = 0; i < 16; i += 8) {
        uint64_t r = next_random(ctx->rand_state);
        for (int k = 0; k < 8; k++)
            b[i + k] = (uint8_t)(r >> (8 * k));
    }
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80);
    snprintf(text, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return true;
}

static bool fn_uuid(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)a, (void)n;
    char text[37];
    if (!make_uuid(ctx, text))
        return false;
    char *iri = kg_arena_printf(ctx->arena, "urn:uuid:%s", text);
    if (!iri)
        return false;
    *out = kg_term_iri(iri);
    return true;
}

static bool fn_struuid(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)a, (void)n;
    char text[37];
    return make_uuid(ctx, text) && simple(ctx, text, 36, out);
}

static bool hash(const kg_term *a, kg_builtin fn, kg_value_ctx *ctx, kg_term *out)
{
    if (!is_plain_string(a))
        return false;
    const struct nettle_hash *h = builtins[fn].with.hash;
    union {
        struct md5_ctx md5;
        struct sha1_ctx sha1;
        struct sha256_ctx sha256;
        struct sha512_ctx sha512;
    } state;
    uint8_t digest[SHA512_DIGEST_SIZE];
    h->init(&state);
    h->update(&state, a->value_len, (const uint8_t *)a->value);
    h->digest(&state, h->digest_size, digest);
    char text[2 * SHA512_DIGEST_SIZE + 1];
    for (unsigned i = 0; i < h->digest_size; i++)
        snprintf(text + 2 * i, 3, "%02x", digest[i]);
    return simple(ctx, text, 2 * h->digest_size, out);
}

/* ---- constructors and tests ---- */

/* BCP 47 in its simple form: letters, then "-"-separated alphanumerics,
 * each part 1 to 8 long. */
static bool valid_lang(const char *s, size_t len)
{
    size_t part = 0;
    bool first = true;
    for (size_t i = 0; i <= len; i++) {
        char c = i < len ? s[i] : '-';
        if (c == '-') {
            if (part == 0 || part > 8)
                return false;
            part = 0;
            first = false;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (!first && c >= '0' && c <= '9')) {
            part++;
        } else {
            return false;
        }
    }
    return true;
}

static bool fn_strlang(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (!is_plain_string(&a[0]) || !is_plain_string(&a[1]) ||
        !valid_lang(a[1].value, a[1].value_len))
        return false;
    char *lang = kg_arena_strndup(ctx->arena, a[1].value, a[1].value_len);
    if (lang)
        kg_lit_lower_lang(lang);
    return lang && kg_lit_make(ctx->arena, a[0].value, a[0].value_len, NULL, lang, out);
}

static bool fn_strdt(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n;
    if (!is_plain_string(&a[0]) || a[1].kind != KG_TERM_IRI)
        return false;
    const char *dt = kg_arena_strndup(ctx->arena, a[1].value, a[1].value_len);
    if (!dt)
        return false;
    /* xsd:string is the default datatype: keep such results simple. */
    if (strcmp(dt, KG_XSD_STRING) == 0)
        dt = NULL;
    return kg_lit_make(ctx->arena, a[0].value, a[0].value_len, dt, NULL, out);
}

static bool fn_sameterm(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n, (void)ctx;
    return boolean(kg_term_equal(&a[0], &a[1]), out);
}

/* isIRI, isBLANK, isLITERAL. */
static bool is_kind(const kg_term *a, kg_builtin fn, kg_value_ctx *ctx, kg_term *out)
{
    (void)ctx;
    return boolean(a[0].kind == builtins[fn].with.kind, out);
}

static bool fn_isnumeric(const kg_term *a, size_t n, kg_value_ctx *ctx, kg_term *out)
{
    (void)n, (void)ctx;
    return boolean(kg_lit_classify(&a[0]) == KG_LIT_NUMERIC, out);
}

/* ---- the table ---- */

static const builtin_def builtins[KG_FN_COUNT_] = {
    [KG_FN_STR] = {"STR", 1, 1, .call = fn_str},
    [KG_FN_LANG] = {"LANG", 1, 1, .call = fn_lang},
    [KG_FN_LANGMATCHES] = {"LANGMATCHES", 2, 2, .call = fn_langmatches},
    [KG_FN_DATATYPE] = {"DATATYPE", 1, 1, .call = fn_datatype},
    [KG_FN_IRI] = {"IRI", 1, 1, .call = fn_iri},
    [KG_FN_BNODE] = {"BNODE", 0, 1, .call = fn_bnode},
    [KG_FN_RAND] = {"RAND", 0, 0, .call = fn_rand},
    [KG_FN_ABS] = {"ABS", 1, 1, .family = numeric_unary, .with.num_op = kg_num_abs},
    [KG_FN_CEIL] = {"CEIL", 1, 1, .family = numeric_unary, .with.num_op = kg_num_ceil},
    [KG_FN_FLOOR] = {"FLOOR", 1, 1, .family = numeric_unary, .with.num_op = kg_num_floor},
    [KG_FN_ROUND] = {"ROUND", 1, 1, .family = numeric_unary, .with.num_op = kg_num_round},
    [KG_FN_CONCAT] = {"CONCAT", 0, UINT_MAX, .call = fn_concat},
    [KG_FN_SUBSTR] = {"SUBSTR", 2, 3, .call = fn_substr},
    [KG_FN_STRLEN] = {"STRLEN", 1, 1, .call = fn_strlen},
    [KG_FN_REPLACE] = {"REPLACE", 3, 4, .call = fn_replace},
    [KG_FN_UCASE] = {"UCASE", 1, 1, .family = change_case},
    [KG_FN_LCASE] = {"LCASE", 1, 1, .family = change_case},
    [KG_FN_ENCODE_FOR_URI] = {"ENCODE_FOR_URI", 1, 1, .call = fn_encode_for_uri},
    [KG_FN_CONTAINS] = {"CONTAINS", 2, 2, .call = fn_contains},
    [KG_FN_STRSTARTS] = {"STRSTARTS", 2, 2, .call = fn_strstarts},
    [KG_FN_STRENDS] = {"STRENDS", 2, 2, .call = fn_strends},
    [KG_FN_STRBEFORE] = {"STRBEFORE", 2, 2, .family = split_at},
    [KG_FN_STRAFTER] = {"STRAFTER", 2, 2, .family = split_at},
    [KG_FN_YEAR] = {"YEAR", 1, 1, .family = date_part},
    [KG_FN_MONTH] = {"MONTH", 1, 1, .family = date_part},
    [KG_FN_DAY] = {"DAY", 1, 1, .family = date_part},
    [KG_FN_HOURS] = {"HOURS", 1, 1, .family = date_part},
    [KG_FN_MINUTES] = {"MINUTES", 1, 1, .family = date_part},
    [KG_FN_SECONDS] = {"SECONDS", 1, 1, .call = fn_seconds},
    [KG_FN_TIMEZONE] = {"TIMEZONE", 1, 1, .call = fn_timezone},
    [KG_FN_TZ] = {"TZ", 1, 1, .call = fn_tz},
    [KG_FN_NOW] = {"NOW", 0, 0, .call = fn_now},
    [KG_FN_UUID] = {"UUID", 0, 0, .call = fn_uuid},
    [KG_FN_STRUUID] = {"STRUUID", 0, 0, .call = fn_struuid},
    [KG_FN_MD5] = {"MD5", 1, 1, .family = hash, .with.hash = &nettle_md5},
    [KG_FN_SHA1] = {"SHA1", 1, 1, .family = hash, .with.hash = &nettle_sha1},
    [KG_FN_SHA256] = {"SHA256", 1, 1, .family = hash, .with.hash = &nettle_sha256},
    [KG_FN_SHA384] = {"SHA384", 1, 1, .family = hash, .with.hash = &nettle_sha384},
    [KG_FN_SHA512] = {"SHA512", 1, 1, .family = hash, .with.hash = &nettle_sha512},
    [KG_FN_STRLANG] = {"STRLANG", 2, 2, .call = fn_strlang},
    [KG_FN_STRDT] = {"STRDT", 2, 2, .call = fn_strdt},
    [KG_FN_SAMETERM] = {"sameTerm", 2, 2, .call = fn_sameterm},
    [KG_FN_ISIRI] = {"isIRI", 1, 1, .family = is_kind, .with.kind = KG_TERM_IRI},
    [KG_FN_ISBLANK] = {"isBLANK", 1, 1, .family = is_kind, .with.kind = KG_TERM_BLANK},
    [KG_FN_ISLITERAL] = {"isLITERAL", 1, 1, .family = is_kind, .with.kind = KG_TERM_LITERAL},
    [KG_FN_ISNUMERIC] = {"isNUMERIC", 1, 1, .call = fn_isnumeric},
    [KG_FN_REGEX] = {"REGEX", 2, 3, .call = fn_regex},
};

static bool keyword_is(const char *name, size_t len, const char *keyword)
{
    return strlen(keyword) == len && strncasecmp(name, keyword, len) == 0;
}

bool kg_builtin_lookup(const char *name, size_t len, kg_builtin *out)
{
    if (keyword_is(name, len, "URI")) {
        *out = KG_FN_IRI;
        return true;
    }
    if (keyword_is(name, len, "isURI")) {
        *out = KG_FN_ISIRI;
        return true;
    }
    for (int fn = 0; fn < KG_FN_COUNT_; fn++) {
        if (keyword_is(name, len, builtins[fn].name)) {
            *out = (kg_builtin)fn;
            return true;
        }
    }
    return false;
}

const char *kg_builtin_name(kg_builtin fn)
{
    return fn >= 0 && fn < KG_FN_COUNT_ ? builtins[fn].name : NULL;
}

void kg_builtin_arity(kg_builtin fn, unsigned *min, unsigned *max)
{
    *min = builtins[fn].min;
    *max = builtins[fn].max;
}

bool kg_builtin_call(kg_builtin fn, const kg_term *args, size_t nargs, kg_value_ctx *ctx,
                     kg_term *out)
{
    if (fn < 0 || fn >= KG_FN_COUNT_ || nargs < builtins[fn].min || nargs > builtins[fn].max)
        return false;
    /* Every function here is an error on an unbound argument. */
    for (size_t i = 0; i < nargs; i++)
        if (args[i].kind == KG_TERM_NONE)
            return false;
    const builtin_def *def = &builtins[fn];
    return def->call ? def->call(args, nargs, ctx, out) : def->family(args, fn, ctx, out);
}
