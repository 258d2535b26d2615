#!/usr/bin/python3
"""Check `ctome export` files with networkx and python-igraph (run by export_check.sh).

For each layer and cell selection (<layer>.<fmt> = all cells, <layer>.neurons.<fmt> =
neurons only) the GraphML and GML files are loaded with networkx and igraph, the
TSV edge list and CSV matrix are parsed with the csv module; all loaders must agree
on node count, edge count, directedness and total weight.  The all-cell files must
also match tests/ref/textformats_ref.txt (chemical: 4681 edges, weight 27019;
electrical: 1359 pairs, weight 6377).
"""
import csv
import os
import sys

import igraph
import networkx as nx

EXPECTED = {'chemical': (4681, 27019.0, True), 'electrical': (1359, 6377.0, False)}


def from_networkx(g, wkey):
    return (g.number_of_nodes(), g.number_of_edges(), g.is_directed(),
            sum(d.get(wkey, 0) for _, _, d in g.edges(data=True)))


def from_igraph(g, wkey):
    return (g.vcount(), g.ecount(), g.is_directed(), sum(g.es[wkey]) if g.ecount() else 0.0)


def from_edgelist(path, directed):
    nodes, n, w = set(), 0, 0.0
    with open(path, newline='') as f:
        rows = list(csv.reader(f, delimiter='\t'))
    assert rows[0] == ['source', 'target', 'weight', 'type'], rows[0]
    for s, t, x, _layer in rows[1:]:
        nodes.update((s, t))
        n += 1
        w += float(x)
    return (len(nodes), n, directed, w)


def from_matrix(path, directed):
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    names = rows[0][1:]
    assert [r[0] for r in rows[1:]] == names, 'row and column names differ'
    n, w = 0, 0.0
    for i, r in enumerate(rows[1:]):
        for j, x in enumerate(r[1:]):
            v = float(x)
            if v != 0 and (directed or j >= i):
                n += 1
                w += v
    return (len(names), n, directed, w)


def main():
    d = sys.argv[1]
    bad = 0
    for layer, (edges, weight, directed) in EXPECTED.items():
        for sel in ('', '.neurons'):
            base = os.path.join(d, layer + sel)
            got = {
                'networkx graphml': from_networkx(nx.read_graphml(base + '.graphml'), 'weight'),
                'networkx gml': from_networkx(nx.read_gml(base + '.gml'), 'value'),
                'igraph graphml': from_igraph(igraph.Graph.Read_GraphML(base + '.graphml'), 'weight'),
                'igraph gml': from_igraph(igraph.Graph.Read_GML(base + '.gml'), 'value'),
                'csv edgelist': from_edgelist(base + '.edgelist', directed),
                'csv matrix': from_matrix(base + '.matrix', directed),
            }
            ref = got['networkx graphml']
            for k, v in got.items():
                ok = v[:3] == ref[:3] and abs(v[3] - ref[3]) < 1e-6
                print('%-10s %-9s %-17s nodes %4d edges %5d directed %d weight %.1f %s'
                      % (layer, sel[1:] or 'all', k, v[0], v[1], v[2], v[3], 'ok' if ok else 'MISMATCH'))
                bad += not ok
            if not sel and (ref[1] != edges or abs(ref[3] - weight) > 1e-6 or ref[2] != directed):
                print('%s: expected %d edges weight %g directed %s' % (layer, edges, weight, directed))
                bad += 1
    print('export_check: %s' % ('FAIL' if bad else 'ok'))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
