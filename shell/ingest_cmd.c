/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/ingest_cmd.c - .ingest, .review, .accept and .reject: reading an
 * article into proposals with libkg's kg/ingest.h, showing them with their
 * sentences, and moving them into the article's graph or dropping them.
 * Proposal numbers are the store's (kg_proposal.number): they run on
 * across articles and stay the same in a later session, which picks up
 * whatever the store has staged (kg_ingest_resume) before it reviews,
 * accepts or rejects. */
#define _GNU_SOURCE
#include "ingest_cmd.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kg/grow.h"

#include "commands.h"
#include "prefixes.h"
#include "run.h"
#include "interrupt.h"

struct kgsh_ingests {
    kg_ingest **items;
    size_t n;
};

/* The article holding proposal number, and its index there; a pending
 * proposal wins over a decided one of the same number. */
static kg_ingest *locate(kgsh_session *s, size_t number, size_t *index)
{
    kg_ingest *found = NULL;
    for (size_t i = 0; s->ingests && i < s->ingests->n; i++) {
        kg_ingest *ing = s->ingests->items[i];
        size_t at = kg_ingest_index_of(ing, number);
        if (!at || (found && kg_ingest_proposal(ing, at)->state != KG_PROPOSAL_PENDING))
            continue;
        found = ing;
        *index = at;
    }
    return found;
}

/* The handle of the article with this staging graph, or -1. */
static long held(const kgsh_session *s, const char *staging_iri)
{
    for (size_t i = 0; s->ingests && i < s->ingests->n; i++)
        if (!strcmp(kg_ingest_staging_iri(s->ingests->items[i]), staging_iri))
            return (long)i;
    return -1;
}

static void show_term(kgsh_session *s, const kg_term *t, const char *label, FILE *out)
{
    char buf[1024];
    if (t->kind == KG_TERM_IRI) {
        if (!kgsh_prefixes_compact(s->prefixes, t->value, buf, sizeof buf))
            snprintf(buf, sizeof buf, "<%s>", t->value);
        fputs(buf, out);
        if (label && *label)
            fprintf(out, " (%s)", label);
    } else {
        kg_term_to_ntriples(t, buf, sizeof buf);
        fputs(buf, out);
    }
}

static const char *state_name(kg_proposal_state st)
{
    return st == KG_PROPOSAL_ACCEPTED ? "accepted" : st == KG_PROPOSAL_REJECTED ? "rejected" : "pending";
}

static void show_proposal(kgsh_session *s, const kg_ingest *ing, size_t index, FILE *out)
{
    const kg_proposal *p = kg_ingest_proposal(ing, index);
    fprintf(out, "%4zu  ", p->number);
    show_term(s, &p->subject, p->subject_label, out);
    fputc(' ', out);
    show_term(s, &p->predicate, NULL, out);
    fputc(' ', out);
    show_term(s, &p->object, p->object_label, out);
    fprintf(out, "\n      %s, confidence %.2f%s%s\n", p->rule, p->confidence,
            p->state == KG_PROPOSAL_PENDING ? "" : ", ", p->state == KG_PROPOSAL_PENDING ? "" : state_name(p->state));
    fprintf(out, "      s%zu [%zu-%zu]: %s\n", p->sentence, p->start, p->end, p->sentence_text);
    if (p->n_evidence > 1)
        fprintf(out, "      and %zu more sentence%s\n", p->n_evidence - 1, p->n_evidence > 2 ? "s" : "");
}

/* Holds ing, replacing the handle of an earlier ingest of the same article
 * (its staging graph was just replaced). */
static bool add_ingest(kgsh_session *s, kg_ingest *ing)
{
    if (!s->ingests && !(s->ingests = calloc(1, sizeof *s->ingests)))
        return false;
    long old = held(s, kg_ingest_staging_iri(ing));
    if (old >= 0) {
        kg_ingest_free(s->ingests->items[old]);
        memmove(&s->ingests->items[old], &s->ingests->items[old + 1],
                (s->ingests->n - (size_t)old - 1) * sizeof *s->ingests->items);
        s->ingests->n--;
    }
    kg_ingest **grown = realloc(s->ingests->items, (s->ingests->n + 1) * sizeof *grown);
    if (!grown)
        return false;
    s->ingests->items = grown;
    s->ingests->items[s->ingests->n++] = ing;
    return true;
}

/* The rules file: $KG_INGEST_RULES, else the data directory's (libkg reads
 * no environment: the shell passes the path). */
static kg_ingest_options ingest_options(char **rules)
{
    kg_ingest_options o = KG_INGEST_OPTIONS_INIT;
    const char *env = getenv("KG_INGEST_RULES");
    *rules = NULL;
    if (env && *env)
        o.rules_path = env;
    else if (asprintf(rules, "%s/ontology/ingest-rules.txt", kgsh_datadir()) >= 0)
        o.rules_path = *rules;
    return o;
}

typedef struct resume_ctx {
    kgsh_session *s;
    kg_ingest_options *opts;
    bool ok;
} resume_ctx;

static int resume_one(void *ctx, const char *stem)
{
    resume_ctx *rc = ctx;
    char iri[600];
    snprintf(iri, sizeof iri, "https://w3id.org/kgsh/staging/%s", stem);
    if (held(rc->s, iri) >= 0)
        return 0;
    kg_ingest *ing = NULL;
    kg_error err = {0};
    if (kg_ingest_resume(&ing, rc->s->store, stem, rc->opts, &err)) {
        kgsh_fail_kg(rc->s, &err);
        rc->ok = false;
        return 1;
    }
    if (!add_ingest(rc->s, ing)) {
        kg_ingest_free(ing);
        kgsh_fail(rc->s, "out of memory");
        rc->ok = false;
        return 1;
    }
    return 0;
}

/* Picks up what the store has staged that this session does not hold (an
 * earlier session's or another process's ingests). */
static bool sync_staged(kgsh_session *s)
{
    char *rules;
    kg_ingest_options o = ingest_options(&rules);
    resume_ctx rc = {s, &o, true};
    if (kg_ingest_staged(s->store, resume_one, &rc)) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        rc.ok = false;
    }
    free(rules);
    return rc.ok;
}

/* The files an argument names: itself, or a directory's files (not
 * hidden ones, not its subdirectories) in name order. */
static bool expand(kgsh_session *s, const char *arg, char ***files, size_t *n)
{
    struct stat st;
    struct dirent **list = NULL;
    int k = stat(arg, &st) == 0 && S_ISDIR(st.st_mode) ? scandir(arg, &list, NULL, alphasort) : -1;
    bool ok = true;
    if (k < 0) { /* a file (or a missing one: reading it says so) */
        char **grown = realloc(*files, (*n + 1) * sizeof *grown);
        if (!grown || !(grown[*n] = strdup(arg))) {
            if (grown)
                *files = grown;
            kgsh_fail(s, "out of memory");
            return false;
        }
        *files = grown;
        (*n)++;
        return true;
    }
    for (int i = 0; i < k; i++) {
        char *path = NULL;
        struct stat fs;
        if (ok && list[i]->d_name[0] != '.' && asprintf(&path, "%s/%s", arg, list[i]->d_name) >= 0 &&
            stat(path, &fs) == 0 && S_ISREG(fs.st_mode)) {
            char **grown = realloc(*files, (*n + 1) * sizeof *grown);
            if (grown) {
                *files = grown;
                grown[(*n)++] = path;
                path = NULL;
            } else {
                kgsh_fail(s, "out of memory");
                ok = false;
            }
        }
        free(path);
        free(list[i]);
    }
    free(list);
    return ok;
}

typedef struct batch_run {
    kgsh_session *s;
    kg_ingest_batch *batch;
    kg_ingest_options opts;
    bool list;      /* show each proposal (a single article) */
    bool progress;  /* a progress line on standard error */
    size_t done, total, articles, proposals, skipped;
} batch_run;

/* Clears the progress line before anything else is written. */
static void progress_clear(batch_run *r)
{
    if (r->progress)
        fputs("\r\033[K", stderr);
}

static void show_article(batch_run *r, const char *name, const kg_ingest *ing)
{
    kgsh_session *s = r->s;
    size_t n = kg_ingest_count(ing);
    size_t sentences = kg_ingest_sentence_count(ing);
    fprintf(s->out, "%s: %zu sentence%s, %zu proposal%s staged in <%s>\n", name, sentences,
            sentences == 1 ? "" : "s", n, n == 1 ? "" : "s", kg_ingest_staging_iri(ing));
    if (kg_ingest_truncated(ing))
        fprintf(s->out, "  (the proposal limit was reached: later triples were left out)\n");
    const char *heads[3][2] = {{"title", kg_ingest_title(ing)},
                               {"publisher", kg_ingest_publisher(ing)},
                               {"date", kg_ingest_date(ing)}};
    for (int k = 0; k < 3; k++)
        if (heads[k][1])
            fprintf(s->out, "  %s: %s\n", heads[k][0], heads[k][1]);
    for (size_t index = 1; r->list && index <= n; index++)
        show_proposal(s, ing, index, s->out);
}

/* Ingests one article of a file (a duplicate is skipped with a note). */
static bool ingest_article(batch_run *r, const char *name, const kg_article *a)
{
    kgsh_session *s = r->s;
    const char *earlier;
    kg_error err = {0};
    kg_status st = kg_ingest_seen(&earlier, r->batch, s->store, a, &err);
    kg_ingest *ing = NULL;
    if (!st && !earlier)
        st = kg_ingest_article(&ing, s->store, a, &r->opts, &err);
    progress_clear(r);
    if (st) {
        if (!err.file[0])
            snprintf(err.file, sizeof err.file, "%.*s", (int)sizeof err.file - 1, name);
        kgsh_fail_kg(s, &err);
        return false;
    }
    if (earlier) {
        kgsh_note(s, "%s: skipped: the same article (same link or text) as %s", name, earlier);
        r->skipped++;
        return true;
    }
    if (!add_ingest(s, ing)) {
        kg_ingest_free(ing);
        kgsh_fail(s, "out of memory");
        return false;
    }
    r->articles++;
    r->proposals += kg_ingest_count(ing);
    show_article(r, name, ing);
    return true;
}

static bool ingest_file(batch_run *r, const char *path)
{
    kgsh_session *s = r->s;
    kg_articles *arts = NULL;
    kg_error err = {0};
    if (r->progress) { /* shown while the file is read and ingested, cleared before output */
        fprintf(stderr, "\r\033[Kingesting %zu/%zu: %s", r->done + 1, r->total, path);
        fflush(stderr);
    }
    r->done++;
    if (kg_articles_read(&arts, path, &err)) {
        progress_clear(r);
        kgsh_fail_kg(s, &err);
        return false;
    }
    size_t n = kg_articles_count(arts);
    bool ok = true;
    for (size_t k = 1; k <= n && !kgsh_interrupted(); k++) {
        char name[4200];
        if (n > 1)
            snprintf(name, sizeof name, "%s item %zu", path, k);
        else
            snprintf(name, sizeof name, "%s", path);
        ok &= ingest_article(r, name, kg_articles_get(arts, k));
    }
    kg_articles_free(arts);
    return ok;
}

/* .ingest --text FILE...: the text each article is ingested as. */
static bool show_texts(kgsh_session *s, char **files, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        kg_articles *arts = NULL;
        kg_error err = {0};
        if (kg_articles_read(&arts, files[i], &err)) {
            kgsh_fail_kg(s, &err);
            ok = false;
            continue;
        }
        for (size_t k = 1; k <= kg_articles_count(arts); k++) {
            const kg_article *a = kg_articles_get(arts, k);
            if (n > 1 || kg_articles_count(arts) > 1)
                fprintf(s->out, "==> %s (%s) <==\n", files[i], a->stem);
            fwrite(a->text, 1, a->len, s->out);
            if (a->len && a->text[a->len - 1] != '\n')
                fputc('\n', s->out);
        }
        kg_articles_free(arts);
    }
    return ok;
}

bool kgsh_cmd_ingest(kgsh_session *s, int argc, char **argv)
{
    bool text = argc > 1 && !strcmp(argv[1], "--text");
    if (s->readonly && !text) {
        kgsh_fail(s, "the store is read-only: ingesting stages proposals in it");
        return false;
    }
    char **files = NULL;
    size_t n = 0;
    bool ok = true;
    for (int i = text ? 2 : 1; i < argc && ok; i++)
        ok = expand(s, argv[i], &files, &n);
    if (ok && !n) {
        kgsh_fail(s, "no files to ingest (.ingest FILE|DIR...; a directory's hidden files are left out)");
        ok = false;
    }
    if (ok && text) {
        ok = show_texts(s, files, n);
    } else if (ok) {
        char *rules;
        batch_run r = {s, NULL, ingest_options(&rules), n == 1, n > 1 && !s->quiet && isatty(STDERR_FILENO),
                       0, n, 0, 0, 0};
        if (kg_ingest_batch_new(&r.batch)) {
            kgsh_fail(s, "out of memory");
            ok = false;
        }
        r.opts.batch = r.batch;
        /* a file that fails does not stop the others */
        for (size_t i = 0; r.batch && i < n && !kgsh_interrupted(); i++)
            ok &= ingest_file(&r, files[i]);
        if (n > 1 || r.articles > 1)
            fprintf(s->out, "%zu articles, %zu proposals staged, %zu duplicates skipped\n",
                    r.articles, r.proposals, r.skipped);
        kg_ingest_batch_free(r.batch);
        free(rules);
    }
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return ok;
}

/* Reads "N..." (or nothing) into numbers; false on a bad number. */
static bool parse_numbers(kgsh_session *s, int argc, char **argv, size_t **numbers, size_t *n)
{
    *numbers = calloc((size_t)argc + 1, sizeof **numbers);
    *n = 0;
    if (!*numbers) {
        kgsh_fail(s, "out of memory");
        return false;
    }
    for (int i = 1; i < argc; i++) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(argv[i], &end, 10);
        if (errno || *end || !v || argv[i][0] == '-') {
            kgsh_fail(s, "not a proposal number: %s (see .review)", argv[i]);
            free(*numbers);
            return false;
        }
        (*numbers)[(*n)++] = (size_t)v;
    }
    return true;
}

/* --- filters (.review, .accept, .reject) --- */

typedef enum group_by { BY_NONE, BY_ARTICLE, BY_ENTITY } group_by;

typedef struct filter {
    const char *rule;      /* exact, or a prefix when it ends in '*' */
    const char *predicate; /* "kg:basedIn", "basedIn" or "<iri>" */
    double min;            /* the lowest confidence kept */
    bool any;              /* some filter is set */
    group_by by;
} filter;

/* Takes --rule NAME, --predicate P, --min-confidence X (or --min X) and,
 * for .review, --by article|entity out of argv; what is left are the
 * numbers (or "all"). False (reported) on a bad option. */
static bool parse_filter(kgsh_session *s, int *argc, char **argv, filter *f, bool review)
{
    *f = (filter){NULL, NULL, 0, false, BY_NONE};
    int kept = 1;
    for (int i = 1; i < *argc; i++) {
        const char *o = argv[i];
        bool takes = !strcmp(o, "--rule") || !strcmp(o, "--predicate") || !strcmp(o, "--min") ||
                     !strcmp(o, "--min-confidence") || (review && !strcmp(o, "--by"));
        if (!takes) {
            if (o[0] == '-' && o[1] == '-') {
                kgsh_fail(s, "unknown option %s (see .help %s)", o, argv[0]);
                return false;
            }
            argv[kept++] = argv[i];
            continue;
        }
        if (i + 1 == *argc) {
            kgsh_fail(s, "%s needs a value", o);
            return false;
        }
        const char *v = argv[++i];
        char *end;
        if (!strcmp(o, "--rule")) {
            f->rule = v;
        } else if (!strcmp(o, "--predicate")) {
            f->predicate = v;
        } else if (!strcmp(o, "--by")) {
            f->by = !strcmp(v, "article") ? BY_ARTICLE : !strcmp(v, "entity") ? BY_ENTITY : BY_NONE;
            if (f->by == BY_NONE) {
                kgsh_fail(s, "--by takes article or entity, not %s", v);
                return false;
            }
            continue; /* grouping is not a filter */
        } else {
            f->min = strtod(v, &end);
            if (end == v || *end || f->min < 0 || f->min > 1) {
                kgsh_fail(s, "%s takes a confidence from 0 to 1, not %s", o, v);
                return false;
            }
        }
        f->any = true;
    }
    *argc = kept;
    return true;
}

static bool predicate_matches(kgsh_session *s, const char *want, const char *iri)
{
    char compact[1024];
    kgsh_prefixes_compact(s->prefixes, iri, compact, sizeof compact);
    const char *local = strrchr(iri, '#');
    if (!local)
        local = strrchr(iri, '/');
    size_t n = strlen(want);
    return !strcmp(want, compact) || !strcmp(want, iri) || (local && !strcmp(want, local + 1)) ||
           (n > 2 && want[0] == '<' && want[n - 1] == '>' && strlen(iri) == n - 2 && !strncmp(want + 1, iri, n - 2));
}

static bool matches(kgsh_session *s, const filter *f, const kg_proposal *p)
{
    if (f->rule) {
        size_t n = strlen(f->rule);
        bool prefix = n && f->rule[n - 1] == '*';
        if (prefix ? strncmp(p->rule, f->rule, n - 1) != 0 : strcmp(p->rule, f->rule) != 0)
            return false;
    }
    return p->confidence + 1e-9 >= f->min &&
           (!f->predicate || predicate_matches(s, f->predicate, p->predicate.value));
}

/* --- .review --- */

typedef struct shown_item {
    const kg_ingest *ing;
    size_t index;
} shown_item;

/* Subject IRI, then number: the order of --by entity. */
static int by_subject(const void *a, const void *b)
{
    const kg_proposal *x = kg_ingest_proposal(((const shown_item *)a)->ing, ((const shown_item *)a)->index);
    const kg_proposal *y = kg_ingest_proposal(((const shown_item *)b)->ing, ((const shown_item *)b)->index);
    int c = strcmp(x->subject.value, y->subject.value);
    return c ? c : (x->number > y->number) - (x->number < y->number);
}

static void heading(kgsh_session *s, const kg_term *t, const char *label, size_t count)
{
    fputs("== ", s->out);
    show_term(s, t, label, s->out);
    fprintf(s->out, ": %zu proposal%s\n", count, count == 1 ? "" : "s");
}

/* Shows items in order, with a heading before each article's or
 * subject's run. */
static void show_grouped(kgsh_session *s, const shown_item *items, size_t n, group_by by)
{
    for (size_t k = 0; k < n; k++) {
        const kg_proposal *p = kg_ingest_proposal(items[k].ing, items[k].index);
        bool first = !k || (by == BY_ARTICLE ? items[k - 1].ing != items[k].ing
                                             : strcmp(kg_ingest_proposal(items[k - 1].ing, items[k - 1].index)
                                                          ->subject.value,
                                                      p->subject.value) != 0);
        if (by != BY_NONE && first) {
            size_t run = 1;
            while (k + run < n &&
                   (by == BY_ARTICLE ? items[k + run].ing == items[k].ing
                                     : !strcmp(kg_ingest_proposal(items[k + run].ing, items[k + run].index)->subject.value,
                                               p->subject.value)))
                run++;
            kg_term article = kg_term_iri(kg_ingest_article_iri(items[k].ing));
            if (by == BY_ARTICLE)
                heading(s, &article, kg_ingest_title(items[k].ing), run);
            else
                heading(s, &p->subject, p->subject_label, run);
        }
        show_proposal(s, items[k].ing, items[k].index, s->out);
    }
}

/* The pending proposals that pass the filter, in article order. NULL (and
 * *n 0) when none or on ENOMEM (then *nomem). */
static shown_item *pending(kgsh_session *s, const filter *f, size_t *n, bool *nomem)
{
    shown_item *items = NULL;
    size_t cap = 0;
    *n = 0;
    *nomem = false;
    for (size_t i = 0; s->ingests && i < s->ingests->n; i++) {
        const kg_ingest *ing = s->ingests->items[i];
        for (size_t index = 1; index <= kg_ingest_count(ing); index++) {
            const kg_proposal *p = kg_ingest_proposal(ing, index);
            if (p->state != KG_PROPOSAL_PENDING || !matches(s, f, p))
                continue;
            if (!kg_grow(&items, &cap, *n, sizeof *items, 64)) {
                *nomem = true;
                break;
            }
            items[(*n)++] = (shown_item){ing, index};
        }
    }
    return items;
}

bool kgsh_cmd_review(kgsh_session *s, int argc, char **argv)
{
    size_t *numbers, n;
    filter f;
    if (!parse_filter(s, &argc, argv, &f, true) || !sync_staged(s) || !parse_numbers(s, argc, argv, &numbers, &n))
        return false;
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        size_t index;
        const kg_ingest *ing = locate(s, numbers[k], &index);
        if (!ing) {
            kgsh_fail(s, "no pending proposal number %zu (see .review)", numbers[k]);
            ok = false;
            break;
        }
        if (matches(s, &f, kg_ingest_proposal(ing, index)))
            show_proposal(s, ing, index, s->out);
    }
    free(numbers);
    if (n)
        return ok;
    bool nomem;
    size_t count;
    shown_item *items = pending(s, &f, &count, &nomem);
    if (nomem) {
        free(items);
        kgsh_fail(s, "out of memory");
        return false;
    }
    if (f.by == BY_ENTITY)
        qsort(items, count, sizeof *items, by_subject);
    if (count)
        fprintf(s->out, "Pending proposals (.accept N... or all, .reject N... or all):\n");
    show_grouped(s, items, count, f.by);
    if (!count)
        fprintf(s->out, f.any ? "No pending proposals match.\n" : "No pending proposals (.ingest FILE makes some).\n");
    free(items);
    return true;
}

/* --- .accept, .reject --- */

/* The numbers of ing's pending proposals that are listed (all when
 * all) and pass the filter, into mine. */
static size_t chosen(kgsh_session *s, kg_ingest *ing, const size_t *numbers, size_t n, bool all,
                     const filter *f, size_t *mine)
{
    size_t count = 0, index;
    if (all) {
        for (index = 1; index <= kg_ingest_count(ing); index++) {
            const kg_proposal *p = kg_ingest_proposal(ing, index);
            if (p->state == KG_PROPOSAL_PENDING && matches(s, f, p))
                mine[count++] = p->number;
        }
        return count;
    }
    for (size_t k = 0; k < n; k++)
        if (locate(s, numbers[k], &index) == ing && matches(s, f, kg_ingest_proposal(ing, index)))
            mine[count++] = numbers[k];
    return count;
}

/* .accept / .reject: by number (grouped per article, one transaction per
 * article), or "all" (or nothing) for every pending proposal; filters
 * narrow either. */
static bool decide(kgsh_session *s, int argc, char **argv, bool accept)
{
    if (s->readonly) {
        kgsh_fail(s, "the store is read-only");
        return false;
    }
    filter f;
    if (!parse_filter(s, &argc, argv, &f, false))
        return false;
    bool all = argc == 1 || (argc == 2 && !strcmp(argv[1], "all"));
    size_t *numbers = NULL, n = 0, done = 0;
    if (!sync_staged(s) || (!all && !parse_numbers(s, argc, argv, &numbers, &n)))
        return false;
    size_t count = s->ingests ? s->ingests->n : 0, most = n;
    for (size_t i = 0; all && i < count; i++)
        most = kg_ingest_count(s->ingests->items[i]) > most ? kg_ingest_count(s->ingests->items[i]) : most;
    size_t *mine = calloc(most + 1, sizeof *mine);
    bool ok = mine != NULL;
    for (size_t k = 0; ok && k < n; k++) { /* every number must exist */
        size_t index;
        if (!locate(s, numbers[k], &index)) {
            kgsh_fail(s, "no pending proposal number %zu (see .review)", numbers[k]);
            ok = false;
        }
    }
    for (size_t i = 0; ok && i < count; i++) {
        kg_ingest *ing = s->ingests->items[i];
        size_t changed = 0, n_mine = chosen(s, ing, numbers, n, all, &f, mine);
        if (!n_mine)
            continue; /* never 0 numbers: that would mean all */
        kg_status st = accept ? kg_ingest_accept(ing, mine, n_mine, &changed)
                              : kg_ingest_reject(ing, mine, n_mine, &changed);
        if (st) {
            kgsh_fail_kg(s, kg_ingest_error(ing));
            ok = false;
        }
        done += changed;
    }
    if (!mine)
        kgsh_fail(s, "out of memory");
    if (ok)
        kgsh_note(s, "%zu proposal%s %s", done, done == 1 ? "" : "s",
                  accept ? "accepted" : "rejected");
    free(mine);
    free(numbers);
    return ok;
}

bool kgsh_cmd_accept(kgsh_session *s, int argc, char **argv)
{
    return decide(s, argc, argv, true);
}

bool kgsh_cmd_reject(kgsh_session *s, int argc, char **argv)
{
    return decide(s, argc, argv, false);
}

/* --- .rules --- */

bool kgsh_cmd_rules(kgsh_session *s, int argc, char **argv)
{
    (void)argc, (void)argv;
    static const char query[] =
        "PREFIX kgi: <https://w3id.org/kgsh/ingest#>\n"
        "SELECT ?rule ?accepted ?rejected (ROUND(1000 * ?accepted / (?accepted + ?rejected)) / 1000 AS ?precision)\n"
        "WHERE {\n"
        "  { SELECT ?rule (SUM(IF(?verdict = kgi:Accepted, 1, 0)) AS ?accepted)\n"
        "                 (SUM(IF(?verdict = kgi:Rejected, 1, 0)) AS ?rejected)\n"
        "    WHERE { GRAPH <https://w3id.org/kgsh/decisions> { ?d kgi:rule ?rule ; kgi:verdict ?verdict } }\n"
        "    GROUP BY ?rule }\n"
        "}\n"
        "ORDER BY ?precision DESC(?rejected) ?rule";
    return kgsh_run_statement(s, query, sizeof query - 1, NULL);
}

void kgsh_ingest_end(kgsh_session *s)
{
    if (!s->ingests)
        return;
    for (size_t i = 0; i < s->ingests->n; i++)
        kg_ingest_free(s->ingests->items[i]);
    free(s->ingests->items);
    free(s->ingests);
    s->ingests = NULL;
}
