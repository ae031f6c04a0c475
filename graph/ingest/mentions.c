/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/mentions.c - the things an article can name and where it names
 * them: the entity table, IRI minting, the gazetteer of names (labels and
 * aliases from the store, the rules file's places, and names found in the
 * article itself) and longest-match mention finding.
 *
 * Names are compared by key: the words' lowercase forms without dots,
 * joined by single spaces, hyphens and "&" ignored and "the" dropped, so
 * "iFlyTek" = "iFLYTEK", "Shenzhen-based" starts with "shenzhen", "C-MER"
 * = "C MER". Acronyms ("US", "OASES") and the parts of a person's name
 * ("Chan") match only with the case they are written in; a name written
 * with a capital does not match lowercase text ("us"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_impl.h"
#include "store/quads.h"
#include "util/buf.h"
#include "kg/grow.h"
#include "util/utf8.h"

int kgi_entity_get(kgi_article *art, const char *iri, const char *label, kgi_class cls, bool known)
{
    int idx;
    if (!iri) { /* a kgi_mint_iri that failed */
        kgi_out_of_memory(art);
        return -1;
    }
    if (kg_strmap_get(art->by_iri, iri, strlen(iri), &idx))
        return idx;
    if (!kg_grow(&art->ents, &art->cap_ents, art->n_ents, sizeof *art->ents, 256)) {
        kgi_out_of_memory(art);
        return -1;
    }
    kgi_entity *e = &art->ents[art->n_ents];
    memset(e, 0, sizeof *e);
    e->iri = kg_arena_strdup(art->arena, iri);
    e->label = kg_arena_strdup(art->arena, label ? label : "");
    e->cls = cls;
    e->known = known;
    e->mentioned_in = -1;
    /* posts are held and lists are the place of sanctions: neither is
     * counted as a thing the article names */
    e->named = (kgi_class_cats(cls) & ~(unsigned)(KGI_CAT_POST | KGI_CAT_PROGRAMME)) != 0;
    if (!e->iri || !e->label || !kg_strmap_put(art->by_iri, iri, strlen(iri), (int)art->n_ents)) {
        kgi_out_of_memory(art);
        return -1;
    }
    return (int)art->n_ents++;
}

char *kgi_mint_iri(kgi_article *art, const char *name, const char *suffix)
{
    if (!name) /* text whose building failed: the status is set */
        return NULL;
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, KGI_RES);
    size_t base = b.len;
    char low[1024];
    size_t n = strlen(name);
    if (n > sizeof low / 4)
        n = sizeof low / 4;
    n = kg_utf8_lower(name, n, low);
    bool dash = false;
    for (size_t i = 0; i < n && b.len - base < 80;) {
        uint32_t cp;
        size_t w = kg_utf8_decode(low + i, n - i, &cp);
        if (kgi_cp_is_letter(cp) && cp != 0xFFFD) {
            if (dash && b.len > base)
                kg_buf_putc(&b, '-');
            kg_buf_append(&b, low + i, w);
            dash = false;
        } else if (cp != '.' && cp != '\'' && cp != 0x2019) {
            dash = true;
        }
        i += w;
    }
    if (b.len == base)
        kg_buf_puts(&b, "thing");
    if (suffix && *suffix)
        kg_buf_printf(&b, "-%s", suffix);
    char *out = b.failed ? NULL : kg_arena_strndup(art->arena, kg_buf_cstr(&b), b.len);
    kg_buf_free(&b);
    if (!out)
        kgi_out_of_memory(art);
    return out;
}

/* --- keys --- */

static bool inner_punct(const kgi_token *t)
{
    return t->kind == KGI_TOK_PUNCT && (!strcmp(t->low, "-") || !strcmp(t->low, "&") ||
                                        !strcmp(t->low, "/") || !strcmp(t->low, "."));
}

static void key_add_word(kg_buf *key, const char *low)
{
    if (!strcmp(low, "the"))
        return;
    if (key->len)
        kg_buf_putc(key, ' ');
    for (const char *c = low; *c; c++)
        if (*c != '.')
            kg_buf_putc(key, *c);
}

/* The key of tokens [first, end): words only. */
static void key_of(const kgi_tokens *t, size_t first, size_t end, kg_buf *key)
{
    kg_buf_clear(key);
    for (size_t i = first; i < end; i++)
        if (t->items[i].kind == KGI_TOK_WORD || t->items[i].kind == KGI_TOK_NUM)
            key_add_word(key, t->items[i].low);
}

/* The exact text of a single token without dots (for case-sensitive keys). */
static void cs_key_of(const kgi_tokens *t, size_t i, kg_buf *key)
{
    kg_buf_clear(key);
    for (size_t k = t->items[i].start; k < t->items[i].end; k++)
        if (t->text[k] != '.')
            kg_buf_putc(key, t->text[k]);
}

/* Gazetteer values: (entity << 1) | needs_capital; -1 when ambiguous. False
 * on ENOMEM. */
static bool gaz_put(kg_strmap *map, const char *key, size_t len, int ent, bool cap)
{
    int old, v = (ent << 1) | (cap ? 1 : 0);
    if (kg_strmap_get(map, key, len, &old) && old != v) {
        if (old < 0 || (old >> 1) != ent)
            v = -1;
        else
            v = old & v; /* the same entity: the laxer form wins */
    }
    return kg_strmap_put(map, key, len, v);
}

void kgi_gazetteer_add(kgi_article *art, const char *name, int ent, bool case_sensitive)
{
    kgi_tokens t = {0};
    kg_buf key = KG_BUF_INIT;
    if (!name) /* text whose building failed: the status is set */
        return;
    if (art->keep_names && ent >= 0 && !art->ents[ent].known) {
        const char *copy = kg_arena_strdup(art->arena, name);
        if (!copy || !kg_grow(&art->names, &art->cap_names, art->n_names, sizeof *art->names, 64)) {
            kgi_out_of_memory(art);
            return;
        }
        art->names[art->n_names++] = (kgi_name){copy, ent, case_sensitive};
    }
    bool ok = kgi_tokenize(&t, name, 0, strlen(name), 64, art->scratch);
    if (!ok || !t.n)
        goto done;
    size_t words = 0;
    for (size_t i = 0; i < t.n; i++)
        words += t.items[i].kind == KGI_TOK_WORD || t.items[i].kind == KGI_TOK_NUM;
    if (!words)
        goto done;
    bool acronym = t.n == 1 && (t.items[0].flags & KGI_TF_ALLCAPS);
    if (case_sensitive || acronym) {
        cs_key_of(&t, 0, &key);
        ok = !key.failed && (t.n != 1 || gaz_put(art->gaz_cs, key.data, key.len, ent, false));
        goto done;
    }
    key_of(&t, 0, t.n, &key);
    if (!key.len || (ok = !key.failed) == false)
        goto done;
    bool cap = (t.items[0].flags & KGI_TF_CAP) != 0;
    const char *space = memchr(key.data, ' ', key.len);
    ok = gaz_put(art->gaz, key.data, key.len, ent, cap) &&
         kg_strmap_put(art->gaz_first, key.data, space ? (size_t)(space - key.data) : key.len, 1);
    if (t.n > art->gaz_max_tokens)
        art->gaz_max_tokens = t.n;
done:
    if (!ok)
        kgi_out_of_memory(art);
    kg_buf_free(&key);
    kgi_tokens_free(&t);
}

int kgi_gazetteer_find(kgi_article *art, const char *name)
{
    kgi_tokens t = {0};
    kg_buf key = KG_BUF_INIT;
    int v, found = -1;
    if (!name) /* text whose building failed: the status is set */
        return -1;
    if (!kgi_tokenize(&t, name, 0, strlen(name), 64, art->scratch)) {
        kgi_out_of_memory(art);
        goto done;
    }
    if (!t.n)
        goto done;
    key_of(&t, 0, t.n, &key);
    if (key.len && kg_strmap_get(art->gaz, key.data, key.len, &v) && v >= 0) {
        found = v >> 1;
        goto done;
    }
    if (t.n == 1) {
        cs_key_of(&t, 0, &key);
        if (kg_strmap_get(art->gaz_cs, key.data, key.len, &v) && v >= 0)
            found = v >> 1;
        goto done;
    }
    /* "CloudWalk Technology" is the known "CloudWalk"; but "Huaxin
     * International" is not "Huaxin Semiconductor", whom the article
     * shortened to "Huaxin" */
    const char *last = t.items[t.n - 1].low;
    if (kg_strmap_get(art->rules->suffix, last, strlen(last), &v) && v == KGI_COMPANY) {
        key_of(&t, 0, t.n - 1, &key);
        if (key.len && kg_strmap_get(art->gaz, key.data, key.len, &v) && v >= 0 &&
            kgi_class_cats(art->ents[v >> 1].cls) & KGI_CAT_ORG && art->ents[v >> 1].known)
            found = v >> 1;
    }
    if (key.failed) { /* a key cut short by ENOMEM finds nothing for sure */
        kgi_out_of_memory(art);
        found = -1;
    }
done:
    kg_buf_free(&key);
    kgi_tokens_free(&t);
    return found;
}

/* --- the store's names --- */

static int class_rank(kgi_class c)
{
    switch (c) {
    case KGI_OFFICIAL:
    case KGI_COMPANY:
    case KGI_AGENCY:
    case KGI_CITY:
    case KGI_REGION:
    case KGI_COUNTRY:
        return 2;
    default:
        return kgi_class_cats(c) ? 1 : 0;
    }
}

/* The most specific entity class among the subject's kg: types. */
static kgi_class class_of(kgi_article *art, kg_view *view, kg_id s, kg_id type_id)
{
    kgi_class best = KGI_NONE;
    kg_scan *scan = kg_scan_open(view, s, type_id, KG_ID_NONE, KG_GRAPHS_UNION, 0);
    if (!scan)
        kgi_out_of_memory(art);
    kg_quad q;
    kg_term t;
    size_t nl = strlen(KGI_ONT);
    while (scan && kg_scan_next(scan, &q)) {
        if (!kg_view_term(view, q.o, &t) || t.kind != KG_TERM_IRI || strncmp(t.value, KGI_ONT, nl))
            continue;
        kgi_class c = kgi_class_from_name(t.value + nl);
        if (class_rank(c) > class_rank(best))
            best = c;
    }
    kg_scan_close(scan);
    return best;
}

kg_status kgi_gazetteer_load(kgi_article *art, kg_store *store)
{
    kg_view *view = kg_store_view(store);
    if (!view)
        return kg_store_error(store)->status;
    kg_term type = kg_term_iri(KG_RDF "type"), label = kg_term_iri(KG_RDFS "label");
    static const char *const name_props[] = {KG_RDFS "label", KGI_SKOS "altLabel",
                                             KGI_SKOS "hiddenLabel"};
    kg_id type_id, label_id;
    if (kg_view_find(&type_id, view, &type) || kg_view_find(&label_id, view, &label)) {
        kgi_out_of_memory(art);
        return art->status;
    }
    for (size_t k = 0; k < 3 && type_id && art->status == KG_OK; k++) {
        kg_term pt = kg_term_iri(name_props[k]);
        kg_id pid;
        if (kg_view_find(&pid, view, &pt) != KG_OK)
            kgi_out_of_memory(art);
        if (!pid || art->status != KG_OK)
            continue;
        kg_scan *scan = kg_scan_open(view, KG_ID_NONE, pid, KG_ID_NONE, KG_GRAPHS_UNION, 0);
        if (!scan)
            kgi_out_of_memory(art);
        kg_quad q;
        kg_term s, o;
        while (scan && kg_scan_next(scan, &q)) {
            if (!kg_view_term(view, q.s, &s) || s.kind != KG_TERM_IRI ||
                !kg_view_term(view, q.o, &o) || o.kind != KG_TERM_LITERAL)
                continue;
            int ent;
            if (!kg_strmap_get(art->by_iri, s.value, s.value_len, &ent)) {
                kgi_class cls = class_of(art, view, q.s, type_id);
                if (!kgi_class_cats(cls))
                    continue;
                /* the display label, whichever name property came first */
                const char *display = o.value;
                kg_scan *ls = label_id ? kg_scan_open(view, q.s, label_id, KG_ID_NONE,
                                                      KG_GRAPHS_UNION, 0)
                                       : NULL;
                if (label_id && !ls)
                    kgi_out_of_memory(art);
                kg_quad lq;
                kg_term lt;
                if (ls && kg_scan_next(ls, &lq) && kg_view_term(view, lq.o, &lt))
                    display = lt.value;
                char *keep = kg_arena_strdup(art->arena, display);
                kg_scan_close(ls);
                /* view strings may move with the next lookup: re-read s */
                kg_view_term(view, q.s, &s);
                if (!keep || (ent = kgi_entity_get(art, s.value, keep, cls, true)) < 0) {
                    kg_scan_close(scan);
                    kgi_out_of_memory(art);
                    return art->status;
                }
                kg_view_term(view, q.o, &o);
            }
            kgi_gazetteer_add(art, o.value, ent, false);
        }
        kg_scan_close(scan);
    }
    /* places the rules file knows, unless the store names them already */
    for (size_t i = 0; i < art->rules->n_places; i++) {
        const kgi_place *pl = &art->rules->places[i];
        int known = kgi_gazetteer_find(art, pl->name);
        if (known >= 0) {
            /* the store's thing, also by the file's other names for it */
            for (char **o = pl->others; *o; o++)
                if (kgi_gazetteer_find(art, *o) < 0)
                    kgi_gazetteer_add(art, *o, known, false);
            continue;
        }
        int ent = kgi_entity_get(art, kgi_mint_iri(art, pl->name, NULL), pl->name, pl->cls, false);
        if (ent < 0)
            return KG_ERR_NOMEM;
        art->ents[ent].rule = "place-list";
        art->ents[ent].confidence = 0.9;
        kgi_gazetteer_add(art, pl->name, ent, false);
        for (char **o = pl->others; *o; o++)
            kgi_gazetteer_add(art, *o, ent, false);
    }
    return art->status;
}

/* --- finding mentions --- */

bool kgi_mentions_add(kgi_mentions *m, size_t first, size_t end, int ent, bool ref)
{
    if (!kg_grow(&m->items, &m->cap, m->n, sizeof *m->items, 16))
        return false;
    m->items[m->n++] = (kgi_mention){first, end, ent, ref, false};
    for (size_t i = first; i < end; i++)
        m->at[i] = -1;
    m->at[first] = (int)m->n - 1;
    return true;
}

/* The entity of the longest name starting at token i; *end gets the token
 * after it. */
static int longest_at(kgi_article *art, const kgi_tokens *t, size_t i, size_t *end, kg_buf *key)
{
    const kgi_token *first = &t->items[i];
    if (first->kind != KGI_TOK_WORD && first->kind != KGI_TOK_NUM)
        return -1;
    int v;
    /* the key grows word by word; lens[k] is its length after ends[k] */
    size_t ends[64], lens[64], n_ends = 0, limit = art->gaz_max_tokens < 64 ? art->gaz_max_tokens : 64;
    kg_buf_clear(key);
    for (size_t k = i; k < t->n && k - i < limit; k++) {
        const kgi_token *tok = &t->items[k];
        if (tok->kind == KGI_TOK_WORD || tok->kind == KGI_TOK_NUM) {
            key_add_word(key, tok->low);
            if (!n_ends && !(key->len && kg_strmap_get(art->gaz_first, key->data, key->len, &v)))
                break;
            ends[n_ends] = k + 1;
            lens[n_ends++] = key->len;
        } else if (!inner_punct(tok)) {
            break;
        }
    }
    if (key->failed) {
        kgi_out_of_memory(art);
        return -1;
    }
    bool capital = (first->flags & (KGI_TF_CAP | KGI_TF_UPPER)) || first->kind == KGI_TOK_NUM;
    for (size_t e = n_ends; e-- > 0;) {
        if (lens[e] && kg_strmap_get(art->gaz, key->data, lens[e], &v) && v >= 0 &&
            (capital || !(v & 1))) {
            *end = ends[e];
            return v >> 1;
        }
    }
    cs_key_of(t, i, key);
    if (key->failed) {
        kgi_out_of_memory(art);
        return -1;
    }
    /* "US$", "HK$": a currency, not the place */
    bool currency = i + 1 < t->n && !strcmp(t->items[i + 1].low, "$") && !(t->items[i + 1].flags & KGI_TF_SPACE);
    if (!currency && kg_strmap_get(art->gaz_cs, key->data, key->len, &v) && v >= 0) {
        *end = i + 1;
        return v >> 1;
    }
    return -1;
}

void kgi_mentions_find(kgi_article *art, const kgi_tokens *t, kgi_mentions *out)
{
    out->n = 0;
    free(out->at);
    out->at = malloc((t->n + 1) * sizeof *out->at);
    if (!out->at) {
        kgi_out_of_memory(art);
        return;
    }
    for (size_t i = 0; i <= t->n; i++)
        out->at[i] = -1;
    kg_buf key = KG_BUF_INIT;
    for (size_t i = 0; i < t->n;) {
        size_t end;
        int ent = longest_at(art, t, i, &end, &key);
        if (ent >= 0 && !kgi_mentions_add(out, i, end, ent, false)) {
            kgi_out_of_memory(art);
            break;
        }
        i = ent >= 0 ? end : i + 1;
    }
    kg_buf_free(&key);
}

void kgi_mentions_free(kgi_mentions *m)
{
    free(m->items);
    free(m->at);
    memset(m, 0, sizeof *m);
}
