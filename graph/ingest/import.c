/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/import.c - a screening list (CSV + mapping file) into quads in the
 * list's own graph, in one transaction (see kg/import.h).
 *
 * Two phases, because a store view is only valid until the store changes:
 * first the list's old graph is dropped and, on the view that leaves, the
 * resolver is filled with the store's agents and their names, then every
 * row is read, resolved and turned into quads kept in memory; second, the
 * quads are written. IRIs depend only on the list, the names and the dates,
 * so importing the same file again writes the same quads. */
#include <inttypes.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "ingest/csv.h"
#include "ingest/listmap.h"
#include "ingest/resolve.h"
#include "util/strmap.h"
#include "kg/import.h"
#include "store/quads.h"
#include "util/arena.h"
#include "kg/grow.h"

#define RDF_TYPE KG_RDF "type"
#define RDFS_LABEL KG_RDFS "label"
#define SKOS_ALT "http://www.w3.org/2004/02/skos/core#altLabel"
#define PROV_DERIVED "http://www.w3.org/ns/prov#wasDerivedFrom"
#define KGI KG_IMPORT_NS
#define MAX_LIST_BYTES (256u << 20)

const char *kg_link_method_name(kg_link_method method)
{
    static const char *const names[] = {"new", "exact", "normalised", "alias"};
    return method <= KG_LINK_ALIAS ? names[method] : "new";
}

/* An entity a row refers to: one the store had, or one this import makes.
 * Resolver ids are the store's term ids for the former and numbers above
 * KG_ID_STORE_MAX for the latter. */
typedef struct entity {
    uint32_t rid;
    const char *iri;
    const char *label; /* first rdfs:label, NULL when none */
    bool is_new;
    bool described; /* its types and labels are in the list's graph */
    const char **types, **labels;
    size_t n_types, n_labels;
} entity;

/* How one listed name (exactly as written) was resolved. */
typedef struct link {
    const char *listed;
    size_t entity; /* index in ents */
    kg_link_method method;
    const char *matched;
    uint32_t candidates[KG_RESOLVE_MAX_CANDIDATES];
    size_t n_candidates;
    unsigned long row;
} link;

typedef struct triple {
    kg_term s, p, o;
} triple;

typedef struct importer {
    kg_store *store;
    kg_error *err;
    const kg_import_options *opts;
    const char *path;
    kg_listmap map;
    kg_arena *arena; /* every string below */
    const char *graph;
    kg_resolver *res;
    kg_id *list_graphs; /* every list's graph: not searched for entities */
    size_t n_list_graphs, cap_list_graphs;
    entity *ents;
    size_t n_ents, cap_ents;
    link *links;
    size_t n_links, cap_links;
    /* Lookups that were scans per row (quadratic in the list's length):
     * resolver id -> entity index, entity IRI -> entity index, listed name
     * -> its first link. */
    kg_strmap *ent_by_rid, *ent_by_iri, *link_by_name;
    triple *out;
    size_t n_out, cap_out;
    kg_csv csv;
    /* column of each mapped field, -1 when not mapped */
    long c_name, c_parent, c_start, c_end, c_source;
    long *c_alias, *c_reason, *c_note;
    kg_import_stats stats;
    char sha256[2 * SHA256_DIGEST_SIZE + 1];
} importer;

static kg_status nomem(importer *im)
{
    return kg_error_set(im->err, KG_ERR_NOMEM, NULL, "out of memory");
}

/* ---- collecting quads --------------------------------------------------- */

static kg_term lit(const char *lexical, const char *datatype)
{
    return kg_term_literal(lexical, datatype, NULL);
}

static kg_status emit(importer *im, const char *s, const char *p, kg_term o)
{
    if (!kg_grow(&im->out, &im->cap_out, im->n_out, sizeof *im->out, 1024))
        return nomem(im);
    im->out[im->n_out++] = (triple){kg_term_iri(s), kg_term_iri(p), o};
    return KG_OK;
}

static kg_status emit_iri(importer *im, const char *s, const char *p, const char *o)
{
    return emit(im, s, p, kg_term_iri(o));
}

static kg_status emit_text(importer *im, const char *s, const char *p, const char *text)
{
    return emit(im, s, p, lit(text, NULL));
}

/* ---- the store's entities ----------------------------------------------- */

static const char *const agent_classes[] = {KG_NS "Agent",
                                            KG_NS "Organization",
                                            KG_NS "Company",
                                            KG_NS "GovernmentAgency",
                                            KG_NS "Person",
                                            KG_NS "Official",
                                            NULL};

static entity *new_entity(importer *im)
{
    if (!kg_grow(&im->ents, &im->cap_ents, im->n_ents, sizeof *im->ents, 128))
        return NULL;
    entity *e = &im->ents[im->n_ents++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Files the last entity made under its rid and IRI (both set); false on
 * ENOMEM. */
static bool file_entity(importer *im)
{
    int i = (int)im->n_ents - 1;
    const entity *e = &im->ents[i];
    return kg_strmap_put(im->ent_by_rid, (const char *)&e->rid, sizeof e->rid, i) &&
           kg_strmap_put(im->ent_by_iri, e->iri, strlen(e->iri), i);
}

static entity *find_entity(importer *im, uint32_t rid)
{
    int i;
    return kg_strmap_get(im->ent_by_rid, (const char *)&rid, sizeof rid, &i) ? &im->ents[i]
                                                                             : NULL;
}

static int collect_list_graph(void *ctx, kg_id g)
{
    importer *im = ctx;
    kg_term t;
    kg_view *view = kg_store_view(im->store);
    if (!kg_view_term(view, g, &t) || t.kind != KG_TERM_IRI ||
        strncmp(t.value, KG_LIST_NS, strlen(KG_LIST_NS)) != 0)
        return 0;
    if (!kg_grow(&im->list_graphs, &im->cap_list_graphs, im->n_list_graphs, sizeof *im->list_graphs, 16))
        return 1;
    im->list_graphs[im->n_list_graphs++] = g;
    return 0;
}

static bool in_list_graph(const importer *im, kg_id g)
{
    for (size_t i = 0; i < im->n_list_graphs; i++)
        if (im->list_graphs[i] == g)
            return true;
    return false;
}

/* True when the term of id is among the n strings already collected (a
 * triple stated in several graphs is one value). */
static bool has_value(const char **v, size_t n, kg_id id, kg_view *view)
{
    kg_term t;
    if (!kg_view_term(view, id, &t))
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], t.value) == 0)
            return true;
    return false;
}

/* The literal values (or IRIs) of (s, p, ?) outside list graphs, copied. */
static bool values(importer *im, kg_view *view, kg_id s, const char *p, bool want_literal,
                   const char ***out, size_t *n)
{
    kg_term pt = kg_term_iri(p);
    kg_id pid = kg_view_lookup(view, &pt);
    *out = NULL;
    *n = 0;
    if (!pid)
        return true;
    size_t cap = 0;
    kg_scan *scan = kg_scan_open(view, s, pid, 0, KG_GRAPHS_ALL, 0);
    if (!scan)
        return false;
    kg_quad q;
    bool ok = true;
    while (ok && kg_scan_next(scan, &q)) {
        kg_term t;
        if (in_list_graph(im, q.g) || has_value(*out, *n, q.o, view) ||
            !kg_view_term(view, q.o, &t) || (t.kind == KG_TERM_LITERAL) != want_literal ||
            t.kind == KG_TERM_BLANK)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            const char **v = kg_arena_alloc(im->arena, cap * sizeof *v);
            if (!v) {
                ok = false;
                break;
            }
            if (*n)
                memcpy(v, *out, *n * sizeof *v);
            *out = v;
        }
        ok = ((*out)[(*n)++] = kg_arena_strdup(im->arena, t.value)) != NULL;
    }
    kg_scan_close(scan);
    return ok;
}

/* Fills the resolver with every agent the store describes outside list
 * graphs (articles, the user's own data) and its names. Entities that only
 * lists describe are left out on purpose: a list's import then depends on
 * its own file and that data alone, so importing it again gives the same
 * quads whatever other lists came in meanwhile. Lists that name a company
 * the same way (after normalisation) still share its node, whose IRI comes
 * from that name. */
static kg_status index_store(importer *im, kg_view *view)
{
    kg_view_graphs(view, collect_list_graph, im);
    kg_term type = kg_term_iri(RDF_TYPE);
    kg_id type_id = kg_view_lookup(view, &type);
    for (const char *const *c = agent_classes; type_id && *c; c++) {
        kg_term ct = kg_term_iri(*c);
        kg_id cid = kg_view_lookup(view, &ct);
        if (!cid)
            continue;
        kg_scan *scan = kg_scan_open(view, 0, type_id, cid, KG_GRAPHS_ALL, 0);
        if (!scan)
            return nomem(im);
        kg_quad q;
        kg_status st = KG_OK;
        while (st == KG_OK && kg_scan_next(scan, &q)) {
            kg_term s;
            if (in_list_graph(im, q.g) || find_entity(im, q.s) || !kg_view_term(view, q.s, &s) ||
                s.kind != KG_TERM_IRI)
                continue;
            entity *e = new_entity(im);
            if (e && (e->iri = kg_arena_strdup(im->arena, s.value)))
                e->rid = q.s;
            if (!e || !e->iri || !file_entity(im))
                st = nomem(im);
        }
        kg_scan_close(scan);
        if (st != KG_OK)
            return st;
    }
    for (size_t i = 0; i < im->n_ents; i++) {
        entity *e = &im->ents[i];
        const char **alt;
        size_t n_alt;
        if (!values(im, view, e->rid, RDF_TYPE, false, &e->types, &e->n_types) ||
            !values(im, view, e->rid, RDFS_LABEL, true, &e->labels, &e->n_labels) ||
            !values(im, view, e->rid, SKOS_ALT, true, &alt, &n_alt))
            return nomem(im);
        e->label = e->n_labels ? e->labels[0] : NULL;
        for (size_t k = 0; k < e->n_labels; k++)
            if (!kg_resolver_add(im->res, e->rid, e->labels[k], true))
                return nomem(im);
        for (size_t k = 0; k < n_alt; k++)
            if (!kg_resolver_add(im->res, e->rid, alt[k], false))
                return nomem(im);
    }
    return KG_OK;
}

/* Links users undid (kg_links_unlink), from the decisions graph. */
static kg_status load_rejections(importer *im, kg_view *view)
{
    kg_term g = kg_term_iri(KG_LIST_DECISIONS), name = kg_term_iri(KGI "listedName"),
            ent = kg_term_iri(KGI "entity");
    kg_id gid = kg_view_lookup(view, &g), nid = kg_view_lookup(view, &name),
          eid = kg_view_lookup(view, &ent);
    if (!gid || !nid || !eid)
        return KG_OK;
    kg_scan *scan = kg_scan_open(view, 0, nid, 0, KG_GRAPHS_ONE, gid);
    if (!scan)
        return nomem(im);
    kg_quad q;
    kg_status st = KG_OK;
    while (st == KG_OK && kg_scan_next(scan, &q)) {
        kg_term listed;
        if (!kg_view_term(view, q.o, &listed))
            continue;
        kg_scan *es = kg_scan_open(view, q.s, eid, 0, KG_GRAPHS_ONE, gid);
        kg_quad eq;
        while (st == KG_OK && es && kg_scan_next(es, &eq))
            if (!kg_resolver_reject(im->res, listed.value, eq.o))
                st = nomem(im);
        if (!es)
            st = nomem(im);
        kg_scan_close(es);
    }
    kg_scan_close(scan);
    return st;
}

/* True when iri names an entity of this import or is the subject of a quad
 * outside list graphs (a node of another list with the same IRI is the same
 * company: see index_store). */
static bool iri_taken(importer *im, kg_view *view, const char *iri)
{
    int i;
    if (kg_strmap_get(im->ent_by_iri, iri, strlen(iri), &i))
        return true;
    kg_term t = kg_term_iri(iri);
    kg_id id = kg_view_lookup(view, &t);
    if (!id)
        return false;
    kg_scan *scan = kg_scan_open(view, id, 0, 0, KG_GRAPHS_ALL, 0);
    kg_quad q;
    bool taken = false;
    while (!taken && scan && kg_scan_next(scan, &q))
        taken = !in_list_graph(im, q.g);
    kg_scan_close(scan);
    return taken;
}

/* ---- rows --------------------------------------------------------------- */

typedef struct row {
    unsigned long number, line;
    const char *row_iri;
    const char *name;
    const char *aliases[16];
    size_t n_aliases;
} row;

static const char *field(importer *im, long column)
{
    if (column < 0 || (size_t)column >= kg_csv_count(&im->csv))
        return "";
    const char *s = kg_csv_field(&im->csv, (size_t)column);
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    const char *copy = kg_arena_strndup(im->arena, s, len);
    return copy ? copy : "";
}

static void add_alias(row *r, importer *im, const char *s, size_t len)
{
    while (len && *s == ' ')
        s++, len--;
    while (len && s[len - 1] == ' ')
        len--;
    if (len && r->n_aliases < sizeof r->aliases / sizeof r->aliases[0]) {
        const char *a = kg_arena_strndup(im->arena, s, len);
        if (a)
            r->aliases[r->n_aliases++] = a;
    }
}

/* The list's other names for a row: the short name at the end of the
 * name ("(CATL)") and the alias columns, split at the mapping's separator. */
static void collect_aliases(importer *im, row *r, const char *name, bool columns)
{
    const char *text;
    size_t len;
    if (kg_name_short(name, &text, &len))
        add_alias(r, im, text, len);
    if (!columns)
        return;
    const char *sep = im->map.alias_separator;
    for (size_t i = 0; i < im->map.alias.n; i++) {
        const char *cell = field(im, im->c_alias[i]);
        while (*cell) {
            const char *end = sep && *sep ? strstr(cell, sep) : NULL;
            size_t len = end ? (size_t)(end - cell) : strlen(cell);
            add_alias(r, im, cell, len);
            cell += len + (end ? strlen(sep) : 0);
        }
    }
}

static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[n] == '\0' || s[n] == '-';
}

/* A date as the list writes it ("2025-01-07", "2019-10", "2019",
 * "October 1, 2027") to a typed literal; false when it is none of these. */
static bool parse_date(importer *im, const char *s, kg_term *out)
{
    size_t len = strlen(s);
    if (len == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
        digits(s + 8, 2)) {
        *out = lit(s, KG_XSD "date");
        return true;
    }
    if (len == 7 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2)) {
        *out = lit(s, KG_XSD "gYearMonth");
        return true;
    }
    if (len == 4 && digits(s, 4)) {
        *out = lit(s, KG_XSD "gYear");
        return true;
    }
    char month[16];
    int day, year, used = 0;
    if (sscanf(s, "%15[A-Za-z] %d, %d%n", month, &day, &year, &used) == 3 && (size_t)used == len &&
        day >= 1 && day <= 31 && year >= 1000 && year <= 9999) {
        for (int m = 0; m < 12; m++) {
            if (strcasecmp(month, months[m]) == 0) {
                const char *lex = kg_arena_printf(im->arena, "%04d-%02d-%02d", year, m + 1, day);
                *out = lit(lex ? lex : "", KG_XSD "date");
                return lex != NULL;
            }
        }
    }
    return false;
}

static void note_skipped(importer *im, unsigned long line, const char *message)
{
    im->stats.skipped++;
    if (im->opts->note) {
        kg_import_note n = {
            .kind = KG_IMPORT_ROW_SKIPPED, .file = im->path, .line = line, .message = message};
        im->opts->note(im->opts->note_ctx, &n);
    }
}

/* Writes an entity's description into the list's graph once: a new one's
 * type and label, an existing one's types and labels as the store has
 * them (so the list's graph stands alone, like an article's). */
static kg_status describe_entity(importer *im, entity *e)
{
    if (e->described)
        return KG_OK;
    e->described = true;
    kg_status st = KG_OK;
    for (size_t i = 0; st == KG_OK && i < e->n_types; i++)
        st = emit_iri(im, e->iri, RDF_TYPE, e->types[i]);
    for (size_t i = 0; st == KG_OK && i < e->n_labels; i++)
        st = emit_text(im, e->iri, RDFS_LABEL, e->labels[i]);
    return st;
}

/* Records name as a name of e: a skos:altLabel in the list's graph when the
 * store does not have it already. */
static kg_status add_name(importer *im, entity *e, const char *name)
{
    if (kg_resolver_has_name(im->res, e->rid, name))
        return KG_OK;
    if (!kg_resolver_add(im->res, e->rid, name, false))
        return nomem(im);
    return emit_text(im, e->iri, SKOS_ALT, name);
}

static kg_status create_entity(importer *im, kg_view *view, const char *name, size_t *index)
{
    size_t size = strlen(name) * 2 + 16;
    char *norm = kg_arena_alloc(im->arena, size), *slug = kg_arena_alloc(im->arena, size);
    if (!norm || !slug)
        return nomem(im);
    kg_name_normalise(name, true, norm, size);
    kg_name_slug(norm, slug, size);
    const char *iri = kg_arena_printf(im->arena, KG_ID_NS "%s", slug);
    for (int n = 2; iri && iri_taken(im, view, iri); n++)
        iri = kg_arena_printf(im->arena, KG_ID_NS "%s-%d", slug, n);
    entity *e = iri ? new_entity(im) : NULL;
    if (!e)
        return nomem(im);
    e->rid = KG_ID_STORE_MAX + (uint32_t)im->n_ents;
    e->iri = iri;
    if (!file_entity(im))
        return nomem(im);
    e->label = name;
    e->is_new = true;
    e->types = (const char **)&im->map.entity_type;
    e->n_types = 1;
    e->labels = kg_arena_alloc(im->arena, sizeof *e->labels);
    if (!e->labels || !kg_resolver_add(im->res, e->rid, name, true))
        return nomem(im);
    e->labels[0] = name;
    e->n_labels = 1;
    im->stats.created++;
    *index = (size_t)(e - im->ents);
    return KG_OK;
}

/* Reports a listed name's uncertain candidates, and describes them in the
 * list's graph (its link points to them). */
static kg_status note_candidates(importer *im, const link *l, unsigned long line)
{
    im->stats.candidates++;
    for (size_t i = 0; i < l->n_candidates; i++) {
        entity *c = find_entity(im, l->candidates[i]);
        kg_status st = c ? describe_entity(im, c) : KG_OK;
        if (st != KG_OK)
            return st;
        if (!c || !im->opts->note)
            continue;
        kg_term ent = kg_term_iri(im->ents[l->entity].iri), cand = kg_term_iri(c->iri);
        kg_import_note n = {.kind = KG_IMPORT_CANDIDATE,
                            .file = im->path,
                            .line = line,
                            .listed_name = l->listed,
                            .entity = &ent,
                            .candidate = &cand,
                            .candidate_label = c->label};
        im->opts->note(im->opts->note_ctx, &n);
    }
    return KG_OK;
}

/* Resolves a listed name (with its aliases) to an entity, creating one when
 * nothing matches, and records the link; the same name resolves the same
 * way on every row. exclude is an entity index never to match, or -1. */
static kg_status resolve(importer *im, kg_view *view, const row *r, const char *name,
                         const char *const *aliases, size_t n_aliases, long exclude, size_t *index)
{
    int first;
    if (kg_strmap_get(im->link_by_name, name, strlen(name), &first)) {
        /* usually the first link decides; one to the excluded entity
         * (a parent named like its child) sends us looking further */
        for (size_t i = (size_t)first; i < im->n_links; i++) {
            if (strcmp(im->links[i].listed, name) == 0 && (long)im->links[i].entity != exclude) {
                *index = im->links[i].entity;
                return describe_entity(im, &im->ents[*index]);
            }
        }
    }
    kg_resolution res;
    kg_resolver_match(im->res, name, aliases, n_aliases, exclude >= 0 ? im->ents[exclude].rid : 0,
                      &res);
    kg_status st = KG_OK;
    if (res.method == KG_LINK_NEW) {
        st = create_entity(im, view, name, index);
    } else {
        entity *e = find_entity(im, res.entity);
        *index = (size_t)(e - im->ents);
        if (!e->is_new)
            im->stats.linked++;
    }
    if (st != KG_OK)
        return st;
    if (!kg_grow(&im->links, &im->cap_links, im->n_links, sizeof *im->links, 128))
        return nomem(im);
    int known;
    if (!kg_strmap_get(im->link_by_name, name, strlen(name), &known) &&
        !kg_strmap_put(im->link_by_name, name, strlen(name), (int)im->n_links))
        return nomem(im);
    link *l = &im->links[im->n_links++];
    *l = (link){.listed = name,
                .entity = *index,
                .method = res.method,
                .row = r->number,
                .matched = res.matched ? kg_arena_strdup(im->arena, res.matched) : NULL,
                .n_candidates = res.n_candidates};
    memcpy(l->candidates, res.candidates, sizeof res.candidates);
    entity *e = &im->ents[*index];
    st = l->n_candidates ? note_candidates(im, l, r->line) : KG_OK;
    if (st == KG_OK)
        st = describe_entity(im, e);
    if (st == KG_OK && res.method != KG_LINK_NEW)
        st = add_name(im, e, name);
    for (size_t i = 0; st == KG_OK && i < n_aliases; i++)
        st = add_name(im, e, aliases[i]);
    return st;
}

static const char *local_name(const char *iri)
{
    const char *slash = strrchr(iri, '/'), *hash = strrchr(iri, '#');
    const char *cut = hash > slash ? hash : slash;
    return cut ? cut + 1 : iri;
}

/* The sanction of one row: its IRI comes from the programme, the listed
 * name and the start date, so a re-import finds the same node. */
static kg_status emit_sanction(importer *im, const row *r, const entity *e, const kg_term *start,
                               const kg_term *end)
{
    size_t size = strlen(r->name) * 2 + 16;
    char *norm = kg_arena_alloc(im->arena, size), *slug = kg_arena_alloc(im->arena, size);
    char prog[256];
    if (!norm || !slug)
        return nomem(im);
    kg_name_normalise(r->name, true, norm, size);
    kg_name_slug(norm, slug, size);
    kg_name_slug(local_name(im->map.programme), prog, sizeof prog);
    const char *s = kg_arena_printf(im->arena, KG_ID_NS "%s-%s%s%s", prog, slug, start ? "-" : "",
                                    start ? start->value : "");
    const char *label = kg_arena_printf(
        im->arena, "%s on the %s%s%s%s%s", r->name, im->map.programme_label, start ? " from " : "",
        start ? start->value : "", end ? ", ended " : "", end ? end->value : "");
    if (!s || !label)
        return nomem(im);
    kg_status st = emit_iri(im, s, RDF_TYPE, im->map.kind);
    if (st == KG_OK)
        st = emit_text(im, s, RDFS_LABEL, label);
    if (st == KG_OK)
        st = emit_iri(im, s, KG_NS "sanctions", e->iri);
    if (st == KG_OK)
        st = emit_iri(im, s, KG_NS "authority", im->map.authority);
    if (st == KG_OK)
        st = emit_iri(im, s, KG_NS "programme", im->map.programme);
    if (st == KG_OK && start)
        st = emit(im, s, KG_NS "startDate", *start);
    if (st == KG_OK && end)
        st = emit(im, s, KG_NS "endDate", *end);
    for (size_t i = 0; st == KG_OK && i < im->map.reason.n; i++) {
        const char *text = field(im, im->c_reason[i]);
        if (*text)
            st = emit_text(im, s, KG_NS "reason", text);
    }
    for (size_t i = 0; st == KG_OK && i < im->map.note.n; i++) {
        const char *text = field(im, im->c_note[i]);
        if (*text)
            st = emit_text(im, s, KG_NS "note", text);
    }
    const char *url = field(im, im->c_source);
    if (!*url && im->map.source_url_default)
        url = im->map.source_url_default;
    if (st == KG_OK && *url)
        st = emit(im, s, KG_NS "sourceUrl", lit(url, KG_XSD "anyURI"));
    if (st == KG_OK)
        st = emit_iri(im, s, PROV_DERIVED, r->row_iri);
    return st;
}

/* child kg:subsidiaryOf parent, with a statement node pointing at the row
 * (the way articles point statements at sentences). */
static kg_status emit_parent(importer *im, const row *r, const entity *child, const entity *parent)
{
    const char *st_iri = kg_arena_printf(im->arena, "%s#row-%lu-parent", im->graph, r->number);
    if (!st_iri)
        return nomem(im);
    kg_status st = emit_iri(im, child->iri, KG_NS "subsidiaryOf", parent->iri);
    if (st == KG_OK)
        st = emit_iri(im, st_iri, RDF_TYPE, KG_RDF "Statement");
    if (st == KG_OK)
        st = emit_iri(im, st_iri, KG_RDF "subject", child->iri);
    if (st == KG_OK)
        st = emit_iri(im, st_iri, KG_RDF "predicate", KG_NS "subsidiaryOf");
    if (st == KG_OK)
        st = emit_iri(im, st_iri, KG_RDF "object", parent->iri);
    if (st == KG_OK)
        st = emit_iri(im, st_iri, PROV_DERIVED, r->row_iri);
    return st;
}

static kg_status emit_row_node(importer *im, const row *r)
{
    const char *label = kg_arena_printf(im->arena, "%s, row %lu (line %lu) of list %s", r->name,
                                        r->number, r->line, im->opts->name);
    const char *num = kg_arena_printf(im->arena, "%lu", r->number);
    const char *line = kg_arena_printf(im->arena, "%lu", r->line);
    if (!label || !num || !line)
        return nomem(im);
    kg_status st = emit_iri(im, r->row_iri, RDF_TYPE, KGI "ListRow");
    if (st == KG_OK)
        st = emit_text(im, r->row_iri, RDFS_LABEL, label);
    if (st == KG_OK)
        st = emit(im, r->row_iri, KGI "row", lit(num, KG_XSD "positiveInteger"));
    if (st == KG_OK)
        st = emit(im, r->row_iri, KGI "line", lit(line, KG_XSD "positiveInteger"));
    if (st == KG_OK)
        st = emit_iri(im, r->row_iri, KGI "list", im->graph);
    return st;
}

/* One data record. Returns KG_OK also for a row that was skipped (and
 * reported); other statuses end the import. */
static kg_status import_row(importer *im, kg_view *view, unsigned long number, unsigned long line,
                            size_t width)
{
    row r = {.number = number, .line = line};
    char why[512];
    if (kg_csv_count(&im->csv) != width) {
        snprintf(why, sizeof why, "the row has %zu fields, the header %zu", kg_csv_count(&im->csv),
                 width);
        note_skipped(im, line, why);
        return KG_OK;
    }
    r.name = field(im, im->c_name);
    if (!*r.name) {
        snprintf(why, sizeof why, "the name column \"%s\" is empty", im->map.name);
        note_skipped(im, line, why);
        return KG_OK;
    }
    kg_term start, end;
    const char *start_text = field(im, im->c_start), *end_text = field(im, im->c_end);
    bool has_start = *start_text, has_end = *end_text;
    if ((has_start && !parse_date(im, start_text, &start)) ||
        (has_end && !parse_date(im, end_text, &end))) {
        snprintf(why, sizeof why,
                 "\"%s\" is not a date (YYYY-MM-DD, YYYY-MM, YYYY or \"Month D, YYYY\")",
                 has_start && !parse_date(im, start_text, &start) ? start_text : end_text);
        note_skipped(im, line, why);
        return KG_OK;
    }
    r.row_iri = kg_arena_printf(im->arena, "%s#row-%lu", im->graph, number);
    if (!r.row_iri)
        return nomem(im);
    collect_aliases(im, &r, r.name, true);
    long parent = -1;
    const char *parent_name = field(im, im->c_parent);
    kg_status st = KG_OK;
    if (*parent_name) {
        row pr = {.number = number, .line = line, .name = parent_name};
        collect_aliases(im, &pr, parent_name, false);
        size_t index;
        st = resolve(im, view, &r, parent_name, pr.aliases, pr.n_aliases, -1, &index);
        parent = (long)index;
    }
    size_t child;
    if (st == KG_OK)
        st = resolve(im, view, &r, r.name, r.aliases, r.n_aliases, parent, &child);
    if (st == KG_OK)
        st = emit_sanction(im, &r, &im->ents[child], has_start ? &start : NULL,
                           has_end ? &end : NULL);
    if (st == KG_OK && parent >= 0)
        st = emit_parent(im, &r, &im->ents[child], &im->ents[parent]);
    if (st == KG_OK)
        st = emit_row_node(im, &r);
    if (st == KG_OK)
        im->stats.imported++;
    return st;
}

/* ---- the list's own nodes ----------------------------------------------- */

static long column(importer *im, const char *header, size_t width, const char *name)
{
    if (!header)
        return -1;
    for (size_t i = 0; i < width; i++)
        if (strcmp(kg_csv_field(&im->csv, i), header) == 0)
            return (long)i;
    kg_error_set(im->err, KG_ERR_INVALID, name,
                 "the mapping names the column \"%s\", which the header does not have", header);
    return -2;
}

static kg_status map_columns(importer *im, size_t width)
{
    const char *path = im->opts->mapping_path;
    struct {
        const char *header;
        long *slot;
    } single[] = {{im->map.name, &im->c_name},
                  {im->map.parent, &im->c_parent},
                  {im->map.start, &im->c_start},
                  {im->map.end, &im->c_end},
                  {im->map.source_url, &im->c_source}};
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++)
        if ((*single[i].slot = column(im, single[i].header, width, path)) == -2)
            return KG_ERR_INVALID;
    struct {
        const kg_strlist *list;
        long **slot;
    } multi[] = {{&im->map.alias, &im->c_alias},
                 {&im->map.reason, &im->c_reason},
                 {&im->map.note, &im->c_note}};
    for (size_t i = 0; i < sizeof multi / sizeof multi[0]; i++) {
        size_t n = multi[i].list->n;
        *multi[i].slot = kg_arena_alloc(im->arena, (n ? n : 1) * sizeof(long));
        if (!*multi[i].slot)
            return nomem(im);
        for (size_t k = 0; k < n; k++)
            if (((*multi[i].slot)[k] = column(im, multi[i].list->v[k], width, path)) == -2)
                return KG_ERR_INVALID;
    }
    return KG_OK;
}

static kg_status emit_list_nodes(importer *im)
{
    const kg_listmap *m = &im->map;
    char *file = realpath(im->path, NULL), *mapping = realpath(im->opts->mapping_path, NULL);
    const char *rows = kg_arena_printf(im->arena, "%" PRIu64, im->stats.rows);
    const char *title = m->title ? m->title : m->programme_label;
    kg_status st = file && mapping && rows ? KG_OK : nomem(im);
    if (st == KG_OK)
        st = emit_iri(im, im->graph, RDF_TYPE, KGI "ImportedList");
    if (st == KG_OK)
        st = emit_text(im, im->graph, RDFS_LABEL, title);
    if (st == KG_OK)
        st = emit_text(im, im->graph, KGI "name", im->opts->name);
    if (st == KG_OK)
        st = emit_text(im, im->graph, KGI "file", kg_arena_strdup(im->arena, file));
    if (st == KG_OK)
        st = emit_text(im, im->graph, KGI "mapping", kg_arena_strdup(im->arena, mapping));
    if (st == KG_OK)
        st = emit_text(im, im->graph, KGI "sha256", im->sha256);
    if (st == KG_OK)
        st = emit(im, im->graph, KGI "rows", lit(rows, KG_XSD "integer"));
    if (st == KG_OK)
        st = emit_iri(im, im->graph, KGI "programme", m->programme);
    if (st == KG_OK)
        st = emit_iri(im, m->programme, RDF_TYPE, KG_NS "SanctionsProgramme");
    if (st == KG_OK)
        st = emit_text(im, m->programme, RDFS_LABEL, m->programme_label);
    if (st == KG_OK)
        st = emit_iri(im, m->authority, RDF_TYPE, m->authority_type);
    if (st == KG_OK)
        st = emit_text(im, m->authority, RDFS_LABEL, m->authority_label);
    free(file);
    free(mapping);
    return st;
}

/* One kgi:EntityLink per listed name, so kg_links_list can show it. */
static kg_status emit_links(importer *im)
{
    kg_status st = KG_OK;
    for (size_t i = 0; st == KG_OK && i < im->n_links; i++) {
        const link *l = &im->links[i];
        const entity *e = &im->ents[l->entity];
        const char *iri = kg_arena_printf(im->arena, "%s#link-%zu", im->graph, i + 1);
        const char *row = kg_arena_printf(im->arena, "%s#row-%lu", im->graph, l->row);
        const char *label =
            kg_arena_printf(im->arena, "%s -> %s (%s)", l->listed, e->label ? e->label : e->iri,
                            kg_link_method_name(l->method));
        if (!iri || !row || !label)
            return nomem(im);
        st = emit_iri(im, iri, RDF_TYPE, KGI "EntityLink");
        if (st == KG_OK)
            st = emit_text(im, iri, RDFS_LABEL, label);
        if (st == KG_OK)
            st = emit_text(im, iri, KGI "listedName", l->listed);
        if (st == KG_OK)
            st = emit_iri(im, iri, KGI "entity", e->iri);
        if (st == KG_OK)
            st = emit_text(im, iri, KGI "method", kg_link_method_name(l->method));
        if (st == KG_OK && l->matched)
            st = emit_text(im, iri, KGI "matchedName", l->matched);
        if (st == KG_OK)
            st = emit_iri(im, iri, KGI "row", row);
        for (size_t k = 0; st == KG_OK && k < l->n_candidates; k++) {
            const entity *c = find_entity(im, l->candidates[k]);
            if (c)
                st = emit_iri(im, iri, KGI "candidate", c->iri);
        }
    }
    return st;
}

/* ---- the import ----------------------------------------------------------- */

static bool valid_list_name(const char *name)
{
    if (!name || !*name || strlen(name) > 200)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

static void digest(importer *im, const char *text, size_t len)
{
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)text);
    sha256_digest(&ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(im->sha256 + 2 * i, 3, "%02x", d[i]);
}

/* Reads every row into im->out (phase one). */
static kg_status read_rows(importer *im, kg_view *view)
{
    unsigned long line;
    char why[512];
    kg_csv_result r = kg_csv_next(&im->csv, &line, why, sizeof why);
    if (r == KG_CSV_NOMEM)
        return nomem(im);
    if (r != KG_CSV_RECORD) {
        kg_error_set(im->err, KG_ERR_SYNTAX, im->path,
                     r == KG_CSV_END ? "the file has no header row" : "bad header row: %s", why);
        im->err->line = r == KG_CSV_END ? 1 : line;
        return KG_ERR_SYNTAX;
    }
    size_t width = kg_csv_count(&im->csv);
    kg_status st = map_columns(im, width);
    unsigned long number = 0;
    while (st == KG_OK && (r = kg_csv_next(&im->csv, &line, why, sizeof why)) != KG_CSV_END) {
        if (kg_store_interrupted(im->store))
            return kg_error_set(im->err, KG_ERR_INTERRUPTED, im->path, "interrupted");
        number++;
        im->stats.rows++;
        if (im->opts->progress && (im->stats.rows & 0xfff) == 0)
            im->opts->progress(im->opts->progress_ctx, im->stats.rows, 0, 0);
        if (r == KG_CSV_NOMEM)
            st = nomem(im);
        else if (r == KG_CSV_MALFORMED)
            note_skipped(im, line, why);
        else
            st = import_row(im, view, number, line, width);
    }
    if (st == KG_OK)
        st = emit_links(im);
    if (st == KG_OK)
        st = emit_list_nodes(im);
    return st;
}

/* Phase two: the quads into the list's graph. */
static kg_status write_quads(importer *im)
{
    kg_term g = kg_term_iri(im->graph);
    kg_status st = KG_OK;
    for (size_t i = 0; st == KG_OK && i < im->n_out; i++)
        st = kg_store_add(im->store, &im->out[i].s, &im->out[i].p, &im->out[i].o, &g);
    if (st != KG_OK)
        return st;
    kg_view *view = kg_store_view(im->store);
    kg_id gid = view ? kg_view_lookup(view, &g) : 0;
    kg_scan *scan = gid ? kg_scan_open(view, 0, 0, 0, KG_GRAPHS_ONE, gid) : NULL;
    kg_quad q;
    while (scan && kg_scan_next(scan, &q))
        im->stats.quads++;
    kg_scan_close(scan);
    return KG_OK;
}

static kg_status run(importer *im, const char *text, size_t len)
{
    kg_term g = kg_term_iri(im->graph);
    kg_status st = kg_store_drop_graph(im->store, &g);
    kg_view *view = st == KG_OK ? kg_store_view(im->store) : NULL;
    if (st == KG_OK && !view)
        st = nomem(im);
    if (st == KG_OK)
        st = index_store(im, view);
    if (st == KG_OK)
        st = load_rejections(im, view);
    if (st == KG_OK) {
        digest(im, text, len);
        kg_csv_init(&im->csv, text, len);
        st = read_rows(im, view);
    }
    if (st == KG_OK)
        st = write_quads(im);
    return st;
}

kg_status kg_import_list(kg_store *store, const char *path, const kg_import_options *opts,
                         kg_import_stats *stats)
{
    kg_error *err = kg_store_error_mut(store);
    kg_status vs = kg_options_check(opts, KG_IMPORT_OPTIONS_VERSION, "kg_import_options", err);
    if (vs != KG_OK)
        return vs;
    if (!opts || !valid_list_name(opts->name))
        return kg_error_set(err, KG_ERR_INVALID, NULL,
                            "a list name is letters, digits, '-' and '_' (got \"%s\")",
                            opts && opts->name ? opts->name : "");
    if (!opts->mapping_path)
        return kg_error_set(err, KG_ERR_INVALID, path, "no mapping file given for the list");
    importer im = {.store = store, .err = err, .opts = opts, .path = path};
    char *text = NULL;
    size_t len;
    kg_status st = kg_listmap_read(&im.map, opts->mapping_path, err);
    if (st == KG_OK)
        st = kg_read_file(&text, &len, path, MAX_LIST_BYTES, err);
    im.arena = st == KG_OK ? kg_arena_new() : NULL;
    im.res = im.arena ? kg_resolver_new() : NULL;
    im.ent_by_rid = kg_strmap_new();
    im.ent_by_iri = kg_strmap_new();
    im.link_by_name = kg_strmap_new();
    if (st == KG_OK &&
        (!im.res || !im.ent_by_rid || !im.ent_by_iri || !im.link_by_name || !(im.graph = kg_arena_printf(im.arena, KG_LIST_NS "%s", opts->name))))
        st = nomem(&im);
    if (st == KG_OK) {
        bool own = !kg_store_in_transaction(store);
        uint64_t mark = own ? 0 : kg_store_mark(store);
        st = own ? kg_store_begin(store) : KG_OK;
        if (st == KG_OK) {
            st = run(&im, text, len);
            if (st == KG_OK && own)
                st = kg_store_commit(store);
            else if (st != KG_OK && own)
                kg_store_rollback(store);
            else if (st != KG_OK)
                kg_store_undo_to(store, mark);
        }
    }
    if (st == KG_OK && stats)
        *stats = im.stats;
    kg_csv_free(&im.csv);
    kg_listmap_free(&im.map);
    kg_resolver_free(im.res);
    kg_strmap_free(im.ent_by_rid);
    kg_strmap_free(im.ent_by_iri);
    kg_strmap_free(im.link_by_name);
    kg_arena_free(im.arena);
    free(im.ents);
    free(im.list_graphs);
    free(im.links);
    free(im.out);
    free(text);
    return st;
}
