/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/render.h - showing results: the aligned table, one-field-per-line
 * records, the W3C result formats (through kg_results_write) and Turtle.
 *
 * Terms are shown compactly in table and line modes: IRIs as prefixed names
 * ("kgr:iflytek"), plain literals as their text, language-tagged ones as
 * "text"@en, xsd-typed ones by their lexical form, blank nodes as _:x. Column
 * widths count terminal cells (wcwidth), so CJK text lines up. */
#ifndef KGSH_RENDER_H
#define KGSH_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <kg/kg.h>

#include "session.h"

/* Table-mode cells wider than this many terminal cells (or than .width
 * says) are cut with "…": IRIs in the middle, keeping the tail that tells
 * them apart, other text at the end. */
#define KGSH_MAX_CELL 60

/* The widest a table column may be, in terminal cells (.width). */
size_t kgsh_column_limit(const kgsh_session *s, size_t column);

/* A table of terms owned by the shell (for results that must be held while
 * other queries run, and for the shell's own listings). */
typedef struct kgsh_table kgsh_table;

/* names are copied. NULL on ENOMEM. */
kgsh_table *kgsh_table_new(const char *const *names, size_t columns);
/* Copies one row of `columns` values. Returns false on ENOMEM. */
bool kgsh_table_add(kgsh_table *t, const kg_term *values);
size_t kgsh_table_columns(const kgsh_table *t);
size_t kgsh_table_rows(const kgsh_table *t);
/* Borrowed, valid until the table is freed. */
const kg_term *kgsh_table_cell(const kgsh_table *t, size_t row, size_t column);
void kgsh_table_free(kgsh_table *t);

/* Shows t in the session's mode (Turtle and N-Triples show it as a
 * table). Returns false (and reports) on failure or interrupt. */
bool kgsh_render_table(kgsh_session *s, const kgsh_table *t, FILE *out);

/* Shows a query's results in the session's mode, then frees r (it must be
 * freed before any other query runs, such as the label lookups of .labels
 * on). Returns false (and reports) on failure or interrupt. */
bool kgsh_render_results(kgsh_session *s, kg_query *q, kg_results *r, FILE *out);

/* Terminal cells the UTF-8 text takes (invalid bytes count as one). */
size_t kgsh_text_width(const char *text, size_t len);

/* The compact display form of a term (see above), newly allocated, with
 * control characters escaped; NULL on ENOMEM. */
char *kgsh_term_display(const kgsh_prefixes *p, const kg_term *t);

/* Text from the data made safe for a terminal: control characters escaped
 * as in a table cell, invalid UTF-8 replaced; newly allocated, NULL on
 * ENOMEM. */
char *kgsh_text_display(const char *text, size_t len);

/* Whether text is valid UTF-8. */
bool kgsh_utf8_valid(const char *text, size_t len);

/* Writes one line of text (len bytes, a trailing newline is dropped) and
 * under it a '^' at the 1-based character column, counting terminal cells
 * so that wide characters and tabs line up. */
void kgsh_put_caret(FILE *out, const char *line, size_t len, unsigned long column);

#endif
