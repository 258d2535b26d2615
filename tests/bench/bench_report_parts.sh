#!/bin/sh
# The report's topology and published-results parts (issue 16 §1, "report
# <= 30 s on 2 cores"): wall and CPU seconds of each piece.
#   sh tests/bench/bench_report_parts.sh [build-dir]     (default build-rel)
# Build with --buildtype=release.  Prints, one line each:
# 1. `ctome reproduce PAPER` for every paper of `ctome reproduce --list`
#    (wall, user + sys CPU; the report's published-results part runs them all);
# 2. bench_nulls 302 100 / 150 (one Maslov-Sneppen null of a 302-vertex graph
#    in the n x n bit matrix: CPU per null and the hash of the nulls' edges);
# 3. bench_report_topo no-motifs: the report's topology statistic set on
#    every layer, its `total` row (CPU seconds);
# 4. `ctome report -o DIR`: wall, user + sys, and the footer's per-part table.
set -e
cd "$(dirname "$0")/../.."
b=${1:-build-rel}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for p in $("$b/tools/ctome" reproduce --list | cut -f1); do
    /usr/bin/time -f "reproduce $p: %e s wall, %U + %S s CPU" "$b/tools/ctome" reproduce "$p" \
        > "$out/$p.tsv" 2> "$out/$p.err" || { cat "$out/$p.err"; exit 1; }
    tail -n 1 "$out/$p.err"
done
"$b/tests/bench/bench_nulls" 302 100 3
"$b/tests/bench/bench_nulls" 302 150 3
"$b/tests/bench/bench_report_topo" no-motifs | grep '^total'
/usr/bin/time -f "ctome report: %e s wall, %U + %S s CPU, %M KB peak" "$b/tools/ctome" report -o "$out/rep" \
    > /dev/null 2> "$out/report.err" || { cat "$out/report.err"; exit 1; }
tail -n 1 "$out/report.err"
sed -n '/id="timing"/,/<\/table>/p' "$out/rep/index.html" | sed 's/<[^>]*>/ /g; s/  */ /g'
