#!/bin/sh
# Recovery of the planted dynamic communities as the noise grows (docs/dfc.md).
# Usage: sh tests/bench/dfc_noise_curve.sh build/tools/ctome
# For each noise sd: the smallest temporal-loading r and community NMI over the
# 3 planted intervals (rank 3, 4 starts, seeds 1..3).
CTOME=${1:-build/tools/ctome}
printf 'noise\tseed\tmin_temporal_r\tmin_nmi\n'
for noise in 0.25 0.5 0.6 0.7 0.8 0.9 1 1.5; do
  for seed in 1 2 3; do
    "$CTOME" dfc --planted "$noise" --rank 3 --starts 4 --seed "$seed" --quiet |
      awk -v n="$noise" -v s="$seed" -F'\t' '
        $1 == "interval" { on = 1; next }
        on { if (r == "" || $5 < r) r = $5; if (m == "" || $6 < m) m = $6 }
        END { printf "%s\t%s\t%s\t%s\n", n, s, r, m }'
  done
done
