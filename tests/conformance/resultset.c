/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/resultset.c - the owned result container of
 * resultset.h. */
#include "resultset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kg/query.h"

cf_results *cf_results_new(cf_results_kind kind)
{
    cf_results *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->kind = kind;
    r->arena = kg_arena_new();
    if (!r->arena) {
        free(r);
        return NULL;
    }
    if (kind == CF_RESULTS_GRAPH) {
        static const char *const spo[] = {"subject", "predicate", "object"};
        for (size_t i = 0; i < 3; i++) {
            if (cf_results_var(r, spo[i], true) < 0) {
                cf_results_free(r);
                return NULL;
            }
        }
    }
    return r;
}

void cf_results_free(cf_results *r)
{
    if (!r)
        return;
    kg_arena_free(r->arena);
    free(r->vars);
    free(r->cells);
    free(r);
}

/* Gives every row one more (unbound) cell at the end. */
static bool widen(cf_results *r)
{
    size_t w = r->width + 1;
    kg_term *cells = calloc(r->cap_rows ? r->cap_rows : 1, w * sizeof *cells);
    if (!cells)
        return false;
    for (size_t i = 0; i < r->count; i++)
        memcpy(cells + i * w, r->cells + i * r->width, r->width * sizeof *cells);
    free(r->cells);
    r->cells = cells;
    r->width = w;
    return true;
}

long cf_results_var(cf_results *r, const char *name, bool add)
{
    for (size_t i = 0; i < r->width; i++)
        if (strcmp(r->vars[i], name) == 0)
            return (long)i;
    if (!add)
        return -1;
    if (r->width == r->cap_vars) {
        size_t cap = r->cap_vars ? r->cap_vars * 2 : 8;
        const char **vars = realloc(r->vars, cap * sizeof *vars);
        if (!vars)
            return -1;
        r->vars = vars;
        r->cap_vars = cap;
    }
    const char *copy = kg_arena_strdup(r->arena, name);
    if (!copy || !widen(r))
        return -1;
    r->vars[r->width - 1] = copy;
    return (long)(r->width - 1);
}

kg_term *cf_results_add_row(cf_results *r)
{
    if (r->count == r->cap_rows) {
        size_t cap = r->cap_rows ? r->cap_rows * 2 : 16;
        kg_term *cells = realloc(r->cells, cap * (r->width ? r->width : 1) * sizeof *cells);
        if (!cells)
            return NULL;
        r->cells = cells;
        r->cap_rows = cap;
    }
    kg_term *row = cf_results_row(r, r->count++);
    memset(row, 0, r->width * sizeof *row);
    return row;
}

bool cf_results_set(cf_results *r, kg_term *cell, const kg_term *t)
{
    kg_term copy = {.kind = t->kind, .value_len = t->value_len};
    if (t->kind == KG_TERM_NONE) {
        *cell = copy;
        return true;
    }
    copy.value = kg_arena_strndup(r->arena, t->value, t->value_len);
    if (!copy.value)
        return false;
    if (t->kind == KG_TERM_LITERAL && t->lang) {
        if (!(copy.lang = kg_arena_strdup(r->arena, t->lang)))
            return false;
    } else if (t->kind == KG_TERM_LITERAL && t->datatype && strcmp(t->datatype, KG_XSD_STRING)) {
        if (!(copy.datatype = kg_arena_strdup(r->arena, t->datatype)))
            return false;
    }
    *cell = copy;
    return true;
}

kg_status cf_results_from_kg(kg_results *res, cf_results **out)
{
    kg_query_form form = kg_results_form(res);
    cf_results *r = cf_results_new(form == KG_QUERY_ASK               ? CF_RESULTS_BOOLEAN
                                   : form == KG_QUERY_SELECT          ? CF_RESULTS_TABLE
                                                                      : CF_RESULTS_GRAPH);
    if (!r)
        return KG_ERR_NOMEM;
    *out = r;
    if (form == KG_QUERY_ASK) {
        r->boolean = kg_results_boolean(res);
        return KG_OK;
    }
    size_t width = kg_results_column_count(res);
    for (size_t i = 0; form == KG_QUERY_SELECT && i < width; i++)
        if (cf_results_var(r, kg_results_column_name(res, i), true) < 0)
            return KG_ERR_NOMEM;
    if (r->width != width)
        return KG_ERR_INVALID;
    bool has_row;
    kg_status st;
    while ((st = kg_results_next(&has_row, res)) == KG_OK && has_row) {
        kg_term *row = cf_results_add_row(r);
        for (size_t i = 0; row && i < width; i++)
            if (!cf_results_set(r, &row[i], kg_results_value(res, i)))
                row = NULL;
        if (!row)
            return KG_ERR_NOMEM;
    }
    if (st == KG_OK && r->kind == CF_RESULTS_GRAPH)
        cf_results_dedupe(r);
    return st;
}

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_term(const kg_term *a, const kg_term *b)
{
    if (a->kind != b->kind)
        return (int)a->kind - (int)b->kind;
    if (a->value_len != b->value_len)
        return a->value_len < b->value_len ? -1 : 1;
    int c = a->value_len ? memcmp(a->value, b->value, a->value_len) : 0;
    if (!c)
        c = cmp_opt(a->datatype, b->datatype);
    return c ? c : cmp_opt(a->lang, b->lang);
}

static size_t sort_width; /* qsort has no context argument */

static int cmp_row(const void *a, const void *b)
{
    for (size_t i = 0; i < sort_width; i++) {
        int c = cmp_term((const kg_term *)a + i, (const kg_term *)b + i);
        if (c)
            return c;
    }
    return 0;
}

void cf_results_dedupe(cf_results *r)
{
    if (r->count < 2 || !r->width)
        return;
    sort_width = r->width;
    size_t row_size = r->width * sizeof(kg_term);
    qsort(r->cells, r->count, row_size, cmp_row);
    size_t kept = 1;
    for (size_t i = 1; i < r->count; i++) {
        if (cmp_row(cf_results_row(r, kept - 1), cf_results_row(r, i)) != 0) {
            if (kept != i)
                memcpy(cf_results_row(r, kept), cf_results_row(r, i), row_size);
            kept++;
        }
    }
    r->count = kept;
}

static void print_term(const kg_term *t, FILE *out)
{
    if (t->kind == KG_TERM_NONE) {
        fputs("-", out);
        return;
    }
    char small[256];
    size_t need = kg_term_to_ntriples(t, small, sizeof small);
    if (need < sizeof small) {
        fputs(small, out);
        return;
    }
    char *big = malloc(need + 1);
    if (big) {
        kg_term_to_ntriples(t, big, need + 1);
        fputs(big, out);
        free(big);
    }
}

void cf_results_print(const cf_results *r, FILE *out, size_t max_rows)
{
    if (r->kind == CF_RESULTS_BOOLEAN) {
        fprintf(out, "#   boolean %s\n", r->boolean ? "true" : "false");
        return;
    }
    fputs("#  ", out);
    for (size_t i = 0; i < r->width; i++)
        fprintf(out, " ?%s", r->vars[i]);
    fprintf(out, "  (%zu rows)\n", r->count);
    for (size_t i = 0; i < r->count && i < max_rows; i++) {
        fputs("#   ", out);
        for (size_t j = 0; j < r->width; j++) {
            if (j)
                putc(' ', out);
            print_term(&cf_results_row(r, i)[j], out);
        }
        putc('\n', out);
    }
    if (r->count > max_rows)
        fprintf(out, "#   ... %zu more\n", r->count - max_rows);
}

kg_status cf_results_write(const cf_results *r, kg_results_format fmt, FILE *out)
{
    kg_results_writer *w = NULL;
    kg_status st = kg_results_writer_new(&w, fmt, out);
    if (st != KG_OK)
        return st;
    if (r->kind == CF_RESULTS_BOOLEAN) {
        st = kg_results_writer_boolean(w, r->boolean);
    } else {
        st = kg_results_writer_head(w, r->vars, r->width);
        for (size_t i = 0; st == KG_OK && i < r->count; i++)
            st = kg_results_writer_row(w, cf_results_row(r, i));
    }
    if (st == KG_OK)
        st = kg_results_writer_end(w);
    kg_results_writer_free(w);
    return st;
}

kg_status cf_error(kg_error *err, kg_status status, const char *file, unsigned long line,
                   const char *fmt, ...)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->status = status;
        err->line = line;
        if (file)
            snprintf(err->file, sizeof err->file, "%s", file);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}
