/* ctome reproduce — rerun the seed papers' headline results on the bundled
 * data and print, per claim, the paper's value, ctome's value, the tolerance
 * and the verdict.  The claims and their computations live in
 * lib/reproduce; this file parses options and prints. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "reproduce.h"
#include "reproduce_figs.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ctome_repro_opts ro;
    int as_json, quiet, list;
    const char *plot;
} repro_args;

/* The TSV's columns are the JSON's keys (claim, measure, paper_value, source,
 * ctome_value, tolerance, verdict, why, computed_on: texts as printed); the
 * JSON adds the numbers behind the two values (paper_number, ctome_number;
 * null for a claim stated in words). */
static json_t *paper_json(const ctome_repro_paper *p)
{
    json_t *cl = json_array();
    for (size_t i = 0; i < p->n_claims; i++) {
        const ctome_claim *c = &p->claims[i];
        json_array_append_new(cl, json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "claim",
                                            c->id, "measure", c->claim, "paper_value", c->paper_text,
                                            "paper_number", cli_json_num(c->paper_value), "source", c->source,
                                            "ctome_value", c->value_text, "ctome_number", cli_json_num(c->value),
                                            "tolerance", c->tol_text, "verdict", ctome_verdict_name(c->verdict),
                                            "why", c->why, "computed_on", c->data));
    }
    size_t r, d;
    ctome_repro_counts(p, &r, &d);
    return json_pack("{s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:o}", "paper", p->key, "citation", p->citation, "seed",
                     (json_int_t)p->seed, "mode", p->full ? "full" : "quick", "reproduced", (json_int_t)r, "differs",
                     (json_int_t)d, "skipped", (json_int_t)ctome_repro_n_skipped(p), "claims", cl);
}

/* One table on stdout, one header line; the verdict count of each paper goes
 * to stderr (cmd_reproduce). */
static void print_paper(const ctome_repro_paper *p, int header)
{
    if (header)
        printf("paper\tclaim\tmeasure\tpaper_value\tsource\tctome_value\ttolerance\tverdict\twhy\tcomputed_on\n");
    for (size_t i = 0; i < p->n_claims; i++) {
        const ctome_claim *c = &p->claims[i];
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p->key, c->id, c->claim, c->paper_text, c->source,
               c->value_text, c->tol_text, ctome_verdict_name(c->verdict), c->why[0] ? c->why : "-",
               c->data[0] ? c->data : "-");
    }
}

/* FIG.png -> FIG_<key>.png when several papers share one --plot. */
static char *plot_path(const char *plot, const char *key, int many)
{
    size_t n = strlen(plot) + strlen(key) + 3;
    char *s = malloc(n);
    if (!s)
        return NULL;
    const char *dot = strrchr(plot, '.');
    if (!many || !dot)
        snprintf(s, n, "%s", plot);
    else
        snprintf(s, n, "%.*s_%s%s", (int)(dot - plot), plot, key, dot);
    return s;
}

const cli_opt cli_opts_reproduce[] = {
    {"list", 'L', 'L', NULL, "print the paper keys and their citations, then stop", CLI_VAL_NONE, NULL, 0, NULL},
    {"full", 'F', 'F', NULL,
     "paper-scale budgets (1000 nulls, 10 seRNN seeds per group, the 302-unit rank sweep of 1000 updates, more "
     "episodes); the default quick mode runs all papers in about a minute on 2 cores",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"seed", 's', 's', "S", "default 1; every random choice of every paper flows from S", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"threads", 't', 't', "T", "default: all cores; results do not depend on T", CLI_VAL_NUMBER, NULL, 0, NULL},
    CLI_OPT_JSON("one JSON document (papers, claims, verdicts, seed, mode)"),
    CLI_OPT_PLOT("per paper: ctome / paper value of every numeric claim (green REPRODUCED, red DIFFERS) and the "
                 "paper's curve (rich club, synapses over development, transfer, ...); several papers write "
                 "PATH_<paper>.png, each named on stderr"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

/* Options into *a; *first = the first paper argument.  CLI_OK, a usage
 * status, or -1 after --help. */
static int parse(int argc, char **argv, repro_args *a, int *first)
{
    ctome_repro_opts_default(&a->ro);
    int k, rc;
    cli_parser p;
    cli_opts_begin(&p, "reproduce", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'F': a->ro.full = 1; break;
        case 's':
            if ((rc = cli_parse_u64("reproduce", p.opt, p.arg, 0, UINT64_MAX, &a->ro.seed)))
                return rc;
            break;
        case 't':
            if ((rc = cli_parse_int("reproduce", p.opt, p.arg, 1, CLI_MAX_THREADS, &a->ro.threads)))
                return rc;
            break;
        case 'L': a->list = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status == CLI_OK ? -1 : p.status;
    a->as_json = p.json;
    a->quiet = p.quiet;
    a->plot = p.plot;
    *first = p.optind;
    if (!a->list && *first >= argc)
        return cli_usage_error("reproduce", "name a paper (see --list) or 'all'");
    for (int i = *first; i < argc; i++)
        if (strcmp(argv[i], "all") && ctome_repro_find(argv[i]) < 0)
            return cli_usage_error("reproduce", "unknown paper '%s' (see ctome reproduce --list)", argv[i]);
    return CLI_OK;
}

int cmd_reproduce(int argc, char **argv)
{
    repro_args a = {0};
    int first = 1;
    int prc = parse(argc, argv, &a, &first);
    if (prc)
        return prc < 0 ? CLI_OK : prc;
    size_t np = ctome_repro_n_papers();
    if (a.list) {
        for (size_t i = 0; i < np; i++)
            printf("%s\t%s\n", ctome_repro_paper_key(i), ctome_repro_paper_citation(i));
        return CLI_OK;
    }
    /* the papers to run, in table order, each once */
    int want[64] = {0};
    for (int i = first; i < argc; i++) {
        if (!strcmp(argv[i], "all"))
            for (size_t k = 0; k < np; k++)
                want[k] = 1;
        else
            want[ctome_repro_find(argv[i])] = 1;
    }
    size_t n_want = 0;
    for (size_t k = 0; k < np; k++)
        n_want += want[k];
    a.ro.datadir = cli_datadir();
    a.ro.reg = cli_registry();
    if (!a.ro.reg)
        return cli_fail();
    /* output paths are checked before the work starts */
    for (size_t k = 0; a.plot && k < np; k++) {
        if (!want[k])
            continue;
        char *path = plot_path(a.plot, ctome_repro_paper_key(k), n_want > 1);
        int rc = path ? cli_output_check("reproduce", "--plot", path, CLI_OUT_FIGURE) : cli_failf("out of memory");
        free(path);
        if (rc)
            return rc;
    }
    if (!a.quiet)
        fprintf(stderr, "ctome reproduce: %s mode, seed %" PRIu64 "%s\n", a.ro.full ? "full" : "quick", a.ro.seed,
                a.ro.full ? "" : " (paper-scale budgets: --full)");
    json_t *arr = a.as_json ? json_array() : NULL;
    int rc = CTOME_OK, header = 1;
    size_t tot_r = 0, tot_d = 0, tot_s = 0;
    for (size_t k = 0; k < np && !rc; k++) {
        if (!want[k])
            continue;
        if (!a.quiet)
            fprintf(stderr, "ctome reproduce: %s ...\n", ctome_repro_paper_key(k));
        ctome_repro_paper p;
        if ((rc = ctome_repro_run(k, &a.ro, &p)))
            break;
        size_t r, d;
        ctome_repro_counts(&p, &r, &d);
        tot_r += r;
        tot_d += d;
        tot_s += ctome_repro_n_skipped(&p);
        if (!a.quiet)
            fprintf(stderr, "ctome reproduce: %s: %zu REPRODUCED, %zu DIFFERS (%s, seed %" PRIu64 "), %.1f s; %s\n",
                    p.key, r, d, p.full ? "full" : "quick", p.seed, p.seconds, p.citation);
        /* even under --quiet: claims left out by this build are not a result */
        if (ctome_repro_n_skipped(&p))
            fprintf(stderr, "ctome reproduce: %s: %zu claims SKIPPED: this ctome lacks a feature they need (the why "
                            "column names it)\n", p.key, ctome_repro_n_skipped(&p));
        if (arr)
            json_array_append_new(arr, paper_json(&p));
        else {
            print_paper(&p, header);
            header = 0;
            fflush(stdout);
        }
        if (a.plot) {
            char *path = plot_path(a.plot, p.key, n_want > 1);
            rc = path ? ctome_plot_reproduce(&p, path) : ctome_error_nomem();
            if (!rc && !a.quiet)
                fprintf(stderr, "ctome reproduce: figure written to %s\n", path);
            free(path);
        }
        ctome_repro_paper_clear(&p);
    }
    if (!rc && arr) {
        json_t *doc = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "ctome_version", ctome_version(), "mode",
                                a.ro.full ? "full" : "quick", "seed", (json_int_t)a.ro.seed, "reproduced",
                                (json_int_t)tot_r, "differs", (json_int_t)tot_d, "skipped", (json_int_t)tot_s,
                                "papers", arr);
        rc = cli_write_json(stdout, "<stdout>", doc);
    } else
        json_decref(arr);
    return rc ? cli_fail() : CLI_OK;
}
