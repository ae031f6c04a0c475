/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/csv.h - an RFC 4180 CSV reader for the screening-list importer.
 * Private to libkg; no RDF knowledge here.
 *
 * Reads records from text in memory: fields separated by commas, records
 * by CRLF, LF or a lone CR; a field may be quoted ("...") and then hold
 * commas, line breaks and doubled quotes (""). A UTF-8 byte order mark at
 * the start is skipped and blank lines are ignored. Every record must be
 * valid UTF-8.
 *
 * A malformed record (a quote inside an unquoted field, text after a
 * closing quote, invalid UTF-8, a quoted field never closed) is reported
 * with the line it was found on and skipped: the reader resumes at the
 * next line, so one bad row never stops the rest of a list. */
#ifndef KG_INGEST_CSV_H
#define KG_INGEST_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "kg/status.h"
#include "util/buf.h"

typedef struct kg_csv {
    const char *text; /* borrowed; must outlive the reader */
    size_t len, pos;
    unsigned long line; /* line of text[pos], 1-based */
    kg_buf fields;      /* the current record's fields, each NUL-terminated */
    size_t *offsets;    /* start of each field in fields.data */
    size_t count, cap;
} kg_csv;

typedef enum kg_csv_result {
    KG_CSV_RECORD = 1,     /* a record was read */
    KG_CSV_END = 0,        /* no more records */
    KG_CSV_MALFORMED = -1, /* a record was skipped; see line and message */
    KG_CSV_NOMEM = -2,
} kg_csv_result;

/* Starts reading text[0..len); a leading BOM is skipped. */
void kg_csv_init(kg_csv *csv, const char *text, size_t len);
void kg_csv_free(kg_csv *csv);

/* Reads the next record. *line gets the line the record starts on (for
 * KG_CSV_MALFORMED: the line of the fault), and message (size bytes) says
 * what was wrong with a malformed record. */
kg_csv_result kg_csv_next(kg_csv *csv, unsigned long *line, char *message, size_t size);

/* The current record: number of fields and field i (NUL-terminated UTF-8,
 * borrowed until the next kg_csv_next). */
static inline size_t kg_csv_count(const kg_csv *csv)
{
    return csv->count;
}
static inline const char *kg_csv_field(const kg_csv *csv, size_t i)
{
    return csv->fields.data + csv->offsets[i];
}

#endif
