/* test_zimmer.c — Zimmer-lab MATLAB recordings (ctome_read_rec_zimmer) and the
 * Uzel 2022 functional-connectivity matrices (ctome_read_uzel_fc).
 *
 * Fixtures: tests/fixtures/zimmer/, written by tests/ref/make_zimmer_fixtures.py
 * (scipy.io.savemat for v5, h5py in MATLAB's v7.3 layout).  Their values are
 * exact binary fractions: worm w (0-based), ROI i, frame t:
 *   deltaFOverF_bc = 1000 w + 100 i + 0.25 t,  tv = t / fps,  fps = 2.85, 3.0.
 * IDs: worm 1 {AVAL, [], {SMDVL, SMDVR}, AVAR, VB2}; worm 2 {RIML, {AIBL, AIBR},
 * [], AVAL, AVAL}.
 * Uzel FC reference: tests/ref/uzel_fc_ref.txt from tests/ref/uzel_fc_ref.py (h5py).
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
#include "matval.h"
#include "names.h"
#include "recordings_io.h"
#include "registry.h"
#include "testutil.h"

#define FC CTOME_TEST_DATA "/activity/uzel2022_functional_connectivity/Matrices_FC.mat"
#define NEURON_ORDER CTOME_TEST_DATA "/activity/uzel2022_functional_connectivity/NeuronOrder.mat"
#define ORDER279 CTOME_TEST_DATA "/connectome/uzel2022_varshney279/Order279.mat"

static const double FPS[2] = {2.85, 3.0};
static const char *const LABELS[2][5] = {
    {"AVAL", "", "SMDVL", "AVAR", "VB02"},
    {"RIML", "AIBL", "", "AVAL", ""},
};

static ctome_registry *REG;

static char *fixture(char *buf, size_t sz, const char *name)
{
    snprintf(buf, sz, "%s/fixtures/zimmer/%s", tu_tests_dir(), name);
    return buf;
}

static void read_ok(const char *name, ctome_recordings *out)
{
    char p[1024];
    int rc = ctome_read_rec_zimmer(fixture(p, sizeof p, name), REG, out);
    if (rc)
        fail_msg("%s: %s", name, ctome_error_message());
}

/* One worm of the fixture: values, labels, registry places. */
static void check_worm(const ctome_recording *r, size_t w, int time_from_tv)
{
    assert_int_equal(r->n_neurons, 5);
    assert_int_equal(r->n_time, 50);
    for (size_t i = 0; i < 5; i++) {
        for (size_t t = 0; t < 50; t++)
            assert_true(r->traces[i * 50 + t] == 1000.0 * (double)w + 100.0 * (double)i + 0.25 * (double)t);
        assert_string_equal(r->labels[i], LABELS[w][i]);
        if (LABELS[w][i][0])
            assert_true(r->reg[i] >= 0);
        else
            assert_int_equal(r->reg[i], -1);
    }
    (void)time_from_tv;   /* tv = (0:T-1)'/fps in the fixture: the same numbers either way */
    for (size_t t = 0; t < 50; t++)
        assert_true(r->time[t] == (double)t / FPS[w]);
    /* spot values */
    assert_true(r->traces[2 * 50 + 10] == 1000.0 * (double)w + 202.5);
    assert_int_equal(ctome_recording_find(r, "AVAL"), w == 0 ? 0 : 3);
}

static void test_kato_v5_and_v73_identical(void **state)
{
    (void)state;
    ctome_recordings a = {NULL, 0}, b = {NULL, 0};
    read_ok("WT_NoStim_v5.mat", &a);
    read_ok("WT_NoStim_v73.mat", &b);
    assert_int_equal(a.n, 2);
    assert_int_equal(b.n, 2);
    for (size_t w = 0; w < 2; w++) {
        check_worm(a.r[w], w, 1);
        check_worm(b.r[w], w, 1);
        assert_memory_equal(a.r[w]->traces, b.r[w]->traces, 250 * sizeof(double));
        assert_memory_equal(a.r[w]->time, b.r[w]->time, 50 * sizeof(double));
        assert_string_equal(a.r[w]->dataset, "WT_NoStim");
        assert_string_equal(b.r[w]->dataset, "WT_NoStim");
        assert_string_equal(a.r[w]->worm, w ? "WT_NoStim(2)" : "WT_NoStim(1)");
        assert_string_equal(b.r[w]->worm, a.r[w]->worm);
        assert_string_equal(a.r[w]->source_sha256, a.r[0]->source_sha256);
        assert_int_equal(strlen(a.r[w]->source_sha256), 64);
        assert_non_null(strstr(a.r[w]->provenance, "\"traces_field\":\"deltaFOverF_bc\""));
        assert_non_null(strstr(a.r[w]->provenance, "\"ids_field\":\"NeuronNames\""));
        assert_non_null(strstr(a.r[w]->provenance, "\"time_field\":\"tv\""));
        assert_non_null(strstr(a.r[w]->provenance, "\"mat_version\":\"5\""));
        assert_non_null(strstr(b.r[w]->provenance, "\"mat_version\":\"7.3\""));
    }
    assert_string_equal(a.r[0]->id, "WT_NoStim_v5-1");
    assert_string_equal(b.r[1]->id, "WT_NoStim_v73-2");
    /* worm 1: one ambiguous ID (SMDVL/SMDVR); worm 2: one ambiguous (AIBL/AIBR), one repeated AVAL */
    assert_non_null(strstr(a.r[0]->provenance, "\"ambiguous_ids_first_candidate\":1"));
    assert_non_null(strstr(a.r[0]->provenance, "\"duplicate_ids_unlabelled\":0"));
    assert_non_null(strstr(b.r[1]->provenance, "\"duplicate_ids_unlabelled\":1"));
    ctome_recordings_free(&a);
    ctome_recordings_free(&b);
}

static void test_kato_wbdata(void **state)
{
    (void)state;
    ctome_recordings a = {NULL, 0};
    read_ok("TS20140715e_wbdata.mat", &a);
    assert_int_equal(a.n, 1);
    check_worm(a.r[0], 0, 1);
    assert_string_equal(a.r[0]->id, "TS20140715e_wbdata");
    assert_string_equal(a.r[0]->worm, "TS20140715e_lite-1_punc-31_NLS3_2eggs_56um_1mMTet_basal_1080s");
    assert_non_null(strstr(a.r[0]->provenance, "\"ids_field\":\"NeuronIds\""));
    ctome_recordings_free(&a);
}

static void test_time_from_fps(void **state)
{
    (void)state;
    ctome_recordings a = {NULL, 0};
    read_ok("NoStim_Data_fps.mat", &a);
    assert_int_equal(a.n, 2);
    for (size_t w = 0; w < 2; w++) {
        check_worm(a.r[w], w, 0);
        assert_non_null(strstr(a.r[w]->provenance, "\"time_field\":\"fps\""));
    }
    assert_true(fabs(a.r[1]->time[49] - 49.0 / 3.0) < 1e-15);
    ctome_recordings_free(&a);
}

static void expect_error(const char *name, int code, const char *msg1, const char *msg2)
{
    char p[1024];
    ctome_recordings a = {NULL, 0};
    int rc = ctome_read_rec_zimmer(fixture(p, sizeof p, name), REG, &a);
    assert_int_equal(rc, code);
    assert_int_equal(a.n, 0);
    const char *m = ctome_error_message();
    if (!strstr(m, msg1) || (msg2 && !strstr(m, msg2)))
        fail_msg("message '%s' lacks '%s' / '%s'", m, msg1, msg2 ? msg2 : "");
    assert_non_null(strstr(m, name));
}

static void test_bad_inputs(void **state)
{
    (void)state;
    expect_error("bad_no_traces.mat", CTOME_EFORMAT, "WT_NoStim(1): no traces field", "deltaFOverF_bc");
    expect_error("bad_tv_mismatch.mat", CTOME_EFORMAT, "WT_NoStim(2): traces/time length mismatch",
                 "50 frames but tv has 49");
    /* not a MATLAB file at all; a missing file */
    char *dir = tu_mkdtemp("zimmer");
    char *txt = tu_write_in(dir, "x.mat", "time,AVAL\n0,1\n");
    ctome_recordings a = {NULL, 0};
    assert_int_equal(ctome_read_rec_zimmer(txt, REG, &a), CTOME_EFORMAT);
    assert_int_equal(a.n, 0);
    char *missing = tu_join(dir, "none.mat");
    assert_int_equal(ctome_read_rec_zimmer(missing, REG, &a), CTOME_EIO);
    /* a MATLAB file without any worm: the Uzel FC file */
    assert_int_equal(ctome_read_rec_zimmer(FC, REG, &a), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "Matrices_FC"));
    assert_int_equal(a.n, 0);
    free(txt);
    free(missing);
    tu_rmtree(dir);
}

/* ---- Uzel 2022 FC ---- */

static int find_name(const ctome_fmatrix *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0)
            return (int)i;
    return -1;
}

static void test_uzel_fc_reference(void **state)
{
    (void)state;
    char p[1024];
    snprintf(p, sizeof p, "%s/ref/uzel_fc_ref.txt", tu_tests_dir());
    FILE *fp = fopen(p, "r");
    assert_non_null(fp);
    char line[512];
    ctome_fmatrix *f = NULL;
    int which = 0, entries = 0, matrices = 0;
    while (fgets(line, sizeof line, fp)) {
        int w, n, sym, dnan, done;
        char a[32], b[32];
        double v;
        if (sscanf(line, "matrix %d %d %d %d %d", &w, &n, &sym, &dnan, &done) == 5) {
            ctome_fmatrix_free(f);
            which = w;
            if (ctome_read_uzel_fc(FC, ORDER279, which, &f))
                fail_msg("%s", ctome_error_message());
            matrices++;
            assert_int_equal(f->n, (size_t)n);
            int is_sym = 1, all_nan = 1, all_one = 1;
            for (size_t i = 0; i < f->n; i++) {
                double d = f->m[i * f->n + i];
                all_nan &= isnan(d) != 0;
                all_one &= d == 1.0;
                for (size_t j = 0; j < f->n; j++) {
                    double x = f->m[i * f->n + j], y = f->m[j * f->n + i];
                    if (!(isnan(x) && isnan(y)) && !(fabs(x - y) <= 1e-12))
                        is_sym = 0;
                }
                /* no row left entirely NaN */
                int any = 0;
                for (size_t j = 0; j < f->n; j++)
                    any |= !isnan(f->m[i * f->n + j]);
                assert_true(any);
            }
            assert_int_equal(is_sym, sym);
            assert_int_equal(all_nan, dnan);
            assert_int_equal(all_one, done);
        } else if (sscanf(line, "first %31s last %31s", a, b) == 2) {
            assert_string_equal(f->names[0], a);
            assert_string_equal(f->names[f->n - 1], b);
        } else if (sscanf(line, "entry %d %31s %31s %lf", &w, a, b, &v) == 4) {
            assert_int_equal(w, which);
            int i = find_name(f, a), j = find_name(f, b);
            assert_true(i >= 0 && j >= 0);
            double x = f->m[(size_t)i * f->n + (size_t)j];
            if (!(fabs(x - v) <= 1e-12 * fmax(1.0, fabs(v))))
                fail_msg("matrix %d %s %s: %.17g, reference %.17g", which, a, b, x, v);
            entries++;
        }
    }
    fclose(fp);
    ctome_fmatrix_free(f);
    assert_int_equal(matrices, 9);
    assert_int_equal(entries, 54);
}

/* The kept neurons are NeuronOrder.mat's 65 plus AWCL (see uzel_fc.c). */
static void test_uzel_fc_names_vs_neuron_order(void **state)
{
    (void)state;
    ctome_fmatrix *f = NULL;
    assert_int_equal(ctome_read_uzel_fc(FC, ORDER279, 2, &f), CTOME_OK);
    assert_string_equal(f->id, "uzel2022-fc-2");
    mfile nf;
    assert_int_equal(mfile_read(NEURON_ORDER, "NeuronOrder", &nf), CTOME_OK);
    const mval *no = mfile_get(&nf, "NeuronOrder");
    assert_non_null(no);
    assert_int_equal(mval_numel(no), 65);
    for (size_t i = 0; i < 65; i++) {
        char canon[64];
        assert_int_equal(ctome_name_normalise(no->elem[i]->str, canon, sizeof canon), CTOME_OK);
        if (find_name(f, canon) < 0)
            fail_msg("NeuronOrder %s not among the FC neurons", canon);
    }
    assert_int_equal(f->n, 66);
    assert_true(find_name(f, "AWCL") >= 0);
    mfile_free(&nf);
    ctome_fmatrix_free(f);
}

static void test_uzel_fc_bad(void **state)
{
    (void)state;
    ctome_fmatrix *f = (ctome_fmatrix *)1;
    assert_int_equal(ctome_read_uzel_fc(FC, ORDER279, 0, &f), CTOME_EINVAL);
    assert_null(f);
    assert_non_null(strstr(ctome_error_message(), "1..9"));
    assert_int_equal(ctome_read_uzel_fc(FC, ORDER279, 10, &f), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "matrix 10"));
    assert_null(f);
    /* the order file is not Order279.mat */
    assert_int_equal(ctome_read_uzel_fc(FC, NEURON_ORDER, 1, &f), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "Order279"));
    assert_null(f);
    /* a recording fixture is not Matrices_FC */
    char p[1024];
    assert_int_equal(ctome_read_uzel_fc(fixture(p, sizeof p, "WT_NoStim_v73.mat"), ORDER279, 1, &f),
                     CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "Matrices_FC"));
    assert_null(f);
}

int main(void)
{
    ctome_init();
    REG = tu_registry();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kato_v5_and_v73_identical),
        cmocka_unit_test(test_kato_wbdata),
        cmocka_unit_test(test_time_from_fps),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_uzel_fc_reference),
        cmocka_unit_test(test_uzel_fc_names_vs_neuron_order),
        cmocka_unit_test(test_uzel_fc_bad),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ctome_registry_free(REG);
    return rc;
}
