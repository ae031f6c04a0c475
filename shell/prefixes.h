/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/prefixes.h - the shell's table of namespace prefixes.
 *
 * Holds the prefixes a session knows: the common ones and the ontology's
 * (seeded at start), the store's own (kg_store_prefixes), and those the user
 * declared with .prefix or in a query's PREFIX lines. It turns IRIs into
 * prefixed names for display, expands prefixed names typed by the user, and
 * hands the whole set to kg_query_prepare. It does not print. */
#ifndef KGSH_PREFIXES_H
#define KGSH_PREFIXES_H

#include <stdbool.h>
#include <stddef.h>

#include <kg/kg.h>

typedef struct kgsh_prefixes kgsh_prefixes;

/* Where a prefix came from; a later source overrides an earlier one, except
 * that the store's prefixes never replace a built-in or declared one (the
 * article files each bind "a:" to their own namespace, for example). */
typedef enum kgsh_prefix_source {
    KGSH_PREFIX_BUILTIN,
    KGSH_PREFIX_STORE,
    KGSH_PREFIX_DECLARED,
} kgsh_prefix_source;

/* A table seeded with the built-in prefixes; NULL on ENOMEM. */
kgsh_prefixes *kgsh_prefixes_new(void);
void kgsh_prefixes_free(kgsh_prefixes *p);

/* Adds or replaces name -> iri (both copied). name has no colon. Returns
 * false on ENOMEM. */
bool kgsh_prefixes_set(kgsh_prefixes *p, const char *name, const char *iri, kgsh_prefix_source src);

/* Adds the store's prefixes. */
void kgsh_prefixes_add_store(kgsh_prefixes *p, kg_store *store);

/* Remembers the PREFIX declarations and an absolute BASE at the start of a
 * query text (its prologue), as the user expects them to hold for later
 * queries. */
void kgsh_prefixes_learn(kgsh_prefixes *p, const char *text, size_t len);

size_t kgsh_prefixes_count(const kgsh_prefixes *p);
/* The BASE IRI a statement declared last, or NULL; borrowed. */
const char *kgsh_prefixes_base(const kgsh_prefixes *p);
/* The i-th prefix in name order; borrowed until the next change. */
const char *kgsh_prefixes_name(const kgsh_prefixes *p, size_t i);
const char *kgsh_prefixes_iri(const kgsh_prefixes *p, size_t i);
/* The IRI bound to name, or NULL. */
const char *kgsh_prefixes_lookup(const kgsh_prefixes *p, const char *name);
/* The same for the first len bytes of name. */
const char *kgsh_prefixes_lookup_n(const kgsh_prefixes *p, const char *name, size_t len);

/* The NULL-terminated pairs kg_query_options.prefixes wants. Borrowed until
 * the next change. */
const char *const (*kgsh_prefixes_pairs(kgsh_prefixes *p))[2];

/* Writes iri as a prefixed name ("kgr:iflytek") when a known namespace
 * (the longest one) leaves a valid local name, else as "<iri>". Returns
 * the length needed, like snprintf. */
size_t kgsh_prefixes_compact(const kgsh_prefixes *p, const char *iri, char *buf, size_t size);

/* "kgr:iflytek" or "<https://...>" to a newly allocated absolute IRI;
 * NULL when the text is neither or the prefix is unknown. */
char *kgsh_prefixes_expand(const kgsh_prefixes *p, const char *text);

#endif
