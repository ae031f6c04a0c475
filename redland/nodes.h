/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* redland/nodes.h - librdf nodes to and from kg_terms (libkg's public
 * term type), for the storage module and the shell's Redland commands. */
#ifndef KGR_NODES_H
#define KGR_NODES_H

#include <stdbool.h>

#include <redland.h>

#include "kg/term.h"

/* A view of a librdf node as a kg_term (strings borrowed from the node).
 * False for a NULL node or one kgsh cannot store. */
bool kgr_term_from_node(librdf_node *node, kg_term *out);
/* A new librdf node for a term (the caller owns it), or NULL. */
librdf_node *kgr_node_from_term(librdf_world *world, const kg_term *term);

#endif
