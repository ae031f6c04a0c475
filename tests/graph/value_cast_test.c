/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/value_cast_test.c - the XPath constructor casts of SPARQL 1.1
 * section 17.5, one case per row of its table (source type to target
 * type), with inputs from the W3C sparql11/cast suite. That suite's forms
 * are not consistent ("1"^^xsd:integer gives "1.0"^^xsd:float, "1" gives
 * "1"^^xsd:float); here a decimal is canonical ("1.0") and a float or double
 * is written as XPath casts it to a string ("1", "1.0E7"). */
#include "value_support.h"

static void cast__to_string_from_every_type(void)
{
    EXPECT_ROWS(vs_cast_row, "xsd:string",
                {"\"http://example.org/z\"", "<http://example.org/z>"},
                {"\"string\"", "\"string\""}, {"\"+33.3300\"", "\"+33.3300\""},
                {"\"true\"", "true"}, {"\"false\"", "\"0\"^^xsd:boolean"}, {"\"-1\"", "-1"},
                {"\"1\"", "1.0"}, {"\"0\"", "0.0"}, {"\"-2.5\"", "-2.5"}, {"\"0\"", "0E1"},
                {"\"1\"", "1E0"}, {"\"1.25\"", "\"1.25\"^^xsd:float"},
                {"\"-7.875\"", "\"-7.875\"^^xsd:float"}, {"\"1.0E7\"", "1e7"},
                {"\"1.0E-7\"", "1e-7"},
                {"\"2002-10-10T17:00:00Z\"", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"},
                {"\"abc\"", "\"abc\"@en"}, {"error", "_:b"});
}

static void cast__to_boolean(void)
{
    EXPECT_ROWS(vs_cast_row, "xsd:boolean",
                {"true", "\"1\""}, {"false", "\"0\""}, {"true", "\"true\""}, {"false", "\"false\""},
                {"error", "\"string\""}, {"error", "\"0.0\""}, {"error", "\"1E0\""},
                {"false", "\"0\"^^xsd:boolean"}, {"false", "0"}, {"true", "-1"}, {"false", "0.0"},
                {"true", "-2.5"}, {"false", "0E1"}, {"false", "\"NaN\"^^xsd:double"},
                {"true", "\"-7.875\"^^xsd:float"},
                {"error", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"},
                {"error", "<http://example.org/z>"});
}

static void cast__to_integer(void)
{
    EXPECT_ROWS(vs_cast_row, "xsd:integer",
                {"0", "\"0\""}, {"13", "\"13\""}, {"13", "\" 13 \""}, {"error", "\"1.5\""},
                {"error", "\"1E0\""}, {"error", "\"abc\""}, {"1", "true"},
                {"0", "\"0\"^^xsd:boolean"}, {"-1", "-1"}, {"1", "1.5"}, {"-2", "-2.5"},
                {"1", "\"1.25\"^^xsd:float"}, {"-7", "\"-7.875\"^^xsd:float"}, {"0", "0E1"},
                {"error", "\"INF\"^^xsd:double"}, {"error", "\"NaN\"^^xsd:float"},
                {"error", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"},
                {"error", "\"abc\"^^xsd:integer"}, {"error", "<http://example.org/z>"});
}

static void cast__to_decimal(void)
{
    EXPECT_ROWS(vs_cast_row, "xsd:decimal",
                {"33.33", "\"+33.3300\""}, {"0.0", "\"0\""}, {"1.5", "\"1.5\""},
                {"error", "\"-10.2E3\""}, {"error", "\"true\""}, {"1.0", "true"}, {"0.0", "false"},
                {"-1.0", "-1"}, {"-2.5", "-2.5"}, {"1.0", "1E0"},
                {"-7.875", "\"-7.875\"^^xsd:float"}, {"0.1", "0.1e0"}, {"12300.0", "1.23e4"},
                {"error", "\"INF\"^^xsd:double"},
                {"error", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"});
}

static void cast__to_float_and_double(void)
{
    EXPECT_ROWS(vs_cast_row, NULL,
                {"\"-10200\"^^xsd:double", "xsd:double", "\"-10.2E3\""},
                {"\"33.33\"^^xsd:double", "xsd:double", "\"+33.3300\""},
                {"\"0\"^^xsd:double", "xsd:double", "\"0E1\""},
                {"\"1.5\"^^xsd:double", "xsd:double", "\"1.5\""},
                {"\"13\"^^xsd:double", "xsd:double", "\"13\""},
                {"\"INF\"^^xsd:double", "xsd:double", "\"INF\""},
                {"error", "xsd:double", "\"string\""}, {"error", "xsd:double", "\"inf\""},
                {"error", "xsd:double", "\"0x10\""}, {"\"1\"^^xsd:double", "xsd:double", "true"},
                {"\"0\"^^xsd:double", "xsd:double", "\"0\"^^xsd:boolean"},
                {"\"-1\"^^xsd:double", "xsd:double", "-1"},
                {"\"2.5\"^^xsd:double", "xsd:double", "2.5"},
                {"\"1.25\"^^xsd:double", "xsd:double", "\"1.25\"^^xsd:float"},
                {"\"-10200\"^^xsd:float", "xsd:float", "\"-10.2E3\""},
                {"\"1\"^^xsd:float", "xsd:float", "true"},
                {"\"-7.875\"^^xsd:float", "xsd:float", "\"-7.875\"^^xsd:float"},
                {"\"0.1\"^^xsd:float", "xsd:float", "0.1e0"},
                {"1.0E7", "xsd:double", "\"10000000\""},
                {"\"1.0E-7\"^^xsd:float", "xsd:float", "\"0.0000001\""},
                {"error", "xsd:float", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"},
                {"error", "xsd:double", "<http://example.org/z>"});
}

static void cast__to_datetime_validates_the_lexical_form(void)
{
    EXPECT_ROWS(vs_cast_row, "xsd:dateTime",
                {"\"2002-10-10T17:00:00Z\"^^xsd:dateTime", "\"2002-10-10T17:00:00Z\""},
                {"\"2002-10-10T17:00:00.25-05:00\"^^xsd:dateTime",
                 "\"2002-10-10T17:00:00.250-05:00\""},
                {"\"2002-10-10T00:00:00Z\"^^xsd:dateTime", "\"2002-10-10Z\"^^xsd:date"},
                {"error", "\"2002-10-10\""}, {"error", "\"2002-02-30T00:00:00\""},
                {"error", "\"2002-10-10T25:00:00\""}, {"error", "\"2002-10-10T17:00:00+15:00\""},
                {"error", "\"string\""}, {"error", "1"}, {"error", "true"},
                /* 24:00:00 is the next day's first instant (XSD 1.1 3.3.7) */
                {"\"2000-03-01T00:00:00\"^^xsd:dateTime", "\"2000-02-29T24:00:00\""});
}

static void cast__derived_integer_types_check_their_range(void)
{
    EXPECT_ROWS(vs_cast_row, NULL,
                {"\"127\"^^xsd:byte", "xsd:byte", "\"127\""}, {"error", "xsd:byte", "\"128\""},
                {"error", "xsd:nonNegativeInteger", "-1"}, {"\"3\"^^xsd:int", "xsd:int", "3.9"});
}

static void cast__unknown_targets_and_blank_nodes_fail(void)
{
    EXPECT(!kg_value_is_cast(KG_XSD "gYear"));
    EXPECT(!kg_value_is_cast("http://example.org/f"));
    EXPECT(kg_value_is_cast(KG_XSD "integer"));
    EXPECT(kg_value_is_cast(KG_XSD "string"));
    EXPECT(kg_value_is_cast(KG_XSD "dateTime"));
    EXPECT_ROWS(vs_cast_row, NULL,
                {"error", "<http://example.org/f>", "\"1\""}, {"error", "xsd:integer", "_:b"},
                {"error", "xsd:integer", "UNBOUND"}, {"error", "xsd:integer", "\"1\"@en"},
                {"error", "xsd:integer", "\"1\"^^<http://u/>"});
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
