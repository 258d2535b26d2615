/* store_swim.c — swimmer episodes in the HDF5 store (store_swim.h, schema
 * in docs/store.md).
 *
 *   /runs/swim/<id>/        attrs: controller, task, weights, config, n_joints, n_links,
 *                                  n_steps, seed, dt, return, mean_forward_velocity,
 *                                  ctome_version
 *   reward, forward_velocity   float64 [n_steps]
 *   torques, joints            float64 [n_steps, n_joints]
 *   nose                       float64 [n_steps, 2]
 *   body                       float64 [n_steps, 2 (n_joints + 2)]  (x0, y0, x1, y1, ...)
 *   units                      float64 [n_steps, n_units];  unit_names vlen UTF-8 [n_units]
 *   params                     float64 [n_params];          param_names vlen UTF-8 [n_params]
 */
#include "store_swim.h"
#include "store_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int check(const ctome_store *s, const char *run_id, const ctome_store_swim_episode *e)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(run_id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad swim run id '%s' (need 1-255 characters without '/')",
                           run_id ? run_id : "");
    if (!e || e->n_steps == 0 || e->n_joints < 1)
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/swim/%s: empty episode (%zu steps, %d joints)", run_id,
                           e ? e->n_steps : 0, e ? e->n_joints : 0);
    if (!e->reward || !e->torques || !e->joints || !e->nose || (e->n_units && (!e->units || !e->unit_names)) ||
        (e->n_params && !e->params))
        return ctome_error(CTOME_EINVAL, s->path, 0, "/runs/swim/%s: a required array is missing", run_id);
    return CTOME_OK;
}

static int put_f64(hid_t g, const char *name, int rank, size_t rows, size_t cols, const double *v)
{
    return dset_put(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, rows, cols, 0, v);
}

static int put_names(hid_t g, const char *name, size_t n, const char *const *v)
{
    hid_t st = str_type();
    int bad = st < 0 || dset_put(g, name, st, st, 1, n, 0, 0, v) < 0;
    if (st >= 0)
        H5Tclose(st);
    return bad ? -1 : 0;
}

static int write_run(hid_t g, const ctome_store_swim_episode *e)
{
    size_t T = e->n_steps, J = (size_t)e->n_joints;
    int bad = attr_str(g, "controller", e->controller) < 0 || attr_str(g, "task", e->task) < 0 ||
              attr_str(g, "weights", e->weights) < 0 || attr_str(g, "config", e->config ? e->config : "{}") < 0 ||
              attr_i64(g, "n_joints", e->n_joints) < 0 || attr_i64(g, "n_links", e->n_joints + 1) < 0 ||
              attr_i64(g, "n_steps", (long long)T) < 0 || attr_u64(g, "seed", e->seed) < 0 ||
              attr_f64(g, "dt", e->dt) < 0 || attr_f64(g, "return", e->ret) < 0 ||
              attr_f64(g, "mean_forward_velocity", e->mean_forward_velocity) < 0 ||
              attr_str(g, "ctome_version", ctome_version()) < 0;
    bad = bad || put_f64(g, "reward", 1, T, 0, e->reward) < 0 || put_f64(g, "torques", 2, T, J, e->torques) < 0 ||
          put_f64(g, "joints", 2, T, J, e->joints) < 0 || put_f64(g, "nose", 2, T, 2, e->nose) < 0;
    if (!bad && e->forward_velocity)
        bad = put_f64(g, "forward_velocity", 1, T, 0, e->forward_velocity) < 0;
    if (!bad && e->body)
        bad = put_f64(g, "body", 2, T, 2 * (J + 2), e->body) < 0;
    if (!bad && e->n_units)
        bad = put_f64(g, "units", 2, T, e->n_units, e->units) < 0 ||
              put_names(g, "unit_names", e->n_units, e->unit_names) < 0;
    if (!bad && e->n_params)
        bad = put_f64(g, "params", 1, e->n_params, 0, e->params) < 0 ||
              (e->param_names && put_names(g, "param_names", e->n_params, e->param_names) < 0);
    return bad ? -1 : 0;
}

int ctome_store_put_swim_episode(ctome_store *s, const char *run_id, const ctome_store_swim_episode *e)
{
    int rc = check(s, run_id, e);
    if (rc)
        return rc;
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/runs/swim/%s", run_id);
    h5_quiet q;
    quiet_on(&q);
    hid_t runs = group_open_or_make(s->file, "runs");
    hid_t swim = runs >= 0 ? group_open_or_make(runs, "swim") : -1;
    if (swim < 0) {
        rc = h5_fail(s, "create group", "/runs/swim");
    } else {
        htri_t ex = H5Lexists(swim, run_id, H5P_DEFAULT);
        if (ex < 0) {
            rc = h5_fail(s, "look up", gpath);
        } else if (ex > 0) {
            rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: an episode with id '%s' is already stored", gpath,
                             run_id);
        } else {
            hid_t g = group_make(swim, run_id);
            if (g < 0) {
                rc = h5_fail(s, "create group", gpath);
            } else {
                if (write_run(g, e) < 0)
                    rc = h5_fail(s, "write", gpath);
                if (H5Gclose(g) < 0 && !rc)
                    rc = h5_fail(s, "close", gpath);
                if (rc)
                    H5Ldelete(swim, run_id, H5P_DEFAULT);
            }
        }
    }
    h5_close(&swim, H5Gclose);
    h5_close(&runs, H5Gclose);
    quiet_off(&q);
    return rc;
}
