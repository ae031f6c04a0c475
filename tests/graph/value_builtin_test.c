/* tests/graph/value_builtin_test.c - the SPARQL 1.1 built-in functions
 * (sparql/value.h, kg_builtin_*). Expected values are those of the W3C
 * sparql11/functions suite where it has one (named in the comments). */
#include "value_support.h"

static void lookup__keywords_case_insensitively_with_aliases(void)
{
    kg_builtin fn;
    EXPECT(kg_builtin_lookup("str", 3, &fn) && fn == KG_FN_STR);
    EXPECT(kg_builtin_lookup("URI", 3, &fn) && fn == KG_FN_IRI);
    EXPECT(kg_builtin_lookup("isURI", 5, &fn) && fn == KG_FN_ISIRI);
    EXPECT(kg_builtin_lookup("encode_for_uri", 14, &fn) && fn == KG_FN_ENCODE_FOR_URI);
    EXPECT(kg_builtin_lookup("STRLENgth", 6, &fn) && fn == KG_FN_STRLEN);
    EXPECT(!kg_builtin_lookup("STRLENgth", 9, &fn));
    EXPECT(!kg_builtin_lookup("COUNT", 5, &fn));
    EXPECT_STR("sameTerm", kg_builtin_name(KG_FN_SAMETERM));
    unsigned min, max;
    kg_builtin_arity(KG_FN_SUBSTR, &min, &max);
    EXPECT(min == 2 && max == 3);
    kg_builtin_arity(KG_FN_CONCAT, &min, &max);
    EXPECT(min == 0 && max > 100);
    for (int f = 0; f < KG_FN_COUNT_; f++)
        if (!kg_builtin_name((kg_builtin)f))
            TEST_FAIL_AT("built-in %d has no name", f);
}

static void call__wrong_arity_or_unbound_argument_is_error(void)
{
    EXPECT_STR("error", call("STRLEN", NULL));
    EXPECT_STR("error", call("STRLEN", "\"a\"", "\"b\"", NULL));
    EXPECT_STR("error", call("STRLEN", "UNBOUND", NULL));
}

static void str__lexical_form_of_literals_and_iris(void)
{
    EXPECT_STR("\"1.10\"", call("STR", "1.10", NULL));
    EXPECT_STR("\"http://x/\"", call("STR", "<http://x/>", NULL));
    EXPECT_STR("\"chat\"", call("STR", "\"chat\"@fr", NULL));
    EXPECT_STR("error", call("STR", "_:b", NULL));
}

static void lang_and_datatype(void)
{
    EXPECT_STR("\"en-US\"", call("LANG", "\"a\"@en-US", NULL));
    EXPECT_STR("\"\"", call("LANG", "\"a\"", NULL));
    EXPECT_STR("error", call("LANG", "<http://x/>", NULL));
    EXPECT_STR("<" KG_XSD "integer>", call("DATATYPE", "1", NULL));
    EXPECT_STR("<" KG_XSD "string>", call("DATATYPE", "\"a\"", NULL));
    EXPECT_STR("<" KG_RDF "langString>", call("DATATYPE", "\"a\"@en", NULL));
    EXPECT_STR("error", call("DATATYPE", "_:b", NULL));
}

static void langmatches__ranges_and_wildcard(void)
{
    EXPECT_STR("\"true\"^^xsd:boolean", call("LANGMATCHES", "\"en-US\"", "\"en\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("LANGMATCHES", "\"EN\"", "\"en\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("LANGMATCHES", "\"eng\"", "\"en\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("LANGMATCHES", "\"en\"", "\"en-US\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("LANGMATCHES", "\"fr\"", "\"*\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("LANGMATCHES", "\"\"", "\"*\"", NULL));
    EXPECT_STR("error", call("LANGMATCHES", "1", "\"*\"", NULL));
}

static void iri__resolves_against_base(void)
{
    /* iri01, iri02 */
    EXPECT_STR("<http://example.org/base/uri>", call("URI", "\"uri\"", NULL));
    EXPECT_STR("<http://example.org/iri>", call("IRI", "\"../iri\"", NULL));
    EXPECT_STR("<http://other/x>", call("IRI", "\"http://other/x\"", NULL));
    EXPECT_STR("<http://example.org/base/uri>", call("IRI", "<http://example.org/base/uri>", NULL));
    EXPECT_STR("error", call("IRI", "\"x\"@en", NULL));
    EXPECT_STR("error", call("IRI", "1", NULL));
    const char *base = ctx()->base_iri;
    ctx()->base_iri = NULL;
    EXPECT_STR("error", call("IRI", "\"relative\"", NULL));
    EXPECT_STR("<http://other/x>", call("IRI", "\"http://other/x\"", NULL));
    ctx()->base_iri = base;
}

static void bnode__fresh_labels_and_same_label_per_string_and_row(void)
{
    /* bnode01, bnode02 */
    const char *a = call("BNODE", NULL), *b = call("BNODE", NULL);
    EXPECT(strncmp(a, "_:", 2) == 0);
    EXPECT(strcmp(a, b) != 0);
    ctx()->row = 1;
    const char *foo1 = call("BNODE", "\"foo\"", NULL), *foo2 = call("BNODE", "\"foo\"", NULL);
    const char *baz = call("BNODE", "\"BAZ\"", NULL);
    EXPECT_STR(foo1, foo2);
    EXPECT(strcmp(foo1, baz) != 0);
    ctx()->row = 2;
    EXPECT(strcmp(foo1, call("BNODE", "\"foo\"", NULL)) != 0);
    EXPECT(strcmp(a, foo1) != 0);
    EXPECT_STR("error", call("BNODE", "1", NULL));
}

static void rand__double_in_unit_interval(void)
{
    /* rand01 */
    for (int i = 0; i < 1000; i++) {
        kg_builtin fn = KG_FN_RAND;
        kg_term out;
        REQUIRE(kg_builtin_call(fn, NULL, 0, ctx(), &out));
        EXPECT_STR(KG_XSD "double", out.datatype);
        double d = strtod(out.value, NULL);
        if (!(d >= 0.0 && d < 1.0))
            TEST_FAIL_AT("RAND() gave %s", out.value);
    }
}

static void abs_ceil_floor_round__keep_the_numeric_type(void)
{
    /* abs01, ceil01, floor01, round01: an integral decimal result has no
     * digits after the point ("2"^^xsd:decimal), doubles and floats are
     * written as XPath casts them to strings */
    EXPECT_STR("\"2\"^^xsd:integer", call("ABS", "-2", NULL));
    EXPECT_STR("\"1.6\"^^xsd:decimal", call("ABS", "-1.6", NULL));
    EXPECT_STR("\"1.5\"^^xsd:double", call("ABS", "-1.5e0", NULL));
    EXPECT_STR("\"3\"^^xsd:decimal", call("CEIL", "2.5", NULL));
    EXPECT_STR("\"-1\"^^xsd:decimal", call("CEIL", "-1.6", NULL));
    EXPECT_STR("\"2\"^^xsd:decimal", call("CEIL", "1.1", NULL));
    EXPECT_STR("\"-2\"^^xsd:integer", call("CEIL", "-2", NULL));
    EXPECT_STR("\"2\"^^xsd:decimal", call("FLOOR", "2.5", NULL));
    EXPECT_STR("\"-2\"^^xsd:decimal", call("FLOOR", "-1.6", NULL));
    EXPECT_STR("\"1\"^^xsd:decimal", call("FLOOR", "1.1", NULL));
    EXPECT_STR("\"-2\"^^xsd:double", call("FLOOR", "-1.5e0", NULL));
    EXPECT_STR("\"3\"^^xsd:decimal", call("ROUND", "2.5", NULL));
    EXPECT_STR("\"-2\"^^xsd:decimal", call("ROUND", "-2.5", NULL));
    EXPECT_STR("\"-2\"^^xsd:decimal", call("ROUND", "-1.6", NULL));
    EXPECT_STR("\"1\"^^xsd:decimal", call("ROUND", "1.1", NULL));
    EXPECT_STR("\"-1\"^^xsd:integer", call("ROUND", "-1", NULL));
    EXPECT_STR("\"-2\"^^xsd:double", call("ROUND", "-2.5e0", NULL));
    EXPECT_STR("\"3\"^^xsd:float", call("ROUND", "\"2.5\"^^xsd:float", NULL));
    EXPECT_STR("\"-0\"^^xsd:double", call("ROUND", "-0.4e0", NULL));
    EXPECT_STR("\"NaN\"^^xsd:double", call("ROUND", "\"NaN\"^^xsd:double", NULL));
    EXPECT_STR("error", call("ABS", "\"1\"", NULL));
}

static void concat__language_tag_only_when_all_agree(void)
{
    /* concat01, concat02, concat-empty, concat-single */
    EXPECT_STR("\"abcDEF\"", call("CONCAT", "\"abc\"^^xsd:string", "\"DEF\"^^xsd:string", NULL));
    EXPECT_STR("\"englishenglish\"@en", call("CONCAT", "\"english\"@en", "\"english\"@en", NULL));
    EXPECT_STR("\"englishfrançais\"", call("CONCAT", "\"english\"@en", "\"français\"@fr", NULL));
    EXPECT_STR("\"123english\"", call("CONCAT", "\"123\"", "\"english\"@en", NULL));
    EXPECT_STR("\"\"", call("CONCAT", NULL));
    EXPECT_STR("\"single\"@en", call("CONCAT", "\"single\"@en", NULL));
    EXPECT_STR("error", call("CONCAT", "\"a\"", "1", NULL));
}

static void substr__counts_code_points_and_keeps_the_tag(void)
{
    /* substring01, substring02 and their non-BMP variants */
    EXPECT_STR("\"b\"@en", call("SUBSTR", "\"bar\"@en", "1", "1", NULL));
    EXPECT_STR("\"食\"", call("SUBSTR", "\"食べ物\"", "1", "1", NULL));
    EXPECT_STR("\"べ物\"", call("SUBSTR", "\"食べ物\"", "2", NULL));
    EXPECT_STR("\"ar\"@en", call("SUBSTR", "\"bar\"@en", "2", NULL));
    EXPECT_STR("\"👪\"", call("SUBSTR", "\"👪\"", "1", "1", NULL));
    EXPECT_STR("\"👨\"", call("SUBSTR", "\"👨‍👩‍👧‍👦\"", "1", "1", NULL));
    /* XPath fn:substring rounding and edge cases */
    EXPECT_STR("\"234\"", call("SUBSTR", "\"12345\"", "1.5", "2.6", NULL));
    EXPECT_STR("\"12\"", call("SUBSTR", "\"12345\"", "0", "3", NULL));
    EXPECT_STR("\"1\"", call("SUBSTR", "\"12345\"", "-1", "3", NULL));
    EXPECT_STR("\"\"", call("SUBSTR", "\"12345\"", "5", "-3", NULL));
    EXPECT_STR("\"\"", call("SUBSTR", "\"12345\"", "\"NaN\"^^xsd:double", "3", NULL));
    EXPECT_STR("\"12345\"", call("SUBSTR", "\"12345\"", "-42", "\"INF\"^^xsd:double", NULL));
    EXPECT_STR("\"\"", call("SUBSTR", "\"12345\"", "9", NULL));
    EXPECT_STR("error", call("SUBSTR", "\"12345\"", "\"2\"", NULL));
    EXPECT_STR("error", call("SUBSTR", "1", "1", NULL));
}

static void strlen__counts_code_points(void)
{
    /* length01, length01-non-bmp */
    EXPECT_STR("\"3\"^^xsd:integer", call("STRLEN", "\"食べ物\"", NULL));
    EXPECT_STR("\"3\"^^xsd:integer", call("STRLEN", "\"bar\"@en", NULL));
    EXPECT_STR("\"1\"^^xsd:integer", call("STRLEN", "\"👪\"", NULL));
    EXPECT_STR("\"7\"^^xsd:integer", call("STRLEN", "\"👨‍👩‍👧‍👦\"", NULL));
    EXPECT_STR("\"0\"^^xsd:integer", call("STRLEN", "\"\"", NULL));
    EXPECT_STR("error", call("STRLEN", "7", NULL));
}

static void ucase_lcase__unicode_and_tag_kept(void)
{
    /* ucase01, lcase01 and non-BMP variants */
    EXPECT_STR("\"BAR\"@en", call("UCASE", "\"bar\"@en", NULL));
    EXPECT_STR("\"食べ物\"", call("UCASE", "\"食べ物\"", NULL));
    EXPECT_STR("\"100%\"", call("LCASE", "\"100%\"", NULL));
    EXPECT_STR("\"baz\"", call("LCASE", "\"BAZ\"", NULL));
    EXPECT_STR("\"ÉTÉ ΣΟΦΊΑ\"", call("UCASE", "\"été σοφία\"", NULL));
    EXPECT_STR("\"𐐨\"", call("LCASE", "\"𐐀\"", NULL));
    EXPECT_STR("\"👪\"", call("UCASE", "\"👪\"", NULL));
    EXPECT_STR("error", call("UCASE", "<http://x/>", NULL));
}

static void encode_for_uri__percent_encodes_utf8(void)
{
    /* encode01, encode01-non-bmp */
    EXPECT_STR("\"%E9%A3%9F%E3%81%B9%E7%89%A9\"", call("ENCODE_FOR_URI", "\"食べ物\"", NULL));
    EXPECT_STR("\"100%25\"", call("ENCODE_FOR_URI", "\"100%\"", NULL));
    EXPECT_STR("\"bar\"", call("ENCODE_FOR_URI", "\"bar\"@en", NULL));
    EXPECT_STR("\"Los%20Angeles\"", call("ENCODE_FOR_URI", "\"Los Angeles\"", NULL));
    EXPECT_STR("\"a-b_c.d~e%2Ff\"", call("ENCODE_FOR_URI", "\"a-b_c.d~e/f\"", NULL));
    EXPECT_STR("\"%F0%9F%91%AA\"", call("ENCODE_FOR_URI", "\"👪\"", NULL));
}

static void contains_starts_ends__argument_compatibility(void)
{
    /* contains01, starts01, ends01; 17.4.3.1.2 */
    EXPECT_STR("\"true\"^^xsd:boolean", call("CONTAINS", "\"bar\"@en", "\"a\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("CONTAINS", "\"foo\"", "\"a\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("CONTAINS", "\"foo\"", "\"\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("CONTAINS", "\"foo\"@en", "\"o\"@EN", NULL));
    EXPECT_STR("error", call("CONTAINS", "\"foo\"@en", "\"o\"@fr", NULL));
    EXPECT_STR("error", call("CONTAINS", "\"foo\"", "\"o\"@en", NULL));
    EXPECT_STR("error", call("CONTAINS", "\"foo\"", "1", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("STRSTARTS", "\"100%\"", "\"1\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("STRSTARTS", "\"abc\"", "\"abcd\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("STRENDS", "\"abc\"^^xsd:string", "\"bc\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("STRENDS", "\"abc\"", "\"b\"", NULL));
    EXPECT_STR("error", call("STRENDS", "1", "\"1\"", NULL));
}

static void strbefore_strafter__tags_and_no_match(void)
{
    /* strbefore01a, strafter01a, strafter02 */
    EXPECT_STR("\"engli\"@en", call("STRBEFORE", "\"english\"@en", "\"s\"", NULL));
    EXPECT_STR("\"\"", call("STRBEFORE", "\"日本語\"@ja", "\"s\"", NULL));
    EXPECT_STR("\"\"@en", call("STRBEFORE", "\"abc\"@en", "\"\"", NULL));
    EXPECT_STR("\"nglish\"@en", call("STRAFTER", "\"english\"@en", "\"e\"", NULL));
    EXPECT_STR("\"c\"@en", call("STRAFTER", "\"abc\"@en", "\"b\"", NULL));
    EXPECT_STR("\"c\"@en", call("STRAFTER", "\"abc\"@en", "\"ab\"", NULL));
    EXPECT_STR("error", call("STRAFTER", "\"abc\"@en", "\"b\"@cy", NULL));
    EXPECT_STR("\"abc\"@en", call("STRAFTER", "\"abc\"@en", "\"\"", NULL));
    EXPECT_STR("\"abc\"@en", call("STRAFTER", "\"abc\"@en", "\"\"@en", NULL));
    EXPECT_STR("\"c\"@en", call("STRAFTER", "\"abc\"@en", "\"b\"^^xsd:string", NULL));
    EXPECT_STR("\"\"", call("STRAFTER", "\"abc\"@en", "\"xyz\"^^xsd:string", NULL));
    EXPECT_STR("\"c\"", call("STRAFTER", "\"abc\"", "\"b\"", NULL));
    EXPECT_STR("error", call("STRAFTER", "\"abc\"", "\"\"@en", NULL));
    EXPECT_STR("error", call("STRBEFORE", "7", "\"s\"", NULL));
}

static void regex__xpath_flags(void)
{
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"Alice\"", "\"^ali\"", "\"i\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"Alice\"", "\"^ali\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"a\nb\"", "\"a.b\"", "\"s\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"a\nb\"", "\"a.b\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"a\nb\"", "\"^b$\"", "\"m\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"a\nb\"", "\"^b$\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"ab\n\"", "\"ab$\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"abc\"", "\"a b c\"", "\"x\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"a#b\"", "\"a # b\"", "\"x\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"a b\"", "\"a[ ]b\"", "\"x\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"ab\"", "\"a[ ]b\"", "\"x\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"a.c\"", "\".\"", "\"q\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"abc\"", "\".\"", "\"q\"", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"日本語\"@ja", "\"^.本.$\"", NULL));
    EXPECT_STR("error", call("REGEX", "\"abc\"", "\"(\"", NULL));
    EXPECT_STR("error", call("REGEX", "\"abc\"", "\"a\"", "\"g\"", NULL));
    EXPECT_STR("error", call("REGEX", "<http://x/>", "\"x\"", NULL));
    EXPECT_STR("error", call("REGEX", "\"abc\"", "\"a\"@en", NULL));
}

static void regex__works_without_a_cache(void)
{
    kg_regex_cache *keep = ctx()->regex;
    ctx()->regex = NULL;
    EXPECT_STR("\"true\"^^xsd:boolean", call("REGEX", "\"abc\"", "\"b\"", NULL));
    EXPECT_STR("\"a-c\"", call("REPLACE", "\"abc\"", "\"b\"", "\"-\"", NULL));
    ctx()->regex = keep;
    /* more distinct patterns than the cache holds */
    for (int i = 0; i < 100; i++) {
        char pat[32];
        snprintf(pat, sizeof pat, "\"x{%d}\"", i % 70 + 1);
        EXPECT_STR("\"false\"^^xsd:boolean", call("REGEX", "\"abc\"", pat, NULL));
    }
}

static void replace__groups_flags_and_tags(void)
{
    /* replace01, replace02, replace03, replace-case-insensitive */
    EXPECT_STR("\"-nglish\"@en", call("REPLACE", "\"English\"@en", "\"[^a-z0-9]\"", "\"-\"", NULL));
    EXPECT_STR("\"-ran-ais\"@fr", call("REPLACE", "\"Français\"@fr", "\"[^a-z0-9]\"", "\"-\"", NULL));
    EXPECT_STR("\"---\"@ja", call("REPLACE", "\"日本語\"@ja", "\"[^a-z0-9]\"", "\"-\"", NULL));
    EXPECT_STR("\"b*na\"", call("REPLACE", "\"banana\"", "\"ana\"", "\"*\"", NULL));
    EXPECT_STR("\"[1=ab][2=]cd\"", call("REPLACE", "\"abcd\"", "\"(ab)|(a)\"", "\"[1=$1][2=$2]\"", NULL));
    EXPECT_STR("\"~/~/bB~/C\"", call("REPLACE", "\"aAbBaC\"", "\"a\"", "\"~/\"", "\"i\"", NULL));
    EXPECT_STR("\"$1\\\\\"", call("REPLACE", "\"a\"", "\"a\"", "\"\\$1\\\\\"", NULL));
    EXPECT_STR("\"b1\"", call("REPLACE", "\"ab\"", "\"(a)(b)\"", "\"$21\"", NULL));
    EXPECT_STR("error", call("REPLACE", "\"abc\"", "\"x*\"", "\"-\"", NULL));
    EXPECT_STR("error", call("REPLACE", "\"abc\"", "\"b\"", "\"$\"", NULL));
    EXPECT_STR("error", call("REPLACE", "\"abc\"", "\"b\"", "\"\\n\"", NULL));
    EXPECT_STR("error", call("REPLACE", "\"abc\"", "\"b\"", "\"-\"@en", NULL));
}

static void date_parts__integers_seconds_decimal(void)
{
    /* year-01 .. seconds-01, timezone-01, tz-01 */
    const char *d2 = "\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime";
    const char *d4 = "\"2011-02-01T01:02:03\"^^xsd:dateTime";
    EXPECT_STR("\"2010\"^^xsd:integer", call("YEAR", d2, NULL));
    EXPECT_STR("\"12\"^^xsd:integer", call("MONTH", d2, NULL));
    EXPECT_STR("\"21\"^^xsd:integer", call("DAY", d2, NULL));
    EXPECT_STR("\"15\"^^xsd:integer", call("HOURS", d2, NULL));
    EXPECT_STR("\"38\"^^xsd:integer", call("MINUTES", d2, NULL));
    EXPECT_STR("\"2\"^^xsd:decimal", call("SECONDS", d2, NULL));
    EXPECT_STR("\"1\"^^xsd:integer", call("HOURS", d4, NULL));
    EXPECT_STR("\"3\"^^xsd:decimal", call("SECONDS", d4, NULL));
    EXPECT_STR("\"1.25\"^^xsd:decimal",
               call("SECONDS", "\"2011-02-01T01:02:01.250Z\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"-44\"^^xsd:integer", call("YEAR", "\"-0044-03-15T00:00:00\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"2006\"^^xsd:integer", call("YEAR", "\"2006-08-23\"^^xsd:date", NULL));
    EXPECT_STR("error", call("HOURS", "\"2006-08-23\"^^xsd:date", NULL));
    EXPECT_STR("error", call("YEAR", "\"2010-12-21T15:38:02\"", NULL));
    EXPECT_STR("error", call("MONTH", "\"2010-13-21T15:38:02\"^^xsd:dateTime", NULL));
}

static void timezone_and_tz(void)
{
    EXPECT_STR("\"PT0S\"^^xsd:dayTimeDuration",
               call("TIMEZONE", "\"2010-06-21T11:28:01Z\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"-PT8H\"^^xsd:dayTimeDuration",
               call("TIMEZONE", "\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"PT5H30M\"^^xsd:dayTimeDuration",
               call("TIMEZONE", "\"2010-12-21T15:38:02+05:30\"^^xsd:dateTime", NULL));
    EXPECT_STR("error", call("TIMEZONE", "\"2011-02-01T01:02:03\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"Z\"", call("TZ", "\"2010-06-21T11:28:01Z\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"-08:00\"", call("TZ", "\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime", NULL));
    EXPECT_STR("\"\"", call("TZ", "\"2011-02-01T01:02:03\"^^xsd:dateTime", NULL));
}

static void now__is_the_query_time(void)
{
    /* now01 */
    EXPECT_STR("\"2024-05-06T07:08:09.5Z\"^^xsd:dateTime", call("NOW", NULL));
}

static void uuid_and_struuid__version_4_forms(void)
{
    /* uuid01, struuid01 */
    const char *u = call("UUID", NULL), *v = call("UUID", NULL);
    EXPECT_INT(47, strlen(u)); /* <urn:uuid:...> */
    EXPECT(strncmp(u, "<urn:uuid:", 10) == 0);
    EXPECT(strcmp(u, v) != 0);
    EXPECT_STR("\"true\"^^xsd:boolean",
               call("REGEX", kg_arena_printf(ctx()->arena, "\"%.*s\"", 45, u + 1),
                    "\"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$\"",
                    NULL));
    const char *s = call("STRUUID", NULL);
    EXPECT_INT(38, strlen(s));
    EXPECT_STR("\"true\"^^xsd:boolean",
               call("REGEX", s, "\"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$\"", NULL));
}

static void hashes__lowercase_hex_of_utf8(void)
{
    /* md5-01, md5-02, sha1-01, sha1-02, sha256-01, sha256-02, sha384-01, sha512-01 */
    EXPECT_STR("\"acbd18db4cc2f85cedef654fccc4a4d8\"", call("MD5", "\"foo\"", NULL));
    EXPECT_STR("\"e7ada485d13b1decf628c9211bc3a97b\"", call("MD5", "\"食べ物\"", NULL));
    EXPECT_STR("\"0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33\"", call("SHA1", "\"foo\"", NULL));
    EXPECT_STR("\"d46696735b6a09ff407bfc1a9407e008840db9c9\"", call("SHA1", "\"食\"", NULL));
    EXPECT_STR("\"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\"",
               call("SHA256", "\"foo\"", NULL));
    EXPECT_STR("\"0fbe868d1df356ca9df7ebff346da3a56280e059a7ea81186ef885b140d254ee\"",
               call("SHA256", "\"食\"", NULL));
    EXPECT_STR("\"98c11ffdfdd540676b1a137cb1a22b2a70350c9a44171d6b1180c6be5cbb2ee3f79d532c8a1dd9ef"
               "2e8e08e752a3babb\"",
               call("SHA384", "\"foo\"", NULL));
    EXPECT_STR("\"f7fbba6e0636f890e56fbbf3283e524c6fa3204ae298382d624741d0dc6638326e282c41be5e4254"
               "d8820772c5518a2c5a8c0c7f7eda19594a7eb539453e1ed7\"",
               call("SHA512", "\"foo\"", NULL));
    EXPECT_STR("\"acbd18db4cc2f85cedef654fccc4a4d8\"", call("MD5", "\"foo\"^^xsd:string", NULL));
    EXPECT_STR("error", call("MD5", "\"foo\"@en", NULL));
    EXPECT_STR("error", call("MD5", "1", NULL));
}

static void strlang_strdt__argument_rules(void)
{
    /* strlang01..03, strdt01..03 */
    EXPECT_STR("\"bar\"@en-US", call("STRLANG", "\"bar\"", "\"en-US\"", NULL));
    EXPECT_STR("error", call("STRLANG", "\"bar\"@en", "\"en-US\"", NULL));
    EXPECT_STR("error", call("STRLANG", "1", "\"en-US\"", NULL));
    EXPECT_STR("error", call("STRLANG", "\"bar\"", "\"\"", NULL));
    EXPECT_STR("error", call("STRLANG", "\"bar\"", "\"en US\"", NULL));
    EXPECT_STR("\"bar\"", call("STRDT", "\"bar\"", "<" KG_XSD "string>", NULL));
    EXPECT_STR("\"123\"^^xsd:integer", call("STRDT", "\"123\"", "<" KG_XSD "integer>", NULL));
    EXPECT_STR("\"x\"^^<http://u/t>", call("STRDT", "\"x\"^^xsd:string", "<http://u/t>", NULL));
    EXPECT_STR("error", call("STRDT", "\"bar\"@en", "<" KG_XSD "string>", NULL));
    EXPECT_STR("error", call("STRDT", "\"bar\"", "\"x\"", NULL));
    EXPECT_STR("error", call("STRDT", "1", "<" KG_XSD "string>", NULL));
}

static void sameterm_and_type_tests(void)
{
    EXPECT_STR("\"true\"^^xsd:boolean", call("sameTerm", "\"a\"", "\"a\"^^xsd:string", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("sameTerm", "1", "1.0", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("sameTerm", "1", "\"01\"^^xsd:integer", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("isIRI", "<http://x/>", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("isURI", "_:b", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("isBLANK", "_:b", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("isLITERAL", "\"a\"@en", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("isLITERAL", "<http://x/>", NULL));
    EXPECT_STR("error", call("isIRI", "UNBOUND", NULL));
}

static void isnumeric__valid_numeric_literals_only(void)
{
    /* isnumeric01 */
    EXPECT_STR("\"true\"^^xsd:boolean", call("isNUMERIC", "-1.6", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("isNUMERIC", "\"12\"^^xsd:unsignedByte", NULL));
    EXPECT_STR("\"true\"^^xsd:boolean", call("isNUMERIC", "\"NaN\"^^xsd:double", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("isNUMERIC", "\"1200\"^^xsd:byte", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("isNUMERIC", "\"abc\"^^xsd:integer", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("isNUMERIC", "\"1\"", NULL));
    EXPECT_STR("\"false\"^^xsd:boolean", call("isNUMERIC", "<http://x/>", NULL));
}

static void results_do_not_point_into_arguments(void)
{
    char lexical[] = "abc", lang[] = "en";
    kg_term arg = {KG_TERM_LITERAL, lexical, 3, NULL, lang}, out;
    REQUIRE(kg_builtin_call(KG_FN_UCASE, &arg, 1, ctx(), &out));
    memset(lexical, 'x', 3);
    memset(lang, 'x', 2);
    EXPECT_STR("\"ABC\"@en", show(&out));
}

static const kg_test_case cases[] = {
    TEST(lookup__keywords_case_insensitively_with_aliases),
    TEST(call__wrong_arity_or_unbound_argument_is_error),
    TEST(str__lexical_form_of_literals_and_iris),
    TEST(lang_and_datatype),
    TEST(langmatches__ranges_and_wildcard),
    TEST(iri__resolves_against_base),
    TEST(bnode__fresh_labels_and_same_label_per_string_and_row),
    TEST(rand__double_in_unit_interval),
    TEST(abs_ceil_floor_round__keep_the_numeric_type),
    TEST(concat__language_tag_only_when_all_agree),
    TEST(substr__counts_code_points_and_keeps_the_tag),
    TEST(strlen__counts_code_points),
    TEST(ucase_lcase__unicode_and_tag_kept),
    TEST(encode_for_uri__percent_encodes_utf8),
    TEST(contains_starts_ends__argument_compatibility),
    TEST(strbefore_strafter__tags_and_no_match),
    TEST(regex__xpath_flags),
    TEST(regex__works_without_a_cache),
    TEST(replace__groups_flags_and_tags),
    TEST(date_parts__integers_seconds_decimal),
    TEST(timezone_and_tz),
    TEST(now__is_the_query_time),
    TEST(uuid_and_struuid__version_4_forms),
    TEST(hashes__lowercase_hex_of_utf8),
    TEST(strlang_strdt__argument_rules),
    TEST(sameterm_and_type_tests),
    TEST(isnumeric__valid_numeric_literals_only),
    TEST(results_do_not_point_into_arguments),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
