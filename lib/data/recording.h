/* recording.h — whole-brain activity recordings: a neurons x time matrix with
 * time stamps, labels placed in the registry, and provenance.
 *
 * Conventions:
 *   - traces are row-major [neuron][time], NaN = missing sample;
 *   - time is in seconds, strictly increasing (irregular steps allowed);
 *   - labels are canonical names (ctome_name_normalise) or "" for an
 *     unlabelled ROI; reg[i] is the registry index or -1 (unlabelled or a name
 *     the registry does not know — kept, never silently dropped);
 *   - provenance is a JSON array of the steps applied since reading (reader,
 *     resampling, smoothing, z-scoring, NaN handling), each an object with
 *     "step" and its parameters; readers start it with {"step":"read",...}.
 */
#ifndef CTOME_RECORDING_H
#define CTOME_RECORDING_H

#include <stddef.h>

#include "registry.h"

typedef struct {
    char *id;               /* recording id, e.g. "atanas2023-sample", "scholz2018-gfp" */
    char *dataset;          /* dataset / paper id */
    char *worm;             /* worm or session id within the dataset ("" if one) */
    char *indicator;        /* "GCaMP7f", "GCaMP6f", "GFP (no calcium signal: motion control)", "" */
    char *source_file;
    char source_sha256[65];
    size_t n_neurons, n_time;
    double *traces;         /* n_neurons * n_time */
    double *time;           /* n_time */
    char **labels;          /* n_neurons canonical names, "" if unlabelled */
    int *reg;               /* n_neurons registry indices or -1 */
    char *provenance;       /* JSON array text */
} ctome_recording;

/* A new recording with storage for n_neurons x n_time samples (traces set to
 * NaN, time to 0, labels to ""); strings set to "". */
int ctome_recording_new(const char *id, size_t n_neurons, size_t n_time, ctome_recording **out);
void ctome_recording_free(ctome_recording *r);

/* Set label i from a raw name: normalised and placed in the registry (reg may
 * be NULL).  An empty raw name marks an unlabelled ROI. */
int ctome_recording_set_label(ctome_recording *r, size_t i, const char *raw, const ctome_registry *reg);

/* Replace a string field (id, dataset, worm, indicator, source_file) with a copy. */
int ctome_recording_set_string(char **field, const char *value);

/* Append one provenance step (a JSON object text, e.g.
 * "{\"step\":\"zscore\"}") to r->provenance. */
int ctome_recording_add_step(ctome_recording *r, const char *json_object);

/* Check the invariants: n_time >= 1, time finite and strictly increasing
 * (error names the first offending index and values), no neuron entirely
 * NaN (names it).  `file` is used for the message.  Also rejected (recording.c):
 * n_neurons = 0, an infinite sample, and a canonical label used twice. */
int ctome_recording_validate(const ctome_recording *r, const char *file);

/* Index of a neuron by name (normalised), or -1. */
int ctome_recording_find(const ctome_recording *r, const char *name);

/* A list of recordings (a file may hold several worms). */
typedef struct {
    ctome_recording **r;
    size_t n;
} ctome_recordings;

int ctome_recordings_push(ctome_recordings *list, ctome_recording *r);   /* takes ownership */
void ctome_recordings_free(ctome_recordings *list);

#endif
