/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/xml_guard.h - refuses RDF/XML whose entities would expand beyond a
 * budget, or that declares what libkg will not resolve, before libxml2
 * (under raptor, or reading a SPARQL server's results XML in
 * remote/answer.c) expands anything (private to libkg).
 *
 * libxml2 stops the classic "billion laughs" (nested entities), but not
 * one entity of 50 kB referenced 20,000 times: that made a 1 GB literal in
 * over a minute with 3.7 GB of memory. The guard reads the prolog (XML
 * declaration, DOCTYPE with its internal subset) in full, computes how
 * many bytes each general entity expands to, then counts the references in
 * the rest of the document as it streams past, refusing the document once
 * their expansion exceeds a budget that grows with the input. It also
 * refuses parameter entities, external entities, entity references in
 * attribute defaults, and encodings that are not ASCII-compatible (the
 * guard reads bytes; in UTF-16 or EBCDIC it would see no markup), and
 * elements nested deeper than KG_XML_MAX_DEPTH, counted as the tags stream
 * past (comments, CDATA, processing instructions and quoted attribute
 * values skipped). */
#ifndef KG_RDFIO_XML_GUARD_H
#define KG_RDFIO_XML_GUARD_H

#include <stddef.h>
#include <stdint.h>

#include "kg/status.h"

/* Bytes that entity references may add: this plus 8 per input byte. */
#define KG_XML_ENTITY_BUDGET ((uint64_t)16 << 20)
/* Elements nested deeper than this are refused (KG_ERR_LIMIT): the parsers
 * under raptor take time quadratic in the depth, and nothing in RDF/XML
 * needs more. */
#define KG_XML_MAX_DEPTH 1000
/* The prolog (everything before the root element) is read whole; past
 * this size the document is refused. */
#define KG_XML_MAX_PROLOG ((size_t)1 << 20)

typedef struct kg_xml_guard kg_xml_guard;

/* NULL when out of memory. Free with kg_xml_guard_free (accepts NULL). */
kg_xml_guard *kg_xml_guard_new(void);
void kg_xml_guard_free(kg_xml_guard *guard);

/* Checks the next n bytes of the document; call it on each chunk before
 * the parser sees it. KG_OK to go on; otherwise the document is refused
 * (KG_ERR_LIMIT, KG_ERR_DENIED, KG_ERR_UNSUPPORTED, KG_ERR_SYNTAX or
 * KG_ERR_NOMEM) and msg says why. Once refused, every call refuses. */
kg_status kg_xml_guard_scan(kg_xml_guard *guard, const void *buf, size_t n, char *msg,
                            size_t msg_size);

#endif
