/* test_consensus.c — the consensus's co-assignment counts (upper triangle of
 * uint8 / uint16 counters, best partners), its memory budget and the
 * fallback when a consensus does not fit.
 *
 * References: a 6-vertex, 4-run example worked by hand (below); the budget's
 * sizes n(n-1)/2 x width computed by hand; Zachary's karate club for the
 * fallback (the best-Q run, as with consensus off). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "modularity.h"
#include "testutil.h"

/* Four partitions of six vertices (one row per run):
 *   r0 {0,1,2} {3,4,5}   r1 {0,1} {2,3} {4,5}   r2 {0,1,2,3} {4} {5}   r3 {0} {1,2} {3,4,5}
 * Counts of runs together, by hand:
 *   (0,1) 3  (0,2) 2  (0,3) 1  (1,2) 3  (1,3) 1  (2,3) 2  (3,4) 2  (3,5) 2  (4,5) 3, others 0.
 * tau = 0.75 keeps (0,1) (1,2) (4,5) at 3/4; vertex 3 has no entry >= 3/4,
 * its largest is 2 with 2, 4 and 5: the lowest, 2, is kept at 2/4.
 * tau = 0.5 keeps every count >= 2: seven pairs, no extra partner. */
static const int32_t RUNS4[4][6] = {
    {0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 2, 2}, {0, 0, 0, 0, 1, 2}, {0, 1, 1, 2, 2, 2}};

static void check_graph(const int32_t *mem, int runs, double tau, size_t want_m, const int32_t (*want_e)[2],
                        const double *want_w)
{
    int32_t *src, *dst;
    double *w;
    size_t m;
    assert_int_equal(ctome_consensus_graph(mem, runs, 6, tau, 0, &src, &dst, &w, &m), CTOME_OK);
    assert_int_equal(m, want_m);
    for (size_t k = 0; k < m; k++) {
        assert_int_equal(src[k], want_e[k][0]);
        assert_int_equal(dst[k], want_e[k][1]);
        /* count / runs, the same double as the hand fraction */
        assert_true(w[k] == want_w[k]);
    }
    free(src);
    free(dst);
    free(w);
}

static void test_hand_counts(void **state)
{
    (void)state;
    const int32_t e75[4][2] = {{0, 1}, {1, 2}, {2, 3}, {4, 5}};
    const double w75[4] = {0.75, 0.75, 0.5, 0.75};
    check_graph(&RUNS4[0][0], 4, 0.75, 4, e75, w75);
    const int32_t e50[7][2] = {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}, {4, 5}};
    const double w50[7] = {0.75, 0.5, 0.75, 0.5, 0.5, 0.5, 0.75};
    check_graph(&RUNS4[0][0], 4, 0.5, 7, e50, w50);

    /* 16-bit counters: the four runs repeated 75 times (300 runs) give the
     * same fractions, so the same graph */
    int32_t *many = malloc(300 * 6 * sizeof *many);
    assert_non_null(many);
    for (int r = 0; r < 300; r++)
        memcpy(many + (size_t)r * 6, RUNS4[r % 4], sizeof RUNS4[0]);
    check_graph(many, 300, 0.75, 4, e75, w75);
    check_graph(many, 300, 0.5, 7, e50, w50);
    /* 255 runs are the last of 8 bits: counts reach 255 without wrapping
     * (all runs alike: every pair within {0,1,2} and {3,4,5} at 255/255) */
    for (int r = 0; r < 255; r++)
        memcpy(many + (size_t)r * 6, RUNS4[0], sizeof RUNS4[0]);
    const int32_t eall[6][2] = {{0, 1}, {0, 2}, {1, 2}, {3, 4}, {3, 5}, {4, 5}};
    const double wall[6] = {1, 1, 1, 1, 1, 1};
    check_graph(many, 255, 1.0, 6, eall, wall);
    free(many);

    /* labels need only be in [0, n): 5 and 3 instead of 0 and 1 */
    int32_t shifted[4][6];
    memcpy(shifted, RUNS4, sizeof shifted);
    for (int v = 0; v < 6; v++)
        shifted[0][v] = RUNS4[0][v] ? 3 : 5;
    check_graph(&shifted[0][0], 4, 0.75, 4, e75, w75);
}

static void test_bytes(void **state)
{
    (void)state;
    size_t b;
    /* 512 MiB = 536870912: 32768 x 32767 / 2 = 536854528 one-byte counters fit, 32769 do not */
    assert_int_equal(ctome_consensus_bytes(32768, 100, CTOME_CONSENSUS_MAX_BYTES, &b), 1);
    assert_int_equal(b, 536854528);
    assert_int_equal(ctome_consensus_bytes(32769, 255, CTOME_CONSENSUS_MAX_BYTES, &b), 0);
    assert_int_equal(b, 536887296);
    /* two bytes from 256 runs: 23170 x 23169 = 536825730 bytes fit, 23171 x 23170 = 536872070 do not */
    assert_int_equal(ctome_consensus_bytes(23170, 256, CTOME_CONSENSUS_MAX_BYTES, &b), 1);
    assert_int_equal(b, 536825730);
    assert_int_equal(ctome_consensus_bytes(23171, 65535, CTOME_CONSENSUS_MAX_BYTES, &b), 0);
    assert_int_equal(b, 536872070);
    assert_int_equal(ctome_consensus_bytes(23171, 255, CTOME_CONSENSUS_MAX_BYTES, &b), 1);
    /* the old limit's 10000 vertices: 49995000 bytes (was 800 MB of doubles) */
    assert_int_equal(ctome_consensus_bytes(10000, 100, CTOME_CONSENSUS_MAX_BYTES, &b), 1);
    assert_int_equal(b, 49995000);
    assert_int_equal(ctome_consensus_bytes(1, 100, 0, &b), 1);
    assert_int_equal(b, 0);
    /* more runs than 16 bits count, or none, and overflow: refused */
    assert_int_equal(ctome_consensus_bytes(10, 65536, CTOME_CONSENSUS_MAX_BYTES, &b), 0);
    assert_true(b == SIZE_MAX);
    assert_int_equal(ctome_consensus_bytes(10, 0, CTOME_CONSENSUS_MAX_BYTES, &b), 0);
    assert_int_equal(ctome_consensus_bytes(SIZE_MAX, 100, SIZE_MAX, &b), 0);
    assert_true(b == SIZE_MAX);
    assert_int_equal(ctome_consensus_bytes((size_t)1 << 33, 300, SIZE_MAX, &b), 0);
}

static void test_bad_input(void **state)
{
    (void)state;
    int32_t *src, *dst;
    double *w;
    size_t m;
    assert_int_equal(ctome_consensus_graph(&RUNS4[0][0], 4, 6, 0, 0, &src, &dst, &w, &m), CTOME_EINVAL);
    assert_int_equal(ctome_consensus_graph(&RUNS4[0][0], 0, 6, 0.5, 0, &src, &dst, &w, &m), CTOME_EINVAL);
    int32_t bad[6] = {0, 0, 6, 1, 1, 1};
    assert_int_equal(ctome_consensus_graph(bad, 1, 6, 0.5, 0, &src, &dst, &w, &m), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "label '6' of vertex 2 in run 0"));
    /* budgets: 15 counters fit in 15 bytes; the 7 pairs of tau 0.5 need 7 x 80 */
    assert_int_equal(ctome_consensus_graph(&RUNS4[0][0], 4, 6, 0.5, 14, &src, &dst, &w, &m), CTOME_EVALUE);
    assert_int_equal(ctome_consensus_graph(&RUNS4[0][0], 4, 6, 0.5, 559, &src, &dst, &w, &m), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "7 pairs"));
    assert_null(src);
    assert_int_equal(ctome_consensus_graph(&RUNS4[0][0], 4, 6, 0.5, 560, &src, &dst, &w, &m), CTOME_OK);
    assert_int_equal(m, 7);
    free(src);
    free(dst);
    free(w);
}

/* Above the budget: the best-Q run, exactly what consensus = 0 returns, and
 * the result says why.  34 vertices: 561 one-byte counters. */
static void test_budget_fallback(void **state)
{
    (void)state;
    ctome_graph *g = tu_karate();
    ctome_modularity_opts o;
    ctome_modularity_opts_default(&o);
    o.runs = 20;
    ctome_modularity best, full, res;
    o.consensus = 0;
    assert_int_equal(ctome_modularity_leiden(g, &o, 7, &best), CTOME_OK);
    o.consensus = 1;
    assert_int_equal(ctome_modularity_leiden(g, &o, 7, &full), CTOME_OK);
    assert_true(full.consensus);
    assert_int_equal(full.consensus_skipped, 0);
    assert_int_equal(full.consensus_bytes, 0);

    /* counts: 560 bytes < 561 */
    o.max_bytes = 560;
    assert_int_equal(ctome_modularity_leiden(g, &o, 7, &res), CTOME_OK);
    assert_false(res.consensus);
    assert_int_equal(res.consensus_skipped, CTOME_CONSENSUS_SKIP_COUNTS);
    assert_int_equal(res.consensus_bytes, 561);
    assert_int_equal(res.rounds, 0);
    assert_int_equal(res.converged, 0);
    assert_memory_equal(res.membership, best.membership, 34 * sizeof(int32_t));
    assert_true(res.q == best.q && res.q == res.best_run_q && res.agreement == best.agreement);
    ctome_modularity_clear(&res);

    /* the counts fit (561 bytes) but no round's graph does: a kept pair per
     * vertex at least (17 pairs x 80 bytes) is above 1000 */
    o.max_bytes = 1000;
    assert_int_equal(ctome_modularity_leiden(g, &o, 7, &res), CTOME_OK);
    assert_false(res.consensus);
    assert_int_equal(res.consensus_skipped, CTOME_CONSENSUS_SKIP_GRAPH);
    assert_true(res.consensus_bytes > 1000 && res.consensus_bytes % 80 == 0);
    assert_memory_equal(res.membership, best.membership, 34 * sizeof(int32_t));
    assert_true(res.q == best.q);
    ctome_modularity_clear(&res);

    /* a budget that holds everything: the consensus, as with the default */
    o.max_bytes = 1 << 20;
    assert_int_equal(ctome_modularity_leiden(g, &o, 7, &res), CTOME_OK);
    assert_true(res.consensus);
    assert_memory_equal(res.membership, full.membership, 34 * sizeof(int32_t));
    assert_true(res.q == full.q && res.rounds == full.rounds);
    ctome_modularity_clear(&res);

    /* more runs than 16-bit counters hold: refused before any run */
    o.runs = CTOME_CONSENSUS_MAX_RUNS + 1;
    assert_int_equal(ctome_modularity_leiden(g, &o, 7, &res), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "at most 65535 runs"));
    ctome_modularity_clear(&best);
    ctome_modularity_clear(&full);
    ctome_graph_free(g);
}

/* The definition written the plain way (the dense n x n matrix of counts
 * that ctome used before, 8 n^2 bytes): D_ij counted pair by pair, the
 * largest entry of each vertex (lowest partner on ties) kept when below
 * tau, pairs in row-major order. */
static size_t dense_reference(const int32_t *mem, int runs, size_t n, double tau, int32_t *src, int32_t *dst,
                              double *w)
{
    double *d = calloc(n * n, sizeof *d);
    char *kept = calloc(n * n, 1);
    assert_true(d && kept);
    for (int r = 0; r < runs; r++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (mem[(size_t)r * n + i] == mem[(size_t)r * n + j])
                    d[i * n + j] += 1;
    for (size_t i = 0; i < n; i++) {
        size_t best = n;
        double bv = 0;
        for (size_t j = 0; j < n; j++) {
            double x = j == i ? 0 : i < j ? d[i * n + j] : d[j * n + i];
            if (x > bv) {
                bv = x;
                best = j;
            }
        }
        if (best < n && bv / runs < tau)
            kept[i < best ? i * n + best : best * n + i] = 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (d[i * n + j] / runs >= tau || kept[i * n + j]) {
                src[k] = (int32_t)i;
                dst[k] = (int32_t)j;
                w[k++] = d[i * n + j] / runs;
            }
    free(d);
    free(kept);
    return k;
}

/* Random partitions (few and many modules, both counter widths, several
 * thresholds): the compact counts give the reference's graph exactly. */
static void test_against_dense(void **state)
{
    (void)state;
    const size_t n = 120;
    const int runs_list[] = {3, 100, 255, 256, 700};
    const double taus[] = {0.5, 0.3, 0.9, 1.0};
    int32_t *rs = malloc(n * n / 2 * sizeof *rs), *rd = malloc(n * n / 2 * sizeof *rd);
    double *rw = malloc(n * n / 2 * sizeof *rw);
    int32_t *mem = malloc(700 * n * sizeof *mem);
    assert_true(rs && rd && rw && mem);
    uint64_t x = 88172645463325252ULL;   /* xorshift64: any fixed sequence will do */
    for (size_t ri = 0; ri < sizeof runs_list / sizeof *runs_list; ri++) {
        int runs = runs_list[ri];
        for (int r = 0; r < runs; r++) {
            /* 2 to 31 modules; a shared bias so that pairs repeat across runs */
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t k = 2 + x % 30;
            for (size_t v = 0; v < n; v++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                mem[(size_t)r * n + v] = (int32_t)(x % 4 == 0 ? x % k : (v / 7) % k);
            }
        }
        for (size_t t = 0; t < sizeof taus / sizeof *taus; t++) {
            size_t want = dense_reference(mem, runs, n, taus[t], rs, rd, rw);
            int32_t *src, *dst;
            double *w;
            size_t m;
            assert_int_equal(ctome_consensus_graph(mem, runs, n, taus[t], 0, &src, &dst, &w, &m), CTOME_OK);
            assert_int_equal(m, want);
            assert_memory_equal(src, rs, m * sizeof *src);
            assert_memory_equal(dst, rd, m * sizeof *dst);
            assert_memory_equal(w, rw, m * sizeof *w);
            free(src);
            free(dst);
            free(w);
        }
    }
    free(rs);
    free(rd);
    free(rw);
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_counts),     cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_bad_input),       cmocka_unit_test(test_budget_fallback),
        cmocka_unit_test(test_against_dense),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
