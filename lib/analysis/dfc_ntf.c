/* dfc_ntf.c — masked non-negative CP decomposition by HALS (dfc.h, step 2).
 *
 * All starts of one fit advance together: the two passes over the tensor in
 * each iteration are GEMMs against the factors of every still-running start
 * packed side by side, so the tensor is read twice per iteration whatever the
 * number of starts.  The GEMMs are cut into fixed blocks (pairs for the
 * first, worm x window rows for the second) run with one OpenBLAS thread
 * each, and every other step is sequential: the bytes do not depend on the
 * thread count. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dfc.h"
#include "error.h"
#include "rng.h"

#include <omp.h>

void openblas_set_num_threads(int);
int openblas_get_num_threads(void);

/* HALS keeps entries at >= this floor so a column cannot die at exactly 0
 * (Cichocki & Phan 2009, IEICE Trans Fund E92-A:708). */
#define HALS_EPS 1e-16
#define PAIR_BLOCK 2048
#define ROW_BLOCK 64

/* Extrapolation with restarts (after Ang & Gillis 2019, Neural Comput
 * 31:417, "HER"): the next HALS sweep starts from y = max(eps, z + beta (z -
 * z_prev)); beta grows by EXTRAP_GROW (capped by beta_max, which grows by
 * EXTRAP_CAP_GROW up to 1) after every accepted sweep, and when a sweep ends
 * above the accepted loss it is discarded, beta_max = beta, beta /= EXTRAP_SHRINK
 * and the next sweep starts from z itself.  Definitions in docs/dfc.md. */
#define EXTRAP_BETA0 0.5
#define EXTRAP_GROW 1.05
#define EXTRAP_CAP_GROW 1.01
#define EXTRAP_SHRINK 1.5

void ctome_dfc_ntf_opts_default(ctome_dfc_ntf_opts *o)
{
    o->rank = 4;
    o->starts = 10;
    o->max_iter = 500;
    o->tol = 1e-6;
    o->seed = 1;
    o->threads = 0;
    o->extrapolate = 1;
}

typedef struct {
    double *t, *a, *f;    /* W x R, K x R, P x R: the point the next sweep starts from (updated in place) */
    double *loss;         /* max_iter */
    size_t iters;
    int converged, active;
    double prev;
    /* extrapolation (EXTRAP_* below): z* the accepted iterate, q* the one
     * accepted before it; one allocation zbuf holds all six */
    double *zt, *za, *zf, *qt, *qa, *qf, *zbuf;
    double beta, beta_max;
    int from_z;           /* 1: the current sweep starts at z (no extrapolation) */
} start_state;

typedef struct {
    const ctome_dfc_tensor *x;
    size_t W, K, N, P, R;
    uint8_t *full;        /* P: pair recorded in every worm */
    uint8_t *pk;          /* K x P: pair recorded in worm k (only when some pair is partial) */
    double xx;            /* sum M X^2 */
    int threads;
} fit_ctx;

static int ctx_init(fit_ctx *c, const ctome_dfc_tensor *x, size_t R, int threads)
{
    memset(c, 0, sizeof *c);
    c->x = x;
    c->W = x->n_windows;
    c->K = x->n_worms;
    c->N = x->n_neurons;
    c->P = x->n_pairs;
    c->R = R;
    c->threads = threads;
    c->full = malloc(c->P ? c->P : 1);
    c->pk = malloc(c->K * c->P > 0 ? c->K * c->P : 1);
    if (!c->full || !c->pk)
        return ctome_error_nomem();
    size_t p = 0;
    for (size_t i = 0; i < c->N; i++)
        for (size_t j = i + 1; j < c->N; j++, p++) {
            int all = 1;
            for (size_t k = 0; k < c->K; k++) {
                uint8_t on = x->present[k * c->N + i] && x->present[k * c->N + j];
                c->pk[k * c->P + p] = on;
                all &= on;
            }
            c->full[p] = (uint8_t)all;
        }
    /* masked entries are stored as 0, so sum M X^2 is the plain sum over the
     * valid windows of present pairs */
    double xx = 0;
    for (size_t k = 0; k < c->K; k++)
        for (size_t w = 0; w < c->W; w++) {
            if (!x->window_ok[k * c->W + w])
                continue;
            const double *row = x->x + (k * c->W + w) * c->P;
            for (size_t q = 0; q < c->P; q++)
                xx += c->pk[k * c->P + q] ? row[q] * row[q] : 0.0;
        }
    c->xx = xx;
    return CTOME_OK;
}

static void ctx_free(fit_ctx *c)
{
    free(c->full);
    free(c->pk);
}

/* Gamma_k = T^T diag(u_k) T for every worm (K x R x R). */
static void gram_t(const fit_ctx *c, const double *t, double *gam)
{
    size_t R = c->R;
    memset(gam, 0, c->K * R * R * sizeof *gam);
    for (size_t k = 0; k < c->K; k++)
        for (size_t w = 0; w < c->W; w++) {
            if (!c->x->window_ok[k * c->W + w])
                continue;
            const double *tw = t + w * R;
            double *g = gam + k * R * R;
            for (size_t s = 0; s < R; s++)
                for (size_t r = 0; r < R; r++)
                    g[s * R + r] += tw[s] * tw[r];
        }
}

/* Phi_k = F^T diag(pairs of worm k) F (K x R x R). */
static void gram_f(const fit_ctx *c, const double *f, double *phi, double *tmp)
{
    size_t R = c->R;
    memset(tmp, 0, R * R * sizeof *tmp);
    memset(phi, 0, c->K * R * R * sizeof *phi);
    for (size_t p = 0; p < c->P; p++) {
        const double *fp = f + p * R;
        if (c->full[p]) {
            for (size_t s = 0; s < R; s++)
                for (size_t r = 0; r < R; r++)
                    tmp[s * R + r] += fp[s] * fp[r];
            continue;
        }
        for (size_t k = 0; k < c->K; k++)
            if (c->pk[k * c->P + p])
                for (size_t s = 0; s < R; s++)
                    for (size_t r = 0; r < R; r++)
                        phi[k * R * R + s * R + r] += fp[s] * fp[r];
    }
    for (size_t k = 0; k < c->K; k++)
        for (size_t q = 0; q < R * R; q++)
            phi[k * R * R + q] += tmp[q];
}

/* One HALS row update: z[r] = max(eps, (num[r] - sum_{s != r} z[s] C[s][r]) / C[r][r]),
 * columns in order (Gauss-Seidel); a zero diagonal leaves z[r]. */
static void hals_row(double *z, const double *num, const double *cm, size_t R)
{
    for (size_t r = 0; r < R; r++) {
        double d = cm[r * R + r];
        if (!(d > 0))
            continue;
        double acc = num[r];
        for (size_t s = 0; s < R; s++)
            if (s != r)
                acc -= z[s] * cm[s * R + r];
        double v = acc / d;
        z[r] = v > HALS_EPS ? v : HALS_EPS;
    }
}

/* One iteration for the packed running starts.  fp: P x (nA R) packed F;
 * hk: K x W x (nA R); nf: P x (nA R); g: K x W x (nA R). */
typedef struct {
    double *fp, *hk, *nf, *g, *gam, *phi, *cm, *tmp, *num;
} work;

static void pass_nf(const fit_ctx *c, size_t cols, const double *hk, double *nf)
{
    size_t P = c->P, W = c->W, nb = (P + PAIR_BLOCK - 1) / PAIR_BLOCK;
#pragma omp parallel for schedule(static) num_threads(c->threads > 0 ? c->threads : omp_get_max_threads())
    for (size_t b = 0; b < nb; b++) {
        size_t p0 = b * PAIR_BLOCK, pb = P - p0 < PAIR_BLOCK ? P - p0 : PAIR_BLOCK;
        for (size_t k = 0; k < c->K; k++)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)pb, (int)cols, (int)W, 1.0,
                        c->x->x + k * W * P + p0, (int)P, hk + k * W * cols, (int)cols, k ? 1.0 : 0.0,
                        nf + p0 * cols, (int)cols);
    }
}

static void pass_g(const fit_ctx *c, size_t cols, const double *fp, double *g)
{
    size_t P = c->P, W = c->W, K = c->K, nwb = (W + ROW_BLOCK - 1) / ROW_BLOCK, nt = K * nwb;
#pragma omp parallel for schedule(static) num_threads(c->threads > 0 ? c->threads : omp_get_max_threads())
    for (size_t b = 0; b < nt; b++) {
        size_t k = b / nwb, w0 = (b % nwb) * ROW_BLOCK, wb = W - w0 < ROW_BLOCK ? W - w0 : ROW_BLOCK;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)wb, (int)cols, (int)P, 1.0,
                    c->x->x + (k * W + w0) * P, (int)P, fp, (int)cols, 0.0, g + (k * W + w0) * cols, (int)cols);
    }
}

/* Update start s (column block j of the packs) after the F pass. */
static void update_f(const fit_ctx *c, start_state *st, size_t j, size_t cols, work *wk)
{
    size_t R = c->R, K = c->K, P = c->P;
    gram_t(c, st->t, wk->gam);
    /* B_k = (a_k a_k^T) o Gamma_k; C_full = sum_k B_k */
    double *bk = wk->phi; /* reuse as K x R x R scratch */
    memset(wk->cm, 0, R * R * sizeof *wk->cm);
    for (size_t k = 0; k < K; k++)
        for (size_t s = 0; s < R; s++)
            for (size_t r = 0; r < R; r++) {
                double v = st->a[k * R + s] * st->a[k * R + r] * wk->gam[k * R * R + s * R + r];
                bk[k * R * R + s * R + r] = v;
                wk->cm[s * R + r] += v;
            }
    for (size_t p = 0; p < P; p++) {
        const double *num = wk->nf + p * cols + j * R;
        const double *cm = wk->cm;
        if (!c->full[p]) {
            memset(wk->tmp, 0, R * R * sizeof *wk->tmp);
            for (size_t k = 0; k < K; k++)
                if (c->pk[k * P + p])
                    for (size_t q = 0; q < R * R; q++)
                        wk->tmp[q] += bk[k * R * R + q];
            cm = wk->tmp;
        }
        hals_row(st->f + p * R, num, cm, R);
    }
}

/* Update T then A of start s after the G pass; returns the loss. */
static double update_ta(const fit_ctx *c, start_state *st, size_t j, size_t cols, work *wk)
{
    size_t R = c->R, K = c->K, W = c->W;
    gram_f(c, st->f, wk->phi, wk->tmp);
    /* T rows: D_w = sum_k u_k[w] (a_k a_k^T) o Phi_k; N_T[w,r] = sum_k A[k,r] G_k[w,r] */
    for (size_t w = 0; w < W; w++) {
        memset(wk->cm, 0, R * R * sizeof *wk->cm);
        memset(wk->num, 0, R * sizeof *wk->num);
        for (size_t k = 0; k < K; k++) {
            if (!c->x->window_ok[k * W + w])
                continue;
            const double *ak = st->a + k * R, *gk = wk->g + (k * W + w) * cols + j * R;
            for (size_t s = 0; s < R; s++) {
                wk->num[s] += ak[s] * gk[s];
                for (size_t r = 0; r < R; r++)
                    wk->cm[s * R + r] += ak[s] * ak[r] * wk->phi[k * R * R + s * R + r];
            }
        }
        hals_row(st->t + w * R, wk->num, wk->cm, R);
    }
    /* A rows: E_k = Gamma_k(new T) o Phi_k; N_A[k,r] = sum_w T[w,r] G_k[w,r] */
    gram_t(c, st->t, wk->gam);
    for (size_t k = 0; k < K; k++) {
        memset(wk->num, 0, R * sizeof *wk->num);
        for (size_t w = 0; w < W; w++) {
            const double *gk = wk->g + (k * W + w) * cols + j * R, *tw = st->t + w * R;
            for (size_t r = 0; r < R; r++)
                wk->num[r] += tw[r] * gk[r];
        }
        for (size_t q = 0; q < R * R; q++)
            wk->cm[q] = wk->gam[k * R * R + q] * wk->phi[k * R * R + q];
        hals_row(st->a + k * R, wk->num, wk->cm, R);
    }
    /* loss = sum M X^2 - 2 sum M X Xhat + sum M Xhat^2 (G from the current F;
     * masked entries of X are 0, so G already carries the mask on X) */
    double cross = 0, quad = 0;
    for (size_t k = 0; k < K; k++) {
        const double *ak = st->a + k * R;
        for (size_t w = 0; w < W; w++) {
            const double *gk = wk->g + (k * W + w) * cols + j * R, *tw = st->t + w * R;
            for (size_t r = 0; r < R; r++)
                cross += tw[r] * ak[r] * gk[r];
        }
        for (size_t s = 0; s < R; s++)
            for (size_t r = 0; r < R; r++)
                quad += ak[s] * ak[r] * wk->gam[k * R * R + s * R + r] * wk->phi[k * R * R + s * R + r];
    }
    double loss = c->xx - 2.0 * cross + quad;
    return loss > 0 ? loss : 0.0;
}

/* Equal column norms across the three factors (the scale of a CP term is
 * arbitrary; balancing keeps HALS well conditioned).  Xhat is unchanged. */
static void balance(const fit_ctx *c, start_state *st)
{
    size_t R = c->R;
    for (size_t r = 0; r < R; r++) {
        double nt = 0, na = 0, nf = 0;
        for (size_t w = 0; w < c->W; w++)
            nt += st->t[w * R + r] * st->t[w * R + r];
        for (size_t k = 0; k < c->K; k++)
            na += st->a[k * R + r] * st->a[k * R + r];
        for (size_t p = 0; p < c->P; p++)
            nf += st->f[p * R + r] * st->f[p * R + r];
        nt = sqrt(nt);
        na = sqrt(na);
        nf = sqrt(nf);
        if (!(nt > 0 && na > 0 && nf > 0))
            continue;
        double g = cbrt(nt * na * nf);
        for (size_t w = 0; w < c->W; w++)
            st->t[w * R + r] *= g / nt;
        for (size_t k = 0; k < c->K; k++)
            st->a[k * R + r] *= g / na;
        for (size_t p = 0; p < c->P; p++)
            st->f[p * R + r] *= g / nf;
    }
}

/* Buffers of the extrapolation state of one start; z starts at the start point. */
static int extrap_init(const fit_ctx *c, start_state *q)
{
    size_t nt = c->W * c->R, na = c->K * c->R, nf = c->P * c->R;
    q->zbuf = malloc(2 * (nt + na + nf) * sizeof *q->zbuf);
    if (!q->zbuf)
        return ctome_error_nomem();
    q->zt = q->zbuf;
    q->za = q->zt + nt;
    q->zf = q->za + na;
    q->qt = q->zf + nf;
    q->qa = q->qt + nt;
    q->qf = q->qa + na;
    memcpy(q->zt, q->t, nt * sizeof *q->t);
    memcpy(q->za, q->a, na * sizeof *q->a);
    memcpy(q->zf, q->f, nf * sizeof *q->f);
    q->beta = EXTRAP_BETA0;
    q->beta_max = 1.0;
    q->from_z = 1;
    return CTOME_OK;
}

/* y = max(eps, z + beta (z - z_prev)) for one factor of n entries. */
static void extrapolate_into(double *y, const double *z, const double *zp, size_t n, double beta)
{
    for (size_t i = 0; i < n; i++) {
        double v = z[i] + beta * (z[i] - zp[i]);
        y[i] = v > HALS_EPS ? v : HALS_EPS;
    }
}

/* After the sweep of iteration `it` of start q (working point -> loss):
 * accept or discard it, set the next sweep's start point, test convergence
 * on the accepted losses (which never increase). */
static void extrap_step(const fit_ctx *c, start_state *q, size_t it, double loss, double tol, int do_balance)
{
    size_t nt = c->W * c->R, na = c->K * c->R, nf = c->P * c->R;
    if (it == 0 || loss <= q->prev) {
        if (do_balance)
            balance(c, q);
        double *sw;
        sw = q->qt; q->qt = q->zt; q->zt = sw;
        sw = q->qa; q->qa = q->za; q->za = sw;
        sw = q->qf; q->qf = q->zf; q->zf = sw;
        memcpy(q->zt, q->t, nt * sizeof *q->t);
        memcpy(q->za, q->a, na * sizeof *q->a);
        memcpy(q->zf, q->f, nf * sizeof *q->f);
        if (it > 0) {
            q->beta_max = q->beta_max * EXTRAP_CAP_GROW < 1.0 ? q->beta_max * EXTRAP_CAP_GROW : 1.0;
            q->beta = q->beta * EXTRAP_GROW < q->beta_max ? q->beta * EXTRAP_GROW : q->beta_max;
            if (q->prev - loss <= tol * q->prev) {
                q->converged = 1;
                q->active = 0;
            }
            extrapolate_into(q->t, q->zt, q->qt, nt, q->beta);
            extrapolate_into(q->a, q->za, q->qa, na, q->beta);
            extrapolate_into(q->f, q->zf, q->qf, nf, q->beta);
            q->from_z = 0;
        }
        q->prev = loss;
    } else {
        /* a plain HALS sweep from z cannot raise the loss except by rounding:
         * nothing left to gain */
        if (q->from_z) {
            q->converged = 1;
            q->active = 0;
        }
        q->beta_max = q->beta;
        q->beta /= EXTRAP_SHRINK;
        memcpy(q->t, q->zt, nt * sizeof *q->t);
        memcpy(q->a, q->za, na * sizeof *q->a);
        memcpy(q->f, q->zf, nf * sizeof *q->f);
        q->from_z = 1;
    }
    q->loss[it] = q->prev;
    q->iters = it + 1;
}

/* The accepted iterate back into the working buffers (the result). */
static void extrap_finish(const fit_ctx *c, start_state *q)
{
    memcpy(q->t, q->zt, c->W * c->R * sizeof *q->t);
    memcpy(q->a, q->za, c->K * c->R * sizeof *q->a);
    memcpy(q->f, q->zf, c->P * c->R * sizeof *q->f);
    free(q->zbuf);
    q->zbuf = NULL;
}

/* Run the starts st[0..S-1] (factors initialised) to convergence; with
 * `extrap`, HALS with extrapolation (above), else plain HALS. */
static int run_starts(const fit_ctx *c, start_state *st, size_t S, size_t max_iter, double tol, int do_balance,
                      int extrap)
{
    size_t R = c->R, W = c->W, K = c->K, P = c->P, SR = S * R;
    work wk = {0};
    wk.fp = malloc(P * SR * sizeof *wk.fp);
    wk.nf = malloc(P * SR * sizeof *wk.nf);
    wk.hk = malloc(K * W * SR * sizeof *wk.hk);
    wk.g = malloc(K * W * SR * sizeof *wk.g);
    wk.gam = malloc(K * R * R * sizeof *wk.gam);
    wk.phi = malloc(K * R * R * sizeof *wk.phi);
    wk.cm = malloc(R * R * sizeof *wk.cm);
    wk.tmp = malloc(R * R * sizeof *wk.tmp);
    wk.num = malloc(R * sizeof *wk.num);
    size_t *act = malloc(S * sizeof *act);
    int rc = CTOME_OK;
    if (!wk.fp || !wk.nf || !wk.hk || !wk.g || !wk.gam || !wk.phi || !wk.cm || !wk.tmp || !wk.num || !act)
        rc = ctome_error_nomem();
    for (size_t s = 0; !rc && extrap && s < S; s++)
        rc = extrap_init(c, &st[s]);
    int old_blas = openblas_get_num_threads();
    openblas_set_num_threads(1);
    for (size_t it = 0; !rc && it < max_iter; it++) {
        size_t nA = 0;
        for (size_t s = 0; s < S; s++)
            if (st[s].active)
                act[nA++] = s;
        if (!nA)
            break;
        size_t cols = nA * R;
        /* H_k = T diag(A_k) for the F pass (masked windows of X are 0) */
        for (size_t j = 0; j < nA; j++) {
            const start_state *q = &st[act[j]];
            for (size_t k = 0; k < K; k++)
                for (size_t w = 0; w < W; w++)
                    for (size_t r = 0; r < R; r++)
                        wk.hk[(k * W + w) * cols + j * R + r] = q->t[w * R + r] * q->a[k * R + r];
        }
        pass_nf(c, cols, wk.hk, wk.nf);
        for (size_t j = 0; j < nA; j++)
            update_f(c, &st[act[j]], j, cols, &wk);
        for (size_t p = 0; p < P; p++)
            for (size_t j = 0; j < nA; j++)
                memcpy(wk.fp + p * cols + j * R, st[act[j]].f + p * R, R * sizeof *wk.fp);
        pass_g(c, cols, wk.fp, wk.g);
        for (size_t j = 0; j < nA; j++) {
            start_state *q = &st[act[j]];
            double loss = update_ta(c, q, j, cols, &wk);
            if (extrap) {
                extrap_step(c, q, it, loss, tol, do_balance);
                continue;
            }
            if (do_balance)
                balance(c, q);
            q->loss[it] = loss;
            q->iters = it + 1;
            if (it > 0 && q->prev - loss <= tol * q->prev) {
                q->converged = 1;
                q->active = 0;
            }
            q->prev = loss;
        }
    }
    openblas_set_num_threads(old_blas);
    for (size_t s = 0; extrap && s < S; s++)
        if (st[s].zbuf) {
            if (!rc)
                extrap_finish(c, &st[s]);
            free(st[s].zbuf);
            st[s].zbuf = NULL;
        }
    free(wk.fp);
    free(wk.nf);
    free(wk.hk);
    free(wk.g);
    free(wk.gam);
    free(wk.phi);
    free(wk.cm);
    free(wk.tmp);
    free(wk.num);
    free(act);
    return rc;
}

static int check_tensor(const ctome_dfc_tensor *x, size_t R)
{
    if (!x || !x->x || x->n_pairs == 0 || x->n_windows == 0 || x->n_worms == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc ntf: empty tensor");
    if (R == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc ntf: rank 0");
    if ((double)x->n_pairs * (double)R > 1e10)
        return ctome_error(CTOME_EVALUE, NULL, 0, "dfc ntf: %zu pairs x rank %zu is too large", x->n_pairs, R);
    return CTOME_OK;
}

int ctome_dfc_ntf_from(const ctome_dfc_tensor *x, size_t rank, double *t, double *a, double *f,
                       size_t max_iter, double tol, int extrapolate, double *loss, size_t *iters, int *converged)
{
    int rc = check_tensor(x, rank);
    if (rc)
        return rc;
    if (max_iter == 0 || !(tol >= 0))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc ntf: max_iter %zu, tol %g", max_iter, tol);
    fit_ctx c;
    rc = ctx_init(&c, x, rank, 0);
    start_state st = {.t = t, .a = a, .f = f, .loss = loss, .active = 1};
    if (!rc)
        rc = run_starts(&c, &st, 1, max_iter, tol, 0, extrapolate);
    ctx_free(&c);
    if (iters)
        *iters = st.iters;
    if (converged)
        *converged = st.converged;
    return rc;
}

void ctome_dfc_ntf_clear(ctome_dfc_ntf *n)
{
    if (!n)
        return;
    for (size_t s = 0; n->start && s < n->n_starts; s++) {
        free(n->start[s].t);
        free(n->start[s].a);
        free(n->start[s].f);
        free(n->start[s].lambda);
        free(n->start[s].loss);
    }
    free(n->start);
    memset(n, 0, sizeof *n);
}

/* Unit columns, lambda = product of norms, components sorted by lambda. */
static int normalise(const fit_ctx *c, ctome_dfc_factors *fa)
{
    size_t R = c->R, dims[3] = {c->W, c->K, c->P};
    double *m[3] = {fa->t, fa->a, fa->f};
    for (size_t r = 0; r < R; r++) {
        fa->lambda[r] = 1;
        for (int d = 0; d < 3; d++) {
            double nn = 0;
            for (size_t i = 0; i < dims[d]; i++)
                nn += m[d][i * R + r] * m[d][i * R + r];
            nn = sqrt(nn);
            fa->lambda[r] *= nn;
            for (size_t i = 0; nn > 0 && i < dims[d]; i++)
                m[d][i * R + r] /= nn;
        }
    }
    size_t *ord = malloc(R * sizeof *ord);
    double *tmp = malloc((c->P > c->W ? c->P : c->W) * R * sizeof *tmp + R * sizeof *tmp);
    if (!ord || !tmp) {
        free(ord);
        free(tmp);
        return ctome_error_nomem();
    }
    for (size_t r = 0; r < R; r++)
        ord[r] = r;
    for (size_t r = 1; r < R; r++)   /* insertion sort, stable: ties keep their order */
        for (size_t q = r; q > 0 && fa->lambda[ord[q]] > fa->lambda[ord[q - 1]]; q--) {
            size_t s = ord[q];
            ord[q] = ord[q - 1];
            ord[q - 1] = s;
        }
    for (int d = 0; d < 3; d++) {
        for (size_t i = 0; i < dims[d]; i++)
            for (size_t r = 0; r < R; r++)
                tmp[i * R + r] = m[d][i * R + ord[r]];
        memcpy(m[d], tmp, dims[d] * R * sizeof *tmp);
    }
    for (size_t r = 0; r < R; r++)
        tmp[r] = fa->lambda[ord[r]];
    memcpy(fa->lambda, tmp, R * sizeof *tmp);
    free(ord);
    free(tmp);
    return CTOME_OK;
}

double ctome_dfc_match_score(const ctome_dfc_factors *u, const ctome_dfc_factors *v, size_t W, size_t K, size_t P)
{
    size_t R = u->rank;
    if (R == 0 || v->rank != R)
        return NAN;
    double *sc = malloc(R * R * sizeof *sc);
    uint8_t *used_u = calloc(R, 1), *used_v = calloc(R, 1);
    if (!sc || !used_u || !used_v) {
        free(sc);
        free(used_u);
        free(used_v);
        return NAN;
    }
    const double *mu[3] = {u->t, u->a, u->f}, *mv[3] = {v->t, v->a, v->f};
    size_t dims[3] = {W, K, P};
    for (size_t r = 0; r < R; r++)
        for (size_t q = 0; q < R; q++) {
            double s = 1;
            for (int d = 0; d < 3; d++) {
                double dot = 0;
                for (size_t i = 0; i < dims[d]; i++)
                    dot += mu[d][i * R + r] * mv[d][i * R + q];
                s *= fabs(dot);
            }
            sc[r * R + q] = s;
        }
    double total = 0;
    for (size_t m = 0; m < R; m++) {
        double best = -1;
        size_t br = 0, bq = 0;
        for (size_t r = 0; r < R; r++)
            for (size_t q = 0; q < R; q++)
                if (!used_u[r] && !used_v[q] && sc[r * R + q] > best) {
                    best = sc[r * R + q];
                    br = r;
                    bq = q;
                }
        used_u[br] = used_v[bq] = 1;
        total += best;
    }
    free(sc);
    free(used_u);
    free(used_v);
    return total / (double)R;
}

int ctome_dfc_ntf_fit(const ctome_dfc_tensor *x, const ctome_dfc_ntf_opts *o, ctome_dfc_ntf *out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc ntf: no output");
    memset(out, 0, sizeof *out);
    ctome_dfc_ntf_opts def;
    if (!o) {
        ctome_dfc_ntf_opts_default(&def);
        o = &def;
    }
    int rc = check_tensor(x, o->rank);
    if (rc)
        return rc;
    if (o->starts == 0 || o->max_iter == 0 || !(o->tol >= 0))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc ntf: starts %zu, max_iter %zu, tol %g: starts and max_iter "
                           "must be >= 1 and tol >= 0", o->starts, o->max_iter, o->tol);
    fit_ctx c;
    rc = ctx_init(&c, x, o->rank, o->threads);
    if (!rc && !(c.xx > 0))
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc ntf: the tensor has no positive unmasked entry");
    size_t S = o->starts, R = o->rank, W = c.W, K = c.K, P = c.P;
    start_state *st = rc ? NULL : calloc(S, sizeof *st);
    out->start = rc ? NULL : calloc(S, sizeof *out->start);
    if (!rc && (!st || !out->start))
        rc = ctome_error_nomem();
    if (!rc)
        out->n_starts = S;
    out->seed = o->seed;
    for (size_t s = 0; !rc && s < S; s++) {
        ctome_dfc_factors *fa = &out->start[s];
        fa->rank = R;
        fa->t = malloc(W * R * sizeof *fa->t);
        fa->a = malloc(K * R * sizeof *fa->a);
        fa->f = malloc(P * R * sizeof *fa->f);
        fa->lambda = malloc(R * sizeof *fa->lambda);
        fa->loss = calloc(o->max_iter, sizeof *fa->loss);
        if (!fa->t || !fa->a || !fa->f || !fa->lambda || !fa->loss) {
            rc = ctome_error_nomem();
            break;
        }
        ctome_rng g;
        ctome_rng_seed(&g, o->seed, s);
        for (size_t i = 0; i < W * R; i++)
            fa->t[i] = ctome_rng_uniform(&g);
        for (size_t i = 0; i < K * R; i++)
            fa->a[i] = ctome_rng_uniform(&g);
        for (size_t i = 0; i < P * R; i++)
            fa->f[i] = ctome_rng_uniform(&g);
        /* scale so that sum M Xhat = sum M X */
        double sx = 0, sh = 0;
        for (size_t k = 0; k < K; k++)
            for (size_t w = 0; w < W; w++) {
                if (!x->window_ok[k * W + w])
                    continue;
                const double *row = x->x + (k * W + w) * P;
                for (size_t p = 0; p < P; p++)
                    sx += row[p];
            }
        double *fsum = calloc(K * R, sizeof *fsum);
        if (!fsum) {
            rc = ctome_error_nomem();
            break;
        }
        for (size_t k = 0; k < K; k++)
            for (size_t p = 0; p < P; p++)
                if (c.pk[k * P + p])
                    for (size_t r = 0; r < R; r++)
                        fsum[k * R + r] += fa->f[p * R + r];
        for (size_t k = 0; k < K; k++)
            for (size_t w = 0; w < W; w++)
                if (x->window_ok[k * W + w])
                    for (size_t r = 0; r < R; r++)
                        sh += fa->t[w * R + r] * fa->a[k * R + r] * fsum[k * R + r];
        free(fsum);
        double sc = sh > 0 ? cbrt(sx / sh) : 1.0;
        for (size_t i = 0; i < W * R; i++)
            fa->t[i] *= sc;
        for (size_t i = 0; i < K * R; i++)
            fa->a[i] *= sc;
        for (size_t i = 0; i < P * R; i++)
            fa->f[i] *= sc;
        st[s] = (start_state){.t = fa->t, .a = fa->a, .f = fa->f, .loss = fa->loss, .active = 1};
    }
    if (!rc)
        rc = run_starts(&c, st, S, o->max_iter, o->tol, 1, o->extrapolate);
    for (size_t s = 0; !rc && s < S; s++) {
        ctome_dfc_factors *fa = &out->start[s];
        fa->iterations = st[s].iters;
        fa->converged = st[s].converged;
        double l = fa->iterations ? fa->loss[fa->iterations - 1] : c.xx;
        fa->rel_error = sqrt(l / c.xx);
        rc = normalise(&c, fa);
    }
    if (!rc) {
        out->best = 0;
        out->mean_error = 0;
        out->min_error = INFINITY;
        for (size_t s = 0; s < S; s++) {
            double e = out->start[s].rel_error;
            out->mean_error += e / (double)S;
            if (e < out->min_error) {
                out->min_error = e;
                out->best = s;
            }
            out->n_converged += (size_t)out->start[s].converged;
        }
        double stab = 0;
        for (size_t s = 0; s < S; s++)
            if (s != out->best)
                stab += ctome_dfc_match_score(&out->start[out->best], &out->start[s], W, K, P);
        out->stability = S > 1 ? stab / (double)(S - 1) : 1.0;
    }
    free(st);
    ctx_free(&c);
    if (rc)
        ctome_dfc_ntf_clear(out);
    return rc;
}

int ctome_dfc_select_rank(const ctome_dfc_tensor *x, const ctome_dfc_ntf_opts *o, size_t rmin, size_t rmax,
                          double threshold, double *err, double *stab, size_t *chosen)
{
    if (!o || rmin == 0 || rmax < rmin)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc: rank range %zu..%zu", rmin, rmax);
    *chosen = rmin;
    for (size_t r = rmin; r <= rmax; r++) {
        ctome_dfc_ntf_opts q = *o;
        q.rank = r;
        ctome_dfc_ntf fit;
        int rc = ctome_dfc_ntf_fit(x, &q, &fit);
        if (rc)
            return rc;
        err[r - rmin] = fit.min_error;
        stab[r - rmin] = fit.stability;
        if (fit.stability >= threshold)
            *chosen = r;
        ctome_dfc_ntf_clear(&fit);
    }
    return CTOME_OK;
}
