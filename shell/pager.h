/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/pager.h - long results through $PAGER, as psql does.
 *
 * When the session is interactive, the pager is on and results go to the
 * terminal, output is collected in memory and, if it does not fit the
 * screen, piped to $PAGER (default "less -FRX"); otherwise it is written
 * straight out. Scripts and .output files never see a pager. */
#ifndef KGSH_PAGER_H
#define KGSH_PAGER_H

#include <stdbool.h>
#include <stdio.h>

#include "session.h"

/* The stream to render one result to: s->out, or a memory buffer. */
FILE *kgsh_pager_open(kgsh_session *s);

/* Shows what was written to f (through the pager when it is long) and
 * releases it; output of a failed or interrupted statement is shown as far
 * as it got. */
void kgsh_pager_close(kgsh_session *s, FILE *f);

#endif
