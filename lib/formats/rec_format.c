/* rec_format.c — recording formats: their names and their detection from
 * the first bytes (chosen by content, not by extension, as htslib does).
 * Apart from rec_detect.c, the dispatcher, so that the readers (which name
 * their format in messages) and detect.c do not call back into it. */
#include "recordings_io.h"
#include "error.h"
#include "io.h"
#include "store.h"

#include <ctype.h>
#include <stdio.h>
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
