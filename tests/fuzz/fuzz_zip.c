/* fuzz_zip.c — libFuzzer harness for the zip reader under the .xlsx
 * workbooks (lib/core/zipread.c).
 *
 * One entry: the input bytes are written to a temporary file and opened as a
 * zip archive; every member (the first 64) is located by its name, then read
 * to its end twice — streamed in reads whose size comes from the input's
 * first byte (1 to 256 bytes, so inflate stops at every kind of boundary) and
 * whole through ctome_zip_read — and the two reads must agree on status and
 * bytes.  Whatever the bytes, every call must return a status: no crash,
 * leak, hang or out-of-bounds access, and no member read past the size its
 * directory entry declares.
 *
 * Seeds (tests/fuzz/corpus_zip/): the archives of tests/fixtures/zip/ (stored,
 * deflated, data descriptor, ZIP64, encrypted), written by Info-ZIP and
 * Python, one cut short, and the smallest bundled workbook.
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() (fuzz_common.h) that
 * replays the files and directories named on the command line; `meson test`
 * replays tests/fuzz/corpus_zip/ that way.
 */
#include "fuzz_common.h"
#include "zipread.h"

static void read_member(ctome_zip *z, size_t i, size_t step)
{
    ctome_zip_member *m;
    size_t declared = ctome_zip_size(z, i), total = 0, got = 0;
    unsigned char buf[256];
    int rc = ctome_zip_member_open(z, i, &m);
    if (rc == CTOME_OK) {
        while ((rc = ctome_zip_member_read(m, buf, step, &got)) == CTOME_OK && got > 0) {
            total += got;
            if (total > declared)
                abort();    /* past the declared size without an error */
        }
        ctome_zip_member_close(m);
    }
    char *whole;
    size_t len;
    int rc2 = ctome_zip_read(z, ctome_zip_name(z, i), &whole, &len);
    /* ctome_zip_read finds the first member of that name (exactly, else
     * case-insensitively): compare only when that is member i */
    size_t first;
    if (ctome_zip_locate(z, ctome_zip_name(z, i), &first) != 0)
        abort();
    if (first == i && (rc == CTOME_OK) != (rc2 == CTOME_OK))
        abort();
    if (rc2 == CTOME_OK) {
        if (first == i && (len != total || len != declared))
            abort();
        free(whole);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    size_t step = size ? (size_t)data[0] + 1 : 1;
    char path[64];
    if (fuzz_write_temp("zip", data, size, path, sizeof path))
        return 0;
    ctome_zip *z;
    if (ctome_zip_open(path, &z) == CTOME_OK) {
        size_t n = ctome_zip_count(z);
        for (size_t i = 0; i < n && i < 64; i++)
            read_member(z, i, step);
        ctome_zip_close(z);
    }
    unlink(path);
    return 0;
}
