/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/ingest_quality_test.c - the floors ingestion must keep
 * (issue 10): on the bundled articles, each ingested against the ontology
 * and the other four mappings, entity precision >= 0.9 and recall >= 0.8,
 * relation precision >= 0.8; the same floors on the held-out articles of
 * tests/data/ingest (ingested against all five). The full table: make
 * ingest-quality. */
#include "../ingest/quality.h"
#include "test.h"

static void check_floors(const char *dir_rel, const char *const *background, const char *title)
{
    char dir[4200], ont[4200], rules[4200];
    snprintf(dir, sizeof dir, "%s/%s", kg_test_data_dir(), dir_rel);
    snprintf(ont, sizeof ont, "%s/../../ontology/kgsh.ttl", kg_test_data_dir());
    snprintf(rules, sizeof rules, "%s/../../ontology/ingest-rules.txt", kg_test_data_dir());
    kgq_options o = {ont, rules, background, false, NULL, NULL};
    kgq_totals t;
    REQUIRE(kgq_evaluate_dir(dir, &o, title, &t));
    EXPECT(t.articles >= 3);
    double ep = kgq_precision(&t.entities), er = kgq_recall(&t.entities), rp = kgq_precision(&t.relations);
    printf("# %s: entities P %.2f R %.2f, relations P %.2f R %.2f\n", title, ep, er, rp,
           kgq_recall(&t.relations));
    if (ep < 0.9)
        TEST_FAIL_AT("entity precision %.3f, expected >= 0.9", ep);
    if (er < 0.8)
        TEST_FAIL_AT("entity recall %.3f, expected >= 0.8", er);
    if (rp < 0.8)
        TEST_FAIL_AT("relation precision %.3f, expected >= 0.8", rp);
}

static void quality__bundled_articles_leave_one_out_meet_the_floors(void)
{
    char articles[4200];
    snprintf(articles, sizeof articles, "%s/../../datasets/articles", kg_test_data_dir());
    const char *const bg[] = {articles, NULL};
    check_floors("../../datasets/articles", bg, "bundled articles, leave-one-out");
}

static void quality__held_out_articles_meet_the_floors(void)
{
    char articles[4200];
    snprintf(articles, sizeof articles, "%s/../../datasets/articles", kg_test_data_dir());
    const char *const bg[] = {articles, NULL};
    check_floors("ingest", bg, "held-out articles");
}

static const kg_test_case cases[] = {
    TEST(quality__bundled_articles_leave_one_out_meet_the_floors),
    TEST(quality__held_out_articles_meet_the_floors),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
