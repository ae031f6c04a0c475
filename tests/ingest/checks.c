/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/checks.c - the ingest tests' shared checks (checks.h).
 * Evidence offsets are code points, so the text is cut by counting UTF-8
 * lead bytes. */
#include "ingest/checks.h"

#include "kg/query.h"
#include "test.h"

/* The code points [start, end) of text, as a new string (NULL on ENOMEM;
 * empty when out of range). */
static char *cut(const char *text, size_t len, size_t start, size_t end)
{
    size_t cp = 0, from = len + 1, to = len + 1;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        if (cp == start)
            from = i;
        if (cp == end) {
            to = i;
            break;
        }
        cp++;
    }
    size_t n = from <= to && to <= len ? to - from : 0;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, text + (n ? from : 0), n);
        s[n] = '\0';
    }
    return s;
}

size_t kg_test_check_evidence(kg_ingest *ing, const kg_article *art)
{
    size_t checked = 0;
    for (size_t p = 1; p <= kg_ingest_count(ing); p++)
        for (size_t e = 0; e < kg_ingest_proposal(ing, p)->n_evidence; e++) {
            kg_evidence ev;
            if (kg_ingest_evidence(&ev, ing, p, e) != KG_OK) {
                TEST_FAIL_AT("%s proposal %zu: no evidence %zu", art->stem, p, e);
                continue;
            }
            char *got = cut(art->text, art->len, ev.start, ev.end);
            if (!got || strcmp(got, ev.text))
                TEST_FAIL_AT("%s proposal %zu: the text at [%zu-%zu] is \"%s\", the sentence \"%s\"",
                             art->stem, p, ev.start, ev.end, got ? got : "(out of memory)", ev.text);
            free(got);
            checked++;
        }
    return checked;
}

bool kg_test_ask(kg_store *store, const char *q)
{
    kg_query *query = NULL;
    kg_results *res = NULL;
    kg_error err = {0};
    bool answer = false;
    if (kg_query_prepare(&query, store, q, strlen(q), NULL, &err) == KG_OK && kg_query_execute(&res, query) == KG_OK)
        answer = kg_results_boolean(res);
    else
        printf("# query failed: %s\n", err.message[0] ? err.message : kg_query_error(query)->message);
    kg_results_free(res);
    kg_query_free(query);
    return answer;
}
