#!/usr/bin/python3
"""Reference values of tests/test_figures.c (numpy, scipy); output committed
as tests/ref/figures_ref.txt.  Run: /usr/bin/python3 tests/ref/figures_ref.py > tests/ref/figures_ref.txt"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'data')

# Randi 2023 export: colour limit of the adjacency figure = nearest-rank 99th
# percentile, sorted[round(0.99 (m-1))], of |value| over the nonzero
# off-diagonal entries (a zero is "no response or not measured").
rows = [l.rstrip('\n').split('\t') for l in
        open(os.path.join(DATA, 'connectome', 'randi2023_functional', 'leifer_funconn_wildtype_2022-04-01.tsv'))]
v = np.sort(np.abs([float(x) for a, b, x in rows if float(x) != 0 and a != b]))
print('randi_q99 %.17g' % v[int(np.floor(0.99 * (len(v) - 1) + 0.5))])
