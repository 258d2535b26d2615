#!/bin/sh
# docs/sernn_matched100.tsv, docs/sernn_matched100_summary.tsv (matched accuracy) and
# docs/sernn_matched100_per_gamma.tsv (docs/sernn.md,
# "100 seeds at one matched pair"): seRNN gamma 0.1 vs L1 gamma 0.003, seeds
# 101..200, 6 epochs.  A slice is a subset of the rows (`seconds` = wall time).
# Full run: 200 networks, ~6 CPU-minutes.
. docs/regen/common.sh "$@"
if [ -n "$SLICE" ]; then
    run "$CTOME" sernn sweep --gammas 0.1 --l1-gammas 0.003 --seeds 1 --seed 101 --epochs 6 --threads 2 --quiet \
        -o "$SLICE/sernn_matched100.tsv" > /dev/null
    run_to "$SLICE/sernn_matched100_summary.tsv" "$CTOME" sernn analyse --table docs/sernn_matched100.tsv --quiet \
        --per-gamma "$SLICE/sernn_matched100_per_gamma.tsv"
    exit 0
fi
run "$CTOME" sernn sweep --gammas 0.1 --l1-gammas 0.003 --seeds 100 --seed 101 --epochs 6 --threads 2 --quiet \
    -o docs/sernn_matched100.tsv > /dev/null
run_to docs/sernn_matched100_summary.tsv "$CTOME" sernn analyse --table docs/sernn_matched100.tsv --quiet \
    --per-gamma docs/sernn_matched100_per_gamma.tsv
