/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/explore_test.c - relationships (kg/explore.h) over real
 * stores holding the bundled ontology and articles: entity resolution,
 * sanction exposure, shortest paths, neighbourhoods, DOT pictures, and
 * inference (rules, its own graph, upkeep on commit, reopen, .infer off,
 * explanations). */
#include <sys/stat.h>

#include "bundled.h"
#include "kg/explore.h"
#include "kg/io.h"
#include "kg/query.h"
#include "store/store_impl.h"
#include "test.h"

#define KGR "https://w3id.org/kgsh/id/"
#define KGO "https://w3id.org/kgsh/ontology#"
#define PREFIXES "PREFIX kg: <" KGO "> PREFIX kgr: <" KGR "> "

static kg_store *bundled(const char *dir)
{
    kg_store *store = bt_bundled_store(dir);
    if (store && kg_infer_refresh(store, NULL) != KG_OK) {
        printf("# infer: %s\n", kg_store_error(store)->message);
        kg_store_close(store);
        return NULL;
    }
    return store;
}

/* The values of the first column of a SELECT, joined by "|" in result
 * order (or "ERROR: ..."). Static buffer. */
static const char *select_col(kg_store *store, const char *text, bool infer)
{
    static char out[8192];
    out[0] = 0;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.hidden_graph = infer ? NULL : KG_INFERRED_GRAPH;
    kg_query *q = NULL;
    kg_error err;
    if (kg_query_prepare(&q, store, text, strlen(text), &opts, &err) != KG_OK) {
        snprintf(out, sizeof out, "ERROR: %s", err.message);
        return out;
    }
    kg_results *r = NULL;
    if (kg_query_execute(&r, q) != KG_OK) {
        snprintf(out, sizeof out, "ERROR: %s", kg_query_error(q)->message);
        kg_query_free(q);
        return out;
    }
    bool row;
    while (kg_results_next(&row, r) == KG_OK && row) {
        const kg_term *v = kg_results_value(r, 0);
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, "%s%s", len ? "|" : "",
                 v->kind == KG_TERM_NONE ? "-" : v->value);
    }
    kg_results_free(r);
    kg_query_free(q);
    return out;
}

static bool evidence_has(const kg_source_sentence *e, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(e[i].text, needle))
            return true;
    return false;
}

/* ---- resolution ---- */

static void resolve__label_alias_prefixed_name_and_iri(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    const char *inputs[] = {"iflytek", "IFLYTEK", "iFlyTek", "kgr:iflytek", "<" KGR "iflytek>",
                            KGR "iflytek"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        kg_matches *m = NULL;
        EXPECT_INT(KG_OK, kg_resolve(&m, store, inputs[i]));
        REQUIRE(m);
        if (m->n != 1)
            TEST_FAIL_AT("%s: expected 1 match, got %zu", inputs[i], m->n);
        else
            EXPECT_STR(KGR "iflytek", m->items[0].term.value);
        kg_matches_free(m);
    }
    /* "Xunfei" is no name of iFLYTEK (no article calls it so): it finds
     * Xunfei Healthcare, which the other things whose names contain it (its
     * CEO post, its plans) are named after */
    kg_matches *m = NULL;
    EXPECT_INT(KG_OK, kg_resolve(&m, store, "Xunfei"));
    REQUIRE(m && m->n == 1);
    EXPECT_STR(KGR "xunfei-healthcare", m->items[0].term.value);
    kg_matches_free(m);
    m = NULL;
    EXPECT_INT(KG_OK, kg_resolve(&m, store, "Paul Chan"));
    REQUIRE(m && m->n == 1);
    EXPECT_STR("Paul Chan", m->items[0].label);
    EXPECT_STR(KGO "Official", m->items[0].class_iri);
    kg_matches_free(m);
    kg_store_close(store);
}

static void resolve__several_matches_are_all_returned(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_matches *m = NULL;
    EXPECT_INT(KG_OK, kg_resolve(&m, store, "xunfei healthcare"));
    REQUIRE(m);
    EXPECT_INT(1, m->n);
    kg_matches_free(m);
    EXPECT_INT(KG_OK, kg_resolve(&m, store, "secretary")); /* no whole label: contained */
    REQUIRE(m);
    EXPECT(m->n >= 2);
    kg_matches_free(m);
    EXPECT_INT(KG_OK, kg_resolve(&m, store, "no such thing anywhere"));
    REQUIRE(m);
    EXPECT_INT(0, m->n);
    kg_matches_free(m);
    kg_store_close(store);
}

/* ---- exposure ---- */

static const kg_exposure *find_exposure(const kg_exposure_list *l, const char *company,
                                        const char *sanctioned)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].company.term.value, company) == 0 &&
            strcmp(l->items[i].sanctioned.term.value, sanctioned) == 0)
            return &l->items[i];
    return NULL;
}

static void exposure__finds_xunfei_healthcare_through_iflytek_with_both_sentences(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_exposure_list *l = NULL;
    REQUIRE(kg_exposure_find(&l, store, NULL, NULL) == KG_OK);
    const kg_exposure *ex = find_exposure(l, KGR "xunfei-healthcare", KGR "iflytek");
    REQUIRE(ex);
    EXPECT_INT(KG_EXPOSURE_OWNERSHIP, ex->kind);
    EXPECT_STR("Xunfei Healthcare", ex->company.label);
    REQUIRE(ex->n_chain == 1);
    const kg_hop *h = &ex->chain[0];
    EXPECT_STR(KGO "subsidiaryOf", h->property);
    EXPECT(h->forward);
    EXPECT_STR(KGR "xunfei-healthcare", h->from.term.value);
    EXPECT_STR(KGR "iflytek", h->to.term.value);
    EXPECT(h->to.sanctioned);
    EXPECT(evidence_has(h->evidence, h->n_evidence, "Xunfei Healthcare, a subsidiary of iFlytek"));
    /* one measure, the Entity List listing, that "under US sanctions since
     * 2019" (s1), "sanctioned by the US government" (s7) and the listing
     * itself (s8) all support */
    REQUIRE(ex->n_sanctions == 1);
    const kg_sanction *s = &ex->sanctions[0];
    EXPECT_STR(KGR "iflytek-us-entity-list", s->node.term.value);
    EXPECT_STR("2019-10", s->start_date);
    EXPECT_CONTAINS(s->authority, "Commerce");
    EXPECT_CONTAINS(s->programme, "Entity List");
    EXPECT_CONTAINS(s->kind_label, "export");
    EXPECT_CONTAINS(s->reason, "Xinjiang");
    REQUIRE(s->n_evidence == 3);
    EXPECT(evidence_has(s->evidence, s->n_evidence, "under US sanctions since 2019"));
    EXPECT(evidence_has(s->evidence, s->n_evidence, "sanctioned by the US government"));
    EXPECT(evidence_has(s->evidence, s->n_evidence, "added to the Entity List"));
    EXPECT_CONTAINS(s->evidence[0].article, "000-seventeen-companies");

    const kg_exposure *direct = find_exposure(l, KGR "iflytek", KGR "iflytek");
    REQUIRE(direct);
    EXPECT_INT(KG_EXPOSURE_DIRECT, direct->kind);
    EXPECT_INT(0, direct->n_chain);
    /* signing with the same agency as iFLYTEK is two non-ownership links */
    EXPECT(!find_exposure(l, KGR "baidu-ai-cloud", KGR "iflytek"));
    kg_exposure_list_free(l);
    kg_store_close(store);
}

static void exposure__one_entity_and_unexposed_company(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term xh = kg_term_iri(KGR "xunfei-healthcare"), baidu = kg_term_iri(KGR "baidu-ai-cloud");
    kg_term none = kg_term_iri(KGR "nobody-at-all");
    kg_exposure_list *l = NULL;
    REQUIRE(kg_exposure_find(&l, store, &xh, NULL) == KG_OK);
    EXPECT_INT(1, l->n);
    kg_exposure_list_free(l);
    REQUIRE(kg_exposure_find(&l, store, &baidu, NULL) == KG_OK);
    EXPECT_INT(0, l->n);
    kg_exposure_list_free(l);
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_exposure_find(&l, store, &none, NULL));
    EXPECT(l == NULL);
    kg_store_close(store);
}

static void exposure__follows_a_ten_link_chain_and_survives_cycles(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    char ttl[8192];
    size_t len = (size_t)snprintf(ttl, sizeof ttl,
                                  "@prefix kg: <" KGO "> . @prefix e: <http://ex/> .\n"
                                  "e:s kg:sanctions e:c0 . e:c0 a kg:Company .\n");
    for (int i = 1; i <= 10; i++)
        len += (size_t)snprintf(ttl + len, sizeof ttl - len,
                                "e:c%d a kg:Company ; kg:subsidiaryOf e:c%d .\n", i, i - 1);
    len += (size_t)snprintf(ttl + len, sizeof ttl - len, "e:c0 kg:subsidiaryOf e:c10 .\n");
    REQUIRE(kg_load_string(store, ttl, len, "chain.ttl", NULL, NULL) == KG_OK);
    kg_term c10 = kg_term_iri("http://ex/c10"), c5 = kg_term_iri("http://ex/c5");
    kg_exposure_list *l = NULL;
    REQUIRE(kg_exposure_find(&l, store, &c5, NULL) == KG_OK);
    REQUIRE(l->n == 1);
    EXPECT_INT(5, l->items[0].n_chain); /* c5 -> c4 -> ... -> c0, not round the cycle */
    kg_exposure_list_free(l);
    REQUIRE(kg_exposure_find(&l, store, &c10, NULL) == KG_OK);
    REQUIRE(l->n == 1);
    EXPECT_INT(1, l->items[0].n_chain); /* the cycle link c0 subsidiaryOf c10 */
    EXPECT(!l->items[0].chain[0].forward);
    kg_exposure_list_free(l);
    kg_store_close(store);
}

static void exposure__reaches_owners_and_owned_but_not_sister_companies(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    /* p owns a (stated as a's subsidiaryOf) and b (stated as p's parentOf);
     * a is sanctioned and owns a1. */
    const char *ttl = "@prefix kg: <" KGO "> . @prefix e: <http://ex/> .\n"
                      "e:s kg:sanctions e:a .\n"
                      "e:p a kg:Company ; kg:parentOf e:b .\n"
                      "e:a a kg:Company ; kg:subsidiaryOf e:p .\n"
                      "e:b a kg:Company .\n"
                      "e:a1 a kg:Company ; kg:subsidiaryOf e:a .\n"
                      "e:b1 a kg:Company ; kg:subsidiaryOf e:b .\n";
    REQUIRE(kg_load_string(store, ttl, strlen(ttl), "family.ttl", NULL, NULL) == KG_OK);
    kg_exposure_list *l = NULL;
    REQUIRE(kg_exposure_find(&l, store, NULL, NULL) == KG_OK);
    const kg_exposure *owned = find_exposure(l, "http://ex/a1", "http://ex/a");
    const kg_exposure *owner = find_exposure(l, "http://ex/p", "http://ex/a");
    EXPECT(owned && owned->kind == KG_EXPOSURE_OWNERSHIP && owned->n_chain == 1);
    EXPECT(owner && owner->kind == KG_EXPOSURE_OWNERSHIP && owner->n_chain == 1);
    if (find_exposure(l, "http://ex/b", "http://ex/a"))
        TEST_FAIL_AT("b is reported exposed to its sister company a through their parent");
    if (find_exposure(l, "http://ex/b1", "http://ex/a"))
        TEST_FAIL_AT("b1 is reported exposed to a through a shared grandparent");
    kg_exposure_list_free(l);
    kg_store_close(store);
}

/* ---- paths and neighbourhoods ---- */

static void path__paul_chan_to_iflytek_found(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term chan = kg_term_iri(KGR "paul-chan"), ifly = kg_term_iri(KGR "iflytek");
    kg_path_list *l = NULL;
    REQUIRE(kg_path_find(&l, store, &chan, &ifly, 0, 0) == KG_OK);
    REQUIRE(l->n >= 1);
    for (size_t i = 0; i < l->n; i++) {
        const kg_path *p = &l->items[i];
        REQUIRE(p->n >= 1);
        EXPECT_INT(l->items[0].n, p->n); /* all shortest */
        EXPECT_STR(KGR "paul-chan", p->hops[0].from.term.value);
        EXPECT_STR(KGR "iflytek", p->hops[p->n - 1].to.term.value);
        for (size_t k = 0; k < p->n; k++) {
            EXPECT(strstr(p->hops[k].property, "mentionedIn") == NULL);
            EXPECT(strstr(p->hops[k].property, "#type") == NULL);
            EXPECT(p->hops[k].n_evidence >= 1);
            if (k + 1 < p->n)
                EXPECT_STR(p->hops[k].to.term.value, p->hops[k + 1].from.term.value);
        }
    }
    kg_path_list_free(l);
    /* too short a limit: no path, no error */
    REQUIRE(kg_path_find(&l, store, &chan, &ifly, 1, 0) == KG_OK);
    EXPECT_INT(0, l->n);
    kg_path_list_free(l);
    kg_store_close(store);
}

static void path__keeps_every_shortest_path(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    const char *ttl = "@prefix e: <http://ex/> . e:a e:p e:b1 , e:b2 . e:b1 e:q e:c . "
                      "e:c e:r e:b2 . e:a e:long e:x . e:x e:long e:y . e:y e:long e:c .";
    REQUIRE(kg_load_string(store, ttl, strlen(ttl), "d.ttl", NULL, NULL) == KG_OK);
    kg_term a = kg_term_iri("http://ex/a"), c = kg_term_iri("http://ex/c");
    kg_path_list *l = NULL;
    REQUIRE(kg_path_find(&l, store, &a, &c, 0, 0) == KG_OK);
    EXPECT_INT(2, l->n);
    for (size_t i = 0; i < l->n; i++)
        EXPECT_INT(2, l->items[i].n);
    kg_path_list_free(l);
    kg_store_close(store);
}

/* A path longer than the pool's first allocation (256 hops) is kept whole. */
static void path__a_300_hop_chain_is_kept_whole(void)
{
    enum { HOPS = 300 };
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    static char ttl[HOPS * 40];
    size_t len = (size_t)snprintf(ttl, sizeof ttl, "@prefix e: <http://ex/> .\n");
    for (int i = 0; i < HOPS; i++)
        len += (size_t)snprintf(ttl + len, sizeof ttl - len, "e:n%d e:next e:n%d .\n", i, i + 1);
    REQUIRE(kg_load_string(store, ttl, len, "chain.ttl", NULL, NULL) == KG_OK);
    kg_term a = kg_term_iri("http://ex/n0"), b = kg_term_iri("http://ex/n300");
    kg_path_list *l = NULL;
    REQUIRE(kg_path_find(&l, store, &a, &b, HOPS, 0) == KG_OK);
    EXPECT_INT(1, l->n);
    if (l->n == 1)
        EXPECT_INT(HOPS, l->items[0].n);
    kg_path_list_free(l);
    kg_store_close(store);
}

static void neighbors__iflytek_has_subsidiary_and_sanction_but_no_types(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term ifly = kg_term_iri(KGR "iflytek");
    kg_neighborhood *n = NULL;
    REQUIRE(kg_neighbors(&n, store, &ifly, 1, 0) == KG_OK);
    EXPECT_STR(KGR "iflytek", n->center.term.value);
    EXPECT(n->center.sanctioned);
    bool subsidiary = false, sanction = false;
    for (size_t i = 0; i < n->n; i++) {
        EXPECT_INT(1, n->depth[i]);
        EXPECT(strstr(n->hops[i].property, "#type") == NULL);
        EXPECT(strstr(n->hops[i].property, "mentionedIn") == NULL);
        subsidiary |= strcmp(n->hops[i].to.term.value, KGR "xunfei-healthcare") == 0 &&
                      !n->hops[i].forward;
        sanction |= strcmp(n->hops[i].to.term.value, KGR "iflytek-us-entity-list") == 0;
    }
    EXPECT(subsidiary);
    EXPECT(sanction);
    kg_neighborhood_free(n);
    REQUIRE(kg_neighbors(&n, store, &ifly, 2, 3) == KG_OK);
    EXPECT_INT(3, n->n);
    EXPECT(n->truncated);
    kg_neighborhood_free(n);
    kg_store_close(store);
}

/* The hop for (b locatedIn c), both a step from a, in a store that put b
 * first and one that put c first: "b --locatedIn--> c" either way. */
static void neighbors__a_link_within_one_level_reads_the_same_in_any_store(void)
{
    static const char *orders[] = {
        "<http://ex/a> <" KGO "basedIn> <http://ex/b> , <http://ex/c> .\n"
        "<http://ex/b> <" KGO "locatedIn> <http://ex/c> .\n",
        "<http://ex/a> <" KGO "basedIn> <http://ex/c> , <http://ex/b> .\n"
        "<http://ex/b> <" KGO "locatedIn> <http://ex/c> .\n",
    };
    for (size_t i = 0; i < 2; i++) {
        kg_store *store = NULL;
        REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
        REQUIRE(kg_load_string(store, orders[i], strlen(orders[i]), "t.ttl", NULL, NULL) == KG_OK);
        kg_term a = kg_term_iri("http://ex/a");
        kg_neighborhood *n = NULL;
        REQUIRE(kg_neighbors(&n, store, &a, 2, 0) == KG_OK);
        size_t found = 0;
        for (size_t k = 0; k < n->n; k++) {
            const kg_hop *h = &n->hops[k];
            if (strcmp(h->property, KGO "locatedIn"))
                continue;
            found++;
            EXPECT_STR("http://ex/b", h->from.term.value);
            EXPECT(h->forward);
        }
        EXPECT_INT(1, found);
        kg_neighborhood_free(n);
        kg_store_close(store);
    }
}

static void dot__writes_labelled_coloured_graph_and_svg(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term ifly = kg_term_iri(KGR "iflytek");
    kg_neighborhood *n = NULL;
    REQUIRE(kg_neighbors(&n, store, &ifly, 1, 0) == KG_OK);
    char path[4200];
    snprintf(path, sizeof path, "%s/iflytek.dot", kg_test_tmpdir());
    REQUIRE(kg_dot_write(store, n, path) == KG_OK);
    char *text = kg_test_read_file(path, NULL);
    REQUIRE(text);
    EXPECT_CONTAINS(text, "digraph kgsh");
    EXPECT_CONTAINS(text, "iFLYTEK\\n(company)\\nSANCTIONED");
    EXPECT_CONTAINS(text, "peripheries=2");
    EXPECT_CONTAINS(text, "label=\"subsidiary of\"");
    free(text);
    snprintf(path, sizeof path, "%s/iflytek.svg", kg_test_tmpdir());
    kg_status st = kg_dot_write(store, n, path);
    if (st == KG_ERR_UNSUPPORTED) {
        printf("# graphviz is not installed; SVG not checked\n");
    } else {
        EXPECT_INT(KG_OK, st);
        text = kg_test_read_file(path, NULL);
        REQUIRE(text);
        EXPECT_CONTAINS(text, "<svg");
        EXPECT_CONTAINS(text, "Xunfei Healthcare");
        free(text);
    }
    kg_neighborhood_free(n);
    kg_store_close(store);
}

static void dot__missing_graphviz_is_a_clear_error(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term ifly = kg_term_iri(KGR "iflytek");
    kg_neighborhood *n = NULL;
    REQUIRE(kg_neighbors(&n, store, &ifly, 1, 0) == KG_OK);
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", kg_test_tmpdir(), 1);
    char path[4200];
    snprintf(path, sizeof path, "%s/x.png", kg_test_tmpdir());
    EXPECT_INT(KG_ERR_UNSUPPORTED, kg_dot_write(store, n, path));
    EXPECT_CONTAINS(kg_store_error(store)->message, "graphviz");
    struct stat sb;
    EXPECT(stat(path, &sb) != 0);
    if (old) {
        setenv("PATH", old, 1);
        free(old);
    }
    kg_neighborhood_free(n);
    kg_store_close(store);
}

/* ---- inference ---- */

static void infer__parent_of_answers_from_subsidiary_of(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    const char *q = PREFIXES "SELECT ?p WHERE { ?p kg:parentOf kgr:xunfei-healthcare }";
    EXPECT_STR(KGR "iflytek", select_col(store, q, true));
    EXPECT_STR("", select_col(store, q, false)); /* .infer off */
    kg_store_close(store);
}

static void infer__off_hides_the_inferred_graph_from_graph_variables_too(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    const char *by_var = PREFIXES "SELECT ?g WHERE { GRAPH ?g { ?p kg:parentOf kgr:xunfei-healthcare } }";
    const char *bound = PREFIXES "SELECT ?g WHERE { VALUES ?g { <" KG_INFERRED_GRAPH "> } "
                                 "GRAPH ?g { ?p kg:parentOf kgr:xunfei-healthcare } }";
    const char *named = PREFIXES "SELECT ?p WHERE { GRAPH <" KG_INFERRED_GRAPH "> "
                                 "{ ?p kg:parentOf kgr:xunfei-healthcare } }";
    EXPECT_STR(KG_INFERRED_GRAPH, select_col(store, by_var, true));
    EXPECT_STR("", select_col(store, by_var, false)); /* .infer off */
    EXPECT_STR(KG_INFERRED_GRAPH, select_col(store, bound, true));
    EXPECT_STR("", select_col(store, bound, false));
    /* named explicitly, it is still read */
    EXPECT_STR(KGR "iflytek", select_col(store, named, false));
    kg_store_close(store);
}

static void infer__organization_finds_companies(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    const char *q = PREFIXES "SELECT ?x WHERE { ?x a kg:Organization FILTER(?x = kgr:iflytek) }";
    EXPECT_STR(KGR "iflytek", select_col(store, q, true));
    EXPECT_STR("", select_col(store, q, false));
    const char *agents = PREFIXES "SELECT (COUNT(*) AS ?n) WHERE { ?x a kg:Agent }";
    const char *companies = PREFIXES "SELECT (COUNT(*) AS ?n) WHERE { ?x a kg:Company }";
    EXPECT(atoi(select_col(store, agents, true)) > atoi(select_col(store, companies, true)));
    EXPECT_STR("0", select_col(store, agents, false));
    kg_store_close(store);
}

static void infer__kept_in_own_graph_never_duplicating_asserted(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    const char *dup = PREFIXES "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <" KG_INFERRED_GRAPH
                               "> { ?s ?p ?o } GRAPH ?g { ?s ?p ?o } "
                               "FILTER(?g != <" KG_INFERRED_GRAPH ">) }";
    EXPECT_STR("0", select_col(store, dup, true));
    const char *partners = PREFIXES "SELECT ?x WHERE { kgr:oases kg:partnersWith ?x "
                                    "FILTER(?x = kgr:iflytek) }";
    EXPECT_STR(KGR "iflytek", select_col(store, partners, true)); /* sub-property + symmetric */
    kg_infer_stats stats;
    EXPECT_INT(KG_OK, kg_infer_refresh(store, &stats)); /* already current */
    EXPECT_INT(0, stats.added);
    EXPECT_INT(0, stats.removed);
    EXPECT(stats.inferred > 100);
    kg_store_close(store);
}

static const char CHAIN_TTL[] =
    "@prefix kg: <" KGO "> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix e: <http://ex/> .\n"
    "kg:subsidiaryOf a owl:TransitiveProperty ; owl:inverseOf kg:parentOf .\n"
    "kg:parentOf a owl:TransitiveProperty .\n"
    "e:a kg:subsidiaryOf e:b . e:b kg:subsidiaryOf e:c .\n";

static void infer__follows_commits_and_survives_reopen(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/store", kg_test_tmpdir());
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, dir, KG_STORE_CREATE, NULL) == KG_OK);
    REQUIRE(kg_infer_attach(store) == KG_OK);
    REQUIRE(kg_load_string(store, CHAIN_TTL, strlen(CHAIN_TTL), "chain.ttl", NULL, NULL) == KG_OK);
    const char *q = "SELECT ?x WHERE { <http://ex/a> <" KGO "subsidiaryOf> ?x } ORDER BY ?x";
    const char *parents = "SELECT ?x WHERE { ?x <" KGO "parentOf> <http://ex/a> } ORDER BY ?x";
    EXPECT_STR("http://ex/b|http://ex/c", select_col(store, q, true));
    EXPECT_STR("http://ex/b|http://ex/c", select_col(store, parents, true));
    kg_store_close(store);

    /* reopened without attaching: the inferred graph was committed */
    REQUIRE(kg_store_open(&store, dir, 0, NULL) == KG_OK);
    EXPECT_STR("http://ex/b|http://ex/c", select_col(store, q, true));
    REQUIRE(kg_infer_attach(store) == KG_OK);
    kg_term b = kg_term_iri("http://ex/b"), c = kg_term_iri("http://ex/c");
    kg_term sub = kg_term_iri(KGO "subsidiaryOf");
    REQUIRE(kg_store_remove(store, &b, &sub, &c, NULL) == KG_OK);
    EXPECT_STR("http://ex/b", select_col(store, q, true));
    EXPECT_STR("http://ex/b", select_col(store, parents, true));
    /* an update inside a transaction: the hook runs at its commit */
    REQUIRE(kg_store_begin(store) == KG_OK);
    kg_term d = kg_term_iri("http://ex/d");
    REQUIRE(kg_store_add(store, &c, &sub, &d, NULL) == KG_OK);
    REQUIRE(kg_store_add(store, &b, &sub, &c, NULL) == KG_OK);
    REQUIRE(kg_store_commit(store) == KG_OK);
    EXPECT_STR("http://ex/b|http://ex/c|http://ex/d", select_col(store, q, true));
    kg_store_close(store);
    REQUIRE(kg_store_open(&store, dir, 0, NULL) == KG_OK);
    EXPECT_STR("http://ex/b|http://ex/c|http://ex/d", select_col(store, q, true));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
}

/* One random change of infer__incremental_updates_equal_a_full_recomputation:
 * adds (or, when remove, removes) a triple among a few nodes, properties
 * and graphs, so that chains, cycles, inverses and duplicates happen (the
 * first n_props of the properties, among `nodes` nodes). */
static kg_status random_change(kg_store *store, bool remove, int nodes, int n_props)
{
    static const char *const props[] = {"subsidiaryOf", "parentOf", "partnersWith", "ownedBy",
                                        "sanctions", "authority", "type"};
    char s[64], o[64], p[96], g[64];
    int prop = rand() % n_props;
    snprintf(s, sizeof s, "http://ex/n%d", rand() % nodes);
    snprintf(o, sizeof o, "http://ex/n%d", rand() % nodes);
    snprintf(g, sizeof g, "http://ex/g%d", rand() % 2);
    if (prop == 6) {
        snprintf(p, sizeof p, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
        snprintf(o, sizeof o, "%s", rand() % 2 ? KGO "Company" : KGO "Organization");
    } else {
        snprintf(p, sizeof p, "%s%s", KGO, props[prop]);
    }
    kg_term ts = kg_term_iri(s), tp = kg_term_iri(p), to = kg_term_iri(o), tg = kg_term_iri(g);
    return remove ? kg_store_remove(store, &ts, &tp, &to, &tg) : kg_store_add(store, &ts, &tp, &to, &tg);
}

static const char infer_schema[] =
    "@prefix kg: <" KGO "> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "kg:Company rdfs:subClassOf kg:Organization . kg:Organization rdfs:subClassOf kg:Agent .\n"
    "kg:parentOf owl:inverseOf kg:subsidiaryOf . kg:subsidiaryOf a owl:TransitiveProperty .\n"
    "kg:partnersWith a owl:SymmetricProperty . kg:ownedBy rdfs:subPropertyOf kg:subsidiaryOf .\n"
    "kg:sanctions owl:inverseOf kg:subjectOf .\n"
    "kg:sanctionedBy owl:propertyChainAxiom ( kg:subjectOf kg:authority ) .\n";

/* After a commit the hook has run: a full recomputation finds nothing to
 * change. */
static bool inferred_graph_is_current(kg_store *store, const char *when)
{
    kg_infer_stats stats;
    if (kg_infer_refresh(store, &stats) != KG_OK) {
        TEST_FAIL_AT("%s: the full recomputation fails", when);
        return false;
    }
    if (stats.added || stats.removed) {
        TEST_FAIL_AT("%s: a full recomputation added %llu and removed %llu inferred triples "
                     "the commit had left wrong",
                     when, (unsigned long long)stats.added, (unsigned long long)stats.removed);
        return false;
    }
    return true;
}

static void infer__incremental_updates_equal_a_full_recomputation(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    REQUIRE(kg_load_string(store, infer_schema, strlen(infer_schema), "schema.ttl", NULL, NULL) ==
            KG_OK);
    REQUIRE(kg_infer_attach(store) == KG_OK);
    unsigned seed = kg_test_seed();
    srand(seed);
    int wrong = 0, removals = 0;
    for (int step = 0; step < 300 && wrong < 3; step++) {
        REQUIRE(kg_store_begin(store) == KG_OK);
        /* mostly additions (the incremental path); a removal now and then
         * (the full recomputation) */
        bool remove = rand() % 5 == 0;
        removals += remove;
        for (int k = 1 + rand() % 3; k > 0; k--)
            REQUIRE(random_change(store, remove, 7, 7) == KG_OK);
        REQUIRE(kg_store_commit(store) == KG_OK);
        char when[64];
        snprintf(when, sizeof when, "step %d (seed %u)", step, seed);
        wrong += !inferred_graph_is_current(store, when);
    }
    printf("# 300 commits, %d with removals\n", removals);
    kg_store_close(store);
}

/* A transaction bigger than the load budget is read by the hook from a
 * segment of delta-coded blocks on disk, its changes in batches
 * (kg_view_changes): thousands of additions, none of a chain's property,
 * so that the incremental path takes them all, across batches and
 * blocks. Its ~10,000 new terms pass the dictionary's share of a one-byte
 * budget, so the transaction spills before the commit. */
static void infer__incremental_update_of_a_spilled_transaction_is_complete(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/store", kg_test_tmpdir());
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, dir, KG_STORE_CREATE, NULL) == KG_OK);
    REQUIRE(kg_load_string(store, infer_schema, strlen(infer_schema), "schema.ttl", NULL, NULL) ==
            KG_OK);
    REQUIRE(kg_infer_attach(store) == KG_OK);
    kg_store_set_load_memory(store, 1);
    srand(kg_test_seed());
    REQUIRE(kg_store_begin(store) == KG_OK);
    for (int k = 0; k < 6000; k++)
        REQUIRE(random_change(store, false, 20000, 4) == KG_OK);
    EXPECT(store->term_spills >= 1);
    REQUIRE(kg_store_commit(store) == KG_OK);
    EXPECT(inferred_graph_is_current(store, "6000 additions in one transaction"));
    /* the inferred graph holds something: the inverses at least */
    EXPECT(select_col(store, "SELECT ?s WHERE { ?s <" KGO "parentOf> ?o } LIMIT 1", true)[0]);
    kg_store_close(store);
}

static void infer__dropping_an_article_removes_its_inferences(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    REQUIRE(kg_infer_attach(store) == KG_OK);
    const char *q = PREFIXES "SELECT ?p WHERE { ?p kg:parentOf kgr:xunfei-healthcare }";
    EXPECT_STR(KGR "iflytek", select_col(store, q, true));
    kg_term article = kg_term_iri("https://w3id.org/kgsh/article/000-seventeen-companies-sign-oases-deal");
    REQUIRE(kg_store_drop_graph(store, &article) == KG_OK);
    EXPECT_STR("", select_col(store, q, true));
    kg_store_close(store);
}

static const kg_why_step *last_step(const kg_why *w)
{
    return w->n ? &w->steps[w->n - 1] : NULL;
}

static void why__inverse_shows_rule_premises_and_sentence(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term ifly = kg_term_iri(KGR "iflytek"), xh = kg_term_iri(KGR "xunfei-healthcare");
    kg_term parent = kg_term_iri(KGO "parentOf");
    kg_why *w = NULL;
    REQUIRE(kg_why_explain(&w, store, &ifly, &parent, &xh) == KG_OK);
    const kg_why_step *st = last_step(w);
    REQUIRE(st);
    EXPECT_STR("owl:inverseOf", st->rule);
    EXPECT_STR(KGR "iflytek", st->s.value);
    REQUIRE(st->n_premises == 2);
    bool data = false, axiom = false;
    for (size_t i = 0; i < st->n_premises; i++) {
        const kg_why_step *p = &w->steps[st->premises[i]];
        EXPECT(p->rule == NULL);
        EXPECT(p->n_graphs >= 1);
        if (strcmp(p->p.value, KGO "subsidiaryOf") == 0) {
            data = true;
            EXPECT(evidence_has(p->evidence, p->n_evidence, "a subsidiary of iFlytek"));
        }
        if (strcmp(p->p.value, KG_OWL "inverseOf") == 0) {
            axiom = true;
            EXPECT_STR(BT_ONTOLOGY_GRAPH, p->graphs[0]);
        }
    }
    EXPECT(data);
    EXPECT(axiom);
    kg_why_free(w);
    kg_store_close(store);
}

static void why__transitive_chain_goes_back_to_asserted_links(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    REQUIRE(kg_load_string(store, CHAIN_TTL, strlen(CHAIN_TTL), "chain.ttl", NULL, NULL) == KG_OK);
    REQUIRE(kg_infer_refresh(store, NULL) == KG_OK);
    kg_term a = kg_term_iri("http://ex/a"), c = kg_term_iri("http://ex/c");
    kg_term parent = kg_term_iri(KGO "parentOf"), sub = kg_term_iri(KGO "subsidiaryOf");
    kg_why *w = NULL;
    REQUIRE(kg_why_explain(&w, store, &c, &parent, &a) == KG_OK);
    size_t asserted = 0;
    for (size_t i = 0; i < w->n; i++) {
        for (size_t k = 0; k < w->steps[i].n_premises; k++)
            EXPECT(w->steps[i].premises[k] < i);
        asserted += w->steps[i].rule == NULL;
    }
    EXPECT(asserted >= 3); /* two links and at least one axiom */
    kg_why_free(w);
    /* an asserted triple explains itself */
    kg_term b = kg_term_iri("http://ex/b");
    REQUIRE(kg_why_explain(&w, store, &a, &sub, &b) == KG_OK);
    EXPECT_INT(1, w->n);
    EXPECT(w->steps[0].rule == NULL);
    EXPECT_STR("default", w->steps[0].graphs[0]);
    kg_why_free(w);
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_why_explain(&w, store, &c, &sub, &a));
    EXPECT(w == NULL);
    kg_store_close(store);
}

/* kg:sanctionedBy is not stated: the chain kg:subjectOf (the inverse of
 * the stated kg:sanctions) then kg:authority derives it from the one
 * sanction node, whose sentences are the evidence. */
static void why__sanctioned_by_follows_the_chain_from_the_sanction_node(void)
{
    kg_store *store = bundled(NULL);
    REQUIRE(store);
    kg_term ifly = kg_term_iri(KGR "iflytek"), doc = kg_term_iri(KGR "us-department-of-commerce");
    kg_term by = kg_term_iri(KGO "sanctionedBy");
    kg_why *w = NULL;
    REQUIRE(kg_why_explain(&w, store, &ifly, &by, &doc) == KG_OK);
    const kg_why_step *st = last_step(w);
    REQUIRE(st);
    EXPECT_STR("owl:propertyChainAxiom", st->rule);
    REQUIRE(st->n_premises == 3);
    const kg_why_step *subject = &w->steps[st->premises[0]];
    const kg_why_step *authority = &w->steps[st->premises[1]];
    EXPECT_STR(KGO "subjectOf", subject->p.value);
    EXPECT_STR("owl:inverseOf", subject->rule);
    EXPECT_STR(KGO "authority", authority->p.value);
    EXPECT(evidence_has(authority->evidence, authority->n_evidence, "added to the Entity List"));
    EXPECT_STR(KG_OWL "propertyChainAxiom", w->steps[st->premises[2]].p.value);
    bool stated = false;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->steps[i].p.value, KGO "sanctions") == 0) {
            stated = true;
            EXPECT_INT(3, w->steps[i].n_evidence);
        }
    EXPECT(stated);
    kg_why_free(w);
    kg_term gov = kg_term_iri(KGR "us-government");
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_why_explain(&w, store, &ifly, &by, &gov));
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(resolve__label_alias_prefixed_name_and_iri),
    TEST(resolve__several_matches_are_all_returned),
    TEST(exposure__finds_xunfei_healthcare_through_iflytek_with_both_sentences),
    TEST(exposure__one_entity_and_unexposed_company),
    TEST(exposure__follows_a_ten_link_chain_and_survives_cycles),
    TEST(exposure__reaches_owners_and_owned_but_not_sister_companies),
    TEST(path__paul_chan_to_iflytek_found),
    TEST(path__keeps_every_shortest_path),
    TEST(path__a_300_hop_chain_is_kept_whole),
    TEST(neighbors__iflytek_has_subsidiary_and_sanction_but_no_types),
    TEST(neighbors__a_link_within_one_level_reads_the_same_in_any_store),
    TEST(dot__writes_labelled_coloured_graph_and_svg),
    TEST(dot__missing_graphviz_is_a_clear_error),
    TEST(infer__parent_of_answers_from_subsidiary_of),
    TEST(infer__off_hides_the_inferred_graph_from_graph_variables_too),
    TEST(infer__organization_finds_companies),
    TEST(infer__kept_in_own_graph_never_duplicating_asserted),
    TEST(infer__follows_commits_and_survives_reopen),
    TEST(infer__dropping_an_article_removes_its_inferences),
    TEST(infer__incremental_updates_equal_a_full_recomputation),
    TEST(infer__incremental_update_of_a_spilled_transaction_is_complete),
    TEST(why__inverse_shows_rule_premises_and_sentence),
    TEST(why__transitive_chain_goes_back_to_asserted_links),
    TEST(why__sanctioned_by_follows_the_chain_from_the_sanction_node),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
