/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/repl.h - reading statements: the interactive readline loop with
 * history, and scripts (-c, -f, standard input, .read). Both assemble
 * lines into statements by the terminator rule (a ';' ending a line outside
 * braces, brackets, parentheses and strings) and run dot-commands. */
#ifndef KGSH_REPL_H
#define KGSH_REPL_H

#include <stdbool.h>
#include <stdio.h>

#include "session.h"

/* The interactive loop; returns when the user quits. */
void kgsh_repl(kgsh_session *s);

/* Runs a script read from in (name for messages). Returns false when any
 * statement failed; stops early on .quit, with .bail on, or on Ctrl-C. */
bool kgsh_run_stream(kgsh_session *s, FILE *in, const char *name);
bool kgsh_run_file(kgsh_session *s, const char *path);

/* Runs the text of -c: a dot-command, or one statement (a final ';' is
 * allowed). */
bool kgsh_run_command(kgsh_session *s, const char *text);

/* Where the history file is (newly allocated), creating its directory;
 * NULL when HOME and XDG_STATE_HOME are both unset. */
char *kgsh_history_path(void);

#endif
