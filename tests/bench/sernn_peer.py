#!/usr/bin/python3
"""PyTorch peer of tests/bench/bench_sernn.c: training throughput of the seRNN
maze network (100 ReLU units on the 5x5x4 grid, 8 inputs, 4 outputs, T = 50,
batch 128, cross-entropy over the last 20 steps, Adam lr 1e-3) with the seRNN
regulariser
    R = gamma * sum(|U| * C * D),  C = matrix_exp(S^-1/2 |U| S^-1/2), diag 0,
U = W_hh^T (rows = source units, the authors' Keras layout), S = row sums,
D = Euclidean grid distances, the gradient by autograd through
torch.matrix_exp.  One fixed batch (the task generator is not timed).
Implementations, each on 1 and 2 threads:
  nn.RNN    torch.nn.RNN(nonlinearity='relu') + nn.Linear, regulariser in float32
  loop      hand-written loop (input projection in one matmul), float32
  nn.RNN/64 nn.RNN with the regulariser computed in float64 (as ctome does)
Prints sequences per wall second and per CPU-second (best of `reps` timed runs
of `updates` updates); the regulariser alone in CPU ms per call.
  /usr/bin/python3 tests/bench/sernn_peer.py [updates] [reps]   (default 50 3)
"""
import sys
import time

import numpy as np
import torch

T, B, NI, N, NO = 50, 128, 8, 100, 4
GAMMA = 0.05


def distances():
    x, y, z = np.meshgrid(np.arange(5), np.arange(5), np.arange(4))
    p = np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1).astype(float)
    return np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(-1))


D64 = torch.tensor(distances(), dtype=torch.float64)
D32 = D64.float()


def se_reg(w_hh, dtype):
    u = w_hh.t().to(dtype)
    a = u.abs()
    r = a.sum(dim=1).pow(-0.5)
    c = torch.matrix_exp(r[:, None] * a * r[None, :])
    c = c - torch.diag(torch.diag(c))
    d = D64 if dtype == torch.float64 else D32
    return GAMMA * (a * c * d).sum()


class Loop(torch.nn.Module):
    def __init__(self):
        super().__init__()
        k = 1.0 / N ** 0.5
        self.w_ih = torch.nn.Parameter(torch.empty(N, NI).uniform_(-k, k))
        self.w_hh = torch.nn.Parameter(torch.empty(N, N).uniform_(-k, k))
        self.b = torch.nn.Parameter(torch.empty(N).uniform_(-k, k))
        self.out = torch.nn.Linear(N, NO)

    def forward(self, x):
        xw = torch.nn.functional.linear(x, self.w_ih, self.b)
        h = torch.zeros(x.shape[1], N)
        hs = []
        for t in range(x.shape[0]):
            h = torch.relu(xw[t] + h @ self.w_hh.t())
            hs.append(h)
        return self.out(torch.stack(hs)), self.w_hh


class Torch(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(NI, N, nonlinearity='relu')
        self.out = torch.nn.Linear(N, NO)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h), self.rnn.weight_hh_l0


def run(model_cls, dtype, threads, updates, reps):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = model_cls()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(T, B, NI)
    target = torch.randint(0, NO, (20, B))
    lossf = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        y, w = model(x)
        loss = lossf(y[T - 20:].reshape(-1, NO), target.reshape(-1)) + se_reg(w, dtype)
        loss.backward()
        opt.step()
        return loss

    for _ in range(5):
        step()
    best = bestc = float('inf')
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(updates):
            loss = step()
        best = min(best, time.perf_counter() - t0)
        bestc = min(bestc, time.process_time() - c0)
    return updates * B / best, updates * B / bestc, float(loss)


def reg_only(dtype, threads, calls=100):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    w = (torch.randn(N, N) / 10).requires_grad_(True)
    c0 = time.process_time()
    for _ in range(calls):
        w.grad = None
        se_reg(w, dtype).backward()
    return 1e3 * (time.process_time() - c0) / calls


def main():
    updates = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for th in (1, 2):
        for dt in (torch.float32, torch.float64):
            print('PyTorch %s regulariser %s threads %d: %.3f CPU ms/call (value + autograd gradient)'
                  % (torch.__version__, str(dt).split('.')[1], th, reg_only(dt, th)))
    for name, cls, dt in (('nn.RNN', Torch, torch.float32), ('loop', Loop, torch.float32),
                          ('nn.RNN/64', Torch, torch.float64)):
        for th in (1, 2):
            seq, seqc, loss = run(cls, dt, th, updates, reps)
            print('PyTorch %s %-9s threads %d: %7.0f sequences/s wall, %7.0f per CPU-second  (loss %.4f)'
                  % (torch.__version__, name, th, seq, seqc, loss))


if __name__ == '__main__':
    main()
