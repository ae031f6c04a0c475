/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/page.c - the analysts' pages `kgsh serve` shows at /: search by
 * name, an entity (classes, sanctions, its neighbourhood as a picture whose
 * nodes link to their pages, its statements and facts with the sentences
 * and articles that state them), the shortest paths between two entities,
 * sanction exposure, and a SPARQL box with a results table and downloads.
 *
 * The facts come from libkg's explorers (kg/explore.h: kg_resolve,
 * kg_neighbors, kg_dot_write, kg_path_find, kg_exposure_find) and a few
 * SPARQL queries; this file only lays them out. Plain HTML and CSS, no
 * script; every value escaped (html.h). Pages only read the store. */
#define _GNU_SOURCE
#include "server.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "answer.h"
#include "html.h"
#include "render.h"

#define PROLOGUE                                                                                   \
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"                                  \
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"                                       \
    "PREFIX kg: <https://w3id.org/kgsh/ontology#>\n"

#define PICTURE_EDGES 60 /* more make the picture unreadable */
#define TABLE_ROWS 1000  /* the SPARQL box shows this many rows; downloads have all */

static const char q_classes[] = PROLOGUE
    "SELECT DISTINCT ?class ?label WHERE { <%s> a ?class OPTIONAL { ?class rdfs:label ?label } }\n"
    "ORDER BY ?label ?class";

/* The entity's literal values, each with the sentences that state it. */
static const char q_facts[] = PROLOGUE
    "SELECT ?property ?value ?text ?article ?index WHERE {\n"
    "  <%s> ?property ?value FILTER(isLiteral(?value))\n"
    "  OPTIONAL { ?statement rdf:subject <%s> ; rdf:predicate ?property ; rdf:object ?value ;\n"
    "      kg:statedIn ?sentence . ?sentence kg:text ?text ; kg:inArticle ?article .\n"
    "    OPTIONAL { ?sentence kg:index ?index } }\n"
    "} ORDER BY ?property ?value ?article ?index";

static const char example_query[] =
    "PREFIX kg: <https://w3id.org/kgsh/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
    "SELECT ?company ?name ?authority WHERE {\n"
    "  ?sanction kg:sanctions ?company ; kg:authority/rdfs:label ?authority .\n"
    "  ?company rdfs:label ?name .\n"
    "} ORDER BY ?name";

typedef struct page {
    kgsh_request *r;
    kg_store *store;
    FILE *out;
    const kgsh_prefixes *prefixes;
} page;

/* ---- pieces ---- */

/* An IRI may go between < > in a query only without these characters. */
static bool safe_iri(const char *iri)
{
    return iri && *iri && strchr(iri, ':') && !strpbrk(iri, "<>\"{}|^`\\ \t\n\r");
}

static void entity_link(page *p, const char *iri, const char *text)
{
    fputs("<a href=\"/entity?iri=", p->out);
    html_arg(p->out, iri);
    fputs("\">", p->out);
    if (text)
        html_text(p->out, text);
    else
        html_iri(p->out, p->prefixes, iri);
    fputs("</a>", p->out);
}

/* A plan or claim is never shown as a bare fact: its status ("plans to",
 * "announced it would") goes with it, as the shell prints it. */
static void modality(page *p, const kg_node *n)
{
    if (!n->status_label)
        return;
    fputs("<span class=\"modality\">(", p->out);
    html_text(p->out, n->status_label);
    fputs(")</span>", p->out);
}

static void node(page *p, const kg_node *n)
{
    if (n->term.kind == KG_TERM_IRI)
        entity_link(p, n->term.value, n->label);
    else
        html_text(p->out, n->label ? n->label : n->term.value);
    if (n->class_label) {
        fputs(" <span class=\"cls\">", p->out);
        html_text(p->out, n->class_label);
        fputs("</span>", p->out);
    }
    modality(p, n);
    if (n->sanctioned)
        fputs("<span class=\"badge\">SANCTIONED</span>", p->out);
}

/* The article's own name (its IRI's last segment). */
static const char *article_name(const char *article)
{
    const char *slash = article ? strrchr(article, '/') : NULL;
    return slash ? slash + 1 : article ? article : "?";
}

static void sentence(page *p, const char *text, const char *article, unsigned index)
{
    fputs("<div class=\"ev\"><q>", p->out);
    html_text(p->out, text);
    fputs("</q> <span class=\"src\" title=\"", p->out);
    html_text(p->out, article);
    fputs("\">— ", p->out);
    html_text(p->out, article_name(article));
    if (index)
        fprintf(p->out, ", sentence %u", index);
    fputs("</span></div>\n", p->out);
}

static void evidence(page *p, const kg_source_sentence *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sentence(p, e[i].text, e[i].article, e[i].index);
}

/* One link with its evidence; from_shown false leaves out the near end
 * (on the entity's own page it is the entity). */
static void hop(page *p, const kg_hop *h, bool from_shown)
{
    fputs("<div class=\"hop\">", p->out);
    if (from_shown)
        node(p, &h->from);
    fputs(h->forward ? " <span class=\"arrow\">—" : " <span class=\"arrow\">←", p->out);
    if (h->property_label)
        html_text(p->out, h->property_label);
    else
        html_iri(p->out, p->prefixes, h->property);
    fputs(h->forward ? "→</span> " : "—</span> ", p->out);
    node(p, &h->to);
    fputs("</div>\n", p->out);
    evidence(p, h->evidence, h->n_evidence);
}

static void error_box(page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void error_box(page *p, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    fputs("<div class=\"error\">", p->out);
    html_text(p->out, n < 0 ? "out of memory" : text);
    fputs("</div>\n", p->out);
    free(text);
}

static void store_error(page *p, kg_status st)
{
    const kg_error *e = kg_store_error(p->store);
    char buf[2048];
    error_box(p, "%s", e->status ? kg_error_format(e, buf, sizeof buf) : kg_strerror(st));
}

/* Runs a SELECT (fmt with the IRI for every %s) and calls row for each
 * result. Returns false (with an error box) on failure. */
typedef void (*row_fn)(page *p, kg_results *res, void *ctx);
static bool each_row(page *p, const char *fmt, const char *iri, row_fn row, void *ctx)
{
    char *text = NULL;
    int len = asprintf(&text, fmt, iri, iri);
    kg_query *q = NULL;
    kg_results *res = NULL;
    kg_error err = {0};
    bool ok = len >= 0 && kg_query_prepare(&q, p->store, text, (size_t)len, NULL, &err) == KG_OK &&
              kg_query_execute(&res, q) == KG_OK;
    bool more = ok;
    while (ok && (ok = kg_results_next(&more, res) == KG_OK) && more)
        row(p, res, ctx);
    if (!ok) {
        char buf[2048];
        error_box(p, "%s", kg_error_format(q ? kg_query_error(q) : &err, buf, sizeof buf));
    }
    kg_results_free(res);
    kg_query_free(q);
    free(text);
    return ok;
}

static const char *value_of(kg_results *res, size_t column)
{
    const kg_term *t = kg_results_value(res, column);
    return t->kind == KG_TERM_NONE ? NULL : t->value;
}

/* What text names: 1 when exactly one thing (*out, to free with
 * kg_matches_free), else 0 after writing what was found (nothing, or the
 * choices, each linking to `link` with the IRI appended). */
static int resolve_one(page *p, const char *text, const char *link, kg_matches **out)
{
    kg_matches *m = NULL;
    kg_status st = kg_resolve(&m, p->store, text);
    if (st != KG_OK) {
        store_error(p, st);
    } else if (m->n == 0) {
        error_box(p, "nothing is named \"%s\"", text);
    } else if (m->n > 1) {
        fputs("<p>Several things are named \"", p->out);
        html_text(p->out, text);
        fputs("\"; choose one:</p><ul>\n", p->out);
        for (size_t i = 0; i < m->n; i++) {
            fputs("<li><a href=\"", p->out);
            fputs(link, p->out);
            html_arg(p->out, m->items[i].term.value);
            fputs("\">", p->out);
            html_text(p->out, m->items[i].label ? m->items[i].label : m->items[i].term.value);
            fputs("</a> <span class=\"iri\">", p->out);
            html_text(p->out, m->items[i].term.value);
            fputs("</span></li>\n", p->out);
        }
        fputs("</ul>\n", p->out);
    } else {
        *out = m;
        return 1;
    }
    kg_matches_free(m);
    return 0;
}

/* ---- / and /search ---- */

static unsigned home(page *p)
{
    html_begin(p->out, "Home");
    fprintf(p->out,
            "<h1>Who is connected to whom</h1>\n<p class=\"muted\">%llu quads in the "
            "store.</p>\n",
            (unsigned long long)kg_store_size(p->store));
    fputs("<h2>Find an entity</h2><form action=\"/search\"><input type=\"text\" name=\"q\" "
          "placeholder=\"a company, agency, person or place\" autofocus> "
          "<button>Search</button></form>\n"
          "<h2>Paths between two entities</h2><form action=\"/path\"><input type=\"text\" "
          "name=\"a\" placeholder=\"from\"> <input type=\"text\" name=\"b\" placeholder=\"to\"> "
          "<button>Find paths</button></form>\n"
          "<h2>Sanction exposure</h2><p><a href=\"/exposure\">Every company sanctioned directly "
          "or through its owners</a></p>\n<h2>SPARQL</h2>\n"
          "<form action=\"/query\"><textarea name=\"query\" rows=\"8\">",
          p->out);
    html_text(p->out, example_query);
    fputs("</textarea><br><button>Run</button></form>\n", p->out);
    html_end(p->out);
    return MHD_HTTP_OK;
}

static unsigned search(page *p)
{
    const char *q = kgsh_request_arg(p->r, "q");
    html_begin(p->out, q && *q ? q : "Search");
    if (!q || !*q) {
        fputs("<p>Type a name in the search box.</p>", p->out);
        html_end(p->out);
        return MHD_HTTP_OK;
    }
    fputs("<h1>Search: ", p->out);
    html_text(p->out, q);
    fputs("</h1>\n", p->out);
    kg_matches *m = NULL;
    kg_status st = kg_resolve(&m, p->store, q);
    if (st != KG_OK)
        store_error(p, st);
    else if (m->n == 0)
        fputs("<p>Nothing has that name, or a name containing it.</p>\n", p->out);
    for (size_t i = 0; m && i < m->n; i++) {
        fputs("<div class=\"stmt\">", p->out);
        node(p, &m->items[i]);
        fputs(" <span class=\"iri\">", p->out);
        html_text(p->out, m->items[i].term.value);
        fputs("</span></div>\n", p->out);
    }
    kg_matches_free(m);
    html_end(p->out);
    return st == KG_OK ? MHD_HTTP_OK : MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* ---- /entity ---- */

static void class_row(page *p, kg_results *res, void *ctx)
{
    (void)ctx;
    fputs("<span class=\"cls\" title=\"", p->out);
    html_text(p->out, value_of(res, 0));
    fputs("\">", p->out);
    if (value_of(res, 1))
        html_text(p->out, value_of(res, 1));
    else
        html_iri(p->out, p->prefixes, value_of(res, 0));
    fputs("</span>", p->out);
}

typedef struct fact_state {
    char *last_property, *last_value;
} fact_state;

static void fact_row(page *p, kg_results *res, void *ctx)
{
    fact_state *f = ctx;
    const char *property = value_of(res, 0), *text = value_of(res, 2);
    char *value = kgsh_term_display(p->prefixes, kg_results_value(res, 1));
    if (!value)
        return;
    if (!f->last_property || strcmp(f->last_property, property) || strcmp(f->last_value, value)) {
        if (f->last_property)
            fputs("</td></tr>\n", p->out);
        fputs("<tr><th>", p->out);
        html_iri(p->out, p->prefixes, property);
        fputs("</th><td>", p->out);
        html_text(p->out, value);
        free(f->last_property);
        free(f->last_value);
        f->last_property = strdup(property);
        f->last_value = strdup(value);
    }
    if (text) {
        const char *index = value_of(res, 4);
        sentence(p, text, value_of(res, 3), index ? (unsigned)strtoul(index, NULL, 10) : 0);
    }
    free(value);
}

/* Decodes the character references of an XML attribute value in place:
 * the five named ones and &#N; / &#xH; (Graphviz writes '-' as &#45;). */
static void xml_unescape(char *s)
{
    static const struct {
        const char *ref;
        char c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *out = s;
    while (*s) {
        size_t i = 0, n = sizeof named / sizeof named[0];
        while (i < n && strncmp(s, named[i].ref, strlen(named[i].ref)) != 0)
            i++;
        char *end = NULL;
        unsigned long code = s[0] == '&' && s[1] == '#'
                                 ? strtoul(s + 2 + (s[2] == 'x'), &end, s[2] == 'x' ? 16 : 10)
                                 : 0;
        if (i < n) {
            *out++ = named[i].c;
            s += strlen(named[i].ref);
        } else if (end && *end == ';' && code > 0 && code < 0x110000) {
            if (code < 0x80) {
                *out++ = (char)code;
            } else if (code < 0x800) {
                *out++ = (char)(0xC0 | code >> 6);
                *out++ = (char)(0x80 | (code & 0x3F));
            } else if (code < 0x10000) {
                *out++ = (char)(0xE0 | code >> 12);
                *out++ = (char)(0x80 | ((code >> 6) & 0x3F));
                *out++ = (char)(0x80 | (code & 0x3F));
            } else {
                *out++ = (char)(0xF0 | code >> 18);
                *out++ = (char)(0x80 | ((code >> 12) & 0x3F));
                *out++ = (char)(0x80 | ((code >> 6) & 0x3F));
                *out++ = (char)(0x80 | (code & 0x3F));
            }
            s = end + 1;
        } else {
            *out++ = *s++;
        }
    }
    *out = '\0';
}

/* Graphviz marks each node with its IRI as a link title (the tooltip
 * kg_dot_write gives it); each such link gets the node's page as its
 * target. The title is XML-escaped. */
static void svg_with_links(page *p, const char *svg)
{
    static const char title[] = "<a xlink:title=\"";
    const char *start = strstr(svg, "<svg");
    for (const char *s = start ? start : svg, *hit; *s; s = hit) {
        hit = strstr(s, title);
        if (!hit) {
            fputs(s, p->out);
            break;
        }
        fwrite(s, 1, (size_t)(hit - s), p->out);
        const char *value = hit + strlen(title), *end = strchr(value, '"');
        if (!end) {
            fputs(hit, p->out);
            break;
        }
        char *iri = strndup(value, (size_t)(end - value));
        if (iri)
            xml_unescape(iri);
        fputs("<a xlink:href=\"/entity?iri=", p->out);
        html_arg(p->out, iri);
        fputs("\" ", p->out);
        fwrite(hit + 3, 1, (size_t)(end + 1 - hit - 3), p->out); /* xlink:title="..." */
        free(iri);
        hit = end + 1;
    }
}

static void picture(page *p, const kg_neighborhood *n)
{
    char dir[] = "/tmp/kgsh-serve-XXXXXX", path[64];
    if (!mkdtemp(dir)) {
        error_box(p, "cannot make a temporary directory for the picture");
        return;
    }
    snprintf(path, sizeof path, "%s/picture.svg", dir);
    kg_status st = kg_dot_write(p->store, n, path);
    FILE *f = st == KG_OK ? fopen(path, "re") : NULL;
    char *svg = NULL;
    size_t cap = 0;
    if (f && getdelim(&svg, &cap, '\0', f) > 0)
        svg_with_links(p, svg);
    else if (st == KG_ERR_UNSUPPORTED)
        error_box(p, "no picture: Graphviz's dot is not installed (Debian package graphviz)");
    else
        store_error(p, st);
    if (f)
        fclose(f);
    free(svg);
    unlink(path);
    rmdir(dir);
}

/* before and the escaped value, when there is a value. */
static void part(page *p, const char *before, const char *value)
{
    if (!value)
        return;
    fputs(before, p->out);
    html_text(p->out, value);
}

static void sanctions(page *p, const kg_exposure_list *x)
{
    bool any = false;
    for (size_t i = 0; i < x->n; i++) {
        const kg_exposure *e = &x->items[i];
        fputs("<div class=\"stmt\">", p->out);
        if (e->kind != KG_EXPOSURE_DIRECT) {
            fputs(e->kind == KG_EXPOSURE_OWNERSHIP ? "Exposed through ownership to "
                                                   : "Exposed through a relationship to ",
                  p->out);
            node(p, &e->sanctioned);
            for (size_t k = 0; k < e->n_chain; k++)
                hop(p, &e->chain[k], true);
        }
        for (size_t k = 0; k < e->n_sanctions; k++) {
            const kg_sanction *s = &e->sanctions[k];
            fputs("<div><strong>", p->out);
            html_text(p->out, s->kind_label ? s->kind_label : "sanction");
            fputs("</strong> by ", p->out);
            html_text(p->out, s->authority ? s->authority : "?");
            part(p, ", on ", s->programme);
            part(p, ", from ", s->start_date);
            part(p, " to ", s->end_date);
            part(p, ": ", s->reason);
            fputs("</div>\n", p->out);
            evidence(p, s->evidence, s->n_evidence);
        }
        fputs("</div>\n", p->out);
        any = true;
    }
    if (!any)
        fputs("<p class=\"muted\">No sanction, directly or through its owners.</p>\n", p->out);
}

static unsigned entity(page *p)
{
    const char *iri = kgsh_request_arg(p->r, "iri");
    kg_matches *m = NULL;
    if (!safe_iri(iri)) {
        html_begin(p->out, "Entity");
        error_box(p, "give the entity as ?iri=IRI");
        html_end(p->out);
        return MHD_HTTP_BAD_REQUEST;
    }
    kg_status st = kg_resolve(&m, p->store, iri);
    const kg_node *n = st == KG_OK && m->n == 1 ? &m->items[0] : NULL;
    html_begin(p->out, n && n->label ? n->label : iri);
    if (!n) {
        error_box(p, "nothing in the store is %s", iri);
        kg_matches_free(m);
        html_end(p->out);
        return MHD_HTTP_NOT_FOUND;
    }
    fputs("<h1>", p->out);
    html_text(p->out, n->label ? n->label : iri);
    fputs(" ", p->out);
    modality(p, n);
    if (n->sanctioned)
        fputs("<span class=\"badge\">SANCTIONED</span>", p->out);
    fputs("</h1><div class=\"iri\">", p->out);
    html_text(p->out, iri);
    fputs("</div><p>", p->out);
    each_row(p, q_classes, iri, class_row, NULL);
    fputs("</p>\n<h2>Sanctions and exposure</h2>\n", p->out);
    kg_exposure_list *x = NULL;
    kg_exposure_options xo = KG_EXPOSURE_OPTIONS_INIT;
    if ((st = kg_exposure_find(&x, p->store, &n->term, &xo)) == KG_OK)
        sanctions(p, x);
    else
        store_error(p, st);
    kg_exposure_list_free(x);
    kg_neighborhood *nb = NULL;
    if ((st = kg_neighbors(&nb, p->store, &n->term, 1, PICTURE_EDGES)) != KG_OK) {
        store_error(p, st);
    } else {
        fputs("<h2>Neighbourhood</h2>\n<div class=\"picture\">", p->out);
        picture(p, nb);
        fputs("</div>\n<h2>Statements</h2>\n", p->out);
        for (size_t i = 0; i < nb->n; i++) {
            fputs("<div class=\"stmt\">", p->out);
            hop(p, &nb->hops[i], false);
            fputs("</div>\n", p->out);
        }
        if (nb->truncated)
            fprintf(p->out, "<p class=\"muted\">The first %d links are shown.</p>\n",
                    PICTURE_EDGES);
    }
    kg_neighborhood_free(nb);
    fputs("<h2>Facts</h2>\n<table>\n", p->out);
    fact_state f = {0};
    each_row(p, q_facts, iri, fact_row, &f);
    fputs(f.last_property ? "</td></tr>\n</table>\n" : "</table>\n", p->out);
    free(f.last_property);
    free(f.last_value);
    fputs("<p><a href=\"/exposure?e=", p->out);
    html_arg(p->out, iri);
    fputs("\">Exposure</a> · <a href=\"/path?a=", p->out);
    html_arg(p->out, iri);
    fputs("\">Paths from here</a></p>\n", p->out);
    kg_matches_free(m);
    html_end(p->out);
    return MHD_HTTP_OK;
}

/* ---- /path and /exposure ---- */

static void path_form(page *p, const char *a, const char *b)
{
    fputs("<form action=\"/path\"><input type=\"text\" name=\"a\" placeholder=\"from\" value=\"",
          p->out);
    html_text(p->out, a);
    fputs("\"> <input type=\"text\" name=\"b\" placeholder=\"to\" value=\"", p->out);
    html_text(p->out, b);
    fputs("\"> <button>Find paths</button></form>\n", p->out);
}

static unsigned path(page *p)
{
    const char *a = kgsh_request_arg(p->r, "a"), *b = kgsh_request_arg(p->r, "b");
    html_begin(p->out, "Paths");
    fputs("<h1>Shortest paths</h1>\n", p->out);
    path_form(p, a, b);
    kg_matches *ma = NULL, *mb = NULL;
    char *link_a = NULL, *link_b = NULL;
    /* a choice for one end keeps the other as typed */
    FILE *la = open_memstream(&link_a, &(size_t){0}), *lb = open_memstream(&link_b, &(size_t){0});
    if (la && lb) {
        fputs("/path?b=", la), html_arg(la, b), fputs("&amp;a=", la);
        fputs("/path?a=", lb), html_arg(lb, a), fputs("&amp;b=", lb);
    }
    if (la)
        fclose(la);
    if (lb)
        fclose(lb);
    if (a && *a && b && *b && link_a && link_b && resolve_one(p, a, link_a, &ma) &&
        resolve_one(p, b, link_b, &mb)) {
        kg_path_list *paths = NULL;
        kg_status st = kg_path_find(&paths, p->store, &ma->items[0].term, &mb->items[0].term, 0, 0);
        if (st != KG_OK)
            store_error(p, st);
        else if (paths->n == 0)
            fputs("<p>No path of at most 6 links joins them.</p>\n", p->out);
        for (size_t i = 0; st == KG_OK && i < paths->n; i++) {
            fprintf(p->out, "<div class=\"stmt\"><strong>Path %zu</strong> (%zu links)\n", i + 1,
                    paths->items[i].n);
            for (size_t k = 0; k < paths->items[i].n; k++)
                hop(p, &paths->items[i].hops[k], true);
            fputs("</div>\n", p->out);
        }
        if (st == KG_OK && paths->truncated)
            fputs("<p class=\"muted\">More shortest paths exist than are shown.</p>\n", p->out);
        kg_path_list_free(paths);
    }
    free(link_a);
    free(link_b);
    kg_matches_free(ma);
    kg_matches_free(mb);
    html_end(p->out);
    return MHD_HTTP_OK;
}

static unsigned exposure(page *p)
{
    const char *e = kgsh_request_arg(p->r, "e");
    html_begin(p->out, "Exposure");
    fputs("<h1>Sanction exposure</h1>\n<form action=\"/exposure\"><input type=\"text\" name=\"e\" "
          "placeholder=\"one company (empty: all)\" value=\"",
          p->out);
    html_text(p->out, e);
    fputs("\"> <button>Show</button></form>\n", p->out);
    kg_matches *m = NULL;
    if (e && *e && !resolve_one(p, e, "/exposure?e=", &m)) {
        html_end(p->out);
        return MHD_HTTP_OK;
    }
    kg_exposure_list *x = NULL;
    kg_exposure_options xo = KG_EXPOSURE_OPTIONS_INIT;
    kg_status st = kg_exposure_find(&x, p->store, m ? &m->items[0].term : NULL, &xo);
    if (st != KG_OK) {
        store_error(p, st);
    } else {
        for (size_t i = 0; i < x->n; i++) {
            fputs("<h2>", p->out);
            node(p, &x->items[i].company);
            fputs("</h2>\n", p->out);
            kg_exposure_list one = {.items = &x->items[i], .n = 1};
            sanctions(p, &one);
        }
        if (x->n == 0)
            fputs("<p class=\"muted\">No exposure found.</p>\n", p->out);
    }
    kg_exposure_list_free(x);
    kg_matches_free(m);
    html_end(p->out);
    return MHD_HTTP_OK;
}

/* ---- /query: the SPARQL box ---- */

static void results_table(page *p, kg_query *q, kg_results *res)
{
    if (kg_results_form(res) == KG_QUERY_ASK) {
        fprintf(p->out, "<p>Answer: <strong>%s</strong></p>\n",
                kg_results_boolean(res) ? "yes (true)" : "no (false)");
        return;
    }
    size_t columns = kg_results_column_count(res), rows = 0;
    fputs("<table><tr>", p->out);
    for (size_t c = 0; c < columns; c++) {
        fputs("<th>", p->out);
        html_text(p->out, kg_results_column_name(res, c));
        fputs("</th>", p->out);
    }
    fputs("</tr>\n", p->out);
    bool more = true;
    kg_status st;
    while ((st = kg_results_next(&more, res)) == KG_OK && more && rows < TABLE_ROWS) {
        rows++;
        fputs("<tr>", p->out);
        for (size_t c = 0; c < columns; c++) {
            const kg_term *t = kg_results_value(res, c);
            fputs("<td>", p->out);
            char *text = t->kind == KG_TERM_NONE ? NULL : kgsh_term_display(p->prefixes, t);
            if (t->kind == KG_TERM_IRI)
                entity_link(p, t->value, text);
            else
                html_text(p->out, text);
            free(text);
            fputs("</td>", p->out);
        }
        fputs("</tr>\n", p->out);
    }
    fputs("</table>\n", p->out);
    if (st != KG_OK) {
        char buf[2048];
        error_box(p, "%s", kg_error_format(kg_query_error(q), buf, sizeof buf));
    }
    fprintf(p->out, "<p class=\"muted\">%zu row%s%s.</p>\n", rows, rows == 1 ? "" : "s",
            more && st == KG_OK ? " shown; download for all of them" : "");
}

static void downloads(page *p, const char *query, kg_query_form form)
{
    fputs("<p>Download: ", p->out);
    bool first = true;
    for (int f = 0; f < KGSH_ANSWER_COUNT; f++) {
        if (!kgsh_answer_fits((kgsh_answer_format)f, form))
            continue;
        fprintf(p->out, "%s<a href=\"/sparql?format=%s&amp;query=", first ? "" : " · ",
                kgsh_answer_name((kgsh_answer_format)f));
        html_arg(p->out, query);
        fprintf(p->out, "\">%s</a>", kgsh_answer_name((kgsh_answer_format)f));
        first = false;
    }
    fputs("</p>\n", p->out);
}

static unsigned query(page *p)
{
    const char *text = kgsh_request_arg(p->r, "query");
    html_begin(p->out, "SPARQL");
    fputs("<h1>SPARQL</h1>\n<form action=\"/query\"><textarea name=\"query\" rows=\"10\">", p->out);
    html_text(p->out, text ? text : example_query);
    fputs("</textarea><br><button>Run</button></form>\n", p->out);
    unsigned status = MHD_HTTP_OK;
    if (text && *text) {
        kg_query_options opts = KG_QUERY_OPTIONS_INIT;
        opts.prefixes = kgsh_prefixes_pairs(p->r->server->prefixes);
        kg_query *q = NULL;
        kg_results *res = NULL;
        kg_error err = {0};
        char buf[2048];
        if (kg_query_prepare(&q, p->store, text, strlen(text), &opts, &err) != KG_OK) {
            error_box(p, "%s", kg_error_format(&err, buf, sizeof buf));
            status = MHD_HTTP_BAD_REQUEST;
        } else if (kg_query_get_form(q) == KG_QUERY_UPDATE) {
            error_box(p, "this box only reads; send updates to /sparql with credentials");
            status = MHD_HTTP_BAD_REQUEST;
        } else if (kg_query_execute(&res, q) != KG_OK) {
            error_box(p, "%s", kg_error_format(kg_query_error(q), buf, sizeof buf));
            status = MHD_HTTP_BAD_REQUEST;
        } else {
            downloads(p, text, kg_query_get_form(q));
            results_table(p, q, res);
        }
        kg_results_free(res);
        kg_query_free(q);
    }
    html_end(p->out);
    return status;
}

/* ---- dispatch ---- */

static const struct {
    const char *path;
    unsigned (*show)(page *p);
} pages[] = {
    {"/", home},     {"/search", search},     {"/entity", entity},
    {"/path", path}, {"/exposure", exposure}, {"/query", query},
};

int kgsh_page_handle(kgsh_request *r)
{
    unsigned (*show)(page *) = NULL;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        if (strcmp(r->path, pages[i].path) == 0)
            show = pages[i].show;
    if (!show)
        return kgsh_reply_text(r, MHD_HTTP_NOT_FOUND, "no page at %s (try /)", r->path);
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
        return kgsh_reply_not_allowed(r, "GET, HEAD");
    page p = {.r = r, .prefixes = r->server->prefixes};
    int result;
    if (!(p.store = kgsh_request_store(r, false, &result)))
        return result;
    char *body = NULL;
    size_t len = 0;
    unsigned status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    if ((p.out = open_memstream(&body, &len))) {
        status = show(&p);
        fclose(p.out);
    }
    kgsh_pool_release(r->server->pool, p.store);
    if (!body)
        return MHD_NO;
    return kgsh_reply(r, status, "text/html; charset=utf-8", body, len);
}
