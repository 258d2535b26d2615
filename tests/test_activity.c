/* test_activity.c — homogenisation of activity recordings (activity.h) and
 * the trace figures (trace_figs.h).
 *
 * Known answers: a sine at irregular times (linear-interpolation error
 * bound), a step (bin averages by hand), crafted NaN runs, impulses through
 * every smoothing kernel, z-scores of a 4-periodic signal; on the bundled
 * Atanas et al. 2023 sample, values from tests/ref/activity_ref.py (numpy,
 * same definitions; output tests/ref/activity_ref.txt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "activity.h"
#include "error.h"
#include "plot.h"
#include "recordings_io.h"
#include "registry.h"
#include "testutil.h"
#include "trace_figs.h"

#define ATANAS CTOME_TEST_DATA "/activity/atanas2023_threlfall_subset/time_trace.json"

/* cmocka 1.1's assert_float_equal compares in float: too coarse here. */
#define assert_double_equal(a, b, tol)                                                               \
    do {                                                                                             \
        double a_ = (a), b_ = (b);                                                                   \
        if (!(fabs(a_ - b_) <= (tol)))                                                               \
            fail_msg("%s = %.15g, expected %.15g (tolerance %g)", #a, a_, b_, (double)(tol));        \
    } while (0)

static ctome_registry *reg;
static char *tmp;

static const double PI = 3.14159265358979323846;

/* A recording of n neurons x T samples at times t (copied), unlabelled. */
static ctome_recording *make_rec(size_t n, size_t T, const double *t)
{
    ctome_recording *r;
    assert_int_equal(ctome_recording_new("test", n, T, &r), 0);
    memcpy(r->time, t, T * sizeof *t);
    return r;
}

static double *regular(size_t T, double h)
{
    double *t = malloc(T * sizeof *t);
    assert_non_null(t);
    for (size_t i = 0; i < T; i++)
        t[i] = (double)i * h;
    return t;
}

static ctome_activity_opts plain(double dt)
{
    ctome_activity_opts o;
    ctome_activity_opts_default(&o);
    o.dt = dt;
    o.zscore = 0;
    o.min_length = 10;
    return o;
}

/* ---- resampling ---- */

/* sin(w t) at t_i = 0.1 i + 0.03 sin(1.7 i) (steps 0.04 .. 0.16 s).  Linear
 * interpolation errs by at most max|f''| h^2 / 8 = w^2 h_max^2 / 8 on a step
 * of length h_max (the classical bound), so every up-sampled value is within
 * that of sin(w t_k).  Down-sampled: the mean of the 6 fine samples of bin k
 * is sin(w c_k) A with A = mean_j cos(w (j - 2.5) dt/6) (sum formula), c_k the
 * bin time, up to the same interpolation error. */
static void test_sine_irregular(void **state)
{
    (void)state;
    size_t T = 3000;
    double *t = malloc(T * sizeof *t), w = 2 * PI * 0.2, hmax = 0;
    for (size_t i = 0; i < T; i++)
        t[i] = 0.1 * (double)i + 0.03 * sin(1.7 * (double)i);
    for (size_t i = 0; i + 1 < T; i++)
        hmax = fmax(hmax, t[i + 1] - t[i]);
    ctome_recording *r = make_rec(1, T, t);
    for (size_t i = 0; i < T; i++)
        r->traces[i] = sin(w * t[i]);
    double bound = w * w * hmax * hmax / 8;
    assert_true(hmax < 0.17 && bound < 0.006);

    ctome_activity_opts o = plain(0.05);
    ctome_recording *out;
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_false(rep.downsampled);
    assert_int_equal(out->n_time, (size_t)floor((t[T - 1] - t[0]) / 0.05 + 1e-9) + 1);
    double maxerr = 0;
    for (size_t k = 0; k < out->n_time; k++) {
        assert_double_equal(out->time[k], t[0] + 0.05 * (double)k, 1e-12);
        maxerr = fmax(maxerr, fabs(out->traces[k] - sin(w * out->time[k])));
    }
    assert_true(maxerr <= bound);
    assert_true(maxerr > bound / 100);   /* a real interpolation, not a copy */
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);

    o = plain(0.6);
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_true(rep.downsampled);
    double A = 0;
    for (int j = 0; j < 6; j++)
        A += cos(w * (j - 2.5) * 0.1) / 6;
    for (size_t k = 0; k < out->n_time; k++) {
        assert_double_equal(out->time[k], t[0] + 0.6 * (double)k + 0.25, 1e-9);
        assert_true(fabs(out->traces[k] - A * sin(w * out->time[k])) <= bound);
    }
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(r);
    free(t);
}

/* x = 0 for t < 2, 1 from t = 2, samples every 0.25 s (t = 0 .. 9.75). */
static void test_step(void **state)
{
    (void)state;
    double *t = regular(40, 0.25);
    ctome_recording *r = make_rec(1, 40, t), *out;
    for (size_t i = 0; i < 40; i++)
        r->traces[i] = t[i] >= 2 ? 1 : 0;
    /* dt 0.75 > 0.25: fine step 0.125, M = 9.75/0.125 + 1 = 79 fine points,
     * 13 bins.  Bin 2 holds t = 1.5, 1.625, 1.75, 1.875, 2, 2.125 with values
     * 0, 0, 0, 0.5, 1, 1: mean 2.5/6; its time is 1.5 + 2.5 x 0.125 = 1.8125. */
    ctome_activity_opts o = plain(0.75);
    o.min_length = 1;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), 0);
    assert_int_equal(out->n_time, 13);
    double want[4] = {0, 0, 2.5 / 6, 1}, when[4] = {0.3125, 1.0625, 1.8125, 2.5625};
    for (int k = 0; k < 4; k++) {
        assert_double_equal(out->traces[k], want[k], 1e-12);
        assert_double_equal(out->time[k], when[k], 1e-12);
    }
    assert_double_equal(out->traces[12], 1, 1e-12);
    ctome_recording_free(out);
    /* up-sampling to 0.1: t = 1.8 lies 0.05 after 1.75 on the 0-to-1 step */
    o = plain(0.1);
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), 0);
    assert_int_equal(out->n_time, 98);
    assert_double_equal(out->traces[17], 0, 1e-12);
    assert_double_equal(out->traces[18], 0.2, 1e-12);
    assert_double_equal(out->traces[19], 0.6, 1e-12);
    assert_double_equal(out->traces[20], 1, 1e-12);
    ctome_recording_free(out);
    ctome_recording_free(r);
    free(t);
}

/* ---- NaN handling ---- */

static void test_nan_runs(void **state)
{
    (void)state;
    size_t T = 1000;
    double *t = regular(T, 0.1);
    ctome_recording *r = make_rec(4, T, t), *out;
    for (size_t n = 0; n < 4; n++)
        for (size_t i = 0; i < T; i++)
            r->traces[n * T + i] = sin(0.05 * (double)i + (double)n);
    for (size_t i = 300; i < 330; i++)     /* 3%: filled */
        r->traces[0 * T + i] = NAN;
    for (size_t i = 500; i < 560; i++)     /* 6%: dropped */
        r->traces[1 * T + i] = NAN;
    for (size_t i = 0; i < 10; i++)        /* edge: nearest value */
        r->traces[2 * T + i] = NAN;
    for (size_t i = 100; i < 150; i++)     /* exactly 5%: kept */
        r->traces[3 * T + i] = NAN;
    ctome_recording_set_label(r, 1, "AVAL", reg);
    ctome_activity_opts o = plain(0.1);
    o.canonical_order = 0;
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_int_equal(out->n_neurons, 3);
    assert_int_equal(rep.n_dropped, 1);
    assert_string_equal(rep.dropped[0].label, "AVAL");
    assert_int_equal(rep.dropped[0].index, 1);
    assert_non_null(strstr(rep.dropped[0].reason, "longest NaN run 60 samples"));
    assert_int_equal(rep.n_gaps_filled, 3);
    /* neuron 0: the line from sample 299 to 330 */
    double x0 = sin(0.05 * 299), x1 = sin(0.05 * 330);
    for (size_t i = 300; i < 330; i++)
        assert_double_equal(out->traces[i], x0 + (x1 - x0) * (double)(i - 299) / 31.0, 1e-9);
    /* neuron 2 (now row 1): the first value repeated */
    for (size_t i = 0; i < 10; i++)
        assert_double_equal(out->traces[1 * T + i], sin(0.05 * 10 + 2), 1e-9);
    /* provenance lists the dropped neuron under the nan step */
    json_t *p = json_loads(out->provenance, 0, NULL);
    assert_non_null(p);
    json_t *s = json_array_get(p, 1);
    assert_string_equal(json_string_value(json_object_get(s, "step")), "nan");
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(s, "dropped"), 0),
                                                          "neuron")),
                        "AVAL");
    json_decref(p);
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(r);
    free(t);
}

/* A 41 s gap in the time stamps (as Scholz 2018's untracked frames) is NaN,
 * not a straight line. */
static void test_time_gap(void **state)
{
    (void)state;
    size_t T = 200;
    double *t = regular(T, 0.5);
    for (size_t i = 100; i < T; i++)
        t[i] += 41;
    ctome_recording *r = make_rec(1, T, t), *out;
    for (size_t i = 0; i < T; i++)
        r->traces[i] = (double)i;
    ctome_activity_opts o = plain(0.25);
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_int_equal(rep.n_time_gaps, 1);
    /* grid 0.25 s: t = 49.5 (k 198) is sample 99, sample 100 is at t = 91
     * (k 364); t = 49.75 .. 90.75 lie inside the gap */
    assert_double_equal(out->traces[198], 99, 1e-12);
    assert_true(isnan(out->traces[199]));
    assert_true(isnan(out->traces[363]));
    assert_double_equal(out->traces[364], 100, 1e-12);
    assert_double_equal(out->traces[366], 101, 1e-12);
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    /* down-sampling: a bin touching the gap is NaN, the others are not */
    o = plain(2.0);
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    size_t nan = 0;
    for (size_t k = 0; k < out->n_time; k++)
        nan += isnan(out->traces[k]) != 0;
    /* fine points every 1/3 s; bins whose points reach into the open gap
     * (49.5, 91): 24 (48 .. 49.67 s) to 45 (90 .. 91.67 s) */
    assert_int_equal(nan, 22);
    assert_false(isnan(out->traces[0]));
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(r);
    free(t);
}

/* ---- smoothing ---- */

static ctome_recording *impulse(size_t T, size_t at)
{
    double *t = regular(T, 0.1);
    ctome_recording *r = make_rec(1, T, t);
    for (size_t i = 0; i < T; i++)
        r->traces[i] = i == at ? 1 : 0;
    free(t);
    return r;
}

static ctome_recording *smoothed(const ctome_recording *r, const char *spec)
{
    ctome_activity_opts o = plain(0.1);
    assert_int_equal(ctome_activity_parse_smooth(spec, &o), 0);
    ctome_recording *out;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), 0);
    return out;
}

static void test_smoothing(void **state)
{
    (void)state;
    ctome_recording *r = impulse(100, 50), *out;
    out = smoothed(r, "moving:5");
    for (size_t i = 0; i < 100; i++)
        assert_double_equal(out->traces[i], i >= 48 && i <= 52 ? 0.2 : 0, 1e-12);
    ctome_recording_free(out);
    /* even window 4: samples i-1 .. i+2 */
    out = smoothed(r, "moving:4");
    for (size_t i = 0; i < 100; i++)
        assert_double_equal(out->traces[i], i >= 48 && i <= 51 ? 0.25 : 0, 1e-12);
    ctome_recording_free(out);
    /* Gaussian sigma 0.3 s = 3 samples: 12-sample half width */
    out = smoothed(r, "gauss:0.3");
    double w[13], sum = 0;
    for (int j = 0; j <= 12; j++) {
        w[j] = exp(-0.5 * (j / 3.0) * (j / 3.0));
        sum += j ? 2 * w[j] : w[j];
    }
    for (int j = -14; j <= 14; j++)
        assert_double_equal(out->traces[50 + j], abs(j) <= 12 ? w[abs(j)] / sum : 0, 1e-12);
    ctome_recording_free(out);
    /* exponential 0.5: 0.5, 0.25, ... from the impulse on, nothing before */
    out = smoothed(r, "exp:0.5");
    assert_double_equal(out->traces[49], 0, 0);
    for (int k = 0; k < 10; k++)
        assert_double_equal(out->traces[50 + k], pow(0.5, k + 1), 1e-12);
    ctome_recording_free(out);
    ctome_recording_free(r);
    /* at the edge the Gaussian is normalised over the samples available */
    r = impulse(100, 2);
    out = smoothed(r, "gauss:0.3");
    double avail = 0;
    for (int j = 0; j <= 12; j++)
        avail += w[j];
    assert_double_equal(out->traces[0], w[2] / avail, 1e-12);
    ctome_recording_free(out);
    ctome_recording_free(r);

    ctome_activity_opts o;
    ctome_activity_opts_default(&o);
    const char *bad[] = {"moving:0", "moving:2.5", "gauss:-1", "gauss:", "exp:0", "exp:1.5", "box:3", "nan"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(ctome_activity_parse_smooth(bad[i], &o), CTOME_EINVAL);
    assert_int_equal(ctome_activity_parse_smooth("none", &o), 0);
    assert_int_equal(o.smooth, CTOME_SMOOTH_NONE);
}

/* ---- z-score, minimum length, order ---- */

static void test_zscore(void **state)
{
    (void)state;
    double *t = regular(100, 1);
    ctome_recording *r = make_rec(2, 100, t), *out;
    for (size_t i = 0; i < 100; i++) {
        r->traces[i] = (double)(i % 4);     /* mean 1.5, population sd sqrt(1.25) */
        r->traces[100 + i] = 7;             /* constant: dropped */
    }
    ctome_activity_opts o = plain(1);
    o.zscore = 1;
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_int_equal(out->n_neurons, 1);
    assert_int_equal(rep.n_dropped, 1);
    assert_non_null(strstr(rep.dropped[0].reason, "sd = 0"));
    for (size_t i = 0; i < 8; i++)
        assert_double_equal(out->traces[i], ((double)(i % 4) - 1.5) / sqrt(1.25), 1e-12);
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(r);
    free(t);
}

static void test_min_length(void **state)
{
    (void)state;
    double *t = regular(150, 1);
    ctome_recording *r = make_rec(1, 150, t), *out = (ctome_recording *)1;
    for (size_t i = 0; i < 150; i++)
        r->traces[i] = sin((double)i);
    ctome_activity_report rep;
    /* 149 s at 0.333 s: 448 samples < 600 */
    assert_int_equal(ctome_activity_homogenise(r, NULL, &out, &rep), 0);
    assert_null(out);
    assert_true(rep.skipped);
    assert_non_null(strstr(rep.skip_reason, "448 samples"));
    ctome_activity_report_free(&rep);
    ctome_activity_opts o;
    ctome_activity_opts_default(&o);
    o.min_length = 448;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_non_null(out);
    assert_int_equal(out->n_time, 448);
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(r);
    free(t);
}

static void test_canonical_order(void **state)
{
    (void)state;
    double *t = regular(20, 1);
    ctome_recording *r = make_rec(5, 20, t), *out;
    const char *raw[5] = {"RIMR", "", "AVAL", "NEWCELL", "avar"};
    for (size_t n = 0; n < 5; n++) {
        assert_int_equal(ctome_recording_set_label(r, n, raw[n], reg), 0);
        for (size_t i = 0; i < 20; i++)
            r->traces[n * 20 + i] = (double)(n * 100 + i);
    }
    assert_true(r->reg[3] < 0);
    ctome_activity_opts o = plain(1);
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), 0);
    assert_int_equal(rep.n_placed, 3);
    assert_int_equal(rep.n_apart, 2);
    for (size_t i = 0; i < 2; i++)
        assert_true(out->reg[i] < out->reg[i + 1]);
    assert_string_equal(out->labels[3], "");
    assert_string_equal(out->labels[4], r->labels[3]);
    /* traces follow their labels */
    for (size_t i = 0; i < 5; i++) {
        int c = i == 3 ? 1 : i == 4 ? 3 : ctome_recording_find(r, out->labels[i]);
        assert_double_equal(out->traces[i * 20 + 5], (double)(c * 100 + 5), 1e-12);
    }
    int aval = ctome_registry_find(reg, "AVAL"), avar = ctome_registry_find(reg, "AVAR"),
        rimr = ctome_registry_find(reg, "RIMR");
    int min = aval < avar ? (aval < rimr ? aval : rimr) : (avar < rimr ? avar : rimr);
    assert_int_equal(out->reg[0], min);
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(r);
    free(t);
}

/* ---- bad input ---- */

static void test_bad_input(void **state)
{
    (void)state;
    double *t = regular(50, 1);
    ctome_recording *r = make_rec(2, 50, t), *out = NULL;
    for (size_t i = 0; i < 100; i++)
        r->traces[i] = sin((double)i);
    ctome_activity_opts o = plain(0);
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "dt must be > 0"));
    o.dt = -1;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EINVAL);
    o.dt = NAN;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EINVAL);
    o = plain(1);
    o.gap_factor = 1;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EINVAL);
    o = plain(1);
    o.max_nan_run = 1;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EINVAL);
    assert_null(out);
    /* every neuron dropped: a clear error, no output */
    for (size_t i = 10; i < 20; i++)
        r->traces[i] = r->traces[50 + i] = NAN;
    o = plain(1);
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, &rep), CTOME_EVALUE);
    assert_null(out);
    assert_non_null(strstr(ctome_error_message(), "all 2 neurons dropped"));
    assert_int_equal(rep.n_dropped, 2);
    ctome_activity_report_free(&rep);
    /* non-monotonic time stamps, an all-NaN neuron: the recording's invariants */
    r->time[30] = r->time[29];
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "not strictly increasing"));
    r->time[30] = 30;
    for (size_t i = 0; i < 50; i++)
        r->traces[i] = NAN;
    assert_int_equal(ctome_activity_homogenise(r, &o, &out, NULL), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "all NaN"));
    assert_null(out);
    ctome_recording_free(r);
    free(t);
}

/* ---- the bundled Atanas recording against numpy ---- */

static ctome_recording *atanas(void)
{
    ctome_recordings list = {0};
    assert_int_equal(ctome_read_recordings(ATANAS, reg, &list), 0);
    assert_int_equal(list.n, 1);
    ctome_recording *r = list.r[0];
    list.n = 0;
    ctome_recordings_free(&list);
    return r;
}

static void run_case(const ctome_recording *a, char c, const char *ref)
{
    ctome_recording *in;
    assert_int_equal(ctome_recording_new(a->id, a->n_neurons, a->n_time, &in), 0);
    memcpy(in->traces, a->traces, a->n_neurons * a->n_time * sizeof *in->traces);
    memcpy(in->time, a->time, a->n_time * sizeof *in->time);
    for (size_t i = 0; i < a->n_neurons; i++) {
        assert_int_equal(ctome_recording_set_string(&in->labels[i], a->labels[i]), 0);
        in->reg[i] = a->reg[i];
    }
    ctome_activity_opts o;
    ctome_activity_opts_default(&o);
    if (c == 'B') {
        size_t T = in->n_time;
        for (size_t i = 100; i < 140; i++)
            in->traces[5 * T + i] = NAN;
        for (size_t i = 500; i < 600; i++)
            in->traces[10 * T + i] = NAN;
        for (size_t i = 0; i < 10; i++)
            in->traces[20 * T + i] = NAN;
        o.dt = 1.5;
        assert_int_equal(ctome_activity_parse_smooth("gauss:3", &o), 0);
    } else if (c == 'C') {
        o.dt = 0.5;
        o.zscore = 0;
        assert_int_equal(ctome_activity_parse_smooth("exp:0.3", &o), 0);
    }
    ctome_recording *out;
    ctome_activity_report rep;
    assert_int_equal(ctome_activity_homogenise(in, &o, &out, &rep), 0);
    size_t checked = 0;
    const char *line = ref;
    while (line && *line) {
        char cs, key[32], name[32];
        size_t v, k;
        double x;
        if (line[0] == c && sscanf(line, "%c %31s", &cs, key) == 2) {
            if (strcmp(key, "n_out") == 0 && sscanf(line, "%*c %*s %zu", &v) == 1)
                assert_int_equal(out->n_neurons, v);
            else if (strcmp(key, "n_time") == 0 && sscanf(line, "%*c %*s %zu", &v) == 1)
                assert_int_equal(out->n_time, v);
            else if (strcmp(key, "time") == 0 && sscanf(line, "%*c %*s %zu %lf", &k, &x) == 2)
                assert_double_equal(out->time[k], x, 1e-9);
            else if (strcmp(key, "absent") == 0 && sscanf(line, "%*c %*s %31s", name) == 1)
                assert_int_equal(ctome_recording_find(out, name), -1);
            else if (strcmp(key, "sample") == 0 && sscanf(line, "%*c %*s %31s %zu %lf", name, &k, &x) == 3) {
                int i = ctome_recording_find(out, name);
                assert_true(i >= 0);
                if (fabs(out->traces[(size_t)i * out->n_time + k] - x) > 1e-9)
                    fail_msg("case %c %s[%zu] = %.12g, numpy %.12g", c, name, k,
                             out->traces[(size_t)i * out->n_time + k], x);
            } else
                fail_msg("bad reference line: %.60s", line);
            checked++;
        }
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    assert_true(checked > 20);
    if (c == 'B') {
        assert_true(rep.downsampled);
        assert_int_equal(rep.n_dropped, 1);
        assert_int_equal(rep.n_gaps_filled, 2);
    }
    ctome_recording_free(out);
    ctome_activity_report_free(&rep);
    ctome_recording_free(in);
}

static void test_atanas_reference(void **state)
{
    (void)state;
    char path[4096];
    char *ref = tu_slurp(tu_path(path, sizeof path, tu_tests_dir(), "ref/activity_ref.txt"), NULL);
    ctome_recording *a = atanas();
    assert_int_equal(a->n_neurons, 98);
    assert_int_equal(a->n_time, 1600);
    run_case(a, 'A', ref);
    run_case(a, 'B', ref);
    run_case(a, 'C', ref);

    /* provenance: the reader's step, then one per homogenisation step */
    ctome_recording *out;
    assert_int_equal(ctome_activity_homogenise(a, NULL, &out, NULL), 0);
    json_t *p = json_loads(out->provenance, 0, NULL);
    assert_non_null(p);
    const char *steps[] = {"read", "order", "nan", "resample", "min_length", "zscore"};
    assert_int_equal(json_array_size(p), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(p, i), "step")), steps[i]);
    assert_double_equal(json_real_value(json_object_get(json_array_get(p, 3), "dt")), 0.333, 0);
    json_decref(p);

    /* figures: heatmap + stacked traces; an unknown neuron writes nothing */
    char *fig = tu_join(tmp, "traces.png");
    const char *names[] = {"AVAR", "SMDDL"};
    assert_int_equal(ctome_plot_traces(out, names, 2, CTOME_CMAP_DIVERGING, fig), 0);
    assert_int_equal(access(fig, F_OK), 0);
    free(fig);
    fig = tu_join(tmp, "none.png");
    const char *bad[] = {"AVAR", "RIML"};
    assert_int_equal(ctome_plot_traces(out, bad, 2, CTOME_CMAP_VIRIDIS, fig), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "'RIML'"));
    assert_int_not_equal(access(fig, F_OK), 0);
    free(fig);
    fig = tu_join(tmp, "default.svg");
    assert_int_equal(ctome_plot_traces(out, NULL, 0, CTOME_CMAP_VIRIDIS, fig), 0);
    free(fig);
    ctome_recording_free(out);
    ctome_recording_free(a);
    free(ref);
}

static void test_dataset_path(void **state)
{
    (void)state;
    char *p;
    assert_int_equal(ctome_recording_dataset_path(CTOME_TEST_DATA, "atanas2023-sample", &p), 0);
    assert_int_equal(access(p, R_OK), 0);
    free(p);
    assert_int_equal(ctome_recording_dataset_path(CTOME_TEST_DATA, "scholz2018-gfp", &p), 0);
    assert_int_equal(access(p, R_OK), 0);
    free(p);
    assert_int_equal(ctome_recording_dataset_path(CTOME_TEST_DATA, "kato2015", &p), CTOME_ENOTFOUND);
    assert_null(p);
    assert_string_equal(ctome_recording_dataset_ids()[1], "scholz2018-gfp");
}

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("activity", &reg, &tmp);
}

static int teardown(void **state)
{
    (void)state;
    ctome_plot_cleanup();
    return tu_group_teardown(reg, tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sine_irregular), cmocka_unit_test(test_step),
        cmocka_unit_test(test_nan_runs),       cmocka_unit_test(test_time_gap),
        cmocka_unit_test(test_smoothing),      cmocka_unit_test(test_zscore),
        cmocka_unit_test(test_min_length),     cmocka_unit_test(test_canonical_order),
        cmocka_unit_test(test_bad_input),      cmocka_unit_test(test_atanas_reference),
        cmocka_unit_test(test_dataset_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
