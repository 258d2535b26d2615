/* h5util.h — the HDF5 habits shared by the store (lib/data/store*.c) and the
 * MATLAB v7.3 reader (lib/formats/matlab.c).  Internal (not installed);
 * static inline so that nothing beyond the public headers is exported.
 *
 * The library never prints (STYLE.md), but HDF5 prints its error stack by
 * default: every HDF5 call sequence runs between quiet_on and quiet_off, and
 * the cause of a failure is read back with h5_detail for the message.
 */
#ifndef CTOME_H5UTIL_H
#define CTOME_H5UTIL_H

#include <hdf5.h>

#include <stdio.h>

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Silence HDF5's automatic stack printing for the duration of one call and
 * restore whatever the application had installed afterwards. */
typedef struct {
    H5E_auto2_t func;
    void *data;
} h5_quiet;

static inline void quiet_on(h5_quiet *q)
{
    if (H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) < 0) {
        q->func = NULL;
        q->data = NULL;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static inline void quiet_off(const h5_quiet *q) { H5Eset_auto2(H5E_DEFAULT, q->func, q->data); }

static inline herr_t h5_detail_cb(unsigned n, const H5E_error2_t *e, void *data)
{
    if (n == 0 && e->desc)
        snprintf((char *)data, 256, "%s", e->desc);
    return 0;
}

/* The innermost message on HDF5's error stack (the cause, e.g. "truncated
 * file: eof = 1000, ..."), or `none` if the stack is empty; call right after
 * the failing HDF5 call. */
static inline const char *h5_detail(char buf[256], const char *none)
{
    buf[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_detail_cb, buf);
    if (!buf[0])
        snprintf(buf, 256, "%s", none);
    return buf;
}

/* Open `path` read-only, or -1.  H5F_CLOSE_STRONG: H5Fclose also closes
 * any object an error path left open. */
static inline hid_t h5_open_rdonly(const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0)
        return -1;
    hid_t f = -1;
    if (H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) >= 0)
        f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return f;
}

/* An open attribute holding one value, with its type and dataspace. */
typedef struct {
    hid_t a, t, sp;
} h5_attr;

static inline void h5_attr_close(h5_attr *at)
{
    if (at->t >= 0)
        H5Tclose(at->t);
    if (at->sp >= 0)
        H5Sclose(at->sp);
    if (at->a >= 0)
        H5Aclose(at->a);
    at->a = at->t = at->sp = -1;
}

/* Open attribute `name` of `loc`, which must hold a single value of type
 * class `cls`.  Returns 0 (open: close with h5_attr_close), 1 if there is
 * no such attribute, -1 if it cannot be opened or is not one value of that
 * class (nothing left open in both cases). */
static inline int h5_attr_open(hid_t loc, const char *name, H5T_class_t cls, h5_attr *at)
{
    at->a = at->t = at->sp = -1;
    htri_t ex = H5Aexists(loc, name);
    if (ex <= 0)
        return ex < 0 ? -1 : 1;
    if ((at->a = H5Aopen(loc, name, H5P_DEFAULT)) < 0 || (at->t = H5Aget_type(at->a)) < 0 ||
        (at->sp = H5Aget_space(at->a)) < 0 || H5Tget_class(at->t) != cls ||
        H5Sget_simple_extent_npoints(at->sp) != 1) {
        h5_attr_close(at);
        return -1;
    }
    return 0;
}

#pragma GCC visibility pop

#endif
