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
 * Build with clang:  clang -g -fsanitize=fuzzer,address,undefined ... fuzz_mat.c -lctome
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() that replays the files
 * given on the command line (the files in tests/fuzz/corpus_mat/).
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "readers.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    int bad = size && fwrite(data, 1, size, fp) != size;
    bad |= fclose(fp) != 0;
    return bad ? -1 : 0;
}

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
    static int ready;
    if (!ready) {
        ctome_error_handlers_off();
        ready = 1;
    }
    char dir[] = "/tmp/ctome_fuzz_mat_XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char mat[sizeof dir + 32], order[sizeof dir + 32], store[sizeof dir + 32];
    snprintf(mat, sizeof mat, "%s/Neuro279_Syn.mat", dir);
    snprintf(order, sizeof order, "%s/Order279.mat", dir);
    snprintf(store, sizeof store, "%s/store.h5", dir);
    if (write_file(mat, data, size) == 0 && write_file(order, data, size) == 0 &&
        write_file(store, data, size) == 0) {
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

#ifdef CTOME_FUZZ_MAIN
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *buf;
        size_t len;
        if (ctome_file_read(argv[i], &buf, &len)) {
            /* Empty files are valid fuzz inputs. */
            LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
            continue;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        free(buf);
    }
    return 0;
}
#endif
