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
 * Credentials are never arguments: KGSH_ENDPOINT_USER and
 * KGSH_ENDPOINT_PASSWORD from the environment, else the netrc file ($NETRC
 * or ~/.netrc); HTTP Digest or Basic as the server asks. Every failure
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

typedef struct kg_endpoint_options {
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
} kg_endpoint_options;

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
KG_EXTERN kg_status kg_endpoint_query(kg_endpoint *ep, const char *text, size_t len,
                                      kg_results **out);

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
