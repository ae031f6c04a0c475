/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/entities.c - new things from the text's own cues, and references:
 * "the company", "the ministry" (an agency or list named before), and a
 * counted group ("seven entities") the next sentence lists.
 *
 * A candidate name is a run of capitalized words ("Pony.ai", "XtalPi",
 * "Leung Chun-ying"), with "of", "for", "and" inside only where a name
 * keeps them ("Office for Attracting Strategic Enterprises", "Federation of
 * Industry and Commerce"), and known places inside only when the run ends
 * in an organization word ("Bay Area Hong Kong Centre"). A run becomes a
 * new thing only when a cue says what it is, strongest first:
 *   honorific before it (Mr, Ms)                     -> Person
 *   its last word is a suffix of the rules file      -> that class
 *   a role word before it ("director Liu Jun") or after a comma
 *   ("Ronald Tam, CFO of XtalPi")                    -> Person
 *   a speech verb after it ("Mo Luyi said")          -> Person
 *   a company noun before it ("robotics company Pudu Robotics", "a
 *   subsidiary of ..."), or the next item of such a list -> Company
 *   an apposition after it (", a Guangzhou-based AI company",
 *   ", an organisation")                             -> Company/Organization
 * Runs without a cue are left alone: precision first. A run that matches a
 * known name up to case, punctuation or a company suffix is linked to the
 * known thing. A parenthesized acronym after a name becomes its alias. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest_impl.h"

static bool name_word(const kgi_token *t)
{
    return t->kind == KGI_TOK_WORD && (t->flags & (KGI_TF_CAP | KGI_TF_UPPER));
}

/* An entry of list ends exactly at token end (exclusive). */
static bool list_ends_at(const kgi_list *list, const kgi_tokens *t, size_t end)
{
    for (size_t len = 1; len <= 4 && len <= end; len++)
        if (kgi_list_match(list, t, end - len) == len)
            return true;
    return false;
}

static kgi_class suffix_class(const kgi_article *art, const kgi_token *t)
{
    int v;
    return kg_strmap_get(art->rules->suffix, t->low, strlen(t->low), &v) ? (kgi_class)v : KGI_NONE;
}

/* The class the run's head word gives: the word before its first "of" or
 * "for" ("Office for Attracting Strategic Enterprises", "Bank of China"),
 * else its last word. */
static kgi_class head_class(const kgi_article *art, const kgi_tokens *t, size_t first, size_t end)
{
    for (size_t k = first + 1; k < end; k++)
        if (!strcmp(t->items[k].low, "of") || !strcmp(t->items[k].low, "for"))
            return suffix_class(art, &t->items[k - 1]);
    return end > first ? suffix_class(art, &t->items[end - 1]) : KGI_NONE;
}

static bool is_place_mention(const kgi_article *art, const kgi_mentions *m, size_t i)
{
    return m->at[i] >= 0 && (kgi_class_cats(art->ents[m->items[m->at[i]].ent].cls) & KGI_CAT_PLACE);
}

/* True when token i directly follows the end of a place mention. */
static bool is_place_mention_end(const kgi_article *art, const kgi_mentions *m, size_t i)
{
    for (size_t k = 0; k < m->n; k++)
        if (m->items[k].end == i && (kgi_class_cats(art->ents[m->items[k].ent].cls) & KGI_CAT_PLACE))
            return true;
    return false;
}

/* "HK$", "US$", "S$": a word glued to a dollar sign is a currency, which no
 * name goes on into ("Meridian Port Holdings for HK$6.8 billion"). */
static bool currency_symbol_at(const kgi_tokens *t, size_t i)
{
    return i + 1 < t->n && kgi_tok_is(t, i + 1, "$") && !(t->items[i + 1].flags & KGI_TF_SPACE);
}

typedef struct run {
    size_t first, end; /* tokens */
    size_t words;      /* name words */
    bool has_place;    /* contains a known place */
} run;

/* The run starting at token i, or words == 0. */
static run scan_run(const kgi_article *art, const kgi_tokens *t, const kgi_mentions *m, size_t i)
{
    run r = {i, i, 0, false};
    size_t j = i, and_at = 0;
    while (j < t->n) {
        const kgi_token *tok = &t->items[j];
        if (m->at[j] >= 0) {
            /* a known name starting a longer one: "Xunfei Healthcare" */
            size_t me = m->items[m->at[j]].end;
            bool leads = j == i && me < t->n && name_word(&t->items[me]) && m->at[me] < 0;
            if (!is_place_mention(art, m, j) && !leads)
                break;
            j = m->items[m->at[j]].end;
            r.end = j, r.words++, r.has_place = true;
            continue;
        }
        if (name_word(tok) || (tok->kind == KGI_TOK_NUM && j == i)) {
            j++;
            r.end = j, r.words++;
            continue;
        }
        /* "Chun-ying", "C-MER", "R&D": glued punctuation and a word (not
         * "Beijing-based") */
        if (r.words && j + 1 < t->n && (tok->kind == KGI_TOK_PUNCT) && !(j && is_place_mention_end(art, m, j)) &&
            !kgi_tok_is(t, j + 1, "based") &&
            (!strcmp(tok->low, "-") || !strcmp(tok->low, "&")) && !(tok->flags & KGI_TF_SPACE) &&
            !(t->items[j + 1].flags & KGI_TF_SPACE) &&
            (t->items[j + 1].kind == KGI_TOK_WORD || t->items[j + 1].kind == KGI_TOK_NUM)) {
            j += 2;
            r.end = j;
            continue;
        }
        if (r.words && kgi_list_match(art->rules->connector, t, j) == 1 && j + 1 < t->n) {
            /* "Financial Services and the Treasury Bureau" */
            size_t next = j + 1 + (!strcmp(tok->low, "and") && kgi_tok_is(t, j + 1, "the"));
            if (next < t->n && (name_word(&t->items[next]) || is_place_mention(art, m, next)) &&
                !currency_symbol_at(t, next)) {
                if (!strcmp(tok->low, "and") && !and_at)
                    and_at = j;
                j = next;
                continue;
            }
        }
        break;
    }
    /* "and" stays only after an "of" or "for" ("Federation of Industry and
     * Commerce") or a field ("Science and Technology Parks Corporation"),
     * never between two names ("Pudu Robotics and Horizon Robotics",
     * "DeepSeek and Unitree Robotics") */
    if (and_at && and_at < r.end) {
        bool has_of = false;
        for (size_t k = i; k < and_at; k++)
            has_of |= !strcmp(t->items[k].low, "of") || !strcmp(t->items[k].low, "for");
        kgi_class last = suffix_class(art, &t->items[r.end - 1]);
        bool body = last == KGI_AGENCY || last == KGI_ORGANIZATION; /* "Commerce and ... Bureau" */
        bool field = and_at > i && kgi_list_match(art->rules->name_field, t, and_at - 1) == 1;
        if (!(has_of || body || field) || suffix_class(art, &t->items[and_at - 1]) != KGI_NONE) {
            r.end = and_at;
            r.words = 0;
            for (size_t k = i; k < and_at; k++)
                r.words += name_word(&t->items[k]) || m->at[k] >= 0;
        }
    }
    return r;
}

/* Cuts "of"/"for" parts that do not follow an organization word, and
 * place-led runs that do not end in one. */
static void trim_run(const kgi_article *art, const kgi_tokens *t, const kgi_mentions *m, run *r)
{
    for (size_t k = r->first + 1; k < r->end; k++) {
        const char *w = t->items[k].low;
        if ((!strcmp(w, "of") || !strcmp(w, "for")) && suffix_class(art, &t->items[k - 1]) == KGI_NONE) {
            r->end = k;
            break;
        }
    }
    r->has_place = false;
    for (size_t k = r->first; k < r->end; k++)
        r->has_place |= is_place_mention(art, m, k);
    kgi_class last = head_class(art, t, r->first, r->end);
    bool after_noun = list_ends_at(art->rules->company_noun, t, r->first); /* "company China Year" */
    if (r->has_place && !after_noun &&
        (last == KGI_NONE || (kgi_class_cats(last) & KGI_CAT_PLACE && last != KGI_PLACE))) {
        size_t k = r->first;
        while (k < r->end && !is_place_mention(art, m, k))
            k++;
        r->end = k;
        r->has_place = false;
    }
    r->words = 0;
    r->has_place = false;
    for (size_t k = r->first; k < r->end; k++) {
        r->words += name_word(&t->items[k]) || (k == r->first && t->items[k].kind == KGI_TOK_NUM) ||
                    m->at[k] >= 0;
        r->has_place |= is_place_mention(art, m, k);
    }
}

static bool all_name_words(const kgi_tokens *t, size_t first, size_t end, size_t max)
{
    size_t words = 0;
    for (size_t k = first; k < end; k++) {
        const kgi_token *tok = &t->items[k];
        if (name_word(tok))
            words++;
        else if (!(tok->kind == KGI_TOK_PUNCT && !strcmp(tok->low, "-")) &&
                 !(tok->kind == KGI_TOK_WORD && k > first && !strcmp(t->items[k - 1].low, "-")))
            return false;
    }
    return words >= 1 && words <= max;
}

/* ", a|an|the ... company" after the run: the class the noun names. */
static kgi_class apposition(const kgi_article *art, const kgi_tokens *t, size_t end)
{
    if (!kgi_tok_is(t, end, ",") ||
        !(kgi_tok_is(t, end + 1, "a") || kgi_tok_is(t, end + 1, "an") || kgi_tok_is(t, end + 1, "the")))
        return KGI_NONE;
    for (size_t k = end + 2; k < t->n && k < end + 10; k++) {
        if (kgi_tok_clause_end(&t->items[k]))
            break;
        if (kgi_list_match(art->rules->company_noun, t, k))
            return KGI_COMPANY;
        if (kgi_list_match(art->rules->org_noun, t, k))
            return KGI_ORGANIZATION;
    }
    return KGI_NONE;
}

/* "Secretary for Security Chris Tang", "the Financial Secretary, Paul
 * Chan,": the run follows a role's title (a role word a few tokens back,
 * and a connector or comma just before). */
static bool after_role_title(const kgi_article *art, const kgi_tokens *t, size_t f)
{
    if (!f || !(kgi_tok_is(t, f - 1, "for") || kgi_tok_is(t, f - 1, "of") || kgi_tok_is(t, f - 1, "the") ||
                kgi_tok_is(t, f - 1, "and") || kgi_tok_is(t, f - 1, ",")))
        return false;
    for (size_t k = f; k-- > 0 && f - k <= 10;) {
        if (kgi_list_match(art->rules->role, t, k))
            return true;
        if (k + 1 < f && (kgi_tok_clause_end(&t->items[k]) && !kgi_tok_is(t, k, ",")))
            return false;
    }
    return false;
}

/* "spokesperson He Yadong", "Vice-Premier He Lifeng": a not-a-name word in
 * capitals right after a role or honorific, before a name word, is a
 * surname (in mid-sentence "He" cannot be the pronoun). */
static bool surname_after_title(const kgi_article *art, const kgi_tokens *t, size_t i)
{
    return i && i + 1 < t->n && name_word(&t->items[i + 1]) && (t->items[i].flags & KGI_TF_CAP) &&
           (list_ends_at(art->rules->role, t, i) || list_ends_at(art->rules->honorific, t, i));
}

/* Person cues around a run of 1..4 name words. */
static const char *person_cue(const kgi_article *art, const kgi_tokens *t, const run *r, double *conf)
{
    const kgi_rules *R = art->rules;
    size_t f = r->first, e = r->end;
    bool short_name = all_name_words(t, f, e, 4);
    if (!short_name)
        return NULL;
    size_t before = f;
    if (before && kgi_tok_is(t, before - 1, ".") && before >= 2)
        before--; /* "Mr. Smith" */
    if (list_ends_at(R->honorific, t, before))
        return *conf = 0.9, "cue:honorific";
    if (r->words < 2)
        return NULL;
    if (list_ends_at(R->role, t, f) || list_ends_at(R->person_noun, t, f))
        return *conf = 0.85, "cue:role-before";
    /* "its chief executive, Patrick Ng, had resigned", "two directors, Leo
     * Fan and Cindy Yau": a role, a comma, a short name and a comma or "and" */
    if (r->words <= 3 && f >= 2 && kgi_tok_is(t, f - 1, ",") && (kgi_tok_is(t, e, ",") || kgi_tok_is(t, e, "and")) &&
        (list_ends_at(R->role, t, f - 1) || list_ends_at(R->person_noun, t, f - 1)))
        return *conf = 0.8, "cue:role-comma";
    size_t k = e + 1;
    if (kgi_tok_is(t, e, ",")) {
        if (kgi_tok_is(t, k, "the") || kgi_tok_is(t, k, "a") || kgi_tok_is(t, k, "an"))
            k++;
        while (k < t->n && kgi_list_match(R->former, t, k))
            k++;
        if (kgi_list_match(R->role, t, k))
            return *conf = 0.85, "cue:role-after";
    }
    /* "appointed Daniel Lau as", "replaces Henry Cheung", "Li Qiang
     * resigned"; "Henry Cheung, who", "Grace Wong, 58," */
    if (r->words <= 3 && (list_ends_at(R->person_verb, t, f) || kgi_list_match(R->person_after, t, e)))
        return *conf = 0.75, "cue:person-verb";
    if (r->words <= 3 && kgi_tok_is(t, e, ",") &&
        (kgi_tok_is(t, e + 1, "who") || (t->items[e + 1 < t->n ? e + 1 : e].kind == KGI_TOK_NUM &&
                                          kgi_tok_is(t, e + 2, ","))))
        return *conf = 0.75, "cue:who";
    if (r->words <= 3 && (kgi_list_match(R->said, t, e) ||
                          (kgi_tok_is(t, e, ",") && kgi_list_match(R->said, t, e + 1))))
        return *conf = 0.75, "cue:said";
    if (r->words <= 3 && f && list_ends_at(R->said, t, f) &&
        (e == t->n || kgi_tok_clause_end(&t->items[e])))
        return *conf = 0.75, "cue:said";
    return NULL;
}

/* A name right after a post the store or the rules know: "Secretary for
 * Commerce and Economic Development Algernon Yau". */
static bool after_post(const kgi_article *art, const kgi_mentions *m, size_t f)
{
    for (size_t k = 0; k < m->n; k++)
        if (m->items[k].end == f && !m->items[k].ref && art->ents[m->items[k].ent].cls == KGI_POST)
            return true;
    return false;
}

/* The rest of a title: "Commissioner for Innovation and Technology",
 * "Secretary of State" (a capitalized role, then "for" or "of"). */
static bool title_of_role(const kgi_article *art, const kgi_tokens *t, size_t f)
{
    if (f < 2 || !(kgi_tok_is(t, f - 1, "for") || kgi_tok_is(t, f - 1, "of")))
        return false;
    for (size_t len = 1; len <= 3 && len < f; len++)
        if (kgi_list_match(art->rules->role, t, f - 1 - len) == len && (t->items[f - 1 - len].flags & KGI_TF_CAP))
            return true;
    return false;
}

/* "a joint venture, Bay Link Cold Chain, to run ...", "its Hong Kong unit,
 * Huaxin International,": a company noun, a comma, and the name set off
 * by commas. */
static bool noun_apposed(const kgi_article *art, const kgi_tokens *t, const run *r)
{
    return r->first >= 2 && kgi_tok_is(t, r->first - 1, ",") &&
           list_ends_at(art->rules->company_noun, t, r->first - 1) &&
           (r->end == t->n || kgi_tok_is(t, r->end, ",") || kgi_tok_is(t, r->end, "(") ||
            kgi_tok_clause_end(&t->items[r->end]));
}

/* An unknown place: "based in Kwai Chung", "Virginia-based", "Hong Kong's
 * Central district". */
static bool place_cue(const kgi_article *art, const kgi_tokens *t, const run *r)
{
    const kgi_rules *R = art->rules;
    if (!all_name_words(t, r->first, r->end, 3))
        return false;
    /* "-based" before a name or a company noun ("Virginia-based Patriot
     * Dynamics"), not "Cantonese-based voice recognition" */
    bool based = kgi_tok_is(t, r->end, "-") && kgi_tok_is(t, r->end + 1, "based") &&
                 ((r->end + 2 < t->n && name_word(&t->items[r->end + 2])) ||
                  kgi_list_match(R->company_noun, t, r->end + 2) || kgi_list_match(R->company_noun, t, r->end + 3) ||
                  kgi_list_match(R->company_noun, t, r->end + 4));
    return list_ends_at(R->place_before, t, r->first) || based ||
           (kgi_list_match(R->place_noun, t, r->end) && !(t->items[r->end].flags & KGI_TF_CAP));
}

static void add_person_parts(kgi_article *art, const char *label, int ent)
{
    kgi_tokens t = {0};
    if (kgi_tokenize(&t, label, 0, strlen(label), 16, art->scratch)) {
        size_t added = 0;
        for (size_t k = 0; k < t.n && added < 2; k++) {
            if (!name_word(&t.items[k]) || (k && !(t.items[k].flags & KGI_TF_SPACE)) ||
                kgi_list_match(art->rules->stop_name, &t, k))
                continue;
            char part[128];
            size_t n = t.items[k].end - t.items[k].start;
            if (n < 2 || n >= sizeof part)
                continue;
            memcpy(part, label + t.items[k].start, n);
            part[n] = '\0';
            kgi_gazetteer_add(art, part, ent, true);
            added++;
        }
    }
    kgi_tokens_free(&t);
}

/* "Meridian Port Holdings" is also "Meridian" later in the text, in
 * capitals, as news text shortens a company's name: unless the word is
 * taken (the first company of that word keeps it: "Tianji Compute and its
 * subsidiary Tianji International"), starts a known name ("Hong Kong ..."),
 * is no name on its own (not-a-name, a suffix or field word, a demonym) or
 * is short. */
static void add_first_word(kgi_article *art, const char *name, int ent)
{
    const kgi_rules *R = art->rules;
    kgi_tokens t = {0};
    if (kgi_tokenize(&t, name, 0, strlen(name), 16, art->scratch) && t.n >= 2) {
        const kgi_token *w = &t.items[0];
        size_t n = w->end - w->start;
        char first[64], two[128];
        int v;
        bool plain = w->kind == KGI_TOK_WORD && (w->flags & KGI_TF_CAP) && n >= 4 && n < sizeof first &&
                     t.items[1].kind == KGI_TOK_WORD && (t.items[1].flags & KGI_TF_SPACE) &&
                     (t.items[1].flags & KGI_TF_CAP) && !kgi_list_match(R->stop_name, &t, 0) &&
                     !kgi_list_match(R->name_field, &t, 0) && !kgi_list_match(R->role, &t, 0) &&
                     !kg_strmap_get(R->suffix, w->low, strlen(w->low), &v) &&
                     !kg_strmap_get(R->demonym, w->low, strlen(w->low), &v);
        if (plain) {
            memcpy(first, name + w->start, n);
            first[n] = '\0';
            snprintf(two, sizeof two, "%.*s", (int)(t.items[1].end - w->start), name + w->start);
            int lead = kgi_gazetteer_find(art, two);
            if (kgi_gazetteer_find(art, first) < 0 && (lead < 0 || lead == ent))
                kgi_gazetteer_add(art, first, ent, true);
        }
    }
    kgi_tokens_free(&t);
}

/* "USpace Technology" is also "USpace" later in the text, unless that name
 * is taken. */
static void add_short_name(kgi_article *art, const char *name, int ent)
{
    const char *space = strrchr(name, ' ');
    int v;
    if (!space || space == name)
        return;
    const char *last = space + 1;
    char low[64];
    size_t n = strlen(last);
    if (n >= sizeof low)
        return;
    for (size_t k = 0; k <= n; k++)
        low[k] = (char)((last[k] >= 'A' && last[k] <= 'Z') ? last[k] + 32 : last[k]);
    if (!kg_strmap_get(art->rules->suffix, low, n, &v) || v != KGI_COMPANY)
        return;
    char shorter[512];
    snprintf(shorter, sizeof shorter, "%.*s", (int)(space - name), name);
    if (kgi_gazetteer_find(art, shorter) < 0)
        kgi_gazetteer_add(art, shorter, ent, false);
}

/* "Office of Foreign Assets Control" is also "OFAC" later in the text (the
 * initials of its capitalized words, three or more), unless that is taken:
 * agencies are named so without a parenthesized acronym first. */
static void add_initialism(kgi_article *art, const char *name, int ent)
{
    char initials[16];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof initials; p++)
        if ((p == name || p[-1] == ' ') && *p >= 'A' && *p <= 'Z')
            initials[n++] = *p;
    initials[n] = '\0';
    if (n >= 3 && kgi_gazetteer_find(art, initials) < 0)
        kgi_gazetteer_add(art, initials, ent, true);
}

/* Links the name to a known thing or makes a new one; returns its index. */
static int found(kgi_article *art, const char *name, kgi_class cls, const char *rule, double conf,
                 size_t sentence)
{
    int ent = kgi_gazetteer_find(art, name);
    unsigned cats = kgi_class_cats(cls);
    if (ent >= 0 && (kgi_class_cats(art->ents[ent].cls) & cats & (KGI_CAT_ORG | KGI_CAT_PERSON | KGI_CAT_PLACE | KGI_CAT_EVENT | KGI_CAT_PROGRAMME))) {
        kgi_gazetteer_add(art, name, ent, false);
        return ent;
    }
    if (ent >= 0)
        return -1; /* the name is something of another kind */
    char *iri = kgi_mint_iri(art, name, NULL);
    if (!iri)
        return -1;
    ent = kgi_entity_get(art, iri, name, cls, false);
    if (ent < 0)
        return -1;
    kgi_entity *e = &art->ents[ent];
    if (!e->rule && !e->known) {
        e->rule = rule;
        e->confidence = conf;
        e->first_sentence = sentence;
    }
    kgi_gazetteer_add(art, name, ent, false);
    if (cls == KGI_PERSON)
        add_person_parts(art, name, ent);
    if (cls == KGI_COMPANY) {
        add_short_name(art, name, ent);
        add_first_word(art, name, ent);
    }
    if (cls == KGI_AGENCY)
        add_initialism(art, name, ent);
    return ent;
}

/* "(OASES)" right after a name: an alias. */
static void acronym_after(kgi_article *art, const kgi_tokens *t, size_t end, int ent)
{
    if (ent < 0 || !kgi_tok_is(t, end, "(") || !kgi_tok_is(t, end + 2, ")"))
        return;
    const kgi_token *a = &t->items[end + 1];
    if (a->kind != KGI_TOK_WORD || !(a->flags & KGI_TF_ALLCAPS))
        return;
    char buf[64];
    size_t n = a->end - a->start;
    if (n >= sizeof buf)
        return;
    memcpy(buf, t->text + a->start, n);
    buf[n] = '\0';
    kgi_gazetteer_add(art, buf, ent, true);
}

void kgi_entities_discover(kgi_article *art, const kgi_tokens *t, size_t sentence)
{
    const kgi_rules *R = art->rules;
    kgi_mentions m = {0};
    kgi_mentions_find(art, t, &m);
    if (!m.at)
        return;
    for (size_t k = 0; k < m.n; k++)
        acronym_after(art, t, m.items[k].end, m.items[k].ent);
    size_t list_end = (size_t)-1;   /* a company list continues after this token */
    size_t person_end = (size_t)-1; /* and a list of people ("Joanne Lim and Rahul Mehta") */
    char name[512];
    for (size_t i = 0; i < t->n;) {
        size_t mend = m.at[i] >= 0 ? m.items[m.at[i]].end : 0;
        bool leads = m.at[i] >= 0 && mend < t->n && name_word(&t->items[mend]) && m.at[mend] < 0 &&
                     kgi_list_match(R->stop_name, t, mend) != 1 &&
                     !(kgi_class_cats(art->ents[m.items[m.at[i]].ent].cls) & (KGI_CAT_POST | KGI_CAT_PERSON));
        if (m.at[i] >= 0 && !is_place_mention(art, &m, i) && !leads) {
            size_t end = m.items[m.at[i]].end;
            if (list_end != (size_t)-1 && kgi_class_cats(art->ents[m.items[m.at[i]].ent].cls) & KGI_CAT_ORG)
                list_end = end;
            person_end = kgi_class_cats(art->ents[m.items[m.at[i]].ent].cls) & KGI_CAT_PERSON ? end : (size_t)-1;
            i = end;
            continue;
        }
        const kgi_token *tok = &t->items[i];
        if (!(name_word(tok) || tok->kind == KGI_TOK_NUM || m.at[i] >= 0) ||
            (kgi_list_match(R->stop_name, t, i) == 1 && m.at[i] < 0 && !surname_after_title(art, t, i))) {
            /* ", and" / "," / "and" / "Hong Kong's" keep a company list going */
            bool glue = list_end != (size_t)-1 &&
                        (kgi_tok_is(t, i, ",") || kgi_tok_is(t, i, "and") || tok->kind == KGI_TOK_POSS);
            if (!glue)
                list_end = (size_t)-1;
            /* only "and" (or ", and") joins people: "Ng, Hong Kong Science Park" is no list */
            if (!(kgi_tok_is(t, i, "and") || (kgi_tok_is(t, i, ",") && kgi_tok_is(t, i + 1, "and"))))
                person_end = (size_t)-1;
            i++;
            continue;
        }
        /* "US government", "Hong Kong government" */
        if (is_place_mention(art, &m, i)) {
            size_t end = m.items[m.at[i]].end;
            if (kgi_tok_is(t, end, "government") && !(t->items[end].flags & KGI_TF_CAP)) {
                size_t n = t->items[end].end - t->items[i].start;
                if (n < sizeof name) {
                    memcpy(name, t->text + t->items[i].start, n);
                    name[n] = '\0';
                    found(art, name, KGI_AGENCY, "cue:government", 0.85, sentence);
                }
                i = end + 1;
                continue;
            }
        }
        size_t skip = kgi_list_match(R->honorific, t, i);
        if (!skip && m.at[i] < 0)
            skip = kgi_list_match(R->role, t, i);
        int dem;
        if (!skip && kg_strmap_get(R->demonym, tok->low, strlen(tok->low), &dem))
            skip = 1;
        if (skip) {
            i += skip;
            continue;
        }
        run r = scan_run(art, t, &m, i);
        trim_run(art, t, &m, &r);
        if (!r.words || r.end <= r.first || (r.end - r.first == 1 && tok->kind == KGI_TOK_NUM)) {
            i = (m.at[i] >= 0) ? m.items[m.at[i]].end : i + 1;
            continue;
        }
        size_t n = t->items[r.end - 1].end - t->items[r.first].start;
        if (n >= sizeof name) {
            i = r.end;
            continue;
        }
        memcpy(name, t->text + t->items[r.first].start, n);
        name[n] = '\0';
        kgi_class cls = KGI_NONE;
        const char *rule = NULL;
        double conf = 0;
        kgi_class suffix = head_class(art, t, r.first, r.end);
        bool leading_number = t->items[r.first].kind == KGI_TOK_NUM;
        /* "AI company": a descriptor before a company noun, not a name */
        bool descriptor = kgi_list_match(R->company_noun, t, r.end) > 0;
        /* the tail of a post title and a name: "... Treasury Christopher Hui" */
        bool title_tail = r.words >= 3 && !kgi_tok_is(t, r.first - 1, ",");
        bool apposed = r.words <= 3 && r.first && kgi_tok_is(t, r.first - 1, ",") && kgi_tok_is(t, r.end, ",");
        if (suffix == KGI_NONE && (title_tail || apposed) && !r.has_place && after_role_title(art, t, r.first) &&
            (r.end == t->n || kgi_tok_clause_end(&t->items[r.end]) || kgi_list_match(R->said, t, r.end))) {
            size_t keep = r.end, words = 0;
            while (keep > r.first && words < 2)
                words += name_word(&t->items[--keep]);
            if (keep > r.first) {
                n = t->items[r.end - 1].end - t->items[keep].start;
                memcpy(name, t->text + t->items[keep].start, n);
                name[n] = '\0';
            }
            cls = KGI_PERSON, rule = "cue:after-title", conf = 0.75;
        } else if (suffix == KGI_NONE && !leading_number && r.words >= 2 && r.words <= 3 &&
                   all_name_words(t, r.first, r.end, 3) && after_post(art, &m, r.first)) {
            cls = KGI_PERSON, rule = "cue:after-post", conf = 0.8;
        } else if (title_of_role(art, t, r.first)) {
            cls = KGI_NONE; /* "Commissioner for Innovation and Technology": a title, no company */
        } else if ((rule = person_cue(art, t, &r, &conf)) && suffix == KGI_NONE && !leading_number) {
            cls = KGI_PERSON;
        } else if (suffix != KGI_NONE && r.words >= 2 && (!leading_number || suffix == KGI_EVENT)) {
            cls = suffix, rule = "cue:suffix", conf = 0.85;
        } else if (suffix == KGI_NONE && !leading_number && !r.has_place && place_cue(art, t, &r)) {
            cls = KGI_REGION, rule = "cue:place", conf = 0.75;
        } else if (!leading_number && !descriptor &&
                   (list_ends_at(R->company_noun, t, r.first) || noun_apposed(art, t, &r) ||
                    (r.first >= 2 && kgi_tok_is(t, r.first - 1, "based") && kgi_tok_is(t, r.first - 2, "-")))) {
            cls = KGI_COMPANY, rule = "cue:company-noun", conf = 0.8;
        } else if (!leading_number && !r.has_place && !descriptor && list_end != (size_t)-1) {
            cls = KGI_COMPANY, rule = "cue:company-list", conf = 0.75;
        } else if (suffix == KGI_NONE && !leading_number && !r.has_place && person_end != (size_t)-1 &&
                   r.words >= 2 && all_name_words(t, r.first, r.end, 3)) {
            cls = KGI_PERSON, rule = "cue:person-list", conf = 0.75;
        } else if (!leading_number && !r.has_place && (cls = apposition(art, t, r.end)) != KGI_NONE) {
            rule = "cue:apposition", conf = 0.8;
        }
        int ent = cls != KGI_NONE ? found(art, name, cls, rule, conf, sentence) : -1;
        acronym_after(art, t, r.end, ent);
        list_end = (cls == KGI_COMPANY && ent >= 0) ? r.end : (size_t)-1;
        person_end = (cls == KGI_PERSON && ent >= 0) ? r.end : (size_t)-1;
        i = r.end;
    }
    kgi_mentions_free(&m);
}

/* The company mention nearest before token i in this sentence, else the
 * first company of the last sentence that named one. */
static int company_before(const kgi_article *art, const kgi_mentions *m, size_t n, size_t i)
{
    int best = -1;
    size_t best_end = 0;
    for (size_t k = 0; k < n; k++) {
        const kgi_mention *mn = &m->items[k];
        if (!mn->ref && mn->end <= i && mn->end >= best_end &&
            kgi_class_cats(art->ents[mn->ent].cls) & KGI_CAT_COMPANY)
            best = mn->ent, best_end = mn->end;
    }
    return best >= 0 ? best : art->last_company;
}

/* "the freight forwarder", "the chipmaker": "the" and a singular company
 * noun with no name after it refers to the last company, as the reference
 * list's entries do. Returns its length in tokens, or 0. */
static size_t company_noun_reference(const kgi_rules *R, const kgi_tokens *t, size_t i)
{
    if (!kgi_tok_is(t, i, "the"))
        return 0;
    size_t last_k = i + 3; /* "the Hong Kong-listed firm" reaches further */
    for (size_t w = i + 2; w <= i + 5 && w < t->n; w++)
        if (kgi_tok_is(t, w, "-"))
            last_k = i + 6;
    for (size_t k = i + 1; k < t->n && k <= last_k; k++) {
        size_t len = kgi_list_match(R->company_noun, t, k);
        if (!len)
            continue;
        const char *last = t->items[k + len - 1].low;
        size_t n = strlen(last);
        bool plural = n > 2 && last[n - 1] == 's' && last[n - 2] != 's';
        bool simple = t->items[k + len - 1].kind == KGI_TOK_WORD && !kgi_tok_is(t, k + len - 1, "of") &&
                      !kgi_tok_is(t, k + len - 1, "like") && !kgi_tok_is(t, k + len - 1, "as") &&
                      !kgi_tok_is(t, k + len - 1, "including");
        size_t after = k + len + (kgi_tok_is(t, k + len, ",") ? 1 : 0);
        bool named = after < t->n && name_word(&t->items[after]); /* "the venture, Bay Link Cold Chain" */
        /* "the Hong Kong-listed firm": capitals only before a hyphenated word */
        size_t plain = i + 1;
        for (size_t w = i + 2; w + 1 < k; w++)
            if (kgi_tok_is(t, w, "-") && !(t->items[w + 1].flags & KGI_TF_CAP))
                plain = w + 1;
        for (size_t w = plain; w < k; w++)
            if (t->items[w].kind != KGI_TOK_WORD || (t->items[w].flags & KGI_TF_CAP))
                return 0;
        return !plural && simple && !named ? k + len - i : 0;
    }
    return 0;
}

/* Whether a word of label is word, ignoring case. */
static bool label_has_word(const char *label, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = label; *p;) {
        size_t w = 0;
        while (p[w] && p[w] != ' ' && p[w] != ',' && p[w] != '-' && p[w] != '(' && p[w] != ')')
            w++;
        if (w == n && !strncasecmp(p, word, n))
            return true;
        p += w + (p[w] != '\0');
    }
    return false;
}

/* "the ministry", "the list": the agency or programme named last (in this
 * sentence before token i, else before it) whose name has the word. */
static int head_referent(const kgi_article *art, const kgi_mentions *m, size_t n, size_t i, const char *word)
{
    const unsigned cats = KGI_CAT_AGENCY | KGI_CAT_PROGRAMME;
    int best = -1;
    size_t best_end = 0;
    for (size_t k = 0; k < n; k++) {
        const kgi_mention *mn = &m->items[k];
        if (!mn->ref && mn->end <= i && mn->end >= best_end && kgi_class_cats(art->ents[mn->ent].cls) & cats &&
            label_has_word(art->ents[mn->ent].label, word))
            best = mn->ent, best_end = mn->end;
    }
    for (size_t k = 0; best < 0 && k < art->n_recent; k++)
        if (label_has_word(art->ents[art->recent[k]].label, word))
            best = art->recent[k];
    return best;
}

/* Remembers the agencies and programmes the sentence names, for "the
 * ministry" in later ones. */
static void remember_heads(kgi_article *art, const kgi_mentions *m, size_t n)
{
    const size_t max = sizeof art->recent / sizeof art->recent[0];
    for (size_t k = 0; k < n; k++) {
        int ent = m->items[k].ent;
        if (m->items[k].ref || !(kgi_class_cats(art->ents[ent].cls) & (KGI_CAT_AGENCY | KGI_CAT_PROGRAMME)))
            continue;
        size_t at = 0;
        while (at < art->n_recent && art->recent[at] != ent)
            at++;
        if (at == art->n_recent && art->n_recent < max)
            art->n_recent++;
        if (at == max)
            at = max - 1;
        memmove(art->recent + 1, art->recent, at * sizeof *art->recent);
        art->recent[0] = ent;
    }
}

/* Adds a reference over tokens [i, i + len) unless a mention is there; a
 * place inside it gives way when over_places ("the Hong Kong-listed firm":
 * Hong Kong is still mentioned, but no slot). */
static void add_ref(kgi_article *art, kgi_mentions *m, size_t i, size_t len, int ent, bool over_places)
{
    for (size_t k = 0; k < m->n; k++)
        if (m->items[k].first < i + len && m->items[k].end > i &&
            !(over_places && !m->items[k].ref && kgi_class_cats(art->ents[m->items[k].ent].cls) & KGI_CAT_PLACE))
            return;
    if (!kgi_mentions_add(m, i, i + len, ent, true))
        kgi_out_of_memory(art);
}

/* "In July, Nikkei Asia reported": a place right after a capitalized word
 * the rules do not know (and that does not start the sentence) is the end
 * of a name, not a mention of the place. It stays for relations, as a
 * reference does. */
static void demote_embedded_places(const kgi_article *art, const kgi_tokens *t, kgi_mentions *m)
{
    const kgi_rules *R = art->rules;
    for (size_t k = 0; k < m->n; k++) {
        kgi_mention *mn = &m->items[k];
        size_t f = mn->first;
        if (mn->ref || f < 2 || !(kgi_class_cats(art->ents[mn->ent].cls) & KGI_CAT_PLACE))
            continue;
        const kgi_token *prev = &t->items[f - 1];
        if (name_word(prev) && m->at[f - 1] < 0 && kgi_list_match(R->stop_name, t, f - 1) != 1 &&
            !list_ends_at(R->role, t, f) && !list_ends_at(R->honorific, t, f))
            mn->ref = true;
    }
}

/* "Washington's latest arms sales", "Beijing said": a capital standing for
 * its government is no mention of the city (datasets/README.md); "in
 * Beijing", "Beijing-based" are. It stays for relations, as a reference. */
static void demote_metonyms(const kgi_article *art, const kgi_tokens *t, kgi_mentions *m)
{
    const kgi_rules *R = art->rules;
    if (!R->metonym)
        return;
    for (size_t k = 0; k < m->n; k++) {
        kgi_mention *mn = &m->items[k];
        size_t f = mn->first, len = kgi_list_match(R->metonym, t, f);
        if (mn->ref || !len || f + len != mn->end || !(kgi_class_cats(art->ents[mn->ent].cls) & KGI_CAT_PLACE))
            continue;
        /* "in Beijing", "Shanghai and Beijing", "Beijing-based", "Beijing's
         * Haidian district" name the city */
        bool placed = f && R->place_preposition && list_ends_at(R->place_preposition, t, f);
        bool listed = f >= 2 && (kgi_tok_is(t, f - 1, "and") || kgi_tok_is(t, f - 1, ",")) &&
                      is_place_mention_end(art, m, f - 1);
        bool within = mn->end + 1 < t->n && t->items[mn->end].kind == KGI_TOK_POSS &&
                      is_place_mention(art, m, mn->end + 1);
        if (!placed && !listed && !within && !kgi_tok_is(t, mn->end, "-"))
            mn->ref = true;
    }
}

void kgi_entities_resolve_refs(kgi_article *art, const kgi_tokens *t, kgi_mentions *m)
{
    const kgi_rules *R = art->rules;
    demote_embedded_places(art, t, m);
    demote_metonyms(art, t, m);
    size_t n = m->n; /* the names; references are added after them */
    int first_company = -1;
    for (size_t k = 0; k < n; k++) {
        int ent = m->items[k].ent;
        if (first_company < 0 && kgi_class_cats(art->ents[ent].cls) & KGI_CAT_COMPANY)
            first_company = ent;
        if (art->ents[ent].cls == KGI_EVENT)
            art->last_event = ent;
    }
    for (size_t i = 0; i < t->n; i++) {
        size_t len;
        int v;
        /* a sentence opening with "Its" speaks of the last company */
        bool its = i == 0 && kgi_tok_is(t, 0, "its") && art->last_company >= 0;
        if (its) {
            add_ref(art, m, 0, 1, art->last_company, false);
            len = 1;
        } else if ((len = kgi_list_match(R->reference, t, i)) || (len = company_noun_reference(R, t, i))) {
            int ent = company_before(art, m, n, i);
            if (ent >= 0)
                add_ref(art, m, i, len, ent, true);
        } else if ((len = kgi_list_match(R->event_reference, t, i))) {
            if (art->last_event >= 0)
                add_ref(art, m, i, len, art->last_event, false);
        } else if ((len = kgi_list_match(R->head_reference, t, i))) {
            int ent = head_referent(art, m, n, i, t->items[i + len - 1].low);
            if (ent >= 0)
                add_ref(art, m, i, len, ent, false);
        } else if (t->items[i].kind == KGI_TOK_WORD && (t->items[i].flags & KGI_TF_CAP) &&
                   kg_strmap_get(R->demonym, t->items[i].low, strlen(t->items[i].low), &v)) {
            /* "Chinese", "American": the country, for relations only */
            int ent = kgi_gazetteer_find(art, R->places[v].name);
            if (ent >= 0)
                add_ref(art, m, i, 1, ent, false);
            len = 1;
        } else {
            len = 1;
        }
        i += len - 1;
    }
    if (first_company >= 0)
        art->last_company = first_company;
    remember_heads(art, m, n);
}

/* The organizations listed from token i of t ("A, B and C", "A, all
 * registered in Hong Kong, and Shenzhen-based B"), into art->group. */
static void group_list(kgi_article *art, const kgi_tokens *t, const kgi_mentions *m, size_t i)
{
    const size_t max = sizeof art->group / sizeof art->group[0];
    art->n_group = 0;
    while (i < t->n && art->n_group < max) {
        /* "Shenzhen-based B", "Hong Kong's B": a place before the name */
        if (m->at[i] >= 0 && is_place_mention(art, m, i)) {
            size_t k = m->items[m->at[i]].end;
            if (kgi_tok_is(t, k, "-") && kgi_tok_is(t, k + 1, "based"))
                i = k + 2;
            else if (k < t->n && t->items[k].kind == KGI_TOK_POSS)
                i = k + 1;
        }
        const kgi_mention *mn = m->at[i] >= 0 ? &m->items[m->at[i]] : NULL;
        if (!mn || mn->ref || !(kgi_class_cats(art->ents[mn->ent].cls) & KGI_CAT_ORG))
            return;
        art->group[art->n_group++] = mn->ent;
        i = mn->end;
        if (kgi_tok_is(t, i, ",") && (kgi_tok_is(t, i + 1, "all") || kgi_tok_is(t, i + 1, "both"))) {
            size_t k = i + 2; /* ", all registered in Hong Kong," */
            while (k < t->n && k < i + 10 && !kgi_tok_clause_end(&t->items[k]))
                k++;
            if (!kgi_tok_is(t, k, ","))
                return;
            i = k;
        }
        if (kgi_tok_is(t, i, ","))
            i++;
        if (kgi_tok_is(t, i, "and"))
            i++;
    }
}

/* The phrase "seven Chinese entities", "three US defence contractors": a
 * number or quantity, up to four plain words or places, a group noun.
 * Returns its end, or 0. */
static size_t group_phrase(const kgi_article *art, const kgi_tokens *t, const kgi_mentions *m, size_t i)
{
    const kgi_rules *R = art->rules;
    size_t q = t->items[i].kind == KGI_TOK_NUM ? 1 : kgi_list_match(R->quantity, t, i);
    if (!q)
        return 0;
    for (size_t k = i + q, words = 0; k < t->n && words <= 4;) {
        size_t len = kgi_list_match(R->group_noun, t, k);
        if (len)
            return k + len;
        if (m->at[k] >= 0 && is_place_mention(art, m, k)) {
            k = m->items[m->at[k]].end;
        } else if (t->items[k].kind == KGI_TOK_WORD && m->at[k] < 0) {
            k++;
        } else {
            return 0;
        }
        words++;
    }
    return 0;
}

bool kgi_entities_counts_group(const kgi_article *art, const kgi_tokens *t, const kgi_mentions *m)
{
    const kgi_rules *R = art->rules;
    if (!R->list_intro || !R->group_noun || !R->quantity)
        return false;
    for (size_t i = 0; i < t->n; i++)
        if (group_phrase(art, t, m, i))
            return true;
    return false;
}

void kgi_entities_group_ref(kgi_article *art, const kgi_tokens *t, kgi_mentions *m, const kgi_tokens *next,
                            size_t next_sentence)
{
    const kgi_rules *R = art->rules;
    art->n_group = 0;
    art->group_sentence = 0;
    if (!next || !R->list_intro || !R->group_noun || !R->quantity)
        return;
    size_t start = 0;
    for (size_t p = 0; p < next->n && p < 8 && !start; p++) {
        size_t len = kgi_list_match(R->list_intro, next, p);
        if (len)
            start = p + len + (kgi_tok_is(next, p + len, ",") ? 1 : 0);
    }
    if (!start)
        return;
    kgi_mentions nm = {0};
    kgi_mentions_find(art, next, &nm);
    if (nm.at)
        group_list(art, next, &nm, start);
    kgi_mentions_free(&nm);
    if (art->n_group < 2) {
        art->n_group = 0;
        return;
    }
    for (size_t i = 0; i < t->n; i++) {
        size_t end = group_phrase(art, t, m, i);
        if (!end)
            continue;
        if (!kgi_mentions_add(m, i, end, art->group[0], true)) {
            kgi_out_of_memory(art);
            return;
        }
        m->items[m->n - 1].group = true;
        art->group_sentence = next_sentence;
        return;
    }
    art->n_group = 0;
}
