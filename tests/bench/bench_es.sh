#!/bin/sh
# ES / CMA-ES training throughput on the swimmer (issue 7), env steps per
# second on 1 and 2 threads, against zero-torque stepping on the same threads.
#   sh tests/bench/bench_es.sh [build-dir] [generations]    (default build 2)
# Build with --buildtype=release.  No Python peer: Debian ships no MuJoCo
# Python bindings (`import mujoco` fails), so the baseline is the
# environment stepped with zero torques (the issue's fallback).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
g=${2:-2}
"$b/tests/bench/bench_es" 1 "$g" 5
"$b/tests/bench/bench_es" 2 "$g" 5
