/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/suggest.h - typo warnings: a query that names an IRI occurring
 * nowhere in the store (as subject, predicate, object, class or graph)
 * gets "Warning: kg:Compnay is not in the store; did you mean kg:Company?"
 * on standard error, with the closest names the store has (case-only
 * differences first). The query still runs: the warning only explains an
 * empty answer. */
#ifndef KGSH_SUGGEST_H
#define KGSH_SUGGEST_H

#include <stddef.h>

#include "session.h"

/* Checks the IRIs and prefixed names of a query text (not an update: new
 * names are what updates add) and warns about those the store lacks. The
 * session's prefixes must already hold the text's PREFIX lines. */
void kgsh_suggest_check(kgsh_session *s, const char *text, size_t len);

#endif
