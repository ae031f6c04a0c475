/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store/manifest.c - the MANIFEST file: which segments make up the store,
 * the next term id, the quad count and the prefixes. It is replaced
 * atomically (temp file, fsync, rename) on every commit, so it always names
 * a complete, consistent set of segments. A text format, one record a line,
 * ending with a checksum line so a torn or edited file is detected:
 *
 *   kgsh-store 2
 *   generation 12
 *   next-id 4711
 *   quads 90210
 *   segment seg-000012.kgs 0123456789abcdef
 *   prefix kg: https://w3id.org/kgsh/ontology#
 *   checksum 0123456789abcdef
 *
 * Format 2 writes each segment's checksum (the segment must match it) and
 * percent-escapes prefix names and IRIs (every byte outside '!'..'~', and
 * '%' and ':'), so no value can end a line or start a record whatever it
 * holds. Format 1 (no escapes, no segment checksums) is still read; its
 * prefix lines that are not a valid prefix name and IRI are skipped: they
 * can only be what the format-1 injection bug wrote, and prefixes only make
 * displays shorter. Format 3 has the lines of format 2; its segments may
 * be in segment format 3 (blocked indexes, segment.c), which a kgsh of
 * format 2 cannot read: the number makes that kgsh refuse the store as
 * newer, where it would otherwise report the segments as corrupt (and its
 * recovery could drop them). A newer format is refused, naming its number. The
 * parser (kg_manifest_parse) does no I/O, so it can be fuzzed alone. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "store/store_impl.h"
#include "util/fs.h"
#include "kg/grow.h"
#include "util/hash.h"
#include "util/iri.h"

static const char MANIFEST[] = "MANIFEST";
/* A manifest is small (its prefixes are most of it); anything bigger is
 * not one. */
#define MANIFEST_MAX_BYTES ((size_t)256 << 20)

bool kg_prefix_valid(const char *name, const char *iri)
{
    size_t bad, len = strlen(iri);
    return kg_iri_prefix_name_valid(name, strlen(name), &bad) &&
           kg_iri_chars_valid(iri, len, &bad) && kg_iri_scheme_len(iri, len) > 0;
}

/* The index slot of name: where it is, or the empty slot where it goes. */
static size_t prefix_slot(const kg_prefixes *p, const char *name)
{
    size_t mask = p->index_cap - 1;
    size_t slot = kg_hash_bytes(name, strlen(name), 0) & mask;
    while (p->index[slot] && strcmp(p->items[p->index[slot] - 1].name, name) != 0)
        slot = (slot + 1) & mask;
    return slot;
}

/* Rebuilds the index with room for at least `want` names. */
static bool reindex(kg_prefixes *p, size_t want)
{
    size_t cap = 16;
    while (cap < want * 2)
        cap *= 2;
    uint32_t *index = calloc(cap, sizeof *index);
    if (!index)
        return false;
    free(p->index);
    p->index = index;
    p->index_cap = cap;
    for (size_t i = 0; i < p->n; i++)
        p->index[prefix_slot(p, p->items[i].name)] = (uint32_t)(i + 1);
    return true;
}

const char *kg_prefixes_get(const kg_prefixes *p, const char *name)
{
    if (!p->index_cap)
        return NULL;
    uint32_t at = p->index[prefix_slot(p, name)];
    return at ? p->items[at - 1].iri : NULL;
}

bool kg_prefixes_set(kg_prefixes *p, const char *name, const char *iri)
{
    if (!p->index_cap && !reindex(p, 8))
        return false;
    size_t slot = prefix_slot(p, name);
    uint32_t at = p->index[slot];
    if (at && !iri) { /* removal: rare, so the index is simply rebuilt */
        free(p->items[at - 1].name);
        free(p->items[at - 1].iri);
        p->items[at - 1] = p->items[--p->n];
        return reindex(p, p->n);
    }
    if (at) {
        char *copy = strdup(iri);
        if (!copy)
            return false;
        free(p->items[at - 1].iri);
        p->items[at - 1].iri = copy;
        return true;
    }
    if (!iri)
        return true;
    if ((p->n + 1) * 2 > p->index_cap) {
        if (!reindex(p, p->n + 1))
            return false;
        slot = prefix_slot(p, name);
    }
    if (!kg_grow(&p->items, &p->cap, p->n, sizeof *p->items, 16))
        return false;
    char *n = strdup(name), *i = strdup(iri);
    if (!n || !i) {
        free(n);
        free(i);
        return false;
    }
    p->items[p->n].name = n;
    p->items[p->n].iri = i;
    p->n++;
    p->index[slot] = (uint32_t)p->n;
    return true;
}

void kg_prefixes_clear(kg_prefixes *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].iri);
    }
    free(p->items);
    free(p->index);
    memset(p, 0, sizeof *p);
}

bool kg_prefixes_copy(kg_prefixes *dst, const kg_prefixes *src)
{
    memset(dst, 0, sizeof *dst);
    dst->items = malloc((src->n ? src->n : 1) * sizeof *dst->items);
    if (!dst->items)
        return false;
    dst->cap = src->n ? src->n : 1;
    for (size_t i = 0; i < src->n; i++) {
        char *n = strdup(src->items[i].name), *iri = strdup(src->items[i].iri);
        if (!n || !iri) {
            free(n);
            free(iri);
            kg_prefixes_clear(dst);
            return false;
        }
        dst->items[dst->n].name = n;
        dst->items[dst->n++].iri = iri;
    }
    if (!reindex(dst, dst->n)) {
        kg_prefixes_clear(dst);
        return false;
    }
    return true;
}

bool kg_manifest_push(kg_manifest *m, kg_segment *seg)
{
    if (!kg_grow(&m->segs, &m->cap_segs, m->n_segs, sizeof *m->segs, 8))
        return false;
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

void kg_manifest_text_clear(kg_manifest_text *t)
{
    free(t->segs);
    kg_prefixes_clear(&t->prefixes);
    memset(t, 0, sizeof *t);
}

static kg_status manifest_error(kg_error *err, kg_status status, const char *path,
                                unsigned long line, const char *what)
{
    kg_error_set(err, status, path, "%s", what);
    if (err)
        err->line = line;
    return status;
}

/* ---- escaping ---- */

static bool is_plain(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '%' && c != ':';
}

static bool put_escaped(kg_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (!(is_plain(c) ? kg_buf_append(b, s, 1) : kg_buf_append(b, esc, 3)))
            return false;
    }
    return true;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* A NUL-terminated copy of s[0..len), undoing the escapes when `escaped`;
 * NULL (errno EINVAL) for a broken escape, a NUL byte or a raw byte the
 * writer would have escaped, or ENOMEM. */
static char *field_copy(const char *s, size_t len, bool escaped)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool bad = escaped && !is_plain(c) && c != '%';
        if (escaped && c == '%') {
            int hi = i + 2 < len ? hex_digit(s[i + 1]) : -1;
            int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
            bad = lo < 0;
            c = bad ? 0 : (unsigned char)(hi << 4 | lo);
            i += 2;
        }
        if (bad || c == 0) {
            free(out);
            errno = EINVAL;
            return NULL;
        }
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return out;
}

/* ---- writing ---- */

kg_status kg_manifest_write(const char *dir, const kg_manifest *m, kg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, MANIFEST);
    kg_buf text = KG_BUF_INIT;
    bool ok = kg_buf_printf(&text, "kgsh-store %d\ngeneration %" PRIu64 "\nnext-id %" PRIu32
                                   "\nquads %" PRIu64 "\n",
                            KG_MANIFEST_FORMAT, m->generation, m->next_id, m->quads);
    for (size_t i = 0; ok && i < m->n_segs; i++)
        ok = kg_buf_printf(&text, "segment %s %016" PRIx64 "\n", m->segs[i]->file,
                           m->segs[i]->checksum);
    for (size_t i = 0; ok && i < m->prefixes.n; i++)
        ok = kg_buf_puts(&text, "prefix ") &&
             put_escaped(&text, m->prefixes.items[i].name) && kg_buf_puts(&text, ": ") &&
             put_escaped(&text, m->prefixes.items[i].iri) && kg_buf_puts(&text, "\n");
    if (ok)
        ok = kg_buf_printf(&text, "checksum %016" PRIx64 "\n",
                           kg_hash_bytes(text.data, text.len, 0));
    if (!ok) {
        kg_buf_free(&text);
        return manifest_error(err, KG_ERR_NOMEM, path, 0, "out of memory");
    }
    int rc = kg_fs_replace_file(path, text.data, text.len, 0600);
    int saved = errno;
    kg_buf_free(&text);
    if (rc != 0) {
        kg_error_set(err, KG_ERR_IO, path, "cannot write the store manifest: %s",
                     strerror(saved));
        return KG_ERR_IO;
    }
    return KG_OK;
}

/* ---- parsing ---- */

/* A decimal (base 10) or hex (base 16) number that is all of s[0..len). */
static bool parse_number(const char *s, size_t len, int base, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > (base == 16 ? 16u : 20u))
        return false;
    for (size_t i = 0; i < len; i++) {
        int d = base == 16 ? hex_digit(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
        if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            return false;
        v = v * (uint64_t)base + (uint64_t)d;
    }
    *out = v;
    return true;
}

/* The value after "key " when the line starts with it; NULL otherwise. */
static const char *after_key(const char *line, size_t len, const char *key, size_t *rest)
{
    size_t k = strlen(key);
    if (len <= k || memcmp(line, key, k) != 0 || line[k] != ' ')
        return NULL;
    *rest = len - k - 1;
    return line + k + 1;
}

static bool segment_name_ok(const char *s, size_t len)
{
    if (len == 0 || len >= sizeof(((kg_manifest_ref *)0)->file) || s[0] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

static const char *parse_segment(kg_manifest_text *t, const char *v, size_t len)
{
    const char *space = memchr(v, ' ', len);
    size_t name_len = space ? (size_t)(space - v) : len;
    uint64_t sum = 0;
    if (!segment_name_ok(v, name_len))
        return "bad segment name in the manifest";
    if (t->version >= 2 && (!space || !parse_number(space + 1, len - name_len - 1, 16, &sum)))
        return "bad segment checksum in the manifest";
    if (t->version < 2 && space)
        return "unreadable manifest line";
    if (!kg_grow(&t->segs, &t->cap_segs, t->n_segs, sizeof *t->segs, 8))
        return NULL;
    kg_manifest_ref *r = &t->segs[t->n_segs++];
    memcpy(r->file, v, name_len);
    r->file[name_len] = '\0';
    r->checksum = sum;
    r->has_checksum = t->version >= 2;
    return "";
}

static const char *parse_prefix(kg_manifest_text *t, const char *v, size_t len)
{
    bool escaped = t->version >= 2;
    const char *colon = memchr(v, ':', len);
    if (!colon || (size_t)(colon - v) + 1 >= len || colon[1] != ' ')
        return "unreadable prefix line in the manifest";
    size_t name_len = (size_t)(colon - v), iri_at = name_len + 2;
    char *name = field_copy(v, name_len, escaped);
    char *iri = name ? field_copy(v + iri_at, len - iri_at, escaped) : NULL;
    const char *why = "";
    if (!iri && errno != EINVAL)
        why = NULL;
    else if (!iri || !kg_prefix_valid(name, iri))
        why = escaped ? "invalid prefix in the manifest" : "";
    else if (!kg_prefixes_set(&t->prefixes, name, iri))
        why = NULL;
    free(name);
    free(iri);
    return why;
}

/* One record; "" when fine, NULL when out of memory, else what is wrong. */
static const char *parse_record(kg_manifest_text *t, const char *line, size_t len)
{
    size_t n;
    uint64_t num;
    const char *v;
    if ((v = after_key(line, len, "generation", &n)))
        return parse_number(v, n, 10, &t->generation) ? "" : "bad generation in the manifest";
    if ((v = after_key(line, len, "next-id", &n))) {
        if (!parse_number(v, n, 10, &num) || num < 1 || num > KG_ID_STORE_MAX + 1ULL)
            return "bad next-id in the manifest";
        t->next_id = (kg_id)num;
        return "";
    }
    if ((v = after_key(line, len, "quads", &n)))
        return parse_number(v, n, 10, &t->quads) ? "" : "bad quad count in the manifest";
    if ((v = after_key(line, len, "segment", &n)))
        return parse_segment(t, v, n);
    if ((v = after_key(line, len, "prefix", &n)))
        return parse_prefix(t, v, n);
    return "unreadable manifest line";
}

static const char *parse_header(kg_manifest_text *t, const char *line, size_t len, char *buf,
                                size_t size)
{
    size_t n;
    uint64_t version;
    const char *v = after_key(line, len, "kgsh-store", &n);
    if (!v || !parse_number(v, n, 10, &version) || version == 0)
        return "not a kgsh store manifest";
    if (version > KG_MANIFEST_FORMAT) {
        snprintf(buf, size,
                 "the store is in format %" PRIu64 ", written by a newer kgsh; this one reads "
                 "formats 1 to %d",
                 version, KG_MANIFEST_FORMAT);
        return buf;
    }
    t->version = (unsigned)version;
    return "";
}

kg_status kg_manifest_parse(kg_manifest_text *out, const char *text, size_t len,
                            const char *path, kg_error *err)
{
    memset(out, 0, sizeof *out);
    size_t at = 0;
    unsigned long lineno = 0;
    char buf[200];
    const char *why = "";
    while (at < len && why && !*why) {
        const char *line = text + at;
        const char *nl = memchr(line, '\n', len - at);
        lineno++;
        if (!nl) {
            why = "manifest is truncated";
            break;
        }
        size_t n = (size_t)(nl - line);
        if (n > 9 && memcmp(line, "checksum ", 9) == 0) {
            uint64_t sum;
            if (!parse_number(line + 9, n - 9, 16, &sum) || sum != kg_hash_bytes(text, at, 0))
                why = "manifest checksum mismatch";
            else if (at + n + 1 != len)
                why = (lineno++, "text after the checksum line");
            else if (!out->version)
                why = "not a kgsh store manifest";
            else if (!out->next_id)
                why = "the manifest has no next-id line";
            if (why && !*why) {
                out->sealed = true;
                return KG_OK;
            }
            break;
        }
        why = lineno == 1 ? parse_header(out, line, n, buf, sizeof buf)
                          : parse_record(out, line, n);
        at += n + 1;
    }
    if (why && !*why)
        why = "manifest has no checksum line (truncated?)";
    kg_status st = why ? KG_ERR_CORRUPT : KG_ERR_NOMEM;
    manifest_error(err, st, path, lineno, why ? why : "out of memory");
    kg_manifest_text_clear(out);
    return st;
}

/* ---- reading ---- */

/* The whole manifest, and the identity of the file it came from. */
static kg_status slurp(const char *path, kg_buf *text, kg_file_id *id, kg_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > MANIFEST_MAX_BYTES) {
        int saved = fd < 0 ? errno : 0;
        kg_status s = saved == ENOENT ? KG_ERR_NOT_FOUND : fd < 0 ? KG_ERR_IO : KG_ERR_CORRUPT;
        if (fd >= 0)
            close(fd);
        kg_error_set(err, s, path, "cannot read the store manifest: %s",
                     saved ? strerror(saved) : "not a regular file of a sane size");
        return s;
    }
    kg_file_id_from_stat(id, &st);
    /* Read to the end, not st_size bytes: the size is only a hint. */
    bool ok = kg_buf_reserve(text, (size_t)st.st_size + 4096);
    while (ok) {
        ssize_t n = read(fd, text->data + text->len, text->cap - text->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        text->len += (size_t)n;
        if (text->len > MANIFEST_MAX_BYTES) {
            errno = EFBIG;
            ok = false;
        } else if (text->len == text->cap) {
            ok = kg_buf_reserve(text, text->cap);
        }
    }
    int saved = errno;
    close(fd);
    if (!ok) {
        kg_error_set(err, KG_ERR_IO, path, "cannot read the store manifest: %s",
                     strerror(saved));
        return KG_ERR_IO;
    }
    return KG_OK;
}

/* A segment of `reuse` that is the same file as ref (name, checksum and
 * inode), so a fresh read does not map and verify it again. */
static kg_segment *find_reusable(const kg_manifest *reuse, const kg_manifest_ref *ref,
                                 const char *dir)
{
    for (size_t i = 0; reuse && i < reuse->n_segs; i++) {
        kg_segment *seg = reuse->segs[i];
        if (strcmp(seg->file, ref->file) != 0 || (ref->has_checksum && seg->checksum != ref->checksum))
            continue;
        char path[4200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, ref->file);
        if (stat(path, &st) == 0 && st.st_ino == seg->ino && st.st_dev == seg->dev)
            return seg;
    }
    return NULL;
}

kg_status kg_manifest_read(const char *dir, kg_manifest *m, const kg_manifest *reuse,
                           kg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, MANIFEST);
    memset(m, 0, sizeof *m);
    kg_buf text = KG_BUF_INIT;
    kg_manifest_text t;
    kg_status st = slurp(path, &text, &m->id, err);
    if (st == KG_OK)
        st = kg_manifest_parse(&t, text.data, text.len, path, err);
    kg_buf_free(&text);
    if (st != KG_OK)
        return st;
    m->version = t.version;
    m->generation = t.generation;
    m->next_id = t.next_id;
    m->quads = t.quads;
    m->prefixes = t.prefixes;
    memset(&t.prefixes, 0, sizeof t.prefixes);
    for (size_t i = 0; st == KG_OK && i < t.n_segs; i++) {
        kg_segment *seg = find_reusable(reuse, &t.segs[i], dir);
        if (seg)
            kg_segment_ref(seg);
        else
            st = kg_segment_map(dir, t.segs[i].file, t.segs[i].has_checksum ? &t.segs[i].checksum : NULL,
                                &seg, err);
        if (st == KG_OK && !kg_manifest_push(m, seg)) {
            kg_segment_free(seg);
            st = manifest_error(err, KG_ERR_NOMEM, path, 0, "out of memory");
        }
    }
    kg_manifest_text_clear(&t);
    if (st != KG_OK)
        kg_manifest_clear(m);
    return st;
}

bool kg_manifest_stat(const char *dir, kg_file_id *id)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, MANIFEST);
    if (lstat(path, &st) != 0)
        return false;
    kg_file_id_from_stat(id, &st);
    return true;
}

bool kg_manifest_changed(const char *dir, const kg_manifest *m)
{
    kg_file_id now;
    return !kg_manifest_stat(dir, &now) || memcmp(&now, &m->id, sizeof now) != 0;
}

void kg_file_id_from_stat(kg_file_id *id, const struct stat *st)
{
    memset(id, 0, sizeof *id);
    id->dev = st->st_dev;
    id->ino = st->st_ino;
    id->size = (uint64_t)st->st_size;
    id->mtime_sec = st->st_mtim.tv_sec;
    id->mtime_nsec = st->st_mtim.tv_nsec;
    id->ctime_sec = st->st_ctim.tv_sec;
    id->ctime_nsec = st->st_ctim.tv_nsec;
}
