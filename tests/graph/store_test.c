/* tests/graph/store_test.c - the quad store: persistence, transactions,
 * graphs, prefixes, locking, compaction and integrity checks, on real
 * stores on disk and in memory. */
#include <fcntl.h>
#include <sys/stat.h>

#include "kg/store.h"
#include "store/quads.h"
#include "test.h"

static kg_term iri(const char *s)
{
    kg_term t = {KG_TERM_IRI, s, strlen(s), NULL, NULL};
    return t;
}

static kg_term lit(const char *s, const char *dt, const char *lang)
{
    kg_term t = {KG_TERM_LITERAL, s, strlen(s), dt, lang};
    return t;
}

static kg_store *open_store(const char *dir, unsigned flags)
{
    kg_store *store = NULL;
    kg_error err;
    kg_status st = kg_store_open(&store, dir, flags, &err);
    if (st != KG_OK)
        printf("# open %s: %s\n", dir ? dir : "(memory)", err.message);
    return store;
}

static uint64_t count(kg_store *store, kg_graph_mode mode, const kg_term *graph)
{
    kg_view *view = kg_store_view(store);
    kg_id g = graph ? kg_view_lookup(view, graph) : 0;
    kg_scan *scan = kg_scan_open(view, 0, 0, 0, mode, g);
    uint64_t n = 0;
    kg_quad q;
    while (kg_scan_next(scan, &q))
        n++;
    kg_scan_close(scan);
    return n;
}

static bool has(kg_store *store, const kg_term *s, const kg_term *p, const kg_term *o)
{
    kg_view *view = kg_store_view(store);
    kg_id sid = kg_view_lookup(view, s), pid = kg_view_lookup(view, p),
          oid = kg_view_lookup(view, o);
    if (!sid || !pid || !oid)
        return false;
    kg_scan *scan = kg_scan_open(view, sid, pid, oid, KG_GRAPHS_UNION, 0);
    kg_quad q;
    bool found = kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return found;
}

static void store_open__creates_and_reopens_with_same_quads(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/store", kg_test_tmpdir());
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), p = iri("http://ex/p"), g = iri("http://ex/g");
    kg_term l1 = lit("say \"hi\"\nnow", NULL, "en-GB");
    kg_term l2 = lit("42", KG_XSD "integer", NULL);
    kg_term l3 = lit("\xe7\xa7\x91\xe5\xa4\xa7\xe8\xae\xaf\xe9\xa3\x9e", NULL, NULL);
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &p, &l1, NULL));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &p, &l2, &g));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &p, &l3, &g));
    EXPECT_INT(3, kg_store_size(store));
    kg_store_close(store);

    store = open_store(dir, 0);
    REQUIRE(store);
    EXPECT_INT(3, kg_store_size(store));
    EXPECT(has(store, &a, &p, &l1));
    EXPECT(has(store, &a, &p, &l2));
    EXPECT(has(store, &a, &p, &l3));
    EXPECT_INT(2, count(store, KG_GRAPHS_ONE, &g));
    EXPECT_INT(1, count(store, KG_GRAPHS_DEFAULT, NULL));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
}

static void store_open__missing_store_without_create_fails(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/nothing-here", kg_test_tmpdir());
    kg_store *store = NULL;
    kg_error err;
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_store_open(&store, dir, 0, &err));
    EXPECT(store == NULL);
    EXPECT_STR(dir, err.file);
}

static void store_open__refuses_non_empty_foreign_directory(void)
{
    const char *dir = kg_test_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fputs("my notes\n", f);
    fclose(f);
    kg_store *store = NULL;
    kg_error err;
    EXPECT_INT(KG_ERR_INVALID, kg_store_open(&store, dir, KG_STORE_CREATE, &err));
    EXPECT_CONTAINS(err.message, "not empty");
}

static void store_lock__second_writer_is_told_who_holds_it(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *first = open_store(dir, KG_STORE_CREATE);
    REQUIRE(first);
    kg_store *second = NULL;
    kg_error err;
    EXPECT_INT(KG_ERR_LOCKED, kg_store_open(&second, dir, 0, &err));
    EXPECT_CONTAINS(err.message, "pid");
    /* a reader still gets a consistent view */
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_OK, kg_store_add(first, &a, &a, &a, NULL));
    kg_store *reader = open_store(dir, KG_STORE_READONLY);
    REQUIRE(reader);
    EXPECT_INT(1, kg_store_size(reader));
    EXPECT_INT(KG_ERR_READONLY, kg_store_add(reader, &a, &a, &a, NULL));
    kg_store_close(reader);
    kg_store_close(first);
    second = open_store(dir, 0);
    EXPECT(second != NULL);
    kg_store_close(second);
}

static void store_txn__rollback_leaves_store_unchanged(void)
{
    kg_store *store = open_store(kg_test_tmpdir(), KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), b = iri("http://ex/b");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL));
    EXPECT_INT(KG_OK, kg_store_begin(store));
    EXPECT_INT(KG_OK, kg_store_add(store, &b, &b, &b, NULL));
    EXPECT_INT(KG_OK, kg_store_remove(store, &a, &a, &a, NULL));
    EXPECT_INT(1, kg_store_size(store));
    EXPECT(has(store, &b, &b, &b));  /* visible inside the transaction */
    EXPECT(!has(store, &a, &a, &a));
    kg_store_rollback(store);
    EXPECT_INT(1, kg_store_size(store));
    EXPECT(has(store, &a, &a, &a));
    EXPECT(!has(store, &b, &b, &b));
    kg_store_close(store);
}

static void store_txn__last_change_of_a_quad_wins(void)
{
    kg_store *store = open_store(NULL, KG_STORE_MEMORY);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), b = iri("http://ex/b");
    EXPECT_INT(KG_OK, kg_store_begin(store));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL));
    EXPECT_INT(KG_OK, kg_store_remove(store, &a, &a, &a, NULL));
    EXPECT_INT(KG_OK, kg_store_remove(store, &b, &b, &b, NULL));
    EXPECT_INT(KG_OK, kg_store_add(store, &b, &b, &b, NULL));
    EXPECT_INT(KG_OK, kg_store_add(store, &b, &b, &b, NULL));
    EXPECT_INT(KG_OK, kg_store_commit(store));
    EXPECT_INT(1, kg_store_size(store));
    EXPECT(!has(store, &a, &a, &a));
    EXPECT(has(store, &b, &b, &b));
    kg_store_close(store);
}

static void store_union__triple_in_two_graphs_counts_once(void)
{
    kg_store *store = open_store(NULL, KG_STORE_MEMORY);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), g1 = iri("http://ex/g1"), g2 = iri("http://ex/g2");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, &g1));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, &g2));
    EXPECT_INT(2, kg_store_size(store));
    EXPECT_INT(1, count(store, KG_GRAPHS_UNION, NULL));
    EXPECT_INT(2, count(store, KG_GRAPHS_NAMED, NULL));
    EXPECT_INT(0, count(store, KG_GRAPHS_DEFAULT, NULL));
    kg_store_close(store);
}

static int count_graph(void *ctx, const kg_term *graph, uint64_t quads)
{
    (void)graph;
    uint64_t *sum = ctx;
    sum[0]++;
    sum[1] += quads;
    return 0;
}

static void store_graphs__drop_and_create(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/s", kg_test_tmpdir());
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), g1 = iri("http://ex/g1"), g2 = iri("http://ex/g2"),
            empty = iri("http://ex/empty");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, &g1));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &g1, &g1));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, &g2));
    EXPECT_INT(KG_OK, kg_store_create_graph(store, &empty));
    uint64_t sum[2] = {0, 0};
    kg_store_graphs(store, count_graph, sum);
    EXPECT_INT(3, sum[0]);
    EXPECT_INT(3, sum[1]);
    EXPECT_INT(KG_OK, kg_store_drop_graph(store, &g1));
    kg_store_close(store);
    store = open_store(dir, 0);
    REQUIRE(store);
    sum[0] = sum[1] = 0;
    kg_store_graphs(store, count_graph, sum);
    EXPECT_INT(2, sum[0]); /* g2 and the empty one */
    EXPECT_INT(1, sum[1]);
    EXPECT_INT(1, kg_store_size(store));
    kg_store_close(store);
}

static int collect_prefix(void *ctx, const char *prefix, const char *iri_text)
{
    if (strcmp(prefix, "ex") == 0)
        snprintf(ctx, 256, "%s", iri_text);
    return 0;
}

static void store_prefixes__persist(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    EXPECT_INT(KG_OK, kg_store_set_prefix(store, "ex", "http://example.org/"));
    kg_store_close(store);
    store = open_store(dir, 0);
    REQUIRE(store);
    char got[256] = "";
    kg_store_prefixes(store, collect_prefix, got);
    EXPECT_STR("http://example.org/", got);
    kg_store_close(store);
}

static void store_compact__many_commits_merge_and_keep_everything(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    char buf[64];
    for (int i = 0; i < 30; i++) {
        snprintf(buf, sizeof buf, "http://ex/n%d", i);
        kg_term s = iri(buf), p = iri("http://ex/p"), o = lit(buf, NULL, NULL);
        EXPECT_INT(KG_OK, kg_store_add(store, &s, &p, &o, NULL));
        if (i % 3 == 2) {
            EXPECT_INT(KG_OK, kg_store_remove(store, &s, &p, &o, NULL));
        }
    }
    EXPECT_INT(20, kg_store_size(store));
    EXPECT_INT(KG_OK, kg_store_compact(store));
    EXPECT_INT(20, kg_store_size(store));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
    store = open_store(dir, 0);
    REQUIRE(store);
    EXPECT_INT(20, count(store, KG_GRAPHS_UNION, NULL));
    kg_term s0 = iri("http://ex/n0"), p = iri("http://ex/p"), o0 = lit("http://ex/n0", NULL, NULL);
    EXPECT(has(store, &s0, &p, &o0));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
    int files = 0;
    char path[4200];
    for (int gen = 0; gen < 100; gen++) {
        snprintf(path, sizeof path, "%s/seg-%06d.kgs", dir, gen);
        files += access(path, F_OK) == 0;
    }
    EXPECT_INT(1, files);
}

static void store_manifest__truncated_manifest_is_reported_corrupt(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL));
    kg_store_close(store);
    char path[4200];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    struct stat st;
    REQUIRE(stat(path, &st) == 0);
    REQUIRE(truncate(path, st.st_size - 5) == 0);
    kg_error err;
    EXPECT_INT(KG_ERR_CORRUPT, kg_store_open(&store, dir, 0, &err));
    EXPECT_CONTAINS(err.file, "MANIFEST");
}

static void store_check__flipped_byte_in_segment_is_found(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), b = lit("some text", NULL, NULL);
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &b, NULL));
    kg_store_close(store);
    char path[4200];
    snprintf(path, sizeof path, "%s/seg-000001.kgs", dir);
    int fd = open(path, O_RDWR);
    REQUIRE(fd >= 0);
    struct stat st;
    REQUIRE(fstat(fd, &st) == 0);
    char c;
    REQUIRE(pread(fd, &c, 1, st.st_size - 20) == 1);
    c ^= 0x40;
    REQUIRE(pwrite(fd, &c, 1, st.st_size - 20) == 1);
    close(fd);
    store = open_store(dir, KG_STORE_READONLY);
    REQUIRE(store);
    EXPECT_INT(KG_ERR_CORRUPT, kg_store_check(store));
    EXPECT_CONTAINS(kg_store_error(store)->message, "checksum");
    kg_store_close(store);
}

static void store_open__orphan_segments_are_removed(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_store_close(store);
    char path[4200];
    snprintf(path, sizeof path, "%s/seg-000099.kgs", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fputs("half a segment from a crashed commit", f);
    fclose(f);
    store = open_store(dir, 0);
    REQUIRE(store);
    EXPECT(access(path, F_OK) != 0);
    kg_store_close(store);
}

static void store_terms__xsd_string_is_a_plain_literal(void)
{
    kg_store *store = open_store(NULL, KG_STORE_MEMORY);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), typed = lit("x", KG_XSD_STRING, NULL),
            plain = lit("x", NULL, NULL);
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &typed, NULL));
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &plain, NULL));
    EXPECT_INT(1, kg_store_size(store));
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(store_open__creates_and_reopens_with_same_quads),
    TEST(store_open__missing_store_without_create_fails),
    TEST(store_open__refuses_non_empty_foreign_directory),
    TEST(store_lock__second_writer_is_told_who_holds_it),
    TEST(store_txn__rollback_leaves_store_unchanged),
    TEST(store_txn__last_change_of_a_quad_wins),
    TEST(store_union__triple_in_two_graphs_counts_once),
    TEST(store_graphs__drop_and_create),
    TEST(store_prefixes__persist),
    TEST(store_compact__many_commits_merge_and_keep_everything),
    TEST(store_manifest__truncated_manifest_is_reported_corrupt),
    TEST(store_check__flipped_byte_in_segment_is_found),
    TEST(store_open__orphan_segments_are_removed),
    TEST(store_terms__xsd_string_is_a_plain_literal),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
