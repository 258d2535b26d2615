#!/bin/sh
# Every ensemble command under MPI gives the bytes of one process: `ctome
# stats --nulls`, `nulls`, `structfunc`, `rsa --nulls --bootstrap`,
# `perturb --nulls`, `sweep` and `richlazy` with --mpi under `mpirun -np 2`
# (and -np 3 for a few: blocks of unequal size, a rank with one replicate)
# print and write exactly what one process does (lib/core/dist.h: replicate
# i = random stream i wherever it runs, blocks gathered as bytes).  Also:
# OMP_NUM_THREADS=1 and 2 give the same bytes; --mpi without mpirun is one
# process; a replicate failing on one rank ends every rank with its message
# (exit 1, no output file, no hang).  Skipped (exit 77) without mpirun or
# without MPI built into ctome.  Needs CTOME_BIN (set by meson).
# optional features (tests/cli_common.sh): mpi freexl
CTOME_NEEDS="mpi freexl"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

MPIRUN=$(command -v mpirun || true)
[ -n "$MPIRUN" ] || { echo "no mpirun: skipped"; exit 77; }
# Open MPI refuses root (CI runs as root) without these.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI's plugins keep memory at exit, and LeakSanitizer reports it with
# frames in "<unknown module>" (the plugins are dlopen'ed and the unwinder
# stops there), which no suppression can name: leak checking is off for the
# processes that start MPI (mpirun and --mpi runs) and stays on for the
# one-process runs of the same commands below.
NOLEAK="${ASAN_OPTIONS:-}:detect_leaks=0"
# Under AddressSanitizer (a ctome linked with libasan) every process is ~5x
# slower: keep 1 vs 2 ranks for the cheap commands only (the plain build
# runs everything), so that the test stays within 3 minutes.
SMALL=0
ldd "$bin" 2>/dev/null | grep -q libasan && SMALL=1
export SOURCE_DATE_EPOCH=0   # the store's "created" attribute: same bytes in every run
export OMP_NUM_THREADS=1
# A run that never ends would be a hang: give mpirun a generous ceiling.
TO=$(command -v timeout || true)
[ -n "$TO" ] && TO="$TO 240"

# Probe: a ctome without MPI says so (and then this test has nothing to check).
if ! ASAN_OPTIONS="$NOLEAK" $TO "$MPIRUN" -np 1 "$bin" rsa "$CTOME_TESTS/fixtures/rsa/folds.csv" --mpi > /dev/null 2> "$t/probe"; then
    if grep -q "built without MPI" "$t/probe"; then echo "ctome built without MPI: skipped"; exit 77; fi
    bad "mpirun -np 1 probe failed: $(head -c 300 "$t/probe")"
fi

# run NAME TAG NP -- command...: one process (NP = 1) or mpirun -np NP with
# --mpi; stdout to $t/NAME.TAG.out (the command's own files as given)
run() {
    name=$1 tag=$2 np=$3
    shift 4
    if [ "$np" -eq 1 ]; then
        "$@" > "$t/$name.$tag.out" 2> "$t/$name.$tag.err" || bad "$name: one process failed: $(head -c 300 "$t/$name.$tag.err")"
    else
        ASAN_OPTIONS="$NOLEAK" $TO "$MPIRUN" -np "$np" --oversubscribe "$@" --mpi > "$t/$name.$tag.out" 2> "$t/$name.$tag.err" ||
            bad "$name: mpirun -np $np failed: $(head -c 300 "$t/$name.$tag.err")"
    fi
}

# same NAME A B: the outputs of runs A and B are identical (and not empty)
same() {
    if [ ! -s "$t/$1.$2.out" ]; then bad "$1: run $2 printed nothing"; return; fi
    cmp -s "$t/$1.$2.out" "$t/$1.$3.out" && ok || {
        bad "$1: $3 differs from $2"; diff "$t/$1.$2.out" "$t/$1.$3.out" | head -10; }
}

rf="$CTOME_TESTS/fixtures/rsa/folds.csv"
"$bin" rsa "$rf" -o "$t/euc.tsv" || bad "rsa -o (the RDM to compare with) failed"
Q="--window 1 --dt 0.1 --quiet"
S="--stim-list AVAL,AVAR,ASHL,AWCL"
small="--init random --n 24 --steps 6 --every 3 --batch 8 --probe 6 --quiet"

# The karate club read as a directed graph (34 nodes, 78 arcs): rich club
# and motif nulls in well under a second, so ranks x threads stay cheap.
kar="$CTOME_TESTS/fixtures/scope/karate.csv"
# every ensemble command: one process (tag 1), 2 ranks (tag 2), and one
# process with OMP_NUM_THREADS=2 (tag t2); stats and nulls also on 3 ranks
all() {
    tag=$1 np=$2
    run stats "$tag" "$np" -- "$bin" stats "$kar" --nulls 40 --sw-refs 2 --json --quiet
    run rsa "$tag" "$np" -- "$bin" rsa "$rf" --compare "$t/euc.tsv" --rdm correlation --nulls 300 --bootstrap 200
    rm -f "$t/n$tag.h5"
    run nulls "$tag" "$np" -- "$bin" nulls varshney2011 -n 7 -o "$t/n$tag.h5" --quiet
    cp "$t/n$tag.h5" "$t/nulls.$tag.out" 2>/dev/null || : > "$t/nulls.$tag.out"
    [ "$tag" = 3 ] && return
    [ "$SMALL" = 1 ] && return
    run structfunc "$tag" "$np" -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 12 --seed 3 --quiet
    run perturb "$tag" "$np" -- "$bin" perturb cook2019-herm $S $Q --nulls 5 --seed 5 --json
    run sweep "$tag" "$np" -- "$bin" sweep cook2019-herm --param chem-scale=0.005:0.02:3 $S $Q
    run richlazy "$tag" "$np" -- "$bin" richlazy $small --seeds 2 --json -o "$t/rl$tag.tsv"
    cat "$t/rl$tag.tsv" >> "$t/richlazy.$tag.out" 2>/dev/null
}
all 1 1
all 2 2
if [ "$SMALL" = 1 ]; then
    for c in stats rsa nulls; do
        same $c 1 2
    done
else
    all 3 3
    OMP_NUM_THREADS=2 all t2 1
    for c in stats rsa nulls; do
        same $c 1 3
    done
    for c in stats rsa nulls structfunc perturb sweep richlazy; do
        same $c 1 2
        same $c 1 t2
    done
fi
# 2 ranks x 2 threads
OMP_NUM_THREADS=2 run stats 22 2 -- "$bin" stats "$kar" --nulls 40 --sw-refs 2 --json --quiet
same stats 1 22
# the results are real: rich-club p-values, a permutation p, 5 valid nulls, 3 grid points
grep -q '"p": \[' "$t/stats.1.out" && ok || bad "stats: no rich-club p in the JSON"
grep -q "^p_perm	" "$t/rsa.1.out" && ok || bad "rsa: no permutation p"
if [ "$SMALL" = 0 ]; then
    grep -q '"nulls_valid": 5' "$t/perturb.1.out" && ok || bad "perturb: not 5 valid nulls"
    [ "$(grep -c '	ok$' "$t/sweep.1.out")" -eq 3 ] && ok || bad "sweep: not 3 grid points"
fi

# --mpi without mpirun: MPI starts as a single process, same result
ASAN_OPTIONS="$NOLEAK" "$bin" stats "$kar" --nulls 40 --sw-refs 2 --json --quiet --mpi > "$t/stats.s.out" 2> "$t/err" ||
    bad "--mpi without mpirun failed: $(head -c 300 "$t/err")"
same stats 1 s

# A replicate that fails on one rank only (one network: rank 1 of 2 trains
# it, rank 0 has none): both ranks stop, rank 0 prints the failing rank's
# message, exit 1, no file, and mpirun returns (no hang).
ASAN_OPTIONS="$NOLEAK" $TO "$MPIRUN" -np 2 --oversubscribe "$bin" richlazy $small --ranks 24 --seeds 1 --optimizer sgd --lr 1e300 \
    -o "$t/nan.tsv" --mpi > "$t/out" 2> "$t/err"
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && ok || bad "a failing rank: exit $rc (124 = hung)"
grep -q "ctome: error: random rank 24 seed 1: training diverged" "$t/err" && ok ||
    bad "a failing rank: message lost: $(head -c 300 "$t/err")"
no_file "$t/nan.tsv"
# An error every rank meets (a bad dataset): exit 1 with the message (rank 0
# prints it plainly; the others, not knowing whether they alone failed, add
# "MPI rank r of n" and leave MPI unfinalised so mpirun ends the job).
ASAN_OPTIONS="$NOLEAK" $TO "$MPIRUN" -np 2 --oversubscribe "$bin" stats nope --nulls 5 --mpi > "$t/out" 2> "$t/err"
rc=$?
[ "$rc" -eq 1 ] && ok || bad "bad input under mpirun: exit $rc, want 1"
[ "$(grep -c "^ctome: error: .*nope" "$t/err")" -ge 1 ] && ok || bad "bad input under mpirun: no message: $(head -c 300 "$t/err")"
cli_done
