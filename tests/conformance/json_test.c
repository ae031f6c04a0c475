/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/json_test.c - the strict JSON parser of the conformance
 * harness: what it accepts, what it decodes, what it rejects and where. */
#include "json.h"

#include "test.h"

static kg_arena *arena;

static kg_status parse(const char *text, cf_json **out, kg_error *err)
{
    kg_arena_reset(arena);
    return cf_json_parse(text, strlen(text), arena, out, err);
}

/* Expects text to be rejected at line:column with a message containing
 * what. */
#define EXPECT_REJECTED(text, line_, column_, what)                                                \
    do {                                                                                           \
        cf_json *rv_;                                                                               \
        kg_error rerr_ = {0};                                                                         \
        EXPECT_INT(KG_ERR_SYNTAX, parse(text, &rv_, &rerr_));                                          \
        EXPECT(rv_ == NULL);                                                                        \
        EXPECT_INT(line_, rerr_.line);                                                                \
        EXPECT_INT(column_, rerr_.column);                                                            \
        EXPECT_CONTAINS(rerr_.message, what);                                                         \
    } while (0)

static void json_parse__nested_values_keep_order_and_types(void)
{
    cf_json *v;
    kg_error err;
    REQUIRE(parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"d\"}} ", &v, &err) ==
            KG_OK);
    EXPECT_INT(CF_JSON_OBJECT, v->type);
    EXPECT_INT(2, v->count);
    EXPECT_STR("a", v->members[0].key);
    const cf_json *a = cf_json_get(v, "a");
    REQUIRE(a && a->type == CF_JSON_ARRAY && a->count == 5);
    EXPECT_INT(CF_JSON_NUMBER, a->items[0].type);
    EXPECT_STR("1", a->items[0].str);
    EXPECT_STR("-2.5e3", a->items[1].str);
    EXPECT_INT(CF_JSON_TRUE, a->items[2].type);
    EXPECT_INT(CF_JSON_FALSE, a->items[3].type);
    EXPECT_INT(CF_JSON_NULL, a->items[4].type);
    const cf_json *c = cf_json_get(cf_json_get(v, "b"), "c");
    REQUIRE(c && c->type == CF_JSON_STRING);
    EXPECT_STR("d", c->str);
    EXPECT(cf_json_get(v, "missing") == NULL);
    EXPECT(cf_json_get(a, "a") == NULL);
}

static void json_parse__empty_containers(void)
{
    cf_json *v;
    kg_error err;
    REQUIRE(parse("[[], {}, \"\"]", &v, &err) == KG_OK);
    REQUIRE(v->count == 3);
    EXPECT_INT(0, v->items[0].count);
    EXPECT_INT(CF_JSON_OBJECT, v->items[1].type);
    EXPECT_INT(0, v->items[1].count);
    EXPECT_INT(0, v->items[2].len);
}

static void json_parse__escapes_decode_to_utf8(void)
{
    cf_json *v;
    kg_error err;
    REQUIRE(parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\\u0000z\"", &v, &err) ==
            KG_OK);
    static const char want[] = "a\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\0z";
    EXPECT_INT(sizeof want - 1, v->len);
    EXPECT(memcmp(v->str, want, sizeof want - 1) == 0);
}

static void json_parse__raw_utf8_passes_through(void)
{
    cf_json *v;
    kg_error err;
    REQUIRE(parse("\"caf\xc3\xa9 \xe6\x97\xa5\"", &v, &err) == KG_OK);
    EXPECT_STR("caf\xc3\xa9 \xe6\x97\xa5", v->str);
}

static void json_parse__rejects_trailing_comma(void)
{
    EXPECT_REJECTED("[1, 2, ]", 1, 8, "trailing comma");
    EXPECT_REJECTED("{\"a\": 1,\n }", 2, 2, "trailing comma");
}

static void json_parse__rejects_leading_zero_and_bad_numbers(void)
{
    EXPECT_REJECTED("012", 1, 2, "leading zeros");
    EXPECT_REJECTED("1.", 1, 3, "fraction");
    EXPECT_REJECTED("-", 1, 2, "integer part");
    EXPECT_REJECTED("1e+", 1, 4, "exponent");
    EXPECT_REJECTED("+1", 1, 1, "unexpected character");
}

static void json_parse__rejects_raw_control_characters(void)
{
    EXPECT_REJECTED("\"a\tb\"", 1, 3, "must be escaped");
}

static void json_parse__rejects_lone_surrogates(void)
{
    EXPECT_REJECTED("\"\\ud800\"", 1, 8, "low surrogate");
    EXPECT_REJECTED("\"\\udc00\"", 1, 8, "low surrogate");
}

static void json_parse__rejects_invalid_utf8(void)
{
    EXPECT_REJECTED("\"\xc3(\"", 1, 2, "UTF-8");
    EXPECT_REJECTED("\"\xed\xa0\x80\"", 1, 2, "UTF-8"); /* encoded surrogate */
}

static void json_parse__rejects_duplicate_keys(void)
{
    EXPECT_REJECTED("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key");
}

static void json_parse__rejects_text_after_the_value(void)
{
    EXPECT_REJECTED("{} {}", 1, 4, "after the JSON value");
    EXPECT_REJECTED("", 1, 1, "unexpected end");
    EXPECT_REJECTED("[1 2]", 1, 4, "expected ','");
    EXPECT_REJECTED("\"abc", 1, 5, "unterminated");
    EXPECT_REJECTED("tru", 1, 1, "unexpected character");
    EXPECT_REJECTED("{1: 2}", 1, 2, "object key");
    EXPECT_REJECTED("// c\n1", 1, 1, "unexpected character");
}

static void json_parse__limits_nesting_depth(void)
{
    char deep[CF_JSON_MAX_DEPTH + 2];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    cf_json *v;
    kg_error err;
    EXPECT_INT(KG_ERR_SYNTAX, parse(deep, &v, &err));
    EXPECT_CONTAINS(err.message, "nesting deeper");
}

static const kg_test_case cases[] = {
    TEST(json_parse__nested_values_keep_order_and_types),
    TEST(json_parse__empty_containers),
    TEST(json_parse__escapes_decode_to_utf8),
    TEST(json_parse__raw_utf8_passes_through),
    TEST(json_parse__rejects_trailing_comma),
    TEST(json_parse__rejects_leading_zero_and_bad_numbers),
    TEST(json_parse__rejects_raw_control_characters),
    TEST(json_parse__rejects_lone_surrogates),
    TEST(json_parse__rejects_invalid_utf8),
    TEST(json_parse__rejects_duplicate_keys),
    TEST(json_parse__rejects_text_after_the_value),
    TEST(json_parse__limits_nesting_depth),
    {0},
};

int main(int argc, char **argv)
{
    arena = kg_arena_new();
    int rc = kg_test_main(argc, argv, cases);
    kg_arena_free(arena);
    return rc;
}
