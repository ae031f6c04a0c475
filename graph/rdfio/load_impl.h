/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/load_impl.h - state of one load, shared by the serd and raptor
 * readers (private to rdfio/). */
#ifndef KG_RDFIO_LOAD_IMPL_H
#define KG_RDFIO_LOAD_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include "kg/io.h"
#include "store/quads.h"

/* Literals beyond this are refused (a hostile file must not exhaust memory
 * through one value). */
#define KG_LOAD_MAX_LITERAL ((size_t)64 << 20)

typedef struct kg_prefix_list {
    char **items; /* name, iri, name, iri, ... */
    size_t n, cap; /* in pairs */
} kg_prefix_list;

typedef struct kg_loader {
    kg_store *store;
    const char *name;     /* file name for messages */
    const char *base_iri;
    kg_load_options opts;
    const kg_term *default_graph; /* NULL: the store's default graph */
    char blank_prefix[64];
    size_t max_literal;
    kg_load_stats stats;
    kg_id last_graph;
    uint64_t bytes_read, total_bytes;
    kg_prefix_list prefixes; /* declared by the file; applied on success */
    unsigned long line, column; /* position for the next error, if known */
    char unknown_name[256]; /* a prefixed name with an undeclared prefix, to find
                               in the source after the load (serd gives no position) */
    char *bad_prefix; /* the prefix name of a refused @prefix, to find its line */
    bool failed;
    kg_status status;
    kg_error error;
} kg_loader;

/* Adds one statement (g NULL: the load's target graph). */
kg_status kg_loader_add(kg_loader *ld, const kg_term *s, const kg_term *p, const kg_term *o,
                        const kg_term *g);
/* Records the first failure (message, file, ld->line/column) and returns
 * status; later failures are ignored. */
kg_status kg_loader_fail(kg_loader *ld, kg_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool kg_loader_add_prefix(kg_loader *ld, const char *name, const char *iri);
/* True (and the load failed with KG_ERR_INTERRUPTED) once Ctrl-C was
 * pressed: checked per statement and per chunk read, so that input with
 * no statements (/dev/zero) stops too. */
bool kg_loader_interrupted(kg_loader *ld);

kg_status kg_load_serd(kg_loader *ld, FILE *in);
kg_status kg_load_rdfxml(kg_loader *ld, FILE *in);

#endif
