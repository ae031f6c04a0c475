/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/ingest_oom_test.c - an ingest that runs out of memory fails
 * as a whole (issue 15: "ingest failures propagate as errors instead of a
 * silently partial result"), and one that reaches its proposal limit says
 * so. Allocation number N of an ingest is made to
 * fail, for N across the whole run (SQLite's out-of-memory test, sampled):
 * every run either fails with a status and no handle, or succeeds with
 * exactly the proposals of the run without failures. Never a KG_OK with
 * some proposals missing, never a crash.
 *
 * The failures come from malloc, calloc and realloc defined here, which
 * take the place of the C library's for the whole program (glibc supports
 * replacing them) and call glibc's own (__libc_malloc...) unless a failure
 * is due. AddressSanitizer replaces them too, so the sanitizer build does
 * not have that case (the normal build of the test command runs it); a
 * skipped case would count as a failure in tests/summary.sh. */
#include <errno.h>
#include <stdint.h>

#include "kg/kg.h"
#include "test.h"

#if defined(__SANITIZE_ADDRESS__)
#define KG_OOM_TESTABLE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KG_OOM_TESTABLE 0
#endif
#endif
#ifndef KG_OOM_TESTABLE
#define KG_OOM_TESTABLE 1
#endif

#if KG_OOM_TESTABLE
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static int counting;       /* only allocations inside the ingest count */
static uint64_t allocations; /* made while counting */
static uint64_t fail_at;   /* 1-based allocation to fail; 0: none */

static int due(void)
{
    if (!counting)
        return 0;
    if (++allocations != fail_at)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    return due() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    return due() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    return due() ? NULL : __libc_realloc(p, size);
}
#endif

static const char *src(const char *rel)
{
    static char buf[2][4200];
    static int next;
    char *p = buf[next++ % 2];
    snprintf(p, sizeof buf[0], "%s/../../%s", kg_test_data_dir(), rel);
    return p;
}

/* The proposals of an ingest, one "s p o" line each, in order. */
static char *proposals(const kg_ingest *ing)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    for (size_t i = 1; out && i <= kg_ingest_count(ing); i++) {
        const kg_proposal *p = kg_ingest_proposal(ing, i);
        fprintf(out, "%s %s %s\n", p->subject.value, p->predicate.value, p->object.value);
    }
    if (out)
        fclose(out);
    return text;
}

/* Ingests the article with allocation number fail (0: none) failing.
 * Returns the status; *got receives the proposals on success. */
static kg_status ingest_failing(kg_store *store, const char *article, size_t len, uint64_t fail,
                                char **got, uint64_t *made)
{
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = src("ontology/ingest-rules.txt");
    o.dry_run = true;
    o.stem = "oom";
    kg_ingest *ing = NULL;
    kg_error err = {0};
#if KG_OOM_TESTABLE
    allocations = 0;
    fail_at = fail;
    counting = 1;
#else
    (void)fail;
#endif
    kg_status st = kg_ingest_text(&ing, store, article, len, &o, &err);
#if KG_OOM_TESTABLE
    counting = 0;
    *made = allocations;
#else
    *made = 0;
#endif
    *got = NULL;
    if (st == KG_OK)
        *got = proposals(ing);
    else
        EXPECT(ing == NULL);
    kg_ingest_free(ing);
    return st;
}

/* A memory store with the ontology and an article's entities (so the
 * gazetteer has names to load), and the text of another article. */
static kg_store *store_and_article(char **article, size_t *len)
{
    kg_store *store = NULL;
    *article = kg_test_read_file(src("datasets/articles/001-hong-kong-shenzhen-tech-team-up.txt"), len);
    if (!*article || kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK ||
        kg_load_file(store, src("ontology/kgsh.ttl"), NULL, NULL) != KG_OK ||
        kg_load_file(store, src("datasets/articles/000-seventeen-companies-sign-oases-deal.trig"),
                     NULL, NULL) != KG_OK) {
        kg_store_close(store);
        free(*article);
        *article = NULL;
        return NULL;
    }
    return store;
}

#if KG_OOM_TESTABLE
static void ingest__out_of_memory_anywhere_fails_the_whole_ingest(void)
{
    char *article;
    size_t len;
    kg_store *store = store_and_article(&article, &len);
    REQUIRE(store);
    char *expected = NULL;
    uint64_t total = 0;
    REQUIRE(ingest_failing(store, article, len, 0, &expected, &total) == KG_OK);
    REQUIRE(expected && strchr(expected, '\n'));
    printf("# %" PRIu64 " allocations in a whole ingest: failing each in turn\n", total);
    uint64_t failed = 0, partial = 0;
    for (uint64_t k = 1; k <= total; k++) {
        char *got = NULL;
        uint64_t made;
        kg_status st = ingest_failing(store, article, len, k, &got, &made);
        if (st != KG_OK)
            failed++;
        else if (strcmp(got, expected) != 0 && partial++ < 3)
            TEST_FAIL_AT("KG_OK but other proposals when allocation %" PRIu64 " failed", k);
        free(got);
    }
    printf("# %" PRIu64 " runs failed cleanly\n", failed);
    EXPECT_INT(0, partial);
    EXPECT(failed > 0);
    free(expected);
    free(article);
    kg_store_close(store);
}
#endif

static void ingest__reaching_the_proposal_limit_is_reported(void)
{
    char *article;
    size_t len;
    kg_store *store = store_and_article(&article, &len);
    REQUIRE(store);
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = src("ontology/ingest-rules.txt");
    o.dry_run = true;
    kg_ingest *ing = NULL;
    REQUIRE(kg_ingest_text(&ing, store, article, len, &o, NULL) == KG_OK);
    size_t all = kg_ingest_count(ing);
    EXPECT(!kg_ingest_truncated(ing));
    kg_ingest_free(ing);
    REQUIRE(all > 3);
    o.max_proposals = 3;
    REQUIRE(kg_ingest_text(&ing, store, article, len, &o, NULL) == KG_OK);
    EXPECT_INT(3, kg_ingest_count(ing));
    EXPECT(kg_ingest_truncated(ing));
    kg_ingest_free(ing);
    free(article);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
#if KG_OOM_TESTABLE
    TEST(ingest__out_of_memory_anywhere_fails_the_whole_ingest),
#endif
    TEST(ingest__reaching_the_proposal_limit_is_reported),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
