/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/syntax_test.c - runs the W3C SPARQL syntax tests
 * (positive and negative, query and update) through kg_sparql_parse.
 *
 * Every manifest*.ttl under the suite directory (default tests/w3c/sparql
 * below $srcdir, or the first argument) is read, includes followed, and
 * each entry typed mf:PositiveSyntaxTest(11), mf:NegativeSyntaxTest(11),
 * mf:PositiveUpdateSyntaxTest11 or mf:NegativeUpdateSyntaxTest11 becomes one
 * TAP case named by its manifest (relative to the suite) and fragment. A
 * summary per folder ends the output. Withdrawn tests are skipped. */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/manifest.h"
#include "sparql/parser.h"
#include "test.h"

static char **manifests;
static size_t nmanifests, manifests_cap;

static int collect(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    const char *base = path + ftw->base;
    size_t n = strlen(base);
    if (flag != FTW_F || strncmp(base, "manifest", 8) != 0 || n < 4 || strcmp(base + n - 4, ".ttl"))
        return 0;
    if (nmanifests == manifests_cap) {
        manifests_cap = manifests_cap ? manifests_cap * 2 : 64;
        manifests = realloc(manifests, manifests_cap * sizeof *manifests);
        if (!manifests)
            return 1;
    }
    manifests[nmanifests++] = strdup(path);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct syntax_kind {
    const char *type; /* local name in the mf: namespace */
    bool positive;
    kg_sparql_kind kind;
} syntax_kind;

static const syntax_kind kinds[] = {
    {"PositiveSyntaxTest", true, KG_SPARQL_QUERY},
    {"PositiveSyntaxTest11", true, KG_SPARQL_QUERY},
    {"NegativeSyntaxTest", false, KG_SPARQL_QUERY},
    {"NegativeSyntaxTest11", false, KG_SPARQL_QUERY},
    {"PositiveUpdateSyntaxTest11", true, KG_SPARQL_UPDATE},
    {"NegativeUpdateSyntaxTest11", false, KG_SPARQL_UPDATE},
};

static const syntax_kind *kind_of(const kg_mf_test *t)
{
    size_t n = strlen(KG_MF);
    if (!t->type || strncmp(t->type, KG_MF, n) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(t->type + n, kinds[i].type) == 0)
            return &kinds[i];
    return NULL;
}

/* Per-folder tallies for the summary. */
typedef struct folder {
    char name[256];
    int passed, total;
} folder;

static folder folders[128];
static size_t nfolders;

static folder *folder_of(const char *rel)
{
    const char *slash = strrchr(rel, '/');
    size_t n = slash ? (size_t)(slash - rel) : 0;
    for (size_t i = 0; i < nfolders; i++)
        if (strlen(folders[i].name) == n && strncmp(folders[i].name, rel, n) == 0)
            return &folders[i];
    if (nfolders == sizeof folders / sizeof folders[0])
        return &folders[nfolders - 1];
    folder *f = &folders[nfolders++];
    snprintf(f->name, sizeof f->name, "%.*s", (int)n, rel);
    return f;
}

/* Runs one test; returns true when it passes, with a TAP diagnostic line
 * in why otherwise. */
static bool run(const kg_mf_test *t, const syntax_kind *k, char *why, size_t size)
{
    if (!t->query) {
        snprintf(why, size, "no query file in the manifest");
        return false;
    }
    size_t len;
    char *text = kg_test_read_file(t->query, &len);
    if (!text) {
        snprintf(why, size, "cannot read %s", t->query);
        return false;
    }
    char base[4200];
    snprintf(base, sizeof base, "file://%s", t->query);
    kg_sparql_parse_options opts = {.base_iri = base, .kind = k->kind};
    kg_sparql_ast *ast = NULL;
    kg_error err;
    kg_status st = kg_sparql_parse(text, len, &opts, &ast, &err);
    free(text);
    kg_sparql_ast_free(ast);
    if (k->positive && st != KG_OK)
        snprintf(why, size, "expected to parse, got error %lu:%lu: %s", err.line, err.column,
                 err.message);
    else if (!k->positive && st == KG_OK)
        snprintf(why, size, "expected a syntax error, but it parsed");
    else if (!k->positive && st != KG_ERR_SYNTAX && st != KG_ERR_LIMIT)
        snprintf(why, size, "expected a syntax error, got status %d", (int)st);
    else
        return true;
    return false;
}

int main(int argc, char **argv)
{
    char root[4096];
    const char *srcdir = getenv("srcdir");
    if (argc > 1)
        snprintf(root, sizeof root, "%s", argv[1]);
    else
        snprintf(root, sizeof root, "%s/tests/w3c/sparql", srcdir && *srcdir ? srcdir : ".");
    char *abs_root = realpath(root, NULL);
    if (!abs_root || nftw(abs_root, collect, 16, FTW_PHYS) != 0 || !nmanifests) {
        printf("Bail out! no manifests under %s\n", root);
        free(abs_root);
        return 99;
    }
    qsort(manifests, nmanifests, sizeof *manifests, by_name);
    char err[1024];
    kg_manifest *m = kg_manifest_load(manifests[0], err, sizeof err);
    for (size_t i = 1; m && i < nmanifests; i++) {
        if (!kg_manifest_add(m, manifests[i], err, sizeof err)) {
            kg_manifest_free(m);
            m = NULL;
        }
    }
    if (!m) {
        printf("Bail out! %s\n", err);
        free(abs_root);
        return 99;
    }
    /* Select the syntax tests, each IRI once. */
    size_t count = kg_manifest_count(m), planned = 0;
    const kg_mf_test **todo = calloc(count ? count : 1, sizeof *todo);
    for (size_t i = 0; i < count; i++) {
        const kg_mf_test *t = kg_manifest_test(m, i);
        if (!kind_of(t) || (t->approval && strstr(t->approval, "Withdrawn")))
            continue;
        bool dup = false;
        for (size_t j = 0; j < planned && !dup; j++)
            dup = strcmp(todo[j]->node.value, t->node.value) == 0;
        if (!dup)
            todo[planned++] = t;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("1..%zu\n", planned);
    size_t root_len = strlen(abs_root), failed = 0;
    for (size_t i = 0; i < planned; i++) {
        const kg_mf_test *t = todo[i];
        const char *rel = t->manifest + (strncmp(t->manifest, abs_root, root_len) == 0 ? root_len + 1 : 0);
        const char *frag = strrchr(t->node.value, '#');
        if (!frag)
            frag = strrchr(t->node.value, '/');
        frag = frag ? frag + 1 : t->node.value;
        char why[1024];
        bool ok = run(t, kind_of(t), why, sizeof why);
        folder *f = folder_of(rel);
        f->total++;
        f->passed += ok;
        failed += !ok;
        printf("%s %zu - %s#%s\n", ok ? "ok" : "not ok", i + 1, rel, frag);
        if (!ok)
            printf("# %s: %s\n", t->query ? t->query : "?", why);
    }
    for (size_t i = 0; i < nfolders; i++)
        printf("# %-40s %3d/%3d\n", folders[i].name, folders[i].passed, folders[i].total);
    printf("# total %zu/%zu passed\n", planned - failed, planned);
    free(todo);
    kg_manifest_free(m);
    for (size_t i = 0; i < nmanifests; i++)
        free(manifests[i]);
    free(manifests);
    free(abs_root);
    return failed ? 1 : 0;
}
