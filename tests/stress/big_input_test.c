/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/stress/big_input_test.c - the biggest absurd inputs, in make
 * check-stress (hundreds of megabytes, and seconds to minutes of work on a
 * slow machine): a 100 MB literal through a load, an update and the term
 * API is refused by the literal limit, a query of 10,000 triple
 * patterns is answered or refused by a limit, never crashes, and 50 MB of
 * article text is ingested with its proposals capped. Nothing here
 * measures time: speed is bench/'s business. */
#include "kg/ingest.h"
#include "kg/kg.h"
#include "graph/limits_support.h"
#include "test.h"

/* head, a literal's 100 MB of text, tail */
static char *around_100_mb(const char *head, const char *tail)
{
    return limits_repeat(head, "x", (size_t)100 << 20, tail);
}

static void load__literal_of_100_mb_is_refused_with_limit(void)
{
    char *text = around_100_mb("<http://example.org/a> <http://example.org/p> \"", "\" .\n");
    REQUIRE(text);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    EXPECT_INT(KG_ERR_LIMIT, limits_load_text(store, text, strlen(text), KG_FORMAT_NTRIPLES));
    EXPECT_CONTAINS(kg_store_error(store)->message, "exceeds the limit");
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
    free(text);
}

static void update__literal_of_100_mb_is_refused_with_limit(void)
{
    char *text = around_100_mb("INSERT DATA { <http://example.org/a> <http://example.org/p> \"", "\" }");
    REQUIRE(text);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_error err;
    kg_status st = limits_prepare_and_run(store, text, strlen(text), NULL, &err);
    if (st != KG_ERR_LIMIT)
        TEST_FAIL_AT("expected KG_ERR_LIMIT, got %s (%s)", kg_strerror(st), err.message);
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
    free(text);
}

static void store_add__literal_of_100_mb_is_refused_with_limit(void)
{
    char *value = around_100_mb("", "");
    REQUIRE(value);
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_term s = kg_term_iri("http://example.org/a"), p = kg_term_iri("http://example.org/p");
    kg_term o = kg_term_literal(value, NULL, NULL);
    EXPECT_INT(KG_ERR_LIMIT, kg_store_add(store, &s, &p, &o, NULL));
    EXPECT_INT(0, kg_store_size(store));
    kg_store_close(store);
    free(value);
}

static void query__10000_triple_patterns_are_answered_or_refused(void)
{
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    kg_term a = kg_term_iri("http://example.org/a"), p = kg_term_iri("http://example.org/p");
    REQUIRE(kg_store_add(store, &a, &p, &a, NULL) == KG_OK);
    /* joined on one variable, and as a star of distinct variables */
    char *chain = limits_repeat("SELECT * WHERE {", "?s <http://example.org/p> ?s . ", 10000, "}");
    char *star = malloc(10000 * 48 + 64);
    REQUIRE(chain && star);
    size_t n = (size_t)sprintf(star, "ASK WHERE {");
    for (int i = 0; i < 10000; i++)
        n += (size_t)sprintf(star + n, "?s <http://example.org/p> ?o%d . ", i);
    strcpy(star + n, "}");
    kg_error err;
    kg_status st = limits_prepare_and_run(store, chain, strlen(chain), NULL, &err);
    if (st != KG_OK && st != KG_ERR_LIMIT)
        TEST_FAIL_AT("chain: expected KG_OK or KG_ERR_LIMIT, got %s (%s)", kg_strerror(st),
                     err.message);
    st = limits_prepare_and_run(store, star, strlen(star), NULL, &err);
    if (st != KG_OK && st != KG_ERR_LIMIT)
        TEST_FAIL_AT("star: expected KG_OK or KG_ERR_LIMIT, got %s (%s)", kg_strerror(st),
                     err.message);
    kg_store_close(store);
    free(chain);
    free(star);
}

/* rel in the source tree */
static const char *source_file(const char *rel)
{
    static char path[2][4200];
    static int next;
    char *p = path[next++ % 2];
    snprintf(p, sizeof path[0], "%s/../../%s", kg_test_data_dir(), rel);
    return p;
}

static void ingest__fifty_megabytes_give_bounded_proposals(void)
{
    kg_store *store = limits_memory_store();
    REQUIRE(store);
    REQUIRE(kg_load_file(store, source_file("ontology/kgsh.ttl"), NULL, NULL) == KG_OK);
    size_t size = 50u << 20;
    char *data = malloc(size);
    REQUIRE(data);
    /* news-like text full of names, one long line every so often, and noise */
    static const char *const parts[] = {
        "Pudu Robotics, a Shenzhen-based robotics company, plans to open an office in Hong Kong. ",
        "Chief executive Zhang Wei said the firm would invest HK$4 million in Hong Kong. ",
        "Nothing happened here at all. ",
        "Acme Holdings is a subsidiary of Beta Group.\n",
        "\xff\xfe\x00\x01 garbage \xe2\x80 bytes ",
    };
    size_t len = 0;
    for (unsigned k = 0; len < size; k++) {
        const char *p = parts[k % 5];
        size_t n = k % 5 == 4 ? 18 : strlen(p);
        if (len + n > size)
            n = size - len;
        memcpy(data + len, p, n);
        len += n;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/big.txt", kg_test_tmpdir());
    FILE *f = fopen(path, "wb");
    REQUIRE(f);
    fwrite(data, 1, len, f);
    fclose(f);
    free(data);
    kg_ingest *ing = NULL;
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    o.rules_path = source_file("ontology/ingest-rules.txt");
    o.dry_run = true;
    o.max_proposals = 5000;
    EXPECT_INT(KG_OK, kg_ingest_file(&ing, store, path, &o, NULL));
    if (ing) {
        EXPECT(kg_ingest_count(ing) <= 5000);
        EXPECT(kg_ingest_sentence_count(ing) > 100000);
    }
    kg_ingest_free(ing);
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(load__literal_of_100_mb_is_refused_with_limit),
    TEST(update__literal_of_100_mb_is_refused_with_limit),
    TEST(store_add__literal_of_100_mb_is_refused_with_limit),
    TEST(query__10000_triple_patterns_are_answered_or_refused),
    TEST(ingest__fifty_megabytes_give_bounded_proposals),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
