#!/bin/sh
# Ensembles across MPI ranks (issue 16 §2): wall time of whole commands on
# 1 process, and under `mpirun --mpi` on 1, 2 and 4 ranks (4 oversubscribes
# the 2-core machine), every rank on one OpenMP thread so that ranks are the
# only parallelism; one process on 2 threads for comparison.  Every
# multi-rank output is compared byte for byte with the one-process output.
#   sh tests/bench/bench_mpi.sh [build-dir] [stats-nulls] [perturb-nulls]
# Defaults: build, 400 nulls for `ctome stats cook2019-herm --layer
# chemical` (its fixed part, timed with --nulls 1, runs on every rank), 8
# rewired nulls for `ctome perturb cook2019-herm` (its observed atlas, timed
# with --nulls 0, runs on every rank).  Needs mpirun (Open MPI).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
sn=${2:-400}
pn=${3:-8}
bin="$b/tools/ctome"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

wall() { grep "Elapsed (wall" "$1" | awk '{print $NF}'; }
# CPU seconds (user + system) of the command and its children: with mpirun,
# every rank (they are its children on one machine)
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }
secs() { echo "$1" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }

# bench NAME -- command...: one process (1 thread, then 2 threads), then
# mpirun -np 1, 2, 4 with --mpi on 1 thread each; prints one row per run
bench() {
    name=$1
    shift 2
    OMP_NUM_THREADS=1 /usr/bin/time -v "$@" > "$out/$name.ref" 2> "$out/$name.t0"
    t1=$(secs "$(wall "$out/$name.t0")")
    echo "$name | 1 process, 1 thread | ${t1} s | $(cpu "$out/$name.t0") s | 1.00 | reference"
    OMP_NUM_THREADS=2 /usr/bin/time -v "$@" > "$out/$name.thr" 2> "$out/$name.tt"
    tt=$(secs "$(wall "$out/$name.tt")")
    same=$(cmp -s "$out/$name.ref" "$out/$name.thr" && echo identical || echo DIFFERENT)
    echo "$name | 1 process, 2 threads | ${tt} s | $(cpu "$out/$name.tt") s | $(echo "$t1 $tt" | awk '{printf "%.2f", $1 / $2}') | $same"
    for np in 1 2 4; do
        OMP_NUM_THREADS=1 /usr/bin/time -v mpirun -np $np --oversubscribe "$@" --mpi > "$out/$name.$np" \
            2> "$out/$name.t$np"
        tn=$(secs "$(wall "$out/$name.t$np")")
        same=$(cmp -s "$out/$name.ref" "$out/$name.$np" && echo identical || echo DIFFERENT)
        echo "$name | mpirun -np $np, 1 thread each | ${tn} s | $(cpu "$out/$name.t$np") s | $(echo "$t1 $tn" | awk '{printf "%.2f", $1 / $2}') | $same"
    done
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command | run | wall | CPU (user + sys, all ranks) | wall speed-up vs 1 process, 1 thread | output vs 1 process"
OMP_NUM_THREADS=1 /usr/bin/time -v "$bin" stats cook2019-herm --layer chemical --nulls 1 -q > /dev/null 2> "$out/fixed"
echo "stats fixed part (--nulls 1, 1 thread) | $(secs "$(wall "$out/fixed")") s | $(cpu "$out/fixed") s"
bench "stats --nulls $sn" -- "$bin" stats cook2019-herm --layer chemical --nulls "$sn" -q
OMP_NUM_THREADS=1 /usr/bin/time -v "$bin" perturb cook2019-herm --nulls 0 -q > /dev/null 2> "$out/fixed"
echo "perturb observed atlas (--nulls 0, 1 thread) | $(secs "$(wall "$out/fixed")") s | $(cpu "$out/fixed") s"
bench "perturb --nulls $pn" -- "$bin" perturb cook2019-herm --nulls "$pn" -q
OMP_NUM_THREADS=1 /usr/bin/time -v mpirun -np 2 --oversubscribe "$bin" version > /dev/null 2> "$out/start"
echo "mpirun -np 2 start-up and exit (ctome version) | $(secs "$(wall "$out/start")") s | $(cpu "$out/start") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
