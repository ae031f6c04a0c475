/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/competency_test.c - the competency questions as part of
 * make check: every tests/competency/cq*.rq runs through kg_query against a
 * store holding ontology/kgsh.ttl and every datasets/articles/NNN-*.trig (the
 * default graph is the union of all graphs, libkg's default), and its
 * answer must equal the .srj beside it row for row (every query has an
 * ORDER BY) with literals compared exactly. The .srj files are read, the
 * answers collected and both compared with the conformance harness's code.
 * Questions named *-inferred.rq are asked with inference on. */
#include <glob.h>

#include "bundled.h"
#include "compare.h"
#include "kg/explore.h"
#include "kg/query.h"
#include "results_read.h"
#include "test.h"

/* Runs one question; returns true when its answer is the expected one,
 * and otherwise says why as TAP diagnostics. */
static bool question_matches(kg_store *store, const char *rq)
{
    const char *name = strrchr(rq, '/') ? strrchr(rq, '/') + 1 : rq;
    size_t len;
    char *text = kg_test_read_file(rq, &len);
    char srj[4200], why[1024] = "";
    snprintf(srj, sizeof srj, "%.*s.srj", (int)(strlen(rq) - 3), rq);
    kg_error err = {0};
    cf_results *expected = NULL, *actual = NULL;
    kg_query *query = NULL;
    kg_results *res = NULL;
    bool ok = false;
    if (!text) {
        snprintf(why, sizeof why, "cannot read the query");
    } else if (!cf_query_is_ordered(text, len)) {
        snprintf(why, sizeof why, "the query has no ORDER BY, so its row order is not defined");
    } else if (cf_results_read(srj, NULL, &expected, &err) != KG_OK) {
        snprintf(why, sizeof why, "cannot read its .srj: %s", err.message);
    } else if (kg_query_prepare(&query, store, text, len, NULL, &err) != KG_OK) {
        snprintf(why, sizeof why, "prepare: %s (line %lu, column %lu)", err.message, err.line,
                 err.column);
    } else if (kg_query_execute(&res, query) != KG_OK || cf_results_from_kg(res, &actual) != KG_OK) {
        snprintf(why, sizeof why, "execute: %s", kg_query_error(query)->message);
    } else {
        ok = cf_results_equal(expected, actual, true, why, sizeof why);
    }
    if (!ok) {
        TEST_FAIL_AT("%s: %s", name, why);
        if (expected && actual) {
            printf("# expected:\n");
            cf_results_print(expected, stdout, 20);
            printf("# got:\n");
            cf_results_print(actual, stdout, 20);
        }
    } else {
        printf("# %s: %zu rows as expected\n", name, actual->count);
    }
    kg_results_free(res);
    kg_query_free(query);
    cf_results_free(expected);
    cf_results_free(actual);
    free(text);
    return ok;
}

static bool asks_inferred(const char *rq)
{
    const char *suffix = "-inferred.rq";
    size_t n = strlen(rq), k = strlen(suffix);
    return n >= k && strcmp(rq + n - k, suffix) == 0;
}

/* The questions without inference first; then the ontology's rules run
 * (kg_infer_refresh) and the questions named *-inferred.rq are asked, the
 * inferred graph being part of the default graph from then on. */
static void competency__every_question_gives_its_expected_answer_in_order(void)
{
    kg_store *store = bt_bundled_store(NULL);
    REQUIRE(store);
    glob_t g;
    REQUIRE(glob(bt_path("tests/competency/cq*.rq"), 0, NULL, &g) == 0);
    EXPECT_INT(18, g.gl_pathc);
    size_t passed = 0, inferred = 0;
    for (size_t i = 0; i < g.gl_pathc; i++)
        if (!asks_inferred(g.gl_pathv[i]))
            passed += question_matches(store, g.gl_pathv[i]);
    EXPECT_INT(KG_OK, kg_infer_refresh(store, NULL));
    for (size_t i = 0; i < g.gl_pathc; i++)
        if (asks_inferred(g.gl_pathv[i])) {
            inferred++;
            passed += question_matches(store, g.gl_pathv[i]);
        }
    EXPECT_INT(1, inferred);
    EXPECT_INT(g.gl_pathc, passed);
    globfree(&g);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(competency__every_question_gives_its_expected_answer_in_order),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
