#!/bin/sh
# E/I rate model benchmark (issues 4 and 16), side by side with its peers in
# one run, interleaved: ctome, the peers, ctome again.
#   sh tests/bench/bench_ei.sh [build-dir] [brian-target] [no-ivp]   (default build, cython)
# no-ivp leaves out scipy solve_ivp (its max_step 1 ms run takes minutes on a
# loaded machine); brian2 then runs alone.
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (numpy,
# scipy, brian2; the cython target compiles on its first run, which is done
# once before the timed runs).  The machine may be shared: the load average
# is printed before and after, and CPU seconds (user + sys of the process)
# are the comparison.
# 1. tests/bench/bench_ei.c: the right-hand side alone (µs per evaluation),
#    cook2019-herm model, tau = 0.1 s, 60 s at 1 ms RK4 steps
#    (ctome_ei_simulate), GSL rkf45 for the record, the full 302-stimulation
#    perturbation atlas on 1 and 2 threads and by the reference path; writes
#    the dense matrices, input and final state to a temporary folder.
# 2. tests/bench/ei_peers.py: the same model and input in a numpy +
#    scipy.sparse RK4 loop (same steps), scipy solve_ivp (RK45) and brian2
#    (rk4, dt 1 ms); final states compared with ctome's.
# 3. bench_ei again (the second ctome measurement of the interleaved run).
# 4. `ctome perturb cook2019-herm --nulls 20` (whole command: 302-stimulation
#    atlas + 20 rewired nulls x 145 stimulations + Randi comparison).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
target=${2:-cython}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
py() { /usr/bin/python3 tests/bench/ei_peers.py "$@" 2>&1 | grep -v -i "warning\|if not hasattr\|obj = getattr\|INFO"; }
echo "load before: $(cat /proc/loadavg)"
"$b/tests/bench/bench_ei" "$out" 3
py "$out" "$target" brian-only > /dev/null     # brian2 code generation / compilation, untimed
py "$out" "$target" sparse-rk4
if [ "${3:-}" = no-ivp ]; then py "$out" "$target" brian-only; else py "$out" "$target"; fi
echo "ctome again:"
"$b/tests/bench/bench_ei" "$out" 3 | grep -E "right-hand side alone|ctome RK4"
py "$out" "$target" sparse-rk4
/usr/bin/time -f "ctome perturb cook2019-herm --nulls 20 (whole command, 2 threads): %e s wall, %U s user, %S s sys, %M KB peak" \
    "$b/tools/ctome" perturb cook2019-herm --nulls 20 --quiet > "$out/perturb.txt"
grep -E "spearman_rho|pairs|^p\s" "$out/perturb.txt"
echo "load after: $(cat /proc/loadavg)"
