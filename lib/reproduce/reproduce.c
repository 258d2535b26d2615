/* reproduce.c — the list of papers and the runner (reproduce.h).  The
 * papers' computations are in repro_graph.c (connectome structure),
 * repro_models.c (function and locomotion) and repro_learning.c (trained
 * networks, RSA); the claim machinery they share is in repro_claims.c. */
#include "repro_internal.h"

#include "error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the papers ---- */

typedef struct {
    const char *key;
    const char *alias;
    const char *citation;
    int (*run)(const ctome_repro_opts *o, ctome_repro_paper *p);
} paper_entry;

static const paper_entry papers[] = {
    {"watts1998", NULL,
     "Watts DJ, Strogatz SH (1998) Collective dynamics of 'small-world' networks. Nature 393:440-442, "
     "doi:10.1038/30918",
     repro_watts1998},
    {"varshney2011", NULL,
     "Varshney LR, Chen BL, Paniagua E, Hall DH, Chklovskii DB (2011) Structural properties of the "
     "Caenorhabditis elegans neuronal network. PLoS Comput Biol 7:e1001066, doi:10.1371/journal.pcbi.1001066",
     repro_varshney2011},
    {"towlson2013", NULL,
     "Towlson EK, Vertes PE, Ahnert SE, Schafer WR, Bullmore ET (2013) The rich club of the C. elegans "
     "neuronal connectome. J Neurosci 33:6380-6387, doi:10.1523/JNEUROSCI.3784-12.2013",
     repro_towlson2013},
    {"witvliet2021", NULL,
     "Witvliet D et al. (2021) Connectomes across development reveal principles of brain maturation. "
     "Nature 596:257-261, doi:10.1038/s41586-021-03778-8",
     repro_witvliet2021},
    {"randi2023", NULL,
     "Randi F, Sharma AK, Dvali S, Leifer AM (2023) Neural signal propagation atlas of Caenorhabditis "
     "elegans. Nature 623:406-414, doi:10.1038/s41586-023-06683-4",
     repro_randi2023},
    {"bhattasali2022", "ncap",
     "Bhattasali NX, Zador AM, Engel TA (2022) Neural circuit architectural priors for embodied control. "
     "NeurIPS 35, arXiv:2201.05242",
     repro_bhattasali2022},
    {"achterberg2023", "sernn",
     "Achterberg J, Akarca D, Strouse DJ, Duncan J, Astle DE (2023) Spatially embedded recurrent neural "
     "networks reveal widespread links between structural and functional neuroscience findings. Nat Mach "
     "Intell 5:1369-1381, doi:10.1038/s42256-023-00748-9",
     repro_achterberg2023},
    {"liu2024", "liu2023",
     "Liu YH, Baratin A, Cornford J, Mihalas S, Shea-Brown E, Lajoie G (2024) How connectivity structure "
     "shapes rich and lazy learning in neural circuits. ICLR 2024, arXiv:2310.08513",
     repro_liu2024},
    {"lin2024", "lin2023",
     "Lin B, Kriegeskorte N (2024) The topology and geometry of neural representations. PNAS "
     "121:e2317881121, doi:10.1073/pnas.2317881121 (arXiv:2309.11028, 2023)",
     repro_lin2024},
};

#define N_PAPERS (sizeof papers / sizeof *papers)

size_t ctome_repro_n_papers(void) { return N_PAPERS; }

const char *ctome_repro_paper_key(size_t i) { return i < N_PAPERS ? papers[i].key : NULL; }

const char *ctome_repro_paper_citation(size_t i) { return i < N_PAPERS ? papers[i].citation : NULL; }

int ctome_repro_find(const char *key)
{
    if (!key)
        return -1;
    for (size_t i = 0; i < N_PAPERS; i++)
        if (!strcmp(key, papers[i].key) || (papers[i].alias && !strcmp(key, papers[i].alias)))
            return (int)i;
    return -1;
}

void ctome_repro_opts_default(ctome_repro_opts *o)
{
    memset(o, 0, sizeof *o);
    o->datadir = "data";
    o->seed = 1;
}

int ctome_repro_run(size_t i, const ctome_repro_opts *o, ctome_repro_paper *out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "ctome_repro_run: NULL result");
    memset(out, 0, sizeof *out);
    if (!o || i >= N_PAPERS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no paper number %zu (there are %zu)", i, (size_t)N_PAPERS);
    out->key = papers[i].key;
    out->citation = papers[i].citation;
    out->seed = o->seed;
    out->full = o->full;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = papers[i].run(o, out);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    /* claims not computed because they derive from a SKIPPED one are
     * SKIPPED too, not DIFFERS (reproduce.h) */
    if (!rc && ctome_repro_n_skipped(out))
        for (size_t k = 0; k < out->n_claims; k++) {
            ctome_claim *c = &out->claims[k];
            if (c->verdict == CTOME_DIFFERS && !isfinite(c->value)) {
                c->verdict = CTOME_SKIPPED;
                repro_why(c, "%snot computed: another claim of this paper needs a feature this build lacks",
                          c->why[0] ? "; " : "");
            }
        }
    if (rc)
        ctome_repro_paper_clear(out);
    return rc;
}

void ctome_repro_paper_clear(ctome_repro_paper *p)
{
    if (!p)
        return;
    free(p->claims);
    p->claims = NULL;
    p->n_claims = p->cap = 0;
    p->n_series = 0;
}

size_t ctome_repro_n_skipped(const ctome_repro_paper *p)
{
    size_t s = 0;
    for (size_t i = 0; i < p->n_claims; i++)
        s += p->claims[i].verdict == CTOME_SKIPPED;
    return s;
}

void ctome_repro_counts(const ctome_repro_paper *p, size_t *reproduced, size_t *differs)
{
    size_t r = 0, d = 0;
    for (size_t i = 0; i < p->n_claims; i++)
        if (p->claims[i].verdict == CTOME_REPRODUCED)
            r++;
        else if (p->claims[i].verdict == CTOME_DIFFERS)
            d++;
    if (reproduced)
        *reproduced = r;
    if (differs)
        *differs = d;
}
