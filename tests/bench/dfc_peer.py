#!/usr/bin/python3
"""numpy peer of tests/bench/bench_dfc.c: the same tensor (see there) and the
textbook unmasked HALS for non-negative CP (Cichocki & Phan 2009) with Gram
matrices, each start from numpy uniform factors, exactly `iters` iterations;
the MTTKRPs are matmuls (OpenBLAS, all threads).
  /usr/bin/python3 tests/bench/dfc_peer.py [N W K R S iters]   (default 300 200 10 10 10 20)
"""
import sys
import time

import numpy as np

a = [300, 200, 10, 10, 10, 20]
for i, v in enumerate(sys.argv[1:7]):
    a[i] = int(v)
N, W, K, R, S, IT = a
P = N * (N - 1) // 2
RT = 5
M64 = (1 << 64) - 1
st = [99]


def lcg_block(n):
    out = np.empty(n)
    s = st[0]
    for i in range(n):
        s = (s * 6364136223846793005 + 1442695040888963407) & M64
        out[i] = (s >> 44) / 1048576.0
    st[0] = s
    return out


ft = lcg_block(W * RT).reshape(W, RT)
fa = lcg_block(K * RT).reshape(K, RT)
ff = lcg_block(P * RT).reshape(P, RT)
X = np.empty((K, W, P))
for k in range(K):
    idx = (np.arange(W)[:, None] + k * W) * P + np.arange(P)[None, :]
    X[k] = (ft * fa[k]) @ ff.T + 0.1 * np.fmod(idx.astype(np.float64) * 0.6180339887498949, 1.0)
xx = float(np.sum(X * X))
EPS = 1e-16


def hals_cols(Z, num, C):
    for r in range(Z.shape[1]):
        if C[r, r] > 0:
            Z[:, r] = np.maximum(EPS, (num[:, r] - Z @ C[:, r] + Z[:, r] * C[r, r]) / C[r, r])


rng = np.random.RandomState(1)
t0, c0 = time.perf_counter(), time.process_time()
best = np.inf
for s in range(S):
    T, A, F = rng.rand(W, R), rng.rand(K, R), rng.rand(P, R)
    for it in range(IT):
        NF = sum(X[k].T @ (T * A[k]) for k in range(K))
        hals_cols(F, NF, (A.T @ A) * (T.T @ T))
        G = np.stack([X[k] @ F for k in range(K)])           # K x W x R
        FF = F.T @ F
        hals_cols(T, np.einsum('kwr,kr->wr', G, A), (A.T @ A) * FF)
        hals_cols(A, np.einsum('kwr,wr->kr', G, T), (T.T @ T) * FF)
        cross = np.einsum('kwr,wr,kr->', G, T, A)
        quad = np.sum((A.T @ A) * (T.T @ T) * FF)
        loss = xx - 2 * cross + quad
    best = min(best, np.sqrt(max(loss, 0) / xx))
el, ec = time.perf_counter() - t0, time.process_time() - c0
print("numpy HALS (sequential starts): N %d (P %d) W %d K %d = %.3g entries, rank %d, %d starts, %d iterations"
      % (N, P, W, K, K * W * P, R, S, IT))
print("  wall %.2f s, CPU %.2f s (all threads); per iteration (all starts): wall %.3f s, CPU %.3f s; "
      "best rel_error %.6f" % (el, ec, el / IT, ec / IT, best))
