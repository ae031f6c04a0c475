/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/redland_cmd.c - .import-redland and .export-redland: moving quads
 * between the kgsh store and any librdf storage (BDB hashes, sqlite,
 * PostgreSQL, MySQL, or another kgsh store through the kgsh module).
 *
 * Import reads librdf_model_as_stream, which gives each statement with its
 * context: each context becomes its own named graph, statements without one
 * go to the default graph (or --graph), all in one kgsh transaction.
 * Export adds every quad with its context, inside a librdf transaction
 * where the storage has working ones (sqlite; PostgreSQL's abort on the
 * first repeated term). Blank node labels are kept both ways, so a round
 * trip is exact. librdf's virtuoso storage is refused: it rewrites
 * language tags and datatypes and reads one graph only (.push/.pull speak
 * the SPARQL protocol to Virtuoso instead). librdf reports errors through
 * its log, captured here so that any of them fails the command. */
#include <stdlib.h>
#include <string.h>

#include <redland.h>

#include "commands.h"
#include "interrupt.h"
#include "nodes.h"
#include "progress.h"
#include "redland_cmd.h"

typedef struct redland {
    kgsh_session *s;
    librdf_world *world;
    librdf_storage *storage;
    librdf_model *model;
    char error[1024]; /* the first error librdf logged */
    unsigned errors;
} redland;

static int log_handler(void *ctx, librdf_log_message *msg)
{
    redland *r = ctx;
    if (librdf_log_message_level(msg) < LIBRDF_LOG_ERROR)
        return 1; /* warnings: kept from users, as everywhere in kgsh */
    if (!r->errors++)
        snprintf(r->error, sizeof r->error, "%s", librdf_log_message_message(msg));
    return 1;
}

/* Reports the first captured librdf error (or what, when there is none). */
static bool fail_librdf(redland *r, const char *what)
{
    kgsh_fail(r->s, "%s%s%s", what, r->errors ? ": " : "", r->errors ? r->error : "");
    return false;
}

static void close_redland(redland *r)
{
    if (r->model)
        librdf_free_model(r->model);
    if (r->storage)
        librdf_free_storage(r->storage);
    if (r->world)
        librdf_free_world(r->world);
}

static bool open_redland(redland *r, kgsh_session *s, const char *storage, const char *name,
                         const char *options)
{
    *r = (redland){.s = s};
    if (strcmp(storage, "virtuoso") == 0) {
        kgsh_fail(s, "librdf's virtuoso storage loses language tags and datatypes and reads one "
                     "graph only: use .connect/.push/.pull with Virtuoso's SPARQL endpoint instead");
        return false;
    }
    r->world = librdf_new_world();
    if (!r->world) {
        kgsh_fail(s, "out of memory");
        return false;
    }
    librdf_world_set_logger(r->world, r, log_handler);
    librdf_world_open(r->world);
    r->storage = librdf_new_storage(r->world, storage, name, options);
    if (r->storage)
        r->model = librdf_new_model(r->world, r->storage, NULL);
    if (!r->model) {
        char what[600];
        snprintf(what, sizeof what, "cannot open the librdf storage %s \"%s\"", storage, name);
        fail_librdf(r, what);
        close_redland(r);
        return false;
    }
    return true;
}

/* Ends either command: the progress line, librdf, the graph argument, and
 * on success the summary, a notice like .load's ("Imported N statements
 * from the librdf STORAGE storage NAME"): on stderr and silenced by -q, so
 * a script's standard output holds only its data. */
static bool finish(kgsh_session *s, redland *r, kgsh_progress *progress, char *graph, bool ok,
                   bool imported, uint64_t n, char **argv)
{
    kgsh_progress_end(progress);
    close_redland(r);
    free(graph);
    if (ok)
        kgsh_note(s, "%s %llu statements %s the librdf %s storage %s",
                  imported ? "Imported" : "Exported", (unsigned long long)n, imported ? "from" : "to",
                  argv[1], argv[2]);
    return ok;
}

/* The import's arguments: STORAGE NAME [OPTIONS] [--graph IRI]. */
static bool import_args(kgsh_session *s, int argc, char **argv, const char **options,
                        char **graph)
{
    *options = "";
    *graph = NULL;
    int i = 3;
    if (i < argc && strcmp(argv[i], "--graph") != 0)
        *options = argv[i++];
    if (i + 1 < argc && strcmp(argv[i], "--graph") == 0) {
        if (!(*graph = kgsh_graph_iri(s, argv[i + 1])))
            return false;
        i += 2;
    }
    if (i != argc) {
        kgsh_fail(s, "usage: .import-redland STORAGE NAME [OPTIONS] [--graph IRI]");
        free(*graph);
        *graph = NULL;
        return false;
    }
    return true;
}

/* Adds every statement of the stream; false on the first failure
 * (reported). */
static bool import_stream(redland *r, librdf_stream *stream, const kg_term *default_graph,
                          kgsh_progress *progress, uint64_t *n)
{
    kg_store *store = r->s->store;
    for (; !librdf_stream_end(stream); librdf_stream_next(stream)) {
        librdf_statement *st = librdf_stream_get_object(stream);
        librdf_node *context = librdf_stream_get_context2(stream);
        kg_term t[4];
        if (!st || !kgr_term_from_node(librdf_statement_get_subject(st), &t[0]) ||
            !kgr_term_from_node(librdf_statement_get_predicate(st), &t[1]) ||
            !kgr_term_from_node(librdf_statement_get_object(st), &t[2]) ||
            (context && !kgr_term_from_node(context, &t[3])))
            return fail_librdf(r, "a statement of the librdf storage cannot be read");
        const kg_term *g = context ? &t[3] : default_graph;
        if (kg_store_add(store, &t[0], &t[1], &t[2], g) != KG_OK) {
            kgsh_fail_kg(r->s, kg_store_error(store));
            return false;
        }
        if (++*n % 4096 == 0) {
            kgsh_progress_update(progress, *n, 0, 0);
            if (kgsh_interrupted()) {
                kgsh_fail(r->s, "interrupted: nothing was imported");
                return false;
            }
        }
    }
    if (r->errors)
        return fail_librdf(r, "reading the librdf storage failed");
    return true;
}

bool kgsh_cmd_import_redland(kgsh_session *s, int argc, char **argv)
{
    const char *options;
    char *graph;
    if (!import_args(s, argc, argv, &options, &graph))
        return false;
    redland r;
    if (!open_redland(&r, s, argv[1], argv[2], options)) {
        free(graph);
        return false;
    }
    kg_term g = kg_term_iri(graph ? graph : "");
    kgsh_progress progress;
    kgsh_progress_begin(&progress, s, "statements", "importing %s %s", argv[1], argv[2]);
    uint64_t n = 0;
    bool ok = kg_store_begin(s->store) == KG_OK;
    if (!ok)
        kgsh_fail_kg(s, kg_store_error(s->store));
    librdf_stream *stream = ok ? librdf_model_as_stream(r.model) : NULL;
    if (ok && !stream)
        ok = fail_librdf(&r, "cannot read the librdf storage");
    ok = ok && import_stream(&r, stream, graph ? &g : NULL, &progress, &n);
    if (stream)
        librdf_free_stream(stream);
    if (ok && kg_store_commit(s->store) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        ok = false;
    }
    if (!ok)
        kg_store_rollback(s->store);
    return finish(s, &r, &progress, graph, ok, true, n, argv);
}

/* Adds one quad to the librdf model; false on failure (reported). */
static bool export_quad(redland *r, const kg_match *m)
{
    librdf_node *sn = kgr_node_from_term(r->world, &m->s);
    librdf_node *pn = kgr_node_from_term(r->world, &m->p);
    librdf_node *on = kgr_node_from_term(r->world, &m->o);
    librdf_node *gn = m->graph.kind == KG_TERM_NONE ? NULL : kgr_node_from_term(r->world, &m->graph);
    librdf_statement *st = sn && pn && on ? librdf_new_statement_from_nodes(r->world, sn, pn, on) : NULL;
    if (!st) {
        if (sn)
            librdf_free_node(sn);
        if (pn)
            librdf_free_node(pn);
        if (on)
            librdf_free_node(on);
    }
    bool ok = st && (m->graph.kind == KG_TERM_NONE || gn) &&
              (gn ? librdf_model_context_add_statement(r->model, gn, st)
                  : librdf_model_add_statement(r->model, st)) == 0 &&
              !r->errors;
    if (st)
        librdf_free_statement(st);
    if (gn)
        librdf_free_node(gn);
    if (ok)
        return true;
    return fail_librdf(r, "writing to the librdf storage failed");
}

/* .export-redland STORAGE NAME [OPTIONS] [GRAPH] */
bool kgsh_cmd_export_redland(kgsh_session *s, int argc, char **argv)
{
    char *graph = argc > 4 ? kgsh_graph_iri(s, argv[4]) : NULL;
    if (argc > 4 && !graph)
        return false;
    redland r;
    if (!open_redland(&r, s, argv[1], argv[2], argc > 3 ? argv[3] : "")) {
        free(graph);
        return false;
    }
    kg_term g = kg_term_iri(graph ? graph : "");
    kg_cursor *cur = NULL;
    bool ok = kg_store_match(&cur, s->store, NULL, NULL, NULL,
                             graph ? KG_MATCH_GRAPH : KG_MATCH_ALL, &g) == KG_OK;
    if (!ok)
        kgsh_fail_kg(s, kg_store_error(s->store));
    /* only sqlite's transactions work and pay off (PostgreSQL's abort on a
     * repeated term; hashes and trees have none) */
    bool txn = ok && strcmp(argv[1], "sqlite") == 0 && librdf_model_transaction_start(r.model) == 0;
    kgsh_progress progress;
    kgsh_progress_begin(&progress, s, "statements", "exporting to %s %s", argv[1], argv[2]);
    uint64_t n = 0;
    kg_match m;
    while (ok && kg_cursor_next(cur, &m)) {
        if (m.graph.kind != KG_TERM_NONE && !librdf_model_supports_contexts(r.model)) {
            kgsh_fail(s, "the librdf %s storage keeps no named graphs (contexts): add "
                         "contexts='yes' to its options where it has that option, or export "
                         "one graph",
                      argv[1]);
            ok = false;
            break;
        }
        ok = export_quad(&r, &m);
        if (ok && ++n % 4096 == 0) {
            kgsh_progress_update(&progress, n, 0, 0);
            if (kgsh_interrupted()) {
                kgsh_fail(s, "interrupted after %llu statements", (unsigned long long)n);
                ok = false;
            }
        }
    }
    if (ok && kg_cursor_status(cur) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        ok = false;
    }
    kg_cursor_close(cur);
    if (txn && !ok)
        librdf_model_transaction_rollback(r.model);
    if (txn && ok && librdf_model_transaction_commit(r.model) != 0)
        ok = fail_librdf(&r, "committing to the librdf storage failed");
    if (ok && librdf_model_sync(r.model) != 0)
        ok = fail_librdf(&r, "writing the librdf storage to disk failed");
    return finish(s, &r, &progress, graph, ok, false, n, argv);
}
