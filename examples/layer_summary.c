/* layer_summary.c — a program outside ctome that uses the installed library.
 *
 *   cc layer_summary.c $(pkg-config --cflags --libs ctome) -o layer_summary
 *   ./layer_summary /usr/local/share/ctome cook2019-herm
 *
 * Loads a bundled dataset (arguments: the data folder `meson install` puts
 * under <datadir>/ctome, and a dataset id from `ctome datasets`) and prints,
 * for each layer, its neurons (registry neurons with an edge), edges and
 * total weight — the numbers `ctome datasets` prints for the same dataset.
 *
 * It includes glibc's <error.h> beside <ctome/ctome.h> on purpose: ctome's
 * headers live in include/ctome/, so its own error.h never shadows the
 * system's.  Every libctome call returns a status (CTOME_OK is 0) and leaves
 * its message in ctome_error_message(). */
#include <ctome/ctome.h>

#include <error.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s DATADIR DATASET_ID\n", argv[0]);
        return 2;
    }
    ctome_init();
    ctome_registry *reg = NULL;
    ctome_connectome *c = NULL;
    if (ctome_registry_load(argv[1], &reg))
        error(1, 0, "%s", ctome_error_message());
    if (ctome_dataset_load(argv[2], argv[1], reg, &c)) {
        ctome_registry_free(reg);
        error(1, 0, "%s", ctome_error_message());
    }
    printf("library\t%s\n", ctome_version());
    printf("layer\tneurons\tedges\ttotal_weight\n");
    const char *layers[] = {"chemical", "electrical"};
    for (size_t i = 0; i < 2; i++) {
        const ctome_layer *l = ctome_connectome_get_layer(c, layers[i]);
        ctome_layer_summary s;
        if (!l)
            continue;
        if (ctome_layer_summarise(c, l, 1, &s)) {
            ctome_connectome_free(c);
            ctome_registry_free(reg);
            error(1, 0, "%s", ctome_error_message());
        }
        printf("%s\t%zu\t%zu\t%.0f\n", layers[i], s.n_nodes, s.n_edges, s.total_weight);
    }
    ctome_connectome_free(c);
    ctome_registry_free(reg);
    return 0;
}
