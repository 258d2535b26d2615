#!/usr/bin/python3
"""Reference values for tests/test_topology.c, computed independently of
ctome with networkx 2.8 / numpy / python-igraph (Debian's /usr/bin/python3).

Inputs (committed beside this script):
  varshney2011_chemical.tsv     `ctome export varshney2011 --layer chemical --format edgelist`
  cook2019-herm_electrical.tsv  `ctome export cook2019-herm --layer electrical --format edgelist`
plus the Zachary karate club from python-igraph's Graph.Famous('Zachary').

Conventions (docs/methods.md), implemented here from scratch:
  * the undirected simple view `und`: an edge for every pair with an arc in
    either direction; weight w_ij + w_ji for a directed layer;
  * transitivity, clustering, path length (largest component), efficiency,
    assortativity, rich club on `und`, binary unless stated;
  * weighted clustering = networkx clustering(G, weight) (Onnela, weights over
    the max); weighted efficiency = sum 1/d over ordered pairs / n(n-1) with
    Dijkstra lengths 1/w on the weights over their max (BCT);
  * spectral radius = max |eigenvalue| of the binary adjacency as given
    (directed layers: A_ij = 1 for arc i -> j);
  * bilateral symmetry: share of arcs (pairs) whose mirror exists, mirror of
    a neuron = same name with the final L/R swapped when that neuron exists in
    data/neurons/wormwideweb_connectome_neurons.csv with the same class;
  * betweenness_centrality (normalised) and closeness_centrality on the
    layer as given (DiGraph for directed), eigenvector_centrality_numpy on `und`.

Output: tests/ref/topology_ref.txt, lines `graph key value`.
Run: /usr/bin/python3 tests/ref/topology_ref.py   (about 5 s)
"""
import csv
import os
import sys

# networkx sums weighted triangles in set order, which follows string
# hashes: fix the hash seed so the last digit is the same on every run.
if os.environ.get('PYTHONHASHSEED') != '0':
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED='0'))

import igraph
import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'data')
NODES = ['AVAL', 'PVCL', 'RIBL']


def read_tsv(path, directed):
    g = nx.DiGraph() if directed else nx.Graph()
    with open(path) as f:
        next(f)
        for line in f:
            a, b, w = line.rstrip('\n').split('\t')
            w = float(w)
            if a == b or w == 0:
                continue
            if g.has_edge(a, b):
                # directed: repeated listings sum; undirected: the larger one
                g[a][b]['weight'] = g[a][b]['weight'] + w if directed else max(g[a][b]['weight'], w)
            else:
                g.add_edge(a, b, weight=w)
    return g


def undirected_view(g):
    if not g.is_directed():
        return g
    u = nx.Graph()
    u.add_nodes_from(g.nodes())
    for a, b, d in g.edges(data=True):
        if u.has_edge(a, b):
            u[a][b]['weight'] += d['weight']
        else:
            u.add_edge(a, b, weight=d['weight'])
    return u


def partners():
    cls = {}
    with open(os.path.join(DATA, 'neurons', 'wormwideweb_connectome_neurons.csv')) as f:
        for row in csv.DictReader(f):
            cls[row['name'].strip().upper()] = row['class'].strip()
    mir = {}
    for name, c in cls.items():
        if name.endswith('L') and name[:-1] + 'R' in cls and cls[name[:-1] + 'R'] == c:
            mir[name] = name[:-1] + 'R'
            mir[name[:-1] + 'R'] = name
    return mir


def weighted_efficiency(u):
    # Rubinov & Sporns 2010 / BCT efficiency_wei: weights normalised to (0, 1]
    # by the largest first (BCT weight_conversion 'normalize')
    n = u.number_of_nodes()
    wmax = max(d['weight'] for _, _, d in u.edges(data=True))
    h = nx.Graph()
    h.add_nodes_from(u.nodes())
    for a, b, d in u.edges(data=True):
        h.add_edge(a, b, length=wmax / d['weight'])
    tot = 0.0
    for s, dist in nx.all_pairs_dijkstra_path_length(h, weight='length'):
        tot += sum(1.0 / d for t, d in dist.items() if t != s)
    return tot / (n * (n - 1))


def stats(name, g, out, mirror=None, nodes=()):
    u = undirected_view(g)
    n = g.number_of_nodes()
    w = out.write
    w(f'{name} n_nodes {n}\n')
    w(f'{name} n_edges {g.number_of_edges()}\n')
    w(f'{name} density {nx.density(g)!r}\n')
    w(f'{name} reciprocity {nx.overall_reciprocity(g) if g.is_directed() else 1.0!r}\n')
    w(f'{name} triangles {sum(nx.triangles(u).values()) // 3}\n')
    w(f'{name} transitivity {nx.transitivity(u)!r}\n')
    w(f'{name} average_clustering {nx.average_clustering(u)!r}\n')
    w(f'{name} average_clustering_weighted {nx.average_clustering(u, weight="weight")!r}\n')
    lcc = max(nx.connected_components(u), key=len)
    w(f'{name} n_lcc {len(lcc)}\n')
    w(f'{name} n_components {nx.number_connected_components(u)}\n')
    w(f'{name} char_path_length {nx.average_shortest_path_length(u.subgraph(lcc))!r}\n')
    w(f'{name} global_efficiency {nx.global_efficiency(u)!r}\n')
    w(f'{name} global_efficiency_weighted {weighted_efficiency(u)!r}\n')
    w(f'{name} degree_assortativity {nx.degree_assortativity_coefficient(u)!r}\n')
    a = nx.to_numpy_array(g, weight=None)
    w(f'{name} spectral_radius {max(abs(np.linalg.eigvals(a)))!r}\n')
    if mirror is not None:
        arcs = list(g.edges())
        ok = sum(1 for a_, b_ in arcs if g.has_edge(mirror.get(a_, a_), mirror.get(b_, b_)))
        w(f'{name} bilateral_symmetry {ok / len(arcs)!r}\n')
    rc = nx.rich_club_coefficient(u, normalized=False)
    w(f'{name} rich_club_n {len(rc)}\n')
    w(f'{name} rich_club ' + ' '.join(repr(rc[k]) for k in range(len(rc))) + '\n')
    bet = nx.betweenness_centrality(g)
    clo = nx.closeness_centrality(g)
    eig = nx.eigenvector_centrality_numpy(u)
    loc = nx.clustering(u)
    for v in nodes:
        w(f'{name} node {v} {g.in_degree(v) if g.is_directed() else g.degree(v)} '
          f'{g.out_degree(v) if g.is_directed() else g.degree(v)} '
          f'{loc[v]!r} {bet[v]!r} {clo[v]!r} {abs(eig[v])!r}\n')


def main():
    with open(os.path.join(HERE, 'topology_ref.txt'), 'w') as out:
        out.write('# written by topology_ref.py (networkx %s, numpy %s, igraph %s); '
                  'node lines: graph node NAME in_deg out_deg clustering betweenness closeness '
                  'eigenvector\n' % (nx.__version__, np.__version__, igraph.__version__))
        z = igraph.Graph.Famous('Zachary')
        k = nx.Graph()
        k.add_edges_from(z.get_edgelist())
        for a, b in k.edges():
            k[a][b]['weight'] = 1.0
        # vertex ids as names for the node lines
        stats('karate', k, out, nodes=(0, 33, 2))
        out.write('karate igraph_transitivity %r\n' % z.transitivity_undirected())
        out.write('karate igraph_average_path_length %r\n' % z.average_path_length())
        mirror = partners()
        stats('varshney2011_chemical',
              read_tsv(os.path.join(HERE, 'varshney2011_chemical.tsv'), True), out, mirror, NODES)
        stats('cook2019-herm_electrical',
              read_tsv(os.path.join(HERE, 'cook2019-herm_electrical.tsv'), False), out, mirror,
              NODES)


if __name__ == '__main__':
    main()
