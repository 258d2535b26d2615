/* validate.c — the ingest checks of validate.h: names and weight sums. */
#include "validate.h"
#include "error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The name with control characters and bytes >= 0x80 escaped (\t, \n,
 * \xNN), cut to fit out[sz]: an error message must not itself carry a
 * newline or invalid UTF-8. */
static const char *escaped(const char *s, char *out, size_t sz)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 8 < sz; p++) {
        if (*p == '\t')
            k += (size_t)snprintf(out + k, sz - k, "\\t");
        else if (*p == '\n')
            k += (size_t)snprintf(out + k, sz - k, "\\n");
        else if (*p == '\r')
            k += (size_t)snprintf(out + k, sz - k, "\\r");
        else if (*p < 0x20 || *p >= 0x7F)
            k += (size_t)snprintf(out + k, sz - k, "\\x%02X", *p);
        else
            out[k++] = (char)*p;
    }
    if (k + 8 >= sz && k + 4 < sz)
        k += (size_t)snprintf(out + k, sz - k, "...");
    out[k] = '\0';
    return out;
}

/* Decode one UTF-8 sequence at s: its length, the code point in *cp; 0 if
 * the bytes are not valid UTF-8 (RFC 3629). */
static size_t utf8_next(const unsigned char *s, unsigned long *cp)
{
    unsigned c = s[0];
    size_t n;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;   /* also stops at the terminating NUL */
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

int ctome_validate_name(const char *name, const char *file, long line)
{
    const unsigned char *p = (const unsigned char *)name;
    char esc[160];
    for (size_t off = 0; p[off];) {
        unsigned long cp;
        size_t n = utf8_next(p + off, &cp);
        if (n == 0)
            return ctome_error(CTOME_EVALUE, file, line,
                               "bad cell name \"%s\": not valid UTF-8 (byte 0x%02X at offset %zu)",
                               escaped(name, esc, sizeof esc), p[off], off);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return ctome_error(CTOME_EVALUE, file, line,
                               "bad cell name \"%s\": control character U+%04lX at offset %zu "
                               "(names must be printable text)",
                               escaped(name, esc, sizeof esc), cp, off);
        off += n;
    }
    return CTOME_OK;
}

int ctome_validate_weight(ctome_layer *l, double w, const char *file, long line)
{
    double t = l->abs_weight + fabs(w);
    if (!isfinite(t))
        return ctome_error(CTOME_EVALUE, file, line,
                           "weight %g in layer '%s': the layer's weights would sum past the largest "
                           "number a double holds (%g); every sum ctome takes of them must stay finite",
                           w, l->name, l->abs_weight);
    l->abs_weight = t;
    return CTOME_OK;
}
