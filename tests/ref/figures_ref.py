#!/usr/bin/python3
"""Reference values of tests/test_figures.c (numpy, scipy); output committed
as tests/ref/figures_ref.txt.  Run: /usr/bin/python3 tests/ref/figures_ref.py > tests/ref/figures_ref.txt"""
import math
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

# Mann-Whitney U, scipy.stats.mannwhitneyu(x, y) defaults (two-sided, 'auto',
# continuity correction): "mwu_<case> U1 p".  The samples are rebuilt by the
# C test from the same formulas.
from scipy.stats import mannwhitneyu


def case(name, x, y):
    r = mannwhitneyu(x, y)
    print('mwu_%s %.17g %.17g' % (name, r.statistic, r.pvalue))


case('exact44', [1, 3, 5, 7], [2, 4, 6, 8, 10])
case('exact3_12', [20, 21.5, 3.5], [float(i) for i in range(12)])
case('ties', [1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6, 7, 8])
# 25 vs 30 whole numbers (ties): x_i = floor(10 sin(1.3 i)), y_i = floor(10 sin(0.7 i + 1) + 2)
case('large', [math.floor(10 * math.sin(1.3 * i)) for i in range(25)],
     [math.floor(10 * math.sin(0.7 * i + 1) + 2) for i in range(30)])

# The seRNN matched-accuracy figure over docs/sernn_matched100.tsv: networks
# with status 0 and acc >= 0.9, seRNN vs L1: "sernn_<field> n_se n_l1 U1 p
# title" with the panel title ctome draws (p with 2 significant digits).
import csv
with open(os.path.join(HERE, '..', '..', 'docs', 'sernn_matched100.tsv')) as fh:
    rows = list(csv.DictReader(fh, delimiter='\t'))
for field in ('q_weighted', 'sigma'):
    g = {}
    for r in rows:
        v = float(r[field])
        if int(r['status']) == 0 and float(r['acc']) >= 0.9 and math.isfinite(v):
            g.setdefault(r['reg'], []).append(v)
    r = mannwhitneyu(g['se'], g['l1'])
    print('sernn_%s %d %d %.17g %.17g Mann\u2013Whitney U = %g, p = %.2g' %
          (field, len(g['se']), len(g['l1']), r.statistic, r.pvalue, r.statistic, r.pvalue))
