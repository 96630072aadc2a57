"""Compiled metric points: losses and correct predictions of both splits in one pass.

A metric point needs each row's loss and whether its prediction is right, summed per
split; numpy computes the outputs, then each row's loss (training/problem.py
`row_losses`, `predictions`). Here one call does it on blocks of rows, without the
outputs ever leaving the loop, with the same formulas in the same order.
"""

from __future__ import annotations

import math

import numpy as np

from .codes import BCE, MSE
from .forward import compiled, forward_block, widest_layer
from .steps import log1p_exp_neg

ROWS = 16  # rows per block: small buffers, as layer_outputs


@compiled
def add(sums, row, n_train, loss, right):
    split = 0 if row < n_train else 1
    sums[split] += loss
    sums[2 + split] += 1.0 if right else 0.0


@compiled
def mse_rows(out, B, k, T, first, n_train, sums):
    """((outputs - Y) ** 2).mean(axis=1) of each row; no predictions to be right."""
    for r in range(B):
        total = 0.0
        for j in range(k):
            d = out[r * k + j] - T[first + r, j]
            total += d * d
        add(sums, first + r, n_train, total / k, False)


@compiled
def bce_rows(out, B, T, first, n_train, sums):
    """logaddexp(0, z) - z * y of each row's logit z; predicted 1 when z > 0."""
    for r in range(B):
        z, y = out[r], T[first + r, 0]
        add(sums, first + r, n_train, log1p_exp_neg(-z) - z * y, (z > 0) == (y > 0.5))


@compiled
def softmax_rows(out, B, k, T, first, n_train, sums):
    """Log-sum-exp minus the label's logit; predicted: the first largest (or first NaN)."""
    for r in range(B):
        at, row = r * k, first + r
        top, best, label = out[at], 0, 0
        for j in range(k):
            z = out[at + j]
            if z > top or (z != z and top == top):  # as numpy's max and argmax
                top, best = z, j
            if T[row, j] > T[row, label]:
                label = j
        sum_exp = 0.0
        for j in range(k):
            sum_exp += math.exp(out[at + j] - top)
        add(sums, row, n_train, (math.log(sum_exp) + top) - out[at + label], best == label)


@compiled
def metric_sums(P, net, net_f, X, T, code, n_train, sums):
    """Into `sums`: the summed loss of the first `n_train` rows of X (the train split) and
    of the rest (test), then their numbers of right predictions. X C-contiguous."""
    n, n_x = X.shape
    k = T.shape[1]
    widest = widest_layer(net, n_x)
    A, Z, out = np.empty(ROWS * widest), np.empty(ROWS * widest), np.empty(ROWS * k)
    flat_x, no_hidden = X.reshape(n * n_x), np.empty((0, 0))
    sums[:] = 0.0
    for start in range(0, n, ROWS):
        B = min(ROWS, n - start)
        forward_block(P, net, net_f, flat_x, start * n_x, B, A, Z, out, 0, no_hidden, 0)
        if code == MSE:
            mse_rows(out, B, k, T, start, n_train, sums)
        elif code == BCE:
            bce_rows(out, B, T, start, n_train, sums)
        else:
            softmax_rows(out, B, k, T, start, n_train, sums)
