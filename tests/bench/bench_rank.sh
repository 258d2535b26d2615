#!/bin/sh
# Effective-rank benchmark (issue 6), side by side with numpy.
#   sh tests/bench/bench_rank.sh [build-dir] [n] [reps]     (default build 300 200)
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (numpy).
# 1. tests/bench/bench_rank.c: ctome_rank_singular_values (LAPACKE_dgesdd,
#    values only, one OpenBLAS thread at this size) + effective rank; dgesdd
#    on 1 and 2 OpenBLAS threads; GSL's SVD for the record.
# 2. tests/bench/rank_peer.py: numpy.linalg.svd(compute_uv=False) + effective rank.
# 3. `ctome rank` on a 300 x 300 CSV matrix, whole command (parse + SVD + eig).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
n=${2:-300}
reps=${3:-200}
"$b/tests/bench/bench_rank" "$n" "$reps"
/usr/bin/python3 tests/bench/rank_peer.py "$n" "$reps"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 -c "
import numpy as np
np.savetxt('$out/m.csv', np.random.RandomState(1).rand($n, $n), delimiter=',', fmt='%.17g')"
/usr/bin/time -f "ctome rank m.csv (${n}x${n} CSV, whole command): %e s wall, %M KB peak" \
    "$b/tools/ctome" rank "$out/m.csv" > "$out/rank.txt"
grep effective_rank "$out/rank.txt"
