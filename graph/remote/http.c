/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* remote/http.c - HTTP through libcurl (see http.h). One easy handle per
 * request: requests are seconds apart at most, and a fresh handle keeps no
 * state between them (a cancelled transfer leaves nothing behind). */
#include "remote/http.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

typedef struct body_sink {
    kg_buf *body;
    size_t max;
    bool too_long;
} body_sink;

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    body_sink *sink = ctx;
    if (size * n > sink->max - sink->body->len) {
        sink->too_long = true;
        return 0; /* curl stops with CURLE_WRITE_ERROR */
    }
    return kg_buf_append(sink->body, data, size * n) ? size * n : 0;
}

/* Cancels the transfer when the caller's flag is set (Ctrl-C). */
static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    volatile sig_atomic_t *interrupted = ctx;
    return interrupted && *interrupted;
}

bool kg_http_start(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

void kg_http_stop(void)
{
    curl_global_cleanup();
}

bool kg_http_form_append(kg_buf *out, const char *text, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!kg_buf_reserve(out, len * 3 + 1))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr("-._~", c)) {
            kg_buf_putc(out, (char)c);
        } else if (c == ' ') {
            kg_buf_putc(out, '+');
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            kg_buf_append(out, esc, 3);
        }
    }
    return true;
}

/* The first non-empty line of a server's error message, at most 300 bytes. */
static void first_line(const kg_buf *body, char *out, size_t size)
{
    const char *p = body->data ? body->data : "";
    const char *end = p + body->len;
    while (p < end && (*p == '\n' || *p == '\r' || *p == ' '))
        p++;
    size_t n = 0;
    while (p + n < end && p[n] != '\n' && p[n] != '\r' && n < 300)
        n++;
    snprintf(out, size, "%.*s", (int)n, p);
}

static kg_status fail_status(const kg_http_request *req, kg_http_response *resp, kg_error *err)
{
    char message[320];
    first_line(&resp->body, message, sizeof message);
    kg_status status = resp->status == 401 || resp->status == 403 ? KG_ERR_DENIED : KG_ERR_IO;
    const kg_credential *cred = req->credential;
    bool gave = cred && ((cred->user && *cred->user) || (cred->netrc_path && *cred->netrc_path));
    const char *hint = resp->status != 401 ? ""
                       : gave              ? " (the credentials given were refused)"
                                           : " (it wants credentials and none were given)";
    return kg_error_set(err, status, NULL, "%s answered HTTP %ld%s%s%s", req->url, resp->status,
                        message[0] ? ": " : "", message, hint);
}

kg_status kg_http_send(const kg_http_request *req, kg_http_response *resp, kg_error *err)
{
    memset(resp, 0, sizeof *resp);
    CURL *curl = curl_easy_init();
    if (!curl)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    struct curl_slist *headers = NULL;
    char line[300];
    snprintf(line, sizeof line, "Content-Type: %s", req->content_type);
    headers = curl_slist_append(headers, line);
    if (req->accept) {
        snprintf(line, sizeof line, "Accept: %s", req->accept);
        headers = curl_slist_append(headers, line);
    }
    char curl_error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, req->url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    body_sink sink = {&resp->body, req->max_body, false};
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max_body);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)req->interrupted);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)(req->timeout_seconds ? req->timeout_seconds : 60));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "kgsh");
    const kg_credential *cred = req->credential;
    if (cred && cred->user && *cred->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, cred->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, cred->password ? cred->password : "");
    } else if (cred && cred->netrc_path && *cred->netrc_path) {
        curl_easy_setopt(curl, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        curl_easy_setopt(curl, CURLOPT_NETRC_FILE, cred->netrc_path);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST | CURLAUTH_BASIC);
    CURLcode rc = curl_easy_perform(curl);
    kg_status status = KG_OK;
    if (sink.too_long || rc == CURLE_FILESIZE_EXCEEDED) {
        status = kg_error_set(err, KG_ERR_LIMIT, NULL,
                              "%s: the answer is longer than %zu bytes, the limit for an answer",
                              req->url, req->max_body);
    } else if (rc == CURLE_ABORTED_BY_CALLBACK) {
        status = kg_error_set(err, KG_ERR_INTERRUPTED, NULL, "%s: request cancelled", req->url);
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        status = kg_error_set(err, KG_ERR_IO, NULL, "%s did not answer within %u s", req->url,
                              req->timeout_seconds ? req->timeout_seconds : 60);
    } else if (rc != CURLE_OK) {
        status = kg_error_set(err, rc == CURLE_OUT_OF_MEMORY ? KG_ERR_NOMEM : KG_ERR_IO, NULL,
                              "%s: %s", req->url, curl_error[0] ? curl_error : curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
        char *type = NULL;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
        snprintf(resp->content_type, sizeof resp->content_type, "%s", type ? type : "");
        if (resp->status < 200 || resp->status >= 300)
            status = fail_status(req, resp, err);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (status != KG_OK)
        kg_buf_free(&resp->body);
    return status;
}
