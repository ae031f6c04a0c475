/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/value_term_test.c - the kg_term helpers of kg/term.h
 * (graph/term.c) and the UTF-8 helpers (util/utf8.h) the string functions
 * rely on. */
#include "kg/term.h"
#include "test.h"
#include "util/utf8.h"

static const char *nt(const kg_term *t)
{
    static char buf[256];
    kg_term_to_ntriples(t, buf, sizeof buf);
    return buf;
}

static void term__constructors_make_views(void)
{
    const char *iri = "http://x/";
    kg_term t = kg_term_iri(iri);
    EXPECT(t.kind == KG_TERM_IRI && t.value == iri && t.value_len == 9 && !t.datatype);
    t = kg_term_blank("b1");
    EXPECT(t.kind == KG_TERM_BLANK && t.value_len == 2);
    t = kg_term_literal("chat", KG_XSD "string", "fr");
    EXPECT(t.kind == KG_TERM_LITERAL && !t.datatype && strcmp(t.lang, "fr") == 0);
}

static void term__datatype_defaults(void)
{
    kg_term s = kg_term_literal("a", NULL, NULL), l = kg_term_literal("a", NULL, "en");
    kg_term i = kg_term_literal("1", KG_XSD "integer", NULL), iri = kg_term_iri("http://x/");
    EXPECT_STR(KG_XSD_STRING, kg_term_datatype(&s));
    EXPECT_STR(KG_RDF_LANGSTRING, kg_term_datatype(&l));
    EXPECT_STR(KG_XSD "integer", kg_term_datatype(&i));
    EXPECT(kg_term_datatype(&iri) == NULL);
}

static void term__equality_is_rdf_term_equality(void)
{
    kg_term a = kg_term_literal("a", NULL, NULL), b = kg_term_literal("a", KG_XSD_STRING, NULL);
    EXPECT(kg_term_equal(&a, &b));
    kg_term en = kg_term_literal("a", NULL, "en"), EN = kg_term_literal("a", NULL, "EN");
    EXPECT(kg_term_equal(&en, &EN));
    EXPECT(!kg_term_equal(&a, &en));
    kg_term one = kg_term_literal("1", KG_XSD "integer", NULL);
    kg_term one0 = kg_term_literal("01", KG_XSD "integer", NULL);
    EXPECT(!kg_term_equal(&one, &one0));
    kg_term iri = kg_term_iri("a"), blank = kg_term_blank("a");
    EXPECT(!kg_term_equal(&iri, &blank));
    EXPECT(!kg_term_equal(&iri, &a));
    kg_term nul1 = {KG_TERM_LITERAL, "a\0b", 3, NULL, NULL}, nul2 = {KG_TERM_LITERAL, "a\0c", 3, NULL, NULL};
    EXPECT(!kg_term_equal(&nul1, &nul2));
    kg_term none = {0};
    EXPECT(kg_term_equal(&none, &none));
}

static void term__copy_is_deep_and_freeable(void)
{
    char lex[] = "chat", lang[] = "fr";
    kg_term t = kg_term_literal(lex, NULL, lang);
    kg_term *c = NULL;
    REQUIRE(kg_term_copy(&c, &t) == KG_OK);
    lex[0] = 'x';
    lang[0] = 'x';
    EXPECT_STR("chat", c->value);
    EXPECT_STR("fr", c->lang);
    EXPECT_INT(4, c->value_len);
    kg_term_free(c);
    kg_term typed = kg_term_literal("1", KG_XSD "integer", NULL);
    REQUIRE(kg_term_copy(&c, &typed) == KG_OK);
    EXPECT_STR(KG_XSD "integer", c->datatype);
    EXPECT(c->lang == NULL);
    kg_term_free(c);
    kg_term_free(NULL);
}

static void ntriples__all_kinds_and_escapes(void)
{
    kg_term t = kg_term_iri("http://x/a b");
    EXPECT_STR("<http://x/a\\u0020b>", nt(&t));
    t = kg_term_blank("b0");
    EXPECT_STR("_:b0", nt(&t));
    t = kg_term_literal("say \"hi\"\\\n\t", NULL, NULL);
    EXPECT_STR("\"say \\\"hi\\\"\\\\\\n\\t\"", nt(&t));
    t = kg_term_literal("chat", NULL, "fr");
    EXPECT_STR("\"chat\"@fr", nt(&t));
    t = kg_term_literal("5", KG_XSD "integer", NULL);
    EXPECT_STR("\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>", nt(&t));
    t = kg_term_literal("s", KG_XSD_STRING, NULL);
    EXPECT_STR("\"s\"", nt(&t));
    t = kg_term_literal("食べ物\x01", NULL, NULL);
    EXPECT_STR("\"食べ物\\u0001\"", nt(&t));
    kg_term nul = {KG_TERM_LITERAL, "a\0b", 3, NULL, NULL};
    EXPECT_STR("\"a\\u0000b\"", nt(&nul));
}

static void ntriples__truncates_and_reports_full_length(void)
{
    kg_term t = kg_term_iri("http://example.org/long");
    char small[8];
    size_t need = kg_term_to_ntriples(&t, small, sizeof small);
    EXPECT_INT(25, need);
    EXPECT_STR("<http:/", small);
    EXPECT_INT(25, kg_term_to_ntriples(&t, NULL, 0));
}

static void utf8__length_offset_and_invalid_bytes(void)
{
    const char *s = "a食👪";
    EXPECT_INT(3, kg_utf8_length(s, strlen(s)));
    EXPECT_INT(1, kg_utf8_offset(s, strlen(s), 1));
    EXPECT_INT(4, kg_utf8_offset(s, strlen(s), 2));
    EXPECT_INT(8, kg_utf8_offset(s, strlen(s), 9));
    EXPECT_INT(3, kg_utf8_length("\xff\xfe" "a", 3));
    uint32_t cp;
    EXPECT_INT(1, kg_utf8_decode("\xe9\x80", 2, &cp)); /* truncated sequence */
    EXPECT_INT(0xFFFD, cp);
    EXPECT_INT(1, kg_utf8_decode("\xc0\xaf", 2, &cp)); /* overlong */
    EXPECT_INT(4, kg_utf8_decode("👪", 4, &cp));
    EXPECT_INT(0x1F46A, cp);
    char out[4];
    EXPECT_INT(4, kg_utf8_encode(0x1F46A, out));
    EXPECT(memcmp(out, "👪", 4) == 0);
}

static void utf8__case_mapping_beyond_ascii(void)
{
    char out[64];
    const char *s = "straße été ǅ 𐐨";
    size_t n = kg_utf8_upper(s, strlen(s), out);
    out[n] = '\0';
    EXPECT_STR("STRAßE ÉTÉ Ǆ 𐐀", out); /* simple mapping: ß stays */
    n = kg_utf8_lower("ÀÉÎ ΣΑ", strlen("ÀÉÎ ΣΑ"), out);
    out[n] = '\0';
    EXPECT_STR("àéî σα", out);
}

static const kg_test_case cases[] = {
    TEST(term__constructors_make_views),
    TEST(term__datatype_defaults),
    TEST(term__equality_is_rdf_term_equality),
    TEST(term__copy_is_deep_and_freeable),
    TEST(ntriples__all_kinds_and_escapes),
    TEST(ntriples__truncates_and_reports_full_length),
    TEST(utf8__length_offset_and_invalid_bytes),
    TEST(utf8__case_mapping_beyond_ascii),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
