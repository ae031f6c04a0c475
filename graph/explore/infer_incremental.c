/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/infer_incremental.c - bringing the inferred graph up to date at
 * a commit from what the transaction added, without recomputing the
 * closure of the whole store.
 *
 * Before the transaction the store held a closure: the asserted triples
 * and, in KG_INFERRED_GRAPH, everything the rules derive from them. When a
 * transaction only adds triples, the new closure is the old one plus what
 * the rules derive with at least one new premise (semi-naive evaluation):
 * a worklist starts from the added triples, joins each one with the store
 * (asserted and inferred triples together, the old closure) and with the
 * triples it has derived so far, and keeps what is in neither. An added
 * triple that the inferred graph already held leaves it, since it is now
 * asserted.
 *
 * Removing a triple a rule reads, changing an axiom of the schema
 * (subclass, subproperty, inverse, transitive, symmetric, property chain),
 * or adding or deriving a triple of a property that is part of a chain
 * (the worklist does not join chains; sanctions are few) makes
 * kg_infer_update fall back to the full recomputation: deleting
 * consequences would need every other derivation of each, and such
 * changes are rare next to loads. Removals no rule reads (labels,
 * sentences, most of an article) stay incremental. */
#include <stdlib.h>
#include <string.h>

#include "explore/explore_impl.h"
#include "kg/grow.h"

enum { SIDE_S = 0, SIDE_O = 1, NONE = UINT32_MAX };

typedef struct delta {
    kg_xctx *x;
    kg_idtab *facts;   /* added and derived triples (s, p, o), in worklist order */
    uint32_t n_seeds;  /* facts[0 .. n_seeds) are the added ones, in the store */
    kg_idtab *adj;     /* (side, p, node) -> list head, for derived facts */
    uint32_t *heads;
    size_t cap_heads;
    uint32_t (*next)[2]; /* per fact: the next older fact of its lists */
    size_t cap_next;
    bool nomem;
    bool has_chains; /* the store holds an owl:propertyChainAxiom */
    bool in_chain;   /* a fact of a chain's property was met: recompute in full */
} delta;

static void delta_free(delta *d)
{
    kg_idtab_free(d->facts);
    kg_idtab_free(d->adj);
    free(d->heads);
    free(d->next);
}

/* (s p o) in any graph of the store, the inferred one included. */
static bool in_store(kg_xctx *x, kg_id s, kg_id p, kg_id o)
{
    kg_scan *scan = kg_scan_open(x->view, s, p, o, KG_GRAPHS_UNION, KG_GRAPH_DEFAULT);
    kg_quad q;
    bool found = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return found;
}

static bool link_fact(delta *d, int side, kg_id p, kg_id node, uint32_t fact)
{
    kg_id key[3] = {(kg_id)side, p, node};
    uint32_t index;
    int added = kg_idtab_put(d->adj, key, &index);
    if (added < 0)
        return false;
    if (!kg_grow(&d->heads, &d->cap_heads, index, sizeof *d->heads, 256))
        return false;
    d->next[fact][side] = added ? NONE : d->heads[index];
    d->heads[index] = fact;
    return true;
}

/* Adds a fact to the worklist unless known. Derived facts must not be in
 * the store; seeds are. */
static void add(delta *d, kg_id s, kg_id p, kg_id o, bool seed)
{
    if (d->nomem || (!seed && in_store(d->x, s, p, o)))
        return;
    kg_id t[3] = {s, p, o};
    uint32_t index;
    int added = kg_idtab_put(d->facts, t, &index);
    if (added <= 0) {
        d->nomem = added < 0;
        return;
    }
    if (!kg_grow(&d->next, &d->cap_next, index, sizeof *d->next, 256)) {
            d->nomem = true;
            return;
        }
    d->next[index][0] = d->next[index][1] = NONE;
    if (seed)
        d->n_seeds = index + 1;
    else if (!link_fact(d, SIDE_S, p, s, index) || !link_fact(d, SIDE_O, p, o, index))
        d->nomem = true;
}

static uint32_t list_head(const delta *d, int side, kg_id p, kg_id node)
{
    kg_id key[3] = {(kg_id)side, p, node};
    uint32_t index;
    return kg_idtab_find(d->adj, key, &index) ? d->heads[index] : NONE;
}

/* Calls each(d, t, a, b) for every (a b) such that (a b) completes a store
 * triple with the given pattern: the store's triples matching (s p o), and
 * the derived ones with the same p and the bound side. Exactly one of s
 * and o is bound. */
typedef void (*match_fn)(delta *d, const kg_id *t, kg_id a, kg_id b);

static void each_match(delta *d, kg_id s, kg_id p, kg_id o, const kg_id *t, match_fn fn)
{
    kg_scan *scan = kg_scan_open(d->x->view, s, p, o, KG_GRAPHS_UNION, KG_GRAPH_DEFAULT);
    if (!scan) {
        d->nomem = true;
        return;
    }
    kg_quad q;
    kg_id seen_s = 0, seen_o = 0;
    while (!d->nomem && kg_scan_next(scan, &q)) {
        if (q.s == seen_s && q.o == seen_o)
            continue; /* the union gives each triple once, but be sure */
        seen_s = q.s, seen_o = q.o;
        fn(d, t, q.s, q.o);
    }
    kg_scan_close(scan);
    int side = s ? SIDE_S : SIDE_O;
    for (uint32_t f = list_head(d, side, p, s ? s : o); !d->nomem && f != NONE;
         f = d->next[f][side]) {
        const kg_id *u = kg_idtab_key(d->facts, f);
        fn(d, t, u[0], u[2]);
    }
}

/* The rules of closure.c, with one premise t and the others looked up. */
static void subclass(delta *d, const kg_id *t, kg_id sub, kg_id super)
{
    (void)sub;
    add(d, t[0], t[1], super, false);
}

static void subproperty(delta *d, const kg_id *t, kg_id sub, kg_id super)
{
    (void)sub;
    add(d, t[0], super, t[2], false);
}

static void inverse_forward(delta *d, const kg_id *t, kg_id p, kg_id q)
{
    (void)p;
    add(d, t[2], q, t[0], false);
}

static void inverse_backward(delta *d, const kg_id *t, kg_id q, kg_id p)
{
    (void)p;
    add(d, t[2], q, t[0], false);
}

static void transitive_after(delta *d, const kg_id *t, kg_id o, kg_id z)
{
    (void)o;
    add(d, t[0], t[1], z, false);
}

static void transitive_before(delta *d, const kg_id *t, kg_id w, kg_id s)
{
    (void)s;
    add(d, w, t[1], t[2], false);
}

static bool declared(kg_xctx *x, kg_id p, kg_vocab what)
{
    return x->v[V_TYPE] && x->v[what] && in_store(x, p, x->v[V_TYPE], x->v[what]);
}

/* p is listed in some rdf:list of the store: over-approximates "p is a
 * property of a chain axiom", which only costs a full recomputation. */
static bool chain_member(kg_xctx *x, kg_id p)
{
    return x->v[V_FIRST] && kg_xhas(x, 0, x->v[V_FIRST], p);
}

static void apply(delta *d, uint32_t i)
{
    kg_xctx *x = d->x;
    kg_id t[3];
    memcpy(t, kg_idtab_key(d->facts, i), sizeof t);
    kg_id s = t[0], p = t[1], o = t[2];
    if (d->has_chains && chain_member(x, p)) {
        d->in_chain = true;
        return;
    }
    kg_term object;
    bool swappable = p != x->v[V_TYPE] && kg_view_term(x->view, o, &object) &&
                     object.kind != KG_TERM_LITERAL;
    if (p == x->v[V_TYPE] && x->v[V_SUBCLASS_OF])
        each_match(d, o, x->v[V_SUBCLASS_OF], 0, t, subclass);
    if (x->v[V_SUBPROPERTY_OF])
        each_match(d, p, x->v[V_SUBPROPERTY_OF], 0, t, subproperty);
    if (swappable && x->v[V_INVERSE_OF]) {
        each_match(d, p, x->v[V_INVERSE_OF], 0, t, inverse_forward);
        each_match(d, 0, x->v[V_INVERSE_OF], p, t, inverse_backward);
    }
    if (swappable && declared(x, p, V_SYMMETRIC))
        add(d, o, p, s, false);
    if (declared(x, p, V_TRANSITIVE)) {
        each_match(d, o, p, 0, t, transitive_after);
        each_match(d, 0, p, s, t, transitive_before);
    }
}

/* True when the quad is an axiom of the schema the rules use. */
static bool is_axiom(const kg_xctx *x, const kg_quad *q)
{
    if (!q->p)
        return false;
    if (q->p == x->v[V_SUBCLASS_OF] || q->p == x->v[V_SUBPROPERTY_OF] ||
        q->p == x->v[V_INVERSE_OF])
        return true;
    if (q->p == x->v[V_CHAIN])
        return true;
    return q->p == x->v[V_TYPE] && q->o &&
           (q->o == x->v[V_TRANSITIVE] || q->o == x->v[V_SYMMETRIC]);
}

/* True when some rule reads the (asserted) triple: its class has a
 * superclass, or its property takes part in an axiom. */
static bool rules_read(kg_xctx *x, const kg_quad *q)
{
    if (q->p == x->v[V_TYPE])
        return x->v[V_SUBCLASS_OF] && kg_xobject(x, q->o, x->v[V_SUBCLASS_OF]);
    return (x->v[V_SUBPROPERTY_OF] && kg_xobject(x, q->p, x->v[V_SUBPROPERTY_OF])) ||
           (x->v[V_INVERSE_OF] && (kg_xobject(x, q->p, x->v[V_INVERSE_OF]) ||
                                   kg_xhas(x, 0, x->v[V_INVERSE_OF], q->p))) ||
           declared(x, q->p, V_TRANSITIVE) || declared(x, q->p, V_SYMMETRIC) ||
           (x->v[V_CHAIN] && kg_xhas(x, 0, x->v[V_CHAIN], 0) && chain_member(x, q->p));
}

/* Decides whether the transaction's changes can be followed incrementally
 * and, when they can, seeds the worklist with the added triples. */
static bool seed(delta *d)
{
    kg_xctx *x = d->x;
    kg_id inferred = x->v[V_INFERRED_GRAPH];
    kg_quad batch[256];
    for (int removed = 0; removed <= 1; removed++) {
        size_t got;
        for (uint64_t i = 0; !d->nomem && (got = kg_view_changes(x->view, removed, i, batch, 256));
             i += got)
            for (size_t j = 0; j < got && !d->nomem; j++) {
                const kg_quad *q = &batch[j];
                if (inferred && q->g == inferred)
                    return false; /* a user's own change to the inferred graph */
                if (is_axiom(x, q))
                    return false;
                if (removed && rules_read(x, q))
                    return false;
                if (!removed)
                    add(d, q->s, q->p, q->o, true);
            }
    }
    return !d->nomem;
}

/* Writes the outcome: derived facts into the inferred graph, and added
 * triples out of it. Reads of the view end before the first write, which
 * would make the view rebuild the transaction. */
static kg_status write_outcome(delta *d, kg_infer_stats *stats)
{
    kg_xctx *x = d->x;
    kg_store *store = x->store;
    kg_id g = x->v[V_INFERRED_GRAPH];
    size_t n = kg_idtab_count(d->facts), n_stale = 0;
    kg_quad *stale = NULL;
    if (g && d->n_seeds) {
        stale = malloc(d->n_seeds * sizeof *stale);
        if (!stale)
            return kg_xctx_nomem(x);
        for (uint32_t i = 0; i < d->n_seeds; i++) {
            const kg_id *t = kg_idtab_key(d->facts, i);
            kg_quad q = {t[0], t[1], t[2], g};
            kg_scan *scan = kg_scan_open(x->view, t[0], t[1], t[2], KG_GRAPHS_ONE, g);
            kg_quad found;
            if (scan && kg_scan_next(scan, &found))
                stale[n_stale++] = q;
            kg_scan_close(scan);
        }
    }
    kg_status status = KG_OK;
    for (size_t i = 0; status == KG_OK && i < n_stale; i++)
        status = kg_store_remove_ids(store, &stale[i]);
    free(stale);
    stats->removed = n_stale;
    if (status == KG_OK && n > d->n_seeds && !g) {
        kg_term graph = kg_term_iri(KG_INFERRED_GRAPH);
        if (!(g = kg_store_intern(store, &graph)))
            return kg_store_error(store)->status;
    }
    for (uint32_t i = d->n_seeds; status == KG_OK && i < n; i++) {
        const kg_id *t = kg_idtab_key(d->facts, i);
        kg_quad q = {t[0], t[1], t[2], g};
        status = kg_store_add_ids(store, &q);
        stats->added++;
    }
    return status;
}

kg_status kg_infer_update(kg_xctx *x, bool *done, kg_infer_stats *stats)
{
    *done = false;
    delta d = {.x = x, .facts = kg_idtab_new(3), .adj = kg_idtab_new(3)};
    d.has_chains = x->v[V_CHAIN] && kg_xhas(x, 0, x->v[V_CHAIN], 0);
    kg_status status = KG_OK;
    if (!d.facts || !d.adj)
        status = kg_xctx_nomem(x);
    else if (seed(&d)) {
        for (uint32_t i = 0; !d.nomem && !d.in_chain && i < kg_idtab_count(d.facts); i++) {
            if ((i & 0xfff) == 0 && kg_store_interrupted(x->store)) {
                delta_free(&d);
                return KG_ERR_INTERRUPTED;
            }
            apply(&d, i);
        }
        if (d.nomem)
            status = kg_xctx_nomem(x);
        else if (!d.in_chain) {
            status = write_outcome(&d, stats);
            *done = true;
        }
    } else if (d.nomem) {
        status = kg_xctx_nomem(x);
    }
    delta_free(&d);
    return status;
}
