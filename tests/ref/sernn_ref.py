#!/usr/bin/python3
"""Reference numbers for tests/test_sernn.c, computed independently of ctome
with numpy / scipy / torch (Debian's /usr/bin/python3).

seRNN regulariser (Achterberg, Akarca et al. 2023 Nat Mach Intell 5:1369; the
authors' TensorFlow SE1_sWc): with A = |W|, s_i = sum_j A_ij (row sums),
  C = expm(S^-1/2 A S^-1/2) with the diagonal set to 0,
  R = gamma * sum_ij A_ij C_ij D_ij.

  grid      5x5x4 integer grid (numpy meshgrid order, as the authors'
            SE1.__init__): sum of all n^2 Euclidean distances and the maximum;
  w3        W = [[0,1,0],[1,0,2],[0,2,0]] (docs/methods.md, seRNN): C off the diagonal, and R with
            D_ij = |i - j|, gamma = 1;
  grad      a random 6 x 6 non-symmetric W with mixed signs (numpy seed 7,
            printed in full), D = |i - j| + 0.5 (i != j), gamma = 0.37: R and
            dR/dW by torch autograd through torch.matrix_exp in float64 (an
            independent route to the gradient: the C test checks its analytic
            Frechet-derivative gradient against these numbers and against
            central finite differences).

Output: tests/ref/sernn_ref.txt, lines `key value...`.
Run: /usr/bin/python3 tests/ref/sernn_ref.py   (about 1 s)
"""
import os

import numpy as np
import torch
from scipy.linalg import expm
from scipy.spatial.distance import pdist, squareform

HERE = os.path.dirname(os.path.abspath(__file__))


def grid(nx, ny, nz):
    x, y, z = np.meshgrid(np.arange(nx), np.arange(ny), np.arange(nz))
    return np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1).astype(float)


def reg_numpy(w, d, gamma):
    a = np.abs(w)
    s = a.sum(axis=1)
    m = a / np.sqrt(np.outer(s, s))
    c = expm(m)
    np.fill_diagonal(c, 0)
    return c, gamma * np.sum(a * c * d)


def reg_torch(w, d, gamma):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    a = wt.abs()
    s = a.sum(dim=1).pow(-0.5)
    c = torch.matrix_exp(torch.diag(s) @ a @ torch.diag(s))
    c = c - torch.diag(torch.diag(c))
    r = gamma * (a * c * torch.tensor(d)).sum()
    r.backward()
    return r.item(), wt.grad.numpy()


def main():
    out = []
    pos = grid(5, 5, 4)
    dist = squareform(pdist(pos))
    out.append('grid_sum %.10f' % dist.sum())
    out.append('grid_max %.15f' % dist.max())
    out.append('grid_max_sq %.10f' % (dist.max() ** 2))
    # the first units in the authors' order (x fastest after z)
    for u in (0, 1, 4, 5, 20, 99):
        out.append('grid_pos %d %d %d %d' % (u, *pos[u]))

    w = np.array([[0, 1, 0], [1, 0, 2], [0, 2, 0]], dtype=float)
    d = np.abs(np.subtract.outer(np.arange(3), np.arange(3))).astype(float)
    c, r = reg_numpy(w, d, 1.0)
    for i, j in ((0, 1), (0, 2), (1, 2)):
        out.append('w3_c %d %d %.12f' % (i, j, c[i, j]))
    out.append('w3_reg %.12f' % r)
    rt, _ = reg_torch(w, d, 1.0)
    out.append('w3_reg_torch %.12f' % rt)

    rng = np.random.default_rng(7)
    n = 6
    w = rng.normal(size=(n, n))
    d = np.abs(np.subtract.outer(np.arange(n), np.arange(n))) + 0.5
    np.fill_diagonal(d, 0)
    gamma = 0.37
    _, r = reg_numpy(w, d, gamma)
    rt, g = reg_torch(w, d, gamma)
    out.append('grad_n %d' % n)
    out.append('grad_gamma %.2f' % gamma)
    out.append('grad_w ' + ' '.join('%.17g' % x for x in w.ravel()))
    out.append('grad_reg %.15g' % r)
    out.append('grad_reg_torch %.15g' % rt)
    out.append('grad_dw ' + ' '.join('%.15g' % x for x in g.ravel()))

    with open(os.path.join(HERE, 'sernn_ref.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')
    print('\n'.join(out))


if __name__ == '__main__':
    main()
