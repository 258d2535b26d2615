/* es_ckpt.c — optimiser checkpoints in the HDF5 store (es.h: ctome_es_save,
 * ctome_es_load).  Translates a ctome_es_state to the store's plain arrays
 * (store_train.h) and back; the learning curve travels column-wise. */
#include "es.h"

#include "error.h"
#include "io.h"
#include "store.h"
#include "store_train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int curve_to_columns(const ctome_es_state *st, ctome_store_train *t)
{
    size_t n = st->n_curve ? st->n_curve : 1;
    t->n_curve = st->n_curve;
    t->curve_generation = malloc(n * sizeof(uint64_t));
    t->curve_steps = malloc(n * sizeof(uint64_t));
    t->curve_mean = malloc(n * sizeof(double));
    t->curve_best = malloc(n * sizeof(double));
    t->curve_best_ever = malloc(n * sizeof(double));
    if (!t->curve_generation || !t->curve_steps || !t->curve_mean || !t->curve_best || !t->curve_best_ever)
        return ctome_error_nomem();
    for (size_t i = 0; i < st->n_curve; i++) {
        t->curve_generation[i] = st->curve[i].generation;
        t->curve_steps[i] = st->curve[i].steps;
        t->curve_mean[i] = st->curve[i].mean;
        t->curve_best[i] = st->curve[i].best;
        t->curve_best_ever[i] = st->curve[i].best_ever;
    }
    return CTOME_OK;
}

static void free_columns(ctome_store_train *t)
{
    free(t->curve_generation);
    free(t->curve_steps);
    free(t->curve_mean);
    free(t->curve_best);
    free(t->curve_best_ever);
}

int ctome_es_save(const ctome_es *es, const char *path, const char *run_id, const char *policy,
                  const char *policy_config)
{
    return ctome_es_save_body(es, path, run_id, policy, policy_config, 0);
}

int ctome_es_save_body(const ctome_es *es, const char *path, const char *run_id, const char *policy,
                       const char *policy_config, uint64_t body_links)
{
    ctome_es_state st;
    int rc = ctome_es_get_state(es, &st);
    if (rc)
        return rc;
    ctome_store_train t;
    memset(&t, 0, sizeof t);
    t.algo = (char *)ctome_es_algo_name(st.opts.algo);
    t.policy = (char *)(policy ? policy : "");
    t.policy_config = (char *)(policy_config ? policy_config : "");
    t.seed = st.opts.seed;
    t.generation = st.generation;
    t.steps = st.steps;
    t.eigen_generation = st.eigen_generation;
    t.dim = st.dim;
    t.popsize = st.opts.popsize;
    t.sigma = st.sigma;
    t.sigma0 = st.opts.sigma;
    t.lr = st.opts.lr;
    t.beta1 = st.opts.beta1;
    t.beta2 = st.opts.beta2;
    t.adam_eps = st.opts.adam_eps;
    t.weight_decay = st.opts.weight_decay;
    t.best_return = st.best_return;
    t.body_links = body_links;
    t.theta = st.theta;
    t.best_theta = st.best_theta;
    t.adam_m = st.adam_m;
    t.adam_v = st.adam_v;
    t.C = st.C;
    t.B = st.B;
    t.D = st.D;
    t.pc = st.pc;
    t.ps = st.ps;
    rc = curve_to_columns(&st, &t);
    ctome_store *s = NULL;
    if (!rc)
        rc = ctome_store_create(path, &s);
    if (!rc)
        rc = ctome_store_put_train(s, run_id, &t);
    if (!rc) {
        rc = ctome_store_commit(s);
    } else if (s) {
        ctome_store_abort(s);
    }
    free_columns(&t);
    ctome_es_state_free(&st);
    return rc;
}

static int load_state(const ctome_store_train *t, ctome_es_state *st)
{
    memset(st, 0, sizeof *st);
    ctome_es_algo algo;
    int rc = ctome_es_algo_parse(t->algo, &algo);
    if (rc)
        return rc;
    ctome_es_opts_default(algo, &st->opts);
    st->opts.popsize = (size_t)t->popsize;
    st->opts.sigma = t->sigma0;
    st->opts.lr = t->lr;
    st->opts.beta1 = t->beta1;
    st->opts.beta2 = t->beta2;
    st->opts.adam_eps = t->adam_eps;
    st->opts.weight_decay = t->weight_decay;
    st->opts.seed = t->seed;
    st->dim = (size_t)t->dim;
    st->generation = t->generation;
    st->steps = t->steps;
    st->eigen_generation = t->eigen_generation;
    st->sigma = t->sigma;
    st->best_return = t->best_return;
    /* borrow the arrays: the caller frees t, not st */
    st->theta = t->theta;
    st->best_theta = t->best_theta;
    st->adam_m = t->adam_m;
    st->adam_v = t->adam_v;
    st->C = t->C;
    st->B = t->B;
    st->D = t->D;
    st->pc = t->pc;
    st->ps = t->ps;
    st->n_curve = (size_t)t->n_curve;
    if (st->n_curve) {
        st->curve = malloc(st->n_curve * sizeof *st->curve);
        if (!st->curve)
            return ctome_error_nomem();
        for (size_t i = 0; i < st->n_curve; i++) {
            st->curve[i].generation = t->curve_generation[i];
            st->curve[i].steps = t->curve_steps[i];
            st->curve[i].mean = t->curve_mean[i];
            st->curve[i].best = t->curve_best[i];
            st->curve[i].best_ever = t->curve_best_ever[i];
        }
    }
    return CTOME_OK;
}

int ctome_es_load(const char *path, const char *run_id, ctome_es_project project, void *project_ctx,
                  ctome_es **out, char **policy, char **policy_config)
{
    *out = NULL;
    if (policy)
        *policy = NULL;
    if (policy_config)
        *policy_config = NULL;
    ctome_store *s = NULL;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    ctome_store_train t;
    rc = ctome_store_get_train(s, run_id, &t);
    ctome_store_close(s);
    if (rc)
        return rc;
    ctome_es_state st;
    rc = load_state(&t, &st);
    if (!rc) {
        rc = ctome_es_from_state(&st, project, project_ctx, out);
        if (rc) {
            /* name the file and run in the state checker's message */
            char msg[512];
            snprintf(msg, sizeof msg, "%s", ctome_error_message());
            rc = ctome_error(rc, path, 0, "/runs/train/%s: %s", run_id, msg);
        }
    }
    free(st.curve);
    if (!rc && policy && !(*policy = ctome_strdup(t.policy)))
        rc = CTOME_ENOMEM;
    if (!rc && policy_config && !(*policy_config = ctome_strdup(t.policy_config)))
        rc = CTOME_ENOMEM;
    if (rc) {
        ctome_es_free(*out);
        *out = NULL;
        if (policy) {
            free(*policy);
            *policy = NULL;
        }
    }
    ctome_store_train_free(&t);
    return rc;
}

int ctome_es_body_links(const char *path, const char *run_id, uint64_t *links)
{
    *links = 0;
    ctome_store *s = NULL;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    ctome_store_train t;
    rc = ctome_store_get_train(s, run_id, &t);
    ctome_store_close(s);
    if (!rc)
        *links = t.body_links;
    ctome_store_train_free(&t);
    return rc;
}
