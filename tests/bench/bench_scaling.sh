#!/bin/sh
# Scaling of the command line from 1k to 1M vertices (issue 16 §3), stage by
# stage, with the peers where they finish.
#   sh tests/bench/bench_scaling.sh [build-dir] [sizes] [peers]
#   e.g. sh tests/bench/bench_scaling.sh build-rel "1000 10000 100000 1000000" 1
# Build with --buildtype=release.  Inputs: tests/bench/gen_graph N 10N 1
# (directed G(N, M), integer ids, mean total degree 20; gzip from 1M up), in a
# temporary folder.  Each stage is one command under /usr/bin/time -v: wall,
# CPU (user + sys, all threads) and peak RSS of that command:
#   ingest     ctome info FILE (read, build the connectome, summarise)
#   base       ctome stats FILE --nulls 1 --path-sources 2: ingest, the other
#              statistics (degrees, density, reciprocity, clustering,
#              assortativity, spectral radius, Leiden), 1 null; below
#              n x m = 2e9 (1k, 10k here) stats also computes the small-world
#              references (sigma, omega) and consensus Leiden, which dominate
#              "O(m) stats" there; above it, the best of R = 4e6 / m (1..10) Leiden runs of 2
#              iterations (4 at 100k, 1 at 1M) and no sigma/omega
#   paths      the same with --path-sources 256; paths = this - base
#              (254 more BFS sources: the sampled path estimator's cost)
#   nulls      the same as base with --nulls NN+1; nulls = (this - base) / NN
#              per null (NN = 10, or 2 at 1M vertices: stated in the line)
# Peers (peers = 1; Debian's /usr/bin/python3): tests/bench/scaling_peers.py
# times networkx 2.8 and python-igraph 0.10 on the same file, per stage,
# extrapolating swaps and BFS sources from a timed fraction (stated).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
sizes=${2:-"1000 10000 100000 1000000"}
peers=${3:-0}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# measure NAME LOG -- command...: one line "NAME wall_s cpu_s peak_mb"
measure() {
    name=$1 log=$2
    shift 3
    /usr/bin/time -v "$@" > /dev/null 2> "$log" || { echo "FAILED: $*"; tail -3 "$log"; exit 1; }
    awk -v n="$name" '
        /Elapsed \(wall/ { k = split($NF, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
        /User time/ { u = $NF } /System time/ { s = $NF } /Maximum resident/ { r = $NF }
        END { printf "%s %.2f %.2f %.0f\n", n, w, u + s, r / 1024 }' "$log"
}

echo "# stage: wall s, CPU s (user + sys), peak RSS MB; derived stages are differences"
for n in $sizes; do
    m=$((10 * n))
    f="$out/g$n.tsv"
    [ "$n" -ge 1000000 ] && f="$f.gz"
    "$b/tests/bench/gen_graph" "$n" "$m" 1 "$f"
    nn=10
    [ "$n" -ge 1000000 ] && nn=2
    measure ingest "$out/t_in" -- "$b/tools/ctome" info "$f" > "$out/r_in"
    measure base "$out/t_b" -- "$b/tools/ctome" stats "$f" --nulls 1 --path-sources 2 -q > "$out/r_b"
    measure paths "$out/t_p" -- "$b/tools/ctome" stats "$f" --nulls 1 --path-sources 256 -q > "$out/r_p"
    measure nulls "$out/t_n" -- "$b/tools/ctome" stats "$f" --nulls $((nn + 1)) --path-sources 2 -q > "$out/r_n"
    cat "$out/r_in" "$out/r_b" "$out/r_p" "$out/r_n" | awk -v n="$n" -v m="$m" -v nn="$nn" '
        { w[$1] = $2; c[$1] = $3; r[$1] = $4 }
        END {
            printf "ctome n=%d arcs=%d | ingest %.2f s wall %.2f s CPU %d MB", n, m, w["ingest"], c["ingest"], r["ingest"]
            printf " | O(m) stats (base - ingest) %.2f s wall %.2f s CPU, base peak %d MB", w["base"] - w["ingest"], c["base"] - c["ingest"], r["base"]
            printf " | 254 sampled BFS sources %.2f s wall %.2f s CPU, peak %d MB", w["paths"] - w["base"], c["paths"] - c["base"], r["paths"]
            printf " | per null (from %d) %.3f s wall %.3f s CPU, peak %d MB\n", nn, (w["nulls"] - w["base"]) / nn, (c["nulls"] - c["base"]) / nn, r["nulls"]
        }'
    if [ "$peers" = 1 ]; then
        /usr/bin/python3 tests/bench/scaling_peers.py "$f" || echo "peers failed at n=$n"
    fi
    rm -f "$f"
done
