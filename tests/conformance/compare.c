/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/compare.c - result comparison up to blank node
 * renaming (see compare.h).
 *
 * The search for the bijection is a backtracking match of rows, made fast
 * by hashing: every row gets a signature from its non-blank terms and from
 * "colours" of its blank nodes, refined a few rounds the way colour
 * refinement (1-dimensional Weisfeiler-Leman) does it: a blank node's colour
 * is a hash of the signatures of the rows it is in. Isomorphic results get
 * equal signatures, so an expected row is only ever tried against actual
 * rows with the same signature, and a blank node only against blank nodes
 * of the same colour. On the suite's results that leaves next to no
 * backtracking; a step limit still stops a pathological case. */
#include "compare.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/hash.h"

enum { REFINE_ROUNDS = 4 };
static const unsigned long STEP_LIMIT = 20000000;

/* One side of the comparison, columns in the expected side's order. */
typedef struct side {
    const cf_results *r;
    size_t *col;       /* col[i]: this side's column for common column i */
    long *blank;       /* per cell (row * width + i): blank id, or -1 */
    uint64_t *hash;    /* per cell: term hash (blank cells: 0) */
    size_t nblank;     /* distinct blank labels */
    uint64_t *colour;  /* per blank id */
    uint64_t *sig;     /* per row */
    bool *used;        /* per row: matched already (actual side) */
} side;

typedef struct matcher {
    side e, a;
    size_t width;
    long *e2a, *a2e; /* blank bijection being built; -1 when unset */
    long *undo;      /* stack of expected blank ids set, for backtracking */
    size_t nundo;
    unsigned long steps;
} matcher;

static void say(char *why, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *why, size_t size, const char *fmt, ...)
{
    if (!why || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
}

/* ---- hashing -------------------------------------------------------- */

static uint64_t hash_opt(const char *s, uint64_t seed)
{
    return s ? kg_hash_bytes(s, strlen(s), seed) : kg_hash_mix(seed + 1);
}

/* Consistent with kg_term_equal: the default datatype is applied and the
 * language tag is hashed in lower case. */
static uint64_t term_hash(const kg_term *t)
{
    uint64_t h = kg_hash_mix((uint64_t)t->kind + 0x9e3779b97f4a7c15ULL);
    if (t->kind == KG_TERM_NONE)
        return h;
    h = kg_hash_bytes(t->value, t->value_len, h);
    if (t->kind != KG_TERM_LITERAL)
        return h;
    h = hash_opt(kg_term_datatype(t), h);
    if (t->lang) {
        char lower[64];
        size_t n = strlen(t->lang);
        n = n < sizeof lower ? n : sizeof lower;
        for (size_t i = 0; i < n; i++)
            lower[i] = (char)tolower((unsigned char)t->lang[i]);
        h = kg_hash_bytes(lower, n, h);
    }
    return h;
}

static uint64_t combine(uint64_t h, uint64_t v)
{
    return kg_hash_mix(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

/* ---- setting a side up ---------------------------------------------- */

/* Numbers the distinct blank labels of a side (0, 1, ...) by sorting the
 * blank cells by label. */
typedef struct label_ref {
    const kg_term *t;
    size_t cell;
} label_ref;

static int by_label(const void *a, const void *b)
{
    const kg_term *x = ((const label_ref *)a)->t, *y = ((const label_ref *)b)->t;
    size_t n = x->value_len < y->value_len ? x->value_len : y->value_len;
    int c = memcmp(x->value, y->value, n);
    return c ? c : (x->value_len > y->value_len) - (x->value_len < y->value_len);
}

static bool number_blanks(side *s, size_t width)
{
    size_t cells = s->r->count * width, n = 0;
    label_ref *refs = malloc((cells ? cells : 1) * sizeof *refs);
    if (!refs)
        return false;
    for (size_t c = 0; c < cells; c++) {
        const kg_term *t = &cf_results_row(s->r, c / width)[s->col[c % width]];
        s->blank[c] = -1;
        if (t->kind == KG_TERM_BLANK)
            refs[n++] = (label_ref){t, c};
        else
            s->hash[c] = term_hash(t);
    }
    qsort(refs, n, sizeof *refs, by_label);
    long id = -1;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || by_label(&refs[i - 1], &refs[i]) != 0)
            id++;
        s->blank[refs[i].cell] = id;
        s->hash[refs[i].cell] = 0;
    }
    s->nblank = (size_t)(id + 1);
    free(refs);
    return true;
}

static void compute_sigs(side *s, size_t width)
{
    for (size_t i = 0; i < s->r->count; i++) {
        uint64_t h = 0x51ed27;
        for (size_t j = 0; j < width; j++) {
            size_t c = i * width + j;
            uint64_t v = s->blank[c] < 0 ? s->hash[c] : combine(0xb1a4c, s->colour[s->blank[c]]);
            h = combine(h, combine(j, v));
        }
        s->sig[i] = h;
    }
}

/* One round of colour refinement; the sum makes it independent of row
 * order. */
static bool refine(side *s, size_t width)
{
    uint64_t *next = calloc(s->nblank ? s->nblank : 1, sizeof *next);
    if (!next)
        return false;
    for (size_t c = 0; c < s->r->count * width; c++)
        if (s->blank[c] >= 0)
            next[s->blank[c]] += combine(s->sig[c / width], c % width);
    for (size_t b = 0; b < s->nblank; b++)
        s->colour[b] = combine(s->colour[b], next[b]);
    free(next);
    compute_sigs(s, width);
    return true;
}

static bool side_init(side *s, const cf_results *r, const size_t *col, size_t width)
{
    size_t cells = r->count * width;
    s->r = r;
    s->col = malloc((width ? width : 1) * sizeof *s->col);
    s->blank = malloc((cells ? cells : 1) * sizeof *s->blank);
    s->hash = malloc((cells ? cells : 1) * sizeof *s->hash);
    s->sig = malloc((r->count ? r->count : 1) * sizeof *s->sig);
    s->used = calloc(r->count ? r->count : 1, sizeof *s->used);
    if (!s->col || !s->blank || !s->hash || !s->sig || !s->used)
        return false;
    memcpy(s->col, col, width * sizeof *col);
    if (!number_blanks(s, width))
        return false;
    s->colour = calloc(s->nblank ? s->nblank : 1, sizeof *s->colour);
    if (!s->colour)
        return false;
    compute_sigs(s, width);
    for (int round = 0; round < REFINE_ROUNDS && s->nblank; round++)
        if (!refine(s, width))
            return false;
    return true;
}

static void side_free(side *s)
{
    free(s->col), free(s->blank), free(s->hash), free(s->colour), free(s->sig), free(s->used);
}

/* ---- matching rows -------------------------------------------------- */

/* Undoes the bijection's pairs made since the undo stack held mark. */
static void unmatch_to(matcher *m, size_t mark)
{
    while (m->nundo > mark) {
        long b = m->undo[--m->nundo];
        m->a2e[m->e2a[b]] = -1;
        m->e2a[b] = -1;
    }
}

static bool row_has_blank(const side *s, size_t row, size_t width)
{
    for (size_t j = 0; j < width; j++)
        if (s->blank[row * width + j] >= 0)
            return true;
    return false;
}

/* Tries to match expected row i with actual row k, extending the bijection.
 * On failure the bijection is as it was. */
static bool match_row(matcher *m, size_t i, size_t k)
{
    if (m->e.sig[i] != m->a.sig[k])
        return false;
    size_t mark = m->nundo;
    for (size_t j = 0; j < m->width; j++) {
        size_t ce = i * m->width + j, ca = k * m->width + j;
        long be = m->e.blank[ce], ba = m->a.blank[ca];
        bool ok;
        if (be < 0 || ba < 0) {
            ok = be < 0 && ba < 0 &&
                 kg_term_equal(&cf_results_row(m->e.r, i)[m->e.col[j]],
                               &cf_results_row(m->a.r, k)[m->a.col[j]]);
        } else if (m->e2a[be] >= 0 || m->a2e[ba] >= 0) {
            ok = m->e2a[be] == ba;
        } else {
            ok = m->e.colour[be] == m->a.colour[ba];
            if (ok) {
                m->e2a[be] = ba, m->a2e[ba] = be;
                m->undo[m->nundo++] = be;
            }
        }
        if (!ok) {
            unmatch_to(m, mark);
            return false;
        }
    }
    return true;
}

/* Matches expected rows order[pos..] to unused actual rows. The actual
 * rows with a given signature are candidates[first[g]..first[g+1]) for the
 * group g of the expected row (see unordered()). */
typedef struct search {
    matcher *m;
    const size_t *order;    /* expected rows, most constrained first */
    size_t n;
    const size_t *by_sig;   /* actual rows sorted by signature */
    const size_t *lo, *hi;  /* per expected row: its range in by_sig */
    bool gave_up;
} search;

static bool search_from(search *s, size_t pos)
{
    if (pos == s->n)
        return true;
    matcher *m = s->m;
    size_t i = s->order[pos];
    for (size_t c = s->lo[i]; c < s->hi[i]; c++) {
        size_t k = s->by_sig[c];
        if (m->a.used[k])
            continue;
        if (++m->steps > STEP_LIMIT) {
            s->gave_up = true;
            return false;
        }
        size_t mark = m->nundo;
        if (!match_row(m, i, k))
            continue;
        m->a.used[k] = true;
        if (search_from(s, pos + 1))
            return true;
        m->a.used[k] = false;
        unmatch_to(m, mark);
        if (s->gave_up)
            return false;
        /* A row without blank nodes matches only rows identical to it:
         * when one of them led nowhere, the others lead nowhere too. */
        if (!row_has_blank(&m->e, i, m->width))
            return false;
    }
    return false;
}

static const uint64_t *sort_keys; /* qsort has no context argument */

static int by_key(const void *a, const void *b)
{
    uint64_t x = sort_keys[*(const size_t *)a], y = sort_keys[*(const size_t *)b];
    return (x > y) - (x < y);
}

/* Row at of r in N-Triples terms ("-" for unbound), truncated to size;
 * "none" when at is -1. */
static void format_row(const cf_results *r, const size_t *col, size_t width, long at, char *buf,
                       size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "%s", at < 0 ? "none" : "");
    for (size_t j = 0; at >= 0 && j < width && used + 1 < size; j++) {
        const kg_term *t = &cf_results_row(r, (size_t)at)[col[j]];
        if (j)
            buf[used++] = ' ', buf[used] = '\0';
        if (t->kind == KG_TERM_NONE)
            used += (size_t)snprintf(buf + used, size - used, "-");
        else
            used += kg_term_to_ntriples(t, buf + used, size - used);
    }
}

/* Counts the rows whose signature the other side lacks, and shows the
 * first of each side. */
static void explain_sigs(matcher *m, const size_t *es, const size_t *as, char *why, size_t size)
{
    size_t n = m->e.r->count, i = 0, k = 0, missing = 0, extra = 0;
    long first_missing = -1, first_extra = -1;
    while (i < n || k < n) {
        uint64_t x = i < n ? m->e.sig[es[i]] : UINT64_MAX, y = k < n ? m->a.sig[as[k]] : UINT64_MAX;
        if (i < n && (k >= n || x < y)) {
            if (first_missing < 0)
                first_missing = (long)es[i];
            missing++, i++;
        } else if (k < n && (i >= n || y < x)) {
            if (first_extra < 0)
                first_extra = (long)as[k];
            extra++, k++;
        } else {
            i++, k++;
        }
    }
    char missing_row[200], extra_row[200];
    format_row(m->e.r, m->e.col, m->width, first_missing, missing_row, sizeof missing_row);
    format_row(m->a.r, m->a.col, m->width, first_extra, extra_row, sizeof extra_row);
    say(why, size, "%zu expected rows have no match and %zu rows are unexpected; missing e.g. %s; "
        "unexpected e.g. %s", missing, extra, missing_row, extra_row);
}

static bool unordered(matcher *m, char *why, size_t size)
{
    size_t n = m->e.r->count;
    size_t *es = malloc((n ? n : 1) * sizeof *es), *as = malloc((n ? n : 1) * sizeof *as);
    size_t *lo = malloc((n ? n : 1) * sizeof *lo), *hi = malloc((n ? n : 1) * sizeof *hi);
    bool ok = es && as && lo && hi;
    if (!ok)
        say(why, size, "out of memory");
    for (size_t i = 0; ok && i < n; i++)
        es[i] = as[i] = i;
    if (ok) {
        sort_keys = m->e.sig;
        qsort(es, n, sizeof *es, by_key);
        sort_keys = m->a.sig;
        qsort(as, n, sizeof *as, by_key);
        for (size_t i = 0; i < n && ok; i++)
            ok = m->e.sig[es[i]] == m->a.sig[as[i]];
        if (!ok)
            explain_sigs(m, es, as, why, size);
    }
    if (ok) {
        /* Each expected row's candidates: the run of actual rows with its
         * signature. Searching rows of small runs first fails early. */
        for (size_t i = 0, k; i < n; i = k) {
            for (k = i; k < n && m->e.sig[es[k]] == m->e.sig[es[i]]; k++)
                ;
            for (size_t j = i; j < k; j++)
                lo[es[j]] = i, hi[es[j]] = k;
        }
        uint64_t *run = malloc((n ? n : 1) * sizeof *run);
        ok = run != NULL;
        for (size_t i = 0; ok && i < n; i++)
            run[i] = ((uint64_t)(hi[i] - lo[i]) << 32) | i;
        if (ok) {
            size_t *order = malloc((n ? n : 1) * sizeof *order);
            ok = order != NULL;
            for (size_t i = 0; ok && i < n; i++)
                order[i] = i;
            if (ok) {
                sort_keys = run;
                qsort(order, n, sizeof *order, by_key);
                search s = {m, order, n, as, lo, hi, false};
                ok = search_from(&s, 0);
                if (!ok)
                    say(why, size,
                        s.gave_up ? "the blank node matching search gave up after %lu steps"
                                  : "the rows agree except for how blank nodes are shared "
                                    "(%lu steps)",
                        m->steps);
            }
            free(order);
        }
        free(run);
    }
    free(es), free(as), free(lo), free(hi);
    return ok;
}

static bool in_order(matcher *m, char *why, size_t size)
{
    for (size_t i = 0; i < m->e.r->count; i++) {
        if (!match_row(m, i, i)) {
            char want[200], got[200];
            format_row(m->e.r, m->e.col, m->width, (long)i, want, sizeof want);
            format_row(m->a.r, m->a.col, m->width, (long)i, got, sizeof got);
            say(why, size, "row %zu of an ordered result differs: expected %s; got %s", i + 1, want, got);
            return false;
        }
    }
    return true;
}

/* ---- entry points --------------------------------------------------- */

static const char *kind_name(cf_results_kind k)
{
    return k == CF_RESULTS_TABLE ? "solutions" : k == CF_RESULTS_BOOLEAN ? "a boolean" : "a graph";
}

/* Maps the expected columns to the actual ones; false when the variable
 * sets differ. */
static bool map_columns(const cf_results *e, const cf_results *a, size_t *ecol, size_t *acol,
                        char *why, size_t size)
{
    if (e->width != a->width) {
        say(why, size, "expected %zu variables, got %zu", e->width, a->width);
        return false;
    }
    for (size_t i = 0; i < e->width; i++) {
        long k = cf_results_var((cf_results *)a, e->vars[i], false);
        if (k < 0) {
            say(why, size, "expected variable ?%s is not in the result", e->vars[i]);
            return false;
        }
        ecol[i] = i;
        acol[i] = (size_t)k;
    }
    return true;
}

bool cf_results_equal(const cf_results *expected, const cf_results *actual, bool ordered,
                      char *why, size_t size)
{
    say(why, size, "equal");
    if (expected->kind != actual->kind) {
        say(why, size, "expected %s, got %s", kind_name(expected->kind), kind_name(actual->kind));
        return false;
    }
    if (expected->kind == CF_RESULTS_BOOLEAN) {
        if (expected->boolean != actual->boolean)
            say(why, size, "expected %s, got %s", expected->boolean ? "true" : "false",
                actual->boolean ? "true" : "false");
        return expected->boolean == actual->boolean;
    }
    if (expected->kind == CF_RESULTS_GRAPH)
        ordered = false; /* a graph is a set, whatever the query's ORDER BY */
    size_t w = expected->width;
    size_t *ecol = malloc((w ? w : 1) * sizeof *ecol), *acol = malloc((w ? w : 1) * sizeof *acol);
    if (!ecol || !acol) {
        free(ecol), free(acol);
        say(why, size, "out of memory");
        return false;
    }
    bool ok = map_columns(expected, actual, ecol, acol, why, size);
    if (ok && expected->count != actual->count) {
        say(why, size, "expected %zu rows, got %zu", expected->count, actual->count);
        ok = false;
    }
    matcher m = {.width = w};
    if (ok) {
        ok = side_init(&m.e, expected, ecol, w) && side_init(&m.a, actual, acol, w);
        size_t nb = m.e.nblank > m.a.nblank ? m.e.nblank : m.a.nblank;
        m.e2a = malloc((nb ? nb : 1) * sizeof *m.e2a);
        m.a2e = malloc((nb ? nb : 1) * sizeof *m.a2e);
        m.undo = malloc((nb ? nb : 1) * sizeof *m.undo);
        ok = ok && m.e2a && m.a2e && m.undo;
        if (!ok)
            say(why, size, "out of memory");
        for (size_t b = 0; ok && b < nb; b++)
            m.e2a[b] = m.a2e[b] = -1;
        if (ok && m.e.nblank != m.a.nblank) {
            say(why, size, "expected %zu distinct blank nodes, got %zu", m.e.nblank, m.a.nblank);
            ok = false;
        }
    }
    if (ok && ordered && !in_order(&m, why, size)) {
        /* Say whether only the order is wrong. */
        char inner[256];
        unmatch_to(&m, 0);
        bool same = unordered(&m, inner, sizeof inner);
        if (same)
            say(why, size, "the same solutions in a different order");
        ok = false;
    } else if (ok && !ordered) {
        ok = unordered(&m, why, size);
    }
    side_free(&m.e), side_free(&m.a);
    free(m.e2a), free(m.a2e), free(m.undo), free(ecol), free(acol);
    return ok;
}

/* ---- ORDER BY detection --------------------------------------------- */

static bool word_at(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    if (i + n > len || strncasecmp(s + i, w, n) != 0)
        return false;
    bool before = i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_' || s[i - 1] == '?' ||
                              s[i - 1] == '$' || s[i - 1] == ':');
    bool after = i + n == len || !(isalnum((unsigned char)s[i + n]) || s[i + n] == '_' || s[i + n] == ':');
    return before && after;
}

/* Skips a string starting at s[i] (a quote); returns the index after it. */
static size_t skip_string(const char *s, size_t len, size_t i)
{
    char q = s[i];
    bool longq = i + 2 < len && s[i + 1] == q && s[i + 2] == q;
    for (i += longq ? 3 : 1; i < len; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == q && (!longq || (i + 2 < len && s[i + 1] == q && s[i + 2] == q)))
            return i + (longq ? 3 : 1);
        else if (!longq && s[i] == '\n')
            return i;
    }
    return len;
}

bool cf_query_is_ordered(const char *s, size_t len)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '#') {
            while (i < len && s[i] != '\n')
                i++;
        } else if (c == '"' || c == '\'') {
            i = skip_string(s, len, i) - 1;
        } else if (c == '<') {
            /* An IRI runs to '>' without spaces; a '<' operator does not. */
            size_t j = i + 1;
            while (j < len && s[j] != '>' && !strchr(" \t\r\n{}\"", s[j]))
                j++;
            if (j < len && s[j] == '>')
                i = j;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            depth--;
        } else if (depth == 0 && word_at(s, len, i, "ORDER")) {
            size_t j = i + 5;
            while (j < len && isspace((unsigned char)s[j]))
                j++;
            if (word_at(s, len, j, "BY"))
                return true;
        }
    }
    return false;
}
