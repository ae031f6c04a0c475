/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/listmap.h - the mapping file that tells the list importer what a
 * screening list's CSV columns mean and which authority and programme the
 * list is. Private to libkg; the format is documented for users in
 * datasets/lists/README.md.
 *
 * The format is plain "key = value" lines; '#' starts a comment line and
 * blank lines are ignored. Keys naming a column take the column's header
 * text exactly as the CSV writes it; keys marked (repeatable) may appear
 * several times. IRIs are written in full (with or without <>) or as
 * kgr:local / kg:Local (https://w3id.org/kgsh/id/ and .../ontology#). */
#ifndef KG_INGEST_LISTMAP_H
#define KG_INGEST_LISTMAP_H

#include <stddef.h>

#include "kg/status.h"

#define KG_NS "https://w3id.org/kgsh/ontology#"
#define KG_ID_NS "https://w3id.org/kgsh/id/"

typedef struct kg_strlist {
    char **v;
    size_t n;
} kg_strlist;

typedef struct kg_listmap {
    /* what the list is */
    char *title;              /* title: a human name for the list */
    char *kind;               /* kind: full IRI of kg:Sanction or a subclass */
    char *programme;          /* programme: IRI of the kg:SanctionsProgramme */
    char *programme_label;    /* programme_label */
    char *authority;          /* authority: IRI of the agency */
    char *authority_label;    /* authority_label */
    char *authority_type;     /* authority_type: class IRI (kg:GovernmentAgency) */
    char *entity_type;        /* entity_type: class of new entities (kg:Company) */
    char *source_url_default; /* source_url_default: when a row has none */
    /* which column holds what (header text; NULL when absent) */
    char *name;            /* name: the listed entity (required) */
    kg_strlist alias;      /* alias (repeatable): other names */
    char *alias_separator; /* alias_separator: splits one alias cell */
    char *parent;          /* parent: the parent company's name */
    char *start;           /* start: start date (or edition date) */
    char *end;             /* end: end date (removal from the list) */
    kg_strlist reason;     /* reason (repeatable): kg:reason text */
    kg_strlist note;       /* note (repeatable): kg:note text */
    char *source_url;      /* source_url: kg:sourceUrl */
} kg_listmap;

/* Parses a mapping held in text[0..len); name is used in messages. On
 * failure err has the line and what is wrong (unknown key, missing
 * required key, bad class name) and *map is left empty. */
kg_status kg_listmap_parse(kg_listmap *map, const char *text, size_t len, const char *name,
                           kg_error *err);
/* Reads and parses a mapping file. */
kg_status kg_listmap_read(kg_listmap *map, const char *path, kg_error *err);
void kg_listmap_free(kg_listmap *map);

#endif
