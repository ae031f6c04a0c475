/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_load.c - fuzzes loading RDF through the library: the
 * first byte of an input picks the syntax (Turtle, N-Triples, N-Quads,
 * TriG, RDF/XML: byte % 5), the rest is the document, loaded with
 * kg_load_string into a fresh in-memory store.
 *
 * Besides crashes it checks the loader's promises: a failed load leaves
 * the store empty and says why; a successful one passes the integrity
 * check, and its N-Quads export loads back to the same number of quads. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "kg/kg.h"

static const kg_format formats[] = {KG_FORMAT_TURTLE, KG_FORMAT_NTRIPLES, KG_FORMAT_NQUADS,
                                    KG_FORMAT_TRIG, KG_FORMAT_RDFXML};

static kg_store *empty_store(void)
{
    kg_store *store;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, NULL) != KG_OK)
        abort();
    return store;
}

/* Exports the store as N-Quads and loads the text into a second store. */
static void check_round_trip(kg_store *store)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        abort();
    kg_export_options eo = KG_EXPORT_OPTIONS_INIT;
    eo.format = KG_FORMAT_NQUADS;
    kg_status st = kg_export_stream(store, out, &eo, NULL);
    fclose(out);
    if (st != KG_OK)
        abort();
    kg_store *copy = empty_store();
    kg_load_options lo = KG_LOAD_OPTIONS_INIT;
    lo.format = KG_FORMAT_NQUADS;
    if (kg_load_string(copy, text, len, "export.nq", &lo, NULL) != KG_OK) {
        fprintf(stderr, "the export does not load back: %s\n%s\n", kg_store_error(copy)->message,
                text);
        abort();
    }
    if (kg_store_size(copy) != kg_store_size(store)) {
        fprintf(stderr, "%llu quads loaded, %llu after export and reload\n",
                (unsigned long long)kg_store_size(store), (unsigned long long)kg_store_size(copy));
        abort();
    }
    kg_store_close(copy);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    kg_load_options opts = KG_LOAD_OPTIONS_INIT;
    opts.format = formats[data[0] % 5];
    kg_store *store = empty_store();
    kg_status st = kg_load_string(store, (const char *)data + 1, size - 1, "fuzz", &opts, NULL);
    if (st != KG_OK) {
        if (!kg_store_error(store)->message[0] || kg_store_size(store) != 0)
            abort(); /* a failed load must say why and leave nothing behind */
    } else {
        if (kg_store_check(store) != KG_OK)
            abort();
        check_round_trip(store);
    }
    kg_store_close(store);
    return 0;
}
