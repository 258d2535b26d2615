/* ctome activity — homogenise activity recordings (lib/analysis/activity.h)
 * and write them to an HDF5 store; optional trace figures. */
#include "activity.h"
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "recordings_io.h"
#include "store_recording.h"
#include "trace_figs.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ctome_activity_opts h;
    const char *out, *plot, *neurons;
    int quiet, as_json;
} act_opts;

/* One column list for the TSV header and the JSON keys (--json writes the
 * same names). */
static const char *const COLS[] = {"id", "neurons_in", "neurons_out", "dropped", "samples_in", "samples_out",
                                   "dt_in", "dt"};

static json_t *row_json(const char *id, const ctome_activity_report *r)
{
    json_t *d = json_array();
    for (size_t k = 0; k < r->n_dropped; k++)
        json_array_append_new(d, json_pack("{s:s, s:s}", "neuron", r->dropped[k].label, "reason",
                                           r->dropped[k].reason));
    json_t *o = json_object();
    json_object_set_new(o, COLS[0], json_string(id));
    json_object_set_new(o, COLS[1], json_integer((json_int_t)r->n_in));
    json_object_set_new(o, COLS[2], json_integer((json_int_t)r->n_out));
    json_object_set_new(o, COLS[3], json_integer((json_int_t)r->n_dropped));
    json_object_set_new(o, COLS[4], json_integer((json_int_t)r->n_time_in));
    json_object_set_new(o, COLS[5], json_integer((json_int_t)r->n_time_out));
    json_object_set_new(o, COLS[6], cli_json_num(r->dt_in));
    json_object_set_new(o, COLS[7], json_real(r->dt_out));
    json_object_set_new(o, "time_gaps", json_integer((json_int_t)r->n_time_gaps));
    json_object_set_new(o, "dropped_neurons", d);
    return o;
}

/* Read one source (a bundled recording id, a file or FILE:ID) into `list`
 * (ctome_recordings_load names the recordings). */
static int load_source(const char *arg, ctome_recordings *list)
{
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return ctome_error_code();
    return ctome_recordings_load(cli_datadir(), arg, reg, list);
}

/* FIG itself for one recording, FIG_<id>.ext for several. */
static char *plot_path(const char *plot, const char *id, int many)
{
    size_t n = strlen(plot) + strlen(id) + 2;
    char *p = malloc(n);
    if (!p)
        return NULL;
    const char *dot = strrchr(plot, '.');
    if (!many || !dot)
        snprintf(p, n, "%s", plot);
    else
        snprintf(p, n, "%.*s_%s%s", (int)(dot - plot), plot, id, dot);
    return p;
}

/* Split "AVAL,AVAR" into names (pointers into the copy *buf). */
static int split_names(const char *s, char **buf, const char ***names, size_t *n)
{
    *n = 0;
    *names = NULL;
    if (!s)
        return CTOME_OK;
    *buf = ctome_strdup(s);
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    *names = malloc(cap * sizeof **names);
    if (!*buf || !*names)
        return ctome_error_nomem();
    for (char *tok = strtok(*buf, ","); tok; tok = strtok(NULL, ","))
        (*names)[(*n)++] = tok;
    return CTOME_OK;
}

static int run(ctome_recordings *in, const act_opts *o)
{
    ctome_recordings done = {0};
    ctome_store *s = NULL;
    char *namebuf = NULL;
    const char **names = NULL;
    size_t n_names = 0, n_skipped = 0;
    int rc = split_names(o->neurons, &namebuf, &names, &n_names);
    ctome_activity_report *rep = calloc(in->n ? in->n : 1, sizeof *rep);
    if (!rc && !rep)
        rc = ctome_error_nomem();
    /* everything is homogenised before the store is created: a bad recording
     * stops the batch with nothing written */
    for (size_t i = 0; !rc && i < in->n; i++) {
        ctome_recording *h = NULL;
        rc = ctome_activity_homogenise(in->r[i], &o->h, &h, &rep[i]);
        if (!rc && h)
            rc = ctome_recordings_push(&done, h);
        n_skipped += !rc && rep[i].skipped;
    }
    if (!rc && !done.n)
        rc = ctome_error(CTOME_EVALUE, o->out, 0, "no recording is long enough (%zu skipped; minimum %zu samples)",
                         n_skipped, o->h.min_length);
    if (!rc)
        rc = ctome_store_create(o->out, &s);
    for (size_t i = 0; !rc && i < done.n; i++)
        rc = ctome_store_put_recording(s, done.r[i]);
    for (size_t i = 0; !rc && o->plot && i < done.n; i++) {
        char *p = plot_path(o->plot, done.r[i]->id, done.n > 1);
        rc = p ? ctome_plot_traces(done.r[i], names, n_names,
                                   o->h.zscore ? CTOME_CMAP_DIVERGING : CTOME_CMAP_VIRIDIS, p)
               : ctome_error_nomem();
        if (!rc && !o->quiet)
            fprintf(stderr, "ctome activity: figure written to %s\n", p);
        free(p);
    }
    if (s)
        rc = rc ? (ctome_store_abort(s), rc) : ctome_store_commit(s);
    if (!rc) {
        /* stdout: one table (or one JSON document); skipped recordings and
         * dropped neurons are said on stderr -- a skipped input changes what
         * the store holds, so it is said even with --quiet */
        json_t *rows = o->as_json ? json_array() : NULL, *skipped = o->as_json ? json_array() : NULL;
        if (!o->as_json)
            for (size_t c = 0; c < sizeof COLS / sizeof *COLS; c++)
                printf("%s%c", COLS[c], c + 1 < sizeof COLS / sizeof *COLS ? '\t' : '\n');
        for (size_t i = 0; i < in->n; i++) {
            const ctome_activity_report *r = &rep[i];
            if (r->skipped) {
                fprintf(stderr, "ctome activity: skipped %s: %s\n", in->r[i]->id, r->skip_reason);
                if (skipped)
                    json_array_append_new(skipped, json_pack("{s:s, s:s}", "id", in->r[i]->id, "reason",
                                                             r->skip_reason));
                continue;
            }
            if (rows)
                json_array_append_new(rows, row_json(in->r[i]->id, r));
            else
                printf("%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%.6g\t%.6g\n", in->r[i]->id, r->n_in, r->n_out,
                       r->n_dropped, r->n_time_in, r->n_time_out, r->dt_in, r->dt_out);
            for (size_t k = 0; !o->quiet && k < r->n_dropped; k++)
                fprintf(stderr, "ctome activity: %s: dropped %s: %s\n", in->r[i]->id, r->dropped[k].label,
                        r->dropped[k].reason);
            if (!o->quiet && r->n_time_gaps)
                fprintf(stderr, "ctome activity: %s: %zu gaps in time longer than %g x the median step left "
                                "as NaN\n", in->r[i]->id, r->n_time_gaps, o->h.gap_factor);
        }
        if (rows) {
            json_t *doc = json_pack("{s:o, s:o, s:s, s:I}", "recordings", rows, "skipped", skipped, "output",
                                    o->out, "min_length", (json_int_t)o->h.min_length);
            rc = cli_write_json(stdout, "<stdout>", doc);
        }
        if (!o->quiet)
            fprintf(stderr, "ctome activity: %zu recording%s written to %s:/recordings/\n", done.n,
                    done.n == 1 ? "" : "s", o->out);
    }
    for (size_t i = 0; rep && i < in->n; i++)
        ctome_activity_report_free(&rep[i]);
    free(rep);
    ctome_recordings_free(&done);
    free(namebuf);
    free(names);
    return rc;
}

const cli_opt cli_opts_activity[] = {
    {"output", 'o', 'o', "FILE", "the store to write (required; HDF5, written atomically)", CLI_VAL_FILE, NULL, 0,
     NULL},
    {"dt", 0, 'd', "S", "output step in seconds (default 0.333)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"smooth", 0, 's', "K",
     "none (default); moving:N centred mean of N samples; gauss:SIGMA Gaussian of SIGMA s (truncated at 4 sigma); "
     "exp:ALPHA causal exponential, 0 < ALPHA <= 1",
     CLI_VAL_TEXT, NULL, 0, NULL},
    {"no-zscore", 0, 'Z', NULL, "keep the original units", CLI_VAL_NONE, NULL, 0, NULL},
    {"max-nan-run", 0, 'N', "F", "fraction of the recording (default 0.05)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"min-length", 0, 'L', "N", "samples after resampling (default 600)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"gap-factor", 0, 'g', "G", "default 3", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"neurons", 0, 'n', "LIST",
     "traces to draw (default: AVAL, AVAR, AVBL, AVBR, RIML, RIMR, AIBL, AIBR where present)", CLI_VAL_TEXT, NULL,
     0, NULL},
    CLI_OPT_PLOT("heatmap of all neurons and stacked traces (.png/.svg/.pdf; PATH_<id>.ext for each recording "
                 "when several, each named on stderr)"),
    CLI_OPT_JSON("one JSON document instead of the table"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_activity(int argc, char **argv)
{
    act_opts o = {0};
    ctome_activity_opts_default(&o.h);
    int k, prc;
    double v;
    cli_parser p;
    cli_opts_begin(&p, "activity", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'o': o.out = p.arg; break;
        case 'd':
            if ((prc = cli_parse_double("activity", p.opt, p.arg, 0, DBL_MAX, &v)))
                return prc;
            if (!(v > 0))
                return cli_usage_error("activity", "--dt must be a positive number of seconds, not '%s'", p.arg);
            o.h.dt = v;
            break;
        case 's':
            if (ctome_activity_parse_smooth(p.arg, &o.h))
                return cli_usage_error("activity", "--smooth must be none, moving:N, gauss:SIGMA or exp:ALPHA, "
                                                   "not '%s'", p.arg);
            break;
        case 'Z': o.h.zscore = 0; break;
        case 'N':
            if ((prc = cli_parse_double("activity", p.opt, p.arg, 0, 1, &v)))
                return prc;
            if (!(v >= 0 && v < 1))
                return cli_usage_error("activity", "--max-nan-run must be a fraction in [0, 1), not '%s'", p.arg);
            o.h.max_nan_run = v;
            break;
        case 'L':
            if ((prc = cli_parse_size("activity", p.opt, p.arg, 1, SIZE_MAX, &o.h.min_length)))
                return prc;
            break;
        case 'g':
            if ((prc = cli_parse_double("activity", p.opt, p.arg, 1, DBL_MAX, &v)))
                return prc;
            if (!(v > 1))
                return cli_usage_error("activity", "--gap-factor must be a number > 1, not '%s'", p.arg);
            o.h.gap_factor = v;
            break;
        case 'n': o.neurons = p.arg; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    o.plot = p.plot;
    o.quiet = p.quiet;
    o.as_json = p.json;
    int first = p.optind;
    if (first >= argc)
        return cli_usage_error("activity", "name at least one recording (file or bundled id)");
    if (!o.out)
        return cli_usage_error("activity", "-o store.h5 is required");
    if (o.neurons && !o.plot)
        return cli_usage_error("activity", "--neurons chooses the traces of --plot; give --plot FIG");
    if ((prc = cli_output_check("activity", "--output", o.out, CLI_OUT_STORE)) ||
        (prc = cli_output_check("activity", "--plot", o.plot, CLI_OUT_FIGURE)))
        return prc;
    ctome_recordings in = {0};
    int rc = CTOME_OK;
    for (int i = first; !rc && i < argc; i++)
        rc = load_source(argv[i], &in);
    if (!rc)
        rc = run(&in, &o);
    ctome_recordings_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
