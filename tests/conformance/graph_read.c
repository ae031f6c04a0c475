/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/graph_read.c - RDF files into cf_results graphs through
 * raptor (see graph_read.h). A file is read into memory and parsed in one
 * chunk so that files and strings take the same path. */
#define _GNU_SOURCE
#include "graph_read.h"

#include <limits.h>
#include <raptor2.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "util/buf.h"

typedef struct reader {
    cf_results *g;
    const kg_term *graph;
    const char *label_prefix;
    long graph_col; /* -1 when g holds triples only */
    kg_error *err;
    const char *name;
    kg_status status;
} reader;

static const char *syntax_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    static const char *const map[][2] = {
        {".ttl", "turtle"}, {".nt", "ntriples"}, {".nq", "nquads"}, {".rdf", "rdfxml"},
        {".owl", "rdfxml"}, {".xml", "rdfxml"},
    };
    for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(dot, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* A raptor term as a kg_term view. A blank node's prefixed label is built
 * in scratch (one buffer per position of the quad, all live at once). */
static bool convert(reader *rd, const raptor_term *t, kg_buf *scratch, kg_term *out)
{
    memset(out, 0, sizeof *out);
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI: {
        size_t len;
        out->kind = KG_TERM_IRI;
        out->value = (const char *)raptor_uri_as_counted_string(t->value.uri, &len);
        out->value_len = len;
        return true;
    }
    case RAPTOR_TERM_TYPE_BLANK:
        kg_buf_clear(scratch);
        if (!kg_buf_puts(scratch, rd->label_prefix ? rd->label_prefix : "") ||
            !kg_buf_append(scratch, t->value.blank.string, t->value.blank.string_len) ||
            !kg_buf_cstr(scratch))
            return false;
        out->kind = KG_TERM_BLANK;
        out->value = scratch->data;
        out->value_len = scratch->len;
        return true;
    case RAPTOR_TERM_TYPE_LITERAL:
        out->kind = KG_TERM_LITERAL;
        out->value = (const char *)t->value.literal.string;
        out->value_len = t->value.literal.string_len;
        if (!out->value)
            out->value = "";
        if (t->value.literal.language && t->value.literal.language_len)
            out->lang = (const char *)t->value.literal.language;
        else if (t->value.literal.datatype)
            out->datatype = (const char *)raptor_uri_as_string(t->value.literal.datatype);
        return true;
    default:
        return false;
    }
}

static void on_statement(void *ctx, raptor_statement *st)
{
    reader *rd = ctx;
    if (rd->status != KG_OK)
        return;
    kg_buf scratch[4] = {KG_BUF_INIT, KG_BUF_INIT, KG_BUF_INIT, KG_BUF_INIT};
    const raptor_term *parts[3] = {st->subject, st->predicate, st->object};
    kg_term terms[4] = {{0}};
    bool ok = true;
    for (int i = 0; ok && i < 3; i++)
        ok = convert(rd, parts[i], &scratch[i], &terms[i]);
    if (ok && st->graph)
        ok = convert(rd, st->graph, &scratch[3], &terms[3]);
    else if (ok && rd->graph)
        terms[3] = *rd->graph;
    kg_term *row = ok ? cf_results_add_row(rd->g) : NULL;
    for (int i = 0; row && i < 3; i++)
        ok = ok && cf_results_set(rd->g, &row[i], &terms[i]);
    if (row && rd->graph_col >= 0)
        ok = ok && cf_results_set(rd->g, &row[rd->graph_col], &terms[3]);
    if (!row || !ok)
        rd->status = cf_error(rd->err, KG_ERR_NOMEM, rd->name, 0, "out of memory");
    for (int i = 0; i < 4; i++)
        kg_buf_free(&scratch[i]);
}

static void on_log(void *ctx, raptor_log_message *msg)
{
    reader *rd = ctx;
    if (msg->level < RAPTOR_LOG_LEVEL_ERROR || rd->status != KG_OK)
        return;
    unsigned long line = msg->locator && msg->locator->line > 0 ? (unsigned long)msg->locator->line : 0;
    rd->status = cf_error(rd->err, KG_ERR_SYNTAX, rd->name, line, "%s", msg->text);
    if (msg->locator && msg->locator->column > 0)
        rd->err->column = (unsigned long)msg->locator->column;
}

kg_status cf_graph_read_string(cf_results *g, const char *text, size_t len, const char *syntax,
                               const char *name, const char *base_iri, const kg_term *graph,
                               const char *label_prefix, kg_error *err)
{
    kg_error scratch_err;
    reader rd = {.g = g, .graph = graph, .label_prefix = label_prefix, .err = err ? err : &scratch_err,
                 .name = name, .graph_col = cf_results_var(g, "graph", false)};
    raptor_world *world = raptor_new_world();
    if (!world || raptor_world_open(world) != 0) {
        raptor_free_world(world);
        return cf_error(err, KG_ERR_NOMEM, name, 0, "cannot start raptor");
    }
    raptor_world_set_log_handler(world, &rd, on_log);
    raptor_parser *parser = raptor_new_parser(world, syntax);
    raptor_uri *base = raptor_new_uri(world, (const unsigned char *)(base_iri ? base_iri : "file:///"));
    if (!parser || !base) {
        rd.status = cf_error(err, KG_ERR_INVALID, name, 0, "raptor cannot parse %s", syntax);
    } else {
        raptor_parser_set_option(parser, RAPTOR_OPTION_NO_NET, NULL, 1);
        raptor_parser_set_option(parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
        raptor_parser_set_statement_handler(parser, &rd, on_statement);
        if (raptor_parser_parse_start(parser, base) != 0 ||
            raptor_parser_parse_chunk(parser, (const unsigned char *)text, len, 1) != 0) {
            if (rd.status == KG_OK)
                rd.status = cf_error(err, KG_ERR_SYNTAX, name, 0, "raptor failed to parse");
        }
    }
    if (base)
        raptor_free_uri(base);
    raptor_free_parser(parser);
    raptor_free_world(world);
    return rd.status;
}

kg_status cf_graph_read(cf_results *g, const char *path, const char *base_iri,
                        const kg_term *graph, const char *label_prefix, kg_error *err)
{
    const char *syntax = syntax_of(path);
    if (!syntax)
        return cf_error(err, KG_ERR_UNSUPPORTED, path, 0, "unknown RDF syntax for this file name");
    char *own_base = base_iri ? NULL : cf_file_iri(path);
    size_t len;
    char *text = kg_test_read_file(path, &len);
    kg_status st;
    if (!text)
        st = cf_error(err, KG_ERR_IO, path, 0, "cannot read the file");
    else if (!base_iri && !own_base)
        st = cf_error(err, KG_ERR_NOMEM, path, 0, "out of memory");
    else
        st = cf_graph_read_string(g, text, len, syntax, path, base_iri ? base_iri : own_base, graph,
                                  label_prefix, err);
    free(text);
    free(own_base);
    return st;
}

bool cf_graph_add_graph_column(cf_results *g)
{
    return cf_results_var(g, "graph", true) >= 0;
}

char *cf_file_iri(const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return NULL;
    kg_buf b = KG_BUF_INIT;
    bool ok = kg_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)abs; ok && *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            ok = kg_buf_putc(&b, (char)*p);
        else
            ok = kg_buf_printf(&b, "%%%02X", *p);
    }
    free(abs);
    if (!ok || !kg_buf_cstr(&b)) {
        kg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

const kg_term *cf_graph_next_object(const cf_results *g, const kg_term *s, const char *p,
                                    size_t *from)
{
    for (; *from < g->count; (*from)++) {
        const kg_term *row = cf_results_row(g, *from);
        if (row[1].kind == KG_TERM_IRI && strcmp(row[1].value, p) == 0 && kg_term_equal(&row[0], s)) {
            (*from)++;
            return &row[2];
        }
    }
    return NULL;
}

const kg_term *cf_graph_object(const cf_results *g, const kg_term *s, const char *p)
{
    size_t from = 0;
    return cf_graph_next_object(g, s, p, &from);
}
