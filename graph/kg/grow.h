/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/grow.h - room for one more item in a growing array: the one growing
 * rule of libkg, public so that programs built on it (kgsh, kgsh serve)
 * grow their arrays the same way instead of by hand. */
#ifndef KG_GROW_H
#define KG_GROW_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* items is the address of an array pointer (T **) whose array holds *cap
 * items of size bytes, n of them in use. When n == *cap the array is
 * reallocated to twice its capacity (first items when it has none). False
 * on ENOMEM or overflow, with the array as it was. */
KG_EXTERN bool kg_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

#ifdef __cplusplus
}
#endif

#endif
