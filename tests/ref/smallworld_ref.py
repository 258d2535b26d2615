#!/usr/bin/python3
"""Reference values for tests/test_smallworld.c, computed independently of
ctome with networkx 2.8 (Debian's /usr/bin/python3).

The random reference of sigma and omega is the degree-preserving
(Maslov-Sneppen) null of the undirected simple view.  Here: 100 nulls from
networkx.double_edge_swap (10 swaps per edge, seeds 0..99); for each, the
average clustering (all vertices) and the mean shortest path length of the
largest connected component.  Printed: mean and sample sd of both, so the
test can compare ctome's null means within their sampling error, and C and L
of the graph itself.

Graphs: karate (Graph.Famous('Zachary') edges via networkx
karate_club_graph, the same 78 edges) and varshney2011_chemical (the
undirected simple view of tests/ref/varshney2011_chemical.tsv).

Output: tests/ref/smallworld_ref.txt, lines `graph key value`.
Run: /usr/bin/python3 tests/ref/smallworld_ref.py   (about 1 minute)
"""
import os

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def read_und(path):
    g = nx.Graph()
    with open(path) as f:
        next(f)
        for line in f:
            a, b, w = line.rstrip('\n').split('\t')
            if a != b and float(w) != 0:
                g.add_edge(a, b)
    return g


def lcc_path(g):
    cc = max(nx.connected_components(g), key=len)
    return nx.average_shortest_path_length(g.subgraph(cc))


def main():
    out = []
    for name, g in (('karate', nx.karate_club_graph()),
                    ('varshney2011_chemical', read_und(os.path.join(HERE, 'varshney2011_chemical.tsv')))):
        g = nx.Graph(g.edges())
        m = g.number_of_edges()
        out.append('%s C %.15g' % (name, nx.average_clustering(g)))
        out.append('%s L %.15g' % (name, lcc_path(g)))
        cs, ls = [], []
        for s in range(100):
            r = g.copy()
            nx.double_edge_swap(r, nswap=10 * m, max_tries=1000 * m, seed=s)
            cs.append(nx.average_clustering(r))
            ls.append(lcc_path(r))
        out.append('%s C_rand_mean %.15g' % (name, np.mean(cs)))
        out.append('%s C_rand_sd %.15g' % (name, np.std(cs, ddof=1)))
        out.append('%s L_rand_mean %.15g' % (name, np.mean(ls)))
        out.append('%s L_rand_sd %.15g' % (name, np.std(ls, ddof=1)))
    with open(os.path.join(HERE, 'smallworld_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
