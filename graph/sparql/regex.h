/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/regex.h - XPath regular expressions (fn:matches, fn:replace) on
 * PCRE2 for REGEX and REPLACE, with the XPath flags s, m, i, x and q.
 * Private to libkg; the cache type is declared in value.h. */
#ifndef KG_SPARQL_REGEX_H
#define KG_SPARQL_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "sparql/value.h"

/* Returned when a match needs more backtracking than the step limit allows
 * and the pattern cannot be run as an automaton instead (back-references),
 * or for REPLACE, which needs the backtracker: the caller reports it as an
 * error of the query, since neither yes nor no would be the answer. */
enum { KG_REGEX_TOO_COMPLEX = -2 };

/* Whether pattern (with flags, NUL-terminated; NULL means none) matches
 * somewhere in subject: 1 yes, 0 no, -1 for an invalid pattern or flag or a
 * subject that is not UTF-8, KG_REGEX_TOO_COMPLEX (above). A pattern past
 * the step limit is answered by an automaton in time polynomial in the
 * subject. cache may be NULL. */
int kg_regex_match(kg_regex_cache *cache, const char *pattern, size_t pattern_len,
                   const char *flags, const char *subject, size_t subject_len);

/* fn:replace: every non-overlapping match of pattern in subject replaced by
 * replacement, where $N is group N ("" when it did not take part) and \$,
 * \\ are a literal $ and \. The result goes into the arena (*out, *out_len).
 * Returns 1, or -1 for an invalid pattern, flag or replacement, a subject
 * that is not UTF-8, a pattern that matches the empty string (XPath
 * err:FORX0003) or ENOMEM, or KG_REGEX_TOO_COMPLEX. Linear in the subject
 * for patterns that do not backtrack across it. */
int kg_regex_replace(kg_regex_cache *cache, const char *pattern, size_t pattern_len,
                     const char *flags, const char *subject, size_t subject_len,
                     const char *replacement, size_t replacement_len, kg_arena *arena,
                     char **out, size_t *out_len);

#endif
