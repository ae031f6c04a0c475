/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/complete.h - Tab completion for readline: SPARQL keywords and
 * functions (only functions inside parentheses), dot-commands and their
 * arguments (from the command table), declared prefixes, the prefixed names
 * of the store's classes, properties and entities, their full IRIs after
 * '<', things' names (.describe ifl -> iFLYTEK), the variables of the
 * statement being typed, graph names, and file names. The store's words are fetched
 * with queries on first use and again after anything changes the store. */
#ifndef KGSH_COMPLETE_H
#define KGSH_COMPLETE_H

#include <stddef.h>

#include "session.h"

/* Hooks completion into readline for this session. */
void kgsh_complete_init(kgsh_session *s);

/* The statement typed before the current line (borrowed until the next
 * call; NULL or "" for none), for variables and open parentheses. */
void kgsh_complete_set_pending(const char *text);

/* The store changed: fetch its words again when next needed. */
void kgsh_complete_invalidate(kgsh_session *s);

/* Releases the session's completion words. */
void kgsh_complete_free(kgsh_session *s);

/* The store's classes, properties and entities as prefixed names (fetched
 * when first needed): *words is borrowed until the store changes. Returns
 * how many. */
size_t kgsh_complete_words(kgsh_session *s, const char *const **words);

/* The completions of the word text[0..] ending at byte `end` of line, for
 * tests and for readline: a NULL-terminated, newly allocated array of
 * newly allocated strings (NULL when none). */
char **kgsh_complete_candidates(kgsh_session *s, const char *line, size_t start, const char *text);

#endif
