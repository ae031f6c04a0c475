/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/check.h - the static checks a SPARQL 1.1 syntax tree must pass
 * beyond the grammar (section 18.2.1 and the grammar notes), and the
 * completion of SELECT * and DESCRIBE * lists. Private to the front end. */
#ifndef KG_SPARQL_CHECK_H
#define KG_SPARQL_CHECK_H

#include "kg/status.h"
#include "sparql/ast.h"

/* Checks ast: grouping (every projected variable grouped or aggregated; no
 * SELECT * with grouping), scoping ((expr AS ?v) and BIND must introduce a
 * variable not yet in scope; sub-selects count by their projection). Fills
 * the proj list of every SELECT * and the describe list of DESCRIBE *.
 * Returns KG_OK, or KG_ERR_SYNTAX with the message and position in err (when
 * not NULL), or KG_ERR_NOMEM. */
kg_status kg_sparql_check(kg_sparql_ast *ast, kg_error *err);

#endif
