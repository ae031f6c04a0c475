/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/json.h - a small strict JSON (RFC 8259) parser for
 * reading SPARQL JSON result files (.srj) in the conformance harness.
 *
 * Strict means: exactly one value surrounded by optional whitespace, no
 * trailing commas, no comments, no leading zeros, no raw control characters
 * in strings, valid escapes (surrogates in pairs), valid UTF-8, and no
 * duplicate keys in an object (RFC 8259 leaves duplicates to the reader;
 * result files never need them, so one is taken as a mistake). Nesting is
 * limited to CF_JSON_MAX_DEPTH levels. */
#ifndef KG_TESTS_CONFORMANCE_JSON_H
#define KG_TESTS_CONFORMANCE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "kg/status.h"
#include "util/arena.h"

#define CF_JSON_MAX_DEPTH 256

typedef enum cf_json_type {
    CF_JSON_NULL,
    CF_JSON_FALSE,
    CF_JSON_TRUE,
    CF_JSON_NUMBER,
    CF_JSON_STRING,
    CF_JSON_ARRAY,
    CF_JSON_OBJECT,
} cf_json_type;

typedef struct cf_json cf_json;
typedef struct cf_json_member cf_json_member;

struct cf_json {
    cf_json_type type;
    /* STRING: the decoded UTF-8 text (may hold NUL bytes, hence len; also
     * NUL-terminated). NUMBER: the number as written. */
    const char *str;
    size_t len;
    /* ARRAY: count elements in items. OBJECT: count members in members, in
     * document order. */
    size_t count;
    cf_json *items;
    cf_json_member *members;
};

struct cf_json_member {
    const char *key; /* decoded, NUL-terminated */
    size_t key_len;
    cf_json value;
};

/* Parses text[0..len). On success *out is the root value, allocated (with
 * everything it points at) in arena. On failure returns KG_ERR_SYNTAX (or
 * KG_ERR_NOMEM) and err has the message and the 1-based line and column. */
kg_status cf_json_parse(const char *text, size_t len, kg_arena *arena, cf_json **out,
                        kg_error *err);

/* The member of an object named key, or NULL when v is not an object or has
 * no such member. */
const cf_json *cf_json_get(const cf_json *v, const char *key);

#endif
