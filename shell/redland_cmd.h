/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/redland_cmd.h - .import-redland and .export-redland: quads from and to
 * librdf storages (BDB hashes, sqlite, PostgreSQL, MySQL), with their
 * entries for the command table. */
#ifndef KGSH_REDLAND_H
#define KGSH_REDLAND_H

#include <stdbool.h>

#include "session.h"

bool kgsh_cmd_import_redland(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_export_redland(kgsh_session *s, int argc, char **argv);

#define KGSH_CMD_EXPORT_REDLAND                                                                    \
    {"export-redland", kgsh_cmd_export_redland, "STORAGE NAME [OPTIONS] [GRAPH]",                  \
     "Write the store or one graph into a librdf storage",                                         \
     "Adds every quad (or GRAPH's) to the librdf storage STORAGE (hashes, sqlite, postgresql, "    \
     "mysql, ...) called NAME, opened with librdf's OPTIONS string, e.g. "                         \
     "\"hash-type='bdb',dir='/data',contexts='yes',new='yes'\" or \"new='yes'\". Named graphs "  \
     "become librdf contexts (the storage needs contexts='yes' where it has the option), blank "  \
     "nodes keep their labels, literals their language and datatype. sqlite gets one "            \
     "transaction; the other storages have none, so a failure part-way leaves the statements "    \
     "written so far. librdf's virtuoso storage is refused (it corrupts language tags and "       \
     "datatypes): use .push.",                                                                     \
     2, 4, {KGSH_ARG_NONE, KGSH_ARG_NONE}, KGSH_CMD_LOCAL}
#define KGSH_CMD_IMPORT_REDLAND                                                                    \
    {"import-redland", kgsh_cmd_import_redland, "STORAGE NAME [OPTIONS] [--graph IRI]",            \
     "Copy every statement of a librdf storage into the store",                                    \
     "Reads the librdf storage STORAGE (hashes, sqlite, postgresql, mysql, ...) called NAME, "     \
     "opened with librdf's OPTIONS string (e.g. \"hash-type='bdb',dir='/data',contexts='yes'\"), " \
     "all or nothing in one transaction: each context becomes its own named graph, statements "   \
     "without one go to the default graph or to --graph IRI. Blank node labels are kept (so a "  \
     "round trip is exact; a label the store already uses means the same node). On a terminal, "  \
     "an import that takes more than a second shows a progress line. librdf's virtuoso storage "  \
     "is refused: use .pull.",                                                                     \
     2, 5, {KGSH_ARG_NONE, KGSH_ARG_NONE}, KGSH_CMD_WRITES | KGSH_CMD_LOCAL}

#endif
