/* ei_cli.c — command-line model options to a built E/I model (ei_cli.h). */
#include "ei_cli.h"

#include "cli.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ei_ablate.h"

static const char *const transfer_names[] = {"tanh", "sigmoid", "relu", "linear"};
static const char *const unknown_names[] = {"excitatory", "inhibitory", "zero", "error"};

const char *ei_cli_transfer_name(ctome_ei_transfer f)
{
    return (unsigned)f <= CTOME_EI_LINEAR ? transfer_names[f] : "?";
}

const char *ei_cli_unknown_name(ctome_ei_unknown_policy p)
{
    return (unsigned)p <= CTOME_EI_UNKNOWN_ERROR ? unknown_names[p] : "?";
}

void ei_cli_model_init(ei_cli_model *mo)
{
    memset(mo, 0, sizeof *mo);
    ctome_ei_opts_default(&mo->opts);
}

void ei_cli_model_free(ei_cli_model *mo)
{
    free(mo->sign);
    free(mo->silence);
    mo->sign = NULL;
    mo->silence = NULL;
    mo->n_sign = mo->n_silence = 0;
}

/* A number as the whole argument (NaN and inf parse: the build rejects them
 * with a message naming the value, exit 1). */
static int parse_double(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0';
}

static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static int parse_sign(const char *s, int *sign)
{
    if (!strcmp(s, "+1") || !strcmp(s, "1") || !strcmp(s, "excitatory"))
        *sign = 1;
    else if (!strcmp(s, "-1") || !strcmp(s, "inhibitory"))
        *sign = -1;
    else if (!strcmp(s, "0") || !strcmp(s, "zero"))
        *sign = 0;
    else
        return 0;
    return 1;
}

static int add_sign(ei_cli_model *mo, const char *cmd, const char *arg)
{
    const char *eq = strrchr(arg, '=');
    int s;
    if (!eq || eq == arg || !parse_sign(eq + 1, &s)) {
        cli_usage_error(cmd, "--sign wants NEURON_OR_CLASS=+1|-1|0, got '%s'", arg);
        return -1;
    }
    ei_cli_sign *v = realloc(mo->sign, (mo->n_sign + 1) * sizeof *v);
    if (!v) {
        cli_failf("out of memory");
        return -1;
    }
    mo->sign = v;
    /* The whole NAME=S argument (argv's); the name is split off when building. */
    v[mo->n_sign].target = arg;
    v[mo->n_sign++].sign = s;
    return 1;
}

static int add_silence(ei_cli_model *mo, const char *arg)
{
    const char **v = realloc(mo->silence, (mo->n_silence + 1) * sizeof *v);
    if (!v) {
        cli_failf("out of memory");
        return -1;
    }
    mo->silence = v;
    v[mo->n_silence++] = arg;
    return 1;
}

int ei_cli_model_option(ei_cli_model *mo, const char *cmd, int opt, const char *arg)
{
    if (opt < EI_CLI_OPT_CHEM_SCALE || opt >= EI_CLI_OPT_LAST_)
        return 0;
    int k;
    switch (opt) {
    case EI_CLI_OPT_CHEM_SCALE:
    case EI_CLI_OPT_GAP_SCALE:
    case EI_CLI_OPT_TAU: {
        double v;
        static const char *const flag[] = {"--chem-scale", "--gap-scale", "--tau"};
        /* any finite number: the model's own range checks name the value
         * (exit 1, like a bad value in a tau file) */
        if (cli_parse_double(cmd, flag[opt - EI_CLI_OPT_CHEM_SCALE], arg, -DBL_MAX, DBL_MAX, &v))
            return -1;
        if (opt == EI_CLI_OPT_CHEM_SCALE)
            mo->opts.chem_scale = v;
        else if (opt == EI_CLI_OPT_GAP_SCALE)
            mo->opts.gap_scale = v;
        else
            mo->opts.tau = v;
        return 1;
    }
    case EI_CLI_OPT_TAU_FILE:
        mo->tau_file = arg;
        return 1;
    case EI_CLI_OPT_TRANSFER:
        if ((k = pick(arg, transfer_names, 4)) < 0) {
            cli_usage_error(cmd, "--transfer wants tanh, sigmoid, relu or linear, got '%s'", arg);
            return -1;
        }
        mo->opts.f = (ctome_ei_transfer)k;
        return 1;
    case EI_CLI_OPT_UNKNOWN:
        if ((k = pick(arg, unknown_names, 4)) < 0) {
            cli_usage_error(cmd, "--unknown wants zero, excitatory, inhibitory or error, got '%s'",
                            arg);
            return -1;
        }
        mo->opts.unknown = (ctome_ei_unknown_policy)k;
        return 1;
    case EI_CLI_OPT_SIGN:
        return add_sign(mo, cmd, arg);
    case EI_CLI_OPT_SILENCE:
        return add_silence(mo, arg);
    case EI_CLI_OPT_REMOVE_LAYER:
        if ((k = ctome_ei_layer_parse(arg)) < 0) {
            cli_usage_error(cmd, "--remove-layer wants chemical or electrical, got '%s'", arg);
            return -1;
        }
        if (k == CTOME_EI_CHEMICAL)
            mo->remove_chemical = 1;
        else
            mo->remove_electrical = 1;
        return 1;
    case EI_CLI_OPT_FLIP_SIGNS:
        mo->flip_signs = 1;
        return 1;
    case EI_CLI_OPT_RANDOM_SIGNS:
    case EI_CLI_OPT_SHUFFLE_WEIGHTS: {
        uint64_t s;
        int rs = opt == EI_CLI_OPT_RANDOM_SIGNS;
        if (cli_parse_u64(cmd, rs ? "--random-signs" : "--shuffle-weights", arg, 0, UINT64_MAX, &s))
            return -1;
        if (rs) {
            mo->random_signs = 1;
            mo->random_signs_seed = s;
        } else {
            mo->shuffle_weights = 1;
            mo->shuffle_seed = s;
        }
        return 1;
    }
    default:
        return 0;
    }
}

/* Registry neurons a name selects: the neuron, or every neuron of the class.
 * Marks them in `hit` (registry size); returns how many. */
static size_t registry_select(const ctome_registry *reg, const char *name, size_t len,
                              unsigned char *hit)
{
    char buf[64];
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, name, len);
    buf[len] = '\0';
    int r = ctome_registry_find(reg, buf);
    if (r >= 0) {
        hit[r] = 1;
        return 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < ctome_registry_size(reg); i++)
        if (ctome_neuron_in_class(ctome_registry_neuron(reg, i), buf)) {
            hit[i] = 1;
            k++;
        }
    return k;
}

/* The --sign overrides as a per-registry-neuron array (NULL when none). */
static int sign_overrides(const ei_cli_model *mo, const ctome_registry *reg, signed char **out)
{
    *out = NULL;
    if (!mo->n_sign)
        return CTOME_OK;
    size_t nr = ctome_registry_size(reg);
    signed char *ov = malloc(nr);
    unsigned char *hit = malloc(nr);
    if (!ov || !hit) {
        free(ov);
        free(hit);
        return ctome_error_nomem();
    }
    memset(ov, CTOME_EI_SIGN_KEEP, nr);
    for (size_t a = 0; a < mo->n_sign; a++) {
        const char *t = mo->sign[a].target;
        size_t len = (size_t)(strrchr(t, '=') - t);
        memset(hit, 0, nr);
        if (!registry_select(reg, t, len, hit)) {
            free(ov);
            free(hit);
            return ctome_error(CTOME_ENOTFOUND, NULL, 0, "unknown neuron or class in --sign '%.*s'",
                               (int)len, t);
        }
        for (size_t r = 0; r < nr; r++)
            if (hit[r])
                ov[r] = (signed char)mo->sign[a].sign;
    }
    free(hit);
    *out = ov;
    return CTOME_OK;
}

/* Apply a tau file: lines NAME<TAB>tau (or any blanks), '#' comments. */
static int apply_tau_file(ctome_ei *m, const char *path)
{
    char *buf = NULL;
    size_t len;
    int rc = ctome_file_read(path, &buf, &len);
    if (rc)
        return rc;
    size_t lineno = 0, skipped = 0;
    char *save = NULL;
    for (char *line = buf; line && !rc; line = save) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        lineno++;
        char *h = strchr(line, '#');
        if (h)
            *h = '\0';
        char name[64], val[64], extra[2];
        int got = sscanf(line, "%63s %63s %1s", name, val, extra);
        if (got <= 0)
            continue;
        double tau;
        if (got != 2 || !parse_double(val, &tau)) {
            rc = ctome_error(CTOME_EFORMAT, path, (int)lineno,
                             "expected NAME<TAB>tau, got '%s'", line);
            break;
        }
        if (!isfinite(tau) || tau <= 0) {
            rc = ctome_error(CTOME_EVALUE, path, (int)lineno, "tau of '%s' must be > 0, got '%s'",
                             name, val);
            break;
        }
        size_t *idx = NULL, k = 0;
        rc = ctome_ei_select(m, name, &idx, &k);
        if (rc == CTOME_ENOTFOUND && m->registry && ctome_registry_find(m->registry, name) >= 0) {
            skipped++;   /* a registry neuron this connectome's model lacks */
            rc = CTOME_OK;
            continue;
        }
        if (rc) {
            rc = ctome_error(CTOME_ENOTFOUND, path, (int)lineno, "unknown neuron or class '%s'",
                             name);
            break;
        }
        for (size_t a = 0; a < k && !rc; a++)
            rc = ctome_ei_set_tau(m, idx[a], tau);
        free(idx);
    }
    free(buf);
    if (!rc && skipped)
        fprintf(stderr, "ctome: note: %zu neurons of %s are not in the model (ignored)\n", skipped,
                path);
    return rc;
}

static int apply_ablations(const ei_cli_model *mo, ctome_ei *m, const char *id)
{
    int rc = CTOME_OK;
    if (mo->remove_chemical)
        rc = ctome_ei_remove_layer(m, CTOME_EI_CHEMICAL);
    if (!rc && mo->remove_electrical)
        rc = ctome_ei_remove_layer(m, CTOME_EI_ELECTRICAL);
    for (size_t a = 0; !rc && a < mo->n_silence; a++) {
        size_t *idx = NULL, k = 0;
        rc = ctome_ei_select(m, mo->silence[a], &idx, &k);
        if (rc)
            rc = ctome_error(CTOME_ENOTFOUND, NULL, 0,
                             "neuron or class to silence '%s' is not in the model of '%s'",
                             mo->silence[a], id);
        else
            rc = ctome_ei_silence(m, idx, k);
        free(idx);
    }
    if (!rc && mo->flip_signs)
        ctome_ei_flip_signs(m);
    if (!rc && mo->random_signs)
        rc = ctome_ei_random_signs(m, mo->random_signs_seed);
    if (!rc && mo->shuffle_weights)
        ctome_ei_shuffle_weights(m, mo->shuffle_seed);
    /* Removing a layer can leave an empty network (a chemical-only edge list
     * without its chemical layer): refuse it rather than simulate nothing.
     * Silencing may isolate neurons on purpose, so it is not checked. */
    if (!rc && (mo->remove_chemical || mo->remove_electrical) && ctome_ei_n_connections(m) == 0)
        rc = ctome_error(CTOME_EVALUE, NULL, 0,
                         "the model of '%s' has no connection left after --remove-layer %s", id,
                         mo->remove_chemical && mo->remove_electrical ? "chemical and electrical"
                         : mo->remove_chemical ? "chemical" : "electrical");
    return rc;
}

int ei_cli_model_build_from(const ei_cli_model *mo, const ctome_connectome *c, ctome_ei **out)
{
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return ctome_error_code() ? ctome_error_code() : CTOME_EIO;
    ctome_ei_opts o = mo->opts;
    signed char *ov = NULL;
    int rc = sign_overrides(mo, reg, &ov);
    if (rc)
        return rc;
    o.sign_override = ov;
    o.n_sign_override = ov ? ctome_registry_size(reg) : 0;
    ctome_ei *m = NULL;
    rc = ctome_ei_build(c, reg, &o, &m);
    free(ov);
    const char *id = c->id ? c->id : "";
    if (!rc && mo->tau_file)
        rc = apply_tau_file(m, mo->tau_file);
    if (!rc)
        rc = apply_ablations(mo, m, id);
    if (rc) {
        ctome_ei_free(m);
        return rc;
    }
    *out = m;
    return CTOME_OK;
}

int ei_cli_model_build(const ei_cli_model *mo, const char *arg, ctome_ei **out,
                       ctome_connectome **conn)
{
    cli_inputs in = {0};
    int rc = cli_load(arg, &in);
    if (rc)
        return rc;
    if (in.n != 1)
        rc = ctome_error(CTOME_EINVAL, arg, 0, "holds %zu connectomes: name one as store.h5:<id>",
                         in.n);
    if (!rc)
        rc = ei_cli_model_build_from(mo, in.c[0], out);
    if (!rc && conn) {
        *conn = in.c[0];
        in.c[0] = NULL;
        in.n = 0;
    }
    cli_inputs_free(&in);
    return rc;
}

/* A growing string for joined lists. */
static int join(char **s, const char *piece)
{
    size_t a = *s ? strlen(*s) : 0, b = strlen(piece);
    char *t = realloc(*s, a + b + 2);
    if (!t)
        return ctome_error_nomem();
    if (a)
        t[a++] = ',';
    memcpy(t + a, piece, b + 1);
    *s = t;
    return CTOME_OK;
}

/* The shortest of %.15g..%.17g that reads back as v. */
void ei_cli_num_str(double v, char *buf, size_t n)
{
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
}

void ei_cli_param_text(const ei_cli_param *p, char *buf, size_t n)
{
    switch (p->kind) {
    case EI_CLI_PARAM_NUM: ei_cli_num_str(p->num, buf, n); break;
    case EI_CLI_PARAM_SEED:
        if (p->set)
            snprintf(buf, n, "%" PRIu64, p->seed);
        else
            snprintf(buf, n, "%s", "");
        break;
    case EI_CLI_PARAM_BOOL: snprintf(buf, n, "%d", p->set); break;
    default: snprintf(buf, n, "%s", p->str); break;
    }
}

json_t *ei_cli_param_json(const ei_cli_param *p)
{
    switch (p->kind) {
    case EI_CLI_PARAM_NUM: return json_real(p->num);
    case EI_CLI_PARAM_SEED: return p->set ? json_integer((json_int_t)p->seed) : json_null();
    case EI_CLI_PARAM_BOOL: return json_boolean(p->set);
    default: return json_string(p->str);
    }
}

int ei_cli_model_params(const ei_cli_model *mo, ei_cli_param_fn fn, void *ctx)
{
    int rc;
    ei_cli_param p;
#define EMIT(k, kd, field, v, s_)                 \
    do {                                          \
        memset(&p, 0, sizeof p);                  \
        p.key = (k);                              \
        p.kind = (kd);                            \
        p.field = (v);                            \
        p.set = (s_);                             \
        if ((rc = fn(ctx, &p)))                   \
            goto out;                             \
    } while (0)
    char *signs = NULL, *sil = NULL, *layers = NULL;
    rc = CTOME_OK;
    for (size_t a = 0; !rc && a < mo->n_sign; a++)
        rc = join(&signs, mo->sign[a].target);
    for (size_t a = 0; !rc && a < mo->n_silence; a++)
        rc = join(&sil, mo->silence[a]);
    if (!rc && mo->remove_chemical)
        rc = join(&layers, "chemical");
    if (!rc && mo->remove_electrical)
        rc = join(&layers, "electrical");
    if (rc)
        goto out;
    EMIT("chem_scale", EI_CLI_PARAM_NUM, num, mo->opts.chem_scale, 1);
    EMIT("gap_scale", EI_CLI_PARAM_NUM, num, mo->opts.gap_scale, 1);
    EMIT("tau", EI_CLI_PARAM_NUM, num, mo->opts.tau, 1);
    EMIT("tau_file", EI_CLI_PARAM_STR, str, mo->tau_file ? mo->tau_file : "", 1);
    EMIT("transfer", EI_CLI_PARAM_STR, str, ei_cli_transfer_name(mo->opts.f), 1);
    EMIT("unknown", EI_CLI_PARAM_STR, str, ei_cli_unknown_name(mo->opts.unknown), 1);
    EMIT("sign_overrides", EI_CLI_PARAM_STR, str, signs ? signs : "", 1);
    EMIT("silence", EI_CLI_PARAM_STR, str, sil ? sil : "", 1);
    EMIT("remove_layer", EI_CLI_PARAM_STR, str, layers ? layers : "", 1);
    EMIT("flip_signs", EI_CLI_PARAM_BOOL, num, 0, mo->flip_signs);
    EMIT("random_signs_seed", EI_CLI_PARAM_SEED, seed, mo->random_signs_seed, mo->random_signs);
    EMIT("shuffle_weights_seed", EI_CLI_PARAM_SEED, seed, mo->shuffle_seed, mo->shuffle_weights);
#undef EMIT
out:
    free(signs);
    free(sil);
    free(layers);
    return rc;
}

static int to_json(void *ctx, const ei_cli_param *p)
{
    return json_object_set_new(ctx, p->key, ei_cli_param_json(p)) ? ctome_error_nomem() : CTOME_OK;
}

json_t *ei_cli_model_json(const ei_cli_model *mo)
{
    json_t *o = json_object();
    if (o && ei_cli_model_params(mo, to_json, o)) {
        json_decref(o);
        return NULL;
    }
    return o;
}
