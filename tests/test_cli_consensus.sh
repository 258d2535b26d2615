#!/bin/sh
# CLI test of the consensus's memory budget (lib/analysis/modularity.h,
# CTOME_CONSENSUS_MAX_BYTES = 512 MiB): a graph just above it gets the
# best-Q run, says so on stderr and in the output, and still exits 0.
# optional features (tests/cli_common.sh): none
CTOME_NEEDS=""
. "${CTOME_TESTS:?}/cli_common.sh"

# 16385 disjoint edges: 32770 vertices, one above the 32768 that 100 runs'
# one-byte counters allow (32770 x 32769 / 2 = 536920065 bytes > 536870912).
# n x m = 5.4e8 is below the large-graph size, so the consensus is asked for;
# every path, null and reference stays inside a 2-vertex component (cheap).
awk 'BEGIN { for (i = 0; i < 16385; i++) printf "%d\t%d\n", 2 * i, 2 * i + 1 }' > "$t/match.tsv"
expect 0 "match.tsv chemical: 32770 nodes: no consensus: its co-assignment counts (n(n-1)/2 pairs x 1 byte for 100 runs) need 536920065 bytes, above the budget of 536870912 (512 MiB: n <= 32768 for <= 255 runs, 23170 for more); modularity = best of 100 Leiden runs" \
    -- "$bin" stats "$t/match.tsv" --nulls 1 --sw-refs 1 --json
# each edge is its own module: 16385 modules, Q = 1 - 16385 x (2/32770)^2
grep -q '"modularity_partition": "best_of_runs"' "$t/out" && grep -q '"n_modules": 16385,' "$t/out" &&
    grep -q '"modularity_why": "no consensus: its co-assignment counts' "$t/out" && ok ||
    bad "JSON lacks best_of_runs / 16385 modules / modularity_why: $(grep modularity "$t/out")"
q=$(sed -n 's/.*"modularity_q": \([0-9.e-]*\),.*/\1/p' "$t/out")
awk -v q="$q" 'BEGIN { w = 1 - 16385 * (2 / 32770) ^ 2; exit !(q - w < 1e-12 && w - q < 1e-12) }' && ok ||
    bad "modularity_q $q, want 1 - 1/16385"
# TSV: the modularity_partition column; --quiet keeps stderr empty
expect 0 "" -- "$bin" stats "$t/match.tsv" --nulls 1 --sw-refs 1 -q
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { print $c["modularity_partition"] }' \
    "$t/out" | grep -qx best_of_runs && ok || bad "TSV modularity_partition is not best_of_runs"
[ ! -s "$t/err" ] && ok || bad "--quiet printed: $(cat "$t/err")"

# 32768 vertices and below: the consensus (16384 disjoint edges, 536854528 bytes)
head -n 16384 "$t/match.tsv" > "$t/fit.tsv"
expect 0 "" -- "$bin" stats "$t/fit.tsv" --nulls 1 --sw-refs 1 --json
grep -q '"modularity_partition": "consensus"' "$t/out" && ! grep -q "no consensus" "$t/err" "$t/out" && ok ||
    bad "32768 vertices: no consensus: $(cat "$t/err")"

cli_done
