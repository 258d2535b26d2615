#!/usr/bin/python3
"""Reference values for ctome_structfunc_compute (tests/test_structfunc.c), from the raw files
with xlrd, h5py, numpy and scipy only (no ctome code).

Structure: data/connectome/varshney2011/NeuronConnect.xls (WormAtlas), chemical = the S + Sp rows
summed per (pre, post) (each synapse is listed again as R/Rp by the receiver), electrical = EJ rows,
one pair per unordered pair weighted by the larger of its two listed directions (docs/methods.md section 2).
Vertices of a layer = neurons with an edge to another neuron (self-loops dropped; 'NMJ' is not a
neuron).

Function: data/activity/uzel2022_functional_connectivity/Matrices_FC.mat, matrix 1 (correlation of
time-derivatives), names from data/connectome/uzel2022_varshney279/Order279.mat, rows/columns that
are all NaN dropped.  The matrix is symmetric, so pairs are unordered (i < j) over the shared
neurons; structural value = w_ij + w_ji (chemical) or w_ij (electrical); pairs with a NaN
functional value dropped.  rho = scipy.stats.spearmanr.

RDM comparison: structural dissimilarity 1 - Gs / max Gs over shared pairs, Gs = (G + G')/2,
G = expm(S_out^-1/2 A S_in^-1/2) over all vertices of the layer (scipy.linalg.expm); functional
dissimilarity 1 - r; Spearman over the shared pairs.

Run from the repo root: /usr/bin/python3 tests/ref/structfunc_ref.py > tests/ref/structfunc_ref.txt
"""
import collections

import h5py
import numpy as np
import scipy.linalg
import scipy.stats
import xlrd

VARSHNEY = 'data/connectome/varshney2011/NeuronConnect.xls'
FC = 'data/activity/uzel2022_functional_connectivity/Matrices_FC.mat'
ORDER = 'data/connectome/uzel2022_varshney279/Order279.mat'


def mat_names(path, var):
    f = h5py.File(path, 'r')
    return [''.join(map(chr, f[r][()].ravel())) for r in f[var][()].ravel()]


def uzel(which):
    order = mat_names(ORDER, 'Order279')
    f = h5py.File(FC, 'r')
    m = f[f['Matrices_FC'][()].ravel(order='F')[which - 1]][()].T
    keep = [i for i in range(m.shape[0]) if not (np.isnan(m[i]).all() and np.isnan(m[:, i]).all())]
    return [order[i] for i in keep], m[np.ix_(keep, keep)]


def varshney():
    s = xlrd.open_workbook(VARSHNEY).sheet_by_index(0)
    chem = collections.defaultdict(float)
    ej = collections.defaultdict(float)
    for i in range(1, s.nrows):
        a, b, t, w = s.row_values(i)[:4]
        a, b = a.strip().upper(), b.strip().upper()
        if a == 'NMJ' or b == 'NMJ' or a == b:
            continue
        if t in ('S', 'Sp'):
            chem[(a, b)] += w
        elif t == 'EJ':
            ej[(a, b)] += w
    und = {}
    for (a, b), w in ej.items():
        key = (min(a, b), max(a, b))
        und[key] = max(und.get(key, 0.0), w)
    return chem, und


def analyse(label, edges, directed, fnames, F):
    verts = sorted({a for a, b in edges} | {b for a, b in edges})
    vi = {v: i for i, v in enumerate(verts)}
    n = len(verts)
    A = np.zeros((n, n))
    for (a, b), w in edges.items():
        A[vi[a], vi[b]] += w
        if not directed:
            A[vi[b], vi[a]] = A[vi[a], vi[b]]
    fi = {x: i for i, x in enumerate(fnames)}
    shared = [v for v in verts if v in fi]
    xs, ys = [], []
    for i, a in enumerate(shared):
        for b in shared[i + 1:]:
            y = F[fi[a], fi[b]]
            if np.isnan(y):
                continue
            x = A[vi[a], vi[b]] + (A[vi[b], vi[a]] if directed else 0.0)
            xs.append(x)
            ys.append(y)
    rho = scipy.stats.spearmanr(xs, ys).correlation
    sout, sin = A.sum(1), A.sum(0)
    with np.errstate(divide='ignore'):
        lo = np.where(sout > 0, 1 / np.sqrt(sout), 0)
        li = np.where(sin > 0, 1 / np.sqrt(sin), 0)
    G = scipy.linalg.expm(lo[:, None] * A * li[None, :])
    Gs = (G + G.T) / 2
    ds, df = [], []
    for i, a in enumerate(shared):
        for b in shared[i + 1:]:
            ds.append(Gs[vi[a], vi[b]])
            u, v = F[fi[a], fi[b]], F[fi[b], fi[a]]
            s = v if np.isnan(u) else u if np.isnan(v) else (u + v) / 2
            df.append(1 - s)
    ds = 1 - np.array(ds) / max(ds)
    df = np.array(df)
    ok = np.isfinite(df)
    rdm = scipy.stats.spearmanr(ds[ok], df[ok]).correlation
    print('%s vertices %d shared %d pairs %d rho %.12f rdm_pairs %d rdm_rho %.12f'
          % (label, n, len(shared), len(xs), rho, int(ok.sum()), rdm))
    print('%s shared_first %s shared_last %s' % (label, shared[0], shared[-1]))


fnames, F = uzel(1)
chem, ej = varshney()
analyse('varshney2011_chemical_uzel1', chem, True, fnames, F)
analyse('varshney2011_electrical_uzel1', ej, False, fnames, F)
