/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/validate.c - checks a store's data against the ontology held in
 * one of its graphs (see kg/validate.h for the kinds of problem and the
 * rules). Reads the ontology's terms, class tree, domains, ranges and
 * datatype unions into id tables, then the data's types and described
 * nodes, then goes through every triple once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kg/validate.h"
#include "sparql/idtab.h"
#include "store/quads.h"
#include "kg/grow.h"

#define KG_NS "https://w3id.org/kgsh/ontology#"
#define KGR_NS "https://w3id.org/kgsh/id/"
#define PROV_DERIVED "http://www.w3.org/ns/prov#wasDerivedFrom"

const char *kg_problem_kind_name(kg_problem_kind kind)
{
    static const char *const names[] = {"unknown-term", "domain",    "range",
                                        "datatype",     "missing-label", "dangling",
                                        "no-status",    "no-holder", "duplicate-sanction"};
    return kind <= KG_PROBLEM_DUPLICATE_SANCTION ? names[kind] : "unknown";
}

/* Ids of the vocabulary terms the checks need (0 when the store lacks one). */
typedef struct vocab {
    kg_id type, label, sub_class, domain, range, datatype, equivalent, union_of, first, rest, nil,
        resource, literal, r_subject, r_predicate, r_object, stated_in, text, derived;
    /* the shapes */
    kg_id plan, status, holding, holder, sanction, sanctions, authority, programme, start;
} vocab;

typedef struct edge {
    kg_id from, to;
} edge;

typedef struct edges {
    edge *v;
    size_t n, cap;
} edges;

/* The domain and range of a property (0: none). */
typedef struct prop_types {
    kg_id domain, range;
} prop_types;

typedef struct validator {
    kg_store *store;
    kg_view *view;
    vocab v;
    kg_id onto, graph; /* graph: 0 for every graph but the ontology's */
    kg_idtab *terms;   /* kg: terms the ontology defines */
    edges parents;     /* rdfs:subClassOf */
    kg_idtab *props;   /* properties with a domain or range */
    prop_types *prop;  /* by props index */
    size_t cap_prop;
    edges unions;         /* datatype -> member of its owl:unionOf */
    kg_idtab *types;      /* (node, class) with every ancestor class */
    kg_idtab *subjects;   /* nodes with a triple as subject, in order */
    kg_id *subject_graph; /* a graph each subject is described in */
    kg_idtab *labelled;
    kg_problem_fn fn;
    void *ctx;
    uint64_t count;
    bool stop;
} validator;

static kg_id id_of(kg_view *view, const char *iri)
{
    kg_term t = kg_term_iri(iri);
    return kg_view_lookup(view, &t);
}

static bool iri_starts(kg_view *view, kg_id id, const char *ns)
{
    kg_term t;
    return kg_view_term(view, id, &t) && t.kind == KG_TERM_IRI &&
           strncmp(t.value, ns, strlen(ns)) == 0;
}

static bool in_tab(const kg_idtab *tab, kg_id a)
{
    return kg_idtab_find(tab, &a, NULL);
}

static bool in_tab2(const kg_idtab *tab, kg_id a, kg_id b)
{
    kg_id k[2] = {a, b};
    return kg_idtab_find(tab, k, NULL);
}

static bool push_edge(edges *e, kg_id from, kg_id to)
{
    if (!kg_grow(&e->v, &e->cap, e->n, sizeof *e->v, 16))
        return false;
    e->v[e->n++] = (edge){from, to};
    return true;
}

/* ---- the ontology --------------------------------------------------------- */

static void lookup_vocab(validator *va)
{
    kg_view *w = va->view;
    va->v = (vocab){
        .type = id_of(w, KG_RDF "type"),
        .label = id_of(w, KG_RDFS "label"),
        .sub_class = id_of(w, KG_RDFS "subClassOf"),
        .domain = id_of(w, KG_RDFS "domain"),
        .range = id_of(w, KG_RDFS "range"),
        .datatype = id_of(w, KG_RDFS "Datatype"),
        .equivalent = id_of(w, KG_OWL "equivalentClass"),
        .union_of = id_of(w, KG_OWL "unionOf"),
        .first = id_of(w, KG_RDF "first"),
        .rest = id_of(w, KG_RDF "rest"),
        .nil = id_of(w, KG_RDF "nil"),
        .resource = id_of(w, KG_RDFS "Resource"),
        .literal = id_of(w, KG_RDFS "Literal"),
        .r_subject = id_of(w, KG_RDF "subject"),
        .r_predicate = id_of(w, KG_RDF "predicate"),
        .r_object = id_of(w, KG_RDF "object"),
        .stated_in = id_of(w, KG_NS "statedIn"),
        .text = id_of(w, KG_NS "text"),
        .derived = id_of(w, PROV_DERIVED),
        .plan = id_of(w, KG_NS "Plan"),
        .status = id_of(w, KG_NS "status"),
        .holding = id_of(w, KG_NS "PostHolding"),
        .holder = id_of(w, KG_NS "holder"),
        .sanction = id_of(w, KG_NS "Sanction"),
        .sanctions = id_of(w, KG_NS "sanctions"),
        .authority = id_of(w, KG_NS "authority"),
        .programme = id_of(w, KG_NS "programme"),
        .start = id_of(w, KG_NS "startDate"),
    };
}

/* Calls fn for each (s, o) of predicate p in the ontology graph. */
static bool each_onto(validator *va, kg_id s, kg_id p, bool (*fn)(validator *, kg_id, kg_id))
{
    if (!p)
        return true;
    kg_scan *scan = kg_scan_open(va->view, s, p, 0, KG_GRAPHS_ONE, va->onto);
    kg_quad q;
    bool ok = scan != NULL;
    while (ok && kg_scan_next(scan, &q))
        ok = fn(va, q.s, q.o);
    kg_scan_close(scan);
    return ok;
}

static bool add_parent(validator *va, kg_id c, kg_id parent)
{
    return push_edge(&va->parents, c, parent);
}

static bool prop_slot(validator *va, kg_id p, uint32_t *index)
{
    if (kg_idtab_put(va->props, &p, index) < 0)
        return false;
    size_t n = kg_idtab_count(va->props);
    if (*index + 1 == n) { /* a new property */
        if (!kg_grow(&va->prop, &va->cap_prop, *index, sizeof *va->prop, 16))
            return false;
        va->prop[*index] = (prop_types){0, 0};
    }
    return true;
}

static bool add_domain(validator *va, kg_id p, kg_id c)
{
    uint32_t i;
    return prop_slot(va, p, &i) && ((va->prop[i].domain = c), true);
}

static bool add_range(validator *va, kg_id p, kg_id c)
{
    uint32_t i;
    return prop_slot(va, p, &i) && ((va->prop[i].range = c), true);
}

/* One object of (s, p) in the ontology graph, or 0. */
static kg_id onto_object(validator *va, kg_id s, kg_id p)
{
    if (!s || !p)
        return 0;
    kg_scan *scan = kg_scan_open(va->view, s, p, 0, KG_GRAPHS_ONE, va->onto);
    kg_quad q;
    kg_id o = scan && kg_scan_next(scan, &q) ? q.o : 0;
    kg_scan_close(scan);
    return o;
}

static bool add_type(validator *va, kg_id node, kg_id cls);

/* An individual the ontology defines (kg:Current a kg:HoldingStatus): typed
 * for the range checks of the data that uses it. */
static bool add_individual(validator *va, kg_id s, kg_id cls)
{
    return !iri_starts(va->view, s, KG_NS) || !iri_starts(va->view, cls, KG_NS) ||
           add_type(va, s, cls);
}

/* A datatype defined as owl:equivalentClass [ owl:unionOf (members) ]. */
static bool add_datatype(validator *va, kg_id dt, kg_id type_class)
{
    (void)type_class;
    kg_id list = onto_object(va, onto_object(va, dt, va->v.equivalent), va->v.union_of);
    for (int guard = 0; list && list != va->v.nil && guard < 64; guard++) {
        kg_id member = onto_object(va, list, va->v.first);
        if (member && !push_edge(&va->unions, dt, member))
            return false;
        list = onto_object(va, list, va->v.rest);
    }
    return true;
}

static bool add_term(validator *va, kg_id s, kg_id o)
{
    (void)o;
    return !iri_starts(va->view, s, KG_NS) || kg_idtab_put(va->terms, &s, NULL) >= 0;
}

static kg_status read_ontology(validator *va)
{
    vocab *v = &va->v;
    bool ok = true;
    kg_scan *scan = kg_scan_open(va->view, 0, 0, 0, KG_GRAPHS_ONE, va->onto);
    kg_quad q;
    while (ok && scan && kg_scan_next(scan, &q))
        ok = add_term(va, q.s, 0);
    ok = ok && scan;
    kg_scan_close(scan);
    ok = ok && each_onto(va, 0, v->sub_class, add_parent) &&
         each_onto(va, 0, v->domain, add_domain) && each_onto(va, 0, v->range, add_range) &&
         each_onto(va, 0, v->type, add_individual);
    if (ok && v->type && v->datatype) {
        kg_scan *dts = kg_scan_open(va->view, 0, v->type, v->datatype, KG_GRAPHS_ONE, va->onto);
        while (ok && dts && kg_scan_next(dts, &q))
            ok = add_datatype(va, q.s, q.o);
        ok = ok && dts;
        kg_scan_close(dts);
    }
    return ok ? KG_OK
              : kg_error_set(kg_store_error_mut(va->store), KG_ERR_NOMEM, NULL, "out of memory");
}

/* ---- the data ------------------------------------------------------------- */

static kg_scan *data_scan(validator *va, kg_id s, kg_id p, kg_id o)
{
    return kg_scan_open(va->view, s, p, o, va->graph ? KG_GRAPHS_ONE : KG_GRAPHS_ALL, va->graph);
}

/* The next quad of the data: every graph but the ontology's, or the one. */
static bool data_next(validator *va, kg_scan *scan, kg_quad *q)
{
    while (kg_scan_next(scan, q))
        if (va->graph || q->g != va->onto)
            return true;
    return false;
}

static bool add_type(validator *va, kg_id node, kg_id cls)
{
    kg_id key[2] = {node, cls};
    int added = kg_idtab_put(va->types, key, NULL);
    if (added <= 0)
        return added == 0;
    for (size_t i = 0; i < va->parents.n; i++)
        if (va->parents.v[i].from == cls && !add_type(va, node, va->parents.v[i].to))
            return false;
    return true;
}

static kg_status read_data(validator *va)
{
    bool ok = true;
    kg_scan *scan = data_scan(va, 0, 0, 0);
    kg_quad q;
    size_t cap = 0;
    while (ok && scan && data_next(va, scan, &q)) {
        uint32_t index;
        int added = kg_idtab_put(va->subjects, &q.s, &index);
        if (added > 0)
            ok = kg_grow(&va->subject_graph, &cap, index, sizeof *va->subject_graph, 1024);
        if (added > 0 && ok)
            va->subject_graph[index] = q.g;
        ok = ok && added >= 0;
        if (ok && q.p == va->v.type && va->v.type)
            ok = add_type(va, q.s, q.o);
        if (ok && q.p == va->v.label && va->v.label)
            ok = kg_idtab_put(va->labelled, &q.s, NULL) >= 0;
    }
    ok = ok && scan;
    kg_scan_close(scan);
    return ok ? KG_OK
              : kg_error_set(kg_store_error_mut(va->store), KG_ERR_NOMEM, NULL, "out of memory");
}

/* ---- literals --------------------------------------------------------------- */

static size_t span_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

/* An optional time zone (Z or +hh:mm) and then the end of the text. */
static bool tz_end(const char *s)
{
    if (*s == 'Z')
        return s[1] == '\0';
    if (*s == '+' || *s == '-')
        return span_digits(s + 1) == 2 && s[3] == ':' && span_digits(s + 4) == 2 && s[6] == '\0';
    return *s == '\0';
}

/* -?YYYY+ then, for each of parts, "-" and two digits. */
static bool date_like(const char *s, int parts)
{
    if (*s == '-')
        s++;
    size_t y = span_digits(s);
    if (y < 4)
        return false;
    s += y;
    for (int i = 0; i < parts; i++) {
        if (*s != '-' || span_digits(s + 1) != 2)
            return false;
        s += 3;
    }
    return tz_end(s);
}

static bool decimal_ok(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t i = span_digits(s);
    if (s[i] == '.') {
        size_t f = span_digits(s + i + 1);
        return (i > 0 || f > 0) && s[i + 1 + f] == '\0';
    }
    return i > 0 && s[i] == '\0';
}

static bool positive_integer_ok(const char *s)
{
    if (*s == '+')
        s++;
    while (*s == '0')
        s++;
    size_t n = span_digits(s);
    return n > 0 && s[n] == '\0';
}

/* The lexical form fits the datatype (checked for the types the ontology
 * uses; others are taken as written). */
static bool lexical_ok(const char *dt, const char *lex)
{
    if (strcmp(dt, KG_XSD "date") == 0)
        return date_like(lex, 2);
    if (strcmp(dt, KG_XSD "gYearMonth") == 0)
        return date_like(lex, 1);
    if (strcmp(dt, KG_XSD "gYear") == 0)
        return date_like(lex, 0);
    if (strcmp(dt, KG_XSD "gMonthDay") == 0)
        return lex[0] == '-' && lex[1] == '-' && span_digits(lex + 2) == 2 && lex[4] == '-' &&
               span_digits(lex + 5) == 2 && tz_end(lex + 7);
    if (strcmp(dt, KG_XSD "gMonth") == 0)
        return lex[0] == '-' && lex[1] == '-' && span_digits(lex + 2) == 2 && tz_end(lex + 4);
    if (strcmp(dt, KG_XSD "decimal") == 0)
        return decimal_ok(lex);
    if (strcmp(dt, KG_XSD "positiveInteger") == 0)
        return positive_integer_ok(lex);
    return true;
}

static bool literal_fits(validator *va, const kg_term *lit, kg_id range)
{
    if (range == va->v.literal || range == va->v.resource)
        return true;
    const char *dt = kg_term_datatype(lit);
    kg_term member;
    bool is_union = false, allowed = false;
    for (size_t i = 0; i < va->unions.n; i++) {
        if (va->unions.v[i].from != range)
            continue;
        is_union = true;
        if (kg_view_term(va->view, va->unions.v[i].to, &member) && strcmp(member.value, dt) == 0)
            allowed = true;
    }
    if (!is_union)
        allowed = kg_view_term(va->view, range, &member) && strcmp(member.value, dt) == 0;
    return allowed && lexical_ok(dt, lit->value);
}

/* ---- reporting ------------------------------------------------------------ */

/* "kg:Name", "kgr:name" or "<iri>" for messages. */
static const char *short_name(kg_view *view, kg_id id, char *buf, size_t size)
{
    kg_term t;
    if (!kg_view_term(view, id, &t)) {
        snprintf(buf, size, "?");
    } else if (t.kind == KG_TERM_IRI && strncmp(t.value, KG_NS, strlen(KG_NS)) == 0) {
        snprintf(buf, size, "kg:%s", t.value + strlen(KG_NS));
    } else if (t.kind == KG_TERM_IRI && strncmp(t.value, KGR_NS, strlen(KGR_NS)) == 0) {
        snprintf(buf, size, "kgr:%s", t.value + strlen(KGR_NS));
    } else {
        kg_term_to_ntriples(&t, buf, size);
    }
    return buf;
}

static bool exists(validator *va, kg_id s, kg_id p, kg_id o, kg_id g)
{
    if (!s || !p || !o)
        return false;
    kg_scan *scan = kg_scan_open(va->view, s, p, o, KG_GRAPHS_ONE, g);
    kg_quad q;
    bool found = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return found;
}

static kg_id object_in(validator *va, kg_id s, kg_id p, kg_id g)
{
    if (!s || !p)
        return 0;
    kg_scan *scan = kg_scan_open(va->view, s, p, 0, KG_GRAPHS_ONE, g);
    kg_quad q;
    kg_id o = scan && kg_scan_next(scan, &q) ? q.o : 0;
    kg_scan_close(scan);
    return o;
}

/* Where the data says the triple comes from: the sentence of its statement
 * node, or the list row its subject derives from; 0 when it does not say. */
static kg_id source_of(validator *va, const kg_quad *t, kg_id *text_pred)
{
    const vocab *v = &va->v;
    if (v->r_object && v->stated_in) {
        kg_scan *scan = kg_scan_open(va->view, 0, v->r_object, t->o, KG_GRAPHS_ONE, t->g);
        kg_quad q;
        kg_id found = 0;
        while (!found && scan && kg_scan_next(scan, &q))
            if (exists(va, q.s, v->r_subject, t->s, t->g) &&
                exists(va, q.s, v->r_predicate, t->p, t->g))
                found = object_in(va, q.s, v->stated_in, t->g);
        kg_scan_close(scan);
        if (found) {
            *text_pred = v->text;
            return found;
        }
    }
    *text_pred = v->label;
    return object_in(va, t->s, v->derived, t->g);
}

static void report(validator *va, kg_problem_kind kind, const kg_quad *t, const char *message)
{
    if (va->stop)
        return;
    kg_term s, p = kg_term_iri(KG_RDFS "label"), o = {.kind = KG_TERM_NONE}, g, src, text;
    kg_view_term(va->view, t->s, &s);
    if (t->p) /* 0 only for missing-label in a store that never saw rdfs:label */
        kg_view_term(va->view, t->p, &p);
    if (t->o)
        kg_view_term(va->view, t->o, &o);
    bool has_g = t->g && kg_view_term(va->view, t->g, &g);
    kg_id text_pred = 0, source = t->o ? source_of(va, t, &text_pred) : 0;
    kg_id text_id = source ? object_in(va, source, text_pred, t->g) : 0;
    bool has_src = source && kg_view_term(va->view, source, &src);
    bool has_text = text_id && kg_view_term(va->view, text_id, &text);
    kg_problem problem = {.kind = kind,
                          .subject = &s,
                          .predicate = &p,
                          .object = &o,
                          .graph = has_g ? &g : NULL,
                          .message = message,
                          .source = has_src ? &src : NULL,
                          .source_text = has_text ? text.value : NULL};
    va->count++;
    if (va->fn && va->fn(va->ctx, &problem))
        va->stop = true;
}

static void check_triple(validator *va, const kg_quad *q)
{
    kg_view *w = va->view;
    char a[512], b[512], msg[1200];
    bool kg_prop = iri_starts(w, q->p, KG_NS);
    if (kg_prop && !in_tab(va->terms, q->p)) {
        snprintf(msg, sizeof msg, "%s is not defined by the ontology",
                 short_name(w, q->p, a, sizeof a));
        report(va, KG_PROBLEM_UNKNOWN_TERM, q, msg);
        return;
    }
    if (q->p == va->v.type && iri_starts(w, q->o, KG_NS) && !in_tab(va->terms, q->o)) {
        snprintf(msg, sizeof msg, "the class %s is not defined by the ontology",
                 short_name(w, q->o, a, sizeof a));
        report(va, KG_PROBLEM_UNKNOWN_TERM, q, msg);
    }
    if (iri_starts(w, q->o, KGR_NS) && !in_tab(va->subjects, q->o)) {
        snprintf(msg, sizeof msg, "%s is used as an object, but nothing describes it",
                 short_name(w, q->o, a, sizeof a));
        report(va, KG_PROBLEM_DANGLING, q, msg);
        return;
    }
    uint32_t i;
    if (!kg_prop || !kg_idtab_find(va->props, &q->p, &i))
        return;
    kg_id dom = va->prop[i].domain, rng = va->prop[i].range;
    if (dom && dom != va->v.resource && !in_tab2(va->types, q->s, dom)) {
        snprintf(msg, sizeof msg, "the subject is not a %s (the domain of %s)",
                 short_name(w, dom, a, sizeof a), short_name(w, q->p, b, sizeof b));
        report(va, KG_PROBLEM_DOMAIN, q, msg);
    }
    kg_term o;
    if (!rng || !kg_view_term(w, q->o, &o))
        return;
    if (o.kind == KG_TERM_LITERAL) {
        if (!literal_fits(va, &o, rng)) {
            snprintf(msg, sizeof msg, "the value is not a %s (the range of %s)",
                     short_name(w, rng, a, sizeof a), short_name(w, q->p, b, sizeof b));
            report(va, KG_PROBLEM_DATATYPE, q, msg);
        }
    } else if (rng != va->v.resource && !in_tab2(va->types, q->o, rng)) {
        snprintf(msg, sizeof msg, "the object is not a %s (the range of %s)",
                 short_name(w, rng, a, sizeof a), short_name(w, q->p, b, sizeof b));
        report(va, KG_PROBLEM_RANGE, q, msg);
    }
}

static void check_labels(validator *va)
{
    char a[512], msg[800];
    size_t n = kg_idtab_count(va->subjects);
    for (uint32_t i = 0; i < n && !va->stop; i++) {
        kg_id s = kg_idtab_key(va->subjects, i)[0];
        if (!iri_starts(va->view, s, KGR_NS) || in_tab(va->labelled, s))
            continue;
        kg_quad q = {s, va->v.label, 0, va->subject_graph[i]};
        snprintf(msg, sizeof msg, "%s is described but has no rdfs:label",
                 short_name(va->view, s, a, sizeof a));
        report(va, KG_PROBLEM_MISSING_LABEL, &q, msg);
    }
}

/* ---- shapes ------------------------------------------------------------------ */

/* The first object of (s p ?) in the data, or 0. */
static kg_id data_object(validator *va, kg_id s, kg_id p)
{
    if (!s || !p)
        return 0;
    kg_scan *scan = data_scan(va, s, p, 0);
    kg_quad q;
    kg_id o = scan && data_next(va, scan, &q) ? q.o : 0;
    kg_scan_close(scan);
    return o;
}

/* Reports the node when it has no data triple with predicate p. */
static void check_required(validator *va, kg_id node, uint32_t subject, kg_id p,
                           kg_problem_kind kind, const char *what)
{
    if (!p || data_object(va, node, p))
        return;
    char a[512], msg[800];
    kg_quad q = {node, p, 0, va->subject_graph[subject]};
    snprintf(msg, sizeof msg, "%s %s", short_name(va->view, node, a, sizeof a), what);
    report(va, kind, &q, msg);
}

/* A sanction node and its IRI, to visit them in IRI order. */
typedef struct named {
    kg_id id;
    const char *iri;
} named;

static int compare_named(const void *a, const void *b)
{
    return strcmp(((const named *)a)->iri, ((const named *)b)->iri);
}

/* Reports the sanction node when a node seen before has the same (entity,
 * authority, programme, start): seen holds the keys, first[k] the node of
 * key k. */
static bool check_duplicate(validator *va, kg_idtab *seen, kg_id **first, size_t *cap, kg_id node)
{
    kg_id key[4] = {0, data_object(va, node, va->v.authority),
                    data_object(va, node, va->v.programme), data_object(va, node, va->v.start)};
    kg_scan *scan = data_scan(va, node, va->v.sanctions, 0);
    kg_quad q;
    bool ok = scan != NULL;
    while (ok && !va->stop && data_next(va, scan, &q)) {
        key[0] = q.o;
        uint32_t k;
        int added = kg_idtab_put(seen, key, &k);
        ok = added >= 0 && kg_grow(first, cap, k, sizeof **first, 16);
        if (ok && added)
            (*first)[k] = node;
        else if (ok && (*first)[k] != node) {
            char a[512], b[512], msg[1200];
            snprintf(msg, sizeof msg,
                     "%s is the same measure as %s (same entity, authority, list and start date)",
                     short_name(va->view, node, a, sizeof a),
                     short_name(va->view, (*first)[k], b, sizeof b));
            report(va, KG_PROBLEM_DUPLICATE_SANCTION, &q, msg);
        }
    }
    kg_scan_close(scan);
    return ok;
}

/* Plans need a status, post holdings a holder, and a sanction measure is
 * one node. */
static kg_status check_shapes(validator *va)
{
    const vocab *v = &va->v;
    size_t n = kg_idtab_count(va->types), n_sanctions = 0, cap_first = 0;
    named *sanctions = malloc((n ? n : 1) * sizeof *sanctions);
    kg_idtab *seen = kg_idtab_new(4);
    kg_id *first = NULL;
    bool ok = sanctions && seen;
    for (uint32_t i = 0; ok && i < n && !va->stop; i++) {
        const kg_id *t = kg_idtab_key(va->types, i);
        uint32_t subject;
        kg_term iri;
        if (!kg_idtab_find(va->subjects, &t[0], &subject))
            continue;
        if (t[1] == v->plan && v->plan)
            check_required(va, t[0], subject, v->status, KG_PROBLEM_NO_STATUS,
                           "is a kg:Plan without kg:status (planned, hoped, completed...)");
        else if (t[1] == v->holding && v->holding)
            check_required(va, t[0], subject, v->holder, KG_PROBLEM_NO_HOLDER,
                           "is a kg:PostHolding without kg:holder");
        else if (t[1] == v->sanction && v->sanction && v->sanctions &&
                 kg_view_term(va->view, t[0], &iri))
            sanctions[n_sanctions++] = (named){t[0], iri.value};
    }
    if (ok)
        qsort(sanctions, n_sanctions, sizeof *sanctions, compare_named);
    for (size_t i = 0; ok && i < n_sanctions && !va->stop; i++)
        ok = check_duplicate(va, seen, &first, &cap_first, sanctions[i].id);
    free(sanctions);
    free(first);
    kg_idtab_free(seen);
    return ok ? KG_OK
              : kg_error_set(kg_store_error_mut(va->store), KG_ERR_NOMEM, NULL, "out of memory");
}

kg_status kg_validate(kg_store *store, const kg_validate_options *opts, kg_problem_fn fn, void *ctx,
                      uint64_t *count)
{
    kg_error *err = kg_store_error_mut(store);
    kg_status vs = kg_options_check(opts, KG_VALIDATE_OPTIONS_VERSION, "kg_validate_options", err);
    if (vs != KG_OK)
        return vs;
    validator va = {.store = store, .fn = fn, .ctx = ctx, .view = kg_store_view(store)};
    if (!va.view)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    kg_term onto = kg_term_iri(KG_ONTOLOGY_GRAPH);
    const kg_term *onto_term = opts && opts->ontology_graph ? opts->ontology_graph : &onto;
    va.onto = kg_view_lookup(va.view, onto_term);
    if (!va.onto || !kg_view_graph_exists(va.view, va.onto))
        return kg_error_set(err, KG_ERR_NOT_FOUND, NULL,
                            "the ontology is not in the store: load ontology/kgsh.ttl into the "
                            "graph <%s>",
                            onto_term->value);
    if (opts && opts->graph) {
        va.graph = kg_view_lookup(va.view, opts->graph);
        if (!va.graph || !kg_view_graph_exists(va.view, va.graph))
            return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "no graph <%s> in the store",
                                opts->graph->value);
    }
    lookup_vocab(&va);
    va.terms = kg_idtab_new(1);
    va.props = kg_idtab_new(1);
    va.types = kg_idtab_new(2);
    va.subjects = kg_idtab_new(1);
    va.labelled = kg_idtab_new(1);
    kg_status st = va.terms && va.props && va.types && va.subjects && va.labelled
                       ? KG_OK
                       : kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    if (st == KG_OK)
        st = read_ontology(&va);
    if (st == KG_OK)
        st = read_data(&va);
    if (st == KG_OK) {
        kg_scan *scan = data_scan(&va, 0, 0, 0);
        kg_quad q;
        while (!va.stop && scan && data_next(&va, scan, &q)) {
            if (kg_store_interrupted(store)) {
                st = kg_error_set(err, KG_ERR_INTERRUPTED, NULL, "interrupted");
                break;
            }
            check_triple(&va, &q);
        }
        if (!scan)
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
        kg_scan_close(scan);
    }
    if (st == KG_OK)
        check_labels(&va);
    if (st == KG_OK)
        st = check_shapes(&va);
    if (count)
        *count = va.count;
    kg_idtab_free(va.terms);
    kg_idtab_free(va.props);
    kg_idtab_free(va.types);
    kg_idtab_free(va.subjects);
    kg_idtab_free(va.labelled);
    free(va.parents.v);
    free(va.unions.v);
    free(va.prop);
    free(va.subject_graph);
    return st;
}
