#!/usr/bin/python3
"""Reference values for tests/test_stats.c (issue 11: nulls follow the
measure), computed independently of ctome with networkx 2.8 and numpy
(Debian's /usr/bin/python3).

1. Rich club of Towlson's network (Towlson et al. 2013 J Neurosci 33:6380):
   the undirected simple union of Varshney 2011 chemical
   (tests/ref/varshney2011_chemical.tsv) and gap junctions
   (tests/ref/varshney2011_electrical.tsv, written by
   `ctome export varshney2011 --layer electrical --format edgelist`),
   self-loops dropped: 279 neurons, 2287 edges.  phi(k) by
   networkx.rich_club_coefficient(normalized=False); nulls: 200 copies
   rewired by networkx.double_edge_swap (10 swaps per edge, seeds 0..199);
   printed: phi(k), the null mean and sample sd of phi(k) for a few k.
2. Motif nulls keeping in/out degrees and mutual dyads (Milo et al. 2002;
   mfinder): Varshney chemical (directed), an independent implementation of
   the switching (single arcs a->b, c->d -> a->d, c->b with no arc between
   a, d or c, b either way; mutual pairs a<->b, c<->d -> a<->d, c<->b, same
   rejection), 10 x m successful switches, 100 nulls (seeds 0..99);
   printed: reciprocity of every null (must equal the observed one) and the
   null mean and sample sd of the 030T (feed-forward loop) and 300 counts
   of networkx.triadic_census.

Output: tests/ref/nullmeasure_ref.txt, lines `key value`.
Run: /usr/bin/python3 tests/ref/nullmeasure_ref.py   (about 2 minutes)
"""
import os
import random

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KS = (0, 20, 36, 38, 39, 44, 50, 52, 53)


def read(path, g):
    with open(path) as f:
        next(f)
        for line in f:
            a, b, w = line.rstrip('\n').split('\t')
            if a != b and float(w) != 0:
                g.add_edge(a, b)
    return g


def mutual_null(d, rng):
    single = [(u, v) for u, v in d.edges() if not d.has_edge(v, u)]
    mutual = [(u, v) for u, v in d.edges() if d.has_edge(v, u)]
    arcs = set(d.edges())

    def joined(x, y):
        return (x, y) in arcs or (y, x) in arcs

    m = len(arcs)
    target, done = 10 * m, 0
    while done < target:
        if rng.randrange(m) < len(single):
            i, j = rng.randrange(len(single)), rng.randrange(len(single))
            (a, b), (c, e) = single[i], single[j]
            if i == j or len({a, b, c, e}) < 4 or joined(a, e) or joined(c, b):
                continue
            arcs -= {(a, b), (c, e)}
            arcs |= {(a, e), (c, b)}
            single[i], single[j] = (a, e), (c, b)
        else:
            i, j = rng.randrange(len(mutual)), rng.randrange(len(mutual))
            (a, b), (c, e) = mutual[i], mutual[j]
            if len({a, b, c, e}) < 4 or joined(a, e) or joined(c, b):
                continue
            arcs -= {(a, b), (b, a), (c, e), (e, c)}
            arcs |= {(a, e), (e, a), (c, b), (b, c)}
            # keep the list of mutual arcs (both directions) in step
            idx = {x: k for k, x in enumerate(mutual)}
            for old, new in (((a, b), (a, e)), ((b, a), (b, c)), ((c, e), (c, b)), ((e, c), (e, a))):
                mutual[idx[old]] = new
        done += 1
    h = nx.DiGraph()
    h.add_nodes_from(d.nodes())
    h.add_edges_from(arcs)
    return h


def main():
    out = []
    chem = os.path.join(HERE, 'varshney2011_chemical.tsv')
    u = read(os.path.join(HERE, 'varshney2011_electrical.tsv'), read(chem, nx.Graph()))
    u = nx.Graph(u.edges())
    m = u.number_of_edges()
    out.append('union n %d' % u.number_of_nodes())
    out.append('union m %d' % m)
    phi = nx.rich_club_coefficient(u, normalized=False)
    nulls = []
    for s in range(200):
        r = u.copy()
        nx.double_edge_swap(r, nswap=10 * m, max_tries=1000 * m, seed=s)
        nulls.append(nx.rich_club_coefficient(r, normalized=False))
    for k in KS:
        v = [x[k] for x in nulls]
        out.append('union phi %d %.15g' % (k, phi[k]))
        out.append('union null_mean %d %.15g' % (k, np.mean(v)))
        out.append('union null_sd %d %.15g' % (k, np.std(v, ddof=1)))
    d = read(chem, nx.DiGraph())
    out.append('chemical reciprocity %.15g' % nx.reciprocity(d))
    rng = random.Random(0)
    recs, ffl, full = [], [], []
    for s in range(100):
        rng.seed(s)
        h = mutual_null(d, rng)
        recs.append(nx.reciprocity(h))
        tc = nx.triadic_census(h)
        ffl.append(tc['030T'])
        full.append(tc['300'])
    out.append('chemical null_reciprocity_min %.15g' % min(recs))
    out.append('chemical null_reciprocity_max %.15g' % max(recs))
    tc = nx.triadic_census(d)
    out.append('chemical 030T %d' % tc['030T'])
    out.append('chemical 030T_null_mean %.15g' % np.mean(ffl))
    out.append('chemical 030T_null_sd %.15g' % np.std(ffl, ddof=1))
    out.append('chemical 300 %d' % tc['300'])
    out.append('chemical 300_null_mean %.15g' % np.mean(full))
    out.append('chemical 300_null_sd %.15g' % np.std(full, ddof=1))
    with open(os.path.join(HERE, 'nullmeasure_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
