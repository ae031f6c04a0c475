/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/lists.c - .import, .links, .unlink and .validate: argument
 * handling, finding a list's mapping file, and printing what libkg reports
 * (skipped rows, uncertain candidates, links, validation problems). */
#define _GNU_SOURCE
#include "lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "interrupt.h"
#include "progress.h"
#include "render.h"

/* The mapping of list NAME for FILE: --map when given, else NAME.map next
 * to FILE, else NAME.map among the bundled lists. Caller frees. */
static char *find_mapping(const char *file, const char *name, const char *given)
{
    if (given)
        return strdup(given);
    char *path = NULL;
    const char *slash = strrchr(file, '/');
    int dir_len = slash ? (int)(slash - file) : 1;
    if (asprintf(&path, "%.*s/%s.map", dir_len, slash ? file : ".", name) >= 0 &&
        access(path, R_OK) == 0)
        return path;
    free(path);
    if (asprintf(&path, "%s/datasets/lists/%s.map", kgsh_datadir(), name) < 0)
        return NULL;
    return path;
}

static void show_note(void *ctx, const kg_import_note *n)
{
    kgsh_session *s = ctx;
    if (n->kind == KG_IMPORT_ROW_SKIPPED) {
        fprintf(stderr, "%s:%lu: row skipped: %s\n", n->file, n->line, n->message);
        return;
    }
    char *entity = kgsh_term_display(s->prefixes, n->entity);
    char *candidate = kgsh_term_display(s->prefixes, n->candidate);
    kgsh_note(s, "%s:%lu: \"%s\" is kept as %s; it may be %s%s%s%s, which was not merged (see "
                 ".links)",
            n->file, n->line, n->listed_name, entity ? entity : "?", candidate ? candidate : "?",
            n->candidate_label ? " (" : "", n->candidate_label ? n->candidate_label : "",
            n->candidate_label ? ")" : "");
    free(entity);
    free(candidate);
}

static void show_stats(kgsh_session *s, const kg_import_stats *st, const char *file,
                       const char *name)
{
    kgsh_note(s, "Imported %llu of %llu rows of %s as list %s (%llu skipped): %llu names linked "
              "to existing entities, %llu new entities, %llu names with uncertain candidates; "
              "%llu quads in <" KG_LIST_NS "%s>",
           (unsigned long long)st->imported, (unsigned long long)st->rows, file, name,
           (unsigned long long)st->skipped, (unsigned long long)st->linked,
           (unsigned long long)st->created, (unsigned long long)st->candidates,
           (unsigned long long)st->quads, name);
}

bool kgsh_cmd_import(kgsh_session *s, int argc, char **argv)
{
    const char *file = argv[1], *name = NULL, *map = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--as") == 0)
            name = argv[i + 1];
        else if (strcmp(argv[i], "--map") == 0)
            map = argv[i + 1];
        else
            name = NULL, i = argc; /* an unknown word: report below */
    }
    if (!name || argc % 2 != 0) {
        kgsh_fail(s, "usage: .import FILE --as NAME [--map MAPPING]");
        return false;
    }
    char *mapping = find_mapping(file, name, map);
    if (!mapping) {
        kgsh_fail(s, "out of memory");
        return false;
    }
    if (!map && access(mapping, R_OK) != 0) {
        kgsh_fail(s, "no mapping for list %s: looked for %s.map next to %s, then for %s; name "
                     "one with --map MAPPING (the format is in datasets/lists/README.md)",
                  name, name, file, mapping);
        free(mapping);
        return false;
    }
    kgsh_progress progress;
    kgsh_progress_begin(&progress, s, "rows", "importing %s", file);
    kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
    opts.name = name;
    opts.mapping_path = mapping;
    opts.note = show_note;
    opts.note_ctx = s;
    opts.progress = kgsh_progress_update;
    opts.progress_ctx = &progress;
    kg_import_stats stats = {0};
    kg_status st = kg_import_list(s->store, file, &opts, &stats);
    kgsh_progress_end(&progress);
    free(mapping);
    if (st != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    show_stats(s, &stats, file, name);
    return true;
}

static int show_link(void *ctx, const kg_link *l)
{
    kgsh_session *s = ctx;
    if (l->method == KG_LINK_NEW && l->candidates == 0)
        return 0;
    char *entity = kgsh_term_display(s->prefixes, l->entity);
    fprintf(s->out, "%s\t\"%s\"\t%s\t%s", l->list, l->listed_name, kg_link_method_name(l->method),
            entity ? entity : "?");
    if (l->entity_label)
        fprintf(s->out, " (%s)", l->entity_label);
    if (l->matched && l->method != KG_LINK_EXACT)
        fprintf(s->out, "\tmatched \"%s\"", l->matched);
    if (l->candidates)
        fprintf(s->out, "\t%zu uncertain candidate%s, not merged", l->candidates,
                l->candidates == 1 ? "" : "s");
    fputc('\n', s->out);
    free(entity);
    return 0;
}

bool kgsh_cmd_links(kgsh_session *s, int argc, char **argv)
{
    if (kg_links_list(s->store, argc > 1 ? argv[1] : NULL, show_link, s) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    return true;
}

bool kgsh_cmd_unlink(kgsh_session *s, int argc, char **argv)
{
    (void)argc;
    kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
    opts.note = show_note;
    opts.note_ctx = s;
    kg_import_stats stats = {0};
    if (kg_links_unlink(s->store, argv[1], argv[2], &opts, &stats) != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    kgsh_note(s, "\"%s\" is no longer linked; list %s imported again from its file", argv[2],
              argv[1]);
    show_stats(s, &stats, "its file", argv[1]);
    return true;
}

static int show_problem(void *ctx, const kg_problem *p)
{
    kgsh_session *s = ctx;
    char *sub = kgsh_term_display(s->prefixes, p->subject);
    char *pred = kgsh_term_display(s->prefixes, p->predicate);
    char *obj = p->object->kind != KG_TERM_NONE ? kgsh_term_display(s->prefixes, p->object) : NULL;
    char *graph = p->graph ? kgsh_term_display(s->prefixes, p->graph) : NULL;
    fprintf(s->out, "%s: %s %s %s in %s: %s\n", kg_problem_kind_name(p->kind), sub ? sub : "?",
            pred ? pred : "?", obj ? obj : "-", graph ? graph : "the default graph", p->message);
    if (p->source_text)
        fprintf(s->out, "    source: \"%s\"\n", p->source_text);
    free(sub);
    free(pred);
    free(obj);
    free(graph);
    return kgsh_interrupted();
}

bool kgsh_cmd_validate(kgsh_session *s, int argc, char **argv)
{
    char *graph = NULL;
    if (argc > 1) {
        graph = kgsh_prefixes_expand(s->prefixes, argv[1]);
        if (!graph && strchr(argv[1], ':') && !strpbrk(argv[1], "<> \t\""))
            graph = strdup(argv[1]);
        if (!graph) {
            kgsh_fail(s, "not a graph IRI or known prefixed name: %s", argv[1]);
            return false;
        }
    }
    kg_term g = kg_term_iri(graph ? graph : "");
    kg_validate_options opts = KG_VALIDATE_OPTIONS_INIT;
    opts.graph = graph ? &g : NULL;
    uint64_t count = 0;
    kg_status st = kg_validate(s->store, &opts, show_problem, s, &count);
    free(graph);
    if (st != KG_OK) {
        kgsh_fail_kg(s, kg_store_error(s->store));
        return false;
    }
    if (count) {
        kgsh_fail(s, "%llu problem%s found", (unsigned long long)count, count == 1 ? "" : "s");
        return false;
    }
    fprintf(s->out, "ok: no problems found\n");
    return true;
}
