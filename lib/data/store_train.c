/* store_train.c — optimiser checkpoints in the HDF5 store (store_train.h,
 * schema in docs/store.md).  The attribute, group and dataset writers are
 * shared with store.c through store_internal.h. */
#include "store_train.h"
#include "store_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Arrays larger than this are not a checkpoint ctome wrote (a damaged or
 * foreign file): refuse before allocating. */
#define TRAIN_MAX_DIM 1000000ULL
#define TRAIN_MAX_CURVE 100000000ULL

static int is_cma(const char *algo) { return algo && strcmp(algo, "cmaes") == 0; }
static int is_es(const char *algo) { return algo && strcmp(algo, "es") == 0; }

/* ---- writing ---- */

static int put_vec(hid_t g, const char *name, const double *v, size_t n)
{
    return v ? dset_put(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, n, 0, 1, v) : 0;
}

static int write_train(hid_t g, const ctome_store_train *t)
{
    size_t n = (size_t)t->dim, nc = (size_t)t->n_curve;
    int bad = attr_str(g, "algo", t->algo) < 0 || attr_str(g, "policy", t->policy) < 0 ||
              attr_str(g, "policy_config", t->policy_config) < 0 || attr_u64(g, "seed", t->seed) < 0 ||
              attr_u64(g, "generation", t->generation) < 0 || attr_u64(g, "steps", t->steps) < 0 ||
              attr_u64(g, "eigen_generation", t->eigen_generation) < 0 || attr_u64(g, "dim", t->dim) < 0 ||
              attr_u64(g, "popsize", t->popsize) < 0 || attr_f64(g, "sigma", t->sigma) < 0 ||
              attr_f64(g, "sigma0", t->sigma0) < 0 || attr_f64(g, "lr", t->lr) < 0 ||
              attr_f64(g, "beta1", t->beta1) < 0 || attr_f64(g, "beta2", t->beta2) < 0 ||
              attr_f64(g, "adam_eps", t->adam_eps) < 0 || attr_f64(g, "weight_decay", t->weight_decay) < 0 ||
              attr_f64(g, "best_return", t->best_return) < 0 ||
              attr_str(g, "ctome_version", ctome_version()) < 0 ||
              (t->body_links && attr_u64(g, "body_links", t->body_links) < 0);
    if (bad)
        return -1;
    if (put_vec(g, "theta", t->theta, n) < 0 || put_vec(g, "best_theta", t->best_theta, n) < 0 ||
        put_vec(g, "adam_m", t->adam_m, n) < 0 || put_vec(g, "adam_v", t->adam_v, n) < 0 ||
        put_vec(g, "D", t->D, n) < 0 || put_vec(g, "pc", t->pc, n) < 0 || put_vec(g, "ps", t->ps, n) < 0)
        return -1;
    if (t->C && dset_put(g, "C", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, n, n, 1, t->C) < 0)
        return -1;
    if (t->B && dset_put(g, "B", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, n, n, 1, t->B) < 0)
        return -1;
    if (dset_put(g, "curve_generation", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, nc, 0, 1, t->curve_generation) < 0 ||
        dset_put(g, "curve_steps", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, nc, 0, 1, t->curve_steps) < 0 ||
        dset_put(g, "curve_mean", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, nc, 0, 1, t->curve_mean) < 0 ||
        dset_put(g, "curve_best", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, nc, 0, 1, t->curve_best) < 0 ||
        dset_put(g, "curve_best_ever", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, nc, 0, 1, t->curve_best_ever) < 0)
        return -1;
    return 0;
}

static int check_put(const ctome_store *s, const char *run_id, const ctome_store_train *t)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(run_id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad training run id '%s' (need 1-255 characters without '/')",
                           run_id ? run_id : "");
    if (!is_es(t->algo) && !is_cma(t->algo))
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/train/%s: unknown algo '%s' (expected es or cmaes)",
                           run_id, t->algo ? t->algo : "");
    if (t->dim == 0 || t->dim > TRAIN_MAX_DIM || !t->theta)
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/train/%s: bad dimension %llu or no theta", run_id,
                           (unsigned long long)t->dim);
    if (t->n_curve && (!t->curve_generation || !t->curve_steps || !t->curve_mean || !t->curve_best ||
                       !t->curve_best_ever))
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/train/%s: learning curve arrays missing", run_id);
    return CTOME_OK;
}

int ctome_store_put_train(ctome_store *s, const char *run_id, const ctome_store_train *t)
{
    int rc = check_put(s, run_id, t);
    if (rc)
        return rc;
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/train/%s", run_id);
    h5_quiet q;
    quiet_on(&q);
    hid_t runs = group_open_or_make(s->file, "runs");
    hid_t train = runs >= 0 ? group_open_or_make(runs, "train") : -1;
    if (train < 0) {
        rc = h5_fail(s, "create group", "/runs/train");
    } else {
        htri_t ex = H5Lexists(train, run_id, H5P_DEFAULT);
        if (ex < 0) {
            rc = h5_fail(s, "look up", gpath);
        } else if (ex > 0) {
            rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a training run with id '%s' is already stored", gpath,
                             run_id);
        } else {
            hid_t g = group_make(train, run_id);
            if (g < 0) {
                rc = h5_fail(s, "create group", gpath);
            } else {
                if (write_train(g, t) < 0)
                    rc = h5_fail(s, "write", gpath);
                if (H5Gclose(g) < 0 && !rc)
                    rc = h5_fail(s, "close", gpath);
                if (rc)
                    H5Ldelete(train, run_id, H5P_DEFAULT);
            }
        }
    }
    h5_close(&train, H5Gclose);
    h5_close(&runs, H5Gclose);
    quiet_off(&q);
    return rc;
}

/* ---- reading ---- */

void ctome_store_train_free(ctome_store_train *t)
{
    if (!t)
        return;
    free(t->algo);
    free(t->policy);
    free(t->policy_config);
    free(t->theta);
    free(t->best_theta);
    free(t->adam_m);
    free(t->adam_v);
    free(t->C);
    free(t->B);
    free(t->D);
    free(t->pc);
    free(t->ps);
    free(t->curve_generation);
    free(t->curve_steps);
    free(t->curve_mean);
    free(t->curve_best);
    free(t->curve_best_ever);
    memset(t, 0, sizeof *t);
}

typedef struct {
    ctome_store *s;
    hid_t g;
    const char *gpath;
} rd;

static int missing(const rd *r, const char *what, const char *name)
{
    return ctome_error(CTOME_EFORMAT, r->s->path, 0, "%s: %s '%s' is missing or not %s", r->gpath, what, name,
                       strcmp(what, "attribute") == 0 ? "a single value of the right type" : "of the right shape");
}

static int get_num(const rd *r, const char *name, H5T_class_t cls, hid_t mtype, void *v)
{
    h5_attr at;
    if (h5_attr_open(r->g, name, cls, &at) != 0)
        return missing(r, "attribute", name);
    int bad = H5Aread(at.a, mtype, v) < 0;
    h5_attr_close(&at);
    return bad ? h5_fail(r->s, "read attribute of", r->gpath) : CTOME_OK;
}

static int get_u64(const rd *r, const char *name, uint64_t *v)
{
    return get_num(r, name, H5T_INTEGER, H5T_NATIVE_UINT64, v);
}

static int get_f64(const rd *r, const char *name, double *v)
{
    return get_num(r, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, v);
}

static int get_str(const rd *r, const char *name, char **out)
{
    h5_attr at;
    if (h5_attr_open(r->g, name, H5T_STRING, &at) != 0 || H5Tis_variable_str(at.t) <= 0) {
        if (at.a >= 0)
            h5_attr_close(&at);
        return missing(r, "attribute", name);
    }
    char *v = NULL;
    hid_t mt = str_type();
    int bad = mt < 0 || H5Aread(at.a, mt, &v) < 0;
    if (!bad && !(*out = ctome_strdup(v ? v : "")))
        bad = 1;
    if (v)
        H5free_memory(v);
    if (mt >= 0)
        H5Tclose(mt);
    h5_attr_close(&at);
    return bad ? h5_fail(r->s, "read attribute of", r->gpath) : CTOME_OK;
}

/* Dataset `name` of exactly rows (x cols when rank 2) elements into a new
 * array. */
static int get_arr(const rd *r, const char *name, int rank, size_t rows, size_t cols, hid_t mtype, size_t esz,
                   void **out)
{
    *out = NULL;
    hid_t d = H5Lexists(r->g, name, H5P_DEFAULT) > 0 ? H5Dopen2(r->g, name, H5P_DEFAULT) : -1;
    if (d < 0)
        return missing(r, "dataset", name);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rk = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (rk == rank)
        H5Sget_simple_extent_dims(sp, dims, NULL);
    int rc = CTOME_OK;
    if (rk != rank || dims[0] != rows || (rank == 2 && dims[1] != cols)) {
        rc = ctome_error(CTOME_EFORMAT, r->s->path, 0, "%s/%s: shape does not match dim %zu / generation count",
                         r->gpath, name, rows);
    } else {
        size_t n = rank == 2 ? rows * cols : rows;
        void *buf = malloc((n ? n : 1) * esz);
        if (!buf)
            rc = ctome_error_nomem();
        else if (n && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            free(buf);
            char p[PATH_MAX_LEN];
            h5path(p, sizeof p, "%s/%s", r->gpath, name);
            rc = h5_fail(r->s, "read", p);
        } else {
            *out = buf;
        }
    }
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    return rc;
}

static int get_vec(const rd *r, const char *name, size_t n, double **out)
{
    return get_arr(r, name, 1, n, 0, H5T_NATIVE_DOUBLE, sizeof(double), (void **)out);
}

static int read_train(const rd *r, ctome_store_train *t)
{
    int rc = get_str(r, "algo", &t->algo);
    if (!rc && !is_es(t->algo) && !is_cma(t->algo))
        rc = ctome_error(CTOME_EFORMAT, r->s->path, 0, "%s: unknown algo '%s' (expected es or cmaes)", r->gpath,
                         t->algo);
    if (!rc)
        rc = get_str(r, "policy", &t->policy);
    if (!rc)
        rc = get_str(r, "policy_config", &t->policy_config);
    const char *u[] = {"seed", "generation", "steps", "eigen_generation", "dim", "popsize"};
    uint64_t *uv[] = {&t->seed, &t->generation, &t->steps, &t->eigen_generation, &t->dim, &t->popsize};
    for (int i = 0; !rc && i < 6; i++)
        rc = get_u64(r, u[i], uv[i]);
    /* optional: checkpoints written before it existed have none (0) */
    t->body_links = 0;
    if (!rc && H5Aexists(r->g, "body_links") > 0)
        rc = get_u64(r, "body_links", &t->body_links);
    const char *f[] = {"sigma", "sigma0", "lr", "beta1", "beta2", "adam_eps", "weight_decay", "best_return"};
    double *fv[] = {&t->sigma, &t->sigma0, &t->lr, &t->beta1, &t->beta2, &t->adam_eps, &t->weight_decay,
                    &t->best_return};
    for (int i = 0; !rc && i < 8; i++)
        rc = get_f64(r, f[i], fv[i]);
    if (rc)
        return rc;
    if (t->dim == 0 || t->dim > TRAIN_MAX_DIM || (is_cma(t->algo) && t->dim > 20000))
        return ctome_error(CTOME_EFORMAT, r->s->path, 0, "%s: dim %llu is out of range", r->gpath,
                           (unsigned long long)t->dim);
    if (t->generation > TRAIN_MAX_CURVE)
        return ctome_error(CTOME_EFORMAT, r->s->path, 0, "%s: generation %llu is out of range", r->gpath,
                           (unsigned long long)t->generation);
    size_t n = (size_t)t->dim, nc = (size_t)t->generation;
    t->n_curve = t->generation;
    rc = get_vec(r, "theta", n, &t->theta);
    if (!rc)
        rc = get_vec(r, "best_theta", n, &t->best_theta);
    if (!rc && is_es(t->algo)) {
        rc = get_vec(r, "adam_m", n, &t->adam_m);
        if (!rc)
            rc = get_vec(r, "adam_v", n, &t->adam_v);
    }
    if (!rc && is_cma(t->algo)) {
        rc = get_arr(r, "C", 2, n, n, H5T_NATIVE_DOUBLE, sizeof(double), (void **)&t->C);
        if (!rc)
            rc = get_arr(r, "B", 2, n, n, H5T_NATIVE_DOUBLE, sizeof(double), (void **)&t->B);
        if (!rc)
            rc = get_vec(r, "D", n, &t->D);
        if (!rc)
            rc = get_vec(r, "pc", n, &t->pc);
        if (!rc)
            rc = get_vec(r, "ps", n, &t->ps);
    }
    if (!rc)
        rc = get_arr(r, "curve_generation", 1, nc, 0, H5T_NATIVE_UINT64, sizeof(uint64_t),
                     (void **)&t->curve_generation);
    if (!rc)
        rc = get_arr(r, "curve_steps", 1, nc, 0, H5T_NATIVE_UINT64, sizeof(uint64_t), (void **)&t->curve_steps);
    if (!rc)
        rc = get_vec(r, "curve_mean", nc, &t->curve_mean);
    if (!rc)
        rc = get_vec(r, "curve_best", nc, &t->curve_best);
    if (!rc)
        rc = get_vec(r, "curve_best_ever", nc, &t->curve_best_ever);
    return rc;
}

int ctome_store_get_train(ctome_store *s, const char *run_id, ctome_store_train *t)
{
    memset(t, 0, sizeof *t);
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open");
    if (!valid_link_name(run_id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad training run id '%s'", run_id ? run_id : "");
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/train/%s", run_id);
    h5_quiet q;
    quiet_on(&q);
    hid_t g;
    int rc = store_open_group(s, gpath, "training checkpoint", run_id, &g);
    if (!rc) {
        rd r = {s, g, gpath};
        rc = read_train(&r, t);
        H5Gclose(g);
    }
    quiet_off(&q);
    if (rc)
        ctome_store_train_free(t);
    return rc;
}
