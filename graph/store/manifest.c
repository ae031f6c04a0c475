/* store/manifest.c - the MANIFEST file: which segments make up the store,
 * the next term id, the quad count and the prefixes. It is replaced
 * atomically (temp file, fsync, rename) on every commit, so it always names
 * a complete, consistent set of segments. A text format, one record a line,
 * ending with a checksum line so a torn or edited file is detected:
 *
 *   kgsh-store 1
 *   generation 12
 *   next-id 4711
 *   quads 90210
 *   segment seg-000012.kgs
 *   prefix kg: https://w3id.org/kgsh/ontology#
 *   checksum 0123456789abcdef
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store/store_impl.h"
#include "util/fs.h"
#include "util/hash.h"

static const char MANIFEST[] = "MANIFEST";

bool kg_prefixes_set(kg_prefixes *p, const char *name, const char *iri)
{
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->items[i].name, name) != 0)
            continue;
        if (!iri) {
            free(p->items[i].name);
            free(p->items[i].iri);
            p->items[i] = p->items[--p->n];
            return true;
        }
        char *copy = strdup(iri);
        if (!copy)
            return false;
        free(p->items[i].iri);
        p->items[i].iri = copy;
        return true;
    }
    if (!iri)
        return true;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        kg_prefix *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return false;
        p->items = items;
        p->cap = cap;
    }
    char *n = strdup(name), *i = strdup(iri);
    if (!n || !i) {
        free(n);
        free(i);
        return false;
    }
    p->items[p->n].name = n;
    p->items[p->n].iri = i;
    p->n++;
    return true;
}

void kg_prefixes_clear(kg_prefixes *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].iri);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

bool kg_prefixes_copy(kg_prefixes *dst, const kg_prefixes *src)
{
    memset(dst, 0, sizeof *dst);
    for (size_t i = 0; i < src->n; i++)
        if (!kg_prefixes_set(dst, src->items[i].name, src->items[i].iri)) {
            kg_prefixes_clear(dst);
            return false;
        }
    return true;
}

bool kg_manifest_push(kg_manifest *m, kg_segment *seg)
{
    if (m->n_segs == m->cap_segs) {
        size_t cap = m->cap_segs ? m->cap_segs * 2 : 8;
        kg_segment **segs = realloc(m->segs, cap * sizeof *segs);
        if (!segs)
            return false;
        m->segs = segs;
        m->cap_segs = cap;
    }
    m->segs[m->n_segs++] = seg;
    return true;
}

void kg_manifest_clear(kg_manifest *m)
{
    for (size_t i = 0; i < m->n_segs; i++)
        kg_segment_free(m->segs[i]);
    free(m->segs);
    kg_prefixes_clear(&m->prefixes);
    memset(m, 0, sizeof *m);
}

static void manifest_error(kg_error *err, kg_status status, const char *path, const char *what,
                           unsigned long line)
{
    kg_error_set(err, status, path, "%s", what);
    if (err)
        err->line = line;
}

kg_status kg_manifest_write(const char *dir, const kg_manifest *m, kg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, MANIFEST);
    kg_buf text = KG_BUF_INIT;
    bool ok = kg_buf_printf(&text, "kgsh-store 1\ngeneration %" PRIu64 "\nnext-id %" PRIu32
                                   "\nquads %" PRIu64 "\n",
                            m->generation, m->next_id, m->quads);
    for (size_t i = 0; ok && i < m->n_segs; i++)
        ok = kg_buf_printf(&text, "segment %s\n", m->segs[i]->file);
    for (size_t i = 0; ok && i < m->prefixes.n; i++)
        ok = kg_buf_printf(&text, "prefix %s: %s\n", m->prefixes.items[i].name,
                           m->prefixes.items[i].iri);
    if (ok)
        ok = kg_buf_printf(&text, "checksum %016" PRIx64 "\n",
                           kg_hash_bytes(text.data, text.len, 0));
    if (!ok) {
        kg_buf_free(&text);
        manifest_error(err, KG_ERR_NOMEM, path, "out of memory", 0);
        return KG_ERR_NOMEM;
    }
    int rc = kg_fs_replace_file(path, text.data, text.len, 0600);
    int saved = errno;
    kg_buf_free(&text);
    if (rc != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot write the store manifest: %s", strerror(saved));
        manifest_error(err, KG_ERR_IO, path, msg, 0);
        return KG_ERR_IO;
    }
    return KG_OK;
}

/* Reads dir/MANIFEST and maps every segment it names. KG_ERR_NOT_FOUND
 * when there is no manifest. */
kg_status kg_manifest_read(const char *dir, kg_manifest *m, kg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, MANIFEST);
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "re");
    if (!f) {
        kg_status st = errno == ENOENT ? KG_ERR_NOT_FOUND : KG_ERR_IO;
        char msg[512];
        snprintf(msg, sizeof msg, "cannot read the store manifest: %s", strerror(errno));
        manifest_error(err, st, path, msg, 0);
        return st;
    }
    kg_buf seen = KG_BUF_INIT;
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    bool header = false, sealed = false;
    kg_status st = KG_OK;
    ssize_t len;
    while (st == KG_OK && (len = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (sealed) {
            manifest_error(err, KG_ERR_CORRUPT, path, "text after the checksum line", lineno);
            st = KG_ERR_CORRUPT;
            break;
        }
        if (line[len - 1] != '\n') {
            manifest_error(err, KG_ERR_CORRUPT, path, "manifest is truncated", lineno);
            st = KG_ERR_CORRUPT;
            break;
        }
        char name[256], value[4096];
        uint64_t num;
        if (strncmp(line, "checksum ", 9) == 0) {
            uint64_t want = kg_hash_bytes(seen.data, seen.len, 0);
            if (sscanf(line + 9, "%" SCNx64, &num) != 1 || num != want) {
                manifest_error(err, KG_ERR_CORRUPT, path, "manifest checksum mismatch", lineno);
                st = KG_ERR_CORRUPT;
            }
            sealed = true;
            continue;
        }
        if (!kg_buf_append(&seen, line, (size_t)len)) {
            manifest_error(err, KG_ERR_NOMEM, path, "out of memory", lineno);
            st = KG_ERR_NOMEM;
        } else if (!header) {
            header = strcmp(line, "kgsh-store 1\n") == 0;
            if (!header) {
                manifest_error(err, KG_ERR_CORRUPT, path,
                               "not a kgsh store manifest (or a newer format)", lineno);
                st = KG_ERR_CORRUPT;
            }
        } else if (sscanf(line, "generation %" SCNu64, &num) == 1) {
            m->generation = num;
        } else if (sscanf(line, "next-id %" SCNu64, &num) == 1 && num <= KG_ID_STORE_MAX + 1ULL) {
            m->next_id = (kg_id)num;
        } else if (sscanf(line, "quads %" SCNu64, &num) == 1) {
            m->quads = num;
        } else if (sscanf(line, "segment %255s", name) == 1 && !strchr(name, '/')) {
            kg_segment *seg;
            st = kg_segment_map(dir, name, &seg, err);
            if (st == KG_OK && !kg_manifest_push(m, seg)) {
                kg_segment_free(seg);
                manifest_error(err, KG_ERR_NOMEM, path, "out of memory", lineno);
                st = KG_ERR_NOMEM;
            }
        } else if (sscanf(line, "prefix %255[^:]: %4095s", name, value) == 2 ||
                   (sscanf(line, "prefix : %4095s", value) == 1 && (name[0] = '\0', 1))) {
            if (!kg_prefixes_set(&m->prefixes, name, value)) {
                manifest_error(err, KG_ERR_NOMEM, path, "out of memory", lineno);
                st = KG_ERR_NOMEM;
            }
        } else {
            manifest_error(err, KG_ERR_CORRUPT, path, "unreadable manifest line", lineno);
            st = KG_ERR_CORRUPT;
        }
    }
    if (st == KG_OK && ferror(f)) {
        manifest_error(err, KG_ERR_IO, path, "error reading the manifest", lineno);
        st = KG_ERR_IO;
    }
    if (st == KG_OK && !sealed) {
        manifest_error(err, KG_ERR_CORRUPT, path, "manifest has no checksum line (truncated?)",
                       lineno);
        st = KG_ERR_CORRUPT;
    }
    free(line);
    kg_buf_free(&seen);
    fclose(f);
    if (st != KG_OK)
        kg_manifest_clear(m);
    return st;
}
