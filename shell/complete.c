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

#include "commands.h"
#include "explore.h"

static const char *const sparql_words[] = {
    /* keywords */
    "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED", "PREFIX", "BASE",
    "DISTINCT", "REDUCED", "OPTIONAL", "UNION", "MINUS", "FILTER", "GRAPH", "SERVICE", "SILENT",
    "BIND", "AS", "VALUES", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET",
    "INSERT", "DELETE", "DATA", "WITH", "USING", "DEFAULT", "ALL", "LOAD", "CLEAR", "DROP",
    "CREATE", "ADD", "MOVE", "COPY", "INTO", "TO", "NOT", "IN", "EXISTS", "UNDEF", "true",
    "false",
    /* functions */
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS",
    "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI",
    "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY",
    "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1",
    "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "sameTerm", "isIRI",
    "isURI", "isBLANK", "isLITERAL", "isNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT", "SUM",
    "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", NULL,
};

/* The store's words as prefixed names, fetched when first needed. */
struct kgsh_vocab {
    char **words;
    size_t n, cap;
    bool fresh;
};

/* A growing list of candidates. */
typedef struct list {
    char **items;
    size_t n, cap;
} list;

static void push(list *l, const char *word)
{
    if (l->n + 2 > l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return;
        l->items = items;
        l->cap = cap;
    }
    char *copy = strdup(word);
    if (copy)
        l->items[l->n++] = copy;
}

/* ------------------------------------------------------ the vocabulary */

typedef struct vocab_ctx {
    kgsh_session *s;
    kgsh_vocab *v;
} vocab_ctx;

static void add_word(void *ctx, const char *iri)
{
    vocab_ctx *c = ctx;
    char name[512];
    size_t n = kgsh_prefixes_compact(c->s->prefixes, iri, name, sizeof name);
    if (n >= sizeof name || name[0] == '<')
        return;
    list l = {c->v->words, c->v->n, c->v->cap};
    push(&l, name);
    c->v->words = l.items;
    c->v->n = l.n;
    c->v->cap = l.cap;
}

static kgsh_vocab *vocabulary(kgsh_session *s)
{
    if (!s->vocab && !(s->vocab = calloc(1, sizeof *s->vocab)))
        return NULL;
    kgsh_vocab *v = s->vocab;
    if (!v->fresh) {
        for (size_t i = 0; i < v->n; i++)
            free(v->words[i]);
        v->n = 0;
        vocab_ctx c = {s, v};
        kgsh_vocabulary(s, add_word, &c);
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
    for (size_t i = 0; i < s->vocab->n; i++)
        free(s->vocab->words[i]);
    free(s->vocab->words);
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
    if (arg < c->max_args || (c->flags & KGSH_CMD_REST))
        add_argument(s, l, c->args[arg == 0 ? 0 : 1], text);
}

char **kgsh_complete_candidates(kgsh_session *s, const char *line, size_t start, const char *text)
{
    list l = {0};
    const char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '.') {
        complete_command(s, &l, line, start, text);
    } else {
        for (const char *const *w = sparql_words; *w; w++)
            if (starts_with(*w, text, true))
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
