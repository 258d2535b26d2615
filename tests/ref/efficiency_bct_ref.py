#!/usr/bin/python3
"""Weighted global efficiency as the Brain Connectivity Toolbox computes it
(Rubinov & Sporns 2010 NeuroImage 52:1059; BCT 2019-03-03 efficiency_wei.m,
global branch, with weight_conversion(W, 'normalize') first), reimplemented
in numpy for tests/test_cli_defaults.sh.  No ctome code and no networkx.

Steps, as BCT:
  1. W = the undirected view of the layer: w_ij + w_ji for a directed layer
     (the matrix ctome's efficiency is defined on); self-loops dropped.
  2. weight_conversion 'normalize': W = W / max|W|, so every weight is in
     (0, 1] as Rubinov & Sporns require.
  3. L_ij = 1 / W_ij for W_ij > 0 (connection lengths).
  4. distance_inv_wei: for every source u, Dijkstra exactly as BCT writes it
     (settle every vertex at the current minimum distance at once, relax its
     out-edges, repeat until the rest is unreachable); D = 1 / distance,
     1/inf = 0, diagonal 0.
  5. E = sum(D) / (n^2 - n).

Inputs: the edge lists committed beside this script (see topology_ref.py).
Output: tests/ref/efficiency_bct_ref.txt, lines `graph n max_weight E`.
Run: /usr/bin/python3 tests/ref/efficiency_bct_ref.py   (about 10 s)
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def und_matrix(path, directed):
    arcs = {}
    with open(path) as f:
        next(f)
        for line in f:
            a, b, w = line.rstrip('\n').split('\t')
            w = float(w)
            if a == b or w == 0:
                continue
            key = (a, b)
            # directed: repeated listings sum; undirected: the larger one
            arcs[key] = arcs.get(key, 0.0) + w if directed else max(arcs.get(key, 0.0), w)
    names = sorted({x for k in arcs for x in k})
    ix = {s: i for i, s in enumerate(names)}
    n = len(names)
    W = np.zeros((n, n))
    for (a, b), w in arcs.items():
        i, j = ix[a], ix[b]
        if directed:
            W[i, j] += w
            W[j, i] += w
        else:
            W[i, j] = W[j, i] = w
    return W


def distance_inv_wei(L):
    n = len(L)
    D = np.full((n, n), np.inf)
    np.fill_diagonal(D, 0.0)
    for u in range(n):
        S = np.ones(n, dtype=bool)          # True: distance still temporary
        L1 = L.copy()
        V = [u]
        while True:
            S[V] = False
            L1[:, V] = 0                     # no in-edges to settled vertices
            for v in V:
                T = np.nonzero(L1[v, :])[0]
                D[u, T] = np.minimum(D[u, T], D[u, v] + L1[v, T])
            rest = D[u, S]
            if rest.size == 0:
                break
            m = rest.min()
            if np.isinf(m):
                break
            V = list(np.nonzero(D[u, :] == m)[0])
    with np.errstate(divide='ignore'):
        Dinv = 1.0 / D
    np.fill_diagonal(Dinv, 0.0)
    return Dinv


def efficiency_wei(W):
    W = W / np.abs(W).max()                  # weight_conversion 'normalize'
    L = W.copy()
    A = W > 0
    L[A] = 1.0 / L[A]
    n = len(W)
    return distance_inv_wei(L).sum() / (n * n - n)


def main():
    out = open(os.path.join(HERE, 'efficiency_bct_ref.txt'), 'w')
    for name, directed in (('varshney2011_chemical', True), ('cook2019-herm_electrical', False)):
        W = und_matrix(os.path.join(HERE, name + '.tsv'), directed)
        out.write(f'{name} {len(W)} {W.max()!r} {efficiency_wei(W)!r}\n')
    out.close()


if __name__ == '__main__':
    main()
