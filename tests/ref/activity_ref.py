#!/usr/bin/python3
"""Reference values for tests/test_activity.c: the homogenisation of
lib/analysis/activity.h re-implemented with numpy on the bundled Atanas et al.
2023 sample (data/activity/atanas2023_threlfall_subset), independently of the
C code.  Run from the repository root:

    /usr/bin/python3 tests/ref/activity_ref.py > tests/ref/activity_ref.txt

Definitions (docs/methods.md, "Activity homogenisation"):
  h = median step; gap threshold = 3 h; a grid point strictly inside a step
  longer than that is NaN.
  up-sampling (dt <= h): t_k = t0 + k dt, k < floor(span/dt + 1e-9) + 1,
  linear interpolation (np.interp).
  down-sampling (dt > h): fine grid t0 + m dt/6, m < floor(span/(dt/6) + 1e-9) + 1,
  groups of 6 averaged (an incomplete last group dropped), time = mean of the
  group's fine times.
  NaN runs: a neuron whose longest run > 5% of n_time is dropped; shorter runs
  are filled linearly in time, edge runs with the nearest value.
  Gaussian smoothing: sigma/dt samples, truncated at ceil(4 sigma/dt),
  normalised over the available samples.
  Exponential: y_i = a x_i + (1-a) y_{i-1}, y_0 = x_0.
  z-score: (x - nanmean) / nanstd (ddof 0).

Output lines: "<case> <key> <value>" and "<case> sample <neuron> <k> <value>".
Cases (the NaN injections are made the same way in the C test):
  A  defaults: dt 0.333, no smoothing, z-score
  B  dt 1.5, gauss sigma 3 s, z-score; NaN injected: column 5 frames 100..139
     (2.5%: filled), column 10 frames 500..599 (6.25%: dropped), column 20
     frames 0..9 (edge: nearest value)
  C  dt 0.5, exponential alpha 0.3, no z-score
"""
import json
import math
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
D = os.path.join(ROOT, "data", "activity", "atanas2023_threlfall_subset")


def load():
    frames = json.load(open(os.path.join(D, "time_trace.json")))
    t = np.array([f[0] for f in frames], dtype=float)
    x = np.array([f[1] for f in frames], dtype=float).T  # neurons x time
    names = json.load(open(os.path.join(D, "neurons.json")))[: x.shape[0]]
    return t, x, names


def fill(t, x):
    ok = ~np.isnan(x)
    # np.interp holds the end values constant outside the known points: the
    # nearest-value rule for runs touching either end.
    return np.interp(t, t[ok], x[ok])


def longest_run(x):
    best = cur = 0
    for v in np.isnan(x):
        cur = cur + 1 if v else 0
        best = max(best, cur)
    return best


def in_gap(t, tq, thr):
    i = np.searchsorted(t, tq, side="right") - 1
    i = np.clip(i, 0, len(t) - 1)
    nxt = np.minimum(i + 1, len(t) - 1)
    return (tq > t[i]) & (i < len(t) - 1) & ((t[nxt] - t[i]) > thr)


def resample(t, x, dt, thr, h):
    span = t[-1] - t[0]
    if dt > h:
        f = dt / 6
        m = int(math.floor(span / f + 1e-9)) + 1
        k = m // 6
        tq = t[0] + np.arange(6 * k) * f
        y = np.interp(tq, t, x)
        y[in_gap(t, tq, thr)] = np.nan
        y = y.reshape(k, 6).mean(axis=1)
        tk = t[0] + (6 * np.arange(k) + 2.5) * f
        return tk, y
    k = int(math.floor(span / dt + 1e-9)) + 1
    tq = t[0] + np.arange(k) * dt
    y = np.interp(tq, t, x)
    y[in_gap(t, tq, thr)] = np.nan
    return tq, y


def gauss(y, sigma, dt):
    s = sigma / dt
    half = int(math.ceil(4 * s))
    w = np.exp(-0.5 * (np.arange(-half, half + 1) / s) ** 2)
    ok = ~np.isnan(y)
    num = np.convolve(np.where(ok, y, 0.0), w, mode="same")
    den = np.convolve(ok.astype(float), w, mode="same")
    out = num / den
    out[~ok] = np.nan
    return out


def expo(y, a):
    out = np.empty_like(y)
    prev = None
    for i, v in enumerate(y):
        if np.isnan(v):
            out[i] = np.nan
            prev = None
            continue
        prev = v if prev is None else a * v + (1 - a) * prev
        out[i] = prev
    return out


def homogenise(t, x, names, dt, smooth=None, zscore=True, max_run=0.05):
    steps = np.diff(t)
    h = float(np.median(steps))
    thr = 3 * h
    kept, traces, tk = [], [], None
    for i in range(x.shape[0]):
        xi = x[i].copy()
        if longest_run(xi) > max_run * len(t):
            continue
        xi = fill(t, xi)
        tk, y = resample(t, xi, dt, thr, h)
        if smooth and smooth[0] == "gauss":
            y = gauss(y, smooth[1], dt)
        elif smooth and smooth[0] == "exp":
            y = expo(y, smooth[1])
        if zscore:
            y = (y - np.nanmean(y)) / np.nanstd(y)
        kept.append(names[i])
        traces.append(y)
    return tk, kept, np.array(traces)


def emit(case, tk, kept, y, picks):
    print(f"{case} n_out {len(kept)}")
    print(f"{case} n_time {len(tk)}")
    for k in (0, 1, len(tk) - 1):
        print(f"{case} time {k} {tk[k]:.12g}")
    for name in picks:
        if name not in kept:
            print(f"{case} absent {name}")
            continue
        row = y[kept.index(name)]
        for k in (0, 1, 2, 100, 1001 if len(tk) > 1001 else 333, len(tk) - 1):
            print(f"{case} sample {name} {k} {row[k]:.12g}")


def main():
    t, x, names = load()
    picks = ["AVAR", "RIML", "SMDDL", names[0], names[5], names[20], names[-1]]
    tk, kept, y = homogenise(t, x, names, 0.333)
    emit("A", tk, kept, y, picks)
    xb = x.copy()
    xb[5, 100:140] = np.nan
    xb[10, 500:600] = np.nan
    xb[20, 0:10] = np.nan
    tk, kept, y = homogenise(t, xb, names, 1.5, smooth=("gauss", 3.0))
    emit("B", tk, kept, y, picks + [names[10]])
    tk, kept, y = homogenise(t, x, names, 0.5, smooth=("exp", 0.3), zscore=False)
    emit("C", tk, kept, y, picks)


if __name__ == "__main__":
    main()
