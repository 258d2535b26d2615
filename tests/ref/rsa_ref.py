#!/usr/bin/python3
"""Independent reference values for tests/test_rsa.c (numpy/scipy only).

Implements rsatoolbox's definitions (Schuett et al. 2023; rsatoolbox
rdm/calc.py, rdm/compare.py, data/noise.py, rdm/transform.py) directly, in
their slow textbook form, so the C library is checked against a separate
computation:
  - writes tests/fixtures/rsa/folds.csv: 6 conditions x 8 channels, 3 folds
    (one observation per condition and fold), numpy RandomState(6);
  - RDMs: squared Euclidean / n, correlation distance, Mahalanobis and
    crossnobis with rsatoolbox's 'shrinkage_diag' covariance of the residuals
    (rows minus condition means, dof = n_obs - n_cond);
  - comparisons of the crossnobis and Euclidean RDMs: cosine, Pearson,
    Spearman (scipy.stats.spearmanr), Kendall tau-a (brute force over pairs),
    rho-a, whitened cosine through the explicit RDM covariance
    V = (C C')o(C C') (rsatoolbox _get_v with sigma_k = None) and a linear
    solve (not the double-centring identity the C code uses);
  - the geo-topological transform (quantiles per RDM, every branch from the
    original values) and the geodesic transform (scipy.sparse.csgraph
    Floyd-Warshall on the graph of GT < 1, normalised by the largest finite
    distance, unconnected = 1).
Run: /usr/bin/python3 tests/ref/rsa_ref.py > tests/ref/rsa_ref.txt
"""
import itertools
import os

import numpy as np
import scipy.stats
from scipy.sparse.csgraph import csgraph_from_dense, floyd_warshall

here = os.path.dirname(os.path.abspath(__file__))
fix = os.path.join(here, '..', 'fixtures', 'rsa', 'folds.csv')

n_cond, n_ch, n_fold = 6, 8, 3
rs = np.random.RandomState(6)
signal = rs.randn(n_cond, n_ch)
rows, cond, fold = [], [], []
for f in range(n_fold):
    for c in range(n_cond):
        rows.append(signal[c] + 0.7 * rs.randn(n_ch) + 0.3 * rs.randn() * np.ones(n_ch))
        cond.append(c)
        fold.append(f)
X = np.array(rows)
cond = np.array(cond)
fold = np.array(fold)
with open(fix, 'w') as fh:
    fh.write('condition,fold,' + ','.join('ch%d' % (i + 1) for i in range(n_ch)) + '\n')
    for k in range(len(X)):
        fh.write('c%d,%d,' % (cond[k] + 1, fold[k] + 1) + ','.join('%.17g' % v for v in X[k]) + '\n')
# values as the C reader sees them
X = np.loadtxt(fix, delimiter=',', skiprows=1, usecols=range(2, 2 + n_ch))


def out(key, vals):
    vals = np.atleast_1d(np.asarray(vals, float))
    print(key, ' '.join('%.17g' % v for v in vals))


def means(sel):
    return np.array([X[sel & (cond == c)].mean(0) for c in range(n_cond)])


def triu(m):
    i, j = np.triu_indices(m.shape[0], 1)
    return m[i, j]


M = means(np.ones(len(X), bool))
# squared Euclidean / n_channels
d_euc = np.array([np.sum((M[i] - M[j]) ** 2) / n_ch for i, j in itertools.combinations(range(n_cond), 2)])
out('sqeuclidean', d_euc)
d_cor = np.array([1 - np.corrcoef(M[i], M[j])[0, 1] for i, j in itertools.combinations(range(n_cond), 2)])
out('correlation', d_cor)

# rsatoolbox shrinkage_diag on residuals (cov_from_unbalanced)
R = X - M[cond]
dof = len(X) - n_cond
R = R - R.mean(0)
s_sum = np.zeros((n_ch, n_ch))
s2_sum = np.zeros((n_ch, n_ch))
for r in R:
    o = np.outer(r, r)
    s_sum += o
    s2_sum += o ** 2
s = s_sum / dof
var = np.diag(s)
std = np.sqrt(var)
mask = ~np.eye(n_ch, dtype=bool)
s_mean = s_sum / std[None, :] / std[:, None] / dof
s2_mean = s2_sum / var[None, :] / var[:, None] / dof
var_hat = len(R) / dof ** 2 * (s2_mean - s_mean ** 2)
lamb = max(min(np.sum(var_hat[mask]) / np.sum(s_mean[mask] ** 2), 1), 0)
cov = s * (np.eye(n_ch) + (1 - lamb) * mask)
out('shrinkage_lambda', lamb)
out('shrinkage_cov_diag', np.diag(cov))
out('shrinkage_cov_01', cov[0, 1])
P = np.linalg.inv(cov)
d_mah = np.array([(M[i] - M[j]) @ np.linalg.solve(cov, M[i] - M[j]) / n_ch
                  for i, j in itertools.combinations(range(n_cond), 2)])
out('mahalanobis', d_mah)
# crossnobis: leave one fold out, test fold vs mean of the other folds' rows
acc = np.zeros(len(d_mah))
for f in range(n_fold):
    A = means(fold == f)
    B = means(fold != f)
    acc += np.array([(A[i] - A[j]) @ P @ (B[i] - B[j]) / n_ch
                     for i, j in itertools.combinations(range(n_cond), 2)])
d_cv = acc / n_fold
out('crossnobis', d_cv)
# the same as the mean over all ordered fold pairs (Walther 2016)
pairs = []
for f, g in itertools.permutations(range(n_fold), 2):
    A, B = means(fold == f), means(fold == g)
    pairs.append([(A[i] - A[j]) @ P @ (B[i] - B[j]) / n_ch for i, j in itertools.combinations(range(n_cond), 2)])
assert np.allclose(np.mean(pairs, 0), d_cv)

a, b = d_cv, d_euc
out('cmp_cosine', a @ b / np.linalg.norm(a) / np.linalg.norm(b))
out('cmp_pearson', np.corrcoef(a, b)[0, 1])
out('cmp_spearman', scipy.stats.spearmanr(a, b).correlation)
m = len(a)
tau = sum(np.sign(a[i] - a[j]) * np.sign(b[i] - b[j]) for i, j in itertools.combinations(range(m), 2))
out('cmp_kendall', tau / (m * (m - 1) / 2))
ra = scipy.stats.rankdata(a) - (m + 1) / 2
rb = scipy.stats.rankdata(b) - (m + 1) / 2
out('cmp_rho_a', 12 * ra @ rb / (m ** 3 - m))
# whitened cosine: V = Xi o Xi, Xi = C C' (pair contrasts)
C = np.zeros((m, n_cond))
for k, (i, j) in enumerate(itertools.combinations(range(n_cond), 2)):
    C[k, i], C[k, j] = 1, -1
Xi = C @ C.T
V = Xi * Xi
wa, wb = np.linalg.solve(V, a), np.linalg.solve(V, b)
out('cmp_whitened_cosine', a @ wb / np.sqrt(a @ wa) / np.sqrt(b @ wb))


def gt(d, ql, qu):
    lo, up = np.quantile(d, ql), np.quantile(d, qu)
    return np.where(d < lo, 0.0, np.where(d > up, 1.0, (d - lo) / (up - lo)))


def geodesic(g, n):
    sq = np.zeros((n, n))
    sq[np.triu_indices(n, 1)] = g
    sq = sq + sq.T
    dense = np.where(sq < 1, sq, np.inf)
    np.fill_diagonal(dense, 0)
    dist = floyd_warshall(csgraph_from_dense(dense, null_value=np.inf), directed=False)
    top = dist[np.isfinite(dist)].max()
    res = np.where(np.isfinite(dist), dist / top, 1.0)
    return triu(res)


out('gt_example', gt(np.array([0.1, 0.45, 0.25, 0.9, 0.6, 0.05]), 0.2, 0.8))
g = gt(d_euc, 0.1, 0.7)
out('gt_euc_0.1_0.7', g)
out('geodesic_euc_0.1_0.7', geodesic(g, n_cond))
# a disconnected case: two groups far apart
pts = np.array([[0.0], [0.1], [0.25], [5.0], [5.2], [5.3]])
d2 = np.array([abs(pts[i, 0] - pts[j, 0]) for i, j in itertools.combinations(range(6), 2)])
g2 = gt(d2, 0.0, 0.4)
out('gt_two_groups', g2)
out('geodesic_two_groups', geodesic(g2, 6))
