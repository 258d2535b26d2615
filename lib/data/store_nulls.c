/* store_nulls.c — null-model ensembles in the HDF5 store (store_nulls.h,
 * schema in docs/store.md).
 *
 *   /runs/nulls/<id>/                attrs: model, dataset, layer, seed, swaps_per_edge, n, m,
 *                                           n_vertices, directed, ctome_version (+ model params)
 *   /runs/nulls/<id>/src, dst        int32 [n, m]   one row per replicate
 *   /runs/nulls/<id>/weight          float64 [n, m]
 *   /runs/nulls/<id>/vertex_name     vlen UTF-8 [n_vertices]   (when given)
 *   /runs/nulls/<id>/vertex_node     int32 [n_vertices]         (when given)
 *   /runs/nulls/<id>/swaps, attempts int64 [n]; strength_error float64 [n]
 *
 * The attribute, group and dataset writers are shared with store.c and
 * store_recording.c through store_internal.h.
 */
#include "store_nulls.h"
#include "store_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int check(const ctome_store *s, const char *run_id, const ctome_store_nulls *e)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(run_id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad null run id '%s' (need 1-255 characters without '/')",
                           run_id ? run_id : "");
    if (e->n == 0)
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/nulls/%s: no replicates (n = 0)", run_id);
    if (e->m && (!e->src || !e->dst || !e->weight))
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/nulls/%s: missing edge arrays", run_id);
    for (size_t i = 0; i < e->n * e->m; i++)
        if (e->src[i] < 0 || e->dst[i] < 0 || (size_t)e->src[i] >= e->n_vertices ||
            (size_t)e->dst[i] >= e->n_vertices)
            return ctome_error(CTOME_EVALUE, s->path, 0,
                               "/runs/nulls/%s: replicate %zu edge %zu: vertex out of range (%d -> %d, %zu vertices)",
                               run_id, i / e->m, i % e->m, (int)e->src[i], (int)e->dst[i], e->n_vertices);
    return CTOME_OK;
}

static int write_run(hid_t rg, const ctome_store_nulls *e)
{
    int bad = attr_str(rg, "model", e->model) < 0 || attr_str(rg, "dataset", e->dataset) < 0 ||
              attr_str(rg, "layer", e->layer) < 0 || attr_u64(rg, "seed", e->seed) < 0 ||
              attr_f64(rg, "swaps_per_edge", e->swaps_per_edge) < 0 ||
              attr_i64(rg, "n", (long long)e->n) < 0 || attr_i64(rg, "m", (long long)e->m) < 0 ||
              attr_i64(rg, "n_vertices", (long long)e->n_vertices) < 0 ||
              attr_i64(rg, "directed", e->directed ? 1 : 0) < 0 ||
              attr_str(rg, "ctome_version", ctome_version()) < 0;
    if (!bad && e->model && strcmp(e->model, "geometry") == 0)
        bad = attr_i64(rg, "n_bins", e->n_bins) < 0;
    if (!bad && e->model && strcmp(e->model, "strength") == 0)
        bad = attr_i64(rg, "sa_stages", (long long)e->sa_stages) < 0 ||
              attr_i64(rg, "sa_iter", (long long)e->sa_iter) < 0 || attr_f64(rg, "sa_temp", e->sa_temp) < 0 ||
              attr_f64(rg, "sa_cool", e->sa_cool) < 0;
    if (bad)
        return -1;
    if (dset_put(rg, "src", H5T_STD_I32LE, H5T_NATIVE_INT32, 2, e->n, e->m, 1, e->src) < 0 ||
        dset_put(rg, "dst", H5T_STD_I32LE, H5T_NATIVE_INT32, 2, e->n, e->m, 1, e->dst) < 0 ||
        dset_put(rg, "weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, e->n, e->m, 1, e->weight) < 0)
        return -1;
    if (e->vertex_node &&
        dset_put(rg, "vertex_node", H5T_STD_I32LE, H5T_NATIVE_INT32, 1, e->n_vertices, 0, 1, e->vertex_node) < 0)
        return -1;
    if (e->vertex_name) {
        hid_t st = str_type();
        int r = st < 0 || dset_put(rg, "vertex_name", st, st, 1, e->n_vertices, 0, 0, e->vertex_name) < 0;
        if (st >= 0)
            H5Tclose(st);
        if (r)
            return -1;
    }
    if (e->swaps && dset_put(rg, "swaps", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, e->n, 0, 1, e->swaps) < 0)
        return -1;
    if (e->attempts &&
        dset_put(rg, "attempts", H5T_STD_U64LE, H5T_NATIVE_UINT64, 1, e->n, 0, 1, e->attempts) < 0)
        return -1;
    if (e->strength_error &&
        dset_put(rg, "strength_error", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, e->n, 0, 1, e->strength_error) < 0)
        return -1;
    return 0;
}

int ctome_store_put_nulls(ctome_store *s, const char *run_id, const ctome_store_nulls *e)
{
    int rc = check(s, run_id, e);
    if (rc)
        return rc;
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/nulls/%s", run_id);
    h5_quiet q;
    quiet_on(&q);
    hid_t runs = group_open_or_make(s->file, "runs");
    hid_t nulls = runs >= 0 ? group_open_or_make(runs, "nulls") : -1;
    if (nulls < 0) {
        rc = h5_fail(s, "create group", "/runs/nulls");
    } else {
        htri_t ex = H5Lexists(nulls, run_id, H5P_DEFAULT);
        if (ex < 0) {
            rc = h5_fail(s, "look up", gpath);
        } else if (ex > 0) {
            rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a null ensemble with id '%s' is already stored",
                             gpath, run_id);
        } else {
            hid_t rg = group_make(nulls, run_id);
            if (rg < 0) {
                rc = h5_fail(s, "create group", gpath);
            } else {
                if (write_run(rg, e) < 0)
                    rc = h5_fail(s, "write", gpath);
                if (H5Gclose(rg) < 0 && !rc)
                    rc = h5_fail(s, "close", gpath);
                if (rc)
                    H5Ldelete(nulls, run_id, H5P_DEFAULT);
            }
        }
    }
    h5_close(&nulls, H5Gclose);
    h5_close(&runs, H5Gclose);
    quiet_off(&q);
    return rc;
}
