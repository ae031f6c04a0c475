/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_import.c - fuzzes the screening-list importer (the CSV
 * reader, the mapping-file parser and name resolution) through
 * kg_import_list. An input is a mapping file, a NUL byte, then the CSV
 * text; both are written to files (the importer reads files) and imported
 * into an in-memory store that already holds a few companies to resolve
 * names against.
 *
 * Besides crashes it checks the importer's promise: a failed import says
 * why and leaves the store as it was. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "kg/kg.h"
#include "kg/import.h"

static const char KNOWN[] =
    "@prefix kg: <https://w3id.org/kgsh/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "<https://w3id.org/kgsh/id/byd> a kg:Company ; rdfs:label \"BYD Company, Limited\" .\n"
    "<https://w3id.org/kgsh/id/catl> a kg:Company ; rdfs:label \"CATL\" .\n";

static bool write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char map_path[64], csv_path[64];
    static kg_store *store;
    if (!store) {
        snprintf(map_path, sizeof map_path, "/tmp/kgfuzz-%ld.map", (long)getpid());
        snprintf(csv_path, sizeof csv_path, "/tmp/kgfuzz-%ld.csv", (long)getpid());
        if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK ||
            kg_load_string(store, KNOWN, strlen(KNOWN), "known.ttl", NULL, NULL) != KG_OK)
            abort();
    }
    const uint8_t *nul = memchr(data, 0, size);
    size_t map_len = nul ? (size_t)(nul - data) : size;
    const uint8_t *csv = nul ? nul + 1 : data + size;
    if (!write_file(map_path, data, map_len) ||
        !write_file(csv_path, csv, size - (size_t)(csv - data)))
        abort();
    uint64_t quads = kg_store_size(store);
    if (kg_store_begin(store) != KG_OK)
        abort();
    kg_import_options opts = KG_IMPORT_OPTIONS_INIT;
    opts.name = "fuzz";
    opts.mapping_path = map_path;
    kg_status st = kg_import_list(store, csv_path, &opts, NULL);
    if (st != KG_OK && (!kg_store_error(store)->message[0] || kg_store_size(store) != quads))
        abort(); /* a failed import must say why and leave nothing behind */
    kg_store_rollback(store); /* the next input starts from the same store */
    unlink(map_path);
    unlink(csv_path);
    return 0;
}
