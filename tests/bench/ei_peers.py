#!/usr/bin/python3
"""Peers of tests/bench/bench_ei.c: the same cook2019-herm rate model in
scipy's solve_ivp and in brian2, from the matrices bench_ei wrote.

    /usr/bin/python3 tests/bench/ei_peers.py DUMP_DIR [brian-target [brian-only | sparse-rk4]]

    tau_i dx_i/dt = -x_i + sum_j W_ij tanh(x_j) + sum_j G_ij (x_j - x_i) + I_i + P_i(t)

W (signed, scaled), G (symmetric, scaled), tau = 0.1 s, x(0), the constant
input I and the 60 pulses P (neuron, start, duration, amplitude) are read from
DUMP_DIR; the final state of ctome's RK4 (vectors.txt column 4) is the
reference.  Runs:
  numpy + scipy.sparse RK4 (sparse-rk4 mode, or first in the default mode):
      the same fixed 1 ms classical RK4 loop as ctome's, W and G as CSR
      matrices, the input held at its mid-step value, in a plain Python loop
      (60000 steps, 240000 right-hand sides);
  scipy solve_ivp RK45, max_step = 1 ms (rtol 1e-6, atol 1e-9): steps of at
      most 1 ms like ctome's RK4;
  scipy solve_ivp RK45 adaptive (rtol 1e-8, atol 1e-10), for the record;
  brian2 (numpy target by default, or `cython`), method rk4, dt = 1 ms; the
      coupling enters through summed variables, which Brian updates once per
      step (held during the RK4 stages), so its error is O(dt) in the coupling.
Both scipy runs integrate piecewise between pulse edges (the input is constant
on each piece), as ctome's GSL route does.  Printed: wall time of the
integration (brian2: of run(), code generation included) and max |x - x_ctome|
at t = 60 s.
"""
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def load(d):
    W = np.loadtxt(f"{d}/W.txt")
    G = np.loadtxt(f"{d}/G.txt")
    v = np.loadtxt(f"{d}/vectors.txt")
    p = np.loadtxt(f"{d}/pulses.txt")
    return W, G, v[:, 0], v[:, 1], v[:, 2], v[:, 3], p


def scipy_run(W, G, tau, x0, I, pulses, t_end, **kw):
    deg = G.sum(axis=1)
    edges = sorted({0.0, t_end} | {float(s) for s in pulses[:, 1]} | {float(s + d) for s, d in pulses[:, 1:3]})
    x = x0.copy()
    nfev = 0
    for a, b in zip(edges[:-1], edges[1:]):
        u = I.copy()
        mid = 0.5 * (a + b)
        for j, s, d, amp in pulses:
            if s <= mid < s + d:
                u[int(j)] += amp

        def f(t, y, u=u):
            return (-y - deg * y + W @ np.tanh(y) + G @ y + u) / tau

        r = solve_ivp(f, (a, b), x, method="RK45", **kw)
        if not r.success:
            raise RuntimeError(r.message)
        x = r.y[:, -1]
        nfev += r.nfev
    return x, nfev


def sparse_rk4(W, G, tau, x0, I, pulses, t_end, h=1e-3):
    from scipy import sparse
    Wc, Gc = sparse.csr_matrix(W), sparse.csr_matrix(G)
    deg = G.sum(axis=1)
    steps = int(round(t_end / h))
    # the input per 0.1 s piece (every pulse edge is a multiple of 0.1 s),
    # each piece's value taken at a step midpoint as ctome does
    per = int(round(0.1 / h))
    U = np.tile(I, (steps // per, 1))
    for q in range(steps // per):
        mid = (q * per + 0.5) * h
        for j, s, d, amp in pulses:
            if s <= mid < s + d:
                U[q, int(j)] += amp
    rt = 1.0 / tau
    x = x0.copy()
    t0, c0 = time.perf_counter(), time.process_time()
    for k in range(steps):
        u = U[k // per]

        def f(y):
            return (-y - deg * y + Wc @ np.tanh(y) + Gc @ y + u) * rt
        k1 = f(x)
        k2 = f(x + 0.5 * h * k1)
        k3 = f(x + 0.5 * h * k2)
        k4 = f(x + h * k3)
        x = x + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    return x, time.perf_counter() - t0, time.process_time() - c0, 4 * steps


def brian_run(W, G, tau, x0, I, pulses, t_end, target):
    import brian2 as b2
    b2.prefs.codegen.target = target
    b2.defaultclock.dt = 1 * b2.ms
    n = len(x0)
    # the pulses on a 0.1 s grid (every edge is a multiple of 0.1 s)
    steps = int(round(t_end / 0.1))
    P = np.zeros((steps, n))
    for j, s, d, amp in pulses:
        P[int(round(s / 0.1)):int(round((s + d) / 0.1)), int(j)] += amp
    stim = b2.TimedArray(P, dt=0.1 * b2.second)
    eqs = """
    dx/dt = (-x + Isyn + Igap + I0 + stim(t, i)) / tau : 1
    Isyn : 1
    Igap : 1
    I0 : 1 (constant)
    tau : second (constant)
    """
    grp = b2.NeuronGroup(n, eqs, method="rk4")
    grp.x = x0
    grp.I0 = I
    grp.tau = tau * b2.second
    post, pre = np.nonzero(W)
    chem = b2.Synapses(grp, grp, "w : 1\nIsyn_post = w * tanh(x_pre) : 1 (summed)")
    chem.connect(i=pre, j=post)
    chem.w = W[post, pre]
    gpost, gpre = np.nonzero(G)
    gap = b2.Synapses(grp, grp, "g : 1\nIgap_post = g * (x_pre - x_post) : 1 (summed)")
    gap.connect(i=gpre, j=gpost)
    gap.g = G[gpost, gpre]
    net = b2.Network(grp, chem, gap)
    t0, c0 = time.perf_counter(), time.process_time()
    net.run(t_end * b2.second)
    return np.array(grp.x[:]), time.perf_counter() - t0, time.process_time() - c0


def main():
    d = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) > 2 else "numpy"
    W, G, tau, x0, I, xc, pulses = load(d)
    t_end = 60.0
    print(f"{len(x0)} neurons, {np.count_nonzero(W)} chemical and {np.count_nonzero(G)} gap entries")
    if len(sys.argv) > 3 and sys.argv[3] == "sparse-rk4":
        xr, tr, cr, nf = sparse_rk4(W, G, tau, x0, I, pulses, t_end)
        print(f"numpy + scipy.sparse RK4, dt 1 ms: {tr:8.3f} s wall, {cr:8.3f} s CPU  "
              f"({1e6 * cr / nf:.2f} µs CPU per right-hand side)  "
              f"max |x - x_ctome| = {np.max(np.abs(xr - xc)):.2e}", flush=True)
        return
    if len(sys.argv) > 3 and sys.argv[3] == "brian-only":
        xb, tb, cb = brian_run(W, G, tau, x0, I, pulses, t_end, target)
        print(f"brian2 {target} rk4, dt 1 ms: {tb:8.3f} s wall, {cb:8.3f} s CPU  "
              f"max |x - x_ctome| = {np.max(np.abs(xb - xc)):.2e}", flush=True)
        return
    t0, c0 = time.perf_counter(), time.process_time()
    xs, nf = scipy_run(W, G, tau, x0, I, pulses, t_end, rtol=1e-6, atol=1e-9, max_step=1e-3)
    ts, cs = time.perf_counter() - t0, time.process_time() - c0
    print(f"scipy solve_ivp RK45 max_step 1 ms (rtol 1e-6): {ts:8.3f} s wall, {cs:8.3f} s CPU ({nf} f evals)  "
          f"max |x - x_ctome| = {np.max(np.abs(xs - xc)):.2e}", flush=True)
    t0, c0 = time.perf_counter(), time.process_time()
    xa, nf = scipy_run(W, G, tau, x0, I, pulses, t_end, rtol=1e-8, atol=1e-10)
    ta, ca = time.perf_counter() - t0, time.process_time() - c0
    print(f"scipy solve_ivp RK45 adaptive (rtol 1e-8):     {ta:8.3f} s wall, {ca:8.3f} s CPU ({nf} f evals)  "
          f"max |x - x_ctome| = {np.max(np.abs(xa - xc)):.2e}", flush=True)
    xb, tb, cb = brian_run(W, G, tau, x0, I, pulses, t_end, target)
    print(f"brian2 {target} rk4, dt 1 ms:                    {tb:8.3f} s wall, {cb:8.3f} s CPU  "
          f"max |x - x_ctome| = {np.max(np.abs(xb - xc)):.2e}  (max |x_ctome| = {np.max(np.abs(xc)):.3f})",
          flush=True)

if __name__ == "__main__":
    main()
