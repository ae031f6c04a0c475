/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/rows.h - one row at a time of a kgsh_table, from C strings, for
 * the prose commands (.describe, .exposure, .path, .neighbors) when output
 * is csv, tsv, json or xml: they then write one row per statement or link
 * instead of indented text, so a spreadsheet or a pipeline can read them. */
#ifndef KGSH_ROWS_H
#define KGSH_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include <kg/kg.h>

#include "render.h"
#include "session.h"

#define KGSH_ROW_MAX 24

typedef struct kgsh_row {
    kg_term values[KGSH_ROW_MAX];
    char *owned[KGSH_ROW_MAX]; /* text the values point into, freed by kgsh_row_add */
    size_t n;
} kgsh_row;

/* Whether the session's mode is csv, tsv, json or xml. */
bool kgsh_machine_mode(const kgsh_session *s);

/* Appends a value: an IRI, a plain literal, an integer (NULL: unbound). */
void kgsh_row_iri(kgsh_row *r, const char *iri);
void kgsh_row_term(kgsh_row *r, const kg_term *t); /* borrowed until kgsh_row_add */
void kgsh_row_text(kgsh_row *r, const char *text);
void kgsh_row_number(kgsh_row *r, unsigned long n);
/* Takes text (malloc'd, may be NULL) as a plain literal and frees it later. */
void kgsh_row_take(kgsh_row *r, char *text);

/* Appends two values: the texts of the sentences, one per line, and their
 * IRIs separated by spaces (unbound when there are none). */
void kgsh_row_evidence(kgsh_row *r, const kg_source_sentence *e, size_t n);

/* Adds the row to t (which must have r->n columns) and empties r. Returns
 * false on ENOMEM. */
bool kgsh_row_add(kgsh_table *t, kgsh_row *r);

#endif
