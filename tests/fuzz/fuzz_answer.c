/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_answer.c - fuzzes the reading of a SPARQL server's
 * answers (graph/remote/answer.c): results JSON (json-c), results XML
 * (libxml2) and N-Triples, which come from a server the user may not
 * control. The first byte picks the form and content type (% 4: SELECT as
 * JSON, SELECT as XML, ASK as JSON, CONSTRUCT as N-Triples); the rest is
 * the answer.
 *
 * Besides crashes it checks the reader's promises: a failure names the
 * endpoint and leaves no handle; a success gives rows with one term per
 * column, each term well-formed. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kg/kg.h"
#include "remote/answer.h"

#define URL "http://127.0.0.1:8890/sparql"

static void check_rows(kg_results *r)
{
    size_t columns = kg_results_column_count(r);
    for (size_t c = 0; c < columns; c++)
        if (!kg_results_column_name(r, c))
            abort();
    bool row;
    while (kg_results_next(&row, r) == KG_OK && row)
        for (size_t c = 0; c < columns; c++) {
            const kg_term *t = kg_results_value(r, c);
            if (t->kind != KG_TERM_NONE && (!t->value || strlen(t->value) > t->value_len))
                abort(); /* a term's length must cover its text */
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        kg_query_form form;
        const char *type;
    } kinds[] = {{KG_QUERY_SELECT, "application/sparql-results+json"},
                 {KG_QUERY_SELECT, "application/sparql-results+xml"},
                 {KG_QUERY_ASK, "application/sparql-results+json"},
                 {KG_QUERY_CONSTRUCT, "application/n-triples"}};
    if (size == 0)
        return 0;
    int k = data[0] % 4;
    kg_results *r = NULL;
    kg_error err = {0};
    kg_status st = kg_answer_read(URL, kinds[k].form, kinds[k].type, (const char *)data + 1,
                                  size - 1, &r, &err);
    if (st != KG_OK) {
        if (r || !strstr(err.message, URL))
            abort(); /* a failure names the endpoint and gives nothing */
        return 0;
    }
    check_rows(r);
    kg_results_free(r);
    return 0;
}
