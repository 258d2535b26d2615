#!/bin/sh
# CLI tests of `ctome perturb` and `ctome sweep`: the real binary on the
# bundled cook2019-herm connectome and Randi 2023 atlas — outputs, exit
# codes, error messages, identical results for any thread count and the same
# seed, and no partial output file after a failure.  Short windows and a
# coarse step keep it fast under ASan.  Needs CTOME_BIN (set by meson).
# optional features (tests/cli_common.sh): cairo
CTOME_NEEDS="cairo"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

Q="--window 1 --dt 0.1 --quiet"
S="--stim-list AVAL,AVAR,ASHL,AWCL"

# --- help ----------------------------------------------------------------
expect 0 "Randi F, Sharma AK" -- "$bin" help perturb
expect 0 "Maslov S, Sneppen K" -- "$bin" help perturb
expect 0 "Usage: ctome sweep" -- "$bin" help sweep
expect 2 "exactly one connectome" -- "$bin" perturb
expect 2 "required" -- "$bin" sweep cook2019-herm

# --- perturb: summary, JSON, table -----------------------------------------
expect 0 "^spearman_rho	" -- "$bin" perturb cook2019-herm $S $Q
expect 0 "^stimulated	4$" -- "$bin" perturb cook2019-herm $S $Q
expect 0 "^seed	1$" -- "$bin" perturb cook2019-herm $S $Q
expect 0 '"nulls_valid": 2' -- "$bin" perturb cook2019-herm $S $Q --nulls 2 --seed 7 --json
expect 0 '"seed": 7' -- "$bin" perturb cook2019-herm $S $Q --nulls 2 --seed 7 --json
"$bin" perturb cook2019-herm $S $Q -o "$t/tab.tsv" > /dev/null 2>&1 || bad "perturb -o failed"
if [ "$(head -n 1 "$t/tab.tsv")" = "$(printf 'stimulated\tresponding\tmodel\tmeasured')" ]; then ok; else bad "table header"; fi
# 4 stimulated x 301 other neurons of the 302-neuron model
if [ "$(tail -n +2 "$t/tab.tsv" | wc -l)" -eq 1204 ]; then ok; else bad "table rows: $(wc -l < "$t/tab.tsv")"; fi
# AVAL -> AVAR is a measured Randi pair (not NA)
if grep -q "^AVAL	AVAR	[-0-9.e]*	[-0-9.e]*$" "$t/tab.tsv"; then ok; else bad "AVAL->AVAR row"; fi
expect 0 "^AVAL	AVAR	" -- "$bin" perturb cook2019-herm $S $Q --table
# ADFL has no measured response in the atlas: the atlas without a comparison
expect 0 "^pairs	0" -- "$bin" perturb cook2019-herm --stim-list ADFL $Q
# the class AVA stimulates AVAL and AVAR
expect 0 "^stimulated	2$" -- "$bin" perturb cook2019-herm --stim-list AVA $Q

# same seed, 1 or 2 threads: identical output
"$bin" perturb cook2019-herm $S $Q --nulls 3 --seed 5 --threads 1 > "$t/a1" 2>/dev/null
"$bin" perturb cook2019-herm $S $Q --nulls 3 --seed 5 --threads 2 > "$t/a2" 2>/dev/null
if cmp -s "$t/a1" "$t/a2" && grep -q "^p	" "$t/a1"; then ok; else bad "threads change the result"; fi

# JSON keys are the text output's keys; numbers are numbers
"$bin" perturb cook2019-herm $S $Q --nulls 2 --seed 7 --json > "$t/p.json" 2> /dev/null
for k in spearman_rho null_rho_mean null_rho_sd sign_agreement pairs nulls seed; do
    grep -q "^  \"$k\": [-0-9.en]" "$t/p.json" && ok || bad "perturb --json lacks the number $k"
done
grep -q '^    "chem_scale": 0.01,$' "$t/p.json" && ok || bad "perturb --json: model chem_scale is not the number 0.01"
grep -q '^    "flip_signs": false,$' "$t/p.json" && ok || bad "perturb --json: flip_signs is not a boolean"
# the rho of the JSON is the rho of the text summary (6 decimals there)
rj=$(sed -n 's/^  "spearman_rho": \([-0-9.e]*\),$/\1/p' "$t/p.json")
rt=$("$bin" perturb cook2019-herm $S $Q --nulls 2 --seed 7 | sed -n 's/^spearman_rho	//p')
[ -n "$rj" ] && [ "$(printf '%.6f' "$rj")" = "$rt" ] && ok || bad "JSON rho $rj vs text $rt"

# figure: --plot; the old --figure still works and warns once
expect 0 "" -- "$bin" perturb cook2019-herm $S $Q --nulls 2 --plot "$t/atlas.png"
if [ -s "$t/atlas.png" ]; then ok; else bad "no atlas figure"; fi
expect 0 "perturb: --figure is now --plot" -- "$bin" perturb cook2019-herm $S $Q --figure "$t/atlas2.png"
[ -s "$t/atlas2.png" ] && ok || bad "--figure (deprecated) wrote no figure"
[ "$(grep -c "is now --plot" "$t/err")" -eq 1 ] && ok || bad "the deprecation warning is not said exactly once"

# --- perturb: bad input --------------------------------------------------
expect 1 "'NOTANEURON' is not a neuron" -- "$bin" perturb cook2019-herm --stim-list AVAL,NOTANEURON $Q -o "$t/bad1.tsv"
no_file "$t/bad1.tsv"
expect 1 "amplitude must be > 0" -- "$bin" perturb cook2019-herm $S $Q --amp -1 -o "$t/bad2.tsv"
no_file "$t/bad2.tsv"
expect 1 "duration must be > 0" -- "$bin" perturb cook2019-herm $S $Q --duration -0.5 --plot "$t/bad3.png"
no_file "$t/bad3.png"
expect 1 "window must be" -- "$bin" perturb cook2019-herm $S --window 0.5 --quiet
expect 1 "tau must be > 0" -- "$bin" perturb cook2019-herm $S $Q --tau -1
expect 2 "--amp abc: not a number" -- "$bin" perturb cook2019-herm $S $Q --amp abc
expect 2 "whole number" -- "$bin" perturb cook2019-herm $S $Q --nulls -3
expect 2 "mean or peak" -- "$bin" perturb cook2019-herm $S $Q --measure median
expect 1 "neither a bundled dataset id" -- "$bin" perturb nope $S $Q
expect 1 "unknown functional source" -- "$bin" perturb cook2019-herm $S $Q --functional nope

# --- sweep -----------------------------------------------------------------
expect 0 "^chem-scale	rho	sign_agreement	pairs	status$" -- "$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:2 $S $Q
expect 0 "^0.02	[-0-9.]*	[0-9.]*	[0-9]*	ok$" -- "$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:2 $S $Q
"$bin" sweep cook2019-herm --param chem-scale=0.001:0.1:2 --param2 gap-scale=0.001:0.1:2 --log $S $Q \
    -o "$t/sw.tsv" --plot "$t/sw.png" > /dev/null 2>&1 || bad "2-d sweep failed"
if [ "$(tail -n +2 "$t/sw.tsv" | wc -l)" -eq 4 ] && head -n 1 "$t/sw.tsv" | grep -q "^chem-scale	gap-scale	rho" \
   && grep -q "^0.1	0.001	" "$t/sw.tsv" && [ -s "$t/sw.png" ]; then ok; else bad "2-d sweep output"; fi
# --json: one object per grid point, its keys the table's columns, its numbers the table's
"$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:2 $S $Q > "$t/sw1.tsv"
"$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:2 $S $Q --json > "$t/sw1.json"
grep -c '"chem-scale": ' "$t/sw1.json" | grep -q '^2$' && ok || bad "sweep --json: not 2 grid points"
for k in rho sign_agreement pairs status; do
    grep -q "^      \"$k\": " "$t/sw1.json" && ok || bad "sweep --json lacks $k"
done
r2=$(awk -F'\t' 'NR == 3 { print $2 }' "$t/sw1.tsv")
j2=$(sed -n 's/^      "rho": \([-0-9.e]*\),$/\1/p' "$t/sw1.json" | sed -n 2p)
[ -n "$j2" ] && [ "$(printf '%.6f' "$j2")" = "$r2" ] && ok || bad "sweep JSON rho $j2 vs table $r2"
# thread count does not change the sweep
"$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:3 $S $Q --threads 1 > "$t/s1" 2>/dev/null
"$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:3 $S $Q --threads 2 > "$t/s2" 2>/dev/null
if cmp -s "$t/s1" "$t/s2"; then ok; else bad "threads change the sweep"; fi
# a linear model with strong weights blows up: reported, exit 0
expect 0 "blew-up$" -- "$bin" sweep cook2019-herm --transfer linear --param chem-scale=2:2:1 $S --window 5 --dt 0.1 --quiet
expect 1 "'XYZ' is not a neuron" -- "$bin" sweep cook2019-herm --param tau=1:2:2 --stim-list XYZ $Q -o "$t/bad6.tsv"
no_file "$t/bad6.tsv"
expect 2 "unknown parameter" -- "$bin" sweep cook2019-herm --param foo=0:1:2 $Q -o "$t/bad4.tsv"
no_file "$t/bad4.tsv"
expect 2 "LO <= HI" -- "$bin" sweep cook2019-herm --param chem-scale=1:0:3 $Q
expect 2 "whole number in 1..1000" -- "$bin" sweep cook2019-herm --param chem-scale=0:1:0 $Q
expect 2 "tau must be > 0" -- "$bin" sweep cook2019-herm --param tau=0:1:3 $Q
expect 2 "a log grid needs LO > 0" -- "$bin" sweep cook2019-herm --param gap-scale=0:1:3 --log $Q
expect 2 "both sweep" -- "$bin" sweep cook2019-herm --param tau=1:2:2 --param2 tau=1:2:2 $Q
expect 1 "amplitude must be > 0" -- "$bin" sweep cook2019-herm --param tau=1:2:2 --amp 0 $S $Q -o "$t/bad5.tsv"
no_file "$t/bad5.tsv"

cli_done
