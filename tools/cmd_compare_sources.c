/* ctome compare-sources — where bundled files of one connectome disagree. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const ctome_dataset *d;
    ctome_connectome *c[CTOME_MAX_SOURCES];
    size_t n;
} sources;

static void sources_free(sources *s)
{
    for (size_t i = 0; i < s->n; i++)
        ctome_connectome_free(s->c[i]);
}

/* Union of the layer names over every source, in first-seen order. */
static size_t layer_names(const sources *s, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->c[i]->n_layers; k++) {
            const char *nm = s->c[i]->layers[k].name;
            size_t j = 0;
            while (j < n && strcmp(names[j], nm))
                j++;
            if (j == n && n < max)
                names[n++] = nm;
        }
    return n;
}

static json_t *edges_json(const ctome_edge_diff *v, size_t n, size_t limit)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n && (!limit || i < limit); i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:f, s:f}", "pre", v[i].pre, "post", v[i].post, "weight_a",
                                           v[i].wa, "weight_b", v[i].wb));
    return a;
}

static json_t *names_json(const char **v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *diff_json(const char *layer, const char *la, const char *lb, const ctome_source_diff *d,
                         size_t limit)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:o, s:o, s:o, s:o, s:o}",
                     "layer", layer, "source_a", la, "source_b", lb, "shared", (json_int_t)d->shared,
                     "same_weight", (json_int_t)d->same_weight, "weight_differs", (json_int_t)d->n_differ,
                     "only_a", (json_int_t)d->n_only_a, "only_b", (json_int_t)d->n_only_b,
                     "total_a", d->total_a, "total_b", d->total_b,
                     "cells_only_a", names_json(d->cells_only_a, d->n_cells_only_a),
                     "cells_only_b", names_json(d->cells_only_b, d->n_cells_only_b),
                     "edges_only_a", edges_json(d->only_a, d->n_only_a, limit),
                     "edges_only_b", edges_json(d->only_b, d->n_only_b, limit),
                     "weight_differences", edges_json(d->differ, d->n_differ, limit));
}

/* The summary of a pair of sources is a note on stderr; stdout holds one
 * table of differing edges. */
static void print_names(const char *what, const char **v, size_t n)
{
    if (!n)
        return;
    fprintf(stderr, "ctome compare-sources: note:   %s (%zu):", what, n);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, " %s", v[i]);
    fputc('\n', stderr);
}

static void print_edges(const char *layer, const char *la, const char *lb, const char *kind,
                        const ctome_edge_diff *v, size_t n, size_t limit)
{
    for (size_t i = 0; i < n && (!limit || i < limit); i++)
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%.10g\t%.10g\n", layer, la, lb, kind, v[i].pre, v[i].post, v[i].wa,
               v[i].wb);
    /* a truncated table is said even under --quiet */
    if (limit && n > limit)
        fprintf(stderr, "ctome compare-sources: %s %s vs %s: %zu more %s rows not listed (--limit 0 for all)\n",
                layer, la, lb, n - limit, kind);
}

static void print_diff(const char *layer, const char *la, const char *lb, const ctome_source_diff *d,
                       size_t limit, int quiet)
{
    if (!quiet) {
        fprintf(stderr, "ctome compare-sources: note: layer %s: A = %s, B = %s (neurons only)\n", layer, la, lb);
        fprintf(stderr, "ctome compare-sources: note:   edges: %zu shared (%zu same weight, %zu differ), %zu only "
                "in A, %zu only in B; total weight A %.10g, B %.10g\n", d->shared, d->same_weight, d->n_differ,
                d->n_only_a, d->n_only_b, d->total_a, d->total_b);
        print_names("neurons with edges only in A", d->cells_only_a, d->n_cells_only_a);
        print_names("neurons with edges only in B", d->cells_only_b, d->n_cells_only_b);
    }
    print_edges(layer, la, lb, "only_in_A", d->only_a, d->n_only_a, limit);
    print_edges(layer, la, lb, "only_in_B", d->only_b, d->n_only_b, limit);
    print_edges(layer, la, lb, "weight_differs", d->differ, d->n_differ, limit);
}

const cli_opt cli_opts_compare_sources[] = {
    {"limit", 0, 'n', "N", "list at most N differing pairs per category (default 20; 0 = all)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    CLI_OPT_ALIAS_SHORT('n', "limit"),   /* -n is the null count elsewhere */
    CLI_OPT_JSON("one JSON document: per layer and pair of sources the counts, the neurons with edges in one "
                 "source only and the differing edges (pre, post, weight_a, weight_b)"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_compare_sources(int argc, char **argv)
{
    int as_json = 0;
    long limit = 20;
    cli_parser p;
    int k;
    cli_opts_begin(&p, "compare-sources", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'n': {
            int64_t v;
            int prc = cli_parse_i64("compare-sources", p.opt, p.arg, 0, INT32_MAX, &v);
            if (prc)
                return prc;
            limit = (long)v;
            break;
        }
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    as_json = p.json;
    if (first + 1 != argc)
        return cli_usage_error("compare-sources", "name one dataset id");
    sources s = {ctome_dataset_find(argv[first]), {0}, 0};
    if (!s.d)
        return cli_failf("unknown dataset '%s' (ctome datasets lists them)", argv[first]);
    size_t ns = ctome_dataset_n_sources(s.d);
    if (ns < 2)
        return cli_failf("dataset %s has a single bundled source (%s): nothing to compare", s.d->id,
                         s.d->sources[0].label);
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return cli_fail();
    for (; s.n < ns; s.n++)
        if (ctome_dataset_load_source(s.d, s.n, cli_datadir(), reg, &s.c[s.n])) {
            sources_free(&s);
            return cli_fail();
        }
    const char *layers[16];
    size_t nl = layer_names(&s, layers, 16);
    json_t *arr = as_json ? json_array() : NULL;
    if (!as_json)
        printf("layer\tsource_a\tsource_b\tkind\tpre\tpost\tweight_a\tweight_b\n");
    int rc = CTOME_OK;
    for (size_t l = 0; l < nl && !rc; l++)
        for (size_t a = 0; a < ns && !rc; a++)
            for (size_t b = a + 1; b < ns && !rc; b++) {
                ctome_source_diff d;
                if ((rc = ctome_source_diff_compute(s.c[a], s.c[b], layers[l], 1, &d)))
                    break;
                const char *la = s.d->sources[a].label, *lb = s.d->sources[b].label;
                if (as_json)
                    json_array_append_new(arr, diff_json(layers[l], la, lb, &d, (size_t)limit));
                else
                    print_diff(layers[l], la, lb, &d, (size_t)limit, p.quiet);
                ctome_source_diff_free(&d);
            }
    if (as_json && !rc) {
        if (cli_print_json(json_pack("{s:s, s:o}", "dataset", s.d->id, "comparisons", arr)))
            rc = CTOME_EIO;
    } else if (arr) {
        json_decref(arr);
    }
    sources_free(&s);
    return rc ? cli_fail() : CLI_OK;
}
