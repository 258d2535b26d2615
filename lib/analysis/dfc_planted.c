/* dfc_planted.c — planted multi-worm recordings with communities that switch
 * on and off in known intervals (dfc.h, step 4). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "dfc.h"
#include "error.h"
#include "rng.h"

void ctome_dfc_planted_opts_default(ctome_dfc_planted_opts *o)
{
    o->n_worms = 4;
    o->n_neurons = 40;
    o->n_time = 1800;
    o->dt = 0.5;
    o->n_intervals = 3;
    o->groups_per_interval = 2;
    o->group_size = 6;
    o->phi = 0.95;
    o->noise = 0.5;
    o->missing = 0.0;
    o->seed = 1;
}

void ctome_dfc_planted_clear(ctome_dfc_planted *p)
{
    if (!p)
        return;
    ctome_recordings_free(&p->rec);
    free(p->group);
    free(p->interval);
    free(p->on_start);
    free(p->on_end);
    memset(p, 0, sizeof *p);
}

/* Unit-variance AR(1): y_0 ~ N(0,1), y_t = phi y_{t-1} + sqrt(1 - phi^2) e_t. */
static void ar1(ctome_rng *g, double phi, double *y, size_t n)
{
    double s = sqrt(1.0 - phi * phi);
    y[0] = ctome_rng_normal(g);
    for (size_t t = 1; t < n; t++)
        y[t] = phi * y[t - 1] + s * ctome_rng_normal(g);
}

int ctome_dfc_planted_make(const ctome_dfc_planted_opts *o, ctome_dfc_planted *out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc planted: no output");
    memset(out, 0, sizeof *out);
    ctome_dfc_planted_opts def;
    if (!o) {
        ctome_dfc_planted_opts_default(&def);
        o = &def;
    }
    size_t G = o->n_intervals * o->groups_per_interval, N = o->n_neurons, T = o->n_time, K = o->n_worms;
    if (!K || !N || !T || !o->n_intervals || !o->groups_per_interval || !o->group_size || !(o->dt > 0))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc planted: worms, neurons, samples, intervals, groups per "
                           "interval, group size and dt must all be positive");
    if (G * o->group_size > N || N > 9999)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc planted: %zu communities of %zu neurons need more than the "
                           "%zu neurons (at most 9999)", G, o->group_size, N);
    if (!(o->phi >= 0 && o->phi < 1) || !(o->noise >= 0) || !(o->missing >= 0 && o->missing < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc planted: phi %g (0 <= phi < 1), noise %g (>= 0), missing %g "
                           "(0 <= missing < 1)", o->phi, o->noise, o->missing);
    if (T < 2 * o->n_intervals)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc planted: %zu samples for %zu intervals", T, o->n_intervals);
    out->n_groups = G;
    out->group = malloc(N * sizeof *out->group);
    out->interval = malloc(G * sizeof *out->interval);
    out->on_start = malloc(o->n_intervals * sizeof *out->on_start);
    out->on_end = malloc(o->n_intervals * sizeof *out->on_end);
    double *z = malloc(G * T * sizeof *z), *y = malloc(T * sizeof *y);
    size_t *cut = malloc((o->n_intervals + 1) * sizeof *cut);
    int rc = CTOME_OK;
    if (!out->group || !out->interval || !out->on_start || !out->on_end || !z || !y || !cut)
        rc = ctome_error_nomem();
    for (size_t i = 0; !rc && i < N; i++)
        out->group[i] = i < G * o->group_size ? (int32_t)(i / o->group_size) : -1;
    for (size_t g = 0; !rc && g < G; g++)
        out->interval[g] = g / o->groups_per_interval;
    for (size_t a = 0; !rc && a <= o->n_intervals; a++)
        cut[a] = a * T / o->n_intervals;
    for (size_t a = 0; !rc && a < o->n_intervals; a++) {
        out->on_start[a] = (double)cut[a] * o->dt;
        out->on_end[a] = (double)cut[a + 1] * o->dt;
    }
    for (size_t k = 0; !rc && k < K; k++) {
        ctome_rng g;
        ctome_rng_seed(&g, o->seed, k);
        /* which neurons this worm lacks (never all of them) */
        uint8_t *miss = calloc(N, 1);
        if (!miss) {
            rc = ctome_error_nomem();
            break;
        }
        size_t nm = 0;
        for (size_t i = 0; i < N; i++) {
            miss[i] = ctome_rng_uniform(&g) < o->missing;
            nm += miss[i];
        }
        if (nm == N)
            miss[0] = 0, nm--;
        char id[64];
        snprintf(id, sizeof id, "planted_w%zu", k + 1);
        ctome_recording *r = NULL;
        rc = ctome_recording_new(id, N - nm, T, &r);
        for (size_t gi = 0; !rc && gi < G; gi++)
            ar1(&g, o->phi, z + gi * T, T);
        for (size_t t = 0; !rc && t < T; t++)
            r->time[t] = (double)t * o->dt;
        size_t row = 0;
        for (size_t i = 0; !rc && i < N; i++) {
            /* every neuron draws its own process and noise even when missing,
             * so the other neurons do not change with `missing` */
            ar1(&g, o->phi, y, T);
            int32_t gi = out->group[i];
            double *x = miss[i] ? NULL : r->traces + row * T;
            for (size_t t = 0; t < T; t++) {
                int on = gi >= 0 && t >= cut[out->interval[gi]] && t < cut[out->interval[gi] + 1];
                double v = (on ? z[(size_t)gi * T + t] : y[t]) + o->noise * ctome_rng_normal(&g);
                if (x)
                    x[t] = v;
            }
            if (!x)
                continue;
            char name[32];
            snprintf(name, sizeof name, "P%03zu", i + 1);
            rc = ctome_recording_set_label(r, row++, name, NULL);
        }
        if (!rc) {
            rc = ctome_recording_set_string(&r->dataset, "dfc-planted");
            if (!rc) {
                char worm[32];
                snprintf(worm, sizeof worm, "%zu", k + 1);
                rc = ctome_recording_set_string(&r->worm, worm);
            }
        }
        if (!rc)
            rc = ctome_recordings_push(&out->rec, r);
        else
            ctome_recording_free(r);
        free(miss);
    }
    free(z);
    free(y);
    free(cut);
    if (rc)
        ctome_dfc_planted_clear(out);
    return rc;
}

int ctome_dfc_planted_score(const ctome_dfc_planted *pl, const ctome_dfc_tensor *t, const ctome_dfc_factors *f,
                            const ctome_dfc_comm *comm, size_t n_intervals, size_t *comp, double *r, double *nmi)
{
    size_t W = t->n_windows, N = t->n_neurons, R = f->rank;
    if (n_intervals > R)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc planted: %zu intervals but rank %zu", n_intervals, R);
    double *ind = malloc(W * sizeof *ind), *col = malloc(W * sizeof *col);
    uint8_t *used = calloc(R, 1);
    int32_t *truth = malloc(N * sizeof *truth), *idx = malloc(N * sizeof *idx);
    int rc = ind && col && used && truth && idx ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < N; i++) {
        unsigned v = 0;
        char extra;
        if (sscanf(t->neurons[i], "P%u%c", &v, &extra) != 1 || v < 1)
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc planted: neuron '%s' is not a planted name", t->neurons[i]);
        else
            idx[i] = (int32_t)v - 1;
    }
    for (size_t a = 0; !rc && a < n_intervals; a++) {
        for (size_t w = 0; w < W; w++) {
            double s0 = t->window_t0[w], s1 = s0 + t->window_s;
            double lo = s0 > pl->on_start[a] ? s0 : pl->on_start[a], hi = s1 < pl->on_end[a] ? s1 : pl->on_end[a];
            ind[w] = hi > lo ? (hi - lo) / t->window_s : 0;
        }
        double best = -INFINITY;
        size_t br = 0;
        for (size_t q = 0; q < R; q++) {
            if (used[q])
                continue;
            for (size_t w = 0; w < W; w++)
                col[w] = f->t[w * R + q];
            double c = ctome_pearson(col, ind, W);
            c = isfinite(c) ? c : -1.0;
            if (c > best) {
                best = c;
                br = q;
            }
        }
        used[br] = 1;
        comp[a] = br;
        r[a] = best;
        for (size_t i = 0; i < N; i++) {
            int32_t g = pl->group[idx[i]];
            truth[i] = g >= 0 && pl->interval[g] == a ? g : -1;
        }
        rc = ctome_partition_nmi(truth, comm[br].coherent, N, &nmi[a]);
    }
    free(ind);
    free(col);
    free(used);
    free(truth);
    free(idx);
    return rc;
}
