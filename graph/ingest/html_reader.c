/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/html_reader.c - the article of a saved web page (html_reader.h).
 *
 * Three passes over libxml2's tree: the metadata (meta tags, JSON-LD,
 * <title>, <link rel="canonical">, <time>), the text and link text under
 * every element (kept in the node's _private field, so that choosing the
 * body and spotting link lists costs one walk), then the paragraphs of the
 * chosen body with the furniture left out. Block elements end a paragraph;
 * inline ones (<a>, <b>, <span>) do not. */
#define _GNU_SOURCE
#include "ingest/html_reader.h"

#include <json-c/json.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

/* Deeper nesting than this is not real markup: its text is left out
 * (bounds the recursion on hostile input). */
#define MAX_DEPTH 256
/* A body needs this much text that reads as sentences. */
#define MIN_PROSE 80

typedef struct counts {
    size_t text, linked; /* text bytes under the element, and those inside <a> */
} counts;

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static bool named_any(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (named(n, *names))
            return true;
    return false;
}

/* An attribute's value (xmlFree it), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static bool attr_has(const xmlNode *n, const char *name, const char *word)
{
    char *v = attr(n, name);
    bool hit = v && strcasestr(v, word);
    xmlFree(v);
    return hit;
}

/* --- furniture --- */

static const char *const furniture_tags[] = {
    "nav",    "header", "footer",   "aside",  "script", "style", "noscript", "form",   "iframe",
    "svg",    "button", "select",   "textarea", "template", "figure", "menu", "dialog", "object",
    "embed",  "canvas", "video",    "audio",  "input",  "label", "head",     NULL};

/* Words in a class or id that mark furniture (matched inside the value:
 * "comment-list", "relatedStories"). */
static const char *const furniture_words[] = {
    "comment", "related", "advert", "sponsor", "promo", "share", "social", "newsletter", "sidebar",
    "breadcrumb", "subscribe", "cookie", "banner", "recommend", "popular", "trending", "most-read",
    "mostread", "read-more", "readmore", "signup", "sign-up", "paywall", "outbrain", "taboola", "byline",
    "author-bio", "tags", "pagination", "masthead", "toolbar", "skip-link", NULL};

/* Class or id tokens that are ads only as whole words ("ad", not "head"). */
static const char *const ad_tokens[] = {"ad", "ads", "adv", "ad-slot", "adslot", "dfp", "gpt", NULL};

static bool ad_token(const char *v)
{
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, " \t\n_-");
        for (const char *const *t = ad_tokens; *t; t++)
            if (strlen(*t) == n && !strncasecmp(p, *t, n))
                return true;
        p += n;
        p += strspn(p, " \t\n_-");
    }
    return false;
}

static bool furniture_value(const char *v)
{
    if (!v)
        return false;
    for (const char *const *w = furniture_words; *w; w++)
        if (strcasestr(v, *w))
            return true;
    return ad_token(v);
}

static bool furniture(const xmlNode *n)
{
    static const char *const roles[] = {"navigation", "banner", "complementary", "contentinfo",
                                        "search", "dialog", NULL};
    if (named_any(n, furniture_tags))
        return true;
    char *role = attr(n, "role"), *hidden = attr(n, "aria-hidden"), *cls = attr(n, "class"),
         *id = attr(n, "id"), *h = attr(n, "hidden");
    bool drop = h || (hidden && !strcasecmp(hidden, "true"));
    for (const char *const *r = roles; role && *r && !drop; r++)
        drop = !strcasecmp(role, *r);
    /* the article body itself may carry a class such as "story-share" */
    bool body = attr_has(n, "itemprop", "articleBody");
    drop = drop || (!body && (furniture_value(cls) || furniture_value(id)));
    xmlFree(role), xmlFree(hidden), xmlFree(cls), xmlFree(id), xmlFree(h);
    return drop;
}

static const counts *counts_of(const xmlNode *n)
{
    static const counts none = {0, 0};
    return n->_private ? n->_private : &none;
}

/* Lists and blocks that are mostly links (related stories, tag clouds,
 * "more from"), and paragraphs that are one link ("Read more: ..."). */
static bool link_block(const xmlNode *n)
{
    static const char *const lists[] = {"ul", "ol", "dl", "table", NULL};
    static const char *const blocks[] = {"div", "section", "p", "h2", "h3", "h4", "h5", "h6", "li", NULL};
    const counts *c = counts_of(n);
    if (!c->text)
        return false;
    if (named_any(n, lists))
        return c->linked * 2 >= c->text;
    return named_any(n, blocks) && c->linked * 10 >= c->text * 8;
}

static bool dropped(const xmlNode *n)
{
    return furniture(n) || link_block(n);
}

/* --- counting text --- */

typedef struct tree {
    counts *slots;
    size_t n, cap;
    bool failed;
} tree;

static size_t visible_len(const xmlChar *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s > ' ';
    return n;
}

/* Fills n->_private for n's element descendants; returns n's counts. */
static counts count_text(tree *t, xmlNode *n, unsigned depth, bool in_link)
{
    counts sum = {0, 0};
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            size_t v = visible_len(c->content);
            sum.text += v;
            sum.linked += in_link ? v : 0;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || depth >= MAX_DEPTH || t->n == t->cap)
            continue;
        counts *slot = &t->slots[t->n++];
        c->_private = slot;
        *slot = count_text(t, c, depth + 1, in_link || named(c, "a"));
        if (!furniture(c)) {
            sum.text += slot->text;
            sum.linked += slot->linked;
        }
    }
    return sum;
}

static size_t elements(const xmlNode *n, unsigned depth)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH)
            k += 1 + elements(c, depth + 1);
    return k;
}

static void clear_private(xmlNode *n, unsigned depth)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH) {
            c->_private = NULL;
            clear_private(c, depth + 1);
        }
}

/* --- choosing the body --- */

typedef struct choice {
    xmlNode *marked;  /* itemprop="articleBody" */
    xmlNode *article; /* the <article> with the most own text */
    size_t article_text;
    xmlNode *densest; /* the element with the most paragraph text of its own */
    size_t densest_text;
} choice;

static size_t paragraph_text(const xmlNode *n)
{
    size_t sum = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE)
            sum += visible_len(c->content);
        else if ((named(c, "p") || named(c, "blockquote") || named(c, "pre")) && !dropped(c))
            sum += counts_of(c)->text - counts_of(c)->linked;
    }
    return sum;
}

static void choose(choice *ch, xmlNode *n, unsigned depth)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || depth >= MAX_DEPTH || dropped(c))
            continue;
        if (!ch->marked && attr_has(c, "itemprop", "articleBody"))
            ch->marked = c;
        size_t own = counts_of(c)->text - counts_of(c)->linked;
        if (named(c, "article") && own > ch->article_text) {
            ch->article = c;
            ch->article_text = own;
        }
        size_t dense = paragraph_text(c);
        if (dense > ch->densest_text) {
            ch->densest = c;
            ch->densest_text = dense;
        }
        choose(ch, c, depth + 1);
    }
}

/* --- the paragraphs --- */

typedef struct extract {
    kgi_doc *doc;
    kg_buf line;
} extract;

static void flush(extract *x)
{
    x->doc->failed |= x->line.failed;
    kgi_doc_paragraph(x->doc, x->line.data, x->line.len);
    kg_buf_clear(&x->line);
}

static bool block(const xmlNode *n)
{
    static const char *const inline_tags[] = {
        "a",   "abbr", "b",   "bdi",  "bdo", "cite", "code", "data", "dfn", "em",   "font", "i",
        "kbd", "mark", "q",   "s",    "samp", "small", "span", "strong", "sub", "sup", "time",
        "tt",  "u",    "var", "wbr",  "ins", "del",   NULL};
    return !named_any(n, inline_tags);
}

static void extract_text(extract *x, const xmlNode *n, unsigned depth)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                kg_buf_puts(&x->line, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || depth >= MAX_DEPTH || dropped(c))
            continue;
        if (named(c, "br")) {
            flush(x);
            continue;
        }
        bool b = block(c);
        if (b)
            flush(x);
        extract_text(x, c, depth + 1);
        if (b)
            flush(x);
    }
}

/* --- metadata --- */

enum { TITLE, PUBLISHER, DATE, LINK, FIELDS };
#define RANKS 4

typedef struct meta {
    char *cand[FIELDS][RANKS]; /* malloc'd; the lowest rank wins */
    bool failed;
} meta;

static void offer(meta *m, int field, int rank, const char *value)
{
    if (!value || !*value || m->cand[field][rank])
        return;
    if (!(m->cand[field][rank] = strdup(value)))
        m->failed = true;
}

static void meta_tag(meta *m, const xmlNode *n)
{
    static const struct {
        const char *key;
        int field, rank;
    } keys[] = {
        {"og:title", TITLE, 0},           {"twitter:title", TITLE, 2},      {"dc.title", TITLE, 2},
        {"og:site_name", PUBLISHER, 0},   {"dc.publisher", PUBLISHER, 2},   {"publisher", PUBLISHER, 2},
        {"article:published_time", DATE, 0}, {"datepublished", DATE, 1},   {"date", DATE, 2},
        {"pubdate", DATE, 2},             {"dc.date", DATE, 2},             {"dc.date.issued", DATE, 2},
        {"og:url", LINK, 1},
    };
    char *key = attr(n, "property");
    if (!key)
        key = attr(n, "name");
    if (!key)
        key = attr(n, "itemprop");
    char *content = key ? attr(n, "content") : NULL;
    for (size_t k = 0; content && k < sizeof keys / sizeof keys[0]; k++)
        if (!strcasecmp(key, keys[k].key))
            offer(m, keys[k].field, keys[k].rank, content);
    xmlFree(key), xmlFree(content);
}

static const char *json_str(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v))
        return NULL;
    if (json_object_is_type(v, json_type_object)) { /* {"@type": "Organization", "name": ...} */
        json_object *name;
        if (json_object_object_get_ex(v, "name", &name) || json_object_object_get_ex(v, "@id", &name))
            v = name;
    }
    if (json_object_is_type(v, json_type_array) && json_object_array_length(v))
        v = json_object_array_get_idx(v, 0);
    return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool article_type(json_object *o)
{
    static const char *const types[] = {"NewsArticle", "Article", "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "BlogPosting", "Report", NULL};
    json_object *t;
    if (!json_object_object_get_ex(o, "@type", &t))
        return false;
    size_t n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
    for (size_t i = 0; i < n; i++) {
        json_object *one = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
        const char *s = json_object_is_type(one, json_type_string) ? json_object_get_string(one) : "";
        for (const char *const *k = types; *k; k++)
            if (!strcmp(s, *k))
                return true;
    }
    return false;
}

static void json_ld(meta *m, json_object *o, int depth)
{
    if (!o || depth > 8)
        return;
    if (json_object_is_type(o, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(o); i++)
            json_ld(m, json_object_array_get_idx(o, i), depth + 1);
        return;
    }
    if (!json_object_is_type(o, json_type_object))
        return;
    json_object *graph;
    if (json_object_object_get_ex(o, "@graph", &graph))
        json_ld(m, graph, depth + 1);
    if (!article_type(o))
        return;
    offer(m, TITLE, 1, json_str(o, "headline"));
    offer(m, DATE, 1, json_str(o, "datePublished"));
    offer(m, PUBLISHER, 1, json_str(o, "publisher"));
    offer(m, LINK, 2, json_str(o, "url"));
    offer(m, LINK, 2, json_str(o, "mainEntityOfPage"));
}

static void text_offer(meta *m, int field, int rank, const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    offer(m, field, rank, (const char *)t);
    xmlFree(t);
}

static void read_meta(meta *m, const xmlNode *n, unsigned depth)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || depth >= MAX_DEPTH)
            continue;
        if (named(c, "meta")) {
            meta_tag(m, c);
        } else if (named(c, "link") && attr_has(c, "rel", "canonical")) {
            char *href = attr(c, "href");
            offer(m, LINK, 0, href);
            xmlFree(href);
        } else if (named(c, "script") && attr_has(c, "type", "ld+json")) {
            xmlChar *t = xmlNodeGetContent(c);
            json_object *o = t ? json_tokener_parse((const char *)t) : NULL;
            json_ld(m, o, 0);
            json_object_put(o);
            xmlFree(t);
        } else if (named(c, "title")) {
            text_offer(m, TITLE, 3, c);
        } else if (named(c, "h1") && !furniture(c)) {
            text_offer(m, TITLE, 2, c);
        } else if (named(c, "time")) {
            char *dt = attr(c, "datetime");
            offer(m, DATE, 3, dt);
            xmlFree(dt);
        }
        read_meta(m, c, depth + 1);
    }
}

static void apply_meta(kgi_doc *doc, meta *m)
{
    for (int f = 0; f < FIELDS; f++)
        for (int r = 0; r < RANKS; r++) {
            const char *v = m->cand[f][r];
            if (v && f == DATE)
                kgi_doc_date(doc, v, strlen(v));
            else if (v)
                kgi_doc_field(doc, f == TITLE ? &doc->title : f == PUBLISHER ? &doc->publisher : &doc->link,
                              v, strlen(v));
            free(m->cand[f][r]);
        }
    doc->failed |= m->failed;
}

/* --- the reader --- */

static htmlDocPtr parse(const char *data, size_t len, const char *encoding)
{
    kgi_xml_channel previous = kgi_xml_quiet();
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, encoding,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
    kgi_xml_restore(previous);
    return doc;
}

/* Counts the text under root into a slot array; NULL (and doc->failed) on
 * ENOMEM. The caller frees the result after clear_private. */
static counts *count_tree(kgi_doc *doc, xmlNode *root)
{
    tree t = {0};
    t.cap = elements(root, 0) + 1;
    t.slots = calloc(t.cap, sizeof *t.slots);
    if (!t.slots) {
        doc->failed = true;
        return NULL;
    }
    count_text(&t, root, 0, false);
    return t.slots;
}

static void paragraphs(kgi_doc *doc, const xmlNode *body)
{
    extract x = {doc, KG_BUF_INIT};
    extract_text(&x, body, 0);
    flush(&x);
    kg_buf_free(&x.line);
}

kg_status kgi_html_read(kgi_doc *doc, const char *data, size_t len, const char *encoding, kg_error *err)
{
    if (len > KGI_HTML_MAX_BYTES)
        return kg_error_set(err, KG_ERR_LIMIT, NULL, "the page is larger than %u MiB",
                            KGI_HTML_MAX_BYTES >> 20);
    htmlDocPtr html = parse(data, len, encoding);
    xmlNode *root = html ? xmlDocGetRootElement(html) : NULL;
    if (!root) {
        xmlFreeDoc(html);
        return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "no article found: the page has no elements");
    }
    meta m = {0};
    read_meta(&m, (xmlNode *)html, 0);
    apply_meta(doc, &m);
    counts *slots = count_tree(doc, (xmlNode *)html);
    choice ch = {0};
    if (slots)
        choose(&ch, (xmlNode *)html, 0);
    const xmlNode *body = ch.marked ? ch.marked : ch.article_text >= MIN_PROSE ? ch.article : ch.densest;
    if (body)
        paragraphs(doc, body);
    clear_private((xmlNode *)html, 0);
    free(slots);
    xmlFreeDoc(html);
    if (doc->failed)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory reading the page");
    if (doc->prose < MIN_PROSE)
        return kg_error_set(err, KG_ERR_NOT_FOUND, NULL,
                            "no article found in the page: no <article>, articleBody or block of "
                            "paragraphs with sentences outside the navigation, lists of links and "
                            "other page furniture");
    return KG_OK;
}

void kgi_html_fragment(kgi_doc *doc, const char *html, size_t len)
{
    if (len > KGI_HTML_MAX_BYTES || !len)
        return;
    htmlDocPtr d = parse(html, len, "UTF-8");
    if (!d)
        return;
    counts *slots = count_tree(doc, (xmlNode *)d);
    if (slots)
        paragraphs(doc, (xmlNode *)d);
    clear_private((xmlNode *)d, 0);
    free(slots);
    xmlFreeDoc(d);
}
