/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/datetime.h - xsd:dateTime and xsd:date values: lexical forms,
 * comparison with the XML Schema timezone rules, and the parts the SPARQL
 * date functions return. Private to libkg. */
#ifndef KG_SPARQL_DATETIME_H
#define KG_SPARQL_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kg_datetime {
    bool is_date;       /* xsd:date: no time of day */
    int64_t year;       /* may be negative; no year 0 in the lexical form */
    int month, day, hour, minute, second;
    char frac[24];      /* fractional second digits, trailing zeros removed */
    bool has_tz;
    int tz_minutes;     /* offset from UTC when has_tz */
} kg_datetime;

/* Parses an xsd:dateTime (is_date false) or xsd:date lexical form,
 * checking field ranges and the days of the month. "T24:00:00" is read as
 * 00:00:00 of the next day (XSD 1.1 3.3.7). */
bool kg_datetime_parse(const char *s, size_t len, bool is_date, kg_datetime *out);

/* Compares two values of the same kind: -1, 0, 1, or 2 when the order is
 * indeterminate (one has a timezone and the other lies within 14 hours). */
int kg_datetime_cmp(const kg_datetime *a, const kg_datetime *b);

/* The timezone as an xsd:dayTimeDuration ("PT0S", "-PT8H", "PT5H30M") into
 * buf (at least 16 bytes). Requires has_tz. */
void kg_datetime_tz_duration(const kg_datetime *dt, char *buf, size_t size);
/* The timezone as written by TZ(): "Z", "-08:00", or "" without one. */
void kg_datetime_tz_text(const kg_datetime *dt, char *buf, size_t size);

/* The lexical form (dates widened to midnight when as_datetime is set). */
void kg_datetime_format(const kg_datetime *dt, bool as_datetime, char *buf, size_t size);

#endif
