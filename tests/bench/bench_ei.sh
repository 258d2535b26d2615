#!/bin/sh
# E/I rate model benchmark (issue 4), side by side with scipy and brian2.
#   sh tests/bench/bench_ei.sh [build-dir] [brian-target]   (default build, numpy)
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (numpy,
# scipy, brian2).
# 1. tests/bench/bench_ei.c: cook2019-herm model, tau = 0.1 s, 60 s at 1 ms
#    RK4 steps (ctome_ei_simulate), GSL rkf45 for the record, the full
#    302-stimulation perturbation atlas on 1 and 2 threads; writes the dense
#    matrices, input and final state to a temporary folder.
# 2. tests/bench/ei_peers.py: the same model and input in scipy solve_ivp
#    (RK45) and brian2 (rk4, dt 1 ms); final states compared with ctome's.
# 3. `ctome perturb cook2019-herm` (whole command, full atlas + comparison).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
target=${2:-numpy}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$b/tests/bench/bench_ei" "$out" 3
/usr/bin/python3 tests/bench/ei_peers.py "$out" "$target" 2>&1 | grep -v -i "warning\|if not hasattr\|obj = getattr"
/usr/bin/time -f "ctome perturb cook2019-herm (302 stimulations + Randi comparison, whole command): %e s wall, %M KB peak" \
    "$b/tools/ctome" perturb cook2019-herm --quiet > "$out/perturb.txt"
grep -E "spearman_rho|pairs" "$out/perturb.txt"
