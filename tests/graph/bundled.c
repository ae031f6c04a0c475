/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/graph/bundled.c - see bundled.h. */
#include "bundled.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg/io.h"
#include "store/quads.h"
#include "test.h"
#include "util/hash.h"

const char *bt_path(const char *relative)
{
    static char paths[8][4200];
    static unsigned next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/../../%s", kg_test_data_dir(), relative);
    return p;
}

static bool load(kg_store *store, const char *path, const char *graph)
{
    kg_term g = kg_term_iri(graph ? graph : "");
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.graph = graph ? &g : NULL;
    if (kg_load_file(store, path, &opts, NULL) == KG_OK)
        return true;
    char buf[2048];
    printf("# cannot load %s: %s\n", path, kg_error_format(kg_store_error(store), buf, sizeof buf));
    return false;
}

kg_store *bt_bundled_store(const char *dir)
{
    kg_store *store = NULL;
    unsigned flags = dir ? KG_STORE_CREATE : KG_STORE_MEMORY;
    if (kg_store_open(&store, dir, flags, NULL) != KG_OK)
        return NULL;
    bool ok = load(store, bt_path("ontology/kgsh.ttl"), BT_ONTOLOGY_GRAPH);
    glob_t g;
    if (ok && glob(bt_path("datasets/articles/*.trig"), 0, NULL, &g) == 0) {
        for (size_t i = 0; ok && i < g.gl_pathc; i++)
            ok = load(store, g.gl_pathv[i], NULL);
        ok = ok && g.gl_pathc == 5;
        globfree(&g);
    } else {
        ok = false;
    }
    if (!ok) {
        kg_store_close(store);
        return NULL;
    }
    return store;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

uint64_t bt_digest(kg_store *store, const char *graph, uint64_t *quads)
{
    kg_view *view = kg_store_view(store);
    kg_term gt = kg_term_iri(graph ? graph : "");
    kg_id gid = graph ? kg_view_lookup(view, &gt) : 0;
    char **lines = NULL;
    size_t n = 0, cap = 0;
    if (!graph || gid) {
        kg_scan *scan = kg_scan_open(view, 0, 0, 0, graph ? KG_GRAPHS_ONE : KG_GRAPHS_ALL, gid);
        kg_quad q;
        while (scan && kg_scan_next(scan, &q)) {
            char text[4][4096];
            kg_id ids[4] = {q.s, q.p, q.o, q.g};
            for (int k = 0; k < 4; k++) {
                kg_term t;
                text[k][0] = '\0';
                if (ids[k] && kg_view_term(view, ids[k], &t))
                    kg_term_to_ntriples(&t, text[k], sizeof text[k]);
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                lines = realloc(lines, cap * sizeof *lines);
            }
            size_t len = strlen(text[0]) + strlen(text[1]) + strlen(text[2]) + strlen(text[3]) + 8;
            lines[n] = malloc(len);
            snprintf(lines[n++], len, "%s %s %s %s", text[0], text[1], text[2], text[3]);
        }
        kg_scan_close(scan);
    }
    qsort(lines, n, sizeof *lines, cmp_str);
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++) {
        h = kg_hash_bytes(lines[i], strlen(lines[i]) + 1, h);
        free(lines[i]);
    }
    free(lines);
    *quads = n;
    return h;
}
