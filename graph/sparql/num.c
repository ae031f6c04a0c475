/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/num.c - XSD numbers: parsing, promotion, arithmetic and the
 * lexical forms of results (see num.h). strtod and printf are run under the
 * "C" locale so that a host program's LC_NUMERIC cannot change a decimal
 * point. */
#define _GNU_SOURCE
#include "sparql/num.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Digits kept after the point when a decimal division does not end. */
enum { DECIMAL_DIV_DIGITS = 24 };

/* ---- the C locale for number conversions ---- */

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static locale_t use_c_locale(void)
{
    pthread_once(&c_locale_once, c_locale_init);
    return c_locale ? uselocale(c_locale) : (locale_t)0;
}

static void restore_locale(locale_t old)
{
    if (old)
        uselocale(old);
}

/* ---- datatypes ---- */

typedef struct numeric_datatype {
    const char *local;    /* name after the xsd: namespace */
    kg_num_type type;
    const char *min, *max; /* inclusive bounds of derived integers, or NULL */
} numeric_datatype;

static const numeric_datatype datatypes[] = {
    {"integer", KG_NUM_INTEGER, NULL, NULL},
    {"decimal", KG_NUM_DECIMAL, NULL, NULL},
    {"float", KG_NUM_FLOAT, NULL, NULL},
    {"double", KG_NUM_DOUBLE, NULL, NULL},
    {"nonPositiveInteger", KG_NUM_INTEGER, NULL, "0"},
    {"negativeInteger", KG_NUM_INTEGER, NULL, "-1"},
    {"nonNegativeInteger", KG_NUM_INTEGER, "0", NULL},
    {"positiveInteger", KG_NUM_INTEGER, "1", NULL},
    {"long", KG_NUM_INTEGER, "-9223372036854775808", "9223372036854775807"},
    {"int", KG_NUM_INTEGER, "-2147483648", "2147483647"},
    {"short", KG_NUM_INTEGER, "-32768", "32767"},
    {"byte", KG_NUM_INTEGER, "-128", "127"},
    {"unsignedLong", KG_NUM_INTEGER, "0", "18446744073709551615"},
    {"unsignedInt", KG_NUM_INTEGER, "0", "4294967295"},
    {"unsignedShort", KG_NUM_INTEGER, "0", "65535"},
    {"unsignedByte", KG_NUM_INTEGER, "0", "255"},
};

static const numeric_datatype *find_datatype(const char *iri)
{
    size_t ns = sizeof KG_XSD - 1;
    if (!iri || strncmp(iri, KG_XSD, ns) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof datatypes / sizeof datatypes[0]; i++)
        if (strcmp(iri + ns, datatypes[i].local) == 0)
            return &datatypes[i];
    return NULL;
}

bool kg_num_datatype_type(const char *datatype, kg_num_type *type)
{
    const numeric_datatype *dt = find_datatype(datatype);
    if (dt && type)
        *type = dt->type;
    return dt != NULL;
}

const char *kg_num_type_iri(kg_num_type type)
{
    switch (type) {
    case KG_NUM_INTEGER: return KG_XSD "integer";
    case KG_NUM_DECIMAL: return KG_XSD "decimal";
    case KG_NUM_FLOAT: return KG_XSD "float";
    case KG_NUM_DOUBLE: break;
    }
    return KG_XSD "double";
}

/* ---- basics ---- */

void kg_num_init(kg_num *n, kg_num_type type)
{
    n->type = type;
    mpz_init(n->mant);
    n->scale = 0;
    n->d = 0.0;
}

void kg_num_clear(kg_num *n)
{
    mpz_clear(n->mant);
}

void kg_num_set_long(kg_num *n, long v)
{
    n->type = KG_NUM_INTEGER;
    mpz_set_si(n->mant, v);
    n->scale = 0;
    n->d = 0.0;
}

void kg_num_copy(kg_num *n, const kg_num *src)
{
    n->type = src->type;
    mpz_set(n->mant, src->mant);
    n->scale = src->scale;
    n->d = src->d;
}

static bool is_exact(const kg_num *n)
{
    return n->type == KG_NUM_INTEGER || n->type == KG_NUM_DECIMAL;
}

/* Removes trailing zero digits after the point: the shortest form of the
 * value. */
static void normalize(kg_num *n)
{
    while (n->scale > 0 && mpz_divisible_ui_p(n->mant, 10)) {
        mpz_divexact_ui(n->mant, n->mant, 10);
        n->scale--;
    }
}

static void set_ieee(kg_num *n, double d)
{
    n->d = n->type == KG_NUM_FLOAT ? (double)(float)d : d;
}

/* ---- parsing ---- */

static size_t digits(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* [+-]? digits ( "." digits? )?  |  [+-]? "." digits ; with want_point
 * false only the integer form. Fills mant/scale, keeping the scale as
 * written ("1.50" has scale 2): decimal arithmetic keeps its operands'
 * precision (see num.h). */
static bool parse_exact(const char *s, size_t len, bool want_point, kg_num *n)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    size_t int_start = i;
    i = digits(s, len, i);
    size_t int_end = i, frac_start = i, frac_end = i;
    if (want_point && i < len && s[i] == '.') {
        frac_start = i + 1;
        frac_end = i = digits(s, len, frac_start);
    }
    if (i != len || (int_end == int_start && frac_end == frac_start))
        return false;
    size_t nd = (int_end - int_start) + (frac_end - frac_start);
    char *buf = malloc(nd + 2);
    if (!buf)
        return false;
    size_t k = 0;
    buf[k++] = neg ? '-' : '+';
    memcpy(buf + k, s + int_start, int_end - int_start);
    k += int_end - int_start;
    memcpy(buf + k, s + frac_start, frac_end - frac_start);
    k += frac_end - frac_start;
    buf[k] = '\0';
    bool ok = mpz_set_str(n->mant, buf[0] == '+' ? buf + 1 : buf, 10) == 0;
    free(buf);
    n->scale = frac_end - frac_start;
    return ok;
}

static bool parse_ieee(const char *s, size_t len, kg_num *n)
{
    if ((len == 3 && memcmp(s, "INF", 3) == 0) || (len == 4 && memcmp(s, "+INF", 4) == 0)) {
        n->d = HUGE_VAL;
        return true;
    }
    if (len == 4 && memcmp(s, "-INF", 4) == 0) {
        n->d = -HUGE_VAL;
        return true;
    }
    if (len == 3 && memcmp(s, "NaN", 3) == 0) {
        n->d = NAN;
        return true;
    }
    /* Check the XSD grammar first: strtod also takes hex, "inf", "nan(...)"
     * and leading spaces. */
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t m = i;
    i = digits(s, len, i);
    bool int_digits = i > m, frac_digits = false;
    if (i < len && s[i] == '.') {
        size_t f = ++i;
        i = digits(s, len, i);
        frac_digits = i > f;
    }
    if (!int_digits && !frac_digits)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e = i;
        i = digits(s, len, i);
        if (i == e)
            return false;
    }
    if (i != len)
        return false;
    char *buf = malloc(len + 1);
    if (!buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    locale_t old = use_c_locale();
    double d = n->type == KG_NUM_FLOAT ? (double)strtof(buf, NULL) : strtod(buf, NULL);
    restore_locale(old);
    free(buf);
    n->d = d;
    return true;
}

static bool in_range(const numeric_datatype *dt, const mpz_t v)
{
    mpz_t bound;
    bool ok = true;
    mpz_init(bound);
    if (dt->min && mpz_set_str(bound, dt->min, 10) == 0 && mpz_cmp(v, bound) < 0)
        ok = false;
    if (dt->max && mpz_set_str(bound, dt->max, 10) == 0 && mpz_cmp(v, bound) > 0)
        ok = false;
    mpz_clear(bound);
    return ok;
}

bool kg_num_parse(const char *datatype, const char *s, size_t len, kg_num *out)
{
    const numeric_datatype *dt = find_datatype(datatype);
    if (!dt)
        return false;
    kg_num_init(out, dt->type);
    bool ok;
    switch (dt->type) {
    case KG_NUM_INTEGER:
        ok = parse_exact(s, len, false, out) && in_range(dt, out->mant);
        break;
    case KG_NUM_DECIMAL:
        ok = parse_exact(s, len, true, out);
        break;
    default:
        ok = parse_ieee(s, len, out);
        break;
    }
    if (!ok)
        kg_num_clear(out);
    return ok;
}

bool kg_num_from_term(const kg_term *t, kg_num *out)
{
    if (t->kind != KG_TERM_LITERAL || t->lang || !t->datatype)
        return false;
    return kg_num_parse(t->datatype, t->value, t->value_len, out);
}

/* ---- digits of IEEE values ---- */

/* The shortest decimal digits that read back as the same value: writes the
 * significant digits (no sign, no point, trailing zeros removed) to dig and
 * returns the decimal exponent of the first one (value = 0.d1d2... * 10^(e+1),
 * i.e. d1.d2... * 10^e). d must be finite and non-zero. */
static int shortest_digits(double d, bool single, char dig[32])
{
    char buf[48];
    locale_t old = use_c_locale();
    int max = single ? 9 : 17;
    for (int p = 0; p < max; p++) {
        snprintf(buf, sizeof buf, "%.*e", p, fabs(d));
        double back = single ? (double)strtof(buf, NULL) : strtod(buf, NULL);
        if (back == fabs(d))
            break;
    }
    restore_locale(old);
    /* buf is "d.ddde+XX" or "de+XX" */
    size_t k = 0;
    char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            dig[k++] = *p;
    while (k > 1 && dig[k - 1] == '0')
        k--;
    dig[k] = '\0';
    return atoi(p + 1);
}

/* ---- conversions ---- */

/* mant / 10^scale as text ("-12.5", "3" when scale is 0), malloc'd. */
static char *exact_text(const kg_num *n)
{
    char *ds = mpz_get_str(NULL, 10, n->mant);
    if (!ds)
        return NULL;
    bool neg = ds[0] == '-';
    const char *mag = ds + neg;
    size_t ml = strlen(mag);
    size_t sc = n->scale;
    size_t int_len = ml > sc ? ml - sc : 0;
    char *out = malloc(ml + sc + 8);
    if (out) {
        size_t k = 0;
        if (neg)
            out[k++] = '-';
        if (int_len == 0)
            out[k++] = '0';
        memcpy(out + k, mag, int_len);
        k += int_len;
        if (sc > 0) {
            out[k++] = '.';
            for (size_t z = ml; z < sc; z++)
                out[k++] = '0';
            memcpy(out + k, mag + int_len, ml - int_len);
            k += ml - int_len;
        }
        out[k] = '\0';
    }
    /* GMP's default allocator is malloc. */
    free(ds);
    return out;
}

double kg_num_to_double(const kg_num *n)
{
    if (!is_exact(n))
        return n->d;
    char *text = exact_text(n);
    if (!text)
        return NAN;
    locale_t old = use_c_locale();
    double d = strtod(text, NULL);
    restore_locale(old);
    free(text);
    return d;
}

/* An IEEE value as an exact decimal, through its shortest digits (so 0.1
 * becomes 0.1, not the binary expansion). */
static void ieee_to_decimal(kg_num *n)
{
    double d = n->d;
    mpz_set_ui(n->mant, 0);
    n->scale = 0;
    if (d != 0.0) {
        char dig[32];
        int e = shortest_digits(d, n->type == KG_NUM_FLOAT, dig);
        mpz_set_str(n->mant, dig, 10);
        long frac = (long)strlen(dig) - 1 - e; /* digits after the point */
        if (frac > 0) {
            n->scale = (unsigned long)frac;
        } else {
            mpz_t p;
            mpz_init(p);
            mpz_ui_pow_ui(p, 10, (unsigned long)-frac);
            mpz_mul(n->mant, n->mant, p);
            mpz_clear(p);
        }
        if (d < 0)
            mpz_neg(n->mant, n->mant);
    }
    normalize(n);
}

static void truncate_exact(kg_num *n)
{
    if (n->scale > 0) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, n->scale);
        mpz_tdiv_q(n->mant, n->mant, p);
        mpz_clear(p);
        n->scale = 0;
    }
}

bool kg_num_convert(kg_num *n, kg_num_type type)
{
    if (n->type == type)
        return true;
    if (type == KG_NUM_FLOAT || type == KG_NUM_DOUBLE) {
        double d = kg_num_to_double(n);
        n->type = type;
        set_ieee(n, d);
        return true;
    }
    if (!is_exact(n)) {
        if (isnan(n->d) || isinf(n->d))
            return false;
        ieee_to_decimal(n);
    }
    if (type == KG_NUM_INTEGER)
        truncate_exact(n);
    n->type = type;
    return true;
}

/* Copies a and b promoted to their common type into pa and pb. */
static void promote_pair(const kg_num *a, const kg_num *b, kg_num *pa, kg_num *pb)
{
    kg_num_type t = a->type > b->type ? a->type : b->type;
    kg_num_init(pa, a->type);
    kg_num_init(pb, b->type);
    kg_num_copy(pa, a);
    kg_num_copy(pb, b);
    kg_num_convert(pa, t);
    kg_num_convert(pb, t);
}

/* Brings two exact numbers to the same scale. */
static void align_scales(kg_num *a, kg_num *b)
{
    kg_num *lo = a->scale < b->scale ? a : b;
    kg_num *hi = lo == a ? b : a;
    if (lo->scale == hi->scale)
        return;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, hi->scale - lo->scale);
    mpz_mul(lo->mant, lo->mant, p);
    mpz_clear(p);
    lo->scale = hi->scale;
}

int kg_num_cmp(const kg_num *a, const kg_num *b)
{
    kg_num pa, pb;
    promote_pair(a, b, &pa, &pb);
    int r;
    if (is_exact(&pa)) {
        align_scales(&pa, &pb);
        int c = mpz_cmp(pa.mant, pb.mant);
        r = c < 0 ? -1 : c > 0;
    } else if (isnan(pa.d) || isnan(pb.d)) {
        r = 2;
    } else {
        r = pa.d < pb.d ? -1 : pa.d > pb.d;
    }
    kg_num_clear(&pa);
    kg_num_clear(&pb);
    return r;
}

static bool exact_divide(const kg_num *a, const kg_num *b, kg_num *out)
{
    if (mpz_sgn(b->mant) == 0)
        return false;
    /* a/b = (ma * 10^k / mb) / 10^(sa - sb + k): pick k so that the result
     * keeps DECIMAL_DIV_DIGITS digits after the point. */
    unsigned long want = DECIMAL_DIV_DIGITS + (a->scale > b->scale ? a->scale : b->scale);
    unsigned long k = want + b->scale - a->scale;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, k);
    mpz_mul(out->mant, a->mant, p);
    mpz_tdiv_q(out->mant, out->mant, b->mant);
    mpz_clear(p);
    out->scale = want;
    out->type = KG_NUM_DECIMAL;
    kg_num_make_canonical(out); /* a quotient has no precision of its own */
    return true;
}

bool kg_num_arith(char op, const kg_num *a, const kg_num *b, kg_num *out)
{
    kg_num pa, pb;
    promote_pair(a, b, &pa, &pb);
    bool ok = true;
    out->type = pa.type;
    if (is_exact(&pa)) {
        switch (op) {
        case '+':
        case '-':
            align_scales(&pa, &pb);
            if (op == '+')
                mpz_add(out->mant, pa.mant, pb.mant);
            else
                mpz_sub(out->mant, pa.mant, pb.mant);
            out->scale = pa.scale;
            break;
        case '*':
            mpz_mul(out->mant, pa.mant, pb.mant);
            out->scale = pa.scale + pb.scale;
            break;
        case '/':
            ok = exact_divide(&pa, &pb, out);
            break;
        default:
            ok = false;
        }
    } else {
        double x = pa.d, y = pb.d, r;
        switch (op) {
        case '+': r = x + y; break;
        case '-': r = x - y; break;
        case '*': r = x * y; break;
        case '/': r = x / y; break; /* IEEE: INF or NaN on zero */
        default: ok = false, r = 0;
        }
        set_ieee(out, r);
    }
    kg_num_clear(&pa);
    kg_num_clear(&pb);
    return ok;
}

/* ---- unary operations and rounding ---- */

void kg_num_negate(kg_num *n)
{
    if (is_exact(n))
        mpz_neg(n->mant, n->mant);
    else
        n->d = -n->d;
}

void kg_num_abs(kg_num *n)
{
    if (is_exact(n))
        mpz_abs(n->mant, n->mant);
    else
        n->d = fabs(n->d);
}

/* Rounds an exact number to an integral value of the same type: mode -1
 * floor, 1 ceiling, 0 half up. */
static void round_exact(kg_num *n, int mode)
{
    if (n->scale == 0)
        return;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, n->scale);
    if (mode == 0) {
        mpz_t half;
        mpz_init(half);
        mpz_tdiv_q_ui(half, p, 2);
        mpz_add(n->mant, n->mant, half);
        mpz_clear(half);
        mpz_fdiv_q(n->mant, n->mant, p);
    } else if (mode < 0) {
        mpz_fdiv_q(n->mant, n->mant, p);
    } else {
        mpz_cdiv_q(n->mant, n->mant, p);
    }
    mpz_clear(p);
    n->scale = 0;
}

void kg_num_ceil(kg_num *n)
{
    if (is_exact(n))
        round_exact(n, 1);
    else
        set_ieee(n, ceil(n->d));
}

void kg_num_floor(kg_num *n)
{
    if (is_exact(n))
        round_exact(n, -1);
    else
        set_ieee(n, floor(n->d));
}

void kg_num_round(kg_num *n)
{
    if (is_exact(n)) {
        round_exact(n, 0);
        return;
    }
    double x = n->d;
    if (isnan(x) || isinf(x))
        return;
    double r = floor(x);
    if (x - r >= 0.5)
        r += 1.0;
    /* fn:round(-0.4) is -0, as XPath asks. */
    set_ieee(n, r == 0.0 ? copysign(0.0, x) : r);
}

bool kg_num_truth(const kg_num *n)
{
    if (is_exact(n))
        return mpz_sgn(n->mant) != 0;
    return !(n->d == 0.0 || isnan(n->d));
}

/* ---- lexical forms ---- */

static char *arena_take(kg_arena *arena, char *text)
{
    if (!text)
        return NULL;
    char *copy = kg_arena_strdup(arena, text);
    free(text);
    return copy;
}

static const char *special_ieee(double d)
{
    if (isnan(d))
        return "NaN";
    if (isinf(d))
        return d > 0 ? "INF" : "-INF";
    return NULL;
}

/* d1.d2...E<e>, at least one digit after the point. */
static char *ieee_canonical(const kg_num *n, kg_arena *arena)
{
    const char *special = special_ieee(n->d);
    if (special)
        return kg_arena_strdup(arena, special);
    const char *sign = signbit(n->d) ? "-" : "";
    if (n->d == 0.0)
        return kg_arena_printf(arena, "%s0.0E0", sign);
    char dig[32];
    int e = shortest_digits(n->d, n->type == KG_NUM_FLOAT, dig);
    return kg_arena_printf(arena, "%s%c.%sE%d", sign, dig[0], dig[1] ? dig + 1 : "0", e);
}

void kg_num_make_canonical(kg_num *n)
{
    if (n->type != KG_NUM_DECIMAL)
        return;
    normalize(n);
    if (n->scale == 0) {
        mpz_mul_ui(n->mant, n->mant, 10);
        n->scale = 1;
    }
}

char *kg_num_to_string(const kg_num *n, kg_arena *arena)
{
    if (is_exact(n)) {
        /* XPath writes a decimal without insignificant zeros: 2.50 as
         * "2.5", 3.0 as "3". */
        kg_num shortest;
        kg_num_init(&shortest, n->type);
        kg_num_copy(&shortest, n);
        normalize(&shortest);
        char *s = arena_take(arena, exact_text(&shortest));
        kg_num_clear(&shortest);
        return s;
    }
    double a = fabs(n->d);
    if (special_ieee(n->d) || a == 0.0 || a < 1e-6 || a >= 1e6) {
        if (a == 0.0)
            return kg_arena_strdup(arena, signbit(n->d) ? "-0" : "0");
        return ieee_canonical(n, arena);
    }
    /* In the decimal range XPath writes the value as an xs:decimal. */
    kg_num dec;
    kg_num_init(&dec, n->type);
    kg_num_copy(&dec, n);
    kg_num_convert(&dec, KG_NUM_DECIMAL);
    char *s = arena_take(arena, exact_text(&dec));
    kg_num_clear(&dec);
    return s;
}

bool kg_num_to_term(const kg_num *n, kg_arena *arena, kg_term *out)
{
    char *lex = is_exact(n) ? arena_take(arena, exact_text(n)) : kg_num_to_string(n, arena);
    if (!lex)
        return false;
    *out = kg_term_literal(lex, kg_num_type_iri(n->type), NULL);
    return true;
}
