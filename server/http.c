/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/http.c - `kgsh serve`'s use of libmicrohttpd: starting the
 * daemon on an address, collecting each request's body (up to the size
 * limit), handing the request to the part that answers its path, building
 * answers, the access log, and the credential check every write passes.
 * libmicrohttpd does all of HTTP; nothing here parses it. */
#define _GNU_SOURCE
#include "server.h"

#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "session.h"

/* ---- reading the request ---- */

const char *kgsh_request_arg(kgsh_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool kgsh_request_has_arg(kgsh_request *r, const char *name)
{
    const char *value = NULL;
    return MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name), &value,
                                         NULL) == MHD_YES;
}

const char *kgsh_request_header(kgsh_request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool kgsh_request_content_is(kgsh_request *r, const char *type)
{
    const char *ct = kgsh_request_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = strlen(type);
    return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

char *kgsh_form_value(const char *form, size_t form_len, const char *name, size_t *len)
{
    size_t name_len = strlen(name);
    const char *p = form, *end = form + form_len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        if ((size_t)(stop - p) > name_len && strncmp(p, name, name_len) == 0 &&
            p[name_len] == '=') {
            char *value = strndup(p + name_len + 1, (size_t)(stop - p - name_len - 1));
            if (!value)
                return NULL;
            for (char *c = value; *c; c++)
                if (*c == '+') /* a space, in a form; %2B is a plus */
                    *c = ' ';
            size_t n = MHD_http_unescape(value);
            if (len)
                *len = n;
            return value;
        }
        p = stop + 1;
    }
    return NULL;
}

/* ---- answering ---- */

int kgsh_reply_with(kgsh_request *r, unsigned status, const char *type, char *body, size_t len,
                    const char *extra_header, const char *extra_value)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback(len, body ? body : strdup(""), free);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (extra_header)
        MHD_add_response_header(resp, extra_header, extra_value);
    r->status = status;
    r->sent = len;
    enum MHD_Result ok = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    return ok;
}

int kgsh_reply(kgsh_request *r, unsigned status, const char *type, char *body, size_t len)
{
    return kgsh_reply_with(r, status, type, body, len, NULL, NULL);
}

int kgsh_reply_text(kgsh_request *r, unsigned status, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return MHD_NO;
    char *line = NULL;
    int m = asprintf(&line, "%s\n", text);
    free(text);
    if (m < 0)
        return MHD_NO;
    return kgsh_reply(r, status, "text/plain; charset=utf-8", line, (size_t)m);
}

int kgsh_reply_not_allowed(kgsh_request *r, const char *allow)
{
    char *text = NULL;
    int n = asprintf(&text, "%s takes %s\n", r->path, allow);
    if (n < 0)
        return MHD_NO;
    return kgsh_reply_with(r, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", text,
                           (size_t)n, MHD_HTTP_HEADER_ALLOW, allow);
}

bool kgsh_request_may_write(kgsh_request *r, int *result)
{
    kgsh_server *s = r->server;
    if (s->read_only) {
        *result = kgsh_reply_text(r, MHD_HTTP_FORBIDDEN, "this server is read-only (--read-only)");
        return false;
    }
    const char *auth = kgsh_request_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    if (kgsh_auth_configured(s->auth) && kgsh_auth_check(s->auth, auth, &r->user))
        return true;
    char *text = strdup(kgsh_auth_configured(s->auth)
                            ? "writing needs credentials: HTTP Basic or a bearer token\n"
                            : "writing needs credentials, and none are configured "
                              "(kgsh serve --password-file, --token-file or KGSH_SERVE_TOKEN)\n");
    *result = kgsh_reply_with(r, MHD_HTTP_UNAUTHORIZED, "text/plain; charset=utf-8", text,
                              text ? strlen(text) : 0, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                              "Basic realm=\"kgsh\", charset=\"UTF-8\"");
    return false;
}

kg_store *kgsh_request_store(kgsh_request *r, bool write, int *result)
{
    kg_error err = {0};
    kg_store *store = kgsh_pool_acquire(r->server->pool, write, r->server->timeout, &err);
    char buf[2048];
    if (!store)
        *result = kgsh_reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "%s",
                                  err.status ? kg_error_format(&err, buf, sizeof buf)
                                             : "the server is stopping");
    return store;
}

/* ---- the access log ---- */

void kgsh_access_log(kgsh_request *r)
{
    char host[NI_MAXHOST] = "-", when[64];
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info && info->client_addr)
        getnameinfo(info->client_addr,
                    info->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                             : sizeof(struct sockaddr_in),
                    host, sizeof host, NULL, 0, NI_NUMERICHOST);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    kgsh_server *s = r->server;
    pthread_mutex_lock(&s->lock);
    fprintf(s->log, "%s - %s [%s] \"%s %s\" %u %zu %.3f\n", host, r->user ? r->user : "-", when,
            r->method, r->path, r->status, r->sent, kgsh_seconds() - r->start);
    fflush(s->log);
    pthread_mutex_unlock(&s->lock);
}

/* ---- libmicrohttpd's callbacks ---- */

static bool is_protocol_path(const char *path)
{
    return strcmp(path, "/sparql") == 0 || strcmp(path, "/data") == 0;
}

static enum MHD_Result too_large(kgsh_request *r)
{
    return (enum MHD_Result)kgsh_reply_text(
        r, MHD_HTTP_CONTENT_TOO_LARGE, "the request body is larger than %zu bytes (--max-body)",
        r->server->max_body);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
    (void)version;
    kgsh_server *s = cls;
    kgsh_request *r = *req_cls;
    if (!r) { /* the headers: the body, if any, comes in the next calls */
        if (!(r = calloc(1, sizeof *r)))
            return MHD_NO;
        *r = (kgsh_request){
            .server = s, .conn = conn, .method = method, .path = url, .start = kgsh_seconds()};
        *req_cls = r;
        pthread_mutex_lock(&s->lock);
        bool stopping = s->stopping;
        s->active++;
        pthread_mutex_unlock(&s->lock);
        if (stopping) {
            char *text = strdup("the server is stopping\n");
            return (enum MHD_Result)kgsh_reply_with(
                r, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", text,
                text ? strlen(text) : 0, MHD_HTTP_HEADER_CONNECTION, "close");
        }
        const char *length = kgsh_request_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull(length, NULL, 10) > s->max_body)
            return too_large(r);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->too_big && r->body_len + *upload_size > s->max_body) {
            r->too_big = true;
        } else if (!r->too_big) {
            char *grown = realloc(r->body, r->body_len + *upload_size + 1);
            if (!grown)
                return MHD_NO;
            memcpy(grown + r->body_len, upload, *upload_size);
            r->body = grown;
            r->body_len += *upload_size;
            r->body[r->body_len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->too_big)
        return too_large(r);
    if (!r->body && !(r->body = calloc(1, 1)))
        return MHD_NO;
    return (enum MHD_Result)(is_protocol_path(url) ? kgsh_protocol_handle(r) : kgsh_page_handle(r));
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)conn;
    kgsh_server *s = cls;
    kgsh_request *r = *req_cls;
    if (!r)
        return;
    if (why != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status == 0)
        r->status = 499; /* the client went away first */
    kgsh_access_log(r);
    free(r->body);
    free(r);
    *req_cls = NULL;
    pthread_mutex_lock(&s->lock);
    if (--s->active == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
}

void kgsh_http_stop(kgsh_server *s, struct MHD_Daemon *daemon)
{
    MHD_quiesce_daemon(daemon); /* no new connections */
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    while (s->active > 0)
        pthread_cond_wait(&s->idle, &s->lock);
    pthread_mutex_unlock(&s->lock);
    MHD_stop_daemon(daemon); /* closes the idle connections, joins their threads */
}

struct MHD_Daemon *kgsh_http_start(kgsh_server *server, const char *addr, unsigned port,
                                   unsigned threads, unsigned *port_out, char *why, size_t why_size)
{
    char service[16];
    snprintf(service, sizeof service, "%u", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE},
                    *found = NULL;
    int gai = getaddrinfo(addr, service, &hints, &found);
    if (gai != 0) {
        snprintf(why, why_size, "cannot use the address %s: %s", addr, gai_strerror(gai));
        return NULL;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     (found->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, server, MHD_OPTION_SOCK_ADDR, found->ai_addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, server, MHD_OPTION_CONNECTION_LIMIT, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(server->timeout + 30), MHD_OPTION_END);
    freeaddrinfo(found);
    if (!d) {
        snprintf(why, why_size,
                 "cannot listen on %s port %u (in use, or not an address of "
                 "this machine?)",
                 addr, port);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    *port_out = info ? info->port : port;
    return d;
}
