/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_redland.c - the kgsh librdf storage module driven by
 * random sequences of Redland calls, checked against a model of what the
 * store must hold. Each input byte is one call on a small vocabulary
 * (IRIs, blank nodes, literals with language tags and datatypes, the
 * default graph and named graphs): add and remove in contexts, contains,
 * find_statements with templates, iterating a stream while writing,
 * transactions started, committed and rolled back, emptying a context,
 * and finally kgsh's SPARQL (kgsparql) on the rest of the input as query
 * text. After every call the counts librdf reports must equal the model's;
 * any difference aborts. The module's sources are linked in and its
 * factory registered directly, so no module path is needed. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <redland.h>

#include "fuzz.h"
#include "nodes.h"

void librdf_storage_module_register_factory(librdf_world *world);

enum { NS = 6, NP = 3, NO = 9, NG = 4 };

static librdf_world *world;
static librdf_node *subjects[NS], *predicates[NP], *objects[NO], *graphs[NG]; /* graphs[0]: NULL */

static librdf_node *node(const kg_term t)
{
    librdf_node *n = kgr_node_from_term(world, &t);
    if (!n)
        abort();
    return n;
}

static void setup(void)
{
    world = librdf_new_world();
    librdf_world_open(world);
    librdf_storage_module_register_factory(world);
    const char *iris[] = {"http://ex/a", "http://ex/b", "http://ex/c", "http://ex/d"};
    for (int i = 0; i < 4; i++)
        subjects[i] = node(kg_term_iri(iris[i]));
    subjects[4] = node(kg_term_blank("x"));
    subjects[5] = node(kg_term_blank("y"));
    predicates[0] = node(kg_term_iri("http://ex/p"));
    predicates[1] = node(kg_term_iri("http://ex/q"));
    predicates[2] = node(kg_term_iri("http://ex/r"));
    objects[0] = node(kg_term_iri("http://ex/a"));
    objects[1] = node(kg_term_iri("http://ex/e"));
    objects[2] = node(kg_term_blank("x"));
    objects[3] = node(kg_term_literal("x", NULL, NULL));
    objects[4] = node(kg_term_literal("x", NULL, "en"));
    objects[5] = node(kg_term_literal("x", NULL, "en-GB"));
    objects[6] = node(kg_term_literal("5", "http://www.w3.org/2001/XMLSchema#integer", NULL));
    objects[7] = node(kg_term_literal("", NULL, NULL));
    objects[8] = node(kg_term_literal("a\nb\"c\\d\xc3\xa9", NULL, NULL));
    graphs[1] = node(kg_term_iri("http://ex/g1"));
    graphs[2] = node(kg_term_iri("http://ex/g2"));
    graphs[3] = node(kg_term_blank("gb"));
}

/* The model: which of the NS*NP*NO*NG quads the store holds. */
typedef struct state {
    bool q[NS][NP][NO][NG];
} state;

static int quads(const state *m)
{
    int n = 0;
    for (int s = 0; s < NS; s++)
        for (int p = 0; p < NP; p++)
            for (int o = 0; o < NO; o++)
                for (int g = 0; g < NG; g++)
                    n += m->q[s][p][o][g];
    return n;
}

/* Triples (any graph) matching a template; -1 means unbound. */
static int triples(const state *m, int ts, int tp, int to)
{
    int n = 0;
    for (int s = 0; s < NS; s++)
        for (int p = 0; p < NP; p++)
            for (int o = 0; o < NO; o++) {
                if ((ts >= 0 && s != ts) || (tp >= 0 && p != tp) || (to >= 0 && o != to))
                    continue;
                bool any = false;
                for (int g = 0; g < NG; g++)
                    any |= m->q[s][p][o][g];
                n += any;
            }
    return n;
}

static librdf_statement *statement(int s, int p, int o)
{
    return librdf_new_statement_from_nodes(
        world, s >= 0 ? librdf_new_node_from_node(subjects[s]) : NULL,
        p >= 0 ? librdf_new_node_from_node(predicates[p]) : NULL,
        o >= 0 ? librdf_new_node_from_node(objects[o]) : NULL);
}

static int count_stream(librdf_stream *st)
{
    if (!st)
        abort();
    int n = 0;
    for (; !librdf_stream_end(st); librdf_stream_next(st))
        n += librdf_stream_get_object(st) != NULL;
    librdf_free_stream(st);
    return n;
}

static void check(bool ok)
{
    if (!ok)
        abort();
}

/* Runs the calls; returns where the query text starts (or size). */
static size_t run_calls(librdf_model *model, state *m, const uint8_t *data, size_t size)
{
    state saved;
    bool in_txn = false;
    for (size_t i = 0; i + 1 < size; i += 2) {
        unsigned op = data[i] % 9, arg = data[i + 1];
        int s = arg % NS, p = (arg / NS) % NP, o = (arg / 3) % NO, g = (arg / 7) % NG;
        librdf_statement *st = statement(s, p, o);
        switch (op) {
        case 0: /* add in a context (or the default graph) */
            check(librdf_model_context_add_statement(model, graphs[g], st) == 0);
            m->q[s][p][o][g] = true;
            break;
        case 1:
            check(librdf_model_context_remove_statement(model, graphs[g], st) == 0);
            m->q[s][p][o][g] = false;
            break;
        case 2:
            check((librdf_model_contains_statement(model, st) != 0) == (triples(m, s, p, o) > 0));
            break;
        case 3: { /* a template with the positions arg's top bits leave open */
            librdf_statement *t = statement(arg & 0x20 ? -1 : s, arg & 0x40 ? -1 : p,
                                            arg & 0x80 ? -1 : o);
            int want = triples(m, arg & 0x20 ? -1 : s, arg & 0x40 ? -1 : p, arg & 0x80 ? -1 : o);
            check(count_stream(librdf_model_find_statements(model, t)) == want);
            librdf_free_statement(t);
            break;
        }
        case 4: { /* write while a stream is open: it keeps its starting state */
            int want = quads(m), n = 0;
            librdf_stream *all = librdf_model_as_stream(model);
            check(all != NULL);
            for (; !librdf_stream_end(all); librdf_stream_next(all), n++)
                if (n == 0) {
                    check(librdf_model_context_add_statement(model, graphs[g], st) == 0);
                    m->q[s][p][o][g] = true;
                }
            librdf_free_stream(all);
            check(n == want);
            break;
        }
        case 5:
            if (librdf_model_transaction_start(model) == 0) {
                check(!in_txn);
                saved = *m;
                in_txn = true;
            } else
                check(in_txn);
            break;
        case 6: {
            int rc = librdf_model_transaction_commit(model);
            check(!in_txn || rc == 0);
            in_txn = false;
            break;
        }
        case 7:
            if (librdf_model_transaction_rollback(model) == 0) {
                check(in_txn);
                *m = saved;
            }
            in_txn = false;
            break;
        case 8:
            librdf_free_statement(st);
            if (g == 0)
                return i + 2;
            check(librdf_model_context_remove_statements(model, graphs[g]) == 0);
            for (int a = 0; a < NS; a++)
                for (int b = 0; b < NP; b++)
                    for (int c = 0; c < NO; c++)
                        m->q[a][b][c][g] = false;
            continue;
        }
        librdf_free_statement(st);
        check(librdf_model_size(model) == quads(m));
    }
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!world)
        setup();
    librdf_storage *storage = librdf_new_storage(world, "kgsh", "fuzz", "memory='yes'");
    librdf_model *model = storage ? librdf_new_model(world, storage, NULL) : NULL;
    check(model != NULL);
    state m;
    memset(&m, 0, sizeof m);
    size_t at = run_calls(model, &m, data, size);
    check(count_stream(librdf_model_as_stream(model)) == quads(&m));
    if (at < size) { /* kgsh's SPARQL on the rest; errors are logged, not fatal */
        char *text = strndup((const char *)data + at, size - at);
        librdf_query *q = text ? librdf_new_query(world, "kgsparql", NULL, (unsigned char *)text, NULL) : NULL;
        librdf_query_results *r = q ? librdf_query_execute(q, model) : NULL;
        for (; r && librdf_query_results_is_bindings(r) && !librdf_query_results_finished(r);
             librdf_query_results_next(r))
            for (int c = 0; c < librdf_query_results_get_bindings_count(r); c++) {
                librdf_node *v = librdf_query_results_get_binding_value(r, c);
                if (v)
                    librdf_free_node(v);
            }
        if (r)
            librdf_free_query_results(r);
        if (q)
            librdf_free_query(q);
        free(text);
    }
    librdf_free_model(model);
    librdf_free_storage(storage);
    return 0;
}
