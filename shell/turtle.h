/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/turtle.h - CONSTRUCT/DESCRIBE results as readable Turtle: the
 * prefixes used, statements grouped by subject in order of first
 * appearance, objects of one predicate joined with commas. */
#ifndef KGSH_TURTLE_H
#define KGSH_TURTLE_H

#include <stdbool.h>
#include <stdio.h>

#include "prefixes.h"
#include "render.h"

/* triples has three columns (subject, predicate, object). Returns false
 * when out fails or memory runs out. */
bool kgsh_write_turtle(const kgsh_prefixes *p, const kgsh_table *triples, FILE *out);

#endif
