#!/usr/bin/python3
"""Reference numbers for tests/test_compare.c: Witvliet 2021 dataset 1 (L1, 0 h)
versus dataset 8 (adult), chemical layer, neurons only.

Reads the two edge lists exported once with
    ctome export witvliet2021-K --layer chemical --format edgelist \
        -o tests/ref/witvliet2021-K_chemical.tsv
(committed beside this script) with networkx and computes, independently of
ctome: edge Jaccard overlap, Pearson and Spearman (scipy) correlation of the
weights of shared edges, edges gained and lost, neurons present in each and in
both, and the in/out degree of a few neurons.  Output: compare_ref.txt.
Run: /usr/bin/python3 tests/ref/compare_ref.py
"""
import os

import networkx as nx
import numpy as np
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__))


def load(k):
    g = nx.DiGraph()
    with open(os.path.join(here, f"witvliet2021-{k}_chemical.tsv")) as f:
        next(f)
        for line in f:
            a, b, w = line.rstrip("\n").split("\t")
            if a != b:
                g.add_edge(a, b, weight=float(w))
    return g


a, b = load(1), load(8)
ea, eb = set(a.edges()), set(b.edges())
shared = sorted(ea & eb)
wa = np.array([a.edges[e]["weight"] for e in shared])
wb = np.array([b.edges[e]["weight"] for e in shared])
out = []
out.append(f"edges_a\t{len(ea)}")
out.append(f"edges_b\t{len(eb)}")
out.append(f"shared\t{len(shared)}")
out.append(f"gained\t{len(eb - ea)}")
out.append(f"lost\t{len(ea - eb)}")
out.append(f"jaccard\t{len(shared) / len(ea | eb):.12f}")
out.append(f"pearson\t{stats.pearsonr(wa, wb)[0]:.12f}")
out.append(f"spearman\t{stats.spearmanr(wa, wb)[0]:.12f}")
out.append(f"neurons_a\t{a.number_of_nodes()}")
out.append(f"neurons_b\t{b.number_of_nodes()}")
out.append(f"neurons_shared\t{len(set(a) & set(b))}")
out.append(f"neurons_union\t{len(set(a) | set(b))}")
for n in ["AVAL", "AVAR", "AIYL", "RIAL", "ADAL"]:
    for k, g in (("a", a), ("b", b)):
        i = g.in_degree(n) if n in g else float("nan")
        o = g.out_degree(n) if n in g else float("nan")
        out.append(f"degree_{k}\t{n}\t{i}\t{o}")
with open(os.path.join(here, "compare_ref.txt"), "w") as f:
    f.write("\n".join(out) + "\n")
print("\n".join(out))
