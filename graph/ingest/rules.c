/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/rules.c - reading the ingestion rules file (format in
 * ontology/INGEST-RULES.md) into word lists, suffix and place tables and
 * compiled relation rules. A malformed line is a syntax error with its line
 * number; nothing here knows any article. */
#include "ingest/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kg/term.h"
#include "util/utf8.h"

static const char *const class_names[KGI_CLASS_COUNT] = {
    NULL,           "Company",      "Organization",   "GovernmentAgency",
    "Person",       "Official",     "City",           "Region",
    "Country",      "Place",        "Event",          "Post",
    "SanctionsProgramme", "Plan",   "Investment",     "Sanction",
    "ExportControlListing", "Designation", "ProcurementBan", "AssetFreeze",
    "Agreement",    "Deal",         "PostHolding",
};

const char *kgi_class_name(kgi_class cls)
{
    return cls > KGI_NONE && cls < KGI_CLASS_COUNT ? class_names[cls] : NULL;
}

kgi_class kgi_class_from_name(const char *name)
{
    for (int c = 1; c < KGI_CLASS_COUNT; c++)
        if (!strcmp(class_names[c], name))
            return (kgi_class)c;
    return KGI_NONE;
}

unsigned kgi_class_cats(kgi_class cls)
{
    switch (cls) {
    case KGI_COMPANY:
        return KGI_CAT_COMPANY | KGI_CAT_ORG;
    case KGI_ORGANIZATION:
        return KGI_CAT_ORG;
    case KGI_AGENCY:
        return KGI_CAT_AGENCY | KGI_CAT_ORG;
    case KGI_PERSON:
    case KGI_OFFICIAL:
        return KGI_CAT_PERSON;
    case KGI_COUNTRY:
        return KGI_CAT_PLACE | KGI_CAT_COUNTRY;
    case KGI_CITY:
    case KGI_REGION:
    case KGI_PLACE:
        return KGI_CAT_PLACE;
    case KGI_EVENT:
        return KGI_CAT_EVENT;
    case KGI_POST:
        return KGI_CAT_POST;
    case KGI_PROGRAMME:
        return KGI_CAT_PROGRAMME;
    default:
        return 0;
    }
}

size_t kgi_list_match(const kgi_list *list, const kgi_tokens *t, size_t i)
{
    int dummy;
    if (!list || i >= t->n || !kg_strmap_get(list->first, t->items[i].low, strlen(t->items[i].low), &dummy))
        return 0;
    size_t best = 0;
    for (size_t e = 0; e < list->n; e++) {
        char **toks = list->entries[e];
        size_t k = 0;
        while (toks[k] && i + k < t->n && !strcmp(toks[k], t->items[i + k].low))
            k++;
        if (!toks[k] && k > best)
            best = k;
    }
    return best;
}

/* --- parsing --- */

typedef struct parser {
    kgi_rules *r;
    const char *name;
    int line;
    kg_error *err;
} parser;

static kg_status fail(parser *p, const char *fmt, const char *detail)
{
    kg_error_set(p->err, KG_ERR_SYNTAX, p->name, fmt, detail);
    if (p->err)
        p->err->line = (unsigned long)p->line;
    return KG_ERR_SYNTAX;
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* The tokens of an entry (lowercase), NULL-terminated, in the arena, into
 * *out (NULL for an entry of spaces only) and *count (may be NULL). False
 * on ENOMEM. */
static bool entry_tokens(char ***out, size_t *count, kgi_rules *r, const char *entry)
{
    kgi_tokens t = {0};
    *out = NULL;
    bool ok = kgi_tokenize(&t, entry, 0, strlen(entry), 0, r->arena);
    if (ok && t.n) {
        *out = kg_arena_alloc(r->arena, (t.n + 1) * sizeof **out);
        ok = *out != NULL;
        for (size_t i = 0; ok && i < t.n; i++)
            (*out)[i] = (char *)t.items[i].low;
        if (ok)
            (*out)[t.n] = NULL;
    }
    if (count)
        *count = *out ? t.n : 0;
    kgi_tokens_free(&t);
    return ok;
}

/* Lists are allocated one by one: rules keep pointers to them. */
static kgi_list *new_list(kgi_list ***items, size_t *n, const char *name, kg_arena *arena)
{
    kgi_list **grown = realloc(*items, (*n + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    *items = grown;
    kgi_list *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    grown[(*n)++] = l;
    l->name = kg_arena_strdup(arena, name);
    l->first = kg_strmap_new();
    return l->first && l->name ? l : NULL;
}

static bool list_add(kgi_rules *r, kgi_list *l, const char *entry)
{
    char **toks;
    if (!entry_tokens(&toks, NULL, r, entry))
        return false;
    if (!toks)
        return true; /* an entry of spaces only: nothing to add */
    char ***grown = realloc(l->entries, (l->n + 1) * sizeof *grown);
    if (!grown)
        return false;
    l->entries = grown;
    char **raw = realloc(l->raw, (l->n + 2) * sizeof *raw);
    if (!raw)
        return false;
    l->raw = raw;
    char *low = kg_arena_alloc(r->arena, strlen(entry) * 4 + 1);
    if (!low)
        return false;
    low[kg_utf8_lower(entry, strlen(entry), low)] = '\0';
    l->raw[l->n] = low;
    l->raw[l->n + 1] = NULL;
    l->entries[l->n++] = toks;
    return kg_strmap_put(l->first, toks[0], strlen(toks[0]), 1);
}

/* Raw entry strings of a list: kept for the reader's cues (abbreviations,
 * boilerplate) which work on characters, not tokens. */
typedef enum section {
    SEC_NONE,
    SEC_LIST,
    SEC_SUFFIX,
    SEC_PLACE,
    SEC_DEMONYM,
    SEC_CURRENCY,
    SEC_RULE
} section;

typedef struct state {
    section sec;
    kgi_list *list;
    kgi_class cls;
    int place; /* demonym target */
    kgi_rule *rule;
} state;

static kg_status add_entries(parser *p, state *st, char *text)
{
    kgi_rules *r = p->r;
    for (char *save = NULL, *e = strtok_r(text, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        e = trim(e);
        if (!*e)
            continue;
        bool ok = true;
        char low[256];
        switch (st->sec) {
        case SEC_LIST:
        case SEC_CURRENCY:
            ok = list_add(r, st->list, e);
            break;
        case SEC_SUFFIX: {
            size_t n = 0;
            for (; e[n] && n + 1 < sizeof low; n++)
                low[n] = (char)tolower((unsigned char)e[n]);
            ok = kg_strmap_put(r->suffix, low, n, (int)st->cls);
            break;
        }
        case SEC_PLACE: {
            kgi_place *grown = realloc(r->places, (r->n_places + 1) * sizeof *grown);
            if (!grown)
                return KG_ERR_NOMEM;
            r->places = grown;
            kgi_place *pl = &r->places[r->n_places++];
            size_t n_names = 1;
            for (const char *c = e; *c; c++)
                n_names += *c == '=';
            pl->others = kg_arena_alloc(r->arena, n_names * sizeof *pl->others);
            pl->cls = st->cls;
            pl->name = NULL;
            if (!pl->others)
                return KG_ERR_NOMEM;
            size_t k = 0;
            for (char *s2 = NULL, *nm = strtok_r(e, "=", &s2); nm; nm = strtok_r(NULL, "=", &s2)) {
                if (!(nm = kg_arena_strdup(r->arena, trim(nm))))
                    return KG_ERR_NOMEM;
                if (!pl->name)
                    pl->name = nm;
                else
                    pl->others[k++] = nm;
            }
            pl->others[k] = NULL;
            ok = pl->name != NULL;
            break;
        }
        case SEC_DEMONYM: {
            size_t n = 0;
            for (; e[n] && n + 1 < sizeof low; n++)
                low[n] = (char)tolower((unsigned char)e[n]);
            ok = kg_strmap_put(r->demonym, low, n, st->place);
            break;
        }
        default:
            return fail(p, "entries outside a list: %s", e);
        }
        if (!ok)
            return KG_ERR_NOMEM;
    }
    return KG_OK;
}

static int slot_index(kgi_rule *rule, const char *name)
{
    for (size_t i = 0; i < rule->n_slots; i++)
        if (!strcmp(rule->slots[i], name))
            return (int)i;
    return -1;
}

static int node_index(kgi_rule *rule, const char *name)
{
    for (size_t i = 0; i < rule->n_nodes; i++)
        if (!strcmp(rule->nodes[i].name, name))
            return (int)i;
    return -1;
}

static bool add_slot(kgi_rules *r, kgi_rule *rule, const char *name, int *out)
{
    if (!name || !*name) {
        *out = -1;
        return true;
    }
    char **grown = realloc(rule->slots, (rule->n_slots + 1) * sizeof *grown);
    if (!grown)
        return false;
    rule->slots = grown;
    if (!(rule->slots[rule->n_slots] = kg_arena_strdup(r->arena, name)))
        return false;
    *out = (int)rule->n_slots++;
    return true;
}

static unsigned cat_bits(const char *cat, kgi_value_kind *value, bool *text)
{
    static const struct {
        const char *name;
        unsigned bits;
    } cats[] = {
        {"ORG", KGI_CAT_ORG},         {"COMPANY", KGI_CAT_COMPANY},
        {"AGENCY", KGI_CAT_AGENCY},   {"PERSON", KGI_CAT_PERSON},
        {"AGENT", KGI_CAT_ORG | KGI_CAT_PERSON},
        {"PLACE", KGI_CAT_PLACE},     {"COUNTRY", KGI_CAT_COUNTRY},
        {"EVENT", KGI_CAT_EVENT},     {"POST", KGI_CAT_POST},
        {"PROGRAMME", KGI_CAT_PROGRAMME},
        {"THING", 0xffffu},
    };
    *value = 0;
    *text = false;
    if (!strcmp(cat, "MONEY"))
        return *value = KGI_VALUE_MONEY, 0;
    if (!strcmp(cat, "DATE"))
        return *value = KGI_VALUE_DATE, 0;
    if (!strcmp(cat, "YEAR"))
        return *value = KGI_VALUE_YEAR, 0;
    if (!strcmp(cat, "TEXT"))
        return *text = true, 0;
    unsigned bits = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", cat);
    for (char *save = NULL, *c = strtok_r(buf, "|", &save); c; c = strtok_r(NULL, "|", &save)) {
        unsigned b = 0;
        for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
            if (!strcmp(c, cats[i].name))
                b = cats[i].bits;
        if (!b)
            return 0;
        bits |= b;
    }
    return bits;
}

static kg_status parse_pattern(parser *p, kgi_rule *rule, char *text)
{
    kgi_rules *r = p->r;
    for (char *save = NULL, *w = strtok_r(text, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        kgi_pelem pe;
        memset(&pe, 0, sizeof pe);
        pe.slot = -1;
        size_t n = strlen(w);
        if (n > 1 && w[n - 1] == '?') {
            pe.optional = true;
            w[--n] = '\0';
        }
        if (w[0] == '{' && w[n - 1] == '}') {
            w[n - 1] = '\0';
            char *cat = w + 1, *name = strchr(cat, ':');
            if (name)
                *name++ = '\0';
            size_t cl = strlen(cat);
            if (cl && cat[cl - 1] == '+') {
                pe.multi = true;
                cat[cl - 1] = '\0';
            }
            bool text_slot;
            pe.cats = cat_bits(cat, &pe.value, &text_slot);
            pe.kind = text_slot ? KGI_PE_TEXT : pe.value ? KGI_PE_VALUE : KGI_PE_ENT;
            if (pe.kind == KGI_PE_ENT && !pe.cats)
                return fail(p, "unknown slot category %s", cat);
            if (!add_slot(r, rule, name, &pe.slot))
                return KG_ERR_NOMEM;
        } else if (w[0] == '[' && w[n - 1] == ']') {
            w[n - 1] = '\0';
            char *name = strchr(w + 1, ':');
            if (name)
                *name++ = '\0';
            pe.kind = KGI_PE_LIST;
            pe.list = kgi_rules_list(r, w + 1);
            if (!pe.list)
                return fail(p, "unknown list [%s] (lists must come before the rules using them)", w + 1);
            if (!add_slot(r, rule, name, &pe.slot))
                return KG_ERR_NOMEM;
        } else if (!strncmp(w, "...", 3) || ((w[0] == '~' || w[0] == '*') && w[1])) {
            pe.kind = KGI_PE_GAP;
            pe.commas = w[0] != '.';
            pe.agents = w[0] == '*';
            const char *num = w[0] == '.' ? w + 3 : w + 1;
            pe.gap = *num ? (size_t)atoi(num) : 6;
            if (!pe.gap || pe.gap > 30)
                return fail(p, "a gap is ..., ...N, ~N or *N with N from 1 to 30: %s", w);
        } else {
            pe.kind = KGI_PE_WORD;
            size_t cap = 1;
            for (const char *c = w; *c; c++)
                cap += *c == '|';
            pe.alts = kg_arena_alloc(r->arena, cap * sizeof *pe.alts);
            if (!pe.alts)
                return KG_ERR_NOMEM;
            for (char *s2 = NULL, *a = strtok_r(w, "|", &s2); a; a = strtok_r(NULL, "|", &s2)) {
                size_t count = 0;
                char **toks;
                if (!entry_tokens(&toks, &count, r, a))
                    return KG_ERR_NOMEM;
                if (!toks || count != 1)
                    return fail(p, "a pattern word must be one token (write co - founder): %s", a);
                pe.alts[pe.n_alts++] = toks[0];
            }
        }
        kgi_pelem *grown = realloc(rule->pat, (rule->n_pat + 1) * sizeof *grown);
        if (!grown)
            return KG_ERR_NOMEM;
        rule->pat = grown;
        rule->pat[rule->n_pat++] = pe;
    }
    if (!rule->n_pat)
        return fail(p, "empty pattern%s", "");
    return KG_OK;
}

static const struct {
    const char *prefix, *iri;
} prefixes[] = {
    {"kg:", "https://w3id.org/kgsh/ontology#"},
    {"kgr:", "https://w3id.org/kgsh/id/"},
    {"rdf:", KG_RDF},
    {"rdfs:", KG_RDFS},
    {"skos:", "http://www.w3.org/2004/02/skos/core#"},
    {"xsd:", KG_XSD},
};

static char *expand_iri(kgi_rules *r, const char *w)
{
    if (!strcmp(w, "a"))
        return kg_arena_strdup(r->arena, KG_RDF "type");
    size_t n = strlen(w);
    if (w[0] == '<' && n > 2 && w[n - 1] == '>')
        return kg_arena_strndup(r->arena, w + 1, n - 2);
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t pl = strlen(prefixes[i].prefix);
        if (!strncmp(w, prefixes[i].prefix, pl) && w[pl])
            return kg_arena_printf(r->arena, "%s%s", prefixes[i].iri, w + pl);
    }
    return NULL;
}

static kg_status parse_ref(parser *p, kgi_rule *rule, char *w, kgi_ref *ref)
{
    kgi_rules *r = p->r;
    memset(ref, 0, sizeof *ref);
    size_t n = strlen(w);
    if (w[0] == '"') {
        if (n < 2 || w[n - 1] != '"')
            return fail(p, "unterminated literal %s", w);
        ref->kind = KGI_REF_LITERAL;
        ref->text = kg_arena_strndup(r->arena, w + 1, n - 2);
        return ref->text ? KG_OK : KG_ERR_NOMEM;
    }
    if (w[0] == '@') {
        ref->kind = KGI_REF_NODE;
        if ((ref->a = node_index(rule, w + 1)) < 0)
            return fail(p, "unknown node %s (declare it with node before emit)", w);
        return KG_OK;
    }
    if (!strcmp(w, "$plans") || !strcmp(w, "$all-plans")) {
        ref->kind = w[1] == 'p' ? KGI_REF_PLANS : KGI_REF_ALL_PLANS;
        return KG_OK;
    }
    if (!strcmp(w, "$all-deals") || !strcmp(w, "$all-measures")) {
        ref->kind = w[5] == 'd' ? KGI_REF_ALL_DEALS : KGI_REF_ALL_MEASURES;
        return KG_OK;
    }
    if (!strncmp(w, "status(", 7)) {
        char *close = strchr(w, ')');
        if (close)
            *close = '\0';
        ref->kind = KGI_REF_STATUS;
        if (!close || (ref->a = slot_index(rule, trim(w + 7))) < 0)
            return fail(p, "status(slot) takes a slot name: %s", w);
        return KG_OK;
    }
    if (!strncmp(w, "post(", 5) || !strncmp(w, "gov(", 4)) {
        bool post = w[0] == 'p';
        char *args = w + (post ? 5 : 4), *close = strchr(args, ')');
        if (!close)
            return fail(p, "missing ) in %s", w);
        *close = '\0';
        char *comma = strchr(args, ',');
        if (comma)
            *comma++ = '\0';
        ref->kind = post ? KGI_REF_POST : KGI_REF_GOV;
        args = trim(args);
        size_t al = strlen(args);
        if (post && al >= 2 && args[0] == '"' && args[al - 1] == '"') {
            ref->a = -1;
            if (!(ref->text = kg_arena_strndup(r->arena, args + 1, al - 2)))
                return KG_ERR_NOMEM;
        } else {
            ref->a = slot_index(rule, args);
        }
        ref->b = comma ? slot_index(rule, trim(comma)) : -1;
        if ((ref->a < 0 && !ref->text) || (post && ref->b < 0) || (!post && comma))
            return fail(p, "post(role, org) and gov(place) take slot names: %s", w);
        return KG_OK;
    }
    if (slot_index(rule, w) < 0 && (ref->text = expand_iri(r, w)) != NULL) {
        ref->kind = KGI_REF_IRI;
        return KG_OK;
    }
    char *dot = strchr(w, '.');
    if (dot) {
        *dot++ = '\0';
        if (!strcmp(dot, "amount"))
            ref->kind = KGI_REF_AMOUNT;
        else if (!strcmp(dot, "currency"))
            ref->kind = KGI_REF_CURRENCY;
        else if (!strcmp(dot, "place"))
            ref->kind = KGI_REF_PLACE_IN;
        else
            return fail(p, "a slot has .amount, .currency or .place only: %s", dot);
    } else {
        ref->kind = KGI_REF_SLOT;
    }
    if ((ref->a = slot_index(rule, w)) < 0)
        return fail(p, "unknown slot or term %s", w);
    return KG_OK;
}

/* Splits at spaces, keeping "quoted strings" whole. */
static size_t split_words(char *s, char **out, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        out[n++] = s;
        if (!strncmp(s, "post(", 5) && strchr(s, ')')) {
            s = strchr(s, ')') + 1;
        } else if (*s == '"') {
            char *q = strchr(s + 1, '"');
            s = q ? q + 1 : s + strlen(s);
        } else {
            while (*s && *s != ' ' && *s != '\t')
                s++;
        }
        if (*s)
            *s++ = '\0';
    }
    return n;
}

static kg_status rule_line(parser *p, kgi_rule *rule, char *line)
{
    kgi_rules *r = p->r;
    char *w[8];
    if (!strncmp(line, "match ", 6))
        return rule->n_pat ? fail(p, "a rule has one match line%s", "")
                           : parse_pattern(p, rule, line + 6);
    if (!strncmp(line, "node ", 5)) {
        size_t n = split_words(line + 5, w, 8);
        kgi_class cls = n >= 2 ? kgi_class_from_name(w[1]) : KGI_NONE;
        if (n != 3 || !cls || w[2][0] != '"')
            return fail(p, "node NAME CLASS \"label template\" expected%s", "");
        kgi_node_decl *grown = realloc(rule->nodes, (rule->n_nodes + 1) * sizeof *grown);
        if (!grown)
            return KG_ERR_NOMEM;
        rule->nodes = grown;
        size_t ll = strlen(w[2]);
        char *name = kg_arena_strdup(r->arena, w[0]), *label = kg_arena_strndup(r->arena, w[2] + 1, ll - 2);
        if (!name || !label) /* a node without its name would crash the next "@name" */
            return KG_ERR_NOMEM;
        rule->nodes[rule->n_nodes++] = (kgi_node_decl){name, cls, label};
        return KG_OK;
    }
    if (!strncmp(line, "not-after ", 10)) {
        char *w2 = trim(line + 10);
        size_t cap = 1;
        for (const char *q = w2; *q; q++)
            cap += *q == '|';
        rule->not_after = kg_arena_alloc(r->arena, (cap + 1) * sizeof *rule->not_after);
        if (!rule->not_after)
            return KG_ERR_NOMEM;
        size_t k = 0;
        for (char *s2 = NULL, *a = strtok_r(w2, "|", &s2); a; a = strtok_r(NULL, "|", &s2)) {
            size_t count = 0;
            char **toks;
            if (!entry_tokens(&toks, &count, r, a))
                return KG_ERR_NOMEM;
            if (!toks || count != 1)
                return fail(p, "not-after takes single words: %s", a);
            rule->not_after[k++] = toks[0];
        }
        rule->not_after[k] = NULL;
        return KG_OK;
    }
    if (!strncmp(line, "emit ", 5)) {
        size_t n = split_words(line + 5, w, 8);
        if (n != 3)
            return fail(p, "emit SUBJECT PREDICATE OBJECT expected%s", "");
        kgi_emit e;
        kg_status st;
        if ((st = parse_ref(p, rule, w[0], &e.s)) || (st = parse_ref(p, rule, w[2], &e.o)))
            return st;
        if (!(e.predicate = expand_iri(r, w[1])))
            return fail(p, "predicate %s is not a prefixed name", w[1]);
        kgi_emit *grown = realloc(rule->emits, (rule->n_emits + 1) * sizeof *grown);
        if (!grown)
            return KG_ERR_NOMEM;
        rule->emits = grown;
        rule->emits[rule->n_emits++] = e;
        return KG_OK;
    }
    return fail(p, "a rule line is match, not-after, node or emit: %s", line);
}

static kg_status directive(parser *p, state *st, char *line)
{
    kgi_rules *r = p->r;
    char *colon = strchr(line, ':');
    if (!strncmp(line, "rule ", 5)) {
        char *w[4];
        size_t n = split_words(line + 5, w, 4);
        char *endp = NULL;
        double conf = n == 2 ? strtod(w[1], &endp) : -1;
        if (n != 2 || !endp || *endp || conf <= 0 || conf > 1)
            return fail(p, "rule NAME CONFIDENCE (0 < confidence <= 1) expected%s", "");
        kgi_rule *grown = realloc(r->rules, (r->n_rules + 1) * sizeof *grown);
        if (!grown)
            return KG_ERR_NOMEM;
        r->rules = grown;
        st->rule = &r->rules[r->n_rules++];
        memset(st->rule, 0, sizeof *st->rule);
        if (!(st->rule->name = kg_arena_strdup(r->arena, w[0])))
            return KG_ERR_NOMEM;
        st->rule->confidence = conf;
        st->rule->line = p->line;
        st->sec = SEC_RULE;
        return KG_OK;
    }
    if (!colon)
        return fail(p, "unknown directive: %s", line);
    *colon = '\0';
    char *head = trim(line), *rest = colon + 1;
    char *arg = strchr(head, ' ');
    if (arg)
        *arg++ = '\0', arg = trim(arg);
    if (!arg || !*arg)
        return fail(p, "%s needs a name before the ':'", head);
    if (!strcmp(head, "list") || !strcmp(head, "currency")) {
        bool cur = head[0] == 'c';
        st->sec = cur ? SEC_CURRENCY : SEC_LIST;
        st->list = cur ? new_list(&r->currencies, &r->n_currencies, arg, r->arena)
                       : new_list(&r->lists, &r->n_lists, arg, r->arena);
        if (!st->list)
            return KG_ERR_NOMEM;
        if (!cur && !kg_strmap_put(r->list_index, arg, strlen(arg), (int)r->n_lists - 1))
            return KG_ERR_NOMEM;
    } else if (!strcmp(head, "suffix") || !strcmp(head, "place") || !strcmp(head, "known")) {
        /* "known": agencies and bodies news text names in many ways, read
         * like places (a name = another name) */
        st->sec = head[0] == 's' ? SEC_SUFFIX : SEC_PLACE;
        if (!(st->cls = kgi_class_from_name(arg)))
            return fail(p, "unknown class %s", arg);
    } else if (!strcmp(head, "demonym")) {
        st->sec = SEC_DEMONYM;
        st->place = -1;
        for (size_t i = 0; i < r->n_places; i++)
            if (!strcmp(r->places[i].name, arg))
                st->place = (int)i;
        if (st->place < 0)
            return fail(p, "demonym of %s, which no place line names", arg);
    } else {
        return fail(p, "unknown directive %s", head);
    }
    return add_entries(p, st, rest);
}

/* Reported at the rule's own line. */
static kg_status incomplete_rule(parser *p, const kgi_rule *rule)
{
    p->line = rule->line;
    return fail(p, "rule %s needs a match and at least one emit", rule->name);
}

static int word_id(kgi_rules *r, const char *w)
{
    int id;
    if (kg_strmap_get(r->word_ids, w, strlen(w), &id))
        return id;
    id = (int)r->n_word_ids;
    if (!kg_strmap_put(r->word_ids, w, strlen(w), id))
        return -1;
    r->n_word_ids++;
    return id;
}

/* Gives every required pattern element its word ids (see kgi_pelem). */
static bool index_words(kgi_rules *r)
{
    for (size_t k = 0; k < r->n_rules; k++)
        for (size_t e = 0; e < r->rules[k].n_pat; e++) {
            kgi_pelem *pe = &r->rules[k].pat[e];
            size_t n = pe->kind == KGI_PE_WORD ? pe->n_alts : pe->kind == KGI_PE_LIST ? pe->list->n : 0;
            if (!n || pe->optional)
                continue;
            if (!(pe->ids = kg_arena_alloc(r->arena, n * sizeof *pe->ids)))
                return false;
            for (size_t a = 0; a < n; a++) {
                int id = word_id(r, pe->kind == KGI_PE_WORD ? pe->alts[a] : pe->list->entries[a][0]);
                if (id < 0)
                    return false;
                pe->ids[pe->n_ids++] = id;
            }
        }
    return true;
}

void kgi_rules_mark_words(const kgi_rules *r, const kgi_tokens *t, unsigned char *present)
{
    int id;
    for (size_t i = 0; i < t->n; i++)
        if (kg_strmap_get(r->word_ids, t->items[i].low, strlen(t->items[i].low), &id))
            present[id] = 1;
}

bool kgi_rules_may_match(const kgi_rule *rule, const unsigned char *present, unsigned cats)
{
    for (size_t e = 0; e < rule->n_pat; e++) {
        const kgi_pelem *pe = &rule->pat[e];
        if (pe->optional)
            continue;
        if (pe->kind == KGI_PE_ENT && !(pe->cats & cats))
            return false;
        if (pe->n_ids) {
            bool any = false;
            for (size_t a = 0; a < pe->n_ids && !any; a++)
                any = present[pe->ids[a]];
            if (!any)
                return false;
        }
    }
    return true;
}

static void lists_by_name(kgi_rules *r)
{
    r->honorific = kgi_rules_list(r, "honorific");
    r->role = kgi_rules_list(r, "role");
    r->company_noun = kgi_rules_list(r, "company-noun");
    r->org_noun = kgi_rules_list(r, "org-noun");
    r->said = kgi_rules_list(r, "said");
    r->stop_name = kgi_rules_list(r, "not-a-name");
    r->abbreviation = kgi_rules_list(r, "abbreviation");
    r->boilerplate = kgi_rules_list(r, "boilerplate");
    r->connector = kgi_rules_list(r, "name-connector");
    r->reference = kgi_rules_list(r, "reference");
    r->event_reference = kgi_rules_list(r, "event-reference");
    r->former = kgi_rules_list(r, "former");
    r->person_noun = kgi_rules_list(r, "person-noun");
    r->name_field = kgi_rules_list(r, "name-field");
    r->person_verb = kgi_rules_list(r, "person-verb");
    r->place_before = kgi_rules_list(r, "place-before");
    r->place_noun = kgi_rules_list(r, "place-noun");
    r->plan_verb = kgi_rules_list(r, "plan-verb");
    r->person_after = kgi_rules_list(r, "person-after");
    r->list_intro = kgi_rules_list(r, "list-intro");
    r->group_noun = kgi_rules_list(r, "group-noun");
    r->quantity = kgi_rules_list(r, "quantity");
    r->head_reference = kgi_rules_list(r, "head-reference");
    r->metonym = kgi_rules_list(r, "metonym");
    r->place_preposition = kgi_rules_list(r, "place-preposition");
}

kg_status kgi_rules_parse(kgi_rules **out, const char *text, size_t len, const char *name,
                          kg_error *err)
{
    *out = NULL;
    kgi_rules *r = calloc(1, sizeof *r);
    if (!r)
        return kg_error_set(err, KG_ERR_NOMEM, name, "out of memory reading the rules");
    r->arena = kg_arena_new();
    r->list_index = kg_strmap_new();
    r->suffix = kg_strmap_new();
    r->demonym = kg_strmap_new();
    r->word_ids = kg_strmap_new();
    char *copy = malloc(len + 1);
    if (!r->arena || !r->list_index || !r->suffix || !r->demonym || !r->word_ids || !copy) {
        free(copy);
        kgi_rules_free(r);
        return kg_error_set(err, KG_ERR_NOMEM, name, "out of memory reading the rules");
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    parser p = {r, name, 0, err};
    state st = {SEC_NONE, NULL, KGI_NONE, -1, NULL};
    kg_status status = KG_OK;
    for (char *line = copy, *next; line && !status; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        p.line++;
        bool indented = line[0] == ' ' || line[0] == '\t';
        char *body = trim(line);
        if (!*body || body[0] == '#')
            continue;
        if (!indented) {
            if (st.sec == SEC_RULE && (!st.rule->n_pat || !st.rule->n_emits))
                status = incomplete_rule(&p, st.rule);
            else
                status = directive(&p, &st, body);
        } else if (st.sec == SEC_RULE) {
            status = rule_line(&p, st.rule, body);
        } else if (st.sec != SEC_NONE) {
            status = add_entries(&p, &st, body);
        } else {
            status = fail(&p, "an indented line outside any directive: %s", body);
        }
    }
    if (!status && st.sec == SEC_RULE && (!st.rule->n_pat || !st.rule->n_emits))
        status = incomplete_rule(&p, st.rule);
    free(copy);
    if (status) {
        kgi_rules_free(r);
        return status;
    }
    if (!index_words(r)) {
        kgi_rules_free(r);
        return kg_error_set(err, KG_ERR_NOMEM, name, "out of memory reading the rules");
    }
    lists_by_name(r);
    *out = r;
    return KG_OK;
}

kg_status kgi_rules_load(kgi_rules **out, const char *path, kg_error *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    kg_status rs = kg_read_file(&buf, &len, path, KGI_MAX_RULES_BYTES, err);
    if (rs != KG_OK)
        return rs;
    kg_status st = kgi_rules_parse(out, buf, len, path, err);
    free(buf);
    return st;
}

const kgi_list *kgi_rules_list(const kgi_rules *r, const char *name)
{
    int i;
    return kg_strmap_get(r->list_index, name, strlen(name), &i) ? r->lists[i] : NULL;
}

static void free_lists(kgi_list **lists, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(lists[i]->entries);
        free(lists[i]->raw);
        kg_strmap_free(lists[i]->first);
        free(lists[i]);
    }
    free(lists);
}

void kgi_rules_free(kgi_rules *r)
{
    if (!r)
        return;
    free_lists(r->lists, r->n_lists);
    free_lists(r->currencies, r->n_currencies);
    for (size_t i = 0; i < r->n_rules; i++) {
        free(r->rules[i].pat);
        free(r->rules[i].slots);
        free(r->rules[i].nodes);
        free(r->rules[i].emits);
    }
    free(r->rules);
    free(r->places);
    kg_strmap_free(r->list_index);
    kg_strmap_free(r->suffix);
    kg_strmap_free(r->demonym);
    kg_strmap_free(r->word_ids);
    kg_arena_free(r->arena);
    free(r);
}
