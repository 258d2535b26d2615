/* test_topology.c — global statistics and the per-node table.
 *
 * References: the Zachary karate club (igraph famous("Zachary"); values from
 * the issue and from tests/ref/topology_ref.py), and C. elegans layers
 * exported to TSV files in tests/ref/ whose values the same script computes with
 * networkx 2.8 / numpy (tests/ref/topology_ref.txt). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "testutil.h"
#include "topology.h"

#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1 + fabs(b_)))) {                                          \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

/* ---- reference file ------------------------------------------------------- */

/* The value list of `graph key` in tests/ref/topology_ref.txt (static
 * buffer), or fail. */
static const char *ref_line(const char *graph, const char *key)
{
    static char line[16384];
    return tu_ref(line, sizeof line, "topology_ref.txt", "%s %s", graph, key);
}

static double ref(const char *graph, const char *key)
{
    return strtod(ref_line(graph, key), NULL);
}

/* ---- Zachary karate club --------------------------------------------------- */

static void test_karate_globals(void **state)
{
    (void)state;
    ctome_graph *g = tu_karate();
    assert_int_equal(g->n, 34);
    assert_int_equal(g->m_und, 78);
    uint64_t tri;
    assert_int_equal(ctome_triangle_count(g, &tri), CTOME_OK);
    assert_int_equal(tri, 45);
    double v;
    assert_int_equal(ctome_average_clustering(g, 0, &v), CTOME_OK);
    assert_close(v, 0.5706384782, 1e-9);
    /* all weights 1: Onnela equals the binary value */
    assert_int_equal(ctome_average_clustering(g, 1, &v), CTOME_OK);
    assert_close(v, 0.5706384782, 1e-9);
    assert_int_equal(ctome_transitivity(g, &v), CTOME_OK);
    assert_close(v, 0.2556818182, 1e-9);
    assert_int_equal(ctome_global_efficiency(g, 0, &v), CTOME_OK);
    assert_close(v, 0.4920083185, 1e-9);
    assert_int_equal(ctome_global_efficiency(g, 1, &v), CTOME_OK);
    assert_close(v, 0.4920083185, 1e-9);
    size_t nl;
    assert_int_equal(ctome_char_path_length(g, &v, &nl), CTOME_OK);
    assert_close(v, 2.4081996435, 1e-9);
    assert_int_equal(nl, 34);
    assert_int_equal(ctome_assortativity(g, &v), CTOME_OK);
    assert_close(v, ref("karate", "degree_assortativity"), 1e-12);
    assert_int_equal(ctome_spectral_radius(g, &v), CTOME_OK);
    assert_close(v, ref("karate", "spectral_radius"), 1e-12);
    assert_close(ctome_density(g), 0.13903743315508021, 1e-15);
    assert_close(ctome_reciprocity(g), 1.0, 0);

    double phi[34];
    size_t nk;
    assert_int_equal(ctome_rich_club(g, phi, &nk), CTOME_OK);
    static const double issue[7] = {0.13904, 0.14583, 0.23810, 0.325, 0.48889, 0.52381, 0.5};
    for (int k = 0; k < 7; k++)
        assert_close(phi[k], issue[k], 5e-6);
    assert_int_equal(nk, (size_t)ref("karate", "rich_club_n"));
    const char *p = ref_line("karate", "rich_club");
    for (size_t k = 0; k < nk; k++) {
        char *end;
        assert_close(phi[k], strtod(p, &end), 1e-14);
        p = end;
    }
    ctome_graph_free(g);
}

static void test_karate_nodes(void **state)
{
    (void)state;
    ctome_graph *g = tu_karate();
    ctome_node_table *t = NULL;
    assert_int_equal(ctome_node_table_compute(g, &t), CTOME_OK);
    assert_int_equal(t->n, 34);
    static const char *ids[3] = {"0", "33", "2"};
    for (int i = 0; i < 3; i++) {
        int v = atoi(ids[i]);
        char key[32];
        snprintf(key, sizeof key, "node %s", ids[i]);
        double r[6];
        char *p = (char *)ref_line("karate", key);
        for (int j = 0; j < 6; j++)
            r[j] = strtod(p, &p);
        assert_int_equal(t->in_degree[v], (int)r[0]);
        assert_int_equal(t->out_degree[v], (int)r[1]);
        assert_close(t->in_strength[v], r[0], 0);
        assert_close(t->clustering[v], r[2], 1e-12);
        assert_close(t->betweenness[v], r[3], 1e-12);
        assert_close(t->closeness[v], r[4], 1e-12);
        assert_close(t->eigenvector[v], r[5], 1e-9);
    }
    /* unit Euclidean norm */
    double s = 0;
    for (size_t v = 0; v < t->n; v++)
        s += t->eigenvector[v] * t->eigenvector[v];
    assert_close(s, 1.0, 1e-12);
    ctome_node_table_free(t);
    ctome_graph_free(g);
}

/* ---- C. elegans layers ------------------------------------------------------ */

static ctome_registry *REG;

static void load_layer(const char *file, const char *layer, ctome_connectome **c, ctome_graph **g)
{
    char path[1024];
    const char *tests = getenv("CTOME_TESTS");
    snprintf(path, sizeof path, "%s/ref/%s", tests ? tests : "tests", file);
    assert_int_equal(ctome_connectome_new(file, REG, c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = layer;
    int rc = ctome_read_edgelist(path, &o, *c);
    if (rc)
        print_error("%s\n", ctome_error_message());
    assert_int_equal(rc, CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(*c), CTOME_OK);
    assert_int_equal(ctome_graph_from_layer(*c, layer, NULL, g), CTOME_OK);
}

static void check_layer(const char *file, const char *layer, const char *name)
{
    ctome_connectome *c;
    ctome_graph *g;
    load_layer(file, layer, &c, &g);
    ctome_topology t;
    int rc = ctome_topology_compute(c, g, &t);
    if (rc)
        print_error("%s\n", ctome_error_message());
    assert_int_equal(rc, CTOME_OK);
    assert_int_equal(t.n_nodes, (size_t)ref(name, "n_nodes"));
    assert_int_equal(t.n_edges, (size_t)ref(name, "n_edges"));
    assert_int_equal(t.triangles, (uint64_t)ref(name, "triangles"));
    assert_int_equal(t.n_lcc, (size_t)ref(name, "n_lcc"));
    assert_int_equal(t.n_components, (size_t)ref(name, "n_components"));
    assert_close(t.density, ref(name, "density"), 1e-12);
    assert_close(t.reciprocity, ref(name, "reciprocity"), 1e-12);
    assert_close(t.transitivity, ref(name, "transitivity"), 1e-12);
    assert_close(t.average_clustering, ref(name, "average_clustering"), 1e-12);
    assert_close(t.average_clustering_weighted, ref(name, "average_clustering_weighted"), 1e-12);
    assert_close(t.char_path_length, ref(name, "char_path_length"), 1e-12);
    assert_close(t.global_efficiency, ref(name, "global_efficiency"), 1e-12);
    assert_close(t.global_efficiency_weighted, ref(name, "global_efficiency_weighted"), 1e-12);
    assert_close(t.degree_assortativity, ref(name, "degree_assortativity"), 1e-10);
    assert_close(t.spectral_radius, ref(name, "spectral_radius"), 1e-10);
    assert_close(t.bilateral_symmetry, ref(name, "bilateral_symmetry"), 1e-12);
    assert_int_equal(t.rich_club_n, (size_t)ref(name, "rich_club_n"));
    const char *p = ref_line(name, "rich_club");
    for (size_t k = 0; k < t.rich_club_n; k++) {
        char *end;
        assert_close(t.rich_club[k], strtod(p, &end), 1e-14);
        p = end;
    }
    ctome_topology_clear(&t);

    ctome_node_table *nt;
    assert_int_equal(ctome_node_table_compute(g, &nt), CTOME_OK);
    static const char *names[3] = {"AVAL", "PVCL", "RIBL"};
    for (int i = 0; i < 3; i++) {
        int node = ctome_connectome_find(c, names[i]);
        assert_true(node >= 0);
        size_t v = 0;
        while (v < g->n && g->node[v] != node)
            v++;
        assert_true(v < g->n);
        char key[32];
        snprintf(key, sizeof key, "node %s", names[i]);
        char *q = (char *)ref_line(name, key);
        double r[6];
        for (int j = 0; j < 6; j++)
            r[j] = strtod(q, &q);
        assert_int_equal(nt->in_degree[v], (int)r[0]);
        assert_int_equal(nt->out_degree[v], (int)r[1]);
        assert_close(nt->clustering[v], r[2], 1e-12);
        assert_close(nt->betweenness[v], r[3], 1e-12);
        assert_close(nt->closeness[v], r[4], 1e-12);
        assert_close(nt->eigenvector[v], r[5], 1e-9);
    }
    ctome_node_table_free(nt);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

static void test_varshney_chemical(void **state)
{
    (void)state;
    check_layer("varshney2011_chemical.tsv", "chemical", "varshney2011_chemical");
}

static void test_cook_electrical(void **state)
{
    (void)state;
    /* two components: path length over the LCC (296 of 298) */
    check_layer("cook2019-herm_electrical.tsv", "electrical", "cook2019-herm_electrical");
}

/* Same results, bit for bit, with 1 and 2 threads. */
static void test_thread_invariance(void **state)
{
    (void)state;
    ctome_connectome *c;
    ctome_graph *g;
    load_layer("varshney2011_chemical.tsv", "chemical", &c, &g);
    double l[2], e[2], ew[2], *b[2], *cl[2];
    for (int run = 0; run < 2; run++) {
        omp_set_num_threads(run + 1);
        assert_int_equal(ctome_path_stats(g, &l[run], &e[run], NULL), CTOME_OK);
        assert_int_equal(ctome_global_efficiency(g, 1, &ew[run]), CTOME_OK);
        b[run] = malloc(g->n * sizeof *b[run]);
        cl[run] = malloc(g->n * sizeof *cl[run]);
        assert_int_equal(ctome_betweenness(g, b[run]), CTOME_OK);
        assert_int_equal(ctome_closeness(g, cl[run]), CTOME_OK);
    }
    assert_memory_equal(&l[0], &l[1], sizeof l[0]);
    assert_memory_equal(&e[0], &e[1], sizeof e[0]);
    assert_memory_equal(&ew[0], &ew[1], sizeof ew[0]);
    assert_memory_equal(b[0], b[1], g->n * sizeof *b[0]);
    assert_memory_equal(cl[0], cl[1], g->n * sizeof *cl[0]);
    for (int run = 0; run < 2; run++) {
        free(b[run]);
        free(cl[run]);
    }
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

/* ---- sampled path measures ------------------------------------------------- */

/* Hand-derived: on a ring of 10 every source sees distances 1,1,2,2,3,3,4,4,5
 * (sum 25, sum of inverses 2 + 1 + 2/3 + 1/2 + 1/5), so any sample of sources
 * gives L = 25/9 and E = (13/3 + 1/30)/9 with a zero-width interval.  On the
 * disconnected graph of test_disconnected, all 10 sources reproduce the exact
 * values (20/12 and (20 + 2/3)/90) as a census.  On Zachary's karate club
 * (networkx 2.8: L = 2.408199643, E = 0.4920083 in tests/ref/topology_ref.txt)
 * 16 of 34 sources give an interval that holds the exact value; the estimate
 * is byte-identical on 1 and 2 threads; equal weights give the binary
 * efficiency without Dijkstra; unequal ones the mean of the sources' exact
 * Dijkstra sums (K = n: ctome_global_efficiency(weighted)). */
static void test_sampled_paths(void **state)
{
    (void)state;
    int32_t s[10], d[10];
    for (int i = 0; i < 10; i++) {
        s[i] = i;
        d[i] = (i + 1) % 10;
    }
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_edges(10, s, d, NULL, 10, 0, &g), CTOME_OK);
    ctome_path_sample ps;
    assert_int_equal(ctome_path_stats_sampled(g, 3, 7, 1, &ps), CTOME_OK);
    assert_int_equal(ps.sources, 3);
    assert_close(ps.l, 25.0 / 9.0, 1e-15);
    assert_close(ps.l_lo, 25.0 / 9.0, 1e-15);
    assert_close(ps.l_hi, 25.0 / 9.0, 1e-15);
    assert_close(ps.e, (13.0 / 3.0 + 1.0 / 30.0) / 9.0, 1e-15);
    assert_close(ps.ew, ps.e, 0);
    ctome_graph_free(g);

    int32_t s2[] = {0, 1, 0, 3, 4, 3, 6, 7, 8}, d2[] = {1, 2, 2, 4, 5, 5, 7, 8, 9};
    assert_int_equal(ctome_graph_from_edges(10, s2, d2, NULL, 9, 0, &g), CTOME_OK);
    assert_int_equal(ctome_path_stats_sampled(g, 50, 1, 0, &ps), CTOME_OK);
    assert_int_equal(ps.sources, 10);
    assert_int_equal(ps.sources_lcc, 4);
    assert_close(ps.l, 20.0 / 12.0, 1e-15);
    assert_close(ps.e, (20.0 + 2.0 / 3.0) / 90.0, 1e-15);
    assert_close(ps.e_lo, ps.e, 0);
    assert_close(ps.e_hi, ps.e, 0);
    assert_true(isnan(ps.ew));
    ctome_graph_free(g);

    g = tu_karate();
    double lref = ref("karate", "char_path_length"), eref = ref("karate", "global_efficiency");
    ctome_path_sample t[2];
    for (int run = 0; run < 2; run++) {
        omp_set_num_threads(run + 1);
        assert_int_equal(ctome_path_stats_sampled(g, 16, 3, 0, &t[run]), CTOME_OK);
    }
    assert_memory_equal(&t[0], &t[1], sizeof t[0]);
    assert_int_equal(t[0].sources, 16);
    assert_true(t[0].l_lo < t[0].l && t[0].l < t[0].l_hi);
    assert_true(t[0].l_lo <= lref && lref <= t[0].l_hi);
    assert_true(t[0].e_lo <= eref && eref <= t[0].e_hi);
    assert_true(fabs(t[0].l - lref) < 0.2 && fabs(t[0].e - eref) < 0.05);
    ctome_graph_free(g);

    /* unequal weights: K = n is the exact weighted efficiency */
    double w[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_int_equal(ctome_graph_from_edges(10, s2, d2, w, 9, 0, &g), CTOME_OK);
    double ew;
    assert_int_equal(ctome_global_efficiency(g, 1, &ew), CTOME_OK);
    assert_int_equal(ctome_path_stats_sampled(g, 10, 1, 1, &ps), CTOME_OK);
    assert_close(ps.ew, ew, 1e-14);
    assert_int_equal(ctome_path_stats_sampled(g, 0, 1, 1, &ps), CTOME_EINVAL);
    ctome_graph_free(g);
}

/* ---- bad and edge-case input ----------------------------------------------- */

static void test_empty_graph(void **state)
{
    (void)state;
    ctome_graph *g;
    /* no vertices */
    assert_int_equal(ctome_graph_from_edges(0, NULL, NULL, NULL, 0, 0, &g), CTOME_OK);
    double v;
    size_t nk;
    double phi[1];
    ctome_topology t;
    assert_int_equal(ctome_transitivity(g, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "empty graph"));
    assert_int_equal(ctome_average_clustering(g, 0, &v), CTOME_EVALUE);
    assert_int_equal(ctome_rich_club(g, phi, &nk), CTOME_EVALUE);
    assert_int_equal(ctome_global_efficiency(g, 0, &v), CTOME_EVALUE);
    assert_int_equal(ctome_topology_compute(NULL, g, &t), CTOME_EVALUE);
    ctome_graph_free(g);

    /* vertices without edges: the triangle measures are 0, path measures
     * and the whole set are errors */
    assert_int_equal(ctome_graph_from_edges(5, NULL, NULL, NULL, 0, 1, &g), CTOME_OK);
    assert_int_equal(ctome_transitivity(g, &v), CTOME_OK);
    assert_close(v, 0, 0);
    assert_int_equal(ctome_average_clustering(g, 0, &v), CTOME_OK);
    assert_close(v, 0, 0);
    double phi5[5];
    assert_int_equal(ctome_rich_club(g, phi5, &nk), CTOME_OK);
    assert_int_equal(nk, 0);
    assert_int_equal(ctome_global_efficiency(g, 0, &v), CTOME_OK);
    assert_close(v, 0, 0);
    size_t nl;
    assert_int_equal(ctome_char_path_length(g, &v, &nl), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no edges"));
    assert_int_equal(ctome_spectral_radius(g, &v), CTOME_EVALUE);
    assert_int_equal(ctome_assortativity(g, &v), CTOME_EVALUE);
    assert_int_equal(ctome_topology_compute(NULL, g, &t), CTOME_EVALUE);
    ctome_node_table *nt;
    assert_int_equal(ctome_node_table_compute(g, &nt), CTOME_EVALUE);
    assert_null(nt);
    ctome_graph_free(g);
}

/* Two triangles {0,1,2} {3,4,5} joined by nothing, plus the path 6-7-8-9.
 * LCC = the path (4 vertices beats 3): L = (2 (1+2+3) + 2 (1+1+2)) / 12
 * = 20/12.  Efficiency over all 10 vertices:
 * triangles 2 x 6 ordered pairs at distance 1 = 12; path: ordered pairs at
 * distance 1: 6, at 2: 4, at 3: 2 -> 6 + 2 + 2/3; total 20 + 2/3, / 90. */
static void test_disconnected(void **state)
{
    (void)state;
    int32_t s[] = {0, 1, 0, 3, 4, 3, 6, 7, 8}, d[] = {1, 2, 2, 4, 5, 5, 7, 8, 9};
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_edges(10, s, d, NULL, 9, 0, &g), CTOME_OK);
    double l, e;
    size_t nl;
    assert_int_equal(ctome_char_path_length(g, &l, &nl), CTOME_OK);
    assert_int_equal(nl, 4);
    assert_close(l, 20.0 / 12.0, 1e-15);
    assert_int_equal(ctome_global_efficiency(g, 0, &e), CTOME_OK);
    assert_close(e, (20.0 + 2.0 / 3.0) / 90.0, 1e-15);
    int32_t comp[10];
    size_t nc;
    assert_int_equal(ctome_components(g, comp, &nc), CTOME_OK);
    assert_int_equal(nc, 3);
    assert_int_equal(comp[9], 2);
    /* transitivity: 2 triangles; triples: 6 triangle vertices x 1 + path
     * inner vertices 7, 8 x 1 = 8 -> 6/8 */
    double t;
    assert_int_equal(ctome_transitivity(g, &t), CTOME_OK);
    assert_close(t, 0.75, 1e-15);
    ctome_topology top;
    assert_int_equal(ctome_topology_compute(NULL, g, &top), CTOME_OK);
    assert_int_equal(top.n_components, 3);
    assert_true(isnan(top.bilateral_symmetry));
    /* closeness of 0 in its triangle: r = 3, sum d = 2 -> (2/2)(2/9) */
    ctome_node_table *nt;
    assert_int_equal(ctome_node_table_compute(g, &nt), CTOME_OK);
    assert_close(nt->closeness[0], 2.0 / 9.0, 1e-15);
    /* betweenness of 7 on the path: pairs (6,8) (6,9) -> 2 pairs x 2
     * orientations / ((n-1)(n-2) = 72) */
    assert_close(nt->betweenness[7], 4.0 / 72.0, 1e-15);
    ctome_node_table_free(nt);
    ctome_topology_clear(&top);
    ctome_graph_free(g);
}

/* A path of 300 vertices (diameter 299): the bit-parallel batches give up
 * after 64 levels and redo their sources by plain BFS.  Mean distance of a
 * path = (n + 1) / 3; efficiency = 2 sum_{d=1}^{n-1} (n - d) / d / (n (n-1)). */
static void test_long_path(void **state)
{
    (void)state;
    enum { N = 300 };
    int32_t s[N - 1], d[N - 1];
    for (int i = 0; i < N - 1; i++) {
        s[i] = i;
        d[i] = i + 1;
    }
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_edges(N, s, d, NULL, N - 1, 0, &g), CTOME_OK);
    double l, e, want = 0;
    size_t nl;
    assert_int_equal(ctome_path_stats(g, &l, &e, &nl), CTOME_OK);
    assert_int_equal(nl, N);
    assert_close(l, (N + 1) / 3.0, 1e-14);
    for (int k = 1; k < N; k++)
        want += 2.0 * (N - k) / k;
    assert_close(e, want / ((double)N * (N - 1)), 1e-13);
    ctome_graph_free(g);
}

static void test_bad_weights(void **state)
{
    (void)state;
    /* a negative weight (kept by the graph, as for the signed functional
     * layer): weighted efficiency and Onnela clustering refuse it */
    int32_t s[] = {0, 1, 2}, d[] = {1, 2, 0};
    double w[] = {1, -2, 3};
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_edges(3, s, d, w, 3, 0, &g), CTOME_OK);
    double v;
    assert_int_equal(ctome_global_efficiency(g, 1, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "positive"));
    assert_int_equal(ctome_average_clustering(g, 1, &v), CTOME_EVALUE);
    assert_int_equal(ctome_global_efficiency(g, 0, &v), CTOME_OK);
    assert_close(v, 1, 1e-15);
    /* the whole set still works, weighted fields NaN */
    ctome_topology t;
    assert_int_equal(ctome_topology_compute(NULL, g, &t), CTOME_OK);
    assert_true(isnan(t.global_efficiency_weighted));
    assert_true(isnan(t.average_clustering_weighted));
    assert_close(t.transitivity, 1, 0);
    ctome_topology_clear(&t);
    ctome_graph_free(g);

    /* zero und weight: arcs 0->1 (+1) and 1->0 (-1) sum to 0 */
    int32_t s2[] = {0, 1, 1}, d2[] = {1, 0, 2};
    double w2[] = {1, -1, 2};
    assert_int_equal(ctome_graph_from_edges(3, s2, d2, w2, 3, 1, &g), CTOME_OK);
    assert_int_equal(ctome_global_efficiency(g, 1, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "weight 0"));
    ctome_graph_free(g);
}

static void test_workspace(void **state)
{
    (void)state;
    ctome_graph *g = tu_karate();
    ctome_topology_ws *ws;
    assert_int_equal(ctome_topology_ws_new(10, 10, &ws), CTOME_OK);
    double t, phi[34];
    size_t nk;
    assert_int_equal(ctome_transitivity_ws(g, ws, &t), CTOME_EINVAL);
    assert_int_equal(ctome_rich_club_ws(g, ws, phi, &nk), CTOME_EINVAL);
    ctome_topology_ws_free(ws);
    assert_int_equal(ctome_topology_ws_new(g->n, g->m_und, &ws), CTOME_OK);
    for (int rep = 0; rep < 3; rep++) {   /* reuse */
        assert_int_equal(ctome_transitivity_ws(g, ws, &t), CTOME_OK);
        assert_close(t, 0.2556818182, 1e-9);
        assert_int_equal(ctome_rich_club_csr(g->n, g->und_ptr, g->und_idx, ws, phi, &nk), CTOME_OK);
        assert_close(phi[3], 0.325, 1e-15);
    }
    ctome_topology_ws_free(ws);
    ctome_graph_free(g);
}

/* Graphs above the dense threshold (n > 1000) take the power-iteration
 * paths: a circulant graph with offsets 1..10 is 20-regular (rho = 20,
 * eigenvector uniform); its directed version (arcs i -> i+1..i+10) has
 * out-degree 10 everywhere, rho = 10. */
static void test_large_power_iteration(void **state)
{
    (void)state;
    enum { N = 1200, K = 10 };
    int32_t *s = malloc(N * K * sizeof *s), *d = malloc(N * K * sizeof *d);
    for (int i = 0; i < N; i++)
        for (int k = 1; k <= K; k++) {
            s[i * K + k - 1] = i;
            d[i * K + k - 1] = (i + k) % N;
        }
    ctome_graph *g;
    double rho;
    assert_int_equal(ctome_graph_from_edges(N, s, d, NULL, N * K, 0, &g), CTOME_OK);
    assert_int_equal(ctome_spectral_radius(g, &rho), CTOME_OK);
    assert_close(rho, 20, 1e-10);
    double *x = malloc(N * sizeof *x);
    assert_int_equal(ctome_eigenvector_centrality(g, x), CTOME_OK);
    assert_close(x[0], 1 / sqrt((double)N), 1e-10);
    assert_close(x[N - 1], 1 / sqrt((double)N), 1e-10);
    free(x);
    ctome_graph_free(g);
    assert_int_equal(ctome_graph_from_edges(N, s, d, NULL, N * K, 1, &g), CTOME_OK);
    assert_int_equal(ctome_spectral_radius(g, &rho), CTOME_OK);
    assert_close(rho, 10, 1e-10);
    ctome_graph_free(g);
    free(s);
    free(d);
}

/* A directed 4-cycle is periodic (eigenvalues 1, i, -1, -i): rho = 1 from
 * dgeev; bilateral symmetry needs the connectome. */
static void test_directed_small(void **state)
{
    (void)state;
    int32_t s[] = {0, 1, 2, 3, 1}, d[] = {1, 2, 3, 0, 0};
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_edges(4, s, d, NULL, 5, 1, &g), CTOME_OK);
    assert_close(ctome_reciprocity(g), 2.0 / 5.0, 1e-15);
    assert_close(ctome_density(g), 5.0 / 12.0, 1e-15);
    double v;
    assert_int_equal(ctome_bilateral_symmetry(NULL, g, &v), CTOME_EINVAL);
    ctome_graph_free(g);
    int32_t s2[] = {0, 1, 2, 3}, d2[] = {1, 2, 3, 0};
    assert_int_equal(ctome_graph_from_edges(4, s2, d2, NULL, 4, 1, &g), CTOME_OK);
    assert_int_equal(ctome_spectral_radius(g, &v), CTOME_OK);
    assert_close(v, 1, 1e-12);
    ctome_graph_free(g);
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
        cmocka_unit_test(test_karate_globals),
        cmocka_unit_test(test_karate_nodes),
        cmocka_unit_test(test_varshney_chemical),
        cmocka_unit_test(test_cook_electrical),
        cmocka_unit_test(test_thread_invariance),
        cmocka_unit_test(test_empty_graph),
        cmocka_unit_test(test_disconnected),
        cmocka_unit_test(test_long_path),
        cmocka_unit_test(test_bad_weights),
        cmocka_unit_test(test_workspace),
        cmocka_unit_test(test_large_power_iteration),
        cmocka_unit_test(test_directed_small),
        cmocka_unit_test(test_sampled_paths),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
