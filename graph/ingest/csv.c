/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/csv.c - the RFC 4180 CSV reader (see csv.h): quoted fields with
 * embedded line breaks and doubled quotes, CRLF/LF/CR records, BOM, UTF-8
 * checks (util/utf8.h), and recovery at the next line after a malformed
 * record. */
#include "ingest/csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kg/grow.h"
#include "util/utf8.h"

void kg_csv_init(kg_csv *csv, const char *text, size_t len)
{
    memset(csv, 0, sizeof *csv);
    csv->text = text;
    csv->len = len;
    csv->line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        csv->pos = 3;
}

void kg_csv_free(kg_csv *csv)
{
    kg_buf_free(&csv->fields);
    free(csv->offsets);
    memset(csv, 0, sizeof *csv);
}

/* Consumes one line break at pos (CRLF, LF or CR) if there is one. */
static bool eat_newline(kg_csv *csv)
{
    if (csv->pos < csv->len && csv->text[csv->pos] == '\r') {
        csv->pos++;
        if (csv->pos < csv->len && csv->text[csv->pos] == '\n')
            csv->pos++;
        csv->line++;
        return true;
    }
    if (csv->pos < csv->len && csv->text[csv->pos] == '\n') {
        csv->pos++;
        csv->line++;
        return true;
    }
    return false;
}

/* Moves past the end of the current line (recovery after a fault). */
static void skip_line(kg_csv *csv)
{
    while (csv->pos < csv->len && csv->text[csv->pos] != '\n' && csv->text[csv->pos] != '\r')
        csv->pos++;
    eat_newline(csv);
}

static bool end_field(kg_csv *csv, size_t start)
{
    if (!kg_grow(&csv->offsets, &csv->cap, csv->count, sizeof *csv->offsets, 16))
        return false;
    csv->offsets[csv->count++] = start;
    return true;
}

static kg_csv_result malformed(unsigned long *line, unsigned long at, char *message, size_t size,
                               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static kg_csv_result malformed(unsigned long *line, unsigned long at, char *message, size_t size,
                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, size, fmt, ap);
    va_end(ap);
    *line = at;
    return KG_CSV_MALFORMED;
}

/* Reads a quoted field starting at the opening quote; appends its text. */
static kg_csv_result quoted_field(kg_csv *csv, unsigned long *line, char *message, size_t size)
{
    unsigned long open_line = csv->line;
    size_t open_pos = csv->pos++;
    for (;;) {
        if (csv->pos >= csv->len) {
            /* resume on the line after the opening quote, not at the end */
            csv->pos = open_pos;
            csv->line = open_line;
            skip_line(csv);
            return malformed(line, open_line, message, size, "a quoted field is never closed");
        }
        char c = csv->text[csv->pos];
        if (c == '"') {
            if (csv->pos + 1 < csv->len && csv->text[csv->pos + 1] == '"') {
                if (!kg_buf_putc(&csv->fields, '"'))
                    return KG_CSV_NOMEM;
                csv->pos += 2;
                continue;
            }
            csv->pos++;
            return KG_CSV_RECORD;
        }
        if (c == '\n' ||
            (c == '\r' && !(csv->pos + 1 < csv->len && csv->text[csv->pos + 1] == '\n')))
            csv->line++;
        if (!kg_buf_putc(&csv->fields, c))
            return KG_CSV_NOMEM;
        csv->pos++;
    }
}

kg_csv_result kg_csv_next(kg_csv *csv, unsigned long *line, char *message, size_t size)
{
    while (eat_newline(csv))
        ;
    if (csv->pos >= csv->len)
        return KG_CSV_END;
    *line = csv->line;
    kg_buf_clear(&csv->fields);
    csv->count = 0;
    size_t record_start = csv->pos;
    unsigned long record_line = csv->line;
    for (;;) {
        size_t start = csv->fields.len;
        if (csv->pos < csv->len && csv->text[csv->pos] == '"') {
            kg_csv_result r = quoted_field(csv, line, message, size);
            if (r != KG_CSV_RECORD)
                return r;
            char c = csv->pos < csv->len ? csv->text[csv->pos] : '\n';
            if (c != ',' && c != '\n' && c != '\r') {
                unsigned long at = csv->line;
                skip_line(csv);
                return malformed(line, at, message, size,
                                 "text after the closing quote of a field");
            }
        } else {
            while (csv->pos < csv->len) {
                char c = csv->text[csv->pos];
                if (c == ',' || c == '\n' || c == '\r')
                    break;
                if (c == '"') {
                    unsigned long at = csv->line;
                    skip_line(csv);
                    return malformed(line, at, message, size,
                                     "a quote inside an unquoted field (quote the whole field "
                                     "and double the quote)");
                }
                if (!kg_buf_putc(&csv->fields, c))
                    return KG_CSV_NOMEM;
                csv->pos++;
            }
        }
        if (!kg_buf_putc(&csv->fields, '\0') || !end_field(csv, start))
            return KG_CSV_NOMEM;
        if (csv->pos < csv->len && csv->text[csv->pos] == ',') {
            csv->pos++;
            continue;
        }
        eat_newline(csv);
        break;
    }
    size_t bad;
    if (!kg_utf8_check(csv->text + record_start, csv->pos - record_start, &bad)) {
        unsigned long at = record_line;
        for (size_t i = record_start; i < record_start + bad; i++)
            if (csv->text[i] == '\n' ||
                (csv->text[i] == '\r' && (i + 1 >= csv->len || csv->text[i + 1] != '\n')))
                at++;
        return malformed(line, at, message, size, "invalid UTF-8 (byte 0x%02X)",
                         (unsigned char)csv->text[record_start + bad]);
    }
    return KG_CSV_RECORD;
}
