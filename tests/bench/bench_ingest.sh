#!/bin/sh
# Ingest benchmark, side by side with the Python peers on the same files.
#   sh tests/bench/bench_ingest.sh [build-dir]
# 1. ctome: per-dataset best-of-5 load time on one core, and the whole
#    `ctome ingest all` (load + HDF5 write) timed end to end.
# 2. Python: tests/ref/reference.py reads the same raw files with openpyxl,
#    xlrd, json, h5py and networkx (one pass, every source).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
taskset -c 0 "$b/tests/bench/bench_ingest" 5
out=$(mktemp -d)
s=$(date +%s.%N)
taskset -c 0 "$b/tools/ctome" ingest all -o "$out/all.h5"
e=$(date +%s.%N)
echo "ctome ingest all (one core): $(echo "$e - $s" | bc) s, store $(du -k "$out/all.h5" | cut -f1) KiB"
s=$(date +%s.%N)
taskset -c 0 /usr/bin/python3 tests/ref/reference.py >/dev/null
e=$(date +%s.%N)
echo "python reference reader, every source (one core): $(echo "$e - $s" | bc) s"
rm -rf "$out"
