/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/resolve.c - from what a user types to the entities it names: an
 * IRI, a prefixed name with the store's prefixes, or a label or other name
 * (case-insensitive, whole first, then contained; of contained matches, the
 * one the others are named after). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explore/explore_impl.h"

typedef struct prefix_find {
    const char *text;
    size_t prefix_len;
    char *iri; /* malloc'd expansion */
} prefix_find;

static int expand_prefix(void *ctx, const char *prefix, const char *iri)
{
    prefix_find *f = ctx;
    if (strlen(prefix) != f->prefix_len || strncmp(prefix, f->text, f->prefix_len) != 0)
        return 0;
    const char *local = f->text + f->prefix_len + 1;
    size_t len = strlen(iri) + strlen(local) + 1;
    f->iri = malloc(len);
    if (f->iri)
        snprintf(f->iri, len, "%s%s", iri, local);
    return 1;
}

/* The IRI text spells, when it spells one: <...>, scheme:... or prefix:... */
static char *iri_of(kg_store *store, const char *text)
{
    size_t len = strlen(text);
    if (len >= 2 && text[0] == '<' && text[len - 1] == '>')
        return strndup(text + 1, len - 2);
    const char *colon = strchr(text, ':');
    if (!colon || strchr(text, ' '))
        return NULL;
    prefix_find f = {text, (size_t)(colon - text), NULL};
    kg_store_prefixes(store, expand_prefix, &f);
    if (f.iri)
        return f.iri;
    return strstr(text, "://") || strncmp(text, "urn:", 4) == 0 ? strdup(text) : NULL;
}

static const kg_vocab name_properties[] = {V_LABEL, V_PREF_LABEL, V_ALT_LABEL, V_HIDDEN_LABEL};

/* Subjects of a name property whose value equals (or, when contains, holds)
 * text, ignoring ASCII case. */
static void match_names(kg_xctx *x, const char *text, bool contains, kg_idtab *found)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < sizeof name_properties / sizeof *name_properties; i++) {
        kg_id p = x->v[name_properties[i]];
        kg_scan *scan = p ? kg_xscan(x, 0, p, 0) : NULL;
        kg_quad q;
        while (scan && kg_scan_next(scan, &q)) {
            kg_term t;
            if (!kg_view_term(x->view, q.o, &t) || t.kind != KG_TERM_LITERAL)
                continue;
            bool hit = contains ? strcasestr(t.value, text) != NULL
                                : t.value_len == len && strncasecmp(t.value, text, len) == 0;
            if (hit)
                kg_idtab_put(found, &q.s, NULL);
        }
        kg_scan_close(scan);
    }
}

static int node_cmp(const void *a, const void *b)
{
    const kg_node *x = a, *y = b;
    int c = strcasecmp(x->label ? x->label : x->term.value, y->label ? y->label : y->term.value);
    return c ? c : strcmp(x->term.value, y->term.value);
}

/* The match whose label every other match's label contains (the others
 * are named after it: its post, plans, post holdings), or n when there is
 * no such single match. */
static size_t named_after(const kg_node *items, size_t n)
{
    size_t found = n;
    for (size_t i = 0; i < n && n > 1; i++) {
        bool all = items[i].label != NULL;
        for (size_t j = 0; all && j < n; j++)
            all = j == i || (items[j].label && strcasestr(items[j].label, items[i].label));
        if (all && found != n)
            return n; /* two such (equal labels): still ambiguous */
        if (all)
            found = i;
    }
    return found;
}

kg_status kg_resolve(kg_matches **out, kg_store *store, const char *text)
{
    *out = NULL;
    kg_explore_arena *ea;
    kg_matches *m = kg_xresult_new(sizeof *m, &ea);
    if (!m)
        return KG_ERR_NOMEM;
    m->arena_ = ea;
    kg_xctx x;
    kg_status status = kg_xctx_open(&x, store, ea->arena);
    kg_idtab *found = kg_idtab_new(1);
    if (status == KG_OK && !found)
        status = kg_xctx_nomem(&x);
    char *iri = status == KG_OK ? iri_of(store, text) : NULL;
    if (iri) {
        kg_term t = kg_term_iri(iri);
        kg_id id = kg_xlookup(&x, &t);
        if (id)
            kg_idtab_put(found, &id, NULL);
        free(iri);
    }
    if (status == KG_OK && kg_idtab_count(found) == 0)
        match_names(&x, text, false, found);
    bool contained = status == KG_OK && kg_idtab_count(found) == 0 && *text;
    if (contained)
        match_names(&x, text, true, found);
    size_t n = status == KG_OK ? kg_idtab_count(found) : 0;
    kg_node *items = n ? kg_arena_alloc(ea->arena, n * sizeof *items) : NULL;
    if (n && !items)
        status = kg_xctx_nomem(&x);
    for (size_t i = 0; status == KG_OK && i < n; i++) {
        const kg_node *node = kg_xnode(&x, kg_idtab_key(found, (uint32_t)i)[0]);
        if (!node)
            status = kg_xctx_nomem(&x);
        else
            items[i] = *node;
    }
    kg_idtab_free(found);
    kg_xctx_close(&x);
    if (status != KG_OK) {
        kg_xresult_free(ea);
        return status;
    }
    size_t named = contained ? named_after(items, n) : n;
    if (named < n) {
        items[0] = items[named];
        n = 1;
    }
    if (n)
        qsort(items, n, sizeof *items, node_cmp);
    m->items = items;
    m->n = n;
    *out = m;
    return KG_OK;
}

void kg_matches_free(kg_matches *matches)
{
    if (matches)
        kg_xresult_free(matches->arena_);
}
