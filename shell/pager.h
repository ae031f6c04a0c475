/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/pager.h - long results through $PAGER, as psql does.
 *
 * When the session is interactive, the pager is on and results go to the
 * terminal, output is held in memory while it fits the screen; the write
 * that makes it taller or wider starts $PAGER (default "less -FRX"), which
 * gets what was held and then the rest as it is rendered, so a long result
 * is paged from its first screenful on. A result that fits is written
 * straight out, and so is everything when the pager's program is not
 * installed. Scripts and .output files never see a pager. */
#ifndef KGSH_PAGER_H
#define KGSH_PAGER_H

#include <stdbool.h>
#include <stdio.h>

#include "session.h"

/* The stream to render one result to: s->out, or the pager's stream. */
FILE *kgsh_pager_open(kgsh_session *s);

/* Shows what was written to f (through the pager when it is long) and
 * releases it; output of a failed or interrupted statement is shown as far
 * as it got. */
void kgsh_pager_close(kgsh_session *s, FILE *f);

#endif
