/* test_export.c — export a real layer in every format and read it back.
 *
 * The WormWiring hermaphrodite edge list (data/connectome/cook2019/
 * herm_full_edgelist.csv) is read with the neuron registry, finalised, and
 * each layer exported as GraphML, GML, TSV edge list and CSV matrix, with and
 * without neurons_only.  Reading the file back with our own readers must
 * give the same node count (nodes with an edge), edge count, self-loops and
 * total weight as the original layer — exactly (integer weights).
 * The reference numbers for all cells (chemical 4681 edges, weight 27019;
 * electrical 1359 pairs, weight 6377) come from tests/ref/textformats_ref.txt.
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
#include <sys/stat.h>
#include <unistd.h>

#include "ctome.h"
#include "testutil.h"

static char *tmpdir;
static ctome_registry *reg;
static ctome_connectome *cook;

typedef int (*reader_fn)(const char *, const ctome_read_opts *, ctome_connectome *);

/* What an export of `layer` must contain: the in-scope edges (self-loops
 * included: the layer keeps them, networkx and igraph read them) and the
 * nodes they touch. */
static void expected(const ctome_layer *l, int neurons_only, size_t *nodes, size_t *edges, double *w,
                     size_t *loops)
{
    unsigned char *seen = calloc(cook->n_nodes, 1);
    assert_non_null(seen);
    *nodes = *edges = *loops = 0;
    *w = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (neurons_only && (cook->nodes[e->src].kind != CTOME_CELL_NEURON ||
                             cook->nodes[e->dst].kind != CTOME_CELL_NEURON))
            continue;
        (*edges)++;
        *w += e->w;
        *loops += e->src == e->dst;
        seen[e->src] = seen[e->dst] = 1;
    }
    for (size_t i = 0; i < cook->n_nodes; i++)
        *nodes += seen[i];
    free(seen);
}

static void roundtrip(const char *layer, int neurons_only, ctome_export_format f, const char *ext,
                      reader_fn rd, int pass_layer)
{
    const ctome_layer *l = ctome_connectome_get_layer(cook, layer);
    assert_non_null(l);
    size_t nodes, edges, loops;
    double w;
    expected(l, neurons_only, &nodes, &edges, &w, &loops);
    /* Cross-check with the library's own summary (which leaves loops out). */
    ctome_layer_summary s;
    assert_int_equal(ctome_layer_summarise(cook, l, neurons_only, &s), CTOME_OK);
    assert_int_equal(s.n_edges + s.self_loops, edges);
    assert_int_equal(s.self_loops, loops);
    char name[128];
    snprintf(name, sizeof name, "%s_%d.%s", layer, neurons_only, ext);
    char *p = tu_join(tmpdir, name);
    if (ctome_export_layer(cook, layer, f, neurons_only ? CTOME_SCOPE_NEURONS : CTOME_SCOPE_ALL, p))
        fail_msg("export %s: %s", name, ctome_error_message());
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new(name, NULL, &c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = pass_layer ? layer : NULL;
    if (rd(p, &o, c))
        fail_msg("re-read %s: %s", name, ctome_error_message());
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    const ctome_layer *r = ctome_connectome_get_layer(c, layer);
    if (!r)
        fail_msg("%s: layer %s missing after re-reading", name, layer);
    if (r->directed != l->directed || r->n != edges || c->n_nodes != nodes ||
        fabs(tu_total(r) - w) > 1e-9 || r->self_loops != loops)
        fail_msg("%s: read back %zu nodes %zu edges weight %g self %zu directed %d; exported %zu %zu "
                 "%g %zu %d", name, c->n_nodes, r->n, tu_total(r), r->self_loops, r->directed,
                 nodes, edges, w, loops, l->directed);
    ctome_connectome_free(c);
    free(p);
}

static void all_formats(const char *layer, int neurons_only)
{
    roundtrip(layer, neurons_only, CTOME_EXPORT_GRAPHML, "graphml", ctome_read_graphml, 0);
    roundtrip(layer, neurons_only, CTOME_EXPORT_GML, "gml", ctome_read_gml, 0);
    roundtrip(layer, neurons_only, CTOME_EXPORT_EDGELIST, "tsv", ctome_read_edgelist, 1);
    roundtrip(layer, neurons_only, CTOME_EXPORT_MATRIX, "csv", ctome_read_adjacency, 1);
}

static void chemical_all_cells(void **s) { (void)s; all_formats("chemical", 0); }
static void chemical_neurons(void **s) { (void)s; all_formats("chemical", 1); }
static void electrical_all_cells(void **s) { (void)s; all_formats("electrical", 0); }
static void electrical_neurons(void **s) { (void)s; all_formats("electrical", 1); }

/* The whole-animal numbers match the independent reference, and the neuron
 * subgraph is a proper part of it. */
static void summary_values(void **state)
{
    (void)state;
    size_t nodes, edges, loops, nn, ne, nl;
    double w, nw;
    expected(ctome_connectome_get_layer(cook, "chemical"), 0, &nodes, &edges, &w, &loops);
    assert_int_equal(edges, 4681);
    assert_int_equal(loops, 34);
    assert_float_equal(w, 27019, 1e-9);
    expected(ctome_connectome_get_layer(cook, "chemical"), 1, &nn, &ne, &nw, &nl);
    assert_true(ne > 2000 && ne < edges);
    assert_true(nn <= 302);
    expected(ctome_connectome_get_layer(cook, "electrical"), 0, &nodes, &edges, &w, &loops);
    assert_int_equal(edges, 1359);
    assert_int_equal(loops, 14);
    assert_float_equal(w, 6377, 1e-9);
}

/* The text of the edge list and matrix: header and the first WormWiring row
 * (I1L -> I2L, 10 EM sections). */
static void text_layout(void **state)
{
    (void)state;
    char *p = tu_join(tmpdir, "layout.tsv");
    assert_int_equal(ctome_export_layer(cook, "chemical", CTOME_EXPORT_EDGELIST, CTOME_SCOPE_ALL, p), CTOME_OK);
    char *b = tu_slurp(p, NULL);
    assert_memory_equal(b, "source\ttarget\tweight\ttype\n", 26);
    assert_non_null(strstr(b, "\nI1L\tI2L\t10\tchemical\n"));
    free(b);
    free(p);
    p = tu_join(tmpdir, "layout.csv");
    assert_int_equal(ctome_export_layer(cook, "chemical", CTOME_EXPORT_MATRIX, CTOME_SCOPE_NEURONS, p), CTOME_OK);
    b = tu_slurp(p, NULL);
    assert_memory_equal(b, "pre/post,", 9);
    free(b);
    free(p);
    p = tu_join(tmpdir, "layout.graphml");
    assert_int_equal(ctome_export_layer(cook, "electrical", CTOME_EXPORT_GRAPHML, CTOME_SCOPE_NEURONS, p), CTOME_OK);
    b = tu_slurp(p, NULL);
    assert_non_null(strstr(b, "edgedefault=\"undirected\""));
    assert_non_null(strstr(b, "<data key=\"d1\">neuron</data>"));
    free(b);
    free(p);
}

static void errors(void **state)
{
    (void)state;
    ctome_export_format f;
    assert_int_equal(ctome_export_format_parse("GraphML", &f), CTOME_OK);
    assert_int_equal(f, CTOME_EXPORT_GRAPHML);
    assert_int_equal(ctome_export_format_parse("matrix", &f), CTOME_OK);
    assert_int_equal(f, CTOME_EXPORT_MATRIX);
    assert_int_equal(ctome_export_format_parse("pajek", &f), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "'pajek'"));

    char *p = tu_join(tmpdir, "x.gml");
    assert_int_equal(ctome_export_layer(cook, "contact", CTOME_EXPORT_GML, CTOME_SCOPE_ALL, p), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "'contact'"));
    assert_int_equal(access(p, F_OK), -1);
    /* A directory as the output path. */
    assert_int_equal(ctome_export_layer(cook, "chemical", CTOME_EXPORT_GML, CTOME_SCOPE_ALL, tmpdir), CTOME_EIO);
    /* A missing directory: no file, no temporary left behind. */
    char *q = tu_join(tmpdir, "no/such/dir.gml");
    assert_int_equal(ctome_export_layer(cook, "chemical", CTOME_EXPORT_GML, CTOME_SCOPE_ALL, q), CTOME_EIO);
    free(q);
    /* An unfinalised layer is refused. */
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("u", NULL, &c), CTOME_OK);
    tu_add(c, "chemical", "AVAL", "AVAR", 2);
    assert_int_equal(ctome_export_layer(c, "chemical", CTOME_EXPORT_GML, CTOME_SCOPE_ALL, p), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "finalised"));
    assert_int_equal(access(p, F_OK), -1);
    ctome_connectome_free(c);
    free(p);
}

static int setup(void **state)
{
    (void)state;
    if (tu_group_setup("export", &reg, &tmpdir))
        return -1;
    char *p = ctome_path_join(CTOME_TEST_DATA, "connectome/cook2019/herm_full_edgelist.csv");
    int rc = ctome_connectome_new("cook2019-herm", reg, &cook) ||
             ctome_read_edgelist(p, NULL, cook) || ctome_connectome_finalise(cook);
    free(p);
    if (rc)
        fprintf(stderr, "setup: %s\n", ctome_error_message());
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    ctome_connectome_free(cook);
    return tu_group_teardown(reg, tmpdir);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_values),
        cmocka_unit_test(chemical_all_cells),
        cmocka_unit_test(chemical_neurons),
        cmocka_unit_test(electrical_all_cells),
        cmocka_unit_test(electrical_neurons),
        cmocka_unit_test(text_layout),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
