/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kg/kg.h - libkg, the knowledge-graph store and SPARQL engine behind kgsh:
 * include this for the whole public API. */
#ifndef KG_KG_H
#define KG_KG_H

#include "import.h"
#include "explore.h"
#include "grow.h"
#include "ingest.h"
#include "io.h"
#include "query.h"
#include "remote.h"
#include "results.h"
#include "status.h"
#include "store.h"
#include "term.h"
#include "validate.h"
#include "version.h"

#endif
