/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/context.c - the explorers' reading context: the store's view
 * without the inferred graph, the vocabulary's ids, terms copied into a
 * result's arena, node descriptions (label, class, sanctioned) and hops.
 * Evidence lookup is in evidence.c. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "explore/explore_impl.h"
#include "kg/grow.h"

static const char *const vocab_iris[V_COUNT] = {
    [V_TYPE] = KG_RDF "type",
    [V_LABEL] = KG_RDFS "label",
    [V_PREF_LABEL] = KG_SKOS "prefLabel",
    [V_ALT_LABEL] = KG_SKOS "altLabel",
    [V_HIDDEN_LABEL] = KG_SKOS "hiddenLabel",
    [V_SUBJECT] = KG_RDF "subject",
    [V_PREDICATE] = KG_RDF "predicate",
    [V_OBJECT] = KG_RDF "object",
    [V_STATEMENT] = KG_RDF "Statement",
    [V_STATED_IN] = KG_NS "statedIn",
    [V_TEXT] = KG_NS "text",
    [V_INDEX] = KG_NS "index",
    [V_IN_ARTICLE] = KG_NS "inArticle",
    [V_SENTENCE] = KG_NS "Sentence",
    [V_ARTICLE] = KG_NS "Article",
    [V_MENTIONED_IN] = KG_NS "mentionedIn",
    [V_PUBLISHER] = KG_NS "publisher",
    [V_SANCTIONS] = KG_NS "sanctions",
    [V_SUBJECT_OF] = KG_NS "subjectOf",
    [V_SANCTIONED_BY] = KG_NS "sanctionedBy",
    [V_AUTHORITY] = KG_NS "authority",
    [V_PROGRAMME] = KG_NS "programme",
    [V_START_DATE] = KG_NS "startDate",
    [V_END_DATE] = KG_NS "endDate",
    [V_REASON] = KG_NS "reason",
    [V_SANCTION_CLASS] = KG_NS "Sanction",
    [V_COMPANY] = KG_NS "Company",
    [V_SUBSIDIARY_OF] = KG_NS "subsidiaryOf",
    [V_PARENT_OF] = KG_NS "parentOf",
    [V_PARTNERS_WITH] = KG_NS "partnersWith",
    [V_SIGNED_WITH] = KG_NS "signedWith",
    [V_FOUNDED_BY] = KG_NS "foundedBy",
    [V_SUBCLASS_OF] = KG_RDFS "subClassOf",
    [V_SUBPROPERTY_OF] = KG_RDFS "subPropertyOf",
    [V_INVERSE_OF] = KG_OWL "inverseOf",
    [V_TRANSITIVE] = KG_OWL "TransitiveProperty",
    [V_SYMMETRIC] = KG_OWL "SymmetricProperty",
    [V_CHAIN] = KG_OWL "propertyChainAxiom",
    [V_FIRST] = KG_RDF "first",
    [V_REST] = KG_RDF "rest",
    [V_NIL] = KG_RDF "nil",
    [V_INFERRED_GRAPH] = KG_INFERRED_GRAPH,
    [V_STATUS] = KG_NS "status",
    [V_DATE] = KG_NS "date",
    [V_ANNOUNCED_DATE] = KG_NS "announcedDate",
    [V_DUE_DATE] = KG_NS "dueDate",
};

kg_status kg_xctx_open(kg_xctx *x, kg_store *store, kg_arena *arena)
{
    memset(x, 0, sizeof *x);
    x->store = store;
    x->arena = arena;
    x->view = kg_store_view(store);
    if (!x->view)
        return kg_store_error(store)->status ? kg_store_error(store)->status : KG_ERR_NOMEM;
    for (int i = 0; i < V_COUNT; i++) {
        kg_term t = kg_term_iri(vocab_iris[i]);
        x->v[i] = kg_view_lookup(x->view, &t);
    }
    x->node_ids = kg_idtab_new(1);
    if (!x->node_ids)
        return kg_xctx_nomem(x);
    return KG_OK;
}

void kg_xctx_close(kg_xctx *x)
{
    kg_idtab_free(x->node_ids);
    free(x->nodes);
    x->node_ids = NULL;
    x->nodes = NULL;
}

kg_status kg_xctx_nomem(kg_xctx *x)
{
    kg_error *err = kg_store_error_mut(x->store);
    memset(err, 0, sizeof *err);
    err->status = KG_ERR_NOMEM;
    strcpy(err->message, "out of memory");
    return KG_ERR_NOMEM;
}

void *kg_xresult_new(size_t size, kg_explore_arena **out)
{
    *out = NULL;
    kg_arena *arena = kg_arena_new();
    if (!arena)
        return NULL;
    kg_explore_arena *ea = kg_arena_alloc(arena, sizeof *ea);
    void *result = kg_arena_alloc(arena, size);
    if (!ea || !result) {
        kg_arena_free(arena);
        return NULL;
    }
    ea->arena = arena;
    memset(result, 0, size);
    *out = ea;
    return result;
}

void kg_xresult_free(kg_explore_arena *ea)
{
    if (ea)
        kg_arena_free(ea->arena); /* ea itself lives in its arena */
}

kg_scan *kg_xscan(kg_xctx *x, kg_id s, kg_id p, kg_id o)
{
    return kg_scan_open(x->view, s, p, o, KG_GRAPHS_UNION, x->v[V_INFERRED_GRAPH]);
}

bool kg_xhas(kg_xctx *x, kg_id s, kg_id p, kg_id o)
{
    kg_scan *scan = kg_xscan(x, s, p, o);
    kg_quad q;
    bool found = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return found;
}

kg_id kg_xobject(kg_xctx *x, kg_id s, kg_id p)
{
    if (!s || !p)
        return KG_ID_NONE;
    kg_scan *scan = kg_xscan(x, s, p, 0);
    kg_quad q;
    kg_id o = scan && kg_scan_next(scan, &q) ? q.o : KG_ID_NONE;
    kg_scan_close(scan);
    return o;
}

kg_id kg_xlookup(kg_xctx *x, const kg_term *t)
{
    return kg_view_lookup(x->view, t);
}

kg_status kg_xentity(kg_xctx *x, const kg_term *t, kg_id *out)
{
    *out = kg_xlookup(x, t);
    if (*out)
        return KG_OK;
    return kg_error_set(kg_store_error_mut(x->store), KG_ERR_NOT_FOUND, NULL,
                        "%s is not in the store", t->value ? t->value : "(none)");
}

static const char *arena_copy(kg_arena *a, const char *s, size_t len)
{
    return s ? kg_arena_strndup(a, s, len) : NULL;
}

bool kg_xterm(kg_xctx *x, kg_id id, kg_term *out)
{
    kg_term t;
    if (!kg_view_term(x->view, id, &t))
        return false;
    *out = t;
    out->value = arena_copy(x->arena, t.value, t.value_len);
    out->datatype = t.datatype ? kg_arena_strdup(x->arena, t.datatype) : NULL;
    out->lang = t.lang ? kg_arena_strdup(x->arena, t.lang) : NULL;
    return out->value && (!t.datatype || out->datatype) && (!t.lang || out->lang);
}

const char *kg_xvalue(kg_xctx *x, kg_id id)
{
    kg_term t;
    if (!id || !kg_view_term(x->view, id, &t))
        return NULL;
    return arena_copy(x->arena, t.value, t.value_len);
}

const char *kg_xlabel(kg_xctx *x, kg_id id)
{
    kg_id l = kg_xobject(x, id, x->v[V_LABEL]);
    if (!l)
        l = kg_xobject(x, id, x->v[V_PREF_LABEL]);
    return l ? kg_xvalue(x, l) : NULL;
}

const char *kg_xname(kg_xctx *x, kg_id id)
{
    const char *label = kg_xlabel(x, id);
    return label ? label : kg_xvalue(x, id);
}

bool kg_xsanctioned(kg_xctx *x, kg_id id)
{
    return (x->v[V_SANCTIONS] && kg_xhas(x, 0, x->v[V_SANCTIONS], id)) ||
           (x->v[V_SUBJECT_OF] && kg_xhas(x, id, x->v[V_SUBJECT_OF], 0)) ||
           (x->v[V_SANCTIONED_BY] && kg_xhas(x, id, x->v[V_SANCTIONED_BY], 0));
}

/* How many rdfs:subClassOf steps lead up from cls (first superclass each
 * time, at most 16: cycles end there). */
static unsigned class_depth(kg_xctx *x, kg_id cls)
{
    unsigned depth = 0;
    for (kg_id c = cls; depth < 16 && (c = kg_xobject(x, c, x->v[V_SUBCLASS_OF])) != 0;)
        depth++;
    return depth;
}

/* True when cls is target or below it; a breadth-first walk up the
 * asserted hierarchy. */
static bool class_below(kg_xctx *x, kg_id cls, kg_id target)
{
    if (cls == target)
        return true;
    if (!x->v[V_SUBCLASS_OF])
        return false;
    kg_idtab *seen = kg_idtab_new(1);
    if (!seen)
        return false;
    kg_idtab_put(seen, &cls, NULL);
    bool found = false;
    for (uint32_t i = 0; !found && i < kg_idtab_count(seen); i++) {
        kg_id c = kg_idtab_key(seen, i)[0];
        kg_scan *scan = kg_xscan(x, c, x->v[V_SUBCLASS_OF], 0);
        kg_quad q;
        while (!found && scan && kg_scan_next(scan, &q)) {
            found = q.o == target;
            kg_idtab_put(seen, &q.o, NULL);
        }
        kg_scan_close(scan);
    }
    kg_idtab_free(seen);
    return found;
}

bool kg_xinstance_of(kg_xctx *x, kg_id node, kg_id cls)
{
    if (!cls || !x->v[V_TYPE])
        return false;
    kg_scan *scan = kg_xscan(x, node, x->v[V_TYPE], 0);
    kg_quad q;
    bool found = false;
    while (!found && scan && kg_scan_next(scan, &q))
        found = class_below(x, q.o, cls);
    kg_scan_close(scan);
    return found;
}

kg_idtab *kg_xsubproperties(kg_xctx *x, const kg_id *roots, size_t n)
{
    kg_idtab *set = kg_idtab_new(1);
    if (!set)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (roots[i] && kg_idtab_put(set, &roots[i], NULL) < 0)
            goto fail;
    for (uint32_t i = 0; x->v[V_SUBPROPERTY_OF] && i < kg_idtab_count(set); i++) {
        kg_id p = kg_idtab_key(set, i)[0];
        kg_scan *scan = kg_xscan(x, 0, x->v[V_SUBPROPERTY_OF], p);
        kg_quad q;
        bool ok = scan != NULL;
        while (ok && kg_scan_next(scan, &q))
            ok = kg_idtab_put(set, &q.s, NULL) >= 0;
        kg_scan_close(scan);
        if (!ok)
            goto fail;
    }
    return set;
fail:
    kg_idtab_free(set);
    return NULL;
}

/* The class shown for a node: the deepest of its kg: classes, else the
 * deepest of any. */
static kg_id display_class(kg_xctx *x, kg_id node)
{
    kg_id best = 0;
    int best_score = -1;
    kg_scan *scan = x->v[V_TYPE] ? kg_xscan(x, node, x->v[V_TYPE], 0) : NULL;
    kg_quad q;
    while (scan && kg_scan_next(scan, &q)) {
        kg_term t;
        if (!kg_view_term(x->view, q.o, &t) || t.kind != KG_TERM_IRI)
            continue;
        int score = (int)class_depth(x, q.o) + (strncmp(t.value, KG_NS, strlen(KG_NS)) == 0 ? 100 : 0);
        if (score > best_score) {
            best_score = score;
            best = q.o;
        }
    }
    kg_scan_close(scan);
    return best;
}

static bool describe(kg_xctx *x, kg_id id, kg_node *out)
{
    memset(out, 0, sizeof *out);
    if (!kg_xterm(x, id, &out->term))
        return false;
    out->label = kg_xlabel(x, id);
    kg_id cls = display_class(x, id);
    if (cls) {
        out->class_iri = kg_xvalue(x, cls);
        out->class_label = kg_xlabel(x, cls);
    }
    out->sanctioned = kg_xsanctioned(x, id);
    kg_id status = kg_xobject(x, id, x->v[V_STATUS]);
    out->status_label = status ? kg_xname(x, status) : NULL;
    return true;
}

const kg_node *kg_xnode(kg_xctx *x, kg_id id)
{
    uint32_t index;
    if (kg_idtab_find(x->node_ids, &id, &index))
        return &x->nodes[index];
    if (!kg_grow(&x->nodes, &x->cap_nodes, kg_idtab_count(x->node_ids), sizeof *x->nodes, 64))
        return NULL;
    kg_node node;
    if (!describe(x, id, &node) || kg_idtab_put(x->node_ids, &id, &index) < 0)
        return NULL;
    x->nodes[index] = node;
    return &x->nodes[index];
}

kg_status kg_xhop(kg_xctx *x, kg_id from, kg_id p, kg_id to, bool forward, kg_hop *out)
{
    memset(out, 0, sizeof *out);
    const kg_node *a = kg_xnode(x, from);
    if (!a)
        return kg_xctx_nomem(x);
    out->from = *a;
    const kg_node *b = kg_xnode(x, to);
    if (!b)
        return kg_xctx_nomem(x);
    out->to = *b;
    out->property = kg_xvalue(x, p);
    out->property_label = kg_xlabel(x, p);
    out->forward = forward;
    if (!out->property)
        return kg_xctx_nomem(x);
    return forward ? kg_xevidence(x, from, p, to, &out->evidence, &out->n_evidence)
                   : kg_xevidence(x, to, p, from, &out->evidence, &out->n_evidence);
}
