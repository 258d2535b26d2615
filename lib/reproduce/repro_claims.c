/* repro_claims.c — the claim machinery every paper file uses: tolerance
 * rules and verdicts (reproduce.h), and adding a claim, setting its value,
 * its data and reason, recording a failure, adding a figure series
 * (repro_internal.h).  Kept apart from reproduce.c, the runner, so that the
 * paper files and the runner depend on it and not on each other. */
#include "repro_internal.h"

#include "error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *ctome_verdict_name(ctome_verdict v)
{
    return v == CTOME_REPRODUCED ? "REPRODUCED" : v == CTOME_SKIPPED ? "SKIPPED" : "DIFFERS";
}

ctome_verdict ctome_tol_verdict(ctome_tol t, double p, double a, double b, double v)
{
    if (!isfinite(v))
        return CTOME_DIFFERS;
    int ok = 0;
    switch (t) {
    case CTOME_TOL_REL:
        ok = fabs(v - p) <= a * fabs(p);
        break;
    case CTOME_TOL_ABS:
        ok = fabs(v - p) <= a;
        break;
    case CTOME_TOL_GT:
        ok = v > a;
        break;
    case CTOME_TOL_LT:
        ok = v < a;
        break;
    case CTOME_TOL_RANGE:
        ok = v >= a && v <= b;
        break;
    }
    return ok ? CTOME_REPRODUCED : CTOME_DIFFERS;
}

const char *ctome_tol_text(ctome_tol t, double p, double a, double b, char *buf, size_t len)
{
    switch (t) {
    case CTOME_TOL_REL:
        snprintf(buf, len, "within %g%% of %g", 100 * a, p);
        break;
    case CTOME_TOL_ABS:
        snprintf(buf, len, "within %g of %g", a, p);
        break;
    case CTOME_TOL_GT:
        snprintf(buf, len, "> %g", a);
        break;
    case CTOME_TOL_LT:
        snprintf(buf, len, "< %g", a);
        break;
    case CTOME_TOL_RANGE:
        snprintf(buf, len, "in [%g, %g]", a, b);
        break;
    }
    return buf;
}

ctome_claim *repro_claim(ctome_repro_paper *p, const char *id, const char *claim, const char *source,
                         const char *paper_text, double paper_value, ctome_tol tol, double a, double b)
{
    if (p->n_claims == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        ctome_claim *c = realloc(p->claims, cap * sizeof *c);
        if (!c) {
            ctome_error_nomem();
            return NULL;
        }
        p->claims = c;
        p->cap = cap;
    }
    ctome_claim *c = &p->claims[p->n_claims++];
    memset(c, 0, sizeof *c);
    c->paper = p->key;
    c->id = id;
    c->claim = claim;
    c->source = source;
    c->paper_text = paper_text;
    c->paper_value = paper_value;
    c->tol = tol;
    c->tol_a = a;
    c->tol_b = b;
    ctome_tol_text(tol, paper_value, a, b, c->tol_text, sizeof c->tol_text);
    c->value = NAN;
    snprintf(c->value_text, sizeof c->value_text, "not computed");
    c->verdict = CTOME_DIFFERS;
    return c;
}

void repro_set(ctome_claim *c, double v, const char *text)
{
    c->value = v;
    if (text)
        snprintf(c->value_text, sizeof c->value_text, "%s", text);
    else
        snprintf(c->value_text, sizeof c->value_text, "%.4g", v);
    c->verdict = ctome_tol_verdict(c->tol, c->paper_value, c->tol_a, c->tol_b, v);
}

static void vappend(char *buf, size_t len, const char *fmt, va_list ap)
{
    size_t k = strlen(buf);
    if (k && k + 2 < len) {
        memcpy(buf + k, "; ", 3);
        k += 2;
    }
    if (k < len)
        vsnprintf(buf + k, len - k, fmt, ap);
}

void repro_data(ctome_claim *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->data, sizeof c->data, fmt, ap);
    va_end(ap);
}

void repro_why(ctome_claim *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
}

void repro_fail(ctome_claim *c, const char *what)
{
    c->value = NAN;
    snprintf(c->value_text, sizeof c->value_text, "not computed");
    /* a feature this build lacks says nothing about the paper (reproduce.h) */
    int skipped = ctome_error_code() == CTOME_ENOTSUP;
    c->verdict = skipped ? CTOME_SKIPPED : CTOME_DIFFERS;
    repro_why(c, "%s %s: %s", what, skipped ? "skipped" : "failed", ctome_error_message());
}

ctome_repro_series *repro_series(ctome_repro_paper *p, const char *title, const char *xlabel,
                                 const char *ylabel)
{
    if (p->n_series >= sizeof p->series / sizeof *p->series)
        return NULL;
    ctome_repro_series *s = &p->series[p->n_series++];
    memset(s, 0, sizeof *s);
    snprintf(s->title, sizeof s->title, "%s", title);
    snprintf(s->xlabel, sizeof s->xlabel, "%s", xlabel);
    snprintf(s->ylabel, sizeof s->ylabel, "%s", ylabel);
    s->ref = NAN;
    return s;
}
