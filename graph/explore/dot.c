/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explore/dot.c - a neighbourhood as a Graphviz picture: DOT text written
 * here, SVG and PNG drawn by Graphviz's dot program, started with
 * posix_spawnp and an argument vector (never a shell), its messages
 * captured for the error. Files appear complete or not at all. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "explore/explore_impl.h"
#include "util/buf.h"
#include "util/fs.h"
#include "kg/grow.h"

extern char **environ;

/* Fill colours by class (local name of a kg: class), first match wins. */
static const struct {
    const char *cls, *color;
} class_colors[] = {
    {"Company", "#9ecae1"},          {"GovernmentAgency", "#fdd49e"},
    {"Organization", "#c6dbef"},     {"Official", "#a1d99b"},
    {"Person", "#c7e9c0"},           {"City", "#f2e6c9"},
    {"Country", "#f2e6c9"},          {"Region", "#f2e6c9"},
    {"Place", "#f2e6c9"},            {"Event", "#dadaeb"},
    {"Investment", "#ffffb2"},       {"Plan", "#ffffcc"},
    {"Deal", "#d9d9d9"},             {"Agreement", "#d9d9d9"},
    {"ExportControlListing", "#fcbba1"}, {"Designation", "#fcbba1"},
    {"ProcurementBan", "#fcbba1"},   {"AssetFreeze", "#fcbba1"},
    {"Sanction", "#fcbba1"},         {"SanctionsProgramme", "#fee0d2"},
    {"Post", "#e5d8bd"},
};

static const char *fill_of(const kg_node *n)
{
    if (!n->class_iri || strncmp(n->class_iri, KG_NS, strlen(KG_NS)) != 0)
        return "#ffffff";
    const char *local = n->class_iri + strlen(KG_NS);
    for (size_t i = 0; i < sizeof class_colors / sizeof *class_colors; i++)
        if (strcmp(local, class_colors[i].cls) == 0)
            return class_colors[i].color;
    return "#ffffff";
}

/* The end of an IRI after its last '#' or '/', for nodes without a label. */
static const char *short_name(const char *iri)
{
    const char *hash = strrchr(iri, '#'), *slash = strrchr(iri, '/');
    const char *cut = hash > slash ? hash : slash;
    return cut && cut[1] ? cut + 1 : iri;
}

/* A DOT double-quoted string's contents. */
static bool put_escaped(kg_buf *b, const char *s)
{
    bool ok = true;
    for (; ok && *s; s++) {
        if (*s == '"' || *s == '\\')
            ok = kg_buf_putc(b, '\\') && kg_buf_putc(b, *s);
        else if (*s == '\n' || *s == '\r')
            ok = kg_buf_puts(b, " ");
        else
            ok = kg_buf_putc(b, *s);
    }
    return ok;
}

typedef struct dot_nodes {
    const kg_node **v;
    size_t n, cap;
} dot_nodes;

/* The DOT name (index) of a node, adding it when new. */
static long node_index(dot_nodes *nodes, const kg_node *node)
{
    for (size_t i = 0; i < nodes->n; i++)
        if (strcmp(nodes->v[i]->term.value, node->term.value) == 0)
            return (long)i;
    if (!kg_grow(&nodes->v, &nodes->cap, nodes->n, sizeof *nodes->v, 64))
        return -1;
    nodes->v[nodes->n] = node;
    return (long)nodes->n++;
}

static bool put_node(kg_buf *b, size_t i, const kg_node *n, bool center)
{
    bool ok = kg_buf_printf(b, "  n%zu [label=\"", i) &&
              put_escaped(b, n->label ? n->label : short_name(n->term.value));
    if (ok && n->class_label)
        ok = kg_buf_puts(b, "\\n(") && put_escaped(b, n->class_label) && kg_buf_puts(b, ")");
    if (ok && n->sanctioned)
        ok = kg_buf_puts(b, "\\nSANCTIONED");
    ok = ok && kg_buf_printf(b, "\", fillcolor=\"%s\"", fill_of(n));
    if (ok && n->sanctioned)
        ok = kg_buf_puts(b, ", color=\"#cb181d\", fontcolor=\"#cb181d\", penwidth=2.5, peripheries=2");
    if (ok && center)
        ok = kg_buf_puts(b, ", style=\"filled,bold\"");
    ok = ok && kg_buf_puts(b, ", tooltip=\"") && put_escaped(b, n->term.value) &&
         kg_buf_puts(b, "\"];\n");
    return ok;
}

/* The DOT text of the neighbourhood. */
static bool build_dot(const kg_neighborhood *nb, kg_buf *b)
{
    dot_nodes nodes = {0};
    bool ok = node_index(&nodes, &nb->center) == 0;
    long *ends = malloc((nb->n ? nb->n : 1) * 2 * sizeof *ends);
    ok = ok && ends;
    for (size_t i = 0; ok && i < nb->n; i++) {
        ends[2 * i] = node_index(&nodes, &nb->hops[i].from);
        ends[2 * i + 1] = node_index(&nodes, &nb->hops[i].to);
        ok = ends[2 * i] >= 0 && ends[2 * i + 1] >= 0;
    }
    ok = ok && kg_buf_puts(b, "digraph kgsh {\n"
                              "  graph [rankdir=LR, overlap=false, fontname=\"Helvetica\"];\n"
                              "  node [shape=box, style=filled, fontname=\"Helvetica\", "
                              "fontsize=11];\n"
                              "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#636363\"];\n");
    for (size_t i = 0; ok && i < nodes.n; i++)
        ok = put_node(b, i, nodes.v[i], i == 0);
    for (size_t i = 0; ok && i < nb->n; i++) {
        const kg_hop *h = &nb->hops[i];
        /* arrows follow the stored triple: subject to object */
        long s = h->forward ? ends[2 * i] : ends[2 * i + 1];
        long o = h->forward ? ends[2 * i + 1] : ends[2 * i];
        ok = kg_buf_printf(b, "  n%ld -> n%ld [label=\"", s, o) &&
             put_escaped(b, h->property_label ? h->property_label : short_name(h->property)) &&
             kg_buf_puts(b, "\"];\n");
    }
    ok = ok && kg_buf_puts(b, "}\n");
    free(ends);
    free(nodes.v);
    return ok;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Runs dot -T<format> -o out in, with its messages in err_file. Returns
 * the exit status, -1 with errno when it could not be started. */
static int run_dot(const char *format, const char *in, const char *out, FILE *err_file)
{
    char type[16];
    snprintf(type, sizeof type, "-T%s", format);
    char *argv[] = {"dot", type, "-o", (char *)out, (char *)in, NULL};
    posix_spawn_file_actions_t actions;
    if (posix_spawn_file_actions_init(&actions) != 0)
        return -1;
    posix_spawn_file_actions_adddup2(&actions, fileno(err_file), STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "dot", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

/* The first line dot wrote to err_file, for the error message. */
static void first_line(FILE *err_file, char *buf, size_t size)
{
    buf[0] = 0;
    rewind(err_file);
    if (fgets(buf, (int)size, err_file))
        buf[strcspn(buf, "\n")] = 0;
}

static kg_status draw(kg_store *store, const kg_buf *dot, const char *format, const char *path)
{
    kg_error *err = kg_store_error_mut(store);
    char in[4200], out[4200];
    snprintf(in, sizeof in, "%s.dot", path);
    int fd = kg_fs_open_temp(in, 0600, in, sizeof in);
    if (fd < 0)
        return kg_error_set(err, KG_ERR_IO, path, "cannot write a temporary file: %s",
                            strerror(errno));
    bool written = kg_fs_write_all(fd, dot->data, dot->len) == 0;
    close(fd);
    int out_fd = written ? kg_fs_open_temp(path, 0644, out, sizeof out) : -1;
    FILE *err_file = out_fd >= 0 ? tmpfile() : NULL;
    if (!err_file) {
        kg_status st = kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
        if (out_fd >= 0)
            kg_fs_abort_temp(out_fd, out);
        unlink(in);
        return st;
    }
    close(out_fd);
    int rc = run_dot(format, in, out, err_file);
    int saved = errno;
    unlink(in);
    kg_status st = KG_OK;
    if (rc < 0 && saved == ENOENT)
        st = kg_error_set(err, KG_ERR_UNSUPPORTED, NULL,
                          "drawing %s needs Graphviz's dot program, which is not installed "
                          "(Debian package graphviz); write a .dot file instead",
                          format);
    else if (rc < 0)
        st = kg_error_set(err, KG_ERR_IO, NULL, "cannot run dot: %s", strerror(saved));
    else if (rc != 0) {
        char line[400];
        first_line(err_file, line, sizeof line);
        st = kg_error_set(err, KG_ERR_IO, path, "dot failed (exit status %d): %s", rc, line);
    } else if (rename(out, path) != 0)
        st = kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
    if (st != KG_OK)
        unlink(out);
    fclose(err_file);
    return st;
}

kg_status kg_dot_write(kg_store *store, const kg_neighborhood *n, const char *path)
{
    kg_error *err = kg_store_error_mut(store);
    memset(err, 0, sizeof *err);
    kg_buf dot = KG_BUF_INIT;
    if (!build_dot(n, &dot)) {
        kg_buf_free(&dot);
        return kg_error_set(err, KG_ERR_NOMEM, NULL, "out of memory");
    }
    kg_status st = KG_OK;
    if (ends_with(path, ".svg"))
        st = draw(store, &dot, "svg", path);
    else if (ends_with(path, ".png"))
        st = draw(store, &dot, "png", path);
    else if (kg_fs_replace_file(path, dot.data, dot.len, 0644) != 0)
        st = kg_error_set(err, KG_ERR_IO, path, "cannot write: %s", strerror(errno));
    kg_buf_free(&dot);
    return st;
}
