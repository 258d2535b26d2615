/* ei_atlas.c — perturbation atlas of the E/I rate model (definitions in
 * ei_atlas.h). */
#include "ei_atlas.h"
#include "ei_atlas_job.h"
#include "ei_internal.h"
#include "parerr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "error.h"

#define BLOWUP 1e6
#define SETTLED_RATE 1e-6
/* Largest dt * (Gershgorin bound of the Jacobian) allowed per RK4 step; RK4
 * is stable on the real axis up to 2.78 and near the imaginary axis to 2.83,
 * 2.0 leaves a margin for the discs' complex parts. */
#define RK4_LIMIT 2.0

void ctome_ei_atlas_opts_default(ctome_ei_atlas_opts *o)
{
    memset(o, 0, sizeof *o);
    o->amp = 1.0;
    o->duration = 1.0;
    o->window = 10.0;
    o->dt = 1e-2;
    o->settle = 50.0;
    o->measure = CTOME_ATLAS_MEAN;
}

int ctome_ei_atlas_opts_check(const ctome_ei_atlas_opts *o)
{
    if (!isfinite(o->dt) || o->dt <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "atlas step dt must be > 0, got '%g'", o->dt);
    if (!isfinite(o->amp) || o->amp <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "stimulus amplitude must be > 0 (an activating pulse, as in Randi 2023), "
                           "got '%g'", o->amp);
    if (!isfinite(o->duration) || o->duration <= 0 || o->duration < o->dt * (1 - 1e-9))
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "stimulus duration must be > 0 and at least one step (dt %g), got '%g'",
                           o->dt, o->duration);
    if (!isfinite(o->window) || o->window < o->duration)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "response window must be >= the stimulus duration %g, got '%g'",
                           o->duration, o->window);
    if (o->window / o->dt > 1e9)
        return ctome_error(CTOME_EVALUE, NULL, 0, "window %g / dt %g is more than 1e9 steps",
                           o->window, o->dt);
    if (!isfinite(o->settle) || o->settle < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "settling time must be >= 0, got '%g'", o->settle);
    if ((unsigned)o->measure > CTOME_ATLAS_PEAK)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown response measure '%d'", (int)o->measure);
    return CTOME_OK;
}

const char *ctome_ei_name(const ctome_ei *m, size_t i)
{
    if (!m->registry || i >= m->n || m->reg[i] < 0)
        return NULL;
    return ctome_registry_neuron(m->registry, (size_t)m->reg[i])->name;
}

/* ------------------------------------------------------------ integrator */

/* What every stimulation of one model shares (read-only). */
typedef struct {
    const ctome_ei *m;
    double h;               /* RK4 (sub)step */
    size_t sub;             /* sub-steps per sample step */
    size_t K;               /* sample steps in the window */
    size_t n_on;            /* sample steps with the pulse on */
    double amp;
    ctome_atlas_measure meas;
    const double *x0;       /* state at onset (n) */
    const double *base;     /* unstimulated trajectory, (K + 1) x n */
    const ei_rhs *rhs;      /* the merged right-hand side */
} atlas_ctx;

/* Per-thread buffers, 10 n doubles; fx and tmp are adjacent: z = [f(x); x]
 * of ei_rhs_eval starts at fx. */
struct atlas_buf {
    double *y, *k1, *k2, *k3, *k4, *fx, *tmp, *acc, *pk, *u;
};

/* 64-byte aligned (free() releases it): with n a multiple of 8 (the blocks'
 * n * ATLAS_B) every field starts on a cache line, so no vector load of the
 * blocked pass straddles two lines. */
static double *buf_alloc(size_t n, atlas_buf *b)
{
    size_t bytes = (10 * n * sizeof(double) + 63) / 64 * 64;
    double *p = aligned_alloc(64, bytes);
    if (p) {
        double **f[10] = {&b->y, &b->k1, &b->k2, &b->k3, &b->k4, &b->fx, &b->tmp, &b->acc, &b->pk,
                          &b->u};
        for (int i = 0; i < 10; i++)
            *f[i] = p + (size_t)i * n;
    }
    return p;
}

/* dx/dt of the model with a pulse `in` on neuron js (js < 0: none), summed
 * the way ctome computed it before the merged pass (ei_rhs.c): chemical and
 * gap terms in two passes, then / tau.  Only the one-at-a-time reference
 * path uses it: an oracle for the merged, blocked path that shares none of
 * its summation (tests compare the two to 1e-12). */
static void rhs(const ctome_ei *m, const double *y, double *dy, double *fx, long js, double in)
{
    size_t n = m->n;
    for (size_t j = 0; j < n; j++)
        fx[j] = ei_transfer(m->f, y[j]);
    for (size_t i = 0; i < n; i++) {
        double s = -y[i] - m->g_deg[i] * y[i];
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            s += m->w_val[p] * fx[m->w_col[p]];
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
            s += m->g_val[p] * y[m->g_col[p]];
        dy[i] = s / m->tau[i];
    }
    if (js >= 0)
        dy[js] += in / m->tau[js];
    if (m->silenced)
        for (size_t i = 0; i < n; i++)
            if (m->silenced[i])
                dy[i] = 0.0;
}

static void rk4_step(const ctome_ei *m, double h, long js, double in, const atlas_buf *b)
{
    size_t n = m->n;
    double *y = b->y, *tmp = b->tmp;
    rhs(m, y, b->k1, b->fx, js, in);
    for (size_t i = 0; i < n; i++)
        tmp[i] = y[i] + 0.5 * h * b->k1[i];
    rhs(m, tmp, b->k2, b->fx, js, in);
    for (size_t i = 0; i < n; i++)
        tmp[i] = y[i] + 0.5 * h * b->k2[i];
    rhs(m, tmp, b->k3, b->fx, js, in);
    for (size_t i = 0; i < n; i++)
        tmp[i] = y[i] + h * b->k3[i];
    rhs(m, tmp, b->k4, b->fx, js, in);
    for (size_t i = 0; i < n; i++)
        y[i] += h / 6.0 * (b->k1[i] + 2.0 * b->k2[i] + 2.0 * b->k3[i] + b->k4[i]);
}

/* One RK4 step of the unstimulated model through the merged pass. */
static void rk4_step_merged(const ei_rhs *r, double h, const atlas_buf *b)
{
    size_t n = r->n;
    double *y = b->y, *tmp = b->tmp;
    memcpy(tmp, y, n * sizeof *tmp);
    ei_rhs_eval(r, NULL, b->fx, b->k1);
    for (size_t i = 0; i < n; i++)
        tmp[i] = y[i] + 0.5 * h * b->k1[i];
    ei_rhs_eval(r, NULL, b->fx, b->k2);
    for (size_t i = 0; i < n; i++)
        tmp[i] = y[i] + 0.5 * h * b->k2[i];
    ei_rhs_eval(r, NULL, b->fx, b->k3);
    for (size_t i = 0; i < n; i++)
        tmp[i] = y[i] + h * b->k3[i];
    ei_rhs_eval(r, NULL, b->fx, b->k4);
    for (size_t i = 0; i < n; i++)
        y[i] += h / 6.0 * (b->k1[i] + 2.0 * b->k2[i] + 2.0 * b->k3[i] + b->k4[i]);
}

/* max_i |dx_i/dt| of the unstimulated model at x (b->tmp, b->fx, b->k1 used). */
static double rate_at(const ei_rhs *r, const double *x, const atlas_buf *b)
{
    memcpy(b->tmp, x, r->n * sizeof *x);
    ei_rhs_eval(r, NULL, b->fx, b->k1);
    double v = 0;
    for (size_t i = 0; i < r->n; i++)
        v = fmax(v, fabs(b->k1[i]));
    return v;
}

static int blown_up(const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(fabs(y[i]) <= BLOWUP))
            return 1;
    return 0;
}

static int blowup_error(const ctome_ei *m, long js, double t)
{
    const char *nm = js >= 0 ? ctome_ei_name(m, (size_t)js) : NULL;
    char who[64];
    if (js < 0)
        snprintf(who, sizeof who, "without stimulation");
    else if (nm)
        snprintf(who, sizeof who, "stimulating %s", nm);
    else
        snprintf(who, sizeof who, "stimulating neuron %ld", js);
    return ctome_error(CTOME_EVALUE, NULL, 0,
                       "unstable model: activity blew up (|x| > %g or not finite) %s at t = '%g'",
                       BLOWUP, who, t);
}

/* One stimulation of neuron js: the response row r (n).  No allocation. */
static int stimulate_one(const atlas_ctx *c, long js, const atlas_buf *b, double *r)
{
    const ctome_ei *m = c->m;
    size_t n = m->n;
    memcpy(b->y, c->x0, n * sizeof *b->y);
    memset(b->acc, 0, n * sizeof *b->acc);   /* trapezoid: the k = 0 term is d = 0 */
    memset(b->pk, 0, n * sizeof *b->pk);
    for (size_t k = 1; k <= c->K; k++) {
        double in = k <= c->n_on ? c->amp : 0.0;
        for (size_t s = 0; s < c->sub; s++)
            rk4_step(m, c->h, js, in, b);
        if (blown_up(b->y, n))
            return blowup_error(m, js, (double)k * c->h * (double)c->sub);
        const double *bk = c->base + k * n;
        double wk = k == c->K ? 0.5 : 1.0;
        for (size_t i = 0; i < n; i++) {
            double d = b->y[i] - bk[i];
            b->acc[i] += wk * d;
            if (fabs(d) > fabs(b->pk[i]))
                b->pk[i] = d;
        }
    }
    if (c->meas == CTOME_ATLAS_PEAK)
        memcpy(r, b->pk, n * sizeof *r);
    else
        for (size_t i = 0; i < n; i++)
            r[i] = b->acc[i] / (double)c->K;
    return CTOME_OK;
}

/* ---- stimulations together: a block of w stimulations (w = 16 or 8) is
 * one state matrix Y (n x w, row i = neuron i, column c = stimulation c),
 * and each RK4 stage is one merged sparse x dense product
 * (ei_rhs_eval_block); a block of one (w = 1) runs ei_rhs_eval with the
 * input vector u = in e_js.  Every column gets the same arithmetic whatever
 * its block width, the thread count or the CPU's instruction set, so
 * responses are identical for any thread count and any way the
 * stimulations are cut into blocks; against the one-at-a-time reference
 * path (other summation order) they agree to rounding (tests: 1e-12).  The
 * stimulation list is cut into blocks of 16, the rest (atlas_units) into
 * one block of 16 (10..15 left), one of 8 (3..8; 9 = 8 + 1) or single
 * columns (1..2), so at most 7 padding columns are ever simulated, and
 * those only with 3..7 or 10..15 left. */
#define ATLAS_B EI_BLOCK

/* The element-wise parts of a blocked RK4 step, each the expression of
 * rk4_step (same rounding, any clone). */
EI_CLONES static void stage(double *tmp, const double *y, double a, const double *k, size_t nb)
{
    for (size_t i = 0; i < nb; i++)
        tmp[i] = y[i] + a * k[i];
}

/* y += h6 (k1 + 2 k2 + 2 k3 + k4), and the new y also into tmp (the next
 * step's first stage reads Z = [F; Y] with Y = y). */
EI_CLONES static void combine(double *y, double *tmp, double h6, const atlas_buf *b, size_t nb)
{
    const double *k1 = b->k1, *k2 = b->k2, *k3 = b->k3, *k4 = b->k4;
    for (size_t i = 0; i < nb; i++) {
        double v = y[i] + h6 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        y[i] = v;
        tmp[i] = v;
    }
}

/* One stage's dY for a block of w columns: the block pass, or for w = 1
 * ei_rhs_eval with u = in on js[0] (u is b->u, zero elsewhere). */
static void eval_w(const ei_rhs *r, size_t w, const long *js, double in, const atlas_buf *b,
                   double *k)
{
    if (w > 1) {
        ei_rhs_eval_block(r, w, js, in, b->fx, k);
        return;
    }
    b->u[js[0]] = in;
    ei_rhs_eval(r, b->u, b->fx, k);
}

/* One RK4 step of the block; on entry the state is in both y and Z's
 * state half (b->fx + n w), and so on return. */
static void rk4_block(const ei_rhs *r, double h, size_t w, const long *js, double in,
                      const atlas_buf *b)
{
    size_t nb = r->n * w;
    double *y = b->y, *tmp = b->fx + nb;   /* Z = [F; Y] starts at fx */
    eval_w(r, w, js, in, b, b->k1);
    stage(tmp, y, 0.5 * h, b->k1, nb);
    eval_w(r, w, js, in, b, b->k2);
    stage(tmp, y, 0.5 * h, b->k2, nb);
    eval_w(r, w, js, in, b, b->k3);
    stage(tmp, y, h, b->k3, nb);
    eval_w(r, w, js, in, b, b->k4);
    combine(y, tmp, h / 6.0, b, nb);
}

/* bad[c] = 1 if column c of the block state y (n x w) has a value with
 * |x| > BLOWUP or not finite (NaN fails the <= test); w fixed by the
 * caller, so each clone's loop is vectorised. */
static inline __attribute__((always_inline)) void blown_w(const double *y, size_t n, size_t w,
                                                          int *bad)
{
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < w; c++)
            bad[c] |= !(fabs(y[i * w + c]) <= BLOWUP);
}

EI_CLONES static void blown_cols(const double *y, size_t n, size_t w, int *bad)
{
    if (w == 16)
        blown_w(y, n, 16, bad);
    else if (w == 8)
        blown_w(y, n, 8, bad);
    else
        blown_w(y, n, 1, bad);
}

/* The response measures at one sample step: the trapezoid sum acc += wk d
 * and the signed peak pk of d = y - base (row i of base for row i of y),
 * y n x w (w fixed by the caller, so each clone's loop is vectorised). */
static inline __attribute__((always_inline)) void track_w(const double *y, const double *bk,
                                                          double wk, double *acc, double *pk,
                                                          size_t n, size_t w)
{
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < w; c++) {
            size_t q = i * w + c;
            double d = y[q] - bk[i];
            acc[q] += wk * d;
            pk[q] = fabs(d) > fabs(pk[q]) ? d : pk[q];
        }
}

EI_CLONES static void track(const double *y, const double *bk, double wk, double *acc, double *pk,
                            size_t n, size_t w)
{
    if (w == 16)
        track_w(y, bk, wk, acc, pk, n, 16);
    else if (w == 8)
        track_w(y, bk, wk, acc, pk, n, 8);
    else
        track_w(y, bk, wk, acc, pk, n, 1);
}

/* Stimulations stim[0..k) (k <= w, w = 16, 8 or 1) together; responses r
 * (k x n).  b holds ATLAS_B n doubles per field.  On blow-up, the error of
 * the lowest-index column that blew up, as stimulate_one would report it
 * (*failed = that column).  No allocation. */
static int stimulate_block(const atlas_ctx *c, const size_t *stim, size_t k, size_t w,
                           const atlas_buf *b, double *r, size_t *failed)
{
    const ctome_ei *m = c->m;
    size_t n = m->n;
    long js[ATLAS_B];
    size_t dead[ATLAS_B];   /* sample step at which each column blew up, 0 = never */
    for (size_t cc = 0; cc < w; cc++) {
        js[cc] = cc < k ? (long)stim[cc] : -1;
        dead[cc] = 0;
    }
    double *tmp = b->fx + n * w;
    for (size_t i = 0; i < n; i++)
        for (size_t cc = 0; cc < w; cc++)
            b->y[i * w + cc] = tmp[i * w + cc] = c->x0[i];
    memset(b->acc, 0, n * w * sizeof *b->acc);
    memset(b->pk, 0, n * w * sizeof *b->pk);
    if (w == 1)
        memset(b->u, 0, n * sizeof *b->u);
    size_t alive = k;
    for (size_t t = 1; t <= c->K && alive > 0; t++) {
        double in = t <= c->n_on ? c->amp : 0.0;
        for (size_t s = 0; s < c->sub; s++)
            rk4_block(c->rhs, c->h, w, js, in, b);
        int bad[ATLAS_B] = {0};
        blown_cols(b->y, n, w, bad);
        for (size_t cc = 0; cc < k; cc++)
            if (!dead[cc] && bad[cc]) {
                dead[cc] = t;
                alive--;
            }
        track(b->y, c->base + t * n, t == c->K ? 0.5 : 1.0, b->acc, b->pk, n, w);
    }
    for (size_t cc = 0; cc < k; cc++)
        if (dead[cc]) {
            *failed = cc;
            return blowup_error(m, js[cc], (double)dead[cc] * c->h * (double)c->sub);
        }
    for (size_t cc = 0; cc < k; cc++)
        for (size_t i = 0; i < n; i++)
            r[cc * n + i] = c->meas == CTOME_ATLAS_PEAK ? b->pk[i * w + cc]
                                                          : b->acc[i * w + cc] / (double)c->K;
    return CTOME_OK;
}

/* Gershgorin bound of the Jacobian's spectral radius (see ei_atlas.h). */
static double jac_bound(const ctome_ei *m)
{
    double fp = m->f == CTOME_EI_SIGMOID ? 0.25 : 1.0, B = 0;
    for (size_t i = 0; i < m->n; i++) {
        double s = 1.0 + 2.0 * m->g_deg[i];
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            s += fabs(m->w_val[p]) * fp;
        s /= m->tau[i];
        if (s > B)
            B = s;
    }
    return B;
}

/* Set up ctx: the merged right-hand side, step sizes, baseline state and
 * trajectory (through the merged pass).  *base_out (malloc'd, (K+1) x n),
 * *x0_out (n) and *rhs (ei_rhs_free) are the caller's to free. */
static int ctx_setup(const ctome_ei *m, const ctome_ei_atlas_opts *o, atlas_ctx *c, double **x0_out,
                     double **base_out, ei_rhs *rhs, int *settled, double *rate)
{
    int rc = ctome_ei_atlas_opts_check(o);
    if (rc)
        return rc;
    size_t n = m->n;
    if ((rc = ei_rhs_build(m, rhs)))
        return rc;
    *c = (atlas_ctx){.m = m, .amp = o->amp, .meas = o->measure, .rhs = rhs};
    c->K = (size_t)llround(o->window / o->dt);
    c->n_on = (size_t)llround(o->duration / o->dt);
    if (c->n_on < 1)
        c->n_on = 1;
    if (c->K < c->n_on)
        c->K = c->n_on;
    double B = jac_bound(m);
    c->sub = (size_t)ceil(o->dt * B / RK4_LIMIT);
    if (c->sub < 1)
        c->sub = 1;
    c->h = o->dt / (double)c->sub;
    atlas_buf b;
    double *mem = buf_alloc(n, &b);
    double *x0 = calloc(n, sizeof *x0), *base = malloc((c->K + 1) * n * sizeof *base);
    if (!mem || !x0 || !base) {
        free(mem);
        free(x0);
        free(base);
        ei_rhs_free(rhs);
        return ctome_error_nomem();
    }
    /* settle: from x = 0, unless that is already a fixed point */
    double r = rate_at(rhs, x0, &b);
    if (r > 0 && o->settle > 0) {
        size_t steps = (size_t)llround(o->settle / o->dt) * c->sub;
        memcpy(b.y, x0, n * sizeof *x0);
        for (size_t s = 0; s < steps && !rc; s++) {
            rk4_step_merged(rhs, c->h, &b);
            if ((s & 63) == 63 && blown_up(b.y, n))
                rc = blowup_error(m, -1, (double)(s + 1) * c->h - o->settle);
        }
        if (!rc && blown_up(b.y, n))
            rc = blowup_error(m, -1, 0.0);
        memcpy(x0, b.y, n * sizeof *x0);
        r = rate_at(rhs, x0, &b);
    }
    *settled = r < SETTLED_RATE;
    *rate = r;
    /* the unstimulated trajectory over the window */
    memcpy(b.y, x0, n * sizeof *x0);
    memcpy(base, x0, n * sizeof *base);
    for (size_t k = 1; k <= c->K && !rc; k++) {
        if (r > 0)
            for (size_t s = 0; s < c->sub; s++)
                rk4_step_merged(rhs, c->h, &b);
        if (blown_up(b.y, n))
            rc = blowup_error(m, -1, (double)k * o->dt);
        memcpy(base + k * n, b.y, n * sizeof *base);
    }
    free(mem);
    if (rc) {
        free(x0);
        free(base);
        ei_rhs_free(rhs);
        return rc;
    }
    c->x0 = x0;
    c->base = base;
    *x0_out = x0;
    *base_out = base;
    return CTOME_OK;
}

static int check_stim(const ctome_ei *m, const size_t *stim, size_t n_stim)
{
    if (n_stim == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no neuron to stimulate");
    for (size_t s = 0; stim && s < n_stim; s++)
        if (stim[s] >= m->n)
            return ctome_error(CTOME_EINVAL, NULL, 0, "stimulated neuron index '%zu' out of range "
                                                      "(model of %zu neurons)", stim[s], m->n);
    return CTOME_OK;
}

/* The prologue the two one-thread entry points share: stimulus check,
 * model set-up, settled flag.  Caller frees *x0, *base and rhs. */
static int serial_setup(const ctome_ei *m, const size_t *stim, size_t n_stim,
                        const ctome_ei_atlas_opts *o, atlas_ctx *c, double **x0, double **base,
                        ei_rhs *rhs, int *settled_out)
{
    int rc = check_stim(m, stim, n_stim);
    int settled;
    double rate;
    if (rc || (rc = ctx_setup(m, o, c, x0, base, rhs, &settled, &rate)))
        return rc;
    if (settled_out)
        *settled_out = settled;
    return CTOME_OK;
}

/* ------------------------------------------------------------ atlas jobs */

/* How a stimulation list of length n_stim is cut into blocks (see the top
 * of the block section): unit u covers stimulations [start, start + k) with
 * width w.  Returns the number of units; with `out` NULL only counts. */
static size_t atlas_units(size_t n_stim, ei_atlas_unit *out)
{
    size_t u = 0, s = 0;
    while (s < n_stim) {
        size_t left = n_stim - s, k, w;
        if (left >= 10)
            k = left < ATLAS_B ? left : ATLAS_B, w = ATLAS_B;
        else if (left >= 3)
            k = left < 8 ? left : 8, w = 8;
        else
            k = 1, w = 1;
        if (out)
            out[u] = (ei_atlas_unit){.start = s, .k = k, .w = w};
        u++;
        s += k;
    }
    return u;
}

size_t ei_atlas_unit_count(size_t n_stim)
{
    return atlas_units(n_stim, NULL);
}

struct ei_atlas_job {
    atlas_ctx c;
    ei_rhs rhs;
    double *x0, *base;
    size_t *stim, n_stim;
    double *r;                  /* caller's: n_stim x n */
    ei_atlas_unit *unit;
    size_t n_unit;
    int settled;
    double rate;
};

void ei_atlas_job_free(ei_atlas_job *j)
{
    if (!j)
        return;
    free(j->x0);
    free(j->base);
    ei_rhs_free(&j->rhs);
    free(j->stim);
    free(j->unit);
    free(j);
}

int ei_atlas_job_new(const ctome_ei *m, const size_t *stim, size_t n_stim,
                     const ctome_ei_atlas_opts *o, double *r, ei_atlas_job **out)
{
    *out = NULL;
    int rc = check_stim(m, stim, n_stim);
    if (rc)
        return rc;
    ei_atlas_job *j = calloc(1, sizeof *j);
    if (!j)
        return ctome_error_nomem();
    if ((rc = ctx_setup(m, o, &j->c, &j->x0, &j->base, &j->rhs, &j->settled, &j->rate))) {
        free(j);
        return rc;
    }
    j->n_stim = n_stim;
    j->r = r;
    j->n_unit = atlas_units(n_stim, NULL);
    j->stim = malloc(n_stim * sizeof *j->stim);
    j->unit = malloc(j->n_unit * sizeof *j->unit);
    if (!j->stim || !j->unit) {
        ei_atlas_job_free(j);
        return ctome_error_nomem();
    }
    for (size_t s = 0; s < n_stim; s++)
        j->stim[s] = stim ? stim[s] : s;
    atlas_units(n_stim, j->unit);
    *out = j;
    return CTOME_OK;
}

size_t ei_atlas_job_units(const ei_atlas_job *j, const ei_atlas_unit **unit)
{
    if (unit)
        *unit = j->unit;
    return j->n_unit;
}

void ei_atlas_job_info(const ei_atlas_job *j, int *settled, double *rate, size_t *substeps)
{
    if (settled)
        *settled = j->settled;
    if (rate)
        *rate = j->rate;
    if (substeps)
        *substeps = j->c.sub;
}

const size_t *ei_atlas_job_stim(const ei_atlas_job *j)
{
    return j->stim;
}

atlas_buf *ei_atlas_buf_new(size_t n)
{
    atlas_buf *b = malloc(sizeof *b);
    if (b && !buf_alloc(n * ATLAS_B, b)) {
        free(b);
        b = NULL;
    }
    return b;
}

void ei_atlas_buf_free(atlas_buf *b)
{
    if (b)
        free(b->y);   /* the start of the one allocation */
    free(b);
}

int ei_atlas_job_run(const ei_atlas_job *j, size_t u, const atlas_buf *b, size_t *failed)
{
    const ei_atlas_unit *q = &j->unit[u];
    size_t f = 0;
    int rc = stimulate_block(&j->c, j->stim + q->start, q->k, q->w, b, j->r + q->start * j->c.m->n,
                             &f);
    if (rc && failed)
        *failed = q->start + f;
    return rc;
}

/* The two one-thread entry points: block = 0 runs one stimulation at a time
 * through the two-pass rhs() (the oracle), block = 1 the blocks of
 * atlas_units in order.  Same set-up, same output layout. */
static int atlas_serial_run(const ctome_ei *m, const size_t *stim, size_t n_stim,
                            const ctome_ei_atlas_opts *o, double *r, int *settled_out, int block)
{
    if (block) {
        ei_atlas_job *j;
        int rc = ei_atlas_job_new(m, stim, n_stim, o, r, &j);
        if (rc)
            return rc;
        if (settled_out)
            *settled_out = j->settled;
        atlas_buf *b = ei_atlas_buf_new(m->n);
        if (!b)
            rc = ctome_error_nomem();
        for (size_t u = 0; u < j->n_unit && !rc; u++)
            rc = ei_atlas_job_run(j, u, b, NULL);
        ei_atlas_buf_free(b);
        ei_atlas_job_free(j);
        return rc;
    }
    atlas_ctx c;
    ei_rhs rhs;
    double *x0 = NULL, *base = NULL;
    int rc = serial_setup(m, stim, n_stim, o, &c, &x0, &base, &rhs, settled_out);
    if (rc)
        return rc;
    atlas_buf b;
    double *mem = buf_alloc(m->n, &b);
    if (!mem)
        rc = ctome_error_nomem();
    for (size_t s = 0; s < n_stim && !rc; s++)
        rc = stimulate_one(&c, (long)(stim ? stim[s] : s), &b, r + s * m->n);
    free(mem);
    free(x0);
    free(base);
    ei_rhs_free(&rhs);
    return rc;
}

int ctome_ei_atlas_reference(const ctome_ei *m, const size_t *stim, size_t n_stim,
                             const ctome_ei_atlas_opts *o, double *r, int *settled_out)
{
    return atlas_serial_run(m, stim, n_stim, o, r, settled_out, 0);
}

int ctome_ei_atlas_serial(const ctome_ei *m, const size_t *stim, size_t n_stim,
                          const ctome_ei_atlas_opts *o, double *r, int *settled_out)
{
    return atlas_serial_run(m, stim, n_stim, o, r, settled_out, 1);
}

void ctome_ei_atlas_clear(ctome_ei_atlas *a)
{
    if (!a)
        return;
    free(a->stim);
    free(a->r);
    free(a->x_base);
    memset(a, 0, sizeof *a);
}

int ctome_ei_atlas_compute(const ctome_ei *m, const size_t *stim, size_t n_stim,
                           const ctome_ei_atlas_opts *o, ctome_ei_atlas *out)
{
    memset(out, 0, sizeof *out);
    ctome_ei_atlas_opts def;
    if (!o) {
        ctome_ei_atlas_opts_default(&def);
        o = &def;
    }
    if (!stim)
        n_stim = m->n;
    int rc = check_stim(m, stim, n_stim);
    if (rc)
        return rc;
    size_t n = m->n;
    double *r = malloc(n_stim * n * sizeof *r);
    if (!r)
        return ctome_error_nomem();
    ei_atlas_job *j;
    if ((rc = ei_atlas_job_new(m, stim, n_stim, o, r, &j))) {
        free(r);
        return rc;
    }
    out->n = n;
    out->n_stim = n_stim;
    out->r = r;
    ei_atlas_job_info(j, &out->settled, &out->settle_rate, &out->substeps);
    out->x_base = j->x0;
    j->x0 = NULL;
    out->stim = malloc(n_stim * sizeof *out->stim);
    if (!out->stim) {
        ei_atlas_job_free(j);
        ctome_ei_atlas_clear(out);
        return ctome_error_nomem();
    }
    memcpy(out->stim, j->stim, n_stim * sizeof *out->stim);
    int nt = 1;
#ifdef _OPENMP
    nt = o->threads > 0 ? o->threads : omp_get_max_threads();
#endif
    if ((size_t)nt > j->n_unit)
        nt = (int)j->n_unit;
    size_t done = 0;
    ctome_parerr err;
    ctome_parerr_init(&err);
#pragma omp parallel num_threads(nt)
    {
        atlas_buf *b = ei_atlas_buf_new(n);
        if (!b)
            ctome_parerr_set(&err, 0, ctome_error_nomem());
#pragma omp for schedule(dynamic, 1)
        for (size_t u = 0; u < j->n_unit; u++) {
            if (ctome_parerr_stopped(&err))
                continue;
            size_t failed = 0;
            int src = ei_atlas_job_run(j, u, b, &failed);
            if (src)
                ctome_parerr_set(&err, failed, src);
            else if (o->progress) {
#pragma omp critical(ctome_atlas_progress)
                for (size_t a = 0; a < j->unit[u].k; a++)
                    o->progress(++done, n_stim, o->progress_user);
            }
        }
        ei_atlas_buf_free(b);
    }
    ei_atlas_job_free(j);
    rc = ctome_parerr_report(&err, NULL, n_stim);
    if (rc)
        ctome_ei_atlas_clear(out);
    return rc;
}
