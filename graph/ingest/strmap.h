/* ingest/strmap.h - a map from byte strings to ints (open addressing), for
 * the gazetteer, word lists and de-duplication of proposals. Keys are
 * copied. Private to libkg. */
#ifndef KG_INGEST_STRMAP_H
#define KG_INGEST_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kgi_strmap kgi_strmap;

/* NULL on ENOMEM. */
kgi_strmap *kgi_strmap_new(void);
/* Accepts NULL. */
void kgi_strmap_free(kgi_strmap *map);
/* Sets key to value (replacing). false on ENOMEM. */
bool kgi_strmap_put(kgi_strmap *map, const char *key, size_t len, int value);
/* The value of key, or false when absent (map may be NULL). */
bool kgi_strmap_get(const kgi_strmap *map, const char *key, size_t len, int *value);
size_t kgi_strmap_count(const kgi_strmap *map);
/* Removes every key, keeping the memory for reuse. */
void kgi_strmap_clear(kgi_strmap *map);

#endif
