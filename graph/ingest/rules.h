/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/rules.h - the ingestion rules file, compiled (private to libkg).
 *
 * The file (ontology/ingest-rules.txt, documented in
 * ontology/INGEST-RULES.md) holds word lists (roles, honorifics, cue nouns,
 * abbreviations, boilerplate phrases...), name suffixes that type a new
 * name by its last word, known places, demonyms, currencies, and relation
 * rules: a token pattern with entity and value slots, the nodes it mints
 * and the triples it emits. Everything here is read-only after loading. */
#ifndef KG_INGEST_RULES_H
#define KG_INGEST_RULES_H

/* The largest rules file read (KG_ERR_LIMIT beyond). */
#define KGI_MAX_RULES_BYTES (64u << 20)

#include <stdbool.h>
#include <stddef.h>

#include "util/strmap.h"
#include "ingest/tokens.h"
#include "kg/status.h"
#include "util/arena.h"

/* The ontology classes ingestion works with. */
typedef enum kgi_class {
    KGI_NONE = 0,
    KGI_COMPANY,
    KGI_ORGANIZATION,
    KGI_AGENCY, /* kg:GovernmentAgency */
    KGI_PERSON,
    KGI_OFFICIAL,
    KGI_CITY,
    KGI_REGION,
    KGI_COUNTRY,
    KGI_PLACE,
    KGI_EVENT,
    KGI_POST,
    KGI_PROGRAMME, /* kg:SanctionsProgramme */
    KGI_PLAN,
    KGI_INVESTMENT,
    KGI_SANCTION,
    KGI_EXPORT_LISTING,
    KGI_DESIGNATION,
    KGI_PROCUREMENT_BAN,
    KGI_ASSET_FREEZE,
    KGI_AGREEMENT,
    KGI_DEAL,
    KGI_POST_HOLDING, /* kg:PostHolding: a person in a post, in time */
    KGI_CLASS_COUNT
} kgi_class;

/* The local name in the ontology ("Company"), or NULL for KGI_NONE. */
const char *kgi_class_name(kgi_class cls);
kgi_class kgi_class_from_name(const char *name);

/* Slot categories: which classes an entity slot accepts. */
enum {
    KGI_CAT_COMPANY = 1u << 0,
    KGI_CAT_ORG = 1u << 1,    /* any organization, agencies included */
    KGI_CAT_AGENCY = 1u << 2,
    KGI_CAT_PERSON = 1u << 3,
    KGI_CAT_PLACE = 1u << 4,
    KGI_CAT_EVENT = 1u << 5,
    KGI_CAT_POST = 1u << 6,
    KGI_CAT_PROGRAMME = 1u << 7,
    KGI_CAT_COUNTRY = 1u << 8,
};
unsigned kgi_class_cats(kgi_class cls);

/* A word list: entries are token sequences (lowercase). */
typedef struct kgi_list {
    char *name;
    char ***entries; /* NULL-terminated token arrays */
    char **raw;      /* the entries as written, lowercase */
    size_t n;
    kg_strmap *first; /* first token of some entry */
} kgi_list;

/* Longest entry of the list matching tokens from i; returns its token
 * count, or 0. list may be NULL (matches nothing). */
size_t kgi_list_match(const kgi_list *list, const kgi_tokens *toks, size_t i);

typedef enum kgi_value_kind { KGI_VALUE_MONEY = 1, KGI_VALUE_DATE, KGI_VALUE_YEAR } kgi_value_kind;

typedef enum kgi_pe_kind {
    KGI_PE_WORD,  /* one of alts (lowercase token text) */
    KGI_PE_LIST,  /* an entry of a word list */
    KGI_PE_ENT,   /* an entity mention of the categories */
    KGI_PE_VALUE, /* money, a date or a year */
    KGI_PE_TEXT,  /* free text up to a clause boundary */
    KGI_PE_GAP,   /* ...N: up to N tokens, not across a clause boundary or a
                     person or organization; ~N: across clause boundaries
                     too; *N: any tokens */
} kgi_pe_kind;

typedef struct kgi_pelem {
    kgi_pe_kind kind;
    bool optional;
    char **alts;
    size_t n_alts;
    const kgi_list *list;
    unsigned cats;
    bool multi;  /* {ORG+}: a coordinated list "A, B and C" */
    int slot;    /* capture index or -1 */
    kgi_value_kind value;
    size_t gap;
    bool commas, agents; /* the gap may cross clause boundaries, agents */
    /* For the quick test of kgi_rules_may_match: word ids (see word_ids)
     * of the alternatives, or of the first words of the list's entries. */
    int *ids;
    size_t n_ids;
} kgi_pelem;

typedef enum kgi_ref_kind {
    KGI_REF_SLOT,     /* the slot's entity, value or text */
    KGI_REF_AMOUNT,   /* slot.amount of a money slot */
    KGI_REF_CURRENCY, /* slot.currency */
    KGI_REF_PLACE_IN, /* slot.place: the first place named inside the capture */
    KGI_REF_NODE,     /* @name: a node the rule mints */
    KGI_REF_IRI,      /* a constant IRI (prefixed names expanded) */
    KGI_REF_LITERAL,  /* a constant string */
    KGI_REF_POST,     /* post(role-slot or "Role", org-slot): the post, linked or minted */
    KGI_REF_GOV,      /* gov(place-slot): the government of the place */
    KGI_REF_PLANS,    /* $plans: every plan minted in this sentence so far, not yet announced by someone */
    KGI_REF_ALL_PLANS, /* $all-plans: every plan minted in this sentence so far */
    KGI_REF_ALL_DEALS, /* $all-deals: every agreement minted in this sentence so far */
    KGI_REF_ALL_MEASURES, /* $all-measures: every sanction or listing minted in it so far */
    KGI_REF_STATUS,   /* status(slot): kg:NAME of the list status-NAME holding the slot's words */
} kgi_ref_kind;

typedef struct kgi_ref {
    kgi_ref_kind kind;
    int a, b;   /* slot or node indexes */
    char *text; /* IRI or literal */
} kgi_ref;

typedef struct kgi_emit {
    kgi_ref s, o;
    char *predicate; /* full IRI */
} kgi_emit;

typedef struct kgi_node_decl {
    char *name;
    kgi_class cls;
    char *label; /* template: {slot} is replaced by the slot's text */
} kgi_node_decl;

typedef struct kgi_rule {
    char *name;
    double confidence;
    int line;
    kgi_pelem *pat;
    size_t n_pat;
    char **slots; /* capture names */
    size_t n_slots;
    kgi_node_decl *nodes;
    size_t n_nodes;
    kgi_emit *emits;
    size_t n_emits;
    char **not_after; /* words that may not come just before a match */
} kgi_rule;

typedef struct kgi_place {
    char *name;    /* the label */
    char **others; /* other names, NULL-terminated */
    kgi_class cls;
} kgi_place;

typedef struct kgi_rules {
    kg_arena *arena;
    kgi_list **lists;
    size_t n_lists;
    kg_strmap *list_index;
    kg_strmap *suffix;   /* lowercase last word -> kgi_class */
    kg_strmap *demonym;  /* lowercase adjective -> index into places */
    kgi_place *places;
    size_t n_places;
    kgi_list **currencies; /* one list per code; name is the ISO code */
    size_t n_currencies;
    kgi_rule *rules;
    size_t n_rules;
    kg_strmap *word_ids; /* every word a pattern needs first -> a small id */
    size_t n_word_ids;
    /* Lists the built-in steps use (NULL when the file has none). */
    const kgi_list *honorific, *role, *company_noun, *org_noun, *said, *stop_name,
        *abbreviation, *boilerplate, *connector, *reference, *event_reference, *former,
        *person_noun, *name_field, *person_verb, *place_before, *place_noun, *plan_verb, *person_after,
        *list_intro, *group_noun, *quantity, *head_reference, *metonym, *place_preposition;
} kgi_rules;

/* Reads a rules file. On a malformed line fails with KG_ERR_SYNTAX and err
 * has the file, line and message. The caller frees *out. */
kg_status kgi_rules_load(kgi_rules **out, const char *path, kg_error *err);
kg_status kgi_rules_parse(kgi_rules **out, const char *text, size_t len, const char *name,
                          kg_error *err);
/* Marks in present[] (n_word_ids entries, cleared by the caller) the
 * words of the tokens that patterns look for. */
void kgi_rules_mark_words(const kgi_rules *rules, const kgi_tokens *toks, unsigned char *present);
/* Whether the rule can match a sentence with these words and entity
 * categories: each required word and list (one of its entries' first
 * words) is present, and each required entity category is mentioned. */
bool kgi_rules_may_match(const kgi_rule *rule, const unsigned char *present, unsigned cats);
/* The list with this name or NULL. */
const kgi_list *kgi_rules_list(const kgi_rules *rules, const char *name);
void kgi_rules_free(kgi_rules *rules);

#endif
