/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* redland/nodes.c - librdf nodes to and from kg_terms, shared by the
 * storage module and kgsh's import-redland/export-redland. Language tags
 * and datatypes are kept exactly as given, blank node labels as they are. */
#include <string.h>

#include "nodes.h"

bool kgr_term_from_node(librdf_node *node, kg_term *out)
{
    if (!node)
        return false;
    if (librdf_node_is_resource(node)) {
        *out = kg_term_iri((const char *)librdf_uri_as_string(librdf_node_get_uri(node)));
        return true;
    }
    if (librdf_node_is_blank(node)) {
        *out = kg_term_blank((const char *)librdf_node_get_blank_identifier(node));
        return true;
    }
    if (!librdf_node_is_literal(node))
        return false;
    size_t len = 0;
    const char *value = (const char *)librdf_node_get_literal_value_as_counted_string(node, &len);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(node);
    *out = (kg_term){.kind = KG_TERM_LITERAL,
                     .value = value,
                     .value_len = len,
                     .datatype = dt ? (const char *)librdf_uri_as_string(dt) : NULL,
                     .lang = librdf_node_get_literal_value_language(node)};
    return true;
}

librdf_node *kgr_node_from_term(librdf_world *world, const kg_term *t)
{
    switch (t->kind) {
    case KG_TERM_IRI:
        return librdf_new_node_from_uri_string(world, (const unsigned char *)t->value);
    case KG_TERM_BLANK:
        return librdf_new_node_from_blank_identifier(world, (const unsigned char *)t->value);
    case KG_TERM_LITERAL: {
        librdf_uri *dt = NULL;
        if (t->datatype && !t->lang) {
            dt = librdf_new_uri(world, (const unsigned char *)t->datatype);
            if (!dt)
                return NULL;
        }
        size_t lang_len = t->lang ? strlen(t->lang) : 0;
        librdf_node *n = librdf_new_node_from_typed_counted_literal(
            world, (const unsigned char *)t->value, t->value_len, t->lang, lang_len, dt);
        if (dt)
            librdf_free_uri(dt);
        return n;
    }
    case KG_TERM_NONE: break;
    }
    return NULL;
}
