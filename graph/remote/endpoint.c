/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* remote/endpoint.c - the SPARQL 1.1 Protocol client of kg/remote.h:
 * which request a query text needs, and moving graphs between a local
 * store and the server. HTTP is in http.c, reading answers in answer.c. */
#define _GNU_SOURCE
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "kg/io.h"
#include "kg/remote.h"
#include "remote/answer.h"
#include "remote/http.h"
#include "sparql/rows.h"

struct kg_endpoint {
    char *url, *update_url, *graph_store_url;
    unsigned timeout;
    size_t max_response;
    volatile sig_atomic_t interrupted;
    bool http_started; /* kg_http_start was called for this handle */
    kg_credential_fn credential;
    void *credential_ctx;
    kg_error error;
};

static bool http_url(const char *url)
{
    return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
}

kg_status kg_endpoint_open(kg_endpoint **out, const char *url, const kg_endpoint_options *opts,
                           kg_error *err)
{
    *out = NULL;
    kg_endpoint_options none = KG_ENDPOINT_OPTIONS_INIT;
    if (!opts)
        opts = &none;
    kg_status st = kg_options_check(opts, KG_ENDPOINT_OPTIONS_VERSION, "kg_endpoint_options", err);
    if (st != KG_OK)
        return st;
    const char *urls[3] = {url, opts->update_url, opts->graph_store_url};
    for (int i = 0; i < 3; i++)
        if ((i == 0 || urls[i]) && !http_url(urls[i]))
            return kg_error_set(err, KG_ERR_INVALID, NULL,
                                "\"%s\" is not an http:// or https:// URL", urls[i] ? urls[i] : "");
    if (!kg_http_start())
        return kg_error_set(err, KG_ERR_IO, NULL, "cannot start libcurl");
    kg_endpoint *ep = calloc(1, sizeof *ep);
    if (ep)
        ep->http_started = true;
    else
        kg_http_stop();
    if (!ep || !(ep->url = strdup(url)) ||
        !(ep->update_url = strdup(opts->update_url ? opts->update_url : url)) ||
        (opts->graph_store_url && !(ep->graph_store_url = strdup(opts->graph_store_url)))) {
        kg_endpoint_close(ep);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    ep->timeout = opts->timeout_seconds;
    ep->max_response = opts->max_response_bytes ? opts->max_response_bytes : KG_ENDPOINT_MAX_RESPONSE;
    ep->credential = opts->credential;
    ep->credential_ctx = opts->credential_ctx;
    *out = ep;
    return KG_OK;
}

void kg_endpoint_close(kg_endpoint *ep)
{
    if (!ep)
        return;
    free(ep->url);
    free(ep->update_url);
    free(ep->graph_store_url);
    if (ep->http_started)
        kg_http_stop();
    free(ep);
}

const char *kg_endpoint_url(const kg_endpoint *ep)
{
    return ep->url;
}

const kg_error *kg_endpoint_error(const kg_endpoint *ep)
{
    return &ep->error;
}

void kg_endpoint_set_timeout(kg_endpoint *ep, unsigned seconds)
{
    ep->timeout = seconds;
}

void kg_endpoint_interrupt(kg_endpoint *ep)
{
    ep->interrupted = 1;
}

/* ---- which form ---- */

static const char *skip_space_and_comments(const char *p, const char *end)
{
    while (p < end) {
        if (isspace((unsigned char)*p)) {
            p++;
        } else if (*p == '#') {
            while (p < end && *p != '\n')
                p++;
        } else {
            break;
        }
    }
    return p;
}

static bool keyword(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0 &&
           ((size_t)(end - p) == n || !isalnum((unsigned char)p[n]));
}

/* The form of a query text: the first keyword after PREFIX and BASE
 * declarations; anything else is an update (INSERT, DELETE, LOAD, ...),
 * which the server judges. */
static kg_query_form form_of(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    for (;;) {
        p = skip_space_and_comments(p, end);
        if (keyword(p, end, "PREFIX") || keyword(p, end, "BASE")) {
            const char *iri_end = memchr(p, '>', (size_t)(end - p));
            if (!iri_end)
                break;
            p = iri_end + 1;
            continue;
        }
        break;
    }
    static const struct {
        const char *word;
        kg_query_form form;
    } forms[] = {{"SELECT", KG_QUERY_SELECT},
                 {"ASK", KG_QUERY_ASK},
                 {"CONSTRUCT", KG_QUERY_CONSTRUCT},
                 {"DESCRIBE", KG_QUERY_DESCRIBE}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (keyword(p, end, forms[i].word))
            return forms[i].form;
    return KG_QUERY_UPDATE;
}

/* ---- requests ---- */

/* Sends req with the credentials the application's callback gives now. */
static kg_status send_request(kg_endpoint *ep, kg_http_request *req, kg_http_response *resp)
{
    kg_credential cred = {0};
    if (ep->credential) {
        kg_status st = ep->credential(ep->credential_ctx, &cred, req->url);
        if (st != KG_OK)
            return kg_error_set(&ep->error, st, NULL, "%s: no credentials (%s)", req->url,
                                kg_strerror(st));
        req->credential = &cred;
    }
    return kg_http_send(req, resp, &ep->error);
}

/* POSTs "name=text" to url with the Accept header for the form. */
static kg_status post_form(kg_endpoint *ep, const char *url, const char *name, const char *text,
                           size_t len, const char *accept, kg_http_response *resp)
{
    kg_buf form = KG_BUF_INIT;
    if (!kg_buf_puts(&form, name) || !kg_buf_putc(&form, '=') ||
        !kg_http_form_append(&form, text, len)) {
        kg_buf_free(&form);
        return kg_error_set(&ep->error, KG_ERR_NOMEM, NULL, "out of memory");
    }
    kg_http_request req = {.url = url,
                           .method = "POST",
                           .content_type = "application/x-www-form-urlencoded",
                           .body = form.data,
                           .body_len = form.len,
                           .accept = accept,
                           .timeout_seconds = ep->timeout,
                           .max_body = ep->max_response,
                           .interrupted = &ep->interrupted};
    kg_status st = send_request(ep, &req, resp);
    kg_buf_free(&form);
    return st;
}

static const char *accept_for(kg_query_form form)
{
    switch (form) {
    case KG_QUERY_SELECT:
    case KG_QUERY_ASK:
        return "application/sparql-results+json, application/sparql-results+xml;q=0.9";
    case KG_QUERY_CONSTRUCT:
    case KG_QUERY_DESCRIBE:
        return "application/n-triples";
    default:
        return NULL;
    }
}

kg_status kg_endpoint_query(kg_results **out, kg_endpoint *ep, const char *text, size_t len)
{
    *out = NULL;
    ep->interrupted = 0;
    memset(&ep->error, 0, sizeof ep->error);
    kg_query_form form = form_of(text, len);
    bool update = form == KG_QUERY_UPDATE;
    kg_http_response resp;
    kg_status st = post_form(ep, update ? ep->update_url : ep->url, update ? "update" : "query",
                             text, len, accept_for(form), &resp);
    if (st != KG_OK)
        return st;
    if (update) {
        kg_buf_free(&resp.body);
        kg_results *r = kg_results_new_rows(KG_QUERY_UPDATE);
        if (!r)
            return kg_error_set(&ep->error, KG_ERR_NOMEM, NULL, "out of memory");
        *out = r;
        return KG_OK;
    }
    st = kg_answer_read(ep->url, form, resp.content_type, resp.body.data ? resp.body.data : "",
                        resp.body.len, out, &ep->error);
    kg_buf_free(&resp.body);
    return st;
}

/* ---- moving graphs ---- */

kg_status kg_endpoint_push(kg_endpoint *ep, kg_store *store, const kg_term *graph,
                           uint64_t *triples)
{
    ep->interrupted = 0;
    memset(&ep->error, 0, sizeof ep->error);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return kg_error_set(&ep->error, KG_ERR_NOMEM, NULL, "out of memory");
    kg_export_options opts = KG_EXPORT_OPTIONS_INIT;
    opts.format = KG_FORMAT_NTRIPLES;
    opts.graph = graph;
    uint64_t written = 0;
    kg_status st = kg_export_stream(store, mem, &opts, &written);
    fclose(mem);
    if (st != KG_OK) {
        free(text);
        ep->error = *kg_store_error(store);
        return st;
    }
    kg_http_response resp;
    if (ep->graph_store_url) {
        kg_buf url = KG_BUF_INIT;
        bool ok = kg_buf_puts(&url, ep->graph_store_url) &&
                  kg_buf_puts(&url, strchr(ep->graph_store_url, '?') ? "&graph=" : "?graph=") &&
                  kg_http_form_append(&url, graph->value, graph->value_len);
        kg_http_request req = {.url = kg_buf_cstr(&url),
                               .method = "PUT",
                               .content_type = "application/n-triples",
                               .body = text ? text : "",
                               .body_len = len,
                               .timeout_seconds = ep->timeout,
                               .max_body = ep->max_response,
                               .interrupted = &ep->interrupted};
        st = ok ? send_request(ep, &req, &resp)
                : kg_error_set(&ep->error, KG_ERR_NOMEM, NULL, "out of memory");
        kg_buf_free(&url);
    } else {
        kg_buf update = KG_BUF_INIT;
        bool ok = kg_buf_printf(&update, "DROP SILENT GRAPH <%s> ;\nINSERT DATA { GRAPH <%s> {\n",
                                graph->value, graph->value) &&
                  kg_buf_append(&update, text ? text : "", len) && kg_buf_puts(&update, "} }\n");
        st = ok ? post_form(ep, ep->update_url, "update", update.data, update.len, NULL, &resp)
                : kg_error_set(&ep->error, KG_ERR_NOMEM, NULL, "out of memory");
        kg_buf_free(&update);
    }
    free(text);
    if (st == KG_OK)
        kg_buf_free(&resp.body);
    if (st == KG_OK && triples)
        *triples = written;
    return st;
}

kg_status kg_endpoint_pull(kg_endpoint *ep, kg_store *store, const kg_term *graph,
                           uint64_t *triples)
{
    kg_buf query = KG_BUF_INIT;
    if (!kg_buf_printf(&query, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }",
                       graph->value))
        return kg_error_set(&ep->error, KG_ERR_NOMEM, NULL, "out of memory");
    ep->interrupted = 0;
    memset(&ep->error, 0, sizeof ep->error);
    kg_http_response resp;
    kg_status st = post_form(ep, ep->url, "query", query.data, query.len, "application/n-triples",
                             &resp);
    kg_buf_free(&query);
    if (st != KG_OK)
        return st;
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = KG_FORMAT_NTRIPLES;
    opts.graph = graph;
    kg_load_stats stats = {0};
    st = kg_store_begin(store);
    if (st == KG_OK)
        st = kg_store_drop_graph(store, graph);
    if (st == KG_OK)
        st = kg_load_string(store, resp.body.data ? resp.body.data : "", resp.body.len, ep->url,
                            &opts, &stats);
    if (st == KG_OK)
        st = kg_store_commit(store);
    if (st != KG_OK) {
        ep->error = *kg_store_error(store);
        if (kg_store_in_transaction(store))
            kg_store_rollback(store);
    }
    kg_buf_free(&resp.body);
    if (st == KG_OK && triples)
        *triples = stats.statements;
    return st;
}
