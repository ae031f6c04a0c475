/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/load.c - loading RDF files into a store, all or nothing.
 *
 * Turtle, N-Triples, N-Quads and TriG go through serd (strict mode, exact
 * line and column on errors, streaming in chunks so an interrupt is seen
 * within one statement); RDF/XML goes through raptor (rdfxml_load.c).
 * Statements are added to the store's transaction as they arrive; on any
 * failure the changes made since the load began are dropped again, so the
 * store (and a transaction the caller had open) is exactly as before.
 * Blank-node labels get a per-load prefix so two files never share a node. */
#define _GNU_SOURCE
#include <errno.h>
#include <serd/serd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "kg/io.h"
#include "rdfio/load_impl.h"
#include "rdfio/source_position.h"
#include "util/fs.h"
#include "rdfio/turtle_depth.h"
#include "store/quads.h"
#include "util/arena.h"
#include "kg/grow.h"
#include "util/iri.h"

kg_format kg_format_from_name(const char *name)
{
    static const struct {
        const char *name;
        kg_format format;
    } names[] = {
        {"turtle", KG_FORMAT_TURTLE}, {"ttl", KG_FORMAT_TURTLE},     {"ntriples", KG_FORMAT_NTRIPLES},
        {"nt", KG_FORMAT_NTRIPLES},   {"n-triples", KG_FORMAT_NTRIPLES}, {"nquads", KG_FORMAT_NQUADS},
        {"nq", KG_FORMAT_NQUADS},     {"n-quads", KG_FORMAT_NQUADS}, {"trig", KG_FORMAT_TRIG},
        {"rdfxml", KG_FORMAT_RDFXML}, {"rdf/xml", KG_FORMAT_RDFXML}, {"xml", KG_FORMAT_RDFXML},
        {"rdf", KG_FORMAT_RDFXML},    {"owl", KG_FORMAT_RDFXML},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0)
            return names[i].format;
    return KG_FORMAT_UNKNOWN;
}

kg_format kg_format_from_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? kg_format_from_name(dot + 1) : KG_FORMAT_UNKNOWN;
}

const char *kg_format_name(kg_format format)
{
    switch (format) {
    case KG_FORMAT_TURTLE: return "turtle";
    case KG_FORMAT_NTRIPLES: return "ntriples";
    case KG_FORMAT_NQUADS: return "nquads";
    case KG_FORMAT_TRIG: return "trig";
    case KG_FORMAT_RDFXML: return "rdfxml";
    default: return "unknown";
    }
}

/* ---- the statement sink shared by both parsers ---- */

kg_status kg_loader_add(kg_loader *ld, const kg_term *s, const kg_term *p, const kg_term *o,
                        const kg_term *g)
{
    if (s->kind == KG_TERM_LITERAL || p->kind != KG_TERM_IRI ||
        (g && g->kind == KG_TERM_LITERAL))
        return kg_loader_fail(ld, KG_ERR_SYNTAX, "not an RDF statement (literal subject or non-IRI predicate)");
    if (o->kind == KG_TERM_LITERAL && o->value_len > ld->max_literal)
        return kg_loader_fail(ld, KG_ERR_LIMIT, "a literal of %zu bytes exceeds the limit of %zu bytes",
                              o->value_len, ld->max_literal);
    kg_quad q = {0, 0, 0, KG_GRAPH_DEFAULT};
    if (!g)
        g = ld->default_graph;
    if (!(q.s = kg_store_intern(ld->store, s)) || !(q.p = kg_store_intern(ld->store, p)) ||
        !(q.o = kg_store_intern(ld->store, o)) || (g && !(q.g = kg_store_intern(ld->store, g))))
        /* a term the store refuses (a relative IRI, bad UTF-8) is the
         * input's fault, so it is a syntax error like the parser's own */
        return kg_loader_fail(ld,
                              kg_store_error(ld->store)->status == KG_ERR_INVALID
                                  ? KG_ERR_SYNTAX
                                  : kg_store_error(ld->store)->status,
                              "%s", kg_store_error(ld->store)->message);
    kg_status st = kg_store_add_ids(ld->store, &q);
    if (st != KG_OK)
        return kg_loader_fail(ld, st, "%s", kg_store_error(ld->store)->message);
    if (q.g != ld->last_graph) {
        ld->last_graph = q.g;
        ld->stats.graphs++; /* distinct runs; exact enough for a summary */
    }
    ld->stats.statements++;
    if (ld->opts.progress && (ld->stats.statements & 0xffff) == 0)
        ld->opts.progress(ld->opts.progress_ctx, ld->stats.statements, ld->bytes_read,
                          ld->total_bytes);
    return KG_OK;
}

kg_status kg_loader_fail(kg_loader *ld, kg_status status, const char *fmt, ...)
{
    if (ld->failed)
        return ld->status; /* keep the first error: later ones follow from it */
    ld->failed = true;
    ld->status = status;
    kg_error *err = &ld->error;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    kg_error_set_file(err, ld->name);
    err->line = ld->line;
    err->column = ld->column;
    return status;
}

bool kg_loader_add_prefix(kg_loader *ld, const char *name, const char *iri)
{
    kg_prefix_list *p = &ld->prefixes;
    /* an item is a pair: the name, then the IRI */
    if (!kg_grow(&p->items, &p->cap, p->n, 2 * sizeof *p->items, 16))
        return false;
    p->items[2 * p->n] = strdup(name);
    p->items[2 * p->n + 1] = strdup(iri);
    if (!p->items[2 * p->n] || !p->items[2 * p->n + 1]) {
        free(p->items[2 * p->n]);
        free(p->items[2 * p->n + 1]);
        return false;
    }
    p->n++;
    return true;
}

/* ---- serd ---- */

/* serd's own IRI resolution (serd_env_set_base_uri, serd_env_expand_node
 * on an IRI, a relative @prefix) writes one byte past its buffer when the
 * IRI has an empty query ("http://x?"; serd 0.30.16 counts the '?' only
 * for a non-empty query): found by fuzz_load. So the base and relative
 * IRIs are resolved here with kg_iri_resolve, and serd's environment only
 * ever holds absolute namespaces, which it stores and concatenates without
 * re-serialising them. */
typedef struct serd_load {
    kg_loader *ld;
    SerdEnv *env;
    SerdReader *reader;
    char *base;      /* the current base IRI (malloc) */
    kg_arena *iris;  /* resolved IRIs of the current statement or directive */
    unsigned long lines_before; /* lines of the input read by earlier readers */
} serd_load;

/* ref resolved against the current base, or NULL when that gives no
 * absolute IRI. Arena string. */
static const char *resolve(serd_load *sl, const SerdNode *ref)
{
    const char *iri = kg_iri_resolve(sl->iris, sl->base, (const char *)ref->buf, ref->n_bytes);
    return iri && kg_iri_scheme_len(iri, strlen(iri)) ? iri : NULL;
}

static void fail_unresolved(serd_load *sl, const SerdNode *node, const char *what)
{
    kg_loader_fail(sl->ld, KG_ERR_SYNTAX,
                   "cannot resolve <%s> to an absolute IRI (%s)", (const char *)node->buf, what);
}

/* A prefixed name whose prefix no @prefix declared before it. serd calls
 * back with no position; load_stream finds the name in the source. */
static void fail_unknown_prefix(serd_load *sl, const SerdNode *node)
{
    const char *name = (const char *)node->buf;
    int prefix_len = (int)strcspn(name, ":");
    snprintf(sl->ld->unknown_name, sizeof sl->ld->unknown_name, "%s", name);
    kg_loader_fail(sl->ld, KG_ERR_SYNTAX,
                   "unknown prefix \"%.*s:\" in %s (declare it first: @prefix %.*s: <IRI> .)",
                   prefix_len, name, name, prefix_len, name);
}

static SerdStatus on_error(void *handle, const SerdError *e)
{
    serd_load *sl = handle;
    char msg[400];
    va_list args;
    va_copy(args, *e->args);
    vsnprintf(msg, sizeof msg, e->fmt, args);
    va_end(args);
    msg[strcspn(msg, "\n")] = '\0';
    sl->ld->line = e->line + sl->lines_before;
    sl->ld->column = e->col ? e->col : 1;
    kg_loader_fail(sl->ld, KG_ERR_SYNTAX, "%s", msg);
    return SERD_SUCCESS;
}

static SerdStatus on_base(void *handle, const SerdNode *uri)
{
    serd_load *sl = handle;
    const char *iri = resolve(sl, uri);
    char *copy = iri ? strdup(iri) : NULL;
    kg_arena_reset(sl->iris);
    if (!copy) {
        fail_unresolved(sl, uri, "a base IRI must be absolute or resolve against the previous one");
        return SERD_ERR_INTERNAL;
    }
    free(sl->base);
    sl->base = copy;
    return SERD_SUCCESS;
}

static SerdStatus on_prefix(void *handle, const SerdNode *name, const SerdNode *uri)
{
    serd_load *sl = handle;
    const char *iri = resolve(sl, uri);
    if (!iri) {
        fail_unresolved(sl, uri, "no base IRI for a relative namespace, or a bad scheme");
        kg_arena_reset(sl->iris);
        return SERD_ERR_INTERNAL;
    }
    /* The store keeps prefixes for good: one that could not be written
     * back between angle brackets is refused here, like any such IRI. */
    size_t bad;
    if (!kg_iri_chars_valid(iri, strlen(iri), &bad)) {
        kg_loader_fail(sl->ld, KG_ERR_SYNTAX,
                       "the namespace IRI of prefix %.100s: holds a character not allowed in "
                       "IRIs (byte %zu, after <%.*s>)",
                       (const char *)name->buf, bad, (int)(bad > 200 ? 200 : bad), iri);
        free(sl->ld->bad_prefix);
        sl->ld->bad_prefix = strdup((const char *)name->buf);
        kg_arena_reset(sl->iris);
        return SERD_ERR_INTERNAL;
    }
    SerdNode absolute = serd_node_from_string(SERD_URI, (const uint8_t *)iri);
    SerdStatus st = serd_env_set_prefix(sl->env, name, &absolute);
    /* remember the namespace for the store's prefix map */
    if (st == SERD_SUCCESS && !kg_loader_add_prefix(sl->ld, (const char *)name->buf, iri))
        st = SERD_ERR_INTERNAL;
    kg_arena_reset(sl->iris);
    return st;
}

/* Converts a serd node to a term; expanded IRIs are kept in *owned, which
 * the caller frees with serd_node_free. */
static bool to_term(serd_load *sl, const SerdNode *node, SerdNode *owned, kg_term *out)
{
    memset(out, 0, sizeof *out);
    *owned = SERD_NODE_NULL;
    switch (node->type) {
    case SERD_URI:
        out->kind = KG_TERM_IRI;
        out->value = resolve(sl, node);
        if (!out->value) {
            fail_unresolved(sl, node, "no base IRI, or a bad scheme");
            return false;
        }
        out->value_len = strlen(out->value);
        return true;
    case SERD_CURIE:
        *owned = serd_env_expand_node(sl->env, node);
        if (!owned->buf) {
            fail_unknown_prefix(sl, node);
            return false;
        }
        /* an IRI the store keeps must be absolute, or no writer can
         * write it */
        if (!serd_uri_string_has_scheme(owned->buf)) {
            fail_unresolved(sl, node, "unknown prefix, or a bad scheme");
            return false;
        }
        out->kind = KG_TERM_IRI;
        out->value = (const char *)owned->buf;
        out->value_len = owned->n_bytes;
        return true;
    case SERD_BLANK:
        out->kind = KG_TERM_BLANK;
        out->value = (const char *)node->buf;
        out->value_len = node->n_bytes;
        return true;
    case SERD_LITERAL:
        out->kind = KG_TERM_LITERAL;
        out->value = (const char *)node->buf;
        out->value_len = node->n_bytes;
        return true;
    default:
        kg_loader_fail(sl->ld, KG_ERR_SYNTAX, "unexpected node in statement");
        return false;
    }
}

static SerdStatus on_statement(void *handle, SerdStatementFlags flags, const SerdNode *graph,
                               const SerdNode *subject, const SerdNode *predicate,
                               const SerdNode *object, const SerdNode *datatype,
                               const SerdNode *lang)
{
    (void)flags;
    serd_load *sl = handle;
    kg_loader *ld = sl->ld;
    if (ld->failed)
        return SERD_ERR_INTERNAL;
    if (kg_loader_interrupted(ld))
        return SERD_ERR_INTERNAL;
    SerdNode owned[5] = {SERD_NODE_NULL, SERD_NODE_NULL, SERD_NODE_NULL, SERD_NODE_NULL,
                         SERD_NODE_NULL};
    kg_term s, p, o, g, dt;
    bool ok = to_term(sl, subject, &owned[0], &s) && to_term(sl, predicate, &owned[1], &p) &&
              to_term(sl, object, &owned[2], &o);
    if (ok && datatype) {
        ok = to_term(sl, datatype, &owned[3], &dt);
        o.datatype = dt.value;
    }
    if (ok && lang)
        o.lang = (const char *)lang->buf;
    if (ok && graph)
        ok = to_term(sl, graph, &owned[4], &g);
    if (ok)
        ok = kg_loader_add(ld, &s, &p, &o, graph ? &g : NULL) == KG_OK;
    for (int i = 0; i < 5; i++)
        serd_node_free(&owned[i]);
    kg_arena_reset(sl->iris);
    return ok ? SERD_SUCCESS : SERD_ERR_INTERNAL;
}

bool kg_loader_interrupted(kg_loader *ld)
{
    if (!kg_store_interrupted(ld->store))
        return false;
    kg_loader_fail(ld, KG_ERR_INTERRUPTED, "load interrupted; nothing was loaded");
    return true;
}

static SerdSyntax serd_syntax(kg_format format)
{
    switch (format) {
    case KG_FORMAT_NTRIPLES: return SERD_NTRIPLES;
    case KG_FORMAT_NQUADS: return SERD_NQUADS;
    case KG_FORMAT_TRIG: return SERD_TRIG;
    default: return SERD_TURTLE;
    }
}

/* Counts bytes as serd pulls them, for progress, and checks their nesting
 * before serd recurses into it: past the limit, the load fails and serd
 * is shown the end of the input. */
typedef struct counted_stream {
    FILE *file;
    kg_loader *ld;
    bool nests; /* Turtle and TriG nest; N-Triples and N-Quads cannot */
    kg_turtle_depth depth;
    /* Line formats are read in batches of whole lines, one serd reader
     * each: serd 0.30's N-Quads reader keeps every statement's nodes on
     * its stack until the end of its input, which made a load's memory
     * grow with the file (issue 22 point 6). */
    bool batched;
    uint64_t batch_bytes;  /* given to the current reader */
    bool batch_end;        /* the current reader saw the end of its batch */
    unsigned long lines;   /* newlines given to the current reader */
    char carry[4096];      /* read from the file, not yet given to serd */
    size_t carry_len;
} counted_stream;

/* A batch ends at the first newline after this many bytes. */
enum { LOAD_BATCH_BYTES = 8 << 20 };

/* Reads into buf what serd asks for; in a batched stream, ends the batch
 * after its last whole line (the rest is carried to the next reader). */
static size_t batched_read(counted_stream *cs, char *buf, size_t want)
{
    if (cs->batch_end)
        return 0;
    size_t n = cs->carry_len < want ? cs->carry_len : want;
    memcpy(buf, cs->carry, n);
    memmove(cs->carry, cs->carry + n, cs->carry_len - n);
    cs->carry_len -= n;
    n += fread(buf + n, 1, want - n, cs->file);
    if (!cs->batched)
        return n;
    if (cs->batch_bytes + n > LOAD_BATCH_BYTES && n <= sizeof cs->carry) {
        const char *nl = memrchr(buf, '\n', n);
        if (nl) {
            size_t keep = (size_t)(nl - buf) + 1;
            memmove(cs->carry + (n - keep), cs->carry, cs->carry_len);
            memcpy(cs->carry, buf + keep, n - keep);
            cs->carry_len += n - keep;
            n = keep;
            cs->batch_end = true;
        }
    }
    cs->batch_bytes += n;
    for (size_t i = 0; i < n; i++)
        cs->lines += buf[i] == '\n';
    return n;
}

static size_t counted_read(void *buf, size_t size, size_t nmemb, void *stream)
{
    counted_stream *cs = stream;
    if (cs->ld->failed || kg_loader_interrupted(cs->ld))
        return 0;
    size_t n = batched_read(cs, buf, size * nmemb) / (size ? size : 1);
    cs->ld->bytes_read += n * size;
    if (cs->nests && !kg_turtle_depth_scan(&cs->depth, buf, n * size)) {
        cs->ld->line = cs->depth.line;
        cs->ld->column = 0;
        kg_loader_fail(cs->ld, KG_ERR_LIMIT, "collections or [ ] nested deeper than %d levels",
                       KG_LOAD_MAX_NESTING);
        return 0;
    }
    return n;
}

static int counted_error(void *stream)
{
    counted_stream *cs = stream;
    return ferror(cs->file);
}

/* A reader for the loader's format, reporting to sl; NULL without memory. */
static SerdReader *new_reader(serd_load *sl)
{
    SerdReader *r = serd_reader_new(serd_syntax(sl->ld->opts.format), sl, NULL, on_base,
                                    on_prefix, on_statement, NULL);
    if (r) {
        serd_reader_set_strict(r, true);
        serd_reader_set_error_sink(r, on_error, sl);
        /* the same prefix in every batch: a label names one node */
        serd_reader_add_blank_prefix(r, (const uint8_t *)sl->ld->blank_prefix);
    }
    return r;
}

kg_status kg_load_serd(kg_loader *ld, FILE *in)
{
    serd_load sl = {ld, serd_env_new(NULL), NULL, strdup(ld->base_iri), kg_arena_new(), 0};
    sl.reader = new_reader(&sl);
    if (!sl.env || !sl.reader || !sl.base || !sl.iris) {
        serd_reader_free(sl.reader);
        serd_env_free(sl.env);
        free(sl.base);
        kg_arena_free(sl.iris);
        return kg_loader_fail(ld, KG_ERR_NOMEM, "out of memory");
    }
    SerdSyntax syntax = serd_syntax(ld->opts.format);
    bool nests = syntax == SERD_TURTLE || syntax == SERD_TRIG;
    counted_stream cs = {.file = in, .ld = ld, .nests = nests, .depth = KG_TURTLE_DEPTH_INIT,
                         .batched = !nests};
    /* One pass over the whole stream (per batch): serd 0.30's chunked
     * reading parses N-Quads as Turtle, so interrupts are checked in
     * on_statement. */
    SerdStatus st = serd_reader_read_source(sl.reader, counted_read, counted_error, &cs,
                                            (const uint8_t *)ld->name, 4096);
    while (cs.batch_end && !ld->failed && st <= SERD_FAILURE) {
        serd_reader_free(sl.reader);
        sl.lines_before += cs.lines;
        cs.lines = cs.batch_bytes = 0;
        cs.batch_end = false;
        if (!(sl.reader = new_reader(&sl))) {
            kg_loader_fail(ld, KG_ERR_NOMEM, "out of memory");
            break;
        }
        st = serd_reader_read_source(sl.reader, counted_read, counted_error, &cs,
                                     (const uint8_t *)ld->name, 4096);
    }
    if (!ld->failed && st > SERD_FAILURE)
        kg_loader_fail(ld, KG_ERR_SYNTAX, "%s", (const char *)serd_strerror(st));
    if (!ld->failed && ferror(in))
        kg_loader_fail(ld, KG_ERR_IO, "read error: %s", strerror(errno));
    serd_reader_free(sl.reader);
    serd_env_free(sl.env);
    free(sl.base);
    kg_arena_free(sl.iris);
    return ld->failed ? ld->status : KG_OK;
}

/* ---- the public entry points ---- */

/* serd reports the byte column of the last character it read, which for
 * "missing '.'" is the blank before the offending token. Point at the token
 * instead, and count columns in characters, as an editor does. Only runs
 * on error, re-reading the file up to the line. */
static void point_at_token(const char *path, kg_error *err)
{
    if (!err->line || !err->column)
        return;
    FILE *f = kg_fs_reopen_regular(path);
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = 0;
    for (unsigned long n = 0; n < err->line && (len = getline(&line, &cap, f)) >= 0; n++)
        ;
    if (len > 0 && err->column <= (unsigned long)len) {
        size_t at = err->column - 1;
        size_t next = at;
        while (next < (size_t)len && (line[next] == ' ' || line[next] == '\t'))
            next++;
        if (next > at && next < (size_t)len && line[next] != '\n' && line[next] != '\r')
            at = next;
        unsigned long chars = 1;
        for (size_t i = 0; i < at; i++)
            chars += ((unsigned char)line[i] & 0xc0) != 0x80;
        err->column = chars;
    }
    free(line);
    /* "ex:a ex:b ex:c" then "ex:d ...": serd sees the missing '.' at ex:d */
    static const char missing[] = "missing ';' or '.'";
    if (strncmp(err->message, missing, sizeof missing - 1) == 0 && fseek(f, 0, SEEK_SET) == 0 &&
        kg_source_after_previous_token(&err->line, &err->column, f))
        snprintf(err->message, sizeof err->message,
                 "missing '.' at the end of this statement (or ';' or ',' to go on)");
    fclose(f);
}

/* The line of the first "@prefix NAME:" or "PREFIX NAME:" in a seekable
 * input (serd does not say where a directive it handed over was), or 0. */
static unsigned long prefix_line(FILE *in, const char *name)
{
    if (fseek(in, 0, SEEK_SET) != 0)
        return 0;
    char *line = NULL;
    size_t cap = 0, name_len = strlen(name);
    unsigned long n = 0, found = 0;
    while (!found && getline(&line, &cap, in) >= 0) {
        n++;
        for (char *p = line; !found && (p = strcasestr(p, "prefix")) != NULL; p += 6) {
            char *q = p + 6;
            q += strspn(q, " \t");
            if (q > p + 6 && strncmp(q, name, name_len) == 0 && q[name_len] == ':')
                found = n;
        }
    }
    free(line);
    return found;
}

static void loader_free(kg_loader *ld)
{
    free(ld->bad_prefix);
    for (size_t i = 0; i < 2 * ld->prefixes.n; i++)
        free(ld->prefixes.items[i]);
    free(ld->prefixes.items);
}

/* The store keeps the first binding of a prefix name: files often reuse a
 * short name (a:, ex:) for their own namespace, and letting the last file
 * win would silently change how every earlier IRI is displayed. */
static bool prefix_bound(kg_store *store, const char *name)
{
    return kg_store_prefix(store, name) != NULL;
}

static kg_status load_stream(kg_store *store, FILE *in, const char *name, uint64_t total,
                             const kg_load_options *opts, kg_load_stats *stats)
{
    kg_status vs = kg_options_check(opts, KG_LOAD_OPTIONS_VERSION, "kg_load_options",
                                    kg_store_error_mut(store));
    if (vs != KG_OK)
        return vs;
    kg_store_clear_interrupt(store);
    kg_loader ld;
    memset(&ld, 0, sizeof ld);
    ld.store = store;
    ld.name = name;
    ld.total_bytes = total;
    ld.max_literal = KG_LOAD_MAX_LITERAL;
    ld.last_graph = (kg_id)-1;
    if (opts)
        ld.opts = *opts;
    if (ld.opts.format == KG_FORMAT_UNKNOWN)
        ld.opts.format = kg_format_from_path(name);
    ld.default_graph = ld.opts.graph;
    char base[4200];
    if (ld.opts.base_iri) {
        snprintf(base, sizeof base, "%s", ld.opts.base_iri);
    } else {
        char *real = strcmp(name, "-") ? realpath(name, NULL) : NULL;
        snprintf(base, sizeof base, "file://%s", real ? real : "/stdin");
        free(real);
    }
    ld.base_iri = base;
    if (ld.opts.format == KG_FORMAT_UNKNOWN) {
        return kg_error_set(kg_store_error_mut(store), KG_ERR_INVALID, name,
                            "cannot tell the RDF format from the file name (use .ttl, .nt, "
                            ".nq, .trig or .rdf, or name the format)");
    }
    bool own = !kg_store_in_transaction(store);
    kg_status st = own ? kg_store_begin(store) : KG_OK;
    if (st != KG_OK)
        return st;
    uint64_t size_before = kg_store_size(store);
    uint64_t mark = kg_store_mark(store);
    kg_store_blank_prefix(store, ld.blank_prefix, sizeof ld.blank_prefix);
    st = ld.opts.format == KG_FORMAT_RDFXML ? kg_load_rdfxml(&ld, in) : kg_load_serd(&ld, in);
    for (size_t i = 0; st == KG_OK && i < ld.prefixes.n; i++)
        if (!prefix_bound(store, ld.prefixes.items[2 * i]))
            st = kg_store_set_prefix(store, ld.prefixes.items[2 * i],
                                     ld.prefixes.items[2 * i + 1]);
    if (st == KG_OK && own)
        st = kg_store_commit(store); /* on failure it rolls back and sets the error */
    else if (st != KG_OK && own)
        kg_store_rollback(store);
    else if (st != KG_OK)
        kg_store_undo_to(store, mark);
    if (st != KG_OK && ld.failed && ld.unknown_name[0]) {
        /* where the name is: line 0 (none) rather than a wrong one */
        ld.error.line = ld.error.column = 0;
        if (fseek(in, 0, SEEK_SET) == 0)
            kg_source_find_token(&ld.error.line, &ld.error.column, in, ld.unknown_name);
    }
    if (st != KG_OK && ld.failed && ld.bad_prefix && !ld.error.line)
        ld.error.line = prefix_line(in, ld.bad_prefix);
    if (st != KG_OK && ld.failed)
        *kg_store_error_mut(store) = ld.error;
    if (st == KG_OK && stats) {
        ld.stats.added = kg_store_size(store) - size_before;
        *stats = ld.stats;
    }
    loader_free(&ld);
    return st;
}

kg_status kg_load_file(kg_store *store, const char *path, const kg_load_options *opts,
                       kg_load_stats *stats)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rbe");
    if (!in) {
        kg_error *err = kg_store_error_mut(store);
        return kg_error_set(err, errno == ENOENT ? KG_ERR_NOT_FOUND : KG_ERR_IO, path,
                            "cannot open: %s", strerror(errno));
    }
    struct stat st;
    uint64_t total = !is_stdin && fstat(fileno(in), &st) == 0 ? (uint64_t)st.st_size : 0;
    if (!is_stdin && S_ISDIR(st.st_mode)) {
        fclose(in);
        return kg_error_set(kg_store_error_mut(store), KG_ERR_INVALID, path,
                            "is a directory, not an RDF file");
    }
    kg_status s = load_stream(store, in, path, total, opts, stats);
    if (!is_stdin)
        fclose(in);
    if (s == KG_ERR_SYNTAX && !is_stdin)
        point_at_token(path, kg_store_error_mut(store));
    return s;
}

kg_status kg_load_string(kg_store *store, const char *text, size_t len, const char *name,
                         const kg_load_options *opts, kg_load_stats *stats)
{
    FILE *in = fmemopen((void *)text, len, "rb");
    if (!in)
        return kg_error_set(kg_store_error_mut(store), KG_ERR_NOMEM, name,
                            "out of memory");
    kg_load_options o = KG_LOAD_OPTIONS_INIT;
    if (opts)
        o = *opts;
    if (o.format == KG_FORMAT_UNKNOWN)
        o.format = kg_format_from_path(name);
    if (!o.base_iri)
        o.base_iri = "file:///string";
    kg_status s = load_stream(store, in, name, len, &o, stats);
    fclose(in);
    return s;
}
