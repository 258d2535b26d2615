/* ctome sim — build the connectome E/I rate model (lib/models/ei.h) from a
 * dataset, integrate it under pulses, constant input and noise, and write
 * traces (HDF5 store), a figure, a summary table, and optionally the fixed
 * point and its stability (lib/models/ei_stability.h). */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "ei_cli.h"

#include <float.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ei.h"
#include "ei_figs.h"
#include "ei_stability.h"
#include "store_sim.h"

typedef struct {
    char *target;
    double start, dur, amp;
} stim_arg;

typedef struct {
    char *target;
    double value;
    const char *raw;
} input_arg;

typedef struct {
    ei_cli_model mo;
    ctome_ei_sim_opts so;
    const char *method_name;
    stim_arg *stim;
    size_t n_stim;
    input_arg *input;
    size_t n_input;
    double sigma;
    uint64_t seed;
    int seed_given;
    const char *out, *figure, *neurons, *name;
    int as_json, quiet, stability, fp_from_end;
} sim_args;

static void args_free(sim_args *a)
{
    for (size_t i = 0; i < a->n_stim; i++)
        free(a->stim[i].target);
    free(a->stim);
    for (size_t i = 0; i < a->n_input; i++)
        free(a->input[i].target);
    free(a->input);
    ei_cli_model_free(&a->mo);
}

/* NAME:start:duration:amp */
static int add_stim(sim_args *a, const char *arg)
{
    const char *c[3];
    const char *p = arg + strlen(arg);
    for (int k = 2; k >= 0; k--) {
        while (p > arg && p[-1] != ':')
            p--;
        if (p == arg)
            return cli_usage_error("sim", "--stim wants NAME:start:duration:amplitude, got '%s'",
                                   arg);
        c[k] = p;
        p--;
    }
    size_t len = (size_t)(p - arg);
    char num[3][64];
    for (int k = 0; k < 3; k++) {
        size_t l = k < 2 ? (size_t)(c[k + 1] - 1 - c[k]) : strlen(c[k]);
        if (l >= sizeof num[k])
            l = sizeof num[k] - 1;
        memcpy(num[k], c[k], l);
        num[k][l] = '\0';
    }
    stim_arg s;
    int rc;
    if (len == 0)
        return cli_usage_error("sim", "--stim wants NAME:start:duration:amplitude, got '%s'", arg);
    if ((rc = cli_parse_double("sim", "--stim start", num[0], -DBL_MAX, DBL_MAX, &s.start)) ||
        (rc = cli_parse_double("sim", "--stim duration", num[1], -DBL_MAX, DBL_MAX, &s.dur)) ||
        (rc = cli_parse_double("sim", "--stim amplitude", num[2], -DBL_MAX, DBL_MAX, &s.amp)))
        return rc;
    stim_arg *v = realloc(a->stim, (a->n_stim + 1) * sizeof *v);
    if (!v || !(s.target = malloc(len + 1))) {
        if (v)
            a->stim = v;
        return cli_failf("out of memory");
    }
    memcpy(s.target, arg, len);
    s.target[len] = '\0';
    a->stim = v;
    v[a->n_stim++] = s;
    return CLI_OK;
}

/* NAME=value */
static int add_input(sim_args *a, const char *arg)
{
    const char *eq = strrchr(arg, '=');
    input_arg in = {NULL, 0, arg};
    if (!eq || eq == arg)
        return cli_usage_error("sim", "--input wants NAME=value, got '%s'", arg);
    int rc = cli_parse_double("sim", "--input value", eq + 1, -DBL_MAX, DBL_MAX, &in.value);
    if (rc)
        return rc;
    input_arg *v = realloc(a->input, (a->n_input + 1) * sizeof *v);
    if (!v || !(in.target = malloc((size_t)(eq - arg) + 1))) {
        if (v)
            a->input = v;
        return cli_failf("out of memory");
    }
    memcpy(in.target, arg, (size_t)(eq - arg));
    in.target[eq - arg] = '\0';
    a->input = v;
    v[a->n_input++] = in;
    return CLI_OK;
}

static int parse_method(const char *s, ctome_ei_method *m)
{
    static const char *const names[] = {"rk4", "rkf45", "rk8pd", "msbdf"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *m = (ctome_ei_method)i;
            return 1;
        }
    return 0;
}

enum { O_METHOD = 0x900, O_DT, O_TEND, O_SDT, O_STIM, O_INPUT, O_NOISE, O_SEED, O_NEURONS, O_STAB, O_FPSTART,
       O_NAME, O_RTOL, O_ATOL };

/* The options of `ctome sim` (opts.h): parsing, help, docs/cli.md, man page
 * and completion all come from this table. */
const cli_opt cli_opts_sim[] = {
    EI_CLI_MODEL_OPTS
    {"method", 0, O_METHOD, "M", "rk4 (default; fixed step, the fast path, the only one that takes noise), "
     "rkf45, rk8pd (adaptive), msbdf (stiff)", CLI_VAL_ENUM, "rk4|rkf45|rk8pd|msbdf", 0, NULL},
    {"dt", 0, O_DT, "H", "RK4 step (default 0.001)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"t-end", 0, O_TEND, "T", "duration (default 1)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"sample-dt", 0, O_SDT, "S", "trace step, a multiple of --dt for RK4 (default 0.01)", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"rtol", 0, O_RTOL, "R", "odeiv2 relative tolerance (default 1e-8)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"atol", 0, O_ATOL, "A", "odeiv2 absolute tolerance (default 1e-10)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"stim", 0, O_STIM, "N:t0:d:a", "pulse of amplitude a on neuron or class N during [t0, t0+d); a pulse at or "
     "after --t-end, or cut by it, is said on stderr", CLI_VAL_TEXT, NULL, CLI_OPT_REPEAT, NULL},
    {"input", 0, O_INPUT, "N=v", "constant input v to neuron or class N", CLI_VAL_TEXT, NULL, CLI_OPT_REPEAT,
     NULL},
    {"noise", 0, O_NOISE, "SIGMA", "additive white noise, tau dx = ... dt + SIGMA dW (RK4)", CLI_VAL_NUMBER, NULL,
     0, NULL},
    {"seed", 0, O_SEED, "N", "noise seed (default 1; printed with the result)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "a new HDF5 store: the traces under /simulations/<RUN> with every parameter "
     "(docs/store.md)", CLI_VAL_FILE, NULL, 0, NULL},
    {"name", 0, O_NAME, "RUN", "run name in the store (default: the dataset id)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"neurons", 0, O_NEURONS, "LIST", "neurons or classes of the table and figure (comma list; default the "
     "stimulated and driven ones, else the command interneurons)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"stability", 0, O_STAB, NULL, "fixed point by Newton's method (constant input only), its Jacobian "
     "eigenvalues, stable/unstable, spectral radius of the signed weights W and of the Jacobian", CLI_VAL_NONE,
     NULL, 0, NULL},
    {"fp-start", 0, O_FPSTART, "S", "Newton start: zero (default) or end (the simulated end state)", CLI_VAL_ENUM,
     "zero|end", 0, NULL},
    CLI_OPT_PLOT("heatmap of every neuron (registry order) over time and the stacked traces of the chosen "
                 "neurons (.png, .svg or .pdf)"),
    CLI_OPT_ALIAS("figure", "plot"),
    CLI_OPT_JSON("one JSON document (model parameters typed: numbers, booleans, null for an unused seed)"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

static int parse_args(int argc, char **argv, sim_args *a, const char **conn)
{
    int ch, rc;
    cli_parser p;
    cli_opts_begin(&p, "sim", argc, argv);
    while ((ch = cli_opts_next(&p)) > 0) {
        const char *arg = p.arg;
        int r = ei_cli_model_option(&a->mo, "sim", ch, arg);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        double *num = NULL;
        const char *flag = NULL;
        switch (ch) {
        case O_METHOD:
            if (!parse_method(arg, &a->so.method))
                return cli_usage_error("sim", "--method wants rk4, rkf45, rk8pd or msbdf, got '%s'",
                                       arg);
            a->method_name = arg;
            break;
        case O_DT: num = &a->so.dt; flag = "--dt"; break;
        case O_TEND: num = &a->so.t_end; flag = "--t-end"; break;
        case O_SDT: num = &a->so.sample_dt; flag = "--sample-dt"; break;
        case O_RTOL: num = &a->so.rtol; flag = "--rtol"; break;
        case O_ATOL: num = &a->so.atol; flag = "--atol"; break;
        case O_NOISE: num = &a->sigma; flag = "--noise"; break;
        case O_STIM:
            if ((rc = add_stim(a, arg)))
                return rc;
            break;
        case O_INPUT:
            if ((rc = add_input(a, arg)))
                return rc;
            break;
        case O_SEED:
            if ((rc = cli_parse_u64("sim", "--seed", arg, 0, UINT64_MAX, &a->seed)))
                return rc;
            a->seed_given = 1;
            break;
        case 'o': a->out = arg; break;
        case O_NAME: a->name = arg; break;
        case O_NEURONS: a->neurons = arg; break;
        case O_STAB: a->stability = 1; break;
        case O_FPSTART:
            if (strcmp(arg, "zero") && strcmp(arg, "end"))
                return cli_usage_error("sim", "--fp-start wants zero or end, got '%s'", arg);
            a->fp_from_end = strcmp(arg, "end") == 0;
            break;
        default: return cli_opts_unhandled(&p);
        }
        /* any finite number: ctome_ei_simulate names a value out of its range (exit 1) */
        if (num && (rc = cli_parse_double("sim", flag, arg, -DBL_MAX, DBL_MAX, num)))
            return rc;
    }
    if (ch < 0)
        return p.status == CLI_OK ? -1 : p.status;   /* -1: --help printed */
    a->figure = p.plot;
    a->as_json = p.json;
    a->quiet = p.quiet;
    if (p.optind + 1 != argc)
        return cli_usage_error("sim", "name exactly one connectome (dataset id, file or store)");
    *conn = argv[p.optind];
    if ((rc = cli_output_check("sim", "--output", a->out, CLI_OUT_STORE)))
        return rc;
    return cli_output_check("sim", "--plot", a->figure, CLI_OUT_FIGURE);
}

/* ---- the run ---- */

typedef struct {
    size_t idx;
    double peak, t_peak, final;
} row;

/* Peak = the sample of largest |x| (signed), first one on ties. */
static row summarise(const ctome_ei_trace *t, size_t i)
{
    const double *x = t->x + i * t->T;
    row r = {i, x[0], 0, x[t->T - 1]};
    for (size_t k = 1; k < t->T; k++)
        if (fabs(x[k]) > fabs(r.peak)) {
            r.peak = x[k];
            r.t_peak = (double)k * t->sample_dt;
        }
    return r;
}

static const char *neuron_name(const ctome_ei *m, size_t i, char buf[32])
{
    if (m->registry && m->reg[i] >= 0)
        return ctome_registry_neuron(m->registry, (size_t)m->reg[i])->name;
    snprintf(buf, 32, "N%zu", i);
    return buf;
}

/* The neurons of the summary table: --neurons, else the stimulated and
 * driven ones, else the command interneurons present. */
static int chosen_neurons(const ctome_ei *m, const sim_args *a, size_t **out, size_t *k)
{
    size_t *v = calloc(m->n ? m->n : 1, sizeof *v), nk = 0;
    unsigned char *seen = calloc(m->n ? m->n : 1, 1);
    int rc = (!v || !seen) ? ctome_error_nomem() : CTOME_OK;
    const char *defaults[] = {"AVAL", "AVAR", "AVBL", "AVBR", "RIML", "RIMR", "AIBL", "AIBR"};
#define ADD_TARGET(t)                                                  \
    do {                                                               \
        size_t *idx = NULL, n_ = 0;                                    \
        rc = ctome_ei_select(m, (t), &idx, &n_);                       \
        for (size_t q = 0; !rc && q < n_; q++)                         \
            if (!seen[idx[q]]) {                                       \
                seen[idx[q]] = 1;                                      \
                v[nk++] = idx[q];                                      \
            }                                                          \
        free(idx);                                                     \
    } while (0)
    if (!rc && a->neurons) {
        char *list = ctome_strdup(a->neurons), *save = NULL;
        if (!list)
            rc = CTOME_ENOMEM;
        for (char *t = list ? strtok_r(list, ",", &save) : NULL; t && !rc;
             t = strtok_r(NULL, ",", &save)) {
            ADD_TARGET(t);
            if (rc)
                rc = ctome_error(CTOME_ENOTFOUND, NULL, 0, "--neurons: '%s' is not in the model", t);
        }
        free(list);
    } else if (!rc) {
        for (size_t s = 0; !rc && s < a->n_stim; s++)
            ADD_TARGET(a->stim[s].target);
        for (size_t s = 0; !rc && s < a->n_input; s++)
            ADD_TARGET(a->input[s].target);
        for (size_t d = 0; !rc && nk == 0 && d < sizeof defaults / sizeof *defaults; d++) {
            int i = ctome_ei_find(m, defaults[d]);
            if (i >= 0 && !seen[i]) {
                seen[i] = 1;
                v[nk++] = (size_t)i;
            }
        }
    }
#undef ADD_TARGET
    free(seen);
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *k = nk;
    return CTOME_OK;
}

static int make_input(const ctome_ei *m, const sim_args *a, ctome_ei_input **out)
{
    ctome_ei_input *in = NULL;
    int rc = ctome_ei_input_new(m->n, &in);
    for (size_t s = 0; !rc && s < a->n_input; s++) {
        const input_arg *q = &a->input[s];
        if (!isfinite(q->value)) {
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "--input %s: the value '%s' is not finite",
                             q->target, strrchr(q->raw, '=') + 1);
            break;
        }
        size_t *idx = NULL, k = 0;
        rc = ctome_ei_select(m, q->target, &idx, &k);
        if (rc)
            rc = ctome_error(CTOME_ENOTFOUND, NULL, 0, "--input: unknown neuron or class '%s' "
                             "(or not in the model)", q->target);
        for (size_t j = 0; !rc && j < k; j++)
            rc = ctome_ei_input_constant(in, idx[j], q->value);
        free(idx);
    }
    for (size_t s = 0; !rc && s < a->n_stim; s++) {
        const stim_arg *q = &a->stim[s];
        rc = ctome_ei_stimulate(m, in, q->target, q->start, q->dur, q->amp);
        /* A pulse after the run, or cut by its end, is the user's mistake
         * more often than not: say so rather than return a quiet trace. */
        if (!rc && q->start >= a->so.t_end)
            fprintf(stderr, "ctome sim: warning: stimulus %s starts at %g, at or after --t-end %g: "
                    "it has no effect\n", q->target, q->start, a->so.t_end);
        else if (!rc && q->start + q->dur > a->so.t_end)
            fprintf(stderr, "ctome sim: warning: stimulus %s (%g to %g) is cut at --t-end %g\n",
                    q->target, q->start, q->start + q->dur, a->so.t_end);
    }
    if (!rc && a->sigma != 0)
        rc = ctome_ei_input_noise(in, a->sigma, a->seed);
    if (rc) {
        ctome_ei_input_free(in);
        return rc;
    }
    *out = in;
    return CTOME_OK;
}

/* ---- output ---- */

typedef struct {
    ctome_store_param *p;
    size_t n;
} param_list;

static int push_param(param_list *l, const char *key, const char *str, double num)
{
    ctome_store_param *v = realloc(l->p, (l->n + 1) * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    l->p = v;
    v[l->n].key = ctome_strdup(key);
    v[l->n].str = str ? ctome_strdup(str) : NULL;
    v[l->n].num = num;
    l->n++;
    return (!v[l->n - 1].key || (str && !v[l->n - 1].str)) ? CTOME_ENOMEM : CTOME_OK;
}

/* Model parameters into the store: numbers as numbers; seeds as text,
 * which holds every 64-bit value exactly ("" when unused). */
static int model_param_cb(void *ctx, const ei_cli_param *p)
{
    char k[64], b[1024];
    snprintf(k, sizeof k, "model_%s", p->key);
    if (p->kind == EI_CLI_PARAM_NUM)
        return push_param(ctx, k, NULL, p->num);
    if (p->kind == EI_CLI_PARAM_BOOL)
        return push_param(ctx, k, NULL, p->set);
    ei_cli_param_text(p, b, sizeof b);
    return push_param(ctx, k, b, 0);
}

static void params_free(param_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->p[i].key);
        free(l->p[i].str);
    }
    free(l->p);
}

/* ei_cli_num_str into buf, returned (for one printf). */
static const char *num_str(double v, char buf[32])
{
    ei_cli_num_str(v, buf, 32);
    return buf;
}

/* Every parameter of the run: model options, integration, inputs. */
static int collect_params(const sim_args *a, param_list *l)
{
    int rc = ei_cli_model_params(&a->mo, model_param_cb, l);
    if (!rc)
        rc = push_param(l, "method", a->method_name, 0);
    if (!rc)
        rc = push_param(l, "dt", NULL, a->so.dt);
    if (!rc)
        rc = push_param(l, "t_end", NULL, a->so.t_end);
    if (!rc)
        rc = push_param(l, "sample_dt", NULL, a->so.sample_dt);
    if (!rc)
        rc = push_param(l, "rtol", NULL, a->so.rtol);
    if (!rc)
        rc = push_param(l, "atol", NULL, a->so.atol);
    if (!rc)
        rc = push_param(l, "noise_sigma", NULL, a->sigma);
    char *s = NULL;
    size_t len = 0;
    FILE *f = rc ? NULL : open_memstream(&s, &len);
    if (!rc && !f)
        rc = ctome_error_nomem();
    char b1[32], b2[32], b3[32];
    for (size_t i = 0; f && i < a->n_stim; i++)
        fprintf(f, "%s%s:%s:%s:%s", i ? "," : "", a->stim[i].target, num_str(a->stim[i].start, b1),
                num_str(a->stim[i].dur, b2), num_str(a->stim[i].amp, b3));
    if (f) {
        fclose(f);
        rc = push_param(l, "stimuli", s, 0);
        free(s);
        s = NULL;
        f = open_memstream(&s, &len);
        if (!f)
            rc = ctome_error_nomem();
    }
    for (size_t i = 0; f && i < a->n_input; i++)
        fprintf(f, "%s%s=%s", i ? "," : "", a->input[i].target, num_str(a->input[i].value, b1));
    if (f) {
        fclose(f);
        if (!rc)
            rc = push_param(l, "inputs", s, 0);
        free(s);
    }
    return rc;
}

static int write_store(const sim_args *a, const ctome_ei *m, const ctome_ei_trace *t,
                       const char *dataset, const param_list *pl, ctome_store **out)
{
    size_t n = t->n;
    ctome_store_sim r = {0};
    r.model = "ei-rate";
    r.dataset = (char *)dataset;
    r.seed = a->sigma != 0 ? a->seed : 0;
    r.n = n;
    r.T = t->T;
    r.traces = t->x;
    r.param = pl->p;
    r.n_param = pl->n;
    r.time = malloc(t->T * sizeof *r.time);
    r.neuron = calloc(n, sizeof *r.neuron);
    r.registry_index = malloc(n * sizeof *r.registry_index);
    char (*nb)[32] = malloc(n * sizeof *nb);
    int rc = (!r.time || !r.neuron || !r.registry_index || !nb) ? ctome_error_nomem() : CTOME_OK;
    for (size_t k = 0; !rc && k < t->T; k++)
        r.time[k] = (double)k * t->sample_dt;
    for (size_t i = 0; !rc && i < n; i++) {
        r.neuron[i] = (char *)neuron_name(m, i, nb[i]);
        r.registry_index[i] = m->reg[i];
    }
    char run[256];
    snprintf(run, sizeof run, "%s", a->name ? a->name : (dataset[0] ? dataset : "sim"));
    for (char *p = run; *p; p++)
        if (*p == '/')
            *p = '_';
    ctome_store *s = NULL;
    if (!rc)
        rc = ctome_store_create(a->out, &s);
    if (!rc)
        rc = ctome_store_put_sim(s, run, &r);
    if (rc && s)
        ctome_store_abort(s);
    else if (!rc)
        *out = s;
    free(r.time);
    free(r.neuron);
    free(r.registry_index);
    free(nb);
    return rc;
}

/* The --stability result as "# key<TAB>value" lines on stderr, after the
 * table: stdout holds one table (the neurons); the result is what was asked
 * for, so --quiet keeps it.  All of it is in --json. */
static void print_stability_text(const ctome_ei_stability *st, const char *start)
{
    fprintf(stderr, "# fixed_point_start\t%s\n", start);
    fprintf(stderr, "# fixed_point_converged\t%s\n", st->converged ? "yes" : "no");
    fprintf(stderr, "# newton_iterations\t%zu\n", st->iterations);
    fprintf(stderr, "# residual_inf\t%.3e\n", st->residual);
    double xmax = 0;
    for (size_t i = 0; i < st->n; i++)
        xmax = fabs(st->x[i]) > xmax ? fabs(st->x[i]) : xmax;
    fprintf(stderr, "# fixed_point_max_abs\t%.10g\n", xmax);
    fprintf(stderr, "# max_real_eigenvalue\t%.10g\n", st->max_real);
    fprintf(stderr, "# stable\t%s\n", st->stable ? "yes" : "no");
    fprintf(stderr, "# spectral_radius_W\t%.10g\n", st->rho_w);
    fprintf(stderr, "# spectral_radius_J\t%.10g\n", st->rho_j);
    fprintf(stderr, "# leading_eigenvalues");
    for (size_t i = 0; i < st->n_active && i < 6; i++)
        fprintf(stderr, "%c%.6g%+.6gi", i ? ',' : '\t', st->eig_re[i], st->eig_im[i]);
    fputc('\n', stderr);
}

static json_t *stability_json(const ctome_ei *m, const ctome_ei_stability *st, const char *start)
{
    json_t *o = json_object(), *ev = json_array(), *fp = json_object();
    json_object_set_new(o, "start", json_string(start));
    json_object_set_new(o, "converged", json_boolean(st->converged));
    json_object_set_new(o, "iterations", json_integer((json_int_t)st->iterations));
    json_object_set_new(o, "residual_inf", cli_json_num(st->residual));
    json_object_set_new(o, "max_real_eigenvalue", cli_json_num(st->max_real));
    json_object_set_new(o, "stable", json_boolean(st->stable));
    json_object_set_new(o, "spectral_radius_W", cli_json_num(st->rho_w));
    json_object_set_new(o, "spectral_radius_J", cli_json_num(st->rho_j));
    for (size_t i = 0; i < st->n_active; i++) {
        json_t *e = json_array();
        json_array_append_new(e, json_real(st->eig_re[i]));
        json_array_append_new(e, json_real(st->eig_im[i]));
        json_array_append_new(ev, e);
    }
    json_object_set_new(o, "eigenvalues", ev);
    char b[32];
    for (size_t i = 0; i < st->n; i++)
        json_object_set_new(fp, neuron_name(m, i, b), cli_json_num(st->x[i]));
    json_object_set_new(o, "fixed_point", fp);
    return o;
}

static int report(const sim_args *a, const ctome_ei *m, const ctome_ei_trace *t,
                  const char *dataset, const size_t *ch, size_t nch,
                  const ctome_ei_stability *st)
{
    size_t ne = 0, ni = 0, nz = 0;
    for (size_t i = 0; i < m->n; i++)
        ne += m->sign[i] > 0, ni += m->sign[i] < 0, nz += m->sign[i] == 0;
    const char *start = a->fp_from_end ? "end of simulation" : "zero";
    char b[32];
    if (a->as_json) {
        json_t *o = json_object(), *model = ei_cli_model_json(&a->mo), *rows = json_array();
        json_object_set_new(o, "dataset", json_string(dataset));
        json_object_set_new(o, "n_neurons", json_integer((json_int_t)m->n));
        json_object_set_new(o, "n_excitatory", json_integer((json_int_t)ne));
        json_object_set_new(o, "n_inhibitory", json_integer((json_int_t)ni));
        json_object_set_new(o, "n_unsigned", json_integer((json_int_t)nz));
        json_object_set_new(o, "n_chemical_entries", json_integer((json_int_t)m->w_ptr[m->n]));
        json_object_set_new(o, "n_gap_entries", json_integer((json_int_t)m->g_ptr[m->n]));
        json_object_set_new(o, "model", model);
        json_object_set_new(o, "method", json_string(a->method_name));
        json_object_set_new(o, "dt", json_real(a->so.dt));
        json_object_set_new(o, "t_end", json_real(a->so.t_end));
        json_object_set_new(o, "sample_dt", json_real(a->so.sample_dt));
        json_object_set_new(o, "n_samples", json_integer((json_int_t)t->T));
        json_object_set_new(o, "noise_sigma", json_real(a->sigma));
        if (a->sigma != 0)
            json_object_set_new(o, "seed", json_integer((json_int_t)a->seed));
        for (size_t q = 0; q < nch; q++) {
            row r = summarise(t, ch[q]);
            json_t *e = json_object();
            json_object_set_new(e, "neuron", json_string(neuron_name(m, ch[q], b)));
            json_object_set_new(e, "peak", cli_json_num(r.peak));
            json_object_set_new(e, "t_peak", cli_json_num(r.t_peak));
            json_object_set_new(e, "final", cli_json_num(r.final));
            json_array_append_new(rows, e);
        }
        json_object_set_new(o, "neurons", rows);
        if (st)
            json_object_set_new(o, "stability", stability_json(m, st, start));
        return cli_write_json(stdout, "<stdout>", o);
    }
    /* what the run was, on stderr as "# key<TAB>value" notes (--quiet drops
     * them; --json carries them): stdout is one table */
    if (!a->quiet) {
        fprintf(stderr, "# dataset\t%s\n", dataset);
        fprintf(stderr, "# neurons\t%zu (excitatory %zu, inhibitory %zu, unsigned %zu)\n", m->n, ne, ni, nz);
        fprintf(stderr, "# connections\t%zu chemical, %zu gap-junction entries\n", m->w_ptr[m->n],
                m->g_ptr[m->n]);
        fprintf(stderr, "# model\tchem_scale %g, gap_scale %g, tau %g, transfer %s, unknown %s\n",
                a->mo.opts.chem_scale, a->mo.opts.gap_scale, a->mo.opts.tau,
                ei_cli_transfer_name(a->mo.opts.f), ei_cli_unknown_name(a->mo.opts.unknown));
        fprintf(stderr, "# integration\t%s, dt %g, t_end %g, sample_dt %g\n", a->method_name, a->so.dt,
                a->so.t_end, a->so.sample_dt);
        if (a->sigma != 0)
            fprintf(stderr, "# noise\tsigma %g, seed %" PRIu64 "\n", a->sigma, a->seed);
    }
    printf("neuron\tpeak\tt_peak\tfinal\n");
    for (size_t q = 0; q < nch; q++) {
        row r = summarise(t, ch[q]);
        printf("%s\t%.6g\t%.6g\t%.6g\n", neuron_name(m, ch[q], b), r.peak, r.t_peak, r.final);
    }
    if (st)
        print_stability_text(st, start);
    return ferror(stdout) ? ctome_error(CTOME_EIO, "<stdout>", 0, "cannot write") : CTOME_OK;
}

static int figure(const sim_args *a, const ctome_ei *m, const ctome_ei_trace *t,
                  const char *dataset, const size_t *ch, size_t nch)
{
    const char **names = malloc((nch ? nch : 1) * sizeof *names);
    char (*nb)[32] = malloc((nch ? nch : 1) * sizeof *nb);
    int rc = (!names || !nb) ? ctome_error_nomem() : CTOME_OK;
    for (size_t q = 0; !rc && q < nch && q < 12; q++)
        names[q] = neuron_name(m, ch[q], nb[q]);
    char title[256];
    snprintf(title, sizeof title, "%s: E/I rate model, %zu neurons, %s%s%s", dataset, m->n,
             a->n_stim ? "stimulus " : "no stimulus",
             a->n_stim ? a->stim[0].target : "", a->n_stim > 1 ? ", ..." : "");
    if (!rc)
        rc = ctome_plot_ei_traces(m, t, title, names, nch < 12 ? nch : 12, a->figure);
    free(names);
    free(nb);
    return rc;
}

/* The traces hold n x (t_end / sample_dt + 1) numbers: refuse a request
 * over the memory ceiling by its options before anything is allocated. */
static int check_trace_size(const sim_args *a, size_t n)
{
    const ctome_ei_sim_opts *o = &a->so;
    if (!(o->t_end > 0) || !(o->sample_dt > 0) || !isfinite(o->t_end) || !isfinite(o->sample_dt))
        return CTOME_OK;   /* ctome_ei_simulate names the bad value */
    char what_for[96];
    snprintf(what_for, sizeof what_for, "--t-end %g with --sample-dt %g", o->t_end, o->sample_dt);
    return ctome_size_check((nearbyint(o->t_end / o->sample_dt) + 1) * (double)n, sizeof(double), what_for,
                            "traces", "lower --t-end or raise --sample-dt", NULL);
}

static int run(sim_args *a, const char *conn_arg)
{
    ctome_ei *m = NULL;
    ctome_connectome *c = NULL;
    ctome_ei_input *in = NULL;
    ctome_ei_trace t = {0};
    ctome_ei_stability st;
    memset(&st, 0, sizeof st);
    int have_st = 0;
    size_t *ch = NULL, nch = 0;
    param_list pl = {0};
    ctome_store *store = NULL;
    int rc = ei_cli_model_build(&a->mo, conn_arg, &m, &c);
    const char *dataset = c && c->id ? c->id : conn_arg;
    if (!rc)
        rc = check_trace_size(a, m->n);
    if (!rc)
        rc = make_input(m, a, &in);
    if (!rc)
        rc = chosen_neurons(m, a, &ch, &nch);
    if (!rc)
        rc = ctome_ei_simulate(m, in, &a->so, &t);
    if (!rc && a->stability) {
        ctome_ei_fp_opts fo;
        ctome_ei_fp_opts_default(&fo);
        double *x0 = NULL;
        if (a->fp_from_end) {
            x0 = malloc(m->n * sizeof *x0);
            if (!x0)
                rc = ctome_error_nomem();
            for (size_t i = 0; x0 && i < m->n; i++)
                x0[i] = t.x[i * t.T + t.T - 1];
            fo.x0 = x0;
        }
        if (!rc)
            rc = ctome_ei_stability_run(m, in, &fo, &st);
        have_st = !rc;
        free(x0);
    }
    if (!rc && a->out) {
        rc = collect_params(a, &pl);
        if (!rc)
            rc = write_store(a, m, &t, dataset, &pl, &store);
    }
    if (!rc && a->figure)
        rc = figure(a, m, &t, dataset, ch, nch);
    if (store) {   /* committed last: a failed figure leaves no store behind */
        if (rc)
            ctome_store_abort(store);
        else if ((rc = ctome_store_commit(store)) && a->figure)
            unlink(a->figure);
    }
    if (!rc)
        rc = report(a, m, &t, dataset, ch, nch, have_st ? &st : NULL);
    if (have_st)
        ctome_ei_stability_free(&st);
    params_free(&pl);
    free(ch);
    ctome_ei_trace_free(&t);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
    ctome_connectome_free(c);
    return rc;
}

int cmd_sim(int argc, char **argv)
{
    sim_args a;
    memset(&a, 0, sizeof a);
    ei_cli_model_init(&a.mo);
    ctome_ei_sim_opts_default(&a.so);
    a.method_name = "rk4";
    a.seed = 1;
    const char *conn = NULL;
    int rc = parse_args(argc, argv, &a, &conn);
    if (rc) {
        args_free(&a);
        return rc < 0 ? CLI_OK : rc;
    }
    if (a.sigma != 0 && !a.seed_given && !a.quiet)
        fprintf(stderr, "ctome sim: note: no --seed given, using seed %" PRIu64 "\n", a.seed);
    rc = run(&a, conn);
    args_free(&a);
    return rc ? cli_fail() : CLI_OK;
}
