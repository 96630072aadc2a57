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
)
from .forward import activate_rows, compiled, compiled_products, dense, weights


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
def activation_grad(code, slope, Z, H, dH):
    """dL/dZ in place of dL/dH, from the layer's pre-activation Z and output H."""
    for r in range(dH.shape[0]):
        for j in range(dH.shape[1]):
            dy, y = dH[r, j], H[r, j]
            if code == TANH:
                dH[r, j] = dy - dy * y * y
            elif code == RELU:
                dH[r, j] = dy * (1.0 if y > 0 else 0.0)
            elif code == LEAKY_RELU:
                dH[r, j] = dy if Z[r, j] > 0 else dy * slope
            elif code == SIGMOID:
                dH[r, j] = dy * y * (1.0 - y)


@compiled_products
def weight_grads(A, dZ, dW, db):
    """dW = A.T @ dZ, db = column sums of dZ (written, not added); sums over rows in order."""
    dW[:] = 0.0
    db[:] = 0.0
    n_in, n_out = dW.shape
    for r in range(A.shape[0]):
        for i in range(n_in):
            a = A[r, i]
            for j in range(n_out):
                dW[i, j] += a * dZ[r, j]
        for j in range(n_out):
            db[j] += dZ[r, j]


@compiled_products
def input_grads(dZ, W, dA):
    """dA = dZ @ W.T, summing over j in order, with i innermost (on W.T's contiguous rows)."""
    WT = W.T.copy()
    n_in, n_out = W.shape
    for r in range(dZ.shape[0]):
        row = dA[r]
        row[:] = 0.0
        for j in range(n_out):
            d = dZ[r, j]
            for i in range(n_in):
                row[i] += d * WT[j, i]


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
    widest, batch = n_in, 1
    for layer in range(layers):
        widest = max(widest, net[N_OUT, layer])
    for s in range(lengths.shape[0]):
        batch = max(batch, lengths[s])
    size = batch * widest
    # per layer: pre-activation Z, activation H, dropout mask M, output D (= H * M)
    Z, H = np.empty(layers * size), np.empty(layers * size)
    M, D = np.empty(layers * size), np.empty(layers * size)
    dA, dZ = np.empty(size), np.empty(size)
    G = np.zeros_like(P)
    Xb, Tb = np.empty(batch * n_in), np.empty(batch * n_out)
    start, used = 0, 0
    for s in range(lengths.shape[0]):
        B = lengths[s]
        inputs, targets = block(Xb, 0, 0, B, n_in), block(Tb, 0, 0, B, n_out)
        for r in range(B):
            inputs[r] = X[rows[start + r]]
            targets[r] = T[rows[start + r]]
        start += B
        used = forward_batch(P, net, net_f, inputs, U, used, size, Z, H, M, D)
        losses[s] = loss_and_grad(modes[LOSS], block(Z, layers - 1, size, B, n_out), targets,
                                  block(dZ, 0, 0, B, n_out))
        backward_batch(P, G, net, net_f, inputs, size, Z, H, M, D, dA, dZ)
        update(P, G, S1, S2, counter, modes, hyper)
    return used


@compiled
def forward_batch(P, net, net_f, Xb, U, used, size, Z, H, M, D):
    """Training-mode forward of one minibatch into the buffers; returns draws of U used."""
    layers, B = net.shape[1], Xb.shape[0]
    source = Xb
    for layer in range(layers):
        W, bias = weights(P, net, layer)
        n_out = W.shape[1]
        z = block(Z, layer, size, B, n_out)
        dense(source, W, bias, z)
        if layer == layers - 1:
            break
        h, m = block(H, layer, size, B, n_out), block(M, layer, size, B, n_out)
        d = block(D, layer, size, B, n_out)
        activate_rows(z, net[ACTIVATION, layer], net_f[SLOPE, layer], h)
        p = net_f[DROPOUT, layer]
        if p > 0:  # inverted dropout: kept values scaled by 1 / (1 - p)
            for r in range(B):
                for j in range(n_out):
                    m[r, j] = (1.0 if U[used] >= p else 0.0) * (1 / (1 - p))
                    used += 1
                    d[r, j] = h[r, j] * m[r, j]
        else:
            d[:] = h
        source = d
    return used


@compiled
def backward_batch(P, G, net, net_f, Xb, size, Z, H, M, D, dA, dZ):
    """Gradients of one minibatch into G, from dL/d(output) in dZ."""
    layers, B = net.shape[1], Xb.shape[0]
    for layer in range(layers - 1, -1, -1):
        W, _ = weights(P, net, layer)
        dW, db = weights(G, net, layer)
        n_in, n_out = W.shape
        source = Xb if layer == 0 else block(D, layer - 1, size, B, n_in)
        dz = block(dZ, 0, 0, B, n_out)
        weight_grads(source, dz, dW, db)
        if layer == 0:
            break
        da = block(dA, 0, 0, B, n_in)
        input_grads(dz, W, da)
        below = layer - 1
        if net_f[DROPOUT, below] > 0:
            da *= block(M, below, size, B, n_in)
        activation_grad(net[ACTIVATION, below], net_f[SLOPE, below],
                        block(Z, below, size, B, n_in), block(H, below, size, B, n_in), da)
        block(dZ, 0, 0, B, n_in)[:] = da
