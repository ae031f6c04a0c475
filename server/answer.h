/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/answer.h - query results as an HTTP answer body: choosing the
 * format from the Accept header (or a format= argument) and writing the
 * results in it, up to the server's row cap.
 *
 * Every format the shell writes: SPARQL Results JSON, XML, CSV and TSV for
 * every form (a graph as a subject/predicate/object table), and for
 * CONSTRUCT/DESCRIBE also Turtle (with the server's prefixes, grouped by
 * subject, as the shell shows it), N-Triples, N-Quads and TriG (the triples
 * in the default graph). */
#ifndef KGSH_ANSWER_H
#define KGSH_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kg/kg.h>

#include "prefixes.h"

typedef enum kgsh_answer_format {
    KGSH_ANSWER_JSON,
    KGSH_ANSWER_XML,
    KGSH_ANSWER_CSV,
    KGSH_ANSWER_TSV,
    KGSH_ANSWER_TURTLE,
    KGSH_ANSWER_NTRIPLES,
    KGSH_ANSWER_NQUADS,
    KGSH_ANSWER_TRIG,
    KGSH_ANSWER_COUNT
} kgsh_answer_format;

/* The short name ("json", "turtle", ...) and media type of a format. */
const char *kgsh_answer_name(kgsh_answer_format f);
const char *kgsh_answer_type(kgsh_answer_format f);
/* Whether the format can hold results of this form. */
bool kgsh_answer_fits(kgsh_answer_format f, kg_query_form form);

/* The format for a form: format_arg (a short name or media type, may be
 * NULL) when given, else the best Accept entry (may be NULL: the form's
 * default, JSON for tables and Turtle for graphs) by q-value. Returns false
 * when nothing acceptable can hold this form (406). */
bool kgsh_answer_choose(const char *accept, const char *format_arg, kg_query_form form,
                        kgsh_answer_format *out);

/* Writes all of r (SELECT, ASK, CONSTRUCT or DESCRIBE) into a new buffer
 * (*body, *len; the caller frees *body). At most max_rows rows: beyond,
 * KG_ERR_LIMIT. A failure of kg_results_next returns its status (the
 * query's error has the details). */
kg_status kgsh_answer_write(kg_results *r, kgsh_answer_format f, const kgsh_prefixes *prefixes,
                            uint64_t max_rows, char **body, size_t *len);

#endif
