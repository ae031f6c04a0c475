/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* error.h - filling in a kg_error (private to libkg). Long file names and
 * messages are cut to fit, never overflowing. */
#ifndef KG_ERROR_H
#define KG_ERROR_H

#include "kg/status.h"

/* Sets every field: status, the printf-style message, the file (NULL for
 * none), line and column 0. Returns status. err may be NULL. */
kg_status kg_error_set(kg_error *err, kg_status status, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Copies a file name into err->file, cut to fit. */
void kg_error_set_file(kg_error *err, const char *file);

/* kg_fs_read_file (util/fs.h) with its failure in err, naming the file:
 * KG_ERR_NOT_FOUND (no such file), KG_ERR_LIMIT (more than limit bytes),
 * KG_ERR_NOMEM, otherwise KG_ERR_IO with what errno says ("Is a
 * directory", "Permission denied"). */
kg_status kg_read_file(char **text, size_t *len, const char *path, size_t limit, kg_error *err);

/* Checks the version of an options struct (its first member, an unsigned
 * int; graph/kg/CONVENTIONS.md): KG_OK for NULL opts or a version from 1 to
 * newest, else KG_ERR_INVALID with a message naming the type and its _INIT
 * macro (a struct not made with the macro has version 0; one from a newer
 * libkg's headers has a version this library does not know). */
kg_status kg_options_check(const void *opts, unsigned newest, const char *type, kg_error *err);

#endif
