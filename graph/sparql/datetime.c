/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/datetime.c - xsd:dateTime and xsd:date (see datetime.h). Values are
 * compared as seconds on a proleptic Gregorian timeline plus the fraction
 * digits, which keeps any number of fractional digits exact. */
#include "sparql/datetime.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n digits at s[*i]. */
static bool fixed_digits(const char *s, size_t len, size_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++, (*i)++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return false;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return true;
}

static bool expect(const char *s, size_t len, size_t *i, char c)
{
    if (*i >= len || s[*i] != c)
        return false;
    (*i)++;
    return true;
}

/* -?YYYY+ : four digits or more, no leading zero beyond four, not 0000. */
static bool parse_year(const char *s, size_t len, size_t *i, int64_t *year)
{
    bool neg = *i < len && s[*i] == '-';
    if (neg)
        (*i)++;
    size_t start = *i;
    int64_t y = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        if (y > INT64_MAX / 100)
            return false;
        y = y * 10 + (s[*i] - '0');
        (*i)++;
    }
    size_t n = *i - start;
    if (n < 4 || (n > 4 && s[start] == '0') || y == 0)
        return false;
    *year = neg ? -y : y;
    return true;
}

static bool parse_tz(const char *s, size_t len, size_t *i, kg_datetime *dt)
{
    dt->has_tz = false;
    if (*i == len)
        return true;
    if (s[*i] == 'Z') {
        (*i)++;
        dt->has_tz = true;
        dt->tz_minutes = 0;
        return true;
    }
    if (s[*i] != '+' && s[*i] != '-')
        return false;
    int sign = s[(*i)++] == '-' ? -1 : 1, h, m;
    if (!fixed_digits(s, len, i, 2, &h) || !expect(s, len, i, ':') ||
        !fixed_digits(s, len, i, 2, &m))
        return false;
    if (m > 59 || h > 14 || (h == 14 && m != 0))
        return false;
    dt->has_tz = true;
    dt->tz_minutes = sign * (h * 60 + m);
    return true;
}

static bool parse_time(const char *s, size_t len, size_t *i, kg_datetime *dt)
{
    if (!fixed_digits(s, len, i, 2, &dt->hour) || !expect(s, len, i, ':') ||
        !fixed_digits(s, len, i, 2, &dt->minute) || !expect(s, len, i, ':') ||
        !fixed_digits(s, len, i, 2, &dt->second))
        return false;
    size_t nf = 0;
    bool nonzero_frac = false;
    if (*i < len && s[*i] == '.') {
        (*i)++;
        size_t start = *i;
        while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
            if (nf + 1 < sizeof dt->frac)
                dt->frac[nf++] = s[*i];
            nonzero_frac |= s[*i] != '0';
            (*i)++;
        }
        if (*i == start)
            return false;
    }
    while (nf > 0 && dt->frac[nf - 1] == '0')
        nf--;
    dt->frac[nf] = '\0';
    if (dt->minute > 59 || dt->second > 59)
        return false;
    /* 24:00:00 is the end of the day; nothing later. */
    if (dt->hour > 24 || (dt->hour == 24 && (dt->minute || dt->second || nonzero_frac)))
        return false;
    return true;
}

/* XSD 1.1 (3.3.7): 24:00:00 is the first instant of the next day, so the
 * value is that instant and the date parts (DAY(), MONTH(), ...) are the
 * next day's. The lexical years -0001 and 0001 are adjacent (no year 0). */
static bool roll_midnight(kg_datetime *dt)
{
    if (dt->hour != 24)
        return true;
    dt->hour = 0;
    if (++dt->day <= days_in_month(dt->year, dt->month))
        return true;
    dt->day = 1;
    if (++dt->month <= 12)
        return true;
    dt->month = 1;
    if (dt->year == INT64_MAX)
        return false;
    dt->year = dt->year == -1 ? 1 : dt->year + 1;
    return true;
}

bool kg_datetime_parse(const char *s, size_t len, bool is_date, kg_datetime *out)
{
    memset(out, 0, sizeof *out);
    out->is_date = is_date;
    size_t i = 0;
    if (!parse_year(s, len, &i, &out->year) || !expect(s, len, &i, '-') ||
        !fixed_digits(s, len, &i, 2, &out->month) || !expect(s, len, &i, '-') ||
        !fixed_digits(s, len, &i, 2, &out->day))
        return false;
    if (out->month < 1 || out->month > 12 || out->day < 1 ||
        out->day > days_in_month(out->year, out->month))
        return false;
    if (!is_date && (!expect(s, len, &i, 'T') || !parse_time(s, len, &i, out)))
        return false;
    return parse_tz(s, len, &i, out) && i == len && roll_midnight(out);
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Seconds on the timeline, as if the value were in UTC (local time when it
 * has no timezone). The lexical year -0001 is year 0 astronomically. */
static int64_t local_seconds(const kg_datetime *dt)
{
    int64_t y = dt->year < 0 ? dt->year + 1 : dt->year;
    return days_from_civil(y, dt->month, dt->day) * 86400 + dt->hour * 3600 + dt->minute * 60 +
           dt->second;
}

static int cmp_instant(int64_t sa, const char *fa, int64_t sb, const char *fb)
{
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int c = strcmp(fa, fb); /* trailing zeros removed: digit order works */
    return c < 0 ? -1 : c > 0;
}

int kg_datetime_cmp(const kg_datetime *a, const kg_datetime *b)
{
    int64_t sa = local_seconds(a), sb = local_seconds(b);
    if (a->has_tz)
        sa -= a->tz_minutes * 60;
    if (b->has_tz)
        sb -= b->tz_minutes * 60;
    if (a->has_tz == b->has_tz)
        return cmp_instant(sa, a->frac, sb, b->frac);
    /* One side floats: it may be anywhere between UTC-14:00 and UTC+14:00. */
    const int64_t span = 14 * 3600;
    bool a_floats = !a->has_tz;
    int64_t lo = (a_floats ? sa : sb) - span, hi = (a_floats ? sa : sb) + span;
    int64_t fixed = a_floats ? sb : sa;
    const char *ffix = a_floats ? b->frac : a->frac, *ffl = a_floats ? a->frac : b->frac;
    int below = cmp_instant(fixed, ffix, lo, ffl) < 0;
    int above = cmp_instant(fixed, ffix, hi, ffl) > 0;
    if (!below && !above)
        return 2;
    /* fixed < floating or fixed > floating; flip when a is the floating one */
    int r = below ? -1 : 1;
    return a_floats ? -r : r;
}

void kg_datetime_tz_duration(const kg_datetime *dt, char *buf, size_t size)
{
    int m = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
    if (m == 0) {
        snprintf(buf, size, "PT0S");
        return;
    }
    char hours[16] = "", mins[16] = "";
    if (m / 60)
        snprintf(hours, sizeof hours, "%dH", m / 60);
    if (m % 60)
        snprintf(mins, sizeof mins, "%dM", m % 60);
    snprintf(buf, size, "%sPT%s%s", dt->tz_minutes < 0 ? "-" : "", hours, mins);
}

void kg_datetime_tz_text(const kg_datetime *dt, char *buf, size_t size)
{
    int m = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
    if (!dt->has_tz)
        snprintf(buf, size, "%s", "");
    else if (m == 0)
        snprintf(buf, size, "Z");
    else
        snprintf(buf, size, "%c%02d:%02d", dt->tz_minutes < 0 ? '-' : '+', m / 60, m % 60);
}

void kg_datetime_format(const kg_datetime *dt, bool as_datetime, char *buf, size_t size)
{
    char tz[16];
    kg_datetime_tz_text(dt, tz, sizeof tz);
    int64_t y = dt->year < 0 ? -dt->year : dt->year;
    const char *sign = dt->year < 0 ? "-" : "";
    if (dt->is_date && !as_datetime) {
        snprintf(buf, size, "%s%04" PRId64 "-%02d-%02d%s", sign, y, dt->month, dt->day, tz);
        return;
    }
    snprintf(buf, size, "%s%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%s%s%s", sign, y, dt->month,
             dt->day, dt->hour, dt->minute, dt->second, dt->frac[0] ? "." : "", dt->frac, tz);
}
