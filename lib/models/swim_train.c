/* swim_train.c — ES / CMA-ES training of swimmer controllers (swim_train.h).
 *
 * The objective runs whole episodes: each OpenMP thread keeps its own
 * environment (mjData) and policy copy, created on first use, on the one
 * shared compiled model.  Every episode resets both from its seed, so which
 * thread runs a candidate never changes its return.
 */
#include "swim_train.h"

#include "error.h"
#include "io.h"

#include <jansson.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

void ctome_swim_train_opts_default(ctome_swim_train_opts *o, ctome_policy_kind kind, int n_joints,
                                   ctome_es_algo algo)
{
    memset(o, 0, sizeof *o);
    o->policy = kind;
    o->n_joints = n_joints;
    ctome_ncap_opts_default(&o->ncap, n_joints);
    o->mlp_layers = 2;
    o->mlp_hidden = 64;
    o->mlp_seed = 1;
    o->task = CTOME_SWIM_TASK_SWIM;
    o->episode_steps = 0;
    o->episodes = 1;
    ctome_es_opts_default(algo, &o->es);
    if (algo == CTOME_ES_OPENAI && kind == CTOME_POLICY_NCAP) {
        /* 4 weights of order 1: larger steps than for an MLP's thousands */
        o->es.sigma = 0.1;
        o->es.lr = 0.03;
    }
    o->checkpoint_every = 10;
    o->run_id = "swim";
}

void ctome_swim_train_result_free(ctome_swim_train_result *r)
{
    if (!r)
        return;
    free(r->theta);
    free(r->best_theta);
    free(r->curve);
    memset(r, 0, sizeof *r);
}

static int check_opts(const ctome_swim_train_opts *o)
{
    if (o->policy != CTOME_POLICY_NCAP && o->policy != CTOME_POLICY_MLP)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: policy '%s' has no parameters to train (use ncap or mlp)",
                           ctome_policy_kind_name(o->policy));
    if (o->n_joints < CTOME_SWIM_MIN_JOINTS || o->n_joints > CTOME_SWIM_MAX_JOINTS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: swimmer needs %d to %d joints, got %d",
                           CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MAX_JOINTS, o->n_joints);
    if (o->episodes < 1 || o->episodes > 1000)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: episodes per candidate must be 1..1000, got %d",
                           o->episodes);
    if (o->episode_steps < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: episode length %d is negative", o->episode_steps);
    if (o->policy == CTOME_POLICY_MLP && (o->mlp_layers < 0 || o->mlp_hidden < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: bad MLP size %d x %d", o->mlp_layers, o->mlp_hidden);
    if (!o->max_steps && !o->max_generations)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: no budget (set env steps or generations)");
    if (o->checkpoint && o->checkpoint_every < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: checkpoint interval must be >= 1, got %d",
                           o->checkpoint_every);
    return CTOME_OK;
}

int ctome_swim_train_policy(const ctome_swim_train_opts *o, const double *theta, ctome_policy **out)
{
    *out = NULL;
    int rc;
    if (o->policy == CTOME_POLICY_NCAP) {
        ctome_ncap_opts no = o->ncap;
        no.n_joints = o->n_joints;
        rc = ctome_policy_ncap(out, &no);
    } else if (o->policy == CTOME_POLICY_MLP) {
        rc = ctome_policy_mlp(out, o->n_joints, o->mlp_layers, o->mlp_hidden, o->mlp_seed);
    } else {
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim train: policy '%s' has no parameters to train",
                           ctome_policy_kind_name(o->policy));
    }
    if (!rc && theta && (rc = ctome_policy_set_params(*out, theta))) {
        ctome_policy_free(*out);
        *out = NULL;
    }
    return rc;
}

int ctome_swim_train_load_body(const char *path, const char *run_id, int n_joints, ctome_policy **out,
                               int *trained_joints)
{
    *out = NULL;
    if (ctome_file_check(path))
        return CTOME_EIO;
    ctome_swim_train_opts o;
    ctome_policy *p = NULL;
    int rc = ctome_swim_train_load(path, run_id, -1, 0, &o, &p);
    if (rc)
        return rc;
    if (trained_joints)
        *trained_joints = o.n_joints;
    if (n_joints == 0 || n_joints == o.n_joints) {
        *out = p;
        return CTOME_OK;
    }
    /* another body: only a shared NCAP's weights mean the same thing there */
    size_t k = ctome_policy_n_params(p);
    double theta[4];
    if (o.policy != CTOME_POLICY_NCAP || !o.ncap.shared || k > 4)
        rc = ctome_error(CTOME_EINVAL, path, 0,
                         "the %s controller of this checkpoint (%zu parameters, %d joints) does not transfer to "
                         "%d joints: only a weight-shared NCAP does",
                         ctome_policy_kind_name(o.policy), k, o.n_joints, n_joints);
    if (!rc) {
        ctome_policy_get_params(p, theta);
        o.n_joints = n_joints;
        o.ncap.n_joints = n_joints;
        rc = ctome_swim_train_policy(&o, theta, out);
    }
    ctome_policy_free(p);
    return rc;
}

/* ---- the policy configuration as JSON ---- */

int ctome_swim_train_config_json(const ctome_swim_train_opts *o, char **json)
{
    *json = NULL;
    json_t *j = json_object();
    if (!j)
        return ctome_error_nomem();
    int bad = json_object_set_new(j, "policy", json_string(ctome_policy_kind_name(o->policy))) ||
              json_object_set_new(j, "n_joints", json_integer(o->n_joints)) ||
              json_object_set_new(j, "task", json_string(ctome_swim_task_name(o->task))) ||
              json_object_set_new(j, "episode_steps", json_integer(o->episode_steps)) ||
              json_object_set_new(j, "episodes", json_integer(o->episodes));
    if (!bad && o->policy == CTOME_POLICY_NCAP) {
        const ctome_ncap_opts *n = &o->ncap;
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)n->init_seed);
        bad = json_object_set_new(j, "shared", json_boolean(n->shared)) ||
              json_object_set_new(j, "constrained", json_boolean(n->constrained)) ||
              json_object_set_new(j, "constant_init", json_boolean(n->constant_init)) ||
              json_object_set_new(j, "init_seed", json_string(seed)) ||
              json_object_set_new(j, "period", json_integer(n->period)) ||
              json_object_set_new(j, "proprioception", json_boolean(n->proprioception)) ||
              json_object_set_new(j, "oscillator", json_boolean(n->oscillator)) ||
              json_object_set_new(j, "speed_control", json_boolean(n->speed_control)) ||
              json_object_set_new(j, "turn_control", json_boolean(n->turn_control)) ||
              json_object_set_new(j, "n_turn_joints", json_integer(n->n_turn_joints));
    } else if (!bad) {
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->mlp_seed);
        bad = json_object_set_new(j, "layers", json_integer(o->mlp_layers)) ||
              json_object_set_new(j, "hidden", json_integer(o->mlp_hidden)) ||
              json_object_set_new(j, "init_seed", json_string(seed));
    }
    char *s = bad ? NULL : json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(j);
    if (!s)
        return ctome_error_nomem();
    *json = ctome_strdup(s);
    free(s);
    return *json ? CTOME_OK : CTOME_ENOMEM;
}

static int cfg_int(json_t *j, const char *key, int *v, int required)
{
    json_t *x = json_object_get(j, key);
    if (!x)
        return required ? -1 : 0;
    if (json_is_boolean(x)) {
        *v = json_is_true(x);
        return 0;
    }
    if (!json_is_integer(x) || json_integer_value(x) < -1000000000 || json_integer_value(x) > 1000000000)
        return -1;
    *v = (int)json_integer_value(x);
    return 0;
}

static int cfg_u64(json_t *j, const char *key, uint64_t *v)
{
    json_t *x = json_object_get(j, key);
    if (!x)
        return 0;
    if (!json_is_string(x))
        return -1;
    char *end;
    *v = strtoull(json_string_value(x), &end, 10);
    return *end ? -1 : 0;
}

/* Parse the checkpoint's policy_config into o (other fields untouched). */
static int config_parse(const char *path, const char *run_id, const char *policy, const char *text,
                        ctome_swim_train_opts *o)
{
    ctome_policy_kind kind;
    if (!policy || ctome_policy_kind_parse(policy, &kind) || (kind != CTOME_POLICY_NCAP && kind != CTOME_POLICY_MLP))
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "/runs/train/%s: checkpoint holds policy '%s', not a swimmer ncap or mlp policy", run_id,
                           policy ? policy : "");
    json_error_t e;
    json_t *j = json_loads(text ? text : "", 0, &e);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        return ctome_error(CTOME_EFORMAT, path, 0, "/runs/train/%s: policy_config is not a JSON object: %s", run_id,
                           j ? "not an object" : e.text);
    }
    int n = 0, bad = cfg_int(j, "n_joints", &n, 1) != 0;
    ctome_swim_train_opts_default(o, kind, n, o->es.algo);
    bad = bad || cfg_int(j, "episode_steps", &o->episode_steps, 0) || cfg_int(j, "episodes", &o->episodes, 0);
    json_t *task = json_object_get(j, "task");
    if (!bad && task)
        bad = !json_is_string(task) || ctome_swim_task_parse(json_string_value(task), &o->task) != CTOME_OK;
    if (!bad && kind == CTOME_POLICY_NCAP) {
        ctome_ncap_opts *c = &o->ncap;
        bad = cfg_int(j, "shared", &c->shared, 0) || cfg_int(j, "constrained", &c->constrained, 0) ||
              cfg_int(j, "constant_init", &c->constant_init, 0) || cfg_u64(j, "init_seed", &c->init_seed) ||
              cfg_int(j, "period", &c->period, 0) || cfg_int(j, "proprioception", &c->proprioception, 0) ||
              cfg_int(j, "oscillator", &c->oscillator, 0) || cfg_int(j, "speed_control", &c->speed_control, 0) ||
              cfg_int(j, "turn_control", &c->turn_control, 0) || cfg_int(j, "n_turn_joints", &c->n_turn_joints, 0);
    } else if (!bad) {
        bad = cfg_int(j, "layers", &o->mlp_layers, 0) || cfg_int(j, "hidden", &o->mlp_hidden, 0) ||
              cfg_u64(j, "init_seed", &o->mlp_seed);
    }
    json_decref(j);
    if (bad || n < CTOME_SWIM_MIN_JOINTS || n > CTOME_SWIM_MAX_JOINTS)
        return ctome_error(CTOME_EFORMAT, path, 0, "/runs/train/%s: policy_config has a missing or bad field: %s",
                           run_id, text ? text : "");
    return CTOME_OK;
}

/* ---- the objective ---- */

typedef struct {
    ctome_swimmer *env;
    ctome_policy *pol;
} worker;

typedef struct {
    const ctome_swim_train_opts *o;
    ctome_swimmer_model *model;
    ctome_policy *proto;      /* template policy (projection, cloning) */
    worker *w;
    int n_workers;
    /* first episode error (message kept: errors are per thread) */
    int err_code;
    char err_msg[512];
} train_ctx;

static void project_cb(double *theta, size_t dim, void *ctx)
{
    (void)dim;
    ctome_policy_project(((train_ctx *)ctx)->proto, theta);
}

static void note_error(train_ctx *c, int rc)
{
#pragma omp critical(ctome_swim_train_err)
    {
        if (!c->err_code) {
            c->err_code = rc;
            snprintf(c->err_msg, sizeof c->err_msg, "%s", ctome_error_message());
        }
    }
}

static uint64_t episode_seed(uint64_t member_seed, int e)
{
    /* episode 0 uses the member seed itself; later ones a splitmix step */
    uint64_t z = member_seed + (uint64_t)e * 0x9e3779b97f4a7c15ULL;
    if (e == 0)
        return member_seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double objective(const double *theta, size_t dim, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)dim;
    train_ctx *c = ctx;
    int t = 0;
#ifdef _OPENMP
    t = omp_get_thread_num();
#endif
    *steps = 0;
    if (t >= c->n_workers) {
        note_error(c, ctome_error(CTOME_EINVAL, NULL, 0, "swim train: thread %d beyond the %d prepared workers", t,
                                  c->n_workers));
        return NAN;
    }
    worker *w = &c->w[t];
    int rc = CTOME_OK;
    if (!w->env)
        rc = ctome_swimmer_create(&w->env, c->model, c->o->task, c->o->episode_steps);
    if (!rc && !w->pol)
        rc = ctome_policy_clone(c->proto, &w->pol);
    if (!rc)
        rc = ctome_policy_set_params(w->pol, theta);
    double sum = 0;
    for (int e = 0; !rc && e < c->o->episodes; e++) {
        double r;
        rc = ctome_swim_episode(w->env, w->pol, episode_seed(seed, e), NULL, &r);
        sum += r;
        *steps += (uint64_t)ctome_swimmer_step_count(w->env);
    }
    if (rc) {
        note_error(c, rc);
        return NAN;
    }
    return sum / c->o->episodes;
}

static void ctx_free(train_ctx *c)
{
    for (int i = 0; c->w && i < c->n_workers; i++) {
        ctome_swimmer_free(c->w[i].env);
        ctome_policy_free(c->w[i].pol);
    }
    free(c->w);
    ctome_policy_free(c->proto);
    ctome_swimmer_model_free(c->model);
}

static int ctx_init(train_ctx *c, const ctome_swim_train_opts *o)
{
    memset(c, 0, sizeof *c);
    c->o = o;
    int rc = ctome_swimmer_model_create(&c->model, o->n_joints);
    if (!rc)
        rc = ctome_swim_train_policy(o, NULL, &c->proto);
    if (rc)
        return rc;
    c->n_workers = 1;
#ifdef _OPENMP
    c->n_workers = omp_get_max_threads();
#endif
    c->w = calloc((size_t)c->n_workers, sizeof *c->w);
    return c->w ? CTOME_OK : ctome_error_nomem();
}

/* ---- the training loop ---- */

static int save(const ctome_es *es, const ctome_swim_train_opts *o, const ctome_swim_train_opts *cfg)
{
    if (!o->checkpoint || (o->dist && o->dist->size > 1 && o->dist->rank != 0))
        return CTOME_OK;
    char *json;
    int rc = ctome_swim_train_config_json(cfg, &json);
    if (rc)
        return rc;
    /* the body in links, as an attribute of its own: what `swim transfer` marks */
    rc = ctome_es_save_body(es, o->checkpoint, o->run_id ? o->run_id : "swim", ctome_policy_kind_name(cfg->policy),
                            json, (uint64_t)cfg->n_joints + 1);
    free(json);
    return rc;
}

static int result_fill(const ctome_es *es, ctome_swim_train_result *res)
{
    memset(res, 0, sizeof *res);
    size_t n = ctome_es_dim(es), nc;
    const ctome_es_gen *curve = ctome_es_curve(es, &nc);
    res->n_params = n;
    res->theta = malloc(n * sizeof(double));
    res->best_theta = malloc(n * sizeof(double));
    res->curve = malloc((nc ? nc : 1) * sizeof *res->curve);
    if (!res->theta || !res->best_theta || !res->curve) {
        ctome_swim_train_result_free(res);
        return ctome_error_nomem();
    }
    memcpy(res->theta, ctome_es_theta(es), n * sizeof(double));
    memcpy(res->best_theta, ctome_es_best_theta(es, &res->best_return), n * sizeof(double));
    memcpy(res->curve, curve, nc * sizeof *curve);
    res->n_curve = nc;
    res->generations = ctome_es_generation(es);
    res->steps = ctome_es_steps(es);
    return CTOME_OK;
}

/* Run `es` to the budgets of `run` (progress, dist, checkpoints), the
 * policy and body of `cfg`. */
static int train_loop(ctome_es *es, train_ctx *c, const ctome_swim_train_opts *run,
                      const ctome_swim_train_opts *cfg, ctome_swim_train_result *res)
{
    ctome_es_run_opts ro = {0};
    ro.max_steps = run->max_steps;
    ro.progress = run->progress;
    ro.progress_ctx = run->progress_ctx;
    ro.dist = run->dist;
    int rc = CTOME_OK;
    for (;;) {
        uint64_t g = ctome_es_generation(es);
        ro.max_generations = run->max_generations;
        if (run->checkpoint) {
            uint64_t next = g + (uint64_t)run->checkpoint_every;
            if (!ro.max_generations || next < ro.max_generations)
                ro.max_generations = next;
        }
        int done_steps = run->max_steps && ctome_es_steps(es) >= run->max_steps;
        int done_gens = run->max_generations && g >= run->max_generations;
        if (done_steps || done_gens)
            break;
        rc = ctome_es_run(es, objective, c, &ro);
        if (rc && c->err_code) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", ctome_error_message());
            rc = ctome_error(c->err_code, NULL, 0, "%s: %s", msg, c->err_msg);
        }
        if (!rc)
            rc = save(es, run, cfg);
        if (run->dist && run->dist->size > 1) {
            /* Only rank 0 writes: if that fails, every rank must stop, or
             * the others would wait forever in the next generation's
             * combine.  (ctome_es_run errors are already common to all
             * ranks: a NaN return reaches every rank through the combine.) */
            double failed = rc ? 1 : 0;
            if (run->dist->combine(&failed, 1, run->dist->ctx) != 0 && !rc)
                rc = ctome_error(CTOME_ELIB, NULL, 0, "swim train: combining the status of %d processes failed",
                                 run->dist->size);
            else if (failed > 0 && !rc)
                rc = ctome_error(CTOME_EIO, NULL, 0, "swim train: rank 0 could not write the checkpoint");
        }
        if (rc || ctome_es_generation(es) == g)
            break;
    }
    if (!rc)
        rc = result_fill(es, res);
    return rc;
}

int ctome_swim_train(const ctome_swim_train_opts *o, ctome_swim_train_result *res)
{
    memset(res, 0, sizeof *res);
    int rc = check_opts(o);
    if (rc)
        return rc;
    train_ctx c;
    if ((rc = ctx_init(&c, o))) {
        ctx_free(&c);
        return rc;
    }
    size_t n = ctome_policy_n_params(c.proto);
    double *theta0 = malloc(n * sizeof *theta0);
    ctome_es *es = NULL;
    if (!theta0) {
        rc = ctome_error_nomem();
    } else {
        ctome_policy_get_params(c.proto, theta0);
        ctome_es_opts eo = o->es;
        eo.project = project_cb;
        eo.project_ctx = &c;
        rc = ctome_es_new(&eo, theta0, n, &es);
    }
    if (!rc)
        rc = train_loop(es, &c, o, o, res);
    ctome_es_free(es);
    free(theta0);
    ctx_free(&c);
    return rc;
}

int ctome_swim_train_load(const char *path, const char *run_id, int expect, int best,
                          ctome_swim_train_opts *o, ctome_policy **policy)
{
    if (policy)
        *policy = NULL;
    ctome_es *es = NULL;
    char *pol = NULL, *cfg = NULL;
    int rc = ctome_es_load(path, run_id, NULL, NULL, &es, &pol, &cfg);
    if (rc)
        return rc;
    o->es.algo = ctome_es_algorithm(es);
    rc = config_parse(path, run_id, pol, cfg, o);
    if (!rc) {
        o->es = *ctome_es_options(es);
        o->es.project = NULL;
        o->es.project_ctx = NULL;
    }
    if (!rc && expect >= 0 && (int)o->policy != expect)
        rc = ctome_error(CTOME_EVALUE, path, 0, "/runs/train/%s: checkpoint holds a %s policy, not %s", run_id,
                         ctome_policy_kind_name(o->policy), ctome_policy_kind_name((ctome_policy_kind)expect));
    ctome_policy *p = NULL;
    if (!rc)
        rc = ctome_swim_train_policy(o, NULL, &p);
    if (!rc && ctome_policy_n_params(p) != ctome_es_dim(es))
        rc = ctome_error(CTOME_EFORMAT, path, 0,
                         "/runs/train/%s: %zu stored parameters, but its policy configuration has %zu", run_id,
                         ctome_es_dim(es), ctome_policy_n_params(p));
    if (!rc && policy) {
        const double *theta = best ? ctome_es_best_theta(es, NULL) : ctome_es_theta(es);
        rc = ctome_policy_set_params(p, theta);
        if (!rc) {
            *policy = p;
            p = NULL;
        }
    }
    ctome_policy_free(p);
    ctome_es_free(es);
    free(pol);
    free(cfg);
    return rc;
}

int ctome_swim_train_resume(const char *path, const char *run_id, const ctome_swim_train_opts *budget,
                            ctome_swim_train_result *res)
{
    memset(res, 0, sizeof *res);
    ctome_swim_train_opts cfg;
    memset(&cfg, 0, sizeof cfg);
    int rc = ctome_swim_train_load(path, run_id, -1, 0, &cfg, NULL);
    if (rc)
        return rc;
    ctome_swim_train_opts run = cfg;
    run.max_steps = budget->max_steps;
    run.max_generations = budget->max_generations;
    run.progress = budget->progress;
    run.progress_ctx = budget->progress_ctx;
    run.dist = budget->dist;
    run.checkpoint = budget->checkpoint;
    run.checkpoint_every = budget->checkpoint_every;
    run.run_id = budget->run_id ? budget->run_id : run_id;
    if ((rc = check_opts(&run)))
        return rc;
    train_ctx c;
    if ((rc = ctx_init(&c, &cfg))) {
        ctx_free(&c);
        return rc;
    }
    ctome_es *es = NULL;
    rc = ctome_es_load(path, run_id, project_cb, &c, &es, NULL, NULL);
    if (!rc)
        rc = train_loop(es, &c, &run, &cfg, res);
    ctome_es_free(es);
    ctx_free(&c);
    return rc;
}
