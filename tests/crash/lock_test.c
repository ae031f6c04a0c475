/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/lock_test.c - two processes on one store: while one writes,
 * a second writer waits for the busy timeout and is then refused with a
 * message naming the holder's pid, and
 * readers always see a complete, checked state, never a torn one, even
 * while the writer commits and compacts as fast as it can. Also: a writer
 * killed with SIGKILL leaves the lock free for the next one. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>

#include "crash_support.h"
#include "test.h"

enum { COMMITS = 60, QUADS_PER_COMMIT = 10 };

static bool send_byte(int fd)
{
    return write(fd, "x", 1) == 1;
}

/* The writer child: opens dir, adds one batch in a transaction it keeps
 * open, says so on `to_parent`, waits for a byte on `from_parent`, then
 * commits and exits. */
static _Noreturn void hold_and_commit(const char *dir, int to_parent, int from_parent)
{
    kg_store *store;
    if (kg_store_open(&store, dir, 0, NULL) != KG_OK || kg_store_begin(store) != KG_OK)
        _exit(3);
    kg_term p = kg_term_iri("urn:lock:p");
    for (int i = 0; i < 100; i++) {
        char s[64];
        snprintf(s, sizeof s, "urn:lock:s%d", i);
        kg_term sub = kg_term_iri(s);
        if (kg_store_add(store, &sub, &p, &p, NULL) != KG_OK)
            _exit(4);
    }
    send_byte(to_parent);
    char c;
    if (read(from_parent, &c, 1) != 1)
        _exit(5);
    kg_status st = kg_store_commit(store);
    kg_store_close(store);
    _exit(st == KG_OK ? 0 : 1);
}

/* Creates a store in dir and starts a child that holds it mid-transaction
 * (hold_and_commit). Returns the child's pid once it holds the store, or
 * -1; a byte on *release lets it commit, and the caller closes *release. */
static pid_t start_holder(const char *dir, int *release)
{
    kg_store *store;
    if (kg_store_open(&store, dir, KG_STORE_CREATE, NULL) != KG_OK)
        return -1;
    kg_store_close(store);
    int up[2], down[2];
    if (pipe(up) != 0 || pipe(down) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        hold_and_commit(dir, up[1], down[0]);
    close(up[1]);
    close(down[0]);
    char c;
    bool holds = pid > 0 && read(up[0], &c, 1) == 1;
    close(up[0]);
    *release = down[1];
    return holds ? pid : -1;
}

static void second_writer__waits_then_is_refused_naming_the_holder_while_readers_see_the_last_commit(void)
{
    const char *dir = kg_test_tmpdir();
    int release;
    pid_t pid = start_holder(dir, &release);
    REQUIRE(pid > 0);

    kg_error err;
    kg_store *second = NULL;
    EXPECT_INT(KG_OK, kg_store_open(&second, dir, 0, &err));
    kg_store_set_busy_timeout(second, 20);
    kg_term x = kg_term_iri("urn:lock:x");
    EXPECT_INT(KG_ERR_LOCKED, kg_store_add(second, &x, &x, &x, NULL));
    char pid_text[64];
    snprintf(pid_text, sizeof pid_text, "pid %ld", (long)pid);
    EXPECT_CONTAINS(kg_store_error(second)->message, pid_text);
    kg_store_close(second);

    store_state seen;
    EXPECT_INT(KG_OK, state_of(dir, false, &seen, &err));
    EXPECT_INT(0, seen.quads); /* the open transaction is invisible */

    send_byte(release);
    int status;
    waitpid(pid, &status, 0);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_INT(KG_OK, state_of(dir, false, &seen, &err));
    EXPECT_INT(100, seen.quads);
    EXPECT_INT(KG_OK, state_of(dir, true, &seen, &err)); /* the lock is free again */
    close(release);
}

static void killed_writer__leaves_the_lock_free_for_the_next(void)
{
    const char *dir = kg_test_tmpdir();
    int release;
    pid_t pid = start_holder(dir, &release);
    REQUIRE(pid > 0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    kg_error err;
    store_state seen;
    EXPECT_INT(KG_OK, state_of(dir, true, &seen, &err));
    EXPECT_INT(0, seen.quads);
    close(release);
}

/* The writer child: COMMITS commits of QUADS_PER_COMMIT quads each (so
 * compactions happen along the way), as fast as it can. */
static _Noreturn void commit_repeatedly(const char *dir)
{
    kg_store *store;
    if (kg_store_open(&store, dir, 0, NULL) != KG_OK)
        _exit(3);
    kg_term p = kg_term_iri("urn:lock:p");
    for (int c = 0; c < COMMITS; c++) {
        if (kg_store_begin(store) != KG_OK)
            _exit(4);
        for (int i = 0; i < QUADS_PER_COMMIT; i++) {
            char s[64];
            snprintf(s, sizeof s, "urn:lock:c%d-%d", c, i);
            kg_term sub = kg_term_iri(s);
            if (kg_store_add(store, &sub, &p, &p, NULL) != KG_OK)
                _exit(4);
        }
        if (kg_store_commit(store) != KG_OK)
            _exit(1);
    }
    kg_store_close(store);
    _exit(0);
}

static void readers__see_whole_commits_while_a_writer_commits_and_compacts(void)
{
    const char *dir = kg_test_tmpdir();
    kg_store *store;
    REQUIRE(kg_store_open(&store, dir, KG_STORE_CREATE, NULL) == KG_OK);
    kg_store_close(store);
    fflush(stdout);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0)
        commit_repeatedly(dir);
    int reads = 0, torn = 0, failed = 0, distinct = 0;
    uint64_t last = (uint64_t)-1;
    int status = 0;
    for (;;) {
        bool done = waitpid(pid, &status, WNOHANG) == pid;
        store_state seen;
        kg_error err;
        kg_status st = state_of(dir, false, &seen, &err);
        reads++;
        if (st != KG_OK) {
            failed++;
            if (failed <= 3)
                TEST_FAIL_AT("read %d: a reader failed: %s: %s", reads, kg_strerror(st),
                             err.message);
        } else {
            if (seen.quads % QUADS_PER_COMMIT != 0)
                torn++;
            if (seen.quads != last)
                distinct++;
            last = seen.quads;
        }
        if (done)
            break;
    }
    printf("# %d reads during %d commits: %d distinct states, %d torn, %d failed\n", reads,
           COMMITS, distinct, torn, failed);
    EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_INT(0, torn);
    EXPECT_INT(0, failed);
    EXPECT_INT((uint64_t)COMMITS * QUADS_PER_COMMIT, last);
    if (distinct < 3)
        TEST_FAIL_AT("only %d distinct states seen: the reads did not overlap the commits",
                     distinct);
}

static const kg_test_case cases[] = {
    TEST(second_writer__waits_then_is_refused_naming_the_holder_while_readers_see_the_last_commit),
    TEST(killed_writer__leaves_the_lock_free_for_the_next),
    TEST(readers__see_whole_commits_while_a_writer_commits_and_compacts),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
