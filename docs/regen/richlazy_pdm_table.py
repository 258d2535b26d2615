#!/usr/bin/python3
"""The tables of docs/richlazy.md's "Perceptual decision making" section from
docs/richlazy_pdm_summary.tsv (docs/regen/richlazy_pdm.sh): mean +- sd (sample,
n - 1) over seeds per initialisation, the Spearman correlations of the final
measures with the effective rank of W_0 over the random networks, and the
connectome minus matched differences paired by seed.  Debian's python3 with
scipy:  /usr/bin/python3 docs/regen/richlazy_pdm_table.py [summary.tsv] [--means]
With --means (the dms and ctx sections' smaller runs, 2 seeds): the table of
means over seeds only (probe acc., dw_rel, ka, cka, cra, sign)."""
import csv
import statistics as st
import sys

from scipy.stats import spearmanr

args = [a for a in sys.argv[1:] if a != "--means"]
means = "--means" in sys.argv
path = args[0] if args else "docs/richlazy_pdm_summary.tsv"
rows = list(csv.DictReader(open(path), delimiter="\t"))
for r in rows:
    for k in ("erank0", "acc", "dw_rel", "ka", "cka", "ra", "cra", "sign"):
        r[k] = float(r[k])


def ms(v, nd):
    return f"{st.mean(v):.{nd}f} ± {st.stdev(v):.{nd}f}"


groups = []
for r in rows:
    key = (r["init"], r["rank"])
    if key not in groups:
        groups.append(key)
if means:
    print("| W_0 | probe acc. | ‖ΔW‖/‖W_0‖ | ka | cka | cra | sign sim. |")
    print("|---|---|---|---|---|---|---|")
    for init, rank in groups:
        g = [r for r in rows if r["init"] == init and r["rank"] == rank]
        name = {"random": f"rank {rank}", "connectome": "connectome", "matched": f"matched (rank {rank})"}[init]
        m = lambda k: st.mean([r[k] for r in g])
        print(f"| {name} | {m('acc'):.2f} | {m('dw_rel'):.3f} | {m('ka'):.2f} | {m('cka'):.2f} | {m('cra'):.2f} | "
              f"{m('sign'):.3f} |")
else:
    print("| W_0 | eff. rank W_0 | probe acc. | ‖ΔW‖/‖W_0‖ | ka | cka | ra | cra | sign sim. |")
    print("|---|---|---|---|---|---|---|---|---|")
for init, rank in groups if not means else []:
    g = [r for r in rows if r["init"] == init and r["rank"] == rank]
    name = {"random": f"rank {rank}", "connectome": "connectome", "matched": f"matched random (rank {rank})"}[init]
    col = lambda k: [r[k] for r in g]
    print(f"| {name} | {st.mean(col('erank0')):.1f} | {st.mean(col('acc')):.2f} | {ms(col('dw_rel'), 3)} | "
          f"{ms(col('ka'), 2)} | {ms(col('cka'), 2)} | {st.mean(col('ra')):.2f} | {ms(col('cra'), 2)} | "
          f"{ms(col('sign'), 3)} |")
rnd = [r for r in rows if r["init"] == "random"]
print(f"\nSpearman with erank0 over the {len(rnd)} random networks:")
for k in ("dw_rel", "sign", "cka", "ka", "cra", "ra"):
    rho, p = spearmanr([r["erank0"] for r in rnd], [r[k] for r in rnd])
    print(f"{k}\t{rho:+.2f}\t{p:.2g}" if p >= 0.001 else f"{k}\t{rho:+.2f}\t{p:.1g}")
con = {r["seed"]: r for r in rows if r["init"] == "connectome"}
mat = {r["seed"]: r for r in rows if r["init"] == "matched"}
print("\nconnectome minus matched, by seed:")
for k in ("dw_rel", "ka", "cka", "sign", "acc"):
    print(k, ", ".join(f"{con[s][k] - mat[s][k]:+.3f}" for s in sorted(con)))
