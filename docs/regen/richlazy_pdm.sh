#!/bin/sh
# docs/richlazy_pdm_summary.tsv (final values per network) and
# docs/richlazy_pdm_curves.tsv (every measurement) behind the first table of
# docs/richlazy.md: perceptual decision making, ranks 1..256 and 302 plus the
# connectome and its matched random network, seeds 1-3, 1000 SGD updates.
# Each network depends only on (init, rank, seed), not on --threads or the
# others, so the slice (the rank-1 network of seed 1) is a subset of the rows.
# Full run: 36 networks, ~6 CPU-minutes.
. docs/regen/common.sh "$@"
if [ -n "$SLICE" ]; then
    run_to "$SLICE/richlazy_pdm_summary.tsv" "$CTOME" richlazy --task pdm --init random --ranks 1 --seeds 1 \
        --steps 1000 --optimizer sgd --lr 0.1 --threads 2 --quiet
    exit 0
fi
run_to docs/richlazy_pdm_summary.tsv "$CTOME" richlazy --task pdm --seeds 3 --steps 1000 --optimizer sgd --lr 0.1 \
    --threads 2 --quiet -o docs/richlazy_pdm_curves.tsv
