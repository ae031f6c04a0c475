/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/remote.h - a SPARQL 1.1 Protocol endpoint (Virtuoso, Fuseki, GraphDB,
 * Oxigraph server, Neptune) in place of the embedded store.
 *
 * Queries go to the server as written, in a POST form, and the server's
 * own engine answers them; the answer (SPARQL Query Results XML or JSON,
 * including the older "typed-literal" JSON type Virtuoso writes, or
 * N-Triples for CONSTRUCT and DESCRIBE) comes back through the same
 * kg_results calls as a local query's (kg/query.h), so every writer serves
 * both. Graphs move between a local store and the server with
 * kg_endpoint_push and kg_endpoint_pull; nothing else here touches a local
 * store.
 *
 * Credentials come from the application, through a callback in
 * kg_endpoint_options asked before each request (as libgit2's credential
 * callback): a user and password, or a netrc file to look the server's host
 * up in; HTTP Digest or Basic as the server asks. libkg reads no
 * environment variable. Every failure
 * names the endpoint and, for an HTTP error, the status and the first line
 * of the server's message. */
#ifndef KG_REMOTE_H
#define KG_REMOTE_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_endpoint kg_endpoint;

/* What a kg_credential_fn answers. Everything NULL: no credentials. */
typedef struct kg_credential {
    const char *user;       /* NULL: none (then netrc_path is used) */
    const char *password;   /* with user; NULL: empty */
    const char *netrc_path; /* without user: a netrc file to find the URL's
                               host in; NULL: none */
} kg_credential;

/* Fills *out (zeroed before the call) with the credentials for a request to
 * url. The strings are borrowed until the request ends, so they must
 * outlive it (the application's own memory). A result other than KG_OK
 * fails the request with that status. */
typedef kg_status (*kg_credential_fn)(void *ctx, kg_credential *out, const char *url);

typedef struct kg_endpoint_options {
    unsigned int version; /* KG_ENDPOINT_OPTIONS_VERSION: set by KG_ENDPOINT_OPTIONS_INIT */
    /* SPARQL Update; NULL: the query URL. */
    const char *update_url;
    /* SPARQL 1.1 Graph Store HTTP Protocol, for kg_endpoint_push; NULL:
     * pushes go through SPARQL Update (DROP SILENT GRAPH + INSERT DATA). */
    const char *graph_store_url;
    /* Seconds a request may take; 0: 60. */
    unsigned timeout_seconds;
    /* Bytes an answer may have; past them the request fails with
     * KG_ERR_LIMIT (a server streaming an endless body would otherwise
     * fill memory). 0: KG_ENDPOINT_MAX_RESPONSE. */
    size_t max_response_bytes;
    /* Asked for credentials before each request; NULL: none are sent. ctx
     * is borrowed until the handle is closed. */
    kg_credential_fn credential;
    void *credential_ctx;
} kg_endpoint_options;
#define KG_ENDPOINT_OPTIONS_VERSION 1
#define KG_ENDPOINT_OPTIONS_INIT {KG_ENDPOINT_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0}

/* The default cap on an answer's size: 256 MiB. */
#define KG_ENDPOINT_MAX_RESPONSE ((size_t)256 << 20)

/* Makes a handle for the endpoint at url (http or https); no request is
 * sent yet. Strings are copied. *out is owned by the caller. */
KG_EXTERN kg_status kg_endpoint_open(kg_endpoint **out, const char *url,
                                     const kg_endpoint_options *opts, kg_error *err);
/* Accepts NULL. */
KG_EXTERN void kg_endpoint_close(kg_endpoint *ep);

/* The query URL. Borrowed. */
KG_EXTERN const char *kg_endpoint_url(const kg_endpoint *ep);
/* The last failure on this handle. */
KG_EXTERN const kg_error *kg_endpoint_error(const kg_endpoint *ep);
KG_EXTERN void kg_endpoint_set_timeout(kg_endpoint *ep, unsigned seconds);

/* Cancels the request under way (KG_ERR_INTERRUPTED). Async-signal-safe;
 * the flag is cleared when the next request starts. */
KG_EXTERN void kg_endpoint_interrupt(kg_endpoint *ep);

/* Sends a query or an update (text, len bytes, as written) and reads the
 * answer into *out (owned by the caller; kg_results_free). The form is the
 * first keyword after the prologue; an update's results have form
 * KG_QUERY_UPDATE and no counts (the protocol reports none). */
KG_EXTERN kg_status kg_endpoint_query(kg_results **out, kg_endpoint *ep, const char *text,
                                      size_t len);

/* Replaces the named graph on the server by the store's graph of that
 * name. *triples (may be NULL) receives the number sent. */
KG_EXTERN kg_status kg_endpoint_push(kg_endpoint *ep, kg_store *store, const kg_term *graph,
                                     uint64_t *triples);

/* Replaces the store's named graph by the server's graph of that name, in
 * one transaction (all or nothing). *triples (may be NULL) receives the
 * number received. */
KG_EXTERN kg_status kg_endpoint_pull(kg_endpoint *ep, kg_store *store, const kg_term *graph,
                                     uint64_t *triples);

#ifdef __cplusplus
}
#endif
#endif
