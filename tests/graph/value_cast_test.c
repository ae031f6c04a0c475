/* tests/graph/value_cast_test.c - the XPath constructor casts of SPARQL 1.1
 * section 17.5, one case per row of its table (source type to target
 * type), with inputs from the W3C sparql11/cast suite. That suite's forms
 * are not consistent ("1"^^xsd:integer gives "1.0"^^xsd:float, "1" gives
 * "1"^^xsd:float); here a decimal is canonical ("1.0") and a float or double
 * is written as XPath casts it to a string ("1", "1.0E7"). */
#include "value_support.h"

static void cast__to_string_from_every_type(void)
{
    EXPECT_STR("\"http://example.org/z\"", cast("xsd:string", "<http://example.org/z>"));
    EXPECT_STR("\"string\"", cast("xsd:string", "\"string\""));
    EXPECT_STR("\"+33.3300\"", cast("xsd:string", "\"+33.3300\""));
    EXPECT_STR("\"true\"", cast("xsd:string", "true"));
    EXPECT_STR("\"false\"", cast("xsd:string", "\"0\"^^xsd:boolean"));
    EXPECT_STR("\"-1\"", cast("xsd:string", "-1"));
    EXPECT_STR("\"1\"", cast("xsd:string", "1.0"));
    EXPECT_STR("\"0\"", cast("xsd:string", "0.0"));
    EXPECT_STR("\"-2.5\"", cast("xsd:string", "-2.5"));
    EXPECT_STR("\"0\"", cast("xsd:string", "0E1"));
    EXPECT_STR("\"1\"", cast("xsd:string", "1E0"));
    EXPECT_STR("\"1.25\"", cast("xsd:string", "\"1.25\"^^xsd:float"));
    EXPECT_STR("\"-7.875\"", cast("xsd:string", "\"-7.875\"^^xsd:float"));
    EXPECT_STR("\"1.0E7\"", cast("xsd:string", "1e7"));
    EXPECT_STR("\"1.0E-7\"", cast("xsd:string", "1e-7"));
    EXPECT_STR("\"2002-10-10T17:00:00Z\"",
               cast("xsd:string", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"));
    EXPECT_STR("\"abc\"", cast("xsd:string", "\"abc\"@en"));
    EXPECT_STR("error", cast("xsd:string", "_:b"));
}

static void cast__to_boolean(void)
{
    EXPECT_STR("\"true\"^^xsd:boolean", cast("xsd:boolean", "\"1\""));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "\"0\""));
    EXPECT_STR("\"true\"^^xsd:boolean", cast("xsd:boolean", "\"true\""));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "\"false\""));
    EXPECT_STR("error", cast("xsd:boolean", "\"string\""));
    EXPECT_STR("error", cast("xsd:boolean", "\"0.0\""));
    EXPECT_STR("error", cast("xsd:boolean", "\"1E0\""));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "\"0\"^^xsd:boolean"));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "0"));
    EXPECT_STR("\"true\"^^xsd:boolean", cast("xsd:boolean", "-1"));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "0.0"));
    EXPECT_STR("\"true\"^^xsd:boolean", cast("xsd:boolean", "-2.5"));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "0E1"));
    EXPECT_STR("\"false\"^^xsd:boolean", cast("xsd:boolean", "\"NaN\"^^xsd:double"));
    EXPECT_STR("\"true\"^^xsd:boolean", cast("xsd:boolean", "\"-7.875\"^^xsd:float"));
    EXPECT_STR("error", cast("xsd:boolean", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"));
    EXPECT_STR("error", cast("xsd:boolean", "<http://example.org/z>"));
}

static void cast__to_integer(void)
{
    EXPECT_STR("\"0\"^^xsd:integer", cast("xsd:integer", "\"0\""));
    EXPECT_STR("\"13\"^^xsd:integer", cast("xsd:integer", "\"13\""));
    EXPECT_STR("\"13\"^^xsd:integer", cast("xsd:integer", "\" 13 \""));
    EXPECT_STR("error", cast("xsd:integer", "\"1.5\""));
    EXPECT_STR("error", cast("xsd:integer", "\"1E0\""));
    EXPECT_STR("error", cast("xsd:integer", "\"abc\""));
    EXPECT_STR("\"1\"^^xsd:integer", cast("xsd:integer", "true"));
    EXPECT_STR("\"0\"^^xsd:integer", cast("xsd:integer", "\"0\"^^xsd:boolean"));
    EXPECT_STR("\"-1\"^^xsd:integer", cast("xsd:integer", "-1"));
    EXPECT_STR("\"1\"^^xsd:integer", cast("xsd:integer", "1.5"));
    EXPECT_STR("\"-2\"^^xsd:integer", cast("xsd:integer", "-2.5"));
    EXPECT_STR("\"1\"^^xsd:integer", cast("xsd:integer", "\"1.25\"^^xsd:float"));
    EXPECT_STR("\"-7\"^^xsd:integer", cast("xsd:integer", "\"-7.875\"^^xsd:float"));
    EXPECT_STR("\"0\"^^xsd:integer", cast("xsd:integer", "0E1"));
    EXPECT_STR("error", cast("xsd:integer", "\"INF\"^^xsd:double"));
    EXPECT_STR("error", cast("xsd:integer", "\"NaN\"^^xsd:float"));
    EXPECT_STR("error", cast("xsd:integer", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"));
    EXPECT_STR("error", cast("xsd:integer", "\"abc\"^^xsd:integer"));
    EXPECT_STR("error", cast("xsd:integer", "<http://example.org/z>"));
}

static void cast__to_decimal(void)
{
    EXPECT_STR("\"33.33\"^^xsd:decimal", cast("xsd:decimal", "\"+33.3300\""));
    EXPECT_STR("\"0.0\"^^xsd:decimal", cast("xsd:decimal", "\"0\""));
    EXPECT_STR("\"1.5\"^^xsd:decimal", cast("xsd:decimal", "\"1.5\""));
    EXPECT_STR("error", cast("xsd:decimal", "\"-10.2E3\""));
    EXPECT_STR("error", cast("xsd:decimal", "\"true\""));
    EXPECT_STR("\"1.0\"^^xsd:decimal", cast("xsd:decimal", "true"));
    EXPECT_STR("\"0.0\"^^xsd:decimal", cast("xsd:decimal", "false"));
    EXPECT_STR("\"-1.0\"^^xsd:decimal", cast("xsd:decimal", "-1"));
    EXPECT_STR("\"-2.5\"^^xsd:decimal", cast("xsd:decimal", "-2.5"));
    EXPECT_STR("\"1.0\"^^xsd:decimal", cast("xsd:decimal", "1E0"));
    EXPECT_STR("\"-7.875\"^^xsd:decimal", cast("xsd:decimal", "\"-7.875\"^^xsd:float"));
    EXPECT_STR("\"0.1\"^^xsd:decimal", cast("xsd:decimal", "0.1e0"));
    EXPECT_STR("\"12300.0\"^^xsd:decimal", cast("xsd:decimal", "1.23e4"));
    EXPECT_STR("error", cast("xsd:decimal", "\"INF\"^^xsd:double"));
    EXPECT_STR("error", cast("xsd:decimal", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"));
}

static void cast__to_float_and_double(void)
{
    EXPECT_STR("\"-10200\"^^xsd:double", cast("xsd:double", "\"-10.2E3\""));
    EXPECT_STR("\"33.33\"^^xsd:double", cast("xsd:double", "\"+33.3300\""));
    EXPECT_STR("\"0\"^^xsd:double", cast("xsd:double", "\"0E1\""));
    EXPECT_STR("\"1.5\"^^xsd:double", cast("xsd:double", "\"1.5\""));
    EXPECT_STR("\"13\"^^xsd:double", cast("xsd:double", "\"13\""));
    EXPECT_STR("\"INF\"^^xsd:double", cast("xsd:double", "\"INF\""));
    EXPECT_STR("error", cast("xsd:double", "\"string\""));
    EXPECT_STR("error", cast("xsd:double", "\"inf\""));
    EXPECT_STR("error", cast("xsd:double", "\"0x10\""));
    EXPECT_STR("\"1\"^^xsd:double", cast("xsd:double", "true"));
    EXPECT_STR("\"0\"^^xsd:double", cast("xsd:double", "\"0\"^^xsd:boolean"));
    EXPECT_STR("\"-1\"^^xsd:double", cast("xsd:double", "-1"));
    EXPECT_STR("\"2.5\"^^xsd:double", cast("xsd:double", "2.5"));
    EXPECT_STR("\"1.25\"^^xsd:double", cast("xsd:double", "\"1.25\"^^xsd:float"));
    EXPECT_STR("\"-10200\"^^xsd:float", cast("xsd:float", "\"-10.2E3\""));
    EXPECT_STR("\"1\"^^xsd:float", cast("xsd:float", "true"));
    EXPECT_STR("\"-7.875\"^^xsd:float", cast("xsd:float", "\"-7.875\"^^xsd:float"));
    EXPECT_STR("\"0.1\"^^xsd:float", cast("xsd:float", "0.1e0"));
    EXPECT_STR("\"1.0E7\"^^xsd:double", cast("xsd:double", "\"10000000\""));
    EXPECT_STR("\"1.0E-7\"^^xsd:float", cast("xsd:float", "\"0.0000001\""));
    EXPECT_STR("error", cast("xsd:float", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"));
    EXPECT_STR("error", cast("xsd:double", "<http://example.org/z>"));
}

static void cast__to_datetime_validates_the_lexical_form(void)
{
    EXPECT_STR("\"2002-10-10T17:00:00Z\"^^xsd:dateTime",
               cast("xsd:dateTime", "\"2002-10-10T17:00:00Z\""));
    EXPECT_STR("\"2002-10-10T17:00:00.25-05:00\"^^xsd:dateTime",
               cast("xsd:dateTime", "\"2002-10-10T17:00:00.250-05:00\""));
    EXPECT_STR("\"2002-10-10T00:00:00Z\"^^xsd:dateTime",
               cast("xsd:dateTime", "\"2002-10-10Z\"^^xsd:date"));
    EXPECT_STR("error", cast("xsd:dateTime", "\"2002-10-10\""));
    EXPECT_STR("error", cast("xsd:dateTime", "\"2002-02-30T00:00:00\""));
    EXPECT_STR("error", cast("xsd:dateTime", "\"2002-10-10T25:00:00\""));
    EXPECT_STR("error", cast("xsd:dateTime", "\"2002-10-10T17:00:00+15:00\""));
    EXPECT_STR("error", cast("xsd:dateTime", "\"string\""));
    EXPECT_STR("error", cast("xsd:dateTime", "1"));
    EXPECT_STR("error", cast("xsd:dateTime", "true"));
    EXPECT_STR("\"2000-02-29T24:00:00\"^^xsd:dateTime",
               cast("xsd:dateTime", "\"2000-02-29T24:00:00\""));
}

static void cast__derived_integer_types_check_their_range(void)
{
    EXPECT_STR("\"127\"^^xsd:byte", cast("xsd:byte", "\"127\""));
    EXPECT_STR("error", cast("xsd:byte", "\"128\""));
    EXPECT_STR("error", cast("xsd:nonNegativeInteger", "-1"));
    EXPECT_STR("\"3\"^^xsd:int", cast("xsd:int", "3.9"));
}

static void cast__unknown_targets_and_blank_nodes_fail(void)
{
    EXPECT(!kg_value_is_cast(KG_XSD "gYear"));
    EXPECT(!kg_value_is_cast("http://example.org/f"));
    EXPECT(kg_value_is_cast(KG_XSD "integer"));
    EXPECT(kg_value_is_cast(KG_XSD "string"));
    EXPECT(kg_value_is_cast(KG_XSD "dateTime"));
    EXPECT_STR("error", cast("<http://example.org/f>", "\"1\""));
    EXPECT_STR("error", cast("xsd:integer", "_:b"));
    EXPECT_STR("error", cast("xsd:integer", "UNBOUND"));
    EXPECT_STR("error", cast("xsd:integer", "\"1\"@en"));
    EXPECT_STR("error", cast("xsd:integer", "\"1\"^^<http://u/>"));
}

static const kg_test_case cases[] = {
    TEST(cast__to_string_from_every_type),
    TEST(cast__to_boolean),
    TEST(cast__to_integer),
    TEST(cast__to_decimal),
    TEST(cast__to_float_and_double),
    TEST(cast__to_datetime_validates_the_lexical_form),
    TEST(cast__derived_integer_types_check_their_range),
    TEST(cast__unknown_targets_and_blank_nodes_fail),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
