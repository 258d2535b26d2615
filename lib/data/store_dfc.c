/* store_dfc.c — dynamic functional connectome runs in the HDF5 store
 * (store_dfc.h, schema in docs/store.md). */
#include "store_dfc.h"
#include "store_internal.h"

#define DFC_AFFINITY "rectified Pearson r of first differences in each window (ctome's reading of Dyballa et al. 2024)"
#define DFC_METHOD "Leiden, modularity objective, consensus over seeds (not the paper's nested weighted SBM)"

static int write_run(hid_t g, const ctome_store_dfc *d)
{
    size_t N = d->n_neurons, K = d->n_worms, W = d->n_windows, P = d->n_pairs, R = d->rank;
    int bad = attr_f64(g, "window_s", d->window_s) < 0 || attr_f64(g, "step_s", d->step_s) < 0 ||
              attr_f64(g, "dt", d->dt) < 0 || attr_i64(g, "rank", (long long)R) < 0 ||
              attr_i64(g, "starts", (long long)d->starts) < 0 || attr_u64(g, "seed", d->seed) < 0 ||
              attr_i64(g, "best_start", (long long)d->best_start) < 0 ||
              attr_f64(g, "rel_error", d->rel_error) < 0 || attr_f64(g, "stability", d->stability) < 0 ||
              attr_i64(g, "iterations", (long long)d->iterations) < 0 ||
              attr_i64(g, "converged", d->converged ? 1 : 0) < 0 || attr_str(g, "affinity", DFC_AFFINITY) < 0 ||
              attr_str(g, "community_method", d->community_method ? d->community_method : DFC_METHOD) < 0 ||
              attr_str(g, "ctome_version", ctome_version()) < 0;
    if (bad)
        return -1;
    hid_t st = str_type();
    bad = st < 0 || dset_put(g, "neurons", st, st, 1, N, 0, 0, d->neurons) < 0 ||
          dset_put(g, "worms", st, st, 1, K, 0, 0, d->worms) < 0;
    if (st >= 0)
        H5Tclose(st);
    if (bad)
        return -1;
    if (dset_put(g, "window_t0", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, W, 0, 1, d->window_t0) < 0 ||
        dset_put(g, "window_ok", H5T_STD_U8LE, H5T_NATIVE_UINT8, 2, K, W, 0, d->window_ok) < 0 ||
        dset_put(g, "present", H5T_STD_U8LE, H5T_NATIVE_UINT8, 2, K, N, 0, d->present) < 0 ||
        dset_put(g, "temporal", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, W, R, 1, d->temporal) < 0 ||
        dset_put(g, "animal", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, K, R, 1, d->animal) < 0 ||
        dset_put(g, "factors", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, P, R, 1, d->factors) < 0 ||
        dset_put(g, "lambda", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, R, 0, 1, d->lambda) < 0 ||
        dset_put(g, "loss", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, d->iterations, 0, 1, d->loss) < 0 ||
        dset_put(g, "membership", H5T_STD_I32LE, H5T_NATIVE_INT32, 2, R, N, 1, d->membership) < 0 ||
        dset_put(g, "coherent", H5T_STD_I32LE, H5T_NATIVE_INT32, 2, R, N, 1, d->coherent) < 0)
        return -1;
    if (d->affinity &&
        dset_put(g, "affinity", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, K * W, P, 1, d->affinity) < 0)
        return -1;
    return 0;
}

int ctome_store_put_dfc(ctome_store *s, const char *run_id, const ctome_store_dfc *d)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(run_id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad dfc run id '%s' (need 1-255 characters without '/')",
                           run_id ? run_id : "");
    if (!d || !d->n_neurons || !d->n_worms || !d->n_windows || !d->rank || !d->n_pairs)
        return ctome_error(CTOME_EVALUE, s->path, 0, "/runs/dfc/%s: empty run", run_id);
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/dfc/%s", run_id);
    int rc = CTOME_OK;
    h5_quiet q;
    quiet_on(&q);
    hid_t runs = group_open_or_make(s->file, "runs");
    hid_t dfc = runs >= 0 ? group_open_or_make(runs, "dfc") : -1;
    if (dfc < 0) {
        rc = h5_fail(s, "create group", "/runs/dfc");
    } else {
        htri_t ex = H5Lexists(dfc, run_id, H5P_DEFAULT);
        if (ex < 0) {
            rc = h5_fail(s, "look up", gpath);
        } else if (ex > 0) {
            rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a dfc run with id '%s' is already stored", gpath, run_id);
        } else {
            hid_t g = group_make(dfc, run_id);
            if (g < 0) {
                rc = h5_fail(s, "create group", gpath);
            } else {
                if (write_run(g, d) < 0)
                    rc = h5_fail(s, "write", gpath);
                if (H5Gclose(g) < 0 && !rc)
                    rc = h5_fail(s, "close", gpath);
                if (rc)
                    H5Ldelete(dfc, run_id, H5P_DEFAULT);
            }
        }
    }
    h5_close(&dfc, H5Gclose);
    h5_close(&runs, H5Gclose);
    quiet_off(&q);
    return rc;
}

int ctome_store_list_dfc(ctome_store *s, char ***ids, size_t *n)
{
    return store_list_links(s, "/runs/dfc", ids, n);
}

void ctome_store_dfc_free(ctome_store_dfc *d)
{
    if (!d)
        return;
    for (size_t i = 0; d->neurons && i < d->n_neurons; i++)
        free(d->neurons[i]);
    for (size_t i = 0; d->worms && i < d->n_worms; i++)
        free(d->worms[i]);
    free(d->neurons);
    free(d->worms);
    free(d->window_t0);
    free(d->window_ok);
    free(d->present);
    free(d->affinity);
    free(d->temporal);
    free(d->animal);
    free(d->factors);
    free(d->lambda);
    free(d->loss);
    free(d->membership);
    free(d->coherent);
    memset(d, 0, sizeof *d);
}

static int get_num_attr(ctome_store *s, hid_t g, const char *gpath, const char *name, hid_t mtype, void *v)
{
    h5_attr at;
    int r = h5_attr_open(g, name, H5Tequal(mtype, H5T_NATIVE_DOUBLE) > 0 ? H5T_FLOAT : H5T_INTEGER, &at);
    if (r == 0) {
        int bad = H5Aread(at.a, mtype, v) < 0;
        h5_attr_close(&at);
        if (!bad)
            return CTOME_OK;
    }
    return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: missing or unreadable attribute '%s'", gpath, name);
}

/* Read a whole dataset whose shape must be rows (x cols when cols > 0). */
static int get_dset(ctome_store *s, hid_t g, const char *gpath, const char *name, hid_t mtype, size_t esz,
                    size_t rows, size_t cols, void **out)
{
    *out = NULL;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: missing dataset", gpath, name);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rank = sp >= 0 ? H5Sget_simple_extent_dims(sp, dims, NULL) : -1;
    int rc = CTOME_OK;
    if (rank != (cols ? 2 : 1) || dims[0] != rows || (cols && dims[1] != cols))
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: shape disagrees with the run's sizes (%zu x %zu)", gpath,
                         name, rows, cols);
    size_t total = rows * (cols ? cols : 1);
    void *buf = rc ? NULL : malloc((total ? total : 1) * esz);
    if (!rc && !buf)
        rc = ctome_error_nomem();
    if (!rc && total && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        rc = h5_fail(s, "read", gpath);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    return CTOME_OK;
}

static int get_strings(ctome_store *s, hid_t g, const char *gpath, const char *name, size_t n, char ***out)
{
    *out = NULL;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: missing dataset", gpath, name);
    hid_t sp = H5Dget_space(d), mt = str_type();
    hsize_t dims[1] = {0};
    int rc = CTOME_OK;
    if (sp < 0 || mt < 0 || H5Sget_simple_extent_ndims(sp) != 1 || H5Sget_simple_extent_dims(sp, dims, NULL) < 0 ||
        dims[0] != n)
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: expected %zu strings", gpath, name, n);
    char **raw = rc ? NULL : calloc(n ? n : 1, sizeof *raw);
    char **v = rc ? NULL : calloc(n ? n : 1, sizeof *v);
    if (!rc && (!raw || !v))
        rc = ctome_error_nomem();
    if (!rc && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
        rc = h5_fail(s, "read", gpath);
    else if (!rc) {
        for (size_t i = 0; i < n && !rc; i++)
            if (!(v[i] = strdup(raw[i] ? raw[i] : "")))
                rc = ctome_error_nomem();
        H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, raw);
    }
    free(raw);
    if (mt >= 0)
        H5Tclose(mt);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    if (rc) {
        for (size_t i = 0; v && i < n; i++)
            free(v[i]);
        free(v);
        return rc;
    }
    *out = v;
    return CTOME_OK;
}

int ctome_store_get_dfc(ctome_store *s, const char *run_id, ctome_store_dfc *out)
{
    memset(out, 0, sizeof *out);
    if (!valid_link_name(run_id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad dfc run id '%s'", run_id ? run_id : "");
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/dfc/%s", run_id);
    h5_quiet q;
    quiet_on(&q);
    hid_t g = -1;
    int rc = store_open_group(s, gpath, "dfc run", run_id, &g);
    long long rank = 0, starts = 0, best = 0, iters = 0, conv = 0;
    unsigned long long seed = 0;
    if (!rc)
        rc = get_num_attr(s, g, gpath, "rank", H5T_NATIVE_LLONG, &rank);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "starts", H5T_NATIVE_LLONG, &starts);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "best_start", H5T_NATIVE_LLONG, &best);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "iterations", H5T_NATIVE_LLONG, &iters);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "converged", H5T_NATIVE_LLONG, &conv);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "seed", H5T_NATIVE_ULLONG, &seed);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "window_s", H5T_NATIVE_DOUBLE, &out->window_s);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "step_s", H5T_NATIVE_DOUBLE, &out->step_s);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "dt", H5T_NATIVE_DOUBLE, &out->dt);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "rel_error", H5T_NATIVE_DOUBLE, &out->rel_error);
    if (!rc)
        rc = get_num_attr(s, g, gpath, "stability", H5T_NATIVE_DOUBLE, &out->stability);
    if (!rc && (rank < 1 || starts < 1 || iters < 0 || best < 0 || best >= starts))
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: bad rank/starts/best_start/iterations attributes", gpath);
    if (!rc) {
        out->rank = (size_t)rank;
        out->starts = (size_t)starts;
        out->best_start = (size_t)best;
        out->iterations = (size_t)iters;
        out->converged = conv != 0;
        out->seed = seed;
    }
    /* sizes from the 1-D datasets, then every other shape is checked */
    hsize_t dims[2];
    size_t N = 0, K = 0, W = 0;
    const char *sz_names[3] = {"neurons", "worms", "window_t0"};
    size_t *sz[3] = {&N, &K, &W};
    for (int i = 0; !rc && i < 3; i++) {
        hid_t d = H5Dopen2(g, sz_names[i], H5P_DEFAULT);
        hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
        if (sp < 0 || H5Sget_simple_extent_ndims(sp) != 1 || H5Sget_simple_extent_dims(sp, dims, NULL) < 0)
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s/%s: missing or not 1-D", gpath, sz_names[i]);
        else
            *sz[i] = (size_t)dims[0];
        if (sp >= 0)
            H5Sclose(sp);
        if (d >= 0)
            H5Dclose(d);
    }
    if (!rc && (N < 2 || K < 1 || W < 1))
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: %zu neurons, %zu worms, %zu windows", gpath, N, K, W);
    size_t R = out->rank, P = N * (N - 1) / 2;
    out->n_neurons = N;
    out->n_worms = K;
    out->n_windows = W;
    out->n_pairs = P;
    if (!rc)
        rc = get_strings(s, g, gpath, "neurons", N, &out->neurons);
    if (!rc)
        rc = get_strings(s, g, gpath, "worms", K, &out->worms);
    if (!rc)
        rc = get_dset(s, g, gpath, "window_t0", H5T_NATIVE_DOUBLE, 8, W, 0, (void **)&out->window_t0);
    if (!rc)
        rc = get_dset(s, g, gpath, "window_ok", H5T_NATIVE_UINT8, 1, K, W, (void **)&out->window_ok);
    if (!rc)
        rc = get_dset(s, g, gpath, "present", H5T_NATIVE_UINT8, 1, K, N, (void **)&out->present);
    if (!rc)
        rc = get_dset(s, g, gpath, "temporal", H5T_NATIVE_DOUBLE, 8, W, R, (void **)&out->temporal);
    if (!rc)
        rc = get_dset(s, g, gpath, "animal", H5T_NATIVE_DOUBLE, 8, K, R, (void **)&out->animal);
    if (!rc)
        rc = get_dset(s, g, gpath, "factors", H5T_NATIVE_DOUBLE, 8, P, R, (void **)&out->factors);
    if (!rc)
        rc = get_dset(s, g, gpath, "lambda", H5T_NATIVE_DOUBLE, 8, R, 0, (void **)&out->lambda);
    if (!rc)
        rc = get_dset(s, g, gpath, "loss", H5T_NATIVE_DOUBLE, 8, out->iterations, 0, (void **)&out->loss);
    if (!rc)
        rc = get_dset(s, g, gpath, "membership", H5T_NATIVE_INT32, 4, R, N, (void **)&out->membership);
    if (!rc)
        rc = get_dset(s, g, gpath, "coherent", H5T_NATIVE_INT32, 4, R, N, (void **)&out->coherent);
    if (!rc && H5Lexists(g, "affinity", H5P_DEFAULT) > 0)
        rc = get_dset(s, g, gpath, "affinity", H5T_NATIVE_DOUBLE, 8, K * W, P, (void **)&out->affinity);
    if (g >= 0)
        H5Gclose(g);
    quiet_off(&q);
    if (rc)
        ctome_store_dfc_free(out);
    return rc;
}
