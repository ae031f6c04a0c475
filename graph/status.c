/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* status.c - descriptions of status codes, formatting and filling in of
 * kg_error, and the kg_error forms of util calls (kg_read_file). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "kg/status.h"
#include "util/fs.h"

const char *kg_strerror(kg_status status)
{
    switch (status) {
    case KG_OK: return "success";
    case KG_ERR_NOMEM: return "out of memory";
    case KG_ERR_IO: return "input/output error";
    case KG_ERR_SYNTAX: return "syntax error";
    case KG_ERR_NOT_FOUND: return "not found";
    case KG_ERR_LOCKED: return "store is locked by another process";
    case KG_ERR_CORRUPT: return "store is corrupt";
    case KG_ERR_INTERRUPTED: return "interrupted";
    case KG_ERR_UNSUPPORTED: return "not supported";
    case KG_ERR_DENIED: return "access denied";
    case KG_ERR_LIMIT: return "limit exceeded";
    case KG_ERR_INVALID: return "invalid request";
    case KG_ERR_READONLY: return "store is read-only";
    case KG_ERR_EVAL: return "query evaluation error";
    case KG_ERR_STALE: return "cursor invalidated by a change to the store";
    }
    return "unknown error";
}

char *kg_error_format(const kg_error *error, char *buf, size_t size)
{
    const char *msg = error->message[0] ? error->message : kg_strerror(error->status);
    if (error->file[0] && error->line && error->column)
        snprintf(buf, size, "%s:%lu:%lu: %s", error->file, error->line, error->column, msg);
    else if (error->file[0] && error->line)
        snprintf(buf, size, "%s:%lu: %s", error->file, error->line, msg);
    else if (error->file[0])
        snprintf(buf, size, "%s: %s", error->file, msg);
    else if (error->line && error->column)
        snprintf(buf, size, "line %lu, column %lu: %s", error->line, error->column, msg);
    else
        snprintf(buf, size, "%s", msg);
    return buf;
}

kg_status kg_error_set(kg_error *err, kg_status status, const char *file, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    err->line = err->column = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    kg_error_set_file(err, file);
    return status;
}

void kg_error_set_file(kg_error *err, const char *file)
{
    size_t len = file ? strnlen(file, sizeof err->file - 1) : 0;
    if (len)
        memcpy(err->file, file, len);
    err->file[len] = '\0';
}

kg_status kg_options_check(const void *opts, unsigned newest, const char *type, kg_error *err)
{
    if (!opts)
        return KG_OK;
    unsigned version = *(const unsigned *)opts;
    if (version >= 1 && version <= newest)
        return KG_OK;
    char macro[64];
    size_t i = 0;
    for (; type[i] && i + 1 < sizeof macro; i++)
        macro[i] = (char)toupper((unsigned char)type[i]);
    macro[i] = '\0';
    return kg_error_set(err, KG_ERR_INVALID, NULL,
                        "%s has version %u, which this libkg does not know (it knows 1 to %u): "
                        "initialise it with %s_INIT",
                        type, version, newest, macro);
}

kg_status kg_read_file(char **text, size_t *len, const char *path, size_t limit, kg_error *err)
{
    if (kg_fs_read_file(text, len, path, limit) == 0)
        return KG_OK;
    if (errno == EFBIG)
        return kg_error_set(err, KG_ERR_LIMIT, path, "larger than %zu bytes", limit);
    kg_status st = errno == ENOENT ? KG_ERR_NOT_FOUND : errno == ENOMEM ? KG_ERR_NOMEM : KG_ERR_IO;
    return kg_error_set(err, st, path, "cannot read: %s", strerror(errno));
}
