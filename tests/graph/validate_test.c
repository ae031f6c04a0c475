/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/validate_test.c - the ontology validator: exactly the
 * problems tests/data/validation/expected.txt lists for broken.trig, none
 * for any bundled article (alone or all together) nor for the bundled
 * screening lists once imported, the source sentence of a problem, and a
 * store without the ontology. */
#include "bundled.h"
#include "kg/import.h"
#include "kg/io.h"
#include "kg/validate.h"
#include "query_support.h"
#include "test.h"

/* Problems as expected.txt writes them, one per line. */
typedef struct problems {
    char *lines[256];
    size_t n;
    char first_source[1024];
    char first_message[1024];
} problems;

static int collect(void *ctx, const kg_problem *p)
{
    problems *out = ctx;
    char s[1024], pr[1024], o[2048] = "-";
    kg_term_to_ntriples(p->subject, s, sizeof s);
    kg_term_to_ntriples(p->predicate, pr, sizeof pr);
    if (p->object->kind != KG_TERM_NONE)
        kg_term_to_ntriples(p->object, o, sizeof o);
    if (out->n == 0) {
        snprintf(out->first_source, sizeof out->first_source, "%s",
                 p->source_text ? p->source_text : "(none)");
        snprintf(out->first_message, sizeof out->first_message, "%s", p->message);
    }
    if (out->n < 256) {
        size_t len = strlen(s) + strlen(pr) + strlen(o) + 32;
        out->lines[out->n] = malloc(len);
        snprintf(out->lines[out->n++], len, "%s\t%s\t%s\t%s", kg_problem_kind_name(p->kind), s, pr,
                 o);
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The problems sorted and joined with newlines; frees the lines. */
static char *joined(problems *p)
{
    static char buf[65536];
    buf[0] = '\0';
    qsort(p->lines, p->n, sizeof p->lines[0], cmp_str);
    for (size_t i = 0; i < p->n; i++) {
        strncat(buf, p->lines[i], sizeof buf - strlen(buf) - 2);
        strcat(buf, "\n");
        free(p->lines[i]);
    }
    p->n = 0;
    return buf;
}

static char *validate(kg_store *store, const char *graph, kg_status *st)
{
    static problems p;
    memset(&p, 0, sizeof p);
    kg_term g = kg_term_iri(graph ? graph : "");
    kg_validate_options opts = KG_VALIDATE_OPTIONS_INIT;
    opts.graph = graph ? &g : NULL;
    *st = kg_validate(store, &opts, collect, &p, NULL);
    return joined(&p);
}

/* expected.txt without its comment lines. */
static char *expected(void)
{
    static char buf[65536];
    char path[4200];
    snprintf(path, sizeof path, "%s/validation/expected.txt", kg_test_data_dir());
    char *text = kg_test_read_file(path, NULL);
    buf[0] = '\0';
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
        if (line[0] != '#')
            strcat(strcat(buf, line), "\n");
    free(text);
    return buf;
}

static kg_store *store_with(const char *path)
{
    kg_store *store = NULL;
    kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL);
    kg_term onto = kg_term_iri(KG_ONTOLOGY_GRAPH);
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.graph = &onto;
    if (kg_load_file(store, bt_path("ontology/kgsh.ttl"), &opts, NULL) != KG_OK ||
        (path && kg_load_file(store, path, NULL, NULL) != KG_OK)) {
        kg_store_close(store);
        return NULL;
    }
    return store;
}

static void validate__broken_dataset_reports_exactly_the_expected_problems(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/validation/broken.trig", kg_test_data_dir());
    kg_store *store = store_with(path);
    REQUIRE(store);
    kg_status st;
    EXPECT_STR(expected(), validate(store, NULL, &st));
    EXPECT_INT(KG_OK, st);
    EXPECT_STR(expected(), validate(store, "https://w3id.org/kgsh/test/broken", &st));
    kg_store_close(store);
}

static void validate__every_bundled_article_passes_alone_and_together(void)
{
    kg_store *store = bt_bundled_store(NULL);
    REQUIRE(store);
    static const char *const articles[] = {
        "000-seventeen-companies-sign-oases-deal", "001-hong-kong-shenzhen-tech-team-up",
        "002-oases-director-general-visit", "003-hong-kong-hub-for-ai-start-ups",
        "004-hong-kong-smart-city-space-hub"};
    kg_status st;
    for (size_t i = 0; i < 5; i++) {
        char graph[256];
        snprintf(graph, sizeof graph, "https://w3id.org/kgsh/article/%s", articles[i]);
        EXPECT_STR("", validate(store, graph, &st));
        EXPECT_INT(KG_OK, st);
    }
    EXPECT_STR("", validate(store, NULL, &st));
    kg_store_close(store);
}

static void validate__imported_screening_lists_pass(void)
{
    kg_store *store = bt_bundled_store(NULL);
    REQUIRE(store);
    static const char *const lists[][2] = {
        {"us_dod_1260h_chinese_military_companies.csv", "us-dod-1260h"},
        {"us_ndaa_fy2024_section_154_battery_makers.csv", "us-ndaa-154"},
        {"us_ndaa_fy2019_section_889_telecom_video.csv", "us-ndaa-889"},
        {"us_csl_listed_affiliates.csv", "us-csl-affiliates"}};
    kg_status st;
    for (size_t i = 0; i < 4; i++) {
        char csv[4300], map[4300], graph[256];
        snprintf(csv, sizeof csv, "%s%s", bt_path("datasets/lists/"), lists[i][0]);
        snprintf(map, sizeof map, "%s%s.map", bt_path("datasets/lists/"), lists[i][1]);
        kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
        opts.name = lists[i][1];
        opts.mapping_path = map;
        REQUIRE(kg_import_list(store, csv, &opts, NULL) == KG_OK);
        snprintf(graph, sizeof graph, KG_LIST_NS "%s", lists[i][1]);
        EXPECT_STR("", validate(store, graph, &st));
    }
    EXPECT_STR("", validate(store, NULL, &st));
    kg_store_close(store);
}

static void validate__problem_names_the_sentence_that_states_the_triple(void)
{
    static const char trig[] =
        "@prefix kg: <https://w3id.org/kgsh/ontology#> . @prefix kgr: <https://w3id.org/kgsh/id/> "
        ".\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/kgsh/article/t> {\n"
        "  kgr:hk a kg:City ; rdfs:label \"Hong Kong\" ; kg:subsidiaryOf kgr:acme .\n"
        "  kgr:acme a kg:Company ; rdfs:label \"Acme\" .\n"
        "  <https://w3id.org/kgsh/article/t#st1> a rdf:Statement ; rdf:subject kgr:hk ;\n"
        "    rdf:predicate kg:subsidiaryOf ; rdf:object kgr:acme ;\n"
        "    kg:statedIn <https://w3id.org/kgsh/article/t#s3> .\n"
        "  <https://w3id.org/kgsh/article/t#s3> a kg:Sentence ; kg:text \"Hong Kong, a unit of "
        "Acme.\" .\n"
        "}\n";
    kg_store *store = store_with(NULL);
    REQUIRE(store);
    REQUIRE(kg_load_string(store, trig, strlen(trig), "t.trig", NULL, NULL) == KG_OK);
    static problems p;
    memset(&p, 0, sizeof p);
    uint64_t count;
    EXPECT_INT(KG_OK, kg_validate(store, NULL, collect, &p, &count));
    EXPECT_INT(1, count);
    EXPECT_STR("Hong Kong, a unit of Acme.", p.first_source);
    EXPECT_STR("the subject is not a kg:Organization (the domain of kg:subsidiaryOf)",
               p.first_message);
    joined(&p);
    kg_store_close(store);
}

static void validate__without_the_ontology_says_how_to_load_it(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_validate(store, NULL, NULL, NULL, NULL));
    EXPECT_CONTAINS(kg_store_error(store)->message, "ontology/kgsh.ttl");
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(validate__broken_dataset_reports_exactly_the_expected_problems),
    TEST(validate__every_bundled_article_passes_alone_and_together),
    TEST(validate__imported_screening_lists_pass),
    TEST(validate__problem_names_the_sentence_that_states_the_triple),
    TEST(validate__without_the_ontology_says_how_to_load_it),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
