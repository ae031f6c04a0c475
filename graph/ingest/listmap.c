/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/listmap.c - reading a list mapping file ("key = value" lines, see
 * listmap.h and datasets/lists/README.md) into a kg_listmap. One table
 * describes every key: where it goes, whether it repeats, whether it is an
 * IRI or a class name, and whether it is required. */
#include "ingest/listmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/csv.h"

typedef enum key_type {
    KEY_TEXT,   /* text kept as written (titles, labels, column names) */
    KEY_IRI,    /* an IRI: <...>, full, or kgr:/kg: abbreviated */
    KEY_CLASS,  /* a kg: class name, one of the allowed ones */
    KEY_COLUMN, /* a CSV column header */
} key_type;

typedef struct key_def {
    const char *key;
    key_type type;
    size_t offset; /* of a char * or, when repeat, a kg_strlist */
    bool repeat;
    bool required;
    const char *const *classes; /* KEY_CLASS: allowed local names */
} key_def;

static const char *const sanction_kinds[] = {
    "Sanction", "Designation", "ProcurementBan", "ExportControlListing", "AssetFreeze", NULL};
static const char *const agent_classes[] = {
    "Agent", "Organization", "Company", "GovernmentAgency", "Person", NULL};

#define FIELD(f) offsetof(kg_listmap, f)
static const key_def keys[] = {
    {"title", KEY_TEXT, FIELD(title), false, false, NULL},
    {"kind", KEY_CLASS, FIELD(kind), false, true, sanction_kinds},
    {"programme", KEY_IRI, FIELD(programme), false, true, NULL},
    {"programme_label", KEY_TEXT, FIELD(programme_label), false, true, NULL},
    {"authority", KEY_IRI, FIELD(authority), false, true, NULL},
    {"authority_label", KEY_TEXT, FIELD(authority_label), false, true, NULL},
    {"authority_type", KEY_CLASS, FIELD(authority_type), false, false, agent_classes},
    {"entity_type", KEY_CLASS, FIELD(entity_type), false, false, agent_classes},
    {"source_url_default", KEY_TEXT, FIELD(source_url_default), false, false, NULL},
    {"name", KEY_COLUMN, FIELD(name), false, true, NULL},
    {"alias", KEY_COLUMN, FIELD(alias), true, false, NULL},
    {"alias_separator", KEY_TEXT, FIELD(alias_separator), false, false, NULL},
    {"parent", KEY_COLUMN, FIELD(parent), false, false, NULL},
    {"start", KEY_COLUMN, FIELD(start), false, false, NULL},
    {"end", KEY_COLUMN, FIELD(end), false, false, NULL},
    {"reason", KEY_COLUMN, FIELD(reason), true, false, NULL},
    {"note", KEY_COLUMN, FIELD(note), true, false, NULL},
    {"source_url", KEY_COLUMN, FIELD(source_url), false, false, NULL},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

void kg_listmap_free(kg_listmap *map)
{
    for (size_t k = 0; k < N_KEYS; k++) {
        char *base = (char *)map + keys[k].offset;
        if (keys[k].repeat) {
            kg_strlist *l = (kg_strlist *)base;
            for (size_t i = 0; i < l->n; i++)
                free(l->v[i]);
            free(l->v);
        } else {
            free(*(char **)base);
        }
    }
    memset(map, 0, sizeof *map);
}

static char *trimmed_copy(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    char *out = malloc(len + 1);
    if (out) {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    return out;
}

/* The value as stored: IRIs expanded, class names checked and expanded. On
 * a bad value returns NULL with *why set; on ENOMEM NULL with *why NULL. */
static char *convert(const key_def *def, char *value, const char **why)
{
    *why = NULL;
    if (def->type == KEY_TEXT || def->type == KEY_COLUMN) {
        if (!*value)
            *why = "empty value";
        return *value ? value : NULL;
    }
    const char *local = value;
    if (def->type == KEY_CLASS && strncmp(value, "kg:", 3) == 0)
        local = value + 3;
    if (def->type == KEY_CLASS) {
        for (const char *const *c = def->classes; *c; c++) {
            if (strcmp(*c, local) == 0) {
                char *iri = malloc(strlen(KG_NS) + strlen(local) + 1);
                if (iri)
                    strcat(strcpy(iri, KG_NS), local);
                return iri;
            }
        }
        *why = "not one of the classes this key takes";
        return NULL;
    }
    size_t len = strlen(value);
    if (len >= 2 && value[0] == '<' && value[len - 1] == '>')
        return strndup(value + 1, len - 2);
    const char *ns = strncmp(value, "kgr:", 4) == 0  ? KG_ID_NS
                     : strncmp(value, "kg:", 3) == 0 ? KG_NS
                                                     : NULL;
    if (ns) {
        const char *rest = strchr(value, ':') + 1;
        char *iri = malloc(strlen(ns) + strlen(rest) + 1);
        if (iri)
            strcat(strcpy(iri, ns), rest);
        return iri;
    }
    if (!strstr(value, "://")) {
        *why = "not an IRI (write it in full, in <>, or as kgr:name)";
        return NULL;
    }
    return strdup(value);
}

static kg_status set_key(kg_listmap *map, const key_def *def, char *value, const char *name,
                         unsigned long line, kg_error *err)
{
    const char *why;
    char *stored = convert(def, value, &why);
    if (stored != value)
        free(value);
    if (!stored && why) {
        kg_error_set(err, KG_ERR_SYNTAX, name, "%s: %s", def->key, why);
        err->line = line;
        return KG_ERR_SYNTAX;
    }
    if (!stored)
        return kg_error_set(err, KG_ERR_NOMEM, name, "out of memory");
    char *base = (char *)map + def->offset;
    if (def->repeat) {
        kg_strlist *l = (kg_strlist *)base;
        char **v = realloc(l->v, (l->n + 1) * sizeof *v);
        if (!v) {
            free(stored);
            return kg_error_set(err, KG_ERR_NOMEM, name, "out of memory");
        }
        l->v = v;
        l->v[l->n++] = stored;
        return KG_OK;
    }
    char **slot = (char **)base;
    if (*slot) {
        free(stored);
        kg_error_set(err, KG_ERR_SYNTAX, name, "%s is given twice", def->key);
        err->line = line;
        return KG_ERR_SYNTAX;
    }
    *slot = stored;
    return KG_OK;
}

static kg_status parse_line(kg_listmap *map, const char *s, size_t len, const char *name,
                            unsigned long line, kg_error *err)
{
    const char *eq = memchr(s, '=', len);
    if (!eq) {
        kg_error_set(err, KG_ERR_SYNTAX, name, "expected \"key = value\"");
        err->line = line;
        return KG_ERR_SYNTAX;
    }
    char *key = trimmed_copy(s, (size_t)(eq - s));
    char *value = trimmed_copy(eq + 1, len - (size_t)(eq - s) - 1);
    if (!key || !value) {
        free(key);
        free(value);
        return kg_error_set(err, KG_ERR_NOMEM, name, "out of memory");
    }
    for (size_t k = 0; k < N_KEYS; k++) {
        if (strcmp(keys[k].key, key) == 0) {
            free(key);
            return set_key(map, &keys[k], value, name, line, err);
        }
    }
    kg_error_set(err, KG_ERR_SYNTAX, name, "unknown key \"%s\"", key);
    err->line = line;
    free(key);
    free(value);
    return KG_ERR_SYNTAX;
}

kg_status kg_listmap_parse(kg_listmap *map, const char *text, size_t len, const char *name,
                           kg_error *err)
{
    memset(map, 0, sizeof *map);
    unsigned long line = 0;
    size_t pos = 0;
    kg_status st = KG_OK;
    while (st == KG_OK && pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        size_t i = pos;
        while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
            i++;
        if (i < end && text[i] != '#')
            st = parse_line(map, text + i, end - i, name, line, err);
        pos = end + 1;
    }
    for (size_t k = 0; st == KG_OK && k < N_KEYS; k++) {
        const char *base = (const char *)map + keys[k].offset;
        if (keys[k].required && !*(char *const *)base)
            st = kg_error_set(err, KG_ERR_SYNTAX, name, "the required key \"%s\" is missing",
                              keys[k].key);
    }
    if (st == KG_OK && !map->authority_type)
        map->authority_type = strdup(KG_NS "GovernmentAgency");
    if (st == KG_OK && !map->entity_type)
        map->entity_type = strdup(KG_NS "Company");
    if (st == KG_OK && (!map->authority_type || !map->entity_type))
        st = kg_error_set(err, KG_ERR_NOMEM, name, "out of memory");
    if (st != KG_OK)
        kg_listmap_free(map);
    return st;
}

kg_status kg_listmap_read(kg_listmap *map, const char *path, kg_error *err)
{
    char *text;
    size_t len;
    memset(map, 0, sizeof *map);
    kg_status st = kg_read_file(&text, &len, path, 1u << 20, err);
    if (st != KG_OK)
        return st;
    st = kg_listmap_parse(map, text, len, path, err);
    free(text);
    return st;
}
