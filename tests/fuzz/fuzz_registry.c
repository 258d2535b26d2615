/* fuzz_registry.c — libFuzzer harness for the neuron registry tables
 * (lib/data/registry.c).
 *
 * The registry is built from four CSV tables and two workbooks under data/.
 * The first input byte picks one CSV table (mod 4: WormWideWeb neurons,
 * WormAtlas individual neurons, owmeta dump, Skuhersky 2022 positions); the
 * rest of the input replaces it in a temporary data folder whose other files
 * are links to the bundled ones.  ctome_registry_load must return a status
 * (no crash, leak or out-of-bounds access); on success every neuron is
 * looked up by name and by class.  (The Wang 2024 workbooks are fuzzed
 * through the workbook layer by fuzz_xlsx.)
 *
 * Build and run: tests/fuzz/README.md.  -DCTOME_FUZZ_MAIN: replay mode.
 */
#include "fuzz_common.h"
#include "registry.h"

#ifndef CTOME_TEST_DATA
#error "CTOME_TEST_DATA (the data/ folder) must be defined"
#endif

static const char *const TABLES[4] = {
    "neurons/wormwideweb_connectome_neurons.csv",
    "neurons/wormatlas_IndividualNeurons.csv",
    "neurons/owmeta_Modified_celegans_db_dump.csv",
    "neurons/positions/skuhersky2022_LowResAtlasWithHighResHeadsAndTails.csv",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    if (size == 0)
        return 0;
    char dir[] = "/tmp/ctome_fuzz_reg_XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char p[5][sizeof dir + 128] = {{0}}, sub[2][sizeof dir + 32];
    snprintf(sub[0], sizeof sub[0], "%s/neurons", dir);
    snprintf(sub[1], sizeof sub[1], "%s/neurons/positions", dir);
    snprintf(p[4], sizeof p[4], "%s/neurons/wang2024_neurotransmitter", dir);
    int bad = mkdir(sub[0], 0700) || mkdir(sub[1], 0700) ||
              symlink(CTOME_TEST_DATA "/neurons/wang2024_neurotransmitter", p[4]);
    int pick = data[0] % 4;
    for (int i = 0; i < 4 && !bad; i++) {
        snprintf(p[i], sizeof p[i], "%s/%s", dir, TABLES[i]);
        if (i == pick) {
            bad = fuzz_write_file(p[i], data + 1, size - 1);
        } else {
            char src[512];
            snprintf(src, sizeof src, "%s/%s", CTOME_TEST_DATA, TABLES[i]);
            bad = symlink(src, p[i]);
        }
    }
    ctome_registry *r = NULL;
    if (!bad && ctome_registry_load(dir, &r) == CTOME_OK) {
        size_t n = ctome_registry_size(r);
        for (size_t i = 0; i < n; i++) {
            const ctome_neuron *nr = ctome_registry_neuron(r, i);
            if (ctome_registry_find(r, nr->name) < 0)
                __builtin_trap();   /* every listed neuron must be found by its own name */
            ctome_registry_cell_kind(r, nr->cls);
        }
        ctome_registry_free(r);
    }
    for (int i = 0; i < 5; i++)
        if (p[i][0])
            unlink(p[i]);
    rmdir(sub[1]);
    rmdir(sub[0]);
    rmdir(dir);
    return 0;
}
