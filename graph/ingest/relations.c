/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/relations.c - matching the rules file's relation patterns against
 * a sentence's tokens and mentions, and emitting the triples they name.
 *
 * A pattern is a sequence of elements (rules.h): words, word lists, entity
 * slots, value slots, free text and gaps; optional elements may be skipped.
 * Matching backtracks over optional elements, gaps and free-text lengths;
 * gaps and free text never cross a clause boundary and are bounded, so a
 * sentence costs at most (tokens x rules x a constant). Every start
 * position is tried; after a match the next try starts after it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_impl.h"
#include "ingest/values.h"
#include "util/buf.h"
#include "util/hash.h"

#define MAX_SLOTS 16
#define MAX_LIST 12
#define MAX_TEXT 40

typedef struct capture {
    bool set;
    size_t first, end; /* tokens */
    int ents[MAX_LIST];
    size_t n_ents;
    bool ref; /* an entity came from a "the company" reference */
    kgi_value value;
} capture;

typedef struct matcher {
    kgi_article *art;
    const kgi_tokens *t;
    const kgi_mentions *m;
    const kgi_rule *rule;
    capture caps[MAX_SLOTS];
} matcher;

static bool match_from(matcher *mt, size_t e, size_t i, size_t *end);

static const kgi_mention *mention_of(const matcher *mt, size_t i, unsigned cats)
{
    if (i >= mt->t->n || mt->m->at[i] < 0)
        return NULL;
    const kgi_mention *mn = &mt->m->items[mt->m->at[i]];
    return kgi_class_cats(mt->art->ents[mn->ent].cls) & cats ? mn : NULL;
}

static void set_span(matcher *mt, int slot, size_t first, size_t end)
{
    if (slot < 0 || slot >= MAX_SLOTS)
        return;
    capture *c = &mt->caps[slot];
    c->set = true;
    c->first = first, c->end = end;
    c->n_ents = 0;
    c->ref = false;
    memset(&c->value, 0, sizeof c->value);
}

/* Words that open an apposition or a non-restrictive clause after a name:
 * "X, a unit of Y, ...", "X, which was founded in 2015, ...". */
static bool apposition_opener(const kgi_tokens *t, size_t i)
{
    static const char *const open[] = {"a", "an", "the", "its", "their", "which", "who", "whose", "one",
                                       "formerly", "previously", "now", "itself", "part", "wholly", "majority",
                                       "partly", "owned", "controlled", "based", "headquartered", "founded",
                                       "established", "listed", NULL};
    for (const char *const *w = open; *w; w++)
        if (kgi_tok_is(t, i, *w))
            return true;
    return i < t->n && t->items[i].kind == KGI_TOK_NUM; /* an age: "Fung, 49, previously served" */
}

/* When token j (right after a name) opens an apposition closed by a comma,
 * *after gets the token after that comma: the name is the subject of what
 * follows it ("Meridian, a unit of Temasek Holdings, operates ...").
 * Not when "and" follows (a list: "X, a bank, and Y"). */
static bool apposition_end(const kgi_tokens *t, size_t j, size_t *after)
{
    if (!kgi_tok_is(t, j, ",") || !apposition_opener(t, j + 1))
        return false;
    for (size_t k = j + 2; k < t->n && k < j + 24; k++) {
        if (kgi_tok_is(t, k, ","))
            return !kgi_tok_is(t, k + 1, "and") && (*after = k + 1) < t->n;
        if (kgi_tok_clause_end(&t->items[k]))
            return false;
    }
    return false;
}

/* When the name at token i stands inside an apposition of an earlier name
 * ("Meridian, a unit of Temasek Holdings, operates"), *close gets the comma
 * that ends the apposition: what follows it is said of the earlier name. */
static bool inside_apposition(const matcher *mt, size_t i, size_t *close)
{
    const kgi_tokens *t = mt->t;
    for (size_t c = i; c-- > 0 && i - c < 20;) {
        if (kgi_tok_is(t, c, ",")) {
            bool head = false;
            for (size_t k = 0; k < mt->m->n && !head; k++)
                head = mt->m->items[k].end == c &&
                       kgi_class_cats(mt->art->ents[mt->m->items[k].ent].cls) & (KGI_CAT_ORG | KGI_CAT_PERSON);
            size_t after;
            if (head && apposition_end(t, c, &after) && after > i) {
                *close = after - 1;
                return true;
            }
            return false;
        }
        if (kgi_tok_clause_end(&t->items[c]))
            return false;
    }
    return false;
}

/* "Hong Kong's Northern Metropolis", "Shenzhen's Nanshan district", "the
 * US Treasury's Office of Foreign Assets Control": the place inside the
 * place, the agency inside the agency, which says where or who more
 * precisely (else mn). */
static const kgi_mention *within(const matcher *mt, const kgi_mention *mn)
{
    const kgi_tokens *t = mt->t;
    unsigned cats = kgi_class_cats(mt->art->ents[mn->ent].cls);
    unsigned same = cats & KGI_CAT_PLACE ? KGI_CAT_PLACE : cats & KGI_CAT_AGENCY ? KGI_CAT_AGENCY : 0;
    if (!same || mn->end + 1 >= t->n || t->items[mn->end].kind != KGI_TOK_POSS)
        return mn;
    const kgi_mention *in = mention_of(mt, mn->end + 1, same);
    return in && !in->ref ? in : mn;
}

static bool match_entity(matcher *mt, const kgi_pelem *pe, size_t e, size_t i, size_t *end)
{
    const kgi_mention *mn = mention_of(mt, i, pe->cats);
    if (!mn)
        return false;
    /* a single slot takes the inner place or agency first, the outer one
     * when the pattern needs it ("{PLACE:r} 's {PLACE:x} district") */
    const kgi_mention *inner = pe->multi ? mn : within(mt, mn);
    if (inner != mn && pe->slot >= 0 && kgi_class_cats(mt->art->ents[inner->ent].cls) & pe->cats) {
        capture saved = mt->caps[pe->slot];
        set_span(mt, pe->slot, i, inner->end);
        mt->caps[pe->slot].ents[0] = inner->ent;
        mt->caps[pe->slot].n_ents = 1;
        mt->caps[pe->slot].ref = false;
        if (match_from(mt, e + 1, inner->end, end))
            return true;
        mt->caps[pe->slot] = saved;
    }
    int ents[MAX_LIST];
    size_t n = 0, j = mn->end;
    bool ref = mn->ref;
    ents[n++] = mn->ent;
    for (size_t k = 1; mn->group && k < mt->art->n_group && n < MAX_LIST; k++)
        ents[n++] = mt->art->group[k];
    /* "A, B and C", "A and Hong Kong's B" */
    while (pe->multi && n < MAX_LIST) {
        size_t k = j;
        if (kgi_tok_is(mt->t, k, ","))
            k++;
        if (kgi_tok_is(mt->t, k, "and") || kgi_tok_is(mt->t, k, "or"))
            k++;
        if (k == j)
            break;
        const kgi_mention *place = mention_of(mt, k, KGI_CAT_PLACE);
        if (place && mt->t->n > place->end && mt->t->items[place->end].kind == KGI_TOK_POSS)
            k = place->end + 1;
        const kgi_mention *next = mention_of(mt, k, pe->cats);
        /* an item with its own apposition ("B, an Australian company") is
         * described there, not by what the list shares */
        if (!next || (kgi_tok_is(mt->t, next->end, ",") &&
                      (kgi_tok_is(mt->t, next->end + 1, "a") || kgi_tok_is(mt->t, next->end + 1, "an"))))
            break;
        ents[n++] = next->ent;
        ref |= next->ref;
        j = next->end;
    }
    capture saved = pe->slot >= 0 ? mt->caps[pe->slot] : (capture){0};
    set_span(mt, pe->slot, i, j);
    if (pe->slot >= 0) {
        memcpy(mt->caps[pe->slot].ents, ents, n * sizeof *ents);
        mt->caps[pe->slot].n_ents = n;
        mt->caps[pe->slot].ref = ref;
    }
    size_t after;
    if (match_from(mt, e + 1, j, end) || (apposition_end(mt->t, j, &after) && match_from(mt, e + 1, after, end)))
        return true;
    if (pe->slot >= 0)
        mt->caps[pe->slot] = saved;
    return false;
}

/* A speech verb at i that introduces someone else's words ("said the
 * government would"), not the speaker's own plan or unit ("announced it
 * was", "said its unit"). */
static bool reported_speech(const matcher *mt, size_t i)
{
    static const char *const same[] = {"it", "its", "they", "their", "he", "his", "she", "her", "we", "our", NULL};
    size_t len = kgi_list_match(mt->art->rules->said, mt->t, i);
    if (!len)
        return false;
    for (const char *const *w = same; *w; w++)
        if (kgi_tok_is(mt->t, i + len, *w))
            return false;
    return true;
}

static bool match_elem(matcher *mt, size_t e, size_t i, size_t *end)
{
    const kgi_pelem *pe = &mt->rule->pat[e];
    const kgi_tokens *t = mt->t;
    switch (pe->kind) {
    case KGI_PE_WORD:
        for (size_t a = 0; i < t->n && a < pe->n_alts; a++)
            if (!strcmp(t->items[i].low, pe->alts[a]))
                return match_from(mt, e + 1, i + 1, end);
        return false;
    case KGI_PE_LIST: {
        size_t len = kgi_list_match(pe->list, t, i);
        if (!len)
            return false;
        set_span(mt, pe->slot, i, i + len);
        return match_from(mt, e + 1, i + len, end);
    }
    case KGI_PE_ENT:
        return match_entity(mt, pe, e, i, end);
    case KGI_PE_VALUE: {
        kgi_value v;
        if (!kgi_value_at(mt->art->rules, t, i, pe->value, mt->art->today[0] ? mt->art->today : NULL, &v))
            return false;
        set_span(mt, pe->slot, i, v.end);
        if (pe->slot >= 0)
            mt->caps[pe->slot].value = v;
        return match_from(mt, e + 1, v.end, end);
    }
    case KGI_PE_TEXT: {
        size_t limit = i;
        while (limit < t->n && limit - i < MAX_TEXT && !kgi_tok_clause_end(&t->items[limit]) &&
               !(kgi_tok_is(t, limit, "and") && kgi_list_match(mt->art->rules->plan_verb, t, limit + 1)))
            limit++;
        if (limit == i)
            return false;
        if (e + 1 == mt->rule->n_pat) {
            set_span(mt, pe->slot, i, limit);
            *end = limit;
            return true;
        }
        for (size_t k = i + 1; k <= limit; k++) {
            set_span(mt, pe->slot, i, k);
            if (match_from(mt, e + 1, k, end))
                return true;
        }
        return false;
    }
    case KGI_PE_GAP:
        for (size_t k = 0; k <= pe->gap && i + k <= t->n; k++) {
            const kgi_token *last = k ? &t->items[i + k - 1] : NULL;
            /* a plain gap stops at a clause end, a person or organization
             * and a speech verb ("X said Y would ...": X is not Y) */
            if (last && ((!pe->commas && kgi_tok_clause_end(last)) ||
                         (!pe->agents && (mention_of(mt, i + k - 1, KGI_CAT_ORG | KGI_CAT_PERSON) ||
                                          reported_speech(mt, i + k - 1))) ||
                         !strcmp(last->low, ".")))
                break;
            if (match_from(mt, e + 1, i + k, end))
                return true;
        }
        return false;
    }
    return false;
}

static bool match_from(matcher *mt, size_t e, size_t i, size_t *end)
{
    if (e == mt->rule->n_pat) {
        *end = i;
        return true;
    }
    const kgi_pelem *pe = &mt->rule->pat[e];
    if (match_elem(mt, e, i, end))
        return true;
    if (!pe->optional)
        return false;
    if (pe->slot >= 0 && pe->slot < MAX_SLOTS)
        mt->caps[pe->slot].set = false;
    return match_from(mt, e + 1, i, end);
}

/* --- emitting --- */

/* The text of a capture (entity label for an entity slot). */
static void capture_text(const matcher *mt, const capture *c, kg_buf *out)
{
    if (c->n_ents) {
        kg_buf_puts(out, mt->art->ents[c->ents[0]].label);
        return;
    }
    const kgi_tokens *t = mt->t;
    if (c->end > c->first)
        kg_buf_append(out, t->text + t->items[c->first].start,
                      t->items[c->end - 1].end - t->items[c->first].start);
}

static void fill_template(const matcher *mt, const char *tpl, kg_buf *out)
{
    for (const char *p = tpl; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close) {
            bool done = false;
            for (size_t s = 0; s < mt->rule->n_slots && s < MAX_SLOTS; s++) {
                size_t n = strlen(mt->rule->slots[s]);
                if (n == (size_t)(close - p - 1) && !strncmp(p + 1, mt->rule->slots[s], n)) {
                    if (mt->caps[s].set)
                        capture_text(mt, &mt->caps[s], out);
                    done = true;
                }
            }
            if (done) {
                p = close + 1;
                continue;
            }
        }
        kg_buf_putc(out, *p++);
    }
}

/* One side of an emitted triple: a term, possibly several (list slots,
 * $plans). */
typedef struct side {
    kg_term terms[MAX_LIST + 32];
    int ents[MAX_LIST + 32];
    size_t n;
    bool ref;
} side;

static void side_add(side *sd, kg_term term, int ent)
{
    if (sd->n < sizeof sd->terms / sizeof sd->terms[0]) {
        sd->terms[sd->n] = term;
        sd->ents[sd->n++] = ent;
    }
}

/* Adds a literal, its lexical form copied into the arena; on ENOMEM (also
 * for a NULL lexical, a text whose building failed) the article's status. */
static void side_add_literal(kgi_article *art, side *sd, const char *lexical, const char *datatype)
{
    const char *lex = lexical ? kg_arena_strdup(art->arena, lexical) : NULL;
    if (lex)
        side_add(sd, kg_term_literal(lex, datatype, NULL), -1);
    else
        kgi_out_of_memory(art);
}

static const char *local_name(const char *iri)
{
    const char *slash = strrchr(iri, '/');
    return slash ? slash + 1 : iri;
}

/* The text built in b; NULL (with the article's status set) when an append
 * to it failed. */
static const char *text_of(kgi_article *art, kg_buf *b)
{
    const char *text = b->failed ? NULL : kg_buf_cstr(b);
    if (!text)
        kgi_out_of_memory(art);
    return text;
}

/* post(role, org): the known post "Role of Org", or a new one. role_text
 * overrides the capture for post("Chair", org). */
static int post_node(matcher *mt, const capture *role, const char *role_text, int org)
{
    kgi_article *art = mt->art;
    kg_buf name = KG_BUF_INIT, label = KG_BUF_INIT;
    if (role_text)
        kg_buf_puts(&name, role_text);
    else
        capture_text(mt, role, &name);
    if (name.len)
        name.data[0] = (char)toupper((unsigned char)name.data[0]);
    kg_buf_printf(&label, "%s of %s", text_of(art, &name), art->ents[org].label);
    int ent = kgi_gazetteer_find(art, text_of(art, &label));
    if (ent < 0 || art->ents[ent].cls != KGI_POST) {
        kg_buf iri_name = KG_BUF_INIT;
        kg_buf_printf(&iri_name, "%s of %s", text_of(art, &name), local_name(art->ents[org].iri));
        char *iri = kgi_mint_iri(art, text_of(art, &iri_name), NULL);
        kg_buf_free(&iri_name);
        ent = iri ? kgi_entity_get(art, iri, text_of(art, &label), KGI_POST, false) : -1;
        if (ent >= 0 && !art->ents[ent].known && !art->ents[ent].rule) {
            art->ents[ent].rule = mt->rule->name;
            art->ents[ent].confidence = mt->rule->confidence;
            kgi_gazetteer_add(art, text_of(art, &label), ent, false);
        }
    }
    kg_buf_free(&name);
    kg_buf_free(&label);
    return ent;
}

/* gov(place): "<place> government" as the text names the place ("US
 * government") or by its label, known or new; an organization is its own
 * government. */
static int gov_node(kgi_article *art, int place, const char *surface)
{
    if (kgi_class_cats(art->ents[place].cls) & KGI_CAT_ORG)
        return place;
    kg_buf label = KG_BUF_INIT;
    int ent = -1;
    if (surface && *surface) {
        kg_buf_printf(&label, "%s government", surface);
        ent = kgi_gazetteer_find(art, text_of(art, &label));
    }
    if (ent < 0 || !(kgi_class_cats(art->ents[ent].cls) & KGI_CAT_ORG)) {
        kg_buf_clear(&label);
        kg_buf_printf(&label, "%s government", art->ents[place].label);
        ent = kgi_gazetteer_find(art, text_of(art, &label));
        if (surface && *surface && (ent < 0 || !(kgi_class_cats(art->ents[ent].cls) & KGI_CAT_ORG))) {
            kg_buf_clear(&label);
            kg_buf_printf(&label, "%s government", surface);
        }
    }
    if (ent < 0 || !(kgi_class_cats(art->ents[ent].cls) & KGI_CAT_ORG)) {
        char *iri = kgi_mint_iri(art, text_of(art, &label), NULL);
        ent = iri ? kgi_entity_get(art, iri, text_of(art, &label), KGI_AGENCY, false) : -1;
        if (ent >= 0 && !art->ents[ent].known && !art->ents[ent].rule) {
            art->ents[ent].rule = "gov()";
            art->ents[ent].confidence = 0.8;
            kgi_gazetteer_add(art, text_of(art, &label), ent, false);
        }
    }
    kg_buf_free(&label);
    return ent;
}

static kg_term iri_term(kgi_article *art, int ent)
{
    return kg_term_iri(art->ents[ent].iri);
}

/* For post("Role", org) there is no role capture: check the org's. */
static const capture *post_role(matcher *mt, const kgi_ref *ref, const capture *role)
{
    if (ref->a >= 0)
        return role;
    return ref->b >= 0 && ref->b < MAX_SLOTS ? &mt->caps[ref->b] : NULL;
}

/* status(v): the modality kg:NAME whose list status-NAME has an entry of
 * exactly the capture's words ("intends" in status-Intended), so the rules
 * file says which verb states which modality. Nothing when none has. */
static void side_add_status(matcher *mt, const capture *c, side *sd)
{
    kgi_article *art = mt->art;
    const kgi_rules *r = art->rules;
    for (size_t l = 0; l < r->n_lists; l++) {
        const kgi_list *list = r->lists[l];
        if (strncmp(list->name, "status-", 7))
            continue;
        for (size_t e = 0; e < list->n; e++) {
            size_t k = c->first;
            char **tok = list->entries[e];
            while (*tok && k < c->end && !strcmp(*tok, mt->t->items[k].low))
                tok++, k++;
            if (*tok || k != c->end)
                continue;
            kg_buf iri = KG_BUF_INIT;
            kg_buf_printf(&iri, "%s%s", KGI_ONT, list->name + 7);
            const char *full = text_of(art, &iri);
            const char *s = full ? kg_arena_strdup(art->arena, full) : NULL;
            kg_buf_free(&iri);
            if (s)
                side_add(sd, kg_term_iri(s), -1);
            else
                kgi_out_of_memory(art);
            return;
        }
    }
}

/* obj.amount of a free-text capture: the first amount of money in it
 * ("raise 1 billion yuan in a new funding round"). */
static void money_in(const matcher *mt, const capture *c, kgi_value *out)
{
    const char *today = mt->art->today[0] ? mt->art->today : NULL;
    for (size_t k = c->first; k < c->end; k++)
        if (kgi_value_at(mt->art->rules, mt->t, k, KGI_VALUE_MONEY, today, out) && out->currency[0])
            return;
    memset(out, 0, sizeof *out);
}

static void resolve(matcher *mt, const kgi_ref *ref, const int *nodes, side *sd, size_t sentence)
{
    kgi_article *art = mt->art;
    sd->n = 0;
    sd->ref = false;
    const capture *c = ref->a >= 0 && ref->a < MAX_SLOTS ? &mt->caps[ref->a] : NULL;
    if (ref->kind == KGI_REF_POST)
        c = post_role(mt, ref, c);
    switch (ref->kind) {
    case KGI_REF_NODE:
        if (nodes[ref->a] >= 0)
            side_add(sd, iri_term(art, nodes[ref->a]), nodes[ref->a]);
        return;
    case KGI_REF_IRI:
        side_add(sd, kg_term_iri(ref->text), -1);
        return;
    case KGI_REF_LITERAL:
        side_add(sd, kg_term_literal(ref->text, NULL, NULL), -1);
        return;
    case KGI_REF_PLANS:
    case KGI_REF_ALL_PLANS:
        for (size_t k = 0; k < art->n_sentence_plans; k++)
            if (ref->kind == KGI_REF_ALL_PLANS || !art->ents[art->sentence_plans[k]].announced)
                side_add(sd, iri_term(art, art->sentence_plans[k]), art->sentence_plans[k]);
        return;
    case KGI_REF_ALL_DEALS:
        for (size_t k = 0; k < art->n_sentence_deals; k++)
            side_add(sd, iri_term(art, art->sentence_deals[k]), art->sentence_deals[k]);
        return;
    case KGI_REF_ALL_MEASURES:
        for (size_t k = 0; k < art->n_sentence_measures; k++)
            side_add(sd, iri_term(art, art->sentence_measures[k]), art->sentence_measures[k]);
        return;
    default:
        break;
    }
    if (!c || !c->set)
        return;
    sd->ref = c->ref;
    switch (ref->kind) {
    case KGI_REF_SLOT:
        if (c->n_ents) {
            for (size_t k = 0; k < c->n_ents; k++)
                side_add(sd, iri_term(art, c->ents[k]), c->ents[k]);
        } else if (c->value.datatype) {
            side_add_literal(art, sd, c->value.lex, c->value.datatype);
        } else {
            kg_buf b = KG_BUF_INIT;
            capture_text(mt, c, &b);
            side_add_literal(art, sd, text_of(art, &b), NULL);
            kg_buf_free(&b);
        }
        return;
    case KGI_REF_AMOUNT:
    case KGI_REF_CURRENCY: {
        kgi_value money = c->value;
        if (!money.currency[0] && !c->n_ents)
            money_in(mt, c, &money);
        if (money.currency[0])
            side_add_literal(art, sd, ref->kind == KGI_REF_AMOUNT ? money.lex : money.currency,
                             ref->kind == KGI_REF_AMOUNT ? KG_XSD "decimal" : NULL);
        return;
    }
    case KGI_REF_PLACE_IN:
        for (size_t k = c->first; k < c->end; k++) {
            const kgi_mention *mn = mention_of(mt, k, KGI_CAT_PLACE);
            /* "relocate from Dongguan to Vietnam": not where it goes */
            if (!mn || mn->ref || (k > c->first && kgi_tok_is(mt->t, k - 1, "from")))
                continue;
            mn = within(mt, mn);
            side_add(sd, iri_term(art, mn->ent), mn->ent);
            return;
        }
        return;
    case KGI_REF_POST: {
        const capture *org = ref->b >= 0 && ref->b < MAX_SLOTS ? &mt->caps[ref->b] : NULL;
        if (!org || !org->set || !org->n_ents)
            return;
        int post = post_node(mt, c, ref->a < 0 ? ref->text : NULL, org->ents[0]);
        if (post < 0)
            return;
        side_add(sd, iri_term(art, post), post);
        /* a post of a place ("Hong Kong chief executive") is in its government */
        int in = org->ents[0];
        if (kgi_class_cats(art->ents[in].cls) & KGI_CAT_PLACE && (in = gov_node(art, in, NULL)) >= 0)
            kgi_propose_description(art, in, sentence);
        if (in < 0)
            return;
        kg_term p = kg_term_iri(KGI_ONT "postIn"), s = iri_term(art, post), o = iri_term(art, in);
        kgi_propose_description(art, post, sentence);
        kgi_propose(art, &s, &p, &o, post, in, sentence, mt->rule->name, mt->rule->confidence);
        return;
    }
    case KGI_REF_STATUS:
        side_add_status(mt, c, sd);
        return;
    case KGI_REF_GOV:
        if (c->n_ents) {
            kg_buf surface = KG_BUF_INIT;
            const kgi_mention *mn = mention_of(mt, c->first, 0xffffu);
            if (mn && !mn->ref)
                kg_buf_append(&surface, mt->t->text + mt->t->items[mn->first].start,
                              mt->t->items[mn->end - 1].end - mt->t->items[mn->first].start);
            int gov = gov_node(art, c->ents[0], text_of(art, &surface));
            kg_buf_free(&surface);
            if (gov >= 0) {
                kgi_propose_description(art, gov, sentence);
                side_add(sd, iri_term(art, gov), gov);
            }
        }
        return;
    default:
        return;
    }
}

/* Adds node to a sentence's list of minted nodes (of at most 32) once. */
static void remember(int *list, size_t *n, int node)
{
    for (size_t j = 0; j < *n; j++)
        if (list[j] == node)
            return;
    if (*n < 32)
        list[(*n)++] = node;
}

static void emit_all(matcher *mt, size_t sentence)
{
    kgi_article *art = mt->art;
    const kgi_rule *rule = mt->rule;
    int nodes[16];
    for (size_t k = 0; k < rule->n_nodes && k < 16; k++) {
        kg_buf label = KG_BUF_INIT;
        fill_template(mt, rule->nodes[k].label, &label);
        char hash[16];
        snprintf(hash, sizeof hash, "%06llx",
                 (unsigned long long)(kg_hash_bytes(art->stem, strlen(art->stem), 7) & 0xffffff));
        char *iri = kgi_mint_iri(art, text_of(art, &label), hash);
        nodes[k] = iri ? kgi_entity_get(art, iri, text_of(art, &label), rule->nodes[k].cls, false) : -1;
        kg_buf_free(&label);
        if (nodes[k] < 0)
            continue;
        kgi_entity *e = &art->ents[nodes[k]];
        if (!e->rule) {
            e->rule = rule->name;
            e->confidence = rule->confidence;
            e->first_sentence = sentence;
        }
        kgi_propose_description(art, nodes[k], sentence);
        kgi_class c = rule->nodes[k].cls;
        if (c == KGI_EVENT)
            art->last_event = nodes[k];
        if (c == KGI_PLAN || c == KGI_INVESTMENT)
            remember(art->sentence_plans, &art->n_sentence_plans, nodes[k]);
        else if (c == KGI_AGREEMENT || c == KGI_DEAL)
            remember(art->sentence_deals, &art->n_sentence_deals, nodes[k]);
        else if (c >= KGI_SANCTION && c <= KGI_ASSET_FREEZE)
            remember(art->sentence_measures, &art->n_sentence_measures, nodes[k]);
    }
    for (size_t k = 0; k < rule->n_emits; k++) {
        const kgi_emit *em = &rule->emits[k];
        side s, o;
        resolve(mt, &em->s, nodes, &s, sentence);
        resolve(mt, &em->o, nodes, &o, sentence);
        kg_term p = kg_term_iri(em->predicate);
        double conf = rule->confidence * (s.ref || o.ref ? 0.8 : 1.0);
        /* new things a relation uses get their type and label proposed */
        for (size_t a = 0; a < s.n; a++)
            if (s.ents[a] >= 0)
                kgi_propose_description(art, s.ents[a], sentence);
        for (size_t b = 0; b < o.n; b++)
            if (o.ents[b] >= 0)
                kgi_propose_description(art, o.ents[b], sentence);
        for (size_t a = 0; a < s.n; a++)
            for (size_t b = 0; b < o.n; b++) {
                if (s.terms[a].kind != KG_TERM_IRI || (s.ents[a] >= 0 && s.ents[a] == o.ents[b]))
                    continue;
                kgi_propose(art, &s.terms[a], &p, &o.terms[b], s.ents[a], o.ents[b], sentence,
                            rule->name, conf);
            }
    }
}

/* The slot a node's label names that holds several things ("{o}" for "A,
 * B and C were added to the list"), or -1. */
static int listed_node_slot(const matcher *mt)
{
    const kgi_rule *rule = mt->rule;
    for (size_t k = 0; k < rule->n_nodes; k++)
        for (size_t s = 0; s < rule->n_slots && s < MAX_SLOTS; s++) {
            char name[80];
            snprintf(name, sizeof name, "{%s}", rule->slots[s]);
            if (mt->caps[s].set && mt->caps[s].n_ents > 1 && strstr(rule->nodes[k].label, name))
                return (int)s;
        }
    return -1;
}

/* Emits a match; when a node's label names a list of things, once per
 * thing, so each gets its own node (one sanction per listed company). */
static void emit_each(matcher *mt, size_t sentence)
{
    int s = listed_node_slot(mt);
    if (s < 0) {
        emit_all(mt, sentence);
        return;
    }
    capture saved = mt->caps[s];
    for (size_t k = 0; k < saved.n_ents; k++) {
        mt->caps[s].ents[0] = saved.ents[k];
        mt->caps[s].n_ents = 1;
        emit_all(mt, sentence);
    }
    mt->caps[s] = saved;
}

void kgi_relations_apply(kgi_article *art, const kgi_tokens *toks, const kgi_mentions *m, size_t sentence)
{
    art->n_sentence_plans = art->n_sentence_deals = art->n_sentence_measures = 0;
    if (!art->today_read) {
        /* relative dates ("on Monday") are resolved against a full date only */
        kgi_value v;
        bool found = false;
        art->today_read = true;
        if (art->text.date && kgi_date_find(art->text.date, &v, &found) != KG_OK)
            kgi_out_of_memory(art);
        else if (found && !strcmp(v.datatype, KG_XSD "date"))
            snprintf(art->today, sizeof art->today, "%s", v.lex);
    }
    matcher mt = {art, toks, m, NULL, {{0}}};
    /* most rules cannot match most sentences: find out cheaply first */
    memset(art->sentence_words, 0, art->rules->n_word_ids);
    kgi_rules_mark_words(art->rules, toks, art->sentence_words);
    unsigned cats = 0;
    for (size_t k = 0; k < m->n; k++)
        cats |= kgi_class_cats(art->ents[m->items[k].ent].cls);
    for (size_t r = 0; r < art->rules->n_rules; r++) {
        mt.rule = &art->rules->rules[r];
        if (!kgi_rules_may_match(mt.rule, art->sentence_words, cats))
            continue;
        for (size_t i = 0; i < toks->n;) {
            bool blocked = false;
            for (char **w = mt.rule->not_after; w && *w && i; w++)
                blocked |= kgi_tok_is(toks, i - 1, *w);
            if (blocked) {
                i++;
                continue;
            }
            /* every slot is set or cleared on the path of a match, so the
             * captures need no reset between tries */
            size_t end, close;
            if (match_from(&mt, 0, i, &end) && end > i &&
                !(mt.rule->pat[0].kind == KGI_PE_ENT && inside_apposition(&mt, i, &close) && end > close)) {
                emit_each(&mt, sentence);
                i = end;
            } else {
                i++;
            }
        }
    }
}
