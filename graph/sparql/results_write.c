/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/results_write.c - the W3C query result formats (JSON, XML, CSV,
 * TSV) and N-Triples, written row by row to a FILE.
 *
 * Each format is a table of four functions (head, row, boolean, end) so the
 * writer's public calls only check the call order and dispatch. Escaping
 * helpers are per format because the three escaping rules (JSON, XML, CSV)
 * differ in every detail; TSV and N-Triples share kg_term_to_ntriples. */
#include "kg/results.h"

#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct format_ops format_ops;

struct kg_results_writer {
    const format_ops *ops;
    kg_results_format fmt;
    FILE *out;
    char **names; /* column names, owned */
    size_t count;
    size_t rows; /* rows written so far (JSON needs the separator) */
    kg_status error; /* KG_ERR_NOMEM from a long term, else KG_OK */
    unsigned flags;  /* kg_results_flag bits */
    enum { W_NEW, W_TABLE, W_DONE } state;
};

struct format_ops {
    void (*head)(kg_results_writer *w);
    void (*row)(kg_results_writer *w, const kg_term *values);
    void (*boolean)(kg_results_writer *w, bool value);
    void (*end)(kg_results_writer *w);
};

/* ---- UTF-8 ---------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s (n bytes available), or 0
 * when the bytes there are not UTF-8. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    uint32_t cp;
    size_t len = kg_utf8_decode((const char *)s, n, &cp);
    return cp == 0xFFFD && len == 1 ? 0 : len;
}

static const char REPLACEMENT[] = "\xef\xbf\xbd"; /* U+FFFD */

/* ---- JSON ----------------------------------------------------------- */

static void json_string(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    putc('"', out);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            putc('\\', out), putc(c, out), i++;
        } else if (c == '\n') {
            fputs("\\n", out), i++;
        } else if (c == '\r') {
            fputs("\\r", out), i++;
        } else if (c == '\t') {
            fputs("\\t", out), i++;
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(out, "\\u%04x", c), i++;
        } else {
            size_t len = utf8_valid_len(p + i, n - i);
            if (len)
                fwrite(p + i, 1, len, out), i += len;
            else
                fputs(REPLACEMENT, out), i++;
        }
    }
    putc('"', out);
}

static void json_cstring(FILE *out, const char *s)
{
    json_string(out, s, strlen(s));
}

static void json_head(kg_results_writer *w)
{
    fputs("{ \"head\": { \"vars\": [", w->out);
    for (size_t i = 0; i < w->count; i++) {
        fputs(i ? ", " : " ", w->out);
        json_cstring(w->out, w->names[i]);
    }
    fputs(" ] },\n  \"results\": { \"bindings\": [", w->out);
}

static void json_term(FILE *out, const kg_term *t)
{
    static const char *const type[] = {
        [KG_TERM_IRI] = "uri", [KG_TERM_BLANK] = "bnode", [KG_TERM_LITERAL] = "literal"};
    fprintf(out, "{ \"type\": \"%s\", \"value\": ", type[t->kind]);
    json_string(out, t->value, t->value_len);
    if (t->kind == KG_TERM_LITERAL && t->lang) {
        fputs(", \"xml:lang\": ", out);
        json_cstring(out, t->lang);
    } else if (t->kind == KG_TERM_LITERAL && t->datatype &&
               strcmp(t->datatype, KG_XSD_STRING) != 0) {
        fputs(", \"datatype\": ", out);
        json_cstring(out, t->datatype);
    }
    fputs(" }", out);
}

static void json_row(kg_results_writer *w, const kg_term *values)
{
    fputs(w->rows ? ",\n    {" : "\n    {", w->out);
    bool first = true;
    for (size_t i = 0; i < w->count; i++) {
        if (values[i].kind == KG_TERM_NONE)
            continue;
        fputs(first ? " " : ",\n      ", w->out);
        first = false;
        json_cstring(w->out, w->names[i]);
        fputs(": ", w->out);
        json_term(w->out, &values[i]);
    }
    fputs(first ? "}" : " }", w->out);
}

static void json_boolean(kg_results_writer *w, bool value)
{
    fprintf(w->out, "{ \"head\": {}, \"boolean\": %s }\n", value ? "true" : "false");
}

static void json_end(kg_results_writer *w)
{
    fputs(w->rows ? "\n  ] }\n}\n" : " ] }\n}\n", w->out);
}

/* ---- XML ------------------------------------------------------------ */

static void xml_text(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        switch (c) {
        case '&': fputs("&amp;", out), i++; continue;
        case '<': fputs("&lt;", out), i++; continue;
        case '>': fputs("&gt;", out), i++; continue;
        case '"': fputs("&quot;", out), i++; continue;
        case '\r': fputs("&#xD;", out), i++; continue;
        case '\t':
        case '\n': putc(c, out), i++; continue;
        }
        size_t len = c < 0x20 ? 0 : utf8_valid_len(p + i, n - i);
        if (len)
            fwrite(p + i, 1, len, out), i += len;
        else
            fputs(REPLACEMENT, out), i++;
    }
}

static void xml_ctext(FILE *out, const char *s)
{
    xml_text(out, s, strlen(s));
}

static void xml_preamble(FILE *out)
{
    fputs("<?xml version=\"1.0\"?>\n"
          "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
          "  <head>\n",
          out);
}

static void xml_head(kg_results_writer *w)
{
    xml_preamble(w->out);
    for (size_t i = 0; i < w->count; i++) {
        fputs("    <variable name=\"", w->out);
        xml_ctext(w->out, w->names[i]);
        fputs("\"/>\n", w->out);
    }
    fputs("  </head>\n  <results>\n", w->out);
}

static void xml_term(FILE *out, const kg_term *t)
{
    switch (t->kind) {
    case KG_TERM_IRI: fputs("<uri>", out); break;
    case KG_TERM_BLANK: fputs("<bnode>", out); break;
    default:
        fputs("<literal", out);
        if (t->lang) {
            fputs(" xml:lang=\"", out);
            xml_ctext(out, t->lang);
            putc('"', out);
        } else if (t->datatype && strcmp(t->datatype, KG_XSD_STRING) != 0) {
            fputs(" datatype=\"", out);
            xml_ctext(out, t->datatype);
            putc('"', out);
        }
        putc('>', out);
    }
    xml_text(out, t->value, t->value_len);
    fputs(t->kind == KG_TERM_IRI ? "</uri>" : t->kind == KG_TERM_BLANK ? "</bnode>" : "</literal>",
          out);
}

static void xml_row(kg_results_writer *w, const kg_term *values)
{
    fputs("    <result>\n", w->out);
    for (size_t i = 0; i < w->count; i++) {
        if (values[i].kind == KG_TERM_NONE)
            continue;
        fputs("      <binding name=\"", w->out);
        xml_ctext(w->out, w->names[i]);
        fputs("\">", w->out);
        xml_term(w->out, &values[i]);
        fputs("</binding>\n", w->out);
    }
    fputs("    </result>\n", w->out);
}

static void xml_boolean(kg_results_writer *w, bool value)
{
    xml_preamble(w->out);
    fprintf(w->out, "  </head>\n  <boolean>%s</boolean>\n</sparql>\n", value ? "true" : "false");
}

static void xml_end(kg_results_writer *w)
{
    fputs("  </results>\n</sparql>\n", w->out);
}

/* ---- CSV ------------------------------------------------------------ */

/* Characters a terminal acts on rather than shows (C0 other than tab,
 * LF and CR, DEL, C1): CSV cannot escape them, so they become U+FFFD. */
static bool csv_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
}

/* A field, quoted when it holds a comma, quote, CR or LF; with guard, a
 * leading apostrophe when it starts like a spreadsheet formula. */
static void csv_field(FILE *out, const char *s, size_t n, bool guard)
{
    bool quote = memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\r', n) || memchr(s, '\n', n);
    if (quote)
        putc('"', out);
    if (guard && n && strchr("=+-@\t\r", s[0]))
        putc('\'', out);
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_valid_len(p + i, n - i);
        uint32_t cp = 0;
        if (len)
            kg_utf8_decode(s + i, n - i, &cp);
        if (!len || csv_control(cp)) {
            fputs(REPLACEMENT, out);
            i += len ? len : 1;
            continue;
        }
        if (p[i] == '"')
            putc('"', out);
        fwrite(p + i, 1, len, out);
        i += len;
    }
    if (quote)
        putc('"', out);
}

static void csv_head(kg_results_writer *w)
{
    for (size_t i = 0; i < w->count; i++) {
        if (i)
            putc(',', w->out);
        csv_field(w->out, w->names[i], strlen(w->names[i]), false);
    }
    fputs("\r\n", w->out);
}

/* The note's CSV carries only the string: the IRI, the lexical form, or
 * "_:label" for a blank node. */
static void csv_row(kg_results_writer *w, const kg_term *values)
{
    for (size_t i = 0; i < w->count; i++) {
        const kg_term *t = &values[i];
        if (i)
            putc(',', w->out);
        if (t->kind == KG_TERM_BLANK)
            fputs("_:", w->out);
        if (t->kind != KG_TERM_NONE)
            csv_field(w->out, t->value, t->value_len,
                      t->kind != KG_TERM_BLANK && (w->flags & KG_RESULTS_CSV_FORMULA_SAFE));
    }
    fputs("\r\n", w->out);
}

static void csv_boolean(kg_results_writer *w, bool value)
{
    fprintf(w->out, "_askResult\r\n%s\r\n", value ? "true" : "false");
}

static void no_end(kg_results_writer *w)
{
    (void)w;
}

/* ---- TSV and N-Triples --------------------------------------------- */

/* Writes the term in N-Triples syntax, which is also valid TSV term syntax
 * (tab, LF and CR come out escaped). */
static void nt_term(kg_results_writer *w, const kg_term *t)
{
    char small[512];
    size_t need = kg_term_to_ntriples(t, small, sizeof small);
    if (need < sizeof small) {
        fwrite(small, 1, need, w->out);
        return;
    }
    char *big = malloc(need + 1);
    if (!big) {
        w->error = KG_ERR_NOMEM;
        return;
    }
    kg_term_to_ntriples(t, big, need + 1);
    fwrite(big, 1, need, w->out);
    free(big);
}

static void tsv_head(kg_results_writer *w)
{
    for (size_t i = 0; i < w->count; i++)
        fprintf(w->out, "%s?%s", i ? "\t" : "", w->names[i]);
    putc('\n', w->out);
}

static void tsv_row(kg_results_writer *w, const kg_term *values)
{
    for (size_t i = 0; i < w->count; i++) {
        if (i)
            putc('\t', w->out);
        if (values[i].kind != KG_TERM_NONE)
            nt_term(w, &values[i]);
    }
    putc('\n', w->out);
}

static void tsv_boolean(kg_results_writer *w, bool value)
{
    fprintf(w->out, "?_askResult\n%s\n", value ? "true" : "false");
}

static void nt_head(kg_results_writer *w)
{
    (void)w;
}

static void nt_row(kg_results_writer *w, const kg_term *values)
{
    for (size_t i = 0; i < 3; i++) {
        nt_term(w, &values[i]);
        putc(' ', w->out);
    }
    fputs(".\n", w->out);
}

/* ---- the writer ----------------------------------------------------- */

static const format_ops OPS[] = {
    [KG_RESULTS_JSON] = {json_head, json_row, json_boolean, json_end},
    [KG_RESULTS_XML] = {xml_head, xml_row, xml_boolean, xml_end},
    [KG_RESULTS_CSV] = {csv_head, csv_row, csv_boolean, no_end},
    [KG_RESULTS_TSV] = {tsv_head, tsv_row, tsv_boolean, no_end},
    [KG_RESULTS_NTRIPLES] = {nt_head, nt_row, NULL, no_end},
};

static const struct {
    const char *name;
    kg_results_format fmt;
} NAMES[] = {
    {"json", KG_RESULTS_JSON}, {"xml", KG_RESULTS_XML},           {"csv", KG_RESULTS_CSV},
    {"tsv", KG_RESULTS_TSV},   {"ntriples", KG_RESULTS_NTRIPLES}, {"srj", KG_RESULTS_JSON},
    {"srx", KG_RESULTS_XML},   {"nt", KG_RESULTS_NTRIPLES},
};

bool kg_results_format_from_name(kg_results_format *out, const char *name)
{
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        if (strcmp(NAMES[i].name, name) == 0) {
            *out = NAMES[i].fmt;
            return true;
        }
    }
    return false;
}

const char *kg_results_format_name(kg_results_format format)
{
    /* The first NAMES entry of each format is its canonical name. */
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (NAMES[i].fmt == format)
            return NAMES[i].name;
    return "unknown";
}

/* The status of the writer after a step: a term that could not be formatted,
 * or a failed write on the stream. */
static kg_status step_status(const kg_results_writer *w)
{
    if (w->error)
        return w->error;
    return ferror(w->out) ? KG_ERR_IO : KG_OK;
}

kg_status kg_results_writer_new(kg_results_writer **out, kg_results_format fmt, FILE *stream)
{
    *out = NULL;
    if ((unsigned)fmt >= sizeof OPS / sizeof OPS[0])
        return KG_ERR_INVALID;
    kg_results_writer *w = *out = calloc(1, sizeof *w);
    if (!w)
        return KG_ERR_NOMEM;
    w->ops = &OPS[fmt];
    w->fmt = fmt;
    w->out = stream;
    return KG_OK;
}

void kg_results_writer_set_flags(kg_results_writer *w, unsigned flags)
{
    w->flags = flags;
}

void kg_results_writer_free(kg_results_writer *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->count; i++)
        free(w->names[i]);
    free(w->names);
    free(w);
}

kg_status kg_results_writer_head(kg_results_writer *w, const char *const *names, size_t count)
{
    if (w->state != W_NEW || (w->fmt == KG_RESULTS_NTRIPLES && count != 3))
        return KG_ERR_INVALID;
    w->names = calloc(count ? count : 1, sizeof *w->names);
    if (!w->names)
        return KG_ERR_NOMEM;
    for (; w->count < count; w->count++) {
        w->names[w->count] = strdup(names[w->count]);
        if (!w->names[w->count])
            return KG_ERR_NOMEM;
    }
    w->state = W_TABLE;
    w->ops->head(w);
    return step_status(w);
}

kg_status kg_results_writer_row(kg_results_writer *w, const kg_term *values)
{
    if (w->state != W_TABLE)
        return KG_ERR_INVALID;
    if (w->fmt == KG_RESULTS_NTRIPLES) {
        /* A triple needs all three terms and a literal only as object. */
        for (size_t i = 0; i < 3; i++)
            if (values[i].kind == KG_TERM_NONE || (i < 2 && values[i].kind == KG_TERM_LITERAL))
                return KG_ERR_INVALID;
    }
    w->ops->row(w, values);
    w->rows++;
    return step_status(w);
}

kg_status kg_results_writer_boolean(kg_results_writer *w, bool value)
{
    if (w->state != W_NEW || !w->ops->boolean)
        return KG_ERR_INVALID;
    w->state = W_DONE;
    w->ops->boolean(w, value);
    return step_status(w);
}

kg_status kg_results_writer_end(kg_results_writer *w)
{
    if (w->state == W_NEW)
        return KG_ERR_INVALID;
    if (w->state == W_TABLE)
        w->ops->end(w);
    w->state = W_DONE;
    if (fflush(w->out) != 0)
        return KG_ERR_IO;
    return step_status(w);
}

/* ---- driving the writer from query results -------------------------- */

static kg_status fail(kg_error *err, kg_status status, const char *message)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->status = status;
        snprintf(err->message, sizeof err->message, "%s", message);
    }
    return status;
}

static kg_status write_table(kg_results_writer *w, kg_results *r, kg_error *err)
{
    size_t count = kg_results_column_count(r);
    const char **names = calloc(count ? count : 1, sizeof *names);
    kg_term *row = calloc(count ? count : 1, sizeof *row);
    kg_status st = names && row ? KG_OK : KG_ERR_NOMEM;
    for (size_t i = 0; st == KG_OK && i < count; i++)
        names[i] = kg_results_column_name(r, i);
    if (st == KG_OK)
        st = kg_results_writer_head(w, names, count);
    bool has_row = true;
    while (st == KG_OK) {
        st = kg_results_next(&has_row, r);
        if (st != KG_OK) {
            fail(err, st, "reading the next result failed (see the query's error)");
            break;
        }
        if (!has_row)
            break;
        for (size_t i = 0; i < count; i++)
            row[i] = *kg_results_value(r, i);
        st = kg_results_writer_row(w, row);
        if (st == KG_ERR_INVALID)
            fail(err, st, "a result row is not a valid triple for N-Triples");
    }
    free(names);
    free(row);
    return st;
}

kg_status kg_results_write_to(kg_results_writer *w, kg_results *r, kg_error *err)
{
    kg_query_form form = kg_results_form(r);
    if (form == KG_QUERY_UPDATE)
        return fail(err, KG_ERR_INVALID, "an update has no results to write");
    if (w->fmt == KG_RESULTS_NTRIPLES && form != KG_QUERY_CONSTRUCT && form != KG_QUERY_DESCRIBE)
        return fail(err, KG_ERR_INVALID, "N-Triples output needs a CONSTRUCT or DESCRIBE query");
    kg_status st = form == KG_QUERY_ASK ? kg_results_writer_boolean(w, kg_results_boolean(r))
                                        : write_table(w, r, err);
    if (st == KG_OK)
        st = kg_results_writer_end(w);
    if (st == KG_ERR_IO || st == KG_ERR_NOMEM)
        fail(err, st, st == KG_ERR_IO ? "writing the results failed" : "out of memory");
    return st;
}

kg_status kg_results_write(kg_results *r, kg_results_format fmt, FILE *out, kg_error *err)
{
    kg_results_writer *w = NULL;
    if (kg_results_writer_new(&w, fmt, out) != KG_OK)
        return fail(err, KG_ERR_NOMEM, "out of memory");
    kg_status st = kg_results_write_to(w, r, err);
    kg_results_writer_free(w);
    return st;
}
