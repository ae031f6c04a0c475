/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/match_test.c - the public pattern cursor (kg_store_match):
 * every combination of bound positions and graph selections returns
 * exactly the quads (union: triples) a brute-force filter of the whole store returns (random
 * store, seed printed), unknown terms match nothing, a change invalidates
 * an open cursor with KG_ERR_STALE while reads do not, and a cursor sees
 * the open transaction. */
#include <time.h>

#include "kg/store.h"
#include "test.h"

#define N_NODES 12
#define N_PREDS 4
#define N_GRAPHS 3

static char nodes[N_NODES][32], preds[N_PREDS][32], graphs[N_GRAPHS][32];

typedef struct quad_ix {
    int s, p, o, g; /* o >= N_NODES: literal o - N_NODES; g -1: default graph */
} quad_ix;

static kg_term node_term(int i)
{
    if (i >= N_NODES)
        return kg_term_literal(nodes[i - N_NODES], NULL, "en");
    return i % 5 == 4 ? kg_term_blank(nodes[i] + 10) : kg_term_iri(nodes[i]);
}

/* The quad as N-Quads text, to compare rows from either side. */
static void quad_text(char *buf, size_t size, const kg_term *s, const kg_term *p,
                      const kg_term *o, const kg_term *g)
{
    char a[128], b[128], c[128], d[128] = "";
    kg_term_to_ntriples(s, a, sizeof a);
    kg_term_to_ntriples(p, b, sizeof b);
    kg_term_to_ntriples(o, c, sizeof c);
    if (g && g->kind != KG_TERM_NONE)
        kg_term_to_ntriples(g, d, sizeof d);
    snprintf(buf, size, "%s %s %s %s", a, b, c, d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted N-Quads lines of what the cursor returns; *n their count. */
static char **cursor_lines(kg_cursor *cur, bool with_graph, size_t *n)
{
    size_t cap = 16;
    char **lines = malloc(cap * sizeof *lines);
    kg_match m;
    *n = 0;
    while (kg_cursor_next(cur, &m)) {
        if (*n == cap)
            lines = realloc(lines, (cap *= 2) * sizeof *lines);
        char buf[600];
        quad_text(buf, sizeof buf, &m.s, &m.p, &m.o, with_graph ? &m.graph : NULL);
        lines[(*n)++] = strdup(buf);
    }
    qsort(lines, *n, sizeof *lines, cmp_str);
    return lines;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static bool graph_selected(int g, kg_match_graphs mode, int one)
{
    switch (mode) {
    case KG_MATCH_DEFAULT: return g < 0;
    case KG_MATCH_NAMED: return g >= 0;
    case KG_MATCH_GRAPH: return g == one;
    case KG_MATCH_ALL: case KG_MATCH_UNION: break;
    }
    return true;
}

static void match__every_pattern_equals_brute_force(void)
{
    unsigned seed = (unsigned)time(NULL);
    printf("# seed %u\n", seed);
    srand(seed);
    for (int i = 0; i < N_NODES; i++)
        snprintf(nodes[i], sizeof nodes[i], "http://ex/n%d", i);
    for (int i = 0; i < N_PREDS; i++)
        snprintf(preds[i], sizeof preds[i], "http://ex/p%d", i);
    for (int i = 0; i < N_GRAPHS; i++)
        snprintf(graphs[i], sizeof graphs[i], "http://ex/g%d", i);
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    enum { N = 300 };
    quad_ix qs[N];
    size_t n = 0;
    REQUIRE(kg_store_begin(store) == KG_OK);
    for (int i = 0; i < N; i++) {
        quad_ix q = {rand() % N_NODES, rand() % N_PREDS, rand() % (2 * N_NODES),
                     rand() % (N_GRAPHS + 1) - 1};
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= !memcmp(&qs[j], &q, sizeof q);
        if (dup)
            continue;
        qs[n++] = q;
        kg_term s = node_term(q.s), p = kg_term_iri(preds[q.p]), o = node_term(q.o);
        kg_term g = kg_term_iri(q.g >= 0 ? graphs[q.g] : "");
        REQUIRE(kg_store_add(store, &s, &p, &o, q.g >= 0 ? &g : NULL) == KG_OK);
    }
    REQUIRE(kg_store_commit(store) == KG_OK);
    /* every combination of bound positions, with the values of a random
     * stored quad, in every graph selection */
    for (int bits = 0; bits < 8; bits++)
        for (int mode = KG_MATCH_ALL; mode <= KG_MATCH_UNION; mode++) {
            bool union_ = mode == KG_MATCH_UNION;
            quad_ix want = qs[rand() % n];
            int one = rand() % N_GRAPHS;
            kg_term s = node_term(want.s), p = kg_term_iri(preds[want.p]), o = node_term(want.o);
            kg_term g = kg_term_iri(graphs[one]);
            kg_cursor *cur = NULL;
            REQUIRE(kg_store_match(&cur, store, bits & 1 ? &s : NULL, bits & 2 ? &p : NULL,
                                   bits & 4 ? &o : NULL, (kg_match_graphs)mode, &g) == KG_OK);
            size_t got_n;
            char **got = cursor_lines(cur, !union_, &got_n);
            EXPECT_INT(KG_OK, kg_cursor_status(cur));
            kg_cursor_close(cur);
            char **exp = malloc(n * sizeof *exp);
            size_t exp_n = 0;
            for (size_t j = 0; j < n; j++) {
                const quad_ix *q = &qs[j];
                if ((bits & 1 && q->s != want.s) || (bits & 2 && q->p != want.p) ||
                    (bits & 4 && q->o != want.o) || !graph_selected(q->g, mode, one))
                    continue;
                kg_term qs_ = node_term(q->s), qp = kg_term_iri(preds[q->p]);
                kg_term qo = node_term(q->o), qg = kg_term_iri(q->g >= 0 ? graphs[q->g] : "");
                char buf[600];
                quad_text(buf, sizeof buf, &qs_, &qp, &qo, q->g >= 0 && !union_ ? &qg : NULL);
                exp[exp_n++] = strdup(buf);
            }
            qsort(exp, exp_n, sizeof *exp, cmp_str);
            if (union_) { /* one row per distinct triple */
                size_t k = 0;
                for (size_t j = 0; j < exp_n; j++) {
                    if (k && !strcmp(exp[k - 1], exp[j]))
                        free(exp[j]);
                    else
                        exp[k++] = exp[j];
                }
                exp_n = k;
            }
            EXPECT_INT(exp_n, got_n);
            for (size_t j = 0; j < exp_n && j < got_n; j++)
                if (strcmp(exp[j], got[j]) != 0) {
                    TEST_FAIL_AT("bits %d mode %d: expected %s, got %s", bits, mode, exp[j], got[j]);
                    break;
                }
            free_lines(exp, exp_n);
            free_lines(got, got_n);
        }
    kg_store_close(store);
}

static kg_store *small_store(void)
{
    kg_store *store = NULL;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK)
        return NULL;
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p");
    kg_term b = kg_term_literal("b", "http://ex/dt", NULL), c = kg_term_literal("c", NULL, "en-GB");
    kg_term g = kg_term_iri("http://ex/g");
    kg_store_add(store, &a, &p, &b, NULL);
    kg_store_add(store, &a, &p, &c, &g);
    return store;
}

static void match__unknown_term_matches_nothing(void)
{
    kg_store *store = small_store();
    REQUIRE(store);
    kg_term x = kg_term_iri("http://ex/never");
    kg_cursor *cur = NULL;
    REQUIRE(kg_store_match(&cur, store, &x, NULL, NULL, KG_MATCH_ALL, NULL) == KG_OK);
    kg_match m;
    EXPECT(!kg_cursor_next(cur, &m));
    EXPECT_INT(KG_OK, kg_cursor_status(cur));
    kg_cursor_close(cur);
    REQUIRE(kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_GRAPH, &x) == KG_OK);
    EXPECT(!kg_cursor_next(cur, &m));
    kg_cursor_close(cur);
    /* a literal cannot name a graph */
    kg_term lit = kg_term_literal("g", NULL, NULL);
    EXPECT_INT(KG_ERR_INVALID, kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_GRAPH, &lit));
    EXPECT(cur == NULL);
    kg_store_close(store);
}

static void match__terms_keep_datatype_and_language(void)
{
    kg_store *store = small_store();
    REQUIRE(store);
    kg_term g = kg_term_iri("http://ex/g");
    kg_cursor *cur = NULL;
    REQUIRE(kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_GRAPH, &g) == KG_OK);
    kg_match m;
    REQUIRE(kg_cursor_next(cur, &m));
    EXPECT_STR("en-gb", m.o.lang);
    EXPECT_STR("http://ex/g", m.graph.value);
    EXPECT(!kg_cursor_next(cur, &m));
    kg_cursor_close(cur);
    REQUIRE(kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_DEFAULT, NULL) == KG_OK);
    REQUIRE(kg_cursor_next(cur, &m));
    EXPECT_STR("http://ex/dt", m.o.datatype);
    EXPECT_INT(KG_TERM_NONE, m.graph.kind);
    kg_cursor_close(cur);
    kg_store_close(store);
}

/* kg_cursor_term_ids: within a cursor, equal terms have equal identities
 * and different terms different ones, in any position; the default graph
 * is 0 (the Redland module caches its nodes by these). */
static void match__term_ids_tell_terms_apart(void)
{
    kg_store *store = small_store();
    REQUIRE(store);
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p"),
            g = kg_term_iri("http://ex/g"), b = kg_term_literal("b", "http://ex/dt", NULL),
            bl = kg_term_literal("b", NULL, "en");
    REQUIRE(kg_store_add(store, &g, &p, &a, &a) == KG_OK); /* g and a in every position */
    REQUIRE(kg_store_add(store, &p, &a, &bl, NULL) == KG_OK);
    REQUIRE(kg_store_add(store, &g, &g, &b, &g) == KG_OK);
    kg_cursor *cur = NULL;
    REQUIRE(kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL) == KG_OK);
    char text[64][160];
    uint64_t ids[64];
    size_t n = 0, quads = 0;
    kg_match m;
    while (kg_cursor_next(cur, &m)) {
        uint64_t id[4];
        kg_cursor_term_ids(id, cur);
        const kg_term *t[4] = {&m.s, &m.p, &m.o, &m.graph};
        EXPECT((id[3] == 0) == (m.graph.kind == KG_TERM_NONE));
        for (int i = 0; i < 4 && n < 64; i++, n++) {
            text[n][0] = '\0';
            if (t[i]->kind != KG_TERM_NONE)
                kg_term_to_ntriples(t[i], text[n], sizeof text[n]);
            ids[n] = id[i];
        }
        quads++;
    }
    kg_cursor_close(cur);
    EXPECT_INT(5, quads);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            EXPECT((strcmp(text[i], text[j]) == 0) == (ids[i] == ids[j]));
    kg_store_close(store);
}

static void match__a_change_invalidates_an_open_cursor(void)
{
    kg_store *store = small_store();
    REQUIRE(store);
    kg_cursor *cur = NULL, *other = NULL;
    REQUIRE(kg_store_match(&cur, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL) == KG_OK);
    kg_match m;
    REQUIRE(kg_cursor_next(cur, &m));
    /* reads, another cursor included, leave it usable */
    REQUIRE(kg_store_match(&other, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL) == KG_OK);
    EXPECT(kg_cursor_next(other, &m));
    EXPECT_INT(2, kg_store_size(store));
    EXPECT(kg_cursor_next(cur, &m));
    EXPECT(!kg_cursor_next(cur, &m)); /* ended normally */
    EXPECT_INT(KG_OK, kg_cursor_status(cur));
    kg_cursor_close(cur);
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p");
    kg_term d = kg_term_iri("http://ex/d");
    REQUIRE(kg_store_add(store, &a, &p, &d, NULL) == KG_OK);
    EXPECT(!kg_cursor_next(other, &m));
    EXPECT_INT(KG_ERR_STALE, kg_cursor_status(other));
    EXPECT_CONTAINS(kg_store_error(store)->message, "changed after the cursor was opened");
    kg_cursor_close(other);
    /* a transaction boundary invalidates too */
    REQUIRE(kg_store_match(&cur, store, &a, NULL, NULL, KG_MATCH_ALL, NULL) == KG_OK);
    REQUIRE(kg_store_begin(store) == KG_OK);
    EXPECT(!kg_cursor_next(cur, &m));
    EXPECT_INT(KG_ERR_STALE, kg_cursor_status(cur));
    kg_cursor_close(cur);
    kg_store_rollback(store);
    kg_store_close(store);
}

static void match__sees_the_open_transaction(void)
{
    kg_store *store = small_store();
    REQUIRE(store);
    kg_term a = kg_term_iri("http://ex/a"), p = kg_term_iri("http://ex/p");
    kg_term b = kg_term_literal("b", "http://ex/dt", NULL), e = kg_term_iri("http://ex/e");
    REQUIRE(kg_store_begin(store) == KG_OK);
    REQUIRE(kg_store_remove(store, &a, &p, &b, NULL) == KG_OK);
    REQUIRE(kg_store_add(store, &a, &p, &e, NULL) == KG_OK);
    kg_cursor *cur = NULL;
    REQUIRE(kg_store_match(&cur, store, &a, &p, NULL, KG_MATCH_DEFAULT, NULL) == KG_OK);
    kg_match m;
    REQUIRE(kg_cursor_next(cur, &m));
    EXPECT_STR("http://ex/e", m.o.value);
    EXPECT(!kg_cursor_next(cur, &m));
    kg_cursor_close(cur);
    kg_store_rollback(store);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(match__every_pattern_equals_brute_force),
    TEST(match__unknown_term_matches_nothing),
    TEST(match__terms_keep_datatype_and_language),
    TEST(match__term_ids_tell_terms_apart),
    TEST(match__a_change_invalidates_an_open_cursor),
    TEST(match__sees_the_open_transaction),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
