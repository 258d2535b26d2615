#!/bin/sh
# seRNN training throughput with the communicability regulariser (issue 5),
# side by side with PyTorch 1.13 (torch.matrix_exp + autograd).
#   sh tests/bench/bench_sernn.sh [build-dir] [updates]     (default build 100)
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (python3-torch).
# 1. sgemm rate of OpenBLAS on 1 and 2 threads (bench_rnn sgemm: the machine's
#    single-precision peak for the RNN's shapes and for 1024^3).
# 2. the regulariser alone (value + gradient, double precision).
# 3. tests/bench/bench_sernn.c: the seRNN maze network (100 ReLU units, T 50,
#    batch 128, CE over the 20 choice steps, Adam, gamma 0.05): one thread with
#    1 and 2 OpenBLAS threads, and 2 OpenMP threads over batch chunks.
# 4. tests/bench/sernn_peer.py: the same network and loss in PyTorch.
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
u=${2:-100}
"$b/tests/bench/bench_rnn" sgemm
"$b/tests/bench/bench_sernn" reg 200 1
"$b/tests/bench/bench_sernn" reg 200 2
for cfg in "1 128 1" "1 128 2" "2 64 1" "2 32 1"; do
    # shellcheck disable=SC2086
    "$b/tests/bench/bench_sernn" $cfg "$u"
done
/usr/bin/python3 tests/bench/sernn_peer.py "$((u / 2))" 3
