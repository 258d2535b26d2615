#!/bin/sh
# RNN training throughput (issue 5), side by side with PyTorch.
#   sh tests/bench/bench_rnn.sh [build-dir] [updates]     (default build 200)
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (python3-torch).
# 1. sgemm rate of OpenBLAS on 1 and 2 threads (the machine's single-precision peak
#    for the shapes the RNN uses and for 1024^3).
# 2. tests/bench/bench_rnn.c: the seRNN maze network (100 ReLU units, T 50, batch 128,
#    8 inputs, 4 outputs, CE on the last 20 steps, Adam, L1 regulariser):
#    one thread with 1 and 2 OpenBLAS threads, and 2 OpenMP threads over batch chunks.
# 3. tests/bench/rnn_peer.py: the same network and loss in PyTorch (nn.RNN and a
#    hand-written loop, 1 and 2 threads).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
u=${2:-200}
"$b/tests/bench/bench_rnn" sgemm
for cfg in "1 128 1" "1 128 2" "2 64 1" "2 32 1"; do
    # shellcheck disable=SC2086
    "$b/tests/bench/bench_rnn" train $cfg "$u"
done
/usr/bin/python3 tests/bench/rnn_peer.py "$((u / 2))" 3
