/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rdfio/export_rdfxml.h - RDF/XML output through raptor's serializer,
 * called by export.c for KG_FORMAT_RDFXML (private to rdfio/). */
#ifndef KG_RDFIO_EXPORT_RDFXML_H
#define KG_RDFIO_EXPORT_RDFXML_H

#include <stdint.h>
#include <stdio.h>

#include "kg/io.h"

/* Writes the store's triples (every graph's once, as Turtle output does)
 * or one graph's to out as RDF/XML, with the store's prefixes as
 * namespaces. Errors go to the store's error. */
kg_status kg_export_rdfxml(kg_store *store, FILE *out, const kg_export_options *opts,
                           uint64_t *written);

#endif
