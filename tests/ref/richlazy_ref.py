#!/usr/bin/python3
"""Reference values for tests/test_richlazy.c (rich/lazy learning measures and
rank-controlled initialisation), computed independently of ctome with numpy
(Debian's /usr/bin/python3).

Definitions (lib/analysis/learning_measures.h, lib/models/rnn_init.h):
  truncated SVD     W_r = c * U[:, :r] S[:r] V[:r]^T, c = ||W||_F / ||W_r||_F
  kernel alignment  A(K1, K2) = <K1, K2>_F / (||K1||_F ||K2||_F); centred:
                    the same on H K H, H = I - 11^T / P
  sign similarity   #{W0 != 0 and sign(Wt) == sign(W0)} / #{W0 != 0}
  effective rank    exp(-sum p ln p), p = s / sum s (Roy & Vetterli 2007)

Matrices (i, j 0-based):
  A  6 x 6   A_ij = sin(1 + i + 2 j) + 0.3 cos(3 i - j)
  G1 5 x 4   G1_ij = cos(0.7 i + 1.3 j);  K1 = G1 G1^T
  G2 5 x 4   G2_ij = sin(0.4 i - 0.9 j + 0.5) + 0.1 i;  K2 = G2 G2^T
  W0 6 x 6   sin(2 i + j + 0.5), with W0[0,0] = W0[3,4] = 0
  Wt 6 x 6   W0 + 0.8 cos(i j + 1)

Output: tests/ref/richlazy_ref.txt, lines `key value`.
Run: /usr/bin/python3 tests/ref/richlazy_ref.py   (well under 1 s)
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def align(k1, k2, centred):
    if centred:
        p = k1.shape[0]
        h = np.eye(p) - np.ones((p, p)) / p
        k1, k2 = h @ k1 @ h, h @ k2 @ h
    return float((k1 * k2).sum() / (np.linalg.norm(k1) * np.linalg.norm(k2)))


def erank(m):
    s = np.linalg.svd(m, compute_uv=False)
    p = s / s.sum()
    p = p[p > 0]
    return float(np.exp(-(p * np.log(p)).sum()))


def main():
    i, j = np.meshgrid(np.arange(6), np.arange(6), indexing='ij')
    a = np.sin(1 + i + 2 * j) + 0.3 * np.cos(3 * i - j)
    out = []
    out.append(('A_fro', np.linalg.norm(a)))
    out.append(('A_erank', erank(a)))
    u, s, vt = np.linalg.svd(a)
    for r in (1, 2, 3):
        ar = u[:, :r] @ np.diag(s[:r]) @ vt[:r]
        ar *= np.linalg.norm(a) / np.linalg.norm(ar)
        for (p, q) in ((0, 0), (2, 3), (5, 5), (4, 1)):
            out.append(('trunc%d_%d_%d' % (r, p, q), ar[p, q]))
        out.append(('trunc%d_erank' % r, erank(ar)))
    gi, gj = np.meshgrid(np.arange(5), np.arange(4), indexing='ij')
    g1 = np.cos(0.7 * gi + 1.3 * gj)
    g2 = np.sin(0.4 * gi - 0.9 * gj + 0.5) + 0.1 * gi
    k1, k2 = g1 @ g1.T, g2 @ g2.T
    out.append(('K1_00', k1[0, 0]))
    out.append(('K1_24', k1[2, 4]))
    out.append(('align', align(k1, k2, False)))
    out.append(('align_centred', align(k1, k2, True)))
    w0 = np.sin(2 * i + j + 0.5)
    w0[0, 0] = 0
    w0[3, 4] = 0
    wt = w0 + 0.8 * np.cos(i * j + 1)
    nz = w0 != 0
    out.append(('sign_similarity', float((np.sign(wt)[nz] == np.sign(w0)[nz]).sum() / nz.sum())))
    out.append(('dw', np.linalg.norm(wt - w0)))
    out.append(('dw_rel', np.linalg.norm(wt - w0) / np.linalg.norm(w0)))
    with open(os.path.join(HERE, 'richlazy_ref.txt'), 'w') as f:
        for k, v in out:
            f.write('%s %.17g\n' % (k, v))


if __name__ == '__main__':
    main()
