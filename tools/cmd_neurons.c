/* ctome neurons — the neuron registry. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *neuron_json(const ctome_registry *r, const ctome_neuron *n)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", n->name, "class", n->cls,
                          "type", ctome_neuron_type_name(n->type), "sex", ctome_sex_name(n->sex),
                          "neurotransmitter", n->nt, "nt_source", n->nt_source,
                          "sign", ctome_sign_name(n->sign));
    /* the TSV's columns x_um, y_um, z_um (null without a position) */
    static const char *const axis[] = {"x_um", "y_um", "z_um"};
    for (int k = 0; k < 3; k++)
        json_object_set_new(o, axis[k], n->has_pos ? json_real(n->pos[k]) : json_null());
    if (n->has_pos)
        json_object_set_new(o, "position_source", json_string(n->pos_source));
    json_object_set_new(o, "partner", n->partner >= 0
                                          ? json_string(ctome_registry_neuron(r, (size_t)n->partner)->name)
                                          : json_null());
    return o;
}

static void print_row(const ctome_registry *r, const ctome_neuron *n)
{
    printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t", n->name, n->cls, ctome_neuron_type_name(n->type),
           ctome_sex_name(n->sex), n->nt[0] ? n->nt : "-", ctome_sign_name(n->sign),
           n->nt_source[0] ? n->nt_source : "-");
    if (n->has_pos)
        printf("%.2f\t%.2f\t%.2f\t", n->pos[0], n->pos[1], n->pos[2]);
    else
        printf("NA\tNA\tNA\t");
    printf("%s\n", n->partner >= 0 ? ctome_registry_neuron(r, (size_t)n->partner)->name : "-");
}

static int wanted(const ctome_neuron *n, const char *sex)
{
    if (strcmp(sex, "all") == 0)
        return 1;
    if (strcmp(sex, "male") == 0)
        return n->sex == CTOME_SEX_MALE;
    return n->sex != CTOME_SEX_MALE;
}

const cli_opt cli_opts_neurons[] = {
    {"sex", 's', 's', "S", "herm (302, default for the list), male (male-specific), all", CLI_VAL_ENUM,
     "herm|male|all", 0, NULL},
    CLI_OPT_JSON("one JSON document"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_neurons(int argc, char **argv)
{
    int as_json = 0;
    const char *sex = NULL;
    cli_parser p;
    int k;
    cli_opts_begin(&p, "neurons", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 's': sex = p.arg; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    as_json = p.json;
    if (sex && strcmp(sex, "herm") && strcmp(sex, "male") && strcmp(sex, "all"))
        return cli_usage_error("neurons", "--sex must be herm, male or all, not '%s'", sex);
    const ctome_registry *r = cli_registry();
    if (!r)
        return cli_fail();
    /* Resolve every name first so an unknown one fails before any output: a
     * neuron, or every neuron of a class (AVA -> AVAL, AVAR), any case. */
    size_t nn = (size_t)(argc - first), nr = ctome_registry_size(r), total = 0;
    size_t *idx = malloc((nn ? nn * nr : 1) * sizeof *idx);
    if (!idx)
        return cli_failf("out of memory");
    for (size_t i = 0; i < nn; i++) {
        const char *name = argv[first + (int)i];
        int k = ctome_registry_find(r, name);
        size_t before = total;
        if (k >= 0)
            idx[total++] = (size_t)k;
        else
            for (size_t j = 0; j < nr; j++)
                if (ctome_neuron_in_class(ctome_registry_neuron(r, j), name))
                    idx[total++] = j;
        if (total == before) {
            free(idx);
            return cli_failf("unknown neuron or class '%s' (ctome neurons lists the registry)", name);
        }
    }
    if (!sex)
        sex = nn ? "all" : "herm";
    json_t *arr = as_json ? json_array() : NULL;
    if (!as_json)
        printf("name\tclass\ttype\tsex\tneurotransmitter\tsign\tnt_source\tx_um\ty_um\tz_um\tpartner\n");
    if (!nn)
        total = nr;
    for (size_t i = 0; i < total; i++) {
        const ctome_neuron *n = ctome_registry_neuron(r, nn ? idx[i] : i);
        if (!nn && !wanted(n, sex))
            continue;
        if (as_json)
            json_array_append_new(arr, neuron_json(r, n));
        else
            print_row(r, n);
    }
    free(idx);
    if (as_json) {
        json_t *out = total == 1 && nn == 1 ? json_incref(json_array_get(arr, 0)) : json_incref(arr);
        json_decref(arr);
        return cli_print_json(out);
    }
    return CLI_OK;
}
