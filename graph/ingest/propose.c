/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/propose.c - the proposals of an article: collecting proposed
 * triples with their evidence (a triple stated again gains a sentence), the
 * de-duplication key, the type-and-label description of a new thing, and
 * the class IRIs. The bottom of the ingest steps: mentions, entities,
 * relations, staging and resuming call it, and it calls none of them, so
 * the ingest modules call each other without a cycle (ingest.c and resume.c
 * on top, then the steps, then this file, strmap.c and tokens.c). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_impl.h"
#include "util/buf.h"
#include "kg/grow.h"

static const char *const class_iris[KGI_CLASS_COUNT] = {
    NULL,
    KGI_ONT "Company",
    KGI_ONT "Organization",
    KGI_ONT "GovernmentAgency",
    KGI_ONT "Person",
    KGI_ONT "Official",
    KGI_ONT "City",
    KGI_ONT "Region",
    KGI_ONT "Country",
    KGI_ONT "Place",
    KGI_ONT "Event",
    KGI_ONT "Post",
    KGI_ONT "SanctionsProgramme",
    KGI_ONT "Plan",
    KGI_ONT "Investment",
    KGI_ONT "Sanction",
    KGI_ONT "ExportControlListing",
    KGI_ONT "Designation",
    KGI_ONT "ProcurementBan",
    KGI_ONT "AssetFreeze",
    KGI_ONT "Agreement",
    KGI_ONT "Deal",
    KGI_ONT "PostHolding",
};

const char *kgi_class_iri(kgi_class cls)
{
    return cls > KGI_NONE && cls < KGI_CLASS_COUNT ? class_iris[cls] : NULL;
}

kgi_class kgi_class_of_iri(const char *iri)
{
    for (int c = KGI_NONE + 1; c < KGI_CLASS_COUNT; c++)
        if (!strcmp(class_iris[c], iri))
            return (kgi_class)c;
    return KGI_NONE;
}

bool kgi_out_of_memory(kgi_article *art)
{
    if (art->status == KG_OK)
        art->status = KG_ERR_NOMEM;
    return false;
}

const char *kgi_sentence_text(kg_ingest *ing, size_t sentence)
{
    if (!ing->sentence_texts[sentence - 1]) {
        const kgi_sentence *s = &ing->art.text.sentences[sentence - 1];
        ing->sentence_texts[sentence - 1] =
            kg_arena_strndup(ing->art.arena, ing->art.text.clean + s->start, s->end - s->start);
    }
    return ing->sentence_texts[sentence - 1];
}

static kg_ingest *handle_of(kgi_article *art)
{
    return (kg_ingest *)((char *)art - offsetof(kg_ingest, art));
}

kg_term kgi_term_copy(kg_arena *arena, const kg_term *t)
{
    kg_term c = *t;
    c.value = kg_arena_strndup(arena, t->value, t->value_len);
    if (t->datatype)
        c.datatype = kg_arena_strdup(arena, t->datatype);
    if (t->lang)
        c.lang = kg_arena_strdup(arena, t->lang);
    return c;
}

/* Sentences come in order, so a repeat is the last one. The list is
 * capped: a triple stated by thousands of sentences (a huge input) keeps
 * the first KGI_MAX_EVIDENCE as its evidence. */
#define KGI_MAX_EVIDENCE 1000

kg_status kgi_evidence(kg_evidence *out, kg_ingest *ing, size_t index, size_t k)
{
    if (index < 1 || index > ing->art.n_props || k >= ing->art.props[index - 1].n_sentences)
        return KG_ERR_NOT_FOUND;
    size_t s = ing->art.props[index - 1].sentences[k];
    const kgi_sentence *sent = &ing->art.text.sentences[s - 1];
    *out = (kg_evidence){s, kgi_sentence_text(ing, s), sent->char_start, sent->char_end};
    return out->text ? KG_OK : KG_ERR_NOMEM;
}

bool kgi_proposal_add_sentence(kgi_article *art, kgi_proposal *p, size_t sentence)
{
    if ((p->n_sentences && p->sentences[p->n_sentences - 1] == sentence) ||
        p->n_sentences >= KGI_MAX_EVIDENCE)
        return true;
    if (!kg_grow(&p->sentences, &p->cap_sentences, p->n_sentences, sizeof *p->sentences, 2))
        return kgi_out_of_memory(art);
    p->sentences[p->n_sentences++] = sentence;
    p->pub.n_evidence = p->n_sentences;
    return true;
}

bool kgi_proposal_key(kg_buf *key, const kg_term *s, const kg_term *p, const kg_term *o)
{
    const kg_term *parts[3] = {s, p, o};
    kg_buf_clear(key);
    bool ok = true;
    for (int k = 0; k < 3; k++) {
        ok = ok && kg_buf_putc(key, (char)('0' + parts[k]->kind)) &&
             kg_buf_append(key, parts[k]->value, parts[k]->value_len) && kg_buf_putc(key, '\0') &&
             (!parts[k]->datatype || kg_buf_puts(key, parts[k]->datatype)) &&
             kg_buf_putc(key, '\0') && (!parts[k]->lang || kg_buf_puts(key, parts[k]->lang)) &&
             kg_buf_putc(key, '\0');
    }
    return ok;
}

/* A copy of a proposal's term; false on ENOMEM. */
static bool copy_term(kg_arena *arena, kg_term *out, const kg_term *t)
{
    *out = kgi_term_copy(arena, t);
    return out->value && (!t->datatype || out->datatype) && (!t->lang || out->lang);
}

/* A relation made while the sentence's group stands for the next
 * sentence's list rests on that sentence too. */
static bool group_evidence(kgi_article *art, kgi_proposal *pr, size_t sentence)
{
    if (!art->group_sentence || art->group_sentence == sentence || pr->description)
        return true;
    return kgi_proposal_add_sentence(art, pr, art->group_sentence);
}

bool kgi_propose(kgi_article *art, const kg_term *s, const kg_term *p, const kg_term *o, int s_ent,
                 int o_ent, size_t sentence, const char *rule, double confidence)
{
    if (art->status != KG_OK)
        return false;
    if (!s->value || !p->value || !o->value) /* a term whose copy failed */
        return kgi_out_of_memory(art);
    kg_buf key = KG_BUF_INIT;
    if (!kgi_proposal_key(&key, s, p, o)) {
        kg_buf_free(&key);
        return kgi_out_of_memory(art);
    }
    int idx;
    bool ok = true;
    if (kg_strmap_get(art->prop_keys, key.data, key.len, &idx)) {
        kgi_proposal *pr = &art->props[idx];
        /* made again from the same sentence and its group's list: [.., s, list] */
        bool again = art->group_sentence && pr->n_sentences >= 2 &&
                     pr->sentences[pr->n_sentences - 1] == art->group_sentence &&
                     pr->sentences[pr->n_sentences - 2] == sentence;
        ok = again || kgi_proposal_add_sentence(art, pr, sentence);
        if (confidence > pr->pub.confidence) {
            pr->pub.confidence = confidence;
            pr->pub.rule = rule;
        }
        kg_buf_free(&key);
        return ok && (again || group_evidence(art, pr, sentence));
    }
    if (art->n_props >= art->max_props) {
        art->truncated = true;
        kg_buf_free(&key);
        return false;
    }
    if (!kg_grow(&art->props, &art->cap_props, art->n_props, sizeof *art->props, 64)) {
        kg_buf_free(&key);
        return kgi_out_of_memory(art);
    }
    kgi_proposal *pr = &art->props[art->n_props];
    memset(pr, 0, sizeof *pr);
    kg_ingest *ing = handle_of(art);
    const kgi_sentence *sent = &art->text.sentences[sentence - 1];
    pr->pub = (kg_proposal){
        .number = art->n_props + 1,
        .rule = rule,
        .confidence = confidence,
        .state = KG_PROPOSAL_PENDING,
        .sentence = sentence,
        .sentence_text = kgi_sentence_text(ing, sentence),
        .start = sent->char_start,
        .end = sent->char_end,
        .subject_label = s_ent >= 0 ? art->ents[s_ent].label : NULL,
        .object_label = o_ent >= 0 ? art->ents[o_ent].label : NULL,
    };
    pr->s_ent = s_ent;
    pr->o_ent = o_ent;
    pr->description = !strcmp(p->value, KG_RDF "type") || !strcmp(p->value, KG_RDFS "label");
    if (!copy_term(art->arena, &pr->pub.subject, s) || !copy_term(art->arena, &pr->pub.predicate, p) ||
        !copy_term(art->arena, &pr->pub.object, o) || !pr->pub.sentence_text ||
        !kgi_proposal_add_sentence(art, pr, sentence) ||
        !kg_strmap_put(art->prop_keys, key.data, key.len, (int)art->n_props)) {
        free(pr->sentences);
        kg_buf_free(&key);
        return kgi_out_of_memory(art);
    }
    art->n_props++;
    if (s_ent >= 0 && !strcmp(p->value, KGI_ONT "announcedBy"))
        art->ents[s_ent].announced = true;
    kg_buf_free(&key);
    return group_evidence(art, pr, sentence);
}

void kgi_propose_description(kgi_article *art, int ent, size_t sentence)
{
    kgi_entity *e = &art->ents[ent];
    const char *cls = kgi_class_iri(e->cls);
    if (e->known || !cls || e->described)
        return;
    e->described = true;
    kg_term s = kg_term_iri(e->iri), type = kg_term_iri(KG_RDF "type"), c = kg_term_iri(cls);
    kg_term label = kg_term_iri(KG_RDFS "label"), name = kg_term_literal(e->label, NULL, NULL);
    const char *rule = e->rule ? e->rule : "entity";
    double conf = e->confidence > 0 ? e->confidence : 0.5;
    kgi_propose(art, &s, &type, &c, ent, -1, sentence, rule, conf);
    kgi_propose(art, &s, &label, &name, ent, -1, sentence, rule, conf);
}

