/* ctome rank — singular values and rank statistics of a connectome layer, a
 * recording (or its covariance) or a dense weight matrix (lib/analysis/rank.h). */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "rank.h"
#include "rank_figs.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "recordings_io.h"

typedef enum { SRC_LAYER, SRC_RECORDING, SRC_COVARIANCE, SRC_MATRIX } src_kind;

static const char *kind_name(src_kind k)
{
    static const char *const names[] = {"connectome layer", "recording", "recording covariance",
                                        "matrix"};
    return names[k];
}

/* What the participation ratio was computed from (rank.h). */
static const char *pr_from(src_kind k)
{
    switch (k) {
    case SRC_RECORDING:
    case SRC_COVARIANCE:
        return "eigenvalues of the neuron covariance";
    default:
        return "squared singular values (eigenvalues of A A^T)";
    }
}

static int print_result(const char *source, const char *id, const char *layer, int binary, src_kind k,
                        const ctome_rank *r, int as_json)
{
    /* the text output is the JSON's keys as key<TAB>value lines */
    {
        json_t *o = json_object(), *sv = json_array();
        if (!o || !sv) {
            json_decref(o);
            json_decref(sv);
            return ctome_error_nomem();
        }
        json_object_set_new(o, "source", json_string(source));
        json_object_set_new(o, "id", id ? json_string(id) : json_null());
        json_object_set_new(o, "kind", json_string(kind_name(k)));
        json_object_set_new(o, "layer", layer ? json_string(layer) : json_null());
        json_object_set_new(o, "binary", json_boolean(binary));
        json_object_set_new(o, "rows", json_integer((json_int_t)r->rows));
        json_object_set_new(o, "cols", json_integer((json_int_t)r->cols));
        if (k == SRC_RECORDING || k == SRC_COVARIANCE)
            json_object_set_new(o, "samples_dropped_nan", json_integer((json_int_t)r->n_dropped));
        json_object_set_new(o, "effective_rank", cli_json_num(r->effective_rank));
        json_object_set_new(o, "participation_ratio", cli_json_num(r->participation_ratio));
        json_object_set_new(o, "participation_ratio_from", json_string(pr_from(k)));
        json_object_set_new(o, "stable_rank", cli_json_num(r->stable_rank));
        json_object_set_new(o, "spectral_radius", cli_json_num(r->spectral_radius));
        for (size_t i = 0; i < r->n_sv; i++)
            json_array_append_new(sv, json_real(r->sv[i]));
        json_object_set_new(o, "singular_values", sv);
        if (as_json)
            return cli_write_json(stdout, "<stdout>", o);
        cli_print_kv(stdout, o, NULL);
        json_decref(o);
    }
    return ferror(stdout) ? ctome_error(CTOME_EIO, "<stdout>", 0, "cannot write") : CTOME_OK;
}

static int is_recording_id(const char *arg)
{
    for (const char *const *id = ctome_recording_dataset_ids(); *id; id++)
        if (strcmp(*id, arg) == 0)
            return 1;
    return 0;
}

/* The one recording of a bundled id, a recording file or FILE:ID. */
static int run_recording(const char *arg, int covariance, ctome_rank *r, char **id)
{
    ctome_recordings list = {0};
    const ctome_recording *rec = NULL;
    int rc = ctome_recordings_load(cli_datadir(), arg, cli_registry(), &list);
    if (!rc)
        rc = ctome_recordings_single(&list, arg, &rec);
    if (!rc)
        rc = ctome_rank_recording(rec, covariance, r);
    if (!rc && r->n_dropped)
        fprintf(stderr, "ctome rank: note: dropped %zu of %zu samples with a NaN\n", r->n_dropped, rec->n_time);
    if (!rc)
        *id = ctome_strdup(rec->id);
    ctome_recordings_free(&list);
    return rc;
}

const cli_opt cli_opts_rank[] = {
    {"layer", 'l', 'l', "L", "the layer (default chemical); " CLI_LAYER_UNION_HELP, CLI_VAL_ENUM, CLI_LAYERS, 0,
     NULL},
    {"binary", 'b', 'b', NULL, "1 for every edge instead of synapse weights", CLI_VAL_NONE, NULL, 0, NULL},
    {"covariance", 'c', 'c', NULL, "recordings: the covariance matrix instead of the traces", CLI_VAL_NONE, NULL,
     0, NULL},
    {"recording", 'r', 'r', NULL, "read FILE as a recording (Atanas JSON, NWB, Zimmer .mat, CSV)", CLI_VAL_NONE,
     NULL, 0, NULL},
    CLI_OPT_SCOPE,
    CLI_OPT_JSON("one JSON document"),
    CLI_OPT_PLOT("scree figure (.png, .svg or .pdf): singular values (log scale) with the effective rank and "
                 "participation ratio marked, and the cumulative variance"),
    CLI_OPT_END};

int cmd_rank(int argc, char **argv)
{
    const char *layer = NULL, *fig = NULL;
    int binary = 0, covariance = 0, recording = 0, as_json = 0, scope_given = 0, k;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    cli_parser p;
    cli_opts_begin(&p, "rank", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': layer = p.arg; break;
        case 'b': binary = 1; break;
        case 'c': covariance = 1; break;
        case 'r': recording = 1; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("rank", p.arg, &scope))
                return CLI_USAGE;
            scope_given = 1;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    as_json = p.json;
    fig = p.plot;
    int first = p.optind;
    if (first + 1 != argc)
        return cli_usage_error("rank", "name exactly one dataset id, recording id, file or store");
    int oc = cli_output_check("rank", "--plot", fig, CLI_OUT_FIGURE);
    if (oc)
        return oc;
    const char *arg = argv[first];
    src_kind kind = SRC_LAYER;
    if (is_recording_id(arg))
        recording = 1;
    /* A file's kind comes from its content (ctome_input_kind_detect): an edge
     * list with numeric node names is a connectome, not a matrix, and an
     * activity store is a recording. */
    if (!recording && !cli_is_dataset(arg) && !strstr(arg, ".h5:")) {
        ctome_input_kind ik;
        char what[160];
        if (ctome_input_kind_detect(arg, &ik, what, sizeof what))
            return cli_fail();
        if (ik == CTOME_KIND_UNKNOWN)
            return cli_failf("%s is %s; rank needs a connectome, a recording or a matrix of numbers", arg, what);
        if (ik == CTOME_KIND_RECORDING) {
            fprintf(stderr, "ctome rank: note: %s is %s: ranking it as a recording\n", arg, what);
            recording = 1;
        }
        kind = ik == CTOME_KIND_MATRIX ? SRC_MATRIX : SRC_LAYER;
    } else if (recording && !is_recording_id(arg) && !strstr(arg, ".h5:")) {
        ctome_input_kind ik;
        char what[160];
        if (ctome_input_kind_detect(arg, &ik, what, sizeof what))
            return cli_fail();
        /* A CSV recording is a text table too: refuse only what is surely not one. */
        if ((ik == CTOME_KIND_MATRIX && strstr(what, "header") == NULL) ||
            (ik == CTOME_KIND_CONNECTOME && strncmp(what, "a text table", 12) != 0))
            return cli_failf("%s is %s; --recording needs a recording (Atanas JSON, NWB, Zimmer .mat, CSV "
                             "with a time column, or a store written by 'ctome activity')", arg, what);
    }
    if (recording)
        kind = covariance ? SRC_COVARIANCE : SRC_RECORDING;
    else if (cli_is_dataset(arg) || strstr(arg, ".h5:"))
        kind = SRC_LAYER;
    if (covariance && !recording)
        return cli_usage_error("rank", "--covariance applies to recordings only (a recording id or "
                                       "--recording FILE)");
    if ((binary || layer || scope_given) && recording)
        return cli_usage_error("rank", "--layer, --binary and --scope apply to connectomes only");

    ctome_rank r = {0};
    char *id = NULL;
    int rc = CTOME_OK;
    if (recording) {
        rc = run_recording(arg, covariance, &r, &id);
    } else {
        if (kind == SRC_MATRIX) {
            double *a = NULL;
            size_t rows, cols;
            rc = ctome_rank_read_matrix(arg, &a, &rows, &cols);
            if (!rc && (binary || layer || scope_given)) {
                free(a);
                return cli_usage_error("rank", "--layer, --binary and --scope apply to connectomes only");
            } else if (!rc) {
                rc = ctome_rank_matrix(a, rows, cols, CTOME_RANK_PR_GRAM, &r);
            }
            free(a);
        }
        if (!rc && kind == SRC_LAYER) {
            if (!layer)
                layer = "chemical";
            cli_inputs in = {0};
            if (cli_load(arg, &in))
                return cli_fail();
            if (in.n != 1)
                rc = ctome_error(CTOME_EINVAL, arg, 0, "holds %zu connectomes: name one as store.h5:<id>",
                                 in.n);
            if (!rc)
                rc = cli_layer_scope("rank", in.c[0], layer, scope, 0, &used);
            if (!rc)
                rc = ctome_rank_layer(in.c[0], layer, scope, binary, &r);
            if (!rc)
                id = ctome_strdup(in.c[0]->id);
            cli_inputs_free(&in);
        }
    }
    if (!rc)
        rc = print_result(arg, id, kind == SRC_LAYER ? layer : NULL, binary, kind, &r, as_json);
    if (!rc && fig) {
        char title[256];
        if (kind == SRC_LAYER)
            snprintf(title, sizeof title, "%s %s (%s): %zu neurons", id, layer, binary ? "binary" : "weighted",
                     r.rows);
        else
            snprintf(title, sizeof title, "%s (%s): %zu x %zu", id ? id : arg, kind_name(kind), r.rows, r.cols);
        rc = ctome_plot_rank_scree(&r, kind == SRC_COVARIANCE ? CTOME_RANK_PR_PSD : CTOME_RANK_PR_GRAM, title,
                                   fig);
    }
    ctome_rank_free(&r);
    free(id);
    return rc ? cli_fail() : CLI_OK;
}
