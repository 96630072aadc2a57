"""Compiled forward pass: activations, dense layers, and evaluation over many rows.

A network lives in one flat float64 array `P`, as the engine's FlatParameters hold it: all
weights first (each `(n_in, n_out)`, row-major), then all biases. The int64 table `net`
(one column per Linear layer) says where each layer's arrays sit and which activation
follows it; `net_f` holds each layer's leaky-ReLU slope and dropout rate (codes.py, layout.py).

Each operation is written in the numpy engine's order (engine/activations.py), so the two
agree to within the rounding of the matrix products. Every function is compiled with
`nogil=True`, so worker threads run on every core, and `cache=True`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .codes import (
    ACTIVATION,
    B_OFF,
    LEAKY_RELU,
    N_IN,
    N_OUT,
    RELU,
    SIGMOID,
    SLOPE,
    TANH,
    W_OFF,
)

# Without the GIL (worker threads train on every core), cached on disk (loader.py says
# where), and with IEEE results for x / 0 as numpy has them instead of Python's exception.
compiled = njit(cache=True, nogil=True, error_model="numpy")
# Sums of products with fused multiply-adds, as numpy's BLAS computes small matrix products:
# the compiled products then round as the engine's do.
compiled_products = njit(cache=True, nogil=True, error_model="numpy", fastmath={"contract"})

EXP_LIMIT = math.log(np.finfo(np.float64).max) - 1  # as engine.activations.Sigmoid


@compiled
def activate(code, slope, z):
    if code == TANH:  # as accurate as libm's tanh (~1 ulp) and twice as fast
        e = math.expm1(-2.0 * abs(z))
        t = -e / (e + 2.0)
        return t if z >= 0 else -t
    if code == RELU:  # np.maximum(z, 0) keeps -0.0 and NaN
        return z if (z >= 0.0 or z != z) else 0.0
    if code == LEAKY_RELU:
        t = z * slope
        return z if (z >= t or z != z) else t
    if code == SIGMOID:
        s = -z
        if s > EXP_LIMIT:
            s = EXP_LIMIT
        return 1.0 / (math.exp(s) + 1.0)
    return z


@compiled
def weights(P, net, layer):
    """Layer `layer`'s `(W (n_in, n_out), b (n_out,))`, views of P."""
    n_in, n_out = net[N_IN, layer], net[N_OUT, layer]
    w, b = net[W_OFF, layer], net[B_OFF, layer]
    return P[w:w + n_in * n_out].reshape((n_in, n_out)), P[b:b + n_out]


@compiled_products
def dense(A, W, bias, Z):
    """Z = A @ W + bias: A `(B, n_in)`, W `(n_in, n_out)`, Z `(B, n_out)`.

    Each Z[r, j] sums over i in order (as BLAS does on small matrices); the loop over j is
    innermost so that it runs on contiguous rows, in SIMD lanes.
    """
    n_in, n_out = W.shape
    for r in range(A.shape[0]):
        row = Z[r]
        row[:] = 0.0
        for i in range(n_in):
            a = A[r, i]
            for j in range(n_out):
                row[j] += a * W[i, j]
        for j in range(n_out):
            row[j] += bias[j]


@compiled
def activate_rows(Z, code, slope, H):
    for r in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            H[r, j] = activate(code, slope, Z[r, j])


@compiled
def layer_outputs(P, net, net_f, X, hidden):
    """The output `(n, n_out)` for inputs X `(n, n_in)`, in eval mode (no dropout).

    `hidden` `(n, total hidden units)` receives every hidden layer's activations side by
    side (the neuron pictures); pass an array with no columns to skip that.
    """
    layers = net.shape[1]
    widest = 1
    for layer in range(layers):
        widest = max(widest, net[N_OUT, layer])
    rows = 16  # a block of rows at a time: small buffers, still cache-friendly loops
    A = np.empty((rows, widest))
    Z = np.empty((rows, widest))
    out = np.empty((X.shape[0], net[N_OUT, layers - 1]))
    keep = hidden.shape[1] > 0
    for start in range(0, X.shape[0], rows):
        stop = min(start + rows, X.shape[0])
        B = stop - start
        source = X[start:stop]
        column = 0
        for layer in range(layers):
            W, bias = weights(P, net, layer)
            n_out = W.shape[1]
            target = out[start:stop] if layer == layers - 1 else Z[:B, :n_out]
            dense(source, W, bias, target)
            if layer < layers - 1:
                activate_rows(target, net[ACTIVATION, layer], net_f[SLOPE, layer], A[:B, :n_out])
                if keep:
                    hidden[start:stop, column:column + n_out] = A[:B, :n_out]
                    column += n_out
                source = A[:B, :n_out]  # the next dense reads it before A is rewritten
    return out
