/* store_internal.h — private to lib/data/store*.c.
 *
 * The store handle and the small HDF5 helpers both halves share, as static
 * inline functions so that nothing beyond store.h is exported.
 */
#ifndef CTOME_STORE_INTERNAL_H
#define CTOME_STORE_INTERNAL_H

#include "store.h"
#include "error.h"
#include "io.h"
#include "h5util.h"
#include "version.h"

#include <hdf5.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Chunk length of the 1-D datasets: large enough for deflate to work well
 * (64 Ki elements = 256 KiB of int32), small enough that reading one chunk of a
 * FlyWire-size layer stays cheap. */
#define STORE_CHUNK 65536
#define STORE_DEFLATE 4
#define PATH_MAX_LEN 1024


struct ctome_store {
    hid_t file;
    int writable;
    char *path;          /* the name the caller gave: used in every message */
    ctome_outfile out;   /* writing: the temporary file renamed on commit */
    char **ids;          /* cache of ctome_store_list */
    size_t n_ids;
};

/* ---- HDF5 error handling ---- */

static inline int h5_fail(const ctome_store *s, const char *what, const char *h5path)
{
    char d[256];
    h5_detail(d, "HDF5 call failed");
    return ctome_error(CTOME_ELIB, s->path, 0, "HDF5: cannot %s %s: %s", what, h5path, d);
}

/* Names of the links in the group at absolute path gpath (e.g. "/runs/rnn"),
 * in name order, as a malloc'd array of malloc'd strings the caller frees; a
 * missing group (or ancestor) gives an empty list (store_read.c). */
int store_list_links(ctome_store *s, const char *gpath, char ***ids, size_t *n);

/* Open the group at absolute path gpath (ancestors may be missing): a missing
 * group is CTOME_ENOTFOUND "no <what> '<name>' in the store"; a link that is
 * not a group CTOME_EFORMAT.  Call between quiet_on/quiet_off (store_read.c). */
int store_open_group(ctome_store *s, const char *gpath, const char *what, const char *name, hid_t *g);

/* Format an HDF5 path.  Ids and layer names written by ctome are < 256
 * bytes (valid_link_name), so a path never truncates; names read from foreign
 * files are only used in messages, where truncation is harmless. */
static inline void h5path(char *buf, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline void h5path(char *buf, size_t sz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sz, fmt, ap);
    va_end(ap);
}

/* Read (writing = 0) or write elements [off, off + cnt) of a 1-D dataset
 * from/to `buf` (H5Dwrite does not modify it).  0, or -1. */
static inline int dset_block(hid_t d, hid_t mtype, size_t off, size_t cnt, void *buf, int writing)
{
    if (cnt == 0)
        return 0;
    hsize_t start[1] = {(hsize_t)off}, count[1] = {(hsize_t)cnt};
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(1, count, NULL);
    int bad = fs < 0 || ms < 0 ||
              H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
              (writing ? H5Dwrite(d, mtype, ms, fs, H5P_DEFAULT, buf)
                       : H5Dread(d, mtype, ms, fs, H5P_DEFAULT, buf)) < 0;
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return bad ? -1 : 0;
}

static inline void h5_close(hid_t *id, herr_t (*fn)(hid_t))
{
    if (*id >= 0)
        fn(*id);
    *id = -1;
}

/* An id or link name for /connectomes/<id> or layers/<name>: not empty, no
 * '/', not "." or "..", so it names exactly one HDF5 link. */
static inline int valid_link_name(const char *n)
{
    return n && n[0] && !strchr(n, '/') && strcmp(n, ".") != 0 && strcmp(n, "..") != 0 &&
           strlen(n) < 256;
}

/* Variable-length UTF-8 string type (h5py reads it as str). */
static inline hid_t str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return -1;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

/* ---- writing (store.c, store_nulls.c, store_recording.c) ---- */

/* Scalar attribute `name` of file type ftype, from one value of mtype. */
static inline int attr_put(hid_t loc, const char *name, hid_t ftype, hid_t mtype, const void *buf)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    if (sp < 0)
        return -1;
    hid_t a = H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
    int bad = a < 0 || H5Awrite(a, mtype, buf) < 0;
    if (a >= 0 && H5Aclose(a) < 0)
        bad = 1;
    H5Sclose(sp);
    return bad ? -1 : 0;
}

static inline int attr_str(hid_t loc, const char *name, const char *v)
{
    hid_t t = str_type();
    if (t < 0)
        return -1;
    const char *p = v ? v : "";
    int r = attr_put(loc, name, t, t, &p);
    H5Tclose(t);
    return r;
}

static inline int attr_i64(hid_t loc, const char *name, long long v)
{
    return attr_put(loc, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, &v);
}

static inline int attr_u64(hid_t loc, const char *name, uint64_t v)
{
    unsigned long long x = v;
    return attr_put(loc, name, H5T_STD_U64LE, H5T_NATIVE_ULLONG, &x);
}

static inline int attr_f64(hid_t loc, const char *name, double v)
{
    return attr_put(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}

/* A group without modification times, so that the same inputs give a
 * byte-identical store (docs/store.md) when SOURCE_DATE_EPOCH pins `created`. */
static inline hid_t group_make(hid_t loc, const char *name)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0)
        return -1;
    hid_t g = -1;
    if (H5Pset_obj_track_times(gcpl, 0) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    return g;
}

/* Open `name` under loc, creating it if absent. */
static inline hid_t group_open_or_make(hid_t loc, const char *name)
{
    htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
    if (ex < 0)
        return -1;
    return ex ? H5Gopen2(loc, name, H5P_DEFAULT) : group_make(loc, name);
}

/* A rank-1 or rank-2 dataset written whole from buf (cols is ignored for
 * rank 1).  Not empty: chunked (a rank-2 dataset one row at a time, at most
 * STORE_CHUNK elements per chunk, which is how the analyses read recordings
 * and null replicates), shuffled when `shuffle`, deflated. */
static inline int dset_put(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, size_t rows,
                    size_t cols, int shuffle, const void *buf)
{
    hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = -1;
    int bad = sp < 0 || dcpl < 0 || H5Pset_obj_track_times(dcpl, 0) < 0;
    size_t total = rank == 2 ? rows * cols : rows;
    if (!bad && total > 0) {
        hsize_t ch[2];
        if (rank == 2) {
            ch[0] = 1;
            ch[1] = (hsize_t)(cols < STORE_CHUNK ? cols : STORE_CHUNK);
        } else {
            ch[0] = (hsize_t)(rows < STORE_CHUNK ? rows : STORE_CHUNK);
        }
        bad = H5Pset_chunk(dcpl, rank, ch) < 0 || (shuffle && H5Pset_shuffle(dcpl) < 0) ||
              H5Pset_deflate(dcpl, STORE_DEFLATE) < 0;
    }
    if (!bad)
        bad = (d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0;
    if (!bad && total > 0)
        bad = H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0;
    if (d >= 0 && H5Dclose(d) < 0)
        bad = 1;
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sp >= 0)
        H5Sclose(sp);
    return bad ? -1 : 0;
}

static inline ctome_store *store_alloc(const char *path)
{
    ctome_store *s = calloc(1, sizeof *s);
    if (!s) {
        ctome_error_nomem();
        return NULL;
    }
    s->file = -1;
    if (!(s->path = ctome_strdup(path))) {
        free(s);
        return NULL;
    }
    return s;
}

/* Close the HDF5 file (quietly: a damaged file may complain on close). */
static inline void store_close_file(ctome_store *s)
{
    h5_quiet q;
    quiet_on(&q);
    if (s->file >= 0)
        H5Fclose(s->file);
    s->file = -1;
    quiet_off(&q);
}

static inline void store_free(ctome_store *s)
{
    for (size_t i = 0; i < s->n_ids; i++)
        free(s->ids[i]);
    free(s->ids);
    free(s->path);
    free(s);
}

#pragma GCC visibility pop

#endif
