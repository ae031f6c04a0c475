/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/status.h - status codes and the error object every libkg handle carries.
 *
 * Every fallible libkg call returns a kg_status. KG_OK is zero; anything else
 * is a failure whose details (message, file, line, column) are in the
 * kg_error of the handle the call was made on. The library never prints and
 * never exits: callers decide how to show errors. */
#ifndef KG_STATUS_H
#define KG_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define KG_EXTERN __attribute__((visibility("default")))
#else
#define KG_EXTERN
#endif

typedef enum kg_status {
    KG_OK = 0,
    KG_ERR_NOMEM,        /* out of memory */
    KG_ERR_IO,           /* a file could not be read or written (incl. disk full) */
    KG_ERR_SYNTAX,       /* malformed RDF or SPARQL; position in the kg_error */
    KG_ERR_NOT_FOUND,    /* a named thing (file, graph, entity) does not exist */
    KG_ERR_LOCKED,       /* the store is held by another process */
    KG_ERR_CORRUPT,      /* the store's files fail an integrity check */
    KG_ERR_INTERRUPTED,  /* cancelled by kg_interrupt(); nothing was changed */
    KG_ERR_UNSUPPORTED,  /* valid input that libkg does not handle */
    KG_ERR_DENIED,       /* refused by policy (network or file access) */
    KG_ERR_LIMIT,        /* input exceeds a configured limit */
    KG_ERR_INVALID,      /* bad argument or semantically invalid request */
    KG_ERR_READONLY,     /* a write on a read-only store */
    KG_ERR_EVAL,         /* a query failed while being evaluated */
    KG_ERR_STALE,        /* a cursor used after a change to its store invalidated it */
} kg_status;

/* A static, English description of a status; never NULL. */
KG_EXTERN const char *kg_strerror(kg_status status);

/* Details of the most recent failure on a handle. Line and column are
 * 1-based; 0 means "not known". file is NULL when the failure is not tied to
 * a file (for queries it is NULL and line/column are within the query). */
typedef struct kg_error {
    kg_status status;
    char message[512];
    char file[1024];
    unsigned long line;
    unsigned long column;
} kg_error;

/* Formats "file:line:column: message" (omitting unknown parts) into buf.
 * Returns buf. */
KG_EXTERN char *kg_error_format(const kg_error *error, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
