/* datasets.c — the bundled datasets: ids, citations, and the files holding
 * each connectome.  Paths are relative to the data folder (data/). */
#include "datasets.h"
#include "error.h"
#include "io.h"

#include <stdlib.h>
#include <string.h>

/* The Randi export writes NSMR as "NSM" (data/SOURCES.md). */
static const ctome_alias randi_aliases[] = {{"NSM", "NSMR"}, {NULL, NULL}};

#define COOK19 "Cook SJ, Jarrell TA, Brittin CA, et al. (2019) Whole-animal connectomes of both " \
               "Caenorhabditis elegans sexes. Nature 571:63-71"
#define COOK19_DOI "10.1038/s41586-019-1352-7"
#define COOK19_XLSX "connectome/cook2019/SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
#define WHITE86 "White JG, Southgate E, Thomson JN, Brenner S (1986) The structure of the nervous " \
                "system of the nematode Caenorhabditis elegans. Phil Trans R Soc B 314:1-340"
#define WHITE86_DOI "10.1098/rstb.1986.0056"
#define WITV21 "Witvliet D, Mulcahy B, Mitchell JK, et al. (2021) Connectomes across development " \
               "reveal principles of brain maturation. Nature 596:257-261"
#define WITV21_DOI "10.1038/s41586-021-03778-8"
#define RIPOLL23 "Ripoll-Sanchez L, Watteyne J, Sun H, et al. (2023) The neuropeptidergic " \
                 "connectome of C. elegans. Neuron 111:3570-3589"
#define RIPOLL23_DOI "10.1016/j.neuron.2023.09.043"
#define BENTLEY16 "Bentley B, Branicky R, Barnes CL, et al. (2016) The multilayer connectome of " \
                  "Caenorhabditis elegans. PLoS Comput Biol 12:e1005283"
#define BENTLEY16_DOI "10.1371/journal.pcbi.1005283"
#define SUPP "journal supplement; cite the paper"

#define PART(f, fmt_) {(f), (fmt_), {0}}
#define PART_O(f, fmt_, ...) {(f), (fmt_), {__VA_ARGS__}}

#define WITVLIET(n, stage)                                                                     \
    {"witvliet2021-" #n, "Witvliet 2021 dataset " #n ", " stage ", brain (nerve ring + ventral ganglion)", \
     WITV21, WITV21_DOI, "hermaphrodite", stage, "MIT (OpenWorm copy); " SUPP,                 \
     {{"Witvliet workbook", {PART("connectome/witvliet2021/witvliet_2020_" #n ".xlsx",         \
                                  CTOME_FMT_WITVLIET_XLSX)}},                                  \
      {"NemaNode JSON", {PART("connectome/witvliet2021/nemanode_witvliet_2020_" #n ".json",    \
                              CTOME_FMT_NEMANODE)}}}}

static const ctome_dataset catalogue[] = {
    {"cook2019-herm", "Cook 2019 adult hermaphrodite, whole animal", COOK19, COOK19_DOI,
     "hermaphrodite", "adult", "WormWiring; " SUPP,
     {{"SI5 workbook", {PART_O(COOK19_XLSX, CTOME_FMT_COOK_SI5, .sex = 0)}},
      {"WormWiring edge list", {PART("connectome/cook2019/herm_full_edgelist.csv", CTOME_FMT_EDGELIST)}},
      {"NemaNode JSON", {PART("connectome/cook2019/nemanode_cook_jarrell_2019_h.json", CTOME_FMT_NEMANODE)}}}},
    {"cook2019-male", "Cook 2019 adult male, whole animal", COOK19, COOK19_DOI, "male", "adult",
     "WormWiring; " SUPP,
     {{"SI5 workbook", {PART_O(COOK19_XLSX, CTOME_FMT_COOK_SI5, .sex = 1)}},
      {"NemaNode JSON", {PART("connectome/cook2019/nemanode_cook_jarrell_2019_m.json", CTOME_FMT_NEMANODE)}}}},
    {"varshney2011", "Varshney 2011 hermaphrodite somatic network (279 neurons)",
     "Varshney LR, Chen BL, Paniagua E, Hall DH, Chklovskii DB (2011) Structural properties of the "
     "Caenorhabditis elegans neuronal network. PLoS Comput Biol 7:e1001066",
     "10.1371/journal.pcbi.1001066", "hermaphrodite", "adult", "WormAtlas download",
     {{"NeuronConnect.xls", {PART("connectome/varshney2011/NeuronConnect.xls", CTOME_FMT_VARSHNEY_XLS)}},
      {"Uzel 279 .mat", {PART("connectome/uzel2022_varshney279/Neuro279_Syn.mat", CTOME_FMT_UZEL_MAT),
                         PART("connectome/uzel2022_varshney279/Neuro279_EJ.mat", CTOME_FMT_UZEL_MAT)}}}},
    {"white1986-whole", "White 1986 whole adult, compiled by Varshney 2011 (NemaNode)", WHITE86,
     WHITE86_DOI, "hermaphrodite", "adult", "GPL-3.0 (WormNeuroAtlas copy); NemaNode",
     {{"White lists", {PART("connectome/white1986/aconnectome_white_1986_whole.csv", CTOME_FMT_EDGELIST)}},
      {"NemaNode JSON", {PART("connectome/white1986/nemanode_white_1986_whole.json", CTOME_FMT_NEMANODE)}}}},
    {"white1986-n2u", "White 1986 N2U series, adult nerve ring", WHITE86, WHITE86_DOI,
     "hermaphrodite", "adult", "GPL-3.0 (WormNeuroAtlas copy); NemaNode",
     {{"White lists", {PART("connectome/white1986/aconnectome_white_1986_A.csv", CTOME_FMT_EDGELIST)}},
      {"NemaNode JSON", {PART("connectome/white1986/nemanode_white_1986_n2u.json", CTOME_FMT_NEMANODE)}}}},
    {"white1986-jsh", "White 1986 JSH series, L4 nerve ring", WHITE86, WHITE86_DOI,
     "hermaphrodite", "L4", "GPL-3.0 (WormNeuroAtlas copy); NemaNode",
     {{"White lists", {PART("connectome/white1986/aconnectome_white_1986_L4.csv", CTOME_FMT_EDGELIST)}},
      {"NemaNode JSON", {PART("connectome/white1986/nemanode_white_1986_jsh.json", CTOME_FMT_NEMANODE)}}}},
    {"white1986-jse", "White 1986 JSE series, adult tail", WHITE86, WHITE86_DOI, "hermaphrodite",
     "adult", "NemaNode",
     {{"NemaNode JSON", {PART("connectome/white1986/nemanode_white_1986_jse.json", CTOME_FMT_NEMANODE)}}}},
    WITVLIET(1, "L1 (0 h)"),
    WITVLIET(2, "L1 (5 h)"),
    WITVLIET(3, "L1 (8 h)"),
    WITVLIET(4, "L1 (16 h)"),
    WITVLIET(5, "L2 (23 h)"),
    WITVLIET(6, "L3 (27 h)"),
    WITVLIET(7, "adult (50 h)"),
    WITVLIET(8, "adult (50 h)"),
    {"cook2020-pharynx", "Cook 2020 pharyngeal nervous system",
     "Cook SJ, Crouse CM, Yemini E, Hall DH, Emmons SW, Hobert O (2020) The connectome of the "
     "Caenorhabditis elegans pharynx. J Comp Neurol 528:2767-2784",
     "10.1002/cne.24932", "hermaphrodite", "adult", "MIT (OpenWorm copy); " SUPP,
     {{"SI4+SI5 edge lists",
       {PART("connectome/cook2020_pharynx/cne24932-sup-0004-supinfo4.csv", CTOME_FMT_EDGELIST),
        PART_O("connectome/cook2020_pharynx/cne24932-sup-0005-supinfo5.csv", CTOME_FMT_EDGELIST,
               .layer = "electrical")}},
      {"NemaNode JSON", {PART("connectome/cook2020_pharynx/nemanode_cook_2020.json", CTOME_FMT_NEMANODE)}}}},
    {"brittin2021-contact", "Brittin 2021 nerve-ring membrane contacts (contactome) and synapses",
     "Brittin CA, Cook SJ, Hall DH, Emmons SW, Cohen N (2021) A multi-scale brain map derived "
     "from whole-brain volumetric reconstructions. Nature 591:105-110",
     "10.1038/s41586-021-03284-x", "hermaphrodite", "adult + L4", "MIT (OpenWorm copy); " SUPP,
     {{"Brittin workbook", {PART("connectome/brittin2021/41586_2021_3284_MOESM5_ESM.xlsx",
                                 CTOME_FMT_BRITTIN_XLSX)}}}},
    {"yim2024-dauer", "Yim 2024 dauer chemical connectome (nerve ring)",
     "Yim H, Choe DT, Bae JA, et al. (2024) Comparative connectomics of dauer reveals "
     "developmental plasticity. Nat Commun 15:1546",
     "10.1038/s41467-024-45943-3", "hermaphrodite", "dauer", "CC BY 4.0 (Nat Commun supplement)",
     {{"Yim workbook", {PART_O("connectome/yim2024_dauer/41467_2024_45943_MOESM6_ESM.xlsx",
                               CTOME_FMT_YIM_XLSX, .sheet = "Dauer")}}}},
    {"randi2023-funconn", "Randi 2023 signal-propagation atlas, wild type (2022 export, amplitude x100)",
     "Randi F, Sharma AK, Dvali S, Leifer AM (2023) Neural signal propagation atlas of "
     "Caenorhabditis elegans. Nature 623:406-414",
     "10.1038/s41586-023-06683-4", "hermaphrodite", "adult", "no licence stated; cite the paper",
     {{"Randi TSV", {PART_O("connectome/randi2023_functional/leifer_funconn_wildtype_2022-04-01.tsv",
                                 CTOME_FMT_RANDI_TSV, .aliases = randi_aliases)}}}},
    {"bentley2016-monoamine", "Bentley 2016 monoamine extrasynaptic network", BENTLEY16,
     BENTLEY16_DOI, "hermaphrodite", "adult", "GPL-3.0 (WormNeuroAtlas copy); " SUPP,
     {{"Bentley CSV", {PART_O("connectome/bentley2016_extrasynaptic/esconnectome_monoamines_Bentley_2016.csv",
                                    CTOME_FMT_BENTLEY, .layer = "monoamine")}}}},
    {"bentley2016-peptide", "Bentley 2016 neuropeptide extrasynaptic network", BENTLEY16,
     BENTLEY16_DOI, "hermaphrodite", "adult", "GPL-3.0 (WormNeuroAtlas copy); " SUPP,
     {{"Bentley CSV", {PART_O("connectome/bentley2016_extrasynaptic/esconnectome_neuropeptides_Bentley_2016.csv",
                                    CTOME_FMT_BENTLEY, .layer = "peptide")}}}},
    {"ripollsanchez2023-monoamine", "Ripoll-Sanchez 2023 monoamine connectome", RIPOLL23,
     RIPOLL23_DOI, "hermaphrodite", "adult", "MIT (OpenWorm copy); " SUPP,
     {{"Ripoll-Sanchez matrix", {PART_O("connectome/ripollsanchez2023_extrasynaptic/08062023_monoamine_connectome.csv",
                                 CTOME_FMT_ADJACENCY, .layer = "monoamine")}}}},
    {"ripollsanchez2023-peptide-short", "Ripoll-Sanchez 2023 neuropeptide connectome, short-range model",
     RIPOLL23, RIPOLL23_DOI, "hermaphrodite", "adult", "MIT (OpenWorm copy); " SUPP,
     {{"Ripoll-Sanchez matrix", {PART_O("connectome/ripollsanchez2023_extrasynaptic/01022024_neuropeptide_connectome_short_range_model.csv",
                                 CTOME_FMT_ADJACENCY, .layer = "peptide")}}}},
    {"ripollsanchez2023-peptide-mid", "Ripoll-Sanchez 2023 neuropeptide connectome, mid-range model",
     RIPOLL23, RIPOLL23_DOI, "hermaphrodite", "adult", "MIT (OpenWorm copy); " SUPP,
     {{"Ripoll-Sanchez matrix", {PART_O("connectome/ripollsanchez2023_extrasynaptic/01022024_neuropeptide_connectome_mid_range_model.csv",
                                 CTOME_FMT_ADJACENCY, .layer = "peptide")}}}},
    {"ripollsanchez2023-peptide-long", "Ripoll-Sanchez 2023 neuropeptide connectome, long-range model",
     RIPOLL23, RIPOLL23_DOI, "hermaphrodite", "adult", "MIT (OpenWorm copy); " SUPP,
     {{"Ripoll-Sanchez matrix", {PART_O("connectome/ripollsanchez2023_extrasynaptic/01022024_neuropeptide_connectome_long_range_model.csv",
                                 CTOME_FMT_ADJACENCY, .layer = "peptide")}}}},
    {"newman-celegans", "Watts & Strogatz 1998 C. elegans network (Newman's GML; numbered nodes)",
     "Watts DJ, Strogatz SH (1998) Collective dynamics of 'small-world' networks. Nature 393:440-442",
     "10.1038/30918", "hermaphrodite", "adult", "public (M. Newman's network data)",
     {{"Newman GML", {PART("connectome/newman_celegansneural/celegansneural.gml", CTOME_FMT_GML)}}}},
};

/* Units of the layers whose file does not state one, by dataset id prefix. */
static const struct {
    const char *prefix, *unit;
} default_units[] = {
    {"cook2019", "EM sections"},
    {"cook2020", "EM sections"},
    {"varshney2011", "synapses"},
    {"white1986", "synapses"},
    {"witvliet2021", "synapses"},
    {"bentley2016", "ligand-receptor routes"},
    {"ripollsanchez2023", "ligand-receptor pairs"},
    {"newman", "synapses"},
};

static int fill_units(ctome_connectome *c)
{
    for (size_t i = 0; i < sizeof default_units / sizeof *default_units; i++) {
        if (strncmp(c->id, default_units[i].prefix, strlen(default_units[i].prefix)) != 0)
            continue;
        for (size_t k = 0; k < c->n_layers; k++) {
            int rc = ctome_layer_default_unit(&c->layers[k], default_units[i].unit);
            if (rc)
                return rc;
        }
    }
    return CTOME_OK;
}

size_t ctome_datasets_count(void) { return sizeof catalogue / sizeof *catalogue; }

const ctome_dataset *ctome_dataset_at(size_t i)
{
    return i < ctome_datasets_count() ? &catalogue[i] : NULL;
}

const ctome_dataset *ctome_dataset_find(const char *id)
{
    for (size_t i = 0; i < ctome_datasets_count(); i++)
        if (strcmp(catalogue[i].id, id) == 0)
            return &catalogue[i];
    return NULL;
}

size_t ctome_dataset_n_sources(const ctome_dataset *d)
{
    size_t n = 0;
    while (n < CTOME_MAX_SOURCES && d->sources[n].label)
        n++;
    return n;
}

int ctome_dataset_load_source(const ctome_dataset *d, size_t k, const char *datadir,
                              const ctome_registry *reg, ctome_connectome **out)
{
    *out = NULL;
    if (k >= ctome_dataset_n_sources(d))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dataset %s has no source %zu", d->id, k);
    ctome_connectome *c;
    int rc = ctome_connectome_new(d->id, reg, &c);
    if (rc)
        return rc;
    const ctome_source *s = &d->sources[k];
    for (size_t p = 0; p < CTOME_MAX_PARTS && s->part[p].file && !rc; p++) {
        char *path = ctome_path_join(datadir, s->part[p].file);
        if (!path) {
            rc = CTOME_ENOMEM;
            break;
        }
        c->aliases = s->part[p].opts.aliases;
        rc = ctome_read_format(s->part[p].fmt, path, &s->part[p].opts, c);
        if (!rc && p == 0) {
            free(c->source_file);
            c->source_file = ctome_strdup(s->part[p].file);
            rc = ctome_sha256_file(path, c->source_sha256);
        }
        free(path);
    }
    c->aliases = NULL;
    if (!rc)
        rc = ctome_connectome_finalise(c);
    if (!rc)
        rc = fill_units(c);
    const char *meta[CTOME_META_N] = {d->title, d->citation, d->doi, d->sex, d->stage, d->licence};
    for (int m = 0; m < CTOME_META_N && !rc; m++)
        if (meta[m] && strcmp(meta[m], "-") != 0)
            rc = ctome_connectome_set_meta(c, (ctome_meta_key)m, meta[m]);
    if (rc) {
        ctome_connectome_free(c);
        return rc;
    }
    *out = c;
    return CTOME_OK;
}

int ctome_dataset_load(const char *id, const char *datadir, const ctome_registry *reg,
                       ctome_connectome **out)
{
    const ctome_dataset *d = ctome_dataset_find(id);
    if (!d) {
        *out = NULL;
        return ctome_error(CTOME_ENOTFOUND, NULL, 0,
                           "unknown dataset '%s' (ctome datasets lists them)", id);
    }
    return ctome_dataset_load_source(d, 0, datadir, reg, out);
}
