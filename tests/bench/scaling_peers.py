#!/usr/bin/python3
"""Peers of tests/bench/bench_scaling.sh: networkx 2.8 and python-igraph 0.10
(Debian's /usr/bin/python3) on the same gen_graph file, per stage, one core:
  ingest  read the edge list into a directed graph
  O(m)    density and reciprocity
  paths   BFS from sources of the undirected view, timed on a few sources and
          scaled to 254 (the difference bench_scaling.sh measures for ctome)
  null    one Maslov-Sneppen null of 10 swaps per arc, timed on a fraction of
          the swaps and scaled (networkx: the Python two-arc swap loop of
          stats_peers.py over G.edges(), as networkx 2.8 has no directed
          swap; igraph:
          rewire(mode="simple"), trials = swaps / its acceptance, which is
          about 1 on these sparse graphs)
Peak memory: ru_maxrss of this process after each peer (cumulative).
networkx is skipped above 100 000 vertices (a 10M-arc DiGraph needs several GB).
"""
import gzip
import resource
import sys
import time

import os
import random

import igraph as ig
import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stats_peers  # noqa: E402  (its Python two-arc swap loop: networkx 2.8 has no directed swap)


def lines(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        for line in f:
            a, b = line.split()
            yield int(a), int(b)


def cpu():
    return time.process_time()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path):
    edges = None
    # igraph
    t0 = cpu()
    edges = list(lines(path))
    n = 1 + max(max(e) for e in edges)
    g = ig.Graph(n=n, edges=edges, directed=True)
    t_in = cpu() - t0
    m = g.ecount()
    t0 = cpu()
    g.density()
    g.reciprocity()
    t_om = cpu() - t0
    u = g.as_undirected(mode="collapse")
    k = 256 if n <= 10000 else 16
    t0 = cpu()
    for s in range(k):
        u.distances(source=[s * (n // k)])
    t_p = (cpu() - t0) * 254 / k
    h = g.copy()
    frac = 1.0 if m <= 1000000 else 0.1
    t0 = cpu()
    h.rewire(n=int(10 * m * frac), mode="simple")
    t_null = (cpu() - t0) / frac
    print("python-igraph n=%d arcs=%d | ingest %.2f s CPU | O(m) %.3f s | 254 BFS sources %.2f s (%d timed) "
          "| per null %.3f s (%s of the swaps timed) | peak %d MB"
          % (n, m, t_in, t_om, t_p, k, t_null, "all" if frac == 1 else "1/10", peak_mb()))
    del g, h, u
    if n > 100000:
        print("networkx n=%d: not run (memory)" % n)
        return
    t0 = cpu()
    G = nx.DiGraph()
    G.add_edges_from(edges)
    t_in = cpu() - t0 + 0.0
    t0 = cpu()
    nx.density(G)
    nx.overall_reciprocity(G)
    t_om = cpu() - t0
    U = G.to_undirected()
    k = 16 if n <= 10000 else 4
    t0 = cpu()
    for s in range(k):
        nx.single_source_shortest_path_length(U, s * (n // k))
    t_p = (cpu() - t0) * 254 / k
    swaps = min(10 * m, 20000)
    stats_peers.SWAPS = swaps / m
    t0 = cpu()
    stats_peers.ms_swaps(G.edges(), random.Random(1))
    t_null = (cpu() - t0) * (10 * m) / swaps
    print("networkx n=%d arcs=%d | ingest %.2f s CPU (parsed by the igraph step) | O(m) %.3f s | 254 BFS sources "
          "%.2f s (%d timed) | per null %.1f s (%d swaps timed) | peak %d MB"
          % (n, m, t_in, t_om, t_p, k, t_null, swaps, peak_mb()))


if __name__ == "__main__":
    main(sys.argv[1])
