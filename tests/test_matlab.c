/* test_matlab.c — ctome_read_uzel_mat on the bundled Uzel 2022 files.
 *
 * Reference values: tests/ref/matlab_ref.txt, written by tests/ref/matlab_ref.py
 * (h5py + the Varshney 2011 NeuronConnect.xls for the orientation check).
 * The MATLAB v5 copies under tests/fixtures/matlab/v5 come from
 * tests/ref/matlab_v5_fixture.py (scipy.io.savemat).  Bad inputs are written
 * to a temporary directory with libmatio and the HDF5 API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hdf5.h>
#include <matio.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "connectome.h"
#include "error.h"
#include "io.h"
#include "readers.h"
#include "registry.h"
#include "store.h"
#include "testutil.h"

#define UZEL CTOME_TEST_DATA "/connectome/uzel2022_varshney279/"

static ctome_registry *REG;
static char *TMP;

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("test_matlab", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

static ctome_connectome *read_one(const char *path, const char *layer)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("uzel", REG, &c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = layer;
    int rc = ctome_read_uzel_mat(path, &o, c);
    if (rc)
        fail_msg("%s", ctome_error_message());
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    return c;
}

/* matlab_ref.txt: syn_nonzero 2194, syn_total 6394, syn_self_loops 0. */
static void test_syn_counts(void **state)
{
    (void)state;
    ctome_connectome *c = read_one(UZEL "Neuro279_Syn.mat", NULL);
    assert_int_equal(c->n_nodes, 279);
    assert_string_equal(c->nodes[0].name, "ADFL");
    assert_string_equal(c->nodes[278].name, "VC05");
    const ctome_layer *l = ctome_connectome_get_layer(c, "chemical");
    assert_non_null(l);
    assert_true(l->directed);
    assert_string_equal(l->weight_unit, "synapses");
    assert_int_equal(l->n, 2194);
    assert_true(tu_total(l) == 6394.0);
    assert_int_equal(l->self_loops, 0);
    /* Every Order279 name is a registry neuron. */
    assert_int_equal(c->n_unplaced, 0);
    for (size_t i = 0; i < c->n_nodes; i++)
        assert_int_equal(c->nodes[i].kind, CTOME_CELL_NEURON);
    assert_null(ctome_connectome_get_layer(c, "electrical"));
    ctome_connectome_free(c);
}

/* matlab_ref.txt: ej_nonzero 1031, ej_total 1777 (full symmetric matrix),
 * ej_pairs 517, ej_pair_total 890, ej_diag_nonzero 3. */
static void test_ej_counts(void **state)
{
    (void)state;
    ctome_connectome *c = read_one(UZEL "Neuro279_EJ.mat", NULL);
    const ctome_layer *l = ctome_connectome_get_layer(c, "electrical");
    assert_non_null(l);
    assert_false(l->directed);
    assert_string_equal(l->weight_unit, "gap junctions");
    assert_int_equal(l->n, 517);
    assert_true(tu_total(l) == 890.0);
    assert_int_equal(l->self_loops, 3);
    assert_int_equal(l->asymmetric, 0);
    /* The dense matrix restores the published symmetric matrix. */
    int *nodes = malloc(279 * sizeof *nodes);
    double *m = malloc(279 * 279 * sizeof *m);
    for (int i = 0; i < 279; i++)
        nodes[i] = i;
    assert_int_equal(ctome_layer_dense(c, l, nodes, 279, m), CTOME_OK);
    double sum = 0;
    size_t nz = 0;
    for (size_t i = 0; i < 279 * 279; i++) {
        sum += m[i];
        nz += m[i] != 0;
    }
    assert_true(sum == 1777.0);
    assert_int_equal(nz, 1031);
    free(nodes);
    free(m);
    assert_true(tu_weight(c, "electrical", "AVAL", "AVAR") == 5);
    assert_true(tu_weight(c, "electrical", "AVAR", "AVAL") == 5);
    assert_true(tu_weight(c, "electrical", "AVBL", "AVBR") == 3);
    assert_true(tu_weight(c, "electrical", "AVAL", "DA05") == 1);
    assert_true(tu_weight(c, "electrical", "RIML", "AIBR") == 1);
    ctome_connectome_free(c);
}

/* MATLAB rows are presynaptic.  matlab_ref.txt: orient_rows_pre_absdiff 0
 * against NeuronConnect.xls S+Sp rows; VB03 -> DD02 = 37 (xls row 2793),
 * DD02 -> VB03 = 0; PDER -> DVA = 35 (19 S + 16 Sp), DVA -> PDER = 0. */
static void test_orientation(void **state)
{
    (void)state;
    ctome_connectome *c = read_one(UZEL "Neuro279_Syn.mat", NULL);
    assert_true(tu_weight(c, "chemical", "VB03", "DD02") == 37);
    assert_true(tu_weight(c, "chemical", "DD02", "VB03") == 0);
    assert_true(tu_weight(c, "chemical", "PDER", "DVA") == 35);
    assert_true(tu_weight(c, "chemical", "DVA", "PDER") == 0);
    assert_true(tu_weight(c, "chemical", "AVAL", "AVAR") == 2);
    assert_true(tu_weight(c, "chemical", "AVAR", "AVAL") == 1);
    assert_true(tu_weight(c, "chemical", "AVDL", "AVAL") == 13);
    assert_true(tu_weight(c, "chemical", "AVAL", "DA05") == 7);
    /* AVA: out 37 partners / 143 synapses, in 53 / 237. */
    const ctome_layer *l = ctome_connectome_get_layer(c, "chemical");
    size_t in, out;
    double wi, wo;
    assert_int_equal(ctome_node_degree(c, l, ctome_connectome_find(c, "AVAL"), 0, &in, &out, &wi, &wo),
                     CTOME_OK);
    assert_int_equal(out, 37);
    assert_int_equal(in, 53);
    assert_true(wo == 143 && wi == 237);
    ctome_connectome_free(c);
}

static void test_both_and_override(void **state)
{
    (void)state;
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("uzel", REG, &c), CTOME_OK);
    assert_int_equal(ctome_read_uzel_mat(UZEL "Neuro279_Syn.mat", NULL, c), CTOME_OK);
    assert_int_equal(ctome_read_uzel_mat(UZEL "Neuro279_EJ.mat", NULL, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    assert_int_equal(c->n_nodes, 279);
    assert_int_equal(c->n_layers, 2);
    assert_int_equal(ctome_connectome_get_layer(c, "chemical")->n, 2194);
    assert_int_equal(ctome_connectome_get_layer(c, "electrical")->n, 517);
    ctome_connectome_free(c);

    /* opts->layer wins over the variable name; the layer keeps its default direction. */
    c = read_one(UZEL "Neuro279_Syn.mat", "contact");
    assert_null(ctome_connectome_get_layer(c, "chemical"));
    const ctome_layer *l = ctome_connectome_get_layer(c, "contact");
    assert_non_null(l);
    assert_string_equal(l->weight_unit, "synapses");
    ctome_connectome_free(c);
}

/* The same variables saved as MATLAB v5 (libmatio path) give identical layers. */
static void test_v5_matches_v73(void **state)
{
    (void)state;
    const char *vars[] = {"Neuro279_Syn", "Neuro279_EJ"};
    for (int v = 0; v < 2; v++) {
        char p73[512], p5[512];
        snprintf(p73, sizeof p73, UZEL "%s.mat", vars[v]);
        snprintf(p5, sizeof p5, "%s/fixtures/matlab/v5/%s.mat", tu_tests_dir(), vars[v]);
        ctome_connectome *a = read_one(p73, NULL), *b = read_one(p5, NULL);
        assert_int_equal(a->n_nodes, b->n_nodes);
        for (size_t i = 0; i < a->n_nodes; i++)
            assert_string_equal(a->nodes[i].name, b->nodes[i].name);
        assert_int_equal(a->n_layers, 1);
        assert_int_equal(b->n_layers, 1);
        const ctome_layer *la = &a->layers[0], *lb = &b->layers[0];
        assert_string_equal(la->name, lb->name);
        assert_int_equal(la->n, lb->n);
        assert_memory_equal(la->e, lb->e, la->n * sizeof *la->e);
        ctome_connectome_free(a);
        ctome_connectome_free(b);
    }
}

/* ---- small files written here ---- */

static void path_in(char *buf, size_t sz, const char *dir, const char *name)
{
    char d[512];
    tu_path(buf, sz, tu_path(d, sizeof d, TMP, dir), name);
}

static void make_dir(const char *dir)
{
    char p[512];
    assert_int_equal(mkdir(tu_path(p, sizeof p, TMP, dir), 0755), 0);
}

/* A MATLAB v5 (or v7.3 with ver = MAT_FT_MAT73) matrix `var` of size rows x cols,
 * data column-major as MATLAB stores it. */
static int write_matrix(const char *path, const char *var, size_t rows, size_t cols, const double *data,
                        enum mat_ft ver)
{
    mat_t *m = Mat_CreateVer(path, NULL, ver);
    if (!m)
        return -1;
    size_t dims[2] = {rows, cols};
    matvar_t *v = Mat_VarCreate(var, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, (void *)data, 0);
    int r = v ? Mat_VarWrite(m, v, MAT_COMPRESSION_NONE) : -1;
    Mat_VarFree(v);
    Mat_Close(m);
    return r;
}

static int write_order(const char *path, const char **names, size_t n, enum mat_ft ver)
{
    mat_t *m = Mat_CreateVer(path, NULL, ver);
    if (!m)
        return -1;
    matvar_t **cells = calloc(n, sizeof *cells);
    for (size_t i = 0; i < n; i++) {
        size_t d[2] = {1, strlen(names[i])};
        cells[i] = Mat_VarCreate(NULL, MAT_C_CHAR, MAT_T_UTF8, 2, d, (void *)names[i], 0);
    }
    size_t dims[2] = {n, 1};
    matvar_t *v = Mat_VarCreate("Order279", MAT_C_CELL, MAT_T_CELL, 2, dims, cells, 0);
    int r = v ? Mat_VarWrite(m, v, MAT_COMPRESSION_NONE) : -1;
    Mat_VarFree(v);   /* frees the cells too */
    free(cells);
    Mat_Close(m);
    return r;
}

static int read_status(const char *path, ctome_connectome **out)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("t", REG, &c), CTOME_OK);
    int rc = ctome_read_uzel_mat(path, NULL, c);
    if (out && !rc) {
        ctome_connectome_finalise(c);
        *out = c;
    } else {
        ctome_connectome_free(c);
    }
    return rc;
}

/* M(2,1) = 5 in MATLAB: row 2 (AVAR) presynaptic to column 1 (AVAL). */
static void test_small_orientation_v5_and_v73(void **state)
{
    (void)state;
    const char *names[] = {"AVAL", "AVAR", "DB1"};
    double m[9] = {0, 5, 0, /* column 1 */ 0, 0, 0, /* column 2 */ 2, 0, 0 /* column 3 */};
    enum mat_ft vers[] = {MAT_FT_MAT5, MAT_FT_MAT73};
    const char *dirs[] = {"small5", "small73"};
    for (int k = 0; k < 2; k++) {
        char pm[512], po[512];
        make_dir(dirs[k]);
        path_in(pm, sizeof pm, dirs[k], "Neuro279_Syn.mat");
        path_in(po, sizeof po, dirs[k], "Order279.mat");
        if (write_matrix(pm, "Neuro279_Syn", 3, 3, m, vers[k]) || write_order(po, names, 3, vers[k])) {
            if (vers[k] == MAT_FT_MAT73)
                continue;   /* matio built without v7.3 support */
            fail_msg("cannot write %s", pm);
        }
        assert_int_equal(ctome_store_is_hdf5(pm), vers[k] == MAT_FT_MAT73);
        ctome_connectome *c = NULL;
        if (read_status(pm, &c))
            fail_msg("%s", ctome_error_message());
        assert_int_equal(c->n_nodes, 3);
        assert_string_equal(c->nodes[2].name, "DB01");
        assert_true(tu_weight(c, "chemical", "AVAR", "AVAL") == 5);
        assert_true(tu_weight(c, "chemical", "AVAL", "AVAR") == 0);
        assert_true(tu_weight(c, "chemical", "AVAL", "DB01") == 2);
        assert_int_equal(ctome_connectome_get_layer(c, "chemical")->n, 2);
        ctome_connectome_free(c);
    }
}

static void expect_error(const char *path, int code, const char *needle)
{
    ctome_error_clear();
    int rc = read_status(path, NULL);
    if (rc != code)
        fail_msg("%s: expected code %d, got %d (%s)", path, code, rc, ctome_error_message());
    if (!strstr(ctome_error_message(), needle))
        fail_msg("message '%s' lacks '%s'", ctome_error_message(), needle);
}

static void test_errors(void **state)
{
    (void)state;
    char p[512], po[512];
    make_dir("bad");
    const char *names3[] = {"AVAL", "AVAR", "AVBL"};
    double ok3[9] = {0};
    ok3[1] = 1;

    /* Not a MATLAB file at all. */
    path_in(p, sizeof p, "bad", "text.mat");
    FILE *f = fopen(p, "w");
    fputs("pre,post,weight\nAVAL,AVAR,3\n", f);
    fclose(f);
    expect_error(p, CTOME_EFORMAT, "not a MATLAB file");
    expect_error("/nonexistent/Neuro279_Syn.mat", CTOME_EIO, "/nonexistent/Neuro279_Syn.mat");

    /* A v5 file with other variables. */
    path_in(p, sizeof p, "bad", "other.mat");
    assert_int_equal(write_matrix(p, "Something", 3, 3, ok3, MAT_FT_MAT5), 0);
    expect_error(p, CTOME_EFORMAT, "no variable Neuro279_Syn or Neuro279_EJ");

    /* An HDF5 file with other variables names them. */
    path_in(p, sizeof p, "bad", "other73.mat");
    hid_t h = H5Fcreate(p, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t d2[2] = {2, 2};
    hid_t sp = H5Screate_simple(2, d2, NULL);
    hid_t ds = H5Dcreate2(h, "Foo", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(ds);
    H5Sclose(sp);
    H5Fclose(h);
    expect_error(p, CTOME_EFORMAT, "variables: Foo");

    /* Missing Order279.mat beside the matrix. */
    make_dir("noorder");
    path_in(p, sizeof p, "noorder", "Neuro279_Syn.mat");
    assert_int_equal(write_matrix(p, "Neuro279_Syn", 3, 3, ok3, MAT_FT_MAT5), 0);
    expect_error(p, CTOME_EIO, "Order279.mat");

    /* Non-square matrix. */
    make_dir("rect");
    path_in(p, sizeof p, "rect", "Neuro279_Syn.mat");
    path_in(po, sizeof po, "rect", "Order279.mat");
    double r6[6] = {0, 1, 0, 0, 0, 0};
    assert_int_equal(write_matrix(p, "Neuro279_Syn", 3, 2, r6, MAT_FT_MAT5), 0);
    assert_int_equal(write_order(po, names3, 3, MAT_FT_MAT5), 0);
    expect_error(p, CTOME_EFORMAT, "square");

    /* Name count differs from the matrix size. */
    make_dir("count");
    path_in(p, sizeof p, "count", "Neuro279_Syn.mat");
    path_in(po, sizeof po, "count", "Order279.mat");
    assert_int_equal(write_matrix(p, "Neuro279_Syn", 3, 3, ok3, MAT_FT_MAT5), 0);
    assert_int_equal(write_order(po, names3, 2, MAT_FT_MAT5), 0);
    expect_error(p, CTOME_EFORMAT, "2 names for a 3x3 matrix");

    /* Negative weight: named by MATLAB index and neurons. */
    make_dir("neg");
    path_in(p, sizeof p, "neg", "Neuro279_EJ.mat");
    path_in(po, sizeof po, "neg", "Order279.mat");
    double neg[9] = {0};
    neg[5] = -2;   /* column 2, row 3: M(3,2) */
    assert_int_equal(write_matrix(p, "Neuro279_EJ", 3, 3, neg, MAT_FT_MAT5), 0);
    assert_int_equal(write_order(po, names3, 3, MAT_FT_MAT5), 0);
    expect_error(p, CTOME_EVALUE, "Neuro279_EJ(3,2) (AVBL -> AVAR): bad weight -2");

    /* Two entries naming the same neuron (DB1 and DB01). */
    make_dir("dup");
    path_in(p, sizeof p, "dup", "Neuro279_Syn.mat");
    path_in(po, sizeof po, "dup", "Order279.mat");
    const char *dup[] = {"DB1", "AVAL", "DB01"};
    assert_int_equal(write_matrix(p, "Neuro279_Syn", 3, 3, ok3, MAT_FT_MAT5), 0);
    assert_int_equal(write_order(po, dup, 3, MAT_FT_MAT5), 0);
    expect_error(p, CTOME_EFORMAT, "'DB01' repeats entry 1");

    /* A truncated v7.3 file (first 1000 of 14637 bytes). */
    make_dir("trunc");
    path_in(p, sizeof p, "trunc", "Neuro279_Syn.mat");
    char *buf;
    size_t len;
    assert_int_equal(ctome_file_read(UZEL "Neuro279_Syn.mat", &buf, &len), CTOME_OK);
    f = fopen(p, "wb");
    fwrite(buf, 1, 1000, f);
    fclose(f);
    free(buf);
    ctome_error_clear();
    assert_int_not_equal(read_status(p, NULL), CTOME_OK);
    assert_non_null(strstr(ctome_error_message(), p));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syn_counts),
        cmocka_unit_test(test_ej_counts),
        cmocka_unit_test(test_orientation),
        cmocka_unit_test(test_both_and_override),
        cmocka_unit_test(test_v5_matches_v73),
        cmocka_unit_test(test_small_orientation_v5_and_v73),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
