/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/update.c - SPARQL 1.1 Update: INSERT DATA, DELETE DATA, DELETE
 * WHERE, DELETE/INSERT ... WHERE with WITH and USING, LOAD, CLEAR, DROP,
 * CREATE, ADD, MOVE and COPY.
 *
 * A request runs in one store transaction (its own, committed at the end,
 * or the caller's open one, in which a failure undoes exactly the
 * request's changes), so it is applied entirely or not at all. Each
 * operation first computes all of its deletions and insertions from the
 * store as it was before the operation (16.1), then applies them; quads
 * added and removed are counted as they really change the store. LOAD of a
 * file is allowed only with KG_ACCESS_FILE and under allowed_dir. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kg/io.h"
#include "sparql/query_impl.h"

typedef struct changes {
    kg_idtab *del, *ins; /* quads (s, p, o, g), g 0 = default graph */
} changes;

typedef struct upd {
    kg_query *q;
    kg_store *store;
    uint64_t added, removed;
} upd;

static kg_status nomem(upd *u)
{
    return kg_error_set(&u->q->error, KG_ERR_NOMEM, NULL, "out of memory");
}

static bool present(kg_view *view, const kg_id *quad)
{
    for (int i = 0; i < 4; i++)
        if (quad[i] > KG_ID_STORE_MAX)
            return false;
    kg_scan *sc = kg_scan_open(view, quad[0], quad[1], quad[2],
                               quad[3] ? KG_GRAPHS_ONE : KG_GRAPHS_DEFAULT, quad[3]);
    kg_quad tmp;
    bool found = sc && kg_scan_next(sc, &tmp);
    kg_scan_close(sc);
    return found;
}

/* Store ids for the overlay terms of a quad. */
static kg_status store_ids(upd *u, kg_eval *ev, const kg_id *in, kg_quad *out)
{
    kg_id ids[4];
    for (int i = 0; i < 4; i++) {
        ids[i] = in[i];
        if (ids[i] <= KG_ID_STORE_MAX)
            continue;
        kg_term t;
        if (!kg_eval_term(ev, ids[i], &t) || !(ids[i] = kg_store_intern(u->store, &t))) {
            u->q->error = *kg_store_error(u->store);
            return u->q->error.status ? u->q->error.status : KG_ERR_INVALID;
        }
    }
    *out = (kg_quad){ids[0], ids[1], ids[2], ids[3]};
    return KG_OK;
}

/* Applies an operation's changes: first every deletion, then every
 * insertion, all decided against the store as it was before. */
static kg_status apply(upd *u, kg_eval *ev, changes *c)
{
    kg_view *view = kg_store_view(u->store);
    size_t ndel = kg_idtab_count(c->del), nins = kg_idtab_count(c->ins);
    bool *del_real = calloc(ndel + 1, 1), *ins_real = calloc(nins + 1, 1);
    kg_status st = KG_OK;
    if (!del_real || !ins_real || !view) {
        st = nomem(u);
        goto done;
    }
    for (uint32_t i = 0; i < ndel; i++)
        del_real[i] = present(view, kg_idtab_key(c->del, i));
    for (uint32_t i = 0; i < nins; i++) {
        const kg_id *quad = kg_idtab_key(c->ins, i);
        uint32_t d;
        bool deleted = kg_idtab_find(c->del, quad, &d) && del_real[d];
        ins_real[i] = deleted || !present(view, quad);
    }
    for (uint32_t i = 0; i < ndel && st == KG_OK; i++) {
        if (!del_real[i])
            continue;
        kg_quad q;
        st = store_ids(u, ev, kg_idtab_key(c->del, i), &q);
        if (st == KG_OK && (st = kg_store_remove_ids(u->store, &q)) == KG_OK)
            u->removed++;
    }
    for (uint32_t i = 0; i < nins && st == KG_OK; i++) {
        kg_quad q;
        st = store_ids(u, ev, kg_idtab_key(c->ins, i), &q);
        if (st == KG_OK && (st = kg_store_add_ids(u->store, &q)) == KG_OK && ins_real[i])
            u->added++;
    }
    if (st != KG_OK && u->q->error.status == KG_OK)
        u->q->error = *kg_store_error(u->store);
done:
    free(del_real);
    free(ins_real);
    return st;
}

/* Adds the instances of a template for one solution (row NULL for DATA). */
static kg_status instantiate(upd *u, kg_eval *ev, const kg_ast_quad *quads, size_t n,
                             const kg_id *row, kg_id with, kg_idtab *into)
{
    kg_template_bnodes bn = {0};
    kg_status st = KG_OK;
    for (size_t i = 0; i < n && st == KG_OK; i++) {
        kg_id quad[4];
        if (!kg_template_quad(ev, &quads[i], row, &bn, quad))
            continue;
        if (quads[i].g.kind == KG_AST_NONE)
            quad[3] = with;
        if (kg_idtab_put(into, quad, NULL) < 0)
            st = nomem(u);
    }
    kg_template_bnodes_free(&bn);
    return st != KG_OK ? st : ev->status;
}

static kg_id graph_id(kg_eval *ev, const char *iri)
{
    if (!iri)
        return KG_ID_NONE;
    kg_term t = kg_term_iri(iri);
    return kg_eval_intern(ev, &t);
}

/* DELETE WHERE, DELETE/INSERT WHERE and the DATA forms. */
static kg_status run_modify(upd *u, const kg_ast_update *op)
{
    kg_query *q = u->q;
    kg_arena *arena = kg_arena_new();
    changes c = {kg_idtab_new(4), kg_idtab_new(4)};
    kg_eval ev;
    bool ev_live = false;
    kg_status st = KG_OK;
    if (!arena || !c.del || !c.ins) {
        st = nomem(u);
        goto done;
    }
    kg_alg_plan plan = {0};
    const kg_ast_pattern *where = op->where;
    if (where) {
        st = kg_alg_translate(arena, q->ast, NULL, where, &plan, &q->error);
        if (st != KG_OK)
            goto done;
    }
    kg_view *view = kg_store_view(u->store);
    kg_dataset ds;
    if (op->nusing) {
        st = kg_query_dataset(q, view, op->using, op->nusing, arena, &ds);
    } else if (op->with_iri) {
        /* WITH names the default graph of the WHERE (and of templates). */
        st = kg_query_dataset(q, view, NULL, 0, arena, &ds);
        kg_term t = kg_term_iri(op->with_iri);
        kg_id *g = kg_arena_alloc(arena, sizeof *g);
        if (!g) {
            st = nomem(u);
            goto done;
        }
        *g = kg_view_lookup(view, &t);
        ds.dflt = (kg_active_graph){.list = g, .nlist = *g ? 1 : 0};
    } else {
        st = kg_query_dataset(q, view, NULL, 0, arena, &ds);
        /* Updates read the store's own default graph. */
        if (q->strict_default_graph)
            ds.dflt.mode = KG_GRAPHS_DEFAULT;
    }
    if (st != KG_OK)
        goto done;
    st = kg_eval_init(&ev, u->store, where ? &plan : NULL, &ds, q->ast->base, &q->error);
    kg_eval_set_limits(&ev, q->max_memory, q->timeout_ms);
    ev_live = true;
    if (st != KG_OK)
        goto done;
    kg_id with = graph_id(&ev, op->with_iri);
    if (!where) {
        st = instantiate(u, &ev, op->delete_quads, op->ndelete, NULL, with, c.del);
        if (st == KG_OK)
            st = instantiate(u, &ev, op->insert_quads, op->ninsert, NULL, with, c.ins);
    } else {
        kg_iter *root = kg_iter_build(&ev, plan.root);
        kg_id *row = kg_arena_alloc(ev.arena, (plan.nslots + 1) * sizeof *row);
        if (!root || !row) {
            st = ev.status != KG_OK ? ev.status : nomem(u);
            goto done;
        }
        memset(row, 0, (plan.nslots + 1) * sizeof *row);
        kg_iter_open(root, row);
        while (st == KG_OK && kg_iter_next(root, row)) {
            st = instantiate(u, &ev, op->delete_quads, op->ndelete, row, with, c.del);
            if (st == KG_OK)
                st = instantiate(u, &ev, op->insert_quads, op->ninsert, row, with, c.ins);
        }
        kg_iter_close(root);
        if (st == KG_OK)
            st = ev.status;
    }
    if (st == KG_OK)
        st = apply(u, &ev, &c);
done:
    if (ev_live)
        kg_eval_free(&ev);
    kg_idtab_free(c.del);
    kg_idtab_free(c.ins);
    kg_arena_free(arena);
    return st;
}

/* ------------------------------------------------- graph management */

typedef struct graph_list {
    kg_idvec ids;
    bool dflt; /* the default graph too */
} graph_list;

static int collect(void *ctx, kg_id g)
{
    return kg_idvec_push(ctx, g) ? 0 : 1;
}

/* Resolves CLEAR/DROP/ADD... targets. *missing is set for a named graph
 * the store does not have. */
static kg_status resolve_target(upd *u, const kg_ast_graph_ref *ref, graph_list *out, bool *missing)
{
    kg_view *view = kg_store_view(u->store);
    *missing = false;
    switch (ref->kind) {
    case KG_GRAPH_REF_DEFAULT:
        out->dflt = true;
        return KG_OK;
    case KG_GRAPH_REF_ALL:
        out->dflt = true;
        /* fall through */
    case KG_GRAPH_REF_NAMED:
        kg_view_graphs(view, collect, &out->ids);
        return KG_OK;
    case KG_GRAPH_REF_IRI: {
        kg_term t = kg_term_iri(ref->iri);
        kg_id g = kg_view_lookup(view, &t);
        if (!g || !kg_view_graph_exists(view, g)) {
            *missing = true;
            return KG_OK;
        }
        return kg_idvec_push(&out->ids, g) ? KG_OK : nomem(u);
    }
    }
    return KG_OK;
}

/* Every quad of one graph (0: default) into quads, as s p o g. */
static kg_status graph_quads(upd *u, kg_id g, kg_idvec *quads)
{
    kg_view *view = kg_store_view(u->store);
    kg_scan *sc = kg_scan_open(view, 0, 0, 0, g ? KG_GRAPHS_ONE : KG_GRAPHS_DEFAULT, g);
    kg_quad q;
    kg_status st = KG_OK;
    while (st == KG_OK && sc && kg_scan_next(sc, &q)) {
        kg_id ids[4] = {q.s, q.p, q.o, g};
        if (!kg_idvec_append(quads, ids, 4))
            st = nomem(u);
    }
    kg_scan_close(sc);
    return st;
}

/* KG_ERR_INTERRUPTED (in the query's error) once Ctrl-C was pressed. */
static kg_status check_interrupt(upd *u)
{
    if (!kg_store_interrupted(u->store))
        return KG_OK;
    return kg_error_set(&u->q->error, KG_ERR_INTERRUPTED, NULL, "interrupted");
}

/* Empties the n graphs ids (0: the default graph) and, with drop, drops
 * the named ones. Every quad is read from one view before any is removed:
 * a change makes the view stale, and rebuilding the transaction's overlay
 * once per graph made DROP ALL quadratic in the number of graphs. */
static kg_status clear_graphs(upd *u, const kg_id *ids, size_t n, bool drop)
{
    kg_idvec quads = {0};
    kg_status st = KG_OK;
    for (size_t i = 0; st == KG_OK && i < n; i++)
        if ((st = check_interrupt(u)) == KG_OK)
            st = graph_quads(u, ids[i], &quads);
    for (size_t i = 0; st == KG_OK && i < quads.n; i += 4) {
        kg_quad q = {quads.v[i], quads.v[i + 1], quads.v[i + 2], quads.v[i + 3]};
        if ((st = kg_store_remove_ids(u->store, &q)) == KG_OK)
            u->removed++;
    }
    kg_idvec_free(&quads);
    for (size_t i = 0; st == KG_OK && drop && i < n; i++)
        if (ids[i])
            st = kg_store_drop_graph_id(u->store, ids[i]);
    if (st != KG_OK && u->q->error.status == KG_OK)
        u->q->error = *kg_store_error(u->store);
    return st;
}

static kg_status clear_graph(upd *u, kg_id g, bool drop)
{
    return clear_graphs(u, &g, 1, drop);
}

static kg_status run_clear(upd *u, const kg_ast_update *op, bool drop)
{
    graph_list gl = {0};
    bool missing;
    kg_status st = resolve_target(u, &op->target, &gl, &missing);
    if (st == KG_OK && missing && !op->silent)
        st = kg_error_set(&u->q->error, KG_ERR_NOT_FOUND, NULL, "no graph <%s>", op->target.iri);
    if (st == KG_OK)
        st = clear_graphs(u, gl.ids.v, gl.ids.n, drop);
    if (st == KG_OK && gl.dflt)
        st = clear_graph(u, KG_ID_NONE, false);
    kg_idvec_free(&gl.ids);
    return st;
}

static kg_status run_create(upd *u, const kg_ast_update *op)
{
    graph_list gl = {0};
    bool missing;
    kg_status st = resolve_target(u, &op->target, &gl, &missing);
    kg_idvec_free(&gl.ids);
    if (st != KG_OK)
        return st;
    if (!missing)
        return op->silent ? KG_OK
                          : kg_error_set(&u->q->error, KG_ERR_INVALID, NULL,
                                         "graph <%s> already exists", op->target.iri);
    kg_term t = kg_term_iri(op->target.iri);
    st = kg_store_create_graph(u->store, &t);
    if (st != KG_OK)
        u->q->error = *kg_store_error(u->store);
    return st;
}

/* ADD, COPY and MOVE. */
static kg_status run_transfer(upd *u, const kg_ast_update *op)
{
    bool same = op->source_graph.kind == op->target.kind &&
                (op->target.kind != KG_GRAPH_REF_IRI ||
                 strcmp(op->source_graph.iri, op->target.iri) == 0);
    graph_list src = {0};
    bool missing;
    kg_status st = resolve_target(u, &op->source_graph, &src, &missing);
    if (st == KG_OK && missing && !op->silent)
        st = kg_error_set(&u->q->error, KG_ERR_NOT_FOUND, NULL, "no graph <%s>",
                          op->source_graph.iri);
    if (st != KG_OK || missing || same) {
        kg_idvec_free(&src.ids);
        return st;
    }
    kg_id from = src.dflt ? KG_ID_NONE : src.ids.v[0];
    kg_idvec_free(&src.ids);
    kg_idvec quads = {0};
    st = graph_quads(u, from, &quads);
    if (st == KG_OK && op->kind != KG_UPDATE_ADD) {
        /* COPY and MOVE replace the target's contents. */
        graph_list dst = {0};
        bool dst_missing;
        st = resolve_target(u, &op->target, &dst, &dst_missing);
        if (st == KG_OK && !dst_missing)
            st = clear_graph(u, dst.dflt ? KG_ID_NONE : dst.ids.v[0], false);
        kg_idvec_free(&dst.ids);
    }
    kg_id to = KG_ID_NONE;
    if (st == KG_OK && op->target.kind == KG_GRAPH_REF_IRI) {
        kg_term t = kg_term_iri(op->target.iri);
        if (!(to = kg_store_intern(u->store, &t)))
            st = KG_ERR_INVALID;
    }
    /* Which quads the target has already, from one view before adding
     * any (adding makes the view stale: asking per quad rebuilt it). */
    for (size_t i = 0; st == KG_OK && i < quads.n; i += 4) {
        kg_id key[4] = {quads.v[i], quads.v[i + 1], quads.v[i + 2], to};
        quads.v[i + 3] = present(kg_store_view(u->store), key);
    }
    for (size_t i = 0; st == KG_OK && i < quads.n; i += 4) {
        kg_quad q = {quads.v[i], quads.v[i + 1], quads.v[i + 2], to};
        if ((st = kg_store_add_ids(u->store, &q)) == KG_OK && !quads.v[i + 3])
            u->added++;
    }
    kg_idvec_free(&quads);
    if (st == KG_OK && op->kind == KG_UPDATE_MOVE)
        st = clear_graph(u, from, from != KG_ID_NONE);
    if (st != KG_OK && u->q->error.status == KG_OK)
        u->q->error = *kg_store_error(u->store);
    return st;
}

/* LOAD <file:...> under allowed_dir, with KG_ACCESS_FILE. */
static kg_status run_load(upd *u, const kg_ast_update *op)
{
    kg_query *q = u->q;
    const char *iri = op->source;
    bool file = strncmp(iri, "file://", 7) == 0;
    if (!file || !(q->access & KG_ACCESS_FILE) || !q->allowed_dir) {
        /* SILENT turns every failure of the operation into success. */
        if (op->silent)
            return KG_OK;
        return kg_error_set(&q->error, KG_ERR_DENIED, NULL, "LOAD <%s> is not allowed", iri);
    }
    char path[PATH_MAX], dir[PATH_MAX];
    if (!realpath(iri + 7, path) || !realpath(q->allowed_dir, dir)) {
        if (op->silent)
            return KG_OK;
        return kg_error_set(&q->error, KG_ERR_NOT_FOUND, NULL, "cannot read <%s>", iri);
    }
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
        return kg_error_set(&q->error, KG_ERR_DENIED, NULL, "<%s> is outside the allowed directory",
                            iri);
    kg_term graph = kg_term_iri(op->target.kind == KG_GRAPH_REF_IRI ? op->target.iri : "");
    kg_load_options lo = KG_LOAD_OPTIONS_INIT;
    lo.graph = op->target.kind == KG_GRAPH_REF_IRI ? &graph : NULL;
    kg_load_stats stats = {0};
    kg_status st = kg_load_file(u->store, path, &lo, &stats);
    if (st == KG_OK)
        u->added += stats.added;
    else if (op->silent)
        st = KG_OK;
    else
        q->error = *kg_store_error(u->store);
    return st;
}

static kg_status run_op(upd *u, const kg_ast_update *op)
{
    switch (op->kind) {
    case KG_UPDATE_INSERT_DATA:
    case KG_UPDATE_DELETE_DATA:
    case KG_UPDATE_DELETE_WHERE:
    case KG_UPDATE_MODIFY:
        return run_modify(u, op);
    case KG_UPDATE_LOAD:
        return run_load(u, op);
    case KG_UPDATE_CLEAR:
        return run_clear(u, op, false);
    case KG_UPDATE_DROP:
        return run_clear(u, op, true);
    case KG_UPDATE_CREATE:
        return run_create(u, op);
    case KG_UPDATE_ADD:
    case KG_UPDATE_MOVE:
    case KG_UPDATE_COPY:
        return run_transfer(u, op);
    }
    return KG_ERR_UNSUPPORTED;
}

kg_status kg_update_run(kg_query *q, uint64_t *added, uint64_t *removed)
{
    upd u = {.q = q, .store = q->store};
    bool own = !kg_store_in_transaction(q->store);
    kg_status st = own ? kg_store_begin(q->store) : KG_OK;
    if (st != KG_OK) {
        q->error = *kg_store_error(q->store);
        return st;
    }
    uint64_t mark = kg_store_mark(q->store);
    for (size_t i = 0; st == KG_OK && i < q->ast->nupdates; i++) {
        if ((st = check_interrupt(&u)) == KG_OK)
            st = run_op(&u, &q->ast->updates[i]);
        if (st != KG_OK && q->error.line == 0) {
            q->error.line = q->ast->updates[i].line;
            q->error.column = q->ast->updates[i].column;
        }
    }
    if (st == KG_OK && own) {
        st = kg_store_commit(q->store);
        if (st != KG_OK)
            q->error = *kg_store_error(q->store);
    } else if (st != KG_OK) {
        if (own)
            kg_store_rollback(q->store);
        else
            kg_store_undo_to(q->store, mark);
    }
    if (st == KG_OK) {
        *added = u.added;
        *removed = u.removed;
    }
    return st;
}
