/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/prefixes.c - the shell's namespace prefix table: seeding, lookup,
 * IRI compaction for display, and learning PREFIX lines from queries. */
#include "prefixes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kg/grow.h"

typedef struct entry {
    char *name;
    char *iri;
    kgsh_prefix_source src;
} entry;

struct kgsh_prefixes {
    entry *items; /* sorted by name */
    size_t n, cap;
    const char *(*pairs)[2]; /* cache for kgsh_prefixes_pairs, NULL when stale */
    char *base;              /* the last BASE a statement declared, or NULL */
};

static const char *const builtin[][2] = {
    {"rdf", KG_RDF},
    {"rdfs", KG_RDFS},
    {"owl", KG_OWL},
    {"xsd", KG_XSD},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"schema", "http://schema.org/"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"org", "http://www.w3.org/ns/org#"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"wd", "http://www.wikidata.org/entity/"},
    {"wdt", "http://www.wikidata.org/prop/direct/"},
    {"kg", "https://w3id.org/kgsh/ontology#"},
    {"kgr", "https://w3id.org/kgsh/id/"},
    {"art", "https://w3id.org/kgsh/article/"},
};

kgsh_prefixes *kgsh_prefixes_new(void)
{
    kgsh_prefixes *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        if (!kgsh_prefixes_set(p, builtin[i][0], builtin[i][1], KGSH_PREFIX_BUILTIN)) {
            kgsh_prefixes_free(p);
            return NULL;
        }
    }
    return p;
}

void kgsh_prefixes_free(kgsh_prefixes *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].iri);
    }
    free(p->items);
    free(p->pairs);
    free(p->base);
    free(p);
}

/* Index of name, or of where it would go (with *found false). */
static size_t find(const kgsh_prefixes *p, const char *name, bool *found)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(p->items[mid].name, name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

bool kgsh_prefixes_set(kgsh_prefixes *p, const char *name, const char *iri, kgsh_prefix_source src)
{
    bool found;
    size_t at = find(p, name, &found);
    if (found && src == KGSH_PREFIX_STORE && p->items[at].src != KGSH_PREFIX_STORE)
        return true;
    char *copy = strdup(iri);
    if (!copy)
        return false;
    free(p->pairs);
    p->pairs = NULL;
    if (found) {
        free(p->items[at].iri);
        p->items[at].iri = copy;
        p->items[at].src = src;
        return true;
    }
    char *name_copy = strdup(name);
    if (!name_copy) {
        free(copy);
        return false;
    }
    if (!kg_grow(&p->items, &p->cap, p->n, sizeof *p->items, 32)) {
        free(copy);
        free(name_copy);
        return false;
    }
    memmove(p->items + at + 1, p->items + at, (p->n - at) * sizeof *p->items);
    p->items[at] = (entry){name_copy, copy, src};
    p->n++;
    return true;
}

/* SPARQL keywords, which a prefix name must not look like: "a:s1" next to
 * the keyword a reads as one. */
static bool is_keyword(const char *name)
{
    static const char *const keywords[] = {
        "a", "true", "false", "select", "construct", "describe", "ask", "where", "from",
        "named", "prefix", "base", "distinct", "reduced", "optional", "union", "minus",
        "filter", "graph", "service", "silent", "bind", "as", "values", "group", "by",
        "having", "order", "asc", "desc", "limit", "offset", "insert", "delete", "data",
        "with", "using", "default", "all", "load", "clear", "drop", "create", "add", "move",
        "copy", "into", "to", "not", "in", "exists", "undef", NULL};
    for (const char *const *k = keywords; *k; k++)
        if (strcasecmp(name, *k) == 0)
            return true;
    return false;
}

/* The store's prefixes come from the files loaded into it, which may bind
 * a keyword (the bundled articles bind "a:"): such a one is known as the
 * name with the first free number after it ("a1:"). */
static int add_store_prefix(void *ctx, const char *prefix, const char *iri)
{
    kgsh_prefixes *p = ctx;
    if (!is_keyword(prefix)) {
        kgsh_prefixes_set(p, prefix, iri, KGSH_PREFIX_STORE);
        return 0;
    }
    char name[64];
    for (int i = 1; i < 100; i++) {
        snprintf(name, sizeof name, "%.50s%d", prefix, i);
        const char *bound = kgsh_prefixes_lookup(p, name);
        if (!bound || strcmp(bound, iri) == 0) {
            kgsh_prefixes_set(p, name, iri, KGSH_PREFIX_STORE);
            break;
        }
    }
    return 0;
}

void kgsh_prefixes_add_store(kgsh_prefixes *p, kg_store *store)
{
    kg_store_prefixes(store, add_store_prefix, p);
}

size_t kgsh_prefixes_count(const kgsh_prefixes *p) { return p->n; }
const char *kgsh_prefixes_base(const kgsh_prefixes *p) { return p->base; }
const char *kgsh_prefixes_name(const kgsh_prefixes *p, size_t i) { return p->items[i].name; }
const char *kgsh_prefixes_iri(const kgsh_prefixes *p, size_t i) { return p->items[i].iri; }

const char *kgsh_prefixes_lookup(const kgsh_prefixes *p, const char *name)
{
    bool found;
    size_t at = find(p, name, &found);
    return found ? p->items[at].iri : NULL;
}

const char *kgsh_prefixes_lookup_n(const kgsh_prefixes *p, const char *name, size_t len)
{
    char buf[256];
    if (len >= sizeof buf)
        return NULL;
    memcpy(buf, name, len);
    buf[len] = '\0';
    return kgsh_prefixes_lookup(p, buf);
}

const char *const (*kgsh_prefixes_pairs(kgsh_prefixes *p))[2]
{
    if (!p->pairs) {
        p->pairs = calloc(p->n + 1, sizeof *p->pairs);
        if (!p->pairs)
            return NULL;
        for (size_t i = 0; i < p->n; i++) {
            p->pairs[i][0] = p->items[i].name;
            p->pairs[i][1] = p->items[i].iri;
        }
    }
    return (const char *const(*)[2])p->pairs;
}

/* A conservative reading of Turtle's PN_LOCAL: letters, digits, '_' and '-'
 * (and '.' inside), plus any non-ASCII character. Names it rejects are shown
 * as full IRIs, which is always correct. */
static bool valid_local(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return true;
    if (s[0] == '-' || s[0] == '.' || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80))
            return false;
    }
    return true;
}

size_t kgsh_prefixes_compact(const kgsh_prefixes *p, const char *iri, char *buf, size_t size)
{
    const entry *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < p->n; i++) {
        size_t len = strlen(p->items[i].iri);
        if (len > best_len && strncmp(iri, p->items[i].iri, len) == 0 && valid_local(iri + len)) {
            best = &p->items[i];
            best_len = len;
        }
    }
    int n = best ? snprintf(buf, size, "%s:%s", best->name, iri + best_len)
                 : snprintf(buf, size, "<%s>", iri);
    return n < 0 ? 0 : (size_t)n;
}

char *kgsh_prefixes_expand(const kgsh_prefixes *p, const char *text)
{
    size_t n = strlen(text);
    if (n >= 2 && text[0] == '<' && text[n - 1] == '>')
        return strndup(text + 1, n - 2);
    const char *colon = strchr(text, ':');
    if (!colon || strpbrk(text, " \t<>\"{}"))
        return NULL;
    char name[256];
    size_t name_len = (size_t)(colon - text);
    if (name_len >= sizeof name)
        return NULL;
    memcpy(name, text, name_len);
    name[name_len] = '\0';
    const char *ns = kgsh_prefixes_lookup(p, name);
    if (!ns)
        return NULL;
    size_t ns_len = strlen(ns), local_len = strlen(colon + 1);
    char *out = malloc(ns_len + local_len + 1);
    if (out) {
        memcpy(out, ns, ns_len);
        memcpy(out + ns_len, colon + 1, local_len + 1);
    }
    return out;
}

/* Skips white space and '#' comments. */
static const char *skip_space(const char *s, const char *end)
{
    while (s < end) {
        if (isspace((unsigned char)*s)) {
            s++;
        } else if (*s == '#') {
            while (s < end && *s != '\n')
                s++;
        } else {
            break;
        }
    }
    return s;
}

void kgsh_prefixes_learn(kgsh_prefixes *p, const char *text, size_t len)
{
    const char *s = text, *end = text + len;
    for (;;) {
        s = skip_space(s, end);
        if (end - s > 4 && strncasecmp(s, "BASE", 4) == 0 && isspace((unsigned char)s[4])) {
            const char *lt = skip_space(s + 4, end);
            const char *gt = memchr(s, '>', (size_t)(end - s));
            if (!gt || *lt != '<')
                return;
            char *base = strndup(lt + 1, (size_t)(gt - lt - 1));
            if (base && strchr(base, ':')) { /* kept when absolute, as PREFIX lines are */
                free(p->base);
                p->base = base;
            } else {
                free(base);
            }
            s = gt + 1;
            continue;
        }
        if (!(end - s > 6 && strncasecmp(s, "PREFIX", 6) == 0 && isspace((unsigned char)s[6])))
            return;
        s = skip_space(s + 6, end);
        const char *name = s;
        while (s < end && *s != ':' && !isspace((unsigned char)*s))
            s++;
        if (s >= end || *s != ':')
            return;
        size_t name_len = (size_t)(s - name);
        s = skip_space(s + 1, end);
        if (s >= end || *s != '<')
            return;
        const char *gt = memchr(s, '>', (size_t)(end - s));
        if (!gt || name_len > 255)
            return;
        char nm[256];
        memcpy(nm, name, name_len);
        nm[name_len] = '\0';
        char *iri = strndup(s + 1, (size_t)(gt - s - 1));
        if (iri)
            kgsh_prefixes_set(p, nm, iri, KGSH_PREFIX_DECLARED);
        free(iri);
        s = gt + 1;
    }
}
