/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/test.h - a minimal TAP test harness for libkg's C tests.
 *
 * A test program lists its cases in a table and calls kg_test_main:
 *
 *     static void store_open__missing_dir(void) { ... EXPECT(...); }
 *     static const kg_test_case cases[] = { TEST(store_open__missing_dir), {0} };
 *     int main(int argc, char **argv) { return kg_test_main(argc, argv, cases); }
 *
 * Each case prints "ok N - name" or "not ok N - name" (TAP, read by
 * automake's tap-driver), and every failed expectation prints what was
 * expected and what came instead as a TAP diagnostic. Running the program
 * with a case name as argument runs only the cases whose names contain it. */
#ifndef KG_TESTS_TEST_H
#define KG_TESTS_TEST_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kg/io.h"
#include "kg/store.h"

typedef struct kg_test_case {
    const char *name;
    void (*run)(void);
} kg_test_case;

#define TEST(fn) {#fn, fn}

extern int kg_test_failures; /* failed expectations in the current case */

#define TEST_FAIL_AT(...)                                                      \
    do {                                                                       \
        kg_test_failures++;                                                    \
        printf("# %s:%d: ", __FILE__, __LINE__);                               \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
    } while (0)

/* A condition that must hold; the case goes on after a failure. */
#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond))                                                           \
            TEST_FAIL_AT("expected %s", #cond);                                \
    } while (0)

/* A condition the rest of the case depends on: return on failure. */
#define REQUIRE(cond)                                                          \
    do {                                                                       \
        if (!(cond)) {                                                         \
            TEST_FAIL_AT("required %s", #cond);                                \
            return;                                                            \
        }                                                                      \
    } while (0)

#define EXPECT_INT(expected, actual)                                           \
    do {                                                                       \
        long long e_ = (long long)(expected), a_ = (long long)(actual);        \
        if (e_ != a_)                                                          \
            TEST_FAIL_AT("%s: expected %lld, got %lld", #actual, e_, a_);      \
    } while (0)

#define EXPECT_STR(expected, actual)                                           \
    do {                                                                       \
        const char *e_ = (expected), *a_ = (actual);                           \
        if (!a_ || strcmp(e_, a_) != 0)                                        \
            TEST_FAIL_AT("%s: expected \"%s\", got \"%s\"", #actual, e_,       \
                         a_ ? a_ : "(null)");                                  \
    } while (0)

/* Substring check, for error messages. */
#define EXPECT_CONTAINS(haystack, needle)                                      \
    do {                                                                       \
        const char *h_ = (haystack), *n_ = (needle);                           \
        if (!h_ || !strstr(h_, n_))                                            \
            TEST_FAIL_AT("%s: expected to contain \"%s\", got \"%s\"",         \
                         #haystack, n_, h_ ? h_ : "(null)");                   \
    } while (0)

/* A fresh empty directory for one case, removed by kg_test_main afterwards.
 * Returns a path valid until the case ends. */
const char *kg_test_tmpdir(void);

/* The directory holding test data (tests/data in the source tree); set by
 * the build through the KG_TEST_DATA environment variable or srcdir. */
const char *kg_test_data_dir(void);

/* The seed of a test's random choices: KG_TEST_SEED when set (to replay
 * a failure), else a new one. The first call prints it as a TAP diagnostic
 * with the variable that replays it; later calls return the same seed. */
unsigned kg_test_seed(void);

/* The quads of every graph, counted by reading them all through
 * kg_store_match (kg_store_size only reports the store's own count);
 * UINT64_MAX when the cursor cannot be opened or fails. */
uint64_t kg_test_count_quads(kg_store *store);

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *kg_test_read_file(const char *path, size_t *len);

/* Writes text as the whole file path; false on failure. */
bool kg_test_write_file(const char *path, const char *text);

/* The store exported in format (N-Triples/N-Quads lines in byte order when
 * sorted) into *text (malloc'd, NUL-terminated; NULL unless KG_OK) and
 * *len; the store's error says why it failed. */
kg_status kg_test_export(kg_store *store, kg_format format, bool sorted, char **text, size_t *len);

int kg_test_main(int argc, char **argv, const kg_test_case *cases);

#endif
