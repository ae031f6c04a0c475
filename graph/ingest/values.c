/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/values.c - recognizing money and dates in tokens (see values.h).
 * Amounts are scaled exactly as decimal strings (no floating point). */
#include "ingest/values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg/term.h"
#include "util/arena.h"

static const char *const months[12][3] = {
    {"january", "jan", NULL},  {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},    {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},     {"august", "aug", NULL},   {"september", "sep", "sept"},
    {"october", "oct", NULL},  {"november", "nov", NULL}, {"december", "dec", NULL},
};

/* 1..12 for a month name token, else 0. Abbreviations need a capital. */
static int month_at(const kgi_tokens *t, size_t i)
{
    if (i >= t->n || t->items[i].kind != KGI_TOK_WORD || !(t->items[i].flags & KGI_TF_CAP))
        return 0;
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 3 && months[m][k]; k++)
            if (!strcmp(t->items[i].low, months[m][k]))
                return m + 1;
    return 0;
}

/* An integer token within [lo, hi]. */
static bool int_at(const kgi_tokens *t, size_t i, long lo, long hi, long *v)
{
    if (i >= t->n || t->items[i].kind != KGI_TOK_NUM)
        return false;
    char *endp;
    long x = strtol(t->items[i].low, &endp, 10);
    if (*endp || x < lo || x > hi)
        return false;
    *v = x;
    return true;
}

static size_t skip_dot(const kgi_tokens *t, size_t i)
{
    return kgi_tok_is(t, i, ".") && !(t->items[i].flags & KGI_TF_SPACE) ? i + 1 : i;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), for weekdays without time.h's time zone. */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* The article's date (an xsd:date "YYYY-MM-DD") split, or false. */
static bool today_parts(const char *today, long *y, long *m, long *d)
{
    return today && strlen(today) == 10 && sscanf(today, "%4ld-%2ld-%2ld", y, m, d) == 3;
}

/* A date the article's date makes certain: "Monday" (the last Monday on or
 * before it, as news writes of the past week), "last year", "this year",
 * "next year", "last month", "this month". */
static bool relative_at(const kgi_tokens *t, size_t i, const char *today, kgi_value *out)
{
    static const char *const weekdays[7] = {"thursday", "friday",  "saturday", "sunday",
                                            "monday",   "tuesday", "wednesday"}; /* 1970-01-01 was a Thursday */
    long y, m, d;
    if (i >= t->n || !today_parts(today, &y, &m, &d))
        return false;
    const char *w = t->items[i].low;
    for (long k = 0; k < 7; k++)
        if (!strcmp(w, weekdays[k]) && (t->items[i].flags & KGI_TF_CAP)) {
            long z = days_from_civil(y, m, d), back = ((z % 7 + 7) % 7 - k + 7) % 7;
            civil_from_days(z - back, &y, &m, &d);
            snprintf(out->lex, sizeof out->lex, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
            out->datatype = KG_XSD "date", out->end = i + 1;
            return true;
        }
    static const char *const rel[] = {"last", "this", "next"};
    for (int r = 0; r < 3; r++)
        if (!strcmp(w, rel[r]) && i + 1 < t->n) {
            if (!strcmp(t->items[i + 1].low, "year")) {
                snprintf(out->lex, sizeof out->lex, "%04d", (int)(y + r - 1));
                out->datatype = KG_XSD "gYear", out->end = i + 2;
                return true;
            }
            if (!strcmp(t->items[i + 1].low, "month") && r < 2) {
                long mm = m - (r == 0), yy = y;
                if (mm < 1)
                    mm = 12, yy--;
                snprintf(out->lex, sizeof out->lex, "%04d-%02d", (int)yy, (int)mm);
                out->datatype = KG_XSD "gYearMonth", out->end = i + 2;
                return true;
            }
        }
    return false;
}

/* A month and day without a year take the year that puts them nearest the
 * article's date ("effective April 1" in March, "on December 15" in
 * December); a month alone the last such month on or before it ("in
 * March", "since January"). */
static void complete_year(const char *today, kgi_value *out)
{
    long y, m, d, mm, dd;
    if (!today_parts(today, &y, &m, &d))
        return;
    if (sscanf(out->lex, "--%2ld-%2ld", &mm, &dd) == 2) {
        long z = days_from_civil(y, m, d), best = y;
        for (long yy = y - 1; yy <= y + 1; yy++) {
            long diff = days_from_civil(yy, mm, dd) - z, bdiff = days_from_civil(best, mm, dd) - z;
            if (labs(diff) < labs(bdiff))
                best = yy;
        }
        snprintf(out->lex, sizeof out->lex, "%04d-%02d-%02d", (int)best, (int)mm, (int)dd);
        out->datatype = KG_XSD "date";
    }
}

static bool month_alone_at(const kgi_tokens *t, size_t i, const char *today, kgi_value *out)
{
    long y, m, d;
    int mm = month_at(t, i);
    if (!mm || !today_parts(today, &y, &m, &d) || i == 0 ||
        !(kgi_tok_is(t, i - 1, "in") || kgi_tok_is(t, i - 1, "since") || kgi_tok_is(t, i - 1, "until")))
        return false;
    snprintf(out->lex, sizeof out->lex, "%04d-%02d", (int)(mm <= m ? y : y - 1), mm);
    out->datatype = KG_XSD "gYearMonth", out->end = i + 1;
    return true;
}

static bool date_at(const kgi_tokens *t, size_t i, bool year_alone, kgi_value *out)
{
    long day, year;
    int m = month_at(t, i);
    if (m) {
        size_t j = skip_dot(t, i + 1);
        if (int_at(t, j, 1, 31, &day)) {
            size_t k = j + 1 + (kgi_tok_is(t, j + 1, ",") ? 1 : 0);
            if (int_at(t, k, 1000, 2999, &year)) {
                snprintf(out->lex, sizeof out->lex, "%04ld-%02d-%02ld", year, m, day);
                out->datatype = KG_XSD "date", out->end = k + 1;
            } else {
                snprintf(out->lex, sizeof out->lex, "--%02d-%02ld", m, day);
                out->datatype = KG_XSD "gMonthDay", out->end = j + 1;
            }
            return true;
        }
        if (int_at(t, j, 1000, 2999, &year)) {
            snprintf(out->lex, sizeof out->lex, "%04ld-%02d", year, m);
            out->datatype = KG_XSD "gYearMonth", out->end = j + 1;
            return true;
        }
        return false;
    }
    if (int_at(t, i, 1, 31, &day) && (m = month_at(t, i + 1))) {
        size_t k = skip_dot(t, i + 2);
        if (int_at(t, k, 1000, 2999, &year)) {
            snprintf(out->lex, sizeof out->lex, "%04ld-%02d-%02ld", year, m, day);
            out->datatype = KG_XSD "date", out->end = k + 1;
        } else {
            snprintf(out->lex, sizeof out->lex, "--%02d-%02ld", m, day);
            out->datatype = KG_XSD "gMonthDay", out->end = i + 2;
        }
        return true;
    }
    /* ISO 2025-02-26 */
    long mm, dd;
    if (int_at(t, i, 1000, 2999, &year) && kgi_tok_is(t, i + 1, "-") && int_at(t, i + 2, 1, 12, &mm) &&
        t->items[i + 2].end - t->items[i + 2].start == 2 && kgi_tok_is(t, i + 3, "-") &&
        int_at(t, i + 4, 1, 31, &dd)) {
        snprintf(out->lex, sizeof out->lex, "%04ld-%02ld-%02ld", year, mm, dd);
        out->datatype = KG_XSD "date", out->end = i + 5;
        return true;
    }
    if (year_alone && int_at(t, i, 1800, 2199, &year) && t->items[i].end - t->items[i].start == 4) {
        snprintf(out->lex, sizeof out->lex, "%04ld", year);
        out->datatype = KG_XSD "gYear", out->end = i + 1;
        return true;
    }
    return false;
}

/* Parses "4", "1,000", "4.5", "5bn" into digits with the decimal point
 * moved by the multiplier exponent. Returns false when not a number. */
static bool scale(const char *num, int exp, char *out, size_t size)
{
    char digits[64];
    size_t nd = 0;
    long point = -1;
    for (const char *p = num; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (nd + 1 >= sizeof digits)
                return false;
            digits[nd++] = *p;
        } else if (*p == '.' && point < 0) {
            point = (long)nd;
        } else if (*p != ',') {
            return false;
        }
    }
    if (!nd)
        return false;
    if (point < 0)
        point = (long)nd;
    point += exp;
    /* integer part digits[0..point), fraction after */
    char buf[96];
    size_t n = 0;
    for (long k = 0; k < point && n + 1 < sizeof buf; k++)
        buf[n++] = k < (long)nd ? digits[k] : '0';
    size_t int_len = n;
    if ((long)nd > point) {
        buf[n++] = '.';
        for (size_t k = (size_t)point; k < nd && n + 1 < sizeof buf; k++)
            buf[n++] = digits[k];
        while (buf[n - 1] == '0')
            n--;
        if (buf[n - 1] == '.')
            n--;
    }
    buf[n] = '\0';
    char *s = buf;
    while (int_len > 1 && *s == '0' && s[1] != '.')
        s++, int_len--;
    if (!int_len && n)
        return snprintf(out, size, "0%s", s) < (int)size;
    return snprintf(out, size, "%s", s) < (int)size;
}

static int multiplier(const char *w)
{
    static const struct {
        const char *word;
        int exp;
    } mult[] = {{"thousand", 3}, {"k", 3},   {"million", 6}, {"mn", 6}, {"m", 6},
                {"billion", 9},  {"bn", 9},  {"b", 9},       {"trillion", 12}, {"tn", 12}};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (!strcmp(w, mult[i].word))
            return mult[i].exp;
    return -1;
}

/* A number token (maybe with a glued multiplier, "5bn") and an optional
 * multiplier word after it. */
static bool amount_at(const kgi_tokens *t, size_t i, char *lex, size_t size, size_t *end)
{
    if (i >= t->n || t->items[i].kind != KGI_TOK_NUM)
        return false;
    const char *w = t->items[i].low;
    char num[48];
    size_t k = strspn(w, "0123456789.,");
    if (k >= sizeof num)
        return false;
    memcpy(num, w, k);
    num[k] = '\0';
    int exp = 0;
    *end = i + 1;
    if (w[k]) {
        if ((exp = multiplier(w + k)) < 0)
            return false;
    } else if (*end < t->n && t->items[*end].kind == KGI_TOK_WORD &&
               (exp = multiplier(t->items[*end].low)) >= 0) {
        (*end)++;
    } else {
        exp = 0;
    }
    return scale(num, exp, lex, size);
}

static const kgi_list *currency_at(const kgi_rules *r, const kgi_tokens *t, size_t i, size_t *n)
{
    const kgi_list *best = NULL;
    *n = 0;
    for (size_t c = 0; c < r->n_currencies; c++) {
        size_t m = kgi_list_match(r->currencies[c], t, i);
        if (m > *n)
            *n = m, best = r->currencies[c];
    }
    return best;
}

static bool money_at(const kgi_rules *r, const kgi_tokens *t, size_t i, kgi_value *out)
{
    size_t n, end;
    const kgi_list *cur = currency_at(r, t, i, &n);
    if (cur && amount_at(t, i + n, out->lex, sizeof out->lex, &end)) {
        out->end = end;
    } else if (amount_at(t, i, out->lex, sizeof out->lex, &end) &&
               (cur = currency_at(r, t, end, &n)) != NULL) {
        out->end = end + n;
    } else {
        return false;
    }
    snprintf(out->currency, sizeof out->currency, "%s", cur->name);
    out->datatype = KG_XSD "decimal";
    return true;
}

bool kgi_value_at(const kgi_rules *rules, const kgi_tokens *toks, size_t i, kgi_value_kind kind,
                  const char *today, kgi_value *out)
{
    memset(out, 0, sizeof *out);
    switch (kind) {
    case KGI_VALUE_MONEY:
        return money_at(rules, toks, i, out);
    case KGI_VALUE_DATE:
        if (date_at(toks, i, true, out)) {
            complete_year(today, out);
            return true;
        }
        return relative_at(toks, i, today, out) || month_alone_at(toks, i, today, out);
    case KGI_VALUE_YEAR:
        return date_at(toks, i, true, out) && !strcmp(out->datatype, KG_XSD "gYear");
    }
    return false;
}

kg_status kgi_date_find(const char *text, kgi_value *out, bool *found)
{
    kg_arena *arena = kg_arena_new();
    kgi_tokens t = {0};
    bool ok = arena && kgi_tokenize(&t, text, 0, strlen(text), 64, arena);
    *found = false;
    for (size_t i = 0; ok && !*found && i < t.n; i++) {
        memset(out, 0, sizeof *out);
        *found = date_at(&t, i, true, out);
    }
    kgi_tokens_free(&t);
    kg_arena_free(arena);
    return ok ? KG_OK : KG_ERR_NOMEM;
}

bool kgi_date_parse(const char *text, kgi_value *out)
{
    bool found;
    return kgi_date_find(text, out, &found) == KG_OK && found;
}
