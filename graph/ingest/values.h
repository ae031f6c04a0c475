/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ingest/values.h - money amounts and dates in token streams: "HK$4
 * million" (4000000, HKD), "US$129 million", "100 million yuan", "October
 * 2019" (xsd:gYearMonth 2019-10), "February 26" (xsd:gMonthDay --02-26),
 * "26 February 2025" (xsd:date), "2015" (xsd:gYear), and dates relative to
 * the article's ("on Monday", "last year"). Currency symbols and
 * words come from the rules file; month names are English. Private. */
#ifndef KG_INGEST_VALUES_H
#define KG_INGEST_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/rules.h"
#include "kg/status.h"
#include "ingest/tokens.h"

typedef struct kgi_value {
    char lex[48];         /* "4000000", "2019-10" */
    const char *datatype; /* full XSD IRI (static) */
    char currency[8];     /* ISO 4217 code for money */
    size_t end;           /* token after the value */
} kgi_value;

/* A value of the kind starting at token i. today is the article's date as
 * an xsd:date ("2026-02-03") or NULL; with it, dates the text gives
 * relative to it are resolved where it makes them certain: a weekday ("on
 * Monday": the last one on or before today), "last/this/next year",
 * "last/this month", a month and day without a year (the year nearest
 * today), a month alone after "in", "since", "until" (the last such month
 * on or before today). */
bool kgi_value_at(const kgi_rules *rules, const kgi_tokens *toks, size_t i, kgi_value_kind kind,
                  const char *today, kgi_value *out);
/* A date written alone ("February 26", "2025-02-26", "26 Feb 2025"), as
 * for a Date: header. */
bool kgi_date_parse(const char *text, kgi_value *out);
/* The same, telling a text without a date (*found false, KG_OK) from a
 * failure to allocate (KG_ERR_NOMEM). */
kg_status kgi_date_find(const char *text, kgi_value *out, bool *found);

#endif
