/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/input.c - statement assembly and word splitting (see input.h).
 * Pure string work: the caller reports errors and runs what comes out. */
#include "input.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void kgsh_assembler_reset(kgsh_assembler *a)
{
    a->len = 0;
    a->depth = 0;
    a->quote = 0;
    a->triple = false;
    a->content = false;
}

const char *kgsh_assembler_open(const kgsh_assembler *a)
{
    if (a->quote) /* only long strings span lines */
        return a->quote == '"' ? "\"\"\"" : "'''";
    if (a->depth <= 0 || a->depth > (int)sizeof a->open)
        return "";
    switch (a->open[a->depth - 1]) {
    case '{': return "{";
    case '[': return "[";
    default: return "(";
    }
}

void kgsh_assembler_free(kgsh_assembler *a)
{
    free(a->buf);
    *a = (kgsh_assembler){0};
}

/* Scans one line, updating depth and string state. Returns the index of
 * the line's last significant character outside comments, or -1. */
static long scan_line(kgsh_assembler *a, const char *line, size_t n)
{
    long last = -1;
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (a->quote) {
            if (c == '\\')
                i++;
            else if (c == a->quote && (!a->triple || (i + 2 < n && line[i + 1] == c &&
                                                      line[i + 2] == c))) {
                i += a->triple ? 2 : 0;
                a->quote = 0;
            }
            last = (long)(i < n ? i : n - 1);
            continue;
        }
        if (c == '#')
            break;
        if (c == '"' || c == '\'') {
            a->quote = c;
            a->triple = i + 2 < n && line[i + 1] == c && line[i + 2] == c;
            i += a->triple ? 2 : 0;
            last = (long)i;
            a->content = true;
            continue;
        }
        if (c == '<') { /* an IRI, or the less-than operator */
            size_t j = i + 1;
            while (j < n && (unsigned char)line[j] > 0x20 && !strchr("<>\"{}|^`\\", line[j]))
                j++;
            if (j < n && line[j] == '>')
                i = j;
        } else if (c == '{' || c == '[' || c == '(') {
            if (a->depth >= 0 && a->depth < (int)sizeof a->open)
                a->open[a->depth] = c;
            a->depth++;
        } else if (c == '}' || c == ']' || c == ')') {
            a->depth--;
        }
        if (!isspace((unsigned char)c)) {
            last = (long)i;
            a->content = true;
        }
    }
    if (a->quote && !a->triple)
        a->quote = 0; /* short strings end with the line (an error for the parser) */
    return last;
}

static bool append(kgsh_assembler *a, const char *line, size_t n)
{
    if (a->len + n + 2 > a->cap) {
        size_t cap = a->cap ? a->cap : 1024;
        while (cap < a->len + n + 2)
            cap *= 2;
        char *buf = realloc(a->buf, cap);
        if (!buf)
            return false;
        a->buf = buf;
        a->cap = cap;
    }
    if (a->len > 0)
        a->buf[a->len++] = '\n';
    memcpy(a->buf + a->len, line, n);
    a->len += n;
    a->buf[a->len] = '\0';
    return true;
}

static bool ends_statement(const kgsh_assembler *a, const char *line, long last)
{
    return last >= 0 && line[last] == ';' && a->depth <= 0 && !a->quote;
}

kgsh_input_event kgsh_assembler_feed(kgsh_assembler *a, const char *line, size_t n,
                                     unsigned long lineno, size_t *at)
{
    if (n > 0 && line[n - 1] == '\r')
        n--;
    if (a->skipping) { /* drop the rest of an overlong statement */
        while (n > 0 && isspace((unsigned char)line[n - 1]))
            n--;
        a->skipping = !(n > 0 && line[n - 1] == ';');
        return KGSH_INPUT_MORE;
    }
    if (!a->content) {
        size_t i = 0;
        while (i < n && isspace((unsigned char)line[i]))
            i++;
        kgsh_assembler_reset(a); /* drop comment lines before the statement */
        if (i < n && line[i] == '.') {
            *at = i;
            return KGSH_INPUT_COMMAND;
        }
        a->first_line = lineno;
    }
    if (a->len + n >= KGSH_MAX_STATEMENT) {
        kgsh_assembler_reset(a);
        a->skipping = !(n > 0 && line[n - 1] == ';');
        return KGSH_INPUT_TOO_LONG;
    }
    size_t line_at = a->len + (a->len > 0);
    if (!append(a, line, n))
        return KGSH_INPUT_NOMEM;
    long last = scan_line(a, line, n);
    if (!ends_statement(a, line, last))
        return KGSH_INPUT_MORE;
    if (!a->content || line_at + (size_t)last == 0) {
        kgsh_assembler_reset(a); /* a lone ';' */
        return KGSH_INPUT_MORE;
    }
    *at = line_at + (size_t)last;
    return KGSH_INPUT_STATEMENT;
}

size_t kgsh_statement_length(const char *text, size_t len)
{
    kgsh_assembler a = {0};
    long last = -1;
    size_t line_at = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            long l = scan_line(&a, text + line_at, i - line_at);
            last = l >= 0 ? (long)line_at + l : last;
            line_at = i + 1;
        }
    }
    return ends_statement(&a, text, last) ? (size_t)last : len;
}

int kgsh_split_words(char *p, int rest_at, char **argv, int max)
{
    int argc = 1;
    while (argc < max) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (rest_at > 0 && argc == rest_at) {
            char *end = p + strlen(p);
            while (end > p && isspace((unsigned char)end[-1]))
                *--end = '\0';
            size_t n = strlen(p);
            if (n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
                p[n - 1] = '\0';
                argv[argc++] = p + 1;
            } else {
                argv[argc++] = p;
            }
            p = end;
            break;
        }
        char quote = *p == '"' || *p == '\'' ? *p++ : 0;
        argv[argc++] = p;
        while (*p && (quote ? *p != quote : !isspace((unsigned char)*p)))
            p++;
        if (quote && !*p)
            return -1;
        if (*p)
            *p++ = '\0';
    }
    while (isspace((unsigned char)*p))
        p++;
    return *p ? max + 1 : argc;
}
