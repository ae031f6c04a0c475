/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/remote.h - kgsh over a SPARQL 1.1 Protocol endpoint: .connect,
 * .disconnect, .push, .pull and .timeout, and running statements on the
 * endpoint while connected (kg/remote.h does the protocol). */
#ifndef KGSH_REMOTE_H
#define KGSH_REMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

/* Connects the session to url (replacing a connection). False (reported)
 * when url is not an http(s) URL. */
bool kgsh_connect(kgsh_session *s, const char *url);

/* Runs one statement (text, len bytes) on the connected endpoint and
 * renders the answer as a local result would be. */
bool kgsh_remote_statement(kgsh_session *s, const char *text, size_t len);

/* For the commands that walk a store in C (.path, .neighbors, .exposure,
 * .dot, .why; flag KGSH_CMD_SNAPSHOT): a copy of the server's graphs, the
 * inferred one left out and computed again by the ontology's rules, in an
 * in-memory store the caller closes. NULL (reported) on failure or when the
 * server holds more than five million quads. */
kg_store *kgsh_remote_snapshot(kgsh_session *s);

bool kgsh_cmd_connect(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_disconnect(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_push(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_pull(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_timeout(kgsh_session *s, int argc, char **argv);

#define KGSH_CMD_CONNECT                                                                           \
    {"connect", kgsh_cmd_connect, "URL [UPDATE-URL [GRAPH-STORE-URL]]",                           \
     "Run statements on a SPARQL server instead",                                                 \
     "From now on SPARQL statements go, as written and after the session's PREFIX lines, to "     \
     "the SPARQL 1.1 Protocol endpoint URL (for Virtuoso http://HOST:8890/sparql), whose own "    \
     "engine answers them; results show in every output mode as local ones do. Updates go to "    \
     "UPDATE-URL (default: URL; Virtuoso: .../sparql-auth) and .push uses the Graph Store "       \
     "HTTP Protocol at GRAPH-STORE-URL (Virtuoso: .../sparql-graph-crud-auth), or SPARQL "        \
     "Update without it. Credentials come from KGSH_ENDPOINT_USER and KGSH_ENDPOINT_PASSWORD "    \
     "or from ~/.netrc ($NETRC), never from the command line; HTTP Digest and Basic are both "    \
     "offered. .describe, .search, .stats, .graphs and completion ask the server too; .path, "    \
     ".neighbors, .exposure, .dot and .why run on a copy of the server's graphs (up to five "    \
     "million quads), the inferred graph computed again from the ontology's rules. Commands "   \
     "that change or read only the embedded store (.load, .export, .import, .ingest and the "    \
     "like) are refused while connected; the embedded store is changed only by .pull. "          \
     "kgsh --endpoint URL starts connected.",                                                     \
     1, 3, {KGSH_ARG_NONE, KGSH_ARG_NONE}, 0}
#define KGSH_CMD_DISCONNECT                                                                        \
    {"disconnect", kgsh_cmd_disconnect, "", "Go back to the embedded store",                      \
     "Ends the connection made with .connect or --endpoint; statements run on the embedded "      \
     "store again.",                                                                              \
     0, 0, {KGSH_ARG_NONE, KGSH_ARG_NONE}, 0}
#define KGSH_CMD_PULL                                                                              \
    {"pull", kgsh_cmd_pull, "GRAPH", "Copy a graph from the server into the embedded store",     \
     "Replaces the embedded store's GRAPH (an <IRI> or prefixed name) with the server's graph "   \
     "of that name, in one transaction: all of it or, on any error or Ctrl-C, nothing.",          \
     1, 1, {KGSH_ARG_GRAPH, KGSH_ARG_NONE}, KGSH_CMD_WRITES}
#define KGSH_CMD_PUSH                                                                              \
    {"push", kgsh_cmd_push, "[GRAPH...]", "Copy graphs of the embedded store to the server",    \
     "Replaces each GRAPH on the server with the embedded store's graph of that name; without "   \
     "GRAPH, every named graph (the articles, lists, the ontology and the inferred graph). "       \
     "Prints the triples sent per graph and the time taken. Needs update rights on the server "   \
     "(see .connect for credentials).",                                                           \
     0, 64, {KGSH_ARG_GRAPH, KGSH_ARG_GRAPH}, 0}
#define KGSH_CMD_TIMEOUT                                                                           \
    {"timeout", kgsh_cmd_timeout, "[SECONDS]", "Set how long a query may take",                    \
     "A query or update on the embedded store that runs longer than SECONDS stops with an "       \
     "error (no limit until one is set), and so does a request to the endpoint (default 60 s), "  \
     "naming it; Ctrl-C cancels either at any time. Without SECONDS, shows the current limit. "   \
     "The same as --timeout SECONDS.",                                                            \
     0, 1, {KGSH_ARG_NONE, KGSH_ARG_NONE}, 0}

#endif
