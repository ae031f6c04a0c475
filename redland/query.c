/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* redland/query.c - the "kgsparql" query language: librdf queries answered
 * by kgsh's own SPARQL 1.1 engine (property paths, NOT EXISTS, MINUS,
 * aggregates, updates) over a kgsh storage, from rdfproc or any binding
 * (RDF.Query(q, query_language="kgsparql") in Python).
 *
 * librdf has no public API for a query language: a factory must fill in
 * librdf's private structs. Their layouts below are copied from librdf
 * 1.0.17 (src/rdf_query_internal.h, unchanged since 2010), and the language
 * is registered only when the running librdf reports exactly that version;
 * any other version gets a logged message and no kgsparql (the storage
 * itself, and rasqal's own "sparql" over it, need none of this). Results
 * are read into memory at execution, so they outlive writes to the store
 * and the kgsh query (which must be freed before the store's next
 * execution). */
#include <stdlib.h>
#include <string.h>

#include "module.h"

#define KGQ_LIBRDF_VERSION "1.0.17"

/* ---- librdf 1.0.17's private layouts (rdf_query_internal.h) ---- */
struct librdf_query_s {
    librdf_world *world;
    int usage;
    void *context;
    struct librdf_query_factory_s *factory;
    librdf_query_results *results;
};

struct librdf_query_results_s {
    librdf_query *query;
    librdf_query_results *next;
};

struct librdf_query_factory_s {
    librdf_world *world;
    struct librdf_query_factory_s *next;
    char *name;
    librdf_uri *uri;
    size_t context_length;
    int (*init)(librdf_query *query, const char *name, librdf_uri *uri,
                const unsigned char *query_string, librdf_uri *base_uri);
    int (*clone)(librdf_query *new_query, librdf_query *old_query);
    void (*terminate)(librdf_query *query);
    librdf_query_results *(*execute)(librdf_query *query, librdf_model *model);
    int (*get_limit)(librdf_query *query);
    int (*set_limit)(librdf_query *query, int limit);
    int (*get_offset)(librdf_query *query);
    int (*set_offset)(librdf_query *query, int offset);
    librdf_stream *(*results_as_stream)(librdf_query_results *query_results);
    int (*results_get_count)(librdf_query_results *query_results);
    int (*results_next)(librdf_query_results *query_results);
    int (*results_finished)(librdf_query_results *query_results);
    int (*results_get_bindings)(librdf_query_results *query_results, const char ***names,
                                librdf_node **values);
    librdf_node *(*results_get_binding_value)(librdf_query_results *query_results, int offset);
    const char *(*results_get_binding_name)(librdf_query_results *query_results, int offset);
    librdf_node *(*results_get_binding_value_by_name)(librdf_query_results *query_results,
                                                      const char *name);
    int (*results_get_bindings_count)(librdf_query_results *query_results);
    void (*free_results)(librdf_query_results *query_results);
    int (*results_is_bindings)(librdf_query_results *query_results);
    int (*results_is_boolean)(librdf_query_results *query_results);
    int (*results_is_graph)(librdf_query_results *query_results);
    int (*results_is_syntax)(librdf_query_results *query_results);
    int (*results_get_boolean)(librdf_query_results *query_results);
    void *new_results_formatter, *free_results_formatter, *results_formatter_write;
};

/* ---- the query and its results ---- */

typedef struct kgq_query {
    char *text;
    char *base; /* NULL: none */
} kgq_query;

/* librdf frees the struct itself (with free), after free_results. */
typedef struct kgq_results {
    struct librdf_query_results_s base; /* first: librdf's view of it */
    kg_query_form form;
    bool boolean;
    char **names; /* n_cols + 1, NULL-terminated */
    int n_cols;
    librdf_node **cells; /* n_rows * n_cols; NULL: unbound */
    size_t n_rows, cap_rows, cur;
} kgq_results;

static kgq_query *query_of(librdf_query *q)
{
    return q->context;
}

static kgq_results *results_of(librdf_query_results *r)
{
    return (kgq_results *)r;
}

static int kgq_init(librdf_query *query, const char *name, librdf_uri *uri,
                    const unsigned char *text, librdf_uri *base)
{
    (void)name;
    (void)uri;
    kgq_query *q = query_of(query);
    q->text = strdup(text ? (const char *)text : "");
    q->base = base ? strdup((const char *)librdf_uri_as_string(base)) : NULL;
    return !q->text || (base && !q->base);
}

static int kgq_clone(librdf_query *new_query, librdf_query *old_query)
{
    kgq_query *q = query_of(old_query);
    librdf_uri *base = q->base ? librdf_new_uri(old_query->world, (const unsigned char *)q->base) : NULL;
    int rc = kgq_init(new_query, NULL, NULL, (const unsigned char *)q->text, base);
    if (base)
        librdf_free_uri(base);
    return rc;
}

static void kgq_terminate(librdf_query *query)
{
    kgq_query *q = query_of(query);
    free(q->text);
    free(q->base);
}

static bool push_row(kgq_results *r, librdf_world *world, kg_results *kr)
{
    if (r->n_rows == r->cap_rows) {
        size_t cap = r->cap_rows ? 2 * r->cap_rows : 16;
        librdf_node **grown = realloc(r->cells, cap * (size_t)(r->n_cols ? r->n_cols : 1) * sizeof *grown);
        if (!grown)
            return false;
        r->cells = grown;
        r->cap_rows = cap;
    }
    librdf_node **row = r->cells + r->n_rows * (size_t)r->n_cols;
    for (int i = 0; i < r->n_cols; i++) {
        const kg_term *t = kg_results_value(kr, (size_t)i);
        row[i] = t && t->kind != KG_TERM_NONE ? kgr_node_from_term(world, t) : NULL;
    }
    r->n_rows++;
    return true;
}

static void kgq_free_results(librdf_query_results *results)
{
    kgq_results *r = results_of(results);
    for (size_t i = 0; i < r->n_rows * (size_t)r->n_cols; i++)
        if (r->cells[i])
            librdf_free_node(r->cells[i]);
    free(r->cells);
    for (int i = 0; r->names && i < r->n_cols; i++)
        free(r->names[i]);
    free(r->names);
}

/* Reads every row of kr into r. */
static bool collect(kgq_results *r, librdf_world *world, kg_results *kr)
{
    r->form = kg_results_form(kr);
    r->boolean = r->form == KG_QUERY_ASK && kg_results_boolean(kr);
    r->n_cols = r->form == KG_QUERY_UPDATE || r->form == KG_QUERY_ASK
                    ? 0 : (int)kg_results_column_count(kr);
    r->names = calloc((size_t)r->n_cols + 1, sizeof *r->names);
    if (!r->names)
        return false;
    for (int i = 0; i < r->n_cols; i++)
        if (!(r->names[i] = strdup(kg_results_column_name(kr, (size_t)i))))
            return false;
    if (r->form == KG_QUERY_ASK || r->form == KG_QUERY_UPDATE)
        return true;
    bool has;
    while (kg_results_next(&has, kr) == KG_OK && has)
        if (!push_row(r, world, kr))
            return false;
    return true;
}

static librdf_query_results *kgq_execute(librdf_query *query, librdf_model *model)
{
    kgq_query *q = query_of(query);
    kgr_instance *inst = kgr_instance_of(librdf_model_get_storage(model));
    if (!inst) {
        kgr_log(query->world, "kgsparql runs only on a model whose storage is kgsh");
        return NULL;
    }
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.base_iri = q->base;
    kg_query *kq = NULL;
    kg_error err = {0};
    char msg[1100];
    if (kg_query_prepare(&kq, inst->store, q->text, strlen(q->text), &opts, &err) != KG_OK) {
        kgr_log(query->world, "kgsparql: %s", kg_error_format(&err, msg, sizeof msg));
        return NULL;
    }
    kgq_results *r = calloc(1, sizeof *r);
    kg_results *kr = NULL;
    bool ok = r && (kg_query_get_form(kq) != KG_QUERY_UPDATE || kgr_write_prepare(inst));
    if (ok && kg_query_execute(&kr, kq) != KG_OK) {
        kgr_log(query->world, "kgsparql: %s", kg_error_format(kg_query_error(kq), msg, sizeof msg));
        ok = false;
    }
    if (ok && !collect(r, query->world, kr)) {
        kgr_log(query->world, "kgsparql: out of memory reading the results");
        ok = false;
    }
    if (ok && kg_query_error(kq)->status != KG_OK) { /* evaluation stopped part-way */
        kgr_log(query->world, "kgsparql: %s", kg_error_format(kg_query_error(kq), msg, sizeof msg));
        ok = false;
    }
    kg_results_free(kr);
    kg_query_free(kq);
    if (!ok) {
        if (r)
            kgq_free_results(&r->base);
        free(r);
        return NULL;
    }
    r->base.query = query;
    return &r->base;
}

static int kgq_get_count(librdf_query_results *results)
{
    return (int)results_of(results)->cur;
}

static int kgq_finished(librdf_query_results *results)
{
    kgq_results *r = results_of(results);
    return r->cur >= r->n_rows;
}

static int kgq_next(librdf_query_results *results)
{
    kgq_results *r = results_of(results);
    if (r->cur < r->n_rows)
        r->cur++;
    return kgq_finished(results);
}

/* A new reference to a cell of the current row (the caller frees it). */
static librdf_node *cell(kgq_results *r, int col)
{
    if (r->cur >= r->n_rows || col < 0 || col >= r->n_cols)
        return NULL;
    librdf_node *n = r->cells[r->cur * (size_t)r->n_cols + (size_t)col];
    return n ? librdf_new_node_from_node(n) : NULL;
}

static int kgq_get_bindings(librdf_query_results *results, const char ***names,
                            librdf_node **values)
{
    kgq_results *r = results_of(results);
    if (names)
        *names = (const char **)r->names;
    for (int i = 0; values && i < r->n_cols; i++)
        values[i] = cell(r, i);
    return 0;
}

static librdf_node *kgq_get_binding_value(librdf_query_results *results, int offset)
{
    return cell(results_of(results), offset);
}

static const char *kgq_get_binding_name(librdf_query_results *results, int offset)
{
    kgq_results *r = results_of(results);
    return offset >= 0 && offset < r->n_cols ? r->names[offset] : NULL;
}

static librdf_node *kgq_get_binding_value_by_name(librdf_query_results *results, const char *name)
{
    kgq_results *r = results_of(results);
    for (int i = 0; name && i < r->n_cols; i++)
        if (!strcmp(r->names[i], name))
            return cell(r, i);
    return NULL;
}

static int kgq_get_bindings_count(librdf_query_results *results)
{
    return results_of(results)->n_cols;
}

static int kgq_is_bindings(librdf_query_results *results)
{
    kg_query_form f = results_of(results)->form;
    return f == KG_QUERY_SELECT || f == KG_QUERY_UPDATE;
}

static int kgq_is_boolean(librdf_query_results *results)
{
    return results_of(results)->form == KG_QUERY_ASK;
}

static int kgq_is_graph(librdf_query_results *results)
{
    kg_query_form f = results_of(results)->form;
    return f == KG_QUERY_CONSTRUCT || f == KG_QUERY_DESCRIBE;
}

static int kgq_is_syntax(librdf_query_results *results)
{
    (void)results;
    return 0;
}

static int kgq_get_boolean(librdf_query_results *results)
{
    return results_of(results)->boolean;
}

/* CONSTRUCT and DESCRIBE: the triples as a stream (subject, predicate,
 * object columns), each statement new per row. */
typedef struct triples {
    kgq_results *r;
    librdf_world *world;
    librdf_statement *cur;
} triples;

static void triples_load(void *ctx)
{
    triples *t = ctx;
    if (t->cur)
        librdf_free_statement(t->cur);
    t->cur = NULL;
    kgq_results *r = t->r;
    if (r->cur >= r->n_rows || r->n_cols != 3)
        return;
    librdf_node *s = cell(r, 0), *p = cell(r, 1), *o = cell(r, 2);
    if (s && p && o)
        t->cur = librdf_new_statement_from_nodes(t->world, s, p, o);
}

static int triples_end(void *ctx)
{
    return ((triples *)ctx)->cur == NULL;
}

static int triples_next(void *ctx)
{
    triples *t = ctx;
    kgq_next(&t->r->base);
    triples_load(t);
    return triples_end(ctx);
}

static void *triples_get(void *ctx, int flags)
{
    triples *t = ctx;
    return flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT ? t->cur : NULL;
}

static void triples_finished(void *ctx)
{
    triples *t = ctx;
    if (t->cur)
        librdf_free_statement(t->cur);
    free(t);
}

static librdf_stream *kgq_as_stream(librdf_query_results *results)
{
    kgq_results *r = results_of(results);
    if (!kgq_is_graph(results))
        return NULL;
    triples *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->r = r;
    t->world = results->query->world;
    return kgr_stream_start(t->world, t, triples_load, triples_end, triples_next,
                            triples_get, triples_finished);
}

static void register_language(librdf_query_factory *f)
{
    f->context_length = sizeof(kgq_query);
    f->init = kgq_init;
    f->clone = kgq_clone;
    f->terminate = kgq_terminate;
    f->execute = kgq_execute;
    f->results_as_stream = kgq_as_stream;
    f->results_get_count = kgq_get_count;
    f->results_next = kgq_next;
    f->results_finished = kgq_finished;
    f->results_get_bindings = kgq_get_bindings;
    f->results_get_binding_value = kgq_get_binding_value;
    f->results_get_binding_name = kgq_get_binding_name;
    f->results_get_binding_value_by_name = kgq_get_binding_value_by_name;
    f->results_get_bindings_count = kgq_get_bindings_count;
    f->free_results = kgq_free_results;
    f->results_is_bindings = kgq_is_bindings;
    f->results_is_boolean = kgq_is_boolean;
    f->results_is_graph = kgq_is_graph;
    f->results_is_syntax = kgq_is_syntax;
    f->results_get_boolean = kgq_get_boolean;
}

void kgr_register_query_language(librdf_world *world)
{
    if (strcmp(librdf_version_string, KGQ_LIBRDF_VERSION) != 0) {
        librdf_log(world, 0, LIBRDF_LOG_WARN, LIBRDF_FROM_QUERY, NULL,
                   "kgsh: the kgsparql query language needs librdf " KGQ_LIBRDF_VERSION
                   " (its query factory layout is private); this is librdf %s, so only "
                   "the kgsh storage is registered: use rasqal's sparql over it",
                   librdf_version_string);
        return;
    }
    librdf_query_register_factory(world, "kgsparql",
                                  (const unsigned char *)"https://w3id.org/kgsh/kgsparql",
                                  register_language);
}
