/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/usage.c - kgsh's documentation texts: the option table, --help,
 * .help, and the man page in troff (shell/kgsh.1 is this output, checked by
 * tests/shell/manpage_test.sh). */
#include "usage.h"

#include <string.h>

#include "session.h"

const kgsh_option kgsh_options[] = {
    {"dir", 'd', "DIR",
     "Open the store in DIR (created when missing). Default: $KGSH_STORE, else "
     "$XDG_DATA_HOME/kgsh/default.", 'd'},
    {"memory", 0, NULL, "Use a throwaway in-memory store.", 'm'},
    {"readonly", 0, NULL, "Open the store read-only; other readers may share it.", 'r'},
    {"command", 'c', "TEXT", "Run TEXT (one statement or dot-command) and exit. Several -c options run in turn.", 'c'},
    {"file", 'f', "FILE", "Run the statements and commands in FILE and exit.", 'f'},
    {"format", 0, "MODE",
     "Output mode: table, line, csv, tsv, json, xml, turtle or ntriples (as .mode).", 'F'},
    {"endpoint", 0, "URL",
     "Send statements to the SPARQL 1.1 Protocol endpoint URL instead of the embedded "
     "store (as .connect URL).",
     'E'},
    {"bail", 0, NULL, "Stop at the first error (scripts).", 'b'},
    {"quiet", 'q', NULL,
     "No notices (\"Loaded ...\", \"1 quad added\"); errors and warnings still go to standard "
     "error. Only results and exports ever go to standard output.",
     'q'},
    {"timeout", 0, "SECONDS", "Stop a query that runs longer than SECONDS (as .timeout).", 'T'},
    {"max-memory", 0, "MB",
     "Stop a query whose intermediate results pass MB megabytes (as .limit memory MB; "
     "default 1024).",
     'M'},
    {"load-memory", 0, "MB",
     "Sort a load bigger than MB megabytes in runs on disk, in the store directory, so "
     "that loading takes about that much memory whatever the file's size (as .limit "
     "load-memory MB; default 2048).",
     'G'},
    {"load-bundled", 0, NULL, "Load the bundled ontology and articles into the store.", 'L'},
    {"help", 'h', NULL, "Show this help and exit.", 'h'},
    {"version", 0, NULL, "Show the version and exit.", 'V'},
    {NULL, 0, NULL, NULL, 0},
};

static const char terminator_rule[] =
    "A SPARQL statement may span several lines. It ends with ';' at the end of a line "
    "when that ';' is outside any braces, brackets, parentheses and strings (as in "
    "sqlite3 and psql); the ';' is removed before the text is parsed. A ';' inside { } "
    "is SPARQL's predicate-list separator and does not end the statement. With -c the "
    "whole argument is one statement. At the end of a script (-f, standard input, "
    ".read) a pending statement runs. A dot-command is one line and needs no ';'. While a "
    "statement is pending, the prompt shows what is open ({, (, [ or a long string's quotes) "
    "and a dot-command typed there is not run (the shell says so). help, exit and quit alone "
    "on a line do what they say. Ctrl-C clears the line being typed and the pending "
    "statement; Ctrl-D on an empty line quits, after a warning when a statement is pending.";

static const struct {
    int status;
    const char *meaning;
} exit_statuses[] = {
    {KGSH_EXIT_OK, "success"},
    {KGSH_EXIT_FAILED, "a query, load or command failed"},
    {KGSH_EXIT_USAGE, "usage error (unknown option, missing argument)"},
    {KGSH_EXIT_STORE, "the store could not be opened (missing, damaged, or not a store)"},
    {KGSH_EXIT_INTERRUPT, "interrupted by Ctrl-C (SIGINT) when not interactive"},
};

/* Writes text wrapped at width columns, each line after an indent. */
/* Writes text in lines of at most width columns, each line after the first
 * indented by indent; the first goes on from column col. */
static void wrap_from(FILE *out, const char *text, int indent, int width, int col)
{
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        if (col > 0 && col + 1 + (int)n > width) {
            fputc('\n', out);
            col = 0;
        }
        if (col == 0)
            col = fprintf(out, "%*s", indent, "");
        else if (col > indent)
            col += fprintf(out, " ");
        col += fprintf(out, "%.*s", (int)n, p);
        p += n;
    }
    fputc('\n', out);
}

static void wrap(FILE *out, const char *text, int indent, int width)
{
    wrap_from(out, text, indent, width, 0);
}

void kgsh_usage(FILE *out)
{
    fputs("Usage: kgsh [OPTION]... [-c TEXT | -f FILE]\n"
          "  or:  kgsh [OPTION]... COMMAND [ARG]...\n"
          "An interactive SPARQL shell for the kgsh knowledge-graph store.\n"
          "The second form runs one dot-command (without its dot) and exits, e.g.\n"
          "\"kgsh import list.csv --as NAME\", \"kgsh check\", \"kgsh validate\";\n"
          "\"kgsh serve\" serves the store over HTTP (SPARQL, graphs, pages) until stopped.\n\n"
          "Options:\n",
          out);
    for (const kgsh_option *o = kgsh_options; o->long_name; o++) {
        char head[64];
        snprintf(head, sizeof head, "%s%c%s--%s%s%s", o->short_name ? "-" : "",
                 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->long_name,
                 o->arg ? " " : "", o->arg ? o->arg : "");
        int col = fprintf(out, "  %-22s", head[0] == ' ' ? head + 1 : head);
        wrap_from(out, o->help, 24, 78, col);
    }
    fputs("\nCommands (kgsh COMMAND [ARG]..., or .COMMAND inside kgsh; options may follow "
          "COMMAND):\n",
          out);
    for (const kgsh_command *c = kgsh_commands; c->name; c++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", c->name, c->synopsis);
        fprintf(out, "  %-22s %s\n", head, c->brief);
    }
    fputs("\nStatements:\n", out);
    wrap(out, terminator_rule, 2, 78);
    fputs("\nExit status:\n", out);
    for (size_t i = 0; i < sizeof exit_statuses / sizeof exit_statuses[0]; i++)
        fprintf(out, "  %-4d%s\n", exit_statuses[i].status, exit_statuses[i].meaning);
    fputs("\nInside kgsh, .help lists the dot-commands. See kgsh(1).\n", out);
}

static void command_head(const kgsh_command *c, char *buf, size_t size)
{
    snprintf(buf, size, ".%s%s%s", c->name, c->synopsis[0] ? " " : "", c->synopsis);
}

void kgsh_usage_commands(FILE *out)
{
    for (const kgsh_command *c = kgsh_commands; c->name; c++) {
        char head[64];
        command_head(c, head, sizeof head);
        fprintf(out, "%-24s %s\n", head, c->brief);
    }
    fputs("\n", out);
    wrap(out, terminator_rule, 0, 78);
    fputs("Commands may be abbreviated to a unique prefix. \".help COMMAND\" explains one.\n",
          out);
}

void kgsh_usage_command(FILE *out, const kgsh_command *c)
{
    char head[64];
    command_head(c, head, sizeof head);
    fprintf(out, "%s\n  %s\n\n", head, c->brief);
    wrap(out, c->detail, 2, 78);
}

/* ------------------------------------------------------------ man page */

/* Writes text as troff: backslashes escaped, hyphens as \-, and a leading
 * '.' or '\'' protected. */
static void troff(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (p == text && (*p == '.' || *p == '\''))
            fputs("\\&", out);
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-')
            fputs("\\-", out);
        else
            fputc(*p, out);
    }
}

static void man_para(FILE *out, const char *text)
{
    fputs(".PP\n", out);
    troff(out, text);
    fputc('\n', out);
}

static void man_tagged(FILE *out, const char *tag, const char *text)
{
    fputs(".TP\n.B ", out);
    troff(out, tag);
    fputc('\n', out);
    troff(out, text);
    fputc('\n', out);
}

static const char *const man_modes[][2] = {
    {"table", "Aligned columns with a header and a row count; cells wider than 60 terminal "
              "columns (or .width) are cut with an ellipsis, IRIs in the middle; IRIs shown "
              "as prefixed names. Rows are printed 1000 at a time as the query produces "
              "them, the first block setting the column widths; a later block with wider "
              "values starts the table again under a new header. CONSTRUCT and DESCRIBE "
              "results are shown as Turtle."},
    {"line", "Each row as a record, one \"name = value\" line per column (also .expanded on; "
             "rows wider than the terminal are shown this way unless .expanded off)."},
    {"csv", "W3C SPARQL 1.1 Query Results CSV: values only, CRLF line ends."},
    {"tsv", "W3C SPARQL 1.1 Query Results TSV: terms in SPARQL syntax."},
    {"json", "W3C SPARQL 1.1 Query Results JSON."},
    {"xml", "W3C SPARQL Query Results XML."},
    {"turtle", "CONSTRUCT and DESCRIBE results as Turtle, grouped by subject, with prefixes."},
    {"ntriples", "CONSTRUCT and DESCRIBE results as N-Triples."},
};

static const char *const man_environment[][2] = {
    {"KGSH_STORE", "The store directory when -d is not given."},
    {"XDG_DATA_HOME", "The default store is $XDG_DATA_HOME/kgsh/default "
                      "(~/.local/share/kgsh/default when unset)."},
    {"XDG_STATE_HOME", "The history file is $XDG_STATE_HOME/kgsh/history "
                       "(~/.local/state/kgsh/history when unset)."},
    {"KGSH_DATADIR", "Where the bundled ontology/ and datasets/articles/ are read from "
                     "(default: the installed data directory)."},
    {"PAGER", "The pager for long results (default: less -FRX)."},
    {"KGSH_SERVE_TOKEN", "kgsh serve: a bearer token (16 characters or more) that allows "
                         "updates and graph writes, unless --token-file gives one."},
};

void kgsh_usage_man(FILE *out)
{
    fputs(".\\\" Generated by \"kgsh --man\" from shell/usage.c and the command table in\n"
          ".\\\" shell/commands.c; regenerate with \"make update-man\", do not edit.\n"
          ".TH KGSH 1 \"\" \"kgsh\" \"User Commands\"\n"
          ".SH NAME\nkgsh \\- a SPARQL shell for the kgsh knowledge\\-graph store\n"
          ".SH SYNOPSIS\n.B kgsh\n[\\fIOPTION\\fR]... [\\fB\\-c\\fR \\fITEXT\\fR | "
          "\\fB\\-f\\fR \\fIFILE\\fR]\n.br\n.B kgsh\n[\\fIOPTION\\fR]... \\fICOMMAND\\fR "
          "[\\fIARG\\fR]...\n.SH DESCRIPTION\n",
          out);
    man_para(out, "kgsh opens a quad store and reads SPARQL 1.1 queries and updates, and "
                  "dot-commands, from the terminal (with line editing, history and Tab "
                  "completion), from -c or -f, or from standard input. Results are shown as "
                  "an aligned table or in one of the W3C result formats.");
    man_para(out, "Queries start with the common prefixes (rdf, rdfs, owl, xsd, skos, schema, "
                  "prov, org, foaf, dcterms, wd, wdt), the ontology's (kg, kgr, art), the "
                  "store's own, and every PREFIX declared earlier in the session.");
    man_para(out, "In the second form, kgsh runs one dot-command, named without its dot, with "
                  "the given arguments taken as they are (no quoting is needed), and exits: "
                  "kgsh import list.csv --as NAME, kgsh check, kgsh validate, kgsh export "
                  "store.ttl. The exit status is that of the command. kgsh serve serves the "
                  "store over HTTP (the SPARQL 1.1 Protocol, the Graph Store Protocol and pages "
                  "for analysts) until SIGTERM or SIGINT; see .serve under COMMANDS.");
    man_para(out, "When the default store is created for the first time, the bundled ontology "
                  "and articles are loaded into it.");
    fputs(".SH OPTIONS\n", out);
    for (const kgsh_option *o = kgsh_options; o->long_name; o++) {
        char tag[64];
        snprintf(tag, sizeof tag, "%s%c%s--%s%s%s", o->short_name ? "-" : "",
                 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "", o->long_name,
                 o->arg ? " " : "", o->arg ? o->arg : "");
        man_tagged(out, tag[0] == ' ' ? tag + 1 : tag, o->help);
    }
    fputs(".SH COMMANDS\n", out);
    man_para(out, "Dot-commands may be abbreviated to any prefix that names only one command.");
    for (const kgsh_command *c = kgsh_commands; c->name; c++) {
        char head[64];
        snprintf(head, sizeof head, ".%s%s%s", c->name, c->synopsis[0] ? " " : "", c->synopsis);
        fputs(".TP\n.B ", out);
        troff(out, head);
        fputc('\n', out);
        troff(out, c->brief);
        fputs(".\n", out);
        troff(out, c->detail);
        fputc('\n', out);
    }
    fputs(".SH STATEMENT TERMINATION\n", out);
    man_para(out, terminator_rule);
    fputs(".SH OUTPUT MODES\n", out);
    for (size_t i = 0; i < sizeof man_modes / sizeof man_modes[0]; i++)
        man_tagged(out, man_modes[i][0], man_modes[i][1]);
    fputs(".SH EXIT STATUS\n", out);
    for (size_t i = 0; i < sizeof exit_statuses / sizeof exit_statuses[0]; i++) {
        char tag[16];
        snprintf(tag, sizeof tag, "%d", exit_statuses[i].status);
        man_tagged(out, tag, exit_statuses[i].meaning);
    }
    fputs(".SH ENVIRONMENT\n", out);
    for (size_t i = 0; i < sizeof man_environment / sizeof man_environment[0]; i++)
        man_tagged(out, man_environment[i][0], man_environment[i][1]);
    fputs(".SH FILES\n", out);
    man_tagged(out, "~/.local/share/kgsh/default", "The default store.");
    man_tagged(out, "~/.local/state/kgsh/history",
               "The command history (mode 0600). Lines starting with a space, and lines that "
               "look like they hold a password or credentials, are not saved.");
    fputs(".SH EXAMPLES\n", out);
    fputs(".nf\n", out);
    troff(out, "kgsh -c 'SELECT ?name WHERE { kgr:iflytek rdfs:label ?name }'\n"
               "kgsh --format csv -f queries.rq > answers.csv\n"
               "kgsh -d ./store -c '.load data.ttl'\n"
               "echo '.describe iflytek' | kgsh\n"
               "kgsh -d /tmp/store --load-bundled -c '.stats'\n");
    fputs(".fi\n.SH SEE ALSO\n.BR sqlite3 (1),\n.BR psql (1)\n", out);
}
