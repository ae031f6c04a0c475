/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/input_test.c - the files analysts save and follow, read as
 * articles (kg_articles_read in kg/ingest.h): saved web pages of three
 * site layouts (an <article> page, an itemprop="articleBody" page with
 * JSON-LD, a table layout in Windows-1252) with navigation, ads, share
 * bars, comment sections and related-links lists around the article, a
 * GB18030 page, a Windows-1252 text, an RSS and an Atom feed; binary data,
 * a page without an article and a broken feed refused with a message that
 * names the file; and, for every one of them, evidence offsets exact
 * against the text kgsh shows (tests/data/ingest-input). */
#include "kg/ingest.h" /* first: the public header compiles alone */

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/checks.h"
#include "kg/io.h"
#include "kg/store.h"
#include "test.h"

static const char *data(const char *name)
{
    static char buf[4][4200];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/ingest-input/%s", kg_test_data_dir(), name);
    return p;
}

static kg_articles *read_ok(const char *name)
{
    kg_articles *a = NULL;
    kg_error err = {0};
    if (kg_articles_read(&a, data(name), &err) != KG_OK)
        printf("# %s: %s\n", name, err.message);
    return a;
}

/* The single article of a file, or NULL. */
static const kg_article *only(kg_articles *a)
{
    return a && kg_articles_count(a) == 1 ? kg_articles_get(a, 1) : NULL;
}

#define EXPECT_LACKS(text, needle)                                                                 \
    do {                                                                                           \
        if (strstr((text), (needle)))                                                              \
            TEST_FAIL_AT("the article's text has the page furniture \"%s\"", (needle));            \
    } while (0)

static void html__article_element_page_keeps_the_story_and_drops_the_furniture(void)
{
    kg_articles *a = read_ok("site-a.html");
    const kg_article *art = only(a);
    REQUIRE(art);
    EXPECT_INT(KG_ARTICLE_HTML, art->format);
    EXPECT_STR("site-a", art->stem);
    EXPECT_STR("https://ledger.example/tech/zentrix-lab", art->link);
    EXPECT_STR("Title: Zentrix Robotics to open research lab in Hong Kong\n" /* og:title, not <title> */
               "Publisher: The Harbour Ledger\n"
               "Date: 2026-03-02\n"
               "Source: https://ledger.example/tech/zentrix-lab\n"
               "\n"
               "Zentrix Robotics, a Shenzhen-based drone maker, said on Monday it would open a "
               "research centre in Hong Kong Science Park.\n"
               "The company plans to hire 120 engineers in the city over the next three years, its "
               "chief executive Lin Qiao told reporters.\n"
               "Zentrix Robotics was founded in 2019 and makes inspection drones for power companies "
               "across the Greater Bay Area.\n",
               art->text);
    kg_articles_free(a);
}

static void html__article_body_page_reads_json_ld_and_drops_ads_and_links(void)
{
    kg_articles *a = read_ok("site-b.html");
    const kg_article *art = only(a);
    REQUIRE(art);
    EXPECT_CONTAINS(art->text, "Title: Voltcell Energy expands battery plant in Zhuhai\n"
                               "Publisher: Pearl River Wire\n"
                               "Date: 2026-02-14\n"
                               "Source: https://prw.example/2026/02/voltcell-zhuhai\n\n");
    EXPECT_CONTAINS(art->text, "will invest 2 billion yuan to expand its plant in Zhuhai");
    EXPECT_CONTAINS(art->text, "Chairman Deng Hui said demand");
    static const char *const furniture[] = {"ADVERTISEMENT", "Read more", "Related", "Zhuhai opens new port",
                                            "Reader123", "Sign up", "About us", "Log in", NULL};
    for (const char *const *f = furniture; *f; f++)
        EXPECT_LACKS(art->text, *f);
    kg_articles_free(a);
}

static void html__table_layout_in_windows_1252_finds_the_densest_block(void)
{
    kg_articles *a = read_ok("site-c-cp1252.html");
    const kg_article *art = only(a);
    REQUIRE(art);
    /* the meta charset converted: en dash, euro, curly quotes, e acute */
    EXPECT_CONTAINS(art->text, "Title: Macau News Daily \xE2\x80\x93 Lisboa Gaming fined\nDate: 2026-01-20\n\n");
    EXPECT_CONTAINS(art->text, "was fined \xE2\x82\xAC" "2 million by the Gaming Inspection");
    EXPECT_CONTAINS(art->text, "the \xE2\x80\x9Csource of funds\xE2\x80\x9D of clients");
    EXPECT_CONTAINS(art->text, "Chief executive Andr\xC3\xA9 Sousa said");
    static const char *const furniture[] = {"Front page", "Business", "Your views", "Terrible", "Contact", NULL};
    for (const char *const *f = furniture; *f; f++)
        EXPECT_LACKS(art->text, *f);
    kg_articles_free(a);
}

static void html__gb18030_page_is_converted_to_utf8(void)
{
    kg_articles *a = read_ok("page-gb18030.html");
    const kg_article *art = only(a);
    REQUIRE(art);
    /* the og:title and og:site_name in Chinese, now UTF-8 */
    EXPECT_CONTAINS(art->text, "Title: \xE6\xB7\xB1\xE5\x9C\xB3\xE6\x97\xA0\xE4\xBA\xBA\xE6\x9C\xBA"
                               "\xE5\x85\xAC\xE5\x8F\xB8\xE5\x9C\xA8\xE9\xA6\x99\xE6\xB8\xAF\xE8\xAE"
                               "\xBE\xE7\xAB\x8B\xE7\xA0\x94\xE5\x8F\x91\xE4\xB8\xAD\xE5\xBF\x83\n"
                               "Publisher: \xE5\x8D\x97\xE6\x96\xB9\xE7\xA7\x91\xE6\x8A\x80\xE6\x8A\xA5\n");
    EXPECT_CONTAINS(art->text, "\xE9\xA6\x99\xE6\xB8\xAF\xE7\xA7\x91\xE5\xAD\xA6\xE5\x9B\xAD"); /* Hong Kong Science Park */
    EXPECT_CONTAINS(art->text, "Skyfin Technology, a Shenzhen-based drone maker");
    EXPECT_LACKS(art->text, "\xE7\x89\x88\xE6\x9D\x83"); /* "copyright", the footer */
    kg_articles_free(a);
}

/* A GB18030 page whose bytes stop being GB18030 half way (found by
 * fuzz_articles): it is read as far as it converts, and libxml2's
 * "encoding error" messages do not reach the program's stderr (libkg
 * never prints). */
static void html__page_whose_encoding_breaks_is_read_without_printing(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/stderr", kg_test_tmpdir());
    fflush(stderr);
    int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    kg_articles *a = read_ok("page-gb18030-broken.html");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    const kg_article *art = only(a);
    EXPECT(art != NULL);
    if (art)
        EXPECT_CONTAINS(art->text, "Skyfin Technology, a Shenzhen-based drone maker");
    kg_articles_free(a);
    struct stat st;
    REQUIRE(stat(path, &st) == 0);
    EXPECT_INT(0, st.st_size);
}

static void text__windows_1252_file_is_converted_to_utf8(void)
{
    kg_articles *a = read_ok("text-cp1252.txt");
    const kg_article *art = only(a);
    REQUIRE(art);
    EXPECT_INT(KG_ARTICLE_TEXT, art->format);
    EXPECT_CONTAINS(art->text, "Title: Caf\xC3\xA9 chain Aroma\xC3\xA9 opens in Macau\n");
    EXPECT_CONTAINS(art->text, "The company\xE2\x80\x99s founder Jo\xC3\xA3o Pinto said the shop would cost "
                               "\xE2\x82\xAC" "300,000");
    kg_articles_free(a);
}

static void feed__rss_items_are_articles_with_link_and_date(void)
{
    kg_articles *a = read_ok("feed.rss");
    REQUIRE(a);
    EXPECT_INT(2, kg_articles_count(a));
    const kg_article *one = kg_articles_get(a, 1), *two = kg_articles_get(a, 2);
    REQUIRE(one && two);
    EXPECT_INT(KG_ARTICLE_FEED, one->format);
    EXPECT_STR("feed-1", one->stem);
    EXPECT_STR("feed-2", two->stem);
    EXPECT_STR("https://babw.example/2026/03/harbourlink-dubai", one->link);
    EXPECT_STR("Title: Harbourlink Logistics opens Dubai office\n"
               "Publisher: Bay Area Business Wire\n"
               "Date: 2026-03-03\n" /* RFC 822 pubDate */
               "Source: https://babw.example/2026/03/harbourlink-dubai\n"
               "\n"
               "Harbourlink Logistics, a freight company based in Hong Kong, opened an office in "
               "Dubai on Tuesday.\n" /* content:encoded, its share bar left out */
               "The company said the office would serve customers in the Middle East.\n",
               one->text);
    EXPECT_CONTAINS(two->text, "Date: 2026-03-04\n"); /* dc:date */
    EXPECT_CONTAINS(two->text, "\n\nQiantu Semiconductor, a chip designer based in Shanghai, raised"); /* escaped HTML */
    EXPECT_LACKS(two->text, "<p>");
    kg_articles_free(a);
}

static void feed__atom_entries_are_articles_with_link_and_date(void)
{
    kg_articles *a = read_ok("feed.atom");
    REQUIRE(a);
    EXPECT_INT(2, kg_articles_count(a));
    const kg_article *one = kg_articles_get(a, 1), *two = kg_articles_get(a, 2);
    REQUIRE(one && two);
    EXPECT_STR("https://ltj.example/kestrel-airport", one->link); /* rel="alternate", not "edit" */
    EXPECT_CONTAINS(one->text, "Publisher: Lantau Tech Journal\nDate: 2026-03-05\n"); /* published */
    EXPECT_CONTAINS(one->text, "signed an agreement with Airport Authority Hong Kong on Thursday.\n");
    EXPECT_STR("https://ltj.example/nimbus-ceo", two->link);
    EXPECT_CONTAINS(two->text, "Date: 2026-03-06\n"); /* updated */
    /* type="xhtml": two paragraphs, two lines */
    EXPECT_CONTAINS(two->text, "as its chief executive on Friday.\nWu Fang was previously");
    kg_articles_free(a);
}

static void expect_refused(const char *path, kg_status status, const char *why)
{
    kg_articles *a = NULL;
    kg_error err = {0};
    EXPECT_INT(status, kg_articles_read(&a, path, &err));
    EXPECT(a == NULL);
    EXPECT_STR(path, err.file);
    EXPECT_CONTAINS(err.message, why);
}

static void refuse__binary_file_names_the_file(void)
{
    expect_refused(data("picture.png"), KG_ERR_UNSUPPORTED, "binary data");
}

static void refuse__page_without_an_article_says_so(void)
{
    expect_refused(data("no-article.html"), KG_ERR_NOT_FOUND, "no article found in the page");
}

static void refuse__broken_feed_gives_line_and_column(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/broken.rss", kg_test_tmpdir());
    REQUIRE(kg_test_write_file(
        path, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>A</title>\n</channel></rss>\n"));
    kg_articles *a = NULL;
    kg_error err = {0};
    EXPECT_INT(KG_ERR_SYNTAX, kg_articles_read(&a, path, &err));
    EXPECT_CONTAINS(err.message, "not well-formed XML");
    EXPECT_STR(path, err.file);
    EXPECT_CONTAINS(err.message, "mismatch"); /* the first error, not the last */
    EXPECT_INT(4, err.line);
    EXPECT(err.column > 0);
}

static void evidence__offsets_are_exact_in_the_text_of_every_input(void)
{
    static const char *const files[] = {"site-a.html", "site-b.html", "site-c-cp1252.html", "page-gb18030.html",
                                        "page-gb18030-broken.html", "text-cp1252.txt", "feed.rss", "feed.atom", NULL};
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    char rules[4200], ontology[4200];
    snprintf(rules, sizeof rules, "%s/../../ontology/ingest-rules.txt", kg_test_data_dir());
    snprintf(ontology, sizeof ontology, "%s/../../ontology/kgsh.ttl", kg_test_data_dir());
    REQUIRE(kg_load_file(store, ontology, NULL, NULL) == KG_OK);
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = rules;
    size_t checked = 0;
    for (const char *const *f = files; *f; f++) {
        kg_articles *a = read_ok(*f);
        for (size_t k = 1; a && k <= kg_articles_count(a); k++) {
            const kg_article *art = kg_articles_get(a, k);
            kg_ingest *ing = NULL;
            kg_error err = {0};
            if (kg_ingest_article(&ing, store, art, &o, &err) != KG_OK) {
                TEST_FAIL_AT("%s: %s", art->stem, err.message);
                continue;
            }
            EXPECT_STR(art->stem, strrchr(kg_ingest_staging_iri(ing), '/') + 1);
            checked += kg_test_check_evidence(ing, art);
            kg_ingest_free(ing);
        }
        kg_articles_free(a);
    }
    printf("# %zu evidence sentences checked\n", checked);
    EXPECT(checked >= 50);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(html__article_element_page_keeps_the_story_and_drops_the_furniture),
    TEST(html__article_body_page_reads_json_ld_and_drops_ads_and_links),
    TEST(html__table_layout_in_windows_1252_finds_the_densest_block),
    TEST(html__gb18030_page_is_converted_to_utf8),
    TEST(html__page_whose_encoding_breaks_is_read_without_printing),
    TEST(text__windows_1252_file_is_converted_to_utf8),
    TEST(feed__rss_items_are_articles_with_link_and_date),
    TEST(feed__atom_entries_are_articles_with_link_and_date),
    TEST(refuse__binary_file_names_the_file),
    TEST(refuse__page_without_an_article_says_so),
    TEST(refuse__broken_feed_gives_line_and_column),
    TEST(evidence__offsets_are_exact_in_the_text_of_every_input),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
