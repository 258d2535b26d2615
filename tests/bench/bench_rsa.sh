#!/bin/sh
# RSA benchmark (issue 6), side by side with numpy/scipy.
#   sh tests/bench/bench_rsa.sh [build-dir] [n_perm]
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (numpy, scipy).
# 1. 100 conditions x 300 channels (data) against a 100 x 40 model: both RDMs
#    (squared Euclidean / channels), Spearman, a 10,000-permutation test:
#    `ctome rsa data.csv --compare model.csv --nulls N` on 2 threads and on 1
#    (wall time and peak memory from /usr/bin/time -v, whole command including
#    CSV parsing), then tests/bench/rsa_peer.py (numpy/scipy, same definitions).
# 2. Scaling of the library calls alone (tests/bench/bench_rsa.c): 100, 200,
#    400 conditions x 300 channels.
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
np=${2:-10000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 tests/bench/rsa_peer.py write "$out"

peak() { grep "Maximum resident" "$1" | awk '{print $NF}'; }
wall() { grep "Elapsed (wall" "$1" | awk '{print $NF}'; }

for t in 2 1; do
    /usr/bin/time -v "$b/tools/ctome" rsa "$out/data.csv" --compare "$out/model.csv" --nulls "$np" \
        --threads $t > "$out/rsa$t.tsv" 2> "$out/time$t"
    echo "ctome rsa, $np permutations, $t thread(s): $(wall "$out/time$t") wall, $(peak "$out/time$t") KB peak," \
         "value $(grep '^value' "$out/rsa$t.tsv" | cut -f2), p $(grep '^p_perm' "$out/rsa$t.tsv" | cut -f2)"
done
cmp -s "$out/rsa1.tsv" "$out/rsa2.tsv" && echo "identical output for 1 and 2 threads" ||
    echo "WARNING: output differs between 1 and 2 threads"
/usr/bin/time -v /usr/bin/python3 tests/bench/rsa_peer.py run "$out" "$np" 2> "$out/timepy"
echo "numpy/scipy peak: $(peak "$out/timepy") KB"
"$b/tests/bench/bench_rsa" "$np"
