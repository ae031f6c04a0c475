/* sparql/regex.c - REGEX and REPLACE on PCRE2 (see regex.h). XPath's
 * regular expressions are close to Perl's; the differences that matter are
 * handled with compile options: "$" only matches at the very end without
 * the m flag (DOLLAR_ENDONLY), \w and friends are Unicode-aware (UCP), q
 * makes the whole pattern literal, and x is done here rather than with
 * PCRE2_EXTENDED, which would also read "#" as the start of a comment. Compiled patterns are kept in a small
 * cache keyed by pattern and flags, since a FILTER runs once per row. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "sparql/regex.h"

#include "util/buf.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

enum { CACHE_MAX = 64 };

typedef struct cached {
    struct cached *next;
    char *pattern;
    size_t pattern_len;
    uint32_t options;
    pcre2_code *code;
} cached;

struct kg_regex_cache {
    cached *head;
    size_t count;
};

kg_regex_cache *kg_regex_cache_new(void)
{
    return calloc(1, sizeof(kg_regex_cache));
}

static void cached_free(cached *c)
{
    pcre2_code_free(c->code);
    free(c->pattern);
    free(c);
}

void kg_regex_cache_free(kg_regex_cache *cache)
{
    if (!cache)
        return;
    for (cached *c = cache->head, *next; c; c = next) {
        next = c->next;
        cached_free(c);
    }
    free(cache);
}

static bool flag_options(const char *flags, uint32_t *options)
{
    *options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_INVALID_UTF;
    for (const char *f = flags ? flags : ""; *f; f++) {
        switch (*f) {
        case 's': *options |= PCRE2_DOTALL; break;
        case 'm': *options |= PCRE2_MULTILINE; break;
        case 'i': *options |= PCRE2_CASELESS; break;
        case 'x': *options |= PCRE2_EXTENDED; break; /* marker; see compile() */
        case 'q': *options |= PCRE2_LITERAL; break;
        default: return false;
        }
    }
    /* With q the other flags but i have no effect (XPath), and PCRE2
     * rejects them next to PCRE2_LITERAL. */
    if (*options & PCRE2_LITERAL)
        *options &= PCRE2_LITERAL | PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    return true;
}

/* XPath's x flag: whitespace is removed from the pattern except inside
 * character classes. Returns the new length. */
static size_t strip_whitespace(const char *pattern, size_t len, char *out)
{
    size_t o = 0;
    bool in_class = false;
    for (size_t i = 0; i < len; i++) {
        char c = pattern[i];
        if (c == '\\' && i + 1 < len) {
            out[o++] = c;
            out[o++] = pattern[++i];
            continue;
        }
        if (c == '[')
            in_class = true;
        else if (c == ']')
            in_class = false;
        if (!in_class && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
            continue;
        out[o++] = c;
    }
    return o;
}

static pcre2_code *compile(const char *pattern, size_t len, uint32_t options)
{
    int err;
    PCRE2_SIZE offset;
    if (!(options & PCRE2_EXTENDED))
        return pcre2_compile((PCRE2_SPTR)pattern, len, options, &err, &offset, NULL);
    char *stripped = malloc(len + 1);
    if (!stripped)
        return NULL;
    size_t n = strip_whitespace(pattern, len, stripped);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)stripped, n, options & ~(uint32_t)PCRE2_EXTENDED,
                                     &err, &offset, NULL);
    free(stripped);
    return code;
}

/* The compiled pattern; *owned tells the caller to free it (no cache). */
static pcre2_code *get_code(kg_regex_cache *cache, const char *pattern, size_t len,
                            const char *flags, bool *owned)
{
    uint32_t options;
    *owned = false;
    if (!flag_options(flags, &options))
        return NULL;
    if (!cache) {
        *owned = true;
        return compile(pattern, len, options);
    }
    cached **link = &cache->head;
    for (cached *c = cache->head; c; link = &c->next, c = c->next) {
        if (c->options == options && c->pattern_len == len && memcmp(c->pattern, pattern, len) == 0) {
            /* Move to the front so that the oldest unused entry is dropped. */
            *link = c->next;
            c->next = cache->head;
            cache->head = c;
            return c->code;
        }
    }
    pcre2_code *code = compile(pattern, len, options);
    if (!code)
        return NULL;
    cached *c = malloc(sizeof *c);
    char *copy = malloc(len + 1);
    if (!c || !copy) {
        free(c);
        free(copy);
        *owned = true;
        return code;
    }
    memcpy(copy, pattern, len);
    *c = (cached){cache->head, copy, len, options, code};
    cache->head = c;
    if (++cache->count > CACHE_MAX) {
        cached *prev = cache->head;
        while (prev->next->next)
            prev = prev->next;
        cached_free(prev->next);
        prev->next = NULL;
        cache->count--;
    }
    return code;
}

static void release(pcre2_code *code, bool owned)
{
    if (owned)
        pcre2_code_free(code);
}

/* 1 match, 0 none, -1 error; md receives the groups. */
static int run(pcre2_code *code, const char *s, size_t len, size_t start, pcre2_match_data *md)
{
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, start, 0, md, NULL);
    if (rc >= 0)
        return 1;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

int kg_regex_match(kg_regex_cache *cache, const char *pattern, size_t pattern_len,
                   const char *flags, const char *subject, size_t subject_len)
{
    bool owned;
    pcre2_code *code = get_code(cache, pattern, pattern_len, flags, &owned);
    if (!code)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int r = md ? run(code, subject, subject_len, 0, md) : -1;
    pcre2_match_data_free(md);
    release(code, owned);
    return r;
}

/* Checks the replacement string's syntax: "$" must introduce a group
 * number and "\" may only escape "$" or "\". */
static bool replacement_valid(const char *r, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (r[i] == '\\') {
            if (i + 1 >= len || (r[i + 1] != '\\' && r[i + 1] != '$'))
                return false;
            i++;
        } else if (r[i] == '$') {
            if (i + 1 >= len || r[i + 1] < '0' || r[i + 1] > '9')
                return false;
        }
    }
    return true;
}

/* Appends the replacement for one match: "$12" means group 12 when there
 * are that many groups, otherwise group 1 followed by "2" (XPath rule). */
static bool expand(kg_buf *b, const char *r, size_t len, const char *subject, PCRE2_SIZE *ov,
                   uint32_t groups)
{
    for (size_t i = 0; i < len; i++) {
        if (r[i] == '\\') {
            if (!kg_buf_append(b, r + ++i, 1))
                return false;
            continue;
        }
        if (r[i] != '$') {
            if (!kg_buf_append(b, r + i, 1))
                return false;
            continue;
        }
        uint32_t g = (uint32_t)(r[++i] - '0');
        while (i + 1 < len && r[i + 1] >= '0' && r[i + 1] <= '9' &&
               g * 10 + (uint32_t)(r[i + 1] - '0') <= groups)
            g = g * 10 + (uint32_t)(r[++i] - '0');
        if (g <= groups && ov[2 * g] != PCRE2_UNSET &&
            !kg_buf_append(b, subject + ov[2 * g], ov[2 * g + 1] - ov[2 * g]))
            return false;
    }
    return true;
}

bool kg_regex_replace(kg_regex_cache *cache, const char *pattern, size_t pattern_len,
                      const char *flags, const char *subject, size_t subject_len,
                      const char *replacement, size_t replacement_len, kg_arena *arena,
                      char **out, size_t *out_len)
{
    if (!replacement_valid(replacement, replacement_len))
        return false;
    bool owned;
    pcre2_code *code = get_code(cache, pattern, pattern_len, flags, &owned);
    if (!code)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    bool ok = md && run(code, "", 0, 0, md) == 0; /* FORX0003 */
    uint32_t groups = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    kg_buf b = KG_BUF_INIT;
    size_t pos = 0;
    while (ok) {
        int r = run(code, subject, subject_len, pos, md);
        if (r < 0)
            ok = false;
        if (r <= 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        ok = kg_buf_append(&b, subject + pos, ov[0] - pos) &&
             expand(&b, replacement, replacement_len, subject, ov, groups);
        pos = ov[1];
    }
    if (ok && kg_buf_append(&b, subject + pos, subject_len - pos)) {
        *out_len = b.len;
        *out = kg_arena_strndup(arena, b.data ? b.data : "", b.len);
        ok = *out != NULL;
    } else {
        ok = false;
    }
    kg_buf_free(&b);
    pcre2_match_data_free(md);
    release(code, owned);
    return ok;
}
