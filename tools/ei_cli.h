/* ei_cli.h — the one place that turns command-line model options into a
 * built E/I rate model (lib/models/ei.h), shared by `ctome sim`,
 * `ctome perturb` and `ctome sweep` so every command builds the same model
 * from the same flags.
 *
 * Use from a command:
 *
 *     static const struct option opts[] = {
 *         EI_CLI_MODEL_LONGOPTS            // splice first; ends with a comma
 *         {"json", no_argument, 0, 'j'},
 *         ...
 *         {0, 0, 0, 0}};
 *     ei_cli_model mo;
 *     ei_cli_model_init(&mo);
 *     while ((ch = getopt_long(argc, argv, "...", opts, NULL)) != -1) {
 *         int r = ei_cli_model_option(&mo, "sim", ch, optarg);
 *         if (r < 0) { ei_cli_model_free(&mo); return CLI_USAGE; }   // message printed
 *         if (r > 0) continue;                                       // a model option
 *         switch (ch) { ... }
 *     }
 *     ctome_ei *m = NULL;
 *     ctome_connectome *c = NULL;
 *     if (ei_cli_model_build(&mo, argv[optind], &m, &c)) { ...; return cli_fail(); }
 *     ...
 *     ctome_ei_free(m); ctome_connectome_free(c); ei_cli_model_free(&mo);
 *
 * The usage text of each command includes EI_CLI_MODEL_USAGE.
 *
 * Model options (docs/methods.md, "Connectome rate model"):
 *   --chem-scale X      chemical weight per synapse (default 0.01)
 *   --gap-scale X       gap-junction conductance per contact (default 0.01)
 *   --tau X             time constant of every neuron (default 1)
 *   --tau-file F        per-neuron (or class) time constants, TSV name<TAB>tau
 *   --transfer F        tanh (default) | sigmoid | relu | linear
 *   --unknown P         sign of neurons without an excitatory/inhibitory
 *                       transmitter: zero (default) | excitatory | inhibitory | error
 *   --sign T=S          override the Dale sign of neuron or class T with S in
 *                       +1 | -1 | 0 (repeatable; later ones win)
 *   --silence T         silence neuron or class T (repeatable)
 *   --remove-layer L    chemical | electrical (repeatable)
 *   --flip-signs        every sign flipped
 *   --random-signs S    signs permuted over the signed neurons with seed S
 *   --shuffle-weights S chemical weights permuted over the existing edges, seed S
 *
 * Option syntax errors (not a finite number, an unknown transfer name) are usage
 * errors (exit 2); values a number can hold but the model rejects (tau <= 0,
 * NaN, a negative scale, an unknown neuron) are reported by
 * ei_cli_model_build (exit 1).
 */
#ifndef CTOME_EI_CLI_H
#define CTOME_EI_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ctome.h"
#include "ei.h"

/* getopt_long codes of the model options: above every character code, so
 * they never collide with a command's own short options. */
enum {
    EI_CLI_OPT_CHEM_SCALE = 0x4000,
    EI_CLI_OPT_GAP_SCALE,
    EI_CLI_OPT_TAU,
    EI_CLI_OPT_TAU_FILE,
    EI_CLI_OPT_TRANSFER,
    EI_CLI_OPT_UNKNOWN,
    EI_CLI_OPT_SIGN,
    EI_CLI_OPT_SILENCE,
    EI_CLI_OPT_REMOVE_LAYER,
    EI_CLI_OPT_FLIP_SIGNS,
    EI_CLI_OPT_RANDOM_SIGNS,
    EI_CLI_OPT_SHUFFLE_WEIGHTS,
    EI_CLI_OPT_LAST_ /* one past the last model option */
};

/* struct option entries of the model options; splice into a command's long
 * option array (the list ends with a comma). */
#define EI_CLI_MODEL_LONGOPTS                                                    \
    {"chem-scale", required_argument, 0, EI_CLI_OPT_CHEM_SCALE},                 \
    {"gap-scale", required_argument, 0, EI_CLI_OPT_GAP_SCALE},                   \
    {"tau", required_argument, 0, EI_CLI_OPT_TAU},                               \
    {"tau-file", required_argument, 0, EI_CLI_OPT_TAU_FILE},                     \
    {"transfer", required_argument, 0, EI_CLI_OPT_TRANSFER},                     \
    {"unknown", required_argument, 0, EI_CLI_OPT_UNKNOWN},                       \
    {"sign", required_argument, 0, EI_CLI_OPT_SIGN},                             \
    {"silence", required_argument, 0, EI_CLI_OPT_SILENCE},                       \
    {"remove-layer", required_argument, 0, EI_CLI_OPT_REMOVE_LAYER},             \
    {"flip-signs", no_argument, 0, EI_CLI_OPT_FLIP_SIGNS},                       \
    {"random-signs", required_argument, 0, EI_CLI_OPT_RANDOM_SIGNS},             \
    {"shuffle-weights", required_argument, 0, EI_CLI_OPT_SHUFFLE_WEIGHTS},

/* Usage text of the model options, for a command's usage string. */
#define EI_CLI_MODEL_USAGE                                                                     \
    "  Model (tau_i dx_i/dt = -x_i + sum_j s_j w_ij f(x_j) + g sum_j G_ij (x_j - x_i) + I_i):\n" \
    "  --chem-scale X      weight per chemical synapse, w = X * count (default 0.01)\n"       \
    "  --gap-scale X       gap-junction coupling per contact, g (default 0.01)\n"            \
    "  --tau X             time constant of every neuron (default 1; model time units)\n"   \
    "  --tau-file F        per-neuron time constants: TSV lines NAME<TAB>tau (NAME a\n"      \
    "                      neuron or class; '#' comments)\n"                                  \
    "  --transfer F        tanh (default) | sigmoid | relu (threshold-linear) | linear\n"     \
    "  --unknown P         sign of neurons whose transmitter is neither excitatory nor\n"     \
    "                      inhibitory: zero (default; output dropped) | excitatory |\n"       \
    "                      inhibitory | error\n"                                              \
    "  --sign T=S          Dale sign of neuron or class T set to S = +1, -1 or 0\n"          \
    "                      (repeatable; later ones win)\n"                                   \
    "  Ablations (applied after the build, in this order):\n"                                \
    "  --remove-layer L    drop the chemical or electrical layer (repeatable)\n"             \
    "  --silence T         silence neuron or class T: its synapses and gap junctions\n"      \
    "                      removed, its activity held at 0 (repeatable)\n"                   \
    "  --flip-signs        flip the sign of every neuron\n"                                  \
    "  --random-signs S    permute the signs over the signed neurons (E/I counts kept;\n"    \
    "                      seed S)\n"                                                        \
    "  --shuffle-weights S permute the chemical weight magnitudes over the existing\n"       \
    "                      edges (each edge keeps its presynaptic sign; seed S)\n"

/* A --sign override: neuron or class name and the sign -1, 0 or +1. */
typedef struct {
    const char *target;   /* borrowed from argv */
    int sign;
} ei_cli_sign;

typedef struct {
    ctome_ei_opts opts;          /* scales, tau, transfer, unknown policy */
    const char *tau_file;        /* NULL: none */
    ei_cli_sign *sign;           /* --sign overrides, in command-line order */
    size_t n_sign;
    const char **silence;        /* --silence targets (borrowed from argv) */
    size_t n_silence;
    int remove_chemical, remove_electrical;
    int flip_signs;
    int random_signs;            /* whether --random-signs was given */
    uint64_t random_signs_seed;
    int shuffle_weights;         /* whether --shuffle-weights was given */
    uint64_t shuffle_seed;
} ei_cli_model;

/* Defaults (ctome_ei_opts_default, no overrides or ablations). */
void ei_cli_model_init(ei_cli_model *mo);
/* Free the override and silence arrays (not the strings, which are argv's). */
void ei_cli_model_free(ei_cli_model *mo);

/* Handle getopt_long code `opt` with argument `arg` if it is a model option.
 * Returns 1 when handled, 0 when `opt` is not a model option, -1 after
 * printing a usage error naming `cmd` and the bad value (the caller exits
 * with CLI_USAGE). */
int ei_cli_model_option(ei_cli_model *mo, const char *cmd, int opt, const char *arg);

/* Load the connectome named by `arg` (dataset id, file, store or
 * store.h5:<id>; exactly one connectome) and build the model with
 * ei_cli_model_build_from.  On success *out is the model; if conn is not
 * NULL, *conn is the loaded connectome (caller frees with
 * ctome_connectome_free; the model does not need it).  Returns CTOME_OK or
 * an error code with the message recorded (caller: cli_fail()). */
int ei_cli_model_build(const ei_cli_model *mo, const char *arg, ctome_ei **out,
                       ctome_connectome **conn);

/* Build the model from a connectome that is already loaded (e.g. a rewired
 * null): ctome_ei_build with the options and sign overrides, then the
 * per-neuron tau file, then the ablations in the order remove-layer,
 * silence, flip-signs, random-signs, shuffle-weights.  Errors: those of
 * ctome_ei_build; an unknown --sign/--silence/--tau-file name
 * (CTOME_ENOTFOUND); a bad tau file (CTOME_EFORMAT / CTOME_EVALUE naming the
 * line); a model left without any connection (CTOME_EVALUE). */
int ei_cli_model_build_from(const ei_cli_model *mo, const ctome_connectome *c, ctome_ei **out);

/* One model parameter, typed so that JSON gets numbers as numbers and
 * booleans as booleans: chem_scale, gap_scale, tau (NUM); tau_file,
 * transfer, unknown, sign_overrides ("AVA=-1,RIM=+1" or ""), silence,
 * remove_layer (STR); flip_signs (BOOL, in `set`); random_signs_seed,
 * shuffle_weights_seed (SEED; `set` 0 when the ablation is not asked: JSON
 * null, text ""). */
typedef enum { EI_CLI_PARAM_STR, EI_CLI_PARAM_NUM, EI_CLI_PARAM_BOOL, EI_CLI_PARAM_SEED } ei_cli_param_kind;
typedef struct {
    const char *key;
    ei_cli_param_kind kind;
    const char *str;
    double num;
    uint64_t seed;
    int set;
} ei_cli_param;

/* Call fn on every model parameter, in the order above; stops at and
 * returns the first non-zero return of fn. */
typedef int (*ei_cli_param_fn)(void *ctx, const ei_cli_param *p);
int ei_cli_model_params(const ei_cli_model *mo, ei_cli_param_fn fn, void *ctx);

/* A parameter as text (numbers in the shortest form that reads back,
 * booleans 0/1, an unused seed "") and as a JSON value (new reference). */
void ei_cli_param_text(const ei_cli_param *p, char *buf, size_t n);
json_t *ei_cli_param_json(const ei_cli_param *p);

/* Every model parameter as one JSON object (NULL when out of memory). */
json_t *ei_cli_model_json(const ei_cli_model *mo);

/* The shortest of %.15g..%.17g that reads back as v. */
void ei_cli_num_str(double v, char *buf, size_t n);

/* Name of a transfer function ("tanh", ...) and of an unknown-sign policy. */
const char *ei_cli_transfer_name(ctome_ei_transfer f);
const char *ei_cli_unknown_name(ctome_ei_unknown_policy p);

#endif
