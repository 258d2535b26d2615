#!/usr/bin/python3
"""Layouts considered for the rate model's SELL-8 pass (issue 16 part 1):
how many 8-wide steps each needs on the matrix bench_ei dumps.

    /usr/bin/python3 tests/bench/ei_sell_layout.py DIR   (DIR from `bench_ei DIR ...`)

Row i of the pass holds the chemical entries W_ij (z column j), the diagonal
(column n + i) and the gap entries G_ij (column n + j), summed in that order.
1. The kept layout: rows sorted by length, 8 per chunk, one gathered z value
   per lane and step: sum over chunks of the longest row (the steps), x 8 the
   slots.
2. Broadcast sharing: if the 8 rows of a chunk shared presynaptic columns, one
   broadcast z load could serve every lane with that column.  Cost: the union
   of the chunk's columns (one step each), for the length-sorted chunks and
   for chunks grown greedily by overlap (seed: the longest free row; then the
   row adding the fewest new columns), and how many lanes share a column.
3. The diagonal as one contiguous vector load: needs every lane of a chunk at
   its diagonal in the same step, so a chunk costs max chemical + 1 + max gap
   steps (rows reassigned by a seeded local search to lower that sum).
"""
import random
import sys
from collections import Counter

import numpy as np

d = sys.argv[1]
W = np.loadtxt(d + "/W.txt")
G = np.loadtxt(d + "/G.txt")
n = W.shape[0]
C = [set(np.nonzero(W[i])[0].tolist()) for i in range(n)]
Gs = [set(np.nonzero(G[i])[0].tolist()) for i in range(n)]
L = [len(C[i]) + 1 + len(Gs[i]) for i in range(n)]
print(f"{n} rows, {sum(L)} entries (chemical {sum(map(len, C))}, diagonal {n}, gap {sum(map(len, Gs))})")

order = sorted(range(n), key=lambda i: (-L[i], i))
chunks = [order[k:k + 8] for k in range(0, n, 8)]
steps = sum(max(L[i] for i in ch) for ch in chunks)
print(f"1. length-sorted SELL-8 (kept): {len(chunks)} chunks, {steps} steps, {8 * steps} slots "
      f"({100 * (8 * steps - sum(L)) / sum(L):.1f} % padding)")


def union_steps(chs):
    return sum(len(set().union(*[C[i] for i in ch])) + 1 + len(set().union(*[Gs[i] for i in ch]))
               for ch in chs)


def share_hist(chs):
    h = Counter()
    for ch in chs:
        cnt = Counter()
        for i in ch:
            cnt.update(("c", j) for j in C[i])
            cnt.update(("g", j) for j in Gs[i])
        h.update(cnt.values())
    return dict(sorted(h.items()))


rem = set(range(n))
greedy = []
while rem:
    seed = max(rem, key=lambda i: (L[i], -i))
    ch = [seed]
    rem.remove(seed)
    uc, ug = set(C[seed]), set(Gs[seed])
    while len(ch) < 8 and rem:
        best = min(rem, key=lambda i: (len(C[i] - uc) + len(Gs[i] - ug), -L[i], i))
        ch.append(best)
        rem.remove(best)
        uc |= C[best]
        ug |= Gs[best]
    greedy.append(ch)
print(f"2. broadcast sharing: union of columns per chunk, length-sorted chunks {union_steps(chunks)} "
      f"steps, greedy overlap chunks {union_steps(greedy)} steps (against {steps} gather steps)")
print(f"   lanes sharing a column (lanes: columns), length-sorted: {share_hist(chunks)}")
print(f"   greedy overlap: {share_hist(greedy)}")

c = [len(C[i]) for i in range(n)]
g = [len(Gs[i]) for i in range(n)]


def cost(ch):
    return max(c[i] for i in ch) + max(g[i] for i in ch)


random.seed(1)
chs = [list(ch) for ch in chunks]
for _ in range(200000):
    a, b = random.randrange(len(chs)), random.randrange(len(chs))
    if a == b:
        continue
    x, y = random.randrange(len(chs[a])), random.randrange(len(chs[b]))
    before = cost(chs[a]) + cost(chs[b])
    chs[a][x], chs[b][y] = chs[b][y], chs[a][x]
    if cost(chs[a]) + cost(chs[b]) > before:
        chs[a][x], chs[b][y] = chs[b][y], chs[a][x]
print(f"3. diagonal as one vector load: {sum(cost(ch) for ch in chunks)} gather steps length-sorted, "
      f"{sum(cost(ch) for ch in chs)} after the local search (+ {len(chs)} vector loads), "
      f"against {steps} gather steps")
