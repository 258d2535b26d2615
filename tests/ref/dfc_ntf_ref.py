#!/usr/bin/python3
"""Reference values for tests/test_dfc.c, computed independently with numpy.

1. Masked non-negative CP decomposition by HALS written from the textbook
   column update (Cichocki & Phan 2009) on an explicit dense mask:
       F[:, r] = max(eps, sum_{k,w} M (X - Xhat + t_r a_r f_r) t_r a_r / sum_{k,w} M (t_r a_r)^2)
   and likewise for T and A, in the order F, T, A, columns in order; the loss
   sum M (X - Xhat)^2 after every iteration.  Same tensor and start as the
   C test: an integer LCG giving exact doubles k / 2^20.
2. NMI (arithmetic normalisation, as sklearn) and ARI (Hubert & Arabie) of
   two small partitions, from their contingency table.

Run: /usr/bin/python3 tests/ref/dfc_ntf_ref.py > tests/ref/dfc_ntf_ref.txt
"""
import numpy as np

M64 = (1 << 64) - 1
state = [0]


def lcg():
    state[0] = (state[0] * 6364136223846793005 + 1442695040888963407) & M64
    return (state[0] >> 44) / 1048576.0


K, W, N, R, IT = 3, 7, 6, 3, 60
pairs = [(i, j) for i in range(N) for j in range(i + 1, N)]
P = len(pairs)
present = np.ones((K, N), bool)
present[1, 4] = False
present[2, 0] = False
wok = np.ones((K, W), bool)
wok[0, 6] = False
wok[2, 2] = False
X = np.zeros((K, W, P))
M = np.zeros((K, W, P))
state[0] = 12345
for k in range(K):
    for w in range(W):
        for p, (i, j) in enumerate(pairs):
            v = lcg()
            ok = wok[k, w] and present[k, i] and present[k, j]
            M[k, w, p] = 1.0 if ok else 0.0
            X[k, w, p] = v if ok else 0.0

state[0] = 777
T = np.array([lcg() + 0.05 for _ in range(W * R)]).reshape(W, R)
A = np.array([lcg() + 0.05 for _ in range(K * R)]).reshape(K, R)
F = np.array([lcg() + 0.05 for _ in range(P * R)]).reshape(P, R)
EPS = 1e-16


def xhat():
    return np.einsum('kr,wr,pr->kwp', A, T, F)


def term(r):
    return np.einsum('k,w,p->kwp', A[:, r], T[:, r], F[:, r])


losses = []
for it in range(IT):
    for r in range(R):           # F
        res = M * (X - xhat() + term(r))
        ta = np.einsum('k,w->kw', A[:, r], T[:, r])
        num = np.einsum('kwp,kw->p', res, ta)
        den = np.einsum('kwp,kw->p', M, ta * ta)
        F[:, r] = np.where(den > 0, np.maximum(EPS, num / np.where(den > 0, den, 1)), F[:, r])
    for r in range(R):           # T
        res = M * (X - xhat() + term(r))
        af = np.einsum('k,p->kp', A[:, r], F[:, r])
        num = np.einsum('kwp,kp->w', res, af)
        den = np.einsum('kwp,kp->w', M, af * af)
        T[:, r] = np.where(den > 0, np.maximum(EPS, num / np.where(den > 0, den, 1)), T[:, r])
    for r in range(R):           # A
        res = M * (X - xhat() + term(r))
        tf = np.einsum('w,p->wp', T[:, r], F[:, r])
        num = np.einsum('kwp,wp->k', res, tf)
        den = np.einsum('kwp,wp->k', M, tf * tf)
        A[:, r] = np.where(den > 0, np.maximum(EPS, num / np.where(den > 0, den, 1)), A[:, r])
    losses.append(float(np.sum(M * (X - xhat()) ** 2)))


def fmt(v):
    return ' '.join('%.17g' % x for x in np.ravel(v))


print('loss', fmt(losses))
print('T', fmt(T))
print('A', fmt(A))
print('F', fmt(F))

# partitions (a label < 0 is its own class "none")
a = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, -1])
b = np.array([0, 0, 1, 1, 1, 1, 2, 2, 0, 0])
ua, ia = np.unique(a, return_inverse=True)
ub, ib = np.unique(b, return_inverse=True)
C = np.zeros((len(ua), len(ub)))
for x, y in zip(ia, ib):
    C[x, y] += 1
n = len(a)
pa, pb, pab = C.sum(1) / n, C.sum(0) / n, C / n
ha = -np.sum(pa * np.log(pa))
hb = -np.sum(pb * np.log(pb))
nz = pab > 0
mi = np.sum(pab[nz] * np.log(pab[nz] / np.outer(pa, pb)[nz]))
nmi = mi / (0.5 * (ha + hb))
c2 = lambda x: x * (x - 1) / 2
sc, sa, sb = c2(C).sum(), c2(C.sum(1)).sum(), c2(C.sum(0)).sum()
exp = sa * sb / c2(n)
ari = (sc - exp) / (0.5 * (sa + sb) - exp)
print('partition', '%.17g %.17g' % (nmi, ari))
