/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/closure.c - the inference rules of kg/explore.h run to a fixpoint
 * over the asserted triples, in memory.
 *
 * The schema (rdfs:subClassOf, rdfs:subPropertyOf, owl:inverseOf and
 * two-property owl:propertyChainAxiom axioms, and the owl:TransitiveProperty /
 * owl:SymmetricProperty declarations) is read
 * from the asserted triples first; then every asserted triple a rule can
 * use is loaded, and a worklist applies the rules to each triple once, in
 * order (semi-naive evaluation). A derived triple remembers its rule and
 * premises, which always have smaller numbers, so a derivation never goes
 * round in circles and kg_why can print it.
 *
 * Transitive joins and schema lookups use adjacency lists: for each
 * (side, property, node) the newest fact with that subject (side 0) or
 * object (side 1), each fact linking to the next older one. New facts go at
 * the head, so a list being walked never changes under the walker. */
#include <stdlib.h>
#include <string.h>

#include "explore/explore_impl.h"
#include "kg/grow.h"

enum { SIDE_S = 0, SIDE_O = 1, NONE = UINT32_MAX };

const char *kg_rule_name(kg_rule rule)
{
    switch (rule) {
    case KG_RULE_SUBCLASS:
        return "rdfs:subClassOf";
    case KG_RULE_SUBPROPERTY:
        return "rdfs:subPropertyOf";
    case KG_RULE_INVERSE:
        return "owl:inverseOf";
    case KG_RULE_TRANSITIVE:
        return "owl:TransitiveProperty";
    case KG_RULE_SYMMETRIC:
        return "owl:SymmetricProperty";
    case KG_RULE_CHAIN:
        return "owl:propertyChainAxiom";
    case KG_RULE_ASSERTED:
        break;
    }
    return "asserted";
}

size_t kg_closure_count(const kg_closure *c)
{
    return kg_idtab_count(c->triples);
}

const kg_id *kg_closure_triple(const kg_closure *c, uint32_t index)
{
    return kg_idtab_key(c->triples, index);
}

void kg_closure_free(kg_closure *c)
{
    kg_idtab_free(c->triples);
    kg_idtab_free(c->adj);
    free(c->facts);
    free(c->heads);
    free(c->chains);
    memset(c, 0, sizeof *c);
}

/* The newest fact of a list, or NONE. */
static uint32_t list_head(const kg_closure *c, int side, kg_id p, kg_id node)
{
    kg_id key[3] = {(kg_id)side, p, node};
    uint32_t index;
    return kg_idtab_find(c->adj, key, &index) ? c->heads[index] : NONE;
}

static uint32_t list_next(const kg_closure *c, int side, uint32_t fact)
{
    return side == SIDE_S ? c->facts[fact].next_s : c->facts[fact].next_o;
}

static bool link(kg_closure *c, int side, kg_id p, kg_id node, uint32_t fact)
{
    kg_id key[3] = {(kg_id)side, p, node};
    uint32_t index;
    int added = kg_idtab_put(c->adj, key, &index);
    if (added < 0)
        return false;
    if (!kg_grow(&c->heads, &c->cap_heads, index, sizeof *c->heads, 1024))
        return false;
    uint32_t older = added ? NONE : c->heads[index];
    if (side == SIDE_S)
        c->facts[fact].next_s = older;
    else
        c->facts[fact].next_o = older;
    c->heads[index] = fact;
    return true;
}

/* The fact declaring p transitive (or symmetric), or NONE. */
static uint32_t declaration(const kg_closure *c, const kg_xctx *x, kg_id p, kg_vocab what)
{
    kg_id key[3] = {p, x->v[V_TYPE], x->v[what]};
    uint32_t index;
    return x->v[what] && kg_idtab_find(c->triples, key, &index) ? index : NONE;
}

static bool in_chain(const kg_closure *c, kg_id p)
{
    for (size_t k = 0; k < c->n_chains; k++)
        if (c->chains[k].first == p || c->chains[k].second == p)
            return true;
    return false;
}

/* Properties whose facts are kept in adjacency lists: the schema's, the
 * transitive ones and those of chains. */
static bool indexed(const kg_closure *c, const kg_xctx *x, kg_id p)
{
    return (p && (p == x->v[V_SUBCLASS_OF] || p == x->v[V_SUBPROPERTY_OF] ||
                  p == x->v[V_INVERSE_OF])) ||
           declaration(c, x, p, V_TRANSITIVE) != NONE || in_chain(c, p);
}

/* Adds a fact unless present. *index gets its number. Returns 1 when new,
 * 0 when present, -1 on ENOMEM. */
static int add_fact(kg_closure *c, kg_xctx *x, const kg_id t[3], kg_rule rule,
                    const uint32_t *prem, unsigned n_prem, uint32_t *out)
{
    uint32_t local, index;
    if (!out)
        out = &local;
    int added = kg_idtab_put(c->triples, t, out);
    index = *out;
    if (added <= 0)
        return added;
    if (!kg_grow(&c->facts, &c->cap, index, sizeof *c->facts, 4096))
        return -1;
    kg_fact *f = &c->facts[index];
    memset(f, 0, sizeof *f);
    f->next_s = f->next_o = NONE;
    f->rule = (uint8_t)rule;
    if (rule != KG_RULE_ASSERTED) {
        f->n_prem = (uint8_t)n_prem;
        memcpy(f->prem, prem, n_prem * sizeof *prem);
    }
    if (indexed(c, x, t[1]) &&
        (!link(c, SIDE_S, t[1], t[0], index) || !link(c, SIDE_O, t[1], t[2], index)))
        return -1;
    return 1;
}

static bool derive(kg_closure *c, kg_xctx *x, kg_id s, kg_id p, kg_id o, kg_rule rule,
                   uint32_t p1, uint32_t p2, uint32_t p3)
{
    kg_id t[3] = {s, p, o};
    uint32_t prem[3] = {p1, p2, p3};
    return add_fact(c, x, t, rule, prem, p3 == NONE ? 2 : 3, NULL) >= 0;
}

/* Applies every rule with fact i as one premise. */
static bool apply(kg_closure *c, kg_xctx *x, uint32_t i)
{
    const kg_id *t = kg_closure_triple(c, i);
    kg_id s = t[0], p = t[1], o = t[2];
    bool ok = true;
    /* inverse and symmetric triples turn the object into the subject, which
     * a literal cannot be */
    kg_term object;
    bool swappable = p != x->v[V_TYPE] && kg_view_term(x->view, o, &object) &&
                     object.kind != KG_TERM_LITERAL;
    if (p == x->v[V_TYPE] && x->v[V_SUBCLASS_OF])
        for (uint32_t a = list_head(c, SIDE_S, x->v[V_SUBCLASS_OF], o); ok && a != NONE;
             a = list_next(c, SIDE_S, a))
            ok = derive(c, x, s, p, kg_closure_triple(c, a)[2], KG_RULE_SUBCLASS, i, a, NONE);
    if (x->v[V_SUBPROPERTY_OF])
        for (uint32_t a = list_head(c, SIDE_S, x->v[V_SUBPROPERTY_OF], p); ok && a != NONE;
             a = list_next(c, SIDE_S, a))
            ok = derive(c, x, s, kg_closure_triple(c, a)[2], o, KG_RULE_SUBPROPERTY, i, a, NONE);
    if (swappable && x->v[V_INVERSE_OF]) {
        for (uint32_t a = list_head(c, SIDE_S, x->v[V_INVERSE_OF], p); ok && a != NONE;
             a = list_next(c, SIDE_S, a))
            ok = derive(c, x, o, kg_closure_triple(c, a)[2], s, KG_RULE_INVERSE, i, a, NONE);
        for (uint32_t a = list_head(c, SIDE_O, x->v[V_INVERSE_OF], p); ok && a != NONE;
             a = list_next(c, SIDE_O, a))
            ok = derive(c, x, o, kg_closure_triple(c, a)[0], s, KG_RULE_INVERSE, i, a, NONE);
    }
    uint32_t sym = declaration(c, x, p, V_SYMMETRIC);
    if (ok && swappable && sym != NONE)
        ok = derive(c, x, o, p, s, KG_RULE_SYMMETRIC, i, sym, NONE);
    uint32_t tr = declaration(c, x, p, V_TRANSITIVE);
    if (tr != NONE) {
        /* (s p o) with every (o p z), and every (w p s) with (s p o) */
        for (uint32_t j = list_head(c, SIDE_S, p, o); ok && j != NONE; j = list_next(c, SIDE_S, j))
            ok = derive(c, x, s, p, kg_closure_triple(c, j)[2], KG_RULE_TRANSITIVE, i, j, tr);
        for (uint32_t j = list_head(c, SIDE_O, p, s); ok && j != NONE; j = list_next(c, SIDE_O, j))
            ok = derive(c, x, kg_closure_triple(c, j)[0], p, o, KG_RULE_TRANSITIVE, j, i, tr);
    }
    for (size_t k = 0; ok && k < c->n_chains; k++) {
        kg_chain ch = c->chains[k];
        if (swappable && p == ch.first) /* (s first o) with every (o second z) */
            for (uint32_t j = list_head(c, SIDE_S, ch.second, o); ok && j != NONE;
                 j = list_next(c, SIDE_S, j))
                ok = derive(c, x, s, ch.p, kg_closure_triple(c, j)[2], KG_RULE_CHAIN, i, j, ch.decl);
        if (p == ch.second) /* every (w first s) with (s second o) */
            for (uint32_t j = list_head(c, SIDE_O, ch.first, s); ok && j != NONE;
                 j = list_next(c, SIDE_O, j))
                ok = derive(c, x, kg_closure_triple(c, j)[0], ch.p, o, KG_RULE_CHAIN, j, i, ch.decl);
    }
    return ok;
}

/* Loads every asserted (s p o) with the given p and o (0: any). */
static bool load(kg_closure *c, kg_xctx *x, kg_id p, kg_id o)
{
    kg_scan *scan = kg_xscan(x, 0, p, o);
    if (!scan)
        return false;
    kg_quad q;
    bool ok = true;
    while (ok && kg_scan_next(scan, &q)) {
        kg_id t[3] = {q.s, q.p, q.o};
        int added = add_fact(c, x, t, KG_RULE_ASSERTED, NULL, 0, NULL);
        ok = added >= 0;
        c->premises += added > 0;
    }
    kg_scan_close(scan);
    return ok;
}

/* The two properties of a chain list (first second), or false when the
 * list is not two properties long. */
static bool chain_pair(kg_xctx *x, kg_id list, kg_id *first, kg_id *second)
{
    kg_id rest = kg_xobject(x, list, x->v[V_REST]);
    *first = kg_xobject(x, list, x->v[V_FIRST]);
    *second = rest ? kg_xobject(x, rest, x->v[V_FIRST]) : 0;
    return *first && *second && x->v[V_NIL] && kg_xobject(x, rest, x->v[V_REST]) == x->v[V_NIL];
}

/* Reads the chain axioms loaded as schema facts into c->chains (longer
 * chains are not followed); their properties' facts are then indexed. */
static bool read_chains(kg_closure *c, kg_xctx *x)
{
    size_t n = kg_closure_count(c);
    for (uint32_t i = 0; i < n; i++) {
        const kg_id *t = kg_closure_triple(c, i);
        kg_chain ch = {.p = t[0], .decl = i};
        if (t[1] != x->v[V_CHAIN] || !chain_pair(x, t[2], &ch.first, &ch.second))
            continue;
        if (!kg_grow(&c->chains, &c->cap_chains, c->n_chains, sizeof *c->chains, 4))
            return false;
        c->chains[c->n_chains++] = ch;
    }
    return true;
}

/* Loads the data triples the rules read or may derive: rdf:type triples
 * of the classes in subclass axioms, and the triples of every property in
 * the other axioms. A derived triple that is asserted is then already in
 * the closure as asserted: it is never taken for an inference. */
static bool load_data(kg_closure *c, kg_xctx *x)
{
    kg_idtab *classes = kg_idtab_new(1), *props = kg_idtab_new(1);
    bool ok = classes && props;
    size_t schema = kg_closure_count(c);
    for (uint32_t i = 0; ok && i < schema; i++) {
        const kg_id *t = kg_closure_triple(c, i);
        kg_id subject = t[0], object = t[2];
        if (t[1] == x->v[V_SUBCLASS_OF])
            ok = kg_idtab_put(classes, &subject, NULL) >= 0 &&
                 kg_idtab_put(classes, &object, NULL) >= 0;
        else if (t[1] == x->v[V_CHAIN])
            ok = kg_idtab_put(props, &subject, NULL) >= 0;
        else
            ok = kg_idtab_put(props, &subject, NULL) >= 0 && kg_idtab_put(props, &object, NULL) >= 0;
    }
    for (size_t k = 0; ok && k < c->n_chains; k++)
        ok = kg_idtab_put(props, &c->chains[k].first, NULL) >= 0 &&
             kg_idtab_put(props, &c->chains[k].second, NULL) >= 0;
    for (uint32_t i = 0; ok && i < kg_idtab_count(classes); i++) {
        kg_id cls = kg_idtab_key(classes, i)[0];
        ok = load(c, x, x->v[V_TYPE], cls);
    }
    for (uint32_t i = 0; ok && i < kg_idtab_count(props); i++) {
        kg_id p = kg_idtab_key(props, i)[0];
        if (p != x->v[V_TYPE] && p != x->v[V_TRANSITIVE] && p != x->v[V_SYMMETRIC])
            ok = load(c, x, p, 0);
    }
    kg_idtab_free(classes);
    kg_idtab_free(props);
    return ok;
}

kg_status kg_closure_run(kg_closure *c, kg_xctx *x)
{
    memset(c, 0, sizeof *c);
    c->triples = kg_idtab_new(3);
    c->adj = kg_idtab_new(3);
    if (!c->triples || !c->adj)
        return kg_xctx_nomem(x);
    bool ok = true;
    /* the schema first: declarations decide which facts are indexed */
    if (x->v[V_TYPE] && x->v[V_TRANSITIVE])
        ok = load(c, x, x->v[V_TYPE], x->v[V_TRANSITIVE]);
    if (ok && x->v[V_TYPE] && x->v[V_SYMMETRIC])
        ok = load(c, x, x->v[V_TYPE], x->v[V_SYMMETRIC]);
    if (ok && x->v[V_SUBCLASS_OF])
        ok = load(c, x, x->v[V_SUBCLASS_OF], 0);
    if (ok && x->v[V_SUBPROPERTY_OF])
        ok = load(c, x, x->v[V_SUBPROPERTY_OF], 0);
    if (ok && x->v[V_INVERSE_OF])
        ok = load(c, x, x->v[V_INVERSE_OF], 0);
    if (ok && x->v[V_CHAIN])
        ok = load(c, x, x->v[V_CHAIN], 0) && read_chains(c, x);
    ok = ok && load_data(c, x);
    for (uint32_t i = 0; ok && i < kg_closure_count(c); i++) {
        if ((i & 0xffff) == 0 && kg_store_interrupted(x->store))
            return KG_ERR_INTERRUPTED;
        ok = apply(c, x, i);
    }
    return ok ? KG_OK : kg_xctx_nomem(x);
}

bool kg_closure_add_asserted(kg_closure *c, kg_xctx *x, const kg_id t[3], uint32_t *index)
{
    return add_fact(c, x, t, KG_RULE_ASSERTED, NULL, 0, index) >= 0;
}
