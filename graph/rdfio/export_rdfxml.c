/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/export_rdfxml.c - RDF/XML export with raptor's "rdfxml"
 * serializer (raptor is already libkg's RDF/XML reader). Not
 * "rdfxml-abbrev": that writer drops a triple whose subject and object are
 * the same blank node. Statements come from the public pattern cursor;
 * raptor's complaints (a predicate IRI RDF/XML cannot split into a
 * namespace and a local name) are captured and become the export's error,
 * never printed. */
#include <raptor2.h>
#include <string.h>

#include "error.h"
#include "rdfio/export_rdfxml.h"
#include "store/quads.h"

typedef struct rdfxml_out {
    raptor_world *world;
    raptor_serializer *ser;
    char error[400]; /* the first error raptor logged */
} rdfxml_out;

static void on_log(void *ctx, raptor_log_message *msg)
{
    rdfxml_out *x = ctx;
    if (msg->level >= RAPTOR_LOG_LEVEL_ERROR && !x->error[0])
        snprintf(x->error, sizeof x->error, "%s", msg->text ? msg->text : "error");
}

static raptor_term *term_of(raptor_world *w, const kg_term *t)
{
    switch (t->kind) {
    case KG_TERM_IRI:
        return raptor_new_term_from_uri_string(w, (const unsigned char *)t->value);
    case KG_TERM_BLANK:
        return raptor_new_term_from_blank(w, (const unsigned char *)t->value);
    case KG_TERM_LITERAL: {
        raptor_uri *dt = t->datatype && !t->lang
                             ? raptor_new_uri(w, (const unsigned char *)t->datatype) : NULL;
        raptor_term *term = raptor_new_term_from_counted_literal(
            w, (const unsigned char *)t->value, t->value_len, dt,
            (const unsigned char *)t->lang, t->lang ? (unsigned char)strlen(t->lang) : 0);
        if (dt)
            raptor_free_uri(dt);
        return term;
    }
    case KG_TERM_NONE: break;
    }
    return NULL;
}

static int set_namespace(void *ctx, const char *prefix, const char *iri)
{
    rdfxml_out *x = ctx;
    raptor_uri *uri = raptor_new_uri(x->world, (const unsigned char *)iri);
    if (uri) {
        raptor_serializer_set_namespace(x->ser, uri, *prefix ? (const unsigned char *)prefix : NULL);
        raptor_free_uri(uri);
    }
    return 0;
}

/* Serialises one matched triple; false when raptor refused it. */
static bool write_triple(rdfxml_out *x, const kg_match *m)
{
    raptor_statement st;
    raptor_statement_init(&st, x->world);
    st.subject = term_of(x->world, &m->s);
    st.predicate = term_of(x->world, &m->p);
    st.object = term_of(x->world, &m->o);
    bool ok = st.subject && st.predicate && st.object &&
              raptor_serializer_serialize_statement(x->ser, &st) == 0 && !x->error[0];
    raptor_statement_clear(&st);
    return ok;
}

static kg_status write_all(kg_store *store, rdfxml_out *x, kg_cursor *cur,
                           const kg_export_options *opts, uint64_t *n)
{
    kg_error *err = kg_store_error_mut(store);
    kg_match m;
    while (kg_cursor_next(cur, &m)) {
        if (!write_triple(x, &m)) {
            char s[300], p[300];
            kg_term_to_ntriples(&m.s, s, sizeof s);
            kg_term_to_ntriples(&m.p, p, sizeof p);
            return kg_error_set(err, KG_ERR_INVALID, NULL,
                                "cannot write the statement %s %s in RDF/XML: %s", s, p,
                                x->error[0] ? x->error : "refused by the serializer");
        }
        if ((++*n & 0xffff) == 0) {
            if (kg_store_interrupted(store))
                return kg_error_set(err, KG_ERR_INTERRUPTED, NULL, "export interrupted");
            if (opts && opts->progress)
                opts->progress(opts->progress_ctx, *n, 0, 0);
        }
    }
    return kg_cursor_status(cur);
}

kg_status kg_export_rdfxml(kg_store *store, FILE *out, const kg_export_options *opts,
                           uint64_t *written)
{
    kg_error *err = kg_store_error_mut(store);
    kg_store_clear_interrupt(store);
    const kg_term *graph = opts ? opts->graph : NULL;
    if (graph) {
        kg_view *view = kg_store_view(store);
        kg_id g = view ? kg_view_lookup(view, graph) : KG_ID_NONE;
        if (!g || !kg_view_graph_exists(view, g))
            return kg_error_set(err, KG_ERR_NOT_FOUND, NULL, "no graph <%s> in the store",
                                graph->value);
    }
    kg_cursor *cur = NULL;
    kg_status st = kg_store_match(&cur, store, NULL, NULL, NULL,
                                  graph ? KG_MATCH_GRAPH : KG_MATCH_UNION, graph);
    if (st != KG_OK)
        return st;
    rdfxml_out x = {0};
    x.world = raptor_new_world();
    if (x.world) {
        raptor_world_set_log_handler(x.world, &x, on_log);
        x.ser = raptor_new_serializer(x.world, "rdfxml");
    }
    uint64_t n = 0;
    if (!x.ser || raptor_serializer_start_to_file_handle(x.ser, NULL, out) != 0)
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "cannot start raptor's RDF/XML serializer");
    else {
        kg_store_prefixes(store, set_namespace, &x);
        st = write_all(store, &x, cur, opts, &n);
        if (raptor_serializer_serialize_end(x.ser) != 0 && st == KG_OK)
            st = kg_error_set(err, KG_ERR_IO, NULL, "write failed: %s",
                              x.error[0] ? x.error : "raptor's serializer failed");
    }
    kg_cursor_close(cur);
    if (x.ser)
        raptor_free_serializer(x.ser);
    raptor_free_world(x.world);
    if (written)
        *written = n;
    return st;
}
