#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *cli_datadir(void) { return ctome_data_dir(); }

static ctome_registry *registry;

static void registry_release(void) { ctome_registry_free(registry); }

const ctome_registry *cli_registry(void)
{
    if (registry)
        return registry;
    if (ctome_registry_load(cli_datadir(), &registry))
        return NULL;
    atexit(registry_release);
    return registry;
}

int cli_fail(void)
{
    fprintf(stderr, "ctome: error: %s\n", ctome_error_message());
    return CLI_FAIL;
}

int cli_failf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ctome: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ctome %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'ctome help %s'.\n", cmd);
    va_end(ap);
    return CLI_USAGE;
}

/* Leading blanks and a sign are refused by hand: strtoull accepts "-1" as
 * 2^64-1 and " 5" as 5. */
static int whole_text(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    return *p >= '0' && *p <= '9';
}

/* "a whole number in 1..1024", "a number >= 0": the range in the message,
 * whole numbers in full so that an overflow shows the largest accepted. */
static const char *range_u(char *b, size_t n, uint64_t min, uint64_t max)
{
    snprintf(b, n, "a whole number in %" PRIu64 "..%" PRIu64, min, max);
    return b;
}

static const char *range_i(char *b, size_t n, int64_t min, int64_t max)
{
    snprintf(b, n, "a whole number in %" PRId64 "..%" PRId64, min, max);
    return b;
}

static const char *range_d(char *b, size_t n, double min, double max)
{
    if (min == -DBL_MAX && max == DBL_MAX)
        snprintf(b, n, "a finite number");
    else if (max == DBL_MAX)
        snprintf(b, n, "a number >= %g", min);
    else if (min == -DBL_MAX)
        snprintf(b, n, "a number <= %g", max);
    else
        snprintf(b, n, "a number in [%g, %g]", min, max);
    return b;
}

int cli_parse_u64(const char *cmd, const char *opt, const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end = (char *)text, r[96];
    errno = 0;
    unsigned long long v = whole_text(text) && text[0] != '-' ? strtoull(text, &end, 10) : 0;
    if (!whole_text(text) || text[0] == '-' || *end)
        return cli_usage_error(cmd, "%s %s: not %s", opt, text, range_u(r, sizeof r, min, max));
    if (errno == ERANGE || v < min || v > max)
        return cli_usage_error(cmd, "%s %s: out of range (%s)", opt, text, range_u(r, sizeof r, min, max));
    *out = (uint64_t)v;
    return CLI_OK;
}

int cli_parse_i64(const char *cmd, const char *opt, const char *text, int64_t min, int64_t max, int64_t *out)
{
    char *end = (char *)text, r[96];
    errno = 0;
    long long v = whole_text(text) ? strtoll(text, &end, 10) : 0;
    if (!whole_text(text) || *end)
        return cli_usage_error(cmd, "%s %s: not %s", opt, text, range_i(r, sizeof r, min, max));
    if (errno == ERANGE || v < min || v > max)
        return cli_usage_error(cmd, "%s %s: out of range (%s)", opt, text, range_i(r, sizeof r, min, max));
    *out = (int64_t)v;
    return CLI_OK;
}

int cli_parse_size(const char *cmd, const char *opt, const char *text, size_t min, size_t max, size_t *out)
{
    uint64_t v = 0; /* gcc -O3 cannot see that v is set when rc is 0 */
    int rc = cli_parse_u64(cmd, opt, text, min, max, &v);
    if (!rc)
        *out = (size_t)v;
    return rc;
}

int cli_parse_int(const char *cmd, const char *opt, const char *text, int min, int max, int *out)
{
    int64_t v = 0; /* likewise */
    int rc = cli_parse_i64(cmd, opt, text, min, max, &v);
    if (!rc)
        *out = (int)v;
    return rc;
}

int cli_parse_double(const char *cmd, const char *opt, const char *text, double min, double max, double *out)
{
    char *end, r[96];
    double v = strtod(text, &end);
    if (end == text || *end || isspace((unsigned char)*text))
        return cli_usage_error(cmd, "%s %s: not a number (%s)", opt, text, range_d(r, sizeof r, min, max));
    if (!isfinite(v))   /* "nan", "inf", or beyond the largest double */
        return cli_usage_error(cmd, "%s %s: not a finite number (%s)", opt, text, range_d(r, sizeof r, min, max));
    if (v < min || v > max)
        return cli_usage_error(cmd, "%s %s: out of range (%s)", opt, text, range_d(r, sizeof r, min, max));
    *out = v;
    return CLI_OK;
}

int cli_wants_help(int argc, char **argv, const char *cmd)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cli_print_usage(stdout, cmd);
            return 1;
        }
    }
    return 0;
}

int cli_is_dataset(const char *arg) { return ctome_dataset_find(arg) != NULL; }

int cli_load(const char *arg, cli_inputs *in)
{
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return ctome_error_code() ? ctome_error_code() : CTOME_EIO;
    return ctome_connectomes_load(ctome_data_dir(), arg, reg, in);
}

void cli_inputs_free(cli_inputs *in) { ctome_connectomes_free(in); }

int cli_parse_scope(const char *cmd, const char *arg, ctome_scope *s)
{
    if (ctome_scope_parse(arg, s))
        return cli_usage_error(cmd, "--scope must be auto, neurons or all, not '%s'", arg);
    return CLI_OK;
}

/* "297 node names are not ... (1, 51, 72, ...)", once per connectome. */
static void note_unplaced(const char *cmd, const ctome_connectome *c)
{
    static const ctome_connectome *done;
    if (c == done || c->n_unplaced == 0)
        return;
    done = c;
    fprintf(stderr, "ctome %s: %s: %zu node name%s %s not registry neurons or known cells (", cmd, c->id,
            c->n_unplaced, c->n_unplaced == 1 ? "" : "s", c->n_unplaced == 1 ? "is" : "are");
    for (size_t i = 0; i < c->n_unplaced && i < 8; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", c->unplaced[i]);
    fprintf(stderr, "%s; 'ctome info --json' lists them all)\n", c->n_unplaced > 8 ? ", ..." : "");
}

int cli_layer_scope(const char *cmd, const ctome_connectome *c, const char *layer, ctome_scope want,
                    int quiet, ctome_scope *used)
{
    ctome_layer_view v;
    int rc = ctome_layer_view_open(c, layer, want, &v);
    if (rc)
        return rc;
    *used = v.scope;
    if (!quiet) {
        note_unplaced(cmd, c);
        if (v.automatic)
            fprintf(stderr, "ctome %s: %s: layer '%s' has no edge between registry neurons: node scope "
                            "'all' (every node: %zu with an edge) chosen automatically; set with --scope\n",
                    cmd, c->id, v.layer->name, v.n_nodes);
        else if (v.left_out)
            fprintf(stderr, "ctome %s: %s: layer '%s': %zu edge%s with a cell that is not a registry neuron "
                            "left out (node scope 'neurons'; --scope all keeps them)\n",
                    cmd, c->id, v.layer->name, v.left_out, v.left_out == 1 ? "" : "s");
        if (v.owned)
            fprintf(stderr, "ctome %s: %s: layer union '%s': %s\n", cmd, c->id, v.layer->name,
                    ctome_layer_union_rule());
    }
    ctome_layer_view_close(&v);
    return CTOME_OK;
}

void cli_scope_json_used(json_t *o, const char *layer, ctome_scope used, int automatic)
{
    json_object_set_new(o, "node_scope", json_string(ctome_scope_name(used)));
    json_object_set_new(o, "node_scope_automatic", json_boolean(automatic));
    if (layer && strchr(layer, '+'))
        json_object_set_new(o, "layer_union", json_string(ctome_layer_union_rule()));
}

void cli_scope_json(json_t *o, const char *layer, const ctome_graph *g)
{
    cli_scope_json_used(o, layer, g->scope, g->scope_auto);
}

void cli_deprecated(const char *cmd, const char *old_opt, const char *new_opt)
{
    /* once per spelling and run: a repeated option warns once */
    static const char *said[16];
    for (size_t i = 0; i < sizeof said / sizeof *said && said[i]; i++)
        if (strcmp(said[i], old_opt) == 0)
            return;
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        if (!said[i]) {
            said[i] = old_opt;
            break;
        }
    fprintf(stderr, "ctome %s: warning: %s is deprecated; use %s\n", cmd, old_opt, new_opt);
}

int cli_plot_name(const char *cmd, const char *path, const char *fmt, const char *name, char *buf, size_t n)
{
    static const char *const ext[] = {".png", ".svg", ".pdf"};
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (len > 4 && strcasecmp(path + len - 4, ext[i]) == 0) {
            fmt = ext[i] + 1;
            len -= 4;
            break;
        }
    int w = snprintf(buf, n, "%.*s_%s.%s", (int)len, path, name, fmt ? fmt : "png");
    if (w < 0 || (size_t)w >= n)
        return cli_usage_error(cmd, "--plot %s: the figure names would be too long", path);
    return CLI_OK;
}

void cli_plot_wrote(const char *cmd, const char *file, int quiet)
{
    if (!quiet)
        fprintf(stderr, "ctome %s: wrote %s\n", cmd, file);
}
json_t *cli_json_num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

int cli_write_json(FILE *fp, const char *name, json_t *o)
{
    if (!o)
        return ctome_error_nomem();
    int bad = json_dumpf(o, fp, CLI_JSON_FLAGS);
    json_decref(o);
    if (bad || fputc('\n', fp) == EOF)
        return ctome_error(CTOME_EIO, name, 0, "cannot write JSON");
    return CTOME_OK;
}

int cli_print_json(json_t *o)
{
    if (!o)
        return cli_failf("out of memory");
    int bad = json_dumpf(o, stdout, CLI_JSON_FLAGS);
    json_decref(o);
    if (bad || fputc('\n', stdout) == EOF)
        return cli_failf("writing standard output: cannot write JSON");
    return CLI_OK;
}

/* One object's keys, nested ones as "parent.key". */
static void print_kv(FILE *fp, const char *prefix, const json_t *o, const char *(*real_fmt)(const char *key))
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        char name[256];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", key);
        if (json_is_object(v)) {
            print_kv(fp, name, v, real_fmt);
            continue;
        }
        fprintf(fp, "%s\t", name);
        switch (json_typeof(v)) {
        case JSON_STRING: fputs(json_string_value(v), fp); break;
        case JSON_INTEGER: fprintf(fp, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
        case JSON_REAL: fprintf(fp, real_fmt ? real_fmt(key) : "%.10g", json_real_value(v)); break;
        case JSON_TRUE: fputs("true", fp); break;
        case JSON_FALSE: fputs("false", fp); break;
        case JSON_ARRAY:
            for (size_t i = 0; i < json_array_size(v); i++) {
                const json_t *e = json_array_get(v, i);
                if (i)
                    fputc(',', fp);
                if (json_is_string(e))
                    fputs(json_string_value(e), fp);
                else if (json_is_integer(e))
                    fprintf(fp, "%" JSON_INTEGER_FORMAT, json_integer_value(e));
                else if (json_is_real(e))
                    fprintf(fp, "%.10g", json_real_value(e));
                else
                    fputs("NA", fp);
            }
            break;
        default: fputs("NA", fp); break;
        }
        fputc('\n', fp);
    }
}

void cli_print_kv(FILE *fp, const json_t *o, const char *(*real_fmt)(const char *key))
{
    print_kv(fp, "", o, real_fmt);
}
