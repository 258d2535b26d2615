/* test_motifs.c — triad census and motif z-scores.
 *
 * References: networkx.triadic_census on a hand-built digraph and on the
 * Varshney 2011 chemical layer (tests/ref/motifs_ref.py, output
 * tests/ref/motifs_ref.txt), small hand-counted graphs, and z-scores worked
 * by hand. */
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
#include "motifs.h"
#include "nulls.h"
#include "testutil.h"

/* the HAND digraph of tests/ref/motifs_ref.py (18 vertices) */
static const int32_t HAND[30][2] = {
    {0, 1},   {1, 0},   {1, 2},   {2, 3},   {3, 1},   {0, 4},   {4, 5},   {5, 4},
    {5, 0},   {0, 5},   {6, 0},   {6, 1},   {2, 6},   {6, 2},   {7, 3},   {8, 9},
    {8, 7},   {9, 10},  {10, 11}, {9, 11},  {12, 13}, {13, 12}, {13, 14}, {14, 13},
    {12, 14}, {14, 12}, {15, 16}, {16, 15}, {15, 17}, {16, 17}};

/* Count of `graph class` in tests/ref/motifs_ref.txt. */
static uint64_t ref(const char *graph, const char *cls)
{
    char line[256];
    return strtoull(tu_ref(line, sizeof line, "motifs_ref.txt", "%s %s", graph, cls), NULL, 10);
}

static ctome_registry *REG;

static void test_names(void **state)
{
    (void)state;
    static const char *const want[13] = {"021D", "021U", "021C", "111D", "111U", "030T", "030C",
                                         "201",  "120D", "120U", "120C", "210",  "300"};
    for (int k = 0; k < 13; k++)
        assert_string_equal(ctome_motif_name(k), want[k]);
    assert_null(ctome_motif_name(13));
    assert_null(ctome_motif_name(-1));
    assert_string_equal(ctome_triad_name(0), "003");
    assert_string_equal(ctome_triad_name(2), "102");
    assert_null(ctome_triad_name(16));
}

static void test_hand(void **state)
{
    (void)state;
    int32_t s[30], d[30];
    for (int i = 0; i < 30; i++) {
        s[i] = HAND[i][0];
        d[i] = HAND[i][1];
    }
    ctome_motif_ws *ws = NULL;
    assert_int_equal(ctome_motif_ws_new(18, 30, &ws), CTOME_OK);
    uint64_t c[16];
    assert_int_equal(ctome_triad_census_arcs(18, s, d, 30, 1, ws, c), CTOME_OK);
    uint64_t total = 0;
    for (int t = 0; t < 16; t++) {
        assert_int_equal(c[t], ref("hand", ctome_triad_name(t)));
        total += c[t];
    }
    assert_int_equal(total, 18 * 17 * 16 / 6);
    /* every connected class occurs once or more in HAND */
    for (int t = 3; t < 16; t++)
        assert_true(c[t] >= 1);
    /* arc order, repeated arcs and self-loops do not matter */
    int32_t s2[33], d2[33];
    for (int i = 0; i < 30; i++) {
        s2[i] = s[29 - i];
        d2[i] = d[29 - i];
    }
    s2[30] = 3, d2[30] = 3;
    s2[31] = 0, d2[31] = 1;
    s2[32] = 17, d2[32] = 17;
    ctome_motif_ws *ws2 = NULL;
    assert_int_equal(ctome_motif_ws_new(18, 33, &ws2), CTOME_OK);
    uint64_t c2[16];
    assert_int_equal(ctome_triad_census_arcs(18, s2, d2, 33, 1, ws2, c2), CTOME_OK);
    assert_memory_equal(c, c2, sizeof c);
    /* the workspace is reusable: same answer twice */
    assert_int_equal(ctome_triad_census_arcs(18, s, d, 30, 1, ws, c2), CTOME_OK);
    assert_memory_equal(c, c2, sizeof c);
    /* through a ctome_graph */
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(18, s, d, NULL, 30, 1, &g), CTOME_OK);
    assert_int_equal(ctome_triad_census(g, NULL, c2), CTOME_OK);
    assert_memory_equal(c, c2, sizeof c);
    double counts[13];
    assert_int_equal(ctome_motif_counts(g, ws, counts), CTOME_OK);
    for (int k = 0; k < 13; k++)
        assert_true(counts[k] == (double)c[k + 3]);
    ctome_graph_free(g);
    ctome_motif_ws_free(ws);
    ctome_motif_ws_free(ws2);
}

/* Small graphs counted by hand. */
static void test_small(void **state)
{
    (void)state;
    ctome_motif_ws *ws = NULL;
    assert_int_equal(ctome_motif_ws_new(4, 12, &ws), CTOME_OK);
    uint64_t c[16];
    /* 030C: 0 -> 1 -> 2 -> 0, plus an isolated vertex 3: triads {0,1,2}
     * 030C, and three {x, y, 3} of type 012 */
    int32_t s1[3] = {0, 1, 2}, d1[3] = {1, 2, 0};
    assert_int_equal(ctome_triad_census_arcs(4, s1, d1, 3, 1, ws, c), CTOME_OK);
    assert_int_equal(c[9], 1);    /* 030C */
    assert_int_equal(c[1], 3);    /* 012 */
    assert_int_equal(c[0], 0);
    /* undirected triangle read as pairs: 300; with the isolated vertex, 102 x 3 */
    assert_int_equal(ctome_triad_census_arcs(4, s1, d1, 3, 0, ws, c), CTOME_OK);
    assert_int_equal(c[15], 1);
    assert_int_equal(c[2], 3);
    /* out-star 0 -> 1, 0 -> 2: 021D; in-star: 021U; path 1 -> 0 -> 2: 021C */
    int32_t s2[2] = {0, 0}, d2[2] = {1, 2};
    assert_int_equal(ctome_triad_census_arcs(3, s2, d2, 2, 1, ws, c), CTOME_OK);
    assert_int_equal(c[3], 1);
    assert_int_equal(ctome_triad_census_arcs(3, d2, s2, 2, 1, ws, c), CTOME_OK);
    assert_int_equal(c[4], 1);
    int32_t s3[2] = {1, 0}, d3[2] = {0, 2};
    assert_int_equal(ctome_triad_census_arcs(3, s3, d3, 2, 1, ws, c), CTOME_OK);
    assert_int_equal(c[5], 1);
    ctome_motif_ws_free(ws);
}

static void test_varshney(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/ref/varshney2011_chemical.tsv", tu_tests_dir());
    ctome_connectome *c = NULL;
    assert_int_equal(ctome_connectome_new("varshney", REG, &c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = "chemical";
    assert_int_equal(ctome_read_edgelist(path, &o, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_layer(c, "chemical", NULL, &g), CTOME_OK);
    assert_int_equal(g->n, 279);
    assert_int_equal(g->m, 2194);
    uint64_t census[16];
    assert_int_equal(ctome_triad_census(g, NULL, census), CTOME_OK);
    for (int t = 0; t < 16; t++)
        assert_int_equal(census[t], ref("varshney2011_chemical", ctome_triad_name(t)));

    /* the null path: a workspace sized once, counts from null edge arrays,
     * identical to counting the null as a graph */
    ctome_null_opts no;
    ctome_null_opts_default(&no);
    ctome_null_ws *nws = NULL;
    assert_int_equal(ctome_null_ws_new(g, &no, &nws), CTOME_OK);
    ctome_motif_ws *ws = NULL;
    assert_int_equal(ctome_motif_ws_new(g->n, g->m, &ws), CTOME_OK);
    ctome_rng r;
    ctome_rng_seed(&r, 7, 0);
    const int32_t *ns, *nd;
    const double *nw;
    size_t nm;
    ctome_null_info info;
    assert_int_equal(ctome_null_run(nws, &r, &info, &ns, &nd, &nw, &nm), CTOME_OK);
    uint64_t c1[16], c2[16];
    assert_int_equal(ctome_triad_census_arcs(g->n, ns, nd, nm, 1, ws, c1), CTOME_OK);
    ctome_graph *ng = NULL;
    assert_int_equal(ctome_graph_from_edges(g->n, ns, nd, NULL, nm, 1, &ng), CTOME_OK);
    assert_int_equal(ctome_triad_census(ng, NULL, c2), CTOME_OK);
    assert_memory_equal(c1, c2, sizeof c1);
    /* degree-preserving: the dyad census (012 vs 102 split aside) changes,
     * the total does not */
    uint64_t t1 = 0, t0 = 0;
    for (int t = 0; t < 16; t++) {
        t1 += c1[t];
        t0 += census[t];
    }
    assert_int_equal(t1, t0);
    ctome_graph_free(ng);
    ctome_motif_ws_free(ws);
    ctome_null_ws_free(nws);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

static void test_zscores(void **state)
{
    (void)state;
    double counts[13], nulls[3 * 13], mean[13], sd[13], z[13];
    for (int k = 0; k < 13; k++) {
        counts[k] = 10;
        nulls[k] = 2;              /* nulls 2, 4, 6: mean 4, sample sd 2 */
        nulls[13 + k] = 4;
        nulls[26 + k] = 6;
    }
    nulls[12] = nulls[25] = nulls[38] = 5;   /* class 300: sd 0 */
    assert_int_equal(ctome_motif_zscores(counts, nulls, 3, mean, sd, z), CTOME_OK);
    for (int k = 0; k < 12; k++) {
        assert_true(mean[k] == 4);
        assert_true(fabs(sd[k] - 2) < 1e-15);
        assert_true(fabs(z[k] - 3) < 1e-15);
    }
    assert_true(mean[12] == 5);
    assert_true(sd[12] == 0);
    assert_true(isnan(z[12]));
    /* mean and sd are optional */
    assert_int_equal(ctome_motif_zscores(counts, nulls, 3, NULL, NULL, z), CTOME_OK);
    assert_true(fabs(z[0] - 3) < 1e-15);
    assert_int_equal(ctome_motif_zscores(counts, nulls, 1, mean, sd, z), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "at least 2"));
    assert_int_equal(ctome_motif_zscores(counts, NULL, 3, mean, sd, z), CTOME_EINVAL);
}

static void test_bad_input(void **state)
{
    (void)state;
    ctome_motif_ws *ws = NULL;
    assert_int_equal(ctome_motif_ws_new(3, 2, &ws), CTOME_OK);
    uint64_t c[16];
    int32_t s[3] = {0, 1, 2}, d[3] = {1, 2, 0};
    /* workspace too small */
    assert_int_equal(ctome_triad_census_arcs(3, s, d, 3, 1, ws, c), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "too small"));
    assert_int_equal(ctome_triad_census_arcs(4, s, d, 2, 1, ws, c), CTOME_EINVAL);
    /* vertex out of range */
    int32_t bad[2] = {0, 5};
    assert_int_equal(ctome_triad_census_arcs(3, bad, d, 2, 1, ws, c), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "outside"));
    int32_t neg[2] = {-1, 0};
    assert_int_equal(ctome_triad_census_arcs(3, neg, d, 2, 1, ws, c), CTOME_EINVAL);
    assert_int_equal(ctome_triad_census_arcs(3, s, d, 2, 1, NULL, c), CTOME_EINVAL);
    /* fewer than 3 vertices: no triad */
    assert_int_equal(ctome_triad_census_arcs(2, s, d, 1, 1, ws, c), CTOME_OK);
    for (int t = 0; t < 16; t++)
        assert_int_equal(c[t], 0);
    ctome_motif_ws_free(ws);
    /* empty graph */
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(3, NULL, NULL, NULL, 0, 1, &g), CTOME_OK);
    assert_int_equal(ctome_triad_census(g, NULL, c), CTOME_EVALUE);
    ctome_graph_free(g);
    assert_int_equal(ctome_triad_census(NULL, NULL, c), CTOME_EINVAL);
}

static int setup(void **state)
{
    (void)state;
    return ctome_registry_load(CTOME_TEST_DATA, &REG) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    ctome_registry_free(REG);
    return 0;
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),    cmocka_unit_test(test_hand),
        cmocka_unit_test(test_small),    cmocka_unit_test(test_varshney),
        cmocka_unit_test(test_zscores),  cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
