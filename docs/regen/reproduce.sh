#!/bin/sh
# docs/reproduce_quick.tsv: `ctome reproduce all` in quick mode, seed 1 — the
# table of docs/reproduce.md (every claim of every seed paper, with paper
# value, source, ctome value, tolerance, verdict and reason).  Run from the
# repository root after building: `sh docs/regen/reproduce.sh`; with
# `--slice DIR` it reruns the structural papers only (a few seconds) into
# DIR/reproduce_quick.tsv, each line of which is a line of the committed file.
# CTOME: the ctome binary (default build/tools/ctome).  The seRNN claims train
# networks, whose last bits depend on OpenBLAS's GEMM kernel: pinned to the
# AVX-512 "SkylakeX" kernel as for the other trained-network tables.
set -eu
CTOME=${CTOME:-build/tools/ctome}
export OPENBLAS_CORETYPE=SkylakeX
dir=docs
papers=all
if [ "${1:-}" = "--slice" ]; then
    dir=${2:?--slice needs a directory}
    mkdir -p "$dir"
    papers="watts1998 varshney2011 witvliet2021 lin2024"
fi
echo "+ $CTOME reproduce $papers --seed 1 --quiet > $dir/reproduce_quick.tsv" >&2
# shellcheck disable=SC2086
"$CTOME" reproduce $papers --seed 1 --quiet > "$dir/reproduce_quick.tsv"
