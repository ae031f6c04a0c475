/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/complete.c - readline Tab completion. The candidates depend on
 * where the cursor is: the first word of a dot-command line completes
 * command names, later words what the command table says the argument is,
 * and anything else SPARQL: keywords, functions, prefixes and the store's
 * prefixed names. */
#define _GNU_SOURCE
#include "complete.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "kg/grow.h"

#include "commands.h"
#include "explore.h"

static const char *const sparql_words[] = {
    /* keywords */
    "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED", "PREFIX", "BASE",
    "DISTINCT", "REDUCED", "OPTIONAL", "UNION", "MINUS", "FILTER", "GRAPH", "SERVICE", "SILENT",
    "BIND", "AS", "VALUES", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET",
    "INSERT", "DELETE", "DATA", "WITH", "USING", "DEFAULT", "ALL", "LOAD", "CLEAR", "DROP",
    "CREATE", "ADD", "MOVE", "COPY", "INTO", "TO", "NOT", "IN", "EXISTS", "UNDEF", "true",
    "false", NULL,
};

/* What may follow an open '(' (FILTER(, COUNT(, IF(): functions and the
 * few keywords that go inside an expression, never query forms. */
static const char *const expression_words[] = {
    "NOT", "IN", "EXISTS", "DISTINCT", "AS", "SEPARATOR", "true", "false",
    /* functions */
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS",
    "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI",
    "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY",
    "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1",
    "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "sameTerm", "isIRI",
    "isURI", "isBLANK", "isLITERAL", "isNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT", "SUM",
    "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", NULL,
};

/* The store's words, fetched when first needed: prefixed names, the full
 * IRIs they stand for, and the things' names (labels). */
struct kgsh_vocab {
    char **words;
    size_t n, cap;
    char **iris;
    size_t n_iris, cap_iris;
    char **names;
    size_t n_names, cap_names;
    bool fresh;
};

static const char *pending_text; /* the statement typed so far (repl.c) */

/* A growing list of candidates. */
typedef struct list {
    char **items;
    size_t n, cap;
} list;

static void push(list *l, const char *word)
{
    /* room for the word and the list's closing NULL */
    if (!kg_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items, 64))
        return;
    char *copy = strdup(word);
    if (copy)
        l->items[l->n++] = copy;
}

/* ------------------------------------------------------ the vocabulary */

typedef struct vocab_ctx {
    kgsh_session *s;
    kgsh_vocab *v;
} vocab_ctx;

/* Appends word to one of the vocabulary's lists. */
static void push_to(char ***items, size_t *n, size_t *cap, const char *word)
{
    list l = {*items, *n, *cap};
    push(&l, word);
    *items = l.items;
    *n = l.n;
    *cap = l.cap;
}

static void add_word(void *ctx, const char *iri)
{
    vocab_ctx *c = ctx;
    kgsh_vocab *v = c->v;
    push_to(&v->iris, &v->n_iris, &v->cap_iris, iri);
    char name[512];
    size_t n = kgsh_prefixes_compact(c->s->prefixes, iri, name, sizeof name);
    if (n < sizeof name && name[0] != '<')
        push_to(&v->words, &v->n, &v->cap, name);
}

static void add_name(void *ctx, const char *name)
{
    kgsh_vocab *v = ((vocab_ctx *)ctx)->v;
    push_to(&v->names, &v->n_names, &v->cap_names, name);
}

static void free_words(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
}

static kgsh_vocab *vocabulary(kgsh_session *s)
{
    if (!s->vocab && !(s->vocab = calloc(1, sizeof *s->vocab)))
        return NULL;
    kgsh_vocab *v = s->vocab;
    if (!v->fresh) {
        free_words(v->words, v->n);
        free_words(v->iris, v->n_iris);
        free_words(v->names, v->n_names);
        v->n = v->n_iris = v->n_names = 0;
        vocab_ctx c = {s, v};
        kgsh_vocabulary(s, add_word, &c);
        kgsh_thing_names(s, add_name, &c);
        v->fresh = true;
    }
    return v;
}

size_t kgsh_complete_words(kgsh_session *s, const char *const **words)
{
    kgsh_vocab *v = vocabulary(s);
    *words = v ? (const char *const *)v->words : NULL;
    return v ? v->n : 0;
}

void kgsh_complete_invalidate(kgsh_session *s)
{
    if (s->vocab)
        s->vocab->fresh = false;
}

void kgsh_complete_free(kgsh_session *s)
{
    if (!s->vocab)
        return;
    free_words(s->vocab->words, s->vocab->n);
    free_words(s->vocab->iris, s->vocab->n_iris);
    free_words(s->vocab->names, s->vocab->n_names);
    free(s->vocab->words);
    free(s->vocab->iris);
    free(s->vocab->names);
    free(s->vocab);
    s->vocab = NULL;
}

/* ------------------------------------------------------- the candidates */

static bool starts_with(const char *word, const char *text, bool fold)
{
    size_t n = strlen(text);
    return fold ? strncasecmp(word, text, n) == 0 : strncmp(word, text, n) == 0;
}

/* SPARQL keywords take the case the user started typing in. */
static void push_keyword(list *l, const char *word, const char *text)
{
    char buf[64];
    bool lower = text[0] && islower((unsigned char)text[0]);
    size_t i = 0;
    for (; word[i] && i + 1 < sizeof buf; i++)
        buf[i] = lower ? (char)tolower((unsigned char)word[i]) : word[i];
    buf[i] = '\0';
    push(l, buf);
}

static void add_prefixes(kgsh_session *s, list *l, const char *text)
{
    for (size_t i = 0; i < kgsh_prefixes_count(s->prefixes); i++) {
        char name[300];
        snprintf(name, sizeof name, "%s:", kgsh_prefixes_name(s->prefixes, i));
        if (starts_with(name, text, false))
            push(l, name);
    }
}

static void add_store_words(kgsh_session *s, list *l, const char *text)
{
    if (!strchr(text, ':'))
        return; /* entities only once a prefix is typed: there are too many */
    kgsh_vocab *v = vocabulary(s);
    for (size_t i = 0; v && i < v->n; i++)
        if (starts_with(v->words[i], text, false))
            push(l, v->words[i]);
}

static bool listed(const char *const *words, const char *word)
{
    for (; *words; words++)
        if (strcmp(*words, word) == 0)
            return true;
    return false;
}

/* Things by name (.describe ifl -> iFLYTEK), ignoring case. */
static void add_thing_names(kgsh_session *s, list *l, const char *text)
{
    if (!*text || strchr(text, ':'))
        return;
    kgsh_vocab *v = vocabulary(s);
    for (size_t i = 0; v && i < v->n_names; i++) {
        /* one spelling of each name (iFLYTEK, not also iFlyTek): readline
         * keeps the common start of the candidates, which case would cut */
        bool dup = false;
        for (size_t k = 0; k < l->n && !dup; k++)
            dup = strcasecmp(l->items[k], v->names[i]) == 0;
        if (!dup && starts_with(v->names[i], text, true))
            push(l, v->names[i]);
    }
}

/* Full IRIs after a '<' (which readline leaves out of the word), closed. */
static void add_full_iris(kgsh_session *s, list *l, const char *text)
{
    kgsh_vocab *v = vocabulary(s);
    char closed[2048];
    for (size_t i = 0; v && i < v->n_iris; i++) {
        if (starts_with(v->iris[i], text, false) &&
            snprintf(closed, sizeof closed, "%s>", v->iris[i]) < (int)sizeof closed)
            push(l, closed);
    }
}

/* The variables of the statement typed so far that start with text. */
static void add_variables(list *l, const char *line, const char *text)
{
    const char *sources[] = {pending_text, line};
    size_t len = strlen(text);
    for (size_t k = 0; k < 2; k++) {
        for (const char *p = sources[k]; p && (p = strpbrk(p, "?$"));) {
            const char *end = ++p;
            while (isalnum((unsigned char)*end) || *end == '_' || (unsigned char)*end >= 0x80)
                end++;
            size_t n = (size_t)(end - p);
            bool dup = false;
            for (size_t i = 0; i < l->n && !dup; i++)
                dup = strlen(l->items[i]) == n + 1 && strncmp(l->items[i] + 1, p, n) == 0;
            /* longer than text: the word being completed is not a candidate */
            if (n + 1 > len && strncmp(p, text + 1, len - 1) == 0 && !dup) {
                char var[256];
                snprintf(var, sizeof var, "%c%.*s", text[0], (int)(n < 250 ? n : 250), p);
                push(l, var);
            }
            p = end;
        }
    }
}

/* How many '(' are open before byte start of line, with the pending
 * statement's lines before it. Strings and IRIs are not told apart: close
 * enough for choosing completions. */
static int open_parens(const char *line, size_t start)
{
    int depth = 0;
    for (const char *p = pending_text; p && *p; p++)
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
    for (size_t i = 0; i < start && line[i]; i++)
        depth += line[i] == '(' ? 1 : line[i] == ')' ? -1 : 0;
    return depth;
}

void kgsh_complete_set_pending(const char *text) { pending_text = text; }

typedef struct graph_ctx {
    kgsh_session *s;
    list *l;
    const char *text;
} graph_ctx;

static void add_graph(void *ctx, const char *iri)
{
    graph_ctx *g = ctx;
    char name[1024];
    size_t n = kgsh_prefixes_compact(g->s->prefixes, iri, name, sizeof name);
    if (n < sizeof name && starts_with(name, g->text, false))
        push(g->l, name);
}

static void add_files(list *l, const char *text)
{
    char *m;
    for (int state = 0; (m = rl_filename_completion_function(text, state)); state++) {
        push(l, m);
        free(m);
    }
    rl_filename_completion_desired = 1;
}

/* The options of the commands that take them (their .help explains them). */
static const char *const command_options[][7] = {
    {"path", "--longer", "--avoid", "--avoid-class", "--avoid-property", "--only", NULL},
    {"exposure", "--asof", NULL},
    {"describe", "--asof", NULL},
};

static void add_options(list *l, const char *command, const char *text)
{
    for (size_t i = 0; i < sizeof command_options / sizeof command_options[0]; i++)
        if (strcmp(command_options[i][0], command) == 0)
            for (const char *const *o = command_options[i] + 1; *o; o++)
                if (starts_with(*o, text, false))
                    push(l, *o);
}

static void add_argument(kgsh_session *s, list *l, kgsh_arg_kind kind, const char *text)
{
    switch (kind) {
    case KGSH_ARG_NONE:
        break;
    case KGSH_ARG_FILE:
        add_files(l, text);
        break;
    case KGSH_ARG_GRAPH: {
        graph_ctx g = {s, l, text};
        kgsh_graph_names(s, add_graph, &g);
        break;
    }
    case KGSH_ARG_MODE:
        for (int i = 0; kgsh_mode_names[i]; i++)
            if (starts_with(kgsh_mode_names[i], text, false))
                push(l, kgsh_mode_names[i]);
        break;
    case KGSH_ARG_ONOFF:
        for (const char *const *w = (const char *const[]){"on", "off", NULL}; *w; w++)
            if (starts_with(*w, text, false))
                push(l, *w);
        break;
    case KGSH_ARG_COMMAND:
        for (const kgsh_command *c = kgsh_commands; c->name; c++)
            if (starts_with(c->name, text, false))
                push(l, c->name);
        break;
    case KGSH_ARG_PREFIX:
        add_prefixes(s, l, text);
        break;
    case KGSH_ARG_THING:
        add_prefixes(s, l, text);
        add_store_words(s, l, text);
        add_thing_names(s, l, text);
        break;
    }
}

/* Completes an argument of a dot-command line. */
static void complete_command(kgsh_session *s, list *l, const char *line, size_t start,
                             const char *text)
{
    const char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    size_t name_len = strcspn(p + 1, " \t");
    if ((size_t)(p - line) + 1 + name_len >= start) { /* still in the name */
        for (const kgsh_command *c = kgsh_commands; c->name; c++) {
            char dotted[64];
            snprintf(dotted, sizeof dotted, ".%s", c->name);
            if (starts_with(dotted, text, false))
                push(l, dotted);
        }
        return;
    }
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)name_len, p + 1);
    const kgsh_command *c = kgsh_command_find(name, NULL);
    if (!c)
        return;
    int arg = 0; /* which argument the cursor is in */
    for (const char *q = p + 1 + name_len; q < line + start;) {
        while (q < line + start && isspace((unsigned char)*q))
            q++;
        if (q >= line + start)
            break;
        arg++;
        while (q < line + start && !isspace((unsigned char)*q))
            q++;
    }
    if (arg > 0 && strncmp(text, "--", 2) == 0)
        add_options(l, c->name, text);
    else if (arg < c->max_args || (c->flags & KGSH_CMD_REST))
        add_argument(s, l, c->args[arg == 0 ? 0 : 1], text);
}

char **kgsh_complete_candidates(kgsh_session *s, const char *line, size_t start, const char *text)
{
    list l = {0};
    const char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '.' && !(pending_text && *pending_text)) {
        complete_command(s, &l, line, start, text);
    } else if (start > 0 && line[start - 1] == '<') {
        add_full_iris(s, &l, text);
    } else if (text[0] == '?' || text[0] == '$') {
        add_variables(&l, line, text);
    } else {
        bool in_expression = open_parens(line, start) > 0;
        for (const char *const *w = sparql_words; *w && !in_expression; w++)
            if (starts_with(*w, text, true))
                push_keyword(&l, *w, text);
        for (const char *const *w = expression_words; *w; w++)
            if (starts_with(*w, text, true) && (in_expression || !listed(sparql_words, *w)))
                push_keyword(&l, *w, text);
        add_prefixes(s, &l, text);
        add_store_words(s, &l, text);
    }
    if (l.n == 0) {
        free(l.items);
        return NULL;
    }
    l.items[l.n] = NULL;
    return l.items;
}

/* --------------------------------------------------------- readline glue */

static kgsh_session *session;
static char **pending; /* candidates of the current attempt */

static char *next_candidate(const char *text, int state)
{
    (void)text;
    static size_t i;
    if (state == 0)
        i = 0;
    return pending && pending[i] ? strdup(pending[i++]) : NULL;
}

static char **attempt(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* no readline file names unless asked */
    rl_filename_completion_desired = 0;
    pending = kgsh_complete_candidates(session, rl_line_buffer, (size_t)start, text);
    /* "kg:" and "kgr:ifly..." go on without a space after them */
    bool open = false;
    for (size_t i = 0; pending && pending[i]; i++)
        if (pending[i][strlen(pending[i]) - 1] == ':')
            open = true;
    rl_completion_suppress_append = open;
    char **matches = pending ? rl_completion_matches(text, next_candidate) : NULL;
    for (size_t i = 0; pending && pending[i]; i++)
        free(pending[i]);
    free(pending);
    pending = NULL;
    return matches;
}

void kgsh_complete_init(kgsh_session *s)
{
    session = s;
    rl_readline_name = "kgsh";
    rl_attempted_completion_function = attempt;
    /* ':' '.' '-' '?' and '/' belong to the words completed (kgr:x, .load, file paths) */
    rl_basic_word_break_characters = " \t\n\"'(){}[],;=<>!|&+*^";
    rl_completer_word_break_characters = rl_basic_word_break_characters;
}
