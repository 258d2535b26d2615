/* test_swim_eval.c — what `ctome swim eval / run / transfer` compute, as
 * library calls (lib/models/swim_eval.h):
 *   - the parallel evaluator gives, for each seed, the return and mean speed
 *     of the same episode run alone with ctome_swim_episode (the reference:
 *     one sequential loop, no threads), bit for bit, for 1, 2 and 3 threads
 *     and on a second call; the progress callback counts 1..n;
 *   - mean and population sd on hand values;
 *   - a recorded episode's return equals the evaluator's for the same seed;
 *   - the NCAP unit layout: the dorsal/ventral traces are the units named
 *     "B_d[j]" / "B_v[j]" (ncap.h's own names), an MLP has none;
 *   - the transfer rule: a shared NCAP keeps its 4 weights and options on
 *     another body; an unshared NCAP and an MLP are refused with the reason;
 *   - checkpoints record the training body (body_links), older ones read 0.
 * Episodes are short (60 control steps) so the test takes seconds. */
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
#include "error.h"
#include "es.h"
#include "policy.h"
#include "swim_eval.h"
#include "swim_train.h"
#include "swimmer.h"
#include "testutil.h"

#define STEPS 60
#define N_EP 5
#define J 4

static char *TMP;

static int setup(void **state)
{
    (void)state;
    ctome_init();
    TMP = tu_mkdtemp("swimeval");
    return TMP ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_rmtree(TMP);
}

static ctome_policy *ncap(int n_joints, int shared)
{
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, n_joints);
    o.shared = shared;
    ctome_policy *p = NULL;
    assert_int_equal(ctome_policy_ncap(&p, &o), CTOME_OK);
    return p;
}

typedef struct {
    size_t calls, last;
    int ordered;
} counter;

static void count(size_t done, void *ctx)
{
    counter *c = ctx;
    c->ordered &= done == c->last + 1;
    c->last = done;
    c->calls++;
}

static void test_evaluator(void **state)
{
    (void)state;
    ctome_swimmer_model *m = NULL;
    assert_int_equal(ctome_swimmer_model_create(&m, J), CTOME_OK);
    ctome_policy *p = ncap(J, 1);
    /* reference: each episode alone, sequentially */
    double ref_ret[N_EP], ref_speed[N_EP];
    ctome_swimmer *env = NULL;
    assert_int_equal(ctome_swimmer_create(&env, m, CTOME_SWIM_TASK_SWIM, STEPS), CTOME_OK);
    for (int i = 0; i < N_EP; i++) {
        double fv[STEPS], s = 0;
        ctome_swim_record rec = {.forward_velocity = fv};
        assert_int_equal(ctome_swim_episode(env, p, 7 + (uint64_t)i, &rec, &ref_ret[i]), CTOME_OK);
        for (int t = 0; t < STEPS; t++)
            s += fv[t];
        ref_speed[i] = s / STEPS;
    }
    ctome_swimmer_free(env);
    /* distinct starts give distinct returns, so a seed mix-up would show */
    assert_true(ref_ret[0] != ref_ret[1]);
    for (int threads = 1; threads <= 3; threads++)
        for (int rep = 0; rep < 2; rep++) {
            double ret[N_EP], speed[N_EP];
            counter c = {0, 0, 1};
            assert_int_equal(ctome_swim_eval_episodes(m, p, CTOME_SWIM_TASK_SWIM, STEPS, 7, N_EP, threads, ret, speed,
                                                      count, &c),
                             CTOME_OK);
            assert_memory_equal(ret, ref_ret, sizeof ret);
            assert_memory_equal(speed, ref_speed, sizeof speed);
            assert_int_equal(c.calls, N_EP);
            assert_int_equal(c.last, N_EP);
            assert_true(c.ordered);
        }
    /* speed may be NULL; a recorded episode has the evaluator's return */
    double ret1;
    assert_int_equal(ctome_swim_eval_episodes(m, p, CTOME_SWIM_TASK_SWIM, STEPS, 9, 1, 0, &ret1, NULL, NULL, NULL),
                     CTOME_OK);
    ctome_swim_run r;
    assert_int_equal(ctome_swim_run_episode(m, p, CTOME_SWIM_TASK_SWIM, STEPS, 9, &r), CTOME_OK);
    assert_true(r.ret == ret1 && r.ret == ref_ret[2]);
    assert_true(r.speed == ref_speed[2]);
    assert_int_equal(r.n_steps, STEPS);
    assert_int_equal(r.n_units, 4 * J + 2);
    /* the unit layout against ncap.h's names of the units */
    double *d = NULL, *v = NULL;
    assert_int_equal(ctome_swim_b_neurons(p, r.rec.units, r.n_units, r.n_steps, &d, &v), CTOME_OK);
    assert_non_null(d);
    for (size_t u = 0; u < r.n_units; u++) {
        char nm[32];
        ctome_policy_unit_name(p, u, nm, sizeof nm);
        int jd = -1, jv = -1;
        sscanf(nm, "B_d[%d]", &jd);
        sscanf(nm, "B_v[%d]", &jv);
        for (size_t t = 0; t < STEPS; t++) {
            if (jd >= 0)
                assert_true(d[t * J + (size_t)jd] == r.rec.units[t * r.n_units + u]);
            if (jv >= 0)
                assert_true(v[t * J + (size_t)jv] == r.rec.units[t * r.n_units + u]);
        }
    }
    free(d);
    free(v);
    ctome_swim_run_free(&r);
    /* an MLP has no B-neurons */
    ctome_policy *mlp = NULL;
    assert_int_equal(ctome_policy_mlp(&mlp, J, 1, 8, 1), CTOME_OK);
    assert_int_equal(ctome_swim_run_episode(m, mlp, CTOME_SWIM_TASK_SWIM, 5, 1, &r), CTOME_OK);
    d = v = (double *)1;
    assert_int_equal(ctome_swim_b_neurons(mlp, r.rec.units, r.n_units, r.n_steps, &d, &v), CTOME_OK);
    assert_null(d);
    assert_null(v);
    ctome_swim_run_free(&r);
    ctome_policy_free(mlp);
    /* errors: nothing to run; a policy of another body names the episode */
    assert_int_equal(ctome_swim_eval_episodes(m, p, CTOME_SWIM_TASK_SWIM, STEPS, 1, 0, 1, &ret1, NULL, NULL, NULL),
                     CTOME_EINVAL);
    ctome_policy *other = ncap(J + 1, 1);
    double r2[2];
    assert_int_equal(ctome_swim_eval_episodes(m, other, CTOME_SWIM_TASK_SWIM, STEPS, 3, 2, 2, r2, NULL, NULL, NULL),
                     CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "episode 0 (seed 3): "));
    ctome_policy_free(other);
    ctome_policy_free(p);
    ctome_swimmer_model_free(m);
}

static void test_mean_sd(void **state)
{
    (void)state;
    double v[4] = {1, 2, 3, 4}, mean, sd;
    ctome_swim_mean_sd(v, 4, &mean, &sd);
    assert_float_equal(mean, 2.5, 1e-15);
    assert_float_equal(sd, sqrt(1.25), 1e-15);   /* (2.25 + 0.25 + 0.25 + 2.25) / 4 */
    ctome_swim_mean_sd(v, 0, &mean, &sd);
    assert_true(isnan(mean) && isnan(sd));
}

static void test_transfer_rule(void **state)
{
    (void)state;
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, 5);
    o.constrained = 0;
    ctome_policy *p = NULL, *q = NULL;
    assert_int_equal(ctome_policy_ncap(&p, &o), CTOME_OK);
    double w[4] = {0.7, 1.3, 0.2, -0.9}, got[4];
    assert_int_equal(ctome_policy_set_params(p, w), CTOME_OK);
    assert_int_equal(ctome_swim_transfer_policy(p, 11, &q), CTOME_OK);
    assert_int_equal(ctome_policy_n_joints(q), 11);
    assert_int_equal(ctome_policy_n_params(q), 4);
    ctome_policy_get_params(q, got);
    assert_memory_equal(got, w, sizeof w);
    assert_int_equal(ctome_ncap_options(ctome_policy_ncap_of(q))->constrained, 0);   /* as trained */
    ctome_policy_free(q);
    assert_int_equal(ctome_swim_transfer_policy(p, 1, &q), CTOME_EINVAL);
    assert_null(q);
    ctome_policy_free(p);
    /* unshared NCAP: per-joint weights (4 x 5 joints + ...) */
    p = ncap(5, 0);
    assert_int_equal(ctome_swim_transfer_policy(p, 6, &q), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "transfer needs a weight-shared NCAP"));
    assert_null(q);
    ctome_policy_free(p);
    assert_int_equal(ctome_policy_mlp(&p, 5, 1, 4, 1), CTOME_OK);
    assert_int_equal(ctome_swim_transfer_policy(p, 6, &q), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "this controller is mlp"));
    ctome_policy_free(p);
}

/* The training body in the checkpoint: written by ctome_es_save_body (and
 * so by ctome_swim_train), read back; a checkpoint without it reads 0. */
static void test_body_links(void **state)
{
    (void)state;
    ctome_es_opts eo;
    ctome_es_opts_default(CTOME_ES_OPENAI, &eo);
    double x0[4] = {1, 1, 1, -1};
    ctome_es *es;
    assert_int_equal(ctome_es_new(&eo, x0, 4, &es), CTOME_OK);
    char path[600];
    tu_path(path, sizeof path, TMP, "ck.h5");
    uint64_t links = 99;
    assert_int_equal(ctome_es_save_body(es, path, "swim", "ncap", "{\"n_joints\": 6}", 7), CTOME_OK);
    assert_int_equal(ctome_es_body_links(path, "swim", &links), CTOME_OK);
    assert_int_equal(links, 7);
    assert_int_equal(ctome_es_save(es, path, "swim", "ncap", "{\"n_joints\": 6}"), CTOME_OK);
    assert_int_equal(ctome_es_body_links(path, "swim", &links), CTOME_OK);
    assert_int_equal(links, 0);
    assert_int_equal(ctome_es_body_links(path, "other", &links), CTOME_ENOTFOUND);
    ctome_es_free(es);
    /* a real training run records its body: 4 joints = 5 links */
    ctome_swim_train_opts to;
    ctome_swim_train_opts_default(&to, CTOME_POLICY_NCAP, 4, CTOME_ES_OPENAI);
    to.episode_steps = 10;
    to.es.popsize = 4;
    to.max_generations = 1;
    to.checkpoint = path;
    ctome_swim_train_result res;
    assert_int_equal(ctome_swim_train(&to, &res), CTOME_OK);
    ctome_swim_train_result_free(&res);
    assert_int_equal(ctome_es_body_links(path, "swim", &links), CTOME_OK);
    assert_int_equal(links, 5);
    /* and the checkpoint's controller on another body follows the transfer rule */
    ctome_policy *p = NULL;
    int tj = 0;
    assert_int_equal(ctome_swim_train_load_body(path, "swim", 8, &p, &tj), CTOME_OK);
    assert_int_equal(tj, 4);
    assert_int_equal(ctome_policy_n_joints(p), 8);
    ctome_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaluator),
        cmocka_unit_test(test_mean_sd),
        cmocka_unit_test(test_transfer_rule),
        cmocka_unit_test(test_body_links),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
