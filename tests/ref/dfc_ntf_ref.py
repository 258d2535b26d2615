#!/usr/bin/python3
"""Reference values for tests/test_dfc.c, computed independently with numpy.

1. Masked non-negative CP decomposition by HALS written from the textbook
   column update (Cichocki & Phan 2009) on an explicit dense mask:
       F[:, r] = max(eps, sum_{k,w} M (X - Xhat + t_r a_r f_r) t_r a_r / sum_{k,w} M (t_r a_r)^2)
   and likewise for T and A, in the order F, T, A, columns in order; the loss
   sum M (X - Xhat)^2 after every iteration.  Same tensor and start as the
   C test: an integer LCG giving exact doubles k / 2^20.
2. The same start with extrapolation and restarts (3. below, ctome's rule
   after Ang & Gillis 2019), 60 iterations, tol 0.
3. NMI (arithmetic normalisation, as sklearn) and ARI (Hubert & Arabie) of
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


def sweep():
    """One HALS sweep (F, then T, then A, columns in order) in place; the loss after it."""
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
    return float(np.sum(M * (X - xhat()) ** 2))


T0, A0, F0 = T.copy(), A.copy(), F.copy()
losses = [sweep() for it in range(IT)]
Tp, Ap, Fp = T.copy(), A.copy(), F.copy()

# 3. HALS with extrapolation and restarts (after Ang & Gillis 2019), ctome's
#    rule (docs/dfc.md): the sweep starts at y = max(eps, z + beta (z - z_prev));
#    accepted when its loss is <= the accepted loss (beta_max <- min(1, 1.01
#    beta_max), beta <- min(beta_max, 1.05 beta)), else discarded (beta_max <-
#    beta, beta <- beta / 1.5, next sweep from z; a discarded sweep from z stops).
#    tol 0: stop only when an accepted loss does not decrease.
T[:], A[:], F[:] = T0, A0, F0
z = [T.copy(), A.copy(), F.copy()]
beta, bmax, prev, from_z = 0.5, 1.0, None, True
xlosses = []
for it in range(IT):
    L = sweep()
    stop = False
    if it == 0 or L <= prev:
        zp, z = z, [T.copy(), A.copy(), F.copy()]
        if it > 0:
            bmax = min(1.0, 1.01 * bmax)
            beta = min(bmax, 1.05 * beta)
            stop = prev - L <= 0.0
            for cur, zc, zo in zip((T, A, F), z, zp):
                cur[:] = np.maximum(EPS, zc + beta * (zc - zo))
            from_z = False
        prev = L
    else:
        stop = from_z
        bmax = beta
        beta = beta / 1.5
        for cur, zc in zip((T, A, F), z):
            cur[:] = zc
        from_z = True
    xlosses.append(prev)
    if stop:
        break
xT, xA, xF = z

def fmt(v):
    return ' '.join('%.17g' % x for x in np.ravel(v))


print('loss', fmt(losses))
print('T', fmt(Tp))
print('A', fmt(Ap))
print('F', fmt(Fp))
print('xloss', fmt(xlosses))
print('xT', fmt(xT))
print('xA', fmt(xA))
print('xF', fmt(xF))

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
