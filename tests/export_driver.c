/* export_driver.c — a tiny stand-in for `ctome export` used by export_check.sh
 * while the ctome program is not built: read a WormWiring-style edge list with
 * the neuron registry and export one layer.
 *   export_driver DATA_DIR EDGELIST LAYER FORMAT NEURONS_ONLY(0|1) OUT */
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "readers.h"
#include "registry.h"

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: export_driver DATA_DIR EDGELIST LAYER FORMAT NEURONS_ONLY OUT\n");
        return 2;
    }
    ctome_error_handlers_off();
    ctome_registry *reg = NULL;
    ctome_connectome *c = NULL;
    ctome_export_format f;
    int rc = ctome_export_format_parse(argv[4], &f);
    if (!rc)
        rc = ctome_registry_load(argv[1], &reg);
    if (!rc)
        rc = ctome_connectome_new(argv[2], reg, &c);
    if (!rc)
        rc = ctome_read_edgelist(argv[2], NULL, c);
    if (!rc)
        rc = ctome_connectome_finalise(c);
    if (!rc)
        rc = ctome_export_layer(c, argv[3], f, atoi(argv[5]), argv[6]);
    if (rc)
        fprintf(stderr, "export_driver: error: %s\n", ctome_error_message());
    ctome_connectome_free(c);
    ctome_registry_free(reg);
    return rc ? 1 : 0;
}
