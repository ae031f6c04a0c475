/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/suggest.c - "did you mean" for IRIs a query names but the store
 * has nowhere (see suggest.h). The query text is scanned for <IRIs> and
 * prefixed names outside strings, comments and PREFIX/BASE lines, leaving
 * out datatypes (^^xsd:date) and function calls (xsd:integer(?x)); each is
 * looked up with one ASK; candidates come from the completion vocabulary
 * (the store's classes, properties and entities as prefixed names), ranked
 * by edit distance ignoring case. */
#define _GNU_SOURCE
#include "suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "complete.h"

#define MAX_NAMES 32  /* names checked per query */
#define MAX_SHOWN 3   /* suggestions per name */

static const char q_present[] =
    "ASK { { <%s> ?p ?o } UNION { ?s <%s> ?o } UNION { ?s ?p <%s> } UNION "
    "{ GRAPH <%s> { ?s ?p ?o } } }";

static bool name_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '%' || c >= 0x80;
}

/* Whether the store has iri anywhere. Errors count as present: a warning
 * must never be wrong. */
static bool present(kgsh_session *s, const char *iri)
{
    if (strpbrk(iri, "<>\"{}|^`\\ \t\n\r"))
        return true;
    char *text = NULL;
    int len = asprintf(&text, q_present, iri, iri, iri, iri);
    if (len < 0)
        return true;
    kg_query *q = NULL;
    kg_results *r = NULL;
    kg_error err = {0};
    bool found = true;
    if (kg_query_prepare(&q, s->store, text, (size_t)len, NULL, &err) == KG_OK &&
        kg_query_execute(&r, q) == KG_OK)
        found = kg_results_boolean(r);
    kg_results_free(r);
    kg_query_free(q);
    free(text);
    return found;
}

/* Optimal string alignment distance, ignoring case; stops counting past
 * limit (returns limit + 1). */
static size_t distance(const char *a, const char *b, size_t limit)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 200 || m > 200 || (n > m ? n - m : m - n) > limit)
        return limit + 1;
    size_t d[3][201], *prev2 = d[0], *prev = d[1], *cur = d[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= m; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t v = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
        size_t *t = prev2;
        prev2 = prev, prev = cur, cur = t;
    }
    return prev[m];
}

/* Prints the warning for name, with up to MAX_SHOWN of the closest words. */
static void warn(kgsh_session *s, const char *name)
{
    const char *const *words = NULL;
    size_t n = kgsh_complete_words(s, &words);
    const char *colon = strchr(name, ':');
    size_t local = colon ? strlen(colon + 1) : strlen(name);
    size_t limit = local < 4 ? 1 : local < 9 ? 2 : 3;
    const char *best[MAX_SHOWN];
    size_t best_d[MAX_SHOWN], found = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(name, words[i], limit);
        bool dup = false; /* a class is an entity too */
        for (size_t k = 0; k < found; k++)
            dup = dup || strcmp(best[k], words[i]) == 0;
        if (d > limit || dup)
            continue;
        /* ties keep the earlier word; a case-only match ranks first */
        size_t at = found;
        while (at > 0 && best_d[at - 1] > d)
            at--;
        if (at == MAX_SHOWN)
            continue;
        if (found < MAX_SHOWN)
            found++;
        memmove(best + at + 1, best + at, (found - 1 - at) * sizeof *best);
        memmove(best_d + at + 1, best_d + at, (found - 1 - at) * sizeof *best_d);
        best[at] = words[i];
        best_d[at] = d;
    }
    fflush(s->out);
    fprintf(stderr, "Warning: %s is not in the store", name);
    for (size_t i = 0; i < found; i++)
        fprintf(stderr, "%s%s", i == 0 ? "; did you mean " : i + 1 == found ? " or " : ", ",
                best[i]);
    fputs(found ? "?\n" : "\n", stderr);
}

/* Checks one name as typed (a prefixed name or <IRI>). */
static void check_name(kgsh_session *s, const char *name)
{
    char *iri = kgsh_prefixes_expand(s->prefixes, name);
    if (iri && strchr(iri, ':') && !present(s, iri)) /* relative IRIs: BASE's business */
        warn(s, name);
    free(iri);
}

/* Whether the name at text[at..end) is a datatype or a function call. */
static bool not_a_node(const char *text, size_t len, size_t at, size_t end)
{
    while (end < len && isspace((unsigned char)text[end]))
        end++;
    return (at >= 2 && text[at - 1] == '^' && text[at - 2] == '^') ||
           (end < len && text[end] == '(');
}

void kgsh_suggest_check(kgsh_session *s, const char *text, size_t len)
{
    char *seen[MAX_NAMES];
    size_t nseen = 0;
    int skip = 0; /* tokens after PREFIX (p: <iri>) or BASE (<iri>) */
    for (size_t i = 0; i < len && nseen < MAX_NAMES;) {
        unsigned char c = (unsigned char)text[i];
        size_t at = i, end;
        if (c == '#') {
            while (i < len && text[i] != '\n')
                i++;
            continue;
        }
        if (c == '"' || c == '\'') {
            bool triple = i + 2 < len && text[i + 1] == (char)c && text[i + 2] == (char)c;
            for (i += triple ? 3 : 1; i < len; i++) {
                if (text[i] == '\\') {
                    i++;
                } else if (text[i] == (char)c &&
                           (!triple || (i + 2 < len && text[i + 1] == (char)c &&
                                        text[i + 2] == (char)c))) {
                    i += triple ? 3 : 1;
                    break;
                }
            }
            continue;
        }
        if (c == '?' || c == '$') { /* a variable */
            for (i++; i < len && name_char((unsigned char)text[i]); i++)
                ;
            continue;
        }
        if (c == '<') {
            end = i + 1;
            while (end < len && (unsigned char)text[end] > 0x20 && !strchr("<>\"{}|^`\\", text[end]))
                end++;
            if (end >= len || text[end] != '>') {
                i++;
                continue;
            }
            end++;
        } else if (name_char(c) && c != '.' && c != '-') {
            end = i;
            while (end < len && name_char((unsigned char)text[end]))
                end++;
            while (end > i && text[end - 1] == '.') /* a name never ends with '.' */
                end--;
            if (!memchr(text + i, ':', end - i) || (c == '_' && text[i + 1] == ':')) {
                /* a keyword, or a blank node */
                if (end - i == 6 && strncasecmp(text + i, "prefix", 6) == 0)
                    skip = 2;
                else if (end - i == 4 && strncasecmp(text + i, "base", 4) == 0)
                    skip = 1;
                i = end > i ? end : i + 1;
                continue;
            }
        } else {
            i++;
            continue;
        }
        i = end;
        if (skip > 0) { /* PREFIX p: <iri> and BASE <iri> declare, they do not name */
            skip--;
            continue;
        }
        if (not_a_node(text, len, at, end))
            continue;
        if (text[end - 1] == ':') /* a namespace, as in STR(kg:) */
            continue;
        char *name = strndup(text + at, end - at);
        bool dup = !name;
        for (size_t k = 0; name && k < nseen; k++)
            dup = dup || strcmp(seen[k], name) == 0;
        if (dup) {
            free(name);
            continue;
        }
        seen[nseen++] = name;
        check_name(s, name);
    }
    for (size_t k = 0; k < nseen; k++)
        free(seen[k]);
}
