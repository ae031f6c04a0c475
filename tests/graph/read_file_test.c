/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/read_file_test.c - libkg's one whole-file reader
 * (kg_fs_read_file, kg_read_file in graph/error.h) and the callers that
 * moved to it: a size limit, and the real error (what errno says) instead
 * of a guess, for the file named. */
#include <errno.h>
#include <sys/stat.h>

#include "error.h"
#include "kg/ingest.h"
#include "kg/store.h"
#include "test.h"
#include "util/fs.h"

static const char *write_file(const char *name, const char *text)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", kg_test_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void read_file__reads_all_of_it_nul_terminated(void)
{
    const char *path = write_file("a.txt", "one\ntwo\n");
    char *text = NULL;
    size_t len = 0;
    kg_error err = {0};
    REQUIRE(kg_read_file(&text, &len, path, 8, &err) == KG_OK);
    EXPECT_INT(8, len);
    EXPECT_STR("one\ntwo\n", text);
    free(text);
    const char *empty = write_file("empty.txt", "");
    REQUIRE(kg_read_file(&text, &len, empty, 8, &err) == KG_OK);
    EXPECT_INT(0, len);
    EXPECT_STR("", text);
    free(text);
}

static void read_file__over_the_limit_is_a_limit_error(void)
{
    const char *path = write_file("big.txt", "123456789");
    char *text = (char *)"untouched";
    size_t len = 1;
    kg_error err = {0};
    EXPECT_INT(KG_ERR_LIMIT, kg_read_file(&text, &len, path, 8, &err));
    EXPECT(text == NULL);
    EXPECT_CONTAINS(err.message, "larger than 8 bytes");
    EXPECT_STR(path, err.file);
    EXPECT_INT(-1, kg_fs_read_file(&text, &len, path, 8));
    EXPECT_INT(EFBIG, errno);
}

static void read_file__says_what_the_system_says(void)
{
    char *text;
    size_t len;
    kg_error err = {0};
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/missing.txt", kg_test_tmpdir());
    EXPECT_INT(KG_ERR_NOT_FOUND, kg_read_file(&text, &len, missing, 8, &err));
    EXPECT_CONTAINS(err.message, strerror(ENOENT));
    EXPECT_INT(KG_ERR_IO, kg_read_file(&text, &len, kg_test_tmpdir(), 8, &err));
    EXPECT_CONTAINS(err.message, strerror(EISDIR));
}

/* kg_ingest_file said "cannot open the article" (KG_ERR_NOT_FOUND) for any
 * failure, and "cannot read the article" for a directory. */
static void ingest_file__reports_the_real_error(void)
{
    kg_store *store = NULL;
    REQUIRE(kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) == KG_OK);
    kg_ingest *ing = NULL;
    kg_error err = {0};
    const char *dir = kg_test_tmpdir();
    EXPECT_INT(KG_ERR_IO, kg_ingest_file(&ing, store, dir, NULL, &err));
    EXPECT(ing == NULL);
    EXPECT_CONTAINS(err.message, strerror(EISDIR));
    EXPECT_STR(dir, err.file);
    if (geteuid() != 0) { /* root reads anything */
        const char *locked = write_file("locked.txt", "Title: x\n");
        REQUIRE(chmod(locked, 0) == 0);
        EXPECT_INT(KG_ERR_IO, kg_ingest_file(&ing, store, locked, NULL, &err));
        EXPECT_CONTAINS(err.message, strerror(EACCES));
    } else {
        printf("# running as root (reads anything): no unreadable-file check\n");
    }
    kg_store_close(store);
}

static const kg_test_case cases[] = {
    TEST(read_file__reads_all_of_it_nul_terminated),
    TEST(read_file__over_the_limit_is_a_limit_error),
    TEST(read_file__says_what_the_system_says),
    TEST(ingest_file__reports_the_real_error),
    {0},
};

int main(int argc, char **argv)
{
    return kg_test_main(argc, argv, cases);
}
