#!/usr/bin/python3
"""Reference values for tests/test_rec_readers.c, computed independently of
ctome with json + h5py + numpy (Debian's /usr/bin/python3).

Per recording: neuron count, frame count, first/last time, median dt, number
of gaps > 0.5 s, and for a few neurons the first sample, mean and SD
(population SD, ddof = 0).  Run from the repository root:
    /usr/bin/python3 tests/ref/recordings_ref.py > tests/ref/recordings_ref.txt
"""
import json
import os
import sys

import h5py
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data", "activity")


def summary(tag, t, x, names, picks):
    """x: neurons x time."""
    dt = np.diff(t)
    print(f"{tag} neurons {x.shape[0]}")
    print(f"{tag} frames {x.shape[1]}")
    print(f"{tag} t_first {t[0]:.10g}")
    print(f"{tag} t_last {t[-1]:.10g}")
    print(f"{tag} median_dt {np.median(dt):.10g}")
    print(f"{tag} gaps_over_0.5s {int(np.sum(dt > 0.5))}")
    print(f"{tag} gaps_over_1s {int(np.sum(dt > 1.0))}")
    print(f"{tag} min_dt {dt.min():.10g}")
    print(f"{tag} max_dt {dt.max():.10g}")
    for p in picks:
        i = names.index(p) if isinstance(p, str) else p
        row = x[i]
        label = p if isinstance(p, str) else f"#{p}"
        print(f"{tag} {label} index {i}")
        print(f"{tag} {label} first {row[0]:.12g}")
        print(f"{tag} {label} last {row[-1]:.12g}")
        print(f"{tag} {label} mean {np.nanmean(row):.12g}")
        print(f"{tag} {label} sd {np.nanstd(row):.12g}")


def atanas():
    d = os.path.join(DATA, "atanas2023_threlfall_subset")
    with open(os.path.join(d, "time_trace.json")) as f:
        frames = json.load(f)
    with open(os.path.join(d, "neurons.json")) as f:
        names = json.load(f)
    t = np.array([fr[0] for fr in frames], dtype=float)
    x = np.array([fr[1] for fr in frames], dtype=float).T
    names = names[: x.shape[0]]
    summary("atanas", t, x, names, ["AVAL", "AVAR", "AIBL", "SAADR"])


def scholz():
    d = os.path.join(DATA, "scholz2018_gfp_control")
    fn = [n for n in os.listdir(d) if n.endswith(".nwb")][0]
    with h5py.File(os.path.join(d, fn), "r") as f:
        acq = f["acquisition"]
        keys = sorted(k for k in acq if k.startswith("Activity_"))
        x = np.array([acq[k]["data"][()] for k in keys])
        t = acq[keys[0]]["timestamps"][()]
        same = all(np.array_equal(acq[k]["timestamps"][()], t) for k in keys)
    print(f"scholz timestamps_identical {int(same)}")
    summary("scholz", t, x, None, [0, 61])
    print(f"scholz max_abs_mean {np.max(np.abs(x.mean(axis=1))):.3g}")
    print(f"scholz max_abs_sd_minus_1 {np.max(np.abs(x.std(axis=1) - 1)):.3g}")


if __name__ == "__main__":
    atanas()
    scholz()
    sys.stdout.flush()
