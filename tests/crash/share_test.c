/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/share_test.c - many processes on one store while writers
 * die (issue 17): writers, two at a time, commit batches as fast as they
 * can and are killed with SIGKILL at random moments (during a commit, a
 * compaction, or while waiting for the lock); readers keep one handle open
 * the whole time and refresh it before every read. Every state a reader
 * sees must be a committed one (a whole number of batches, never fewer
 * quads than before, exporting as many quads as it counts), no read may
 * fail, and the store must pass its check at the end.
 *
 * KG_SHARE_KILLS sets the number of writers killed (default 200) and
 * KG_CRASH_SEED the random seed (printed, to replay a run). How long a
 * writer lives is drawn from the time one commit takes on this machine,
 * measured first, so a slow machine kills as often mid-commit as a fast
 * one. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "crash_support.h"
#include "test.h"

enum { BATCH = 7, READERS = 2 };

static _Noreturn void writer(const char *dir, unsigned tag)
{
    kg_store *store;
    kg_error err;
    if (kg_store_open(&store, dir, 0, &err) != KG_OK) {
        fprintf(stderr, "writer %u: open: %s\n", tag, err.message);
        _exit(3);
    }
    kg_store_set_busy_timeout(store, 60000);
    kg_term p = kg_term_iri("urn:share:p");
    for (unsigned c = 0;; c++) {
        if (kg_store_begin(store) != KG_OK) {
            fprintf(stderr, "writer %u: begin: %s\n", tag, kg_store_error(store)->message);
            _exit(4);
        }
        for (int i = 0; i < BATCH; i++) {
            char s[96];
            snprintf(s, sizeof s, "urn:share:w%u-c%u-%d", tag, c, i);
            kg_term sub = kg_term_iri(s);
            if (kg_store_add(store, &sub, &p, &p, NULL) != KG_OK)
                _exit(5);
        }
        if (kg_store_commit(store) != KG_OK) {
            fprintf(stderr, "writer %u: commit %u: %s\n", tag, c, kg_store_error(store)->message);
            _exit(6);
        }
    }
}

/* Counts the N-Quads lines of the handle's current state. */
static kg_status exported_lines(kg_store *store, uint64_t *lines)
{
    char *text;
    size_t len;
    kg_status st = kg_test_export(store, KG_FORMAT_NQUADS, false, &text, &len);
    *lines = 0;
    for (size_t i = 0; i < len && text; i++)
        *lines += text[i] == '\n';
    free(text);
    return st;
}

/* A reader: one handle, refreshed before each read, until `stop` has
 * something to read. Exits 0 when every state it saw was a committed one. */
static _Noreturn void reader(const char *dir, int stop)
{
    kg_store *store;
    kg_error err;
    if (kg_store_open(&store, dir, KG_STORE_READONLY, &err) != KG_OK) {
        fprintf(stderr, "reader: open: %s\n", err.message);
        _exit(1);
    }
    uint64_t last = 0, reads = 0;
    for (;;) {
        struct timeval now = {0, 0};
        fd_set set;
        FD_ZERO(&set);
        FD_SET(stop, &set);
        if (select(stop + 1, &set, NULL, NULL, &now) > 0)
            break;
        uint64_t lines = 0;
        kg_status st = kg_store_refresh(store);
        uint64_t quads = kg_store_size(store);
        if (st == KG_OK)
            st = exported_lines(store, &lines);
        reads++;
        if (st != KG_OK || quads % BATCH || quads < last || lines != quads) {
            fprintf(stderr, "reader: read %llu: %s (%s); %llu quads, %llu exported, %llu before\n",
                    (unsigned long long)reads, kg_strerror(st), kg_store_error(store)->message,
                    (unsigned long long)quads, (unsigned long long)lines,
                    (unsigned long long)last);
            _exit(1);
        }
        last = quads;
    }
    kg_store_close(store);
    printf("# a reader made %llu reads, the last seeing %llu quads\n", (unsigned long long)reads,
           (unsigned long long)last);
    _exit(0);
}

/* How long one writer commit takes here: a writer's life is drawn from it. */
static double commit_seconds(const char *dir)
{
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_CREATE, NULL) != KG_OK)
        return 0.01;
    kg_term p = kg_term_iri("urn:share:calibrate");
    double start = now_seconds();
    for (int c = 0; c < 10; c++) {
        kg_store_begin(store);
        for (int i = 0; i < BATCH; i++) {
            char s[64];
            snprintf(s, sizeof s, "urn:share:cal-%d-%d", c, i);
            kg_term sub = kg_term_iri(s);
            kg_store_add(store, &sub, &p, &p, NULL);
        }
        kg_store_commit(store);
    }
    kg_store_close(store);
    return (now_seconds() - start) / 10;
}

static pid_t spawn_writer(const char *dir, unsigned tag)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        writer(dir, tag);
    return pid;
}

static void killed_writers__leave_only_committed_states_and_readers_never_fail(void)
{
    const char *env = getenv("KG_SHARE_KILLS");
    int kills = env && *env ? atoi(env) : 200;
    env = getenv("KG_CRASH_SEED");
    unsigned seed = env && *env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
    srandom(seed);
    printf("# random seed %u (KG_CRASH_SEED=%u replays it)\n", seed, seed);
    const char *dir = kg_test_tmpdir();
    double commit = commit_seconds(dir); /* and creates the store */
    printf("# one commit takes %.2f ms here\n", commit * 1000);
    int stop[2];
    REQUIRE(pipe(stop) == 0);
    pid_t readers[READERS];
    for (int r = 0; r < READERS; r++) {
        fflush(stdout);
        readers[r] = fork();
        REQUIRE(readers[r] >= 0);
        if (readers[r] == 0) {
            close(stop[1]);
            reader(dir, stop[0]);
        }
    }
    close(stop[0]);
    pid_t writers[2] = {spawn_writer(dir, 0), spawn_writer(dir, 1)};
    int bad_exits = 0;
    for (int k = 0; k < kills; k++) {
        /* between no time and four commits' time, so kills land anywhere */
        double life = commit * 4 * (double)random() / RAND_MAX;
        struct timespec nap = {(time_t)life, (long)((life - (double)(time_t)life) * 1e9)};
        nanosleep(&nap, NULL);
        int w = (int)(random() % 2), status;
        kill(writers[w], SIGKILL);
        waitpid(writers[w], &status, 0);
        if (!WIFSIGNALED(status)) {
            bad_exits++;
            TEST_FAIL_AT("kill %d: a writer ended by itself with status %d", k,
                         WEXITSTATUS(status));
        }
        writers[w] = spawn_writer(dir, (unsigned)k + 2);
    }
    for (int w = 0; w < 2; w++) {
        kill(writers[w], SIGKILL);
        waitpid(writers[w], NULL, 0);
    }
    close(stop[1]); /* the readers stop */
    for (int r = 0; r < READERS; r++) {
        int status;
        waitpid(readers[r], &status, 0);
        EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    store_state end;
    kg_error err;
    EXPECT_INT(KG_OK, state_of(dir, true, &end, &err));
    EXPECT_INT(0, end.quads % BATCH);
    EXPECT_INT(0, bad_exits);
    printf("# %d writers killed; the store ends with %llu quads\n", kills,
           (unsigned long long)end.quads);
}

static const kg_test_case cases[] = {
    TEST(killed_writers__leave_only_committed_states_and_readers_never_fail),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
