/* test_store.c — the HDF5 store: round trips and every error path.
 *
 * Round trips: a small connectome built here (directed and undirected layers,
 * summed duplicates, an asymmetric gap junction, a self-loop, an empty layer,
 * an unplaced cell) and the Uzel 2022 connectome read from the bundled .mat
 * files (2194 chemical edges / 6394 synapses, 517 gap-junction pairs / 890,
 * tests/ref/matlab_ref.txt).  Errors: non-HDF5 file, truncated store, HDF5
 * file that is not a store, newer schema, missing group, missing id, an
 * unwritable output directory, a failed write (no file left behind).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <hdf5.h>

#include <dirent.h>
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
    return tu_group_setup("test_store", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

static void tmp_path(char *buf, size_t sz, const char *name)
{
    tu_path(buf, sz, TMP, name);
}

static ctome_connectome *toy(const char *id, const ctome_registry *reg)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new(id, reg, &c), CTOME_OK);
    /* Node order AVAL, AVAR, DB01, XYZ9 (names normalised on the way in). */
    tu_node(c, "AVAL");
    tu_node(c, "avar ");
    tu_node(c, "DB1");
    tu_node(c, "XYZ9");
    tu_add(c, "chemical", "AVAL", "AVAR", 2);
    tu_add(c, "chemical", "AVAL", "AVAR", 3);
    tu_add(c, "chemical", "AVAR", "DB1", 1.5);
    tu_add(c, "chemical", "DB1", "DB1", 1);
    tu_add(c, "chemical", "XYZ9", "AVAL", 0.25);
    tu_add(c, "electrical", "AVAR", "AVAL", 2);
    tu_add(c, "electrical", "AVAL", "AVAR", 3);
    tu_add(c, "electrical", "DB1", "AVAL", 1);
    /* An empty layer (zero-length datasets in the store).  Marked finalised
     * here: connectome.c's finalise passes its NULL edge array to qsort, which
     * UBSan rejects (reported to the lead). */
    ctome_layer *empty = ctome_connectome_layer(c, "functional");
    assert_non_null(empty);
    empty->finalised = 1;
    ctome_layer *l = ctome_connectome_layer(c, "chemical");
    free(l->weight_unit);
    l->weight_unit = strdup("synapses");
    free(c->source_file);
    c->source_file = strdup("toy/ünïcode.csv");
    memset(c->source_sha256, 'a', 64);
    c->source_sha256[64] = '\0';
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    return c;
}

static void assert_same(const ctome_connectome *a, const ctome_connectome *b)
{
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->source_file, b->source_file);
    assert_string_equal(a->source_sha256, b->source_sha256);
    assert_int_equal(a->n_nodes, b->n_nodes);
    for (size_t i = 0; i < a->n_nodes; i++) {
        assert_string_equal(a->nodes[i].name, b->nodes[i].name);
        assert_int_equal(a->nodes[i].kind, b->nodes[i].kind);
        assert_int_equal(a->nodes[i].reg, b->nodes[i].reg);
    }
    assert_int_equal(a->n_unplaced, b->n_unplaced);
    assert_int_equal(a->n_layers, b->n_layers);
    for (size_t k = 0; k < a->n_layers; k++) {
        const ctome_layer *la = &a->layers[k];
        const ctome_layer *lb = ctome_connectome_get_layer(b, la->name);
        assert_non_null(lb);
        assert_int_equal(la->directed, lb->directed);
        assert_string_equal(la->weight_unit, lb->weight_unit);
        assert_int_equal(la->asymmetric, lb->asymmetric);
        assert_int_equal(la->self_loops, lb->self_loops);
        assert_true(lb->finalised);
        assert_int_equal(la->n, lb->n);
        for (size_t i = 0; i < la->n; i++) {
            assert_int_equal(la->e[i].src, lb->e[i].src);
            assert_int_equal(la->e[i].dst, lb->e[i].dst);
            assert_true(la->e[i].w == lb->e[i].w);   /* float64 both ways: exact */
        }
    }
}

static void write_store(const char *path, ctome_connectome **cs, size_t n)
{
    ctome_store *s;
    if (ctome_store_create(path, &s))
        fail_msg("%s", ctome_error_message());
    for (size_t i = 0; i < n; i++)
        if (ctome_store_put_connectome(s, cs[i]))
            fail_msg("%s", ctome_error_message());
    if (ctome_store_commit(s))
        fail_msg("%s", ctome_error_message());
}

static void test_roundtrip_toy(void **state)
{
    (void)state;
    char p[512];
    tmp_path(p, sizeof p, "toy.h5");
    ctome_connectome *cs[2] = {toy("toy", REG), toy("toy-noreg", NULL)};
    /* What finalise made of the listings: the layer facts the store must keep. */
    const ctome_layer *el = ctome_connectome_get_layer(cs[0], "electrical");
    assert_int_equal(el->n, 2);
    assert_int_equal(el->asymmetric, 1);
    assert_int_equal(ctome_connectome_get_layer(cs[0], "chemical")->self_loops, 1);
    assert_int_equal(ctome_connectome_get_layer(cs[0], "functional")->n, 0);
    assert_int_equal(cs[0]->n_unplaced, 1);
    write_store(p, cs, 2);
    assert_true(ctome_store_is_hdf5(p));

    ctome_store *s;
    assert_int_equal(ctome_store_open(p, &s), CTOME_OK);
    char **ids;
    size_t n;
    assert_int_equal(ctome_store_list(s, &ids, &n), CTOME_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], "toy");
    assert_string_equal(ids[1], "toy-noreg");
    ctome_connectome *back;
    assert_int_equal(ctome_store_get_connectome(s, "toy", REG, &back), CTOME_OK);
    assert_same(cs[0], back);
    assert_int_equal(back->nodes[ctome_connectome_find(back, "DB01")].kind, CTOME_CELL_NEURON);
    ctome_connectome_free(back);
    /* Without a registry the stored kinds and registry indices come back as written. */
    assert_int_equal(ctome_store_get_connectome(s, "toy", NULL, &back), CTOME_OK);
    for (size_t i = 0; i < back->n_nodes; i++) {
        assert_int_equal(back->nodes[i].kind, cs[0]->nodes[i].kind);
        assert_int_equal(back->nodes[i].reg, cs[0]->nodes[i].reg);
    }
    ctome_connectome_free(back);
    assert_int_equal(ctome_store_get_connectome(s, "toy-noreg", NULL, &back), CTOME_OK);
    assert_same(cs[1], back);
    ctome_connectome_free(back);
    ctome_store_close(s);
    ctome_connectome_free(cs[0]);
    ctome_connectome_free(cs[1]);
}

static ctome_connectome *uzel(void)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("uzel2022", REG, &c), CTOME_OK);
    assert_int_equal(ctome_read_uzel_mat(UZEL "Neuro279_Syn.mat", NULL, c), CTOME_OK);
    assert_int_equal(ctome_read_uzel_mat(UZEL "Neuro279_EJ.mat", NULL, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    free(c->source_file);
    c->source_file = strdup("connectome/uzel2022_varshney279/Neuro279_Syn.mat");
    assert_int_equal(ctome_sha256_file(UZEL "Neuro279_Syn.mat", c->source_sha256), CTOME_OK);
    return c;
}

static void test_roundtrip_uzel(void **state)
{
    (void)state;
    char p[512];
    tmp_path(p, sizeof p, "uzel.h5");
    ctome_connectome *c = uzel();
    write_store(p, &c, 1);
    ctome_store *s;
    assert_int_equal(ctome_store_open(p, &s), CTOME_OK);
    ctome_connectome *back;
    assert_int_equal(ctome_store_get_connectome(s, "uzel2022", REG, &back), CTOME_OK);
    assert_same(c, back);
    assert_int_equal(back->n_nodes, 279);
    assert_int_equal(ctome_connectome_get_layer(back, "chemical")->n, 2194);
    assert_int_equal(ctome_connectome_get_layer(back, "electrical")->n, 517);
    assert_string_equal(back->source_sha256,
                        "ad321f77a13d3c92a0c93800837efeec176ef59e5ab4910d7ce4b1ed4275260c");
    ctome_connectome_free(back);
    ctome_store_close(s);
    ctome_connectome_free(c);
}

/* SOURCE_DATE_EPOCH pins `created`; object times are not tracked, so the
 * same connectome gives the same bytes. */
static void test_reproducible(void **state)
{
    (void)state;
    char a[512], b[512];
    tmp_path(a, sizeof a, "rep_a.h5");
    tmp_path(b, sizeof b, "rep_b.h5");
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ctome_connectome *c = toy("toy", REG);
    write_store(a, &c, 1);
    write_store(b, &c, 1);
    unsetenv("SOURCE_DATE_EPOCH");
    char *x, *y;
    size_t nx, ny;
    assert_int_equal(ctome_file_read(a, &x, &nx), CTOME_OK);
    assert_int_equal(ctome_file_read(b, &y, &ny), CTOME_OK);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    free(x);
    free(y);
    ctome_connectome_free(c);
}

static void expect_open_error(const char *path, int code, const char *needle)
{
    ctome_store *s = NULL;
    ctome_error_clear();
    int rc = ctome_store_open(path, &s);
    if (rc != code)
        fail_msg("%s: expected %d, got %d (%s)", path, code, rc, ctome_error_message());
    assert_null(s);
    assert_non_null(strstr(ctome_error_message(), path));
    if (!strstr(ctome_error_message(), needle))
        fail_msg("message '%s' lacks '%s'", ctome_error_message(), needle);
}

static void test_open_errors(void **state)
{
    (void)state;
    char p[512];
    tmp_path(p, sizeof p, "notes.txt");
    FILE *f = fopen(p, "w");
    fputs("not a store\n", f);
    fclose(f);
    assert_false(ctome_store_is_hdf5(p));
    assert_false(ctome_store_is_hdf5("/nonexistent/x.h5"));
    expect_open_error(p, CTOME_EFORMAT, "not an HDF5 file");
    expect_open_error("/nonexistent/x.h5", CTOME_EIO, "cannot open");

    /* The first 1000 bytes of a real store. */
    char full[512];
    tmp_path(full, sizeof full, "full.h5");
    ctome_connectome *c = uzel();
    write_store(full, &c, 1);
    ctome_connectome_free(c);
    char *buf;
    size_t len;
    assert_int_equal(ctome_file_read(full, &buf, &len), CTOME_OK);
    assert_true(len > 1000);
    tmp_path(p, sizeof p, "truncated.h5");
    f = fopen(p, "wb");
    fwrite(buf, 1, 1000, f);
    fclose(f);
    free(buf);
    expect_open_error(p, CTOME_EFORMAT, "truncated");

    /* An HDF5 file that is not a store, and one from a newer ctome. */
    tmp_path(p, sizeof p, "plain.h5");
    hid_t h = H5Fcreate(p, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(h);
    expect_open_error(p, CTOME_EFORMAT, "no attribute 'schema_version'");
    tmp_path(p, sizeof p, "future.h5");
    h = H5Fcreate(p, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(h, "schema_version", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    int v = 99;
    H5Awrite(a, H5T_NATIVE_INT, &v);
    H5Aclose(a);
    H5Sclose(sp);
    H5Fclose(h);
    expect_open_error(p, CTOME_EFORMAT, "schema_version 99");
}

static void test_read_errors(void **state)
{
    (void)state;
    char p[512];
    tmp_path(p, sizeof p, "broken.h5");
    ctome_connectome *c = toy("toy", REG);
    write_store(p, &c, 1);
    ctome_connectome_free(c);

    ctome_store *s;
    ctome_connectome *back = NULL;
    assert_int_equal(ctome_store_open(p, &s), CTOME_OK);
    ctome_error_clear();
    assert_int_equal(ctome_store_get_connectome(s, "nope", REG, &back), CTOME_ENOTFOUND);
    assert_null(back);
    assert_non_null(strstr(ctome_error_message(), "/connectomes/nope"));
    assert_non_null(strstr(ctome_error_message(), p));
    assert_int_equal(ctome_store_get_connectome(s, "a/b", REG, &back), CTOME_EINVAL);
    ctome_store_close(s);

    /* Remove a group and damage an index behind ctome's back (as a user with h5py might). */
    hid_t h = H5Fopen(p, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(h >= 0);
    assert_true(H5Ldelete(h, "/connectomes/toy/nodes", H5P_DEFAULT) >= 0);
    H5Fclose(h);
    assert_int_equal(ctome_store_open(p, &s), CTOME_OK);
    ctome_error_clear();
    assert_int_equal(ctome_store_get_connectome(s, "toy", REG, &back), CTOME_EFORMAT);
    assert_null(back);
    assert_non_null(strstr(ctome_error_message(), "/connectomes/toy/nodes: missing group"));
    ctome_store_close(s);

    tmp_path(p, sizeof p, "badindex.h5");
    c = toy("toy", REG);
    write_store(p, &c, 1);
    ctome_connectome_free(c);
    h = H5Fopen(p, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t d = H5Dopen2(h, "/connectomes/toy/layers/chemical/dst", H5P_DEFAULT);
    int32_t big[1] = {77};
    hsize_t start[1] = {0}, count[1] = {1};
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, count, NULL);
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    assert_true(H5Dwrite(d, H5T_NATIVE_INT32, ms, fs, H5P_DEFAULT, big) >= 0);
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    H5Fclose(h);
    assert_int_equal(ctome_store_open(p, &s), CTOME_OK);
    assert_int_equal(ctome_store_get_connectome(s, "toy", REG, &back), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(),
                           "/connectomes/toy/layers/chemical/dst[0]: node index 77 out of range"));
    ctome_store_close(s);
}

static size_t dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_write_errors(void **state)
{
    (void)state;
    ctome_store *s = NULL;
    /* Unwritable locations (also for root): a missing directory and /proc. */
    assert_int_equal(ctome_store_create("/nonexistent-dir/x/store.h5", &s), CTOME_EIO);
    assert_null(s);
    assert_non_null(strstr(ctome_error_message(), "/nonexistent-dir/x/store.h5"));
    assert_int_equal(ctome_store_create("/proc/ctome-store.h5", &s), CTOME_EIO);
    assert_null(s);
    assert_int_not_equal(access("/proc/ctome-store.h5", F_OK), 0);
    /* A read-only directory, where permissions apply (not for root). */
    char ro[512];
    tmp_path(ro, sizeof ro, "readonly");
    assert_int_equal(mkdir(ro, 0555), 0);
    if (geteuid() != 0) {
        char p[600];
        snprintf(p, sizeof p, "%s/store.h5", ro);
        assert_int_equal(ctome_store_create(p, &s), CTOME_EIO);
        assert_int_equal(dir_entries(ro), 0);
    }
    /* A failed write and abort leave nothing behind; a directory is refused. */
    char dir[512], p[600];
    tmp_path(dir, sizeof dir, "out");
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(p, sizeof p, "%s/store.h5", dir);
    assert_int_equal(ctome_store_create(dir, &s), CTOME_EIO);
    ctome_connectome *c = toy("toy", REG);
    assert_int_equal(ctome_store_create(p, &s), CTOME_OK);
    assert_int_equal(dir_entries(dir), 1);   /* the temporary file */
    assert_int_equal(ctome_store_put_connectome(s, c), CTOME_OK);
    assert_int_equal(ctome_store_put_connectome(s, c), CTOME_EINVAL);   /* duplicate id */
    assert_non_null(strstr(ctome_error_message(), "already stored"));
    ctome_connectome *bad;
    assert_int_equal(ctome_connectome_new("half", REG, &bad), CTOME_OK);
    int i = tu_node(bad, "AVAL");
    assert_int_equal(ctome_connectome_add(bad, "chemical", i, i, 1, "t", 1), CTOME_OK);
    assert_int_equal(ctome_store_put_connectome(s, bad), CTOME_EINVAL);   /* not finalised */
    assert_non_null(strstr(ctome_error_message(), "not finalised"));
    free(bad->id);
    bad->id = strdup("a/b");
    assert_int_equal(ctome_store_put_connectome(s, bad), CTOME_EINVAL);
    ctome_connectome_free(bad);
    ctome_store_abort(s);
    assert_int_equal(dir_entries(dir), 0);
    assert_int_not_equal(access(p, F_OK), 0);
    /* Commit replaces an existing file atomically. */
    FILE *f = fopen(p, "w");
    fputs("old", f);
    fclose(f);
    write_store(p, &c, 1);
    assert_true(ctome_store_is_hdf5(p));
    assert_int_equal(dir_entries(dir), 1);
    ctome_connectome_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_toy),
        cmocka_unit_test(test_roundtrip_uzel),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_write_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
