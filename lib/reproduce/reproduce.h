/* reproduce.h — the seed papers' headline results, rerun on the bundled data
 * (`ctome reproduce`).
 *
 * Each paper is a list of claims.  A claim names what the paper reports
 * (value and the table / figure it is printed in), what ctome computes for
 * it, the tolerance rule and the verdict:
 *   REPRODUCED  ctome's value satisfies the rule;
 *   DIFFERS     it does not, or it could not be computed; `why` says which
 *               and why (a different data release, a definition ctome
 *               departs from, a computation that is not available yet);
 *   SKIPPED     this build cannot compute it: its data or model needs an
 *               optional feature the build lacks (CTOME_ENOTSUP, e.g. the
 *               .xls of varshney2011 without FreeXL); `why` names the feature
 *               and the meson option.  Not a verdict on the paper: neither
 *               REPRODUCED nor DIFFERS.  A claim of the same paper that was
 *               not computed (NaN) because it derives from a skipped one is
 *               SKIPPED too.
 * A claim that does not reproduce stays in the table with its reason; the
 * rules are fixed in the claim table (reproduce_papers.c), never tuned to
 * the result.
 *
 * Tolerance rules (ctome_tol):
 *   REL    |v - p| <= a |p|          (a relative error; data releases differ)
 *   ABS    |v - p| <= a
 *   GT     v > a                     (a direction: "higher", "positive")
 *   LT     v < a
 *   RANGE  a <= v <= b
 * A NaN value is always DIFFERS.
 *
 * Budgets: quick (default) runs every paper together in about a minute on
 * two cores (the "Published results" section of `ctome report`); full uses
 * the paper-scale budgets (null counts, seeds, training) named in each
 * claim's `data`.  Every random choice flows from opts.seed (printed).
 *
 * Layer: above models (it calls analyses and models), below plot.
 */
#ifndef CTOME_REPRODUCE_H
#define CTOME_REPRODUCE_H

#include <stddef.h>
#include <stdint.h>

#include "registry.h"

typedef enum {
    CTOME_TOL_REL = 0,
    CTOME_TOL_ABS,
    CTOME_TOL_GT,
    CTOME_TOL_LT,
    CTOME_TOL_RANGE
} ctome_tol;

typedef enum { CTOME_REPRODUCED = 0, CTOME_DIFFERS, CTOME_SKIPPED } ctome_verdict;

const char *ctome_verdict_name(ctome_verdict v);

/* The verdict of value v under a rule against the paper value p (REL, ABS)
 * or the bounds a, b (GT, LT, RANGE).  NaN v: DIFFERS. */
ctome_verdict ctome_tol_verdict(ctome_tol t, double p, double a, double b, double v);

/* Human-readable rule ("within 10%", "> 1", "in [44, 53]") into buf. */
const char *ctome_tol_text(ctome_tol t, double p, double a, double b, char *buf, size_t len);

typedef struct {
    const char *paper;        /* paper key, e.g. "towlson2013" */
    const char *id;           /* claim key, unique within the paper */
    const char *claim;        /* what is measured */
    const char *source;       /* where the paper reports it: "Table 1", "abstract", "Fig. 3b" */
    const char *paper_text;   /* the paper's value as printed ("2.65", "increases with age") */
    double paper_value;       /* numeric value, NaN for a qualitative claim */
    ctome_tol tol;
    double tol_a, tol_b;
    char tol_text[64];
    char data[160];           /* what ctome computed on: dataset, layer, budget */
    double value;             /* ctome's value (NaN: not computed) */
    char value_text[160];     /* as printed (may list members) */
    ctome_verdict verdict;
    char why[400];            /* the reason of a DIFFERS, or a note on a REPRODUCED */
} ctome_claim;

/* A figure series a paper contributes (one per paper at most two): y over x,
 * optionally with the paper's reference values beside. */
typedef struct {
    char title[96];
    char xlabel[64], ylabel[64];
    size_t n;
    double x[128], y[128];
    char xtick[16][16];       /* tick labels of the first 16 points (empty: numeric x) */
    double ref;               /* a reference line (NaN: none) */
    int points;               /* 1: markers only (x not ordered) */
} ctome_repro_series;

typedef struct {
    const char *key;          /* "watts1998" */
    const char *citation;     /* full citation */
    uint64_t seed;
    int full;
    double seconds;           /* wall time of this paper */
    ctome_claim *claims;
    size_t n_claims, cap;
    ctome_repro_series series[2];
    size_t n_series;
} ctome_repro_paper;

typedef struct {
    const char *datadir;      /* the project's data/ folder */
    const ctome_registry *reg;
    int full;                 /* 0 quick (default), 1 paper-scale budgets */
    uint64_t seed;            /* default 1 */
    int threads;              /* 0: all cores */
} ctome_repro_opts;

void ctome_repro_opts_default(ctome_repro_opts *o);

/* The papers, in the order `ctome reproduce all` runs them. */
size_t ctome_repro_n_papers(void);
const char *ctome_repro_paper_key(size_t i);
const char *ctome_repro_paper_citation(size_t i);
/* Index of a paper key (or an alias such as "liu2023"), or -1. */
int ctome_repro_find(const char *key);

/* Rerun paper i.  A claim that cannot be computed (missing data, a failing
 * analysis) is recorded as DIFFERS with the error message in `why`; only an
 * allocation failure or a bad argument returns an error.  *out is filled
 * (clear it with ctome_repro_paper_clear). */
int ctome_repro_run(size_t i, const ctome_repro_opts *o, ctome_repro_paper *out);
void ctome_repro_paper_clear(ctome_repro_paper *p);

/* Counts of the verdicts of a paper (SKIPPED claims in neither). */
void ctome_repro_counts(const ctome_repro_paper *p, size_t *reproduced, size_t *differs);
/* The SKIPPED claims of a paper (a build without a feature they need). */
size_t ctome_repro_n_skipped(const ctome_repro_paper *p);

/* ---- statistics introduced here (unit-tested) ---- */

/* Witvliet et al. 2021 (Nature 596:257, Fig. 3b) sort the chemical synapses
 * of a brain into feed-forward, feedback and recurrent connections by the
 * cell types of their ends, along sensory -> inter -> motor.  ctome's
 * reading with the registry's three types: layer(sensory) = 0, inter = 1,
 * motor = 2; a synapse from layer a to layer b is feed-forward when a < b,
 * feedback when a > b, recurrent when a = b.  Synapses touching a neuron of
 * another type (pharyngeal, unknown) are left out.  Shares are of synapse
 * counts (weights), each in [0, 1], summing to 1.  Inputs: the types of the
 * source and target of each of the m edges and their weights.  Errors: no
 * edge between typed neurons (CTOME_EVALUE).  O(m). */
int ctome_feedforward_shares(size_t m, const int *src_type, const int *dst_type, const double *w,
                             double *ff, double *fb, double *rec);

#endif
