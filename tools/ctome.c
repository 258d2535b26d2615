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
#define REF_MASLOV02 "Maslov S, Sneppen K (2002) Specificity and stability in topology of protein " \
                    "networks. Science 296:910-913, doi:10.1126/science.1065103"
#define REF_RUBINOV "Rubinov M, Sporns O (2010) Complex network measures of brain connectivity: uses " \
                    "and interpretations. NeuroImage 52:1059-1069, doi:10.1016/j.neuroimage.2009.10.003"
#define REF_RUBINOV11 "Rubinov M, Sporns O (2011) Weight-conserving characterization of complex " \
                      "functional brain networks. NeuroImage 56:2068-2079, doi:10.1016/j.neuroimage.2011.03.069"
#define REF_MILISAV24 "Milisav F et al. (2024) A simulated annealing algorithm for randomizing weighted " \
                      "networks. Nat Comput Sci, doi:10.1038/s43588-024-00735-x"
#define REF_BETZEL18 "Betzel RF, Bassett DS (2018) Specificity and robustness of long-distance " \
                     "connections in weighted, interareal connectomes. PNAS 115:E4880-E4889, " \
                     "doi:10.1073/pnas.1720186115"
#define REF_COLIZZA06 "Colizza V, Flammini A, Serrano MA, Vespignani A (2006) Detecting rich-club " \
                      "ordering in complex networks. Nat Phys 2:110-115, doi:10.1038/nphys209"
#define REF_TOWLSON13 "Towlson EK, Vertes PE, Ahnert SE, Schafer WR, Bullmore ET (2013) The rich club " \
                      "of the C. elegans neuronal connectome. J Neurosci 33:6380-6387, " \
                      "doi:10.1523/JNEUROSCI.3784-12.2013"
#define REF_MILO02 "Milo R et al. (2002) Network motifs: simple building blocks of complex networks. " \
                   "Science 298:824-827, doi:10.1126/science.298.5594.824"
#define REF_TRAAG19 "Traag VA, Waltman L, van Eck NJ (2019) From Louvain to Leiden: guaranteeing " \
                    "well-connected communities. Sci Rep 9:5233, doi:10.1038/s41598-019-41695-z"
#define REF_GUIMERA05 "Guimera R, Amaral LAN (2005) Functional cartography of complex metabolic " \
                      "networks. Nature 433:895-900, doi:10.1038/nature03288"
#define REF_WATTS98 "Watts DJ, Strogatz SH (1998) Collective dynamics of 'small-world' networks. " \
                    "Nature 393:440-442, doi:10.1038/30918"
#define REF_TELESFORD11 "Telesford QK et al. (2011) The ubiquity of small-world networks. Brain " \
                        "Connect 1:367-375, doi:10.1089/brain.2011.0038"
#define REF_LATORA01 "Latora V, Marchiori M (2001) Efficient behavior of small-world networks. PRL " \
                     "87:198701, doi:10.1103/PhysRevLett.87.198701"
#define REF_ESTRADA08 "Estrada E, Hatano N (2008) Communicability in complex networks. Phys Rev E " \
                      "77:036111, doi:10.1103/PhysRevE.77.036111"
#define REF_CROFTS09 "Crofts JJ, Higham DJ (2009) A weighted communicability measure applied to " \
                     "complex brain networks. J R Soc Interface 6:411-414, doi:10.1098/rsif.2008.0484"
#define REF_WITVLIET21 "Witvliet D et al. (2021) Connectomes across development reveal principles of " \
                       "brain maturation. Nature 596:257-261, doi:10.1038/s41586-021-03778-8"
#define REF_VARSHNEY11 "Varshney LR, Chen BL, Paniagua E, Hall DH, Chklovskii DB (2011) Structural " \
                       "properties of the Caenorhabditis elegans neuronal network. PLoS Comput Biol " \
                       "7:e1001066, doi:10.1371/journal.pcbi.1001066"

#define REF_SCHUTT23 "Schuett HH, Kipnis AD, Diedrichsen J, Kriegeskorte N (2023) Statistical inference " \
                     "on representational geometries. eLife 12:e82566, doi:10.7554/eLife.82566"
#define REF_NILI14 "Nili H et al. (2014) A toolbox for representational similarity analysis. PLoS " \
                   "Comput Biol 10:e1003553, doi:10.1371/journal.pcbi.1003553"
#define REF_WALTHER16 "Walther A et al. (2016) Reliability of dissimilarity measures for multi-voxel " \
                      "pattern analysis. NeuroImage 137:188-200, doi:10.1016/j.neuroimage.2015.12.012"
#define REF_DIEDRICHSEN21 "Diedrichsen J et al. (2021) Comparing representational geometries using " \
                          "whitened unbiased-distance-matrix similarity. Neurons Behav Data Anal " \
                          "Theory 5(3), arXiv:2007.02968"
#define REF_LIN24 "Lin B, Kriegeskorte N (2024) The topology and geometry of neural representations. " \
                  "PNAS 121:e2317881121, doi:10.1073/pnas.2317881121"
#define REF_SCHAFER05 "Schaefer J, Strimmer K (2005) A shrinkage approach to large-scale covariance " \
                      "matrix estimation. Stat Appl Genet Mol Biol 4:32, doi:10.2202/1544-6115.1175"

#define REF_ROY07 "Roy O, Vetterli M (2007) The effective rank: a measure of effective " \
                  "dimensionality. Proc. 15th European Signal Processing Conference (EUSIPCO), 606-610"
#define REF_GAO17 "Gao P, Trautmann E, Yu BM, Santhanam G, Ryu S, Shenoy K, Ganguli S (2017) A theory " \
                  "of multineuronal dimensionality, dynamics and measurement. bioRxiv 214262, " \
                  "doi:10.1101/214262"
#define REF_RECANATESI19 "Recanatesi S, Ocker GK, Buice MA, Shea-Brown E (2019) Dimensionality in " \
                         "recurrent spiking networks: global trends in activity and local origins in " \
                         "connectivity. PLoS Comput Biol 15:e1006446, doi:10.1371/journal.pcbi.1006446"
#define REF_RUDELSON07 "Rudelson M, Vershynin R (2007) Sampling from large matrices: an approach " \
                       "through geometric functional analysis. J ACM 54:21, doi:10.1145/1255443.1255449"

#define REF_ATANAS23 "Atanas AA, Kim J, Wang Z, et al. (2023) Brain-wide representations of behavior " \
                     "spanning multiple timescales and states in C. elegans. Cell 186:4134-4151, " \
                     "doi:10.1016/j.cell.2023.07.035"
#define REF_SCHOLZ18 "Scholz M, Linder AN, Randi F, Sharma AK, Yu X, Shaevitz JW, Leifer AM (2018) " \
                     "Predicting natural behavior from whole-brain neural dynamics. bioRxiv 445643, " \
                     "doi:10.1101/445643"
#define REF_KATO15 "Kato S, Kaplan HS, Schroedel T, et al. (2015) Global brain dynamics embed the motor " \
                   "command sequence of Caenorhabditis elegans. Cell 163:656-669, " \
                   "doi:10.1016/j.cell.2015.09.034"

#define REF_RANDI23 "Randi F, Sharma AK, Dvali S, Leifer AM (2023) Neural signal propagation atlas of " \
                    "Caenorhabditis elegans. Nature 623:406-414, doi:10.1038/s41586-023-06683-4"
#define REF_UZEL22 "Uzel K, Kato S, Zimmer M (2022) A set of hub neurons and non-local connectivity " \
                   "features support global brain dynamics in C. elegans. Curr Biol 32:3443-3459, " \
                   "doi:10.1016/j.cub.2022.06.039"
#define REF_PHIPSON10 "Phipson B, Smyth GK (2010) Permutation p-values should never be zero. Stat Appl " \
                      "Genet Mol Biol 9:39, doi:10.2202/1544-6115.1585"

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
    {"stats", cmd_stats, "topology statistics with null models (rich club, motifs, modules)",
     "Usage: ctome stats <id|file|store>... [--layer L|all] [--weighted] [--nulls N]\n"
     "                   [--null-model maslov-sneppen|strength|geometry] [--seed S]\n"
     "                   [--threads T] [--json] [--nodes] [--plot FIG] [--quiet]\n"
     "  Global statistics of each dataset and layer over neurons (vertices = neurons\n"
     "  with an edge in the layer; self-loops dropped): n_nodes, n_edges, density,\n"
     "  reciprocity, transitivity, average_clustering (+ Onnela weighted),\n"
     "  char_path_length (largest component), global_efficiency (+ weighted, length\n"
     "  1/weight), degree_assortativity, spectral_radius (binary adjacency as given),\n"
     "  modularity (Leiden, consensus over runs), small_world sigma and omega, the\n"
     "  rich club phi(k) normalised by the nulls with p-values, the 13 directed\n"
     "  3-node motif counts with null z-scores, bilateral_symmetry. Definitions:\n"
     "  docs/methods.md. Output: a TSV row per dataset+layer (default), or JSON.\n"
     "  --layer L          chemical, electrical, ... or all (default: every layer\n"
     "                     with an edge between neurons)\n"
     "  --weighted         modularity and participation on synapse weights\n"
     "  --nulls N          null models for the rich club and motifs (default 100;\n"
     "                     at least 1)\n"
     "  --null-model M     maslov-sneppen (default; degrees kept exactly), strength\n"
     "                     (strengths kept by simulated annealing), geometry (degrees\n"
     "                     and edge-length distribution kept, soma positions)\n"
     "  --seed S           seed of the nulls (default 1; printed with the result)\n"
     "  --threads T        threads for the nulls and path measures (default: all\n"
     "                     cores; results are identical for any T)\n"
     "  --json             one JSON object per dataset+layer (an array if several)\n"
     "  --nodes            the per-neuron table instead: in/out degree, strength,\n"
     "                     clustering, betweenness, closeness, eigenvector centrality,\n"
     "                     module, participation coefficient, within-module z-score,\n"
     "                     rich-club membership\n"
     "  --plot FIG         six-panel figure (.png/.svg/.pdf; FIG_<id>_<layer>.png when\n"
     "                     several): degree distribution, rich club raw and\n"
     "                     normalised, motif z-scores, modules on the adjacency\n"
     "                     matrix, the network at soma positions\n"
     "  --quiet            no progress bar or notes on stderr\n",
     REF_RUBINOV "\n" REF_WATTS98 "\n" REF_LATORA01 "\n" REF_MASLOV02 "\n" REF_RUBINOV11 "\n"
     REF_MILISAV24 "\n" REF_BETZEL18 "\n" REF_COLIZZA06 "\n" REF_TOWLSON13 "\n" REF_MILO02 "\n"
     REF_TRAAG19 "\n" REF_GUIMERA05 "\n" REF_TELESFORD11 "\n" REF_VARSHNEY11},
    {"compare", cmd_compare, "compare connectomes edge by edge (e.g. developmental stages)",
     "Usage: ctome compare <id|file|store>... [--layer L] [--json] [--degrees]\n"
     "                     [--plot FIG]\n"
     "  Compare one layer across two or more connectomes, neurons matched by name:\n"
     "  for each consecutive pair and each connectome against the last, the edge\n"
     "  Jaccard overlap |A and B| / |A or B|, Pearson and Spearman correlation of\n"
     "  the weights of shared edges, edges gained and lost. Example:\n"
     "    ctome compare witvliet2021-1 witvliet2021-2 ... witvliet2021-8\n"
     "  --layer L      default chemical\n"
     "  --degrees      also the per-neuron in/out degree in each connectome and its\n"
     "                 change first to last (NA where a neuron is absent)\n"
     "  --json         one JSON document (pairs and degrees)\n"
     "  --plot FIG     Jaccard and correlations across the series, edges gained and\n"
     "                 lost\n",
     REF_WITVLIET21 "\n" REF_DATASETS},
    {"nulls", cmd_nulls, "write an ensemble of null models of a layer to an HDF5 store",
     "Usage: ctome nulls <id|file|store> --model M -n N [--seed S] [--layer L]\n"
     "                   [--swaps K] [--threads T] [--quiet] -o nulls.h5\n"
     "  Draw N null models of one layer (neurons only) and write them, with the\n"
     "  connectome, to a new store under /runs/nulls/<id>_<layer>_<model>_seed<S>/\n"
     "  (schema: docs/store.md; readable with h5py alone). Replicate i uses random\n"
     "  stream i of the seed: the file is identical for any number of threads.\n"
     "  --model M     maslov-sneppen (degrees kept exactly; directed layers keep\n"
     "                every in- and out-degree), strength (then strengths matched by\n"
     "                simulated annealing), geometry (degrees and the number of edges\n"
     "                per soma-distance bin kept; neurons without a position left out)\n"
     "  -n N          number of nulls (required, >= 1)\n"
     "  --seed S      default 1\n"
     "  --layer L     default chemical\n"
     "  --swaps K     successful swaps per edge (default 10)\n"
     "  --threads T   default: all cores\n"
     "  -o FILE       the store to write (required; written atomically)\n",
     REF_MASLOV02 "\n" REF_RUBINOV11 "\n" REF_MILISAV24 "\n" REF_BETZEL18 "\n" REF_SKUH22},
    {"communicability", cmd_communicability, "communicability matrix of a layer (expm)",
     "Usage: ctome communicability <id|file|store> [--layer L] [--weighted]\n"
     "                             [-o matrix.csv] [--plot FIG]\n"
     "  Communicability of one layer over neurons: binary G = expm(A) (Estrada &\n"
     "  Hatano 2008), or with --weighted G = expm(S^-1/2 A S^-1/2), S = strengths\n"
     "  (Crofts & Higham 2009; directed layers: out-strength left, in-strength\n"
     "  right). Written as CSV with neuron names (rows = from), to stdout unless -o.\n"
     "  --layer L      default chemical\n"
     "  --weighted     synapse weights, strength-normalised\n"
     "  -o FILE        CSV output (written atomically)\n"
     "  --plot FIG     heatmap of log10 G\n",
     REF_ESTRADA08 "\n" REF_CROFTS09},
    {"rsa", cmd_rsa, "representational similarity analysis: RDMs, comparisons, tests",
     "Usage: ctome rsa <data.csv|rdm.csv|recording> [--rdm M] [--compare FILE2] [--method C]\n"
     "                 [--gt LOW,UP] [--geodesic] [--perm N] [--bootstrap N]\n"
     "                 [--seed S] [--threads T] [--json] [--plot FIG] [-o FILE]\n"
     "  Input: a CSV/TSV of conditions x channels (header condition[,fold],<channel>...;\n"
     "  one row per observation, rows of the same condition averaged, an optional\n"
     "  fold/run column for crossnobis), or a square RDM with condition names in the\n"
     "  header and first column. For a recording, write conditions (stimuli, states or\n"
     "  time windows) as rows and neurons as channels, or give a recording: a bundled\n"
     "  id (atanas2023-sample, scholz2018-gfp) or --recording FILE, whose --bins time\n"
     "  windows (default 20) are the conditions, neurons the channels, and --folds\n"
     "  sub-windows (default 2) the crossnobis folds. Without --compare, print the\n"
     "  RDM (TSV, or JSON); with it, the comparison value, p-value, interval and seed.\n"
     "  --rdm M         sqeuclidean (|x-y|^2/channels, default), correlation (1-r),\n"
     "                  mahalanobis, crossnobis (leave-one-fold-out); the last two\n"
     "                  use rsatoolbox's shrinkage_diag covariance of the residuals\n"
     "  --compare FILE2 a second data or RDM file; conditions matched by name\n"
     "  --method C      spearman (default), pearson, cosine, kendall (tau-a), rho-a,\n"
     "                  whitened-cosine\n"
     "  --gt LOW,UP     geo-topological transform, per-RDM quantiles LOW < UP in [0,1]\n"
     "  --geodesic      shortest paths over the GT graph (after --gt; alone: GT 0,1)\n"
     "  --perm N        permutation test over conditions: p = (1 + #>=) / (1 + N)\n"
     "  --bootstrap N   95% interval from N condition bootstrap samples\n"
     "  --seed S        default 1; permutation/sample i uses random stream i, so\n"
     "                  results are identical for any --threads\n"
     "  --threads T     default: all cores\n"
     "  --json          JSON instead of TSV\n"
     "  --plot FIG      RDM heatmap in average-linkage order; with --compare, bars of\n"
     "                  every comparison method with bootstrap intervals\n"
     "  -o FILE         write the result to FILE (atomically) instead of stdout\n",
     REF_NILI14 "\n" REF_SCHUTT23 "\n" REF_WALTHER16 "\n" REF_DIEDRICHSEN21 "\n" REF_LIN24 "\n" REF_SCHAFER05},
    {"rank", cmd_rank, "singular values, effective rank, participation ratio, stable rank",
     "Usage: ctome rank <id|file|store|recording> [--layer L] [--binary] [--covariance]\n"
     "                  [--recording] [--json] [--plot scree.png]\n"
     "  Singular values (LAPACK divide and conquer) and, from them, the effective\n"
     "  rank exp(-sum p ln p), p_k = s_k / sum s; the participation ratio\n"
     "  (sum l)^2 / sum l^2; the stable rank sum s^2 / s_1^2; the spectral radius\n"
     "  max |eigenvalue| (square matrices only, else null/NA). Sources:\n"
     "   - a dataset id, connectome file or store: the n x n adjacency of one layer\n"
     "     over the neurons with an edge in it (self-loops dropped; rows = pre),\n"
     "     synapse weights or with --binary 1 per edge; l = s^2 (eigenvalues of A A^T);\n"
     "   - a text file of numbers (rows of a weight matrix, optional header line):\n"
     "     the matrix as given, l = s^2; NaN entries are an error;\n"
     "   - a recording id (atanas2023-sample, scholz2018-gfp) or --recording FILE:\n"
     "     neurons x time as given, time samples with a NaN in any neuron dropped\n"
     "     (counted); l = eigenvalues of the neuron covariance; no spectral radius;\n"
     "     with --covariance the neurons x neurons covariance itself (l = its\n"
     "     eigenvalues, spectral radius = the largest).\n"
     "  Output: key/value lines, or JSON with effective_rank, participation_ratio,\n"
     "  stable_rank, spectral_radius, singular_values, source, layer, rows, cols.\n"
     "  --layer L       default chemical\n"
     "  --binary        1 for every edge instead of synapse weights\n"
     "  --covariance    recordings: the covariance matrix instead of the traces\n"
     "  --recording     read FILE as a recording (Atanas JSON, NWB, Zimmer .mat, CSV)\n"
     "  --json          one JSON document\n"
     "  --plot FIG      scree figure: singular values (log scale) with the effective\n"
     "                  rank and participation ratio marked, and the cumulative variance\n",
     REF_ROY07 "\n" REF_GAO17 "\n" REF_RECANATESI19 "\n" REF_RUDELSON07},
    {"activity", cmd_activity, "homogenise activity recordings into an HDF5 store",
     "Usage: ctome activity <file|id>... -o store.h5 [--dt S]\n"
     "                      [--smooth none|moving:N|gauss:SIGMA|exp:ALPHA] [--no-zscore]\n"
     "                      [--max-nan-run F] [--min-length N] [--gap-factor G]\n"
     "                      [--plot FIG] [--neurons AVAL,AVAR,...] [--quiet]\n"
     "  Bring recordings (any format ctome reads: Atanas JSON, NWB, Zimmer-lab .mat,\n"
     "  CSV; or the bundled ids atanas2023-sample, scholz2018-gfp) onto one neuron\n"
     "  order and time step, and write them to /recordings/<id> of a new store\n"
     "  (written atomically: an error leaves no file). Steps, each recorded with\n"
     "  its parameters in the store's provenance (docs/methods.md):\n"
     "   1. neurons in registry order; unlabelled ROIs and unknown names after them;\n"
     "   2. a neuron whose longest NaN run exceeds F of the samples is dropped,\n"
     "      shorter runs are interpolated linearly (at the ends: nearest value);\n"
     "   3. linear resampling to step S; when S exceeds the median original step,\n"
     "      interpolation to S/6 and the mean of each 6 (bin averaging); gaps in\n"
     "      time longer than G x the median step become NaN, never bridged;\n"
     "   4. recordings shorter than N samples are listed and skipped;\n"
     "   5. optional smoothing; 6. per-neuron z-score (population sd).\n"
     "  Output: a TSV row per recording (id, neurons in/out, dropped, samples in/out,\n"
     "  median input step, dt), then '# skipped' lines; dropped neurons on stderr.\n"
     "  -o FILE           the store to write (required)\n"
     "  --dt S            output step in seconds (default 0.333)\n"
     "  --smooth K        none (default); moving:N centred mean of N samples;\n"
     "                    gauss:SIGMA Gaussian of SIGMA s (truncated at 4 sigma);\n"
     "                    exp:ALPHA causal exponential, 0 < ALPHA <= 1\n"
     "  --no-zscore       keep the original units\n"
     "  --max-nan-run F   fraction of the recording (default 0.05)\n"
     "  --min-length N    samples after resampling (default 600)\n"
     "  --gap-factor G    default 3\n"
     "  --plot FIG        heatmap of all neurons and stacked traces (.png/.svg/.pdf;\n"
     "                    FIG_<id>.ext when several recordings)\n"
     "  --neurons LIST    traces to draw (default: AVAL, AVAR, AVBL, AVBR, RIML,\n"
     "                    RIMR, AIBL, AIBR where present)\n"
     "  --quiet           no notes on stderr\n",
     REF_ATANAS23 "\n" REF_SCHOLZ18 "\n" REF_KATO15},
    {"structfunc", cmd_structfunc, "structure vs function: a layer against a functional matrix",
     "Usage: ctome structfunc <id|file|store> --functional SRC [--layer L] [--nulls N]\n"
     "                       [--seed S] [--threads T] [--rdm communicability|path]\n"
     "                       [--absent zero|nan] [--json] [--plot FIG] [--quiet]\n"
     "  Does a connectome layer predict functional coupling? Over the neurons both\n"
     "  have (layer neurons with an edge, matched by canonical name):\n"
     "   - Spearman rho across neuron pairs between the structural weight and the\n"
     "     functional value (pairs with a value; a symmetric functional matrix uses\n"
     "     unordered pairs and the weight w_ij + w_ji of a directed layer, a directed\n"
     "     one ordered pairs and w(i->j)), with a two-sided p-value against\n"
     "     degree-preserving (Maslov-Sneppen) nulls of the layer:\n"
     "     p = (1 + #{|rho_null| >= |rho|}) / (1 + N);\n"
     "   - an RDM comparison: structural dissimilarity 1 - normalised weighted\n"
     "     communicability (or hop count) vs functional dissimilarity 1 - r,\n"
     "     Spearman, with a permutation test over neurons when complete;\n"
     "   - the list of shared neurons. Definitions: docs/methods.md.\n"
     "  --functional SRC  randi2023-funconn (signal-propagation atlas, stimulated ->\n"
     "                    responding amplitude), uzel2022-fc[:N] (Uzel 2022 matrix N,\n"
     "                    default 1 = correlation of derivatives; 2 = of traces),\n"
     "                    a recording id (atanas2023-sample) or recording file: the\n"
     "                    Pearson correlation of its labelled neurons' traces\n"
     "  --layer L         default chemical\n"
     "  --nulls N         null models for p (default 1000)\n"
     "  --seed S          default 1; null i uses random stream i: identical results\n"
     "                    for any --threads\n"
     "  --threads T       default: all cores\n"
     "  --rdm R           communicability (default) or path (hops)\n"
     "  --absent A        Randi pairs absent from the export (it writes 0 for both\n"
     "                    'no significant response' and 'not measured'): zero\n"
     "                    (default, no response) or nan (left out)\n"
     "  --json            one JSON document\n"
     "  --plot FIG        functional value vs weight of connected pairs (log x) and\n"
     "                    histograms of connected vs unconnected pairs\n"
     "  --quiet           no progress bar\n",
     REF_RANDI23 "\n" REF_UZEL22 "\n" REF_KATO15 "\n" REF_MASLOV02 "\n" REF_PHIPSON10 "\n" REF_ESTRADA08 "\n"
     REF_CROFTS09},
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
