/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/turtle.c - writes a table of triples as Turtle with the shell's
 * prefixes. Terms are written in N-Triples syntax (valid Turtle) except
 * IRIs that compact to a prefixed name with a safe local part. */
#define _GNU_SOURCE
#include "turtle.h"

#include <stdlib.h>
#include <string.h>

/* Writes one term; marks the prefix it used in used[] (index in p). */
static void put_term(const kgsh_prefixes *p, const kg_term *t, bool *used, FILE *out)
{
    if (t->kind == KG_TERM_IRI) {
        char small[512];
        size_t n = kgsh_prefixes_compact(p, t->value, small, sizeof small);
        if (n < sizeof small && small[0] != '<') {
            const char *colon = strchr(small, ':');
            for (size_t i = 0; i < kgsh_prefixes_count(p); i++)
                if (strlen(kgsh_prefixes_name(p, i)) == (size_t)(colon - small) &&
                    strncmp(kgsh_prefixes_name(p, i), small, (size_t)(colon - small)) == 0)
                    used[i] = true;
            fputs(small, out);
            return;
        }
    }
    if (t->kind == KG_TERM_LITERAL && t->datatype && !t->lang) {
        kg_term plain = *t;
        plain.datatype = NULL;
        kg_term dt = kg_term_iri(t->datatype);
        put_term(p, &plain, used, out);
        fputs("^^", out);
        put_term(p, &dt, used, out);
        return;
    }
    size_t n = kg_term_to_ntriples(t, NULL, 0);
    char *buf = malloc(n + 1);
    if (buf) {
        kg_term_to_ntriples(t, buf, n + 1);
        fputs(buf, out);
    }
    free(buf);
}

static bool same(const kg_term *a, const kg_term *b) { return kg_term_equal(a, b); }

/* Writes the statements of table t; used[] collects the prefixes. */
static void put_body(const kgsh_prefixes *p, const kgsh_table *t, bool *used, bool *done, FILE *out)
{
    size_t rows = kgsh_table_rows(t);
    for (size_t r = 0; r < rows; r++) {
        if (done[r])
            continue;
        const kg_term *s = kgsh_table_cell(t, r, 0);
        put_term(p, s, used, out);
        const kg_term *last_p = NULL;
        for (size_t q = r; q < rows; q++) {
            if (done[q] || !same(kgsh_table_cell(t, q, 0), s))
                continue;
            const kg_term *pred = kgsh_table_cell(t, q, 1);
            if (last_p && same(last_p, pred)) {
                fputs(" ,\n        ", out);
            } else {
                fputs(last_p ? " ;\n    " : "\n    ", out);
                if (pred->kind == KG_TERM_IRI && strcmp(pred->value, KG_RDF "type") == 0)
                    fputc('a', out);
                else
                    put_term(p, pred, used, out);
                fputc(' ', out);
                last_p = pred;
            }
            put_term(p, kgsh_table_cell(t, q, 2), used, out);
            done[q] = true;
            /* the rest of this predicate's objects next, to join them */
            for (size_t k = q + 1; k < rows; k++) {
                if (!done[k] && same(kgsh_table_cell(t, k, 0), s) &&
                    same(kgsh_table_cell(t, k, 1), pred)) {
                    fputs(" ,\n        ", out);
                    put_term(p, kgsh_table_cell(t, k, 2), used, out);
                    done[k] = true;
                }
            }
        }
        fputs(" .\n\n", out);
    }
}

bool kgsh_write_turtle(const kgsh_prefixes *p, const kgsh_table *t, FILE *out)
{
    size_t np = kgsh_prefixes_count(p), rows = kgsh_table_rows(t);
    bool *used = calloc(np + 1, sizeof *used);
    bool *done = calloc(rows + 1, sizeof *done);
    char *body = NULL;
    size_t body_len = 0;
    FILE *m = used && done ? open_memstream(&body, &body_len) : NULL;
    bool ok = m != NULL;
    if (ok) {
        put_body(p, t, used, done, m);
        ok = fclose(m) == 0;
    }
    for (size_t i = 0; ok && i < np; i++)
        if (used[i])
            fprintf(out, "@prefix %s: <%s> .\n", kgsh_prefixes_name(p, i), kgsh_prefixes_iri(p, i));
    if (ok && rows > 0)
        fputc('\n', out);
    if (ok)
        fwrite(body, 1, body_len, out);
    free(body);
    free(used);
    free(done);
    return ok && !ferror(out);
}
