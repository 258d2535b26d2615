/* fuzz_mat.c — libFuzzer harness for the MATLAB reader and the HDF5 store.
 *
 * One entry: the input bytes are written into a fresh temporary directory
 * twice, as Neuro279_Syn.mat and as Order279.mat, so one input can carry both
 * the matrix and the name list (a MAT file may hold both variables; the
 * corpus in tests/fuzz/corpus_mat/ does), and once as store.h5.  Then:
 *   - ctome_read_uzel_mat reads the matrix (HDF5/v7.3 or libmatio/v5 path),
 *     and the connectome is finalised;
 *   - ctome_store_open + ctome_store_list + ctome_store_get_connectome read
 *     every connectome of the "store".
 * Every call must return a status (never crash, leak or read out of bounds).
 *
 * Build the libFuzzer binary with `meson setup -Dfuzz=true` and clang
 * (tests/fuzz/README.md).
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() (fuzz_common.h) that
 * replays the files and directories named on the command line; `meson test`
 * replays tests/fuzz/corpus_mat/ that way (never tests/fuzz/hdf5_known/).
 *
 * Every HDF5 input first goes through the damaged-file guard
 * (lib/data/h5guard.c: a forked child reads the whole file), so inputs that
 * crash or hang libhdf5 itself end in a status here too; the corpus keeps
 * such inputs (hdf5_segv_*, hdf5_asan_*) as regression tests of the guard.
 * To fuzz libhdf5's own reading without the guard, run with
 * CTOME_HDF5_CHECK_SECONDS=0 (the harness then keeps the environment's value).
 *
 * Run with ASAN_OPTIONS=allocator_may_return_null=1: for a v5 file libmatio
 * allocates the sizes a (damaged) header claims before ctome can check them
 * (Mat_VarReadInfo already does, for cell arrays); outside ASan that calloc
 * returns NULL and matio fails cleanly, under ASan's default it aborts.
 *
 * Note: HDF5 and libmatio themselves are not built with the sanitizers here,
 * so a fault found inside them shows up as a crash without a report; reduce
 * the input and check it against the library before blaming ctome.
 */
#include "fuzz_common.h"
#include "h5guard.h"
#include "readers.h"
#include "store.h"

static void fuzz_store(const char *path)
{
    ctome_store *s;
    if (ctome_store_open(path, &s))
        return;
    char **ids;
    size_t n;
    if (ctome_store_list(s, &ids, &n) == CTOME_OK)
        for (size_t i = 0; i < n && i < 16; i++) {
            ctome_connectome *c;
            if (ctome_store_get_connectome(s, ids[i], NULL, &c) == CTOME_OK)
                ctome_connectome_free(c);
        }
    ctome_store_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    /* An input that hangs libhdf5 costs 1 s in the guard's child, not 20. */
    if (!getenv("CTOME_HDF5_CHECK_SECONDS"))
        ctome_h5_guard_set_seconds(1);
    char dir[] = "/tmp/ctome_fuzz_mat_XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char mat[sizeof dir + 32], order[sizeof dir + 32], store[sizeof dir + 32];
    snprintf(mat, sizeof mat, "%s/Neuro279_Syn.mat", dir);
    snprintf(order, sizeof order, "%s/Order279.mat", dir);
    snprintf(store, sizeof store, "%s/store.h5", dir);
    if (fuzz_write_file(mat, data, size) == 0 && fuzz_write_file(order, data, size) == 0 &&
        fuzz_write_file(store, data, size) == 0) {
        ctome_connectome *c;
        if (ctome_connectome_new("fuzz", NULL, &c) == CTOME_OK) {
            if (ctome_read_uzel_mat(mat, NULL, c) == CTOME_OK)
                ctome_connectome_finalise(c);
            ctome_connectome_free(c);
        }
        fuzz_store(store);
    }
    unlink(mat);
    unlink(order);
    unlink(store);
    rmdir(dir);
    return 0;
}
