"""How a Learner's network, loss and optimizer read as the compiled loops' tables.

`NetLayout.of(learner)` covers what the service builds: a Sequential of float64 Linear
layers, each but the last followed by one activation and an optional Dropout (all
dropouts drawing from one generator); the three losses; SGD (plain, momentum, Nesterov),
RMSProp and Adam with their L1/L2 penalty. Anything else raises `NotCovered` naming it,
and the job trains on the numpy engine instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnplayground.engine import (
    AdamOptimizer,
    Dropout,
    Identity,
    LeakyReLU,
    Learner,
    Linear,
    ReLU,
    RMSPropOptimizer,
    Sequential,
    SGDOptimizer,
    Sigmoid,
    Tanh,
    bce_with_logits_loss,
    mse_loss,
    softmax_cross_entropy_loss,
)

from . import codes

ACTIVATIONS = {Identity: codes.LINEAR, Tanh: codes.TANH, ReLU: codes.RELU,
               LeakyReLU: codes.LEAKY_RELU, Sigmoid: codes.SIGMOID}
LOSSES = {mse_loss: codes.MSE, bce_with_logits_loss: codes.BCE,
          softmax_cross_entropy_loss: codes.SOFTMAX}
PENALTIES = {None: codes.NO_PENALTY, "l1": codes.L1, "l2": codes.L2}


# Above this many multiply-adds of a step (weights x batch size), numpy's BLAS trains faster
# than the compiled loops (benchmarks/engine_bench.py; measured crossing at ~15k-40k).
MOST_PRODUCTS = 20_000


class NotCovered(ValueError):
    """The compiled kernel cannot train this learner; the message says why."""


@dataclass(frozen=True)
class NetLayout:
    net: np.ndarray  # int64 (5, layers): N_IN, N_OUT, W_OFF, B_OFF, ACTIVATION
    net_f: np.ndarray  # float64 (2, layers): SLOPE, DROPOUT
    modes: np.ndarray  # int64: LOSS, OPTIMIZER, PENALTY, PENALIZED
    dropout_units: int  # mask draws per sample in one step
    hidden_units: int

    @classmethod
    def of(cls, learner: Learner) -> NetLayout:
        model = learner.model
        if not isinstance(model, Sequential):
            raise NotCovered(f"the model is a {type(model).__name__}, not a Sequential")
        columns = _columns(model.layers)
        _check_dropout_generators(model.layers)
        flat = learner.optimizer.flat(model.parameters)
        if flat is None or flat.tensor.dtype != np.float64:
            raise NotCovered("the parameters are not all float64 arrays")
        start = {id(param): begin for param, (begin, _) in zip(flat.members, flat.bounds,
                                                                strict=True)}
        net = np.array([[c[0].weights.tensor.shape[0], c[0].weights.tensor.shape[1],
                         start[id(c[0].weights)], start[id(c[0].bias)], c[1]] for c in columns],
                       dtype=np.int64).T.copy()
        net_f = np.array([[c[2], c[3]] for c in columns], dtype=np.float64).T.copy()
        modes = np.array([_loss_code(learner.loss), optimizer_code(learner.optimizer),
                          PENALTIES[learner.optimizer.penalty], flat.penalized_size], np.int64)
        hidden = net[codes.N_OUT, :-1]
        dropping = net_f[codes.DROPOUT, :-1] > 0
        return cls(net, net_f, modes, int(hidden[dropping].sum()), int(hidden.sum()))

    @property
    def weights(self) -> int:
        return int((self.net[codes.N_IN] * self.net[codes.N_OUT]).sum())

    def check_size(self, batch_size: int) -> None:
        """NotCovered when numpy's BLAS would train this network faster."""
        products = self.weights * batch_size
        if products > MOST_PRODUCTS:
            raise NotCovered(f"{self.weights} weights x batch size {batch_size} = {products} "
                             f"multiply-adds a step, more than {MOST_PRODUCTS}: numpy's BLAS "
                             "trains that faster")


def _columns(layers: list) -> list[tuple[Linear, int, float, float]]:
    """(Linear, activation code, leaky slope, dropout p) per Linear layer."""
    columns: list[list] = []
    for index, layer in enumerate(layers):
        kind = type(layer)
        if kind is Linear:
            columns.append([layer, codes.LINEAR, 0.0, 0.0])
        elif not columns:
            raise NotCovered(f"layer {index} ({layer!r}) comes before any Linear layer")
        elif kind in ACTIVATIONS and columns[-1][1:] == [codes.LINEAR, 0.0, 0.0]:
            columns[-1][1] = ACTIVATIONS[kind]
            columns[-1][2] = getattr(layer, "alpha", 0.0)
        elif kind is Dropout and columns[-1][3] == 0.0:
            columns[-1][3] = layer.p
        else:
            raise NotCovered(f"layer {index} ({layer!r}) is not one the compiled kernel "
                             "trains (Linear, then an activation, then Dropout)")
    if not columns or columns[-1][1:] != [codes.LINEAR, 0.0, 0.0]:
        raise NotCovered("the model does not end with a Linear layer")
    return [tuple(c) for c in columns]


def _check_dropout_generators(layers: list) -> None:
    generators = {id(layer.rng): layer.rng for layer in layers
                  if type(layer) is Dropout and layer.p > 0}
    if None in generators.values():
        raise NotCovered("a Dropout draws from numpy's global random state")
    if len(generators) > 1:
        raise NotCovered("the Dropout layers draw from different generators")


def dropout_generator(learner: Learner) -> np.random.Generator | None:
    return next((layer.rng for layer in learner.model.layers
                 if type(layer) is Dropout and layer.p > 0), None)


def _loss_code(loss) -> int:
    if loss not in LOSSES:
        raise NotCovered(f"the loss {getattr(loss, '__name__', loss)!r} is not one of "
                         "mse, bce_with_logits and softmax_cross_entropy")
    return LOSSES[loss]


def optimizer_code(optimizer) -> int:
    kind = type(optimizer)
    if kind is SGDOptimizer:
        if not optimizer.momentum:
            return codes.SGD
        return codes.NESTEROV if optimizer.nesterov else codes.MOMENTUM
    if kind is RMSPropOptimizer:
        return codes.RMSPROP
    if kind is AdamOptimizer:
        return codes.ADAM
    raise NotCovered(f"the optimizer {optimizer!r} is not SGD, RMSProp or Adam")


def hyperparameters(optimizer) -> np.ndarray:
    """The `hyper` vector, read afresh for every chunk: lr and the penalty rate change live."""
    betas = getattr(optimizer, "betas", (0.0, 0.0))
    return np.array([optimizer.lr, optimizer.penalty_rate, getattr(optimizer, "momentum", 0.0),
                     getattr(optimizer, "alpha", 0.0), getattr(optimizer, "eps", 0.0),
                     betas[0], betas[1]], dtype=np.float64)
