#!/usr/bin/python3
"""Reference values for ctome_read_uzel_fc (tests/test_zimmer.c), from h5py alone.

Reads data/activity/uzel2022_functional_connectivity/Matrices_FC.mat (a 1x9 cell
of 279x279 doubles, MATLAB v7.3) with the names of
data/connectome/uzel2022_varshney279/Order279.mat, drops neurons whose row and
column are all NaN, and prints per matrix: the kept count, symmetry, the
diagonal, and a few entries M(a, b) (row a, column b, MATLAB orientation).
Run from the repo root: /usr/bin/python3 tests/ref/uzel_fc_ref.py > tests/ref/uzel_fc_ref.txt
"""
import h5py
import numpy as np

FC = 'data/activity/uzel2022_functional_connectivity/Matrices_FC.mat'
ORDER = 'data/connectome/uzel2022_varshney279/Order279.mat'
NO = 'data/activity/uzel2022_functional_connectivity/NeuronOrder.mat'


def names(path, var):
    f = h5py.File(path, 'r')
    return [''.join(map(chr, f[r][()].ravel())) for r in f[var][()].ravel()]


order = names(ORDER, 'Order279')
neuron_order = names(NO, 'NeuronOrder')
f = h5py.File(FC, 'r')
refs = f['Matrices_FC'][()].ravel(order='F')      # MATLAB linear order
PAIRS = [('AVAL', 'AVAR'), ('AVAL', 'AVBL'), ('RIML', 'SMDVR'), ('AVAR', 'AVAL'), ('AWCL', 'AVAL'),
         ('DB01', 'VB02')]
print('# which n_kept symmetric(1e-12) diag_all_nan diag_all_one  then entries a b value')
for w, r in enumerate(refs, 1):
    m = f[r][()].T                       # h5py gives MATLAB's transpose
    keep = [i for i in range(m.shape[0]) if not (np.isnan(m[i]).all() and np.isnan(m[:, i]).all())]
    k = m[np.ix_(keep, keep)]
    kn = [order[i] for i in keep]
    sym = bool(np.allclose(np.nan_to_num(k), np.nan_to_num(k.T), rtol=0, atol=1e-12))
    d = np.diag(k)
    print('matrix %d %d %d %d %d' % (w, len(keep), sym, np.isnan(d).all(), bool(np.all(d == 1))))
    print('first %s last %s' % (kn[0], kn[-1]))
    for a, b in PAIRS:
        print('entry %d %s %s %.17g' % (w, a, b, k[kn.index(a), kn.index(b)]))
    if w == 1:
        extra = sorted(set(kn) - set(neuron_order))
        missing = sorted(set(neuron_order) - set(kn))
        print('vs NeuronOrder.mat (%d names): extra %s missing %s' % (len(neuron_order), extra or '-',
                                                                      missing or '-'))
