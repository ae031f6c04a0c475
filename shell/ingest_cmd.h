/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/ingest_cmd.h - the ingestion commands: .ingest, .review, .accept,
 * .reject, and `kgsh ingest FILE...` (their table entries are in
 * commands.c; the work is libkg's kg/ingest.h). The articles ingested in a
 * session stay reviewable until it ends; proposals are numbered across
 * them in the order they were made. */
#ifndef KGSH_INGEST_CMD_H
#define KGSH_INGEST_CMD_H

#include <stdbool.h>

#include "session.h"

/* .ingest FILE...: stages each article's proposals and shows them. */
bool kgsh_cmd_ingest(kgsh_session *s, int argc, char **argv);
/* .review [N...] [--by article|entity] [--rule NAME] [--min-confidence X]
 * [--predicate P] */
bool kgsh_cmd_review(kgsh_session *s, int argc, char **argv);
/* .accept [N...|all] [--min X] [--rule NAME] [--predicate P], and .reject */
bool kgsh_cmd_accept(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_reject(kgsh_session *s, int argc, char **argv);
/* .rules: each ingest rule's accepted and rejected proposals and its
 * precision, from the decisions the store remembers. */
bool kgsh_cmd_rules(kgsh_session *s, int argc, char **argv);

/* Frees the session's ingested articles (before the store is closed). */
void kgsh_ingest_end(kgsh_session *s);

#endif
