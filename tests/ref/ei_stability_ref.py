#!/usr/bin/python3
"""Reference values of tests/test_ei_stability.c (run by hand; tests never run Python).

Output committed in tests/ref/ei_stability_ref.txt; the 2x2 values are also
hand-derived in the test's comments.
"""
import numpy as np
from scipy.optimize import brentq

# one neuron, x = 2 tanh(x): the positive root, and J = (-1 + 2 sech^2 x*) / tau
x = brentq(lambda v: v - 2 * np.tanh(v), 1, 3, xtol=1e-15)
print("tanh_fixed_point", repr(x))
print("tanh_jacobian_tau1", repr(1 - x * x / 2))
print("tanh_jacobian_tau05", repr((1 - x * x / 2) / 0.5))
# two linear neurons: W = [[0, .5], [-.8, 0]], gap g = .3, tau = (1, .5), I = (1, 2)
W = np.array([[0, 0.5], [-0.8, 0]])
G = np.array([[0, 0.3], [0.3, 0]])
A = W - np.eye(2) - np.diag(G.sum(1)) + G
xs = np.linalg.solve(A, -np.array([1.0, 2.0]))
print("linear_fixed_point", *map(repr, xs))
J = np.diag([1, 2.0]) @ A
ev = np.linalg.eigvals(J)
print("linear_eigenvalues", *ev)
print("linear_rho_J", repr(max(abs(ev))))
print("linear_rho_W", repr(max(abs(np.linalg.eigvals(W)))))
