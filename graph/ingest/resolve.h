/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/resolve.h - company-name normalisation and entity resolution for
 * the list importer: decides whether a listed name is an entity the store
 * already has, and how sure that is. Private to libkg; no store access
 * here (the importer feeds the names in).
 *
 * Rules, strongest first; a step that finds exactly one entity decides, a
 * step that finds several stops with those as candidates (never a guess):
 *   exact       the listed name equals one of the entity's names byte for byte
 *   normalised  equal after normalisation (kg_name_normalise), first without
 *               and then with legal-form suffixes removed, compared with the
 *               entity's main name (rdfs:label)
 *   alias       the listed name matches one of the entity's other names
 *               (skos:altLabel), or one of the list's aliases (alias column,
 *               bracketed short names) matches any name of the entity
 * When nothing matches, entities whose normalised main name starts with the
 * listed name's words, or the reverse ("Baidu" / "Baidu AI Cloud"), are
 * returned as candidates to show, not to merge. */
#ifndef KG_INGEST_RESOLVE_H
#define KG_INGEST_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg/import.h"

/* Normalises a company name for comparison into out (size bytes, always
 * NUL-terminated): ASCII letters lower-cased, a bracketed short name at
 * the end ("(CATL)") and '*' dropped (brackets inside a name, as in
 * "Huawei Digital Technologies (Suzhou) Co., Ltd.", are kept as words), apostrophes removed, '&'
 * read as "and", every other punctuation character a space, runs of spaces collapsed; with
 * strip_legal, trailing legal-form words (co, company, ltd, limited, inc,
 * incorporated, corp, corporation, group, holding, holdings, llc, plc) are
 * removed as long as a word is left. Non-ASCII text is kept as it is.
 * Returns the length written. */
size_t kg_name_normalise(const char *name, bool strip_legal, char *out, size_t size);

/* The bracketed short name at the end of name ("CATL" for
 * "Contemporary Amperex Technology Co., Ltd. (CATL)"), trimmed, as a view
 * into name; false when there is none. */
bool kg_name_short(const char *name, const char **text, size_t *len);

/* A lowercase-hyphenated IRI slug of a name (ASCII letters and digits;
 * runs of anything else become one '-'), into out; "entity" when nothing
 * is left. Returns the length. */
size_t kg_name_slug(const char *name, char *out, size_t size);

typedef struct kg_resolver kg_resolver;

#define KG_RESOLVE_MAX_CANDIDATES 8

typedef struct kg_resolution {
    kg_link_method method; /* KG_LINK_NEW when nothing (or too much) matched */
    uint32_t entity;       /* the matched entity when method != NEW */
    const char *matched;   /* the entity's name that matched; borrowed */
    uint32_t candidates[KG_RESOLVE_MAX_CANDIDATES];
    size_t n_candidates;
} kg_resolution;

/* NULL on ENOMEM. */
kg_resolver *kg_resolver_new(void);
void kg_resolver_free(kg_resolver *r);

/* Registers a name of entity (an id the caller chooses, not 0): its main
 * name (primary) or another one. False on ENOMEM. */
bool kg_resolver_add(kg_resolver *r, uint32_t entity, const char *name, bool primary);
/* Registers a link a user undid: name must never resolve to entity again. */
bool kg_resolver_reject(kg_resolver *r, const char *name, uint32_t entity);
/* True when entity has name (exactly) among its registered names. */
bool kg_resolver_has_name(const kg_resolver *r, uint32_t entity, const char *name);

/* Resolves a listed name with the list's aliases for it; entity exclude
 * (0 for none) is never matched (a row's own parent). */
void kg_resolver_match(const kg_resolver *r, const char *name, const char *const *aliases,
                       size_t n_aliases, uint32_t exclude, kg_resolution *out);

#endif
