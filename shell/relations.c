/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/relations.c - .infer, .why, .exposure, .path, .neighbors and .dot:
 * turning what the user typed into entities (kg_resolve; several matches
 * are listed and the user asked to be specific) and showing the
 * structures of kg/explore.h as text: one line per link or step, the
 * sentences that state it indented under it. */
#define _GNU_SOURCE
#include "relations.h"

#include <stdlib.h>
#include <string.h>

#include "pager.h"
#include "render.h"
#include "rows.h"

/* ---- names and terms ---- */

/* Prints a term compactly (a prefixed name where one fits). */
static void put_term(kgsh_session *s, FILE *out, const kg_term *t)
{
    char *text = kgsh_term_display(s->prefixes, t);
    fputs(text ? text : t->value, out);
    free(text);
}

/* A node as "Label (kgr:x)", or just the compact IRI without a label. */
static void put_node(kgsh_session *s, FILE *out, const kg_node *n)
{
    if (n->label) {
        fprintf(out, "%s (", n->label);
        put_term(s, out, &n->term);
        fputc(')', out);
    } else {
        put_term(s, out, &n->term);
    }
}

/* A node as its label (else compact IRI); a plan or claim with its status,
 * so that an intention never reads as a fact: "Investment in HK (status:
 * plans to)". */
static void put_short_node(kgsh_session *s, FILE *out, const kg_node *n)
{
    if (n->label)
        fputs(n->label, out);
    else
        put_term(s, out, &n->term);
    if (n->status_label)
        fprintf(out, " (status: %s)", n->status_label);
}

/* The article's own name (its IRI's last segment). */
static const char *article_name(const char *article)
{
    const char *slash = article ? strrchr(article, '/') : NULL;
    return slash ? slash + 1 : article ? article : "?";
}

static void put_evidence(FILE *out, const char *indent, const kg_source_sentence *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s\"%s\" [%s, sentence %u]\n", indent, e[i].text, article_name(e[i].article),
                e[i].index);
    if (n == 0)
        fprintf(out, "%s(no sentence states it)\n", indent);
}

/* "A --subsidiary of--> B", with no line end. */
static void put_hop_line(kgsh_session *s, FILE *out, const kg_hop *h)
{
    const char *prop = h->property_label;
    char *compact = NULL;
    if (!prop) {
        kg_term p = kg_term_iri(h->property);
        prop = compact = kgsh_term_display(s->prefixes, &p);
    }
    put_short_node(s, out, &h->from);
    fprintf(out, h->forward ? " --%s--> " : " <--%s-- ", prop ? prop : h->property);
    put_short_node(s, out, &h->to);
    free(compact);
}

static void put_hop(kgsh_session *s, FILE *out, const char *indent, const kg_hop *h)
{
    fputs(indent, out);
    put_hop_line(s, out, h);
    fputc('\n', out);
    char deeper[64];
    snprintf(deeper, sizeof deeper, "%*s", (int)strlen(indent) + 4, "");
    put_evidence(out, deeper, h->evidence, h->n_evidence);
}

/* ---- rows for csv, tsv, json and xml (the columns .help documents) ---- */

#define HOP_COLUMNS                                                                                \
    "from", "from_label", "property", "direction", "to", "to_label", "sentence", "source",         \
        "from_status", "to_status"
enum { HOP_COLUMN_COUNT = 10 };

static void row_hop(kgsh_row *r, const kg_hop *h)
{
    kgsh_row_term(r, &h->from.term);
    kgsh_row_text(r, h->from.label);
    kgsh_row_iri(r, h->property);
    kgsh_row_text(r, h->forward ? "out" : "in");
    kgsh_row_term(r, &h->to.term);
    kgsh_row_text(r, h->to.label);
    kgsh_row_evidence(r, h->evidence, h->n_evidence);
    kgsh_row_text(r, h->from.status_label);
    kgsh_row_text(r, h->to.status_label);
}

/* Renders t (NULL: out of memory) and frees it. */
static bool render_rows(kgsh_session *s, kgsh_table *t, bool ok)
{
    if (!t || !ok) {
        kgsh_table_free(t);
        kgsh_fail(s, "out of memory");
        return false;
    }
    FILE *out = kgsh_pager_open(s);
    ok = kgsh_render_table(s, t, out);
    kgsh_pager_close(s, out);
    kgsh_table_free(t);
    return ok;
}

/* The one entity text names; lists the candidates and fails when it names
 * several or none. *out is a copy the caller frees with kg_term_free. */
static bool resolve_one(kgsh_session *s, const char *text, kg_term **out)
{
    *out = NULL;
    kg_matches *m = NULL;
    if (kg_resolve(&m, s->store, text) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    if (m->n == 1) {
        kg_status st = kg_term_copy(out, &m->items[0].term);
        kg_matches_free(m);
        if (st != KG_OK)
            kgsh_fail(s, "out of memory");
        return st == KG_OK;
    }
    if (m->n == 0) {
        kgsh_fail(s, "nothing is named \"%s\" (try .search)", text);
    } else {
        fprintf(stderr, "\"%s\" names %zu things:\n", text, m->n);
        for (size_t i = 0; i < m->n; i++) {
            fputs("  ", stderr);
            put_node(s, stderr, &m->items[i]);
            if (m->items[i].class_label)
                fprintf(stderr, " - %s", m->items[i].class_label);
            fputc('\n', stderr);
        }
        kgsh_fail(s, "say which one: use its IRI or prefixed name");
    }
    kg_matches_free(m);
    return false;
}

static bool parse_count(kgsh_session *s, const char *text, const char *what, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (*text < '0' || *text > '9' || *end || v == 0 || v > 100) {
        kgsh_fail(s, "%s must be a number from 1 to 100, not \"%s\"", what, text);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

/* ---- .infer ---- */

bool kgsh_cmd_infer(kgsh_session *s, int argc, char **argv)
{
    if (argc < 2) {
        printf("infer: %s\n", s->infer_off ? "off" : "on");
        return true;
    }
    if (strcmp(argv[1], "off") == 0) {
        s->infer_off = true;
        kgsh_note(s, "Inference off: queries see the asserted triples only");
        return true;
    }
    if (strcmp(argv[1], "on") != 0) {
        kgsh_fail(s, "expected on or off, not \"%s\"", argv[1]);
        return false;
    }
    s->infer_off = false;
    if (s->readonly) {
        kgsh_note(s, "Inference on (the store is read-only: the inferred graph is as last saved)");
        return true;
    }
    kg_infer_stats st;
    if (kg_infer_refresh(s->store, &st) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    kgsh_note(s, "Inference on: %llu inferred triples from %llu premises (%llu added, %llu removed)",
           (unsigned long long)st.inferred, (unsigned long long)st.premises,
           (unsigned long long)st.added, (unsigned long long)st.removed);
    return true;
}

/* ---- .why ---- */

static void put_triple(kgsh_session *s, FILE *out, const kg_why_step *st)
{
    put_term(s, out, &st->s);
    fputc(' ', out);
    put_term(s, out, &st->p);
    fputc(' ', out);
    put_term(s, out, &st->o);
}

bool kgsh_cmd_why(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    kg_term *t[3] = {NULL, NULL, NULL};
    bool ok = resolve_one(s, argv[1], &t[0]) && resolve_one(s, argv[2], &t[1]) &&
              resolve_one(s, argv[3], &t[2]);
    kg_why *why = NULL;
    if (ok && kg_why_explain(&why, s->store, t[0], t[1], t[2]) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        ok = false;
    }
    if (ok) {
        FILE *out = kgsh_pager_open(s);
        for (size_t i = 0; i < why->n; i++) {
            const kg_why_step *st = &why->steps[i];
            fprintf(out, "[%zu] ", i + 1);
            put_triple(s, out, st);
            fputc('\n', out);
            if (st->rule) {
                fprintf(out, "    by %s from", st->rule);
                for (size_t k = 0; k < st->n_premises; k++)
                    fprintf(out, " [%zu]", st->premises[k] + 1);
                fputc('\n', out);
                continue;
            }
            fputs("    asserted in", out);
            for (size_t k = 0; k < st->n_graphs; k++)
                fprintf(out, " %s", st->graphs[k]);
            fputc('\n', out);
            if (st->n_evidence)
                put_evidence(out, "    ", st->evidence, st->n_evidence);
        }
        kgsh_pager_close(s, out);
    }
    kg_why_free(why);
    for (int i = 0; i < 3; i++)
        kg_term_free(t[i]);
    return ok;
}

/* ---- .exposure ---- */

static const char *kind_text(kg_exposure_kind kind)
{
    switch (kind) {
    case KG_EXPOSURE_DIRECT:
        return "sanctioned itself";
    case KG_EXPOSURE_OWNERSHIP:
        return "exposed through ownership to";
    case KG_EXPOSURE_RELATED:
        return "exposed through a relationship to";
    }
    return "";
}

static void put_sanction(kgsh_session *s, FILE *out, const kg_sanction *sn)
{
    fputs("    sanction: ", out);
    if (sn->node.term.kind != KG_TERM_NONE) {
        fprintf(out, "%s", sn->kind_label ? sn->kind_label : "sanction");
        fputs(" ", out);
        put_node(s, out, &sn->node);
    } else {
        fputs("sanctioned by", out);
    }
    if (sn->authority)
        fprintf(out, "; authority %s", sn->authority);
    if (sn->programme)
        fprintf(out, "; list %s", sn->programme);
    if (sn->start_date)
        fprintf(out, "; from %s", sn->start_date);
    if (sn->end_date)
        fprintf(out, "; until %s", sn->end_date);
    fputc('\n', out);
    if (sn->reason)
        fprintf(out, "      reason: %s\n", sn->reason);
    put_evidence(out, "      ", sn->evidence, sn->n_evidence);
}

static const char *kind_name(kg_exposure_kind kind)
{
    return kind == KG_EXPOSURE_DIRECT ? "direct" : kind == KG_EXPOSURE_OWNERSHIP ? "ownership"
                                                                                : "related";
}

/* The chain as one line: "A --subsidiary of--> B; B --partner--> C". */
static char *chain_text(kgsh_session *s, const kg_exposure *ex)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = ex->n_chain ? open_memstream(&text, &len) : NULL;
    for (size_t k = 0; m && k < ex->n_chain; k++) {
        fputs(k ? "; " : "", m);
        put_hop_line(s, m, &ex->chain[k]);
    }
    if (m && fclose(m) != 0) {
        free(text);
        text = NULL;
    }
    return text;
}

/* One row per sanction reached: the company, how it is exposed, the chain
 * and the sanction. */
static bool exposure_rows(kgsh_session *s, const kg_exposure_list *l)
{
    const char *names[] = {"company", "company_label", "exposure", "sanctioned",
                           "sanctioned_label", "links", "chain", "sanction", "sanction_kind",
                           "authority", "list", "start", "end", "reason", "sentence", "source"};
    kgsh_table *t = kgsh_table_new(names, sizeof names / sizeof names[0]);
    bool ok = t != NULL;
    kgsh_row r = {0};
    for (size_t i = 0; ok && i < l->n; i++) {
        const kg_exposure *ex = &l->items[i];
        for (size_t k = 0; ok && k < ex->n_sanctions; k++) {
            const kg_sanction *sn = &ex->sanctions[k];
            kgsh_row_term(&r, &ex->company.term);
            kgsh_row_text(&r, ex->company.label);
            kgsh_row_text(&r, kind_name(ex->kind));
            kgsh_row_term(&r, &ex->sanctioned.term);
            kgsh_row_text(&r, ex->sanctioned.label);
            kgsh_row_number(&r, ex->n_chain);
            kgsh_row_take(&r, chain_text(s, ex));
            kgsh_row_term(&r, &sn->node.term);
            kgsh_row_text(&r, sn->kind_label);
            kgsh_row_text(&r, sn->authority);
            kgsh_row_text(&r, sn->programme);
            kgsh_row_text(&r, sn->start_date);
            kgsh_row_text(&r, sn->end_date);
            kgsh_row_text(&r, sn->reason);
            kgsh_row_evidence(&r, sn->evidence, sn->n_evidence);
            ok = kgsh_row_add(t, &r);
        }
    }
    return render_rows(s, t, ok);
}

/* Removes the quotes a name with spaces was given in, and trailing blanks. */
static char *unquote(char *text)
{
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        text[--len] = '\0';
    if (len >= 2 && (text[0] == '"' || text[0] == '\'') && text[len - 1] == text[0]) {
        text[len - 1] = '\0';
        text++;
    }
    return text;
}

bool kgsh_take_as_of(kgsh_session *s, char *rest, char **thing, const char **as_of)
{
    *as_of = s->as_of[0] ? s->as_of : NULL;
    *thing = rest;
    if (!rest)
        return true;
    bool first = strncmp(rest, "--asof", 6) == 0;
    char *option = first ? rest : strstr(rest, " --asof");
    char *date = option ? option + (first ? 6 : 7) : NULL;
    if (!option || (*date && *date != ' ' && *date != '\t')) {
        *thing = unquote(rest); /* no option, or a name that contains "--asof..." */
        return true;
    }
    date = unquote(date + strspn(date, " \t"));
    if (!*date) {
        kgsh_fail(s, "--asof needs a date");
        return false;
    }
    if (!kgsh_date_ok(s, date))
        return false;
    *as_of = date;
    *option = '\0';
    *thing = first ? NULL : unquote(rest);
    return true;
}

bool kgsh_date_ok(kgsh_session *s, const char *text)
{
    if (kg_date_valid(text) && text[0] != '-' && strlen(text) < sizeof s->as_of)
        return true;
    kgsh_fail(s, "\"%s\" is not a date: give YYYY, YYYY-MM or YYYY-MM-DD", text);
    return false;
}

bool kgsh_cmd_exposure(kgsh_session *s, int argc, char **argv)
{
    kg_exposure_options opts = KG_EXPOSURE_OPTIONS_INIT;
    char *thing = NULL;
    if (!kgsh_take_as_of(s, argc > 1 ? argv[1] : NULL, &thing, &opts.as_of))
        return false;
    kg_term *entity = NULL;
    if (thing && *thing && !resolve_one(s, thing, &entity))
        return false;
    kg_exposure_list *l = NULL;
    if (kg_exposure_find(&l, s->store, entity, &opts) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        kg_term_free(entity);
        return false;
    }
    if (kgsh_machine_mode(s)) {
        bool ok = exposure_rows(s, l);
        kg_exposure_list_free(l);
        kg_term_free(entity);
        return ok;
    }
    FILE *out = kgsh_pager_open(s);
    if (opts.as_of)
        fprintf(out, "As of %s (sanctions in force then):\n", opts.as_of);
    if (l->n == 0)
        fprintf(out, "%s\n", entity ? "No exposure found: neither sanctioned nor linked to a "
                                      "sanctioned entity"
                                    : "No company is sanctioned or linked to a sanctioned entity");
    for (size_t i = 0; i < l->n; i++) {
        const kg_exposure *ex = &l->items[i];
        put_node(s, out, &ex->company);
        fprintf(out, ": %s", kind_text(ex->kind));
        if (ex->kind != KG_EXPOSURE_DIRECT) {
            fputc(' ', out);
            put_short_node(s, out, &ex->sanctioned);
            fprintf(out, " (%zu link%s)", ex->n_chain, ex->n_chain == 1 ? "" : "s");
        }
        fputc('\n', out);
        for (size_t k = 0; k < ex->n_chain; k++)
            put_hop(s, out, "    ", &ex->chain[k]);
        for (size_t k = 0; k < ex->n_sanctions; k++)
            put_sanction(s, out, &ex->sanctions[k]);
    }
    kgsh_pager_close(s, out);
    kg_exposure_list_free(l);
    kg_term_free(entity);
    return true;
}

/* ---- .path, .neighbors, .dot ---- */

/* One row per link of each path. */
static bool path_rows(kgsh_session *s, const kg_path_list *l)
{
    const char *names[] = {"path", "score", "step", HOP_COLUMNS};
    kgsh_table *t = kgsh_table_new(names, sizeof names / sizeof names[0]);
    bool ok = t != NULL;
    kgsh_row r = {0};
    for (size_t i = 0; ok && i < l->n; i++) {
        for (size_t k = 0; ok && k < l->items[i].n; k++) {
            char score[32];
            snprintf(score, sizeof score, "%.2f", l->items[i].score);
            kgsh_row_number(&r, i + 1);
            kgsh_row_take(&r, strdup(score));
            kgsh_row_number(&r, k + 1);
            row_hop(&r, &l->items[i].hops[k]);
            ok = kgsh_row_add(t, &r);
        }
    }
    if (l->truncated)
        kgsh_note(s, "(more paths not shown)");
    return render_rows(s, t, ok);
}

/* "Path 1 (3 links; score 3.40 = ln 3 + ln 10):" */
static void put_path_heading(FILE *out, size_t number, const kg_path *p)
{
    fprintf(out, "Path %zu (%zu link%s", number, p->n, p->n == 1 ? "" : "s");
    if (p->n > 1) {
        fprintf(out, "; score %.2f =", p->score);
        for (size_t k = 0; k + 1 < p->n; k++)
            fprintf(out, "%s ln %u", k ? " +" : "", p->degree[k]);
    }
    fputs("):\n", out);
}

/* The .path options as parsed: terms resolved, owned here. */
typedef struct path_args {
    const char *a, *b;
    kg_path_options opts;
    kg_term *terms[4][32]; /* avoid, avoid-class, avoid-property, only */
    kg_term lists[4][32];
    size_t n[4];
} path_args;

static void path_args_free(path_args *pa)
{
    for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < pa->n[k]; i++)
            kg_term_free(pa->terms[k][i]);
}

/* Resolves each comma-separated name of text into list k. */
static bool add_path_terms(kgsh_session *s, path_args *pa, size_t k, const char *text, bool commas)
{
    char *copy = strdup(text), *save = NULL;
    bool ok = copy != NULL;
    for (char *w = copy && commas ? strtok_r(copy, ",", &save) : copy; ok && w;
         w = commas ? strtok_r(NULL, ",", &save) : NULL) {
        if (pa->n[k] == 32) {
            kgsh_fail(s, "at most 32 terms per option");
            ok = false;
        } else if ((ok = resolve_one(s, w, &pa->terms[k][pa->n[k]]))) {
            pa->lists[k][pa->n[k]] = *pa->terms[k][pa->n[k]];
            pa->n[k]++;
        }
    }
    free(copy);
    return ok;
}

static const char *const path_options[4] = {"--avoid", "--avoid-class", "--avoid-property",
                                            "--only"};

/* Parses A B [MAXLEN] and the options of .path. */
static bool parse_path_args(kgsh_session *s, int argc, char **argv, path_args *pa)
{
    kg_path_options init = KG_PATH_OPTIONS_INIT;
    pa->opts = init;
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        size_t k = 0;
        while (k < 4 && strcmp(argv[i], path_options[k]) != 0)
            k++;
        bool longer = strcmp(argv[i], "--longer") == 0;
        if ((k < 4 || longer) && i + 1 >= argc) {
            kgsh_fail(s, "%s needs a value", argv[i]);
            return false;
        }
        if (longer) {
            unsigned v;
            if (!parse_count(s, argv[++i], "--longer", &v))
                return false;
            pa->opts.longer = v;
        } else if (k < 4) {
            if (!add_path_terms(s, pa, k, argv[++i], k == 3))
                return false;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            kgsh_fail(s, "unknown option %s (see .help path)", argv[i]);
            return false;
        } else if (positional == 2) {
            if (!parse_count(s, argv[i], "MAXLEN", &pa->opts.max_len))
                return false;
            positional++;
        } else if (positional < 2) {
            *(positional++ ? &pa->b : &pa->a) = argv[i];
        } else {
            kgsh_fail(s, "too many arguments (see .help path)");
            return false;
        }
    }
    if (positional < 2) {
        kgsh_fail(s, "usage: .path A B [MAXLEN] [options] (see .help path)");
        return false;
    }
    pa->opts.avoid = pa->lists[0];
    pa->opts.n_avoid = pa->n[0];
    pa->opts.avoid_classes = pa->lists[1];
    pa->opts.n_avoid_classes = pa->n[1];
    pa->opts.avoid_properties = pa->lists[2];
    pa->opts.n_avoid_properties = pa->n[2];
    pa->opts.only_properties = pa->lists[3];
    pa->opts.n_only_properties = pa->n[3];
    return true;
}

bool kgsh_cmd_path(kgsh_session *s, int argc, char **argv)
{
    path_args pa = {0};
    kg_term *a = NULL, *b = NULL;
    if (!parse_path_args(s, argc, argv, &pa) || !resolve_one(s, pa.a, &a) ||
        !resolve_one(s, pa.b, &b)) {
        kg_term_free(a);
        path_args_free(&pa);
        return false;
    }
    kg_path_list *l = NULL;
    bool ok = kg_path_search(&l, s->store, a, b, &pa.opts) == KG_OK;
    if (!ok) {
        kgsh_fail_kg(s, kg_store_error(s->store));
    } else if (kgsh_machine_mode(s)) {
        ok = path_rows(s, l);
    } else {
        FILE *out = kgsh_pager_open(s);
        if (l->n == 0)
            fprintf(out, "No path of at most %u links\n", pa.opts.max_len ? pa.opts.max_len : 6);
        for (size_t i = 0; i < l->n; i++) {
            put_path_heading(out, i + 1, &l->items[i]);
            for (size_t k = 0; k < l->items[i].n; k++)
                put_hop(s, out, "  ", &l->items[i].hops[k]);
        }
        if (l->truncated)
            fprintf(out, "(more paths not shown)\n");
        kgsh_pager_close(s, out);
    }
    kg_path_list_free(l);
    kg_term_free(a);
    kg_term_free(b);
    path_args_free(&pa);
    return ok;
}

/* The neighbourhood of THING at DEPTH, or NULL (reported). */
static kg_neighborhood *neighborhood(kgsh_session *s, const char *thing, const char *depth_text)
{
    unsigned depth = 1;
    if (depth_text && !parse_count(s, depth_text, "DEPTH", &depth))
        return NULL;
    kg_term *t = NULL;
    if (!resolve_one(s, thing, &t))
        return NULL;
    kg_neighborhood *n = NULL;
    if (kg_neighbors(&n, s->store, t, depth, 0) != KG_OK)
        kgsh_fail_kg(s, kg_store_error(s->store));
    kg_term_free(t);
    return n;
}

/* One row per link, with its distance from the centre. */
static bool neighbor_rows(kgsh_session *s, const kg_neighborhood *n)
{
    const char *names[] = {"depth", HOP_COLUMNS};
    kgsh_table *t = kgsh_table_new(names, sizeof names / sizeof names[0]);
    bool ok = t != NULL;
    kgsh_row r = {0};
    for (size_t i = 0; ok && i < n->n; i++) {
        kgsh_row_number(&r, n->depth[i]);
        row_hop(&r, &n->hops[i]);
        ok = kgsh_row_add(t, &r);
    }
    if (n->truncated)
        kgsh_note(s, "(more links not shown)");
    return render_rows(s, t, ok);
}

bool kgsh_cmd_neighbors(kgsh_session *s, int argc, char **argv)
{
    kg_neighborhood *n = neighborhood(s, argv[1], argc > 2 ? argv[2] : NULL);
    if (!n)
        return false;
    if (kgsh_machine_mode(s)) {
        bool ok = neighbor_rows(s, n);
        kg_neighborhood_free(n);
        return ok;
    }
    FILE *out = kgsh_pager_open(s);
    put_node(s, out, &n->center);
    fprintf(out, ": %zu link%s\n", n->n, n->n == 1 ? "" : "s");
    for (size_t i = 0; i < n->n; i++) {
        char indent[16];
        snprintf(indent, sizeof indent, "  %u ", n->depth[i]);
        put_hop(s, out, indent, &n->hops[i]);
    }
    if (n->truncated)
        fprintf(out, "(more links not shown)\n");
    kgsh_pager_close(s, out);
    kg_neighborhood_free(n);
    return true;
}

bool kgsh_cmd_dot(kgsh_session *s, int argc, char **argv)
{
    const char *file = argv[argc - 1];
    kg_neighborhood *n = neighborhood(s, argv[1], argc > 3 ? argv[2] : NULL);
    if (!n)
        return false;
    bool ok = kg_dot_write(s->store, n, file) == KG_OK;
    if (!ok)
        kgsh_fail_kg(s, kg_store_error(s->store));
    else
        kgsh_note(s, "Wrote %zu links around %s to %s", n->n,
               n->center.label ? n->center.label : n->center.term.value, file);
    kg_neighborhood_free(n);
    return ok;
}

/* ---- .asof, .timeline ---- */

bool kgsh_cmd_asof(kgsh_session *s, int argc, char **argv)
{
    if (argc < 2) {
        printf("asof: %s\n", s->as_of[0] ? s->as_of : "off");
        return true;
    }
    if (strcmp(argv[1], "off") == 0) {
        s->as_of[0] = '\0';
        kgsh_note(s, "Answers as of today's data again");
        return true;
    }
    if (!kgsh_date_ok(s, argv[1]))
        return false;
    snprintf(s->as_of, sizeof s->as_of, "%s", argv[1]);
    kgsh_note(s, ".exposure and .describe now answer as of %s", s->as_of);
    return true;
}

/* One row per dated entry. */
static bool timeline_rows(kgsh_session *s, const kg_timeline *tl)
{
    const char *names[] = {"date", "when", "thing", "thing_label", "class", "status", HOP_COLUMNS,
                           "date_sentence"};
    kgsh_table *t = kgsh_table_new(names, sizeof names / sizeof names[0]);
    bool ok = t != NULL;
    kgsh_row r = {0};
    for (size_t i = 0; ok && i < tl->n; i++) {
        const kg_timeline_entry *e = &tl->items[i];
        kgsh_row_text(&r, e->date);
        kgsh_row_text(&r, e->when);
        kgsh_row_term(&r, &e->node.term);
        kgsh_row_text(&r, e->node.label);
        kgsh_row_text(&r, e->node.class_label);
        kgsh_row_text(&r, e->node.status_label);
        if (e->self) {
            for (int k = 0; k < HOP_COLUMN_COUNT; k++)
                kgsh_row_text(&r, NULL);
        } else {
            row_hop(&r, &e->link);
        }
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        for (size_t k = 0; m && k < e->n_date_evidence; k++)
            fprintf(m, "%s%s", k ? "\n" : "", e->date_evidence[k].text);
        if (m && fclose(m) != 0) {
            free(text);
            text = NULL;
        }
        if (!e->n_date_evidence) {
            free(text);
            text = NULL;
        }
        kgsh_row_take(&r, text);
        ok = kgsh_row_add(t, &r);
    }
    return render_rows(s, t, ok);
}

static void put_timeline_entry(kgsh_session *s, FILE *out, const kg_timeline_entry *e)
{
    fprintf(out, "%-10s  %-9s  ", e->date, e->when);
    put_short_node(s, out, &e->node);
    if (e->node.class_label)
        fprintf(out, " - %s", e->node.class_label);
    fputc('\n', out);
    if (!e->self)
        put_hop(s, out, "              ", &e->link);
    if (e->n_date_evidence) {
        fputs("              date stated in:\n", out);
        put_evidence(out, "                  ", e->date_evidence, e->n_date_evidence);
    }
}

bool kgsh_cmd_timeline(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    kg_term *entity = NULL;
    if (!resolve_one(s, argv[1], &entity))
        return false;
    kg_timeline *tl = NULL;
    bool ok = kg_timeline_find(&tl, s->store, entity) == KG_OK;
    if (!ok) {
        kgsh_fail_kg(s, kg_store_error(s->store));
    } else if (kgsh_machine_mode(s)) {
        ok = timeline_rows(s, tl);
    } else {
        FILE *out = kgsh_pager_open(s);
        put_node(s, out, &tl->entity);
        fprintf(out, ": %zu dated entr%s\n", tl->n, tl->n == 1 ? "y" : "ies");
        for (size_t i = 0; i < tl->n; i++)
            put_timeline_entry(s, out, &tl->items[i]);
        kgsh_pager_close(s, out);
    }
    kg_timeline_free(tl);
    kg_term_free(entity);
    return ok;
}
