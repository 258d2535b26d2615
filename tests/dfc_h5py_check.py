#!/usr/bin/python3
"""Check with h5py alone that a `ctome dfc` run in a store reads without ctome
(docs/store.md, "/runs/dfc/<id>/").

Usage: dfc_h5py_check.py CTOME_BINARY
Runs `ctome dfc --planted 0.5 --rank 3 --starts 2 -o run.h5 --json`, then
checks with h5py: names are str; shapes agree with the JSON; the temporal and
animal loadings and lambda equal the JSON values; masked affinities are 0 and
the mask is window_ok x present x present; the planted communities
P001..P006 share one coherent label in some component.
Exit status 0 on success, 1 with a message on the first mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def check(cond, msg):
    if not cond:
        print("dfc_h5py: FAIL:", msg)
        sys.exit(1)


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "run.h5")
    out = subprocess.run([sys.argv[1], "dfc", "--planted", "0.5", "--rank", "3", "--starts", "2", "-o", path,
                          "--json", "--quiet"], capture_output=True, text=True)
    check(out.returncode == 0, "ctome dfc failed: " + out.stderr)
    js = json.loads(out.stdout)
    with h5py.File(path, "r") as f:
        r = f["runs/dfc/dfc"]
        names = list(r["neurons"].asstr()[:])
        check(all(isinstance(n, str) for n in names), "neuron names are not str")
        check(names == js["neurons"], "neuron names differ from the JSON")
        N, K, W, R = len(names), len(js["worms"]), len(js["window_t0"]), int(r.attrs["rank"])
        P = N * (N - 1) // 2
        check(R == js["rank"] == 3, "rank")
        check(r["affinity"].shape == (K * W, P), "affinity shape %s" % (r["affinity"].shape,))
        check(r["factors"].shape == (P, R) and r["temporal"].shape == (W, R), "factor shapes")
        for c in range(R):
            comp = js["components"][c]
            check(np.allclose(r["temporal"][:, c], comp["temporal"], rtol=0, atol=1e-15), "temporal %d" % c)
            check(np.allclose(r["animal"][:, c], comp["animal"], rtol=0, atol=1e-15), "animal %d" % c)
            check(abs(r["lambda"][c] - comp["lambda"]) <= 1e-12 * comp["lambda"], "lambda %d" % c)
        ok, pres = r["window_ok"][:].astype(bool), r["present"][:].astype(bool)
        i, j = np.triu_indices(N, 1)
        A = r["affinity"][:].reshape(K, W, P)
        mask = ok[:, :, None] & (pres[:, i] & pres[:, j])[:, None, :]
        check(np.all(A[~mask] == 0), "masked affinities are not 0")
        check(np.all((A >= 0) & (A <= 1)), "affinities outside [0, 1]")
        coh = r["coherent"][:]
        first = [names.index("P%03d" % k) for k in range(1, 7) if "P%03d" % k in names]
        check(any(len(set(coh[c, first])) == 1 and coh[c, first[0]] >= 0 for c in range(R)),
              "P001..P006 are not one coherent community in any component")
print("dfc_h5py: ok")
