/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/server.h - what the parts of `kgsh serve` share: the server's
 * settings and state, one HTTP request as the handlers see it, and the
 * ways to answer it. http.c turns libmicrohttpd's callbacks into
 * requests; protocol.c (SPARQL 1.1 Protocol, Graph Store Protocol,
 * service description) and page.c (the analysts' pages) answer them. */
#ifndef KGSH_SERVER_H
#define KGSH_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <kg/kg.h>

#include "auth.h"
#include "pool.h"

struct MHD_Daemon;
#include "prefixes.h"

typedef struct kgsh_server {
    kgsh_pool *pool;
    kgsh_auth *auth;
    kgsh_prefixes *prefixes; /* built-in and the store's; read-only while serving */
    bool read_only;          /* --read-only: every write is refused (403) */
    unsigned timeout;        /* seconds a request may take */
    uint64_t max_rows;       /* rows (or triples) an answer may hold */
    size_t max_body;         /* bytes a request body may hold (413 beyond) */
    FILE *log;               /* access log */
    pthread_mutex_t lock;    /* the log, and the counts below */
    pthread_cond_t idle;     /* signalled when active drops to 0 */
    unsigned active;         /* requests under way */
    bool stopping;           /* shutting down: new requests get 503 */
} kgsh_server;

typedef struct kgsh_request {
    kgsh_server *server;
    struct MHD_Connection *conn;
    const char *method; /* borrowed from libmicrohttpd for the request */
    const char *path;
    char *body; /* the request body, NUL-terminated */
    size_t body_len;
    bool too_big;     /* the body passed max_body */
    double start;     /* kgsh_seconds() when the request arrived */
    unsigned status;  /* for the access log */
    size_t sent;      /* body bytes of the answer */
    const char *user; /* who wrote (borrowed from auth), or NULL */
} kgsh_request;

/* A query-string argument, decoded; NULL when absent. Borrowed for the
 * request. */
const char *kgsh_request_arg(kgsh_request *r, const char *name);
/* Whether the query string has the argument, with or without a value. */
bool kgsh_request_has_arg(kgsh_request *r, const char *name);
/* A request header; NULL when absent. Borrowed for the request. */
const char *kgsh_request_header(kgsh_request *r, const char *name);
/* Whether the Content-Type (without parameters) is type. */
bool kgsh_request_content_is(kgsh_request *r, const char *type);

/* The decoded value of name in an application/x-www-form-urlencoded text;
 * newly allocated (NUL-terminated, *len set when len is not NULL), NULL when
 * absent or out of memory. */
char *kgsh_form_value(const char *form, size_t form_len, const char *name, size_t *len);

/* Answers with body (len bytes, malloc'd: taken over, also on failure) of
 * the given Content-Type. extra_header/extra_value (may be NULL) add one
 * header. Returns libmicrohttpd's result for the handler. */
int kgsh_reply(kgsh_request *r, unsigned status, const char *type, char *body, size_t len);
int kgsh_reply_with(kgsh_request *r, unsigned status, const char *type, char *body, size_t len,
                    const char *extra_header, const char *extra_value);
/* A text/plain answer, the text ending with a newline. */
int kgsh_reply_text(kgsh_request *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 405 with an Allow header listing the methods the path takes. */
int kgsh_reply_not_allowed(kgsh_request *r, const char *allow);

/* Writes the request's line to the access log. */
void kgsh_access_log(kgsh_request *r);

/* Whether the request may write: --read-only refuses (403), missing or
 * wrong credentials get 401 with a WWW-Authenticate challenge. When it may
 * not, the answer has been queued and *result holds the handler's result. */
bool kgsh_request_may_write(kgsh_request *r, int *result);

/* A store handle for the request (the writer's when write), from the
 * pool, with the server's --timeout as its budget; the request gives it
 * back with kgsh_pool_release. NULL when there is none (the server is
 * stopping, or a read handle could not be opened again): the answer has
 * been queued and *result holds the handler's result. */
kg_store *kgsh_request_store(kgsh_request *r, bool write, int *result);

/* The two parts that answer requests. */
int kgsh_protocol_handle(kgsh_request *r); /* /sparql and /data */
int kgsh_page_handle(kgsh_request *r);     /* everything else: the analysts' pages */

/* Stops taking requests (new ones get 503), waits for those under way to
 * be answered, then stops the daemon. */
void kgsh_http_stop(kgsh_server *server, struct MHD_Daemon *daemon);

/* Starts libmicrohttpd on addr:port (port 0: the kernel picks one) with
 * the request handler; *port_out receives the port. NULL (with why) on
 * failure. */
struct MHD_Daemon *kgsh_http_start(kgsh_server *server, const char *addr, unsigned port,
                                   unsigned threads, unsigned *port_out, char *why,
                                   size_t why_size);

#endif
