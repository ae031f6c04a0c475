/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/ingest_text_test.c - the reading side of ingestion: repairs,
 * headers, sentence splitting with offsets, tokens, money and dates, and
 * the rules file's error reporting. */
#include <stdlib.h>
#include <string.h>

#include "ingest/rules.h"
#include "util/strmap.h"
#include "ingest/text.h"
#include "ingest/tokens.h"
#include "ingest/values.h"
#include "kg/term.h"
#include "test.h"

static char *sentence(const kgi_text *t, size_t k)
{
    static char buf[4096];
    const kgi_sentence *s = &t->sentences[k];
    snprintf(buf, sizeof buf, "%.*s", (int)(s->end - s->start), t->clean + s->start);
    return buf;
}

static void text__repairs_cp1252_mojibake_and_zero_width_space(void)
{
    const char in[] = "Title: Hong Kong\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s plan\n\n"
                      "He said \xc3\xa2\xe2\x82\xac\xc5\x93yes\xc3\xa2\xe2\x82\xac. \xc3\xa2\xe2\x82\xac<Mr Yan left.\n";
    kgi_text t;
    REQUIRE(kgi_text_read(&t, in, sizeof in - 1, NULL));
    EXPECT_STR("Hong Kong\xe2\x80\x99s plan", t.title);
    EXPECT_INT(2, t.n_sentences);
    EXPECT_STR("He said \xe2\x80\x9cyes\xe2\x80\x9d.", sentence(&t, 0));
    EXPECT_STR("Mr Yan left.", sentence(&t, 1));
    kgi_text_free(&t);
}

static void text__invalid_utf8_and_controls_keep_offsets_in_the_file(void)
{
    /* "\xff" is one invalid byte: one character of the file, U+FFFD in the text */
    const char in[] = "Title: T\n\nA\xff\x01 b. Caf\xc3\xa9 opened.\n";
    kgi_text t;
    REQUIRE(kgi_text_read(&t, in, sizeof in - 1, NULL));
    REQUIRE(t.n_sentences == 2);
    EXPECT_STR("A\xef\xbf\xbd  b.", sentence(&t, 0));
    EXPECT_INT(10, t.sentences[0].char_start); /* after "Title: T\n\n" */
    EXPECT_INT(16, t.sentences[0].char_end);
    EXPECT_INT(17, t.sentences[1].char_start);
    EXPECT_INT(29, t.sentences[1].char_end); /* "Café" is 4 characters */
    kgi_text_free(&t);
}

static void text__headers_title_publisher_date(void)
{
    const char in[] = "Title: A\nPublisher: HKFP\nDate: February 26\nSource: x.txt\n\nBody one.\n";
    kgi_text t;
    REQUIRE(kgi_text_read(&t, in, sizeof in - 1, NULL));
    EXPECT_STR("A", t.title);
    EXPECT_STR("HKFP", t.publisher);
    EXPECT_STR("February 26", t.date);
    EXPECT_STR("x.txt", t.source);
    EXPECT_INT(1, t.n_sentences);
    kgi_text_free(&t);
}

static void text__headline_without_headers_is_the_title(void)
{
    const char in[] = "Firms flock to Hong Kong\nThe city said so. It did.\n";
    kgi_text t;
    REQUIRE(kgi_text_read(&t, in, sizeof in - 1, NULL));
    EXPECT_STR("Firms flock to Hong Kong", t.title);
    EXPECT_INT(2, t.n_sentences);
    kgi_text_free(&t);
}

static void text__abbreviations_and_initials_do_not_end_sentences(void)
{
    kg_strmap *ab = kg_strmap_new();
    kg_strmap_put(ab, "mr.", 3, 1);
    kg_strmap_put(ab, "u.s.", 4, 1);
    kg_strmap_put(ab, "co.", 3, 1);
    kgi_text_cues cues = {ab, NULL};
    const char in[] = "Title: T\n\nMr. Lee met U.S. officials at Acme Co. Ltd in J. K. Tower. "
                      "Next sentence? Yes! “Quoted.” 2019 was busy.\n";
    kgi_text t;
    REQUIRE(kgi_text_read(&t, in, sizeof in - 1, &cues));
    EXPECT_INT(5, t.n_sentences);
    EXPECT_STR("Mr. Lee met U.S. officials at Acme Co. Ltd in J. K. Tower.", sentence(&t, 0));
    EXPECT_STR("“Quoted.”", sentence(&t, 3));
    kgi_text_free(&t);
    kg_strmap_free(ab);
}

static void text__bundled_article_splits_as_the_mapping_numbers(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/../../datasets/articles/000-seventeen-companies-sign-oases-deal.txt",
             kg_test_data_dir());
    size_t len;
    char *data = kg_test_read_file(path, &len);
    REQUIRE(data);
    kgi_text t;
    const char *bp[] = {"press freedom", NULL};
    kgi_text_cues cues = {NULL, bp};
    REQUIRE(kgi_text_read(&t, data, len, &cues));
    EXPECT_INT(18, t.n_sentences); /* datasets/README.md */
    EXPECT_CONTAINS(sentence(&t, 3), "Tao Xiaodong, CEO of Xunfei Healthcare");
    EXPECT(!t.sentences[13].boilerplate);
    EXPECT(t.sentences[14].boilerplate); /* "Support HKFP | ..." starts the trailer */
    EXPECT(t.sentences[17].boilerplate);
    kgi_text_free(&t);
    free(data);
}

static void text__one_endless_line_is_cut_into_bounded_sentences(void)
{
    size_t n = 100000;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i++)
        in[i] = i % 7 == 6 ? ' ' : 'a';
    kgi_text t;
    REQUIRE(kgi_text_read(&t, in, n, NULL));
    EXPECT(t.n_sentences >= n / KGI_MAX_SENTENCE);
    for (size_t k = 0; k < t.n_sentences; k++)
        EXPECT(t.sentences[k].end - t.sentences[k].start <= KGI_MAX_SENTENCE + 8);
    kgi_text_free(&t);
    free(in);
}

static void tokens__possessive_hyphen_and_unicode_case(void)
{
    kg_arena *a = kg_arena_new();
    kgi_tokens t = {0};
    const char *s = "Hong Kong’s Shenzhen-based ÉCOLE Pony.ai 1,000";
    REQUIRE(kgi_tokenize(&t, s, 0, strlen(s), 0, a));
    REQUIRE(t.n == 9);
    EXPECT_STR("kong", t.items[1].low);
    EXPECT(t.items[2].kind == KGI_TOK_POSS);
    EXPECT_STR("-", t.items[4].low);
    EXPECT_STR("école", t.items[6].low);
    EXPECT(t.items[6].flags & KGI_TF_ALLCAPS);
    EXPECT_STR("pony.ai", t.items[7].low);
    EXPECT(t.items[8].kind == KGI_TOK_NUM);
    kgi_tokens_free(&t);
    kg_arena_free(a);
}

static const char rules_text[] = "currency HKD: HK$, Hong Kong dollars\n"
                                 "currency USD: US$, $\n"
                                 "currency CNY: yuan\n";

/* The value of the kind at token `at` of s, with the article dated today
 * (an xsd:date or NULL). */
static bool value_in(const kgi_rules *r, const char *s, size_t at, kgi_value_kind kind, const char *today,
                     kgi_value *v)
{
    kg_arena *a = kg_arena_new();
    kgi_tokens t = {0};
    bool ok = kgi_tokenize(&t, s, 0, strlen(s), 0, a) && kgi_value_at(r, &t, at, kind, today, v);
    kgi_tokens_free(&t);
    kg_arena_free(a);
    return ok;
}

static bool value_of(const kgi_rules *r, const char *s, kgi_value_kind kind, kgi_value *v)
{
    kg_arena *a = kg_arena_new();
    kgi_tokens t = {0};
    bool ok = kgi_tokenize(&t, s, 0, strlen(s), 0, a) && kgi_value_at(r, &t, 0, kind, NULL, v);
    kgi_tokens_free(&t);
    kg_arena_free(a);
    return ok;
}

static void values__money_amounts_and_currencies(void)
{
    kgi_rules *r;
    REQUIRE(kgi_rules_parse(&r, rules_text, strlen(rules_text), "test", NULL) == KG_OK);
    kgi_value v;
    REQUIRE(value_of(r, "HK$4 million", KGI_VALUE_MONEY, &v));
    EXPECT_STR("4000000", v.lex);
    EXPECT_STR("HKD", v.currency);
    REQUIRE(value_of(r, "US$1.25 billion", KGI_VALUE_MONEY, &v));
    EXPECT_STR("1250000000", v.lex);
    EXPECT_STR("USD", v.currency);
    REQUIRE(value_of(r, "100 million yuan", KGI_VALUE_MONEY, &v));
    EXPECT_STR("100000000", v.lex);
    EXPECT_STR("CNY", v.currency);
    REQUIRE(value_of(r, "$5bn", KGI_VALUE_MONEY, &v));
    EXPECT_STR("5000000000", v.lex);
    EXPECT(!value_of(r, "4 million jobs", KGI_VALUE_MONEY, &v));
    kgi_rules_free(r);
}

static void values__dates_as_precise_as_the_text(void)
{
    kgi_value v;
    REQUIRE(kgi_date_parse("In October 2019, it", &v));
    EXPECT_STR("2019-10", v.lex);
    EXPECT_STR(KG_XSD "gYearMonth", v.datatype);
    REQUIRE(kgi_date_parse("February 26", &v));
    EXPECT_STR("--02-26", v.lex);
    REQUIRE(kgi_date_parse("8 April 2025", &v));
    EXPECT_STR("2025-04-08", v.lex);
    EXPECT_STR(KG_XSD "date", v.datatype);
    REQUIRE(kgi_date_parse("March 12, 2025", &v));
    EXPECT_STR("2025-03-12", v.lex);
    REQUIRE(kgi_date_parse("since 2015", &v));
    EXPECT_STR("2015", v.lex);
    EXPECT(!kgi_date_parse("no date here", &v));
}

static void values__dates_relative_to_the_article_date(void)
{
    static const struct {
        const char *text;
        size_t at;
        const char *today, *lex, *datatype;
    } cases[] = {
        /* 2026-02-03 is a Tuesday: "on Monday" is the day before, "on
         * Tuesday" the day itself, "on Wednesday" the week before */
        {"on Monday", 1, "2026-02-03", "2026-02-02", KG_XSD "date"},
        {"on Tuesday", 1, "2026-02-03", "2026-02-03", KG_XSD "date"},
        {"on Wednesday", 1, "2026-02-03", "2026-01-28", KG_XSD "date"},
        /* a month and day take the nearest year; a month alone the last one */
        {"effective April 1", 1, "2026-03-18", "2026-04-01", KG_XSD "date"},
        {"on December 28", 1, "2026-01-05", "2025-12-28", KG_XSD "date"},
        {"in October", 1, "2026-02-11", "2025-10", KG_XSD "gYearMonth"},
        {"in January", 1, "2026-03-18", "2026-01", KG_XSD "gYearMonth"},
        {"last year", 0, "2026-03-18", "2025", KG_XSD "gYear"},
        {"next year", 0, "2026-03-18", "2027", KG_XSD "gYear"},
        {"last month", 0, "2026-01-18", "2025-12", KG_XSD "gYearMonth"},
        /* without the article's date a month and day stay as written */
        {"on April 1", 1, NULL, "--04-01", KG_XSD "gMonthDay"},
    };
    kgi_value v;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (!value_in(NULL, cases[k].text, cases[k].at, KGI_VALUE_DATE, cases[k].today, &v)) {
            TEST_FAIL_AT("no date in \"%s\"", cases[k].text);
            continue;
        }
        EXPECT_STR(cases[k].lex, v.lex);
        EXPECT_STR(cases[k].datatype, v.datatype);
    }
    /* without the article's date nothing relative is a date; "May" as a
     * verb and a month name with no "in" are no dates */
    EXPECT(!value_in(NULL, "on Monday", 1, KGI_VALUE_DATE, NULL, &v));
    EXPECT(!value_in(NULL, "last year", 0, KGI_VALUE_DATE, NULL, &v));
    EXPECT(!value_in(NULL, "it may", 1, KGI_VALUE_DATE, "2026-03-18", &v));
    EXPECT(!value_in(NULL, "March on", 0, KGI_VALUE_DATE, "2026-03-18", &v));
}

static void rules__errors_name_the_line(void)
{
    static const char *const bad[][2] = {
        {"list a: x\n\nrule r 0.5\n    match {NOPE:x}\n    emit x kg:p x\n", "4"},
        {"rule r 2\n    match a\n    emit x kg:p x\n", "1"},
        {"list a: x\nrule r 0.5\n    match [missing]\n    emit a kg:p a\n", "3"},
        {"rule r 0.5\n    match {ORG:x}\n    emit x kg:p @nowhere\n", "3"},
        {"rule r 0.5\n    match {ORG:x}\n", "1"},
        {"rule r 0.5\n    match co-founder\n    emit x kg:p x\n", "2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kgi_rules *r = NULL;
        kg_error err = {0};
        EXPECT_INT(KG_ERR_SYNTAX, kgi_rules_parse(&r, bad[i][0], strlen(bad[i][0]), "rules.txt", &err));
        EXPECT(r == NULL);
        char line[16];
        snprintf(line, sizeof line, "%lu", err.line);
        EXPECT_STR(bad[i][1], line);
    }
}

static void rules__bundled_file_loads(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/../../ontology/ingest-rules.txt", kg_test_data_dir());
    kgi_rules *r = NULL;
    kg_error err = {0};
    EXPECT_INT(KG_OK, kgi_rules_load(&r, path, &err));
    if (err.status)
        printf("# %s\n", err.message);
    REQUIRE(r);
    EXPECT(r->n_rules > 20);
    EXPECT(r->role && r->honorific && r->company_noun && r->said);
    kgi_rules_free(r);
}

static const kg_test_case cases[] = {
    TEST(text__repairs_cp1252_mojibake_and_zero_width_space),
    TEST(text__invalid_utf8_and_controls_keep_offsets_in_the_file),
    TEST(text__headers_title_publisher_date),
    TEST(text__headline_without_headers_is_the_title),
    TEST(text__abbreviations_and_initials_do_not_end_sentences),
    TEST(text__bundled_article_splits_as_the_mapping_numbers),
    TEST(text__one_endless_line_is_cut_into_bounded_sentences),
    TEST(tokens__possessive_hyphen_and_unicode_case),
    TEST(values__money_amounts_and_currencies),
    TEST(values__dates_as_precise_as_the_text),
    TEST(values__dates_relative_to_the_article_date),
    TEST(rules__errors_name_the_line),
    TEST(rules__bundled_file_loads),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
