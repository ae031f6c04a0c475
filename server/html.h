/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/html.h - writing the analysts' pages: the page frame (title,
 * navigation, style sheet), and text and URL arguments escaped for HTML.
 * Every value a page shows goes through html_text or html_arg: names and
 * literals come from articles and lists and may hold markup. */
#ifndef KGSH_HTML_H
#define KGSH_HTML_H

#include <stdio.h>

#include "prefixes.h"

/* The text with & < > " ' as character references. NULL writes nothing. */
void html_text(FILE *out, const char *text);
/* The text percent-encoded for a URL's query argument (all but
 * unreserved characters), so it is also safe inside an HTML attribute. */
void html_arg(FILE *out, const char *text);

/* "<!doctype html>...<body>" with the title (escaped) and the navigation
 * bar, and the closing part. */
void html_begin(FILE *out, const char *title);
void html_end(FILE *out);

/* An IRI compacted with the prefixes ("kgr:iflytek"), escaped. */
void html_iri(FILE *out, const kgsh_prefixes *prefixes, const char *iri);

#endif
