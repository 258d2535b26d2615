#!/bin/sh
# CLI tests of `ctome swim train` across MPI ranks and threads, and of its
# checkpoints: `mpirun -np 2 ctome swim train --mpi` prints the same learning
# curve, final return and checkpoint weights as one process (ES and CMA-ES);
# 1 thread == 2 threads; --resume continues bit for bit; a corrupt or foreign
# checkpoint is a clear error (exit 1) that names the file and leaves no output.
# The MPI part is skipped without mpirun or without MPI built in.
# optional features (tests/cli_common.sh): mujoco
CTOME_NEEDS="mujoco"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# same A B WHAT: identical files
same() { if cmp -s "$1" "$2"; then ok; else bad "$3 differ: $(diff "$1" "$2" | head -5)"; fi; }

# The run's text output without the line naming the checkpoint file.
strip() { grep -v '^# .*checkpoint' "$1"; }

# weights of a checkpoint (h5dump prints them in full precision)
weights() {
    if command -v h5dump >/dev/null 2>&1; then
        h5dump -m %.17g -d /runs/train/swim/theta "$1" | grep -v HDF5 | grep -v '^ *$' | sed 's/"[^"]*\.h5"//'
    else
        echo no-h5dump
    fi
}

# short episodes: 2 generations of 4 (ES) or 8 (CMA-ES) candidates x 60 steps
common="--controller ncap --steps 60 --seed 3 --quiet"

# --- threads: 1 == 2 ------------------------------------------------------
"$bin" swim train $common --algo es --popsize 4 --budget 480 --threads 1 -o "$t/t1.h5" --curve "$t/t1.tsv" > "$t/t1.out" 2> "$t/t1.err" || bad "train 1 thread"
"$bin" swim train $common --algo es --popsize 4 --budget 480 --threads 2 -o "$t/t2.h5" --curve "$t/t2.tsv" > "$t/t2.out" 2> "$t/t2.err" || bad "train 2 threads"
# the result (final and best returns) is said on stderr even with --quiet
grep -q "final_return [0-9.-]* +- " "$t/t1.err" && ok || bad "train --quiet does not say its final return"
same "$t/t1.err" "$t/t2.err" "final returns on 1 and 2 threads"
same "$t/t1.tsv" "$t/t2.tsv" "learning curves on 1 and 2 threads"
strip "$t/t1.out" > "$t/a"; strip "$t/t2.out" > "$t/b"; same "$t/a" "$t/b" "outputs on 1 and 2 threads"
weights "$t/t1.h5" > "$t/a"; weights "$t/t2.h5" > "$t/b"; same "$t/a" "$t/b" "checkpoint weights on 1 and 2 threads"
[ "$(wc -l < "$t/t1.tsv")" -eq 3 ] && ok || bad "curve rows: $(wc -l < "$t/t1.tsv"), want header + 2"

# --- resume: 2 generations + resume to 4 == 4 at once ---------------------
"$bin" swim train $common --algo es --popsize 4 --budget 960 --threads 2 -o "$t/full.h5" --curve "$t/full.tsv" > /dev/null || bad "train 4 generations"
cp "$t/t1.h5" "$t/res.h5"
"$bin" swim train --resume --budget 960 --quiet -o "$t/res.h5" --curve "$t/res.tsv" > /dev/null || bad "resume"
same "$t/full.tsv" "$t/res.tsv" "learning curves of a resumed and an uninterrupted run"
weights "$t/full.h5" > "$t/a"; weights "$t/res.h5" > "$t/b"; same "$t/a" "$t/b" "weights of a resumed and an uninterrupted run"

# --- corrupt and foreign checkpoints ---------------------------------------
printf 'not a checkpoint\n' > "$t/junk.h5"
expect 1 "junk.h5" -- "$bin" swim train --resume --budget 960 --quiet -o "$t/junk.h5"
head -c 2000 "$t/full.h5" > "$t/trunc.h5"
expect 1 "trunc.h5" -- "$bin" swim train --resume --budget 960 --quiet -o "$t/trunc.h5"
expect 1 "trunc.h5" -- "$bin" swim eval --checkpoint "$t/trunc.h5" --episodes 1 --steps 10
"$bin" ingest cook2019-herm -o "$t/store.h5" > /dev/null 2>&1 || true
if [ -e "$t/store.h5" ]; then
    expect 1 "no training checkpoint" -- "$bin" swim eval --checkpoint "$t/store.h5" --episodes 1 --steps 10
fi
no_file "$t/none.h5"

# --- MPI: 2 ranks == 1 process ------------------------------------------------
MPIRUN=$(command -v mpirun || true)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"   # Open MPI's plugins leak at exit (MPI part only)
if [ -n "$MPIRUN" ] && "$bin" swim train --mpi --steps 10 --popsize 2 --budget 20 --quiet -o "$t/probe.h5" > /dev/null 2>&1; then
    for algo in es cmaes; do
        pop=""; [ "$algo" = es ] && pop="--popsize 6"
        "$bin" swim train $common --algo $algo $pop --budget 600 --threads 1 -o "$t/p1.h5" --curve "$t/p1.tsv" > "$t/p1.out" || bad "$algo: one process"
        "$MPIRUN" -np 2 --oversubscribe "$bin" swim train --mpi $common --algo $algo $pop --budget 600 --threads 1 \
            -o "$t/p2.h5" --curve "$t/p2.tsv" > "$t/p2.out" 2> "$t/p2.err" || bad "$algo: mpirun -np 2: $(head -c 300 "$t/p2.err")"
        same "$t/p1.tsv" "$t/p2.tsv" "$algo: learning curves of 1 process and 2 ranks"
        "$bin" swim train $common --algo $algo $pop --budget 600 --threads 1 -o "$t/p3.h5" 2>&1 > /dev/null \
            | grep final_return > "$t/a"
        grep final_return "$t/p2.err" > "$t/b"; same "$t/a" "$t/b" "$algo: final returns of 1 process and 2 ranks"
        strip "$t/p1.out" > "$t/a"; strip "$t/p2.out" > "$t/b"; same "$t/a" "$t/b" "$algo: outputs of 1 process and 2 ranks"
        weights "$t/p1.h5" > "$t/a"; weights "$t/p2.h5" > "$t/b"; same "$t/a" "$t/b" "$algo: checkpoint weights of 1 process and 2 ranks"
        # exactly one copy of the output (rank 0 prints)
        [ "$(grep -c '^generation' "$t/p2.out")" -eq 1 ] && ok || bad "$algo: ranks printed $(grep -c '^generation' "$t/p2.out") curves"
    done
else
    echo "skipped the MPI part (no mpirun or no MPI in this ctome)"
fi

cli_done
