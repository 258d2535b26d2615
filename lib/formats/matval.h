/* matval.h — a MATLAB file (v5 or v7.3) as a small tree of values, for the
 * readers that must walk structs and cell arrays (rec_zimmer.c, uzel_fc.c).
 * Internal (not installed).
 *
 * Both formats end in one representation:
 *   - dims are MATLAB's (rows x cols; higher dimensions folded into cols);
 *   - numeric and logical arrays become doubles in MATLAB's column-major
 *     order: element (r, c) is num[c * rows + r];
 *   - char arrays become one UTF-8 string (column-major: a 1 x L row is the
 *     string itself);
 *   - cell arrays hold rows*cols child values, column-major;
 *   - structs (scalar or arrays) hold rows*cols*nfields children,
 *     elem[e * nfields + f] = field f of element e;
 *   - empty arrays ([] , '', {}) are MV_EMPTY; anything else (objects,
 *     function handles, sparse, complex) is MV_OTHER and keeps only its class.
 * v7.3 (HDF5): struct arrays are groups whose fields are datasets of object
 * references without a MATLAB_class attribute (one per element), cell arrays
 * are reference datasets with MATLAB_class "cell", both pointing into
 * /#refs#; matrices are stored transposed (HDF5 dims = MATLAB dims
 * reversed), which is exactly MATLAB's column-major order in memory.
 */
#ifndef CTOME_MATVAL_H
#define CTOME_MATVAL_H

#include <stddef.h>

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

typedef enum { MV_EMPTY, MV_NUM, MV_CHAR, MV_CELL, MV_STRUCT, MV_OTHER } mv_kind;

typedef struct mval {
    mv_kind kind;
    char cls[24];           /* MATLAB class name ("double", "cell", ...) */
    size_t rows, cols;
    double *num;            /* MV_NUM */
    char *str;              /* MV_CHAR */
    size_t nfields;         /* MV_STRUCT */
    char **fields;
    struct mval **elem;     /* MV_CELL: rows*cols; MV_STRUCT: rows*cols*nfields */
} mval;

/* The top-level variables of a file, in file order. */
typedef struct {
    size_t n;
    char **names;
    mval **vals;
    int v73;                /* 1 if the file is MATLAB v7.3 (HDF5) */
} mfile;

/* Read `path` (v7.3 through HDF5, otherwise v5 through libmatio).  With
 * `only` non-NULL just that variable is read (absent: an empty mfile, not an
 * error).  Errors (CTOME_EIO, CTOME_EFORMAT) name the file and the variable
 * path.  Cost: the whole variable(s) in memory. */
int mfile_read(const char *path, const char *only, mfile *out);
void mfile_free(mfile *f);

/* The variable `name` or NULL. */
const mval *mfile_get(const mfile *f, const char *name);

static inline size_t mval_numel(const mval *v) { return v->rows * v->cols; }

/* Field `name` of element e of a struct, or NULL (not a struct, no such field). */
const mval *mval_field(const mval *s, size_t e, const char *name);

#pragma GCC visibility pop

#endif
