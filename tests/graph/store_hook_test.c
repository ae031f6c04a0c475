/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/store_hook_test.c - the store's commit hook
 * (kg_store_set_commit_hook): when it runs, that its changes commit with
 * the transaction that called for them, and that its failure rolls all of
 * it back; and the union scan that leaves one graph out. */
#include "kg/store.h"
#include "store/quads.h"
#include "test.h"

#define OWN "http://ex/own"

typedef struct hook_state {
    int calls;
    kg_status result;
} hook_state;

/* Records the call and adds (x p n) to its own graph, n = the call count. */
static kg_status hook(void *ctx, kg_store *store)
{
    hook_state *h = ctx;
    h->calls++;
    char n[32];
    snprintf(n, sizeof n, "%d", h->calls);
    kg_term x = kg_term_iri("http://ex/x"), p = kg_term_iri("http://ex/calls");
    kg_term v = kg_term_literal(n, NULL, NULL), g = kg_term_iri(OWN);
    kg_status st = kg_store_add(store, &x, &p, &v, &g);
    return st != KG_OK ? st : h->result;
}

static uint64_t count_graph(kg_store *store, const char *graph)
{
    kg_view *view = kg_store_view(store);
    kg_term t = kg_term_iri(graph);
    kg_id g = kg_view_lookup(view, &t);
    if (!g)
        return 0;
    kg_scan *scan = kg_scan_open(view, 0, 0, 0, KG_GRAPHS_ONE, g);
    uint64_t n = 0;
    kg_quad q;
    while (scan && kg_scan_next(scan, &q))
        n++;
    kg_scan_close(scan);
    return n;
}

static void commit_hook__runs_for_outside_changes_and_commits_with_them(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/store", kg_test_tmpdir());
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, dir, KG_STORE_CREATE, NULL) == KG_OK);
    hook_state h = {0, KG_OK};
    kg_term own = kg_term_iri(OWN);
    REQUIRE(kg_store_set_commit_hook(store, hook, &h, &own) == KG_OK);
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p");
    kg_term b = kg_term_iri("http://ex/b");
    REQUIRE(kg_store_add(store, &a, &p, &b, NULL) == KG_OK);
    EXPECT_INT(1, h.calls);
    EXPECT_INT(1, count_graph(store, OWN));
    /* a change only to the hook's own graph does not call it */
    kg_term y = kg_term_iri("http://ex/y");
    REQUIRE(kg_store_add(store, &y, &p, &b, &own) == KG_OK);
    EXPECT_INT(1, h.calls);
    /* nor does a transaction without quad changes */
    REQUIRE(kg_store_set_prefix(store, "ex", "http://ex/") == KG_OK);
    EXPECT_INT(1, h.calls);
    /* a removal does */
    REQUIRE(kg_store_remove(store, &a, &p, &b, NULL) == KG_OK);
    EXPECT_INT(2, h.calls);
    kg_store_close(store);
    REQUIRE(kg_store_open(&store, dir, 0, NULL) == KG_OK);
    EXPECT_INT(3, count_graph(store, OWN)); /* 2 calls + y */
    EXPECT_INT(3, kg_store_size(store));
    kg_store_close(store);
}

static void commit_hook__failure_rolls_the_whole_transaction_back(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    hook_state h = {0, KG_ERR_LIMIT};
    kg_term own = kg_term_iri(OWN);
    REQUIRE(kg_store_set_commit_hook(store, hook, &h, &own) == KG_OK);
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p");
    REQUIRE(kg_store_begin(store) == KG_OK);
    REQUIRE(kg_store_add(store, &a, &p, &a, NULL) == KG_OK);
    EXPECT_INT(KG_ERR_LIMIT, kg_store_commit(store));
    EXPECT_CONTAINS(kg_store_error(store)->message, "commit hook");
    EXPECT(!kg_store_in_transaction(store));
    EXPECT_INT(0, kg_store_size(store));
    /* removed: commits go through untouched */
    REQUIRE(kg_store_set_commit_hook(store, NULL, NULL, NULL) == KG_OK);
    REQUIRE(kg_store_add(store, &a, &p, &a, NULL) == KG_OK);
    EXPECT_INT(1, h.calls);
    EXPECT_INT(1, kg_store_size(store));
    kg_store_close(store);
}

static void scan_union__leaves_one_graph_out(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p");
    kg_term b = kg_term_iri("http://ex/b"), c = kg_term_iri("http://ex/c");
    kg_term g1 = kg_term_iri("http://ex/g1"), hidden = kg_term_iri("http://ex/hidden");
    REQUIRE(kg_store_begin(store) == KG_OK);
    kg_store_add(store, &a, &p, &b, &g1);
    kg_store_add(store, &a, &p, &b, &hidden); /* also elsewhere: still seen */
    kg_store_add(store, &a, &p, &c, &hidden); /* only hidden: left out */
    kg_store_add(store, &b, &p, &c, NULL);
    REQUIRE(kg_store_commit(store) == KG_OK);
    kg_view *view = kg_store_view(store);
    kg_id h = kg_view_lookup(view, &hidden);
    REQUIRE(h);
    kg_scan *scan = kg_scan_open(view, 0, 0, 0, KG_GRAPHS_UNION, h);
    int n = 0;
    kg_quad q;
    while (kg_scan_next(scan, &q)) {
        n++;
        EXPECT(q.g != h);
    }
    kg_scan_close(scan);
    EXPECT_INT(2, n);
    scan = kg_scan_open(view, 0, 0, 0, KG_GRAPHS_UNION, 0);
    n = 0;
    while (kg_scan_next(scan, &q))
        n++;
    kg_scan_close(scan);
    EXPECT_INT(3, n);
    kg_store_close(store);
}

/* Counts the additions the hook's view lists as the transaction's. */
static kg_status count_changes(void *ctx, kg_store *store)
{
    *(uint64_t *)ctx = kg_view_change_count(kg_store_view(store), false);
    return KG_OK;
}

/* A read between changes builds the transaction's overlay (a layer); the
 * hook must still see every change, not only those since that read. */
static void commit_hook__sees_every_change_after_a_read_in_between(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    uint64_t seen = 0;
    REQUIRE(kg_store_set_commit_hook(store, count_changes, &seen, NULL) == KG_OK);
    kg_term p = kg_term_iri("http://ex/p"), b = kg_term_iri("http://ex/b");
    REQUIRE(kg_store_begin(store) == KG_OK);
    /* many changes, a read, then one: the layer outweighs what follows it */
    for (int i = 0; i < 21; i++) {
        char iri[32];
        snprintf(iri, sizeof iri, "http://ex/s%d", i);
        kg_term s = kg_term_iri(iri);
        REQUIRE(kg_store_add(store, &s, &p, &b, NULL) == KG_OK);
        if (i == 19)
            EXPECT_INT(20, kg_store_size(store));
    }
    REQUIRE(kg_store_commit(store) == KG_OK);
    EXPECT_INT(21, seen);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(commit_hook__runs_for_outside_changes_and_commits_with_them),
    TEST(commit_hook__failure_rolls_the_whole_transaction_back),
    TEST(commit_hook__sees_every_change_after_a_read_in_between),
    TEST(scan_union__leaves_one_graph_out),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
