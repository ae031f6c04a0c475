/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/ingest.h - turning an article (UTF-8 plain text) into proposed triples
 * that a user reviews, then accepts into the article's graph or rejects.
 *
 * kg_ingest_file reads the article, repairs common mojibake, takes the
 * title, publisher and date from its header lines, splits the body into
 * sentences, finds the things the store already knows (by their labels and
 * aliases) and new ones (from cue words in the rules file), and matches the
 * rules file's relation patterns. Every proposal is one triple under the
 * kgsh ontology with its evidence: the sentence (index, text, character
 * offsets in the file), the rule that produced it and a confidence.
 *
 * The proposals are written, in one transaction, to the article's staging
 * graph <https://w3id.org/kgsh/staging/STEM> (STEM is the file name without
 * directory and extension) as kgi:Proposal nodes (namespace
 * https://w3id.org/kgsh/ingest#), never as plain triples, so queries over
 * the store do not see unreviewed statements. kg_ingest_accept moves
 * proposals into the article graph <https://w3id.org/kgsh/article/STEM>
 * in the form the hand-mapped datasets use (the triple, an rdf:Statement
 * node with kg:statedIn, kg:Sentence nodes, the kg:Article node and the
 * descriptions of the things used); kg_ingest_reject drops them. Each of
 * ingest, accept and reject is one store transaction.
 *
 * kg_ingest_file and kg_ingest_text read plain text. The files people
 * save and follow (web pages, RSS and Atom feeds, text in other encodings)
 * are read with kg_articles_read, which gives the text of each article in
 * the plain-text form; kg_ingest_article ingests one. Offsets are then
 * character offsets in that text (kg_article.text), the text kgsh shows.
 *
 * Many articles at once go through a kg_ingest_batch (options.batch): a
 * thing first found in one article of the batch is known to the next by
 * the names the first gave it (one node across the batch), and
 * kg_ingest_seen tells an article already ingested (same link or same
 * text) in the batch or the store.
 *
 * The rules file format is documented in ontology/INGEST-RULES.md. */
#ifndef KG_INGEST_H
#define KG_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "store.h"
#include "term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_ingest kg_ingest;
typedef struct kg_ingest_batch kg_ingest_batch;

typedef struct kg_ingest_options {
    unsigned int version; /* KG_INGEST_OPTIONS_VERSION: set by KG_INGEST_OPTIONS_INIT */
    /* The rules file; NULL: the installed ontology/ingest-rules.txt. */
    const char *rules_path;
    /* The article stem (names the graphs); NULL: from the file name. */
    const char *stem;
    /* Stop proposing after this many proposals (0: 200000); the rest of
     * the input is still read. Bounds memory on huge inputs; reaching it is
     * not silent: kg_ingest_truncated says so. */
    size_t max_proposals;
    /* Only read, propose and keep the proposals in memory; write no
     * staging graph (for evaluations). */
    bool dry_run;
    /* (version 2) The batch this article belongs to, or NULL: its things
     * are known to this article, and this article's (when it succeeds)
     * to the next. Borrowed. The one failure that does not leave the store
     * as it was: running out of memory handing the staged article's names
     * to the batch (KG_ERR_NOMEM; the staged proposals stay, and ingesting
     * the article again replaces them). */
    kg_ingest_batch *batch;
} kg_ingest_options;
#define KG_INGEST_OPTIONS_VERSION 2
#define KG_INGEST_OPTIONS_INIT {KG_INGEST_OPTIONS_VERSION, 0, 0, 0, 0, 0}

typedef enum kg_proposal_state {
    KG_PROPOSAL_PENDING = 0,
    KG_PROPOSAL_ACCEPTED,
    KG_PROPOSAL_REJECTED,
} kg_proposal_state;

/* One proposed triple. Strings are owned by the kg_ingest and valid until
 * it is freed. */
typedef struct kg_proposal {
    /* What accept and reject take. Staged proposals are numbered on from
     * the highest number of the store's other staging graphs, so a number
     * names one proposal in this and any later process; without staging
     * (dry_run) the numbers are 1, 2, ... */
    size_t number;
    kg_term subject, predicate, object;
    const char *rule;          /* the rule (or built-in step) that made it */
    double confidence;         /* 0..1 */
    kg_proposal_state state;
    /* The first sentence that states it (more: kg_ingest_evidence). */
    size_t sentence;           /* 1-based sentence index in the body */
    const char *sentence_text; /* the sentence as it stands in the text */
    size_t start, end;         /* character (code point) offsets in the file */
    size_t n_evidence;         /* sentences stating it, >= 1 */
    /* For display: the labels of subject and object when they are things
     * (else NULL). */
    const char *subject_label, *object_label;
} kg_proposal;

typedef struct kg_evidence {
    size_t sentence;
    const char *text;
    size_t start, end; /* character offsets in the file */
} kg_evidence;

/* The largest article kg_ingest_file reads (KG_ERR_LIMIT beyond). */
#define KG_INGEST_MAX_BYTES (1u << 30)

/* Reads and ingests the file at path (an article). On success the caller
 * owns *out (kg_ingest_free) and the proposals are in the staging graph
 * (unless opts->dry_run). An empty or entity-free file is not an error: it
 * gives no proposals. On failure *out is NULL, the store is unchanged and
 * err (when not NULL) says why. The handle borrows the store: free it
 * before closing the store. */
KG_EXTERN kg_status kg_ingest_file(kg_ingest **out, kg_store *store, const char *path,
                                   const kg_ingest_options *opts, kg_error *err);

/* The same for text in memory; opts->stem (or "article") names the graphs. */
KG_EXTERN kg_status kg_ingest_text(kg_ingest **out, kg_store *store, const char *text, size_t len,
                                   const kg_ingest_options *opts, kg_error *err);

/* --- input files --- */

typedef enum kg_article_format {
    KG_ARTICLE_TEXT, /* plain text, "Title:"/"Publisher:"/"Date:" headers */
    KG_ARTICLE_HTML, /* a web page as a browser saves it */
    KG_ARTICLE_FEED, /* an item of an RSS 2.0 or entry of an Atom feed */
} kg_article_format;

/* One article of an input file. Strings are owned by the kg_articles. */
typedef struct kg_article {
    kg_article_format format;
    /* The stem that names its graphs: the file name without directory and
     * extension; a feed's items are STEM-1, STEM-2, ... */
    const char *stem;
    /* The article as UTF-8 plain text: "Title:", "Publisher:", "Date:"
     * (xsd:date where the page's date allows) and "Source:" (the link)
     * header lines from the page's or feed's metadata, a blank line, then
     * one paragraph a line with the page furniture left out. For plain
     * text, the file itself (converted to UTF-8). Repaired as ingesting
     * repairs text (control characters as spaces, zero-width characters
     * dropped, mojibake undone), so that it is exactly the text ingested.
     * NUL-terminated. */
    const char *text;
    size_t len;
    const char *link; /* the article's address, or NULL */
} kg_article;

typedef struct kg_articles kg_articles;

/* Reads the file at path as articles, from its content (not its name): an
 * HTML page (its article body found, navigation, ads, comments and lists
 * of related links left out; title, publisher, date and link from og: and
 * article: meta tags, JSON-LD NewsArticle or <time> elements), an RSS 2.0
 * or Atom feed (each item an article), or plain text. A declared encoding
 * (byte order mark, meta charset, XML declaration) is converted to UTF-8;
 * undeclared text that is not UTF-8 is read as Windows-1252. Binary data
 * and a page without an article are refused: KG_ERR_UNSUPPORTED and
 * KG_ERR_NOT_FOUND, with err naming the file and saying why. On success
 * the caller owns *out (kg_articles_free). */
KG_EXTERN kg_status kg_articles_read(kg_articles **out, const char *path, kg_error *err);
/* The same for bytes in memory; stem names the articles (NULL: "article"). */
KG_EXTERN kg_status kg_articles_parse(kg_articles **out, const char *data, size_t len, const char *stem,
                                      kg_error *err);
KG_EXTERN size_t kg_articles_count(const kg_articles *articles);
/* The index-th article (1 to kg_articles_count), or NULL. Borrowed. */
KG_EXTERN const kg_article *kg_articles_get(const kg_articles *articles, size_t index);
/* Accepts NULL. */
KG_EXTERN void kg_articles_free(kg_articles *articles);

/* kg_ingest_text of the article's text, its stem naming the graphs unless
 * opts->stem does. */
KG_EXTERN kg_status kg_ingest_article(kg_ingest **out, kg_store *store, const kg_article *article,
                                      const kg_ingest_options *opts, kg_error *err);

/* --- batches --- */

/* An empty batch. On success the caller owns *out (kg_ingest_batch_free);
 * KG_ERR_NOMEM. */
KG_EXTERN kg_status kg_ingest_batch_new(kg_ingest_batch **out);
/* Accepts NULL. */
KG_EXTERN void kg_ingest_batch_free(kg_ingest_batch *batch);

/* Whether the article was ingested before: an article of the batch or a
 * staging graph of the store with the same link or the same
 * text (compared by letters and digits, case ignored, headers left out).
 * An earlier ingest of the same stem does not count (ingesting it again
 * replaces it). *earlier receives the stem or graph IRI of the earlier
 * one (borrowed until the next call or the batch is freed), or NULL when
 * the article is new. KG_ERR_NOMEM, or a store failure. */
KG_EXTERN kg_status kg_ingest_seen(const char **earlier, kg_ingest_batch *batch, kg_store *store,
                                   const kg_article *article, kg_error *err);

/* The article graph and the staging graph IRIs. Borrowed. */
KG_EXTERN const char *kg_ingest_article_iri(const kg_ingest *ing);
KG_EXTERN const char *kg_ingest_staging_iri(const kg_ingest *ing);

/* Header fields found in the text (NULL when absent). Borrowed. */
KG_EXTERN const char *kg_ingest_title(const kg_ingest *ing);
KG_EXTERN const char *kg_ingest_publisher(const kg_ingest *ing);
KG_EXTERN const char *kg_ingest_date(const kg_ingest *ing);

/* True when the proposal limit (kg_ingest_options.max_proposals) was
 * reached: the proposals are those of the triples found first, and later
 * new triples were left out. */
KG_EXTERN bool kg_ingest_truncated(const kg_ingest *ing);

/* Number of sentences in the body, and of proposals (all states). */
KG_EXTERN size_t kg_ingest_sentence_count(const kg_ingest *ing);
KG_EXTERN size_t kg_ingest_count(const kg_ingest *ing);

/* The index-th proposal (1 to kg_ingest_count, in ascending number);
 * NULL when out of range. Borrowed. */
KG_EXTERN const kg_proposal *kg_ingest_proposal(const kg_ingest *ing, size_t index);

/* The index of the proposal with this number, or 0 when it has none. */
KG_EXTERN size_t kg_ingest_index_of(const kg_ingest *ing, size_t number);

/* The k-th (0-based) sentence stating the index-th proposal into *out
 * (strings borrowed from the handle): KG_ERR_NOT_FOUND when out of range,
 * KG_ERR_NOMEM (the sentence's text is cut out on first use). */
KG_EXTERN kg_status kg_ingest_evidence(kg_evidence *out, const kg_ingest *ing, size_t index,
                                       size_t k);

/* Re-opens what an earlier kg_ingest_file or kg_ingest_text (in this or
 * another process) staged for the article stem: a handle with the pending
 * proposals of <https://w3id.org/kgsh/staging/STEM>, their numbers,
 * evidence and the article's header values, to review, accept and reject
 * as if just ingested. KG_ERR_NOT_FOUND when the store has no such
 * staging graph. opts->rules_path as for kg_ingest_text. */
KG_EXTERN kg_status kg_ingest_resume(kg_ingest **out, kg_store *store, const char *stem,
                                     const kg_ingest_options *opts, kg_error *err);

/* Calls fn with the stem of each staging graph of the store that holds
 * pending proposals, in ascending order of their numbers, until fn
 * returns non-zero. Failures are in kg_store_error. */
typedef int (*kg_ingest_stem_fn)(void *ctx, const char *stem);
KG_EXTERN kg_status kg_ingest_staged(kg_store *store, kg_ingest_stem_fn fn, void *ctx);

/* Accepts or rejects the pending proposals with the given numbers, or all
 * pending ones when n is 0. A number that does not exist or is no longer
 * pending fails with KG_ERR_INVALID and changes nothing. Accepting writes
 * the article graph and removes the proposals from the staging graph;
 * rejecting removes them from the staging graph. One transaction each;
 * *changed (may be NULL) receives the number of proposals handled. */
KG_EXTERN kg_status kg_ingest_accept(kg_ingest *ing, const size_t *numbers, size_t n, size_t *changed);
KG_EXTERN kg_status kg_ingest_reject(kg_ingest *ing, const size_t *numbers, size_t n, size_t *changed);

/* Details of the last failure on this handle. */
KG_EXTERN const kg_error *kg_ingest_error(const kg_ingest *ing);

/* Accepts NULL. */
KG_EXTERN void kg_ingest_free(kg_ingest *ing);

#ifdef __cplusplus
}
#endif
#endif
