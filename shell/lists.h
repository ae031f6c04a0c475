/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/lists.h - the dot-commands for screening lists and validation:
 * .import, .links, .unlink and .validate (their table entries are in
 * commands.c; the work is libkg's kg/import.h and kg/validate.h). */
#ifndef KGSH_LISTS_H
#define KGSH_LISTS_H

#include <stdbool.h>

#include "session.h"

/* .import FILE --as NAME [--map MAPPING] */
bool kgsh_cmd_import(kgsh_session *s, int argc, char **argv);
/* .links [LIST] */
bool kgsh_cmd_links(kgsh_session *s, int argc, char **argv);
/* .unlink LIST NAME */
bool kgsh_cmd_unlink(kgsh_session *s, int argc, char **argv);
/* .validate [GRAPH] */
bool kgsh_cmd_validate(kgsh_session *s, int argc, char **argv);

#endif
