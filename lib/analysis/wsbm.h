/* wsbm.h — a weighted stochastic block model fitted by variational Bayes
 * (Aicher, Jacobs & Clauset 2015, "Learning latent block structure in
 * weighted networks", J Complex Netw 3:221-248), in the form ctome uses for
 * the communities of a dynamic-connectome affinity factor (dfc.h).
 *
 * Model (AJC's "pure" weighted SBM, alpha = 1: edge weights only, no separate
 * edge-existence part, since an affinity factor is a complete graph).  Each
 * node i has a block z_i in 1..K with prior P(z_i = k) = 1 / K; the weight of
 * every observed unordered pair {i, j} is drawn independently from a
 * distribution whose parameters theta_kl depend only on the two blocks:
 *   NORMAL (default)  w_ij | z ~ N(m_kl, 1 / tau_kl), Normal-Gamma prior
 *                     tau ~ Gamma(a0, b0), m | tau ~ N(m0, 1 / (kappa0 tau));
 *   EXPONENTIAL       w_ij | z ~ Exp(lambda_kl), lambda ~ Gamma(a0, b0)
 *                     (graph-tool's "real-exponential" edge covariate, which
 *                     Dyballa et al. 2024 used).
 * Both are AJC exponential-family members (sufficient statistics (1, w, w^2)
 * and (1, w)).  Priors are scaled to the data so that the partition does not
 * change when every weight is multiplied by a constant (tested): a0 = 1,
 * kappa0 = 1, m0 = mean observed weight, b0 = variance of the observed
 * weights (normal) or the mean weight (exponential).
 *
 * Inference: the mean-field posterior q(z) q(theta), q(z_i) = mu_i, q of each
 * theta_kl in the conjugate family, by coordinate ascent on the variational
 * bound (AJC section 4):
 *   q(theta):  from the expected count, sum and sum of squares of the
 *              observed weights between blocks k and l,
 *              n_kl = sum_{i<j} (mu_ik mu_jl + mu_il mu_jk) for k != l and
 *              sum_{i<j} mu_ik mu_jk for k = l (s1, s2 likewise with w, w^2):
 *              exponential a = a0 + n, b = b0 + s1;  normal kappa = kappa0 + n,
 *              m = (kappa0 m0 + s1) / kappa, a = a0 + n / 2,
 *              b = b0 + (s2 + kappa0 m0^2 - kappa m^2) / 2;
 *   q(z_i):    mu_ik proportional to exp( sum_{j obs, j != i} sum_l mu_jl
 *              E[log f(w_ij | theta_kl)] ), with E[log f] = E[log lambda] -
 *              w E[lambda] (exponential; E[lambda] = a / b, E[log lambda] =
 *              digamma(a) - log b) or (E[log tau] - log 2 pi - E[tau] (w -
 *              m)^2 - 1 / kappa) / 2 (normal; E[tau] = a / b); nodes are
 *              updated one at a time in index order (each update the exact
 *              maximiser given the others).
 * Bound at the optimal q(theta) for the current mu (exact, by conjugacy):
 *   B = sum_{k<=l} [lgamma(a_kl) - a_kl log b_kl - lgamma(a0) + a0 log b0
 *                   (normal: + log(kappa0 / kappa_kl) / 2 - n_kl log(2 pi) / 2)]
 *       - n log K - sum_i sum_k mu_ik log mu_ik.
 * An iteration is (q(theta) update, bound, sweep of the mu_i); the bound
 * never decreases (each step maximises it in one block of variables).
 *
 * Starts: K centre nodes by k-means++ seeding (Arthur & Vassilvitskii 2007)
 * on the rows of w (Euclidean, over the other nodes), each node assigned to
 * its nearest centre, mu = 0.9 on that block and 0.1 spread over the others.
 * (A vague random mu lets the first sweep collapse every node into one block,
 * since all blocks then start with equal parameters.)
 *
 * Model selection (ctome's choice, stated where results are printed): the
 * number of blocks K in k_min..k_max with the largest bound, the bound of each
 * K being the best over `starts` seeded starts (the bound approximates the
 * log marginal likelihood from below; no K! label-symmetry term is added).
 *
 * Departures from the nested weighted SBM of Peixoto (2018, Phys Rev E
 * 97:012306) that graph-tool fits: one flat level (no hierarchy), no degree
 * correction, variational Bayes instead of MCMC/merge-split minimisation of
 * the description length, K selected by the bound instead of the description
 * length, and a Gamma prior on the rates instead of graph-tool's priors.
 */
#ifndef CTOME_WSBM_H
#define CTOME_WSBM_H

#include <stddef.h>
#include <stdint.h>

enum { CTOME_WSBM_NORMAL = 0, CTOME_WSBM_EXPONENTIAL = 1 };

/* Conjugate prior of the weight distribution of every block pair:
 *   EXPONENTIAL  lambda ~ Gamma(a0, rate b0);
 *   NORMAL       tau ~ Gamma(a0, rate b0), m | tau ~ N(m0, 1 / (kappa0 tau)). */
typedef struct {
    int family;
    double a0, b0, m0, kappa0;
} ctome_wsbm_prior;

typedef struct {
    int family;          /* CTOME_WSBM_NORMAL (default) or CTOME_WSBM_EXPONENTIAL */
    size_t k_min, k_max; /* blocks tried (default 1..6) */
    size_t starts;       /* seeded random starts per K (default 10) */
    size_t max_iter;     /* iterations per start (default 300) */
    double tol;          /* stop when the bound rises by <= tol x |bound| (default 1e-9) */
    uint64_t seed;       /* start s for K draws from ctome_rng(seed, K x 2^32 + s) (below) */
} ctome_wsbm_opts;

void ctome_wsbm_opts_default(ctome_wsbm_opts *o);

typedef struct {
    size_t n, k;          /* nodes; K of the chosen fit */
    size_t n_blocks;      /* non-empty blocks of the hard assignment (<= k) */
    int32_t *membership;  /* n: argmax_k mu_ik, relabelled 0.. in order of the lowest node */
    double *mu;           /* n x k posterior block probabilities of the chosen fit */
    double *mean;         /* k x k posterior mean weight of each block pair (1 / E[lambda] or E[m]) */
    double bound;         /* variational bound of the chosen fit */
    double *bound_by_k;   /* k_max - k_min + 1: best bound for each K tried */
    size_t iterations;    /* of the chosen fit */
    int converged;        /* chosen fit stopped on tol */
    ctome_wsbm_prior prior; /* the data-scaled prior used (above) */
} ctome_wsbm;

/* Fit the model above to the n x n symmetric weight matrix w (row-major; the
 * diagonal is ignored; NaN marks an unobserved pair, which carries no
 * likelihood term).  Errors: n < 2, k_min 0 or > k_max, k_max > n, starts or
 * max_iter 0, tol < 0, an unknown family (CTOME_EINVAL); a negative or
 * infinite weight, an asymmetric pair, no observed pair, all observed weights
 * 0 or (normal) all equal (CTOME_EVALUE naming the pair).
 * Cost: O(starts (k_max - k_min + 1) iterations (n^2 K + n K^2)) time,
 * O(n K + K^2) memory besides w. */
int ctome_wsbm_fit(const double *w, size_t n, const ctome_wsbm_opts *o, ctome_wsbm *out);

void ctome_wsbm_clear(ctome_wsbm *m);

/* One start from a given posterior mu (n x k, rows summing to 1, updated in
 * place) under prior p: bound[it] receives the bound of iteration it (at
 * most max_iter values), *iters the number of iterations, *converged whether
 * it stopped on tol.  mean (k x k) receives the posterior mean weight of each
 * block pair at the last q(theta) update, when not NULL.  Used by the tests
 * (monotone bound, hand-derived values). */
int ctome_wsbm_run(const double *w, size_t n, size_t k, const ctome_wsbm_prior *p, double *mu, size_t max_iter,
                   double tol, double *bound, size_t *iters, int *converged, double *mean);

/* The digamma function psi(x), x > 0 (recurrence to x >= 10, then the
 * asymptotic series; absolute error < 1e-13). */
double ctome_digamma(double x);

#endif
