/* matval.c — read a MATLAB v5 or v7.3 file into a tree of values (matval.h).
 *
 * v7.3 layout (HDF5 behind a 512-byte userblock; MathWorks, "MAT-File
 * Versions", and libmatio's mat73.c which follows what MATLAB writes):
 *   - every variable is a root link; /#refs# holds the targets of object
 *     references and /#subsystem# MCOS object data (both skipped);
 *   - a numeric/char/logical array is a dataset whose HDF5 dims are MATLAB's
 *     reversed (so C order = MATLAB's column-major order) with the string
 *     attribute MATLAB_class; char is uint16 (UTF-16 code units);
 *   - an empty array is a uint64 dataset holding its dims, flagged with the
 *     attribute MATLAB_empty;
 *   - a cell array is a dataset of object references, MATLAB_class "cell";
 *   - a struct is a group, MATLAB_class "struct", whose field names are listed
 *     in the attribute MATLAB_fields (vlen arrays of one-byte strings).  A
 *     scalar struct holds its fields directly; in a struct array every field
 *     is a dataset of object references, one per element and WITHOUT a
 *     MATLAB_class attribute — that is how the two are told apart.
 * v5 files are read through libmatio, which exposes the same structure.
 */
#include "matval.h"
#include "error.h"
#include "io.h"
#include "h5guard.h"
#include "h5util.h"
#include "matutil.h"
#include "store.h"

#include <hdf5.h>
#if CTOME_HAVE_MATIO
#include <matio.h>
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* References can form cycles in a damaged file; real files nest 3-4 deep. */
#define MV_MAX_DEPTH 16
/* Refuse dims a damaged header claims before allocating (2^28 doubles = 2 GiB). */
#define MV_MAX_NUMEL ((size_t)1 << 28)
#define VPATH_LEN 256

static mval *mv_new(mv_kind k, const char *cls)
{
    mval *v = calloc(1, sizeof *v);
    if (!v) {
        ctome_error_nomem();
        return NULL;
    }
    v->kind = k;
    snprintf(v->cls, sizeof v->cls, "%s", cls ? cls : "");
    return v;
}

static void mv_free(mval *v)
{
    if (!v)
        return;
    size_t n = v->kind == MV_STRUCT ? mval_numel(v) * v->nfields : v->kind == MV_CELL ? mval_numel(v) : 0;
    if (v->elem)
        for (size_t i = 0; i < n; i++)
            mv_free(v->elem[i]);
    if (v->fields)
        for (size_t i = 0; i < v->nfields; i++)
            free(v->fields[i]);
    free(v->fields);
    free(v->elem);
    free(v->num);
    free(v->str);
    free(v);
}

const mval *mval_field(const mval *s, size_t e, const char *name)
{
    if (!s || s->kind != MV_STRUCT || e >= mval_numel(s))
        return NULL;
    for (size_t f = 0; f < s->nfields; f++)
        if (strcmp(s->fields[f], name) == 0)
            return s->elem[e * s->nfields + f];
    return NULL;
}

const mval *mfile_get(const mfile *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0)
            return f->vals[i];
    return NULL;
}

void mfile_free(mfile *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->names[i]);
        mv_free(f->vals[i]);
    }
    free(f->names);
    free(f->vals);
    f->n = 0;
    f->names = NULL;
    f->vals = NULL;
}

static int mfile_push(mfile *f, const char *name, mval *v)
{
    char **nn = realloc(f->names, (f->n + 1) * sizeof *nn);
    if (nn)
        f->names = nn;
    mval **vv = nn ? realloc(f->vals, (f->n + 1) * sizeof *vv) : NULL;
    if (vv)
        f->vals = vv;
    char *s = vv ? ctome_strdup(name) : NULL;
    if (!s) {
        mv_free(v);
        return ctome_error_nomem();
    }
    f->names[f->n] = s;
    f->vals[f->n] = v;
    f->n++;
    return CTOME_OK;
}

/* Allocate the child array of a cell (k = numel) or struct (k = numel * nfields). */
static int mv_alloc_elems(mval *v, size_t k)
{
    if (k == 0)
        return CTOME_OK;
    if (!(v->elem = calloc(k, sizeof *v->elem)))
        return ctome_error_nomem();
    return CTOME_OK;
}

static int is_numeric_class(const char *cls)
{
    static const char *const NUM[] = {"double", "single", "int8", "uint8", "int16", "uint16", "int32",
                                      "uint32", "int64", "uint64", "logical", ""};
    for (size_t i = 0; i < sizeof NUM / sizeof NUM[0]; i++)
        if (strcmp(cls, NUM[i]) == 0)
            return 1;
    return 0;
}

/* ---- v7.3 through HDF5 ---- */

typedef struct {
    hid_t f;
    const char *path;
} h5ctx;

/* MATLAB dims from an HDF5 dataspace (reversed; higher dims folded into cols). */
static int h5_mdims(hid_t sp, size_t *rows, size_t *cols)
{
    int rank = H5Sget_simple_extent_ndims(sp);
    hsize_t d[H5S_MAX_RANK];
    if (rank < 0 || H5Sget_simple_extent_dims(sp, d, NULL) < 0)
        return -1;
    if (rank == 0) {
        *rows = *cols = 1;
        return 0;
    }
    *rows = rank == 1 ? 1 : (size_t)d[rank - 1];
    size_t c = 1;
    for (int i = 0; i < (rank == 1 ? 1 : rank - 1); i++) {
        if (d[i] && c > MV_MAX_NUMEL / d[i])
            return -1;
        c *= (size_t)d[i];
    }
    *cols = c;
    if (*rows && *cols > MV_MAX_NUMEL / *rows)
        return -1;
    return 0;
}

static int h5_value(h5ctx *c, hid_t obj, const char *vpath, int depth, mval **out);

/* Dereference one object reference and convert its target. */
static int h5_deref(h5ctx *c, hid_t loc, const hobj_ref_t *ref, const char *vpath, int depth, mval **out)
{
    hid_t o = H5Rdereference2(loc, H5P_DEFAULT, H5R_OBJECT, ref);
    if (o < 0)
        return ctome_error(CTOME_EFORMAT, c->path, 0, "%s: dangling object reference", vpath);
    int rc = h5_value(c, o, vpath, depth, out);
    H5Oclose(o);
    return rc;
}

/* n object references of dataset d (the caller frees *refs). */
static int h5_read_refs(h5ctx *c, hid_t d, size_t n, const char *vpath, hobj_ref_t **refs)
{
    *refs = NULL;
    if (n == 0)
        return CTOME_OK;
    if (!(*refs = malloc(n * sizeof **refs)))
        return ctome_error_nomem();
    if (H5Dread(d, H5T_STD_REF_OBJ, H5S_ALL, H5S_ALL, H5P_DEFAULT, *refs) < 0) {
        free(*refs);
        *refs = NULL;
        return ctome_error(CTOME_EFORMAT, c->path, 0, "%s: cannot read the object references", vpath);
    }
    return CTOME_OK;
}

static int h5_dataset(h5ctx *c, hid_t d, const char *vpath, int depth, mval **out)
{
    char cls[24];
    h5_matlab_class(d, cls, sizeof cls);
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    int rc = CTOME_OK;
    mval *v = NULL;
    hobj_ref_t *refs = NULL;
    uint16_t *u = NULL;
    size_t rows, cols;
    if (sp < 0 || t < 0 || h5_mdims(sp, &rows, &cols) < 0) {
        rc = ctome_error(CTOME_EFORMAT, c->path, 0, "%s: unreadable dataset or absurd dimensions", vpath);
        goto done;
    }
    H5T_class_t tc = H5Tget_class(t);
    size_t n = rows * cols;
    if (H5Aexists(d, "MATLAB_empty") > 0 || n == 0) {
        v = mv_new(MV_EMPTY, cls);
    } else if (tc == H5T_REFERENCE) {
        /* A cell array (or a struct-array field read as one). */
        if (!(v = mv_new(MV_CELL, cls[0] ? cls : "cell")))
            goto nomem;
        v->rows = rows;
        v->cols = cols;
        if ((rc = mv_alloc_elems(v, n)) || (rc = h5_read_refs(c, d, n, vpath, &refs)))
            goto done;
        for (size_t i = 0; i < n && !rc; i++) {
            char sub[VPATH_LEN];
            snprintf(sub, sizeof sub, "%s{%zu}", vpath, i + 1);
            rc = h5_deref(c, d, &refs[i], sub, depth + 1, &v->elem[i]);
        }
    } else if (strcmp(cls, "char") == 0 && tc == H5T_INTEGER) {
        if (!(v = mv_new(MV_CHAR, cls)) || !(u = malloc(n * sizeof *u)) || !(v->str = malloc(3 * n + 1)))
            goto nomem;
        v->rows = rows;
        v->cols = cols;
        if (H5Dread(d, H5T_NATIVE_UINT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, u) < 0 ||
            utf16_to_utf8(u, n, v->str, 3 * n + 1) < 0)
            rc = ctome_error(CTOME_EFORMAT, c->path, 0, "%s: unreadable char array", vpath);
    } else if ((tc == H5T_INTEGER || tc == H5T_FLOAT) && is_numeric_class(cls)) {
        if (!(v = mv_new(MV_NUM, cls[0] ? cls : "double")) || !(v->num = malloc(n * sizeof *v->num)))
            goto nomem;
        v->rows = rows;
        v->cols = cols;
        if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v->num) < 0)
            rc = ctome_error(CTOME_EFORMAT, c->path, 0, "%s: cannot read the %s array (truncated file?)",
                             vpath, v->cls);
    } else {
        /* Objects (string, table, ...), function handles, complex. */
        v = mv_new(MV_OTHER, cls[0] ? cls : "unknown");
    }
    if (!v && !rc)
        goto nomem;
    goto done;
nomem:
    rc = ctome_error_nomem();
done:
    free(refs);
    free(u);
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    if (rc) {
        mv_free(v);
        v = NULL;
    }
    *out = v;
    return rc;
}

/* Field names from MATLAB_fields (vlen arrays of one-byte strings): 0, or -1
 * if absent or unreadable (then the caller lists the links). */
static int h5_fields_attr(hid_t g, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    if (H5Aexists(g, "MATLAB_fields") <= 0)
        return -1;
    hid_t a = H5Aopen(g, "MATLAB_fields", H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    hid_t sp = a >= 0 ? H5Aget_space(a) : -1;
    int rc = -1;
    hvl_t *vl = NULL;
    hssize_t k = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (t >= 0 && H5Tget_class(t) == H5T_VLEN && k > 0 && k < 65536 && (vl = calloc((size_t)k, sizeof *vl)) &&
        H5Aread(a, t, vl) >= 0) {
        hid_t base = H5Tget_super(t);
        size_t esz = base >= 0 ? H5Tget_size(base) : 0;
        if (base >= 0)
            H5Tclose(base);
        if (esz == 1 && (*names = calloc((size_t)k, sizeof **names))) {
            rc = 0;
            for (hssize_t i = 0; i < k && !rc; i++) {
                char *s = malloc(vl[i].len + 1);
                if (!s) {
                    rc = -1;
                    break;
                }
                memcpy(s, vl[i].p, vl[i].len);
                s[vl[i].len] = '\0';
                (*names)[i] = s;
            }
            *n = (size_t)k;
        }
        H5Dvlen_reclaim(t, sp, H5P_DEFAULT, vl);
    }
    free(vl);
    if (rc && *names) {
        for (size_t i = 0; i < *n; i++)
            free((*names)[i]);
        free(*names);
        *names = NULL;
        *n = 0;
    }
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return rc;
}

typedef struct {
    char **names;
    size_t n;
    int fail;
} link_list;

static herr_t link_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g;
    (void)info;
    link_list *l = data;
    if (name[0] == '#')
        return 0;
    char **nn = realloc(l->names, (l->n + 1) * sizeof *nn);
    char *s = nn ? strdup(name) : NULL;
    if (nn)
        l->names = nn;
    if (!s) {
        l->fail = 1;
        return -1;
    }
    l->names[l->n++] = s;
    return 0;
}

/* Links of a group in creation order if tracked, else by name (skips '#'). */
static int h5_links(hid_t g, link_list *l)
{
    hsize_t idx = 0;
    if (H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, link_cb, l) < 0 && !l->fail) {
        for (size_t i = 0; i < l->n; i++)
            free(l->names[i]);
        l->n = 0;
        idx = 0;
        if (H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, link_cb, l) < 0)
            return -1;
    }
    return l->fail ? -1 : 0;
}

static int h5_struct(h5ctx *c, hid_t g, const char *vpath, int depth, mval **out)
{
    char cls[24];
    h5_matlab_class(g, cls, sizeof cls);
    *out = NULL;
    if (H5Aexists(g, "MATLAB_sparse") > 0 || (cls[0] && strcmp(cls, "struct") != 0)) {
        *out = mv_new(MV_OTHER, H5Aexists(g, "MATLAB_sparse") > 0 ? "sparse" : cls);
        return *out ? CTOME_OK : CTOME_ENOMEM;
    }
    link_list l = {NULL, 0, 0};
    if (h5_fields_attr(g, &l.names, &l.n) < 0 && h5_links(g, &l) < 0) {
        for (size_t i = 0; i < l.n; i++)
            free(l.names[i]);
        free(l.names);
        return ctome_error(CTOME_EFORMAT, c->path, 0, "%s: cannot list the struct fields", vpath);
    }
    int rc = CTOME_OK;
    mval *v = mv_new(MV_STRUCT, "struct");
    if (!v) {
        rc = CTOME_ENOMEM;
        goto done;
    }
    v->fields = l.names;
    v->nfields = l.n;
    l.names = NULL;
    v->rows = v->cols = 1;
    /* A struct array: its fields are reference datasets without MATLAB_class,
     * whose dims are the struct's (libmatio mat73.c does the same test). */
    int is_array = 0;
    for (size_t f = 0; f < v->nfields && !is_array; f++) {
        H5O_info_t oi;
        if (H5Lexists(g, v->fields[f], H5P_DEFAULT) <= 0 ||
            H5Oget_info_by_name(g, v->fields[f], &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_DATASET)
            continue;
        hid_t d = H5Dopen2(g, v->fields[f], H5P_DEFAULT);
        hid_t t = d >= 0 ? H5Dget_type(d) : -1, sp = d >= 0 ? H5Dget_space(d) : -1;
        if (t >= 0 && H5Tget_class(t) == H5T_REFERENCE && H5Aexists(d, "MATLAB_class") == 0) {
            is_array = 1;
            if (h5_mdims(sp, &v->rows, &v->cols) < 0)
                rc = ctome_error(CTOME_EFORMAT, c->path, 0, "%s.%s: absurd struct dimensions", vpath,
                                 v->fields[f]);
        }
        if (t >= 0)
            H5Tclose(t);
        if (sp >= 0)
            H5Sclose(sp);
        if (d >= 0)
            H5Dclose(d);
        break;
    }
    size_t ne = mval_numel(v);
    if (rc || (rc = mv_alloc_elems(v, ne * v->nfields)))
        goto done;
    for (size_t f = 0; f < v->nfields && !rc; f++) {
        char sub[VPATH_LEN];
        if (H5Lexists(g, v->fields[f], H5P_DEFAULT) <= 0) {
            /* Listed in MATLAB_fields but absent: treat as []. */
            for (size_t e = 0; e < ne && !rc; e++)
                if (!(v->elem[e * v->nfields + f] = mv_new(MV_EMPTY, "")))
                    rc = CTOME_ENOMEM;
            continue;
        }
        hid_t o = H5Oopen(g, v->fields[f], H5P_DEFAULT);
        if (o < 0) {
            rc = ctome_error(CTOME_EFORMAT, c->path, 0, "%s.%s: cannot open", vpath, v->fields[f]);
            break;
        }
        if (!is_array) {
            snprintf(sub, sizeof sub, "%s.%s", vpath, v->fields[f]);
            rc = h5_value(c, o, sub, depth + 1, &v->elem[f]);
        } else {
            hid_t t = H5Iget_type(o) == H5I_DATASET ? H5Dget_type(o) : -1;
            hid_t sp = t >= 0 ? H5Dget_space(o) : -1;
            hobj_ref_t *refs = NULL;
            if (t < 0 || H5Tget_class(t) != H5T_REFERENCE || sp < 0 || H5Sget_simple_extent_npoints(sp) < 0 ||
                (size_t)H5Sget_simple_extent_npoints(sp) != ne)
                rc = ctome_error(CTOME_EFORMAT, c->path, 0,
                                 "%s.%s: a field of a %zux%zu struct array must hold %zu object references",
                                 vpath, v->fields[f], v->rows, v->cols, ne);
            else
                rc = h5_read_refs(c, o, ne, vpath, &refs);
            for (size_t e = 0; e < ne && !rc; e++) {
                snprintf(sub, sizeof sub, "%s(%zu).%s", vpath, e + 1, v->fields[f]);
                rc = h5_deref(c, o, &refs[e], sub, depth + 1, &v->elem[e * v->nfields + f]);
            }
            free(refs);
            if (sp >= 0)
                H5Sclose(sp);
            if (t >= 0)
                H5Tclose(t);
        }
        H5Oclose(o);
    }
done:
    if (rc)
        mv_free(v);
    else
        *out = v;
    return rc;
}

static int h5_value(h5ctx *c, hid_t obj, const char *vpath, int depth, mval **out)
{
    *out = NULL;
    if (depth > MV_MAX_DEPTH)
        return ctome_error(CTOME_EFORMAT, c->path, 0, "%s: nested deeper than %d levels (reference cycle?)",
                           vpath, MV_MAX_DEPTH);
    H5I_type_t it = H5Iget_type(obj);
    if (it == H5I_GROUP)
        return h5_struct(c, obj, vpath, depth, out);
    if (it == H5I_DATASET)
        return h5_dataset(c, obj, vpath, depth, out);
    *out = mv_new(MV_OTHER, "unknown");
    return *out ? CTOME_OK : CTOME_ENOMEM;
}

static int h5_read_file(const char *path, const char *only, mfile *out)
{
    int grc = ctome_h5_guard(path);   /* a damaged file must not crash or hang HDF5 */
    if (grc)
        return grc;
    h5_quiet q;
    quiet_on(&q);
    h5ctx c = {h5_open_rdonly(path), path};
    link_list l = {NULL, 0, 0};
    int rc = CTOME_OK;
    if (c.f < 0) {
        char det[256];
        rc = ctome_error(CTOME_EFORMAT, path, 0, "cannot open as MATLAB v7.3 (HDF5): %s",
                         h5_detail(det, "damaged file?"));
        goto done;
    }
    if (h5_links(c.f, &l) < 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "cannot list the variables");
        goto done;
    }
    for (size_t i = 0; i < l.n && !rc; i++) {
        if (only && strcmp(only, l.names[i]) != 0)
            continue;
        hid_t o = H5Oopen(c.f, l.names[i], H5P_DEFAULT);
        if (o < 0) {
            rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: cannot open", l.names[i]);
            break;
        }
        mval *v = NULL;
        rc = h5_value(&c, o, l.names[i], 0, &v);
        H5Oclose(o);
        if (!rc)
            rc = mfile_push(out, l.names[i], v);
    }
done:
    for (size_t i = 0; i < l.n; i++)
        free(l.names[i]);
    free(l.names);
    if (c.f >= 0)
        H5Fclose(c.f);
    quiet_off(&q);
    return rc;
}

#if CTOME_HAVE_MATIO
/* ---- v5 through libmatio ---- */

static int v5_value(const char *path, const matvar_t *m, const char *vpath, int depth, mval **out);

static int v5_struct(const char *path, const matvar_t *m, const char *vpath, int depth, mval *v)
{
    unsigned nf = Mat_VarGetNumberOfFields((matvar_t *)m);
    char *const *names = Mat_VarGetStructFieldnames(m);
    size_t ne = mval_numel(v);
    if (nf && !names)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: unreadable struct field names", vpath);
    if (!(v->fields = calloc(nf ? nf : 1, sizeof *v->fields)))
        return ctome_error_nomem();
    v->nfields = nf;
    for (unsigned f = 0; f < nf; f++)
        if (!(v->fields[f] = ctome_strdup(names[f] ? names[f] : "")))
            return CTOME_ENOMEM;
    int rc = mv_alloc_elems(v, ne * nf);
    for (size_t e = 0; e < ne && !rc; e++)
        for (unsigned f = 0; f < nf && !rc; f++) {
            char sub[VPATH_LEN];
            if (ne == 1)
                snprintf(sub, sizeof sub, "%s.%s", vpath, v->fields[f]);
            else
                snprintf(sub, sizeof sub, "%s(%zu).%s", vpath, e + 1, v->fields[f]);
            matvar_t *fv = Mat_VarGetStructFieldByIndex((matvar_t *)m, f, e);
            rc = v5_value(path, fv, sub, depth + 1, &v->elem[e * nf + f]);
        }
    return rc;
}

static int v5_char(const char *path, const matvar_t *m, const char *vpath, mval *v)
{
    size_t n = mval_numel(v);
    if (!m->data)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: char array without data", vpath);
    switch (m->data_type) {
    case MAT_T_UINT8:
    case MAT_T_INT8:
    case MAT_T_UTF8: {
        size_t k = m->data_type == MAT_T_UTF8 ? m->nbytes : n;
        if (m->nbytes < k || !(v->str = malloc(k + 1)))
            break;
        memcpy(v->str, m->data, k);
        v->str[k] = '\0';
        return CTOME_OK;
    }
    case MAT_T_UINT16:
    case MAT_T_INT16:
    case MAT_T_UTF16: {
        if (m->nbytes < 2 * n || !(v->str = malloc(3 * n + 1)))
            break;
        uint16_t *u = malloc(n * sizeof *u);
        int ok = u != NULL;
        if (ok) {
            memcpy(u, m->data, 2 * n);
            ok = utf16_to_utf8(u, n, v->str, 3 * n + 1) == 0;
        }
        free(u);
        if (ok)
            return CTOME_OK;
        break;
    }
    default:
        break;
    }
    return ctome_error(CTOME_EFORMAT, path, 0, "%s: unreadable char array", vpath);
}

static int v5_value(const char *path, const matvar_t *m, const char *vpath, int depth, mval **out)
{
    *out = NULL;
    if (depth > MV_MAX_DEPTH)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: nested deeper than %d levels", vpath, MV_MAX_DEPTH);
    if (!m) {
        *out = mv_new(MV_EMPTY, "");
        return *out ? CTOME_OK : CTOME_ENOMEM;
    }
    size_t n = var_numel(m);
    if (n > MV_MAX_NUMEL)
        return ctome_error(CTOME_EFORMAT, path, 0, "%s: absurd dimensions", vpath);
    size_t rows = m->rank >= 1 && m->dims ? m->dims[0] : 1;
    size_t cols = rows ? n / rows : 0;
    mval *v = NULL;
    int rc = CTOME_OK;
    size_t esz = matio_class_size(m->class_type);
    if (n == 0 && m->class_type != MAT_C_STRUCT) {
        v = mv_new(MV_EMPTY, "");
    } else if (m->class_type == MAT_C_CELL) {
        if ((v = mv_new(MV_CELL, "cell"))) {
            v->rows = rows;
            v->cols = cols;
            rc = mv_alloc_elems(v, n);
            for (size_t i = 0; i < n && !rc; i++) {
                char sub[VPATH_LEN];
                snprintf(sub, sizeof sub, "%s{%zu}", vpath, i + 1);
                rc = v5_value(path, Mat_VarGetCell((matvar_t *)m, (int)i), sub, depth + 1, &v->elem[i]);
            }
        }
    } else if (m->class_type == MAT_C_STRUCT) {
        if ((v = mv_new(n ? MV_STRUCT : MV_EMPTY, "struct")) && n) {
            v->rows = rows;
            v->cols = cols;
            rc = v5_struct(path, m, vpath, depth, v);
        }
    } else if (m->class_type == MAT_C_CHAR) {
        if ((v = mv_new(MV_CHAR, "char"))) {
            v->rows = rows;
            v->cols = cols;
            rc = v5_char(path, m, vpath, v);
        }
    } else if (esz && !m->isComplex) {
        if ((v = mv_new(MV_NUM, m->isLogical ? "logical" : "double"))) {
            v->rows = rows;
            v->cols = cols;
            if (!m->data || m->nbytes < n * esz)
                rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: numeric data missing or truncated", vpath);
            else if (!(v->num = malloc(n * sizeof *v->num)))
                rc = ctome_error_nomem();
            else
                for (size_t i = 0; i < n; i++)
                    matio_get(m, i, &v->num[i]);
        }
    } else {
        v = mv_new(MV_OTHER, m->class_type == MAT_C_SPARSE ? "sparse" : "other");
    }
    if (!v)
        return CTOME_ENOMEM;
    if (rc) {
        mv_free(v);
        return rc;
    }
    *out = v;
    return CTOME_OK;
}

static int v5_read_file(const char *path, const char *only, mfile *out)
{
    int rc0 = mat_v5_check(path);   /* matio zero-fills a truncated variable */
    if (rc0)
        return rc0;
    mat_t *mat = Mat_Open(path, MAT_ACC_RDONLY);
    if (!mat)
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "not a MATLAB file (neither v7.3/HDF5 nor v5 that libmatio can read)");
    int rc = CTOME_OK;
    matvar_t *m;
    while (!rc && (m = Mat_VarReadNext(mat)) != NULL) {
        if (!only || (m->name && strcmp(m->name, only) == 0)) {
            const char *name = m->name ? m->name : "";
            mval *v = NULL;
            if (!(rc = v5_value(path, m, name, 0, &v)))
                rc = mfile_push(out, name, v);
        }
        Mat_VarFree(m);
    }
    Mat_Close(mat);
    return rc;
}

#else /* !CTOME_HAVE_MATIO */

static int v5_read_file(const char *path, const char *only, mfile *out)
{
    (void)only;
    (void)out;
    return ctome_error_feature(path, "reading a MATLAB v5 .mat file (this one is not v7.3/HDF5)", "matio", "matio");
}

#endif /* CTOME_HAVE_MATIO */

int mfile_read(const char *path, const char *only, mfile *out)
{
    memset(out, 0, sizeof *out);
    int rc = ctome_file_check(path);
    if (rc)
        return rc;
    out->v73 = ctome_store_is_hdf5(path) == 1;
    rc = out->v73 ? h5_read_file(path, only, out) : v5_read_file(path, only, out);
    if (rc)
        mfile_free(out);
    return rc;
}
