/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/corrupt_test.c - damaged stores never answer wrongly.
 *
 * Issue 16: zeroed bytes in a segment brought deleted quads back and made
 * COUNT(*) 0 with exit status 0, and compaction sealed the damage under a
 * new checksum. Here every file of a store (the manifest, each segment, the
 * lock) is damaged at random: bytes flipped, a run zeroed, the file cut
 * short or grown. A child process then opens the copy and answers the
 * same questions as on the intact store (export, quad count, a COUNT(*)
 * query, two ASKs), checks it and writes to it. Each answer must be the
 * right one or an error: never a crash, never a wrong answer given as
 * right; and a write never makes the damage part of a healthy-looking
 * store. Two layouts are damaged: several segments, and one compacted
 * segment.
 *
 * KG_CORRUPT_TRIALS sets the number of damaged copies (default 300) and
 * KG_CRASH_SEED the random seed (printed, to replay a run). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "crash_support.h"
#include "test.h"

enum { COMMITS = 6, QUADS_PER_COMMIT = 30 };
/* The child's exit statuses; any other (a sanitizer's report exits 1) is
 * a failure too. */
enum { CHILD_RIGHT = 0, CHILD_ERROR = 10, CHILD_WRONG = 20 };

/* What a store answers: each field is valid when its status is KG_OK. */
typedef struct answers {
    kg_status export_st, count_st, ask_st, check_st;
    char *nquads;
    uint64_t size;
    char count[32];
    bool present, removed_present;
} answers;

static kg_term iri(const char *s)
{
    return kg_term_iri(s);
}

/* COMMITS commits of quads in the default graph and a named graph, with
 * literals of several kinds, removals of earlier quads and a prefix. */
static bool build_store(const char *dir)
{
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_CREATE, NULL) != KG_OK)
        return false;
    kg_term p = iri("urn:c:p"), g = iri("urn:c:g");
    bool ok = true;
    for (int c = 0; c < COMMITS && ok; c++) {
        ok = kg_store_begin(store) == KG_OK;
        for (int i = 0; i < QUADS_PER_COMMIT && ok; i++) {
            char s[64], text[64];
            snprintf(s, sizeof s, "urn:c:s%d-%d", c, i);
            snprintf(text, sizeof text, "literal %d of commit %d", i, c);
            kg_term sub = iri(s);
            kg_term o = {KG_TERM_LITERAL, text, strlen(text), NULL, i % 3 ? NULL : "en"};
            ok = kg_store_add(store, &sub, &p, &o, i % 2 ? &g : NULL) == KG_OK;
        }
        if (c > 0) { /* remove a quad of the commit before */
            char s[64], text[64];
            snprintf(s, sizeof s, "urn:c:s%d-1", c - 1);
            snprintf(text, sizeof text, "literal 1 of commit %d", c - 1);
            kg_term sub = iri(s), o = {KG_TERM_LITERAL, text, strlen(text), NULL, NULL};
            ok = ok && kg_store_remove(store, &sub, &p, &o, &g) == KG_OK;
        }
        ok = ok && kg_store_commit(store) == KG_OK;
    }
    ok = ok && kg_store_set_prefix(store, "c", "urn:c:") == KG_OK;
    kg_store_close(store);
    return ok;
}

static kg_status query_value(kg_store *store, const char *text, char *value, size_t size,
                             bool *boolean)
{
    kg_query *q = NULL;
    kg_results *r = NULL;
    kg_status st = kg_query_prepare(&q, store, text, strlen(text), NULL, NULL);
    if (st == KG_OK)
        st = kg_query_execute(&r, q);
    bool row = false;
    if (st == KG_OK && boolean)
        *boolean = kg_results_boolean(r);
    else if (st == KG_OK && (st = kg_results_next(&row, r)) == KG_OK && row)
        snprintf(value, size, "%s", kg_results_value(r, 0)->value);
    kg_results_free(r);
    kg_query_free(q);
    return st;
}

/* The answers of the store in dir; a store that does not open answers
 * nothing (every status is the open's). */
static void ask_store(const char *dir, answers *a)
{
    memset(a, 0, sizeof *a);
    kg_store *store;
    kg_status st = kg_store_open(&store, dir, KG_STORE_READONLY, NULL);
    a->export_st = a->count_st = a->ask_st = a->check_st = st;
    if (st != KG_OK)
        return;
    size_t len = 0;
    FILE *f = open_memstream(&a->nquads, &len);
    kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
    eo.format = KG_FORMAT_NQUADS;
    a->export_st = f ? kg_export_stream(store, f, &eo, NULL) : KG_ERR_NOMEM;
    if (f)
        fclose(f);
    a->size = kg_store_size(store);
    a->count_st = query_value(store, "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION "
                                     "{ GRAPH ?g { ?s ?p ?o } } }",
                              a->count, sizeof a->count, NULL);
    a->ask_st = query_value(store, "ASK { <urn:c:s3-4> <urn:c:p> \"literal 4 of commit 3\" }",
                            NULL, 0, &a->present);
    if (a->ask_st == KG_OK)
        a->ask_st = query_value(store, "ASK { GRAPH <urn:c:g> { <urn:c:s2-1> ?p ?o } }", NULL,
                                0, &a->removed_present);
    a->check_st = kg_store_check(store);
    kg_store_close(store);
}

/* Whether every answer given as right (status KG_OK) is the right one. */
static bool answers_right(const answers *got, const answers *want)
{
    if (got->export_st == KG_OK &&
        (strcmp(got->nquads ? got->nquads : "", want->nquads) != 0 || got->size != want->size))
        return false;
    if (got->count_st == KG_OK && strcmp(got->count, want->count) != 0)
        return false;
    if (got->ask_st == KG_OK &&
        (got->present != want->present || got->removed_present != want->removed_present))
        return false;
    return true;
}

/* A write after the damage: it must fail, or leave a store that still
 * answers rightly or refuses. CHILD_* for how it went. */
static int write_and_recheck(const char *dir, const answers *want)
{
    kg_store *store;
    if (kg_store_open(&store, dir, 0, NULL) != KG_OK)
        return CHILD_ERROR;
    kg_store_set_busy_timeout(store, 0);
    kg_status st = KG_OK;
    kg_term p = iri("urn:c:p"), x = iri("urn:c:written");
    /* enough commits to make the store compact its segments */
    for (int i = 0; i < 10 && st == KG_OK; i++) {
        st = kg_store_add(store, &x, &p, &x, NULL);
        if (st == KG_OK)
            st = kg_store_remove(store, &x, &p, &x, NULL);
    }
    kg_store_close(store);
    answers after;
    ask_store(dir, &after);
    bool right = answers_right(&after, want);
    free(after.nquads);
    return !right ? CHILD_WRONG : st == KG_OK ? CHILD_RIGHT : CHILD_ERROR;
}

static _Noreturn void child(const char *dir, const answers *want)
{
    answers got;
    ask_store(dir, &got);
    bool right = answers_right(&got, want);
    bool all_ok = got.export_st == KG_OK && got.count_st == KG_OK && got.ask_st == KG_OK;
    free(got.nquads);
    if (!right)
        _exit(CHILD_WRONG);
    int written = write_and_recheck(dir, want);
    _exit(written == CHILD_WRONG ? CHILD_WRONG : all_ok ? CHILD_RIGHT : CHILD_ERROR);
}

static long rnd(long n)
{
    return n > 0 ? random() % n : 0;
}

/* Damages one file of dir; describes what was done in what. */
static bool damage(const char *dir, char *what, size_t size)
{
    char names[64][256];
    int n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64)
        if (e->d_name[0] != '.')
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    closedir(d);
    if (n == 0)
        return false;
    char path[8400];
    const char *name = names[rnd(n)];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    long len = (long)st.st_size, kind = rnd(4), at = rnd(len), count = 0;
    bool ok = true;
    if (kind == 0 && len > 0) { /* flip bytes */
        count = 1 + rnd(8);
        for (long i = 0; i < count && ok; i++) {
            unsigned char c;
            long off = rnd(len);
            ok = pread(fd, &c, 1, off) == 1;
            c ^= (unsigned char)(1 + rnd(255));
            ok = ok && pwrite(fd, &c, 1, off) == 1;
        }
    } else if (kind == 1 && len > 0) { /* zero a run */
        static const char zeros[4096];
        count = 1 + rnd(len - at < 4096 ? len - at : 4096);
        ok = pwrite(fd, zeros, (size_t)count, at) == count;
    } else if (kind == 2) { /* cut short */
        count = at;
        ok = ftruncate(fd, at) == 0;
    } else { /* grow */
        char junk[64];
        for (size_t i = 0; i < sizeof junk; i++)
            junk[i] = (char)rnd(256);
        count = 1 + rnd(64);
        ok = pwrite(fd, junk, (size_t)count, len) == count;
    }
    close(fd);
    static const char *const kinds[] = {"flipped %ld bytes", "zeroed %ld bytes at %ld",
                                        "cut to %ld bytes", "grew by %ld bytes"};
    char how[80];
    snprintf(how, sizeof how, kinds[kind], count, at);
    snprintf(what, size, "%s: %s", name, how);
    return ok;
}

static unsigned seed_from_env(void)
{
    const char *env = getenv("KG_CRASH_SEED");
    unsigned seed = env && *env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
    printf("# random seed %u (KG_CRASH_SEED=%u replays it)\n", seed, seed);
    return seed;
}

static void damaged_stores__answer_rightly_or_fail_never_wrongly(void)
{
    const char *env = getenv("KG_CORRUPT_TRIALS");
    int trials = env && *env ? atoi(env) : 300;
    srandom(seed_from_env());
    char pristine[2][4200];
    answers want[2];
    for (int l = 0; l < 2; l++) {
        snprintf(pristine[l], sizeof pristine[l], "%s/pristine%d", kg_test_tmpdir(), l);
        REQUIRE(build_store(pristine[l]));
        if (l == 1) { /* the compacted layout */
            kg_store *store;
            REQUIRE(kg_store_open(&store, pristine[l], 0, NULL) == KG_OK);
            REQUIRE(kg_store_compact(store) == KG_OK);
            kg_store_close(store);
        }
        ask_store(pristine[l], &want[l]);
        REQUIRE(want[l].export_st == KG_OK && want[l].check_st == KG_OK);
        REQUIRE(want[l].present && !want[l].removed_present);
    }
    REQUIRE(strcmp(want[0].count, want[1].count) == 0 && want[0].size == want[1].size);
    int right = 0, refused = 0, wrong = 0, crashes = 0;
    for (int t = 0; t < trials; t++) {
        int l = t % 2;
        char dir[4300], what[400] = "";
        snprintf(dir, sizeof dir, "%s/trial", kg_test_tmpdir());
        remove_store(dir);
        REQUIRE(copy_store(pristine[l], dir));
        REQUIRE(damage(dir, what, sizeof what));
        fflush(stdout);
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0)
            child(dir, &want[l]);
        int status;
        waitpid(pid, &status, 0);
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (code == CHILD_RIGHT) {
            right++;
        } else if (code == CHILD_ERROR) {
            refused++;
        } else if (code == CHILD_WRONG) {
            wrong++;
            TEST_FAIL_AT("trial %d (%s): a wrong answer was given as right", t, what);
        } else {
            crashes++;
            TEST_FAIL_AT("trial %d (%s): the reader crashed (status %#x)", t, what, status);
        }
    }
    printf("# %d damaged stores: %d answered rightly, %d refused with an error, %d wrong, "
           "%d crashed\n",
           trials, right, refused, wrong, crashes);
    for (int l = 0; l < 2; l++)
        free(want[l].nquads);
}

static const kg_test_case cases[] = {
    TEST(damaged_stores__answer_rightly_or_fail_never_wrongly),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
