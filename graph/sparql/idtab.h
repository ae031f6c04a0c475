/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/idtab.h - a hash table of fixed-width tuples of term ids, numbered
 * in insertion order. The evaluator uses it for DISTINCT, group keys,
 * visited nodes of path closures, hash joins and CONSTRUCT's triple set.
 * Private to libkg. */
#ifndef KG_SPARQL_IDTAB_H
#define KG_SPARQL_IDTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/quads.h"

typedef struct kg_idtab kg_idtab;

/* A table of tuples of width ids (width >= 1). NULL on ENOMEM. Free with
 * kg_idtab_free (accepts NULL). */
kg_idtab *kg_idtab_new(unsigned width);
void kg_idtab_free(kg_idtab *tab);

/* Finds the tuple or adds it. *index (may be NULL) receives its number
 * (0, 1, 2... in order of first insertion). Returns 1 when added, 0 when it
 * was present, -1 on ENOMEM. */
int kg_idtab_put(kg_idtab *tab, const kg_id *tuple, uint32_t *index);
bool kg_idtab_find(const kg_idtab *tab, const kg_id *tuple, uint32_t *index);

/* The tuple numbered index; borrowed until the next put or clear. */
const kg_id *kg_idtab_key(const kg_idtab *tab, uint32_t index);
size_t kg_idtab_count(const kg_idtab *tab);
/* Empties the table, keeping its memory. */
void kg_idtab_clear(kg_idtab *tab);

/* A growable array of ids. */
typedef struct kg_idvec {
    kg_id *v;
    size_t n, cap;
} kg_idvec;

/* False on ENOMEM. */
bool kg_idvec_push(kg_idvec *vec, kg_id id);
bool kg_idvec_append(kg_idvec *vec, const kg_id *ids, size_t n);
void kg_idvec_free(kg_idvec *vec);

#endif
