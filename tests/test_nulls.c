/* test_nulls.c — null models (lib/analysis/nulls.h) on the real Cook 2019
 * hermaphrodite layers: chemical (directed, 302 neurons, 3671 arcs) and
 * electrical (undirected, 298 neurons, 1091 pairs).
 *
 * Invariants checked on every replicate: exact in/out degree sequences, no
 * self-loops, no repeated arc, real rewiring (> 50 % of the edges changed
 * after 10 swaps per edge), out-strength kept by the Maslov-Sneppen weight
 * rule, strength error < 0.05 for the strength null on chemical, per-bin edge
 * counts for the geometry null (bins recomputed here from the documented rule).
 * Reproducibility: same seed -> identical ensembles, different seed ->
 * different, 1 thread vs 2 identical, map vs generate identical.  Bad input:
 * n = 0, too few edges, complete graph, a star (no swap possible), missing
 * positions (and the drop policy), bad options, the store round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hdf5.h>
#include <omp.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datasets.h"
#include "error.h"
#include "graph.h"
#include "nulls.h"
#include "store.h"
#include "testutil.h"

static ctome_registry *REG;
static ctome_connectome *COOK;
static ctome_graph *CHEM, *ELEC;
static char *TMP;

static int setup(void **state)
{
    (void)state;
    ctome_init();
    REG = tu_registry();
    if (ctome_dataset_load("cook2019-herm", CTOME_TEST_DATA, REG, &COOK) ||
        ctome_graph_from_layer(COOK, "chemical", NULL, &CHEM) ||
        ctome_graph_from_layer(COOK, "electrical", NULL, &ELEC)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return -1;
    }
    return (TMP = tu_mkdtemp("test_nulls")) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ctome_graph_free(CHEM);
    ctome_graph_free(ELEC);
    ctome_connectome_free(COOK);
    ctome_registry_free(REG);
    return tu_rmtree(TMP);
}

/* ---- checks on one replicate ---- */

/* Degrees, self-loops, repeats, sortedness, out-strength (when keep_out),
 * and the fraction of original edges no longer present. */
static double check_replicate(const ctome_graph *g, const int32_t *s, const int32_t *d, const double *w,
                              size_t m, int keep_out_strength)
{
    size_t n = g->n, me = g->directed ? g->m : g->m_und;
    assert_int_equal(m, me);
    size_t *din = calloc(n, sizeof *din), *dout = calloc(n, sizeof *dout);
    double *sout = calloc(n, sizeof *sout);
    assert_non_null(din);
    assert_non_null(dout);
    assert_non_null(sout);
    size_t kept = 0;
    for (size_t e = 0; e < m; e++) {
        assert_true(s[e] >= 0 && (size_t)s[e] < n && d[e] >= 0 && (size_t)d[e] < n);
        assert_int_not_equal(s[e], d[e]);            /* no self-loop */
        if (!g->directed)
            assert_true(s[e] < d[e]);
        if (e > 0)                                    /* sorted, so a repeat would be adjacent */
            assert_true(s[e - 1] < s[e] || (s[e - 1] == s[e] && d[e - 1] < d[e]));
        dout[s[e]]++;
        din[d[e]]++;
        sout[s[e]] += w[e];
        kept += g->directed ? ctome_graph_has_arc(g, s[e], d[e], NULL) : ctome_graph_adjacent(g, s[e], d[e]);
    }
    for (size_t u = 0; u < n; u++) {
        if (g->directed) {
            assert_int_equal(dout[u], g->out_ptr[u + 1] - g->out_ptr[u]);
            assert_int_equal(din[u], g->in_ptr[u + 1] - g->in_ptr[u]);
        } else {
            assert_int_equal(dout[u] + din[u], g->und_ptr[u + 1] - g->und_ptr[u]);
        }
        if (keep_out_strength) {
            double s0 = 0;
            for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++)
                s0 += g->out_w[p];
            assert_true(fabs(s0 - sout[u]) < 1e-9);
        }
    }
    free(din);
    free(dout);
    free(sout);
    return 1.0 - (double)kept / (double)m;
}

static ctome_null_ensemble *ensemble(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed)
{
    ctome_null_ensemble *e = NULL;
    int rc = ctome_nulls_ensemble(g, o, n, seed, &e);
    if (rc)
        fail_msg("%s", ctome_error_message());
    return e;
}

static int same_ensemble(const ctome_null_ensemble *a, const ctome_null_ensemble *b)
{
    size_t k = a->n * a->m;
    return a->n == b->n && a->m == b->m && memcmp(a->src, b->src, k * sizeof *a->src) == 0 &&
           memcmp(a->dst, b->dst, k * sizeof *a->dst) == 0 && memcmp(a->w, b->w, k * sizeof *a->w) == 0 &&
           memcmp(a->info, b->info, a->n * sizeof *a->info) == 0;
}

/* ---- Maslov-Sneppen ---- */

static void test_ms_directed(void **state)
{
    (void)state;
    assert_int_equal(CHEM->n, 302);
    assert_int_equal(CHEM->m, 3671);
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    ctome_null_ensemble *e = ensemble(CHEM, &o, 8, 1);
    for (size_t r = 0; r < e->n; r++) {
        double changed = check_replicate(CHEM, e->src + r * e->m, e->dst + r * e->m, e->w + r * e->m, e->m, 1);
        assert_true(changed > 0.5);
        assert_int_equal(e->info[r].target, 36710);   /* 10 x 3671 */
        assert_int_equal(e->info[r].swaps, e->info[r].target);
        assert_true(e->info[r].attempts >= e->info[r].swaps);
    }
    /* The weight multiset is the original one (weights stay in their slots). */
    double tot = 0, tot0 = 0;
    for (size_t i = 0; i < e->m; i++)
        tot += e->w[i];
    for (size_t i = 0; i < CHEM->m; i++)
        tot0 += CHEM->out_w[i];
    assert_true(fabs(tot - tot0) < 1e-9);
    ctome_null_ensemble_free(e);
}

static void test_ms_undirected(void **state)
{
    (void)state;
    assert_int_equal(ELEC->n, 298);
    assert_int_equal(ELEC->m_und, 1091);
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    ctome_null_ensemble *e = ensemble(ELEC, &o, 8, 7);
    for (size_t r = 0; r < e->n; r++) {
        double changed = check_replicate(ELEC, e->src + r * e->m, e->dst + r * e->m, e->w + r * e->m, e->m, 0);
        assert_true(changed > 0.5);
        assert_int_equal(e->info[r].swaps, 10910);
    }
    ctome_null_ensemble_free(e);
}

/* A graph over more than 4096 vertices uses the hash set instead of the bit
 * matrix: the same invariants must hold.  Ring of 5000 plus chords. */
static void test_ms_hash_path(void **state)
{
    (void)state;
    size_t n = 5000, m = 0;
    int32_t *s = malloc(3 * n * sizeof *s), *d = malloc(3 * n * sizeof *d);
    assert_non_null(s);
    assert_non_null(d);
    for (size_t i = 0; i < n; i++) {
        s[m] = (int32_t)i, d[m++] = (int32_t)((i + 1) % n);
        s[m] = (int32_t)i, d[m++] = (int32_t)((i + 7) % n);
        s[m] = (int32_t)((i + 13) % n), d[m++] = (int32_t)i;
    }
    for (int directed = 0; directed < 2; directed++) {
        ctome_graph *g = NULL;
        assert_int_equal(ctome_graph_from_edges(n, s, d, NULL, m, directed, &g), 0);
        ctome_null_opts o;
        ctome_null_opts_default(&o);
        o.swaps_per_edge = 5;
        ctome_null_ensemble *e = ensemble(g, &o, 2, 3);
        for (size_t r = 0; r < e->n; r++)
            assert_true(check_replicate(g, e->src + r * e->m, e->dst + r * e->m, e->w + r * e->m, e->m, directed) >
                        0.5);
        ctome_null_ensemble_free(e);
        ctome_graph_free(g);
    }
    free(s);
    free(d);
}

/* The bit-matrix swap loops (graphs up to 4096 vertices; branch-free, for
 * dense layers) against the hash-set loop (larger graphs), which is written
 * separately (nulls_swap.c): the same graph with 4000 isolated vertices
 * added goes through the hash set, draws the same numbers (they depend on
 * the arcs only) and must give the same null bit for bit, the same attempt
 * and swap counts and the same generator position.  Dense (density ~0.7,
 * most attempts rejected; max_tries 3, so the attempt budget binds as on
 * the densest neuropeptide layer) and sparse, undirected, directed and
 * directed keeping mutual dyads. */
static void test_bits_equal_hash_path(void **state)
{
    (void)state;
    const size_t n = 120, pad = 4000;
    int32_t *s = malloc(n * n * sizeof *s), *d = malloc(n * n * sizeof *d);
    assert_non_null(s);
    assert_non_null(d);
    for (int dense = 0; dense < 2; dense++) {
        for (int kind = 0; kind < 3; kind++) {   /* undirected, directed, directed + keep_mutual */
            int directed = kind > 0;
            size_t m = 0;
            uint64_t x = 88172645463325252ULL;
            for (size_t u = 0; u < n; u++)
                for (size_t v = directed ? 0 : u + 1; v < n; v++) {
                    x ^= x << 13, x ^= x >> 7, x ^= x << 17;   /* xorshift64: a fixed graph */
                    if (u != v && (x % 100) < (dense ? 70u : 8u))
                        s[m] = (int32_t)u, d[m++] = (int32_t)v;
                }
            ctome_graph *gs = NULL, *gl = NULL;
            assert_int_equal(ctome_graph_from_edges(n, s, d, NULL, m, directed, &gs), 0);
            assert_int_equal(ctome_graph_from_edges(n + pad, s, d, NULL, m, directed, &gl), 0);
            ctome_null_opts o;
            ctome_null_opts_default(&o);
            o.swaps_per_edge = 2;
            o.max_tries = dense ? 3 : 100;
            o.keep_mutual = kind == 2;
            ctome_null_ws *ws = NULL, *wl = NULL;
            assert_int_equal(ctome_null_ws_new(gs, &o, &ws), 0);
            assert_int_equal(ctome_null_ws_new(gl, &o, &wl), 0);
            for (uint64_t rep = 0; rep < 2; rep++) {
                ctome_rng rs, rl;
                ctome_rng_seed(&rs, 5, rep);
                ctome_rng_seed(&rl, 5, rep);
                ctome_null_info is, il;
                const int32_t *ss, *ds, *sl, *dl;
                const double *w;
                size_t ms, ml;
                assert_int_equal(ctome_null_run(ws, &rs, &is, &ss, &ds, &w, &ms), 0);
                assert_int_equal(ctome_null_run(wl, &rl, &il, &sl, &dl, &w, &ml), 0);
                assert_int_equal(ms, ml);
                assert_int_equal(is.attempts, il.attempts);
                assert_int_equal(is.swaps, il.swaps);
                assert_true(is.swaps > 0);
                if (dense)   /* the budget binds: 3 attempts per targeted swap run out */
                    assert_true(is.swaps < is.target && is.attempts == 3 * is.target);
                else
                    assert_int_equal(is.swaps, is.target);
                assert_memory_equal(ss, sl, ms * sizeof *ss);
                assert_memory_equal(ds, dl, ms * sizeof *ds);
                assert_memory_equal(&rs, &rl, sizeof rs);
            }
            ctome_null_ws_free(ws);
            ctome_null_ws_free(wl);
            ctome_graph_free(gs);
            ctome_graph_free(gl);
        }
    }
    free(s);
    free(d);
}

/* ---- strength ---- */

static void test_strength(void **state)
{
    (void)state;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.model = CTOME_NULL_STRENGTH;
    ctome_null_ensemble *e = ensemble(CHEM, &o, 4, 11);
    size_t n = CHEM->n;
    double *so = calloc(n, sizeof *so), *si = calloc(n, sizeof *si);
    assert_non_null(so);
    assert_non_null(si);
    for (size_t r = 0; r < e->n; r++) {
        const int32_t *s = e->src + r * e->m, *d = e->dst + r * e->m;
        const double *w = e->w + r * e->m;
        assert_true(check_replicate(CHEM, s, d, w, e->m, 0) > 0.5);
        /* Recompute the stated error: sqrt(sum (s' - s)^2 / sum s^2), out and in. */
        memset(so, 0, n * sizeof *so);
        memset(si, 0, n * sizeof *si);
        for (size_t k = 0; k < e->m; k++) {
            so[s[k]] += w[k];
            si[d[k]] += w[k];
        }
        double num = 0, den = 0;
        for (size_t u = 0; u < n; u++) {
            double o0 = 0, i0 = 0;
            for (size_t p = CHEM->out_ptr[u]; p < CHEM->out_ptr[u + 1]; p++)
                o0 += CHEM->out_w[p];
            for (size_t p = CHEM->in_ptr[u]; p < CHEM->in_ptr[u + 1]; p++)
                i0 += CHEM->in_w[p];
            num += (so[u] - o0) * (so[u] - o0) + (si[u] - i0) * (si[u] - i0);
            den += o0 * o0 + i0 * i0;
        }
        double err = sqrt(num / den);
        assert_true(fabs(err - e->info[r].strength_error) < 1e-9);
        assert_true(err < 0.05);                               /* the stated tolerance */
        assert_true(e->info[r].strength_error0 > 5 * err);     /* annealing did the work */
    }
    free(so);
    free(si);
    ctome_null_ensemble_free(e);

    /* Electrical: degrees exact, error reduced by annealing (not within 0.05:
     * see nulls.h). */
    e = ensemble(ELEC, &o, 2, 11);
    for (size_t r = 0; r < e->n; r++) {
        check_replicate(ELEC, e->src + r * e->m, e->dst + r * e->m, e->w + r * e->m, e->m, 0);
        assert_true(e->info[r].strength_error < e->info[r].strength_error0);
    }
    ctome_null_ensemble_free(e);
}

/* ---- geometry ---- */

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Per-bin edge counts with the documented bins: quantile edges of the
 * original lengths, bin = number of inner edges <= length. */
static void bin_counts(const double *pos, const int32_t *s, const int32_t *d, size_t m, const double *edges, int k,
                       size_t *count)
{
    memset(count, 0, (size_t)k * sizeof *count);
    for (size_t e = 0; e < m; e++) {
        const double *p = pos + 3 * s[e], *q = pos + 3 * d[e];
        double l = sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
        int b = 0;
        while (b < k - 1 && edges[b] <= l)
            b++;
        count[b]++;
    }
}

static void geometry_case(const ctome_graph *g0)
{
    ctome_graph *sub = NULL;
    double *pos = NULL;
    size_t dropped = 0;
    /* Default policy: fail, naming the neurons without a soma position. */
    assert_int_equal(ctome_nulls_positions(g0, COOK, 0, &sub, &pos, &dropped), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "CANL"));
    assert_non_null(strstr(ctome_error_message(), "CANR"));
    assert_null(pos);
    /* Drop policy: the two CAN neurons go, with their edges. */
    assert_int_equal(ctome_nulls_positions(g0, COOK, 1, &sub, &pos, &dropped), 0);
    assert_int_equal(dropped, 2);
    assert_non_null(sub);
    assert_int_equal(sub->n, g0->n - 2);
    for (size_t i = 0; i < sub->n; i++)
        assert_string_not_equal(COOK->nodes[sub->node[i]].name, "CANL");
    const ctome_graph *g = sub;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.model = CTOME_NULL_GEOMETRY;
    /* Geometry without positions is a clear error. */
    ctome_null_ensemble *e = NULL;
    assert_int_equal(ctome_nulls_ensemble(g, &o, 2, 1, &e), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "positions"));
    o.pos = pos;
    e = ensemble(g, &o, 4, 5);
    /* Bins from the original lengths. */
    size_t m = e->m;
    int32_t *s0, *d0;
    double *w0;
    size_t m0;
    assert_int_equal(ctome_graph_edges(g, &s0, &d0, &w0, &m0), 0);
    assert_int_equal(m0, m);
    double *len = malloc(m * sizeof *len), edges[9];
    assert_non_null(len);
    for (size_t k = 0; k < m; k++) {
        const double *p = pos + 3 * s0[k], *q = pos + 3 * d0[k];
        len[k] = sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
    }
    qsort(len, m, sizeof *len, cmp_d);
    for (int j = 1; j < 10; j++)
        edges[j - 1] = len[(size_t)(j * m / 10)];
    size_t c0[10], c1[10];
    bin_counts(pos, s0, d0, m, edges, 10, c0);
    for (int b = 0; b < 10; b++)
        assert_true(c0[b] > m / 20);       /* quantile bins are populated */
    for (size_t r = 0; r < e->n; r++) {
        const int32_t *s = e->src + r * m, *d = e->dst + r * m;
        assert_true(check_replicate(g, s, d, e->w + r * m, m, g->directed) > 0.5);
        bin_counts(pos, s, d, m, edges, 10, c1);
        for (int b = 0; b < 10; b++)
            assert_int_equal(c0[b], c1[b]);
        assert_int_equal(e->info[r].swaps, e->info[r].target);
    }
    free(len);
    free(s0);
    free(d0);
    free(w0);
    free(pos);
    ctome_null_ensemble_free(e);
    ctome_graph_free(sub);
}

static void test_geometry(void **state)
{
    (void)state;
    geometry_case(CHEM);
    geometry_case(ELEC);
}

/* ---- reproducibility ---- */

static void test_reproducible(void **state)
{
    (void)state;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    for (int model = 0; model < 2; model++) {
        o.model = (ctome_null_model)model;
        o.sa_stages = 10;   /* shorter annealing: reproducibility, not quality */
        omp_set_num_threads(1);
        ctome_null_ensemble *a = ensemble(CHEM, &o, 6, 42);
        omp_set_num_threads(2);
        ctome_null_ensemble *b = ensemble(CHEM, &o, 6, 42);
        ctome_null_ensemble *c = ensemble(CHEM, &o, 6, 43);
        assert_true(same_ensemble(a, b));
        assert_false(same_ensemble(a, c));
        /* Replicates of one ensemble differ from each other. */
        assert_true(memcmp(a->dst, a->dst + a->m, a->m * sizeof *a->dst) != 0);
        /* A sub-ensemble is a prefix: replicate i depends on (seed, i) only. */
        ctome_null_ensemble *p = ensemble(CHEM, &o, 2, 42);
        assert_memory_equal(p->dst, a->dst, 2 * a->m * sizeof *a->dst);
        ctome_null_ensemble_free(a);
        ctome_null_ensemble_free(b);
        ctome_null_ensemble_free(c);
        ctome_null_ensemble_free(p);
    }
}

/* Statistic for map: number of reciprocated arcs and the sum over edges of
 * src * dst (a fingerprint of the edge list). */
static int recip_stat(const ctome_null_view *v, void *user, double *res)
{
    (void)user;
    ctome_graph *h = NULL;
    int rc = ctome_null_view_graph(v, &h);
    if (rc)
        return rc;
    size_t rec = 0;
    double fp = 0;
    for (size_t k = 0; k < v->m; k++) {
        rec += ctome_graph_has_arc(h, v->dst[k], v->src[k], NULL);
        fp += (double)v->src[k] * v->dst[k] * (double)(k + 1);
    }
    res[0] = (double)rec;
    res[1] = fp;
    ctome_graph_free(h);
    return 0;
}

static int failing_stat(const ctome_null_view *v, void *user, double *res)
{
    (void)user;
    res[0] = 0;
    if (v->rep == 3)
        return ctome_error(CTOME_EVALUE, NULL, 0, "statistic failed on purpose");
    return 0;
}

static void test_map(void **state)
{
    (void)state;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    size_t n = 12;
    double r1[24], r2[24];
    o.threads = 1;
    assert_int_equal(ctome_nulls_map(CHEM, &o, n, 9, recip_stat, NULL, 2, r1), 0);
    o.threads = 2;
    assert_int_equal(ctome_nulls_threads(&o), 2);
    assert_int_equal(ctome_nulls_map(CHEM, &o, n, 9, recip_stat, NULL, 2, r2), 0);
    assert_memory_equal(r1, r2, sizeof r1);
    /* Same nulls as generate. */
    ctome_graph *gs[12];
    ctome_null_info info[12];
    assert_int_equal(ctome_nulls_generate(CHEM, &o, n, 9, gs, info), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(gs[i]->m, CHEM->m);
        assert_memory_equal(gs[i]->node, CHEM->node, CHEM->n * sizeof *CHEM->node);
        size_t rec = 0;
        for (size_t u = 0; u < gs[i]->n; u++)
            for (size_t p = gs[i]->out_ptr[u]; p < gs[i]->out_ptr[u + 1]; p++)
                rec += ctome_graph_has_arc(gs[i], gs[i]->out_idx[p], (int32_t)u, NULL);
        assert_true(fabs(r1[2 * i] - (double)rec) < 0.5);
        ctome_graph_free(gs[i]);
    }
    /* Degree-preserving rewiring destroys most reciprocity: the original
     * chemical layer has 669 x 2 reciprocated arcs (m - m_und = 669). */
    assert_int_equal(CHEM->m - CHEM->m_und, 669);
    assert_true(r1[0] < 2 * 669);
    /* A failing statistic: the error names the replicate and keeps the message. */
    assert_int_equal(ctome_nulls_map(CHEM, &o, n, 9, failing_stat, NULL, 1, r2), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "null 4 of 12"));
    assert_non_null(strstr(ctome_error_message(), "on purpose"));
}

/* ---- mutual dyads (keep_mutual) ---- */

/* Issue 11 item 3: directed nulls for motifs keep every in/out degree AND
 * the number of mutual dyads (Milo et al. 2002; mfinder switches single and
 * mutual edges separately).  Cook chemical: 669 reciprocated pairs. */
static void test_keep_mutual(void **state)
{
    (void)state;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.keep_mutual = 1;
    size_t n = 6;
    double r1[12], r2[12];
    o.threads = 1;
    assert_int_equal(ctome_nulls_map(CHEM, &o, n, 5, recip_stat, NULL, 2, r1), 0);
    o.threads = 2;
    assert_int_equal(ctome_nulls_map(CHEM, &o, n, 5, recip_stat, NULL, 2, r2), 0);
    assert_memory_equal(r1, r2, sizeof r1);   /* thread-count independent */
    for (size_t i = 0; i < n; i++)
        assert_true(r1[2 * i] == 2.0 * 669);  /* null reciprocity = observed, exactly */
    /* degrees, simplicity, out-strengths and real rewiring of every arc kind */
    ctome_null_ensemble *e = ensemble(CHEM, &o, 4, 5);
    for (size_t r = 0; r < e->n; r++) {
        const int32_t *s = e->src + r * e->m, *d = e->dst + r * e->m;
        double changed = check_replicate(CHEM, s, d, e->w + r * e->m, e->m, 1);
        assert_true(changed > 0.5);
        assert_int_equal(e->info[r].swaps, e->info[r].target);
        /* the rewired mutual pairs are not the original ones */
        ctome_graph *h = NULL;
        assert_int_equal(ctome_graph_from_edges(CHEM->n, s, d, NULL, e->m, 1, &h), 0);
        size_t same_pairs = 0;
        for (size_t k = 0; k < e->m; k++)
            if (ctome_graph_has_arc(h, d[k], s[k], NULL) && ctome_graph_has_arc(CHEM, s[k], d[k], NULL) &&
                ctome_graph_has_arc(CHEM, d[k], s[k], NULL))
                same_pairs++;
        assert_true(same_pairs < 669);
        ctome_graph_free(h);
    }
    ctome_null_ensemble_free(e);
    /* stream0: replicate i of stream0 = s is replicate s + i of stream0 = 0 */
    double r3[4];
    o.stream0 = 4;
    assert_int_equal(ctome_nulls_map(CHEM, &o, 2, 5, recip_stat, NULL, 2, r3), 0);
    assert_memory_equal(r3, r1 + 8, sizeof r3);
    /* undirected graphs ignore the flag */
    o.stream0 = 0;
    ctome_null_ensemble *a = ensemble(ELEC, &o, 2, 3);
    o.keep_mutual = 0;
    ctome_null_ensemble *b = ensemble(ELEC, &o, 2, 3);
    assert_true(same_ensemble(a, b));
    ctome_null_ensemble_free(a);
    ctome_null_ensemble_free(b);
}

/* ---- bad input ---- */

static void test_bad_input(void **state)
{
    (void)state;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    ctome_null_ensemble *e = NULL;
    ctome_graph *gs[1];
    double res[1];
    /* n = 0 */
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 0, 1, &e), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "at least 1 (got 0)"));
    assert_null(e);
    assert_int_equal(ctome_nulls_generate(CHEM, &o, 0, 1, gs, NULL), CTOME_EINVAL);
    assert_int_equal(ctome_nulls_map(CHEM, &o, 0, 1, recip_stat, NULL, 1, res), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "got 0"));
    /* Bad options */
    o.swaps_per_edge = 0;
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 1, 1, &e), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "swaps per edge"));
    o.swaps_per_edge = NAN;
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 1, 1, &e), CTOME_EINVAL);
    ctome_null_opts_default(&o);
    o.model = CTOME_NULL_STRENGTH;
    o.sa_cool = 0;
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 1, 1, &e), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "cooling"));
    ctome_null_opts_default(&o);
    o.max_tries = 0.5;
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 1, 1, &e), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "max tries"));
    ctome_null_opts_default(&o);
    o.model = CTOME_NULL_GEOMETRY;
    o.n_bins = 0;
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 1, 1, &e), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "bins"));
    /* A non-finite position */
    double *badpos = calloc(3 * CHEM->n, sizeof *badpos);
    assert_non_null(badpos);
    badpos[3 * 17 + 1] = NAN;
    o.n_bins = 10;
    o.pos = badpos;
    assert_int_equal(ctome_nulls_ensemble(CHEM, &o, 1, 1, &e), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "vertex 17 has a non-finite position"));
    free(badpos);
    ctome_null_opts_default(&o);
    assert_int_equal(ctome_nulls_map(CHEM, &o, 2, 1, NULL, NULL, 1, res), CTOME_EINVAL);
    ctome_null_model mdl;
    assert_int_equal(ctome_null_model_parse("geometry", &mdl), 0);
    assert_int_equal(mdl, CTOME_NULL_GEOMETRY);
    assert_int_equal(ctome_null_model_parse("ms", &mdl), 0);
    assert_int_equal(mdl, CTOME_NULL_MASLOV_SNEPPEN);
    assert_int_equal(ctome_null_model_parse("erdos", &mdl), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "maslov-sneppen, strength, geometry"));
    assert_string_equal(ctome_null_model_name(CTOME_NULL_STRENGTH), "strength");

    ctome_graph *g = NULL;
    /* One edge */
    int32_t s1[] = {0}, d1[] = {1};
    assert_int_equal(ctome_graph_from_edges(2, s1, d1, NULL, 1, 1, &g), 0);
    assert_int_equal(ctome_nulls_ensemble(g, &o, 1, 1, &e), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "1 edge"));
    ctome_graph_free(g);
    /* Complete directed graph on 4 vertices */
    int32_t s2[12], d2[12];
    size_t k = 0;
    for (int u = 0; u < 4; u++)
        for (int v = 0; v < 4; v++)
            if (u != v)
                s2[k] = u, d2[k++] = v;
    assert_int_equal(ctome_graph_from_edges(4, s2, d2, NULL, k, 1, &g), 0);
    assert_int_equal(ctome_nulls_ensemble(g, &o, 3, 1, &e), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "complete"));
    ctome_graph_free(g);
    /* Undirected star: every pair of edges shares the centre, no swap exists. */
    int32_t s3[] = {0, 0, 0, 0}, d3[] = {1, 2, 3, 4};
    assert_int_equal(ctome_graph_from_edges(5, s3, d3, NULL, 4, 0, &g), 0);
    assert_int_equal(ctome_nulls_ensemble(g, &o, 2, 1, &e), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no swap possible"));
    assert_null(e);
    ctome_graph_free(g);
    /* Positions for a graph without a node table */
    int32_t s4[] = {0, 2}, d4[] = {1, 3};
    assert_int_equal(ctome_graph_from_edges(4, s4, d4, NULL, 2, 1, &g), 0);
    ctome_graph *sub;
    double *pos;
    size_t dropped;
    assert_int_equal(ctome_nulls_positions(g, COOK, 0, &sub, &pos, &dropped), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "node table"));
    /* Two disjoint arcs swap: 0->3, 2->1 is the only null. */
    assert_int_equal(ctome_nulls_ensemble(g, &o, 1, 1, &e), 0);
    assert_int_equal(e->src[0], 0);
    assert_int_equal(e->dst[0], 1 + 2 * (int)(e->info[0].swaps % 2));
    ctome_null_ensemble_free(e);
    ctome_graph_free(g);

    /* Only unplaced neurons: dropping them leaves no edge. */
    ctome_connectome *c = NULL;
    assert_int_equal(ctome_connectome_new("can-only", REG, &c), 0);
    tu_add(c, "chemical", "CANL", "CANR", 1);
    tu_add(c, "chemical", "CANR", "CANL", 2);
    assert_int_equal(ctome_connectome_finalise(c), 0);
    assert_int_equal(ctome_graph_from_layer(c, "chemical", NULL, &g), 0);
    assert_int_equal(ctome_nulls_positions(g, c, 1, &sub, &pos, &dropped), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no edge left"));
    assert_null(sub);
    assert_null(pos);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

/* ---- store ---- */

static long long read_attr_i64(hid_t loc, const char *name)
{
    long long v = -1;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Aread(a, H5T_NATIVE_LLONG, &v) >= 0);
    H5Aclose(a);
    return v;
}

static void read_attr_str(hid_t loc, const char *name, char *buf, size_t sz)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);
    char *v = NULL;
    assert_true(H5Aread(a, t, &v) >= 0);
    snprintf(buf, sz, "%s", v);
    H5free_memory(v);
    H5Tclose(t);
    H5Aclose(a);
}

static void test_store(void **state)
{
    (void)state;
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    ctome_null_ensemble *e = ensemble(CHEM, &o, 3, 17);
    char path[1024];
    tu_path(path, sizeof path, TMP, "nulls.h5");
    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(path, &s), 0);
    assert_int_equal(ctome_nulls_put(s, "cook-chem-ms", e, CHEM, COOK, "chemical", &o), 0);
    /* The same id twice, a bad id */
    assert_int_equal(ctome_nulls_put(s, "cook-chem-ms", e, CHEM, COOK, "chemical", &o), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "already stored"));
    assert_int_equal(ctome_nulls_put(s, "a/b", e, CHEM, COOK, "chemical", &o), CTOME_EINVAL);
    assert_int_equal(ctome_nulls_put(s, "wrong-graph", e, ELEC, COOK, "electrical", &o), CTOME_EINVAL);
    /* Bad vertex index through the plain interface */
    int32_t bs[] = {0, 5000}, bd[] = {1, 2};
    double bw[] = {1, 1};
    ctome_store_nulls bad = {.model = "maslov-sneppen", .n = 1, .m = 2, .n_vertices = 302,
                             .src = bs, .dst = bd, .weight = bw};
    assert_int_equal(ctome_store_put_nulls(s, "bad", &bad), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "out of range"));
    bad.n = 0;
    assert_int_equal(ctome_store_put_nulls(s, "bad", &bad), CTOME_EINVAL);
    assert_int_equal(ctome_store_commit(s), 0);
    /* A store opened for reading takes no ensemble. */
    assert_int_equal(ctome_store_open(path, &s), 0);
    assert_int_equal(ctome_nulls_put(s, "more", e, CHEM, COOK, "chemical", &o), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "not open for writing"));
    ctome_store_close(s);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    hid_t g = H5Gopen2(f, "/runs/nulls/cook-chem-ms", H5P_DEFAULT);
    assert_true(g >= 0);
    assert_int_equal(H5Lexists(f, "/runs/nulls/bad", H5P_DEFAULT), 0);
    char buf[128];
    read_attr_str(g, "model", buf, sizeof buf);
    assert_string_equal(buf, "maslov-sneppen");
    read_attr_str(g, "dataset", buf, sizeof buf);
    assert_string_equal(buf, "cook2019-herm");
    read_attr_str(g, "layer", buf, sizeof buf);
    assert_string_equal(buf, "chemical");
    assert_int_equal(read_attr_i64(g, "seed"), 17);
    assert_int_equal(read_attr_i64(g, "n"), 3);
    assert_int_equal(read_attr_i64(g, "m"), 3671);
    assert_int_equal(read_attr_i64(g, "directed"), 1);
    hid_t d = H5Dopen2(g, "dst", H5P_DEFAULT);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2];
    assert_int_equal(H5Sget_simple_extent_ndims(sp), 2);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    assert_int_equal(dims[0], 3);
    assert_int_equal(dims[1], 3671);
    int32_t *back = malloc(3 * 3671 * sizeof *back);
    assert_non_null(back);
    assert_true(H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0);
    assert_memory_equal(back, e->dst, 3 * 3671 * sizeof *back);
    free(back);
    H5Sclose(sp);
    H5Dclose(d);
    uint64_t swaps[3];
    d = H5Dopen2(g, "swaps", H5P_DEFAULT);
    assert_true(H5Dread(d, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, swaps) >= 0);
    assert_int_equal(swaps[2], e->info[2].swaps);
    H5Dclose(d);
    H5Gclose(g);
    H5Fclose(f);
    ctome_null_ensemble_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ms_directed),
        cmocka_unit_test(test_ms_undirected),
        cmocka_unit_test(test_ms_hash_path),
        cmocka_unit_test(test_bits_equal_hash_path),
        cmocka_unit_test(test_strength),
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_keep_mutual),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
