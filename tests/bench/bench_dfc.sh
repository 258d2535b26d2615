#!/bin/sh
# Dynamic-connectome NTF benchmark (issue 15), side by side with numpy.
#   sh tests/bench/bench_dfc.sh [build-dir] [N W K R S iters]   (default build 300 200 10 10 10 20)
# Build with --buildtype=release.  Needs Debian's /usr/bin/python3 (numpy).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build}
shift || true
"$b/tests/bench/bench_dfc" "$@"
/usr/bin/python3 tests/bench/dfc_peer.py "$@"
