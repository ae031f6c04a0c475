/* SPDX-License-Identifier: LGPL-2.1-or-later */
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
#include "rows.h"

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

/* The most specific kg: class of ?thing (one of them, when several): one
 * none of its other classes is a subclass of. A direct rdfs:subClassOf is
 * enough, as the thing has every superclass's type too; a path (+) here
 * gives Virtuoso 7.2.5 other answers. */
#define CLASS_OF_THING                                                                             \
    "  OPTIONAL { ?thing a ?class FILTER(STRSTARTS(STR(?class), STR(kg:)))\n"                      \
    "             FILTER NOT EXISTS { ?thing a ?sub . ?sub rdfs:subClassOf ?class\n"             \
    "                                 FILTER(?sub != ?class) } }\n"

/* Things one of whose names contains the text, ignoring case, with their
 * labels, classes and the names that matched (key: what picks one row per
 * thing, in C, so that every engine shows the same; see search_table). */
static const char q_search[] = PROLOGUE
    "SELECT DISTINCT ?thing ?label ?class ?match ?key WHERE {\n"
    "  ?thing rdfs:label|skos:altLabel|skos:hiddenLabel ?match .\n"
    "  FILTER(CONTAINS(LCASE(STR(?match)), LCASE(\"%s\")))\n"
    "  BIND(STR(?match) AS ?key)\n"
    "  OPTIONAL { ?thing rdfs:label ?label }\n" CLASS_OF_THING
    "} ORDER BY ?thing";

/* Things a sentence containing the text makes a statement about. */
static const char q_search_sentences[] = PROLOGUE
    "SELECT DISTINCT ?thing ?label ?class ?match ?key WHERE {\n"
    "  ?statement rdf:subject|rdf:object ?thing ; kg:statedIn ?sentence .\n"
    "  ?sentence kg:text ?match .\n"
    "  FILTER(isIRI(?thing) && CONTAINS(LCASE(STR(?match)), LCASE(\"%s\")))\n"
    "  BIND(STR(?sentence) AS ?key)\n"
    "  OPTIONAL { ?thing rdfs:label ?label }\n" CLASS_OF_THING
    "} ORDER BY ?thing";

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
    "SELECT DISTINCT ?property ?other ?text ?index ?article ?sentence WHERE {\n"
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

/* The modality (kg:status, by its label) of the thing and of each node
 * linked to it: plans and claims, printed with their status so that an
 * intention never reads as a fact. */
static const char q_statuses[] = PROLOGUE
    "SELECT DISTINCT ?node ?status ?label WHERE {\n"
    "  { <%s> ?p ?node } UNION { ?node ?p <%s> }\n"
    "  UNION { ?node kg:status ?own FILTER(sameTerm(?node, <%s>)) }\n"
    "  ?node kg:status ?status .\n"
    "  OPTIONAL { ?status rdfs:label ?label }\n"
    "} ORDER BY ?node ?status";

/* The posts the thing held (kg:PostHolding nodes naming it kg:holder). */
static const char q_holdings[] = PROLOGUE
    "SELECT DISTINCT ?holding ?post ?start ?end ?status WHERE {\n"
    "  ?holding kg:holder <%s> .\n"
    "  OPTIONAL { ?holding kg:post ?p . OPTIONAL { ?p rdfs:label ?post } }\n"
    "  OPTIONAL { ?holding kg:startDate ?start }\n"
    "  OPTIONAL { ?holding kg:endDate ?end }\n"
    "  OPTIONAL { ?holding kg:holdingStatus ?hs . OPTIONAL { ?hs rdfs:label ?status } }\n"
    "} ORDER BY ?start ?holding";

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
    if (label && label->kind == KG_TERM_LITERAL) {
        char *clean = kgsh_text_display(label->value, label->value_len);
        fprintf(out, " (%s)", clean ? clean : "?");
        free(clean);
    }
}

/* ----------------------------------------------------------- describe */

static bool is_name_property(const char *iri)
{
    return strcmp(iri, KG_RDFS "label") == 0 ||
           strcmp(iri, "http://www.w3.org/2004/02/skos/core#altLabel") == 0 ||
           strcmp(iri, "http://www.w3.org/2004/02/skos/core#hiddenLabel") == 0;
}

/* The status label of node in statuses (node, status, label), else NULL. */
static const char *status_of(const kgsh_table *statuses, const kg_term *node)
{
    for (size_t r = 0; statuses && r < kgsh_table_rows(statuses); r++)
        if (kg_term_equal(kgsh_table_cell(statuses, r, 0), node)) {
            const char *label = cell_value(statuses, r, 2);
            return label ? label : cell_value(statuses, r, 1);
        }
    return NULL;
}

/* " (as of D: in force)" and the like, for something from start to end,
 * when the session answers as of a date. */
static void put_as_of(kgsh_session *s, const char *start, const char *end, bool post, FILE *out)
{
    if (!s->as_of[0])
        return;
    const char *verdict = post ? "held" : "in force";
    if (!kg_in_force(start, NULL, s->as_of)) /* the library's rule (.help asof) */
        verdict = post ? "not yet held" : "not yet in force";
    else if (!kg_in_force(start, end, s->as_of))
        verdict = post ? "no longer held" : "ended";
    fprintf(out, "    as of %s: %s\n", s->as_of, verdict);
}

/* "    from START, ended END" (until: the words before END) and, when the
 * session answers as of a date, whether it held then. */
static void put_period(kgsh_session *s, const char *start, const char *end, const char *until,
                       bool post, FILE *out)
{
    fprintf(out, "    from %s%s%s\n", start ? start : "(date not stated)", end ? until : "",
            end ? end : "");
    put_as_of(s, start, end, post, out);
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
                           const kgsh_table *sources, const kgsh_table *statuses,
                           bool skip_names, FILE *out)
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
        const char *status = status_of(statuses, v);
        if (status)
            fprintf(out, " (status: %s)", status);
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
        put_period(s, start, end, ", ended ", false, out);
        if (url)
            fprintf(out, "    source: %s\n", url);
        fprintf(out, "    stated in %s\n", from ? from : "?");
        free(from);
    }
}

/* The "Posts held" section, from rows (holding, post, start, end, status). */
static void put_holdings(kgsh_session *s, const kgsh_table *rows, FILE *out)
{
    if (!rows || kgsh_table_rows(rows) == 0)
        return;
    fputs("\nPosts held:\n", out);
    for (size_t r = 0; r < kgsh_table_rows(rows); r++) {
        const char *post = cell_value(rows, r, 1), *start = cell_value(rows, r, 2);
        const char *end = cell_value(rows, r, 3), *status = cell_value(rows, r, 4);
        fputs("  ", out);
        if (post)
            fputs(post, out);
        else
            put_thing(s, kgsh_table_cell(rows, r, 0), NULL, out);
        fprintf(out, "%s%s%s\n", status ? " (" : "", status ? status : "", status ? ")" : "");
        put_period(s, start, end, " until ", true, out);
    }
}

/* The sentences of sources (property, other, text, index, article,
 * sentence) behind one statement, as kgsh_row_evidence's two values. */
static void row_sources(kgsh_row *r, const kgsh_table *sources, const kg_term *property,
                        const kg_term *other)
{
    kg_source_sentence e[64];
    size_t n = 0;
    for (size_t i = 0; sources && i < kgsh_table_rows(sources) && n < 64; i++)
        if (kg_term_equal(kgsh_table_cell(sources, i, 0), property) &&
            kg_term_equal(kgsh_table_cell(sources, i, 1), other))
            e[n++] = (kg_source_sentence){cell_value(sources, i, 2), cell_value(sources, i, 5),
                                          cell_value(sources, i, 4), 0};
    kgsh_row_evidence(r, e, n);
}

/* One row per statement about the thing (direction out) or pointing to
 * it (in), with the sentences that state it. */
static bool describe_rows(kgsh_session *s, const kg_term *thing, const kgsh_table *rows[2],
                          const kgsh_table *sources[2], const kgsh_table *statuses, FILE *out)
{
    const char *names[] = {"thing", "direction", "property", "value", "value_label", "sentence",
                           "source", "value_status"};
    kgsh_table *t = kgsh_table_new(names, sizeof names / sizeof names[0]);
    bool ok = t != NULL;
    kgsh_row r = {0};
    for (int d = 0; d < 2; d++) {
        for (size_t i = 0; ok && i < kgsh_table_rows(rows[d]); i++) {
            const kg_term *p = kgsh_table_cell(rows[d], i, 0), *v = kgsh_table_cell(rows[d], i, 1);
            if (d == 1 && (strcmp(p->value, KG_RDF "subject") == 0 ||
                           strcmp(p->value, KG_RDF "object") == 0))
                continue; /* reification nodes: their sentences are the sources */
            kgsh_row_term(&r, thing);
            kgsh_row_text(&r, d == 0 ? "out" : "in");
            kgsh_row_term(&r, p);
            kgsh_row_term(&r, v);
            kgsh_row_text(&r, cell_value(rows[d], i, 2));
            row_sources(&r, sources[d], p, v);
            kgsh_row_text(&r, status_of(statuses, v));
            ok = kgsh_row_add(t, &r);
        }
    }
    ok = ok && kgsh_render_table(s, t, out);
    if (!t)
        kgsh_fail(s, "out of memory");
    kgsh_table_free(t);
    return ok;
}

static bool describe_iri(kgsh_session *s, const char *iri, FILE *out)
{
    kgsh_table *outgoing = select_rows(s, false, q_outgoing, iri);
    kgsh_table *incoming = outgoing ? select_rows(s, false, q_incoming, iri) : NULL;
    kgsh_table *src_out = incoming ? select_rows(s, false, q_sources, "subject", iri, "object") : NULL;
    kgsh_table *src_in = src_out ? select_rows(s, false, q_sources, "object", iri, "subject") : NULL;
    kgsh_table *sanctions = src_in ? select_rows(s, false, q_sanctions, iri) : NULL;
    kgsh_table *statuses = sanctions ? select_rows(s, false, q_statuses, iri, iri, iri) : NULL;
    kgsh_table *holdings = statuses ? select_rows(s, false, q_holdings, iri) : NULL;
    bool ok = holdings != NULL;
    kg_term thing = kg_term_iri(iri);
    if (ok && kgsh_table_rows(outgoing) == 0 && kgsh_table_rows(incoming) == 0) {
        char *name = kgsh_term_display(s->prefixes, &thing);
        kgsh_fail(s, "nothing is known about %s", name ? name : iri);
        free(name);
        ok = false;
    } else if (ok && kgsh_machine_mode(s)) {
        ok = describe_rows(s, &thing, (const kgsh_table *[2]){outgoing, incoming},
                           (const kgsh_table *[2]){src_out, src_in}, statuses, out);
    } else if (ok) {
        put_header(s, &thing, outgoing, out);
        const char *status = status_of(statuses, &thing);
        if (status)
            fprintf(out, "  status: %s (a plan or claim, not a fact)\n", status);
        if (s->as_of[0])
            fprintf(out, "  (answering as of %s)\n", s->as_of);
        put_sanctions(s, sanctions, out);
        put_holdings(s, holdings, out);
        put_statements(s, "Statements about it", outgoing, src_out, statuses, true, out);
        put_statements(s, "Statements pointing to it", incoming, src_in, statuses, false, out);
    }
    kgsh_table_free(statuses);
    kgsh_table_free(holdings);
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
    size_t prefix_len = strcspn(thing, ":");
    if (n == 0 && thing[prefix_len] == ':' && !strpbrk(thing, " \t<>\"") &&
        !kgsh_prefixes_lookup_n(s->prefixes, thing, prefix_len)) {
        kgsh_fail(s, "unknown prefix \"%.*s:\" in %s (.prefixes lists the known ones)",
                  (int)prefix_len, thing, thing);
    } else if (n == 0) {
        kgsh_fail(s, "nothing is named \"%s\" (try .search)", thing);
    } else if (n == 1) {
        ok = describe_iri(s, kgsh_table_cell(t, 0, 0)->value, out);
    } else { /* the list, then what to do with it, both on stderr */
        fflush(out);
        fprintf(stderr, "%zu things match \"%s\":\n", n, thing);
        put_candidates(s, t, stderr);
        kgsh_fail(s, "\"%s\" is ambiguous: describe one of the things listed above by its "
                     "prefixed name or IRI",
                  thing);
    }
    kgsh_table_free(t);
    return ok;
}

/* ------------------------------------------------------------- search */

/* Whether column 0 of t holds term. */
static bool has_thing(const kgsh_table *t, const kg_term *term)
{
    for (size_t r = 0; r < kgsh_table_rows(t); r++)
        if (kg_term_equal(kgsh_table_cell(t, r, 0), term))
            return true;
    return false;
}

static int cell_cmp(const kgsh_table *t, size_t a, size_t b, size_t column)
{
    const char *x = cell_value(t, a, column), *y = cell_value(t, b, column);
    return strcmp(x ? x : "", y ? y : "");
}

/* Search rows a before b: by thing, then key, label, class, byte by byte
 * (engines differ in how MIN and SAMPLE choose, and in string order). */
static int search_cmp(const void *pa, const void *pb, void *ctx)
{
    const kgsh_table *t = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    static const size_t order[] = {0, 4, 1, 2};
    int c = 0;
    for (size_t i = 0; i < 4 && c == 0; i++)
        c = cell_cmp(t, a, b, order[i]);
    return c;
}

/* Adds to out the first row of each thing of rows (thing, label, class,
 * match, key), in search_cmp order, with found; things already in skip
 * are left out. */
static bool add_search_rows(kgsh_table *out, const kgsh_table *rows, const char *found,
                            const kgsh_table *skip)
{
    size_t n = kgsh_table_rows(rows);
    size_t *order = malloc((n + 1) * sizeof *order);
    if (!order)
        return false;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, search_cmp, (void *)rows);
    kg_term how = kg_term_literal(found, NULL, NULL);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        const kg_term *thing = kgsh_table_cell(rows, order[i], 0);
        if ((i > 0 && kg_term_equal(thing, kgsh_table_cell(rows, order[i - 1], 0))) ||
            (skip && has_thing(skip, thing)))
            continue;
        kg_term row[5] = {*thing, *kgsh_table_cell(rows, order[i], 1),
                          *kgsh_table_cell(rows, order[i], 2), how,
                          *kgsh_table_cell(rows, order[i], 3)};
        ok = kgsh_table_add(out, row);
    }
    free(order);
    return ok;
}

/* One row per thing: those a name matches first, then those only a
 * sentence about them matches; "found" says which. */
bool kgsh_search(kgsh_session *s, const char *text, FILE *out)
{
    char *escaped = sparql_string(text);
    kgsh_table *named = escaped ? select_rows(s, false, q_search, escaped) : NULL;
    kgsh_table *stated = named ? select_rows(s, false, q_search_sentences, escaped) : NULL;
    free(escaped);
    const char *names[] = {"thing", "label", "class", "found", "match"};
    kgsh_table *t = stated ? kgsh_table_new(names, 5) : NULL;
    bool ok = t && add_search_rows(t, named, "name", NULL) &&
              add_search_rows(t, stated, "sentence", named);
    if (stated && !ok)
        kgsh_fail(s, "out of memory");
    ok = ok && kgsh_render_table(s, t, out);
    kgsh_table_free(named);
    kgsh_table_free(stated);
    kgsh_table_free(t);
    return ok;
}

/* -------------------------------------------------------------- stats */

static bool add_count_row(kgsh_table *t, const kg_term *graph, uint64_t quads)
{
    char count[32];
    snprintf(count, sizeof count, "%llu", (unsigned long long)quads);
    kg_term row[2] = {*graph, kg_term_literal(count, KG_XSD "integer", NULL)};
    return kgsh_table_add(t, row);
}

typedef struct graph_rows {
    kgsh_table *t;
    uint64_t named; /* quads in named graphs */
} graph_rows;

static int add_graph_row(void *ctx, const kg_term *graph, uint64_t quads)
{
    graph_rows *g = ctx;
    g->named += quads;
    return add_count_row(g->t, graph, quads) ? 0 : 1;
}

/* The named graphs with their quad counts, after the default graph's
 * (what the quads outside every named graph add up to). */
static kgsh_table *graph_table(kgsh_session *s)
{
    if (s->remote)
        return select_rows(s, false, "%s", q_graphs);
    const char *names[] = {"graph", "quads"};
    graph_rows g = {kgsh_table_new(names, 2), 0};
    kgsh_table *all = kgsh_table_new(names, 2);
    if (!g.t || !all || kg_store_graphs(s->store, add_graph_row, &g) != KG_OK) {
        if (g.t && all)
            kgsh_fail_kg(s, kg_store_error(s->store));
        kgsh_table_free(g.t);
        kgsh_table_free(all);
        return NULL;
    }
    kg_term label = kg_term_literal("(default graph)", NULL, NULL);
    bool ok = add_count_row(all, &label, kg_store_size(s->store) - g.named);
    for (size_t r = 0; ok && r < kgsh_table_rows(g.t); r++)
        ok = kgsh_table_add(all, (kg_term[2]){*kgsh_table_cell(g.t, r, 0),
                                                 *kgsh_table_cell(g.t, r, 1)});
    kgsh_table_free(g.t);
    if (!ok) {
        kgsh_fail(s, "out of memory");
        kgsh_table_free(all);
        return NULL;
    }
    return all;
}

bool kgsh_graphs(kgsh_session *s, FILE *out)
{
    kgsh_table *t = graph_table(s);
    bool ok = t && kgsh_render_table(s, t, out);
    kgsh_table_free(t);
    return ok;
}

static const char q_triples[] = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }";

/* The quads of the inferred graph, from a graph table. */
static uint64_t inferred_quads(const kgsh_table *graphs)
{
    for (size_t r = 0; r < kgsh_table_rows(graphs); r++)
        if (strcmp(kgsh_table_cell(graphs, r, 0)->value, KG_INFERRED_GRAPH) == 0)
            return strtoull(kgsh_table_cell(graphs, r, 1)->value, NULL, 10);
    return 0;
}

/* The counts a newcomer meets (quads, asserted, inferred, triples) in
 * words: they differ, and each is right for its question. */
static void put_counts(FILE *out, uint64_t quads, uint64_t inferred, const char *triples,
                       bool readonly)
{
    fprintf(out, "%llu quads%s: a quad is one triple in one graph, so a triple stated in two "
                 "graphs counts twice\n",
            (unsigned long long)quads,
            readonly ? " (read-only: this shell cannot change the store)" : "");
    fprintf(out, "  %llu asserted: loaded or inserted, in the default graph and the named "
                 "graphs below\n",
            (unsigned long long)(quads - inferred));
    fprintf(out, "  %llu inferred: derived by the ontology's rules, in <%s> (.infer off hides "
                 "them from queries)\n",
            (unsigned long long)inferred, KG_INFERRED_GRAPH);
    fprintf(out, "%s distinct triples: what a query without GRAPH sees, every graph merged and "
                 "each triple counted once\n",
            triples);
}

/* In csv, tsv, json and xml: one table of (section, item, count) rows. */
static bool stats_rows(kgsh_session *s, kgsh_table *const parts[3], uint64_t quads,
                       uint64_t inferred, const char *triples, FILE *out)
{
    const char *names[] = {"section", "item", "count"};
    kgsh_table *t = kgsh_table_new(names, 3);
    bool ok = t != NULL;
    kgsh_row r = {0};
    const char *totals[] = {"quads", "asserted quads", "inferred quads", "distinct triples"};
    for (size_t k = 0; ok && k < 4; k++) {
        kgsh_row_text(&r, "total");
        kgsh_row_text(&r, totals[k]);
        if (k == 3)
            kgsh_row_take(&r, strdup(triples));
        else
            kgsh_row_number(&r, k == 0 ? quads : k == 1 ? quads - inferred : inferred);
        ok = kgsh_row_add(t, &r);
    }
    const char *sections[] = {"class", "property", "graph"};
    for (size_t k = 0; ok && k < 3; k++) {
        for (size_t i = 0; ok && i < kgsh_table_rows(parts[k]); i++) {
            kgsh_row_text(&r, sections[k]);
            kgsh_row_term(&r, kgsh_table_cell(parts[k], i, 0));
            kgsh_row_term(&r, kgsh_table_cell(parts[k], i, 1));
            ok = kgsh_row_add(t, &r);
        }
    }
    if (!ok)
        kgsh_fail(s, "out of memory");
    ok = ok && kgsh_render_table(s, t, out);
    kgsh_table_free(t);
    return ok;
}

bool kgsh_stats(kgsh_session *s, FILE *out)
{
    kgsh_table *parts[3] = {select_rows(s, false, "%s", q_classes), NULL, NULL};
    parts[1] = parts[0] ? select_rows(s, false, "%s", q_properties) : NULL;
    parts[2] = parts[1] ? graph_table(s) : NULL;
    kgsh_table *counts =
        parts[2] ? select_rows(s, false, "%s", s->remote ? q_quads : q_triples) : NULL;
    bool ok = counts && kgsh_table_rows(counts) == 1;
    const char *count = ok ? cell_value(counts, 0, 0) : NULL;
    uint64_t quads = s->remote ? 0 : kg_store_size(s->store);
    uint64_t inferred = ok ? inferred_quads(parts[2]) : 0;
    if (ok && kgsh_machine_mode(s) && !s->remote) {
        ok = stats_rows(s, parts, quads, inferred, count ? count : "0", out);
    } else if (ok) {
        if (s->remote)
            fprintf(out, "%s quads on %s\n", count ? count : "?", kg_endpoint_url(s->remote));
        else
            put_counts(out, quads, inferred, count ? count : "?", s->readonly);
        const char *headings[] = {"Classes", "Properties", "Graphs"};
        for (size_t k = 0; ok && k < 3; k++) {
            fprintf(out, "\n%s:\n", headings[k]);
            ok = kgsh_render_table(s, parts[k], out);
        }
    }
    for (size_t k = 0; k < 3; k++)
        kgsh_table_free(parts[k]);
    kgsh_table_free(counts);
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

/* Calls fn with the values of the first column of query's answer that
 * are of kind (silently: for completion). */
static bool each_value(kgsh_session *s, const char *query, kg_term_kind kind, kgsh_word_fn fn,
                       void *ctx)
{
    kgsh_table *t = select_rows(s, true, "%s", query);
    for (size_t r = 0; t && r < kgsh_table_rows(t); r++)
        if (kgsh_table_cell(t, r, 0)->kind == kind)
            fn(ctx, kgsh_table_cell(t, r, 0)->value);
    bool ok = t != NULL;
    kgsh_table_free(t);
    return ok;
}

bool kgsh_thing_names(kgsh_session *s, kgsh_word_fn fn, void *ctx)
{
    return each_value(s,
                      PROLOGUE "SELECT DISTINCT ?name WHERE {\n"
                               "  ?thing rdfs:label|skos:altLabel ?name\n"
                               "} ORDER BY ?name LIMIT 20000",
                      KG_TERM_LITERAL, fn, ctx);
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
    if (s->remote)
        return each_value(s, q_graphs, KG_TERM_IRI, fn, ctx);
    void *args[2] = {(void *)fn, ctx};
    return kg_store_graphs(s->store, add_graph_name, args) == KG_OK;
}
