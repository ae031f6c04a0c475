/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/value_arith_test.c - arithmetic, numeric type promotion and
 * the lexical forms of computed numbers (sparql/value.h): decimals keep
 * their operands' digits after the point, floats and doubles are written as
 * XPath casts them to strings (the W3C test results' forms). */
#include "value_support.h"

static void arith__integer_sum_stays_integer(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"3", "1", "+", "2"}, {"-1", "1", "-", "2"}, {"6", "2", "*", "3"});
}

static void arith__integers_beyond_64_bits_are_exact(void)
{
    EXPECT_STR("\"18446744073709551616\"^^xsd:integer",
               arith('*', "4294967296", "4294967296"));
    EXPECT_STR("\"9223372036854775808\"^^xsd:integer", arith('+', "9223372036854775807", "1"));
}

static void arith__decimal_sum_is_exact(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"3.3", "1.1", "+", "2.2"}, {"0.1", "0.3", "-", "0.2"},
                {"2.42", "1.1", "*", "2.2"});
}

static void arith__integral_decimal_keeps_point_zero(void)
{
    EXPECT_STR("\"2.0\"^^xsd:decimal", arith('+', "1.5", "0.5"));
    EXPECT_STR("\"0.0\"^^xsd:decimal", arith('-', "1.5", "1.5"));
}

static void arith__integer_division_yields_decimal(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"2.0", "6", "/", "3"}, {"2.5", "5", "/", "2"},
                {"0.333333333333333333333333", "1", "/", "3"});
}

static void arith__division_by_zero_is_error_for_exact_types(void)
{
    EXPECT_STR("error", arith('/', "1", "0"));
    EXPECT_STR("error", arith('/', "1.5", "0.0"));
}

static void arith__division_by_zero_in_doubles_gives_inf_or_nan(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"\"INF\"^^xsd:double", "1e0", "/", "0"},
                {"\"-INF\"^^xsd:double", "-1e0", "/", "0"},
                {"\"NaN\"^^xsd:double", "0e0", "/", "0"});
}

static void arith__promotion_integer_decimal_float_double(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"2.5", "1", "+", "1.5"},
                {"3.0", "1.0", "+", "2"}, /* plus-1 */
                {"\"3\"^^xsd:float", "1", "+", "\"2\"^^xsd:float"},
                {"\"3\"^^xsd:double", "\"1\"^^xsd:float", "+", "2e0"},
                {"\"2.5\"^^xsd:double", "1.5", "+", "1e0"},
                /* sparql10/expr-ops: "3"^^xsd:decimal * "3"^^xsd:decimal */
                {"\"9\"^^xsd:decimal", "\"3\"^^xsd:decimal", "*", "\"3\"^^xsd:decimal"});
}

static void arith__derived_integer_types_compute_as_integer(void)
{
    EXPECT_STR("\"3\"^^xsd:integer", arith('+', "\"1\"^^xsd:short", "\"2\"^^xsd:byte"));
    EXPECT_STR("\"3.5\"^^xsd:decimal", arith('+', "\"1\"^^xsd:unsignedLong", "2.5"));
}

static void arith__float_results_round_to_single_precision(void)
{
    /* 0.1f + 0.2f is 0.3f exactly in single precision but not in double. */
    EXPECT_STR("\"0.3\"^^xsd:float", arith('+', "\"0.1\"^^xsd:float", "\"0.2\"^^xsd:float"));
    EXPECT_STR("\"0.30000000000000004\"^^xsd:double", arith('+', "0.1e0", "0.2e0"));
}

static void arith__doubles_written_as_xpath_strings(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"\"32100\"^^xsd:double", "1.0E2", "+", "3.2E4"},
                {"\"2100\"^^xsd:double", "1.0E2", "+", "2.0E3"},
                {"\"0.2\"^^xsd:double", "2E-1", "*", "1"}, {"\"1\"^^xsd:double", "1e0", "*", "1"},
                {"\"0\"^^xsd:double", "1e0", "-", "1e0"}, {"\"-0\"^^xsd:double", "-1e0", "*", "0"},
                /* outside [1e-6, 1e6) the exponent form */
                {"1.0E21", "1e20", "*", "10"}, {"1.0E6", "1e5", "*", "10"},
                {"5.0E-7", "1e-6", "/", "2"}, {"\"999999\"^^xsd:double", "1e6", "-", "1"});
}

static void arith__non_numbers_are_errors(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"error", "\"1\"", "+", "2"}, {"error", "\"abc\"^^xsd:integer", "+", "2"},
                {"error", "<http://x/>", "+", "2"}, {"error", "UNBOUND", "+", "2"},
                {"error", "true", "+", "2"},
                {"error", "\"300\"^^xsd:byte", "+", "2"}); /* out of range */
}

static void arith__decimals_keep_their_operands_digits(void)
{
    EXPECT_ROWS(vs_arith_row, NULL,
                {"2", "\"01\"^^xsd:integer", "+", "\"+1\"^^xsd:integer"},
                {"34.3300", "\"+33.3300\"^^xsd:decimal", "+", "1"},
                {"1.5", "\"1.\"^^xsd:decimal", "+", "\".5\"^^xsd:decimal"},
                {"\"6\"^^xsd:decimal", "\"3\"^^xsd:decimal", "+", "3"},
                {"2.250", "1.50", "*", "1.5"},
                /* a quotient is written shortest, with a digit after the point */
                {"1.0", "\"3\"^^xsd:decimal", "/", "3"}, {"0.75", "1.50", "/", "2"});
}

static void unary__minus_negates_keeping_type(void)
{
    kg_term out, x = T("1.5");
    EXPECT_STR("\"-1.5\"^^xsd:decimal", shown(kg_value_unary('-', &x, ctx(), &out), &out));
    x = T("-3");
    EXPECT_STR("\"3\"^^xsd:integer", shown(kg_value_unary('-', &x, ctx(), &out), &out));
    x = T("2e0");
    EXPECT_STR("\"-2\"^^xsd:double", shown(kg_value_unary('-', &x, ctx(), &out), &out));
    x = T("\"3\"^^xsd:decimal");
    EXPECT_STR("\"-3\"^^xsd:decimal", shown(kg_value_unary('-', &x, ctx(), &out), &out));
    x = T("\"01\"^^xsd:integer");
    EXPECT_STR("\"1\"^^xsd:integer", shown(kg_value_unary('+', &x, ctx(), &out), &out));
    x = T("\"a\"");
    EXPECT_STR("error", shown(kg_value_unary('-', &x, ctx(), &out), &out));
}

/* sparql10/type-promotion: the datatype of l + r for "1"^^l and "1"^^r */
static void arith__result_datatype_follows_type_promotion_suite(void)
{
    static const struct {
        const char *l, *r, *type;
    } rows[] = {
        {"xsd:byte", "xsd:short", "integer"},     {"xsd:int", "xsd:short", "integer"},
        {"xsd:long", "xsd:short", "integer"},     {"xsd:integer", "xsd:short", "integer"},
        {"xsd:negativeInteger", "xsd:short", "integer"},
        {"xsd:unsignedByte", "xsd:positiveInteger", "integer"},
        {"xsd:decimal", "xsd:decimal", "decimal"}, {"xsd:float", "xsd:decimal", "float"},
        {"xsd:float", "xsd:float", "float"},       {"xsd:double", "xsd:float", "double"},
        {"xsd:double", "xsd:decimal", "double"},   {"xsd:double", "xsd:double", "double"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *l = kg_arena_printf(ctx()->arena, "\"%s\"^^%s",
                                        strstr(rows[i].l, "negative") ? "-1" : "1", rows[i].l);
        const char *r = kg_arena_printf(ctx()->arena, "\"1\"^^%s", rows[i].r);
        const char *sum = arith('+', l, r);
        const char *dt = strstr(sum, "^^xsd:");
        if (!dt || strcmp(dt + 6, rows[i].type) != 0)
            TEST_FAIL_AT("%s + %s: expected xsd:%s, got %s", l, r, rows[i].type, sum);
    }
}

/* sparql10/expr-ops query-add-literals */
static void arith__signed_literals_chain_to_double_zero(void)
{
    kg_term acc = T("+1"), out, zero = T("0");
    const char *rest[] = {"-1", "+2.0", "-2.0", "+3e0", "-3e0"};
    for (size_t i = 0; i < 5; i++) {
        kg_term x = T(rest[i]);
        REQUIRE(kg_value_arith('+', &acc, &x, ctx(), &out));
        acc = out;
    }
    EXPECT_STR("\"0\"^^xsd:double", show(&acc));
    bool eq = false;
    EXPECT(kg_value_compare(KG_CMP_EQ, &acc, &zero, &eq) && eq);
}

static const kg_test_case cases[] = {
    TEST(arith__result_datatype_follows_type_promotion_suite),
    TEST(arith__signed_literals_chain_to_double_zero),
    TEST(arith__integer_sum_stays_integer),
    TEST(arith__integers_beyond_64_bits_are_exact),
    TEST(arith__decimal_sum_is_exact),
    TEST(arith__integral_decimal_keeps_point_zero),
    TEST(arith__integer_division_yields_decimal),
    TEST(arith__division_by_zero_is_error_for_exact_types),
    TEST(arith__division_by_zero_in_doubles_gives_inf_or_nan),
    TEST(arith__promotion_integer_decimal_float_double),
    TEST(arith__derived_integer_types_compute_as_integer),
    TEST(arith__float_results_round_to_single_precision),
    TEST(arith__doubles_written_as_xpath_strings),
    TEST(arith__non_numbers_are_errors),
    TEST(arith__decimals_keep_their_operands_digits),
    TEST(unary__minus_negates_keeping_type),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
