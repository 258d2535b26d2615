#!/bin/sh
# The slow suite (meson test -C build --suite slow; not in tests/run.sh's
# default run): a million-arc graph through the command line (issue 16 §3).
# gen_graph writes a directed G(N, M) graph of integer ids (default 100 000
# vertices, 1 000 000 arcs; smaller under the sanitizers: CTOME_BIG_N/_M);
# `ctome stats FILE --nulls 10 --json` must give, against values computed
# here from the file with awk alone:
#   n_nodes (distinct ids), n_edges = M, density M / (n (n-1)),
#   reciprocity (arcs whose reverse is listed / M);
#   the sampled path estimator (n x m above 2e9), said on stderr;
#   the triad census and the degree-preserving nulls: every 3-node motif
#   class c holds a fixed number of out-neighbour pairs o_c (021D 1, 111U 1,
#   030T 1, 201 1, 120D 1, 120U 2, 120C 1, 210 2, 300 3, others 0) and
#   in-neighbour pairs i_c (021U 1, 111D 1, 030T 1, 201 1, 120D 2, 120U 1,
#   120C 1, 210 2, 300 3), so sum_c o_c count_c = sum_v C(out_v, 2) and
#   sum_c i_c count_c = sum_v C(in_v, 2) — for the graph, and for the mean of
#   nulls that keep every in/out degree (exactly: every null has the same
#   sums);
#   Leiden's run count and iterations (the large-graph rule, from E);
#   the rich club at k = 0: phi(0) = 2E / (N (N-1)) over the undirected
#   simple view (E = M - mutual pairs, N = n), and its null mean equal to it
#   (undirected degrees kept).
# Not a timed test: time and memory are measured by tests/bench/bench_scaling.sh.
# optional features (tests/cli_common.sh): none
CTOME_NEEDS=""
. "${CTOME_TESTS:?}/cli_common.sh"
gen=${CTOME_GEN_GRAPH:?set CTOME_GEN_GRAPH to tests/bench/gen_graph}
N=${CTOME_BIG_N:-100000}
M=${CTOME_BIG_M:-1000000}
f="$t/g.tsv"

expect 0 "" -- "$gen" "$N" "$M" 7 "$f"
[ "$(wc -l < "$f")" -eq "$M" ] && ok || bad "gen_graph wrote $(wc -l < "$f") arcs, want $M"

# references from the file
awk '
{ o[$1]++; i[$2]++; seen[$1] = 1; seen[$2] = 1; arc[$1 " " $2] = 1 }
END {
    for (v in seen) n++
    for (v in o) so += o[v] * (o[v] - 1) / 2
    for (v in i) si += i[v] * (i[v] - 1) / 2
    for (a in arc) { split(a, p, " "); if ((p[2] " " p[1]) in arc) mut++ }
    printf "%d %d %.0f %.0f\n", n, mut, so, si
}' "$f" > "$t/ref"
read n mut so si < "$t/ref"
echo "reference: n $n, arcs with a reverse $mut, out-pairs $so, in-pairs $si"

close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; exit !(d <= t * (s > 1 ? s : 1)) }'; }
# jval KEY: the first scalar "KEY": value of the JSON on $t/out
jval() { sed -n "s/^ *\"$1\": \\([^,{[]*\\),\\{0,1\\}\$/\\1/p" "$t/out" | head -n 1 | tr -d '"'; }

expect 0 "" -- "$bin" stats "$f" --nulls 10 --json
cp "$t/err" "$t/stats.err"
[ "$(jval n_nodes)" = "$n" ] && ok || bad "n_nodes $(jval n_nodes), want $n"
[ "$(jval n_edges)" = "$M" ] && ok || bad "n_edges $(jval n_edges), want $M"
close "$(jval density)" "$(awk -v m="$M" -v n="$n" 'BEGIN { printf "%.17g", m / (n * (n - 1)) }')" 1e-12 && ok ||
    bad "density $(jval density)"
close "$(jval reciprocity)" "$(awk -v r="$mut" -v m="$M" 'BEGIN { printf "%.17g", r / m }')" 1e-12 && ok ||
    bad "reciprocity $(jval reciprocity), want $mut / $M"
[ "$(jval estimate)" = "sampled" ] && ok || bad "path measures not sampled: $(jval estimate)"
grep -q "sampled" "$t/stats.err" && ok || bad "stderr does not say the path measures are sampled"
grep -q '"n": 10,' "$t/out" && ok || bad "not 10 nulls"

# the motif census and its nulls: out-/in-neighbour pairs
awk '
BEGIN { split("1 0 0 0 1 1 0 1 1 2 1 2 3", wo, " "); split("0 1 0 1 0 1 0 1 2 1 1 2 3", wi, " ") }
/"motifs": \{/ { inm = 1 }
inm && /"counts": \[/ { arr = "c"; k = 0; next }
inm && /"null_mean": \[/ { arr = "m"; k = 0; next }
arr != "" && /\]/ { arr = ""; next }
arr != "" { gsub(/[ ,]/, ""); k++; if (arr == "c") { co += wo[k] * $0; ci += wi[k] * $0 } else { mo += wo[k] * $0; mi += wi[k] * $0 } }
END { printf "%.17g %.17g %.17g %.17g %d\n", co, mo, ci, mi, k }' "$t/out" > "$t/mot"
read co mo ci mi k < "$t/mot"
echo "motifs: out-pairs $co (null mean $mo), in-pairs $ci (null mean $mi)"
close "$co" "$so" 0 && ok || bad "census out-pairs $co, want sum C(out, 2) = $so"
close "$ci" "$si" 0 && ok || bad "census in-pairs $ci, want sum C(in, 2) = $si"
close "$mo" "$so" 1e-12 && ok || bad "null mean out-pairs $mo, want $so (out-degrees not kept)"
close "$mi" "$si" 1e-12 && ok || bad "null mean in-pairs $mi, want $si (in-degrees not kept)"

# the rich club at k = 0 and its nulls
phi0=$(awk -v m="$M" -v r="$mut" -v n="$n" 'BEGIN { e = m - r / 2; printf "%.17g", 2 * e / (n * (n - 1)) }')
awk '/"rich_club": \{/ { in_rc = 1 } in_rc && /"phi": \[/ { getline; gsub(/[ ,]/, ""); print; exit }' "$t/out" > "$t/phi"
awk '/"rich_club": \{/ { in_rc = 1 } in_rc && /"phi_null_mean": \[/ { getline; gsub(/[ ,]/, ""); print; exit }' "$t/out" > "$t/phin"
close "$(cat "$t/phi")" "$phi0" 1e-12 && ok || bad "rich club phi(0) $(cat "$t/phi"), want $phi0"
close "$(cat "$t/phin")" "$phi0" 1e-12 && ok || bad "rich club null mean phi(0) $(cat "$t/phin"), want $phi0"

# Leiden in the large-graph mode (lib/analysis/stats.h): 2 iterations a run and
# floor(4e6 / E) runs, E = undirected edges = M - mutual pairs, in 1..10
# (100k vertices / 1M arcs: E = 999 947, 4 runs)
runs=$(awk -v m="$M" -v r="$mut" 'BEGIN { k = int(4000000 / (m - r / 2)); print k < 1 ? 1 : k > 10 ? 10 : k }')
[ "$(jval modularity_runs)" = "$runs" ] && ok || bad "modularity_runs $(jval modularity_runs), want $runs"
[ "$(jval modularity_iterations)" = 2 ] && ok || bad "modularity_iterations $(jval modularity_iterations), want 2"
[ "$(jval modularity_partition)" = best_of_runs ] && ok || bad "modularity_partition $(jval modularity_partition)"
grep -q "modularity = best of $runs Leiden runs of 2 iterations (no consensus; runs = 4000000 / edges, 1..10)" \
    "$t/stats.err" && ok || bad "stderr does not state the Leiden runs: $(cat "$t/stats.err")"

# info: the count and the first names, not every one of n
expect 0 "# $n names are neither registry neurons nor known cells: " -- "$bin" info "$f"
grep -q "($((n - 20)) more; 'ctome info --json' lists them all)" "$t/out" && ok || bad "info lists every name"
[ "$(wc -c < "$t/out")" -lt 2000 ] && ok || bad "info printed $(wc -c < "$t/out") bytes"

cli_done
