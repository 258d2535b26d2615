"""Reference values for node scope (tests/test_scope.c, tests/test_cli_scope.sh).

Graphs whose nodes are not C. elegans cell names must be analysed whole
(ctome's automatic node scope).  This script

  * writes the fixtures tests/fixtures/scope/karate.graphml (networkx's own
    GraphML of Zachary's karate club, edge attribute "weight") and
    tests/fixtures/scope/karate.csv (the same edges as an integer-id
    "source,target,weight" list);
  * prints networkx's values for them and for the bundled Watts & Strogatz
    network data/connectome/newman_celegansneural/celegansneural.gml
    (undirected simple view, as Watts & Strogatz 1998 analyse it).

Rerun: /usr/bin/python3 tests/ref/scope_ref.py > tests/ref/scope_ref.txt
(networkx 2.8; deterministic).  Values print with repr (shortest round trip).
"""
import os
import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures", "scope")


def measures(tag, g):
    u = nx.Graph(g)  # undirected simple view (arcs u->v, v->u become one edge)
    u.remove_edges_from(list(nx.selfloop_edges(u)))
    print(f"{tag} n {u.number_of_nodes()}")
    print(f"{tag} m_und {u.number_of_edges()}")
    print(f"{tag} transitivity {nx.transitivity(u)!r}")
    print(f"{tag} average_clustering {nx.average_clustering(u)!r}")
    print(f"{tag} char_path_length {nx.average_shortest_path_length(u)!r}")
    print(f"{tag} global_efficiency {nx.global_efficiency(u)!r}")
    print(f"{tag} degree_assortativity {nx.degree_assortativity_coefficient(u)!r}")


def main():
    os.makedirs(FIX, exist_ok=True)
    k = nx.karate_club_graph()
    nx.write_graphml(k, os.path.join(FIX, "karate.graphml"))
    with open(os.path.join(FIX, "karate.csv"), "w") as f:
        f.write("source,target,weight\n")
        for a, b, d in sorted(k.edges(data=True)):
            f.write(f"{a},{b},{d['weight']}\n")
    g = nx.read_graphml(os.path.join(FIX, "karate.graphml"))
    measures("karate", g)
    print(f"karate total_weight {sum(d['weight'] for _, _, d in g.edges(data=True))!r}")
    w = nx.read_gml(os.path.join(ROOT, "data", "connectome", "newman_celegansneural",
                                 "celegansneural.gml"), label="id")
    print(f"newman directed_arcs {nx.DiGraph(w).number_of_edges()}")
    measures("newman", w)


if __name__ == "__main__":
    main()
