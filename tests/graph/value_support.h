/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/value_support.h - shared helpers for the value_*_test.c
 * programs: terms written in a Turtle-like shorthand, results shown in
 * N-Triples with "xsd:" abbreviated, and one evaluation context.
 *
 *   T("1")  T("1.5")  T("1e0")  T("true")  T("\"a\"@en")  T("\"1\"^^xsd:int")
 *   T("<http://x/>")  T("_:b")  T("UNBOUND")
 *
 * A failed call shows as "error". Everything lives in one arena freed at
 * exit. */
#ifndef KG_TESTS_VALUE_SUPPORT_H
#define KG_TESTS_VALUE_SUPPORT_H

#include <stdarg.h>

#include "sparql/literal.h"
#include "sparql/value.h"
#include "test.h"

static kg_arena *vs_arena;
static uint64_t vs_bnodes, vs_rand = 12345;
static kg_value_ctx vs_ctx;

static inline void vs_cleanup(void)
{
    kg_regex_cache_free(vs_ctx.regex);
    kg_arena_free(vs_arena);
}

static inline kg_value_ctx *ctx(void)
{
    if (!vs_arena) {
        vs_arena = kg_arena_new();
        vs_ctx.arena = vs_arena;
        vs_ctx.base_iri = "http://example.org/base/doc";
        vs_ctx.now = "2024-05-06T07:08:09.5Z";
        vs_ctx.bnode_counter = &vs_bnodes;
        vs_ctx.rand_state = &vs_rand;
        vs_ctx.regex = kg_regex_cache_new();
        atexit(vs_cleanup);
    }
    return &vs_ctx;
}

static inline const char *vs_expand(const char *dt)
{
    if (strncmp(dt, "xsd:", 4) == 0)
        return kg_arena_printf(ctx()->arena, "%s%s", KG_XSD, dt + 4);
    if (dt[0] == '<')
        return kg_arena_strndup(ctx()->arena, dt + 1, strlen(dt) - 2);
    return dt;
}

static inline kg_term T(const char *text)
{
    kg_arena *a = ctx()->arena;
    if (strcmp(text, "UNBOUND") == 0)
        return (kg_term){KG_TERM_NONE, NULL, 0, NULL, NULL};
    if (text[0] == '<')
        return kg_term_iri(kg_arena_strndup(a, text + 1, strlen(text) - 2));
    if (text[0] == '_')
        return kg_term_blank(kg_arena_strdup(a, text + 2));
    if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
        return kg_term_literal(text, KG_XSD "boolean", NULL);
    if (text[0] != '"') {
        const char *dt = strpbrk(text, "eE") ? "double" : strchr(text, '.') ? "decimal" : "integer";
        return kg_term_literal(kg_arena_strdup(a, text), vs_expand(kg_arena_printf(a, "xsd:%s", dt)),
                               NULL);
    }
    const char *end = strrchr(text, '"');
    kg_term t = {KG_TERM_LITERAL, kg_arena_strndup(a, text + 1, (size_t)(end - text - 1)),
                 (size_t)(end - text - 1), NULL, NULL};
    if (end[1] == '@')
        t.lang = kg_arena_strdup(a, end + 2);
    else if (end[1] == '^')
        t.datatype = vs_expand(end + 3);
    return t;
}

/* N-Triples with the xsd namespace written as "xsd:". */
static inline const char *show(const kg_term *t)
{
    char buf[4096];
    kg_term_to_ntriples(t, buf, sizeof buf);
    char *dt = strstr(buf, "^^<" KG_XSD);
    if (dt) {
        char *local = dt + 3 + strlen(KG_XSD);
        return kg_arena_printf(ctx()->arena, "%.*s^^xsd:%.*s", (int)(dt - buf), buf,
                               (int)strlen(local) - 1, local);
    }
    return kg_arena_strdup(ctx()->arena, buf);
}

static inline const char *shown(bool ok, const kg_term *t)
{
    return ok ? show(t) : "error";
}

/* Calls the built-in in[0] on the shorthand arguments in[1..n). */
static inline const char *vs_call_strings(const char *const *in, size_t n)
{
    kg_term args[8];
    for (size_t i = 1; i < n && i <= 8; i++)
        args[i - 1] = T(in[i]);
    kg_builtin fn;
    if (!kg_builtin_lookup(in[0], strlen(in[0]), &fn))
        return "unknown function";
    kg_term out;
    return shown(kg_builtin_call(fn, args, n - 1, ctx(), &out), &out);
}

/* Calls a built-in by keyword on shorthand arguments (NULL-terminated). */
static inline const char *call(const char *name, ...)
{
    const char *in[9] = {name};
    size_t n = 1;
    va_list ap;
    va_start(ap, name);
    for (const char *s; n < 9 && (s = va_arg(ap, const char *));)
        in[n++] = s;
    va_end(ap);
    return vs_call_strings(in, n);
}

static inline const char *arith(char op, const char *a, const char *b)
{
    kg_term x = T(a), y = T(b), out;
    return shown(kg_value_arith(op, &x, &y, ctx(), &out), &out);
}

static inline const char *cast(const char *datatype, const char *a)
{
    kg_term x = T(a), out;
    return shown(kg_value_cast(vs_expand(datatype), &x, ctx(), &out), &out);
}

/* ---- table-driven cases ----
 *
 *     EXPECT_ROWS(vs_call_row, "STRLEN", {"3", "\"abc\""}, {"error", "7"});
 *
 * Each row is the expected result, then the inputs. Expected results are
 * terms in the shorthand of T() ("3" is "3"^^xsd:integer, "true" is
 * "true"^^xsd:boolean) or "error". The head (NULL for none) is the function
 * or datatype every row applies, put before each row's inputs. A runner
 * computes one row's result as show() writes it and says what it computed
 * ("STRLEN(\"abc\")", "1 + 2"); a row whose result differs fails with
 * "<what>: expected ..., got ...". */
typedef const char *(*vs_runner)(const char *const *in, size_t n, const char **what);

#define VS_ROW_WIDTH 6 /* expected result and up to 5 inputs */

/* "f(a, b)" for a call, "a op b" for an infix operator (in the arena). */
static inline const char *vs_what(const char *f, const char *const *args, size_t n, bool infix)
{
    char buf[2048];
    size_t k = 0;
    if (!infix)
        k += (size_t)snprintf(buf, sizeof buf, "%s(", f);
    for (size_t i = 0; i < n && k < sizeof buf; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? (infix ? " " : ", ") : "",
                              args[i]);
    if (!infix && k < sizeof buf)
        snprintf(buf + k, sizeof buf - k, ")");
    return kg_arena_strdup(ctx()->arena, buf);
}

/* Runs one row; false when its result is not the expected one, with
 * *what, *expected and *got set. */
static inline bool vs_row_holds(vs_runner run, const char *head, const char *const *row,
                                const char **what, const char **expected, const char **got)
{
    const char *in[VS_ROW_WIDTH] = {0};
    size_t n = 0;
    if (head)
        in[n++] = head;
    for (size_t i = 1; i < VS_ROW_WIDTH && row[i] && n < VS_ROW_WIDTH; i++)
        in[n++] = row[i];
    *got = run(in, n, what);
    if (strcmp(row[0], "error") == 0) {
        *expected = row[0];
    } else {
        kg_term t = T(row[0]);
        *expected = show(&t);
    }
    return strcmp(*expected, *got) == 0;
}

#define EXPECT_ROWS(run, head, ...)                                            \
    do {                                                                       \
        const char *const rows_[][VS_ROW_WIDTH] = {__VA_ARGS__};              \
        for (size_t r_ = 0; r_ < sizeof rows_ / sizeof rows_[0]; r_++) {       \
            const char *what_, *expected_, *got_;                              \
            if (!vs_row_holds(run, head, rows_[r_], &what_, &expected_, &got_)) \
                TEST_FAIL_AT("%s: expected %s, got %s", what_, expected_, got_); \
        }                                                                      \
    } while (0)

/* Inputs {keyword, arguments...}: a built-in call. */
static inline const char *vs_call_row(const char *const *in, size_t n, const char **what)
{
    *what = vs_what(in[0], in + 1, n - 1, false);
    return vs_call_strings(in, n);
}

/* Inputs {datatype, value}: a cast. */
static inline const char *vs_cast_row(const char *const *in, size_t n, const char **what)
{
    *what = vs_what(in[0], in + 1, n - 1, false);
    return n == 2 ? cast(in[0], in[1]) : "not a row of a cast table";
}

/* Inputs {a, "+", b}: arithmetic. */
static inline const char *vs_arith_row(const char *const *in, size_t n, const char **what)
{
    *what = vs_what(NULL, in, n, true);
    return n == 3 ? arith(in[1][0], in[0], in[2]) : "not a row of an arithmetic table";
}

/* A boolean, or a failure, as show() writes it. */
static inline const char *vs_shown_bool(bool ok, bool value)
{
    kg_term t = kg_lit_bool(value);
    return shown(ok, &t);
}

/* Inputs {a, "<=", b}: a comparison. */
static inline const char *vs_compare_row(const char *const *in, size_t n, const char **what)
{
    static const struct {
        const char *op;
        kg_cmp_op cmp;
    } ops[] = {{"=", KG_CMP_EQ}, {"!=", KG_CMP_NE}, {"<", KG_CMP_LT},
               {"<=", KG_CMP_LE}, {">", KG_CMP_GT}, {">=", KG_CMP_GE}};
    *what = vs_what(NULL, in, n, true);
    for (size_t i = 0; n == 3 && i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(in[1], ops[i].op) == 0) {
            kg_term x = T(in[0]), y = T(in[2]);
            bool r = false;
            bool ok = kg_value_compare(ops[i].cmp, &x, &y, &r);
            return vs_shown_bool(ok, r);
        }
    }
    return "not a row of a comparison table";
}

#endif
