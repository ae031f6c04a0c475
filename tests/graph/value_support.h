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

/* Calls a built-in by keyword on shorthand arguments (NULL-terminated). */
static inline const char *call(const char *name, ...)
{
    kg_term args[8];
    size_t n = 0;
    va_list ap;
    va_start(ap, name);
    for (const char *s; n < 8 && (s = va_arg(ap, const char *));)
        args[n++] = T(s);
    va_end(ap);
    kg_builtin fn;
    if (!kg_builtin_lookup(name, strlen(name), &fn))
        return "unknown function";
    kg_term out;
    return shown(kg_builtin_call(fn, args, n, ctx(), &out), &out);
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

/* "true", "false" or "error" for a comparison. */
static inline const char *compare(kg_cmp_op op, const char *a, const char *b)
{
    kg_term x = T(a), y = T(b);
    bool r;
    if (!kg_value_compare(op, &x, &y, &r))
        return "error";
    return r ? "true" : "false";
}

#endif
