/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/explore/timeline_test.c - time in kg/explore.h: partial dates
 * (valid forms, timeline order, comparison at the shared precision,
 * kg_in_force), kg_timeline_find on tests/data/time/acme.trig (date order,
 * links, evidence, status), and kg_exposure_find as of a date. */
#include <stdio.h>
#include <string.h>

#include "kg/explore.h"
#include "kg/io.h"
#include "test.h"

#define KGR "https://w3id.org/kgsh/id/"

static kg_store *acme_store(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/time/acme.trig", kg_test_data_dir());
    kg_store *store = NULL;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK)
        return NULL;
    if (kg_load_file(store, path, NULL, NULL) != KG_OK) {
        printf("# load %s: %s\n", path, kg_store_error(store)->message);
        kg_store_close(store);
        return NULL;
    }
    return store;
}

static void dates__valid_forms(void)
{
    const char *good[] = {"2019", "2019-10", "2019-10-07", "--02-06", "2019-10-07T09:00:00Z",
                          "2019-10+08:00", "2019Z"};
    const char *bad[] = {"", "19", "2019-13", "2019-10-32", "--02", "2019-1", "October 2019",
                         "2019/10", "--13-01"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        EXPECT(kg_date_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (kg_date_valid(bad[i]))
            printf("# accepted: %s\n", bad[i]);
        EXPECT(!kg_date_valid(bad[i]));
    }
}

static void dates__order_puts_a_year_before_its_months_and_no_year_last(void)
{
    const char *sorted[] = {"2015", "2019", "2019-03", "2019-10", "2019-10-01", "2019-10-07",
                            "2020", "--01-01", "--02-06", "later"};
    size_t n = sizeof sorted / sizeof *sorted;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            int c = kg_date_order(sorted[i], sorted[k]);
            EXPECT(i < k ? c < 0 : i > k ? c > 0 : c == 0);
        }
}

static void dates__compare_at_shared_precision_and_in_force(void)
{
    bool known;
    EXPECT_INT(0, kg_date_compare("2019-10", "2019-10-07", &known));
    EXPECT(known);
    EXPECT_INT(0, kg_date_compare("2019", "2019-03", NULL));
    EXPECT_INT(-1, kg_date_compare("2019-09-30", "2019-10", NULL));
    EXPECT_INT(1, kg_date_compare("2020", "2019-12-31", NULL));
    EXPECT_INT(0, kg_date_compare("--02-06", "2019", &known));
    EXPECT(!known);
    /* the Entity List listing of October 2019 */
    EXPECT(!kg_in_force("2019-10", NULL, "2019-09"));
    EXPECT(!kg_in_force("2019-10", NULL, "2019-09-30"));
    EXPECT(kg_in_force("2019-10", NULL, "2019-10"));
    EXPECT(kg_in_force("2019-10", NULL, "2019"));
    EXPECT(kg_in_force("2019-10-07", NULL, "2020"));
    EXPECT(kg_in_force(NULL, NULL, "1990"));
    /* ended: before, not in the same period */
    EXPECT(!kg_in_force("2015", "2017-03-01", "2017-04"));
    EXPECT(kg_in_force("2015", "2017-03-01", "2017-03"));
    EXPECT(kg_in_force("2015", "2017-03-01", "2016"));
    EXPECT(kg_in_force("--01-01", "--02-01", "2016"));
}

static void timeline__dated_links_in_order_with_evidence_and_status(void)
{
    kg_store *store = acme_store();
    REQUIRE(store);
    kg_term acme = kg_term_iri(KGR "acme");
    kg_timeline *tl = NULL;
    REQUIRE(kg_timeline_find(&tl, store, &acme) == KG_OK);
    const char *want[][3] = {
        {"2015", "start", KGR "acme-old-listing"}, {"2017-03-01", "end", KGR "acme-old-listing"},
        {"2019-10", "start", KGR "acme-listing"},  {"2025", "announced", KGR "acme-hq-plan"},
        {"2025-02", "date", KGR "deal"},           {"2025-02-24", "date", KGR "ceremony"},
        {"2026-07", "due", KGR "acme-hq-plan"},    {"--02-06", "date", KGR "open-day"},
    };
    size_t n = sizeof want / sizeof *want;
    EXPECT_INT(n, tl->n);
    for (size_t i = 0; i < n && i < tl->n; i++) {
        const kg_timeline_entry *e = &tl->items[i];
        EXPECT_STR(want[i][0], e->date);
        EXPECT_STR(want[i][1], e->when);
        EXPECT_STR(want[i][2], e->node.term.value);
        EXPECT(!e->self);
        EXPECT_STR(KGR "acme", e->link.from.term.value);
    }
    if (tl->n == n) {
        EXPECT_STR("plans to", tl->items[3].node.status_label);
        EXPECT(tl->items[4].link.n_evidence == 1 && tl->items[4].n_date_evidence == 1);
        EXPECT_STR("https://w3id.org/kgsh/ontology#party", tl->items[4].link.property);
        EXPECT(!tl->items[4].link.forward);
    }
    kg_timeline_free(tl);
    kg_term missing = kg_term_iri(KGR "nobody");
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_timeline_find(&tl, store, &missing));
    EXPECT(tl == NULL);
    kg_store_close(store);
}

static size_t sanctions_as_of(kg_store *store, const char *as_of)
{
    kg_term acme = kg_term_iri(KGR "acme");
    kg_exposure_options o = KG_EXPOSURE_OPTIONS_INIT;
    o.as_of = as_of;
    kg_exposure_list *l = NULL;
    if (kg_exposure_find(&l, store, &acme, &o) != KG_OK)
        return 99;
    size_t n = l->n ? l->items[0].n_sanctions : 0;
    kg_exposure_list_free(l);
    return n;
}

static void exposure__as_of_a_date_counts_the_sanctions_in_force(void)
{
    kg_store *store = acme_store();
    REQUIRE(store);
    EXPECT_INT(2, sanctions_as_of(store, NULL));
    EXPECT_INT(0, sanctions_as_of(store, "2019-09"));
    EXPECT_INT(1, sanctions_as_of(store, "2016"));
    EXPECT_INT(1, sanctions_as_of(store, "2019-10"));
    EXPECT_INT(1, sanctions_as_of(store, "2020"));
    kg_exposure_options o = KG_EXPOSURE_OPTIONS_INIT;
    o.as_of = "October";
    kg_exposure_list *l = NULL;
    EXPECT_INT(KG_ERR_INVALID, kg_exposure_find(&l, store, NULL, &o));
    EXPECT(l == NULL);
    /* a version 1 struct (older headers) has no as_of: it is not read */
    o.version = 1;
    o.as_of = "2019-09";
    REQUIRE(kg_exposure_find(&l, store, NULL, &o) == KG_OK);
    EXPECT_INT(1, l->n);
    if (l->n)
        EXPECT_INT(2, l->items[0].n_sanctions);
    kg_exposure_list_free(l);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(dates__valid_forms),
    TEST(dates__order_puts_a_year_before_its_months_and_no_year_last),
    TEST(dates__compare_at_shared_precision_and_in_force),
    TEST(timeline__dated_links_in_order_with_evidence_and_status),
    TEST(exposure__as_of_a_date_counts_the_sanctions_in_force),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
