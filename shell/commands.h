/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/commands.h - the dot-commands: one table that dispatch, .help,
 * --help, completion and the man page are all generated from. */
#ifndef KGSH_COMMANDS_H
#define KGSH_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "session.h"

/* What an argument is, for completion. */
typedef enum kgsh_arg_kind {
    KGSH_ARG_NONE,
    KGSH_ARG_FILE,
    KGSH_ARG_GRAPH,
    KGSH_ARG_MODE,
    KGSH_ARG_ONOFF,
    KGSH_ARG_COMMAND,
    KGSH_ARG_PREFIX,
    KGSH_ARG_THING,
} kgsh_arg_kind;

enum {
    KGSH_CMD_REST = 1 << 0,   /* the last argument is the rest of the line, as typed */
    KGSH_CMD_WRITES = 1 << 1, /* changes the store: refresh completion words after */
    KGSH_CMD_LOCAL = 1 << 2,  /* reads or writes the embedded store: refused while the
                                 session is connected to an endpoint */
    KGSH_CMD_SNAPSHOT = 1 << 3, /* walks a store in C: while connected, it runs on a
                                   copy of the server's graphs (kgsh_remote_snapshot) */
    KGSH_CMD_SETTING = 1 << 4,  /* changes a setting and shows no results: a pending .once
                                   waits for the next statement that does */
};

typedef struct kgsh_command {
    const char *name;     /* without the dot */
    bool (*run)(kgsh_session *s, int argc, char **argv); /* argv[0] is the name */
    const char *synopsis; /* the arguments, as in "FILE [GRAPH]" */
    const char *brief;    /* one line for .help */
    const char *detail;   /* paragraphs for .help COMMAND and the man page */
    int min_args, max_args;
    kgsh_arg_kind args[2]; /* the first argument's kind, and every later one's */
    unsigned flags;
} kgsh_command;

/* The table, ending with a NULL name. */
extern const kgsh_command kgsh_commands[];

/* The command a (possibly abbreviated) name means: an exact name, else the
 * only command starting with it. NULL when none or several match; then
 * *candidates (when not NULL) counts the matches. */
const kgsh_command *kgsh_command_find(const char *name, int *candidates);

/* Runs the command named argv[0] (exactly, without the dot) with the
 * given arguments, as "kgsh COMMAND ARG..." does: no quoting or splitting.
 * Returns false when it failed (already reported). */
bool kgsh_command_run_argv(kgsh_session *s, int argc, char **argv);

/* Whether the dot-command line names a KGSH_CMD_SETTING command. */
bool kgsh_command_is_setting(const char *line);

/* Runs a dot-command line (starting with '.'). Returns false when it
 * failed (already reported). */
bool kgsh_command_run(kgsh_session *s, const char *line);

/* Loads the bundled ontology and articles (see main.c) into the store in
 * one transaction. Returns false (and reports) on failure. */
bool kgsh_load_bundled(kgsh_session *s);

/* A graph argument: <IRI>, a prefixed name, or an absolute IRI as is.
 * Newly allocated; NULL (reported) when it is none of these. */
char *kgsh_graph_iri(kgsh_session *s, const char *arg);

/* The directory holding ontology/ and datasets/articles/. */
const char *kgsh_datadir(void);

#endif
