/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/ingest_quality_test.c - the floors ingestion must keep
 * (issues 10 and 23), per set of articles: the bundled articles, each
 * ingested against the ontology and the other four mappings; the held-out
 * articles of tests/data/ingest (all, and h09-h28, never used while writing
 * rules) and the development articles of tests/data/ingest/dev (d01-d16 and
 * d17-d28 apart), against all five. The floors are the figures reached
 * (sessions 7 and 8), rounded down
 * (the bundled relation precision, exactly 0.90, one step lower): a change
 * that loses precision or recall anywhere fails here. The full table: make
 * ingest-quality. */
#include "../ingest/quality.h"
#include "test.h"

typedef struct floors {
    double entity_p, entity_r, relation_p, relation_r;
} floors;

static void check_floors(const char *dir_rel, const char *from, const char *before, const char *title,
                         floors want)
{
    char dir[4200], ont[4200], rules[4200], articles[4200];
    snprintf(dir, sizeof dir, "%s/%s", kg_test_data_dir(), dir_rel);
    snprintf(ont, sizeof ont, "%s/../../ontology/kgsh.ttl", kg_test_data_dir());
    snprintf(rules, sizeof rules, "%s/../../ontology/ingest-rules.txt", kg_test_data_dir());
    snprintf(articles, sizeof articles, "%s/../../datasets/articles", kg_test_data_dir());
    const char *const bg[] = {articles, NULL};
    kgq_options o = {ont, rules, bg, false, from, NULL, before};
    kgq_totals t;
    REQUIRE(kgq_evaluate_dir(dir, &o, title, &t));
    EXPECT(t.articles >= 3);
    double ep = kgq_precision(&t.entities), er = kgq_recall(&t.entities), rp = kgq_precision(&t.relations),
           rr = kgq_recall(&t.relations);
    printf("# %s: entities P %.3f R %.3f, relations P %.3f R %.3f\n", title, ep, er, rp, rr);
    if (ep < want.entity_p)
        TEST_FAIL_AT("entity precision %.3f, expected >= %.2f", ep, want.entity_p);
    if (er < want.entity_r)
        TEST_FAIL_AT("entity recall %.3f, expected >= %.2f", er, want.entity_r);
    if (rp < want.relation_p)
        TEST_FAIL_AT("relation precision %.3f, expected >= %.2f", rp, want.relation_p);
    if (rr < want.relation_r)
        TEST_FAIL_AT("relation recall %.3f, expected >= %.2f", rr, want.relation_r);
}

static void quality__bundled_articles_leave_one_out_meet_the_floors(void)
{
    check_floors("../../datasets/articles", NULL, NULL, "bundled articles, leave-one-out",
                 (floors){0.98, 0.87, 0.89, 0.25});
}

static void quality__held_out_articles_meet_the_floors(void)
{
    check_floors("ingest", NULL, NULL, "held-out articles h01-h28", (floors){0.94, 0.89, 0.88, 0.41});
}

static void quality__articles_never_tuned_on_meet_the_floors(void)
{
    check_floors("ingest", "h09", NULL, "held-out articles h09-h28", (floors){0.93, 0.87, 0.92, 0.37});
}

/* d01-d16 keep the floors they were given; d17 on (session 8) were added
 * later in other wordings and have their own. */
static void quality__development_articles_meet_the_floors(void)
{
    check_floors("ingest/dev", NULL, "d17", "development articles d01-d16", (floors){0.98, 0.96, 0.93, 0.71});
}

static void quality__later_development_articles_meet_the_floors(void)
{
    check_floors("ingest/dev", "d17", NULL, "development articles d17-d28", (floors){0.99, 0.95, 0.94, 0.50});
}

static const kg_test_case cases[] = {
    TEST(quality__bundled_articles_leave_one_out_meet_the_floors),
    TEST(quality__held_out_articles_meet_the_floors),
    TEST(quality__articles_never_tuned_on_meet_the_floors),
    TEST(quality__development_articles_meet_the_floors),
    TEST(quality__later_development_articles_meet_the_floors),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
