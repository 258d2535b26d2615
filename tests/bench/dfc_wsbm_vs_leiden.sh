#!/bin/sh
# Leiden (default) vs the weighted SBM (--community wsbm) on the same NTF
# factors (docs/dfc.md): for each component, the NMI (arithmetic
# normalisation, background = one class, over all recorded neurons) between the
# coherent communities of the two methods, and each method's community count.
# Usage: sh tests/bench/dfc_wsbm_vs_leiden.sh build/tools/ctome [dfc inputs and options...]
# e.g.   sh tests/bench/dfc_wsbm_vs_leiden.sh build/tools/ctome atanas2023-sample --rank 5 --starts 10
#        sh tests/bench/dfc_wsbm_vs_leiden.sh build/tools/ctome --planted 0.6 --rank 3 --starts 4
CTOME=${1:-build/tools/ctome}
shift
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$CTOME" dfc "$@" --table communities > "$tmp/leiden.tsv" 2> "$tmp/leiden.err" || exit 1
"$CTOME" dfc "$@" --quiet --community wsbm --table communities > "$tmp/wsbm.tsv" || exit 1
# the neuron count from the run line on stderr ("ctome dfc: 4 worms, 40 neurons (...")
N=$(sed -n 's/^ctome dfc: [0-9]* worms*, \([0-9]*\) neurons.*/\1/p' "$tmp/leiden.err" | head -1)
[ -n "$N" ] || { echo "no neuron count in the run line" >&2; exit 1; }
awk -F'\t' -v N="$N" '
  FNR == 1 { f++ }
  $1 == "component" && $2 == "community" { on = 1; next }
  on && NF == 4 && $1 ~ /^[0-9]+$/ { n = split($4, v, ","); for (i = 1; i <= n; i++) lab[f, $1, v[i]] = $2
                                     comps[$1] = 1; ncom[f, $1]++; next }
  on && NF != 4 { on = 0 }
  END {
    printf "component\tnmi_leiden_wsbm\tcoherent_leiden\tcoherent_wsbm\n"
    for (c = 1; c in comps || c <= 20; c++) {
      if (!(c in comps)) continue
      delete cnt; delete ra; delete rb; delete seen; m = 0
      for (k in lab) { split(k, q, SUBSEP); if (q[2] == c) seen[q[3]] = 1 }
      for (nm in seen) { a = ((1, c, nm) in lab) ? lab[1, c, nm] : "bg"; b = ((2, c, nm) in lab) ? lab[2, c, nm] : "bg"
                         cnt[a "|" b]++; ra[a]++; rb[b]++; m++ }
      if (N > m) { cnt["bg|bg"] += N - m; ra["bg"] += N - m; rb["bg"] += N - m }
      ha = 0; hb = 0; mi = 0
      for (a in ra) ha -= ra[a] / N * log(ra[a] / N)
      for (b in rb) hb -= rb[b] / N * log(rb[b] / N)
      for (k in cnt) { split(k, q, "|"); mi += cnt[k] / N * log(cnt[k] * N / (ra[q[1]] * rb[q[2]])) }
      nmi = (ha + hb > 0) ? mi / ((ha + hb) / 2) : 1
      printf "%d\t%.4f\t%d\t%d\n", c, nmi, ncom[1, c], ncom[2, c]
    }
  }' "$tmp/leiden.tsv" "$tmp/wsbm.tsv"
