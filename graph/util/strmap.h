/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/strmap.h - the map from byte strings to ints (open addressing) of
 * libkg: the ingest gazetteer, word lists and proposal keys, the SPARQL
 * parser's prefixes, variables and blank nodes. Keys are copied. No RDF
 * knowledge. */
#ifndef KG_UTIL_STRMAP_H
#define KG_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kg_strmap kg_strmap;

/* NULL on ENOMEM. */
kg_strmap *kg_strmap_new(void);
/* Accepts NULL. */
void kg_strmap_free(kg_strmap *map);
/* Sets key to value (replacing). false on ENOMEM. */
bool kg_strmap_put(kg_strmap *map, const char *key, size_t len, int value);
/* The value of key, or false when absent (map may be NULL). */
bool kg_strmap_get(const kg_strmap *map, const char *key, size_t len, int *value);
size_t kg_strmap_count(const kg_strmap *map);
/* Removes every key, keeping the memory for reuse. */
void kg_strmap_clear(kg_strmap *map);

#endif
