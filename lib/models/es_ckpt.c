/* es_ckpt.c — optimiser checkpoints in the HDF5 store (es.h: ctome_es_save,
 * ctome_es_load).  Translates a ctome_es_state to the store's plain arrays
 * (store_train.h) and back; the learning curve travels column-wise. */
#include "es.h"

#include "error.h"
#include "io.h"
#include "store.h"
#include "store_train.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scalar and array fields a checkpoint carries, state <-> store: one
 * table for save and load, so a field added to one side cannot be missed on
 * the other.  Same-width fields are copied bytewise; the two size_t counts
 * convert to the store's uint64_t. */
typedef struct {
    size_t st, tr, width;
} ckpt_field;

#define CKPT(sf, tf)                                                                                  \
    {offsetof(ctome_es_state, sf), offsetof(ctome_store_train, tf), sizeof(((ctome_store_train *)0)->tf)}
static const ckpt_field ckpt_fields[] = {
    CKPT(opts.seed, seed), CKPT(generation, generation), CKPT(steps, steps),
    CKPT(eigen_generation, eigen_generation),
    CKPT(sigma, sigma), CKPT(opts.sigma, sigma0), CKPT(opts.lr, lr), CKPT(opts.beta1, beta1),
    CKPT(opts.beta2, beta2), CKPT(opts.adam_eps, adam_eps), CKPT(opts.weight_decay, weight_decay),
    CKPT(best_return, best_return),
    /* arrays: borrowed both ways (the caller frees its own side only) */
    CKPT(theta, theta), CKPT(best_theta, best_theta), CKPT(adam_m, adam_m), CKPT(adam_v, adam_v),
    CKPT(C, C), CKPT(B, B), CKPT(D, D), CKPT(pc, pc), CKPT(ps, ps)};
#undef CKPT

/* to_store: state -> checkpoint, else checkpoint -> state. */
static void ckpt_copy(ctome_es_state *st, ctome_store_train *t, int to_store)
{
    for (size_t i = 0; i < sizeof ckpt_fields / sizeof *ckpt_fields; i++) {
        char *a = (char *)st + ckpt_fields[i].st, *b = (char *)t + ckpt_fields[i].tr;
        if (to_store)
            memcpy(b, a, ckpt_fields[i].width);
        else
            memcpy(a, b, ckpt_fields[i].width);
    }
    if (to_store) {
        t->dim = st->dim;
        t->popsize = st->opts.popsize;
    } else {
        st->dim = (size_t)t->dim;
        st->opts.popsize = (size_t)t->popsize;
    }
}

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
    ckpt_copy(&st, &t, 1);
    t.body_links = body_links;
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

static int load_state(ctome_store_train *t, ctome_es_state *st)
{
    memset(st, 0, sizeof *st);
    ctome_es_algo algo;
    int rc = ctome_es_algo_parse(t->algo, &algo);
    if (rc)
        return rc;
    ctome_es_opts_default(algo, &st->opts);
    ckpt_copy(st, t, 0);   /* borrows the arrays: the caller frees t, not st */
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
