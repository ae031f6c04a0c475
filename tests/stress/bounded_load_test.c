/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/stress/bounded_load_test.c - a load bigger than the store's
 * load-memory budget (issue 22 point 6) is sorted in runs on disk and
 * merged at commit; the store it makes must be the one an in-memory load
 * makes (same size, same N-Quads export), the scratch files must be gone,
 * and a failed load inside a transaction must be undone exactly even when
 * part of it was spilled. In make check-stress: a few hundred thousand
 * quads, seconds. No memory or time is measured here (bench/ does).
 * The dictionary of new terms passes its share of the budget too, so it
 * is spilled (store/newterms.h) and read back from disk for lookups, for
 * queries inside the transaction and for the segment. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg/kg.h"
#include "store/store_impl.h"
#include "test.h"

/* 8 MB: far below what 300,000 quads take, so the load spills many runs. */
#define TINY_BUDGET ((uint64_t)8 << 20)
#define QUADS 300000

/* N-Quads with repeats, several graphs, IRIs and literals, from the seed. */
static char *make_quads(unsigned seed, unsigned n)
{
    size_t cap = (size_t)n * 160, len = 0;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    srand(seed);
    for (unsigned i = 0; i < n; i++) {
        unsigned s = (unsigned)rand() % (n / 4), p = (unsigned)rand() % 23,
                 g = (unsigned)rand() % 7, o = (unsigned)rand() % (n / 2);
        char graph[64] = "";
        if (g)
            snprintf(graph, sizeof graph, " <http://example.org/g%u>", g);
        if (rand() % 3)
            len += (size_t)snprintf(text + len, cap - len,
                                    "<http://example.org/s%u> <http://example.org/p%u> "
                                    "<http://example.org/o%u>%s .\n",
                                    s, p, o, graph);
        else
            len += (size_t)snprintf(text + len, cap - len,
                                    "<http://example.org/s%u> <http://example.org/p%u> "
                                    "\"value %u\"@en%s .\n",
                                    s, p, o, graph);
    }
    return text;
}

/* A store directory of its own (the case's directory holds other files). */
static const char *store_dir(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/store", kg_test_tmpdir());
    return dir;
}

static kg_store *open_store(const char *dir)
{
    kg_store *store = NULL;
    kg_error err;
    if (kg_store_open(&store, dir, dir ? KG_STORE_CREATE : KG_STORE_MEMORY, &err) != KG_OK)
        TEST_FAIL_AT("cannot open the store: %s", err.message);
    return store;
}

/* A store whose loads spill past TINY_BUDGET. */
static kg_store *open_tiny(const char *dir)
{
    kg_store *store = open_store(dir);
    if (store)
        kg_store_set_load_memory(store, TINY_BUDGET);
    return store;
}

static kg_status load(kg_store *store, const char *text)
{
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = KG_FORMAT_NQUADS;
    return kg_load_string(store, text, strlen(text), "data.nq", &opts, NULL);
}

/* The store as N-Quads (malloc'd). */
static char *export_nquads(kg_store *store)
{
    char *text;
    size_t len;
    kg_test_export(store, KG_FORMAT_NQUADS, false, &text, &len);
    return text;
}

/* The store made by loading each text in turn into a memory store. */
static char *reference_export(const char *first, const char *second, uint64_t *size)
{
    kg_store *mem = open_store(NULL);
    if (!mem)
        return NULL;
    EXPECT_INT(KG_OK, load(mem, first));
    if (second)
        EXPECT_INT(KG_OK, load(mem, second));
    *size = kg_store_size(mem);
    char *text = export_nquads(mem);
    kg_store_close(mem);
    return text;
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text sorted, in place: terms a failed load interned stay
 * in the dictionary, so a store may number its terms (and export them)
 * in another order than the reference and still hold the same quads. */
static void sort_lines(char *text)
{
    size_t n = 0, cap = 1024, len = strlen(text);
    char **lines = malloc(cap * sizeof *lines);
    for (char *p = text, *nl; lines && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        if (n == cap) {
            char **grown = realloc(lines, (cap *= 2) * sizeof *lines);
            if (!grown)
                break;
            lines = grown;
        }
        lines[n++] = p;
    }
    if (!lines)
        return;
    qsort(lines, n, sizeof *lines, line_cmp);
    char *copy = malloc(len + 1), *w = copy;
    for (size_t i = 0; copy && i < n; i++)
        w += sprintf(w, "%s\n", lines[i]);
    if (copy) {
        *w = '\0';
        memcpy(text, copy, len + 1);
    }
    free(copy);
    free(lines);
}

/* Reopens dir and checks it holds exactly the reference (as a set of
 * lines unless same_order). */
static void expect_store_equals(const char *dir, char *want, uint64_t want_size, bool same_order)
{
    kg_store *store = open_store(dir);
    REQUIRE(store);
    EXPECT_INT(KG_OK, kg_store_check(store));
    EXPECT_INT(want_size, kg_store_size(store));
    char *got = export_nquads(store);
    REQUIRE(got && want);
    if (!same_order) {
        sort_lines(got);
        sort_lines(want);
    }
    if (strcmp(got, want) != 0)
        TEST_FAIL_AT("the export differs from the in-memory load's (%zu bytes against %zu)",
                     strlen(got), strlen(want));
    free(got);
    kg_store_close(store);
}

/* Only the store's own files: every scratch file is gone. */
static void expect_no_scratch_files(const char *dir)
{
    DIR *d = opendir(dir);
    REQUIRE(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        bool own = n[0] == '.' || strcmp(n, "LOCK") == 0 || strcmp(n, "MANIFEST") == 0 ||
                   (strncmp(n, "seg-", 4) == 0 && !strstr(n, ".tmp."));
        if (!own)
            TEST_FAIL_AT("file %s left in the store directory", n);
    }
    closedir(d);
}

static void load__over_budget_equals_the_in_memory_load(void)
{
    char *text = make_quads(kg_test_seed(), QUADS);
    REQUIRE(text);
    uint64_t want_size;
    char *want = reference_export(text, NULL, &want_size);
    const char *dir = store_dir();
    kg_store *store = open_tiny(dir);
    REQUIRE(store);
    EXPECT_INT(TINY_BUDGET, kg_store_load_memory(store));
    EXPECT_INT(KG_OK, load(store, text));
    EXPECT(store->term_spills >= 2); /* ~375,000 terms, 27 MB in memory */
    kg_store_close(store);
    expect_no_scratch_files(dir);
    expect_store_equals(dir, want, want_size, true);
    /* A second load over the budget into the non-empty store: only what is
     * new is added (the merge checks the committed segments). */
    store = open_tiny(dir);
    REQUIRE(store);
    EXPECT_INT(KG_OK, load(store, text));
    EXPECT_INT(want_size, kg_store_size(store));
    kg_store_close(store);
    expect_store_equals(dir, want, want_size, true);
    free(want);
    free(text);
}

static void load__failed_after_spilling_is_undone_inside_a_transaction(void)
{
    unsigned seed = kg_test_seed();
    char *first = make_quads(seed, 20000), *big = make_quads(seed + 1, QUADS / 2);
    char *later = make_quads(seed + 2, QUADS / 2);
    REQUIRE(first && big && later);
    /* The big file breaks at its very end, after several runs were spilled. */
    size_t len = strlen(big);
    char *broken = malloc(len + 64);
    REQUIRE(broken);
    memcpy(broken, big, len);
    strcpy(broken + len, "<http://example.org/broken> .\n");
    uint64_t want_size;
    char *want = reference_export(first, later, &want_size);
    const char *dir = store_dir();
    kg_store *store = open_tiny(dir);
    REQUIRE(store);
    EXPECT_INT(KG_OK, kg_store_begin(store));
    EXPECT_INT(KG_OK, load(store, first));
    EXPECT_INT(KG_ERR_SYNTAX, load(store, broken));
    EXPECT_INT(KG_OK, load(store, later));
    EXPECT_INT(KG_OK, kg_store_commit(store));
    kg_store_close(store);
    expect_no_scratch_files(dir);
    expect_store_equals(dir, want, want_size, false);
    free(want);
    free(broken);
    free(big);
    free(first);
    free(later);
}

static void query__inside_a_spilled_transaction_sees_every_change(void)
{
    char *text = make_quads(kg_test_seed(), QUADS / 2);
    REQUIRE(text);
    uint64_t want_size;
    char *want = reference_export(text, NULL, &want_size);
    const char *dir = store_dir();
    kg_store *store = open_tiny(dir);
    REQUIRE(store);
    EXPECT_INT(KG_OK, kg_store_begin(store));
    EXPECT_INT(KG_OK, load(store, text));
    EXPECT(store->term_spills >= 1);
    /* Reading the transaction brings its runs back into memory ... */
    EXPECT_INT(want_size, kg_store_size(store));
    /* ... and it goes on spilling and commits as one. */
    EXPECT_INT(KG_OK, load(store, text));
    EXPECT_INT(KG_OK, kg_store_commit(store));
    kg_store_close(store);
    expect_no_scratch_files(dir);
    expect_store_equals(dir, want, want_size, true);
    free(want);
    free(text);
}

/* A literal bigger than the buffers the spilled dictionary is read back
 * through (1 MB), first among terms that are spilled, then again at the
 * end, when it is looked up in a chunk on disk: one term, read back whole
 * into the segment. */
static void load__a_huge_literal_in_the_spilled_dictionary_is_one_term(void)
{
    enum { HUGE = 3 << 20 };
    char *body = make_quads(kg_test_seed(), QUADS / 2);
    char *huge = malloc(HUGE + 1), *text = body ? malloc(strlen(body) + 2 * HUGE + 512) : NULL;
    REQUIRE(body && huge && text);
    for (size_t i = 0; i < HUGE; i++)
        huge[i] = (char)('a' + i % 26);
    huge[HUGE] = '\0';
    sprintf(text,
            "<http://example.org/big> <http://example.org/text> \"%s\" .\n%s"
            "<http://example.org/big2> <http://example.org/text> \"%s\" .\n",
            huge, body, huge);
    uint64_t want_size;
    char *want = reference_export(text, NULL, &want_size);
    const char *dir = store_dir();
    kg_store *store = open_tiny(dir);
    REQUIRE(store);
    EXPECT_INT(KG_OK, load(store, text));
    EXPECT(store->term_spills >= 1);
    kg_store_close(store);
    expect_no_scratch_files(dir);
    expect_store_equals(dir, want, want_size, true);
    /* one term: the literal is found under the id both quads hold */
    store = open_store(dir);
    REQUIRE(store);
    kg_term p = kg_term_iri("http://example.org/text"), literal = kg_term_literal(huge, NULL, NULL);
    kg_term both[2] = {kg_term_iri("http://example.org/big"), kg_term_iri("http://example.org/big2")};
    for (int i = 0; i < 2; i++) {
        kg_cursor *cur;
        kg_match m;
        EXPECT_INT(KG_OK, kg_store_match(&cur, store, &both[i], &p, &literal, KG_MATCH_ALL, NULL));
        EXPECT(kg_cursor_next(cur, &m));
        kg_cursor_close(cur);
    }
    kg_store_close(store);
    free(want);
    free(text);
    free(huge);
    free(body);
}

/* N-Quads are parsed in batches of whole lines (serd keeps a statement's
 * nodes until the end of its input): past the first batch an error still
 * names its line, and a blank node label still names one node. */
static void load__line_formats_read_in_batches_keep_lines_and_blank_nodes(void)
{
    char *body = make_quads(kg_test_seed(), QUADS);
    REQUIRE(body);
    size_t len = strlen(body);
    REQUIRE(len > ((size_t)16 << 20)); /* more than two batches */
    const char *first = "_:x <http://example.org/q> <http://example.org/first> .\n";
    const char *last = "_:x <http://example.org/q> <http://example.org/last> .\n";
    char *text = malloc(len + 256);
    REQUIRE(text);
    sprintf(text, "%s%s%s", first, body, last);
    kg_store *store = open_store(NULL);
    REQUIRE(store);
    EXPECT_INT(KG_OK, load(store, text));
    kg_term q = kg_term_iri("http://example.org/q");
    kg_cursor *cur;
    EXPECT_INT(KG_OK, kg_store_match(&cur, store, NULL, &q, NULL, KG_MATCH_ALL, NULL));
    kg_match m[3];
    int n = 0;
    while (n < 3 && kg_cursor_next(cur, &m[n]))
        n++;
    EXPECT_INT(2, n);
    if (n == 2)
        EXPECT(kg_term_equal(&m[0].s, &m[1].s));
    kg_cursor_close(cur);
    kg_store_close(store);

    /* A bad last line: the error names it (the body's lines, then one). */
    sprintf(text, "%s%s", body, "<http://example.org/s> <http://example.org/p> .\n");
    store = open_store(NULL);
    REQUIRE(store);
    EXPECT_INT(KG_ERR_SYNTAX, load(store, text));
    EXPECT_INT(QUADS + 1, kg_store_error(store)->line);
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
    free(text);
    free(body);
}

static const kg_test_case cases[] = {
    TEST(load__line_formats_read_in_batches_keep_lines_and_blank_nodes),
    TEST(load__over_budget_equals_the_in_memory_load),
    TEST(load__failed_after_spilling_is_undone_inside_a_transaction),
    TEST(load__a_huge_literal_in_the_spilled_dictionary_is_one_term),
    TEST(query__inside_a_spilled_transaction_sees_every_change),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
