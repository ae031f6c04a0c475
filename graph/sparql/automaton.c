/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/automaton.c - regular expressions as automata on Hyperscan (see
 * automaton.h). Hyperscan reads "$" as PCRE does by default, matching also
 * before a final newline; XPath's "$" without the m flag is the very end,
 * so those are rewritten to "\z". */
#include "sparql/automaton.h"

#include <hs/hs.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

struct kg_automaton {
    hs_database_t *db;
    hs_scratch_t *scratch;
};

/* The pattern with each "$" outside a character class and not escaped
 * turned into "\z" when end_only is set, NUL-terminated; false on ENOMEM
 * or for a pattern holding a NUL (Hyperscan takes C strings). */
static bool hs_pattern(kg_buf *out, const char *p, size_t len, bool end_only)
{
    if (memchr(p, '\0', len))
        return false;
    bool in_class = false;
    for (size_t i = 0; i < len; i++) {
        bool ok;
        if (p[i] == '\\' && i + 1 < len) {
            ok = kg_buf_append(out, p + i, 2);
            i++;
        } else if (p[i] == '$' && end_only && !in_class) {
            ok = kg_buf_puts(out, "\\z");
        } else {
            /* "]" right after "[" or "[^" is a member, not the end */
            if (p[i] == '[' && !in_class) {
                in_class = true;
                size_t j = i + 1 + (i + 1 < len && p[i + 1] == '^');
                if (j < len && p[j] == ']') {
                    ok = kg_buf_append(out, p + i, j + 1 - i);
                    i = j;
                    if (!ok)
                        return false;
                    continue;
                }
            } else if (p[i] == ']') {
                in_class = false;
            }
            ok = kg_buf_append(out, p + i, 1);
        }
        if (!ok)
            return false;
    }
    return kg_buf_putc(out, '\0');
}

kg_automaton *kg_automaton_new(const char *pattern, size_t len, unsigned flags)
{
    kg_buf text = KG_BUF_INIT;
    kg_automaton *a = calloc(1, sizeof *a);
    unsigned hs_flags = HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
    if (flags & KG_AUTOMATON_CASELESS)
        hs_flags |= HS_FLAG_CASELESS;
    if (flags & KG_AUTOMATON_DOTALL)
        hs_flags |= HS_FLAG_DOTALL;
    if (flags & KG_AUTOMATON_MULTILINE)
        hs_flags |= HS_FLAG_MULTILINE;
    hs_compile_error_t *err = NULL;
    bool ok = a && hs_pattern(&text, pattern, len, !(flags & KG_AUTOMATON_MULTILINE)) &&
              hs_compile(text.data, hs_flags, HS_MODE_BLOCK, NULL, &a->db, &err) == HS_SUCCESS &&
              hs_alloc_scratch(a->db, &a->scratch) == HS_SUCCESS;
    if (err)
        hs_free_compile_error(err);
    kg_buf_free(&text);
    if (!ok) {
        kg_automaton_free(a);
        return NULL;
    }
    return a;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    *(int *)ctx = 1;
    return 1; /* stop: one match answers the question */
}

int kg_automaton_match(kg_automaton *a, const char *subject, size_t len)
{
    if (len > UINT_MAX)
        return -1;
    int found = 0;
    hs_error_t rc = hs_scan(a->db, subject, (unsigned int)len, 0, a->scratch, on_match, &found);
    return rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED ? found : -1;
}

void kg_automaton_free(kg_automaton *a)
{
    if (!a)
        return;
    hs_free_scratch(a->scratch);
    hs_free_database(a->db);
    free(a);
}
