/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/import.h - importing screening lists (CSV) as sanctions, linked to the
 * entities the store already has.
 *
 * A list is a CSV file plus a mapping file (format: datasets/lists/README.md)
 * saying which column holds the name, aliases, parent, dates, reason and
 * source URL, and which authority and programme the list is. Each row
 * becomes a kg:Sanction node of the mapping's kind (kg:Designation,
 * kg:ProcurementBan, ...) with authority, programme, start and end date,
 * reason, source URL and a prov:wasDerivedFrom link to a node for its row
 * (row and line number). Rows with an end date are kept; the end date
 * marks them ended. A parent name becomes kg:subsidiaryOf.
 *
 * The list's name gives its graph, https://w3id.org/kgsh/list/NAME, and
 * everything the import writes goes there, so articles are never touched.
 * Importing again replaces that graph's content in the same transaction:
 * the same file gives the same quads (IRIs are derived from the list, the
 * names and the dates), a newer edition updates the list in place.
 *
 * Listed names are resolved to existing entities (see ingest/resolve.h for
 * the rules: exact, normalised, alias; uncertain candidates are reported,
 * never merged). Every resolution is recorded in the list's graph as a
 * kgi:EntityLink (namespace https://w3id.org/kgsh/import#) so that
 * kg_links_list shows them and kg_links_unlink undoes a wrong one. */
#ifndef KG_IMPORT_H
#define KG_IMPORT_H

#include <stdint.h>

#include "io.h"
#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KG_LIST_NS "https://w3id.org/kgsh/list/"
#define KG_IMPORT_NS "https://w3id.org/kgsh/import#"
/* The graph that remembers links users undid (kg_links_unlink). */
#define KG_LIST_DECISIONS KG_LIST_NS "decisions"

typedef enum kg_link_method {
    KG_LINK_NEW = 0,    /* no existing entity: a new one was created */
    KG_LINK_EXACT,      /* same name, byte for byte */
    KG_LINK_NORMALISED, /* same name after normalisation */
    KG_LINK_ALIAS,      /* through another name on either side */
} kg_link_method;

/* "new", "exact", "normalised", "alias" (the kgi:method values). */
KG_EXTERN const char *kg_link_method_name(kg_link_method method);

/* Something the caller should show: a malformed row that was skipped, or a
 * listed name with uncertain candidates that were not merged. */
typedef enum kg_import_note_kind {
    KG_IMPORT_ROW_SKIPPED,
    KG_IMPORT_CANDIDATE,
} kg_import_note_kind;

typedef struct kg_import_note {
    kg_import_note_kind kind;
    const char *file;            /* the CSV file */
    unsigned long line;          /* line of the row (of the fault when skipped) */
    const char *message;         /* ROW_SKIPPED: what is wrong with the row */
    const char *listed_name;     /* CANDIDATE: the name on the list */
    const kg_term *entity;       /* CANDIDATE: the node the name got */
    const kg_term *candidate;    /* CANDIDATE: a possible match */
    const char *candidate_label; /* its rdfs:label (NULL when none) */
} kg_import_note;
/* Called for each note; everything is borrowed for the call only. */
typedef void (*kg_import_note_fn)(void *ctx, const kg_import_note *note);

typedef struct kg_import_options {
    unsigned int version; /* KG_IMPORT_OPTIONS_VERSION: set by KG_IMPORT_OPTIONS_INIT */
    const char *name;         /* the list's name: letters, digits, '-', '_' */
    const char *mapping_path; /* the mapping file */
    kg_import_note_fn note;   /* may be NULL */
    void *note_ctx;
    /* Called every 4,096 rows with the rows read so far (bytes 0): for a
     * progress line. May be NULL. */
    kg_progress_fn progress;
    void *progress_ctx;
} kg_import_options;
#define KG_IMPORT_OPTIONS_VERSION 1
#define KG_IMPORT_OPTIONS_INIT {KG_IMPORT_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0}

typedef struct kg_import_stats {
    uint64_t rows;       /* data rows in the file */
    uint64_t imported;   /* rows imported */
    uint64_t skipped;    /* malformed rows reported and skipped */
    uint64_t linked;     /* distinct listed names linked to existing entities */
    uint64_t created;    /* new entities */
    uint64_t candidates; /* listed names shown with uncertain candidates */
    uint64_t quads;      /* quads in the list's graph afterwards */
} kg_import_stats;

/* Imports the CSV file at path as the list opts->name, inside the open
 * transaction or in one of its own: all of it, or on failure (unreadable
 * file or mapping, a column the mapping names missing from the header,
 * interrupt) nothing, with the store's error saying why. Malformed rows are
 * not failures: each is reported through opts->note with its line and
 * skipped. stats may be NULL. */
KG_EXTERN kg_status kg_import_list(kg_store *store, const char *path, const kg_import_options *opts,
                                   kg_import_stats *stats);

/* One recorded resolution of a listed name. */
typedef struct kg_link {
    const char *list;        /* the list's name */
    const char *listed_name; /* the name as the list writes it */
    kg_link_method method;
    const kg_term *entity;    /* the node the name was linked to */
    const char *entity_label; /* its rdfs:label, NULL when none */
    const char *matched;      /* the entity's name that matched (NULL for new) */
    size_t candidates;        /* uncertain candidates shown, not merged */
} kg_link;
/* Called for each link until it returns non-zero; borrowed for the call. */
typedef int (*kg_link_fn)(void *ctx, const kg_link *link);

/* Lists the links of one list (list NULL: of every imported list), by list
 * and then row order. */
KG_EXTERN kg_status kg_links_list(kg_store *store, const char *list, kg_link_fn fn, void *ctx);

/* Undoes the link of listed_name in list: records in KG_LIST_DECISIONS that
 * the name is not that entity, and imports the list again from the file
 * and mapping it was imported from, so its rows move to a new entity (or
 * the next match). Atomic like kg_import_list. opts may be NULL; only its
 * note callback is used (the list's name and mapping are the recorded
 * ones). KG_ERR_NOT_FOUND when the list or the name is unknown,
 * KG_ERR_INVALID when the name was not linked to an existing entity. */
KG_EXTERN kg_status kg_links_unlink(kg_store *store, const char *list, const char *listed_name,
                                    const kg_import_options *opts, kg_import_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
