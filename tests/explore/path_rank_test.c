/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/explore/path_rank_test.c - the ranking and the options of
 * kg_path_search (kg/explore.h): on generated graphs with a hub that every
 * spoke is linked to, paths through the hub come after those through
 * specific nodes whatever the number of spokes; nodes, classes and
 * properties can be left out or followed alone; and on the bundled
 * articles Paul Chan reaches iFLYTEK first through the signing ceremony,
 * before any path through Hong Kong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/bundled.h"
#include "kg/explore.h"
#include "kg/io.h"
#include "test.h"

#define EX "http://ex/"

/* A store with a hub H linked to a, b and n spokes (e:in), a short
 * specific link a - m - b (2 hops, m has 2 links), and a longer specific
 * chain a - e1 - e2 - b (3 hops). */
static kg_store *hub_store(unsigned spokes)
{
    kg_store *store = NULL;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK)
        return NULL;
    size_t cap = 512 + spokes * 64, len = 0;
    char *ttl = malloc(cap);
    if (!ttl) {
        kg_store_close(store);
        return NULL;
    }
    len += (size_t)snprintf(ttl + len, cap - len,
                            "@prefix e: <" EX "> .\n"
                            "e:a e:in e:H . e:b e:in e:H .\n"
                            "e:a e:met e:m . e:m e:met e:b .\n"
                            "e:a e:signed e:e1 . e:e1 e:party e:e2 . e:e2 e:party e:b .\n"
                            "e:e1 a e:Deal .\n");
    for (unsigned i = 0; i < spokes; i++)
        len += (size_t)snprintf(ttl + len, cap - len, "e:s%u e:in e:H .\n", i);
    kg_status st = kg_load_string(store, ttl, len, "hub.ttl", NULL, NULL);
    free(ttl);
    if (st != KG_OK) {
        printf("# load: %s\n", kg_store_error(store)->message);
        kg_store_close(store);
        return NULL;
    }
    return store;
}

/* Whether path p passes through the node iri (between its ends). */
static bool through(const kg_path *p, const char *iri)
{
    for (size_t k = 0; k + 1 < p->n; k++)
        if (strcmp(p->hops[k].to.term.value, iri) == 0)
            return true;
    return false;
}

static void rank__hub_paths_come_last_for_any_number_of_spokes(void)
{
    const unsigned sizes[] = {3, 40, 2000};
    for (size_t t = 0; t < 3; t++) {
        printf("# %u spokes\n", sizes[t]);
        kg_store *store = hub_store(sizes[t]);
        REQUIRE(store);
        kg_term a = kg_term_iri(EX "a"), b = kg_term_iri(EX "b");
        kg_path_options o = KG_PATH_OPTIONS_INIT;
        o.longer = 1;
        kg_path_list *l = NULL;
        REQUIRE(kg_path_search(&l, store, &a, &b, &o) == KG_OK);
        REQUIRE(l->n == 3);
        EXPECT(through(&l->items[0], EX "m")); /* 2 hops, ln 2 */
        EXPECT(through(&l->items[1], EX "e1")); /* 3 hops, ln 2 + ln 2 */
        EXPECT(through(&l->items[2], EX "H"));  /* 2 hops through the hub, last */
        EXPECT_INT(sizes[t] + 2, l->items[2].widest);
        EXPECT_INT(sizes[t] + 2, l->items[2].degree[0]);
        for (size_t i = 1; i < l->n; i++)
            EXPECT(l->items[i - 1].score <= l->items[i].score);
        kg_path_list_free(l);
        /* the shortest only: the two 2-hop paths, the hub's last */
        REQUIRE(kg_path_find(&l, store, &a, &b, 0, 0) == KG_OK);
        REQUIRE(l->n == 2);
        EXPECT(through(&l->items[0], EX "m"));
        EXPECT(through(&l->items[1], EX "H"));
        kg_path_list_free(l);
        kg_store_close(store);
    }
}

static void options__avoid_nodes_classes_properties_and_only(void)
{
    kg_store *store = hub_store(5);
    REQUIRE(store);
    kg_term a = kg_term_iri(EX "a"), b = kg_term_iri(EX "b");
    kg_term hub = kg_term_iri(EX "H"), m = kg_term_iri(EX "m"), deal = kg_term_iri(EX "Deal");
    kg_term party = kg_term_iri(EX "party"), signed_ = kg_term_iri(EX "signed");
    kg_term missing = kg_term_iri(EX "nothing");
    kg_path_list *l = NULL;

    /* avoiding the hub and m leaves the longer chain, now the shortest */
    kg_term avoid[] = {hub, m, missing};
    kg_path_options o = KG_PATH_OPTIONS_INIT;
    o.avoid = avoid;
    o.n_avoid = 3;
    REQUIRE(kg_path_search(&l, store, &a, &b, &o) == KG_OK);
    REQUIRE(l->n == 1);
    EXPECT_INT(3, l->items[0].n);
    EXPECT(through(&l->items[0], EX "e1"));
    kg_path_list_free(l);

    /* avoiding the class of e1 as well: no path, no error */
    o.avoid_classes = &deal;
    o.n_avoid_classes = 1;
    REQUIRE(kg_path_search(&l, store, &a, &b, &o) == KG_OK);
    EXPECT_INT(0, l->n);
    kg_path_list_free(l);

    /* the ends are never avoided */
    kg_term ends[] = {a, b};
    kg_path_options e = KG_PATH_OPTIONS_INIT;
    e.avoid = ends;
    e.n_avoid = 2;
    REQUIRE(kg_path_search(&l, store, &a, &b, &e) == KG_OK);
    EXPECT_INT(2, l->n);
    kg_path_list_free(l);

    /* avoiding a property */
    kg_path_options p = KG_PATH_OPTIONS_INIT;
    p.longer = 1;
    p.avoid_properties = &party;
    p.n_avoid_properties = 1;
    REQUIRE(kg_path_search(&l, store, &a, &b, &p) == KG_OK);
    EXPECT_INT(2, l->n);
    for (size_t i = 0; i < l->n; i++)
        EXPECT(!through(&l->items[i], EX "e1"));
    kg_path_list_free(l);

    /* following only signed and party */
    kg_term only[] = {signed_, party};
    kg_path_options q = KG_PATH_OPTIONS_INIT;
    q.only_properties = only;
    q.n_only_properties = 2;
    REQUIRE(kg_path_search(&l, store, &a, &b, &q) == KG_OK);
    REQUIRE(l->n == 1);
    EXPECT(through(&l->items[0], EX "e2"));
    kg_path_list_free(l);

    /* an options struct not made with the _INIT macro is refused */
    kg_path_options bad = {0};
    EXPECT_INT(KG_ERR_INVALID, kg_path_search(&l, store, &a, &b, &bad));
    EXPECT(l == NULL);
    kg_store_close(store);
}

static void rank__paul_chan_reaches_iflytek_through_the_signing_ceremony_first(void)
{
    kg_store *store = bt_bundled_store(NULL);
    REQUIRE(store);
    kg_term chan = kg_term_iri("https://w3id.org/kgsh/id/paul-chan");
    kg_term ifly = kg_term_iri("https://w3id.org/kgsh/id/iflytek");
    kg_path_list *l = NULL;
    REQUIRE(kg_path_search(&l, store, &chan, &ifly, NULL) == KG_OK);
    REQUIRE(l->n >= 2);
    const kg_path *first = &l->items[0];
    bool ceremony = false;
    for (size_t k = 0; k + 1 < first->n; k++)
        ceremony |= first->hops[k].to.label && strstr(first->hops[k].to.label, "ceremony");
    EXPECT(ceremony);
    /* every path through the ceremony before the first through Hong Kong */
    size_t first_hk = l->n, last_ceremony = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (through(&l->items[i], "https://w3id.org/kgsh/id/hong-kong") && first_hk == l->n)
            first_hk = i;
        for (size_t k = 0; k + 1 < l->items[i].n; k++)
            if (l->items[i].hops[k].to.label && strstr(l->items[i].hops[k].to.label, "ceremony"))
                last_ceremony = i;
    }
    printf("# %zu paths; last through the ceremony: %zu; first through Hong Kong: %zu\n", l->n,
           last_ceremony + 1, first_hk + 1);
    EXPECT(last_ceremony < first_hk);
    kg_path_list_free(l);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(rank__hub_paths_come_last_for_any_number_of_spokes),
    TEST(options__avoid_nodes_classes_properties_and_only),
    TEST(rank__paul_chan_reaches_iflytek_through_the_signing_ceremony_first),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
