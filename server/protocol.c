/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/protocol.c - the SPARQL 1.1 Protocol at /sparql (queries by GET
 * and POST, updates by POST, the service description when no query is
 * given) and the SPARQL 1.1 Graph Store HTTP Protocol at /data
 * (?graph=IRI or ?default: GET, HEAD, PUT, POST, DELETE). Each request
 * takes a store handle from the pool for its duration; writes first pass
 * the credential check. */
#define _GNU_SOURCE
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "answer.h"

#define TEXT_PLAIN "text/plain; charset=utf-8"

/* ---- statuses ---- */

/* The HTTP status for a failed libkg call: the request's fault (400) or
 * the server's. */
static unsigned http_status(kg_status st)
{
    switch (st) {
    case KG_ERR_SYNTAX:
    case KG_ERR_INVALID:
    case KG_ERR_UNSUPPORTED:
    case KG_ERR_EVAL:
    case KG_ERR_NOT_FOUND: return MHD_HTTP_BAD_REQUEST;
    case KG_ERR_DENIED: /* files and the network are closed to queries sent over HTTP */
        return MHD_HTTP_FORBIDDEN;
    case KG_ERR_INTERRUPTED: /* the watchdog: the request ran out of time */
    case KG_ERR_NOMEM:
    case KG_ERR_LOCKED: return MHD_HTTP_SERVICE_UNAVAILABLE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

static int fail(kgsh_request *r, const kg_error *err)
{
    if (err->status == KG_ERR_INTERRUPTED)
        return kgsh_reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                               "the request ran past the server's time limit of %u s (--timeout)",
                               r->server->timeout);
    if (err->status == KG_ERR_LIMIT)
        return kgsh_reply_text(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
                               "the answer has more than %llu rows, the server's limit "
                               "(--max-rows): ask for less, with LIMIT",
                               (unsigned long long)r->server->max_rows);
    char buf[2048];
    return kgsh_reply_text(r, http_status(err->status), "%s",
                           kg_error_format(err, buf, sizeof buf));
}

/* ---- queries and updates ---- */

/* Takes a store handle (the writer's for an update) and prepares text on
 * it. On failure the answer is queued (*result) and nothing is held. */
static bool prepare(kgsh_request *r, bool update, const char *text, size_t len, kg_store **store,
                    kg_query **q, int *result)
{
    *q = NULL;
    if (!(*store = kgsh_request_store(r, update, result)))
        return false;
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.prefixes = kgsh_prefixes_pairs(r->server->prefixes);
    kg_error err = {0};
    const char *wrong = update ? "a query goes as query= or application/sparql-query, not as "
                                 "an update"
                               : "an update goes by POST, as update= or application/sparql-update";
    if (kg_query_prepare(q, *store, text, len, &opts, &err) != KG_OK)
        *result = fail(r, &err);
    else if ((kg_query_get_form(*q) == KG_QUERY_UPDATE) != update)
        *result = kgsh_reply_text(r, MHD_HTTP_BAD_REQUEST, "%s", wrong);
    else
        return true;
    kg_query_free(*q);
    kgsh_pool_release(r->server->pool, *store);
    return false;
}

static void finish(kgsh_request *r, kg_store *store, kg_query *q, kg_results *res)
{
    kg_results_free(res);
    kg_query_free(q);
    kgsh_pool_release(r->server->pool, store);
}

static int run_query(kgsh_request *r, const char *text, size_t len)
{
    kg_store *store;
    kg_query *q;
    int result;
    if (!prepare(r, false, text, len, &store, &q, &result))
        return result;
    kg_results *res = NULL;
    kgsh_answer_format f;
    char *body = NULL;
    size_t body_len = 0;
    if (!kgsh_answer_choose(kgsh_request_header(r, MHD_HTTP_HEADER_ACCEPT),
                            kgsh_request_arg(r, "format"), kg_query_get_form(q), &f)) {
        result = kgsh_reply_text(r, MHD_HTTP_NOT_ACCEPTABLE,
                                 "no format asked for can hold this answer; JSON, XML, CSV and "
                                 "TSV hold every answer, Turtle, N-Triples, N-Quads and TriG "
                                 "hold CONSTRUCT and DESCRIBE answers");
    } else if (kg_query_execute(&res, q) != KG_OK ||
               kgsh_answer_write(res, f, r->server->prefixes, r->server->max_rows, &body,
                                 &body_len) != KG_OK) {
        kg_error err = *kg_query_error(q);
        if (!err.status) /* a row cap or memory: the answer writer's own */
            err.status = body ? KG_ERR_NOMEM : KG_ERR_LIMIT;
        result = fail(r, &err);
    } else {
        char type[128];
        snprintf(type, sizeof type, "%s; charset=utf-8", kgsh_answer_type(f));
        result = kgsh_reply(r, MHD_HTTP_OK, type, body, body_len);
        body = NULL;
    }
    free(body);
    finish(r, store, q, res);
    return result;
}

static int run_update(kgsh_request *r, const char *text, size_t len)
{
    kg_store *store;
    kg_query *q;
    int result;
    if (!kgsh_request_may_write(r, &result) || !prepare(r, true, text, len, &store, &q, &result))
        return result;
    kg_results *res = NULL;
    if (kg_query_execute(&res, q) != KG_OK) {
        result = fail(r, kg_query_error(q));
    } else {
        uint64_t added = 0, removed = 0;
        kg_results_update_counts(&added, &removed, res);
        result = kgsh_reply_text(r, MHD_HTTP_OK, "%llu quads added, %llu removed",
                                 (unsigned long long)added, (unsigned long long)removed);
    }
    finish(r, store, q, res);
    return result;
}

/* ---- the service description ---- */

static int service_description(kgsh_request *r)
{
    const char *host = kgsh_request_header(r, MHD_HTTP_HEADER_HOST);
    bool host_ok = host && *host &&
                   strspn(host, "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == strlen(host);
    char *text = NULL;
    int n = asprintf(
        &text,
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix fmt: <http://www.w3.org/ns/formats/> .\n\n"
        "[] a sd:Service ;\n"
        "%s%s%s"
        "    sd:supportedLanguage sd:SPARQL11Query%s ;\n"
        "    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML,\n"
        "        fmt:SPARQL_Results_CSV, fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples,\n"
        "        fmt:N-Quads, fmt:TriG ;\n"
        "    sd:feature sd:UnionDefaultGraph ;\n"
        "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n",
        host_ok ? "    sd:endpoint <http://" : "", host_ok ? host : "",
        host_ok ? "/sparql> ;\n" : "", r->server->read_only ? "" : ", sd:SPARQL11Update");
    if (n < 0)
        return MHD_NO;
    return kgsh_reply(r, MHD_HTTP_OK, "text/turtle; charset=utf-8", text, (size_t)n);
}

/* ---- /sparql ---- */

/* The protocol's dataset arguments, which would override the query's own
 * dataset; refused rather than ignored, so no answer is silently about
 * other graphs than the client meant. */
static const char *const dataset_args[] = {"default-graph-uri", "named-graph-uri",
                                           "using-graph-uri", "using-named-graph-uri"};

static const char *dataset_arg(kgsh_request *r, bool form)
{
    for (size_t i = 0; i < sizeof dataset_args / sizeof dataset_args[0]; i++) {
        char *value = form ? kgsh_form_value(r->body, r->body_len, dataset_args[i], NULL) : NULL;
        free(value);
        if (value || kgsh_request_has_arg(r, dataset_args[i]))
            return dataset_args[i];
    }
    return NULL;
}

static int sparql(kgsh_request *r)
{
    bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    bool form = !get && kgsh_request_content_is(r, "application/x-www-form-urlencoded");
    const char *dataset = dataset_arg(r, form);
    if (dataset)
        return kgsh_reply_text(r, MHD_HTTP_BAD_REQUEST,
                               "%s is not supported: name the graphs in the query (FROM, FROM "
                               "NAMED, USING, GRAPH)",
                               dataset);
    if (get) {
        const char *query = kgsh_request_arg(r, "query");
        if (kgsh_request_has_arg(r, "update"))
            return kgsh_reply_text(r, MHD_HTTP_BAD_REQUEST, "an update goes by POST");
        return query ? run_query(r, query, strlen(query)) : service_description(r);
    }
    if (strcmp(r->method, "POST") != 0)
        return kgsh_reply_not_allowed(r, "GET, HEAD, POST");
    if (kgsh_request_content_is(r, "application/sparql-query"))
        return run_query(r, r->body, r->body_len);
    if (kgsh_request_content_is(r, "application/sparql-update"))
        return run_update(r, r->body, r->body_len);
    if (!form)
        return kgsh_reply_text(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                               "POST a query as application/sparql-query, an update as "
                               "application/sparql-update, or either as a form "
                               "(application/x-www-form-urlencoded)");
    size_t len = 0;
    char *text = kgsh_form_value(r->body, r->body_len, "query", &len);
    bool update = !text && (text = kgsh_form_value(r->body, r->body_len, "update", &len));
    int result = !text
                     ? kgsh_reply_text(r, MHD_HTTP_BAD_REQUEST, "the form has no query= or update=")
                 : update ? run_update(r, text, len)
                          : run_query(r, text, len);
    free(text);
    return result;
}

/* ---- /data: the Graph Store HTTP Protocol ---- */

/* The graph the request names: *graph NULL for ?default. Answers 400 and
 * returns false when it names neither or both. */
static bool target_graph(kgsh_request *r, const char **graph, int *result)
{
    *graph = kgsh_request_arg(r, "graph");
    bool is_default = kgsh_request_has_arg(r, "default");
    const char *problem =
        *graph && is_default     ? "give ?graph=IRI or ?default, not both"
        : !*graph && !is_default ? "give ?graph=IRI or ?default"
        : *graph && (!strchr(*graph, ':') || strpbrk(*graph, "<>\"{}|^`\\ \t\r\n"))
            ? "the graph is not an absolute IRI"
            : NULL;
    if (problem)
        *result = kgsh_reply_text(r, MHD_HTTP_BAD_REQUEST, "%s", problem);
    return !problem;
}

typedef struct graph_find {
    const char *iri;
    bool found;
} graph_find;

static int graph_find_cb(void *ctx, const kg_term *graph, uint64_t quads)
{
    (void)quads;
    graph_find *g = ctx;
    g->found = graph->kind == KG_TERM_IRI && strcmp(graph->value, g->iri) == 0;
    return g->found;
}

static bool graph_exists(kg_store *store, const char *iri)
{
    graph_find g = {iri, false};
    return kg_store_graphs(store, graph_find_cb, &g) == KG_OK && g.found;
}

/* The default graph alone (not the union the queries see), as a query. */
static const char default_graph_query[] = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";

static int graph_get(kgsh_request *r, const char *graph)
{
    kgsh_answer_format f;
    if (!kgsh_answer_choose(kgsh_request_header(r, MHD_HTTP_HEADER_ACCEPT),
                            kgsh_request_arg(r, "format"), KG_QUERY_CONSTRUCT, &f) ||
        f < KGSH_ANSWER_TURTLE)
        return kgsh_reply_text(r, MHD_HTTP_NOT_ACCEPTABLE,
                               "a graph comes as Turtle, N-Triples, N-Quads or TriG");
    int result = 0;
    kg_store *store = kgsh_request_store(r, false, &result);
    if (!store)
        return result;
    char *body = NULL;
    size_t len = 0;
    kg_status st = KG_OK;
    kg_error err = {0};
    if (graph && !graph_exists(store, graph)) {
        result = kgsh_reply_text(r, MHD_HTTP_NOT_FOUND, "no graph <%s> in the store", graph);
    } else if (graph) { /* the exporter keeps the graph name in N-Quads and TriG */
        static const kg_format export_format[] = {[KGSH_ANSWER_TURTLE] = KG_FORMAT_TURTLE,
                                                  [KGSH_ANSWER_NTRIPLES] = KG_FORMAT_NTRIPLES,
                                                  [KGSH_ANSWER_NQUADS] = KG_FORMAT_NQUADS,
                                                  [KGSH_ANSWER_TRIG] = KG_FORMAT_TRIG};
        kg_term g = kg_term_iri(graph);
        kg_export_options opts = KG_EXPORT_OPTIONS_INIT;
        opts.format = export_format[f];
        opts.graph = &g;
        FILE *out = open_memstream(&body, &len);
        st = out ? kg_export_stream(store, out, &opts, NULL) : KG_ERR_NOMEM;
        if (out)
            fclose(out);
        if (st != KG_OK)
            err = *kg_store_error(store);
    } else {
        kg_query_options opts = KG_QUERY_OPTIONS_INIT;
        opts.strict_default_graph = true;
        kg_query *q = NULL;
        kg_results *res = NULL;
        st = kg_query_prepare(&q, store, default_graph_query, strlen(default_graph_query), &opts,
                              &err);
        if (st == KG_OK && (st = kg_query_execute(&res, q)) == KG_OK)
            st = kgsh_answer_write(res, f, r->server->prefixes, UINT64_MAX, &body, &len);
        if (st != KG_OK && q)
            err = *kg_query_error(q);
        kg_results_free(res);
        kg_query_free(q);
    }
    kgsh_pool_release(r->server->pool, store);
    if (result)
        return result;
    if (st != KG_OK) {
        free(body);
        if (!err.status)
            err.status = st;
        return fail(r, &err);
    }
    char type[128];
    snprintf(type, sizeof type, "%s; charset=utf-8", kgsh_answer_type(f));
    return kgsh_reply(r, MHD_HTTP_OK, type, body, len);
}

/* The RDF format of a request body by its Content-Type. Quad formats are
 * refused: their quads name their own graphs. */
static kg_format body_format(kgsh_request *r)
{
    static const struct {
        const char *type;
        kg_format format;
    } types[] = {{"text/turtle", KG_FORMAT_TURTLE},
                 {"application/x-turtle", KG_FORMAT_TURTLE},
                 {"application/n-triples", KG_FORMAT_NTRIPLES},
                 {"text/plain", KG_FORMAT_NTRIPLES},
                 {"application/rdf+xml", KG_FORMAT_RDFXML}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (kgsh_request_content_is(r, types[i].type))
            return types[i].format;
    return KG_FORMAT_UNKNOWN;
}

/* Empties the target graph inside the open transaction: a named graph is
 * dropped, the default graph cleared. */
static kg_status graph_clear(kg_store *store, const char *graph, kg_error *err)
{
    if (graph) {
        kg_term g = kg_term_iri(graph);
        kg_status st = kg_store_drop_graph(store, &g);
        if (st != KG_OK && st != KG_ERR_NOT_FOUND)
            *err = *kg_store_error(store);
        return st == KG_ERR_NOT_FOUND ? KG_OK : st;
    }
    static const char clear[] = "CLEAR DEFAULT";
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.strict_default_graph = true;
    kg_query *q = NULL;
    kg_results *res = NULL;
    kg_status st = kg_query_prepare(&q, store, clear, strlen(clear), &opts, err);
    if (st == KG_OK && (st = kg_query_execute(&res, q)) != KG_OK)
        *err = *kg_query_error(q);
    kg_results_free(res);
    kg_query_free(q);
    return st;
}

/* PUT (replace), POST (merge) and DELETE, each one transaction. */
static int graph_write(kgsh_request *r, const char *graph)
{
    bool put = strcmp(r->method, "PUT") == 0, del = strcmp(r->method, "DELETE") == 0;
    kg_format format = del ? KG_FORMAT_UNKNOWN : body_format(r);
    if (!del && format == KG_FORMAT_UNKNOWN)
        return kgsh_reply_text(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                               "send the graph as text/turtle, application/n-triples or "
                               "application/rdf+xml");
    int result;
    if (!kgsh_request_may_write(r, &result))
        return result;
    kg_store *store = kgsh_request_store(r, true, &result);
    if (!store)
        return result;
    bool existed = !graph || graph_exists(store, graph);
    kg_error err = {0};
    kg_status st = KG_OK;
    if (del && !existed) {
        result = kgsh_reply_text(r, MHD_HTTP_NOT_FOUND, "no graph <%s> in the store", graph);
        kgsh_pool_release(r->server->pool, store);
        return result;
    }
    if ((st = kg_store_begin(store)) != KG_OK)
        err = *kg_store_error(store);
    if (st == KG_OK && (put || del))
        st = graph_clear(store, graph, &err);
    if (st == KG_OK && !del) {
        kg_term g = kg_term_iri(graph ? graph : "");
        kg_load_options opts = KG_LOAD_OPTIONS_INIT;
        opts.format = format;
        opts.graph = graph ? &g : NULL;
        opts.base_iri = graph ? graph : "urn:kgsh:request";
        st = kg_load_string(store, r->body, r->body_len, "request body", &opts, NULL);
        if (st != KG_OK)
            err = *kg_store_error(store);
    }
    if (st == KG_OK && (st = kg_store_commit(store)) != KG_OK)
        err = *kg_store_error(store);
    if (st != KG_OK && kg_store_in_transaction(store))
        kg_store_rollback(store);
    kgsh_pool_release(r->server->pool, store);
    if (st != KG_OK) {
        if (!err.status)
            err.status = st;
        return fail(r, &err);
    }
    unsigned status = !existed ? MHD_HTTP_CREATED : MHD_HTTP_NO_CONTENT;
    return kgsh_reply(r, status, TEXT_PLAIN, NULL, 0);
}

static int graph_store(kgsh_request *r)
{
    const char *graph;
    int result;
    if (!target_graph(r, &graph, &result))
        return result;
    if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
        return graph_get(r, graph);
    if (strcmp(r->method, "PUT") == 0 || strcmp(r->method, "POST") == 0 ||
        strcmp(r->method, "DELETE") == 0)
        return graph_write(r, graph);
    return kgsh_reply_not_allowed(r, "GET, HEAD, PUT, POST, DELETE");
}

int kgsh_protocol_handle(kgsh_request *r)
{
    return strcmp(r->path, "/data") == 0 ? graph_store(r) : sparql(r);
}
