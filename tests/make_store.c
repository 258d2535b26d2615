/* make_store.c — write a ctome store for tests/store_h5py_check.py.
 *
 * Usage: make_store OUT.h5
 * Stores the Uzel 2022 279-neuron connectome (chemical + electrical, read
 * from the bundled .mat files) under /connectomes/uzel2022 and prints, one
 * line per layer, what ctome holds ("layer ID NAME EDGES TOTAL_WEIGHT
 * SELF_LOOPS DIRECTED") plus "nodes ID N", so that the h5py side can compare.
 */
#include <stdio.h>

#include "connectome.h"
#include "error.h"
#include "io.h"
#include "readers.h"
#include "registry.h"
#include "store.h"

#define UZEL CTOME_TEST_DATA "/connectome/uzel2022_varshney279/"

void ctome_init(void);

static int fail(void)
{
    fprintf(stderr, "make_store: %s\n", ctome_error_message());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_store OUT.h5\n");
        return 2;
    }
    ctome_init();
    ctome_registry *reg = NULL;
    ctome_connectome *c = NULL;
    ctome_store *s = NULL;
    if (ctome_registry_load(CTOME_TEST_DATA, &reg) || ctome_connectome_new("uzel2022", reg, &c) ||
        ctome_read_uzel_mat(UZEL "Neuro279_Syn.mat", NULL, c) ||
        ctome_read_uzel_mat(UZEL "Neuro279_EJ.mat", NULL, c) || ctome_connectome_finalise(c) ||
        ctome_sha256_file(UZEL "Neuro279_Syn.mat", c->source_sha256))
        goto bad;
    if (ctome_store_create(argv[1], &s) || ctome_store_put_connectome(s, c))
        goto bad;
    int rc = ctome_store_commit(s);
    s = NULL;
    if (rc)
        goto bad;
    printf("nodes %s %zu\n", c->id, c->n_nodes);
    for (size_t i = 0; i < c->n_layers; i++) {
        const ctome_layer *l = &c->layers[i];
        double t = 0;
        for (size_t k = 0; k < l->n; k++)
            t += l->e[k].w;
        printf("layer %s %s %zu %.17g %zu %d\n", c->id, l->name, l->n, t, l->self_loops, l->directed);
    }
    ctome_connectome_free(c);
    ctome_registry_free(reg);
    return 0;
bad:
    fail();
    ctome_store_abort(s);
    ctome_connectome_free(c);
    ctome_registry_free(reg);
    return 1;
}
