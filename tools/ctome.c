/* ctome.c — the dispatcher: one table of subcommands (the samtools habit).
 * `ctome` alone prints the table; `ctome help <command>` prints its usage and
 * the papers behind it. */
#include "cli.h"
#include "commands.h"

#include <stdlib.h>
#include <string.h>

#define REF_COOK19 "Cook SJ et al. (2019) Nature 571:63-71, doi:10.1038/s41586-019-1352-7"
#define REF_WANG24 "Wang C et al. (2024) A neurotransmitter atlas of C. elegans males and " \
                   "hermaphrodites. eLife 13:RP95402, doi:10.7554/eLife.95402"
#define REF_SKUH22 "Skuhersky M et al. (2022) Toward a more accurate 3D atlas of C. elegans " \
                   "neurons. BMC Bioinformatics 23:195, doi:10.1186/s12859-022-04738-3"
#define REF_WORMATLAS "WormAtlas, Altun ZF, Herndon LA, Wolkow CA, Crocker C, Lints R, Hall DH " \
                      "(eds.), Individual Neurons / NeuronNames, www.wormatlas.org"
#define REF_DATASETS "See 'ctome datasets' and docs/datasets.md for the paper behind every dataset."

static const cli_command commands[] = {
    {"datasets", cmd_datasets, "list the bundled datasets with counts per layer",
     "Usage: ctome datasets [--json] [--all-cells]\n"
     "  List every bundled dataset: id, sex, stage, layers, and per layer the neuron\n"
     "  count, edge count and total weight (neurons only; --all-cells counts muscles\n"
     "  and end organs too), then the citation.\n"
     "  --json        one JSON document instead of a TSV table\n"
     "  --all-cells   include non-neuronal cells in the counts\n",
     REF_DATASETS},
    {"neurons", cmd_neurons, "list the neuron registry or show one neuron",
     "Usage: ctome neurons [--json] [--sex herm|male|all] [NAME...]\n"
     "  Without NAME, list the registry (302 hermaphrodite neurons and the\n"
     "  male-specific neurons): name, class, type, sex, neurotransmitter, sign, the\n"
     "  source of the transmitter call, soma position (um) and L/R partner.\n"
     "  With NAME (any spelling: db1, DB01, ' AVAL'), show those neurons.\n"
     "  --json        one JSON document\n"
     "  --sex S       herm (302, default for the list), male (male-specific), all\n",
     REF_WANG24 "\n" REF_WORMATLAS "\n" REF_SKUH22 "\n" REF_COOK19},
    {"ingest", cmd_ingest, "read datasets or files into an HDF5 store",
     "Usage: ctome ingest <id|file>... -o store.h5\n"
     "  Read each bundled dataset id or connectome file (format detected from its\n"
     "  content) and write them to one HDF5 store (schema: docs/store.md, readable\n"
     "  with h5py alone). 'all' ingests every bundled dataset. The store is written\n"
     "  to a temporary file and renamed on success: a failure leaves no file.\n"
     "  -o, --output FILE   the store to write (required)\n",
     REF_DATASETS},
    {"info", cmd_info, "summarise a dataset, file or store",
     "Usage: ctome info [--json] <id|file|store.h5>...\n"
     "  Print the layers of each connectome (directed, edges, nodes, total weight,\n"
     "  asymmetric gap-junction listings, self-loops), node kinds, and the names\n"
     "  that are neither registry neurons nor known cells.\n"
     "  --json        one JSON document\n",
     REF_DATASETS},
    {"export", cmd_export, "write one layer as GraphML, GML, edge list or matrix",
     "Usage: ctome export <id|file|store> --layer L --format graphml|gml|edgelist|matrix\n"
     "                    -o FILE [--all-cells]\n"
     "  Write one layer in a format networkx, igraph and Cytoscape read.\n"
     "  --layer L       chemical, electrical, functional, monoamine, peptide, contact\n"
     "  --format F      graphml | gml | edgelist (TSV source,target,weight) |\n"
     "                  matrix (CSV, rows = presynaptic)\n"
     "  --all-cells     keep muscles and end organs (default: neurons only)\n"
     "  -o, --output F  output file (required)\n",
     REF_DATASETS},
    {"compare-sources", cmd_compare_sources, "show where bundled files of one connectome disagree",
     "Usage: ctome compare-sources [--json] [--limit N] <id>\n"
     "  Load every bundled source of a dataset (e.g. the Cook 2019 SI5 workbook,\n"
     "  the WormWiring edge list and NemaNode JSON) and list, per layer and pair of\n"
     "  sources, the neuron pairs present in only one source and the weight\n"
     "  differences of shared pairs (neurons only).\n"
     "  --limit N     list at most N differing pairs per category (default 20; 0 = all)\n"
     "  --json        one JSON document\n",
     REF_DATASETS},
    {"plot", cmd_plot, "draw figures (adjacency matrix)",
     "Usage: ctome plot adjacency <id|file|store> [--layer L] [--order type|position|name]\n"
     "                  -o FIG.png|svg|pdf\n"
     "  Adjacency matrix of one layer, neurons grouped by type (sensory, inter,\n"
     "  motor, pharyngeal) with labelled group boundaries, log colour scale.\n"
     "  --layer L      default chemical\n"
     "  --order O      type (default; by name within type), position (soma AP\n"
     "                 position, Skuhersky 2022), name\n",
     REF_SKUH22},
    {"report", cmd_report, "the main job: ingest everything, write an HTML report",
     "Usage: ctome report [-o DIR]\n"
     "  Ingest every bundled dataset, write DIR/store.h5 and DIR/index.html with the\n"
     "  dataset table, per-dataset counts, cross-source differences and adjacency\n"
     "  figures (DIR defaults to ctome-report).\n"
     "  -o, --output DIR   output folder (created if needed)\n",
     REF_DATASETS},
    {"version", cmd_version, "print the version", "Usage: ctome version\n", ""},
    {"help", cmd_help, "show a command's usage and references", "Usage: ctome help [command]\n", ""},
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void cli_print_usage(FILE *fp, const char *name)
{
    const cli_command *c = cli_find_command(name);
    if (c)
        fputs(c->usage, fp);
}

static void print_table(FILE *fp)
{
    fprintf(fp, "ctome %s — C. elegans connectome science from the command line\n\n"
                "Usage: ctome <command> [options]\n\nCommands:\n", ctome_version());
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(fp, "  %-17s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\n'ctome help <command>' shows a command's options and the papers behind it.\n");
}

int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        print_table(stdout);
        return CLI_OK;
    }
    const cli_command *c = cli_find_command(argv[1]);
    if (!c)
        return cli_usage_error("help", "unknown command '%s'", argv[1]);
    fputs(c->usage, stdout);
    if (c->references && *c->references)
        printf("\nReferences:\n%s\n", c->references);
    return CLI_OK;
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("ctome %s\n", ctome_version());
    return CLI_OK;
}

int main(int argc, char **argv)
{
    ctome_init();
    if (argc < 2) {
        print_table(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_table(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(0, NULL);
    const cli_command *c = cli_find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "ctome: unknown command '%s'\n\n", argv[1]);
        print_table(stderr);
        return CLI_USAGE;
    }
    int rc = c->run(argc - 1, argv + 1);
    ctome_plot_cleanup();
    return rc;
}
