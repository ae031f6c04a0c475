/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/arena.h - bump allocation for short-lived data (per query, per row).
 *
 * Everything allocated from an arena is freed at once by kg_arena_reset or
 * kg_arena_free. No RDF knowledge here. */
#ifndef KG_UTIL_ARENA_H
#define KG_UTIL_ARENA_H

#include <stddef.h>

typedef struct kg_arena kg_arena;

/* NULL on ENOMEM. */
kg_arena *kg_arena_new(void);
/* Accepts NULL. */
void kg_arena_free(kg_arena *arena);
/* Bytes the arena holds from malloc (its blocks), for memory limits. */
size_t kg_arena_bytes(const kg_arena *arena);
/* Frees everything allocated so far; the arena stays usable. */
void kg_arena_reset(kg_arena *arena);

/* size bytes aligned for any type; NULL on ENOMEM. */
void *kg_arena_alloc(kg_arena *arena, size_t size);
/* A NUL-terminated copy of len bytes of s; NULL on ENOMEM. */
char *kg_arena_strndup(kg_arena *arena, const char *s, size_t len);
char *kg_arena_strdup(kg_arena *arena, const char *s);
/* printf into the arena; NULL on ENOMEM. */
char *kg_arena_printf(kg_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
