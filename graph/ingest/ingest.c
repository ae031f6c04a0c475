/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/ingest.c - the public ingest API (kg/ingest.h): reads the rules
 * and the article, runs the steps (entities found from cues over every
 * sentence first, so that later mentions of a new name are found too; then
 * mentions and relations sentence by sentence), collects the proposals
 * with their evidence, and stages them. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/ingest_impl.h"
#include "ingest/values.h"
#include "store/quads.h"
#include "util/buf.h"

#ifndef KG_PKGDATADIR
#define KG_PKGDATADIR "/usr/local/share/kgsh"
#endif

#define MAX_SENTENCE_TOKENS 4000

bool kgi_handle_text_ready(kg_ingest *ing)
{
    size_t n = ing->art.text.n_sentences;
    ing->sentence_texts = calloc(n ? n : 1, sizeof *ing->sentence_texts);
    return ing->sentence_texts != NULL;
}

/* --- the steps --- */

static void mention_proposals(kgi_article *art, const kgi_mentions *m, size_t sentence)
{
    kg_term article = kg_term_iri(art->article_iri), p = kg_term_iri(KGI_ONT "mentionedIn");
    for (size_t k = 0; k < m->n; k++) {
        const kgi_mention *mn = &m->items[k];
        const kgi_entity *e = &art->ents[mn->ent];
        if (mn->ref || !e->named)
            continue;
        /* later mentions only add their sentence (the cheap path on big inputs) */
        if (e->mentioned_in >= 0) {
            kgi_proposal_add_sentence(art, &art->props[e->mentioned_in], sentence);
            continue;
        }
        if (!e->known)
            kgi_propose_description(art, mn->ent, sentence);
        kg_term s = kg_term_iri(e->iri);
        size_t before = art->n_props;
        if (kgi_propose(art, &s, &p, &article, mn->ent, -1, sentence,
                        e->known ? "mention:known-name" : e->rule ? e->rule : "mention",
                        e->known ? 0.9 : e->confidence) &&
            art->n_props > before)
            art->ents[mn->ent].mentioned_in = (int)before;
    }
}

static kg_status run_steps(kg_ingest *ing)
{
    kgi_article *art = &ing->art;
    kgi_tokens toks = {0}, next = {0};
    kgi_mentions m = {0};
    kg_status st = KG_OK;
    for (size_t pass = 0; pass < 2 && !st; pass++) {
        art->last_company = art->last_event = -1;
        art->n_recent = 0;
        for (size_t k = 0; k < art->text.n_sentences; k++) {
            const kgi_sentence *s = &art->text.sentences[k];
            if (s->boilerplate)
                continue;
            kg_arena_reset(art->scratch);
            if (!kgi_tokenize(&toks, art->text.clean, s->start, s->end, MAX_SENTENCE_TOKENS, art->scratch)) {
                st = KG_ERR_NOMEM;
                break;
            }
            if (pass == 0) {
                kgi_entities_discover(art, &toks, k + 1);
                if (art->status != KG_OK) {
                    st = art->status;
                    break;
                }
                continue;
            }
            kgi_mentions_find(art, &toks, &m);
            if (!m.at) {
                st = KG_ERR_NOMEM;
                break;
            }
            kgi_entities_resolve_refs(art, &toks, &m);
            mention_proposals(art, &m, k + 1);
            /* the next sentence may list what this one counts (read only
               then: most sentences count nothing) */
            const kgi_sentence *ns = k + 1 < art->text.n_sentences ? &art->text.sentences[k + 1] : NULL;
            bool have_next = ns && !ns->boilerplate && kgi_entities_counts_group(art, &toks, &m);
            if (have_next &&
                !kgi_tokenize(&next, art->text.clean, ns->start, ns->end, MAX_SENTENCE_TOKENS, art->scratch)) {
                st = KG_ERR_NOMEM;
                break;
            }
            kgi_entities_group_ref(art, &toks, &m, have_next ? &next : NULL, k + 2);
            kgi_relations_apply(art, &toks, &m, k + 1);
            art->n_group = 0;
            art->group_sentence = 0;
            if (art->status != KG_OK) {
                st = art->status;
                break;
            }
            if (ing->store && kg_store_interrupted(ing->store)) {
                st = KG_ERR_INTERRUPTED;
                break;
            }
        }
    }
    kgi_tokens_free(&toks);
    kgi_tokens_free(&next);
    kgi_mentions_free(&m);
    return st;
}

static const char *rules_path(const kg_ingest_options *opts)
{
    if (opts && opts->rules_path)
        return opts->rules_path;
    return KG_PKGDATADIR "/ontology/ingest-rules.txt";
}

static bool article_init(kg_ingest *ing, const char *stem, size_t max_props)
{
    kgi_article *art = &ing->art;
    art->arena = kg_arena_new();
    art->by_iri = kg_strmap_new();
    art->gaz = kg_strmap_new();
    art->gaz_cs = kg_strmap_new();
    art->gaz_first = kg_strmap_new();
    art->prop_keys = kg_strmap_new();
    art->sentence_words = calloc(ing->rules->n_word_ids + 1, 1);
    art->scratch = kg_arena_new();
    art->rules = ing->rules;
    art->last_company = art->last_event = -1;
    art->max_props = max_props ? max_props : 200000;
    if (!art->arena || !art->by_iri || !art->gaz || !art->gaz_cs || !art->gaz_first || !art->prop_keys ||
        !art->sentence_words || !art->scratch)
        return false;
    art->stem = kg_arena_strdup(art->arena, stem);
    art->article_iri = kg_arena_printf(art->arena, "%s%s", KGI_ARTICLE, stem);
    art->staging_iri = kg_arena_printf(art->arena, "%s%s", KGI_STAGING, stem);
    return art->stem && art->article_iri && art->staging_iri;
}

kg_status kgi_handle_new(kg_ingest **out, kg_store *store, const kg_ingest_options *opts,
                         const char *stem, kg_error *err)
{
    *out = NULL;
    kg_status vs = kg_options_check(opts, KG_INGEST_OPTIONS_VERSION, "kg_ingest_options", err);
    if (vs != KG_OK)
        return vs;
    kg_ingest *ing = *out = calloc(1, sizeof *ing);
    if (!ing)
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    ing->store = store;
    kg_status st = kgi_rules_load(&ing->rules, rules_path(opts), err);
    if (st) {
        free(ing);
        *out = NULL;
        return st;
    }
    char clean[256];
    kgi_stem_clean(stem, clean, sizeof clean);
    if (!article_init(ing, clean, opts ? opts->max_proposals : 0)) {
        kg_ingest_free(ing);
        *out = NULL;
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    return KG_OK;
}

kg_status kg_ingest_text(kg_ingest **out, kg_store *store, const char *text, size_t len,
                         const kg_ingest_options *opts, kg_error *err)
{
    *out = NULL;
    kg_ingest *ing;
    kg_status st = kgi_handle_new(&ing, store, opts, opts && opts->stem ? opts->stem : "article", err);
    if (st)
        return st;
    kg_strmap *abbrev = kg_strmap_new();
    const kgi_list *ab = ing->rules->abbreviation, *bp = ing->rules->boilerplate;
    for (size_t k = 0; abbrev && ab && k < ab->n; k++)
        kg_strmap_put(abbrev, ab->raw[k], strlen(ab->raw[k]), 1);
    kgi_text_cues cues = {abbrev, bp ? (const char *const *)bp->raw : NULL};
    bool ok = abbrev && kgi_text_read(&ing->art.text, text, len, &cues);
    kg_strmap_free(abbrev);
    if (!ok || !kgi_handle_text_ready(ing))
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory reading the article");
    kg_ingest_batch *batch = opts && opts->version >= 2 ? opts->batch : NULL;
    if (!st && store && (st = kgi_gazetteer_load(&ing->art, store)))
        kg_error_set(err, st, NULL, "cannot read the store's names: %s", kg_strerror(st));
    if (!st && batch && (st = kgi_batch_load(&ing->art, batch)))
        kg_error_set(err, st, NULL, "cannot read the batch's names: %s", kg_strerror(st));
    if (!st && (st = run_steps(ing)))
        kg_error_set(err, st, NULL, "ingesting the article: %s", kg_strerror(st));
    if (!st && store && !(opts && opts->dry_run) && (st = kgi_stage_write(ing)) && err)
        *err = ing->error;
    if (!st && batch && !kgi_batch_keep(batch, &ing->art))
        st = kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory keeping the article's names");
    if (st) {
        kg_ingest_free(ing);
        return st;
    }
    *out = ing;
    return KG_OK;
}

/* The caller's options, of any version (a version 1 struct ends before
 * batch); the version is kept, for kgi_handle_new to check. */
static kg_ingest_options options_copy(const kg_ingest_options *opts)
{
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    if (opts)
        memcpy(&o, opts, opts->version >= 2 ? sizeof o : offsetof(kg_ingest_options, batch));
    return o;
}

kg_status kg_ingest_file(kg_ingest **out, kg_store *store, const char *path,
                         const kg_ingest_options *opts, kg_error *err)
{
    *out = NULL;
    char *data;
    size_t len;
    kg_status rs = kg_read_file(&data, &len, path, KG_INGEST_MAX_BYTES, err);
    if (rs != KG_OK)
        return rs;
    kg_ingest_options o = options_copy(opts);
    char stem[256];
    if (!o.stem) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        snprintf(stem, sizeof stem, "%s", base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem)
            *dot = '\0';
        o.stem = stem;
    }
    kg_status st = kg_ingest_text(out, store, data, len, &o, err);
    free(data);
    if (st && err && !err->file[0])
        kg_error_set_file(err, path);
    return st;
}

kg_status kg_ingest_article(kg_ingest **out, kg_store *store, const kg_article *article,
                            const kg_ingest_options *opts, kg_error *err)
{
    kg_ingest_options o = options_copy(opts);
    if (!o.stem)
        o.stem = article->stem;
    return kg_ingest_text(out, store, article->text, article->len, &o, err);
}

/* --- accessors --- */

const char *kg_ingest_article_iri(const kg_ingest *ing)
{
    return ing->art.article_iri;
}

const char *kg_ingest_staging_iri(const kg_ingest *ing)
{
    return ing->art.staging_iri;
}

const char *kg_ingest_title(const kg_ingest *ing)
{
    return ing->art.text.title;
}

const char *kg_ingest_publisher(const kg_ingest *ing)
{
    return ing->art.text.publisher;
}

const char *kg_ingest_date(const kg_ingest *ing)
{
    return ing->art.text.date;
}

size_t kg_ingest_sentence_count(const kg_ingest *ing)
{
    return ing->art.text.n_sentences;
}

size_t kg_ingest_count(const kg_ingest *ing)
{
    return ing->art.n_props;
}

bool kg_ingest_truncated(const kg_ingest *ing)
{
    return ing->art.truncated;
}

const kg_proposal *kg_ingest_proposal(const kg_ingest *ing, size_t index)
{
    return index >= 1 && index <= ing->art.n_props ? &ing->art.props[index - 1].pub : NULL;
}

kg_status kg_ingest_evidence(kg_evidence *out, const kg_ingest *ing, size_t index, size_t k)
{
    /* the sentence texts are a cache: filling it changes no result */
    return kgi_evidence(out, (kg_ingest *)ing, index, k);
}

const kg_error *kg_ingest_error(const kg_ingest *ing)
{
    return &ing->error;
}

/* The 0-based indexes of the pending proposals named (all when n is 0). */
static kg_status select_pending(kg_ingest *ing, const size_t *numbers, size_t n, size_t **idx, size_t *count)
{
    kgi_article *art = &ing->art;
    *idx = malloc((n ? n : art->n_props + 1) * sizeof **idx);
    *count = 0;
    if (!*idx)
        return kg_error_set(&ing->error, KG_ERR_NOMEM, NULL, "out of memory");
    if (!n) {
        for (size_t k = 0; k < art->n_props; k++)
            if (art->props[k].pub.state == KG_PROPOSAL_PENDING)
                (*idx)[(*count)++] = k;
        return KG_OK;
    }
    for (size_t k = 0; k < n; k++) {
        size_t num = numbers[k], at = kg_ingest_index_of(ing, num);
        if (!at) {
            free(*idx);
            *idx = NULL;
            return kg_error_set(&ing->error, KG_ERR_INVALID, NULL, "no proposal number %zu in <%s>",
                                num, art->staging_iri);
        }
        if (art->props[at - 1].pub.state != KG_PROPOSAL_PENDING) {
            free(*idx);
            *idx = NULL;
            return kg_error_set(&ing->error, KG_ERR_INVALID, NULL, "proposal %zu was already %s", num,
                                art->props[at - 1].pub.state == KG_PROPOSAL_ACCEPTED ? "accepted" : "rejected");
        }
        bool dup = false;
        for (size_t j = 0; j < *count; j++)
            dup |= (*idx)[j] == at - 1;
        if (!dup)
            (*idx)[(*count)++] = at - 1;
    }
    return KG_OK;
}

size_t kg_ingest_index_of(const kg_ingest *ing, size_t number)
{
    /* numbers ascend with the index (staging numbers them in order) */
    size_t lo = 0, hi = ing->art.n_props;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t at = ing->art.props[mid].pub.number;
        if (at == number)
            return mid + 1;
        if (at < number)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static size_t decided(const kg_ingest *ing)
{
    size_t c = 0;
    for (size_t k = 0; k < ing->art.n_props; k++)
        c += ing->art.props[k].pub.state != KG_PROPOSAL_PENDING;
    return c;
}

/* Accepting may take descriptions along, so *changed counts the proposals
 * whose state changed. */
static kg_status decide(kg_ingest *ing, const size_t *numbers, size_t n, size_t *changed, bool accept)
{
    if (changed)
        *changed = 0;
    size_t *idx, count, before = decided(ing);
    kg_status st = select_pending(ing, numbers, n, &idx, &count);
    if (st)
        return st;
    if (count)
        st = accept ? kgi_stage_accept(ing, idx, count) : kgi_stage_reject(ing, idx, count);
    free(idx);
    if (!st && changed)
        *changed = decided(ing) - before;
    return st;
}

kg_status kg_ingest_accept(kg_ingest *ing, const size_t *numbers, size_t n, size_t *changed)
{
    return decide(ing, numbers, n, changed, true);
}

kg_status kg_ingest_reject(kg_ingest *ing, const size_t *numbers, size_t n, size_t *changed)
{
    return decide(ing, numbers, n, changed, false);
}

void kg_ingest_free(kg_ingest *ing)
{
    if (!ing)
        return;
    kgi_article *art = &ing->art;
    for (size_t k = 0; k < art->n_props; k++)
        free(art->props[k].sentences);
    free(art->props);
    free(art->ents);
    free(art->names);
    kg_strmap_free(art->by_iri);
    kg_strmap_free(art->gaz);
    kg_strmap_free(art->gaz_cs);
    kg_strmap_free(art->gaz_first);
    kg_strmap_free(art->prop_keys);
    free(art->sentence_words);
    kg_arena_free(art->scratch);
    kgi_text_free(&art->text);
    kg_arena_free(art->arena);
    free(ing->sentence_texts);
    kgi_rules_free(ing->rules);
    free(ing);
}
