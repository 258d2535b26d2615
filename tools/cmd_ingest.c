/* ctome ingest — datasets and files into one HDF5 store. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"

#include <string.h>

/* Store every connectome arg names; their ids go into `ids` for --json. */
static int put_all(ctome_store *s, const char *arg, json_t *ids)
{
    cli_inputs in = {0};
    int rc = cli_load(arg, &in);
    for (size_t i = 0; !rc && i < in.n; i++) {
        rc = ctome_store_put_connectome(s, in.c[i]);
        if (!rc && ids && json_array_append_new(ids, json_string(in.c[i]->id)))
            rc = ctome_error_nomem();
    }
    cli_inputs_free(&in);
    return rc;
}

const cli_opt cli_opts_ingest[] = {
    {"output", 'o', 'o', "FILE", "the HDF5 store to write (required)", CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_JSON("after writing, one JSON document on stdout: output, connectomes (the ids stored, in order)"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_ingest(int argc, char **argv)
{
    const char *out = NULL;
    cli_parser p;
    int k;
    cli_opts_begin(&p, "ingest", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'o': out = p.arg; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    if (!out)
        return cli_usage_error("ingest", "-o store.h5 is required");
    if (first == argc)
        return cli_usage_error("ingest", "name at least one dataset id or file ('all' for every dataset)");
    int oc = cli_output_check("ingest", "--output", out, CLI_OUT_STORE);
    if (oc)
        return oc;
    json_t *ids = p.json ? json_array() : NULL;
    if (p.json && !ids)
        return cli_failf("out of memory");
    ctome_store *s;
    if (ctome_store_create(out, &s)) {
        json_decref(ids);
        return cli_fail();
    }
    int rc = CTOME_OK;
    for (int i = first; !rc && i < argc; i++) {
        if (strcmp(argv[i], "all") == 0) {
            for (size_t d = 0; !rc && d < ctome_datasets_count(); d++)
                rc = put_all(s, ctome_dataset_at(d)->id, ids);
        } else {
            rc = put_all(s, argv[i], ids);
        }
    }
    if (rc) {
        ctome_store_abort(s);
        json_decref(ids);
        return cli_fail();
    }
    if (ctome_store_commit(s)) {
        json_decref(ids);
        return cli_fail();
    }
    if (!p.json)
        return CLI_OK;
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "output", json_string(out));
        json_object_set_new(o, "connectomes", ids);
    } else {
        json_decref(ids);
    }
    return cli_print_json(o);
}
