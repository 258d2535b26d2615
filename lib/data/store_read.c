/* store_read.c — reading the ctome HDF5 store (schema: docs/store.md).
 *
 * Opening checks the file is HDF5 and carries a supported schema_version;
 * every missing or malformed object is reported with the file and its HDF5
 * path.  Stores written by other tools (h5py) are accepted when they follow
 * the documented layout; optional parts fall back to defaults.
 */
#include "store_internal.h"
#include "h5guard.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

int ctome_store_is_hdf5(const char *path)
{
    if (ctome_file_check(path) != CTOME_OK)
        return 0;
    h5_quiet q;
    quiet_on(&q);
    htri_t r = H5Fis_hdf5(path);
    quiet_off(&q);
    return r > 0;
}

/* Read an integer attribute.  Returns 0, 1 if absent, -1 on error. */
static int attr_read_ll(hid_t loc, const char *name, long long *v)
{
    h5_attr at;
    int r = h5_attr_open(loc, name, H5T_INTEGER, &at);
    if (r)
        return r;
    int bad = H5Aread(at.a, H5T_NATIVE_LLONG, v) < 0;
    h5_attr_close(&at);
    return bad ? -1 : 0;
}

/* Read a string attribute (variable or fixed length) into a new string.
 * Returns 0, 1 if absent, -1 on error. */
static int attr_read_str(hid_t loc, const char *name, char **out)
{
    *out = NULL;
    h5_attr at;
    int r = h5_attr_open(loc, name, H5T_STRING, &at);
    if (r)
        return r;
    hid_t mt = -1;
    int bad;
    if (H5Tis_variable_str(at.t) > 0) {
        char *v = NULL;
        mt = str_type();
        bad = mt < 0 || H5Aread(at.a, mt, &v) < 0;
        if (!bad) {
            *out = strdup(v ? v : "");
            bad = !*out;
        }
        if (v)
            H5free_memory(v);
    } else {
        size_t n = H5Tget_size(at.t);
        mt = H5Tcopy(H5T_C_S1);
        char *v = calloc(n + 2, 1);
        bad = !v || mt < 0 || n == 0 || H5Tset_size(mt, n + 1) < 0 ||
              H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0 || H5Aread(at.a, mt, v) < 0;
        if (bad)
            free(v);
        else
            *out = v;
    }
    if (mt >= 0)
        H5Tclose(mt);
    h5_attr_close(&at);
    return bad ? -1 : 0;
}

int ctome_store_is_ctome(const char *path)
{
    if (ctome_file_check(path)) {
        ctome_error_clear();
        return 0;
    }
    h5_quiet q;
    quiet_on(&q);
    int yes = 0;
    if (H5Fis_hdf5(path) > 0) {
        hid_t f = h5_open_rdonly(path);
        long long ver = 0;
        yes = f >= 0 && attr_read_ll(f, "schema_version", &ver) == 0;
        if (f >= 0)
            H5Fclose(f);
    }
    quiet_off(&q);
    return yes;
}

int ctome_store_open(const char *path, ctome_store **out)
{
    *out = NULL;
    int rc = ctome_file_check(path);
    if (rc)
        return rc;
    h5_quiet q;
    quiet_on(&q);
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0) {
        quiet_off(&q);
        return ctome_error(CTOME_EFORMAT, path, 0, "not an HDF5 file (expected a ctome store)");
    }
    if ((rc = ctome_h5_guard(path))) {   /* a damaged file must not crash or hang HDF5 here */
        quiet_off(&q);
        return rc;
    }
    ctome_store *s = store_alloc(path);
    if (!s) {
        quiet_off(&q);
        return CTOME_ENOMEM;
    }
    if ((s->file = h5_open_rdonly(path)) < 0) {
        char d[256];
        rc = ctome_error(CTOME_EFORMAT, path, 0, "cannot open as HDF5 (truncated or damaged?): %s",
                         h5_detail(d, "HDF5 call failed"));
    }
    long long ver = 0;
    if (!rc) {
        int r = attr_read_ll(s->file, "schema_version", &ver);
        if (r == 1)
            rc = ctome_error(CTOME_EFORMAT, path, 0,
                             "/: no attribute 'schema_version' (an HDF5 file, but not a ctome store)");
        else if (r < 0)
            rc = ctome_error(CTOME_EFORMAT, path, 0, "/: attribute 'schema_version' is not an integer");
        else if (ver < 1 || ver > CTOME_STORE_SCHEMA_VERSION)
            rc = ctome_error(CTOME_EFORMAT, path, 0,
                             "/: schema_version %lld is not supported (this ctome reads 1..%d)", ver,
                             CTOME_STORE_SCHEMA_VERSION);
    }
    if (rc) {
        if (s->file >= 0)
            H5Fclose(s->file);
        store_free(s);
        quiet_off(&q);
        return rc;
    }
    quiet_off(&q);
    *out = s;
    return CTOME_OK;
}

typedef struct {
    char **v;
    size_t n, cap;
    int nomem;
} name_list;

static void name_list_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static herr_t name_list_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g;
    (void)info;
    name_list *l = data;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->nomem = 1;
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(name))) {
        l->nomem = 1;
        return -1;
    }
    l->n++;
    return 0;
}

/* Whether the group at absolute path `gpath` exists: 1, 0, or < 0 on an HDF5
 * failure.  Each ancestor is looked up first, since H5Lexists fails (rather
 * than answering 0) when an intermediate group is missing. */
static htri_t group_exists(ctome_store *s, const char *gpath)
{
    char buf[512];
    size_t len = strlen(gpath);
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, gpath, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        htri_t ex = H5Lexists(s->file, buf, H5P_DEFAULT);
        buf[i] = c;
        if (ex <= 0)
            return ex;
    }
    return 1;
}

/* Names of the links in group `gpath` in name order (an absent group gives
 * an empty list). */
static int list_links(ctome_store *s, const char *gpath, name_list *l)
{
    memset(l, 0, sizeof *l);
    htri_t ex = group_exists(s, gpath);
    if (ex < 0)
        return h5_fail(s, "look up", gpath);
    if (ex == 0)
        return CTOME_OK;
    hid_t g = H5Gopen2(s->file, gpath, H5P_DEFAULT);
    if (g < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: not a group", gpath);
    hsize_t idx = 0;
    herr_t r = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, name_list_cb, l);
    int rc = CTOME_OK;
    if (l->nomem)
        rc = ctome_error_nomem();
    else if (r < 0)
        rc = h5_fail(s, "list", gpath);
    H5Gclose(g);
    if (rc)
        name_list_free(l);
    return rc;
}

int store_open_group(ctome_store *s, const char *gpath, const char *what, const char *name, hid_t *g)
{
    *g = -1;
    htri_t ex = group_exists(s, gpath);
    if (ex < 0)
        return h5_fail(s, "look up", gpath);
    if (ex == 0)
        return ctome_error(CTOME_ENOTFOUND, s->path, 0, "no %s '%s' in the store (no group %s)", what, name, gpath);
    if ((*g = H5Gopen2(s->file, gpath, H5P_DEFAULT)) < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: not a group", gpath);
    return CTOME_OK;
}

int store_list_links(ctome_store *s, const char *gpath, char ***ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "store is not open");
    h5_quiet q;
    quiet_on(&q);
    name_list l;
    int rc = list_links(s, gpath, &l);
    quiet_off(&q);
    if (!rc) {
        *ids = l.v;
        *n = l.n;
    }
    return rc;
}

int ctome_store_list(ctome_store *s, char ***ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "store is not open");
    h5_quiet q;
    quiet_on(&q);
    name_list l;
    int rc = list_links(s, "/connectomes", &l);
    quiet_off(&q);
    if (rc)
        return rc;
    for (size_t i = 0; i < s->n_ids; i++)
        free(s->ids[i]);
    free(s->ids);
    s->ids = l.v;
    s->n_ids = l.n;
    *ids = s->ids;
    *n = s->n_ids;
    return CTOME_OK;
}

/* Open a 1-D dataset `name` under `loc` and give its length. */
static int dset_open_1d(ctome_store *s, hid_t loc, const char *name, const char *p, hid_t *d,
                        size_t *n)
{
    *d = -1;
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex <= 0)
        return ex < 0 ? h5_fail(s, "look up", p)
                      : ctome_error(CTOME_EFORMAT, s->path, 0, "%s: missing dataset", p);
    *d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (*d < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: not a dataset", p);
    hid_t sp = H5Dget_space(*d);
    hsize_t dims[1];
    int rank = sp < 0 ? -1 : H5Sget_simple_extent_ndims(sp);
    if (rank == 1)
        H5Sget_simple_extent_dims(sp, dims, NULL);
    if (sp >= 0)
        H5Sclose(sp);
    if (rank != 1) {
        h5_close(d, H5Dclose);
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: expected a 1-D dataset (rank %d)", p, rank);
    }
    *n = (size_t)dims[0];
    return CTOME_OK;
}

/* Open the optional companion dataset `name` of a table of n rows: it must
 * have n entries. */
static int dset_open_rows(ctome_store *s, hid_t loc, const char *name, const char *p, hid_t *d,
                          size_t n)
{
    size_t m = 0;
    int rc = dset_open_1d(s, loc, name, p, d, &m);
    if (!rc && m != n)
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: %zu entries, but %zu names", p, m, n);
    return rc;
}

/* Read elements [off, off + cnt) of the 1-D dataset d (path p) as mtype;
 * `what` names the type in the message ("integers", "numbers"). */
static int dset_read_block(ctome_store *s, hid_t d, hid_t mtype, size_t off, size_t cnt, void *buf,
                           const char *p, const char *what)
{
    if (dset_block(d, mtype, off, cnt, buf, 0) < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: cannot read as %s", p, what);
    return CTOME_OK;
}

/* Read a 1-D string dataset (variable or fixed length) into n new strings. */
static int read_strings(ctome_store *s, hid_t d, size_t n, const char *p, char ***out)
{
    *out = NULL;
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return ctome_error_nomem();
    hid_t t = H5Dget_type(d), mt = -1, sp = -1;
    int rc = CTOME_OK;
    if (t < 0 || H5Tget_class(t) != H5T_STRING) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: expected a string dataset", p);
        goto done;
    }
    if (n == 0)
        goto done;
    if (H5Tis_variable_str(t) > 0) {
        char **raw = calloc(n, sizeof *raw);
        mt = str_type();
        sp = H5Dget_space(d);
        if (!raw) {
            rc = ctome_error_nomem();
        } else if (mt < 0 || sp < 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0) {
            rc = h5_fail(s, "read", p);
        } else {
            for (size_t i = 0; i < n && !rc; i++)
                if (!(v[i] = strdup(raw[i] ? raw[i] : "")))
                    rc = ctome_error_nomem();
            H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, raw);
        }
        free(raw);
    } else {
        size_t w = H5Tget_size(t) + 1;
        char *raw = calloc(n, w);
        mt = H5Tcopy(H5T_C_S1);
        if (!raw) {
            rc = ctome_error_nomem();
        } else if (mt < 0 || w < 2 || H5Tset_size(mt, w) < 0 ||
                   H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0 ||
                   H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0) {
            rc = h5_fail(s, "read", p);
        } else {
            for (size_t i = 0; i < n && !rc; i++) {
                raw[i * w + w - 1] = '\0';
                if (!(v[i] = strdup(raw + i * w)))
                    rc = ctome_error_nomem();
            }
        }
        free(raw);
    }
done:
    if (sp >= 0)
        H5Sclose(sp);
    if (mt >= 0)
        H5Tclose(mt);
    if (t >= 0)
        H5Tclose(t);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        return rc;
    }
    *out = v;
    return CTOME_OK;
}

static void strings_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int parse_kind(const char *k, ctome_cell_kind *out)
{
    static const ctome_cell_kind all[] = {CTOME_CELL_NEURON, CTOME_CELL_MUSCLE, CTOME_CELL_END_ORGAN,
                                          CTOME_CELL_UNKNOWN};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(k, ctome_cell_kind_name(all[i])) == 0) {
            *out = all[i];
            return 0;
        }
    return -1;
}

/* Node table.  Names go through ctome_connectome_node (so the name index and
 * the registry lookup are rebuilt); with a registry, kind and registry index
 * come from it, without one the stored values are used. */
static int read_nodes(ctome_store *s, hid_t cg, const char *gpath, ctome_connectome *c)
{
    char p[PATH_MAX_LEN], pk[PATH_MAX_LEN], pr[PATH_MAX_LEN];
    h5path(p, sizeof p, "%s/nodes/name", gpath);
    h5path(pk, sizeof pk, "%s/nodes/kind", gpath);
    h5path(pr, sizeof pr, "%s/nodes/registry_index", gpath);
    htri_t ex = H5Lexists(cg, "nodes", H5P_DEFAULT);
    if (ex <= 0)
        return ex < 0 ? h5_fail(s, "look up", gpath)
                      : ctome_error(CTOME_EFORMAT, s->path, 0, "%s/nodes: missing group", gpath);
    hid_t ng = H5Gopen2(cg, "nodes", H5P_DEFAULT), dn = -1, dk = -1, dr = -1;
    char **names = NULL, **kinds = NULL;
    int *reg = NULL;
    size_t n = 0, nk = 0;
    int rc = CTOME_OK;
    if (ng < 0) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s/nodes: not a group", gpath);
        goto done;
    }
    if ((rc = dset_open_1d(s, ng, "name", p, &dn, &n)) || (rc = read_strings(s, dn, n, p, &names)))
        goto done;
    if (H5Lexists(ng, "kind", H5P_DEFAULT) > 0) {
        if ((rc = dset_open_rows(s, ng, "kind", pk, &dk, n)))
            goto done;
        nk = n;
        if ((rc = read_strings(s, dk, nk, pk, &kinds)))
            goto done;
    }
    if (H5Lexists(ng, "registry_index", H5P_DEFAULT) > 0) {
        if ((rc = dset_open_rows(s, ng, "registry_index", pr, &dr, n)))
            goto done;
        if (!(reg = malloc((n ? n : 1) * sizeof *reg))) {
            rc = ctome_error_nomem();
            goto done;
        }
        if (n && H5Dread(dr, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, reg) < 0) {
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: cannot read as integers", pr);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int idx;
        if (ctome_connectome_node(c, names[i], s->path, 0, &idx)) {
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s[%zu]: bad cell name '%s'", p, i, names[i]);
            goto done;
        }
        if ((size_t)idx != i) {
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s[%zu]: '%s' repeats node %d", p, i,
                             names[i], idx);
            goto done;
        }
        ctome_cell_kind k = CTOME_CELL_UNKNOWN;
        if (kinds && parse_kind(kinds[i], &k)) {
            rc = ctome_error(CTOME_EFORMAT, s->path, 0,
                             "%s[%zu]: unknown cell kind '%s' (neuron, muscle, end_organ, unknown)",
                             pk, i, kinds[i]);
            goto done;
        }
        if (reg && reg[i] < -1) {
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s[%zu]: bad registry index %d", pr, i,
                             reg[i]);
            goto done;
        }
        if (!c->reg) {
            if (kinds)
                c->nodes[i].kind = k;
            if (reg)
                c->nodes[i].reg = reg[i];
        }
    }
done:
    strings_free(names, n);
    strings_free(kinds, nk);
    free(reg);
    h5_close(&dn, H5Dclose);
    h5_close(&dk, H5Dclose);
    h5_close(&dr, H5Dclose);
    h5_close(&ng, H5Gclose);
    return rc;
}

/* An edge endpoint read from p[i]: a node index in 0..n_nodes-1. */
static int check_node_index(ctome_store *s, const char *p, size_t i, int32_t v, size_t n_nodes)
{
    if (v < 0 || (size_t)v >= n_nodes)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s[%zu]: node index %d out of range 0..%zu", p,
                           i, (int)v, n_nodes ? n_nodes - 1 : 0);
    return CTOME_OK;
}

/* Whether edges are already in finalised form: sorted by (src, dst), one
 * per pair, and src <= dst for undirected layers. */
static int edges_canonical(const ctome_edge *e, size_t n, int directed)
{
    for (size_t i = 0; i < n; i++) {
        if (!directed && e[i].src > e[i].dst)
            return 0;
        if (i && (e[i - 1].src > e[i].src || (e[i - 1].src == e[i].src && e[i - 1].dst >= e[i].dst)))
            return 0;
    }
    return 1;
}

static int read_edges(ctome_store *s, hid_t lg, const char *lpath, size_t n_nodes, int signed_w,
                      ctome_edge **out, size_t *n_out)
{
    char ps[PATH_MAX_LEN], pd[PATH_MAX_LEN], pw[PATH_MAX_LEN];
    h5path(ps, sizeof ps, "%s/src", lpath);
    h5path(pd, sizeof pd, "%s/dst", lpath);
    h5path(pw, sizeof pw, "%s/weight", lpath);
    hid_t ds = -1, dd = -1, dw = -1;
    size_t ns = 0, nd = 0, nw = 0;
    int32_t *src = NULL, *dst = NULL;
    double *w = NULL;
    ctome_edge *e = NULL;
    size_t k = 0;
    int rc;
    if ((rc = dset_open_1d(s, lg, "src", ps, &ds, &ns)) || (rc = dset_open_1d(s, lg, "dst", pd, &dd, &nd)) ||
        (rc = dset_open_1d(s, lg, "weight", pw, &dw, &nw)))
        goto done;
    if (nd != ns || nw != ns) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: src, dst, weight differ in length (%zu, %zu, %zu)",
                         lpath, ns, nd, nw);
        goto done;
    }
    size_t blk = ns < STORE_CHUNK ? ns : STORE_CHUNK;
    src = malloc((blk ? blk : 1) * sizeof *src);
    dst = malloc((blk ? blk : 1) * sizeof *dst);
    w = malloc((blk ? blk : 1) * sizeof *w);
    e = malloc((ns ? ns : 1) * sizeof *e);
    if (!src || !dst || !w || !e) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t off = 0; off < ns; off += blk) {
        size_t m = ns - off < blk ? ns - off : blk;
        if ((rc = dset_read_block(s, ds, H5T_NATIVE_INT32, off, m, src, ps, "integers")) ||
            (rc = dset_read_block(s, dd, H5T_NATIVE_INT32, off, m, dst, pd, "integers")) ||
            (rc = dset_read_block(s, dw, H5T_NATIVE_DOUBLE, off, m, w, pw, "numbers")))
            goto done;
        for (size_t i = 0; i < m; i++) {
            if ((rc = check_node_index(s, ps, off + i, src[i], n_nodes)) ||
                (rc = check_node_index(s, pd, off + i, dst[i], n_nodes)))
                goto done;
            /* A signed layer (the functional atlas: negative = inhibitory
             * response) keeps negative weights, as ctome_connectome_add does. */
            if (!isfinite(w[i]) || (w[i] < 0 && !signed_w)) {
                rc = ctome_error(CTOME_EVALUE, s->path, 0, "%s[%zu]: bad weight %g%s", pw, off + i, w[i],
                                 isfinite(w[i]) ? " (negative in an unsigned layer)" : "");
                goto done;
            }
            if (w[i] != 0)   /* zero-weight listings are not edges (connectome.h) */
                e[k++] = (ctome_edge){src[i], dst[i], w[i]};
        }
    }
done:
    free(src);
    free(dst);
    free(w);
    h5_close(&ds, H5Dclose);
    h5_close(&dd, H5Dclose);
    h5_close(&dw, H5Dclose);
    if (rc) {
        free(e);
        return rc;
    }
    *out = e;
    *n_out = k;
    return CTOME_OK;
}

static int read_layer(ctome_store *s, hid_t layers, const char *name, const char *gpath,
                      ctome_connectome *c)
{
    char p[PATH_MAX_LEN];
    h5path(p, sizeof p, "%s/layers/%s", gpath, name);
    hid_t lg = H5Gopen2(layers, name, H5P_DEFAULT);
    if (lg < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: not a group", p);
    long long directed = 0, asym = 0;
    char *unit = NULL;
    ctome_edge *e = NULL;
    size_t n = 0;
    int rc = CTOME_OK, r = attr_read_ll(lg, "directed", &directed);
    if (r) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: %s attribute 'directed'", p,
                         r > 0 ? "missing" : "non-integer");
        goto done;
    }
    if (attr_read_ll(lg, "asymmetric", &asym) < 0 || asym < 0) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: bad attribute 'asymmetric'", p);
        goto done;
    }
    if (attr_read_str(lg, "weight_unit", &unit) < 0) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute 'weight_unit' is not a string", p);
        goto done;
    }
    /* `signed` is optional: stores written before it existed follow the
     * layer-name convention (ctome_layer_default_signed). */
    long long sgn = ctome_layer_default_signed(name);
    if (attr_read_ll(lg, "signed", &sgn) < 0) {
        rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute 'signed' is not an integer", p);
        goto done;
    }
    if ((rc = read_edges(s, lg, p, c->n_nodes, sgn != 0, &e, &n)))
        goto done;
    ctome_layer *l = ctome_connectome_layer(c, name);
    if (!l) {
        rc = CTOME_ENOMEM;
        goto done;
    }
    if (unit) {
        free(l->weight_unit);
        l->weight_unit = unit;
        unit = NULL;
    }
    free(l->e);
    l->e = e;
    l->n = l->cap = n;
    e = NULL;
    l->directed = directed != 0;
    l->signed_weights = sgn != 0;
    /* A layer in canonical order keeps its stored `asymmetric` count (the
     * raw listings it came from are gone); anything else, e.g. a store
     * written by hand with h5py, is merged again by ctome_connectome_finalise. */
    l->finalised = edges_canonical(l->e, l->n, l->directed);
    l->asymmetric = l->finalised ? (size_t)asym : 0;
    l->self_loops = 0;
    for (size_t i = 0; i < l->n; i++)
        l->self_loops += l->e[i].src == l->e[i].dst;
done:
    free(unit);
    free(e);
    H5Gclose(lg);
    return rc;
}

static int read_connectome(ctome_store *s, hid_t cg, const char *id, const char *gpath,
                           ctome_connectome *c)
{
    char *v = NULL;
    if (attr_read_str(cg, "source_file", &v) < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute 'source_file' is not a string",
                           gpath);
    if (v) {
        free(c->source_file);
        c->source_file = v;
    }
    if (attr_read_str(cg, "source_sha256", &v) < 0)
        return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute 'source_sha256' is not a string",
                           gpath);
    if (v) {
        snprintf(c->source_sha256, sizeof c->source_sha256, "%s", v);
        free(v);
    }
    /* Dataset metadata: optional (files ingested by path have none). */
    for (int k = 0; k < CTOME_META_N; k++) {
        const char *name = ctome_meta_name((ctome_meta_key)k);
        if (attr_read_str(cg, name, &v) < 0)
            return ctome_error(CTOME_EFORMAT, s->path, 0, "%s: attribute '%s' is not a string", gpath, name);
        if (v) {
            int rc = ctome_connectome_set_meta(c, (ctome_meta_key)k, v);
            free(v);
            if (rc)
                return rc;
        }
    }
    (void)id;
    int rc = read_nodes(s, cg, gpath, c);
    if (rc)
        return rc;
    char lpath[PATH_MAX_LEN];
    h5path(lpath, sizeof lpath, "%s/layers", gpath);
    name_list names;
    if ((rc = list_links(s, lpath, &names)))
        return rc;
    if (names.n) {
        hid_t lg = H5Gopen2(cg, "layers", H5P_DEFAULT);
        if (lg < 0)
            rc = ctome_error(CTOME_EFORMAT, s->path, 0, "%s: not a group", lpath);
        for (size_t i = 0; i < names.n && !rc; i++)
            rc = read_layer(s, lg, names.v[i], gpath, c);
        if (lg >= 0)
            H5Gclose(lg);
    }
    name_list_free(&names);
    return rc ? rc : ctome_connectome_finalise(c);
}

int ctome_store_get_connectome(ctome_store *s, const char *id, const ctome_registry *reg,
                               ctome_connectome **out)
{
    *out = NULL;
    if (!s || s->file < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "store is not open");
    if (!valid_link_name(id))
        return ctome_error(CTOME_EINVAL, s->path, 0, "bad connectome id '%s'", id ? id : "");
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/connectomes/%s", id);
    h5_quiet q;
    quiet_on(&q);
    ctome_connectome *c = NULL;
    hid_t cg = -1;
    int rc = CTOME_OK;
    if ((rc = store_open_group(s, gpath, "connectome", id, &cg)))
        goto done;
    if ((rc = ctome_connectome_new(id, reg, &c)))
        goto done;
    rc = read_connectome(s, cg, id, gpath, c);
done:
    h5_close(&cg, H5Gclose);
    quiet_off(&q);
    if (rc) {
        ctome_connectome_free(c);
        return rc;
    }
    *out = c;
    return CTOME_OK;
}
