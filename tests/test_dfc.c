/* test_dfc.c — dynamic functional connectomes (dfc.h).
 *
 * Known answers: affinities of a hand-derived 4-neuron window; NMI/ARI of
 * small partitions (values from tests/ref/dfc_ntf_ref.py, which implements
 * them independently with numpy); the masked HALS NTF against the same
 * script's numpy implementation on the same tensor and start (loss after
 * every iteration and final factors to 1e-8); non-negativity and monotone
 * loss; thread-count independence; and recovery of planted communities and
 * their active intervals at the stated noise level (docs/dfc.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "dfc.h"
#include "error.h"
#include "store.h"
#include "store_dfc.h"
#include "testutil.h"

#define assert_double_equal(a, b, tol)                                                               \
    do {                                                                                             \
        double a_ = (a), b_ = (b);                                                                   \
        if (!(fabs(a_ - b_) <= (tol)))                                                               \
            fail_msg("%s = %.15g, expected %.15g (tolerance %g)", #a, a_, b_, (double)(tol));        \
    } while (0)

/* A recording on t = 0, 1, ... with the given labelled rows. */
static ctome_recording *rec_of(const char *id, size_t n, size_t T, const char *const *names, const double *x)
{
    ctome_recording *r = NULL;
    assert_int_equal(ctome_recording_new(id, n, T, &r), CTOME_OK);
    for (size_t t = 0; t < T; t++)
        r->time[t] = (double)t;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ctome_recording_set_label(r, i, names[i], NULL), CTOME_OK);
    memcpy(r->traces, x, n * T * sizeof *x);
    return r;
}

/* Hand-derived: differences over the 5-sample window
 *   A: 1 2 3 4,  B: 2 2 2 2 (flat),  C: -1 -2 -3 -4,  D: 1 3 2 4
 * r(A,C) = -1 -> 0;  r(A,D) = 4 / 5 = 0.8;  r(C,D) = -0.8 -> 0; B flat -> 0.
 * Worm 2 lacks D; its second window holds a NaN sample. */
static void test_affinity_hand(void **state)
{
    (void)state;
    const char *names[] = {"PA", "PB", "PC", "PD"};
    const double x1[] = {0, 1, 3, 6, 10, 11, 2, 4, 6, 8, 10, 12, 10, 9, 7, 4, 0, 3, 0, 1, 4, 6, 10, 10};
    const double x2[] = {0, 1, 3, 6, 10, NAN, 0, 2, 4, 6, 8, 8, 5, 4, 3, 2, 1, 1};
    ctome_recording *r1 = rec_of("w1", 4, 6, names, x1), *r2 = rec_of("w2", 3, 6, names, x2);
    const ctome_recording *rs[] = {r1, r2};
    ctome_dfc_affinity_opts o;
    ctome_dfc_affinity_opts_default(&o);
    o.window_s = 5;
    o.step_s = 1;
    o.min_frac = 1.0;
    ctome_dfc_tensor t;
    assert_int_equal(ctome_dfc_affinity(rs, 2, &o, &t), CTOME_OK);
    assert_int_equal(t.n_neurons, 4);
    assert_int_equal(t.n_pairs, 6);
    assert_int_equal(t.n_windows, 2);
    assert_string_equal(t.neurons[0], "PA");
    assert_string_equal(t.neurons[3], "PD");
    const double *w0 = t.x;
    assert_double_equal(w0[ctome_dfc_pair_index(4, 0, 3)], 0.8, 1e-12);
    assert_double_equal(w0[ctome_dfc_pair_index(4, 0, 2)], 0.0, 0);
    assert_double_equal(w0[ctome_dfc_pair_index(4, 2, 3)], 0.0, 0);
    assert_double_equal(w0[ctome_dfc_pair_index(4, 0, 1)], 0.0, 0);
    assert_true(t.window_ok[0] && t.window_ok[1]);
    /* worm 2: D absent; window 0 A,B,C as worm 1 but B rises 2 2 2 2 again;
     * window 1 contains the NaN at sample 5: with min_frac 1 it is masked */
    assert_true(t.present[4 + 0] && t.present[4 + 2] && !t.present[4 + 3]);
    assert_true(t.window_ok[2] && !t.window_ok[3]);
    assert_int_equal(t.n_short_windows, 1);
    assert_true(t.n_flat >= 2);
    ctome_dfc_tensor_clear(&t);
    /* errors name the value */
    o.window_s = 1.5;
    assert_int_equal(ctome_dfc_affinity(rs, 2, &o, &t), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "at least 3"));
    o.window_s = 100;
    assert_int_equal(ctome_dfc_affinity(rs, 2, &o, &t), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "longer than every recording"));
    ctome_recording_free(r1);
    ctome_recording_free(r2);
}

static void test_partition_agreement(void **state)
{
    (void)state;
    char line[4096];
    const int32_t a[] = {0, 0, 0, 1, 1, 1, 2, 2, 2, -1};
    const int32_t b[] = {0, 0, 1, 1, 1, 1, 2, 2, 0, 0};
    double nmi, ari;
    assert_int_equal(ctome_partition_nmi(a, b, 10, &nmi), CTOME_OK);
    assert_int_equal(ctome_partition_ari(a, b, 10, &ari), CTOME_OK);
    double rn, ra;
    assert_int_equal(sscanf(tu_ref(line, sizeof line, "dfc_ntf_ref.txt", "partition"), "%lf %lf", &rn, &ra), 2);
    assert_double_equal(nmi, rn, 1e-12);
    assert_double_equal(ari, ra, 1e-12);
    assert_int_equal(ctome_partition_nmi(a, a, 10, &nmi), CTOME_OK);
    assert_double_equal(nmi, 1.0, 1e-12);
    double pn, pa;
    assert_int_equal(ctome_partition_compare(a, a, 10, 99, 3, &nmi, &ari, &pn, &pa), CTOME_OK);
    assert_true(pn <= 0.05 && pa <= 0.05);
}

/* The reference tensor of dfc_ntf_ref.py: an integer LCG gives exact
 * doubles k / 2^20 in both languages. */
static uint64_t lcg_state;
static double lcg(void)
{
    lcg_state = (lcg_state * 6364136223846793005ULL + 1442695040888963407ULL);
    return (double)(lcg_state >> 44) / 1048576.0;
}

static void ref_tensor(ctome_dfc_tensor *t)
{
    memset(t, 0, sizeof *t);
    size_t K = 3, W = 7, N = 6, P = 15;
    t->n_worms = K;
    t->n_windows = W;
    t->n_neurons = N;
    t->n_pairs = P;
    t->x = calloc(K * W * P, sizeof *t->x);
    t->window_ok = calloc(K * W, 1);
    t->present = calloc(K * N, 1);
    lcg_state = 12345;
    for (size_t k = 0; k < K; k++)
        for (size_t i = 0; i < N; i++)
            t->present[k * N + i] = !(k == 1 && i == 4) && !(k == 2 && i == 0);
    for (size_t k = 0; k < K; k++)
        for (size_t w = 0; w < W; w++)
            t->window_ok[k * W + w] = !(k == 0 && w == 6) && !(k == 2 && w == 2);
    for (size_t k = 0; k < K; k++)
        for (size_t w = 0; w < W; w++)
            for (size_t i = 0; i < N; i++)
                for (size_t j = i + 1; j < N; j++) {
                    double v = lcg();
                    size_t p = ctome_dfc_pair_index(N, i, j);
                    int ok = t->window_ok[k * W + w] && t->present[k * N + i] && t->present[k * N + j];
                    t->x[(k * W + w) * P + p] = ok ? v : 0.0;
                }
}

static void ref_init(double *tt, double *aa, double *ff, size_t W, size_t K, size_t P, size_t R)
{
    lcg_state = 777;
    for (size_t i = 0; i < W * R; i++)
        tt[i] = lcg() + 0.05;
    for (size_t i = 0; i < K * R; i++)
        aa[i] = lcg() + 0.05;
    for (size_t i = 0; i < P * R; i++)
        ff[i] = lcg() + 0.05;
}

static void read_ref_vec(const char *key, double *v, size_t n)
{
    char line[65536];
    const char *s = tu_ref(line, sizeof line, "dfc_ntf_ref.txt", "%s", key);
    for (size_t i = 0; i < n; i++) {
        char *end;
        v[i] = strtod(s, &end);
        if (end == s)
            fail_msg("%s: only %zu of %zu values", key, i, n);
        s = end;
    }
}

/* The final factors T (W x R), A (K x R), F (P x R) against the numpy
 * reference's PREFIX T, A, F vectors to 1e-8 relative (+1e-8 absolute);
 * F, the nonnegative factor, stays >= 0.  Sizes as in ref_tensor. */
static void check_factors(const char *prefix, const double *tt, const double *aa, const double *ff, size_t W,
                          size_t K, size_t P, size_t R)
{
    double rt[7 * 3], ra[3 * 3], rf[15 * 3];
    char name[8];
    assert_true(W * R <= 7 * 3 && K * R <= 3 * 3 && P * R <= 15 * 3);
    snprintf(name, sizeof name, "%sT", prefix);
    read_ref_vec(name, rt, W * R);
    snprintf(name, sizeof name, "%sA", prefix);
    read_ref_vec(name, ra, K * R);
    snprintf(name, sizeof name, "%sF", prefix);
    read_ref_vec(name, rf, P * R);
    for (size_t i = 0; i < W * R; i++)
        assert_double_equal(tt[i], rt[i], 1e-8 * (1 + fabs(rt[i])));
    for (size_t i = 0; i < K * R; i++)
        assert_double_equal(aa[i], ra[i], 1e-8 * (1 + fabs(ra[i])));
    for (size_t i = 0; i < P * R; i++) {
        assert_double_equal(ff[i], rf[i], 1e-8 * (1 + fabs(rf[i])));
        assert_true(ff[i] >= 0);
    }
}

static void test_ntf_vs_numpy(void **state)
{
    (void)state;
    ctome_dfc_tensor t;
    ref_tensor(&t);
    size_t W = 7, K = 3, P = 15, R = 3, IT = 60;
    double tt[7 * 3], aa[3 * 3], ff[15 * 3], loss[60], ref[60 * 1];
    ref_init(tt, aa, ff, W, K, P, R);
    size_t iters;
    int conv;
    assert_int_equal(ctome_dfc_ntf_from(&t, R, tt, aa, ff, IT, 0.0, 0, loss, &iters, &conv), CTOME_OK);
    assert_int_equal(iters, IT);
    read_ref_vec("loss", ref, IT);
    for (size_t i = 0; i < IT; i++) {
        assert_double_equal(loss[i], ref[i], 1e-8 * ref[i]);
        if (i)
            assert_true(loss[i] <= loss[i - 1] * (1 + 1e-12));
    }
    check_factors("", tt, aa, ff, W, K, P, R);
    ctome_dfc_tensor_clear(&t);
}

/* HALS with extrapolation and restarts against the numpy reference (same
 * start, 60 iterations, tol 0): accepted losses and final factors to 1e-8;
 * the accepted losses never increase; extrapolation ends lower than plain
 * HALS after the same number of sweeps (the point of it). */
static void test_ntf_extrapolated_vs_numpy(void **state)
{
    (void)state;
    ctome_dfc_tensor t;
    ref_tensor(&t);
    size_t W = 7, K = 3, P = 15, R = 3, IT = 60;
    double tt[7 * 3], aa[3 * 3], ff[15 * 3], loss[60], ref[60], plain[60];
    ref_init(tt, aa, ff, W, K, P, R);
    size_t iters;
    int conv;
    assert_int_equal(ctome_dfc_ntf_from(&t, R, tt, aa, ff, IT, 0.0, 1, loss, &iters, &conv), CTOME_OK);
    assert_int_equal(iters, IT);
    read_ref_vec("xloss", ref, IT);
    read_ref_vec("loss", plain, IT);
    for (size_t i = 0; i < IT; i++) {
        assert_double_equal(loss[i], ref[i], 1e-8 * ref[i]);
        if (i)
            assert_true(loss[i] <= loss[i - 1]);
    }
    assert_true(loss[IT - 1] < plain[IT - 1] * (1 - 1e-3));
    check_factors("x", tt, aa, ff, W, K, P, R);
    ctome_dfc_tensor_clear(&t);
}

/* Planted benchmark at the documented noise level (docs/dfc.md): NMI of the
 * communities found in the component matched to each interval >= 0.9, and
 * temporal loading vs the interval indicator r >= 0.9. */
static void planted_run(double noise, int threads, double *min_nmi, double *min_r, ctome_dfc_ntf *keep)
{
    ctome_dfc_planted_opts po;
    ctome_dfc_planted_opts_default(&po);
    po.noise = noise;
    po.missing = 0.1;
    ctome_dfc_planted pl;
    assert_int_equal(ctome_dfc_planted_make(&po, &pl), CTOME_OK);
    ctome_dfc_affinity_opts ao;
    ctome_dfc_affinity_opts_default(&ao);
    ctome_dfc_tensor t;
    assert_int_equal(ctome_dfc_affinity((const ctome_recording *const *)pl.rec.r, pl.rec.n, &ao, &t), CTOME_OK);
    ctome_dfc_ntf_opts no;
    ctome_dfc_ntf_opts_default(&no);
    no.rank = po.n_intervals;
    no.starts = 4;
    no.threads = threads;
    ctome_dfc_ntf fit;
    assert_int_equal(ctome_dfc_ntf_fit(&t, &no, &fit), CTOME_OK);
    const ctome_dfc_factors *b = &fit.start[fit.best];
    size_t W = t.n_windows, N = t.n_neurons, R = no.rank;
    *min_nmi = 1;
    *min_r = 1;
    uint8_t used[16] = {0};
    for (size_t a = 0; a < po.n_intervals; a++) {
        /* indicator: fraction of each window inside interval a */
        double ind[4096];
        for (size_t w = 0; w < W; w++) {
            double s0 = t.window_t0[w], s1 = s0 + t.window_s;
            double lo = s0 > pl.on_start[a] ? s0 : pl.on_start[a], hi = s1 < pl.on_end[a] ? s1 : pl.on_end[a];
            ind[w] = hi > lo ? (hi - lo) / t.window_s : 0;
        }
        double best = -2;
        size_t br = 0;
        for (size_t r = 0; r < R; r++) {
            double col[4096];
            for (size_t w = 0; w < W; w++)
                col[w] = b->t[w * R + r];
            double c = ctome_pearson(col, ind, W);
            if (!used[r] && c > best) {
                best = c;
                br = r;
            }
        }
        used[br] = 1;
        *min_r = best < *min_r ? best : *min_r;
        double *f = malloc(t.n_pairs * sizeof *f);
        for (size_t p = 0; p < t.n_pairs; p++)
            f[p] = b->f[p * R + br];
        ctome_dfc_comm_opts co;
        ctome_dfc_comm_opts_default(&co);
        ctome_dfc_comm cm;
        assert_int_equal(ctome_dfc_communities(f, N, &co, &cm), CTOME_OK);
        int32_t truth[1024];
        for (size_t i = 0; i < N; i++) {
            unsigned idx;
            assert_int_equal(sscanf(t.neurons[i], "P%u", &idx), 1);
            int32_t g = pl.group[idx - 1];
            truth[i] = g >= 0 && pl.interval[g] == a ? g : -1;
        }
        double nmi;
        assert_int_equal(ctome_partition_nmi(truth, cm.coherent, N, &nmi), CTOME_OK);
        *min_nmi = nmi < *min_nmi ? nmi : *min_nmi;
        if (getenv("DFC_DEBUG")) {
            for (size_t i = 0; i < N; i++)
                fprintf(stderr, "%d/%d ", truth[i], cm.coherent[i]);
            fprintf(stderr, " nmi %.3f\n", nmi);
        }
        ctome_dfc_comm_clear(&cm);
        free(f);
    }
    if (keep)
        *keep = fit;
    else
        ctome_dfc_ntf_clear(&fit);
    ctome_dfc_tensor_clear(&t);
    ctome_dfc_planted_clear(&pl);
}



static void test_planted_recovery(void **state)
{
    (void)state;
    double nmi, r;
    ctome_dfc_ntf f1, f2;
    planted_run(0.5, 1, &nmi, &r, &f1);
    print_message("planted noise 0.5: min NMI %.4f, min temporal r %.4f\n", nmi, r);
    assert_true(nmi >= 0.9);
    assert_true(r >= 0.9);
    /* same bytes with two threads */
    double nmi2, r2;
    planted_run(0.5, 2, &nmi2, &r2, &f2);
    assert_int_equal(f1.best, f2.best);
    for (size_t s = 0; s < f1.n_starts; s++) {
        assert_int_equal(f1.start[s].iterations, f2.start[s].iterations);
        assert_memory_equal(f1.start[s].loss, f2.start[s].loss, f1.start[s].iterations * sizeof(double));
    }
    for (size_t s = 0; s < f1.n_starts; s++)
        for (size_t i = 1; i < f1.start[s].iterations; i++)
            assert_true(f1.start[s].loss[i] <= f1.start[s].loss[i - 1] * (1 + 1e-12));
    ctome_dfc_ntf_clear(&f1);
    ctome_dfc_ntf_clear(&f2);
}

/* A run written to a store reads back identical, and a second run with the
 * same id is refused. */
static void test_store_roundtrip(void **state)
{
    (void)state;
    ctome_dfc_planted_opts po;
    ctome_dfc_planted_opts_default(&po);
    po.n_worms = 2;
    po.n_neurons = 20;
    po.n_time = 600;
    po.group_size = 3;
    po.missing = 0.2;
    ctome_dfc_planted pl;
    assert_int_equal(ctome_dfc_planted_make(&po, &pl), CTOME_OK);
    ctome_dfc_tensor t;
    assert_int_equal(ctome_dfc_affinity((const ctome_recording *const *)pl.rec.r, pl.rec.n, NULL, &t), CTOME_OK);
    ctome_dfc_ntf_opts no;
    ctome_dfc_ntf_opts_default(&no);
    no.rank = 3;
    no.starts = 2;
    ctome_dfc_ntf fit;
    assert_int_equal(ctome_dfc_ntf_fit(&t, &no, &fit), CTOME_OK);
    const ctome_dfc_factors *b = &fit.start[fit.best];
    size_t N = t.n_neurons, R = 3;
    int32_t *mem = malloc(R * N * sizeof *mem), *coh = malloc(R * N * sizeof *coh);
    for (size_t i = 0; i < R * N; i++) {
        mem[i] = (int32_t)(i % 4) - 1;
        coh[i] = (int32_t)(i % 3) - 1;
    }
    ctome_store_dfc d = {.n_neurons = N, .n_worms = t.n_worms, .n_windows = t.n_windows, .n_pairs = t.n_pairs,
                         .rank = R, .iterations = b->iterations, .window_s = t.window_s, .step_s = t.step_s,
                         .dt = t.dt, .rel_error = b->rel_error, .stability = fit.stability, .starts = 2,
                         .best_start = fit.best, .seed = 1, .converged = b->converged, .neurons = t.neurons,
                         .worms = t.worms, .window_t0 = t.window_t0, .window_ok = t.window_ok, .present = t.present,
                         .affinity = t.x, .temporal = b->t, .animal = b->a, .factors = b->f, .lambda = b->lambda,
                         .loss = b->loss, .membership = mem, .coherent = coh};
    char *dir = tu_mkdtemp("dfc");
    char *path = tu_join(dir, "run.h5");
    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(path, &s), CTOME_OK);
    assert_int_equal(ctome_store_put_dfc(s, "r1", &d), CTOME_OK);
    assert_int_equal(ctome_store_put_dfc(s, "r1", &d), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "already stored"));
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    ctome_store_dfc g;
    assert_int_equal(ctome_store_get_dfc(s, "nope", &g), CTOME_ENOTFOUND);
    assert_int_equal(ctome_store_get_dfc(s, "r1", &g), CTOME_OK);
    assert_int_equal(g.n_neurons, N);
    assert_int_equal(g.n_worms, t.n_worms);
    assert_int_equal(g.n_windows, t.n_windows);
    assert_int_equal(g.rank, R);
    assert_int_equal(g.iterations, b->iterations);
    assert_int_equal(g.best_start, fit.best);
    assert_true(g.rel_error == b->rel_error && g.stability == fit.stability && g.window_s == t.window_s);
    for (size_t i = 0; i < N; i++)
        assert_string_equal(g.neurons[i], t.neurons[i]);
    for (size_t k = 0; k < t.n_worms; k++)
        assert_string_equal(g.worms[k], t.worms[k]);
    size_t W = t.n_windows, K = t.n_worms, P = t.n_pairs;
    assert_memory_equal(g.window_t0, t.window_t0, W * sizeof(double));
    assert_memory_equal(g.window_ok, t.window_ok, K * W);
    assert_memory_equal(g.present, t.present, K * N);
    assert_memory_equal(g.affinity, t.x, K * W * P * sizeof(double));
    assert_memory_equal(g.temporal, b->t, W * R * sizeof(double));
    assert_memory_equal(g.animal, b->a, K * R * sizeof(double));
    assert_memory_equal(g.factors, b->f, P * R * sizeof(double));
    assert_memory_equal(g.lambda, b->lambda, R * sizeof(double));
    assert_memory_equal(g.loss, b->loss, b->iterations * sizeof(double));
    assert_memory_equal(g.membership, mem, R * N * sizeof(int32_t));
    assert_memory_equal(g.coherent, coh, R * N * sizeof(int32_t));
    ctome_store_dfc_free(&g);
    ctome_store_close(s);
    free(mem);
    free(coh);
    free(path);
    tu_rmtree(dir);
    ctome_dfc_ntf_clear(&fit);
    ctome_dfc_tensor_clear(&t);
    ctome_dfc_planted_clear(&pl);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_affinity_hand),
        cmocka_unit_test(test_partition_agreement),
        cmocka_unit_test(test_ntf_vs_numpy),
        cmocka_unit_test(test_ntf_extrapolated_vs_numpy),
        cmocka_unit_test(test_planted_recovery),
        cmocka_unit_test(test_store_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
