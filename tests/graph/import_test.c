/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/import_test.c - importing screening lists: the CSV reader,
 * name normalisation and resolution rules, the four bundled lists imported
 * into a store holding the bundled ontology and articles (listings attach
 * to the article nodes, ended rows kept, re-import changes nothing,
 * articles untouched), malformed rows reported with their line, and links
 * recorded with their method and undone. */
#include "bundled.h"
#include "ingest/csv.h"
#include "ingest/listmap.h"
#include "ingest/resolve.h"
#include "kg/import.h"
#include "kg/io.h"
#include "query_support.h"
#include "test.h"

#define PREFIXES                                                                                   \
    "PREFIX kg: <https://w3id.org/kgsh/ontology#> PREFIX kgr: <https://w3id.org/kgsh/id/> "        \
    "PREFIX kgi: <https://w3id.org/kgsh/import#> "                                                 \
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "                                        \
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "                                   \
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "

typedef struct list_file {
    const char *csv, *name;
} list_file;

static const list_file bundled_lists[] = {
    {"us_dod_1260h_chinese_military_companies.csv", "us-dod-1260h"},
    {"us_ndaa_fy2024_section_154_battery_makers.csv", "us-ndaa-154"},
    {"us_ndaa_fy2019_section_889_telecom_video.csv", "us-ndaa-889"},
    {"us_csl_listed_affiliates.csv", "us-csl-affiliates"},
};

/* Notes (skipped rows, candidates) as text, one per line. */
static char notes[8192];

static void collect_note(void *ctx, const kg_import_note *n)
{
    (void)ctx;
    size_t len = strlen(notes);
    if (n->kind == KG_IMPORT_ROW_SKIPPED)
        snprintf(notes + len, sizeof notes - len, "line %lu: %s\n", n->line, n->message);
    else
        snprintf(notes + len, sizeof notes - len, "candidate %s: %s\n", n->listed_name,
                 n->candidate->value);
}

static kg_status import_list(kg_store *store, const char *csv, const char *name,
                             kg_import_stats *stats)
{
    char csv_path[4300], map_path[4300];
    snprintf(csv_path, sizeof csv_path, "%s", bt_path("datasets/lists/"));
    strncat(csv_path, csv, sizeof csv_path - strlen(csv_path) - 1);
    snprintf(map_path, sizeof map_path, "%s%s.map", bt_path("datasets/lists/"), name);
    kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
    opts.name = name;
    opts.mapping_path = map_path;
    opts.note = collect_note;
    kg_status st = kg_import_list(store, csv_path, &opts, stats);
    if (st != KG_OK) {
        char buf[2048];
        printf("# import %s: %s\n", name, kg_error_format(kg_store_error(store), buf, sizeof buf));
    }
    return st;
}

/* The bundled store with the four lists imported. */
static kg_store *store_with_lists(void)
{
    kg_store *store = bt_bundled_store(NULL);
    notes[0] = '\0';
    for (size_t i = 0; store && i < sizeof bundled_lists / sizeof bundled_lists[0]; i++) {
        if (import_list(store, bundled_lists[i].csv, bundled_lists[i].name, NULL) != KG_OK) {
            kg_store_close(store);
            return NULL;
        }
    }
    return store;
}

/* ---- the CSV reader ------------------------------------------------------ */

static void csv__quotes_newlines_crlf_and_bom(void)
{
    const char *text = "\xEF\xBB\xBF"
                       "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",\r\n\nlast,row";
    kg_csv csv;
    kg_csv_init(&csv, text, strlen(text));
    unsigned long line;
    char why[256];
    REQUIRE(kg_csv_next(&csv, &line, why, sizeof why) == KG_CSV_RECORD);
    EXPECT_INT(1, line);
    EXPECT_STR("a", kg_csv_field(&csv, 0));
    REQUIRE(kg_csv_next(&csv, &line, why, sizeof why) == KG_CSV_RECORD);
    EXPECT_INT(2, kg_csv_count(&csv));
    EXPECT_STR("x, y", kg_csv_field(&csv, 0));
    EXPECT_STR("say \"hi\"", kg_csv_field(&csv, 1));
    REQUIRE(kg_csv_next(&csv, &line, why, sizeof why) == KG_CSV_RECORD);
    EXPECT_INT(3, line);
    EXPECT_STR("two\nlines", kg_csv_field(&csv, 0));
    EXPECT_STR("", kg_csv_field(&csv, 1));
    REQUIRE(kg_csv_next(&csv, &line, why, sizeof why) == KG_CSV_RECORD);
    EXPECT_INT(6, line); /* the blank line 5 is skipped */
    EXPECT_STR("row", kg_csv_field(&csv, 1));
    EXPECT_INT(KG_CSV_END, kg_csv_next(&csv, &line, why, sizeof why));
    kg_csv_free(&csv);
}

static void csv__malformed_records_report_their_line_and_reading_goes_on(void)
{
    const char *text = "ok,1\nbad\"quote,2\n\"closed\"junk,3\nbad \xC3\x28 utf8,4\n"
                       "\"never closed,5\nfine,6\n";
    kg_csv csv;
    kg_csv_init(&csv, text, strlen(text));
    unsigned long line;
    char why[256];
    EXPECT_INT(KG_CSV_RECORD, kg_csv_next(&csv, &line, why, sizeof why));
    EXPECT_INT(KG_CSV_MALFORMED, kg_csv_next(&csv, &line, why, sizeof why));
    EXPECT_INT(2, line);
    EXPECT_CONTAINS(why, "quote inside an unquoted field");
    EXPECT_INT(KG_CSV_MALFORMED, kg_csv_next(&csv, &line, why, sizeof why));
    EXPECT_INT(3, line);
    EXPECT_CONTAINS(why, "after the closing quote");
    EXPECT_INT(KG_CSV_MALFORMED, kg_csv_next(&csv, &line, why, sizeof why));
    EXPECT_INT(4, line);
    EXPECT_CONTAINS(why, "invalid UTF-8");
    EXPECT_INT(KG_CSV_MALFORMED, kg_csv_next(&csv, &line, why, sizeof why));
    EXPECT_INT(5, line);
    EXPECT_CONTAINS(why, "never closed");
    REQUIRE(kg_csv_next(&csv, &line, why, sizeof why) == KG_CSV_RECORD);
    EXPECT_INT(6, line);
    EXPECT_STR("fine", kg_csv_field(&csv, 0));
    EXPECT_INT(KG_CSV_END, kg_csv_next(&csv, &line, why, sizeof why));
    kg_csv_free(&csv);
}

/* ---- mapping files -------------------------------------------------------- */

static void listmap__unknown_key_and_missing_key_are_reported(void)
{
    kg_listmap map;
    kg_error err = {0};
    EXPECT_INT(KG_ERR_SYNTAX, kg_listmap_read(&map, bt_path("tests/data/lists/bad-key.map"), &err));
    EXPECT_CONTAINS(err.message, "unknown key \"colour\"");
    EXPECT_INT(3, err.line);
    const char *text = "kind = Designation\nname = Name\n";
    EXPECT_INT(KG_ERR_SYNTAX, kg_listmap_parse(&map, text, strlen(text), "t.map", &err));
    EXPECT_CONTAINS(err.message, "\"programme\" is missing");
    text = "kind = Freeze\n";
    EXPECT_INT(KG_ERR_SYNTAX, kg_listmap_parse(&map, text, strlen(text), "t.map", &err));
    EXPECT_CONTAINS(err.message, "kind: not one of the classes");
}

static void listmap__bundled_mappings_expand_iris_and_classes(void)
{
    kg_listmap map;
    kg_error err = {0};
    REQUIRE(kg_listmap_read(&map, bt_path("datasets/lists/us-dod-1260h.map"), &err) == KG_OK);
    EXPECT_STR("https://w3id.org/kgsh/ontology#Designation", map.kind);
    EXPECT_STR("https://w3id.org/kgsh/id/us-department-of-defense", map.authority);
    EXPECT_STR("Clean Name", map.name);
    EXPECT_INT(2, map.alias.n);
    EXPECT_STR("Previous Name", map.alias.v[1]);
    kg_listmap_free(&map);
}

/* ---- names ------------------------------------------------------------------ */

static const char *norm(const char *name, bool strip)
{
    static char out[256];
    kg_name_normalise(name, strip, out, sizeof out);
    return out;
}

static void normalise__case_punctuation_legal_forms_and_short_names(void)
{
    EXPECT_STR("contemporary amperex technology",
               norm("Contemporary Amperex Technology Co., Ltd. (CATL)", true));
    EXPECT_STR("contemporary amperex technology",
               norm("Contemporary Amperex Technology Company, Limited", true));
    EXPECT_STR("contemporary amperex technology co ltd",
               norm("Contemporary Amperex Technology Co., Ltd. (CATL)", false));
    EXPECT_STR("cloudwalk technology", norm("CloudWalk Technology Co., Ltd (CloudWalk)*", true));
    EXPECT_STR("baidu", norm("Baidu, Inc.", true));
    EXPECT_STR("baidu ai cloud", norm("Baidu AI Cloud", true));
    EXPECT_STR("sensetime", norm("SenseTime Group, Inc.", true));
    EXPECT_STR("huawei digital technologies suzhou",
               norm("Huawei Digital Technologies (Suzhou) Co., Ltd.", true));
    EXPECT_STR("xian aircraft industry", norm("Xi\xE2\x80\x99"
                                              "an Aircraft Industry Group Co., Ltd.",
                                              true));
    EXPECT_STR("guangzhou gci science and technology",
               norm("Guangzhou GCI Science & Technology Co., Ltd.", true));
    EXPECT_STR("group", norm("Group", true)); /* a name is never stripped to nothing */
    char slug[64];
    kg_name_slug("contemporary amperex technology", slug, sizeof slug);
    EXPECT_STR("contemporary-amperex-technology", slug);
    const char *s;
    size_t len;
    REQUIRE(kg_name_short("Contemporary Amperex Technology Co., Ltd. (CATL)*", &s, &len));
    EXPECT_INT(4, len);
    EXPECT(strncmp(s, "CATL", 4) == 0);
    EXPECT(!kg_name_short("Huawei Digital Technologies (Suzhou) Co., Ltd.", &s, &len));
}

static void resolve__rules_in_order_and_no_silent_guess(void)
{
    kg_resolver *r = kg_resolver_new();
    REQUIRE(r);
    kg_resolver_add(r, 1, "Contemporary Amperex Technology", true);
    kg_resolver_add(r, 1, "CATL", false);
    kg_resolver_add(r, 2, "Baidu AI Cloud", true);
    kg_resolver_add(r, 3, "iFLYTEK", true);
    kg_resolver_add(r, 3, "Xunfei", false);
    kg_resolution res;
    kg_resolver_match(r, "Contemporary Amperex Technology", NULL, 0, 0, &res);
    EXPECT_INT(KG_LINK_EXACT, res.method);
    kg_resolver_match(r, "Contemporary Amperex Technology Co., Ltd.", NULL, 0, 0, &res);
    EXPECT_INT(KG_LINK_NORMALISED, res.method);
    EXPECT_INT(1, res.entity);
    const char *aliases[] = {"Xunfei"};
    kg_resolver_match(r, "Anhui USTC iFlytek Co., Ltd.", aliases, 1, 0, &res);
    EXPECT_INT(KG_LINK_ALIAS, res.method);
    EXPECT_INT(3, res.entity);
    kg_resolver_match(r, "Baidu, Inc.", NULL, 0, 0, &res);
    EXPECT_INT(KG_LINK_NEW, res.method); /* a part of Baidu is not Baidu */
    EXPECT_INT(1, res.n_candidates);
    EXPECT_INT(2, res.candidates[0]);
    kg_resolver_match(r, "Contemporary Amperex Technology Co., Ltd.", NULL, 0, 1, &res);
    EXPECT_INT(KG_LINK_NEW, res.method); /* excluded: the row's own parent */
    kg_resolver_add(r, 4, "Contemporary Amperex Technology Limited", true);
    kg_resolver_match(r, "Contemporary Amperex Technology Ltd", NULL, 0, 0, &res);
    EXPECT_INT(KG_LINK_NEW, res.method); /* two equally good: shown, not merged */
    EXPECT_INT(2, res.n_candidates);
    kg_resolver_reject(r, "CATL Co.", 1);
    kg_resolver_match(r, "CATL Co.", NULL, 0, 0, &res);
    EXPECT(res.method == KG_LINK_NEW || res.entity != 1);
    kg_resolver_free(r);
}

/* ---- importing the bundled lists ---------------------------------------- */

static void import__catl_cloudwalk_baidu_listings_attach_to_article_nodes(void)
{
    kg_store *store = store_with_lists();
    REQUIRE(store);
    EXPECT_STR("n=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      PREFIXES
                      "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Company ; rdfs:label ?l "
                      "FILTER(CONTAINS(LCASE(STR(?l)), 'amperex')) }",
                      false));
    EXPECT_STR("d=\"2025-01-07\"^^<http://www.w3.org/2001/XMLSchema#date> "
               "u=\"https://media.defense.gov/2025/Jan/07/2003625471/-1/-1/1/"
               "ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES."
               "PDF\"^^<http://www.w3.org/2001/XMLSchema#anyURI>\n"
               "d=\"2026-06-08\"^^<http://www.w3.org/2001/XMLSchema#date> "
               "u=\"https://media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/"
               "ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES-"
               "IN-ACCORDANCE-WITH-SECTION-1260H.PDF\"^^<http://www.w3.org/2001/XMLSchema#anyURI>",
               qt_run(store,
                      PREFIXES "SELECT ?d ?u WHERE { ?s a kg:Designation ; kg:sanctions kgr:catl ; "
                               "kg:startDate ?d ; kg:sourceUrl ?u ; kg:authority "
                               "kgr:us-department-of-defense }",
                      false));
    EXPECT_STR("d=\"2027-10-01\"^^<http://www.w3.org/2001/XMLSchema#date>",
               qt_run(store,
                      PREFIXES "SELECT ?d WHERE { ?s a kg:ProcurementBan ; kg:sanctions kgr:catl ; "
                               "kg:startDate ?d ; kg:programme kgr:us-ndaa-fy2024-section-154 }",
                      false));
    EXPECT_STR("d=\"2022-10-05\"^^<http://www.w3.org/2001/XMLSchema#date>\n"
               "d=\"2025-01-07\"^^<http://www.w3.org/2001/XMLSchema#date>\n"
               "d=\"2026-06-08\"^^<http://www.w3.org/2001/XMLSchema#date>",
               qt_run(store,
                      PREFIXES
                      "SELECT ?d WHERE { ?s kg:sanctions kgr:cloudwalk ; kg:startDate ?d }",
                      false));
    /* Baidu, Inc. is not Baidu AI Cloud: its own node, the article node
     * shown as a candidate */
    EXPECT_STR("e=<https://w3id.org/kgsh/id/baidu> m=\"new\"",
               qt_run(store,
                      PREFIXES "SELECT ?e ?m WHERE { ?l kgi:listedName \"Baidu, Inc.\" ; "
                               "kgi:entity ?e ; kgi:method ?m ; kgi:candidate kgr:baidu-ai-cloud }",
                      false));
    EXPECT_STR("false",
               qt_run(store, PREFIXES "ASK { ?s kg:sanctions kgr:baidu-ai-cloud }", false));
    EXPECT_STR("d=\"2026-06-08\"^^<http://www.w3.org/2001/XMLSchema#date>",
               qt_run(store,
                      PREFIXES "SELECT ?d WHERE { ?s kg:sanctions kgr:baidu ; kg:startDate ?d }",
                      false));
    EXPECT_CONTAINS(notes, "candidate Baidu, Inc.: https://w3id.org/kgsh/id/baidu-ai-cloud");
    /* iFLYTEK keeps what its article says, and nothing from these lists */
    EXPECT_STR(
        "k=<https://w3id.org/kgsh/ontology#ExportControlListing>",
        qt_run(store, PREFIXES "SELECT ?k WHERE { ?s kg:sanctions kgr:iflytek ; a ?k }", false));
    kg_store_close(store);
}

static void import__ended_rows_are_kept_and_marked_ended(void)
{
    kg_store *store = store_with_lists();
    REQUIRE(store);
    EXPECT_STR("s=\"2024-01-31\"^^<http://www.w3.org/2001/XMLSchema#date> "
               "e=\"2025-01-07\"^^<http://www.w3.org/2001/XMLSchema#date>",
               qt_run(store,
                      PREFIXES "SELECT ?s ?e WHERE { ?x kg:sanctions ?m ; kg:startDate ?s ; "
                               "kg:endDate ?e . ?m rdfs:label \"Beijing Megvii Technology Co., "
                               "Ltd.\" }",
                      false));
    EXPECT_STR("n=\"21\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      PREFIXES
                      "SELECT (COUNT(*) AS ?n) WHERE { ?x a kg:Designation ; kg:endDate ?e }",
                      false));
    EXPECT_STR("n=\"397\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      PREFIXES "SELECT (COUNT(*) AS ?n) WHERE { GRAPH "
                               "<https://w3id.org/kgsh/list/us-dod-1260h> { ?r a kgi:ListRow } }",
                      false));
    kg_store_close(store);
}

static void import__parent_names_become_subsidiary_links_with_their_row(void)
{
    kg_store *store = store_with_lists();
    REQUIRE(store);
    EXPECT_STR("l=\"China Electronics Technology Group Corporation\"",
               qt_run(store,
                      PREFIXES "SELECT ?l WHERE { ?h rdfs:label \"Hangzhou Hikvision Digital "
                               "Technology Co., Ltd.\" ; kg:subsidiaryOf ?p . ?p rdfs:label ?l }",
                      false));
    EXPECT_STR("true",
               qt_run(store,
                      PREFIXES "ASK { ?st rdf:subject ?h ; rdf:predicate kg:subsidiaryOf ; "
                               "<http://www.w3.org/ns/prov#wasDerivedFrom> ?row . ?row "
                               "kgi:line ?line . ?h rdfs:label \"Hangzhou Hikvision Digital "
                               "Technology Co., Ltd.\" }",
                      false));
    /* Huawei: one node for the 889 ban and the CSL affiliates' parent */
    EXPECT_STR("n=\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
               qt_run(store,
                      PREFIXES "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?a kg:subsidiaryOf ?p . "
                               "?s a kg:ProcurementBan ; kg:sanctions ?p . ?p rdfs:label ?l "
                               "FILTER(STRSTARTS(?l, 'Huawei')) }",
                      false));
    kg_store_close(store);
}

static void import__same_list_twice_changes_nothing_and_articles_stay_untouched(void)
{
    kg_store *store = bt_bundled_store(NULL);
    REQUIRE(store);
    const char *article = "https://w3id.org/kgsh/article/000-seventeen-companies-sign-oases-deal";
    uint64_t article_quads, article_quads_after;
    uint64_t article_digest = bt_digest(store, article, &article_quads);
    for (size_t i = 0; i < sizeof bundled_lists / sizeof bundled_lists[0]; i++)
        REQUIRE(import_list(store, bundled_lists[i].csv, bundled_lists[i].name, NULL) == KG_OK);
    uint64_t quads, quads_again;
    uint64_t digest = bt_digest(store, NULL, &quads);
    kg_import_stats stats;
    for (size_t i = 0; i < sizeof bundled_lists / sizeof bundled_lists[0]; i++)
        REQUIRE(import_list(store, bundled_lists[i].csv, bundled_lists[i].name, &stats) == KG_OK);
    EXPECT_INT(quads, kg_store_size(store));
    EXPECT(digest == bt_digest(store, NULL, &quads_again));
    EXPECT_INT(quads, quads_again);
    EXPECT(article_digest == bt_digest(store, article, &article_quads_after));
    EXPECT_INT(article_quads, article_quads_after);
    EXPECT_INT(54, stats.rows); /* the last list: the CSL affiliates */
    EXPECT_INT(54, stats.imported);
    EXPECT_INT(0, stats.skipped);
    kg_store_close(store);
}

static void import__malformed_rows_reported_with_line_rest_imports(void)
{
    kg_store *store = bt_bundled_store(NULL);
    REQUIRE(store);
    notes[0] = '\0';
    kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
    opts.name = "test-malformed";
    opts.mapping_path = bt_path("tests/data/lists/malformed.map");
    opts.note = collect_note;
    kg_import_stats stats;
    REQUIRE(kg_import_list(store, bt_path("tests/data/lists/malformed.csv"), &opts, &stats) ==
            KG_OK);
    EXPECT_INT(9, stats.rows);
    EXPECT_INT(5, stats.imported);
    EXPECT_INT(4, stats.skipped);
    EXPECT_CONTAINS(notes, "line 5: a quote inside an unquoted field");
    EXPECT_CONTAINS(notes, "line 6: \"not a date\" is not a date");
    EXPECT_CONTAINS(notes, "line 7: the row has 4 fields, the header 6");
    EXPECT_CONTAINS(notes, "line 10: invalid UTF-8");
    EXPECT_STR("n=\"Gamma Systems, Inc.\" l=\"Alpha Widgets Co., Ltd.\"",
               qt_run(store,
                      PREFIXES
                      "SELECT ?n ?l WHERE { GRAPH <https://w3id.org/kgsh/list/test-malformed> "
                      "{ ?g rdfs:label ?n ; kg:subsidiaryOf ?p . ?p rdfs:label ?l } }",
                      false));
    EXPECT_STR("n=\"Alpha Widgets Co., Ltd.\"\n"
               "n=\"Beta \\\"Quoted\\\" Holdings\"\n"
               "n=\"Eta\\r\\nMultiline Ltd.\"\n"
               "n=\"Gamma Systems, Inc.\"\n"
               "n=\"Iota Limited\"",
               qt_run(store,
                      PREFIXES
                      "SELECT ?n WHERE { GRAPH <https://w3id.org/kgsh/list/test-malformed> "
                      "{ ?s kg:sanctions ?e . ?e rdfs:label ?n } }",
                      false));
    EXPECT_STR("d=\"2024-01\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>\n"
               "d=\"2027-10-01\"^^<http://www.w3.org/2001/XMLSchema#date>",
               qt_run(store,
                      PREFIXES "SELECT ?d WHERE { ?s kg:programme kgr:test-malformed-list ; "
                               "kg:startDate ?d FILTER(STR(?d) != \"2024-01-31\") }",
                      false));
    /* a column the mapping names but the header lacks fails the whole import */
    opts.mapping_path = bt_path("tests/data/lists/bad-column.map");
    uint64_t before = kg_store_size(store);
    EXPECT_INT(KG_ERR_INVALID,
               kg_import_list(store, bt_path("tests/data/lists/malformed.csv"), &opts, NULL));
    EXPECT_CONTAINS(kg_store_error(store)->message, "\"Company Name\"");
    EXPECT_INT(before, kg_store_size(store));
    kg_store_close(store);
}

/* ---- links ------------------------------------------------------------------ */

typedef struct link_text {
    char text[16384];
} link_text;

static int print_link(void *ctx, const kg_link *l)
{
    link_text *t = ctx;
    size_t len = strlen(t->text);
    if (l->method != KG_LINK_NEW || l->candidates)
        snprintf(t->text + len, sizeof t->text - len, "%s|%s|%s|%s|%zu\n", l->list, l->listed_name,
                 kg_link_method_name(l->method), l->entity->value, l->candidates);
    return 0;
}

static void links__recorded_with_method_and_undoable(void)
{
    kg_store *store = store_with_lists();
    REQUIRE(store);
    static link_text t;
    t.text[0] = '\0';
    REQUIRE(kg_links_list(store, NULL, print_link, &t) == KG_OK);
    EXPECT_CONTAINS(t.text, "us-dod-1260h|Contemporary Amperex Technology Co., Ltd.|normalised|"
                            "https://w3id.org/kgsh/id/catl|0\n");
    EXPECT_CONTAINS(t.text, "us-dod-1260h|CloudWalk Technology Co., Ltd|normalised|"
                            "https://w3id.org/kgsh/id/cloudwalk|0\n");
    EXPECT_CONTAINS(t.text, "us-ndaa-154|Contemporary Amperex Technology Company, Limited|"
                            "normalised|https://w3id.org/kgsh/id/catl|0\n");
    EXPECT_CONTAINS(t.text, "us-dod-1260h|Baidu, Inc.|new|https://w3id.org/kgsh/id/baidu|1\n");
    /* undo the 1260H link of CATL: its listings move to a node of their own */
    EXPECT_INT(KG_OK, kg_links_unlink(store, "us-dod-1260h",
                                      "Contemporary Amperex Technology Co., Ltd.", NULL, NULL));
    EXPECT_STR("d=\"2027-10-01\"^^<http://www.w3.org/2001/XMLSchema#date>",
               qt_run(store,
                      PREFIXES "SELECT ?d WHERE { ?s kg:sanctions kgr:catl ; kg:startDate ?d }",
                      false));
    EXPECT_STR("e=<https://w3id.org/kgsh/id/contemporary-amperex-technology>",
               qt_run(store,
                      PREFIXES "SELECT DISTINCT ?e WHERE { ?s a kg:Designation ; kg:sanctions ?e . "
                               "?e rdfs:label \"Contemporary Amperex Technology Co., Ltd.\" }",
                      false));
    /* the decision holds for the next import of the list */
    REQUIRE(import_list(store, bundled_lists[0].csv, bundled_lists[0].name, NULL) == KG_OK);
    EXPECT_STR(
        "false",
        qt_run(store, PREFIXES "ASK { ?s a kg:Designation ; kg:sanctions kgr:catl }", false));
    EXPECT_INT(KG_ERR_INVALID, kg_links_unlink(store, "us-dod-1260h", "Baidu, Inc.", NULL, NULL));
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_links_unlink(store, "us-dod-1260h", "No Such Co.", NULL, NULL));
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_links_unlink(store, "no-such-list", "Baidu, Inc.", NULL, NULL));
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(csv__quotes_newlines_crlf_and_bom),
    TEST(csv__malformed_records_report_their_line_and_reading_goes_on),
    TEST(listmap__unknown_key_and_missing_key_are_reported),
    TEST(listmap__bundled_mappings_expand_iris_and_classes),
    TEST(normalise__case_punctuation_legal_forms_and_short_names),
    TEST(resolve__rules_in_order_and_no_silent_guess),
    TEST(import__catl_cloudwalk_baidu_listings_attach_to_article_nodes),
    TEST(import__ended_rows_are_kept_and_marked_ended),
    TEST(import__parent_names_become_subsidiary_links_with_their_row),
    TEST(import__same_list_twice_changes_nothing_and_articles_stay_untouched),
    TEST(import__malformed_rows_reported_with_line_rest_imports),
    TEST(links__recorded_with_method_and_undoable),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
