/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/lock.c - the writer lock of a store directory, taken per write
 * transaction (SQLite's model): any number of processes and handles open a
 * store; one at a time writes.
 *
 * The lock is an exclusive flock(2) on DIR/LOCK, held from the start of a
 * write transaction to its commit or rollback. flock belongs to the open
 * file description, so two handles in one process exclude each other as
 * two processes do, and the kernel drops the lock when its holder dies,
 * even by SIGKILL. The holder writes who it is into the file, so a writer
 * that gives up after the busy timeout names it. Readers take no lock: the
 * manifest is replaced atomically and segments are never changed, so they
 * always see a complete state.
 *
 * LOCK is opened with O_NOFOLLOW relative to the store directory (a
 * planted symlink is refused, never followed and truncated), and its
 * identity is checked after flock and again before a commit: a LOCK
 * deleted or replaced meanwhile would let a second writer lock a new file,
 * so the lock counts only while the path still names the locked file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "store/store_impl.h"

static const char LOCK_NAME[] = "LOCK";

static void describe_self(char *buf, size_t size)
{
    char host[256] = "?", cmd[256] = "?", when[64] = "?";
    gethostname(host, sizeof host - 1);
    FILE *f = fopen("/proc/self/comm", "re");
    if (f) {
        if (fgets(cmd, sizeof cmd, f))
            cmd[strcspn(cmd, "\n")] = '\0';
        fclose(f);
    }
    struct passwd *pw = getpwuid(getuid());
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(buf, size, "%s (pid %ld, user %s, host %s, since %s)\n", cmd, (long)getpid(),
             pw ? pw->pw_name : "?", host, when);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool kg_lock_still_held(int dir_fd, int fd)
{
    struct stat a, b;
    return fd >= 0 && fstat(fd, &a) == 0 &&
           fstatat(dir_fd, LOCK_NAME, &b, AT_SYMLINK_NOFOLLOW) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* Opens LOCK without following a link; *created tells whether this call
 * made the file. -1 with errno (ELOOP for a link, EINVAL for a
 * non-regular file). */
static int open_lock(int dir_fd, bool *created)
{
    int fd = openat(dir_fd, LOCK_NAME, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    *created = fd >= 0;
    if (fd < 0 && errno == EEXIST)
        fd = openat(dir_fd, LOCK_NAME, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

static void read_holder(int fd, char *holder, size_t size)
{
    ssize_t n = pread(fd, holder, size - 1, 0);
    holder[n > 0 ? n : 0] = '\0';
    holder[strcspn(holder, "\n")] = '\0';
    for (char *c = holder; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?'; /* the file is anyone's to write: show no raw controls */
}

kg_status kg_lock_acquire(kg_lock *lock, int dir_fd, const char *dir, int busy_ms,
                          volatile sig_atomic_t *interrupted, kg_error *err)
{
    int64_t deadline = now_ms() + (busy_ms > 0 ? busy_ms : 0);
    int nap_ms = 1;
    for (;;) {
        int fd = open_lock(dir_fd, &lock->created);
        if (fd < 0)
            return kg_error_set(err, KG_ERR_IO, dir, "cannot open the store lock %s/LOCK: %s",
                                dir, errno == ELOOP ? "it is a symbolic link" : strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            if (!kg_lock_still_held(dir_fd, fd)) {
                close(fd); /* LOCK was replaced while we waited: lock the new one */
                continue;
            }
            char me[512];
            describe_self(me, sizeof me);
            /* Who holds the lock is advice for the next user, not data: a
             * failed write here must not stop the write. */
            if (ftruncate(fd, 0) == 0)
                (void)!pwrite(fd, me, strlen(me), 0);
            lock->fd = fd;
            return KG_OK;
        }
        int saved = errno;
        char holder[320];
        read_holder(fd, holder, sizeof holder);
        close(fd);
        if (saved != EWOULDBLOCK)
            return kg_error_set(err, KG_ERR_IO, dir, "cannot lock the store: %s", strerror(saved));
        if (now_ms() >= deadline || (interrupted && *interrupted))
            return kg_error_set(err, KG_ERR_LOCKED, dir,
                                "the store is being written by %.300s; gave up after waiting "
                                "%d ms (the busy timeout)",
                                holder[0] ? holder : "another process", busy_ms);
        struct timespec nap = {0, (long)nap_ms * 1000000L};
        nanosleep(&nap, NULL);
        nap_ms = nap_ms < 32 ? nap_ms * 2 : 50;
    }
}

void kg_lock_release(kg_lock *lock)
{
    if (lock->fd < 0)
        return;
    (void)!ftruncate(lock->fd, 0);
    close(lock->fd); /* closing the descriptor releases the flock */
    lock->fd = -1;
}

void kg_lock_forget_created(kg_lock *lock, int dir_fd)
{
    if (lock->created)
        unlinkat(dir_fd, LOCK_NAME, 0);
    lock->created = false;
}
