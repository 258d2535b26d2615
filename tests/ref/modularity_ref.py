#!/usr/bin/python3
"""Reference modularity values for tests/test_modularity.c, computed
independently of ctome with python-igraph 0.10 and networkx 2.8 (Debian's
/usr/bin/python3).

  karate   Graph.Famous('Zachary'); the two-faction split (networkx
           karate_club_graph 'club': 'Mr. Hi' = 0, 'Officer' = 1; listed in
           the test): Q at gamma 1 and 0.5; the best Leiden Q over 200 runs;
  hand     the 7-vertex two-module graph of the test, binary and with the
           edge 2-5 of weight 3: Q, participation coefficient, within-module
           z-score (population sd, as bctpy) from networkx and numpy;
  varshney2011_chemical, cook2019-herm_electrical  the undirected simple
           view (weight w_ij + w_ji for the directed layer): the best
           Leiden (modularity objective) Q over 200 runs, binary and
           weighted.  Leiden is stochastic: the test asks ctome's consensus
           to come within 1% of these.

Output: tests/ref/modularity_ref.txt, lines `graph key value`.
Run: /usr/bin/python3 tests/ref/modularity_ref.py   (about 10 s)
"""
import os
import random

import igraph
import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CLUB = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1]
HAND = [(0, 1), (0, 2), (0, 3), (1, 2), (4, 5), (5, 6), (4, 6), (3, 4), (2, 5)]
HAND_MODULES = [0, 0, 0, 0, 1, 1, 1]


def best_leiden(g, weights, runs=200):
    best = -1
    for r in range(runs):
        random.seed(r)   # python-igraph draws from Python's random module
        p = g.community_leiden('modularity', weights=weights, n_iterations=-1)
        best = max(best, g.modularity(p.membership, weights=weights))
    return best


def roles(g, mem, weight):
    n = g.number_of_nodes()
    p = np.zeros(n)
    z = np.zeros(n)
    kin = np.zeros(n)
    for i in range(n):
        k = {}
        tot = 0.0
        for j in g[i]:
            w = g[i][j].get(weight, 1) if weight else 1
            k[mem[j]] = k.get(mem[j], 0) + w
            tot += w
        p[i] = 1 - sum((x / tot) ** 2 for x in k.values())
        kin[i] = k.get(mem[i], 0)
    for c in set(mem):
        idx = [i for i in range(n) if mem[i] == c]
        sd = np.std(kin[idx])
        for i in idx:
            z[i] = (kin[i] - np.mean(kin[idx])) / sd if sd > 0 else 0
    return p, z


def read_und(path, directed):
    w = {}
    with open(path) as f:
        next(f)
        for line in f:
            a, b, x = line.rstrip('\n').split('\t')
            x = float(x)
            if a == b or x == 0:
                continue
            k = (min(a, b), max(a, b))
            if directed:
                w[k] = w.get(k, 0) + x          # w_ij + w_ji (and repeated listings)
            else:
                w[k] = max(w.get(k, 0), x)      # one pair, the larger listing
    g = igraph.Graph.TupleList([(a, b, x) for (a, b), x in w.items()], weights=True)
    return g


def main():
    out = []
    k = igraph.Graph.Famous('Zachary')
    out.append('karate q_club %.15g' % k.modularity(CLUB))
    # python-igraph 0.10.2's modularity(resolution=...) is not used here:
    # networkx takes the resolution as documented
    kn = nx.Graph(k.get_edgelist())
    halves = [{i for i in range(34) if CLUB[i] == c} for c in (0, 1)]
    out.append('karate q_club_nx %.15g' % nx.community.modularity(kn, halves))
    out.append('karate q_club_gamma0.5 %.15g' % nx.community.modularity(kn, halves, resolution=0.5))
    out.append('karate leiden_best %.15g' % best_leiden(k, None))
    h = nx.Graph()
    h.add_nodes_from(range(7))
    h.add_edges_from(HAND, weight=1)
    comms = [{i for i in range(7) if HAND_MODULES[i] == c} for c in (0, 1)]
    out.append('hand q %.15g' % nx.community.modularity(h, comms))
    p, z = roles(h, HAND_MODULES, None)
    out.append('hand participation %s' % ' '.join('%.15g' % x for x in p))
    out.append('hand zscore %s' % ' '.join('%.15g' % x for x in z))
    h[2][5]['weight'] = 3
    out.append('hand q_weighted %.15g' % nx.community.modularity(h, comms, weight='weight'))
    p, z = roles(h, HAND_MODULES, 'weight')
    out.append('hand participation_weighted %s' % ' '.join('%.15g' % x for x in p))
    out.append('hand zscore_weighted %s' % ' '.join('%.15g' % x for x in z))
    for name, directed in (('varshney2011_chemical', True), ('cook2019-herm_electrical', False)):
        g = read_und(os.path.join(HERE, name + '.tsv'), directed)
        out.append('# %s: %d vertices, %d pairs' % (name, g.vcount(), g.ecount()))
        out.append('%s leiden_best %.15g' % (name, best_leiden(g, None)))
        out.append('%s leiden_best_weighted %.15g' % (name, best_leiden(g, 'weight')))
    with open(os.path.join(HERE, 'modularity_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
