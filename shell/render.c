/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/render.c - result display: the aligned table and line modes with
 * terminal-cell widths, the W3C formats through libkg's results writer, and
 * the dispatch from the session's mode to each. */
#define _GNU_SOURCE
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <unistr.h>
#include <uniwidth.h>

#include "kg/grow.h"

#include "explore.h"
#include "interrupt.h"
#include "turtle.h"

/* ------------------------------------------------------------ tables */

struct kgsh_table {
    char **names;
    size_t columns;
    kg_term **cells; /* rows * columns copies */
    size_t rows, cap;
};

kgsh_table *kgsh_table_new(const char *const *names, size_t columns)
{
    kgsh_table *t = calloc(1, sizeof *t);
    if (!t || !(t->names = calloc(columns ? columns : 1, sizeof *t->names))) {
        free(t);
        return NULL;
    }
    t->columns = columns;
    for (size_t i = 0; i < columns; i++) {
        if (!(t->names[i] = strdup(names[i]))) {
            kgsh_table_free(t);
            return NULL;
        }
    }
    return t;
}

bool kgsh_table_add(kgsh_table *t, const kg_term *values)
{
    /* an item is a row of cells */
    if (!kg_grow(&t->cells, &t->cap, t->rows, (t->columns ? t->columns : 1) * sizeof *t->cells, 64))
        return false;
    kg_term **row = t->cells + t->rows * t->columns;
    for (size_t i = 0; i < t->columns; i++) {
        if (kg_term_copy(&row[i], &values[i]) != KG_OK) {
            while (i-- > 0)
                kg_term_free(row[i]);
            return false;
        }
    }
    t->rows++;
    return true;
}

size_t kgsh_table_columns(const kgsh_table *t) { return t->columns; }
size_t kgsh_table_rows(const kgsh_table *t) { return t->rows; }

const kg_term *kgsh_table_cell(const kgsh_table *t, size_t row, size_t column)
{
    return t->cells[row * t->columns + column];
}

void kgsh_table_free(kgsh_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->rows * t->columns; i++)
        kg_term_free(t->cells[i]);
    for (size_t i = 0; i < t->columns; i++)
        free(t->names[i]);
    free(t->names);
    free(t->cells);
    free(t);
}

/* ---------------------------------------------------- text and width */

/* One UTF-8 character at s (n > 0 bytes left): its length, or 0 for an
 * invalid or truncated sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, ucs4_t *cp)
{
    int len = u8_mbtoucr(cp, s, n);
    return len > 0 ? (size_t)len : 0;
}

/* Terminal cells of one character; a control or unassigned one counts as
 * one cell, as it would show as a replacement glyph. */
static size_t char_width(ucs4_t cp)
{
    int w = uc_width(cp, "UTF-8");
    return w < 0 ? 1 : (size_t)w;
}

size_t kgsh_text_width(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t width = 0;
    for (size_t i = 0; i < len;) {
        ucs4_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        width += n ? char_width(cp) : 1;
        i += n ? n : 1;
    }
    return width;
}

/* Writes the character at s (n > 0 bytes left) as a cell shows it:
 * control characters (C0, DEL and C1, which terminals obey) escaped,
 * an invalid byte as U+FFFD. Returns the bytes it took; *cells gets the
 * terminal cells written. */
static size_t put_clean_char(FILE *m, const unsigned char *s, size_t n, size_t *cells)
{
    ucs4_t cp;
    size_t len = utf8_decode(s, n, &cp);
    if (len == 0) {
        fputs("\xEF\xBF\xBD", m);
        *cells = 1;
        return 1;
    }
    char hex[12];
    const char *esc = cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : cp == '\r' ? "\\r" : NULL;
    if (!esc && (cp < 0x20 || cp == 0x7F)) {
        snprintf(hex, sizeof hex, "\\x%02X", (unsigned)cp);
        esc = hex;
    } else if (!esc && cp >= 0x80 && cp < 0xA0) {
        snprintf(hex, sizeof hex, "\\u%04X", (unsigned)cp);
        esc = hex;
    }
    if (esc) {
        fputs(esc, m);
        *cells = strlen(esc);
    } else {
        fwrite(s, 1, len, m);
        *cells = char_width(cp);
    }
    return len;
}

/* Appends text to a memstream with control characters escaped and invalid
 * UTF-8 replaced by U+FFFD, so a cell is one line of known width. */
static void put_clean(FILE *m, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t cells;
    for (size_t i = 0; i < len;)
        i += put_clean_char(m, s + i, len - i, &cells);
}

static void put_iri(FILE *m, const kgsh_prefixes *p, const char *iri)
{
    char small[512];
    size_t n = kgsh_prefixes_compact(p, iri, small, sizeof small);
    if (n < sizeof small) {
        put_clean(m, small, n);
        return;
    }
    char *big = malloc(n + 1);
    if (big) {
        kgsh_prefixes_compact(p, iri, big, n + 1);
        put_clean(m, big, n);
    }
    free(big);
}

static void put_term(FILE *m, const kgsh_prefixes *p, const kg_term *t)
{
    switch (t->kind) {
    case KG_TERM_NONE:
        break;
    case KG_TERM_IRI:
        put_iri(m, p, t->value);
        break;
    case KG_TERM_BLANK:
        fputs("_:", m);
        put_clean(m, t->value, strlen(t->value));
        break;
    case KG_TERM_LITERAL:
        if (t->lang) {
            fputc('"', m);
            put_clean(m, t->value, t->value_len);
            fprintf(m, "\"@%s", t->lang);
        } else if (!t->datatype || strncmp(t->datatype, KG_XSD, strlen(KG_XSD)) == 0) {
            /* strings, numbers, dates, booleans: their text reads best */
            put_clean(m, t->value, t->value_len);
        } else {
            fputc('"', m);
            put_clean(m, t->value, t->value_len);
            fputs("\"^^", m);
            put_iri(m, p, t->datatype);
        }
        break;
    }
}

/* What put_term (term != NULL) or put_clean (text) writes, as a string. */
static char *display(const kgsh_prefixes *p, const kg_term *term, const char *text, size_t len)
{
    char *out = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&out, &n);
    if (!m)
        return NULL;
    if (term)
        put_term(m, p, term);
    else
        put_clean(m, text, len);
    if (fclose(m) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

char *kgsh_term_display(const kgsh_prefixes *p, const kg_term *t)
{
    return display(p, t, NULL, 0);
}

char *kgsh_text_display(const char *text, size_t len)
{
    return display(NULL, NULL, text, len);
}

/* --------------------------------------------------- table and lines */

/* A table's cells as display strings, with labels when .labels is on. */
typedef struct grid {
    size_t rows, columns;
    char **cells;   /* rows * columns */
    size_t *widths; /* display width of each cell */
    bool *middle;   /* cut the cell in the middle (an IRI) when too wide */
} grid;

typedef struct cached {
    char *iri, *label;
} cached;

typedef struct label_cache {
    cached *items;
    size_t n, cap;
} label_cache;

static const char *cached_label(kgsh_session *s, label_cache *c, const char *iri)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].iri, iri) == 0)
            return c->items[i].label;
    if (!kg_grow(&c->items, &c->cap, c->n, sizeof *c->items, 32))
        return NULL;
    char *copy = strdup(iri);
    if (!copy)
        return NULL;
    c->items[c->n] = (cached){copy, kgsh_label(s, iri)};
    return c->items[c->n++].label;
}

static void grid_free(grid *g)
{
    for (size_t i = 0; g->cells && i < g->rows * g->columns; i++)
        free(g->cells[i]);
    free(g->cells);
    free(g->widths);
    free(g->middle);
}

static bool grid_fill(kgsh_session *s, const kgsh_table *t, grid *g)
{
    *g = (grid){t->rows, t->columns, calloc(t->rows * t->columns + 1, sizeof(char *)),
                calloc(t->rows * t->columns + 1, sizeof(size_t)),
                calloc(t->rows * t->columns + 1, sizeof(bool))};
    label_cache cache = {0};
    bool ok = g->cells && g->widths && g->middle;
    for (size_t i = 0; ok && i < t->rows * t->columns; i++) {
        const kg_term *term = t->cells[i];
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (!m) {
            ok = false;
            break;
        }
        put_term(m, s->prefixes, term);
        const char *label =
            s->labels && term->kind == KG_TERM_IRI ? cached_label(s, &cache, term->value) : NULL;
        if (label) {
            fputs(" (", m);
            put_clean(m, label, strlen(label));
            fputc(')', m);
        }
        ok = fclose(m) == 0;
        g->middle[i] = term->kind == KG_TERM_IRI && !label;
        g->cells[i] = text;
        g->widths[i] = ok ? kgsh_text_width(text, len) : 0;
    }
    for (size_t i = 0; i < cache.n; i++) {
        free(cache.items[i].iri);
        free(cache.items[i].label);
    }
    free(cache.items);
    if (!ok)
        kgsh_fail(s, "out of memory");
    return ok;
}

/* The byte length of text's longest start that fits in width cells;
 * *used gets the cells it takes. */
static size_t fitting(const char *text, size_t len, size_t width, size_t *used)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    *used = 0;
    while (i < len) {
        ucs4_t cp;
        size_t n = utf8_decode(u + i, len - i, &cp);
        size_t w = n ? char_width(cp) : 1;
        if (*used + w > width)
            break;
        *used += w;
        i += n ? n : 1;
    }
    return i;
}

/* Writes text cut to at most width cells, then pads it to exactly width
 * cells. The cut shows as "…": at the end, or in the middle (a third of
 * the width before it, the rest after) so that IRIs differing only in
 * their last characters stay apart. */
static void put_fitted(FILE *out, const char *text, size_t text_width, size_t width,
                       bool middle)
{
    if (text_width <= width) {
        fputs(text, out);
        for (size_t i = text_width; i < width; i++)
            fputc(' ', out);
        return;
    }
    size_t len = strlen(text), used;
    size_t n = fitting(text, len, middle ? (width - 1) / 3 : width - 1, &used);
    fwrite(text, 1, n, out);
    fputs("…", out);
    used++;
    if (middle) { /* the tail: the shortest end that fits the cells left */
        size_t tail = width - used, head_used = used - 1, skipped;
        size_t from = n + fitting(text + n, len - n, text_width - head_used - tail, &skipped);
        while (text_width - head_used - skipped > tail && from < len) { /* a wide character */
            ucs4_t cp;
            size_t k = utf8_decode((const unsigned char *)text + from, len - from, &cp);
            from += k ? k : 1;
            skipped += k ? char_width(cp) : 1;
        }
        fputs(text + from, out);
        used += text_width - head_used - skipped;
    }
    for (; used < width; used++)
        fputc(' ', out);
}

size_t kgsh_column_limit(const kgsh_session *s, size_t column)
{
    size_t max = s->max_cell ? s->max_cell : KGSH_MAX_CELL;
    return column < s->nwidths && s->widths[column] ? s->widths[column] : max;
}

static int terminal_columns(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

static void put_rule(FILE *out, const size_t *col_width, size_t columns)
{
    for (size_t c = 0; c < columns; c++) {
        fputc('+', out);
        for (size_t i = 0; i < col_width[c] + 2; i++)
            fputc('-', out);
    }
    fputs("+\n", out);
}

static void put_row(FILE *out, char *const *cells, const size_t *widths, const bool *middle,
                    const size_t *col_width, size_t columns)
{
    for (size_t c = 0; c < columns; c++) {
        fputs("| ", out);
        put_fitted(out, cells[c], widths[c], col_width[c], middle && middle[c]);
        fputc(' ', out);
    }
    fputs("|\n", out);
}

/* Table and line output, fed block by block, so that a query's first rows
 * are printed before it has produced its last and only one block is held:
 * the column widths (and whether .expanded auto shows records) are decided
 * on the first block; a later block with wider cells starts the table
 * again under a new header (printer_layout). */
typedef struct printer {
    kgsh_session *s;
    FILE *out;
    char **names;
    size_t columns;
    bool records;       /* one "name = value" line per column */
    bool started;       /* the first block has been seen */
    size_t *col_width;  /* grid: each column's width */
    size_t *next_width; /* grid: the widths a block needs */
    size_t *name_width; /* each name's width */
    size_t name_max;    /* records: the widest name */
    size_t rows;        /* printed so far */
    bool failed;
} printer;

static bool printer_init(printer *p, kgsh_session *s, FILE *out, char **names, size_t columns)
{
    *p = (printer){.s = s, .out = out, .names = names, .columns = columns,
                   .records = s->mode == KGSH_MODE_LINE || s->expanded,
                   .col_width = calloc(columns + 1, sizeof(size_t)),
                   .next_width = calloc(columns + 1, sizeof(size_t)),
                   .name_width = calloc(columns + 1, sizeof(size_t))};
    if (!p->col_width || !p->next_width || !p->name_width) {
        free(p->col_width);
        free(p->next_width);
        free(p->name_width);
        kgsh_fail(s, "out of memory");
        return false;
    }
    for (size_t c = 0; c < columns; c++) {
        p->name_width[c] = kgsh_text_width(names[c], strlen(names[c]));
        if (p->name_width[c] > p->name_max)
            p->name_max = p->name_width[c];
    }
    return true;
}

static void put_head(printer *p)
{
    put_rule(p->out, p->col_width, p->columns);
    if (p->s->headers) {
        put_row(p->out, p->names, p->name_width, NULL, p->col_width, p->columns);
        put_rule(p->out, p->col_width, p->columns);
    }
}

/* Column widths for a block: the widest cell or name, at most the
 * column's limit. The first block sets them (and, with .expanded auto,
 * whether records are shown: when the rows are wider than the terminal);
 * a later block that needs a column wider closes the table and starts it
 * again, with the header, at the new widths. */
static void printer_layout(printer *p, const grid *g)
{
    kgsh_session *s = p->s;
    size_t total = 1;
    bool wider = !p->started;
    for (size_t c = 0; c < p->columns; c++) {
        size_t w = p->started ? p->col_width[c] : s->headers ? p->name_width[c] : 1;
        for (size_t r = 0; r < g->rows; r++)
            if (g->widths[r * p->columns + c] > w)
                w = g->widths[r * p->columns + c];
        size_t limit = kgsh_column_limit(s, c);
        p->next_width[c] = w > limit ? limit : w;
        wider = wider || p->next_width[c] > p->col_width[c];
        total += p->next_width[c] + 3;
    }
    if (!p->started && s->expanded_auto && s->tty_out && s->out == stdout && g->rows > 0 &&
        total > (size_t)terminal_columns())
        p->records = true; /* rows wider than the screen read better as records */
    if (p->records || !wider)
        return;
    if (p->rows > 0)
        put_rule(p->out, p->col_width, p->columns);
    memcpy(p->col_width, p->next_width, p->columns * sizeof *p->col_width);
    put_head(p);
}

static void put_record(printer *p, const grid *g, size_t r)
{
    if (p->rows > 0)
        fputc('\n', p->out);
    for (size_t c = 0; c < p->columns; c++) {
        for (size_t i = p->name_width[c]; i < p->name_max; i++)
            fputc(' ', p->out);
        fprintf(p->out, "%s = %s\n", p->names[c], g->cells[r * p->columns + c]);
    }
}

/* Prints the rows of t (the next block). False on failure (reported). */
static bool printer_block(printer *p, const kgsh_table *t)
{
    grid g;
    if (!grid_fill(p->s, t, &g)) {
        grid_free(&g);
        p->failed = true;
        return false;
    }
    printer_layout(p, &g);
    p->started = true;
    for (size_t r = 0; r < g.rows && !kgsh_interrupted(); r++, p->rows++) {
        if (p->records)
            put_record(p, &g, r);
        else
            put_row(p->out, g.cells + r * p->columns, g.widths + r * p->columns,
                    g.middle + r * p->columns, p->col_width, p->columns);
    }
    grid_free(&g);
    return true;
}

/* Closes the table: the bottom rule and, unless in line or expanded mode,
 * the row count (not after a failure: the error says what happened). */
static void printer_end(printer *p, bool complete)
{
    kgsh_session *s = p->s;
    if (!p->started && complete) {
        kgsh_table *empty = kgsh_table_new((const char *const *)p->names, p->columns);
        if (empty)
            printer_block(p, empty);
        kgsh_table_free(empty);
    }
    if (p->started && !p->records && p->rows > 0)
        put_rule(p->out, p->col_width, p->columns);
    bool counted = !(s->mode == KGSH_MODE_LINE || s->expanded);
    if (complete && !p->failed && counted)
        fprintf(p->out, "(%zu row%s)\n", p->rows, p->rows == 1 ? "" : "s");
    free(p->col_width);
    free(p->next_width);
    free(p->name_width);
}

static bool render_text(kgsh_session *s, const kgsh_table *t, FILE *out)
{
    printer p;
    if (!printer_init(&p, s, out, t->names, t->columns))
        return false;
    bool ok = printer_block(&p, t);
    printer_end(&p, ok);
    return ok;
}

/* --------------------------------------------------- W3C formats */

/* With .headers off, CSV and TSV output drops its first line: a stream
 * that swallows everything up to the first newline. */
typedef struct skip_line {
    FILE *to;
    bool done;
} skip_line;

static ssize_t skip_write(void *cookie, const char *buf, size_t size)
{
    skip_line *k = cookie;
    size_t from = 0;
    if (!k->done) {
        const char *nl = memchr(buf, '\n', size);
        if (!nl)
            return (ssize_t)size;
        k->done = true;
        from = (size_t)(nl - buf) + 1;
    }
    if (from < size && fwrite(buf + from, 1, size - from, k->to) != size - from)
        return -1;
    return (ssize_t)size;
}

static FILE *headerless(FILE *out, skip_line *k)
{
    *k = (skip_line){out, false};
    cookie_io_functions_t io = {.write = skip_write};
    return fopencookie(k, "w", io);
}

static bool writer_format(kgsh_mode mode, kg_results_format *fmt)
{
    switch (mode) {
    case KGSH_MODE_CSV: *fmt = KG_RESULTS_CSV; return true;
    case KGSH_MODE_TSV: *fmt = KG_RESULTS_TSV; return true;
    case KGSH_MODE_JSON: *fmt = KG_RESULTS_JSON; return true;
    case KGSH_MODE_XML: *fmt = KG_RESULTS_XML; return true;
    case KGSH_MODE_NTRIPLES: *fmt = KG_RESULTS_NTRIPLES; return true;
    default: return false;
    }
}

/* The stream to write a W3C format to: out, or a header-dropping wrapper. */
static FILE *format_stream(kgsh_session *s, kg_results_format fmt, FILE *out, skip_line *k)
{
    if (!s->headers && (fmt == KG_RESULTS_CSV || fmt == KG_RESULTS_TSV))
        return headerless(out, k);
    return out;
}

static kg_results_writer *new_writer(const kgsh_session *s, kg_results_format fmt, FILE *to)
{
    kg_results_writer *w = NULL;
    if (kg_results_writer_new(&w, fmt, to) == KG_OK && s->csv_safe)
        kg_results_writer_set_flags(w, KG_RESULTS_CSV_FORMULA_SAFE);
    return w;
}

static bool table_to_writer(kgsh_session *s, const kgsh_table *t, kg_results_format fmt, FILE *out)
{
    skip_line k;
    FILE *to = format_stream(s, fmt, out, &k);
    kg_results_writer *w = to ? new_writer(s, fmt, to) : NULL;
    kg_status st = w ? kg_results_writer_head(w, (const char *const *)t->names, t->columns)
                     : KG_ERR_NOMEM;
    kg_term *row = calloc(t->columns + 1, sizeof *row);
    if (!row)
        st = KG_ERR_NOMEM;
    for (size_t r = 0; st == KG_OK && r < t->rows; r++) {
        for (size_t c = 0; c < t->columns; c++)
            row[c] = *kgsh_table_cell(t, r, c);
        st = kg_results_writer_row(w, row);
    }
    if (st == KG_OK)
        st = kg_results_writer_end(w);
    kg_results_writer_free(w);
    free(row);
    if (to && to != out)
        fclose(to);
    if (st != KG_OK)
        kgsh_fail(s, "cannot write the table: %s", kg_strerror(st));
    return st == KG_OK;
}

bool kgsh_render_table(kgsh_session *s, const kgsh_table *t, FILE *out)
{
    kg_results_format fmt;
    if (s->mode != KGSH_MODE_NTRIPLES && writer_format(s->mode, &fmt))
        return table_to_writer(s, t, fmt, out);
    return render_text(s, t, out);
}

/* ---------------------------------------------------- query results */

/* An empty table with r's columns; NULL on ENOMEM. */
static kgsh_table *results_table(kg_results *r)
{
    size_t columns = kg_results_column_count(r);
    const char **names = calloc(columns + 1, sizeof *names);
    kgsh_table *t = NULL;
    if (names) {
        for (size_t c = 0; c < columns; c++)
            names[c] = kg_results_column_name(r, c);
        t = kgsh_table_new(names, columns);
    }
    free(names);
    return t;
}

static void table_clear(kgsh_table *t)
{
    for (size_t i = 0; i < t->rows * t->columns; i++)
        kg_term_free(t->cells[i]);
    t->rows = 0;
}

typedef enum { READ_OK, READ_QUERY_FAILED, READ_NOMEM } read_status;

/* Copies up to max more rows of r into t; *more says whether rows may
 * remain. Nothing is reported, so that rows already read can be shown
 * before the error. */
static read_status read_rows(kg_results *r, kgsh_table *t, size_t max, bool *more)
{
    kg_term *row = calloc(t->columns + 1, sizeof *row);
    read_status st = row ? READ_OK : READ_NOMEM;
    *more = true;
    for (size_t n = 0; st == READ_OK && n < max; n++) {
        if (kg_results_next(more, r) != KG_OK)
            st = READ_QUERY_FAILED;
        else if (!*more)
            break;
        else {
            for (size_t c = 0; c < t->columns; c++)
                row[c] = *kg_results_value(r, c);
            if (!kgsh_table_add(t, row))
                st = READ_NOMEM;
        }
    }
    free(row);
    return st;
}

static bool report_read(kgsh_session *s, kg_query *q, read_status st)
{
    if (st == READ_QUERY_FAILED)
        kgsh_fail_kg(s, kg_query_error(q));
    else if (st == READ_NOMEM)
        kgsh_fail(s, "out of memory");
    return st == READ_OK;
}

/* Copies every remaining row of r into a table. */
static kgsh_table *collect(kgsh_session *s, kg_query *q, kg_results *r)
{
    kgsh_table *t = results_table(r);
    bool more;
    if (!report_read(s, q, t ? read_rows(r, t, SIZE_MAX, &more) : READ_NOMEM)) {
        kgsh_table_free(t);
        return NULL;
    }
    return t;
}

/* Table and line modes read and print KGSH_TABLE_BLOCK rows at a time
 * (the first block sets the column widths). */
#define KGSH_TABLE_BLOCK 1000

static bool render_text_streamed(kgsh_session *s, kg_query *q, kg_results *r, FILE *out)
{
    kgsh_table *t = results_table(r);
    printer p;
    if (!t || !printer_init(&p, s, out, t->names, t->columns)) {
        if (!t)
            kgsh_fail(s, "out of memory");
        kgsh_table_free(t);
        return false;
    }
    read_status st = READ_OK;
    bool more = true, shown = true;
    while (st == READ_OK && shown && more && !kgsh_interrupted()) {
        table_clear(t);
        st = read_rows(r, t, KGSH_TABLE_BLOCK, &more);
        if (t->rows > 0)
            shown = printer_block(&p, t);
    }
    printer_end(&p, st == READ_OK && shown);
    kgsh_table_free(t);
    return report_read(s, q, st) && shown;
}

static bool render_streamed(kgsh_session *s, kg_query *q, kg_results *r, kg_results_format fmt,
                            FILE *out)
{
    kg_query_form form = kg_results_form(r);
    if (fmt == KG_RESULTS_NTRIPLES && form != KG_QUERY_CONSTRUCT && form != KG_QUERY_DESCRIBE) {
        kgsh_fail(s, "ntriples output needs a CONSTRUCT or DESCRIBE query (try .mode table)");
        return false;
    }
    skip_line k;
    FILE *to = format_stream(s, fmt, out, &k);
    kg_error err = {0};
    kg_results_writer *w = to ? new_writer(s, fmt, to) : NULL;
    kg_status st = w ? kg_results_write_to(w, r, &err) : KG_ERR_NOMEM;
    kg_results_writer_free(w);
    if (to && to != out)
        fclose(to);
    if (st == KG_ERR_NOMEM && !w)
        kgsh_fail(s, "out of memory");
    else if (st != KG_OK)
        kgsh_fail_kg(s, err.message[0] ? &err : kg_query_error(q));
    return st == KG_OK;
}

bool kgsh_render_results(kgsh_session *s, kg_query *q, kg_results *r, FILE *out)
{
    kg_query_form form = kg_results_form(r);
    kg_results_format fmt;
    bool ok;
    if (form == KG_QUERY_UPDATE) {
        uint64_t added = 0, removed = 0;
        kg_results_update_counts(&added, &removed, r);
        kg_results_free(r);
        kgsh_note(s, "%llu quad%s added, %llu removed", (unsigned long long)added,
                  added == 1 ? "" : "s", (unsigned long long)removed);
        return true;
    }
    if (writer_format(s->mode, &fmt)) {
        ok = render_streamed(s, q, r, fmt, out);
        kg_results_free(r);
        return ok;
    }
    if (form == KG_QUERY_ASK) {
        fprintf(out, "%s\n", kg_results_boolean(r) ? "true" : "false");
        kg_results_free(r);
        return true;
    }
    bool triples = form == KG_QUERY_CONSTRUCT || form == KG_QUERY_DESCRIBE;
    /* .labels looks labels up with queries, which cannot run while r is
     * open: then every row is read first */
    if (!triples && !s->labels && (s->mode == KGSH_MODE_TABLE || s->mode == KGSH_MODE_LINE)) {
        ok = render_text_streamed(s, q, r, out);
        kg_results_free(r);
        return ok;
    }
    kgsh_table *t = collect(s, q, r);
    kg_results_free(r);
    if (!t)
        return false;
    if (s->mode == KGSH_MODE_TURTLE && !triples) {
        kgsh_fail(s, "turtle output needs a CONSTRUCT or DESCRIBE query (try .mode table)");
        ok = false;
    } else if (triples && (s->mode == KGSH_MODE_TURTLE || s->mode == KGSH_MODE_TABLE)) {
        ok = kgsh_write_turtle(s->prefixes, t, out);
        if (!ok)
            kgsh_fail(s, "cannot write Turtle");
    } else {
        ok = render_text(s, t, out);
    }
    kgsh_table_free(t);
    return ok;
}

void kgsh_put_caret(FILE *out, const char *line, size_t len, unsigned long column)
{
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    /* The line comes from the input: it is shown as a cell would be (an ESC
     * in a data file must not reach the terminal), and the caret's padding
     * counts the cells each character took, escapes included. A tab stays a
     * tab in both lines so that they line up. */
    const unsigned char *u = (const unsigned char *)line;
    char *pad = NULL;
    size_t pad_len = 0;
    FILE *p = open_memstream(&pad, &pad_len);
    fputs("  ", out);
    unsigned long chars = 1;
    for (size_t i = 0; i < len; chars++) {
        size_t cells = 1;
        bool tab = line[i] == '\t';
        if (tab) {
            fputc('\t', out);
            i++;
        } else {
            i += put_clean_char(out, u + i, len - i, &cells);
        }
        for (; p && chars < column && cells > 0; cells--)
            fputc(tab ? '\t' : ' ', p);
    }
    if (p && fclose(p) != 0) {
        free(pad);
        pad = NULL; /* the caret goes under the first column then */
    }
    fprintf(out, "\n  %s^\n", pad ? pad : "");
    free(pad);
}

bool kgsh_utf8_valid(const char *text, size_t len)
{
    return u8_check((const uint8_t *)text, len) == NULL;
}
