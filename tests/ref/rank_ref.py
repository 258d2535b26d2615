#!/usr/bin/python3
"""Reference rank statistics for tests/test_rank.c, computed independently of
ctome with numpy (Debian's /usr/bin/python3; numpy.linalg.svd / eigvals).

Definitions (lib/analysis/rank.h, docs/methods.md):
  effective rank   exp(-sum p ln p), p = s / sum s        (Roy & Vetterli 2007)
  participation    (sum l)^2 / sum l^2                     (Gao et al. 2017)
  stable rank      sum s^2 / s_1^2                         (Rudelson & Vershynin 2007)
  spectral radius  max |eigenvalue| (square matrices only)

Matrices:
  varshney2011_chemical   tests/ref/varshney2011_chemical.tsv (`ctome export
        varshney2011 --layer chemical --format edgelist`): the adjacency over
        the neurons with an arc, self-loops dropped, weighted (synapse counts)
        and binary; l = s^2 (eigenvalues of A A^T).  The row order does not
        matter: P A P^T has the same singular values and eigenvalues.
  atanas2023   data/activity/atanas2023_threlfall_subset/time_trace.json:
        X = 98 neurons x 1600 samples as given (no NaN in this file);
        recording: s of X, l = eigenvalues of np.cov(X) (rows = neurons,
        ddof 1); covariance: the matrix C = np.cov(X), s = its singular
        values, l = s, spectral radius = largest eigenvalue.

Output: tests/ref/rank_ref.txt, lines `matrix key value` with keys rows,
cols, effective_rank, participation_ratio, stable_rank, spectral_radius (nan
when undefined), sv_sum, sv_1..sv_5.
Run: /usr/bin/python3 tests/ref/rank_ref.py   (about 1 s)
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'data')


def erank(s):
    p = s / s.sum()
    p = p[p > 0]
    return float(np.exp(-(p * np.log(p)).sum()))


def pr(l):
    l = np.clip(l, 0, None)
    return float(l.sum() ** 2 / (l ** 2).sum())


def stable(s):
    return float((s ** 2).sum() / s.max() ** 2)


def radius(a):
    return float(np.abs(np.linalg.eigvals(a)).max())


def read_layer(path):
    w = {}
    with open(path) as f:
        next(f)
        for line in f:
            a, b, x = line.rstrip('\n').split('\t')
            x = float(x)
            if a == b or x == 0:
                continue
            w[(a, b)] = w.get((a, b), 0) + x
    names = sorted({n for k in w for n in k})
    ix = {n: i for i, n in enumerate(names)}
    a = np.zeros((len(names), len(names)))
    for (u, v), x in w.items():
        a[ix[u], ix[v]] = x
    return a


def emit(out, name, a, l_from, rho):
    s = np.linalg.svd(a, compute_uv=False)
    l = s ** 2 if l_from is None else l_from
    out.append('%s rows %d' % (name, a.shape[0]))
    out.append('%s cols %d' % (name, a.shape[1]))
    out.append('%s effective_rank %.17g' % (name, erank(s)))
    out.append('%s participation_ratio %.17g' % (name, pr(l)))
    out.append('%s stable_rank %.17g' % (name, stable(s)))
    out.append('%s spectral_radius %.17g' % (name, rho))
    out.append('%s sv_sum %.17g' % (name, s.sum()))
    for k in range(5):
        out.append('%s sv_%d %.17g' % (name, k + 1, s[k]))


def main():
    out = []
    a = read_layer(os.path.join(HERE, 'varshney2011_chemical.tsv'))
    emit(out, 'varshney2011_chemical_weighted', a, None, radius(a))
    b = (a != 0).astype(float)
    emit(out, 'varshney2011_chemical_binary', b, None, radius(b))

    with open(os.path.join(DATA, 'activity', 'atanas2023_threlfall_subset', 'time_trace.json')) as f:
        frames = json.load(f)
    x = np.array([fr[1] for fr in frames], dtype=float).T
    assert not np.isnan(x).any()
    c = np.cov(x)
    lc = np.linalg.eigvalsh(c)[::-1]
    emit(out, 'atanas2023_recording', x, lc, float('nan'))
    emit(out, 'atanas2023_covariance', c, np.linalg.svd(c, compute_uv=False), float(lc[0]))

    with open(os.path.join(HERE, 'rank_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
