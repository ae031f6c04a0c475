/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* remote/http.h - one HTTP request to a SPARQL endpoint through libcurl:
 * a POST of a form or a PUT of a document, the credentials the caller
 * gives (a user and password, or a netrc file), a time limit, cancellation between bytes,
 * and a failure message that names the URL and the HTTP status. No RDF
 * knowledge here. */
#ifndef KG_REMOTE_HTTP_H
#define KG_REMOTE_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "kg/remote.h"
#include "kg/status.h"
#include "util/buf.h"

typedef struct kg_http_request {
    const char *url;
    const char *method;       /* "POST" or "PUT" */
    const char *content_type; /* of the body */
    const char *body;
    size_t body_len;
    const char *accept; /* NULL: any */
    unsigned timeout_seconds;
    size_t max_body; /* bytes of answer accepted; past them KG_ERR_LIMIT */
    volatile sig_atomic_t *interrupted; /* set (by a signal handler) to cancel */
    const kg_credential *credential;    /* NULL: none */
} kg_http_request;

typedef struct kg_http_response {
    long status;       /* HTTP status */
    kg_buf body;       /* owned: kg_buf_free */
    char content_type[128];
} kg_http_response;

/* libcurl's global set-up and clean-up, counted (curl >= 7.84): one
 * kg_http_start per endpoint handle, one kg_http_stop when it closes, so
 * nothing is left at exit. */
bool kg_http_start(void);
void kg_http_stop(void);

/* Sends the request. KG_OK with *resp filled when the server answered with
 * a 2xx status. Otherwise err says why, naming the URL: connection failure
 * or time-out (KG_ERR_IO), cancellation (KG_ERR_INTERRUPTED), an answer
 * longer than req->max_body (KG_ERR_LIMIT), 401/403
 * (KG_ERR_DENIED), other statuses (KG_ERR_IO) with the first line of the
 * server's message. resp->body is freed on failure. Credentials:
 * req->credential's user and password, else its netrc file's entry for the
 * URL's host; HTTP Digest or Basic as the server asks. */
kg_status kg_http_send(const kg_http_request *req, kg_http_response *resp, kg_error *err);

/* URL-encodes text (len bytes) into out as application/x-www-form-urlencoded
 * wants it. False on ENOMEM. */
bool kg_http_form_append(kg_buf *out, const char *text, size_t len);

#endif
