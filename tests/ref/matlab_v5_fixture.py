#!/usr/bin/python3
"""Write MATLAB v5 copies of the bundled Uzel 2022 v7.3 files for tests/test_matlab.c.

Run once from the repository root:
    /usr/bin/python3 tests/ref/matlab_v5_fixture.py
Output: tests/fixtures/matlab/v5/{Neuro279_Syn,Neuro279_EJ,Order279}.mat, the same
variables as the originals (what `save -v7` in MATLAB gives), so the v5 (libmatio)
path of ctome_read_uzel_mat must reproduce the v7.3 (HDF5) path exactly.
"""
import h5py
import numpy as np
import scipy.io

D = "data/connectome/uzel2022_varshney279/"
OUT = "tests/fixtures/matlab/v5/"

with h5py.File(D + "Order279.mat", "r") as h:
    names = ["".join(chr(c) for c in h[r][()].ravel()) for r in h["Order279"][()].ravel()]
cell = np.empty((len(names), 1), dtype=object)
for i, n in enumerate(names):
    cell[i, 0] = n
scipy.io.savemat(OUT + "Order279.mat", {"Order279": cell}, format="5", do_compression=True)

for var in ("Neuro279_Syn", "Neuro279_EJ"):
    with h5py.File(D + var + ".mat", "r") as h:
        m = h[var][()].T    # back to MATLAB orientation (rows presynaptic)
    scipy.io.savemat(OUT + var + ".mat", {var: m}, format="5", do_compression=True)
