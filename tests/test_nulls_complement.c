/* test_nulls_complement.c — the complement chain of dense binary nulls
 * (nulls.h, opts.complement; docs/methods.md §5 "Dense views").
 *
 * Checked:
 *   - when it applies: maslov-sneppen on a graph denser than 1/2, not with
 *     keep_mutual (directed), not for the strength or geometry models, not
 *     on sparse graphs (where the option changes no byte);
 *   - invariants on dense random graphs (undirected 60 vertices at density
 *     0.8, directed 40 at 0.75): every degree (in and out) kept, no
 *     self-loop, no repeated edge, the target of 10 swaps per edge reached,
 *     most of the complement moved, far fewer attempts than the plain chain;
 *   - same bytes for 1 and 2 threads (ensemble);
 *   - the law: on a 6-vertex undirected graph (10 of 15 edges) and a
 *     5-vertex directed one (12 of 20 arcs), the distribution of the graph
 *     after K = 3 successful swaps, computed here EXACTLY by enumerating the
 *     valid Maslov-Sneppen swaps of G (the definition: a swap is chosen
 *     uniformly among the valid ones, the jump chain of both samplers), is
 *     matched by 20 000 nulls of the complement chain and 20 000 of the
 *     plain chain (chi-square over cells of expected count >= 5 below
 *     df + 6 sqrt(2 df), i.e. p < ~1e-6 for a wrong law; no sample in a
 *     cell of probability 0).  Power: the same complement samples are
 *     rejected against the K = 2 law.
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

#include "error.h"
#include "graph.h"
#include "nulls.h"
#include "testutil.h"

/* ---- small helpers ---- */

/* G(n, p) from a fixed generator stream (undirected: u < v). */
static ctome_graph *random_graph(size_t n, double p, int directed, uint64_t seed)
{
    size_t cap = n * n, m = 0;
    int32_t *s = malloc(cap * sizeof *s), *d = malloc(cap * sizeof *d);
    assert_non_null(s);
    assert_non_null(d);
    ctome_rng r;
    ctome_rng_seed(&r, seed, 0);
    for (size_t u = 0; u < n; u++)
        for (size_t v = directed ? 0 : u + 1; v < n; v++)
            if (u != v && ctome_rng_uniform(&r) < p) {
                s[m] = (int32_t)u;
                d[m++] = (int32_t)v;
            }
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(n, s, d, NULL, m, directed, &g), CTOME_OK);
    free(s);
    free(d);
    return g;
}

static size_t edges_of(const ctome_graph *g) { return g->directed ? g->m : g->m_und; }

/* out- and in-degree of an edge list (undirected: both ends in deg_out) */
static void degrees(size_t n, const int32_t *s, const int32_t *d, size_t m, int directed, size_t *dout,
                    size_t *din)
{
    memset(dout, 0, n * sizeof *dout);
    memset(din, 0, n * sizeof *din);
    for (size_t e = 0; e < m; e++) {
        dout[s[e]]++;
        if (directed)
            din[d[e]]++;
        else
            dout[d[e]]++;
    }
}

/* ---- when the chain applies ---- */

static void applies(void **state)
{
    (void)state;
    ctome_graph *dense = random_graph(40, 0.8, 0, 11), *sparse = random_graph(40, 0.3, 0, 12);
    ctome_graph *ddense = random_graph(30, 0.75, 1, 13);
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    assert_int_equal(ctome_null_uses_complement(dense, &o), 0);   /* off by default */
    assert_string_equal(ctome_null_chain_name(dense, &o), "plain");
    o.complement = 1;
    assert_int_equal(ctome_null_uses_complement(dense, &o), 1);
    assert_string_equal(ctome_null_chain_name(dense, &o), "complement");
    assert_int_equal(ctome_null_uses_complement(sparse, &o), 0);
    assert_int_equal(ctome_null_uses_complement(ddense, &o), 1);
    o.keep_mutual = 1;   /* the mutual-dyad moves do not map onto themselves */
    assert_int_equal(ctome_null_uses_complement(ddense, &o), 0);
    assert_int_equal(ctome_null_uses_complement(dense, &o), 1);   /* ignored undirected */
    o.keep_mutual = 0;
    o.model = CTOME_NULL_STRENGTH;
    assert_int_equal(ctome_null_uses_complement(dense, &o), 0);
    o.model = CTOME_NULL_GEOMETRY;
    assert_int_equal(ctome_null_uses_complement(dense, &o), 0);

    /* sparse: the option changes no byte */
    ctome_null_opts a, b;
    ctome_null_opts_default(&a);
    b = a;
    b.complement = 1;
    ctome_null_ensemble *ea = NULL, *eb = NULL;
    assert_int_equal(ctome_nulls_ensemble(sparse, &a, 3, 5, &ea), CTOME_OK);
    assert_int_equal(ctome_nulls_ensemble(sparse, &b, 3, 5, &eb), CTOME_OK);
    assert_memory_equal(ea->src, eb->src, 3 * ea->m * sizeof *ea->src);
    assert_memory_equal(ea->dst, eb->dst, 3 * ea->m * sizeof *ea->dst);
    ctome_null_ensemble_free(ea);
    ctome_null_ensemble_free(eb);
    ctome_graph_free(dense);
    ctome_graph_free(sparse);
    ctome_graph_free(ddense);
}

/* ---- invariants on dense random graphs ---- */

static void check_invariants(const ctome_graph *g)
{
    size_t n = g->n, m0 = edges_of(g);
    int dir = g->directed;
    size_t pairs = n * (n - 1) / (dir ? 1 : 2), mc = pairs - m0;
    int32_t *s0 = NULL, *d0 = NULL;
    double *w0 = NULL;
    size_t me = 0;
    assert_int_equal(ctome_graph_edges(g, &s0, &d0, &w0, &me), CTOME_OK);
    assert_int_equal(me, m0);
    size_t *o0 = calloc(n, sizeof *o0), *i0 = calloc(n, sizeof *i0);
    size_t *o1 = calloc(n, sizeof *o1), *i1 = calloc(n, sizeof *i1);
    unsigned char *orig = calloc(n * n, 1);
    assert_true(o0 && i0 && o1 && i1 && orig);
    degrees(n, s0, d0, m0, dir, o0, i0);
    for (size_t e = 0; e < m0; e++)
        orig[(size_t)s0[e] * n + (size_t)d0[e]] = 1;

    ctome_null_opts o;
    ctome_null_opts_default(&o);
    ctome_null_ws *plain = NULL, *comp = NULL;
    assert_int_equal(ctome_null_ws_new(g, &o, &plain), CTOME_OK);
    o.complement = 1;
    assert_int_equal(ctome_null_ws_new(g, &o, &comp), CTOME_OK);
    uint64_t att_plain = 0, att_comp = 0;
    for (uint64_t rep = 0; rep < 8; rep++) {
        ctome_rng r;
        ctome_null_info info;
        const int32_t *s, *d;
        const double *w;
        size_t m;
        ctome_rng_seed(&r, 3, rep);
        assert_int_equal(ctome_null_run(plain, &r, &info, &s, &d, &w, &m), CTOME_OK);
        att_plain += info.attempts;
        ctome_rng_seed(&r, 3, rep);
        assert_int_equal(ctome_null_run(comp, &r, &info, &s, &d, &w, &m), CTOME_OK);
        att_comp += info.attempts;
        assert_int_equal(m, m0);
        assert_int_equal(info.target, (uint64_t)llround(10.0 * (double)m0));
        assert_int_equal(info.swaps, info.target);   /* the target is reached */
        size_t moved = 0;   /* complement pairs that became edges */
        for (size_t e = 0; e < m; e++) {
            assert_int_not_equal(s[e], d[e]);   /* no self-loop */
            if (!dir)
                assert_true(s[e] < d[e]);
            if (e)   /* sorted and strictly increasing: no repeated edge */
                assert_true(s[e - 1] < s[e] || (s[e - 1] == s[e] && d[e - 1] < d[e]));
            moved += !orig[(size_t)s[e] * n + (size_t)d[e]];
        }
        degrees(n, s, d, m, dir, o1, i1);
        assert_memory_equal(o0, o1, n * sizeof *o0);
        assert_memory_equal(i0, i1, n * sizeof *i0);
        /* a random graph with these degrees keeps about mc^2/pairs of the
         * complement in place: well over half of it moves */
        assert_true((double)moved > 0.5 * (double)mc);
    }
    /* acceptance (m/mc)^2 higher: at least 4x fewer attempts here */
    assert_true(4 * att_comp < att_plain);
    ctome_null_ws_free(plain);
    ctome_null_ws_free(comp);
    free(s0);
    free(d0);
    free(w0);
    free(o0);
    free(i0);
    free(o1);
    free(i1);
    free(orig);
}

static void invariants_undirected(void **state)
{
    (void)state;
    ctome_graph *g = random_graph(60, 0.8, 0, 21);
    check_invariants(g);
    ctome_graph_free(g);
}

static void invariants_directed(void **state)
{
    (void)state;
    ctome_graph *g = random_graph(40, 0.75, 1, 22);
    check_invariants(g);
    ctome_graph_free(g);
}

static void threads_identical(void **state)
{
    (void)state;
    ctome_graph *g = random_graph(50, 0.85, 0, 31);
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.complement = 1;
    ctome_null_ensemble *e1 = NULL, *e2 = NULL;
    o.threads = 1;
    assert_int_equal(ctome_nulls_ensemble(g, &o, 6, 9, &e1), CTOME_OK);
    o.threads = 2;
    assert_int_equal(ctome_nulls_ensemble(g, &o, 6, 9, &e2), CTOME_OK);
    assert_memory_equal(e1->src, e2->src, 6 * e1->m * sizeof *e1->src);
    assert_memory_equal(e1->dst, e2->dst, 6 * e1->m * sizeof *e1->dst);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(e1->info[i].attempts, e2->info[i].attempts);
        assert_int_equal(e1->info[i].swaps, e1->info[i].target);
    }
    ctome_null_ensemble_free(e1);
    ctome_null_ensemble_free(e2);
    ctome_graph_free(g);
}

/* ---- the law, by exact enumeration ----
 * A graph on n <= 8 vertices is a 64-bit mask, bit u * n + v for an edge
 * u -> v (undirected: u < v only). */

#define HCAP (1u << 16)

typedef struct {
    uint64_t key[HCAP];
    int used[HCAP];
    size_t idx[HCAP];   /* the state's index */
    size_t n_states;
    uint64_t state[HCAP];
    double *p;   /* a distribution over the states */
} states;

static size_t state_index(states *S, uint64_t x, int add)
{
    size_t h = (size_t)((x * 0x9E3779B97F4A7C15ULL) >> 48) & (HCAP - 1);
    while (S->used[h] && S->key[h] != x)
        h = (h + 1) & (HCAP - 1);
    if (!S->used[h]) {
        if (!add)
            return SIZE_MAX;
        assert_true(S->n_states < HCAP / 2);
        S->used[h] = 1;
        S->key[h] = x;
        S->idx[h] = S->n_states;
        S->state[S->n_states++] = x;
    }
    return S->idx[h];
}

#define BIT(n, u, v) ((uint64_t)1 << ((u) * (n) + (v)))

/* The valid swaps of G (mask x): every ordered pair of distinct edges and,
 * undirected, both orientations of the second, a->b, c->d => a->d, c->b,
 * valid when no self-loop (a != d, c != b), not the same edges back (a !=
 * c, b != d) and the new edges absent.  Each valid swap arises from the
 * same number of these tuples, so the jump chain picks a tuple uniformly.
 * Writes the successors (with repeats) to out, returns their count. */
static size_t successors(int n, int directed, uint64_t x, uint64_t *out)
{
    int eu[64], ev[64], m = 0;
    for (int u = 0; u < n; u++)
        for (int v = 0; v < n; v++)
            if (x & BIT(n, u, v)) {
                eu[m] = u;
                ev[m++] = v;
            }
    size_t k = 0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++) {
            if (i == j)
                continue;
            for (int flip = 0; flip <= !directed; flip++) {
                int a = eu[i], b = ev[i], c = flip ? ev[j] : eu[j], d = flip ? eu[j] : ev[j];
                if (a == d || c == b || a == c || b == d)
                    continue;
                /* canonical masks of the four edges */
                uint64_t ab = directed ? BIT(n, a, b) : BIT(n, a < b ? a : b, a < b ? b : a);
                uint64_t cd = directed ? BIT(n, c, d) : BIT(n, c < d ? c : d, c < d ? d : c);
                uint64_t ad = directed ? BIT(n, a, d) : BIT(n, a < d ? a : d, a < d ? d : a);
                uint64_t cb = directed ? BIT(n, c, b) : BIT(n, c < b ? c : b, c < b ? b : c);
                if ((x & ad) || (x & cb))
                    continue;
                out[k++] = (x & ~ab & ~cd) | ad | cb;
            }
        }
    return k;
}

/* The exact law after K jumps from x0, over every state reachable in <= K. */
static void exact_law(states *S, int n, int directed, uint64_t x0, int K)
{
    uint64_t *succ = malloc(64 * 64 * 2 * sizeof *succ);
    assert_non_null(succ);
    S->n_states = 0;
    memset(S->used, 0, sizeof S->used);
    state_index(S, x0, 1);
    /* discover: K rounds of successors of everything known */
    size_t known = 0;
    for (int k = 0; k < K; k++) {
        size_t upto = S->n_states;
        for (size_t i = known; i < upto; i++) {
            size_t c = successors(n, directed, S->state[i], succ);
            for (size_t t = 0; t < c; t++)
                state_index(S, succ[t], 1);
        }
        known = upto;
    }
    size_t ns = S->n_states;
    double *p = calloc(ns, sizeof *p), *q = calloc(ns, sizeof *q);
    assert_true(p && q);
    p[0] = 1;
    for (int k = 0; k < K; k++) {
        memset(q, 0, ns * sizeof *q);
        for (size_t i = 0; i < ns; i++) {
            if (p[i] == 0)
                continue;
            size_t c = successors(n, directed, S->state[i], succ);
            assert_true(c > 0);
            for (size_t t = 0; t < c; t++) {
                size_t j = state_index(S, succ[t], 0);
                assert_true(j != SIZE_MAX);
                q[j] += p[i] / (double)c;
            }
        }
        memcpy(p, q, ns * sizeof *p);
    }
    free(q);
    free(succ);
    S->p = p;
}

/* Chi-square of counts against S->p over cells pooled to expected >= 5;
 * *zero_hits: samples in cells of probability 0 (or unknown states). */
static double chi_square(const states *S, const size_t *count, size_t unknown, size_t N, double *df,
                         size_t *zero_hits)
{
    double chi = 0, pool_e = 0, pool_o = 0;
    size_t cells = 0;
    *zero_hits = unknown;
    for (size_t i = 0; i < S->n_states; i++) {
        double e = S->p[i] * (double)N;
        if (S->p[i] == 0) {
            *zero_hits += count[i];
            continue;
        }
        if (e < 5) {
            pool_e += e;
            pool_o += (double)count[i];
            continue;
        }
        chi += ((double)count[i] - e) * ((double)count[i] - e) / e;
        cells++;
    }
    if (pool_e > 0) {
        chi += (pool_o - pool_e) * (pool_o - pool_e) / pool_e;
        cells++;
    }
    *df = (double)cells - 1;
    return chi;
}

/* N nulls of g with K = 3 target swaps by the given chain; counts per state. */
static void sample(const ctome_graph *g, int complement, size_t N, const states *S, size_t *count,
                   size_t *unknown)
{
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.complement = complement;
    o.swaps_per_edge = 3.0 / (double)edges_of(g);   /* round(spe x m) = 3 */
    o.max_tries = 10000;                              /* never the budget */
    ctome_null_ws *ws = NULL;
    assert_int_equal(ctome_null_ws_new(g, &o, &ws), CTOME_OK);
    memset(count, 0, S->n_states * sizeof *count);
    *unknown = 0;
    int n = (int)g->n;
    for (size_t rep = 0; rep < N; rep++) {
        ctome_rng r;
        ctome_rng_seed(&r, 77, rep);
        ctome_null_info info;
        const int32_t *s, *d;
        const double *w;
        size_t m;
        assert_int_equal(ctome_null_run(ws, &r, &info, &s, &d, &w, &m), CTOME_OK);
        assert_int_equal(info.target, 3);
        assert_int_equal(info.swaps, 3);
        uint64_t x = 0;
        for (size_t e = 0; e < m; e++)
            x |= BIT(n, s[e], d[e]);
        size_t i = state_index((states *)S, x, 0);
        if (i == SIZE_MAX)
            (*unknown)++;
        else
            count[i]++;
    }
    ctome_null_ws_free(ws);
}

static void law_matches(int n, int directed, const int32_t *cs, const int32_t *cd, size_t mcomp)
{
    /* G = the complement of the given edges */
    int32_t s[64], d[64];
    size_t m = 0;
    uint64_t x0 = 0;
    for (int u = 0; u < n; u++)
        for (int v = directed ? 0 : u + 1; v < n; v++) {
            if (u == v)
                continue;
            int in_c = 0;
            for (size_t e = 0; e < mcomp; e++)
                in_c |= cs[e] == u && cd[e] == v;
            if (!in_c) {
                s[m] = u;
                d[m++] = v;
                x0 |= BIT(n, u, v);
            }
        }
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges((size_t)n, s, d, NULL, m, directed, &g), CTOME_OK);
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.complement = 1;
    assert_int_equal(ctome_null_uses_complement(g, &o), 1);

    const size_t N = 20000;
    states *S3 = calloc(1, sizeof *S3), *S2 = calloc(1, sizeof *S2);
    assert_true(S3 && S2);
    exact_law(S3, n, directed, x0, 3);
    size_t *count = calloc(S3->n_states, sizeof *count);
    assert_non_null(count);
    for (int comp = 0; comp <= 1; comp++) {
        size_t unknown, zero;
        double df;
        sample(g, comp, N, S3, count, &unknown);
        double chi = chi_square(S3, count, unknown, N, &df, &zero);
        printf("# %s n=%d m=%zu chain=%s: %zu states, chi2 %.1f on %.0f df\n", directed ? "directed" : "undirected",
               n, m, comp ? "complement" : "plain", S3->n_states, chi, df);
        assert_true(df >= 5);
        assert_int_equal(zero, 0);
        assert_true(chi < df + 6 * sqrt(2 * df));
        if (comp) {
            /* power: the same samples against the law after 2 swaps */
            exact_law(S2, n, directed, x0, 2);
            size_t *c2 = calloc(S2->n_states, sizeof *c2);
            size_t unk2 = 0;
            assert_non_null(c2);
            for (size_t i = 0; i < S3->n_states; i++) {
                size_t j = state_index(S2, S3->state[i], 0);
                if (j == SIZE_MAX)
                    unk2 += count[i];
                else
                    c2[j] += count[i];
            }
            unk2 += unknown;
            double df2;
            size_t zero2;
            double chi2 = chi_square(S2, c2, unk2, N, &df2, &zero2);
            printf("# ... the same samples against the 2-swap law: chi2 %.1f on %.0f df, %zu in cells of p 0\n",
                   chi2, df2, zero2);
            assert_true(zero2 > 0 || chi2 > df2 + 6 * sqrt(2 * df2));
            free(c2);
            free(S2->p);
        }
    }
    free(count);
    free(S3->p);
    free(S3);
    free(S2);
    ctome_graph_free(g);
}

static void law_undirected(void **state)
{
    (void)state;
    /* complement: the path 0-1-2-3-4-5; G: 10 of 15 edges, degrees 4,3,3,3,3,4 */
    const int32_t cs[] = {0, 1, 2, 3, 4}, cd[] = {1, 2, 3, 4, 5};
    law_matches(6, 0, cs, cd, 5);
}

static void law_directed(void **state)
{
    (void)state;
    /* complement: 8 arcs on 5 vertices (a 5-cycle and three chords); G: 12 of 20 arcs */
    const int32_t cs[] = {0, 1, 2, 3, 4, 0, 1, 2}, cd[] = {1, 2, 3, 4, 0, 2, 3, 4};
    law_matches(5, 1, cs, cd, 8);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(applies),
        cmocka_unit_test(invariants_undirected),
        cmocka_unit_test(invariants_directed),
        cmocka_unit_test(threads_identical),
        cmocka_unit_test(law_undirected),
        cmocka_unit_test(law_directed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
