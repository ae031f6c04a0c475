/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/query.c - the public query API of kg/query.h: prepare (parse,
 * check, translate to algebra), execute (dataset, evaluation context,
 * iterator tree) and the results (SELECT rows, ASK, CONSTRUCT and DESCRIBE
 * triples, update counts). Updates are run by update.c, DESCRIBE by
 * describe.c, CONSTRUCT templates by template.c. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sparql/parser.h"
#include "sparql/query_impl.h"
#include "sparql/rows.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

kg_status kg_query_prepare(kg_query **out, kg_store *store, const char *text, size_t len,
                           const kg_query_options *opts, kg_error *err)
{
    *out = NULL;
    kg_query_options defaults = KG_QUERY_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    kg_status vs = kg_options_check(opts, KG_QUERY_OPTIONS_VERSION, "kg_query_options", err);
    if (vs != KG_OK)
        return vs;
    if (!store || !text)
        return kg_error_set(err, KG_ERR_INVALID, NULL, "no store or no query text");
    kg_query *q = calloc(1, sizeof *q);
    if (!q)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    q->store = store;
    q->strict_default_graph = opts->strict_default_graph;
    q->access = opts->access;
    q->max_memory = opts->max_memory ? opts->max_memory : KG_QUERY_MAX_MEMORY;
    q->timeout_ms = opts->timeout_ms;
    q->base_iri = dup_or_null(opts->base_iri);
    q->allowed_dir = dup_or_null(opts->allowed_dir);
    q->hidden_graph = dup_or_null(opts->hidden_graph);
    q->arena = kg_arena_new();
    kg_status st = KG_OK;
    if (!q->arena || (opts->base_iri && !q->base_iri) || (opts->allowed_dir && !q->allowed_dir) ||
        (opts->hidden_graph && !q->hidden_graph)) {
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
        goto fail;
    }
    kg_sparql_parse_options po = {opts->base_iri, opts->prefixes, KG_SPARQL_DETECT};
    st = kg_sparql_parse(text, len, &po, &q->ast, err);
    if (st != KG_OK)
        goto fail;
    if (q->ast->form != KG_QUERY_UPDATE) {
        kg_error local;
        st = kg_alg_translate(q->arena, q->ast, q->ast->select, NULL, &q->plan, err ? err : &local);
        if (st != KG_OK) {
            if (err && !err->message[0])
                kg_error_set(err, st, NULL, "cannot translate the query");
            goto fail;
        }
    }
    *out = q;
    return KG_OK;
fail:
    kg_query_free(q);
    return st;
}

kg_query_form kg_query_get_form(const kg_query *query)
{
    return query->ast->form;
}

const kg_error *kg_query_error(const kg_query *query)
{
    static const kg_error none = {0};
    return query ? &query->error : &none;
}

void kg_query_free(kg_query *query)
{
    if (!query)
        return;
    kg_sparql_ast_free(query->ast);
    kg_arena_free(query->arena);
    free(query->base_iri);
    free(query->allowed_dir);
    free(query->hidden_graph);
    free(query);
}

/* ------------------------------------------------------------ dataset */

static bool external_iri(const char *iri)
{
    return strncmp(iri, "file:", 5) == 0 || strncmp(iri, "http:", 5) == 0 ||
           strncmp(iri, "https:", 6) == 0;
}

static kg_status add_graph(kg_query *q, kg_view *view, const char *iri, kg_id *list, size_t *n)
{
    kg_term t = kg_term_iri(iri);
    kg_id id = kg_view_lookup(view, &t);
    if (id == KG_ID_NONE || !kg_view_graph_exists(view, id)) {
        if (!external_iri(iri))
            return KG_OK; /* a graph the store lacks is empty */
        bool file = strncmp(iri, "file:", 5) == 0;
        if (!(q->access & (file ? KG_ACCESS_FILE : KG_ACCESS_NET)))
            return kg_error_set(&q->error, KG_ERR_DENIED, NULL,
                                "<%s> is not in the store, and reading it is not allowed", iri);
        return kg_error_set(&q->error, KG_ERR_UNSUPPORTED, NULL,
                            "<%s> is not in the store; load it first", iri);
    }
    for (size_t i = 0; i < *n; i++)
        if (list[i] == id)
            return KG_OK;
    list[(*n)++] = id;
    return KG_OK;
}

kg_status kg_query_dataset(kg_query *q, kg_view *view, const kg_ast_dataset *clauses, size_t n,
                           kg_arena *arena, kg_dataset *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0) {
        out->dflt.mode = q->strict_default_graph ? KG_GRAPHS_DEFAULT : KG_GRAPHS_UNION;
        if (q->hidden_graph) {
            kg_term hidden = kg_term_iri(q->hidden_graph);
            out->hidden = kg_view_lookup(view, &hidden); /* not a value of GRAPH ?g */
            if (!q->strict_default_graph)
                out->dflt.g = out->hidden; /* left out of the union */
        }
        out->named_all = true;
        return KG_OK;
    }
    kg_id *dflt = kg_arena_alloc(arena, (n + 1) * sizeof *dflt);
    kg_id *named = kg_arena_alloc(arena, (n + 1) * sizeof *named);
    if (!dflt || !named)
        return kg_error_set(&q->error, KG_ERR_NOMEM, NULL, "out of memory");
    size_t ndflt = 0, nnamed = 0;
    for (size_t i = 0; i < n; i++) {
        kg_status st = clauses[i].named ? add_graph(q, view, clauses[i].iri, named, &nnamed)
                                        : add_graph(q, view, clauses[i].iri, dflt, &ndflt);
        if (st != KG_OK)
            return st;
    }
    out->dflt.list = dflt;
    out->dflt.nlist = ndflt;
    out->named = named;
    out->nnamed = nnamed;
    return KG_OK;
}

/* ------------------------------------------------------------ execute */

static kg_status start_eval(kg_results *r)
{
    kg_query *q = r->query;
    kg_view *view = kg_store_view(q->store);
    if (!view)
        return kg_error_set(&q->error, KG_ERR_IO, NULL, "cannot read the store");
    kg_dataset ds;
    kg_arena *tmp = kg_arena_new();
    if (!tmp)
        return kg_error_set(&q->error, KG_ERR_NOMEM, NULL, "out of memory");
    kg_status st = kg_query_dataset(q, view, q->ast->dataset, q->ast->ndataset, tmp, &ds);
    if (st == KG_OK) {
        st = kg_eval_init(&r->ev, q->store, &q->plan, &ds, q->ast->base, &q->error);
        r->ev.access = q->access;
        kg_eval_set_limits(&r->ev, q->max_memory, q->timeout_ms);
        r->ev_live = true;
    }
    if (st == KG_OK) {
        /* The dataset's arrays must live as long as the evaluation. */
        size_t bytes = (ds.dflt.nlist + ds.nnamed + 2) * sizeof(kg_id);
        kg_id *copy = kg_arena_alloc(r->ev.arena, bytes);
        if (!copy) {
            st = kg_eval_fail(&r->ev, KG_ERR_NOMEM, "out of memory");
        } else if (ds.dflt.list || ds.named) {
            memcpy(copy, ds.dflt.list, ds.dflt.nlist * sizeof *copy);
            memcpy(copy + ds.dflt.nlist, ds.named, ds.nnamed * sizeof *copy);
            r->ev.ds.dflt.list = ds.dflt.list ? copy : NULL;
            r->ev.ds.named = copy + ds.dflt.nlist;
            r->ev.graph = r->ev.ds.dflt;
        }
    }
    kg_arena_free(tmp);
    if (st != KG_OK)
        return st;
    r->row = kg_arena_alloc(r->ev.arena, (q->plan.nslots + 1) * sizeof *r->row);
    if (!r->row)
        return kg_eval_fail(&r->ev, KG_ERR_NOMEM, "out of memory");
    memset(r->row, 0, (q->plan.nslots + 1) * sizeof *r->row);
    r->root = kg_iter_build(&r->ev, q->plan.root);
    if (!r->root)
        return r->ev.status != KG_OK ? r->ev.status : KG_ERR_NOMEM;
    kg_iter_open(r->root, r->row);
    return r->ev.status;
}

static const char *const triple_columns[] = {"subject", "predicate", "object"};

/* The current row's values, one per column (ncols set). False on ENOMEM. */
static bool alloc_values(kg_results *r)
{
    r->values = calloc(r->ncols + 1, sizeof *r->values);
    r->value_ids = calloc(r->ncols + 1, sizeof *r->value_ids);
    return r->values && r->value_ids;
}

kg_status kg_query_execute(kg_results **out, kg_query *query)
{
    *out = NULL;
    memset(&query->error, 0, sizeof query->error);
    kg_store_clear_interrupt(query->store);
    kg_results *r = calloc(1, sizeof *r);
    if (!r)
        return kg_error_set(&query->error, KG_ERR_NOMEM, NULL, "out of memory");
    r->query = query;
    r->form = query->ast->form;
    kg_status st = KG_OK;
    switch (r->form) {
    case KG_QUERY_UPDATE:
        st = kg_update_run(query, &r->added, &r->removed);
        break;
    case KG_QUERY_SELECT:
        st = start_eval(r);
        r->ncols = query->plan.nproj;
        r->names = query->plan.proj_names;
        if (!alloc_values(r) && st == KG_OK)
            st = kg_error_set(&query->error, KG_ERR_NOMEM, NULL, "out of memory");
        break;
    case KG_QUERY_ASK:
        st = start_eval(r);
        if (st == KG_OK) {
            r->boolean = kg_iter_next(r->root, r->row);
            st = r->ev.status;
        }
        break;
    case KG_QUERY_CONSTRUCT:
    case KG_QUERY_DESCRIBE:
        r->ncols = 3;
        r->names = triple_columns;
        bool values = alloc_values(r);
        r->seen = kg_idtab_new(3);
        st = start_eval(r);
        if (st == KG_OK && (!values || !r->seen))
            st = kg_error_set(&query->error, KG_ERR_NOMEM, NULL, "out of memory");
        if (st == KG_OK && r->form == KG_QUERY_DESCRIBE)
            st = kg_describe_run(r);
        break;
    }
    if (st != KG_OK) {
        if (query->error.status == KG_OK)
            kg_error_set(&query->error, st, NULL, "%s", kg_strerror(st));
        kg_results_free(r);
        return st;
    }
    *out = r;
    return KG_OK;
}

/* ------------------------------------------------------------ results */

size_t kg_results_column_count(const kg_results *results)
{
    return results->ncols;
}

const char *kg_results_column_name(const kg_results *results, size_t column)
{
    return column < results->ncols ? results->names[column] : NULL;
}

static void set_value(kg_results *r, size_t column, kg_id id)
{
    /* The terms of a query's ids stay where they are while it runs (the
     * store's mapped segments, the evaluation's overlay). */
    if (id && id == r->value_ids[column])
        return;
    r->value_ids[column] = id;
    memset(&r->values[column], 0, sizeof r->values[column]);
    if (id)
        kg_eval_term(&r->ev, id, &r->values[column]);
}

static bool next_triple(kg_results *r)
{
    if (r->form == KG_QUERY_DESCRIBE) {
        if (r->pos + 3 > r->triples.n)
            return false;
        memcpy(r->cur, r->triples.v + r->pos, sizeof r->cur);
        r->pos += 3;
        return true;
    }
    return kg_template_next(r, r->cur);
}

kg_status kg_results_next(bool *has_row, kg_results *results)
{
    kg_results *r = results;
    *has_row = false;
    if (r->rows) {
        *has_row = kg_rows_next(r);
        return KG_OK;
    }
    if (!r->ev_live || (r->form != KG_QUERY_SELECT && r->form != KG_QUERY_CONSTRUCT &&
                        r->form != KG_QUERY_DESCRIBE))
        return KG_OK;
    if (r->form == KG_QUERY_SELECT) {
        if (kg_iter_next(r->root, r->row)) {
            *has_row = true;
            for (size_t i = 0; i < r->ncols; i++)
                set_value(r, i, r->row[r->query->plan.proj[i]]);
        }
    } else if (next_triple(r)) {
        *has_row = true;
        for (size_t i = 0; i < 3; i++)
            set_value(r, i, r->cur[i]);
    }
    return r->ev.status;
}

const kg_term *kg_results_value(kg_results *results, size_t column)
{
    static const kg_term none = {0};
    if (!results->values || column >= results->ncols)
        return &none;
    return &results->values[column];
}

bool kg_results_boolean(const kg_results *results)
{
    return results->boolean;
}

void kg_results_update_counts(uint64_t *added, uint64_t *removed, const kg_results *results)
{
    if (added)
        *added = results->added;
    if (removed)
        *removed = results->removed;
}

kg_query_form kg_results_form(const kg_results *results)
{
    return results->form;
}

void kg_results_free(kg_results *results)
{
    if (!results)
        return;
    if (results->rows) {
        kg_rows_free(results->rows);
        results->values = NULL; /* they were the rows' */
    }
    if (results->ev_live)
        kg_eval_free(&results->ev);
    kg_template_bnodes_free(&results->bnodes);
    kg_idtab_free(results->seen);
    kg_idvec_free(&results->triples);
    free(results->values);
    free(results->value_ids);
    free(results);
}
