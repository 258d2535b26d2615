#!/bin/sh
# docs/sernn_sweep.tsv, docs/sernn_sweep_summary.tsv (matched accuracy) and
# docs/sernn_sweep_per_gamma.tsv (docs/sernn.md,
# "Results"): 5 seRNN and 5 L1 gammas x 20 seeds, 6 epochs, run as four
# chunks of five seeds (the table keeps the chunk order).  Each network
# depends only on (regulariser, gamma, seed), never on --threads or the other
# networks, so a slice is a subset of the rows.  The `seconds` column is a
# wall time and differs on every run.  Full run: 200 networks, ~6 CPU-minutes.
. docs/regen/common.sh "$@"
if [ -n "$SLICE" ]; then
    run "$CTOME" sernn sweep --gammas 0.1 --l1-gammas 0.003 --seeds 1 --seed 2 --epochs 6 --threads 2 --quiet \
        -o "$SLICE/sernn_sweep.tsv" > /dev/null
    run_to "$SLICE/sernn_sweep_summary.tsv" "$CTOME" sernn analyse --table docs/sernn_sweep.tsv --quiet \
        --per-gamma "$SLICE/sernn_sweep_per_gamma.tsv"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s0 in 1 6 11 16; do
    run "$CTOME" sernn sweep --gammas 0.01,0.02,0.05,0.1,0.2 --l1-gammas 0.0003,0.001,0.002,0.003,0.006 \
        --seeds 5 --seed $s0 --epochs 6 --threads 2 --quiet -o "$tmp/chunk_$s0.tsv" > /dev/null
done
(head -1 "$tmp/chunk_1.tsv"; for s0 in 1 6 11 16; do tail -n +2 "$tmp/chunk_$s0.tsv"; done) > docs/sernn_sweep.tsv
run_to docs/sernn_sweep_summary.tsv "$CTOME" sernn analyse --table docs/sernn_sweep.tsv --quiet \
    --per-gamma docs/sernn_sweep_per_gamma.tsv
