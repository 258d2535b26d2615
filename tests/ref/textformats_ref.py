#!/usr/bin/python3
"""Independent reference counts for tests/test_textformats.c.

Reads every bundled text-format connectome with the Python standard library
(csv, json) and networkx (GML), applies the rules documented in
lib/data/connectome.h (name normalisation as in lib/data/names.h; directed
layers: repeated listings summed; undirected layers: summed per listed
direction, then the larger direction per pair, `asym` = pairs whose two
directions differ) and prints one line per (file, layer):

  reader  path  opt_layer  layer  raw_n  raw_w  edges  weight  asym  self  nodes

raw_n/raw_w: listings with a nonzero weight and their summed weight, before
merging; edges/weight/asym/self: after merging; nodes: distinct cell names in
the file (all layers).  opt_layer is the layer option the test passes ("-" =
none).  Run: /usr/bin/python3 tests/ref/textformats_ref.py data > tests/ref/textformats_ref.txt
"""
import csv
import json
import os
import re
import sys

import networkx as nx

MOTOR = re.compile(r'^(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]{1,2})$')


def norm(raw, aliases=None):
    s = raw.strip().strip('"\'').strip().upper()
    m = MOTOR.match(s)
    if m and len(s) >= 3:
        s = '%s%02d' % (m.group(1), int(m.group(2)))
    if aliases and s in aliases:
        s = aliases[s]
    return s


def directed_of(layer):
    return layer not in ('electrical', 'contact')


def summarise(listings, nodes):
    """listings: list of (layer, src, dst, w).  Returns {layer: stats}."""
    out = {}
    for layer in sorted({l for l, _, _, _ in listings}):
        rows = [(s, d, w) for l, s, d, w in listings if l == layer and w != 0]
        per = {}
        for s, d, w in rows:
            per[(s, d)] = per.get((s, d), 0) + w
        asym = 0
        if directed_of(layer):
            final = per
        else:
            final = {}
            for (s, d), w in per.items():
                key = (min(s, d), max(s, d))
                if key in final:
                    if final[key] != w:
                        asym += 1
                    final[key] = max(final[key], w)
                else:
                    final[key] = w
        out[layer] = dict(raw_n=len(rows), raw_w=sum(w for _, _, w in rows), edges=len(final),
                          weight=sum(final.values()), asym=asym,
                          self=sum(1 for s, d in final if s == d), nodes=len(nodes))
    return out


TYPES = {'chemical': 'chemical', 'electrical': 'electrical'}


def read_edgelist(path, opt_layer):
    with open(path, newline='') as f:
        text = f.read()
    delim = '\t' if '\t' in text.splitlines()[0] else ','
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    head = [h.strip().lower() for h in rows[0]]
    si = next(i for i, h in enumerate(head) if h in ('source', 'pre'))
    ti = next(i for i, h in enumerate(head) if h in ('target', 'post'))
    wi = next(i for i, h in enumerate(head) if h in ('weight', 'synapses'))
    yi = next((i for i, h in enumerate(head) if h == 'type'), None)
    listings, nodes = [], set()
    for r in rows[1:]:
        if not r:
            continue
        s, t = norm(r[si]), norm(r[ti])
        nodes.update((s, t))
        layer = opt_layer or (TYPES[r[yi].strip().lower()] if yi is not None else 'chemical')
        listings.append((layer, s, t, float(r[wi])))
    return listings, nodes


def read_adjacency(path, opt_layer):
    with open(path, newline='') as f:
        rows = list(csv.reader(f))
    cols = [norm(c) for c in rows[0][1:]]
    listings, nodes = [], set(cols)
    for r in rows[1:]:
        s = norm(r[0])
        nodes.add(s)
        for c, v in zip(cols, r[1:]):
            if v.strip() and float(v) != 0:
                listings.append((opt_layer or 'chemical', s, c, float(v)))
    return listings, nodes


def read_nemanode(path, opt_layer):
    with open(path) as f:
        arr = json.load(f)
    listings, nodes = [], set()
    for e in arr:
        s, t = norm(e['pre']), norm(e['post'])
        nodes.update((s, t))
        layer = opt_layer or {0: 'chemical', 2: 'electrical'}[e['typ']]
        syn = e['syn']
        w = float(sum(syn)) if isinstance(syn, list) else float(syn)
        listings.append((layer, s, t, w))
    return listings, nodes


def read_gml(path, opt_layer):
    g = nx.read_gml(path, label='id')
    names = {n: norm(str(a.get('label', n))) for n, a in g.nodes(data=True)}
    layer = opt_layer or ('chemical' if g.is_directed() else 'electrical')
    listings = [(layer, names[u], names[v], float(a.get('value', a.get('weight', 1))))
                for u, v, a in g.edges(data=True)]
    return listings, set(names.values())


MONOAMINES = {'serotonin', 'dopamine', 'tyramine', 'octopamine'}


def read_bentley(path, opt_layer):
    listings, nodes = [], set()
    with open(path, newline='') as f:
        for r in csv.reader(f):
            if not r or r[0].lstrip().startswith('#'):
                continue
            s, t = norm(r[0]), norm(r[1])
            nodes.update((s, t))
            layer = opt_layer or ('monoamine' if r[2].strip().lower() in MONOAMINES else 'peptide')
            listings.append((layer, s, t, 1.0))
    return listings, nodes


def read_randi(path, opt_layer):
    listings, nodes = [], set()
    with open(path, newline='') as f:
        for r in csv.reader(f, delimiter='\t'):
            s, t = norm(r[0], {'NSM': 'NSMR'}), norm(r[1], {'NSM': 'NSMR'})
            nodes.update((s, t))
            v = float(r[2])
            if v != 0:
                listings.append((opt_layer or 'functional', s, t, v))
    return listings, nodes


READERS = dict(edgelist=read_edgelist, adjacency=read_adjacency, nemanode=read_nemanode,
               gml=read_gml, bentley=read_bentley, randi=read_randi)

C = 'connectome/'
FILES = [
    ('edgelist', C + 'cook2019/herm_full_edgelist.csv', None),
    ('edgelist', C + 'white1986/aconnectome_white_1986_A.csv', None),
    ('edgelist', C + 'white1986/aconnectome_white_1986_L4.csv', None),
    ('edgelist', C + 'white1986/aconnectome_white_1986_whole.csv', None),
    ('edgelist', C + 'cook2020_pharynx/cne24932-sup-0004-supinfo4.csv', None),
    ('edgelist', C + 'cook2020_pharynx/cne24932-sup-0005-supinfo5.csv', 'electrical'),
    ('adjacency', C + 'ripollsanchez2023_extrasynaptic/01022024_neuropeptide_connectome_long_range_model.csv', 'peptide'),
    ('adjacency', C + 'ripollsanchez2023_extrasynaptic/01022024_neuropeptide_connectome_mid_range_model.csv', 'peptide'),
    ('adjacency', C + 'ripollsanchez2023_extrasynaptic/01022024_neuropeptide_connectome_short_range_model.csv', 'peptide'),
    ('adjacency', C + 'ripollsanchez2023_extrasynaptic/08062023_monoamine_connectome.csv', 'monoamine'),
    ('gml', C + 'newman_celegansneural/celegansneural.gml', None),
    ('bentley', C + 'bentley2016_extrasynaptic/esconnectome_monoamines_Bentley_2016.csv', None),
    ('bentley', C + 'bentley2016_extrasynaptic/esconnectome_neuropeptides_Bentley_2016.csv', None),
    ('randi', C + 'randi2023_functional/leifer_funconn_wildtype_2022-04-01.tsv', None),
]


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else 'data'
    files = list(FILES)
    for root, _, names in sorted(os.walk(os.path.join(data, 'connectome'))):
        for n in sorted(names):
            if n.startswith('nemanode_') and n != 'nemanode_connectome_datasets.json':
                files.append(('nemanode', os.path.relpath(os.path.join(root, n), data), None))
    for reader, rel, opt in files:
        listings, nodes = READERS[reader](os.path.join(data, rel), opt)
        for layer, s in summarise(listings, nodes).items():
            print('\t'.join([reader, rel, opt or '-', layer] +
                            ['%d' % s['raw_n'], '%.6f' % s['raw_w'], '%d' % s['edges'],
                             '%.6f' % s['weight'], '%d' % s['asym'], '%d' % s['self'],
                             '%d' % s['nodes']]))


if __name__ == '__main__':
    main()
