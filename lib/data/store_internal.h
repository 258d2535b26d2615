/* store_internal.h — private to lib/data/store.c and store_read.c.
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

#include <hdf5.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunk length of the 1-D datasets: large enough for deflate to work well
 * (64 Ki elements = 256 KiB of int32), small enough that reading one chunk of a
 * FlyWire-size layer stays cheap. */
#define STORE_CHUNK 65536
#define STORE_DEFLATE 4
#define PATH_MAX_LEN 1024

/* Declared in the umbrella header ctome.h (lib/core/version.c); repeated here
 * so this module does not depend on every other public header. */
const char *ctome_version(void);

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

#endif
