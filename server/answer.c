/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/answer.c - content negotiation and results into a buffer (see
 * answer.h). The writing is libkg's kg_results_writer and the shell's
 * Turtle writer; this file picks one and counts rows. */
#define _GNU_SOURCE
#include "answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render.h"
#include "turtle.h"

static const struct {
    const char *name;
    const char *type;
    const char *aliases[3]; /* other media types that ask for it */
    bool tables, graphs;    /* holds SELECT/ASK results, CONSTRUCT/DESCRIBE results */
} formats[KGSH_ANSWER_COUNT] = {
    [KGSH_ANSWER_JSON] = {"json", "application/sparql-results+json", {"application/json"}, 1, 1},
    [KGSH_ANSWER_XML] =
        {"xml", "application/sparql-results+xml", {"application/xml", "text/xml"}, 1, 1},
    [KGSH_ANSWER_CSV] = {"csv", "text/csv", {NULL}, 1, 1},
    [KGSH_ANSWER_TSV] = {"tsv", "text/tab-separated-values", {NULL}, 1, 1},
    [KGSH_ANSWER_TURTLE] = {"turtle", "text/turtle", {"application/x-turtle"}, 0, 1},
    [KGSH_ANSWER_NTRIPLES] = {"ntriples", "application/n-triples", {"text/plain"}, 0, 1},
    [KGSH_ANSWER_NQUADS] = {"nquads", "application/n-quads", {NULL}, 0, 1},
    [KGSH_ANSWER_TRIG] = {"trig", "application/trig", {NULL}, 0, 1},
};

const char *kgsh_answer_name(kgsh_answer_format f) { return formats[f].name; }
const char *kgsh_answer_type(kgsh_answer_format f) { return formats[f].type; }

static bool is_graph_form(kg_query_form form)
{
    return form == KG_QUERY_CONSTRUCT || form == KG_QUERY_DESCRIBE;
}

bool kgsh_answer_fits(kgsh_answer_format f, kg_query_form form)
{
    return is_graph_form(form) ? formats[f].graphs : formats[f].tables;
}

/* Whether a media range ("text/turtle", "text/ *", "* / *") covers f. */
static bool range_covers(const char *range, size_t len, kgsh_answer_format f)
{
    if (len == 3 && strncmp(range, "*/*", 3) == 0)
        return true;
    if (len > 2 && strncmp(range + len - 2, "/*", 2) == 0)
        return strncasecmp(formats[f].type, range, len - 1) == 0;
    if (strlen(formats[f].type) == len && strncasecmp(formats[f].type, range, len) == 0)
        return true;
    for (int i = 0; i < 3 && formats[f].aliases[i]; i++)
        if (strlen(formats[f].aliases[i]) == len &&
            strncasecmp(formats[f].aliases[i], range, len) == 0)
            return true;
    return false;
}

/* The format a media range gives for the form: the form's default when it
 * is covered, else the first format covered. -1 when none fits. */
static int range_format(const char *range, size_t len, kg_query_form form)
{
    kgsh_answer_format preferred = is_graph_form(form) ? KGSH_ANSWER_TURTLE : KGSH_ANSWER_JSON;
    if (range_covers(range, len, preferred))
        return (int)preferred;
    for (int f = 0; f < KGSH_ANSWER_COUNT; f++)
        if (kgsh_answer_fits((kgsh_answer_format)f, form) &&
            range_covers(range, len, (kgsh_answer_format)f))
            return f;
    return -1;
}

static double q_value(const char *params, const char *end)
{
    const char *q = params;
    while (q && q < end) {
        q += strspn(q, "; ");
        if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
            return strtod(q + 2, NULL);
        q = memchr(q, ';', (size_t)(end - q));
    }
    return 1.0;
}

bool kgsh_answer_choose(const char *accept, const char *format_arg, kg_query_form form,
                        kgsh_answer_format *out)
{
    if (format_arg && *format_arg) {
        for (int f = 0; f < KGSH_ANSWER_COUNT; f++)
            if (strcasecmp(format_arg, formats[f].name) == 0 ||
                range_covers(format_arg, strlen(format_arg), (kgsh_answer_format)f)) {
                *out = (kgsh_answer_format)f;
                return kgsh_answer_fits(*out, form);
            }
        return false;
    }
    if (!accept || !*accept)
        accept = "*/*";
    double best_q = 0;
    int best = -1;
    for (const char *p = accept; *p;) {
        p += strspn(p, ", \t");
        const char *end = p + strcspn(p, ",");
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *type_end = semi ? semi : end;
        while (type_end > p && type_end[-1] == ' ')
            type_end--;
        double q = q_value(semi, end);
        int f = range_format(p, (size_t)(type_end - p), form);
        if (f >= 0 && q > best_q) {
            best_q = q;
            best = f;
        }
        p = end;
    }
    if (best < 0)
        return false;
    *out = (kgsh_answer_format)best;
    return true;
}

/* Rows into the shell's table, then Turtle (valid TriG too: the triples
 * are in the default graph). */
static kg_status write_turtle(kg_results *r, const kgsh_prefixes *prefixes, uint64_t max_rows,
                              FILE *out)
{
    const char *names[3] = {"subject", "predicate", "object"};
    kgsh_table *t = kgsh_table_new(names, 3);
    if (!t)
        return KG_ERR_NOMEM;
    kg_status st = KG_OK;
    bool more = true;
    for (uint64_t n = 0; st == KG_OK && (st = kg_results_next(&more, r)) == KG_OK && more; n++) {
        kg_term row[3] = {*kg_results_value(r, 0), *kg_results_value(r, 1),
                          *kg_results_value(r, 2)};
        st = n >= max_rows ? KG_ERR_LIMIT : kgsh_table_add(t, row) ? KG_OK : KG_ERR_NOMEM;
    }
    if (st == KG_OK && !kgsh_write_turtle(prefixes, t, out))
        st = KG_ERR_NOMEM;
    kgsh_table_free(t);
    return st;
}

static kg_status write_rows(kg_results *r, kg_results_format fmt, uint64_t max_rows, FILE *out)
{
    kg_results_writer *w = NULL;
    if (kg_results_writer_new(&w, fmt, out) != KG_OK)
        return KG_ERR_NOMEM;
    kg_status st;
    if (kg_results_form(r) == KG_QUERY_ASK) {
        st = kg_results_writer_boolean(w, kg_results_boolean(r));
    } else {
        size_t columns = kg_results_column_count(r);
        const char **names = calloc(columns + 1, sizeof *names);
        kg_term *row = calloc(columns + 1, sizeof *row);
        for (size_t c = 0; names && c < columns; c++)
            names[c] = kg_results_column_name(r, c);
        st = names && row ? kg_results_writer_head(w, names, columns) : KG_ERR_NOMEM;
        bool more = true;
        for (uint64_t n = 0; st == KG_OK && (st = kg_results_next(&more, r)) == KG_OK && more;
             n++) {
            for (size_t c = 0; c < columns; c++)
                row[c] = *kg_results_value(r, c);
            st = n >= max_rows ? KG_ERR_LIMIT : kg_results_writer_row(w, row);
        }
        free(names);
        free(row);
    }
    if (st == KG_OK)
        st = kg_results_writer_end(w);
    kg_results_writer_free(w);
    return st;
}

kg_status kgsh_answer_write(kg_results *r, kgsh_answer_format f, const kgsh_prefixes *prefixes,
                            uint64_t max_rows, char **body, size_t *len)
{
    static const kg_results_format writer_format[KGSH_ANSWER_COUNT] = {
        [KGSH_ANSWER_JSON] = KG_RESULTS_JSON,         [KGSH_ANSWER_XML] = KG_RESULTS_XML,
        [KGSH_ANSWER_CSV] = KG_RESULTS_CSV,           [KGSH_ANSWER_TSV] = KG_RESULTS_TSV,
        [KGSH_ANSWER_NTRIPLES] = KG_RESULTS_NTRIPLES, [KGSH_ANSWER_NQUADS] = KG_RESULTS_NTRIPLES,
    };
    *body = NULL;
    *len = 0;
    FILE *out = open_memstream(body, len);
    if (!out)
        return KG_ERR_NOMEM;
    kg_status st = f == KGSH_ANSWER_TURTLE || f == KGSH_ANSWER_TRIG
                       ? write_turtle(r, prefixes, max_rows, out)
                       : write_rows(r, writer_format[f], max_rows, out);
    if (fclose(out) != 0 && st == KG_OK)
        st = KG_ERR_NOMEM;
    if (st != KG_OK) {
        free(*body);
        *body = NULL;
        *len = 0;
    }
    return st;
}
