/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* redland/storage.c - librdf_storage_kgsh: the "kgsh" storage factory,
 * letting librdf (rdfproc, and the Python, Perl, Ruby bindings) open a kgsh
 * store directory.
 *
 * Options: dir='PATH' (the store directory; without it the storage name is
 * the directory), new='yes' (create it; refused when it already holds
 * quads, so a typo never wipes data), write='no' or read-only='yes' (a
 * shared read lock), memory='yes' (a throwaway in-memory store: tests and
 * fuzzing). contexts='yes' is accepted and changes nothing: kgsh
 * always has named graphs, and they are librdf's contexts.
 *
 * Every write is a committed kgsh transaction - its own, or the one opened
 * by transaction_start - made with kgsh's locking (a store another process
 * writes is refused with kgsh's "store in use" message) and with inference
 * attached, so kgsh sees it exactly as its own writes. find_statements
 * reads the union of all graphs, as kgsh's queries do (a triple in several
 * graphs comes once); serialise and the context calls read quads. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"

void kgr_log(librdf_world *world, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL, "kgsh: %s", msg);
}

void kgr_log_store_error(kgr_instance *inst, const char *what)
{
    char msg[1100];
    kg_error_format(kg_store_error(inst->store), msg, sizeof msg);
    kgr_log(inst->world, "%s: %s", what, msg);
}

static kgr_instance *instance(librdf_storage *storage)
{
    return librdf_storage_get_instance(storage);
}

/* An option's value, malloc'd (NULL when absent). */
static char *option(librdf_hash *options, const char *name)
{
    char *v = options ? librdf_hash_get(options, name) : NULL;
    char *copy = v ? strdup(v) : NULL;
    if (v)
        librdf_free_memory(v);
    return copy;
}

static bool option_is(librdf_hash *options, const char *name, bool dflt)
{
    int v = options ? librdf_hash_get_as_boolean(options, name) : -1;
    return v < 0 ? dflt : v > 0;
}

/* Every live instance: librdf hides a storage's factory, so this is how
 * kgsparql knows a model's storage is a kgsh one. librdf is used from one
 * thread (it has no locking of its own). */
static kgr_instance *live;

kgr_instance *kgr_instance_of(librdf_storage *storage)
{
    void *p = storage ? librdf_storage_get_instance(storage) : NULL;
    for (kgr_instance *i = live; i; i = i->next_live)
        if (i == p)
            return i;
    return NULL;
}

static void instance_free(kgr_instance *inst)
{
    if (!inst)
        return;
    for (kgr_instance **pp = &live; *pp; pp = &(*pp)->next_live)
        if (*pp == inst) {
            *pp = inst->next_live;
            break;
        }
    kg_store_close(inst->store);
    free(inst->dir);
    free(inst);
}

static int kgr_init(librdf_storage *storage, const char *name, librdf_hash *options)
{
    librdf_world *world = librdf_storage_get_world(storage);
    kgr_instance *inst = calloc(1, sizeof *inst);
    if (!inst) {
        librdf_free_hash(options);
        return 1;
    }
    inst->world = world;
    inst->dir = option(options, "dir");
    if (!inst->dir && name)
        inst->dir = strdup(name);
    bool memory = option_is(options, "memory", false);
    bool create = option_is(options, "new", false);
    inst->readonly = !option_is(options, "write", true) || option_is(options, "read-only", false);
    librdf_free_hash(options); /* the storage owns them; nothing else is kept */
    if (!memory && (!inst->dir || !*inst->dir)) {
        kgr_log(world, "no store directory: give dir='PATH' in the options or a storage name");
        instance_free(inst);
        return 1;
    }
    if (create && inst->readonly) {
        kgr_log(world, "new='yes' and a read-only store exclude each other");
        instance_free(inst);
        return 1;
    }
    kg_error err = {0};
    unsigned flags = (create ? KG_STORE_CREATE : 0) | (inst->readonly ? KG_STORE_READONLY : 0) |
                     (memory ? KG_STORE_MEMORY : 0);
    if (kg_store_open(&inst->store, inst->dir, flags, &err) != KG_OK) {
        char msg[1100];
        kgr_log(world, "opening %s: %s", memory ? "an in-memory store" : inst->dir,
                kg_error_format(&err, msg, sizeof msg));
        instance_free(inst);
        return 1;
    }
    if (create && kg_store_size(inst->store) > 0) {
        kgr_log(world, "new='yes' but %s already holds a kgsh store with %llu quads; "
                       "remove it first or leave new='yes' out",
                inst->dir, (unsigned long long)kg_store_size(inst->store));
        instance_free(inst);
        return 1;
    }
    if (!inst->readonly && kg_infer_attach(inst->store) != KG_OK) {
        kgr_log_store_error(inst, "attaching inference");
        instance_free(inst);
        return 1;
    }
    librdf_storage_set_instance(storage, inst);
    inst->next_live = live;
    live = inst;
    return 0;
}

static void kgr_terminate(librdf_storage *storage)
{
    instance_free(instance(storage));
}

/* One process writes a kgsh store: a second handle on it cannot exist. */
static int kgr_clone(librdf_storage *new_storage, librdf_storage *old_storage)
{
    (void)new_storage;
    kgr_log(librdf_storage_get_world(old_storage),
            "a kgsh storage cannot be cloned: one handle writes a store at a time");
    return 1;
}

static int kgr_open(librdf_storage *storage, librdf_model *model)
{
    (void)storage;
    (void)model;
    return 0;
}

static int kgr_close(librdf_storage *storage)
{
    (void)storage;
    return 0;
}

static int kgr_size(librdf_storage *storage)
{
    uint64_t n = kg_store_size(instance(storage)->store);
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* The terms of a statement (and context) for a write; false when one
 * cannot be stored (logged). */
static bool statement_terms(kgr_instance *inst, librdf_statement *st, librdf_node *context,
                            kg_term t[4])
{
    if (!kgr_term_from_node(librdf_statement_get_subject(st), &t[0]) ||
        !kgr_term_from_node(librdf_statement_get_predicate(st), &t[1]) ||
        !kgr_term_from_node(librdf_statement_get_object(st), &t[2]) ||
        (context && !kgr_term_from_node(context, &t[3]))) {
        kgr_log(inst->world, "a statement with a missing or unknown node cannot be stored");
        return false;
    }
    return true;
}

bool kgr_write_prepare(kgr_instance *inst)
{
    if (inst->readonly) {
        kgr_log(inst->world, "%s is open read-only (write='no')", inst->dir);
        return false;
    }
    return kgr_streams_detach(inst);
}

/* Adds or removes one statement; outside a librdf transaction it is its own
 * committed kgsh transaction. */
static int change(librdf_storage *storage, librdf_node *context, librdf_statement *st, bool remove)
{
    kgr_instance *inst = instance(storage);
    kg_term t[4];
    if (!kgr_write_prepare(inst) || !statement_terms(inst, st, context, t))
        return 1;
    kg_status rc = remove ? kg_store_remove(inst->store, &t[0], &t[1], &t[2], context ? &t[3] : NULL)
                          : kg_store_add(inst->store, &t[0], &t[1], &t[2], context ? &t[3] : NULL);
    if (rc != KG_OK) {
        kgr_log_store_error(inst, remove ? "removing a statement" : "adding a statement");
        return 1;
    }
    return 0;
}

static int kgr_context_add_statement(librdf_storage *storage, librdf_node *context,
                                     librdf_statement *st)
{
    return change(storage, context, st, false);
}

static int kgr_context_remove_statement(librdf_storage *storage, librdf_node *context,
                                        librdf_statement *st)
{
    return change(storage, context, st, true);
}

static int kgr_add_statement(librdf_storage *storage, librdf_statement *st)
{
    return change(storage, NULL, st, false);
}

static int kgr_remove_statement(librdf_storage *storage, librdf_statement *st)
{
    return change(storage, NULL, st, true);
}

/* A whole stream as one transaction (inside the caller's, if one is open):
 * all of it or, on any failure, none of it. */
static int kgr_context_add_statements(librdf_storage *storage, librdf_node *context,
                                      librdf_stream *stream)
{
    kgr_instance *inst = instance(storage);
    if (!kgr_write_prepare(inst))
        return 1;
    bool own = !kg_store_in_transaction(inst->store);
    if (own && kg_store_begin(inst->store) != KG_OK) {
        kgr_log_store_error(inst, "starting a transaction");
        return 1;
    }
    bool ok = true;
    for (; ok && !librdf_stream_end(stream); librdf_stream_next(stream)) {
        librdf_statement *st = librdf_stream_get_object(stream);
        kg_term t[4];
        ok = st && statement_terms(inst, st, context, t);
        if (ok && kg_store_add(inst->store, &t[0], &t[1], &t[2], context ? &t[3] : NULL) != KG_OK) {
            kgr_log_store_error(inst, "adding statements");
            ok = false;
        }
    }
    if (own && ok && kg_store_commit(inst->store) != KG_OK) {
        kgr_log_store_error(inst, "committing the statements");
        ok = false;
    }
    if (own && !ok)
        kg_store_rollback(inst->store);
    return ok ? 0 : 1;
}

static int kgr_add_statements(librdf_storage *storage, librdf_stream *stream)
{
    return kgr_context_add_statements(storage, NULL, stream);
}

/* Empties a graph (NULL: the default graph) with kgsh's own update, so the
 * commit hook sees it as any kgsh change. */
static int kgr_context_remove_statements(librdf_storage *storage, librdf_node *context)
{
    kgr_instance *inst = instance(storage);
    kg_term g;
    if (!kgr_write_prepare(inst))
        return 1;
    if (context) {
        if (!kgr_term_from_node(context, &g) || g.kind == KG_TERM_LITERAL) {
            kgr_log(inst->world, "a context must be a URI or blank node");
            return 1;
        }
        if (kg_store_drop_graph(inst->store, &g) != KG_OK) {
            kgr_log_store_error(inst, "removing a context");
            return 1;
        }
        return 0;
    }
    kg_query *q = NULL;
    kg_results *r = NULL;
    kg_error err = {0};
    static const char clear[] = "CLEAR DEFAULT";
    kg_status rc = kg_query_prepare(&q, inst->store, clear, sizeof clear - 1, NULL, &err);
    if (rc == KG_OK)
        rc = kg_query_execute(&r, q);
    if (rc != KG_OK)
        kgr_log(inst->world, "clearing the default graph: %s",
                q ? kg_query_error(q)->message : err.message);
    kg_results_free(r);
    kg_query_free(q);
    return rc == KG_OK ? 0 : 1;
}

static int kgr_contains_statement(librdf_storage *storage, librdf_statement *st)
{
    kgr_instance *inst = instance(storage);
    kg_term t[4];
    kg_cursor *cur = NULL;
    if (!statement_terms(inst, st, NULL, t) ||
        kg_store_match(&cur, inst->store, &t[0], &t[1], &t[2], KG_MATCH_UNION, NULL) != KG_OK)
        return 0;
    kg_match m;
    bool found = kg_cursor_next(cur, &m);
    kg_cursor_close(cur);
    return found;
}

static librdf_stream *kgr_serialise(librdf_storage *storage)
{
    return kgr_stream_new(storage, NULL, KG_MATCH_ALL, NULL);
}

static librdf_stream *kgr_find_statements(librdf_storage *storage, librdf_statement *st)
{
    return kgr_stream_new(storage, st, KG_MATCH_UNION, NULL);
}

static librdf_stream *kgr_find_statements_in_context(librdf_storage *storage,
                                                     librdf_statement *st, librdf_node *context)
{
    return kgr_stream_new(storage, st, context ? KG_MATCH_GRAPH : KG_MATCH_DEFAULT, context);
}

static librdf_stream *kgr_context_serialise(librdf_storage *storage, librdf_node *context)
{
    return kgr_find_statements_in_context(storage, NULL, context);
}

static librdf_iterator *kgr_get_contexts(librdf_storage *storage)
{
    return kgr_contexts_iterator(instance(storage));
}

static librdf_node *kgr_get_feature(librdf_storage *storage, librdf_uri *feature)
{
    const char *uri = feature ? (const char *)librdf_uri_as_string(feature) : "";
    if (strcmp(uri, LIBRDF_MODEL_FEATURE_CONTEXTS) != 0)
        return NULL;
    return librdf_new_node_from_typed_literal(librdf_storage_get_world(storage),
                                              (const unsigned char *)"1", NULL, NULL);
}

/* Commits are durable when they return: nothing is left to flush. */
static int kgr_sync(librdf_storage *storage)
{
    (void)storage;
    return 0;
}

static int kgr_transaction_start(librdf_storage *storage)
{
    kgr_instance *inst = instance(storage);
    if (!kgr_write_prepare(inst))
        return 1;
    if (kg_store_begin(inst->store) != KG_OK) {
        kgr_log_store_error(inst, "starting a transaction");
        return 1;
    }
    return 0;
}

static int kgr_transaction_commit(librdf_storage *storage)
{
    kgr_instance *inst = instance(storage);
    if (!kgr_streams_detach(inst))
        return 1;
    if (kg_store_commit(inst->store) != KG_OK) {
        kgr_log_store_error(inst, "committing");
        return 1;
    }
    return 0;
}

static int kgr_transaction_rollback(librdf_storage *storage)
{
    kgr_instance *inst = instance(storage);
    if (!kg_store_in_transaction(inst->store)) {
        kgr_log(inst->world, "no transaction to roll back");
        return 1;
    }
    if (!kgr_streams_detach(inst))
        return 1;
    kg_store_rollback(inst->store);
    return 0;
}

static void register_factory(librdf_storage_factory *f)
{
    f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
    f->init = kgr_init;
    f->clone = kgr_clone;
    f->terminate = kgr_terminate;
    f->open = kgr_open;
    f->close = kgr_close;
    f->size = kgr_size;
    f->add_statement = kgr_add_statement;
    f->add_statements = kgr_add_statements;
    f->remove_statement = kgr_remove_statement;
    f->contains_statement = kgr_contains_statement;
    f->serialise = kgr_serialise;
    f->find_statements = kgr_find_statements;
    f->context_add_statement = kgr_context_add_statement;
    f->context_remove_statement = kgr_context_remove_statement;
    f->context_serialise = kgr_context_serialise;
    f->sync = kgr_sync;
    f->context_add_statements = kgr_context_add_statements;
    f->context_remove_statements = kgr_context_remove_statements;
    f->find_statements_in_context = kgr_find_statements_in_context;
    f->get_contexts = kgr_get_contexts;
    f->get_feature = kgr_get_feature;
    f->transaction_start = kgr_transaction_start;
    f->transaction_commit = kgr_transaction_commit;
    f->transaction_rollback = kgr_transaction_rollback;
}

/* The module's entry point, found by name by librdf's module loader. */
__attribute__((visibility("default"))) void
librdf_storage_module_register_factory(librdf_world *world)
{
    librdf_storage_register_factory(world, "kgsh", "kgsh knowledge-graph store", register_factory);
    kgr_register_query_language(world);
}
