/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/relations.h - the relationship commands: .infer, .why, .exposure,
 * .path, .neighbors and .dot, over kg/explore.h. Their entries in the
 * command table (commands.c) are the macros below, so that the help texts
 * live next to the handlers. */
#ifndef KGSH_RELATIONS_H
#define KGSH_RELATIONS_H

#include <stdbool.h>

#include "commands.h"
#include "session.h"

bool kgsh_cmd_infer(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_why(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_exposure(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_path(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_neighbors(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_dot(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_asof(kgsh_session *s, int argc, char **argv);
bool kgsh_cmd_timeline(kgsh_session *s, int argc, char **argv);

/* Whether text is a date .asof and --asof take (YYYY, YYYY-MM or
 * YYYY-MM-DD); reports it when not. */
bool kgsh_date_ok(kgsh_session *s, const char *text);
/* Splits the rest of a command line (NULL: none), "THING [--asof DATE]" or
 * "--asof DATE", in place: *thing is THING without the quotes it may be
 * given in (NULL when absent), *as_of the date given, else the session's
 * .asof date or NULL. Both point into rest or the session. False
 * (reported) on a missing or bad date. */
bool kgsh_take_as_of(kgsh_session *s, char *rest, char **thing, const char **as_of);

/* How .asof, --asof and kg_in_force compare partial dates, for the help. */
#define KGSH_AS_OF_RULES                                                                           \
    "Dates are compared at the precision both have: as of 2019-10, a sanction listed on "         \
    "2019-10-07, in 2019-10 or in 2019 has started (the same period counts as started), one "     \
    "listed in 2019-11 has not; one removed in 2019-10 is still in force (the same period is "    \
    "not yet ended), one removed in 2019-09 or on 2019-09-30 is not. A date without a year, or "  \
    "none at all, does not rule anything out."

/* The machine-readable rows of .path and .neighbors, for their .help. */
#define KGSH_HOP_ROWS(first)                                                                       \
    "In csv, tsv, json and xml mode: one row per link, with the columns " first ", from, "       \
    "from_label, property, direction (out: the statement is from-property-to; in: "              \
    "to-property-from), to, to_label, sentence (the sentences stating it, one per line), "       \
    "source (their IRIs), from_status and to_status (the status of a plan or claim)."
#define KGSH_CMD_ASOF                                                                              \
    {"asof", kgsh_cmd_asof, "[DATE|off]", "Answer as of a date",                                   \
     "Sets the date (YYYY, YYYY-MM or YYYY-MM-DD) that .exposure and .describe answer as of, for " \
     "the rest of the session: a sanction whose start (kg:startDate, the listing) is after DATE "  \
     "is not yet in force, one whose end (kg:endDate, the removal) is before DATE has ended, and " \
     "a post held (kg:PostHolding) likewise; .exposure leaves out the sanctions not in force "     \
     "then and .describe marks each sanction and post held. " KGSH_AS_OF_RULES                   \
     " .asof off goes back to answering with everything; without an argument, shows the "         \
     "setting. The commands' --asof DATE option does the same for one command.",                  \
     0, 1, {KGSH_ARG_NONE, KGSH_ARG_NONE}, KGSH_CMD_SETTING}
#define KGSH_CMD_DOT                                                                               \
    {"dot", kgsh_cmd_dot, "THING [DEPTH] FILE", "Draw what is around a thing (DOT, SVG, PNG)",    \
     "Writes the neighbourhood of THING (DEPTH hops, default 1; see .neighbors) as a Graphviz "   \
     "picture: DOT text, or SVG or PNG when FILE ends in .svg or .png (drawn by Graphviz's dot "  \
     "program, Debian package graphviz). Nodes carry their label and class and are coloured by " \
     "class; sanctioned entities are red with a double border; edges carry the property.",        \
     2, 3, {KGSH_ARG_THING, KGSH_ARG_FILE}, KGSH_CMD_SNAPSHOT}
#define KGSH_CMD_EXPOSURE                                                                          \
    {"exposure", kgsh_cmd_exposure, "[THING] [--asof DATE]",                                       \
     "Show sanction exposure, with the evidence",                                                  \
     "For THING, or for every company: whether it is sanctioned itself, or connected to a "       \
     "sanctioned entity through ownership (subsidiary of / parent of, any number of links) with " \
     "at most one other declared relationship (partners with, signed with, founded by). "          \
     "Ownership chains run one way: down to what a sanctioned entity owns, or up to what owns "   \
     "it; sister companies under a common parent are not exposed to each other. Shows "           \
     "the chain link by link, the sanction (kind, authority, list, dates) and, under each link "  \
     "and sanction, the article sentences that state it. In csv, tsv, json and xml mode: one "   \
     "row per sanction reached, with the columns company, company_label, exposure (direct, "      \
     "ownership or related), sanctioned, sanctioned_label, links, chain (the links as text), "    \
     "sanction, sanction_kind, authority, list, start, end, reason, sentence (the sentences "     \
     "stating the sanction, one per line) and source (their IRIs). With --asof DATE (or after "   \
     ".asof DATE), only the sanctions in force on DATE count (see .help asof): before 2019-10, " \
     "a company first listed in October 2019 is not exposed. A plan or claim on a chain is "      \
     "shown with its status (\"plans to\").",                                                       \
     0, 1, {KGSH_ARG_THING, KGSH_ARG_NONE}, KGSH_CMD_REST | KGSH_CMD_SNAPSHOT}
#define KGSH_CMD_INFER                                                                             \
    {"infer", kgsh_cmd_infer, "[on|off]", "Show or hide inferred triples",                         \
     "kgsh keeps the conclusions of the ontology's rules (rdfs:subClassOf, rdfs:subPropertyOf, "  \
     "owl:inverseOf, owl:TransitiveProperty, owl:SymmetricProperty, and "                         \
     "owl:propertyChainAxiom of two properties, which derives kg:sanctionedBy from a sanction) " \
     "in their own graph, <"                                                                       \
     KG_INFERRED_GRAPH ">, recomputed with every change. With inference on (the default) "       \
     "queries see them: asking for kg:Organization finds companies, kg:parentOf finds what was "  \
     "stated as kg:subsidiaryOf. Off: queries see the asserted triples only, and GRAPH ?g does " \
     "not range over the inferred graph (naming it, GRAPH <...>, still reads it). .infer on also " \
     "brings the inferred graph up to date. .why explains an inferred triple.",                   \
     0, 1, {KGSH_ARG_ONOFF, KGSH_ARG_NONE}, KGSH_CMD_WRITES | KGSH_CMD_LOCAL | KGSH_CMD_SETTING}
#define KGSH_CMD_NEIGHBORS                                                                         \
    {"neighbors", kgsh_cmd_neighbors, "THING [DEPTH]", "List what is around a thing",              \
     "Lists the links within DEPTH hops (default 1) of THING, in either direction, with the "     \
     "sentences that state them. Types, names, mentions and the provenance nodes (statements, "   \
     "sentences, articles) are left out. " KGSH_HOP_ROWS("depth (hops from THING)"),               \
     1, 2, {KGSH_ARG_THING, KGSH_ARG_NONE}, KGSH_CMD_SNAPSHOT}
#define KGSH_CMD_PATH                                                                              \
    {"path", kgsh_cmd_path, "A B [MAXLEN] [OPTIONS]",                                              \
     "Find the paths that explain how two things are linked",                                      \
     "Finds the chains of links from A to B (at most MAXLEN, default 6), following links either " \
     "way and leaving out types, names, mentions and provenance nodes, and lists up to 20, the "  \
     "most specific first. A and B are IRIs, prefixed names or names (quote names with spaces: " \
     ".path \"Paul Chan\" iFLYTEK). Ranking: a link through a hub that many things are linked "   \
     "to (a city, a country) explains little, so each node a path passes through costs the "     \
     "natural logarithm of its degree (the number of links it has, whatever the options leave "  \
     "out), and paths are listed by their total cost, the score (then by length, then by their " \
     "largest hub, then by IRI). The heading of each path shows its score and the degrees it "   \
     "adds up (\"score 2.48 = ln 3 + ln 4\"). Without --longer only the shortest paths are "      \
     "ranked; --longer N also ranks paths up to N links longer, so that a longer chain of "       \
     "specific events and agreements can come before a short one through a hub. Options, each " \
     "may be given more than once: --avoid NODE (never pass through NODE), --avoid-class CLASS "  \
     "(never through an instance of CLASS or of a class below it), --avoid-property P (never "    \
     "follow P or a property below it), --only P,... (follow only these properties and those "    \
     "below them). A and B are never avoided. NODE, CLASS and P are IRIs, prefixed names or "     \
     "names (\"plan location\"). A path is never through the same node twice; up to 5000 paths " \
     "are considered, the nodes of fewest links tried first. Each link is shown with its "         \
     "property and evidence, and a plan or claim with its status (\"plans to\"). "               \
     KGSH_HOP_ROWS("path (its number), score, step"),                                              \
     2, 40, {KGSH_ARG_THING, KGSH_ARG_THING}, KGSH_CMD_SNAPSHOT}
#define KGSH_CMD_TIMELINE                                                                          \
    {"timeline", kgsh_cmd_timeline, "THING", "List what happened to or was done by a thing, by date", \
     "Lists in date order what the graph dates about THING: its own dates and those of every "    \
     "node linked to it (events it took part in, hosted or spoke at, agreements it is party to, " \
     "plans it plans, sanctions on it, posts it held), one line per date: the date as stated "    \
     "(2025-02-24, 2025-02 or 2025: a year is listed before its months, a month before its days; " \
     "dates without a year, --02-06, come last), which date it is (date: when it happened or was " \
     "signed; announced; start; due; end), the node with its class and, for a plan or claim, "     \
     "its status (\"plans to\", \"hopes to\"); under it the link to THING with the sentences that " \
     "state it, and the sentences that state the date. In csv, tsv, json and xml mode: one row "  \
     "per date, with the columns date, when, thing, thing_label, class, status, from, "            \
     "from_label, property, direction, to, to_label, sentence, source, from_status, to_status "   \
     "(the link; empty for THING's own dates) and date_sentence.",                                                      \
     1, 1, {KGSH_ARG_THING, KGSH_ARG_NONE}, KGSH_CMD_REST | KGSH_CMD_SNAPSHOT}
#define KGSH_CMD_WHY                                                                               \
    {"why", kgsh_cmd_why, "S P O", "Explain how a triple comes to hold",                           \
     "Shows one derivation of the triple S P O: the rule of each inferred step and the asserted " \
     "triples it rests on, with the graphs holding them and the article sentences that state "   \
     "them. Each part is an IRI, a prefixed name or a name.",                                     \
     3, 3, {KGSH_ARG_THING, KGSH_ARG_THING}, KGSH_CMD_SNAPSHOT}

#endif
