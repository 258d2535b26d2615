#!/usr/bin/python3
"""The statistic set of `ctome stats` with Maslov-Sneppen nulls, in networkx 2.8
and python-igraph 0.10 (Debian's /usr/bin/python3), for the side-by-side
benchmark tests/bench/bench_stats.sh.

    /usr/bin/python3 tests/bench/stats_peers.py EDGELIST.tsv NX_NULLS IGRAPH_NULLS

EDGELIST: `ctome export <id> --layer chemical --format edgelist` (source, target,
weight; directed).  For each peer:
  observed: transitivity, average clustering, characteristic path length (LCC),
            global efficiency, degree assortativity, spectral radius, rich club
            phi(k), triad census (13 connected classes);
  per null: directed Maslov-Sneppen rewiring with 10 successful swaps per arc
            (in/out degrees kept, no self-loops or repeated arcs), then the
            rich-club curve of the undirected view and the triad census --
            what `ctome stats` computes per null.
Few nulls are timed and the per-null time is extrapolated to 1000 nulls (the
script prints both).  One core (the peers are single-threaded).
"""
import random
import sys
import time

import igraph as ig
import networkx as nx
import numpy as np

SWAPS = 10


def load(path):
    edges = []
    with open(path) as f:
        next(f)
        for line in f:
            a, b, _ = line.rstrip("\n").split("\t")
            if a != b:
                edges.append((a, b))
    return edges


def ms_swaps(arcs, rng):
    """Directed Maslov-Sneppen: a->b, c->d become a->d, c->b."""
    arcs = list(arcs)
    present = set(arcs)
    m = len(arcs)
    target, done, tries = SWAPS * m, 0, 0
    while done < target and tries < 100 * target:
        tries += 1
        i, j = rng.randrange(m), rng.randrange(m)
        a, b = arcs[i]
        c, d = arcs[j]
        if a == d or c == b or (a, d) in present or (c, b) in present:
            continue
        present.discard((a, b))
        present.discard((c, d))
        present.add((a, d))
        present.add((c, b))
        arcs[i], arcs[j] = (a, d), (c, b)
        done += 1
    return arcs


def nx_observed(G):
    U = G.to_undirected()
    lcc = U.subgraph(max(nx.connected_components(U), key=len))
    A = nx.to_numpy_array(G, weight=None)
    return dict(
        transitivity=nx.transitivity(U),
        average_clustering=nx.average_clustering(U),
        char_path_length=nx.average_shortest_path_length(lcc),
        global_efficiency=nx.global_efficiency(U),
        assortativity=nx.degree_assortativity_coefficient(U),
        spectral_radius=max(abs(np.linalg.eigvals(A))),
        rich_club=nx.rich_club_coefficient(U, normalized=False),
        triads=nx.triadic_census(G),
    )


def nx_null(G, rng):
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_edges_from(ms_swaps(G.edges(), rng))
    U = H.to_undirected()
    return nx.rich_club_coefficient(U, normalized=False), nx.triadic_census(H)


def ig_rich_club(U):
    deg = np.array(U.degree())
    el = np.array(U.get_edgelist())
    lo = np.minimum(deg[el[:, 0]], deg[el[:, 1]])
    out = []
    for k in range(deg.max()):
        nk = int((deg > k).sum())
        if nk < 2:
            break
        out.append(2.0 * (lo > k).sum() / (nk * (nk - 1)))
    return out


def ig_observed(g):
    U = g.as_undirected(mode="collapse")
    lcc = U.components().giant()
    d = np.array(U.distances(), dtype=float)
    np.fill_diagonal(d, np.inf)
    n = U.vcount()
    return dict(
        transitivity=U.transitivity_undirected(),
        average_clustering=U.transitivity_avglocal_undirected(mode="zero"),
        char_path_length=lcc.average_path_length(),
        global_efficiency=(1.0 / d).sum() / (n * (n - 1)),
        assortativity=U.assortativity_degree(directed=False),
        spectral_radius=max(abs(np.linalg.eigvals(np.array(g.get_adjacency().data, dtype=float)))),
        rich_club=ig_rich_club(U),
        triads=list(g.triad_census()),
    )


def ig_null(g):
    h = g.copy()
    # igraph's rewire counts attempted trials; Debian's 0.10 keeps the graph
    # simple and the in/out degrees.  Trials chosen so that about SWAPS x m
    # succeed (the acceptance rate measured on this graph).
    h.rewire(n=int(SWAPS * g.ecount() / IG_ACCEPT), mode="simple")
    U = h.as_undirected(mode="collapse")
    return ig_rich_club(U), list(h.triad_census())


IG_ACCEPT = 1.0


def main():
    global IG_ACCEPT
    path, nx_n, ig_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    edges = load(path)
    G = nx.DiGraph(edges)
    print(f"graph: {G.number_of_nodes()} vertices, {G.number_of_edges()} arcs")
    rng = random.Random(1)

    t = time.perf_counter()
    obs = nx_observed(G)
    t_obs = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(nx_n):
        nx_null(G, rng)
    t_null = (time.perf_counter() - t) / nx_n
    print(f"networkx {nx.__version__}: observed set {t_obs:.3f} s; {nx_n} nulls timed, "
          f"{1e3 * t_null:.1f} ms per null; extrapolated to 1000 nulls: {t_obs + 1000 * t_null:.1f} s "
          f"(transitivity {obs['transitivity']:.6f}, path length {obs['char_path_length']:.6f})")

    names = sorted(G.nodes())
    idx = {v: i for i, v in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(idx[a], idx[b]) for a, b in G.edges()], directed=True)
    # acceptance rate of igraph's trials (measured once, not timed)
    ig.set_random_number_generator(random.Random(1))
    probe = g.copy()
    before = set(probe.get_edgelist())
    probe.rewire(n=g.ecount(), mode="simple")
    IG_ACCEPT = max(0.05, len(before - set(probe.get_edgelist())) / g.ecount())
    t = time.perf_counter()
    obs = ig_observed(g)
    t_obs = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(ig_n):
        ig_null(g)
    t_null = (time.perf_counter() - t) / ig_n
    print(f"python-igraph {ig.__version__}: observed set {t_obs:.3f} s; {ig_n} nulls timed, "
          f"{1e3 * t_null:.2f} ms per null; extrapolated to 1000 nulls: {t_obs + 1000 * t_null:.1f} s "
          f"(transitivity {obs['transitivity']:.6f}, path length {obs['char_path_length']:.6f})")


if __name__ == "__main__":
    main()
