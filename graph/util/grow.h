/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/grow.h - room for one more item in a growing array. */
#ifndef KG_UTIL_GROW_H
#define KG_UTIL_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* items is the address of an array pointer (T **) whose array holds *cap
 * items of size bytes, n of them in use. When n == *cap the array is
 * reallocated to twice its capacity (first items when it has none). False
 * on ENOMEM or overflow, with the array as it was. */
bool kg_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

#endif
