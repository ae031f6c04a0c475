/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/rows.c - results handles over rows held in memory (rows.h). The
 * terms' strings live in one arena per handle. */
#include "sparql/rows.h"

#include <stdlib.h>
#include <string.h>

#include "sparql/query_impl.h"
#include "util/arena.h"
#include "kg/grow.h"

struct kg_rows {
    kg_arena *arena;
    const char **names;
    size_t cap_names;
    kg_term *cells; /* nrows * ncols */
    size_t nrows, cap_rows;
    size_t next; /* the row kg_rows_next gives next */
};

kg_results *kg_results_new_rows(kg_query_form form)
{
    kg_results *r = calloc(1, sizeof *r);
    kg_rows *rows = calloc(1, sizeof *rows);
    kg_arena *arena = kg_arena_new();
    if (!r || !rows || !arena) {
        free(r);
        free(rows);
        kg_arena_free(arena);
        return NULL;
    }
    rows->arena = arena;
    r->rows = rows;
    r->form = form;
    if (form == KG_QUERY_CONSTRUCT || form == KG_QUERY_DESCRIBE) {
        static const char *const spo[] = {"subject", "predicate", "object"};
        for (int i = 0; i < 3; i++)
            if (!kg_results_rows_column(r, spo[i])) {
                kg_results_free(r);
                return NULL;
            }
    }
    return r;
}

bool kg_results_rows_column(kg_results *r, const char *name)
{
    kg_rows *rows = r->rows;
    if (rows->nrows)
        return false;
    if (!kg_grow(&rows->names, &rows->cap_names, r->ncols, sizeof *rows->names, 8))
        return false;
    const char *copy = kg_arena_strdup(rows->arena, name);
    if (!copy)
        return false;
    rows->names[r->ncols++] = copy;
    r->names = rows->names;
    return true;
}

static const char *copy_or_null(kg_arena *arena, const char *s)
{
    return s ? kg_arena_strdup(arena, s) : NULL;
}

bool kg_results_rows_add(kg_results *r, const kg_term *values)
{
    kg_rows *rows = r->rows;
    /* one item of the growing array is a row of ncols cells */
    if (!kg_grow(&rows->cells, &rows->cap_rows, rows->nrows,
                 (r->ncols ? r->ncols : 1) * sizeof *rows->cells, 64))
        return false;
    kg_term *row = rows->cells + rows->nrows * r->ncols;
    for (size_t c = 0; c < r->ncols; c++) {
        const kg_term *v = &values[c];
        kg_term *t = &row[c];
        memset(t, 0, sizeof *t);
        if (v->kind == KG_TERM_NONE)
            continue;
        t->kind = v->kind;
        t->value = kg_arena_strndup(rows->arena, v->value ? v->value : "", v->value_len);
        t->value_len = v->value_len;
        t->datatype = copy_or_null(rows->arena, v->datatype);
        t->lang = copy_or_null(rows->arena, v->lang);
        if (!t->value || (v->datatype && !t->datatype) || (v->lang && !t->lang))
            return false;
    }
    rows->nrows++;
    return true;
}

void kg_results_rows_boolean(kg_results *r, bool value)
{
    r->boolean = value;
}

bool kg_rows_next(kg_results *r)
{
    kg_rows *rows = r->rows;
    if (rows->next >= rows->nrows)
        return false;
    r->values = rows->cells + rows->next * r->ncols;
    rows->next++;
    return true;
}

void kg_rows_free(kg_rows *rows)
{
    if (!rows)
        return;
    kg_arena_free(rows->arena);
    free(rows->names);
    free(rows->cells);
    free(rows);
}
