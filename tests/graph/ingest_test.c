/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/ingest_test.c - ingesting articles through the public API
 * (kg/ingest.h): what is proposed with which evidence, linking to known
 * things, accepting into the article graph in the datasets' provenance
 * form, rejecting, user rules, and inputs that must not crash, hang or
 * leak (empty, binary, invalid UTF-8, no entities; 50 MB is in
 * tests/stress/big_input_test.c). */
#include "kg/ingest.h" /* first: the public header compiles alone */

#include "ingest/checks.h"
#include "kg/io.h"
#include "kg/store.h"
#include "test.h"

#define KGR "https://w3id.org/kgsh/id/"
#define ONT "https://w3id.org/kgsh/ontology#"

static const char *src(const char *rel)
{
    static char buf[4][4200];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/../../%s", kg_test_data_dir(), rel);
    return p;
}

static kg_store *store_with(const char *const *files)
{
    kg_store *store = NULL;
    kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL);
    for (; store && *files; files++)
        if (kg_load_file(store, src(*files), NULL, NULL) != KG_OK)
            printf("# cannot load %s\n", *files);
    return store;
}

static const char *const ontology_only[] = {"ontology/kgsh.ttl", NULL};

static kg_ingest_options opts(void)
{
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = src("ontology/ingest-rules.txt");
    return o;
}

static kg_status ingest_text(kg_ingest **out, kg_store *store, const char *text, const char *stem)
{
    kg_ingest_options o = opts();
    o.stem = stem;
    kg_error err = {0};
    kg_status st = kg_ingest_text(out, store, text, strlen(text), &o, &err);
    if (st)
        printf("# %s\n", err.message);
    return st;
}

/* The number of the proposal s p o (o an IRI or a plain literal), or 0. */
static size_t find(const kg_ingest *ing, const char *s, const char *p, const char *o)
{
    for (size_t k = 1; k <= kg_ingest_count(ing); k++) {
        const kg_proposal *pr = kg_ingest_proposal(ing, k);
        if (!strcmp(pr->subject.value, s) && !strcmp(pr->predicate.value, p) && !strcmp(pr->object.value, o))
            return k;
    }
    return 0;
}

static const char article[] =
    "Title: Drone maker plans Hong Kong centre\n"
    "Publisher: Hong Kong Free Press\n"
    "Date: March 12, 2025\n"
    "\n"
    "Skyrider Technology, a Shenzhen-based drone maker, plans to open a research centre in Hong Kong.\n"
    "Its chief executive, Zhang Wei, said the firm was added to the Entity List by the US Commerce "
    "Department in December 2020.\n"
    "Skyrider is a subsidiary of Tianhe Holdings.\n"
    "Nothing here names anything at all.\n";

static void ingest__proposes_things_and_relations_with_evidence(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    REQUIRE(ingest_text(&ing, store, article, "t1") == KG_OK);
    EXPECT_STR("Drone maker plans Hong Kong centre", kg_ingest_title(ing));
    EXPECT_STR("Hong Kong Free Press", kg_ingest_publisher(ing));
    EXPECT_INT(4, kg_ingest_sentence_count(ing));
    size_t type = find(ing, KGR "skyrider-technology", KG_RDF "type", ONT "Company");
    size_t based = find(ing, KGR "skyrider-technology", ONT "basedIn", KGR "shenzhen");
    size_t sub = find(ing, KGR "skyrider-technology", ONT "subsidiaryOf", KGR "tianhe-holdings");
    EXPECT(type && based && sub);
    REQUIRE(based);
    const kg_proposal *p = kg_ingest_proposal(ing, based);
    EXPECT_INT(1, p->sentence);
    EXPECT_CONTAINS(p->sentence_text, "Shenzhen-based drone maker");
    /* "Title: ...\nPublisher: ...\nDate: ...\n\n" is 96 characters */
    EXPECT_INT(96, p->start);
    EXPECT_INT(96 + strlen("Skyrider Technology, a Shenzhen-based drone maker, plans to open a research "
                           "centre in Hong Kong."),
               p->end);
    EXPECT_STR("based-apposition", p->rule);
    EXPECT(p->confidence > 0.5 && p->confidence <= 1.0);
    EXPECT_STR("Skyrider Technology", p->subject_label);
    /* "Skyrider" alone in sentence 3 is the same company, not a new one */
    EXPECT(find(ing, KGR "skyrider", KG_RDF "type", ONT "Company") == 0);
    kg_evidence ev;
    size_t mention = find(ing, KGR "skyrider-technology", ONT "mentionedIn",
                          "https://w3id.org/kgsh/article/t1");
    REQUIRE(mention);
    /* named in sentences 1 and 3 ("the firm" in 2 is no mention) */
    EXPECT_INT(2, kg_ingest_proposal(ing, mention)->n_evidence);
    EXPECT_INT(KG_OK, kg_ingest_evidence(&ev, ing, mention, 1));
    EXPECT_INT(3, ev.sentence);
    EXPECT_CONTAINS(ev.text, "Skyrider is a subsidiary");
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_ingest_evidence(&ev, ing, mention, 2));
    kg_ingest_free(ing);
    kg_store_close(store);
}

static void ingest__links_known_things_instead_of_duplicating(void)
{
    static const char *const with_003[] = {"ontology/kgsh.ttl",
                                           "datasets/articles/003-hong-kong-hub-for-ai-start-ups.trig", NULL};
    kg_store *store = store_with(with_003);
    kg_ingest *ing = NULL;
    /* "CLOUDWALK technology" is the known CloudWalk (case, company suffix);
     * "iFlyTek's" is iFLYTEK (possessive, case); "Guangzhou-based" names Guangzhou */
    REQUIRE(ingest_text(&ing, store,
                        "Title: x\n\nGuangzhou-based CLOUDWALK technology met iFlyTek's head of sales.\n",
                        "t2") == KG_OK);
    const char *art = "https://w3id.org/kgsh/article/t2";
    EXPECT(find(ing, KGR "cloudwalk", ONT "mentionedIn", art));
    EXPECT(find(ing, KGR "iflytek", ONT "mentionedIn", art));
    EXPECT(find(ing, KGR "guangzhou", ONT "mentionedIn", art));
    EXPECT(find(ing, KGR "cloudwalk", ONT "basedIn", KGR "guangzhou"));
    for (size_t k = 1; k <= kg_ingest_count(ing); k++)
        EXPECT(strcmp(kg_ingest_proposal(ing, k)->predicate.value, KG_RDF "type") != 0);
    kg_ingest_free(ing);
    kg_store_close(store);
}

static void ingest__stages_proposals_out_of_sight_of_queries(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    REQUIRE(ingest_text(&ing, store, article, "t3") == KG_OK);
    EXPECT_STR("https://w3id.org/kgsh/staging/t3", kg_ingest_staging_iri(ing));
    EXPECT(kg_test_ask(store, "ASK { GRAPH <https://w3id.org/kgsh/staging/t3> { ?p a "
                      "<https://w3id.org/kgsh/ingest#Proposal> ; <https://w3id.org/kgsh/ingest#rule> ?r } }"));
    EXPECT(!kg_test_ask(store, "ASK { ?s <https://w3id.org/kgsh/ontology#subsidiaryOf> ?o }"));
    kg_ingest_free(ing);
    kg_store_close(store);
}

static void accept__writes_triples_with_provenance_like_the_datasets(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    REQUIRE(ingest_text(&ing, store, article, "t4") == KG_OK);
    size_t sub = find(ing, KGR "skyrider-technology", ONT "subsidiaryOf", KGR "tianhe-holdings");
    REQUIRE(sub);
    size_t changed = 0;
    EXPECT_INT(KG_OK, kg_ingest_accept(ing, &sub, 1, &changed));
    EXPECT(changed >= 3); /* the triple and the new things' types and labels */
    EXPECT_INT(KG_PROPOSAL_ACCEPTED, kg_ingest_proposal(ing, sub)->state);
    EXPECT(kg_test_ask(store,
               "PREFIX kg: <https://w3id.org/kgsh/ontology#>\n"
               "PREFIX kgr: <https://w3id.org/kgsh/id/>\n"
               "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
               "ASK { GRAPH <https://w3id.org/kgsh/article/t4> {\n"
               "  kgr:skyrider-technology kg:subsidiaryOf kgr:tianhe-holdings ;\n"
               "      a kg:Company ; rdfs:label \"Skyrider Technology\" .\n"
               "  kgr:tianhe-holdings a kg:Company .\n"
               "  <https://w3id.org/kgsh/article/t4#st1> a rdf:Statement ;\n"
               "      rdf:subject kgr:skyrider-technology ; rdf:predicate kg:subsidiaryOf ;\n"
               "      rdf:object kgr:tianhe-holdings ; kg:statedIn <https://w3id.org/kgsh/article/t4#s3> .\n"
               "  <https://w3id.org/kgsh/article/t4#s3> a kg:Sentence ;\n"
               "      kg:text \"Skyrider is a subsidiary of Tianhe Holdings.\" ;\n"
               "      kg:index \"3\"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> ;\n"
               "      kg:inArticle <https://w3id.org/kgsh/article/t4> .\n"
               "  <https://w3id.org/kgsh/article/t4> a kg:Article ;\n"
               "      kg:title \"Drone maker plans Hong Kong centre\" ;\n"
               "      kg:datePublished \"2025-03-12\"^^<http://www.w3.org/2001/XMLSchema#date> ;\n"
               "      kg:publisher ?pub . ?pub rdfs:label \"Hong Kong Free Press\" } }"));
    /* the accepted proposal left the staging graph */
    EXPECT(!kg_test_ask(store, "ASK { GRAPH <https://w3id.org/kgsh/staging/t4> { ?p "
                       "<https://w3id.org/kgsh/ingest#object> <https://w3id.org/kgsh/id/tianhe-holdings> ; "
                       "<https://w3id.org/kgsh/ingest#predicate> <https://w3id.org/kgsh/ontology#subsidiaryOf> } }"));
    /* accepting it again is refused and changes nothing */
    EXPECT_INT(KG_ERR_INVALID, kg_ingest_accept(ing, &sub, 1, NULL));
    EXPECT_CONTAINS(kg_ingest_error(ing)->message, "already accepted");
    size_t missing = kg_ingest_count(ing) + 1;
    EXPECT_INT(KG_ERR_INVALID, kg_ingest_reject(ing, &missing, 1, NULL));
    kg_ingest_free(ing);
    kg_store_close(store);
}

static void accept_and_reject__all_empty_the_staging_graph(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    REQUIRE(ingest_text(&ing, store, article, "t5") == KG_OK);
    size_t first = 1, changed = 0;
    EXPECT_INT(KG_OK, kg_ingest_reject(ing, &first, 1, &changed));
    EXPECT_INT(1, changed);
    EXPECT_INT(KG_PROPOSAL_REJECTED, kg_ingest_proposal(ing, 1)->state);
    EXPECT_INT(KG_OK, kg_ingest_accept(ing, NULL, 0, &changed));
    EXPECT_INT(kg_ingest_count(ing) - 1, changed);
    EXPECT(!kg_test_ask(store, "ASK { GRAPH <https://w3id.org/kgsh/staging/t5> { ?p a "
                       "<https://w3id.org/kgsh/ingest#Proposal> } }"));
    EXPECT(kg_test_ask(store, "ASK { GRAPH <https://w3id.org/kgsh/article/t5> { ?st a "
                      "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ; "
                      "<https://w3id.org/kgsh/ontology#statedIn> ?s } }"));
    EXPECT_INT(KG_OK, kg_ingest_accept(ing, NULL, 0, &changed));
    EXPECT_INT(0, changed);
    kg_ingest_free(ing);
    kg_store_close(store);
}

/* The graph's N-Quads, one string (lines in export order, which is the
 * store's index order, so equal graphs give equal strings). */
static char *graph_text(kg_store *store, const char *graph)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    kg_term g = kg_term_iri(graph);
    kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
    eo.format = KG_FORMAT_NQUADS;
    eo.graph = &g;
    if (!out || kg_export_stream(store, out, &eo, NULL) != KG_OK)
        printf("# cannot export <%s>\n", graph);
    if (out)
        fclose(out);
    return text;
}

typedef struct stems {
    char names[4][64];
    int n;
} stems;

static int collect_stem(void *ctx, const char *stem)
{
    stems *st = ctx;
    if (st->n < 4)
        snprintf(st->names[st->n++], sizeof st->names[0], "%s", stem);
    return 0;
}

static void resume__a_later_handle_accepts_what_an_earlier_one_staged(void)
{
    /* the same article accepted in the ingesting handle (store a) and in a
     * handle rebuilt from the staging graph (store b) gives the same graph */
    kg_store *a = store_with(ontology_only), *b = store_with(ontology_only);
    kg_ingest *ing = NULL, *again = NULL;
    REQUIRE(ingest_text(&ing, a, article, "t7") == KG_OK);
    size_t staged = kg_ingest_count(ing);
    EXPECT_INT(KG_OK, kg_ingest_accept(ing, NULL, 0, NULL));
    kg_ingest_free(ing);
    REQUIRE(ingest_text(&ing, b, article, "t7") == KG_OK);
    kg_ingest_free(ing);
    kg_ingest_options o = opts();
    kg_error err = {0};
    REQUIRE(kg_ingest_resume(&again, b, "t7", &o, &err) == KG_OK);
    EXPECT_INT(staged, kg_ingest_count(again));
    EXPECT_STR("Drone maker plans Hong Kong centre", kg_ingest_title(again));
    size_t sub = find(again, KGR "skyrider-technology", ONT "subsidiaryOf", KGR "tianhe-holdings");
    REQUIRE(sub);
    const kg_proposal *p = kg_ingest_proposal(again, sub);
    EXPECT_STR("Skyrider Technology", p->subject_label);
    EXPECT_CONTAINS(p->sentence_text, "Skyrider is a subsidiary of Tianhe Holdings.");
    EXPECT_INT(KG_OK, kg_ingest_accept(again, NULL, 0, NULL));
    kg_ingest_free(again);
    char *from_a = graph_text(a, "https://w3id.org/kgsh/article/t7");
    char *from_b = graph_text(b, "https://w3id.org/kgsh/article/t7");
    REQUIRE(from_a && from_b);
    EXPECT(strlen(from_a) > 1000);
    EXPECT_STR(from_a, from_b);
    free(from_a);
    free(from_b);
    /* nothing is left to resume */
    EXPECT_INT(KG_OK, kg_ingest_resume(&again, b, "t7", &o, &err));
    EXPECT_INT(0, kg_ingest_count(again));
    kg_ingest_free(again);
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_ingest_resume(&again, b, "never-ingested", &o, &err));
    kg_store_close(a);
    kg_store_close(b);
}

static void resume__numbers_run_on_across_articles_and_sessions(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *one = NULL, *two = NULL;
    REQUIRE(ingest_text(&one, store, article, "n1") == KG_OK);
    size_t first = kg_ingest_count(one);
    size_t reject = kg_ingest_proposal(one, 2)->number;
    EXPECT_INT(KG_OK, kg_ingest_reject(one, &reject, 1, NULL));
    kg_ingest_free(one);
    REQUIRE(ingest_text(&two, store, "Title: y\n\nCloudPay Group opened an office in Hong Kong.\n",
                        "n2") == KG_OK);
    REQUIRE(kg_ingest_count(two) > 0);
    EXPECT_INT(first + 1, kg_ingest_proposal(two, 1)->number);
    kg_ingest_free(two);
    stems found = {0};
    EXPECT_INT(KG_OK, kg_ingest_staged(store, collect_stem, &found));
    EXPECT_INT(2, found.n);
    EXPECT_STR("n1", found.names[0]);
    EXPECT_STR("n2", found.names[1]);
    /* a later session sees n1 without the rejected proposal, same numbers */
    kg_ingest_options o = opts();
    REQUIRE(kg_ingest_resume(&one, store, "n1", &o, NULL) == KG_OK);
    EXPECT_INT(first - 1, kg_ingest_count(one));
    EXPECT_INT(1, kg_ingest_proposal(one, 1)->number);
    EXPECT_INT(3, kg_ingest_proposal(one, 2)->number);
    EXPECT_INT(0, kg_ingest_index_of(one, reject));
    EXPECT_INT(KG_ERR_INVALID, kg_ingest_accept(one, &reject, 1, NULL));
    size_t three = 3;
    EXPECT_INT(KG_OK, kg_ingest_reject(one, &three, 1, NULL));
    kg_ingest_free(one);
    EXPECT(!kg_test_ask(store, "ASK { GRAPH <https://w3id.org/kgsh/staging/n1> { "
                       "<https://w3id.org/kgsh/staging/n1#p3> ?p ?o } }"));
    EXPECT(!kg_test_ask(store, "ASK { GRAPH <https://w3id.org/kgsh/staging/n1> { "
                       "<https://w3id.org/kgsh/staging/n1#p3-e1> ?p ?o } }"));
    kg_store_close(store);
}

static void ingest__names_with_fields_places_inside_names_and_founders(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    REQUIRE(ingest_text(&ing, store,
                        "Title: z\n\n"
                        "The Hong Kong Science and Technology Parks Corporation opened a lab.\n"
                        "In July, Nikkei Asia reported the opening.\n"
                        "Pudu Robotics and Horizon Robotics were there.\n"
                        "Lumacore Microelectronics, which was founded in 2014 by former Fudan University "
                        "researcher Wang Lei, designs chips.\n",
                        "t8") == KG_OK);
    const char *art = "https://w3id.org/kgsh/article/t8";
    /* "and" after a field word stays inside the name; between two names it does not */
    EXPECT(find(ing, KGR "hong-kong-science-and-technology-parks-corporation", KG_RDF "type", ONT "Company"));
    EXPECT(!find(ing, KGR "technology-parks-corporation", KG_RDF "type", ONT "Company"));
    EXPECT(find(ing, KGR "pudu-robotics", KG_RDF "type", ONT "Company"));
    EXPECT(find(ing, KGR "horizon-robotics", KG_RDF "type", ONT "Company"));
    /* the region ending "Nikkei Asia" is no mention of Asia */
    EXPECT(!find(ing, KGR "asia", ONT "mentionedIn", art));
    EXPECT(find(ing, KGR "lumacore-microelectronics", ONT "foundedBy", KGR "wang-lei"));
    kg_ingest_free(ing);
    kg_store_close(store);
}


/* Ingests text (dry run) with a rules file of the test's own, written to
 * the test's directory as file. */
static kg_status ingest_with_rules(kg_ingest **out, kg_store *store, const char *file, const char *rules_text,
                                   const char *stem, const char *text)
{
    char rules[4200];
    snprintf(rules, sizeof rules, "%s/%s", kg_test_tmpdir(), file);
    FILE *f = fopen(rules, "w");
    if (!f)
        return KG_ERR_IO;
    fputs(rules_text, f);
    fclose(f);
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = rules;
    o.stem = stem;
    o.dry_run = true;
    return kg_ingest_text(out, store, text, strlen(text), &o, NULL);
}

static const char acquired_rules[] = "suffix Company: Labs\n"
                                    "rule acquired 0.9\n"
                                    "    match {COMPANY:a} acquired|bought {COMPANY:b}\n"
                                    "    emit b kg:subsidiaryOf a\n";

static void rules__a_users_file_adds_a_relation_without_recompiling(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    const char *text = "Title: x\n\nAlpha Labs acquired Beta Labs last year.\n";
    REQUIRE(ingest_with_rules(&ing, store, "rules.txt", acquired_rules, "t6", text) == KG_OK);
    size_t k = find(ing, KGR "beta-labs", ONT "subsidiaryOf", KGR "alpha-labs");
    EXPECT(k);
    if (k)
        EXPECT_STR("acquired", kg_ingest_proposal(ing, k)->rule);
    kg_ingest_free(ing);
    kg_store_close(store);
}

/* The subject of the first proposal p o, or NULL. */
static const char *subject_of(const kg_ingest *ing, const char *p, const char *o)
{
    for (size_t k = 1; k <= kg_ingest_count(ing); k++) {
        const kg_proposal *pr = kg_ingest_proposal(ing, k);
        if (!strcmp(pr->predicate.value, p) && !strcmp(pr->object.value, o))
            return pr->subject.value;
    }
    return NULL;
}

/* Issue 23 (tests/data/ingest/news-prose-cues.txt): names news text shortens or cues without a suffix (a first
 * word, "appointed NAME", "NAME, who", "headquartered in", "-based", "a
 * joint venture, NAME,", a surname after a title, a name after a known
 * post), "for HK$" kept out of a name, a sister company of a shortened
 * name, an apposition between a subject and its verb, "the freight
 * forwarder" for the last company, an amount inside a plan's objective, two
 * plans joined by "and", and a date elsewhere in the sentence for its
 * agreements and listings ($all-deals, $all-measures). */
static void ingest__news_prose_cues_of_issue_23(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    kg_ingest_options o = opts();
    kg_error err = {0};
    REQUIRE(kg_ingest_file(&ing, store, src("tests/data/ingest/news-prose-cues.txt"), &o, &err) == KG_OK);
    const char *art = "https://w3id.org/kgsh/article/news-prose-cues";
    /* "for HK$" is no part of the name */
    EXPECT(find(ing, KGR "meridian-port-holdings", KG_RDF "type", ONT "Company"));
    EXPECT(!find(ing, KGR "meridian-port-holdings-for-hk", KG_RDF "type", ONT "Company"));
    /* "Meridian" later is the company, not a new one */
    EXPECT(!find(ing, KGR "meridian", KG_RDF "type", ONT "Company"));
    /* what follows the apposition is said of Meridian, not of Temasek */
    EXPECT(find(ing, KGR "meridian-port-holdings", ONT "hasOfficeIn", KGR "busan"));
    EXPECT(!find(ing, KGR "temasek-holdings", ONT "hasOfficeIn", KGR "busan"));
    EXPECT(find(ing, KGR "meridian-port-holdings", ONT "subsidiaryOf", KGR "temasek-holdings"));
    /* persons after "appointed", before ", who" */
    EXPECT(find(ing, KGR "daniel-lau", KG_RDF "type", ONT "Person"));
    EXPECT(find(ing, KGR "henry-cheung", KG_RDF "type", ONT "Person"));
    EXPECT(find(ing, KGR "li-qiang", KG_RDF "type", ONT "Person")); /* "resigned" after it */
    /* places after "headquartered in" and before "-based", which is not
     * part of the company's name */
    EXPECT(find(ing, KGR "kwai-chung", ONT "mentionedIn", art));
    EXPECT(find(ing, KGR "pacific-gateway-logistics", ONT "headquarteredIn", KGR "kwai-chung"));
    EXPECT(find(ing, KGR "nevadaville", ONT "mentionedIn", art));
    EXPECT(!find(ing, KGR "cantonese", ONT "mentionedIn", art));
    /* "a joint venture, NAME," names a company */
    EXPECT(find(ing, KGR "bay-link-cold-chain", KG_RDF "type", ONT "Company"));
    /* the date of the sentence dates its agreement and its listings */
    const char *deal = subject_of(ing, ONT "party", KGR "beta-holdings");
    EXPECT(deal && find(ing, deal, ONT "date", "2026-05-18"));
    const char *gamma = subject_of(ing, ONT "sanctions", KGR "gamma-technology");
    const char *delta = subject_of(ing, ONT "sanctions", KGR "delta-systems");
    EXPECT(gamma && find(ing, gamma, ONT "startDate", "2026-05-19"));
    EXPECT(delta && find(ing, delta, ONT "startDate", "2026-05-19"));
    /* a name after a known post; a title is no company; "the freight
     * forwarder"; a unit's name before "("; an age as an apposition */
    EXPECT(find(ing, KGR "algernon-yau", KG_RDF "type", ONT "Person"));
    EXPECT(!find(ing, KGR "innovation-and-technology", ONT "mentionedIn", art));
    EXPECT(find(ing, KGR "straits-cargo", ONT "subsidiaryOf", KGR "lion-city-logistics"));
    EXPECT(find(ing, KGR "straits-cargo", ONT "signedWith", KGR "kerry-warehouse"));
    EXPECT(find(ing, KGR "kerry-warehouse", ONT "subsidiaryOf", KGR "kerry-logistics-network"));
    EXPECT(subject_of(ing, ONT "post", KGR "deputy-director-of-lumen-research-institute") ||
           find(ing, KGR "angela-fung", ONT "formerlyHeldPost", KGR "deputy-director-of-lumen-research-institute"));
    /* a sister company of a shortened name; a surname after a title; an
     * amount in the objective; the second of two plans joined by "and" */
    EXPECT(find(ing, KGR "huaxin-international", KG_RDF "type", ONT "Company"));
    EXPECT(find(ing, KGR "huaxin-international", ONT "subsidiaryOf", KGR "huaxin-semiconductor"));
    EXPECT(find(ing, KGR "he-yadong", KG_RDF "type", ONT "Person"));
    const char *raise = subject_of(ing, ONT "currency", "CNY");
    EXPECT(raise && strstr(raise, "plan-to-raise-500-million-yuan-this-year-"));
    EXPECT(raise && !strstr(raise, "aims"));
    const char *office = subject_of(ing, ONT "planLocation", KGR "seoul");
    EXPECT(office && strstr(office, "plan-to-open-an-office-in-seoul"));
    kg_ingest_free(ing);
    kg_store_close(store);
}

/* Wordings the development articles d17-d28 (issue 23, session 8) showed
 * the reader missing, in tests/data/ingest/news-wordings.txt. */
static void ingest__wordings_of_session_8(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    kg_ingest_options o = opts();
    kg_error err = {0};
    REQUIRE(kg_ingest_file(&ing, store, src("tests/data/ingest/news-wordings.txt"), &o, &err) == KG_OK);
    /* "Five Chinese entities were added ... They are A, B and C, all
     * registered in Hong Kong, and Shenzhen-based D and E": each is listed,
     * with what the first sentence says, and both sentences are evidence;
     * the agency inside "the US Commerce Department's Bureau ..." is the
     * authority, not the department */
    const char *names[] = {"alder-electronics", "birch-components", "cedar-trading", "dogwood-microsystems",
                           "elm-photonics"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char iri[128];
        snprintf(iri, sizeof iri, KGR "%s", names[k]);
        const char *listing = subject_of(ing, ONT "sanctions", iri);
        EXPECT(listing);
        if (!listing)
            continue;
        EXPECT(find(ing, listing, ONT "programme", KGR "entity-list")); /* new: the store has only the ontology */
        EXPECT(find(ing, listing, ONT "authority", KGR "bureau-of-industry-and-security"));
        EXPECT(!find(ing, listing, ONT "authority", KGR "us-department-of-commerce"));
        EXPECT(find(ing, listing, ONT "startDate", "2026-11-24"));
        EXPECT(find(ing, listing, ONT "reason", "supplying drone parts"));
        size_t n = find(ing, listing, ONT "sanctions", iri);
        kg_evidence ev;
        EXPECT_INT(2, kg_ingest_proposal(ing, n)->n_evidence);
        EXPECT_INT(KG_OK, kg_ingest_evidence(&ev, ing, n, 1));
        EXPECT_INT(2, ev.sentence);
    }
    /* a second founder after "and"; "its chief executive, NAME," */
    EXPECT(find(ing, KGR "rahul-mehta", KG_RDF "type", ONT "Person"));
    EXPECT(find(ing, KGR "fir-retail", ONT "foundedBy", KGR "rahul-mehta"));
    EXPECT(find(ing, KGR "patrick-ng", KG_RDF "type", ONT "Person"));
    /* "in Shenzhen's Nanshan district" is in Nanshan; a plan to move
     * "from Dongguan to Vietnam" is in Vietnam */
    EXPECT(find(ing, KGR "hazel-payments", ONT "headquarteredIn", KGR "nanshan"));
    EXPECT(!find(ing, KGR "hazel-payments", ONT "headquarteredIn", KGR "shenzhen"));
    const char *move = subject_of(ing, ONT "planLocation", KGR "vietnam");
    EXPECT(move && !find(ing, move, ONT "planLocation", KGR "dongguan"));
    /* 51% is control, 15% a stake */
    EXPECT(find(ing, KGR "juniper-foods", ONT "subsidiaryOf", KGR "ivy-holdings"));
    EXPECT(find(ing, KGR "kestrel-capital", ONT "investsIn", KGR "juniper-foods"));
    EXPECT(!find(ing, KGR "juniper-foods", ONT "subsidiaryOf", KGR "kestrel-capital"));
    /* "has been acquired by B for M": done, with its amount */
    const char *deal = subject_of(ing, ONT "currency", "HKD");
    EXPECT(find(ing, KGR "larch-logistics", ONT "subsidiaryOf", KGR "maple-group"));
    EXPECT(deal && find(ing, deal, ONT "amount", "2300000000") && find(ing, deal, ONT "status", ONT "Completed"));
    /* "the ministry" is the Ministry of Commerce named the sentence before;
     * "was itself fined": a pattern's "has|had been?" reads "was" */
    const char *fine = subject_of(ing, ONT "sanctions", KGR "nova-metals");
    EXPECT(fine && find(ing, fine, ONT "authority", KGR "ministry-of-commerce") &&
           find(ing, fine, ONT "startDate", "2024"));
    EXPECT(find(ing, KGR "peter-chan", ONT "holdsPost", KGR "chief-financial-officer-of-jade-bank"));
    /* "Lingnan Holdings' parent": a plural possessive; "the Hong Kong-listed
     * firm" is the company named before */
    EXPECT(find(ing, KGR "lingnan-holdings", ONT "subsidiaryOf", KGR "guangdong-port-investment"));
    EXPECT(find(ing, KGR "orient-link-holdings", ONT "signedWith", KGR "qatar-freight-services"));
    /* patterns written without an article: "part of", "B's stake in A",
     * "the sanctions target A, B and C", "tied up with", "B's branches in",
     * "was named interim chief executive" (acting, not holding the post) */
    EXPECT(find(ing, KGR "lotus-logistics", ONT "subsidiaryOf", KGR "kowloon-holdings"));
    EXPECT(find(ing, KGR "maple-group", ONT "investsIn", KGR "cedar-foods"));
    EXPECT(subject_of(ing, ONT "sanctions", KGR "gamma-marine"));
    EXPECT(find(ing, KGR "omega-power", ONT "partnersWith", KGR "sigma-energy"));
    EXPECT(find(ing, KGR "jade-bank", ONT "hasOfficeIn", KGR "zhuhai"));
    const char *acting = subject_of(ing, ONT "holder", KGR "peter-chan");
    EXPECT(acting && find(ing, acting, ONT "holdingStatus", ONT "Acting"));
    /* "Beijing said" is the government (no mention of the city), "offices
     * in Shanghai and Beijing" the city: one sentence of evidence, the last */
    size_t beijing = find(ing, KGR "beijing", ONT "mentionedIn", "https://w3id.org/kgsh/article/news-wordings");
    kg_evidence bev;
    EXPECT(beijing && kg_ingest_proposal(ing, beijing)->n_evidence == 1);
    EXPECT(beijing && kg_ingest_evidence(&bev, ing, beijing, 0) == KG_OK && strstr(bev.text, "offices in"));
    /* a sentence opening with "Its" speaks of the company named last */
    EXPECT(find(ing, KGR "alan-yip", ONT "formerlyHeldPost", KGR "finance-director-of-nova-metals"));
    /* stakes: "takes a 20% stake in", "has sold its stake in X to B", "has
     * bought a stake in X for M" (a completed investment) */
    EXPECT(find(ing, KGR "sigma-insurance", ONT "investsIn", KGR "tau-semiconductor"));
    EXPECT(find(ing, KGR "maple-capital", ONT "investsIn", KGR "lotus-resorts"));
    const char *stake = subject_of(ing, ONT "amount", "300000000");
    EXPECT(stake && find(ing, KGR "omega-capital", ONT "plansTo", stake) &&
           find(ing, stake, ONT "status", ONT "Completed"));
    /* "has signed", "has reached a deal", "has spent": the auxiliary */
    EXPECT(find(ing, KGR "omega-power", ONT "signedWith", KGR "sigma-energy"));
    EXPECT(find(ing, KGR "kappa-holdings", ONT "signedWith", KGR "lambda-capital"));
    EXPECT(find(ing, KGR "zeta-power", ONT "hasOfficeIn", KGR "shenzhen"));
    EXPECT(find(ing, KGR "mu-holdings", ONT "signedWith", KGR "nu-capital"));
    const char *dated = subject_of(ing, ONT "party", KGR "iota-capital");
    EXPECT(dated && find(ing, dated, ONT "date", "2026-11-23"));
    kg_ingest_free(ing);
    kg_store_close(store);
}




/* Issue 20 point 8: modality from the rules file's status lists, due
 * dates on the sentence's plans, a weekday resolved against the article's
 * date, one node per listed company, and an agency's initials. */
static void rules__status_dates_and_one_node_per_listed_thing(void)
{
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    REQUIRE(ingest_with_rules(&ing, store, "rules-status.txt",
                              "suffix Company: Labs\n"
                              "suffix GovernmentAgency: Office\n"
                              "list not-a-name: The\n"
                              "list name-connector: of\n"
                              "list plan-verb: plans, hopes\n"
                              "list status-Planned: plans\n"
                              "list status-Hoped: hopes\n"
                              "rule plan 0.8\n"
                              "    match {COMPANY:a} [plan-verb:v] to {TEXT:obj}\n"
                              "    node p Plan \"{a} plan to {obj}\"\n"
                              "    emit a kg:plansTo @p\n"
                              "    emit @p kg:status status(v)\n"
                              "rule due 0.7\n"
                              "    match by {DATE:d}\n"
                              "    emit $all-plans kg:dueDate d\n"
                              "rule listed 0.8\n"
                              "    match {AGENCY:a} on {DATE:d} listed {COMPANY+:o}\n"
                              "    node s Sanction \"{o} listed by {a}\"\n"
                              "    emit @s kg:sanctions o\n"
                              "    emit @s kg:authority a\n"
                              "    emit @s kg:startDate d\n",
                              "t9",
                              "Title: x\nDate: 3 February 2026\n\n"
                              "Alpha Labs plans to open a lab by 2028.\n"
                              "Beta Labs hopes to grow.\n"
                              "The Office of Foreign Assets Control on Monday listed Gamma Labs and Delta Labs.\n"
                              "OFAC on Monday listed Epsilon Labs.\n") == KG_OK);
    const char *planned = subject_of(ing, ONT "status", ONT "Planned");
    const char *hoped = subject_of(ing, ONT "status", ONT "Hoped");
    REQUIRE(planned && hoped);
    EXPECT(find(ing, KGR "alpha-labs", ONT "plansTo", planned));
    EXPECT(find(ing, KGR "beta-labs", ONT "plansTo", hoped));
    EXPECT(find(ing, planned, ONT "dueDate", "2028"));
    EXPECT(!find(ing, hoped, ONT "dueDate", "2028"));
    /* two companies listed in one sentence: two sanctions, each of one */
    const char *gamma = subject_of(ing, ONT "sanctions", KGR "gamma-labs");
    const char *delta = subject_of(ing, ONT "sanctions", KGR "delta-labs");
    REQUIRE(gamma && delta);
    EXPECT(strcmp(gamma, delta) != 0);
    EXPECT(!find(ing, gamma, ONT "sanctions", KGR "delta-labs"));
    /* "on Monday" in an article of Tuesday 3 February 2026 */
    EXPECT(find(ing, gamma, ONT "startDate", "2026-02-02"));
    /* "OFAC" is the office named before */
    const char *epsilon = subject_of(ing, ONT "sanctions", KGR "epsilon-labs");
    REQUIRE(epsilon);
    EXPECT(find(ing, epsilon, ONT "authority", KGR "office-of-foreign-assets-control"));
    kg_ingest_free(ing);
    kg_store_close(store);
}

static void ingest__a_broken_rules_file_is_reported(void)
{
    char rules[4200];
    snprintf(rules, sizeof rules, "%s/rules.txt", kg_test_tmpdir());
    FILE *f = fopen(rules, "w");
    REQUIRE(f);
    fputs("list role: CEO\nrule r 0.5\n    match {WHO:x}\n    emit x kg:p x\n", f);
    fclose(f);
    kg_store *store = store_with(ontology_only);
    kg_ingest *ing = NULL;
    kg_error err = {0};
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = rules;
    EXPECT_INT(KG_ERR_SYNTAX, kg_ingest_text(&ing, store, "x", 1, &o, &err));
    EXPECT(ing == NULL);
    EXPECT_INT(3, err.line);
    EXPECT_CONTAINS(err.message, "WHO");
    kg_ingest_free(NULL);
    kg_store_close(store);
}

/* --- inputs that must not crash, hang or leak --- */

static size_t ingest_bytes(kg_store *store, const char *data, size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/input.txt", kg_test_tmpdir());
    FILE *f = fopen(path, "wb");
    if (!f)
        return (size_t)-1;
    fwrite(data, 1, len, f);
    fclose(f);
    kg_ingest *ing = NULL;
    kg_ingest_options o = opts();
    kg_error err = {0};
    kg_status st = kg_ingest_file(&ing, store, path, &o, &err);
    if (st)
        printf("# %s\n", err.message);
    size_t n = st ? (size_t)-1 : kg_ingest_count(ing);
    kg_ingest_free(ing);
    return n;
}

static void robust__empty_file_gives_nothing(void)
{
    kg_store *store = store_with(ontology_only);
    EXPECT_INT(0, ingest_bytes(store, "", 0));
    kg_store_close(store);
}

static void robust__binary_file_is_read_without_crashing(void)
{
    kg_store *store = store_with(ontology_only);
    char data[65536];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (char)(x >> 16);
    }
    EXPECT(ingest_bytes(store, data, sizeof data) != (size_t)-1);
    kg_store_close(store);
}

static void robust__invalid_utf8_is_repaired_not_fatal(void)
{
    kg_store *store = store_with(ontology_only);
    const char data[] = "Title: \xff\xfe\n\nHong\xc3 Kong \xe2\x80 is \xf0\x9f big.\n"
                        "Pudu Robotics \xc0\xaf opened an office in Hong Kong.\n";
    size_t n = ingest_bytes(store, data, sizeof data - 1);
    EXPECT(n != (size_t)-1 && n > 0);
    kg_store_close(store);
}

static void robust__sentence_without_entities_gives_nothing(void)
{
    kg_store *store = store_with(ontology_only);
    const char *text = "Title: nothing\n\nit was a quiet day and nobody said anything at all.\n";
    EXPECT_INT(0, ingest_bytes(store, text, strlen(text)));
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(ingest__proposes_things_and_relations_with_evidence),
    TEST(ingest__links_known_things_instead_of_duplicating),
    TEST(ingest__stages_proposals_out_of_sight_of_queries),
    TEST(accept__writes_triples_with_provenance_like_the_datasets),
    TEST(accept_and_reject__all_empty_the_staging_graph),
    TEST(resume__a_later_handle_accepts_what_an_earlier_one_staged),
    TEST(resume__numbers_run_on_across_articles_and_sessions),
    TEST(ingest__names_with_fields_places_inside_names_and_founders),
    TEST(ingest__news_prose_cues_of_issue_23),
    TEST(ingest__wordings_of_session_8),
    TEST(rules__a_users_file_adds_a_relation_without_recompiling),
    TEST(rules__status_dates_and_one_node_per_listed_thing),
    TEST(ingest__a_broken_rules_file_is_reported),
    TEST(robust__empty_file_gives_nothing),
    TEST(robust__binary_file_is_read_without_crashing),
    TEST(robust__invalid_utf8_is_repaired_not_fatal),
    TEST(robust__sentence_without_entities_gives_nothing),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
