/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/reader.h - what the article readers share (private to libkg): an
 * article being turned into the text kgsh ingests and shows. The readers
 * (html_reader.c for saved web pages, feed_reader.c for RSS and Atom,
 * articles.c for the sniffing and plain text) fill a kgi_doc; kgi_doc_text
 * writes it out as the plain-text article format text.c reads: "Title:",
 * "Publisher:", "Date:" and "Source:" header lines, a blank line, then one
 * paragraph a line. That text is what is ingested, stored with the
 * evidence and shown, so evidence offsets are exact against it. */
#ifndef KG_INGEST_READER_H
#define KG_INGEST_READER_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/xmlerror.h>

#include "util/buf.h"

typedef struct kgi_doc {
    char *title, *publisher, *date, *link; /* owned; NULL when unknown */
    kg_buf body;   /* paragraphs, each ending in '\n' */
    size_t prose;  /* bytes of paragraphs that read as sentences */
    bool failed;   /* ENOMEM while building */
} kgi_doc;

/* Sets *slot to a copy of value[0, len) with its whitespace collapsed,
 * unless *slot is set already or the value is blank (first source wins). */
void kgi_doc_field(kgi_doc *d, char **slot, const char *value, size_t len);
/* The same for a date: ISO 8601 ("2024-03-05T10:00Z" -> "2024-03-05") and
 * RFC 822 ("Tue, 05 Mar 2024 10:00:00 GMT" -> "2024-03-05") dates are
 * written as xsd:date; anything else is kept as it is. */
void kgi_doc_date(kgi_doc *d, const char *value, size_t len);
/* Appends a paragraph (whitespace collapsed; nothing when blank). */
void kgi_doc_paragraph(kgi_doc *d, const char *s, size_t len);
/* The article's text into *text (malloc'd, NUL-terminated; caller frees)
 * and *len. False on ENOMEM (also after an earlier failure). */
bool kgi_doc_text(char **text, size_t *len, kgi_doc *d);
void kgi_doc_free(kgi_doc *d);

/* libxml2 reports some problems (an encoding conversion that fails half
 * way) on its generic error channel, which prints to stderr whatever the
 * parse options say; libkg never prints, so the readers parse between
 * kgi_xml_quiet and kgi_xml_restore (the handler is per thread). */
typedef struct kgi_xml_channel {
    xmlGenericErrorFunc fn;
    void *ctx;
} kgi_xml_channel;
kgi_xml_channel kgi_xml_quiet(void);
void kgi_xml_restore(kgi_xml_channel previous);

#endif
