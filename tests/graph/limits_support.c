/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/limits_support.c - helpers of the hostile-input tests
 * (limits_support.h), shared so the fast and the big cases can live in
 * different test tiers. */
#include <stdlib.h>
#include <string.h>

#include "limits_support.h"

kg_store *limits_memory_store(void)
{
    kg_store *store = NULL;
    kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL);
    return store;
}

char *limits_repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    char *s = malloc(h + u * n + t + 1);
    if (!s)
        return NULL;
    memcpy(s, head, h);
    for (size_t i = 0; i < n; i++)
        memcpy(s + h + i * u, unit, u);
    memcpy(s + h + u * n, tail, t + 1);
    return s;
}

kg_status limits_load_text(kg_store *store, const char *text, size_t len, kg_format format)
{
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = format;
    return kg_load_string(store, text, len, "input", &opts, NULL);
}

kg_status limits_prepare_and_run(kg_store *store, const char *text, size_t len,
                                 const kg_query_options *opts, kg_error *err)
{
    kg_query *q;
    kg_status st = kg_query_prepare(&q, store, text, len, opts, err);
    if (st != KG_OK)
        return st;
    kg_results *r = NULL;
    st = kg_query_execute(&r, q);
    bool has_row = true;
    while (st == KG_OK && has_row)
        st = kg_results_next(&has_row, r);
    *err = *kg_query_error(q);
    kg_results_free(r);
    kg_query_free(q);
    return st;
}
