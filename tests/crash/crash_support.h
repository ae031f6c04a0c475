/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/crash_support.h - what the crash-safety tests share: the
 * state of an on-disk store as a comparable digest, copying a store
 * directory, and running an operation in a child process. */
#ifndef KG_TESTS_CRASH_SUPPORT_H
#define KG_TESTS_CRASH_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "kg/kg.h"

/* A store's content: its quad count and a hash of its sorted N-Quads. */
typedef struct store_state {
    uint64_t quads;
    uint64_t digest;
} store_state;

/* Opens dir (read-only, or as the next writer, which also clears what a
 * killed writer left behind), runs the integrity check and takes the
 * state. On failure the message is in err and the status returned. */
kg_status state_of(const char *dir, bool writer, store_state *out, kg_error *err);
bool state_equal(const store_state *a, const store_state *b);

/* Copies the regular files of a store directory into dst (created). */
bool copy_store(const char *src, const char *dst);
/* Removes a store directory and its files. */
void remove_store(const char *dir);

/* crash_driver.c: forks a child that opens the store in dir and runs op
 * (load FILE, delete GRAPH or update TEXT) with arg, under a file size
 * limit of fsize bytes (0: none), its stderr going to errfile (NULL: none).
 * *ready_fd yields 'r' when the operation starts and 'd' when it has
 * returned. Returns the pid, or -1. */
pid_t start_operation(const char *dir, const char *op, const char *arg, unsigned long fsize,
                      const char *errfile, int *ready_fd);
/* Reads the next byte from the child; false when it ended first. Closes
 * the descriptor when close_after is set. */
bool wait_byte(int ready_fd, bool close_after);

/* Seconds on a monotonic clock. */
double now_seconds(void);

#endif
