/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/ingest/quality.c - ingestion measured against hand mappings (see
 * quality.h): loads the stores, aligns proposed things to the mapping's,
 * and counts. */
#include "quality.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "kg/ingest.h"
#include "kg/io.h"
#include "kg/store.h"
#include "store/quads.h"
#include "util/utf8.h"

#define ONT "https://w3id.org/kgsh/ontology#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"

typedef struct fact {
    kg_term *s, *p, *o;
    bool hit;
} fact;

typedef struct facts {
    fact *items;
    size_t n, cap;
} facts;

typedef struct node {
    char *iri;
    char cls[64];
    char **names;
    size_t n_names;
    bool named;
    int map; /* index of the aligned node on the other side, -1 */
} node;

typedef struct side {
    node *nodes;
    size_t n, cap;
    facts facts;
} side;

static const char *const text_props[] = {"objective", "industry", "horizon", "reason", "commitment", NULL};
static const char *const skipped_props[] = {"mentionedIn", "statedIn", "text", "index", "inArticle", "note",
                                            "correction", "title", "source", "publisher", "datePublished",
                                            NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

/* The properties of each relation kind; the last kind takes the rest. */
static const char *const kind_names[KGQ_KINDS] = {"ownership", "sanctions", "posts", "plans/investments",
                                                  "locations", "agreements", "dates", "modality", "other"};
static const char *const kind_props[KGQ_KINDS - 1][8] = {
    {"subsidiaryOf", "parentOf", "investsIn", NULL},
    {"sanctions", "subjectOf", "authority", "programme", "sanctionedBy", NULL},
    {"holdsPost", "formerlyHeldPost", "postIn", "holder", "post", "holdingStatus", NULL},
    {"plansTo", "amount", "currency", "planLocation", "announcedBy", "announcedAt", NULL},
    {"basedIn", "headquarteredIn", "hasOfficeIn", "locatedIn", "eventLocation", NULL},
    {"signedWith", "party", "partnersWith", "signedAt", NULL},
    {"date", "startDate", "endDate", "announcedDate", "dueDate", "foundingDate", NULL},
    {"status", NULL},
};

const char *kgq_kind_name(size_t k)
{
    return k < KGQ_KINDS ? kind_names[k] : "";
}

static size_t kind_of(const char *local)
{
    for (size_t k = 0; k + 1 < KGQ_KINDS; k++)
        if (in_list(kind_props[k], local))
            return k;
    return KGQ_KINDS - 1;
}

static const char *kg_local(const char *iri)
{
    return strncmp(iri, ONT, strlen(ONT)) ? NULL : iri + strlen(ONT);
}

/* The words of a name, lowercase, "the" dropped, single spaces. */
static char *name_key(const char *name)
{
    size_t n = strlen(name);
    char *low = malloc(n * 4 + 1), *out = malloc(n * 4 + 2);
    size_t m = kg_utf8_lower(name, n, low), k = 0;
    low[m] = '\0';
    bool space = true;
    for (size_t i = 0; i < m;) {
        uint32_t cp;
        size_t w = kg_utf8_decode(low + i, m - i, &cp);
        bool word = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 0xC0 && cp < 0x2000);
        if (word) {
            memcpy(out + k, low + i, w);
            k += w;
            space = false;
        } else if (cp != '.' && cp != '\'' && cp != 0x2019 && !space) {
            out[k++] = ' ';
            space = true;
        }
        i += w;
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    free(low);
    /* drop "the" words */
    char *res = malloc(k + 2), *save = NULL;
    size_t r = 0;
    for (char *t = strtok_r(out, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        if (!strcmp(t, "the"))
            continue;
        r += (size_t)sprintf(res + r, "%s%s", r ? " " : "", t);
    }
    res[r] = '\0';
    free(out);
    return res;
}

static int node_get(side *sd, const char *iri)
{
    for (size_t i = 0; i < sd->n; i++)
        if (!strcmp(sd->nodes[i].iri, iri))
            return (int)i;
    if (sd->n == sd->cap) {
        sd->cap = sd->cap ? sd->cap * 2 : 64;
        sd->nodes = realloc(sd->nodes, sd->cap * sizeof *sd->nodes);
    }
    node *nd = &sd->nodes[sd->n];
    memset(nd, 0, sizeof *nd);
    nd->iri = strdup(iri);
    nd->map = -1;
    return (int)sd->n++;
}

static void node_name(side *sd, const char *iri, const char *name)
{
    int idx = node_get(sd, iri);
    node *nd = &sd->nodes[idx];
    nd->names = realloc(nd->names, (nd->n_names + 1) * sizeof *nd->names);
    nd->names[nd->n_names++] = name_key(name);
}

static int class_rank(const char *c)
{
    static const char *const specific[] = {"Official", "Company", "GovernmentAgency", "City", "Region",
                                           "Country", "Investment", "ExportControlListing", "Designation",
                                           "ProcurementBan", "AssetFreeze", "Deal", NULL};
    return !c[0] ? 0 : in_list(specific, c) ? 2 : 1;
}

static void node_class(side *sd, const char *iri, const char *cls)
{
    int idx = node_get(sd, iri);
    node *nd = &sd->nodes[idx];
    if (class_rank(cls) > class_rank(nd->cls))
        snprintf(nd->cls, sizeof nd->cls, "%s", cls);
}

static const char *family(const char *c)
{
    static const char *const fam[][2] = {
        {"Company", "organization"},  {"Organization", "organization"}, {"GovernmentAgency", "organization"},
        {"Person", "person"},         {"Official", "person"},           {"City", "place"},
        {"Region", "place"},          {"Country", "place"},             {"Place", "place"},
        {"Plan", "plan"},             {"Investment", "plan"},           {"Sanction", "sanction"},
        {"ExportControlListing", "sanction"}, {"Designation", "sanction"}, {"ProcurementBan", "sanction"},
        {"AssetFreeze", "sanction"},  {"Agreement", "agreement"},       {"Deal", "agreement"},
    };
    for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++)
        if (!strcmp(fam[i][0], c))
            return fam[i][1];
    return c;
}

static bool same_family(const node *a, const node *b)
{
    return a->cls[0] && b->cls[0] && !strcmp(family(a->cls), family(b->cls));
}

static void add_fact(facts *f, const kg_term *s, const kg_term *p, const kg_term *o)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 128;
        f->items = realloc(f->items, f->cap * sizeof *f->items);
    }
    fact *x = &f->items[f->n++];
    *x = (fact){NULL, NULL, NULL, false};
    if (kg_term_copy(&x->s, s) || kg_term_copy(&x->p, p) || kg_term_copy(&x->o, o)) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
}

/* Reads a thing's types and names from a store into the side. */
static void describe_from(side *sd, kg_store *store, const char *iri, kg_id g, kg_graph_mode mode)
{
    kg_view *v = kg_store_view(store);
    kg_term s = kg_term_iri(iri);
    kg_id sid = kg_view_lookup(v, &s);
    if (!sid)
        return;
    kg_scan *scan = kg_scan_open(v, sid, KG_ID_NONE, KG_ID_NONE, mode, g);
    kg_quad q;
    kg_term p, o;
    while (scan && kg_scan_next(scan, &q)) {
        if (!kg_view_term(v, q.p, &p) || !kg_view_term(v, q.o, &o))
            continue;
        if (!strcmp(p.value, KG_RDF "type") && o.kind == KG_TERM_IRI && kg_local(o.value))
            node_class(sd, iri, kg_local(o.value));
        else if (o.kind == KG_TERM_LITERAL &&
                 (!strcmp(p.value, KG_RDFS "label") || !strcmp(p.value, SKOS "altLabel") ||
                  !strcmp(p.value, SKOS "hiddenLabel")))
            node_name(sd, iri, o.value);
    }
    kg_scan_close(scan);
}

static void read_gold(side *sd, kg_store *gold, const char *article)
{
    kg_view *v = kg_store_view(gold);
    kg_term a = kg_term_iri(article);
    kg_id g = kg_view_lookup(v, &a);
    if (!g)
        return;
    kg_scan *scan = kg_scan_open(v, KG_ID_NONE, KG_ID_NONE, KG_ID_NONE, KG_GRAPHS_ONE, g);
    kg_quad q;
    kg_term s, p, o;
    size_t alen = strlen(article);
    char **subjects = NULL;
    size_t n_subjects = 0;
    while (scan && kg_scan_next(scan, &q)) {
        if (!kg_view_term(v, q.s, &s) || !kg_view_term(v, q.p, &p) || !kg_view_term(v, q.o, &o) ||
            s.kind != KG_TERM_IRI || !strncmp(s.value, article, alen))
            continue;
        const char *local = kg_local(p.value);
        if (local && !strcmp(local, "mentionedIn")) {
            int idx = node_get(sd, s.value);
            sd->nodes[idx].named = true;
            subjects = realloc(subjects, (n_subjects + 1) * sizeof *subjects);
            subjects[n_subjects++] = strdup(s.value);
        } else if (local && !in_list(skipped_props, local)) {
            add_fact(&sd->facts, &s, &p, &o);
        }
    }
    kg_scan_close(scan);
    for (size_t i = 0; i < sd->facts.n; i++) {
        node_get(sd, sd->facts.items[i].s->value);
        if (sd->facts.items[i].o->kind == KG_TERM_IRI)
            node_get(sd, sd->facts.items[i].o->value);
    }
    for (size_t i = 0; i < sd->n; i++)
        describe_from(sd, gold, sd->nodes[i].iri, g, KG_GRAPHS_ONE);
    for (size_t i = 0; i < n_subjects; i++)
        free(subjects[i]);
    free(subjects);
}

static void read_proposals(side *sd, const kg_ingest *ing, kg_store *store)
{
    for (size_t k = 1; k <= kg_ingest_count(ing); k++) {
        const kg_proposal *pr = kg_ingest_proposal(ing, k);
        const char *p = pr->predicate.value, *local = kg_local(p);
        if (pr->subject.kind != KG_TERM_IRI)
            continue;
        if (!strcmp(p, KG_RDF "type") && pr->object.kind == KG_TERM_IRI && kg_local(pr->object.value))
            node_class(sd, pr->subject.value, kg_local(pr->object.value));
        else if (!strcmp(p, KG_RDFS "label"))
            node_name(sd, pr->subject.value, pr->object.value);
        else if (local && !strcmp(local, "mentionedIn"))
        {
            int idx = node_get(sd, pr->subject.value);
            sd->nodes[idx].named = true;
        }
        else if (local && !in_list(skipped_props, local))
            add_fact(&sd->facts, &pr->subject, &pr->predicate, &pr->object);
    }
    for (size_t i = 0; i < sd->facts.n; i++) {
        node_get(sd, sd->facts.items[i].s->value);
        if (sd->facts.items[i].o->kind == KG_TERM_IRI)
            node_get(sd, sd->facts.items[i].o->value);
    }
    /* known things: their types and names are in the store */
    for (size_t i = 0; i < sd->n; i++)
        if (!sd->nodes[i].cls[0] || !sd->nodes[i].n_names)
            describe_from(sd, store, sd->nodes[i].iri, 0, KG_GRAPHS_UNION);
}

static bool word_prefix(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strchr(a, ' ') && !strncmp(a, b, n) && (b[n] == ' ' || !b[n]);
}

static bool names_match(const node *a, const node *b, bool loose)
{
    for (size_t i = 0; i < a->n_names; i++)
        for (size_t j = 0; j < b->n_names; j++) {
            if (!strcmp(a->names[i], b->names[j]))
                return true;
            if (loose && (word_prefix(a->names[i], b->names[j]) || word_prefix(b->names[j], a->names[i])))
                return true;
        }
    return false;
}

static void link(side *p, size_t i, side *g, size_t j)
{
    p->nodes[i].map = (int)j;
    g->nodes[j].map = (int)i;
}

/* Words shared by two texts, over the words of the shorter. */
static bool text_match(const char *a, const char *b)
{
    char *ka = name_key(a), *kb = name_key(b);
    char *sa = strlen(ka) <= strlen(kb) ? ka : kb, *sb = sa == ka ? kb : ka;
    size_t words = 0, shared = 0;
    char *save = NULL, *copy = strdup(sa);
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        words++;
        char pat[256];
        snprintf(pat, sizeof pat, " %s ", w);
        size_t pn = strlen(sb) + 3;
        char *padded = malloc(pn);
        if (padded) {
            snprintf(padded, pn, " %s ", sb);
            shared += strstr(padded, pat) != NULL;
        }
        free(padded);
    }
    free(copy), free(ka), free(kb);
    return words && shared * 2 >= words;
}

static bool decimal_equal(const char *a, const char *b)
{
    return strtod(a, NULL) == strtod(b, NULL);
}

static bool term_match(const side *p, const kg_term *a, const side *g, const kg_term *b, bool text)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == KG_TERM_IRI) {
        for (size_t i = 0; i < p->n; i++)
            if (!strcmp(p->nodes[i].iri, a->value))
                return p->nodes[i].map >= 0 && !strcmp(g->nodes[p->nodes[i].map].iri, b->value);
        return false;
    }
    if (text)
        return text_match(a->value, b->value);
    const char *da = kg_term_datatype(a), *db = kg_term_datatype(b);
    if (strcmp(da, db))
        return false;
    if (!strcmp(da, KG_XSD "decimal"))
        return decimal_equal(a->value, b->value);
    return !strcmp(a->value, b->value);
}

static bool symmetric(const char *p)
{
    return !strcmp(p, ONT "signedWith") || !strcmp(p, ONT "partnersWith");
}

/* Does proposed fact f match gold fact h under the current alignment? */
static bool fact_match(const side *p, const fact *f, const side *g, const fact *h)
{
    if (strcmp(f->p->value, h->p->value))
        return false;
    bool text = in_list(text_props, kg_local(f->p->value));
    if (term_match(p, f->s, g, h->s, false) && term_match(p, f->o, g, h->o, text))
        return true;
    return symmetric(f->p->value) && term_match(p, f->s, g, h->o, false) && term_match(p, f->o, g, h->s, false);
}

/* Aligns unnamed nodes (plans, posts, sanctions...) by shared facts,
 * best pair first. */
static void align_structure(side *p, side *g)
{
    for (;;) {
        int best = 0;
        size_t bi = 0, bj = 0;
        for (size_t i = 0; i < p->n; i++) {
            if (p->nodes[i].map >= 0)
                continue;
            for (size_t j = 0; j < g->n; j++) {
                if (g->nodes[j].map >= 0 || !same_family(&p->nodes[i], &g->nodes[j]))
                    continue;
                p->nodes[i].map = (int)j; /* try */
                int score = 0;
                for (size_t a = 0; a < p->facts.n; a++) {
                    const fact *f = &p->facts.items[a];
                    bool touches = !strcmp(f->s->value, p->nodes[i].iri) ||
                                   (f->o->kind == KG_TERM_IRI && !strcmp(f->o->value, p->nodes[i].iri));
                    for (size_t b = 0; touches && b < g->facts.n; b++)
                        if (fact_match(p, f, g, &g->facts.items[b])) {
                            score++;
                            break;
                        }
                }
                p->nodes[i].map = -1;
                if (score > best)
                    best = score, bi = i, bj = j;
            }
        }
        if (!best)
            return;
        link(p, bi, g, bj);
    }
}

static void align(side *p, side *g)
{
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < g->n; j++)
            if (g->nodes[j].map < 0 && !strcmp(p->nodes[i].iri, g->nodes[j].iri)) {
                link(p, i, g, j);
                break;
            }
    for (int loose = 0; loose < 2; loose++)
        for (size_t i = 0; i < p->n; i++) {
            if (p->nodes[i].map >= 0 || !p->nodes[i].n_names)
                continue;
            for (size_t j = 0; j < g->n; j++)
                if (g->nodes[j].map < 0 && g->nodes[j].n_names && same_family(&p->nodes[i], &g->nodes[j]) &&
                    names_match(&p->nodes[i], &g->nodes[j], loose)) {
                    link(p, i, g, j);
                    break;
                }
        }
    align_structure(p, g);
}

/* --- tables --- */

typedef struct row {
    char key[64];
    kgq_count c;
} row;

typedef struct table {
    row rows[64];
    size_t n;
} table;

static kgq_count *row_of(table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].key, key))
            return &t->rows[i].c;
    if (t->n == 64)
        return &t->rows[63].c;
    snprintf(t->rows[t->n].key, sizeof t->rows[t->n].key, "%s", key);
    memset(&t->rows[t->n].c, 0, sizeof t->rows[t->n].c);
    return &t->rows[t->n++].c;
}

double kgq_precision(const kgq_count *c)
{
    return c->proposed ? (double)c->correct / (double)c->proposed : 1.0;
}

double kgq_recall(const kgq_count *c)
{
    return c->gold ? (double)c->found / (double)c->gold : 1.0;
}

static void score(side *p, side *g, table *classes, table *props, kgq_totals *tot, FILE *v, const char *name)
{
    for (size_t i = 0; i < p->n; i++) {
        const node *nd = &p->nodes[i];
        if (!nd->named)
            continue;
        bool ok = nd->map >= 0 && g->nodes[nd->map].named && same_family(nd, &g->nodes[nd->map]);
        kgq_count *c = row_of(classes, nd->cls[0] ? nd->cls : "(untyped)");
        c->proposed++, c->correct += ok;
        tot->entities.proposed++, tot->entities.correct += ok;
        if (!ok && v)
            fprintf(v, "#   %s entity FP: %s (%s) %s\n", name, nd->iri, nd->cls, nd->n_names ? nd->names[0] : "");
    }
    for (size_t j = 0; j < g->n; j++) {
        const node *nd = &g->nodes[j];
        if (!nd->named)
            continue;
        bool ok = nd->map >= 0 && p->nodes[nd->map].named && same_family(nd, &p->nodes[nd->map]);
        kgq_count *c = row_of(classes, nd->cls[0] ? nd->cls : "(untyped)");
        c->gold++, c->found += ok;
        tot->entities.gold++, tot->entities.found += ok;
        if (!ok && v)
            fprintf(v, "#   %s entity FN: %s (%s)\n", name, nd->iri, nd->cls);
    }
    for (size_t a = 0; a < p->facts.n; a++) {
        fact *f = &p->facts.items[a];
        const char *local = kg_local(f->p->value);
        bool ok = false;
        for (size_t b = 0; b < g->facts.n; b++)
            if (fact_match(p, f, g, &g->facts.items[b])) {
                ok = true;
                g->facts.items[b].hit = true;
            }
        bool text = in_list(text_props, local);
        kgq_count *c = row_of(props, local), *t = text ? &tot->text : &tot->relations;
        c->proposed++, c->correct += ok;
        t->proposed++, t->correct += ok;
        if (!text)
            tot->kinds[kind_of(local)].proposed++, tot->kinds[kind_of(local)].correct += ok;
        if (!ok && v)
            fprintf(v, "#   %s relation FP: %s %s %s\n", name, f->s->value, local,
                    f->o->kind == KG_TERM_IRI ? f->o->value : f->o->value);
    }
    for (size_t b = 0; b < g->facts.n; b++) {
        fact *h = &g->facts.items[b];
        const char *local = kg_local(h->p->value);
        bool text = in_list(text_props, local);
        kgq_count *c = row_of(props, local), *t = text ? &tot->text : &tot->relations;
        c->gold++, c->found += h->hit;
        t->gold++, t->found += h->hit;
        if (!text)
            tot->kinds[kind_of(local)].gold++, tot->kinds[kind_of(local)].found += h->hit;
        if (!h->hit && v)
            fprintf(v, "#   %s relation FN: %s %s %s\n", name, h->s->value, local, h->o->value);
    }
}

static void free_side(side *sd)
{
    for (size_t i = 0; i < sd->n; i++) {
        for (size_t k = 0; k < sd->nodes[i].n_names; k++)
            free(sd->nodes[i].names[k]);
        free(sd->nodes[i].names);
        free(sd->nodes[i].iri);
    }
    free(sd->nodes);
    for (size_t i = 0; i < sd->facts.n; i++) {
        kg_term_free(sd->facts.items[i].s);
        kg_term_free(sd->facts.items[i].p);
        kg_term_free(sd->facts.items[i].o);
    }
    free(sd->facts.items);
}

/* --- files --- */

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir ending with suffix. */
static char **list_dir(const char *dir, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    char **out = NULL;
    *n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (has_suffix(e->d_name, suffix)) {
            out = realloc(out, (*n + 1) * sizeof *out);
            out[(*n)++] = strdup(e->d_name);
        }
    if (d)
        closedir(d);
    if (*n)
        qsort(out, *n, sizeof *out, cmp_str);
    return out;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

static bool load(kg_store *store, const char *path)
{
    kg_status st = kg_load_file(store, path, NULL, NULL);
    if (st) {
        char buf[1200];
        fprintf(stderr, "ingest quality: %s\n", kg_error_format(kg_store_error(store), buf, sizeof buf));
        return false;
    }
    return true;
}

/* The background store for an article: the ontology and every other
 * mapping. */
static kg_store *background(const kgq_options *o, const char *skip_trig)
{
    kg_store *store = NULL;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) || !load(store, o->ontology)) {
        kg_store_close(store);
        return NULL;
    }
    for (const char *const *dir = o->background; *dir; dir++) {
        size_t n;
        char **names = list_dir(*dir, ".trig", &n);
        for (size_t i = 0; i < n; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", *dir, names[i]);
            if (skip_trig && !strcmp(names[i], skip_trig))
                continue;
            if (!load(store, path)) {
                free_list(names, n);
                kg_store_close(store);
                return NULL;
            }
        }
        free_list(names, n);
    }
    return store;
}

static bool evaluate_article(const char *dir, const char *txt, const kgq_options *o, table *classes,
                             table *props, kgq_totals *tot)
{
    char stem[512], trig[600], path[4200], gold_path[4200];
    snprintf(stem, sizeof stem, "%.*s", (int)(strlen(txt) - 4), txt);
    snprintf(trig, sizeof trig, "%s.trig", stem);
    snprintf(path, sizeof path, "%s/%s", dir, txt);
    snprintf(gold_path, sizeof gold_path, "%s/%s", dir, trig);
    kg_store *store = background(o, trig), *gold = NULL;
    if (!store)
        return false;
    kg_ingest *ing = NULL;
    kg_ingest_options io = KG_INGEST_OPTIONS_INIT;
    io.rules_path = o->rules;
    io.dry_run = true;
    kg_error err;
    bool ok = kg_ingest_file(&ing, store, path, &io, &err) == KG_OK;
    if (!ok) {
        char buf[1200];
        fprintf(stderr, "ingest quality: %s\n", kg_error_format(&err, buf, sizeof buf));
    }
    ok = ok && !kg_store_open(&gold, NULL, KG_STORE_MEMORY, NULL) && load(gold, gold_path);
    if (ok) {
        side p = {0}, g = {0};
        read_gold(&g, gold, kg_ingest_article_iri(ing));
        read_proposals(&p, ing, store);
        align(&p, &g);
        score(&p, &g, classes, props, tot, o->verbose ? o->out ? o->out : stdout : NULL, stem);
        free_side(&p);
        free_side(&g);
        tot->articles++;
    }
    kg_ingest_free(ing);
    kg_store_close(gold);
    kg_store_close(store);
    return ok;
}

static void print_row(FILE *out, const char *key, const kgq_count *c)
{
    fprintf(out, "  %-26s %5zu %5zu  %5.2f   %5zu %5zu  %5.2f\n", key, c->proposed, c->correct,
            kgq_precision(c), c->gold, c->found, kgq_recall(c));
}

static void print_table(FILE *out, const char *what, table *t, const kgq_count *total, const char *total_name)
{
    fprintf(out, "  %-26s %5s %5s  %5s   %5s %5s  %5s\n", what, "prop", "ok", "P", "gold", "found", "R");
    for (size_t i = 0; i < t->n; i++)
        print_row(out, t->rows[i].key, &t->rows[i].c);
    print_row(out, total_name, total);
}

bool kgq_evaluate_dir(const char *dir, const kgq_options *o, const char *title, kgq_totals *out)
{
    memset(out, 0, sizeof *out);
    size_t n;
    char **txts = list_dir(dir, ".txt", &n);
    table classes = {0}, props = {0}, text_rows = {0};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if ((o->from && strcmp(txts[i], o->from) < 0) || (o->before && strcmp(txts[i], o->before) >= 0))
            continue;
        char trig[4200];
        snprintf(trig, sizeof trig, "%s/%.*s.trig", dir, (int)(strlen(txts[i]) - 4), txts[i]);
        FILE *f = fopen(trig, "r");
        if (!f)
            continue;
        fclose(f);
        ok = evaluate_article(dir, txts[i], o, &classes, &props, out);
    }
    free_list(txts, n);
    if (ok && o->out) {
        table rel = {0};
        for (size_t i = 0; i < props.n; i++)
            *row_of(in_list(text_props, props.rows[i].key) ? &text_rows : &rel, props.rows[i].key) = props.rows[i].c;
        fprintf(o->out, "%s (%zu articles)\n", title, out->articles);
        print_table(o->out, "entity class", &classes, &out->entities, "ALL ENTITIES");
        print_table(o->out, "relation", &rel, &out->relations, "ALL RELATIONS");
        print_table(o->out, "text value", &text_rows, &out->text, "ALL TEXT VALUES");
        fprintf(o->out, "\n");
    }
    return ok;
}

/* --- per kind, and the change since the last run --- */

static void print_kind(FILE *out, const char *name, const kgq_count *c, const kgq_count *prev)
{
    fprintf(out, "  %-20s %5zu %5zu  %5.2f   %5zu %5zu  %5.2f", name, c->proposed, c->correct, kgq_precision(c),
            c->gold, c->found, kgq_recall(c));
    if (prev)
        fprintf(out, "   %+6.2f %+6.2f", kgq_precision(c) - kgq_precision(prev), kgq_recall(c) - kgq_recall(prev));
    fprintf(out, "\n");
}

void kgq_print_kinds(FILE *out, const kgq_totals *t, const kgq_totals *prev)
{
    fprintf(out, "  %-20s %5s %5s  %5s   %5s %5s  %5s%s\n", "kind", "prop", "ok", "P", "gold", "found", "R",
            prev ? "   dP     dR (since the last run)" : "   (no last run to compare)");
    for (size_t k = 0; k < KGQ_KINDS; k++)
        print_kind(out, kind_names[k], &t->kinds[k], prev ? &prev->kinds[k] : NULL);
    print_kind(out, "ALL RELATIONS", &t->relations, prev ? &prev->relations : NULL);
    print_kind(out, "entities", &t->entities, prev ? &prev->entities : NULL);
}

static kgq_count *last_row(kgq_totals *t, const char *kind)
{
    if (!strcmp(kind, "ALL-RELATIONS"))
        return &t->relations;
    if (!strcmp(kind, "entities"))
        return &t->entities;
    for (size_t k = 0; k < KGQ_KINDS; k++)
        if (!strcmp(kind, kind_names[k]))
            return &t->kinds[k];
    return NULL;
}

bool kgq_read_last(kgq_totals *out, const char *path, const char *set)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[256], s[64], kind[64];
    size_t v[4];
    bool any = false;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%63s %63s %zu %zu %zu %zu", s, kind, &v[0], &v[1], &v[2], &v[3]) == 6 &&
            !strcmp(s, set)) {
            kgq_count *c = last_row(out, kind);
            if (c) {
                *c = (kgq_count){v[0], v[1], v[2], v[3]};
                any = true;
            }
        }
    fclose(f);
    return any;
}

void kgq_write_last(FILE *f, const char *set, const kgq_totals *t)
{
    for (size_t k = 0; k < KGQ_KINDS; k++)
        fprintf(f, "%s %s %zu %zu %zu %zu\n", set, kind_names[k], t->kinds[k].proposed, t->kinds[k].correct,
                t->kinds[k].gold, t->kinds[k].found);
    fprintf(f, "%s ALL-RELATIONS %zu %zu %zu %zu\n", set, t->relations.proposed, t->relations.correct,
            t->relations.gold, t->relations.found);
    fprintf(f, "%s entities %zu %zu %zu %zu\n", set, t->entities.proposed, t->entities.correct, t->entities.gold,
            t->entities.found);
}
