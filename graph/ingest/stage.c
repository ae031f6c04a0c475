/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/stage.c - the staging graph and moving proposals out of it.
 *
 * Staging: each proposal is a kgi:Proposal node in the graph
 * <https://w3id.org/kgsh/staging/STEM> with kgi:number, kgi:subject,
 * kgi:predicate, kgi:object, kgi:rule, kgi:confidence and one kgi:evidence
 * node per sentence (kgi:sentence, kgi:start, kgi:end, kgi:text). The
 * triple itself is never asserted there, so queries do not see it. The
 * graph's own node holds what accepting needs besides: kgi:article, the
 * header values (kgi:title, kgi:publisher, kgi:date, kgi:source), the
 * publisher's resolution (kgi:publisherEntity, kgi:publisherClass,
 * kgi:publisherKnown) and kgi:lastNumber. Numbers run on across the
 * store's staging graphs (after the highest kgi:lastNumber of the others),
 * so "accept 12" means one proposal in any later process (resume.c reads
 * a staging graph back).
 *
 * Accepting writes, in the article graph, what datasets/README.md
 * describes for the hand-mapped articles: the article node (from the
 * headers), the triple, one rdf:Statement node per triple (numbered after
 * the graph's existing ones, or the existing one for that triple) with
 * kg:statedIn to kg:Sentence nodes (kg:text, kg:index, kg:inArticle), and
 * the descriptions (types and names, copied from the store) of the known
 * things the triples use. A new thing's own type and label proposals are
 * accepted with the first triple that uses it.
 *
 * Every decision, accept or reject, is also remembered in the graph
 * <https://w3id.org/kgsh/decisions>: a kgi:Decision node per proposal
 * (<…/decisions#pN>) with kgi:rule, kgi:verdict (kgi:Accepted or
 * kgi:Rejected), kgi:confidence, kgi:predicate and kgi:article, in the same
 * transaction; a rule's precision is its accepted share (kgsh's .rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/ingest_impl.h"
#include "ingest/values.h"
#include "store/quads.h"
#include "util/buf.h"
#include "kg/grow.h"

/* Adds the staging quads of proposal k. */
static kg_status stage_quads(kg_ingest *ing, size_t k)
{
    kgi_article *art = &ing->art;
    const kgi_proposal *pr = &art->props[k];
    kg_term g = kg_term_iri(art->staging_iri);
    char node[600], num[32], conf[32];
    snprintf(node, sizeof node, "%s#p%zu", art->staging_iri, pr->pub.number);
    snprintf(num, sizeof num, "%zu", pr->pub.number);
    snprintf(conf, sizeof conf, "%.2f", pr->pub.confidence);
    kg_term n = kg_term_iri(node);
    struct {
        const char *p;
        kg_term o;
    } props[] = {
        {KG_RDF "type", kg_term_iri(KGI_NS "Proposal")},
        {KGI_NS "number", kg_term_literal(num, KG_XSD "integer", NULL)},
        {KGI_NS "subject", pr->pub.subject},
        {KGI_NS "predicate", pr->pub.predicate},
        {KGI_NS "object", pr->pub.object},
        {KGI_NS "rule", kg_term_literal(pr->pub.rule, NULL, NULL)},
        {KGI_NS "confidence", kg_term_literal(conf, KG_XSD "decimal", NULL)},
    };
    kg_status st = KG_OK;
    for (size_t i = 0; i < sizeof props / sizeof props[0] && !st; i++) {
        kg_term p = kg_term_iri(props[i].p);
        st = kg_store_add(ing->store, &n, &p, &props[i].o, &g);
    }
    for (size_t e = 0; e < pr->n_sentences && !st; e++) {
        kg_evidence ev;
        if ((st = kgi_evidence(&ev, ing, k + 1, e)) != KG_OK)
            break;
        char enode[640], sent[32], start[32], end[32];
        snprintf(enode, sizeof enode, "%s-e%zu", node, e + 1);
        snprintf(sent, sizeof sent, "%zu", ev.sentence);
        snprintf(start, sizeof start, "%zu", ev.start);
        snprintf(end, sizeof end, "%zu", ev.end);
        kg_term en = kg_term_iri(enode), pe = kg_term_iri(KGI_NS "evidence");
        struct {
            const char *p;
            kg_term o;
        } eprops[] = {
            {KGI_NS "sentence", kg_term_literal(sent, KG_XSD "positiveInteger", NULL)},
            {KGI_NS "start", kg_term_literal(start, KG_XSD "nonNegativeInteger", NULL)},
            {KGI_NS "end", kg_term_literal(end, KG_XSD "nonNegativeInteger", NULL)},
            {KGI_NS "text", kg_term_literal(ev.text, NULL, NULL)},
        };
        st = kg_store_add(ing->store, &n, &pe, &en, &g);
        for (size_t i = 0; i < sizeof eprops / sizeof eprops[0] && !st; i++) {
            kg_term p = kg_term_iri(eprops[i].p);
            st = kg_store_add(ing->store, &en, &p, &eprops[i].o, &g);
        }
    }
    return st;
}

static bool begin(kg_ingest *ing, bool *own)
{
    *own = !kg_store_in_transaction(ing->store);
    return !*own || kg_store_begin(ing->store) == KG_OK;
}

static kg_status finish(kg_ingest *ing, bool own, kg_status st)
{
    if (own && !st)
        st = kg_store_commit(ing->store);
    if (own && st)
        kg_store_rollback(ing->store);
    if (st) {
        const kg_error *e = kg_store_error(ing->store);
        ing->error = *e;
        if (!ing->error.status)
            kg_error_set(&ing->error, st, NULL, "%s", kg_strerror(st));
    }
    return st;
}

/* The highest kgi:lastNumber of the store's staging graphs. */
static size_t last_staged_number(kg_store *store)
{
    kg_view *v = kg_store_view(store);
    kg_term p = kg_term_iri(KGI_NS "lastNumber");
    kg_id pid = kg_view_lookup(v, &p);
    kg_scan *scan = pid ? kg_scan_open(v, KG_ID_NONE, pid, KG_ID_NONE, KG_GRAPHS_ALL, 0) : NULL;
    kg_quad q;
    kg_term t;
    size_t max = 0;
    while (scan && kg_scan_next(scan, &q))
        if (kg_view_term(v, q.o, &t) && t.value_len < 32) {
            char digits[32];
            memcpy(digits, t.value, t.value_len);
            digits[t.value_len] = '\0';
            size_t n = strtoul(digits, NULL, 10);
            max = n > max ? n : max;
        }
    kg_scan_close(scan);
    return max;
}

/* The thing the header's publisher names: a known organization, or a new
 * company minted from the name; -1 when there is none (or ENOMEM). */
static int publisher_entity(kgi_article *art)
{
    const char *name = art->text.publisher;
    if (!name)
        return -1;
    int ent = kgi_gazetteer_find(art, name);
    if (ent < 0 || !(kgi_class_cats(art->ents[ent].cls) & KGI_CAT_ORG))
        ent = kgi_entity_get(art, kgi_mint_iri(art, name, NULL), name, KGI_COMPANY, false);
    return ent;
}

/* The staging graph's own node: the article, its header values, the
 * publisher's resolution and the numbers' high-water mark. */
static kg_status stage_header(kg_ingest *ing, size_t last)
{
    kgi_article *art = &ing->art;
    const kgi_text *tx = &art->text;
    kg_term g = kg_term_iri(art->staging_iri);
    char num[32];
    snprintf(num, sizeof num, "%zu", last);
    char key[KGI_TEXT_KEY_SIZE];
    bool has_key = kgi_text_key(tx, key);
    int pub = publisher_entity(art);
    if (tx->publisher && pub < 0)
        return KG_ERR_NOMEM;
    const kgi_entity *e = pub >= 0 ? &art->ents[pub] : NULL;
    const char *cls = e ? kgi_class_iri(e->cls) : NULL;
    struct {
        const char *p;
        kg_term o;
        bool present;
    } props[] = {
        {KGI_NS "article", kg_term_iri(art->article_iri), true},
        {KGI_NS "lastNumber", kg_term_literal(num, KG_XSD "integer", NULL), true},
        {KGI_NS "title", kg_term_literal(tx->title ? tx->title : "", NULL, NULL), tx->title},
        {KGI_NS "publisher", kg_term_literal(tx->publisher ? tx->publisher : "", NULL, NULL), e},
        {KGI_NS "date", kg_term_literal(tx->date ? tx->date : "", NULL, NULL), tx->date},
        {KGI_NS "source", kg_term_literal(tx->source ? tx->source : "", NULL, NULL), tx->source},
        {KGI_NS "textHash", kg_term_literal(key, NULL, NULL), has_key},
        {KGI_NS "publisherEntity", kg_term_iri(e ? e->iri : ""), e},
        {KGI_NS "publisherClass", kg_term_iri(cls ? cls : ""), e && cls},
        {KGI_NS "publisherKnown", kg_term_literal(e && e->known ? "true" : "false", KG_XSD "boolean", NULL), e},
    };
    kg_status st = KG_OK;
    for (size_t i = 0; i < sizeof props / sizeof props[0] && !st; i++) {
        kg_term p = kg_term_iri(props[i].p);
        if (props[i].present)
            st = kg_store_add(ing->store, &g, &p, &props[i].o, &g);
    }
    return st;
}

kg_status kgi_stage_write(kg_ingest *ing)
{
    bool own;
    if (!begin(ing, &own))
        return finish(ing, false, kg_store_error(ing->store)->status ? kg_store_error(ing->store)->status : KG_ERR_IO);
    kg_term g = kg_term_iri(ing->art.staging_iri);
    kg_status st = kg_store_drop_graph(ing->store, &g);
    if (st == KG_ERR_NOT_FOUND)
        st = KG_OK;
    if (!st)
        st = kg_store_create_graph(ing->store, &g);
    size_t base = st ? 0 : last_staged_number(ing->store);
    for (size_t k = 0; k < ing->art.n_props; k++)
        ing->art.props[k].pub.number = base + k + 1;
    if (!st)
        st = stage_header(ing, base + ing->art.n_props);
    for (size_t k = 0; k < ing->art.n_props && !st; k++)
        st = stage_quads(ing, k);
    return finish(ing, own, st);
}

/* --- accepting and rejecting ---
 *
 * Both first read everything they need from the store's view as it was
 * before (what exists, which statement node a triple has, the known
 * things' descriptions, the staging quads to drop) and collect the quads
 * to write, then write them all. Reading the view after a write would
 * rebuild the transaction's overlay each time: O(n^2) for n proposals. */

typedef struct term_quad {
    kg_term s, p, o;
} term_quad;

typedef struct quad_list {
    term_quad *items;
    size_t n, cap;
} quad_list;

typedef struct accept_ctx {
    kg_ingest *ing;
    kg_view *view; /* the store before this accept or reject */
    kg_term graph;
    size_t next_statement;
    kg_strmap *described; /* IRIs whose descriptions are in the graph */
    kg_strmap *sentences; /* sentence nodes made by this accept */
    kg_arena *arena;       /* the strings of adds */
    quad_list adds;        /* into the article graph */
    quad_list decisions;   /* into the decisions graph */
    kg_quad *drops; /* staging quads */
    size_t n_drops, cap_drops;
    bool nomem;
} accept_ctx;

static bool has_quad(accept_ctx *cx, const kg_term *s, const kg_term *p, const kg_term *o, const kg_term *g)
{
    kg_id ids[4] = {0};
    const kg_term *terms[4] = {s, p, o, g};
    for (int i = 0; i < 4; i++)
        if (terms[i] && !(ids[i] = kg_view_lookup(cx->view, terms[i])))
            return false;
    kg_scan *scan = kg_scan_open(cx->view, ids[0], ids[1], ids[2], KG_GRAPHS_ONE, ids[3]);
    kg_quad q;
    bool found = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return found;
}

static void push(accept_ctx *cx, quad_list *l, const kg_term *s, const char *p, const kg_term *o)
{
    if (!kg_grow(&l->items, &l->cap, l->n, sizeof *l->items, 256)) {
        cx->nomem = true;
        return;
    }
    kg_term pt = kg_term_iri(p);
    term_quad *q = &l->items[l->n];
    q->s = kgi_term_copy(cx->arena, s);
    q->p = kgi_term_copy(cx->arena, &pt);
    q->o = kgi_term_copy(cx->arena, o);
    if (!q->s.value || !q->p.value || !q->o.value)
        cx->nomem = true;
    else
        l->n++;
}

static void add(accept_ctx *cx, const kg_term *s, const char *p, const kg_term *o)
{
    push(cx, &cx->adds, s, p, o);
}

/* Remembers the verdict on proposal k (see the top). */
static void record(accept_ctx *cx, size_t k, bool accepted)
{
    const kg_proposal *p = &cx->ing->art.props[k].pub;
    char node[200], conf[32];
    snprintf(node, sizeof node, "%s#p%zu", KGI_DECISIONS, p->number);
    snprintf(conf, sizeof conf, "%.2f", p->confidence);
    kg_term n = kg_term_iri(node), type = kg_term_iri(KGI_NS "Decision"),
            verdict = kg_term_iri(accepted ? KGI_NS "Accepted" : KGI_NS "Rejected"),
            rule = kg_term_literal(p->rule, NULL, NULL), c = kg_term_literal(conf, KG_XSD "decimal", NULL),
            article = kg_term_iri(cx->ing->art.article_iri);
    push(cx, &cx->decisions, &n, KG_RDF "type", &type);
    push(cx, &cx->decisions, &n, KGI_NS "rule", &rule);
    push(cx, &cx->decisions, &n, KGI_NS "verdict", &verdict);
    push(cx, &cx->decisions, &n, KGI_NS "confidence", &c);
    push(cx, &cx->decisions, &n, KGI_NS "predicate", &p->predicate);
    push(cx, &cx->decisions, &n, KGI_NS "article", &article);
}

static void drop(accept_ctx *cx, const kg_quad *q)
{
    if (!kg_grow(&cx->drops, &cx->cap_drops, cx->n_drops, sizeof *cx->drops, 256)) {
        cx->nomem = true;
        return;
    }
    cx->drops[cx->n_drops++] = *q;
}

/* Proposal k's node and its evidence nodes, whatever they hold, go from
 * the staging graph. */
static void unstage(accept_ctx *cx, size_t k)
{
    kgi_article *art = &cx->ing->art;
    char node[600];
    snprintf(node, sizeof node, "%s#p%zu", art->staging_iri, art->props[k].pub.number);
    kg_term n = kg_term_iri(node), g = kg_term_iri(art->staging_iri), pe = kg_term_iri(KGI_NS "evidence");
    kg_id nid = kg_view_lookup(cx->view, &n), gid = kg_view_lookup(cx->view, &g),
          eid = kg_view_lookup(cx->view, &pe);
    kg_scan *scan = nid && gid ? kg_scan_open(cx->view, nid, KG_ID_NONE, KG_ID_NONE, KG_GRAPHS_ONE, gid) : NULL;
    kg_quad q, e;
    while (scan && kg_scan_next(scan, &q)) {
        kg_scan *inner = eid && q.p == eid ? kg_scan_open(cx->view, q.o, KG_ID_NONE, KG_ID_NONE, KG_GRAPHS_ONE, gid)
                                           : NULL;
        while (inner && kg_scan_next(inner, &e))
            drop(cx, &e);
        kg_scan_close(inner);
        drop(cx, &q);
    }
    kg_scan_close(scan);
}

/* The highest N of the graph's <G#stN> statement nodes. */
static size_t last_statement(accept_ctx *cx)
{
    kg_term type = kg_term_iri(KG_RDF "type"), stmt = kg_term_iri(KG_RDF "Statement");
    kg_id gid = kg_view_lookup(cx->view, &cx->graph), tid = kg_view_lookup(cx->view, &type),
          sid = kg_view_lookup(cx->view, &stmt);
    size_t max = 0, plen = strlen(cx->graph.value);
    if (!gid || !tid || !sid)
        return 0;
    kg_scan *scan = kg_scan_open(cx->view, KG_ID_NONE, tid, sid, KG_GRAPHS_ONE, gid);
    kg_quad q;
    kg_term t;
    while (scan && kg_scan_next(scan, &q))
        if (kg_view_term(cx->view, q.s, &t) && t.kind == KG_TERM_IRI && t.value_len > plen + 3 &&
            !strncmp(t.value, cx->graph.value, plen) && !strncmp(t.value + plen, "#st", 3)) {
            size_t n = strtoul(t.value + plen + 3, NULL, 10);
            if (n > max)
                max = n;
        }
    kg_scan_close(scan);
    return max;
}

/* Copies the store's types and names of a known thing into the graph. */
static void copy_description(accept_ctx *cx, const char *iri)
{
    int seen;
    if (kg_strmap_get(cx->described, iri, strlen(iri), &seen))
        return;
    kg_strmap_put(cx->described, iri, strlen(iri), 1);
    static const char *const props[] = {KG_RDF "type", KG_RDFS "label", KGI_SKOS "altLabel",
                                        KGI_SKOS "hiddenLabel"};
    kg_term s = kg_term_iri(iri);
    kg_id sid = kg_view_lookup(cx->view, &s);
    for (size_t k = 0; k < 4 && sid; k++) {
        kg_term p = kg_term_iri(props[k]);
        kg_id pid = kg_view_lookup(cx->view, &p);
        kg_scan *scan = pid ? kg_scan_open(cx->view, sid, pid, KG_ID_NONE, KG_GRAPHS_UNION, 0) : NULL;
        kg_quad q;
        kg_term o;
        while (scan && kg_scan_next(scan, &q))
            if (kg_view_term(cx->view, q.o, &o))
                add(cx, &s, props[k], &o);
        kg_scan_close(scan);
    }
}

static void article_node(accept_ctx *cx)
{
    kgi_article *art = &cx->ing->art;
    const kgi_text *tx = &art->text;
    kg_term a = cx->graph, type = kg_term_iri(KG_RDF "type"), cls = kg_term_iri(KGI_ONT "Article");
    if (has_quad(cx, &a, &type, &cls, &cx->graph))
        return;
    kg_buf label = KG_BUF_INIT;
    if (tx->title)
        kg_buf_puts(&label, tx->title);
    else
        kg_buf_printf(&label, "Article %s (the text has no title)", art->stem);
    kg_term lt = kg_term_literal(kg_buf_cstr(&label), NULL, NULL);
    add(cx, &a, KG_RDF "type", &cls);
    add(cx, &a, KG_RDFS "label", &lt);
    kg_buf_free(&label);
    if (tx->title) {
        kg_term t = kg_term_literal(tx->title, NULL, NULL);
        add(cx, &a, KGI_ONT "title", &t);
    }
    kgi_value date;
    if (tx->date && kgi_date_parse(tx->date, &date)) {
        kg_term d = kg_term_literal(date.lex, date.datatype, NULL);
        add(cx, &a, KGI_ONT "datePublished", &d);
    }
    kg_term src = kg_term_literal(tx->source ? tx->source : art->stem, NULL, NULL);
    add(cx, &a, KGI_ONT "source", &src);
    if (!tx->publisher)
        return;
    int ent = publisher_entity(art);
    if (ent < 0) {
        cx->nomem = true;
        return;
    }
    const kgi_entity *e = &art->ents[ent];
    kg_term pub = kg_term_iri(e->iri);
    add(cx, &a, KGI_ONT "publisher", &pub);
    if (e->known) {
        copy_description(cx, e->iri);
    } else {
        kg_term c = kg_term_iri(kgi_class_iri(e->cls)), l = kg_term_literal(e->label, NULL, NULL);
        add(cx, &pub, KG_RDF "type", &c);
        add(cx, &pub, KG_RDFS "label", &l);
    }
}

static void sentence_node(accept_ctx *cx, size_t k, kg_term *node, char *buf, size_t size)
{
    snprintf(buf, size, "%s#s%zu", cx->graph.value, k);
    *node = kg_term_iri(buf);
    kg_term type = kg_term_iri(KG_RDF "type"), cls = kg_term_iri(KGI_ONT "Sentence");
    int made;
    if (kg_strmap_get(cx->sentences, buf, strlen(buf), &made) || has_quad(cx, node, &type, &cls, &cx->graph))
        return;
    kg_strmap_put(cx->sentences, buf, strlen(buf), 1);
    char idx[32];
    snprintf(idx, sizeof idx, "%zu", k);
    kg_term index = kg_term_literal(idx, KG_XSD "positiveInteger", NULL);
    const kgi_sentence *s = &cx->ing->art.text.sentences[k - 1];
    char *copy = strndup(cx->ing->art.text.clean + s->start, s->end - s->start);
    if (!copy) {
        cx->nomem = true;
        return;
    }
    kg_term text = kg_term_literal(copy, NULL, NULL);
    add(cx, node, KG_RDF "type", &cls);
    add(cx, node, KGI_ONT "text", &text);
    add(cx, node, KGI_ONT "index", &index);
    add(cx, node, KGI_ONT "inArticle", &cx->graph);
    free(copy);
}

/* The statement node of s p o in the graph: the one the graph has, or a
 * new one (a triple is proposed once, so one accept never makes two). */
static void statement_node(accept_ctx *cx, const kg_proposal *p, char *buf, size_t size)
{
    kg_term rs = kg_term_iri(KG_RDF "subject"), rp = kg_term_iri(KG_RDF "predicate"),
            ro = kg_term_iri(KG_RDF "object");
    kg_id gid = kg_view_lookup(cx->view, &cx->graph), rsid = kg_view_lookup(cx->view, &rs),
          sid = kg_view_lookup(cx->view, &p->subject);
    kg_scan *scan = gid && rsid && sid ? kg_scan_open(cx->view, KG_ID_NONE, rsid, sid, KG_GRAPHS_ONE, gid) : NULL;
    kg_quad q;
    kg_term t;
    buf[0] = '\0';
    while (scan && kg_scan_next(scan, &q))
        if (kg_view_term(cx->view, q.s, &t) && t.kind == KG_TERM_IRI && t.value_len < size) {
            memcpy(buf, t.value, t.value_len + 1);
            kg_term st = kg_term_iri(buf);
            if (has_quad(cx, &st, &rp, &p->predicate, &cx->graph) && has_quad(cx, &st, &ro, &p->object, &cx->graph))
                break;
            buf[0] = '\0';
        }
    kg_scan_close(scan);
    if (buf[0])
        return;
    snprintf(buf, size, "%s#st%zu", cx->graph.value, ++cx->next_statement);
    kg_term node = kg_term_iri(buf), type = kg_term_iri(KG_RDF "Statement");
    add(cx, &node, KG_RDF "type", &type);
    add(cx, &node, KG_RDF "subject", &p->subject);
    add(cx, &node, KG_RDF "predicate", &p->predicate);
    add(cx, &node, KG_RDF "object", &p->object);
}

static void accept_one(accept_ctx *cx, size_t k)
{
    kgi_article *art = &cx->ing->art;
    const kgi_proposal *pr = &art->props[k];
    const kg_proposal *p = &pr->pub;
    add(cx, &p->subject, p->predicate.value, &p->object);
    int ents[2] = {pr->s_ent, pr->o_ent};
    for (int i = 0; i < 2; i++)
        if (ents[i] >= 0 && art->ents[ents[i]].known)
            copy_description(cx, art->ents[ents[i]].iri);
    if (pr->description)
        return;
    char node[700], sent[700];
    statement_node(cx, p, node, sizeof node);
    kg_term n = kg_term_iri(node);
    for (size_t e = 0; e < pr->n_sentences; e++) {
        kg_term s;
        sentence_node(cx, pr->sentences[e], &s, sent, sizeof sent);
        add(cx, &n, KGI_ONT "statedIn", &s);
    }
}

/* The pending type and label proposals of the new things proposal k uses.
 * Sets *nomem on ENOMEM. */
static size_t descriptions_of(kgi_article *art, size_t k, size_t *out, bool *nomem)
{
    size_t n = 0;
    int ents[2] = {art->props[k].s_ent, art->props[k].o_ent};
    for (int i = 0; i < 2; i++) {
        if (ents[i] < 0 || art->ents[ents[i]].known)
            continue;
        const kgi_entity *e = &art->ents[ents[i]];
        kg_term s = kg_term_iri(e->iri), type = kg_term_iri(KG_RDF "type"),
                cls = kg_term_iri(kgi_class_iri(e->cls) ? kgi_class_iri(e->cls) : KGI_ONT "Thing"),
                label = kg_term_iri(KG_RDFS "label"), name = kg_term_literal(e->label, NULL, NULL);
        const kg_term *pairs[2][2] = {{&type, &cls}, {&label, &name}};
        for (int j = 0; j < 2; j++) {
            kg_buf key = KG_BUF_INIT;
            if (!kgi_proposal_key(&key, &s, pairs[j][0], pairs[j][1]))
                *nomem = true;
            int idx;
            if (!*nomem && kg_strmap_get(art->prop_keys, key.data, key.len, &idx) && (size_t)idx != k &&
                art->props[idx].pub.state == KG_PROPOSAL_PENDING)
                out[n++] = (size_t)idx;
            kg_buf_free(&key);
        }
    }
    return n;
}

/* Writes what cx collected: the article graph's quads, the decisions,
 * then the drops. */
static kg_status write_collected(accept_ctx *cx)
{
    kg_status st = cx->nomem ? KG_ERR_NOMEM : KG_OK;
    kg_term decisions = kg_term_iri(KGI_DECISIONS);
    for (size_t i = 0; i < cx->adds.n && !st; i++)
        st = kg_store_add(cx->ing->store, &cx->adds.items[i].s, &cx->adds.items[i].p, &cx->adds.items[i].o,
                          &cx->graph);
    for (size_t i = 0; i < cx->decisions.n && !st; i++)
        st = kg_store_add(cx->ing->store, &cx->decisions.items[i].s, &cx->decisions.items[i].p,
                          &cx->decisions.items[i].o, &decisions);
    for (size_t i = 0; i < cx->n_drops && !st; i++)
        st = kg_store_remove_ids(cx->ing->store, &cx->drops[i]);
    return st;
}

static bool ctx_init(accept_ctx *cx, kg_ingest *ing)
{
    *cx = (accept_ctx){.ing = ing, .view = kg_store_view(ing->store),
                       .graph = kg_term_iri(ing->art.article_iri), .described = kg_strmap_new(),
                       .sentences = kg_strmap_new(), .arena = kg_arena_new()};
    return cx->view && cx->described && cx->sentences && cx->arena;
}

static void ctx_free(accept_ctx *cx)
{
    kg_strmap_free(cx->described);
    kg_strmap_free(cx->sentences);
    kg_arena_free(cx->arena);
    free(cx->adds.items);
    free(cx->decisions.items);
    free(cx->drops);
}

kg_status kgi_stage_accept(kg_ingest *ing, const size_t *idx, size_t n)
{
    kgi_article *art = &ing->art;
    if (!ing->store)
        return kg_error_set(&ing->error, KG_ERR_INVALID, NULL, "the proposals were made without a store");
    bool own;
    if (!begin(ing, &own))
        return finish(ing, false, KG_ERR_IO);
    accept_ctx cx;
    unsigned char *take = calloc(art->n_props ? art->n_props : 1, 1);
    kg_status st = ctx_init(&cx, ing) && take ? KG_OK : KG_ERR_NOMEM;
    for (size_t i = 0; i < n && !st; i++) {
        size_t extra[4];
        take[idx[i]] = 1;
        size_t m = descriptions_of(art, idx[i], extra, &cx.nomem);
        for (size_t j = 0; j < m; j++)
            take[extra[j]] = 1;
    }
    if (!st) {
        article_node(&cx);
        cx.next_statement = last_statement(&cx);
        kg_term staging = kg_term_iri(art->staging_iri);
        bool staged = has_quad(&cx, &staging, NULL, NULL, &staging);
        for (size_t k = 0; k < art->n_props; k++) {
            if (!take[k])
                continue;
            accept_one(&cx, k);
            if (art->props[k].pub.state == KG_PROPOSAL_PENDING)
                record(&cx, k, true);
            if (staged)
                unstage(&cx, k);
        }
        st = write_collected(&cx);
    }
    st = finish(ing, own, st);
    for (size_t k = 0; k < art->n_props && !st; k++)
        if (take[k])
            art->props[k].pub.state = KG_PROPOSAL_ACCEPTED;
    free(take);
    ctx_free(&cx);
    return st;
}

kg_status kgi_stage_reject(kg_ingest *ing, const size_t *idx, size_t n)
{
    kg_status st = KG_OK;
    if (ing->store) {
        bool own;
        if (!begin(ing, &own))
            return finish(ing, false, KG_ERR_IO);
        accept_ctx cx;
        st = ctx_init(&cx, ing) ? KG_OK : KG_ERR_NOMEM;
        for (size_t i = 0; i < n && !st; i++) {
            unstage(&cx, idx[i]);
            record(&cx, idx[i], false);
        }
        if (!st)
            st = write_collected(&cx);
        ctx_free(&cx);
        st = finish(ing, own, st);
    }
    for (size_t i = 0; i < n && !st; i++)
        ing->art.props[idx[i]].pub.state = KG_PROPOSAL_REJECTED;
    return st;
}
