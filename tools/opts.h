/* opts.h — one option table per command.
 *
 * Each command declares its options once, in a table beside the switch that
 * handles them (tools/cmd_<name>.c), and registers the table in the command
 * table (tools/ctome.c, the `opts` field).  From that one table come:
 *   - the getopt_long arrays the command parses with (built at run time),
 *   - the option part of `ctome help <cmd>` and `--help` (the synopsis and
 *     prose stay hand-written in tools/ctome.c, one place per command),
 *   - docs/cli.md (docs/gen_cli.sh runs `ctome help <cmd>`),
 *   - the man pages ctome(1) and ctome-<cmd>(1) (`ctome __man [cmd]`),
 *   - the bash completion script (`ctome __completion`).
 * tests/test_cli_opts.sh fails when any of these drift apart.
 *
 * Using it (the interface is stable: later changes only add):
 *
 *   const cli_opt cli_opts_rank[] = {
 *       {"layer", 'l', 'l', "L", "the layer (default chemical)", CLI_VAL_ENUM, CLI_LAYERS, 0, NULL},
 *       {"binary", 'b', 'b', NULL, "count edges, ignore weights", CLI_VAL_NONE, NULL, 0, NULL},
 *       CLI_OPT_JSON("one JSON document"),
 *       CLI_OPT_PLOT("the scree figure (.png, .svg or .pdf)"),
 *       CLI_OPT_ALIAS("figure", "plot"),          (a deprecated spelling)
 *       CLI_OPT_END};
 *
 *   int cmd_rank(int argc, char **argv)
 *   {
 *       cli_parser p;
 *       int k;
 *       cli_opts_begin(&p, "rank", argc, argv);
 *       while ((k = cli_opts_next(&p)) > 0) {
 *           switch (k) {
 *           case 'l': layer = p.arg; break;
 *           case 'b': binary = 1; break;
 *           default: return cli_opts_unhandled(&p);
 *           }
 *       }
 *       if (k < 0)
 *           return p.status;            (--help printed, or a usage error)
 *       ... p.json, p.quiet, p.plot; positionals are argv[p.optind..argc-1]
 *
 * --help/-h is in every table without being declared.  The common options
 * (--json, --quiet/-q, --plot PATH) are declared with one macro each and
 * handled by the parser: their values land in p.json, p.quiet and p.plot and
 * cli_opts_next does not return them.  A deprecated alias returns the key of
 * the option it stands for, after one warning on stderr ("ctome CMD: --figure
 * is now --plot").  p.opt is the spelling the user typed ("--nulls", "-n"),
 * for the messages of the cli_parse_* number parsers (cli.h).
 *
 * Keys are any int in 1..CLI_KEY_MAX-1 (usually the short letter); they need
 * not equal the short letter.  Long options without a letter take a key such
 * as 256 + n.  The library side is untouched: all of this is tools/ only. */
#ifndef CTOME_OPTS_H
#define CTOME_OPTS_H

#include <getopt.h>
#include <stdio.h>

/* What a value is, for completion and the man page. */
typedef enum {
    CLI_VAL_NONE,     /* a flag: no value */
    CLI_VAL_FILE,     /* a path to a file (read or written) */
    CLI_VAL_DIR,      /* a folder */
    CLI_VAL_ENUM,     /* one of `values` ("a|b|c") */
    CLI_VAL_NUMBER,   /* a number (parsed with cli_parse_*) */
    CLI_VAL_TEXT      /* anything else: a name, a list, a dataset id */
} cli_val_kind;

/* Flags of an option. */
enum {
    CLI_OPT_DEPRECATED = 1,   /* an old spelling of `alias_of`: accepted, warns once */
    CLI_OPT_REPEAT = 2        /* may be given more than once (said in help) */
};

typedef struct {
    const char *name;       /* long name without "--"; NULL ends the table */
    int letter;             /* short option letter, or 0 */
    int key;                /* what cli_opts_next returns for it */
    const char *metavar;    /* the value's name in help ("FILE", "N"); NULL for a flag */
    const char *help;       /* one or more lines ('\n' separates them); no trailing newline */
    cli_val_kind kind;
    const char *values;     /* CLI_VAL_ENUM: "a|b|c"; NULL otherwise */
    int flags;
    const char *alias_of;   /* CLI_OPT_DEPRECATED: the long name it stands for */
} cli_opt;

/* Keys of the common options (handled inside the parser). */
enum {
    CLI_KEY_MAX = 0x1000,
    CLI_KEY_HELP = CLI_KEY_MAX,
    CLI_KEY_JSON,
    CLI_KEY_QUIET,
    CLI_KEY_PLOT
};

/* The common options: same name, letter and meaning in every command. */
#define CLI_OPT_JSON(help) {"json", 0, CLI_KEY_JSON, NULL, help, CLI_VAL_NONE, NULL, 0, NULL}
#define CLI_OPT_QUIET                                                                                   \
    {"quiet", 'q', CLI_KEY_QUIET, NULL,                                                                 \
     "no progress or informational notes on stderr (warnings that change a conclusion still print)", \
     CLI_VAL_NONE, NULL, 0, NULL}
#define CLI_OPT_PLOT(help) {"plot", 0, CLI_KEY_PLOT, "PATH", help, CLI_VAL_FILE, NULL, 0, NULL}
/* An old spelling of option `now` (a long name in the same table). */
#define CLI_OPT_ALIAS(old, now) {old, 0, 0, NULL, NULL, CLI_VAL_NONE, NULL, CLI_OPT_DEPRECATED, now}
/* An old short spelling -c of option `now` ("-n" where it meant something else). */
#define CLI_OPT_ALIAS_SHORT(c, now) {"", c, 0, NULL, NULL, CLI_VAL_NONE, NULL, CLI_OPT_DEPRECATED, now}
#define CLI_OPT_END {NULL, 0, 0, NULL, NULL, CLI_VAL_NONE, NULL, 0, NULL}

/* --scope S: returned to the command as CLI_KEY_SCOPE (parse it with
 * cli_parse_scope, cli.h); the same text in every command that reads a layer. */
#define CLI_KEY_SCOPE (CLI_KEY_MAX - 1)
#define CLI_SCOPE_HELP                                                                  \
    "auto (default): registry neurons, or every node when the layer has "               \
    "no edge between two registry neurons (numbered nodes, other networks; "            \
    "said on stderr and in the output); neurons; all (muscles, end organs "             \
    "and names not in the registry too). Nothing to analyse in the scope "             \
    "is an error (exit 1)"
#define CLI_OPT_SCOPE {"scope", 0, CLI_KEY_SCOPE, "S", CLI_SCOPE_HELP, CLI_VAL_ENUM, "auto|neurons|all", 0, NULL}
/* --layer L, a layer or a union a+b (docs/methods.md, "Node scope and layer unions"). */
#define CLI_LAYER_UNION_HELP                                                            \
    "a+b is a union of layers, e.g. chemical+electrical: one undirected "              \
    "simple graph, an edge where any of the layers has one (either "                  \
    "direction), weight = the sum of all their weights between the pair "             \
    "(the network of Watts & Strogatz 1998 and Towlson 2013)"

/* The bundled layer names, for --layer's completion. */
#define CLI_LAYERS "chemical|electrical|functional|monoamine|peptide|contact"

/* Most options one table may hold (the parser's arrays are fixed-size). */
#define CLI_OPTS_MAX 96

typedef struct {
    /* read these */
    const char *arg;      /* the option's value (optarg) */
    const char *opt;      /* the spelling typed: "--layer", "-l" */
    int optind;           /* after the loop: the first positional argument */
    int status;           /* after a negative return: the exit code (CLI_OK for --help) */
    int json, quiet;      /* --json, --quiet given */
    const char *plot;     /* --plot PATH, or NULL */
    /* private */
    const char *cmd;
    const cli_opt *table;
    int argc;
    char **argv;
    int n;
    int warned[CLI_OPTS_MAX];
    char shortopts[3 * CLI_OPTS_MAX + 4];
    char optbuf[64];
    struct option longopts[CLI_OPTS_MAX + 2];
} cli_parser;

/* Start parsing argv for command `cmd` (its table from the command table).
 * Resets getopt. */
void cli_opts_begin(cli_parser *p, const char *cmd, int argc, char **argv);

/* The next option's key (> 0); 0 at the end of the options; -1 when the
 * command must stop and return p->status: --help was printed (CLI_OK), or an
 * unknown option, a missing value or an internal table error was reported
 * (CLI_USAGE).  Under `ctome __check-options` the end of the options is -1
 * with CLI_OK after "options accepted" on stdout, so nothing runs. */
int cli_opts_next(cli_parser *p);

/* For the switch's default: an option in the table that the command does
 * not handle (a defect).  Prints it and returns CLI_USAGE. */
int cli_opts_unhandled(const cli_parser *p);

/* The option part of a command's help: one entry per option, aligned,
 * then the deprecated spellings.  Nothing for a NULL table. */
void cli_opts_print_help(FILE *fp, const cli_opt *table);

/* The hidden generators (tools/opts_gen.c): `ctome __man [cmd]`,
 * `ctome __completion`, `ctome __options cmd`, `ctome __check-options cmd
 * args...`.  argv[0] is the hidden command's name. */
int cli_opts_hidden(int argc, char **argv);

/* Set by `ctome __check-options` / `__check-tables` (see cli_opts_next);
 * the parser then records whether it reached the end of the options and
 * whether cli_opts_unhandled was called (1) or an option was refused (2). */
extern int cli_opts_check_only, cli_opts_check_reached, cli_opts_check_unhandled;

#endif
