/* ctome ingest — datasets and files into one HDF5 store. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"

#include <getopt.h>
#include <string.h>

static int put_all(ctome_store *s, const char *arg)
{
    cli_inputs in = {0};
    int rc = cli_load(arg, &in);
    for (size_t i = 0; !rc && i < in.n; i++)
        rc = ctome_store_put_connectome(s, in.c[i]);
    cli_inputs_free(&in);
    return rc;
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': out = optarg; break;
        case 'h': cli_print_usage(stdout, "ingest"); return CLI_OK;
        default: return cli_usage_error("ingest", "bad option");
        }
    }
    if (!out)
        return cli_usage_error("ingest", "-o store.h5 is required");
    if (optind == argc)
        return cli_usage_error("ingest", "name at least one dataset id or file ('all' for every dataset)");
    int oc = cli_output_check("ingest", "--output", out, CLI_OUT_STORE);
    if (oc)
        return oc;
    ctome_store *s;
    if (ctome_store_create(out, &s))
        return cli_fail();
    int rc = CTOME_OK;
    for (int i = optind; !rc && i < argc; i++) {
        if (strcmp(argv[i], "all") == 0) {
            for (size_t k = 0; !rc && k < ctome_datasets_count(); k++)
                rc = put_all(s, ctome_dataset_at(k)->id);
        } else {
            rc = put_all(s, argv[i]);
        }
    }
    if (rc) {
        ctome_store_abort(s);
        return cli_fail();
    }
    if (ctome_store_commit(s))
        return cli_fail();
    return CLI_OK;
}
