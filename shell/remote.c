/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/remote.c - the session's connection to a SPARQL endpoint (see
 * remote.h). Statements go to the server after the session's PREFIX
 * lines, so that kg:, kgr: and the rest mean there what they mean here. */
#include "remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "complete.h"
#include "interrupt.h"
#include "pager.h"
#include "render.h"

enum { DEFAULT_TIMEOUT = 60 };

/* The credentials for every request (libkg reads no environment):
 * KGSH_ENDPOINT_USER and KGSH_ENDPOINT_PASSWORD, else the netrc file
 * ($NETRC, else ~/.netrc) entry for the host. */
static kg_status env_credential(void *ctx, kg_credential *out, const char *url)
{
    (void)ctx, (void)url;
    static char home_netrc[4096]; /* must outlive the request */
    const char *user = getenv("KGSH_ENDPOINT_USER"), *netrc = getenv("NETRC");
    const char *home = getenv("HOME");
    if (user && *user) {
        out->user = user;
        out->password = getenv("KGSH_ENDPOINT_PASSWORD");
    } else if (netrc && *netrc) {
        out->netrc_path = netrc;
    } else if (home && *home) {
        snprintf(home_netrc, sizeof home_netrc, "%s/.netrc", home);
        out->netrc_path = home_netrc;
    }
    return KG_OK;
}

static bool connect_to(kgsh_session *s, const char *url, const char *update_url,
                       const char *graph_store_url)
{
    kg_endpoint_options opts = KG_ENDPOINT_OPTIONS_INIT;
    opts.update_url = update_url;
    opts.graph_store_url = graph_store_url;
    opts.timeout_seconds = s->remote_timeout;
    opts.credential = env_credential;
    kg_endpoint *ep = NULL;
    kg_error err = {0};
    if (kg_endpoint_open(&ep, url, &opts, &err) != KG_OK) {
        kgsh_fail_kg(s, &err);
        return false;
    }
    kg_endpoint_close(s->remote);
    s->remote = ep;
    kgsh_interrupt_set_endpoint(ep);
    kgsh_complete_invalidate(s); /* completion words come from the server now */
    return true;
}

bool kgsh_connect(kgsh_session *s, const char *url)
{
    return connect_to(s, url, NULL, NULL);
}

/* The statement after a PREFIX declaration for every prefix the session
 * knows, all on its first line so that the server's line numbers are the
 * user's. */
static char *with_prefixes(kgsh_session *s, const char *text, size_t len, size_t *out_len)
{
    const char *base = kgsh_prefixes_base(s->prefixes);
    size_t size = len + 1 + (base ? strlen(base) + 16 : 0);
    size_t n = kgsh_prefixes_count(s->prefixes);
    for (size_t i = 0; i < n; i++)
        size += strlen(kgsh_prefixes_name(s->prefixes, i)) +
                strlen(kgsh_prefixes_iri(s->prefixes, i)) + 16;
    char *all = malloc(size);
    if (!all)
        return NULL;
    size_t used = base ? (size_t)snprintf(all, size, "BASE <%s> ", base) : 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(all + used, size - used, "PREFIX %s: <%s> ",
                                 kgsh_prefixes_name(s->prefixes, i),
                                 kgsh_prefixes_iri(s->prefixes, i));
    memcpy(all + used, text, len);
    used += len;
    all[used] = '\0';
    *out_len = used;
    return all;
}

bool kgsh_remote_statement(kgsh_session *s, const char *text, size_t len)
{
    double start = kgsh_seconds();
    size_t full_len;
    char *full = with_prefixes(s, text, len, &full_len);
    if (!full) {
        kgsh_fail(s, "out of memory");
        return false;
    }
    kg_results *r = NULL;
    bool ok = !kgsh_interrupted() && kg_endpoint_query(&r, s->remote, full, full_len) == KG_OK;
    free(full);
    if (!ok) {
        kgsh_fail_kg(s, kg_endpoint_error(s->remote));
    } else if (kg_results_form(r) == KG_QUERY_UPDATE) {
        kg_results_free(r);
        kgsh_note(s, "Update done by %s", kg_endpoint_url(s->remote));
    } else {
        kgsh_prefixes_learn(s->prefixes, text, len);
        FILE *out = kgsh_pager_open(s);
        ok = kgsh_render_results(s, NULL, r, out);
        kgsh_pager_close(s, out);
    }
    if (s->timer)
        kgsh_timer_done(s, start);
    return ok;
}

/* ---- commands ---- */

bool kgsh_cmd_connect(kgsh_session *s, int argc, char **argv)
{
    if (!connect_to(s, argv[1], argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL))
        return false;
    kgsh_note(s, "Connected to %s; .disconnect goes back to the embedded store", argv[1]);
    return true;
}

bool kgsh_cmd_disconnect(kgsh_session *s, int argc, char **argv)
{
    (void)argc, (void)argv;
    if (!s->remote) {
        kgsh_fail(s, "not connected to an endpoint");
        return false;
    }
    kgsh_interrupt_set_endpoint(NULL);
    kg_endpoint_close(s->remote);
    s->remote = NULL;
    kgsh_complete_invalidate(s);
    kgsh_note(s, "Back on the embedded store");
    return true;
}

static bool need_connection(kgsh_session *s, const char *command)
{
    if (!s->remote)
        kgsh_fail(s, ".%s needs a connection: .connect URL first", command);
    return s->remote != NULL;
}

static int collect_graph(void *ctx, const kg_term *graph, uint64_t quads)
{
    (void)quads;
    char ***list = ctx;
    size_t n = 0;
    while ((*list)[n])
        n++;
    char **grown = realloc(*list, (n + 2) * sizeof *grown);
    if (!grown)
        return 1;
    *list = grown;
    grown[n] = strdup(graph->value);
    grown[n + 1] = NULL;
    return grown[n] ? 0 : 1;
}

static bool push_one(kgsh_session *s, const char *iri)
{
    kg_term graph = kg_term_iri(iri);
    uint64_t triples = 0;
    double start = kgsh_seconds();
    if (kg_endpoint_push(s->remote, s->store, &graph, &triples) != KG_OK) {
        kgsh_fail_kg(s, kg_endpoint_error(s->remote));
        return false;
    }
    kgsh_note(s, "%llu triples pushed to <%s> (%.2f s)", (unsigned long long)triples, iri,
            kgsh_seconds() - start);
    return true;
}

bool kgsh_cmd_push(kgsh_session *s, int argc, char **argv)
{
    if (!need_connection(s, "push"))
        return false;
    bool ok = true;
    if (argc > 1) {
        for (int i = 1; ok && i < argc && !kgsh_interrupted(); i++) {
            char *iri = kgsh_graph_iri(s, argv[i]);
            ok = iri && push_one(s, iri);
            free(iri);
        }
        return ok;
    }
    char **graphs = calloc(1, sizeof *graphs);
    if (!graphs || kg_store_graphs(s->store, collect_graph, &graphs) != KG_OK) {
        kgsh_fail(s, "cannot list the graphs of the store");
        ok = false;
    }
    for (size_t i = 0; ok && graphs[i] && !kgsh_interrupted(); i++)
        ok = push_one(s, graphs[i]);
    for (size_t i = 0; graphs && graphs[i]; i++)
        free(graphs[i]);
    free(graphs);
    return ok;
}

bool kgsh_cmd_pull(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    if (!need_connection(s, "pull"))
        return false;
    char *iri = kgsh_graph_iri(s, argv[1]);
    if (!iri)
        return false;
    kg_term graph = kg_term_iri(iri);
    uint64_t triples = 0;
    bool ok = kg_endpoint_pull(s->remote, s->store, &graph, &triples) == KG_OK;
    if (!ok)
        kgsh_fail_kg(s, kg_endpoint_error(s->remote));
    else
        kgsh_note(s, "%llu triples pulled into <%s>", (unsigned long long)triples, iri);
    free(iri);
    return ok;
}

bool kgsh_cmd_timeout(kgsh_session *s, int argc, char **argv)
{
    if (argc == 1) {
        if (s->remote_timeout)
            fprintf(s->out, "%u s\n", s->remote_timeout);
        else
            fprintf(s->out, "none (%u s for a server)\n", DEFAULT_TIMEOUT);
        return true;
    }
    char *end;
    unsigned long seconds = strtoul(argv[1], &end, 10);
    if (*end || end == argv[1] || seconds == 0 || seconds > 86400) {
        kgsh_fail(s, "timeout: give whole seconds from 1 to 86400, not \"%s\"", argv[1]);
        return false;
    }
    s->remote_timeout = (unsigned)seconds;
    if (s->remote)
        kg_endpoint_set_timeout(s->remote, s->remote_timeout);
    return true;
}

/* ---- snapshots for the commands that walk a store in C ---- */

enum { SNAPSHOT_MAX_QUADS = 5000000 };

static const char q_count[] = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                              "FILTER(?g != <" KG_INFERRED_GRAPH ">) }";
static const char q_all[] = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                            "FILTER(?g != <" KG_INFERRED_GRAPH ">) }";

/* Runs a query on the endpoint; NULL (reported) on failure. */
static kg_results *ask_server(kgsh_session *s, const char *text)
{
    kg_results *r = NULL;
    if (kg_endpoint_query(&r, s->remote, text, strlen(text)) != KG_OK)
        kgsh_fail_kg(s, kg_endpoint_error(s->remote));
    return r;
}

/* Adds every row (s p o g) of r to the open transaction of store. */
static bool copy_rows(kgsh_session *s, kg_results *r, kg_store *store)
{
    bool more = true;
    while (kg_results_next(&more, r) == KG_OK && more) {
        const kg_term *g = kg_results_value(r, 3);
        if (kg_store_add(store, kg_results_value(r, 0), kg_results_value(r, 1),
                         kg_results_value(r, 2), g->kind == KG_TERM_IRI ? g : NULL) != KG_OK) {
            kgsh_fail_kg(s, kg_store_error(store));
            return false;
        }
    }
    return true;
}

kg_store *kgsh_remote_snapshot(kgsh_session *s)
{
    kg_results *r = ask_server(s, q_count);
    bool more = false;
    if (!r)
        return NULL;
    unsigned long long n = kg_results_next(&more, r) == KG_OK && more
                               ? strtoull(kg_results_value(r, 0)->value, NULL, 10)
                               : 0;
    kg_results_free(r);
    if (n > SNAPSHOT_MAX_QUADS) {
        kgsh_fail(s, "%s holds %llu quads, more than this command copies (%u); run it on a "
                     "store of the graphs that matter (.pull them)",
                  kg_endpoint_url(s->remote), n, SNAPSHOT_MAX_QUADS);
        return NULL;
    }
    kg_store *copy = NULL;
    kg_error err = {0};
    if (kg_store_open(&copy, NULL, KG_STORE_MEMORY, &err) != KG_OK) {
        kgsh_fail_kg(s, &err);
        return NULL;
    }
    bool ok = kg_infer_attach(copy) == KG_OK && kg_store_begin(copy) == KG_OK;
    /* prefixed names in the command's arguments mean what they mean here */
    for (size_t i = 0; ok && i < kgsh_prefixes_count(s->prefixes); i++)
        ok = kg_store_set_prefix(copy, kgsh_prefixes_name(s->prefixes, i),
                                 kgsh_prefixes_iri(s->prefixes, i)) == KG_OK;
    ok = ok && (r = ask_server(s, q_all)) != NULL && copy_rows(s, r, copy);
    kg_results_free(r);
    if (ok && kg_store_commit(copy) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(copy));
        ok = false;
    }
    if (!ok) {
        kg_store_close(copy);
        return NULL;
    }
    return copy;
}
