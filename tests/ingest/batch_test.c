/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/batch_test.c - many articles ingested as one batch
 * (kg_ingest_batch, kg_ingest_seen in kg/ingest.h), as `kgsh ingest DIR`
 * does: the 20 small articles of tests/data/ingest-batch introduce six
 * companies and two people once each (from a cue: "Zentrix Robotics Ltd,
 * a Shenzhen-based drone maker") and name them bare later ("Zentrix
 * Robotics said"); after accepting everything, a query finds one node per
 * thing, mentioned in every article that names it. Two more files repeat
 * an article (same link; same text in other case and spacing) and are
 * skipped, and every proposal's evidence offsets are exact. */
#include "kg/ingest.h" /* first: the public header compiles alone */

#include <dirent.h>

#include "ingest/checks.h"
#include "kg/io.h"
#include "kg/store.h"
#include "test.h"

static const char *path_in(const char *dir, const char *name)
{
    static char buf[2][4200];
    static int next;
    char *p = buf[next++ % 2];
    snprintf(p, sizeof buf[0], "%s/%s/%s", kg_test_data_dir(), dir, name);
    return p;
}

static kg_store *store_with_ontology(void)
{
    kg_store *store = NULL;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK &&
        kg_load_file(store, path_in("../../ontology", "kgsh.ttl"), NULL, NULL) != KG_OK) {
        kg_store_close(store);
        store = NULL;
    }
    return store;
}

typedef struct run {
    kg_store *store;
    kg_ingest_batch *batch;
    kg_ingest_options opts;
    size_t ingested, skipped, checked;
    char skipped_as[4][64]; /* "file=earlier" */
} run;

/* Ingests one file of the batch as the shell does: duplicates skipped. */
static void ingest_file(run *r, const char *path, const char *name)
{
    kg_articles *a = NULL;
    kg_error err = {0};
    if (kg_articles_read(&a, path, &err) != KG_OK) {
        TEST_FAIL_AT("%s: %s", name, err.message);
        return;
    }
    const kg_article *art = kg_articles_get(a, 1);
    const char *earlier = NULL;
    EXPECT_INT(KG_OK, kg_ingest_seen(&earlier, r->batch, r->store, art, &err));
    kg_ingest *ing = NULL;
    if (earlier && r->skipped < 4)
        snprintf(r->skipped_as[r->skipped++], sizeof r->skipped_as[0], "%s=%s", art->stem, earlier);
    else if (kg_ingest_article(&ing, r->store, art, &r->opts, &err) != KG_OK)
        TEST_FAIL_AT("%s: %s", name, err.message);
    else {
        r->ingested++;
        r->checked += kg_test_check_evidence(ing, art);
        EXPECT_INT(KG_OK, kg_ingest_accept(ing, NULL, 0, NULL));
    }
    kg_ingest_free(ing);
    kg_articles_free(a);
}

static void ingest_dir(run *r, const char *dir)
{
    struct dirent **list = NULL;
    int n = scandir(path_in(dir, ""), &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (list[i]->d_name[0] != '.')
            ingest_file(r, path_in(dir, list[i]->d_name), list[i]->d_name);
        free(list[i]);
    }
    free(list);
}

/* One node whose label starts with name, in exactly `articles` articles. */
static void expect_one_node(kg_store *store, const char *name, int articles)
{
    char q[1024];
    snprintf(q, sizeof q,
             "PREFIX kg: <https://w3id.org/kgsh/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "ASK { { SELECT (COUNT(DISTINCT ?x) AS ?nodes) (COUNT(DISTINCT ?a) AS ?articles) "
             "WHERE { ?x kg:mentionedIn ?a ; rdfs:label ?l FILTER(STRSTARTS(?l, \"%s\")) } } "
             "FILTER(?nodes = 1 && ?articles = %d) }",
             name, articles);
    if (!kg_test_ask(store, q))
        TEST_FAIL_AT("expected one node for %s, mentioned in %d articles", name, articles);
}

static const char *rules_path(void)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s", path_in("../../ontology", "ingest-rules.txt"));
    return path;
}

static void batch__one_node_per_thing_across_twenty_articles(void)
{
    run r = {store_with_ontology(), NULL, KG_INGEST_OPTIONS_INIT, 0, 0, 0, {{0}}};
    REQUIRE(r.store);
    REQUIRE(kg_ingest_batch_new(&r.batch) == KG_OK);
    r.opts.rules_path = rules_path();
    r.opts.batch = r.batch;
    ingest_dir(&r, "ingest-batch");
    EXPECT_INT(20, r.ingested);
    EXPECT_INT(2, r.skipped);
    EXPECT_STR("c01-same-link=b03", r.skipped_as[0]);
    EXPECT_STR("c02-same-text=b05", r.skipped_as[1]);
    printf("# %zu evidence sentences checked\n", r.checked);
    EXPECT(r.checked >= 100);
    static const struct {
        const char *name;
        int articles;
    } things[] = {{"Zentrix Robotics", 10}, {"Voltcell Energy", 6},  {"Harbourlink Logistics", 5},
                  {"Qiantu Semiconductor", 4}, {"Kestrel AI", 4},    {"Nimbus Cloud", 4},
                  {"Lin Qiao", 3},          {"Wu Fang", 3}};
    for (size_t k = 0; k < sizeof things / sizeof things[0]; k++)
        expect_one_node(r.store, things[k].name, things[k].articles);
    kg_ingest_batch_free(r.batch);
    kg_store_close(r.store);
}

static void seen__store_remembers_links_and_texts_but_not_the_same_stem(void)
{
    kg_store *store = store_with_ontology();
    REQUIRE(store);
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = rules_path();
    kg_articles *a = NULL;
    REQUIRE(kg_articles_read(&a, path_in("ingest-batch", "b07.txt"), NULL) == KG_OK);
    kg_ingest *ing = NULL;
    REQUIRE(kg_ingest_article(&ing, store, kg_articles_get(a, 1), &o, NULL) == KG_OK);
    kg_ingest_free(ing);
    /* a later batch, in another session: the store knows the article */
    kg_ingest_batch *batch = NULL;
    REQUIRE(kg_ingest_batch_new(&batch) == KG_OK);
    const char *earlier = NULL;
    EXPECT_INT(KG_OK, kg_ingest_seen(&earlier, batch, store, kg_articles_get(a, 1), NULL));
    EXPECT(earlier == NULL); /* the same stem: ingesting it again replaces it */
    const kg_article *art = kg_articles_get(a, 1);
    kg_article renamed = *art;
    renamed.stem = "b07-copy";
    EXPECT_INT(KG_OK, kg_ingest_seen(&earlier, batch, store, &renamed, NULL));
    EXPECT_STR("https://w3id.org/kgsh/staging/b07", earlier);
    /* the same words without the link */
    const char *body = strstr(art->text, "\n\n");
    REQUIRE(body);
    kg_articles *copy = NULL;
    REQUIRE(kg_articles_parse(&copy, body + 2, strlen(body + 2), "pasted", NULL) == KG_OK);
    EXPECT_INT(KG_OK, kg_ingest_seen(&earlier, batch, store, kg_articles_get(copy, 1), NULL));
    EXPECT_STR("https://w3id.org/kgsh/staging/b07", earlier);
    kg_articles_free(copy);
    kg_ingest_batch_free(batch);
    kg_articles_free(a);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(batch__one_node_per_thing_across_twenty_articles),
    TEST(seen__store_remembers_links_and_texts_but_not_the_same_stem),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
