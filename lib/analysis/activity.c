/* activity.c — homogenisation of activity recordings (activity.h): canonical
 * neuron order, NaN-run filtering, linear resampling with bin-averaged
 * down-sampling, smoothing, z-scoring, minimum length; every step recorded
 * in the provenance.
 */
#include "activity.h"

#include <jansson.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "sizecheck.h"
#include "recordings_io.h"

/* Down-sampling interpolates to dt / FINE and averages groups of FINE
 * samples (issue 6: "interpolating to dt/6 and bin-averaging"). */
#define FINE 6
/* Gaussian kernels stop at 4 sigma: the tail beyond holds 6e-5 of the mass. */
#define GAUSS_TRUNC 4.0
/* Grid counts floor(span / step) tolerate this relative rounding, so that a
 * span of exactly k steps gives k + 1 points. */
#define GRID_EPS 1e-9

void ctome_activity_opts_default(ctome_activity_opts *o)
{
    memset(o, 0, sizeof *o);
    o->dt = 0.333;
    o->gap_factor = 3.0;
    o->canonical_order = 1;
    o->smooth = CTOME_SMOOTH_NONE;
    o->smooth_window = 5;
    o->smooth_sigma = 1.0;
    o->smooth_alpha = 0.3;
    o->zscore = 1;
    o->max_nan_run = 0.05;
    o->min_length = 600;
}

int ctome_activity_parse_smooth(const char *s, ctome_activity_opts *o)
{
    char *end;
    if (!s)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no smoothing given");
    if (strcmp(s, "none") == 0) {
        o->smooth = CTOME_SMOOTH_NONE;
        return CTOME_OK;
    }
    if (strncmp(s, "moving:", 7) == 0) {
        long w = strtol(s + 7, &end, 10);
        if (end == s + 7 || *end || w < 1 || w > 1000000)
            return ctome_error(CTOME_EINVAL, NULL, 0, "smoothing '%s': the window must be a whole number of "
                               "samples >= 1", s);
        o->smooth = CTOME_SMOOTH_MOVING;
        o->smooth_window = (size_t)w;
        return CTOME_OK;
    }
    if (strncmp(s, "gauss:", 6) == 0) {
        double v = strtod(s + 6, &end);
        if (end == s + 6 || *end || !isfinite(v) || !(v > 0))
            return ctome_error(CTOME_EINVAL, NULL, 0, "smoothing '%s': sigma must be a positive number of "
                               "seconds", s);
        o->smooth = CTOME_SMOOTH_GAUSS;
        o->smooth_sigma = v;
        return CTOME_OK;
    }
    if (strncmp(s, "exp:", 4) == 0) {
        double v = strtod(s + 4, &end);
        if (end == s + 4 || *end || !(v > 0 && v <= 1))
            return ctome_error(CTOME_EINVAL, NULL, 0, "smoothing '%s': alpha must be in (0, 1]", s);
        o->smooth = CTOME_SMOOTH_EXP;
        o->smooth_alpha = v;
        return CTOME_OK;
    }
    return ctome_error(CTOME_EINVAL, NULL, 0, "unknown smoothing '%s' (none, moving:N, gauss:SIGMA, exp:ALPHA)",
                       s);
}

static int check_opts(const ctome_activity_opts *o)
{
    if (!isfinite(o->dt) || !(o->dt > 0))
        return ctome_error(CTOME_EINVAL, NULL, 0, "activity: the time step dt must be > 0 s, got %g", o->dt);
    if (!isfinite(o->gap_factor) || !(o->gap_factor > 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "activity: the gap factor must be > 1, got %g", o->gap_factor);
    if (!(o->max_nan_run >= 0 && o->max_nan_run < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "activity: the maximum NaN run must be a fraction in [0, 1), "
                           "got %g", o->max_nan_run);
    switch (o->smooth) {
    case CTOME_SMOOTH_NONE: break;
    case CTOME_SMOOTH_MOVING:
        if (o->smooth_window < 1)
            return ctome_error(CTOME_EINVAL, NULL, 0, "activity: moving-average window must be >= 1 sample");
        break;
    case CTOME_SMOOTH_GAUSS:
        if (!isfinite(o->smooth_sigma) || !(o->smooth_sigma > 0))
            return ctome_error(CTOME_EINVAL, NULL, 0, "activity: Gaussian sigma must be > 0 s, got %g",
                               o->smooth_sigma);
        break;
    case CTOME_SMOOTH_EXP:
        if (!(o->smooth_alpha > 0 && o->smooth_alpha <= 1))
            return ctome_error(CTOME_EINVAL, NULL, 0, "activity: exponential alpha must be in (0, 1], got %g",
                               o->smooth_alpha);
        break;
    default:
        return ctome_error(CTOME_EINVAL, NULL, 0, "activity: unknown smoothing kind %d", (int)o->smooth);
    }
    return CTOME_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double ctome_activity_median_step(const double *t, size_t n)
{
    if (!t || n < 2)
        return 0;
    double *d = malloc((n - 1) * sizeof *d);
    if (!d)
        return 0;
    for (size_t i = 0; i + 1 < n; i++)
        d[i] = t[i + 1] - t[i];
    qsort(d, n - 1, sizeof *d, cmp_double);
    size_t m = n - 1;
    double med = m % 2 ? d[m / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
    free(d);
    return med;
}

/* ---- step 1: canonical order ---- */

/* perm[k] = input column of output neuron k: registry-placed neurons by
 * registry index (a stable insertion sort: few hundred neurons), then the
 * rest in their original order. */
static size_t canonical_order(const ctome_recording *r, int canonical, size_t *perm)
{
    size_t k = 0;
    if (!canonical) {
        for (size_t i = 0; i < r->n_neurons; i++)
            perm[i] = i;
        return r->n_neurons;
    }
    for (size_t i = 0; i < r->n_neurons; i++) {
        if (r->reg[i] < 0)
            continue;
        size_t j = k++;
        while (j > 0 && r->reg[perm[j - 1]] > r->reg[i]) {
            perm[j] = perm[j - 1];
            j--;
        }
        perm[j] = i;
    }
    size_t placed = k;
    for (size_t i = 0; i < r->n_neurons; i++)
        if (r->reg[i] < 0)
            perm[k++] = i;
    return placed;
}

/* ---- step 2: NaN runs ---- */

static size_t longest_nan_run(const double *x, size_t n)
{
    size_t best = 0, cur = 0;
    for (size_t t = 0; t < n; t++) {
        cur = isnan(x[t]) ? cur + 1 : 0;
        if (cur > best)
            best = cur;
    }
    return best;
}

/* Fill every NaN run of x: linear in time between the samples on either
 * side; a run at either end takes the nearest value.  Returns the number of
 * runs filled.  x has at least one finite value (validated). */
static size_t fill_nan_runs(const double *time, double *x, size_t n)
{
    size_t runs = 0, t = 0;
    while (t < n) {
        if (!isnan(x[t])) {
            t++;
            continue;
        }
        size_t a = t;
        while (t < n && isnan(x[t]))
            t++;
        /* run is [a, t) */
        runs++;
        if (a == 0) {
            for (size_t k = a; k < t; k++)
                x[k] = x[t];
        } else if (t == n) {
            for (size_t k = a; k < t; k++)
                x[k] = x[a - 1];
        } else {
            double t0 = time[a - 1], t1 = time[t], x0 = x[a - 1], x1 = x[t];
            for (size_t k = a; k < t; k++)
                x[k] = x0 + (x1 - x0) * (time[k] - t0) / (t1 - t0);
        }
    }
    return runs;
}

/* ---- step 3: resampling ---- */

/* Linear interpolation of (time, x) at tq >= time[0], walking *cur forward
 * (queries come in increasing order: O(n + queries) per neuron).  Inside a
 * gap longer than thr: NaN. */
static double interp_at(const double *time, const double *x, size_t n, double thr, double tq, size_t *cur)
{
    size_t i = *cur;
    while (i + 1 < n && time[i + 1] <= tq)
        i++;
    *cur = i;
    if (tq <= time[i] || i + 1 == n)
        return x[i];
    double h = time[i + 1] - time[i];
    if (h > thr)
        return NAN;
    return x[i] + (x[i + 1] - x[i]) * (tq - time[i]) / h;
}

typedef struct {
    double t0, dt, thr;
    int down;
    size_t k;            /* output samples */
} grid;

/* The output sample count comes from the user's dt: it is checked (as
 * N neurons x k samples of doubles) against the memory ceiling before it is
 * converted to size_t, so a tiny dt is an error naming it, not a wrapped
 * count. */
static int make_grid(const ctome_recording *r, double dt, double thr, double h, grid *g)
{
    double span = r->time[r->n_time - 1] - r->time[0];
    g->t0 = r->time[0];
    g->dt = dt;
    g->thr = thr;
    /* steps read from decimal time stamps differ from dt in the last bits:
     * an equal step must not be bin-averaged */
    g->down = dt > h * (1 + GRID_EPS);
    double k = g->down ? floor((floor(span / (dt / FINE) + GRID_EPS) + 1) / FINE)
                       : floor(span / dt + GRID_EPS) + 1;
    char what_for[160];
    snprintf(what_for, sizeof what_for, "output step dt %g s over %g s of recording '%s' (%g samples x %zu neurons)",
             dt, span, r->id ? r->id : "", k, r->n_neurons);
    int rc = ctome_size_check(k * (double)(r->n_neurons ? r->n_neurons : 1), sizeof(double), what_for,
                              "resampled traces", "raise dt (--dt)", NULL);
    if (!rc)
        g->k = (size_t)k;
    return rc;
}

static double grid_time(const grid *g, size_t k)
{
    /* a bin's time is the mean of its fine times: t0 + (FINE k + (FINE-1)/2) dt/FINE */
    return g->down ? g->t0 + ((double)(FINE * k) + 0.5 * (FINE - 1)) * (g->dt / FINE) : g->t0 + (double)k * g->dt;
}

static void resample(const ctome_recording *r, const double *x, const grid *g, double *y)
{
    size_t cur = 0;
    if (!g->down) {
        for (size_t k = 0; k < g->k; k++)
            y[k] = interp_at(r->time, x, r->n_time, g->thr, g->t0 + (double)k * g->dt, &cur);
        return;
    }
    double fine = g->dt / FINE;
    for (size_t k = 0; k < g->k; k++) {
        double s = 0;
        for (size_t j = 0; j < FINE; j++)
            s += interp_at(r->time, x, r->n_time, g->thr, g->t0 + (double)(FINE * k + j) * fine, &cur);
        y[k] = s / FINE;    /* NaN when any fine sample lies in a gap */
    }
}

/* ---- step 5: smoothing (NaN samples stay NaN and carry no weight) ---- */

static void smooth_moving(const double *x, double *y, size_t n, size_t w)
{
    size_t back = (w - 1) / 2, fwd = w / 2;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            y[i] = NAN;
            continue;
        }
        size_t a = i > back ? i - back : 0, b = i + fwd < n ? i + fwd : n - 1;
        double s = 0;
        size_t c = 0;
        for (size_t j = a; j <= b; j++)
            if (!isnan(x[j])) {
                s += x[j];
                c++;
            }
        y[i] = s / (double)c;
    }
}

static void smooth_gauss(const double *x, double *y, size_t n, const double *w, size_t half)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            y[i] = NAN;
            continue;
        }
        size_t a = i > half ? i - half : 0, b = i + half < n ? i + half : n - 1;
        double s = 0, ws = 0;
        for (size_t j = a; j <= b; j++)
            if (!isnan(x[j])) {
                double wj = w[j > i ? j - i : i - j];
                s += wj * x[j];
                ws += wj;
            }
        y[i] = s / ws;
    }
}

static void smooth_exp(const double *x, double *y, size_t n, double alpha)
{
    int fresh = 1;
    double prev = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            y[i] = NAN;
            fresh = 1;
            continue;
        }
        prev = fresh ? x[i] : alpha * x[i] + (1 - alpha) * prev;
        fresh = 0;
        y[i] = prev;
    }
}

/* ---- step 6: z-score ---- */

/* Mean and population sd over the finite samples; 0 and the count of finite
 * samples through *nf. */
static void mean_sd(const double *x, size_t n, double *mean, double *sd, size_t *nf)
{
    double s = 0;
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            s += x[i];
            c++;
        }
    double m = c ? s / (double)c : NAN, v = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            v += (x[i] - m) * (x[i] - m);
    *mean = m;
    *sd = c ? sqrt(v / (double)c) : NAN;
    *nf = c;
}

/* ---- report and provenance ---- */

static int report_drop(ctome_activity_report *rep, const ctome_recording *r, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int report_drop(ctome_activity_report *rep, const ctome_recording *r, size_t i, const char *fmt, ...)
{
    ctome_activity_drop *d = realloc(rep->dropped, (rep->n_dropped + 1) * sizeof *d);
    if (!d)
        return ctome_error_nomem();
    rep->dropped = d;
    d += rep->n_dropped;
    char buf[32];
    snprintf(buf, sizeof buf, "#%zu", i);
    d->label = ctome_strdup(r->labels[i][0] ? r->labels[i] : buf);
    if (!d->label)
        return ctome_error_nomem();
    d->index = i;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->reason, sizeof d->reason, fmt, ap);
    va_end(ap);
    rep->n_dropped++;
    return CTOME_OK;
}

void ctome_activity_report_free(ctome_activity_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n_dropped; i++)
        free(rep->dropped[i].label);
    free(rep->dropped);
    memset(rep, 0, sizeof *rep);
}

/* Append a jansson object (stolen) as a provenance step. */
static int add_step(ctome_recording *r, json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(o);
    if (!s)
        return ctome_error_nomem();
    int rc = ctome_recording_add_step(r, s);
    free(s);
    return rc;
}

static json_t *drops_json(const ctome_activity_report *rep, size_t from, size_t to)
{
    json_t *a = json_array();
    for (size_t i = from; a && i < to; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "neuron", rep->dropped[i].label, "reason",
                                           rep->dropped[i].reason));
    return a;
}

static int write_provenance(ctome_recording *out, const ctome_activity_opts *o, const grid *g, double h,
                            const ctome_activity_report *rep, size_t nan_drops)
{
    int rc = add_step(out, json_pack("{s:s,s:s,s:I,s:I}", "step", "order", "by",
                                     o->canonical_order ? "registry index; unplaced kept apart, in input order"
                                                        : "input",
                                     "placed", (json_int_t)rep->n_placed, "apart", (json_int_t)rep->n_apart));
    if (!rc)
        rc = add_step(out, json_pack("{s:s,s:f,s:s,s:s,s:I,s:o}", "step", "nan", "max_run_fraction",
                                     o->max_nan_run, "fill", "linear in time", "edges", "nearest value",
                                     "runs_filled", (json_int_t)rep->n_gaps_filled, "dropped",
                                     drops_json(rep, 0, nan_drops)));
    if (!rc) {
        json_t *s = json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:I,s:I}", "step", "resample", "method",
                              g->down ? "linear to dt/6, mean of 6" : "linear", "dt", o->dt, "median_dt_in", h,
                              "gap_factor", o->gap_factor, "gap_threshold_s", g->thr, "time_gaps_nan",
                              (json_int_t)rep->n_time_gaps, "n_time", (json_int_t)g->k);
        if (s && g->down) {
            json_object_set_new(s, "fine_dt", json_real(o->dt / FINE));
            json_object_set_new(s, "group", json_integer(FINE));
        }
        rc = add_step(out, s);
    }
    if (!rc)
        rc = add_step(out, json_pack("{s:s,s:I,s:I}", "step", "min_length", "min", (json_int_t)o->min_length,
                                     "n_time", (json_int_t)g->k));
    if (!rc && o->smooth == CTOME_SMOOTH_MOVING)
        rc = add_step(out, json_pack("{s:s,s:s,s:I,s:s}", "step", "smooth", "kind", "moving", "window",
                                     (json_int_t)o->smooth_window, "align", "centred"));
    if (!rc && o->smooth == CTOME_SMOOTH_GAUSS)
        rc = add_step(out, json_pack("{s:s,s:s,s:f,s:f}", "step", "smooth", "kind", "gaussian", "sigma_s",
                                     o->smooth_sigma, "truncate_sigmas", GAUSS_TRUNC));
    if (!rc && o->smooth == CTOME_SMOOTH_EXP)
        rc = add_step(out, json_pack("{s:s,s:s,s:f,s:s}", "step", "smooth", "kind", "exponential", "alpha",
                                     o->smooth_alpha, "direction", "causal"));
    if (!rc && o->zscore)
        rc = add_step(out, json_pack("{s:s,s:s,s:s,s:o}", "step", "zscore", "sd", "population", "nan",
                                     "ignored", "dropped", drops_json(rep, nan_drops, rep->n_dropped)));
    return rc;
}

/* ---- the pipeline ---- */

typedef struct {
    size_t *perm;       /* input column per kept neuron */
    double *x;          /* one filled input trace */
    double *y;          /* kept x g.k resampled */
    double *tmp;        /* g.k */
    double *kern;
} work;

static void work_free(work *w)
{
    free(w->perm);
    free(w->x);
    free(w->y);
    free(w->tmp);
    free(w->kern);
}

static int smooth_all(const ctome_activity_opts *o, const grid *g, work *w, size_t kept)
{
    if (o->smooth == CTOME_SMOOTH_NONE)
        return CTOME_OK;
    size_t half = 0;
    if (o->smooth == CTOME_SMOOTH_GAUSS) {
        double sig = o->smooth_sigma / g->dt;   /* in samples */
        double hh = ceil(GAUSS_TRUNC * sig);
        half = hh < (double)g->k ? (size_t)hh : g->k;
        if (!(w->kern = malloc((half + 1) * sizeof *w->kern)))
            return ctome_error_nomem();
        for (size_t j = 0; j <= half; j++)
            w->kern[j] = exp(-0.5 * ((double)j / sig) * ((double)j / sig));
    }
    for (size_t i = 0; i < kept; i++) {
        double *y = w->y + i * g->k;
        if (o->smooth == CTOME_SMOOTH_MOVING)
            smooth_moving(y, w->tmp, g->k, o->smooth_window);
        else if (o->smooth == CTOME_SMOOTH_GAUSS)
            smooth_gauss(y, w->tmp, g->k, w->kern, half);
        else
            smooth_exp(y, w->tmp, g->k, o->smooth_alpha);
        memcpy(y, w->tmp, g->k * sizeof *y);
    }
    return CTOME_OK;
}

static int build_output(const ctome_recording *in, const grid *g, const work *w, size_t kept,
                        ctome_recording **out)
{
    ctome_recording *r;
    int rc = ctome_recording_new(in->id, kept, g->k, &r);
    if (rc)
        return rc;
    rc = ctome_recording_set_string(&r->dataset, in->dataset);
    if (!rc)
        rc = ctome_recording_set_string(&r->worm, in->worm);
    if (!rc)
        rc = ctome_recording_set_string(&r->indicator, in->indicator);
    if (!rc)
        rc = ctome_recording_set_string(&r->source_file, in->source_file);
    if (!rc)
        rc = ctome_recording_set_string(&r->provenance, in->provenance && in->provenance[0] ? in->provenance
                                                                                          : "[]");
    memcpy(r->source_sha256, in->source_sha256, sizeof r->source_sha256);
    for (size_t i = 0; !rc && i < kept; i++) {
        size_t c = w->perm[i];
        rc = ctome_recording_set_string(&r->labels[i], in->labels[c]);
        r->reg[i] = in->reg[c];
    }
    if (rc) {
        ctome_recording_free(r);
        return rc;
    }
    for (size_t k = 0; k < g->k; k++)
        r->time[k] = grid_time(g, k);
    memcpy(r->traces, w->y, kept * g->k * sizeof *r->traces);
    *out = r;
    return CTOME_OK;
}

int ctome_activity_homogenise(const ctome_recording *in, const ctome_activity_opts *o, ctome_recording **out,
                              ctome_activity_report *rep)
{
    ctome_activity_opts def;
    ctome_activity_report local;
    work w = {0};
    *out = NULL;
    if (!o) {
        ctome_activity_opts_default(&def);
        o = &def;
    }
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    int rc = check_opts(o);
    if (!rc && !in)
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "activity: no recording");
    const char *file = in && in->source_file && in->source_file[0] ? in->source_file : NULL;
    if (!rc)
        rc = ctome_recording_validate(in, file);
    if (!rc && in->n_time < 2)
        rc = ctome_error(CTOME_EVALUE, file, 0, "recording '%s': %zu time point: cannot resample", in->id,
                         in->n_time);
    if (rc)
        goto done;
    size_t N = in->n_neurons, T = in->n_time;
    rep->n_in = N;
    rep->n_time_in = T;
    rep->dt_out = o->dt;
    double h = ctome_activity_median_step(in->time, T);
    rep->dt_in = h;
    grid g;
    if ((rc = make_grid(in, o->dt, o->gap_factor * h, h, &g)))
        goto done;
    rep->downsampled = g.down;
    for (size_t t = 0; t + 1 < T; t++)
        rep->n_time_gaps += in->time[t + 1] - in->time[t] > g.thr;

    /* 4 (checked first: cheap, and a short recording is skipped whatever its neurons) */
    if (g.k < o->min_length) {
        rep->skipped = 1;
        snprintf(rep->skip_reason, sizeof rep->skip_reason,
                 "%zu samples at dt = %g s (%.1f s recorded) < minimum length %zu", g.k, o->dt,
                 in->time[T - 1] - in->time[0], o->min_length);
        goto done;
    }

    /* 1 */
    w.perm = malloc(N * sizeof *w.perm);
    w.x = malloc(T * sizeof *w.x);
    w.y = malloc(N * g.k * sizeof *w.y);
    w.tmp = malloc(g.k * sizeof *w.tmp);
    if (!w.perm || !w.x || !w.y || !w.tmp) {
        rc = ctome_error_nomem();
        goto done;
    }
    canonical_order(in, o->canonical_order, w.perm);

    /* 2 + 3: neurons with a long NaN run go; the rest are filled and resampled */
    size_t kept = 0, filled = 0;
    double limit = o->max_nan_run * (double)T;
    for (size_t k = 0; k < N; k++) {
        size_t c = w.perm[k];
        memcpy(w.x, in->traces + c * T, T * sizeof *w.x);
        size_t run = longest_nan_run(w.x, T);
        if ((double)run > limit) {
            if ((rc = report_drop(rep, in, c, "longest NaN run %zu samples = %.1f%% of %zu > %g%%", run,
                                  100.0 * (double)run / (double)T, T, 100 * o->max_nan_run)))
                goto done;
            continue;
        }
        filled += fill_nan_runs(in->time, w.x, T);
        resample(in, w.x, &g, w.y + kept * g.k);
        w.perm[kept++] = c;
    }
    rep->n_gaps_filled = filled;
    size_t nan_drops = rep->n_dropped;

    /* 5 */
    if ((rc = smooth_all(o, &g, &w, kept)))
        goto done;

    /* 6 (and a neuron left without a value is dropped even without z-scoring) */
    size_t kept2 = 0;
    for (size_t i = 0; i < kept; i++) {
        double *y = w.y + i * g.k, m, sd;
        size_t nf;
        mean_sd(y, g.k, &m, &sd, &nf);
        if (!nf || (o->zscore && !(sd > 0))) {
            if ((rc = report_drop(rep, in, w.perm[i], nf ? "constant after resampling (sd = 0): cannot z-score"
                                                         : "no sample outside time gaps after resampling")))
                goto done;
            continue;
        }
        if (o->zscore)
            for (size_t k = 0; k < g.k; k++)
                y[k] = (y[k] - m) / sd;
        if (kept2 != i)
            memmove(w.y + kept2 * g.k, y, g.k * sizeof *y);
        w.perm[kept2++] = w.perm[i];
    }
    kept = kept2;
    if (!kept) {
        rc = ctome_error(CTOME_EVALUE, file, 0, "recording '%s': all %zu neurons dropped (first: %s: %s)", in->id,
                         N, rep->n_dropped ? rep->dropped[0].label : "?",
                         rep->n_dropped ? rep->dropped[0].reason : "?");
        goto done;
    }
    for (size_t i = 0; i < kept; i++) {
        if (in->reg[w.perm[i]] >= 0)
            rep->n_placed++;
        else
            rep->n_apart++;
    }
    ctome_recording *r = NULL;
    if ((rc = build_output(in, &g, &w, kept, &r)))
        goto done;
    rc = write_provenance(r, o, &g, h, rep, nan_drops);
    if (rc) {
        ctome_recording_free(r);
        goto done;
    }
    rep->n_out = kept;
    rep->n_time_out = g.k;
    *out = r;
done:
    work_free(&w);
    if (rep == &local)
        ctome_activity_report_free(&local);
    return rc;
}

/* ---- bundled recordings ---- */

static const char *const rec_ids[] = {"atanas2023-sample", "scholz2018-gfp", NULL};
static const char *const rec_files[] = {
    "activity/atanas2023_threlfall_subset/time_trace.json",
    "activity/scholz2018_gfp_control/ScholzEtAl2018.AML175_moving.BrainScanner20180223_141721.nwb",
};

const char *const *ctome_recording_dataset_ids(void)
{
    return rec_ids;
}

int ctome_recording_dataset_path(const char *datadir, const char *id, char **path)
{
    *path = NULL;
    for (size_t i = 0; id && rec_ids[i]; i++)
        if (strcmp(id, rec_ids[i]) == 0) {
            *path = ctome_path_join(datadir ? datadir : ".", rec_files[i]);
            return *path ? CTOME_OK : ctome_error_nomem();
        }
    return ctome_error(CTOME_ENOTFOUND, NULL, 0, "unknown recording id '%s' (bundled: atanas2023-sample, "
                       "scholz2018-gfp)", id ? id : "");
}

/* "a, b, c" (", ..." when it does not fit) of the recordings' ids. */
static void ids_list(const ctome_recordings *list, char *buf, size_t sz)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < list->n; i++) {
        size_t need = strlen(list->r[i]->id) + 2;
        if (k + need + 5 >= sz) {
            snprintf(buf + k, sz - k, ", ...");
            return;
        }
        k += (size_t)snprintf(buf + k, sz - k, "%s%s", i ? ", " : "", list->r[i]->id);
    }
}

/* "FILE:ID" picks one recording of FILE when FILE exists and the whole
 * string does not name a file: split it (both malloc'd), else 0. */
static int split_pick(const char *source, char **file, char **id)
{
    const char *colon = strrchr(source, ':');
    if (!colon || colon == source || !colon[1] || access(source, F_OK) == 0)
        return 0;
    char *f = strndup(source, (size_t)(colon - source));
    if (!f || access(f, F_OK) != 0) {
        free(f);
        return 0;
    }
    *file = f;
    *id = strdup(colon + 1);
    return 1;
}

char *ctome_recording_source_file(const char *source)
{
    char *file = NULL, *id = NULL;
    if (!source)
        return NULL;
    if (!split_pick(source, &file, &id))
        return strdup(source);
    free(id);
    return file;
}

static int load_all(const char *datadir, const char *source, const ctome_registry *reg, ctome_recordings *out)
{
    int bundled = 0;
    for (size_t i = 0; rec_ids[i]; i++)
        bundled |= strcmp(source, rec_ids[i]) == 0;
    char *path = NULL;
    int rc = bundled ? ctome_recording_dataset_path(datadir, source, &path) : CTOME_OK;
    size_t first = out->n;
    if (!rc)
        rc = ctome_read_recordings(path ? path : source, reg, out);
    if (!rc && out->n == first)
        rc = ctome_error(CTOME_EVALUE, path ? path : source, 0, "no recording in the file");
    /* A bundled id names what it gives, so that reports and stores say
     * "atanas2023-sample", not the file's internal session name. */
    for (size_t i = first; !rc && bundled && i < out->n; i++) {
        char id[256];
        if (out->n - first == 1)
            snprintf(id, sizeof id, "%s", source);
        else
            snprintf(id, sizeof id, "%s_%s", source, out->r[i]->worm[0] ? out->r[i]->worm : "worm");
        rc = ctome_recording_set_string(&out->r[i]->id, id);
    }
    free(path);
    return rc;
}

int ctome_recordings_load(const char *datadir, const char *source, const ctome_registry *reg,
                          ctome_recordings *out)
{
    if (!source || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no recording source");
    char *file = NULL, *id = NULL;
    if (!split_pick(source, &file, &id))
        return load_all(datadir, source, reg, out);
    if (!id) {
        free(file);
        return ctome_error_nomem();
    }
    ctome_recordings all = {0};
    int rc = load_all(datadir, file, reg, &all);
    size_t k = 0;
    while (!rc && k < all.n && strcmp(all.r[k]->id, id) != 0)
        k++;
    if (!rc && k == all.n) {
        char ids[400];
        ids_list(&all, ids, sizeof ids);
        rc = ctome_error(CTOME_ENOTFOUND, file, 0, "no recording '%s' (it holds %s)", id, ids);
    }
    if (!rc) {
        rc = ctome_recordings_push(out, all.r[k]);
        if (!rc)
            all.r[k] = NULL;
    }
    /* the others are dropped with the list */
    ctome_recordings_free(&all);
    free(file);
    free(id);
    return rc;
}
int ctome_recordings_single(const ctome_recordings *list, const char *source, const ctome_recording **out)
{
    *out = NULL;
    if (!list || list->n == 0)
        return ctome_error(CTOME_EVALUE, source, 0, "no recording in the file");
    if (list->n == 1) {
        *out = list->r[0];
        return CTOME_OK;
    }
    char ids[400];
    ids_list(list, ids, sizeof ids);
    return ctome_error(CTOME_EINVAL, source, 0, "holds %zu recordings (%s): this command analyses one; "
                       "pick one as FILE:ID", list->n, ids);
}
