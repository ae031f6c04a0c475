/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/rows.c - building table rows from C strings (see rows.h). */
#define _GNU_SOURCE
#include "rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kgsh_machine_mode(const kgsh_session *s)
{
    return s->mode == KGSH_MODE_CSV || s->mode == KGSH_MODE_TSV || s->mode == KGSH_MODE_JSON ||
           s->mode == KGSH_MODE_XML;
}

static void push(kgsh_row *r, kg_term value, char *owned)
{
    if (r->n == KGSH_ROW_MAX) {
        free(owned);
        return;
    }
    r->owned[r->n] = owned;
    r->values[r->n++] = value;
}

void kgsh_row_iri(kgsh_row *r, const char *iri)
{
    push(r, iri ? kg_term_iri(iri) : (kg_term){0}, NULL);
}

void kgsh_row_term(kgsh_row *r, const kg_term *t)
{
    push(r, *t, NULL);
}

void kgsh_row_text(kgsh_row *r, const char *text)
{
    push(r, text ? kg_term_literal(text, NULL, NULL) : (kg_term){0}, NULL);
}

void kgsh_row_take(kgsh_row *r, char *text)
{
    push(r, text ? kg_term_literal(text, NULL, NULL) : (kg_term){0}, text);
}

void kgsh_row_number(kgsh_row *r, unsigned long n)
{
    char *text = NULL;
    if (asprintf(&text, "%lu", n) < 0)
        text = NULL;
    push(r, text ? kg_term_literal(text, KG_XSD "integer", NULL) : (kg_term){0}, text);
}

void kgsh_row_evidence(kgsh_row *r, const kg_source_sentence *e, size_t n)
{
    char *texts = NULL, *iris = NULL;
    size_t tlen = 0, ilen = 0;
    FILE *t = n ? open_memstream(&texts, &tlen) : NULL;
    FILE *i = t ? open_memstream(&iris, &ilen) : NULL;
    for (size_t k = 0; i && k < n; k++) {
        fprintf(t, "%s%s", k ? "\n" : "", e[k].text ? e[k].text : "");
        fprintf(i, "%s%s", k ? " " : "", e[k].sentence ? e[k].sentence : "");
    }
    if (t)
        fclose(t);
    if (i)
        fclose(i);
    if (t && !i) {
        free(texts);
        texts = NULL;
    }
    kgsh_row_take(r, texts);
    kgsh_row_take(r, iris);
}

bool kgsh_row_add(kgsh_table *t, kgsh_row *r)
{
    bool ok = kgsh_table_columns(t) == r->n && kgsh_table_add(t, r->values);
    for (size_t i = 0; i < r->n; i++)
        free(r->owned[i]);
    r->n = 0;
    return ok;
}
