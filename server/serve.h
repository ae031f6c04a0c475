/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/serve.h - `kgsh serve`: the store over HTTP (SPARQL 1.1 Protocol,
 * Graph Store Protocol, the analysts' pages) until SIGTERM or SIGINT. */
#ifndef KGSH_SERVE_H
#define KGSH_SERVE_H

#include <stdbool.h>

#include "session.h"

/* Runs the server with the arguments after "kgsh" (argv[0] is "serve").
 * store_dir is the store kgsh's own options chose (-d, $KGSH_STORE or the
 * default; --store overrides it), read_only whether --readonly was given.
 * Returns the exit status. */
int kgsh_serve(int argc, char **argv, const char *store_dir, bool read_only);

/* .serve in the shell: says to run kgsh serve from the command line. */
bool kgsh_cmd_serve(kgsh_session *s, int argc, char **argv);

/* The command table's entry (commands.c): help and the man page. */
#define KGSH_CMD_SERVE                                                                             \
    {"serve", kgsh_cmd_serve,                                                                      \
     "[--port N] [OPTION...] | --hash-password",                                                   \
     "Serve the store over HTTP: SPARQL, graphs, pages",                                          \
     "Runs from the command line (kgsh serve ...) until SIGTERM or SIGINT, which let the "        \
     "running write finish (or roll it back at its time limit) before the store is closed. "     \
     "It serves the store in --store DIR (default: the shell's store, as -d) and listens on "   \
     "--bind ADDR (default 127.0.0.1) --port N (default 7300; 0: the kernel picks one; the "     \
     "address is printed), and answers the SPARQL 1.1 Protocol at /sparql (queries by GET "    \
     "and POST, updates by POST; results as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, "     \
     "N-Triples, N-Quads or TriG, chosen by the Accept header or format=; the service "           \
     "description when no query is given), the Graph Store HTTP Protocol at /data "              \
     "(?graph=IRI or ?default: GET, PUT, POST, DELETE) and pages for analysts at / (search, "    \
     "an entity with its statements, evidence, sanctions and picture, paths, exposure, a "       \
     "SPARQL box). Updates and graph writes need credentials: HTTP Basic against "                \
     "--password-file F (lines user:password, or user: and the hashed form --hash-password "      \
     "prints for a password read from standard input), or a bearer token from --token-file F "   \
     "or $KGSH_SERVE_TOKEN; never on the command line. Without them, 401; with --read-only, "     \
     "403. Each request may take --timeout S seconds (default 30) and an answer --max-rows N "    \
     "rows (default 100000); a larger request body than --max-body (default 16 MiB) gets 413. "   \
     "One line per request goes to --access-log F (default standard error). --threads N "        \
     "bounds concurrent connections (default 64).",                                               \
     0, 32, {KGSH_ARG_NONE, KGSH_ARG_NONE}, 0}

#endif
