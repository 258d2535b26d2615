/* test_richlazy.c — rich/lazy learning: the measures on plain matrices
 * (lib/analysis/learning_measures.h), rank-controlled and connectome initial
 * weights (lib/models/rnn_init.h), the NeuroGym tasks (lib/models/neurogym.h)
 * and one small training run (lib/models/richlazy.h).
 *
 * References: hand-derived values (stated beside each check) and numpy values
 * from tests/ref/richlazy_ref.py (output tests/ref/richlazy_ref.txt) for a
 * truncated SVD, the effective rank, two kernel alignments and a sign
 * similarity of formula-defined matrices.  Tolerances: 1e-12 relative for
 * closed forms, 1e-10 for the numpy values (LAPACK vs numpy round-off). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "learning_measures.h"
#include "neurogym.h"
#include "rank.h"
#include "richlazy.h"
#include "rnn_init.h"
#include "testutil.h"

#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1 + fabs(b_)))) {                                          \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static ctome_registry *REG;
static char *TMP;

static double ref(const char *key)
{
    char line[256];
    return strtod(tu_ref(line, sizeof line, "richlazy_ref.txt", "%s", key), NULL);
}

/* The formula matrices of richlazy_ref.py. */
static void mat_a(double *a)
{
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            a[i * 6 + j] = sin(1 + i + 2 * j) + 0.3 * cos(3 * i - j);
}

/* ---- measures ---- */

static void test_weight_change(void **state)
{
    (void)state;
    double a[2] = {3, 0}, b[2] = {0, 4}, rel;
    /* |(-3, 4)| = 5, relative to |(3, 0)| = 3. */
    assert_close(ctome_weight_change(a, b, 2, &rel), 5, 1e-15);
    assert_close(rel, 5.0 / 3.0, 1e-15);
    double z[2] = {0, 0};
    ctome_weight_change(z, b, 2, &rel);
    assert_true(isnan(rel));
    assert_close(ctome_frobenius(b, 2), 4, 1e-15);
    /* Huge entries: the scaled sum does not overflow. */
    double big[2] = {3e200, 4e200};
    assert_close(ctome_frobenius(big, 2), 5e200, 1e-15);
    double w0[36], wt[36];
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            w0[i * 6 + j] = sin(2 * i + j + 0.5);
            wt[i * 6 + j] = 0;
        }
    w0[0] = w0[3 * 6 + 4] = 0;
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            wt[i * 6 + j] = w0[i * 6 + j] + 0.8 * cos(i * j + 1);
    assert_close(ctome_weight_change(w0, wt, 36, &rel), ref("dw"), 1e-12);
    assert_close(rel, ref("dw_rel"), 1e-12);
    assert_close(ctome_sign_similarity(w0, wt, 36), ref("sign_similarity"), 1e-12);
}

static void test_sign_similarity(void **state)
{
    (void)state;
    double w[4] = {1, -2, 0.5, 3}, neg[4], twice[4];
    for (int i = 0; i < 4; i++) {
        neg[i] = -w[i];
        twice[i] = 2 * w[i];
    }
    assert_close(ctome_sign_similarity(w, neg, 4), 0, 0);
    assert_close(ctome_sign_similarity(w, w, 4), 1, 0);
    assert_close(ctome_sign_similarity(w, twice, 4), 1, 0);
    /* Zeros of W_0 are left out; a W_t entry of 0 has lost its sign:
     * W_0 = (1, 0, -1), W_t = (0, 5, -2): 1 of 2 kept. */
    double a[3] = {1, 0, -1}, b[3] = {0, 5, -2};
    assert_close(ctome_sign_similarity(a, b, 3), 0.5, 0);
    double z[2] = {0, 0};
    assert_true(isnan(ctome_sign_similarity(z, b, 2)));
}

static void test_gram_alignment(void **state)
{
    (void)state;
    /* G = [[1,2],[3,4]]: G G^T = [[5,11],[11,25]]. */
    double g[4] = {1, 2, 3, 4}, k[4];
    assert_int_equal(ctome_gram(g, 2, 2, k), CTOME_OK);
    assert_close(k[0], 5, 0);
    assert_close(k[1], 11, 0);
    assert_close(k[2], 11, 0);
    assert_close(k[3], 25, 0);
    /* With itself and with a multiple: 1. */
    double k2[4];
    for (int i = 0; i < 4; i++)
        k2[i] = 3 * k[i];
    assert_close(ctome_kernel_alignment(k, k, 2, 0), 1, 1e-15);
    assert_close(ctome_kernel_alignment(k, k2, 2, 0), 1, 1e-15);
    assert_close(ctome_kernel_alignment(k, k2, 2, 1), 1, 1e-15);
    /* v v^T and w w^T with v = (1,-1,0), w = (1,1,-2): v.w = 0 and both are
     * centred (entries sum to 0), so <K1,K2>_F = (v.w)^2 = 0 both ways. */
    double v[3] = {1, -1, 0}, w[3] = {1, 1, -2}, kv[9], kw[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            kv[i * 3 + j] = v[i] * v[j];
            kw[i * 3 + j] = w[i] * w[j];
        }
    assert_close(ctome_kernel_alignment(kv, kw, 3, 0), 0, 1e-15);
    assert_close(ctome_kernel_alignment(kv, kw, 3, 1), 0, 1e-15);
    /* A constant kernel is all zero after centring: undefined. */
    double ones[4] = {1, 1, 1, 1};
    assert_true(isnan(ctome_kernel_alignment(ones, k, 2, 1)));
    assert_close(ctome_kernel_alignment(ones, k, 2, 0), 52.0 / (2 * sqrt(25 + 121 + 121 + 625)), 1e-14);
    /* numpy reference: two 5 x 4 feature matrices. */
    double g1[20], g2[20], k1[25], kk2[25];
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) {
            g1[i * 4 + j] = cos(0.7 * i + 1.3 * j);
            g2[i * 4 + j] = sin(0.4 * i - 0.9 * j + 0.5) + 0.1 * i;
        }
    assert_int_equal(ctome_gram(g1, 5, 4, k1), CTOME_OK);
    assert_int_equal(ctome_gram(g2, 5, 4, kk2), CTOME_OK);
    assert_close(k1[0], ref("K1_00"), 1e-12);
    assert_close(k1[2 * 5 + 4], ref("K1_24"), 1e-12);
    assert_close(k1[4 * 5 + 2], ref("K1_24"), 1e-12);
    assert_close(ctome_kernel_alignment(k1, kk2, 5, 0), ref("align"), 1e-12);
    assert_close(ctome_kernel_alignment(k1, kk2, 5, 1), ref("align_centred"), 1e-12);
    /* Errors. */
    assert_int_equal(ctome_gram(g, 0, 2, k), CTOME_EVALUE);
    g[3] = NAN;
    assert_int_equal(ctome_gram(g, 2, 2, k), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "row 2, column 2"));
}

/* ---- initial weights ---- */

static void test_truncate(void **state)
{
    (void)state;
    double a[36], w[36], s[6];
    mat_a(a);
    double er;
    assert_int_equal(ctome_effective_rank_of(a, 6, 6, &er), CTOME_OK);
    assert_close(er, ref("A_erank"), 1e-10);
    for (size_t r = 1; r <= 3; r++) {
        memcpy(w, a, sizeof w);
        assert_int_equal(ctome_rnn_truncate_rank(w, 6, r), CTOME_OK);
        char key[32];
        static const int pq[4][2] = {{0, 0}, {2, 3}, {5, 5}, {4, 1}};
        for (int k = 0; k < 4; k++) {
            snprintf(key, sizeof key, "trunc%zu_%d_%d", r, pq[k][0], pq[k][1]);
            assert_close(w[pq[k][0] * 6 + pq[k][1]], ref(key), 1e-10);
        }
        /* Frobenius norm kept; rank exactly r: s_{r+1} is round-off. */
        assert_close(ctome_frobenius(w, 36), ref("A_fro"), 1e-12);
        assert_int_equal(ctome_rank_singular_values(w, 6, 6, s), CTOME_OK);
        assert_true(s[r - 1] > 0.1);
        assert_true(s[r] < 1e-12 * s[0]);
        snprintf(key, sizeof key, "trunc%zu_erank", r);
        assert_int_equal(ctome_effective_rank_of(w, 6, 6, &er), CTOME_OK);
        assert_close(er, ref(key), 1e-9);
    }
    /* r = n leaves W as it is. */
    memcpy(w, a, sizeof w);
    assert_int_equal(ctome_rnn_truncate_rank(w, 6, 6), CTOME_OK);
    assert_memory_equal(w, a, sizeof w);
    /* Bad ranks name the rank and the size. */
    assert_int_equal(ctome_rnn_truncate_rank(w, 6, 0), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "got 0"));
    assert_int_equal(ctome_rnn_truncate_rank(w, 6, 7), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "network size 6, got 7"));
    w[8] = NAN;
    assert_int_equal(ctome_rnn_truncate_rank(w, 6, 2), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "row 2, column 3"));
}

static void test_gaussian_rank(void **state)
{
    (void)state;
    size_t n = 120;
    double *w = malloc(n * n * sizeof *w), *w2 = malloc(n * n * sizeof *w2), *s = malloc(n * sizeof *s);
    assert_non_null(w);
    assert_non_null(w2);
    assert_non_null(s);
    /* Gaussian N(0, g^2/n): ||W||_F^2 / n^2 = g^2 / n within sampling error
     * (relative sd sqrt(2/n^2) = 1.2%; 5 sd). */
    double g = 1.5;
    assert_int_equal(ctome_rnn_init_gaussian(n, g, 7, 0, w), CTOME_OK);
    double f = ctome_frobenius(w, n * n);
    assert_close(f * f / (double)(n * n), g * g / (double)n, 0.06);
    /* Same seed, same matrix; another stream, another one. */
    assert_int_equal(ctome_rnn_init_gaussian(n, g, 7, 0, w2), CTOME_OK);
    assert_memory_equal(w, w2, n * n * sizeof *w);
    assert_int_equal(ctome_rnn_init_gaussian(n, g, 7, 1, w2), CTOME_OK);
    assert_true(memcmp(w, w2, n * n * sizeof *w) != 0);
    /* Rank 4 of the same Gaussian: exactly rank 4, the Gaussian's norm. */
    assert_int_equal(ctome_rnn_init_rank(n, 4, g, 7, 0, w2), CTOME_OK);
    assert_close(ctome_frobenius(w2, n * n), f, 1e-12);
    assert_int_equal(ctome_rank_singular_values(w2, n, n, s), CTOME_OK);
    assert_true(s[3] > 1e-3 * s[0]);
    assert_true(s[4] < 1e-12 * s[0]);
    /* Matching an effective rank: the truncation at the returned r reaches
     * the target, r - 1 does not. */
    size_t r;
    assert_int_equal(ctome_rnn_rank_for_erank(w, n, 30.0, &r), CTOME_OK);
    assert_true(r > 1 && r < n);
    double er;
    memcpy(w2, w, n * n * sizeof *w);
    assert_int_equal(ctome_rnn_truncate_rank(w2, n, r), CTOME_OK);
    assert_int_equal(ctome_effective_rank_of(w2, n, n, &er), CTOME_OK);
    assert_true(er >= 30.0 - 1e-9);
    memcpy(w2, w, n * n * sizeof *w);
    assert_int_equal(ctome_rnn_truncate_rank(w2, n, r - 1), CTOME_OK);
    assert_int_equal(ctome_effective_rank_of(w2, n, n, &er), CTOME_OK);
    assert_true(er < 30.0);
    /* Errors. */
    assert_int_equal(ctome_rnn_init_rank(n, 0, g, 7, 0, w2), CTOME_EVALUE);
    assert_int_equal(ctome_rnn_init_rank(n, n + 1, g, 7, 0, w2), CTOME_EVALUE);
    assert_int_equal(ctome_rnn_init_gaussian(n, -1, 7, 0, w2), CTOME_EVALUE);
    assert_int_equal(ctome_rnn_init_gaussian(0, 1, 7, 0, w2), CTOME_EVALUE);
    free(w);
    free(w2);
    free(s);
}

static void test_scale(void **state)
{
    (void)state;
    /* [[0, 2], [2, 0]]: Frobenius sqrt(8), eigenvalues +-2. */
    double w[4] = {0, 2, 2, 0};
    assert_int_equal(ctome_rnn_scale_weights(w, 2, CTOME_RNN_SCALE_SPECTRAL, 0.5), CTOME_OK);
    assert_close(w[1], 0.5, 1e-14);
    assert_int_equal(ctome_rnn_scale_weights(w, 2, CTOME_RNN_SCALE_FROBENIUS, 1.0), CTOME_OK);
    assert_close(w[1], 1 / sqrt(2), 1e-14);
    assert_int_equal(ctome_rnn_scale_weights(w, 2, CTOME_RNN_SCALE_FROBENIUS, 0), CTOME_EVALUE);
    double z[4] = {0};
    assert_int_equal(ctome_rnn_scale_weights(z, 2, CTOME_RNN_SCALE_FROBENIUS, 1), CTOME_EVALUE);
}

static void test_connectome_init(void **state)
{
    (void)state;
    /* AVAL, AVAR excitatory (acetylcholine), DD01 inhibitory (GABA):
     * AVAL -> DD01 3 synapses, DD01 -> AVAL 4, AVAR -> AVAL 1, a gap junction
     * AVAR - DD01 (no recurrent weight).  W (rows = post): W[DD01][AVAL] = 3,
     * W[AVAL][DD01] = -4, W[AVAL][AVAR] = 1; ||W||_F = sqrt(26). */
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("tiny", REG, &c), CTOME_OK);
    tu_add(c, "chemical", "AVAL", "DD01", 3);
    tu_add(c, "chemical", "DD01", "AVAL", 4);
    tu_add(c, "chemical", "AVAR", "AVAL", 1);
    tu_add(c, "electrical", "AVAR", "DD01", 2);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    double *w;
    size_t n;
    int *node;
    assert_int_equal(ctome_rnn_init_connectome(c, REG, CTOME_RNN_SCALE_FROBENIUS, 2.0, &w, &n, &node), CTOME_OK);
    assert_int_equal(n, 3);
    int ia = -1, ir = -1, id = -1;
    for (size_t i = 0; i < n; i++) {
        const char *nm = c->nodes[node[i]].name;
        if (strcmp(nm, "AVAL") == 0)
            ia = (int)i;
        if (strcmp(nm, "AVAR") == 0)
            ir = (int)i;
        if (strcmp(nm, "DD01") == 0)
            id = (int)i;
    }
    assert_true(ia >= 0 && ir >= 0 && id >= 0);
    double k = 2.0 / sqrt(26);
    assert_close(w[id * 3 + ia], 3 * k, 1e-14);
    assert_close(w[ia * 3 + id], -4 * k, 1e-14);
    assert_close(w[ia * 3 + ir], 1 * k, 1e-14);
    assert_close(w[ir * 3 + id], 0, 0);
    assert_close(ctome_frobenius(w, 9), 2.0, 1e-14);
    free(w);
    free(node);
    ctome_connectome_free(c);
}

static void test_connectome_cook(void **state)
{
    (void)state;
    ctome_connectome *c;
    assert_int_equal(ctome_dataset_load("cook2019-herm", CTOME_TEST_DATA, REG, &c), CTOME_OK);
    double *w;
    size_t n;
    assert_int_equal(ctome_rnn_init_connectome(c, REG, CTOME_RNN_SCALE_SPECTRAL, 1.0, &w, &n, NULL), CTOME_OK);
    /* Every model neuron's outgoing column has one sign (Dale). */
    size_t mixed = 0, neg = 0, pos = 0;
    for (size_t j = 0; j < n; j++) {
        int sp = 0, sn = 0;
        for (size_t i = 0; i < n; i++) {
            sp |= w[i * n + j] > 0;
            sn |= w[i * n + j] < 0;
        }
        mixed += sp && sn;
        neg += sn;
        pos += sp;
    }
    assert_int_equal(mixed, 0);
    assert_true(neg > 10 && pos > 100);
    assert_true(n > 250 && n <= 302);
    double rho;
    assert_int_equal(ctome_rank_spectral_radius(w, n, &rho), CTOME_OK);
    assert_close(rho, 1.0, 1e-9);
    free(w);
    ctome_connectome_free(c);
}

/* ---- tasks ---- */

static void alloc_task(const ctome_ng_task *t, size_t B, ctome_rnn_batch *bt)
{
    size_t T = 0, n_in = 0, n_out = 0;
    assert_int_equal(ctome_ng_shape(t, &T, &n_in, &n_out), CTOME_OK);
    assert_int_equal(ctome_rnn_batch_alloc(bt, T, B, n_in, n_out, CTOME_RNN_LOSS_CE), CTOME_OK);
}

#define XB(bt, s, b, i) (bt).x[((s) * (bt).B + (b)) * (bt).n_in + (i)]
#define TB(bt, s, b) (bt).target[(s) * (bt).B + (b)]

static void test_task_pdm(void **state)
{
    (void)state;
    ctome_ng_task t;
    assert_int_equal(ctome_ng_default(CTOME_NG_PDM, &t), CTOME_OK);
    size_t T = 0, n_in = 0, n_out = 0;
    /* 100 + 2000 + 0 + 100 ms at dt 100: 1 + 20 + 0 + 1 = 22 steps. */
    assert_int_equal(ctome_ng_shape(&t, &T, &n_in, &n_out), CTOME_OK);
    assert_int_equal(T, 22);
    assert_int_equal(n_in, 3);
    assert_int_equal(n_out, 3);
    size_t B = 400;
    ctome_rnn_batch bt;
    alloc_task(&t, B, &bt);
    int32_t gt[400];
    double coh[400];
    ctome_ng_trials info = {gt, coh, NULL, NULL};
    assert_int_equal(ctome_ng_fill(&t, &bt, 5, 0, &info), CTOME_OK);
    /* Noise sd sigma / sqrt(dt) = 0.1 per step; over the 20 stimulus steps
     * the mean of a stream has sd 0.1/sqrt(20) = 0.022, so the stream of the
     * ground truth leads by coh/100 - noise: for coh >= 12.8 it is ahead in
     * every trial (difference sd 0.032, margin 0.128 = 4 sd). */
    size_t seen[2] = {0, 0}, cohs[5] = {0};
    double resid = 0, resid2 = 0;
    size_t nres = 0;
    for (size_t b = 0; b < B; b++) {
        assert_true(gt[b] == 1 || gt[b] == 2);
        seen[gt[b] - 1]++;
        static const double levels[5] = {0, 6.4, 12.8, 25.6, 51.2};
        int lv = -1;
        for (int k = 0; k < 5; k++)
            if (coh[b] == levels[k])
                lv = k;
        assert_true(lv >= 0);
        cohs[lv]++;
        double m1 = 0, m2 = 0;
        for (size_t s = 1; s < 21; s++) {
            m1 += XB(bt, s, b, 1) / 20.0;
            m2 += XB(bt, s, b, 2) / 20.0;
            double e1 = XB(bt, s, b, 1) - (0.5 + (gt[b] == 1 ? 1 : -1) * coh[b] / 200);
            resid += e1;
            resid2 += e1 * e1;
            nres++;
        }
        if (coh[b] >= 12.8)
            assert_true(gt[b] == 1 ? m1 > m2 : m2 > m1);
        /* Fixation input 1 before the decision step, 0 in it; no stimulus
         * outside the stimulus period; targets 0 then the choice. */
        for (size_t s = 0; s < 22; s++) {
            assert_true(XB(bt, s, b, 0) == (s < 21 ? 1.0f : 0.0f));
            if (s == 0 || s == 21) {
                assert_true(XB(bt, s, b, 1) == 0.0f && XB(bt, s, b, 2) == 0.0f);
            }
            assert_int_equal(TB(bt, s, b), s == 21 ? gt[b] : 0);
            assert_true(bt.mask[s * B + b] == 1.0f);
        }
    }
    /* Both choices and all coherences occur; noise mean ~0, sd 0.1 (8000
     * draws: sd of the sd estimate about 0.8%, 5 sd). */
    assert_true(seen[0] > 150 && seen[1] > 150);
    for (int k = 0; k < 5; k++)
        assert_true(cohs[k] > 40);
    double mean = resid / (double)nres, sd = sqrt(resid2 / (double)nres - mean * mean);
    assert_true(fabs(mean) < 0.005);
    assert_close(sd, 0.1, 0.04);
    /* Same seed and index: identical; another index: different. */
    ctome_rnn_batch b2;
    alloc_task(&t, B, &b2);
    assert_int_equal(ctome_ng_fill(&t, &b2, 5, 0, NULL), CTOME_OK);
    assert_memory_equal(bt.x, b2.x, 22 * B * 3 * sizeof *bt.x);
    assert_memory_equal(bt.target, b2.target, 22 * B * sizeof *bt.target);
    assert_int_equal(ctome_ng_fill(&t, &b2, 5, 1, NULL), CTOME_OK);
    assert_true(memcmp(bt.x, b2.x, 22 * B * 3 * sizeof *bt.x) != 0);
    assert_int_equal(ctome_ng_fill(&t, &b2, 6, 0, NULL), CTOME_OK);
    assert_true(memcmp(bt.x, b2.x, 22 * B * 3 * sizeof *bt.x) != 0);
    /* Trial b does not depend on the batch size: the first 10 trials of a
     * batch of 10 equal those of the batch of 400. */
    ctome_rnn_batch b3;
    alloc_task(&t, 10, &b3);
    assert_int_equal(ctome_ng_fill(&t, &b3, 5, 0, NULL), CTOME_OK);
    for (size_t s = 0; s < 22; s++)
        for (size_t b = 0; b < 10; b++)
            for (size_t i = 0; i < 3; i++)
                assert_true(XB(b3, s, b, i) == XB(bt, s, b, i));
    /* Decision accuracy: outputs that copy the target at the last step are
     * all right; "fixate" everywhere is all wrong. */
    float *y = calloc(22 * B * 3, sizeof *y);
    assert_non_null(y);
    for (size_t b = 0; b < B; b++)
        y[(21 * B + b) * 3 + (size_t)gt[b]] = 1;
    assert_close(ctome_ng_decision_accuracy(&bt, y), 1, 0);
    for (size_t b = 0; b < B; b++) {
        y[(21 * B + b) * 3 + (size_t)gt[b]] = 0;
        y[(21 * B + b) * 3] = 1;
    }
    assert_close(ctome_ng_decision_accuracy(&bt, y), 0, 0);
    free(y);
    /* Shape mismatch and MSE batches are refused. */
    ctome_ng_task dms;
    ctome_ng_default(CTOME_NG_DMS, &dms);
    assert_int_equal(ctome_ng_fill(&dms, &bt, 5, 0, NULL), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "32 steps"));
    ctome_rnn_batch_free(&bt);
    ctome_rnn_batch_free(&b2);
    ctome_rnn_batch_free(&b3);
}

static void test_task_dms(void **state)
{
    (void)state;
    ctome_ng_task t;
    ctome_ng_default(CTOME_NG_DMS, &t);
    t.sigma = 0;   /* noise-free: the stimuli are exactly one-hot */
    size_t T = 0, n_in = 0, n_out = 0;
    /* 300 + 500 + 1000 + 500 + 900 ms: 3 + 5 + 10 + 5 + 9 = 32 steps. */
    assert_int_equal(ctome_ng_shape(&t, &T, &n_in, &n_out), CTOME_OK);
    assert_int_equal(T, 32);
    size_t begin, end;
    ctome_ng_period(&t, 3, &begin, &end);
    assert_int_equal(begin, 18);
    assert_int_equal(end, 23);
    size_t B = 200;
    ctome_rnn_batch bt;
    alloc_task(&t, B, &bt);
    int32_t gt[200], sample[200];
    ctome_ng_trials info = {gt, NULL, NULL, sample};
    assert_int_equal(ctome_ng_fill(&t, &bt, 9, 3, &info), CTOME_OK);
    size_t match = 0;
    for (size_t b = 0; b < B; b++) {
        int s = sample[b];
        /* Sample on channel 1 + s during steps 3..7, test during 18..22:
         * the same channel for a match (gt 1), the other for a non-match. */
        int test_ch = -1;
        for (size_t k = 1; k <= 2; k++) {
            assert_true(XB(bt, 3, b, k) == ((int)k == 1 + s ? 1.0f : 0.0f));
            if (XB(bt, 18, b, k) == 1.0f)
                test_ch = (int)k;
        }
        assert_int_equal(test_ch == 1 + s ? 1 : 2, gt[b]);
        match += gt[b] == 1;
        for (size_t st = 8; st < 18; st++)   /* delay: nothing but fixation */
            assert_true(XB(bt, st, b, 1) == 0.0f && XB(bt, st, b, 2) == 0.0f && XB(bt, st, b, 0) == 1.0f);
        for (size_t st = 23; st < 32; st++) {
            assert_true(XB(bt, st, b, 0) == 0.0f);
            assert_int_equal(TB(bt, st, b), gt[b]);
        }
        assert_int_equal(TB(bt, 22, b), 0);
    }
    assert_true(match > 60 && match < 140);
    ctome_rnn_batch_free(&bt);
}

static void test_task_ctx(void **state)
{
    (void)state;
    ctome_ng_task t;
    ctome_ng_default(CTOME_NG_CTX, &t);
    t.sigma = 0;
    size_t T = 0, n_in = 0, n_out = 0;
    /* 300 + 750 + 600 + 100 ms: steps floor(300/100) = 3 .. floor(1050/100)
     * = 10 stimulus, 10..16 delay, 16..17 decision: T = 17, 7 inputs. */
    assert_int_equal(ctome_ng_shape(&t, &T, &n_in, &n_out), CTOME_OK);
    assert_int_equal(T, 17);
    assert_int_equal(n_in, 7);
    size_t B = 300;
    ctome_rnn_batch bt;
    alloc_task(&t, B, &bt);
    int32_t gt[300], ctx[300];
    double coh[300];
    ctome_ng_trials info = {gt, coh, ctx, NULL};
    assert_int_equal(ctome_ng_fill(&t, &bt, 2, 0, &info), CTOME_OK);
    size_t c1 = 0, conflict = 0;
    for (size_t b = 0; b < B; b++) {
        /* The relevant modality (context) leans to the ground truth by
         * coh/100; the context cue is on at every step. */
        size_t m = (size_t)ctx[b];
        double d = XB(bt, 5, b, 1 + 2 * m) - XB(bt, 5, b, 2 + 2 * m);
        assert_close(d, (gt[b] == 1 ? 1 : -1) * coh[b] / 100, 1e-6);
        double other = XB(bt, 5, b, 1 + 2 * (1 - m)) - XB(bt, 5, b, 2 + 2 * (1 - m));
        conflict += (other > 0) != (gt[b] == 1);
        for (size_t s = 0; s < 17; s++) {
            assert_true(XB(bt, s, b, 5 + m) == 1.0f && XB(bt, s, b, 6 - m) == 0.0f);
            assert_true(XB(bt, s, b, 0) == (s < 16 ? 1.0f : 0.0f));
        }
        for (size_t k = 1; k <= 4; k++)
            assert_true(XB(bt, 16, b, k) == 0.0f && XB(bt, 2, b, k) == 0.0f);
        assert_int_equal(TB(bt, 16, b), gt[b]);
        c1 += ctx[b] == 1;
    }
    /* Both contexts, and trials where the irrelevant modality points the
     * other way (about half). */
    assert_true(c1 > 100 && c1 < 200);
    assert_true(conflict > 100 && conflict < 200);
    ctome_rnn_batch_free(&bt);
}

static void test_task_errors(void **state)
{
    (void)state;
    ctome_ng_kind k;
    assert_int_equal(ctome_ng_parse("ctx", &k), CTOME_OK);
    assert_int_equal(k, CTOME_NG_CTX);
    assert_int_equal(ctome_ng_parse("mnist", &k), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "'mnist'"));
    ctome_ng_task t;
    ctome_ng_default(CTOME_NG_PDM, &t);
    size_t T, a, b;
    t.dt = 0;
    assert_int_equal(ctome_ng_shape(&t, &T, &a, &b), CTOME_EVALUE);
    ctome_ng_default(CTOME_NG_PDM, &t);
    t.t[3] = 50;   /* a decision period shorter than one step */
    assert_int_equal(ctome_ng_shape(&t, &T, &a, &b), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "decision period"));
    ctome_ng_default(CTOME_NG_PDM, &t);
    t.sigma = NAN;
    assert_int_equal(ctome_ng_shape(&t, &T, &a, &b), CTOME_EVALUE);
}


/* ---- training ---- */

static void small_opts(ctome_rl_opts *o)
{
    ctome_rl_opts_default(o);
    o->steps = 30;
    o->every = 10;
    o->batch = 16;
    o->probe = 8;
    o->opt = CTOME_OPT_ADAM;   /* moves every weight by about lr per step */
    o->lr = 3e-3;
    o->seed = 4;
}

static void test_train_small(void **state)
{
    (void)state;
    size_t n = 16;
    double w0[256];
    assert_int_equal(ctome_rnn_init_rank(n, 3, 1.0, 11, 0, w0), CTOME_OK);
    ctome_rl_opts o;
    small_opts(&o);
    ctome_rl_curve c, c2;
    assert_int_equal(ctome_rl_train(&o, w0, n, NULL, NULL, &c), CTOME_OK);
    assert_int_equal(c.n_points, 4);
    /* At step 0 every comparison is with itself: no change, alignment 1,
     * all signs kept, the effective rank of W_0 (float weights: 1e-6). */
    assert_int_equal(c.step[0], 0);
    assert_true(c.dw[0] == 0 && c.dw_rel[0] == 0);
    assert_close(c.ka[0], 1, 1e-12);
    assert_close(c.cka[0], 1, 1e-12);
    assert_close(c.ra[0], 1, 1e-12);
    assert_close(c.cra[0], 1, 1e-12);
    assert_close(c.sign[0], 1, 0);
    double er;
    assert_int_equal(ctome_effective_rank_of(w0, n, n, &er), CTOME_OK);
    assert_close(c.erank[0], er, 1e-5);
    assert_true(isnan(c.loss[0]));
    /* Afterwards the weights moved (Adam moves every weight about lr per
     * step), the kernels turned, the rank grew from 3. */
    assert_int_equal(c.step[3], 30);
    for (size_t k = 1; k < 4; k++) {
        assert_true(c.dw[k] > c.dw[k - 1]);
        assert_true(c.ka[k] < 1 && c.ka[k] > 0);
        assert_true(c.sign[k] <= 1 && c.sign[k] > 0.5);
        assert_true(isfinite(c.loss[k]) && c.loss[k] > 0);
        assert_true(c.acc[k] >= 0 && c.acc[k] <= 1);
    }
    assert_true(c.erank[3] > c.erank[0]);
    /* Same options, same curve, bit for bit. */
    assert_int_equal(ctome_rl_train(&o, w0, n, NULL, NULL, &c2), CTOME_OK);
    assert_memory_equal(c.dw, c2.dw, 4 * sizeof *c.dw);
    assert_memory_equal(c.ka, c2.ka, 4 * sizeof *c.ka);
    assert_memory_equal(c.loss + 1, c2.loss + 1, 3 * sizeof *c.loss);
    ctome_rl_curve_free(&c);
    ctome_rl_curve_free(&c2);
    /* A diverging run (no clipping, absurd step size) stops naming the step. */
    o.clip = 0;
    o.lr = 1e300;
    o.opt = CTOME_OPT_SGD;
    int rc = ctome_rl_train(&o, w0, n, NULL, NULL, &c);
    assert_int_equal(rc, CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "training diverged at"));
    /* Non-finite W_0. */
    small_opts(&o);
    w0[5] = NAN;
    assert_int_equal(ctome_rl_train(&o, w0, n, NULL, NULL, &c), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "row 1, column 6"));
}

static void test_sweep(void **state)
{
    (void)state;
    size_t n = 12, ranks[2] = {1, 12};
    /* A sparse signed "connectome": a ring with alternating signs. */
    double wc[144] = {0};
    for (size_t i = 0; i < n; i++)
        wc[((i + 1) % n) * n + i] = (i % 3 == 0) ? -8.0 : 1.0;
    ctome_rl_sweep_opts so;
    ctome_rl_sweep_opts_default(&so);
    small_opts(&so.train);
    so.train.steps = 10;
    so.train.every = 5;
    so.n = n;
    so.ranks = ranks;
    so.n_ranks = 2;
    so.w_conn = wc;
    so.seed0 = 3;
    so.n_seeds = 2;
    so.threads = 2;
    ctome_rl_net *a, *b;
    size_t na, nb;
    assert_int_equal(ctome_rl_sweep(&so, &a, &na), CTOME_OK);
    assert_int_equal(na, 8);
    /* Order: per seed rank 1, rank 12, connectome, matched. */
    assert_int_equal(a[0].init, CTOME_RL_RANDOM);
    assert_int_equal(a[0].rank, 1);
    assert_int_equal(a[2].init, CTOME_RL_CONNECTOME);
    assert_int_equal(a[3].init, CTOME_RL_MATCHED);
    assert_true(a[4].seed == 4 && a[0].seed == 3);
    /* Every W_0 has norm sqrt(n) (gain 1); rank 1 has effective rank 1. */
    for (size_t i = 0; i < na; i++)
        assert_close(a[i].norm0, sqrt(12.0), 1e-12);
    assert_close(a[0].erank0, 1, 1e-6);
    /* The ring is a weighted permutation: singular values 8 (x4) and 1
     * (x8), p = 1/5 (x4), 1/40 (x8): erank = exp(-(0.8 ln(1/5) + 0.2 ln(1/40))). */
    double ring = exp(-(0.8 * log(1.0 / 5) + 0.2 * log(1.0 / 40)));
    assert_close(a[2].erank0, ring, 1e-9);
    assert_true(a[3].erank0 >= ring - 1e-9);
    assert_true(a[3].rank >= 1 && a[3].rank <= n);
    /* One thread: the same numbers. */
    so.threads = 1;
    assert_int_equal(ctome_rl_sweep(&so, &b, &nb), CTOME_OK);
    assert_int_equal(nb, na);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(a[i].curve.n_points, b[i].curve.n_points);
        assert_memory_equal(a[i].curve.dw, b[i].curve.dw, a[i].curve.n_points * sizeof(double));
        assert_memory_equal(a[i].curve.ka, b[i].curve.ka, a[i].curve.n_points * sizeof(double));
    }
    ctome_rl_nets_free(a, na);
    ctome_rl_nets_free(b, nb);
    /* Bad ranks. */
    size_t bad[1] = {13};
    so.ranks = bad;
    so.n_ranks = 1;
    assert_int_equal(ctome_rl_sweep(&so, &a, &na), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "network size 12, got 13"));
    bad[0] = 0;
    assert_int_equal(ctome_rl_sweep(&so, &a, &na), CTOME_EVALUE);
    so.n_ranks = 0;
    so.w_conn = NULL;
    assert_int_equal(ctome_rl_sweep(&so, &a, &na), CTOME_EINVAL);
}

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("richlazy", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weight_change),
        cmocka_unit_test(test_sign_similarity),
        cmocka_unit_test(test_gram_alignment),
        cmocka_unit_test(test_truncate),
        cmocka_unit_test(test_gaussian_rank),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_connectome_init),
        cmocka_unit_test(test_connectome_cook),
        cmocka_unit_test(test_task_pdm),
        cmocka_unit_test(test_task_dms),
        cmocka_unit_test(test_task_ctx),
        cmocka_unit_test(test_task_errors),
        cmocka_unit_test(test_train_small),
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
