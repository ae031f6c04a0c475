/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/kill_test.c - SIGKILL at any moment of a load (also one
 * committed through runs on disk: the bounded load of issue 22), a graph
 * delete or a SPARQL update leaves a store that opens, passes
 * kg_store_check and holds exactly the state before the operation or the
 * state after it; a full disk or a file size limit gives a clear error and
 * the state before.
 *
 * Each operation runs in a forked child (crash_driver.c) on a copy of a
 * real on-disk store. Its duration is measured first; then it is started
 * again and again and killed after a random delay spread over that
 * duration, and the store is compared (quad count and a digest of its
 * sorted N-Quads) with the two allowed states, both as a reader sees it
 * and after the next writer has opened it. The base store has eight
 * segments, so the load's commit also triggers a compaction, which must be
 * just as safe to kill.
 *
 * Nothing depends on the machine's speed. The load's file is calibrated
 * first: doubled until the load takes long enough for a kill to land in
 * it. A kill that comes after the operation ended is no failure, it only
 * proves nothing: the window of delays narrows after such a kill and
 * widens back after one that landed (a busy machine oversleeps and its
 * durations vary), and kills go on until the wanted number landed, up to
 * ten times as many tries. Only an operation no kill could land in fails.
 *
 * The stores live in /dev/shm when it exists: SIGKILL leaves the page
 * cache intact, so what a kill can break is the same on any file system,
 * and without fsync's disk waits the test takes seconds, not minutes.
 * KG_CRASH_DIR overrides the place, KG_CRASH_KILLS the kills landed per
 * operation (default 200) and KG_TEST_SEED the random seed (printed, to
 * replay a failure). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "crash_support.h"
#include "test.h"

enum { SEGMENTS = 8, QUADS_PER_SEGMENT = 100, LOAD_TRIPLES = 1000 };
/* The calibrated load: at least this long, at most this many triples. */
#define MIN_LOAD_SECONDS 0.05
enum { MAX_KILL_LOAD_TRIPLES = 256000 };

static char base_dir[4100], data_file[4100], kill_data_file[4100];
static store_state before;

/* ------------------------------------------------------------ fixture */

static bool write_data_file(const char *path, int triples, int literal_bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f, "@prefix ex: <urn:crash:> .\n");
    for (int i = 0; i < triples; i++)
        fprintf(f, "ex:n%d ex:loaded \"value %d %.*s\" .\n", i, i, literal_bytes,
                "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
                "incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud");
    return fclose(f) == 0;
}

/* A store of SEGMENTS commits of QUADS_PER_SEGMENT quads in four graphs. */
static bool make_base_store(const char *dir, int segments, int per_segment)
{
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_CREATE, NULL) != KG_OK)
        return false;
    kg_term p = kg_term_iri("urn:crash:p");
    bool ok = true;
    for (int s = 0; ok && s < segments; s++) {
        char g[64];
        snprintf(g, sizeof g, "urn:crash:g%d", s % 4);
        kg_term graph = kg_term_iri(g);
        ok = kg_store_begin(store) == KG_OK;
        for (int i = 0; ok && i < per_segment; i++) {
            char subject[64], object[64];
            snprintf(subject, sizeof subject, "urn:crash:s%d", s * per_segment + i);
            snprintf(object, sizeof object, "object %d of segment %d", i, s);
            kg_term sub = kg_term_iri(subject), obj = kg_term_literal(object, NULL, NULL);
            ok = kg_store_add(store, &sub, &p, &obj, &graph) == KG_OK;
        }
        ok = ok && kg_store_commit(store) == KG_OK;
    }
    kg_store_close(store);
    return ok;
}

static bool setup(void)
{
    if (base_dir[0])
        return true;
    srandom(kg_test_seed());
    /* A directory of its own: kg_test_tmpdir's is per case. */
    const char *t = getenv("KG_CRASH_DIR");
    struct stat shm;
    if (!t || !*t)
        t = stat("/dev/shm", &shm) == 0 && S_ISDIR(shm.st_mode) ? "/dev/shm" : getenv("TMPDIR");
    char tmpl[4000];
    snprintf(tmpl, sizeof tmpl, "%s/kgcrash.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpl))
        return false;
    snprintf(base_dir, sizeof base_dir, "%s/base", tmpl);
    snprintf(data_file, sizeof data_file, "%s/data.ttl", tmpl);
    snprintf(kill_data_file, sizeof kill_data_file, "%s/kill-data.ttl", tmpl);
    kg_error err;
    return make_base_store(base_dir, SEGMENTS, QUADS_PER_SEGMENT) &&
           write_data_file(data_file, LOAD_TRIPLES, 40) &&
           state_of(base_dir, false, &before, &err) == KG_OK;
}

static void work_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%.4000s/../%s", base_dir, name);
}

/* ------------------------------------------------------- the kill test */

typedef struct outcome {
    int kills, during, before, after, bad;
} outcome;

/* Runs the operation to completion on a copy: its duration (from the
 * ready byte to the done byte) and the state after. */
static bool run_to_end(const char *op, const char *arg, double *seconds, store_state *after)
{
    char dir[4300];
    work_dir(dir, sizeof dir, "measure");
    remove_store(dir);
    if (!copy_store(base_dir, dir))
        return false;
    int ready;
    pid_t pid = start_operation(dir, op, arg, 0, NULL, &ready);
    if (pid < 0)
        return false;
    bool started = wait_byte(ready, false);
    double t = now_seconds();
    bool done = started && wait_byte(ready, true);
    *seconds = now_seconds() - t;
    int status;
    waitpid(pid, &status, 0);
    if (!done)
        return false;
    kg_error err;
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
              state_of(dir, false, after, &err) == KG_OK;
    remove_store(dir);
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void classify(const char *dir, const store_state *after, outcome *o, int kill)
{
    store_state seen[2];
    for (int writer = 0; writer < 2; writer++) {
        kg_error err = {0};
        kg_status st = state_of(dir, writer, &seen[writer], &err);
        if (st != KG_OK) {
            o->bad++;
            TEST_FAIL_AT("kill %d: as %s the store fails: %s: %s", kill, writer ? "writer" : "reader",
                         kg_strerror(st), err.message);
            return;
        }
    }
    if (!state_equal(&seen[0], &seen[1])) {
        o->bad++;
        TEST_FAIL_AT("kill %d: the next writer sees other data than a reader did", kill);
    } else if (state_equal(&seen[0], &before)) {
        o->before++;
    } else if (state_equal(&seen[0], after)) {
        o->after++;
    } else {
        o->bad++;
        TEST_FAIL_AT("kill %d: the store holds %llu quads, neither the %llu before nor the %llu "
                     "after: a partial operation",
                     kill, (unsigned long long)seen[0].quads, (unsigned long long)before.quads,
                     (unsigned long long)after->quads);
    }
}

/* The operation's typical duration: the median of five runs to the end
 * (one slow run on a busy machine must not stretch the window), and the
 * state after it. */
static bool measure(const char *op, const char *arg, double *typical, store_state *after)
{
    double runs[5];
    for (int i = 0; i < 5; i++)
        if (!run_to_end(op, arg, &runs[i], after))
            return false;
    qsort(runs, 5, sizeof runs[0], cmp_double);
    *typical = runs[2];
    return true;
}

static void kill_at_random_moments(const char *op, const char *arg)
{
    REQUIRE(setup());
    const char *env = getenv("KG_CRASH_KILLS");
    int wanted = env && *env ? atoi(env) : 200;
    double typical;
    store_state after;
    if (!measure(op, arg, &typical, &after)) {
        TEST_FAIL_AT("%s %s does not run to completion", op, arg);
        return;
    }
    if (state_equal(&before, &after)) {
        TEST_FAIL_AT("%s %s changes nothing, so killing it proves nothing", op, arg);
        return;
    }
    char dir[4300];
    work_dir(dir, sizeof dir, op);
    outcome o = {0};
    double started = now_seconds();
    /* delays are drawn from [0, window]; the window adapts to where kills
     * land on this machine now */
    double window = typical;
    int tries = 0;
    for (; o.during < wanted && tries < 10 * wanted && o.bad < 3; tries++) {
        remove_store(dir);
        REQUIRE(copy_store(base_dir, dir));
        int ready;
        pid_t pid = start_operation(dir, op, arg, 0, NULL, &ready);
        REQUIRE(pid > 0);
        if (!wait_byte(ready, true)) {
            TEST_FAIL_AT("kill %d: the driver ended before starting the operation", tries);
            waitpid(pid, NULL, 0);
            break;
        }
        useconds_t delay = (useconds_t)((double)random() / RAND_MAX * window * 1e6);
        usleep(delay);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        o.kills++;
        if (WIFSIGNALED(status)) {
            o.during++;
            window = window * 1.05 > typical ? typical : window * 1.05;
        } else {
            window *= 0.8;
        }
        classify(dir, &after, &o, tries);
    }
    remove_store(dir);
    printf("# %s: %d kills in %.1f s (operation %.1f ms, window at the end %.1f ms), %d while it "
           "ran: %d left the state before, %d the state after, %d neither\n",
           op, o.kills, now_seconds() - started, typical * 1000, window * 1000, o.during, o.before,
           o.after, o.bad);
    EXPECT_INT(0, o.bad);
    /* Statistical, so no exact count: but an operation that ten times as
     * many tries could not interrupt even a tenth as often as wanted is
     * over before any signal can reach it, and the test would test
     * nothing. */
    if (o.bad == 0 && o.during < wanted / 10)
        TEST_FAIL_AT("only %d of %d kills landed while the operation ran", o.during, o.kills);
}

/* Doubles the triples of the load's file until a load takes
 * MIN_LOAD_SECONDS on this machine, so a kill can land inside it however
 * fast the machine is. */
static bool calibrate_load(void)
{
    static bool done;
    if (done)
        return true;
    int triples = LOAD_TRIPLES;
    for (;;) {
        if (!write_data_file(kill_data_file, triples, 40))
            return false;
        double typical;
        store_state after;
        if (!measure("load", kill_data_file, &typical, &after))
            return false;
        if (typical >= MIN_LOAD_SECONDS || triples * 2 > MAX_KILL_LOAD_TRIPLES) {
            printf("# the load of %d triples takes %.1f ms here\n", triples, typical * 1000);
            done = true;
            return true;
        }
        triples *= 2;
    }
}

static void sigkill_during_load__leaves_before_or_after(void)
{
    REQUIRE(setup());
    REQUIRE(calibrate_load());
    kill_at_random_moments("load", kill_data_file);
}

/* The same load committed through runs on disk (a load-memory budget of
 * one byte): scratch files, the merge and the segment written in order. */
static void sigkill_during_bounded_load__leaves_before_or_after(void)
{
    REQUIRE(setup());
    REQUIRE(calibrate_load());
    kill_at_random_moments("load-bounded", kill_data_file);
}

static void sigkill_during_graph_delete__leaves_before_or_after(void)
{
    kill_at_random_moments("delete", "urn:crash:g1");
}

static void sigkill_during_update__leaves_before_or_after(void)
{
    kill_at_random_moments("update",
                           "DELETE { GRAPH ?g { ?s <urn:crash:p> ?o } } "
                           "INSERT { GRAPH ?g { ?s <urn:crash:q> ?o } } "
                           "WHERE { GRAPH ?g { ?s <urn:crash:p> ?o } }");
}

static const char *source_file(const char *rel)
{
    static char path[2][4200];
    static int next;
    const char *srcdir = getenv("srcdir");
    char *p = path[next++ % 2];
    snprintf(p, sizeof path[0], "%s/%s", srcdir && *srcdir ? srcdir : ".", rel);
    return p;
}

static void sigkill_during_list_import__leaves_before_or_after(void)
{
    char arg[8500];
    snprintf(arg, sizeof arg, "%s\n%s",
             source_file("datasets/lists/us_dod_1260h_chinese_military_companies.csv"),
             source_file("datasets/lists/us-dod-1260h.map"));
    kill_at_random_moments("import", arg);
}

static void sigkill_during_article_accept__leaves_before_or_after(void)
{
    kill_at_random_moments("accept",
                           source_file("tests/data/ingest/h02-us-blacklists-hong-kong-logistics-firm.txt"));
}

/* ------------------------------------------------------ out of space */

static bool file_contains(const char *path, const char *needle)
{
    size_t len;
    char *text = kg_test_read_file(path, &len);
    bool found = text && strstr(text, needle);
    free(text);
    return found;
}

/* For file size limits from far too small to large enough, op on file
 * (triples of it) either succeeds whole or fails naming EFBIG with the
 * store as it was; returns how many failed. */
static int size_limit_sweep(const char *op, const char *file, int triples,
                            const unsigned long *limits, size_t n_limits)
{
    char dir[4300], errfile[4400];
    work_dir(dir, sizeof dir, "fsize");
    snprintf(errfile, sizeof errfile, "%s.err", dir);
    int failed = 0, succeeded = 0;
    for (size_t i = 0; i < n_limits; i++) {
        remove_store(dir);
        int ready;
        pid_t pid = copy_store(base_dir, dir)
                        ? start_operation(dir, op, file, limits[i], errfile, &ready)
                        : -1;
        if (pid <= 0) {
            TEST_FAIL_AT("%s, limit %lu: cannot copy the store or start the driver", op,
                         limits[i]);
            return failed;
        }
        wait_byte(ready, true);
        int status;
        waitpid(pid, &status, 0);
        store_state seen;
        kg_error err;
        kg_status st = state_of(dir, true, &seen, &err);
        if (st != KG_OK) {
            TEST_FAIL_AT("%s, limit %lu: the store fails: %s", op, limits[i], err.message);
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            succeeded++;
            EXPECT(seen.quads == before.quads + (uint64_t)triples);
        } else {
            failed++;
            if (!file_contains(errfile, "File too large"))
                TEST_FAIL_AT("%s, limit %lu: the error does not name the cause (EFBIG); "
                             "status 0x%x",
                             op, limits[i], (unsigned)status);
            if (!state_equal(&seen, &before))
                TEST_FAIL_AT("%s, limit %lu: a failed load changed the store", op, limits[i]);
        }
    }
    remove_store(dir);
    unlink(errfile);
    printf("# %s, file size limits: %d loads failed cleanly, %d succeeded\n", op, failed,
           succeeded);
    EXPECT(succeeded >= 1);
    return failed;
}

static void file_size_limit__load_fails_clearly_and_keeps_the_store(void)
{
    REQUIRE(setup());
    static const unsigned long limits[] = {512, 4096, 32768, 131072, 262144, 1UL << 24};
    EXPECT(size_limit_sweep("load", data_file, LOAD_TRIPLES, limits, 6) >= 3);
}

/* A load bigger than a one-byte budget writes its runs and the chunks of
 * its dictionary to scratch files (store/newterms.h): 20,000 triples
 * bring 40,000 new terms, ten chunks. A limit reached by any of them
 * fails the load as cleanly. */
static void file_size_limit__bounded_load_fails_clearly_and_keeps_the_store(void)
{
    REQUIRE(setup());
    enum { BOUNDED_TRIPLES = 20000 };
    char file[4200];
    snprintf(file, sizeof file, "%s.bounded.ttl", base_dir);
    REQUIRE(write_data_file(file, BOUNDED_TRIPLES, 40));
    static const unsigned long limits[] = {4096, 65536, 262144, 524288, 1UL << 20, 1UL << 26};
    EXPECT(size_limit_sweep("load-bounded", file, BOUNDED_TRIPLES, limits, 6) >= 3);
    unlink(file);
}

/* Mounts a 1 MiB tmpfs on dir in a mount namespace of this process only
 * (as root, or through a user namespace otherwise). */
static bool mount_small_tmpfs(const char *dir, char *why, size_t size)
{
    if (unshare(CLONE_NEWNS) != 0 && unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
        snprintf(why, size, "unshare: %s", strerror(errno));
        return false;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("kgtest", dir, "tmpfs", 0, "size=1m") != 0) {
        snprintf(why, size, "mount -t tmpfs: %s", strerror(errno));
        return false;
    }
    return true;
}

static bool fill(const char *path, size_t bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    static const char block[4096];
    bool ok = true;
    for (size_t n = 0; ok && n < bytes; n += sizeof block)
        ok = fwrite(block, 1, bytes - n < sizeof block ? bytes - n : sizeof block, f) > 0;
    return fclose(f) == 0 && ok;
}

/* In the child: for fillers leaving less and less room, a load into a
 * fresh store on the small file system either succeeds whole or fails with
 * ENOSPC named and the store as it was. Prints diagnostics; returns the
 * number of failed expectations. */
static int enospc_sweep(const char *mnt)
{
    char store_dir[4400], filler[4400];
    snprintf(store_dir, sizeof store_dir, "%s/store", mnt);
    snprintf(filler, sizeof filler, "%s/filler", mnt);
    int failed = 0, succeeded = 0;
    for (size_t fill_bytes = 1 << 20; fill_bytes > 0; fill_bytes -= 16384) {
        remove_store(store_dir);
        unlink(filler);
        if (!make_base_store(store_dir, 2, 100)) {
            TEST_FAIL_AT("cannot make a store on the small file system");
            break;
        }
        store_state start, seen;
        kg_error err;
        if (state_of(store_dir, false, &start, &err) != KG_OK) {
            TEST_FAIL_AT("the fresh store fails: %s", err.message);
            break;
        }
        fill(filler, fill_bytes); /* as much as fits */
        kg_store *store;
        if (kg_store_open(&store, store_dir, 0, &err) != KG_OK) {
            /* opening writes nothing, so this is a failure of its own */
            TEST_FAIL_AT("with %zu bytes of filler the store does not open: %s", fill_bytes,
                         err.message);
            continue;
        }
        kg_status st = kg_load_file(store, data_file, NULL, NULL);
        char msg[600];
        snprintf(msg, sizeof msg, "%s", kg_store_error(store)->message);
        kg_store_close(store);
        unlink(filler);
        if (state_of(store_dir, true, &seen, &err) != KG_OK) {
            TEST_FAIL_AT("filler %zu: after the load the store fails: %s", fill_bytes, err.message);
        } else if (st == KG_OK) {
            succeeded++;
            EXPECT(seen.quads == start.quads + LOAD_TRIPLES);
        } else {
            failed++;
            if (!strstr(msg, strerror(ENOSPC)))
                TEST_FAIL_AT("filler %zu: the error does not name the cause: %s", fill_bytes, msg);
            if (!state_equal(&seen, &start))
                TEST_FAIL_AT("filler %zu: a failed load changed the store", fill_bytes);
        }
    }
    printf("# full disk: %d loads failed cleanly with ENOSPC, %d succeeded\n", failed, succeeded);
    EXPECT(failed >= 3);
    EXPECT(succeeded >= 1);
    return kg_test_failures;
}

static void full_disk__load_fails_clearly_and_keeps_the_store(void)
{
    REQUIRE(setup());
    char mnt[4300];
    work_dir(mnt, sizeof mnt, "tmpfs");
    REQUIRE(mkdir(mnt, 0700) == 0 || errno == EEXIST);
    fflush(stdout);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        char why[300];
        if (!mount_small_tmpfs(mnt, why, sizeof why)) {
            printf("# cannot make a small file system to fill (%s): this test needs root or "
                   "unprivileged user namespaces; the file size limit test covers failed "
                   "writes, but ENOSPC itself is untested here\n",
                   why);
            fflush(stdout);
            _exit(2);
        }
        int failures = enospc_sweep(mnt);
        fflush(stdout);
        _exit(failures ? 1 : 0); /* the namespace, and the mount, end here */
    }
    int status;
    waitpid(pid, &status, 0);
    rmdir(mnt);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        TEST_FAIL_AT("the full-disk run failed (exit status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static const kg_test_case cases[] = {
    TEST(sigkill_during_load__leaves_before_or_after),
    TEST(sigkill_during_bounded_load__leaves_before_or_after),
    TEST(sigkill_during_graph_delete__leaves_before_or_after),
    TEST(sigkill_during_update__leaves_before_or_after),
    TEST(sigkill_during_list_import__leaves_before_or_after),
    TEST(sigkill_during_article_accept__leaves_before_or_after),
    TEST(file_size_limit__load_fails_clearly_and_keeps_the_store),
    TEST(file_size_limit__bounded_load_fails_clearly_and_keeps_the_store),
    TEST(full_disk__load_fails_clearly_and_keeps_the_store),
    {0},
};

int main(int argc, char **argv)
{
    int rc = kg_test_main(argc, argv, cases);
    if (base_dir[0]) {
        char top[4300];
        remove_store(base_dir);
        snprintf(top, sizeof top, "%s", data_file);
        unlink(data_file);
        unlink(kill_data_file);
        *strrchr(top, '/') = '\0';
        rmdir(top);
    }
    return rc;
}
