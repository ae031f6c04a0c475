/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/serve.c - `kgsh serve`: its options, opening the store and the
 * credentials, starting the HTTP daemon, and the shutdown on SIGTERM or
 * SIGINT: the daemon stops taking connections and waits for the requests
 * under way (a write finishes, or the watchdog interrupts it at its time
 * limit and it rolls back), then the store is closed. */
#define _GNU_SOURCE
#include "serve.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "commands.h"
#include "server.h"
#include "session.h"

#define DEFAULT_PORT 7300
#define READ_HANDLES 8 /* read-only handles: so many readers run side by side */

typedef struct serve_options {
    const char *bind, *store, *password_file, *token_file, *access_log;
    unsigned port, threads;
    bool read_only, hash_password;
} serve_options;

enum {
    OPT_BIND = 1,
    OPT_PORT,
    OPT_STORE,
    OPT_READ_ONLY,
    OPT_PASSWORD_FILE,
    OPT_TOKEN_FILE,
    OPT_ACCESS_LOG,
    OPT_TIMEOUT,
    OPT_MAX_ROWS,
    OPT_MAX_BODY,
    OPT_THREADS,
    OPT_HASH
};

static bool number(const char *text, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || v > max || text[0] == '-')
        return false;
    *out = v;
    return true;
}

/* Returns -1 to go on, or an exit status. */
static int parse(int argc, char **argv, serve_options *o, kgsh_server *s)
{
    static const struct option longs[] = {
        {"bind", required_argument, NULL, OPT_BIND},
        {"port", required_argument, NULL, OPT_PORT},
        {"store", required_argument, NULL, OPT_STORE},
        {"read-only", no_argument, NULL, OPT_READ_ONLY},
        {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
        {"token-file", required_argument, NULL, OPT_TOKEN_FILE},
        {"access-log", required_argument, NULL, OPT_ACCESS_LOG},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-rows", required_argument, NULL, OPT_MAX_ROWS},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"hash-password", no_argument, NULL, OPT_HASH},
        {0}};
    optind = 1;
    int c;
    unsigned long long v = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        bool ok = true;
        switch (c) {
        case OPT_BIND: o->bind = optarg; break;
        case OPT_STORE: o->store = optarg; break;
        case OPT_READ_ONLY: o->read_only = true; break;
        case OPT_PASSWORD_FILE: o->password_file = optarg; break;
        case OPT_TOKEN_FILE: o->token_file = optarg; break;
        case OPT_ACCESS_LOG: o->access_log = optarg; break;
        case OPT_HASH: o->hash_password = true; break;
        case OPT_PORT: ok = number(optarg, 65535, &v) && ((o->port = (unsigned)v), true); break;
        case OPT_TIMEOUT:
            ok = number(optarg, 86400, &v) && v > 0 && ((s->timeout = (unsigned)v), true);
            break;
        case OPT_MAX_ROWS:
            ok = number(optarg, UINT64_MAX, &v) && v > 0 && ((s->max_rows = v), true);
            break;
        case OPT_MAX_BODY:
            ok = number(optarg, SIZE_MAX / 2, &v) && ((s->max_body = (size_t)v), true);
            break;
        case OPT_THREADS:
            ok = number(optarg, 4096, &v) && v > 0 && ((o->threads = (unsigned)v), true);
            break;
        default:
            ok = false;
            optarg = NULL;
            break;
        }
        if (!ok) {
            if (optarg)
                fprintf(stderr, "kgsh serve: bad value \"%s\" for --%s\n", optarg,
                        longs[c - 1].name);
            fputs("Try 'kgsh --help' for more information.\n", stderr);
            return KGSH_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "kgsh serve: unexpected argument \"%s\"\n", argv[optind]);
        return KGSH_EXIT_USAGE;
    }
    return -1;
}

/* --hash-password: a password from standard input to the password file's
 * hashed form. */
static int hash_password(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line);
        fputs("kgsh serve: --hash-password reads the password from standard input\n", stderr);
        return KGSH_EXIT_USAGE;
    }
    line[strcspn(line, "\r\n")] = '\0';
    char *hashed = kgsh_auth_hash(line);
    free(line);
    if (!hashed) {
        fputs("kgsh serve: cannot hash the password (no random numbers?)\n", stderr);
        return KGSH_EXIT_FAILED;
    }
    printf("%s\n", hashed);
    free(hashed);
    return KGSH_EXIT_OK;
}

static int prefix_cb(void *ctx, const char *prefix, const char *iri)
{
    kgsh_prefixes_set(ctx, prefix, iri, KGSH_PREFIX_STORE);
    return 0;
}

/* Opens what the server needs; returns -1 on success, else an exit status
 * (reported). */
static int open_server(kgsh_server *s, const serve_options *o, const char *dir)
{
    char why[1024];
    if (!kgsh_auth_load(&s->auth, o->password_file, o->token_file, getenv("KGSH_SERVE_TOKEN"), why,
                        sizeof why)) {
        fprintf(stderr, "kgsh serve: %s\n", why);
        return KGSH_EXIT_USAGE;
    }
    s->log = o->access_log ? fopen(o->access_log, "ae") : stderr;
    if (!s->log) {
        fprintf(stderr, "kgsh serve: cannot open %s: %s\n", o->access_log, strerror(errno));
        return KGSH_EXIT_FAILED;
    }
    kg_error err = {0};
    if (kgsh_pool_open(&s->pool, dir, o->read_only, READ_HANDLES, &err) != KG_OK) {
        char buf[2048];
        fprintf(stderr, "kgsh: cannot open the store %s: %s\n", dir,
                err.message[0] ? kg_error_format(&err, buf, sizeof buf) : kg_strerror(err.status));
        return KGSH_EXIT_STORE;
    }
    if (!(s->prefixes = kgsh_prefixes_new())) {
        fputs("kgsh serve: out of memory\n", stderr);
        return KGSH_EXIT_FAILED;
    }
    kg_store_prefixes(kgsh_pool_first(s->pool), prefix_cb, s->prefixes);
    kgsh_prefixes_pairs(s->prefixes); /* built now: requests only read the table */
    return -1;
}

static void close_server(kgsh_server *s)
{
    kgsh_pool_close(s->pool);
    kgsh_prefixes_free(s->prefixes);
    kgsh_auth_free(s->auth);
    if (s->log && s->log != stderr)
        fclose(s->log);
}

/* Serves until SIGTERM or SIGINT. Returns the exit status. */
static int run(kgsh_server *s, const serve_options *o, const char *dir)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* the daemon's threads inherit it */
    signal(SIGPIPE, SIG_IGN);
    char why[512];
    unsigned port = 0;
    struct MHD_Daemon *d = kgsh_http_start(s, o->bind, o->port, o->threads, &port, why, sizeof why);
    if (!d) {
        fprintf(stderr, "kgsh serve: %s\n", why);
        return KGSH_EXIT_FAILED;
    }
    const char *host = strchr(o->bind, ':') ? "[%s]" : "%s";
    char shown[300];
    snprintf(shown, sizeof shown, host, o->bind);
    printf("kgsh serve: http://%s:%u/ (SPARQL at /sparql, graphs at /data) on %s, %s\n", shown,
           port, dir,
           s->read_only                    ? "read-only"
           : kgsh_auth_configured(s->auth) ? "writes with credentials"
                                           : "no credentials: writes are refused");
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "kgsh serve: %s: finishing the requests under way\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    kgsh_http_stop(s, d);
    return KGSH_EXIT_OK;
}

int kgsh_serve(int argc, char **argv, const char *store_dir, bool read_only)
{
    serve_options o = {
        .bind = "127.0.0.1", .port = DEFAULT_PORT, .threads = 64, .read_only = read_only};
    kgsh_server s = {.timeout = 30, .max_rows = 100000, .max_body = 16u << 20};
    int rc = parse(argc, argv, &o, &s);
    if (rc >= 0)
        return rc;
    if (o.hash_password)
        return hash_password();
    const char *dir = o.store ? o.store : store_dir;
    if (!dir) {
        fputs("kgsh serve: no store: use --store DIR (or -d DIR, $KGSH_STORE)\n", stderr);
        return KGSH_EXIT_STORE;
    }
    s.read_only = o.read_only;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.idle, NULL);
    rc = open_server(&s, &o, dir);
    if (rc < 0)
        rc = run(&s, &o, dir);
    close_server(&s);
    pthread_cond_destroy(&s.idle);
    pthread_mutex_destroy(&s.lock);
    if (rc == KGSH_EXIT_OK)
        fputs("kgsh serve: stopped; the store is closed\n", stderr);
    return rc;
}

bool kgsh_cmd_serve(kgsh_session *s, int argc, char **argv)
{
    (void)argc, (void)argv;
    kgsh_fail(s, "serve runs from the command line, on its own: kgsh serve [OPTIONS] "
                 "(.help serve)");
    return false;
}
