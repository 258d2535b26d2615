/* Every bundled dataset, every source file, every layer: node, edge, weight
 * and self-loop counts and the degrees of named neurons must equal the numbers
 * that tests/ref/reference.py computed independently from the raw files with
 * Python (openpyxl, xlrd, h5py, json, networkx), committed as
 * tests/ref/datasets_ref.tsv and tests/ref/degrees_ref.tsv.
 * Counts must match exactly; total weights to 1e-9 relative (fractional
 * weights in Brittin, Yim and Cook 2020 are summed in a different order). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "testutil.h"

static ctome_registry *reg;

typedef struct {
    char id[64], label[64];
    ctome_connectome *c;
} loaded;

static loaded cache[128];
static size_t n_cache;

static const ctome_connectome *load(const char *id, const char *label)
{
    for (size_t i = 0; i < n_cache; i++)
        if (!strcmp(cache[i].id, id) && !strcmp(cache[i].label, label))
            return cache[i].c;
    const ctome_dataset *d = ctome_dataset_find(id);
    if (!d)
        fail_msg("dataset %s missing from the catalogue", id);
    size_t k = 0;
    while (k < ctome_dataset_n_sources(d) && strcmp(d->sources[k].label, label))
        k++;
    if (k == ctome_dataset_n_sources(d))
        fail_msg("dataset %s has no source labelled '%s'", id, label);
    loaded *l = &cache[n_cache++];
    snprintf(l->id, sizeof l->id, "%s", id);
    snprintf(l->label, sizeof l->label, "%s", label);
    if (ctome_dataset_load_source(d, k, CTOME_TEST_DATA, reg, &l->c))
        fail_msg("%s / %s: %s", id, label, ctome_error_message());
    return l->c;
}

static FILE *open_ref(const char *name)
{
    char ref[4096], path[4096];
    tu_path(path, sizeof path, tu_path(ref, sizeof ref, tu_tests_dir(), "ref"), name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    return f;
}

static int weight_equal(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

static void test_counts(void **state)
{
    (void)state;
    FILE *f = open_ref("datasets_ref.tsv");
    char line[1024];
    int rows = 0, bad = 0;
    fgets(line, sizeof line, f);   /* header */
    while (fgets(line, sizeof line, f)) {
        char id[64], label[64], layer[32], scope[16];
        size_t nn, ne, sl;
        double w;
        if (sscanf(line, "%63[^\t]\t%63[^\t]\t%31[^\t]\t%15[^\t]\t%zu\t%zu\t%lf\t%zu", id, label, layer,
                   scope, &nn, &ne, &w, &sl) != 8)
            fail_msg("bad reference line: %s", line);
        const ctome_connectome *c = load(id, label);
        const ctome_layer *l = ctome_connectome_get_layer(c, layer);
        ctome_layer_summary s = {0};
        if (l)
            assert_int_equal(ctome_layer_summarise(c, l, strcmp(scope, "neurons") == 0, &s), CTOME_OK);
        if (s.n_nodes != nn || s.n_edges != ne || !weight_equal(s.total_weight, w) || s.self_loops != sl) {
            print_error("%s / %s / %s / %s: got %zu nodes %zu edges %.10g weight %zu loops; "
                        "reference %zu %zu %.10g %zu\n", id, label, layer, scope, s.n_nodes, s.n_edges,
                        s.total_weight, s.self_loops, nn, ne, w, sl);
            bad++;
        }
        rows++;
    }
    fclose(f);
    assert_true(rows >= 140);
    assert_int_equal(bad, 0);
}

static void test_degrees(void **state)
{
    (void)state;
    FILE *f = open_ref("degrees_ref.tsv");
    char line[1024];
    int rows = 0, bad = 0;
    fgets(line, sizeof line, f);
    while (fgets(line, sizeof line, f)) {
        char id[64], label[64], layer[32], neuron[32];
        size_t din, dout;
        double win, wout;
        if (sscanf(line, "%63[^\t]\t%63[^\t]\t%31[^\t]\t%31[^\t]\t%zu\t%zu\t%lf\t%lf", id, label, layer,
                   neuron, &din, &dout, &win, &wout) != 8)
            fail_msg("bad reference line: %s", line);
        const ctome_connectome *c = load(id, label);
        const ctome_layer *l = ctome_connectome_get_layer(c, layer);
        int node = ctome_connectome_find(c, neuron);
        size_t gi = 0, go = 0;
        double gwi = 0, gwo = 0;
        if (l && node >= 0)
            ctome_node_degree(c, l, node, 1, &gi, &go, &gwi, &gwo);
        if (gi != din || go != dout || !weight_equal(gwi, win) || !weight_equal(gwo, wout)) {
            print_error("%s / %s / %s / %s: got in %zu out %zu (%.10g, %.10g); reference %zu %zu (%.10g, %.10g)\n",
                        id, label, layer, neuron, gi, go, gwi, gwo, din, dout, win, wout);
            bad++;
        }
        rows++;
    }
    fclose(f);
    assert_true(rows >= 500);
    assert_int_equal(bad, 0);
}

/* Every dataset id in the catalogue loads from every one of its sources. */
static void test_catalogue_complete(void **state)
{
    (void)state;
    assert_true(ctome_datasets_count() >= 26);
    for (size_t i = 0; i < ctome_datasets_count(); i++) {
        const ctome_dataset *d = ctome_dataset_at(i);
        assert_non_null(d->citation);
        assert_non_null(d->doi);
        for (size_t k = 0; k < ctome_dataset_n_sources(d); k++) {
            const ctome_connectome *c = load(d->id, d->sources[k].label);
            assert_true(c->n_layers >= 1);
            assert_int_equal(strlen(c->source_sha256), 64);
        }
    }
    assert_null(ctome_dataset_find("cook2019"));
    ctome_connectome *c;
    assert_int_equal(ctome_dataset_load("no-such-id", CTOME_TEST_DATA, reg, &c), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "no-such-id"));
}

static int setup(void **state)
{
    (void)state;
    return ctome_registry_load(CTOME_TEST_DATA, &reg) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_cache; i++)
        ctome_connectome_free(cache[i].c);
    ctome_registry_free(reg);
    return 0;
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_degrees),
        cmocka_unit_test(test_catalogue_complete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
