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
 * accepted with the first triple that uses it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/ingest_impl.h"
#include "ingest/values.h"
#include "store/quads.h"
#include "util/buf.h"

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
        kg_ingest_evidence(ing, k + 1, e, &ev);
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

/* Removes proposal k's node and its evidence nodes from the staging graph,
 * whatever they hold. */
static kg_status unstage(kg_ingest *ing, size_t k)
{
    kgi_article *art = &ing->art;
    char node[600];
    snprintf(node, sizeof node, "%s#p%zu", art->staging_iri, art->props[k].pub.number);
    kg_term n = kg_term_iri(node), g = kg_term_iri(art->staging_iri),
            pe = kg_term_iri(KGI_NS "evidence");
    kg_view *v = kg_store_view(ing->store);
    kg_id nid = kg_view_lookup(v, &n), gid = kg_view_lookup(v, &g), eid = kg_view_lookup(v, &pe);
    if (!nid || !gid)
        return KG_OK;
    /* the evidence nodes first, then the proposal's own quads */
    kg_quad *gone = NULL;
    size_t n_gone = 0, cap = 0;
    kg_status st = KG_OK;
    kg_quad q, e;
    kg_scan *scan = kg_scan_open(v, nid, KG_ID_NONE, KG_ID_NONE, KG_GRAPHS_ONE, gid);
    while (scan && !st && kg_scan_next(scan, &q)) {
        kg_scan *inner = q.p == eid ? kg_scan_open(v, q.o, KG_ID_NONE, KG_ID_NONE, KG_GRAPHS_ONE, gid) : NULL;
        bool more = true;
        while (!st && more) {
            more = inner && kg_scan_next(inner, &e);
            if (n_gone == cap) {
                kg_quad *grown = realloc(gone, (cap = cap ? cap * 2 : 16) * sizeof *grown);
                if (!grown) {
                    st = KG_ERR_NOMEM;
                    break;
                }
                gone = grown;
            }
            gone[n_gone++] = more ? e : q;
        }
        kg_scan_close(inner);
    }
    kg_scan_close(scan);
    for (size_t i = 0; i < n_gone && !st; i++)
        st = kg_store_remove_ids(ing->store, &gone[i]);
    free(gone);
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

/* --- accepting --- */

/* Note: inside the accept transaction each call refreshes the view, which
 * rebuilds the transaction's pending changes (kg_txn_build): accepting n
 * proposals costs O(n^2). Fine for articles (hundreds), slow for huge
 * inputs; the fix belongs in the store (an overlay updated in place). */
static bool has_quad(kg_store *store, const kg_term *s, const kg_term *p, const kg_term *o, const kg_term *g)
{
    kg_view *v = kg_store_view(store);
    kg_id ids[4] = {0};
    const kg_term *terms[4] = {s, p, o, g};
    for (int i = 0; i < 4; i++)
        if (terms[i] && !(ids[i] = kg_view_lookup(v, terms[i])))
            return false;
    kg_scan *scan = kg_scan_open(v, ids[0], ids[1], ids[2], KG_GRAPHS_ONE, ids[3]);
    kg_quad q;
    bool found = scan && kg_scan_next(scan, &q);
    kg_scan_close(scan);
    return found;
}

typedef struct accept_ctx {
    kg_ingest *ing;
    kg_term graph;
    size_t next_statement;
    kgi_strmap *described; /* IRIs whose descriptions are in the graph */
} accept_ctx;

/* The highest N of the graph's <G#stN> statement nodes. */
static size_t last_statement(kg_store *store, const kg_term *g)
{
    kg_view *v = kg_store_view(store);
    kg_term type = kg_term_iri(KG_RDF "type"), stmt = kg_term_iri(KG_RDF "Statement");
    kg_id gid = kg_view_lookup(v, g), tid = kg_view_lookup(v, &type), sid = kg_view_lookup(v, &stmt);
    size_t max = 0, plen = strlen(g->value);
    if (!gid || !tid || !sid)
        return 0;
    kg_scan *scan = kg_scan_open(v, KG_ID_NONE, tid, sid, KG_GRAPHS_ONE, gid);
    kg_quad q;
    kg_term t;
    while (scan && kg_scan_next(scan, &q))
        if (kg_view_term(v, q.s, &t) && t.kind == KG_TERM_IRI && t.value_len > plen + 3 &&
            !strncmp(t.value, g->value, plen) && !strncmp(t.value + plen, "#st", 3)) {
            size_t n = strtoul(t.value + plen + 3, NULL, 10);
            if (n > max)
                max = n;
        }
    kg_scan_close(scan);
    return max;
}

/* Copies the store's types and names of a known thing into the graph. */
static kg_status copy_description(accept_ctx *cx, const char *iri)
{
    kg_store *store = cx->ing->store;
    int seen;
    if (kgi_strmap_get(cx->described, iri, strlen(iri), &seen))
        return KG_OK;
    kgi_strmap_put(cx->described, iri, strlen(iri), 1);
    static const char *const props[] = {KG_RDF "type", KG_RDFS "label", KGI_SKOS "altLabel",
                                        KGI_SKOS "hiddenLabel"};
    kg_term s = kg_term_iri(iri);
    kg_term *found[64];
    const char *preds[64];
    size_t n = 0;
    kg_view *v = kg_store_view(store);
    kg_id sid = kg_view_lookup(v, &s);
    for (size_t k = 0; k < 4 && sid; k++) {
        kg_term p = kg_term_iri(props[k]);
        kg_id pid = kg_view_lookup(v, &p);
        kg_scan *scan = pid ? kg_scan_open(v, sid, pid, KG_ID_NONE, KG_GRAPHS_UNION, 0) : NULL;
        kg_quad q;
        kg_term o;
        while (scan && n < 64 && kg_scan_next(scan, &q))
            if (kg_view_term(v, q.o, &o)) {
                preds[n] = props[k];
                found[n++] = kg_term_copy(&o);
            }
        kg_scan_close(scan);
    }
    kg_status st = KG_OK;
    for (size_t k = 0; k < n; k++) {
        kg_term p = kg_term_iri(preds[k]);
        if (!st)
            st = found[k] ? kg_store_add(store, &s, &p, found[k], &cx->graph) : KG_ERR_NOMEM;
        kg_term_free(found[k]);
    }
    return st;
}

static kg_status add(accept_ctx *cx, const kg_term *s, const char *p, const kg_term *o)
{
    kg_term pt = kg_term_iri(p);
    return kg_store_add(cx->ing->store, s, &pt, o, &cx->graph);
}

static kg_status article_node(accept_ctx *cx)
{
    kgi_article *art = &cx->ing->art;
    const kgi_text *tx = &art->text;
    kg_term a = cx->graph, type = kg_term_iri(KG_RDF "type"), cls = kg_term_iri(KGI_ONT "Article");
    if (has_quad(cx->ing->store, &a, &type, &cls, &cx->graph))
        return KG_OK;
    kg_buf label = KG_BUF_INIT;
    if (tx->title)
        kg_buf_puts(&label, tx->title);
    else
        kg_buf_printf(&label, "Article %s (the text has no title)", art->stem);
    kg_term lt = kg_term_literal(kg_buf_cstr(&label), NULL, NULL);
    kg_status st = add(cx, &a, KG_RDF "type", &cls);
    if (!st)
        st = add(cx, &a, KG_RDFS "label", &lt);
    kg_buf_free(&label);
    if (!st && tx->title) {
        kg_term t = kg_term_literal(tx->title, NULL, NULL);
        st = add(cx, &a, KGI_ONT "title", &t);
    }
    kgi_value date;
    if (!st && tx->date && kgi_date_parse(tx->date, &date)) {
        kg_term d = kg_term_literal(date.lex, date.datatype, NULL);
        st = add(cx, &a, KGI_ONT "datePublished", &d);
    }
    if (!st) {
        kg_term src = kg_term_literal(tx->source ? tx->source : art->stem, NULL, NULL);
        st = add(cx, &a, KGI_ONT "source", &src);
    }
    if (!st && tx->publisher) {
        int ent = publisher_entity(art);
        if (ent < 0)
            return KG_ERR_NOMEM;
        const kgi_entity *e = &art->ents[ent];
        kg_term pub = kg_term_iri(e->iri);
        st = add(cx, &a, KGI_ONT "publisher", &pub);
        if (!st && e->known) {
            st = copy_description(cx, e->iri);
        } else if (!st) {
            kg_term c = kg_term_iri(kgi_class_iri(e->cls)), l = kg_term_literal(e->label, NULL, NULL);
            st = add(cx, &pub, KG_RDF "type", &c);
            if (!st)
                st = add(cx, &pub, KG_RDFS "label", &l);
        }
    }
    return st;
}

static kg_status sentence_node(accept_ctx *cx, size_t k, kg_term *node, char *buf, size_t size)
{
    snprintf(buf, size, "%s#s%zu", cx->graph.value, k);
    *node = kg_term_iri(buf);
    kg_term type = kg_term_iri(KG_RDF "type"), cls = kg_term_iri(KGI_ONT "Sentence");
    if (has_quad(cx->ing->store, node, &type, &cls, &cx->graph))
        return KG_OK;
    char idx[32];
    snprintf(idx, sizeof idx, "%zu", k);
    kg_term text, index = kg_term_literal(idx, KG_XSD "positiveInteger", NULL);
    const kgi_sentence *s = &cx->ing->art.text.sentences[k - 1];
    char *copy = strndup(cx->ing->art.text.clean + s->start, s->end - s->start);
    if (!copy)
        return KG_ERR_NOMEM;
    text = kg_term_literal(copy, NULL, NULL);
    kg_status st = add(cx, node, KG_RDF "type", &cls);
    if (!st)
        st = add(cx, node, KGI_ONT "text", &text);
    if (!st)
        st = add(cx, node, KGI_ONT "index", &index);
    if (!st)
        st = add(cx, node, KGI_ONT "inArticle", &cx->graph);
    free(copy);
    return st;
}

/* The statement node of s p o in the graph, found or made. */
static kg_status statement_node(accept_ctx *cx, const kg_proposal *p, char *buf, size_t size)
{
    kg_store *store = cx->ing->store;
    kg_view *v = kg_store_view(store);
    kg_term rs = kg_term_iri(KG_RDF "subject"), rp = kg_term_iri(KG_RDF "predicate"),
            ro = kg_term_iri(KG_RDF "object");
    kg_id gid = kg_view_lookup(v, &cx->graph), rsid = kg_view_lookup(v, &rs), sid = kg_view_lookup(v, &p->subject);
    kg_scan *scan = gid && rsid && sid ? kg_scan_open(v, KG_ID_NONE, rsid, sid, KG_GRAPHS_ONE, gid) : NULL;
    kg_quad q;
    kg_term t;
    buf[0] = '\0';
    while (scan && kg_scan_next(scan, &q))
        if (kg_view_term(v, q.s, &t) && t.kind == KG_TERM_IRI && t.value_len < size) {
            memcpy(buf, t.value, t.value_len + 1);
            kg_term st = kg_term_iri(buf);
            if (has_quad(store, &st, &rp, &p->predicate, &cx->graph) &&
                has_quad(store, &st, &ro, &p->object, &cx->graph))
                break;
            v = kg_store_view(store);
            buf[0] = '\0';
        }
    kg_scan_close(scan);
    if (buf[0])
        return KG_OK;
    snprintf(buf, size, "%s#st%zu", cx->graph.value, ++cx->next_statement);
    kg_term node = kg_term_iri(buf), type = kg_term_iri(KG_RDF "Statement");
    kg_status st = add(cx, &node, KG_RDF "type", &type);
    if (!st)
        st = add(cx, &node, KG_RDF "subject", &p->subject);
    if (!st)
        st = add(cx, &node, KG_RDF "predicate", &p->predicate);
    if (!st)
        st = add(cx, &node, KG_RDF "object", &p->object);
    return st;
}

static kg_status accept_one(accept_ctx *cx, size_t k)
{
    kgi_article *art = &cx->ing->art;
    const kgi_proposal *pr = &art->props[k];
    const kg_proposal *p = &pr->pub;
    kg_status st = kg_store_add(cx->ing->store, &p->subject, &p->predicate, &p->object, &cx->graph);
    int ents[2] = {pr->s_ent, pr->o_ent};
    for (int i = 0; i < 2 && !st; i++)
        if (ents[i] >= 0 && art->ents[ents[i]].known)
            st = copy_description(cx, art->ents[ents[i]].iri);
    if (st || pr->description)
        return st;
    char node[700], sent[700];
    if ((st = statement_node(cx, p, node, sizeof node)))
        return st;
    kg_term n = kg_term_iri(node);
    for (size_t e = 0; e < pr->n_sentences && !st; e++) {
        kg_term s;
        st = sentence_node(cx, pr->sentences[e], &s, sent, sizeof sent);
        if (!st)
            st = add(cx, &n, KGI_ONT "statedIn", &s);
    }
    return st;
}

/* The pending type and label proposals of the new things proposal k uses. */
static size_t descriptions_of(kgi_article *art, size_t k, size_t *out)
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
            kgi_proposal_key(&key, &s, pairs[j][0], pairs[j][1]);
            int idx;
            if (kgi_strmap_get(art->prop_keys, key.data, key.len, &idx) && (size_t)idx != k &&
                art->props[idx].pub.state == KG_PROPOSAL_PENDING)
                out[n++] = (size_t)idx;
            kg_buf_free(&key);
        }
    }
    return n;
}

kg_status kgi_stage_accept(kg_ingest *ing, const size_t *idx, size_t n)
{
    kgi_article *art = &ing->art;
    if (!ing->store)
        return kg_error_set(&ing->error, KG_ERR_INVALID, NULL, "the proposals were made without a store");
    bool own;
    if (!begin(ing, &own))
        return finish(ing, false, KG_ERR_IO);
    accept_ctx cx = {ing, kg_term_iri(art->article_iri), 0, kgi_strmap_new()};
    unsigned char *take = calloc(art->n_props ? art->n_props : 1, 1);
    kg_status st = cx.described && take ? KG_OK : KG_ERR_NOMEM;
    for (size_t i = 0; i < n && !st; i++) {
        size_t extra[4];
        take[idx[i]] = 1;
        size_t m = descriptions_of(art, idx[i], extra);
        for (size_t j = 0; j < m; j++)
            take[extra[j]] = 1;
    }
    if (!st)
        st = article_node(&cx);
    cx.next_statement = st ? 0 : last_statement(ing->store, &cx.graph);
    kg_term staging = kg_term_iri(art->staging_iri);
    bool staged = has_quad(ing->store, &staging, NULL, NULL, &staging);
    for (size_t k = 0; k < art->n_props && !st; k++) {
        if (!take[k])
            continue;
        st = accept_one(&cx, k);
        if (!st && staged)
            st = unstage(ing, k);
    }
    st = finish(ing, own, st);
    for (size_t k = 0; k < art->n_props && !st; k++)
        if (take[k])
            art->props[k].pub.state = KG_PROPOSAL_ACCEPTED;
    free(take);
    kgi_strmap_free(cx.described);
    return st;
}

kg_status kgi_stage_reject(kg_ingest *ing, const size_t *idx, size_t n)
{
    kg_status st = KG_OK;
    if (ing->store) {
        bool own;
        if (!begin(ing, &own))
            return finish(ing, false, KG_ERR_IO);
        for (size_t i = 0; i < n && !st; i++)
            st = unstage(ing, idx[i]);
        st = finish(ing, own, st);
    }
    for (size_t i = 0; i < n && !st; i++)
        ing->art.props[idx[i]].pub.state = KG_PROPOSAL_REJECTED;
    return st;
}
