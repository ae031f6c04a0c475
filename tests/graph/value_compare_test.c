/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/value_compare_test.c - effective boolean value, the
 * comparison operators and the ORDER BY order (sparql/value.h). Expected
 * values follow SPARQL 1.1 sections 17.2.2, 17.3 and 15.1 and the W3C
 * open-world, expr-equals and boolean-effective-value suites. */
#include "value_support.h"

/* Inputs {term}: its effective boolean value. */
static const char *ebv_row(const char *const *in, size_t n, const char **what)
{
    *what = vs_what("EBV", in, n, false);
    if (n != 1)
        return "not a row of an EBV table";
    kg_term t = T(in[0]);
    bool r = false;
    bool ok = kg_value_ebv(&t, &r);
    return vs_shown_bool(ok, r);
}

static int order(const char *a, const char *b)
{
    kg_term x = T(a), y = T(b);
    return kg_value_order(&x, &y);
}

static void ebv__booleans_and_numbers_by_value(void)
{
    EXPECT_ROWS(ebv_row, NULL,
                {"true", "true"}, {"false", "\"0\"^^xsd:boolean"}, {"true", "\"1\"^^xsd:boolean"},
                {"false", "0"}, {"true", "-1"}, {"false", "0.0"}, {"false", "\"NaN\"^^xsd:double"},
                {"true", "\"INF\"^^xsd:float"});
}

static void ebv__strings_by_length(void)
{
    EXPECT_ROWS(ebv_row, NULL,
                {"false", "\"\""}, {"true", "\"false\""}, {"true", "\"x\"^^xsd:string"},
                {"true", "\"x\"@en"});
}

static void ebv__ill_typed_boolean_or_number_is_false(void)
{
    EXPECT_ROWS(ebv_row, NULL, {"false", "\"yes\"^^xsd:boolean"}, {"false", "\"abc\"^^xsd:integer"});
}

static void ebv__other_terms_are_errors(void)
{
    EXPECT_ROWS(ebv_row, NULL,
                {"error", "<http://x/>"}, {"error", "_:b"}, {"error", "\"2001-01-01\"^^xsd:date"},
                {"error", "\"x\"^^<http://example/t>"}, {"error", "UNBOUND"});
}

static void compare__numbers_by_value_across_types(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"true", "1", "=", "1.0"}, {"true", "\"01\"^^xsd:integer", "=", "1"},
                {"true", "1", "=", "1.0e0"}, {"true", "1", "<", "1.5"},
                {"true", "2e0", ">=", "\"2\"^^xsd:byte"},
                {"false", "\"1.0e0\"^^xsd:double", "!=", "\"1\"^^xsd:double"});
}

static void compare__operators_at_equal_values(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"false", "1", "<", "1.0"}, {"true", "1", "<=", "1.0"}, {"false", "1.0", ">", "1"},
                {"true", "1.0", ">=", "1"}, {"false", "1.0", "!=", "1"},
                {"false", "\"a\"", "<", "\"a\""}, {"false", "2", ">", "3"},
                {"false", "2", ">=", "3"}, {"true", "2", "<=", "3"}, {"false", "4", "<=", "3"});
}

static void compare__nan_is_unequal_to_everything(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"false", "\"NaN\"^^xsd:double", "=", "\"NaN\"^^xsd:double"},
                {"true", "\"NaN\"^^xsd:double", "!=", "1"},
                {"false", "\"NaN\"^^xsd:double", "<", "1"});
}

static void compare__strings_in_code_point_order(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"true", "\"xyz\"", "=", "\"xyz\"^^xsd:string"},
                {"true", "\"abc\"", "<", "\"abd\""}, {"true", "\"ab\"", "<", "\"abc\""},
                {"true", "\"é\"", ">", "\"z\""});
}

static void compare__language_strings_by_term_equality(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"true", "\"xyz\"@en", "=", "\"xyz\"@EN"}, {"false", "\"xyz\"@en", "=", "\"xyz\""},
                {"true", "\"xyz\"@en", "!=", "\"xyz\"@fr"}, {"error", "\"a\"@en", "<", "\"b\"@en"});
}

static void compare__booleans_and_datetimes_by_value(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"true", "\"1\"^^xsd:boolean", "=", "true"}, {"true", "false", "<", "true"},
                {"true",
                 "\"2002-10-10T12:00:00-05:00\"^^xsd:dateTime", "=", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"},
                {"true",
                 "\"2002-10-10T17:00:00Z\"^^xsd:dateTime", "<", "\"2002-10-10T17:00:00.5Z\"^^xsd:dateTime"},
                {"true", "\"2006-08-23Z\"^^xsd:date", ">", "\"2006-08-22\"^^xsd:date"});
}

static void compare__timezone_against_none_within_14h_is_error(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"error", "\"2006-08-23Z\"^^xsd:date", "=", "\"2006-08-23\"^^xsd:date"},
                {"true", "\"2001-01-01Z\"^^xsd:date", "!=", "\"2006-08-23\"^^xsd:date"},
                {"true",
                 "\"2002-10-10T00:00:00\"^^xsd:dateTime", "<", "\"2002-10-11T15:00:00Z\"^^xsd:dateTime"});
}

static void compare__unknown_or_ill_typed_literals_are_errors_unless_identical(void)
{
    /* W3C open-world open-eq-05..12 */
    EXPECT_ROWS(vs_compare_row, NULL,
                {"true", "\"a\"^^<http://t/1>", "=", "\"a\"^^<http://t/1>"},
                {"error", "\"a\"^^<http://t/1>", "=", "\"b\"^^<http://t/1>"},
                {"error", "\"a\"^^<http://t/1>", "!=", "\"a\"^^<http://t/2>"},
                {"true", "\"xyz\"^^xsd:integer", "=", "\"xyz\"^^xsd:integer"},
                {"error", "\"xyz\"", "!=", "\"xyz\"^^xsd:integer"},
                {"error", "\"xyz\"^^xsd:integer", "!=", "\"xyz\"^^<http://u/>"},
                {"error", "\"abc\"^^xsd:integer", "=", "1"},
                /* A language-tagged string is known to differ from any typed literal. */
                {"true", "\"xyz\"@en", "!=", "\"xyz\"^^xsd:integer"},
                {"true", "\"xyz\"@en", "!=", "\"xyz\"^^<http://u/>"},
                {"error", "\"x\"^^<http://u/>", "<", "\"x\"^^<http://u/>"});
}

static void compare__different_kinds_are_unequal(void)
{
    EXPECT_ROWS(vs_compare_row, NULL,
                {"false", "<http://a/>", "=", "<http://b/>"},
                {"true", "<http://a/>", "=", "<http://a/>"}, {"true", "_:a", "!=", "\"a\""},
                {"true", "<http://a/>", "!=", "\"xyz\"^^<http://u/>"}, {"false", "1", "=", "\"1\""},
                {"false", "1", "=", "\"1\"^^xsd:boolean"},
                {"true",
                 "\"2006-08-23T09:00:00+01:00\"^^xsd:dateTime", "!=", "\"2006-08-23\"^^xsd:date"},
                {"error", "<http://a/>", "<", "<http://b/>"}, {"error", "1", "<", "\"2\""},
                {"error", "UNBOUND", "=", "1"});
}

static void order__kinds_unbound_blank_iri_literal(void)
{
    EXPECT(order("UNBOUND", "_:a") < 0);
    EXPECT(order("_:z", "<http://a/>") < 0);
    EXPECT(order("<http://z/>", "\"a\"") < 0);
    EXPECT(order("\"a\"", "UNBOUND") > 0);
    EXPECT_INT(0, order("UNBOUND", "UNBOUND"));
    EXPECT(order("<http://a/>", "<http://b/>") < 0);
}

static void order__numbers_by_value_across_types(void)
{
    EXPECT(order("2", "10") < 0);
    EXPECT(order("\"10\"^^xsd:integer", "\"9.5\"^^xsd:decimal") > 0);
    EXPECT(order("3.0E4", "2.2") > 0);
    EXPECT(order("-1", "0.5") < 0);
}

static void order__equal_values_tie_only_for_identical_terms(void)
{
    EXPECT(order("1", "1.0") != 0);
    EXPECT_INT(-order("1", "1.0"), order("1.0", "1"));
    EXPECT(order("\"1\"^^xsd:integer", "\"01\"^^xsd:integer") != 0);
    EXPECT_INT(0, order("\"a\"@en", "\"a\"@EN"));
    EXPECT_INT(0, order("\"a\"", "\"a\"^^xsd:string"));
}

static void order__mixed_literals_are_total(void)
{
    const char *terms[] = {"1", "true", "\"2002-10-10T17:00:00Z\"^^xsd:dateTime", "\"a\"",
                           "\"a\"@en", "\"x\"^^<http://u/>", "\"abc\"^^xsd:integer"};
    size_t n = sizeof terms / sizeof terms[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = order(terms[i], terms[j]), d = order(terms[j], terms[i]);
            if (i == j)
                EXPECT_INT(0, c);
            else if (!(c != 0 && (c < 0) == (d > 0)))
                TEST_FAIL_AT("%s vs %s: %d and %d", terms[i], terms[j], c, d);
        }
    EXPECT(order("1", "\"a\"") < 0); /* numbers before strings */
    EXPECT(order("\"b\"", "\"a\"@en") < 0); /* plain before tagged */
}

static void order__strings_and_dates_by_value(void)
{
    EXPECT(order("\"Alice\"^^xsd:string", "\"Bob\"") < 0);
    EXPECT(order("\"2000-01-01\"^^xsd:date", "\"2006-08-23\"^^xsd:date") < 0);
    EXPECT(order("\"2002-10-10T12:00:00-05:00\"^^xsd:dateTime",
                 "\"2002-10-10T16:00:00Z\"^^xsd:dateTime") > 0);
}

static const kg_test_case cases[] = {
    TEST(ebv__booleans_and_numbers_by_value),
    TEST(ebv__strings_by_length),
    TEST(ebv__ill_typed_boolean_or_number_is_false),
    TEST(ebv__other_terms_are_errors),
    TEST(compare__numbers_by_value_across_types),
    TEST(compare__operators_at_equal_values),
    TEST(compare__nan_is_unequal_to_everything),
    TEST(compare__strings_in_code_point_order),
    TEST(compare__language_strings_by_term_equality),
    TEST(compare__booleans_and_datetimes_by_value),
    TEST(compare__timezone_against_none_within_14h_is_error),
    TEST(compare__unknown_or_ill_typed_literals_are_errors_unless_identical),
    TEST(compare__different_kinds_are_unequal),
    TEST(order__kinds_unbound_blank_iri_literal),
    TEST(order__numbers_by_value_across_types),
    TEST(order__equal_values_tie_only_for_identical_terms),
    TEST(order__mixed_literals_are_total),
    TEST(order__strings_and_dates_by_value),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
