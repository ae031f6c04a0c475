/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/regex.c - REGEX and REPLACE on PCRE2 (see regex.h). XPath's
 * regular expressions are close to Perl's; the differences that matter are
 * handled with compile options: "$" only matches at the very end without
 * the m flag (DOLLAR_ENDONLY), \w and friends are Unicode-aware (UCP), q
 * makes the whole pattern literal, and x is done here rather than with
 * PCRE2_EXTENDED, which would also read "#" as the start of a comment.
 * Compiled patterns are kept in a small cache keyed by pattern and flags,
 * since a FILTER runs once per row.
 *
 * Time: PCRE2's backtracking matcher can take exponential time ("(a+)+$"
 * on a run of a's), so it gets a step limit. When REGEX reaches it, the
 * answer comes from an automaton (automaton.h), linear in the subject, with
 * the same yes or no; a pattern that reached it once goes straight to the
 * automaton on later rows. (pcre2_dfa_match is no such automaton: its time
 * grows with a high power of the subject's length on such patterns.) Only
 * back-references and lookaround need the backtracker: such a pattern past
 * the limit is KG_REGEX_TOO_COMPLEX, which the caller reports as an error,
 * never as a silent no. REPLACE needs the
 * backtracker's leftmost-first matches and groups, so it too reports
 * KG_REGEX_TOO_COMPLEX past the limit. The subject is checked as UTF-8 once
 * per call and matched with PCRE2_NO_UTF_CHECK: PCRE2 would otherwise check
 * the whole subject at every match, making REPLACE quadratic. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "sparql/regex.h"

#include "sparql/automaton.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

enum {
    CACHE_MAX = 64,
    /* Backtracking steps for one match: far more than ordinary patterns
     * need, reached in a fraction of a second by runaway ones. */
    MATCH_LIMIT = 1000000,
};

typedef struct cached {
    struct cached *next;
    char *pattern;
    size_t pattern_len;
    uint32_t options;
    pcre2_code *code;
    bool past_limit;         /* reached the step limit once: use the automaton */
    kg_automaton *automaton; /* compiled when first needed */
} cached;

struct kg_regex_cache {
    cached *head;
    size_t count;
    pcre2_match_context *limits;
};

static pcre2_match_context *new_limits(void)
{
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (mc)
        pcre2_set_match_limit(mc, MATCH_LIMIT);
    return mc;
}

kg_regex_cache *kg_regex_cache_new(void)
{
    kg_regex_cache *cache = calloc(1, sizeof(kg_regex_cache));
    if (cache && !(cache->limits = new_limits())) {
        free(cache);
        cache = NULL;
    }
    return cache;
}

static void cached_free(cached *c)
{
    kg_automaton_free(c->automaton);
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
    pcre2_match_context_free(cache->limits);
    free(cache);
}

static bool flag_options(const char *flags, uint32_t *options)
{
    *options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
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
        *options &= PCRE2_LITERAL | PCRE2_CASELESS | PCRE2_UTF;
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

/* A compiled pattern for one call: its cache entry (or, uncached, an entry
 * of the call's own, freed by release) and the limits to match with. */
typedef struct regex {
    cached *entry;
    cached local;
    pcre2_match_context *limits;
    bool own_limits; /* no cache: release frees them */
} regex;

static bool get_code(kg_regex_cache *cache, const char *pattern, size_t len, const char *flags,
                     regex *re)
{
    uint32_t options;
    *re = (regex){.entry = &re->local};
    if (!flag_options(flags, &options))
        return false;
    re->local = (cached){.pattern = (char *)pattern, .pattern_len = len, .options = options};
    if (!cache) {
        re->local.code = compile(pattern, len, options);
        re->limits = re->local.code ? new_limits() : NULL;
        re->own_limits = true;
        return re->limits != NULL;
    }
    re->limits = cache->limits;
    cached **link = &cache->head;
    for (cached *c = cache->head; c; link = &c->next, c = c->next) {
        if (c->options == options && c->pattern_len == len && memcmp(c->pattern, pattern, len) == 0) {
            /* Move to the front so that the oldest unused entry is dropped. */
            *link = c->next;
            c->next = cache->head;
            cache->head = c;
            re->entry = c;
            return true;
        }
    }
    if (!(re->local.code = compile(pattern, len, options)))
        return false;
    cached *c = malloc(sizeof *c);
    char *copy = malloc(len + 1);
    if (!c || !copy) {
        free(c);
        free(copy);
        return true; /* uncached: release frees it */
    }
    memcpy(copy, pattern, len);
    *c = (cached){cache->head, copy, len, options, re->local.code, false, NULL};
    re->local.code = NULL;
    re->entry = c;
    cache->head = c;
    if (++cache->count > CACHE_MAX) {
        cached *prev = cache->head;
        while (prev->next->next)
            prev = prev->next;
        cached_free(prev->next);
        prev->next = NULL;
        cache->count--;
    }
    return true;
}

static void release(regex *re)
{
    pcre2_code_free(re->local.code);
    kg_automaton_free(re->local.automaton);
    if (re->own_limits)
        pcre2_match_context_free(re->limits);
}

static bool past_limit(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
           rc == PCRE2_ERROR_HEAPLIMIT;
}

/* One backtracking match from start: 1 match, 0 none, -1 error,
 * KG_REGEX_TOO_COMPLEX past the step limit; md receives the groups. The
 * subject is valid UTF-8 (checked by the caller). */
static int run(const regex *re, const char *s, size_t len, size_t start, pcre2_match_data *md)
{
    int rc = pcre2_match(re->entry->code, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, md,
                         re->limits);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return past_limit(rc) ? KG_REGEX_TOO_COMPLEX : -1;
}

/* Whether the pattern matches anywhere in s, by the automaton, compiled on
 * first use: 1, 0, -1 on ENOMEM, KG_REGEX_TOO_COMPLEX for a pattern only
 * the backtracker can run (back-references, lookaround). */
static int run_automaton(regex *re, const char *s, size_t len)
{
    cached *c = re->entry;
    if (!c->automaton) {
        uint32_t o = c->options;
        unsigned flags = (o & PCRE2_CASELESS ? KG_AUTOMATON_CASELESS : 0) |
                         (o & PCRE2_DOTALL ? KG_AUTOMATON_DOTALL : 0) |
                         (o & PCRE2_MULTILINE ? KG_AUTOMATON_MULTILINE : 0);
        char *stripped = malloc(c->pattern_len + 1);
        if (!stripped)
            return -1;
        size_t n = c->pattern_len;
        if (o & PCRE2_EXTENDED)
            n = strip_whitespace(c->pattern, n, stripped);
        else
            memcpy(stripped, c->pattern, n);
        c->automaton = o & PCRE2_LITERAL ? NULL : kg_automaton_new(stripped, n, flags);
        free(stripped);
        if (!c->automaton)
            return KG_REGEX_TOO_COMPLEX;
    }
    return kg_automaton_match(c->automaton, s, len);
}

int kg_regex_match(kg_regex_cache *cache, const char *pattern, size_t pattern_len,
                   const char *flags, const char *subject, size_t subject_len)
{
    size_t bad;
    regex re;
    if (!kg_utf8_check(subject, subject_len, &bad))
        return -1;
    if (!get_code(cache, pattern, pattern_len, flags, &re)) {
        release(&re);
        return -1;
    }
    int r = -1;
    if (!re.entry->past_limit) {
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re.entry->code, NULL);
        r = md ? run(&re, subject, subject_len, 0, md) : -1;
        pcre2_match_data_free(md);
    }
    if (re.entry->past_limit || r == KG_REGEX_TOO_COMPLEX) {
        re.entry->past_limit = true;
        r = run_automaton(&re, subject, subject_len);
    }
    release(&re);
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

int kg_regex_replace(kg_regex_cache *cache, const char *pattern, size_t pattern_len,
                     const char *flags, const char *subject, size_t subject_len,
                     const char *replacement, size_t replacement_len, kg_arena *arena,
                     char **out, size_t *out_len)
{
    size_t bad;
    regex re;
    if (!replacement_valid(replacement, replacement_len) ||
        !kg_utf8_check(subject, subject_len, &bad))
        return -1;
    if (!get_code(cache, pattern, pattern_len, flags, &re)) {
        release(&re);
        return -1;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re.entry->code, NULL);
    int status = md ? run(&re, "", 0, 0, md) : -1;
    bool ok = status == 0; /* a match of "" is FORX0003 */
    uint32_t groups = 0;
    pcre2_pattern_info(re.entry->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    kg_buf b = KG_BUF_INIT;
    size_t pos = 0;
    while (ok) {
        int r = run(&re, subject, subject_len, pos, md);
        if (r < 0)
            ok = false, status = r;
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
    release(&re);
    if (ok)
        return 1;
    return status == KG_REGEX_TOO_COMPLEX ? status : -1;
}
