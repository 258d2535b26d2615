/* cli.h — what every ctome subcommand shares: finding the data folder, the
 * registry, loading a dataset/file/store argument, and printing errors.
 * Nothing scientific lives in tools/: commands parse options, call libctome
 * and print. */
#ifndef CTOME_CLI_H
#define CTOME_CLI_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctome.h"
#include "datadir.h"
#include "source.h"
#include "opts.h"

/* Exit codes (docs/reliability.md). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;       /* one line for `ctome` alone */
    const char *usage;         /* synopsis + options, printed by --help and `ctome help` */
    const char *references;    /* papers behind the command, printed by `ctome help` */
    const cli_opt *opts;       /* its option table (opts.h); NULL: `usage` lists the options itself */
} cli_command;

/* The command table (tools/ctome.c). */
const cli_command *cli_find_command(const char *name);

/* The i-th command of the table (in `ctome` order), NULL past the end. */
const cli_command *cli_command_at(size_t i);

/* Print the command's usage to `fp`: its synopsis and prose, then the
 * options from its table. */
void cli_print_usage(FILE *fp, const char *name);

/* The data folder: $CTOME_DATA, else the source tree's data/, else the
 * installed share/ctome. */
const char *cli_datadir(void);

/* The registry, loaded on first use; NULL (error recorded) on failure. */
const ctome_registry *cli_registry(void);

/* Print "ctome: error: <library message>" and return CLI_FAIL. */
int cli_fail(void);
/* Print "ctome: error: <fmt>" and return CLI_FAIL. */
int cli_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "ctome <cmd>: <fmt>", a hint to use --help, and return CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A loaded input: one or more connectomes from a dataset id, a file, a store
 * (every connectome in it) or store.h5:/connectomes/<id>. */
typedef ctome_connectomes cli_inputs;   /* lib/formats/source.h */

int cli_load(const char *arg, cli_inputs *in);
void cli_inputs_free(cli_inputs *in);

/* Whether the string names a bundled dataset id. */
int cli_is_dataset(const char *arg);

/* Numbers in options: one parser per kind for every command.  The whole
 * text must be the number (decimal for whole numbers; strtod's syntax for
 * reals, which must be finite), within [min, max].  Anything else, an
 * overflow included, is a usage error naming the option and the range:
 * "ctome CMD: --OPT TEXT: ..." and CLI_USAGE (exit 2); CLI_OK otherwise. */
int cli_parse_u64(const char *cmd, const char *opt, const char *text, uint64_t min, uint64_t max, uint64_t *out);
int cli_parse_i64(const char *cmd, const char *opt, const char *text, int64_t min, int64_t max, int64_t *out);
int cli_parse_size(const char *cmd, const char *opt, const char *text, size_t min, size_t max, size_t *out);
int cli_parse_int(const char *cmd, const char *opt, const char *text, int min, int max, int *out);
int cli_parse_double(const char *cmd, const char *opt, const char *text, double min, double max, double *out);

/* Ceilings shared by the commands' options (documented in docs/cli.md). */
#define CLI_MAX_THREADS 1024
#define CLI_MAX_NULLS 1000000        /* null models, permutations, bootstraps */

/* --scope VALUE (auto | neurons | all) into *s; a usage error naming the
 * command and the value otherwise. */
int cli_parse_scope(const char *cmd, const char *arg, ctome_scope *s);

/* Open the layer view of `layer` (a layer or a union "a+b") of c in the
 * requested node scope (connectome.h) and say on stderr (unless quiet) what
 * the analysis will read: the scope chosen automatically for a graph with
 * no edge between registry neurons, node names that are not registry
 * neurons or known cells (how many, the first few; once per connectome),
 * edges left out by the neurons scope, and the union rule.  *used gets the
 * resolved scope.  Errors as ctome_layer_view_open (nothing to analyse, no
 * such layer).  Every command that analyses a layer calls this once per
 * connectome and layer, so the notes and the errors are the same in all. */
int cli_layer_scope(const char *cmd, const ctome_connectome *c, const char *layer, ctome_scope want,
                    int quiet, ctome_scope *used);

/* Add the node scope of g ("node_scope": "neurons" | "all",
 * "node_scope_automatic": bool) and, for a union layer, its rule
 * ("layer_union") to a result object. */
void cli_scope_json(json_t *o, const char *layer, const ctome_graph *g);
/* The same from a resolved scope (commands that do not build a graph). */
void cli_scope_json_used(json_t *o, const char *layer, ctome_scope used, int automatic);

/* Print a JSON document on stdout the one way every command does: indented
 * by 2, reals with 17 significant digits (they read back to the same double),
 * a newline after.  Takes the reference (decrefs o).  CLI_OK, or CLI_FAIL
 * with a message when stdout cannot be written; o == NULL (a failed build)
 * is "out of memory". */
int cli_print_json(json_t *o);
/* The same flags, in one place, for every JSON document a command writes. */
#define CLI_JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(17))
/* A real for a JSON result: NaN and infinities (no JSON spelling) as null,
 * which every command's text twin prints as NA.  A new reference (NULL when
 * out of memory, which jansson's packers and setters report). */
json_t *cli_json_num(double v);
/* cli_print_json for code that returns a library status (CTOME_OK, or
 * CTOME_EIO recorded against `name`, e.g. "<stdout>" or the output file) and
 * for JSON written to a file (rsa -o).  Takes the reference; o == NULL is
 * CTOME_ENOMEM. */
int cli_write_json(FILE *fp, const char *name, json_t *o);
/* The text twin of a JSON result: one "key<TAB>value" line per key, in the
 * object's order, so the text keys are the JSON keys; a nested object's keys
 * as "parent.key"; arrays as comma lists; null as NA; booleans true/false;
 * reals with real_fmt(key) (NULL: "%.10g").  Exactly two fields a line. */
void cli_print_kv(FILE *fp, const json_t *o, const char *(*real_fmt)(const char *key));

/* Shared option handling: returns 1 and prints usage when argv has -h/--help. */
int cli_wants_help(int argc, char **argv, const char *cmd);

/* A deprecated option spelling, still accepted: says once per run on stderr
 * "ctome CMD: warning: OLD is deprecated; use NEW" (even with --quiet: the
 * old spelling will go away; docs/cli.md, "Conventions"). */
void cli_deprecated(const char *cmd, const char *old_opt, const char *new_opt);

/* --plot PATH of a command that draws several figures: PATH is a prefix and
 * figure NAME goes to PREFIX_NAME.EXT.  A PATH ending in .png, .svg or .pdf
 * gives the format (the prefix is PATH without it); otherwise EXT is `fmt`
 * (NULL: png).  The file name goes into buf (n bytes); CLI_OK, or CLI_USAGE
 * with "ctome CMD: --plot PATH: ..." when it does not fit. */
int cli_plot_name(const char *cmd, const char *path, const char *fmt, const char *name, char *buf, size_t n);

/* Say on stderr which file a --plot prefix produced, "ctome CMD: wrote
 * FILE", unless quiet. */
void cli_plot_wrote(const char *cmd, const char *file, int quiet);

#endif
