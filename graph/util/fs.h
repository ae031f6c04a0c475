/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/fs.h - file-system helpers: reading a whole file under a size limit,
 * and writes made durable and atomic (full writes, fsync of files and
 * directories, write-to-temp-then-rename, mkdir -p). Every function returns
 * 0 on success or -1 with errno set (graph/error.h has kg_read_file, the
 * reader with a kg_error). */
#ifndef KG_UTIL_FS_H
#define KG_UTIL_FS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Reads the whole file at path into *text (malloc'd and NUL-terminated; the
 * caller frees it) and its length into *len. Fails with EFBIG when the file
 * holds more than limit bytes (reading no more than limit + 1), otherwise
 * with the errno of open or read (ENOENT, EACCES, EISDIR, ENOMEM...), and
 * then *text is NULL. The one whole-file reader of libkg. */
int kg_fs_read_file(char **text, size_t *len, const char *path, size_t limit);

/* Writes all len bytes (retrying short writes and EINTR). */
int kg_fs_write_all(int fd, const void *data, size_t len);
/* Writes or reads all len bytes at offset off (retrying short transfers
 * and EINTR); a read past the end of the file fails with EIO. */
int kg_fs_pwrite_all(int fd, const void *data, size_t len, uint64_t off);
int kg_fs_pread_all(int fd, void *data, size_t len, uint64_t off);
/* Opens path for reading again only when it is a regular file (NULL for a
 * FIFO, device or socket, whose bytes are gone once read and whose open
 * may block forever), to show the line an error points at. */
FILE *kg_fs_reopen_regular(const char *path);
/* fsyncs the directory so that a rename or unlink in it is durable. */
int kg_fs_sync_dir(const char *dir);
/* Creates dir and its parents with the given mode if missing. */
int kg_fs_mkdirs(const char *dir, mode_t mode);
/* Replaces path atomically with the given bytes (temp file in the same
 * directory, fsync, rename, fsync of the directory). */
int kg_fs_replace_file(const char *path, const void *data, size_t len, mode_t mode);
/* Opens "path.tmp.<pid>" for an atomic replacement, as a new file (O_EXCL,
 * never through a planted link), after removing such files of processes
 * that no longer exist; kg_fs_commit_temp fsyncs and renames it over path,
 * kg_fs_abort_temp removes it. */
int kg_fs_open_temp(const char *path, mode_t mode, char *tmp_path, size_t tmp_size);
int kg_fs_commit_temp(int fd, const char *tmp_path, const char *path);
/* The same, but fails with EEXIST (removing the temp file) when path
 * already exists: for files that must never replace another. */
int kg_fs_commit_temp_new(int fd, const char *tmp_path, const char *path);
void kg_fs_abort_temp(int fd, const char *tmp_path);

#endif
