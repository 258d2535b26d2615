/* ei_cli.h — the one place that turns command-line model options into a
 * built E/I rate model (lib/models/ei.h), shared by `ctome sim`,
 * `ctome perturb` and `ctome sweep` so every command builds the same model
 * from the same flags.
 *
 * Use from a command (option tables: tools/opts.h):
 *
 *     const cli_opt cli_opts_sim[] = {
 *         EI_CLI_MODEL_OPTS                // splice first; ends with a comma
 *         CLI_OPT_JSON("..."),
 *         ...
 *         CLI_OPT_END};
 *     ei_cli_model mo;
 *     ei_cli_model_init(&mo);
 *     while ((k = cli_opts_next(&p)) > 0) {
 *         int r = ei_cli_model_option(&mo, "sim", k, p.arg);
 *         if (r < 0) { ei_cli_model_free(&mo); return CLI_USAGE; }   // message printed
 *         if (r > 0) continue;                                       // a model option
 *         switch (k) { ... }
 *     }
 *     ctome_ei *m = NULL;
 *     ctome_connectome *c = NULL;
 *     if (ei_cli_model_build(&mo, argv[p.optind], &m, &c)) { ...; return cli_fail(); }
 *     ...
 *     ctome_ei_free(m); ctome_connectome_free(c); ei_cli_model_free(&mo);
 *
 * The usage text of each command includes EI_CLI_MODEL_PROSE (the equation
 * and the order of the ablations); the options' help is in the table.
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

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "ctome.h"
#include "ei.h"
#include "opts.h"

/* Keys of the model options (opts.h: below CLI_KEY_MAX, above every
 * character code and every command's own keys, so they never collide). */
enum {
    EI_CLI_OPT_CHEM_SCALE = 0xC00,
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

/* The model options as option-table entries (opts.h); splice into a
 * command's table (the list ends with a comma). */
#define EI_CLI_MODEL_OPTS                                                                                      \
    {"chem-scale", 0, EI_CLI_OPT_CHEM_SCALE, "X", "model: weight per chemical synapse, w = X * count "            \
     "(default 0.01)", CLI_VAL_NUMBER, NULL, 0, NULL},                                                          \
    {"gap-scale", 0, EI_CLI_OPT_GAP_SCALE, "X", "model: gap-junction coupling per contact, g (default 0.01)",    \
     CLI_VAL_NUMBER, NULL, 0, NULL},                                                                            \
    {"tau", 0, EI_CLI_OPT_TAU, "X", "model: time constant of every neuron (default 1; model time units)",        \
     CLI_VAL_NUMBER, NULL, 0, NULL},                                                                            \
    {"tau-file", 0, EI_CLI_OPT_TAU_FILE, "F", "model: per-neuron time constants, TSV lines NAME<TAB>tau (NAME a " \
     "neuron or class; '#' comments)", CLI_VAL_FILE, NULL, 0, NULL},                                            \
    {"transfer", 0, EI_CLI_OPT_TRANSFER, "F", "model: tanh (default) | sigmoid | relu (threshold-linear) | "     \
     "linear", CLI_VAL_ENUM, "tanh|sigmoid|relu|linear", 0, NULL},                                              \
    {"unknown", 0, EI_CLI_OPT_UNKNOWN, "P", "model: sign of neurons whose transmitter is neither excitatory nor " \
     "inhibitory: zero (default; output dropped) | excitatory | inhibitory | error", CLI_VAL_ENUM,              \
     "zero|excitatory|inhibitory|error", 0, NULL},                                                              \
    {"sign", 0, EI_CLI_OPT_SIGN, "T=S", "model: Dale sign of neuron or class T set to S = +1, -1 or 0 (later "   \
     "ones win)", CLI_VAL_TEXT, NULL, CLI_OPT_REPEAT, NULL},                                                    \
    {"remove-layer", 0, EI_CLI_OPT_REMOVE_LAYER, "L", "ablation: drop the chemical or electrical layer",         \
     CLI_VAL_ENUM, "chemical|electrical", CLI_OPT_REPEAT, NULL},                                                \
    {"silence", 0, EI_CLI_OPT_SILENCE, "T", "ablation: silence neuron or class T: its synapses and gap "         \
     "junctions removed, its activity held at 0", CLI_VAL_TEXT, NULL, CLI_OPT_REPEAT, NULL},                    \
    {"flip-signs", 0, EI_CLI_OPT_FLIP_SIGNS, NULL, "ablation: flip the sign of every neuron", CLI_VAL_NONE,      \
     NULL, 0, NULL},                                                                                            \
    {"random-signs", 0, EI_CLI_OPT_RANDOM_SIGNS, "S", "ablation: permute the signs over the signed neurons "      \
     "(E/I counts kept; seed S)", CLI_VAL_NUMBER, NULL, 0, NULL},                                               \
    {"shuffle-weights", 0, EI_CLI_OPT_SHUFFLE_WEIGHTS, "S", "ablation: permute the chemical weight magnitudes "   \
     "over the existing edges (each edge keeps its presynaptic sign; seed S)", CLI_VAL_NUMBER, NULL, 0, NULL},

/* The model's prose for a command's usage string: the equation and the
 * order of the ablations (the options themselves are in the table). */
#define EI_CLI_MODEL_PROSE                                                                       \
    "  Model: tau_i dx_i/dt = -x_i + sum_j s_j w_ij f(x_j) + g sum_j G_ij (x_j - x_i) + I_i;\n" \
    "  ablations are applied after the build in the order --remove-layer, --silence,\n"        \
    "  --flip-signs, --random-signs, --shuffle-weights.\n"

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
