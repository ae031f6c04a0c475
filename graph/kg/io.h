/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/io.h - reading RDF files into a store and writing a store out.
 *
 * Loading is all or nothing: a file with a syntax error (reported as
 * file:line:column), a read error or an interrupt leaves the store exactly
 * as it was. Turtle, N-Triples, N-Quads and TriG are read with serd; RDF/XML
 * with raptor, with external entities and network access shut off. */
#ifndef KG_IO_H
#define KG_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_format {
    KG_FORMAT_UNKNOWN = 0,
    KG_FORMAT_TURTLE,
    KG_FORMAT_NTRIPLES,
    KG_FORMAT_NQUADS,
    KG_FORMAT_TRIG,
    KG_FORMAT_RDFXML,
} kg_format;

/* The format a file name's extension says (.ttl .nt .nq .trig .rdf .owl
 * .xml), or KG_FORMAT_UNKNOWN. */
KG_EXTERN kg_format kg_format_from_path(const char *path);
/* "turtle", "ntriples", "nquads", "trig", "rdfxml" (and common aliases such
 * as "ttl", "nt", "nq", "xml") to a format; KG_FORMAT_UNKNOWN otherwise. */
KG_EXTERN kg_format kg_format_from_name(const char *name);
KG_EXTERN const char *kg_format_name(kg_format format);

typedef struct kg_load_stats {
    uint64_t statements; /* statements read from the input */
    uint64_t added;      /* quads that were new to the store */
    uint64_t graphs;     /* distinct graphs written to */
} kg_load_stats;

/* Called now and then during long loads and exports (at most every 64k
 * statements) with the count so far and the input bytes read (0 when not
 * known), so a caller can show progress. */
typedef void (*kg_progress_fn)(void *ctx, uint64_t statements, uint64_t bytes, uint64_t total_bytes);

typedef struct kg_load_options {
    unsigned int version; /* KG_LOAD_OPTIONS_VERSION: set by KG_LOAD_OPTIONS_INIT */
    kg_format format;        /* KG_FORMAT_UNKNOWN: from the file name */
    const kg_term *graph;    /* target graph for triples (NULL: the default
                                graph); quads of N-Quads and TriG keep their
                                own graph, and their default-graph triples go
                                here */
    const char *base_iri;    /* NULL: the file's file:// IRI */
    kg_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} kg_load_options;
#define KG_LOAD_OPTIONS_VERSION 1
#define KG_LOAD_OPTIONS_INIT {KG_LOAD_OPTIONS_VERSION, KG_FORMAT_UNKNOWN, 0, 0, 0, 0}

/* Loads a file (path "-" is standard input) inside the open transaction, or
 * in a transaction of its own that it commits when none is open. On any
 * failure the store is left as it was before the call (the open
 * transaction, if any, is left as it was too), and the store's error has
 * the file, line and column. stats may be NULL. */
KG_EXTERN kg_status kg_load_file(kg_store *store, const char *path, const kg_load_options *opts,
                                 kg_load_stats *stats);
/* The same for text in memory; name is used in error messages. */
KG_EXTERN kg_status kg_load_string(kg_store *store, const char *text, size_t len, const char *name,
                                   const kg_load_options *opts, kg_load_stats *stats);

typedef struct kg_export_options {
    unsigned int version; /* KG_EXPORT_OPTIONS_VERSION: set by KG_EXPORT_OPTIONS_INIT */
    kg_format format;        /* KG_FORMAT_UNKNOWN: from the file name */
    const kg_term *graph;    /* only this graph (NULL: the whole store) */
    kg_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    const kg_term *hidden_graph; /* left out of a whole-store export (the inferred
                                    graph with .infer off); NULL: none */
    /* Version 2: */
    bool sorted; /* N-Triples and N-Quads only (other formats are refused
                    with KG_ERR_INVALID): the lines in byte order, as
                    LC_ALL=C sort, so that two stores holding the same
                    quads export the same bytes whatever order they were
                    loaded in. Lines are sorted in memory up to the store's
                    load-memory budget (kg_store_set_load_memory), beyond
                    it in runs in anonymous temporary files (tmpfile(3))
                    merged at the end. */
} kg_export_options;
#define KG_EXPORT_OPTIONS_VERSION 2
#define KG_EXPORT_OPTIONS_INIT {KG_EXPORT_OPTIONS_VERSION, KG_FORMAT_UNKNOWN, 0, 0, 0, 0, 0}

/* Writes the store (or one graph) to a file, atomically: the file appears
 * complete or not at all, with mode 0600. Turtle output uses the store's
 * prefixes and groups statements by subject. Turtle and N-Triples output of
 * the whole store writes every graph's triples once. */
KG_EXTERN kg_status kg_export_file(kg_store *store, const char *path, const kg_export_options *opts,
                                   uint64_t *written);
/* The same to an open stream (not atomic). */
KG_EXTERN kg_status kg_export_stream(kg_store *store, FILE *out, const kg_export_options *opts,
                                     uint64_t *written);

#ifdef __cplusplus
}
#endif
#endif
