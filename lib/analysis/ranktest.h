/* ranktest.h — the Mann-Whitney U test (Wilcoxon rank-sum) of two samples,
 * as scipy.stats.mannwhitneyu (1.10) computes it, two-sided. */
#ifndef CTOME_RANKTEST_H
#define CTOME_RANKTEST_H

#include <stddef.h>

typedef struct {
    size_t n1, n2;
    double u1;        /* U of the first sample: R1 - n1 (n1 + 1) / 2, R1 its rank sum (mid-ranks for ties) */
    double p;         /* two-sided p-value */
    double z;         /* normal approximation's z (NaN when exact) */
    int exact;        /* 1: exact null distribution; 0: normal approximation */
} ctome_mwu;

/* Mann & Whitney (1947) Ann Math Stat 18:50-60, two-sided, following
 * scipy.stats.mannwhitneyu(x, y) with its defaults (method 'auto',
 * continuity correction):
 *   U1 = R1 - n1(n1+1)/2 with mid-ranks over the pooled sample; U = max(U1, n1 n2 - U1);
 *   exact (no tied values and min(n1, n2) <= 8, as scipy's 'auto'): p =
 *     2 P(U' >= U) under the null distribution of U' (all C(n1+n2, n1)
 *     arrangements equally likely; Mann & Whitney's recursion), clipped to 1;
 *   otherwise: z = (U - n1 n2 / 2 - 1/2) / s, s^2 = n1 n2 / 12 ((n+1) -
 *     sum(t^3 - t) / (n (n-1))) over tie groups of size t, p = 2 Q(z) clipped
 *     to 1.  Departure: when min(n1, n2) <= 8 without ties but n1 n2 > 20000
 *     ctome uses the normal approximation (exact = 0 says so); scipy's exact
 *     recursion would be used there.
 * Errors: n1 or n2 == 0 (CTOME_EINVAL), a non-finite value (CTOME_EVALUE
 * naming the sample and index), allocation.  All values tied gives s = 0:
 * p = 1 (scipy gives NaN there; no difference can be shown).
 * Cost O(n log n), exact O(min(n1,n2)^2 n1 n2). */
int ctome_mann_whitney(const double *x, size_t n1, const double *y, size_t n2, ctome_mwu *out);

#endif
