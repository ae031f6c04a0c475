/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/run.c - prepare, execute and show one SPARQL statement. */
#define _GNU_SOURCE
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "complete.h"
#include "interrupt.h"
#include "pager.h"
#include "remote.h"
#include "render.h"
#include "suggest.h"

/* Reports a prepare error with the statement line it points at. */
static void show_syntax_error(kgsh_session *s, const kg_error *err, const char *text, size_t len,
                              const kgsh_origin *origin)
{
    if (!err->line) {
        kgsh_fail_kg(s, err);
        return;
    }
    if (origin && origin->name)
        kgsh_fail(s, "%s:%lu:%lu: %s", origin->name, origin->line + err->line - 1, err->column,
                  err->message);
    else
        kgsh_fail(s, "line %lu, column %lu: %s", err->line, err->column, err->message);
    const char *line = text, *end = text + len;
    for (unsigned long n = 1; n < err->line && line < end; n++) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        line = nl ? nl + 1 : end;
    }
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    kgsh_put_caret(stderr, line, (size_t)((nl ? nl : end) - line), err->column);
}

bool kgsh_run_statement(kgsh_session *s, const char *text, size_t len, const kgsh_origin *origin)
{
    if (s->remote)
        return kgsh_remote_statement(s, text, len);
    double start = kgsh_seconds();
    kg_query_options opts = KG_QUERY_OPTIONS_INIT;
    opts.prefixes = kgsh_prefixes_pairs(s->prefixes);
    opts.base_iri = kgsh_prefixes_base(s->prefixes);
    opts.hidden_graph = s->infer_off ? KG_INFERRED_GRAPH : NULL;
    opts.max_memory = s->max_memory;
    opts.timeout_ms = s->remote_timeout * 1000u; /* 0: none for the embedded store */
    kg_query *q = NULL;
    kg_error err = {0};
    /* No kgsh_interrupt_clear here: a Ctrl-C that came while this statement
     * was being read (a long one, from .read) is for this statement; the
     * prompt clears it before the next line. */
    /* each statement reads the latest commit, whoever made it */
    if (kg_store_refresh(s->store) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    if (kg_query_prepare(&q, s->store, text, len, &opts, &err) != KG_OK) {
        show_syntax_error(s, &err, text, len, origin);
        return false;
    }
    kgsh_prefixes_learn(s->prefixes, text, len);
    if (kg_query_get_form(q) != KG_QUERY_UPDATE)
        kgsh_suggest_check(s, text, len);
    kg_results *r = NULL;
    /* a Ctrl-C before the query started (scripts keep it) stops it too */
    static const kg_error intr = {.status = KG_ERR_INTERRUPTED};
    bool early = kgsh_interrupted();
    bool ok = !early && kg_query_execute(&r, q) == KG_OK;
    if (!ok) {
        kgsh_fail_kg(s, early ? &intr : kg_query_error(q));
    } else {
        FILE *out = kgsh_pager_open(s);
        ok = kgsh_render_results(s, q, r, out);
        if (ok && kgsh_interrupted()) {
            kgsh_fail_kg(s, &intr);
            ok = false;
        }
        kgsh_pager_close(s, out);
    }
    if (kg_query_get_form(q) == KG_QUERY_UPDATE) {
        kgsh_prefixes_add_store(s->prefixes, s->store);
        kgsh_complete_invalidate(s);
    }
    kg_query_free(q);
    if (s->timer)
        kgsh_timer_done(s, start);
    return ok;
}
