# common.sh — sourced by every docs/regen/*.sh script.
#
# Each script regenerates one table (or set of numbers) of docs/ from a
# committed command.  `sh docs/regen/NAME.sh` rewrites the committed files;
# `sh docs/regen/NAME.sh --slice DIR` runs a small, fast part of the same
# commands into DIR (tests/test_cli_docs.sh compares it with the committed
# files).  Every command is printed (to stderr, prefixed "+ ") before it runs.
#
# Environment: CTOME, the ctome binary (default build/tools/ctome, relative to
# the repository root, which is the working directory of every script).
#
# Bit-for-bit reproducibility of trained networks needs the same BLAS
# kernel: OpenBLAS chooses its single-precision GEMM kernel by CPU when it
# loads, the kernels sum in different orders, and training amplifies the
# last-bit differences into different networks (the seRNN tables, made with
# the AVX-512 "SkylakeX" kernel, match 0 of 20 rows when rerun with the AVX2
# "Haswell" kernel that OpenBLAS picks on an AMD EPYC, and every row with
# OPENBLAS_CORETYPE=SkylakeX).  The scripts pin that kernel, so they need an
# x86-64 CPU with AVX-512 (tests/test_cli_docs.sh skips the trained-network
# slices elsewhere, saying so) and OpenBLAS built with DYNAMIC_ARCH (Debian's).
# Thread counts never matter (every result is identical for any --threads).
set -eu
CTOME=${CTOME:-build/tools/ctome}
export OPENBLAS_CORETYPE=SkylakeX
SLICE=
if [ "${1:-}" = "--slice" ]; then
    SLICE=${2:?--slice needs a directory}
    mkdir -p "$SLICE"
fi

# run CMD...: print the command, then run it.
run() {
    echo "+ $*" >&2
    "$@"
}

# run_to FILE CMD...: print and run the command with stdout into FILE (via a
# temporary, so a failed or interrupted run leaves the committed file intact).
run_to() {
    out=$1
    shift
    echo "+ $* > $out" >&2
    "$@" > "$out.regen-tmp" || { rm -f "$out.regen-tmp"; return 1; }
    mv "$out.regen-tmp" "$out"
}
