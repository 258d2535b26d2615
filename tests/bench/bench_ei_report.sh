#!/bin/sh
# The rate-model section of `ctome report` as two commands with the report's
# settings (tools/report_model.c: window 5, dt 0.02, 20 nulls, seed 1, and the
# 4 x 4 log sweep of chem-scale x gap-scale over 0.001..0.1); CPU seconds
# (user + sys) and wall of each, and the load average before and after.
#   sh tests/bench/bench_ei_report.sh [build-dir]   (default build; release build advised)
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load before: $(cat /proc/loadavg)"
/usr/bin/time -f "perturb (report settings): %e s wall, %U s user, %S s sys, %M KB peak" \
    "$b/tools/ctome" perturb cook2019-herm --window 5 --dt 0.02 --nulls 20 --quiet > "$out/perturb.txt"
grep -E "spearman_rho|^z\s|^p\s" "$out/perturb.txt"
/usr/bin/time -f "sweep (report settings, 16 points): %e s wall, %U s user, %S s sys, %M KB peak" \
    "$b/tools/ctome" sweep cook2019-herm --param chem-scale=0.001:0.1:4 --param2 gap-scale=0.001:0.1:4 \
    --log --window 5 --dt 0.02 --quiet > "$out/sweep.txt"
echo "load after: $(cat /proc/loadavg)"
