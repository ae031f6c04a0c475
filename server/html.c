/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* server/html.c - escaping and the page frame for the analysts' pages
 * (see html.h). The style sheet is here, inline: the pages fetch nothing
 * from anywhere else. */
#define _GNU_SOURCE
#include "html.h"

#include <string.h>

void html_text(FILE *out, const char *text)
{
    for (const char *p = text; p && *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*p, out);
        }
    }
}

void html_arg(FILE *out, const char *text)
{
    static const char unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-._~";
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        if (strchr(unreserved, *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
}

void html_iri(FILE *out, const kgsh_prefixes *prefixes, const char *iri)
{
    char small[512];
    size_t n = kgsh_prefixes_compact(prefixes, iri, small, sizeof small);
    html_text(out, n < sizeof small ? small : iri);
}

static const char style[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
    "margin:0;color:#1d2430;background:#f6f7f9}"
    "header{background:#1f3b57;color:#fff;padding:.6em 1.5em;display:flex;gap:1.5em;"
    "align-items:center;flex-wrap:wrap}"
    "header a{color:#fff;text-decoration:none;font-weight:600}"
    "header form{display:flex;gap:.4em}"
    "main{max-width:70em;margin:0 auto;padding:1em 1.5em 3em}"
    "h1{font-size:1.6em;margin:.4em 0 .1em}h2{font-size:1.15em;margin:1.6em 0 .4em;"
    "border-bottom:1px solid #d5dae1;padding-bottom:.2em}"
    "a{color:#1a5fb4}.muted{color:#5e6b7a}.iri{font-family:monospace;font-size:.9em;"
    "color:#5e6b7a;word-break:break-all}"
    ".badge{display:inline-block;background:#c01c28;color:#fff;border-radius:3px;"
    "padding:0 .45em;font-size:.8em;font-weight:700;margin-left:.4em;vertical-align:middle}"
    ".cls{display:inline-block;background:#e3e8ef;border-radius:3px;padding:0 .45em;"
    "font-size:.85em;margin:0 .3em .2em 0}"
    ".modality{font-style:italic;color:#8a4b00;font-size:.9em;margin-right:.3em}"
    "table{border-collapse:collapse;width:100%;background:#fff;margin:.3em 0}"
    "th,td{border:1px solid #d5dae1;padding:.3em .5em;text-align:left;vertical-align:top}"
    "th{background:#eef1f5}"
    ".stmt{background:#fff;border:1px solid #d5dae1;border-radius:4px;padding:.5em .8em;"
    "margin:.4em 0}"
    ".ev{margin:.3em 0 0 1.2em;font-size:.93em}.ev q{font-style:italic}"
    ".ev .src{color:#5e6b7a;font-size:.9em}"
    ".picture{background:#fff;border:1px solid #d5dae1;border-radius:4px;overflow:auto;"
    "max-height:40em;padding:.5em}"
    ".picture svg{max-width:100%;height:auto}"
    "textarea{width:100%;font-family:monospace;font-size:.95em;box-sizing:border-box}"
    "input[type=text]{padding:.25em .4em;min-width:14em}"
    "button{padding:.25em .8em}.error{background:#fdecea;border:1px solid #e6a5a0;"
    "padding:.6em .8em;border-radius:4px;white-space:pre-wrap;font-family:monospace}"
    ".hop{margin:.2em 0}.arrow{color:#5e6b7a;font-family:monospace}";

void html_begin(FILE *out, const char *title)
{
    fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
          out);
    html_text(out, title);
    fprintf(out,
            " — kgsh</title><style>%s</style></head><body>\n<header><a href=\"/\">kgsh</a>"
            "<form action=\"/search\" method=\"get\"><input type=\"text\" name=\"q\" "
            "placeholder=\"Search a name\" aria-label=\"Search a name\">"
            "<button>Search</button></form>"
            "<a href=\"/path\">Paths</a><a href=\"/exposure\">Exposure</a>"
            "<a href=\"/query\">SPARQL</a></header>\n<main>\n",
            style);
}

void html_end(FILE *out) { fputs("</main></body></html>\n", out); }
