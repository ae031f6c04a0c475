/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/explore.h - finding one's way around the store: .describe,
 * .search, .stats, entity labels, and the store's vocabulary for completion.
 * Every question is a SPARQL query through kg_query_*; the query texts are
 * kept together in explore.c. Errors are reported through the session. */
#ifndef KGSH_EXPLORE_H
#define KGSH_EXPLORE_H

#include <stdbool.h>

#include "session.h"

/* The rdfs:label of iri, newly allocated, or NULL when it has none. */
char *kgsh_label(kgsh_session *s, const char *iri);

/* .describe THING: THING is an <IRI>, a prefixed name, or a label or other
 * name (case-insensitive). Shows the types, names, and the statements in
 * which it is subject or object, each with the sentences that state it.
 * Several matches are listed, and the user asked to be specific. */
bool kgsh_describe(kgsh_session *s, const char *thing, FILE *out);

/* .search TEXT: things whose label or other name contains TEXT
 * (case-insensitive). */
bool kgsh_search(kgsh_session *s, const char *text, FILE *out);

/* .stats: counts per class, per property and per graph. */
bool kgsh_stats(kgsh_session *s, FILE *out);

/* .graphs: each named graph with its quad count. */
bool kgsh_graphs(kgsh_session *s, FILE *out);

/* Calls fn with each class, property and entity IRI of the store (up to a
 * limit per kind), for completion. Returns false on failure (silently: a
 * completion must not print). */
typedef void (*kgsh_word_fn)(void *ctx, const char *iri);
bool kgsh_vocabulary(kgsh_session *s, kgsh_word_fn fn, void *ctx);

/* Calls fn with each thing's label and other names (up to a limit), for
 * completion. Returns false on failure (silently). */
bool kgsh_thing_names(kgsh_session *s, kgsh_word_fn fn, void *ctx);

/* Calls fn with each named graph's IRI. */
bool kgsh_graph_names(kgsh_session *s, kgsh_word_fn fn, void *ctx);

#endif
