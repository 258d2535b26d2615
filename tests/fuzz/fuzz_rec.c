/* fuzz_rec.c — libFuzzer harness for the recording readers.
 *
 * The input bytes go into a fresh temporary directory as
 *   time_trace.json  the bytes before the first NUL (all of them if none),
 *   neurons.json     the bytes after it (all of them if none): the Atanas
 *                    pair, so one input can carry both files;
 *   rec.nwb, rec.mat, rec.csv   the whole input;
 *   Matrices_FC.mat  the whole input, with the bundled Order279.mat beside.
 * Then every recording reader reads its file: format detection and the
 * generic entry (ctome_read_recordings), Atanas JSON, NWB, Zimmer MATLAB
 * (v5 through libmatio, v7.3 through HDF5), the CSV table, and the Uzel 2022
 * functional-connectivity matrices.  The neuron registry (data/) is loaded
 * once.  Every call must return a status: no crash, leak, hang or
 * out-of-bounds access.
 *
 * HDF5 inputs go through the damaged-file guard (lib/data/h5guard.c), a
 * forked child that reads the whole file first; the harness lowers its time
 * limit to 1 s so that an input which hangs libhdf5 costs 1 s, not 20.
 * Crashes inside libhdf5 are thereby contained and not reported; what is
 * fuzzed is ctome's code on every file the guard lets through.
 *
 * Build and run: tests/fuzz/README.md.  -DCTOME_FUZZ_MAIN: replay mode.
 */
#include "fuzz_common.h"
#include "h5guard.h"
#include "recordings_io.h"
#include "registry.h"

#ifndef CTOME_TEST_DATA
#error "CTOME_TEST_DATA (the data/ folder) must be defined"
#endif

static const ctome_registry *fuzz_registry(void)
{
    static ctome_registry *reg;
    static int tried;
    if (!tried) {
        tried = 1;
        if (ctome_registry_load(CTOME_TEST_DATA, &reg))
            reg = NULL;
        if (!getenv("CTOME_HDF5_CHECK_SECONDS"))
            ctome_h5_guard_set_seconds(1);
    }
    return reg;
}

typedef int (*rec_reader)(const char *, const ctome_registry *, ctome_recordings *);

static void read_rec(rec_reader f, const char *path, const ctome_registry *reg)
{
    ctome_recordings out = {0};
    f(path, reg, &out);
    ctome_recordings_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    const ctome_registry *reg = fuzz_registry();
    char dir[] = "/tmp/ctome_fuzz_rec_XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    enum { TT, NJ, NWB, MAT, CSV, FC, ORDER, NF };
    static const char *const names[NF] = {"time_trace.json", "neurons.json", "rec.nwb", "rec.mat",
                                          "rec.csv",         "Matrices_FC.mat", "Order279.mat"};
    char p[NF][sizeof dir + 32];
    for (int i = 0; i < NF; i++)
        snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
    const uint8_t *nul = size ? memchr(data, 0, size) : NULL;
    size_t cut = nul ? (size_t)(nul - data) : size;
    int bad = fuzz_write_file(p[TT], data, cut) ||
              (nul ? fuzz_write_file(p[NJ], nul + 1, size - cut - 1) : fuzz_write_file(p[NJ], data, size));
    for (int i = NWB; i <= FC && !bad; i++)
        bad = fuzz_write_file(p[i], data, size);
    bad = bad || symlink(CTOME_TEST_DATA "/connectome/uzel2022_varshney279/Order279.mat", p[ORDER]);
    if (!bad) {
        ctome_rec_format f;
        for (int i = TT; i <= CSV; i++)
            if (i != NJ && ctome_rec_format_detect(p[i], &f) == CTOME_OK)
                read_rec(ctome_read_recordings, p[i], reg);
        read_rec(ctome_read_rec_atanas, p[TT], reg);
        read_rec(ctome_read_rec_nwb, p[NWB], reg);
        read_rec(ctome_read_rec_zimmer, p[MAT], reg);
        read_rec(ctome_read_rec_csv, p[CSV], reg);
        read_rec(ctome_read_rec_csv, p[CSV], NULL);
        ctome_fmatrix *fm = NULL;
        if (ctome_read_uzel_fc(p[FC], p[ORDER], 1 + (size ? data[size - 1] % 9 : 0), &fm) == CTOME_OK)
            ctome_fmatrix_free(fm);
    }
    for (int i = 0; i < NF; i++)
        unlink(p[i]);
    rmdir(dir);
    return 0;
}
