/* store_sim.c — model simulations in the HDF5 store (store_sim.h, schema in
 * docs/store.md).  The writers are shared with store.c through
 * store_internal.h. */
#include "store_sim.h"
#include "store_internal.h"

#include <math.h>

static const char *const fixed_attr[] = {"model", "dataset", "seed", "n_neurons", "n_time",
                                         "ctome_version"};

static int is_fixed(const char *k)
{
    for (size_t i = 0; i < sizeof fixed_attr / sizeof *fixed_attr; i++)
        if (strcmp(k, fixed_attr[i]) == 0)
            return 1;
    return 0;
}

static int check(const ctome_store *s, const char *name, const ctome_store_sim *r)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(name))
        return ctome_error(CTOME_EINVAL, s->path, 0,
                           "bad simulation name '%s' (need 1-255 characters without '/')",
                           name ? name : "");
    if (r->n == 0 || r->T == 0 || !r->traces || !r->time || !r->neuron)
        return ctome_error(CTOME_EINVAL, s->path, 0, "/simulations/%s: empty run (%zu x %zu)",
                           name, r->n, r->T);
    for (size_t p = 0; p < r->n_param; p++)
        if (!r->param[p].key || !valid_link_name(r->param[p].key) || is_fixed(r->param[p].key))
            return ctome_error(CTOME_EINVAL, s->path, 0, "/simulations/%s: bad parameter name '%s'",
                               name, r->param[p].key ? r->param[p].key : "");
    return CTOME_OK;
}

static int write_run(hid_t g, const ctome_store_sim *r)
{
    int bad = attr_str(g, "model", r->model) < 0 || attr_str(g, "dataset", r->dataset) < 0 ||
              attr_u64(g, "seed", r->seed) < 0 || attr_i64(g, "n_neurons", (long long)r->n) < 0 ||
              attr_i64(g, "n_time", (long long)r->T) < 0 ||
              attr_str(g, "ctome_version", ctome_version()) < 0;
    for (size_t p = 0; !bad && p < r->n_param; p++) {
        const ctome_store_param *q = &r->param[p];
        bad = (q->str ? attr_str(g, q->key, q->str) : attr_f64(g, q->key, q->num)) < 0;
    }
    if (bad)
        return -1;
    if (dset_put(g, "traces", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, r->n, r->T, 1, r->traces) < 0 ||
        dset_put(g, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, r->T, 0, 1, r->time) < 0)
        return -1;
    if (r->registry_index && dset_put(g, "registry_index", H5T_STD_I32LE, H5T_NATIVE_INT32, 1, r->n,
                                      0, 1, r->registry_index) < 0)
        return -1;
    hid_t st = str_type();
    int rr = st < 0 || dset_put(g, "neuron", st, st, 1, r->n, 0, 0, r->neuron) < 0;
    if (st >= 0)
        H5Tclose(st);
    return rr ? -1 : 0;
}

int ctome_store_put_sim(ctome_store *s, const char *name, const ctome_store_sim *r)
{
    int rc = check(s, name, r);
    if (rc)
        return rc;
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/simulations/%s", name);
    h5_quiet q;
    quiet_on(&q);
    hid_t sims = group_open_or_make(s->file, "simulations");
    if (sims < 0) {
        rc = h5_fail(s, "create group", "/simulations");
    } else {
        htri_t ex = H5Lexists(sims, name, H5P_DEFAULT);
        if (ex < 0) {
            rc = h5_fail(s, "look up", gpath);
        } else if (ex > 0) {
            rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a simulation named '%s' is already stored",
                             gpath, name);
        } else {
            hid_t g = group_make(sims, name);
            if (g < 0) {
                rc = h5_fail(s, "create group", gpath);
            } else {
                if (write_run(g, r) < 0)
                    rc = h5_fail(s, "write", gpath);
                if (H5Gclose(g) < 0 && !rc)
                    rc = h5_fail(s, "close", gpath);
                if (rc)
                    H5Ldelete(sims, name, H5P_DEFAULT);
            }
        }
    }
    h5_close(&sims, H5Gclose);
    quiet_off(&q);
    return rc;
}

/* ---- reading ---- */

void ctome_store_sim_free(ctome_store_sim *r)
{
    if (!r)
        return;
    free(r->model);
    free(r->dataset);
    free(r->traces);
    free(r->time);
    for (size_t i = 0; r->neuron && i < r->n; i++)
        free(r->neuron[i]);
    free(r->neuron);
    free(r->registry_index);
    for (size_t p = 0; p < r->n_param; p++) {
        free(r->param[p].key);
        free(r->param[p].str);
    }
    free(r->param);
    memset(r, 0, sizeof *r);
}

const ctome_store_param *ctome_store_sim_param(const ctome_store_sim *r, const char *key)
{
    for (size_t p = 0; p < r->n_param; p++)
        if (strcmp(r->param[p].key, key) == 0)
            return &r->param[p];
    return NULL;
}

/* A string attribute (vlen or fixed length) as a new string, or NULL. */
static char *read_str_attr(hid_t a, hid_t t)
{
    char *out = NULL;
    if (H5Tis_variable_str(t) > 0) {
        hid_t mt = str_type();
        char *v = NULL;
        if (mt >= 0 && H5Aread(a, mt, &v) >= 0)
            out = ctome_strdup(v ? v : "");
        if (v)
            H5free_memory(v);
        if (mt >= 0)
            H5Tclose(mt);
    } else {
        size_t n = H5Tget_size(t);
        hid_t mt = H5Tcopy(H5T_C_S1);
        char *v = calloc(n + 2, 1);
        if (v && mt >= 0 && H5Tset_size(mt, n + 1) >= 0 &&
            H5Tset_strpad(mt, H5T_STR_NULLTERM) >= 0 && H5Aread(a, mt, v) >= 0)
            out = ctome_strdup(v);
        free(v);
        if (mt >= 0)
            H5Tclose(mt);
    }
    return out;
}

typedef struct {
    ctome_store_sim *r;
    long long nn, nt;
    int bad;
} attr_ctx;

static herr_t attr_cb(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    (void)info;
    attr_ctx *c = data;
    ctome_store_sim *r = c->r;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    if (t < 0) {
        c->bad = 1;
        if (a >= 0)
            H5Aclose(a);
        return -1;
    }
    H5T_class_t cls = H5Tget_class(t);
    int bad = 0;
    if (strcmp(name, "seed") == 0) {
        unsigned long long v = 0;
        bad = H5Aread(a, H5T_NATIVE_ULLONG, &v) < 0;
        r->seed = v;
    } else if (strcmp(name, "n_neurons") == 0 || strcmp(name, "n_time") == 0) {
        long long v = -1;
        bad = H5Aread(a, H5T_NATIVE_LLONG, &v) < 0;
        *(name[2] == 'n' ? &c->nn : &c->nt) = v;
    } else if (strcmp(name, "model") == 0 || strcmp(name, "dataset") == 0) {
        char *v = cls == H5T_STRING ? read_str_attr(a, t) : NULL;
        bad = !v;
        free(name[0] == 'm' ? r->model : r->dataset);
        *(name[0] == 'm' ? &r->model : &r->dataset) = v;
    } else if (strcmp(name, "ctome_version") != 0) {
        ctome_store_param *p = realloc(r->param, (r->n_param + 1) * sizeof *p);
        if (!p) {
            bad = 1;
        } else {
            r->param = p;
            p += r->n_param;
            memset(p, 0, sizeof *p);
            p->key = ctome_strdup(name);
            if (cls == H5T_STRING)
                bad = !(p->str = read_str_attr(a, t));
            else
                bad = H5Aread(a, H5T_NATIVE_DOUBLE, &p->num) < 0;
            r->n_param++;
            bad = bad || !p->key;
        }
    }
    H5Tclose(t);
    H5Aclose(a);
    if (bad) {
        c->bad = 1;
        return -1;
    }
    return 0;
}

static int get_dset(ctome_store *s, hid_t g, const char *gpath, const char *name, size_t rows,
                    size_t cols, hid_t mtype, void *buf)
{
    char p[PATH_MAX_LEN];
    h5path(p, sizeof p, "%s/%s", gpath, name);
    hid_t d = H5Lexists(g, name, H5P_DEFAULT) > 0 ? H5Dopen2(g, name, H5P_DEFAULT) : -1;
    if (d < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: missing", p);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    int rank = cols ? 2 : 1;
    int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (r == rank)
        H5Sget_simple_extent_dims(sp, dims, NULL);
    int rc = CTOME_OK;
    if (r != rank || dims[0] != rows || (cols && dims[1] != cols))
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: shape does not match n_neurons/n_time", p);
    else if (H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        rc = h5_fail(s, "read", p);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    return rc;
}

static int read_run(ctome_store *s, hid_t g, const char *gpath, ctome_store_sim *r)
{
    attr_ctx c = {r, -1, -1, 0};
    hsize_t idx = 0;
    if (H5Aiterate2(g, H5_INDEX_NAME, H5_ITER_INC, &idx, attr_cb, &c) < 0 || c.bad)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: cannot read the attributes", gpath);
    if (c.nn <= 0 || c.nt <= 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: missing or bad n_neurons/n_time", gpath);
    if (!r->model && !(r->model = ctome_strdup("")))
        return CTOME_ENOMEM;
    if (!r->dataset && !(r->dataset = ctome_strdup("")))
        return CTOME_ENOMEM;
    size_t n = (size_t)c.nn, T = (size_t)c.nt;
    r->traces = malloc(n * T * sizeof *r->traces);
    r->time = malloc(T * sizeof *r->time);
    r->neuron = calloc(n, sizeof *r->neuron);
    r->registry_index = malloc(n * sizeof *r->registry_index);
    if (!r->traces || !r->time || !r->neuron || !r->registry_index)
        return ctome_error_nomem();
    r->n = n;
    r->T = T;
    int rc = get_dset(s, g, gpath, "traces", n, T, H5T_NATIVE_DOUBLE, r->traces);
    if (!rc)
        rc = get_dset(s, g, gpath, "time", T, 0, H5T_NATIVE_DOUBLE, r->time);
    if (!rc && H5Lexists(g, "registry_index", H5P_DEFAULT) > 0)
        rc = get_dset(s, g, gpath, "registry_index", n, 0, H5T_NATIVE_INT32, r->registry_index);
    else
        for (size_t i = 0; i < n; i++)
            r->registry_index[i] = -1;
    if (!rc) {
        char **v = calloc(n, sizeof *v);
        hid_t st = str_type();
        rc = !v || st < 0 ? ctome_error_nomem() : get_dset(s, g, gpath, "neuron", n, 0, st, v);
        for (size_t i = 0; v && i < n; i++) {
            if (!rc && !(r->neuron[i] = ctome_strdup(v[i] ? v[i] : "")))
                rc = CTOME_ENOMEM;
            if (v[i])
                H5free_memory(v[i]);
        }
        free(v);
        if (st >= 0)
            H5Tclose(st);
    }
    return rc;
}

int ctome_store_get_sim(ctome_store *s, const char *name, ctome_store_sim *out)
{
    memset(out, 0, sizeof *out);
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "store is not open");
    if (!valid_link_name(name))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad simulation name '%s'", name ? name : "");
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/simulations/%s", name);
    h5_quiet q;
    quiet_on(&q);
    hid_t g;
    int rc = store_open_group(s, gpath, "simulation", name, &g);
    if (!rc) {
        rc = read_run(s, g, gpath, out);
        H5Gclose(g);
    }
    quiet_off(&q);
    if (rc)
        ctome_store_sim_free(out);
    return rc;
}
