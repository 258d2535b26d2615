/* ticks.c — tick positions and labels: Heckbert's nice numbers on linear axes,
 * decades (with 2x and 5x when the range is short) on log10 axes. */
#include "plot_internal.h"
#include "error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Heckbert 1990: the nice number (1, 2, 5 x 10^k) closest to x (round) or not below x. */
static double nice_num(double x, int round_it, double *mant, int *expo)
{
    int e = (int)floor(log10(x));
    double f = x / pow(10.0, e), nf;
    if (round_it)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    if (nf == 10) {
        nf = 1;
        e++;
    }
    *mant = nf;
    *expo = e;
    return e >= 0 ? nf * pow(10.0, e) : nf / pow(10.0, -e);
}

int ctome_plot_nice_ticks(double lo, double hi, int target, double *first, double *step,
                          size_t *count)
{
    if (!isfinite(lo) || !isfinite(hi) || lo > hi)
        return ctome_error(CTOME_EINVAL, NULL, 0, "tick range [%g, %g] is not a finite interval", lo,
                           hi);
    if (target < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "tick target %d < 2", target);
    if (lo == hi) {
        double d = lo != 0 ? 0.1 * fabs(lo) : 1.0;
        lo -= d;
        hi += d;
    }
    double m;
    int e;
    /* Heckbert first rounds the range up to a nice number, which can double the
     * step (0..10.2 with 6 ticks gives 0, 5, 10); rounding the raw range's
     * share keeps the tick count near the target (0, 2, ..., 10). */
    double d = nice_num((hi - lo) / (target - 1), 1, &m, &e);
    /* The small slack keeps 0.6/0.2 = 2.9999999999999996 from adding a tick. */
    double k0 = floor(lo / d + 1e-9), k1 = ceil(hi / d - 1e-9);
    /* Ticks as integer multiples of m * 10^e so that 3 * 0.2 prints as 0.6. */
    *first = e >= 0 ? k0 * m * pow(10.0, e) : k0 * m / pow(10.0, -e);
    *step = d;
    *count = (size_t)(k1 - k0) + 1;
    return CTOME_OK;
}

size_t ctome_plot_log_ticks(double lo, double hi, double *ticks, size_t max)
{
    if (!(lo > 0) || !(hi >= lo) || !isfinite(hi))
        return 0;
    int k0 = (int)ceil(log10(lo) - 1e-9), k1 = (int)floor(log10(hi) + 1e-9);
    size_t n = 0;
    for (int k = k0; k <= k1 && n < max; k++)
        ticks[n++] = pow(10.0, k);
    return n;
}

void ctome_plot_format_tick(double v, double step, char *buf, size_t n)
{
    if (fabs(v) < 1e-9 * fabs(step))
        v = 0;   /* 0.1 + 0.2 - 0.3 would print as -0.0 or 5.5e-17 */
    if (fabs(v) >= 1e6 || (step > 0 && step < 1e-4)) {
        snprintf(buf, n, "%g", v);
        return;
    }
    int dec = 0;
    double s = fabs(step);
    while (dec < 10 && s > 0) {
        double sc = s * pow(10.0, dec);
        if (fabs(sc - round(sc)) < 1e-6 * sc)
            break;
        dec++;
    }
    snprintf(buf, n, "%.*f", dec, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf));
}

#if CTOME_HAVE_CAIRO
/* Typographic minus (U+2212) for printed labels, as in journal figures. */
static void use_minus_sign(char *lab, size_t cap)
{
    if (lab[0] != '-')
        return;
    size_t len = strlen(lab);
    if (len + 3 > cap)
        return;
    memmove(lab + 3, lab + 1, len);
    memcpy(lab, "\xe2\x88\x92", 3);
}

/* Decades as plain numbers (0.001 .. 10000) or, when `power` (the axis reaches
 * beyond that), all as 10^k so one axis does not mix the two notations. */
static void log_label(double v, char *buf, size_t n, int power)
{
    int k = (int)lround(log10(v));
    if (fabs(log10(v) - k) > 1e-9)
        snprintf(buf, n, "%g", v);
    else if (!power)
        snprintf(buf, n, "%.*f", k < 0 ? -k : 0, v);
    else
        snprintf(buf, n, "10^{%d}", k);
    use_minus_sign(buf, n);
}

static int add_tick(plot_ticks *t, double pos, const char *lab)
{
    if (t->n >= sizeof t->pos / sizeof t->pos[0])
        return 0;
    t->pos[t->n] = pos;
    snprintf(t->lab[t->n], sizeof t->lab[0], "%s", lab);
    t->n++;
    return 1;
}

/* Whether the labels fit in the space between ticks (0.6 em gap horizontally). */
static int ticks_fit(cairo_t *cr, const plot_ticks *t, double lo, double hi, double length_pt,
                     int horizontal, double font)
{
    if (t->n < 2 || hi <= lo)
        return 1;
    double spacing = fabs(t->pos[1] - t->pos[0]) / (hi - lo) * length_pt;
    double need = 0;
    for (size_t i = 0; i < t->n; i++) {
        plot_text_ext e = plot_text_measure(cr, t->lab[i], font, 0);
        double s = horizontal ? e.w : e.asc + e.desc;
        if (s > need)
            need = s;
    }
    return spacing >= need + (horizontal ? 0.6 : 0.8) * font;
}

static void linear_ticks(cairo_t *cr, double lo, double hi, double length_pt, int horizontal,
                         double font, int logaxis, plot_ticks *t)
{
    /* On a short log axis the linear ticks are in data units, placed at log10(v). */
    double dlo = logaxis ? pow(10.0, lo) : lo, dhi = logaxis ? pow(10.0, hi) : hi;
    for (int target = 6; target >= 2; target--) {
        double first, step;
        size_t count;
        t->n = 0;
        if (ctome_plot_nice_ticks(dlo, dhi, target, &first, &step, &count))
            return;
        double eps = 1e-9 * (dhi - dlo);
        for (size_t i = 0; i < count; i++) {
            double v = first + (double)i * step;
            if (v < dlo - eps || v > dhi + eps || (logaxis && v <= 0))
                continue;
            char lab[32];
            ctome_plot_format_tick(v, step, lab, sizeof lab);
            use_minus_sign(lab, sizeof lab);
            add_tick(t, logaxis ? log10(v) : v, lab);
        }
        if (ticks_fit(cr, t, lo, hi, length_pt, horizontal, font))
            return;
    }
}

void plot_ticks_compute(cairo_t *cr, const plot_axis *a, double lo, double hi, double length_pt,
                        int horizontal, double font, plot_ticks *t)
{
    t->n = 0;
    t->n_minor = 0;
    if (a->custom_ticks) {
        for (size_t i = 0; i < a->n_ticks; i++) {
            double p = plot_axis_fwd(a, a->tick_pos[i]);
            double eps = 1e-9 * (hi - lo);
            if (isfinite(p) && p >= lo - eps && p <= hi + eps)
                add_tick(t, p, a->tick_lab[i]);
        }
        return;
    }
    if (a->scale != CTOME_SCALE_LOG10) {
        linear_ticks(cr, lo, hi, length_pt, horizontal, font, 0, t);
        return;
    }
    double dec[64];
    size_t nd = ctome_plot_log_ticks(pow(10.0, lo), pow(10.0, hi), dec, 64);
    if (nd < 2) {
        linear_ticks(cr, lo, hi, length_pt, horizontal, font, 1, t);
        return;
    }
    int power = log10(dec[0]) < -3.5 || log10(dec[nd - 1]) > 4.5;
    /* Many decades: label every 2nd, 3rd ... decade so labels do not collide. */
    for (size_t every = 1; every <= nd; every++) {
        t->n = 0;
        for (size_t i = 0; i < nd; i++) {
            int k = (int)lround(log10(dec[i]));
            if (k % (int)every)
                continue;
            char lab[32];
            log_label(dec[i], lab, sizeof lab, power);
            add_tick(t, log10(dec[i]), lab);
        }
        if (ticks_fit(cr, t, lo, hi, length_pt, horizontal, font))
            break;
    }
    if (t->n <= 2) {
        /* two decades or less: also label 2x and 5x, as the eye needs 3+ labels */
        plot_ticks d = *t;
        t->n = 0;
        int k0 = (int)floor(lo), k1 = (int)ceil(hi);
        for (int k = k0; k <= k1; k++)
            for (int j = 1; j <= 5; j += j == 1 ? 1 : 3) {
                double p = k + log10((double)j);
                if (p < lo - 1e-9 || p > hi + 1e-9)
                    continue;
                char lab[32];
                log_label(pow(10.0, p), lab, sizeof lab, power);
                add_tick(t, p, lab);
            }
        if (!ticks_fit(cr, t, lo, hi, length_pt, horizontal, font))
            *t = d;
    }
    if (hi - lo <= 8) {
        int k0 = (int)floor(lo), k1 = (int)ceil(hi);
        for (int k = k0; k <= k1; k++)
            for (int j = 2; j <= 9; j++) {
                double p = k + log10((double)j);
                if (p >= lo && p <= hi && t->n_minor < sizeof t->minor / sizeof t->minor[0])
                    t->minor[t->n_minor++] = p;
            }
    }
}
#endif /* CTOME_HAVE_CAIRO */
