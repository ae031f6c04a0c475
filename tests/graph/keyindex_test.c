/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/keyindex_test.c - segment indexes in delta-coded blocks
 * (graph/store/keyindex.c, the format 3 writer in segment.c): random key
 * sets of every shape read back from a segment file exactly as from the
 * same segment built in memory (raw arrays), and are counted as the
 * planner expects; segment files of format 2
 * still open, read and verify, alone and inside a store; a damaged block
 * with a valid checksum is refused by verify and never read past (run
 * under ASan to see the latter); a term table written in windows finds
 * every term. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "kg/store.h"
#include "segment_image.h"
#include "store/segment.h"
#include "store/termcode.h"
#include "test.h"
#include "util/buf.h"
#include "util/fs.h"

static int key_cmp(const void *a, const void *b)
{
    return kg_key_cmp(a, b);
}

/* Sorts keys and drops repeats; returns how many are left. */
static uint64_t sort_unique(kg_key *keys, uint64_t n)
{
    qsort(keys, n, sizeof *keys, key_cmp);
    uint64_t m = 0;
    for (uint64_t i = 0; i < n; i++)
        if (m == 0 || kg_key_cmp(&keys[m - 1], &keys[i]) != 0)
            keys[m++] = keys[i];
    return m;
}

enum { SHAPES = 6 };

/* One component of a random key of the given shape: dense small ids,
 * ids near the largest a store gives, ids anywhere, one subject and
 * predicate with many objects, keys differing in the graph only, and
 * mixed sizes with the default graph. */
static kg_id component(int shape, int position)
{
    switch (shape) {
    case 0: return 1 + (kg_id)(rand() % 40);
    case 1: return KG_ID_STORE_MAX - (kg_id)(rand() % 300);
    case 2: return 1 + (kg_id)(((unsigned)rand() << 16 ^ (unsigned)rand()) % KG_ID_STORE_MAX);
    case 3: return position < 2 ? 7 : position == 2 ? 1 + (kg_id)(rand() % 100000) : 0;
    case 4: return position < 3 ? 5 : 1 + (kg_id)(rand() % 5000);
    default:
        if (position == 3)
            return rand() % 4 ? 0 : 1 + (kg_id)(rand() % 10);
        return 1 + (kg_id)(rand() % (rand() % 2 ? 200 : 2000000));
    }
}

static uint64_t random_keys(kg_key *keys, uint64_t n, int shape)
{
    for (uint64_t i = 0; i < n; i++)
        for (int j = 0; j < 4; j++)
            keys[i].k[j] = component(shape, j);
    return sort_unique(keys, n);
}

static kg_segment *build(const kg_key *adds, uint64_t n_add, const kg_key *dels, uint64_t n_del)
{
    kg_segment_parts parts = {.first_id = 1, .add_spog = adds, .n_add = n_add,
                              .del_spog = dels, .n_del = n_del};
    kg_segment *seg = NULL;
    kg_error err;
    if (kg_segment_build(&parts, &seg, &err) != KG_OK)
        TEST_FAIL_AT("building a segment: %s", err.message);
    return seg;
}

static void write_bytes(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    REQUIRE(kg_fs_replace_file(path, data, len, 0600) == 0);
}

/* seg written as a format 3 file dir/name and mapped back. */
static kg_segment *write_and_map(const kg_segment *seg, const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    uint64_t checksum;
    kg_error err = {0};
    kg_status st = fd < 0 ? KG_ERR_IO : kg_segment_write(seg, fd, &checksum, &err);
    if (fd >= 0)
        close(fd);
    kg_segment *mapped = NULL;
    if (st != KG_OK)
        TEST_FAIL_AT("writing a segment: %s", fd < 0 ? "cannot create it" : err.message);
    else if (kg_segment_map(dir, name, &checksum, &mapped, &err) != KG_OK)
        TEST_FAIL_AT("mapping a segment just written: %s", err.message);
    return mapped;
}

/* Reads [lo, hi) of an index through a cursor into out; returns how many
 * keys came. */
static uint64_t read_at(const kg_index *ix, uint64_t lo, uint64_t hi, kg_key *out)
{
    kg_index_cursor c;
    kg_index_cursor_at(&c, ix, lo, hi);
    uint64_t n = 0;
    while (kg_index_cursor_next(&c, &out[n]))
        n++;
    return n;
}

static bool same_keys(kg_index_cursor *a, kg_index_cursor *b)
{
    kg_key x, y;
    for (;;) {
        bool more = kg_index_cursor_next(a, &x);
        if (more != kg_index_cursor_next(b, &y))
            return false;
        if (!more)
            return true;
        if (kg_key_cmp(&x, &y) != 0)
            return false;
    }
}

/* A prefix near a key of the index (itself, or one component off by one,
 * so that ranges that are empty, or fall between blocks, come up too). */
static kg_key near_prefix(const kg_key *keys, uint64_t n, int prefix_len)
{
    kg_key p = n ? keys[(uint64_t)rand() % n] : (kg_key){{1, 1, 1, 1}};
    if (prefix_len > 0 && rand() % 3 == 0)
        p.k[prefix_len - 1] += rand() % 2 ? 1u : UINT32_MAX; /* +1 or -1 */
    return p;
}

/* The blocked index reads as the raw one: whole, at positions, by prefix
 * ranges and from a prefix on. */
static void expect_same_index(const kg_index *raw, const kg_index *blocked, const char *what)
{
    EXPECT_INT(raw->n, blocked->n);
    kg_key *a = malloc((raw->n + 1) * sizeof *a), *b = malloc((raw->n + 1) * sizeof *b);
    REQUIRE(a && b);
    EXPECT_INT(raw->n, read_at(raw, 0, raw->n, a));
    uint64_t got = read_at(blocked, 0, blocked->n, b);
    if (got != raw->n || memcmp(a, b, got * sizeof *a) != 0)
        TEST_FAIL_AT("%s: %llu keys read back, expected the %llu keys built", what,
                     (unsigned long long)got, (unsigned long long)raw->n);
    for (int t = 0; t < 200; t++) {
        int len = t % 5;
        kg_key prefix = near_prefix(a, raw->n, len);
        kg_index_cursor cr, cb;
        uint64_t nr = kg_index_cursor_range(&cr, raw, &prefix, len);
        uint64_t nb = kg_index_cursor_range(&cb, blocked, &prefix, len);
        if (nr != nb || !same_keys(&cr, &cb))
            TEST_FAIL_AT("%s: range of a %d-component prefix: %llu keys raw, %llu blocked", what,
                         len, (unsigned long long)nr, (unsigned long long)nb);
        /* the planner's count: exact for a block's worth, else an upper
         * bound within a block at each end */
        uint64_t count = kg_index_count(blocked, &prefix, len);
        if (count < nr || count > nr + 2 * KG_BLOCK_KEYS || (nr <= KG_BLOCK_KEYS && count != nr))
            TEST_FAIL_AT("%s: count of a %d-component prefix: %llu for %llu keys", what, len,
                         (unsigned long long)count, (unsigned long long)nr);
        kg_index_cursor_from(&cr, raw, &prefix, len);
        kg_index_cursor_from(&cb, blocked, &prefix, len);
        if (!same_keys(&cr, &cb))
            TEST_FAIL_AT("%s: keys from a %d-component prefix differ", what, len);
        uint64_t lo = raw->n ? (uint64_t)rand() % (raw->n + 1) : 0;
        uint64_t hi = lo + (uint64_t)rand() % (raw->n - lo + 1);
        kg_index_cursor_at(&cr, raw, lo, hi);
        kg_index_cursor_at(&cb, blocked, lo, hi);
        if (!same_keys(&cr, &cb))
            TEST_FAIL_AT("%s: keys at [%llu, %llu) differ", what, (unsigned long long)lo,
                         (unsigned long long)hi);
    }
    free(a);
    free(b);
}

static void expect_same_segment(const kg_segment *raw, const kg_segment *file, const char *what)
{
    for (int o = 0; o < KG_ORDERS; o++) {
        expect_same_index(&raw->add[o], &file->add[o], what);
        expect_same_index(&raw->del[o], &file->del[o], what);
    }
}

static void segment_blocks__random_key_sets_read_back_as_built(void)
{
    srand(kg_test_seed());
    const char *dir = kg_test_tmpdir();
    /* block edges: none, one key, a block less one, one, one and a key */
    static const uint64_t sizes[] = {0, 1, 2, 63, 64, 65, 127, 128, 129};
    enum { N_SIZES = sizeof sizes / sizeof *sizes, MAX = 6000 };
    kg_key *adds = malloc(MAX * sizeof *adds), *dels = malloc(MAX * sizeof *dels);
    REQUIRE(adds && dels);
    for (int round = 0; round < 60; round++) {
        int shape = round % SHAPES;
        uint64_t n_add = round < 2 * N_SIZES ? sizes[round % N_SIZES] : (uint64_t)rand() % MAX;
        uint64_t n_del = round % 3 ? (uint64_t)rand() % 300 : sizes[round % N_SIZES];
        n_add = random_keys(adds, n_add, shape);
        n_del = random_keys(dels, n_del, (shape + 1) % SHAPES);
        kg_segment *raw = build(adds, n_add, dels, n_del);
        REQUIRE(raw);
        kg_segment *file = write_and_map(raw, dir, "seg.kgs");
        REQUIRE(file);
        char what[80];
        snprintf(what, sizeof what, "round %d (shape %d, %llu added, %llu removed)", round, shape,
                 (unsigned long long)n_add, (unsigned long long)n_del);
        EXPECT_INT(2, raw->version);
        EXPECT_INT(3, file->version);
        kg_error err;
        if (kg_segment_verify(file, &err) != KG_OK)
            TEST_FAIL_AT("%s: verify: %s", what, err.message);
        expect_same_segment(raw, file, what);
        /* sorted keys close together take a few bytes each, not 16 (ids
         * spread at random take up to 21: raw would be smaller there) */
        if (n_add >= 1000 && (shape == 0 || shape == 3 || shape == 4) &&
            file->image_len * 5 >= raw->image_len * 2)
            TEST_FAIL_AT("%s: %llu bytes in a file, %llu built: expected under 40%%", what,
                         (unsigned long long)file->image_len, (unsigned long long)raw->image_len);
        kg_segment_free(file);
        kg_segment_free(raw);
    }
    free(adds);
    free(dels);
}

/* A segment of quads over terms ex:t1 .. ex:tN, as kgsh wrote them before
 * format 3 (kg_store_write_segment wrote the built image as it was). */
enum { OLD_TERMS = 40 };

static kg_segment *old_segment(kg_key *keys, uint64_t *n_keys, kg_buf *blob, uint64_t *offsets)
{
    offsets[0] = 0;
    for (int i = 0; i < OLD_TERMS; i++) {
        char value[32];
        snprintf(value, sizeof value, "http://ex/t%d", i + 1);
        kg_term t = {KG_TERM_IRI, value, strlen(value), NULL, NULL};
        if (!kg_termcode_append(blob, &t))
            return NULL;
        offsets[i + 1] = blob->len;
    }
    for (uint64_t i = 0; i < *n_keys; i++)
        keys[i] = (kg_key){{1 + (kg_id)(rand() % OLD_TERMS), 1 + (kg_id)(rand() % OLD_TERMS),
                            1 + (kg_id)(rand() % OLD_TERMS), 0}};
    *n_keys = sort_unique(keys, *n_keys);
    kg_segment_parts parts = {.first_id = 1, .n_terms = OLD_TERMS,
                              .term_blob = (const uint8_t *)blob->data, .blob_len = blob->len,
                              .term_offsets = offsets, .add_spog = keys, .n_add = *n_keys};
    kg_segment *seg = NULL;
    kg_error err;
    kg_segment_build(&parts, &seg, &err);
    return seg;
}

static void segment_map__format_2_files_still_read_alone_and_in_a_store(void)
{
    srand(kg_test_seed());
    const char *dir = kg_test_tmpdir();
    enum { N = 700 };
    kg_key keys[N];
    uint64_t n = N, offsets[OLD_TERMS + 1];
    kg_buf blob = KG_BUF_INIT;
    kg_segment *built = old_segment(keys, &n, &blob, offsets);
    REQUIRE(built);
    write_bytes(dir, "seg-000001.kgs", built->image, built->image_len);

    kg_segment *old = NULL;
    kg_error err;
    REQUIRE(kg_segment_map(dir, "seg-000001.kgs", &built->checksum, &old, &err) == KG_OK);
    EXPECT_INT(2, old->version);
    EXPECT_INT(KG_OK, kg_segment_verify(old, &err));
    expect_same_segment(built, old, "a format 2 file");
    kg_segment_free(old);

    /* the same file as a store's only segment */
    char manifest[512];
    snprintf(manifest, sizeof manifest,
             "kgsh-store 2\ngeneration 1\nnext-id %d\nquads %llu\nsegment seg-000001.kgs %016llx\n",
             OLD_TERMS + 1, (unsigned long long)n, (unsigned long long)built->checksum);
    char sealed[600], path[4200];
    snprintf(sealed, sizeof sealed, "%schecksum %016llx\n", manifest,
             (unsigned long long)kg_hash_bytes(manifest, strlen(manifest), 0));
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    REQUIRE(kg_test_write_file(path, sealed));
    kg_store *store = NULL;
    if (kg_store_open(&store, dir, 0, &err) != KG_OK)
        TEST_FAIL_AT("a store of a format 2 segment does not open: %s", err.message);
    REQUIRE(store);
    EXPECT_INT(KG_OK, kg_store_check(store));
    EXPECT_INT(n, kg_test_count_quads(store));
    kg_term a = {KG_TERM_IRI, "http://ex/new", 13, NULL, NULL};
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL)); /* a format 3 segment beside it */
    EXPECT_INT(n + 1, kg_test_count_quads(store));
    EXPECT_INT(KG_OK, kg_store_check(store));
    EXPECT_INT(KG_OK, kg_store_compact(store)); /* both rewritten as one format 3 segment */
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
    REQUIRE(kg_store_open(&store, dir, 0, &err) == KG_OK);
    EXPECT_INT(n + 1, kg_test_count_quads(store));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
    kg_segment_free(built);
    kg_buf_free(&blob);
}

static void segment_verify__damaged_blocks_with_a_valid_checksum_are_refused_never_overread(void)
{
    srand(kg_test_seed());
    const char *dir = kg_test_tmpdir();
    enum { N = 3000 };
    kg_key *keys = malloc(N * sizeof *keys);
    REQUIRE(keys);
    uint64_t n = random_keys(keys, N, 0);
    kg_segment *raw = build(keys, n, keys, n / 2);
    REQUIRE(raw);
    kg_segment *file = write_and_map(raw, dir, "seg.kgs");
    REQUIRE(file);
    size_t len = file->image_len;
    uint8_t *good = malloc(len), *bad = malloc(len);
    REQUIRE(good && bad);
    memcpy(good, file->image, len);
    kg_segment_free(file);
    uint32_t version, header_size;
    memcpy(&version, good + SEG_AT_VERSION, 4);
    memcpy(&header_size, good + SEG_AT_HEADER_SIZE, 4);
    REQUIRE(version == 3 && header_size == SEG_HEADER_V3_SIZE); /* segment_image.h is current */
    uint64_t keys_at = seg_image_u64(good, SEG_AT_OFF_ADD);
    uint64_t keys_end = seg_image_u64(good, SEG_AT_OFF_CREATED);
    uint64_t spog_len = seg_image_u64(good, SEG_AT_LEN_ADD);
    kg_error err;

    /* a key's header byte claiming later components equal where the
     * first difference is the last: refused */
    memcpy(bad, good, len);
    bad[keys_at] = 0xff;
    seg_image_seal(bad, len);
    write_bytes(dir, "bad.kgs", bad, len);
    kg_segment *seg = NULL;
    REQUIRE(kg_segment_map(dir, "bad.kgs", NULL, &seg, &err) == KG_OK);
    EXPECT_INT(KG_ERR_CORRUPT, kg_segment_verify(seg, &err));
    EXPECT_CONTAINS(err.message, "damaged");
    seg_image_read_all(seg, false);
    kg_segment_free(seg);

    /* a block's end past the data: refused, not followed */
    uint64_t blocks = kg_index_blocks(n), dir_at = (keys_at + spog_len + 7) & ~(uint64_t)7;
    uint64_t huge = (uint64_t)1 << 60;
    memcpy(bad, good, len);
    memcpy(bad + dir_at + blocks * 16 + 8, &huge, 8);
    seg_image_seal(bad, len);
    write_bytes(dir, "bad.kgs", bad, len);
    REQUIRE(kg_segment_map(dir, "bad.kgs", NULL, &seg, &err) == KG_OK);
    EXPECT_INT(KG_ERR_CORRUPT, kg_segment_verify(seg, &err));
    seg_image_read_all(seg, false);
    kg_segment_free(seg);

    /* random damage anywhere in the indexes: mapped (the checksum is
     * valid), then verified or refused, and read either way */
    int refused = 0;
    for (int t = 0; t < 300; t++) {
        memcpy(bad, good, len);
        for (int k = 1 + rand() % 4; k > 0; k--)
            bad[keys_at + (uint64_t)rand() % (keys_end - keys_at)] = (uint8_t)rand();
        seg_image_seal(bad, len);
        write_bytes(dir, "bad.kgs", bad, len);
        REQUIRE(kg_segment_map(dir, "bad.kgs", NULL, &seg, &err) == KG_OK);
        bool sound = kg_segment_verify(seg, &err) == KG_OK;
        refused += !sound;
        if (!seg_image_read_all(seg, sound))
            TEST_FAIL_AT("a damaged segment that verify passed reads wrong");
        kg_segment_free(seg);
    }
    printf("# %d of 300 damaged images refused by verify\n", refused);
    EXPECT(refused > 0);
    free(good);
    free(bad);
    free(keys);
    kg_segment_free(raw);
}

/* The terms of parts read through a kg_term_reader, as a transaction's
 * spilled dictionary is. */
typedef struct array_reader {
    const kg_segment_parts *parts;
    uint32_t next;
} array_reader;

static kg_status array_rewind(void *ctx, kg_error *err)
{
    (void)err;
    ((array_reader *)ctx)->next = 0;
    return KG_OK;
}

static kg_status array_next(void *ctx, const uint8_t **code, size_t *len, kg_error *err)
{
    (void)err;
    array_reader *r = ctx;
    *code = NULL;
    *len = 0;
    if (r->next < r->parts->n_terms) {
        const uint64_t *off = r->parts->term_offsets;
        *code = r->parts->term_blob + off[r->next];
        *len = off[r->next + 1] - off[r->next];
        r->next++;
    }
    return KG_OK;
}

/* Only the dictionary of parts written to dir/name with the term table in
 * windows of table_memory bytes, and mapped back. */
static kg_segment *write_terms(const kg_segment_parts *parts, uint64_t table_memory,
                               const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        TEST_FAIL_AT("cannot create %s", path);
        return NULL;
    }
    kg_segment_file *f;
    uint64_t checksum;
    kg_error err = {0};
    kg_status st = kg_segment_file_begin(&f, fd, parts, table_memory, &err);
    if (st == KG_OK)
        st = kg_segment_file_finish(f, parts, &checksum);
    close(fd);
    kg_segment *mapped = NULL;
    if (st != KG_OK)
        TEST_FAIL_AT("writing a segment's terms: %s", err.message);
    else if (kg_segment_map(dir, name, &checksum, &mapped, &err) != KG_OK)
        TEST_FAIL_AT("mapping a segment just written: %s", err.message);
    return mapped;
}

/* A term table bigger than the writer's memory is written a window of
 * slots at a time (a 100M-triple load has 39M terms, a 1 GB table): the
 * entries that run past a window's end, and past the table's end to its
 * first slots, must land where a lookup's probing finds them. Terms are
 * picked so that some have their home in the last slot of the first
 * window and of the table. */
static void segment_terms__a_table_written_in_windows_finds_every_term(void)
{
    enum { N = 3000, CAP = 8192, CROWD = 6 };
    const char *dir = kg_test_tmpdir();
    kg_buf blob = KG_BUF_INIT, code = KG_BUF_INIT;
    uint64_t *offsets = malloc((N + 1) * sizeof *offsets);
    REQUIRE(offsets);
    offsets[0] = 0;
    unsigned at_window_end = 0, at_table_end = 0, n = 0;
    for (unsigned i = 0; n < N; i++) {
        char value[40];
        snprintf(value, sizeof value, "http://ex/w%u", i);
        kg_term t = {KG_TERM_IRI, value, strlen(value), NULL, NULL};
        kg_buf_clear(&code);
        REQUIRE(kg_termcode_append(&code, &t));
        uint64_t home = kg_termcode_hash((const uint8_t *)code.data, code.len) & (CAP - 1);
        bool crowd = home == CAP / 2 - 1 ? at_window_end < CROWD
                                         : home == CAP - 1 && at_table_end < CROWD;
        /* the rest of the terms fill in, once the crowds are complete */
        if (!crowd && (at_window_end < CROWD || at_table_end < CROWD))
            continue;
        at_window_end += home == CAP / 2 - 1;
        at_table_end += home == CAP - 1;
        REQUIRE(kg_buf_append(&blob, code.data, code.len));
        offsets[++n] = blob.len;
    }
    kg_segment_parts parts = {.first_id = 1, .n_terms = N, .term_blob = (const uint8_t *)blob.data,
                              .blob_len = blob.len, .term_offsets = offsets};
    array_reader reader = {&parts, 0};
    const kg_term_reader terms = {&reader, array_rewind, array_next};
    kg_segment_parts read = parts;
    read.terms = &terms;
    kg_segment *whole = write_terms(&parts, 0, dir, "whole.kgs");
    kg_segment *windows = write_terms(&parts, 8, dir, "windows.kgs"); /* the smallest windows */
    kg_segment *from_reader = write_terms(&read, 8, dir, "reader.kgs");
    REQUIRE(whole && windows && from_reader);
    EXPECT_INT(CAP, windows->table_cap);
    kg_segment *segs[] = {whole, windows, from_reader};
    for (int s = 0; s < 3; s++)
        for (uint32_t i = 0; i < N; i++) {
            const uint8_t *c = (const uint8_t *)blob.data + offsets[i];
            size_t len = offsets[i + 1] - offsets[i];
            kg_id id = kg_segment_find_term(segs[s], c, len, kg_termcode_hash(c, len));
            if (id != 1 + i)
                TEST_FAIL_AT("segment %d: term %u found as id %u", s, i + 1, id);
        }
    /* the crowd at the table's end wrapped around to its first slots */
    uint64_t e = windows->term_table[0];
    REQUIRE(e);
    uint32_t first = (uint32_t)(e & 0xffffffffu) - 1;
    const uint8_t *c = (const uint8_t *)blob.data + offsets[first];
    EXPECT_INT(CAP - 1, kg_termcode_hash(c, offsets[first + 1] - offsets[first]) & (CAP - 1));
    /* read from a reader or from memory, the same file */
    EXPECT_INT(windows->image_len, from_reader->image_len);
    EXPECT(memcmp(windows->image, from_reader->image, windows->image_len) == 0);
    kg_segment_free(whole);
    kg_segment_free(windows);
    kg_segment_free(from_reader);
    kg_buf_free(&blob);
    kg_buf_free(&code);
    free(offsets);
}

static const kg_test_case cases[] = {
    TEST(segment_blocks__random_key_sets_read_back_as_built),
    TEST(segment_map__format_2_files_still_read_alone_and_in_a_store),
    TEST(segment_verify__damaged_blocks_with_a_valid_checksum_are_refused_never_overread),
    TEST(segment_terms__a_table_written_in_windows_finds_every_term),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
