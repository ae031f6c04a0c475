/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/auth.c - checking HTTP Basic credentials and bearer tokens (see
 * auth.h). Decoding and hashing are nettle's (base64, PBKDF2, a
 * constant-time compare); this file only reads the files and compares. */
#define _GNU_SOURCE
#include "auth.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <nettle/base64.h>
#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>

#define HASH_PREFIX "pbkdf2-sha256$"
#define HASH_ITERATIONS 100000
#define SALT_BYTES 16

typedef struct user {
    char *name;
    char *secret; /* the password, or the hashed form */
} user;

struct kgsh_auth {
    user *users;
    size_t n;
    char *token; /* NULL when none */
};

/* Compares two strings in time that depends only on their lengths. */
static bool same_secret(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memeql_sec(a, b, alen);
}

static void to_hex(const uint8_t *bytes, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", bytes[i]);
}

static size_t from_hex(const char *hex, size_t len, uint8_t *out, size_t size)
{
    if (len % 2 || len / 2 > size)
        return 0;
    for (size_t i = 0; i < len / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            return 0;
        out[i] = (uint8_t)v;
    }
    return len / 2;
}

/* Whether password matches the hashed form "pbkdf2-sha256$N$SALT$KEY". */
static bool hashed_matches(const char *hashed, const char *password)
{
    unsigned long iterations = strtoul(hashed + strlen(HASH_PREFIX), NULL, 10);
    const char *salt = strchr(hashed + strlen(HASH_PREFIX), '$');
    const char *key = salt ? strchr(salt + 1, '$') : NULL;
    uint8_t salt_bytes[64], want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
    if (!key || iterations == 0 || iterations > 10000000)
        return false;
    size_t salt_len = from_hex(salt + 1, (size_t)(key - salt - 1), salt_bytes, sizeof salt_bytes);
    if (!salt_len || from_hex(key + 1, strlen(key + 1), want, sizeof want) != sizeof want)
        return false;
    pbkdf2_hmac_sha256(strlen(password), (const uint8_t *)password, (unsigned)iterations, salt_len,
                       salt_bytes, sizeof got, got);
    return memeql_sec(want, got, sizeof want);
}

char *kgsh_auth_hash(const char *password)
{
    uint8_t salt[SALT_BYTES], key[SHA256_DIGEST_SIZE];
    if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt)
        return NULL;
    pbkdf2_hmac_sha256(strlen(password), (const uint8_t *)password, HASH_ITERATIONS, sizeof salt,
                       salt, sizeof key, key);
    char salt_hex[2 * SALT_BYTES + 1], key_hex[2 * SHA256_DIGEST_SIZE + 1], *out = NULL;
    to_hex(salt, sizeof salt, salt_hex);
    to_hex(key, sizeof key, key_hex);
    return asprintf(&out, HASH_PREFIX "%d$%s$%s", HASH_ITERATIONS, salt_hex, key_hex) < 0 ? NULL
                                                                                          : out;
}

static bool add_user(kgsh_auth *a, const char *name, size_t name_len, const char *secret)
{
    user *grown = realloc(a->users, (a->n + 1) * sizeof *grown);
    if (!grown)
        return false;
    a->users = grown;
    user *u = &a->users[a->n];
    u->name = strndup(name, name_len);
    u->secret = strdup(secret);
    if (!u->name || !u->secret) {
        free(u->name);
        free(u->secret);
        return false;
    }
    a->n++;
    return true;
}

static bool load_passwords(kgsh_auth *a, const char *path, char *why, size_t why_size)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned long number = 0;
    bool ok = true;
    while (ok && getline(&line, &cap, f) >= 0) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        const char *colon = strchr(line, ':');
        if (!colon || colon == line || !colon[1]) {
            snprintf(why, why_size, "%s:%lu: expected user:password", path, number);
            ok = false;
        } else if (!add_user(a, line, (size_t)(colon - line), colon + 1)) {
            snprintf(why, why_size, "out of memory");
            ok = false;
        }
    }
    free(line);
    fclose(f);
    if (ok && a->n == 0) {
        snprintf(why, why_size, "%s: no user:password line", path);
        ok = false;
    }
    return ok;
}

static bool load_token(kgsh_auth *a, const char *path, char *why, size_t why_size)
{
    FILE *f = fopen(path, "re");
    char *line = NULL;
    size_t cap = 0;
    if (!f || getline(&line, &cap, f) < 0) {
        snprintf(why, why_size, "%s: %s", path, f ? "empty" : strerror(errno));
        if (f)
            fclose(f);
        free(line);
        return false;
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    a->token = line;
    if (strlen(line) < 16) {
        snprintf(why, why_size, "%s: a token needs at least 16 characters", path);
        return false;
    }
    return true;
}

bool kgsh_auth_load(kgsh_auth **out, const char *password_file, const char *token_file,
                    const char *env_token, char *why, size_t why_size)
{
    kgsh_auth *a = calloc(1, sizeof *a);
    *out = a;
    if (!a) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    if (password_file && !load_passwords(a, password_file, why, why_size))
        return false;
    if (token_file)
        return load_token(a, token_file, why, why_size);
    if (env_token && *env_token) {
        if (strlen(env_token) < 16) {
            snprintf(why, why_size, "KGSH_SERVE_TOKEN: a token needs at least 16 characters");
            return false;
        }
        if (!(a->token = strdup(env_token))) {
            snprintf(why, why_size, "out of memory");
            return false;
        }
    }
    return true;
}

void kgsh_auth_free(kgsh_auth *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->users[i].name);
        free(a->users[i].secret);
    }
    free(a->users);
    free(a->token);
    free(a);
}

bool kgsh_auth_configured(const kgsh_auth *a) { return a->n > 0 || a->token; }

/* "user:password" from the base64 of a Basic header, or NULL. */
static char *basic_decode(const char *b64)
{
    size_t len = strlen(b64);
    char *out = malloc(BASE64_DECODE_LENGTH(len) + 1);
    struct base64_decode_ctx ctx;
    size_t n = BASE64_DECODE_LENGTH(len);
    base64_decode_init(&ctx);
    if (!out || !base64_decode_update(&ctx, &n, (uint8_t *)out, len, b64) ||
        !base64_decode_final(&ctx) || memchr(out, '\0', n)) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    return out;
}

static bool basic_matches(const kgsh_auth *a, const char *b64, const char **who)
{
    char *pair = basic_decode(b64);
    char *colon = pair ? strchr(pair, ':') : NULL;
    bool ok = false;
    for (size_t i = 0; colon && i < a->n; i++) {
        const user *u = &a->users[i];
        if (strlen(u->name) != (size_t)(colon - pair) ||
            strncmp(u->name, pair, (size_t)(colon - pair)))
            continue;
        const char *password = colon + 1;
        ok = strncmp(u->secret, HASH_PREFIX, strlen(HASH_PREFIX)) == 0
                 ? hashed_matches(u->secret, password)
                 : same_secret(u->secret, strlen(u->secret), password, strlen(password));
        if (ok && who)
            *who = u->name;
        break;
    }
    free(pair);
    return ok;
}

bool kgsh_auth_check(const kgsh_auth *a, const char *authorization, const char **who)
{
    if (!authorization)
        return false;
    while (*authorization == ' ')
        authorization++;
    if (strncasecmp(authorization, "Basic ", 6) == 0)
        return basic_matches(a, authorization + 6, who);
    if (strncasecmp(authorization, "Bearer ", 7) == 0 && a->token) {
        const char *t = authorization + 7;
        bool ok = same_secret(a->token, strlen(a->token), t, strlen(t));
        if (ok && who)
            *who = "token";
        return ok;
    }
    return false;
}
