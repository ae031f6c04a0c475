/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/batch.c - many articles ingested as one batch (kg_ingest_batch
 * in kg/ingest.h): the things an article found and the names it gave them
 * are handed to the next article, so that "Zentrix Robotics Ltd", found
 * from a cue in the first article, is the same node when the fifth only
 * says "Zentrix"; and duplicates (same link, same text) are told apart
 * from new articles, against the batch and the store's staging graphs
 * (whose headers keep kgi:source and kgi:textHash).
 *
 * A batch thing stays "not known" (known means described in the store):
 * each article proposes its type and label again, so accepting any one of
 * them describes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/ingest_impl.h"
#include "store/quads.h"
#include "kg/grow.h"

typedef struct batch_thing {
    char *iri, *label;
    kgi_class cls;
    double confidence;
} batch_thing;

typedef struct batch_name {
    char *name;
    size_t thing;
    bool case_sensitive;
} batch_name;

struct kg_ingest_batch {
    batch_thing *things;
    size_t n_things, cap_things;
    batch_name *names;
    size_t n_names, cap_names;
    kg_strmap *thing_of;  /* IRI -> thing */
    kg_strmap *name_keys; /* "thing case name" -> 1 */
    kg_strmap *seen;      /* "link ..." or "text HEX" -> stem */
    char **stems;
    size_t n_stems, cap_stems;
    kg_buf earlier; /* what kg_ingest_seen last returned */
};

kg_status kg_ingest_batch_new(kg_ingest_batch **out)
{
    kg_ingest_batch *b = *out = calloc(1, sizeof *b);
    if (b && (b->thing_of = kg_strmap_new()) && (b->name_keys = kg_strmap_new()) && (b->seen = kg_strmap_new()))
        return KG_OK;
    kg_ingest_batch_free(b);
    *out = NULL;
    return KG_ERR_NOMEM;
}

void kg_ingest_batch_free(kg_ingest_batch *b)
{
    if (!b)
        return;
    for (size_t k = 0; k < b->n_things; k++)
        free(b->things[k].iri), free(b->things[k].label);
    for (size_t k = 0; k < b->n_names; k++)
        free(b->names[k].name);
    for (size_t k = 0; k < b->n_stems; k++)
        free(b->stems[k]);
    free(b->things), free(b->names), free(b->stems);
    kg_strmap_free(b->thing_of), kg_strmap_free(b->name_keys), kg_strmap_free(b->seen);
    kg_buf_free(&b->earlier);
    free(b);
}

/* --- things and names --- */

kg_status kgi_batch_load(kgi_article *art, const kg_ingest_batch *b)
{
    art->keep_names = true;
    int *ent = calloc(b->n_things + 1, sizeof *ent);
    if (!ent) {
        kgi_out_of_memory(art);
        return art->status;
    }
    for (size_t k = 0; k < b->n_things && art->status == KG_OK; k++) {
        const batch_thing *t = &b->things[k];
        ent[k] = kgi_entity_get(art, t->iri, t->label, t->cls, false);
        kgi_entity *e = ent[k] >= 0 ? &art->ents[ent[k]] : NULL;
        if (e && !e->known && !e->rule) {
            e->rule = "mention:batch-name";
            e->confidence = t->confidence;
        }
    }
    for (size_t k = 0; k < b->n_names && art->status == KG_OK; k++)
        if (ent[b->names[k].thing] >= 0)
            kgi_gazetteer_add(art, b->names[k].name, ent[b->names[k].thing], b->names[k].case_sensitive);
    free(ent);
    return art->status;
}

/* The batch's thing for an article's entity, added when new; -1 on ENOMEM. */
static long keep_thing(kg_ingest_batch *b, const kgi_entity *e)
{
    int at;
    if (kg_strmap_get(b->thing_of, e->iri, strlen(e->iri), &at))
        return at;
    if (!kg_grow(&b->things, &b->cap_things, b->n_things, sizeof *b->things, 64))
        return -1;
    batch_thing *t = &b->things[b->n_things];
    *t = (batch_thing){strdup(e->iri), strdup(e->label), e->cls, e->confidence};
    if (!t->iri || !t->label || !kg_strmap_put(b->thing_of, e->iri, strlen(e->iri), (int)b->n_things)) {
        free(t->iri), free(t->label);
        return -1;
    }
    return (long)b->n_things++;
}

static bool keep_name(kg_ingest_batch *b, size_t thing, const kgi_name *n)
{
    kg_buf key = KG_BUF_INIT;
    kg_buf_printf(&key, "%zu %d %s", thing, n->case_sensitive, n->name);
    int v;
    bool ok = !key.failed;
    if (ok && !kg_strmap_get(b->name_keys, key.data, key.len, &v)) {
        char *copy = strdup(n->name);
        ok = copy && kg_grow(&b->names, &b->cap_names, b->n_names, sizeof *b->names, 64) &&
             kg_strmap_put(b->name_keys, key.data, key.len, 1);
        if (ok)
            b->names[b->n_names++] = (batch_name){copy, thing, n->case_sensitive};
        else
            free(copy);
    }
    kg_buf_free(&key);
    return ok;
}

/* Remembers that key ("link ..." / "text ...") was ingested as stem. */
static bool keep_seen(kg_ingest_batch *b, const char *kind, const char *value, const char *stem)
{
    kg_buf key = KG_BUF_INIT;
    kg_buf_printf(&key, "%s %s", kind, value);
    char *copy = strdup(stem);
    bool ok = !key.failed && copy && kg_grow(&b->stems, &b->cap_stems, b->n_stems, sizeof *b->stems, 16) &&
              kg_strmap_put(b->seen, key.data, key.len, (int)b->n_stems);
    if (ok)
        b->stems[b->n_stems++] = copy;
    else
        free(copy);
    kg_buf_free(&key);
    return ok;
}

bool kgi_batch_keep(kg_ingest_batch *b, const kgi_article *art)
{
    for (size_t k = 0; k < art->n_names; k++) {
        const kgi_name *n = &art->names[k];
        const kgi_entity *e = &art->ents[n->ent];
        /* only what the article named and proposed: not minted plans or
         * posts, nor places of the rules file it never mentioned */
        if (e->known || !e->named || e->mentioned_in < 0)
            continue;
        long thing = keep_thing(b, e);
        if (thing < 0 || !keep_name(b, (size_t)thing, n))
            return false;
    }
    char key[KGI_TEXT_KEY_SIZE];
    if (art->text.source && !keep_seen(b, "link", art->text.source, art->stem))
        return false;
    return !kgi_text_key(&art->text, key) || keep_seen(b, "text", key, art->stem);
}

/* --- duplicates --- */

/* A staging graph of the store (other than own) whose header has p o:
 * its IRI into b->earlier. */
static kg_status in_store(bool *found, kg_ingest_batch *b, kg_store *store, const char *p,
                          const char *value, const char *own)
{
    *found = false;
    kg_view *view = kg_store_view(store);
    if (!view)
        return kg_store_error(store)->status;
    kg_term pt = kg_term_iri(p), ot = kg_term_literal(value, NULL, NULL);
    kg_id pid = kg_view_lookup(view, &pt), oid = pid ? kg_view_lookup(view, &ot) : 0;
    kg_scan *scan = oid ? kg_scan_open(view, KG_ID_NONE, pid, oid, KG_GRAPHS_UNION, 0) : NULL;
    kg_quad q;
    kg_term s;
    while (scan && !*found && kg_scan_next(scan, &q))
        if (kg_view_term(view, q.s, &s) && strcmp(s.value, own)) {
            kg_buf_clear(&b->earlier);
            kg_buf_puts(&b->earlier, s.value);
            *found = true;
        }
    kg_scan_close(scan);
    return b->earlier.failed ? KG_ERR_NOMEM : KG_OK;
}

static bool in_batch(kg_ingest_batch *b, const char *kind, const char *value, const char *own)
{
    kg_buf key = KG_BUF_INIT;
    kg_buf_printf(&key, "%s %s", kind, value);
    int at;
    bool found = !key.failed && kg_strmap_get(b->seen, key.data, key.len, &at) && strcmp(b->stems[at], own);
    if (found) {
        kg_buf_clear(&b->earlier);
        kg_buf_puts(&b->earlier, b->stems[at]);
    }
    kg_buf_free(&key);
    return found;
}

kg_status kg_ingest_seen(const char **earlier, kg_ingest_batch *b, kg_store *store, const kg_article *a,
                         kg_error *err)
{
    *earlier = NULL;
    kgi_text t;
    if (!kgi_text_read(&t, a->text, a->len, NULL))
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    char key[KGI_TEXT_KEY_SIZE], stem[256], own[300];
    bool has_key = kgi_text_key(&t, key);
    const char *link = t.source;
    kgi_stem_clean(a->stem, stem, sizeof stem);
    snprintf(own, sizeof own, "%s%s", KGI_STAGING, stem);
    struct {
        const char *kind, *p, *value;
    } keys[] = {{"link", KGI_NS "source", link}, {"text", KGI_NS "textHash", has_key ? key : NULL}};
    kg_status st = KG_OK;
    bool found = false;
    for (size_t k = 0; k < 2 && !found && !st; k++) {
        if (!keys[k].value)
            continue;
        found = in_batch(b, keys[k].kind, keys[k].value, stem);
        if (!found && store)
            st = in_store(&found, b, store, keys[k].p, keys[k].value, own);
    }
    kgi_text_free(&t);
    if (st)
        return kg_error_set(err, st, NULL, "looking for earlier ingests: %s", kg_strerror(st));
    if (found && b->earlier.failed)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    *earlier = found ? kg_buf_cstr(&b->earlier) : NULL;
    return KG_OK;
}
