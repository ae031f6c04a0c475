/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/results.h - writing query results in the W3C result formats.
 *
 * SELECT rows, ASK answers and CONSTRUCT/DESCRIBE triples can be written as
 * SPARQL 1.1 Query Results JSON, SPARQL Query Results XML, CSV or TSV (the
 * W3C "SPARQL 1.1 Query Results CSV and TSV Formats" note), and triples also
 * as N-Triples. Output is streamed: one row is written per kg_results_next,
 * nothing is buffered beyond the FILE's own buffer.
 *
 * kg_results_write drives a kg_results_writer, which can also be fed rows
 * that did not come from a query (the shell's own tables, test harnesses). */
#ifndef KG_RESULTS_H
#define KG_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "query.h"
#include "status.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kg_results_format {
    KG_RESULTS_JSON,     /* application/sparql-results+json */
    KG_RESULTS_XML,      /* application/sparql-results+xml */
    KG_RESULTS_CSV,      /* text/csv: values only, lines end in CRLF */
    KG_RESULTS_TSV,      /* text/tab-separated-values: terms in SPARQL syntax */
    KG_RESULTS_NTRIPLES, /* CONSTRUCT/DESCRIBE only: one triple per line */
} kg_results_format;

/* "json", "xml", "csv", "tsv", "ntriples" (also "srj", "srx", "nt") to a
 * format. Returns false when the name is unknown. */
KG_EXTERN bool kg_results_format_from_name(kg_results_format *out, const char *name);
KG_EXTERN const char *kg_results_format_name(kg_results_format format);

/* Writes all remaining rows of r, then the closing part of the document.
 * SELECT, ASK, CONSTRUCT and DESCRIBE results can be written in every format
 * except that N-Triples needs CONSTRUCT or DESCRIBE; update results have
 * nothing to write (KG_ERR_INVALID). ASK in CSV/TSV is a one-column table
 * "_askResult" holding true or false (the convention Jena and others use;
 * the W3C note does not cover ASK).
 *
 * On failure err (when not NULL) says why: KG_ERR_IO when out fails, or the
 * status of a failed kg_results_next (the query's kg_query_error has the
 * details). Output already written stays written. */
KG_EXTERN kg_status kg_results_write(kg_results *r, kg_results_format fmt, FILE *out, kg_error *err);

/* The writer underneath, for rows that come from elsewhere. Call order:
 * kg_results_writer_new, then either kg_results_writer_head followed by any
 * number of kg_results_writer_row, or kg_results_writer_boolean; then
 * kg_results_writer_end; then kg_results_writer_free.
 *
 * Escaping: JSON keeps valid UTF-8 as it is, escapes control characters as
 * \uXXXX and replaces invalid UTF-8 with U+FFFD. XML escapes & < > " and
 * writes CR as &#xD;; the control characters XML 1.0 cannot carry at all
 * (U+0000-U+001F other than tab, LF, CR) are replaced with U+FFFD. CSV
 * quotes fields holding a comma, quote, CR or LF, and replaces the control
 * characters a terminal would obey (U+0000-U+001F other than tab, LF, CR;
 * U+007F-U+009F) and invalid UTF-8 with U+FFFD, since CSV has no escapes.
 * TSV and N-Triples escape as N-Triples does. */
typedef struct kg_results_writer kg_results_writer;

/* A writer of fmt to stream, into *out (the caller's: kg_results_writer_free).
 * stream is borrowed until kg_results_writer_free. KG_ERR_NOMEM. */
KG_EXTERN kg_status kg_results_writer_new(kg_results_writer **out, kg_results_format fmt,
                                          FILE *stream);

/* Choices beyond the format, as bits for kg_results_writer_set_flags. */
typedef enum kg_results_flag {
    /* CSV: a value starting with '=', '+', '-', '@', tab or CR gets a
     * leading apostrophe, so a spreadsheet shows it as text instead of
     * running it as a formula (OWASP's advice on CSV injection). Off by
     * default: the W3C note writes values unchanged. */
    KG_RESULTS_CSV_FORMULA_SAFE = 1u << 0,
} kg_results_flag;

/* Sets the flags (kg_results_flag bits) for what is written next. */
KG_EXTERN void kg_results_writer_set_flags(kg_results_writer *w, unsigned flags);

/* Writes all remaining rows of r (or its boolean) through w, which must be
 * new, and ends the document: kg_results_write with a writer the caller
 * made (and set flags on). Errors as kg_results_write; w is not freed. */
KG_EXTERN kg_status kg_results_write_to(kg_results_writer *w, kg_results *r, kg_error *err);

/* Starts a table. names (without '?') are borrowed for the call only. For
 * N-Triples the table must have exactly three columns (subject, predicate,
 * object), else KG_ERR_INVALID. */
KG_EXTERN kg_status kg_results_writer_head(kg_results_writer *w, const char *const *names,
                                           size_t count);
/* One row: values[i] for column i, kind KG_TERM_NONE when unbound. Borrowed
 * for the call only. */
KG_EXTERN kg_status kg_results_writer_row(kg_results_writer *w, const kg_term *values);
/* An ASK answer instead of a table (KG_ERR_INVALID for N-Triples). */
KG_EXTERN kg_status kg_results_writer_boolean(kg_results_writer *w, bool value);
/* Closes the document and flushes out. KG_ERR_IO when any write failed. */
KG_EXTERN kg_status kg_results_writer_end(kg_results_writer *w);
/* Accepts NULL. Does not close the FILE. */
KG_EXTERN void kg_results_writer_free(kg_results_writer *w);

#ifdef __cplusplus
}
#endif
#endif
