/* store_recording.c — recordings in the HDF5 store (store_recording.h,
 * schema in docs/store.md):
 *
 *   /recordings/<id>/traces          float64 [neurons x time], chunked by neuron rows, shuffled, deflated
 *   /recordings/<id>/time            float64 [time]
 *   /recordings/<id>/labels          vlen UTF-8 [neurons] ("" = unlabelled ROI)
 *   /recordings/<id>/registry_index  int32 [neurons] (-1 = not in the registry)
 *   attrs: dataset, worm, indicator, source_file, source_sha256, provenance
 *          (vlen UTF-8), dt (median step, s: float64), n_neurons, n_time (int64)
 *
 * Written into the same temporary store file as the connectomes (store.c),
 * so a failed ingest leaves nothing behind.  The attribute, group and
 * dataset writers are shared with store.c through store_internal.h.
 */
#include "store_recording.h"
#include "store_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the time steps (the nominal sampling interval of an irregular
 * recording); NaN for a single sample.  O(T log T). */
static double median_step(const ctome_recording *r)
{
    if (r->n_time < 2)
        return NAN;
    size_t m = r->n_time - 1;
    double *d = malloc(m * sizeof *d);
    if (!d)
        return NAN;
    for (size_t i = 0; i < m; i++)
        d[i] = r->time[i + 1] - r->time[i];
    qsort(d, m, sizeof *d, cmp_double);
    double med = m % 2 ? d[m / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
    free(d);
    return med;
}

static int write_recording(hid_t g, const ctome_recording *r)
{
    int bad = attr_str(g, "dataset", r->dataset) < 0 || attr_str(g, "worm", r->worm) < 0 ||
              attr_str(g, "indicator", r->indicator) < 0 || attr_str(g, "source_file", r->source_file) < 0 ||
              attr_str(g, "source_sha256", r->source_sha256) < 0 || attr_str(g, "provenance", r->provenance) < 0 ||
              attr_f64(g, "dt", median_step(r)) < 0 || attr_i64(g, "n_neurons", (long long)r->n_neurons) < 0 ||
              attr_i64(g, "n_time", (long long)r->n_time) < 0 ||
              attr_str(g, "ctome_version", ctome_version()) < 0;
    if (bad)
        return -1;
    int32_t *ri = malloc((r->n_neurons ? r->n_neurons : 1) * sizeof *ri);
    if (!ri)
        return -1;
    for (size_t i = 0; i < r->n_neurons; i++)
        ri[i] = (int32_t)r->reg[i];
    bad = dset_put(g, "traces", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, r->n_neurons, r->n_time, 1, r->traces) < 0 ||
          dset_put(g, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, r->n_time, 0, 1, r->time) < 0 ||
          dset_put(g, "registry_index", H5T_STD_I32LE, H5T_NATIVE_INT32, 1, r->n_neurons, 0, 1, ri) < 0;
    free(ri);
    if (bad)
        return -1;
    hid_t st = str_type();
    bad = st < 0 || dset_put(g, "labels", st, st, 1, r->n_neurons, 0, 0, r->labels) < 0;
    if (st >= 0)
        H5Tclose(st);
    return bad ? -1 : 0;
}

int ctome_store_put_recording(ctome_store *s, const ctome_recording *r)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!r || !valid_link_name(r->id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad recording id '%s' (need 1-255 characters without '/')",
                           r && r->id ? r->id : "");
    /* Only recordings that keep the invariants are stored: a reader of the
     * store can rely on them. */
    int rc = ctome_recording_validate(r, r->source_file);
    if (rc)
        return rc;
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/recordings/%s", r->id);
    h5_quiet q;
    quiet_on(&q);
    htri_t ex;
    hid_t recs = group_open_or_make(s->file, "recordings");
    if (recs < 0) {
        rc = h5_fail(s, "create group", "/recordings");
    } else if ((ex = H5Lexists(recs, r->id, H5P_DEFAULT)) < 0) {
        rc = h5_fail(s, "look up", gpath);
    } else if (ex > 0) {
        rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a recording with id '%s' is already stored", gpath, r->id);
    } else {
        hid_t g = group_make(recs, r->id);
        if (g < 0) {
            rc = h5_fail(s, "create group", gpath);
        } else {
            if (write_recording(g, r) < 0)
                rc = h5_fail(s, "write", gpath);
            if (H5Gclose(g) < 0 && !rc)
                rc = h5_fail(s, "close", gpath);
            if (rc)
                H5Ldelete(recs, r->id, H5P_DEFAULT);
        }
    }
    h5_close(&recs, H5Gclose);
    quiet_off(&q);
    return rc;
}

/* ---- reading ---- */

/* Ids in name order; the caller frees each string and the array (unlike
 * ctome_store_list, whose cache lives in the store handle). */
int ctome_store_list_recordings(ctome_store *s, char ***ids, size_t *n)
{
    return store_list_links(s, "/recordings", ids, n);
}

/* String attribute (vlen or fixed) into a recording field; absent = "". */
static int get_str_attr(ctome_store *s, hid_t g, const char *gpath, const char *name, char **field)
{
    h5_attr at;
    int r = h5_attr_open(g, name, H5T_STRING, &at);
    if (r == 1)
        return ctome_recording_set_string(field, "");
    if (r < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute '%s' is not a string", gpath, name);
    int bad;
    char *v = NULL;
    hid_t mt = -1;
    if (H5Tis_variable_str(at.t) > 0) {
        mt = str_type();
        bad = mt < 0 || H5Aread(at.a, mt, &v) < 0;
        if (!bad)
            bad = ctome_recording_set_string(field, v ? v : "") != CTOME_OK;
        if (v)
            H5free_memory(v);
    } else {
        size_t n = H5Tget_size(at.t);
        mt = H5Tcopy(H5T_C_S1);
        v = calloc(n + 2, 1);
        bad = !v || mt < 0 || H5Tset_size(mt, n + 1) < 0 || H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0 ||
              H5Aread(at.a, mt, v) < 0 || ctome_recording_set_string(field, v) != CTOME_OK;
        free(v);
    }
    if (mt >= 0)
        H5Tclose(mt);
    h5_attr_close(&at);
    return bad ? h5_fail(s, "read attribute of", gpath) : CTOME_OK;
}

/* Dataset `name` under g: its extent must be exactly dims (rank `rank`). */
static int get_dset(ctome_store *s, hid_t g, const char *gpath, const char *name, int rank, const hsize_t *want,
                    hid_t mtype, void *buf)
{
    char p[PATH_MAX_LEN];
    h5path(p, sizeof p, "%s/%s", gpath, name);
    hid_t d = H5Lexists(g, name, H5P_DEFAULT) > 0 ? H5Dopen2(g, name, H5P_DEFAULT) : -1;
    if (d < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: missing", p);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (r == rank)
        H5Sget_simple_extent_dims(sp, dims, NULL);
    int rc = CTOME_OK;
    if (r != rank || dims[0] != want[0] || (rank == 2 && dims[1] != want[1]))
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: shape does not match n_neurons/n_time", p);
    else if ((rank == 1 ? want[0] : want[0] * want[1]) > 0 && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        rc = h5_fail(s, "read", p);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    return rc;
}

static int get_labels(ctome_store *s, hid_t g, const char *gpath, ctome_recording *r, const ctome_registry *reg)
{
    size_t n = r->n_neurons;
    char **v = calloc(n ? n : 1, sizeof *v);
    int32_t *ri = malloc((n ? n : 1) * sizeof *ri);
    hid_t st = str_type();
    hsize_t want[1] = {(hsize_t)n};
    int rc = !v || !ri || st < 0 ? ctome_error_nomem() : CTOME_OK;
    if (!rc)
        rc = get_dset(s, g, gpath, "labels", 1, want, st, v);
    if (!rc)
        rc = get_dset(s, g, gpath, "registry_index", 1, want, H5T_NATIVE_INT32, ri);
    for (size_t i = 0; !rc && i < n; i++) {
        rc = ctome_recording_set_label(r, i, v[i] ? v[i] : "", reg);
        /* Without a registry the stored placement is kept as written. */
        if (!rc && !reg)
            r->reg[i] = ri[i];
    }
    if (v) {
        for (size_t i = 0; i < n; i++)
            if (v[i])
                H5free_memory(v[i]);
        free(v);
    }
    free(ri);
    if (st >= 0)
        H5Tclose(st);
    return rc;
}

static int read_recording(ctome_store *s, hid_t g, const char *id, const char *gpath, const ctome_registry *reg,
                          ctome_recording **out)
{
    long long nn = -1, nt = -1;
    h5_attr at;
    if (h5_attr_open(g, "n_neurons", H5T_INTEGER, &at) == 0) {
        if (H5Aread(at.a, H5T_NATIVE_LLONG, &nn) < 0)
            nn = -1;
        h5_attr_close(&at);
    }
    if (h5_attr_open(g, "n_time", H5T_INTEGER, &at) == 0) {
        if (H5Aread(at.a, H5T_NATIVE_LLONG, &nt) < 0)
            nt = -1;
        h5_attr_close(&at);
    }
    if (nn < 0 || nt < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: missing or bad n_neurons/n_time attributes", gpath);
    ctome_recording *r = NULL;
    int rc = ctome_recording_new(id, (size_t)nn, (size_t)nt, &r);
    if (rc)
        return rc;
    hsize_t d2[2] = {(hsize_t)nn, (hsize_t)nt}, d1[1] = {(hsize_t)nt};
    if (!rc)
        rc = get_dset(s, g, gpath, "traces", 2, d2, H5T_NATIVE_DOUBLE, r->traces);
    if (!rc)
        rc = get_dset(s, g, gpath, "time", 1, d1, H5T_NATIVE_DOUBLE, r->time);
    if (!rc)
        rc = get_labels(s, g, gpath, r, reg);
    if (!rc)
        rc = get_str_attr(s, g, gpath, "dataset", &r->dataset);
    if (!rc)
        rc = get_str_attr(s, g, gpath, "worm", &r->worm);
    if (!rc)
        rc = get_str_attr(s, g, gpath, "indicator", &r->indicator);
    if (!rc)
        rc = get_str_attr(s, g, gpath, "source_file", &r->source_file);
    if (!rc)
        rc = get_str_attr(s, g, gpath, "provenance", &r->provenance);
    char *sha = NULL;
    if (!rc)
        rc = get_str_attr(s, g, gpath, "source_sha256", &sha);
    if (!rc)
        snprintf(r->source_sha256, sizeof r->source_sha256, "%s", sha);
    free(sha);
    if (!rc)
        rc = ctome_recording_validate(r, s->path);
    if (rc) {
        ctome_recording_free(r);
        return rc;
    }
    *out = r;
    return CTOME_OK;
}

int ctome_store_get_recording(ctome_store *s, const char *id, const ctome_registry *reg, ctome_recording **out)
{
    *out = NULL;
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "store is not open");
    if (!valid_link_name(id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad recording id '%s'", id ? id : "");
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/recordings/%s", id);
    h5_quiet q;
    quiet_on(&q);
    hid_t g;
    int rc = store_open_group(s, gpath, "recording", id, &g);
    if (!rc) {
        rc = read_recording(s, g, id, gpath, reg, out);
        H5Gclose(g);
    }
    quiet_off(&q);
    return rc;
}
