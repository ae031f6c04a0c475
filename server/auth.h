/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/auth.h - who may change the store through `kgsh serve`: HTTP
 * Basic credentials checked against a password file, or a bearer token.
 * Credentials never come from the command line (it is visible to every
 * user in ps): a file, or the KGSH_SERVE_TOKEN environment variable.
 *
 * Password file: one "user:secret" per line ('#' starts a comment). The
 * secret is the password itself, or the hashed form kgsh_auth_hash writes
 * ("pbkdf2-sha256$ITERATIONS$SALT$KEY", hex, nettle's PBKDF2-HMAC-SHA256),
 * which is what a file kept on disk should hold. Comparisons take the same
 * time whatever matches. */
#ifndef KGSH_AUTH_H
#define KGSH_AUTH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kgsh_auth kgsh_auth;

/* Reads the password file and the token file (either may be NULL) and
 * takes env_token (may be NULL or empty) as a token too. On failure
 * returns false with the reason ("FILE:LINE: ...") in why. *out is owned
 * by the caller (kgsh_auth_free). */
bool kgsh_auth_load(kgsh_auth **out, const char *password_file, const char *token_file,
                    const char *env_token, char *why, size_t why_size);
void kgsh_auth_free(kgsh_auth *a);

/* Whether any credential is configured (without one no write is allowed). */
bool kgsh_auth_configured(const kgsh_auth *a);

/* Whether an Authorization header value ("Basic ..." or "Bearer ...", may
 * be NULL) carries valid credentials. On success *user (may be NULL) points
 * at the user name, or "token"; borrowed from a. */
bool kgsh_auth_check(const kgsh_auth *a, const char *authorization, const char **user);

/* The hashed form of password with a fresh random salt, newly allocated;
 * NULL on failure. */
char *kgsh_auth_hash(const char *password);

#endif
