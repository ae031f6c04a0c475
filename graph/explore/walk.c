/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/walk.c - the graph that paths, neighbourhoods and exposure
 * chains walk: asserted links between two IRIs, either way round, without
 * types, labels, ontology axioms, mentions and publishers, and without the
 * provenance nodes (statements, sentences, articles); and, for one search,
 * what its filter leaves out (the options of .path). Verdicts on nodes
 * and properties are cached per walk. */
#include <stdlib.h>
#include <string.h>

#include "explore/explore_impl.h"
#include "kg/grow.h"

enum { VERDICT_NO = 1, VERDICT_YES = 2 };
enum { TAG_NODE = 0, TAG_PROPERTY = 1, TAG_NODE_KEPT = 2, TAG_PROPERTY_KEPT = 3 };

kg_status kg_walk_init(kg_walk *w, kg_xctx *x)
{
    memset(w, 0, sizeof *w);
    w->x = x;
    w->node_ok = kg_idtab_new(2);
    return w->node_ok ? KG_OK : kg_xctx_nomem(x);
}

void kg_walk_free(kg_walk *w)
{
    kg_idtab_free(w->node_ok);
    free(w->node_verdict);
    memset(w, 0, sizeof *w);
}

void kg_xedges_free(kg_xedges *e)
{
    free(e->v);
    memset(e, 0, sizeof *e);
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool property_walkable(kg_xctx *x, kg_id p)
{
    if (p == x->v[V_STATED_IN] || p == x->v[V_IN_ARTICLE] || p == x->v[V_MENTIONED_IN] ||
        p == x->v[V_PUBLISHER])
        return false;
    kg_term t;
    if (!kg_view_term(x->view, p, &t))
        return false;
    return !has_prefix(t.value, KG_RDF) && !has_prefix(t.value, KG_RDFS) &&
           !has_prefix(t.value, KG_OWL) && !has_prefix(t.value, KG_SKOS);
}

static bool node_walkable(kg_xctx *x, kg_id n)
{
    kg_term t;
    if (!kg_view_term(x->view, n, &t) || t.kind != KG_TERM_IRI)
        return false;
    kg_id type = x->v[V_TYPE];
    if (!type)
        return true;
    return !(x->v[V_STATEMENT] && kg_xhas(x, n, type, x->v[V_STATEMENT])) &&
           !(x->v[V_SENTENCE] && kg_xhas(x, n, type, x->v[V_SENTENCE])) &&
           !(x->v[V_ARTICLE] && kg_xhas(x, n, type, x->v[V_ARTICLE]));
}

static bool in_set(const kg_idtab *set, kg_id id)
{
    return set && kg_idtab_find(set, &id, NULL);
}

/* Whether the filter keeps a node: an end, or neither avoided nor an
 * instance of an avoided class. */
static bool node_kept(kg_xctx *x, const kg_walk_filter *f, kg_id n)
{
    if (n == f->ends[0] || n == f->ends[1])
        return true;
    if (in_set(f->avoid, n))
        return false;
    for (uint32_t i = 0; f->avoid_classes && i < kg_idtab_count(f->avoid_classes); i++)
        if (kg_xinstance_of(x, n, kg_idtab_key(f->avoid_classes, i)[0]))
            return false;
    return true;
}

static bool property_kept(const kg_walk_filter *f, kg_id p)
{
    return !in_set(f->avoid_properties, p) && (!f->only || in_set(f->only, p));
}

static bool judge(kg_walk *w, int tag, kg_id id)
{
    switch (tag) {
    case TAG_NODE:
        return node_walkable(w->x, id);
    case TAG_PROPERTY:
        return property_walkable(w->x, id);
    case TAG_NODE_KEPT:
        return node_kept(w->x, w->filter, id);
    default:
        return property_kept(w->filter, id);
    }
}

/* The cached verdict on a node or property, computed on first use. */
static bool verdict(kg_walk *w, int tag, kg_id id)
{
    kg_id key[2] = {(kg_id)tag, id};
    uint32_t index;
    int added = kg_idtab_put(w->node_ok, key, &index);
    if (added < 0)
        return false;
    if (!added)
        return w->node_verdict[index] == VERDICT_YES;
    if (!kg_grow(&w->node_verdict, &w->cap_verdict, index, sizeof *w->node_verdict, 256))
        return false;
    bool ok = judge(w, tag, id);
    w->node_verdict[index] = ok ? VERDICT_YES : VERDICT_NO;
    return ok;
}

bool kg_walk_node_ok(kg_walk *w, kg_id node)
{
    return verdict(w, TAG_NODE, node);
}

static bool push_edge(kg_xedges *out, kg_id other, kg_id p, bool forward)
{
    if (!kg_grow(&out->v, &out->cap, out->n, sizeof *out->v, 16))
        return false;
    out->v[out->n++] = (kg_xedge){other, p, forward};
    return true;
}

/* Whether the edge (node p other) or (other p node) is walked: with the
 * filter applied when filtered. */
static bool edge_walked(kg_walk *w, kg_id p, kg_id other, bool filtered)
{
    if (!verdict(w, TAG_PROPERTY, p) || !verdict(w, TAG_NODE, other))
        return false;
    return !filtered || !w->filter ||
           (verdict(w, TAG_PROPERTY_KEPT, p) && verdict(w, TAG_NODE_KEPT, other));
}

/* Calls push_edge for each walked edge of node, or counts them when out
 * is NULL. */
static kg_status each_edge(kg_walk *w, kg_id node, bool filtered, kg_xedges *out, unsigned *count)
{
    for (int forward = 1; forward >= 0; forward--) {
        kg_scan *scan = forward ? kg_xscan(w->x, node, 0, 0) : kg_xscan(w->x, 0, 0, node);
        if (!scan)
            return kg_xctx_nomem(w->x);
        kg_quad q;
        bool ok = true;
        while (ok && kg_scan_next(scan, &q)) {
            kg_id other = forward ? q.o : q.s;
            if (!edge_walked(w, q.p, other, filtered))
                continue;
            if (out)
                ok = push_edge(out, other, q.p, forward);
            else
                (*count)++;
        }
        kg_scan_close(scan);
        if (!ok)
            return kg_xctx_nomem(w->x);
    }
    return KG_OK;
}

kg_status kg_walk_edges(kg_walk *w, kg_id node, kg_xedges *out)
{
    out->n = 0;
    return each_edge(w, node, true, out, NULL);
}

kg_status kg_walk_degree(kg_walk *w, kg_id node, unsigned *out)
{
    *out = 0;
    return each_edge(w, node, false, NULL, out);
}
