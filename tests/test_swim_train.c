/* test_swim_train.c — ES / CMA-ES training of swimmer controllers
 * (lib/models/swim_train.h).
 *
 * Short episodes (60 control steps) and small populations keep this fast;
 * what is checked does not depend on the episode length: exact
 * reproducibility (same seed; 1 vs 2 threads; 6 generations == 3 +
 * checkpoint + resume 3), NCAP's sign constraints after every update (with
 * a sigma large enough that candidates cross zero), the parameter counts
 * (NCAP 4; a 2 x 64 MLP on the 32-value observation of 5 joints: 32*64+64 +
 * 64*64+64 + 64*5+5 = 6597), the learning curve's step accounting
 * (population x episodes x episode length per generation), and the errors
 * for bad options, wrong checkpoint kinds and NaN weights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "error.h"
#include "es.h"
#include "swim_train.h"
#include "testutil.h"

static char *TMP;

static void small(ctome_swim_train_opts *o, ctome_policy_kind kind, ctome_es_algo algo)
{
    ctome_swim_train_opts_default(o, kind, 5, algo);
    o->episode_steps = 60;
    o->episodes = 1;
    if (algo == CTOME_ES_OPENAI)
        o->es.popsize = 4;
    o->es.seed = 17;
    o->max_generations = 3;
}

static void train_ok(const ctome_swim_train_opts *o, ctome_swim_train_result *r)
{
    if (ctome_swim_train(o, r))
        fail_msg("%s", ctome_error_message());
}

static void same_result(const ctome_swim_train_result *a, const ctome_swim_train_result *b)
{
    assert_int_equal(a->n_params, b->n_params);
    assert_int_equal(a->generations, b->generations);
    assert_int_equal(a->steps, b->steps);
    assert_memory_equal(a->theta, b->theta, a->n_params * sizeof(double));
    assert_memory_equal(a->best_theta, b->best_theta, a->n_params * sizeof(double));
    assert_int_equal(a->n_curve, b->n_curve);
    assert_memory_equal(a->curve, b->curve, a->n_curve * sizeof *a->curve);
}

static void test_reproducible(void **state)
{
    (void)state;
    for (int alg = 0; alg < 2; alg++) {
        ctome_swim_train_opts o;
        small(&o, CTOME_POLICY_NCAP, alg ? CTOME_ES_CMA : CTOME_ES_OPENAI);
        o.max_generations = 2;
        ctome_swim_train_result a, b, c;
        omp_set_num_threads(1);
        train_ok(&o, &a);
        omp_set_num_threads(2);
        train_ok(&o, &b);
        same_result(&a, &b);
        assert_int_equal(a.n_params, 4);
        /* steps: population x 60 per generation */
        size_t lam = alg ? 8 : 4;   /* CMA-ES: 4 + floor(3 ln 4) */
        assert_int_equal(a.steps, 2 * lam * 60);
        assert_int_equal(a.curve[0].steps, lam * 60);
        /* returns are sums of per-step rewards in [0, 1] */
        for (size_t i = 0; i < a.n_curve; i++)
            assert_true(a.curve[i].best >= a.curve[i].mean && a.curve[i].best <= 60 && a.curve[i].mean >= 0);
        o.es.seed = 18;
        train_ok(&o, &c);
        assert_true(memcmp(a.theta, c.theta, 4 * sizeof(double)) != 0);
        ctome_swim_train_result_free(&a);
        ctome_swim_train_result_free(&b);
        ctome_swim_train_result_free(&c);
    }
}

/* Excitatory weights (prop, osc, ipsi) >= 0 and the contralateral <= 0 after
 * every update: train g = 1..4 generations (deterministic, so run g is a
 * prefix of run g + 1) with sigma 1.5 and a large step. */
static void test_sign_constraints(void **state)
{
    (void)state;
    for (int alg = 0; alg < 2; alg++) {
        for (uint64_t g = 1; g <= 4; g++) {
            ctome_swim_train_opts o;
            small(&o, CTOME_POLICY_NCAP, alg ? CTOME_ES_CMA : CTOME_ES_OPENAI);
            o.es.sigma = 1.5;
            o.es.lr = 0.8;
            o.max_generations = g;
            ctome_swim_train_result r;
            train_ok(&o, &r);
            for (int i = 0; i < 3; i++)
                assert_true(r.theta[i] >= 0 && r.best_theta[i] >= 0);
            assert_true(r.theta[3] <= 0 && r.best_theta[3] <= 0);
            ctome_swim_train_result_free(&r);
        }
    }
}

static void test_checkpoint_resume(void **state)
{
    (void)state;
    char path[1024];
    tu_path(path, sizeof path, TMP, "swim.h5");
    for (int alg = 0; alg < 2; alg++) {
        ctome_swim_train_opts o;
        small(&o, CTOME_POLICY_NCAP, alg ? CTOME_ES_CMA : CTOME_ES_OPENAI);
        o.ncap.shared = alg;   /* unshared (30 weights) for ES, shared for CMA-ES */
        o.max_generations = 6;
        ctome_swim_train_result full, half, res;
        train_ok(&o, &full);
        o.max_generations = 3;
        o.checkpoint = path;
        o.checkpoint_every = 2;   /* written after generations 2 and 3 */
        train_ok(&o, &half);
        ctome_swim_train_opts b;
        memset(&b, 0, sizeof b);
        b.max_generations = 6;
        if (ctome_swim_train_resume(path, "swim", &b, &res))
            fail_msg("%s", ctome_error_message());
        same_result(&full, &res);
        assert_int_equal(res.n_params, alg ? 4 : 30);
        /* the stored configuration */
        ctome_swim_train_opts got;
        memset(&got, 0, sizeof got);
        ctome_policy *p = NULL;
        assert_int_equal(ctome_swim_train_load(path, "swim", CTOME_POLICY_NCAP, 0, &got, &p), CTOME_OK);
        assert_int_equal(got.n_joints, 5);
        assert_int_equal(got.episode_steps, 60);
        assert_int_equal(got.ncap.shared, alg);
        assert_int_equal(got.es.algo, alg ? CTOME_ES_CMA : CTOME_ES_OPENAI);
        double th[30];
        ctome_policy_get_params(p, th);
        assert_memory_equal(th, half.theta, half.n_params * sizeof(double));
        ctome_policy_free(p);
        /* wrong kind */
        assert_int_equal(ctome_swim_train_load(path, "swim", CTOME_POLICY_MLP, 0, &got, NULL), CTOME_EVALUE);
        assert_non_null(strstr(ctome_error_message(), "holds a ncap policy, not mlp"));
        ctome_swim_train_result_free(&full);
        ctome_swim_train_result_free(&half);
        ctome_swim_train_result_free(&res);
    }
    /* a checkpoint of something else (an optimiser run with another policy) */
    ctome_es_opts eo;
    ctome_es_opts_default(CTOME_ES_OPENAI, &eo);
    double x0[4] = {1, 1, 1, -1};
    ctome_es *es;
    assert_int_equal(ctome_es_new(&eo, x0, 4, &es), CTOME_OK);
    assert_int_equal(ctome_es_save(es, path, "swim", "sernn", "{}"), CTOME_OK);
    ctome_swim_train_opts b;
    memset(&b, 0, sizeof b);
    b.max_generations = 1;
    ctome_swim_train_result res;
    assert_int_equal(ctome_swim_train_resume(path, "swim", &b, &res), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "holds policy 'sernn'"));
    /* an NCAP configuration whose parameter count does not match (4 stored, unshared 30) */
    assert_int_equal(ctome_es_save(es, path, "swim", "ncap", "{\"n_joints\": 5, \"shared\": false}"), CTOME_OK);
    assert_int_equal(ctome_swim_train_resume(path, "swim", &b, &res), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "4 stored parameters"));
    assert_int_equal(ctome_es_save(es, path, "swim", "ncap", "{\"n_joints\": \"five\"}"), CTOME_OK);
    assert_int_equal(ctome_swim_train_resume(path, "swim", &b, &res), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "policy_config"));
    ctome_es_free(es);
}

static void test_mlp(void **state)
{
    (void)state;
    ctome_swim_train_opts o;
    small(&o, CTOME_POLICY_MLP, CTOME_ES_OPENAI);
    o.max_generations = 1;
    o.episodes = 2;
    ctome_swim_train_result r;
    train_ok(&o, &r);
    assert_int_equal(r.n_params, 6597);
    assert_int_equal(r.steps, 4 * 2 * 60);
    ctome_swim_train_result_free(&r);
    /* the env-step budget stops after the generation that reaches it */
    o.max_generations = 0;
    o.episodes = 1;
    o.max_steps = 500;   /* 240 per generation: 3 generations */
    train_ok(&o, &r);
    assert_int_equal(r.generations, 3);
    assert_int_equal(r.steps, 720);
    ctome_swim_train_result_free(&r);
}

static void test_bad_input(void **state)
{
    (void)state;
    ctome_swim_train_opts o;
    ctome_swim_train_result r;
    small(&o, CTOME_POLICY_NCAP, CTOME_ES_OPENAI);
    o.n_joints = 1;
    assert_int_equal(ctome_swim_train(&o, &r), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "got 1"));
    small(&o, CTOME_POLICY_ZERO, CTOME_ES_OPENAI);
    assert_int_equal(ctome_swim_train(&o, &r), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "'zero'"));
    small(&o, CTOME_POLICY_NCAP, CTOME_ES_OPENAI);
    o.episodes = 0;
    assert_int_equal(ctome_swim_train(&o, &r), CTOME_EINVAL);
    small(&o, CTOME_POLICY_NCAP, CTOME_ES_OPENAI);
    o.max_generations = 0;
    assert_int_equal(ctome_swim_train(&o, &r), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "no budget"));
    small(&o, CTOME_POLICY_NCAP, CTOME_ES_OPENAI);
    o.es.sigma = -1;
    assert_int_equal(ctome_swim_train(&o, &r), CTOME_EINVAL);
    /* NaN weights into a policy */
    small(&o, CTOME_POLICY_NCAP, CTOME_ES_OPENAI);
    const double bad[4] = {1, NAN, 1, -1};
    ctome_policy *p = NULL;
    assert_int_equal(ctome_swim_train_policy(&o, bad, &p), CTOME_EVALUE);
    assert_null(p);
    /* a missing checkpoint file */
    char path[1024];
    tu_path(path, sizeof path, TMP, "none.h5");
    ctome_swim_train_opts b;
    memset(&b, 0, sizeof b);
    b.max_generations = 1;
    assert_int_not_equal(ctome_swim_train_resume(path, "swim", &b, &r), CTOME_OK);
    assert_non_null(strstr(ctome_error_message(), "none.h5"));
}

static int setup(void **state)
{
    (void)state;
    ctome_init();
    TMP = tu_mkdtemp("swimtrain");
    return TMP ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_rmtree(TMP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_sign_constraints),
        cmocka_unit_test(test_checkpoint_resume),
        cmocka_unit_test(test_mlp),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
