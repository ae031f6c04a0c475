/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/turtle_depth.h - a byte scanner that bounds the nesting of
 * collections "( )" and blank-node property lists "[ ]" in Turtle and TriG
 * before serd reads them (private to rdfio/).
 *
 * serd parses nested collections by recursion, so a file nested 100,000
 * levels deep overflows the stack and kills the process. The scanner sees
 * each chunk before serd does and follows just enough of the syntax
 * (strings, long strings, IRIs, comments, escapes) to count the brackets
 * serd will recurse on. */
#ifndef KG_RDFIO_TURTLE_DEPTH_H
#define KG_RDFIO_TURTLE_DEPTH_H

#include <stdbool.h>
#include <stddef.h>

/* Deeper nesting than this is refused; real data stays far below it. */
#define KG_LOAD_MAX_NESTING 1000

typedef struct kg_turtle_depth {
    unsigned depth;
    int state;          /* where in the syntax the last byte left us */
    char quote;         /* the quote character of the current string */
    unsigned quotes;    /* a run of quote characters (opening or closing) */
    bool escaped;       /* the previous byte was a backslash */
    unsigned long line; /* 1-based line of the last byte scanned */
} kg_turtle_depth;

#define KG_TURTLE_DEPTH_INIT {0, 0, 0, 0, false, 1}

/* Scans the next n bytes of the document. Returns false as soon as the
 * nesting exceeds KG_LOAD_MAX_NESTING (d->line is then where it did). */
bool kg_turtle_depth_scan(kg_turtle_depth *d, const char *buf, size_t n);

#endif
