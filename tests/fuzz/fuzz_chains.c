/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz_chains.c - fuzzes long flat operator chains, which a
 * byte-level fuzzer of query text cannot reach within its input length:
 * 1+1+...+1, a && b && ..., { } MINUS { } MINUS ..., runs of BIND, OPTIONAL
 * and FILTER. The input is a repeat count (two bytes, big-endian, up to
 * 65,535), then head, unit and tail separated by NUL bytes; the query is
 * head, count copies of unit, and tail. It is prepared and run exactly as
 * fuzz_sparql.c runs its inputs (same store, timer and checks), which is
 * included here under another name so the two cannot drift apart. Every
 * chain must be answered or refused with an error (KG_ERR_LIMIT past
 * KG_SPARQL_MAX_HEIGHT), never overflow the stack. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define LLVMFuzzerTestOneInput fuzz_sparql_input
#include "fuzz_sparql.c"
#undef LLVMFuzzerTestOneInput

/* The next NUL-terminated part of data (or the rest of it). */
static const uint8_t *part(const uint8_t **data, const uint8_t *end, size_t *len)
{
    const uint8_t *start = *data, *nul = memchr(start, 0, (size_t)(end - start));
    *len = (size_t)((nul ? nul : end) - start);
    *data = nul ? nul + 1 : end;
    return start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t count = (size_t)data[0] << 8 | data[1];
    const uint8_t *p = data + 2, *end = data + size;
    size_t hlen, ulen, tlen;
    const uint8_t *head = part(&p, end, &hlen), *unit = part(&p, end, &ulen);
    const uint8_t *tail = part(&p, end, &tlen);
    size_t len = hlen + count * ulen + tlen;
    uint8_t *text = malloc(len + 1);
    if (!text)
        return 0;
    uint8_t *w = text;
    memcpy(w, head, hlen);
    w += hlen;
    for (size_t i = 0; i < count; i++, w += ulen)
        memcpy(w, unit, ulen);
    memcpy(w, tail, tlen);
    fuzz_sparql_input(text, len);
    free(text);
    return 0;
}
