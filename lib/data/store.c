/* store.c — the ctome HDF5 store (schema: docs/store.md).
 *
 * Written with the HDF5 1.10 C API (serial).  Every call is checked; HDF5's
 * own error-stack printing is switched off around each public entry point
 * and the innermost HDF5 message is folded into the ctome error instead.
 * Strings are variable-length UTF-8 so that h5py reads them as `str`
 * (h5py 3.7 returns fixed-length strings as bytes).
 */
#include "store_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- writing ---- */

static int attr_write_int(hid_t loc, const char *name, int v)
{
    return attr_put(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, &v);
}

/* A 1-D dataset of n elements.  Non-empty datasets are chunked
 * (min(n, STORE_CHUNK)) and deflated; numeric ones are byte-shuffled first,
 * which roughly halves sorted int32 node indices.  Empty datasets stay
 * contiguous: a zero-length chunk is invalid in HDF5. */
static hid_t dset_create(hid_t loc, const char *name, hid_t ftype, size_t n, int shuffle)
{
    hsize_t dims[1] = {(hsize_t)n};
    hid_t sp = H5Screate_simple(1, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = -1;
    if (sp < 0 || dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0)
        goto done;
    if (n > 0) {
        hsize_t ch[1] = {(hsize_t)(n < STORE_CHUNK ? n : STORE_CHUNK)};
        if (H5Pset_chunk(dcpl, 1, ch) < 0 || (shuffle && H5Pset_shuffle(dcpl) < 0) ||
            H5Pset_deflate(dcpl, STORE_DEFLATE) < 0)
            goto done;
    }
    d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
done:
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sp >= 0)
        H5Sclose(sp);
    return d;
}

/* Write elements [off, off + cnt) of a 1-D dataset from `buf`. */
static int dset_write_block(hid_t d, hid_t mtype, size_t off, size_t cnt, const void *buf)
{
    return dset_block(d, mtype, off, cnt, (void *)buf, 1);
}

/* Create a dataset and fill it from one buffer of n elements. */
static int dset_write_all(hid_t loc, const char *name, hid_t ftype, hid_t mtype, size_t n,
                          int shuffle, const void *buf)
{
    hid_t d = dset_create(loc, name, ftype, n, shuffle);
    if (d < 0)
        return -1;
    int bad = dset_write_block(d, mtype, 0, n, buf) < 0;
    if (H5Dclose(d) < 0)
        bad = 1;
    return bad ? -1 : 0;
}

static void iso8601_now(char buf[32])
{
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) pins the timestamp so that
     * repeated runs give identical files. */
    time_t t = time(NULL);
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        long long v = strtoll(e, &end, 10);
        if (!*end && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ctome_store_create(const char *path, ctome_store **out)
{
    *out = NULL;
    if (!path || !*path)
        return ctome_error(CTOME_EINVAL, NULL, 0, "empty store file name");
    ctome_store *s = store_alloc(path);
    if (!s)
        return CTOME_ENOMEM;
    int rc = ctome_outfile_reserve(&s->out, path);
    if (rc) {
        store_free(s);
        return rc;
    }
    s->writable = 1;
    h5_quiet q;
    quiet_on(&q);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* STRONG: closing the file closes every object still open in it, so an
     * error path can never keep the temporary file half-open. */
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        rc = h5_fail(s, "create", "file access properties for");
        goto fail;
    }
    s->file = H5Fcreate(s->out.tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    fapl = -1;
    if (s->file < 0) {
        rc = h5_fail(s, "create", "file");
        goto fail;
    }
    char when[32];
    iso8601_now(when);
    hid_t root = H5Gopen2(s->file, "/", H5P_DEFAULT);
    int bad = root < 0 || attr_write_int(root, "schema_version", CTOME_STORE_SCHEMA_VERSION) < 0 ||
              attr_str(root, "ctome_version", ctome_version()) < 0 ||
              attr_str(root, "created", when) < 0;
    if (root >= 0)
        H5Gclose(root);
    if (bad) {
        rc = h5_fail(s, "write the root attributes of", "/");
        goto fail;
    }
    hid_t g = group_make(s->file, "connectomes");
    if (g < 0) {
        rc = h5_fail(s, "create group", "/connectomes");
        goto fail;
    }
    H5Gclose(g);
    quiet_off(&q);
    *out = s;
    return CTOME_OK;
fail:
    if (fapl >= 0)
        H5Pclose(fapl);
    if (s->file >= 0)
        H5Fclose(s->file);
    ctome_outfile_abort(&s->out);
    store_free(s);
    quiet_off(&q);
    return rc;
}

/* The "units" attribute of dataset `name` in `loc` (docs/store.md): what one
 * number means, so h5py users need not guess. */
static int dset_units(hid_t loc, const char *name, const char *units)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0)
        return -1;
    int bad = attr_str(d, "units", units) < 0;
    return H5Dclose(d) < 0 || bad ? -1 : 0;
}

static int write_nodes(ctome_store *s, hid_t cg, const ctome_connectome *c, const char *gpath)
{
    char p[PATH_MAX_LEN];
    h5path(p, sizeof p, "%s/nodes", gpath);
    size_t n = c->n_nodes;
    const char **names = malloc((n ? n : 1) * sizeof *names);
    const char **kinds = malloc((n ? n : 1) * sizeof *kinds);
    int32_t *reg = malloc((n ? n : 1) * sizeof *reg);
    hid_t st = str_type(), ng = -1;
    int rc = CTOME_OK;
    if (!names || !kinds || !reg) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        names[i] = c->nodes[i].name;
        kinds[i] = ctome_cell_kind_name(c->nodes[i].kind);
        reg[i] = c->nodes[i].reg;
    }
    if (st < 0 || (ng = group_make(cg, "nodes")) < 0) {
        rc = h5_fail(s, "create group", p);
        goto done;
    }
    if (dset_write_all(ng, "name", st, st, n, 0, names) < 0 ||
        dset_write_all(ng, "kind", st, st, n, 0, kinds) < 0 ||
        dset_write_all(ng, "registry_index", H5T_STD_I32LE, H5T_NATIVE_INT32, n, 1, reg) < 0 ||
        dset_units(ng, "name", "canonical cell name") < 0 ||
        dset_units(ng, "kind", "neuron | muscle | end organ | unknown") < 0 ||
        dset_units(ng, "registry_index", "row of the neuron registry (ctome neurons --sex all), -1 if none") < 0)
        rc = h5_fail(s, "write the node table", p);
done:
    h5_close(&ng, H5Gclose);
    h5_close(&st, H5Tclose);
    free(names);
    free(kinds);
    free(reg);
    return rc;
}

/* Write one layer as COO columns in blocks of STORE_CHUNK edges, so memory
 * stays O(chunk) however large the layer. */
static int write_edges(hid_t lg, const ctome_layer *l)
{
    size_t blk = l->n < STORE_CHUNK ? l->n : STORE_CHUNK;
    int32_t *src = malloc((blk ? blk : 1) * sizeof *src);
    int32_t *dst = malloc((blk ? blk : 1) * sizeof *dst);
    double *w = malloc((blk ? blk : 1) * sizeof *w);
    hid_t ds = -1, dd = -1, dw = -1;
    int bad = !src || !dst || !w;
    if (!bad) {
        ds = dset_create(lg, "src", H5T_STD_I32LE, l->n, 1);
        dd = dset_create(lg, "dst", H5T_STD_I32LE, l->n, 1);
        dw = dset_create(lg, "weight", H5T_IEEE_F64LE, l->n, 1);
        bad = ds < 0 || dd < 0 || dw < 0;
    }
    for (size_t off = 0; !bad && off < l->n; off += blk) {
        size_t k = l->n - off < blk ? l->n - off : blk;
        for (size_t i = 0; i < k; i++) {
            src[i] = l->e[off + i].src;
            dst[i] = l->e[off + i].dst;
            w[i] = l->e[off + i].w;
        }
        bad = dset_write_block(ds, H5T_NATIVE_INT32, off, k, src) < 0 ||
              dset_write_block(dd, H5T_NATIVE_INT32, off, k, dst) < 0 ||
              dset_write_block(dw, H5T_NATIVE_DOUBLE, off, k, w) < 0;
    }
    if (ds >= 0 && H5Dclose(ds) < 0)
        bad = 1;
    if (dd >= 0 && H5Dclose(dd) < 0)
        bad = 1;
    if (dw >= 0 && H5Dclose(dw) < 0)
        bad = 1;
    free(src);
    free(dst);
    free(w);
    return bad ? -1 : 0;
}

static int write_layer(ctome_store *s, hid_t layers, const ctome_connectome *c, const ctome_layer *l,
                       const char *gpath)
{
    char p[PATH_MAX_LEN];
    h5path(p, sizeof p, "%s/layers/%s", gpath, l->name);
    if (!valid_link_name(l->name))
        return ctome_error(CTOME_EINVAL, s->path, 0, "%s: bad layer name '%s'", p, l->name);
    if (!l->finalised)
        return ctome_error(CTOME_EINVAL, s->path, 0,
                           "%s: layer is not finalised (call ctome_connectome_finalise first)", p);
    hid_t lg = group_make(layers, l->name);
    if (lg < 0)
        return h5_fail(s, "create group", p);
    int bad = attr_write_int(lg, "directed", l->directed ? 1 : 0) < 0 ||
              attr_write_int(lg, "signed", l->signed_weights ? 1 : 0) < 0 ||
              attr_str(lg, "weight_unit", l->weight_unit) < 0 ||
              attr_i64(lg, "asymmetric", (long long)l->asymmetric) < 0 ||
              attr_i64(lg, "self_loops", (long long)l->self_loops) < 0 ||
              attr_str(lg, "source_file", c->source_file) < 0 ||
              attr_str(lg, "source_sha256", c->source_sha256) < 0;
    int rc = bad ? h5_fail(s, "write the attributes of", p) : CTOME_OK;
    if (!rc && (write_edges(lg, l) < 0 || dset_units(lg, "src", "row of nodes/name (presynaptic)") < 0 ||
                dset_units(lg, "dst", "row of nodes/name (postsynaptic)") < 0 ||
                dset_units(lg, "weight", l->weight_unit ? l->weight_unit : "unknown") < 0))
        rc = h5_fail(s, "write the edges of", p);
    if (H5Gclose(lg) < 0 && !rc)
        rc = h5_fail(s, "close", p);
    return rc;
}

static int put_connectome(ctome_store *s, hid_t cg, const ctome_connectome *c, const char *gpath)
{
    if (attr_str(cg, "id", c->id) < 0 || attr_str(cg, "source_file", c->source_file) < 0 ||
        attr_str(cg, "source_sha256", c->source_sha256) < 0 ||
        attr_i64(cg, "n_unplaced", (long long)c->n_unplaced) < 0)
        return h5_fail(s, "write the attributes of", gpath);
    for (int k = 0; k < CTOME_META_N; k++)
        if (c->meta[k] && attr_str(cg, ctome_meta_name((ctome_meta_key)k), c->meta[k]) < 0)
            return h5_fail(s, "write the attributes of", gpath);
    int rc = write_nodes(s, cg, c, gpath);
    if (rc)
        return rc;
    hid_t lg = group_make(cg, "layers");
    if (lg < 0)
        return h5_fail(s, "create group", "layers");
    for (size_t i = 0; i < c->n_layers && !rc; i++)
        rc = write_layer(s, lg, c, &c->layers[i], gpath);
    if (H5Gclose(lg) < 0 && !rc)
        rc = h5_fail(s, "close", gpath);
    return rc;
}

int ctome_store_put_connectome(ctome_store *s, const ctome_connectome *c)
{
    if (!s || !s->writable || s->file < 0)
        return ctome_error(CTOME_EINVAL, s ? s->path : NULL, 0, "store is not open for writing");
    if (!valid_link_name(c->id))
        return ctome_error(CTOME_EINVAL, s->path, 0,
                           "bad connectome id '%s' (need 1-255 characters without '/')", c->id);
    char gpath[PATH_MAX_LEN];
    h5path(gpath, sizeof gpath, "/connectomes/%s", c->id);
    h5_quiet q;
    quiet_on(&q);
    int rc;
    htri_t ex = H5Lexists(s->file, gpath, H5P_DEFAULT);
    if (ex < 0) {
        rc = h5_fail(s, "look up", gpath);
    } else if (ex > 0) {
        rc = ctome_error(CTOME_EINVAL, s->path, 0, "%s: a connectome with id '%s' is already stored",
                         gpath, c->id);
    } else {
        hid_t cg = group_make(s->file, gpath);
        if (cg < 0) {
            rc = h5_fail(s, "create group", gpath);
        } else {
            rc = put_connectome(s, cg, c, gpath);
            if (H5Gclose(cg) < 0 && !rc)
                rc = h5_fail(s, "close", gpath);
            /* Leave no half-written connectome in a store the caller may still commit. */
            if (rc)
                H5Ldelete(s->file, gpath, H5P_DEFAULT);
        }
    }
    quiet_off(&q);
    return rc;
}

int ctome_store_commit(ctome_store *s)
{
    if (!s)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no store");
    if (!s->writable) {
        ctome_store_close(s);
        return ctome_error(CTOME_EINVAL, NULL, 0, "store was opened read-only; nothing to commit");
    }
    h5_quiet q;
    quiet_on(&q);
    int rc = CTOME_OK;
    if (H5Fclose(s->file) < 0)
        rc = h5_fail(s, "close", "file");
    s->file = -1;
    quiet_off(&q);
    if (rc)
        ctome_outfile_abort(&s->out);
    else
        rc = ctome_outfile_commit(&s->out);
    store_free(s);
    return rc;
}

/* Closing, committing and aborting live together: a read-only store closes;
 * a writable one closed without a commit is aborted (nothing is left behind). */
void ctome_store_close(ctome_store *s)
{
    if (!s)
        return;
    if (s->writable) {
        ctome_store_abort(s);
        return;
    }
    store_close_file(s);
    store_free(s);
}

void ctome_store_abort(ctome_store *s)
{
    if (!s)
        return;
    store_close_file(s);
    if (s->writable)
        ctome_outfile_abort(&s->out);
    store_free(s);
}

