/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/bundled.h - the bundled data as the tests need it: paths in
 * the source tree, and a store holding the ontology (in its own graph,
 * https://w3id.org/kgsh/ontology, as kgsh's default store does) and every
 * mapped article (each in its own graph). Shared by the import, validation
 * and competency tests. */
#ifndef KG_TESTS_BUNDLED_H
#define KG_TESTS_BUNDLED_H

#include <stdint.h>

#include "kg/store.h"

#define BT_ONTOLOGY_GRAPH "https://w3id.org/kgsh/ontology"

/* A path in the source tree ("datasets/lists/x.csv"), found from the test
 * data directory. Static storage: valid until the 8th next call. */
const char *bt_path(const char *relative);

/* A store (in memory when dir is NULL) with ontology/kgsh.ttl and every
 * datasets/articles/NNN-*.trig loaded; NULL when anything fails (the reason is
 * printed as a TAP diagnostic). */
kg_store *bt_bundled_store(const char *dir);

/* The number of quads in graph (NULL: the whole store) and a digest of
 * their content (every quad as N-Quads text, sorted), so that two states of
 * a store can be compared. */
uint64_t bt_digest(kg_store *store, const char *graph, uint64_t *quads);

#endif
