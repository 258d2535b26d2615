#!/usr/bin/python3
"""numpy peer of tests/bench/bench_rank.c: effective rank (Roy & Vetterli
2007) of an n x n matrix from np.linalg.svd(a, compute_uv=False) (LAPACK
dgesdd through numpy's BLAS/LAPACK).  The matrix is uniform on [0, 1)
(numpy's own generator: the timing does not depend on the values).
  /usr/bin/python3 tests/bench/rank_peer.py [n] [reps]   (default 300, 200)
"""
import sys
import timeit

import numpy as np


def erank(a):
    s = np.linalg.svd(a, compute_uv=False)
    p = s / s.sum()
    p = p[p > 0]
    return float(np.exp(-(p * np.log(p)).sum()))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    a = np.random.RandomState(1).rand(n, n)
    t = sorted(timeit.repeat(lambda: erank(a), number=1, repeat=reps))
    print('%-46s best %8.3f ms  median %8.3f ms  (effective rank %.9f, %d runs)'
          % ('numpy %s svd + effective rank' % np.__version__, 1e3 * t[0], 1e3 * t[len(t) // 2],
             erank(a), reps))


if __name__ == '__main__':
    main()
