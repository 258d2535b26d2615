#!/bin/sh
# CLI tests of `ctome swim` (run, eval, transfer, train, ablate): outputs,
# exit codes, error messages, and that a failed command leaves no output file.
#
# Reference values (independent of this code): the issue's throwaway C
# prototype on the same MuJoCo 2.2.2 model — constant-init NCAP on the 6-link
# (5-joint) swimmer returns about 800 (mean forward head speed about 0.08 m/s),
# 905-920 for 7-13 joints, about 340 for 3 joints; zero torque 0; uniform
# random torques about 90.  Tolerances: +-50 on returns (episode-to-episode
# spread from the randomised start is ~5), +-0.01 m/s on speed.
# The MPI check (mpirun -np 2 == one process) lives in tests/test_cli_train.sh.
# optional features (tests/cli_common.sh): mujoco cairo gif
CTOME_NEEDS="mujoco cairo gif"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# in_range VALUE LO HI NAME
in_range() {
    if awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; then ok
    else bad "$4 = $1, want $2..$3"; fi
}

# value KEY FILE: the value of a "key<TAB>value" line
value() { awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$2"; }

# --- help and usage ----------------------------------------------------
expect 0 "Bhattasali NX, Zador AM, Engel TA" -- "$bin" help swim
expect 0 "Todorov E, Erez T, Tassa Y" -- "$bin" help swim
expect 0 "Hansen N (2016)" -- "$bin" help swim
expect 0 "joints = links - 1" -- "$bin" swim --help
expect 2 "which subcommand" -- "$bin" swim
expect 2 "unknown subcommand 'fly'" -- "$bin" swim fly

# --- run: the issue's magnitudes ----------------------------------------
"$bin" swim run > "$t/ncap.tsv" || bad "swim run failed"
in_range "$(value return "$t/ncap.tsv")" 750 850 "constant-init NCAP return (6 links)"
in_range "$(value mean_forward_speed "$t/ncap.tsv")" 0.07 0.09 "constant-init NCAP speed (m/s)"
[ "$(value params "$t/ncap.tsv")" = 4 ] && ok || bad "NCAP has $(value params "$t/ncap.tsv") params, want 4"
[ "$(value links "$t/ncap.tsv")" = 6 ] && [ "$(value joints "$t/ncap.tsv")" = 5 ] && ok || bad "default body is not 6 links / 5 joints"
"$bin" swim run --controller zero > "$t/zero.tsv" || bad "zero run failed"
[ "$(value return "$t/zero.tsv")" = "0.000000" ] && ok || bad "zero torque return $(value return "$t/zero.tsv"), want 0"
"$bin" swim run --controller random > "$t/rand.tsv" || bad "random run failed"
in_range "$(value return "$t/rand.tsv")" 40 140 "uniform random torque return"
"$bin" swim run --controller mlp > "$t/mlp.tsv" || bad "mlp run failed"
in_range "$(value params "$t/mlp.tsv")" 1000 100000 "MLP parameter count"
# the paper's hand weights given explicitly are the constant init
"$bin" swim run --weights 1,1,1,-1 > "$t/w.tsv" && [ "$(value return "$t/w.tsv")" = "$(value return "$t/ncap.tsv")" ] \
    && ok || bad "--weights 1,1,1,-1 differs from constant init"

# same seed -> identical output and store; another seed -> another episode
"$bin" swim run --seed 7 -o "$t/a.h5" > "$t/a.tsv" && "$bin" swim run --seed 7 -o "$t/b.h5" > "$t/b.tsv" \
    && cmp -s "$t/a.tsv" "$t/b.tsv" && ok || bad "same seed gives different run output"
h5dump -d /runs/swim/ncap_6links_swim_seed7/joints "$t/a.h5" > "$t/a.dump" 2>/dev/null
h5dump -d /runs/swim/ncap_6links_swim_seed7/joints "$t/b.h5" > "$t/b.dump" 2>/dev/null
sed -i 1d "$t/a.dump" "$t/b.dump"   # the first line names the file
[ -s "$t/a.dump" ] && cmp -s "$t/a.dump" "$t/b.dump" && ok || bad "same seed gives different joint angles"
"$bin" swim run --seed 8 > "$t/c.tsv" && ! cmp -s "$t/a.tsv" "$t/c.tsv" && ok || bad "seeds 7 and 8 give the same episode"

# the store group: datasets, shapes and attributes (docs/store.md)
h5ls -r "$t/a.h5" > "$t/ls" 2>&1
for d in "joints Dataset {1000, 5}" "torques Dataset {1000, 5}" "nose Dataset {1000, 2}" \
         "body Dataset {1000, 14}" "units Dataset {1000, 22}" "unit_names Dataset {22}" \
         "params Dataset {4}" "reward Dataset {1000}"; do
    grep -q "ncap_6links_swim_seed7/$d" "$t/ls" && ok || bad "run store lacks $d"
done
h5dump -a /runs/swim/ncap_6links_swim_seed7/seed "$t/a.h5" | grep -q "(0): 7" && ok || bad "seed attribute is not 7"
h5dump -a /runs/swim/ncap_6links_swim_seed7/return "$t/a.h5" | grep -q "(0): $(value return "$t/a.tsv" | cut -c1-5)" \
    && ok || bad "return attribute differs from the printed return"

# figures
expect 0 "^return" -- "$bin" swim run --plot "$t/f" --steps 200
grep -q "wrote $t/f_kymograph.png" "$t/err" && ok || bad "swim run --plot does not list the files it wrote"
for f in trajectory kymograph activity; do
    [ "$(head -c 8 "$t/f_$f.png" | od -An -c | tr -d ' ')" = "211PNG\r\n032\n" ] && ok || bad "f_$f.png is not a PNG"
done
expect 0 "no B-neurons" -- "$bin" swim run --controller mlp --plot "$t/g" --plot-format svg --steps 50
[ -s "$t/g_kymograph.svg" ] && ok || bad "no SVG kymograph"
no_file "$t/g_activity.svg"
# the format from the --plot name; the old spellings still work and warn
expect 0 "" -- "$bin" swim run --controller zero --plot "$t/g2.pdf" --steps 20
[ -s "$t/g2_trajectory.pdf" ] && ok || bad "--plot g2.pdf: no g2_trajectory.pdf"
expect 0 "warning: --figure-prefix is deprecated; use --plot" -- "$bin" swim run --controller zero \
    --figure-prefix "$t/g3" --figure-format svg --steps 20
grep -q "warning: --figure-format is deprecated; use --plot-format" "$t/err" && [ -s "$t/g3_trajectory.svg" ] && ok \
    || bad "--figure-format: no warning or no SVG"
expect 2 "--plot-format needs --plot" -- "$bin" swim run --plot-format svg --steps 20

# --- eval and transfer ---------------------------------------------------
expect 0 "eval: return 7[5-9][0-9]\.[0-9]* +- [0-9]" -- "$bin" swim eval --episodes 3
# tidy: stdout is the episode table alone (header + 3 rows)
[ "$(wc -l < "$t/out")" -eq 4 ] && ! grep -q "^#" "$t/out" && ok || bad "swim eval stdout is not one table"
# --json: the table's columns as keys, and the mean of the returns
"$bin" swim eval --episodes 3 --json > "$t/ev.json" || bad "swim eval --json failed"
grep -c '"mean_forward_speed": ' "$t/ev.json" | grep -q '^4$' && grep -q '^  "mean_return": 7[5-9][0-9]\.' "$t/ev.json" \
    && ok || bad "swim eval --json lacks the episodes or mean_return"
r0=$(awk -F'\t' 'NR == 2 { print $3 }' "$t/out")
j0=$(sed -n 's/^      "return": \([0-9.]*\),$/\1/p' "$t/ev.json" | head -1)
[ -n "$j0" ] && [ "$(printf '%.6f' "$j0")" = "$r0" ] && ok || bad "eval JSON return $j0 vs table $r0"
"$bin" swim eval --episodes 4 --threads 1 > "$t/e1" && "$bin" swim eval --episodes 4 --threads 2 > "$t/e2" \
    && cmp -s "$t/e1" "$t/e2" && ok || bad "eval depends on the thread count"
expect 0 "eval: return 0.000 +- 0.000" -- "$bin" swim eval --controller zero --episodes 2
"$bin" swim transfer --episodes 1 --plot "$t/transfer.png" > "$t/tr.tsv" || bad "transfer failed"
[ "$(grep -c '^[0-9]' "$t/tr.tsv")" -eq 11 ] && ok || bad "transfer lists $(grep -c '^[0-9]' "$t/tr.tsv") bodies, want 11"
in_range "$(awk '$1 == 4 { print $3 }' "$t/tr.tsv")" 290 390 "NCAP return on 4 links (3 joints)"
in_range "$(awk '$1 == 6 { print $3 }' "$t/tr.tsv")" 750 850 "NCAP return on 6 links"
for L in 8 9 10 11 12 13; do
    in_range "$(awk -v L=$L '$1 == L { print $3 }' "$t/tr.tsv")" 850 970 "NCAP return on $L links"
done
[ -s "$t/transfer.png" ] && ok || bad "no transfer figure"
expect 0 "^3	2	" -- "$bin" swim transfer --episodes 1 --max-links 3
expect 0 '"weights_from": "constant init"' -- "$bin" swim transfer --episodes 1 --max-links 4 --steps 50 --json
grep -c '"mean_return": ' "$t/out" | grep -q '^2$' && ok || bad "transfer --json: not 2 bodies"
expect 0 '"mean_forward_speed": ' -- "$bin" swim run --steps 50 --json
grep -q '^  "return": [0-9]' "$t/out" && grep -q '^  "links": 6,' "$t/out" && ok || bad "swim run --json lacks return/links"

# --- train, resume, checkpoints, ablate (tiny budgets: 100-step episodes) -
tr="--steps 100 --popsize 4"
"$bin" swim train $tr --budget 1200 -o "$t/r1.h5" --curve "$t/r1.tsv" --plot "$t/r1.png" > "$t/r1.out" 2> "$t/r1.err" \
    || bad "swim train failed: $(head -c 300 "$t/r1.out")"
[ "$(grep -c '^[0-9]' "$t/r1.out")" -eq 3 ] && ok || bad "1200 steps of 4 x 100 should be 3 generations"
grep -q '^3	1200	' "$t/r1.out" && ok || bad "generation 3 does not end at 1200 steps"
grep -q "train: final_return" "$t/r1.err" && ok || bad "train says no final return"
! grep -q "^#" "$t/r1.out" && [ "$(grep -c '^generation' "$t/r1.out")" -eq 1 ] && ok || bad "train stdout is not one table"
expect 0 '"best_candidate_return": ' -- "$bin" swim train $tr --budget 400 -o "$t/r4.h5" --json
grep -q '"generation": 1,' "$t/out" && grep -q '^  "final_return": ' "$t/out" && ok || bad "train --json lacks curve/final_return"
# a budget that is not a whole number of generations is overrun, and said
expect 0 "the budget of 1000 environment steps is checked after each generation: the run used 1200" -- \
    "$bin" swim train $tr --budget 1000 -o "$t/r5.h5"
[ -s "$t/r1.png" ] && grep '^[0-9]' "$t/r1.out" | cmp -s - "$(tail -n +2 "$t/r1.tsv" > "$t/r1.rows"; echo "$t/r1.rows")" \
    && ok || bad "no learning-curve figure, or the TSV differs from the printed curve"
# the same seed reproduces the run exactly, on any thread count
"$bin" swim train $tr --budget 1200 --threads 1 -o "$t/r3.h5" > "$t/r3.out" 2> "$t/r3.err" \
    && cat "$t/r1.out" "$t/r1.err" > "$t/r1.all" && cat "$t/r3.out" "$t/r3.err" > "$t/r3.all" \
    && diff "$t/r1.all" "$t/r3.all" | grep -v "checkpoint" | grep -q '^[<>]' && bad "train differs with --threads 1" || ok
# stopping at 400 steps and resuming to 1200 gives the same curve and weights
"$bin" swim train $tr --budget 400 -o "$t/r2.h5" > /dev/null && "$bin" swim train --resume --budget 1200 -o "$t/r2.h5" > "$t/r2.out" \
    || bad "resume failed"
grep -v checkpoint "$t/r1.out" > "$t/r1.cmp"; grep -v checkpoint "$t/r2.out" > "$t/r2.cmp"
cmp -s "$t/r1.cmp" "$t/r2.cmp" && ok || bad "resumed run differs from the straight one"
# the checkpoint drives run/eval/transfer; eval reproduces train's final return (seeds 1..10)
want=$(sed -n 's/.*train: final_return \([-0-9.]*\) .*/\1/p' "$t/r1.err")
"$bin" swim eval --checkpoint "$t/r1.h5" --steps 100 > "$t/ev.out" 2> "$t/ev.err" && [ -n "$want" ] \
    && grep -q "eval: return $want " "$t/ev.err" \
    && ok || bad "eval of the checkpoint ($(tail -1 "$t/ev.err")) is not train's final return $want"
expect 0 "checkpoint" -- "$bin" swim run --checkpoint "$t/r1.h5" --links 9 --steps 50
expect 0 "^13	12	" -- "$bin" swim transfer --checkpoint "$t/r1.h5" --min-links 13 --episodes 1 --steps 50
# the transfer figure marks the body the checkpoint was trained on (6 links, the
# default; its body_links attribute): a dashed line through the 6-link bar
# (bar 1 of 5..7) and its label above it, in the figure's description
CTOME_FIGURE_JSON=1 "$bin" swim transfer --checkpoint "$t/r1.h5" --min-links 5 --max-links 7 --episodes 1 \
    --steps 20 --plot "$t/trm.png" > /dev/null 2> "$t/trm.err" || bad "transfer with a marked body failed"
grep -A1 '"text": "trained on 6 links"' "$t/trm.png.json" | grep -q '"x": 1.0' \
    && ok || bad "the transfer figure does not mark the 6-link training body"
grep -q "does not record" "$t/trm.err" && bad "a checkpoint that records its body still warns: $(cat "$t/trm.err")" || ok
CTOME_FIGURE_JSON=1 "$bin" swim transfer --checkpoint "$t/r1.h5" --min-links 8 --max-links 9 --episodes 1 \
    --steps 20 --plot "$t/trn.png" > /dev/null 2>&1 && grep -q '"text": "trained on 6 links (not in the range shown)"' \
    "$t/trn.png.json" && ok || bad "a training body outside the range is not said"
# a checkpoint written before the attribute existed (tests/fixtures/swim): said on stderr and in the figure
export CTOME_FIGURE_JSON=1
expect 0 "does not record the body it was trained on" -- "$bin" swim transfer \
    --checkpoint "$CTOME_TESTS/fixtures/swim/ckpt_no_body.h5" --min-links 3 --max-links 4 --episodes 1 --steps 20 \
    --plot "$t/tru.png"
unset CTOME_FIGURE_JSON
# the circuit switches cannot change a checkpoint's circuit: refused, not ignored
expect 2 "with --checkpoint it comes from the checkpoint" -- "$bin" swim transfer --checkpoint "$t/r1.h5" --no-signs
grep -q '"text": "training body unknown' "$t/tru.png.json" && ok || bad "the figure does not say the training body is unknown"
"$bin" swim train --controller mlp --hidden 8 $tr --budget 400 -o "$t/m.h5" > /dev/null || bad "mlp train failed"
expect 1 "does not transfer" -- "$bin" swim run --checkpoint "$t/m.h5" --links 8 -o "$t/mt.h5"
no_file "$t/mt.h5"
expect 1 "weight-shared NCAP" -- "$bin" swim transfer --checkpoint "$t/m.h5" --max-links 4
expect 0 "eval: return" -- "$bin" swim eval --checkpoint "$t/m.h5" --episodes 1 --steps 20
expect 0 "^mlp	" -- "$bin" swim ablate --variants ncap,mlp --hidden 4 --seeds 2 --episodes 1 $tr --budget 400 \
    --plot "$t/ab"
grep -q "^ncap	4	" "$t/out" && ok || bad "ablate table lacks the 4-parameter NCAP row"
[ -s "$t/ab_summary.png" ] && [ -s "$t/ab_curves.png" ] && ok || bad "ablate --plot ab wrote no ab_summary.png / ab_curves.png"
expect 0 '"trained_mean": ' -- "$bin" swim ablate --variants ncap --seeds 1 --episodes 1 $tr --budget 400 --json
grep -q '"variant": "ncap"' "$t/out" && ok || bad "ablate --json lacks the ncap variant"
expect 2 "warning: --curves-plot is deprecated" -- "$bin" swim ablate --variants ncap,lstm --curves-plot "$t/abc.png"
expect 2 "unknown or repeated variant 'lstm'" -- "$bin" swim ablate --variants ncap,lstm
expect 2 "checkpoint.h5 is required" -- "$bin" swim train --budget 10
expect 2 "nothing to train" -- "$bin" swim train --controller zero -o "$t/z.h5"
no_file "$t/z.h5"
expect 2 "budget must be at least 1" -- "$bin" swim train --budget 0 -o "$t/z.h5"
expect 2 "unknown algorithm 'sgd'" -- "$bin" swim train --algo sgd -o "$t/z.h5"
expect 2 "settings come from the checkpoint" -- "$bin" swim train --resume --seed 3 -o "$t/r1.h5"
expect 2 "unknown figure format" -- "$bin" swim train -o "$t/z.h5" --plot "$t/z.gif"
no_file "$t/z.h5"
expect 1 "junk.h5" -- sh -c "printf 'junk' > '$t/junk.h5'; '$bin' swim train --resume -o '$t/junk.h5'"
head -c 3000 "$t/r1.h5" > "$t/trunc.h5"
expect 1 "trunc.h5" -- "$bin" swim eval --checkpoint "$t/trunc.h5"

# --- bad input: exit codes, messages, no partial output ------------------
expect 2 "at least\|3 to 101 links" -- "$bin" swim run --links 2 -o "$t/bad.h5"
no_file "$t/bad.h5"
expect 2 "3 to 101 links" -- "$bin" swim run --links 1
expect 2 "3 to 101 links" -- "$bin" swim run --joints 1
expect 2 "give --links or --joints" -- "$bin" swim run --links 5 --joints 4
expect 2 "unknown controller 'pid'" -- "$bin" swim run --controller pid -o "$t/bad.h5"
no_file "$t/bad.h5"
expect 2 "unknown task 'crawl'" -- "$bin" swim run --task crawl
expect 2 "unknown task 'crawl'" -- "$bin" swim eval --task crawl
expect 2 "does not apply" -- "$bin" swim run --budget 10
expect 2 "NCAP switches" -- "$bin" swim run --controller mlp --no-signs
expect 2 "--plot-format must be png, svg or pdf" -- "$bin" swim run --plot "$t/h" --plot-format gif
expect 2 "--steps 0: out of range" -- "$bin" swim run --steps 0
expect 2 "--seed -3: not a whole number" -- "$bin" swim run --seed -3
expect 2 "min-links 9 is above" -- "$bin" swim transfer --min-links 9 --max-links 5
expect 1 "bneuron_osc) is nan" -- "$bin" swim run --weights 1,nan,1,-1 -o "$t/nan.h5" --plot "$t/nan"
no_file "$t/nan.h5"
no_file "$t/nan_trajectory.png"
expect 1 "gives 3 values" -- "$bin" swim eval --weights 1,1,1
expect 1 "weight-shared NCAP" -- "$bin" swim transfer --no-sharing --max-links 4 --plot "$t/ns.png"
no_file "$t/ns.png"
# a figure that cannot be written: no store and no earlier figure either
expect 1 "" -- "$bin" swim run --steps 20 -o "$t/nofig.h5" --plot "$t/missing/dir/f"
no_file "$t/nofig.h5"
# a store that cannot be written: the figures already drawn are removed
expect 1 "" -- "$bin" swim run --steps 20 -o "$t/missing/x.h5" --plot "$t/k"
no_file "$t/k_trajectory.png"
no_file "$t/k_kymograph.png"
printf 'not a checkpoint\n' > "$t/junk.h5"
expect 1 "junk.h5" -- "$bin" swim run --checkpoint "$t/junk.h5" -o "$t/j.h5"
no_file "$t/j.h5"
expect 1 "junk.h5" -- "$bin" swim eval --checkpoint "$t/junk.h5"
expect 1 "" -- "$bin" swim transfer --checkpoint "$t/nosuch.h5" --plot "$t/tj.png"
no_file "$t/tj.png"

# --mlp-init normal: every weight N(0,1), the issue's random MLP (~130 +- 90; 146.7 +- 74.1 over seeds 1..10).
"$bin" swim eval --controller mlp --mlp-init normal --seed 1 --episodes 1 > "$t/mn" 2>/dev/null || bad "eval --mlp-init normal failed"
in_range "$(sed -n 2p "$t/mn" | cut -f3)" 40 100 "random MLP, normal init, seed 1 (measured 68.9)"
expect 2 "torch or normal" -- "$bin" swim eval --controller mlp --mlp-init xavier
expect 2 "MLP switch" -- "$bin" swim run --controller ncap --mlp-init normal

# --movie: an animated GIF (giflib; read back frame by frame in
# tests/test_swim_movie.c).  100 steps at 3 steps a frame = 34 frames of
# 0.09 s (3 x 0.03 s: real time); the file starts "GIF89a".
"$bin" swim run --steps 100 --movie "$t/m.gif" > "$t/m.tsv" || bad "swim run --movie failed"
[ "$(value movie_frames "$t/m.tsv")" = 34 ] && ok || bad "movie frames $(value movie_frames "$t/m.tsv"), want 34"
[ "$(value movie_frame_delay_s "$t/m.tsv")" = 0.09 ] && ok || bad "movie frame delay, want 0.09 s"
[ "$(value movie_speed "$t/m.tsv")" = 1.000 ] && ok || bad "movie does not play in real time"
[ "$(head -c 6 "$t/m.gif")" = GIF89a ] && ok || bad "movie is not a GIF89a"
"$bin" swim run --steps 10 --movie-stride 1 --movie "$t/m.gif" > "$t/m1.tsv" && [ "$(value movie_frames "$t/m1.tsv")" = 10 ] \
    && [ "$(value movie_frame_delay_s "$t/m1.tsv")" = 0.03 ] && ok || bad "rewriting ctome's own movie (stride 1) failed"
printf 'my notes\n' > "$t/notes.gif"
expect 1 "not a movie ctome wrote" -- "$bin" swim run --steps 10 --movie "$t/notes.gif"
[ "$(cat "$t/notes.gif")" = "my notes" ] && ok || bad "a file ctome did not write was overwritten"
expect 2 "ending in .gif" -- "$bin" swim run --movie "$t/m.png"
expect 2 "needs --movie" -- "$bin" swim run --movie-stride 2
expect 2 "movie-stride" -- "$bin" swim run --movie "$t/s.gif" --movie-stride 0
expect 1 "standard output" -- "$bin" swim run --movie -
expect 1 "does not exist" -- "$bin" swim run --movie "$t/nodir/m.gif"
expect 2 "does not apply" -- "$bin" swim eval --movie "$t/e.gif"
no_file "$t/s.gif"
no_file "$t/e.gif"
expect 0 "links are grey" -- "$bin" swim run --steps 10 --controller mlp --movie "$t/mlp.gif"

cli_done
