/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/explore/query_driver.c - runs SPARQL queries with libkg for
 * paths_crosscheck.py: loads the data files into an in-memory store, then
 * runs each query file and prints its rows as TSV (terms in N-Triples
 * syntax, an empty field for unbound), each result between "#query NAME"
 * and "#end" lines, or "#error MESSAGE".
 *
 *     query_driver DATA.ttl|.trig... -- QUERY.rq...
 *
 * Exit status 0 when every file loaded (query errors are reported in the
 * output), 2 otherwise. Test-only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg/io.h"
#include "kg/query.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *grown = realloc(text, cap);
            if (!grown)
                break;
            text = grown;
        }
        size_t got = fread(text + *len, 1, cap - *len - 1, f);
        *len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    if (text)
        text[*len] = 0;
    return text;
}

static void print_term(const kg_term *t)
{
    if (t->kind == KG_TERM_NONE)
        return;
    size_t need = kg_term_to_ntriples(t, NULL, 0) + 1;
    char *buf = malloc(need);
    if (!buf)
        return;
    kg_term_to_ntriples(t, buf, need);
    fputs(buf, stdout);
    free(buf);
}

static void run_query(kg_store *store, const char *path)
{
    printf("#query %s\n", path);
    size_t len;
    char *text = read_file(path, &len);
    kg_query *q = NULL;
    kg_results *r = NULL;
    kg_error err;
    if (!text) {
        printf("#error cannot read %s\n", path);
    } else if (kg_query_prepare(&q, store, text, len, NULL, &err) != KG_OK) {
        printf("#error %s\n", err.message);
    } else if (kg_query_execute(&r, q) != KG_OK) {
        printf("#error %s\n", kg_query_error(q)->message);
    } else if (kg_results_form(r) == KG_QUERY_ASK) {
        printf("%s\n", kg_results_boolean(r) ? "true" : "false");
    } else {
        bool row;
        size_t n = kg_results_column_count(r);
        kg_status st;
        while ((st = kg_results_next(&row, r)) == KG_OK && row) {
            for (size_t i = 0; i < n; i++) {
                if (i)
                    putchar('\t');
                print_term(kg_results_value(r, i));
            }
            putchar('\n');
        }
        if (st != KG_OK)
            printf("#error %s\n", kg_query_error(q)->message);
    }
    printf("#end\n");
    kg_results_free(r);
    kg_query_free(q);
    free(text);
}

int main(int argc, char **argv)
{
    kg_store *store = NULL;
    kg_error err;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, &err) != KG_OK) {
        fprintf(stderr, "query_driver: %s\n", err.message);
        return 2;
    }
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (kg_load_file(store, argv[i], NULL, NULL) != KG_OK) {
            char buf[2048];
            fprintf(stderr, "query_driver: %s\n",
                    kg_error_format(kg_store_error(store), buf, sizeof buf));
            kg_store_close(store);
            return 2;
        }
    }
    for (i++; i < argc; i++)
        run_query(store, argv[i]);
    kg_store_close(store);
    return 0;
}
