#!/bin/sh
# Memory and time of the Leiden consensus (issue 16 §3): `ctome stats` on a
# synthetic directed G(N, 10 N) graph (tests/bench/gen_graph N 10N 1), below
# the large-graph size, so it computes the consensus over 100 Leiden runs
# (and the exact paths and small-world references, as stats does there).
#   sh tests/bench/bench_consensus.sh [build-dir] [sizes]
#   e.g. sh tests/bench/bench_consensus.sh build-rel "5000 10000"
# One line per size: "consensus n=N arcs=M | W s wall C s CPU (user + sys) | peak R MB"
# from /usr/bin/time -v, and the modularity line of the JSON (partition,
# runs, Q, modules) so that two builds can be compared for identity.
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
sizes=${2:-"10000"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for n in $sizes; do
    m=$((10 * n))
    "$b/tests/bench/gen_graph" "$n" "$m" 1 "$out/g.tsv"
    /usr/bin/time -v "$b/tools/ctome" stats "$out/g.tsv" --nulls 1 --json -q > "$out/r.json" 2> "$out/t" ||
        { echo "FAILED at n=$n"; tail -3 "$out/t"; exit 1; }
    awk -v n="$n" -v m="$m" '
        /Elapsed \(wall/ { k = split($NF, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
        /User time/ { u = $NF } /System time/ { s = $NF } /Maximum resident/ { r = $NF }
        END { printf "consensus n=%d arcs=%d | %.2f s wall %.2f s CPU | peak %.0f MB\n", n, m, w, u + s, r / 1024 }' "$out/t"
    grep -E '"modularity_(q|partition|runs)"|"n_modules"' "$out/r.json" | tr -d ' \n'
    echo
done
