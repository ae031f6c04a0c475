/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/aggregate.c - the SPARQL 1.1 set functions (section 18.5.1):
 * COUNT, SUM, AVG, MIN, MAX, SAMPLE and GROUP_CONCAT, fed one value at a
 * time. MIN and MAX use the ORDER BY order, so they work across types.
 * State lives in malloc'd memory (a group outlives any per-row arena); only
 * the result goes into ctx->arena. */
#include "sparql/value.h"

#include <stdlib.h>
#include <string.h>

#include "sparql/literal.h"
#include "sparql/num.h"
#include "util/buf.h"

struct kg_agg_state {
    kg_aggregate kind;
    bool count_star;
    bool error;      /* an input made the aggregate an error */
    uint64_t count;  /* values seen */
    kg_num sum;      /* SUM, AVG */
    kg_term *chosen; /* MIN, MAX, SAMPLE: a copy of the value so far */
    char *separator; /* GROUP_CONCAT */
    kg_buf text;
};

kg_agg_state *kg_agg_new(kg_aggregate kind, const char *separator, bool count_star)
{
    kg_agg_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->count_star = count_star;
    s->separator = strdup(separator ? separator : " ");
    if (!s->separator) {
        free(s);
        return NULL;
    }
    kg_num_init(&s->sum, KG_NUM_INTEGER);
    return s;
}

void kg_agg_free(kg_agg_state *state)
{
    if (!state)
        return;
    kg_num_clear(&state->sum);
    kg_term_free(state->chosen);
    free(state->separator);
    kg_buf_free(&state->text);
    free(state);
}

static void add_sum(kg_agg_state *s, const kg_term *value)
{
    kg_num x;
    if (!kg_num_from_term(value, &x)) {
        s->error = true;
        return;
    }
    kg_num r;
    kg_num_init(&r, KG_NUM_INTEGER);
    if (kg_num_arith('+', &s->sum, &x, &r))
        kg_num_copy(&s->sum, &r);
    else
        s->error = true;
    kg_num_clear(&r);
    kg_num_clear(&x);
}

static void choose(kg_agg_state *s, const kg_term *value)
{
    bool replace = !s->chosen;
    if (!replace && s->kind != KG_AGG_SAMPLE) {
        int c = kg_value_order(value, s->chosen);
        replace = s->kind == KG_AGG_MIN ? c < 0 : c > 0;
    }
    if (!replace)
        return;
    kg_term *copy;
    if (kg_term_copy(&copy, value) != KG_OK) {
        s->error = true; /* out of memory: report no result */
        return;
    }
    kg_term_free(s->chosen);
    s->chosen = copy;
}

/* GROUP_CONCAT is defined through CONCAT (18.5.1.7), which takes string
 * literals only (simple, xsd:string, language-tagged): an IRI, a number or
 * a blank node makes the aggregate an error for the group. */
static void add_concat(kg_agg_state *s, const kg_term *value)
{
    if (!kg_lit_is_string(value)) {
        s->error = true;
        return;
    }
    if ((s->count > 0 && !kg_buf_puts(&s->text, s->separator)) ||
        !kg_buf_append(&s->text, value->value, value->value_len))
        s->error = true;
}

void kg_agg_add(kg_agg_state *state, const kg_term *value)
{
    if (state->kind == KG_AGG_COUNT) {
        if (state->count_star || value->kind != KG_TERM_NONE)
            state->count++;
        return;
    }
    if (state->error)
        return;
    /* SAMPLE picks a value of the multiset, and an unbound variable is not
     * one (18.5.1.8): a group with a bound value gets that value. */
    if (value->kind == KG_TERM_NONE && state->kind == KG_AGG_SAMPLE)
        return;
    if (value->kind == KG_TERM_NONE) {
        state->error = true;
        return;
    }
    switch (state->kind) {
    case KG_AGG_SUM:
    case KG_AGG_AVG:
        add_sum(state, value);
        break;
    case KG_AGG_MIN:
    case KG_AGG_MAX:
    case KG_AGG_SAMPLE:
        choose(state, value);
        break;
    case KG_AGG_GROUP_CONCAT:
        add_concat(state, value);
        break;
    case KG_AGG_COUNT:
        break;
    }
    state->count++;
}

static bool copy_to_arena(const kg_term *t, kg_value_ctx *ctx, kg_term *out)
{
    *out = *t;
    out->value = kg_arena_strndup(ctx->arena, t->value, t->value_len);
    out->datatype = t->datatype ? kg_arena_strdup(ctx->arena, t->datatype) : NULL;
    out->lang = t->lang ? kg_arena_strdup(ctx->arena, t->lang) : NULL;
    return out->value && (!t->datatype || out->datatype) && (!t->lang || out->lang);
}

static bool average(kg_agg_state *s, kg_value_ctx *ctx, kg_term *out)
{
    if (s->count == 0)
        return kg_num_to_term(&s->sum, ctx->arena, out); /* 0, as the spec says */
    kg_num n, r;
    kg_num_init(&n, KG_NUM_INTEGER);
    kg_num_init(&r, KG_NUM_INTEGER);
    mpz_set_ui(n.mant, (unsigned long)s->count);
    bool ok = kg_num_arith('/', &s->sum, &n, &r) && kg_num_to_term(&r, ctx->arena, out);
    kg_num_clear(&n);
    kg_num_clear(&r);
    return ok;
}

bool kg_agg_result(kg_agg_state *state, kg_value_ctx *ctx, kg_term *out)
{
    if (state->kind != KG_AGG_COUNT && state->error)
        return false;
    switch (state->kind) {
    case KG_AGG_COUNT: {
        char *s = kg_arena_printf(ctx->arena, "%llu", (unsigned long long)state->count);
        if (!s)
            return false;
        *out = kg_term_literal(s, KG_XSD "integer", NULL);
        return true;
    }
    case KG_AGG_SUM:
        return kg_num_to_term(&state->sum, ctx->arena, out);
    case KG_AGG_AVG:
        return average(state, ctx, out);
    case KG_AGG_MIN:
    case KG_AGG_MAX:
    case KG_AGG_SAMPLE:
        return state->chosen && copy_to_arena(state->chosen, ctx, out);
    case KG_AGG_GROUP_CONCAT: {
        const char *text = kg_buf_cstr(&state->text);
        return text && kg_lit_make(ctx->arena, text, state->text.len, NULL, NULL, out);
    }
    }
    return false;
}
