/* matutil.h — MATLAB-file habits shared by the .mat readers (matlab.c,
 * matval.c).  Internal (not installed); static inline so that nothing beyond
 * the public headers is exported.
 *
 * MATLAB v7.3 files are HDF5 behind a 512-byte header: char arrays are
 * uint16 UTF-16 code units, every object carries a MATLAB_class string
 * attribute.  MATLAB v5 files are read through libmatio.
 */
#ifndef CTOME_MATUTIL_H
#define CTOME_MATUTIL_H

#include "h5util.h"

#include "ctome_features.h"

#include <hdf5.h>
#if CTOME_HAVE_MATIO
#include <matio.h>
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Check a MATLAB v5 file is whole before libmatio reads it (matv5.c):
 * every top-level element lies inside the file and every compressed one
 * inflates completely (zlib stream end and checksum) to the size its tag
 * declares; libmatio would zero-fill a truncated or garbled variable.
 * CTOME_EFORMAT "FILE: damaged MATLAB v5 file: ...", or CTOME_OK (also for a
 * file that is not v5: the caller's reader decides).  One pass over the
 * file, O(64 KiB) memory. */
int mat_v5_check(const char *path);

/* UTF-16 code units as NUL-terminated UTF-8 (BMP only: cell names are
 * ASCII).  -1 on a surrogate or if the result does not fit in sz bytes. */
static inline int utf16_to_utf8(const uint16_t *u, size_t n, char *out, size_t sz)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = u[i];
        if (c >= 0xD800 && c <= 0xDFFF)
            return -1;
        unsigned char b[3];
        size_t nb;
        if (c < 0x80) {
            b[0] = (unsigned char)c;
            nb = 1;
        } else if (c < 0x800) {
            b[0] = (unsigned char)(0xC0 | (c >> 6));
            b[1] = (unsigned char)(0x80 | (c & 0x3F));
            nb = 2;
        } else {
            b[0] = (unsigned char)(0xE0 | (c >> 12));
            b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            b[2] = (unsigned char)(0x80 | (c & 0x3F));
            nb = 3;
        }
        if (k + nb >= sz)
            return -1;
        memcpy(out + k, b, nb);
        k += nb;
    }
    if (k >= sz)
        return -1;
    out[k] = '\0';
    return 0;
}

/* Value of the string attribute MATLAB_class ("double", "cell", ...) of an
 * HDF5 object, or "" if absent or unreadable. */
static inline void h5_matlab_class(hid_t obj, char *buf, size_t sz)
{
    buf[0] = '\0';
    h5_attr at;
    if (h5_attr_open(obj, "MATLAB_class", H5T_STRING, &at))
        return;
    if (H5Tis_variable_str(at.t) == 0) {
        size_t n = H5Tget_size(at.t);
        hid_t mt = H5Tcopy(H5T_C_S1);
        /* n + 1 <= sz: the NUL-terminated value fits in buf. */
        if (n > 0 && n < sz && mt >= 0 && H5Tset_size(mt, n + 1) >= 0 &&
            H5Tset_strpad(mt, H5T_STR_NULLTERM) >= 0 && H5Aread(at.a, mt, buf) < 0)
            buf[0] = '\0';
        if (mt >= 0)
            H5Tclose(mt);
    }
    h5_attr_close(&at);
}

#if CTOME_HAVE_MATIO
/* Number of elements of a matio variable, saturating at SIZE_MAX (dims come
 * from the file). */
static inline size_t var_numel(const matvar_t *v)
{
    if (v->rank <= 0 || !v->dims)
        return 0;
    size_t k = 1;
    for (int i = 0; i < v->rank; i++) {
        if (v->dims[i] && k > SIZE_MAX / v->dims[i])
            return SIZE_MAX;
        k *= v->dims[i];
    }
    return k;
}

/* Element i of a real numeric matio variable as a double; -1 if the class is not numeric. */
static inline int matio_get(const matvar_t *v, size_t i, double *x)
{
    const void *p = v->data;
    switch (v->class_type) {
    case MAT_C_DOUBLE: *x = ((const double *)p)[i]; return 0;
    case MAT_C_SINGLE: *x = ((const float *)p)[i]; return 0;
    case MAT_C_INT8: *x = ((const int8_t *)p)[i]; return 0;
    case MAT_C_UINT8: *x = ((const uint8_t *)p)[i]; return 0;
    case MAT_C_INT16: *x = ((const int16_t *)p)[i]; return 0;
    case MAT_C_UINT16: *x = ((const uint16_t *)p)[i]; return 0;
    case MAT_C_INT32: *x = ((const int32_t *)p)[i]; return 0;
    case MAT_C_UINT32: *x = ((const uint32_t *)p)[i]; return 0;
    case MAT_C_INT64: *x = (double)((const int64_t *)p)[i]; return 0;
    case MAT_C_UINT64: *x = (double)((const uint64_t *)p)[i]; return 0;
    default: return -1;
    }
}

/* Bytes per element of a numeric matio class, 0 if not numeric. */
static inline size_t matio_class_size(enum matio_classes c)
{
    switch (c) {
    case MAT_C_DOUBLE: case MAT_C_INT64: case MAT_C_UINT64: return 8;
    case MAT_C_SINGLE: case MAT_C_INT32: case MAT_C_UINT32: return 4;
    case MAT_C_INT16: case MAT_C_UINT16: return 2;
    case MAT_C_INT8: case MAT_C_UINT8: return 1;
    default: return 0;
    }
}
#endif /* CTOME_HAVE_MATIO */

#pragma GCC visibility pop

#endif
