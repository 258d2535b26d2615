/* rec_nwb_h5.c — the HDF5 helpers of the NWB reader (rec_nwb.c): strings
 * of either HDF5 string kind, numeric datasets as float64, and TimeSeries
 * time bases and conversions (NWB core nwb.base: TimeSeries).
 */
#include "rec_nwb_internal.h"
#include "error.h"
#include "h5util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int nwb_h5err(const nwb *w, int code, const char *what, const char *obj)
{
    char d[256];
    h5_detail(d, "HDF5 call failed");
    return ctome_error(code, w->path, 0, "%s %s: %s", what, obj, d);
}

/* ---- strings ---- */

/* Read n strings (vlen or fixed-length) from a dataset (is_attr = 0) or an
 * attribute.  -1 on failure (nothing allocated). */
int nwb_read_strings(hid_t obj, int is_attr, size_t n, char ***out)
{
    *out = NULL;
    hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    if (ft < 0)
        return -1;
    if (H5Tget_class(ft) != H5T_STRING) {
        H5Tclose(ft);
        return -1;
    }
    char **s = calloc(n ? n : 1, sizeof *s);
    hid_t mt = H5Tcopy(H5T_C_S1);
    /* HDF5 converts no character sets: read UTF-8 as UTF-8 (h5py's str). */
    H5T_cset_t cs = H5Tget_cset(ft);
    int bad = !s || mt < 0 || cs < 0 || H5Tset_cset(mt, cs) < 0;
    htri_t vl = H5Tis_variable_str(ft);
    if (!bad && vl > 0) {
        char **tmp = calloc(n ? n : 1, sizeof *tmp);
        bad = !tmp || H5Tset_size(mt, H5T_VARIABLE) < 0 ||
              (is_attr ? H5Aread(obj, mt, tmp) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, tmp)) < 0;
        for (size_t i = 0; !bad && i < n; i++)
            bad = !(s[i] = strdup(tmp[i] ? tmp[i] : ""));
        if (tmp) {
            /* Free what HDF5 allocated for the vlen strings. */
            for (size_t i = 0; i < n; i++)
                H5free_memory(tmp[i]);
            free(tmp);
        }
    } else if (!bad && vl == 0) {
        size_t sz = H5Tget_size(ft);
        char *tmp = malloc(n * sz + 1);
        bad = !tmp || sz == 0 || H5Tset_size(mt, sz) < 0 || H5Tset_strpad(mt, H5T_STR_NULLPAD) < 0 ||
              (is_attr ? H5Aread(obj, mt, tmp) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, tmp)) < 0;
        for (size_t i = 0; !bad && i < n; i++) {
            s[i] = strndup(tmp + i * sz, sz);
            bad = !s[i];
            /* Space padding (H5T_STR_SPACEPAD files) is trimmed. */
            for (size_t k = s[i] ? strlen(s[i]) : 0; !bad && k > 0 && s[i][k - 1] == ' '; k--)
                s[i][k - 1] = '\0';
        }
        free(tmp);
    } else {
        bad = 1;
    }
    if (mt >= 0)
        H5Tclose(mt);
    H5Tclose(ft);
    if (bad) {
        for (size_t i = 0; s && i < n; i++)
            free(s[i]);
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

void nwb_free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

size_t nwb_space_count(hid_t sp)
{
    hssize_t k = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    return k < 0 ? 0 : (size_t)k;
}

/* The first string of attribute `name` of loc, malloc'd; NULL if absent or
 * not a string. */
char *nwb_attr_string(hid_t loc, const char *name)
{
    if (H5Aexists(loc, name) <= 0)
        return NULL;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0)
        return NULL;
    hid_t sp = H5Aget_space(a);
    size_t n = nwb_space_count(sp);
    if (sp >= 0)
        H5Sclose(sp);
    char **s = NULL, *r = NULL;
    if (n >= 1 && nwb_read_strings(a, 1, n, &s) == 0) {
        r = s[0];
        s[0] = NULL;
        nwb_free_strings(s, n);
    }
    H5Aclose(a);
    return r;
}

/* The first string of dataset `name` (a path, soft links followed) under
 * loc, malloc'd; NULL if absent or not a string. */
char *nwb_dset_string(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0 || H5Oexists_by_name(loc, name, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t sp = H5Dget_space(d);
    size_t n = nwb_space_count(sp);
    if (sp >= 0)
        H5Sclose(sp);
    char **s = NULL, *r = NULL;
    if (n >= 1 && nwb_read_strings(d, 0, n, &s) == 0) {
        r = s[0];
        s[0] = NULL;
        nwb_free_strings(s, n);
    }
    H5Dclose(d);
    return r;
}

int nwb_has_type(hid_t loc, const char *name, const char *type)
{
    hid_t g = H5Gopen2(loc, name, H5P_DEFAULT);
    if (g < 0)
        return 0;
    char *t = nwb_attr_string(g, "neurodata_type");
    int yes = t && strcmp(t, type) == 0;
    free(t);
    H5Gclose(g);
    return yes;
}

/* ---- numbers ---- */

/* Dataset `name` under g as float64, with its shape (rank 1 or 2). */
int nwb_read_numeric(const nwb *w, hid_t g, const char *gpath, const char *name, int *rank, hsize_t dims[2],
                        double **out)
{
    char p[NWB_PATH];
    snprintf(p, sizeof p, "%s/%s", gpath, name);
    *out = NULL;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return nwb_h5err(w, CTOME_EFORMAT, "cannot open dataset", p);
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    int rc = CTOME_OK;
    int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    H5T_class_t cls = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    if (r < 0 || t < 0) {
        rc = nwb_h5err(w, CTOME_EFORMAT, "cannot inspect", p);
    } else if (r == 0) {
        /* A scalar (starting_time) is read as one element. */
        dims[0] = 1;
        dims[1] = 1;
        *rank = 0;
    } else if (r > 2) {
        rc = ctome_error(CTOME_EFORMAT, w->path, 0, "%s: rank %d, expected 1 or 2", p, r);
    } else {
        dims[1] = 1;
        H5Sget_simple_extent_dims(sp, dims, NULL);
        *rank = r;
    }
    if (!rc && cls != H5T_FLOAT && cls != H5T_INTEGER)
        rc = ctome_error(CTOME_EFORMAT, w->path, 0, "%s: not numeric", p);
    size_t n = 0;
    if (!rc) {
        n = (size_t)dims[0] * (size_t)(*rank == 2 ? dims[1] : 1);
        if (n == 0)
            rc = ctome_error(CTOME_EFORMAT, w->path, 0, "%s: empty", p);
    }
    if (!rc && !(*out = malloc(n * sizeof **out)))
        rc = ctome_error_nomem();
    if (!rc && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out) < 0) {
        /* A truncated or corrupt chunk (or a missing filter) fails here. */
        rc = nwb_h5err(w, CTOME_EFORMAT, "cannot read", p);
        free(*out);
        *out = NULL;
    }
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    return rc;
}

/* A numeric attribute (first element) or `def` if absent. */
double nwb_attr_double(hid_t loc, const char *name, double def)
{
    h5_attr at;
    double v = def;
    if (h5_attr_open(loc, name, H5T_FLOAT, &at) == 0) {
        if (H5Aread(at.a, H5T_NATIVE_DOUBLE, &v) < 0)
            v = def;
        h5_attr_close(&at);
    }
    return v;
}

/* NWB TimeSeries.data: value in `unit` = data * conversion + offset. */
void nwb_apply_conversion(hid_t dset_parent, double *x, size_t n)
{
    hid_t d = H5Dopen2(dset_parent, "data", H5P_DEFAULT);
    if (d < 0)
        return;
    double c = nwb_attr_double(d, "conversion", 1.0), o = nwb_attr_double(d, "offset", 0.0);
    H5Dclose(d);
    if (c == 1.0 && o == 0.0)
        return;
    for (size_t i = 0; i < n; i++)
        x[i] = x[i] * c + o;
}

/* Time of a TimeSeries: `timestamps`, or starting_time + k / rate. */
int nwb_read_time(const nwb *w, hid_t g, const char *gpath, size_t nt, double **out)
{
    int rank;
    hsize_t dims[2];
    *out = NULL;
    if (H5Lexists(g, "timestamps", H5P_DEFAULT) > 0) {
        int rc = nwb_read_numeric(w, g, gpath, "timestamps", &rank, dims, out);
        if (rc)
            return rc;
        if (rank != 1 || dims[0] != nt) {
            free(*out);
            *out = NULL;
            return ctome_error(CTOME_EFORMAT, w->path, 0,
                               "mismatched trace lengths: %s/timestamps has %llu entries, data has %zu time points",
                               gpath, (unsigned long long)dims[0], nt);
        }
        return CTOME_OK;
    }
    if (H5Lexists(g, "starting_time", H5P_DEFAULT) > 0) {
        double *t0 = NULL;
        int rc = nwb_read_numeric(w, g, gpath, "starting_time", &rank, dims, &t0);
        if (rc)
            return rc;
        hid_t d = H5Dopen2(g, "starting_time", H5P_DEFAULT);
        double rate = d >= 0 ? nwb_attr_double(d, "rate", NAN) : NAN;
        if (d >= 0)
            H5Dclose(d);
        double start = t0[0];
        free(t0);
        if (!(rate > 0) || !isfinite(rate))
            return ctome_error(CTOME_EFORMAT, w->path, 0, "%s/starting_time: bad or missing rate attribute (%g)",
                               gpath, rate);
        if (!(*out = malloc(nt * sizeof **out)))
            return ctome_error_nomem();
        for (size_t k = 0; k < nt; k++)
            (*out)[k] = start + (double)k / rate;
        return CTOME_OK;
    }
    return ctome_error(CTOME_EFORMAT, w->path, 0, "%s: no timestamps and no starting_time", gpath);
}

