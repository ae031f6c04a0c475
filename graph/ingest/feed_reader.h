/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/feed_reader.h - the articles of an RSS 2.0 or Atom feed file
 * (private to libkg). libxml2's XML parser reads the feed with no network
 * and no entity substitution (the declared encoding converted to UTF-8);
 * every RSS <item> and Atom <entry> is one article: its title, link
 * (<link>, Atom's rel="alternate"), date (<pubDate>, <dc:date>,
 * <published>, <updated>) and text (content:encoded, Atom <content>, else
 * <description> or <summary>; HTML in them read as html_reader.h reads a
 * fragment), the channel's or feed's title as the publisher. */
#ifndef KG_INGEST_FEED_READER_H
#define KG_INGEST_FEED_READER_H

#include <stddef.h>

#include "ingest/reader.h"
#include "kg/status.h"

/* Calls fn with each item's article (borrowed for the call) until fn
 * returns false (then KG_ERR_NOMEM). encoding as for kgi_html_read.
 * KG_ERR_SYNTAX when the feed is not well-formed XML (err has the line
 * and column), KG_ERR_NOT_FOUND when it has no items, KG_ERR_UNSUPPORTED
 * when the XML is neither RSS nor Atom. */
typedef bool (*kgi_feed_item_fn)(void *ctx, kgi_doc *item);
kg_status kgi_feed_read(const char *data, size_t len, const char *encoding, kgi_feed_item_fn fn,
                        void *ctx, kg_error *err);

#endif
