"""Compiled minibatch steps: forward with dropout, loss, backward, penalty and update.

`train_steps` runs a whole chunk of steps in one call without the GIL. Everything random
comes in as arrays drawn by the caller from the job's own numpy generators: the rows of
each step (the epoch order) and the uniform draws of the dropout masks, so the compiled
and the numpy kernel see the same numbers. The formulas and their order of operations
are the engine's (engine/losses.py, optimizers.py); see forward.py for the network layout.
"""

from __future__ import annotations

import math

import numpy as np

from .codes import (
    ACTIVATION,
    ADAM,
    ALPHA,
    B_OFF,
    BCE,
    BETA1,
    BETA2,
    DROPOUT,
    EPS,
    L2,
    LEAKY_RELU,
    LOSS,
    LR,
    MOMENTUM,
    MSE,
    MU,
    N_IN,
    N_OUT,
    NESTEROV,
    NO_PENALTY,
    OPTIMIZER,
    PENALIZED,
    PENALTY,
    PENALTY_RATE,
    RELU,
    RMSPROP,
    SGD,
    SIGMOID,
    SLOPE,
    TANH,
    W_OFF,
)
from .forward import activate, compiled, compiled_products, dense_rows, widest_layer


@compiled
def log1p_exp_neg(z):
    """logaddexp(0, -z) as numpy computes it."""
    if z == 0.0:
        return math.log(2.0)
    if z > 0:
        return math.log1p(math.exp(-z))
    return -z + math.log1p(math.exp(z))


@compiled
def loss_and_grad(code, Z, T, dZ):
    """The minibatch's mean loss of outputs Z against targets T (one-hot for softmax); dL/dZ."""
    B, k = Z.shape
    total = 0.0
    if code == MSE:
        size = B * k
        for r in range(B):
            for j in range(k):
                diff = Z[r, j] - T[r, j]
                total += diff * diff
                dZ[r, j] = diff / (size / 2)
        return total / size
    if code == BCE:
        size = B * k
        for r in range(B):
            for j in range(k):
                z, y = Z[r, j], T[r, j]
                total += max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
                dZ[r, j] = (math.exp(-log1p_exp_neg(z)) - y) / size
        return total / size
    for r in range(B):  # softmax cross-entropy, rows of logits
        top = Z[r, 0]
        for j in range(1, k):
            top = max(top, Z[r, j])
        sum_exp, sum_t = 0.0, 0.0
        for j in range(k):
            sum_exp += math.exp(Z[r, j] - top)
            sum_t += T[r, j]
        log_sum = math.log(sum_exp)
        for j in range(k):
            log_p = (Z[r, j] - top) - log_sum
            total += T[r, j] * log_p
            dZ[r, j] = (math.exp(log_p) * sum_t - T[r, j]) / B
    return -total / B


@compiled
def local_grad(code, slope, z, y, dy):
    """dL/dz from dL/dy of an activation y = f(z)."""
    if code == TANH:
        return dy - dy * y * y
    if code == RELU:
        return dy * (1.0 if y > 0 else 0.0)
    if code == LEAKY_RELU:
        return dy if z > 0 else dy * slope
    if code == SIGMOID:
        return dy * y * (1.0 - y)
    return dy


@compiled_products
def weight_grads(A, a_at, dZ, B, n_in, n_out, G, w, b):
    """dW = A.T @ dZ into G at `w`, db = column sums of dZ at `b` (written, not added);
    sums over rows in order. A: B flat rows of n_in from `a_at`; dZ: B rows of n_out."""
    for k in range(n_in * n_out):
        G[w + k] = 0.0
    for j in range(n_out):
        G[b + j] = 0.0
    for r in range(B):
        a, d = a_at + r * n_in, r * n_out
        for i in range(n_in):
            x, row = A[a + i], w + i * n_out
            for j in range(n_out):
                G[row + j] += x * dZ[d + j]
        for j in range(n_out):
            G[b + j] += dZ[d + j]


@compiled_products
def input_grads(dZ, B, n_in, n_out, P, w, dA):
    """dA = dZ @ W.T (W at `w` in P), each dA[r, i] summing over j in order."""
    for r in range(B):
        o, d = r * n_in, r * n_out
        for i in range(n_in):
            dA[o + i] = 0.0
        for j in range(n_out):
            g = dZ[d + j]
            for i in range(n_in):
                dA[o + i] += g * P[w + i * n_out + j]


@compiled
def update(P, G, S1, S2, counter, modes, hyper):
    """One optimizer step over the flat parameters (penalty on the leading weights first)."""
    optimizer, penalty, penalized = modes[OPTIMIZER], modes[PENALTY], modes[PENALIZED]
    lr, rate, mu, alpha, eps = hyper[LR], hyper[PENALTY_RATE], hyper[MU], hyper[ALPHA], hyper[EPS]
    beta1, beta2 = hyper[BETA1], hyper[BETA2]
    if penalty != NO_PENALTY and rate != 0:
        for i in range(penalized):
            G[i] += P[i] * rate if penalty == L2 else np.sign(P[i]) * rate
    if optimizer == ADAM:
        counter[0] += 1
        t = float(counter[0])
        root = math.sqrt(1 - beta2 ** t)
        step_size = lr / (1 - beta1 ** t)
    for i in range(P.shape[0]):
        g = G[i]
        if optimizer == SGD:
            P[i] += g * -lr
        elif optimizer in (MOMENTUM, NESTEROV):
            S1[i] = S1[i] * mu + g
            P[i] += (g + S1[i] * mu if optimizer == NESTEROV else S1[i]) * -lr
        elif optimizer == RMSPROP:
            S1[i] = S1[i] * alpha + g * g * (1 - alpha)
            P[i] -= g / (math.sqrt(S1[i]) + eps) * lr
        else:
            S1[i] = S1[i] * beta1 + g * (1 - beta1)
            S2[i] = S2[i] * beta2 + g * g * (1 - beta2)
            P[i] -= S1[i] / (math.sqrt(S2[i]) / root + eps) * step_size


@compiled
def block(buffer, layer, size, B, n):
    """Layer `layer`'s `(B, n)` array (C-contiguous) in a flat buffer of `size` per layer."""
    start = layer * size
    return buffer[start:start + B * n].reshape((B, n))


@compiled
def train_steps(P, S1, S2, counter, net, net_f, modes, hyper, X, T, rows, lengths, U, losses):
    """`len(lengths)` minibatch steps; step s trains on the next `lengths[s]` of `rows`.

    P: flat parameters; S1, S2: optimizer state like P; counter: `[Adam's step]`.
    X `(n, n_in)`, T `(n, n_out)` targets (one-hot for softmax). U: uniform draws for the
    dropout masks, used in the engine's order (step, layer, row, unit). losses: out.
    Returns how many draws of U were used.
    """
    layers, n_in, n_out = net.shape[1], X.shape[1], T.shape[1]
    batch = 1
    for s in range(lengths.shape[0]):
        batch = max(batch, lengths[s])
    size = batch * widest_layer(net, n_in)
    # per layer, B rows of its units: pre-activation Z, activation H, dropout mask M,
    # output D (= H * M)
    Z, H = np.empty(layers * size), np.empty(layers * size)
    M, D = np.empty(layers * size), np.empty(layers * size)
    dA, dZ = np.empty(size), np.empty(size)
    G = np.zeros_like(P)
    Xb, Tb = np.empty(batch * n_in), np.empty(batch * n_out)
    start, used = 0, 0
    for s in range(lengths.shape[0]):
        B = lengths[s]
        for r in range(B):
            row = rows[start + r]
            for i in range(n_in):
                Xb[r * n_in + i] = X[row, i]
            for j in range(n_out):
                Tb[r * n_out + j] = T[row, j]
        start += B
        used = forward_batch(P, net, net_f, Xb, B, U, used, size, Z, H, M, D)
        losses[s] = loss_and_grad(modes[LOSS], block(Z, layers - 1, size, B, n_out),
                                  block(Tb, 0, 0, B, n_out), block(dZ, 0, 0, B, n_out))
        backward_batch(P, G, net, net_f, Xb, B, size, Z, H, M, D, dA, dZ)
        update(P, G, S1, S2, counter, modes, hyper)
    return used


@compiled
def forward_batch(P, net, net_f, Xb, B, U, used, size, Z, H, M, D):
    """Training-mode forward of one minibatch into the buffers; returns draws of U used."""
    layers = net.shape[1]
    source, at = Xb, 0
    for layer in range(layers):
        n_in, n_out, base = net[N_IN, layer], net[N_OUT, layer], layer * size
        dense_rows(source, at, P, net[W_OFF, layer], net[B_OFF, layer], n_in, n_out, B, Z,
                   base)
        if layer == layers - 1:
            break
        code, slope, p = net[ACTIVATION, layer], net_f[SLOPE, layer], net_f[DROPOUT, layer]
        for e in range(base, base + B * n_out):
            h = activate(code, slope, Z[e])
            H[e] = h
            if p > 0:  # inverted dropout: kept values scaled by 1 / (1 - p)
                M[e] = (1.0 if U[used] >= p else 0.0) * (1 / (1 - p))
                used += 1
                D[e] = h * M[e]
            else:
                D[e] = h
        source, at = D, base
    return used


@compiled
def backward_batch(P, G, net, net_f, Xb, B, size, Z, H, M, D, dA, dZ):
    """Gradients of one minibatch into G, from dL/d(output) in dZ."""
    for layer in range(net.shape[1] - 1, -1, -1):
        n_in, n_out, w = net[N_IN, layer], net[N_OUT, layer], net[W_OFF, layer]
        source, at = (Xb, 0) if layer == 0 else (D, (layer - 1) * size)
        weight_grads(source, at, dZ, B, n_in, n_out, G, w, net[B_OFF, layer])
        if layer == 0:
            break
        input_grads(dZ, B, n_in, n_out, P, w, dA)
        below = layer - 1
        code, slope, p = net[ACTIVATION, below], net_f[SLOPE, below], net_f[DROPOUT, below]
        for e in range(B * n_in):
            dy = dA[e] * M[at + e] if p > 0 else dA[e]
            dZ[e] = local_grad(code, slope, Z[at + e], H[at + e], dy)
