#!/bin/sh
# Topology benchmark (issue 3), side by side with the Python peers.
#   sh tests/bench/bench_stats.sh [build-dir] [nx-nulls] [igraph-nulls]
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 with
# networkx 2.8 and python-igraph 0.10 for the peers.
# 1. Cook 2019 hermaphrodite, chemical layer (302 neurons, 3671 arcs):
#    `ctome stats` with 1000 Maslov-Sneppen nulls (the whole statistic set:
#    rich-club normalisation and motif z-scores over the nulls, plus paths,
#    modularity consensus and small-world references), on both cores and on one;
#    then tests/bench/stats_peers.py: the same observed set and per-null work
#    (MS rewiring, rich club, triad census) in networkx and python-igraph on
#    one core, timing a few nulls and extrapolating to 1000 (default 3 and 20).
# 2. Scaling: synthetic directed graphs of 1k, 10k and 100k vertices, mean
#    degree 20 (tests/bench/bench_stats.c): 10 nulls with rich club and triad
#    census on both cores, and the global topology (all-pairs paths) up to 10k;
#    wall time and peak memory from /usr/bin/time -v.
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
nxn=${2:-3}
ign=${3:-20}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$b/tools/ctome" export cook2019-herm --layer chemical --format edgelist -o "$out/cook.tsv"

peak() { grep "Maximum resident" "$1" | awk '{print $NF}'; }
wall() { grep "Elapsed (wall" "$1" | awk '{print $NF}'; }

for t in 2 1; do
    /usr/bin/time -v "$b/tools/ctome" stats cook2019-herm --layer chemical --nulls 1000 --threads $t -q \
        > "$out/stats$t.tsv" 2> "$out/time$t"
    echo "ctome stats, 1000 MS nulls, $t thread(s): $(wall "$out/time$t") wall, $(peak "$out/time$t") KB peak"
done
cmp -s "$out/stats1.tsv" "$out/stats2.tsv" && echo "identical output for 1 and 2 threads" ||
    echo "WARNING: output differs between 1 and 2 threads"
/usr/bin/time -v "$b/tools/ctome" stats cook2019-herm --layer chemical --nulls 1 --threads 2 -q \
    > /dev/null 2> "$out/time0"
echo "ctome stats, 1 null (the fixed part: paths, modularity, small world): $(wall "$out/time0") wall"
taskset -c 0 /usr/bin/python3 tests/bench/stats_peers.py "$out/cook.tsv" "$nxn" "$ign"

for n in 1000 10000 100000; do
    full=1
    [ "$n" -gt 10000 ] && full=0
    /usr/bin/time -v "$b/tests/bench/bench_stats" $n 20 10 2 $full > "$out/s$n" 2> "$out/t$n"
    echo "$(cat "$out/s$n") wall=$(wall "$out/t$n") peak_kb=$(peak "$out/t$n")"
done
