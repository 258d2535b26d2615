/* sizecheck.c — checked sizes and the memory ceiling (sizecheck.h). */
#include "sizecheck.h"
#include "error.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ctome_mem_ceiling(void)
{
    const char *s = getenv("CTOME_MAX_MEMORY");
    if (!s || !*s)
        return CTOME_MEM_CEILING_DEFAULT;
    char *end;
    double v = strtod(s, &end);
    double mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1024.0; end++; break;
    case 'm': case 'M': mul = 1024.0 * 1024; end++; break;
    case 'g': case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
    case 't': case 'T': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    v *= mul;
    /* An unparsable value keeps the default rather than lifting every limit. */
    if (end == s || *end || !isfinite(v) || v < 1)
        return CTOME_MEM_CEILING_DEFAULT;
    return v >= (double)SIZE_MAX ? SIZE_MAX : (size_t)v;
}

int ctome_size_mul_overflows(size_t a, size_t b, size_t *out)
{
    if (a && b > SIZE_MAX / a)
        return 1;
    *out = a * b;
    return 0;
}

void ctome_format_bytes(double bytes, char *buf, size_t sz)
{
    static const char *const unit[] = {"B", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (u < 4 && bytes >= 1024) {
        bytes /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, sz, "%.0f %s", bytes, unit[u]);
    else if (bytes < 10)
        snprintf(buf, sz, "%.1f %s", bytes, unit[u]);
    else if (bytes < 1e6)
        snprintf(buf, sz, "%.0f %s", bytes, unit[u]);
    else
        snprintf(buf, sz, "%.2g %s", bytes, unit[u]);
}

int ctome_size_check(double count, size_t elem, const char *what_for, const char *what,
                     const char *hint, size_t *n)
{
    if (!what_for)
        what_for = "the request";
    if (!what)
        what = "memory";
    if (!isfinite(count) || count < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "%s gives %g %s, not a count", what_for, count, what);
    double bytes = floor(count) * (double)(elem ? elem : 1);
    size_t ceiling = ctome_mem_ceiling();
    /* Compare in double first: a count beyond 2^64 must not be converted. */
    if (bytes > (double)ceiling || floor(count) >= (double)SIZE_MAX) {
        char need[64], cap[64];
        ctome_format_bytes(bytes, need, sizeof need);
        ctome_format_bytes((double)ceiling, cap, sizeof cap);
        return ctome_error(CTOME_EVALUE, NULL, 0, "%s needs %s of %s (ceiling %s, CTOME_MAX_MEMORY)%s%s",
                           what_for, need, what, cap, hint ? "; " : "", hint ? hint : "");
    }
    if (n)
        *n = (size_t)count;
    return CTOME_OK;
}

int ctome_size_check3(size_t a, size_t b, size_t c, size_t elem, const char *what_for,
                      const char *what, const char *hint, size_t *n)
{
    return ctome_size_check((double)a * (double)b * (double)c, elem, what_for, what, hint, n);
}
