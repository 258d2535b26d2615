/* repro_learning.c — the learning and representation papers of `ctome
 * reproduce`: Achterberg et al. 2023 (seRNN vs L1 at matched accuracy,
 * sernn_sweep.h), Liu et al. 2024 (rich vs lazy learning against the
 * initial rank, richlazy.h) and Lin & Kriegeskorte 2024 (topological RSA,
 * rsa.h). */
#include "repro_internal.h"

#include "activity.h"
#include "error.h"
#include "recording.h"
#include "recordings_io.h"
#include "richlazy.h"
#include "rng.h"
#include "rsa.h"
#include "sernn.h"
#include "sernn_run.h"
#include "sernn_sweep.h"
#include "structfunc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Achterberg et al. 2023 (seRNN) ---- */

int repro_achterberg2023(const ctome_repro_opts *o, ctome_repro_paper *p)
{
    ctome_claim *ca = repro_claim(p, "matched_accuracy", "lowest group mean accuracy (seRNN, L1), networks >= 0.9",
                                  "Methods (networks compared above 90% accuracy)", ">= 0.9", 0.9, CTOME_TOL_GT,
                                  0.8999, 0);
    ctome_claim *cq = repro_claim(p, "modularity", "Q (strongest 10% of |W|, binary): seRNN minus L1",
                                  "Fig. 2 (seRNNs are more modular than L1 networks)", "seRNN > L1", NAN,
                                  CTOME_TOL_GT, 0, 0);
    ctome_claim *cs = repro_claim(p, "small_world", "small-world sigma (strongest 10%): seRNN minus L1",
                                  "Fig. 2 (seRNNs are more small-world than L1 networks)", "seRNN > L1", NAN,
                                  CTOME_TOL_GT, 0, 0);
    ctome_claim *cw = repro_claim(p, "weight_distance", "corr(|W_ij|, D_ij) of seRNNs",
                                  "Fig. 2 (strong weights are short: negative weight-distance relation)", "< 0", NAN,
                                  CTOME_TOL_LT, 0, 0);
    if (!ca || !cq || !cs || !cw)
        return CTOME_ENOMEM;
    ctome_claim *all[] = {ca, cq, cs, cw};
    const size_t dims[3] = {5, 5, 4};
    size_t n = 0, seeds = o->full ? 10 : 2;
    double *pos = NULL, *d = NULL;
    ctome_sernn_row *rows = calloc(2 * seeds, sizeof *rows);
    int rc = rows ? ctome_sernn_layout(dims, NULL, &n, &pos) : ctome_error_nomem();
    if (!rc && !(d = malloc(n * n * sizeof *d)))
        rc = ctome_error_nomem();
    if (!rc)
        rc = ctome_sernn_distances(n, pos, d);
    ctome_sernn_analyse_opts ao;
    ctome_sernn_analyse_opts_default(&ao);
    ctome_sernn_train_opts to;
    ctome_sernn_train_opts_default(&to);
    to.threads = o->threads;
    /* quick: 5 epochs (200 updates) reach the 0.9 accuracy of the comparison
     * on the maze task (docs/sernn.md); full: the library's default */
    if (!o->full)
        to.epochs = 5;
    /* the pair of docs/sernn.md matched in accuracy and total weight: seRNN
     * gamma 0.2, L1 gamma 0.006 */
    ctome_sernn_train_opts *ts = rc ? NULL : malloc(2 * seeds * sizeof *ts);
    if (!rc && !ts)
        rc = ctome_error_nomem();
    for (size_t k = 0; !rc && k < 2 * seeds; k++) {
        ts[k] = to;
        ts[k].reg = k < seeds ? CTOME_SERNN_REG_SE : CTOME_SERNN_REG_L1;
        ts[k].gamma = k < seeds ? 0.2 : 0.006;
        ts[k].seed = o->seed + k % seeds;
    }
    /* the networks side by side (a failing one keeps its row: status set,
     * measures NaN) */
    if (!rc)
        ctome_sernn_run_many(ts, 2 * seeds, n, d, &ao, o->threads, NULL, rows);
    free(ts);
    if (rc) {
        for (size_t i = 0; i < 4; i++)
            repro_fail(all[i], "seRNN setup");
    } else {
        double m[2][4], sd;
        size_t cnt[2];
        const char *f[4] = {"acc", "q_binary", "sigma", "wl_corr"};
        for (int g = 0; g < 2; g++)
            for (int j = 0; j < 4; j++)
                if (ctome_sernn_table_stat(rows, 2 * seeds, g ? CTOME_SERNN_REG_L1 : CTOME_SERNN_REG_SE, -1, 0.9, f[j],
                                           &m[g][j], &sd, &cnt[g]) || !cnt[g])
                    m[g][j] = NAN;
        char t[160];
        snprintf(t, sizeof t, "%.3f (seRNN %.3f, %zu of %zu; L1 %.3f, %zu of %zu)", fmin(m[0][0], m[1][0]), m[0][0],
                 cnt[0], seeds, m[1][0], cnt[1], seeds);
        repro_set(ca, fmin(m[0][0], m[1][0]), t);
        snprintf(t, sizeof t, "%.3f (%.3f vs %.3f)", m[0][1] - m[1][1], m[0][1], m[1][1]);
        repro_set(cq, m[0][1] - m[1][1], t);
        snprintf(t, sizeof t, "%.3f (%.3f vs %.3f)", m[0][2] - m[1][2], m[0][2], m[1][2]);
        repro_set(cs, m[0][2] - m[1][2], t);
        snprintf(t, sizeof t, "%.3f (L1 %.3f)", m[0][3], m[1][3]);
        repro_set(cw, m[0][3], t);
        for (size_t i = 0; i < 4; i++)
            repro_data(all[i], "maze task, 100 units on a 5x5x4 grid; seRNN gamma 0.2 vs L1 gamma 0.006, %zu seeds each "
                               "from %llu, %zu epochs; networks with accuracy >= 0.9",
                       seeds, (unsigned long long)o->seed, to.epochs);
        ctome_repro_series *sr = repro_series(p, "seRNN vs L1 (mean over networks >= 0.9)", "", "value");
        if (sr) {
            const char *lab[4] = {"Q se", "Q L1", "sigma se", "sigma L1"};
            double v[4] = {m[0][1], m[1][1], m[0][2], m[1][2]};
            for (int j = 0; j < 4; j++) {
                sr->x[j] = j;
                sr->y[j] = v[j];
                snprintf(sr->xtick[j], sizeof sr->xtick[j], "%s", lab[j]);
            }
            sr->n = 4;
        }
    }
    free(rows);
    free(pos);
    free(d);
    return CTOME_OK;
}

/* ---- Liu et al. 2024 (rich and lazy learning) ---- */

int repro_liu2024(const ctome_repro_opts *o, ctome_repro_paper *p)
{
    ctome_claim *cw = repro_claim(p, "dw_vs_rank", "Spearman rho of relative weight change with initial effective rank",
                                  "Fig. 2 (higher initial rank: lazier learning, smaller weight change)", "< 0", NAN,
                                  CTOME_TOL_LT, 0, 0);
    ctome_claim *ck = repro_claim(p, "ka_vs_rank",
                                  "Spearman rho of tangent-kernel alignment (uncentred) with initial effective rank",
                                  "Fig. 2 (higher initial rank: the kernel stays aligned)", "> 0", NAN, CTOME_TOL_GT, 0,
                                  0);
    if (!cw || !ck)
        return CTOME_ENOMEM;
    static const size_t quick_ranks[] = {1, 4, 16, 64};
    static const size_t full_ranks[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 302};
    ctome_rl_sweep_opts so;
    ctome_rl_sweep_opts_default(&so);
    so.n = o->full ? 302 : 64;
    so.ranks = o->full ? full_ranks : quick_ranks;
    so.n_ranks = o->full ? 10 : 4;
    so.n_seeds = o->full ? 3 : 2;
    so.seed0 = o->seed;
    so.threads = o->threads;
    so.train.steps = o->full ? 1000 : 400;
    so.train.every = so.train.steps / 4;
    ctome_rl_net *nets = NULL;
    size_t nn = 0;
    if (ctome_rl_sweep(&so, &nets, &nn)) {
        repro_fail(cw, "rank sweep");
        repro_fail(ck, "rank sweep");
        return CTOME_OK;
    }
    double *er = malloc(nn * sizeof *er), *dw = malloc(nn * sizeof *dw), *ka = malloc(nn * sizeof *ka);
    if (!er || !dw || !ka) {
        free(er);
        free(dw);
        free(ka);
        ctome_rl_nets_free(nets, nn);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < nn; i++) {
        const ctome_rl_curve *c = &nets[i].curve;
        size_t last = c->n_points ? c->n_points - 1 : 0;
        er[i] = nets[i].erank0;
        dw[i] = c->n_points ? c->dw_rel[last] : NAN;
        ka[i] = c->n_points ? c->ka[last] : NAN;
    }
    double rho;
    char t[160];
    ctome_structfunc_spearman(nn, er, dw, &rho);
    snprintf(t, sizeof t, "%.3f (%zu networks)", rho, nn);
    repro_set(cw, rho, t);
    ctome_structfunc_spearman(nn, er, ka, &rho);
    snprintf(t, sizeof t, "%.3f (%zu networks)", rho, nn);
    repro_set(ck, rho, t);
    for (int i = 0; i < 2; i++)
        repro_data(i ? ck : cw, "perceptual decision making, %zu tanh units, random W_0 of ranks %zu..%zu at equal norm, "
                                "%zu seeds from %llu, %zu SGD updates",
                   so.n, so.ranks[0], so.ranks[so.n_ranks - 1], so.n_seeds, (unsigned long long)o->seed, so.train.steps);
    if (ck->verdict == CTOME_DIFFERS)
        repro_why(ck, "ctome measures the kernel on one output step of 32 probe trials; it fluctuates between "
                      "measurements by as much as the rank effect (docs/richlazy.md)");
    ctome_repro_series *sr = repro_series(p, "weight change vs initial rank", "effective rank of W_0", "|dW| / |W_0|");
    if (sr)
        sr->points = 1;
    for (size_t i = 0; sr && i < nn && i < 128; i++) {
        sr->x[i] = er[i];
        sr->y[i] = dw[i];
        sr->n = i + 1;
    }
    free(er);
    free(dw);
    free(ka);
    ctome_rl_nets_free(nets, nn);
    return CTOME_OK;
}

/* ---- Lin & Kriegeskorte 2024 (topological RSA) ---- */

/* Condensed sqeuclidean RDM of the table's data over channels ch[0..k-1]. */
static int subset_rdm(const ctome_rsa_table *t, const size_t *ch, size_t k, double *rdm)
{
    double *x = malloc(t->n_obs * k * sizeof *x);
    if (!x)
        return ctome_error_nomem();
    for (size_t r = 0; r < t->n_obs; r++)
        for (size_t j = 0; j < k; j++)
            x[r * k + j] = t->x[r * t->n_ch + ch[j]];
    ctome_rsa_data d = {t->n_obs, k, t->n_cond, 0, x, t->cond, NULL, t->source};
    int rc = ctome_rdm_compute(&d, CTOME_RDM_SQEUCLIDEAN, rdm);
    free(x);
    return rc;
}

/* tRSA of two RDMs: GT transform at the 10% and 90% quantiles, then
 * Spearman. */
static int trsa(size_t n_cond, size_t m, const double *a, const double *b, double *ga, double *gb, double *out)
{
    int rc = ctome_rsa_gt_quantiles(m, a, 0.1, 0.9, ga, NULL, NULL);
    if (!rc)
        rc = ctome_rsa_gt_quantiles(m, b, 0.1, 0.9, gb, NULL, NULL);
    if (!rc)
        rc = ctome_rsa_compare(n_cond, ga, gb, CTOME_RSA_SPEARMAN, out);
    return rc;
}

int repro_lin2024(const ctome_repro_opts *o, ctome_repro_paper *p)
{
    ctome_claim *ci = repro_claim(p, "gt_identity", "Spearman of an RDM with its GT transform at l = 0, u = 1",
                                  "Methods (the GT family contains the original RDM: l = 0, u = 1)", "1", 1,
                                  CTOME_TOL_ABS, 1e-12, 0);
    ctome_claim *cr = repro_claim(p, "robustness",
                                  "split-neuron agreement: tRSA (GT 0.1-0.9) minus RSA (Spearman), mean over splits",
                                  "abstract (geo-topological summaries are robust to noise and idiosyncrasies)",
                                  "tRSA >= RSA", NAN, CTOME_TOL_GT, -0.05, 0);
    if (!ci || !cr)
        return CTOME_ENOMEM;
    char *path = NULL;
    ctome_recordings recs = {0};
    ctome_rsa_table *t = NULL;
    int rc = ctome_recording_dataset_path(o->datadir, "atanas2023-sample", &path);
    if (!rc)
        rc = ctome_read_recordings(path, o->reg, &recs);
    if (!rc && recs.n < 1)
        rc = ctome_error(CTOME_EVALUE, path, 0, "no recording in the file");
    const ctome_recording *r = rc ? NULL : recs.r[0];
    if (!rc)
        rc = ctome_rsa_table_from_traces(r->id, r->n_neurons, r->n_time, r->traces, (const char *const *)r->labels,
                                         20, 1, &t);
    size_t nc = t ? t->n_cond : 0, m = nc * (nc - 1) / 2, nch = t ? t->n_ch : 0;
    double *d = NULL, *g = NULL, *a = NULL, *b = NULL, *ga = NULL, *gb = NULL;
    size_t *ch = NULL;
    if (!rc) {
        d = malloc(m * sizeof *d);
        g = malloc(m * sizeof *g);
        a = malloc(m * sizeof *a);
        b = malloc(m * sizeof *b);
        ga = malloc(m * sizeof *ga);
        gb = malloc(m * sizeof *gb);
        ch = malloc(nch * sizeof *ch);
        if (!d || !g || !a || !b || !ga || !gb || !ch)
            rc = ctome_error_nomem();
    }
    if (rc) {
        repro_fail(ci, "loading atanas2023-sample");
        repro_fail(cr, "loading atanas2023-sample");
    } else {
        for (size_t j = 0; j < nch; j++)
            ch[j] = j;
        double s = NAN;
        if (subset_rdm(t, ch, nch, d) || ctome_rsa_gt_quantiles(m, d, 0, 1, g, NULL, NULL) ||
            ctome_rsa_compare(nc, d, g, CTOME_RSA_SPEARMAN, &s))
            repro_fail(ci, "GT transform");
        else
            repro_set(ci, s, NULL);
        repro_data(ci, "atanas2023-sample, %zu time windows x %zu neurons, sqeuclidean RDM", nc, nch);
        /* random halves of the neurons, split k from stream k of the seed */
        size_t splits = o->full ? 200 : 20, h = nch / 2;
        double sum_r = 0, sum_t = 0;
        int erc = CTOME_OK;
        for (size_t k = 0; !erc && k < splits; k++) {
            ctome_rng rng;
            ctome_rng_seed(&rng, o->seed, k);
            for (size_t j = 0; j < nch; j++)
                ch[j] = j;
            for (size_t j = nch - 1; j > 0; j--) {
                size_t q = (size_t)ctome_rng_below(&rng, j + 1), tmp = ch[j];
                ch[j] = ch[q];
                ch[q] = tmp;
            }
            double vr, vt;
            erc = subset_rdm(t, ch, h, a);
            if (!erc)
                erc = subset_rdm(t, ch + h, nch - h, b);
            if (!erc)
                erc = ctome_rsa_compare(nc, a, b, CTOME_RSA_SPEARMAN, &vr);
            if (!erc)
                erc = trsa(nc, m, a, b, ga, gb, &vt);
            sum_r += vr;
            sum_t += vt;
        }
        if (erc)
            repro_fail(cr, "split-half RSA");
        else {
            char tx[160];
            snprintf(tx, sizeof tx, "%.3f (tRSA %.3f, RSA %.3f)", (sum_t - sum_r) / splits, sum_t / splits,
                     sum_r / splits);
            repro_set(cr, (sum_t - sum_r) / splits, tx);
        }
        repro_data(cr, "atanas2023-sample, %zu time windows; %zu random splits of the %zu neurons in halves, seed %llu",
                   nc, splits, nch, (unsigned long long)o->seed);
        repro_why(cr, "the paper's tests use simulated and fMRI data; ctome checks the robustness claim on the "
                      "bundled recording with neuron halves as the two 'individuals'");
    }
    free(d);
    free(g);
    free(a);
    free(b);
    free(ga);
    free(gb);
    free(ch);
    ctome_rsa_table_free(t);
    ctome_recordings_free(&recs);
    free(path);
    return CTOME_OK;
}
