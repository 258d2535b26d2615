/* rec_nwb_internal.h — shared by rec_nwb.c and rec_nwb_h5.c (the NWB
 * reader and its HDF5 helpers).  Internal to lib/formats (not installed).
 * Every helper runs inside the reader's quiet_on/quiet_off section.
 */
#ifndef CTOME_REC_NWB_INTERNAL_H
#define CTOME_REC_NWB_INTERNAL_H

#include "recordings_io.h"

#include <hdf5.h>

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

#define NWB_PATH 512

typedef struct {
    const char *path;
    hid_t f;
    char sha[65];
    const ctome_registry *reg;
} nwb;

/* ctome_error(code) "PATH: WHAT OBJ: <innermost HDF5 message>". */
int nwb_h5err(const nwb *w, int code, const char *what, const char *obj);

/* n strings (vlen or fixed) of a dataset (is_attr 0) or attribute; -1 on failure. */
int nwb_read_strings(hid_t obj, int is_attr, size_t n, char ***out);
void nwb_free_strings(char **s, size_t n);
size_t nwb_space_count(hid_t sp);
/* First string of an attribute / of a dataset at a path (links followed),
 * malloc'd; NULL if absent or not a string. */
char *nwb_attr_string(hid_t loc, const char *name);
char *nwb_dset_string(hid_t loc, const char *name);
/* Whether group loc/name has attribute neurodata_type == type. */
int nwb_has_type(hid_t loc, const char *name, const char *type);

/* Dataset as float64 with its rank (0 for a scalar, 1 or 2) and extent. */
int nwb_read_numeric(const nwb *w, hid_t g, const char *gpath, const char *name, int *rank, hsize_t dims[2],
                     double **out);
double nwb_attr_double(hid_t loc, const char *name, double def);
/* data * conversion + offset (NWB TimeSeries.data attributes). */
void nwb_apply_conversion(hid_t dset_parent, double *x, size_t n);
/* `timestamps` (length nt) or starting_time + k / rate. */
int nwb_read_time(const nwb *w, hid_t g, const char *gpath, size_t nt, double **out);

#pragma GCC visibility pop

#endif
