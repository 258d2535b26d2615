/* rec_detect.c — the dispatching recording reader: detects the format
 * (rec_format.c) and calls its reader.  The steps every recording reader
 * shares are in rec_common.c; format names and detection in rec_format.c,
 * which the readers and detect.c use without calling back into this file.
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
