/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/arena.c - bump allocator in growing blocks. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t size;
    size_t used;
    max_align_t data[];
} block;

struct kg_arena {
    block *head;
    size_t next_size;
    size_t bytes; /* of all blocks */
};

enum { FIRST_BLOCK = 4096, MAX_BLOCK = 1 << 20 };

kg_arena *kg_arena_new(void)
{
    kg_arena *arena = calloc(1, sizeof *arena);
    if (arena)
        arena->next_size = FIRST_BLOCK;
    return arena;
}

void kg_arena_reset(kg_arena *arena)
{
    if (!arena)
        return;
    /* Keep the newest block: a per-row arena then allocates nothing in the
     * steady state. */
    block *keep = arena->head;
    block *b = keep ? keep->next : NULL;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    arena->head = keep;
    arena->bytes = keep ? keep->size : 0;
}

size_t kg_arena_bytes(const kg_arena *arena)
{
    return arena ? arena->bytes : 0;
}

void kg_arena_free(kg_arena *arena)
{
    if (!arena)
        return;
    kg_arena_reset(arena);
    free(arena->head);
    free(arena);
}

void *kg_arena_alloc(kg_arena *arena, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t want = arena->next_size;
        if (want < size)
            want = size;
        b = malloc(sizeof *b + want);
        if (!b)
            return NULL;
        b->size = want;
        b->used = 0;
        b->next = arena->head;
        arena->head = b;
        arena->bytes += want;
        if (arena->next_size < MAX_BLOCK)
            arena->next_size *= 2;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *kg_arena_strndup(kg_arena *arena, const char *s, size_t len)
{
    char *copy = kg_arena_alloc(arena, len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

char *kg_arena_strdup(kg_arena *arena, const char *s)
{
    return kg_arena_strndup(arena, s, strlen(s));
}

char *kg_arena_printf(kg_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *out = kg_arena_alloc(arena, (size_t)n + 1);
    if (!out)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}
