#!/usr/bin/python3
"""numpy/scipy peer of the RSA benchmark (tests/bench/bench_rsa.sh).

  rsa_peer.py write DIR [n_cond n_ch]   write DIR/data.csv and DIR/model.csv
  rsa_peer.py run DIR N_PERM            time RDM + Spearman + N_PERM-permutation test

Same definitions as libctome / rsatoolbox: squared Euclidean / n_channels on
the condition patterns; Spearman = Pearson of average ranks; permutation of
the model RDM's condition labels, comparison recomputed (rank + correlation,
as rsatoolbox's compare(method='spearman') does for every permuted RDM);
p = (1 + #>=) / (1 + N).  One thread (the numpy/BLAS calls here are on
vectors of 4950 entries and do not parallelise).
"""
import sys
import time

import numpy as np
import scipy.stats
from scipy.spatial.distance import pdist, squareform


def write(d, n_cond=100, n_ch=300):
    rs = np.random.RandomState(1)
    latent = rs.randn(n_cond, 5)
    data = latent @ rs.randn(5, n_ch) + 2.0 * rs.randn(n_cond, n_ch)
    model = latent @ rs.randn(5, 40) + 2.0 * rs.randn(n_cond, 40)
    for name, m in (('data', data), ('model', model)):
        with open('%s/%s.csv' % (d, name), 'w') as fh:
            fh.write('condition,' + ','.join('ch%d' % (c + 1) for c in range(m.shape[1])) + '\n')
            for i in range(n_cond):
                fh.write('s%03d,' % (i + 1) + ','.join('%.10g' % v for v in m[i]) + '\n')


def load(path):
    return np.loadtxt(path, delimiter=',', skiprows=1, usecols=None, dtype=str)[:, 1:].astype(float)


def spearman(a, b):
    ra = scipy.stats.rankdata(a)
    rb = scipy.stats.rankdata(b)
    return np.corrcoef(ra, rb)[0, 1]


def run(d, n_perm):
    x, y = load(d + '/data.csv'), load(d + '/model.csv')
    t0 = time.perf_counter()
    r1 = pdist(x, 'sqeuclidean') / x.shape[1]
    r2 = pdist(y, 'sqeuclidean') / y.shape[1]
    obs = spearman(r1, r2)
    sq2 = squareform(r2)
    n = sq2.shape[0]
    rs = np.random.RandomState(1)
    ge = 0
    for _ in range(n_perm):
        p = rs.permutation(n)
        v = squareform(sq2[p][:, p], checks=False)
        if spearman(r1, v) >= obs:
            ge += 1
    t = time.perf_counter() - t0
    print('numpy/scipy: RDMs + spearman %.6f + %d permutations: p = %.6g, %.2f s'
          % (obs, n_perm, (1 + ge) / (1 + n_perm), t))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2], *(int(a) for a in sys.argv[3:5]))
    else:
        run(sys.argv[2], int(sys.argv[3]))
