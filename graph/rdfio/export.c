/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/export.c - writing a store (or one graph) as Turtle, N-Triples,
 * N-Quads or TriG with serd's streaming writer (RDF/XML: export_rdfxml.c).
 *
 * Quads are read in index order straight from the store's segments, so
 * Turtle comes out grouped by subject with the store's prefixes, and TriG
 * grouped by graph, without building anything in memory. Files are written
 * to a temporary name and renamed into place, so an interrupted or failed
 * export never leaves a half-written file behind. A sorted export
 * (N-Triples and N-Quads) passes its lines through rdfio/line_sort.c, so
 * that it does not depend on the order the store numbered its terms in. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <serd/serd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "kg/io.h"
#include "rdfio/export_rdfxml.h"
#include "rdfio/line_sort.h"
#include "store/quads.h"
#include "util/fs.h"
#include "util/iri.h"

typedef struct exporter {
    kg_store *store;
    kg_view *view;
    FILE *out;
    kg_line_sort *sorter; /* a sorted export's lines go here, then to out */
    bool write_failed;
    char refused[300]; /* serd's reason for refusing a statement */
} exporter;

/* serd reports a statement it cannot write here rather than on stderr;
 * the export's error carries the reason. */
static SerdStatus on_write_error(void *handle, const SerdError *e)
{
    exporter *ex = handle;
    va_list args;
    va_copy(args, *e->args);
    vsnprintf(ex->refused, sizeof ex->refused, e->fmt, args);
    va_end(args);
    ex->refused[strcspn(ex->refused, "\n")] = '\0';
    return SERD_SUCCESS;
}

static size_t sink(const void *buf, size_t len, void *stream)
{
    exporter *ex = stream;
    size_t n = ex->sorter ? kg_line_sort_write(buf, len, ex->sorter) : fwrite(buf, 1, len, ex->out);
    if (n != len)
        ex->write_failed = true;
    return n;
}

static SerdSyntax syntax_of(kg_format format)
{
    switch (format) {
    case KG_FORMAT_NTRIPLES: return SERD_NTRIPLES;
    case KG_FORMAT_NQUADS: return SERD_NQUADS;
    case KG_FORMAT_TRIG: return SERD_TRIG;
    default: return SERD_TURTLE;
    }
}

/* A serd node (and, for literals, datatype and language nodes) viewing a
 * stored term; nothing is copied. */
typedef struct node_view {
    SerdNode node, datatype, lang;
} node_view;

static bool view_term(exporter *ex, kg_id id, node_view *nv)
{
    kg_term t;
    memset(nv, 0, sizeof *nv);
    if (!kg_view_term(ex->view, id, &t))
        return false;
    SerdType type = t.kind == KG_TERM_IRI ? SERD_URI
                    : t.kind == KG_TERM_BLANK ? SERD_BLANK
                                              : SERD_LITERAL;
    nv->node = (SerdNode){(const uint8_t *)t.value, t.value_len, t.value_len, 0, type};
    if (t.datatype)
        nv->datatype = serd_node_from_string(SERD_URI, (const uint8_t *)t.datatype);
    if (t.lang)
        nv->lang = serd_node_from_string(SERD_LITERAL, (const uint8_t *)t.lang);
    if (type == SERD_LITERAL) {
        /* serd chooses quoting from these flags */
        const char *v = t.value;
        for (size_t i = 0; i < t.value_len; i++) {
            if (v[i] == '\n' || v[i] == '\r')
                nv->node.flags |= SERD_HAS_NEWLINE;
            else if (v[i] == '"')
                nv->node.flags |= SERD_HAS_QUOTE;
        }
    }
    return true;
}

typedef struct prefix_ctx {
    SerdEnv *env;
    SerdWriter *writer;
} prefix_ctx;

static int add_prefix(void *ctx, const char *prefix, const char *iri)
{
    prefix_ctx *pc = ctx;
    /* serd resolves a relative namespace with the IRI re-serialisation
     * that can overflow (see rdfio/load.c); such a namespace could not
     * abbreviate a stored (absolute) IRI anyway */
    if (!kg_iri_scheme_len(iri, strlen(iri)))
        return 0;
    SerdNode name = serd_node_from_string(SERD_LITERAL, (const uint8_t *)prefix);
    SerdNode uri = serd_node_from_string(SERD_URI, (const uint8_t *)iri);
    serd_env_set_prefix(pc->env, &name, &uri);
    if (pc->writer)
        serd_writer_set_prefix(pc->writer, &name, &uri);
    return 0;
}

/* Writes one quad (its graph only when quads is set); errors go to the
 * store's. */
static kg_status write_quad(exporter *ex, SerdWriter *writer, const kg_quad *q, bool quads)
{
    kg_error *err = kg_store_error_mut(ex->store);
    node_view s, p, o, gv;
    if (!view_term(ex, q->s, &s) || !view_term(ex, q->p, &p) || !view_term(ex, q->o, &o) ||
        (q->g && !view_term(ex, q->g, &gv)))
        return kg_error_set(err, KG_ERR_CORRUPT, NULL, "a quad names a term the store lacks");
    const SerdNode *graph = quads && q->g ? &gv.node : NULL;
    SerdStatus ws = serd_writer_write_statement(writer, 0, graph, &s.node, &p.node, &o.node,
                                                o.datatype.buf ? &o.datatype : NULL,
                                                o.lang.buf ? &o.lang : NULL);
    if (ws != SERD_SUCCESS && !ex->write_failed)
        return kg_error_set(err, KG_ERR_INVALID, NULL,
                            "cannot write the statement %s%.200s%s <%.200s> in this syntax: %s",
                            s.node.type == SERD_BLANK ? "_:" : "<", (const char *)s.node.buf,
                            s.node.type == SERD_BLANK ? "" : ">", (const char *)p.node.buf,
                            ex->refused[0] ? ex->refused : (const char *)serd_strerror(ws));
    if (ex->write_failed && ex->sorter)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory sorting the export");
    if (ex->write_failed)
        return kg_error_set(err, KG_ERR_IO, NULL, "write failed: %s", strerror(errno));
    /* only now is the statement's line whole */
    return ex->sorter ? kg_line_sort_end_statement(ex->sorter, err) : KG_OK;
}

/* Writes every quad the scan gives but those of graph hidden, counting
 * them in *n, then (a sorted export) the sorted lines. */
static kg_status write_all(exporter *ex, SerdWriter *writer, kg_scan *scan, kg_id hidden,
                           bool quads, const kg_export_options *opts, uint64_t *n)
{
    kg_error *err = kg_store_error_mut(ex->store);
    kg_status st = KG_OK;
    kg_quad q;
    while (st == KG_OK && kg_scan_next(scan, &q)) {
        if (hidden && q.g == hidden)
            continue;
        st = write_quad(ex, writer, &q, quads);
        if (st != KG_OK || (++*n & 0xffff) != 0)
            continue;
        if (kg_store_interrupted(ex->store))
            st = kg_error_set(err, KG_ERR_INTERRUPTED, NULL, "export interrupted");
        else if (opts && opts->progress)
            opts->progress(opts->progress_ctx, *n, 0, 0);
    }
    if (st == KG_OK && ex->sorter)
        st = kg_line_sort_finish(ex->sorter, ex->out, ex->store, err);
    return st;
}

static SerdWriter *new_writer(exporter *ex, SerdEnv *env, kg_format format, bool pretty)
{
    SerdWriter *writer = serd_writer_new(syntax_of(format),
                                         pretty ? SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED : 0,
                                         env, NULL, sink, ex);
    if (!writer)
        return NULL;
    serd_writer_set_error_sink(writer, on_write_error, ex);
    if (pretty) {
        prefix_ctx pc = {env, writer};
        kg_store_prefixes(ex->store, add_prefix, &pc);
    }
    return writer;
}

static kg_status export_to(kg_store *store, FILE *out, const kg_export_options *opts,
                           kg_format format, uint64_t *written)
{
    kg_error *err = kg_store_error_mut(store);
    kg_store_clear_interrupt(store);
    exporter ex = {store, kg_store_view(store), out, NULL, false, ""};
    if (!ex.view)
        return err->status;
    kg_id g = 0;
    if (opts && opts->graph) {
        g = kg_view_lookup(ex.view, opts->graph);
        if (!g || !kg_view_graph_exists(ex.view, g))
            return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "no graph <%s> in the store",
                                opts->graph->value);
    }
    /* a graph left out: by the union scan itself, or skipped below */
    kg_id hidden = !g && opts && opts->hidden_graph ? kg_view_lookup(ex.view, opts->hidden_graph)
                                                    : KG_ID_NONE;
    bool quads = format == KG_FORMAT_NQUADS || format == KG_FORMAT_TRIG;
    bool pretty = format == KG_FORMAT_TURTLE || format == KG_FORMAT_TRIG;
    kg_graph_mode mode = g ? KG_GRAPHS_ONE : quads ? KG_GRAPHS_ALL : KG_GRAPHS_UNION;
    bool sorted = opts && opts->version >= 2 && opts->sorted;
    ex.sorter = sorted ? kg_line_sort_new(kg_store_load_memory(store)) : NULL;
    SerdEnv *env = sorted && !ex.sorter ? NULL : serd_env_new(NULL);
    SerdWriter *writer = env ? new_writer(&ex, env, format, pretty) : NULL;
    kg_scan *scan = writer ? kg_scan_open(ex.view, 0, 0, 0, mode, g ? g : hidden) : NULL;
    uint64_t n = 0;
    kg_status st = scan ? write_all(&ex, writer, scan, hidden, quads, opts, &n)
                        : kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kg_scan_close(scan);
    serd_writer_finish(writer);
    serd_writer_free(writer);
    serd_env_free(env);
    kg_line_sort_free(ex.sorter);
    if (st == KG_OK && (fflush(out) != 0 || ex.write_failed))
        st = kg_error_set(err, KG_ERR_IO, NULL, "write failed: %s", strerror(errno));
    if (written)
        *written = n;
    return st;
}

/* Checks the options, then writes in the format asked for. */
static kg_status export_as(kg_store *store, FILE *out, const kg_export_options *opts,
                           kg_format format, uint64_t *written)
{
    kg_error *err = kg_store_error_mut(store);
    kg_status st = kg_options_check(opts, KG_EXPORT_OPTIONS_VERSION, "kg_export_options", err);
    if (st != KG_OK)
        return st;
    /* sorting the lines of Turtle, TriG or RDF/XML would break them */
    if (opts && opts->version >= 2 && opts->sorted && format != KG_FORMAT_NTRIPLES &&
        format != KG_FORMAT_NQUADS)
        return kg_error_set(err, KG_ERR_INVALID, NULL,
                            "a sorted export is written as N-Triples or N-Quads, not %s",
                            kg_format_name(format));
    if (format == KG_FORMAT_RDFXML)
        return kg_export_rdfxml(store, out, opts, written);
    return export_to(store, out, opts, format, written);
}

static kg_format format_for(const char *path, const kg_export_options *opts)
{
    kg_format f = opts && opts->format ? opts->format : KG_FORMAT_UNKNOWN;
    return f != KG_FORMAT_UNKNOWN ? f : path ? kg_format_from_path(path) : KG_FORMAT_TURTLE;
}

kg_status kg_export_stream(kg_store *store, FILE *out, const kg_export_options *opts,
                           uint64_t *written)
{
    return export_as(store, out, opts, format_for(NULL, opts), written);
}

kg_status kg_export_file(kg_store *store, const char *path, const kg_export_options *opts,
                         uint64_t *written)
{
    kg_error *err = kg_store_error_mut(store);
    kg_format format = format_for(path, opts);
    if (format == KG_FORMAT_UNKNOWN)
        return kg_error_set(err, KG_ERR_INVALID, path,
                            "cannot tell the export format from the file name (use .ttl, .nt, "
                            ".nq, .trig or .rdf)");
    /* A device or FIFO is written in place: replacing it by rename would
     * put a regular file where it was (as root, /dev/null). */
    struct stat info;
    bool in_place = stat(path, &info) == 0 && !S_ISREG(info.st_mode);
    char tmp[4200] = "";
    int fd = in_place ? open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                      : kg_fs_open_temp(path, 0600, tmp, sizeof tmp);
    if (fd < 0)
        return kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
    FILE *out = fdopen(fd, "w");
    if (!out) {
        kg_fs_abort_temp(fd, tmp);
        return kg_error_set(err, KG_ERR_NOMEM, path, "out of memory");
    }
    /* a caller's struct of version 1 ends before sorted */
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    if (opts)
        memcpy(&o, opts, opts->version >= 2 ? sizeof o : offsetof(kg_export_options, sorted));
    o.format = format;
    kg_status st = export_as(store, out, &o, format, written);
    if (st == KG_OK && fflush(out) != 0)
        st = kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
    if (st != KG_OK || in_place) {
        if (fclose(out) != 0 && st == KG_OK)
            st = kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
        if (tmp[0])
            unlink(tmp);
        if (st != KG_OK)
            kg_error_set_file(err, path);
        return st;
    }
    /* fsync + rename through the descriptor the FILE owns */
    int rc = fsync(fd);
    if (fclose(out) != 0 || rc != 0 || rename(tmp, path) != 0) {
        st = kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
        unlink(tmp);
    }
    return st;
}
