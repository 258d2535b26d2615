#!/bin/sh
# .xlsx reading through ctome's zip reader (lib/core/zipread.c on zlib) and
# expat: `ctome info` on the three largest bundled workbooks, REPS times each
# on one core; prints the best wall time and the best CPU time (user + sys)
# of each, from /usr/bin/time.  Process start and the registry (two Wang 2024
# workbooks) are included in every run.
#   sh tests/bench/bench_xlsx.sh [build-dir] [reps]
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
reps=${2:-5}
d=data/connectome
for f in "$d/cook2019/SI 5 Connectome adjacency matrices, corrected July 2020.xlsx" \
         "$d/yim2024_dauer/41467_2024_45943_MOESM6_ESM.xlsx" \
         "$d/witvliet2021/witvliet_2020_8.xlsx"; do
    best_wall=
    best_cpu=
    i=0
    while [ $i -lt "$reps" ]; do
        t=$( { /usr/bin/time -f "%e %U %S" taskset -c 0 "$b/tools/ctome" info "$f" >/dev/null; } 2>&1 | tail -1)
        wall=$(echo "$t" | cut -d' ' -f1)
        cpu=$(echo "$t" | awk '{print $2 + $3}')
        if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc)" = 1 ]; then best_wall=$wall; fi
        if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu; fi
        i=$((i + 1))
    done
    echo "ctome info $(basename "$f"): best of $reps, wall ${best_wall} s, cpu ${best_cpu} s"
done
