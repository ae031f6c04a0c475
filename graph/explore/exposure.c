/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/exposure.c - which companies are sanctioned, or connected to a
 * sanctioned entity, and how.
 *
 * A sanctioned entity is one a kg:sanctions (or kg:subjectOf) sanction node
 * or a kg:sanctionedBy link names. From each of them a breadth-first search
 * follows ownership links (kg:subsidiaryOf, kg:parentOf and their
 * sub-properties) in one direction per chain: down to what the sanctioned
 * entity owns, however deep, or up to what owns it; never down and then up,
 * which would make sister companies "exposed" to each other through a
 * shared parent. At most one other declared relationship (kg:partnersWith,
 * kg:signedWith, kg:foundedBy and their sub-properties) may join a chain:
 * one is enough to say who a company deals with, while two would tie every
 * company that signed with the same agency to each other. Each company
 * reached gets the shortest chain, preferring ownership-only chains. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "explore/explore_impl.h"
#include "kg/grow.h"

enum { DEFAULT_MAX_HOPS = 12 };
#define NO_STATE UINT32_MAX

typedef struct sanctioned {
    kg_id entity;
    kg_sanction *items;
    size_t n;
} sanctioned;

typedef struct expo {
    kg_xctx *x;
    const char *as_of; /* only sanctions in force then, or NULL */
    /* relationship properties: (child owned_by parent), (parent owns
     * child), and the other declared relationships */
    kg_idtab *owned_by, *owns, *other;
    kg_idtab *entity_index;      /* sanctioned entity -> index into ents */
    sanctioned *ents;
    size_t n_ents, cap_ents;
    kg_exposure *out;
    size_t n_out, cap_out;
} expo;

/* ---- sanctions ---- */

static const char *name_or_null(kg_xctx *x, kg_id id)
{
    return id ? kg_xname(x, id) : NULL;
}

static sanctioned *entity_slot(expo *e, kg_id entity)
{
    uint32_t index;
    int added = kg_idtab_put(e->entity_index, &entity, &index);
    if (added < 0)
        return NULL;
    if (added) {
        if (!kg_grow(&e->ents, &e->cap_ents, e->n_ents, sizeof *e->ents, 16))
            return NULL;
        e->ents[e->n_ents++] = (sanctioned){entity, NULL, 0};
    }
    return &e->ents[index];
}

/* Records one sanction: node (0 when bare) on entity, stated by the triple
 * (ts tp to), with authority when bare. */
static kg_status add_sanction(expo *e, kg_id node, kg_id entity, kg_id ts, kg_id tp, kg_id to,
                              kg_id bare_authority)
{
    kg_xctx *x = e->x;
    if (node && e->as_of &&
        !kg_in_force(kg_xvalue(x, kg_xobject(x, node, x->v[V_START_DATE])),
                     kg_xvalue(x, kg_xobject(x, node, x->v[V_END_DATE])), e->as_of))
        return KG_OK;
    sanctioned *slot = entity_slot(e, entity);
    if (!slot)
        return kg_xctx_nomem(x);
    for (size_t i = 0; i < slot->n; i++)
        if (node && slot->items[i].node.term.kind != KG_TERM_NONE &&
            kg_xlookup(x, &slot->items[i].node.term) == node)
            return KG_OK; /* stated both as kg:sanctions and kg:subjectOf */
    kg_sanction *grown = kg_arena_alloc(x->arena, (slot->n + 1) * sizeof *grown);
    if (!grown)
        return kg_xctx_nomem(x);
    if (slot->n)
        memcpy(grown, slot->items, slot->n * sizeof *grown);
    slot->items = grown;
    kg_sanction *s = &grown[slot->n++];
    memset(s, 0, sizeof *s);
    const kg_node *en = kg_xnode(x, entity);
    if (!en)
        return kg_xctx_nomem(x);
    s->entity = *en;
    if (node) {
        const kg_node *sn = kg_xnode(x, node);
        if (!sn)
            return kg_xctx_nomem(x);
        s->node = *sn;
        s->kind_label = sn->class_label;
        s->authority = name_or_null(x, kg_xobject(x, node, x->v[V_AUTHORITY]));
        s->programme = name_or_null(x, kg_xobject(x, node, x->v[V_PROGRAMME]));
        s->start_date = kg_xvalue(x, kg_xobject(x, node, x->v[V_START_DATE]));
        s->end_date = kg_xvalue(x, kg_xobject(x, node, x->v[V_END_DATE]));
        s->reason = kg_xvalue(x, kg_xobject(x, node, x->v[V_REASON]));
    } else {
        s->authority = name_or_null(x, bare_authority);
    }
    return kg_xevidence(x, ts, tp, to, &s->evidence, &s->n_evidence);
}

static kg_status find_sanctions(expo *e)
{
    kg_xctx *x = e->x;
    static const kg_vocab kinds[] = {V_SANCTIONS, V_SUBJECT_OF, V_SANCTIONED_BY};
    kg_status status = KG_OK;
    for (size_t k = 0; status == KG_OK && k < 3; k++) {
        kg_id p = x->v[kinds[k]];
        kg_scan *scan = p ? kg_xscan(x, 0, p, 0) : NULL;
        kg_quad q;
        while (status == KG_OK && scan && kg_scan_next(scan, &q)) {
            if (kinds[k] == V_SANCTIONS)
                status = add_sanction(e, q.s, q.o, q.s, q.p, q.o, 0);
            else if (kinds[k] == V_SUBJECT_OF)
                status = add_sanction(e, q.o, q.s, q.s, q.p, q.o, 0);
            else
                status = add_sanction(e, 0, q.s, q.s, q.p, q.o, q.o);
        }
        kg_scan_close(scan);
    }
    return status;
}

/* ---- relationships ---- */

/* The properties and everything declared below them (rdfs:subPropertyOf). */
static kg_idtab *property_family(kg_xctx *x, const kg_vocab *roots, size_t n)
{
    kg_id ids[8];
    for (size_t i = 0; i < n; i++)
        ids[i] = x->v[roots[i]];
    return kg_xsubproperties(x, ids, n);
}

/* ---- the search ---- */

typedef struct state {
    kg_id node;
    unsigned dist;
    uint32_t prev; /* state index, NO_STATE at the start */
    kg_id p;
    bool forward;  /* the triple is (prev p node) */
} state;

/* Which way a chain has gone through ownership so far. */
enum { DIR_NONE, DIR_DOWN, DIR_UP };
/* Which triples expand() follows from a node: (node p ?) or (? p node). */
enum { FOLLOW_FORWARD = 1, FOLLOW_BACKWARD = 2 };

typedef struct bfs {
    kg_idtab *index; /* (node, others used, ownership direction) -> state */
    state *v;
    size_t cap;
} bfs;

static bool reach(bfs *b, kg_id node, unsigned others, unsigned dir, const state *from)
{
    kg_id key[3] = {node, others, dir};
    uint32_t i;
    int added = kg_idtab_put(b->index, key, &i);
    if (added <= 0)
        return added == 0;
    if (!kg_grow(&b->v, &b->cap, i, sizeof *b->v, 64))
        return false;
    b->v[i] = *from;
    b->v[i].node = node;
    return true;
}

/* Expands one state along the properties of one family, following the
 * triples `follow` asks for; the states reached are keyed (others, dir). */
static bool expand(kg_xctx *x, bfs *b, uint32_t si, kg_idtab *family, int follow,
                   unsigned others, unsigned dir)
{
    kg_id node = b->v[si].node;
    unsigned dist = b->v[si].dist;
    for (uint32_t f = 0; f < kg_idtab_count(family); f++) {
        kg_id p = kg_idtab_key(family, f)[0];
        for (int forward = 1; forward >= 0; forward--) {
            if (!(follow & (forward ? FOLLOW_FORWARD : FOLLOW_BACKWARD)))
                continue;
            kg_scan *scan = forward ? kg_xscan(x, node, p, 0) : kg_xscan(x, 0, p, node);
            if (!scan)
                return false;
            kg_quad q;
            bool ok = true;
            while (ok && kg_scan_next(scan, &q)) {
                kg_id other = forward ? q.o : q.s;
                kg_term t;
                if (!kg_view_term(x->view, other, &t) || t.kind != KG_TERM_IRI)
                    continue;
                state next = {other, dist + 1, si, p, forward != 0};
                ok = reach(b, other, others, dir, &next);
            }
            kg_scan_close(scan);
            if (!ok)
                return false;
        }
    }
    return true;
}

/* Fills the chain from the state back to the sanctioned entity. */
static kg_status chain_of(kg_xctx *x, const bfs *b, uint32_t si, kg_exposure *ex)
{
    unsigned n = b->v[si].dist;
    kg_hop *hops = kg_arena_alloc(x->arena, (n ? n : 1) * sizeof *hops);
    if (!hops)
        return kg_xctx_nomem(x);
    unsigned k = 0;
    for (uint32_t s = si; b->v[s].prev != NO_STATE; s = b->v[s].prev) {
        const state *st = &b->v[s];
        /* searched from the sanctioned entity, shown from the company */
        kg_status status = kg_xhop(x, st->node, st->p, b->v[st->prev].node, !st->forward, &hops[k++]);
        if (status != KG_OK)
            return status;
    }
    ex->chain = hops;
    ex->n_chain = n;
    return KG_OK;
}

static kg_status add_exposure(expo *e, const sanctioned *sn, const bfs *b, uint32_t si,
                              kg_exposure_kind kind)
{
    if (!kg_grow(&e->out, &e->cap_out, e->n_out, sizeof *e->out, 16))
        return kg_xctx_nomem(e->x);
    kg_exposure *ex = &e->out[e->n_out++];
    memset(ex, 0, sizeof *ex);
    ex->kind = kind;
    /* copies: a node pointer lasts only until the next kg_xnode */
    const kg_node *company = kg_xnode(e->x, b->v[si].node);
    if (!company)
        return kg_xctx_nomem(e->x);
    ex->company = *company;
    const kg_node *target = kg_xnode(e->x, sn->entity);
    if (!target)
        return kg_xctx_nomem(e->x);
    ex->sanctioned = *target;
    ex->sanctions = sn->items;
    ex->n_sanctions = sn->n;
    return kind == KG_EXPOSURE_DIRECT ? KG_OK : chain_of(e->x, b, si, ex);
}

/* Searches from one sanctioned entity; adds an exposure for each company
 * reached (or only for `only` when it is not 0). */
static kg_status search_from(expo *e, const sanctioned *sn, unsigned max_hops, kg_id only,
                             bool company_only)
{
    kg_xctx *x = e->x;
    bfs b = {kg_idtab_new(3), NULL, 0};
    state start = {sn->entity, 0, NO_STATE, 0, false};
    if (!b.index || !reach(&b, sn->entity, 0, DIR_NONE, &start)) {
        kg_idtab_free(b.index);
        return kg_xctx_nomem(x);
    }
    kg_status status = KG_OK;
    for (uint32_t i = 0; status == KG_OK && i < kg_idtab_count(b.index); i++) {
        if (b.v[i].dist >= max_hops)
            continue;
        const kg_id *key = kg_idtab_key(b.index, i);
        unsigned others = key[1], dir = key[2];
        bool ok = true;
        if (dir != DIR_UP) /* down: what this node owns */
            ok = expand(x, &b, i, e->owned_by, FOLLOW_BACKWARD, others, DIR_DOWN) &&
                 expand(x, &b, i, e->owns, FOLLOW_FORWARD, others, DIR_DOWN);
        if (ok && dir != DIR_DOWN) /* up: what owns this node */
            ok = expand(x, &b, i, e->owned_by, FOLLOW_FORWARD, others, DIR_UP) &&
                 expand(x, &b, i, e->owns, FOLLOW_BACKWARD, others, DIR_UP);
        if (ok && others == 0)
            ok = expand(x, &b, i, e->other, FOLLOW_FORWARD | FOLLOW_BACKWARD, 1, dir);
        if (!ok)
            status = kg_xctx_nomem(x);
    }
    /* each company once: the first (shortest, ownership-only first) state */
    kg_idtab *done = status == KG_OK ? kg_idtab_new(1) : NULL;
    if (status == KG_OK && !done)
        status = kg_xctx_nomem(x);
    for (int others = 0; status == KG_OK && others <= 1; others++)
        for (uint32_t i = 0; status == KG_OK && i < kg_idtab_count(b.index); i++) {
            kg_id node = b.v[i].node;
            if (kg_idtab_key(b.index, i)[1] != (kg_id)others || (only && node != only))
                continue;
            bool direct = i == 0;
            bool company = x->v[V_COMPANY] && kg_xinstance_of(x, node, x->v[V_COMPANY]);
            if (!company && (company_only || !only))
                continue;
            int fresh = kg_idtab_put(done, &node, NULL);
            if (fresh < 0)
                status = kg_xctx_nomem(x);
            else if (fresh)
                status = add_exposure(e, sn, &b, i,
                                      direct   ? KG_EXPOSURE_DIRECT
                                      : others ? KG_EXPOSURE_RELATED
                                               : KG_EXPOSURE_OWNERSHIP);
        }
    kg_idtab_free(done);
    kg_idtab_free(b.index);
    free(b.v);
    return status;
}

static int exposure_cmp(const void *a, const void *b)
{
    const kg_exposure *x = a, *y = b;
    const char *lx = x->company.label ? x->company.label : x->company.term.value;
    const char *ly = y->company.label ? y->company.label : y->company.term.value;
    int c = strcasecmp(lx, ly);
    if (c)
        return c;
    if (x->n_chain != y->n_chain)
        return x->n_chain < y->n_chain ? -1 : 1;
    return strcmp(x->sanctioned.term.value, y->sanctioned.term.value);
}

kg_status kg_exposure_find(kg_exposure_list **out, kg_store *store, const kg_term *entity,
                           const kg_exposure_options *opts)
{
    *out = NULL;
    kg_exposure_options defaults = KG_EXPOSURE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    kg_status vs = kg_options_check(opts, KG_EXPOSURE_OPTIONS_VERSION, "kg_exposure_options",
                                    kg_store_error_mut(store));
    if (vs != KG_OK)
        return vs;
    kg_explore_arena *ea;
    kg_exposure_list *list = kg_xresult_new(sizeof *list, &ea);
    if (!list)
        return KG_ERR_NOMEM;
    list->arena_ = ea;
    kg_xctx x;
    expo e = {0};
    e.x = &x;
    e.as_of = opts->version >= 2 ? opts->as_of : NULL;
    kg_status status = kg_xctx_open(&x, store, ea->arena);
    if (status == KG_OK && e.as_of && (!kg_date_valid(e.as_of) || e.as_of[0] == '-'))
        status = kg_error_set(kg_store_error_mut(store), KG_ERR_INVALID, NULL,
                              "\"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", e.as_of);
    kg_id only = 0;
    if (status == KG_OK && entity)
        status = kg_xentity(&x, entity, &only);
    static const kg_vocab owned_by[] = {V_SUBSIDIARY_OF}, owns[] = {V_PARENT_OF};
    static const kg_vocab other[] = {V_PARTNERS_WITH, V_SIGNED_WITH, V_FOUNDED_BY};
    if (status == KG_OK) {
        e.owned_by = property_family(&x, owned_by, 1);
        e.owns = property_family(&x, owns, 1);
        e.other = property_family(&x, other, 3);
        e.entity_index = kg_idtab_new(1);
        if (!e.owned_by || !e.owns || !e.other || !e.entity_index)
            status = kg_xctx_nomem(&x);
    }
    if (status == KG_OK)
        status = find_sanctions(&e);
    unsigned max_hops = opts->max_hops ? opts->max_hops : DEFAULT_MAX_HOPS;
    for (size_t i = 0; status == KG_OK && i < e.n_ents; i++)
        status = search_from(&e, &e.ents[i], max_hops, only, !entity || opts->company_only);
    if (status == KG_OK && e.n_out) {
        qsort(e.out, e.n_out, sizeof *e.out, exposure_cmp);
        kg_exposure *items = kg_arena_alloc(ea->arena, e.n_out * sizeof *items);
        if (!items)
            status = kg_xctx_nomem(&x);
        else {
            memcpy(items, e.out, e.n_out * sizeof *items);
            list->items = items;
            list->n = e.n_out;
        }
    }
    free(e.out);
    free(e.ents);
    kg_idtab_free(e.owned_by);
    kg_idtab_free(e.owns);
    kg_idtab_free(e.other);
    kg_idtab_free(e.entity_index);
    kg_xctx_close(&x);
    if (status != KG_OK) {
        kg_xresult_free(ea);
        return status;
    }
    *out = list;
    return KG_OK;
}

void kg_exposure_list_free(kg_exposure_list *list)
{
    if (list)
        kg_xresult_free(list->arena_);
}
