#!/bin/sh
# Swimmer control-overhead benchmark (issue 7).
#   sh tests/bench/bench_swim.sh [build-dir] [episodes] [callgrind]   (default build 20)
# Build with --buildtype=release.  One thread; N = 5 and N = 13 joints.
# tests/bench/bench_swim.c: raw mj_step on the same MJCF (ctrl 0, and an
# open-loop replay of NCAP's torques) vs ctome_swim_episode with the zero
# policy, constant-init NCAP and a 2x64 MLP.  With "callgrind" as third
# argument it instead counts instructions of one replay and one NCAP episode
# (minus a run that only records the torques) under valgrind.  No Python
# peer: Debian ships no MuJoCo Python bindings and the machine has no network,
# so the comparison is against raw MuJoCo stepping (the issue's fallback).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
reps=${2:-20}
if [ "$3" = callgrind ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    for n in 5 13; do
        for v in none replay ncap; do
            valgrind --tool=callgrind --callgrind-out-file="$out/cg.$n.$v" \
                "$b/tests/bench/bench_swim" $n 1 $v 2>&1 | sed -n "s/.*Collected : /$n joints $v: /p"
        done
    done
    exit 0
fi
"$b/tests/bench/bench_swim" 5 "$reps"
"$b/tests/bench/bench_swim" 13 "$reps"
