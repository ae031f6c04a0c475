/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/html_reader.h - the article in a web page as a browser saves it
 * (private to libkg). libxml2's HTML parser reads the page (no network,
 * no error output; the declared charset converted to UTF-8); the body is
 * the element marked itemprop="articleBody", else the <article> with the
 * most text, else the block with the densest paragraph text; page
 * furniture inside it is dropped (navigation, headers, footers, asides,
 * scripts, styles, forms, comment sections, ads, share bars, lists of
 * related links). Title, publisher, date and link come from the page's
 * metadata: og: and article: meta tags, JSON-LD NewsArticle, <time
 * datetime>, <link rel="canonical">, <title>. */
#ifndef KG_INGEST_HTML_READER_H
#define KG_INGEST_HTML_READER_H

#include <stddef.h>

#include "ingest/reader.h"
#include "kg/status.h"

/* The largest page the reader parses (KG_ERR_LIMIT beyond). */
#define KGI_HTML_MAX_BYTES (64u << 20)

/* Reads the page data[0, len) into doc (which the caller frees with
 * kgi_doc_free, also on failure). encoding names the bytes' encoding when
 * the caller knows it ("UTF-8" after converting a BOM), else NULL: the
 * page's own declaration decides. KG_ERR_NOT_FOUND when the page holds no
 * article text (err says so), KG_ERR_NOMEM, KG_ERR_LIMIT. */
kg_status kgi_html_read(kgi_doc *doc, const char *data, size_t len, const char *encoding, kg_error *err);

/* Appends the paragraphs of an HTML fragment in UTF-8 (a feed item's
 * content) to doc, furniture dropped as for a page. */
void kgi_html_fragment(kgi_doc *doc, const char *html, size_t len);

#endif
