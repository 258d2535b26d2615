#!/bin/sh
# CLI tests of the topology statistics that follow their papers (issue 11,
# items 1, 3, 4): Towlson's rich club and its significant k range, nulls
# that follow the measure, the parts of sigma and omega.
# optional features (tests/cli_common.sh): none (FreeXL for the varshney2011 cases)
CTOME_NEEDS=""
. "${CTOME_TESTS:?}/cli_common.sh"

# varshney2011 (.xls) needs FreeXL: its cases run under `has freexl`.
if has freexl; then
# --- rich club (Towlson et al. 2013 J Neurosci 33:6380) -------------------
# Their club of Varshney's chemical + gap-junction network (279 neurons, 2287
# edges): AVAL/R, AVBL/R, AVDL/R, AVEL/R, PVCL/R, DVA.  Default nulls and rule.
expect 0 "" -- "$bin" stats varshney2011 --layer chemical+electrical --nodes -q
awk -F'\t' 'NR > 1 && $NF == "true" { print $3 }' "$t/out" | sort | tr '\n' ' ' > "$t/club"
[ "$(cat "$t/club")" = "AVAL AVAR AVBL AVBR AVDL AVDR AVEL AVER DVA PVCL PVCR " ] && ok ||
    bad "rich club of varshney2011 chemical+electrical is not Towlson's 11: $(cat "$t/club")"
# --sw-refs 1 where sigma and omega are not checked: their references (40 %
# of a run) do not touch the rich club's nulls (other random streams)
expect 0 "" -- "$bin" stats varshney2011 --layer chemical+electrical -q --sw-refs 1
# columns: rich_club_k, _k_from, _members, _significant_k (highest run 39-52: Towlson 44 <= k < 53)
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
            NR == 2 { print $c["n_nodes"], $c["n_edges"], $c["rich_club_k"], $c["rich_club_k_from"],
                      $c["rich_club_members"], $c["rich_club_significant_k"] }' "$t/out" > "$t/rc"
grep -q "^279 2287 39 auto 11 .*39-52$" "$t/rc" && ok || bad "rich-club row: $(cat "$t/rc")"
expect 0 "" -- "$bin" stats varshney2011 --layer chemical+electrical -q --rich-k 50 --nodes
# degree > 50: DVA (50) and AVDL (44) leave
[ "$(awk -F'\t' 'NR > 1 && $NF == "true"' "$t/out" | wc -l)" -eq 9 ] && ok || bad "--rich-k 50 does not give 9 neurons"
expect 0 '"level_rule": "user (--rich-k)"' -- "$bin" stats varshney2011 --layer chemical+electrical -q \
    --rich-k 50 --nulls 5 --json --sw-refs 1
grep -q '"rich_club_members": 9,' "$t/out" && grep -q '"rich_club_k": 50,' "$t/out" &&
    grep -q '"rich_club_k_from": "user"' "$t/out" && ok || bad "--rich-k 50 JSON members not 9"
grep -q '"rich_club_z_crit":' "$t/out" && grep -q '"rich_club_significant_k":' "$t/out" && grep -q '"rule": "significant(k)' \
    "$t/out" && ok || bad "rich-club significance rule, z_crit or ranges missing from JSON"
# too few nulls for the z test: said on stderr, nobody marked
expect 0 "no rich-club level is significant (5 nulls; the test needs at least 20)" -- "$bin" stats varshney2011 \
    --layer chemical+electrical --nulls 5 --nodes --sw-refs 2
[ "$(awk -F'\t' 'NR > 1 && $NF == "true"' "$t/out" | wc -l)" -eq 0 ] && ok || bad "5 nulls still marked a rich club"
# the per-neuron table has no small-world columns: --sw-refs is said to have no effect
grep -q "^ctome stats: --sw-refs and --sw-reference have no effect with --nodes (the per-neuron table has no" \
    "$t/err" && ok || bad "--nodes --sw-refs 2: no note: $(cat "$t/err")"
expect 2 "--rich-k -3: out of range (a whole number in 0..1000000)" -- "$bin" stats varshney2011 --rich-k -3
expect 2 "--rich-k big: not a whole number in 0..1000000" -- "$bin" stats varshney2011 --rich-k big

# --- nulls follow the measure (item 3) -------------------------------------
# Rich club of a directed layer against undirected-simple-graph nulls: phi_norm(0) = 1.
expect 0 "" -- "$bin" stats varshney2011 --layer chemical -q --nulls 20 --json --sw-refs 1
grep -A1 '"phi_norm": \[' "$t/out" | tail -1 | grep -Eq '^ *(1\.0|0\.99999999999)' && ok ||
    bad "phi_norm(0) of varshney2011 chemical is not 1: $(grep -A1 '"phi_norm": \[' "$t/out" | tail -1)"
grep -q '"null_motifs": "directed, in/out degrees and mutual dyads kept' "$t/out" && ok ||
    bad "stats JSON does not name the motif null"
expect 0 "in/out degrees and mutual dyads kept" -- "$bin" nulls varshney2011 --null-model ms -n 2 --keep-mutual \
    -o "$t/nm.h5" --threads 1
grep -q "maslov-sneppen+mutual_seed1" "$t/err" && ok || bad "nulls --keep-mutual run id"
expect 0 "mutual dyads not" -- "$bin" nulls varshney2011 --null-model ms -n 2 -o "$t/nd.h5" --threads 1

# --- small world (item 4) -------------------------------------------------
expect 0 "" -- "$bin" stats varshney2011 --layer chemical+electrical -q --nulls 5 --json
for k in '"sw_C":' '"sw_L":' '"sw_C_rand":' '"sw_L_rand":' '"sw_C_latt":' '"sw_C_definition": "average local clustering' \
         '"sw_reference": "degree"' '"sw_refs": 10'; do
    grep -q "$k" "$t/out" && ok || bad "stats small_world lacks $k"
done
expect 0 "" -- "$bin" stats varshney2011 --layer chemical+electrical -q --nulls 5 --sw-reference gnm --sw-refs 3
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
            NR == 2 { print $c["sw_reference"], $c["sw_refs"], $c["sw_C"] }' "$t/out" > "$t/sw"
# C of the union: 0.337134 (networkx average_clustering on the same 2287 edges)
grep -q "^gnm 3 0.337134$" "$t/sw" && ok || bad "small-world columns: $(cat "$t/sw")"
expect 2 "--sw-reference must be degree or gnm, not 'lattice'" -- "$bin" stats varshney2011 --sw-reference lattice
expect 2 "--sw-refs 0: out of range (a whole number in 1..100000)" -- "$bin" stats varshney2011 --sw-refs 0
fi

# --- large-graph mode follows the graph, not --path-sources -----------------
# A directed ring of 50 000 ids: n x m = 2.5e9 is above the exact size, so the
# small-world references (a lattice reference of 50 000 vertices would run for
# hours) and the consensus matrix (n x n) are skipped even when the sources are
# given with --path-sources.
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "%d\t%d\n", i, (i + 1) % 50000 }' > "$t/ring.tsv"
expect 0 "sigma/omega not computed" -- "$bin" stats "$t/ring.tsv" --nulls 1 --path-sources 2 --json
grep -q '"small_world_skipped"' "$t/out" && ok || bad "ring with --path-sources: small world not skipped"
grep -q '"path_sources": 2,' "$t/out" && ok || bad "ring with --path-sources 2: $(grep path_sources "$t/out")"
# Leiden in the large mode (stats.h): 2 iterations a run, 4e6 / 50 000 edges =
# 80 runs capped at 10, best of them; said in the JSON and on stderr
grep -q '"modularity_iterations": 2,' "$t/out" && ok || bad "ring: $(grep modularity_iterations "$t/out")"
grep -q '"modularity_runs": 10,' "$t/out" && ok || bad "ring: $(grep modularity_runs "$t/out")"
grep -q '"modularity_partition": "best_of_runs",' "$t/out" && ok || bad "ring: $(grep modularity_partition "$t/out")"
grep -q "modularity = best of 10 Leiden runs of 2 iterations (no consensus; runs = 4000000 / edges, 1..10)" \
    "$t/err" && ok || bad "ring: stderr note on Leiden: $(cat "$t/err")"

cli_done
