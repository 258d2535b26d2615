/* ctome rsa — RDMs, RDM comparisons with permutation p-values and bootstrap
 * intervals, topological transforms (lib/analysis/rsa.h). */
#include "cli.h"
#include "mpi_jobs.h"
#include "outputs.h"
#include "commands.h"
#include "activity.h"
#include "recordings_io.h"
#include "rsa.h"
#include "rsa_figs.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ctome_rdm_method rdm;
    ctome_rsa_method method;
    const char *compare, *plot, *out;
    int gt, geodesic, as_json, threads, recording, mpi;
    double gt_lo, gt_up;
    size_t n_perm, n_boot, bins, folds;
    uint64_t seed;
} rsa_opts;

/* One input: a data table (RDM computed) or an RDM file, transformed. */
typedef struct {
    ctome_rsa_table *t;
    size_t n;
    double *rdm;
    int given;          /* the file was an RDM */
    double gt_l, gt_u;  /* thresholds used (values) */
} rsa_input;

static void input_free(rsa_input *in)
{
    ctome_rsa_table_free(in->t);
    free(in->rdm);
    memset(in, 0, sizeof *in);
}

/* A recording (bundled id or --recording FILE) as a conditions x channels
 * table: `bins` consecutive time windows are the conditions, neurons the
 * channels, `folds` sub-windows per window the crossnobis folds. */
static int load_recording(const char *arg, const rsa_opts *o, ctome_rsa_table **t)
{
    ctome_recordings recs = {0};
    const ctome_recording *r = NULL;
    int rc = ctome_recordings_load(cli_datadir(), arg, cli_registry(), &recs);
    if (!rc)
        rc = ctome_recordings_single(&recs, arg, &r);
    if (!rc)
        rc = ctome_rsa_table_from_traces(r->id, r->n_neurons, r->n_time, r->traces,
                                         (const char *const *)r->labels, o->bins, o->folds, t);
    ctome_recordings_free(&recs);
    return rc;
}

/* 1: a recording (bundled id, --recording, or a file whose content is a
 * recording: NWB, Atanas JSON, Zimmer .mat, an activity store); 0: a data
 * or RDM table; -1 (error recorded): a file of a kind rsa does not read,
 * e.g. an edge list or a connectome store. */
static int is_recording(const char *arg, const rsa_opts *o)
{
    if (o->recording)
        return 1;
    for (const char *const *id = ctome_recording_dataset_ids(); *id; id++)
        if (strcmp(*id, arg) == 0)
            return 1;
    if (cli_is_dataset(arg)) {
        ctome_error(CTOME_EINVAL, NULL, 0,
                    "%s is a connectome dataset; rsa needs a data or RDM table (condition,<channel>...) or a "
                    "recording", arg);
        return -1;
    }
    ctome_input_kind ik;
    char what[160];
    char *file = ctome_recording_source_file(arg);   /* a store's FILE:ID is the store's kind */
    int bad = !file || ctome_input_kind_detect(file, &ik, what, sizeof what);
    free(file);
    if (bad) {
        ctome_error_clear();
        return 0;   /* ctome_rsa_read_csv names what is wrong with the file */
    }
    if (ik == CTOME_KIND_RECORDING)
        return 1;
    /* A data table is text with a condition column: any other connectome
     * format (an edge list naming source and target, GML, a store) is not. */
    if (ik == CTOME_KIND_CONNECTOME && strncmp(what, "a text table", 12) != 0 &&
        strstr(what, "adjacency matrix") == NULL) {
        ctome_error(CTOME_EFORMAT, NULL, 0,
                    "%s is %s; rsa needs a data or RDM table (condition,<channel>...) or a recording", arg, what);
        return -1;
    }
    return 0;
}

static int load(const char *path, const rsa_opts *o, rsa_input *in)
{
    memset(in, 0, sizeof *in);
    int isrec = is_recording(path, o);
    if (isrec < 0)
        return ctome_error_code();
    int rc = isrec ? load_recording(path, o, &in->t) : ctome_rsa_read_csv(path, &in->t);
    if (rc)
        return rc;
    in->n = in->t->n_cond;
    if (in->n < 2) {
        rc = ctome_error(CTOME_EVALUE, path, 0,
                         "an RDM needs at least 2 conditions, the file has %zu ('%s')", in->n,
                         in->t->cond_names[0]);
        goto fail;
    }
    size_t m = ctome_rdm_len(in->n);
    if (!(in->rdm = malloc(m * sizeof *in->rdm))) {
        rc = ctome_error_nomem();
        goto fail;
    }
    if (ctome_rsa_table_rdm(in->t, in->rdm)) {
        in->given = 1;
    } else {
        ctome_rsa_data d;
        ctome_rsa_table_data(in->t, &d);
        if ((rc = ctome_rdm_compute(&d, o->rdm, in->rdm)))
            goto fail;
    }
    if (o->gt || o->geodesic) {
        /* --geodesic alone: the GT with quantiles 0, 1 is the min-max
         * scaling rsatoolbox's geodesic_transform starts from */
        double lo = o->gt ? o->gt_lo : 0, up = o->gt ? o->gt_up : 1;
        if ((rc = ctome_rsa_gt_quantiles(m, in->rdm, lo, up, in->rdm, &in->gt_l, &in->gt_u))) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", ctome_error_message());
            ctome_error(rc, path, 0, "%s", msg);
            goto fail;
        }
    }
    if (o->geodesic && (rc = ctome_rsa_geodesic(in->n, in->rdm, in->rdm)))
        goto fail;
    return CTOME_OK;
fail:
    input_free(in);
    return rc;
}

/* Reorder b's RDM to a's condition order (matched by name). */
static int match(const rsa_input *a, rsa_input *b, const char *path)
{
    if (a->n != b->n)
        return ctome_error(CTOME_EVALUE, path, 0,
                           "RDM sizes differ: %zu conditions here, %zu in the first input", b->n, a->n);
    size_t n = a->n;
    size_t *map = malloc(n * sizeof *map);
    double *r = malloc(ctome_rdm_len(n) * sizeof *r);
    int rc = CTOME_OK;
    if (!map || !r) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        size_t j = 0;
        while (j < n && strcmp(a->t->cond_names[i], b->t->cond_names[j]) != 0)
            j++;
        if (j == n)
            rc = ctome_error(CTOME_ENOTFOUND, path, 0, "condition '%s' of the first input is missing",
                             a->t->cond_names[i]);
        map[i] = j;
    }
    if (rc)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            r[k++] = b->rdm[ctome_rdm_index(n, map[i], map[j])];
    memcpy(b->rdm, r, k * sizeof *r);
done:
    free(map);
    free(r);
    return rc;
}

static int write_rdm(const rsa_input *in, const rsa_opts *o)
{
    size_t n = in->n;
    FILE *fp = stdout;
    ctome_outfile f;
    int rc = CTOME_OK;
    if (o->out) {
        if ((rc = ctome_outfile_open(&f, o->out)))
            return rc;
        fp = f.fp;
    }
    if (o->as_json) {
        json_t *j = json_object(), *names = json_array(), *rows = json_array();
        json_object_set_new(j, "rdm_method", json_string(in->given ? "given" : ctome_rdm_method_name(o->rdm)));
        if (o->gt || o->geodesic) {
            json_object_set_new(j, "gt_low", json_real(in->gt_l));
            json_object_set_new(j, "gt_up", json_real(in->gt_u));
        }
        json_object_set_new(j, "geodesic", json_boolean(o->geodesic));
        if (o->geodesic)
            json_object_set_new(j, "geodesic_departure", json_string(CTOME_RSA_GEODESIC_DEPARTURE));
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(names, json_string(in->t->cond_names[i]));
            json_t *row = json_array();
            for (size_t c = 0; c < n; c++)
                json_array_append_new(row, json_real(i == c ? 0 : in->rdm[ctome_rdm_index(n, i, c)]));
            json_array_append_new(rows, row);
        }
        json_object_set_new(j, "conditions", names);
        json_object_set_new(j, "rdm", rows);
        rc = cli_write_json(fp, o->out ? o->out : "<stdout>", j);
    } else {
        fputs("condition", fp);
        for (size_t i = 0; i < n; i++)
            fprintf(fp, "\t%s", in->t->cond_names[i]);
        fputc('\n', fp);
        for (size_t i = 0; i < n; i++) {
            fputs(in->t->cond_names[i], fp);
            for (size_t c = 0; c < n; c++)
                fprintf(fp, "\t%.10g", i == c ? 0.0 : in->rdm[ctome_rdm_index(n, i, c)]);
            fputc('\n', fp);
        }
    }
    if (o->out && rc)
        ctome_outfile_abort(&f);
    else if (o->out)
        rc = ctome_outfile_commit(&f);
    return rc;
}

typedef struct {
    double value, p, lo, hi, se;
    size_t n_ge, n_valid;
} rsa_result;

static int compare(const rsa_input *a, const rsa_input *b, ctome_rsa_method m, const rsa_opts *o,
                   rsa_result *r)
{
    r->p = r->lo = r->hi = r->se = NAN;
    int rc = ctome_rsa_compare(a->n, a->rdm, b->rdm, m, &r->value);
    if (!rc && o->n_perm)
        rc = ctome_rsa_perm_test_dist(a->n, a->rdm, b->rdm, m, o->n_perm, o->seed, o->threads,
                                      ctome_mpi_dist(), &r->value, &r->p, &r->n_ge);
    if (!rc && o->n_boot)
        rc = ctome_rsa_bootstrap_dist(a->n, a->rdm, b->rdm, m, o->n_boot, o->seed, o->threads,
                                      ctome_mpi_dist(), 0.95, &r->lo, &r->hi, &r->se, &r->n_valid);
    return rc;
}

static int write_comparison(const rsa_input *a, const rsa_input *b, const rsa_result *r,
                            const char *f1, const rsa_opts *o)
{
    FILE *fp = stdout;
    ctome_outfile f;
    int rc = CTOME_OK;
    if (o->out) {
        if ((rc = ctome_outfile_open(&f, o->out)))
            return rc;
        fp = f.fp;
    }
    const char *rdm1 = a->given ? "given" : ctome_rdm_method_name(o->rdm);
    const char *rdm2 = b->given ? "given" : ctome_rdm_method_name(o->rdm);
    if (o->as_json) {
        json_t *j = json_object();
        json_object_set_new(j, "input", json_string(f1));
        json_object_set_new(j, "compare", json_string(o->compare));
        json_object_set_new(j, "rdm_method", json_string(rdm1));
        json_object_set_new(j, "rdm_method_compare", json_string(rdm2));
        json_object_set_new(j, "method", json_string(ctome_rsa_method_name(o->method)));
        json_object_set_new(j, "conditions", json_integer((json_int_t)a->n));
        if (o->gt) {
            json_object_set_new(j, "gt_quantiles", json_pack("[f,f]", o->gt_lo, o->gt_up));
        }
        json_object_set_new(j, "geodesic", json_boolean(o->geodesic));
        if (o->geodesic)
            json_object_set_new(j, "geodesic_departure", json_string(CTOME_RSA_GEODESIC_DEPARTURE));
        json_object_set_new(j, "value", cli_json_num(r->value));
        if (o->n_perm) {
            json_object_set_new(j, "n_perm", json_integer((json_int_t)o->n_perm));
            json_object_set_new(j, "p_perm", cli_json_num(r->p));
        }
        if (o->n_boot) {
            json_object_set_new(j, "n_bootstrap", json_integer((json_int_t)o->n_boot));
            json_object_set_new(j, "n_bootstrap_valid", json_integer((json_int_t)r->n_valid));
            json_object_set_new(j, "ci_level", json_real(0.95));
            json_object_set_new(j, "ci_low", cli_json_num(r->lo));
            json_object_set_new(j, "ci_high", cli_json_num(r->hi));
            json_object_set_new(j, "bootstrap_se", cli_json_num(r->se));
        }
        json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
        rc = cli_write_json(fp, o->out ? o->out : "<stdout>", j);
    } else {
        fprintf(fp, "input\t%s\ncompare\t%s\nrdm_method\t%s\nrdm_method_compare\t%s\n", f1,
                o->compare, rdm1, rdm2);
        fprintf(fp, "method\t%s\nconditions\t%zu\n", ctome_rsa_method_name(o->method), a->n);
        if (o->gt)
            fprintf(fp, "gt_quantiles\t%g,%g\n", o->gt_lo, o->gt_up);
        /* key<TAB>value lines, the keys of the JSON */
        fprintf(fp, "geodesic\t%s\n", o->geodesic ? "true" : "false");
        if (o->geodesic)
            fprintf(fp, "geodesic_departure\t%s\n", CTOME_RSA_GEODESIC_DEPARTURE);
        fprintf(fp, "value\t%.10g\n", r->value);
        if (o->n_perm)
            fprintf(fp, "n_perm\t%zu\np_perm\t%.6g\n", o->n_perm, r->p);
        if (o->n_boot)
            fprintf(fp, "n_bootstrap\t%zu\nn_bootstrap_valid\t%zu\nci_level\t0.95\nci_low\t%.10g\n"
                        "ci_high\t%.10g\nbootstrap_se\t%.10g\n",
                    o->n_boot, r->n_valid, r->lo, r->hi, r->se);
        fprintf(fp, "seed\t%" PRIu64 "\n", o->seed);
    }
    if (o->out && rc)
        ctome_outfile_abort(&f);
    else if (o->out)
        rc = ctome_outfile_commit(&f);
    return rc;
}

/* The bar figure: every comparison method, with bootstrap intervals when
 * --bootstrap was given. */
static int plot_bars(const rsa_input *a, const rsa_input *b, const rsa_opts *o)
{
    enum { K = CTOME_RSA_WHITENED_COSINE + 1 };
    double v[K], lo[K], hi[K];
    const char *labels[K];
    rsa_opts q = *o;
    q.n_perm = 0;
    for (int m = 0; m < K; m++) {
        rsa_result r;
        labels[m] = ctome_rsa_method_name((ctome_rsa_method)m);
        int rc = compare(a, b, (ctome_rsa_method)m, &q, &r);
        if (rc && m != (int)o->method) {   /* e.g. a constant RDM for one method */
            v[m] = 0;
            lo[m] = hi[m] = NAN;
            continue;
        }
        if (rc)
            return rc;
        v[m] = r.value;
        lo[m] = r.lo;
        hi[m] = r.hi;
    }
    char title[200];
    snprintf(title, sizeof title, "RDM comparison (%zu conditions)%s", a->n,
             o->n_boot ? ", 95% bootstrap CI" : "");
    if (!ctome_mpi_root())   /* --mpi: every rank took part in the bootstraps; rank 0 draws */
        return CTOME_OK;
    return ctome_plot_rsa_bars(K, labels, v, lo, hi, "similarity", title, o->plot);
}

/* --gt LOW,UP: two quantiles through the shared number parser (tools/cli.h). */
static int parse_gt(const char *s, rsa_opts *o)
{
    const char *comma = strchr(s, ',');
    char lo[64];
    if (!comma || (size_t)(comma - s) >= sizeof lo)
        return cli_usage_error("rsa", "--gt wants LOW,UP quantiles with 0 <= LOW < UP <= 1, got '%s'", s);
    snprintf(lo, sizeof lo, "%.*s", (int)(comma - s), s);
    int rc = cli_parse_double("rsa", "--gt LOW", lo, 0, 1, &o->gt_lo);
    if (!rc)
        rc = cli_parse_double("rsa", "--gt UP", comma + 1, 0, 1, &o->gt_up);
    if (!rc && !(o->gt_lo < o->gt_up))
        rc = cli_usage_error("rsa", "--gt wants LOW,UP quantiles with 0 <= LOW < UP <= 1, got '%s'", s);
    o->gt = !rc;
    return rc;
}

const cli_opt cli_opts_rsa[] = {
    {"rdm", 0, 'r', "M",
     "sqeuclidean (|x-y|^2/channels, default), correlation (1-r), mahalanobis, crossnobis (leave-one-fold-out); "
     "the last two use rsatoolbox's shrinkage_diag covariance of the residuals",
     CLI_VAL_ENUM, "sqeuclidean|correlation|mahalanobis|crossnobis", 0, NULL},
    {"compare", 0, 'c', "FILE2", "a second data or RDM file; conditions matched by name", CLI_VAL_FILE, NULL, 0,
     NULL},
    {"method", 0, 'm', "C", "spearman (default), pearson, cosine, kendall (tau-a), rho-a, whitened-cosine",
     CLI_VAL_ENUM, "spearman|pearson|cosine|kendall|rho-a|whitened-cosine", 0, NULL},
    {"gt", 0, 'g', "LOW,UP", "geo-topological transform, per-RDM quantiles LOW < UP in [0,1]", CLI_VAL_TEXT, NULL,
     0, NULL},
    {"geodesic", 0, 'G', NULL,
     "shortest paths over the GT graph (after --gt; alone: GT 0,1), divided by the largest, unconnected pairs 1 "
     "(departs from rsatoolbox: unscaled, inf; comparisons are scale-invariant)",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"nulls", 0, 'P', "N", "permutation test over conditions with N permutations: p = (1 + #>=) / (1 + N)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"bootstrap", 0, 'B', "N", "95% interval from N condition bootstrap samples", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"seed", 0, 's', "S",
     "default 1; permutation/sample i uses random stream i, so results are identical for any --threads",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 0, 't', "T", "default: all cores", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"mpi", 0, 1001, NULL,
     "split permutations and bootstrap samples over MPI ranks (under mpirun -np K); same bytes as one process",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"recording", 0, 'R', NULL, "read the input as a recording (bundled id, file, FILE:ID)", CLI_VAL_NONE, NULL, 0,
     NULL},
    {"bins", 0, 'b', "N", "recordings: time windows as conditions (default 20)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"folds", 0, 'f', "N", "recordings: sub-windows per window as crossnobis folds (default 2)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "the RDM or comparison (text, as on stdout) to FILE, written atomically",
     CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_JSON("JSON instead of the TSV RDM or the key<TAB>value comparison (the same keys)"),
    CLI_OPT_PLOT("RDM heatmap in average-linkage order; with --compare, bars of every comparison method with "
                 "bootstrap intervals"),
    CLI_OPT_QUIET,
    CLI_OPT_ALIAS("perm", "nulls"),
    CLI_OPT_END};

int cmd_rsa(int argc, char **argv)
{
    rsa_opts o = {.rdm = CTOME_RDM_SQEUCLIDEAN, .method = CTOME_RSA_SPEARMAN, .seed = 1,
                  .bins = 20, .folds = 2};
    int k, prc;
    cli_parser p;
    cli_opts_begin(&p, "rsa", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'r':
            if (ctome_rdm_method_parse(p.arg, &o.rdm))
                return cli_usage_error("rsa", "%s", ctome_error_message());
            break;
        case 'm':
            if (ctome_rsa_method_parse(p.arg, &o.method))
                return cli_usage_error("rsa", "%s", ctome_error_message());
            break;
        case 'c': o.compare = p.arg; break;
        case 'g':
            if ((prc = parse_gt(p.arg, &o)))
                return prc;
            break;
        case 'G': o.geodesic = 1; break;
        case 'P':
            if ((prc = cli_parse_size("rsa", p.opt, p.arg, 1, CLI_MAX_NULLS, &o.n_perm)))
                return prc;
            break;
        case 'B':
            if ((prc = cli_parse_size("rsa", p.opt, p.arg, 2, CLI_MAX_NULLS, &o.n_boot)))
                return prc;
            break;
        case 's':
            if ((prc = cli_parse_u64("rsa", p.opt, p.arg, 0, UINT64_MAX, &o.seed)))
                return prc;
            break;
        case 't':
            if ((prc = cli_parse_int("rsa", p.opt, p.arg, 1, CLI_MAX_THREADS, &o.threads)))
                return prc;
            break;
        case 'o': o.out = p.arg; break;
        case 'R': o.recording = 1; break;
        case 'b':
            if ((prc = cli_parse_size("rsa", p.opt, p.arg, 2, 100000000, &o.bins)))
                return prc;
            break;
        case 'f':
            if ((prc = cli_parse_size("rsa", p.opt, p.arg, 1, 100000000, &o.folds)))
                return prc;
            break;
        case 1001: o.mpi = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    o.as_json = p.json;
    o.plot = p.plot;
    int first = p.optind;
    if (first + 1 != argc)
        return cli_usage_error("rsa", "name exactly one data or RDM file");
    if ((o.n_perm || o.n_boot) && !o.compare)
        return cli_usage_error("rsa", "--nulls and --bootstrap need --compare FILE2");
    if ((prc = cli_output_check("rsa", "--output", o.out, CLI_OUT_TEXT)) ||
        (prc = cli_output_check("rsa", "--plot", o.plot, CLI_OUT_FIGURE)))
        return prc;
    /* --mpi: permutations and bootstrap samples split over the ranks
     * (compare() hands ctome_mpi_dist() to the library); rank 0 writes */
    if (o.mpi && ctome_mpi_init())
        return cli_fail();
    rsa_input a = {0}, b = {0};
    int rc = load(argv[first], &o, &a);
    if (!rc && o.compare) {
        rc = load(o.compare, &o, &b);
        if (!rc)
            rc = match(&a, &b, o.compare);
    }
    rsa_result r = {0};
    if (!rc && o.compare)
        rc = compare(&a, &b, o.method, &o, &r);
    if (!rc && o.plot) {
        if (o.compare) {
            rc = plot_bars(&a, &b, &o);
        } else if (ctome_mpi_root()) {
            char title[200], cbar[120];
            char tr[80] = "";
            if (o.gt)
                snprintf(tr, sizeof tr, ", GT %g-%g%s", o.gt_lo, o.gt_up, o.geodesic ? " + geodesic" : "");
            else if (o.geodesic)
                snprintf(tr, sizeof tr, ", geodesic");
            snprintf(title, sizeof title, "%s RDM%s, %zu conditions (average-linkage order)",
                     a.given ? "given" : ctome_rdm_method_name(o.rdm), tr, a.n);
            snprintf(cbar, sizeof cbar, "%s%s", o.geodesic ? "geodesic " : o.gt ? "GT " : "",
                     a.given ? "dissimilarity" : ctome_rdm_method_name(o.rdm));
            rc = ctome_plot_rsa_rdm(a.n, a.rdm, (const char *const *)a.t->cond_names, title, cbar, o.plot);
        }
    }
    if (!rc && ctome_mpi_root())
        rc = o.compare ? write_comparison(&a, &b, &r, argv[first], &o) : write_rdm(&a, &o);
    input_free(&a);
    input_free(&b);
    return rc ? cli_fail() : CLI_OK;
}
