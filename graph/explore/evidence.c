/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/evidence.c - the sentences that state a triple: its rdf:Statement
 * nodes (rdf:subject, rdf:predicate, rdf:object) and their kg:statedIn
 * sentences with kg:text, kg:index and kg:inArticle (datasets/README.md). */
#include <stdlib.h>
#include <string.h>

#include "explore/explore_impl.h"
#include "kg/grow.h"

static unsigned sentence_index(kg_xctx *x, kg_id sentence)
{
    const char *v = kg_xvalue(x, kg_xobject(x, sentence, x->v[V_INDEX]));
    return v ? (unsigned)strtoul(v, NULL, 10) : 0;
}

static int evidence_cmp(const void *a, const void *b)
{
    const kg_source_sentence *x = a, *y = b;
    int c = strcmp(x->article ? x->article : "", y->article ? y->article : "");
    if (c)
        return c;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return strcmp(x->sentence, y->sentence);
}

/* Appends the sentences of one statement node not already in seen. */
static kg_status add_sentences(kg_xctx *x, kg_id st, kg_idtab *seen, kg_source_sentence **items,
                               size_t *n, size_t *cap)
{
    kg_scan *scan = kg_xscan(x, st, x->v[V_STATED_IN], 0);
    if (!scan)
        return kg_xctx_nomem(x);
    kg_quad q;
    kg_status status = KG_OK;
    while (status == KG_OK && kg_scan_next(scan, &q)) {
        int added = kg_idtab_put(seen, &q.o, NULL);
        if (added <= 0) {
            if (added < 0)
                status = kg_xctx_nomem(x);
            continue;
        }
        if (!kg_grow(items, cap, *n, sizeof **items, 4)) {
                status = kg_xctx_nomem(x);
                break;
            }
        kg_source_sentence *e = &(*items)[(*n)++];
        e->sentence = kg_xvalue(x, q.o);
        e->text = kg_xvalue(x, kg_xobject(x, q.o, x->v[V_TEXT]));
        e->article = kg_xvalue(x, kg_xobject(x, q.o, x->v[V_IN_ARTICLE]));
        e->index = sentence_index(x, q.o);
        if (!e->sentence)
            status = kg_xctx_nomem(x);
        if (!e->text)
            e->text = "";
    }
    kg_scan_close(scan);
    return status;
}

kg_status kg_xevidence(kg_xctx *x, kg_id s, kg_id p, kg_id o, const kg_source_sentence **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!x->v[V_SUBJECT] || !x->v[V_PREDICATE] || !x->v[V_OBJECT] || !x->v[V_STATED_IN])
        return KG_OK;
    kg_idtab *seen = kg_idtab_new(1);
    kg_scan *scan = seen ? kg_xscan(x, 0, x->v[V_SUBJECT], s) : NULL;
    if (!scan) {
        kg_idtab_free(seen);
        return kg_xctx_nomem(x);
    }
    kg_source_sentence *items = NULL;
    size_t count = 0, cap = 0;
    kg_status status = KG_OK;
    kg_quad q;
    while (status == KG_OK && kg_scan_next(scan, &q))
        if (kg_xhas(x, q.s, x->v[V_PREDICATE], p) && kg_xhas(x, q.s, x->v[V_OBJECT], o))
            status = add_sentences(x, q.s, seen, &items, &count, &cap);
    kg_scan_close(scan);
    kg_idtab_free(seen);
    if (status == KG_OK && count) {
        qsort(items, count, sizeof *items, evidence_cmp);
        kg_source_sentence *copy = kg_arena_alloc(x->arena, count * sizeof *copy);
        if (!copy)
            status = kg_xctx_nomem(x);
        else {
            memcpy(copy, items, count * sizeof *copy);
            *out = copy;
            *n = count;
        }
    }
    free(items);
    return status;
}
