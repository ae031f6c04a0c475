/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/ingest_impl.h - what the article-ingestion modules share (private
 * to libkg): the table of things an article names, the mentions of a
 * sentence, the proposals, and the article state the steps fill in, with
 * the entry points of the steps. The modules: text.c (reading, repair,
 * headers, sentences), tokens.c, strmap.c, values.c (money, dates), rules.c
 * (the rules file), mentions.c (entity table, gazetteer, longest match),
 * entities.c (new-entity cues, references), relations.c (patterns),
 * propose.c (the proposals and their evidence), stage.c (staging graph,
 * accept, reject), resume.c (a handle from a staging graph), batch.c (what
 * one article of a batch hands the next, duplicates) and ingest.c (the
 * public API, kg/ingest.h). Calls go one way, without a cycle: ingest.c
 * and resume.c use the steps and batch.c, the steps use propose.c, and
 * everything uses rules.c, values.c, tokens.c and strmap.c. The readers of
 * input files (articles.c, html_reader.c, feed_reader.c, reader.c) come
 * before all this and share reader.h, not this header; the list import
 * (kg/import.h) shares the directory, not this header.
 *
 * Errors stick (serd's model): a step that runs out of memory records
 * KG_ERR_NOMEM in the article's status (kgi_out_of_memory), every later
 * step does nothing, and the whole ingest fails with that status; nothing
 * is staged from a partial result. */
#ifndef KG_INGEST_IMPL_H
#define KG_INGEST_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/rules.h"
#include "util/strmap.h"
#include "ingest/text.h"
#include "ingest/tokens.h"
#include "kg/ingest.h"
#include "util/arena.h"
#include "util/buf.h"

#define KGI_ONT "https://w3id.org/kgsh/ontology#"
#define KGI_RES "https://w3id.org/kgsh/id/"
#define KGI_ARTICLE "https://w3id.org/kgsh/article/"
#define KGI_STAGING "https://w3id.org/kgsh/staging/"
#define KGI_NS "https://w3id.org/kgsh/ingest#"
#define KGI_DECISIONS "https://w3id.org/kgsh/decisions"
#define KGI_SKOS "http://www.w3.org/2004/02/skos/core#"

/* One thing of the article: known to the store, found by a cue, or minted
 * by a rule (plans, posts, sanctions). */
typedef struct kgi_entity {
    char *iri;
    char *label;
    kgi_class cls;
    bool known;     /* described in the store before this ingest */
    bool named;     /* a thing the text names (it gets kg:mentionedIn) */
    const char *rule; /* cue or rule that found a new one */
    double confidence;
    size_t first_sentence; /* 1-based sentence of the first mention */
    bool announced; /* a plan with a kg:announcedBy proposal */
    int mentioned_in; /* its kg:mentionedIn proposal, or -1 before the first */
    bool described;   /* its type and label were proposed */
} kgi_entity;

/* A mention in a sentence: tokens [first, end) name entity ent. ref is
 * true for "the company"-style references (used by relations, never
 * counted as mentions). */
typedef struct kgi_mention {
    size_t first, end;
    int ent;
    bool ref;
    bool group; /* stands for the article's group (kgi_entities_group_ref), ent its first */
} kgi_mention;

typedef struct kgi_mentions {
    kgi_mention *items;
    size_t n, cap;
    int *at; /* per token: index of the mention starting there, or -1 */
} kgi_mentions;

/* One proposal and the sentences that state it. */
typedef struct kgi_proposal {
    kg_proposal pub;
    size_t *sentences; /* 1-based */
    size_t n_sentences, cap_sentences;
    int s_ent, o_ent; /* entity indexes of subject/object, -1 for none */
    bool description; /* rdf:type / rdfs:label: not reified on accept */
} kgi_proposal;

/* A name given to one of the article's things (kgi_gazetteer_add), kept
 * when the article belongs to a batch: the next article knows it. */
typedef struct kgi_name {
    const char *name; /* arena */
    int ent;
    bool case_sensitive;
} kgi_name;

typedef struct kgi_article {
    kg_arena *arena;
    const kgi_rules *rules;
    kgi_text text;
    char *stem, *article_iri, *staging_iri;

    kgi_entity *ents;
    size_t n_ents, cap_ents;
    kg_strmap *by_iri;  /* IRI -> entity index */
    kg_strmap *gaz;     /* normalized name key -> entity index (-2: ambiguous) */
    kg_strmap *gaz_cs;  /* case-sensitive keys (acronyms, name parts) */
    kg_strmap *gaz_first; /* first words of gazetteer keys */
    size_t gaz_max_tokens;

    kgi_proposal *props;
    size_t n_props, cap_props, max_props;
    kg_strmap *prop_keys; /* "s p o" -> proposal index */
    unsigned char *sentence_words; /* rule words present in the sentence (relations.c) */
    kg_arena *scratch;          /* per-sentence token forms, reset each sentence */
    bool truncated;             /* max_props was reached */
    kg_status status;           /* the first failure of a step: see the top */

    int last_company; /* coreference for "the company": -1 when none */
    int last_event;   /* and for "the event", "the ceremony" */
    int recent[8];    /* the agencies and programmes named last, newest first ("the ministry") */
    size_t n_recent;
    int group[16];    /* what "seven companies" stands for in this sentence: the next one's list */
    size_t n_group;
    size_t group_sentence; /* that list's sentence (1-based), evidence too; 0 when none */
    int sentence_plans[32]; /* plans minted in the current sentence */
    size_t n_sentence_plans;
    int sentence_deals[32];    /* agreements minted in it ($all-deals) */
    size_t n_sentence_deals;
    int sentence_measures[32]; /* sanctions and listings minted in it ($all-measures) */
    size_t n_sentence_measures;
    char today[48];  /* the article's date as an xsd:date, "" when not given (relations.c) */
    bool today_read; /* today was worked out */

    bool keep_names; /* in a batch: log the names below */
    kgi_name *names;
    size_t n_names, cap_names;
} kgi_article;

/* The public handle: the article, its rules and the store it stages in. */
struct kg_ingest {
    kgi_article art;
    kgi_rules *rules;
    kg_store *store;
    kg_error error;
    char **sentence_texts; /* per sentence, made on first use */
};

/* --- entity table (mentions.c) --- */

/* The entity with this IRI, or a new one (label copied). Returns its index
 * or -1 on ENOMEM (the article's status set; also when iri is NULL, a
 * kgi_mint_iri that failed). */
int kgi_entity_get(kgi_article *art, const char *iri, const char *label, kgi_class cls, bool known);
/* The IRI under kgr: for a name ("Pony.ai" -> kgr:pony-ai), with "-suffix"
 * appended when suffix is not NULL. Deterministic, so the same name gives
 * the same thing. Arena string. */
char *kgi_mint_iri(kgi_article *art, const char *name, const char *suffix);
/* Loads every labelled thing of the store into the gazetteer. Returns the
 * article's status. */
kg_status kgi_gazetteer_load(kgi_article *art, kg_store *store);
/* Adds a name for an entity (normalized; case_sensitive for acronyms and
 * name parts). On ENOMEM the article's status is set. In this and the two
 * calls around it, a NULL name (text whose building failed) does nothing. */
void kgi_gazetteer_add(kgi_article *art, const char *name, int ent, bool case_sensitive);
/* The entity a name already denotes (up to case, punctuation, "the" and a
 * company suffix), or -1. */
int kgi_gazetteer_find(kgi_article *art, const char *name);
/* Longest-match mentions of gazetteer names in tokens. */
void kgi_mentions_find(kgi_article *art, const kgi_tokens *toks, kgi_mentions *out);
void kgi_mentions_free(kgi_mentions *m);
bool kgi_mentions_add(kgi_mentions *m, size_t first, size_t end, int ent, bool ref);

/* --- new entities (entities.c) --- */

/* Pass 1 over one sentence: finds new things from cue words and adds them
 * (with their acronyms and name parts) to the gazetteer. */
void kgi_entities_discover(kgi_article *art, const kgi_tokens *toks, size_t sentence);
/* Adds "the company"-style references to the mentions, resolved to the
 * last company named, and updates that memory from this sentence; a place
 * that ends an unknown name ("Nikkei Asia") becomes such a reference. */
void kgi_entities_resolve_refs(kgi_article *art, const kgi_tokens *toks, kgi_mentions *m);
/* "Seven Chinese entities were added to the Entity List ... They are A, B
 * and C.": when the next sentence (next, 1-based next_sentence; NULL when
 * none) lists organizations after a list-intro entry, a number and a
 * group-noun in this sentence become one mention standing for them all
 * (art->group), so this sentence's patterns see the list, and the list's
 * sentence is evidence of what they make. Call after the mention
 * proposals: the mentions inside the phrase ("US") give way to it. */
void kgi_entities_group_ref(kgi_article *art, const kgi_tokens *toks, kgi_mentions *m, const kgi_tokens *next,
                            size_t next_sentence);
/* Whether the sentence has such a counted phrase ("seven entities"), so
 * that the next sentence is worth reading for a list. */
bool kgi_entities_counts_group(const kgi_article *art, const kgi_tokens *toks,
                               const kgi_mentions *m);

/* --- relations (relations.c) --- */

void kgi_relations_apply(kgi_article *art, const kgi_tokens *toks, const kgi_mentions *m,
                         size_t sentence);

/* --- batches (batch.c) --- */

/* Makes the batch's things known to the article (with the names the
 * earlier articles gave them) and starts logging the article's names.
 * Returns the article's status. */
kg_status kgi_batch_load(kgi_article *art, const kg_ingest_batch *batch);
/* Hands what the article found to the batch: its new things that it
 * proposed, their names, its link and text key under its stem. False on
 * ENOMEM (the batch may then hold part of it, which is harmless). */
bool kgi_batch_keep(kg_ingest_batch *batch, const kgi_article *art);

/* --- staging (stage.c) --- */

/* Writes every proposal into the staging graph (replacing it), in one
 * transaction. */
kg_status kgi_stage_write(kg_ingest *ing);
/* Accepts or rejects the proposals whose indexes are listed (0-based,
 * all pending), in one transaction. */
kg_status kgi_stage_accept(kg_ingest *ing, const size_t *idx, size_t n);
kg_status kgi_stage_reject(kg_ingest *ing, const size_t *idx, size_t n);

/* --- the handle (ingest.c) --- */

/* A handle with its rules loaded and an empty article named stem (made fit
 * for an IRI), borrowing store. */
kg_status kgi_handle_new(kg_ingest **out, kg_store *store, const kg_ingest_options *opts,
                         const char *stem, kg_error *err);
/* Gives the handle its per-sentence text cache once the text is read. */
bool kgi_handle_text_ready(kg_ingest *ing);
/* The text of a sentence (1-based), cut out on first use. NULL on ENOMEM. */
const char *kgi_sentence_text(kg_ingest *ing, size_t sentence);
/* The k-th (0-based) sentence stating the index-th (1-based) proposal:
 * KG_ERR_NOT_FOUND when out of range, KG_ERR_NOMEM. */
kg_status kgi_evidence(kg_evidence *out, kg_ingest *ing, size_t index, size_t k);

/* --- proposals (propose.c) --- */

/* Records KG_ERR_NOMEM as the article's status (unless a failure is
 * already recorded). Returns false, for "return kgi_out_of_memory(art);". */
bool kgi_out_of_memory(kgi_article *art);
/* A copy of t with its strings in arena (value NULL on ENOMEM). */
kg_term kgi_term_copy(kg_arena *arena, const kg_term *t);
/* The class whose ontology IRI this is, or KGI_NONE. */
kgi_class kgi_class_of_iri(const char *iri);

/* Proposes s p o stated in the sentence (1-based). Repeats of a triple add
 * the sentence to its evidence and keep the higher confidence. s_ent/o_ent
 * are the entity indexes of the nodes or -1. Returns false on ENOMEM (then
 * the article's status is set), when the proposal limit is reached (then
 * art->truncated is), or when an earlier step failed. */
bool kgi_propose(kgi_article *art, const kg_term *s, const kg_term *p, const kg_term *o, int s_ent,
                 int o_ent, size_t sentence, const char *rule, double confidence);
/* The de-duplication key of a triple, into key. False on ENOMEM. */
bool kgi_proposal_key(kg_buf *key, const kg_term *s, const kg_term *p, const kg_term *o);
/* Adds a sentence to a proposal's evidence (at most the first 1,000).
 * False on ENOMEM, with the article's status set. */
bool kgi_proposal_add_sentence(kgi_article *art, kgi_proposal *p, size_t sentence);
/* Proposes the type and label of a new or minted entity. */
void kgi_propose_description(kgi_article *art, int ent, size_t sentence);
/* The ontology IRI of a class ("…#Company"). Static. */
const char *kgi_class_iri(kgi_class cls);

#endif
