/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/fs.c - whole-file reads under a limit; durable, atomic file writes. */
#define _GNU_SOURCE
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

int kg_fs_read_file(char **text, size_t *len, const char *path, size_t limit)
{
    *text = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    kg_buf b = KG_BUF_INIT;
    int err = 0;
    for (;;) {
        if (!kg_buf_reserve(&b, 65536)) {
            err = ENOMEM;
            break;
        }
        ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err = errno;
            break;
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        if (b.len > limit) {
            err = EFBIG;
            break;
        }
    }
    close(fd);
    if (err) {
        kg_buf_free(&b);
        errno = err;
        return -1;
    }
    *text = (char *)kg_buf_cstr(&b); /* never NULL: reserved above */
    *len = b.len;
    return 0;
}

int kg_fs_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The loop of kg_fs_pwrite_all and kg_fs_pread_all: short transfers and
 * EINTR retried; none at all (a read past the end) is EIO. */
static int transfer_all(int fd, char *p, size_t len, uint64_t off, bool write)
{
    while (len) {
        ssize_t n = write ? pwrite(fd, p, len, (off_t)off) : pread(fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        p += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return 0;
}

int kg_fs_pwrite_all(int fd, const void *data, size_t len, uint64_t off)
{
    return transfer_all(fd, (char *)data, len, off, true); /* only read from */
}

int kg_fs_pread_all(int fd, void *data, size_t len, uint64_t off)
{
    return transfer_all(fd, data, len, off, false);
}

int kg_fs_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

int kg_fs_mkdirs(const char *dir, mode_t mode)
{
    char path[4096];
    size_t len = strlen(dir);
    if (len == 0 || len >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, len + 1);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, mode) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

static void parent_dir(const char *path, char *out, size_t size)
{
    snprintf(out, size, "%s", path);
    char *slash = strrchr(out, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == out)
        out[1] = '\0';
    else
        *slash = '\0';
}

/* Removes "NAME.tmp.PID" files beside path whose process is gone: what an
 * export or commit killed mid-write left (a live writer's are kept). */
static void remove_stale_temps(const char *path)
{
    char dir[4096];
    parent_dir(path, dir, sizeof dir);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t base_len = strlen(base);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strncmp(n, base, base_len) != 0 || strncmp(n + base_len, ".tmp.", 5) != 0)
            continue;
        char *end;
        long pid = strtol(n + base_len + 5, &end, 10);
        if (pid > 0 && *end == '\0' && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
            errno == ESRCH)
            unlinkat(dirfd(d), n, 0);
    }
    closedir(d);
}

int kg_fs_open_temp(const char *path, mode_t mode, char *tmp_path, size_t tmp_size)
{
    remove_stale_temps(path);
    int n = snprintf(tmp_path, tmp_size, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= tmp_size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    /* A new file, never a link someone planted under the name: a leftover
     * of a dead process with this pid is removed (the name, not what it
     * points to) and the creation tried once more. */
    int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = open(tmp_path, flags, mode);
    if (fd < 0 && errno == EEXIST && unlink(tmp_path) == 0)
        fd = open(tmp_path, flags, mode);
    return fd;
}

/* rename, or with no_replace a rename that fails with EEXIST when path
 * exists (renameat2, or link where the filesystem lacks it). */
static int install(const char *tmp_path, const char *path, bool no_replace)
{
    if (!no_replace)
        return rename(tmp_path, path);
    if (renameat2(AT_FDCWD, tmp_path, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    if (link(tmp_path, path) != 0)
        return -1;
    unlink(tmp_path);
    return 0;
}

static int commit_temp(int fd, const char *tmp_path, const char *path, bool no_replace)
{
    char dir[4096];
    if (fsync(fd) != 0 || close(fd) != 0) {
        int saved = errno;
        unlink(tmp_path);
        errno = saved;
        return -1;
    }
    if (install(tmp_path, path, no_replace) != 0) {
        int saved = errno;
        unlink(tmp_path);
        errno = saved;
        return -1;
    }
    parent_dir(path, dir, sizeof dir);
    return kg_fs_sync_dir(dir);
}

int kg_fs_commit_temp(int fd, const char *tmp_path, const char *path)
{
    return commit_temp(fd, tmp_path, path, false);
}

int kg_fs_commit_temp_new(int fd, const char *tmp_path, const char *path)
{
    return commit_temp(fd, tmp_path, path, true);
}

void kg_fs_abort_temp(int fd, const char *tmp_path)
{
    int saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp_path);
    errno = saved;
}

int kg_fs_replace_file(const char *path, const void *data, size_t len, mode_t mode)
{
    char tmp[4096];
    int fd = kg_fs_open_temp(path, mode, tmp, sizeof tmp);
    if (fd < 0)
        return -1;
    if (kg_fs_write_all(fd, data, len) != 0) {
        kg_fs_abort_temp(fd, tmp);
        return -1;
    }
    return kg_fs_commit_temp(fd, tmp, path);
}

FILE *kg_fs_reopen_regular(const char *path)
{
    /* O_NONBLOCK: opening a FIFO for reading waits for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f)
        close(fd);
    return f;
}
