/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/store_test.c - the quad store: persistence, transactions,
 * graphs, prefixes, locking, compaction and integrity checks, on real
 * stores on disk and in memory. */
#include <fcntl.h>
#include <sys/stat.h>

#include "kg/store.h"
#include "store/quads.h"
#include "store/segment.h"
#include "test.h"
#include "util/hash.h"

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

/* Opens the store at dir again: it must hold size quads and pass the
 * deep check. */
static void expect_reopened(const char *dir, uint64_t size)
{
    kg_store *store = open_store(dir, 0);
    REQUIRE(store);
    EXPECT_INT(size, kg_store_size(store));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
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

/* A writer killed after naming its segment file and before installing
 * the manifest leaves seg-<next generation>.kgs behind: the next commits
 * replace such leftovers instead of failing with "File exists" (share_test
 * under ASan met it). */
static void store_commit__a_killed_writers_leftover_segment_does_not_block(void)
{
    char dir[4200], path[4300];
    snprintf(dir, sizeof dir, "%s/store", kg_test_tmpdir());
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a"), p = iri("http://ex/p"), b = iri("http://ex/b");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &p, &b, NULL));
    unsigned last = 0;
    for (unsigned g = 1; g < 100; g++) {
        snprintf(path, sizeof path, "%s/seg-%06u.kgs", dir, g);
        if (access(path, F_OK) == 0)
            last = g;
    }
    for (unsigned g = last + 1; g <= last + 5; g++) {
        snprintf(path, sizeof path, "%s/seg-%06u.kgs", dir, g);
        REQUIRE(kg_test_write_file(path, "half a segment"));
    }
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "http://ex/c%d", i);
        kg_term c = iri(name);
        EXPECT_INT(KG_OK, kg_store_add(store, &a, &p, &c, NULL));
    }
    EXPECT_INT(6, kg_store_size(store));
    kg_store_close(store);
    expect_reopened(dir, 6);
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
    REQUIRE(kg_test_write_file(path, "my notes\n"));
    kg_store *store = NULL;
    kg_error err;
    EXPECT_INT(KG_ERR_INVALID, kg_store_open(&store, dir, KG_STORE_CREATE, &err));
    EXPECT_CONTAINS(err.message, "not empty");
    snprintf(path, sizeof path, "%s/LOCK", dir);
    EXPECT(access(path, F_OK) != 0); /* issue 15: nothing is left behind */
}

/* Issue 16: a LOCK symlink in a store received from someone else was
 * followed and its target truncated. */
static void store_lock__symlinked_lock_is_refused_and_its_target_untouched(void)
{
    const char *dir = kg_test_tmpdir();
    char lock[4200], target[4200];
    snprintf(lock, sizeof lock, "%s/s", dir);
    kg_store *store = open_store(lock, KG_STORE_CREATE);
    REQUIRE(store);
    kg_store_close(store);
    snprintf(target, sizeof target, "%s/bashrc", dir);
    REQUIRE(kg_test_write_file(target, "precious\n"));
    snprintf(lock, sizeof lock, "%s/s/LOCK", dir);
    REQUIRE(unlink(lock) == 0 && symlink(target, lock) == 0);
    snprintf(lock, sizeof lock, "%s/s", dir);
    store = open_store(lock, 0);
    REQUIRE(store);
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_ERR_IO, kg_store_add(store, &a, &a, &a, NULL));
    EXPECT_CONTAINS(kg_store_error(store)->message, "symbolic link");
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
    size_t len;
    char *text = kg_test_read_file(target, &len);
    EXPECT_STR("precious\n", text ? text : "(unreadable)");
    free(text);
}

/* Issue 16: deleting LOCK during a write let a second writer in, and both
 * reported success while one's commit was lost. Now the second writer
 * gets in, but the first one's commit is refused: nothing is lost unseen. */
static void store_lock__deleted_lock_cannot_lose_a_commit(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *first = open_store(dir, KG_STORE_CREATE);
    kg_store *second = open_store(dir, 0);
    REQUIRE(first && second);
    kg_term a = iri("http://ex/a"), b = iri("http://ex/b");
    EXPECT_INT(KG_OK, kg_store_begin(first));
    EXPECT_INT(KG_OK, kg_store_add(first, &a, &a, &a, NULL));
    char lock[4200];
    snprintf(lock, sizeof lock, "%s/LOCK", dir);
    REQUIRE(unlink(lock) == 0);
    kg_store_set_busy_timeout(second, 0);
    EXPECT_INT(KG_OK, kg_store_add(second, &b, &b, &b, NULL));
    EXPECT_INT(KG_ERR_LOCKED, kg_store_commit(first));
    EXPECT_CONTAINS(kg_store_error(first)->message, "nothing was committed");
    kg_store_close(first);
    kg_store_close(second);
    kg_store *reader = open_store(dir, KG_STORE_READONLY);
    REQUIRE(reader);
    EXPECT_INT(1, kg_store_size(reader));
    EXPECT(has(reader, &b, &b, &b));
    EXPECT_INT(KG_OK, kg_store_check(reader));
    kg_store_close(reader);
}

/* Two handles in one process lock each other out as two processes do
 * (flock belongs to the open file description), but only while one of
 * them writes; a reader keeps its snapshot until it refreshes. */
static void store_lock__second_writer_waits_then_is_told_who_holds_it(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *first = open_store(dir, KG_STORE_CREATE);
    REQUIRE(first);
    kg_store *second = open_store(dir, 0); /* opening takes no lock */
    REQUIRE(second);
    kg_store *reader = open_store(dir, KG_STORE_READONLY);
    REQUIRE(reader);
    kg_term a = iri("http://ex/a"), b = iri("http://ex/b");
    EXPECT_INT(KG_OK, kg_store_begin(first));
    EXPECT_INT(KG_OK, kg_store_add(first, &a, &a, &a, NULL));
    kg_store_set_busy_timeout(second, 0);
    EXPECT_INT(KG_ERR_LOCKED, kg_store_add(second, &b, &b, &b, NULL));
    EXPECT_CONTAINS(kg_store_error(second)->message, "pid");
    kg_store_set_busy_timeout(second, 50); /* waits, then gives up the same way */
    EXPECT_INT(KG_ERR_LOCKED, kg_store_add(second, &b, &b, &b, NULL));
    EXPECT_CONTAINS(kg_store_error(second)->message, "busy timeout");
    EXPECT_INT(KG_OK, kg_store_refresh(reader));
    EXPECT_INT(0, kg_store_size(reader)); /* the open transaction is invisible */
    EXPECT_INT(KG_OK, kg_store_commit(first));
    EXPECT_INT(KG_OK, kg_store_add(second, &b, &b, &b, NULL)); /* builds on first's commit */
    EXPECT_INT(0, kg_store_size(reader));                    /* its snapshot */
    EXPECT_INT(KG_OK, kg_store_refresh(reader));
    EXPECT_INT(2, kg_store_size(reader));
    EXPECT(has(reader, &a, &a, &a) && has(reader, &b, &b, &b));
    EXPECT_INT(KG_ERR_READONLY, kg_store_add(reader, &a, &a, &a, NULL));
    EXPECT_INT(KG_OK, kg_store_refresh(first));
    EXPECT_INT(2, kg_store_size(first));
    kg_store_close(reader);
    kg_store_close(second);
    kg_store_close(first);
}

/* A snapshot (what a cursor holds) keeps reading the state it was taken
 * from while other handles commit, compact (removing its segment files)
 * and this handle refreshes. */
static void store_snapshot__outlives_commits_compaction_and_refresh(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE), *other = open_store(dir, 0);
    REQUIRE(store && other);
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL));
    kg_view *snap = kg_store_snapshot(store);
    REQUIRE(snap);
    EXPECT_INT(KG_OK, kg_store_remove(other, &a, &a, &a, NULL));
    for (int i = 0; i < 12; i++) { /* past the compaction threshold */
        char buf[64];
        snprintf(buf, sizeof buf, "http://ex/n%d", i);
        kg_term n = iri(buf);
        EXPECT_INT(KG_OK, kg_store_add(other, &n, &n, &n, NULL));
    }
    EXPECT_INT(KG_OK, kg_store_refresh(store));
    EXPECT_INT(12, kg_store_size(store));
    EXPECT(!has(store, &a, &a, &a));
    kg_id id = kg_view_lookup(snap, &a);
    EXPECT(id != KG_ID_NONE);
    kg_scan *scan = kg_scan_open(snap, 0, 0, 0, KG_GRAPHS_ALL, 0);
    uint64_t n = 0;
    kg_quad q;
    while (scan && kg_scan_next(scan, &q))
        n += q.s == id;
    kg_scan_close(scan);
    EXPECT_INT(1, n);
    kg_view_free(snap);
    kg_store_close(other);
    kg_store_close(store);
}

/* Issue 16: a directory with segments but no MANIFEST could not be
 * recovered. kg_store_recover rebuilds it, after compactions too. */
static void store_recover__lost_or_damaged_manifest_is_rebuilt_from_segments(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    for (int i = 0; i < 14; i++) { /* a compaction, then more segments */
        char buf[64];
        snprintf(buf, sizeof buf, "http://ex/r%d", i);
        kg_term n = iri(buf);
        EXPECT_INT(KG_OK, kg_store_add(store, &n, &n, &n, NULL));
    }
    kg_term gone = iri("http://ex/r3");
    EXPECT_INT(KG_OK, kg_store_remove(store, &gone, &gone, &gone, NULL));
    kg_store_close(store);
    kg_error err;
    EXPECT_INT(KG_ERR_INVALID, kg_store_recover(dir, &err)); /* sound: nothing to do */
    char path[4200], aside[4300];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    REQUIRE(unlink(path) == 0);
    store = NULL;
    EXPECT(kg_store_open(&store, dir, 0, &err) != KG_OK);
    EXPECT_INT(KG_OK, kg_store_recover(dir, &err));
    store = open_store(dir, 0);
    REQUIRE(store);
    EXPECT_INT(13, kg_store_size(store));
    EXPECT(!has(store, &gone, &gone, &gone));
    EXPECT_INT(KG_OK, kg_store_check(store));
    kg_store_close(store);
    REQUIRE(kg_test_write_file(path, "kgsh-store 2\ngarbage\n"));
    EXPECT_INT(KG_OK, kg_store_recover(dir, &err));
    snprintf(aside, sizeof aside, "%s/MANIFEST.damaged", dir);
    EXPECT(access(aside, F_OK) == 0);
    store = open_store(dir, 0);
    REQUIRE(store);
    EXPECT_INT(13, kg_store_size(store));
    kg_store_close(store);
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

typedef struct prefix_find {
    const char *name;
    char *iri; /* malloc'd copy when found */
} prefix_find;

static int find_prefix(void *ctx, const char *prefix, const char *iri_text)
{
    prefix_find *f = ctx;
    if (strcmp(prefix, f->name) == 0)
        f->iri = strdup(iri_text);
    return 0;
}

/* The IRI bound to name after reopening dir, or NULL; the caller frees. */
static char *reopened_prefix(const char *dir, const char *name)
{
    kg_store *store = open_store(dir, KG_STORE_READONLY);
    if (!store)
        return NULL;
    prefix_find f = {name, NULL};
    kg_store_prefixes(store, find_prefix, &f);
    kg_store_close(store);
    return f.iri;
}

/* Issue 16: a 256-byte prefix name made every later open fail, and an IRI
 * over 4095 bytes came back cut. */
static void store_prefixes__long_name_and_long_iri_survive_a_reopen(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    char name[257], iri_text[5001];
    memset(name, 'n', 256);
    name[256] = '\0';
    memcpy(iri_text, "http://example.org/", 19);
    memset(iri_text + 19, 'x', 5000 - 19);
    iri_text[5000] = '\0';
    EXPECT_INT(KG_OK, kg_store_set_prefix(store, name, "http://example.org/long-name#"));
    EXPECT_INT(KG_OK, kg_store_set_prefix(store, "long", iri_text));
    kg_store_close(store);
    char *got = reopened_prefix(dir, name);
    EXPECT_STR("http://example.org/long-name#", got ? got : "(none: the store did not open)");
    free(got);
    got = reopened_prefix(dir, "long");
    EXPECT_INT(5000, got ? strlen(got) : 0);
    EXPECT(got && strcmp(got, iri_text) == 0);
    free(got);
}

/* Issue 16: an IRI holding a newline or tab wrote extra manifest lines;
 * ESC and BEL reached the terminal through .prefixes. */
static void store_prefixes__control_characters_are_refused_and_the_store_stays_whole(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL));
    static const char *const bad_iris[] = {
        "http://x/\nsegment seg-000009.kgs", "http://x/\tquads 7", "http://x/\x1b[31mred",
        "http://x/\a", "http://x/ space", "relative/iri",
    };
    for (size_t i = 0; i < sizeof bad_iris / sizeof *bad_iris; i++) {
        EXPECT_INT(KG_ERR_INVALID, kg_store_set_prefix(store, "bad", bad_iris[i]));
        EXPECT(!strchr(kg_store_error(store)->message, '\x1b'));
    }
    EXPECT_INT(KG_ERR_INVALID, kg_store_set_prefix(store, "b\x1b[0m", "http://x/"));
    EXPECT_INT(KG_ERR_INVALID, kg_store_set_prefix(store, "a b", "http://x/"));
    EXPECT_INT(KG_ERR_INVALID, kg_store_set_prefix(store, "9x", "http://x/"));
    EXPECT_INT(KG_OK, kg_store_set_prefix(store, "", "http://example.org/empty#"));
    EXPECT_INT(KG_OK, kg_store_set_prefix(store, "caf\xc3\xa9", "http://example.org/%41?q=1"));
    kg_store_close(store);
    expect_reopened(dir, 1);
    char *got = reopened_prefix(dir, "caf\xc3\xa9");
    EXPECT_STR("http://example.org/%41?q=1", got ? got : "(none)");
    free(got);
    got = reopened_prefix(dir, "");
    EXPECT_STR("http://example.org/empty#", got ? got : "(none)");
    free(got);
    EXPECT(!reopened_prefix(dir, "bad"));
}

/* Writes text as dir/MANIFEST, sealed with its checksum line. */
static void write_manifest(const char *dir, const char *text)
{
    char path[4200], sealed[4096];
    snprintf(sealed, sizeof sealed, "%schecksum %016llx\n", text,
             (unsigned long long)kg_hash_bytes(text, strlen(text), 0));
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fputs(sealed, f);
    fclose(f);
}

/* Format 1 stores (kgsh before the escaped manifest) still open; a prefix
 * line the injection bug could have written is dropped, not obeyed. */
static void store_manifest__format_1_opens_and_a_newer_format_is_refused_by_name(void)
{
    const char *dir = kg_test_tmpdir();
    write_manifest(dir, "kgsh-store 1\ngeneration 3\nnext-id 1\nquads 0\n"
                        "prefix ex: http://example.org/%20x\n"
                        "prefix bad: http://x/\ty\n");
    char *got = reopened_prefix(dir, "ex");
    EXPECT_STR("http://example.org/%20x", got ? got : "(none: the store did not open)");
    free(got);
    EXPECT(!reopened_prefix(dir, "bad"));
    kg_store *store = open_store(dir, 0);
    REQUIRE(store);
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL)); /* rewritten in the current format */
    kg_store_close(store);
    /* format 3: its segment is in the blocked format a format-2 kgsh
     * cannot read, so such a kgsh must refuse the store by its number */
    char manifest[4200];
    snprintf(manifest, sizeof manifest, "%s/MANIFEST", dir);
    char *text = kg_test_read_file(manifest, NULL);
    EXPECT(text && strncmp(text, "kgsh-store 3\n", 13) == 0);
    free(text);
    got = reopened_prefix(dir, "ex");
    EXPECT_STR("http://example.org/%20x", got ? got : "(none)");
    free(got);

    write_manifest(dir, "kgsh-store 4\ngeneration 1\nnext-id 1\nquads 0\n");
    kg_error err;
    store = NULL;
    EXPECT_INT(KG_ERR_CORRUPT, kg_store_open(&store, dir, 0, &err));
    EXPECT_CONTAINS(err.message, "format 4, written by a newer kgsh");
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

/* A damaged segment is found when the store is opened, before any query
 * could answer from it. */
static void store_open__flipped_byte_in_segment_is_refused(void)
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
    kg_error err;
    store = NULL;
    EXPECT_INT(KG_ERR_CORRUPT, kg_store_open(&store, dir, KG_STORE_READONLY, &err));
    EXPECT_CONTAINS(err.message, "checksum");
    EXPECT(store == NULL);
}

static void store_write__orphan_segments_are_removed(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store = open_store(dir, KG_STORE_CREATE);
    REQUIRE(store);
    kg_store_close(store);
    char path[4200];
    snprintf(path, sizeof path, "%s/seg-000099.kgs", dir);
    REQUIRE(kg_test_write_file(path, "half a segment from a crashed commit"));
    store = open_store(dir, 0);
    REQUIRE(store);
    kg_term a = iri("http://ex/a");
    EXPECT_INT(KG_OK, kg_store_add(store, &a, &a, &a, NULL)); /* the first write cleans */
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

/* kg_quad_from_key reads through the inverse of kg_order_positions, a
 * second table: each order's key must give back the quad it was made of. */
static void store_keys__every_order_gives_back_its_quad(void)
{
    const kg_quad q = {11, 22, 33, 44};
    for (int order = 0; order < KG_ORDERS; order++) {
        kg_key key = kg_key_from_quad(&q, order);
        kg_quad back = kg_quad_from_key(&key, order);
        if (back.s != q.s || back.p != q.p || back.o != q.o || back.g != q.g)
            TEST_FAIL_AT("order %d: expected 11 22 33 44, got %u %u %u %u", order,
                         (unsigned)back.s, (unsigned)back.p, (unsigned)back.o, (unsigned)back.g);
    }
}

static const kg_test_case cases[] = {
    TEST(store_open__creates_and_reopens_with_same_quads),
    TEST(store_commit__a_killed_writers_leftover_segment_does_not_block),
    TEST(store_open__missing_store_without_create_fails),
    TEST(store_open__refuses_non_empty_foreign_directory),
    TEST(store_lock__second_writer_waits_then_is_told_who_holds_it),
    TEST(store_lock__symlinked_lock_is_refused_and_its_target_untouched),
    TEST(store_lock__deleted_lock_cannot_lose_a_commit),
    TEST(store_snapshot__outlives_commits_compaction_and_refresh),
    TEST(store_recover__lost_or_damaged_manifest_is_rebuilt_from_segments),
    TEST(store_txn__rollback_leaves_store_unchanged),
    TEST(store_txn__last_change_of_a_quad_wins),
    TEST(store_union__triple_in_two_graphs_counts_once),
    TEST(store_graphs__drop_and_create),
    TEST(store_prefixes__persist),
    TEST(store_prefixes__long_name_and_long_iri_survive_a_reopen),
    TEST(store_prefixes__control_characters_are_refused_and_the_store_stays_whole),
    TEST(store_manifest__format_1_opens_and_a_newer_format_is_refused_by_name),
    TEST(store_compact__many_commits_merge_and_keep_everything),
    TEST(store_manifest__truncated_manifest_is_reported_corrupt),
    TEST(store_open__flipped_byte_in_segment_is_refused),
    TEST(store_write__orphan_segments_are_removed),
    TEST(store_terms__xsd_string_is_a_plain_literal),
    TEST(store_keys__every_order_gives_back_its_quad),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
