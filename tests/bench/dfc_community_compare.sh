#!/bin/sh
# Community methods side by side on the planted benchmark (docs/dfc.md):
# the same NTF (rank 3, 4 starts, seed S) followed by each --community method;
# for each noise sd, method and seed the smallest community NMI over the 3
# planted intervals, then the mean over seeds 1..5.
# Usage: sh tests/bench/dfc_community_compare.sh build/tools/ctome
#        (METHODS="wsbm" sh ... runs only the methods listed)
CTOME=${1:-build/tools/ctome}
METHODS=${METHODS:-"leiden louvain walktrap infomap fastgreedy wsbm"}
printf 'noise\tmethod\tmin_nmi(seeds 1..5)\tmean\n'
for noise in 0.25 0.5 0.6 0.7 0.8; do
  for m in $METHODS; do
    row=""
    for seed in 1 2 3 4 5; do
      v=$("$CTOME" dfc --planted "$noise" --rank 3 --starts 4 --seed "$seed" --community "$m" --quiet --table planted |
        awk -F'\t' '$1 == "interval" { on = 1; next }
                    on { if (x == "" || $6 < x) x = $6 } END { print x }')
      row="$row $v"
    done
    echo "$noise $m $row" | awk '{ s = 0; l = ""; for (i = 3; i <= NF; i++) { s += $i; l = l (i > 3 ? ", " : "") $i }
                                   printf "%s\t%s\t%s\t%.3f\n", $1, $2, l, s / (NF - 2) }'
  done
done
