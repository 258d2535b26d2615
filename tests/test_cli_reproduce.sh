#!/bin/sh
# CLI tests of `ctome reproduce`: help with every paper cited, usage errors,
# the verdict lines of a quick subset (the structural papers, a few seconds)
# against the papers' numbers, the JSON keys, determinism of the seed, the
# figure, and output paths checked before the work.
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# --- help, list, usage ----------------------------------------------------
for ref in "Watts DJ, Strogatz SH" "Varshney LR" "Towlson EK" "Witvliet D" "Randi F" "Bhattasali NX" \
           "Achterberg J" "Liu YH" "Lin B, Kriegeskorte N"; do
    expect 0 "$ref" -- "$bin" help reproduce
done
expect 0 "Usage: ctome reproduce" -- "$bin" reproduce --help
expect 0 "^towlson2013	Towlson EK" -- "$bin" reproduce --list
[ "$(wc -l < "$t/out")" -eq 9 ] && ok || bad "--list printed $(wc -l < "$t/out") papers, want 9"
expect 2 "name a paper" -- "$bin" reproduce
expect 2 "unknown paper 'smith2020' (see ctome reproduce --list)" -- "$bin" reproduce smith2020
expect 2 "--seed -1: not a whole number" -- "$bin" reproduce watts1998 --seed -1
expect 2 "--threads 0: out of range (a whole number in 1..1024)" -- "$bin" reproduce watts1998 --threads 0

# --- Varshney 2011: the counts of the paper (279 neurons, 6393 chemical
# synapses, 890 gap junctions) reproduce within 0.5% ------------------------
expect 0 "" -- "$bin" reproduce varshney2011 --quiet
head -1 "$t/out" | grep -q "^paper	claim	measure	paper_value	source	ctome_value	tolerance	verdict	why	computed_on$" \
    && ok || bad "header: $(head -1 "$t/out")"
grep -q "^varshney2011	neurons	.*	279	.*	279	within 0.5 of 279	REPRODUCED	" "$t/out" && ok || bad "neurons: $(cat "$t/out")"
grep -q "^varshney2011	chemical_synapses	.*	6393	.*	6394	within 0.5% of 6393	REPRODUCED	" "$t/out" && ok \
    || bad "chemical synapses: $(grep chemical_synapses "$t/out")"
grep -q "^varshney2011	gap_junctions	.*	890	.*	887	within 0.5% of 890	REPRODUCED	" "$t/out" && ok \
    || bad "gap junctions: $(grep gap_junctions "$t/out")"
# stdout is one table (no comment lines); the verdict count per paper is on stderr
grep -q "^#" "$t/out" && bad "reproduce stdout holds a comment line" || ok
expect 0 "^ctome reproduce: varshney2011: [0-9]* REPRODUCED, [0-9]* DIFFERS (quick, seed 1), .*; Varshney LR" \
    -- "$bin" reproduce varshney2011
# every claim has a verdict and a DIFFERS a reason
awk -F'\t' 'NR > 1 { if ($8 != "REPRODUCED" && $8 != "DIFFERS") exit 1; if ($8 == "DIFFERS" && $9 == "-") exit 1 }' \
    "$t/out" && ok || bad "a row without a verdict or a DIFFERS without a reason"

# --- Watts & Strogatz 1998 on Newman's file: C 0.2924 and L 2.4553 (the
# networkx values of the same file) against the paper's 0.28 and 2.65 -------
expect 0 "" -- "$bin" reproduce watts1998 --quiet
grep -q "^watts1998	C	.*	0.28	Table 1	0.2924	within 10% of 0.28	REPRODUCED	" "$t/out" && ok || bad "C: $(grep '	C	' "$t/out")"
grep -q "^watts1998	L	.*	2.65	Table 1	2.455	within 10% of 2.65	REPRODUCED	" "$t/out" && ok || bad "L: $(grep '	L	' "$t/out")"
grep -q "^watts1998	n	.*	297	" "$t/out" && ok || bad "n: $(grep '	n	' "$t/out")"
# the paper's reference: Erdos-Renyi G(n, m), C_rand about k/n = 0.049
grep -q "^watts1998	C_rand	.*	0.05	Table 1	0.04[0-9]*	within 0.01 of 0.05	REPRODUCED	" "$t/out" && ok \
    || bad "C_rand: $(grep C_rand "$t/out")"

# --- Towlson 2013: the union network of the paper (279 neurons, 2287 edges)
expect 0 "" -- "$bin" reproduce towlson2013 --quiet --threads 1
grep -q "^towlson2013	neurons	.*	279	within 0.5 of 279	REPRODUCED	" "$t/out" && ok || bad "towlson neurons: $(grep neurons "$t/out")"
grep -q "^towlson2013	edges	.*	2287	within 0.5 of 2287	REPRODUCED	" "$t/out" && ok || bad "towlson edges: $(grep edges "$t/out")"
# Towlson's 11 neurons are the club at ctome's default level
grep -q "^towlson2013	club_size	.*	11	abstract (N = 11)	11 (k = 39)	within 0.5 of 11	REPRODUCED	" "$t/out" && ok \
    || bad "club size row: $(grep club_size "$t/out")"
grep -q "^towlson2013	club_members	.*	1.000 (11 shared; .*)	within 1e-09 of 1	REPRODUCED	" "$t/out" && ok \
    || bad "club members row: $(grep club_members "$t/out")"
grep -q "^towlson2013	k_high	.*	52	within 3 of 52	REPRODUCED	" "$t/out" && ok || bad "k_high: $(grep k_high "$t/out")"
cp "$t/out" "$t/towlson_t1.tsv"
# same seed, other thread count: same bytes
expect 0 "" -- "$bin" reproduce towlson2013 --quiet --threads 2
cmp -s "$t/out" "$t/towlson_t1.tsv" && ok || bad "towlson2013 differs between --threads 1 and 2"

# --- JSON keys -----------------------------------------------------------
expect 0 "" -- "$bin" reproduce witvliet2021 lin2024 --json --quiet
# the TSV's columns are the claims' keys (+ the two numbers)
for key in '"ctome_version"' '"mode": "quick"' '"seed": 1' '"papers"' '"paper": "witvliet2021"' '"paper": "lin2024"' \
           '"citation"' '"claims"' '"claim": "synapse_fold"' '"measure"' '"paper_value"' '"paper_number"' '"source"' \
           '"tolerance"' '"ctome_value"' '"ctome_number"' '"verdict": "REPRODUCED"' '"why"' '"computed_on"' \
           '"reproduced"' '"differs"'; do
    grep -q "$key" "$t/out" && ok || bad "JSON lacks $key"
done
# Witvliet: about 6-fold more synapses from birth to adult
grep -A12 '"claim": "synapse_fold"' "$t/out" | grep -q '"verdict": "REPRODUCED"' && ok || bad "synapse_fold verdict"
grep -A12 '"claim": "gt_identity"' "$t/out" | grep -q '"ctome_number": 1' && ok || bad "gt_identity value"

# --- figure, and output paths checked first -----------------------------
expect 0 "figure written to $t/fig.png" -- "$bin" reproduce witvliet2021 --plot "$t/fig.png"
[ -s "$t/fig.png" ] && ok || bad "no figure"
expect 0 "" -- "$bin" reproduce watts1998 witvliet2021 --plot "$t/two.png" --quiet
[ -s "$t/two_watts1998.png" ] && [ -s "$t/two_witvliet2021.png" ] && ok || bad "per-paper figures missing"
expect 1 "--plot $t/nodir/fig.png: folder $t/nodir does not exist" -- "$bin" reproduce witvliet2021 --plot "$t/nodir/fig.png"
[ ! -s "$t/out" ] && ok || bad "output printed although the figure path is bad"

# --- docs/reproduce_quick.tsv: the committed table is what the committed
# command prints; its slice (the structural papers) reruns line for line ---
root="$CTOME_TESTS/.."
CTOME="$bin" sh "$root/docs/regen/reproduce.sh" --slice "$t/slice" 2> "$t/err" && ok || bad "regen slice failed: $(cat "$t/err")"
n=0
while IFS= read -r line; do
    n=$((n + 1))
    grep -qxF -- "$line" "$root/docs/reproduce_quick.tsv" || bad "docs/reproduce_quick.tsv lacks: $line"
done < "$t/slice/reproduce_quick.tsv"
[ "$n" -ge 20 ] && ok || bad "slice has $n lines"

cli_done
