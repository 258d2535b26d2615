#!/usr/bin/python3
"""Reference communicability values for tests/test_communicability.c,
computed independently of ctome with numpy / scipy (Debian's /usr/bin/python3).

  chain        directed 3-node chain 0 -> 1 (weight 2), 1 -> 2 (weight 3):
               binary expm(A) (= I + A + A^2/2, nilpotent), all 9 entries,
               scipy.linalg.expm;
  tri          directed 0 -> 1 (2), 1 -> 2 (3), 0 -> 2 (1), 2 -> 1 (4):
               binary expm(A) and weighted expm(S_out^-1/2 A S_in^-1/2)
               (A'_ij = a_ij / sqrt(out-strength(i) in-strength(j))), all 9
               entries;
  w3           W = [[0,1,0],[1,0,2],[0,2,0]] weighted (docs/methods.md, seRNN) (Crofts & Higham 2009);
  varshney2011_chemical  tests/ref/varshney2011_chemical.tsv (directed; arcs
               with weight > 0, self-loops dropped): binary and weighted,
               trace, sum of all entries and three named entries;
  cook2019-herm_electrical  tests/ref/cook2019-herm_electrical.tsv
               (undirected; a pair listed twice takes the larger weight):
               the same numbers.

Output: tests/ref/communicability_ref.txt, lines `graph form key value`.
Run: /usr/bin/python3 tests/ref/communicability_ref.py   (about 2 s)
"""
import os

import numpy as np
from scipy.linalg import expm

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = [('AVAL', 'AVAR'), ('AVAL', 'PVCL'), ('RIBL', 'AVBL')]


def weighted(a):
    a = np.array(a, dtype=float)
    np.fill_diagonal(a, 0)
    so = a.sum(axis=1)
    si = a.sum(axis=0)
    d = np.zeros_like(a)
    nz = a != 0
    with np.errstate(divide='ignore', invalid='ignore'):
        d[nz] = (a / np.sqrt(np.outer(so, si)))[nz]
    return expm(d)


def binary(a):
    b = (np.array(a) != 0).astype(float)
    np.fill_diagonal(b, 0)
    return expm(b)


def read_tsv(path, directed):
    w = {}
    with open(path) as f:
        next(f)
        for line in f:
            a, b, x = line.rstrip('\n').split('\t')
            x = float(x)
            if a == b or x == 0:
                continue
            if directed:
                w[(a, b)] = w.get((a, b), 0) + x
            else:
                k = (min(a, b), max(a, b))
                w[k] = max(w.get(k, 0), x)
    names = sorted({n for k in w for n in k})
    ix = {n: i for i, n in enumerate(names)}
    a = np.zeros((len(names), len(names)))
    for (u, v), x in w.items():
        a[ix[u], ix[v]] = x
        if not directed:
            a[ix[v], ix[u]] = x
    return a, ix


def main():
    out = []
    chain = [[0, 2, 0], [0, 0, 3], [0, 0, 0]]
    c = binary(chain)
    for i in range(3):
        for j in range(3):
            out.append('chain binary %d%d %.17g' % (i, j, c[i, j]))
    tri = [[0, 2, 1], [0, 0, 3], [0, 4, 0]]
    for form, f in (('binary', binary), ('weighted', weighted)):
        c = f(tri)
        for i in range(3):
            for j in range(3):
                out.append('tri %s %d%d %.17g' % (form, i, j, c[i, j]))
    c = weighted([[0, 1, 0], [1, 0, 2], [0, 2, 0]])
    for i in range(3):
        for j in range(3):
            out.append('w3 weighted %d%d %.17g' % (i, j, c[i, j]))
    for name, directed in (('varshney2011_chemical', True), ('cook2019-herm_electrical', False)):
        a, ix = read_tsv(os.path.join(HERE, name + '.tsv'), directed)
        out.append('# %s: %d vertices' % (name, len(ix)))
        for form, f in (('binary', binary), ('weighted', weighted)):
            c = f(a)
            out.append('%s %s trace %.17g' % (name, form, np.trace(c)))
            out.append('%s %s sum %.17g' % (name, form, c.sum()))
            for u, v in PAIRS:
                out.append('%s %s %s-%s %.17g' % (name, form, u, v, c[ix[u], ix[v]]))
    with open(os.path.join(HERE, 'communicability_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
