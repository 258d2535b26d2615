/* rec_detect.c — recording formats: names, detection from the first bytes
 * (STYLE.md: htslib chooses a reader by content, not by extension), the
 * dispatching reader, and the steps every recording reader shares
 * (rec_internal.h).
 */
#include "recordings_io.h"
#include "rec_internal.h"
#include "error.h"
#include "io.h"
#include "readers.h"
#include "store.h"
#include "store_recording.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ctome_rec_format_name(ctome_rec_format f)
{
    switch (f) {
    case CTOME_REC_ATANAS_JSON:
        return "atanas-json";
    case CTOME_REC_NWB:
        return "nwb";
    case CTOME_REC_ZIMMER_MAT:
        return "zimmer-mat";
    case CTOME_REC_CSV:
        return "csv";
    case CTOME_REC_STORE:
        return "ctome-store";
    case CTOME_REC_UNKNOWN:
    default:
        return "unknown";
    }
}

#define HEAD_BYTES 1024

/* MATLAB v5 and v7.3 files both open with a 116-byte text header
 * "MATLAB 5.0 MAT-file" / "MATLAB 7.3 MAT-file" (v7.3: in the HDF5 user
 * block, the HDF5 signature follows at byte 512).  An HDF5 file without a
 * user block starts with the 8-byte HDF5 signature (HDF5 File Format
 * Specification §II.A).  JSON recordings open with '['; a CSV/TSV with a
 * header line holding a comma, tab or semicolon (rec_csv.c's delimiters). */
int ctome_rec_format_detect(const char *path, ctome_rec_format *f)
{
    static const unsigned char h5sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned char b[HEAD_BYTES + 1];
    size_t got = 0;
    *f = CTOME_REC_UNKNOWN;
    int rc = ctome_file_head(path, b, HEAD_BYTES, &got);
    if (rc)
        return rc;
    if (got == 0)
        return ctome_error(CTOME_EFORMAT, path, 0, "empty file");
    b[got] = '\0';
    if (got >= 6 && memcmp(b, "MATLAB", 6) == 0) {
        *f = CTOME_REC_ZIMMER_MAT;
        return CTOME_OK;
    }
    if (got >= 8 && memcmp(b, h5sig, 8) == 0) {
        /* ctome's own stores (schema_version on the root) hold recordings
         * under /recordings; every other HDF5 file is read as NWB. */
        *f = ctome_store_is_ctome(path) ? CTOME_REC_STORE : CTOME_REC_NWB;
        return CTOME_OK;
    }
    size_t i = 0;
    if (got >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        i = 3;   /* UTF-8 byte-order mark */
    if (memchr(b, '\0', got))
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "unknown recording format (binary, not HDF5/NWB or MATLAB; expected %s)",
                           "Atanas JSON, NWB, Zimmer-lab .mat or CSV/TSV");
    while (i < got && isspace(b[i]))
        i++;
    if (i < got && b[i] == '[') {
        *f = CTOME_REC_ATANAS_JSON;
        return CTOME_OK;
    }
    /* First line that is not a '#' comment must be a delimited header. */
    while (i < got) {
        size_t e = i;
        while (e < got && b[e] != '\n')
            e++;
        if (b[i] != '#' && e > i) {
            if (memchr(b + i, ',', e - i) || memchr(b + i, '\t', e - i) || memchr(b + i, ';', e - i)) {
                *f = CTOME_REC_CSV;
                return CTOME_OK;
            }
            break;
        }
        i = e + 1;
    }
    return ctome_error(CTOME_EFORMAT, path, 0, "unknown recording format (expected %s)",
                       "Atanas JSON, NWB, Zimmer-lab .mat or CSV/TSV with a header line");
}

int ctome_read_recordings(const char *path, const ctome_registry *reg, ctome_recordings *out)
{
    ctome_rec_format f;
    int rc = ctome_rec_format_detect(path, &f);
    if (rc)
        return rc;
    switch (f) {
    case CTOME_REC_ATANAS_JSON:
        return ctome_read_rec_atanas(path, reg, out);
    case CTOME_REC_NWB:
        return ctome_read_rec_nwb(path, reg, out);
    case CTOME_REC_ZIMMER_MAT:
        return ctome_read_rec_zimmer(path, reg, out);
    case CTOME_REC_CSV: {
        /* An edge list (source/target header) is a connectome, not a
         * recording: say so instead of "time is not a number". */
        ctome_input_kind k;
        char what[160];
        if (ctome_input_kind_detect(path, &k, what, sizeof what) == CTOME_OK && k == CTOME_KIND_CONNECTOME &&
            strncmp(what, "an edge list", 12) == 0)
            return ctome_error(CTOME_EFORMAT, path, 0, "%s, not a recording", what);
        ctome_error_clear();
        return ctome_read_rec_csv(path, reg, out);
    }
    case CTOME_REC_STORE:
        return ctome_read_rec_store(path, reg, out);
    case CTOME_REC_UNKNOWN:
    default:
        return ctome_error(CTOME_EFORMAT, path, 0, "unknown recording format");
    }
}

int ctome_read_rec_store(const char *path, const ctome_registry *reg, ctome_recordings *out)
{
    ctome_store *s;
    int rc = ctome_store_open(path, &s);
    if (rc)
        return rc;
    char **ids = NULL;
    size_t n = 0;
    rc = ctome_store_list_recordings(s, &ids, &n);
    if (!rc && n == 0) {
        char **cids;
        size_t nc = 0;
        if (ctome_store_list(s, &cids, &nc))
            nc = 0;
        rc = ctome_error(CTOME_EFORMAT, path, 0,
                         "a ctome store with no recording (it holds %zu connectome%s); a recording store is "
                         "written by 'ctome activity'",
                         nc, nc == 1 ? "" : "s");
    }
    for (size_t i = 0; !rc && i < n; i++) {
        ctome_recording *r;
        rc = ctome_store_get_recording(s, ids[i], reg, &r);
        if (!rc)
            rc = ctome_recordings_push(out, r);
    }
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    ctome_store_close(s);
    return rc;
}

/* ---- shared reader steps ---- */

static const rec_known KNOWN[] = {
    {"c7ed6136f1635b43e37c9e466b18c6780268b8a0a9fd89d8d56c552d32fcccc6", "atanas2023-sample", "atanas2023",
     "2022-08-02-01"},
    {"ece2e33ba7bebf7ed51d538e968ec1d42f33f656e648046190b9625d90132ec1", "scholz2018-gfp", "scholz2018",
     "BrainScanner20180223_141721"},
};

const rec_known *rec_known_file(const char sha256[65])
{
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++)
        if (strcmp(KNOWN[i].sha256, sha256) == 0)
            return &KNOWN[i];
    return NULL;
}

int rec_finish(ctome_recording *r, const char *path, const char sha256[65], const char *format, json_t *extra)
{
    int rc = ctome_recording_set_string(&r->source_file, path);
    if (rc) {
        json_decref(extra);
        return rc;
    }
    memcpy(r->source_sha256, sha256, 65);
    json_t *o = json_object();
    int bad = !o || json_object_set_new(o, "step", json_string("read")) ||
              json_object_set_new(o, "format", json_string(format)) ||
              json_object_set_new(o, "file", json_string(path)) ||
              json_object_set_new(o, "sha256", json_string(sha256));
    if (!bad && extra)
        bad = json_object_update(o, extra);
    json_decref(extra);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return ctome_error_nomem();
    rc = ctome_recording_add_step(r, s);
    free(s);
    return rc ? rc : ctome_recording_validate(r, path);
}

size_t rec_unlabel_duplicates(ctome_recording *r)
{
    size_t dups = 0;
    for (size_t i = 1; i < r->n_neurons; i++) {
        if (!r->labels[i][0])
            continue;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->labels[i], r->labels[j]) == 0) {
                r->labels[i][0] = '\0';
                r->reg[i] = -1;
                dups++;
                break;
            }
    }
    return dups;
}

char *rec_file_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = ctome_strdup(b);
    if (!s)
        return NULL;
    char *dot = strrchr(s, '.');
    if (dot && dot != s)
        *dot = '\0';
    return s;
}
