#!/bin/sh
# CLI tests of `ctome sim` (tools/cmd_sim.c, tools/ei_cli.c): outputs with
# analytic answers, exit codes and messages of bad parameters, no partial
# output files, byte-identical runs for the same seed, Dale's law on
# cook2019-herm.  Needs CTOME_BIN (set by meson).
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# --- help ----------------------------------------------------------------
expect 0 "Wicks SR" -- "$bin" help sim
expect 0 "Kunert-Graf" -- "$bin" help sim
expect 0 "--shuffle-weights" -- "$bin" sim --help

# --- analytic: two cholinergic neurons, W = [[0, .5], [.5, 0]], linear f ---
# x' = -x + W x + I, I = (1, 0), x(0) = 0.  With s = x1 + x2, d = x1 - x2:
# s = 2 (1 - e^-t/2), d = (2/3)(1 - e^-3t/2), so x1(2) = 1 - e^-1 + (1 - e^-3)/3
# = 0.948858, x2(2) = 0.315383; fixed point (4/3, 2/3), eigenvalues of J =
# W - I: -0.5, -1.5; rho(W) = 0.5.
printf 'source,target,weight\nAVAL,AVBL,10\nAVBL,AVAL,10\n' > "$t/toy.csv"
toy="$t/toy.csv --chem-scale 0.05 --transfer linear --input AVAL=1 --t-end 2 --neurons AVAL,AVBL"
for m in rk4 rkf45 rk8pd msbdf; do
    expect 0 "^AVAL	0.948858	2	0.948858$" -- "$bin" sim $toy --method $m
    expect 0 "^AVBL	0.315383	2	0.315383$" -- "$bin" sim $toy --method $m
done
expect 0 "^max_real_eigenvalue	-0.5$" -- "$bin" sim $toy --stability
expect 0 "^spectral_radius_W	0.5$" -- "$bin" sim $toy --stability
expect 0 "^fixed_point_max_abs	1.333333333$" -- "$bin" sim $toy --stability
expect 0 "^stable	yes$" -- "$bin" sim $toy --stability
expect 0 '"converged": true' -- "$bin" sim $toy --stability --json
# chem-scale 0.1: eigenvalues 0 and -2, the fixed point is not asymptotically stable
expect 0 "^stable	no$" -- "$bin" sim $toy --stability --chem-scale 0.1
# flip: W = -[[0,.5],[.5,0]] swaps the roles of s and d: s = (2/3)(1 - e^-3t/2),
# d = 2 (1 - e^-t/2), x1(2) = 0.948858 again and x2(2) = -0.315383
expect 0 "excitatory 0, inhibitory 2" -- "$bin" sim $toy --flip-signs
expect 0 "^AVBL	-0.315383	2	-0.315383$" -- "$bin" sim $toy --flip-signs
# silencing AVBL: AVAL alone, x1 = 1 - e^-t, x1(2) = 0.864665; AVBL stays 0
expect 0 "^AVAL	0.864665	2	0.864665$" -- "$bin" sim $toy --silence AVBL
expect 0 "^AVBL	0	0	0$" -- "$bin" sim $toy --silence AVBL
# --sign AVB=-1: W = [[0, -.5], [.5, 0]], J = W - I has eigenvalues -1 +- 0.5i
expect 0 "excitatory 1, inhibitory 1" -- "$bin" sim $toy --sign AVB=-1
expect 0 "^leading_eigenvalues	-1+0.5i,-1-0.5i$" -- "$bin" sim $toy --sign AVB=-1 --stability
# per-neuron tau from a file (class name), comments allowed
printf '# tau per class\nAVA\t2\n' > "$t/tau.tsv"
expect 0 "^AVAL	" -- "$bin" sim $toy --tau-file "$t/tau.tsv"

# --- real connectomes ----------------------------------------------------
expect 0 "^neurons	302 (excitatory 241, inhibitory 31, unsigned 30)" -- "$bin" sim cook2019-herm --stim AVA:0.1:0.2:1
# Dale's law: the model's signs are the registry's (Wang 2024) transmitter signs
ne=$("$bin" neurons | awk -F'\t' 'NR > 1 && $6 == "excitatory"' | wc -l)
ni=$("$bin" neurons | awk -F'\t' 'NR > 1 && $6 == "inhibitory"' | wc -l)
"$bin" sim cook2019-herm --json > "$t/cook.json"
grep -q "\"n_excitatory\": $ne," "$t/cook.json" && ok || bad "n_excitatory is not $ne"
grep -q "\"n_inhibitory\": $ni," "$t/cook.json" && ok || bad "n_inhibitory is not $ni"
# model parameters: numbers as numbers, booleans as booleans, an unused seed null
grep -q '^    "chem_scale": 0.01,$' "$t/cook.json" && ok || bad "sim --json: chem_scale is not the number 0.01"
grep -q '^    "flip_signs": false,$' "$t/cook.json" && ok || bad "sim --json: flip_signs is not a boolean"
grep -q '^    "random_signs_seed": null,$' "$t/cook.json" && ok || bad "sim --json: an unused seed is not null"
expect 0 '"random_signs_seed": 5,' -- "$bin" sim varshney2011 --t-end 0.1 --random-signs 5 --json
expect 0 "excitatory 31, inhibitory 241" -- "$bin" sim cook2019-herm --flip-signs
expect 0 "excitatory 241, inhibitory 31" -- "$bin" sim cook2019-herm --random-signs 5
expect 0 "^AVAL	" -- "$bin" sim cook2019-herm --shuffle-weights 3 --stim AVAL:0:0.5:1
expect 0 "^AVAL	0	0	0$" -- "$bin" sim cook2019-herm --silence AVA --stim AVA:0:0.5:1
expect 0 "0 gap-junction entries" -- "$bin" sim varshney2011 --remove-layer electrical --stim ASHL:0:0.5:1
expect 0 "^dataset	witvliet2021-8" -- "$bin" sim witvliet2021-8 --stim AVB:0:0.5:1 --method rk8pd
expect 0 "^stable	" -- "$bin" sim varshney2011 --stability --fp-start end --t-end 5

# outputs: store with traces and parameters, figure
expect 0 "^noise	sigma 0.1, seed 7" -- "$bin" sim cook2019-herm --stim AVA:0.1:0.2:1 --noise 0.1 --seed 7 \
    -o "$t/a.h5" --plot "$t/a.png" --t-end 0.5
[ -s "$t/a.png" ] && head -c 8 "$t/a.png" | grep -q PNG && ok || bad "no PNG figure"
if command -v h5dump >/dev/null 2>&1; then
    h5dump -a /simulations/cook2019-herm/seed "$t/a.h5" | grep -q "(0): 7" && ok || bad "seed attribute"
    h5dump -a /simulations/cook2019-herm/stimuli "$t/a.h5" | grep -q "AVA:0.1" && ok || bad "stimuli attribute"
    h5dump -a /simulations/cook2019-herm/model_chem_scale "$t/a.h5" | grep -q "H5T_IEEE_F64LE" && ok \
        || bad "model_chem_scale is not stored as a number"
    h5dump -H -d /simulations/cook2019-herm/traces "$t/a.h5" | grep -q "( 302, 51 )" && ok || bad "traces shape"
    # same seed: byte-identical traces; another seed: different
    "$bin" sim cook2019-herm --stim AVA:0.1:0.2:1 --noise 0.1 --seed 7 -o "$t/b.h5" --t-end 0.5 >/dev/null
    "$bin" sim cook2019-herm --stim AVA:0.1:0.2:1 --noise 0.1 --seed 8 -o "$t/c.h5" --t-end 0.5 >/dev/null
    h5dump -d /simulations/cook2019-herm/traces "$t/a.h5" | tail -n +2 > "$t/a.txt"
    h5dump -d /simulations/cook2019-herm/traces "$t/b.h5" | tail -n +2 > "$t/b.txt"
    h5dump -d /simulations/cook2019-herm/traces "$t/c.h5" | tail -n +2 > "$t/c.txt"
    cmp -s "$t/a.txt" "$t/b.txt" && ok || bad "same seed gives different traces"
    cmp -s "$t/a.txt" "$t/c.txt" && bad "seeds 7 and 8 give the same traces" || ok
fi
# and the whole file is byte-identical when the timestamp is pinned
SOURCE_DATE_EPOCH=1 "$bin" sim varshney2011 --noise 0.05 --seed 3 -o "$t/d.h5" --t-end 0.5 >/dev/null
SOURCE_DATE_EPOCH=1 "$bin" sim varshney2011 --noise 0.05 --seed 3 -o "$t/e.h5" --t-end 0.5 >/dev/null
cmp -s "$t/d.h5" "$t/e.h5" && ok || bad "same seed gives different store files"

# --plot is the figure; the old --figure still works and warns once; --quiet
# drops notes (the seed) but not warnings that change the result
expect 0 "sim: --figure is now --plot" -- "$bin" sim varshney2011 --t-end 0.2 --figure "$t/old.png" --figure "$t/old.png"
[ "$(grep -c "is now --plot" "$t/err")" -eq 1 ] && [ -s "$t/old.png" ] && ok || bad "--figure: not one warning, or no figure"
expect 0 "note: no --seed given" -- "$bin" sim varshney2011 --t-end 0.2 --noise 0.1
expect 0 "" -- "$bin" sim varshney2011 --t-end 0.2 --noise 0.1 --quiet
[ -s "$t/err" ] && bad "sim --quiet printed: $(cat "$t/err")" || ok
expect 0 "stimulus AVAL starts at 3" -- "$bin" sim varshney2011 --stim AVAL:3:1:1 --t-end 2 --quiet

# --- bad parameters: exit 1 with the value named, no output --------------
o="-o $t/x.h5 --plot $t/x.png"
expect 1 "tau must be > 0, got '-1'" -- "$bin" sim varshney2011 --tau -1 $o
expect 1 "tau must be > 0, got '0'" -- "$bin" sim varshney2011 --tau 0 $o
expect 2 "--input value nan: not a finite number" -- "$bin" sim varshney2011 --input AVAL=nan $o
expect 1 "unknown neuron or class to stimulate 'FOO'" -- "$bin" sim varshney2011 --stim FOO:0:1:1 $o
expect 1 "chemical scale must be >= 0, got '-1'" -- "$bin" sim varshney2011 --chem-scale -1 $o
expect 1 "unknown neuron or class in --sign 'FOO'" -- "$bin" sim varshney2011 --sign FOO=1 $o
expect 1 "silence 'FOO'" -- "$bin" sim varshney2011 --silence FOO $o
printf 'source,target,weight\n' > "$t/empty.csv"
expect 1 "empty.csv" -- "$bin" sim "$t/empty.csv" $o
printf 'source,target,weight\nAVAL,AVBL,10\n' > "$t/chemonly.csv"
expect 1 "no connection left" -- "$bin" sim "$t/chemonly.csv" --remove-layer chemical $o
printf 'AVAL\t0\n' > "$t/tau0.tsv"
expect 1 "tau0.tsv:1" -- "$bin" sim varshney2011 --tau-file "$t/tau0.tsv" $o
printf 'NOTANEURON\t1\n' > "$t/taux.tsv"
expect 1 "unknown neuron or class 'NOTANEURON'" -- "$bin" sim varshney2011 --tau-file "$t/taux.tsv" $o
expect 1 "not finite" -- "$bin" sim $toy --chem-scale 1 --transfer relu --t-end 100 $o
expect 1 "RK4" -- "$bin" sim varshney2011 --noise 0.1 --method rkf45 $o
expect 1 "'FOO' is not in the model" -- "$bin" sim varshney2011 --neurons AVAL,FOO $o
# a figure that cannot be written: the store is not left behind either
expect 1 "nodir does not exist" -- "$bin" sim varshney2011 -o "$t/x.h5" --plot "$t/nodir/x.png"
no_file "$t/x.h5"
no_file "$t/x.png"
# class names resolve in any case, like neuron names (ASH = ASHL + ASHR)
"$bin" sim varshney2011 --stim ash:0:1:1 --t-end 2 > "$t/ash.tsv" 2> "$t/err" &&
    [ "$(cut -f1 "$t/ash.tsv" | grep -c '^ASH[LR]$')" -eq 2 ] && ok || bad "--stim ash does not stimulate ASHL and ASHR: $(cat "$t/err")"
expect 0 "" -- "$bin" sim varshney2011 --silence ava --t-end 1
# a stimulus outside the simulated time is said, not silently dropped
expect 0 "stimulus AVAL starts at 3, at or after --t-end 2: it has no effect" -- \
    "$bin" sim varshney2011 --stim AVAL:3:1:1 --t-end 2
expect 0 "stimulus AVAL (1.5 to 2.5) is cut at --t-end 2" -- "$bin" sim varshney2011 --stim AVAL:1.5:1:1 --t-end 2
# usage errors: exit 2
expect 2 "rk4, rkf45, rk8pd or msbdf, got 'euler'" -- "$bin" sim varshney2011 --method euler $o
expect 2 "NAME:start:duration:amplitude" -- "$bin" sim varshney2011 --stim AVA:0:1 $o
expect 2 "--tau abc: not a number" -- "$bin" sim varshney2011 --tau abc $o
expect 2 "--dt 1e999: not a finite number" -- "$bin" sim varshney2011 --dt 1e999 $o
expect 2 "--stim amplitude x: not a number" -- "$bin" sim varshney2011 --stim AVA:0:1:x $o
expect 2 "--transfer wants" -- "$bin" sim varshney2011 --transfer step $o
expect 2 "--sign wants" -- "$bin" sim varshney2011 --sign AVA=2 $o
expect 2 "--remove-layer wants" -- "$bin" sim varshney2011 --remove-layer gap $o
expect 2 "exactly one connectome" -- "$bin" sim $o
no_file "$t/x.h5"
no_file "$t/x.png"

cli_done
