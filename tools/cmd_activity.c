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
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ctome_activity_opts h;
    const char *out, *plot, *neurons;
    int quiet;
} act_opts;

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
        free(p);
    }
    if (s)
        rc = rc ? (ctome_store_abort(s), rc) : ctome_store_commit(s);
    if (!rc) {
        printf("id\tneurons_in\tneurons_out\tdropped\tsamples_in\tsamples_out\tdt_in\tdt\n");
        for (size_t i = 0; i < in->n; i++) {
            const ctome_activity_report *r = &rep[i];
            if (r->skipped)
                continue;
            printf("%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%.6g\t%.6g\n", in->r[i]->id, r->n_in, r->n_out, r->n_dropped,
                   r->n_time_in, r->n_time_out, r->dt_in, r->dt_out);
            for (size_t k = 0; !o->quiet && k < r->n_dropped; k++)
                fprintf(stderr, "ctome activity: %s: dropped %s: %s\n", in->r[i]->id, r->dropped[k].label,
                        r->dropped[k].reason);
            if (!o->quiet && r->n_time_gaps)
                fprintf(stderr, "ctome activity: %s: %zu gaps in time longer than %g x the median step left "
                                "as NaN\n", in->r[i]->id, r->n_time_gaps, o->h.gap_factor);
        }
        for (size_t i = 0; i < in->n; i++)
            if (rep[i].skipped)
                printf("# skipped\t%s\t%s\n", in->r[i]->id, rep[i].skip_reason);
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

int cmd_activity(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"dt", required_argument, 0, 'd'},
                                         {"smooth", required_argument, 0, 's'},
                                         {"no-zscore", no_argument, 0, 'Z'},
                                         {"max-nan-run", required_argument, 0, 'N'},
                                         {"min-length", required_argument, 0, 'L'},
                                         {"gap-factor", required_argument, 0, 'g'},
                                         {"plot", required_argument, 0, 'p'},
                                         {"neurons", required_argument, 0, 'n'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    act_opts o = {0};
    ctome_activity_opts_default(&o.h);
    int ch, prc;
    double v;
    while ((ch = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': o.out = optarg; break;
        case 'd':
            if ((prc = cli_parse_double("activity", "--dt", optarg, 0, DBL_MAX, &v)))
                return prc;
            if (!(v > 0))
                return cli_usage_error("activity", "--dt must be a positive number of seconds, not '%s'", optarg);
            o.h.dt = v;
            break;
        case 's':
            if (ctome_activity_parse_smooth(optarg, &o.h))
                return cli_usage_error("activity", "--smooth must be none, moving:N, gauss:SIGMA or exp:ALPHA, "
                                                   "not '%s'", optarg);
            break;
        case 'Z': o.h.zscore = 0; break;
        case 'N':
            if ((prc = cli_parse_double("activity", "--max-nan-run", optarg, 0, 1, &v)))
                return prc;
            if (!(v >= 0 && v < 1))
                return cli_usage_error("activity", "--max-nan-run must be a fraction in [0, 1), not '%s'", optarg);
            o.h.max_nan_run = v;
            break;
        case 'L':
            if ((prc = cli_parse_size("activity", "--min-length", optarg, 1, SIZE_MAX, &o.h.min_length)))
                return prc;
            break;
        case 'g':
            if ((prc = cli_parse_double("activity", "--gap-factor", optarg, 1, DBL_MAX, &v)))
                return prc;
            if (!(v > 1))
                return cli_usage_error("activity", "--gap-factor must be a number > 1, not '%s'", optarg);
            o.h.gap_factor = v;
            break;
        case 'p': o.plot = optarg; break;
        case 'n': o.neurons = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'h': cli_print_usage(stdout, "activity"); return CLI_OK;
        default: return cli_usage_error("activity", "bad option");
        }
    }
    if (optind >= argc)
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
    for (int i = optind; !rc && i < argc; i++)
        rc = load_source(argv[i], &in);
    if (!rc)
        rc = run(&in, &o);
    ctome_recordings_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
