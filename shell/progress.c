/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* shell/progress.c - the progress line (progress.h). */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Seconds before the line appears: 1, or $KGSH_PROGRESS_AFTER (the tests
 * set 0 so that a small file shows it). */
static double delay(void)
{
    const char *env = getenv("KGSH_PROGRESS_AFTER");
    return env && *env ? atof(env) : 1.0;
}

void kgsh_progress_begin(kgsh_progress *p, kgsh_session *s, const char *unit, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->what, sizeof p->what, fmt, ap);
    va_end(ap);
    p->unit = unit;
    p->start = kgsh_seconds();
    p->delay = delay();
    p->shown = false;
    p->enabled = s->read_depth == 0 && !s->script && isatty(STDERR_FILENO);
}

/* 1234567 as "1,234,567". */
static void grouped(char *out, size_t size, uint64_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

void kgsh_progress_update(void *ctx, uint64_t done, uint64_t bytes, uint64_t total_bytes)
{
    kgsh_progress *p = ctx;
    double elapsed = kgsh_seconds() - p->start;
    if (!p->enabled || elapsed < p->delay || elapsed <= 0)
        return;
    char count[32], rate[32], left[48] = "";
    grouped(count, sizeof count, done);
    grouped(rate, sizeof rate, (uint64_t)((double)done / elapsed));
    if (total_bytes && bytes && bytes <= total_bytes)
        snprintf(left, sizeof left, ", %.0f s left",
                 elapsed * (double)(total_bytes - bytes) / (double)bytes);
    fprintf(stderr, "\r\033[K%s: %s %s, %s/s%s", p->what, count, p->unit, rate, left);
    fflush(stderr);
    p->shown = true;
}

void kgsh_progress_end(kgsh_progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}
