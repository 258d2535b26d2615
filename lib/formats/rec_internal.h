/* rec_internal.h — steps shared by the recording readers (rec_atanas.c,
 * rec_csv.c, rec_nwb.c; table and helpers in rec_common.c).  Internal to
 * lib/formats (not installed).
 */
#ifndef CTOME_REC_INTERNAL_H
#define CTOME_REC_INTERNAL_H

#include "recordings_io.h"

#include <jansson.h>

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Catalogue names of the bundled recordings, found by the raw file's
 * SHA-256 so that a copy anywhere gets the same id (docs/datasets.md ids:
 * atanas2023-sample, scholz2018-gfp).  NULL for any other file. */
typedef struct {
    const char *sha256;
    const char *id, *dataset, *worm;
} rec_known;

const rec_known *rec_known_file(const char sha256[65]);

/* Finish a freshly filled recording: source_file and source_sha256, the
 * first provenance step {"step":"read","format":FORMAT,"file":PATH, ...extra}
 * (`extra` is a JSON object whose members are appended, stolen; may be
 * NULL), then ctome_recording_validate.  On error the caller frees r. */
int rec_finish(ctome_recording *r, const char *path, const char sha256[65], const char *format, json_t *extra);

/* A repeated label within one recording: the first ROI keeps it, later ones
 * become unlabelled (as rec_zimmer.c does) and are counted.  O(n^2). */
size_t rec_unlabel_duplicates(ctome_recording *r);

/* The last path component of `path` without its extension, malloc'd. */
char *rec_file_stem(const char *path);

#pragma GCC visibility pop

#endif
