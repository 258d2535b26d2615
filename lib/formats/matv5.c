/* matv5.c — is a MATLAB v5 file whole before libmatio reads it?
 *
 * libmatio 1.5 zero-fills what it cannot inflate: a compressed v5 file cut
 * short or garbled reads as an all-zero (or partial) matrix without an
 * error.  So before Mat_Open, walk the top-level data elements (MathWorks,
 * "MAT-File Format", Level 5: a 128-byte header, then elements with an
 * 8-byte tag {type, byte count}) and check that each lies inside the file
 * and that each compressed one (miCOMPRESSED, 15) inflates to its end
 * (Z_STREAM_END, which also checks the Adler-32 sum zlib streams carry) into
 * exactly one miMATRIX element of the size its own tag declares.
 */
#include "matutil.h"
#include "error.h"

#include <zlib.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MI_MATRIX 14
#define MI_COMPRESSED 15
#define V5_CHUNK 65536

static uint32_t get_u32(const unsigned char *b, int swap)
{
    uint32_t v;
    memcpy(&v, b, 4);
    return swap ? __builtin_bswap32(v) : v;
}

/* Inflate `n` bytes of fp from its current position; 0, or an error naming
 * the element at byte `at`. */
static int check_compressed(FILE *fp, const char *path, long at, uint32_t n, int swap)
{
    unsigned char *in = malloc(V5_CHUNK), *out = malloc(V5_CHUNK);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (!in || !out || inflateInit(&z) != Z_OK) {
        free(in);
        free(out);
        return ctome_error_nomem();
    }
    unsigned char head[8];
    uint64_t total = 0;
    uint32_t left = n;
    int zr = Z_OK;
    const char *why = NULL;
    while (zr != Z_STREAM_END) {
        if (z.avail_in == 0) {
            if (left == 0) {
                why = "the compressed data ends before its zlib stream does";
                break;
            }
            size_t k = left < V5_CHUNK ? left : V5_CHUNK;
            if (fread(in, 1, k, fp) != k) {
                why = "the file ends inside the compressed data";
                break;
            }
            left -= (uint32_t)k;
            z.next_in = in;
            z.avail_in = (uInt)k;
        }
        z.next_out = out;
        z.avail_out = V5_CHUNK;
        zr = inflate(&z, Z_NO_FLUSH);
        size_t got = V5_CHUNK - z.avail_out;
        for (size_t i = 0; i < got && total + i < 8; i++)
            head[total + i] = out[i];
        total += got;
        if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && z.avail_in == 0)) {
            why = zr == Z_DATA_ERROR ? "the compressed data is garbled (zlib data or checksum error)"
                                     : "the compressed data cannot be inflated";
            break;
        }
    }
    inflateEnd(&z);
    free(in);
    free(out);
    int rc = CTOME_OK;
    if (!why && total < 8)
        why = "the compressed variable is empty";
    if (!why) {
        uint32_t type = get_u32(head, swap), size = get_u32(head + 4, swap);
        if (type != MI_MATRIX)
            why = "the compressed data does not hold a variable (miMATRIX)";
        else if ((uint64_t)size + 8 != total)
            why = (uint64_t)size + 8 > total ? "the compressed variable is shorter than its header declares"
                                             : "the compressed variable is longer than its header declares";
    }
    if (why)
        rc = ctome_error(CTOME_EFORMAT, path, 0,
                         "damaged MATLAB v5 file: variable at byte %ld: %s (%u compressed bytes declared)",
                         at, why, n);
    return rc;
}

int mat_v5_check(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return CTOME_OK;   /* the reader's own open names the problem */
    unsigned char hdr[128];
    int rc = CTOME_OK;
    if (fread(hdr, 1, sizeof hdr, fp) != sizeof hdr ||
        (!(hdr[126] == 'I' && hdr[127] == 'M') && !(hdr[126] == 'M' && hdr[127] == 'I')))
        goto done;   /* not a v5 file (v4, or not MATLAB): libmatio decides */
    int swap = hdr[126] == 'M';   /* the file's byte order is not ours */
    if (fseek(fp, 0, SEEK_END) != 0)
        goto done;
    long size = ftell(fp), at = 128;
    while (rc == CTOME_OK && at < size) {
        unsigned char tag[8];
        if (fseek(fp, at, SEEK_SET) != 0)
            break;
        if (size - at < 8 || fread(tag, 1, 8, fp) != 8) {
            rc = ctome_error(CTOME_EFORMAT, path, 0,
                             "damaged MATLAB v5 file: truncated (the file ends inside the data element "
                             "tag at byte %ld)",
                             at);
            break;
        }
        uint32_t type = get_u32(tag, swap), n = get_u32(tag + 4, swap);
        if (type >> 16) {   /* small data element: 4 bytes of data inside the tag */
            at += 8;
            continue;
        }
        if ((uint64_t)n > (uint64_t)(size - at - 8)) {
            rc = ctome_error(CTOME_EFORMAT, path, 0,
                             "damaged MATLAB v5 file: truncated (the element at byte %ld declares %u "
                             "bytes, the file ends %ld bytes after its tag)",
                             at, n, size - at - 8);
            break;
        }
        if (type == MI_COMPRESSED)
            rc = check_compressed(fp, path, at, n, swap);
        /* Uncompressed elements are padded to 8 bytes; compressed ones not. */
        at += 8 + (long)n;
        if (type != MI_COMPRESSED && (at & 7))
            at += 8 - (at & 7);
    }
done:
    fclose(fp);
    return rc;
}
