/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/source_position.c - positions in a Turtle/TriG source, found by
 * re-reading it after a failed load (see source_position.h). Only runs on
 * error, so it favours simplicity over speed: one pass, byte by byte. */
#include "rdfio/source_position.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Characters that end a prefixed name. */
static bool ends_name(int c)
{
    return c == EOF || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
           (c != ':' && c != '_' && c != '-' && c != '%' && c < 0x80 && !(c >= '0' && c <= '9') &&
            !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '.');
}

bool kg_source_find_token(unsigned long *line, unsigned long *column, FILE *in,
                          const char *name)
{
    size_t n = strlen(name), matched = 0;
    unsigned long at_line = 1, at_col = 1, l = 1, col = 0;
    int prev = ' ', c;
    char quote = 0;
    bool iri = false, comment = false;
    while ((c = getc(in)) != EOF) {
        if ((c & 0xc0) != 0x80)
            col++;
        if (matched == n) { /* the whole name: a token when it ends here */
            /* a local name may hold '.', but not end with it */
            if (ends_name(c) || (c == '.' && name[n - 1] != '.')) {
                *line = at_line;
                *column = at_col;
                return true;
            }
            matched = 0;
        }
        if (c == '\n') {
            l++, col = 0, comment = false, matched = 0;
            prev = c;
            continue;
        }
        if (comment) {
        } else if (quote) {
            if (c == '\\')
                getc(in), col++;
            else if (c == quote)
                quote = 0; /* long strings end at their first quote too: close enough */
        } else if (iri) {
            iri = c != '>';
        } else if (matched > 0 && (unsigned char)name[matched] == c) {
            matched++;
        } else if (matched == 0 && (unsigned char)name[0] == c && ends_name(prev)) {
            matched = 1, at_line = l, at_col = col;
        } else {
            matched = 0;
            comment = c == '#';
            quote = c == '"' || c == '\'' ? (char)c : 0;
            iri = c == '<';
        }
        prev = c;
    }
    if (matched == n && n > 0) {
        *line = at_line;
        *column = at_col;
        return true;
    }
    return false;
}

/* The character column just after the last token of text (its comment
 * left out), or 0 when it has none. */
static unsigned long after_last_token(const char *text, size_t len)
{
    unsigned long col = 0, end = 0;
    char quote = 0;
    bool iri = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xc0) != 0x80)
            col++;
        if (quote) {
            if (c == '\\' && i + 1 < len)
                i++, col++;
            else if (c == (unsigned char)quote)
                quote = 0;
        } else if (iri) {
            iri = c != '>';
        } else if (c == '#') {
            break;
        } else if (c == '"' || c == '\'') {
            quote = (char)c;
        } else if (c == '<') {
            iri = true;
        }
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            end = col;
    }
    return end ? end + 1 : 0;
}

bool kg_source_after_previous_token(unsigned long *line, unsigned long *column, FILE *in)
{
    char *text = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long prev_line = 0, prev_col = 0;
    bool first = false;
    for (unsigned long n = 1; n <= *line && (len = getline(&text, &cap, in)) >= 0; n++) {
        if (n < *line) {
            unsigned long end = after_last_token(text, (size_t)len);
            if (end)
                prev_line = n, prev_col = end;
            continue;
        }
        /* the error's own line: is the token its first? */
        size_t lead = strspn(text, " \t");
        unsigned long chars = 1;
        for (size_t i = 0; i < lead; i++)
            chars++;
        first = chars == *column;
    }
    free(text);
    if (!first || !prev_line)
        return false;
    *line = prev_line;
    *column = prev_col;
    return true;
}
