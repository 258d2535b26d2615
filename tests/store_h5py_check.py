#!/usr/bin/python3
"""Check with h5py alone that a ctome store is readable without ctome (docs/store.md).

Usage: store_h5py_check.py MAKE_STORE_BINARY
Runs the binary (tests/make_store.c) to write a store in a temporary directory,
then verifies with h5py: root attributes and their types, every string is
`str` (variable-length UTF-8), node and edge counts and weight totals equal
what ctome printed, and the Uzel 2022 numbers from tests/ref/matlab_ref.txt
(2194 chemical edges / 6394 synapses; 517 gap-junction pairs / 890).
Exit status 0 on success, 1 with a message on the first mismatch.
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def check(cond, msg):
    if not cond:
        print("store_h5py: FAIL:", msg)
        sys.exit(1)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "store.h5")
        out = subprocess.run([sys.argv[1], path], capture_output=True, text=True)
        check(out.returncode == 0, "make_store failed: " + out.stderr)
        ctome = out.stdout.split("\n")
        with h5py.File(path, "r") as f:
            check(int(f.attrs["schema_version"]) == 1, "schema_version")
            for a in ("ctome_version", "created"):
                check(isinstance(f.attrs[a], str), "root attribute %s is not str" % a)
            check(f.attrs["created"].endswith("Z") and "T" in f.attrs["created"], "created not ISO 8601 UTC")
            check(list(f["connectomes"].keys()) == ["uzel2022"], "connectome ids")
            g = f["connectomes/uzel2022"]
            for a in ("id", "source_file", "source_sha256"):
                check(isinstance(g.attrs[a], str), "connectome attribute %s is not str" % a)
            check(g.attrs["source_sha256"] ==
                  "ad321f77a13d3c92a0c93800837efeec176ef59e5ab4910d7ce4b1ed4275260c", "sha256")
            names = g["nodes/name"].asstr()[()]
            check(all(isinstance(n, str) for n in names), "node names are not str")
            # Without .asstr(), h5py 3 returns bytes for vlen data; the dtype must say utf-8 str.
            check(h5py.check_string_dtype(g["nodes/name"].dtype).encoding == "utf-8", "names not UTF-8")
            check(h5py.check_string_dtype(g["nodes/kind"].dtype).encoding == "utf-8", "kinds not UTF-8")
            kinds = set(g["nodes/kind"].asstr()[()])
            check(kinds <= {"neuron", "muscle", "end_organ", "unknown"}, "kinds %s" % kinds)
            check(g["nodes/registry_index"].dtype == np.int32, "registry_index dtype")
            check(list(names[:2]) == ["ADFL", "ADFR"], "first names")
            for line in ctome:
                w = line.split()
                if not w:
                    continue
                if w[0] == "nodes":
                    check(len(names) == int(w[2]), "node count %d vs %s" % (len(names), w[2]))
                    continue
                _, cid, layer, n, total, loops, directed = w
                L = g["layers/" + layer]
                src, dst, wt = L["src"][()], L["dst"][()], L["weight"][()]
                check(src.dtype == np.int32 and dst.dtype == np.int32 and wt.dtype == np.float64,
                      "%s dtypes" % layer)
                check(len(src) == int(n) == len(dst) == len(wt), "%s edge count" % layer)
                check(float(wt.sum()) == float(total), "%s total %r vs %s" % (layer, wt.sum(), total))
                check(int((src == dst).sum()) == int(loops) == int(L.attrs["self_loops"]),
                      "%s self loops" % layer)
                check(int(L.attrs["directed"]) == int(directed), "%s directed" % layer)
                check(isinstance(L.attrs["weight_unit"], str), "%s weight_unit is not str" % layer)
                if len(src):
                    check(L["src"].chunks is not None and L["src"].compression == "gzip",
                          "%s not chunked+deflated" % layer)
            chem = g["layers/chemical"]
            check(len(chem["src"]) == 2194 and chem["weight"][()].sum() == 6394, "Uzel chemical")
            ej = g["layers/electrical"]
            check(len(ej["src"]) == 517 and ej["weight"][()].sum() == 890, "Uzel electrical")
            check((ej["src"][()] <= ej["dst"][()]).all(), "undirected edges not src <= dst")
            # The documented orientation: src presynaptic. VB03 -> DD02 = 37 synapses.
            idx = {n: i for i, n in enumerate(names)}
            s, d = chem["src"][()], chem["dst"][()]
            hit = (s == idx["VB03"]) & (d == idx["DD02"])
            check(hit.sum() == 1 and chem["weight"][()][hit][0] == 37, "VB03 -> DD02")
    print("store_h5py: ok")


main()
