/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/feed_reader.c - RSS 2.0 and Atom feeds as articles
 * (feed_reader.h). Elements are matched by local name, so RSS with or
 * without namespaces and Atom's default namespace read alike; an item's
 * HTML content goes through html_reader's fragment reader, so its
 * paragraphs become lines as a page's do. */
#include "ingest/feed_reader.h"

#include <limits.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <stdio.h>

#include "error.h"
#include "ingest/html_reader.h"

static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* An element's text (xmlFree it); NULL for no element. */
static char *text_of(const xmlNode *n)
{
    return n ? (char *)xmlNodeGetContent(n) : NULL;
}

/* Sets a field from an element's text. */
static void field(kgi_doc *d, char **slot, const xmlNode *n)
{
    char *t = text_of(n);
    if (t)
        kgi_doc_field(d, slot, t, strlen(t));
    xmlFree(t);
}

static void date(kgi_doc *d, const xmlNode *n)
{
    char *t = text_of(n);
    if (t)
        kgi_doc_date(d, t, strlen(t));
    xmlFree(t);
}

/* An element's HTML: its text for escaped HTML (RSS, Atom type="html" or
 * "text"), its markup for Atom type="xhtml". */
static void content(kgi_doc *d, const xmlNode *n)
{
    if (!n)
        return;
    xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
    bool xhtml = type && !strcmp((const char *)type, "xhtml");
    xmlFree(type);
    if (xhtml) {
        xmlBufferPtr b = xmlBufferCreate();
        for (const xmlNode *c = n->children; b && c; c = c->next)
            xmlNodeDump(b, n->doc, (xmlNode *)c, 0, 0);
        if (!b)
            d->failed = true;
        else
            kgi_html_fragment(d, (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
        xmlBufferFree(b);
        return;
    }
    char *t = text_of(n);
    if (t)
        kgi_html_fragment(d, t, strlen(t));
    xmlFree(t);
}

/* Atom's link to the entry's page: rel="alternate" or no rel. */
static void atom_link(kgi_doc *d, const xmlNode *entry)
{
    for (const xmlNode *c = entry->children; c && !d->link; c = c->next) {
        if (!is(c, "link"))
            continue;
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel"), *href = xmlGetProp(c, (const xmlChar *)"href");
        if (href && (!rel || !strcmp((const char *)rel, "alternate")))
            kgi_doc_field(d, &d->link, (const char *)href, strlen((const char *)href));
        xmlFree(rel), xmlFree(href);
    }
}

static void item(kgi_doc *d, const xmlNode *n, bool atom)
{
    field(d, &d->title, child(n, "title"));
    if (atom) {
        atom_link(d, n);
        date(d, child(n, "published"));
        date(d, child(n, "updated"));
        const xmlNode *body = child(n, "content");
        content(d, body ? body : child(n, "summary"));
        return;
    }
    field(d, &d->link, child(n, "link"));
    date(d, child(n, "pubDate"));
    date(d, child(n, "date")); /* dc:date */
    const xmlNode *body = child(n, "encoded"); /* content:encoded */
    content(d, body ? body : child(n, "description"));
}

/* Each item of the channel (RSS) or entry of the feed (Atom). */
static kg_status items(const xmlNode *list, const char *name, bool atom, kgi_feed_item_fn fn, void *ctx,
                       kg_error *err)
{
    char *publisher = text_of(child(list, "title"));
    size_t n = 0;
    kg_status st = KG_OK;
    for (const xmlNode *c = list->children; c && !st; c = c->next) {
        if (!is(c, name))
            continue;
        kgi_doc d = {0};
        if (publisher)
            kgi_doc_field(&d, &d.publisher, publisher, strlen(publisher));
        item(&d, c, atom);
        n++;
        if (d.failed || !fn(ctx, &d))
            st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory reading the feed");
        kgi_doc_free(&d);
    }
    xmlFree(publisher);
    if (!st && !n)
        st = kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "the feed has no %s elements: no articles", name);
    return st;
}

/* The first error, which names the line where the feed went wrong (the
 * last is often "premature end of data" at the end of the file). */
typedef struct first_error {
    char message[200];
    int line, column;
    bool set;
} first_error;

static void keep_first(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    first_error *f = ctxt ? ctxt->_private : NULL;
    if (!f || f->set || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(f->message, sizeof f->message, "%s", e->message ? e->message : "unreadable");
    f->message[strcspn(f->message, "\n")] = '\0';
    f->line = e->line;
    f->column = e->int2;
    f->set = true;
}

kg_status kgi_feed_read(const char *data, size_t len, const char *encoding, kgi_feed_item_fn fn,
                        void *ctx, kg_error *err)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory reading the feed");
    first_error first = {0};
    ctxt->_private = &first;
    ctxt->sax->serror = keep_first;
    /* no XML_PARSE_NOENT or DTDLOAD: entities are not substituted and no
     * external DTD is read */
    kgi_xml_channel previous = kgi_xml_quiet();
    xmlDocPtr doc = len > INT_MAX ? NULL
                                  : xmlCtxtReadMemory(ctxt, data, (int)len, NULL, encoding,
                                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                          XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    kgi_xml_restore(previous);
    kg_status st;
    if (!doc || !ctxt->wellFormed) {
        st = kg_error_set(err, KG_ERR_SYNTAX, NULL, "the feed is not well-formed XML: %s",
                          first.set ? first.message : "unreadable");
        if (err && first.set) {
            err->line = first.line > 0 ? (unsigned long)first.line : 0;
            err->column = first.column > 0 ? (unsigned long)first.column : 0;
        }
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return st;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *channel = is(root, "rss") ? child(root, "channel") : NULL;
    if (channel)
        st = items(channel, "item", false, fn, ctx, err);
    else if (is(root, "feed"))
        st = items(root, "entry", true, fn, ctx, err);
    else
        st = kg_error_set(err, KG_ERR_UNSUPPORTED, NULL,
                          "an XML document that is neither an RSS 2.0 <rss><channel> nor an Atom <feed> "
                          "(root element <%s>)",
                          root ? (const char *)root->name : "none");
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return st;
}
