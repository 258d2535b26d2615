#!/bin/sh
# CLI tests of one output convention (issue 13, items 8 and 9) in stats,
# nulls, structfunc, rsa, activity, dfc and reproduce: --json on every one of
# them with the keys of the text output, one table (or key<TAB>value list) per
# stream with notes on stderr, --quiet accepted, old option spellings that
# still work and say so once.  Values are the bundled data's, checked where
# other tests derived them (varshney2011 chemical: 279 neurons, 2194 arcs in
# the neurons scope; atanas2023-sample: 98 neurons, 1600 samples).
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?}/cli_common.sh"
rf="${CTOME_TESTS:?}/fixtures/rsa/folds.csv"

# keys FILE: the top-level keys of a JSON object (indent 2, docs/cli.md
# "Conventions"), in order (jansson keeps insertion order).
keys() { sed -n 's/^  "\([A-Za-z0-9_]*\)":.*/\1/p' "$1"; }

# --- nulls: --json, --nulls/--null-model, the old spellings ---------------
expect 0 "" -- "$bin" nulls varshney2011 --nulls 3 --null-model maslov-sneppen --seed 7 --threads 1 \
    -o "$t/n.h5" --json --quiet
for kv in '"dataset": "varshney2011"' '"layer": "chemical"' '"directed": true' '"null_model": "maslov-sneppen"' \
          '"keep_mutual": false' '"n_nulls": 3' '"seed": 7' '"n_vertices": 279' '"n_edges": 2194' \
          '"swaps_per_edge_target": 10' '"swaps_per_edge": 10' '"accepted_fraction": 0.' \
          "\"output\": \"$t/n.h5\"" '"group": "/runs/nulls/varshney2011_chemical_maslov-sneppen_seed7"' \
          '"node_scope": "neurons"'; do
    grep -q "$kv" "$t/out" && ok || bad "nulls --json lacks $kv"
done
[ -s "$t/n.h5" ] && ok || bad "nulls --json wrote no store"
[ ! -s "$t/err" ] && ok || bad "nulls --quiet wrote to stderr: $(cat "$t/err")"
grep -v '"output":' "$t/out" > "$t/n.json"
# the old spellings work (with --quiet too), warn once each, and draw the same nulls
expect 0 "--model is now --null-model" -- "$bin" nulls varshney2011 --n 3 --model ms --model ms --seed 7 \
    --threads 1 -o "$t/n_old.h5" --quiet --json
[ "$(grep -c 'is now --null-model' "$t/err")" -eq 1 ] && ok || bad "--model warned $(grep -c 'is now' "$t/err") times"
grep -q -- "--n is now --nulls" "$t/err" && ok || bad "--n does not warn"
grep -v '"output":' "$t/out" | cmp -s - "$t/n.json" && ok ||
    bad "--model/--n and --null-model/--nulls draw different nulls"
expect 2 "--nulls N (the number of nulls) is required" -- "$bin" nulls varshney2011 -o "$t/n2.h5"
no_file "$t/n2.h5"

# --- activity: --json rows carry the TSV's columns; one table on stdout ----
expect 0 "" -- "$bin" activity atanas2023-sample scholz2018-gfp --dt 0.2 --min-length 2300 -o "$t/a.h5" --quiet
[ "$(wc -l < "$t/out")" -eq 2 ] && ok || bad "activity stdout is not one header + one row: $(cat "$t/out")"
head -1 "$t/out" | tr '\t' '\n' > "$t/a_cols"
grep -q "skipped scholz2018-gfp: 2199 samples at dt = 0.2 s" "$t/err" && ok || bad "skipped recording not on stderr"
expect 0 '"skipped": \[' -- "$bin" activity atanas2023-sample scholz2018-gfp --dt 0.2 --min-length 2300 \
    -o "$t/a2.h5" --quiet --json
while read -r k; do
    grep -q "^      \"$k\":" "$t/out" && ok || bad "activity --json row lacks the TSV column $k"
done < "$t/a_cols"
for kv in '"id": "atanas2023-sample"' '"neurons_in": 98' '"samples_in": 1600' '"samples_out": 4810' \
          '"dropped_neurons": \[\]' '"id": "scholz2018-gfp"' '"reason": "2199 samples' '"min_length": 2300'; do
    grep -q "$kv" "$t/out" && ok || bad "activity --json lacks $kv"
done
expect 0 "figure written to $t/a3.png" -- "$bin" activity atanas2023-sample -o "$t/a3.h5" --plot "$t/a3.png"

# --- structfunc: the text lines and the JSON have the same keys, in order ---
sf="structfunc varshney2011 --functional uzel2022-fc --nulls 10 --seed 3 --threads 1 --quiet"
# shellcheck disable=SC2086
"$bin" $sf > "$t/sf.txt" 2>/dev/null || bad "structfunc text run"
# shellcheck disable=SC2086
"$bin" $sf --json > "$t/sf.json" 2>/dev/null || bad "structfunc JSON run"
cut -f1 "$t/sf.txt" > "$t/sf_text_keys"
keys "$t/sf.json" > "$t/sf_json_keys"
cmp -s "$t/sf_text_keys" "$t/sf_json_keys" && ok ||
    bad "structfunc text keys differ from JSON keys: $(diff "$t/sf_text_keys" "$t/sf_json_keys" | tr '\n' ' ')"
# every line is key<TAB>value (no annotation column)
awk -F'\t' 'NF != 2 { exit 1 }' "$t/sf.txt" && ok || bad "structfunc line with other than 2 fields"
grep -q "^n_pairs	2092$" "$t/sf.txt" && grep -q '"n_pairs": 2092,' "$t/sf.json" && ok || bad "structfunc n_pairs"
grep -q "^spearman_rho	0.042230$" "$t/sf.txt" && grep -q '"spearman_rho": 0.0422298044' "$t/sf.json" && ok ||
    bad "structfunc spearman_rho (tests/ref/structfunc_ref.py: 0.042229804418)"
grep -q "^layer_directed	true$" "$t/sf.txt" && grep -q '"layer_directed": true' "$t/sf.json" && ok ||
    bad "structfunc booleans"
grep -q "^rdm_p	NA$" "$t/sf.txt" && grep -q '"rdm_p": null' "$t/sf.json" && ok || bad "structfunc NA / null"

# --- rsa: --quiet accepted; the comparison lines have the JSON's keys ------
rs="rsa $rf --compare $rf --nulls 10 --bootstrap 10 --geodesic --quiet"
# shellcheck disable=SC2086
"$bin" $rs > "$t/rs.txt" 2> "$t/err" || bad "rsa text run: $(cat "$t/err")"
# shellcheck disable=SC2086
"$bin" $rs --json > "$t/rs.json" 2>/dev/null || bad "rsa JSON run"
cut -f1 "$t/rs.txt" > "$t/rs_text_keys"
keys "$t/rs.json" > "$t/rs_json_keys"
cmp -s "$t/rs_text_keys" "$t/rs_json_keys" && ok ||
    bad "rsa text keys differ from JSON keys: $(diff "$t/rs_text_keys" "$t/rs_json_keys" | tr '\n' ' ')"
awk -F'\t' 'NF != 2 { exit 1 }' "$t/rs.txt" && ok || bad "rsa line with other than 2 fields"
grep -q "^geodesic	true$" "$t/rs.txt" && grep -q '"geodesic": true' "$t/rs.json" && ok || bad "rsa geodesic"
# an RDM compared with itself: Spearman 1; no permutation reaches 1, p = 1/11
grep -q "^value	1$" "$t/rs.txt" && grep -q "^p_perm	0.0909091$" "$t/rs.txt" && ok || bad "rsa value/p: $(cat "$t/rs.txt")"
# JSON reals: 17 significant digits, one precision in every command (1/11)
grep -q '"p_perm": 0.090909090909090912,' "$t/rs.json" && ok || bad "rsa JSON precision: $(grep p_perm "$t/rs.json")"

# --perm is the old spelling of --nulls: same result, one warning
expect 0 "--perm is now --nulls" -- "$bin" rsa "$rf" --compare "$rf" --perm 10 --bootstrap 10 --geodesic --quiet
cmp -s "$t/out" "$t/rs.txt" && ok || bad "rsa --perm and --nulls differ"

# --- stats: TSV columns are JSON keys (tests/test_cli.sh checks every one) --
expect 0 '"rich_club_significant_k": \[' -- "$bin" stats varshney2011 --layer chemical+electrical --nulls 20 \
    --seed 1 --threads 1 --json --quiet
# Towlson's club at the default level: k 39, 11 members, highest run 39-52 (tests/test_cli_topo.sh)
grep -q '"rich_club_k": 39,' "$t/out" && grep -q '"rich_club_members": 11,' "$t/out" && ok ||
    bad "stats rich_club_k / members in JSON"
expect 2 "--rich-k 1e3: not a whole number in 0..1000000" -- "$bin" stats varshney2011 --rich-k 1e3
# --quiet drops notes, not warnings that change the conclusion: a --nodes
# table that marks nobody rich club says why even with --quiet
expect 0 "no rich-club level is significant (5 nulls; the test needs at least 20)" -- "$bin" stats varshney2011 \
    --layer chemical+electrical --nulls 5 --nodes --quiet

# --- dfc: --plot is a prefix; every figure written is named ----------------
expect 0 "figure written to $t/d_factors.png" -- "$bin" dfc --planted 0.5 --rank 3 --starts 1 --max-iter 50 \
    --threads 1 --plot "$t/d.png"
grep -q "figure written to $t/d_loadings.png" "$t/err" && [ -s "$t/d_loadings.png" ] && [ -s "$t/d_factors.png" ] &&
    ok || bad "dfc figures not named or not written"
expect 2 "--tol -1: out of range (a number in \\[0, 1\\])" -- "$bin" dfc --planted 0.5 --tol -1

cli_done
