/* ctome dfc — dynamic functional connectomes (lib/analysis/dfc.h): windowed
 * affinities -> masked non-negative tensor factorisation -> communities per
 * affinity factor; optional relations to structural modules and the Randi
 * 2023 atlas, a store, figures, and a planted benchmark. */
#include "activity.h"
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "dfc_cli.h"
#include "dfc.h"
#include "dfc_figs.h"
#include "recordings_io.h"
#include "store_dfc.h"
#include "store_recording.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What the community step was, where the result is printed (docs/dfc.md). */
static const char *comm_note(int method)
{
    switch (method) {
    case CTOME_DFC_COMM_LOUVAIN:
        return "communities: Louvain (modularity objective), best of --runs seeds, not the paper's nested weighted "
               "stochastic block model (graph-tool has no C interface); see docs/dfc.md";
    case CTOME_DFC_COMM_WALKTRAP:
        return "communities: Walktrap (4-step random walks, cut at the largest modularity), not the paper's nested "
               "weighted stochastic block model (graph-tool has no C interface); see docs/dfc.md";
    case CTOME_DFC_COMM_INFOMAP:
        return "communities: Infomap (map equation, --runs trials), not the paper's nested weighted stochastic block "
               "model (graph-tool has no C interface); see docs/dfc.md";
    case CTOME_DFC_COMM_WSBM:
        return "communities: weighted stochastic block model (Aicher, Jacobs & Clauset 2015: exponential weights, "
               "Gamma priors, variational Bayes, K = 1..6 blocks with 10 seeded starts each, K by the largest "
               "variational bound); departs from the paper's nested weighted SBM (graph-tool): one flat level, no "
               "degree correction, K by the bound not the description length; see docs/dfc.md";
    case CTOME_DFC_COMM_FASTGREEDY:
        return "communities: fast greedy modularity (Clauset-Newman-Moore), not the paper's nested weighted "
               "stochastic block model (graph-tool has no C interface); see docs/dfc.md";
    default:
        return "communities: Leiden (modularity objective) with consensus over seeds, not the paper's nested "
               "weighted stochastic block model (graph-tool has no C interface); see docs/dfc.md";
    }
}

/* Numbers through the shared parsers (tools/cli.h): one message shape.  A
 * length in seconds must be > 0, said in the same shape. */
static int seconds(const char *opt, const char *text, double *v)
{
    int rc = cli_parse_double("dfc", opt, text, 0, 1e9, v);
    if (!rc && !(*v > 0))
        rc = cli_usage_error("dfc", "%s %s: out of range (a number > 0 and <= 1e+09)", opt, text);
    return rc;
}

/* A bundled id, a recording file, a store's /recordings (every one) or
 * FILE:ID (ctome_recordings_load). */
static int load_source(const char *arg, ctome_recordings *list)
{
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return ctome_error_code();
    return ctome_recordings_load(cli_datadir(), arg, reg, list);
}

int dfc_inputs(const dfc_opts *o, const char *const *srcs, int n_src, ctome_recordings *hom)
{
    ctome_recordings raw = {0};
    int rc = CTOME_OK;
    for (int i = 0; !rc && i < n_src; i++)
        rc = load_source(srcs[i], &raw);
    ctome_activity_opts h;
    ctome_activity_opts_default(&h);
    h.dt = o->dt;
    h.min_length = 3;
    for (size_t i = 0; !rc && i < raw.n; i++) {
        ctome_recording *r = NULL;
        ctome_activity_report rep;
        rc = ctome_activity_homogenise(raw.r[i], &h, &r, &rep);
        if (!rc && !o->quiet && rep.n_dropped)
            fprintf(stderr, "ctome dfc: %s: %zu neuron%s dropped in homogenisation (first: %s: %s)\n", raw.r[i]->id,
                    rep.n_dropped, rep.n_dropped == 1 ? "" : "s", rep.dropped[0].label, rep.dropped[0].reason);
        ctome_activity_report_free(&rep);
        if (!rc && r)
            rc = ctome_recordings_push(hom, r);
    }
    ctome_recordings_free(&raw);
    return rc;
}

static char *plot_path(const char *prefix, const char *what)
{
    const char *dot = strrchr(prefix, '.');
    const char *slash = strrchr(prefix, '/');
    if (dot && slash && dot < slash)
        dot = NULL;
    size_t n = strlen(prefix) + strlen(what) + 8;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s_%s%s", dot ? (int)(dot - prefix) : (int)strlen(prefix), prefix, what, dot ? dot : ".png");
    return p;
}

/* Every output is checked before the work (the shared check of tools/outputs.c). */
static int check_outputs(const dfc_opts *o)
{
    int rc = cli_output_check("dfc", "--output", o->out, CLI_OUT_STORE);
    const char *what[3] = {"loadings", "factors", "somas"};
    for (int i = 0; !rc && o->plot && i < 3; i++) {
        char *p = plot_path(o->plot, what[i]);
        if (!p)
            return cli_failf("out of memory");
        rc = cli_output_check("dfc", "--plot", p, CLI_OUT_FIGURE);
        free(p);
    }
    return rc;
}

static const char *REF_NAME[2] = {"cook2019-herm:chemical", "randi2023-funconn:functional"};

static int relations(const dfc_opts *o, dfc_result *res)
{
    size_t N = res->t.n_neurons, R = res->rank;
    const char *ids[2] = {"cook2019-herm", "randi2023-funconn"}, *layers[2] = {"chemical", "functional"};
    int32_t *lab = malloc(N * sizeof *lab), *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    res->rel_nmi = calloc(R * 2, sizeof *res->rel_nmi);
    res->rel_ari = calloc(R * 2, sizeof *res->rel_ari);
    res->rel_pn = calloc(R * 2, sizeof *res->rel_pn);
    res->rel_pa = calloc(R * 2, sizeof *res->rel_pa);
    res->rel_n = calloc(R * 2, sizeof *res->rel_n);
    int rc = lab && a && b && res->rel_nmi && res->rel_ari && res->rel_pn && res->rel_pa && res->rel_n
                 ? CTOME_OK : ctome_error_nomem();
    for (int q = 0; !rc && q < 2; q++) {
        cli_inputs in = {0};
        rc = cli_load(ids[q], &in);
        if (!rc)
            rc = ctome_dfc_layer_modules(in.c[0], layers[q], (const char *const *)res->t.neurons, N, o->comm.runs,
                                         o->comm.seed, lab, &res->ref_modules[q]);
        cli_inputs_free(&in);
        for (size_t r = 0; !rc && r < R; r++) {
            /* neurons recorded and in the reference: dynamic label = coherent
             * community, or -1 (the background class) */
            size_t m = 0;
            for (size_t i = 0; i < N; i++)
                if (lab[i] >= 0) {
                    a[m] = res->comm[r].coherent ? res->comm[r].coherent[i] : -1;
                    b[m++] = lab[i];
                }
            size_t idx = r * 2 + (size_t)q;
            res->rel_n[idx] = m;
            if (m < 2) {
                res->rel_nmi[idx] = res->rel_ari[idx] = res->rel_pn[idx] = res->rel_pa[idx] = NAN;
                continue;
            }
            rc = ctome_partition_compare(a, b, m, o->perms, o->ntf.seed + 1000 * (uint64_t)(idx + 1),
                                         &res->rel_nmi[idx], &res->rel_ari[idx], &res->rel_pn[idx],
                                         &res->rel_pa[idx]);
        }
    }
    res->have_rel = !rc;
    free(lab);
    free(a);
    free(b);
    return rc;
}

void dfc_opts_default(dfc_opts *o)
{
    memset(o, 0, sizeof *o);
    ctome_dfc_affinity_opts_default(&o->aff);
    ctome_dfc_ntf_opts_default(&o->ntf);
    ctome_dfc_comm_opts_default(&o->comm);
    o->dt = 0.333;
    o->stability = 0.9;
    o->rank_max = 6;
    o->perms = 1000;
    o->planted = -1;
    o->planted_worms = 4;
    o->run_id = "dfc";
}

int dfc_compute(const dfc_opts *o, ctome_recordings *rec, dfc_result *res)
{
    int rc = ctome_dfc_affinity((const ctome_recording *const *)rec->r, rec->n, &o->aff, &res->t);
    if (rc)
        return rc;
    if (!o->quiet) {
        fprintf(stderr, "ctome dfc: %zu worm%s, %zu neurons (%zu pairs), %zu windows of %g s every %g s (dt %g s)\n",
                res->t.n_worms, res->t.n_worms == 1 ? "" : "s", res->t.n_neurons, res->t.n_pairs, res->t.n_windows,
                res->t.window_s, res->t.step_s, res->t.dt);
        if (fabs(res->t.window_s - o->aff.window_s) > 1e-9 || fabs(res->t.step_s - o->aff.step_s) > 1e-9)
            fprintf(stderr, "ctome dfc: note: window and step rounded to whole samples: %g s and %g s (asked %g, %g)\n",
                    res->t.window_s, res->t.step_s, o->aff.window_s, o->aff.step_s);
        if (res->t.n_unlabelled)
            fprintf(stderr, "ctome dfc: note: %zu unlabelled ROI%s left out (they cannot be matched across worms)\n",
                    res->t.n_unlabelled, res->t.n_unlabelled == 1 ? "" : "s");
        if (res->t.n_short_windows)
            fprintf(stderr, "ctome dfc: note: %zu window%s masked: fewer than %g of the samples finite\n",
                    res->t.n_short_windows, res->t.n_short_windows == 1 ? "" : "s", o->aff.min_frac);
    }
    ctome_dfc_ntf_opts q = o->ntf;
    if (o->rank_max) {
        res->rank_err = calloc(o->rank_max, sizeof *res->rank_err);
        res->rank_stab = calloc(o->rank_max, sizeof *res->rank_stab);
        if (!res->rank_err || !res->rank_stab)
            return ctome_error_nomem();
        rc = ctome_dfc_select_rank(&res->t, &q, 1, o->rank_max, o->stability, res->rank_err, res->rank_stab,
                                   &q.rank);
        if (rc)
            return rc;
    }
    res->rank = q.rank;
    rc = ctome_dfc_ntf_fit(&res->t, &q, &res->fit);
    if (rc)
        return rc;
    const ctome_dfc_factors *b = &res->fit.start[res->fit.best];
    if (!o->quiet) {
        fprintf(stderr, "ctome dfc: rank %zu%s; best of %zu starts: start %zu, relative error %.4f, %s after %zu "
                "iterations; %zu of %zu starts converged; stability %.3f\n", res->rank,
                o->rank_max ? " (largest rank with stability >= threshold)" : "", res->fit.n_starts, res->fit.best,
                b->rel_error, b->converged ? "converged" : "NOT converged (max-iter reached)", b->iterations,
                res->fit.n_converged, res->fit.n_starts, res->fit.stability);
        fprintf(stderr, "ctome dfc: %s\n", comm_note(o->comm.method));
    }
    size_t N = res->t.n_neurons, P = res->t.n_pairs, R = res->rank;
    res->comm = calloc(R, sizeof *res->comm);
    double *f = malloc(P * sizeof *f);
    if (!res->comm || !f) {
        free(f);
        return ctome_error_nomem();
    }
    for (size_t r = 0; !rc && r < R; r++) {
        for (size_t p = 0; p < P; p++)
            f[p] = b->f[p * R + r];
        ctome_dfc_comm_opts co = o->comm;
        co.seed = o->comm.seed + r;
        rc = ctome_dfc_communities(f, N, &co, &res->comm[r]);
        if (rc == CTOME_EVALUE) {
            /* a factor with fewer than 2 active neurons has no communities */
            if (!o->quiet)
                fprintf(stderr, "ctome dfc: note: component %zu: %s\n", r + 1, ctome_error_message());
            ctome_dfc_comm_clear(&res->comm[r]);
            rc = CTOME_OK;
        }
    }
    free(f);
    if (!rc && o->relations)
        rc = relations(o, res);
    return rc;
}

/* The store view of a result (arrays borrowed). */
void dfc_to_store(const dfc_opts *o, const dfc_result *res, ctome_store_dfc *d, int32_t *mem, int32_t *coh)
{
    const ctome_dfc_factors *b = &res->fit.start[res->fit.best];
    size_t N = res->t.n_neurons, R = res->rank;
    for (size_t r = 0; r < R; r++)
        for (size_t i = 0; i < N; i++) {
            mem[r * N + i] = res->comm[r].membership ? res->comm[r].membership[i] : -1;
            coh[r * N + i] = res->comm[r].coherent ? res->comm[r].coherent[i] : -1;
        }
    *d = (ctome_store_dfc){.n_neurons = N, .n_worms = res->t.n_worms, .n_windows = res->t.n_windows,
                           .n_pairs = res->t.n_pairs, .rank = R, .iterations = b->iterations,
                           .window_s = res->t.window_s, .step_s = res->t.step_s, .dt = res->t.dt,
                           .rel_error = b->rel_error, .stability = res->fit.stability, .starts = res->fit.n_starts,
                           .best_start = res->fit.best, .seed = o->ntf.seed, .converged = b->converged,
                           .neurons = res->t.neurons, .worms = res->t.worms, .window_t0 = res->t.window_t0,
                           .window_ok = res->t.window_ok, .present = res->t.present, .affinity = res->t.x,
                           .temporal = b->t, .animal = b->a, .factors = b->f, .lambda = b->lambda, .loss = b->loss,
                           .membership = mem, .coherent = coh, .community_method = comm_note(o->comm.method)};
}

/* The TSV tables (--table): one per run, so that stdout is one table with
 * one header line; --json writes all of them in one document. */
static const char *const TABLES[] = {"components", "run", "ranks", "communities", "relations", "planted", NULL};
enum { T_COMPONENTS, T_RUN, T_RANKS, T_COMMUNITIES, T_RELATIONS, T_PLANTED };

static void print_tsv(const dfc_opts *o, const dfc_result *res)
{
    const ctome_dfc_factors *b = &res->fit.start[res->fit.best];
    size_t N = res->t.n_neurons, R = res->rank, W = res->t.n_windows, K = res->t.n_worms;
    if (o->table == T_RUN) {
        printf("n_worms\tn_neurons\tn_windows\twindow_s\tstep_s\trank\tstarts\tseed\trel_error\tstability\t"
               "converged\titerations\n");
        printf("%zu\t%zu\t%zu\t%g\t%g\t%zu\t%zu\t%llu\t%.6f\t%.4f\t%s\t%zu\n", K, N, W, res->t.window_s,
               res->t.step_s, R, res->fit.n_starts, (unsigned long long)o->ntf.seed, b->rel_error, res->fit.stability,
               b->converged ? "true" : "false", b->iterations);
    }
    if (o->table == T_RANKS) {
        printf("rank\trel_error\tstability\n");
        for (size_t r = 0; r < o->rank_max; r++)
            printf("%zu\t%.6f\t%.4f\n", r + 1, res->rank_err[r], res->rank_stab[r]);
    }
    if (o->table == T_COMPONENTS) {
        printf("component\tlambda\tpeak_window_s\tactive\tcommunities\tcoherent");
        for (size_t k = 0; k < K; k++)
            printf("\tworm:%s", res->t.worms[k]);
        printf("\n");
        for (size_t r = 0; r < R; r++) {
            size_t pw = 0;
            for (size_t w = 1; w < W; w++)
                pw = b->t[w * R + r] > b->t[pw * R + r] ? w : pw;
            printf("%zu\t%.6g\t%g\t%zu\t%zu\t%zu", r + 1, b->lambda[r], res->t.window_t0[pw], res->comm[r].n_active,
                   res->comm[r].n_comm, res->comm[r].n_coherent);
            for (size_t k = 0; k < K; k++)
                printf("\t%.4f", b->a[k * R + r]);
            printf("\n");
        }
    }
    if (o->table == T_COMMUNITIES)
        printf("component\tcommunity\tsize\tneurons\n");
    for (size_t r = 0; o->table == T_COMMUNITIES && r < R; r++)
        for (size_t c = 0; c < res->comm[r].n_coherent; c++) {
            size_t n = 0;
            for (size_t i = 0; i < N; i++)
                n += res->comm[r].coherent[i] == (int32_t)c;
            printf("%zu\t%zu\t%zu\t", r + 1, c + 1, n);
            int first = 1;
            for (size_t i = 0; i < N; i++)
                if (res->comm[r].coherent[i] == (int32_t)c) {
                    printf("%s%s", first ? "" : ",", res->t.neurons[i]);
                    first = 0;
                }
            printf("\n");
        }
    if (o->table == T_RELATIONS && res->have_rel) {
        printf("component\treference\tmodules\tneurons\tnmi\tari\tp_nmi\tp_ari\n");
        for (size_t r = 0; r < R; r++)
            for (int q = 0; q < 2; q++) {
                size_t i = r * 2 + (size_t)q;
                printf("%zu\t%s\t%zu\t%zu\t%.4f\t%.4f\t%.4g\t%.4g\n", r + 1, REF_NAME[q], res->ref_modules[q],
                       res->rel_n[i], res->rel_nmi[i], res->rel_ari[i], res->rel_pn[i], res->rel_pa[i]);
            }
    }
    if (o->table == T_PLANTED && o->planted >= 0) {
        printf("interval\tstart_s\tend_s\tcomponent\ttemporal_r\tnmi\tnoise\n");
        for (size_t a = 0; a < 3 && a < res->rank; a++)
            printf("%zu\t%g\t%g\t%zu\t%.4f\t%.4f\t%g\n", a + 1, res->pl.on_start[a], res->pl.on_end[a],
                   res->pl_comp[a] + 1, res->pl_r[a], res->pl_nmi[a], o->planted);
    }
}

static json_t *jarr(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, cli_json_num(v[i]));
    return a;
}

static json_t *jcol(const double *m, size_t rows, size_t R, size_t r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rows; i++)
        json_array_append_new(a, json_real(m[i * R + r]));
    return a;
}

static int print_json(const dfc_opts *o, const dfc_result *res)
{
    const ctome_dfc_factors *b = &res->fit.start[res->fit.best];
    size_t N = res->t.n_neurons, R = res->rank, W = res->t.n_windows, K = res->t.n_worms;
    json_t *root = json_object(), *comps = json_array(), *worms = json_array(), *neur = json_array();
    for (size_t k = 0; k < K; k++)
        json_array_append_new(worms, json_string(res->t.worms[k]));
    for (size_t i = 0; i < N; i++)
        json_array_append_new(neur, json_string(res->t.neurons[i]));
    json_object_set_new(root, "method", json_string("Dyballa et al. 2024 (ICLR): windowed affinities, non-negative "
                                                    "tensor factorisation, communities per affinity factor"));
    json_object_set_new(root, "affinity", json_string("max(0, Pearson r of first differences in each window): "
                                                      "ctome's reading of the paper's differential affinity"));
    json_object_set_new(root, "ntf", json_string(o->ntf.extrapolate
                                                 ? "masked non-negative CP by HALS with extrapolation and restarts "
                                                   "(after Ang & Gillis 2019), product mask window x neuron x neuron; "
                                                   "rank by stability (factor match score)"
                                                 : "masked non-negative CP by plain HALS, product mask window x "
                                                   "neuron x neuron; rank by stability (factor match score)"));
    json_object_set_new(root, "community_method", json_string(comm_note(o->comm.method)));
    json_object_set_new(root, "n_worms", json_integer((json_int_t)K));
    json_object_set_new(root, "n_neurons", json_integer((json_int_t)N));
    json_object_set_new(root, "n_windows", json_integer((json_int_t)W));
    json_object_set_new(root, "worms", worms);
    json_object_set_new(root, "neurons", neur);
    json_object_set_new(root, "window_s", json_real(res->t.window_s));
    json_object_set_new(root, "step_s", json_real(res->t.step_s));
    json_object_set_new(root, "dt", json_real(res->t.dt));
    json_object_set_new(root, "window_t0", jarr(res->t.window_t0, W));
    json_object_set_new(root, "rank", json_integer((json_int_t)R));
    json_object_set_new(root, "starts", json_integer((json_int_t)res->fit.n_starts));
    json_object_set_new(root, "seed", json_integer((json_int_t)o->ntf.seed));
    json_object_set_new(root, "best_start", json_integer((json_int_t)res->fit.best));
    json_object_set_new(root, "rel_error", json_real(b->rel_error));
    json_object_set_new(root, "mean_rel_error", json_real(res->fit.mean_error));
    json_object_set_new(root, "stability", json_real(res->fit.stability));
    json_object_set_new(root, "converged", json_boolean(b->converged));
    json_object_set_new(root, "iterations", json_integer((json_int_t)b->iterations));
    json_object_set_new(root, "starts_converged", json_integer((json_int_t)res->fit.n_converged));
    if (o->rank_max) {
        json_object_set_new(root, "rank_error", jarr(res->rank_err, o->rank_max));
        json_object_set_new(root, "rank_stability", jarr(res->rank_stab, o->rank_max));
        json_object_set_new(root, "rank_threshold", json_real(o->stability));
    }
    for (size_t r = 0; r < R; r++) {
        json_t *c = json_object(), *coh = json_array();
        json_object_set_new(c, "lambda", json_real(b->lambda[r]));
        json_object_set_new(c, "temporal", jcol(b->t, W, R, r));
        json_object_set_new(c, "animal", jcol(b->a, K, R, r));
        json_object_set_new(c, "active", json_integer((json_int_t)res->comm[r].n_active));
        json_object_set_new(c, "modularity_q", json_real(res->comm[r].q));
        for (size_t g = 0; g < res->comm[r].n_coherent; g++) {
            json_t *m = json_array();
            for (size_t i = 0; i < N; i++)
                if (res->comm[r].coherent[i] == (int32_t)g)
                    json_array_append_new(m, json_string(res->t.neurons[i]));
            json_array_append_new(coh, m);
        }
        json_object_set_new(c, "communities", coh);
        if (res->have_rel) {
            json_t *rel = json_object();
            for (int q = 0; q < 2; q++) {
                size_t i = r * 2 + (size_t)q;
                json_t *x = json_object();
                json_object_set_new(x, "modules", json_integer((json_int_t)res->ref_modules[q]));
                json_object_set_new(x, "neurons", json_integer((json_int_t)res->rel_n[i]));
                json_object_set_new(x, "nmi", cli_json_num(res->rel_nmi[i]));
                json_object_set_new(x, "ari", cli_json_num(res->rel_ari[i]));
                json_object_set_new(x, "p_nmi", cli_json_num(res->rel_pn[i]));
                json_object_set_new(x, "p_ari", cli_json_num(res->rel_pa[i]));
                json_object_set_new(rel, REF_NAME[q], x);
            }
            json_object_set_new(c, "relations", rel);
        }
        json_array_append_new(comps, c);
    }
    json_object_set_new(root, "components", comps);
    if (o->planted >= 0) {
        json_t *pl = json_array();
        for (size_t a = 0; a < 3 && a < R; a++) {
            json_t *x = json_object();
            json_object_set_new(x, "component", json_integer((json_int_t)res->pl_comp[a] + 1));
            json_object_set_new(x, "temporal_r", json_real(res->pl_r[a]));
            json_object_set_new(x, "nmi", json_real(res->pl_nmi[a]));
            json_array_append_new(pl, x);
        }
        json_object_set_new(root, "planted_noise", json_real(o->planted));
        json_object_set_new(root, "planted", pl);
    }
    return cli_write_json(stdout, "<stdout>", root);
}

void dfc_result_free(dfc_result *res)
{
    for (size_t r = 0; res->comm && r < res->rank; r++)
        ctome_dfc_comm_clear(&res->comm[r]);
    free(res->comm);
    ctome_dfc_ntf_clear(&res->fit);
    ctome_dfc_tensor_clear(&res->t);
    free(res->rank_err);
    free(res->rank_stab);
    free(res->rel_nmi);
    free(res->rel_ari);
    free(res->rel_pn);
    free(res->rel_pa);
    free(res->rel_n);
    ctome_dfc_planted_clear(&res->pl);
    free(res->pl_comp);
    free(res->pl_r);
    free(res->pl_nmi);
}

static int run(dfc_opts *o, char **srcs, int n_src)
{
    ctome_recordings hom = {0};
    dfc_result res = {0};
    ctome_store *s = NULL;
    int rc = CTOME_OK;
    /* outputs first: nothing is computed for a path that cannot be written */
    if (o->out)
        rc = ctome_store_create(o->out, &s);
    if (!rc && o->planted >= 0) {
        ctome_dfc_planted_opts po;
        ctome_dfc_planted_opts_default(&po);
        po.noise = o->planted;
        po.seed = o->ntf.seed;
        po.n_worms = o->planted_worms;
        po.missing = 0.1;
        rc = ctome_dfc_planted_make(&po, &res.pl);
        /* planted traces are on a regular grid already: no homogenisation */
        for (size_t i = 0; !rc && i < res.pl.rec.n; i++) {
            rc = ctome_recordings_push(&hom, res.pl.rec.r[i]);
            res.pl.rec.r[i] = NULL;
        }
        res.pl.rec.n = 0;
    }
    if (!rc)
        rc = dfc_inputs(o, (const char *const *)srcs, n_src, &hom);
    if (!rc)
        rc = dfc_compute(o, &hom, &res);
    if (!rc && o->planted >= 0) {
        res.pl_comp = calloc(3, sizeof *res.pl_comp);
        res.pl_r = calloc(3, sizeof *res.pl_r);
        res.pl_nmi = calloc(3, sizeof *res.pl_nmi);
        if (!res.pl_comp || !res.pl_r || !res.pl_nmi)
            rc = ctome_error_nomem();
        else if (res.rank < 3)
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc --planted: the planted data have 3 intervals but the rank "
                             "is %zu; give --rank 3 or more", res.rank);
        else
            rc = ctome_dfc_planted_score(&res.pl, &res.t, &res.fit.start[res.fit.best], res.comm, 3, res.pl_comp,
                                         res.pl_r, res.pl_nmi);
    }
    ctome_store_dfc d;
    int32_t *mem = NULL, *coh = NULL;
    if (!rc && (s || o->plot)) {
        mem = malloc(res.rank * res.t.n_neurons * sizeof *mem);
        coh = malloc(res.rank * res.t.n_neurons * sizeof *coh);
        if (!mem || !coh)
            rc = ctome_error_nomem();
        else
            dfc_to_store(o, &res, &d, mem, coh);
    }
    if (!rc && s)
        rc = ctome_store_put_dfc(s, o->run_id, &d);
    if (!rc && o->plot) {
        const char *what[3] = {"loadings", "factors", "somas"};
        for (int i = 0; !rc && i < 3; i++) {
            char *p = plot_path(o->plot, what[i]);
            if (!p) {
                rc = ctome_error_nomem();
                break;
            }
            size_t unplaced = 0;
            if (i == 0) {
                /* planted: shade every other interval so that the boundaries show */
                double s0[2], s1[2];
                size_t ns = 0;
                for (size_t a = 0; o->planted >= 0 && a < 3; a += 2, ns++) {
                    s0[ns] = res.pl.on_start[a];
                    s1[ns] = res.pl.on_end[a];
                }
                rc = ctome_dfc_plot_loadings(&d, s0, s1, ns, p);
            }
            else if (i == 1)
                rc = ctome_dfc_plot_factors(&d, p);
            else if (o->planted < 0) {
                rc = ctome_dfc_plot_somas(&d, cli_registry(), p, &unplaced);
                if (!rc && unplaced && !o->quiet)
                    fprintf(stderr, "ctome dfc: note: %zu neuron%s without a soma position left out of %s\n",
                            unplaced, unplaced == 1 ? "" : "s", p);
            } else if (!o->quiet)
                fprintf(stderr, "ctome dfc: note: planted neurons have no soma positions: %s not drawn\n", p);
            /* --plot is a prefix here: every file written is named */
            if (!rc && !o->quiet && (i < 2 || o->planted < 0))
                fprintf(stderr, "ctome dfc: figure written to %s\n", p);
            free(p);
        }
    }
    if (s)
        rc = rc ? (ctome_store_abort(s), rc) : ctome_store_commit(s);
    if (!rc) {
        if (!o->quiet)
            fprintf(stderr, "ctome dfc: run: %zu worms, %zu neurons, %zu windows, rank %zu, %zu starts, seed %llu, "
                            "relative error %.6f, stability %.4f\n", res.t.n_worms, res.t.n_neurons,
                    res.t.n_windows, res.rank, res.fit.n_starts, (unsigned long long)o->ntf.seed,
                    res.fit.start[res.fit.best].rel_error, res.fit.stability);
        if (o->json)
            rc = print_json(o, &res);
        else
            print_tsv(o, &res);
        if (!rc && o->out && !o->quiet)
            fprintf(stderr, "ctome dfc: run written to %s:/runs/dfc/%s/\n", o->out, o->run_id);
    }
    free(mem);
    free(coh);
    dfc_result_free(&res);
    ctome_recordings_free(&hom);
    return rc;
}

const cli_opt cli_opts_dfc[] = {
    {"window", 0, 'w', "S", "window length in seconds (default 30), rounded to samples", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"step", 0, 's', "S", "window step in seconds (default 10)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"dt", 0, 'd', "S", "homogenisation step (default 0.333)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"rank", 0, 'r', "R", "components 1..64, or auto[:RMAX] (default auto:6)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"stability", 0, 'S', "X", "threshold of --rank auto (default 0.9)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"starts", 0, 'n', "N", "random starts (default 10); start s uses stream s of --seed", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"max-iter", 0, 'I', "N", "iterations per start (default 500)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"tol", 0, 'T', "T", "stop when the loss falls by less than T x loss in an iteration (default 1e-6)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"plain-hals", 0, 'H', NULL, "HALS without extrapolation (more iterations, same optimum problem; for comparison)",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"seed", 0, 'e', "S", "default 1 (starts, Leiden runs, permutations)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 0, 't', "T", "default: all cores; results identical for any T", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"runs", 0, 'u', "N", "Leiden runs of the consensus (default 50)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"active-frac", 0, 'a', "F", "a neuron is in a factor when its strength >= F x the largest (default 0.2)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"contrast", 0, 'c', "C",
     "coherent communities keep neurons whose mean affinity to their community is >= C x the factor's mean "
     "(default 2)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"community", 0, 'C', "M", "leiden (default), louvain, walktrap, infomap, fastgreedy, wsbm", CLI_VAL_ENUM,
     "leiden|louvain|walktrap|infomap|fastgreedy|wsbm", 0, NULL},
    {"relations", 0, 'R', NULL,
     "each component's coherent communities vs the Leiden modules of cook2019-herm chemical and of the Randi 2023 "
     "atlas: NMI, ARI and permutation p-values",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"nulls", 0, 'p', "N", "permutations of --relations (default 1000)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"planted", 0, 'P', "NOISE", "run the planted benchmark at noise sd NOISE instead of recordings",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"planted-worms", 0, 'W', "K", "worms of the planted benchmark (default 4)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "write the run to a new store (HDF5): /runs/dfc/<ID>/ (docs/store.md)",
     CLI_VAL_FILE, NULL, 0, NULL},
    {"id", 0, 'i', "ID", "run id in the store (default dfc)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"table", 0, 'b', "T",
     "the TSV table on stdout: components (default: lambda, peak_window_s, active, communities, coherent, "
     "worm:<id> loadings per component), run (n_worms, n_neurons, n_windows, window_s, step_s, rank, starts, "
     "seed, rel_error, stability, converged, iterations), ranks (the --rank auto scan: rank, rel_error, "
     "stability), communities (component, community, size, neurons), relations (--relations: component, "
     "reference, modules, neurons, nmi, ari, p_nmi, p_ari), planted (--planted: interval, start_s, end_s, "
     "component, temporal_r, nmi, noise)",
     CLI_VAL_ENUM, "components|run|ranks|communities|relations|planted", 0, NULL},
    CLI_OPT_JSON("one JSON document with every table (the tables' keys)"),
    CLI_OPT_PLOT("a prefix: PATH_loadings, PATH_factors, PATH_somas (.png unless PATH has an extension): temporal "
                 "and animal loadings, each factor as a matrix ordered by community, communities at the soma "
                 "positions (Skuhersky 2022); the files written are named on stderr"),
    CLI_OPT_QUIET,
    CLI_OPT_ALIAS("perms", "nulls"),
    CLI_OPT_END};

int cmd_dfc(int argc, char **argv)
{
    dfc_opts o;
    dfc_opts_default(&o);
    int k, rc, table_given = 0;
    cli_parser p;
    cli_opts_begin(&p, "dfc", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'o': o.out = p.arg; break;
        case 'w':
            if ((rc = seconds(p.opt, p.arg, &o.aff.window_s)))
                return rc;
            break;
        case 's':
            if ((rc = seconds(p.opt, p.arg, &o.aff.step_s)))
                return rc;
            break;
        case 'd':
            if ((rc = seconds(p.opt, p.arg, &o.dt)))
                return rc;
            break;
        case 'r':
            if (strncmp(p.arg, "auto", 4) == 0) {
                o.rank_max = 6;
                if (p.arg[4] && p.arg[4] != ':')
                    return cli_usage_error("dfc", "--rank %s: not a whole number in 1..64 or auto[:RMAX]", p.arg);
                if (p.arg[4] == ':' && (rc = cli_parse_size("dfc", "--rank auto:RMAX", p.arg + 5, 1, 64,
                                                             &o.rank_max)))
                    return rc;
            } else {
                if ((rc = cli_parse_size("dfc", p.opt, p.arg, 1, 64, &o.ntf.rank)))
                    return rc;
                o.rank_max = 0;
            }
            break;
        case 'S':
            if ((rc = cli_parse_double("dfc", p.opt, p.arg, 0, 1, &o.stability)))
                return rc;
            break;
        case 'n':
            if ((rc = cli_parse_size("dfc", p.opt, p.arg, 1, 100000, &o.ntf.starts)))
                return rc;
            break;
        case 'I':
            if ((rc = cli_parse_size("dfc", p.opt, p.arg, 1, 100000000, &o.ntf.max_iter)))
                return rc;
            break;
        case 'T':
            if ((rc = cli_parse_double("dfc", p.opt, p.arg, 0, 1, &o.ntf.tol)))
                return rc;
            break;
        case 'H': o.ntf.extrapolate = 0; break;
        case 'e':
            if ((rc = cli_parse_u64("dfc", p.opt, p.arg, 0, UINT64_MAX, &o.ntf.seed)))
                return rc;
            o.comm.seed = o.ntf.seed;
            break;
        case 't':
            if ((rc = cli_parse_int("dfc", p.opt, p.arg, 1, CLI_MAX_THREADS, &o.ntf.threads)))
                return rc;
            break;
        case 'u':
            if ((rc = cli_parse_int("dfc", p.opt, p.arg, 1, 100000, &o.comm.runs)))
                return rc;
            break;
        case 'a':
            if ((rc = cli_parse_double("dfc", p.opt, p.arg, 0, 1, &o.comm.active_frac)))
                return rc;
            break;
        case 'c':
            if ((rc = cli_parse_double("dfc", p.opt, p.arg, 0, 1e9, &o.comm.min_contrast)))
                return rc;
            break;
        case 'C':
            o.comm.method = ctome_dfc_comm_method_parse(p.arg);
            if (o.comm.method < 0)
                return cli_usage_error("dfc", "--community must be leiden, louvain, walktrap, infomap, fastgreedy or wsbm, "
                                       "not '%s'", p.arg);
            break;
        case 'R': o.relations = 1; break;
        case 'p':
            if ((rc = cli_parse_size("dfc", p.opt, p.arg, 1, CLI_MAX_NULLS, &o.perms)))
                return rc;
            break;
        case 'P':
            if ((rc = cli_parse_double("dfc", p.opt, p.arg, 0, 1e6, &o.planted)))
                return rc;
            break;
        case 'W':
            if ((rc = cli_parse_size("dfc", p.opt, p.arg, 1, 1000, &o.planted_worms)))
                return rc;
            break;
        case 'i': o.run_id = p.arg; break;
        case 'b':
            for (o.table = 0; TABLES[o.table] && strcmp(TABLES[o.table], p.arg); o.table++)
                ;
            if (!TABLES[o.table])
                return cli_usage_error("dfc", "--table must be components, run, ranks, communities, relations or "
                                              "planted, not '%s'", p.arg);
            table_given = 1;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    o.json = p.json;
    o.plot = p.plot;
    o.quiet = p.quiet;
    int first = p.optind;
    if (first >= argc && o.planted < 0)
        return cli_usage_error("dfc", "name at least one recording (bundled id, file or store), or --planted NOISE");
    if (first < argc && o.planted >= 0)
        return cli_usage_error("dfc", "--planted generates its own recordings: give no input");
    if (o.planted >= 0 && o.relations)
        return cli_usage_error("dfc", "--relations needs real neurons; planted neurons are not in any connectome");
    /* a table that would be empty is a usage error, not an empty stdout */
    if (table_given && o.json)
        return cli_usage_error("dfc", "--table chooses one TSV table; --json writes all of them");
    if (o.table == T_RELATIONS && !o.relations)
        return cli_usage_error("dfc", "--table relations needs --relations");
    if (o.table == T_PLANTED && o.planted < 0)
        return cli_usage_error("dfc", "--table planted needs --planted NOISE");
    if (o.table == T_RANKS && !o.rank_max)
        return cli_usage_error("dfc", "--table ranks needs --rank auto[:RMAX] (a fixed --rank scans nothing)");
    if (!strlen(o.run_id) || strchr(o.run_id, '/'))
        return cli_usage_error("dfc", "--id must be a name without '/', not '%s'", o.run_id);
    /* outputs are checked before any work */
    if ((rc = check_outputs(&o)))
        return rc;
    rc = run(&o, argv + first, argc - first);
    return rc ? cli_fail() : CLI_OK;
}
