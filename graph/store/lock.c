/* store/lock.c - one writer per store directory.
 *
 * The writer holds an exclusive flock(2) on DIR/LOCK for as long as the
 * store is open and writes who it is into the file, so that a second
 * writer is told which process holds the store. Readers take no lock: the
 * manifest is replaced atomically, so they always see a complete state. The
 * kernel drops the lock when the holder dies, even by SIGKILL. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "store/store_impl.h"
#include "util/fs.h"

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

kg_status kg_lock_acquire(const char *dir, int *fd_out, kg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/LOCK", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        return kg_error_set(err, KG_ERR_IO, path, "cannot open the store lock: %s",
                            strerror(errno));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int saved = errno;
        char holder[320] = "";
        ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
        close(fd);
        holder[n > 0 ? n : 0] = '\0';
        holder[strcspn(holder, "\n")] = '\0';
        if (saved == EWOULDBLOCK)
            return kg_error_set(err, KG_ERR_LOCKED, dir,
                                "the store is in use by %.300s; close it there, or open this "
                                "one read-only",
                                holder[0] ? holder : "another process");
        return kg_error_set(err, KG_ERR_IO, dir, "cannot lock the store: %s", strerror(saved));
    }
    char me[512];
    describe_self(me, sizeof me);
    /* Who holds the lock is advice for the next user, not data: a failed
     * write here must not stop the store from opening. */
    if (ftruncate(fd, 0) == 0)
        (void)!pwrite(fd, me, strlen(me), 0);
    *fd_out = fd;
    return KG_OK;
}

void kg_lock_release(int fd)
{
    if (fd < 0)
        return;
    (void)!ftruncate(fd, 0);
    close(fd); /* closing the descriptor releases the flock */
}
