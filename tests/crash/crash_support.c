/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/crash_support.c - digests of stores, copies of store
 * directories and the crash_driver child (see crash_support.h). */
#define _GNU_SOURCE
#include "crash_support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FNV-1a over the sorted lines: equal stores give equal digests whatever
 * order the export happened to use. */
static uint64_t digest_lines(char *text, uint64_t *count)
{
    size_t n = 0, cap = 64;
    char **lines = malloc(cap * sizeof *lines);
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && lines;
         l = strtok_r(NULL, "\n", &save)) {
        if (n == cap) {
            char **grown = realloc(lines, (cap *= 2) * sizeof *lines);
            if (!grown)
                break;
            lines = grown;
        }
        lines[n++] = l;
    }
    if (!lines)
        return 0;
    qsort(lines, n, sizeof *lines, cmp_line);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        for (const char *p = lines[i]; ; p++) {
            h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            if (!*p)
                break;
        }
    free(lines);
    *count = n;
    return h;
}

kg_status state_of(const char *dir, bool writer, store_state *out, kg_error *err)
{
    kg_store *store;
    kg_status st = kg_store_open(&store, dir, writer ? 0 : KG_STORE_READONLY, err);
    if (st != KG_OK)
        return st;
    if (writer) {
        /* a writer must get the lock at once: nobody else holds it */
        kg_store_set_busy_timeout(store, 0);
        st = kg_store_begin(store);
        kg_store_rollback(store);
    }
    if (st == KG_OK)
        st = kg_store_check(store);
    char *text = NULL;
    size_t len = 0;
    if (st == KG_OK) {
        FILE *f = open_memstream(&text, &len);
        kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
        eo.format = KG_FORMAT_NQUADS;
        st = f ? kg_export_stream(store, f, &eo, NULL) : KG_ERR_NOMEM;
        if (f)
            fclose(f);
    }
    if (st != KG_OK) {
        *err = *kg_store_error(store);
    } else {
        uint64_t lines = 0;
        out->digest = digest_lines(text, &lines);
        out->quads = kg_store_size(store);
        if (lines != out->quads) {
            snprintf(err->message, sizeof err->message,
                     "the store counts %llu quads but exports %llu",
                     (unsigned long long)out->quads, (unsigned long long)lines);
            st = err->status = KG_ERR_CORRUPT;
        }
    }
    free(text);
    kg_store_close(store);
    return st;
}

bool state_equal(const store_state *a, const store_state *b)
{
    return a->quads == b->quads && a->digest == b->digest;
}

static bool copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = in >= 0 && out >= 0;
    char buf[65536];
    ssize_t n;
    while (ok && (n = read(in, buf, sizeof buf)) > 0)
        ok = write(out, buf, (size_t)n) == n;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return ok;
}

bool copy_store(const char *src, const char *dst)
{
    if (mkdir(dst, 0700) != 0)
        return false;
    DIR *d = opendir(src);
    if (!d)
        return false;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char a[8300], b[8300];
        snprintf(a, sizeof a, "%s/%s", src, e->d_name);
        snprintf(b, sizeof b, "%s/%s", dst, e->d_name);
        ok = copy_file(a, b);
    }
    closedir(d);
    return ok;
}

void remove_store(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    rmdir(dir);
}

bool wait_byte(int ready_fd, bool close_after)
{
    char c;
    ssize_t n;
    do
        n = read(ready_fd, &c, 1);
    while (n < 0 && errno == EINTR);
    if (close_after)
        close(ready_fd);
    return n == 1;
}
