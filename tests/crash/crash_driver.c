/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/crash/crash_driver.c - runs one store-changing operation in a
 * child process, so that kill_test.c can SIGKILL it at a random moment and
 * give it a small file size limit. The child is forked, not exec'd: it
 * starts in microseconds, so the kills land in the operation rather than
 * in process start-up.
 *
 *   load FILE      kg_load_file into the graph <urn:crash:loaded>
 *   delete GRAPH   kg_store_drop_graph
 *   update TEXT    a SPARQL update
 *   import CSV MAP a screening list (the two paths separated by a newline)
 *   accept ARTICLE ingest an article (rules from $srcdir) and accept every
 *                  proposal into its graph
 *
 * The child writes 'r' to the ready pipe once the store is open and the
 * operation is about to start, and 'd' when it has returned, so the
 * parent can time the operation alone. With fsize, RLIMIT_FSIZE is set
 * and SIGXFSZ ignored, so a write past the limit fails with EFBIG the way
 * a full disk fails with ENOSPC. The child's exit status: 0 done, 1 the
 * operation failed (the error on stderr), 3 the store did not open. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "crash_support.h"
#include "kg/import.h"
#include "kg/ingest.h"

static kg_status import_list(kg_store *store, const char *arg, kg_error *err)
{
    char csv[4096];
    const char *nl = strchr(arg, '\n');
    if (!nl || (size_t)(nl - arg) >= sizeof csv)
        return KG_ERR_INVALID;
    memcpy(csv, arg, (size_t)(nl - arg));
    csv[nl - arg] = '\0';
    kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
    opts.name = "crash";
    opts.mapping_path = nl + 1;
    kg_status st = kg_import_list(store, csv, &opts, NULL);
    *err = *kg_store_error(store);
    return st;
}

/* The proposals are kept in memory (dry run): the timed operation is the
 * accept, one transaction writing the article graph with provenance. */
static kg_status ingest_and_accept(kg_store *store, const char *article, kg_error *err)
{
    char rules[4200];
    const char *srcdir = getenv("srcdir");
    snprintf(rules, sizeof rules, "%s/ontology/ingest-rules.txt", srcdir && *srcdir ? srcdir : ".");
    kg_ingest_options opts = KG_INGEST_OPTIONS_INIT;
    opts.rules_path = rules;
    opts.dry_run = true;
    kg_ingest *ing = NULL;
    kg_status st = kg_ingest_file(&ing, store, article, &opts, err);
    if (st == KG_OK) {
        st = kg_ingest_accept(ing, NULL, 0, NULL);
        if (st != KG_OK)
            *err = *kg_ingest_error(ing);
    }
    kg_ingest_free(ing);
    return st;
}

static kg_status run(kg_store *store, const char *op, const char *arg, kg_error *err)
{
    kg_status st;
    if (strcmp(op, "load") == 0 || strcmp(op, "load-bounded") == 0) {
        /* load-bounded: a budget so small that the commit goes through
         * runs on disk and the segment is written section by section */
        if (op[4])
            kg_store_set_load_memory(store, 1);
        kg_term graph = kg_term_iri("urn:crash:loaded");
        kg_load_options opts = KG_LOAD_OPTIONS_INIT;
        opts.graph = &graph;
        st = kg_load_file(store, arg, &opts, NULL);
    } else if (strcmp(op, "import") == 0) {
        return import_list(store, arg, err);
    } else if (strcmp(op, "accept") == 0) {
        return ingest_and_accept(store, arg, err);
    } else if (strcmp(op, "delete") == 0) {
        kg_term graph = kg_term_iri(arg);
        st = kg_store_drop_graph(store, &graph);
    } else {
        kg_query *q;
        st = kg_query_prepare(&q, store, arg, strlen(arg), NULL, err);
        if (st != KG_OK)
            return st;
        kg_results *r = NULL;
        st = kg_query_execute(&r, q);
        *err = *kg_query_error(q);
        kg_results_free(r);
        kg_query_free(q);
        return st;
    }
    *err = *kg_store_error(store);
    return st;
}

/* The child's whole life; never returns. */
static _Noreturn void drive(const char *dir, const char *op, const char *arg, unsigned long fsize,
                            int ready_fd)
{
    signal(SIGPIPE, SIG_IGN); /* a parent that stopped listening is no reason to die */
    if (fsize) {
        struct rlimit rl = {fsize, fsize};
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
    }
    kg_store *store;
    kg_error err;
    char msg[2048];
    if (kg_store_open(&store, dir, 0, &err) != KG_OK) {
        fprintf(stderr, "crash_driver: %s\n", kg_error_format(&err, msg, sizeof msg));
        _exit(3);
    }
    (void)!write(ready_fd, "r", 1);
    kg_status st = run(store, op, arg, &err);
    (void)!write(ready_fd, "d", 1);
    if (st != KG_OK)
        fprintf(stderr, "crash_driver: %s: %s\n", kg_strerror(st),
                kg_error_format(&err, msg, sizeof msg));
    kg_store_close(store);
    fflush(stderr);
    _exit(st == KG_OK ? 0 : 1); /* _exit: the parent's atexit work is not ours */
}

pid_t start_operation(const char *dir, const char *op, const char *arg, unsigned long fsize,
                      const char *errfile, int *ready_fd)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        int fd = open(errfile ? errfile : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0)
            dup2(fd, 2);
        drive(dir, op, arg, fsize, fds[1]);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return -1;
    }
    *ready_fd = fds[0];
    return pid;
}
