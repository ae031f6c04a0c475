/* tests/graph/value_compare_test.c - effective boolean value, the
 * comparison operators and the ORDER BY order (sparql/value.h). Expected
 * values follow SPARQL 1.1 sections 17.2.2, 17.3 and 15.1 and the W3C
 * open-world, expr-equals and boolean-effective-value suites. */
#include "value_support.h"

static const char *ebv(const char *a)
{
    kg_term t = T(a);
    bool r;
    if (!kg_value_ebv(&t, &r))
        return "error";
    return r ? "true" : "false";
}

static int order(const char *a, const char *b)
{
    kg_term x = T(a), y = T(b);
    return kg_value_order(&x, &y);
}

static void ebv__booleans_and_numbers_by_value(void)
{
    EXPECT_STR("true", ebv("true"));
    EXPECT_STR("false", ebv("\"0\"^^xsd:boolean"));
    EXPECT_STR("true", ebv("\"1\"^^xsd:boolean"));
    EXPECT_STR("false", ebv("0"));
    EXPECT_STR("true", ebv("-1"));
    EXPECT_STR("false", ebv("0.0"));
    EXPECT_STR("false", ebv("\"NaN\"^^xsd:double"));
    EXPECT_STR("true", ebv("\"INF\"^^xsd:float"));
}

static void ebv__strings_by_length(void)
{
    EXPECT_STR("false", ebv("\"\""));
    EXPECT_STR("true", ebv("\"false\""));
    EXPECT_STR("true", ebv("\"x\"^^xsd:string"));
    EXPECT_STR("true", ebv("\"x\"@en"));
}

static void ebv__ill_typed_boolean_or_number_is_false(void)
{
    EXPECT_STR("false", ebv("\"yes\"^^xsd:boolean"));
    EXPECT_STR("false", ebv("\"abc\"^^xsd:integer"));
}

static void ebv__other_terms_are_errors(void)
{
    EXPECT_STR("error", ebv("<http://x/>"));
    EXPECT_STR("error", ebv("_:b"));
    EXPECT_STR("error", ebv("\"2001-01-01\"^^xsd:date"));
    EXPECT_STR("error", ebv("\"x\"^^<http://example/t>"));
    EXPECT_STR("error", ebv("UNBOUND"));
}

static void compare__numbers_by_value_across_types(void)
{
    EXPECT_STR("true", compare(KG_CMP_EQ, "1", "1.0"));
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"01\"^^xsd:integer", "1"));
    EXPECT_STR("true", compare(KG_CMP_EQ, "1", "1.0e0"));
    EXPECT_STR("true", compare(KG_CMP_LT, "1", "1.5"));
    EXPECT_STR("true", compare(KG_CMP_GE, "2e0", "\"2\"^^xsd:byte"));
    EXPECT_STR("false", compare(KG_CMP_NE, "\"1.0e0\"^^xsd:double", "\"1\"^^xsd:double"));
}

static void compare__operators_at_equal_values(void)
{
    EXPECT_STR("false", compare(KG_CMP_LT, "1", "1.0"));
    EXPECT_STR("true", compare(KG_CMP_LE, "1", "1.0"));
    EXPECT_STR("false", compare(KG_CMP_GT, "1.0", "1"));
    EXPECT_STR("true", compare(KG_CMP_GE, "1.0", "1"));
    EXPECT_STR("false", compare(KG_CMP_NE, "1.0", "1"));
    EXPECT_STR("false", compare(KG_CMP_LT, "\"a\"", "\"a\""));
    EXPECT_STR("false", compare(KG_CMP_GT, "2", "3"));
    EXPECT_STR("false", compare(KG_CMP_GE, "2", "3"));
    EXPECT_STR("true", compare(KG_CMP_LE, "2", "3"));
    EXPECT_STR("false", compare(KG_CMP_LE, "4", "3"));
}

static void compare__nan_is_unequal_to_everything(void)
{
    EXPECT_STR("false", compare(KG_CMP_EQ, "\"NaN\"^^xsd:double", "\"NaN\"^^xsd:double"));
    EXPECT_STR("true", compare(KG_CMP_NE, "\"NaN\"^^xsd:double", "1"));
    EXPECT_STR("false", compare(KG_CMP_LT, "\"NaN\"^^xsd:double", "1"));
}

static void compare__strings_in_code_point_order(void)
{
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"xyz\"", "\"xyz\"^^xsd:string"));
    EXPECT_STR("true", compare(KG_CMP_LT, "\"abc\"", "\"abd\""));
    EXPECT_STR("true", compare(KG_CMP_LT, "\"ab\"", "\"abc\""));
    EXPECT_STR("true", compare(KG_CMP_GT, "\"é\"", "\"z\""));
}

static void compare__language_strings_by_term_equality(void)
{
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"xyz\"@en", "\"xyz\"@EN"));
    EXPECT_STR("false", compare(KG_CMP_EQ, "\"xyz\"@en", "\"xyz\""));
    EXPECT_STR("true", compare(KG_CMP_NE, "\"xyz\"@en", "\"xyz\"@fr"));
    EXPECT_STR("error", compare(KG_CMP_LT, "\"a\"@en", "\"b\"@en"));
}

static void compare__booleans_and_datetimes_by_value(void)
{
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"1\"^^xsd:boolean", "true"));
    EXPECT_STR("true", compare(KG_CMP_LT, "false", "true"));
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"2002-10-10T12:00:00-05:00\"^^xsd:dateTime",
                               "\"2002-10-10T17:00:00Z\"^^xsd:dateTime"));
    EXPECT_STR("true", compare(KG_CMP_LT, "\"2002-10-10T17:00:00Z\"^^xsd:dateTime",
                               "\"2002-10-10T17:00:00.5Z\"^^xsd:dateTime"));
    EXPECT_STR("true", compare(KG_CMP_GT, "\"2006-08-23Z\"^^xsd:date",
                               "\"2006-08-22\"^^xsd:date"));
}

static void compare__timezone_against_none_within_14h_is_error(void)
{
    EXPECT_STR("error", compare(KG_CMP_EQ, "\"2006-08-23Z\"^^xsd:date",
                                "\"2006-08-23\"^^xsd:date"));
    EXPECT_STR("true", compare(KG_CMP_NE, "\"2001-01-01Z\"^^xsd:date",
                               "\"2006-08-23\"^^xsd:date"));
    EXPECT_STR("true", compare(KG_CMP_LT, "\"2002-10-10T00:00:00\"^^xsd:dateTime",
                               "\"2002-10-11T15:00:00Z\"^^xsd:dateTime"));
}

static void compare__unknown_or_ill_typed_literals_are_errors_unless_identical(void)
{
    /* W3C open-world open-eq-05..12 */
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"a\"^^<http://t/1>", "\"a\"^^<http://t/1>"));
    EXPECT_STR("error", compare(KG_CMP_EQ, "\"a\"^^<http://t/1>", "\"b\"^^<http://t/1>"));
    EXPECT_STR("error", compare(KG_CMP_NE, "\"a\"^^<http://t/1>", "\"a\"^^<http://t/2>"));
    EXPECT_STR("true", compare(KG_CMP_EQ, "\"xyz\"^^xsd:integer", "\"xyz\"^^xsd:integer"));
    EXPECT_STR("error", compare(KG_CMP_NE, "\"xyz\"", "\"xyz\"^^xsd:integer"));
    EXPECT_STR("error", compare(KG_CMP_NE, "\"xyz\"^^xsd:integer", "\"xyz\"^^<http://u/>"));
    EXPECT_STR("error", compare(KG_CMP_EQ, "\"abc\"^^xsd:integer", "1"));
    /* A language-tagged string is known to differ from any typed literal. */
    EXPECT_STR("true", compare(KG_CMP_NE, "\"xyz\"@en", "\"xyz\"^^xsd:integer"));
    EXPECT_STR("true", compare(KG_CMP_NE, "\"xyz\"@en", "\"xyz\"^^<http://u/>"));
    EXPECT_STR("error", compare(KG_CMP_LT, "\"x\"^^<http://u/>", "\"x\"^^<http://u/>"));
}

static void compare__different_kinds_are_unequal(void)
{
    EXPECT_STR("false", compare(KG_CMP_EQ, "<http://a/>", "<http://b/>"));
    EXPECT_STR("true", compare(KG_CMP_EQ, "<http://a/>", "<http://a/>"));
    EXPECT_STR("true", compare(KG_CMP_NE, "_:a", "\"a\""));
    EXPECT_STR("true", compare(KG_CMP_NE, "<http://a/>", "\"xyz\"^^<http://u/>"));
    EXPECT_STR("false", compare(KG_CMP_EQ, "1", "\"1\""));
    EXPECT_STR("false", compare(KG_CMP_EQ, "1", "\"1\"^^xsd:boolean"));
    EXPECT_STR("true", compare(KG_CMP_NE, "\"2006-08-23T09:00:00+01:00\"^^xsd:dateTime",
                               "\"2006-08-23\"^^xsd:date"));
    EXPECT_STR("error", compare(KG_CMP_LT, "<http://a/>", "<http://b/>"));
    EXPECT_STR("error", compare(KG_CMP_LT, "1", "\"2\""));
    EXPECT_STR("error", compare(KG_CMP_EQ, "UNBOUND", "1"));
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
