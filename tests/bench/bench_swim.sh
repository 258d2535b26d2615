#!/bin/sh
# Swimmer control-overhead benchmark (issue 7).
#   sh tests/bench/bench_swim.sh [build-dir] [episodes]     (default build 20)
# Build with --buildtype=release.  One thread; N = 5 and N = 13 joints.
# tests/bench/bench_swim.c: raw mj_step on the same MJCF vs ctome_swim_episode
# with the zero policy, constant-init NCAP and a 2x64 MLP.  No Python peer:
# Debian ships no MuJoCo Python bindings and the machine has no network, so
# the comparison is against raw MuJoCo stepping (the issue's fallback).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
reps=${2:-20}
"$b/tests/bench/bench_swim" 5 "$reps"
"$b/tests/bench/bench_swim" 13 "$reps"
