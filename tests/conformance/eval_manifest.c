/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conformance/eval_manifest.c - the evaluation tests of loaded
 * manifests as cf_eval_test records (see eval_manifest.h). */
#define _GNU_SOURCE
#include "eval_manifest.h"

#include <stdlib.h>
#include <string.h>

#include "kg/term.h"
#include "resultset.h"

enum { MAX_GRAPHS = 64 };

static const struct {
    const char *type;
    cf_eval_kind kind;
} KINDS[] = {
    {KG_MF "QueryEvaluationTest", CF_EVAL_QUERY},
    {KG_MF "UpdateEvaluationTest", CF_EVAL_UPDATE},
    {KG_MF "CSVResultFormatTest", CF_EVAL_CSV},
};

static bool kind_of(const kg_mf_test *t, cf_eval_kind *kind)
{
    for (size_t i = 0; t->type && i < sizeof KINDS / sizeof KINDS[0]; i++) {
        if (strcmp(t->type, KINDS[i].type) == 0) {
            *kind = KINDS[i].kind;
            return true;
        }
    }
    return false;
}

static bool push(void *array, size_t *count, size_t size)
{
    void **a = array;
    void *bigger = realloc(*a, (*count + 1) * size);
    if (!bigger)
        return false;
    *a = bigger;
    memset((char *)bigger + *count * size, 0, size);
    (*count)++;
    return true;
}

/* A copy of the local path of a file node; NULL when it is not a file. */
static char *path_copy(const kg_mf_node *n)
{
    return n->kind == KG_MF_IRI && n->path ? strdup(n->path) : NULL;
}

/* The dataset described by node (an mf:action, or an update's mf:result):
 * data_p objects are default-graph files; graph_p objects are named graphs,
 * either a file named by its own IRI (qt:graphData) or a node with
 * ut:graph and rdfs:label (ut:graphData). */
static kg_status dataset_of(const kg_mf_file *f, const kg_mf_node *node, const char *data_p,
                            const char *graph_p, cf_dataset_files *out, kg_error *err)
{
    const char *where = kg_mf_file_path(f);
    if (node->kind == KG_MF_NONE)
        return KG_OK;
    kg_mf_node files[MAX_GRAPHS];
    size_t n = kg_mf_objects(f, node, data_p, files, MAX_GRAPHS);
    for (size_t i = 0; i < n && i < MAX_GRAPHS; i++) {
        if (!push(&out->data, &out->ndata, sizeof *out->data))
            return cf_error(err, KG_ERR_NOMEM, where, 0, "out of memory");
        if (!(out->data[out->ndata - 1] = path_copy(&files[i])))
            return cf_error(err, KG_ERR_INVALID, where, 0, "data %s is not a file", files[i].value);
    }
    n = kg_mf_objects(f, node, graph_p, files, MAX_GRAPHS);
    if (n > MAX_GRAPHS)
        return cf_error(err, KG_ERR_LIMIT, where, 0, "more than %d named graphs", MAX_GRAPHS);
    for (size_t i = 0; i < n; i++) {
        kg_mf_node file = files[i], label = {0};
        if (file.kind == KG_MF_BLANK) {
            label = kg_mf_object(f, &files[i], KG_RDFS "label");
            file = kg_mf_object(f, &files[i], KG_UT "graph");
        }
        if (!push(&out->graphs, &out->ngraphs, sizeof *out->graphs))
            return cf_error(err, KG_ERR_NOMEM, where, 0, "out of memory");
        cf_graph_file *g = &out->graphs[out->ngraphs - 1];
        g->path = path_copy(&file);
        g->name = strdup(label.kind == KG_MF_LITERAL ? label.value : file.value ? file.value : "");
        if (!g->path || !g->name || (files[i].kind == KG_MF_BLANK && label.kind != KG_MF_LITERAL))
            return cf_error(err, KG_ERR_INVALID, where, 0, "a named graph needs a file and a name");
    }
    return KG_OK;
}

/* "sparql11/add/add01" from the manifest's path and the test's IRI. */
static char *id_of(const kg_mf_test *t)
{
    const char *path = t->manifest, *end = strrchr(path, '/');
    const char *start = end;
    for (int dirs = 0; start && start > path && dirs < 2;)
        if (*--start == '/')
            dirs++;
    if (start && *start == '/')
        start++;
    const char *local = strrchr(t->node.value, '#');
    if (!local)
        local = strrchr(t->node.value, '/');
    local = local ? local + 1 : t->node.value;
    char *id = NULL;
    if (!start || asprintf(&id, "%.*s/%s", (int)(end - start), start, local) < 0)
        return NULL;
    return id;
}

static kg_status read_test(const kg_mf_test *t, cf_eval_kind kind, cf_eval_test *out, kg_error *err)
{
    const char *where = t->manifest;
    kg_mf_node card = kg_mf_object(t->file, &t->node, KG_MF "resultCardinality");
    out->kind = kind;
    out->lax = card.kind == KG_MF_IRI && strcmp(card.value, KG_MF "LaxCardinality") == 0;
    out->id = id_of(t);
    out->name = strdup(t->name ? t->name : t->node.value);
    out->query = t->query ? strdup(t->query) : NULL;
    if (!out->id || !out->name || !out->query)
        return cf_error(err, KG_ERR_INVALID, where, 0, "test %s lacks a name or query", t->node.value);
    const char *data_p = kind == CF_EVAL_UPDATE ? KG_UT "data" : KG_QT "data";
    const char *graph_p = kind == CF_EVAL_UPDATE ? KG_UT "graphData" : KG_QT "graphData";
    kg_status st = dataset_of(t->file, &t->action, data_p, graph_p, &out->input, err);
    if (st == KG_OK && kind == CF_EVAL_UPDATE)
        st = dataset_of(t->file, &t->result, data_p, graph_p, &out->expected, err);
    else if (st == KG_OK && t->result.kind == KG_MF_IRI && !(out->result = path_copy(&t->result)))
        st = cf_error(err, KG_ERR_INVALID, where, 0, "result %s is not a file", t->result.value);
    return st;
}

kg_status cf_eval_list_add(cf_eval_list *list, const kg_manifest *m, kg_error *err)
{
    for (size_t i = 0; i < kg_manifest_count(m); i++) {
        const kg_mf_test *t = kg_manifest_test(m, i);
        cf_eval_kind kind;
        if (!kind_of(t, &kind))
            continue;
        if (!push(&list->tests, &list->count, sizeof *list->tests))
            return cf_error(err, KG_ERR_NOMEM, t->manifest, 0, "out of memory");
        kg_status st = read_test(t, kind, &list->tests[list->count - 1], err);
        if (st != KG_OK)
            return st;
    }
    return KG_OK;
}

static void dataset_free(cf_dataset_files *d)
{
    for (size_t i = 0; i < d->ndata; i++)
        free(d->data[i]);
    for (size_t i = 0; i < d->ngraphs; i++)
        free(d->graphs[i].name), free(d->graphs[i].path);
    free(d->data), free(d->graphs);
}

void cf_eval_list_clear(cf_eval_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        cf_eval_test *t = &list->tests[i];
        free(t->id), free(t->name), free(t->query), free(t->result);
        dataset_free(&t->input);
        dataset_free(&t->expected);
    }
    free(list->tests);
    list->tests = NULL;
    list->count = 0;
}
