/* recordings_io.h — readers of whole-brain activity recordings.
 *
 * Every reader appends one ctome_recording per worm/session to `out`, with
 * labels placed in the registry (`reg` may be NULL), the raw file's SHA-256,
 * and a first provenance step {"step":"read","format":...,"file":...}.
 * Errors name the file (and line, HDF5 path or MATLAB variable) and value.
 * Format layouts: docs/recordings.md.
 */
#ifndef CTOME_RECORDINGS_IO_H
#define CTOME_RECORDINGS_IO_H

#include "recording.h"

typedef enum {
    CTOME_REC_UNKNOWN = 0,
    CTOME_REC_ATANAS_JSON,  /* [[t, [values...]], ...] + a neurons.json beside it */
    CTOME_REC_NWB,          /* NWB 2.x: RoiResponseSeries, or one TimeSeries per neuron (Scholz 2018) */
    CTOME_REC_ZIMMER_MAT,   /* MATLAB v5/v7.3 Zimmer-lab layout (Kato 2015 ... Uzel 2022) */
    CTOME_REC_CSV,          /* time column + one column per neuron */
    CTOME_REC_STORE         /* a ctome HDF5 store with /recordings (written by `ctome activity`) */
} ctome_rec_format;

const char *ctome_rec_format_name(ctome_rec_format f);
int ctome_rec_format_detect(const char *path, ctome_rec_format *f);

int ctome_read_recordings(const char *path, const ctome_registry *reg, ctome_recordings *out);
int ctome_read_rec_atanas(const char *path, const ctome_registry *reg, ctome_recordings *out);
int ctome_read_rec_nwb(const char *path, const ctome_registry *reg, ctome_recordings *out);
int ctome_read_rec_zimmer(const char *path, const ctome_registry *reg, ctome_recordings *out);
int ctome_read_rec_csv(const char *path, const ctome_registry *reg, ctome_recordings *out);
/* Every recording of a ctome store, in id order (lib/data/store_recording.c).
 * A store without recordings is an error saying what it holds instead. */
int ctome_read_rec_store(const char *path, const ctome_registry *reg, ctome_recordings *out);

/* A functional-connectivity matrix over named neurons (Uzel 2022 Matrices_FC,
 * a recording's correlation matrix, ...): n x n row-major, NaN = no value. */
typedef struct {
    char *id;
    size_t n;
    char **names;           /* canonical names */
    double *m;              /* n * n */
} ctome_fmatrix;

void ctome_fmatrix_free(ctome_fmatrix *f);

/* Uzel 2022 Matrices_FC.mat: matrix `which` (1-based, 1..9: 1 = correlation of
 * derivatives, 2 = correlation of traces, ...; docs/recordings.md) in the
 * Order279 order (Order279.mat from connectome/uzel2022_varshney279 under
 * `datadir`).  Rows/columns entirely NaN are dropped (only the 65 identified
 * neurons have values). */
int ctome_read_uzel_fc(const char *path, const char *order279_path, int which, ctome_fmatrix **out);

#endif
