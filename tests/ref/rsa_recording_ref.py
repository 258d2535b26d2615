#!/usr/bin/python3
"""Independent RDMs of the bundled Atanas 2023 recording (numpy only), for
tests/test_cli.sh: `ctome rsa atanas2023-sample --bins 10 [--rdm correlation]`.

The recording as read (98 neurons x 1600 frames, data/activity/
atanas2023_threlfall_subset); conditions = 10 consecutive windows of 160
frames; each window cut into 2 sub-windows (folds) whose neuron means are the
observations; a condition's pattern is the mean of its observations
(rsatoolbox averages rows of one condition); RDMs: squared Euclidean / n
channels and correlation distance 1 - r (rsatoolbox rdm/calc.py).
Run: /usr/bin/python3 tests/ref/rsa_recording_ref.py > tests/ref/rsa_recording_ref.txt
"""
import json
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
d = os.path.join(here, "..", "..", "data", "activity", "atanas2023_threlfall_subset")
frames = json.load(open(os.path.join(d, "time_trace.json")))
x = np.array([f[1] for f in frames], dtype=float).T      # neurons x time
n, T = x.shape
K, F = 10, 2
pat = []
for b in range(K):
    lo, hi = b * T // K, (b + 1) * T // K
    obs = []
    for f in range(F):
        a, e = lo + f * (hi - lo) // F, lo + (f + 1) * (hi - lo) // F
        obs.append(np.nanmean(x[:, a:e], axis=1))
    pat.append(np.mean(obs, axis=0))
pat = np.array(pat)
print("neurons", n, "frames", T, "windows", K, "folds", F)
for name in ("sqeuclidean", "correlation"):
    rows = []
    for i in range(K):
        row = []
        for j in range(K):
            if name == "sqeuclidean":
                v = np.sum((pat[i] - pat[j]) ** 2) / n
            else:
                a, b = pat[i] - pat[i].mean(), pat[j] - pat[j].mean()
                v = 1 - a @ b / np.sqrt((a @ a) * (b @ b))
            row.append(0.0 if i == j else v)
        rows.append(row)
    print(name, "w01-w02 %.10g w01-w10 %.10g w09-w10 %.10g" % (rows[0][1], rows[0][9], rows[8][9]))
