/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/automaton.h - a regular expression run as an automaton, in time
 * linear in the subject whatever the pattern, for the REGEX calls whose
 * pattern PCRE2's backtracking matcher gives up on (regex.c). It answers
 * only whether the pattern matches somewhere: no groups, no positions.
 * Built on Hyperscan (Debian's libhyperscan-dev, libvectorscan-dev off
 * amd64), which takes PCRE syntax without back-references or lookaround.
 * Private to libkg. */
#ifndef KG_SPARQL_AUTOMATON_H
#define KG_SPARQL_AUTOMATON_H

#include <stddef.h>

typedef struct kg_automaton kg_automaton;

enum {
    KG_AUTOMATON_CASELESS = 1 << 0,  /* XPath flag i */
    KG_AUTOMATON_DOTALL = 1 << 1,    /* s */
    KG_AUTOMATON_MULTILINE = 1 << 2, /* m */
};

/* Compiles pattern (PCRE syntax, UTF-8, len bytes, XPath's x flag already
 * applied) with Unicode-aware classes; without KG_AUTOMATON_MULTILINE "$"
 * matches only at the very end, as XPath says. NULL when the pattern has
 * items an automaton cannot run (back-references, lookaround, a NUL), or
 * on ENOMEM. Free with kg_automaton_free. */
kg_automaton *kg_automaton_new(const char *pattern, size_t len, unsigned flags);

/* 1 when the pattern matches somewhere in subject (UTF-8), 0 when not, -1
 * on ENOMEM. */
int kg_automaton_match(kg_automaton *a, const char *subject, size_t len);

void kg_automaton_free(kg_automaton *a);

#endif
