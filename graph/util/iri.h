/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util/iri.h - IRI references (RFC 3986/3987): resolution against a base and
 * the syntax checks the SPARQL and RDF parsers need. Pure string work: no
 * RDF knowledge, no normalisation beyond what resolution requires. */
#ifndef KG_UTIL_IRI_H
#define KG_UTIL_IRI_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/* Length of the scheme of iri (the part before ':', which must be
 * ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), or 0 when iri is relative. */
size_t kg_iri_scheme_len(const char *iri, size_t len);

/* Resolves the relative reference ref (len bytes) against base by RFC 3986
 * section 5.2 (remove_dot_segments included). An absolute ref (one with a
 * scheme) is copied unchanged, dot segments and all, as SPARQL and Turtle
 * ask; so is any ref when base is NULL or relative. The result is
 * NUL-terminated and allocated in arena; NULL on ENOMEM. */
char *kg_iri_resolve(kg_arena *arena, const char *base, const char *ref, size_t len);

/* True when every character of iri may appear in an IRI reference written
 * between angle brackets: no controls or spaces, none of <>"{}|^`\ .
 * Otherwise *bad is the byte offset of the first offending character. */
bool kg_iri_chars_valid(const char *iri, size_t len, size_t *bad);

/* True when name (len bytes, without the ':') may be a namespace prefix
 * name as Turtle and SPARQL write one (PN_PREFIX: empty, or letters,
 * digits, '_', '-', '.' and any non-ASCII UTF-8, starting with a letter or
 * a non-ASCII character and not ending with '.'). Otherwise *bad is the
 * byte offset of the first offending byte. */
bool kg_iri_prefix_name_valid(const char *name, size_t len, size_t *bad);

#endif
