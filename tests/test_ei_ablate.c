/* test_ei_ablate.c — ablations and sign overrides of the E/I model
 * (lib/models/ei_ablate.h, ctome_ei_opts.sign_override, ctome_ei_select) and
 * the simulation store (lib/data/store_sim.h).
 *
 * References by hand: a 4-neuron connectome with chemical AVAL->AVBL 3,
 * DD01->AVAL 2, AVBL->DD01 4 and gap junction AVAL-AVAR 5, chem_scale 0.1,
 * gap_scale 0.2 (AVAL, AVAR, AVBL cholinergic +1, DD01 GABAergic -1, Wang 2024)
 * has W[AVBL,AVAL] = +0.3, W[AVAL,DD01] = -0.2, W[DD01,AVBL] = +0.4 and
 * G[AVAL,AVAR] = 1.0.  A silenced neuron stays exactly 0; with AVAL silenced,
 * AVAR (coupled to AVAL only) obeys x' = -x + I, x(t) = I (1 - e^-t).
 * Permutation ablations keep the E/I counts (random signs) or the multiset of
 * weights and the edge set (shuffle); Dale's law holds after both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectome.h"
#include "datasets.h"
#include "ei.h"
#include "ei_ablate.h"
#include "error.h"
#include "registry.h"
#include "store.h"
#include "store_sim.h"
#include "testutil.h"

static ctome_registry *REG;
static ctome_connectome *COOK, *TOY;
static char *TMP;

/* W[post, pre] of a model by neuron names, 0 if absent. */
static double wv(const ctome_ei *m, const char *post, const char *pre)
{
    int i = ctome_ei_find(m, post), j = ctome_ei_find(m, pre);
    assert_true(i >= 0 && j >= 0);
    double s = 0;
    for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
        if (m->w_col[p] == j)
            s += m->w_val[p];
    return s;
}

static double gv(const ctome_ei *m, const char *a, const char *b)
{
    int i = ctome_ei_find(m, a), j = ctome_ei_find(m, b);
    assert_true(i >= 0 && j >= 0);
    double s = 0;
    for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
        if (m->g_col[p] == j)
            s += m->g_val[p];
    return s;
}

static ctome_ei *toy(const signed char *ov)
{
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.chem_scale = 0.1;
    o.gap_scale = 0.2;
    o.sign_override = ov;
    o.n_sign_override = ov ? ctome_registry_size(REG) : 0;
    ctome_ei *m = NULL;
    assert_int_equal(ctome_ei_build(TOY, REG, &o, &m), CTOME_OK);
    assert_int_equal(m->n, 4);
    return m;
}

static void test_build_toy(void **state)
{
    (void)state;
    ctome_ei *m = toy(NULL);
    assert_float_equal(wv(m, "AVBL", "AVAL"), 0.3, 1e-15);
    assert_float_equal(wv(m, "AVAL", "DD01"), -0.2, 1e-15);
    assert_float_equal(wv(m, "DD01", "AVBL"), 0.4, 1e-15);
    assert_float_equal(gv(m, "AVAL", "AVAR"), 1.0, 1e-15);
    assert_float_equal(gv(m, "AVAR", "AVAL"), 1.0, 1e-15);
    assert_int_equal(ctome_ei_n_connections(m), 5);
    /* select: a neuron, a class, an unknown name */
    size_t *idx, k;
    assert_int_equal(ctome_ei_select(m, "AVA", &idx, &k), CTOME_OK);
    assert_int_equal(k, 2);
    free(idx);
    assert_int_equal(ctome_ei_select(m, "avbl", &idx, &k), CTOME_OK);
    assert_int_equal(k, 1);
    assert_int_equal((int)idx[0], ctome_ei_find(m, "AVBL"));
    free(idx);
    assert_int_equal(ctome_ei_select(m, "NOPE", &idx, &k), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "NOPE"));
    assert_int_equal(ctome_ei_select(m, "RIML", &idx, &k), CTOME_ENOTFOUND);   /* not in the model */
    assert_non_null(strstr(ctome_error_message(), "not in the model"));
    ctome_ei_free(m);
}

static void test_sign_override(void **state)
{
    (void)state;
    size_t nr = ctome_registry_size(REG);
    signed char *ov = malloc(nr);
    memset(ov, CTOME_EI_SIGN_KEEP, nr);
    ov[ctome_registry_find(REG, "DD01")] = 1;   /* GABA made excitatory */
    ov[ctome_registry_find(REG, "AVAL")] = 0;   /* output dropped */
    ctome_ei *m = toy(ov);
    assert_float_equal(wv(m, "AVAL", "DD01"), 0.2, 1e-15);
    assert_float_equal(wv(m, "AVBL", "AVAL"), 0.0, 0);
    assert_float_equal(wv(m, "DD01", "AVBL"), 0.4, 1e-15);
    assert_int_equal(m->sign[ctome_ei_find(m, "DD01")], 1);
    assert_int_equal(m->sign[ctome_ei_find(m, "AVAL")], 0);
    ctome_ei_free(m);
    /* An override outside -1..1 is refused. */
    ov[ctome_registry_find(REG, "AVAL")] = 3;
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.sign_override = ov;
    o.n_sign_override = nr;
    assert_int_equal(ctome_ei_build(TOY, REG, &o, &m), CTOME_EVALUE);
    free(ov);
}

static void test_flip_remove(void **state)
{
    (void)state;
    ctome_ei *m = toy(NULL);
    ctome_ei_flip_signs(m);
    assert_float_equal(wv(m, "AVBL", "AVAL"), -0.3, 1e-15);
    assert_float_equal(wv(m, "AVAL", "DD01"), 0.2, 1e-15);
    assert_int_equal(m->sign[ctome_ei_find(m, "DD01")], 1);
    assert_int_equal(m->sign[ctome_ei_find(m, "AVAL")], -1);
    assert_float_equal(gv(m, "AVAL", "AVAR"), 1.0, 1e-15);   /* gap junctions have no sign */
    assert_int_equal(ctome_ei_remove_layer(m, CTOME_EI_CHEMICAL), CTOME_OK);
    assert_int_equal(ctome_ei_n_connections(m), 2);
    assert_float_equal(gv(m, "AVAL", "AVAR"), 1.0, 1e-15);
    assert_int_equal(ctome_ei_remove_layer(m, CTOME_EI_ELECTRICAL), CTOME_OK);
    assert_int_equal(ctome_ei_n_connections(m), 0);
    for (size_t i = 0; i < m->n; i++)
        assert_float_equal(m->g_deg[i], 0.0, 0);
    assert_int_equal(ctome_ei_remove_layer(m, (ctome_ei_layer)7), CTOME_EINVAL);
    assert_int_equal(ctome_ei_layer_parse("chemical"), CTOME_EI_CHEMICAL);
    assert_int_equal(ctome_ei_layer_parse("electrical"), CTOME_EI_ELECTRICAL);
    assert_int_equal(ctome_ei_layer_parse("gap"), -1);
    ctome_ei_free(m);
}

static void test_silence(void **state)
{
    (void)state;
    ctome_ei *m = toy(NULL);
    int aval = ctome_ei_find(m, "AVAL"), avar = ctome_ei_find(m, "AVAR");
    size_t s = (size_t)aval;
    assert_int_equal(ctome_ei_silence(m, &s, 1), CTOME_OK);
    assert_float_equal(wv(m, "AVBL", "AVAL"), 0.0, 0);
    assert_float_equal(wv(m, "AVAL", "DD01"), 0.0, 0);
    assert_float_equal(wv(m, "DD01", "AVBL"), 0.4, 1e-15);
    assert_float_equal(gv(m, "AVAL", "AVAR"), 0.0, 0);
    assert_float_equal(m->g_deg[avar], 0.0, 0);
    size_t bad = 99;
    assert_int_equal(ctome_ei_silence(m, &bad, 1), CTOME_EINVAL);
    /* Dynamics: AVAL driven by a pulse and a constant, starting at 1: stays 0.
     * AVAR with input 0.7: x(t) = 0.7 (1 - e^-t).  Both RK4 and msbdf. */
    ctome_ei_method meth[2] = {CTOME_EI_RK4, CTOME_EI_MSBDF};
    double tol[2] = {1e-10, 1e-6};
    for (int q = 0; q < 2; q++) {
        ctome_ei_input *in;
        assert_int_equal(ctome_ei_input_new(m->n, &in), CTOME_OK);
        assert_int_equal(ctome_ei_input_constant(in, (size_t)aval, 2.0), CTOME_OK);
        assert_int_equal(ctome_ei_input_constant(in, (size_t)avar, 0.7), CTOME_OK);
        assert_int_equal(ctome_ei_stimulate(m, in, "AVAL", 0.1, 0.5, 3.0), CTOME_OK);
        if (q == 0)
            assert_int_equal(ctome_ei_input_noise(in, 0.0, 5), CTOME_OK);
        double x0[4] = {0};
        x0[aval] = 1.0;
        ctome_ei_sim_opts so;
        ctome_ei_sim_opts_default(&so);
        so.method = meth[q];
        so.t_end = 2;
        so.sample_dt = 0.1;
        so.x0 = x0;
        ctome_ei_trace tr;
        assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
        for (size_t k = 0; k < tr.T; k++) {
            assert_float_equal(tr.x[(size_t)aval * tr.T + k], 0.0, 0);
            assert_float_equal(tr.x[(size_t)avar * tr.T + k], 0.7 * (1 - exp(-0.1 * (double)k)),
                               tol[q]);
        }
        ctome_ei_trace_free(&tr);
        ctome_ei_input_free(in);
    }
    ctome_ei_free(m);
}

/* Column magnitude sums and sorted |w| of a model. */
static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void check_dale(const ctome_ei *m)
{
    for (size_t i = 0; i < m->n; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            assert_true(m->w_val[p] * m->sign[m->w_col[p]] > 0);
}

static void test_random_signs(void **state)
{
    (void)state;
    ctome_ei *a, *b, *c;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &a), CTOME_OK);
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &b), CTOME_OK);
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &c), CTOME_OK);
    size_t n = a->n, ne = 0, ni = 0;
    double *colsum = calloc(n, sizeof *colsum);
    for (size_t i = 0; i < n; i++) {
        ne += a->sign[i] > 0;
        ni += a->sign[i] < 0;
        for (size_t p = a->w_ptr[i]; p < a->w_ptr[i + 1]; p++)
            colsum[a->w_col[p]] += fabs(a->w_val[p]);
    }
    int *orig = malloc(n * sizeof *orig);
    for (size_t i = 0; i < n; i++)
        orig[i] = a->sign[i];
    assert_int_equal(ctome_ei_random_signs(a, 11), CTOME_OK);
    assert_int_equal(ctome_ei_random_signs(b, 11), CTOME_OK);
    assert_int_equal(ctome_ei_random_signs(c, 12), CTOME_OK);
    size_t ne2 = 0, ni2 = 0, moved = 0;
    double *colsum2 = calloc(n, sizeof *colsum2);
    for (size_t i = 0; i < n; i++) {
        ne2 += a->sign[i] > 0;
        ni2 += a->sign[i] < 0;
        assert_int_equal(a->sign[i] == 0, orig[i] == 0);   /* unsigned stay unsigned */
        moved += a->sign[i] != orig[i];
        assert_int_equal(a->sign[i], b->sign[i]);           /* same seed, same draw */
        for (size_t p = a->w_ptr[i]; p < a->w_ptr[i + 1]; p++)
            colsum2[a->w_col[p]] += fabs(a->w_val[p]);
    }
    assert_int_equal(ne, ne2);
    assert_int_equal(ni, ni2);
    assert_true(moved > 0);
    for (size_t j = 0; j < n; j++)
        assert_float_equal(colsum[j], colsum2[j], 1e-12);
    assert_memory_equal(a->w_val, b->w_val, a->w_ptr[n] * sizeof *a->w_val);
    assert_true(memcmp(a->sign, c->sign, n * sizeof *a->sign) != 0);
    check_dale(a);
    check_dale(c);
    free(colsum);
    free(colsum2);
    free(orig);
    ctome_ei_free(a);
    ctome_ei_free(b);
    ctome_ei_free(c);
    /* A dense model has no signs to permute. */
    double w = 1;
    ctome_ei *d;
    assert_int_equal(ctome_ei_from_dense(1, &w, NULL, NULL, &d), CTOME_OK);
    assert_int_equal(ctome_ei_random_signs(d, 1), CTOME_EVALUE);
    ctome_ei_free(d);
}

static void test_shuffle(void **state)
{
    (void)state;
    ctome_ei *a, *b, *o;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &o), CTOME_OK);
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &a), CTOME_OK);
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &b), CTOME_OK);
    ctome_ei_shuffle_weights(a, 3);
    ctome_ei_shuffle_weights(b, 3);
    size_t nnz = o->w_ptr[o->n];
    assert_memory_equal(a->w_val, b->w_val, nnz * sizeof *a->w_val);
    assert_memory_equal(a->w_ptr, o->w_ptr, (o->n + 1) * sizeof *o->w_ptr);
    assert_memory_equal(a->w_col, o->w_col, nnz * sizeof *o->w_col);
    double *x = malloc(nnz * sizeof *x), *y = malloc(nnz * sizeof *y);
    size_t differ = 0;
    for (size_t p = 0; p < nnz; p++) {
        x[p] = fabs(o->w_val[p]);
        y[p] = fabs(a->w_val[p]);
        assert_true((a->w_val[p] > 0) == (o->w_val[p] > 0));
        differ += a->w_val[p] != o->w_val[p];
    }
    assert_true(differ > nnz / 2);
    qsort(x, nnz, sizeof *x, cmp_d);
    qsort(y, nnz, sizeof *y, cmp_d);
    assert_memory_equal(x, y, nnz * sizeof *x);
    check_dale(a);
    free(x);
    free(y);
    ctome_ei_free(a);
    ctome_ei_free(b);
    ctome_ei_free(o);
}

static void test_store_sim(void **state)
{
    (void)state;
    char *path = tu_join(TMP, "sim.h5");
    double traces[6] = {0.1, 0.2, 0.3, -1, -2, -3.5}, time[3] = {0, 0.5, 1};
    char *names[2] = {"AVAL", "N7"};
    int32_t ri[2] = {ctome_registry_find(REG, "AVAL"), -1};
    ctome_store_param par[3] = {{"method", "rk4", 0}, {"dt", NULL, 0.001}, {"stimuli", "", 0}};
    ctome_store_sim r = {"ei-rate", "toy", 42, 2, 3, traces, time, names, ri, par, 3};
    ctome_store *s;
    assert_int_equal(ctome_store_create(path, &s), CTOME_OK);
    assert_int_equal(ctome_store_put_sim(s, "run1", &r), CTOME_OK);
    assert_int_equal(ctome_store_put_sim(s, "run1", &r), CTOME_EINVAL);   /* twice */
    assert_int_equal(ctome_store_put_sim(s, "a/b", &r), CTOME_EINVAL);
    ctome_store_param badp[1] = {{"seed", NULL, 1}};
    ctome_store_sim r2 = r;
    r2.param = badp;
    r2.n_param = 1;
    assert_int_equal(ctome_store_put_sim(s, "run2", &r2), CTOME_EINVAL);   /* fixed key */
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    ctome_store_sim b;
    assert_int_equal(ctome_store_get_sim(s, "run1", &b), CTOME_OK);
    assert_string_equal(b.model, "ei-rate");
    assert_string_equal(b.dataset, "toy");
    assert_true(b.seed == 42);
    assert_int_equal(b.n, 2);
    assert_int_equal(b.T, 3);
    assert_memory_equal(b.traces, traces, sizeof traces);
    assert_memory_equal(b.time, time, sizeof time);
    assert_string_equal(b.neuron[0], "AVAL");
    assert_string_equal(b.neuron[1], "N7");
    assert_int_equal(b.registry_index[0], ri[0]);
    assert_int_equal(b.registry_index[1], -1);
    assert_int_equal(b.n_param, 3);
    const ctome_store_param *p = ctome_store_sim_param(&b, "dt");
    assert_non_null(p);
    assert_null(p->str);
    assert_float_equal(p->num, 0.001, 0);
    p = ctome_store_sim_param(&b, "method");
    assert_non_null(p);
    assert_string_equal(p->str, "rk4");
    assert_null(ctome_store_sim_param(&b, "nope"));
    ctome_store_sim_free(&b);
    assert_int_equal(ctome_store_get_sim(s, "run9", &b), CTOME_ENOTFOUND);
    ctome_store_close(s);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    if (tu_group_setup("ei_ablate", &REG, &TMP))
        return -1;
    if (ctome_dataset_load("cook2019-herm", CTOME_TEST_DATA, REG, &COOK))
        return -1;
    if (ctome_connectome_new("toy", REG, &TOY))
        return -1;
    tu_add(TOY, "chemical", "AVAL", "AVBL", 3);
    tu_add(TOY, "chemical", "DD01", "AVAL", 2);
    tu_add(TOY, "chemical", "AVBL", "DD01", 4);
    tu_add(TOY, "electrical", "AVAL", "AVAR", 5);
    return ctome_connectome_finalise(TOY) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    ctome_connectome_free(COOK);
    ctome_connectome_free(TOY);
    return tu_group_teardown(REG, TMP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_toy),    cmocka_unit_test(test_sign_override),
        cmocka_unit_test(test_flip_remove),  cmocka_unit_test(test_silence),
        cmocka_unit_test(test_random_signs), cmocka_unit_test(test_shuffle),
        cmocka_unit_test(test_store_sim),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
