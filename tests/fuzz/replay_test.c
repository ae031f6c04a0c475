/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/replay_test.c - runs a fuzz harness over its seed corpus
 * (tests/fuzz/corpus/NAME/) and over every input that once crashed it
 * (tests/fuzz/regress/NAME/, which may be empty but must exist), as
 * part of make check-stress with any compiler.
 * NAME comes from the build (KG_FUZZ_HARNESS). A crash or a failed check
 * inside the harness aborts the program, which the TAP driver reports as
 * a failure. */
#include <dirent.h>

#include "fuzz.h"
#include "test.h"

#ifndef KG_FUZZ_HARNESS
#error "build with -DKG_FUZZ_HARNESS='\"name\"'"
#endif

/* Feeds every file of tests/fuzz/KIND/NAME to the harness; the count. */
static int replay_dir(const char *kind)
{
    char dir[4096];
    const char *srcdir = getenv("srcdir");
    snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", srcdir && *srcdir ? srcdir : ".", kind,
             KG_FUZZ_HARNESS);
    DIR *d = opendir(dir);
    if (!d) {
        TEST_FAIL_AT("cannot open %s", dir);
        return 0;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[8300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = kg_test_read_file(path, &len);
        if (!data) {
            TEST_FAIL_AT("cannot read %s", path);
            continue;
        }
        printf("# %s\n", e->d_name);
        fflush(stdout); /* the name of an input that crashes stays in the log */
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void seed_corpus__every_seed_runs_clean(void)
{
    int n = replay_dir("corpus");
    if (n < 5)
        TEST_FAIL_AT("expected a seed corpus of at least 5 inputs, found %d", n);
}

static void regressions__every_input_that_once_crashed_runs_clean(void)
{
    printf("# %d past crash inputs replayed\n", replay_dir("regress"));
}

static const kg_test_case cases[] = {
    TEST(seed_corpus__every_seed_runs_clean),
    TEST(regressions__every_input_that_once_crashed_runs_clean),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
