/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_manifest.c - fuzzes the reader of a store's MANIFEST
 * (graph/store/manifest.c, kg_manifest_parse): a store received from
 * someone else is untrusted input, and the manifest is the first thing an
 * open reads. The input is the file's bytes; when it does not already end
 * with a checksum line, a valid one is appended half of the time, so the
 * fuzzer also reaches the records behind the checksum.
 *
 * Besides crashes it checks the parser's promises: a failure names the
 * file and leaves nothing behind; a success gives a known format version,
 * segment names that stay inside the store directory, and prefixes the
 * store would accept from a user. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "store/store_impl.h"
#include "util/buf.h"
#include "util/hash.h"

static const char PATH[] = "/store/MANIFEST";

static void check_parsed(const kg_manifest_text *t)
{
    if (t->version < 1 || t->version > KG_MANIFEST_FORMAT || !t->next_id)
        abort();
    for (size_t i = 0; i < t->n_segs; i++)
        if (!t->segs[i].file[0] || strchr(t->segs[i].file, '/') || t->segs[i].file[0] == '.')
            abort(); /* a segment name must not leave the store directory */
    for (size_t i = 0; i < t->prefixes.n; i++)
        if (!kg_prefix_valid(t->prefixes.items[i].name, t->prefixes.items[i].iri))
            abort(); /* nothing the store would refuse from a user */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    bool seal = data[0] & 1;
    kg_buf text = KG_BUF_INIT;
    if (!kg_buf_append(&text, data + 1, size - 1))
        return 0;
    if (seal && !kg_buf_printf(&text, "checksum %016llx\n",
                               (unsigned long long)kg_hash_bytes(text.data, text.len, 0))) {
        kg_buf_free(&text);
        return 0;
    }
    kg_manifest_text t;
    kg_error err = {0};
    kg_status st = kg_manifest_parse(&t, text.data ? text.data : "", text.len, PATH, &err);
    kg_buf_free(&text);
    if (st != KG_OK) {
        if (t.segs || t.prefixes.n || !strstr(err.file, "MANIFEST") || !err.message[0])
            abort(); /* a failure names the file, says why and keeps nothing */
        return 0;
    }
    check_parsed(&t);
    kg_manifest_text_clear(&t);
    return 0;
}
