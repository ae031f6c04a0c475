/* shell/explore.c - .describe, .search, .stats, .graphs, labels and the
 * completion vocabulary, as SPARQL queries over the store.
 *
 * The queries below read the data the way datasets/README.md lays it out:
 * things have rdfs:label, skos:altLabel and skos:hiddenLabel names; each
 * domain triple S P O has a reification node (rdf:subject/predicate/object)
 * with kg:statedIn sentences, which have kg:text, kg:index and
 * kg:inArticle. Each query states its own PREFIX lines so a user's
 * redefinition of kg: or rdfs: cannot change what it asks. */
#define _GNU_SOURCE
#include "explore.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "render.h"

#define PROLOGUE                                                                                   \
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"                                 \
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"                                       \
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"                                        \
    "PREFIX kg: <https://w3id.org/kgsh/ontology#>\n"

static const char q_label[] = PROLOGUE "SELECT ?label WHERE { <%s> rdfs:label ?label } LIMIT 1";

/* Things one of whose names is exactly the text, ignoring case. */
static const char q_named[] = PROLOGUE
    "SELECT DISTINCT ?thing ?label WHERE {\n"
    "  ?thing rdfs:label|skos:altLabel|skos:hiddenLabel ?name .\n"
    "  FILTER(LCASE(STR(?name)) = LCASE(\"%s\"))\n"
    "  OPTIONAL { ?thing rdfs:label ?label }\n"
    "} ORDER BY ?thing";

/* Things one of whose names contains the text, ignoring case. */
static const char q_search[] = PROLOGUE
    "SELECT DISTINCT ?thing ?label ?name WHERE {\n"
    "  ?thing rdfs:label|skos:altLabel|skos:hiddenLabel ?name .\n"
    "  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(\"%s\")))\n"
    "  OPTIONAL { ?thing rdfs:label ?label }\n"
    "} ORDER BY ?thing ?name";

static const char q_outgoing[] = PROLOGUE
    "SELECT DISTINCT ?property ?value ?label WHERE {\n"
    "  <%s> ?property ?value .\n"
    "  OPTIONAL { ?value rdfs:label ?label }\n"
    "} ORDER BY ?property ?value";

static const char q_incoming[] = PROLOGUE
    "SELECT DISTINCT ?property ?thing ?label WHERE {\n"
    "  ?thing ?property <%s> .\n"
    "  OPTIONAL { ?thing rdfs:label ?label }\n"
    "} ORDER BY ?property ?thing";

/* The sentences behind each statement with the thing as subject (%s is
 * "subject") or object ("object"). */
static const char q_sources[] = PROLOGUE
    "SELECT DISTINCT ?property ?other ?text ?index ?article WHERE {\n"
    "  ?statement rdf:%s <%s> ;\n"
    "      rdf:predicate ?property ;\n"
    "      rdf:%s ?other ;\n"
    "      kg:statedIn ?sentence .\n"
    "  ?sentence kg:text ?text ;\n"
    "      kg:inArticle ?article .\n"
    "  OPTIONAL { ?sentence kg:index ?index }\n"
    "} ORDER BY ?article ?index";

/* Sanctions on the thing, whatever said so (an article or a list), with
 * what an analyst checks first: who, under which programme, since when,
 * until when, and the source. */
static const char q_sanctions[] = PROLOGUE
    "SELECT ?sanction ?authority ?programme ?start ?end ?url ?graph WHERE {\n"
    "  { SELECT DISTINCT ?sanction ?graph WHERE {\n"
    "      GRAPH ?graph { ?sanction kg:sanctions <%s> }\n"
    "      FILTER(?graph != <https://w3id.org/kgsh/graph/inferred>) } }\n"
    "  OPTIONAL { ?sanction kg:authority/rdfs:label ?authority }\n"
    "  OPTIONAL { ?sanction kg:programme/rdfs:label ?programme }\n"
    "  OPTIONAL { ?sanction kg:startDate ?start }\n"
    "  OPTIONAL { ?sanction kg:endDate ?end }\n"
    "  OPTIONAL { ?sanction kg:sourceUrl ?url }\n"
    "} ORDER BY ?start ?sanction";

static const char q_classes[] = PROLOGUE
    "SELECT ?class (COUNT(DISTINCT ?thing) AS ?things) WHERE { ?thing a ?class }\n"
    "GROUP BY ?class ORDER BY DESC(?things) ?class";

static const char q_properties[] = PROLOGUE
    "SELECT ?property (COUNT(*) AS ?triples) WHERE { ?s ?property ?o }\n"
    "GROUP BY ?property ORDER BY DESC(?triples) ?property";

/* Over an endpoint, where the store's own counts are not at hand. */
static const char q_graphs[] = "SELECT ?graph (COUNT(*) AS ?quads) WHERE { GRAPH ?graph { ?s ?p ?o } }\n"
                               "GROUP BY ?graph ORDER BY ?graph";
static const char q_quads[] = "SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }";

static const char *const q_vocabulary[] = {
    "SELECT DISTINCT ?class WHERE { ?thing a ?class } LIMIT 5000",
    "SELECT DISTINCT ?property WHERE { ?s ?property ?o } LIMIT 5000",
    "SELECT DISTINCT ?thing WHERE { ?thing ?p ?o } LIMIT 20000",
};

/* ------------------------------------------------------------ helpers */

/* The text with \ " and line breaks escaped for a SPARQL string. */
static char *sparql_string(const char *text)
{
    char *out = malloc(2 * strlen(text) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = text; *p; p++) {
        if (*p == '\\' || *p == '"')
            *o++ = '\\';
        if (*p == '\n' || *p == '\r') {
            *o++ = '\\';
            *o++ = *p == '\n' ? 'n' : 'r';
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* An IRI may go between < > in a query only without these characters. */
static bool safe_iri(const char *iri)
{
    return *iri && !strpbrk(iri, "<>\"{}|^`\\ \t\n\r");
}

/* Runs a SELECT and returns its rows as a table; NULL on failure (reported
 * unless quiet). */
static kgsh_table *select_rows(kgsh_session *s, bool quiet, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static kgsh_table *select_rows(kgsh_session *s, bool quiet, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int len = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (len < 0)
        return NULL;
    kg_query *q = NULL;
    kg_results *r = NULL;
    kg_error err = {0};
    kgsh_table *t = NULL;
    if (s->remote) { /* the server answers, as it does typed statements */
        if (kg_endpoint_query(&r, s->remote, text, (size_t)len) != KG_OK && !quiet)
            kgsh_fail_kg(s, kg_endpoint_error(s->remote));
    } else if (kg_query_prepare(&q, s->store, text, (size_t)len, NULL, &err) != KG_OK) {
        if (!quiet)
            kgsh_fail_kg(s, &err);
    } else if (kg_query_execute(&r, q) != KG_OK) {
        if (!quiet)
            kgsh_fail_kg(s, kg_query_error(q));
    }
    if (r) {
        size_t columns = kg_results_column_count(r);
        const char *names[8];
        for (size_t c = 0; c < columns && c < 8; c++)
            names[c] = kg_results_column_name(r, c);
        t = kgsh_table_new(names, columns);
        kg_term row[8];
        bool more = true;
        while (t) {
            if (kg_results_next(&more, r) != KG_OK) {
                if (!quiet)
                    kgsh_fail_kg(s, kg_query_error(q));
                kgsh_table_free(t);
                t = NULL;
            } else if (!more) {
                break;
            } else {
                for (size_t c = 0; c < columns; c++)
                    row[c] = *kg_results_value(r, c);
                if (!kgsh_table_add(t, row)) {
                    kgsh_table_free(t);
                    t = NULL;
                }
            }
        }
    }
    kg_results_free(r);
    kg_query_free(q);
    free(text);
    return t;
}

static const char *cell_value(const kgsh_table *t, size_t row, size_t column)
{
    const kg_term *v = kgsh_table_cell(t, row, column);
    return v->kind == KG_TERM_NONE ? NULL : v->value;
}

char *kgsh_label(kgsh_session *s, const char *iri)
{
    if (!safe_iri(iri))
        return NULL;
    kgsh_table *t = select_rows(s, true, q_label, iri);
    char *label = t && kgsh_table_rows(t) > 0 ? strdup(kgsh_table_cell(t, 0, 0)->value) : NULL;
    kgsh_table_free(t);
    return label;
}

/* Prints a term compactly, with its label when it has one. */
static void put_thing(kgsh_session *s, const kg_term *term, const kg_term *label, FILE *out)
{
    char *text = kgsh_term_display(s->prefixes, term);
    fputs(text ? text : "?", out);
    free(text);
    if (label && label->kind == KG_TERM_LITERAL)
        fprintf(out, " (%s)", label->value);
}

/* ----------------------------------------------------------- describe */

static bool is_name_property(const char *iri)
{
    return strcmp(iri, KG_RDFS "label") == 0 ||
           strcmp(iri, "http://www.w3.org/2004/02/skos/core#altLabel") == 0 ||
           strcmp(iri, "http://www.w3.org/2004/02/skos/core#hiddenLabel") == 0;
}

/* Prints the sentences in sources (property, other, text, index, article)
 * behind the statement with this property and other end. */
static void put_sources(kgsh_session *s, const kgsh_table *sources, const kg_term *property,
                        const kg_term *other, FILE *out)
{
    for (size_t r = 0; sources && r < kgsh_table_rows(sources); r++) {
        if (!kg_term_equal(kgsh_table_cell(sources, r, 0), property) ||
            !kg_term_equal(kgsh_table_cell(sources, r, 1), other))
            continue;
        char *article = kgsh_term_display(s->prefixes, kgsh_table_cell(sources, r, 4));
        const char *index = cell_value(sources, r, 3);
        fprintf(out, "      \"%s\"\n        -- %s%s%s\n", cell_value(sources, r, 2),
                article ? article : "?", index ? ", sentence " : "", index ? index : "");
        free(article);
    }
}

/* Prints one direction of statements: rows (property, thing, label). */
static void put_statements(kgsh_session *s, const char *heading, const kgsh_table *rows,
                           const kgsh_table *sources, bool skip_names, FILE *out)
{
    bool any = false;
    const kg_term *last = NULL;
    for (size_t r = 0; r < kgsh_table_rows(rows); r++) {
        const kg_term *p = kgsh_table_cell(rows, r, 0), *v = kgsh_table_cell(rows, r, 1);
        if (skip_names && (is_name_property(p->value) || strcmp(p->value, KG_RDF "type") == 0))
            continue;
        /* reification nodes point at everything; they are shown as sources */
        if (!skip_names && (strcmp(p->value, KG_RDF "subject") == 0 ||
                            strcmp(p->value, KG_RDF "object") == 0))
            continue;
        if (!any)
            fprintf(out, "\n%s:\n", heading);
        any = true;
        if (!last || !kg_term_equal(last, p)) {
            fputs("  ", out);
            put_thing(s, p, NULL, out);
            fputc('\n', out);
            last = p;
        }
        fputs("    ", out);
        put_thing(s, v, kgsh_table_cell(rows, r, 2), out);
        fputc('\n', out);
        put_sources(s, sources, p, v, out);
    }
}

/* Prints the header: the thing, its label, types and other names. */
static void put_header(kgsh_session *s, const kg_term *thing, const kgsh_table *out_rows, FILE *out)
{
    const kg_term *label = NULL;
    for (size_t r = 0; r < kgsh_table_rows(out_rows); r++)
        if (strcmp(kgsh_table_cell(out_rows, r, 0)->value, KG_RDFS "label") == 0)
            label = kgsh_table_cell(out_rows, r, 1);
    put_thing(s, thing, label, out);
    fputc('\n', out);
    const char *kinds[][2] = {{KG_RDF "type", "type"},
                              {"http://www.w3.org/2004/02/skos/core#altLabel", "also known as"}};
    for (size_t k = 0; k < 2; k++) {
        bool first = true;
        for (size_t r = 0; r < kgsh_table_rows(out_rows); r++) {
            if (strcmp(kgsh_table_cell(out_rows, r, 0)->value, kinds[k][0]) != 0)
                continue;
            fputs(first ? "  " : ", ", out);
            if (first)
                fprintf(out, "%s: ", kinds[k][1]);
            put_thing(s, kgsh_table_cell(out_rows, r, 1), NULL, out);
            first = false;
        }
        if (!first)
            fputc('\n', out);
    }
}

/* The "Sanctions" section: one entry per listing, from sanctions rows
 * (sanction, authority, programme, start, end, url, graph). */
static void put_sanctions(kgsh_session *s, const kgsh_table *rows, FILE *out)
{
    if (!rows || kgsh_table_rows(rows) == 0)
        return;
    fputs("\nSanctions:\n", out);
    for (size_t r = 0; r < kgsh_table_rows(rows); r++) {
        const char *authority = cell_value(rows, r, 1), *programme = cell_value(rows, r, 2);
        const char *start = cell_value(rows, r, 3), *end = cell_value(rows, r, 4);
        const char *url = cell_value(rows, r, 5);
        char *from = kgsh_term_display(s->prefixes, kgsh_table_cell(rows, r, 6));
        fprintf(out, "  %s%s%s\n", programme ? programme : "(programme not stated)",
                authority ? ", by " : "", authority ? authority : "");
        fprintf(out, "    from %s%s%s\n", start ? start : "(date not stated)",
                end ? ", ended " : "", end ? end : "");
        if (url)
            fprintf(out, "    source: %s\n", url);
        fprintf(out, "    stated in %s\n", from ? from : "?");
        free(from);
    }
}

static bool describe_iri(kgsh_session *s, const char *iri, FILE *out)
{
    kgsh_table *outgoing = select_rows(s, false, q_outgoing, iri);
    kgsh_table *incoming = outgoing ? select_rows(s, false, q_incoming, iri) : NULL;
    kgsh_table *src_out = incoming ? select_rows(s, false, q_sources, "subject", iri, "object") : NULL;
    kgsh_table *src_in = src_out ? select_rows(s, false, q_sources, "object", iri, "subject") : NULL;
    kgsh_table *sanctions = src_in ? select_rows(s, false, q_sanctions, iri) : NULL;
    bool ok = sanctions != NULL;
    kg_term thing = kg_term_iri(iri);
    if (ok && kgsh_table_rows(outgoing) == 0 && kgsh_table_rows(incoming) == 0) {
        char *name = kgsh_term_display(s->prefixes, &thing);
        kgsh_fail(s, "nothing is known about %s", name ? name : iri);
        free(name);
        ok = false;
    } else if (ok) {
        put_header(s, &thing, outgoing, out);
        put_sanctions(s, sanctions, out);
        put_statements(s, "Statements about it", outgoing, src_out, true, out);
        put_statements(s, "Statements pointing to it", incoming, src_in, false, out);
    }
    kgsh_table_free(outgoing);
    kgsh_table_free(incoming);
    kgsh_table_free(src_out);
    kgsh_table_free(src_in);
    kgsh_table_free(sanctions);
    return ok && !kgsh_interrupted();
}

/* Lists the things of a (thing, label, ...) table, one per line. */
static void put_candidates(kgsh_session *s, const kgsh_table *t, FILE *out)
{
    const kg_term *last = NULL;
    for (size_t r = 0; r < kgsh_table_rows(t); r++) {
        const kg_term *thing = kgsh_table_cell(t, r, 0);
        if (last && kg_term_equal(last, thing))
            continue;
        fputs("  ", out);
        put_thing(s, thing, kgsh_table_cell(t, r, 1), out);
        fputc('\n', out);
        last = thing;
    }
}

/* Distinct things in column 0 of t. */
static size_t count_things(const kgsh_table *t)
{
    size_t n = 0;
    for (size_t r = 0; r < kgsh_table_rows(t); r++)
        if (r == 0 || !kg_term_equal(kgsh_table_cell(t, r, 0), kgsh_table_cell(t, r - 1, 0)))
            n++;
    return n;
}

bool kgsh_describe(kgsh_session *s, const char *thing, FILE *out)
{
    char *iri = kgsh_prefixes_expand(s->prefixes, thing);
    if (iri) {
        bool ok = safe_iri(iri) ? describe_iri(s, iri, out) : false;
        if (!safe_iri(iri))
            kgsh_fail(s, "not a valid IRI: %s", thing);
        free(iri);
        return ok;
    }
    char *text = sparql_string(thing);
    kgsh_table *t = text ? select_rows(s, false, q_named, text) : NULL;
    if (t && kgsh_table_rows(t) == 0) {
        kgsh_table_free(t);
        t = select_rows(s, false, q_search, text);
    }
    free(text);
    if (!t)
        return false;
    size_t n = count_things(t);
    bool ok = false;
    if (n == 0) {
        kgsh_fail(s, "nothing is named \"%s\" (try .search)", thing);
    } else if (n == 1) {
        ok = describe_iri(s, kgsh_table_cell(t, 0, 0)->value, out);
    } else {
        fprintf(out, "%zu things match \"%s\":\n", n, thing);
        put_candidates(s, t, out);
        fflush(out);
        kgsh_fail(s, "\"%s\" is ambiguous: describe one of them by its name above", thing);
    }
    kgsh_table_free(t);
    return ok;
}

/* ------------------------------------------------------------- search */

bool kgsh_search(kgsh_session *s, const char *text, FILE *out)
{
    char *escaped = sparql_string(text);
    kgsh_table *t = escaped ? select_rows(s, false, q_search, escaped) : NULL;
    free(escaped);
    bool ok = t && kgsh_render_table(s, t, out);
    kgsh_table_free(t);
    return ok;
}

/* -------------------------------------------------------------- stats */

static int add_graph_row(void *ctx, const kg_term *graph, uint64_t quads)
{
    char count[32];
    snprintf(count, sizeof count, "%llu", (unsigned long long)quads);
    kg_term row[2] = {*graph, kg_term_literal(count, KG_XSD "integer", NULL)};
    return kgsh_table_add(ctx, row) ? 0 : 1;
}

static kgsh_table *graph_table(kgsh_session *s)
{
    if (s->remote)
        return select_rows(s, false, "%s", q_graphs);
    const char *names[] = {"graph", "quads"};
    kgsh_table *t = kgsh_table_new(names, 2);
    if (t && kg_store_graphs(s->store, add_graph_row, t) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        kgsh_table_free(t);
        return NULL;
    }
    return t;
}

bool kgsh_graphs(kgsh_session *s, FILE *out)
{
    kgsh_table *t = graph_table(s);
    bool ok = t && kgsh_render_table(s, t, out);
    kgsh_table_free(t);
    return ok;
}

bool kgsh_stats(kgsh_session *s, FILE *out)
{
    kgsh_table *t = NULL;
    if (s->remote) {
        t = select_rows(s, false, "%s", q_quads);
        if (!t || kgsh_table_rows(t) != 1) {
            kgsh_table_free(t);
            return false;
        }
        fprintf(out, "%s quads on %s\n", cell_value(t, 0, 0), kg_endpoint_url(s->remote));
        kgsh_table_free(t);
    } else {
        fprintf(out, "%llu quads\n", (unsigned long long)kg_store_size(s->store));
    }
    fputs("\nClasses:\n", out);
    t = select_rows(s, false, "%s", q_classes);
    bool ok = t && kgsh_render_table(s, t, out);
    kgsh_table_free(t);
    if (ok) {
        fputs("\nProperties:\n", out);
        t = select_rows(s, false, "%s", q_properties);
        ok = t && kgsh_render_table(s, t, out);
        kgsh_table_free(t);
    }
    if (ok) {
        fputs("\nGraphs:\n", out);
        ok = kgsh_graphs(s, out);
    }
    return ok;
}

/* --------------------------------------------------------- vocabulary */

bool kgsh_vocabulary(kgsh_session *s, kgsh_word_fn fn, void *ctx)
{
    for (size_t k = 0; k < sizeof q_vocabulary / sizeof q_vocabulary[0]; k++) {
        kgsh_table *t = select_rows(s, true, "%s", q_vocabulary[k]);
        if (!t)
            return false;
        for (size_t r = 0; r < kgsh_table_rows(t); r++)
            if (kgsh_table_cell(t, r, 0)->kind == KG_TERM_IRI)
                fn(ctx, kgsh_table_cell(t, r, 0)->value);
        kgsh_table_free(t);
    }
    return true;
}

static int add_graph_name(void *ctx, const kg_term *graph, uint64_t quads)
{
    (void)quads;
    void **args = ctx;
    if (graph->kind == KG_TERM_IRI)
        ((kgsh_word_fn)args[0])(args[1], graph->value);
    return 0;
}

bool kgsh_graph_names(kgsh_session *s, kgsh_word_fn fn, void *ctx)
{
    if (s->remote) {
        kgsh_table *t = select_rows(s, true, "%s", q_graphs);
        for (size_t r = 0; t && r < kgsh_table_rows(t); r++)
            if (kgsh_table_cell(t, r, 0)->kind == KG_TERM_IRI)
                fn(ctx, kgsh_table_cell(t, r, 0)->value);
        bool ok = t != NULL;
        kgsh_table_free(t);
        return ok;
    }
    void *args[2] = {(void *)fn, ctx};
    return kg_store_graphs(s->store, add_graph_name, args) == KG_OK;
}
