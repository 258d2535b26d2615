/* dfc_affinity.c — the windowed affinity tensor of dfc.h (step 1). */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "dfc.h"
#include "error.h"
#include "io.h"

void ctome_dfc_affinity_opts_default(ctome_dfc_affinity_opts *o)
{
    o->window_s = 30.0;
    o->step_s = 10.0;
    o->min_frac = 0.5;
}

size_t ctome_dfc_pair_index(size_t n, size_t i, size_t j)
{
    if (i > j) {
        size_t t = i;
        i = j;
        j = t;
    }
    return i * n - i * (i + 1) / 2 + (j - i - 1);
}

void ctome_dfc_tensor_clear(ctome_dfc_tensor *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->neurons && i < t->n_neurons; i++)
        free(t->neurons[i]);
    for (size_t k = 0; t->worms && k < t->n_worms; k++)
        free(t->worms[k]);
    free(t->neurons);
    free(t->worms);
    free(t->x);
    free(t->window_ok);
    free(t->present);
    free(t->window_t0);
    memset(t, 0, sizeof *t);
}

typedef struct {
    const char *name;
    int reg;
} neuron_key;

/* Registry-placed neurons by registry index, then unknown names by name. */
static int key_cmp(const void *pa, const void *pb)
{
    const neuron_key *a = pa, *b = pb;
    if ((a->reg >= 0) != (b->reg >= 0))
        return a->reg >= 0 ? -1 : 1;
    if (a->reg >= 0 && a->reg != b->reg)
        return a->reg < b->reg ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* The union of labelled neurons over the recordings, sorted (key_cmp). */
static int neuron_union(const ctome_recording *const *rec, size_t n, ctome_dfc_tensor *out)
{
    size_t cap = 0;
    for (size_t k = 0; k < n; k++)
        cap += rec[k]->n_neurons;
    neuron_key *keys = malloc((cap ? cap : 1) * sizeof *keys);
    if (!keys)
        return ctome_error_nomem();
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < rec[k]->n_neurons; i++) {
            if (!rec[k]->labels[i][0]) {
                out->n_unlabelled++;
                continue;
            }
            keys[m].name = rec[k]->labels[i];
            keys[m++].reg = rec[k]->reg[i];
        }
    qsort(keys, m, sizeof *keys, key_cmp);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || strcmp(keys[u - 1].name, keys[i].name) != 0)
            keys[u++] = keys[i];
    int rc = CTOME_OK;
    if (u < 2)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc: %zu labelled neuron%s over %zu recording%s: need at least 2 "
                         "(unlabelled ROIs cannot be matched across worms)", u, u == 1 ? "" : "s", n,
                         n == 1 ? "" : "s");
    if (!rc) {
        out->neurons = calloc(u, sizeof *out->neurons);
        if (!out->neurons)
            rc = ctome_error_nomem();
    }
    for (size_t i = 0; !rc && i < u; i++) {
        out->neurons[i] = ctome_strdup(keys[i].name);
        if (!out->neurons[i])
            rc = CTOME_ENOMEM;
        out->n_neurons = i + 1;
    }
    free(keys);
    return rc;
}

static long find_neuron(const ctome_dfc_tensor *t, const char *name)
{
    for (size_t i = 0; i < t->n_neurons; i++)
        if (strcmp(t->neurons[i], name) == 0)
            return (long)i;
    return -1;
}

/* Affinities of one window of worm k: rows of `d` (m x (L-1)) are the first
 * differences of the worm's recorded neurons (NaN where missing); `idx`
 * maps row -> union neuron. */
static void window_affinity(ctome_dfc_tensor *t, size_t k, size_t w, const double *d, size_t m, size_t nd,
                            const size_t *idx, size_t min_keep, double *z, double *c, uint8_t *keep)
{
    size_t kept = 0;
    for (size_t s = 0; s < nd; s++) {
        keep[s] = 1;
        for (size_t i = 0; i < m && keep[s]; i++)
            keep[s] = isfinite(d[i * nd + s]) != 0;
        kept += keep[s];
    }
    double *xw = t->x + (k * t->n_windows + w) * t->n_pairs;
    if (kept < min_keep) {
        t->window_ok[k * t->n_windows + w] = 0;
        t->n_short_windows++;
        return;
    }
    t->window_ok[k * t->n_windows + w] = 1;
    /* z-score the kept differences of each neuron (population sd); a flat row
     * stays 0 so its correlations are 0 */
    for (size_t i = 0; i < m; i++) {
        double mean = 0, ss = 0;
        size_t q = 0;
        for (size_t s = 0; s < nd; s++)
            if (keep[s])
                mean += d[i * nd + s];
        mean /= (double)kept;
        for (size_t s = 0; s < nd; s++)
            if (keep[s]) {
                double v = d[i * nd + s] - mean;
                z[i * kept + q++] = v;
                ss += v * v;
            }
        double sd = sqrt(ss);
        if (!(sd > 1e-12 * (fabs(mean) + 1.0) * sqrt((double)kept))) {
            t->n_flat++;
            memset(z + i * kept, 0, kept * sizeof *z);
        } else {
            for (size_t s = 0; s < kept; s++)
                z[i * kept + s] /= sd;
        }
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)m, (int)kept, 1.0, z, (int)kept, 0.0, c, (int)m);
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m; b++) {
            double r = c[a * m + b];
            r = r > 1.0 ? 1.0 : r;
            xw[ctome_dfc_pair_index(t->n_neurons, idx[a], idx[b])] = r > 0 ? r : 0.0;
        }
}

int ctome_dfc_affinity(const ctome_recording *const *rec, size_t n, const ctome_dfc_affinity_opts *o,
                       ctome_dfc_tensor *out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: no output");
    memset(out, 0, sizeof *out);
    ctome_dfc_affinity_opts def;
    if (!o) {
        ctome_dfc_affinity_opts_default(&def);
        o = &def;
    }
    if (!rec || n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: no recording");
    if (!(o->window_s > 0) || !isfinite(o->window_s))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: window %g s: must be positive", o->window_s);
    if (!(o->step_s > 0) || !isfinite(o->step_s))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: step %g s: must be positive", o->step_s);
    if (!(o->min_frac >= 0 && o->min_frac <= 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: min_frac %g outside [0, 1]", o->min_frac);
    double dt = 0;
    for (size_t k = 0; k < n; k++) {
        const ctome_recording *r = rec[k];
        if (r->n_time < 2)
            return ctome_error(CTOME_EVALUE, NULL, 0, "dfc: recording '%s' has %zu sample(s)", r->id, r->n_time);
        double h = (r->time[r->n_time - 1] - r->time[0]) / (double)(r->n_time - 1);
        for (size_t s = 1; s < r->n_time; s++)
            if (fabs(r->time[s] - r->time[s - 1] - h) > 1e-6 * h)
                return ctome_error(CTOME_EVALUE, NULL, 0, "dfc: recording '%s' is not on a regular time grid "
                                   "(sample %zu); homogenise it first (ctome activity)", r->id, s);
        if (k == 0)
            dt = h;
        else if (fabs(h - dt) > 1e-6 * dt)
            return ctome_error(CTOME_EVALUE, NULL, 0, "dfc: recording '%s' has step %g s, '%s' %g s: homogenise "
                               "both to one step", r->id, h, rec[0]->id, dt);
    }
    double lw = round(o->window_s / dt), ls = round(o->step_s / dt);
    if (lw < 3)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: window %g s is %g sample(s) of %g s: need at least 3",
                           o->window_s, lw, dt);
    if (ls < 1)
        ls = 1;
    size_t L = (size_t)lw, step = (size_t)ls, W = 0;
    for (size_t k = 0; k < n; k++)
        if (rec[k]->n_time >= L) {
            size_t wk = (rec[k]->n_time - L) / step + 1;
            W = wk > W ? wk : W;
        }
    if (W == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: window %g s (%zu samples) is longer than every recording",
                           o->window_s, L);
    int rc = neuron_union(rec, n, out);
    size_t N = out->n_neurons;
    size_t P = N * (N - 1) / 2;
    if (!rc && (double)n * (double)W * (double)P > 4e9)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc: tensor of %zu worms x %zu windows x %zu pairs is too large",
                         n, W, P);
    if (rc) {
        ctome_dfc_tensor_clear(out);
        return rc;
    }
    out->n_worms = n;
    out->n_windows = W;
    out->n_pairs = P;
    out->dt = dt;
    out->window_len = L;
    out->step_len = step;
    out->window_s = (double)L * dt;
    out->step_s = (double)step * dt;
    out->x = calloc(n * W * P, sizeof *out->x);
    out->window_ok = calloc(n * W, 1);
    out->present = calloc(n * N, 1);
    out->window_t0 = malloc(W * sizeof *out->window_t0);
    out->worms = calloc(n, sizeof *out->worms);
    size_t mmax = 0;
    for (size_t k = 0; k < n; k++)
        mmax = rec[k]->n_neurons > mmax ? rec[k]->n_neurons : mmax;
    size_t nd = L - 1;
    double *d = malloc(mmax * nd * sizeof *d), *z = malloc(mmax * nd * sizeof *z);
    double *c = malloc(mmax * mmax * sizeof *c);
    size_t *idx = malloc(mmax * sizeof *idx), *row = malloc(mmax * sizeof *row);
    uint8_t *keep = malloc(nd);
    if (!out->x || !out->window_ok || !out->present || !out->window_t0 || !out->worms || !d || !z || !c || !idx ||
        !row || !keep)
        rc = ctome_error_nomem();
    for (size_t w = 0; !rc && w < W; w++)
        out->window_t0[w] = (double)(w * step) * dt;
    size_t min_keep = (size_t)ceil(o->min_frac * (double)nd - 1e-9);
    min_keep = min_keep < 2 ? 2 : min_keep;
    for (size_t k = 0; !rc && k < n; k++) {
        const ctome_recording *r = rec[k];
        out->worms[k] = ctome_strdup(r->id);
        if (!out->worms[k]) {
            rc = CTOME_ENOMEM;
            break;
        }
        size_t m = 0;
        for (size_t i = 0; i < r->n_neurons; i++) {
            if (!r->labels[i][0])
                continue;
            long u = find_neuron(out, r->labels[i]);
            if (u < 0 || out->present[k * N + (size_t)u])
                continue;   /* a label used twice is rejected by ctome_recording_validate */
            out->present[k * N + (size_t)u] = 1;
            idx[m] = (size_t)u;
            row[m++] = i;
        }
        size_t wk = r->n_time >= L ? (r->n_time - L) / step + 1 : 0;
        for (size_t w = 0; w < W; w++) {
            if (w >= wk || m < 2) {
                out->window_ok[k * W + w] = 0;
                continue;
            }
            size_t s0 = w * step;
            for (size_t a = 0; a < m; a++) {
                const double *x = r->traces + row[a] * r->n_time + s0;
                for (size_t s = 0; s < nd; s++)
                    d[a * nd + s] = x[s + 1] - x[s];
            }
            window_affinity(out, k, w, d, m, nd, idx, min_keep, z, c, keep);
        }
    }
    free(d);
    free(z);
    free(c);
    free(idx);
    free(row);
    free(keep);
    if (rc)
        ctome_dfc_tensor_clear(out);
    return rc;
}
