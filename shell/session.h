/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/session.h - the state of one kgsh session, shared by the shell's
 * modules: the open store, prefixes, output settings, where output goes,
 * and the failure count that becomes the exit status. Also the shell's one
 * way of reporting an error. */
#ifndef KGSH_SESSION_H
#define KGSH_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include <kg/kg.h>

#include "prefixes.h"

/* Exit statuses (documented in --help and the man page). */
enum {
    KGSH_EXIT_OK = 0,
    KGSH_EXIT_FAILED = 1,      /* a query, load or command failed */
    KGSH_EXIT_USAGE = 2,       /* bad command-line usage */
    KGSH_EXIT_STORE = 3,       /* the store could not be opened */
    KGSH_EXIT_INTERRUPT = 130, /* interrupted (SIGINT) when not interactive */
};

typedef enum kgsh_mode {
    KGSH_MODE_TABLE,
    KGSH_MODE_LINE,
    KGSH_MODE_CSV,
    KGSH_MODE_TSV,
    KGSH_MODE_JSON,
    KGSH_MODE_XML,
    KGSH_MODE_NTRIPLES,
    KGSH_MODE_TURTLE,
} kgsh_mode;

/* The names of the modes, indexed by kgsh_mode; NULL-terminated. */
extern const char *const kgsh_mode_names[];
/* Returns false when name is not a mode. */
bool kgsh_mode_from_name(const char *name, kgsh_mode *out);

typedef struct kgsh_outfile kgsh_outfile;
typedef struct kgsh_vocab kgsh_vocab;

typedef struct kgsh_session {
    kg_store *store;
    kg_endpoint *remote;     /* .connect: statements go to this endpoint */
    unsigned remote_timeout; /* .timeout (queries on the store too); 0: the default */
    size_t max_memory;       /* .limit memory, bytes; 0: the library's default */
    bool readonly;
    int busy_ms; /* .busy: how long a write waits for another writer */
    kgsh_prefixes *prefixes;
    kgsh_mode mode;
    bool headers;
    bool csv_safe; /* .csv-safe: CSV values that look like formulas get a ' */
    bool labels;
    bool expanded; /* one field per line (line mode for tables) */
    bool expanded_auto; /* rows wider than the terminal become records (until
                           .expanded on or off is said) */
    size_t max_cell;    /* .width N: the widest table cell, 0 for the default */
    size_t widths[7];   /* .width N N...: each column's widest (0: max_cell) */
    size_t nwidths;
    bool timer;
    bool pager;
    bool bail;        /* stop at the first error (scripts) */
    bool infer_off;   /* .infer off: queries leave KG_INFERRED_GRAPH out */
    char as_of[32];   /* .asof DATE: .exposure and .describe answer as of it ("": off) */
    bool interactive; /* a person at a terminal: prompts, pager, auto-expand */
    bool script;      /* running a script (-f or standard input): no progress lines */
    bool quiet;       /* -q: no notices (kgsh_note) */
    bool tty_out;     /* standard output is a terminal */
    FILE *out;        /* results: stdout or the .output/.once file */
    kgsh_outfile *outfile;
    unsigned failures; /* failed statements, for the exit status */
    bool quit;
    kgsh_vocab *vocab; /* completion words from the store; see complete.h */
    int read_depth;    /* nesting of .read */
    struct kgsh_ingests *ingests; /* articles ingested this session (ingest_cmd.h) */
} kgsh_session;

/* A monotonic clock in seconds, for .timer and the timings commands print. */
double kgsh_seconds(void);
/* .timer on: "Time: N s" since start, on stderr (timings are not results). */
void kgsh_timer_done(kgsh_session *s, double start);

/* Prints "Error: ..." to stderr and counts a failure. */
void kgsh_fail(kgsh_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a notice (what a command did: "Loaded ...", "1 quad added") to
 * stderr, after flushing the results written so far, unless -q was given.
 * Results and exports alone go to standard output, so a script's output is
 * exactly the CSV, JSON or Turtle it asked for. */
void kgsh_note(kgsh_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports a libkg error: the formatted kg_error, or "interrupted". */
void kgsh_fail_kg(kgsh_session *s, const kg_error *err);

/* Sends results to path from now on (once: for the next statement only).
 * The file is written to a temporary name with mode 0600 and renamed into
 * place when output goes back to stdout, so it appears complete or not at
 * all. path NULL goes back to stdout. Returns false (and reports) on
 * failure. */
bool kgsh_output_to(kgsh_session *s, const char *path, bool once);
/* Called after each statement: ends a .once file. */
void kgsh_output_statement_done(kgsh_session *s, bool ok);

#endif
