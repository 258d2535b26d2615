#!/usr/bin/python3
"""PyTorch peer of tests/bench/bench_rnn.c: training throughput of the seRNN
maze network (100 ReLU units, 8 inputs, 4 outputs, T = 50, batch 128,
cross-entropy on the last 20 steps, Adam lr 1e-3, L1 regulariser
gamma * sum|W_hh|) on CPU, float32, one fixed batch (the task generator is not
timed, as in bench_rnn.c).  Two implementations, each on 1 and 2 threads:
  nn.RNN    torch.nn.RNN(nonlinearity='relu') + nn.Linear
  loop      a hand-written loop: input projection for all steps in one matmul,
            then h = relu(xw[t] + h @ W_hh^T) per step
Prints sequences/second (best of `reps` timed runs of `updates` updates) and the
process CPU time per update (comparable on a busy machine).
  /usr/bin/python3 tests/bench/rnn_peer.py [updates] [reps]   (default 100 3)
"""
import sys
import time

import torch

T, B, NI, N, NO = 50, 128, 8, 100, 4
GAMMA = 1e-4


class Loop(torch.nn.Module):
    def __init__(self):
        super().__init__()
        k = 1.0 / N ** 0.5
        self.w_ih = torch.nn.Parameter(torch.empty(N, NI).uniform_(-k, k))
        self.w_hh = torch.nn.Parameter(torch.empty(N, N).uniform_(-k, k))
        self.b = torch.nn.Parameter(torch.empty(N).uniform_(-k, k))
        self.out = torch.nn.Linear(N, NO)

    def forward(self, x):
        xw = torch.nn.functional.linear(x, self.w_ih, self.b)   # [T, B, N] in one matmul
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


def run(model_cls, threads, updates, reps):
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
        loss = lossf(y[T - 20:].reshape(-1, NO), target.reshape(-1)) + GAMMA * w.abs().sum()
        loss.backward()
        opt.step()
        return loss

    for _ in range(10):   # warm-up
        step()
    best, best_cpu = float('inf'), float('inf')
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(updates):
            loss = step()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return updates * B / best, 1e3 * best_cpu / updates, float(loss)


def main():
    updates = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for name, cls in (('nn.RNN', Torch), ('loop', Loop)):
        for th in (1, 2):
            seq, cpu_ms, loss = run(cls, th, updates, reps)
            print('PyTorch %s %-7s threads %d: %7.0f sequences/s, %.3f ms CPU/update  (loss %.4f)'
                  % (torch.__version__, name, th, seq, cpu_ms, loss))


if __name__ == '__main__':
    main()
