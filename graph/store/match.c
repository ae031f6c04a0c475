/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/match.c - the public pattern cursor (kg_store_match): terms to ids,
 * one index scan of the store's read view, ids back to terms. A cursor
 * remembers the view's epoch and refuses to read once a change has reset
 * or staled the view, since its scan points into that view's segments. */
#include <stdlib.h>

#include "store/store_impl.h"

struct kg_cursor {
    kg_store *store;
    kg_scan *scan; /* NULL: a bound term is unknown, nothing matches */
    uint64_t epoch;
    kg_status status;
    kg_quad last; /* the ids of the last match */
};

static bool view_current(const kg_cursor *cursor)
{
    const kg_store *store = cursor->store;
    return !store->view_stale && store->view.epoch == cursor->epoch;
}

/* The id of a bound term; KG_ID_NONE for an open position. *unknown is set
 * when a bound term is not in the store (so nothing can match). */
static kg_id bound_id(kg_view *view, const kg_term *term, bool *unknown)
{
    if (!term)
        return KG_ID_NONE;
    kg_id id = kg_view_lookup(view, term);
    if (id == KG_ID_NONE)
        *unknown = true;
    return id;
}

static kg_graph_mode scan_mode(kg_match_graphs graphs)
{
    switch (graphs) {
    case KG_MATCH_DEFAULT: return KG_GRAPHS_DEFAULT;
    case KG_MATCH_NAMED: return KG_GRAPHS_NAMED;
    case KG_MATCH_GRAPH: return KG_GRAPHS_ONE;
    case KG_MATCH_UNION: return KG_GRAPHS_UNION;
    case KG_MATCH_ALL: break;
    }
    return KG_GRAPHS_ALL;
}

kg_status kg_store_match(kg_cursor **out, kg_store *store, const kg_term *s, const kg_term *p,
                         const kg_term *o, kg_match_graphs graphs, const kg_term *graph)
{
    *out = NULL;
    kg_store_clear_error(store);
    if (graphs > KG_MATCH_UNION)
        return kg_store_fail(store, KG_ERR_INVALID, "unknown graph selection %d", (int)graphs);
    if (graphs == KG_MATCH_GRAPH &&
        (!graph || (graph->kind != KG_TERM_IRI && graph->kind != KG_TERM_BLANK)))
        return kg_store_fail(store, KG_ERR_INVALID, "a named graph must be an IRI or blank node");
    kg_view *view = kg_store_view(store);
    if (!view)
        return store->error.status;
    kg_cursor *cursor = calloc(1, sizeof *cursor);
    if (!cursor)
        return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
    cursor->store = store;
    cursor->epoch = view->epoch;
    bool unknown = false;
    kg_id sid = bound_id(view, s, &unknown), pid = bound_id(view, p, &unknown);
    kg_id oid = bound_id(view, o, &unknown);
    kg_id gid = graphs == KG_MATCH_GRAPH ? bound_id(view, graph, &unknown) : KG_GRAPH_DEFAULT;
    if (!unknown) {
        cursor->scan = kg_scan_open(view, sid, pid, oid, scan_mode(graphs), gid);
        if (!cursor->scan) {
            free(cursor);
            return kg_store_fail(store, KG_ERR_NOMEM, "out of memory");
        }
    }
    *out = cursor;
    return KG_OK;
}

static bool fail(kg_cursor *cursor, kg_status status, const char *message)
{
    cursor->status = kg_store_fail(cursor->store, status, "%s", message);
    kg_scan_close(cursor->scan);
    cursor->scan = NULL;
    return false;
}

bool kg_cursor_next(kg_cursor *cursor, kg_match *out)
{
    if (cursor->status != KG_OK || !cursor->scan)
        return false;
    if (!view_current(cursor))
        return fail(cursor, KG_ERR_STALE, "the store changed after the cursor was opened");
    kg_quad q;
    if (!kg_scan_next(cursor->scan, &q)) {
        kg_scan_close(cursor->scan);
        cursor->scan = NULL;
        return false;
    }
    kg_view *view = &cursor->store->view;
    out->graph = (kg_term){.kind = KG_TERM_NONE};
    if (!kg_view_term(view, q.s, &out->s) || !kg_view_term(view, q.p, &out->p) ||
        !kg_view_term(view, q.o, &out->o) ||
        (q.g != KG_GRAPH_DEFAULT && !kg_view_term(view, q.g, &out->graph)))
        return fail(cursor, KG_ERR_CORRUPT, "a quad refers to a term missing from the dictionary");
    cursor->last = q;
    return true;
}

void kg_cursor_term_ids(uint64_t ids[4], const kg_cursor *cursor)
{
    ids[0] = cursor->last.s;
    ids[1] = cursor->last.p;
    ids[2] = cursor->last.o;
    ids[3] = cursor->last.g;
}

kg_status kg_cursor_status(const kg_cursor *cursor)
{
    return cursor->status;
}

void kg_cursor_close(kg_cursor *cursor)
{
    if (!cursor)
        return;
    kg_scan_close(cursor->scan);
    free(cursor);
}
