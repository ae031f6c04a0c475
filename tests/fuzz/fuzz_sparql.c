/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_sparql.c - fuzzes the SPARQL front end (lexer, parser,
 * checks, algebra) and the evaluator: each input is a query or update,
 * prepared and, when it parses, executed against a small in-memory store.
 * Each input runs inside a transaction that is rolled back afterwards, so
 * an update cannot leak into the next input (and no commit is paid for).
 *
 * Evaluation of a valid query can take exponential time (a cross product
 * of twenty patterns), which is not a bug; an interval timer interrupts it
 * through kg_store_interrupt, the same path as Ctrl-C in the shell. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "fuzz.h"
#include "kg/kg.h"

enum { MAX_ROWS = 200, EVAL_MS = 200 };

static kg_store *volatile running;

static void on_alarm(int sig)
{
    (void)sig;
    kg_store_interrupt(running);
}

static kg_store *small_store(void)
{
    kg_store *store;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK)
        abort();
    kg_term a = kg_term_iri("http://example.org/a"), b = kg_term_iri("http://example.org/b");
    kg_term p = kg_term_iri("http://example.org/p"), q = kg_term_iri("http://example.org/q");
    kg_term g = kg_term_iri("http://example.org/g"), n = kg_term_blank("n1");
    kg_term one = kg_term_literal("1", "http://www.w3.org/2001/XMLSchema#integer", NULL);
    kg_term hello = kg_term_literal("hello", NULL, "en");
    const kg_term *quads[][4] = {
        {&a, &p, &b, NULL}, {&b, &p, &a, NULL}, {&a, &q, &one, NULL},
        {&b, &q, &hello, &g}, {&n, &p, &a, &g}, {&a, &p, &n, &g},
    };
    kg_store_begin(store);
    for (size_t i = 0; i < sizeof quads / sizeof quads[0]; i++)
        if (kg_store_add(store, quads[i][0], quads[i][1], quads[i][2], quads[i][3]) != KG_OK)
            abort();
    kg_store_set_prefix(store, "ex", "http://example.org/");
    if (kg_store_commit(store) != KG_OK)
        abort();
    return store;
}

static void run(kg_query *query)
{
    kg_results *results;
    if (kg_query_execute(&results, query) != KG_OK)
        return;
    bool has_row = true;
    for (int i = 0; i < MAX_ROWS && has_row; i++) {
        if (kg_results_next(&has_row, results) != KG_OK)
            break;
        for (size_t c = 0; has_row && c < kg_results_column_count(results); c++) {
            const kg_term *t = kg_results_value(results, c);
            /* kg/term.h: NUL-terminated, NUL bytes inside only for literals */
            if (t->kind != KG_TERM_NONE &&
                (!t->value || t->value[t->value_len] != '\0' ||
                 (t->kind != KG_TERM_LITERAL && strlen(t->value) != t->value_len)))
                abort();
        }
    }
    kg_results_free(results);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool installed;
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        installed = true;
    }
    static kg_store *store;
    if (!store)
        store = small_store();
    if (kg_store_begin(store) != KG_OK)
        abort();
    kg_query *query = NULL;
    kg_error err;
    if (kg_query_prepare(&query, store, (const char *)data, size, NULL, &err) == KG_OK) {
        running = store;
        struct itimerval t = {{0, 0}, {0, EVAL_MS * 1000}};
        setitimer(ITIMER_REAL, &t, NULL);
        run(query);
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
        running = NULL;
    } else if (err.status == KG_OK || !err.message[0]) {
        abort(); /* a failure must say what failed */
    }
    kg_query_free(query);
    kg_store_rollback(store);
    return 0;
}
