/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/manifest.c - reads W3C test manifests with serd into
 * per-file triple lists and extracts the mf:entries of each. */
#define _GNU_SOURCE
#include "manifest.h"

#include <serd/serd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

typedef struct mf_triple {
    kg_mf_node s, p, o;
} mf_triple;

struct kg_mf_file {
    char *path;
    kg_mf_node self; /* the file's own IRI (<> in the manifest) */
    mf_triple *triples;
    size_t n, cap;
};

struct kg_manifest {
    kg_arena *arena;
    kg_mf_file **files;
    size_t nfiles, files_cap;
    kg_mf_test *tests;
    size_t ntests, tests_cap;
};

/* Grows *data (elements of size elem) to hold one more; false on ENOMEM. */
static bool grow(void **data, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 16;
    void *d = realloc(*data, c * elem);
    if (!d)
        return false;
    *data = d;
    *cap = c;
    return true;
}

static void set_err(char *err, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
}

static bool node_eq(const kg_mf_node *a, const kg_mf_node *b)
{
    return a->kind == b->kind && a->value && b->value && strcmp(a->value, b->value) == 0;
}

/* ------------------------------------------------------------- reading */

typedef struct reader_ctx {
    kg_manifest *m;
    kg_mf_file *file;
    SerdEnv *env;
    bool failed;
} reader_ctx;

static const char *keep(reader_ctx *c, const char *s)
{
    char *k = kg_arena_strdup(c->m->arena, s);
    if (!k)
        c->failed = true;
    return k;
}

static kg_mf_node iri_node(reader_ctx *c, const char *iri)
{
    kg_mf_node n = {KG_MF_IRI, keep(c, iri), NULL, NULL, NULL};
    if (strncmp(iri, "file:", 5) == 0) {
        char *path = (char *)serd_file_uri_parse((const uint8_t *)iri, NULL);
        if (path) {
            n.path = keep(c, path);
            serd_free(path);
        }
    }
    return n;
}

/* An absolute IRI for a URI or CURIE node; empty node on failure. */
static kg_mf_node expand(reader_ctx *c, const SerdNode *node)
{
    SerdNode full = serd_env_expand_node(c->env, node);
    if (!full.buf) {
        c->failed = true;
        return (kg_mf_node){0};
    }
    kg_mf_node n = iri_node(c, (const char *)full.buf);
    serd_node_free(&full);
    return n;
}

static kg_mf_node convert(reader_ctx *c, const SerdNode *node, const SerdNode *dt,
                          const SerdNode *lang)
{
    switch (node->type) {
    case SERD_URI:
    case SERD_CURIE:
        return expand(c, node);
    case SERD_BLANK: {
        /* Labels are per file: qualify them with the file's number. */
        char *label = kg_arena_printf(c->m->arena, "f%zu_%s", c->m->nfiles, (const char *)node->buf);
        if (!label)
            c->failed = true;
        return (kg_mf_node){KG_MF_BLANK, label, NULL, NULL, NULL};
    }
    case SERD_LITERAL: {
        kg_mf_node n = {KG_MF_LITERAL, keep(c, (const char *)node->buf), NULL, NULL, NULL};
        if (dt && dt->buf)
            n.datatype = expand(c, dt).value;
        if (lang && lang->buf)
            n.lang = keep(c, (const char *)lang->buf);
        return n;
    }
    default:
        c->failed = true;
        return (kg_mf_node){0};
    }
}

static SerdStatus on_base(void *handle, const SerdNode *uri)
{
    reader_ctx *c = handle;
    return serd_env_set_base_uri(c->env, uri);
}

static SerdStatus on_prefix(void *handle, const SerdNode *name, const SerdNode *uri)
{
    reader_ctx *c = handle;
    return serd_env_set_prefix(c->env, name, uri);
}

static SerdStatus on_statement(void *handle, SerdStatementFlags flags, const SerdNode *graph,
                               const SerdNode *s, const SerdNode *p, const SerdNode *o,
                               const SerdNode *o_dt, const SerdNode *o_lang)
{
    (void)flags, (void)graph;
    reader_ctx *c = handle;
    kg_mf_file *f = c->file;
    if (!grow((void **)&f->triples, &f->cap, f->n, sizeof *f->triples)) {
        c->failed = true;
        return SERD_ERR_UNKNOWN;
    }
    mf_triple *t = &f->triples[f->n++];
    t->s = convert(c, s, NULL, NULL);
    t->p = convert(c, p, NULL, NULL);
    t->o = convert(c, o, o_dt, o_lang);
    return c->failed ? SERD_ERR_UNKNOWN : SERD_SUCCESS;
}

static SerdStatus on_error(void *handle, const SerdError *error)
{
    (void)error;
    ((reader_ctx *)handle)->failed = true;
    return SERD_SUCCESS;
}

/* ------------------------------------------------------------- queries */

size_t kg_mf_objects(const kg_mf_file *file, const kg_mf_node *subject, const char *predicate,
                     kg_mf_node *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < file->n; i++) {
        const mf_triple *t = &file->triples[i];
        if (node_eq(&t->s, subject) && strcmp(t->p.value, predicate) == 0) {
            if (n < max)
                out[n] = t->o;
            n++;
        }
    }
    return n;
}

kg_mf_node kg_mf_object(const kg_mf_file *file, const kg_mf_node *subject, const char *predicate)
{
    kg_mf_node o = {0};
    kg_mf_objects(file, subject, predicate, &o, 1);
    return o;
}

const char *kg_mf_file_path(const kg_mf_file *file)
{
    return file->path;
}

/* Calls fn on each member of the RDF list starting at head. */
static bool each_in_list(const kg_mf_file *f, kg_mf_node head,
                         bool (*fn)(void *ctx, const kg_mf_file *f, const kg_mf_node *item), void *ctx)
{
    size_t guard = 0;
    while (head.kind != KG_MF_NONE && guard++ <= f->n) {
        if (head.kind == KG_MF_IRI && strcmp(head.value, RDF "nil") == 0)
            return true;
        kg_mf_node item = kg_mf_object(f, &head, RDF "first");
        if (item.kind != KG_MF_NONE && !fn(ctx, f, &item))
            return false;
        head = kg_mf_object(f, &head, RDF "rest");
    }
    return true;
}

/* An array of the paths (or values) of the objects of (s, pred). */
static const char **paths_of(kg_manifest *m, const kg_mf_file *f, const kg_mf_node *s,
                             const char *pred, const char *via, size_t *count)
{
    size_t n = kg_mf_objects(f, s, pred, NULL, 0);
    *count = 0;
    if (!n)
        return NULL;
    kg_mf_node *objs = kg_arena_alloc(m->arena, n * sizeof *objs);
    const char **out = kg_arena_alloc(m->arena, n * sizeof *out);
    if (!objs || !out)
        return NULL;
    kg_mf_objects(f, s, pred, objs, n);
    for (size_t i = 0; i < n; i++) {
        kg_mf_node o = objs[i];
        if (via && o.kind == KG_MF_BLANK)
            o = kg_mf_object(f, &o, via);
        out[(*count)++] = o.path ? o.path : o.value;
    }
    return out;
}

static const char *path_of(const kg_mf_node *n)
{
    return n->path ? n->path : n->value;
}

typedef struct entry_ctx {
    kg_manifest *m;
    bool failed;
} entry_ctx;

static bool add_entry(void *vctx, const kg_mf_file *f, const kg_mf_node *node)
{
    entry_ctx *c = vctx;
    kg_manifest *m = c->m;
    if (!grow((void **)&m->tests, &m->tests_cap, m->ntests, sizeof *m->tests)) {
        c->failed = true;
        return false;
    }
    kg_mf_test *t = &m->tests[m->ntests++];
    memset(t, 0, sizeof *t);
    t->file = f;
    t->manifest = f->path;
    t->node = *node;
    t->name = kg_mf_object(f, node, KG_MF "name").value;
    t->type = kg_mf_object(f, node, RDF "type").value;
    t->approval = kg_mf_object(f, node, KG_DAWGT "approval").value;
    t->action = kg_mf_object(f, node, KG_MF "action");
    t->result = kg_mf_object(f, node, KG_MF "result");
    if (t->action.kind == KG_MF_IRI) {
        t->query = path_of(&t->action);
    } else if (t->action.kind == KG_MF_BLANK) {
        kg_mf_node q = kg_mf_object(f, &t->action, KG_QT "query");
        if (q.kind == KG_MF_NONE)
            q = kg_mf_object(f, &t->action, KG_UT "request");
        t->query = q.kind ? path_of(&q) : NULL;
        kg_mf_node d = kg_mf_object(f, &t->action, KG_QT "data");
        if (d.kind == KG_MF_NONE)
            d = kg_mf_object(f, &t->action, KG_UT "data");
        t->data = d.kind ? path_of(&d) : NULL;
        t->graph_data = paths_of(m, f, &t->action, KG_QT "graphData", NULL, &t->ngraph_data);
        if (!t->ngraph_data)
            t->graph_data = paths_of(m, f, &t->action, KG_UT "graphData", KG_UT "graph",
                                     &t->ngraph_data);
    }
    t->features = paths_of(m, f, node, KG_MF "feature", NULL, &t->nfeatures);
    return true;
}

typedef struct include_ctx {
    kg_manifest *m;
    char *err;
    size_t errsize;
    bool failed;
} include_ctx;

static bool load_file(kg_manifest *m, const char *path, char *err, size_t errsize);

static bool add_include(void *vctx, const kg_mf_file *f, const kg_mf_node *node)
{
    (void)f;
    include_ctx *c = vctx;
    if (!node->path) {
        set_err(c->err, c->errsize, "mf:include of a non-file IRI %s", node->value);
        c->failed = true;
        return false;
    }
    /* The suite copies leave some folders out: skip their manifests. */
    if (access(node->path, F_OK) != 0)
        return true;
    if (!load_file(c->m, node->path, c->err, c->errsize)) {
        c->failed = true;
        return false;
    }
    return true;
}

static bool load_file(kg_manifest *m, const char *path, char *err, size_t errsize)
{
    char *abs = realpath(path, NULL);
    if (!abs) {
        set_err(err, errsize, "%s: cannot open", path);
        return false;
    }
    for (size_t i = 0; i < m->nfiles; i++) {
        if (strcmp(m->files[i]->path, abs) == 0) {
            free(abs);
            return true;
        }
    }
    kg_mf_file *f = calloc(1, sizeof *f);
    if (!f || !grow((void **)&m->files, &m->files_cap, m->nfiles, sizeof *m->files)) {
        free(f);
        free(abs);
        set_err(err, errsize, "out of memory");
        return false;
    }
    f->path = abs;
    m->files[m->nfiles++] = f;

    SerdNode base = serd_node_new_file_uri((const uint8_t *)abs, NULL, NULL, true);
    reader_ctx c = {m, f, serd_env_new(&base), false};
    f->self = iri_node(&c, (const char *)base.buf);
    SerdReader *r = serd_reader_new(SERD_TURTLE, &c, NULL, on_base, on_prefix, on_statement, NULL);
    serd_reader_set_error_sink(r, on_error, &c);
    SerdStatus st = serd_reader_read_file(r, (const uint8_t *)abs);
    serd_reader_free(r);
    serd_env_free(c.env);
    serd_node_free(&base);
    if (st != SERD_SUCCESS || c.failed) {
        set_err(err, errsize, "%s: cannot read the manifest (serd status %d)", abs, (int)st);
        return false;
    }
    /* Entries first, then includes: the order tests are listed in. A few
     * manifests (sparql10/construct, bnode-coreference) describe a blank
     * node `[]` rather than `<>`: then the manifest is whatever has
     * mf:entries. */
    kg_mf_node self = f->self;
    if (kg_mf_object(f, &self, KG_MF "entries").kind == KG_MF_NONE)
        for (size_t i = 0; i < f->n; i++)
            if (strcmp(f->triples[i].p.value, KG_MF "entries") == 0) {
                self = f->triples[i].s;
                break;
            }
    entry_ctx ec = {m, false};
    each_in_list(f, kg_mf_object(f, &self, KG_MF "entries"), add_entry, &ec);
    if (ec.failed) {
        set_err(err, errsize, "out of memory");
        return false;
    }
    include_ctx ic = {m, err, errsize, false};
    kg_mf_node includes[8];
    size_t ni = kg_mf_objects(f, &self, KG_MF "include", includes, 8);
    for (size_t i = 0; i < ni && i < 8 && !ic.failed; i++)
        each_in_list(f, includes[i], add_include, &ic);
    return !ic.failed;
}

bool kg_manifest_add(kg_manifest *m, const char *path, char *err, size_t errsize)
{
    return load_file(m, path, err, errsize);
}

kg_manifest *kg_manifest_load(const char *path, char *err, size_t errsize)
{
    kg_manifest *m = calloc(1, sizeof *m);
    if (m)
        m->arena = kg_arena_new();
    if (!m || !m->arena) {
        free(m);
        set_err(err, errsize, "out of memory");
        return NULL;
    }
    if (!load_file(m, path, err, errsize)) {
        kg_manifest_free(m);
        return NULL;
    }
    return m;
}

void kg_manifest_free(kg_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nfiles; i++) {
        free(m->files[i]->path);
        free(m->files[i]->triples);
        free(m->files[i]);
    }
    free(m->files);
    free(m->tests);
    kg_arena_free(m->arena);
    free(m);
}

size_t kg_manifest_count(const kg_manifest *m)
{
    return m->ntests;
}

const kg_mf_test *kg_manifest_test(const kg_manifest *m, size_t i)
{
    return i < m->ntests ? &m->tests[i] : NULL;
}
