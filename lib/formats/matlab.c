/* matlab.c — the Uzel et al. 2022 279-neuron matrices (Curr Biol 32:3443).
 *
 * Neuro279_Syn.mat / Neuro279_EJ.mat each hold one 279x279 double matrix,
 * Order279.mat the 279 neuron names (a cell array of char) in the same order.
 * The bundled files are MATLAB v7.3, i.e. HDF5 behind a 512-byte header; they
 * are read with the HDF5 library directly.  A MATLAB v5 export of the same
 * variables (save -v7, scipy.io.savemat) is read through libmatio.
 *
 * Orientation.  MATLAB stores arrays column-major, so through HDF5 an n x n
 * matrix M comes out as the C array buf[col][row] = M(row, col): transposed.
 * matio hands back the same column-major buffer for v5 files, so both paths
 * share one convention: buf[post * n + pre] with MATLAB rows presynaptic.
 * Checked against Varshney et al. 2011 NeuronConnect.xls (type S + Sp rows,
 * Neuron 1 presynaptic): the sum of |M - S| over all entries is 0 with rows
 * as presynaptic and 11280 with columns as presynaptic; e.g. VB03 -> DD02 = 37
 * (xls row 2793 "VB03 DD02 S 37"), DD02 -> VB03 = 0 (tests/ref/matlab_ref.py).
 */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "h5guard.h"
#include "h5util.h"
#include "matutil.h"
#include "store.h"
#include "textutil.h"

#include <hdf5.h>
#if CTOME_HAVE_MATIO
#include <matio.h>
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A 279-neuron matrix is 0.6 MB; refuse absurd sizes claimed by a damaged
 * header before allocating n*n doubles. */
#define MAT_MAX_N 8192
#define NAME_MAX_LEN 64

typedef struct {
    double *m;          /* n*n, column-major: m[col * n + row] = M(row, col) */
    size_t n;
    const char *var;    /* which known variable was found */
} mat_matrix;

typedef struct {
    const char *var;
    const char *layer;
    const char *unit;
} known_var;

/* Varshney 2011 counts: synapses (S + Sp) and gap junctions (EJ). */
static const known_var KNOWN[] = {
    {"Neuro279_Syn", "chemical", "synapses"},
    {"Neuro279_EJ", "electrical", "gap junctions"},
};
#define N_KNOWN (sizeof KNOWN / sizeof KNOWN[0])
static const char ORDER_VAR[] = "Order279";
static const char ORDER_FILE[] = "Order279.mat";

/* ---- HDF5 (MATLAB v7.3) ---- */

/* An open MATLAB v7.3 file and one dataset of it (its dataspace and type),
 * with HDF5's own error printing silenced while open: the library never
 * prints, and the cause is read back with h5_detail instead. */
typedef struct {
    h5_quiet q;
    hid_t f, d, sp, t;
} h5_var;

static int h5_var_open_file(h5_var *h, const char *path)
{
    quiet_on(&h->q);
    h->d = h->sp = h->t = -1;
    h->f = -1;
    int rc = ctome_h5_guard(path);   /* a damaged file must not crash or hang HDF5 */
    if (rc)
        return rc;
    if ((h->f = h5_open_rdonly(path)) < 0) {
        char det[256];
        return ctome_error(CTOME_EFORMAT, path, 0, "cannot open as MATLAB v7.3 (HDF5): %s",
                           h5_detail(det, "damaged file?"));
    }
    return CTOME_OK;
}

/* Open the dataset `name` with its dataspace and type: 0, or -1. */
static int h5_var_open(h5_var *h, const char *name)
{
    if ((h->d = H5Dopen2(h->f, name, H5P_DEFAULT)) < 0 || (h->sp = H5Dget_space(h->d)) < 0 ||
        (h->t = H5Dget_type(h->d)) < 0)
        return -1;
    return 0;
}

static void h5_var_close(h5_var *h)
{
    if (h->t >= 0)
        H5Tclose(h->t);
    if (h->sp >= 0)
        H5Sclose(h->sp);
    if (h->d >= 0)
        H5Dclose(h->d);
    if (h->f >= 0)
        H5Fclose(h->f);
    quiet_off(&h->q);
}

static herr_t collect_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g;
    (void)info;
    char *list = data;
    size_t len = strlen(list);
    if (name[0] != '#' && len + strlen(name) + 3 < 256)
        snprintf(list + len, 256 - len, "%s%s", len ? ", " : "", name);
    return 0;
}

static int h5_read_matrix(const char *path, mat_matrix *mm)
{
    h5_var h;
    int rc = h5_var_open_file(&h, path);
    if (rc)
        goto done;
    for (size_t i = 0; i < N_KNOWN && !mm->var; i++)
        if (H5Lexists(h.f, KNOWN[i].var, H5P_DEFAULT) > 0)
            mm->var = KNOWN[i].var;
    if (!mm->var) {
        char list[256] = "";
        hsize_t idx = 0;
        H5Literate(h.f, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_cb, list);
        rc = ctome_error(CTOME_EFORMAT, path, 0,
                         "no variable Neuro279_Syn or Neuro279_EJ (variables: %s)", list[0] ? list : "none");
        goto done;
    }
    H5O_info_t oi;
    if (H5Oget_info_by_name(h.f, mm->var, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_DATASET) {
        rc = ctome_error(CTOME_EFORMAT, path, 0,
                         "/%s: not a full numeric matrix (sparse or struct?); save it with full()", mm->var);
        goto done;
    }
    if (h5_var_open(&h, mm->var) < 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: cannot open dataset", mm->var);
        goto done;
    }
    char cls[32];
    h5_matlab_class(h.d, cls, sizeof cls);
    H5T_class_t tc = H5Tget_class(h.t);
    if ((tc != H5T_FLOAT && tc != H5T_INTEGER) || strcmp(cls, "char") == 0 || strcmp(cls, "cell") == 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: not a real numeric matrix (MATLAB class '%s')",
                         mm->var, cls);
        goto done;
    }
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_ndims(h.sp);
    if (rank == 2)
        H5Sget_simple_extent_dims(h.sp, dims, NULL);
    if (rank != 2 || dims[0] != dims[1] || dims[0] == 0 || dims[0] > MAT_MAX_N) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: expected a square n x n matrix (1 <= n <= %d), got %s%llux%llu",
                         mm->var, MAT_MAX_N, rank == 2 ? "" : "rank != 2: ",
                         (unsigned long long)dims[1], (unsigned long long)dims[0]);
        goto done;
    }
    mm->n = (size_t)dims[0];
    if (!(mm->m = malloc(mm->n * mm->n * sizeof *mm->m))) {
        rc = ctome_error_nomem();
        goto done;
    }
    if (H5Dread(h.d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, mm->m) < 0)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: cannot read the matrix (truncated file?)", mm->var);
done:
    h5_var_close(&h);
    return rc;
}

/* One cell of Order279: an object reference to a uint16 char array in #refs#. */
static int h5_read_ref_name(hid_t f, const hobj_ref_t *ref, const char *path, size_t i, char *name)
{
    hid_t o = H5Rdereference2(f, H5P_DEFAULT, H5R_OBJECT, ref);
    if (o < 0)
        return ctome_error(CTOME_EFORMAT, path, 0, "/%s{%zu}: dangling object reference", ORDER_VAR, i + 1);
    int rc = CTOME_OK;
    hid_t sp = -1, t = -1;
    if (H5Iget_type(o) != H5I_DATASET || (sp = H5Dget_space(o)) < 0 || (t = H5Dget_type(o)) < 0 ||
        H5Tget_class(t) != H5T_INTEGER) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s{%zu}: not a char array", ORDER_VAR, i + 1);
        goto done;
    }
    /* MATLAB writes '' as a uint64 [0 0] dims vector flagged MATLAB_empty. */
    hssize_t np = H5Sget_simple_extent_npoints(sp);
    if (H5Aexists(o, "MATLAB_empty") > 0 || np <= 0 || np >= NAME_MAX_LEN) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s{%zu}: %s neuron name", ORDER_VAR, i + 1,
                         np >= NAME_MAX_LEN ? "overlong" : "empty");
        goto done;
    }
    uint16_t u[NAME_MAX_LEN];
    if (H5Dread(o, H5T_NATIVE_UINT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, u) < 0 ||
        utf16_to_utf8(u, (size_t)np, name, NAME_MAX_LEN) < 0)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s{%zu}: unreadable neuron name", ORDER_VAR, i + 1);
done:
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    H5Oclose(o);
    return rc;
}

static int h5_read_names(const char *path, size_t n, char (*names)[NAME_MAX_LEN])
{
    hobj_ref_t *refs = NULL;
    h5_var h;
    int rc = h5_var_open_file(&h, path);
    if (rc)
        goto done;
    if (H5Lexists(h.f, ORDER_VAR, H5P_DEFAULT) <= 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no variable /%s", ORDER_VAR);
        goto done;
    }
    if (h5_var_open(&h, ORDER_VAR) < 0 || H5Tget_class(h.t) != H5T_REFERENCE) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: not a cell array of names", ORDER_VAR);
        goto done;
    }
    hssize_t np = H5Sget_simple_extent_npoints(h.sp);
    if (np < 0 || (size_t)np != n) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: %lld names for a %zux%zu matrix", ORDER_VAR,
                         (long long)np, n, n);
        goto done;
    }
    if (!(refs = malloc(n * sizeof *refs))) {
        rc = ctome_error_nomem();
        goto done;
    }
    if (H5Dread(h.d, H5T_STD_REF_OBJ, H5S_ALL, H5S_ALL, H5P_DEFAULT, refs) < 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "/%s: cannot read the cell array", ORDER_VAR);
        goto done;
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = h5_read_ref_name(h.f, &refs[i], path, i, names[i]);
done:
    free(refs);
    h5_var_close(&h);
    return rc;
}

#if CTOME_HAVE_MATIO
/* ---- libmatio (MATLAB v5) ---- */

/* Read variable `var` in full once its header (`info`, from
 * Mat_VarReadInfo, freed here) has been checked: Mat_VarRead allocates what
 * the file claims, so a damaged header must be refused first.  NULL if the
 * data cannot be read. */
static matvar_t *v5_read_checked(mat_t *mat, matvar_t *info, const char *var)
{
    Mat_VarFree(info);
    Mat_Rewind(mat);
    return Mat_VarRead(mat, var);
}

/* A full, real, square numeric matrix of a sane size. */
static int v5_check_matrix(const matvar_t *v, const char *path, const char *var)
{
    if (v->isComplex || v->class_type == MAT_C_SPARSE || matio_class_size(v->class_type) == 0)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: not a full real numeric matrix; save it with full()",
                           var);
    if (v->rank != 2 || !v->dims || v->dims[0] != v->dims[1] || v->dims[0] == 0 || v->dims[0] > MAT_MAX_N)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: expected a square n x n matrix (1 <= n <= %d)",
                           var, MAT_MAX_N);
    return CTOME_OK;
}

static int v5_read_matrix(const char *path, mat_matrix *mm)
{
    int rc0 = mat_v5_check(path);   /* matio zero-fills a truncated variable */
    if (rc0)
        return rc0;
    mat_t *mat = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mat)
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "not a MATLAB file (neither v7.3/HDF5 nor v5 that libmatio can read)");
    matvar_t *v = NULL;
    int rc = CTOME_OK;
    /* Check the header (Mat_VarReadInfo reads no data) before Mat_VarRead
     * allocates what the file claims: a damaged header must not cost GBs. */
    for (size_t i = 0; i < N_KNOWN && !v; i++) {
        Mat_Rewind(mat);
        if ((v = Mat_VarReadInfo(mat, KNOWN[i].var)))
            mm->var = KNOWN[i].var;
    }
    if (!v) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no variable Neuro279_Syn or Neuro279_EJ");
        goto done;
    }
    if ((rc = v5_check_matrix(v, path, mm->var)))
        goto done;
    if (!(v = v5_read_checked(mat, v, mm->var))) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: cannot read the matrix (truncated file?)", mm->var);
        goto done;
    }
    if ((rc = v5_check_matrix(v, path, mm->var)))
        goto done;
    size_t n = v->dims[0];
    size_t esz = matio_class_size(v->class_type);
    if (!v->data || v->nbytes < n * n * esz) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: matrix data missing or truncated", mm->var);
        goto done;
    }
    if (!(mm->m = malloc(n * n * sizeof *mm->m))) {
        rc = ctome_error_nomem();
        goto done;
    }
    mm->n = n;
    for (size_t i = 0; i < n * n; i++)
        matio_get(v, i, &mm->m[i]);
done:
    Mat_VarFree(v);
    Mat_Close(mat);
    return rc;
}

/* One char cell of a v5 cell array into UTF-8. */
static int v5_cell_name(const matvar_t *cell, const char *path, size_t i, char *name)
{
    if (!cell || cell->class_type != MAT_C_CHAR || !cell->data)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s{%zu}: not a char array", ORDER_VAR, i + 1);
    size_t len = var_numel(cell);
    if (len == 0 || len >= NAME_MAX_LEN)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s{%zu}: %s neuron name", ORDER_VAR, i + 1,
                           len ? "overlong" : "empty");
    switch (cell->data_type) {
    case MAT_T_UINT8:
    case MAT_T_INT8:
    case MAT_T_UTF8:
        if (cell->nbytes < len)
            break;
        memcpy(name, cell->data, len);
        name[len] = '\0';
        return CTOME_OK;
    case MAT_T_UINT16:
    case MAT_T_INT16:
    case MAT_T_UTF16: {
        uint16_t u[NAME_MAX_LEN];
        if (cell->nbytes < 2 * len)
            break;
        memcpy(u, cell->data, 2 * len);
        if (utf16_to_utf8(u, len, name, NAME_MAX_LEN) == 0)
            return CTOME_OK;
        break;
    }
    default:
        break;
    }
    return ctome_error(CTOME_EFORMAT, path, 0, "%s{%zu}: unreadable neuron name", ORDER_VAR, i + 1);
}

static int v5_read_names(const char *path, size_t n, char (*names)[NAME_MAX_LEN])
{
    int rc0 = mat_v5_check(path);   /* matio zero-fills a truncated variable */
    if (rc0)
        return rc0;
    mat_t *mat = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mat)
        return ctome_error(CTOME_EFORMAT, path, 0, "not a MATLAB file");
    matvar_t *v = Mat_VarReadInfo(mat, ORDER_VAR);
    int rc = CTOME_OK;
    if (!v || v->class_type != MAT_C_CELL) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no cell array variable %s", ORDER_VAR);
        goto done;
    }
    if (var_numel(v) != n) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: %zu names for a %zux%zu matrix", ORDER_VAR,
                         var_numel(v), n, n);
        goto done;
    }
    if (!(v = v5_read_checked(mat, v, ORDER_VAR)) || v->class_type != MAT_C_CELL || var_numel(v) != n) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: cannot read the cell array (truncated file?)",
                         ORDER_VAR);
        goto done;
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = v5_cell_name(Mat_VarGetCell(v, (int)i), path, i, names[i]);
done:
    Mat_VarFree(v);
    Mat_Close(mat);
    return rc;
}

#else /* !CTOME_HAVE_MATIO */

static int v5_read_matrix(const char *path, mat_matrix *mm)
{
    (void)mm;
    return ctome_error_feature(path, "reading a MATLAB v5 .mat file (this one is not v7.3/HDF5)", "matio", "matio");
}

static int v5_read_names(const char *path, size_t n, char (*names)[NAME_MAX_LEN])
{
    (void)n;
    (void)names;
    return ctome_error_feature(path, "reading a MATLAB v5 .mat file (this one is not v7.3/HDF5)", "matio", "matio");
}

#endif /* CTOME_HAVE_MATIO */

/* ---- the reader ---- */

static int read_matrix(const char *path, mat_matrix *mm)
{
    return ctome_store_is_hdf5(path) ? h5_read_matrix(path, mm) : v5_read_matrix(path, mm);
}

static int read_names(const char *path, size_t n, char (*names)[NAME_MAX_LEN])
{
    int rc = ctome_file_check(path);
    if (rc)
        return ctome_error(rc, path, 0, "cannot read the neuron order file (it must sit beside the matrix)");
    return ctome_store_is_hdf5(path) ? h5_read_names(path, n, names) : v5_read_names(path, n, names);
}

static char *order_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ctome_strdup(ORDER_FILE);
    size_t k = (size_t)(slash - path);
    char *dir = malloc(k + 1);
    if (!dir) {
        ctome_error_nomem();
        return NULL;
    }
    memcpy(dir, path, k);
    dir[k] = '\0';
    char *p = ctome_path_join(k ? dir : "/", ORDER_FILE);
    free(dir);
    return p;
}

int ctome_read_uzel_mat(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    int rc = ctome_file_check(path);
    if (rc)
        return rc;
    mat_matrix mm = {NULL, 0, NULL};
    const ctome_alias *saved = c->aliases;   /* the source's aliases apply to this file only */
    char (*names)[NAME_MAX_LEN] = NULL;
    int *idx = NULL;
    char *opath = NULL;
    if ((rc = read_matrix(path, &mm)))
        goto done;
    if (!(opath = order_path(path))) {
        rc = CTOME_ENOMEM;
        goto done;
    }
    names = calloc(mm.n, sizeof *names);
    idx = malloc(mm.n * sizeof *idx);
    if (!names || !idx) {
        rc = ctome_error_nomem();
        goto done;
    }
    if ((rc = read_names(opath, mm.n, names)))
        goto done;
    const known_var *kv = &KNOWN[0];
    for (size_t i = 0; i < N_KNOWN; i++)
        if (strcmp(KNOWN[i].var, mm.var) == 0)
            kv = &KNOWN[i];
    const char *layer = o && o->layer ? o->layer : kv->layer;
    ctome_read_aliases(c, o, NULL);
    for (size_t i = 0; i < mm.n; i++) {
        if ((rc = ctome_connectome_node(c, names[i], opath, 0, &idx[i]))) {
            rc = ctome_error(rc, opath, 0, "%s{%zu}: bad neuron name '%s'", ORDER_VAR, i + 1, names[i]);
            goto done;
        }
        /* Two entries naming one cell would silently merge rows. */
        for (size_t j = 0; j < i; j++)
            if (idx[j] == idx[i]) {
                rc = ctome_error(CTOME_EFORMAT, opath, 0, "%s{%zu}: '%s' repeats entry %zu", ORDER_VAR,
                                 i + 1, names[i], j + 1);
                goto done;
            }
    }
    ctome_layer *l = ctome_connectome_layer(c, layer);
    if ((rc = l ? ctome_layer_default_unit(l, kv->unit) : CTOME_ENOMEM))
        goto done;
    for (size_t post = 0; post < mm.n; post++)
        for (size_t pre = 0; pre < mm.n; pre++) {
            double w = mm.m[post * mm.n + pre];
            if (w == 0)
                continue;
            if (!isfinite(w) || w < 0) {
                rc = ctome_error(CTOME_EVALUE, path, 0, "%s(%zu,%zu) (%s -> %s): bad weight %g", mm.var,
                                 pre + 1, post + 1, names[pre], names[post], w);
                goto done;
            }
            if ((rc = ctome_connectome_add(c, layer, idx[pre], idx[post], w, path, 0)))
                goto done;
        }
done:
    c->aliases = saved;
    free(mm.m);
    free(names);
    free(idx);
    free(opath);
    return rc;
}
