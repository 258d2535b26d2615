/* test_swimmer.c — the MuJoCo swimmer body (lib/models/swimmer.h) and the
 * policies and episode loop on it (lib/models/policy.h).
 *
 * References: dm_control's suite/swimmer.py (body counts per N, joint range
 * 360/(N+1) degrees, 0.1 m segments, the reward definitions) and the issue's
 * expected magnitudes, measured with an independent throwaway C prototype on
 * the same MuJoCo 2.2.2 model: constant-init NCAP on the 6-body swimmer ~800
 * of 1000 (mean forward head speed ~0.08 m/s), ~340 with 3 joints, zero
 * torques 0, uniform random torques ~90, and flipping the torque sign swims
 * backwards.  Tolerances are stated at each check; one or two episodes each. */
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
#include "policy.h"
#include "swimmer.h"

#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol))) {                                                           \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

/* Models shared by the tests (N = 5 and N = 3 joints). */
static ctome_swimmer_model *M5, *M3;

static int setup(void **state)
{
    (void)state;
    return ctome_swimmer_model_create(&M5, 5) || ctome_swimmer_model_create(&M3, 3);
}

static int teardown(void **state)
{
    (void)state;
    ctome_swimmer_model_free(M5);
    ctome_swimmer_model_free(M3);
    return 0;
}

static ctome_swimmer *env_on(const ctome_swimmer_model *m, ctome_swim_task task)
{
    ctome_swimmer *e;
    assert_int_equal(ctome_swimmer_create(&e, m, task, 0), CTOME_OK);
    return e;
}

static ctome_policy *ncap_policy(int n)
{
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, n);
    ctome_policy *p;
    assert_int_equal(ctome_policy_ncap(&p, &o), CTOME_OK);
    return p;
}

/* dm_control's body for every N in 2..13: 3 root joints + N hinges, N
 * motors, 6 + 2 N sensors, world + head + N segments; joint range in the
 * generated MJCF is +-360/(N+1) degrees. */
static void test_counts(void **state)
{
    (void)state;
    for (int n = 2; n <= 13; n++) {
        ctome_swimmer_model *m;
        assert_int_equal(ctome_swimmer_model_create(&m, n), CTOME_OK);
        int njnt, nu, ns, nb;
        ctome_swimmer_model_counts(m, &njnt, &nu, &ns, &nb);
        assert_int_equal(njnt, n + 3);
        assert_int_equal(nu, n);
        assert_int_equal(ns, 6 + 2 * n);
        assert_int_equal(nb, n + 2);
        assert_int_equal(ctome_swimmer_model_n_joints(m), n);
        ctome_swimmer_model_free(m);
    }
    char *xml;
    assert_int_equal(ctome_swimmer_xml(5, &xml), CTOME_OK);
    assert_non_null(strstr(xml, "<joint name=\"joint_4\" range=\"-60 60\"/>"));
    assert_non_null(strstr(xml, "<motor name=\"motor_4\" joint=\"joint_4\"/>"));
    assert_null(strstr(xml, "motor_5"));
    assert_non_null(strstr(xml, "density=\"3000\""));
    free(xml);
    ctome_swim_obs_layout L;
    ctome_swim_obs_layout_get(5, &L);
    assert_int_equal(L.size, 32);
    assert_int_equal(L.body_vel, 12);
}

/* Collapse runs of white space to one blank and trim (in place). */
static void squeeze(char *s)
{
    char *w = s;
    int blank = 1;
    for (char *r = s; *r; r++) {
        int sp = *r == ' ' || *r == '\t' || *r == '\n' || *r == '\r';
        if (sp && blank)
            continue;
        *w++ = sp ? ' ' : *r;
        blank = sp;
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
}

/* The generated MJCF keeps every line of the bundled dm_control template
 * (data/models/dm_control_swimmer/swimmer.xml) except the includes, which it
 * inlines, and the tracking cameras, which it rescales by n_bodies / 6. */
static void test_template(void **state)
{
    (void)state;
    char *xml;
    assert_int_equal(ctome_swimmer_xml(5, &xml), CTOME_OK);
    squeeze(xml);
    FILE *f = fopen(CTOME_TEST_DATA "/models/dm_control_swimmer/swimmer.xml", "r");
    assert_non_null(f);
    char line[512];
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        squeeze(line);
        if (!line[0] || strstr(line, "<include") || strstr(line, "trackcom"))
            continue;
        if (!strstr(xml, line))
            print_error("template line missing from the generated MJCF: %s\n", line);
        assert_non_null(strstr(xml, line));
        checked++;
    }
    fclose(f);
    assert_true(checked > 40);
    free(xml);
}

/* N < 2 (and absurd N) are clear errors; so are unknown names. */
static void test_bad_input(void **state)
{
    (void)state;
    ctome_swimmer_model *m;
    assert_int_equal(ctome_swimmer_model_create(&m, 1), CTOME_EINVAL);
    assert_null(m);
    assert_string_equal(ctome_error_message(),
                        "swimmer needs at least 2 joints (3 bodies), got 1");
    assert_int_equal(ctome_swimmer_model_create(&m, -4), CTOME_EINVAL);
    assert_int_equal(ctome_swimmer_model_create(&m, 101), CTOME_EINVAL);
    /* MuJoCo's own errors come back as messages */
    assert_int_equal(ctome_swimmer_model_create_xml(&m, 5, "<mujoco><worldbody><bogus/>"
                                                           "</worldbody></mujoco>"),
                     CTOME_ELIB);
    assert_non_null(strstr(ctome_error_message(), "unrecognized element Element 'bogus', line 1"));
    char *xml, *at;
    assert_int_equal(ctome_swimmer_xml(5, &xml), CTOME_OK);
    assert_non_null(at = strstr(xml, "name=\"gyro_3\""));
    memcpy(at, "name=\"gyro_x\"", strlen("name=\"gyro_x\""));
    assert_int_equal(ctome_swimmer_model_create_xml(&m, 5, xml), CTOME_ELIB);
    assert_string_equal(ctome_error_message(), "swimmer model lacks 'gyro_3'");
    assert_int_equal(ctome_swimmer_model_create_xml(&m, 6, xml), CTOME_EINVAL);
    free(xml);
    /* a blow-up (timestep 0.5 s, gear 1e6) is caught at the first step */
    assert_int_equal(ctome_swimmer_xml(5, &xml), CTOME_OK);
    assert_non_null(at = strstr(xml, "timestep=\"0.002\""));
    memcpy(at, "timestep=\"0.500\"", strlen("timestep=\"0.500\""));
    assert_non_null(at = strstr(xml, "gear=\"5e-4\""));
    memcpy(at, "gear=\"1e+6\"", strlen("gear=\"1e+6\""));
    assert_int_equal(ctome_swimmer_model_create_xml(&m, 5, xml), CTOME_OK);
    free(xml);
    ctome_swimmer *u = env_on(m, CTOME_SWIM_TASK_SWIM);
    assert_int_equal(ctome_swimmer_reset(u, 1), CTOME_OK);
    double r, ut[5] = {1, -1, 1, -1, 1};
    assert_int_equal(ctome_swimmer_step(u, ut, &r), CTOME_ELIB);
    assert_non_null(strstr(ctome_error_message(), "unstable at step 0"));
    assert_int_equal(ctome_swimmer_step(u, ut, &r), CTOME_EINVAL);   /* must reset first */
    ctome_swimmer_free(u);
    ctome_swimmer_model_free(m);
    /* a MuJoCo engine error (mju_error: its stack of 180 mjtNum overflows
     * once the joint limits engage, at step 6) comes back as CTOME_ELIB, and
     * the compiler's own error handling (nstack 100 fails to compile) leaves
     * ctome's hook in place */
    assert_int_equal(ctome_swimmer_xml(5, &xml), CTOME_OK);
    char *small = malloc(strlen(xml) + 64);
    assert_non_null(at = strstr(xml, "<option"));
    for (int k = 0; k < 2; k++) {
        sprintf(small, "%.*s<size nstack=\"%d\"/>%s", (int)(at - xml), xml, k ? 180 : 100, at);
        assert_int_equal(ctome_swimmer_model_create_xml(&m, 5, small), k ? CTOME_OK : CTOME_ELIB);
    }
    free(small);
    free(xml);
    u = env_on(m, CTOME_SWIM_TASK_SWIM);
    assert_int_equal(ctome_swimmer_reset(u, 1), CTOME_OK);
    int rc = CTOME_OK, t_err = -1;
    for (int t = 0; t < 50 && !rc; t++)
        if ((rc = ctome_swimmer_step(u, ut, &r)))
            t_err = t;
    assert_int_equal(rc, CTOME_ELIB);
    assert_true(t_err > 0);
    assert_non_null(strstr(ctome_error_message(), "Stack overflow"));
    assert_int_equal(ctome_swimmer_step(u, ut, &r), CTOME_EINVAL);
    assert_int_equal(ctome_swimmer_reset(u, 1), CTOME_OK);   /* usable again after a reset */
    assert_int_equal(ctome_swimmer_step(u, ut, &r), CTOME_OK);
    ctome_swimmer_free(u);
    ctome_swimmer_model_free(m);

    ctome_swim_task t;
    assert_int_equal(ctome_swim_task_parse("navigate", &t), CTOME_OK);
    assert_int_equal(t, CTOME_SWIM_TASK_NAVIGATE);
    assert_int_equal(ctome_swim_task_parse("fly", &t), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "'fly'"));
    ctome_policy_kind k;
    assert_int_equal(ctome_policy_kind_parse("lstm", &k), CTOME_EINVAL);

    ctome_swimmer *e = env_on(M5, CTOME_SWIM_TASK_SWIM);
    double tau[5] = {0, 0, 0, 0, 0};
    assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_EINVAL);   /* not reset */
    assert_int_equal(ctome_swimmer_reset(e, 1), CTOME_OK);
    tau[3] = NAN;
    assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "joint 3"));
    /* policy / body size mismatch */
    ctome_policy *p = ncap_policy(4);
    double ret;
    assert_int_equal(ctome_swim_episode(e, p, 1, NULL, &ret), CTOME_EINVAL);
    ctome_policy_free(p);
    /* NaN weights are refused by every policy with parameters */
    p = ncap_policy(5);
    double w[4] = {1, 1, NAN, -1};
    assert_int_equal(ctome_policy_set_params(p, w), CTOME_EVALUE);
    ctome_policy_free(p);
    ctome_swimmer_free(e);

    /* an episode of 3 steps is over after 3 */
    assert_int_equal(ctome_swimmer_create(&e, M5, CTOME_SWIM_TASK_SWIM, 3), CTOME_OK);
    assert_int_equal(ctome_swimmer_reset(e, 1), CTOME_OK);
    tau[3] = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_OK);
    assert_true(ctome_swimmer_done(e));
    assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_EINVAL);
    ctome_swimmer_free(e);
    assert_int_equal(ctome_swimmer_create(&e, M5, CTOME_SWIM_TASK_SWIM, -1), CTOME_EINVAL);
}

/* The start state: joints inside +-2 pi/(N+1) and spread over the range,
 * heading in [-pi, pi), target inside [-2, 2]^2; same seed, same start. */
static void test_reset(void **state)
{
    (void)state;
    ctome_swimmer *e = env_on(M5, CTOME_SWIM_TASK_NAVIGATE);
    double lim = 2 * M_PI / 6, qmax = 0, q[5], q2[5], tg[2], body[14];
    int close = 0;
    for (uint64_t s = 0; s < 200; s++) {
        assert_int_equal(ctome_swimmer_reset(e, s), CTOME_OK);
        ctome_swimmer_joints(e, q);
        for (int i = 0; i < 5; i++) {
            assert_true(fabs(q[i]) <= lim);
            qmax = fmax(qmax, fabs(q[i]));
        }
        ctome_swimmer_target(e, tg);
        assert_true(fabs(tg[0]) <= 2 && fabs(tg[1]) <= 2);
        close += fabs(tg[0]) <= .3 && fabs(tg[1]) <= .3;
        /* segments are 0.1 m long: consecutive centre-line points 0.1 apart */
        ctome_swimmer_body_points(e, body);
        for (int k = 0; k < 6; k++)
            assert_near(hypot(body[2 * k + 2] - body[2 * k], body[2 * k + 3] - body[2 * k + 1]), 0.1,
                        1e-9);
    }
    assert_true(qmax > 0.97 * lim);
    /* P(close) = 0.2 + 0.8 * (0.3/2)^2 = 0.218: 200 draws, 4 sd either side */
    assert_true(close > 20 && close < 68);
    assert_int_equal(ctome_swimmer_reset(e, 77), CTOME_OK);
    ctome_swimmer_joints(e, q);
    assert_int_equal(ctome_swimmer_reset(e, 77), CTOME_OK);
    ctome_swimmer_joints(e, q2);
    assert_memory_equal(q, q2, sizeof q);
    ctome_swimmer_free(e);
}

/* Observations and rewards follow their definitions. */
static void test_observe(void **state)
{
    (void)state;
    ctome_swim_obs_layout L;
    ctome_swim_obs_layout_get(5, &L);
    double obs[32], q[5], nose[2], tg[2], r;
    ctome_swimmer *e = env_on(M5, CTOME_SWIM_TASK_NAVIGATE);
    assert_int_equal(ctome_swimmer_reset(e, 5), CTOME_OK);
    const double tau[5] = {1, -1, 1, -1, 0.5};
    for (int k = 0; k < 20; k++)
        assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_OK);
    ctome_swimmer_observe(e, obs);
    ctome_swimmer_joints(e, q);
    assert_memory_equal(obs + L.joints, q, sizeof q);
    assert_near(-obs[L.body_vel + 1], ctome_swimmer_forward_velocity(e), 0);
    ctome_swimmer_nose(e, nose);
    assert_memory_equal(obs + L.nose, nose, sizeof nose);
    /* to_target has the nose-target distance as its length */
    double d = ctome_swimmer_nose_to_target(e);
    assert_near(hypot(obs[L.to_target], obs[L.to_target + 1]), d, 1e-12);
    ctome_swimmer_target(e, tg);
    assert_near(d, hypot(tg[0] - nose[0], tg[1] - nose[1]), 1e-9);
    /* navigate reward: dm_control long_tail tolerance, margin 0.5, 0.1 at margin */
    double x = 3 * (d - 0.1) / 0.5;
    assert_near(r, d <= 0.1 ? 1 : 1 / (1 + x * x), 1e-12);
    ctome_swimmer_free(e);

    e = env_on(M5, CTOME_SWIM_TASK_SWIM);
    assert_int_equal(ctome_swimmer_reset(e, 5), CTOME_OK);
    for (int k = 0; k < 20; k++)
        assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_OK);
    ctome_swimmer_observe(e, obs);
    assert_near(obs[L.to_target], 0, 0);
    double v = ctome_swimmer_forward_velocity(e) / 0.1;
    assert_near(r, v < 0 ? 0 : v > 1 ? 1 : v, 0);
    ctome_swimmer_free(e);
}

/* Torques are clipped to [-1, 1]: +-5 and +-1 give the same motion. */
static void test_clip(void **state)
{
    (void)state;
    ctome_swimmer *a = env_on(M3, CTOME_SWIM_TASK_SWIM), *b = env_on(M3, CTOME_SWIM_TASK_SWIM);
    assert_int_equal(ctome_swimmer_reset(a, 9), CTOME_OK);
    assert_int_equal(ctome_swimmer_reset(b, 9), CTOME_OK);
    double oa[22], ob[22], r;
    for (int k = 0; k < 30; k++) {
        assert_int_equal(ctome_swimmer_step(a, (const double[3]){5, -5, 0.3}, &r), CTOME_OK);
        assert_int_equal(ctome_swimmer_step(b, (const double[3]){1, -1, 0.3}, &r), CTOME_OK);
    }
    ctome_swimmer_observe(a, oa);
    ctome_swimmer_observe(b, ob);
    assert_memory_equal(oa, ob, sizeof oa);
    ctome_swimmer_free(a);
    ctome_swimmer_free(b);
}

/* The magnitudes, one episode each (seed 1).  Across seeds 0-4 the
 * measured spread is 792-799 for NCAP and 83-106 for random torques, so
 * +-40 and [50, 140] leave room without letting a sign or timestep bug
 * through (those give < 100 or > 900). */
static void test_magnitudes(void **state)
{
    (void)state;
    ctome_swimmer *e = env_on(M5, CTOME_SWIM_TASK_SWIM);
    ctome_policy *p = ncap_policy(5);
    double ret, *fv = malloc(1000 * sizeof *fv), *rw = malloc(1000 * sizeof *rw);
    ctome_swim_record rec = {0};
    rec.forward_velocity = fv;
    rec.reward = rw;
    assert_int_equal(ctome_swim_episode(e, p, 1, &rec, &ret), CTOME_OK);
    print_message("NCAP N=5 return %.2f\n", ret);
    assert_near(ret, 800, 40);
    double vs = 0, rs = 0;
    for (int t = 0; t < 1000; t++) {
        vs += fv[t];
        rs += rw[t];
    }
    assert_near(rs, ret, 1e-9);
    assert_near(vs / 1000, 0.08, 0.01);   /* mean forward head speed, m/s */

    ctome_policy *z, *rnd;
    assert_int_equal(ctome_policy_zero(&z, 5), CTOME_OK);
    assert_int_equal(ctome_swim_episode(e, z, 1, NULL, &ret), CTOME_OK);
    print_message("zero torques return %.4f\n", ret);
    assert_true(ret < 0.5);
    assert_int_equal(ctome_policy_random(&rnd, 5), CTOME_OK);
    assert_int_equal(ctome_swim_episode(e, rnd, 1, NULL, &ret), CTOME_OK);
    print_message("random torques return %.2f\n", ret);
    assert_true(ret > 50 && ret < 140);

    /* flip the output sign (ctrl = M_ventral - M_dorsal): the wave travels
     * the wrong way and the swimmer goes backwards */
    ctome_swimmer_reset(e, 1);
    ctome_policy_reset(p, 1);
    double obs[32], tau[5], r, back = 0, vback = 0;
    while (!ctome_swimmer_done(e)) {
        ctome_swimmer_observe(e, obs);
        ctome_policy_act(p, obs, tau);
        for (int i = 0; i < 5; i++)
            tau[i] = -tau[i];
        assert_int_equal(ctome_swimmer_step(e, tau, &r), CTOME_OK);
        back += r;
        vback += ctome_swimmer_forward_velocity(e);
    }
    print_message("sign-flipped NCAP return %.2f, mean speed %.4f\n", back, vback / 1000);
    assert_true(back < 100);
    assert_true(vback / 1000 < -0.02);
    ctome_policy_free(p);
    ctome_policy_free(z);
    ctome_policy_free(rnd);
    ctome_swimmer_free(e);
    free(fv);
    free(rw);

    /* 3 joints: ~340 */
    e = env_on(M3, CTOME_SWIM_TASK_SWIM);
    p = ncap_policy(3);
    assert_int_equal(ctome_swim_episode(e, p, 1, NULL, &ret), CTOME_OK);
    print_message("NCAP N=3 return %.2f\n", ret);
    assert_near(ret, 340, 40);
    ctome_policy_free(p);
    ctome_swimmer_free(e);
}

/* Navigate: NCAP with turn control, steered by the target's bearing, swims
 * to the target; without turn input it swims past.  Seed 4 (start 0.79 m
 * away) measured: 682 and 0.07 m with steering, 15.5 and 2.9 m without. */
static void test_navigate(void **state)
{
    (void)state;
    ctome_swimmer *e = env_on(M5, CTOME_SWIM_TASK_NAVIGATE);
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, 5);
    o.turn_control = 1;
    ctome_policy *steer, *plain = ncap_policy(5);
    assert_int_equal(ctome_policy_ncap(&steer, &o), CTOME_OK);
    assert_int_equal(ctome_policy_n_params(steer), 5);
    double ret;
    assert_int_equal(ctome_swim_episode(e, steer, 4, NULL, &ret), CTOME_OK);
    print_message("navigate, steered NCAP: return %.1f, final distance %.3f m\n", ret,
                  ctome_swimmer_nose_to_target(e));
    assert_true(ret > 400);
    assert_true(ctome_swimmer_nose_to_target(e) < 0.3);
    assert_int_equal(ctome_swim_episode(e, plain, 4, NULL, &ret), CTOME_OK);
    print_message("navigate, NCAP without turn input: return %.1f\n", ret);
    assert_true(ret < 100);
    ctome_policy_free(steer);
    ctome_policy_free(plain);
    ctome_swimmer_free(e);
}

/* Same seed, same episode bit for bit (recordings too); another seed differs;
 * a clone in another thread reproduces it. */
static void test_determinism(void **state)
{
    (void)state;
    enum { T = 200 };
    ctome_swimmer *e;
    assert_int_equal(ctome_swimmer_create(&e, M5, CTOME_SWIM_TASK_SWIM, T), CTOME_OK);
    ctome_policy *p;
    assert_int_equal(ctome_policy_mlp(&p, 5, 2, 64, 3), CTOME_OK);
    size_t nu = ctome_policy_n_units(p);
    assert_int_equal(nu, 128);
    double *buf[2][5];
    double ret[3];
    for (int k = 0; k < 2; k++) {
        ctome_swim_record rec = {0};
        rec.torques = buf[k][0] = malloc(T * 5 * sizeof(double));
        rec.joints = buf[k][1] = malloc(T * 5 * sizeof(double));
        rec.units = buf[k][2] = malloc(T * nu * sizeof(double));
        rec.nose = buf[k][3] = malloc(T * 2 * sizeof(double));
        rec.body = buf[k][4] = malloc(T * 14 * sizeof(double));
        assert_int_equal(ctome_swim_episode(e, p, 12, &rec, &ret[k]), CTOME_OK);
    }
    assert_true(ret[0] == ret[1]);
    assert_memory_equal(buf[0][0], buf[1][0], T * 5 * sizeof(double));
    assert_memory_equal(buf[0][1], buf[1][1], T * 5 * sizeof(double));
    assert_memory_equal(buf[0][2], buf[1][2], T * nu * sizeof(double));
    assert_memory_equal(buf[0][3], buf[1][3], T * 2 * sizeof(double));
    assert_memory_equal(buf[0][4], buf[1][4], T * 14 * sizeof(double));
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < 5; j++)
            free(buf[k][j]);
    assert_int_equal(ctome_swim_episode(e, p, 13, NULL, &ret[2]), CTOME_OK);
    assert_true(ret[2] != ret[0]);

    /* two threads, each its own environment and policy clone, one model */
    double par[4] = {0}, ser[4];
    ctome_policy *rnd;
    assert_int_equal(ctome_policy_random(&rnd, 5), CTOME_OK);
    for (int k = 0; k < 4; k++)
        assert_int_equal(ctome_swim_episode(e, rnd, (uint64_t)k, NULL, &ser[k]), CTOME_OK);
    int bad = 0;
#pragma omp parallel for num_threads(2) schedule(static, 1) reduction(+ : bad)
    for (int k = 0; k < 4; k++) {
        ctome_swimmer *ek;
        ctome_policy *pk;
        bad += ctome_swimmer_create(&ek, M5, CTOME_SWIM_TASK_SWIM, T) != 0;
        bad += ctome_policy_clone(rnd, &pk) != 0;
        if (ek && pk)
            bad += ctome_swim_episode(ek, pk, (uint64_t)k, NULL, &par[k]) != 0;
        ctome_policy_free(pk);
        ctome_swimmer_free(ek);
    }
    assert_int_equal(bad, 0);
    assert_memory_equal(par, ser, sizeof par);
    ctome_policy_free(rnd);
    ctome_policy_free(p);
    ctome_swimmer_free(e);
}

/* Policy plumbing: parameter counts (4 vs thousands), projection, records. */
static void test_policy(void **state)
{
    (void)state;
    ctome_policy *n = ncap_policy(5), *m, *c;
    assert_int_equal(ctome_policy_n_params(n), 4);
    assert_int_equal(ctome_policy_mlp(&m, 5, 2, 64, 1), CTOME_OK);
    assert_int_equal(ctome_policy_n_params(m), 6597);
    /* the N(0, 1) init: 6597 parameters, biases 0, weights of unit scale */
    ctome_mlp_opts mo;
    ctome_mlp_opts_default(&mo, 1, 1);
    mo.init = CTOME_MLP_INIT_NORMAL;
    mo.seed = 2;
    ctome_policy *mn;
    assert_int_equal(ctome_policy_mlp_opts(&mn, 5, &mo), CTOME_OK);
    assert_int_equal(ctome_policy_n_params(mn), 6597);
    double *big = malloc(6597 * sizeof *big), ss = 0;
    ctome_policy_get_params(mn, big);
    for (int i = 0; i < 32 * 64; i++)
        ss += big[i] * big[i];
    assert_near(ss / (32 * 64), 1, 0.1);   /* sd of the mean square: sqrt(2/2048) = 0.03 */
    assert_near(big[32 * 64], 0, 0);       /* first bias */
    free(big);
    ctome_policy_free(mn);
    double th[4] = {0.5, -2, 3, 0.7};
    ctome_policy_project(n, th);
    assert_near(th[1], 0, 0);
    assert_near(th[3], 0, 0);
    assert_near(th[2], 3, 0);
    assert_int_equal(ctome_policy_set_params(n, th), CTOME_OK);
    assert_int_equal(ctome_policy_clone(n, &c), CTOME_OK);
    double g[4];
    ctome_policy_get_params(c, g);
    assert_memory_equal(g, th, sizeof g);
    char buf[32];
    assert_string_equal(ctome_policy_unit_name(n, 2, buf, sizeof buf), "M_d[0]");
    assert_string_equal(ctome_policy_unit_name(m, 70, buf, sizeof buf), "h2[6]");
    assert_string_equal(ctome_policy_kind_name(ctome_policy_kind_of(m)), "mlp");

    /* records: joints row 0 is the start state, units are NCAP's */
    ctome_swimmer *e;
    assert_int_equal(ctome_swimmer_create(&e, M5, CTOME_SWIM_TASK_SWIM, 40), CTOME_OK);
    ctome_policy *p = ncap_policy(5);
    double joints[200], units[40 * 22], tau[200], q0[5], ret;
    ctome_swim_record rec = {0};
    rec.joints = joints;
    rec.units = units;
    rec.torques = tau;
    assert_int_equal(ctome_swim_episode(e, p, 4, &rec, &ret), CTOME_OK);
    assert_int_equal(ctome_swimmer_reset(e, 4), CTOME_OK);
    ctome_swimmer_joints(e, q0);
    assert_memory_equal(joints, q0, sizeof q0);
    /* torque = M_d - M_v in every recorded row */
    for (int t = 0; t < 40; t++)
        for (int i = 0; i < 5; i++)
            assert_near(tau[5 * t + i], units[22 * t + 4 * i + 2] - units[22 * t + 4 * i + 3], 0);
    assert_near(units[22 * 0 + 20], 1, 0);    /* oscillator dorsal at t = 0 */
    assert_near(units[22 * 30 + 21], 1, 0);   /* ventral at t = 30 */
    ctome_policy_free(p);
    ctome_swimmer_free(e);
    ctome_policy_free(n);
    ctome_policy_free(m);
    ctome_policy_free(c);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),   cmocka_unit_test(test_template),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_reset),    cmocka_unit_test(test_observe),
        cmocka_unit_test(test_clip),     cmocka_unit_test(test_magnitudes),
        cmocka_unit_test(test_navigate),
        cmocka_unit_test(test_determinism), cmocka_unit_test(test_policy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
