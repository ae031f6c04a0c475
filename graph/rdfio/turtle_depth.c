/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/turtle_depth.c - bounds the bracket nesting of Turtle and TriG
 * (see turtle_depth.h). The scanner follows serd's lexing of strings and
 * comments: a quote followed by two more opens a long string, which the
 * first run of three closes; two quotes are an empty string; a comment
 * ends at a line end or a NUL byte. */
#include "rdfio/turtle_depth.h"

enum { CODE, COMMENT, IRI, OPENING, SHORT_STRING, LONG_STRING };

/* One byte in CODE state. Returns false when nesting is too deep. */
static bool code_byte(kg_turtle_depth *d, char c)
{
    switch (c) {
    case '#': d->state = COMMENT; break;
    case '<': d->state = IRI; break;
    case '\\': d->escaped = true; break; /* PN_LOCAL_ESC such as ex:a\( */
    case '"':
    case '\'':
        d->state = OPENING;
        d->quote = c;
        d->quotes = 1;
        break;
    case '(':
    case '[':
        if (++d->depth > KG_LOAD_MAX_NESTING)
            return false;
        break;
    case ')':
    case ']':
        if (d->depth > 0)
            d->depth--;
        break;
    default: break;
    }
    return true;
}

bool kg_turtle_depth_scan(kg_turtle_depth *d, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n')
            d->line++;
        if (d->escaped) {
            d->escaped = false;
            continue;
        }
        switch (d->state) {
        case CODE:
            if (!code_byte(d, c))
                return false;
            break;
        case COMMENT:
            /* serd ends a comment at a NUL byte too, skips the NUL and
             * parses on (found by fuzz_load: brackets after "# x\0") */
            if (c == '\n' || c == '\r' || c == '\0')
                d->state = CODE;
            break;
        case IRI:
            if (c == '>')
                d->state = CODE;
            else if (c == '\\')
                d->escaped = true;
            break;
        case OPENING:
            if (c == d->quote && ++d->quotes == 3) {
                d->state = LONG_STRING;
                d->quotes = 0;
            } else if (c != d->quote) {
                /* one quote opened a short string; two were an empty one */
                d->state = d->quotes == 1 ? SHORT_STRING : CODE;
                d->quotes = 0;
                i--; /* this byte belongs to the new state */
                if (c == '\n')
                    d->line--;
            }
            break;
        case SHORT_STRING:
            if (c == '\\')
                d->escaped = true;
            else if (c == d->quote || c == '\n' || c == '\r')
                d->state = CODE;
            break;
        case LONG_STRING:
            if (c == d->quote) {
                if (++d->quotes == 3) {
                    d->state = CODE;
                    d->quotes = 0;
                }
            } else {
                d->quotes = 0;
                if (c == '\\')
                    d->escaped = true;
            }
            break;
        }
    }
    return true;
}
