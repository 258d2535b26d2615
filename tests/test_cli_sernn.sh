#!/bin/sh
# CLI tests of `ctome sernn`: references, tiny trainings (2x2x2 grids, a few
# updates, so the script stays fast under ASan), same seed = same network,
# thread-count independence, the sweep table and its summary, and bad input
# (gamma < 0, a grid whose unit count differs from the checkpoint's, damaged
# checkpoints, NaN during training, bad grids).  Needs CTOME_BIN.
# optional features (tests/cli_common.sh): cairo
CTOME_NEEDS="cairo"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

tiny="--grid 2x2x2 --epochs 2 --steps 3 --batch 8 --quiet"

# --- usage and references ----------------------------------------------
expect 0 "Achterberg J, Akarca D" -- "$bin" help sernn
expect 0 "Estrada E, Hatano N" -- "$bin" help sernn
expect 0 "Crofts JJ, Higham DJ" -- "$bin" help sernn
expect 0 "Kingma DP, Ba J" -- "$bin" help sernn
expect 2 "train, sweep or analyse" -- "$bin" sernn
expect 2 "unknown subcommand 'fly'" -- "$bin" sernn fly
expect 2 "checkpoint file with -o" -- "$bin" sernn train $tiny
expect 2 "NXxNYxNZ" -- "$bin" sernn train --grid 5x5 -o "$t/x.h5"
expect 2 "NXxNYxNZ" -- "$bin" sernn train --grid 0x5x4 -o "$t/x.h5"
expect 2 "reg" -- "$bin" sernn train --reg l2 -o "$t/x.h5"
no_file "$t/x.h5"

# --- train: outputs, seeds, threads ------------------------------------
expect 0 "^units	8$" -- "$bin" sernn train $tiny --seed 4 -o "$t/a.h5"
grep -q "^accuracy	" "$t/out" && grep -q "^q_weighted	" "$t/out" && grep -q "^seed	4$" "$t/out" \
    && ok || bad "train output lacks accuracy, q_weighted or the seed"
[ -s "$t/a.h5" ] && ok || bad "train wrote no checkpoint"
cp "$t/out" "$t/a.out"
# same seed, another thread count: the same network (every printed number)
expect 0 "" -- "$bin" sernn train $tiny --seed 4 --threads 1 -o "$t/b.h5"
sed 's/^checkpoint.*//' "$t/a.out" > "$t/a.cmp"
sed 's/^checkpoint.*//' "$t/out" > "$t/b.cmp"
cmp -s "$t/a.cmp" "$t/b.cmp" && ok || bad "same seed, 1 vs default threads: outputs differ"
expect 0 "" -- "$bin" sernn train $tiny --seed 5 -o "$t/c.h5"
sed 's/^checkpoint.*//' "$t/out" > "$t/c.cmp"
cmp -s "$t/a.cmp" "$t/c.cmp" && bad "seeds 4 and 5 gave identical networks" || ok
# the analysis of the checkpoint repeats the training run's measures
expect 0 "^units	8$" -- "$bin" sernn analyse "$t/a.h5" --grid 2x2x2 --seed 4
for k in accuracy q_weighted strength energy wl_corr; do
    a=$(grep "^$k	" "$t/a.out") b=$(grep "^$k	" "$t/out")
    [ "$a" = "$b" ] && ok || bad "analyse $k '$b' differs from train '$a'"
done
expect 0 '"reg": "l1"' -- "$bin" sernn train $tiny --reg l1 --gamma 0.001 --json -o "$t/l1.h5"
expect 0 "^accuracy" -- "$bin" sernn train $tiny --plot "$t/net.png" -o "$t/p.h5"
[ -s "$t/net.png" ] && ok || bad "--plot wrote no figure"

# --- bad input -----------------------------------------------------------
expect 1 "gamma must be >= 0" -- "$bin" sernn train $tiny --gamma -0.5 -o "$t/neg.h5"
no_file "$t/neg.h5"
expect 1 "8 units.*grid 3x3x3 has 27 units" -- "$bin" sernn analyse "$t/a.h5" --grid 3x3x3
expect 1 "8 units.*5x5x4 has 100 units" -- "$bin" sernn analyse "$t/a.h5"
printf 'not a store\n' > "$t/garbage.h5"
expect 1 "garbage.h5: not an HDF5 file" -- "$bin" sernn analyse "$t/garbage.h5" --grid 2x2x2
head -c 3000 "$t/a.h5" > "$t/trunc.h5"
expect 1 "trunc.h5" -- "$bin" sernn analyse "$t/trunc.h5" --grid 2x2x2
expect 1 "No such file\|cannot\|missing" -- "$bin" sernn analyse "$t/none.h5" --grid 2x2x2
# a learning rate that blows the network up: NaN is caught, the step named, no file
expect 1 "diverged at \(step\|update\) [0-9]" -- "$bin" sernn train $tiny --lr 1e12 -o "$t/nan.h5"
no_file "$t/nan.h5"

# --- sweep ---------------------------------------------------------------
# (without --quiet: its notes are checked below)
expect 0 "^se	acc	" -- "$bin" sernn sweep --grid 2x2x2 --epochs 2 --steps 3 --batch 8 --gammas 0.01,0.1 \
    --l1-gammas 0.001 --seeds 2 --acc-min 0 -o "$t/sw.tsv" --per-gamma "$t/pg.tsv"
cp "$t/out" "$t/sw.out"
[ "$(tail -n +2 "$t/sw.tsv" | wc -l)" -eq 6 ] && ok || bad "sweep table does not have 6 networks"
[ "$(cut -f1 "$t/sw.tsv" | grep -c '^se$')" -eq 4 ] && ok || bad "sweep table: not 4 seRNN rows"
grep -q "^se	acc	.*	4$" "$t/out" && ok || bad "sweep summary does not count 4 seRNN networks"
# tidy: stdout is one table with one header line (2 regularisers x 9 measures),
# the run and the matched counts go to stderr, the per-gamma table to its file
[ "$(wc -l < "$t/out")" -eq 19 ] && [ "$(grep -c "^reg	" "$t/out")" -eq 1 ] && ! grep -q "^#" "$t/out" && ok \
    || bad "sweep stdout is not one table: $(head -3 "$t/out")"
grep -q "6 networks (0 failed), grid 2x2x2, seeds 1..2" "$t/err" && grep -q ": se 4 of 4, l1 2 of 2$" "$t/err" && ok \
    || bad "sweep: the run and the matched counts are not on stderr: $(cat "$t/err")"
[ "$(head -1 "$t/pg.tsv")" = "$(printf 'reg\tgamma\tmeasure\tmean\tsd\tnetworks')" ] && ok || bad "per-gamma header"
# 3 (regulariser, gamma) x 9 measures; each gamma's accuracy over its 2 networks
[ "$(tail -n +2 "$t/pg.tsv" | wc -l)" -eq 27 ] && ok || bad "per-gamma rows: $(wc -l < "$t/pg.tsv")"
grep -q "^se	0.1	acc	[0-9.e-]*	[0-9.e-]*	2$" "$t/pg.tsv" && ok || bad "per-gamma: se 0.1 accuracy row"
# the per-gamma mean accuracy of l1 (one gamma) equals the matched table's l1 accuracy (acc-min 0)
a1=$(awk -F'\t' '$1 == "l1" && $2 == "acc" { print $3 }' "$t/out")
a2=$(awk -F'\t' '$1 == "l1" && $3 == "acc" { print $4 }' "$t/pg.tsv")
[ -n "$a1" ] && [ "$a1" = "$a2" ] && ok || bad "l1 accuracy: matched $a1, per gamma $a2"
expect 2 "standard output holds the matched-accuracy table" -- "$bin" sernn analyse --table "$t/sw.tsv" --per-gamma -
expect 2 "--per-gamma is for sweep and analyse --table" -- "$bin" sernn train $tiny -o "$t/pgx.h5" --per-gamma "$t/pgx.tsv"
# the same sweep on one thread: the same table apart from timings
expect 0 "" -- "$bin" sernn sweep $tiny --gammas 0.01,0.1 --l1-gammas 0.001 --seeds 2 \
    --acc-min 0 --threads 1 -o "$t/sw1.tsv"
cut -f1-21,23 "$t/sw.tsv" > "$t/sw.cmp"
cut -f1-21,23 "$t/sw1.tsv" > "$t/sw1.cmp"
cmp -s "$t/sw.cmp" "$t/sw1.cmp" && ok || bad "sweep: 1 thread and 2 threads differ"
# the table read back gives the same summary; --plot PREFIX draws both figures
expect 0 "6 networks from" -- "$bin" sernn analyse --table "$t/sw.tsv" --acc-min 0 --plot "$t/an" --per-gamma "$t/pg2.tsv"
cmp -s "$t/out" "$t/sw.out" && ok || bad "analyse --table summary differs from the sweep's"
cmp -s "$t/pg.tsv" "$t/pg2.tsv" && ok || bad "analyse --table per-gamma table differs from the sweep's"
[ -s "$t/an_curves.png" ] && [ -s "$t/an_matched.png" ] && ok || bad "--plot: no an_curves.png / an_matched.png"
grep -q "wrote $t/an_curves.png" "$t/err" && ok || bad "--plot: the files written are not listed"
# --json: the same tables, keys = the TSV columns
expect 0 '"per_gamma"' -- "$bin" sernn analyse --table "$t/sw.tsv" --acc-min 0 --json
grep -q '"measure": "q_weighted"' "$t/out" && grep -q '"reached": 4' "$t/out" && ok || bad "analyse --json lacks measure/reached"
# the old --plot-dir DIR: DIR/sernn_curves.png, with a warning
expect 0 "warning: --plot-dir DIR is deprecated; use --plot DIR/sernn" -- \
    "$bin" sernn analyse --table "$t/sw.tsv" --acc-min 0 --plot-dir "$t"
[ -s "$t/sernn_curves.png" ] && ok || bad "no sernn_curves.png"
expect 1 "gamma must be >= 0" -- "$bin" sernn sweep $tiny --gammas 0.1,-1 --seeds 1 -o "$t/bad.tsv"
no_file "$t/bad.tsv"
expect 2 "gammas" -- "$bin" sernn sweep $tiny --seeds 1 -o "$t/bad.tsv"
printf 'reg\tgamma\n' > "$t/bad_table.tsv"
expect 1 "bad_table.tsv:1: not a seRNN sweep table" -- "$bin" sernn analyse --table "$t/bad_table.tsv"

# --- MPI: 2 ranks == 1 process (skipped without mpirun or MPI built in) ---
MPIRUN=$(command -v mpirun || true)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ -n "$MPIRUN" ] && ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" "$bin" sernn sweep $tiny --gammas 0.01 \
        --seeds 1 --mpi -o "$t/probe.tsv" > /dev/null 2>&1; then
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" "$MPIRUN" -np 2 --oversubscribe "$bin" sernn sweep $tiny \
        --gammas 0.01,0.1 --l1-gammas 0.001 --seeds 2 --acc-min 0 --mpi -o "$t/mpi.tsv" > "$t/mpi.out" 2> "$t/mpi.err" \
        || bad "mpirun -np 2 sernn sweep: $(head -c 300 "$t/mpi.err")"
    cut -f1-21,23 "$t/mpi.tsv" > "$t/mpi.cmp"
    cmp -s "$t/sw.cmp" "$t/mpi.cmp" && ok || bad "sweep: 2 MPI ranks and 1 process give different tables"
    [ "$(grep -c '^reg	measure' "$t/mpi.out")" -eq 1 ] && ok || bad "MPI sweep: not exactly one summary (rank 0)"
else
    echo "skipped the MPI part (no mpirun or no MPI in this ctome)"
fi

# --- the worm's soma positions -------------------------------------------
expect 0 "worm (Skuhersky 2022" -- "$bin" sernn train --positions worm --epochs 1 --steps 1 --batch 8 \
    --quiet -o "$t/worm.h5"
n=$(grep "^units	" "$t/out" | cut -f2)
[ "${n:-0}" -gt 250 ] && ok || bad "worm layout has ${n:-no} units"

cli_done
