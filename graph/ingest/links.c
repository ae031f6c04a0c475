/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/links.c - showing and undoing the entity links that list imports
 * recorded (kgi:EntityLink nodes in each list's graph; see kg/import.h).
 * Undoing a link records the user's decision in its own graph and imports
 * the list again, so the decision also holds for every later import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/listmap.h"
#include "ingest/resolve.h"
#include "kg/import.h"
#include "store/quads.h"
#include "kg/grow.h"

#define KGI KG_IMPORT_NS

typedef struct found_link {
    kg_id graph, node;
    const char *list; /* borrowed from the view */
    unsigned long order;
} found_link;

typedef struct collect {
    kg_view *view;
    const char *only;
    kg_id type, link_class;
    found_link *v;
    size_t n, cap;
    bool nomem;
} collect;

static kg_id lookup(kg_view *view, const char *iri)
{
    kg_term t = kg_term_iri(iri);
    return kg_view_lookup(view, &t);
}

/* The first object of (s, p, ?) in graph g (0: any graph) as a term. */
static bool first_object(kg_view *view, kg_id s, const char *p, kg_id g, kg_term *out)
{
    kg_id pid = lookup(view, p);
    if (!pid)
        return false;
    kg_scan *scan = kg_scan_open(view, s, pid, 0, g ? KG_GRAPHS_ONE : KG_GRAPHS_UNION, g);
    kg_quad q;
    bool ok = scan && kg_scan_next(scan, &q) && kg_view_term(view, q.o, out);
    kg_scan_close(scan);
    return ok;
}

static int collect_graph(void *ctx, kg_id g)
{
    collect *c = ctx;
    kg_term gt;
    size_t ns = strlen(KG_LIST_NS);
    if (!kg_view_term(c->view, g, &gt) || gt.kind != KG_TERM_IRI ||
        strncmp(gt.value, KG_LIST_NS, ns) != 0 || strcmp(gt.value, KG_LIST_DECISIONS) == 0)
        return 0;
    const char *list = gt.value + ns;
    if (c->only && strcmp(c->only, list) != 0)
        return 0;
    kg_scan *scan = kg_scan_open(c->view, 0, c->type, c->link_class, KG_GRAPHS_ONE, g);
    kg_quad q;
    while (scan && kg_scan_next(scan, &q)) {
        kg_term node;
        if (!kg_view_term(c->view, q.s, &node))
            continue;
        const char *hash = strstr(node.value, "#link-");
        if (!kg_grow(&c->v, &c->cap, c->n, sizeof *c->v, 64)) {
            c->nomem = true;
            break;
        }
        c->v[c->n++] = (found_link){g, q.s, list, hash ? strtoul(hash + 6, NULL, 10) : 0};
    }
    if (!scan)
        c->nomem = true;
    kg_scan_close(scan);
    return c->nomem;
}

static int by_list_then_order(const void *a, const void *b)
{
    const found_link *x = a, *y = b;
    int c = strcmp(x->list, y->list);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static kg_link_method method_from_name(const char *name)
{
    for (kg_link_method m = KG_LINK_NEW; m <= KG_LINK_ALIAS; m++)
        if (strcmp(kg_link_method_name(m), name) == 0)
            return m;
    return KG_LINK_NEW;
}

static size_t count_objects(kg_view *view, kg_id s, const char *p, kg_id g)
{
    kg_id pid = lookup(view, p);
    size_t n = 0;
    kg_scan *scan = pid ? kg_scan_open(view, s, pid, 0, KG_GRAPHS_ONE, g) : NULL;
    kg_quad q;
    while (scan && kg_scan_next(scan, &q))
        n++;
    kg_scan_close(scan);
    return n;
}

kg_status kg_links_list(kg_store *store, const char *list, kg_link_fn fn, void *ctx)
{
    kg_view *view = kg_store_view(store);
    if (!view)
        return kg_error_set(kg_store_error_mut(store), KG_ERR_NOMEM, NULL, "out of memory");
    collect c = {.view = view,
                 .only = list,
                 .type = lookup(view, KG_RDF "type"),
                 .link_class = lookup(view, KGI "EntityLink")};
    if (c.type && c.link_class)
        kg_view_graphs(view, collect_graph, &c);
    if (c.nomem) {
        free(c.v);
        return kg_error_set(kg_store_error_mut(store), KG_ERR_NOMEM, NULL, "out of memory");
    }
    qsort(c.v, c.n, sizeof *c.v, by_list_then_order);
    for (size_t i = 0; i < c.n; i++) {
        const found_link *f = &c.v[i];
        kg_term listed, entity, method, matched, label;
        if (!first_object(view, f->node, KGI "listedName", f->graph, &listed) ||
            !first_object(view, f->node, KGI "entity", f->graph, &entity) ||
            !first_object(view, f->node, KGI "method", f->graph, &method))
            continue;
        kg_id eid = kg_view_lookup(view, &entity);
        bool has_matched = first_object(view, f->node, KGI "matchedName", f->graph, &matched);
        bool has_label = first_object(view, eid, KG_RDFS "label", 0, &label);
        kg_link link = {.list = f->list,
                        .listed_name = listed.value,
                        .method = method_from_name(method.value),
                        .entity = &entity,
                        .entity_label = has_label ? label.value : NULL,
                        .matched = has_matched ? matched.value : NULL,
                        .candidates = count_objects(view, f->node, KGI "candidate", f->graph)};
        if (fn(ctx, &link))
            break;
    }
    free(c.v);
    return KG_OK;
}

/* What kg_links_unlink needs to know about a link, copied out of the view
 * before the store changes. */
typedef struct undo {
    char *entity, *file, *mapping;
    kg_link_method method;
} undo;

static kg_status find_link(kg_store *store, const char *list, const char *listed, undo *u)
{
    kg_error *err = kg_store_error_mut(store);
    kg_view *view = kg_store_view(store);
    char graph[1024];
    snprintf(graph, sizeof graph, KG_LIST_NS "%s", list);
    kg_id g = view ? lookup(view, graph) : 0;
    if (!g || !kg_view_graph_exists(view, g))
        return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "no list named \"%s\" was imported", list);
    kg_term name = kg_term_literal(listed, NULL, NULL), file, mapping;
    kg_id nid = kg_view_lookup(view, &name), pid = lookup(view, KGI "listedName");
    kg_scan *scan = nid && pid ? kg_scan_open(view, 0, pid, nid, KG_GRAPHS_ONE, g) : NULL;
    kg_quad q;
    bool found = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    if (!found)
        return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "the list \"%s\" has no name \"%s\"", list,
                            listed);
    kg_term entity, method;
    if (!first_object(view, q.s, KGI "entity", g, &entity) ||
        !first_object(view, q.s, KGI "method", g, &method) ||
        !first_object(view, g, KGI "file", g, &file) ||
        !first_object(view, g, KGI "mapping", g, &mapping))
        return kg_error_set(err, KG_ERR_CORRUPT, NULL,
                            "the link of \"%s\" in list \"%s\" is incomplete", listed, list);
    u->method = method_from_name(method.value);
    u->entity = strdup(entity.value);
    u->file = strdup(file.value);
    u->mapping = strdup(mapping.value);
    if (!u->entity || !u->file || !u->mapping)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    return KG_OK;
}

static kg_status record_rejection(kg_store *store, const char *list, const char *listed,
                                  const char *entity)
{
    char slug[512], eslug[512], node_iri[1400], label[1400];
    kg_name_slug(listed, slug, sizeof slug);
    kg_name_slug(entity + (strrchr(entity, '/') ? strrchr(entity, '/') - entity + 1 : 0), eslug,
                 sizeof eslug);
    snprintf(node_iri, sizeof node_iri, KG_LIST_DECISIONS "#not-%s--%s", slug, eslug);
    snprintf(label, sizeof label, "\"%s\" is not %s (link undone by a user)", listed, entity);
    kg_term g = kg_term_iri(KG_LIST_DECISIONS), node = kg_term_iri(node_iri);
    struct {
        const char *p;
        kg_term o;
    } quads[] = {
        {KG_RDF "type", kg_term_iri(KGI "RejectedLink")},
        {KG_RDFS "label", kg_term_literal(label, NULL, NULL)},
        {KGI "listedName", kg_term_literal(listed, NULL, NULL)},
        {KGI "entity", kg_term_iri(entity)},
        {KGI "list", kg_term_literal(list, NULL, NULL)},
    };
    kg_status st = KG_OK;
    for (size_t i = 0; st == KG_OK && i < sizeof quads / sizeof quads[0]; i++) {
        kg_term p = kg_term_iri(quads[i].p);
        st = kg_store_add(store, &node, &p, &quads[i].o, &g);
    }
    return st;
}

kg_status kg_links_unlink(kg_store *store, const char *list, const char *listed_name,
                          const kg_import_options *opts, kg_import_stats *stats)
{
    undo u = {0};
    kg_status st = kg_options_check(opts, KG_IMPORT_OPTIONS_VERSION, "kg_import_options",
                                    kg_store_error_mut(store));
    if (st == KG_OK)
        st = find_link(store, list, listed_name, &u);
    if (st == KG_OK && u.method == KG_LINK_NEW)
        st = kg_error_set(kg_store_error_mut(store), KG_ERR_INVALID, NULL,
                          "\"%s\" was not linked to an existing entity; nothing to undo",
                          listed_name);
    bool own = st == KG_OK && !kg_store_in_transaction(store);
    uint64_t mark = st == KG_OK && !own ? kg_store_mark(store) : 0;
    if (own)
        st = kg_store_begin(store);
    bool begun = st == KG_OK;
    if (st == KG_OK)
        st = record_rejection(store, list, listed_name, u.entity);
    if (st == KG_OK) {
        kg_import_options again = KG_IMPORT_OPTIONS_INIT;
        again.name = list;
        again.mapping_path = u.mapping;
        if (opts) {
            again.note = opts->note;
            again.note_ctx = opts->note_ctx;
        }
        st = kg_import_list(store, u.file, &again, stats);
    }
    if (begun && own) {
        if (st == KG_OK)
            st = kg_store_commit(store);
        else
            kg_store_rollback(store);
    } else if (begun && st != KG_OK) {
        kg_store_undo_to(store, mark);
    }
    free(u.entity);
    free(u.file);
    free(u.mapping);
    return st;
}
