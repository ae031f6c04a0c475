/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/source_position.h - finding where in a Turtle/TriG source an
 * error is, when the parser cannot say (serd calls back with no position,
 * and reports a missing '.' at the token after it). Private to rdfio/. */
#ifndef KG_RDFIO_SOURCE_POSITION_H
#define KG_RDFIO_SOURCE_POSITION_H

#include <stdbool.h>
#include <stdio.h>

/* The 1-based line and character column of the first token of in (read
 * from its current position) that is exactly name, outside comments,
 * strings and <IRIs>. Returns false when there is none. */
bool kg_source_find_token(unsigned long *line, unsigned long *column, FILE *in,
                          const char *name);

/* When the token at *line:*column is the first of its line, moves the
 * position to just after the last token of the nearest earlier line with
 * one (comments and blank lines skipped) and returns true: a missing '.'
 * belongs at the end of the statement, not before the next one. */
bool kg_source_after_previous_token(unsigned long *line, unsigned long *column, FILE *in);

#endif
