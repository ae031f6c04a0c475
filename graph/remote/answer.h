/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* remote/answer.h - an endpoint's answer read into a results handle
 * (sparql/rows.h): SPARQL Query Results XML or JSON for SELECT and ASK
 * (JSON's older "typed-literal" type, which Virtuoso writes, included),
 * N-Triples for CONSTRUCT and DESCRIBE. A malformed answer is an error
 * naming the endpoint and, where the parser knows it, the line and column
 * within the answer. */
#ifndef KG_REMOTE_ANSWER_H
#define KG_REMOTE_ANSWER_H

#include <stddef.h>

#include "kg/query.h"

/* Reads body (len bytes, of the given content type) as the answer to a
 * query of form `form` from url. *out is owned by the caller. */
kg_status kg_answer_read(const char *url, kg_query_form form, const char *content_type,
                         const char *body, size_t len, kg_results **out, kg_error *err);

#endif
