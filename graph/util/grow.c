/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/grow.c - see kg/grow.h. */
#include "kg/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool kg_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return true;
    size_t want = *cap ? *cap * 2 : first;
    if (!want || want < *cap || want > SIZE_MAX / size)
        return false;
    void *old;
    memcpy(&old, items, sizeof old); /* T ** is not void **: copy the pointer */
    void *grown = realloc(old, want * size);
    if (!grown)
        return false;
    memcpy(items, &grown, sizeof grown);
    *cap = want;
    return true;
}
