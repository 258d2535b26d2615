#!/usr/bin/python3
"""Reference values for tests/test_matlab.c, computed with h5py alone.

Run once from the repository root:
    /usr/bin/python3 tests/ref/matlab_ref.py > tests/ref/matlab_ref.txt

Orientation: h5py returns the MATLAB matrix transposed (MATLAB is column-major),
so M = h5py_array.T has MATLAB's rows = presynaptic.  Checked here against the
Varshney 2011 NeuronConnect.xls rows of type S + Sp (Neuron 1 presynaptic):
sum |M - S| must be 0 and sum |M.T - S| must not be.
"""
import re
import h5py
import numpy as np
import xlrd

D = "data/connectome/uzel2022_varshney279/"


def names():
    with h5py.File(D + "Order279.mat", "r") as h:
        return ["".join(chr(c) for c in h[r][()].ravel()) for r in h["Order279"][()].ravel()]


def matrix(var):
    with h5py.File(D + var + ".mat", "r") as h:
        return h[var][()].T          # MATLAB orientation: [pre][post]


def norm(n):
    n = n.strip().upper()
    m = re.match(r"^(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]+)$", n)
    return "%s%02d" % (m.group(1), int(m.group(2))) if m else n


N = names()
idx = {n: i for i, n in enumerate(N)}
S = matrix("Neuro279_Syn")
E = matrix("Neuro279_EJ")

sh = xlrd.open_workbook("data/connectome/varshney2011/NeuronConnect.xls").sheet_by_index(0)
X = np.zeros_like(S)
for r in range(1, sh.nrows):
    a, b, t, w = sh.row_values(r)[:4]
    a, b = norm(a), norm(b)
    if t in ("S", "Sp") and a in idx and b in idx:
        X[idx[a], idx[b]] += w

print("n_names", len(N))
print("first_name", N[0])
print("last_name", N[-1])
print("syn_nonzero", int((S != 0).sum()))
print("syn_total", int(S.sum()))
print("syn_self_loops", int((np.diag(S) != 0).sum()))
print("ej_nonzero", int((E != 0).sum()))
print("ej_total", int(E.sum()))
print("ej_symmetric", int((E == E.T).all()))
print("ej_diag_nonzero", int((np.diag(E) != 0).sum()))
# The finalised electrical layer holds each pair once (src <= dst).
iu = np.triu_indices(len(N))
print("ej_pairs", int((E[iu] != 0).sum()))
print("ej_pair_total", int(E[iu].sum()))
print("orient_rows_pre_absdiff", int(abs(S - X).sum()))
print("orient_cols_pre_absdiff", int(abs(S.T - X).sum()))
for a, b in [("VB03", "DD02"), ("DD02", "VB03"), ("PDER", "DVA"), ("DVA", "PDER"),
             ("AVAL", "AVAR"), ("AVAR", "AVAL"), ("AVDL", "AVAL"), ("AVAL", "DA05")]:
    print("syn", a, b, int(S[idx[a], idx[b]]))
for a, b in [("AVAL", "AVAR"), ("AVBL", "AVBR"), ("AVAL", "DA05"), ("RIML", "AIBR")]:
    print("ej", a, b, int(E[idx[a], idx[b]]))
i = idx["AVAL"]
print("aval_out_degree", int((S[i] != 0).sum()), "aval_out_weight", int(S[i].sum()))
print("aval_in_degree", int((S[:, i] != 0).sum()), "aval_in_weight", int(S[:, i].sum()))
