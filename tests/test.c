/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/test.c - the TAP harness behind tests/test.h. */
#define _GNU_SOURCE
#include "test.h"

#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>

int kg_test_failures;
static char tmpdir[4200];
static char tmpbase[4096];
static int tmpcount;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *kg_test_tmpdir(void)
{
    if (!tmpbase[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(tmpbase, sizeof tmpbase, "%s/kgtest.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(tmpbase)) {
            perror("mkdtemp");
            exit(99);
        }
    }
    snprintf(tmpdir, sizeof tmpdir, "%s/%d", tmpbase, ++tmpcount);
    if (mkdir(tmpdir, 0700) != 0 && errno != EEXIST) {
        perror("mkdir");
        exit(99);
    }
    return tmpdir;
}

const char *kg_test_data_dir(void)
{
    static char dir[4096];
    const char *env = getenv("KG_TEST_DATA");
    if (env && *env)
        return env;
    const char *srcdir = getenv("srcdir");
    snprintf(dir, sizeof dir, "%s/tests/data", srcdir && *srcdir ? srcdir : ".");
    return dir;
}

unsigned kg_test_seed(void)
{
    static unsigned seed;
    static bool chosen;
    if (!chosen) {
        const char *env = getenv("KG_TEST_SEED");
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        seed = env && *env ? (unsigned)strtoul(env, NULL, 10)
                           : (unsigned)t.tv_nsec ^ (unsigned)t.tv_sec ^ (unsigned)getpid() << 16;
        chosen = true;
        printf("# random seed %u (KG_TEST_SEED=%u replays it)\n", seed, seed);
        fflush(stdout);
    }
    return seed;
}

uint64_t kg_test_count_quads(kg_store *store)
{
    kg_cursor *cursor;
    if (kg_store_match(&cursor, store, NULL, NULL, NULL, KG_MATCH_ALL, NULL) != KG_OK)
        return UINT64_MAX;
    uint64_t n = 0;
    kg_match m;
    while (kg_cursor_next(cursor, &m))
        n++;
    bool failed = kg_cursor_status(cursor) != KG_OK;
    kg_cursor_close(cursor);
    return failed ? UINT64_MAX : n;
}

bool kg_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

char *kg_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int kg_test_main(int argc, char **argv, const kg_test_case *cases)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    int planned = 0;
    for (const kg_test_case *c = cases; c->name; c++)
        if (!only || strstr(c->name, only))
            planned++;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("1..%d\n", planned);
    int n = 0, failed = 0;
    for (const kg_test_case *c = cases; c->name; c++) {
        if (only && !strstr(c->name, only))
            continue;
        kg_test_failures = 0;
        c->run();
        n++;
        if (kg_test_failures)
            failed++;
        printf("%s %d - %s\n", kg_test_failures ? "not ok" : "ok", n, c->name);
    }
    if (tmpbase[0] && !getenv("KG_TEST_KEEP"))
        remove_tree(tmpbase);
    return failed ? 1 : 0;
}

kg_status kg_test_export(kg_store *store, kg_format format, bool sorted, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *out = open_memstream(text, len);
    if (!out)
        return KG_ERR_NOMEM;
    kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
    eo.format = format;
    eo.sorted = sorted;
    kg_status st = kg_export_stream(store, out, &eo, NULL);
    fclose(out);
    if (st != KG_OK) {
        free(*text);
        *text = NULL;
    }
    return st;
}
