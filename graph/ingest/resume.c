/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/resume.c - an ingest handle rebuilt from a staging graph, so that
 * a later process ("kgsh review", "kgsh accept 12") can show, accept and
 * reject what an earlier one staged.
 *
 * The staging graph holds all that accepting needs (stage.c writes it):
 * the article's header values and its publisher's resolution on the
 * graph's own node, and each pending proposal with its number, rule,
 * confidence and evidence sentences. The rebuilt handle has those
 * proposals in ascending number, the things they name (new ones are those
 * with a staged type or label; every other IRI is known to the store) and,
 * as its text, the evidence sentences at their indexes: kgi_stage_accept
 * and kgi_stage_reject then work on it as on a freshly ingested one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/ingest_impl.h"
#include "store/quads.h"
#include "util/buf.h"
#include "kg/grow.h"

typedef struct reader {
    kg_view *view;
    kg_id graph;
    kg_arena *arena;
} reader;

typedef struct staged_evidence {
    size_t sentence, start, end;
    const char *text;
} staged_evidence;

/* One proposal as the staging graph holds it. */
typedef struct staged {
    size_t number;
    kg_term s, p, o;
    const char *rule;
    double confidence;
    staged_evidence *ev; /* in ascending sentence order */
    size_t n_ev;
} staged;

static kg_id id_of(reader *r, const char *iri)
{
    kg_term t = kg_term_iri(iri);
    return kg_view_lookup(r->view, &t);
}

/* The first object of s p (in the staging graph, or in any graph when
 * anywhere), copied into the arena. */
static bool object_of(reader *r, kg_id s, const char *p, bool anywhere, kg_term *out)
{
    kg_id pid = id_of(r, p);
    kg_scan *scan = pid && s ? kg_scan_open(r->view, s, pid, KG_ID_NONE,
                                            anywhere ? KG_GRAPHS_UNION : KG_GRAPHS_ONE, r->graph)
                             : NULL;
    kg_quad q;
    kg_term t;
    bool found = scan && kg_scan_next(scan, &q) && kg_view_term(r->view, q.o, &t);
    kg_scan_close(scan);
    if (found)
        *out = kgi_term_copy(r->arena, &t);
    return found && out->value;
}

static const char *text_of(reader *r, kg_id s, const char *p)
{
    kg_term t;
    return object_of(r, s, p, false, &t) ? t.value : NULL;
}

static size_t count_of(reader *r, kg_id s, const char *p)
{
    const char *v = text_of(r, s, p);
    return v ? strtoul(v, NULL, 10) : 0;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int by_sentence(const void *a, const void *b)
{
    const staged_evidence *x = a, *y = b;
    return (x->sentence > y->sentence) - (x->sentence < y->sentence);
}

static int by_number(const void *a, const void *b)
{
    const staged *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

/* Reads proposal node n with its evidence; false on ENOMEM or a node that
 * lacks a part (left out: it cannot be accepted as staged). */
static bool read_proposal(reader *r, kg_id n, staged *out)
{
    memset(out, 0, sizeof *out);
    const char *conf = text_of(r, n, KGI_NS "confidence");
    out->number = count_of(r, n, KGI_NS "number");
    out->rule = text_of(r, n, KGI_NS "rule");
    out->confidence = conf ? strtod(conf, NULL) : 0;
    if (!out->number || !out->rule || !object_of(r, n, KGI_NS "subject", false, &out->s) ||
        !object_of(r, n, KGI_NS "predicate", false, &out->p) ||
        !object_of(r, n, KGI_NS "object", false, &out->o))
        return false;
    kg_id pe = id_of(r, KGI_NS "evidence");
    kg_scan *scan = pe ? kg_scan_open(r->view, n, pe, KG_ID_NONE, KG_GRAPHS_ONE, r->graph) : NULL;
    kg_quad q;
    size_t cap = 0;
    while (scan && kg_scan_next(scan, &q)) {
        if (out->n_ev == cap) {
            cap = cap ? cap * 2 : 4;
            staged_evidence *grown = kg_arena_alloc(r->arena, cap * sizeof *grown);
            if (!grown)
                break;
            if (out->n_ev)
                memcpy(grown, out->ev, out->n_ev * sizeof *grown);
            out->ev = grown;
        }
        staged_evidence *e = &out->ev[out->n_ev];
        e->sentence = count_of(r, q.o, KGI_NS "sentence");
        e->start = count_of(r, q.o, KGI_NS "start");
        e->end = count_of(r, q.o, KGI_NS "end");
        e->text = text_of(r, q.o, KGI_NS "text");
        if (e->sentence && e->text)
            out->n_ev++;
    }
    kg_scan_close(scan);
    qsort(out->ev, out->n_ev, sizeof *out->ev, by_sentence);
    return out->n_ev > 0;
}

/* The article's text as far as the evidence shows it: each evidence
 * sentence at its index, the others empty. */
static bool build_text(kgi_text *tx, const staged *props, size_t n)
{
    size_t max = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t e = 0; e < props[k].n_ev; e++)
            max = props[k].ev[e].sentence > max ? props[k].ev[e].sentence : max;
    tx->sentences = calloc(max ? max : 1, sizeof *tx->sentences);
    unsigned char *have = calloc(max ? max : 1, 1);
    kg_buf clean = KG_BUF_INIT;
    bool ok = tx->sentences && have;
    tx->n_sentences = tx->cap_sentences = ok ? max : 0;
    for (size_t k = 0; ok && k < n; k++)
        for (size_t e = 0; ok && e < props[k].n_ev; e++) {
            const staged_evidence *ev = &props[k].ev[e];
            if (have[ev->sentence - 1])
                continue;
            have[ev->sentence - 1] = 1;
            kgi_sentence *s = &tx->sentences[ev->sentence - 1];
            s->start = clean.len;
            ok = kg_buf_puts(&clean, ev->text) && kg_buf_putc(&clean, '\0');
            s->end = s->start + strlen(ev->text);
            s->char_start = ev->start;
            s->char_end = ev->end;
        }
    free(have);
    tx->len = clean.len;
    tx->clean = ok ? (clean.data ? clean.data : strdup("")) : NULL;
    if (!ok)
        kg_buf_free(&clean);
    return ok && tx->clean;
}

/* The header values and the publisher as staging resolved it (made an
 * entity first, with its class, so that accepting finds the same one). */
static bool read_header(reader *r, kgi_article *art, kg_id node)
{
    kgi_text *tx = &art->text;
    tx->title = dup_or_null(text_of(r, node, KGI_NS "title"));
    tx->publisher = dup_or_null(text_of(r, node, KGI_NS "publisher"));
    tx->date = dup_or_null(text_of(r, node, KGI_NS "date"));
    tx->source = dup_or_null(text_of(r, node, KGI_NS "source"));
    kg_term pub, cls;
    if (!tx->publisher || !object_of(r, node, KGI_NS "publisherEntity", false, &pub))
        return true;
    const char *known = text_of(r, node, KGI_NS "publisherKnown");
    kgi_class c = object_of(r, node, KGI_NS "publisherClass", false, &cls) ? kgi_class_of_iri(cls.value)
                                                                          : KGI_COMPANY;
    int ent = kgi_entity_get(art, pub.value, tx->publisher, c, known && !strcmp(known, "true"));
    if (ent < 0)
        return false;
    kgi_gazetteer_add(art, tx->publisher, ent, false);
    return true;
}

static bool is_description(const kg_term *p)
{
    return !strcmp(p->value, KG_RDF "type") || !strcmp(p->value, KG_RDFS "label");
}

/* The entity of an IRI node of a proposal: new when the staging graph
 * describes it (made before this is called), else known to the store. */
static int entity_of(reader *r, kgi_article *art, const kg_term *t)
{
    if (t->kind != KG_TERM_IRI || !strcmp(t->value, art->article_iri))
        return -1;
    /* the ontology's individuals (a modality, a holding status) are values
     * the rules name, not things of the article, as when they were staged */
    if (!strncmp(t->value, KGI_ONT, strlen(KGI_ONT)))
        return -1;
    int idx;
    if (kg_strmap_get(art->by_iri, t->value, strlen(t->value), &idx))
        return idx;
    kg_term label = {0};
    object_of(r, kg_view_lookup(r->view, t), KG_RDFS "label", true, &label);
    return kgi_entity_get(art, t->value, label.value, KGI_NONE, true);
}

/* The new things: the subjects of staged type and label proposals. */
static bool describe_new(kgi_article *art, const staged *props, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const staged *sp = &props[k];
        if (!is_description(&sp->p) || sp->s.kind != KG_TERM_IRI)
            continue;
        int ent = kgi_entity_get(art, sp->s.value, "", KGI_NONE, false);
        if (ent < 0)
            return false;
        if (!strcmp(sp->p.value, KG_RDF "type"))
            art->ents[ent].cls = kgi_class_of_iri(sp->o.value);
        else
            art->ents[ent].label = (char *)sp->o.value;
    }
    return true;
}

static bool add_proposals(reader *r, kg_ingest *ing, const staged *props, size_t n)
{
    kgi_article *art = &ing->art;
    for (size_t k = 0; k < n; k++) {
        const staged *sp = &props[k];
        int s_ent = entity_of(r, art, &sp->s);
        int o_ent = is_description(&sp->p) ? -1 : entity_of(r, art, &sp->o);
        size_t before = art->n_props;
        for (size_t e = 0; e < sp->n_ev; e++)
            if (!kgi_propose(art, &sp->s, &sp->p, &sp->o, s_ent, o_ent, sp->ev[e].sentence, sp->rule,
                             sp->confidence))
                return false;
        if (art->n_props != before + 1)
            continue; /* the same triple staged twice: kept once */
        kg_proposal *pub = &art->props[before].pub;
        pub->number = sp->number;
        pub->confidence = sp->confidence;
    }
    return true;
}

/* The proposal nodes of the staging graph, sorted by number. */
static bool read_all(reader *r, staged **out, size_t *n)
{
    kg_id type = id_of(r, KG_RDF "type"), cls = id_of(r, KGI_NS "Proposal");
    kg_scan *scan = type && cls ? kg_scan_open(r->view, KG_ID_NONE, type, cls, KG_GRAPHS_ONE, r->graph)
                                : NULL;
    size_t cap = 0;
    bool ok = true;
    kg_quad q;
    *out = NULL;
    *n = 0;
    while (ok && scan && kg_scan_next(scan, &q)) {
        if (!(ok = kg_grow(out, &cap, *n, sizeof **out, 64)))
            break;
        if (read_proposal(r, q.s, &(*out)[*n]))
            (*n)++;
    }
    kg_scan_close(scan);
    if (ok && *n)
        qsort(*out, *n, sizeof **out, by_number);
    return ok;
}

kg_status kg_ingest_resume(kg_ingest **out, kg_store *store, const char *stem,
                           const kg_ingest_options *opts, kg_error *err)
{
    *out = NULL;
    kg_ingest *ing;
    kg_status st = kgi_handle_new(&ing, store, opts, stem, err);
    if (st)
        return st;
    kgi_article *art = &ing->art;
    reader r = {kg_store_view(store), 0, art->arena};
    kg_term g = kg_term_iri(art->staging_iri);
    kg_id node = r.view ? kg_view_lookup(r.view, &g) : 0;
    r.graph = node;
    if (!node || !text_of(&r, node, KGI_NS "lastNumber")) {
        kg_ingest_free(ing);
        return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "no staged proposals for the article %s", stem);
    }
    staged *props = NULL;
    size_t n = 0;
    bool ok = read_header(&r, art, node) && read_all(&r, &props, &n) && build_text(&art->text, props, n) &&
              kgi_handle_text_ready(ing) && describe_new(art, props, n) && add_proposals(&r, ing, props, n);
    free(props);
    if (!ok) {
        kg_ingest_free(ing);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory reading the staged proposals of %s",
                            stem);
    }
    *out = ing;
    return KG_OK;
}

typedef struct stem_entry {
    size_t last;
    char *stem;
} stem_entry;

static int by_last(const void *a, const void *b)
{
    const stem_entry *x = a, *y = b;
    return (x->last > y->last) - (x->last < y->last);
}

kg_status kg_ingest_staged(kg_store *store, kg_ingest_stem_fn fn, void *ctx)
{
    kg_arena *arena = kg_arena_new();
    reader r = {kg_store_view(store), 0, arena};
    kg_id last = id_of(&r, KGI_NS "lastNumber"), type = id_of(&r, KG_RDF "type"),
          cls = id_of(&r, KGI_NS "Proposal");
    kg_scan *scan = last ? kg_scan_open(r.view, KG_ID_NONE, last, KG_ID_NONE, KG_GRAPHS_ALL, 0) : NULL;
    stem_entry *items = NULL;
    size_t n = 0, cap = 0, prefix = strlen(KGI_STAGING);
    bool ok = arena != NULL;
    kg_quad q;
    kg_term t;
    while (ok && scan && kg_scan_next(scan, &q)) {
        if (q.s != q.g || !kg_view_term(r.view, q.s, &t) || t.value_len <= prefix ||
            strncmp(t.value, KGI_STAGING, prefix))
            continue;
        kg_scan *pending = type && cls ? kg_scan_open(r.view, KG_ID_NONE, type, cls, KG_GRAPHS_ONE, q.g) : NULL;
        kg_quad any;
        bool has = pending && kg_scan_next(pending, &any);
        kg_scan_close(pending);
        if (!has)
            continue;
        if (!(ok = kg_grow(&items, &cap, n, sizeof *items, 16)))
            break;
        r.graph = q.g;
        items[n].last = count_of(&r, q.s, KGI_NS "lastNumber");
        items[n].stem = kg_arena_strndup(arena, t.value + prefix, t.value_len - prefix);
        ok = items[n++].stem != NULL;
    }
    kg_scan_close(scan);
    if (ok && n)
        qsort(items, n, sizeof *items, by_last);
    for (size_t k = 0; ok && k < n; k++)
        if (fn(ctx, items[k].stem))
            break;
    free(items);
    kg_arena_free(arena);
    return ok ? KG_OK
              : kg_error_set(kg_store_error_mut(store), KG_ERR_NOMEM, NULL,
                             "out of memory listing staged articles");
}
