/* store_rnn.c — RNN checkpoints in the HDF5 store (store_rnn.h; schema in
 * docs/store.md, /runs/rnn/<id>).  Written into a store opened with
 * ctome_store_create, so a failed save leaves nothing behind; read back with
 * every dataset's shape checked against the stored sizes. */
#include "store_rnn.h"
#include "store_internal.h"

#include <math.h>

static const char *act_name(ctome_rnn_act a) { return a == CTOME_RNN_TANH ? "tanh" : "relu"; }
static const char *init_name(ctome_rnn_init i) { return i == CTOME_RNN_INIT_TORCH ? "torch" : "normal"; }
static const char *opt_name(ctome_opt_kind o) { return o == CTOME_OPT_SGD ? "sgd" : "adam"; }
static const char *loss_name(ctome_rnn_loss l) { return l == CTOME_RNN_LOSS_MSE ? "mse" : "ce"; }

/* ---- writing ---- */

static int write_net(hid_t g, const ctome_rnn *net)
{
    const ctome_rnn_config *c = &net->cfg;
    const size_t ni = c->n_in, n = c->n, no = c->n_out;
    int bad = attr_i64(g, "n_in", (long long)ni) < 0 || attr_i64(g, "n", (long long)n) < 0 ||
              attr_i64(g, "n_out", (long long)no) < 0 || attr_str(g, "activation", act_name(c->act)) < 0 ||
              attr_f64(g, "alpha", c->alpha) < 0 || attr_f64(g, "gain", c->gain) < 0 ||
              attr_str(g, "init", init_name(c->init)) < 0 || attr_u64(g, "seed", c->seed) < 0 ||
              attr_str(g, "ctome_version", ctome_version()) < 0;
    if (bad)
        return -1;
    hid_t f = H5T_IEEE_F32LE, m = H5T_NATIVE_FLOAT;
    bad = dset_put(g, "W_in", f, m, 2, n, ni, 0, net->W_in) < 0 || dset_put(g, "W", f, m, 2, n, n, 0, net->W) < 0 ||
          dset_put(g, "W_eff", f, m, 2, n, n, 0, net->W_eff) < 0 || dset_put(g, "b", f, m, 1, n, 0, 0, net->b) < 0 ||
          dset_put(g, "W_out", f, m, 2, no, n, 0, net->W_out) < 0 ||
          dset_put(g, "b_out", f, m, 1, no, 0, 0, net->b_out) < 0;
    if (!bad && net->sign)
        bad = dset_put(g, "sign", H5T_STD_I8LE, H5T_NATIVE_SCHAR, 1, n, 0, 0, net->sign) < 0;
    if (!bad && net->mask)
        bad = dset_put(g, "mask", H5T_STD_U8LE, H5T_NATIVE_UCHAR, 2, n, n, 1, net->mask) < 0;
    return bad ? -1 : 0;
}

static int write_trainer(hid_t g, const ctome_trainer *tr)
{
    const ctome_train_opts *o = &tr->opts;
    int bad = attr_i64(g, "step", (long long)tr->step) < 0 || attr_str(g, "optimizer", opt_name(o->opt)) < 0 ||
              attr_f64(g, "lr", o->lr) < 0 || attr_f64(g, "beta1", o->beta1) < 0 ||
              attr_f64(g, "beta2", o->beta2) < 0 || attr_f64(g, "eps", o->eps) < 0 ||
              attr_f64(g, "momentum", o->momentum) < 0 || attr_f64(g, "clip", o->clip) < 0 ||
              attr_f64(g, "sigma_in", o->sigma_in) < 0 || attr_f64(g, "sigma_rec", o->sigma_rec) < 0 ||
              attr_i64(g, "T", (long long)o->T) < 0 || attr_i64(g, "B", (long long)o->B) < 0 ||
              attr_i64(g, "chunk", (long long)o->chunk) < 0 || attr_str(g, "loss", loss_name(o->loss)) < 0 ||
              attr_u64(g, "train_seed", o->seed) < 0;
    if (bad)
        return -1;
    size_t P = tr->net->n_params;
    bad = dset_put(g, "opt_m", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, P, 0, 0, tr->m) < 0 ||
          dset_put(g, "opt_v", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, P, 0, 0, tr->v) < 0;
    return bad ? -1 : 0;
}

int ctome_store_put_rnn(ctome_store *s, const char *id, const ctome_rnn *net, const ctome_trainer *tr)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad network id '%s' (need 1-255 characters without '/')",
                           id ? id : "");
    if (!net || (tr && tr->net != net))
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/rnn/%s: no network, or a trainer of another network", id);
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/rnn/%s", id);
    int rc = CTOME_OK;
    h5_quiet q;
    quiet_on(&q);
    hid_t runs = group_open_or_make(s->file, "runs");
    hid_t rnn = runs < 0 ? -1 : group_open_or_make(runs, "rnn");
    htri_t ex;
    if (rnn < 0) {
        rc = h5_fail(s, "create group", "/runs/rnn");
    } else if ((ex = H5Lexists(rnn, id, H5P_DEFAULT)) < 0) {
        rc = h5_fail(s, "look up", gpath);
    } else if (ex > 0) {
        rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a network with id '%s' is already stored", gpath, id);
    } else {
        hid_t g = group_make(rnn, id);
        if (g < 0) {
            rc = h5_fail(s, "create group", gpath);
        } else {
            if (write_net(g, net) < 0 || attr_i64(g, "has_trainer", tr ? 1 : 0) < 0 ||
                (tr && write_trainer(g, tr) < 0))
                rc = h5_fail(s, "write", gpath);
            if (H5Gclose(g) < 0 && !rc)
                rc = h5_fail(s, "close", gpath);
            if (rc)
                H5Ldelete(rnn, id, H5P_DEFAULT);
        }
    }
    h5_close(&rnn, H5Gclose);
    h5_close(&runs, H5Gclose);
    quiet_off(&q);
    return rc;
}

int ctome_trainer_save(const ctome_trainer *tr, const char *path)
{
    if (!tr)
        return ctome_error(CTOME_EINVAL, path, 0, "no trainer to save");
    ctome_store *s = NULL;
    int rc = ctome_store_create(path, &s);
    if (rc)
        return rc;
    rc = ctome_store_put_rnn(s, "rnn", tr->net, tr);
    if (rc) {
        ctome_store_abort(s);
        return rc;
    }
    return ctome_store_commit(s);
}

/* ---- reading ---- */

/* Attribute readers: 0, or a CTOME_EFORMAT naming the attribute. */
static int get_attr(ctome_store *s, hid_t g, const char *gpath, const char *name, H5T_class_t cls, hid_t mtype,
                    void *v)
{
    h5_attr at;
    int r = h5_attr_open(g, name, cls, &at);
    if (r == 1)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute '%s' is missing", gpath, name);
    if (r < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute '%s' has the wrong type", gpath, name);
    int bad = H5Aread(at.a, mtype, v) < 0;
    h5_attr_close(&at);
    return bad ? ctome_error(CTOME_EFORMAT, s->path, 0, "%s: cannot read attribute '%s'", gpath, name) : 0;
}

static int get_size(ctome_store *s, hid_t g, const char *gpath, const char *name, size_t *v)
{
    long long x = 0;
    int rc = get_attr(s, g, gpath, name, H5T_INTEGER, H5T_NATIVE_LLONG, &x);
    if (rc)
        return rc;
    if (x < 0 || x > 100000000)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute '%s' = %lld is out of range", gpath, name, x);
    *v = (size_t)x;
    return CTOME_OK;
}

/* A short vlen string attribute into buf (truncated to sz-1). */
static int get_word(ctome_store *s, hid_t g, const char *gpath, const char *name, char *buf, size_t sz)
{
    h5_attr at;
    int r = h5_attr_open(g, name, H5T_STRING, &at);
    if (r)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: string attribute '%s' is %s", gpath, name,
                           r == 1 ? "missing" : "unreadable");
    hid_t mt = str_type();
    char *v = NULL;
    int bad = H5Tis_variable_str(at.t) <= 0 || mt < 0 || H5Aread(at.a, mt, &v) < 0;
    if (!bad)
        snprintf(buf, sz, "%s", v ? v : "");
    if (v)
        H5free_memory(v);
    if (mt >= 0)
        H5Tclose(mt);
    h5_attr_close(&at);
    return bad ? ctome_error(CTOME_EFORMAT, s->path, 0, "%s: cannot read string attribute '%s'", gpath, name) : 0;
}

/* Read dataset `name` whole into buf after checking its shape: rank 1 of
 * `rows` (cols == 0) or rank 2 of rows x cols. */
static int get_dset(ctome_store *s, hid_t g, const char *gpath, const char *name, size_t rows, size_t cols,
                    hid_t mtype, void *buf)
{
    htri_t ex = H5Lexists(g, name, H5P_DEFAULT);
    if (ex <= 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: dataset is missing", gpath, name);
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: not a dataset", gpath, name);
    hid_t sp = H5Dget_space(d);
    int want = cols ? 2 : 1;
    hsize_t dims[2] = {0, 0};
    int rank = sp < 0 ? -1 : H5Sget_simple_extent_ndims(sp);
    int rc = CTOME_OK;
    if (rank != want || H5Sget_simple_extent_dims(sp, dims, NULL) < 0 || dims[0] != rows ||
        (want == 2 && dims[1] != cols)) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0,
                         "%s/%s: shape is %d-D %llu x %llu, expected %d-D %zu x %zu (does the checkpoint belong to "
                         "another network?)",
                         gpath, name, rank, (unsigned long long)dims[0], (unsigned long long)dims[1], want, rows,
                         cols ? cols : 1);
    } else if (rows * (cols ? cols : 1) > 0 && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        char det[256];
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: cannot read (damaged file?): %s", gpath, name,
                         h5_detail(det, "HDF5 read failed"));
    }
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    return rc;
}

static int open_run(ctome_store *s, const char *id, char *gpath, size_t sz, hid_t *g)
{
    *g = -1;
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "store is not open");
    if (!valid_link_name(id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad network id '%s'", id ? id : "");
    h5path(gpath, sz, "/runs/rnn/%s", id);
    return store_open_group(s, gpath, "network", id, g);
}

static int read_config(ctome_store *s, hid_t g, const char *gpath, ctome_rnn_config *c)
{
    ctome_rnn_config_default(c);
    char act[32], init[32];
    unsigned long long seed = 0;
    int rc = get_size(s, g, gpath, "n_in", &c->n_in);
    if (!rc)
        rc = get_size(s, g, gpath, "n", &c->n);
    if (!rc)
        rc = get_size(s, g, gpath, "n_out", &c->n_out);
    if (!rc)
        rc = get_attr(s, g, gpath, "alpha", H5T_FLOAT, H5T_NATIVE_DOUBLE, &c->alpha);
    if (!rc)
        rc = get_attr(s, g, gpath, "gain", H5T_FLOAT, H5T_NATIVE_DOUBLE, &c->gain);
    if (!rc)
        rc = get_attr(s, g, gpath, "seed", H5T_INTEGER, H5T_NATIVE_ULLONG, &seed);
    if (!rc)
        rc = get_word(s, g, gpath, "activation", act, sizeof act);
    if (!rc)
        rc = get_word(s, g, gpath, "init", init, sizeof init);
    if (rc)
        return rc;
    c->seed = seed;
    if (strcmp(act, "relu") && strcmp(act, "tanh"))
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: unknown activation '%s'", gpath, act);
    c->act = strcmp(act, "tanh") ? CTOME_RNN_RELU : CTOME_RNN_TANH;
    if (strcmp(init, "normal") && strcmp(init, "torch"))
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: unknown init '%s'", gpath, init);
    c->init = strcmp(init, "torch") ? CTOME_RNN_INIT_NORMAL : CTOME_RNN_INIT_TORCH;
    return CTOME_OK;
}

/* Parameters, Dale signs and mask of the stored network into `net`, whose
 * configuration matches the stored one. */
static int read_params(ctome_store *s, hid_t g, const char *gpath, ctome_rnn *net)
{
    const size_t ni = net->cfg.n_in, n = net->cfg.n, no = net->cfg.n_out;
    hid_t m = H5T_NATIVE_FLOAT;
    int rc = get_dset(s, g, gpath, "W_in", n, ni, m, net->W_in);
    if (!rc)
        rc = get_dset(s, g, gpath, "W", n, n, m, net->W);
    if (!rc)
        rc = get_dset(s, g, gpath, "b", n, 0, m, net->b);
    if (!rc)
        rc = get_dset(s, g, gpath, "W_out", no, n, m, net->W_out);
    if (!rc)
        rc = get_dset(s, g, gpath, "b_out", no, 0, m, net->b_out);
    for (size_t p = 0; !rc && p < net->n_params; p++)
        if (!isfinite(net->theta[p]))
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: parameter %zu is not finite (%g)", gpath, p,
                             (double)net->theta[p]);
    if (rc)
        return rc;
    int *sign = NULL;
    unsigned char *mask = NULL;
    signed char *s8 = NULL;
    if (H5Lexists(g, "sign", H5P_DEFAULT) > 0) {
        sign = malloc(n * sizeof *sign);
        s8 = malloc(n);
        if (!sign || !s8)
            rc = ctome_error_nomem();
        if (!rc)
            rc = get_dset(s, g, gpath, "sign", n, 0, H5T_NATIVE_SCHAR, s8);
        for (size_t j = 0; !rc && j < n; j++)
            sign[j] = s8[j];
    }
    if (!rc && H5Lexists(g, "mask", H5P_DEFAULT) > 0) {
        if (!(mask = malloc(n * n)))
            rc = ctome_error_nomem();
        if (!rc)
            rc = get_dset(s, g, gpath, "mask", n, n, H5T_NATIVE_UCHAR, mask);
    }
    if (!rc)
        rc = ctome_rnn_set_dale(net, sign);
    if (!rc)
        rc = ctome_rnn_set_mask(net, mask);
    if (rc && ctome_error_code() == CTOME_EINVAL) {
        char prev[512];
        snprintf(prev, sizeof prev, "%s", ctome_error_message());
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: %s", gpath, prev);
    }
    free(sign);
    free(s8);
    free(mask);
    return rc;
}

int ctome_store_get_rnn(ctome_store *s, const char *id, ctome_rnn **out)
{
    *out = NULL;
    char gpath[PATH_MAX_LEN];
    hid_t g;
    h5_quiet q;
    quiet_on(&q);
    int rc = open_run(s, id, gpath, sizeof gpath, &g);
    ctome_rnn_config c;
    if (!rc)
        rc = read_config(s, g, gpath, &c);
    ctome_rnn *net = NULL;
    if (!rc && (rc = ctome_rnn_new(&c, &net)) != CTOME_OK) {
        char prev[512];
        snprintf(prev, sizeof prev, "%s", ctome_error_message());
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: %s", gpath, prev);
    }
    if (!rc)
        rc = read_params(s, g, gpath, net);
    if (g >= 0)
        H5Gclose(g);
    quiet_off(&q);
    if (rc) {
        ctome_rnn_free(net);
        return rc;
    }
    *out = net;
    return CTOME_OK;
}

/* The stored value of a field that must match the trainer's. */
static int must_match_size(ctome_store *s, hid_t g, const char *gpath, const char *name, size_t want)
{
    size_t v = 0;
    int rc = get_size(s, g, gpath, name, &v);
    if (rc)
        return rc;
    if (v != want)
        return ctome_error(CTOME_EVALUE, s->path, 0, "%s: checkpoint has %s = %zu, this trainer %zu", gpath, name, v,
                           want);
    return CTOME_OK;
}

static int must_match_word(ctome_store *s, hid_t g, const char *gpath, const char *name, const char *want)
{
    char v[32];
    int rc = get_word(s, g, gpath, name, v, sizeof v);
    if (rc)
        return rc;
    if (strcmp(v, want))
        return ctome_error(CTOME_EVALUE, s->path, 0, "%s: checkpoint has %s = '%s', this trainer '%s'", gpath, name,
                           v, want);
    return CTOME_OK;
}

int ctome_store_get_trainer(ctome_store *s, const char *id, ctome_trainer *tr)
{
    if (!tr)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no trainer to restore into");
    char gpath[PATH_MAX_LEN];
    hid_t g;
    h5_quiet q;
    quiet_on(&q);
    int rc = open_run(s, id, gpath, sizeof gpath, &g);
    ctome_rnn *net = tr->net;
    const ctome_rnn_config *c = &net->cfg;
    size_t has = 0, step = 0;
    double alpha = 0;
    if (!rc)
        rc = get_size(s, g, gpath, "has_trainer", &has);
    if (!rc && !has)
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: holds a network without training state", gpath);
    if (!rc)
        rc = must_match_size(s, g, gpath, "n_in", c->n_in);
    if (!rc)
        rc = must_match_size(s, g, gpath, "n", c->n);
    if (!rc)
        rc = must_match_size(s, g, gpath, "n_out", c->n_out);
    if (!rc)
        rc = must_match_word(s, g, gpath, "activation", act_name(c->act));
    if (!rc)
        rc = get_attr(s, g, gpath, "alpha", H5T_FLOAT, H5T_NATIVE_DOUBLE, &alpha);
    if (!rc && alpha != c->alpha)
        rc = ctome_error(CTOME_EVALUE, s->path, 0, "%s: checkpoint has alpha = %g, this network %g", gpath, alpha,
                         c->alpha);
    if (!rc)
        rc = must_match_word(s, g, gpath, "optimizer", opt_name(tr->opts.opt));
    if (!rc)
        rc = must_match_word(s, g, gpath, "loss", loss_name(tr->opts.loss));
    if (!rc)
        rc = must_match_size(s, g, gpath, "T", tr->opts.T);
    if (!rc)
        rc = must_match_size(s, g, gpath, "B", tr->opts.B);
    if (!rc)
        rc = get_size(s, g, gpath, "step", &step);
    /* read into scratch copies first so a failure leaves the trainer as it was */
    const size_t P = net->n_params;
    ctome_rnn *tmp = NULL;
    float *mv = NULL;
    if (!rc && ctome_rnn_copy(net, &tmp))
        rc = CTOME_ENOMEM;
    if (!rc && !(mv = malloc(2 * P * sizeof *mv)))
        rc = ctome_error_nomem();
    if (!rc)
        rc = read_params(s, g, gpath, tmp);
    if (!rc)
        rc = get_dset(s, g, gpath, "opt_m", P, 0, H5T_NATIVE_FLOAT, mv);
    if (!rc)
        rc = get_dset(s, g, gpath, "opt_v", P, 0, H5T_NATIVE_FLOAT, mv + P);
    for (size_t p = 0; !rc && p < 2 * P; p++)
        if (!isfinite(mv[p]))
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: optimiser state entry %zu is not finite", gpath, p);
    if (!rc) {
        memcpy(net->theta, tmp->theta, P * sizeof *net->theta);
        rc = ctome_rnn_set_dale(net, NULL);
        if (!rc && tmp->sign) {
            int *sg = malloc(c->n * sizeof *sg);
            if (!sg) {
                rc = ctome_error_nomem();
            } else {
                for (size_t j = 0; j < c->n; j++)
                    sg[j] = tmp->sign[j];
                rc = ctome_rnn_set_dale(net, sg);
                free(sg);
            }
        }
        if (!rc)
            rc = ctome_rnn_set_mask(net, tmp->mask);
        memcpy(tr->m, mv, P * sizeof *tr->m);
        memcpy(tr->v, mv + P, P * sizeof *tr->v);
        tr->step = step;
    }
    ctome_rnn_free(tmp);
    free(mv);
    if (g >= 0)
        H5Gclose(g);
    quiet_off(&q);
    return rc;
}

int ctome_trainer_restore(ctome_trainer *tr, const char *path)
{
    ctome_store *s = NULL;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    rc = ctome_store_get_trainer(s, "rnn", tr);
    ctome_store_close(s);
    return rc;
}

int ctome_rnn_load(const char *path, const char *id, ctome_rnn **out)
{
    *out = NULL;
    ctome_store *s = NULL;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    rc = ctome_store_get_rnn(s, id ? id : "rnn", out);
    ctome_store_close(s);
    return rc;
}

int ctome_store_list_rnns(ctome_store *s, char ***ids, size_t *n)
{
    return store_list_links(s, "/runs/rnn", ids, n);
}
