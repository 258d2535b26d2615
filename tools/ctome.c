/* ctome.c — the dispatcher: one table of subcommands (the samtools habit).
 * `ctome` alone prints the table; `ctome help <command>` prints its usage and
 * the papers behind it. */
#include "ctome_features.h"
#include "cli.h"
#include "commands.h"
#include "ei_cli.h"
#include "mpi_jobs.h"
#include "outputs.h"
#include "plot.h"

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
/* Layer unions and node scope: the same options in every command that reads
 * a layer (lib/data/connectome_view.c). */
#define HELP_SCOPE \
    "  Layer unions and node scope (docs/methods.md, \"Node scope and layer unions\"):\n" \
    "  --layer a+b     a union of layers, e.g. chemical+electrical: one undirected\n" \
    "                  simple graph, an edge where any of the layers has one (either\n" \
    "                  direction), weight = the sum of all their weights between the\n" \
    "                  pair (the network of Watts & Strogatz 1998 and Towlson 2013)\n" \
    "  --scope S       auto (default): registry neurons, or every node when the layer\n" \
    "                  has no edge between two registry neurons (numbered nodes, other\n" \
    "                  networks; said on stderr and in the output); neurons; all\n" \
    "                  (muscles, end organs and names not in the registry too).\n" \
    "                  Nothing to analyse in the scope is an error (exit 1).\n"
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

#define REF_DYBALLA24 "Dyballa L, Lang S, Haslund-Gourley A, Yemini E, Zucker SW (2024) Learning dynamic " \
                      "representations of the functional connectome in neurobiological networks. ICLR 2024, " \
                      "arXiv:2402.14102"
#define REF_WORMTENSOR "Tsuyuzaki K et al. (2023) WormTensor: a clustering method for time-series whole-brain " \
                       "activity data from C. elegans. BMC Bioinformatics 24:254"
#define REF_CICHOCKI09 "Cichocki A, Phan AH (2009) Fast local algorithms for large scale nonnegative matrix and " \
                       "tensor factorizations. IEICE Trans Fundamentals E92-A:708-721"
#define REF_ANG19 "Ang AMS, Gillis N (2019) Accelerating nonnegative matrix factorization algorithms using " \
                  "extrapolation. Neural Comput 31:417-439"
#define REF_DFC_COMM_ALT "--community alternatives: Blondel VD et al. (2008) J Stat Mech P10008 (Louvain); " \
                         "Pons P, Latapy M (2006) J Graph Algorithms Appl 10:191 (Walktrap); Rosvall M, " \
                         "Bergstrom CT (2008) PNAS 105:1118 (Infomap); Clauset A, Newman MEJ, Moore C (2004) " \
                         "Phys Rev E 70:066111 (fast greedy)"
#define REF_TOMASI06 "Tomasi G, Bro R (2006) A comparison of algorithms for fitting the PARAFAC model. " \
                     "Comput Stat Data Anal 50:1700-1734"
#define REF_LANCICHINETTI12 "Lancichinetti A, Fortunato S (2012) Consensus clustering in complex networks. " \
                            "Sci Rep 2:336"
#define REF_AICHER15 "Aicher C, Jacobs AZ, Clauset A (2015) Learning latent block structure in weighted " \
                     "networks. J Complex Netw 3:221-248, doi:10.1093/comnet/cnu026"
#define REF_PEIXOTO18 "Peixoto TP (2018) Nonparametric weighted stochastic block models. Phys Rev E 97:012306"
#define REF_VINH10 "Vinh NX, Epps J, Bailey J (2010) Information theoretic measures for clusterings comparison. " \
                   "JMLR 11:2837-2854; Hubert L, Arabie P (1985) Comparing partitions. J Classif 2:193-218"
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
#define REF_EPPSTEIN04 "Eppstein D, Wang J (2004) Fast approximation of centrality. J Graph Algorithms " \
                       "Appl 8:39-45, doi:10.7155/jgaa.00081"
#define REF_COCHRAN77 "Cochran WG (1977) Sampling Techniques, 3rd ed. Wiley, New York (ch. 2: the " \
                      "finite-population correction)"

#define REF_BHATTASALI22 "Bhattasali NX, Zador AM, Engel TA (2022) Neural circuit architectural priors for " \
                         "embodied control. NeurIPS 35, arXiv:2201.05242"
#define REF_TASSA18 "Tassa Y et al. (2018) DeepMind Control Suite. arXiv:1801.00690 (dm_control swimmer)"
#define REF_TODOROV12 "Todorov E, Erez T, Tassa Y (2012) MuJoCo: a physics engine for model-based control. " \
                      "IEEE/RSJ IROS 2012, 5026-5033, doi:10.1109/IROS.2012.6386109"
#define REF_SALIMANS17 "Salimans T, Ho J, Chen X, Sidor S, Sutskever I (2017) Evolution strategies as a " \
                       "scalable alternative to reinforcement learning. arXiv:1703.03864"
#define REF_HANSEN16 "Hansen N (2016) The CMA evolution strategy: a tutorial. arXiv:1604.00772"
#define REF_KINGMA15 "Kingma DP, Ba J (2015) Adam: a method for stochastic optimization. ICLR, arXiv:1412.6980"
#define REF_ACHTERBERG23 "Achterberg J, Akarca D, Strouse DJ, Duncan J, Astle DE (2023) Spatially embedded " \
                         "recurrent neural networks reveal widespread links between structural and " \
                         "functional neuroscience findings. Nat Mach Intell 5:1369-1381, " \
                         "doi:10.1038/s42256-023-00748-9"
#define REF_ALMOHY09 "Al-Mohy AH, Higham NJ (2009) Computing the Frechet derivative of the matrix " \
                     "exponential, with an application to condition number estimation. SIAM J Matrix " \
                     "Anal Appl 30:1639-1657, doi:10.1137/080716426"
#define REF_HUMPHRIES08 "Humphries MD, Gurney K (2008) Network 'small-world-ness': a quantitative method " \
                        "for determining canonical network equivalence. PLoS ONE 3:e0002051"
#define REF_RIGOTTI13 "Rigotti M et al. (2013) The importance of mixed selectivity in complex cognitive " \
                      "tasks. Nature 497:585-590, doi:10.1038/nature12160"

#define REF_WICKS96 "Wicks SR, Roehrig CJ, Rankin CH (1996) A dynamic network simulation of the nematode " \
                    "tap withdrawal circuit: predictions concerning synaptic function using behavioral " \
                    "criteria. J Neurosci 16:4017-4031, doi:10.1523/JNEUROSCI.16-12-04017.1996"
#define REF_KUNERT17 "Kunert-Graf JM, Shlizerman E, Walker A, Kutz JN (2017) Multistability and " \
                     "long-timescale transients encoded by network structure in a model of C. elegans " \
                     "connectome dynamics. Front Comput Neurosci 11:53, doi:10.3389/fncom.2017.00053"
#define REF_CHALASANI07 "Chalasani SH, Chronis N, Tsunozaki M, Gray JM, Ramot D, Goodman MB, Bargmann CI " \
                        "(2007) Dissecting a circuit for olfactory behaviour in Caenorhabditis elegans. " \
                        "Nature 450:63-70, doi:10.1038/nature06292 (AWC glutamate inhibits AIY through " \
                        "the GluCl GLC-3 and excites AIB through GLR-1)"
#define REF_FENYVES20 "Fenyves BG, Szilagyi GS, Vassy Z, Soti C, Csermely P (2020) Synaptic polarity and " \
                      "sign-balance prediction using gene expression data in the Caenorhabditis elegans " \
                      "chemical synapse neuronal connectome network. PLoS Comput Biol 16:e1007974, " \
                      "doi:10.1371/journal.pcbi.1007974"
#define REF_GSL "Galassi M et al. GNU Scientific Library Reference Manual, ch. Ordinary Differential " \
                "Equations (rkf45: Fehlberg; rk8pd: Prince & Dormand 1981; msbdf: variable-order BDF " \
                "after Byrne & Hindmarsh 1975)"

#define REF_LIU24 "Liu YH, Baratin A, Cornford J, Mihalas S, Shea-Brown E, Lajoie G (2024) How connectivity " \
                  "structure shapes rich and lazy learning in neural circuits. ICLR 2024, arXiv:2310.08513"
#define REF_CHIZAT19 "Chizat L, Oyallon E, Bach F (2019) On lazy training in differentiable programming. " \
                     "NeurIPS 32, arXiv:1812.07956"
#define REF_JACOT18 "Jacot A, Gabriel F, Hongler C (2018) Neural tangent kernel: convergence and generalization " \
                    "in neural networks. NeurIPS 31, arXiv:1806.07572"
#define REF_FORT20 "Fort S, Dziugaite GK, Paul M, Kharaghani S, Roy DM, Ganguli S (2020) Deep learning versus " \
                   "kernel learning: an empirical study of loss landscape geometry and the time evolution of " \
                   "the neural tangent kernel. NeurIPS 33, arXiv:2010.15110"
#define REF_CORTES12 "Cortes C, Mohri M, Rostamizadeh A (2012) Algorithms for learning kernels based on " \
                     "centered alignment. JMLR 13:795-828"
#define REF_MOLANO22 "Molano-Mazon M, Barbosa J, Pastor-Ciurana J, et al. (2022) NeuroGym: an open resource " \
                     "for developing and sharing neuroscience tasks. PsyArXiv, doi:10.31234/osf.io/aqc9n"
#define REF_MANTE13 "Mante V, Sussillo D, Shenoy KV, Newsome WT (2013) Context-dependent computation by " \
                    "recurrent dynamics in prefrontal cortex. Nature 503:78-84, doi:10.1038/nature12742"

static const cli_command commands[] = {
    {"datasets", cmd_datasets, "list the bundled datasets with counts per layer",
     "Usage: ctome datasets [--json] [--all-cells]\n"
     "  List every bundled dataset: id, sex, stage, layers, and per layer the neuron\n"
     "  count, edge count and total weight (neurons only; --all-cells counts muscles\n"
     "  and end organs too), then the citation.\n",
     REF_DATASETS, cli_opts_datasets},
    {"neurons", cmd_neurons, "list the neuron registry or show one neuron",
     "Usage: ctome neurons [--json] [--sex herm|male|all] [NAME...]\n"
     "  Without NAME, list the registry (302 hermaphrodite neurons and the\n"
     "  male-specific neurons): name, class, type, sex, neurotransmitter, sign, the\n"
     "  source of the transmitter call, soma position (um) and L/R partner.\n"
     "  With NAME (any spelling: db1, DB01, ' AVAL'), show those neurons; a class\n"
     "  name (RIA, ash) shows every neuron of the class.\n",
     REF_WANG24 "\n" REF_WORMATLAS "\n" REF_SKUH22 "\n" REF_COOK19, cli_opts_neurons},
    {"ingest", cmd_ingest, "read datasets or files into an HDF5 store",
     "Usage: ctome ingest <id|file>... -o store.h5 [--json] [--quiet]\n"
     "  Read each bundled dataset id or connectome file (format detected from its\n"
     "  content) and write them to one HDF5 store (schema: docs/store.md, readable\n"
     "  with h5py alone). 'all' ingests every bundled dataset. The store is written\n"
     "  to a temporary file and renamed on success: a failure leaves no file.\n",
     REF_DATASETS, cli_opts_ingest},
    {"info", cmd_info, "summarise a dataset, file or store",
     "Usage: ctome info [--json] <id|file|store.h5>...\n"
     "  Print the layers of each connectome (directed, edges, nodes, total weight,\n"
     "  asymmetric gap-junction listings, self-loops), node kinds, and the names\n"
     "  that are neither registry neurons nor known cells (the first 20 and the\n"
     "  count; --json lists every one). stdout is one table over every connectome\n"
     "  (id, layer, directed, neurons, neuron_edges, neuron_weight, cells,\n"
     "  cell_edges, cell_weight, self_loops, asymmetric, weight_unit: the keys of\n"
     "  each --json layer); what each connectome is (source, citation, DOI, sex,\n"
     "  stage, cell kinds, unplaced names) goes to stderr as '# ' lines.\n",
     REF_DATASETS, cli_opts_info},
    {"export", cmd_export, "write one layer as GraphML, GML, edge list, matrix or node table",
     "Usage: ctome export <id|file|store> --layer L --format graphml|gml|edgelist|matrix|nodes\n"
     "                    -o FILE [--scope auto|neurons|all] [--all-cells] [--json] [--quiet]\n"
     "  Write one layer in a format networkx, igraph and Cytoscape read.\n"
     "  GraphML and GML nodes, and the node table, carry what networks are coloured\n"
     "  by: class, type, sex, neurotransmitter, Dale sign and soma position x_um,\n"
     "  y_um, z_um (registry; empty or absent for cells outside it). GraphML node\n"
     "  ids are the cell names; the graph carries the layer, the weight unit and\n"
     "  the dataset's title, citation, DOI, sex, stage and licence.\n",
     REF_DATASETS "\n" REF_WATTS98 "\n" REF_TOWLSON13, cli_opts_export},
    {"compare-sources", cmd_compare_sources, "show where bundled files of one connectome disagree",
     "Usage: ctome compare-sources [--json] [--limit N] [--quiet] <id>\n"
     "  Load every bundled source of a dataset (e.g. the Cook 2019 SI5 workbook,\n"
     "  the WormWiring edge list and NemaNode JSON) and list, per layer and pair of\n"
     "  sources, the neuron pairs present in only one source and the weight\n"
     "  differences of shared pairs (neurons only).\n"
     "  Output: one TSV table of the differing edges (layer, source_a, source_b,\n"
     "  kind = only_in_A | only_in_B | weight_differs, pre, post, weight_a,\n"
     "  weight_b); the counts per layer and pair of sources are notes on stderr.\n",
     REF_DATASETS, cli_opts_compare_sources},
    {"plot", cmd_plot, "draw figures (adjacency matrix)",
     "Usage: ctome plot adjacency <id|file|store> [--layer L] [--order type|position|name]\n"
     "                  [--scope auto|neurons|all] [--json] [--quiet] -o FIG.png|svg|pdf\n"
     "  Adjacency matrix of one layer, neurons grouped by type (sensory, inter,\n"
     "  motor, pharyngeal) with labelled group boundaries, log colour scale.\n",
     REF_SKUH22 "\n" REF_WATTS98 "\n" REF_TOWLSON13, cli_opts_plot},
    {"stats", cmd_stats, "topology statistics with null models (rich club, motifs, modules)",
     "Usage: ctome stats <id|file|store>... [--layer L|all] [--weighted] [--nulls N]\n"
     "                   [--null-model maslov-sneppen|strength|geometry] [--seed S]\n"
     "                   [--threads T] [--json] [--nodes] [--rich-k K|auto]\n"
     "                   [--sw-refs N] [--sw-reference degree|gnm] [--plot FIG] [--quiet]\n"
     "                   [--mpi]\n"
     "                   [--scope auto|neurons|all] [--exact | --path-sources K]\n"
     "  Global statistics of each dataset and layer over the nodes in scope (below;\n"
     "  vertices = those with an edge in the layer; self-loops dropped): n_nodes,\n"
     "  n_edges, density, reciprocity, transitivity, average_clustering (+ Onnela weighted),\n"
     "  char_path_length (largest component), global_efficiency (+ weighted: BCT's\n"
     "  efficiency_wei on weights normalised by the largest, length 1/weight; Rubinov\n"
     "  & Sporns 2010), degree_assortativity, spectral_radius (binary adjacency as given),\n"
     "  modularity (Leiden, consensus over runs), small_world sigma and omega, the\n"
     "  rich club phi(k) normalised by the nulls with p-values, the 13 directed\n"
     "  3-node motif counts with null z-scores, bilateral_symmetry. Definitions:\n"
     "  docs/methods.md. Output: a TSV row per dataset+layer (default), or JSON;\n"
     "  both record the node scope used (node_scope; JSON also node_scope_automatic\n"
     "  and, for a union, layer_union: the rule). Unresolved node names are counted\n"
     "  on stderr. A dataset with no layer to analyse is an error.\n"
     "  Nulls follow the measure: the rich club is normalised by degree-preserving\n"
     "  nulls of the UNDIRECTED simple graph (networkx, BCT randmio_und), so\n"
     "  phi_norm(0) = 1; a view denser than 1/2 is rewired on its complement (a\n"
     "  swap of non-edges is a swap of the graph: the same law, with the 10 swaps\n"
     "  per edge reached instead of the attempt budget; JSON rich_club.null_chain\n"
     "  complement|plain; docs/methods.md 5); motif z-scores (directed layers)\n"
     "  by nulls keeping every in/out degree and the number of mutual dyads (Milo\n"
     "  2002, mfinder).\n"
     "  Rich club: z(k) = (phi - null mean) / null sd; k is significant when\n"
     "  phi_norm > 1 and z > z_crit, the one-sided normal quantile at 0.05 / L\n"
     "  (Bonferroni over the L distinct clubs tested; needs >= 20 nulls); printed:\n"
     "  the runs of significant k, z_crit, the level and its member count. Default\n"
     "  level: the lowest k of the highest run (varshney2011 chemical+electrical:\n"
     "  39-52, Towlson's 11 neurons; the paper reports 44 <= k < 53); members:\n"
     "  undirected degree > k.\n"
     "  Small world: sigma = (C/C_rand)/(L/L_rand), omega = L_rand/L - C/C_latt\n"
     "  with C = average local clustering (not transitivity), L over the largest\n"
     "  component; all five parts are printed (sw_C ... sw_C_latt).\n"
     "  Large graphs: above n x m = 2e9 (n nodes, m undirected pairs; e.g. 10 000\n"
     "  nodes with 200 000 pairs) exact all-pairs paths (O(n m)) are replaced by a\n"
     "  SAMPLED estimate: char_path_length and global_efficiency (+ weighted) are\n"
     "  means over 256 sources drawn without replacement (random stream 2^40 of\n"
     "  --seed) with a 95% interval (normal, finite-population corrected; Eppstein\n"
     "  & Wang 2004); the columns path_estimate (exact|sampled), path_sources and\n"
     "  *_ci95_lo/_hi say so (JSON: also path_method). In that mode modularity is the\n"
     "  best Q of R Leiden runs of 2 iterations each (python-igraph's default), R =\n"
     "  4 000 000 / m in 1..10 (10 up to 400 000 pairs, 4 at 1M, 1 from 4M; no\n"
     "  consensus: its co-assignment matrix is n x n), sigma/omega are not computed\n"
     "  (NaN) and --nodes is refused; stderr names each change. Columns\n"
     "  modularity_runs and modularity_iterations give R and the iterations; -1 =\n"
     "  igraph's n_iterations -1 (documented \"until stable\"), which Debian's igraph\n"
     "  0.10.2 runs as ONE iteration (igraph issue #2798; docs/methods.md).\n"
     "  Consensus memory: its co-assignment counts take n(n-1)/2 bytes (2 bytes\n"
     "  each above 255 runs). Above a budget of 512 MiB (n > 32768 nodes at the\n"
     "  100 runs), or when a round's thresholded graph (about 80 bytes a kept\n"
     "  pair) would exceed it, modularity is the best-Q run: modularity_partition\n"
     "  best_of_runs, JSON modularity_why, and a line on stderr.\n"
     "",
     REF_RUBINOV "\n" REF_WATTS98 "\n" REF_LATORA01 "\n" REF_MASLOV02 "\n" REF_RUBINOV11 "\n"
     REF_MILISAV24 "\n" REF_BETZEL18 "\n" REF_COLIZZA06 "\n" REF_TOWLSON13 "\n" REF_MILO02 "\n"
     REF_TRAAG19 "\n" REF_GUIMERA05 "\n" REF_TELESFORD11 "\n" REF_VARSHNEY11 "\n" REF_HUMPHRIES08 "\n"
     REF_PHIPSON10 "\n" REF_EPPSTEIN04 "\n" REF_COCHRAN77, cli_opts_stats},
    {"compare", cmd_compare, "compare connectomes edge by edge (e.g. developmental stages)",
     "Usage: ctome compare <id|file|store>... [--layer L] [--json] [--degrees]\n"
     "                     [--plot FIG] [--scope auto|neurons|all] [--quiet]\n"
     "  Compare one layer across two or more connectomes, neurons matched by name:\n"
     "  for each consecutive pair and each connectome against the last, the edge\n"
     "  Jaccard overlap |A and B| / |A or B|, Pearson and Spearman correlation of\n"
     "  the weights of shared edges, edges gained and lost. Example:\n"
     "    ctome compare witvliet2021-1 witvliet2021-2 ... witvliet2021-8\n"
     "  Output: one TSV table, a row per pair (a, b, kind, edge counts, jaccard,\n"
     "  pearson, spearman with 6 decimals, NA when undefined; neuron counts); what\n"
     "  was compared (layer, node scope, direction) is a note on stderr.\n"
     "  The node scope must resolve the same in every connectome compared.\n",
     REF_WITVLIET21 "\n" REF_DATASETS "\n" REF_WATTS98 "\n" REF_TOWLSON13, cli_opts_compare},
    {"nulls", cmd_nulls, "write an ensemble of null models of a layer to an HDF5 store",
     "Usage: ctome nulls <id|file|store> --nulls N [--null-model M] [--seed S] [--layer L]\n"
     "                   [--swaps K] [--keep-mutual] [--threads T] [--json] [--quiet]\n"
     "                   [--scope S] -o nulls.h5\n"
     "  Draw N null models of one layer (nodes in scope, below) and write them, with\n"
     "  the connectome, to a new store under /runs/nulls/<id>_<layer>_<model>_seed<S>/\n"
     "  (schema: docs/store.md; readable with h5py alone). Replicate i uses random\n"
     "  stream i of the seed: the file is identical for any number of threads.\n"
     "  Without --json nothing is written to stdout; the summary (null used, swaps\n"
     "  per edge, acceptance, the run's group) is on stderr.\n",
     REF_MASLOV02 "\n" REF_RUBINOV11 "\n" REF_MILISAV24 "\n" REF_BETZEL18 "\n" REF_SKUH22 "\n" REF_MILO02 "\n"
     REF_WATTS98 "\n" REF_TOWLSON13, cli_opts_nulls},
    {"communicability", cmd_communicability, "communicability matrix of a layer (expm)",
     "Usage: ctome communicability <id|file|store> [--layer L] [--weighted]\n"
     "                             [-o matrix.csv] [--plot FIG] [--scope S] [--json] [--quiet]\n"
     "  Communicability of one layer over the nodes in scope (below): binary\n"
     "  G = expm(A) (Estrada & Hatano 2008), or with --weighted\n"
     "  G = expm(S^-1/2 A S^-1/2), S = strengths\n"
     "  (Crofts & Higham 2009; directed layers: out-strength left, in-strength\n"
     "  right). Both papers define it for undirected graphs: on a directed layer\n"
     "  (chemical) walks follow arcs, ctome's extension (noted on stderr).\n"
     "  Written as CSV with neuron names (rows = from), to stdout unless -o.\n",
     REF_ESTRADA08 "\n" REF_CROFTS09 "\n" REF_WATTS98 "\n" REF_TOWLSON13, cli_opts_communicability},
    {"rsa", cmd_rsa, "representational similarity analysis: RDMs, comparisons, tests",
     "Usage: ctome rsa <data.csv|rdm.csv|recording> [--rdm M] [--compare FILE2] [--method C]\n"
     "                 [--gt LOW,UP] [--geodesic] [--nulls N] [--bootstrap N]\n"
     "                 [--seed S] [--threads T] [--json] [--plot FIG] [-o FILE] [--quiet]\n"
     "  Input: a CSV/TSV of conditions x channels (header condition[,fold],<channel>...;\n"
     "  one row per observation, rows of the same condition averaged, an optional\n"
     "  fold/run column for crossnobis), or a square RDM with condition names in the\n"
     "  header and first column. For a recording, write conditions (stimuli, states or\n"
     "  time windows) as rows and neurons as channels, or give a recording: a bundled\n"
     "  id (atanas2023-sample, scholz2018-gfp) or --recording FILE (one recording;\n"
     "  FILE:ID picks one of a store or file that holds several), whose --bins time\n"
     "  windows (default 20) are the conditions, neurons the channels, and --folds\n"
     "  sub-windows (default 2) the crossnobis folds. Without --compare, print the\n"
     "  RDM (TSV, or JSON); with it, the comparison value, p-value, interval and seed\n"
     "  as key<TAB>value lines whose keys are those of the JSON.\n"
     "",
     REF_NILI14 "\n" REF_SCHUTT23 "\n" REF_WALTHER16 "\n" REF_DIEDRICHSEN21 "\n" REF_LIN24 "\n" REF_SCHAFER05,
     cli_opts_rsa},
    {"rank", cmd_rank, "singular values, effective rank, participation ratio, stable rank",
     "Usage: ctome rank <id|file|store|recording> [--layer L] [--binary] [--covariance]\n"
     "                  [--recording] [--json] [--plot scree.png] [--scope S]\n"
     "  Singular values (LAPACK divide and conquer) and, from them, the effective\n"
     "  rank exp(-sum p ln p), p_k = s_k / sum s; the participation ratio\n"
     "  (sum l)^2 / sum l^2; the stable rank sum s^2 / s_1^2; the spectral radius\n"
     "  max |eigenvalue| (square matrices only, else null/NA). Sources:\n"
     "   - a dataset id, connectome file or store: the n x n adjacency of one layer\n"
     "     over the nodes in scope with an edge in it (self-loops dropped; rows = pre),\n"
     "     synapse weights or with --binary 1 per edge; l = s^2 (eigenvalues of A A^T);\n"
     "   - a text file of numbers (rows of a weight matrix, optional header line):\n"
     "     the matrix as given, l = s^2; NaN entries are an error;\n"
     "   - a recording id (atanas2023-sample, scholz2018-gfp) or --recording FILE:\n"
     "     neurons x time as given (FILE:ID picks one recording of a store or file\n"
     "     that holds several), time samples with a NaN in any neuron dropped\n"
     "     (counted); l = eigenvalues of the neuron covariance; no spectral radius;\n"
     "     with --covariance the neurons x neurons covariance itself (l = its\n"
     "     eigenvalues, spectral radius = the largest).\n"
     "  Output: key/value lines, or JSON with effective_rank, participation_ratio,\n"
     "  stable_rank, spectral_radius, singular_values, source, layer, rows, cols.\n"
     "  A CSV whose header names source and target columns is an edge list.\n",
     REF_ROY07 "\n" REF_GAO17 "\n" REF_RECANATESI19 "\n" REF_RUDELSON07 "\n" REF_WATTS98 "\n" REF_TOWLSON13,
     cli_opts_rank},
    {"activity", cmd_activity, "homogenise activity recordings into an HDF5 store",
     "Usage: ctome activity <file|id>... -o store.h5 [--dt S]\n"
     "                      [--smooth none|moving:N|gauss:SIGMA|exp:ALPHA] [--no-zscore]\n"
     "                      [--max-nan-run F] [--min-length N] [--gap-factor G]\n"
     "                      [--plot FIG] [--neurons AVAL,AVAR,...] [--json] [--quiet]\n"
     "  Bring recordings (any format ctome reads: Atanas JSON, NWB, Zimmer-lab .mat,\n"
     "  CSV; or the bundled ids atanas2023-sample, scholz2018-gfp; FILE:ID for one\n"
     "  recording of a store or file that holds several) onto one neuron\n"
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
     "  Output: one TSV table, a row per recording written: id, neurons_in,\n"
     "  neurons_out, dropped, samples_in, samples_out, dt_in (median input step, s),\n"
     "  dt; skipped recordings are named on stderr (also with --quiet), dropped\n"
     "  neurons too. --json: {recordings: the same keys per recording plus\n"
     "  time_gaps and dropped_neurons [{neuron, reason}], skipped: [{id, reason}],\n"
     "  output, min_length}.\n"
     "",
     REF_ATANAS23 "\n" REF_SCHOLZ18 "\n" REF_KATO15, cli_opts_activity},
    {"dfc", cmd_dfc, "dynamic functional connectomes: windowed affinities, tensor factorisation, communities",
     "Usage: ctome dfc <id|file|store>... [--window S] [--step S] [--dt S]\n"
     "                 [--rank R|auto[:RMAX]] [--stability X] [--starts N] [--max-iter N]\n"
     "                 [--tol T] [--plain-hals] [--seed S] [--threads T] [--runs N]\n"
     "                 [--active-frac F] [--contrast C] [--community M] [--relations]\n"
     "                 [--nulls N]\n"
     "                 [-o store.h5] [--id ID]\n"
     "                 [--table T] [--json] [--plot PREFIX] [--quiet]\n"
     "       ctome dfc --planted NOISE [--planted-worms K] [options]\n"
     "  Dynamic functional connectome after Dyballa et al. 2024 (definitions and\n"
     "  departures: docs/dfc.md):\n"
     "   1. recordings (bundled ids, files, every /recordings/ of a store, or\n"
     "      FILE:ID for one of them) are\n"
     "      homogenised as by 'ctome activity' (step --dt, z-scored); each is one worm;\n"
     "      labelled neurons are matched by name (unlabelled ROIs left out, counted);\n"
     "   2. affinity of neurons i, j in each window (length --window, start every\n"
     "      --step seconds): max(0, Pearson r of the first differences) -- ctome's\n"
     "      reading of the paper's 'differential affinity'; a tensor windows x worms x\n"
     "      pairs, masked where a neuron is absent in a worm or a window lacks data;\n"
     "   3. non-negative CP decomposition of the masked tensor by HALS (Cichocki &\n"
     "      Phan 2009; missing entries weigh nothing), each sweep started from an\n"
     "      extrapolation of the last two accepted iterates, a sweep that raises the\n"
     "      loss discarded (after Ang & Gillis 2019; --plain-hals: without), --starts\n"
     "      seeded random starts,\n"
     "      best = lowest error; stability = mean factor match score (Tomasi & Bro\n"
     "      2006) of the best start vs the others; --rank auto picks the largest rank\n"
     "      1..RMAX whose stability >= --stability (default auto:6, 0.9);\n"
     "   4. communities of each affinity factor: neurons with strength >= F x the\n"
     "      largest, Leiden (modularity) with consensus over --runs seeds; DEPARTS\n"
     "      from the paper's nested weighted SBM (graph-tool, no C interface);\n"
     "      'coherent' communities keep the neurons whose mean affinity to their\n"
     "      community is >= C x the factor's mean (the rest is background);\n"
     "      --community louvain|walktrap|infomap|fastgreedy swaps Leiden for another\n"
     "      igraph method; --community wsbm fits a weighted stochastic block model\n"
     "      (Aicher, Jacobs & Clauset 2015: exponential weights, variational Bayes,\n"
     "      K = 1..6 blocks, 10 seeded starts each, K by the largest bound) --\n"
     "      flat and not degree-corrected, unlike the paper's nested SBM (accuracy\n"
     "      of all methods side by side in docs/dfc.md);\n"
     "   5. --relations: each component's coherent communities vs the Leiden modules\n"
     "      of cook2019-herm chemical and of the Randi 2023 atlas (positive part):\n"
     "      NMI, ARI and permutation p-values (--nulls shuffles).\n"
     "  --planted NOISE runs the documented planted benchmark instead (communities\n"
     "  switching on in 3 known intervals, noise sd NOISE; rank should be >= 3) and\n"
     "  prints the temporal-loading r and community NMI per interval.\n"
     "  Output: one TSV table (--table), or one JSON document with all of them\n"
     "  (--json; the keys of the tables). The run (worms, neurons, windows, rank,\n"
     "  starts, seed, error, stability) and notes on stderr.\n"

     "",
     REF_DYBALLA24 "\n" REF_CICHOCKI09 "\n" REF_ANG19 "\n" REF_TOMASI06 "\n" REF_TRAAG19 "\n" REF_LANCICHINETTI12 "\n"
     REF_DFC_COMM_ALT "\n" REF_AICHER15 " (--community wsbm)\n" REF_PEIXOTO18
     " (the nested model the paper uses; not implemented)\n" REF_VINH10 "\n" REF_WORMTENSOR
     " (a neighbouring method)\n" REF_ATANAS23 "\n" REF_RANDI23 "\n" REF_COOK19, cli_opts_dfc},
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
     "  Output: key<TAB>value lines, or with --json one object with the same keys:\n"
     "  connectome, layer, layer_directed, functional, functional_symmetric,\n"
     "  absent_pairs, n_shared, shared_neurons, n_pairs, spearman_rho, p, p_test,\n"
     "  n_ge (nulls with |rho| >= observed), n_nulls, null_model, null_rho_mean,\n"
     "  null_rho_sd, rdm_structural, rdm_pairs, rdm_spearman, rdm_p (one-sided;\n"
     "  NA/null when the functional RDM has missing pairs), rdm_permutations, seed.\n"
     "",
     REF_RANDI23 "\n" REF_UZEL22 "\n" REF_KATO15 "\n" REF_MASLOV02 "\n" REF_PHIPSON10 "\n" REF_ESTRADA08 "\n"
     REF_CROFTS09, cli_opts_structfunc},
    {"swim", cmd_swim, "NCAP swimmer in MuJoCo: run, train, eval, transfer, ablate",
     "Usage: ctome swim run      [--links N] [--controller C] [--checkpoint F | --weights W]\n"
     "                           [--task T] [--seed S] [--steps K] [-o run.h5]\n"
     "                           [--plot P] [--plot-format png|svg|pdf]\n"
     "                           [--movie FILE.gif] [--movie-stride K]\n"
     "                           [NCAP switches] [--hidden H] [--mlp-init I] [--json] [--quiet]\n"
     "       ctome swim train    [--controller ncap|mlp] [--algo es|cmaes] [--budget STEPS]\n"
     "                           [--links N] [--task T] [--seed S] [--threads T] [--mpi]\n"
     "                           [NCAP switches] [--popsize P] [--sigma X] [--lr X]\n"
     "                           [--episodes K] [--hidden H] [--resume] [--curve FILE.tsv]\n"
     "                           [--plot FIG] [--json] [--quiet] -o checkpoint.h5\n"
     "       ctome swim eval     [--links N] [--controller C] [--checkpoint F | --weights W]\n"
     "                           [--task T] [--episodes E] [--seed S] [--steps K]\n"
     "                           [--threads T] [NCAP switches] [--hidden H] [--mlp-init I]\n"
     "                           [--json] [--quiet]\n"
     "       ctome swim transfer [--checkpoint F | --weights W] [--min-links 3]\n"
     "                           [--max-links 13] [--episodes E] [--seed S] [--steps K]\n"
     "                           [--threads T] [--plot FIG] [--json] [--quiet]\n"
     "       ctome swim ablate   [--budget STEPS] [--seeds K] [--algo es|cmaes] [--episodes E]\n"
     "                           [--variants LIST] [--popsize P] [--sigma X] [--lr X]\n"
     "                           [--links N] [--steps K] [--threads T] [--plot P]\n"
     "                           [--plot-format png|svg|pdf] [--json] [--quiet]\n"
     "  The C. elegans swimming circuit (NCAP: per joint dorsal and ventral B-neurons\n"
     "  and muscles, a head oscillator of period 60 control steps, proprioception\n"
     "  from the previous joint; 4 shared weights) or a 2 x H tanh MLP drives the\n"
     "  DeepMind Control Suite swimmer in MuJoCo (physics step 0.002 s, control step\n"
     "  0.03 s, 1000 control steps per episode). Swim task: reward per step\n"
     "  clip(v_forward / 0.1 m/s, 0, 1), return 0..1000; navigate: reach a target.\n"
     "  Body size: --links N counts the bodies (links), --joints N the hinges\n"
     "  between them; joints = links - 1. Default 6 links = 5 joints (dm_control's\n"
     "  swimmer6). At least 3 links (2 joints).\n"
     "  run       one episode from --seed (dm_control start randomisation); prints\n"
     "            the return and mean forward head speed; -o writes trajectory,\n"
     "            torques, joint angles, neuron activity, rewards, parameters, seed\n"
     "            to /runs/swim/<id>/ of a new store (docs/store.md); --plot P\n"
     "            draws P_trajectory, P_kymograph (joint angles over time: the\n"
     "            travelling wave) and P_activity (B-neurons, NCAP only), in the\n"
     "            format of --plot-format (default png) or of P's ending (.svg ...);\n"
     "            the files written are listed on stderr.\n"
     "            --movie writes the episode as an animated GIF (giflib): the body\n"
     "            from above, the camera following it, the nose's last 3 s of path\n"
     "            in grey; each link behind a joint coloured by that joint's\n"
     "            B-neurons, dorsal minus ventral on the fixed range -1 (blue,\n"
     "            ventral) .. +1 (red, dorsal), the head link grey (grey links for\n"
     "            controllers without B-neurons, said on stderr). One frame every\n"
     "            --movie-stride control steps (default 3), shown for K x 0.03 s,\n"
     "            so it plays in real time (11.1 frames/s); 400 x 300 pixels, a\n"
     "            fixed 256-colour palette (docs/locomotion.md). An existing FILE is\n"
     "            replaced only if it is a movie ctome wrote.\n"
     "  train     evolution strategies (antithetic, centred ranks, Adam) or CMA-ES\n"
     "            for a budget of environment steps; OpenMP over the population, MPI\n"
     "            ranks with --mpi (under mpirun); the checkpoint (optimiser state,\n"
     "            weights, learning curve) is written to -o, and --resume continues it\n"
     "            up to the new budget (a total). Prints the learning curve (TSV:\n"
     "            generation, steps, population mean and best return, best so far)\n"
     "            on stdout; the final controller's return over seeds 1..10 (= swim\n"
     "            eval --checkpoint) and the best candidate's on stderr (even with\n"
     "            --quiet); --curve FILE writes the TSV, --plot FIG the figure.\n"
     "  eval      E episodes (seeds S .. S+E-1) -> per-episode returns (the table\n"
     "            on stdout), their mean +- sd on stderr (even with --quiet).\n"
     "  transfer  shared NCAP weights (a checkpoint, or constant init) on bodies of\n"
     "            3..13 links without retraining -> table (+ bar chart; with a\n"
     "            checkpoint it marks the training body, or says it is unknown);\n"
     "            the weights carried are said on stderr.\n"
     "  ablate    the paper's ablations: NCAP, no weight sharing, no sign\n"
     "            constraints, random init, and the MLP; return at init and after\n"
     "            an equal budget of ES (or CMA-ES) steps, seeds 1..K for both the\n"
     "            initialisation and the optimiser, mean +- sd over seeds -> table;\n"
     "            --plot P: P_summary (bar chart) and P_curves (learning curves,\n"
     "            min-max band).\n"
     "  NCAP switches: --no-sharing, --no-signs, --random-init. Each option below\n"
     "  says which subcommands take it (an option of another subcommand is\n"
     "  refused); options without a list are for all five.\n"
     "  Exit status 2 for bad usage (unknown controller or task, fewer than 3\n"
     "  links), 1 for bad data (a damaged checkpoint, NaN weights). A failed command\n"
     "  leaves no output file. Results and how to reproduce them: docs/locomotion.md.\n",
     REF_BHATTASALI22 "\n" REF_TASSA18 "\n" REF_TODOROV12 "\n" REF_SALIMANS17 "\n" REF_HANSEN16 "\n"
     REF_KINGMA15, cli_opts_swim},
    {"sim", cmd_sim, "simulate the connectome E/I rate model (traces, figure, stability)",
     "Usage: ctome sim <id|file|store> [model options] [--method rk4|rkf45|rk8pd|msbdf]\n"
     "                 [--dt H] [--t-end T] [--sample-dt S] [--stim NAME:start:dur:amp]...\n"
     "                 [--input NAME=value]... [--noise SIGMA --seed N] [-o run.h5]\n"
     "                 [--name RUN] [--plot FIG] [--neurons A,B,...] [--stability]\n"
     "                 [--fp-start zero|end] [--json] [--quiet]\n"
     "  Build the rate model tau_i dx_i/dt = -x_i + sum_j s_j w_ij f(x_j)\n"
     "  + g sum_j G_ij (x_j - x_i) + I_i(t) from a connectome (neurons with a chemical\n"
     "  or electrical edge; Dale sign s_j from the presynaptic transmitter, Wang 2024:\n"
     "  acetylcholine and glutamate +1, GABA -1), integrate it from x = 0 and print,\n"
     "  for the stimulated (or --neurons) neurons, the peak (largest |x|, signed),\n"
     "  its time and the final value. Time is in model units (tau = 1 by default).\n"
     "  Definitions, defaults and caveats: docs/methods.md, 'Connectome rate model'.\n"
     EI_CLI_MODEL_PROSE
     "  Output: one table on stdout (neuron, peak, t_peak, final); what the run was\n"
     "  (dataset, neurons, model, integration, noise seed) as '# key<TAB>value'\n"
     "  notes on stderr (--quiet drops them) and the --stability result as '# '\n"
     "  lines on stderr after the table (kept under --quiet); --json carries all of\n"
     "  it; -o the traces; --plot the figure.\n"
     "  Exit status: 1 for bad values (tau <= 0, unknown neuron, empty model), 2 for\n"
     "  usage errors (unknown method, malformed option, a number that is not\n"
     "  finite). A failed run leaves no output file.\n",
     REF_WICKS96 "\n" REF_KUNERT17 "\n" REF_RANDI23 "\n" REF_WANG24 "\n" REF_COOK19 "\n"
     REF_VARSHNEY11 "\n" REF_CHALASANI07 "\n" REF_FENYVES20 "\n" REF_GSL, cli_opts_sim},
    {"perturb", cmd_perturb, "model perturbation atlas vs the Randi 2023 atlas, with rewired nulls",
     "Usage: ctome perturb <id|file|store> [model options] [--stim-list A,B,..]\n"
     "                     [--amp A] [--duration D] [--window W] [--dt H]\n"
     "                     [--measure mean|peak] [--functional SRC] [--absent nan|zero]\n"
     "                     [--nulls K] [--seed S] [--threads T] [-o table.tsv] [--table]\n"
     "                     [--plot FIG] [--json] [--quiet]\n"
     "  Stimulate each model neuron (or each of --stim-list) in turn with a pulse of\n"
     "  amplitude A during [0, D) from the settled baseline, record every neuron's\n"
     "  response = mean deviation from the unstimulated trajectory over [0, W]\n"
     "  (Randi's amplitude is the mean dF/F after the stimulus; --measure peak: the\n"
     "  signed largest deviation), and compare with the functional atlas over the\n"
     "  measured pairs (stimulated -> responding, both in the model): Spearman rho,\n"
     "  sign agreement, and K null models (the same model on degree-preserving\n"
     "  Maslov-Sneppen rewirings of its chemical and gap-junction graphs; null k\n"
     "  uses random stream k of the seed): null mean/sd, z, two-sided p =\n"
     "  (1 + #{|rho_null| >= |rho|}) / (1 + K). Definitions: docs/methods.md,\n"
     "  'Model perturbation atlas'.\n"
     EI_CLI_MODEL_PROSE
     "  Output: a summary on stdout, one key<TAB>value line per key of the --json\n"
     "  document (model.* and atlas.* for its nested objects; NA for null), or\n"
     "  with --table the table\n"
     "  stimulated, responding, model, measured (NA: not measured) of every\n"
     "  stimulated neuron x other model neuron; -o writes that table to a file.\n"
     "  Exit status 1 for bad values (unknown neuron, amplitude or duration <= 0),\n"
     "  2 for usage errors. A failed run leaves no output file.\n",
     REF_RANDI23 "\n" REF_MASLOV02 "\n" REF_PHIPSON10 "\n" REF_WICKS96 "\n" REF_KUNERT17 "\n" REF_WANG24 "\n"
     REF_COOK19, cli_opts_perturb},
    {"sweep", cmd_sweep, "grid over two model parameters: atlas correlation per point",
     "Usage: ctome sweep <id|file|store> --param NAME=LO:HI:N [--param2 NAME=LO:HI:N]\n"
     "                   [--log] [model options] [atlas options of perturb]\n"
     "                   [--stim-list A,B,..] [--threads T] [-o sweep.tsv]\n"
     "                   [--plot FIG] [--json] [--quiet]\n"
     "  At every grid point build the model, compute its perturbation atlas for the\n"
     "  stimulated neurons of the functional atlas (see 'ctome help perturb') and\n"
     "  report Spearman rho, sign agreement, pairs and status: ok, unsettled (the\n"
     "  baseline is no fixed point; rho kept) or blew-up (activity diverged; rho NA).\n"
     "  NAME: chem-scale, gap-scale, tau, amp, duration. N values from LO to HI,\n"
     "  evenly spaced, or in log with --log (both axes). Points run in parallel;\n"
     "  results do not depend on --threads. Definitions: docs/methods.md, 'Model\n"
     "  parameter sweeps'.\n"
     EI_CLI_MODEL_PROSE
     "  Exit status 2 for a bad grid (unknown name, N < 1, LO > HI, a value out of\n"
     "  range), 1 for bad data.\n",
     REF_RANDI23 "\n" REF_WICKS96 "\n" REF_KUNERT17 "\n" REF_WANG24 "\n" REF_COOK19, cli_opts_sweep},
    {"richlazy", cmd_richlazy, "rich vs lazy learning of RNNs from low-rank or connectome initial weights",
     "Usage: ctome richlazy [--task pdm|dms|ctx] [--init both|random|connectome]\n"
     "                     [--ranks 1,2,4,...] [--seeds N] [--seed S] [--steps N] [--lr X]\n"
     "                     [--dataset ID] [--n N] [--gain G] [--activation tanh|relu]\n"
     "                     [--alpha A] [--optimizer adam|sgd] [--batch B] [--every K]\n"
     "                     [--probe P] [--threads T] [-o curves.tsv] [--plot P]\n"
     "                     [--json] [--quiet]\n"
     "  Train RNNs (rnn.h: tanh units, readout, cross-entropy, BPTT, SGD) on a\n"
     "  NeuroGym task built in C and record, over training, how rich or lazy their\n"
     "  learning is (Liu et al. 2024). Networks per seed: one per initial rank r\n"
     "  (a Gaussian W ~ N(0, g^2/n) truncated by SVD to rank r), and with a connectome\n"
     "  the chemical layer signed by the registry's transmitter signs (Dale's law;\n"
     "  modulatory/unknown outputs dropped) plus a random network truncated to the\n"
     "  connectome's effective rank ('matched'). Every W_0 is rescaled to the same\n"
     "  Frobenius norm g sqrt(n), so networks differ in structure only; n is the\n"
     "  connectome model's neuron count. Measures every K updates on a fixed probe\n"
     "  batch (docs/methods.md): dw = ||W_t - W_0||_F (dw_rel: / ||W_0||_F); ka/cka =\n"
     "  uncentred/centred alignment of the empirical tangent kernel with the initial\n"
     "  one (kernel over probes, gradients of every parameter, summed over outputs at\n"
     "  the last step); ra = alignment of hidden-state Gram matrices; sign = share of\n"
     "  nonzero W_0 entries that keep their sign; erank = effective rank of W_t;\n"
     "  acc = decision accuracy on the probes. Networks run in parallel (one per\n"
     "  thread); results do not depend on --threads.\n"
     "  Output: one TSV row per network (final values; the seed in every row) or JSON\n"
     "  with every curve. A NaN or infinite loss stops with an error naming the\n"
     "  network and the update.\n",
     REF_LIU24 "\n" REF_CHIZAT19 "\n" REF_JACOT18 "\n" REF_FORT20 "\n" REF_CORTES12 "\n" REF_MOLANO22 "\n"
     REF_MANTE13 "\n" REF_ROY07 "\n" REF_KINGMA15 "\n" REF_COOK19 "\n" REF_WANG24,
     cli_opts_richlazy},
    {"sernn", cmd_sernn, "spatially embedded RNNs (seRNN) vs L1 on the maze task: train, sweep, analyse",
     "Usage: ctome sernn train   [--reg se|l1|none] [--gamma G] [--epochs E] [--steps K]\n"
     "                           [--seed S] [--grid 5x5x4 | --positions worm] [--lr X]\n"
     "                           [--batch B] [--sigma-in X] [--threads T] [--plot FIG]\n"
     "                           [--json] [--quiet] -o net.h5\n"
     "       ctome sernn sweep   --gammas G1,G2,.. [--l1-gammas G1,..] [--seeds N]\n"
     "                           [--seed S0] [train options] [--acc-min A] [--mpi]\n"
     "                           [--plot P] [--per-gamma FILE] [--json] [--quiet]\n"
     "                           -o table.tsv\n"
     "       ctome sernn analyse net.h5 [--grid ..|--positions worm] [--plot FIG] [--json]\n"
     "       ctome sernn analyse --table table.tsv [--acc-min A] [--plot P]\n"
     "                           [--per-gamma FILE] [--json] [--quiet]\n"
     "  Recurrent networks of 8 inputs, 100 ReLU units on a 5x5x4 integer grid (any\n"
     "  grid with --grid; --positions worm: the hermaphrodite neurons' soma positions,\n"
     "  rescaled to the grid's mean distance) and 4 softmax outputs learn the one-step\n"
     "  inference maze task: a goal (1 of 4) shown for 20 steps, a delay of 10, the two\n"
     "  open directions for 20; answer the first step (chance 50%; 8 problems).\n"
     "  Loss: cross-entropy over the choice period (--loss-steps 1: the last step\n"
     "  only, as the authors) + gamma R(W) on the recurrent matrix:\n"
     "    se: R = sum |W| o C o D, C = expm(S^-1/2 |W| S^-1/2) (diagonal 0, S the row\n"
     "        sums of |W| with rows = source units), D the Euclidean distances; the\n"
     "        gradient goes analytically through the matrix exponential (Frechet\n"
     "        derivative);\n"
     "    l1: R = sum |W| (the baseline).\n"
     "  Training (the authors' settings): Adam lr 1e-3, batch 128, input noise sd 0.05,\n"
     "  40 updates per epoch, 10 epochs; orthogonal recurrent initialisation; seeded\n"
     "  (same seed, same network). NaN or Inf during training stops with the step.\n"
     "  Measures: accuracy on the 8 problems (no noise); modularity Q of the weighted\n"
     "  |W| (Leiden) and of the top 10% of |W| (binary); small-world sigma of the top\n"
     "  10%; corr(|W_ij|, D_ij); strength-weighted length; mean activity (energy);\n"
     "  mixed selectivity and functional clustering from the choice-period activity\n"
     "  (docs/methods.md, seRNN).\n"
     "  train     one network; -o writes the checkpoint (store, /runs/rnn/rnn);\n"
     "            --plot draws the network on its grid and weight vs distance;\n"
     "            reached_task says whether accuracy >= 0.9 (a warning if not:\n"
     "            about 7% of seeds stay at 0.625, the problems the options alone\n"
     "            decide, however long they train; the paper compares only\n"
     "            networks >= 0.9)\n"
     "  sweep     every gamma x N seeds (seeds S0..S0+N-1) for seRNN and L1, networks\n"
     "            in parallel (OpenMP, --threads), across MPI ranks with --mpi under\n"
     "            mpirun; -o the table (one row per network); prints (stdout, one\n"
     "            table: reg, measure, mean, sd, networks) mean and sd of each\n"
     "            measure over the networks with accuracy >= --acc-min (0.9) for\n"
     "            seRNN and L1; how many of how many reached it, the seeds and the\n"
     "            BLAS kernel go to stderr (and JSON); results are bit-identical for\n"
     "            the same BLAS kernel (set OPENBLAS_CORETYPE=SkylakeX as\n"
     "            docs/regen/ does to match the docs). --per-gamma FILE writes the\n"
     "            per-gamma table (reg, gamma, measure, mean, sd, networks: accuracy\n"
     "            over every network of that gamma, the rest over those >= acc-min);\n"
     "            --json holds both tables. --plot P writes P_curves.png (measures\n"
     "            vs gamma) and P_matched.png (Q and sigma at matched accuracy);\n"
     "            --plot-dir DIR (deprecated, warns) = --plot DIR/sernn\n"
     "  analyse   the measures of one checkpoint, or the summary of a sweep table\n"
     "            (--table: the same outputs as sweep)\n"
     "  Exit 1 for bad input (gamma < 0, a layout whose unit count differs from the\n"
     "  network's, a damaged checkpoint, NaN in training), 2 for usage errors.\n",
     REF_ACHTERBERG23 "\n" REF_ESTRADA08 "\n" REF_CROFTS09 "\n" REF_ALMOHY09 "\n" REF_KINGMA15 "\n"
     REF_TRAAG19 "\n" REF_HUMPHRIES08 "\n" REF_RIGOTTI13 "\n" REF_SKUH22, cli_opts_sernn},
    {"reproduce", cmd_reproduce, "rerun the seed papers' headline results and check them against the papers",
     "Usage: ctome reproduce <paper ...|all> [--full] [--seed S] [--threads T] [--json]\n"
     "                       [--plot FIG] [--quiet]\n"
     "       ctome reproduce --list\n"
     "  For each paper, rerun its headline results on the bundled data and print one\n"
     "  row per claim: the paper's value and where it is printed (table, figure,\n"
     "  abstract), ctome's value, the tolerance rule and the verdict, REPRODUCED or\n"
     "  DIFFERS with the reason (a different data release, a definition ctome departs\n"
     "  from, a computation not available in this build). A claim that does not\n"
     "  reproduce stays in the table. A claim this build cannot compute (its data or\n"
     "  model needs an optional feature it lacks, e.g. FreeXL for varshney2011's\n"
     "  .xls) is SKIPPED, counted apart and said on stderr; the why column names\n"
     "  the feature. Papers (keys; --list prints them with citations):\n"
     "    watts1998       C, L, C_rand, L_rand of the C. elegans graph (Table 1)\n"
     "    varshney2011    neuron, synapse and gap-junction counts; small-world C, L\n"
     "    towlson2013     279 neurons / 2287 edges; the 11-neuron rich club, its k range\n"
     "    witvliet2021    synapse growth from birth to adult; feed-forward share and\n"
     "                    modularity rising with age (8 brains)\n"
     "    randi2023       chemical (and gap-junction) anatomy vs the signal-propagation\n"
     "                    atlas: a weak positive Spearman rho\n"
     "    bhattasali2022  NCAP: 4 parameters, swims at init (vs MLP), transfer to 7..13\n"
     "                    links, sign and init ablations at init\n"
     "    achterberg2023  seRNN vs L1 at matched accuracy: modularity, small world,\n"
     "                    weight-distance correlation\n"
     "    liu2024         weight change and kernel alignment vs initial rank\n"
     "    lin2024         tRSA: the GT family holds the RDM; split-neuron robustness\n"
     "  Tolerance rules: within X% of the paper's value (data releases differ), within\n"
     "  an absolute margin, or a direction (> or < a bound) for claims the paper\n"
     "  states in words. Definitions, every DIFFERS explained: docs/reproduce.md.\n"
     "  Output: one TSV table (paper, claim, measure, paper_value, source,\n"
     "  ctome_value, tolerance, verdict, why, computed_on); per paper 'KEY: N\n"
     "  REPRODUCED, M DIFFERS (mode, seed), time' on stderr. --json: the same keys\n"
     "  per claim plus paper_number and ctome_number (null for a claim in words).\n"
     "  The exit status is 0 when every claim was evaluated, whatever the verdicts.\n"
     "",
     REF_WATTS98 "\n" REF_VARSHNEY11 "\n" REF_TOWLSON13 "\n" REF_WITVLIET21 "\n" REF_RANDI23 "\n"
     REF_BHATTASALI22 "\n" REF_ACHTERBERG23 "\n" REF_LIU24 "\n" REF_LIN24, cli_opts_reproduce},
    {"report", cmd_report, "the main job: ingest everything, write an HTML report",
     "Usage: ctome report [-o DIR] [--force] [--progress | --quiet] [--json]\n"
     "  Ingest every bundled dataset, write DIR/store.h5 and DIR/index.html (DIR\n"
     "  defaults to ctome-report).  The page opens with a table of contents; every\n"
     "  section and every dataset has an anchor (index.html#topology,\n"
     "  index.html#ds-cook2019-herm).  Sections, in page order:\n"
     "    datasets      every bundled dataset and layer: neurons, edges, weights\n"
     "    sources       where two files of one connectome disagree\n"
     "    adjacency     adjacency matrix figures, neurons grouped by type\n"
     "    topology      global statistics of every layer with 20 nulls (ctome stats;\n"
     "                  rich-club nulls of views denser than 1/2 swap on the\n"
     "                  complement: docs/methods.md 5), the Witvliet 2021\n"
     "                  development comparison\n"
     "    activity      recordings homogenised (ctome activity), effective rank of\n"
     "                  connectomes and recordings (ctome rank), structure vs\n"
     "                  function against the Randi 2023 atlas and Uzel 2022 FC with\n"
     "                  100 nulls (ctome structfunc)\n"
     "    model         connectome E/I rate model: perturbation atlas vs Randi 2023\n"
     "                  with rewired nulls, chemical x gap-junction sweep (ctome perturb)\n"
     "    locomotion    NCAP swimmer in MuJoCo before training: returns vs baselines,\n"
     "                  one episode and its movie (swim.gif: the body from above,\n"
     "                  links coloured by B-neuron activity), transfer across body\n"
     "                  lengths (ctome swim)\n"
     "    learning      seRNN vs L1 small sweep (ctome sernn); rich and lazy learning\n"
     "                  from low-rank and connectome initial weights (ctome richlazy)\n"
     "    dfc           dynamic functional connectomes: the planted benchmark and the\n"
     "                  Atanas 2023 recording through the ctome dfc pipeline\n"
     "    published     the seed papers' headline results rerun in quick mode, each\n"
     "                  claim with its verdict (ctome reproduce all)\n"
     "    citations     every dataset's paper, DOI and licence\n"
     "    run           footer: the command line, ctome version and git commit\n"
     "                  (\"unknown\" when not built from a git checkout), data folder,\n"
     "                  and the time each part took (wall and CPU seconds)\n"
     "  Every result table is followed by a one-sentence reading quoting its numbers\n"
     "  and saying when a result is weak or null.  The sections use fewer nulls,\n"
     "  seeds and steps than the commands' defaults to stay fast; each prints its\n"
     "  settings.  On a terminal a progress line shows the running part and an ETA\n"
     "  (each part's typical time, scaled by how fast this run has been so far);\n"
     "  each part's time and a timing table go to stderr (docs/performance.md).\n"
     "  The parts after the datasets table run side by side, as many at once as\n"
     "  OpenMP has threads (OMP_NUM_THREADS; 1: one after another), longest first,\n"
     "  each part on one thread; the page and every file are the same bytes for\n"
     "  any thread count (only the timings differ).\n"
     "  DIR/.ctome-report lists every file ctome wrote; a later report replaces\n"
     "  exactly those.\n"
     "  A build without an optional feature (ctome version) writes every part it\n"
     "  can: a dataset, section or figure that needs a missing feature is replaced by\n"
     "  a note 'Skipped: ... needs ctome built with X (meson -DX=enabled)', with a\n"
     "  line 'ctome report: skipped: ...' on stderr for each dataset and section.\n"
     "  The minimal build (no cairo, FreeXL, matio, MuJoCo) writes the dataset and\n"
     "  sources tables without varshney2011 (.xls), every section's tables without\n"
     "  figures, no locomotion section, and marks varshney2011's published claims\n"
     "  SKIPPED.\n",
     REF_DATASETS, cli_opts_report},
    {"version", cmd_version, "print the version and the optional features built in",
     "Usage: ctome version [--json]\n\n"
     "Prints the version, then one line per optional feature: its meson option, yes or no,\n"
     "and what it gives (a feature built without is turned on by meson -D<option>=enabled).\n"
     "  --json   one JSON object: ctome_version and features {option: true|false}\n", "", NULL},
    {"help", cmd_help, "show a command's usage and references", "Usage: ctome help [command]\n", "", NULL},
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

const cli_command *cli_command_at(size_t i) { return i < N_COMMANDS ? &commands[i] : NULL; }

void cli_print_usage(FILE *fp, const char *name)
{
    const cli_command *c = cli_find_command(name);
    if (c) {
        fputs(c->usage, fp);
        cli_opts_print_help(fp, c->opts);
    }
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
    cli_print_usage(stdout, c->name);
    if (c->references && *c->references)
        printf("\nReferences:\n%s\n", c->references);
    return CLI_OK;
}

/* The version and the optional features of this build (ctome_features). */
int cmd_version(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") != 0)
            return cli_usage_error("version", "unknown option '%s'", argv[i]);
        json = 1;
    }
    size_t n;
    const ctome_feature *f = ctome_features(&n);
    if (json) {
        printf("{\"ctome_version\": \"%s\", \"features\": {", ctome_version());
        for (size_t i = 0; i < n; i++)
            printf("%s\"%s\": %s", i ? ", " : "", f[i].name, f[i].on ? "true" : "false");
        printf("}}\n");
        return CLI_OK;
    }
    printf("ctome %s\n", ctome_version());
    for (size_t i = 0; i < n; i++)
        printf("%-7s %-3s %s%s\n", f[i].name, f[i].on ? "yes" : "no", f[i].gives,
               f[i].on ? "" : "  (not built in)");
    return CLI_OK;
}

/* Commands that need an optional feature (ctome_features.h) are refused up
 * front when the build lacks it, before any work or output; their --help
 * still works.  Options that need one are refused where they are checked
 * (cli_output_check: figures; ctome_mpi_init: --mpi). */
static const struct {
    const char *cmd, *feature, *option;
    int on;
} command_needs[] = {
    {"swim", "MuJoCo", "mujoco", CTOME_HAVE_MUJOCO},
    /* not the report: it writes every section it can and a note for the
     * others (tools/cmd_report.c) */
};

static int feature_ok(const char *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    for (size_t i = 0; i < sizeof command_needs / sizeof command_needs[0]; i++)
        if (!command_needs[i].on && strcmp(command_needs[i].cmd, cmd) == 0) {
            fprintf(stderr, "ctome %s: this ctome was built without %s (meson -D%s=enabled)\n", cmd,
                    command_needs[i].feature, command_needs[i].option);
            return 0;
        }
    return 1;
}

static int run(int argc, char **argv)
{
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
    if (strncmp(argv[1], "__", 2) == 0)   /* generators of man pages, completion (opts.h) */
        return cli_opts_hidden(argc - 1, argv + 1);
    const cli_command *c = cli_find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "ctome: unknown command '%s'\n\n", argv[1]);
        print_table(stderr);
        return CLI_USAGE;
    }
    if (!feature_ok(c->name, argc - 1, argv + 1))
        return CLI_FAIL;
    int rc = c->run(argc - 1, argv + 1);
    ctome_mpi_exit(rc);   /* a no-op unless a command started MPI (--mpi) */
    ctome_plot_cleanup();
    return rc;
}

int main(int argc, char **argv)
{
    cli_outputs_init();
    ctome_init();
    /* CTOME_FIGURE_JSON=1: every figure also writes "<figure>.json", the
     * description of what it draws (plot.h), for tests and screen readers. */
    const char *fj = getenv("CTOME_FIGURE_JSON");
    if (fj && *fj && strcmp(fj, "0") != 0)
        ctome_plot_describe_files(1);
    return cli_outputs_finish(run(argc, argv));
}
