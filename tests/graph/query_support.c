/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/query_support.c - see query_support.h. */
#define _GNU_SOURCE
#include "query_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kg_store *qt_store(const char *dir, const char *trig)
{
    kg_store *store = NULL;
    kg_error err;
    unsigned flags = dir ? KG_STORE_CREATE : KG_STORE_MEMORY;
    if (kg_store_open(&store, dir, flags, &err) != KG_OK)
        return NULL;
    kg_load_options lo = KG_LOAD_OPTIONS_INIT;
    lo.format = KG_FORMAT_TRIG;
    lo.base_iri = "http://example.org/";
    if (trig && kg_load_string(store, trig, strlen(trig), "test", &lo, NULL) != KG_OK) {
        fprintf(stdout, "# load failed: %s\n", kg_store_error(store)->message);
        kg_store_close(store);
        return NULL;
    }
    return store;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Blank node labels differ from run to run: render them all as _:b. */
static void render_term(const kg_term *t, char *buf, size_t size)
{
    if (t->kind == KG_TERM_BLANK)
        snprintf(buf, size, "_:b");
    else
        kg_term_to_ntriples(t, buf, size);
}

static char out[1 << 16];

const char *qt_run_opts(kg_store *store, const char *query, const kg_query_options *opts,
                        bool ordered)
{
    kg_query *q = NULL;
    kg_error err = {0};
    kg_status st = kg_query_prepare(&q, store, query, strlen(query), opts, &err);
    if (st != KG_OK) {
        snprintf(out, sizeof out, "error: %s: %s", kg_strerror(st), err.message);
        return out;
    }
    kg_results *r = NULL;
    st = kg_query_execute(&r, q);
    if (st != KG_OK) {
        snprintf(out, sizeof out, "error: %s: %s", kg_strerror(st), kg_query_error(q)->message);
        kg_query_free(q);
        return out;
    }
    if (kg_results_form(r) == KG_QUERY_ASK) {
        snprintf(out, sizeof out, "%s", kg_results_boolean(r) ? "true" : "false");
        kg_results_free(r);
        kg_query_free(q);
        return out;
    }
    bool triples = kg_results_form(r) != KG_QUERY_SELECT;
    char **lines = NULL;
    size_t n = 0;
    bool has;
    while ((st = kg_results_next(&has, r)) == KG_OK && has) {
        char line[4096] = "", term[1024];
        for (size_t c = 0; c < kg_results_column_count(r); c++) {
            const kg_term *t = kg_results_value(r, c);
            if (t->kind == KG_TERM_NONE)
                continue;
            render_term(t, term, sizeof term);
            size_t len = strlen(line);
            if (triples)
                snprintf(line + len, sizeof line - len, "%s%s", term,
                         c == 2 ? " ." : " ");
            else
                snprintf(line + len, sizeof line - len, "%s%s=%s", len ? " " : "",
                         kg_results_column_name(r, c), term);
        }
        lines = realloc(lines, (n + 1) * sizeof *lines);
        lines[n++] = strdup(line);
    }
    if (st != KG_OK) {
        snprintf(out, sizeof out, "error: %s: %s", kg_strerror(st), kg_query_error(q)->message);
    } else {
        if (!ordered && n)
            qsort(lines, n, sizeof *lines, cmp_lines);
        out[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(out);
            snprintf(out + len, sizeof out - len, "%s%s", i ? "\n" : "", lines[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    kg_results_free(r);
    kg_query_free(q);
    return out;
}

const char *qt_run(kg_store *store, const char *query, bool ordered)
{
    return qt_run_opts(store, query, NULL, ordered);
}

kg_status qt_update(kg_store *store, const char *update, uint64_t *added, uint64_t *removed)
{
    kg_query *q = NULL;
    kg_error err;
    kg_status st = kg_query_prepare(&q, store, update, strlen(update), NULL, &err);
    if (st != KG_OK) {
        printf("# prepare failed: %s\n", err.message);
        return st;
    }
    kg_results *r = NULL;
    st = kg_query_execute(&r, q);
    if (st == KG_OK)
        kg_results_update_counts(added, removed, r);
    else
        printf("# update failed: %s\n", kg_query_error(q)->message);
    kg_results_free(r);
    kg_query_free(q);
    return st;
}
