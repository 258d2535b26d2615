#!/bin/sh
# CLI tests of `ctome richlazy`: outputs, seeds, determinism across thread
# counts, exit codes, error messages, and no partial output on failure.
# Small networks (--init random --n 24) keep it fast; one connectome run uses
# cook2019-herm with a handful of updates.
# optional features (tests/cli_common.sh): cairo
CTOME_NEEDS="cairo"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

small="--init random --n 24 --steps 6 --every 3 --batch 8 --probe 6 --quiet"

# --- help and usage ----------------------------------------------------
expect 0 "Liu YH, Baratin A" -- "$bin" help richlazy
expect 0 "Molano-Mazon" -- "$bin" help richlazy
expect 0 "Usage: ctome richlazy" -- "$bin" richlazy --help
expect 2 "task must be pdm, dms or ctx, not 'mnist'" -- "$bin" richlazy --task mnist
expect 2 "ranks must be" -- "$bin" richlazy --ranks 1,x
expect 2 "--seeds 0: out of range" -- "$bin" richlazy --seeds 0
expect 2 "--lr -1: out of range" -- "$bin" richlazy --lr -1
expect 2 "init must be random, connectome or both" -- "$bin" richlazy --init lazy
expect 2 "activation must be tanh or relu" -- "$bin" richlazy --activation sigmoid
expect 2 "unexpected argument" -- "$bin" richlazy cook2019-herm

# --- bad values: exit 1, no output file ---------------------------------
expect 1 "rank must be between 1 and the network size 24, got 0" -- "$bin" richlazy $small --ranks 0,4 -o "$t/r0.tsv"
no_file "$t/r0.tsv"
expect 1 "rank must be between 1 and the network size 24, got 25" -- "$bin" richlazy $small --ranks 25 -o "$t/r25.tsv"
no_file "$t/r25.tsv"
# A step size that overflows the weights: NaN loss, stopped naming the update.
expect 1 "random rank 24 seed 1: .*diverged at [a-z]* [0-9]" -- "$bin" richlazy $small --ranks 24 --seeds 1 \
    --optimizer sgd --lr 1e300 -o "$t/nan.tsv" --plot "$t/nan"
no_file "$t/nan.tsv"
no_file "$t/nan_curves.png"
expect 1 "'nope' is neither a bundled dataset id" -- "$bin" richlazy --init connectome --dataset nope --quiet
expect 1 "does not match the connectome's" -- "$bin" richlazy --init connectome --n 10 --quiet

# --- a small random sweep ------------------------------------------------
expect 0 "^random	4	" -- "$bin" richlazy $small --ranks 1,4,24 --seeds 2 -o "$t/c.tsv" --plot "$t/f"
# header + 3 ranks x 2 seeds; every row names its seed and task
[ "$(wc -l < "$t/out")" -eq 7 ] && ok || bad "summary has $(wc -l < "$t/out") lines, want 7"
head -1 "$t/out" | grep -q "^init	rank	erank0	seed	step	loss	acc	dw	dw_rel	ka	cka	ra	cra	sign	erank	task" && ok \
    || bad "summary header: $(head -1 "$t/out")"
awk -F'\t' 'NR > 1 && ($4 != 1 && $4 != 2 || $16 != "pdm" || $5 != 6) { exit 1 }' "$t/out" && ok \
    || bad "summary rows lack seed/task/step"
# rank 1 starts at effective rank 1
awk -F'\t' '$1 == "random" && $2 == 1 && ($3 < 0.999 || $3 > 1.001) { exit 1 }' "$t/out" && ok || bad "rank-1 erank0"
# curves: header + 6 networks x 3 measurements (steps 0, 3, 6); at step 0 nothing moved
[ "$(wc -l < "$t/c.tsv")" -eq 19 ] && ok || bad "curves has $(wc -l < "$t/c.tsv") lines, want 19"
awk -F'\t' 'NR > 1 && $4 == 0 && ($7 != 0 || $9 != 1 || $13 != 1) { exit 1 }' "$t/c.tsv" && ok || bad "step-0 measures"
[ -s "$t/f_curves.png" ] && [ -s "$t/f_summary.png" ] && ok || bad "figures missing"
cp "$t/out" "$t/two_threads.tsv"
# --plot P.svg: the prefix P, the format svg, the files listed on stderr
# without --quiet; the old --figure-prefix still works and warns
"$bin" richlazy --init random --n 24 --steps 6 --every 3 --batch 8 --probe 6 --ranks 4 --seeds 1 \
    --plot "$t/g.svg" > /dev/null 2> "$t/g.err" || bad "richlazy --plot g.svg failed"
[ -s "$t/g_curves.svg" ] && [ -s "$t/g_summary.svg" ] && ok || bad "--plot g.svg: no g_curves.svg / g_summary.svg"
grep -q "wrote $t/g_curves.svg" "$t/g.err" && grep -q "wrote $t/g_summary.svg" "$t/g.err" && ok \
    || bad "--plot: the files written are not listed: $(cat "$t/g.err")"
expect 0 "richlazy: --figure-prefix is now --plot" -- "$bin" richlazy $small --ranks 4 --seeds 1 --figure-prefix "$t/h"
[ -s "$t/h_curves.png" ] && ok || bad "--figure-prefix (deprecated) drew nothing"
# Same seeds on one thread: identical table.
expect 0 "" -- "$bin" richlazy $small --ranks 1,4,24 --seeds 2 --threads 1
cmp -s "$t/out" "$t/two_threads.tsv" && ok || bad "--threads 1 and default differ"
expect 0 "" -- "$bin" richlazy $small --ranks 1,4,24 --seeds 2 --seed 5
cmp -s "$t/out" "$t/two_threads.tsv" && bad "--seed 5 gives the same table as seed 1" || ok
# JSON
expect 0 '"networks"' -- "$bin" richlazy $small --ranks 2 --seeds 1 --json --task dms
grep -q '"task": "dms"' "$t/out" && grep -q '"ka": \[' "$t/out" && ok || bad "JSON lacks task/curves"
expect 0 "^random	2	" -- "$bin" richlazy $small --ranks 2 --seeds 1 --task ctx

# --- the connectome network ----------------------------------------------
expect 0 "^connectome	302	" -- "$bin" richlazy --init connectome --steps 2 --every 2 --batch 4 --probe 4 --seeds 1 --quiet
grep -q "^matched	" "$t/out" && ok || bad "no matched random network"

cli_done
