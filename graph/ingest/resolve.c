/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/resolve.c - name normalisation and the resolver's rules (see
 * resolve.h). The resolver keeps every registered name with its two
 * normalised forms, indexed by each form (and, for the word-prefix rule,
 * by every shorter run of whole words), so a match looks at the few names
 * that can apply instead of all of them: a scan per CSV row made imports
 * of 40,000 rows quadratic. Candidates are still taken in registration
 * order, which keeps results deterministic. */
#include "ingest/resolve.h"
#include "kg/grow.h"

#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"

static const char *const legal_forms[] = {
    "co",          "company", "ltd",     "limited",  "inc", "incorporated", "corp",
    "corporation", "group",   "holding", "holdings", "llc", "plc",          NULL};

static bool is_legal_form(const char *w, size_t len)
{
    for (const char *const *f = legal_forms; *f; f++)
        if (strlen(*f) == len && memcmp(*f, w, len) == 0)
            return true;
    return false;
}

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Appends c to out, never writing past size - 1. */
static void put(char *out, size_t size, size_t *n, char c)
{
    if (*n + 1 < size)
        out[(*n)++] = c;
}

/* The trailing bracketed part of name, "(CATL)" in "... Co., Ltd. (CATL)*":
 * sets *open and *close (the brackets' offsets) and returns true when the
 * name ends with one (only spaces and '*' may follow). A bracket inside a
 * name ("Huawei Digital Technologies (Suzhou) Co., Ltd.") is part of it. */
static bool trailing_bracket(const char *name, size_t *open, size_t *close)
{
    size_t len = strlen(name);
    while (len && (name[len - 1] == ' ' || name[len - 1] == '*'))
        len--;
    if (len == 0 || name[len - 1] != ')')
        return false;
    int depth = 0;
    for (size_t i = len; i-- > 0;) {
        if (name[i] == ')')
            depth++;
        else if (name[i] == '(' && --depth == 0) {
            if (i == 0)
                return false; /* the whole name is in brackets */
            *open = i;
            *close = len - 1;
            return true;
        }
    }
    return false;
}

size_t kg_name_normalise(const char *name, bool strip_legal, char *out, size_t size)
{
    size_t n = 0, open = 0, close = 0;
    bool cut = trailing_bracket(name, &open, &close);
    bool space = true; /* at the start or after a space: drop further spaces */
    for (size_t i = 0; name[i]; i++) {
        unsigned char c = (unsigned char)name[i];
        if (cut && i >= open && i <= close)
            continue;
        if (c == '\'' || c == '*')
            continue;
        /* U+2019 and U+2018 (curly apostrophes) are dropped like '\'' */
        if (c == 0xE2 && (unsigned char)name[i + 1] == 0x80 &&
            ((unsigned char)name[i + 2] == 0x98 || (unsigned char)name[i + 2] == 0x99)) {
            i += 2;
            continue;
        }
        if (c == '&') {
            if (!space)
                put(out, size, &n, ' ');
            put(out, size, &n, 'a'), put(out, size, &n, 'n'), put(out, size, &n, 'd');
            put(out, size, &n, ' ');
            space = true;
            continue;
        }
        if (c >= 0x80 || is_alnum(c)) {
            put(out, size, &n, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
            space = false;
        } else if (!space) {
            put(out, size, &n, ' ');
            space = true;
        }
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    while (strip_legal) {
        size_t start = n;
        while (start > 0 && out[start - 1] != ' ')
            start--;
        if (start == 0 || !is_legal_form(out + start, n - start))
            break;
        n = start - 1; /* drop the word and the space before it */
    }
    if (size)
        out[n < size ? n : size - 1] = '\0';
    return n;
}

bool kg_name_short(const char *name, const char **text, size_t *len)
{
    size_t open, close;
    if (!trailing_bracket(name, &open, &close))
        return false;
    const char *s = name + open + 1, *e = name + close;
    while (s < e && *s == ' ')
        s++;
    while (e > s && e[-1] == ' ')
        e--;
    *text = s;
    *len = (size_t)(e - s);
    return e > s;
}

size_t kg_name_slug(const char *name, char *out, size_t size)
{
    size_t n = 0;
    bool dash = true;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (is_alnum(*p)) {
            put(out, size, &n, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
            dash = false;
        } else if (!dash) {
            put(out, size, &n, '-');
            dash = true;
        }
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    if (n == 0)
        for (const char *d = "entity"; *d; d++)
            put(out, size, &n, *d);
    if (size)
        out[n] = '\0';
    return n;
}

typedef struct entry {
    uint32_t entity;
    bool primary;
    char *raw;   /* the name as registered */
    char *light; /* normalised, legal forms kept */
    char *full;  /* normalised, legal forms removed */
} entry;

typedef struct rejection {
    char *name;
    uint32_t entity;
} rejection;

/* The entries (by index, ascending) filed under one key of an index. */
typedef struct posting {
    uint32_t *v;
    size_t n, cap;
} posting;

/* What an entry is filed under; IX_PREFIX holds the shorter word runs. */
enum { IX_RAW, IX_LIGHT, IX_FULL, IX_PREFIX, IX_COUNT };

struct kg_resolver {
    entry *e;
    size_t n, cap;
    rejection *rej;
    size_t n_rej;
    kg_strmap *index[IX_COUNT]; /* key -> number in postings */
    posting *postings;
    size_t n_postings, cap_postings;
};

kg_resolver *kg_resolver_new(void)
{
    kg_resolver *r = calloc(1, sizeof(kg_resolver));
    for (int i = 0; r && i < IX_COUNT; i++)
        if (!(r->index[i] = kg_strmap_new())) {
            kg_resolver_free(r);
            return NULL;
        }
    return r;
}

void kg_resolver_free(kg_resolver *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->e[i].raw), free(r->e[i].light), free(r->e[i].full);
    for (size_t i = 0; i < r->n_rej; i++)
        free(r->rej[i].name);
    for (int i = 0; i < IX_COUNT; i++)
        kg_strmap_free(r->index[i]);
    for (size_t i = 0; i < r->n_postings; i++)
        free(r->postings[i].v);
    free(r->postings);
    free(r->e);
    free(r->rej);
    free(r);
}

/* The entries filed under key (len bytes) in index ix, or NULL. */
static const posting *filed(const kg_resolver *r, int ix, const char *key, size_t len)
{
    int p;
    return kg_strmap_get(r->index[ix], key, len, &p) ? &r->postings[p] : NULL;
}

/* Files entry number e under key; false on ENOMEM. */
static bool file_under(kg_resolver *r, int ix, const char *key, size_t len, uint32_t e)
{
    int p;
    if (!kg_strmap_get(r->index[ix], key, len, &p)) {
        if (!kg_grow(&r->postings, &r->cap_postings, r->n_postings, sizeof *r->postings, 64))
            return false;
        p = (int)r->n_postings;
        if (!kg_strmap_put(r->index[ix], key, len, p))
            return false;
        r->postings[r->n_postings++] = (posting){0};
    }
    posting *list = &r->postings[p];
    if (list->n && list->v[list->n - 1] == e)
        return true; /* the same entry under the same key twice */
    if (!kg_grow(&list->v, &list->cap, list->n, sizeof *list->v, 2))
        return false;
    list->v[list->n++] = e;
    return true;
}

/* Files entry number e under each of its forms and its shorter word runs. */
static bool file_entry(kg_resolver *r, uint32_t e)
{
    const entry *x = &r->e[e];
    if (!file_under(r, IX_RAW, x->raw, strlen(x->raw), e) ||
        !file_under(r, IX_LIGHT, x->light, strlen(x->light), e) ||
        !file_under(r, IX_FULL, x->full, strlen(x->full), e))
        return false;
    for (const char *sp = strchr(x->full, ' '); sp; sp = strchr(sp + 1, ' '))
        if (!file_under(r, IX_PREFIX, x->full, (size_t)(sp - x->full), e))
            return false;
    return true;
}

static char *normalised_copy(const char *name, bool strip_legal)
{
    size_t size = strlen(name) * 2 + 8;
    char *out = malloc(size);
    if (out)
        kg_name_normalise(name, strip_legal, out, size);
    return out;
}

bool kg_resolver_has_name(const kg_resolver *r, uint32_t entity, const char *name)
{
    const posting *p = filed(r, IX_RAW, name, strlen(name));
    for (size_t i = 0; p && i < p->n; i++)
        if (r->e[p->v[i]].entity == entity)
            return true;
    return false;
}

bool kg_resolver_add(kg_resolver *r, uint32_t entity, const char *name, bool primary)
{
    if (!*name || kg_resolver_has_name(r, entity, name))
        return true;
    if (!kg_grow(&r->e, &r->cap, r->n, sizeof *r->e, 64))
        return false;
    entry x = {entity, primary, strdup(name), normalised_copy(name, false),
               normalised_copy(name, true)};
    if (!x.raw || !x.light || !x.full) {
        free(x.raw), free(x.light), free(x.full);
        return false;
    }
    r->e[r->n++] = x;
    return file_entry(r, (uint32_t)(r->n - 1));
}

bool kg_resolver_reject(kg_resolver *r, const char *name, uint32_t entity)
{
    rejection *v = realloc(r->rej, (r->n_rej + 1) * sizeof *v);
    if (!v)
        return false;
    r->rej = v;
    char *copy = strdup(name);
    if (!copy)
        return false;
    r->rej[r->n_rej++] = (rejection){copy, entity};
    return true;
}

static bool rejected(const kg_resolver *r, const char *name, uint32_t entity)
{
    for (size_t i = 0; i < r->n_rej; i++)
        if (r->rej[i].entity == entity && strcmp(r->rej[i].name, name) == 0)
            return true;
    return false;
}

/* The entities found by one rule, in registration order, without repeats. */
typedef struct found {
    uint32_t entity[KG_RESOLVE_MAX_CANDIDATES];
    const char *matched[KG_RESOLVE_MAX_CANDIDATES];
    size_t n;
} found;

static void add_found(found *f, uint32_t entity, const char *matched)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->entity[i] == entity)
            return;
    if (f->n < KG_RESOLVE_MAX_CANDIDATES) {
        f->entity[f->n] = entity;
        f->matched[f->n++] = matched;
    }
}

typedef enum rule { RULE_EXACT, RULE_LIGHT, RULE_FULL, RULE_ALIAS, RULE_WORDS } rule;

/* True when a is b followed by more words, or the reverse. */
static bool word_prefix(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0 || lb == 0 || la == lb)
        return false;
    const char *s = la < lb ? a : b, *l = la < lb ? b : a;
    size_t ls = la < lb ? la : lb;
    return strncmp(s, l, ls) == 0 && l[ls] == ' ';
}

typedef struct query {
    const char *name, *light, *full;
    char **alias_full; /* normalised list aliases */
    size_t n_aliases;
} query;

static bool applies(const query *q, const entry *e, rule r)
{
    switch (r) {
    case RULE_EXACT:
        return strcmp(e->raw, q->name) == 0;
    case RULE_LIGHT:
        return e->primary && *q->light && strcmp(e->light, q->light) == 0;
    case RULE_FULL:
        return e->primary && *q->full && strcmp(e->full, q->full) == 0;
    case RULE_ALIAS:
        if (!e->primary && *q->full && strcmp(e->full, q->full) == 0)
            return true;
        for (size_t i = 0; i < q->n_aliases; i++)
            if (*q->alias_full[i] && strcmp(e->full, q->alias_full[i]) == 0)
                return true;
        return false;
    case RULE_WORDS:
        return e->primary && word_prefix(e->full, q->full);
    }
    return false;
}

/* The entries a rule may apply to, from the indexes: every entry it
 * applies to is among them (applies() decides), in registration order. */
typedef struct candidates {
    uint32_t *v;
    size_t n, cap;
} candidates;

static bool take(candidates *c, const posting *p)
{
    if (!p)
        return true;
    if (c->n + p->n > c->cap) {
        size_t cap = (c->n + p->n) * 2;
        uint32_t *grown = realloc(c->v, cap * sizeof *grown);
        if (!grown)
            return false;
        c->v = grown;
        c->cap = cap;
    }
    memcpy(c->v + c->n, p->v, p->n * sizeof *p->v);
    c->n += p->n;
    return true;
}

static int by_number(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static bool gather(const kg_resolver *r, const query *q, rule rl, candidates *c)
{
    c->n = 0;
    bool ok = true;
    switch (rl) {
    case RULE_EXACT:
        ok = take(c, filed(r, IX_RAW, q->name, strlen(q->name)));
        break;
    case RULE_LIGHT:
        ok = take(c, filed(r, IX_LIGHT, q->light, strlen(q->light)));
        break;
    case RULE_FULL:
        ok = take(c, filed(r, IX_FULL, q->full, strlen(q->full)));
        break;
    case RULE_ALIAS:
        ok = take(c, filed(r, IX_FULL, q->full, strlen(q->full)));
        for (size_t i = 0; ok && i < q->n_aliases; i++)
            ok = take(c, filed(r, IX_FULL, q->alias_full[i], strlen(q->alias_full[i])));
        break;
    case RULE_WORDS: /* names the query's words start, and names starting them */
        ok = take(c, filed(r, IX_PREFIX, q->full, strlen(q->full)));
        for (const char *sp = strchr(q->full, ' '); ok && sp; sp = strchr(sp + 1, ' '))
            ok = take(c, filed(r, IX_FULL, q->full, (size_t)(sp - q->full)));
        break;
    }
    if (!ok)
        return false;
    if (c->n > 1) /* c->v may be NULL when nothing was gathered */
        qsort(c->v, c->n, sizeof *c->v, by_number);
    size_t kept = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!kept || c->v[kept - 1] != c->v[i])
            c->v[kept++] = c->v[i];
    c->n = kept;
    return true;
}

void kg_resolver_match(const kg_resolver *r, const char *name, const char *const *aliases,
                       size_t n_aliases, uint32_t exclude, kg_resolution *out)
{
    static const kg_link_method method[] = {KG_LINK_EXACT, KG_LINK_NORMALISED, KG_LINK_NORMALISED,
                                            KG_LINK_ALIAS, KG_LINK_NEW};
    memset(out, 0, sizeof *out);
    char *alias_full[16];
    query q = {name, normalised_copy(name, false), normalised_copy(name, true), alias_full, 0};
    for (size_t i = 0; i < n_aliases && q.n_aliases < 16; i++) {
        char *a = normalised_copy(aliases[i], true);
        if (a)
            alias_full[q.n_aliases++] = a;
    }
    candidates c = {0};
    if (q.light && q.full) {
        for (rule rl = RULE_EXACT; rl <= RULE_WORDS; rl++) {
            found f = {.n = 0};
            if (!gather(r, &q, rl, &c))
                break; /* out of memory: as if nothing matched */
            for (size_t k = 0; k < c.n; k++) {
                const entry *e = &r->e[c.v[k]];
                if (e->entity != exclude && !rejected(r, name, e->entity) && applies(&q, e, rl))
                    add_found(&f, e->entity, e->raw);
            }
            if (f.n == 0)
                continue;
            if (f.n == 1 && rl != RULE_WORDS) {
                out->method = method[rl];
                out->entity = f.entity[0];
                out->matched = f.matched[0];
            } else {
                memcpy(out->candidates, f.entity, f.n * sizeof f.entity[0]);
                out->n_candidates = f.n;
            }
            break;
        }
    }
    free(c.v);
    free((char *)q.light);
    free((char *)q.full);
    for (size_t i = 0; i < q.n_aliases; i++)
        free(alias_full[i]);
}
