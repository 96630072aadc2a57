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

NARROW = 8  # units: below this a layer's outputs are summed one by one
EXP_LIMIT = math.log(np.finfo(np.float64).max) - 1  # as engine.activations.Sigmoid


# Cephes' tanh: a rational function near 0, 1 - 2 / (e^2|z| + 1) beyond.
TANH_P = (-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3)
TANH_Q = (1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3)


@compiled
def tanh(z):
    """Within ~1.1 ulp as numpy's (libm's 1.1); measured 2.3 for expm1's formula, and faster:
    a third of a compiled step of the playground's net is tanh."""
    a = abs(z)
    if a < 0.625:
        s = z * z
        p = (TANH_P[0] * s + TANH_P[1]) * s + TANH_P[2]
        q = ((s + TANH_Q[0]) * s + TANH_Q[1]) * s + TANH_Q[2]
        return z + z * s * (p / q)
    if a > 22.0:  # 1 to double precision (and NaN goes on below)
        return math.copysign(1.0, z)
    t = 1.0 - 2.0 / (math.exp(2.0 * a) + 1.0)
    return t if z >= 0 else -t


@compiled
def activate(code, slope, z):
    if code == TANH:
        return tanh(z)
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


@compiled_products
def dense_rows(A, a_at, P, w, b, n_in, n_out, B, Z, z_at):
    """Z = A @ W + bias on B rows of flat row-major blocks: A's rows (n_in each) from `a_at`,
    Z's (n_out each) from `z_at`; W `(n_in, n_out)` at `w` and the bias at `b` in P.

    Each Z[r, j] sums over i in order (as BLAS does on small matrices), then adds the bias.
    Flat indices, no array views: on the playground's tiny layers, making views cost more
    than the arithmetic. A narrow layer sums each output in a register; a wide one runs
    the loop over j innermost, on contiguous rows in SIMD lanes (the same sums either way).
    """
    for r in range(B):
        a, z = a_at + r * n_in, z_at + r * n_out
        if n_out < NARROW:
            for j in range(n_out):
                total = 0.0
                for i in range(n_in):
                    total += A[a + i] * P[w + i * n_out + j]
                Z[z + j] = total + P[b + j]
            continue
        for j in range(n_out):
            Z[z + j] = 0.0
        for i in range(n_in):
            x, row = A[a + i], w + i * n_out
            for j in range(n_out):
                Z[z + j] += x * P[row + j]
        for j in range(n_out):
            Z[z + j] += P[b + j]


@compiled
def activate_flat(Z, z_at, count, code, slope, H, h_at):
    for e in range(count):
        H[h_at + e] = activate(code, slope, Z[z_at + e])


@compiled
def widest_layer(net, n_in):
    widest = max(1, n_in)
    for layer in range(net.shape[1]):
        widest = max(widest, net[N_OUT, layer])
    return widest


@compiled
def forward_block(P, net, net_f, X, x_at, B, A, Z, out, o_at, hidden, h_row):
    """Eval-mode forward of B rows of flat X (from `x_at`) into flat `out` (from `o_at`).

    A and Z are scratch of B x widest units. If `hidden` has columns, its rows from `h_row`
    receive every hidden layer's activations side by side.
    """
    layers = net.shape[1]
    source, at, column = X, x_at, 0
    for layer in range(layers):
        n_in, n_out = net[N_IN, layer], net[N_OUT, layer]
        w, b = net[W_OFF, layer], net[B_OFF, layer]
        if layer == layers - 1:
            dense_rows(source, at, P, w, b, n_in, n_out, B, out, o_at)
            return
        dense_rows(source, at, P, w, b, n_in, n_out, B, Z, 0)  # reads A before it is rewritten
        activate_flat(Z, 0, B * n_out, net[ACTIVATION, layer], net_f[SLOPE, layer], A, 0)
        if hidden.shape[1] > 0:
            for r in range(B):
                for j in range(n_out):
                    hidden[h_row + r, column + j] = A[r * n_out + j]
            column += n_out
        source, at = A, 0


@compiled
def layer_outputs(P, net, net_f, X, hidden):
    """The output `(n, n_out)` for inputs X `(n, n_in)`, C-contiguous, in eval mode (no
    dropout).

    `hidden` `(n, total hidden units)` receives every hidden layer's activations side by
    side (the neuron pictures); pass an array with no columns to skip that.
    """
    layers, (n, n_x) = net.shape[1], X.shape
    n_last = net[N_OUT, layers - 1]
    rows = 16  # a block of rows at a time: small buffers, still cache-friendly loops
    widest = widest_layer(net, n_x)
    A, Z = np.empty(rows * widest), np.empty(rows * widest)
    out = np.empty((n, n_last))
    flat_x, flat_out = X.reshape(n * n_x), out.reshape(n * n_last)
    for start in range(0, n, rows):
        forward_block(P, net, net_f, flat_x, start * n_x, min(rows, n - start), A, Z,
                      flat_out, start * n_last, hidden, start)
    return out
