/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/explore/dot_driver.c - draws the neighbourhood of an entity with
 * kg_dot_write for svg_render_test.sh: loads the data files into an
 * in-memory store, then writes the picture (DOT, SVG or PNG by the file
 * name). Test-only.
 *
 *     dot_driver DATA.ttl|.trig... -- ENTITY-IRI DEPTH OUT.svg
 *
 * Exit status 0 on success, 1 with the error on standard error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg/explore.h"
#include "kg/io.h"

int main(int argc, char **argv)
{
    int sep = 1;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    if (sep + 4 != argc) {
        fprintf(stderr, "usage: dot_driver DATA... -- ENTITY DEPTH OUT\n");
        return 2;
    }
    kg_store *store = NULL;
    kg_error err;
    if (kg_store_open(&store, NULL, KG_STORE_MEMORY, &err) != KG_OK) {
        fprintf(stderr, "dot_driver: %s\n", err.message);
        return 1;
    }
    char buf[2048];
    kg_status st = KG_OK;
    for (int i = 1; st == KG_OK && i < sep; i++)
        st = kg_load_file(store, argv[i], NULL, NULL);
    kg_term entity = kg_term_iri(argv[sep + 1]);
    kg_neighborhood *n = NULL;
    if (st == KG_OK)
        st = kg_neighbors(&n, store, &entity, (unsigned)atoi(argv[sep + 2]), 0);
    if (st == KG_OK)
        st = kg_dot_write(store, n, argv[sep + 3]);
    if (st != KG_OK)
        fprintf(stderr, "dot_driver: %s\n", kg_error_format(kg_store_error(store), buf, sizeof buf));
    kg_neighborhood_free(n);
    kg_store_close(store);
    return st == KG_OK ? 0 : 1;
}
