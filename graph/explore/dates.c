/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/dates.c - the partial dates of the data (xsd:date, gYearMonth,
 * gYear, gMonthDay) read at the precision they are given, ordered for a
 * timeline and compared for "as of" questions (kg/explore.h). The text's
 * precision is kept: "2019" is the whole year, never 2019-01-01. */
#include <ctype.h>
#include <string.h>

#include "explore/explore_impl.h"

typedef struct pdate {
    int year;
    unsigned month, day; /* 0: not given */
    bool has_year;
} pdate;

/* Reads n digits at *p (exactly n, or at least n when more is true). */
static bool digits(const char **p, size_t n, bool more, unsigned *out)
{
    size_t k = 0;
    unsigned v = 0;
    while (isdigit((unsigned char)(*p)[k]) && (more || k < n) && k < 9)
        v = v * 10 + (unsigned)((*p)[k++] - '0');
    if (k < n)
        return false;
    *p += k;
    *out = v;
    return true;
}

/* What may follow a date: nothing, a time, or a zone. */
static bool tail_ok(const char *p)
{
    return *p == '\0' || *p == 'T' || *p == 'Z' || *p == '+' || *p == '-';
}

static bool parse(const char *text, pdate *d)
{
    memset(d, 0, sizeof *d);
    const char *p = text;
    if (!p)
        return false;
    if (p[0] == '-' && p[1] == '-') { /* --MM-DD */
        p += 2;
        if (!digits(&p, 2, false, &d->month) || *p++ != '-' || !digits(&p, 2, false, &d->day))
            return false;
    } else {
        unsigned year;
        if (!digits(&p, 4, true, &year))
            return false;
        d->year = (int)year;
        d->has_year = true;
        if (p[0] == '-' && isdigit((unsigned char)p[1])) {
            p++;
            if (!digits(&p, 2, false, &d->month))
                return false;
            if (p[0] == '-' && isdigit((unsigned char)p[1])) {
                p++;
                if (!digits(&p, 2, false, &d->day))
                    return false;
            }
        }
    }
    bool month_ok = d->month >= 1 && d->month <= 12, day_ok = d->day >= 1 && d->day <= 31;
    if (!d->has_year)
        return month_ok && day_ok && tail_ok(p);
    return (d->month == 0 || month_ok) && (d->day == 0 || day_ok) && tail_ok(p);
}

bool kg_date_valid(const char *text)
{
    pdate d;
    return parse(text, &d);
}

static int cmp_unsigned(unsigned a, unsigned b)
{
    return a < b ? -1 : a > b;
}

int kg_date_order(const char *a, const char *b)
{
    pdate x, y;
    bool vx = parse(a, &x), vy = parse(b, &y);
    if (!vx || !vy)
        return vx != vy ? (vx ? -1 : 1) : strcmp(a ? a : "", b ? b : "");
    if (x.has_year != y.has_year)
        return x.has_year ? -1 : 1;
    int c = x.year < y.year ? -1 : x.year > y.year;
    if (!c)
        c = cmp_unsigned(x.month, y.month);
    if (!c)
        c = cmp_unsigned(x.day, y.day);
    return c;
}

int kg_date_compare(const char *a, const char *b, bool *known)
{
    pdate x, y;
    bool ok = parse(a, &x) && parse(b, &y) && x.has_year && y.has_year;
    if (known)
        *known = ok;
    if (!ok)
        return 0;
    if (x.year != y.year)
        return x.year < y.year ? -1 : 1;
    if (!x.month || !y.month)
        return 0;
    int c = cmp_unsigned(x.month, y.month);
    if (c || !x.day || !y.day)
        return c;
    return cmp_unsigned(x.day, y.day);
}

bool kg_in_force(const char *start, const char *end, const char *as_of)
{
    bool known;
    if (start && kg_date_compare(start, as_of, &known) > 0 && known)
        return false;
    if (end && kg_date_compare(end, as_of, &known) < 0 && known)
        return false;
    return true;
}
