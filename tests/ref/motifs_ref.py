#!/usr/bin/python3
"""Reference triad censuses for tests/test_motifs.c, computed independently
of ctome with networkx 2.8 (Debian's /usr/bin/python3).

Graphs:
  hand        the 18-vertex digraph HAND below (also written out in
              tests/test_motifs.c), chosen to hit most of the 16 classes;
  varshney2011_chemical  tests/ref/varshney2011_chemical.tsv
              (`ctome export varshney2011 --layer chemical --format edgelist`):
              a DiGraph of its arcs, self-loops and zero weights dropped
              (the ctome_graph conventions, docs/methods.md).

Output: tests/ref/motifs_ref.txt, lines `graph class count` in
networkx.algorithms.triads.TRIAD_NAMES order (003 ... 300).
Run: /usr/bin/python3 tests/ref/motifs_ref.py   (about 1 s)
"""
import os

import networkx as nx
from networkx.algorithms.triads import TRIAD_NAMES

HERE = os.path.dirname(os.path.abspath(__file__))

HAND = [(0, 1), (1, 0), (1, 2), (2, 3), (3, 1), (0, 4), (4, 5), (5, 4), (5, 0), (0, 5),
        (6, 0), (6, 1), (2, 6), (6, 2), (7, 3),
        (8, 9), (8, 7), (9, 10), (10, 11), (9, 11),
        (12, 13), (13, 12), (13, 14), (14, 13), (12, 14), (14, 12),
        (15, 16), (16, 15), (15, 17), (16, 17)]


def read_tsv(path):
    g = nx.DiGraph()
    with open(path) as f:
        next(f)
        for line in f:
            a, b, w = line.rstrip('\n').split('\t')
            if a == b or float(w) == 0:
                continue
            g.add_edge(a, b)
    return g


def main():
    out = []
    hand = nx.DiGraph()
    hand.add_nodes_from(range(18))
    hand.add_edges_from(HAND)
    for name, g in (('hand', hand),
                    ('varshney2011_chemical', read_tsv(os.path.join(HERE, 'varshney2011_chemical.tsv')))):
        census = nx.triadic_census(g)
        out.append('# %s: %d nodes, %d arcs' % (name, g.number_of_nodes(), g.number_of_edges()))
        for t in TRIAD_NAMES:
            out.append('%s %s %d' % (name, t, census[t]))
    with open(os.path.join(HERE, 'motifs_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
